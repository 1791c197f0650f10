#!/usr/bin/env bash
# tests/e2e/letters.sh: the letters and their 签发 in real Chromium (letters.mjs): an admin
# names the agency's 复议机关 and court; a clerk drafts a 补正告知书 from the request's clock; a
# reviewer returns it with a reason, then signs the new draft after the confirmation page that
# names the number (示政信补〔年〕第1号); PDF (read back with pdftotext) and Word downloads; the
# delivery is recorded; the reply goes through 签发 too and names the 复议机关; the applicant
# downloads the 答复书 PDF on /query. Then the security matrix of the new routes: CSRF,
# another agency's 404, a clerk cannot sign, script comes back as text, the database unchanged
# on refusal; axe-core on every new page. Prints TAP; screenshots go to
# tests/e2e/artifacts/letters-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user letclerk 林经办 1 clerk 'Letter-clerk-2026'
add_user letrev 钱审核 1 reviewer 'Letter-review-2026'
add_user letadmin 孙管理 1 admin 'Letter-admin-2026'
add_user bclerk 乙经办 3 clerk 'Agency-B-2026'
add_user brev 乙审核 3 reviewer 'Agency-B-rev-2026'
start_server
report ok "server starts on port $port"
run_node letters.mjs
finish
