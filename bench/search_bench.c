/* search_bench.c: the helper of bench/search.sh (built by it against libzf.a).
 *   search_bench load DB N TSV   fills a store with N synthetic published documents, then
 *                                times the build of our FTS5 index (zf_cjk bigrams) and of an
 *                                FTS5 trigram index over the same text; writes the text as a
 *                                PostgreSQL COPY file (id TAB text).
 *   search_bench query DB CONNINFO [REPS]
 *                                times one-, two- and four-character queries: the catalogue
 *                                search (store_doc_search: hit count + first page of 20 ranked,
 *                                with excerpts), FTS5 trigram (count + first 20; LIKE when the
 *                                query is under 3 characters, which MATCH cannot answer) and
 *                                PostgreSQL pg_trgm (LIKE '%q%': count + first 20).
 * Prints plain lines for the script to show. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "store/db.h"
#include "demo/docs.h"
#include "store/docs.h"
#include "text/cjk_tokenize.h"

#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void check(int rc, const char *what, sqlite3 *db)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		die("%s: %s", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("%s: %s", sql, msg ? msg : "?");
}

/* Writes s for COPY's text format (backslash, tab and line breaks escaped). */
static void copy_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': fputs("\\\\", f); break;
		case '\t': fputs("\\t", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		default: fputc(*s, f);
		}
	}
}

static int load(const char *path, long long n, const char *tsv)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	bool seeded;
	if (store_open(path, &st, &err) || store_migrate(st, NULL, &err) ||
	    demo_seed_agencies(st, &seeded))
		die("open %s: %s", path, buf_cstr(&err));
	store_close(st);
	sqlite3 *db;
	check(sqlite3_open(path, &db), "open", db);
	exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
		 "DROP TRIGGER docs_fts_insert;");
	sqlite3_stmt *ins;
	check(sqlite3_prepare_v2(
		  db,
		  "INSERT INTO docs (agency_id, state, title, summary, body, issuer,"
		  " doc_no, topic, genre, keywords, kind, written_on, published_on,"
		  " index_no, index_scope, index_serial, created_by) VALUES"
		  " (?1, 'published', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
		  " ?14, ?15, 'bench')",
		  -1, &ins, NULL),
	      "prepare", db);
	static const char *const names[] = {"示例区人民政府", "示例区人民政府办公室",
					    "示例区住房和城乡建设局"};
	FILE *out = fopen(tsv, "w");
	if (!out)
		die("cannot write %s", tsv);
	double t0 = now();
	size_t bytes = 0;
	exec(db, "BEGIN");
	for (long long i = 0; i < n; i++) {
		struct arena *a = arena_new(0);
		struct doc_fields f;
		zf_day pub;
		long long agency = 1 + i % 3;
		demo_docs_synth(a, 7, i, agency, names[agency - 1], &f, &pub);
		char w[11], p[11], index[48], scope[16];
		snprintf(scope, sizeof(scope), "BENCH/%d", date_to_ymd(pub).y);
		snprintf(index, sizeof(index), "BENCH%04lld/%d-%07lld", agency, date_to_ymd(pub).y,
			 i + 1);
		sqlite3_bind_int64(ins, 1, agency);
		sqlite3_bind_text(ins, 2, f.title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, f.summary, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, f.body, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, f.issuer, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, f.doc_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, f.topic, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, f.genre, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, f.keywords, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, doc_kind_key(f.kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 11, date_format(f.written_on, w), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 12, date_format(pub, p), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 13, index, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 14, scope, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 15, i + 1);
		check(sqlite3_step(ins), "insert", db);
		sqlite3_reset(ins);
		/* the same text, as the other engines index it: one column */
		fprintf(out, "%lld\t", (long long)sqlite3_last_insert_rowid(db));
		const char *parts[] = {f.title, f.doc_no, f.keywords, f.summary, f.body};
		for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
			if (k)
				fputs("\\n", out);
			copy_text(out, parts[k]);
			bytes += strlen(parts[k]) + 1;
		}
		fputc('\n', out);
		arena_free(a);
		if ((i + 1) % 100000 == 0) {
			exec(db, "COMMIT; BEGIN");
			fprintf(stderr, "\r  generated %lld", i + 1);
		}
	}
	exec(db, "COMMIT");
	sqlite3_finalize(ins);
	fclose(out);
	double t1 = now();
	printf("generate: %lld documents, %.0f MB of text, %.1f s\n", n, (double)bytes / 1e6,
	       t1 - t0);

	double b0 = now();
	exec(db, "INSERT INTO docs_fts (docs_fts) VALUES ('rebuild')");
	double b1 = now();
	exec(db, "CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN\n"
		 "  INSERT INTO docs_fts (rowid, title, doc_no, keywords, summary, body)\n"
		 "  VALUES (new.id, new.title, new.doc_no, new.keywords, new.summary, new.body);\n"
		 "END;");
	printf("index zf_cjk: %.1f s, %.0f documents/s, %.2f MB/s\n", b1 - b0,
	       (double)n / (b1 - b0), (double)bytes / 1e6 / (b1 - b0));
	printf("BUILD\tzf_cjk (SQLite FTS5)\t%.3f\t%lld\n", b1 - b0, n);

	if (getenv("BENCH_OURS_ONLY")) { /* no trigram reference: our index on both engines */
		sqlite3_close(db);
		buf_free(&err);
		return 0;
	}
	exec(db, "CREATE TABLE bench_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
		 "INSERT INTO bench_text SELECT id, title || char(10) || doc_no || char(10) ||"
		 " keywords || char(10) || summary || char(10) || body FROM docs;"
		 "CREATE VIRTUAL TABLE bench_tri USING fts5(text, content = 'bench_text',"
		 " content_rowid = 'id', tokenize = 'trigram');");
	double r0 = now();
	exec(db, "INSERT INTO bench_tri (bench_tri) VALUES ('rebuild')");
	double r1 = now();
	printf("index trigram: %.1f s, %.0f documents/s, %.2f MB/s\n", r1 - r0,
	       (double)n / (r1 - r0), (double)bytes / 1e6 / (r1 - r0));
	printf("BUILD\tFTS5 trigram\t%.3f\t%lld\n", r1 - r0, n);
	sqlite3_close(db);
	buf_free(&err);
	return 0;
}

static const char *const queries[3][10] = {
    {"税", "房", "水", "医", "学", "路", "审", "电", "车", "文"},
    {"住房", "养老", "审计", "就业", "停车", "扬尘", "招生", "农田", "食品", "垃圾"},
    {"老旧小区", "营商环境", "垃圾分类", "应急预案", "公共文化", "全民健身", "乡村振兴", "政府采购",
     "信息公开", "安全生产"},
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct series {
	double *ms;
	size_t n;
	long long hits;
};

static void add(struct series *s, double ms, long long hits)
{
	s->ms[s->n++] = ms;
	s->hits += hits;
}

static double pct(struct series *s, double p)
{
	qsort(s->ms, s->n, sizeof(double), cmp_double);
	size_t i = (size_t)(p * (double)(s->n - 1) + 0.5);
	return s->ms[i];
}

static long long tri_query(sqlite3 *db, const char *q, bool *matched)
{
	size_t chars = 0;
	for (const char *p = q; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	*matched = chars >= 3;
	char *expr = chars >= 3 ? xasprintf("\"%s\"", q) : xasprintf("%%%s%%", q);
	/* under 3 characters MATCH finds nothing: an application on trigram falls back to a
	 * LIKE scan of the text */
	const char *count_sql = chars >= 3
				    ? "SELECT count(*) FROM bench_tri WHERE bench_tri MATCH ?"
				    : "SELECT count(*) FROM bench_text WHERE text LIKE ?";
	const char *page_sql = chars >= 3 ? "SELECT rowid FROM bench_tri WHERE bench_tri MATCH ?"
					    " ORDER BY rank LIMIT 20"
					  : "SELECT id FROM bench_text WHERE text LIKE ?"
					    " ORDER BY id DESC LIMIT 20";
	sqlite3_stmt *s;
	long long n = 0;
	check(sqlite3_prepare_v2(db, count_sql, -1, &s, NULL), "prepare", db);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	check(sqlite3_prepare_v2(db, page_sql, -1, &s, NULL), "prepare", db);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	sqlite3_finalize(s);
	free(expr);
	return n;
}

static long long tri_match_only(sqlite3 *db, const char *q)
{
	sqlite3_stmt *s;
	long long n = -1;
	char *expr = xasprintf("\"%s\"", q);
	check(sqlite3_prepare_v2(db, "SELECT count(*) FROM bench_tri WHERE bench_tri MATCH ?", -1,
				 &s, NULL),
	      "prepare", db);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	free(expr);
	return n;
}

static long long pg_query(PGconn *pg, const char *q)
{
	char *pat = xasprintf("%%%s%%", q);
	const char *params[1] = {pat};
	PGresult *r = PQexecParams(pg, "SELECT count(*) FROM docs WHERE text LIKE $1", 1, NULL,
				   params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("pg: %s", PQerrorMessage(pg));
	long long n = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	r = PQexecParams(pg, "SELECT id FROM docs WHERE text LIKE $1 ORDER BY id DESC LIMIT 20", 1,
			 NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("pg: %s", PQerrorMessage(pg));
	PQclear(r);
	free(pat);
	return n;
}

/* Queries that needed the fallback (no document with every phrase: all words, then any
 * word), per engine of our search. */
static long long fallbacks[2], searches[2];

static void count_how(int engine, const struct doc_hits *h)
{
	searches[engine]++;
	fallbacks[engine] += h->how == DOC_SEARCH_ALL_WORDS || h->how == DOC_SEARCH_ANY_WORD;
}

/* One search through the store, timed into s (when given). */
static void timed_search(struct store *st, int engine, const char *q, struct series *s)
{
	struct arena *a = arena_new(0);
	struct doc_search ds = {.q = q, .filter = doc_filter_any()};
	struct doc_hits h;
	ds.filter.state = DOC_PUBLISHED;
	double t0 = now();
	if (store_doc_search(st, a, &ds, &h))
		die("search %s failed", q);
	double ms = (now() - t0) * 1e3;
	if (s) {
		add(s, ms, h.total);
		count_how(engine, &h);
	}
	arena_free(a);
}

/* A line of the script's table: length class, engine, samples, p50, p99, mean hits. */
static void row(int len, const char *engine, struct series *s)
{
	if (!s->n)
		return;
	printf("ROW\t%d\t%s\t%zu\t%.2f\t%.2f\t%.0f\n", len, engine, s->n, pct(s, 0.5), pct(s, 0.99),
	       (double)s->hits / (double)s->n);
}

static int query(const char *path, const char *conninfo, int reps, int slow_reps, const char *zfpg)
{
	bool ours_only = getenv("BENCH_OURS_ONLY") != NULL;
	struct store *st = NULL, *pst = NULL;
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err))
		die("open: %s", buf_cstr(&err));
	if (zfpg && *zfpg && store_open(zfpg, &pst, &err))
		die("open: %s", buf_cstr(&err));
	sqlite3 *db;
	check(sqlite3_open(path, &db), "open", db);
	exec(db, "PRAGMA cache_size = -262144");
	PGconn *pg = conninfo && *conninfo ? PQconnectdb(conninfo) : NULL;
	if (pg && PQstatus(pg) != CONNECTION_OK)
		die("pg: %s", PQerrorMessage(pg));
	for (int len = 0; len < 3; len++) {
		struct series ours = {xcalloc((size_t)reps * 10, sizeof(double)), 0, 0};
		struct series tri = {xcalloc((size_t)reps * 10, sizeof(double)), 0, 0};
		struct series pgs = {xcalloc((size_t)reps * 10, sizeof(double)), 0, 0};
		struct series ourpg = {xcalloc((size_t)reps * 10, sizeof(double)), 0, 0};
		long long tri_matches = 0;
		bool matched = false;
		/* warm each engine once per query, untimed; and how far our estimated totals
		 * (past DOC_SEARCH_EXACT_LIMIT hits) are from the exact counts */
		double worst = 0;
		int estimated = 0;
		for (int q = 0; q < 10; q++) {
			timed_search(st, 0, queries[len][q], NULL);
			struct doc_hits h, x;
			struct arena *a = arena_new(0);
			struct doc_search ds = {.q = queries[len][q], .filter = doc_filter_any()};
			ds.filter.state = DOC_PUBLISHED;
			if (store_doc_search(st, a, &ds, &h))
				die("search %s failed", queries[len][q]);
			ds.exact_limit = (size_t)1 << 40;
			if (store_doc_search(st, a, &ds, &x))
				die("search %s failed", queries[len][q]);
			if (h.total_estimated && x.total) {
				double e = fabs((double)(h.total - x.total) / (double)x.total);
				worst = e > worst ? e : worst;
				estimated++;
			}
			arena_free(a);
			if (!ours_only) {
				tri_query(db, queries[len][q], &matched);
				tri_matches += tri_match_only(db, queries[len][q]);
			}
			if (pst)
				timed_search(pst, 1, queries[len][q], NULL);
		}
		for (int r = 0; r < reps; r++) {
			for (int q = 0; q < 10; q++) {
				timed_search(st, 0, queries[len][q], &ours);
				if (!ours_only && (r < slow_reps || len == 2)) {
					double t0 = now();
					long long n = tri_query(db, queries[len][q], &matched);
					add(&tri, (now() - t0) * 1e3, n);
				}
				if (pst)
					timed_search(pst, 1, queries[len][q], &ourpg);
				if (pg && (r < slow_reps || len == 2)) {
					double t0 = now();
					long long n = pg_query(pg, queries[len][q]);
					add(&pgs, (now() - t0) * 1e3, n);
				}
			}
		}
		row(len, "zf_cjk (SQLite FTS5)", &ours);
		if (estimated)
			printf("NOTE\t%d\tzf_cjk (SQLite) 命中超过 %d 篇时总数是估计值（约）：这一组 %d 个查询"
			       "如此，与精确数最大相差 %.1f%%\n",
			       len, DOC_SEARCH_EXACT_LIMIT, estimated, worst * 100);
		row(len, "zf_cjk (PostgreSQL)", &ourpg);
		row(len, matched ? "FTS5 trigram MATCH" : "FTS5 trigram→LIKE 扫描", &tri);
		if (!ours_only && !matched)
			printf("NOTE\t%d\ttrigram MATCH 对不足 3 字的查询平均命中 %.0f（找不到）\n",
			       len, (double)tri_matches / 10);
		row(len, "pg_trgm (LIKE)", &pgs);
		free(ours.ms);
		free(tri.ms);
		free(pgs.ms);
		free(ourpg.ms);
	}
	static const char *const engines[2] = {"zf_cjk (SQLite FTS5)", "zf_cjk (PostgreSQL)"};
	for (int e = 0; e < 2; e++)
		if (searches[e])
			printf("FALLBACK\t%s\t%lld\t%lld\n", engines[e], fallbacks[e], searches[e]);
	if (pg)
		PQfinish(pg);
	sqlite3_close(db);
	store_close(st);
	store_close(pst);
	buf_free(&err);
	return 0;
}

/* The queries, one a line (length class TAB query), for the other engines' helpers. */
static int list_queries(void)
{
	for (int len = 0; len < 3; len++)
		for (int q = 0; q < 10; q++)
			printf("%d\t%s\n", len, queries[len][q]);
	return 0;
}

/* Times one statement with one text parameter (a profile of a search's parts): the best and
 * the median of REPS runs, the rows it returned, and its query plan. */
static int time_sql(const char *path, const char *sql, const char *param, int reps)
{
	struct store *st = NULL; /* registers zf_cjk on every connection of the process */
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err))
		die("open: %s", buf_cstr(&err));
	sqlite3 *db;
	check(sqlite3_open(path, &db), "open", db);
	exec(db, "PRAGMA cache_size = -262144");
	sqlite3_stmt *s;
	char *plan = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	check(sqlite3_prepare_v2(db, plan, -1, &s, NULL), "prepare", db);
	sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		printf("  plan: %s\n", (const char *)sqlite3_column_text(s, 3));
	sqlite3_finalize(s);
	free(plan);
	struct series t = {xcalloc((size_t)reps, sizeof(double)), 0, 0};
	long long rows = 0, first = 0;
	for (int r = 0; r < reps; r++) {
		double t0 = now();
		check(sqlite3_prepare_v2(db, sql, -1, &s, NULL), "prepare", db);
		sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
		rows = 0;
		while (sqlite3_step(s) == SQLITE_ROW)
			if (!rows++)
				first = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		add(&t, (now() - t0) * 1e3, 0);
	}
	printf("%8.2f ms min %8.2f ms p50  rows %lld first %lld  [%s] %s\n", pct(&t, 0),
	       pct(&t, 0.5), rows, first, param, sql);
	free(t.ms);
	sqlite3_close(db);
	store_close(st);
	buf_free(&err);
	return 0;
}

/* Times our search of each query REPS times, printing per query (profile). */
static int time_queries(const char *path, int reps)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err))
		die("open: %s", buf_cstr(&err));
	for (int len = 0; len < 3; len++) {
		struct series all = {xcalloc((size_t)reps * 10, sizeof(double)), 0, 0};
		for (int q = 0; q < 10; q++) {
			struct series one = {xcalloc((size_t)reps, sizeof(double)), 0, 0};
			timed_search(st, 0, queries[len][q], NULL);
			for (int r = 0; r < reps; r++) {
				timed_search(st, 0, queries[len][q], &one);
				add(&all, one.ms[one.n - 1], one.hits / (long long)one.n);
			}
			printf("  %-10s hits %8lld  p50 %7.2f ms  max %7.2f ms\n", queries[len][q],
			       one.hits / (long long)one.n, pct(&one, 0.5), pct(&one, 1));
			free(one.ms);
		}
		printf("%d 字: p50 %.2f p99 %.2f ms\n", len == 2 ? 4 : len + 1, pct(&all, 0.5),
		       pct(&all, 0.99));
		free(all.ms);
	}
	store_close(st);
	buf_free(&err);
	return 0;
}

/* Checks our ranked pages against the one-step statement of the ranking rules (title hits,
 * BM25, newest, id), every query, pages 1 to 3, everything ranked (verify). */
static int verify(const char *path)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err))
		die("open: %s", buf_cstr(&err));
	sqlite3 *db;
	check(sqlite3_open(path, &db), "open", db);
	int bad = 0, checked = 0;
	for (int len = 0; len < 3; len++)
		for (int q = 0; q < 10; q++) {
			struct cjk_query cq;
			const char *text = queries[len][q];
			if (cjk_query_parse(&cq, text, strlen(text), false))
				die("parse");
			sqlite3_stmt *s;
			check(
			    sqlite3_prepare_v2(
				db,
				"SELECT d.id FROM docs_fts CROSS JOIN docs d ON d.id = "
				"docs_fts.rowid"
				" WHERE docs_fts MATCH ? AND d.state = 'published' ORDER BY"
				" zf_title_hits(docs_fts) DESC, bm25(docs_fts, 10.0, 6.0, 4.0, 2.0,"
				" 1.0), d.published_on DESC NULLS LAST, d.id DESC LIMIT 60",
				-1, &s, NULL),
			    "prepare", db);
			sqlite3_bind_text(s, 1, buf_cstr(&cq.expr), -1, SQLITE_STATIC);
			long long want[60];
			int n = 0;
			while (sqlite3_step(s) == SQLITE_ROW)
				want[n++] = sqlite3_column_int64(s, 0);
			sqlite3_finalize(s);
			cjk_query_free(&cq);
			for (int page = 0; page < 3; page++) {
				struct arena *a = arena_new(0);
				struct doc_search ds = {
				    .q = text, .filter = doc_filter_any(), .rank_limit = 10000000};
				struct doc_hits h;
				ds.filter.state = DOC_PUBLISHED;
				ds.filter.offset = (size_t)page * 20;
				if (store_doc_search(st, a, &ds, &h))
					die("search");
				for (size_t i = 0; i < h.n; i++) {
					checked++;
					if ((int)(page * 20 + i) >= n ||
					    h.hits[i].doc.id != want[page * 20 + i]) {
						bad++;
						printf("%s page %d #%zu: %lld\n", text, page + 1, i,
						       h.hits[i].doc.id);
					}
				}
				arena_free(a);
			}
		}
	printf("verify: %d of %d places differ\n", bad, checked);
	sqlite3_close(db);
	store_close(st);
	buf_free(&err);
	return bad != 0;
}

/* Prints every query's total and the ids of its pages 1 to 3 as the site ranks them
 * (pages), for comparing two builds. */
static int pages(const char *path)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(path, &st, &err))
		die("open: %s", buf_cstr(&err));
	for (int len = 0; len < 3; len++)
		for (int q = 0; q < 10; q++)
			for (int page = 0; page < 3; page++) {
				struct arena *a = arena_new(0);
				struct doc_search ds = {.q = queries[len][q],
							.filter = doc_filter_any()};
				struct doc_hits h;
				ds.filter.state = DOC_PUBLISHED;
				ds.filter.offset = (size_t)page * 20;
				if (store_doc_search(st, a, &ds, &h))
					die("search");
				printf("%s %d total %lld:", queries[len][q], page + 1, h.total);
				for (size_t i = 0; i < h.n; i++)
					printf(" %lld", h.hits[i].doc.id);
				printf("\n");
				arena_free(a);
			}
	store_close(st);
	buf_free(&err);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "pages"))
		return pages(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "verify"))
		return verify(argv[2]);
	if (argc >= 5 && !strcmp(argv[1], "sql"))
		return time_sql(argv[2], argv[3], argv[4], argc > 5 ? atoi(argv[5]) : 5);
	if (argc >= 3 && !strcmp(argv[1], "profile"))
		return time_queries(argv[2], argc > 3 ? atoi(argv[3]) : 5);
	if (argc >= 5 && !strcmp(argv[1], "load"))
		return load(argv[2], atoll(argv[3]), argv[4]);
	if (argc >= 2 && !strcmp(argv[1], "queries"))
		return list_queries();
	if (argc >= 4 && !strcmp(argv[1], "query"))
		return query(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 20,
			     argc > 5 ? atoi(argv[5]) : 3, argc > 6 ? argv[6] : NULL);
	fprintf(stderr, "usage: search_bench load DB N TSV | queries |"
			" query DB CONNINFO [REPS [SLOW_REPS [ZFPG]]]\n");
	return 2;
}
