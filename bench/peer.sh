#!/usr/bin/env bash
# maillint beside its peers, in one run (issue 15).
#
#   bench/peer.sh [RUNS]
#
# Builds the shipped (dist) profile, installs what it needs (valgrind, hyperfine, xmllint from
# libxml2-utils, GNU time) from Debian when missing, generates the big inputs
# under bench/out (ignored by git), and measures each piece of work next to its
# peer: instructions (valgrind --tool=callgrind), median wall time (hyperfine,
# RUNS runs, default 10) and peak memory (/usr/bin/time -v). Prints the table
# and writes it into docs/performance.md with the machine it ran on.
# Speed is measured here, never in a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
corpus=${MAILLINT_CORPUS:-$(cd .. && pwd)/shared/corpus}

need=()
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The binary measured is the one we ship: the `dist` profile of
# scripts/dist.sh (LTO, one codegen unit, stripped).
echo "building the dist profile..." >&2
cargo build --profile dist --quiet
target_dir=${CARGO_TARGET_DIR:-target}
mkdir -p bench/out
python3 bench/gen_big.py bench/out/big
exec python3 bench/peer.py --bin "$target_dir/dist/maillint" --corpus "$corpus" \
  --big bench/out/big --runs "$runs" --doc docs/performance.md
