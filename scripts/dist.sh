#!/usr/bin/env bash
# Release archives, built with the `dist` profile (stripped, LTO):
#   dist/maillint-<version>-x86_64-windows.zip   maillint.exe + maillint-report.cmd
#   dist/maillint-<version>-x86_64-linux.tar.gz  maillint
# each with README.md, the guides (docs/guide.en.md, docs/guide.ja.md) and the
# licence files. The Windows build needs mingw-w64 (Debian:
# gcc-mingw-w64-x86-64) and `rustup target add x86_64-pc-windows-gnu`.
# Usage: scripts/dist.sh [OUTDIR]   (default: dist)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
win_target=x86_64-pc-windows-gnu

command -v x86_64-w64-mingw32-gcc >/dev/null ||
  { echo "dist: x86_64-w64-mingw32-gcc is missing (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 2; }
command -v zip >/dev/null || { echo "dist: zip is missing (apt-get install zip)" >&2; exit 2; }

# One build at a time: the machine is shared.
cargo build --profile dist --locked --bin maillint
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  cargo build --profile dist --locked --target "$win_target" --bin maillint

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
out=$(cd "$out" && pwd)

common() { # common DIR [crlf]: the documents every archive carries
  local dir=$1 crlf=${2:-}
  mkdir -p "$dir/docs"
  for f in README.md LICENSE-MIT LICENSE-APACHE docs/guide.en.md docs/guide.ja.md; do
    if [ -n "$crlf" ]; then
      # Notepad before Windows 10 1809 shows LF-only text as one line.
      sed 's/\r*$/\r/' "$f" >"$dir/$f"
    else
      cp "$f" "$dir/$f"
    fi
  done
}

linux="maillint-$version-x86_64-linux"
mkdir -p "$stage/$linux"
cp "${CARGO_TARGET_DIR:-target}/dist/maillint" "$stage/$linux/maillint"
common "$stage/$linux"
tar -C "$stage" --owner=0 --group=0 -czf "$out/$linux.tar.gz" "$linux"

windows="maillint-$version-x86_64-windows"
mkdir -p "$stage/$windows"
cp "${CARGO_TARGET_DIR:-target}/$win_target/dist/maillint.exe" "$stage/$windows/maillint.exe"
cp scripts/windows/maillint-report.cmd "$stage/$windows/"
common "$stage/$windows" crlf
# Never ship the test-only ProcessPrng shim (.ci/windows.sh builds it).
if find "$stage/$windows" -iname 'bcryptprimitives*' | grep -q .; then
  echo "dist: the test shim is in the archive" >&2; exit 1
fi
rm -f "$out/$windows.zip"
(cd "$stage" && zip -qr -X "$out/$windows.zip" "$windows")

for f in "$out/$linux.tar.gz" "$out/$windows.zip"; do
  printf '%s\t%s bytes\n' "$f" "$(wc -c <"$f")"
done
printf 'maillint (Linux)\t%s bytes\nmaillint.exe\t%s bytes\n' \
  "$(wc -c <"$stage/$linux/maillint")" "$(wc -c <"$stage/$windows/maillint.exe")"
