#!/usr/bin/env bash
# tests/e2e/columns.sh: each agency's column tree (栏目) in real Chromium (columns.mjs): the demo
# agencies' seeded trees (法定主动公开内容, 逾期未更新); an administrator adds columns, a link-out
# column (a javascript: address refused), moves and closes one; a clerk files a draft under a
# column, the reviewer approves it, and the public column page lists it first with its date;
# CSRF refusal, another agency's columns refused (404) with the database unchanged, filing under
# another agency's column refused, script typed into the forms returned as text. Prints TAP;
# screenshots go to tests/e2e/artifacts/columns-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user colclerk 赵经办 1 clerk 'Col-clerk-2026'
add_user colrev 钱审核 1 reviewer 'Col-review-2026'
add_user coladmin 孙管理 3 admin 'Col-admin-2026'
add_user colbclerk 李经办 3 clerk 'Col-bclerk-2026'
# the CLI sees the seeded tree, and seeding again changes nothing
if "$ZF_BIN" column list --agency 1 --db "$db" 2>/dev/null | grep -q '法规文件 第二十条（一）' &&
	"$ZF_BIN" column seed --agency 1 --db "$db" 2>/dev/null | grep -q '已有 2[0-9] 个栏目，未作改动'; then
	report ok "column list shows the demo's tree; column seed leaves it as it is"
else
	report notok "column list shows the demo's tree; column seed leaves it as it is"
fi
start_server
report ok "server starts on port $port"
run_node columns.mjs
finish
