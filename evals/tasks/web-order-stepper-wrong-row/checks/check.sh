#!/usr/bin/env bash
# Hidden check: in Chromium at 1280x800, + and − on each row change that row's quantity only (never
# below 0), and the line totals and the order total follow.
set -euo pipefail
node "$EVAL_CHECKS_DIR/check.mjs"
