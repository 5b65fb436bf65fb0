#!/usr/bin/env bash
# Hidden check: in Chromium at 1280x800, the Close button of the settings dialog can be clicked (it is
# the topmost element at its centre) and closes the dialog; Save still shows a visible toast.
set -euo pipefail
node "$EVAL_CHECKS_DIR/check.mjs"
