#!/usr/bin/env bash
# Hidden checks: every module in src/ works with `quantity` line items and hands out no `qty`
# (cart, pricing, order, inventory, shipping, invoice, CSV header, JSON API, store, summary,
# returns); renamed exports exist and the old ones are gone; the store reads files with `qty` and
# with `quantity` and writes only `quantity`; the project's own tests, updated to the new name, pass.
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/hidden.test.cjs"
node --test test/*.test.js
