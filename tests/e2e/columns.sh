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
# the CLI refuses what the store refuses, in Chinese, and writes nothing
cli() { "$ZF_BIN" column "$@" --db "$db" 2>&1 >/dev/null | grep -v '^20[0-9][0-9]-'; }
before=$(./sql "$db" 'SELECT * FROM columns ORDER BY id; SELECT * FROM doc_columns ORDER BY 1, 2')
top=$(./sql "$db" "SELECT id FROM columns WHERE agency_id = 1 AND code = 'statutory'")
child=$(./sql "$db" "SELECT id FROM columns WHERE agency_id = 1 AND code = 'statutory-01'")
other=$(./sql "$db" "SELECT id FROM columns WHERE agency_id = 3 AND code = 'notices'")
doc=$(./sql "$db" "SELECT min(id) FROM docs WHERE agency_id = 1")
checks=(
	"add --agency 1 --name 外链 --url javascript:alert(1)|https://"
	"move --id $top --parent $child|下级栏目之下"
	"add --agency 1 --parent $other --name 借用|不属于本机关"
	"file --doc $doc --columns $other|不属于文件的发布机关"
	"add --agency 1 --name 周期 --cadence 每天|更新周期"
)
for c in "${checks[@]}"; do
	args=${c%%|*} want=${c#*|}
	# shellcheck disable=SC2086
	msg=$(cli $args)
	if [[ $msg == *"$want"* ]]; then
		report ok "column $args: refused ($msg)"
	else
		report notok "column $args: refused with “$want”"
		echo "#   got: $msg"
	fi
done
if [[ $(./sql "$db" 'SELECT * FROM columns ORDER BY id; SELECT * FROM doc_columns ORDER BY 1, 2') == "$before" ]]; then
	report ok "the refused commands wrote nothing"
else
	report notok "the refused commands wrote nothing"
fi
start_server
report ok "server starts on port $port"
run_node columns.mjs
finish
