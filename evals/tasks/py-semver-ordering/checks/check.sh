#!/usr/bin/env bash
# Hidden checks: sorting, is_upgrade and latest follow semver precedence (numeric parts as numbers,
# pre-release identifiers one by one, numeric before alphanumeric, shorter prefix first, build ignored).
set -euo pipefail
export PYTHONPATH="$PWD" PYTHONDONTWRITEBYTECODE=1
python3 -m unittest discover -v -s "$EVAL_CHECKS_DIR" -t "$EVAL_CHECKS_DIR" -p 'test_hidden_*.py'
