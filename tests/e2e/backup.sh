#!/usr/bin/env bash
# tests/e2e/backup.sh (issue #16): `zfxxgk backup` and `zfxxgk restore` end to end, on the
# engine under test.
#
# A writer registers applications one after another (`zfxxgk request add`, each its own
# connection and transaction; an application counts as acknowledged when the command exits
# 0) while `zfxxgk backup` runs. The backup is restored into a fresh database: every
# application acknowledged before the backup began is there, the applications in it are
# exactly the first K of the writer's (one snapshot: no hole, nothing half), and
# `zfxxgk audit verify` passes on the restored database. On PostgreSQL the same file is also
# restored into an SQLite file (one format for both engines). Then the refusals: a second
# restore into the now non-empty target (exit 2, 不是空的) unless --force; a backup file with
# one byte changed, one cut short and a file that is no backup (exit 1, one Chinese line,
# target untouched); an existing --out (exit 2).
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
ZF_BIN=${ZF_BIN:-$ROOT/build/zfxxgk}
# shellcheck source=engine_lib.sh
. "$ROOT/tests/e2e/engine_lib.sh"
tmp=$(mktemp -d /tmp/zf-e2e-backup.XXXXXX)
export ZFXXGK_CALENDAR=$tmp/calendar.tsv
export LC_ALL=C.UTF-8
export TMPDIR=$tmp
wpid=
n=0
cleanup() {
	touch "$tmp/stop"
	[[ -n $wpid ]] && wait "$wpid" 2>/dev/null
	e2e_cleanup_pg
	[[ -n ${ZF_KEEP_TMP:-} ]] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
report() { # report ok|notok DESC
	n=$((n + 1))
	if [[ $1 == ok ]]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
check() { # check DESC CMD...
	local desc=$1
	shift
	if "$@"; then report ok "$desc"; else report notok "$desc"; fi
}
bail() {
	report notok "$1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -15
	echo "1..$n"
	exit 1
}
q() { # q DB SQL: one query on either engine
	if [[ $1 == postgresql* ]]; then psql -X -q -At "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}
engine=$(e2e_engine)
echo "# engine $engine"

src=$(e2e_db "$tmp" src) || bail "a database for the source"
"$ZF_BIN" demo --requests 200 --db "$src" >"$tmp/demo.log" 2>&1 || bail "zfxxgk demo" "$tmp/demo.log"
report ok "the source holds the demo ($engine)"

# the writer: application i is acknowledged when its command exits 0
writer() {
	local i=0
	while [[ ! -f $tmp/stop ]]; do
		i=$((i + 1))
		if "$ZF_BIN" request add --db "$src" --agency 1 --received 2026-11-20 \
			--name 备份测试 --description "备份测试 #$i #" >/dev/null 2>>"$tmp/writer.err"; then
			echo "$i" >>"$tmp/acked"
		else
			echo "$i" >>"$tmp/failed"
		fi
	done
}
: >"$tmp/acked"
writer &
wpid=$!
for _ in $(seq 1 300); do [[ $(wc -l <"$tmp/acked") -ge 5 ]] && break; sleep 0.1; done
before=$(wc -l <"$tmp/acked")
[[ $before -ge 5 ]] || bail "the writer registers applications" "$tmp/writer.err"
cp "$tmp/acked" "$tmp/acked_before"
"$ZF_BIN" backup --db "$src" --out "$tmp/a.zfbak" >"$tmp/backup.out" 2>"$tmp/backup.err"
rc=$?
during=$(($(wc -l <"$tmp/acked") - before))
# a few more after the backup, so that the source has moved on
for _ in $(seq 1 100); do [[ $(wc -l <"$tmp/acked") -ge $((before + during + 3)) ]] && break; sleep 0.1; done
touch "$tmp/stop"
wait "$wpid"
wpid=
[[ $rc == 0 ]] && grep -q '备份完成' "$tmp/backup.out" &&
	report ok "zfxxgk backup runs while applications are being registered ($before before, $during during)" ||
	bail "zfxxgk backup runs while applications are being registered (exit $rc)" "$tmp/backup.err"
failed=$(cat "$tmp/failed" 2>/dev/null | wc -l)
check "no registration failed during the backup ($failed failed)" test "$failed" = 0
total=$(wc -l <"$tmp/acked")
check "the source holds every acknowledged application ($total)" \
	test "$(q "$src" "SELECT count(*) FROM requests WHERE description LIKE '备份测试 #%'")" = "$total"
check "the file starts with its header" test "$(head -1 "$tmp/a.zfbak")" = "zfxxgk-backup 1"

# restore into a fresh database of the same engine
dst=$(e2e_db "$tmp" dst) || bail "a database for the restore"
"$ZF_BIN" restore --from "$tmp/a.zfbak" --db "$dst" >"$tmp/restore.out" 2>"$tmp/restore.err"
rc=$?
[[ $rc == 0 ]] && grep -q '恢复完成' "$tmp/restore.out" &&
	report ok "zfxxgk restore into a fresh $engine database" ||
	bail "zfxxgk restore into a fresh $engine database (exit $rc)" "$tmp/restore.err"
# what the snapshot holds: the first K applications of the writer, no more, no hole
nums=$(q "$dst" "SELECT description FROM requests WHERE description LIKE '备份测试 #%'" |
	sed 's/^备份测试 #\([0-9]*\) #$/\1/' | sort -n)
k=$(echo "$nums" | grep -c .)
check "the restored database holds the first $k applications, in one piece" \
	test "$nums" = "$(seq 1 "$k")"
missing=0
while read -r i; do
	echo "$nums" | grep -qx "$i" || missing=$((missing + 1))
done <"$tmp/acked_before"
echo "# acknowledged before the backup: $before; in the backup: $k; acknowledged and missing: $missing"
check "every application acknowledged before the backup began is restored" test "$missing" = 0
check "and the backup holds no application that was not acknowledged" test "$k" -le "$total"
for t in requests request_events applicants audit_log; do
	a=$(head -c 65536 "$tmp/a.zfbak" | grep -a "^table $t " | head -1 | awk '{print $3}')
	b=$(q "$dst" "SELECT count(*) FROM $t")
	[[ $t == audit_log ]] && a=$((a + 1)) # the restore's own line
	check "table $t: $b rows restored, as the header says" test "$a" = "$b"
done
"$ZF_BIN" audit verify --db "$dst" >"$tmp/verify.out" 2>&1
check "zfxxgk audit verify passes on the restored database" test $? = 0
check "and names the chain's head" grep -q '链末端' "$tmp/verify.out"

if [[ $engine == pg ]]; then
	"$ZF_BIN" restore --from "$tmp/a.zfbak" --db "$tmp/cross.db" >"$tmp/cross.out" 2>"$tmp/cross.err"
	check "the PostgreSQL backup restores into an SQLite file too" test $? = 0
	check "with the same applications" test \
		"$(sqlite3 "$tmp/cross.db" "SELECT count(*) FROM requests WHERE description LIKE '备份测试 #%'")" = "$k"
fi

# refusals
"$ZF_BIN" restore --from "$tmp/a.zfbak" --db "$dst" >/dev/null 2>"$tmp/again.err"
rc=$?
check "a restore into a non-empty database is refused (exit $rc)" test "$rc" = 2
check "with a Chinese line saying it is not empty" grep -q '不是空的' "$tmp/again.err"
"$ZF_BIN" restore --from "$tmp/a.zfbak" --db "$dst" --force >/dev/null 2>"$tmp/force.err"
check "--force restores over it" test $? = 0
check "and the applications are as in the backup" test \
	"$(q "$dst" "SELECT count(*) FROM requests WHERE description LIKE '备份测试 #%'")" = "$k"
"$ZF_BIN" audit verify --db "$dst" >/dev/null 2>&1
check "and audit verify passes" test $? = 0

size=$(stat -c %s "$tmp/a.zfbak")
cp "$tmp/a.zfbak" "$tmp/flip.zfbak"
printf '\x5a' | dd of="$tmp/flip.zfbak" bs=1 seek=$((size - 3000)) conv=notrunc 2>/dev/null
head -c $((size - 4096)) "$tmp/a.zfbak" >"$tmp/short.zfbak"
printf 'SQLite format 3\0 not a backup\n' >"$tmp/other.zfbak"
sed '2s/created .*/created 2026-12-07T00:00:00Z\nextra line/' "$tmp/a.zfbak" >"$tmp/head.zfbak" 2>/dev/null
for f in flip short other head; do
	fresh=$(e2e_db "$tmp" "bad_$f") || bail "a database for the refusal"
	"$ZF_BIN" restore --from "$tmp/$f.zfbak" --db "$fresh" >/dev/null 2>"$tmp/$f.err"
	rc=$?
	lines=$(grep -c . "$tmp/$f.err")
	check "a damaged backup ($f) is refused: exit 1, one line (exit $rc, $lines lines)" \
		test "$rc" = 1 -a "$lines" = 1
	sed 's/^/#   /' "$tmp/$f.err"
	check "  and the message says why" \
		grep -qE '已损坏|不是 zfxxgk 的备份文件|无法识别' "$tmp/$f.err"
	tables=$(q "$fresh" "SELECT count(*) FROM $([[ $fresh == postgresql* ]] && echo information_schema.tables WHERE table_schema = \'public\' || echo sqlite_master)")
	check "  and the target is untouched" test "${tables:-0}" = 0
done
"$ZF_BIN" backup --db "$src" --out "$tmp/a.zfbak" >/dev/null 2>"$tmp/exists.err"
rc=$?
check "a backup over an existing file is refused without --force (exit $rc)" test "$rc" = 2
echo "1..$n"
