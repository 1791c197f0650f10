#!/usr/bin/env bash
# tests/e2e/docs_cli.sh: `zfxxgk doc` end to end on a temporary database: help for every
# subcommand, the demo catalogue, the life cycle (add → submit → return → edit → submit →
# approve → repeal) with its exit statuses and Chinese errors, search (one character, 文号),
# table 2, export to Excel and import of the workbook into a fresh database, import refusals.
# Prints TAP.
set -u
ZF_BIN=${ZF_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-doccli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { # ok DESC CMD...: the command succeeds
	local d=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/out" 2>"$tmp/err"; then echo "ok $n - $d"; else
		echo "not ok $n - $d"
		sed 's/^/#   /' "$tmp/err" | head -5
	fi
}
check() { # check DESC COND...
	local d=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $d"; else
		echo "not ok $n - $d"
		sed 's/^/#   out: /' "$tmp/out" | head -5
		sed 's/^/#   err: /' "$tmp/err" | head -5
	fi
}
status() { # status WANT DESC CMD...: the command exits with WANT
	local want=$1 d=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	check "$d (exit $got)" test "$got" -eq "$want"
}
has() { grep -q -- "$1" "$tmp/${2:-out}"; }

db="$tmp/zf.db"
Z() { "$ZF_BIN" doc "$@" --db "$db"; }

ok "doc --help" "$ZF_BIN" doc --help
for s in list show add edit delete attach submit withdraw return approve repeal expire reviewed \
	todo search settings t2 export import demo topics genres; do
	"$ZF_BIN" doc "$s" --help >"$tmp/out" 2>"$tmp/err"
	check "doc $s --help explains itself in Chinese" grep -q '用法：zfxxgk doc' "$tmp/out"
done
status 2 "an unknown subcommand is a usage error" "$ZF_BIN" doc frobnicate

ok "doc demo seeds the catalogue" Z demo
check "and says so" has '已写入示例目录'
ok "doc list" Z list --state published --limit 5
check "lists with 索引号" grep -qE '/20[0-9]{2}-[0-9]{5}' "$tmp/out"
ok "doc search 税 (one character)" Z search 税
check "finds documents and marks 【税】" has '【税】'
ok "doc search by 文号 written with []" Z search '示政发[2022]8号'
check "finds it exactly" has '按文号精确查找'

status 1 "add without a valid 文号 is refused (exit 1)" Z add --agency 1 --title 测试 --written 2026-01-05 --doc-no 示政发2026-1
check "with the form of a 文号 in the message" has '机关代字〔年份〕序号号' err
ok "add a draft" Z add --agency 1 --title '关于开展命令行测试的通知' --written 2026-01-05 \
	--doc-no '示政发【2026】88号' --kind normative --topic 02.01 --genre 通知
id=$(sed -n 's/已起草文件 \([0-9]*\).*/\1/p' "$tmp/out")
check "it has an id ($id)" test -n "$id"
status 1 "approve before submit is refused" Z approve "$id" --secrecy-checked
check "explaining why" has '须先提交保密审查' err
ok "submit" Z submit "$id"
status 1 "return without a reason is refused" Z return "$id" --reason ' '
ok "return with a reason" Z return "$id" --reason '请补充内容概述'
ok "edit the draft" Z edit "$id" --summary '开展命令行测试。'
ok "submit again" Z submit "$id"
status 2 "approve without the 保密审查 confirmation is refused" Z approve "$id" --on 2026-01-08
check "naming the points to confirm" has '不涉及国家秘密' err
check "still in review" bash -c "\"$ZF_BIN\" doc show --db '$db' '$id' --json | grep -q '\"state\": \"review\"'"
ok "approve" Z approve "$id" --on 2026-01-08 --secrecy-checked --note '经审查可以公开'
check "an 索引号 is printed" grep -qE '索引号 [0-9A-Z]+/2026-[0-9]{5}' "$tmp/out"
ok "show" Z show "$id"
check "with its history" has '退回修改：请补充内容概述'
check "and the 保密审查 opinion" has '经审查可以公开'
check "and the canonical 文号" has '示政发〔2026〕88号'
ok "repeal" Z repeal "$id" --on 2026-02-01 --reason '依据某决定废止'
ok "show --json" Z show "$id" --json
check "says repealed" has '"validity": "repealed"'
ok "t2" Z t2 --agency 1 --year 2026 --with-subordinates --json
check "counts the new 规范性文件 as issued and repealed" \
	grep -q '"normative_documents": {"issued": [1-9][0-9]*, "repealed": [1-9]' <(tr -d '\n ' <"$tmp/out" | sed 's/:/: /g; s/,/, /g')
ok "todo" Z todo --agency 1 --with-subordinates

ok "export to Excel" Z export -o "$tmp/目录.xlsx"
exported=$(sed -n 's/已导出 \([0-9]*\) 份.*/\1/p' "$tmp/out")
check "every published document ($exported)" test "${exported:-0}" -gt 200
"$ZF_BIN" doc demo --db "$tmp/empty.db" --synth 1 >/dev/null 2>&1 # agencies and codes only
status 0 "import the workbook into another database" \
	"$ZF_BIN" doc import "$tmp/目录.xlsx" --db "$tmp/empty.db" --agency 1
check "all imported" has "已导入 $((exported)) 份，拒绝 0 份"
printf '名称,成文日期,文号\n关于甲的通知,2025-01-02,示政发〔2025〕1号\n,2025-01-02,\n关于乙的通知,2025-13-40,\n' >"$tmp/bad.csv"
status 1 "an import with bad rows exits 1" Z import "$tmp/bad.csv" --agency 1 --dry-run
check "and names the lines and reasons" has '第 3 行  拒绝'
check "(a bad date)" has '无法识别'
check "a dry run imports nothing" has '检查完毕（未导入）'
status 2 "an unreadable format is a usage error" Z import "$tmp/bad.doc"
echo "1..$n"
