#!/usr/bin/env bash
# tests/e2e/applicant.sh: the applicant's side of issue #12 in real Chromium, with a real SMTP
# server (smtp_sink.py, ours, Python standard library): applicant_walk.mjs walks a request from
# /apply through a 补正 submitted online at /query, the clerk's view of it, the reply and the
# 好差评, and reads every e-mail that arrived (subject and body decoded);
# applicant_security.mjs refuses forms without CSRF, with a wrong or another request's code,
# out of state, twice, or after the 补正期限, and checks the database is unchanged, script
# comes back as text, and the console pages keep to the user's agencies. Prints TAP;
# screenshots go to tests/e2e/artifacts/applicant-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

smtp_pid=
stop_smtp() {
	[[ -n $smtp_pid ]] && kill "$smtp_pid" 2>/dev/null
	smtp_pid=
}
trap 'stop_smtp; [[ -n ${ZF_E2E_KEEP:-} ]] && rm -rf "$ZF_E2E_KEEP" && cp -r "$tmp" "$ZF_E2E_KEEP"; cleanup' EXIT

prepare_db
add_user apclerk 申经办 1 clerk 'Ap-clerk-2026'
add_user apadmin 申管理 1 admin 'Ap-admin-2026'
add_user apother 乙经办 3 clerk 'Ap-other-2026'

# requests for the security matrix, registered offline with the CLI: A awaits a supplement
# (period open), B was replied, C's 补正期限 ended long ago
today=$(TZ=Asia/Shanghai date +%F)
old=$(TZ=Asia/Shanghai date -d '-40 days' +%F)
old1=$(TZ=Asia/Shanghai date -d '-39 days' +%F)
old2=$(TZ=Asia/Shanghai date -d '-30 days' +%F)
until=$(TZ=Asia/Shanghai date -d '+10 days' +%F)
add_request() { # NAME PHONE RECEIVED -> prints the id
	"$ZF_BIN" request add --db "$db" --agency 1 --received "$3" --name "$1" --phone "$2" \
		--description "安全测试申请$1" 2>>"$tmp/cli.log" | grep -o '[0-9]\+' | head -1
}
ida=$(add_request 甲申请人 13800000001 "$today")
idb=$(add_request 乙申请人 13800000002 "$today")
idc=$(add_request 丙申请人 13800000003 "$old")
if [[ -n $ida && -n $idb && -n $idc ]] &&
	"$ZF_BIN" request event "$ida" --db "$db" --kind supplement_requested --on "$today" --until "$until" >>"$tmp/cli.log" 2>&1 &&
	"$ZF_BIN" request event "$idb" --db "$db" --kind replied --on "$today" --decision granted >>"$tmp/cli.log" 2>&1 &&
	"$ZF_BIN" request event "$idc" --db "$db" --kind supplement_requested --on "$old1" --until "$old2" >>"$tmp/cli.log" 2>&1; then
	report ok "requests $ida (awaits 补正), $idb (replied), $idc (补正期限 over) registered with the CLI"
else
	bail "requests for the security matrix registered" "$tmp/cli.log"
fi
code_of() { ./sql "$db" "SELECT query_code FROM requests WHERE id = $1"; }
export ZF_CODE_A=$(code_of "$ida") ZF_CODE_B=$(code_of "$idb") ZF_CODE_C=$(code_of "$idc")
export ZF_ID_A=$ida ZF_ID_B=$idb ZF_ID_C=$idc

mkdir -p "$tmp/mail"
python3 smtp_sink.py "$tmp/mail" >"$tmp/smtp.port" 2>"$tmp/smtp.err" &
smtp_pid=$!
smtp_port=
for _ in $(seq 1 300); do
	smtp_port=$(head -1 "$tmp/smtp.port")
	[[ -n $smtp_port ]] && break
	sleep 0.1
done
[[ -n $smtp_port ]] || bail "the test SMTP server starts" "$tmp/smtp.err"
report ok "the test SMTP server listens on 127.0.0.1:$smtp_port"
if "$ZF_BIN" mail settings --db "$db" --host 127.0.0.1 --port "$smtp_port" \
	--from noreply@shiliqu.gov.example --starttls off >"$tmp/mailset.log" 2>&1; then
	report ok "zfxxgk mail settings points the platform at it"
else
	bail "zfxxgk mail settings" "$tmp/mailset.log"
fi
export ZF_MAIL_DIR="$tmp/mail"

printf 'mail_interval = 1\n' >"$tmp/zf.conf"
start_server --config "$tmp/zf.conf"
report ok "server starts on port $port, sending mail every second"
run_node applicant_walk.mjs
run_node applicant_security.mjs
# the same sender from the command line: nothing left to send, and the outbox says so
out=$("$ZF_BIN" mail send --db "$db" 2>/dev/null)
[[ $out == *"已发送 0 封"* ]] && report ok "zfxxgk mail send: nothing left queued ($out)" ||
	report notok "zfxxgk mail send: nothing left queued ($out)"
finish
stop_smtp
