#!/usr/bin/env bash
# Speed of maillint against a baseline, measured in the same invocation.
#
#   bench/run.sh [BASELINE_REV] [COPIES] [CLIENTS]
#
# Builds the working tree and BASELINE_REV (default: HEAD) in release mode,
# generates one workload, runs both binaries on it alternately, and prints
# median times and the ratio current/baseline (below 1.00 is faster). A
# "read floor" (reading the same bytes with cat) is printed for scale.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base_rev=${1:-HEAD}
copies=${2:-300}
clients=${3:-}
out="$root/bench/out"
mkdir -p "$out"

echo "building current tree..."
cargo build --release --quiet
cp target/release/maillint "$out/maillint-current"

echo "building baseline $base_rev..."
rm -rf "$out/baseline-src"
git worktree add --quiet --detach "$out/baseline-src" "$base_rev"
trap 'git worktree remove --force "$out/baseline-src" >/dev/null 2>&1 || true' EXIT
(cd "$out/baseline-src" && CARGO_TARGET_DIR="$out/baseline-target" cargo build --release --quiet)
cp "$out/baseline-target/release/maillint" "$out/maillint-baseline"

python3 "$root/bench/measure.py" \
  --current "$out/maillint-current" \
  --baseline "$out/maillint-baseline" \
  --fixtures "$root/fixtures" \
  --corpus "${MAILLINT_CORPUS:-$root/../shared/corpus}" \
  --copies "$copies" \
  --clients "$clients" \
  --work "$out/workload"
