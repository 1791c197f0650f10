#!/usr/bin/env bash
# bench/report_generate.sh [REQUESTS] [ZF_BIN]: speed of `zfxxgk report generate`.
# Fills a temporary database with `zfxxgk demo --requests REQUESTS` (default 1000000; two
# years of requests up to $today, so the year reported holds about half of them) and prints
# its insertion rate, then times `report generate` for the whole agency tree and the last
# full year (best of 3) against the sqlite3 CLI doing the plain GROUP BY that counts the same
# table, and prints the ratio. Target: report generate < 1 s at 1 000 000 requests.
# (bench/insert_rate.sh measures the insertion against sqlite3 itself.)
# BENCH_ENGINE=pg runs the same on a throwaway PostgreSQL (tests/pg/pg_start), against psql
# doing the same GROUP BY.
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-1000000}
bin=${2:-${ZF_BIN:-build/zfxxgk}}
[[ -x $bin ]] || { echo "bench: $bin missing (make first)" >&2; exit 2; }
engine=${BENCH_ENGINE:-sqlite}
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 CLI is missing" >&2; exit 2; }
dir=$(mktemp -d)
chmod 755 "$dir"
pg=
trap '[[ -n $pg ]] && tests/pg/pg_stop "$pg" >/dev/null 2>&1; rm -rf "$dir"' EXIT
db="$dir/bench.db"
if [[ $engine == pg ]]; then
	pg=$(tests/pg/pg_start --watch $$)
	db=$pg
fi
export ZFXXGK_CALENDAR="$dir/calendar.tsv" # the built-in calendar only
today=2026-11-20
year=2025

"$bin" demo --requests "$requests" --db "$db" --seed 1 --today "$today" 2>/dev/null | tail -1
if [[ $engine == pg ]]; then
	echo "database: PostgreSQL, $(psql -X -qAt "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
	psql -X -q "$db" -c "VACUUM ANALYZE" >/dev/null
else
	echo "database: $(du -h "$db" | cut -f1)"
fi

best() { # best CMD...: prints the best wall time of 3 runs, in seconds
	local b=""
	for _ in 1 2 3; do
		local s e
		s=$(date +%s.%N)
		"$@" >/dev/null
		e=$(date +%s.%N)
		b=$(echo "$s $e ${b:-999}" | awk '{d = $2 - $1; print (d < $3 ? d : $3)}')
	done
	echo "$b"
}

gen=$(best "$bin" report generate --db "$db" --agency 1 --with-subordinates --year $year \
	-o "$dir/r.json")
group_by="SELECT applicant_type, coalesce(report_row, 'open'), count(*)
	FROM requests WHERE received_on <= '$year-12-31'
	AND (closed_on IS NULL OR closed_on >= '$year-01-01') GROUP BY 1, 2"
if [[ $engine == pg ]]; then
	refname="psql"
	ref=$(best psql -X -qAt "$db" -c "$group_by")
else
	refname="sqlite3"
	ref=$(best sqlite3 "$db" "$group_by")
fi
"$bin" report check "$dir/r.json" | tail -1
awk -v g="$gen" -v r="$ref" -v n="$requests" -v e="$engine" -v rn="$refname" 'BEGIN {
	printf "report generate on %s (%d requests, all agencies, %s): %.3f s  target < 1 s  %s\n",
		e, n, "'$year'", g, (g < 1 ? "ok" : "SLOW")
	printf "%s GROUP BY over the same rows:            %.3f s\n", rn, r
	printf "ratio generate / %s:                      %.2f\n", rn, g / r
}'
