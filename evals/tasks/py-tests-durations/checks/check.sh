#!/usr/bin/env bash
# Hidden checks for a "write the tests" task: the agent's tests/test_durations.py must pass on the
# real timeparse/durations.py and fail on every broken copy in checks/mutants/ (each a plausible
# regression of one documented rule). Runs on a scratch copy, so the attempt's folder is untouched.
set -uo pipefail
if [ ! -f tests/test_durations.py ]; then echo "tests/test_durations.py is missing"; exit 1; fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r . "$scratch/project"
rm -rf "$scratch/project/.git"
cd "$scratch/project"
export PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$PWD"
run_suite() { timeout 30 python3 -m unittest tests.test_durations 2>&1; }

cp "$EVAL_CHECKS_DIR/durations_reference.py" timeparse/durations.py
output=$(run_suite); status=$?
if [ $status -ne 0 ]; then echo "$output" | tail -30; echo "FAIL: the tests do not pass on the real module"; exit 1; fi
ran=$(echo "$output" | sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p')
if [ -z "$ran" ] || [ "$ran" -lt 1 ]; then echo "$output" | tail -10; echo "FAIL: no tests ran"; exit 1; fi
echo "pass on the real module ($ran tests)"

survivors=0
for mutant in "$EVAL_CHECKS_DIR"/mutants/*.py; do
  cp "$mutant" timeparse/durations.py
  if run_suite >/dev/null; then echo "SURVIVED: $(basename "$mutant" .py) (the tests still pass on this broken copy)"; survivors=$((survivors + 1)); else echo "caught: $(basename "$mutant" .py)"; fi
done
if [ $survivors -ne 0 ]; then echo "FAIL: $survivors broken copies not caught"; exit 1; fi
echo "every broken copy was caught"
