#!/usr/bin/env bash
# tests/e2e/demo_cli.sh: `zfxxgk report publish` refuses a year that has not ended (Beijing)
# with a Chinese message and writes nothing, publishes a past year; `zfxxgk doc expire`
# marks documents whose 有效期 has ended 失效, once (a second run changes nothing), with
# Chinese --help. Prints TAP.
# zf-e2e-both-engines
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/engine_lib.sh"
ZF_BIN=${ZF_BIN:-$here/../../build/zfxxgk}
tmp=$(mktemp -d /tmp/zf-e2e-democli.XXXXXX)
trap 'e2e_cleanup_pg; rm -rf "$tmp"' EXIT
n=0
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
run() { "$@" >"$tmp/out" 2>"$tmp/err"; }
has() { grep -q -- "$1" "$tmp/${2:-out}"; }

db=$(e2e_db "$tmp" democli) || {
	echo "1..1"
	echo "not ok 1 - no database"
	exit 1
}
echo "# engine: $(e2e_engine)"
ZFXXGK_ADMIN_PASSWORD='Very-long-pass-1' run "$ZF_BIN" init --db "$db" --agency 示例区人民政府 --site-name 示例区人民政府信息公开 --admin admin
check "init" test $? -eq 0
this_year=$(TZ=Asia/Shanghai date +%Y)
last_year=$((this_year - 1))

run "$ZF_BIN" report publish --help
check "report publish --help in Chinese" has "年度须已结束"
run "$ZF_BIN" report generate --db "$db" --agency 1 --year "$this_year" -o "$tmp/this.json"
run "$ZF_BIN" report generate --db "$db" --agency 1 --year "$last_year" -o "$tmp/last.json"
check "reports generated" test -s "$tmp/this.json" -a -s "$tmp/last.json"
run "$ZF_BIN" report publish --db "$db" --agency 1 --year "$this_year" "$tmp/this.json"
rc=$?
check "the running year $this_year is refused (exit $rc)" test $rc -eq 2
check "with a Chinese reason" has "${this_year}年度尚未结束，不能发布该年度的报告" err
run "$ZF_BIN" report publish --db "$db" --agency 1 --year "$last_year" "$tmp/last.json"
check "last year $last_year is published" test $? -eq 0
check "and says so" has "已发布"

run "$ZF_BIN" doc expire --help
check "doc expire --help in Chinese" has "有效期已届满"
run "$ZF_BIN" doc settings --db "$db" --agency 1 --org-code 000014349
add() { # add TITLE VALID_UNTIL: a published normative document
	local id
	id=$("$ZF_BIN" doc add --db "$db" --agency 1 --title "$1" --written 2020-01-02 \
		--kind normative --valid-until "$2" 2>>"$tmp/err" | grep -oE '[0-9]+' | head -1)
	"$ZF_BIN" doc submit --db "$db" "$id" >/dev/null 2>&1
	"$ZF_BIN" doc approve --db "$db" --secrecy-checked --on 2020-01-10 "$id" >/dev/null 2>&1
	echo "$id"
}
old=$(add "关于甲事项的暂行办法" 2024-12-31)
new=$(add "关于乙事项的暂行办法" 2099-12-31)
check "two documents published ($old, $new)" test -n "$old" -a -n "$new"
run "$ZF_BIN" doc expire --db "$db"
check "doc expire marks the one past its term" has "已标注失效：1 份"
run "$ZF_BIN" doc show --db "$db" "$old"
check "it shows 失效 from the day after its term" grep -q "2025-01-01" "$tmp/out"
check "with the reason" has "有效期届满，自动失效"
run "$ZF_BIN" doc show --db "$db" "$new"
check "the other stays 有效" has "有效"
run "$ZF_BIN" doc expire --db "$db"
check "a second run changes nothing" has "没有有效期已届满"
echo "1..$n"
