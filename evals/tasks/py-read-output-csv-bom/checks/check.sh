#!/usr/bin/env bash
# Hidden checks: the project's tests (original copy) pass on the attempt's data files, and
# read_orders reads other back-office exports that start with a UTF-8 byte order mark (the cause:
# the header's first column was '\ufefforder_id') as well as files without one.
set -euo pipefail
export PYTHONPATH="$PWD" PYTHONDONTWRITEBYTECODE=1
python3 -m unittest discover -v -s "$EVAL_CHECKS_DIR" -t "$EVAL_CHECKS_DIR" -p 'test_hidden_*.py'
