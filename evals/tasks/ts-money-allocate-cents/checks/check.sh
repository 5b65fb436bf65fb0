#!/usr/bin/env bash
# Hidden checks: allocations are whole cents, add up to the total, stay within a cent of the exact
# share (also for many small parts); half a cent rounds up.
set -euo pipefail
node --experimental-strip-types --no-warnings --test "$EVAL_CHECKS_DIR/hidden.test.ts"
