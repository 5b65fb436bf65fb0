#!/usr/bin/env bash
# Hidden check: in Chromium at 1280x800, each product row keeps its price and Buy button inside the row
# and the window (names stay complete and readable), and Buy adds to the cart when clicked with the mouse.
set -euo pipefail
node "$EVAL_CHECKS_DIR/check.mjs"
