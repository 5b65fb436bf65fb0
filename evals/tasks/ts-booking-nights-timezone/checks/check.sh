#!/usr/bin/env bash
# Hidden checks: the same calendar-day tests in several server time zones (both hemispheres, both
# sides of UTC, DST changes in spring and autumn).
set -uo pipefail
status=0
for zone in America/New_York Europe/Berlin Pacific/Auckland Asia/Kolkata America/Los_Angeles UTC; do
  if ! TZ="$zone" node --experimental-strip-types --no-warnings --test "$EVAL_CHECKS_DIR/hidden.test.ts"; then
    echo "FAILED in TZ=$zone"
    status=1
  fi
done
exit $status
