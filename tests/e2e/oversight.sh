#!/usr/bin/env bash
# tests/e2e/oversight.sh: the oversight workspace (监督考核) in real Chromium (oversight.mjs):
# the administrator of 示例区人民政府 sees its departments in the table for the quarter, sorts
# it, exports it (read back with exceljs, figures equal to direct SQL counts and to the CLI),
# 督办 an overdue request (the reminder recorded, audited, listed), opens the SVG charts, fills
# in the 政府网站工作年度报表 (a bad number refused, nothing stored) and reads it on the public
# site; the access matrix (a department's users see only their own agency, a viewer cannot
# 督办, visitors are sent to sign in) and hostile input (script, oversize, invalid UTF-8,
# traversal) on every form. Before the server: `zfxxgk oversight` on the command line. Prints
# TAP; screenshots go to tests/e2e/artifacts/oversight-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user ovadmin 钱主管 1 admin 'Ov-admin-2026'
add_user ovview 孙查阅 1 viewer 'Ov-view-2026'
add_user ovdept 赵审核 3 reviewer 'Ov-dept-2026'
add_user ovoffice 周查阅 2 viewer 'Ov-office-2026'

# the command line
if "$ZF_BIN" oversight --help | grep -q '督办'; then report ok "oversight --help in Chinese"; else
	report notok "oversight --help in Chinese"; fi
"$ZF_BIN" oversight metrics --db "$db" --agency 99999 --from 2026-01-01 --to 2026-03-31 >/dev/null 2>"$tmp/err"
rc=$?
if ((rc == 2)) && grep -q '没有编号为 99999 的机关' "$tmp/err"; then report ok "metrics of an unknown agency: exit 2, named"; else
	report notok "metrics of an unknown agency (rc=$rc: $(cat "$tmp/err"))"; fi
"$ZF_BIN" oversight metrics --db "$db" --agency 1 --from 2026-13-01 --to 2026-03-31 >/dev/null 2>&1
rc=$?
if ((rc == 2)); then report ok "a bad date: exit 2"; else report notok "a bad date (rc=$rc)"; fi
year=$(TZ=Asia/Shanghai date +%Y)
from="$year-01-01"
to=$(TZ=Asia/Shanghai date +%F)
out=$("$ZF_BIN" oversight metrics --db "$db" --agency 3 --from "$from" --to "$to" 2>&1)
cli_recv=$(printf '%s\n' "$out" | sed -n 's/^收到申请\t//p')
sql_recv=$(./sql "$db" "SELECT count(*) FROM requests WHERE agency_id = 3 AND received_on >= '$from' AND received_on <= '$to'")
if [[ -n $cli_recv && $cli_recv == "$sql_recv" ]]; then report ok "metrics: 收到申请 of 住建局 this year = SQL ($sql_recv)"; else
	report notok "metrics: 收到申请 $cli_recv, SQL $sql_recv"; echo "$out" | sed 's/^/#   /'; fi
listed=$("$ZF_BIN" oversight supervise list --db "$db" 2>/dev/null | grep -c '^依申请公开	')
sql_over=$(./sql "$db" "SELECT count(*) FROM requests WHERE closed_on IS NULL AND due_on < '$to'")
if [[ $listed == "$sql_over" ]]; then report ok "supervise list: every overdue request ($listed)"; else
	report notok "supervise list: $listed listed, SQL $sql_over overdue"; fi
last=$((year - 1))
"$ZF_BIN" oversight website-report "$last" --db "$db" --xlsx "$tmp/wr.xlsx" 2>/dev/null
if [[ -s $tmp/wr.xlsx ]] && unzip -p "$tmp/wr.xlsx" xl/sharedStrings.xml | grep -q '独立用户访问总量'; then
	report ok "website-report $last --xlsx writes the workbook"
else
	report notok "website-report $last --xlsx writes the workbook"
fi
"$ZF_BIN" oversight website-report 1999 --db "$db" >/dev/null 2>&1
rc=$?
if ((rc == 2)); then report ok "website-report 1999: exit 2"; else report notok "website-report 1999 (rc=$rc)"; fi

# a demo message left unanswered for four months (our test data: the demo's oldest open
# message, its dates moved back): a 单项否决 risk
old=$(TZ=Asia/Shanghai date -d '-4 months' +%F)
./sql "$db" "UPDATE messages SET received_on = '$old', accepted_on = '$old', clock_from = '$old'
	WHERE id = (SELECT min(id) FROM messages WHERE status = 'open')" >/dev/null
stale=$(./sql "$db" "SELECT id FROM messages WHERE accepted_on = '$old' AND status = 'open'")
if [[ -n $stale ]]; then report ok "message $stale unanswered since $old"; else
	report notok "a message unanswered four months"; fi
listed=$("$ZF_BIN" oversight supervise list --db "$db" 2>/dev/null | sed -n 2p)
if [[ $listed == 政民互动留言$'\t'"$stale"$'\t'*$'\t'是 ]]; then report ok "supervise list: the stale message first, 单项否决风险 是"; else
	report notok "supervise list: the stale message first ($listed)"; fi

start_server
report ok "server starts on port $port"
run_node oversight.mjs
finish
