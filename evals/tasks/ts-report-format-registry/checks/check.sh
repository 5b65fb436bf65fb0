#!/usr/bin/env bash
# Hidden checks: output byte-identical to before the refactor (golden.json), one module per format under
# src/formats/ with format(), a registry that report.ts uses without naming formats, money code written once.
set -euo pipefail
# Node must strip types (22.6+): the one on PATH, or else the eval repository's own (node_modules/.bin/node).
NODE=node
if ! node --experimental-strip-types -e '' >/dev/null 2>&1; then
  NODE="$EVAL_CHECKS_DIR/../../../../node_modules/.bin/node"
fi
"$NODE" --no-warnings --experimental-strip-types --test "$EVAL_CHECKS_DIR/hidden.test.mjs"
