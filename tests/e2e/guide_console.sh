#!/usr/bin/env bash
# tests/e2e/guide_console.sh: the agencies' 政府信息公开指南 in real Chromium
# (guide_console.mjs): an administrator edits the guide in /console/guide, previews it
# (nothing saved), saves it (a new revision, in the history), sees it on the public page with
# its 最近修订日期, the flowchart inline and the application form downloaded as .docx and PDF;
# an administrator over several agencies chooses one; forms without their CSRF token are
# refused; another agency's administrator and a clerk are refused (404 / 403) and the database
# is unchanged; <script> and "><img onerror> typed into every field come back as text. Prints
# TAP; screenshots go to tests/e2e/artifacts/guide-console-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user gadmin 甲管理 2 admin 'Guide-admin-2026'
add_user badmin 乙管理 3 admin 'Other-admin-2026'
add_user topadmin 丙管理 1 admin 'Top-admin-2026'
add_user gclerk 丁经办 2 clerk 'Guide-clerk-2026'
start_server
report ok "server starts on port $port"
run_node guide_console.mjs
finish
