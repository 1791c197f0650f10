#!/usr/bin/env bash
# tests/e2e/install_cli.sh: installing without the demo, end to end: `zfxxgk init` on an empty
# database (password from a file; refused a second time, and on a database that has users),
# then `zfxxgk agency add|list|edit|move|close|import|template` with their Chinese help,
# refusals (a cycle, a bad credit code, a closed parent) and an Excel import with bad rows
# (the good ones in, each bad one named by row number). Prints TAP.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-install.XXXXXX)
. ./engine_lib.sh
trap 'e2e_cleanup_pg; rm -rf "$tmp"' EXIT
n=0
check() { # check DESC COND...
	local d=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $d"; else
		echo "not ok $n - $d"
		sed 's/^/#   out: /' "$tmp/out" | head -8
		sed 's/^/#   err: /' "$tmp/err" | head -5
	fi
}
status() { # status WANT DESC CMD...
	local want=$1 d=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	check "$d (exit $got)" test "$got" -eq "$want"
}
has() { grep -q -- "$1" "$tmp/${2:-out}"; }

db=$(e2e_db "$tmp" inst) || { echo "not ok 1 - a $(e2e_engine) database"; echo 1..1; exit 1; }
echo "# engine: $(e2e_engine)"
A() { "$ZF_BIN" agency "$@" --db "$db"; }

status 0 "init --help" "$ZF_BIN" init --help
check "explains itself in Chinese" has '用法：zfxxgk init'
status 0 "agency --help" "$ZF_BIN" agency --help
for s in add list edit move close import template; do
	"$ZF_BIN" agency "$s" --help >"$tmp/out" 2>"$tmp/err"
	check "agency $s --help in Chinese" has '用法：zfxxgk agency'
done

printf 'Init-pass-2026\n' >"$tmp/pw"
status 2 "init without --agency is a usage error" "$ZF_BIN" init --db "$db" --admin root1 \
	--site-name 站 --password-file "$tmp/pw"
status 2 "a weak password is refused" "$ZF_BIN" init --db "$db" --admin root1 \
	--agency 示例县人民政府 --site-name 示例县人民政府信息公开 --password-stdin <<<"1234567890"
check "with the reason" has '口令' err
status 0 "init on an empty database" "$ZF_BIN" init --db "$db" --admin root1 \
	--admin-name 王立 --agency 示例县人民政府 --site-name 示例县人民政府信息公开 \
	--org-code 113702009 --site-code 3702000001 --icp 鲁ICP备05000001号 \
	--password-file "$tmp/pw"
check "says what it made" has '已完成初始化'
status 2 "init a second time is refused" "$ZF_BIN" init --db "$db" --admin root2 \
	--agency 另一政府 --site-name 另一网站 --password-file "$tmp/pw"
check "with the reason" has '已有机构或用户' err
"$ZF_BIN" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
check "the administrator exists with the admin role" has 'root1.*管理员@示例县人民政府'
check "and only one user" test "$(grep -c . "$tmp/out")" -eq 2

status 0 "agency add" A add --name 示例县教育局 --parent 示例县人民政府 --short 示教 \
	--credit-code 914403001922038216 --phone 0000-1234567
status 0 "agency add by parent code" A add --name 示例县财政局 --parent 113702009
status 0 "a public unit under its 主管部门" A add --name 示例县第一中学 --parent 示例县教育局 \
	--kind 公共企事业单位 --supervisor 示例县教育局
status 1 "a bad credit code checksum is refused" A add --name 甲局 --parent 示例县人民政府 \
	--credit-code 914403001922038217
check "with the reason" has '校验' err
status 1 "a duplicate name is refused" A add --name 示例县财政局 --parent 示例县人民政府
check "named" has '已有名为' err
status 2 "an unknown parent is a usage error" A add --name 乙局 --parent 不存在的机构
status 0 "agency list" A list
check "prints the tree with codes" has '示例县教育局.*部门.*示教.*914403001922038216'
check "children indented under parents" grep -q $'\t    示例县第一中学' "$tmp/out"
status 0 "agency edit" A edit --id 示例县财政局 --org-code 113702017 --hours '工作日 9:00—17:00'
check "shows the new particulars" has '机构代码：113702017'
status 1 "moving under its own subordinate is refused" A move --id 示例县教育局 --parent 示例县第一中学
check "as a cycle" has '循环' err
status 0 "agency move" A move --id 示例县第一中学 --parent 示例县财政局
status 0 "agency close" A close --id 示例县第一中学 --reason 划转 --on 2026-03-01
status 1 "closing twice" A close --id 示例县第一中学 --reason 划转
status 1 "adding under a closed agency" A add --name 丙 --parent 示例县第一中学
check "is refused" has '已撤销' err
A list >"$tmp/out"
check "a closed agency is listed as closed" has '示例县第一中学.*已撤销（2026-03-01）'
A list --open >"$tmp/out"
check "and hidden with --open" bash -c "! grep -q 示例县第一中学 '$tmp/out'"

status 0 "agency template" A template "$tmp/tmpl.xlsx"
check "writes a workbook" test -s "$tmp/tmpl.xlsx"
status 1 "importing the template's examples reports them" A import "$tmp/tmpl.xlsx"
check "by row number" has '^2	示例县教育局'
printf 'not an excel file' >"$tmp/bad.xlsx"
status 1 "a non-xlsx file is refused" A import "$tmp/bad.xlsx"
check "in Chinese" has '不是 Excel 工作簿' err
before=$(A list | wc -l)
status 1 "importing a file with bad rows (exit 1: findings)" A import "$tmp/tmpl.xlsx" --report "$tmp/rep.xlsx"
check "writes the report workbook" test -s "$tmp/rep.xlsx"
check "nothing added from bad rows" test "$(A list | wc -l)" -eq "$before"

# a sheet made without our writer (make_xlsx.py): good rows and bad ones, in any order
printf '%s\n' \
	$'名称\t上级机构\t类别\t统一社会信用代码\t机构代码\t电话' \
	$'示例县城管执法中心\t示例县城市管理局\t公共企事业单位\t\t\t' \
	$'示例县城市管理局\t示例县人民政府\t部门\t\t113702025\t0000-7654321' \
	$'示例县甲局\t不存在的上级\t部门\t\t\t' \
	$'示例县乙局\t示例县人民政府\t部门\t\t113702025\t' \
	$'示例县丙局\t示例县人民政府\t部门\t914403001922038217\t\t' \
	$'示例县丙局下属中心\t示例县丙局\t\t\t\t' \
	$'示例县丁局\t113702009\t部门\t914403001922038216\t\t' >"$tmp/rows.tsv"
python3 ../e2e/make_xlsx.py "$tmp/mixed.xlsx" <"$tmp/rows.tsv"
status 1 "an import with bad rows: exit 1" A import "$tmp/mixed.xlsx"
check "the two good rows are in (one listed before its parent)" has '已导入 2 个机构；5 行有误'
check "row 4: missing parent" has '^4	示例县甲局	找不到上级机构“不存在的上级”'
check "row 5: duplicate code within the file" has '^5	示例县乙局	机构代码“113702025”与第 3 行重复'
check "row 6: bad credit code checksum" has '^6	示例县丙局	.*校验'
check "row 7: its parent row was bad" has '^7	示例县丙局下属中心	其上级机构（第 6 行）有误'
check "row 8: duplicate code against the database" has '^8	示例县丁局	统一社会信用代码“914403001922038216”已被现有机构'
A list >"$tmp/out"
check "the good rows stand in the tree" grep -q $'\t    示例县城管执法中心\t公共企事业单位' "$tmp/out"

# a round trip: the tree exported, imported into another installation under a root of the
# same name (the good rows in, the root row refused: that site has its own root)
status 0 "agency export --help" A export --help
status 0 "agency export" A export "$tmp/tree.xlsx"
db2=$(e2e_db "$tmp" inst2)
"$ZF_BIN" init --db "$db2" --admin root1 --agency 示例县人民政府 --site-name 二号站 --org-code 113702009 \
	--password-file "$tmp/pw" >"$tmp/out" 2>"$tmp/err"
check "a second installation" has '已完成初始化'
status 1 "the export imports into it (exit 1: one refused row)" "$ZF_BIN" agency import "$tmp/tree.xlsx" --db "$db2"
check "four agencies added (the closed one was not exported)" has '已导入 4 个机构；1 行有误'
check "the root row named by row number" has '^2	示例县人民政府	机构代码“113702009”已被现有机构'
"$ZF_BIN" agency list --db "$db2" >"$tmp/out"
check "the tree is rebuilt with its codes" grep -q $'\t  示例县财政局\t部门\t\t113702017' "$tmp/out"
check "the closed one stays out" bash -c "! grep -q 已撤销 '$tmp/out'"
echo "1..$n"
