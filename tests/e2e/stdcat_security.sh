#!/usr/bin/env bash
# tests/e2e/stdcat_security.sh: the standard catalogue's routes under attack (stdcat_security.mjs):
# the access matrix (visitor, viewer, clerk and administrator of the 住建局, a clerk of another
# agency, the administrator of the parent 人民政府) × an item of the agency, of another agency
# and of the parent, for reading, linking, recording events and importing; CSRF; hostile input
# (script, oversize, invalid UTF-8, traversal, bad ids, bad dates, a file that is not Excel, a
# catalogue with script in its cells and 主体) answered 4xx with one Chinese message or shown as
# text, nothing stored half-way. Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user stdv3 郑查阅 3 viewer 'Std-v3-2026'
add_user stdc3 王经办 3 clerk 'Std-c3-2026'
add_user stda3 冯管理 3 admin 'Std-a3-2026'
add_user stdc2 陈经办 2 clerk 'Std-c2-2026'
add_user stda1 褚管理 1 admin 'Std-a1-2026'
P='<script>alert(1)</script>"><img src=x onerror=alert(1)>'
printf '%s\n' '城乡规划领域基层政务公开标准目录' \
	"$(printf '%s\t' 序号 一级事项 二级事项 公开内容 公开时限 公开主体 公开方式)" \
	"$(printf '%s\t' 1 "规划$P" "公示$P" "内容$P" 长期公开 示例区住房和城乡建设局 主动)" |
	python3 make_std_xlsx.py "$tmp/hostile.xlsx"
printf '%s\n' '城乡规划领域基层政务公开标准目录' \
	"$(printf '%s\t' 序号 一级事项 二级事项 公开内容 公开时限 公开主体 公开方式)" \
	"$(printf '%s\t' 1 规划 公示 内容 长期公开 "主体$P" "方式$P")" |
	python3 make_std_xlsx.py "$tmp/hostile_bad.xlsx"
start_server
report ok "server starts on port $port"
ZF_STD_HOSTILE="$tmp/hostile.xlsx" ZF_STD_HOSTILE_BAD="$tmp/hostile_bad.xlsx" run_node stdcat_security.mjs
finish
