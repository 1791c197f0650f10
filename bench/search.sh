#!/usr/bin/env bash
# bench/search.sh [DOCUMENTS] [REPS]: the catalogue search against its two references.
# Builds bench/search_bench.c against $O/libzf.a (O=build by default; run `make` first), then:
#   1. fills a temporary store with DOCUMENTS (default 1000000) synthetic published documents
#      (realistic government text from the demo generator: about 700 characters each) and
#      times the build of our FTS5 index (zf_cjk: bigrams + the final character, 1-character
#      prefix index) and of an FTS5 trigram index over the same text;
#   2. starts a throwaway PostgreSQL (initdb into the temporary directory, listening only on a
#      Unix socket there; as the postgres user when run as root), loads the same text and
#      times CREATE INDEX ... USING gin (text gin_trgm_ops);
#   3. times 1-, 2- and 4-character queries, 10 words each, REPS rounds (default 20) for our
#      search and 3 rounds for the scans (trigram LIKE, pg_trgm LIKE under 3 characters):
#      each query is what a results page needs, the number of hits and the first 20.
#   4. indexes the same text with Xapian (bench/xapian_bench.cc, built with g++ against
#      libxapian: TermGenerator and QueryParser in CJK n-gram mode, default operator AND) and
#      times the same queries: exact count + first 20 by BM25, and again with Xapian's
#      estimated count (how it is usually run).
# BENCH_OURS_ONLY=1 leaves out the trigram, pg_trgm and Xapian references (our search on
# SQLite's FTS5 against our search on PostgreSQL only). BENCH_NO_XAPIAN=1 leaves out Xapian.
# BENCH_NO_OURS_PG=1 leaves out our search on PostgreSQL (its `db copy` of the catalogue: at
# a million documents that alone takes over an hour on a 2-core machine; pg_trgm still runs).
# Prints the load (uptime) at the start and the end, then one table: index build rate per
# engine (and its ratio to the FTS5 trigram index), p50/p99 latency and the average number of
# hits per query length and engine, and the share of our queries that needed the fallback
# (no document holds every phrase: all words, then any word).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-1000000}
reps=${2:-20}
O=${O:-build}
[[ -f $O/libzf.a ]] || { echo "bench: $O/libzf.a missing (run make first)" >&2; exit 2; }
for t in initdb pg_ctl psql; do
	command -v $t >/dev/null || [[ -x /usr/lib/postgresql/15/bin/$t ]] ||
		{ echo "bench: $t missing (scripts/deps.sh installs postgresql)" >&2; exit 2; }
done
PATH=$PATH:$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)
dir=$(mktemp -d /tmp/zf-bench-search.XXXXXX)
pgdir="$dir/pg"
cleanup() {
	if [[ -f $pgdir/data/postmaster.pid ]]; then
		as_pg pg_ctl -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: run it as the postgres user, in our temporary directory.
as_pg() {
	if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PKGS="libmicrohttpd sqlite3 jansson xlsxwriter libsodium libpq libutf8proc opencc libbrotlienc zlib"
# shellcheck disable=SC2046
cc -std=c11 -O2 -Isrc -Isrc/base -I"$O/gen" $(pkg-config --cflags $PKGS) -o "$dir/search_bench" \
	bench/search_bench.c "$O/libzf.a" $(pkg-config --libs $PKGS) -lpthread -lm

xapian=""
if [[ -z ${BENCH_OURS_ONLY:-} && -z ${BENCH_NO_XAPIAN:-} ]]; then
	command -v g++ >/dev/null && pkg-config --exists xapian-core ||
		{ echo "bench: g++ or libxapian-dev missing (scripts/deps.sh installs them)" >&2; exit 2; }
	# shellcheck disable=SC2046
	g++ -std=c++17 -O2 -o "$dir/xapian_bench" bench/xapian_bench.cc \
		$(pkg-config --cflags --libs xapian-core)
	xapian=1
fi
rows="$dir/rows"
: >"$rows"
# machine lines (BUILD, ROW, NOTE, FALLBACK) go to $rows for the table; the rest is shown
keep() { tee -a "$rows" | grep -av -e '^BUILD' -e '^ROW' -e '^NOTE' -e '^FALLBACK' || true; }

echo "== $docs documents, load at start: $(uptime | sed 's/.*load average/load average/')"
"$dir/search_bench" load "$dir/bench.db" "$docs" "$dir/docs.tsv" | keep
echo "database file: $(du -h "$dir/bench.db" | cut -f1) (documents, our index and the trigram index)"

mkdir -p "$pgdir"
[[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
as_pg initdb -D "$pgdir/data" -E UTF8 --locale=C.UTF-8 -U bench >/dev/null
cat >>"$pgdir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$pgdir'
shared_buffers = 1GB
maintenance_work_mem = 1GB
work_mem = 64MB
max_parallel_workers_per_gather = 2
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
as_pg pg_ctl -D "$pgdir/data" -l "$pgdir/log" -w start >/dev/null
psql_() { as_pg psql -q -X -v ON_ERROR_STOP=1 -h "$pgdir" -U bench -d postgres "$@"; }
if [[ -z ${BENCH_OURS_ONLY:-} ]]; then
psql_ -c "CREATE EXTENSION pg_trgm; CREATE TABLE docs (id bigint PRIMARY KEY, text text NOT NULL);"
psql_ -c "\\copy docs FROM '$dir/docs.tsv'"
t0=$(date +%s.%N)
psql_ -c "CREATE INDEX docs_trgm ON docs USING gin (text gin_trgm_ops);"
t1=$(date +%s.%N)
psql_ -c "VACUUM ANALYZE docs;"
awk -v a="$t0" -v b="$t1" -v n="$docs" 'BEGIN {
	printf "index pg_trgm (GIN): %.1f s, %.0f documents/s\n", b - a, n / (b - a)
	printf "BUILD\tpg_trgm (GIN)\t%.3f\t%d\n", b - a, n }' | keep
echo "pg_trgm index size: $(psql_ -At -c "SELECT pg_size_pretty(pg_relation_size('docs_trgm'))")"
fi

# our search on PostgreSQL: the same catalogue moved with db copy, which writes our token
# arrays (GIN) from the same C tokenizer as it goes
zfpg=""
if [[ -z ${BENCH_NO_OURS_PG:-} ]]; then
psql_ -c "CREATE DATABASE zfbench ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;"
zfpg="postgresql:///zfbench?host=$pgdir&user=bench"
t0=$(date +%s.%N)
"$O/zfxxgk" db copy --from "$dir/bench.db" --to "$zfpg" >"$dir/copy.log" 2>&1 ||
	{ echo "bench: db copy failed" >&2; tail -5 "$dir/copy.log" >&2; exit 1; }
t1=$(date +%s.%N)
as_pg psql -q -X -h "$pgdir" -U bench -d zfbench -c "VACUUM ANALYZE;"
awk -v a="$t0" -v b="$t1" -v n="$docs" 'BEGIN {
	printf "db copy into PostgreSQL with our index (doc_terms, GIN): %.1f s, %.0f documents/s\n", b - a, n / (b - a)
	printf "BUILD\tzf_cjk (PostgreSQL; db copy)\t%.3f\t%d\n", b - a, n }' | keep
echo "doc_terms size: $(as_pg psql -At -X -h "$pgdir" -U bench -d zfbench -c "SELECT pg_size_pretty(pg_total_relation_size('doc_terms'))")"
fi

echo "== queries (hits and the first 20 of them per query; milliseconds)"
pgref="host=$pgdir user=bench dbname=postgres"
[[ -n ${BENCH_OURS_ONLY:-} ]] && pgref=""
"$dir/search_bench" query "$dir/bench.db" "$pgref" "$reps" 3 "$zfpg" | keep

if [[ -n $xapian ]]; then
	# after the others, alone: its build and queries do not share the processors with them
	"$dir/search_bench" queries >"$dir/queries.tsv"
	"$dir/xapian_bench" "$dir/xapian" "$dir/docs.tsv" "$dir/queries.tsv" "$reps" | keep
	echo "Xapian database size: $(du -sh "$dir/xapian" | cut -f1)"
fi

echo
echo "== $docs documents, $(date -u '+%Y-%m-%d %H:%M UTC'), load at end: $(uptime | sed 's/.*load average/load average/')"
awk -F'\t' '
$1 == "BUILD" { name[++nb] = $2; rate[nb] = $4 / $3; sec[nb] = $3
	if ($2 == "FTS5 trigram") tri = $4 / $3 }
$1 == "ROW" { nr++; len[nr] = $2; eng[nr] = $3; cnt[nr] = $4; p50[nr] = $5; p99[nr] = $6; hits[nr] = $7 }
$1 == "NOTE" { note[$2] = note[$2] "  (" $3 ")\n" }
$1 == "FALLBACK" { fb[++nf] = sprintf("%s: %d / %d (%.1f%%)", $2, $3, $4, 100 * $3 / $4) }
END {
	printf "%-34s %10s %12s %10s\n", "索引建立", "秒", "文档/秒", "÷trigram"
	for (i = 1; i <= nb; i++)
		printf "%-30s %10.1f %12.0f %10s\n", name[i], sec[i], rate[i],
		       tri ? sprintf("%.2f", rate[i] / tri) : "-"
	split("1 字,2 字,4 字", L, ",")
	printf "\n%-6s %-28s %6s %9s %9s %10s\n", "查询", "引擎", "样本", "p50 ms", "p99 ms", "平均命中"
	for (l = 0; l < 3; l++) {
		for (i = 1; i <= nr; i++)
			if (len[i] == l)
				printf "%-6s %-28s %6d %9.2f %9.2f %10s\n", L[l + 1], eng[i], cnt[i],
				       p50[i], p99[i], (eng[i] ~ /估计/ ? "约" : "") hits[i]
		printf "%s", note[l]
	}
	printf "\n需要退而求其次（全部词 / 任一词）的查询所占比例：\n"
	for (i = 1; i <= nf; i++)
		printf "  %s\n", fb[i]
}' "$rows"
