#!/usr/bin/env bash
# tests/e2e/site_tamper.sh: `zfxxgk site tamper` against the demo site served by the real
# `zfxxgk serve`: straight to the application (the clean path) nothing is found; through a
# loopback proxy of ours that slips a hidden gambling link into the home page and alters the
# stylesheet (tests/e2e/tamper_proxy.py), the added text and link (tamper.content,
# tamper.link) and the altered static file (tamper.static, against the manifest written from
# the clean path) are found, and nothing else. Runs on both engines.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
# Prints TAP. Needs $ZF_BIN (set by tests/run), python3 and curl.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/engine_lib.sh
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-tamper.XXXXXX)
pid=
proxy=
n=0

cleanup() {
	[[ -n $proxy ]] && kill "$proxy" 2>/dev/null
	[[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	e2e_cleanup_pg
	rm -rf "$tmp"
}
trap cleanup EXIT

check() {
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/check.out" 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		echo "#   failed: $*"
		sed 's/^/#   /' "$tmp/check.out" | head -20
	fi
}

echo "# engine: $(e2e_engine)"
db=$(e2e_db "$tmp" tamper) || { echo "not ok 1 - a database"; echo "1..1"; exit 1; }
"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 1 900); do
	port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log" | tail -1)
	[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
	sleep 0.1
done
check "the demo site is up" curl -sf -o /dev/null "http://127.0.0.1:$port/"

python3 tests/e2e/tamper_proxy.py "$port" "$tmp/pport" &
proxy=$!
for _ in $(seq 1 600); do [[ -s $tmp/pport ]] && break; sleep 0.1; done
pport=$(cat "$tmp/pport")
check "the proxy is up" curl -sf -o /dev/null "http://127.0.0.1:$pport/"

# the clean path, writing the manifest
"$ZF_BIN" site tamper --db "$db" --base "http://127.0.0.1:$port/" \
	--write-manifest "$tmp/static.sha256" --json >"$tmp/clean.json" 2>"$tmp/clean.err"
rc=$?
check "clean path: status 0" test "$rc" = 0
check "clean path: no findings" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); assert d["problems"]==0 and d["checked"]>=12, d' "$tmp/clean.json"
check "clean path: documents and reports were compared" grep -q "比对 /docs/[0-9]" "$tmp/clean.err"
check "the manifest holds the stylesheet's hash" grep -qE '^[0-9a-f]{64}  /static/site.css$' \
	"$tmp/static.sha256"
want=$(curl -s "http://127.0.0.1:$port/static/site.css" | sha256sum | cut -c1-64)
check "the manifest's hash is the served file's" grep -q "^$want  /static/site.css" "$tmp/static.sha256"

# through the hijacked front door
"$ZF_BIN" site tamper --db "$db" --base "http://127.0.0.1:$pport/" \
	--manifest "$tmp/static.sha256" --json >"$tmp/bad.json" 2>"$tmp/bad.err"
rc=$?
check "hijacked path: status 1" test "$rc" = 1
has() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
hit=[f for f in d["findings"] if f["id"]==sys.argv[2] and f["url"]==sys.argv[3]]
assert hit, [ (f["id"], f["url"]) for f in d["findings"]]
assert sys.argv[4] in json.dumps(hit, ensure_ascii=False), hit' "$@"
}
check "injected text on the home page: tamper.content" has "$tmp/bad.json" tamper.content.added / 万博体育官网
check "injected link on the home page: tamper.link" has "$tmp/bad.json" tamper.link.added / bet-example.com
check "altered stylesheet: tamper.static" has "$tmp/bad.json" tamper.static /static/site.css 静态文件与清单不符
check "exactly these three findings, all 单项否决" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert len(d["findings"])==3, d["findings"]
assert all(f["severity"]=="veto" for f in d["findings"])
assert {f["category"] for f in d["findings"]}=={"tamper"}' "$tmp/bad.json"
"$ZF_BIN" site tamper --db "$db" --base "http://127.0.0.1:$pport/" >"$tmp/bad.txt" 2>/dev/null
check "without a manifest the stylesheet is compared with the application's" \
	grep -q "tamper.static  /static/site.css" "$tmp/bad.txt"
check "the text report is Chinese" grep -q "发现 3 个问题" "$tmp/bad.txt"

# bad input
echo "not a manifest" >"$tmp/bad.sha256"
"$ZF_BIN" site tamper --db "$db" --base "http://127.0.0.1:$port/" --manifest "$tmp/bad.sha256" \
	>/dev/null 2>"$tmp/err"
check "a bad manifest: status 2" test $? = 2
check "a bad manifest: the line is named" grep -q "第1行" "$tmp/err"
"$ZF_BIN" site tamper --db "$db" >/dev/null 2>"$tmp/err"
check "no --base: status 2" test $? = 2

echo "1..$n"
