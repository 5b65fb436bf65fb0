#!/usr/bin/env bash
# Hidden checks: copy a hidden integration test into the attempt's tests/ and run the whole suite
# offline (no dependencies): accented text pads and cuts by characters, tables line up, nothing panics.
set -euo pipefail
export CARGO_TARGET_DIR="$PWD/target"
export CARGO_TERM_COLOR=never
mkdir -p tests
cp "$EVAL_CHECKS_DIR/hidden_unicode.rs" tests/hidden_unicode.rs
cargo test --offline --quiet 2>&1
