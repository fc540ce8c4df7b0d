#!/usr/bin/env bash
# bench/startup.sh BIN... : instructions (valgrind --tool=callgrind, stable on a
# noisy machine) to check one small file, for each BIN, next to `cat` of the
# same ISPDB file as a floor. Run from the repository root; needs valgrind and
# the corpus (MAILLINT_CORPUS, default ../shared/corpus). See docs/performance.md.
set -euo pipefail
corpus=${MAILLINT_CORPUS:-../shared/corpus}
ispdb="$corpus/ispdb/aol.com.xml"
count() { # command... -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-60s %14s\n' "command" "instructions"
printf '%-60s %14s\n' "cat $ispdb" "$(count cat "$ispdb")"
for bin in "$@"; do
  echo "== $bin"
  for args in "check fixtures/thunderbird/clean --isolated" \
              "check $ispdb --isolated" \
              "check fixtures/thunderbird/fullwidth --isolated --lang ja"; do
    # shellcheck disable=SC2086
    printf '%-60s %14s\n' "$args" "$(count "$bin" $args)"
  done
done
