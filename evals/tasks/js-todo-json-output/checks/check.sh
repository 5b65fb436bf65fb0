#!/usr/bin/env bash
# Hidden checks: `todo list --json` and `todo stats --json` print one JSON document with the documented
# shape (filters kept, options in any order), text output and usage errors are unchanged, README documents it.
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/hidden.test.cjs"
