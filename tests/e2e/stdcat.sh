#!/usr/bin/env bash
# tests/e2e/stdcat.sh: the 基层政务公开标准目录 end to end. The CLI: the demo's overdue item
# listed (exit 1), a messy file (title line, two header lines with √ columns, merged 一级事项)
# previewed with --dry-run, a file with bad rows refused as a whole with "第N行：…" (exit 1,
# nothing written), export and re-import. Then in real Chromium (stdcat.mjs): an administrator
# imports a messy file through the preview; the clerk of the 住建局 sees the demo's overdue
# 公租房分配结果 in the agency's warnings, links a published document and the warning is gone;
# an imported item whose event the clerk records 40 days back becomes overdue and shows in
# the warnings; the public /stdcat lists the 领域 with the linked document, JavaScript off.
# Prints TAP; screenshots go to tests/e2e/artifacts/stdcat-*.png.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

prepare_db
add_user stdadmin 周管理 1 admin 'Std-admin-2026'
add_user stdclerk 吴经办 3 clerk 'Std-clerk-2026'

cli() { "$ZF_BIN" stdcat "$@" --db "$db"; }
# the demo's overdue item, by the CLI; exit status 1 while there is one
out=$(cli overdue 2>/dev/null)
rc=$?
if ((rc == 1)) && [[ $out == *公租房分配结果*逾期未公开* ]]; then
	report ok "stdcat overdue lists the demo's overdue item and exits 1"
else
	report notok "stdcat overdue lists the demo's overdue item and exits 1"
	echo "#   rc=$rc out=$out"
fi

# a messy catalogue for 城乡规划, as a clerk's Excel has it
cat >"$tmp/good.tsv" <<'TSV'
#merge B2:C2
#merge I2:J2
#merge K2:L2
#merge B4:B5
示例区城乡规划领域基层政务公开标准目录
序号	公开事项		公开内容（要素）	公开依据	公开时限	公开主体	公开渠道和载体	公开对象		公开方式
	一级事项	二级事项						全社会	特定群体	主动	依申请
1	规划编制	控制性详细规划草案公示	规划草案、图纸、征求意见方式	《中华人民共和国城乡规划法》第二十六条	信息形成或变更之日起10个工作日内	示例区住房和城乡建设局	■政府网站 ■公开栏	√		√
2		控制性详细规划批准结果	批准文件、规划图	《中华人民共和国城乡规划法》第十九条	批准后20个工作日内	示例区住房和城乡建设局	■政府网站	√		√
3	规划许可	建设工程规划许可结果	项目名称、建设单位、许可证号	《中华人民共和国城乡规划法》第四十条	长期公开	示例区住房和城乡建设局	■政府网站	√		√	√
注：公开渠道中“■”为选用的渠道。
TSV
python3 make_std_xlsx.py "$tmp/good.xlsx" <"$tmp/good.tsv"
cat >"$tmp/bad.tsv" <<'TSV'
城乡规划领域基层政务公开标准目录
序号	一级事项	二级事项	公开内容	公开时限	公开主体	公开方式
1	规划编制	规划公示	草案	10个工作日内	示例区住房和城乡建设局	主动
2		规划结果	批准文件	20个工作日内	不存在的规划局	主动
3		许可结果		长期	示例区住房和城乡建设局	公告
TSV
python3 make_std_xlsx.py "$tmp/bad.xlsx" <"$tmp/bad.tsv"
before=$(./sql "$db" 'SELECT count(*) FROM std_items')
out=$(cli import "$tmp/good.xlsx" --dry-run 2>&1)
if [[ $out == *"预览（未写入）：新增 3 个事项"* && $out == *"控制性详细规划批准结果"* &&
	$(./sql "$db" 'SELECT count(*) FROM std_items') == "$before" ]]; then
	report ok "stdcat import --dry-run previews 3 items of the messy file and writes nothing"
else
	report notok "stdcat import --dry-run previews 3 items of the messy file and writes nothing"
	echo "$out" | sed 's/^/#   /'
fi
out=$(cli import "$tmp/bad.xlsx" 2>&1)
rc=$?
if ((rc == 1)) && [[ $out == *"第4行：找不到公开主体“不存在的规划局”"* && $out == *"第5行：未填写公开内容"* &&
	$out == *"第5行：公开方式“公告”"* && $(./sql "$db" 'SELECT count(*) FROM std_items') == "$before" ]]; then
	report ok "a file with bad rows is refused as a whole, each problem named by its row (exit 1)"
else
	report notok "a file with bad rows is refused as a whole, each problem named by its row (exit 1)"
	echo "#   rc=$rc"
	echo "$out" | sed 's/^/#   /'
fi
if cli export "$tmp/export.xlsx" >/dev/null 2>&1 && out=$(cli import "$tmp/export.xlsx" --dry-run 2>&1) &&
	[[ $out == *"新增 0 个事项，更新 $before 个事项"* ]]; then
	report ok "export, then the export imports back onto the same $before items"
else
	report notok "export, then the export imports back onto the same items"
	echo "$out" | sed 's/^/#   /'
fi
if "$ZF_BIN" stdcat --help | grep -q '退出状态' && ! "$ZF_BIN" stdcat nonsense 2>/dev/null; then
	report ok "stdcat --help documents the exit statuses; an unknown subcommand fails"
else
	report notok "stdcat --help documents the exit statuses; an unknown subcommand fails"
fi
# a fresh publication of the 住建局 for the clerk to link
today=$(TZ=Asia/Shanghai date +%F)
if "$ZF_BIN" doc add --agency 3 --title '示例区公共租赁住房分配结果公示（第四批）' --written "$today" \
	--db "$db" >"$tmp/doc.log" 2>&1 &&
	docid=$(./sql "$db" "SELECT max(id) FROM docs WHERE agency_id = 3") &&
	"$ZF_BIN" doc submit "$docid" --db "$db" >>"$tmp/doc.log" 2>&1 &&
	"$ZF_BIN" doc approve "$docid" --secrecy-checked --db "$db" >>"$tmp/doc.log" 2>&1; then
	report ok "a fresh 分配结果 document of the 住建局 is published (doc $docid)"
else
	bail "a fresh document is published" "$tmp/doc.log"
fi
start_server
report ok "server starts on port $port"
ZF_STD_GOOD="$tmp/good.xlsx" ZF_STD_BAD="$tmp/bad.xlsx" run_node stdcat.mjs
finish
