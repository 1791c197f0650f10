#!/usr/bin/env bash
# requests_cli.sh: the request commands as a clerk meets them: demo data, a new request and
# its events, show and list, a review case, the generated annual report passing the checker;
# bad input exits 2 with a Chinese message and leaves the database byte for byte unchanged;
# `request rebuild` puts back what was tampered with and leaves a sound database as it is.
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

for c in "request" "request add" "request event" "request show" "request list" \
	"request rebuild" "review" "review add" "demo" "report generate"; do
	# shellcheck disable=SC2086
	"$ZF_BIN" $c --help >"$tmp/h" 2>&1; rc=$?
	t "$c --help exits 0" test $rc -eq 0
	t "$c --help is in Chinese" has "用法" "$tmp/h"
done

"$ZF_BIN" demo --requests 300 --seed 7 --today 2026-03-10 --db "$db" >"$tmp/demo" 2>"$tmp/err"
rc=$?
t "demo exits 0" test $rc -eq 0
t "demo lists the agencies" has "示例区人民政府" "$tmp/demo"
t "demo says how many" has "已生成 300 件申请" "$tmp/demo"
t "demo says how many are open and overdue" grep -qE "其中 [0-9]+ 件仍在办理（[1-9][0-9]* 件已逾期）" \
	"$tmp/demo"
t "demo covers last year and this one" test "$(sqlite3 "$db" \
	"SELECT min(received_on) >= '2025-01-01' AND max(received_on) <= '2026-03-10'
	 FROM requests")" = 1
rm -f "$tmp/again.db"*
"$ZF_BIN" demo --requests 300 --seed 7 --today 2026-03-10 --db "$tmp/again.db" >/dev/null 2>&1
same() { sqlite3 "$1" "SELECT agency_id, description, received_on, state, closed_on, due_on
	FROM requests ORDER BY id; SELECT * FROM request_events ORDER BY 1, 2"; }
t "the same seed and day give the same demo" cmp -s <(same "$db") <(same "$tmp/again.db")

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
# dates ahead of today (Beijing) or before the events they follow
ahead=$(TZ=Asia/Shanghai date -d '+2 days' +%F)
refuse "reply dated ahead of today" "晚于今天" request event "$id" --db "$db" \
	--kind replied --on "$ahead" --decision granted --letter-no "〔2030〕第1号"
refuse "补正 dated ahead of today" "晚于今天" request event "$id" --db "$db" \
	--kind supplement_requested --on "$ahead"
refuse "receipt dated ahead of today" "晚于今天" request add --db "$db" --agency 1 \
	--received "$ahead" --name 王五 --description x
refuse "event before the receipt" "早于收到申请之日" request event "$id" --db "$db" \
	--kind extension_approved --on 2025-03-01 --days 5 --approver 赵六
refuse "event before the previous one" "早于上一事件" request event "$id" --db "$db" \
	--kind extension_approved --on 2025-03-07 --days 5 --approver 赵六
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

for y in 2025 2026; do
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
# rebuild: a sound database stays as it is; tampered rows are put back
"$ZF_BIN" request rebuild --db "$db" >"$tmp/rb" 2>"$tmp/err"
t "rebuild exits 0" test $? -eq 0
t "rebuild says how many" grep -qE "已重新推算 [0-9]+ 件申请，其中 0 件" "$tmp/rb"
t "rebuild draws no bar when stderr is not a terminal" test ! -s "$tmp/err"
kept() { sqlite3 "$db" "SELECT id, state, closed_on, report_row, due_on FROM requests ORDER BY id"; }
kept >"$tmp/kept.before"
sqlite3 "$db" "UPDATE requests SET state = 'processing', closed_on = NULL, report_row = NULL
	WHERE id = (SELECT min(id) FROM requests WHERE state = 'replied');
	UPDATE requests SET due_on = '2099-01-01'
	WHERE id = (SELECT min(id) FROM requests WHERE closed_on IS NULL AND due_on IS NOT NULL);"
t "tampered rows differ" bash -c "! cmp -s '$tmp/kept.before' <(sqlite3 '$db' \
	'SELECT id, state, closed_on, report_row, due_on FROM requests ORDER BY id')"
audits=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'request.rebuild'")
"$ZF_BIN" request rebuild --db "$db" >"$tmp/rb" 2>&1
t "rebuild after tampering exits 0" test $? -eq 0
t "rebuild fixed two" has "其中 2 件" "$tmp/rb"
kept >"$tmp/kept.after"
t "every row is as before" cmp -s "$tmp/kept.before" "$tmp/kept.after"
t "the rebuild is audited" test "$(sqlite3 "$db" \
	"SELECT count(*) FROM audit_log WHERE action = 'request.rebuild'")" -gt "$audits"
sqlite3 "$db" "UPDATE request_events SET on_date = '2001-01-02'
	WHERE request_id = (SELECT min(id) FROM requests WHERE state = 'replied') AND seq = 2"
"$ZF_BIN" request rebuild --db "$db" >"$tmp/rb" 2>&1
t "a history the clock refuses: exit 1" test $? -eq 1
t "and says which" has "不再成立" "$tmp/rb"
kept >"$tmp/kept.after"
t "and leaves it as it was" cmp -s "$tmp/kept.before" "$tmp/kept.after"
echo "1..$n"
