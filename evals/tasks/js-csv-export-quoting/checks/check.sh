#!/usr/bin/env bash
# Hidden checks: every awkward value (quotes, line breaks, commas) round-trips through a strict
# RFC 4180 reader; ordinary rows are byte-for-byte as before.
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/hidden.test.cjs"
