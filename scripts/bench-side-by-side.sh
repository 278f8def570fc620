#!/bin/bash
# The engine and PyTorch timed side by side: `converge bench` and scripts/bench-pytorch.py
# take turns, ROUNDS times, so both see the same load on a shared machine. Prints each
# round's figures and, per case, the median of each side and the engine's speed-up.
#
#   scripts/bench-side-by-side.sh CASES [ROUNDS] [PYTHON]
#   scripts/bench-side-by-side.sh transformer-tiny,conv-digits 5 ~/torch/bin/python
#
# PyTorch is not a dependency of the project; PYTHON is an interpreter that has it
# (`pip install torch`). The engine binary is .build/release/converge (`make build`).
set -euo pipefail
cases=${1:?usage: bench-side-by-side.sh CASES [ROUNDS] [PYTHON]}
rounds=${2:-5}
python=${3:-python3}
here=$(cd "$(dirname "$0")" && pwd)
binary="$here/../.build/release/converge"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
    "$binary" bench --only "$cases" | awk -v r="$round" '$2 ~ /^[0-9.]+$/ { print r, "engine", $1, $2, $3 }' >> "$results"
    "$python" "$here/bench-pytorch.py" ${cases//,/ } 2>/dev/null | awk -v r="$round" '{ print r, "pytorch", $1, $2, $3 }' >> "$results"
done
echo "round  side     case               µs/step  threads"
awk '{ printf "%5s  %-7s  %-16s %9.1f  %7s\n", $1, $2, $3, $4, $5 }' "$results"
echo
echo "case               engine median   PyTorch median   speed-up"
for name in ${cases//,/ }; do
    engine=$(awk -v c="$name" '$2 == "engine" && $3 == c { print $4 }' "$results" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    torch=$(awk -v c="$name" '$2 == "pytorch" && $3 == c { print $4 }' "$results" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    awk -v n="$name" -v e="$engine" -v t="$torch" 'BEGIN { printf "%-16s %12.1f µs %13.1f µs %9.2fx\n", n, e, t, t / e }'
done
