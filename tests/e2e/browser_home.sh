#!/usr/bin/env bash
# tests/e2e/browser_home.sh: starts `zfxxgk serve --demo` on a free loopback port with a
# temporary database and runs browser_home.mjs (real Chromium + axe-core) against it.
# Prints TAP; screenshots land in tests/e2e/artifacts/.
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-browser.XXXXXX)
pid=
n=0

cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

report() { # report OK|NOTOK DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$tmp/zf.db" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 600); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	port=
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $port ]]; then
	report notok "server starts"
	sed 's/^/#   /' "$tmp/log"
	echo "1..$n"
	exit 1
fi
report ok "server starts on port $port"

# number the browser's points after ours
ZF_URL="http://127.0.0.1:$port" node browser_home.mjs >"$tmp/tap" 2>"$tmp/err"
rc=$?
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

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if ((rc == 0)); then report ok "server stops cleanly"; else report notok "server stops cleanly (exit $rc)"; fi
echo "1..$n"
