#!/usr/bin/env bash
# tests/e2e/console_queue.sh: the queue, the dashboard's charts, the audit log and the
# correction of events in real Chromium (console_queue.mjs): search, sort, .xlsx export and
# batch assignment; the charts without JavaScript; the audit log's filters and exports; an
# audited correction; the security matrix of these routes. Prints TAP; screenshots go to
# tests/e2e/artifacts/queue-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user qadmin 管甲 1 admin 'Queue-admin-2026'
add_user qclerk 经办乙 2 clerk 'Queue-clerk-2026'
add_user qsub 管丙 3 admin 'Queue-sub-2026'
start_server
report ok "server starts on port $port"
run_node console_queue.mjs
finish
