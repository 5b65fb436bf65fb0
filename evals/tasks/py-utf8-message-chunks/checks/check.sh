#!/usr/bin/env bash
# Hidden checks: for multibyte text (Polish, Greek, CJK, emoji) and many limits, the parts join back
# to the text, each fits max_bytes of UTF-8, none is empty, and each is as full as possible.
set -euo pipefail
export PYTHONPATH="$PWD" PYTHONDONTWRITEBYTECODE=1
python3 -m unittest discover -v -s "$EVAL_CHECKS_DIR" -t "$EVAL_CHECKS_DIR" -p 'test_hidden_*.py'
