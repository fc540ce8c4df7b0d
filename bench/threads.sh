#!/usr/bin/env bash
# Checking many small templates: time against their count, and --threads.
#
#   bench/threads.sh [--callgrind] [RUNS] [COUNTS...]
#
# Builds the shipped (dist) profile, generates folders of small autoconfig templates under
# bench/out/templates-COUNT (ignored by git; default counts 1000 10000
# 100000), and times `maillint check DIR --format json --threads 1` against
# `--threads 2`, RUNS alternating runs each (default 5). Prints a table: the
# median times, the time per file (flat if the time is linear in the count)
# and the speed-up of 2 threads, with the load average around each row (the
# machine is shared: a row measured under load says so). Fails if the two
# thread counts print different bytes.
# With --callgrind: instead of timing, callgrind --separate-threads=yes on
# 1 and 2 threads, and the bound the per-thread instruction counts set on the
# speed-up of a second core (the critical path: the main thread plus the
# busiest thread of each pool), independent of the machine's load.
# FORMAT=sarif (or any --format) measures another output (default json).
# Speed is measured here, never in a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=()
if [ "${1:-}" = --callgrind ]; then
  mode=(--callgrind)
  shift
fi
runs=${1:-5}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000 100000)

# The binary we ship (the `dist` profile of scripts/dist.sh), as bench/peer.sh.
echo "building the dist profile..." >&2
cargo build --profile dist --quiet
mkdir -p bench/out
# A copy: a build during the run does not change what is measured.
cp "${CARGO_TARGET_DIR:-target}/dist/maillint" bench/out/maillint-threads
dirs=()
for n in "${counts[@]}"; do
  python3 bench/gen_templates.py "bench/out/templates-$n" "$n"
  dirs+=("bench/out/templates-$n")
done
exec python3 bench/threads.py --bin bench/out/maillint-threads --runs "$runs" \
  --format "${FORMAT:-json}" "${mode[@]}" "${dirs[@]}"
