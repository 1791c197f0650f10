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
 * (3 characters and more) is checked here in the documents' texts, column by column, as
 * FTS5 checks it (positions in a row, one column). Ranking follows FTS5: the terms found in
 * 名称, then BM25 with the weights of docs_search.c (10, 6, 4, 2, 1) and FTS5's constants
 * (k1 = 1.2, b = 0.75, the same IDF floor); for a phrase of several tokens the number of
 * rows holding it is estimated by the rows holding its tokens. */
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
	for (size_t i = 0; i < n; i++) {
		if (!rc && (i == 0 || strcmp(keys[i], keys[i - 1])))
			array_add(out, keys[i], strlen(keys[i]), "");
		free(keys[i]);
	}
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

static int bm25_stats(struct store *st, const struct cjk_query *q, bool title_only,
		      struct stats *out)
{
	long long rows = 0, tokens = 0;
	int rc = query_count(st, "SELECT count(*) FROM doc_terms", NULL, &rows);
	if (!rc)
		rc = query_count(st, "SELECT coalesce(sum(ntokens), 0) FROM doc_terms", NULL,
				 &tokens);
	out->avgdl = rows ? (double)tokens / (double)rows : 1.0;
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
		double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
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
