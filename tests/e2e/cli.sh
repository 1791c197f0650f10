#!/usr/bin/env bash
# cli.sh: the zfxxgk command line as a user meets it: help, version, calendar, calendar add.
set -u
: "${ZF_BIN:?run through tests/run}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ZFXXGK_CALENDAR="$tmp/calendar.tsv"
n=0
t() { # t NAME COND...
	local name=$1; shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }

"$ZF_BIN" --help >"$tmp/help" 2>&1; rc=$?
t "zfxxgk --help exits 0" test $rc -eq 0
t "help lists the deadline command" has "deadline" "$tmp/help"
t "help is in Chinese" has "用法" "$tmp/help"
"$ZF_BIN" --version >"$tmp/ver"; t "--version prints the version" grep -qE '^zfxxgk [0-9]+\.[0-9]+' "$tmp/ver"
"$ZF_BIN" >/dev/null 2>&1; t "no command: usage error 2" test $? -eq 2
"$ZF_BIN" nosuch >/dev/null 2>"$tmp/err"; rc=$?
t "unknown command exits 2" test $rc -eq 2
t "unknown command is named" has "nosuch" "$tmp/err"
for c in serve deadline calendar report; do
	"$ZF_BIN" "$c" --help >"$tmp/h" 2>&1; rc=$?
	t "$c --help exits 0" test $rc -eq 0
	t "$c --help shows usage" has "用法" "$tmp/h"
done
"$ZF_BIN" help deadline >"$tmp/h"; t "zfxxgk help deadline" has "--received" "$tmp/h"

"$ZF_BIN" calendar 2026 >"$tmp/y"; rc=$?
t "calendar 2026 exits 0" test $rc -eq 0
t "calendar 2026 counts the year's working days (261 weekdays - 19 off + 6 make-up)" has "全年工作日 248 天" "$tmp/y"
t "calendar 2026 lists 春节" has "2026-02-15 至 2026-02-23  春节 放假（9 天）" "$tmp/y"
"$ZF_BIN" calendar 2026-02-14 >"$tmp/d"
t "calendar DATE explains a make-up day" has "工作日（春节调休上班）" "$tmp/d"
"$ZF_BIN" calendar 2027-01-01 >"$tmp/d"
t "calendar marks an uncovered year" has "2027年的放假安排国务院尚未公布" "$tmp/d"
t "and estimates 元旦 as a day off" has "休息日（元旦放假，推算）" "$tmp/d"
"$ZF_BIN" calendar 2026 --json >"$tmp/j"
t "calendar --json is JSON with working_days" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["working_days"]==248 and d["covered"]' "$tmp/j"
"$ZF_BIN" calendar 2026-02-30 >/dev/null 2>&1; t "calendar impossible date exits 2" test $? -eq 2
"$ZF_BIN" calendar 1700 >/dev/null 2>&1; t "calendar year out of range exits 2" test $? -eq 2

# Register 2027's schedule: the provisional deadline (元旦 estimated) becomes final.
"$ZF_BIN" deadline --received 2026-12-20 >"$tmp/before"
t "before: provisional" has "暂定" "$tmp/before"
t "before: 2027-01-18 (estimated 元旦 not counted)" test "$(head -1 "$tmp/before")" = 2027-01-18
"$ZF_BIN" calendar add --name 元旦 --off 2027-01-01..2027-01-03 --dry-run >"$tmp/o" 2>&1; rc=$?
t "calendar add --dry-run exits 0" test $rc -eq 0
t "dry run writes nothing" test ! -e "$ZFXXGK_CALENDAR"
"$ZF_BIN" calendar add --name 元旦 --off 2027-01-01..2027-01-03 >"$tmp/o" 2>&1; rc=$?
t "calendar add exits 0" test $rc -eq 0
t "calendar add writes the file" has "2027-01-01	off	元旦" "$ZFXXGK_CALENDAR"
"$ZF_BIN" deadline --received 2026-12-20 >"$tmp/after"
t "after: 2027-01-18 (元旦 not counted)" test "$(head -1 "$tmp/after")" = 2027-01-18
t "after: no longer provisional" bash -c "! grep -q 暂定 '$tmp/after'"
"$ZF_BIN" calendar add --name 春节 --off 2027-01-02 >"$tmp/o" 2>&1
t "conflicting add refused" test $? -eq 2
"$ZF_BIN" calendar add --name 春节 --off 2027-02-06..2027-02-12 >"$tmp/o" 2>&1
t "adding to a covered year needs --force" has "--force" "$tmp/o"
"$ZF_BIN" calendar add --name 春节 --off 2027-02-06..2027-02-12 --work 2027-02-20 --force >"$tmp/o" 2>&1
t "--force adds to a covered year" test $? -eq 0
"$ZF_BIN" calendar add --name 三月三 --local-off 2027-04-09 >"$tmp/o" 2>&1
t "a local day off can be added" test $? -eq 0
"$ZF_BIN" calendar 2027-04-09 >"$tmp/d"
t "local day off shown" has "休息日（三月三地方性假日）" "$tmp/d"
printf '2027-05-01\toff\t劳动节\n2027-05-0x\toff\t劳动节\n' >"$tmp/bad.tsv"
cp "$ZFXXGK_CALENDAR" "$tmp/before-bad"
"$ZF_BIN" calendar add --file "$tmp/bad.tsv" --force >"$tmp/o" 2>&1; rc=$?
t "a bad file is refused" test $rc -eq 2
t "with the line number" has "第2行" "$tmp/o"
t "and nothing is written" cmp -s "$ZFXXGK_CALENDAR" "$tmp/before-bad"
"$ZF_BIN" calendar add --off 2027-05-01 >"$tmp/o" 2>&1
t "add without --name refused" has "--name" "$tmp/o"
echo "1..$n"
