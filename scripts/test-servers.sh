#!/usr/bin/env bash
# Real mail servers on loopback for `maillint check --online` tests.
#
#   scripts/test-servers.sh install   # Debian's packages (needs root)
#   scripts/test-servers.sh start     # make a test CA, start Dovecot, Postfix, a silent port
#   scripts/test-servers.sh stop
#   scripts/test-servers.sh status
#
# Everything listens on 127.0.0.1 only, on high ports (MAILLINT_SERVERS_PORT_BASE,
# default 24000), and lives in MAILLINT_SERVERS_DIR (default
# /tmp/maillint-test-servers). `start` writes $DIR/servers.env, which the tests
# read (ports, the CA file). Postfix needs root; Dovecot and the silent port do not.
set -euo pipefail

DIR="${MAILLINT_SERVERS_DIR:-/tmp/maillint-test-servers}"
BASE="${MAILLINT_SERVERS_PORT_BASE:-24000}"
ADDR=127.0.0.1

# Ports: the last digits are the standard port's, so a transcript reads naturally.
POP3=$((BASE + 110))       # plain + STLS
POP3S=$((BASE + 995))      # implicit TLS
IMAP=$((BASE + 143))       # plain + STARTTLS
IMAPS=$((BASE + 993))      # implicit TLS
SUBMISSION=$((BASE + 587)) # STARTTLS, AUTH (through Dovecot) after STARTTLS
SMTPS=$((BASE + 465))      # implicit TLS, AUTH
SMTPS_WRONG=$((BASE + 466)) # implicit TLS, certificate for www.example.jp only
SMTPS_EXPIRED=$((BASE + 467)) # implicit TLS, certificate that expired in 2020
SMTP_NOAUTH=$((BASE + 25)) # STARTTLS, no AUTH at all (POP before SMTP)
SMTP_PLAIN=$((BASE + 26))  # no STARTTLS, no AUTH (an old relay)
SILENT=$((BASE + 999))     # accepts connections, never answers
CLOSED=$((BASE + 1))       # nothing listens here

log() { printf 'test-servers: %s\n' "$*" >&2; }

install_packages() {
  local missing=()
  command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-core dovecot-pop3d dovecot-imapd)
  command -v postfix >/dev/null 2>&1 || missing+=(postfix)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
  # The tests watch maillint's system calls (no socket without --online).
  command -v strace >/dev/null 2>&1 || missing+=(strace)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    log "missing ${missing[*]}: run 'sudo $0 install' (or apt-get install them)"
    exit 1
  fi
  log "installing ${missing[*]}"
  # "No configuration": the system's own Postfix stays unconfigured and stopped.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A test CA, a certificate for the example.jp names the tests use, and one for
# the wrong name (www.example.jp) only.
make_certs() {
  local c="$DIR/certs"
  mkdir -p "$c"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=maillint test CA" \
    -keyout "$c/ca.key" -out "$c/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  issue() { # name, subjectAltName
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$c/$1.key" -out "$c/$1.csr" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$2" >"$c/$1.ext"
    openssl x509 -req -in "$c/$1.csr" -CA "$c/ca.pem" -CAkey "$c/ca.key" -CAcreateserial \
      -days 2 -extfile "$c/$1.ext" -out "$c/$1.pem" 2>/dev/null
    cat "$c/$1.pem" "$c/ca.pem" >"$c/$1.chain.pem"
  }
  issue mail.example.jp "DNS:mail.example.jp,DNS:smtp.example.jp,DNS:pop.example.jp,DNS:imap.example.jp,DNS:localhost,IP:127.0.0.1"
  issue www.example.jp "DNS:www.example.jp,DNS:example.jp"
  # An expired one: `openssl ca` takes dates in the past.
  mkdir -p "$c/db"
  : >"$c/db/index.txt"
  echo 1000 >"$c/db/serial"
  printf '%s\n' "[ca]" "default_ca = test" "[test]" "database = $c/db/index.txt" \
    "serial = $c/db/serial" "new_certs_dir = $c/db" "default_md = sha256" "policy = any" \
    "copy_extensions = copy" "[any]" "commonName = supplied" >"$c/ca.cnf"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=mail.example.jp" -keyout "$c/expired.key" \
    -out "$c/expired.csr" -addext "subjectAltName=DNS:mail.example.jp" 2>/dev/null
  openssl ca -batch -config "$c/ca.cnf" -cert "$c/ca.pem" -keyfile "$c/ca.key" -in "$c/expired.csr" \
    -out "$c/expired.pem" -startdate 20200101000000Z -enddate 20200201000000Z -notext 2>/dev/null
  cat "$c/expired.pem" "$c/ca.pem" >"$c/expired.chain.pem"
  chmod 0644 "$c"/*.pem "$c"/*.key
}

start_dovecot() {
  local d="$DIR/dovecot" user group
  mkdir -p "$d/run" "$d/state" "$d/mail"
  if [ "$(id -u)" = 0 ]; then
    user=dovecot; group=dovecot
    echo "default_internal_user = dovecot
default_login_user = dovenull" >"$d/users.conf"
    chown dovecot:dovecot "$d/mail"
  else
    user=$(id -un); group=$(id -gn)
    echo "default_internal_user = $user
default_login_user = $user" >"$d/users.conf"
  fi
  # The test user's password is one the tests look for on the wire.
  echo "user@example.jp:{PLAIN}maillint-secret-pw" >"$d/passwd"
  cat >"$d/dovecot.conf" <<EOF
base_dir = $d/run
state_dir = $d/state
instance_name = maillint-test
log_path = $DIR/dovecot.log
protocols = pop3 imap
listen = $ADDR
ssl = yes
ssl_cert = <$DIR/certs/mail.example.jp.chain.pem
ssl_key = <$DIR/certs/mail.example.jp.key
# PLAIN and LOGIN only inside TLS (Dovecot's default); CRAM-MD5 always; no NTLM.
auth_mechanisms = plain login cram-md5
passdb {
  driver = passwd-file
  args = $d/passwd
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$d/mail/%u
}
mail_location = maildir:~/Maildir
!include_try $d/users.conf
service pop3-login {
  inet_listener pop3 {
    address = $ADDR
    port = $POP3
  }
  inet_listener pop3s {
    address = $ADDR
    port = $POP3S
    ssl = yes
  }
}
service imap-login {
  inet_listener imap {
    address = $ADDR
    port = $IMAP
  }
  inet_listener imaps {
    address = $ADDR
    port = $IMAPS
    ssl = yes
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0666
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF
  dovecot -c "$d/dovecot.conf"
}

start_postfix() {
  local p="$DIR/postfix"
  if [ "$(id -u)" != 0 ]; then
    log "Postfix needs root: SMTP ports not started (run as root for the full set)"
    return 0
  fi
  mkdir -p "$p/queue" "$p/data"
  chown postfix "$p/data"
  local crt="$DIR/certs"
  cat >"$p/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $p/queue
data_directory = $p/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.example.jp
mydomain = example.jp
myorigin = example.jp
inet_interfaces = $ADDR
inet_protocols = ipv4
mydestination =
relay_domains =
mynetworks = 127.0.0.0/8
# The koara FAQ's limit: 5 MB (announced as SIZE 5242880).
message_size_limit = 5242880
smtpd_banner = \$myhostname ESMTP maillint test Postfix
smtpd_tls_chain_files = $crt/mail.example.jp.key, $crt/mail.example.jp.chain.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DIR/dovecot/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
maillog_file_prefixes = $DIR
maillog_file = $DIR/postfix.log
default_transport = error:no delivery from the maillint test server
EOF
  cat >"$p/master.cf" <<EOF
$ADDR:$SUBMISSION inet n - n - - smtpd -o smtpd_sasl_auth_enable=yes
$ADDR:$SMTPS inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes
$ADDR:$SMTPS_WRONG inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes -o {smtpd_tls_chain_files=$crt/www.example.jp.key, $crt/www.example.jp.chain.pem}
$ADDR:$SMTPS_EXPIRED inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes -o {smtpd_tls_chain_files=$crt/expired.key, $crt/expired.chain.pem}
$ADDR:$SMTP_NOAUTH inet n - n - - smtpd
$ADDR:$SMTP_PLAIN inet n - n - - smtpd -o smtpd_tls_security_level=none
pickup unix n - n 60 1 pickup
cleanup unix n - n - 0 cleanup
qmgr unix n - n 300 1 qmgr
tlsmgr unix - - n 1000? 1 tlsmgr
rewrite unix - - n - - trivial-rewrite
bounce unix - - n - 0 bounce
defer unix - - n - 0 bounce
trace unix - - n - 0 bounce
verify unix - - n - 1 verify
flush unix n - n 1000? 0 flush
proxymap unix - - n - - proxymap
smtp unix - - n - - smtp
relay unix - - n - - smtp
error unix - - n - - error
retry unix - - n - - error
discard unix - - n - - discard
anvil unix - - n - 1 anvil
scache unix - - n - 1 scache
postlog unix-dgram n - n - 1 postlogd
EOF
  postfix -c "$p" check >/dev/null 2>&1 || true
  local out i
  for i in 1 2 3; do
    if out=$(postfix -c "$p" start 2>&1); then
      return 0
    fi
    sleep 1
  done
  log "Postfix failed to start: $out (see $DIR/postfix.log)"
  return 1
}

start_silent() {
  # A listener that accepts (the kernel completes the handshake) and never says a word.
  nohup nc -d -k -l "$ADDR" "$SILENT" >/dev/null 2>&1 </dev/null &
  echo $! >"$DIR/silent.pid"
}

wait_port() {
  local port=$1 i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/$ADDR/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "port $port did not open"
  return 1
}

write_env() {
  cat >"$DIR/servers.env" <<EOF
MAILLINT_SERVERS_ADDR=$ADDR
MAILLINT_SERVERS_CA=$DIR/certs/ca.pem
MAILLINT_SERVERS_POP3=$POP3
MAILLINT_SERVERS_POP3S=$POP3S
MAILLINT_SERVERS_IMAP=$IMAP
MAILLINT_SERVERS_IMAPS=$IMAPS
MAILLINT_SERVERS_SUBMISSION=$SUBMISSION
MAILLINT_SERVERS_SMTPS=$SMTPS
MAILLINT_SERVERS_SMTPS_WRONG_NAME=$SMTPS_WRONG
MAILLINT_SERVERS_SMTPS_EXPIRED=$SMTPS_EXPIRED
MAILLINT_SERVERS_SMTP_NOAUTH=$SMTP_NOAUTH
MAILLINT_SERVERS_SMTP_PLAIN=$SMTP_PLAIN
MAILLINT_SERVERS_SILENT=$SILENT
MAILLINT_SERVERS_CLOSED=$CLOSED
MAILLINT_SERVERS_PASSWORD=maillint-secret-pw
EOF
}

# Wait up to 10 s for a server's master process (ours, by its pid file) to
# exit after its own stop command, then end it: a new start must not find the
# old one holding the ports, and removing the folder must not orphan it.
wait_gone() {
  local pid=$1 i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  sleep 0.5
}

stop() {
  if [ -f "$DIR/postfix/main.cf" ]; then
    postfix -c "$DIR/postfix" stop >/dev/null 2>&1 || true
    # `postfix stop` returns before the master is gone: wait for it, so a
    # new start does not find the ports still taken.
    local pidfile="$DIR/postfix/queue/pid/master.pid"
    [ -f "$pidfile" ] && wait_gone "$(tr -d ' ' <"$pidfile")"
  fi
  if [ -f "$DIR/dovecot/dovecot.conf" ]; then
    local dpid=""
    [ -f "$DIR/dovecot/run/master.pid" ] && dpid=$(cat "$DIR/dovecot/run/master.pid")
    doveadm -c "$DIR/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
    [ -n "$dpid" ] && wait_gone "$dpid"
  fi
  if [ -f "$DIR/silent.pid" ]; then
    kill "$(cat "$DIR/silent.pid")" 2>/dev/null || true
    rm -f "$DIR/silent.pid"
  fi
  rm -f "$DIR/servers.env"
}

# The servers outlive this script: they must not keep the caller's descriptors
# (a CI step's pipe that someone waits to close, a flock held around the run).
# 255 is bash's own descriptor for reading this script.
close_inherited_fds() {
  local fd n
  for fd in /proc/$$/fd/*; do
    n=${fd##*/}
    if [ "$n" -gt 2 ] && [ "$n" -lt 255 ]; then eval "exec $n>&-" 2>/dev/null || true; fi
  done
}

start() {
  close_inherited_fds
  install_packages
  stop
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chmod 0755 "$DIR"
  make_certs
  start_dovecot
  start_postfix
  start_silent
  for port in $POP3 $POP3S $IMAP $IMAPS $SILENT; do wait_port "$port"; done
  if [ "$(id -u)" = 0 ]; then
    for port in $SUBMISSION $SMTPS $SMTPS_WRONG $SMTPS_EXPIRED $SMTP_NOAUTH $SMTP_PLAIN; do wait_port "$port"; done
  fi
  if (exec 3<>"/dev/tcp/$ADDR/$CLOSED") 2>/dev/null; then
    log "port $CLOSED should be closed but something listens there"
    exit 1
  fi
  write_env
  log "servers up on $ADDR (ports $BASE+...); environment in $DIR/servers.env"
}

case "${1:-}" in
  install) install_packages ;;
  start) start ;;
  stop) stop ;;
  status) [ -f "$DIR/servers.env" ] && cat "$DIR/servers.env" || { log "not running"; exit 1; } ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
