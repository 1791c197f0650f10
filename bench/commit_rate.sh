#!/usr/bin/env bash
# bench/commit_rate.sh [COMMITS] [DIR]: what synchronous=FULL costs per acknowledged write.
# Every application, reply, message and comment is one small transaction that the user is
# told about; with SQLite in WAL mode, synchronous=NORMAL writes the transaction's frames to
# the log and returns, FULL also syncs the log (fdatasync) before the commit returns
# (issue #16, finding 10: zfxxgk runs FULL). This runs COMMITS (default 2000) single-row
# transactions (BEGIN IMMEDIATE, one INSERT of a 300-byte row with two indexes, COMMIT) with
# the sqlite3 CLI on a file in DIR (default a temporary directory: put it on the disk the
# database lives on), once with NORMAL and once with FULL, and prints commits per second of
# each. The figure with FULL is the ceiling of acknowledged writes per second of one SQLite
# database on that disk.
set -euo pipefail
commits=${1:-2000}
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing" >&2; exit 2; }
dir=$(mktemp -d "${2:-${TMPDIR:-/tmp}}/zf-commit.XXXXXX")
trap 'rm -rf "$dir"' EXIT
now() { date +%s.%N; }
row=$(printf 'x%.0s' $(seq 1 300))
for mode in NORMAL FULL; do
	db="$dir/$mode.db"
	sqlite3 "$db" "PRAGMA journal_mode = WAL;
		CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, who TEXT, body TEXT);
		CREATE INDEX t_at ON t(at); CREATE INDEX t_who ON t(who);" >/dev/null
	{
		echo "PRAGMA synchronous = $mode;"
		for i in $(seq 1 "$commits"); do
			echo "BEGIN IMMEDIATE; INSERT INTO t (at, who, body) VALUES ('2026-12-07T12:00:00.$i', 'u$((i % 50))', '$row'); COMMIT;"
		done
	} >"$dir/$mode.sql"
	s=$(now)
	sqlite3 "$db" <"$dir/$mode.sql"
	e=$(now)
	[[ $(sqlite3 "$db" "SELECT count(*) FROM t") == "$commits" ]] || { echo "bench: rows missing" >&2; exit 1; }
	awk -v m="$mode" -v s="$s" -v e="$e" -v n="$commits" \
		'BEGIN { printf "synchronous=%-6s %6d commits in %.2f s: %.0f commits/s\n", m, n, e - s, n / (e - s) }'
done
