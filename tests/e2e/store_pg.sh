#!/usr/bin/env bash
# store_pg.sh: the database commands on PostgreSQL, beside the same commands on SQLite.
# Starts a throwaway server (tests/pg/pg_start; one that cannot start is a failure), then:
# `zfxxgk demo` with the same seed and day gives the same agencies and counts on both
# engines, and `zfxxgk report generate` the same JSON byte for byte; a request and a review
# case through the commands read back the same; refused commands exit 2 and leave the
# PostgreSQL database unchanged; an unreachable server is a Chinese error without the
# password. (The store's own PostgreSQL tests are unit/test_store_pg.)
set -u
: "${ZF_BIN:?run through tests/run}"
root=${ZF_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
pgdir=
cleanup() {
	[[ -n $pgdir ]] && "$root/tests/pg/pg_stop" "$pgdir" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
export ZFXXGK_CALENDAR="$tmp/calendar.tsv"
n=0
t() { # t NAME COND...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }

pgdir=$(mktemp -d /tmp/zf-pg-XXXXXX)
t0=$(date +%s%N)
uri=$("$root/tests/pg/pg_start" --watch $$ "$pgdir" 2>"$tmp/pg.err")
rc=$?
t1=$(date +%s%N)
if ((rc != 0)); then
	echo "not ok 1 - PostgreSQL starts (tests/pg/pg_start): $(tr '\n' ' ' <"$tmp/pg.err")"
	echo "1..1"
	exit 1
fi
t "PostgreSQL starts" test -n "$uri"
ms=$(((t1 - t0) / 1000000))
printf '# PostgreSQL started in %d.%02d s: %s\n' $((ms / 1000)) $((ms % 1000 / 10)) "$uri"
psql=$(cat "$pgdir/bindir")/psql
[[ -x $psql ]] || psql=psql
sql() { "$psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# a database per use, next to zftest
newdb() {
	sql "$uri" -c "CREATE DATABASE $1 ENCODING 'UTF8' TEMPLATE template0" >/dev/null &&
		echo "${uri/zftest/$1}"
}
pgdump() { # everything a user could see change
	local tbl
	for tbl in agencies applicants requests request_events review_cases review_events \
		letter_numbers audit_log schema_migrations; do
		echo "[$tbl]"
		sql "$1" -c "SELECT * FROM $tbl ORDER BY 1, 2"
	done
}

demo=$(newdb zf_demo)
t "a database for the demo" test -n "$demo"
day=2026-03-10
"$ZF_BIN" demo --requests 500 --seed 11 --today $day --db "$tmp/demo.db" >"$tmp/demo.sq" 2>"$tmp/err"
t "demo on SQLite exits 0" test $? -eq 0
"$ZF_BIN" demo --requests 500 --seed 11 --today $day --db "$demo" >"$tmp/demo.pg" 2>"$tmp/err"
rc=$?
t "demo on PostgreSQL exits 0" test $rc -eq 0
[[ $rc -ne 0 ]] && sed 's/^/# /' "$tmp/err"
t "demo says how many" has "已生成 500 件申请" "$tmp/demo.pg"
# all but the line with the time taken
t "demo prints the same agencies and counts on both engines" \
	cmp -s <(grep -v '用时' "$tmp/demo.sq") <(grep -v '用时' "$tmp/demo.pg")
t "the demo's requests are in PostgreSQL" test "$(sql "$demo" -c 'SELECT count(*) FROM requests')" = 500

for args in "--agency 1 --year 2025 --with-subordinates" "--agency 1 --year 2026 --with-subordinates" \
	"--agency 3 --year 2025" "--agency 5 --year 2026"; do
	# shellcheck disable=SC2086
	"$ZF_BIN" report generate --db "$tmp/demo.db" $args -o "$tmp/r.sq.json" 2>"$tmp/err"
	rs=$?
	# shellcheck disable=SC2086
	"$ZF_BIN" report generate --db "$demo" $args -o "$tmp/r.pg.json" 2>"$tmp/err"
	rp=$?
	t "report generate $args exits the same (sqlite $rs, postgresql $rp)" \
		test $rs -eq $rp -a $rs -ne 2
	t "report generate $args: the same JSON on both engines" cmp -s "$tmp/r.sq.json" "$tmp/r.pg.json"
	[[ -f $tmp/first.json ]] || cp "$tmp/r.pg.json" "$tmp/first.json"
done
t "the government's 2025 report counts the requests received" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["table3"]["rows"]
sys.exit(0 if r["received_new"][-1] > 100 and r["granted"][-1] > 0 else 1)' "$tmp/first.json"

# the request and review commands, the same on both
cli=$(newdb zf_cli)
t "a database for the commands" test -n "$cli"
for db in "$tmp/cli.db" "$cli"; do
	e=$([[ $db == postgres* ]] && echo pg || echo sq)
	"$ZF_BIN" demo --requests 20 --seed 3 --today 2025-12-01 --db "$db" >/dev/null 2>&1
	"$ZF_BIN" request add --db "$db" --agency 2 --received 2025-03-03 --name 李四 \
		--id-no 110101199003071234 --phone 13900001111 --address 示例路1号 \
		--description "某小区规划许可" --applicant-type natural_person >"$tmp/add.$e" 2>&1
	t "request add ($e)" test $? -eq 0
	id=$(grep -oE '[0-9]+' "$tmp/add.$e" | tail -1)
	"$ZF_BIN" request event "$id" --db "$db" --kind consultation_started --on 2025-03-05 \
		--who 某公司 >/dev/null 2>&1
	t "consultation started ($e)" test $? -eq 0
	"$ZF_BIN" request event "$id" --db "$db" --kind replied --on 2025-03-20 \
		--decision partially_granted --letter-no "示政公开〔2025〕3号" >/dev/null 2>&1
	t "reply ($e)" test $? -eq 0
	"$ZF_BIN" review add --db "$db" --request "$id" --kind review --filed 2025-05-06 \
		--body 示例市人民政府 >"$tmp/rv.$e" 2>&1
	t "review add ($e)" test $? -eq 0
	rid=$(grep -oE '[0-9]+' "$tmp/rv.$e" | tail -1)
	"$ZF_BIN" review event "$rid" --db "$db" --outcome corrected --on 2025-07-01 >/dev/null 2>&1
	t "review decided ($e)" test $? -eq 0
	"$ZF_BIN" request show "$id" --db "$db" >"$tmp/show.$e" 2>&1
	"$ZF_BIN" request list --db "$db" --limit 0 >"$tmp/list.$e" 2>&1
	"$ZF_BIN" review list --db "$db" >"$tmp/rl.$e" 2>&1
	"$ZF_BIN" report generate --db "$db" --agency 1 --year 2025 --with-subordinates \
		-o "$tmp/rep.$e.json" 2>/dev/null
done
t "request show reads the same on both engines" cmp -s "$tmp/show.sq" "$tmp/show.pg"
t "request show gives the report row" has "部分公开" "$tmp/show.pg"
t "request list is the same on both engines" cmp -s "$tmp/list.sq" "$tmp/list.pg"
t "review list is the same on both engines" cmp -s "$tmp/rl.sq" "$tmp/rl.pg"
t "review list shows the outcome" has "结果纠正" "$tmp/rl.pg"
t "the report is the same on both engines" cmp -s "$tmp/rep.sq.json" "$tmp/rep.pg.json"
t "the audit log names no personal data" \
	bash -c "! '$psql' -X -At '$cli' -c 'SELECT * FROM audit_log' | grep -qE '13900001111|110101199003071234|示例路1号'"

# refusals: exit 2, a Chinese message, and the database unchanged
pgdump "$cli" >"$tmp/before"
refuse() { # refuse NAME WORD ARGS...: must exit 2, say WORD, leave the dump unchanged
	local name=$1 word=$2; shift 2
	"$ZF_BIN" "$@" >/dev/null 2>"$tmp/err"; local rc=$?
	pgdump "$cli" >"$tmp/after"
	t "$name: exit 2" test $rc -eq 2
	t "$name: says why" has "$word" "$tmp/err"
	t "$name: database unchanged" cmp -s "$tmp/before" "$tmp/after"
}
refuse "unknown agency" "机关" request add --db "$cli" --agency 999 --received 2025-03-03 \
	--name 王五 --description x
refuse "reply before receipt" "不成立" request event "$id" --db "$cli" --kind replied \
	--on 2025-03-01 --decision granted
refuse "event after the reply" "不成立" request event "$id" --db "$cli" --kind withdrawn \
	--on 2025-03-25
refuse "unknown request" "没有编号为" request event 987654 --db "$cli" --kind replied \
	--on 2025-03-20 --decision granted
refuse "deciding twice" "已经审结" review event "$rid" --db "$cli" --outcome upheld --on 2025-08-01
refuse "report of an unknown agency" "机关" report generate --db "$cli" --agency 999 --year 2025

"$ZF_BIN" request list --db "postgresql://zf:pw-s3cret@/zf?host=$tmp/nowhere" >/dev/null 2>"$tmp/err"
t "an unreachable server: exit 2" test $? -eq 2
t "an unreachable server: says so in Chinese" has "无法连接 PostgreSQL 数据库" "$tmp/err"
t "an unreachable server: the password is not shown" bash -c "! grep -q pw-s3cret '$tmp/err'"
echo "1..$n"
