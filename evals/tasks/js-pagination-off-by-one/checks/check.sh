#!/usr/bin/env bash
# Hidden checks: pages do not overlap, every item appears once, the last partial page is counted.
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/hidden.test.cjs"
