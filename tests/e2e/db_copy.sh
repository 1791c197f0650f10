#!/usr/bin/env bash
# db_copy.sh (issue #11): `zfxxgk db copy` of the demo database, end to end.
#
# The demo is made in SQLite (`zfxxgk serve --demo` started once and stopped), copied into an
# empty PostgreSQL database (every table "一致"), copied a second time into the same target
# (refused, exit 2, 不是空的, target unchanged), and copied back into a new SQLite file; the
# row counts of the three agree. Then the SQLite original and the PostgreSQL copy are served
# side by side and a set of public pages, found by following the pages' own links, must be
# the same byte for byte on both, apart from the per-visitor and request-time values listed
# at normalise() below; `zfxxgk doc search` gives the same hit lists on the three databases;
# a new request takes the same next id everywhere. Finally bad targets (unreachable,
# malformed, not UTF8) give one Chinese line on stderr, exit 2, and never the password.
# Starts its own throwaway PostgreSQL (tests/pg/pg_start). Prints TAP.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
ZF_BIN=${ZF_BIN:-$ROOT/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-dbcopy.XXXXXX)
export ZFXXGK_CALENDAR=$tmp/calendar.tsv
export LC_ALL=C.UTF-8
pids=()
pg=
n=0
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	[[ -n $pg ]] && "$ROOT/tests/pg/pg_stop" "$pg" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() { # check DESC CMD...: a test point passing when CMD succeeds
	local desc=$1
	shift
	if "$@"; then report ok "$desc"; else report notok "$desc"; fi
}
comment() { sed 's/^/#   /' | head -"${2:-25}"; } # comment [MAX] <text
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && comment <"$2"
	echo "1..$n"
	exit 1
}

# ---------------------------------------------------------------- PostgreSQL
pg=$("$ROOT/tests/pg/pg_start" --watch $$ 2>"$tmp/pg.err") || { pg=; bail "PostgreSQL starts" "$tmp/pg.err"; }
report ok "a throwaway PostgreSQL server"
pgsql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
newdb() { # newdb NAME [ENCODING]: creates a database and prints its URI
	pgsql "$pg" -c "CREATE DATABASE $1 ENCODING '${2:-UTF8}' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" \
		>>"$tmp/psql.log" 2>&1 && echo "${pg/\/zftest\?//$1?}"
}

# ---------------------------------------------------------------- servers
start() { # start NAME DB [ARGS...]: sets port_NAME and pid_NAME
	local name=$1 db=$2
	shift 2
	: >"$tmp/$name.log"
	"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
	local pid=$!
	pids+=("$pid")
	local port=
	for _ in $(seq 1 300); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/$name.log" | tail -1)
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $port ]] || return 1
	printf -v "port_$name" '%s' "$port"
	printf -v "pid_$name" '%s' "$pid"
}
stop() { # stop PID: SIGTERM, then waits up to 10 s; succeeds when the server exited with 0
	kill -TERM "$1" 2>/dev/null || return 1
	for _ in $(seq 1 600); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"
			return
		fi
		sleep 0.1
	done
	return 1
}

# ---------------------------------------------------------------- the demo, in SQLite
lite=$tmp/zf.db
start demo "$lite" --demo || bail "zfxxgk serve --demo makes the demo database in SQLite" "$tmp/demo.log"
report ok "zfxxgk serve --demo makes the demo database in SQLite"
check "the demo server stops cleanly on SIGTERM (exit 0)" stop "$pid_demo"

# row counts of `zfxxgk db info`: "table count" lines
info() { "$ZF_BIN" db info --db "$1" 2>&1; }
counts() { sed -n 's/^  \([a-z_0-9]*\) *\([0-9]*\)$/\1 \2/p' "$1"; }
info "$lite" >"$tmp/info.lite"
docs=$(counts "$tmp/info.lite" | sed -n 's/^docs //p')
reqs=$(counts "$tmp/info.lite" | sed -n 's/^requests //p')
[[ ${docs:-0} -gt 100 && ${reqs:-0} -gt 100 ]] &&
	report ok "the demo holds documents and requests ($docs docs, $reqs requests)" ||
	{ report notok "the demo holds documents and requests"; comment <"$tmp/info.lite"; }

# ---------------------------------------------------------------- SQLite → PostgreSQL
copy=$(newdb zfcopy) || bail "an empty UTF8 database for the copy" "$tmp/psql.log"
verdicts_ok() { # every table line ends in 一致 (or is a table rebuilt in the target), none 不一致
	local f=$1
	! grep -q '不一致' "$f" &&
		[[ $(grep -cE '^[a-z_0-9]+ +[0-9]+ +[0-9]+ +[0-9a-f]{16} 一致$' "$f") -gt 15 ]] &&
		! grep -vE '^[a-z_0-9]+ +([0-9]+ +[0-9]+ +[0-9a-f]{16} 一致|- +- +仅源引擎使用，在目标中重建)$' "$f" |
		grep -qvE '^(表 |复制完成：)'
}
"$ZF_BIN" db copy --from "$lite" --to "$copy" >"$tmp/copy1.out" 2>"$tmp/copy1.err"
rc=$?
if ((rc != 0)); then
	report notok "db copy SQLite → PostgreSQL exits 0 (exit $rc)"
	grep -v ' info migrated ' "$tmp/copy1.err" | comment
	pgdir=${pg#*host=}
	pgdir=${pgdir%%&*}
	echo "#   PostgreSQL's log:"
	grep -E 'ERROR|DETAIL' "$pgdir/log" 2>/dev/null | tail -4 | comment
	bail "the copy must succeed for the rest of the checks"
fi
report ok "db copy SQLite → PostgreSQL exits 0"
if verdicts_ok "$tmp/copy1.out" && grep -q '^复制完成：.*全部一致' "$tmp/copy1.out"; then
	report ok "the table of counts and checksums says 一致 for every table"
else
	report notok "the table of counts and checksums says 一致 for every table"
	comment 40 <"$tmp/copy1.out"
fi

# a second copy into the same (now full) target: refused, and the target unchanged
info "$copy" >"$tmp/info.copy.before"
"$ZF_BIN" db copy --from "$lite" --to "$copy" >"$tmp/copy2.out" 2>"$tmp/copy2.err"
rc=$?
check "a second copy into the same database is refused with exit 2 (exit $rc)" test "$rc" -eq 2
if grep -q '错误：目标数据库不是空的' "$tmp/copy2.err"; then
	report ok "saying in Chinese that the target is not empty (不是空的)"
else
	report notok "saying in Chinese that the target is not empty (不是空的)"
	comment <"$tmp/copy2.err"
fi
check "and printing no table of counts" test ! -s "$tmp/copy2.out"
info "$copy" >"$tmp/info.copy.after"
if cmp -s "$tmp/info.copy.before" "$tmp/info.copy.after"; then
	report ok "the refused copy left the target unchanged (db info before = after)"
else
	report notok "the refused copy left the target unchanged (db info before = after)"
	diff "$tmp/info.copy.before" "$tmp/info.copy.after" | comment
fi

# ---------------------------------------------------------------- PostgreSQL → SQLite
back=$tmp/back.db
"$ZF_BIN" db copy --from "$copy" --to "$back" >"$tmp/copy3.out" 2>"$tmp/copy3.err"
rc=$?
if ((rc == 0)); then
	report ok "db copy PostgreSQL → a new SQLite file exits 0 (round trip)"
else
	report notok "db copy PostgreSQL → a new SQLite file exits 0 (round trip, exit $rc)"
	grep -v ' info migrated ' "$tmp/copy3.err" | comment
fi
if verdicts_ok "$tmp/copy3.out"; then
	report ok "the round trip's table says 一致 for every table"
else
	report notok "the round trip's table says 一致 for every table"
	comment 40 <"$tmp/copy3.out"
fi
# the checksums: the two copies saw the same data in every table but the audit log, which
# each copy adds one row to (db.copy)
join <(awk '$5 == "一致" && $1 != "audit_log" {print $1, $4}' "$tmp/copy1.out" | sort) \
	<(awk '$5 == "一致" && $1 != "audit_log" {print $1, $4}' "$tmp/copy3.out" | sort) |
	awk '$2 != $3' >"$tmp/sums.diff"
nsums=$(awk '$5 == "一致"' "$tmp/copy1.out" | wc -l)
if [[ ! -s $tmp/sums.diff && $nsums -gt 15 ]]; then
	report ok "both copies give the same checksum for every table but audit_log ($nsums tables)"
else
	report notok "both copies give the same checksum for every table but audit_log"
	comment <"$tmp/sums.diff"
fi

# the row counts of the three databases. What may differ, and only this:
#  - audit_log: db copy records itself (action db.copy) in its target: original N, the
#    PostgreSQL copy N+1, the copy back N+2;
#  - doc_terms: PostgreSQL's search index (SQLite's is the FTS5 table docs_fts, which db info
#    does not list), rebuilt by db copy: in the PostgreSQL copy only, one row per document.
info "$copy" >"$tmp/info.copy"
info "$back" >"$tmp/info.back"
counts "$tmp/info.lite" | sort >"$tmp/c.lite"
counts "$tmp/info.copy" | sort >"$tmp/c.copy"
counts "$tmp/info.back" | sort >"$tmp/c.back"
audit=$(sed -n 's/^audit_log //p' "$tmp/c.lite")
{
	grep -v '^audit_log ' "$tmp/c.lite"
	echo "audit_log $((audit + 1))"
	echo "doc_terms $docs"
} | sort >"$tmp/c.copy.want"
{
	grep -v '^audit_log ' "$tmp/c.lite"
	echo "audit_log $((audit + 2))"
} | sort >"$tmp/c.back.want"
if cmp -s "$tmp/c.copy" "$tmp/c.copy.want" && cmp -s "$tmp/c.back" "$tmp/c.back.want" &&
	[[ $(wc -l <"$tmp/c.lite") -gt 15 ]]; then
	report ok "db info: the same row counts in the original, the PostgreSQL copy and the copy back ($(wc -l <"$tmp/c.lite") tables)"
else
	report notok "db info: the same row counts in the original, the PostgreSQL copy and the copy back"
	{
		echo "PostgreSQL copy (expected vs got):"
		diff "$tmp/c.copy.want" "$tmp/c.copy"
		echo "copy back (expected vs got):"
		diff "$tmp/c.back.want" "$tmp/c.back"
	} | comment 40
fi
for f in copy back; do
	v=$(sed -n 's/^结构版本：\([0-9]*\)（本程序：\([0-9]*\)）$/\1 \2/p' "$tmp/info.$f")
	[[ -n $v && ${v% *} == "${v#* }" ]] && report ok "the $f is at the program's schema version ($v)" ||
		report notok "the $f is at the program's schema version ($(head -3 "$tmp/info.$f" | tr '\n' ' '))"
done

# ---------------------------------------------------------------- the same pages
start lite "$lite" || bail "a server on the SQLite original" "$tmp/lite.log"
start pg "$copy" || bail "a server on the PostgreSQL copy" "$tmp/pg.log"
report ok "two servers side by side: SQLite original (port $port_lite), PostgreSQL copy (port $port_pg)"

# Both servers are asked with the same Host header: the feed and the sitemap write absolute
# URLs from it (http://zf.example/...), so the two servers' different ports do not show.
HOST=zf.example
mkdir -p "$tmp/lite" "$tmp/pg"
get() { # get SIDE NAME PATH: $tmp/SIDE/NAME.{body,head,code}
	local port=port_$1
	curl -s -m 30 -H "Host: $HOST" -o "$tmp/$1/$2.body" -D "$tmp/$1/$2.head" -w '%{http_code}' \
		"http://127.0.0.1:${!port}$3" >"$tmp/$1/$2.code" 2>/dev/null
}
# normalise SIDE NAME: the parts of an answer that legitimately differ between two servers
# on the same data, replaced by a fixed mark (found by comparing the two servers' answers,
# and one server's answers a second apart; nothing else differed):
#  - Date: the time of the answer;
#  - Last-Modified and X-Zf-Cache of a page from the page cache: when this server kept it,
#    and whether it had it already (the ETag, a hash of the body, is compared);
#  - Set-Cookie: zf_csrf=<random per visitor> (the CSRF cookie of a first visit): the value
#    only, the cookie's name and attributes are compared;
#  - <input type="hidden" name="_csrf" value="..."> on pages with a form (/apply, /query):
#    the per-visitor CSRF token that goes with that cookie;
#  - in the Excel workbook (.xlsx, a zip): the zip is unpacked and its members compared in
#    order; docProps/core.xml has dcterms:created and dcterms:modified, the time the
#    workbook was made (the time of the request), so its ETag is not compared either.
#    Nothing else in the workbook is changed.
normalise() {
	local f=$tmp/$1/$2
	tr -d '\r' <"$f.head" | grep -vE '^(Date|Last-Modified|X-Zf-Cache): ' |
		sed -E 's/^(Set-Cookie: zf_csrf=)[0-9a-f]+/\1(per-visitor)/I; s/^(Content-Length: ).*/\1(see body)/I' \
			>"$f.nhead"
	if [[ $(sed -n 's/^Content-Type: *//Ip' "$f.nhead") == *spreadsheetml* ]]; then
		# its ETag hashes the zip's bytes, request time included: the members are compared
		sed -i '/^ETag: /Id' "$f.nhead"
		python3 - "$f.body" >"$f.nbody" 2>&1 <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    data = z.read(i.filename)
    if i.filename == "docProps/core.xml":
        data = re.sub(rb'(<dcterms:(created|modified)[^>]*>)[^<]*', rb'\1(request time)', data)
    print("== %s (%d bytes)" % (i.filename, len(data)))
    sys.stdout.write(data.decode("utf-8", "replace") + "\n")
PY
		[[ $(head -c 3 "$f.nbody") == "== " ]] || echo "(unreadable workbook from the $1 server)" >>"$f.nbody"
	else
		sed -E 's/(<input type="hidden" name="_csrf" value=")[0-9a-f]+"/\1(per-visitor)"/g' \
			"$f.body" >"$f.nbody"
	fi
}
same_page() { # same_page PATH [EXPECTED_STATUS]: one test point
	local path=$1 want=${2:-200} name
	name=$(printf '%s' "$path" | md5sum | cut -c1-12)
	get lite "$name" "$path"
	get pg "$name" "$path"
	normalise lite "$name"
	normalise pg "$name"
	local a=$tmp/lite/$name b=$tmp/pg/$name
	local ca cb
	ca=$(cat "$a.code") cb=$(cat "$b.code")
	local bytes
	bytes=$(wc -c <"$a.body")
	if [[ $ca == "$want" && $cb == "$want" ]] && cmp -s "$a.nhead" "$b.nhead" &&
		cmp -s "$a.nbody" "$b.nbody" && ((bytes > 0)); then
		report ok "GET $path: $want, same headers and body on SQLite and PostgreSQL ($bytes bytes)"
		return 0
	fi
	report notok "GET $path: $want, same headers and body on SQLite and PostgreSQL"
	echo "#   status: SQLite $ca, PostgreSQL $cb (want $want); body bytes: SQLite $(wc -c <"$a.body"), PostgreSQL $(wc -c <"$b.body")"
	diff -u --label "SQLite $path" --label "PostgreSQL $path" "$a.nhead" "$b.nhead" | comment 15
	diff -u --label "SQLite $path" --label "PostgreSQL $path" "$a.nbody" "$b.nbody" | cut -c1-300 | comment 30
	return 1
}
links() { # links NAME REGEX: the hrefs of a fetched SQLite page matching REGEX, in order, unique
	grep -oE 'href="[^"]*"' "$tmp/lite/$1.body" | sed -E 's/^href="//; s/"$//; s/&amp;/\&/g' |
		grep -E "$2" | awk '!seen[$0]++'
}
page_name() { printf '%s' "$1" | md5sum | cut -c1-12; }

q_public=%E5%85%AC%E5%BC%80 # 公开
q_housing=%E4%BD%8F%E6%88%BF # 住房
pages=(/ /guide /docs '/docs?page=2' /reports /agency/1 /sitemap.xml /apply /query
	"/search?q=$q_public" "/search?q=$q_housing")
# the pages' own links decide the rest: fetched from the SQLite server, then compared too
for p in / /docs '/docs?page=2' /reports "/search?q=$q_public"; do get lite "$(page_name "$p")" "$p"; done
found=()
add() { # add PAGE REGEX FILTER: the links of PAGE matching REGEX, through FILTER (head -3, ...)
	local f=$3
	mapfile -t -O "${#found[@]}" found < <(links "$(page_name "$1")" "$2" | $f)
}
add /docs '^/docs/[0-9]+$' 'head -3'                               # the newest three documents
add '/docs?page=2' '^/docs/[0-9]+$' 'tail -1'                      # one further back
add "/search?q=$q_public" '^/docs/[0-9]+$' 'tail -1'               # the last hit of a search
add /docs '^/docs/feed' 'head -1'                                  # the Atom feed
add /docs '^/docs\?agency=' 'tail -1'                             # catalogue filters
add /docs '^/docs\?genre=' 'head -1'
add /docs '^/docs\?kind=' 'head -1'
add "/search?q=$q_public" '[?&]page=2' 'head -1'                   # search results, page 2
add /reports '^/reports/[0-9]+/[0-9]{4}$' 'head -1'                # one published report
add /reports '^/reports/[0-9]+/[0-9]{4}\.(html|json|xlsx)$' 'head -3' # and its files
add / '^/agency/[0-9]+$' 'tail -1'                                 # a department's guide
feed=$(links "$(page_name /docs)" '^/docs/feed' | head -1)
ndoc=$(printf '%s\n' "${found[@]}" | grep -cE '^/docs/[0-9]+$')
if [[ -n $feed && $ndoc -ge 4 ]] && printf '%s\n' "${found[@]}" | grep -qE '^/reports/[0-9]+/[0-9]{4}$'; then
	report ok "links found on the pages: $ndoc documents, a report, the feed ($feed) and more (${#found[@]} in all)"
else
	report notok "links found on the pages (documents, a report, the feed): ${found[*]}"
fi
for p in "${pages[@]}" "${found[@]}"; do
	same_page "$p"
done
same_page /docs/999999 404
same_page /no/such/page 404

# the sitemap lists every published document: compare its documents with the catalogue's count
nsite=$(grep -c '<loc>http://zf.example/docs/[0-9]*</loc>' "$tmp/pg/$(page_name /sitemap.xml).body")
[[ $nsite -gt 100 ]] && report ok "the PostgreSQL copy's sitemap lists $nsite documents" ||
	report notok "the PostgreSQL copy's sitemap lists the documents ($nsite)"

# ---------------------------------------------------------------- search hit lists
# `zfxxgk doc search --json`: the full hit lists (drafts too, up to 500) on the three databases
qs=(公开 住房 税 信息 通知 '住房 保障' 示政发〔2026〕4号 年度报告 不存在的词语甲乙)
bad=0
nhits=0
for q in "${qs[@]}"; do
	for mode in "" --title-only; do
		for db in lite copy back; do
			case $db in lite) target=$lite ;; copy) target=$copy ;; back) target=$back ;; esac
			"$ZF_BIN" doc search "$q" $mode --all --limit 500 --json --db "$target" \
				>"$tmp/s.$db" 2>&1 || echo "(exit $?)" >>"$tmp/s.$db"
		done
		if ! cmp -s "$tmp/s.lite" "$tmp/s.copy" || ! cmp -s "$tmp/s.lite" "$tmp/s.back"; then
			bad=$((bad + 1))
			echo "# doc search \"$q\" $mode differs:"
			diff "$tmp/s.lite" "$tmp/s.copy" | head -8 | comment
			diff "$tmp/s.lite" "$tmp/s.back" | head -8 | comment
		fi
		h=$(sed -n 's/^  "total": \([0-9]*\),*$/\1/p' "$tmp/s.lite")
		nhits=$((nhits + ${h:-0}))
	done
done
((bad == 0 && nhits > 300)) &&
	report ok "zfxxgk doc search: the same hit lists on SQLite, PostgreSQL and the copy back (${#qs[@]} queries × 2 modes, $nhits hits)" ||
	report notok "zfxxgk doc search: the same hit lists on the three databases ($bad of $((${#qs[@]} * 2)) differ, $nhits hits)"

# the servers: stopped cleanly, nothing logged as an error
for s in lite pg; do
	pid_var=pid_$s
	check "the $s server stops cleanly on SIGTERM (exit 0)" stop "${!pid_var}"
	if grep -qE ' (error|warn) |zfxxgk: BUG at|Sanitizer|runtime error:' "$tmp/$s.log"; then
		report notok "the $s server logged no error or warning"
		grep -E ' (error|warn) |BUG|sanitizer' "$tmp/$s.log" | comment 10
	else
		report ok "the $s server logged no error or warning"
	fi
done

# ---------------------------------------------------------------- the next ids
# explicit ids went into PostgreSQL's identity columns: their sequences must continue after
# them, so that the next request has the same id on every copy (and no duplicate key)
today=$(TZ=Asia/Shanghai date +%F) # the server's today is Beijing's
ids=()
for target in "$lite" "$copy" "$back"; do
	out=$("$ZF_BIN" request add --db "$target" --agency 1 --received "$today" --channel post \
		--name 复制测试 --description "复制后的第一件申请：请公开示例事项的文件" 2>&1)
	ids+=("$(printf '%s' "$out" | sed -n 's/.*编号 \([0-9]*\).*/\1/p')")
	[[ -n ${ids[-1]} ]] || echo "# request add on $target: $out"
done
[[ -n ${ids[0]} && ${ids[0]} == "${ids[1]}" && ${ids[0]} == "${ids[2]}" && ${ids[0]} -gt $reqs ]] &&
	report ok "a new request takes the same next id on the three databases (${ids[0]})" ||
	report notok "a new request takes the same next id on the three databases (${ids[*]}; $reqs before)"

# ---------------------------------------------------------------- bad targets
# each: exit 2, nothing on stdout, exactly one line on stderr, in Chinese, no password
secret=s3cretPW
bad_target() { # bad_target DESC EXPECTED_PHRASE URI
	local desc=$1 phrase=$2 target=$3
	"$ZF_BIN" db info --db "$target" >"$tmp/bad.out" 2>"$tmp/bad.err"
	local rc=$?
	local lines
	lines=$(wc -l <"$tmp/bad.err")
	if ((rc == 2)) && [[ $lines -eq 1 && ! -s $tmp/bad.out ]] &&
		grep -q "^zfxxgk db info: 错误：.*$phrase" "$tmp/bad.err" &&
		! grep -q "$secret" "$tmp/bad.err" "$tmp/bad.out"; then
		report ok "db info on $desc: exit 2, one Chinese line ($phrase), no password"
	else
		report notok "db info on $desc: exit 2, one Chinese line ($phrase), no password (exit $rc, $lines lines)"
		comment <"$tmp/bad.err"
		comment <"$tmp/bad.out"
	fi
}
bad_target "an unreachable server" 无法连接 "postgresql://nobody:$secret@127.0.0.1:1/x"
bad_target "an unreachable server (no password)" 无法连接 "postgresql://nobody@127.0.0.1:1/x"
bad_target "a malformed URI" 格式不对 'postgresql://[oops'
bad_target "a malformed URI with a password" 格式不对 "postgresql://zf:$secret@[oops"
bad_target "a URI with an unknown parameter and a password" 格式不对 "postgresql://zf:$secret@127.0.0.1:1/x?nosuchkey=1&password=$secret"
ascii=$(newdb zfascii SQL_ASCII) || bail "an SQL_ASCII database" "$tmp/psql.log"
bad_target "an SQL_ASCII database" '编码是 SQL_ASCII.*UTF8' "$ascii&password=$secret"
user_part=${ascii#postgresql://}
bad_target "an SQL_ASCII database (password in the authority)" '编码是 SQL_ASCII' "postgresql://zf:$secret@$user_part"
tables=$(pgsql "$ascii" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'" 2>&1)
check "the SQL_ASCII database was left without tables ($tables)" test "$tables" = 0
"$ZF_BIN" db copy --from "$lite" --to "$ascii&password=$secret" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
if ((rc == 2)) && grep -q '错误：.*编码是 SQL_ASCII' "$tmp/bad.err" && ! grep -q "$secret" "$tmp/bad.err" &&
	[[ $(wc -l <"$tmp/bad.err") -eq 1 ]]; then
	report ok "db copy into the SQL_ASCII database: exit 2, one Chinese line, no password"
else
	report notok "db copy into the SQL_ASCII database: exit 2, one Chinese line, no password (exit $rc)"
	comment <"$tmp/bad.err"
fi
"$ZF_BIN" db copy --from "$lite" --to "postgresql://zf:$secret@127.0.0.1:1/x" >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
if ((rc == 2)) && grep -q '错误：无法连接' "$tmp/bad.err" && ! grep -q "$secret" "$tmp/bad.err" &&
	[[ $(wc -l <"$tmp/bad.err") -eq 1 ]]; then
	report ok "db copy to an unreachable server: exit 2, one Chinese line, no password"
else
	report notok "db copy to an unreachable server: exit 2, one Chinese line, no password (exit $rc)"
	comment <"$tmp/bad.err"
fi
echo "1..$n"
