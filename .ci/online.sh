#!/usr/bin/env bash
# Lane: the real mail servers on loopback (Dovecot, Postfix, a silent and a
# closed port) that the `--online` tests talk to. Installs Debian's packages
# when missing; `scripts/test-servers.sh stop` stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-servers.sh start
