#!/usr/bin/env bash
# Lane: the real mail servers on loopback (Dovecot, Postfix, a silent and a
# closed port) that the `--online` tests talk to. Installs Debian's packages
# when missing. Used as `eval "$(bash .ci/online.sh)"`: the servers' settings
# go to standard output as `export` lines, the log to standard error.
#
# Each checkout gets its own folder and ports (several checkouts may run
# .ci/run on one machine at once); `scripts/test-servers.sh stop` with the
# same MAILLINT_SERVERS_DIR and MAILLINT_SERVERS_PORT_BASE stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
sum=$(pwd | cksum | cut -d' ' -f1)
dir="${MAILLINT_SERVERS_DIR:-/tmp/maillint-test-servers-$sum}"
# Bases 20000..59000 in steps of 1000: the servers use base+1 .. base+999.
base="${MAILLINT_SERVERS_PORT_BASE:-$((20000 + sum % 40 * 1000))}"
MAILLINT_SERVERS_DIR="$dir" MAILLINT_SERVERS_PORT_BASE="$base" bash scripts/test-servers.sh start >&2
printf 'export MAILLINT_SERVERS_DIR=%q\nexport MAILLINT_SERVERS_PORT_BASE=%q\nexport MAILLINT_REQUIRE_SERVERS=1\n' "$dir" "$base"
