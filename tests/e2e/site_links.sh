#!/usr/bin/env bash
# tests/e2e/site_links.sh: `zfxxgk site links` against our loopback fixture server
# (tests/e2e/link_fixture.py): each verdict (200, a 301/302 chain, a redirect loop cut in
# bounded time, 404, 410, 429 with Retry-After then 200, 500 then 200, a page slower than the
# timeout, a soft 404, a deep link sent to the home page, a page taken over by a gambling
# brand, a URL that is not http), from a URL list and from a page's links; the fixture's log
# shows HEAD before GET and one host's requests spaced by the interval while two hosts
# interleave. Then internal links of an HTML file judged against a demo database without
# HTTP. Prints TAP. Needs $ZF_BIN (set by tests/run), python3 and curl.
set -u
cd "$(dirname "$0")/../.."
ZF_BIN=${ZF_BIN:-$PWD/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-links.XXXXXX)
fx=
srv=
n=0

cleanup() {
	[[ -n $fx ]] && kill "$fx" 2>/dev/null
	[[ -n $srv ]] && kill -KILL "$srv" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# check DESC CMD...: one test point, passing when CMD succeeds.
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

python3 tests/e2e/link_fixture.py "$tmp/fixture.log" "$tmp/port" &
fx=$!
for _ in $(seq 1 300); do [[ -s $tmp/port ]] && break; sleep 0.1; done
port=$(cat "$tmp/port")
A="http://127.0.0.1:$port"
B="http://localhost:$port"
# a loopback port nobody listens on (bound, then closed)
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# id_of JSON URL: the finding id of one URL in the --json results
id_of() {
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(next(r["id"] for r in d["results"] if r["url"]==sys.argv[2]))' "$1" "$2"
}
is() { [[ $(id_of "$1" "$2") == "$3" ]]; }

cat >"$tmp/list.txt" <<EOF
# the fixture's cases
$A/ok
$A/nohead
$A/r1
$A/loop/0
$A/gone404
$A/gone410
$A/busy
$A/flaky
$A/slow
$A/soft
$A/deep/a/b/c
$A/spam
$B/ok
$B/gone404
ftp://127.0.0.1/file
http://127.0.0.1:$closed/refused
EOF

start=$(date +%s.%N)
"$ZF_BIN" site links --list "$tmp/list.txt" --interval 0.3 --timeout 1 --retries 2 --json \
	>"$tmp/out.json" 2>"$tmp/err"
rc=$?
end=$(date +%s.%N)
check "exit status 1: problems found" test "$rc" = 1
check "progress on stderr" grep -q "已检查 16/16" "$tmp/err"
j="$tmp/out.json"
check "200 is fine" is "$j" "$A/ok" link.ok
check "HEAD refused (405), GET 200 is fine" is "$j" "$A/nohead" link.ok
check "301 then 302 to a page is fine" is "$j" "$A/r1" link.ok
check "endless redirects: a loop" is "$j" "$A/loop/0" link.broken.loop
check "404 is broken" is "$j" "$A/gone404" link.broken.status
check "410 is broken" is "$j" "$A/gone410" link.broken.status
check "429 with Retry-After, then 200: fine after a retry" is "$j" "$A/busy" link.ok
check "500, then 200: fine after a retry" is "$j" "$A/flaky" link.ok
check "slower than the timeout: broken" is "$j" "$A/slow" link.broken.timeout
check "200 saying 页面不存在: soft 404" is "$j" "$A/soft" link.broken.soft404
check "deep link sent to the home page" is "$j" "$A/deep/a/b/c" link.broken.redirect-home
check "gambling brand on the target: spam" is "$j" "$A/spam" link.broken.spam
check "second host, 200" is "$j" "$B/ok" link.ok
check "second host, 404" is "$j" "$B/gone404" link.broken.status
check "ftp is skipped" is "$j" "ftp://127.0.0.1/file" link.skipped
check "connection refused: broken" is "$j" "http://127.0.0.1:$closed/refused" link.broken.connect
check "spam is 单项否决, the others 扣分" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
f={x["link"]:x for x in d["findings"]}
assert f[sys.argv[2]+"/spam"]["severity"]=="veto"
assert f[sys.argv[2]+"/gone404"]["severity"]=="deduct"
assert all(x["category"]=="link.broken" for x in d["findings"])
assert len(d["findings"])==9, len(d["findings"])' "$j" "$A"
check "reasons are Chinese" grep -q "服务器返回404（页面不存在）" "$j"
check "the loop was cut in bounded time (under 40 s for everything)" \
	python3 -c "import sys; sys.exit(0 if $end - $start < 40 else 1)"

# the fixture's log of that run: HEAD first, the interval kept per host (the times are when
# the server read each request: a few milliseconds of jitter), hosts interleaved
cp "$tmp/fixture.log" "$tmp/run1.log"
log="$tmp/run1.log"
check "HEAD came first for every URL" python3 -c 'import sys
first={}
for l in open(sys.argv[1]):
    t,m,h,p=l.split()
    first.setdefault(h+p,m)
bad=[k for k,m in first.items() if m!="HEAD"]
assert not bad, bad' "$log"
check "GET after a refused HEAD" grep -q "GET 127.0.0.1:$port /nohead" "$log"
# (the server logs when it reads a request: on a loaded machine one may be read late, so the
# gap after it looks short; without the interval the gaps would be a few milliseconds)
check "one host's requests spaced by the interval (median >= 0.29 s, none under 0.15 s)" \
	python3 -c 'import sys, statistics
last={}; gaps=[]
for l in open(sys.argv[1]):
    t,m,h,p=l.split(); t=float(t)
    if h in last: gaps.append((t-last[h], h, p))
    last[h]=t
assert min(gaps)[0] >= 0.15, min(gaps)
assert statistics.median(g[0] for g in gaps) >= 0.29, statistics.median(g[0] for g in gaps)' "$log"
check "the two hosts interleave" python3 -c 'import sys
hosts=[l.split()[2] for l in open(sys.argv[1])]
i=next(k for k,h in enumerate(hosts) if h.startswith("localhost"))
assert i < len(hosts)//2, i' "$log"
check "Retry-After honoured (1 s between the 429 and the retry)" python3 -c 'import sys
ts=[float(l.split()[0]) for l in open(sys.argv[1]) if " /busy" in l]
assert len(ts)>=2 and ts[1]-ts[0]>=0.95, ts' "$log"
check "the loop stopped at the cap (11 requests)" test "$(grep -c ' /loop/' "$log")" = 11

# the links of a page fetched by URL
"$ZF_BIN" site links --interval 0.05 --timeout 1 --retries 0 --json "$A/page.html" \
	>"$tmp/page.json" 2>"$tmp/page.err"
check "a page's links: 12 checked" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); assert d["links"]==12, d["links"]' "$tmp/page.json"
check "a page's 404 link found" is "$tmp/page.json" "$A/gone404" link.broken.status
check "a page's spam link found" is "$tmp/page.json" "$A/spam" link.broken.spam

# spam words known only to a rule set: the site checker scans the fetched page
printf '!version\tt-1\n!name\tlinks test\nspam.lottery\t单项否决\t时时彩\n' >"$tmp/rules.tsv"
echo "$A/casino" >"$tmp/casino.txt"
printf '!version\tt-0\n!name\tno lottery\nspam.other\t单项否决\t某某娱乐城\n' >"$tmp/rules0.tsv"
"$ZF_BIN" site links --interval 0 --rules "$tmp/rules0.tsv" --list "$tmp/casino.txt" --json \
	>"$tmp/c0.json" 2>/dev/null
check "lottery words a rule set does not hold: not recognised" is "$tmp/c0.json" "$A/casino" link.ok
"$ZF_BIN" site links --interval 0 --rules "$tmp/rules.tsv" --list "$tmp/casino.txt" --json \
	>"$tmp/c1.json" 2>"$tmp/c1.err"
check "lottery words with the rule set: spam through the site checker" \
	is "$tmp/c1.json" "$A/casino" link.broken.spam
check "the rule that matched is named" grep -q "时时彩" "$tmp/c1.json"
printf 'spam.x\tbad-severity\tfoo\n' >"$tmp/badrules.tsv"
"$ZF_BIN" site links --rules "$tmp/badrules.tsv" --list "$tmp/casino.txt" >/dev/null 2>"$tmp/br.err"
check "a bad rule set: status 2" test $? = 2

# bad input: one Chinese line, status 2
"$ZF_BIN" site links --interval x "$A/ok" >/dev/null 2>"$tmp/bad.err"
check "bad --interval: status 2" test $? = 2
check "bad --interval: a Chinese line" grep -q "秒数" "$tmp/bad.err"
"$ZF_BIN" site links "$tmp/nosuch.html" >/dev/null 2>"$tmp/bad.err"
check "missing file: status 2" test $? = 2

# internal links against a demo database, without HTTP
db="$tmp/zf.db"
"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" 2>"$tmp/serve.log" &
srv=$!
for _ in $(seq 1 600); do grep -q "listening" "$tmp/serve.log" && break; sleep 0.1; done
kill -TERM "$srv"
wait "$srv" 2>/dev/null
srv=
docid=$(sqlite3 "$db" "SELECT id FROM docs WHERE state = 'published' ORDER BY id LIMIT 1" 2>/dev/null ||
	echo 1)
cat >"$tmp/home.html" <<EOF
<!doctype html><html><head><meta charset="utf-8"><title>首页</title>
<link rel="stylesheet" href="/static/site.css"></head><body>
<a href="/docs/$docid">已公开的文件</a>
<a href="/docs/999999">不存在的文件</a>
<a href="/guide">公开指南</a>
<a href="/nosuch/page">没有这个页面</a>
<a href="https://gk.example.gov.cn/docs/$docid">本站绝对地址</a>
<a href="#top">页内锚点</a>
<a href="mailto:gk@example.gov.cn">邮件</a>
</body></html>
EOF
"$ZF_BIN" site links --db "$db" --site-base https://gk.example.gov.cn/ --json "$tmp/home.html" \
	>"$tmp/int.json" 2>"$tmp/int.err"
check "internal links: status 1" test $? = 1
check "internal: 6 links (anchor and mail skipped), 5 distinct paths, all internal" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); assert d["links"]==6 and d["internal"]==5 and d["external"]==0, d' "$tmp/int.json"
check "internal: a published document is fine" is "$tmp/int.json" "/docs/$docid" link.ok
check "internal: a missing document" is "$tmp/int.json" "/docs/999999" link.broken.internal-missing
check "internal: a literal route" is "$tmp/int.json" "/guide" link.ok
check "internal: the stylesheet" is "$tmp/int.json" "/static/site.css" link.ok
check "internal: an unknown route" is "$tmp/int.json" "/nosuch/page" link.broken.internal-route
check "internal: no request reached the network" test ! -s "$tmp/int.err" -o -z "$(grep -v '^共\|已检查' "$tmp/int.err")"

echo "1..$n"
