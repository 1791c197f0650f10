#!/usr/bin/env bash
# tests/e2e/page_cache.sh: the public page cache with TWO app servers on one database
# (docs/page-cache.md). Both servers are warmed (home, catalogue, a document, a column, the
# reports and a report page, an agency page with its guide); then, through one server or the
# command line, a document is published, one is repealed, a report is published and the
# guide is edited in the console, and each time the very next request on the OTHER server
# shows the change. Also: 304 to If-None-Match and If-Modified-Since; gzip and brotli bodies
# decode to the identity bytes; a signed-in visitor's page (a draft only staff may see) is
# never served to an anonymous one and the reverse; a page with a CSRF form is never kept;
# X-Zf-Cache says hit, miss or bypass. No timings. Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-pagecache.XXXXXX)
pids=()
n=0
. ./engine_lib.sh

cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	e2e_cleanup_pg
	rm -rf "$tmp"
}
trap cleanup EXIT
report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() { # check DESC CMD...
	local d=$1
	shift
	if "$@"; then report ok "$d"; else report notok "$d"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -20
	echo "1..$n"
	exit 1
}

db=$(e2e_db "$tmp" pagecache) || bail "a temporary $(e2e_engine) database"
echo "# engine: $(e2e_engine)"

start() { # start NAME [ARGS...]: sets port_NAME and pid_NAME
	local name=$1
	shift
	"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
	local pid=$!
	pids+=("$pid")
	local port=
	for _ in $(seq 1 600); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/$name.log" | tail -1)
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $port ]] || bail "server $name starts" "$tmp/$name.log"
	printf -v "port_$name" '%s' "$port"
	printf -v "pid_$name" '%s' "$pid"
}

# get SERVER NAME PATH [CURL ARGS...]: $tmp/NAME.{body,head}; prints the status
get() {
	local port=port_$1 name=$2 path=$3
	shift 3
	curl -s -m 60 -o "$tmp/$name.body" -D "$tmp/$name.head" -w '%{http_code}' "$@" \
		"http://127.0.0.1:${!port}$path"
}
verdict() { tr -d '\r' <"$tmp/$1.head" | sed -n 's/^[Xx]-[Zz]f-[Cc]ache: *//p'; }
header() { tr -d '\r' <"$tmp/$1.head" | sed -n "s/^$2: *//Ip" | head -1; }
has() { grep -qF -- "$2" "$tmp/$1.body"; }

# ---- the database: the demo, an administrator, then two servers
start seed --demo
kill -TERM "$pid_seed" && wait "$pid_seed"
printf '%s\n' 'Cache-admin-2026' | "$ZF_BIN" user add --db "$db" --login pcadmin --name 缓存管理员 \
	--agency 1 --role admin --password-stdin >"$tmp/user.log" 2>&1 || bail "administrator added" "$tmp/user.log"
start a
start b
report ok "two servers on one $(e2e_engine) database (ports $port_a, $port_b)"

today=$(TZ=Asia/Shanghai date +%F)
get b docs /docs >/dev/null
doc=$(grep -oE 'href="/docs/[0-9]+"' "$tmp/docs.body" | head -1 | grep -oE '[0-9]+')
get b columns /columns/1 >/dev/null
column=$(grep -oE 'href="/column/[0-9]+"' "$tmp/columns.body" | head -1 | grep -oE '[0-9]+')
get b reports /reports >/dev/null
report_page=$(grep -oE 'href="/reports/[0-9]+/[0-9]+"' "$tmp/reports.body" | head -1 | sed 's/href="//; s/"$//')
[[ -n $doc && -n $column && -n $report_page ]] ||
	bail "the demo has a document, a column and a published report ($doc, $column, $report_page)"
pages=(/ /docs "/docs/$doc" "/column/$column" /reports "$report_page" /agency/1 /guide)

# ---- warm both servers: the first visit is a miss, the second a hit, the same bytes
for s in a b; do
	bad=
	for p in "${pages[@]}"; do
		c1=$(get $s w1 "$p")
		v1=$(verdict w1)
		c2=$(get $s w2 "$p")
		v2=$(verdict w2)
		if [[ $c1 != 200 || $c2 != 200 || $v2 != hit ]] || ! cmp -s "$tmp/w1.body" "$tmp/w2.body" ||
			[[ $v1 != miss && $v1 != hit ]] || [[ -n $(header w2 Set-Cookie) ]]; then
			bad+=" $p($c1 $v1, $c2 $v2)"
		fi
	done
	check "server $s: each page a hit on the second visit, same bytes, no cookie${bad:+ —$bad}" test -z "$bad"
done

# ---- a document published through the command line: both servers show it at once
title="页面缓存测试文件$$"
id=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "$title" --written "$today" \
	--summary "检验多台服务器的页面缓存。" 2>"$tmp/doc.log" | grep -oE '[0-9]+' | head -1)
"$ZF_BIN" doc submit --db "$db" "$id" >>"$tmp/doc.log" 2>&1 &&
	"$ZF_BIN" doc approve --db "$db" --secrecy-checked "$id" >>"$tmp/doc.log" 2>&1 ||
	bail "a document published with doc add, submit, approve" "$tmp/doc.log"
for s in b a; do
	get $s pub /docs >/dev/null
	check "server $s: the next /docs lists the new document ($(verdict pub))" has pub "$title"
	get $s pubhome / >/dev/null
	check "server $s: the next home page lists it too" has pubhome "$title"
done
code=$(get b newdoc "/docs/$id")
check "server b: the new document's page is there ($code)" test "$code" = 200

# ---- a document repealed: its page says so on the other server
get b before "/docs/$doc" >/dev/null
"$ZF_BIN" doc repeal --db "$db" "$doc" --on "$today" --reason "页面缓存测试：示政发〔2026〕1号决定废止" \
	>"$tmp/repeal.log" 2>&1 || bail "a document repealed with doc repeal" "$tmp/repeal.log"
get b after "/docs/$doc" >/dev/null
check "server b: the repealed document's next page differs and says 已废止 ($(verdict after))" \
	bash -c "! cmp -s '$tmp/before.body' '$tmp/after.body' && grep -q '已废止' '$tmp/after.body'"

# ---- a report published: the reports page of the other server lists it
"$ZF_BIN" report generate --db "$db" --agency 3 --year 2024 -o "$tmp/r.json" >"$tmp/gen.log" 2>&1
"$ZF_BIN" report publish --db "$db" --agency 3 --year 2024 "$tmp/r.json" >"$tmp/rep.log" 2>&1 ||
	bail "a report published with report publish" "$tmp/rep.log"
for s in a b; do
	get $s rep /reports >/dev/null
	check "server $s: the next /reports lists the new report ($(verdict rep))" \
		grep -q 'href="/reports/3/2024"' "$tmp/rep.body"
done

# ---- the guide edited in the console of server a: server b shows it
jar=$tmp/jar
get a login /login -c "$jar" -b "$jar" >/dev/null
tok=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/login.body" | head -1)
code=$(get a signin /login -c "$jar" -b "$jar" --data-urlencode "_csrf=$tok" \
	--data-urlencode login=pcadmin --data-urlencode password=Cache-admin-2026)
check "the administrator signs in on server a ($code)" test "$code" = 303
get a gform "/console/guide?agency=1" -b "$jar" >/dev/null
hours="周一至周五 缓存测试$$"
python3 - "$tmp/gform.body" "$hours" >"$tmp/gpost" <<'PY'
import html.parser, sys, urllib.parse
class Form(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.area = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            self.fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea" and a.get("name"):
            self.area = [a["name"], ""]
            self.fields.append(self.area)
    def handle_endtag(self, tag):
        if tag == "textarea":
            self.area = None
    def handle_data(self, data):
        if self.area is not None:
            self.area[1] += data
f = Form()
f.feed(open(sys.argv[1], encoding="utf-8").read())
out = [(k, sys.argv[2] if k == "hours" else v) for k, v in f.fields if k != "action"]
out.append(("action", "save"))
sys.stdout.write(urllib.parse.urlencode(out))
PY
code=$(get a gsave /console/guide -b "$jar" --data-binary "@$tmp/gpost" \
	-H 'Content-Type: application/x-www-form-urlencoded')
check "the guide is saved in the console of server a ($code)" test "$code" = 303
found=
for p in /agency/1 /guide; do
	get b gpage "$p" >/dev/null
	has gpage "$hours" && found+=" $p($(verdict gpage))"
done
check "server b: the next public page shows the edited guide:$found" test -n "$found"

# ---- conditional requests
get b c1 / >/dev/null
etag=$(header c1 ETag)
lm=$(header c1 Last-Modified)
code=$(get b c2 / -H "If-None-Match: $etag")
check "If-None-Match with the ETag: 304 with no body ($code)" \
	bash -c "[[ $code == 304 && ! -s '$tmp/c2.body' ]]"
code=$(get b c3 / -H "If-Modified-Since: $lm")
check "If-Modified-Since with the Last-Modified: 304 ($code)" test "$code" = 304
code=$(get b c4 / -H 'If-None-Match: "0000"')
check "another ETag: 200 ($code)" test "$code" = 200
check "HTML pages are revalidated: Cache-Control no-cache, Vary: Accept-Encoding" \
	bash -c "[[ '$(header c1 Cache-Control)' == no-cache && '$(header c1 Vary)' == Accept-Encoding ]]"

# ---- encodings decode to the identity bytes
get b id / -H 'Accept-Encoding: identity' >/dev/null
get b gz / -H 'Accept-Encoding: gzip' >/dev/null
check "gzip asked: Content-Encoding gzip, inflates to the identity bytes" \
	bash -c "[[ '$(header gz Content-Encoding)' == gzip ]] && gunzip -c '$tmp/gz.body' | cmp -s - '$tmp/id.body'"
curl -s --compressed -H 'Accept-Encoding: br' -D "$tmp/br.head" -o "$tmp/br.body" "http://127.0.0.1:$port_b/"
check "br asked: Content-Encoding br, decodes to the identity bytes" \
	bash -c "[[ '$(header br Content-Encoding)' == br ]] && cmp -s '$tmp/br.body' '$tmp/id.body'"
get b q0 / -H 'Accept-Encoding: br;q=0, gzip;q=0' >/dev/null
check "q=0 for both: no Content-Encoding, the identity bytes" \
	bash -c "[[ -z '$(header q0 Content-Encoding)' ]] && cmp -s '$tmp/q0.body' '$tmp/id.body'"

# ---- signed-in and anonymous visitors never share a page
jar_b=$tmp/jar_b
get b login /login -c "$jar_b" -b "$jar_b" >/dev/null
tok=$(sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/login.body" | head -1)
get b signin /login -c "$jar_b" -b "$jar_b" --data-urlencode "_csrf=$tok" \
	--data-urlencode login=pcadmin --data-urlencode password=Cache-admin-2026 >/dev/null
draft="页面缓存草稿$$"
did=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "$draft" --written "$today" 2>>"$tmp/doc.log" |
	grep -oE '[0-9]+' | head -1)
printf '草稿附件：只有工作人员能看到 %s\n' "$$" >"$tmp/draft.txt"
fid=$("$ZF_BIN" doc attach --db "$db" "$did" "$tmp/draft.txt" 2>>"$tmp/doc.log" | grep -oE '[0-9]+' | head -1)
[[ -n $did && -n $fid ]] || bail "a draft with an attachment (doc add, doc attach)" "$tmp/doc.log"
# a draft's attachment: staff may open it (a preview), visitors get 404; on one cacheable route
f="/docs/$did/files/$fid"
code1=$(get b anon1 "$f")
code2=$(get b staff1 "$f" -b "$jar_b")
code3=$(get b anon2 "$f")
code4=$(get b staff2 "$f" -b "$jar_b")
code5=$(get b anon3 "$f")
check "a draft's attachment: anonymous 404, staff 200, anonymous 404, staff 200, anonymous 404 ($code1 $code2 $code3 $code4 $code5)" \
	bash -c "[[ $code1 == 404 && $code2 == 200 && $code3 == 404 && $code4 == 200 && $code5 == 404 ]] && cmp -s '$tmp/staff1.body' '$tmp/draft.txt' && ! grep -qF '只有工作人员' '$tmp/anon2.body' '$tmp/anon3.body'"
check "the staff answers bypass the cache ($(verdict staff1) $(verdict staff2))" \
	bash -c "[[ '$(verdict staff1)' == bypass && '$(verdict staff2)' == bypass ]]"
get b anonh / >/dev/null
get b anon4 / >/dev/null
get b staff3 / -b "$jar_b" >/dev/null
check "anonymous home: hit; signed-in home: bypass ($(verdict anon4), $(verdict staff3))" \
	bash -c "[[ '$(verdict anon4)' == hit && '$(verdict staff3)' == bypass ]]"
bad=
for p in "${pages[@]}"; do
	get b sx "$p" -b "$jar_b" >/dev/null
	[[ $(verdict sx) == bypass ]] || bad+=" $p($(verdict sx))"
done
check "every warm page bypasses the cache for the signed-in visitor${bad:+:$bad}" test -z "$bad"

# ---- a page with a CSRF form is never kept
get b cons /hdjl/consultations >/dev/null
bad=
checked=0
for p in $(grep -oE 'href="/hdjl/(consultations|interviews)/[0-9]+"' "$tmp/cons.body" | sed 's/href="//; s/"$//' | sort -u) \
	/hdjl/interviews/1 /hdjl/interviews/2; do
	for i in 1 2; do
		get b f$i "$p" >/dev/null
	done
	if grep -q 'name="_csrf"' "$tmp/f2.body"; then
		checked=$((checked + 1))
		[[ $(verdict f1) == bypass && $(verdict f2) == bypass ]] || bad+=" $p($(verdict f1) $(verdict f2))"
	fi
done
check "pages with a CSRF form ($checked of them) are bypass on every visit${bad:+:$bad}" \
	bash -c "[[ $checked -ge 1 && -z '$bad' ]]"
for i in 1 2; do get b ap$i /apply >/dev/null; done
check "the application form (/apply) is never from the cache, no X-Zf-Cache" \
	bash -c "[[ -z '$(verdict ap1)' && -z '$(verdict ap2)' ]] && grep -q 'name=\"_csrf\"' '$tmp/ap2.body'"
get b font1 "/?font=large" >/dev/null
check "?font=large sets a cookie, so its answer is not kept ($(verdict font1))" \
	bash -c "[[ '$(verdict font1)' == bypass ]] && grep -q 'class=\"large\"' '$tmp/font1.body'"
get b font2 / -H 'Cookie: zf_font=large' >/dev/null
get b font3 / -H 'Cookie: zf_font=large' >/dev/null
get b font4 / >/dev/null
check "长者模式 pages are kept apart from the standard ones" \
	bash -c "[[ '$(verdict font3)' == hit && '$(verdict font4)' == hit ]] && grep -q 'class=\"large\"' '$tmp/font3.body' && ! grep -q 'class=\"large\"' '$tmp/font4.body'"
code=$(curl -s -o /dev/null -D "$tmp/head.head" -I -w '%{http_code}' "http://127.0.0.1:$port_b/")
check "HEAD / is answered from the cache ($code, $(verdict head))" \
	bash -c "[[ $code == 200 && '$(verdict head)' == hit ]]"

for s in a b; do
	p=pid_$s
	kill -TERM "${!p}" && wait "${!p}"
	check "server $s stops cleanly" test $? -eq 0
done
pids=()
echo "1..$n"
