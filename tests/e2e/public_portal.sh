#!/usr/bin/env bash
# tests/e2e/public_portal.sh: the public site as 国办发〔2017〕47号 expects it, in real Chromium
# (public_portal.mjs): the agency's identity in the masthead and the footer items set through
# /console/site (党政机关网站标识 linked to its verification, no version string, no JSON link);
# the 政府信息公开制度 page and its console form (CSRF, a clerk and another agency's
# administrator refused, script shown as text, the database unchanged on refusal); the 条例
# Art. 20 tree with the catalogue's documents under each item; the home page's lists; numbered
# pages with a jump and the catalogue's orders; at phone width (375 px) no horizontal scroll
# and the filters folded behind 筛选, without JavaScript; axe-core on every page touched.
# Prints TAP; screenshots go to tests/e2e/artifacts/portal-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

# zfxxgk init takes the 党政机关网站标识 number, and refuses a bad one with nothing written
idb=$(e2e_db "$tmp" zfinit) || bail "a second temporary database"
init() {
	printf 'Portal-init-2026\n' | "$ZF_BIN" init --db "$idb" --agency 测试区人民政府 \
		--site-name 测试区政府信息公开 --admin first --password-stdin --conac-code "$1" 2>&1 |
		grep -v '^20[0-9][0-9]-'
}
msg=$(init 'X<1')
if [[ $msg == *党政机关网站标识编号只能由字母和数字组成* &&
	$(./sql "$idb" 'SELECT count(*) FROM agencies') == 0 ]]; then
	report ok "init refuses a bad 党政机关网站标识 number in Chinese, writing nothing"
else
	report notok "init refuses a bad 党政机关网站标识 number in Chinese, writing nothing"
	echo "#   got: $msg"
fi
init 'ABCDEF0123456789' >/dev/null
if [[ $(./sql "$idb" "SELECT value FROM site_settings WHERE key = 'conac_code'") == ABCDEF0123456789 ]]; then
	report ok "init --conac-code stores the number"
else
	report notok "init --conac-code stores the number"
fi
prepare_db
add_user portaladmin 周管理 1 admin 'Portal-admin-2026'
add_user portalclerk 吴经办 1 clerk 'Portal-clerk-2026'
add_user portaladmin3 郑管理 3 admin 'Portal-admin3-2026'
start_server
report ok "server starts on port $port"
run_node public_portal.mjs
finish
