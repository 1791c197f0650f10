#!/usr/bin/env bash
# tests/e2e/public_site.sh: the public site in real Chromium (public_site.mjs): home, guides,
# the application form by keyboard and by mouse without JavaScript, its error messages, the
# receipt and its query code, the progress query, the annual reports and their downloads;
# axe-core on every page (also in 长者模式); CSRF and script injection. Runs `zfxxgk serve
# --demo` on a free loopback port over a temporary database (SQLite or PostgreSQL, as
# ZF_E2E_ENGINE says). Prints TAP; screenshots go to tests/e2e/artifacts/public-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${ZF_BIN:-$here/../../build/zfxxgk}
work=$(mktemp -d /tmp/zf-e2e-public.XXXXXX)
server=
count=0
. "$here/engine_lib.sh"

point() { # point ok|fail DESCRIPTION
	count=$((count + 1))
	if [[ $1 == ok ]]; then echo "ok $count - $2"; else echo "not ok $count - $2"; fi
}

finish() {
	echo "1..$count"
	exit "${1:-0}"
}

on_exit() {
	[[ -n $server ]] && kill -KILL "$server" 2>/dev/null
	e2e_cleanup_pg
	rm -rf "$work"
}
trap on_exit EXIT

db=$(e2e_db "$work" zf) || {
	point fail "a temporary $(e2e_engine) database"
	finish 1
}
echo "# engine: $(e2e_engine) ($db)"

"$bin" serve --demo --listen 127.0.0.1:0 --db "$db" 2>"$work/server.log" &
server=$!
url=
for _ in $(seq 1 900); do
	p=$(grep -o 'listening .*port=[0-9]*' "$work/server.log" | grep -o '[0-9]*$' | head -1)
	if [[ -n $p ]] && curl -sf -o /dev/null "http://127.0.0.1:$p/healthz"; then
		url="http://127.0.0.1:$p"
		break
	fi
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $url ]]; then
	point fail "the demo server starts"
	sed 's/^/#   /' "$work/server.log" | tail -20
	finish 1
fi
point ok "the demo server starts ($url)"

# the browser's points, numbered after ours
ZF_URL=$url node "$here/public_site.mjs" >"$work/tap" 2>"$work/err"
status=$?
while IFS= read -r line; do
	if [[ $line == "ok - "* ]]; then
		point ok "${line#ok - }"
	elif [[ $line == "not ok - "* ]]; then
		point fail "${line#not ok - }"
	else
		echo "$line"
	fi
done <"$work/tap"
if ((status != 0)); then
	point fail "public_site.mjs exits with status $status"
	sed 's/^/#   /' "$work/err" | head -20
fi

# the query code must not reach the log (it is only ever in a POST body or a page)
codes=$(grep -o 'QUERY_CODE [2-9A-Z]*' "$work/tap" | cut -d' ' -f2)
leaked=0
for c in $codes; do grep -q "$c" "$work/server.log" && leaked=1; done
if [[ -n $codes ]] && ((leaked == 0)); then
	point ok "no query code appears in the server's log"
else
	point fail "no query code appears in the server's log (codes: ${codes:-none})"
fi

kill -TERM "$server"
wait "$server"
rc=$?
server=
if ((rc == 0)); then point ok "the server stops cleanly"; else point fail "the server stops cleanly (exit $rc)"; fi
finish 0
