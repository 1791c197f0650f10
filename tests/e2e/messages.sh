#!/usr/bin/env bash
# tests/e2e/messages.sh: 政民互动 messages end to end. The CLI (`zfxxgk message`): the demo's
# messages listed, the overdue one found (exit 1), statistics equal to direct counts in SQL,
# escalation refused on a day off and run once on a working day. Then in real Chromium
# (messages.mjs): a citizen writes a message to 办公室 (2), its clerk transfers it to 住建局
# (3), a clerk of 3 answers and publishes, the public list and page show the reply with the
# writer's name and phone masked, the writer looks it up by its code and rates it; and
# messages_security.mjs: hostile input on the form (script, oversize, invalid UTF-8, a flood
# from one address → 429), each refused in Chinese with nothing stored, and the access matrix
# of /console/hdjl (viewer, clerk, admin × own agency, another, the parent). Prints TAP;
# screenshots go to tests/e2e/artifacts/messages-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user msgv2 周查阅 2 viewer 'Msg-viewer-2026'
add_user msgc2 吴经办 2 clerk 'Msg-clerk2-2026'
add_user msga2 郑管理 2 admin 'Msg-admin2-2026'
add_user msgc3 王经办 3 clerk 'Msg-clerk3-2026'
add_user msgc1 冯经办 1 clerk 'Msg-clerk1-2026'
add_user msga1 陈管理 1 admin 'Msg-admin1-2026'

msg() { "$ZF_BIN" message "$@" --db "$db" 2>/dev/null; }
total=$(./sql "$db" 'SELECT count(*) FROM messages')
if ((total >= 30)) && msg list --limit 1000 | tail -1 | grep -q "共 $total 条"; then
	report ok "message list shows the demo's $total messages"
else
	report notok "message list shows the demo's messages ($total)"
fi
msg list --overdue >"$tmp/overdue"
rc=$?
overdue=$(./sql "$db" "SELECT count(*) FROM messages WHERE status = 'open' AND due_on < '$(date -u -d '+8 hours' +%F)'")
if ((rc == 1)) && ((overdue >= 1)) && grep -q "共 $overdue 条" "$tmp/overdue"; then
	report ok "message list --overdue finds the $overdue overdue (exit 1)"
else
	report notok "message list --overdue finds the overdue ones (rc=$rc, sql=$overdue)"
	sed 's/^/#   /' "$tmp/overdue" | tail -5
fi
year=$(date -u -d '+8 hours' +%Y)
msg stats --agency 2 --from "$((year - 1))-01-01" --to "$year-12-31" >"$tmp/stats"
want_r=$(./sql "$db" "SELECT count(*) FROM messages WHERE agency_id = 2 AND status IN ('open', 'replied') AND accepted_on >= '$((year - 1))-01-01'")
want_p=$(./sql "$db" "SELECT count(*) FROM messages WHERE agency_id = 2 AND published = 1")
if grep -qx "受理：$want_r" "$tmp/stats" && grep -qx "公开：$want_p" "$tmp/stats"; then
	report ok "message stats for 办公室 equal direct counts (受理 $want_r, 公开 $want_p)"
else
	report notok "message stats for 办公室 equal direct counts (受理 $want_r, 公开 $want_p)"
	sed 's/^/#   /' "$tmp/stats"
fi
id=$(./sql "$db" "SELECT min(id) FROM messages WHERE transfers = 1")
if [[ -n $id ]] && msg show --id "$id" | grep -q '^转办：.*属于该部门职责范围'; then
	report ok "message show prints the demo's transferred message with its reason"
else
	report notok "message show prints the transferred message ($id)"
fi
# escalation: the CLI on a day off does nothing; run twice on a working day, the second run
# finds nothing left: each message escalates once
esc=$(./sql "$db" "SELECT count(*) FROM messages WHERE escalated_on IS NOT NULL")
out=$(msg escalate --today 2026-10-04)
rc=$?
if ((rc == 0)) && [[ $out == *"不是工作日"* ]]; then
	report ok "message escalate on 4 October (国庆节) escalates nothing"
else
	report notok "message escalate on a day off ($rc: $out)"
fi
out=$(msg escalate --today "$(date -u -d '+8 hours +1 day' +%F)")
rc=$?
out2=$(msg escalate --today "$(date -u -d '+8 hours +1 day' +%F)")
rc2=$?
if [[ $out2 == *"督办留言 0 条"* || $out2 == *"不是工作日"* ]] && ((rc2 == 0)) &&
	(($(./sql "$db" "SELECT count(*) FROM messages WHERE escalated_on IS NOT NULL") >= esc)); then
	report ok "message escalate run twice escalates nothing the second time ($out / $out2)"
else
	report notok "message escalate twice ($rc: $out / $rc2: $out2)"
fi
"$ZF_BIN" message bogus --db "$db" >/dev/null 2>"$tmp/bogus"
if (($? == 2)) && grep -q '不认识的子命令' "$tmp/bogus"; then
	report ok "an unknown subcommand is refused in Chinese (exit 2)"
else
	report notok "an unknown subcommand is refused in Chinese (exit 2)"
fi
start_server
report ok "server starts on port $port"
# a body over the server's limit (2 MB): 413 in Chinese, nothing stored
before=$(./sql "$db" 'SELECT count(*) FROM messages')
head -c 3000000 /dev/zero | tr '\0' a >"$tmp/big"
# (the server answers before reading it all and closes: curl may see the reset first, so up
# to three tries for the answer)
for _ in 1 2 3; do
	code=$(curl -s -o "$tmp/big.out" -w '%{http_code}' -X POST -H 'Expect:' \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$tmp/big" \
		"$ZF_URL/hdjl/write")
	[[ $code == 413 ]] && break
done
if [[ $code == 413 ]] && grep -q '提交的内容过大' "$tmp/big.out" &&
	[[ $(./sql "$db" 'SELECT count(*) FROM messages') == "$before" ]]; then
	report ok "a 3 MB message body: 413 in Chinese, nothing stored"
else
	report notok "a 3 MB message body: 413 in Chinese, nothing stored ($code)"
fi
run_node messages.mjs
run_node messages_security.mjs
finish
