#!/usr/bin/env bash
# tests/e2e/console_walk.sh: the whole path of a request in real Chromium (console_walk.mjs):
# a citizen applies and gets a query code, a clerk asks for a supplement, records it, has an
# extension approved, replies and prints the letter, the citizen sees the result, and the
# annual report of the year counts the request in its row. Prints TAP; screenshots go to
# tests/e2e/artifacts/console-walk-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user walkclerk 周经办 1 clerk 'Walk-clerk-2026'
add_user walkrev 吴审核 1 reviewer 'Walk-review-2026'
start_server
report ok "server starts on port $port"
run_node console_walk.mjs
finish
