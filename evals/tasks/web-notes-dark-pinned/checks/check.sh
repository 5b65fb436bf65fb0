#!/usr/bin/env bash
# Hidden check: in Chromium at 1280x800, notes are readable (WCAG contrast) in the light and dark
# themes, pinned or not, dark notes are dark, and pinned notes still stand out.
set -euo pipefail
node "$EVAL_CHECKS_DIR/check.mjs"
