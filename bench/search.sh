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
# BENCH_OURS_ONLY=1 leaves out the trigram and pg_trgm references (our search on SQLite's
# FTS5 against our search on PostgreSQL only), for the large sizes.
# Prints index build rates and p50/p99 latency per query length and engine, with the average
# number of hits (the same for every engine: each finds every document holding the words).
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

PKGS="libmicrohttpd sqlite3 jansson xlsxwriter libsodium libpq libutf8proc opencc"
# shellcheck disable=SC2046
cc -std=c11 -O2 -Isrc -Isrc/base -I"$O/gen" $(pkg-config --cflags $PKGS) -o "$dir/search_bench" \
	bench/search_bench.c "$O/libzf.a" $(pkg-config --libs $PKGS) -lpthread -lm

echo "== $docs documents"
"$dir/search_bench" load "$dir/bench.db" "$docs" "$dir/docs.tsv"
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
	printf "index pg_trgm (GIN): %.1f s, %.0f documents/s\n", b - a, n / (b - a) }'
echo "pg_trgm index size: $(psql_ -At -c "SELECT pg_size_pretty(pg_relation_size('docs_trgm'))")"
fi

# our search on PostgreSQL: the same catalogue moved with db copy, which writes our token
# arrays (GIN) from the same C tokenizer as it goes
psql_ -c "CREATE DATABASE zfbench ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;"
zfpg="postgresql:///zfbench?host=$pgdir&user=bench"
t0=$(date +%s.%N)
"$O/zfxxgk" db copy --from "$dir/bench.db" --to "$zfpg" >"$dir/copy.log" 2>&1 ||
	{ echo "bench: db copy failed" >&2; tail -5 "$dir/copy.log" >&2; exit 1; }
t1=$(date +%s.%N)
as_pg psql -q -X -h "$pgdir" -U bench -d zfbench -c "VACUUM ANALYZE;"
awk -v a="$t0" -v b="$t1" -v n="$docs" 'BEGIN {
	printf "db copy into PostgreSQL with our index (doc_terms, GIN): %.1f s, %.0f documents/s\n", b - a, n / (b - a) }'
echo "doc_terms size: $(as_pg psql -At -X -h "$pgdir" -U bench -d zfbench -c "SELECT pg_size_pretty(pg_total_relation_size('doc_terms'))")"

echo "== queries (hits and the first 20 of them per query; milliseconds)"
pgref="host=$pgdir user=bench dbname=postgres"
[[ -n ${BENCH_OURS_ONLY:-} ]] && pgref=""
"$dir/search_bench" query "$dir/bench.db" "$pgref" "$reps" 3 "$zfpg"
