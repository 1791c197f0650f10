#!/usr/bin/env bash
# tests/e2e/assessment.sh: 考核, 培训 and the quarterly 通报 of the 主管部门, on the demo tree, in
# real Chromium (assessment.mjs): the CLI (scheme shown, a bad scheme refused with its line and
# nothing written, training recorded); a reviewer of 示例区人民政府 computes the current quarter's
# scores, enters a manual item, writes the 通报's lists, downloads the draft and issues it, and
# both files are read back with bulletin_check.py, their figures equal to direct SQL counts;
# training recorded with JavaScript off and exported; the access matrix (every role on its own
# agency, another, the parent) and hostile input (script, oversize, invalid UTF-8, traversal,
# no CSRF token) refused with nothing stored. Prints TAP; screenshots in tests/e2e/artifacts.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user asadmin 周管理 1 admin 'As-admin-2026'
add_user asrev 吴审核 1 reviewer 'As-review-2026'
add_user asclerk 郑经办 1 clerk 'As-clerk-2026'
add_user asdview 冯查阅 3 viewer 'As-dview-2026'
add_user asdclerk 陈经办 3 clerk 'As-dclerk-2026'
add_user asdadmin 褚管理 3 admin 'As-dadmin-2026'

cli() { "$ZF_BIN" assess "$@" --db "$db"; }
if cli scheme show 2>/dev/null | grep -q $'^req_on_time\t依申请公开按时答复率\trate'; then
	report ok "assess scheme show prints the scheme in force"
else
	report notok "assess scheme show prints the scheme in force"
fi
printf 'x\t名\tveto\treq_on_time\t5\n' >"$tmp/bad.tsv"
before=$(./sql "$db" 'SELECT count(*) FROM assess_schemes')
msg=$(cli scheme load --file "$tmp/bad.tsv" 2>&1 >/dev/null | grep -v '^20[0-9][0-9]-')
status=$?
if [[ $msg == *"第1行"*"数据项须为计数"* && $(./sql "$db" 'SELECT count(*) FROM assess_schemes') == "$before" ]]; then
	report ok "a bad scheme refused naming its line, nothing written ($msg)"
else
	report notok "a bad scheme refused naming its line, nothing written"
	echo "#   got: $msg"
fi
cli scheme load --file /nonexistent/x.tsv >/dev/null 2>&1
if (($? == 2)); then report ok "an unreadable file: exit status 2"; else report notok "an unreadable file: exit status 2"; fi
cli score --quarter 2026Q9 >/dev/null 2>&1
if (($? == 2)); then report ok "a bad quarter: exit status 2"; else report notok "a bad quarter: exit status 2"; fi
if cli training add --date 2026-10-20 --title 'CLI登记的培训' --organiser 1 --hours 1.5 \
	--attend 2:2:王某、李某 --attend 3:1 2>/dev/null | grep -q '已登记培训' &&
	[[ $(./sql "$db" "SELECT sum(t.persons) FROM training_attendance t JOIN training_sessions s ON s.id = t.session_id WHERE s.title = 'CLI登记的培训'") == 3 ]]; then
	report ok "assess training add records a session with its attendance"
else
	report notok "assess training add records a session with its attendance"
fi
start_server
report ok "server starts on port $port"
run_node assessment.mjs
finish
