#!/usr/bin/env bash
# Hidden checks: GET /items pages with page/per_page (defaults, bounds, 400s), total, next/prev links that
# keep the category, no next link on an exact last page; other routes unchanged.
set -euo pipefail
PYTHONPATH="$PWD" PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -s "$EVAL_CHECKS_DIR" -p 'test_hidden_*.py' -t "$EVAL_CHECKS_DIR" -v 2>&1
