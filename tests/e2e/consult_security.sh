#!/usr/bin/env bash
# tests/e2e/consult_security.sh: the 意见征集 and 在线访谈 routes under attack (consult_security.mjs):
# the access matrix of the console routes (viewer, clerk and administrator of the government
# (1), of 住建局 (3) and a clerk of 办公室 (2), on objects of their own agency, of another and
# of an agency below), CSRF on every form, and hostile input on both public forms: script (kept
# as text), oversized and control characters (422), invalid UTF-8 (400), traversal (404), a
# flood from one address (429 after 10) — each refusal leaving the database unchanged.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user sv1 甲查阅 1 viewer 'Ks-view1-2026'
add_user sc1 甲经办 1 clerk 'Ks-clerk1-2026'
add_user sa1 甲管理 1 admin 'Ks-admin1-2026'
add_user sv3 丙查阅 3 viewer 'Ks-view3-2026'
add_user sc3 丙经办 3 clerk 'Ks-clerk3-2026'
add_user sa3 丙管理 3 admin 'Ks-admin3-2026'
add_user sc2 乙经办 2 clerk 'Ks-clerk2-2026'
start_server
report ok "server starts on port $port"
run_node consult_security.mjs
finish
