#!/usr/bin/env bash
# tests/e2e/console_security.sh: the console's security in real Chromium
# (console_security.mjs): forms without their CSRF token are refused; a clerk of one agency can
# neither see nor change a request of another, by URL or by forged form, and the database is
# unchanged; script typed into every field comes back as text; wrong passwords lock the address out of an account
# after login_max_failures (3 here, from a --config file) until `zfxxgk user unlock`. Prints
# TAP; screenshots go to tests/e2e/artifacts/console-security-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user aclerk 甲经办 2 clerk 'Agency-A-2026'
add_user bclerk 乙经办 3 clerk 'Agency-B-2026'
add_user secadmin 丙管理 1 admin 'Sec-admin-2026'
add_user lockme 丁经办 1 clerk 'Lock-me-2026'
printf 'login_max_failures = 3\nlogin_lock_minutes = 30\n' >"$tmp/zf.conf"
start_server --config "$tmp/zf.conf"
report ok "server starts on port $port with login_max_failures = 3"
run_node console_security.mjs
finish
