#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL cluster for Tarn's tests.
#
#   eval "$(deploy/dev/postgres.sh start)"   # exports TARN_TEST_POSTGRES_URL
#   deploy/dev/postgres.sh url               # prints the URL of the running cluster
#   deploy/dev/postgres.sh status            # exit 0 when running
#   deploy/dev/postgres.sh stop              # stops it and deletes its files
#
# The cluster trusts every local connection (no password), listens on
# 127.0.0.1 only and runs with fsync off: it is for tests, never for data.
# start is idempotent: when the cluster is already running it only prints its
# URL. Everything but the export line goes to stderr, so eval sees only that.
#
# Environment:
#   TARN_PG_DIR   where the cluster lives (default /tmp/tarn-pg); its parent
#                 must be reachable by TARN_PG_USER
#   TARN_PG_PORT  port to listen on (default: 55432, or the next free port
#                 above it when 55432 is taken)
#   TARN_PG_USER  OS user that runs the server when this script runs as root
#                 (default tarnpg, created if missing; postgres refuses root)
#   TARN_PG_BIN   directory holding initdb, pg_ctl and postgres (default: the
#                 newest /usr/lib/postgresql/*/bin, preferring 15)
set -euo pipefail

DIR=${TARN_PG_DIR:-/tmp/tarn-pg}
DATA=$DIR/data
SOCK=$DIR/sock
LOG=$DIR/postgres.log
PG_USER=${TARN_PG_USER:-tarnpg}
DEFAULT_PORT=55432

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

find_bin() {
	if [[ -n ${TARN_PG_BIN:-} ]]; then
		[[ -x $TARN_PG_BIN/initdb ]] || die "TARN_PG_BIN=$TARN_PG_BIN has no initdb"
		echo "$TARN_PG_BIN"
		return
	fi
	if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
		echo /usr/lib/postgresql/15/bin
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -n $d && -x $d/initdb ]]; then
		echo "$d"
		return
	fi
	if command -v initdb >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v initdb)")"
		return
	fi
	die "no PostgreSQL server binaries found (initdb); install them with: apt-get install -y postgresql-15"
}

# as_pg runs a command as the user that owns the cluster.
as_pg() {
	if [[ $(id -u) -ne 0 ]]; then
		(cd "$DIR" && "$@")
	elif command -v runuser >/dev/null 2>&1; then
		(cd "$DIR" && runuser -u "$PG_USER" -- "$@")
	else
		(cd "$DIR" && su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")")
	fi
}

port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# running_port prints the port of the cluster in $DATA when it is up.
running_port() {
	[[ -f $DATA/postmaster.pid ]] || return 1
	as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
	local port
	port=$(sed -n 4p "$DATA/postmaster.pid")
	# A postmaster that died hard can leave a pid that still looks alive.
	"$ISREADY" -q -t 3 -h 127.0.0.1 -p "$port" -U postgres >/dev/null 2>&1 || return 1
	echo "$port"
}

url_for() {
	echo "postgres://postgres@127.0.0.1:$1/postgres?sslmode=disable"
}

ensure_user() {
	[[ $(id -u) -eq 0 ]] || return 0
	if ! id "$PG_USER" >/dev/null 2>&1; then
		log "creating OS user $PG_USER to run the server"
		useradd -r -m -s /bin/sh "$PG_USER"
	fi
}

# remove_dir deletes $DIR, but only when it is empty or one this script made.
remove_dir() {
	[[ -e $DIR ]] || return 0
	if [[ -f $DIR/.tarn-pg || -z $(ls -A "$DIR") ]]; then
		rm -rf "$DIR"
	else
		die "$DIR exists and was not made by this script; remove it or set TARN_PG_DIR"
	fi
}

pick_port() {
	if [[ -n ${TARN_PG_PORT:-} ]]; then
		port_in_use "$TARN_PG_PORT" && die "port $TARN_PG_PORT is already in use by another process"
		echo "$TARN_PG_PORT"
		return
	fi
	local p=$DEFAULT_PORT
	while port_in_use "$p"; do
		p=$((p + 1))
		((p < DEFAULT_PORT + 100)) || die "no free port in $DEFAULT_PORT..$p"
	done
	echo "$p"
}

start() {
	local port
	if port=$(running_port); then
		log "already running on port $port ($DIR)"
		echo "export TARN_TEST_POSTGRES_URL='$(url_for "$port")'"
		return
	fi
	ensure_user
	port=$(pick_port)
	# A cluster left behind by a crash is thrown away: it is test data.
	remove_dir
	mkdir -p "$DIR"
	touch "$DIR/.tarn-pg"
	if [[ $(id -u) -eq 0 ]]; then
		chown "$PG_USER" "$DIR"
		runuser -u "$PG_USER" -- test -w "$DIR" ||
			die "$PG_USER cannot write $DIR: choose a TARN_PG_DIR whose parent it can reach (e.g. under /tmp)"
	fi
	chmod 700 "$DIR"
	as_pg mkdir -p "$SOCK"

	log "initdb in $DATA"
	as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 ||
		{ cat "$DIR/initdb.log" >&2; die "initdb failed"; }
	as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# Throwaway test cluster written by deploy/dev/postgres.sh
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$SOCK'
max_connections = 300
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
checkpoint_timeout = 30min
log_min_messages = warning
log_min_error_statement = panic
EOF

	log "starting on 127.0.0.1:$port"
	as_pg "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null ||
		{ tail -n 30 "$LOG" >&2 || true; die "pg_ctl start failed (log: $LOG)"; }
	local i
	for i in $(seq 1 60); do
		if "$ISREADY" -q -h 127.0.0.1 -p "$port" -U postgres 2>/dev/null; then
			log "ready: $(url_for "$port")"
			echo "export TARN_TEST_POSTGRES_URL='$(url_for "$port")'"
			return
		fi
		sleep 0.5
	done
	die "server did not become ready on port $port (log: $LOG)"
}

stop() {
	if [[ ! -d $DIR ]]; then
		log "not running ($DIR does not exist)"
		return
	fi
	if [[ -f $DATA/postmaster.pid ]]; then
		as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			log "pg_ctl stop failed; removing $DIR anyway"
	fi
	remove_dir
	log "stopped and removed $DIR"
}

BIN=$(find_bin)
ISREADY=$BIN/pg_isready
[[ -x $ISREADY ]] || ISREADY=pg_isready
case "${1:-}" in
start) start ;;
stop) stop ;;
url)
	port=$(running_port) || die "not running; start it with: eval \"\$($0 start)\""
	url_for "$port"
	;;
status)
	if port=$(running_port); then
		log "running on port $port ($DIR)"
	else
		log "not running"
		exit 1
	fi
	;;
*)
	echo "usage: $0 start|stop|url|status" >&2
	exit 2
	;;
esac
