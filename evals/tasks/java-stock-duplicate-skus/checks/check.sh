#!/usr/bin/env bash
# Hidden checks: compile the attempt's src/main with a hidden test class (outside the attempt) and run it:
# SKU codes in any case count as one SKU in the inventory, the report, shipping and hash-based sets.
set -euo pipefail
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
javac -d "$out" $(find src/main -name '*.java') "$EVAL_CHECKS_DIR/shop/HiddenStockTest.java"
java -ea -cp "$out" shop.HiddenStockTest
