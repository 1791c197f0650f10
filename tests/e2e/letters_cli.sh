#!/usr/bin/env bash
# letters_cli.sh: `zfxxgk agency edit --review-body --court`, the remedy bodies the letters
# name: set, shown, kept with the other particulars in one write; an over-long name is refused
# with a Chinese reason and changes nothing; the help text tells of both options.
set -u
: "${ZF_BIN:?run through tests/run}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/zf.db"
n=0
t() { # t NAME COND...
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }

"$ZF_BIN" agency edit --help >"$tmp/h" 2>&1
t "agency edit --help names --review-body" has "--review-body" "$tmp/h"
t "and --court, in Chinese" has "答复书救济途径写明的人民法院" "$tmp/h"
"$ZF_BIN" demo --requests 10 --seed 1 --db "$db" >/dev/null 2>&1
t "a demo database" test -s "$db"
"$ZF_BIN" agency edit --db "$db" --id 1 --review-body 示例市人民政府 --court 示例区人民法院 \
	>"$tmp/out" 2>&1
t "agency edit sets both (exit 0)" test $? -eq 0
t "and shows the 复议机关" has "行政复议机关：示例市人民政府" "$tmp/out"
t "and the court" has "人民法院：示例区人民法院" "$tmp/out"
t "they are stored" test "$(sqlite3 "$db" "SELECT review_body || '|' || court FROM agency_remedies
	WHERE agency_id = 1")" = "示例市人民政府|示例区人民法院"
"$ZF_BIN" agency edit --db "$db" --id 1 --court 示例县人民法院 >"$tmp/out" 2>&1
t "one alone leaves the other as it was" test "$(sqlite3 "$db" "SELECT review_body || '|' ||
	court FROM agency_remedies WHERE agency_id = 1")" = "示例市人民政府|示例县人民法院"
sqlite3 "$db" .dump >"$tmp/before"
long=$(printf '法%.0s' $(seq 1 101))
"$ZF_BIN" agency edit --db "$db" --id 1 --phone 000-1 --court "$long" >"$tmp/out" 2>"$tmp/err"
t "an over-long court is refused (exit 1)" test $? -eq 1
t "with a Chinese reason" has "不能超过100字" "$tmp/err"
sqlite3 "$db" .dump >"$tmp/after"
t "and nothing changed, the phone neither" cmp -s "$tmp/before" "$tmp/after"
echo "1..$n"
