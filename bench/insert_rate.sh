#!/usr/bin/env bash
# bench/insert_rate.sh [REQUESTS] [ZF_BIN]: how fast `zfxxgk demo` fills a database.
# Runs `zfxxgk demo --requests REQUESTS` (default 1000000) into a new file and prints its rate
# (requests per second, everything included: generating the histories, the clock, the
# inserts, review cases, commits). Then, as the reference, the sqlite3 CLI inserts the very
# same rows into a new file with the same schema, in one transaction with foreign keys on:
#   1. from a file of INSERT statements (what `sqlite3 db < rows.sql` does with a dump): the
#      plain bulk insert; the ratio zfxxgk / sqlite3 is printed against it;
#   2. with INSERT … SELECT from the demo file attached: no SQL text per row, and SQLite's
#      transfer optimisation copies whole records without checking them, so a ceiling that
#      no checked insert reaches.
# Target: >= 50 000 requests per second. The machine's other load counts: run it idle.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000000}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export ZFXXGK_CALENDAR="$dir/calendar.tsv" # the built-in calendar only
db="$dir/demo.db"
today=2026-11-20

now() { date +%s.%N; }
s=$(now)
out=$("$bin" demo --requests "$requests" --db "$db" --seed 1 --today "$today" 2>/dev/null)
e=$(now)
echo "$out" | tail -1
zf=$(awk -v s="$s" -v e="$e" -v n="$requests" 'BEGIN { printf "%.0f", n / (e - s) }')
events=$(sqlite3 "$db" "SELECT count(*) FROM request_events")
reviews=$(sqlite3 "$db" "SELECT count(*) FROM review_cases")

# the same schema, and the same rows as SQL text
tables="agencies users applicants requests request_events review_cases review_events"
schema() {
	echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	local list
	# shellcheck disable=SC2086 # one word per table
	list=$(printf "'%s'," $tables)
	sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema WHERE tbl_name IN (${list%,})
		AND sql IS NOT NULL ORDER BY type = 'index', rowid"
}
schema >"$dir/schema.sql"
{
	echo "PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072; BEGIN;"
	for t in $tables; do
		sqlite3 "$db" ".mode insert $t" "SELECT * FROM $t ORDER BY 1, 2"
	done
	echo "COMMIT;"
} >"$dir/rows.sql"
echo "rows as SQL text: $(du -h "$dir/rows.sql" | cut -f1)," \
	"$requests requests, $events events, $reviews review cases"

sqlite3 "$dir/ref.db" <"$dir/schema.sql" >/dev/null
s=$(now)
sqlite3 "$dir/ref.db" <"$dir/rows.sql"
e=$(now)
plain=$(awk -v s="$s" -v e="$e" -v n="$requests" 'BEGIN { printf "%.0f", n / (e - s) }')
[[ $(sqlite3 "$dir/ref.db" "SELECT count(*) FROM requests") == "$requests" ]] ||
	{ echo "bench: the reference lost rows" >&2; exit 1; }

sqlite3 "$dir/copy.db" <"$dir/schema.sql" >/dev/null
s=$(now)
{
	echo "PRAGMA foreign_keys = ON; PRAGMA cache_size = -131072;"
	echo "ATTACH '$db' AS demo; BEGIN;"
	for t in $tables; do echo "INSERT INTO main.$t SELECT * FROM demo.$t ORDER BY 1, 2;"; done
	echo "COMMIT;"
} | sqlite3 "$dir/copy.db"
e=$(now)
copy=$(awk -v s="$s" -v e="$e" -v n="$requests" 'BEGIN { printf "%.0f", n / (e - s) }')

awk -v z="$zf" -v p="$plain" -v c="$copy" 'BEGIN {
	printf "zfxxgk demo (generate, check, insert):            %9d requests/s  target >= 50000  %s\n",
		z, (z >= 50000 ? "ok" : "SLOW")
	printf "sqlite3 < INSERT statements (plain bulk insert):  %9d requests/s\n", p
	printf "sqlite3 INSERT ... SELECT (unchecked copy):       %9d requests/s\n", c
	printf "ratio zfxxgk / plain sqlite3 insert:              %9.2f\n", z / p
	printf "ratio zfxxgk / unchecked copy:                    %9.2f\n", z / c
}'
