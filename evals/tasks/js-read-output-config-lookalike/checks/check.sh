#!/usr/bin/env bash
# Hidden checks: the project's own tests (the original copy, in case they were edited) pass, the
# config file names timeoutMs in plain ASCII (the key had a Cyrillic "о"), and the code's defaults
# and unknown-key handling are unchanged (no hard-coded 7500).
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/visible.test.cjs" "$EVAL_CHECKS_DIR/hidden.test.cjs"
