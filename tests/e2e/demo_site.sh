#!/usr/bin/env bash
# tests/e2e/demo_site.sh: the demo site as a user meets it (demo_site.mjs in real Chromium):
# no technical text leaks onto any public or console page reachable from the home page and
# the console (the leak scanner), the demo's documents past their 有效期 show 失效 once the
# server has started, and the reviewer's 保密审查 checklist (refusals, CSRF, another agency,
# injection, the history). Prints TAP; screenshots go to tests/e2e/artifacts/demo-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user demoadm 钱管理 1 admin 'Demo-admin-2026'
add_user demorev 冯审核 1 reviewer 'Demo-review-2026'
add_user democlerk 陈经办 1 clerk 'Demo-clerk-2026'
add_user zjrev 褚审核 3 reviewer 'Demo-zj-rev-2026'
# a document of 示例区人民政府 in review, for the 保密审查 walk
id=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "示例区人民政府关于加强城市道路占用挖掘管理的通知" \
	--written "$(TZ=Asia/Shanghai date +%F)" --summary "规范城市道路占用、挖掘审批和修复。" 2>"$tmp/doc.log" |
	grep -oE '[0-9]+' | head -1)
if [[ -n $id ]] && "$ZF_BIN" doc submit --db "$db" "$id" >>"$tmp/doc.log" 2>&1; then
	report ok "a draft of agency 1 is submitted for 保密审查 (document $id)"
else
	bail "a draft submitted for review" "$tmp/doc.log"
fi
# expired terms that stayed 有效 (as in a database seeded long ago): serve must expire them
today=$(TZ=Asia/Shanghai date +%F)
cat >"$tmp/old.csv" <<'CSV'
名称,成文日期,发布日期,类别,有效期至,主题分类
示例区人民政府关于印发《示例区城市道路照明设施管理暂行办法》的通知,2021-03-02,2021-03-10,行政规范性文件,2024-06-30,
示例区人民政府关于印发《示例区户外广告设置管理暂行办法》的通知,2020-05-06,2020-05-12,行政规范性文件,2025-05-11,
示例区人民政府关于印发《示例区农贸市场管理暂行办法》的通知,2021-08-02,2021-08-09,行政规范性文件,2026-08-08,
CSV
"$ZF_BIN" doc import --db "$db" --agency 1 "$tmp/old.csv" >"$tmp/import.log" 2>&1 ||
	bail "three old documents imported" "$tmp/import.log"
stale=$(./sql "$db" "SELECT count(*) FROM docs WHERE state = 'published' AND validity = 'valid'
	AND valid_until < '$today'")
if ((stale >= 3)); then report ok "$stale valid documents past their term before serve"; else
	report notok "valid documents past their term before serve ($stale)"; fi
start_server
report ok "server starts on port $port"
left=$(./sql "$db" "SELECT count(*) FROM docs WHERE state = 'published' AND validity = 'valid'
	AND valid_until < '$today'")
if [[ $left == 0 ]]; then report ok "serve expired them at start"; else
	report notok "serve expired them at start ($left left)"; fi
audited=$(./sql "$db" "SELECT count(*) FROM audit_log WHERE actor = 'system' AND action = 'doc.expired'")
if ((audited >= stale)); then report ok "each expiry audited by the system ($audited)"; else
	report notok "each expiry audited by the system ($audited < $stale)"; fi
export ZF_DOC=$id
run_node demo_site.mjs
finish
