#!/usr/bin/env bash
# tests/e2e/newmedia_security.sh: the 政务新媒体 routes under hostile input and the access
# matrix (newmedia_security.mjs): script, oversized and invalid UTF-8 fields, javascript: and
# file: addresses, path traversal, an entity bomb and an oversized upload, each refused with a
# 4xx and a Chinese message and nothing stored; CSRF; every role (viewer, clerk, admin) of the
# agency, of another agency and of the parent agency against every route: reading, registering,
# approving, importing and exporting. Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user sviewer3 甲查阅 3 viewer 'Nm-sec-view3'
add_user sclerk3 乙经办 3 clerk 'Nm-sec-clerk3'
add_user sadmin3 丙管理 3 admin 'Nm-sec-admin3'
add_user sclerk2 丁经办 2 clerk 'Nm-sec-clerk2'
add_user sadmin2 戊管理 2 admin 'Nm-sec-admin2'
add_user sviewer1 己查阅 1 viewer 'Nm-sec-view1'
add_user sadmin1 庚管理 1 admin 'Nm-sec-admin1'
start_server
report ok "server starts on port $port"
run_node newmedia_security.mjs
if grep -qE 'AddressSanitizer|runtime error|BUG' "$tmp/log"; then
	report notok "the server log shows no crash"
	grep -E 'AddressSanitizer|runtime error|BUG' "$tmp/log" | head -5 | sed 's/^/#   /'
else
	report ok "the server log shows no crash"
fi
finish
