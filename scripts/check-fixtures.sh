#!/usr/bin/env bash
# Cross-checks `converge grads --json` against every PyTorch fixture with the reference
# checker that ships beside the fixtures (check_grads.py, Python 3, no dependencies).
# Fixtures whose layers the engine does not build yet are reported as skipped.
set -uo pipefail
binary=${1:-.build/release/converge}
cd "$(dirname "$0")/.."
passed=0; failed=0; skipped=0
result=$(mktemp)
trap 'rm -f "$result"' EXIT
for fixture in Fixtures/pytorch/*.json; do
  if ! "$binary" grads "$fixture" --json >"$result" 2>"$result.err"; then
    if grep -q "not supported" "$result.err"; then
      skipped=$((skipped + 1)); echo "SKIP $(basename "$fixture" .json): $(head -1 "$result.err")"
    else
      failed=$((failed + 1)); echo "FAIL $(basename "$fixture" .json): $(head -1 "$result.err")"
    fi
    continue
  fi
  if python3 Fixtures/pytorch/check_grads.py "$fixture" "$result"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
rm -f "$result.err"
echo "fixtures: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
