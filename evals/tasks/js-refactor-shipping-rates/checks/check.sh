#!/usr/bin/env bash
# Hidden checks: structure (src/rates.js exports RATES keyed by zone and shippingCents; quote.js and
# invoice.js require it and hold no switch and no rate literals) and behaviour (quotes, invoices and
# shipping prices equal the pre-refactor code, kept in checks/, at every band boundary).
set -euo pipefail
node --test "$EVAL_CHECKS_DIR/hidden.test.cjs"
node --test test/*.test.js
