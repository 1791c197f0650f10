#!/usr/bin/env bash
# tests/e2e/consult.sh: 意见征集 and 在线访谈 end to end in real Chromium (consult.mjs): the demo's
# consultations and interviews on the public pages and through `zfxxgk consult`; a clerk of
# 住建局 drafts a consultation and opens it, the public comments (JavaScript off), the clerk
# publishes the comments, closes the consultation (a later comment refused with a clear
# message), judges each comment, exports them as .xlsx, and publishes the 采纳情况 that the
# public page then shows with its counts and the masked comments; a clerk of the government
# announces an interview with a guest, a visitor sends a question, the clerk approves and
# answers it, holds the interview and publishes its transcript. Prints TAP; screenshots go to
# tests/e2e/artifacts/consult-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user kclerk 冯经办 3 clerk 'Kc-clerk-2026'
add_user kgov 褚经办 1 clerk 'Kc-gov-2026'
# the CLI sees the demo's consultations and interviews
out=$("$ZF_BIN" consult list --db "$db" 2>/dev/null)
if [[ $out == *征集中*托育服务* && $out == *已反馈*加装电梯* ]]; then
	report ok "consult list shows the demo's open and closed consultations"
else
	report notok "consult list shows the demo's open and closed consultations"
	echo "#   got: $out"
fi
out=$("$ZF_BIN" consult show --id 1 --db "$db" 2>/dev/null)
if [[ $out == *"收到 5 条，采纳 3 条，部分采纳 1 条，未采纳 1 条"* ]]; then
	report ok "consult show gives the 采纳情况 counts of the demo's closed consultation"
else
	report notok "consult show gives the 采纳情况 counts"
	echo "#   got: $out"
fi
out=$("$ZF_BIN" consult list --interviews --db "$db" 2>/dev/null)
if [[ $out == *预告* && $out == *已公布实录* ]]; then
	report ok "consult list --interviews shows an announced and a published interview"
else
	report notok "consult list --interviews shows an announced and a published interview"
fi
before=$(./sql "$db" 'SELECT * FROM consultations ORDER BY id')
msg=$("$ZF_BIN" consult close --id 1 --db "$db" 2>&1 >/dev/null | grep -v '^20[0-9][0-9]-')
rc=$?
st=$("$ZF_BIN" consult close --id 1 --db "$db" >/dev/null 2>&1; echo $?)
if [[ $msg == *只有征集中的意见征集可以结束* && $st == 1 &&
	$(./sql "$db" 'SELECT * FROM consultations ORDER BY id') == "$before" ]]; then
	report ok "consult close of a closed consultation: refused (status 1), nothing written"
else
	report notok "consult close of a closed consultation: refused (status 1), nothing written"
	echo "#   got: $msg (status $st, rc $rc)"
fi
start_server
report ok "server starts on port $port"
run_node consult.mjs
finish
