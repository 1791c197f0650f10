#!/usr/bin/env bash
# hostile.sh: the hostile-input corpus (tests/hostile/hostile.py, payloads in
# tests/hostile/payloads/) against a live `zfxxgk serve --demo` on a temporary database:
# script, SQL injection, invalid UTF-8, oversize fields and bodies, multipart tricks, path
# traversal, redirects, cookies and CSRF over every public and console route and form
# field (routes from `zfxxgk routes --json`, fields from the pages' own forms), anonymous
# and signed in as the demo clerk. Request framing (RFC 9112) is its own group. Prints TAP:
# a point per category with its counts, and the server log checked for crash markers.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
ZF_BIN=${ZF_BIN:-$ROOT/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-hostile.XXXXXX)
pid=
n=0
. ./engine_lib.sh
export LC_ALL=C.UTF-8
cleanup() {
	[[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
	e2e_cleanup_pg
	[[ -n ${ZF_KEEP_TMP:-} ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
report() {
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}

db=$(e2e_db "$tmp" hostile) || bail "temporary $(e2e_engine) database created"
echo "# engine: $(e2e_engine)"
"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" >"$tmp/out" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 600); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	port=
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
[[ -n $port ]] || bail "zfxxgk serve --demo starts" "$tmp/log"
password=$(sed -n 's/.*登录名 clerk *口令 \([^ ]*\).*/\1/p' "$tmp/log" "$tmp/out" | head -1)
[[ -n $password ]] || bail "the demo clerk's password is printed" "$tmp/log"
report ok "zfxxgk serve --demo on $(e2e_engine) (port $port)"

python3 "$ROOT/tests/hostile/hostile.py" --base "http://127.0.0.1:$port" --bin "$ZF_BIN" \
	--clerk "$password" --cases "$tmp/cases.jsonl" --log "$tmp/log" >"$tmp/tap" 2>"$tmp/err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "[0-9]*) report ok "${line#ok * - }" ;;
	"not ok "[0-9]*) report notok "${line#not ok * - }" ;;
	1..*) ;;
	*) echo "$line" ;;
	esac
done <"$tmp/tap"
((rc == 0)) || { report notok "hostile.py exited with status $rc"; sed 's/^/#   /' "$tmp/err" | tail -20; }

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
((rc == 0)) && report ok "the server stops cleanly after the corpus (exit 0)" ||
	report notok "the server stops cleanly after the corpus (exit $rc)"
bad='Sanitizer|runtime error:|zfxxgk: BUG at|Segmentation fault'
if grep -qE "$bad" "$tmp/log"; then
	report notok "the log has no crash marker after the stop"
	grep -E "$bad" "$tmp/log" | head -10 | sed 's/^/#   /'
else
	report ok "the log has no crash marker after the stop"
fi
echo "1..$n"
