/* docs_index.c: the catalogue's search index on PostgreSQL, the twin of SQLite's FTS5 table
 * docs_fts. The tokens are those of text/cjk_tokenize.c (bigrams, a colocated final
 * character, words), computed here in C when a document's text is written, and stored in
 * doc_terms: the distinct tokens of 名称 (title_terms) and of all five searched columns
 * (terms), each with a "prefix key" (a bigram run's first character and "*") for the
 * one-character prefix queries that FTS5 serves from its prefix='1' index, both in GIN
 * indexes; and the row's number of token positions for BM25.
 *
 * A query is the same cjk_query as on SQLite: the array containment (terms @> keys) finds
 * the documents that hold every token; a term of one token needs nothing more, a phrase
 * (3 characters and more) holds where FTS5 finds it (positions in a row, one column).
 * Ranking follows FTS5: the terms found in 名称, then BM25 with the weights of
 * docs_search.c (10, 6, 4, 2, 1) and FTS5's constants (k1 = 1.2, b = 0.75, the same IDF
 * floor); for a phrase of several tokens the number of rows holding it is estimated by the
 * rows holding its tokens.
 *
 * docs_index_fulltext answers a results page (the number of hits, a page of ids) in SQL on
 * the server: counts over the GIN indexes, phrases of Han characters by strpos, the ranked
 * page by ORDER BY ... LIMIT (see "search in SQL" below). The exact path of C,
 * docs_index_search (every candidate read and checked here, column by column), serves the
 * queries SQL cannot decide. */
#include "common.h"
#include "docs_int.h"
#include "log.h"
#include "text/cjk_tokenize.h"
#include "utf8.h"

#include <math.h>

#define NCOLS 5
static const double weights[NCOLS] = {10.0, 6.0, 4.0, 2.0, 1.0};

/* ---------------------------------------------------------------- tokens of a text */

struct dtok {
	size_t pos;
	size_t off, len; /* text in toks.text */
};

struct toks {
	struct dtok *v;
	size_t n, alloc;
	size_t pos;	 /* position of the last token */
	size_t npos;	 /* positions (tokens not colocated) */
	struct buf text; /* token texts, NUL-terminated each */
	bool failed;
};

static void toks_reset(struct toks *t)
{
	t->n = t->pos = t->npos = 0;
	buf_reset(&t->text);
	t->failed = false;
}

static void toks_free(struct toks *t)
{
	free(t->v);
	buf_free(&t->text);
}

static int collect(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool colocated)
{
	ZF_UNUSED(start);
	ZF_UNUSED(end);
	struct toks *t = ctx;
	if (t->n == t->alloc) {
		size_t alloc = t->alloc ? t->alloc * 2 : 256;
		struct dtok *v = realloc(t->v, alloc * sizeof(*v));
		if (!v) {
			t->failed = true;
			return ZF_ENOMEM;
		}
		t->v = v;
		t->alloc = alloc;
	}
	if (!colocated || t->n == 0) {
		if (t->npos)
			t->pos++;
		t->npos++;
	}
	struct dtok *d = &t->v[t->n++];
	d->pos = t->pos;
	d->off = t->text.len;
	d->len = len;
	if (buf_add(&t->text, tok, len) || buf_addch(&t->text, '\0')) {
		t->failed = true;
		return ZF_ENOMEM;
	}
	return 0;
}

static int tokenize(struct toks *t, const char *s)
{
	toks_reset(t);
	if (!s || !*s)
		return 0;
	int rc = cjk_tokenize(s, strlen(s), CJK_DOCUMENT, collect, t);
	return t->failed ? ZF_ENOMEM : rc;
}

static const char *tok_text(const struct toks *t, size_t i)
{
	return t->text.p + t->v[i].off;
}

/* Occurrences of term k of q in the tokens (a phrase: consecutive positions; the last
 * token of a prefix term matches as a prefix). Tokens are in position order. */
static size_t phrase_count(const struct cjk_query *q, size_t k, const struct toks *t)
{
	const struct cjk_term *term = &q->terms[k];
	size_t count = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (i > 0 && t->v[i].pos == t->v[i - 1].pos)
			continue; /* each position once: i is its first token */
		size_t p = t->v[i].pos, at = i, j;
		for (j = 0; j < term->ntok; j++) {
			const char *want = cjk_query_token(q, term->first + j);
			size_t wl = strlen(want);
			bool prefix = term->prefix && j + 1 == term->ntok, found = false;
			for (; at < t->n && t->v[at].pos < p + j; at++)
				;
			for (size_t x = at; x < t->n && t->v[x].pos == p + j; x++) {
				const struct dtok *d = &t->v[x];
				if ((prefix ? d->len >= wl : d->len == wl) &&
				    !memcmp(tok_text(t, x), want, wl)) {
					found = true;
					break;
				}
			}
			if (!found)
				break;
		}
		count += j == term->ntok;
	}
	return count;
}

/* ---------------------------------------------------------------- keys */

/* Appends s to an array literal ({"a","b"}) being built in out. */
static void array_add(struct buf *out, const char *s, size_t n, const char *suffix)
{
	buf_addch(out, out->len > 1 ? ',' : '{');
	buf_addch(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_addch(out, '\\');
		buf_addch(out, s[i]);
	}
	buf_adds(out, suffix);
	buf_addch(out, '"');
}

static void array_end(struct buf *out)
{
	if (!out->len)
		buf_addch(out, '{');
	buf_addch(out, '}');
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The keys of the tokens of cols[0 .. n) (each token, and "<first character>*" for a
 * token that starts with a bigram character) as an array literal, distinct and sorted. */
static int keys_of(const char *const *cols, size_t ncols, struct toks *t, struct buf *out,
		   size_t *npos)
{
	char **keys = NULL;
	size_t n = 0, alloc = 0;
	int rc = 0;
	*npos = 0;
	buf_reset(out);
	for (size_t c = 0; c < ncols && !rc; c++) {
		rc = tokenize(t, cols[c]);
		*npos += t->npos;
		for (size_t i = 0; !rc && i < t->n; i++) {
			const char *s = tok_text(t, i);
			uint32_t cp = 0;
			size_t l = utf8_decode(s, t->v[i].len, &cp);
			bool pre = l && cjk_is_bigram_char(cp);
			if (n + 2 > alloc) {
				alloc = alloc ? alloc * 2 : 512;
				char **v = realloc(keys, alloc * sizeof(*v));
				if (!v) {
					rc = ZF_ENOMEM;
					break;
				}
				keys = v;
			}
			keys[n++] = xstrdup(s);
			if (pre) {
				char *k = xmalloc(l + 2);
				memcpy(k, s, l);
				k[l] = '*';
				k[l + 1] = '\0';
				keys[n++] = k;
			}
		}
	}
	if (!rc && n)
		qsort(keys, n, sizeof(*keys), str_cmp);
	for (size_t i = 0; i < n; i++) /* each key once: compared with the one before it */
		if (!rc && (i == 0 || strcmp(keys[i], keys[i - 1])))
			array_add(out, keys[i], strlen(keys[i]), "");
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	array_end(out);
	return rc ? rc : out->failed ? ZF_ENOMEM : 0;
}

int docs_index_put(struct store *st, long long id, const char *title, const char *doc_no,
		   const char *keywords, const char *summary, const char *body)
{
	if (db_engine(st) != DB_PG)
		return 0; /* SQLite: the triggers of docs_fts */
	const char *cols[NCOLS] = {title, doc_no, keywords, summary, body};
	struct toks t = {0};
	struct buf tk = BUF_INIT, all = BUF_INIT;
	size_t ntitle = 0, npos = 0;
	buf_init(&t.text, 0);
	int rc = keys_of(cols, 1, &t, &tk, &ntitle);
	if (!rc)
		rc = keys_of(cols, NCOLS, &t, &all, &npos);
	toks_free(&t);
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO doc_terms (doc_id, title_terms, terms, ntokens)"
		    " VALUES (?1, CAST(?2 AS TEXT[]), CAST(?3 AS TEXT[]), ?4)"
		    " ON CONFLICT (doc_id) DO UPDATE SET title_terms = excluded.title_terms,"
		    " terms = excluded.terms, ntokens = excluded.ntokens",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, buf_cstr(&tk));
		db_bind_text(s, 3, buf_cstr(&all));
		db_bind_int(s, 4, (long long)npos);
		rc = db_run(s);
	}
	buf_free(&tk);
	buf_free(&all);
	return rc;
}

/* ---------------------------------------------------------------- search */

/* The keys a term (or every term, k = -1) of q needs, as an array literal. */
static void query_keys(const struct cjk_query *q, long k, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < q->nterms; i++) {
		if (k >= 0 && (size_t)k != i)
			continue;
		const struct cjk_term *t = &q->terms[i];
		for (size_t j = 0; j < t->ntok; j++) {
			const char *s = cjk_query_token(q, t->first + j);
			array_add(out, s, strlen(s), t->prefix && j + 1 == t->ntok ? "*" : "");
		}
	}
	array_end(out);
}

static int query_count(struct store *st, const char *sql, const char *keys, long long *n)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	if (keys)
		db_bind_text(s, 1, keys);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*n = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	return rc;
}

/* FTS5's statistics for BM25: rows, average positions per row, IDF of each term. */
struct stats {
	double avgdl;
	double idf[CJK_QUERY_MAX_TERMS];
};

/* Rows of doc_terms up to which the totals are counted exactly; above, they are estimated:
 * the rows by the planner's count (pg_class.reltuples, kept by VACUUM and ANALYZE), the
 * average positions per row from a fixed sample of the table's pages. */
#define EXACT_TOTALS_MAX 10000.0
#define TOTALS_SAMPLE	 2000.0 /* rows the sample aims at */

/* The planner does not count the cost of reading a row's token arrays (stored apart,
 * compressed: tens of microseconds each), so it takes a sequential scan that reads every row
 * over the GIN index whenever a key is common. A search turns sequential scans off for its
 * statements (on for the one that wants it), and back on when done. */
static void seqscan(struct store *st, bool on)
{
	db_exec(st, on ? "RESET enable_seqscan" : "SET enable_seqscan = off");
}

static int totals(struct store *st, double *rows, double *avgdl)
{
	struct db_stmt *s;
	double est = -1;
	int rc = db_prepare(st,
			    "SELECT CAST(reltuples AS DOUBLE PRECISION) FROM pg_class"
			    " WHERE oid = CAST('doc_terms' AS regclass)",
			    &s);
	if (rc)
		return rc;
	if (db_step(s) == DB_ROW)
		est = db_col_double(s, 0);
	db_finish(s);
	char sql[200];
	if (est >= EXACT_TOTALS_MAX)
		snprintf(sql, sizeof(sql),
			 "SELECT CAST(%.0f AS DOUBLE PRECISION),"
			 " CAST(avg(ntokens) AS DOUBLE PRECISION) FROM doc_terms"
			 " TABLESAMPLE SYSTEM (%.4f) REPEATABLE (1)",
			 est, 100.0 * TOTALS_SAMPLE / est);
	else
		snprintf(sql, sizeof(sql),
			 "SELECT CAST(count(*) AS DOUBLE PRECISION),"
			 " CAST(coalesce(sum(ntokens), 0) AS DOUBLE PRECISION) FROM doc_terms");
	rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	*rows = 0;
	*avgdl = 1.0;
	bool exact = est < EXACT_TOTALS_MAX;
	if (exact)
		seqscan(st, true); /* a count of every row */
	rc = db_step(s);
	if (exact)
		seqscan(st, false);
	if (rc == DB_ROW) {
		*rows = db_col_double(s, 0);
		*avgdl = db_col_double(s, 1); /* exact: the sum of positions */
		if (est < EXACT_TOTALS_MAX)
			*avgdl = *rows > 0 ? *avgdl / *rows : 1.0;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	if (!(*avgdl > 0))
		*avgdl = 1.0;
	return rc;
}

static int bm25_stats(struct store *st, const struct cjk_query *q, bool title_only,
		      struct stats *out)
{
	double rows = 0;
	int rc = totals(st, &rows, &out->avgdl);
	if (out->avgdl <= 0)
		out->avgdl = 1.0;
	struct buf keys = BUF_INIT;
	for (size_t k = 0; !rc && k < q->nterms; k++) {
		long long hits = 0;
		query_keys(q, (long)k, &keys);
		rc = query_count(st,
				 title_only ? "SELECT count(*) FROM doc_terms"
					      " WHERE title_terms @> CAST(?1 AS TEXT[])"
					    : "SELECT count(*) FROM doc_terms"
					      " WHERE terms @> CAST(?1 AS TEXT[])",
				 buf_cstr(&keys), &hits);
		double idf = log((rows - (double)hits + 0.5) / ((double)hits + 0.5));
		out->idf[k] = idf <= 0.0 ? 1e-6 : idf;
	}
	buf_free(&keys);
	return rc;
}

int docs_index_search(struct store *st, const struct cjk_query *q, bool title_only, bool not_title,
		      const struct doc_filter *f, bool ranked, struct docs_match **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	bool phrases = false;
	for (size_t k = 0; k < q->nterms; k++)
		phrases |= q->terms[k].ntok > 1;
	bool texts = phrases || ranked || not_title;
	struct stats stats = {0};
	int rc = ranked ? bm25_stats(st, q, title_only, &stats) : 0;
	if (rc)
		return rc;
	struct buf sql = BUF_INIT, keys = BUF_INIT;
	buf_adds(&sql, "SELECT d.id, d.published_on, x.ntokens");
	if (texts)
		buf_adds(&sql, ", d.title, d.doc_no, d.keywords, d.summary, d.body");
	buf_printf(&sql,
		   " FROM doc_terms x JOIN docs d ON d.id = x.doc_id"
		   " WHERE x.%s @> CAST(? AS TEXT[])",
		   title_only ? "title_terms" : "terms");
	docs_filter_sql(f, &sql);
	query_keys(q, -1, &keys);
	struct db_stmt *s = NULL;
	rc = sql.failed || keys.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc) {
		buf_free(&keys);
		return rc;
	}
	db_bind_text(s, 1, buf_cstr(&keys));
	docs_filter_bind(f, s, 2);
	struct docs_match *list = NULL;
	size_t len = 0, alloc = 0;
	struct toks t = {0};
	buf_init(&t.text, 0);
	size_t ncols = title_only ? 1 : NCOLS;
	while ((rc = db_step(s)) == DB_ROW) {
		struct docs_match m = {.id = db_col_int(s, 0), .published_on = db_col_day(s, 1)};
		rc = 0;
		if (texts) {
			/* counts[term][column] */
			size_t counts[CJK_QUERY_MAX_TERMS][NCOLS] = {{0}};
			for (size_t c = 0; c < ncols && !rc; c++) {
				rc = tokenize(&t, db_col_text(s, 3 + (int)c));
				for (size_t k = 0; !rc && k < q->nterms; k++)
					counts[k][c] = phrase_count(q, k, &t);
			}
			if (rc)
				break;
			bool all = true, all_title = true;
			double D = (double)db_col_int(s, 2);
			for (size_t k = 0; k < q->nterms; k++) {
				size_t any = 0;
				double freq = 0;
				for (size_t c = 0; c < ncols; c++) {
					any += counts[k][c];
					freq += weights[c] * (double)counts[k][c];
				}
				all &= any > 0;
				all_title &= counts[k][0] > 0;
				m.title_hits += counts[k][0] > 0;
				m.score += stats.idf[k] * (freq * 2.2) /
					   (freq + 1.2 * (0.25 + 0.75 * D / stats.avgdl));
			}
			if (!all || (not_title && all_title))
				continue;
		}
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			struct docs_match *v = realloc(list, alloc * sizeof(*v));
			if (!v) {
				rc = ZF_ENOMEM;
				break;
			}
			list = v;
		}
		list[len++] = m;
	}
	db_finish(s);
	toks_free(&t);
	buf_free(&keys);
	if (rc) {
		free(list);
		return rc;
	}
	*out = list;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- search in SQL
 *
 * A results page needs the number of hits and 20 of them, ranked; reading every candidate
 * to the client (as docs_index_search does) costs in proportion to the hits. So the usual
 * query is answered by PostgreSQL alone, from the GIN indexes and, for the ranked page, from
 * the candidates' texts on the server:
 *   - a term of one token matches exactly by its key (terms @> keys), and lies in 名称
 *     exactly when title_terms holds its key;
 *   - a term that is one run of Han characters (3 or more: a phrase of overlapping bigrams)
 *     matches where a column holds it as a substring (strpos), which implies the phrase. A
 *     phrase may also match across runs (信息，息公开 holds 信息 息公 公开 at consecutive
 *     positions, as FTS5 sees it): the few candidates holding the phrase's keys but not its
 *     text are checked in C first, and when one of them matches after all the whole query
 *     takes the exact path of C (docs_index_search);
 *   - other phrases (words, a final lone character as a prefix: 2024年, PM2.5) take that
 *     path too.
 * The ranked page is ORDER BY title hits, BM25 (FTS5's formula and weights), 发布日期, id,
 * LIMIT, on the server; a term's frequency in a column is counted from the column's text:
 * occurrences of a bigram or of a phrase's text, of a lone character for a prefix term
 * (the one-character query), of a word between non-alphanumeric ASCII characters in the
 * lower-cased text. */

enum tf_kind {
	TF_TEXT,   /* occurrences of s (no overlap possible, or not counted) */
	TF_DOUBLE, /* a bigram of one character twice: overlapping occurrences */
	TF_WORD,   /* a word, between non-alphanumerics */
};

struct sq_term {
	bool phrase;	   /* a Han run of 3 characters or more: matched by strpos */
	enum tf_kind kind; /* how its frequency is counted */
	char text[CJK_QUERY_MAX_BYTES + 8];
	size_t len;
	struct buf keys; /* its keys, an array literal */
};

struct sq {
	const struct cjk_query *q;
	struct sq_term t[CJK_QUERY_MAX_TERMS];
	struct buf keys; /* every key */
	bool phrases;	 /* some term is a phrase */
};

static bool is_bigram_char_at(const char *s, size_t n, size_t *len)
{
	uint32_t cp = 0;
	*len = utf8_decode(s, n, &cp);
	return *len && cjk_is_bigram_char(cp);
}

/* Fills x from q; false when a term needs the path of C. */
static bool sq_plan(struct sq *x, const struct cjk_query *q)
{
	memset(x, 0, sizeof(*x));
	x->q = q;
	buf_init(&x->keys, 0);
	query_keys(q, -1, &x->keys);
	bool ok = true;
	for (size_t k = 0; k < q->nterms; k++) {
		const struct cjk_term *term = &q->terms[k];
		struct sq_term *t = &x->t[k];
		buf_init(&t->keys, 0);
		query_keys(q, (long)k, &t->keys);
		const char *s0 = cjk_query_token(q, term->first);
		size_t l0 = strlen(s0), a = 0, b = 0;
		bool big = is_bigram_char_at(s0, l0, &a);
		if (term->ntok == 1) {
			if (l0 >= sizeof(t->text))
				return false;
			memcpy(t->text, s0, l0);
			t->len = l0;
			if (!big)
				t->kind = TF_WORD;
			else if (a < l0 && is_bigram_char_at(s0 + a, l0 - a, &b) && a + b == l0 &&
				 a == b && !memcmp(s0, s0 + a, a))
				t->kind = TF_DOUBLE;
			else
				t->kind = TF_TEXT;
			continue;
		}
		/* a run of bigrams, each overlapping the one before: its text */
		t->phrase = true;
		t->kind = TF_TEXT;
		if (term->prefix)
			return false;
		for (size_t j = 0; ok && j < term->ntok; j++) {
			const char *s = cjk_query_token(q, term->first + j);
			size_t l = strlen(s);
			ok = is_bigram_char_at(s, l, &a) && a < l &&
			     is_bigram_char_at(s + a, l - a, &b) && a + b == l;
			if (ok && j > 0)
				ok = t->len >= a && !memcmp(t->text + t->len - a, s, a);
			if (ok && t->len + (j ? b : l) >= sizeof(t->text))
				ok = false;
			if (ok) {
				memcpy(t->text + t->len, j ? s + a : s, j ? b : l);
				t->len += j ? b : l;
			}
		}
		if (!ok)
			return false;
		t->text[t->len] = '\0';
		x->phrases = true;
	}
	return true;
}

static void sq_free(struct sq *x)
{
	buf_free(&x->keys);
	for (size_t k = 0; k < CJK_QUERY_MAX_TERMS; k++)
		buf_free(&x->t[k].keys);
}

/* A string as an SQL literal (the tokens hold letters, digits and CJK only; quotes are
 * doubled all the same). */
static void lit(struct buf *sql, const char *s)
{
	buf_addch(sql, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_addch(sql, '\'');
		buf_addch(sql, *s);
	}
	buf_addch(sql, '\'');
}

static const char *const columns[NCOLS] = {"d.title", "d.doc_no", "d.keywords", "d.summary",
					   "d.body"};

/* " AND <term k holds in a column>" for the phrases (title_only: in 名称). */
static void sq_match(const struct sq *x, bool title_only, struct buf *sql)
{
	for (size_t k = 0; k < x->q->nterms; k++) {
		if (!x->t[k].phrase)
			continue;
		buf_adds(sql, " AND (");
		for (size_t c = 0; c < (title_only ? 1u : NCOLS); c++) {
			buf_printf(sql, "%sstrpos(%s, ", c ? " OR " : "", columns[c]);
			lit(sql, x->t[k].text);
			buf_adds(sql, ") > 0");
		}
		buf_addch(sql, ')');
	}
}

/* Term k lies in 名称. */
static void sq_title(const struct sq *x, size_t k, struct buf *sql)
{
	if (x->t[k].phrase) {
		buf_adds(sql, "strpos(d.title, ");
		lit(sql, x->t[k].text);
		buf_adds(sql, ") > 0");
	} else {
		buf_adds(sql, "x.title_terms @> CAST(");
		lit(sql, buf_cstr(&x->t[k].keys));
		buf_adds(sql, " AS TEXT[])");
	}
}

/* Every term lies in 名称. */
static void sq_title_all(const struct sq *x, struct buf *sql)
{
	buf_addch(sql, '(');
	for (size_t k = 0; k < x->q->nterms; k++) {
		if (k)
			buf_adds(sql, " AND ");
		sq_title(x, k, sql);
	}
	buf_addch(sql, ')');
}

/* Occurrences of term k in a column. */
static void sq_tf(const struct sq_term *t, const char *col, struct buf *sql)
{
	switch (t->kind) {
	case TF_TEXT:
		buf_printf(sql, "((octet_length(%s) - octet_length(replace(%s, ", col, col);
		lit(sql, t->text);
		buf_printf(sql, ", ''))) / %zu)", t->len);
		break;
	case TF_DOUBLE: {
		/* 谢谢 in 谢谢谢: the first character before itself, twice */
		char re[64];
		size_t half = t->len / 2;
		snprintf(re, sizeof(re), "%.*s(?=%.*s)", (int)half, t->text, (int)half, t->text);
		buf_printf(sql, "((octet_length(%s) - octet_length(regexp_replace(%s, ", col, col);
		lit(sql, re);
		buf_printf(sql, ", '', 'g'))) / %zu)", half);
		break;
	}
	case TF_WORD: {
		struct buf re = BUF_INIT;
		buf_printf(&re, "(?<![a-z0-9])%s(?![a-z0-9])", t->text);
		buf_printf(sql,
			   "((octet_length(lower(%s)) - octet_length(regexp_replace(lower(%s), ",
			   col, col);
		lit(sql, buf_cstr(&re));
		buf_printf(sql, ", '', 'g'))) / %zu)", t->len);
		buf_free(&re);
		break;
	}
	}
}

/* The doc_filter's state-only test (as docs_search.c's): counts can skip docs. */
static bool sq_state_only(const struct doc_filter *f)
{
	return !f->nagencies && f->validity < 0 && f->kind < 0 && !(f->topic && *f->topic) &&
	       !(f->genre && *f->genre) && !f->year && !f->interprets_id && !f->statutory_item &&
	       !(f->column_code && *f->column_code) && (f->state < 0 || f->state == DOC_PUBLISHED);
}

/* group: 0 every match, 1 those whose 名称 holds every term, 2 the others. */
static void sq_from(const struct sq *x, bool title_only, int group, struct buf *sql)
{
	buf_printf(sql, " FROM doc_terms x JOIN docs d ON d.id = x.doc_id WHERE x.%s @> CAST(",
		   title_only ? "title_terms" : "terms");
	lit(sql, buf_cstr(&x->keys));
	buf_adds(sql, " AS TEXT[])");
	sq_match(x, title_only, sql);
	if (group) {
		buf_adds(sql, group == 1 ? " AND " : " AND NOT ");
		sq_title_all(x, sql);
	}
}

static int sq_count(struct store *st, const struct sq *x, bool title_only, int group,
		    const struct doc_filter *f, long long *n)
{
	struct buf sql = BUF_INIT;
	bool fast = !x->phrases && !group && sq_state_only(f);
	if (fast) {
		/* the index alone, less the unpublished (few) */
		buf_printf(&sql, "SELECT (SELECT count(*) FROM doc_terms x WHERE x.%s @> CAST(",
			   title_only ? "title_terms" : "terms");
		lit(&sql, buf_cstr(&x->keys));
		buf_adds(&sql, " AS TEXT[]))");
		if (f->state == DOC_PUBLISHED) {
			buf_printf(&sql,
				   " - (SELECT count(*) FROM docs d JOIN doc_terms x"
				   " ON x.doc_id = d.id WHERE d.state IN ('draft', 'review')"
				   " AND x.%s @> CAST(",
				   title_only ? "title_terms" : "terms");
			lit(&sql, buf_cstr(&x->keys));
			buf_adds(&sql, " AS TEXT[]))");
		}
	} else {
		buf_adds(&sql, "SELECT count(*)");
		sq_from(x, title_only, group, &sql);
		docs_filter_sql(f, &sql);
	}
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	if (!fast)
		docs_filter_bind(f, s, 1);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*n = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	return rc;
}

/* Appends to ids[*n ..] the matches of a group from offset, at most limit, ranked (title
 * hits, BM25, 发布日期, id; title_only: BM25 of 名称) or newest first. */
static int sq_page(struct store *st, const struct sq *x, bool title_only, int group,
		   const struct doc_filter *f, bool ranked, size_t limit, size_t offset,
		   long long *ids, size_t *n)
{
	const struct cjk_query *q = x->q;
	struct stats stats = {0};
	int rc = ranked ? bm25_stats(st, q, title_only, &stats) : 0;
	if (rc)
		return rc;
	struct buf sql = BUF_INIT;
	size_t ncols = title_only ? 1 : NCOLS;
	if (ranked) {
		buf_adds(&sql, "SELECT id FROM (SELECT d.id, d.published_on, x.ntokens, ");
		for (size_t k = 0; k < q->nterms; k++) {
			buf_adds(&sql, k ? " + CASE WHEN " : "CASE WHEN ");
			sq_title(x, k, &sql);
			buf_adds(&sql, " THEN 1 ELSE 0 END");
		}
		buf_adds(&sql, " AS th");
		for (size_t k = 0; k < q->nterms; k++) {
			buf_adds(&sql, ", ");
			for (size_t c = 0; c < ncols; c++) {
				buf_printf(&sql, "%s%.1f * ", c ? " + " : "", weights[c]);
				sq_tf(&x->t[k], columns[c], &sql);
			}
			buf_printf(&sql, " AS f%zu", k);
		}
		sq_from(x, title_only, group, &sql);
		docs_filter_sql(f, &sql);
		buf_adds(&sql, " OFFSET 0) s ORDER BY th DESC, ");
		for (size_t k = 0; k < q->nterms; k++)
			buf_printf(&sql,
				   "%s%.17g * (f%zu * 2.2) / (f%zu + 1.2 * (0.25 + 0.75 *"
				   " ntokens / %.17g))",
				   k ? " + " : "", stats.idf[k], k, k, stats.avgdl);
		buf_printf(&sql,
			   " DESC, published_on DESC NULLS LAST, id DESC LIMIT %zu OFFSET %zu",
			   limit, offset);
	} else {
		buf_adds(&sql, "SELECT d.id");
		sq_from(x, title_only, group, &sql);
		docs_filter_sql(f, &sql);
		buf_printf(&sql, " ORDER BY d.id DESC LIMIT %zu OFFSET %zu", limit, offset);
	}
	struct db_stmt *s = NULL;
	rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	docs_filter_bind(f, s, 1);
	while ((rc = db_step(s)) == DB_ROW)
		ids[(*n)++] = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

/* Where the texts may hold a phrase that strpos does not see: the keys are there, the text
 * is not (in every column, or in 名称). */
static void sq_unsure(const struct sq *x, bool title_only, struct buf *sql)
{
	buf_adds(sql, "NOT (1 = 1");
	sq_match(x, title_only, sql);
	buf_addch(sql, ')');
	for (size_t k = 0; !title_only && k < x->q->nterms; k++) {
		if (!x->t[k].phrase)
			continue;
		buf_adds(sql, " OR (x.title_terms @> CAST(");
		lit(sql, buf_cstr(&x->t[k].keys));
		buf_adds(sql, " AS TEXT[]) AND NOT ");
		sq_title(x, k, sql);
		buf_addch(sql, ')');
	}
}

/* For a query with phrases, in one pass over the candidates: the number of matches as the
 * SQL of x sees them, and the ids of the unsure candidates (an array literal, "" for none). */
static int sq_count_phrases(struct store *st, const struct sq *x, bool title_only,
			    const struct doc_filter *f, long long *n, struct buf *unsure)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT coalesce(sum(CASE WHEN 1 = 1");
	sq_match(x, title_only, &sql);
	buf_adds(&sql, " THEN 1 ELSE 0 END), 0), coalesce(CAST(array_agg(d.id) FILTER (WHERE ");
	sq_unsure(x, title_only, &sql);
	buf_printf(&sql,
		   ") AS TEXT), '') FROM doc_terms x JOIN docs d ON d.id = x.doc_id"
		   " WHERE x.%s @> CAST(",
		   title_only ? "title_terms" : "terms");
	lit(&sql, buf_cstr(&x->keys));
	buf_adds(&sql, " AS TEXT[])");
	docs_filter_sql(f, &sql);
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	docs_filter_bind(f, s, 1);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*n = db_col_int(s, 0);
		buf_reset(unsure);
		buf_adds(unsure, db_col_text(s, 1) ? db_col_text(s, 1) : "");
		rc = unsure->failed ? ZF_ENOMEM : 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	return rc;
}

/* True when C finds the same as the SQL of x for the unsure candidates (ids, an array
 * literal). */
static int sq_agrees(struct store *st, const struct sq *x, bool title_only, const char *ids,
		     bool *agrees)
{
	const struct cjk_query *q = x->q;
	*agrees = true;
	if (!*ids)
		return 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT d.title, d.doc_no, d.keywords, d.summary, d.body, CASE WHEN 1 = 1");
	sq_match(x, title_only, &sql);
	buf_adds(&sql, " THEN 1 ELSE 0 END");
	for (size_t k = 0; k < q->nterms; k++) {
		buf_adds(&sql, ", CASE WHEN ");
		sq_title(x, k, &sql);
		buf_adds(&sql, " THEN 1 ELSE 0 END");
	}
	buf_adds(&sql, " FROM doc_terms x JOIN docs d ON d.id = x.doc_id"
		       " WHERE d.id = ANY(CAST(");
	lit(&sql, ids);
	buf_adds(&sql, " AS BIGINT[]))");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	struct toks t = {0};
	buf_init(&t.text, 0);
	size_t ncols = title_only ? 1 : NCOLS;
	while (*agrees && (rc = db_step(s)) == DB_ROW) {
		size_t counts[CJK_QUERY_MAX_TERMS][NCOLS] = {{0}};
		rc = 0;
		for (size_t c = 0; c < ncols && !rc; c++) {
			rc = tokenize(&t, db_col_text(s, (int)c));
			for (size_t k = 0; !rc && k < q->nterms; k++)
				counts[k][c] = phrase_count(q, k, &t);
		}
		if (rc)
			break;
		bool all = true;
		for (size_t k = 0; k < q->nterms; k++) {
			size_t any = 0;
			for (size_t c = 0; c < ncols; c++)
				any += counts[k][c];
			all &= any > 0;
		}
		if (all != (db_col_int(s, 5) != 0))
			*agrees = false;
		for (size_t k = 0; all && k < q->nterms; k++)
			if ((counts[k][0] > 0) != (db_col_int(s, 6 + (int)k) != 0))
				*agrees = false;
	}
	db_finish(s);
	toks_free(&t);
	return rc == DB_DONE || rc == DB_ROW || rc == 0 ? 0 : rc;
}

/* ---------------------------------------------------------------- a results page */

static int ranked_cmp(const void *x, const void *y)
{
	const struct docs_match *a = x, *b = y;
	if (a->title_hits != b->title_hits)
		return a->title_hits > b->title_hits ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->published_on != b->published_on)
		return a->published_on > b->published_on ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

static int newest_cmp(const void *x, const void *y)
{
	const struct docs_match *a = x, *b = y;
	return a->id > b->id ? -1 : a->id < b->id;
}

/* Appends m[offset .. offset + limit) to ids, sorted first. */
static void slice(struct docs_match *m, size_t nm, bool ranked, size_t limit, size_t offset,
		  long long *ids, size_t *n)
{
	if (nm)
		qsort(m, nm, sizeof(*m), ranked ? ranked_cmp : newest_cmp);
	for (size_t i = offset; i < nm && *n < limit; i++)
		ids[(*n)++] = m[i].id;
}

/* The exact path: every candidate read and checked in C, once (twice for a broad query
 * whose title hits are ranked). */
static int c_fulltext(struct store *st, const struct cjk_query *q, bool title_only,
		      const struct doc_filter *f, size_t rank_limit, size_t limit, size_t offset,
		      long long *total, long long *ids, size_t *n)
{
	struct docs_match *m = NULL;
	size_t nm = 0;
	int rc = docs_index_search(st, q, title_only, false, f, true, &m, &nm);
	if (rc)
		return rc;
	*total = (long long)nm;
	if (nm <= rank_limit || title_only) {
		slice(m, nm, nm <= rank_limit, limit, offset, ids, n);
		free(m);
		return 0;
	}
	/* broad: the title hits first, then the others, newest first */
	size_t nt = 0;
	for (size_t i = 0; i < nm; i++)
		if (m[i].title_hits == (int)q->nterms) {
			struct docs_match tmp = m[nt];
			m[nt++] = m[i];
			m[i] = tmp;
		}
	if (offset < nt) {
		if (nt <= rank_limit) {
			struct docs_match *t = NULL;
			size_t ntm = 0;
			rc = docs_index_search(st, q, true, false, f, true, &t, &ntm);
			if (!rc)
				slice(t, ntm, true, limit, offset, ids, n);
			free(t);
		} else {
			slice(m, nt, false, limit, offset, ids, n);
		}
	}
	if (!rc && *n < limit)
		slice(m + nt, nm - nt, false, limit, offset > nt ? offset - nt : 0, ids, n);
	free(m);
	return rc;
}

int docs_index_fulltext(struct store *st, const struct cjk_query *q, bool title_only,
			const struct doc_filter *f, size_t rank_limit, size_t limit, size_t offset,
			long long *total, long long **out, size_t *n)
{
	*total = 0;
	*out = NULL;
	*n = 0;
	long long *ids = calloc(limit ? limit : 1, sizeof(*ids));
	if (!ids)
		return ZF_ENOMEM;
	struct sq x;
	struct buf unsure = BUF_INIT;
	bool sql = sq_plan(&x, q), agrees = sql;
	seqscan(st, false);
	int rc = 0;
	if (sql && x.phrases) {
		rc = sq_count_phrases(st, &x, title_only, f, total, &unsure);
		if (!rc)
			rc = sq_agrees(st, &x, title_only, buf_cstr(&unsure), &agrees);
	} else if (sql) {
		rc = sq_count(st, &x, title_only, 0, f, total);
	}
	buf_free(&unsure);
	if (!rc && !agrees) {
		*total = 0;
		rc = c_fulltext(st, q, title_only, f, rank_limit, limit, offset, total, ids, n);
	} else if (!rc && *total > 0) {
		if (*total <= (long long)rank_limit || title_only) {
			rc = sq_page(st, &x, title_only, 0, f, *total <= (long long)rank_limit,
				     limit, offset, ids, n);
		} else {
			/* broad: as fts5_fulltext */
			long long nt = 0;
			rc = sq_count(st, &x, true, 0, f, &nt);
			if (!rc && (long long)offset < nt)
				rc = sq_page(st, &x, true, 0, f, nt <= (long long)rank_limit, limit,
					     offset, ids, n);
			if (!rc && *n < limit)
				rc = sq_page(st, &x, false, 2, f, false, limit - *n,
					     (long long)offset > nt ? offset - (size_t)nt : 0, ids,
					     n);
		}
	}
	sq_free(&x);
	seqscan(st, true);
	if (rc) {
		free(ids);
		*n = 0;
		*total = 0;
		return rc;
	}
	*out = ids;
	return 0;
}

/* ---------------------------------------------------------------- any word (the fallback)
 *
 * The candidates hold a key of some term (terms && keys, over the GIN index); a term is held
 * where its keys are all there and, for a phrase, its text is (strpos: the rare phrase that
 * FTS5 finds across runs of characters is not looked for). Ranked by the terms held, then as
 * sq_page ranks. */

/* Term k is held (title_only: in 名称). */
static void any_held(const struct sq *x, size_t k, bool title_only, struct buf *sql)
{
	buf_printf(sql, "(x.%s @> CAST(", title_only ? "title_terms" : "terms");
	lit(sql, buf_cstr(&x->t[k].keys));
	buf_adds(sql, " AS TEXT[])");
	if (x->t[k].phrase) {
		buf_adds(sql, " AND (");
		for (size_t c = 0; c < (title_only ? 1u : NCOLS); c++) {
			buf_printf(sql, "%sstrpos(%s, ", c ? " OR " : "", columns[c]);
			lit(sql, x->t[k].text);
			buf_adds(sql, ") > 0");
		}
		buf_addch(sql, ')');
	}
	buf_addch(sql, ')');
}

/* SELECT ... FROM (the candidates with nw, th, f0..) s WHERE nw > 0 */
static void any_from(const struct sq *x, bool title_only, const struct doc_filter *f,
		     struct buf *sql)
{
	const struct cjk_query *q = x->q;
	size_t ncols = title_only ? 1 : NCOLS;
	buf_adds(sql, " FROM (SELECT d.id, d.published_on, x.ntokens, ");
	for (size_t k = 0; k < q->nterms; k++) {
		buf_adds(sql, k ? " + CASE WHEN " : "CASE WHEN ");
		any_held(x, k, title_only, sql);
		buf_adds(sql, " THEN 1 ELSE 0 END");
	}
	buf_adds(sql, " AS nw, ");
	for (size_t k = 0; k < q->nterms; k++) {
		buf_adds(sql, k ? " + CASE WHEN " : "CASE WHEN ");
		any_held(x, k, true, sql);
		buf_adds(sql, " THEN 1 ELSE 0 END");
	}
	buf_adds(sql, " AS th");
	for (size_t k = 0; k < q->nterms; k++) {
		buf_adds(sql, ", ");
		for (size_t c = 0; c < ncols; c++) {
			buf_printf(sql, "%s%.1f * ", c ? " + " : "", weights[c]);
			sq_tf(&x->t[k], columns[c], sql);
		}
		buf_printf(sql, " AS f%zu", k);
	}
	buf_printf(sql, " FROM doc_terms x JOIN docs d ON d.id = x.doc_id WHERE x.%s && CAST(",
		   title_only ? "title_terms" : "terms");
	lit(sql, buf_cstr(&x->keys));
	buf_adds(sql, " AS TEXT[])");
	docs_filter_sql(f, sql);
	buf_adds(sql, " OFFSET 0) s WHERE nw > 0");
}

int docs_index_anyword(struct store *st, const struct cjk_query *q, bool title_only,
		       const struct doc_filter *f, size_t limit, size_t offset, long long *total,
		       long long **out, size_t *n)
{
	*total = 0;
	*out = NULL;
	*n = 0;
	struct sq x;
	if (!sq_plan(&x, q)) {
		/* not expected: the words are single tokens or runs of Han characters */
		log_warn("search: the any-word fallback cannot plan its words");
		sq_free(&x);
		return 0;
	}
	long long *ids = calloc(limit ? limit : 1, sizeof(*ids));
	struct stats stats = {0};
	int rc = ids ? bm25_stats(st, q, title_only, &stats) : ZF_ENOMEM;
	struct buf sql = BUF_INIT;
	seqscan(st, false);
	for (int pass = 0; !rc && pass < 2; pass++) {
		buf_reset(&sql);
		if (pass == 0) {
			buf_adds(&sql, "SELECT count(*)");
			any_from(&x, title_only, f, &sql);
		} else {
			buf_adds(&sql, "SELECT id");
			any_from(&x, title_only, f, &sql);
			buf_adds(&sql, " ORDER BY nw DESC, th DESC, ");
			for (size_t k = 0; k < q->nterms; k++)
				buf_printf(&sql,
					   "%s%.17g * (f%zu * 2.2) / (f%zu + 1.2 * (0.25 + 0.75 *"
					   " ntokens / %.17g))",
					   k ? " + " : "", stats.idf[k], k, k, stats.avgdl);
			buf_printf(
			    &sql,
			    " DESC, published_on DESC NULLS LAST, id DESC LIMIT %zu OFFSET %zu",
			    limit, offset);
		}
		struct db_stmt *s = NULL;
		rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
		if (rc)
			break;
		docs_filter_bind(f, s, 1);
		while ((rc = db_step(s)) == DB_ROW) {
			if (pass == 0)
				*total = db_col_int(s, 0);
			else if (*n < limit)
				ids[(*n)++] = db_col_int(s, 0);
		}
		db_finish(s);
		rc = rc == DB_DONE ? 0 : rc;
		if (!rc && pass == 0 && (*total == 0 || (long long)offset >= *total))
			break;
	}
	seqscan(st, true);
	buf_free(&sql);
	sq_free(&x);
	if (rc) {
		free(ids);
		*n = 0;
		*total = 0;
		return rc;
	}
	*out = ids;
	return 0;
}
