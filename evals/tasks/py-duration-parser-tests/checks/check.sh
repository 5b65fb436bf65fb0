#!/usr/bin/env bash
# Hidden checks for a tests task: the attempt's tests (tests/) must pass against the correct
# durations/parse.py, and must fail against each broken copy in mutants/ (one rule broken in each).
set -uo pipefail
attempt="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_suite() { # $1: parse.py to test against; prints the unittest output, returns its status
  rm -rf "$work/copy" && mkdir -p "$work/copy"
  cp -r "$attempt/tests" "$work/copy/tests"
  [ -f "$work/copy/tests/__init__.py" ] || : > "$work/copy/tests/__init__.py"
  mkdir -p "$work/copy/durations" && : > "$work/copy/durations/__init__.py"
  cp "$1" "$work/copy/durations/parse.py"
  (cd "$work/copy" && PYTHONDONTWRITEBYTECODE=1 timeout 60 python3 -m unittest discover -s tests -t . 2>&1)
}

if ! ls "$attempt"/tests/test*.py >/dev/null 2>&1; then
  echo "FAIL: no test files (tests/test*.py)"
  exit 1
fi

output="$(run_suite "$EVAL_CHECKS_DIR/reference/durations/parse.py")"
status=$?
ran="$(printf '%s\n' "$output" | sed -n 's/^Ran \([0-9]*\) tests\{0,1\}.*/\1/p' | tail -1)"
if [ $status -ne 0 ] || [ -z "$ran" ] || [ "$ran" -lt 1 ]; then
  echo "FAIL: the tests do not pass against the correct durations/parse.py:"
  printf '%s\n' "$output" | tail -30
  exit 1
fi
echo "ok: $ran tests pass against the correct module"

survivors=0
for mutant in "$EVAL_CHECKS_DIR"/mutants/*/; do
  name="$(basename "$mutant")"
  if run_suite "$mutant/parse.py" >/dev/null; then
    echo "FAIL: the tests still pass when parse.py is broken this way: $name"
    survivors=$((survivors + 1))
  else
    echo "ok: the tests catch $name"
  fi
done
[ $survivors -eq 0 ]
