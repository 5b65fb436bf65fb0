#!/usr/bin/env bash
# Hidden checks: concurrent gets share one load, failures reach every waiter and are not cached,
# the TTL counts from the end of the load, delete/clear still force reloads.
set -euo pipefail
node --test --test-timeout=10000 "$EVAL_CHECKS_DIR/hidden.test.cjs"
