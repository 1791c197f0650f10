# console_lib.sh: what the console's browser tests share; sourced by tests/e2e/console_*.sh
# (not a suite itself: it is not executable). It prepares a temporary database (SQLite or
# PostgreSQL, as ZF_E2E_ENGINE says: see engine_lib.sh) with the demo
# agencies (示例区人民政府 1, 其办公室 2, 住房和城乡建设局 3), creates the tests' own users with
# `zfxxgk user add --password-stdin` while no server runs, starts `zfxxgk serve` on a free
# loopback port, runs a Node script against it and numbers its TAP points after its own.
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-console.XXXXXX)
pid=
n=0
. ./engine_lib.sh

cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	e2e_cleanup_pg
	rm -rf "$tmp"
}
trap cleanup EXIT

report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

bail() { # bail DESC LOG
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}

# db: the database target (a file in $tmp, or a new database on $ZF_TEST_PG).
db=$(e2e_db "$tmp" zf) || bail "temporary $(e2e_engine) database created"
echo "# engine: $(e2e_engine) ($db)"

# start_server [EXTRA ARGS...]: serve the temporary database; sets port and ZF_URL.
start_server() {
	"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" "$@" 2>"$tmp/log" &
	pid=$!
	port=
	for _ in $(seq 1 600); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $port ]] || bail "server starts" "$tmp/log"
	ZF_URL="http://127.0.0.1:$port"
}

stop_server() {
	kill -TERM "$pid"
	wait "$pid"
	local rc=$?
	pid=
	return $rc
}

# prepare_db: one start with --demo seeds the agencies; the users come next, offline.
prepare_db() {
	start_server
	stop_server || bail "the seeding run stops cleanly" "$tmp/log"
	report ok "temporary database with the demo agencies"
}

# add_user LOGIN NAME AGENCY ROLE PASSWORD
add_user() {
	if printf '%s\n' "$5" | "$ZF_BIN" user add --db "$db" --login "$1" --name "$2" \
		--agency "$3" --role "$4" --password-stdin >"$tmp/user.log" 2>&1; then
		report ok "user $1 ($4 of agency $3) created with user add --password-stdin"
	else
		bail "user $1 created" "$tmp/user.log"
	fi
}

# run_node SCRIPT: runs it with ZF_URL, ZF_DB (the target), ZF_BIN; renumbers its points.
run_node() {
	ZF_URL=$ZF_URL ZF_DB="$db" ZF_BIN=$ZF_BIN node "$1" >"$tmp/tap" 2>"$tmp/err"
	local rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*) report ok "${line#ok - }" ;;
		"not ok - "*) report notok "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$tmp/tap"
	if ((rc != 0)); then
		report notok "node exited with status $rc"
		sed 's/^/#   /' "$tmp/err" | head -20
	fi
}

finish() {
	if stop_server; then report ok "server stops cleanly"; else report notok "server stops cleanly"; fi
	echo "1..$n"
}
