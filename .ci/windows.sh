#!/usr/bin/env bash
# The Windows lane: cross-build maillint.exe, run it under Wine on a fresh
# prefix whose registry and disk hold planted accounts (Outlook Express,
# Outlook 2016, Becky!), and check what it finds and where it says it is.
#
# Needs mingw-w64, Wine (64-bit) and the Rust target x86_64-pc-windows-gnu.
# Under MAILLINT_REQUIRE_WINE=1 (CI) it installs what is missing (Debian
# packages, rustup) and fails if it still cannot run; otherwise it skips
# with a notice when Wine or mingw-w64 is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
lane_start=$(date +%s)
say() { printf 'windows lane: %s\n' "$*"; }

have_tools() {
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 &&
    { [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || command -v wine >/dev/null 2>&1; }
}

if [ "${MAILLINT_REQUIRE_WINE:-}" = 1 ]; then
  if ! have_tools && command -v apt-get >/dev/null 2>&1; then
    say "installing mingw-w64 and Wine"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      gcc-mingw-w64-x86-64 wine wine64 >/dev/null
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1 || true
  fi
  have_tools || { say "FAILED: Wine or mingw-w64 is missing and MAILLINT_REQUIRE_WINE=1"; exit 1; }
elif ! have_tools; then
  say "SKIPPED: Wine or mingw-w64 is not installed (apt-get install gcc-mingw-w64-x86-64 wine wine64; CI sets MAILLINT_REQUIRE_WINE=1)"
  exit 0
fi
if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  if [ "${MAILLINT_REQUIRE_WINE:-}" = 1 ]; then
    say "FAILED: the Rust target x86_64-pc-windows-gnu is missing"; exit 1
  fi
  say "SKIPPED: the Rust target is missing (rustup target add x86_64-pc-windows-gnu)"
  exit 0
fi

if [ -x /usr/lib/wine/wine64 ]; then WINE=/usr/lib/wine/wine64
elif command -v wine64 >/dev/null 2>&1; then WINE=wine64
else WINE=wine; fi

# --- cross build -------------------------------------------------------------
build_start=$(date +%s)
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
cargo build --release --locked --target x86_64-pc-windows-gnu --bin maillint
exe="${CARGO_TARGET_DIR:-target}/x86_64-pc-windows-gnu/release/maillint.exe"
build_secs=$(( $(date +%s) - build_start ))

work=$(mktemp -d)
cleanup() {
  WINEPREFIX="$work/prefix" wineserver -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The test-only ProcessPrng shim goes beside a copy of the exe, never into
# target/ or a release archive.
mkdir -p "$work/bin"
cp "$exe" "$work/bin/maillint.exe"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$work/bin/bcryptprimitives.dll" \
  .ci/windows/prng-shim.c -ladvapi32

cp scripts/windows/maillint-report.cmd "$work/bin/"

# --- a fresh prefix ------------------------------------------------------------
wine_start=$(date +%s)
# Wine links Desktop and Documents to $HOME: an empty one keeps the run
# hermetic (and the customer's .cmd writes its report there).
export HOME="$work/home"
mkdir -p "$HOME"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko installers, no display needed.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY
"$WINE" wineboot -i >/dev/null 2>&1 || true
wineserver -w 2>/dev/null || true
[ -d "$WINEPREFIX/drive_c/windows" ] || { say "FAILED: wineboot made no prefix"; exit 1; }

reg() { "$WINE" reg add "$@" /f >/dev/null 2>&1 || { say "FAILED: reg add $*"; exit 1; }; }
# A string as Outlook stores it: REG_BINARY UTF-16LE with its NUL, in hex.
utf16() { printf '%s\0' "$1" | iconv -f UTF-8 -t UTF-16LE | od -An -v -tx1 | tr -d ' \n'; }

PASSWORD='Sekret-PW-4711'
pw_hex=$(printf '%s' "$PASSWORD" | od -An -v -tx1 | tr -d ' \n')

OE='HKCU\Software\Microsoft\Internet Account Manager\Accounts\00000001'
reg "$OE" /v "Account Name" /t REG_SZ /d "OE メール"
reg "$OE" /v "POP3 Server" /t REG_SZ /d "pop.ｅｘａｍｐｌｅ.jp"
reg "$OE" /v "POP3 User Name" /t REG_SZ /d "taro"
reg "$OE" /v "POP3 Use Sicily" /t REG_DWORD /d 1
reg "$OE" /v "POP3 Password2" /t REG_BINARY /d "$pw_hex"
reg "$OE" /v "SMTP Server" /t REG_SZ /d "smtp.example.jp"
reg "$OE" /v "SMTP Port" /t REG_DWORD /d 25
reg "$OE" /v "SMTP Email Address" /t REG_SZ /d "taro＠example.jp"
reg "$OE" /v "SMTP Display Name" /t REG_SZ /d "山田 太郎"
reg "$OE" /v "Leave Mail On Server" /t REG_DWORD /d 1

OL='HKCU\Software\Microsoft\Office\16.0\Outlook\Profiles\Outlook\9375CFF0413111d3B88A00104B2A6676'
reg "$OL" /v "NextAccountID" /t REG_DWORD /d 4
reg "$OL\\00000002" /v "Account Name" /t REG_BINARY /d "$(utf16 'Outlook IMAP')"
reg "$OL\\00000002" /v "Email" /t REG_BINARY /d "$(utf16 'HANAKO@EXAMPLE.JP')"
reg "$OL\\00000002" /v "Display Name" /t REG_BINARY /d "$(utf16 '山田 花子')"
reg "$OL\\00000002" /v "IMAP Server" /t REG_BINARY /d "$(utf16 'imap.example.jp')"
reg "$OL\\00000002" /v "IMAP User" /t REG_BINARY /d "$(utf16 'hanako')"
reg "$OL\\00000002" /v "IMAP Port" /t REG_DWORD /d 143
reg "$OL\\00000002" /v "IMAP Use SSL" /t REG_DWORD /d 1
reg "$OL\\00000002" /v "IMAP Password" /t REG_BINARY /d "02$pw_hex"
reg "$OL\\00000002" /v "SMTP Server" /t REG_BINARY /d "$(utf16 'smtp.example.jp')"
reg "$OL\\00000002" /v "SMTP Port" /t REG_DWORD /d 587
reg "$OL\\00000002" /v "SMTP Use Auth" /t REG_DWORD /d 1
reg "$OL\\00000003" /v "Account Name" /t REG_BINARY /d "$(utf16 'Outlook POP')"
reg "$OL\\00000003" /v "Email" /t REG_BINARY /d "$(utf16 'jiro@example.jp')"
reg "$OL\\00000003" /v "POP3 Server" /t REG_BINARY /d "$(utf16 'pop.example.jp')"
reg "$OL\\00000003" /v "POP3 User" /t REG_BINARY /d "$(utf16 'jiro')"
reg "$OL\\00000003" /v "POP3 Use SPA" /t REG_DWORD /d 1
reg "$OL\\00000003" /v "Leave on Server" /t REG_DWORD /d 1
reg "$OL\\00000003" /v "SMTP Server" /t REG_BINARY /d "$(utf16 'smtp.example.jp')"
reg "$OL\\00000003" /v "SMTP Port" /t REG_DWORD /d 25

# Becky!: a data folder outside the usual places, found only through its key.
reg 'HKCU\Software\RimArts\B2\Settings' /v DataDir /t REG_SZ /d 'C:\MailData\Becky\'
mkdir -p "$WINEPREFIX/drive_c/MailData"
cp -r fixtures/becky/two-mailboxes "$WINEPREFIX/drive_c/MailData/Becky"
rm -f "$WINEPREFIX/drive_c/MailData/Becky/expected"
wineserver -w 2>/dev/null || true

run_exe() { (cd "$work" && "$WINE" "$work/bin/maillint.exe" "$@"); }
failures=0
expect() { # expect FILE TEXT...: every TEXT appears in FILE
  local file=$1; shift
  for text in "$@"; do
    if ! grep -qF -- "$text" "$file"; then
      say "FAILED: $(basename "$file") lacks: $text"; failures=$((failures + 1))
    fi
  done
}
never() { # never FILE TEXT...: no TEXT appears in FILE
  local file=$1; shift
  for text in "$@"; do
    if grep -qiF -- "$text" "$file"; then
      say "FAILED: $(basename "$file") shows: $text"; failures=$((failures + 1))
    fi
  done
}
status() { # status WANT CMD...: run, keep stdout, check the exit code
  local want=$1 out=$2; shift 2
  local rc=0
  run_exe "$@" >"$out" 2>"$out.err" || rc=$?
  if [ "$rc" != "$want" ]; then
    say "FAILED: maillint.exe $* exited $rc, not $want"; sed 's/^/  /' "$out.err" | head -20
    failures=$((failures + 1))
  fi
}

status 1 "$work/en.txt" --lang en
status 1 "$work/ja.txt" --lang ja
status 1 "$work/out.json" --format json
status 1 "$work/out.sarif" --format sarif
status 0 "$work/report.md" report
# What a customer double-clicks: the report lands on the Desktop.
(cd "$work/bin" && MAILLINT_NO_PAUSE=1 timeout 120 "$WINE" cmd /c maillint-report.cmd \
  </dev/null >"$work/cmd.txt" 2>&1) || true
desktop_report=$(find -L "$WINEPREFIX/drive_c/users" -path '*Desktop/maillint-report.md' 2>/dev/null | head -n 1)
if [ -z "$desktop_report" ]; then
  say "FAILED: maillint-report.cmd wrote no maillint-report.md on the Desktop"; failures=$((failures + 1))
else
  cp "$desktop_report" "$work/desktop-report.md"
  expect "$work/desktop-report.md" "OE メール" "Outlook IMAP"
fi

OE_SHORT='HKCU\Software\Microsoft\Internet Account Manager\Accounts\00000001'
OL_SHORT='HKCU\Software\Microsoft\Office\16.0\Outlook\Profiles\Outlook\9375CFF0413111d3B88A00104B2A6676'
# ML302 is a warning (not an error) when the policy does not say the server offers TLS.
expect "$work/en.txt" \
  "$OE_SHORT › \"POP3 Use Sicily\"" \
  "$OE_SHORT › \"POP3 Server\"" \
  "$OE_SHORT › \"SMTP Email Address\"" \
  "$OE_SHORT › \"SMTP Port\"" \
  "$OE_SHORT › \"Leave Mail On Server\"" \
  "$OL_SHORT\\00000002 › \"Email\"" \
  "$OL_SHORT\\00000002 › \"IMAP Port\"" \
  "$OL_SHORT\\00000003 › \"POP3 Use SPA\"" \
  "$OL_SHORT\\00000003 › \"Leave on Server\"" \
  "$OL_SHORT\\00000003 › \"SMTP Port\"" \
  'C:\MailData\Becky\仕事.mb\Mailbox.ini' \
  "ML101 fullwidth-character" "ML102 uppercase-in-address" "ML301 spa-enabled" \
  "ML302 cleartext-password-without-tls" "ML401 smtp-port-25" \
  "ML402 port-security-mismatch" "ML502 leave-on-server-forever" \
  "Found 7 errors, 7 warnings and 0 infos in 4 files."
expect "$work/ja.txt" "$OE_SHORT › \"POP3 Use Sicily\"" "メールアドレス「taro＠example.jp」に全角文字「＠」" \
  "4 ファイルをチェックしました。エラー 7 件、警告 7 件、情報 0 件が見つかりました。"
expect "$work/out.json" \
  '"key": "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001"' \
  '"value": "POP3 Use Sicily"' \
  '"path": "C:\\MailData\\Becky\\'
expect "$work/out.sarif" '"logicalLocations"' \
  '"fullyQualifiedName": "HKEY_CURRENT_USER\\Software\\Microsoft\\Internet Account Manager\\Accounts\\00000001\\POP3 Use Sicily"'
expect "$work/report.md" "OE メール" "Outlook IMAP" "Outlook POP"
for f in en.txt ja.txt out.json out.sarif report.md desktop-report.md; do
  never "$work/$f" "$PASSWORD" "$pw_hex" "PlantedBeckySecret"
done
wine_secs=$(( $(date +%s) - wine_start ))

if [ -n "${MAILLINT_WINE_OUT:-}" ]; then
  mkdir -p "$MAILLINT_WINE_OUT"
  cp "$work"/en.txt "$work"/ja.txt "$work"/out.json "$work"/report.md "$MAILLINT_WINE_OUT"/
fi
total=$(( $(date +%s) - lane_start ))
if [ "$failures" -gt 0 ]; then
  say "FAILED: $failures checks (output in the lines above)"
  sed 's/^/  | /' "$work/en.txt" | head -80
  exit 1
fi
say "passed (cross build ${build_secs}s, Wine ${wine_secs}s, lane ${total}s)"
