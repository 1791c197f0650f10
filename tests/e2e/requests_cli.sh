#!/usr/bin/env bash
# requests_cli.sh: the request commands as a clerk meets them: demo data, a new request and
# its events, show and list, a review case, the generated annual report passing the checker;
# bad input exits 2 with a Chinese message and leaves the database byte for byte unchanged.
set -u
: "${ZF_BIN:?run through tests/run}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ZFXXGK_CALENDAR="$tmp/calendar.tsv"
db="$tmp/zf.db"
n=0
t() { # t NAME COND...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }
dump() { sqlite3 "$db" .dump >"$1"; }

for c in "request" "request add" "request event" "request show" "request list" "review" \
	"review add" "demo" "report generate"; do
	# shellcheck disable=SC2086
	"$ZF_BIN" $c --help >"$tmp/h" 2>&1; rc=$?
	t "$c --help exits 0" test $rc -eq 0
	t "$c --help is in Chinese" has "用法" "$tmp/h"
done

"$ZF_BIN" demo --requests 300 --seed 7 --db "$db" >"$tmp/demo" 2>"$tmp/err"; rc=$?
t "demo exits 0" test $rc -eq 0
t "demo lists the agencies" has "示例区人民政府" "$tmp/demo"
t "demo says how many" has "已生成 300 件申请" "$tmp/demo"

"$ZF_BIN" request add --db "$db" --agency 2 --received 2025-03-03 --name 李四 \
	--id-no 110101199003071234 --phone 13900001111 --address 示例路1号 \
	--description "某小区规划许可" --applicant-type natural_person >"$tmp/add" 2>"$tmp/err"
rc=$?
t "request add exits 0" test $rc -eq 0
id=$(grep -oE '[0-9]+' "$tmp/add" | tail -1)
t "request add prints the id" test -n "$id"
"$ZF_BIN" request event "$id" --db "$db" --kind consultation_started --on 2025-03-05 \
	--who 某公司 >/dev/null 2>&1
t "consultation started" test $? -eq 0
"$ZF_BIN" request event "$id" --db "$db" --kind consultation_answered --on 2025-03-10 \
	--who 某公司 >/dev/null 2>&1
t "consultation answered" test $? -eq 0
"$ZF_BIN" request show "$id" --db "$db" >"$tmp/show" 2>&1
t "show exits 0" test $? -eq 0
t "show names the state" has "状态：" "$tmp/show"
t "show has the due date" has "答复期限：" "$tmp/show"

# refusals: exit 2, a Chinese message, and the database unchanged
dump "$tmp/before"
refuse() { # refuse NAME WORD ARGS...: must exit 2, say WORD, leave the dump unchanged
	local name=$1 word=$2; shift 2
	"$ZF_BIN" "$@" >/dev/null 2>"$tmp/err"; local rc=$?
	dump "$tmp/after"
	t "$name: exit 2" test $rc -eq 2
	t "$name: says why" has "$word" "$tmp/err"
	t "$name: database unchanged" cmp -s "$tmp/before" "$tmp/after"
}
refuse "unknown agency" "机关" request add --db "$db" --agency 999 --received 2025-03-03 \
	--name 王五 --description x
refuse "malformed date" "YYYY-MM-DD" request add --db "$db" --agency 1 --received 2025/03/03 \
	--name 王五 --description x
refuse "no such day" "不是存在的日期" request event "$id" --db "$db" --kind replied \
	--on 2025-02-30 --decision granted
refuse "unknown decision" "granted" request event "$id" --db "$db" --kind replied \
	--on 2025-03-20 --decision nonsense
refuse "reply before receipt" "不成立" request event "$id" --db "$db" --kind replied \
	--on 2025-03-01 --decision granted
refuse "unknown request" "没有编号为" request event 987654 --db "$db" --kind replied \
	--on 2025-03-20 --decision granted
refuse "unknown applicant type" "申请人类型" request add --db "$db" --agency 1 \
	--received 2025-03-03 --name 王五 --description x --applicant-type alien
refuse "review of an unknown request" "没有编号为" review add --db "$db" --request 987654 \
	--kind review --filed 2025-05-01
refuse "report of an unknown agency" "机关" report generate --db "$db" --agency 999 --year 2025

"$ZF_BIN" request event "$id" --db "$db" --kind replied --on 2025-03-20 \
	--decision partially_granted --letter-no "示政公开〔2025〕3号" >/dev/null 2>&1
t "reply" test $? -eq 0
"$ZF_BIN" request show "$id" --db "$db" >"$tmp/show" 2>&1
t "show gives the report row" has "部分公开" "$tmp/show"
"$ZF_BIN" request list --db "$db" --agency 2 --limit 0 >"$tmp/list" 2>&1
t "list exits 0" test $? -eq 0
t "list shows the new request" grep -qE "^$id	2	" "$tmp/list"
t "list shows no personal data" bash -c "! grep -q 13900001111 '$tmp/list'"
"$ZF_BIN" review add --db "$db" --request "$id" --kind review --filed 2025-05-06 \
	--body 示例市人民政府 >"$tmp/rv" 2>&1
t "review add" test $? -eq 0
rid=$(grep -oE '[0-9]+' "$tmp/rv" | tail -1)
"$ZF_BIN" review event "$rid" --db "$db" --outcome corrected --on 2025-07-01 >/dev/null 2>&1
t "review decided" test $? -eq 0
dump "$tmp/before"
refuse "deciding twice" "已经审结" review event "$rid" --db "$db" --outcome upheld --on 2025-08-01
"$ZF_BIN" review list --db "$db" >"$tmp/rl" 2>&1
t "review list shows the outcome" has "结果纠正" "$tmp/rl"

for y in 2020 2023 2025; do
	"$ZF_BIN" report generate --db "$db" --agency 1 --year $y --with-subordinates \
		-o "$tmp/r$y.json" 2>"$tmp/err"
	t "report generate $y exits 0" test $? -eq 0
	"$ZF_BIN" report check "$tmp/r$y.json" >"$tmp/check" 2>&1
	t "report check $y exits 0" test $? -eq 0
	t "report check $y finds no errors" has "0 个错误" "$tmp/check"
done
"$ZF_BIN" report generate --db "$db" --agency 2 --year 2025 -o "$tmp/own.json" 2>/dev/null
t "one agency alone" test $? -eq 0
t "its table 4 counts the corrected case" grep -q '"corrected": 1' "$tmp/own.json"
t "the audit log names no personal data" \
	bash -c "! sqlite3 '$db' 'SELECT * FROM audit_log' | grep -qE '13900001111|110101199003071234|示例路1号'"
echo "1..$n"
