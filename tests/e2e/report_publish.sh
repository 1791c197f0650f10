#!/usr/bin/env bash
# tests/e2e/report_publish.sh: publishing an annual report from the console workspace and
# reading it on the public site, in real Chromium (report_publish.mjs): the year must have
# ended, 确认发布 must be ticked, a blank table 二 needs 第二项确无数据; refusals change
# nothing (CSRF, another agency's reviewer, the checks); parts 一、五、六 appear on the public
# page and its print version in the order 一 to 六, as text; every report /reports lists
# opens; the 长者模式 switch keeps the query. Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user arev 甲审核 2 reviewer 'Agency-A-rev-2026'
add_user brev 乙审核 3 reviewer 'Agency-B-rev-2026'
start_server
report ok "server starts on port $port"
run_node report_publish.mjs
finish
