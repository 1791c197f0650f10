#!/usr/bin/env bash
# site_check_cli.sh: `zfxxgk site check` as a user meets it: help, exit statuses, text and
# JSON output, directories, WARC, live URLs, and bad input (a 500 MB page, a page over the
# page cap, an unknown encoding, a truncated WARC, binary bytes) with clear messages in
# bounded time and memory.
set -u
: "${ZF_BIN:?run through tests/run}"
: "${ZF_ROOT:?run through tests/run}"
tmp=$(mktemp -d)
srv=
trap '[[ -n $srv ]] && kill "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT
cases=$ZF_ROOT/tests/golden/site-check/cases
rules=$ZF_ROOT/tests/golden/site-check/rules.tsv
n=0
t() { # t NAME COND...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }
chk() { "$ZF_BIN" site check --rules "$rules" "$@"; }

"$ZF_BIN" site check --help >"$tmp/h" 2>&1; rc=$?
t "--help exits 0" test $rc -eq 0
t "--help is in Chinese and names the exit statuses" has "退出状态：0 没有发现问题" "$tmp/h"
"$ZF_BIN" site check >/dev/null 2>"$tmp/e"; rc=$?
t "no path: usage error 2" test $rc -eq 2
t "and says what is missing" has "缺少要检查的文件" "$tmp/e"
chk --min 严重 x >/dev/null 2>"$tmp/e"; rc=$?
t "a bad --min is refused" test $rc -eq 2
t "with the levels named" has "疑似、扣分 或 单项否决" "$tmp/e"
chk --date 2026-13-01 x >/dev/null 2>"$tmp/e"; t "a bad --date is refused" test $? -eq 2
printf 'wording.a\tveto\t习进平\nwording.b\tbad\t攻府\n' >"$tmp/bad.tsv"
"$ZF_BIN" site check --rules "$tmp/bad.tsv" "$cases/wording.txt" >/dev/null 2>"$tmp/e"; rc=$?
t "a rule set with an invalid rule is refused" test $rc -eq 2
t "naming the line" has "第2行" "$tmp/e"

chk "$cases/clean-home.html" >"$tmp/o" 2>"$tmp/e"; rc=$?
t "a clean page: exit 0" test $rc -eq 0
t "and the summary says so" has "0 处问题" "$tmp/o"
chk "$cases/wording.txt" >"$tmp/o" 2>"$tmp/e"; rc=$?
t "findings: exit 1" test $rc -eq 1
t "severity in Chinese, snippet in 【】" has "[单项否决] wording.leader-name-xi 第12–21字节 【习进平】" "$tmp/o"
t "the fix is given" has "建议：改为“习近平”" "$tmp/o"
chk --min 单项否决 "$cases/hidden-samesite-trick.html" >"$tmp/o"; rc=$?
t "--min 单项否决 leaves out a 疑似 finding (exit 0)" test $rc -eq 0
chk --min 疑似 "$cases/hidden-samesite-trick.html" >"$tmp/o"; rc=$?
t "--min 疑似 keeps it (exit 1)" test $rc -eq 1

chk --json "$cases/hidden-display.html" "$cases/clean-article.html" >"$tmp/j"; rc=$?
t "--json: exit 1 with a finding" test $rc -eq 1
t "--json: one object per file and a summary" test "$(jq -r '[(.files | length), .summary.checked, .summary.findings, .summary.suspect] | @csv' "$tmp/j")" = "2,2,1,1"
t "--json: a finding has every field" test "$(jq -r '.files[0].findings[0] | [has("id","category","severity","url","start","end","snippet","context","message","fix")] | all' "$tmp/j")" = true
t "--json: the hidden link's id and category" test "$(jq -r '.files[0].findings[0] | .id + " " + .category' "$tmp/j")" = "link.hidden.display-none link.hidden"
off=$(jq '.files[0].findings[0].start' "$tmp/j")
t "--json: the offset points at the <a> in the page" test "$(tail -c +$((off + 1)) "$cases/hidden-display.html" | head -c 2)" = "<a"

# directories: recursive, only page files, sorted
mkdir -p "$tmp/site/a/b" "$tmp/site/c"
cp "$cases/clean-home.html" "$tmp/site/index.html"
cp "$cases/wording.txt" "$tmp/site/a/b/notice.txt"
cp "$cases/hidden-color.html" "$tmp/site/c/page.htm"
cp "$cases/warc-records.warc" "$tmp/site/c/crawl.warc"
printf '\x89PNG' >"$tmp/site/c/logo.png"
chk --json "$tmp/site" >"$tmp/j" 2>"$tmp/e"; rc=$?
t "a directory: exit 1" test $rc -eq 1
t "a directory: every page file below it, WARC records included, no image" test "$(jq '.summary.checked' "$tmp/j")" = 6
t "a directory: the finding of the nested text file" test "$(jq -r '[.files[] | select(.path | endswith("a/b/notice.txt")) | .findings[].id] | join(",")' "$tmp/j")" = "wording.leader-name-xi,wording.organ-name-gwy,wording.typo-zhengfu,wording.formula-core"

# bad input
truncate -s 500M "$tmp/big.html"
start=$(date +%s%N)
/usr/bin/time -f %M -o "$tmp/rss" "$ZF_BIN" site check --rules "$rules" "$tmp/big.html" >/dev/null 2>"$tmp/e"; rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
t "a 500 MB page: exit 2" test $rc -eq 2
t "a 500 MB page: refused by the size cap, said clearly" has "文件过大（524288000 字节，上限 67108864 字节），未检查" "$tmp/e"
echo "# a 500 MB page refused in $ms ms (a figure, not a check: the size cap and memory are)"
t "a 500 MB page: in bounded memory ($(tail -1 "$tmp/rss") KB < 100000)" test "$(tail -1 "$tmp/rss")" -lt 100000
{ echo '<html><body>'; head -c 20000000 /dev/zero | tr '\0' 'a'; echo '</body></html>'; } >"$tmp/20m.html"
/usr/bin/time -f %M -o "$tmp/rss" "$ZF_BIN" site check --rules "$rules" "$tmp/20m.html" >/dev/null 2>"$tmp/e"; rc=$?
t "a 20 MB page: over the page cap, exit 2" test $rc -eq 2
t "a 20 MB page: said clearly" has "网页过大（20000028 字节，上限 16777216 字节），未检查" "$tmp/e"
t "a 20 MB page: memory bounded ($(tail -1 "$tmp/rss") KB < 200000)" test "$(tail -1 "$tmp/rss")" -lt 200000
{ echo '<html><body>'; head -c 2000000 /dev/zero | sed 's/\x0/<div>/g'; } >"$tmp/deep.html"
start=$(date +%s%N)
chk "$tmp/deep.html" >/dev/null 2>"$tmp/e"; rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
t "two million unclosed <div>s: exit 2 ($ms ms)" test $rc -eq 2
t "two million unclosed <div>s: said" has "嵌套超过 600 层" "$tmp/e"
printf '<html><head><meta charset="x-klingon"></head><body>qaplah</body></html>' >"$tmp/enc.html"
chk "$tmp/enc.html" >/dev/null 2>"$tmp/e"; rc=$?
t "an unknown encoding: exit 2" test $rc -eq 2
t "an unknown encoding: named in the message" has "网页声明的编码“x-klingon”无法识别" "$tmp/e"
head -c 4000 /dev/urandom >"$tmp/noise.txt"
chk "$tmp/noise.txt" >/dev/null 2>"$tmp/e"; rc=$?
t "binary bytes: exit 2 with one line" test $rc -eq 2 -a "$(wc -l <"$tmp/e")" -eq 1
head -c 1500 "$cases/warc-records.warc" >"$tmp/cut.warc"
chk "$tmp/cut.warc" >"$tmp/o" 2>"$tmp/e"; rc=$?
t "a truncated WARC: exit 2" test $rc -eq 2
t "a truncated WARC: the record named" has "WARC 文件在第 5 条记录的头部截断或损坏" "$tmp/e"
t "a truncated WARC: the records before it are checked" has "cut.warc#4：1 处问题" "$tmp/o"
head -c 1200 "$cases/warc-members.warc.gz" >"$tmp/cut.warc.gz"
chk "$tmp/cut.warc.gz" >/dev/null 2>"$tmp/e"; rc=$?
t "a truncated .warc.gz: exit 2, said" test $rc -eq 2 -a -n "$(grep -F '截断或损坏' "$tmp/e")"
chk "$tmp/nonexistent.html" >/dev/null 2>"$tmp/e"; rc=$?
t "a missing file: exit 2" test $rc -eq 2
t "a missing file: said" has "文件不存在" "$tmp/e"

# a live URL, served on 127.0.0.1
mkdir -p "$tmp/www"
cp "$cases/hidden-offscreen.html" "$tmp/www/p.html"
port=$((20000 + RANDOM % 20000))
(cd "$tmp/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
srv=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/p.html" >/dev/null && break; sleep 0.1; done
chk --json "http://127.0.0.1:$port/p.html" >"$tmp/j" 2>"$tmp/e"; rc=$?
t "a live URL: fetched and checked (exit 1)" test $rc -eq 1
t "a live URL: the hidden link found, the URL given" test "$(jq -r '.files[0].findings[0] | .id + " " + .url' "$tmp/j" 2>/dev/null)" = "link.hidden.offscreen http://127.0.0.1:$port/p.html"
chk "http://127.0.0.1:$port/missing.html" >/dev/null 2>"$tmp/e"; rc=$?
t "a URL that is not found: exit 2" test $rc -eq 2
echo "1..$n"
