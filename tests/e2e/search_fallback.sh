#!/usr/bin/env bash
# tests/e2e/search_fallback.sh: the results page when no document holds the query as
# written (docs/search.md, "找不到完整词组时"): it says in Chinese that it searched all the
# words apart (住房保障 → 住房, 保障) or any of them, links to the phrase alone in quotes
# (with the filters kept), in plain HTML (no JavaScript) and in 长者模式; `zfxxgk doc search
# --json` reports the mode and the words. Runs `zfxxgk serve --demo` over a temporary
# database (SQLite or PostgreSQL, as ZF_E2E_ENGINE says). Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${ZF_BIN:-$here/../../build/zfxxgk}
work=$(mktemp -d /tmp/zf-e2e-fallback.XXXXXX)
server=
count=0
. "$here/engine_lib.sh"

point() { # point ok|fail DESCRIPTION
	count=$((count + 1))
	if [[ $1 == ok ]]; then echo "ok $count - $2"; else echo "not ok $count - $2"; fi
}
check() { # check DESCRIPTION FILE FIXED-STRING: the file holds the string
	if grep -qF -- "$3" "$2"; then point ok "$1"; else
		point fail "$1"
		echo "#   wanted: $3"
		grep -o '<p class="alert[^<]*' "$2" | head -3 | sed 's/^/#   got: /'
	fi
}
lacks() { # lacks DESCRIPTION FILE FIXED-STRING
	if grep -qF -- "$3" "$2"; then point fail "$1"; else point ok "$1"; fi
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
echo "# engine: $(e2e_engine)"
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
point ok "the demo server starts"

get() { # get FILE QUERY-STRING
	curl -sf -o "$1" "$url/search?$2" || point fail "GET /search?$2"
}
# 住房保障, 营商环境税, “住房保障” (URL-encoded)
phrase=%E4%BD%8F%E6%88%BF%E4%BF%9D%E9%9A%9C
any=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83%E7%A8%8E
quoted=%E2%80%9C$phrase%E2%80%9D

get "$work/all.html" "q=$phrase"
check "住房保障: the page says no document holds the phrase" "$work/all.html" \
	'没有找到包含完整词组“住房保障”的文件，以下是同时包含“<strong>住房</strong>”“<strong>保障</strong>”的结果'
check "and links to the phrase alone, in quotes" "$work/all.html" "href=\"/search?q=$quoted\""
lacks "no script is needed for it" "$work/all.html" '<script'
get "$work/large.html" "q=$phrase&font=large"
check "in 长者模式 the same sentence" "$work/large.html" '以下是同时包含“<strong>住房</strong>”'
check "(and the page is in large type)" "$work/large.html" 'class="large"'
get "$work/quoted.html" "q=$quoted"
check "the phrase in quotes: nothing, as written" "$work/quoted.html" '找到 0 份文件'
lacks "and no fallback" "$work/quoted.html" 'search-fallback'
get "$work/any.html" "q=$any&year=2025"
check "营商环境税: none holds all three words; some of them" "$work/any.html" \
	'也没有同时包含“<strong>营商</strong>”“<strong>环境</strong>”“<strong>税</strong>”的文件，以下是包含其中部分词语的结果'
check "the link to the phrase keeps the filters" "$work/any.html" "href=\"/search?q=%E2%80%9C$any%E2%80%9D&amp;year=2025\""
get "$work/plain.html" "q=%E4%BD%8F%E6%88%BF"
lacks "住房 is found as written: no note" "$work/plain.html" 'search-fallback'

"$bin" doc search 住房保障 --json --limit 1 --db "$db" >"$work/json" 2>"$work/err"
if jq -e '.how == "all_words" and .words == ["住房", "保障"] and .total > 0' "$work/json" >/dev/null; then
	point ok "doc search --json: how all_words, the words"
else
	point fail "doc search --json: how all_words, the words"
	head -c 300 "$work/json" | sed 's/^/#   /'
fi
finish 0
