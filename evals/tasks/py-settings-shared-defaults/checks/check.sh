#!/usr/bin/env bash
# Hidden checks: no call to settings_for changes DEFAULTS, the shared team prefs or the user's prefs,
# and a result shares nothing mutable with them; the merge rules are kept.
set -euo pipefail
export PYTHONPATH="$PWD" PYTHONDONTWRITEBYTECODE=1
python3 -m unittest discover -v -s "$EVAL_CHECKS_DIR" -t "$EVAL_CHECKS_DIR" -p 'test_hidden_*.py'
