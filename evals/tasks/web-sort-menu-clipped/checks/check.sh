#!/usr/bin/env bash
# Hidden check: in Chromium at 1280x800, the sort menu's options are visible and clickable (topmost at
# their centres) when it opens, and choosing one reorders the results and closes the menu.
set -euo pipefail
node "$EVAL_CHECKS_DIR/check.mjs"
