/* docs_search.c: reading the catalogue: lists with filters, facets, full-text search with
 * highlighting, and the console's working list (Art. 26 deadlines, 定期审查). Portable SQL
 * (driver.h) except the full-text queries: FTS5 on SQLite (below, with the glue in
 * docs_fts.c), the token arrays of docs_index.c on PostgreSQL, chosen with db_engine(); both
 * find the same documents and rank them by the same rules. */
#include "common.h"
#include "arena.h"
#include "docs_int.h"
#include "store/columns.h"
#include "law/calendar.h"
#include "log.h"
#include "text/cjk_tokenize.h"
#include "text/search_words.h"
#include "utf8.h"

#define LIST_MAX_LIMIT 500
#define EXCERPT_WIDTH  120	    /* characters */
#define MATCH_SCAN_MAX (256u << 10) /* bytes of 正文 searched for the excerpt */

struct doc_filter doc_filter_any(void)
{
	struct doc_filter f = {0};
	f.state = f.validity = f.kind = -1;
	return f;
}

static const struct {
	const char *key, *label;
} doc_orders[DOC_ORDERS] = {
    [DOC_ORDER_PUBLISHED] = {"published", "发布日期"},
    [DOC_ORDER_WRITTEN] = {"written", "成文日期"},
    [DOC_ORDER_TITLE] = {"title", "标题"},
};

const char *doc_order_key(enum doc_order o)
{
	return (unsigned)o < DOC_ORDERS ? doc_orders[o].key : "";
}

const char *doc_order_label(enum doc_order o)
{
	return (unsigned)o < DOC_ORDERS ? doc_orders[o].label : "";
}

int doc_order_parse(const char *s)
{
	for (int i = 0; s && i < DOC_ORDERS; i++)
		if (!strcmp(s, doc_orders[i].key))
			return i;
	return -1;
}

/* ---------------------------------------------------------------- filters */

void docs_agency_sql(const char *column, const long long *agencies, size_t n, struct buf *sql)
{
	if (!n)
		return;
	buf_printf(sql, " AND %s IN (", column);
	for (size_t k = 0; k < n; k++)
		buf_printf(sql, "%s%lld", k ? ", " : "", agencies[k]);
	buf_addch(sql, ')');
}

void docs_filter_sql(const struct doc_filter *f, struct buf *sql)
{
	docs_agency_sql("d.agency_id", f->agencies, f->nagencies, sql);
	if (f->state >= 0)
		buf_adds(sql, " AND d.state = ?");
	if (f->validity >= 0)
		buf_adds(sql, " AND d.validity = ?");
	if (f->kind >= 0)
		buf_adds(sql, " AND d.kind = ?");
	if (f->topic && *f->topic)
		buf_adds(sql, " AND d.topic >= ? AND d.topic < ?");
	if (f->genre && *f->genre)
		buf_adds(sql, " AND d.genre = ?");
	if (f->year)
		buf_adds(sql, " AND d.published_on BETWEEN ? AND ?");
	if (f->interprets_id)
		buf_adds(sql, " AND d.interprets_id = ?");
	if (f->statutory_item)
		buf_adds(sql,
			 " AND d.id IN (SELECT dc.doc_id FROM doc_columns dc JOIN columns c"
			 " ON c.id = dc.column_id WHERE c.statutory_item = ? AND c.hidden = 0)");
	if (f->column_code && *f->column_code)
		buf_adds(sql, " AND d.id IN (SELECT dc.doc_id FROM doc_columns dc JOIN columns c"
			      " ON c.id = dc.column_id WHERE c.code = ? AND c.hidden = 0)");
	/* 撤稿: gone from every public list (takedown.c; a handful of rows, read once) */
	if (!f->with_taken_down)
		buf_adds(sql, " AND d.id NOT IN (SELECT k.doc_id FROM doc_takedowns k"
			      " WHERE k.attachment_id IS NULL)");
}

int docs_filter_bind(const struct doc_filter *f, struct db_stmt *s, int i)
{
	if (f->state >= 0)
		db_bind_text(s, i++, doc_state_key((enum doc_state)f->state));
	if (f->validity >= 0)
		db_bind_text(s, i++, doc_validity_key((enum doc_validity)f->validity));
	if (f->kind >= 0)
		db_bind_text(s, i++, doc_kind_key((enum doc_kind)f->kind));
	if (f->topic && *f->topic) {
		/* a level-1 code "02" takes in "02.01"...: '/' sorts right after '.' */
		char hi[32];
		snprintf(hi, sizeof(hi), "%.20s%s", f->topic, strchr(f->topic, '.') ? "\x01" : "/");
		db_bind_text(s, i++, f->topic);
		db_bind_text(s, i++, hi);
	}
	if (f->genre && *f->genre)
		db_bind_text(s, i++, f->genre);
	if (f->year) {
		db_bind_day(s, i++, date_from_ymd(f->year, 1, 1));
		db_bind_day(s, i++, date_from_ymd(f->year, 12, 31));
	}
	if (f->interprets_id)
		db_bind_int(s, i++, f->interprets_id);
	if (f->statutory_item)
		db_bind_int(s, i++, f->statutory_item);
	if (f->column_code && *f->column_code)
		db_bind_text(s, i++, f->column_code);
	return i;
}

static int check_filter(const struct doc_filter *f)
{
	if ((f->nagencies && !f->agencies) || f->limit > LIST_MAX_LIMIT ||
	    (f->year && (f->year < 1949 || f->year > 2199)) || f->state >= DOC_STATES ||
	    f->validity >= DOC_VALIDITIES || f->kind >= DOC_KINDS ||
	    (f->topic && strlen(f->topic) > 20) || f->statutory_item < 0 ||
	    f->statutory_item > 15 || (f->column_code && strlen(f->column_code) > 40) ||
	    f->order < 0 || f->order >= DOC_ORDERS)
		return ZF_EINVAL;
	return 0;
}

static int count_rows(struct store *st, const char *sql, const struct doc_filter *f,
		      const char *match, long long *total)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	int i = 1;
	if (match)
		db_bind_text(s, i++, match);
	docs_filter_bind(f, s, i);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*total = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- lists */

int store_doc_list(struct store *st, struct arena *a, const struct doc_filter *f,
		   struct doc_list *out)
{
	memset(out, 0, sizeof(*out));
	int rc = check_filter(f);
	if (rc)
		return rc;
	struct buf sql = BUF_INIT, count = BUF_INIT;
	buf_adds(&sql, "SELECT " DOCS_COLUMNS " FROM docs d JOIN agencies g ON g.id = d.agency_id"
		       " WHERE 1 = 1");
	buf_adds(&count, "SELECT count(*) FROM docs d WHERE 1 = 1");
	docs_filter_sql(f, &sql);
	docs_filter_sql(f, &count);
	/* titles compare by bytes on both engines: SQLite's BINARY collation, and in
	 * PostgreSQL the C collation of the database (docs/storage.md); UTF-8 byte order is
	 * code point order */
	static const char *const orders[DOC_ORDERS] = {
	    [DOC_ORDER_PUBLISHED] = " ORDER BY d.published_on DESC, d.id DESC",
	    [DOC_ORDER_WRITTEN] = " ORDER BY d.written_on DESC, d.published_on DESC, d.id DESC",
	    [DOC_ORDER_TITLE] = " ORDER BY d.title, d.id DESC",
	};
	buf_adds(&sql, f->state == DOC_PUBLISHED ? orders[f->order]
						 : " ORDER BY d.updated_at DESC, d.id DESC");
	buf_adds(&sql, " LIMIT ? OFFSET ?");
	struct db_stmt *s = NULL;
	rc = sql.failed || count.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	if (!rc) {
		int i = docs_filter_bind(f, s, 1);
		db_bind_int(s, i, f->limit ? (long long)f->limit : 20);
		db_bind_int(s, i + 1, (long long)f->offset);
		size_t alloc = 0;
		while ((rc = db_step(s)) == DB_ROW) {
			out->docs = arena_grow(a, out->docs, out->n, &alloc, sizeof(*out->docs));
			if (!out->docs || docs_read_row(s, 0, -1, a, &out->docs[out->n])) {
				rc = ZF_ENOMEM;
				break;
			}
			out->n++;
		}
		db_finish(s);
	}
	/* a list of the latest (the home page's panels, the feed, the sitemap) shows no total:
	 * counting every published document was most of the home page's time (docs/
	 * performance.md) */
	if (!rc && f->no_total)
		out->total = -1;
	else if (!rc)
		rc = count_rows(st, buf_cstr(&count), f, NULL, &out->total);
	buf_free(&sql);
	buf_free(&count);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int store_doc_facets(struct store *st, struct arena *a, enum doc_facet_kind kind,
		     const struct doc_filter *f, struct doc_facet **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = check_filter(f);
	if (rc)
		return rc;
	struct doc_filter g = *f;
	g.state = DOC_PUBLISHED;
	const char *group = NULL, *order = "1";
	switch (kind) {
	case DOC_FACET_AGENCY:
		g.agencies = NULL;
		g.nagencies = 0;
		group = "CAST(d.agency_id AS TEXT)";
		order = "min(d.agency_id)";
		break;
	case DOC_FACET_TOPIC:
		g.topic = NULL;
		group = "substr(d.topic, 1, 2)";
		break;
	case DOC_FACET_GENRE:
		g.genre = NULL;
		group = "d.genre";
		order = "2 DESC, 1";
		break;
	case DOC_FACET_YEAR:
		g.year = 0;
		group = "substr(d.published_on, 1, 4)";
		order = "1 DESC";
		break;
	case DOC_FACET_VALIDITY:
		g.validity = -1;
		group = "d.validity";
		break;
	case DOC_FACET_KIND:
		g.kind = -1;
		group = "d.kind";
		break;
	case DOC_FACET_STATUTORY:
		g.statutory_item = 0;
		group = "CAST(c.statutory_item AS TEXT)";
		order = "min(c.statutory_item)";
		break;
	}
	if (!group)
		return ZF_EINVAL;
	struct buf sql = BUF_INIT;
	if (kind == DOC_FACET_STATUTORY) /* a document filed twice under one item counts once */
		buf_printf(&sql,
			   "SELECT %s, count(DISTINCT d.id) FROM docs d JOIN doc_columns dc"
			   " ON dc.doc_id = d.id JOIN columns c ON c.id = dc.column_id"
			   " WHERE c.statutory_item > 0 AND c.hidden = 0",
			   group);
	else
		buf_printf(&sql, "SELECT %s, count(*) FROM docs d WHERE 1 = 1", group);
	docs_filter_sql(&g, &sql);
	buf_printf(&sql, " GROUP BY 1 ORDER BY %s", order);
	struct agency *agencies = NULL;
	size_t nagencies = 0;
	if (kind == DOC_FACET_AGENCY)
		rc = store_agency_list(st, a, &agencies, &nagencies);
	struct db_stmt *s = NULL;
	if (!rc)
		rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	docs_filter_bind(&g, s, 1);
	size_t alloc = 0;
	struct doc_facet *list = NULL;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *value = db_col_text(s, 0);
		if (!value || !*value)
			continue;
		list = arena_grow(a, list, *n, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_facet *x = &list[(*n)++];
		x->value = arena_strdup(a, value);
		x->count = db_col_int(s, 1);
		x->label = x->value;
		const struct doc_topic *t;
		switch (kind) {
		case DOC_FACET_AGENCY:
			for (size_t i = 0; i < nagencies; i++)
				if (agencies[i].id == atoll(value))
					x->label = agencies[i].name;
			break;
		case DOC_FACET_TOPIC:
			t = doc_topic_find(value);
			if (t)
				x->label = t->name;
			break;
		case DOC_FACET_YEAR: x->label = arena_printf(a, "%s年", value); break;
		case DOC_FACET_VALIDITY: {
			int v = doc_validity_parse(value);
			x->label = v < 0 ? value : doc_validity_label((enum doc_validity)v);
			break;
		}
		case DOC_FACET_KIND: {
			int k = doc_kind_parse(value);
			x->label = k < 0 ? value : doc_kind_label((enum doc_kind)k);
			break;
		}
		case DOC_FACET_STATUTORY: {
			const char *name = column_statutory_short(atoi(value));
			x->label = name ? arena_printf(a, "%s%s",
						       column_statutory_number(atoi(value)), name)
					: value;
			break;
		}
		case DOC_FACET_GENRE: break;
		}
		if (!x->value || !x->label) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc) {
		*n = 0;
		return rc;
	}
	*out = list;
	return 0;
}

/* ---------------------------------------------------------------- search */

/* Copies spans of text into the arena as doc_spans relative to `from`, keeping those
 * inside [from, to). */
static int keep_spans(struct arena *a, const struct cjk_span *spans, size_t n, size_t from,
		      size_t to, struct doc_span **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!n)
		return 0;
	struct doc_span *v = arena_alloc(a, n * sizeof(*v));
	if (!v)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (spans[i].start < from || spans[i].end > to)
			continue;
		v[*nout].start = spans[i].start - from;
		v[*nout].end = spans[i].end - from;
		(*nout)++;
	}
	*out = v;
	return 0;
}

#define MAX_MARKS 64

/* Fills the title marks and the excerpt of a hit. */
static int decorate(struct arena *a, const struct cjk_query *q, struct doc_hit *h)
{
	struct cjk_span spans[MAX_MARKS] = {{0, 0}};
	const char *title = h->doc.f.title;
	size_t n = q ? cjk_match(q, title, strlen(title), spans, MAX_MARKS) : 0;
	int rc = keep_spans(a, spans, n, 0, strlen(title), &h->title_marks, &h->ntitle_marks);
	if (rc)
		return rc;
	/* the excerpt comes from 内容概述 when it has a hit, else from 正文, else 内容概述 */
	const char *src = h->doc.f.summary;
	size_t len = strlen(src);
	n = q ? cjk_match(q, src, len, spans, MAX_MARKS) : 0;
	if (!n && q && *h->doc.f.body) {
		const char *body = h->doc.f.body;
		size_t blen = ZF_MIN(strlen(body), (size_t)MATCH_SCAN_MAX);
		while (blen > 0 && ((unsigned char)body[blen] & 0xC0) == 0x80)
			blen--;
		size_t bn = cjk_match(q, body, blen, spans, MAX_MARKS);
		if (bn || !len) {
			src = body;
			len = blen;
			n = bn;
		}
	}
	size_t from = 0, to = 0;
	cjk_excerpt(src, len, spans, n, EXCERPT_WIDTH, &from, &to);
	h->excerpt = arena_strndup(a, src + from, to - from);
	if (!h->excerpt)
		return ZF_ENOMEM;
	h->excerpt_cut_before = from > 0;
	h->excerpt_cut_after = to < len;
	return keep_spans(a, spans, n, from, to, &h->excerpt_marks, &h->nexcerpt_marks);
}

static int read_hits(struct db_stmt *s, struct arena *a, const struct cjk_query *q,
		     struct doc_hits *out)
{
	size_t alloc = out->n; /* a second page appends: grow from a full array */
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		out->hits = arena_grow(a, out->hits, out->n, &alloc, sizeof(*out->hits));
		if (!out->hits) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_hit *h = &out->hits[out->n];
		memset(h, 0, sizeof(*h));
		if (docs_read_row(s, 0, DOCS_NCOLUMNS, a, &h->doc) || decorate(a, q, h)) {
			rc = ZF_ENOMEM;
			break;
		}
		h->doc.f.body = ""; /* the hit carries its excerpt, not the whole text */
		out->n++;
	}
	db_finish(s);
	return rc;
}

/* Exact lookup on a column (doc_no or index_no). */
static int search_exact(struct store *st, struct arena *a, const char *column, const char *value,
			const struct doc_filter *f, struct doc_hits *out)
{
	struct buf sql = BUF_INIT;
	buf_printf(&sql,
		   "SELECT " DOCS_COLUMNS
		   ", d.body FROM docs d JOIN agencies g ON g.id = d.agency_id"
		   " WHERE d.%s = ?",
		   column);
	docs_filter_sql(f, &sql);
	buf_adds(&sql, " ORDER BY d.published_on DESC NULLS LAST, d.id DESC LIMIT ? OFFSET ?");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_text(s, 1, value);
	int i = docs_filter_bind(f, s, 2);
	db_bind_int(s, i, f->limit ? (long long)f->limit : 20);
	db_bind_int(s, i + 1, (long long)f->offset);
	rc = read_hits(s, a, NULL, out);
	if (rc)
		return rc;
	buf_init(&sql, 0);
	buf_printf(&sql, "SELECT count(*) FROM docs d WHERE d.%s = ?", column);
	docs_filter_sql(f, &sql);
	rc = sql.failed ? ZF_ENOMEM : count_rows(st, buf_cstr(&sql), f, value, &out->total);
	buf_free(&sql);
	return rc;
}

/* ---- SQLite: FTS5 (the tokenizer and zf_title_hits are in docs_fts.c) ---- */

/* True when the filter holds nothing but a state (published or any): the counts can then
 * read the index alone. */
static bool state_only(const struct doc_filter *f)
{
	return !f->nagencies && f->validity < 0 && f->kind < 0 && !(f->topic && *f->topic) &&
	       !(f->genre && *f->genre) && !f->year && !f->interprets_id && !f->statutory_item &&
	       !(f->column_code && *f->column_code) && (f->state < 0 || f->state == DOC_PUBLISHED);
}

/* Counts the documents that match expr under filter f. With a state-only filter the count
 * comes from the index (fast even for a million hits), less the few unpublished ones. */
static int match_count(struct store *st, const char *expr, const struct doc_filter *f, long long *n)
{
	if (!state_only(f)) {
		struct buf sql = BUF_INIT;
		buf_adds(&sql, "SELECT count(*) FROM docs_fts CROSS JOIN docs d"
			       " ON d.id = docs_fts.rowid WHERE docs_fts MATCH ?");
		docs_filter_sql(f, &sql);
		int rc = sql.failed ? ZF_ENOMEM : count_rows(st, buf_cstr(&sql), f, expr, n);
		buf_free(&sql);
		return rc;
	}
	long long all = 0, hidden = 0;
	struct doc_filter none = doc_filter_any();
	int rc = count_rows(st, "SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ?", &none, expr,
			    &all);
	if (!rc && f->state == DOC_PUBLISHED)
		rc = count_rows(st,
				"SELECT count(*) FROM docs_fts WHERE docs_fts MATCH ? AND rowid IN"
				" (SELECT id FROM docs WHERE state IN ('draft', 'review'))",
				&none, expr, &hidden);
	*n = all - hidden;
	return rc;
}

/* Appends the rest of "... FROM docs_fts" for the matches of the MATCH parameter under f: a
 * state-only filter reads the index alone, less the unpublished ones; any other joins docs
 * and adds the filter's conditions (bound by match_bind). */
static void match_where(const struct doc_filter *f, struct buf *sql)
{
	if (!state_only(f)) {
		buf_adds(sql, " CROSS JOIN docs d ON d.id = docs_fts.rowid WHERE docs_fts MATCH ?");
		docs_filter_sql(f, sql);
	} else {
		buf_adds(sql, " WHERE docs_fts MATCH ?");
		if (f->state == DOC_PUBLISHED)
			buf_adds(sql, " AND docs_fts.rowid NOT IN"
				      " (SELECT id FROM docs WHERE state IN ('draft', 'review'))");
	}
}

/* Binds match_where's parameters; returns the index of the next one. */
static int match_bind(const struct doc_filter *f, struct db_stmt *s, const char *expr)
{
	db_bind_text(s, 1, expr);
	return state_only(f) ? 2 : docs_filter_bind(f, s, 2);
}

/* match_count, stopping at cap: min(count, cap), the same count below it. */
static int match_count_upto(struct store *st, const char *expr, const struct doc_filter *f,
			    long long cap, long long *n)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT count(*) FROM (SELECT 1 FROM docs_fts");
	match_where(f, &sql);
	buf_printf(&sql, " LIMIT %lld)", cap);
	struct doc_filter none = doc_filter_any();
	int rc = sql.failed ? ZF_ENOMEM
			    : count_rows(st, buf_cstr(&sql), state_only(f) ? &none : f, expr, n);
	buf_free(&sql);
	return rc;
}

/* The hits of expr among the ids lo..hi, under f (as match_count). */
static int match_count_range(struct store *st, const char *expr, const struct doc_filter *f,
			     long long lo, long long hi, long long *n)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT count(*) FROM docs_fts");
	match_where(f, &sql);
	buf_adds(&sql, " AND docs_fts.rowid BETWEEN ? AND ?");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	int i = match_bind(f, s, expr);
	db_bind_int(s, i, lo);
	db_bind_int(s, i + 1, hi);
	rc = db_step(s);
	*n = rc == DB_ROW ? db_col_int(s, 0) : 0;
	if (rc == DB_ROW || rc == DB_DONE)
		rc = 0;
	db_finish(s);
	return rc;
}

/* Rounds n to three significant digits: 388,636 → 389,000. */
static long long round3(long long n)
{
	long long unit = 1;
	while (n / unit >= 1000)
		unit *= 10;
	return (n + unit / 2) / unit * unit;
}

#define ESTIMATE_SLICES 32
#define ESTIMATE_SHARE	10 /* the slices hold one id in ESTIMATE_SHARE */

/* The total of expr under f: exact up to cap hits. Past it, the first cap hits in id order
 * are counted exactly, and the hits among the remaining ids are estimated from
 * ESTIMATE_SLICES slices spread evenly over them, holding one id in ESTIMATE_SHARE (ids
 * follow the order documents were entered, so a word of recent years is sampled in
 * proportion). About a tenth of the work of a full count; on the benchmark's million
 * documents the estimates are within 3 % (bench/search.sh prints them beside the exact
 * counts of the references). Hits bunched in a few narrow ranges of ids are estimated
 * worse; the total is only ever shown as "约". */
static int match_total(struct store *st, const char *expr, const struct doc_filter *f,
		       long long cap, long long *n, bool *estimated)
{
	*estimated = false;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT count(*), max(r) FROM (SELECT docs_fts.rowid AS r FROM docs_fts");
	match_where(f, &sql);
	buf_printf(&sql, " ORDER BY docs_fts.rowid LIMIT %lld)", cap + 1);
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	match_bind(f, s, expr);
	long long from = 0;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*n = db_col_int(s, 0);
		from = db_col_int(s, 1); /* the first hit past the cap */
		rc = 0;
	}
	db_finish(s);
	if (rc || *n <= cap)
		return rc;
	long long to = 0;
	rc = db_prepare(st, "SELECT max(id) FROM docs", &s);
	if (rc)
		return rc;
	if (db_step(s) == DB_ROW)
		to = db_col_int(s, 0);
	db_finish(s);
	long long span = to - from + 1;
	long long width = span / (ESTIMATE_SLICES * ESTIMATE_SHARE);
	if (width < 1) { /* a few ids left: count them */
		long long rest = 0;
		rc = match_count_range(st, expr, f, from, to, &rest);
		*n = cap + rest;
		return rc;
	}
	long long seen = 0;
	for (int k = 0; k < ESTIMATE_SLICES && !rc; k++) {
		/* the middle of the k-th of ESTIMATE_SLICES equal parts */
		long long start = from + span * k / ESTIMATE_SLICES +
				  (span / ESTIMATE_SLICES - width) / 2,
			  got = 0;
		rc = match_count_range(st, expr, f, start, start + width - 1, &got);
		seen += got;
	}
	if (rc)
		return rc;
	double rest = (double)seen * (double)span / (double)(width * ESTIMATE_SLICES);
	*n = round3(cap + ZF_MAX((long long)(rest + 0.5), 1));
	*estimated = true;
	return 0;
}

#define HIT_COLUMNS                                                                                \
	"SELECT " DOCS_COLUMNS ", d.body FROM docs_fts CROSS JOIN docs d"                          \
	" ON d.id = docs_fts.rowid JOIN agencies g ON g.id = d.agency_id WHERE docs_fts MATCH ?"

/* Appends the documents ids[0..n) to out in that order, read in full and decorated. */
static int hits_by_ids(struct store *st, struct arena *a, const long long *ids, size_t n,
		       const struct cjk_query *marks, struct doc_hits *out)
{
	if (!n)
		return 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT " DOCS_COLUMNS ", d.body FROM docs d"
		       " JOIN agencies g ON g.id = d.agency_id WHERE d.id IN (");
	for (size_t i = 0; i < n; i++)
		buf_printf(&sql, "%s%lld", i ? "," : "", ids[i]);
	buf_addch(&sql, ')');
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	size_t first = out->n;
	rc = read_hits(s, a, marks, out);
	if (rc != DB_DONE)
		return rc;
	/* the page's order: a handful of rows, placed by a linear search each */
	for (size_t i = 0; i < n && first + i < out->n; i++)
		for (size_t j = first + i; j < out->n; j++)
			if (out->hits[j].doc.id == ids[i]) {
				struct doc_hit t = out->hits[first + i];
				out->hits[first + i] = out->hits[j];
				out->hits[j] = t;
				break;
			}
	return rc;
}

/* A match of the ranked page: its rank keys, as the ORDER BY of page_of has them. */
struct ranked {
	long long id;
	int title_hits;
	double bm25;
	const char *published_on; /* NULL: not read (a hit without ties) or no date */
};

static int ranked_rank_cmp(const struct ranked *x, const struct ranked *y)
{
	if (x->title_hits != y->title_hits)
		return x->title_hits > y->title_hits ? -1 : 1;
	if (x->bm25 != y->bm25)
		return x->bm25 < y->bm25 ? -1 : 1;
	return 0;
}

static int ranked_cmp(const void *p, const void *q)
{
	const struct ranked *x = p, *y = q;
	int c = ranked_rank_cmp(x, y);
	if (c)
		return c;
	/* published_on DESC NULLS LAST, then id DESC */
	if (!x->published_on != !y->published_on)
		return x->published_on ? -1 : 1;
	if (x->published_on && (c = strcmp(x->published_on, y->published_on)))
		return -c;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* The ranked page of page_of under a state-only filter, in two steps: the ranking reads the
 * index alone (title hits, BM25 and the rowid of every match; the hidden documents left out
 * by their ids, a few), the dates are read only for the matches tied with another one on
 * the page, and then the page's documents are read in full. The same order as the one-step
 * statement, without reading every matching document's row. */
static int ranked_page_fast(struct store *st, struct arena *a, const char *expr,
			    const struct doc_filter *f, size_t limit, size_t offset,
			    const struct cjk_query *marks, struct doc_hits *out)
{
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT docs_fts.rowid, zf_title_hits(docs_fts),"
		       " bm25(docs_fts, 10.0, 6.0, 4.0, 2.0, 1.0) FROM docs_fts"
		       " WHERE docs_fts MATCH ?");
	if (f->state == DOC_PUBLISHED)
		buf_adds(&sql, " AND docs_fts.rowid NOT IN"
			       " (SELECT id FROM docs WHERE state IN ('draft', 'review'))");
	if (!f->with_taken_down)
		buf_adds(&sql, " AND docs_fts.rowid NOT IN (SELECT k.doc_id FROM doc_takedowns k"
			       " WHERE k.attachment_id IS NULL)");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_text(s, 1, expr);
	struct ranked *v = NULL;
	size_t n = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, n, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		v[n].id = db_col_int(s, 0);
		v[n].title_hits = (int)db_col_int(s, 1);
		v[n].bm25 = db_col_double(s, 2);
		v[n].published_on = NULL;
		n++;
	}
	db_finish(s);
	if (rc != DB_DONE)
		return rc;
	if (offset >= n)
		return 0;
	qsort(v, n, sizeof(*v), ranked_cmp);
	size_t end = ZF_MIN(n, offset + limit);
	/* the ties that reach into the page: their dates decide */
	size_t lo = offset, hi = end;
	while (lo > 0 && !ranked_rank_cmp(&v[lo - 1], &v[lo]))
		lo--;
	while (hi < n && !ranked_rank_cmp(&v[hi - 1], &v[hi]))
		hi++;
	struct buf ids = BUF_INIT;
	for (size_t i = lo; i < hi; i++)
		if ((i > lo && !ranked_rank_cmp(&v[i - 1], &v[i])) ||
		    (i + 1 < hi && !ranked_rank_cmp(&v[i], &v[i + 1])))
			buf_printf(&ids, "%s%lld", ids.len ? "," : "", v[i].id);
	if (ids.len) {
		buf_init(&sql, 0);
		buf_printf(&sql, "SELECT id, published_on FROM docs WHERE id IN (%s)",
			   buf_cstr(&ids));
		s = NULL;
		rc = sql.failed || ids.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
		buf_free(&sql);
		while (!rc) {
			rc = db_step(s);
			if (rc != DB_ROW)
				break;
			rc = 0;
			long long id = db_col_int(s, 0);
			const char *day = db_col_text(s, 1);
			for (size_t i = lo; i < hi && day; i++)
				if (v[i].id == id && !(v[i].published_on = arena_strdup(a, day)))
					rc = ZF_ENOMEM;
		}
		if (s)
			db_finish(s);
		if (!rc)
			qsort(v + lo, hi - lo, sizeof(*v), ranked_cmp);
	}
	buf_free(&ids);
	if (rc)
		return rc;
	long long *page = arena_alloc(a, (end - offset) * sizeof(*page));
	if (!page)
		return ZF_ENOMEM;
	for (size_t i = offset; i < end; i++)
		page[i - offset] = v[i].id;
	rc = hits_by_ids(st, a, page, end - offset, marks, out);
	return rc == DB_DONE ? 0 : rc;
}

/* Runs sql (freed here): its first parameter the MATCH expression, then the filter's, then
 * LIMIT and OFFSET; appends the hits to out. */
static int read_page(struct store *st, struct arena *a, struct buf *sql, const char *expr,
		     const struct doc_filter *f, size_t limit, size_t offset,
		     const struct cjk_query *marks, struct doc_hits *out)
{
	struct db_stmt *s = NULL;
	int rc = sql->failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(sql), &s);
	buf_free(sql);
	if (rc)
		return rc;
	db_bind_text(s, 1, expr);
	int i = docs_filter_bind(f, s, 2);
	db_bind_int(s, i, (long long)limit);
	db_bind_int(s, i + 1, (long long)offset);
	return read_hits(s, a, marks, out);
}

/* Reads up to limit hits of expr from offset, ranked (BM25, title hits first) or newest
 * first; appends them to out. */
static int page_of(struct store *st, struct arena *a, const char *expr, const struct doc_filter *f,
		   bool ranked, size_t limit, size_t offset, const struct cjk_query *marks,
		   struct doc_hits *out)
{
	if (ranked && state_only(f))
		return ranked_page_fast(st, a, expr, f, limit, offset, marks, out);
	struct buf sql = BUF_INIT;
	/* CROSS JOIN: the MATCH drives; the ranking functions need docs_fts scanned by it */
	buf_adds(&sql, HIT_COLUMNS);
	docs_filter_sql(f, &sql);
	buf_adds(&sql, ranked ? " ORDER BY zf_title_hits(docs_fts) DESC,"
				" bm25(docs_fts, 10.0, 6.0, 4.0, 2.0, 1.0),"
				" d.published_on DESC NULLS LAST, d.id DESC LIMIT ? OFFSET ?"
			      : " ORDER BY docs_fts.rowid DESC LIMIT ? OFFSET ?");
	return read_page(st, a, &sql, expr, f, limit, offset, marks, out);
}

static int fts5_fulltext(struct store *st, struct arena *a, const struct doc_search *q,
			 const struct cjk_query *cq, const struct cjk_query *tq,
			 struct doc_hits *out)
{
	const struct doc_filter *f = &q->filter;
	size_t limit = f->limit ? f->limit : 20, offset = f->offset;
	size_t rank_limit = q->rank_limit ? q->rank_limit : DOC_SEARCH_RANK_LIMIT;
	size_t exact_limit = q->exact_limit ? q->exact_limit : DOC_SEARCH_EXACT_LIMIT;
	const char *expr = buf_cstr(&cq->expr);
	int rc = match_total(st, expr, f, (long long)ZF_MAX(exact_limit, rank_limit), &out->total,
			     &out->total_estimated);
	if (rc || out->total == 0)
		return rc;
	if (out->total <= (long long)rank_limit || q->title_only)
		return page_of(st, a, expr, f, out->total <= (long long)rank_limit, limit, offset,
			       cq, out);
	/* broad: the title hits first, then the others, each newest first (the title hits
	 * by relevance when there are few of them) */
	const char *title = buf_cstr(&tq->expr);
	long long ntitle = 0;
	/* the title hits are counted only as far as the page needs: past both the rank limit
	 * and the page's end they are listed newest first and fill the page alone */
	rc = match_count_upto(st, title, f, (long long)ZF_MAX(rank_limit, offset + limit) + 1,
			      &ntitle);
	if (!rc && offset < (size_t)ntitle)
		rc = page_of(st, a, title, f, ntitle <= (long long)rank_limit, limit, offset, cq,
			     out);
	if (rc || out->n >= limit)
		return rc;
	size_t rest_offset = offset > (size_t)ntitle ? offset - (size_t)ntitle : 0;
	char *others = arena_printf(a, "(%s) NOT (%s)", expr, title);
	return others ? page_of(st, a, others, f, false, limit - out->n, rest_offset, cq, out)
		      : ZF_ENOMEM;
}

/* ---- PostgreSQL: the token arrays of docs_index.c, the same rules ---- */

static int pg_fulltext(struct store *st, struct arena *a, const struct doc_search *q,
		       const struct cjk_query *cq, struct doc_hits *out)
{
	const struct doc_filter *f = &q->filter;
	size_t limit = f->limit ? f->limit : 20, offset = f->offset;
	size_t rank_limit = q->rank_limit ? q->rank_limit : DOC_SEARCH_RANK_LIMIT;
	long long *ids = NULL;
	size_t n = 0;
	int rc = docs_index_fulltext(st, cq, q->title_only, f, rank_limit, limit, offset,
				     &out->total, &ids, &n);
	/* the page's documents in one statement, in the page's order, read in full and
	 * decorated */
	if (!rc && n) {
		struct buf sql = BUF_INIT, list = BUF_INIT;
		for (size_t i = 0; i < n; i++)
			buf_printf(&list, "%s%lld", i ? "," : "", ids[i]);
		buf_printf(&sql,
			   "SELECT " DOCS_COLUMNS ", d.body FROM docs d"
			   " JOIN agencies g ON g.id = d.agency_id WHERE d.id IN (%s)"
			   " ORDER BY array_position(CAST('{%s}' AS BIGINT[]), d.id)",
			   buf_cstr(&list), buf_cstr(&list));
		struct db_stmt *s = NULL;
		rc = sql.failed || list.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
		if (!rc)
			rc = read_hits(s, a, cq, out);
		buf_free(&sql);
		buf_free(&list);
	}
	free(ids);
	return rc;
}

/* ---- the fallbacks: all words, then any word ---- */

/* A page of ids read in full, in their order, and decorated with q's marks. */
static int load_ids(struct store *st, struct arena *a, const long long *ids, size_t n,
		    const struct cjk_query *q, struct doc_hits *out)
{
	if (!n)
		return 0;
	struct buf sql = BUF_INIT, list = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&list, "%s%lld", i ? "," : "", ids[i]);
	buf_printf(&sql,
		   "SELECT " DOCS_COLUMNS ", d.body FROM docs d"
		   " JOIN agencies g ON g.id = d.agency_id WHERE d.id IN (%s)",
		   buf_cstr(&list));
	struct db_stmt *s = NULL;
	int rc = sql.failed || list.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	buf_free(&list);
	if (rc)
		return rc;
	struct doc_hits got = {0};
	rc = read_hits(s, a, q, &got);
	if (rc && rc != DB_DONE)
		return rc;
	/* in the page's order */
	size_t alloc = out->n;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < got.n; k++) {
			if (got.hits[k].doc.id != ids[i])
				continue;
			out->hits = arena_grow(a, out->hits, out->n, &alloc, sizeof(*out->hits));
			if (!out->hits)
				return ZF_ENOMEM;
			out->hits[out->n++] = got.hits[k];
		}
	return 0;
}

/* The FTS5 expression of q's terms joined by OR (title_only: in 名称); term k alone when
 * k >= 0. */
static char *or_expr(struct arena *a, const struct cjk_query *q, const char *text, long k,
		     bool title_only)
{
	struct buf e = BUF_INIT;
	if (title_only)
		buf_adds(&e, "{title} : (");
	for (size_t t = 0; t < q->nterms; t++) {
		if (k >= 0 && (size_t)k != t)
			continue;
		const struct cjk_term *term = &q->terms[t];
		if (k < 0 && t)
			buf_adds(&e, " OR ");
		/* a term holds letters, digits and CJK only: no quote to escape */
		buf_printf(&e, "\"%.*s\"%s", (int)(term->end - term->start), text + term->start,
			   term->prefix ? "*" : "");
	}
	if (title_only)
		buf_addch(&e, ')');
	char *r = e.failed ? NULL : arena_strdup(a, buf_cstr(&e));
	buf_free(&e);
	return r;
}

/* SQLite: the documents holding any of q's terms, ranked by how many they hold, then the
 * terms in 名称, BM25, 发布日期. */
static int fts5_anyword(struct store *st, struct arena *a, const struct doc_search *q,
			const struct cjk_query *cq, const char *text, struct doc_hits *out)
{
	const struct doc_filter *f = &q->filter;
	size_t limit = f->limit ? f->limit : 20, offset = f->offset;
	const char *expr = or_expr(a, cq, text, -1, q->title_only);
	if (!expr)
		return ZF_ENOMEM;
	int rc = match_count(st, expr, f, &out->total);
	if (rc || out->total == 0 || (long long)offset >= out->total)
		return rc;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, HIT_COLUMNS);
	docs_filter_sql(f, &sql);
	buf_adds(&sql, " ORDER BY (");
	for (size_t k = 0; k < cq->nterms; k++) {
		const char *one = or_expr(a, cq, text, (long)k, q->title_only);
		if (!one) {
			buf_free(&sql);
			return ZF_ENOMEM;
		}
		buf_printf(&sql, "%s(d.id IN (SELECT rowid FROM docs_fts WHERE docs_fts MATCH '",
			   k ? " + " : "");
		for (const char *p = one; *p; p++) {
			if (*p == '\'')
				buf_addch(&sql, '\'');
			buf_addch(&sql, *p);
		}
		buf_adds(&sql, "'))");
	}
	buf_adds(&sql, ") DESC, zf_title_hits(docs_fts) DESC, bm25(docs_fts, 10.0, 6.0, 4.0,"
		       " 2.0, 1.0), d.published_on DESC NULLS LAST, d.id DESC LIMIT ? OFFSET ?");
	return read_page(st, a, &sql, expr, f, limit, offset, cq, out);
}

/* Searches text (a query's words joined by spaces): all words (any_word false) or any. */
static int words_search(struct store *st, struct arena *a, const struct doc_search *q,
			const char *text, bool any_word, struct doc_hits *out)
{
	struct cjk_query cq, tq;
	size_t n = strlen(text);
	int rc = cjk_query_parse(&cq, text, n, q->title_only);
	if (!rc)
		rc = cjk_query_parse(&tq, text, n, true);
	else
		memset(&tq, 0, sizeof(tq));
	if (!rc && !any_word) {
		rc = db_engine(st) == DB_PG ? pg_fulltext(st, a, q, &cq, out)
					    : fts5_fulltext(st, a, q, &cq, &tq, out);
	} else if (!rc && db_engine(st) == DB_PG) {
		const struct doc_filter *f = &q->filter;
		long long *ids = NULL;
		size_t nids = 0;
		rc = docs_index_anyword(st, &cq, q->title_only, f, f->limit ? f->limit : 20,
					f->offset, &out->total, &ids, &nids);
		if (!rc)
			rc = load_ids(st, a, ids, nids, &cq, out);
		free(ids);
	} else if (!rc) {
		rc = fts5_anyword(st, a, q, &cq, text, out);
	}
	cjk_query_free(&cq);
	cjk_query_free(&tq);
	return rc;
}

/* A query in quotes ("住房保障", “住房保障”) asks for the phrase only: no fallback. Strips
 * the quotes. */
static bool quoted(struct str *text)
{
	static const char *const pairs[][2] = {{"\"", "\""}, {"“", "”"}, {"「", "」"}};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		size_t lo = strlen(pairs[i][0]), lc = strlen(pairs[i][1]);
		if (text->len > lo + lc && !memcmp(text->p, pairs[i][0], lo) &&
		    !memcmp(text->p + text->len - lc, pairs[i][1], lc)) {
			text->p += lo;
			text->len -= lo + lc;
			return true;
		}
	}
	return false;
}

/* No document holds the query as written: its words, all of them, then any. */
static int fallback(struct store *st, struct arena *a, const struct doc_search *q,
		    const struct cjk_query *cq, const char *text, struct doc_hits *out)
{
	struct search_words w;
	search_words_split(cq, text, &w);
	if (!w.n || (!w.split && w.n < 2))
		return 0;
	struct buf joined = BUF_INIT;
	const char **words = arena_alloc(a, w.n * sizeof(*words));
	for (size_t i = 0; words && i < w.n; i++) {
		buf_printf(&joined, "%s%s", i ? " " : "", w.w[i]);
		words[i] = arena_strdup(a, w.w[i]);
		if (!words[i])
			words = NULL;
	}
	int rc = !words || joined.failed ? ZF_ENOMEM : 0;
	if (!rc && w.split) {
		rc = words_search(st, a, q, buf_cstr(&joined), false, out);
		out->how = DOC_SEARCH_ALL_WORDS;
	}
	if (!rc && !out->total && w.n >= 2) {
		memset(out, 0, sizeof(*out));
		rc = words_search(st, a, q, buf_cstr(&joined), true, out);
		out->how = DOC_SEARCH_ANY_WORD;
	}
	buf_free(&joined);
	if (!rc && out->total) {
		out->words = words;
		out->nwords = w.n;
	} else {
		memset(out, 0, sizeof(*out));
		out->how = DOC_SEARCH_FULLTEXT;
	}
	return rc;
}

int store_doc_search(struct store *st, struct arena *a, const struct doc_search *q,
		     struct doc_hits *out)
{
	memset(out, 0, sizeof(*out));
	if (!docs_fts_armed)
		BUG("the catalogue search glue is not linked");
	const struct doc_filter *f = &q->filter;
	int rc = check_filter(f);
	if (rc)
		return rc;
	struct str text = str_trim(str_c(q->q ? q->q : ""));
	bool phrase_only = quoted(&text);
	if (!text.len)
		return ZF_ENOENT;
	char *plain = arena_strndup(a, text.p, text.len);
	if (!plain)
		return ZF_ENOMEM;

	/* a 文号 or an 索引号 is looked up as such (and its words are no fallback: a 文号's
	 * year and number match documents at random) */
	struct docno d;
	bool is_docno = !docno_parse(text, &d, NULL);
	if (is_docno || docno_index_like(text))
		phrase_only = true;
	if (!q->title_only && is_docno) {
		char canon[DOCNO_PREFIX_MAX + 64];
		docno_format(&d, canon, sizeof(canon));
		rc = search_exact(st, a, "doc_no", canon, f, out);
		if (rc || out->total) {
			out->how = DOC_SEARCH_DOC_NO;
			return rc;
		}
	}
	if (!q->title_only && docno_index_like(text)) {
		rc = search_exact(st, a, "index_no", plain, f, out);
		if (rc || out->total) {
			out->how = DOC_SEARCH_INDEX_NO;
			return rc;
		}
	}
	memset(out, 0, sizeof(*out));
	out->how = DOC_SEARCH_FULLTEXT;

	struct cjk_query cq, tq;
	rc = cjk_query_parse(&cq, text.p, text.len, q->title_only);
	if (!rc)
		rc = cjk_query_parse(&tq, text.p, text.len, true);
	else
		memset(&tq, 0, sizeof(tq));
	if (!rc)
		rc = db_engine(st) == DB_PG ? pg_fulltext(st, a, q, &cq, out)
					    : fts5_fulltext(st, a, q, &cq, &tq, out);
	/* an estimate is never below what the pages so far have shown */
	if (!rc && out->total_estimated && out->total < (long long)(f->offset + out->n))
		out->total = (long long)(f->offset + out->n);
	if (!rc && !out->total && !phrase_only) {
		char *t = arena_strndup(a, text.p, text.len); /* the terms' spans are in it */
		rc = t ? fallback(st, a, q, &cq, t, out) : ZF_ENOMEM;
	}
	cjk_query_free(&cq);
	cjk_query_free(&tq);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

/* ---------------------------------------------------------------- the working list */

#define TODO_HORIZON 30 /* days ahead the list looks */

static int todo_cmp(const void *x, const void *y)
{
	const struct doc_todo *a = x, *b = y;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return a->doc.id < b->doc.id ? -1 : a->doc.id > b->doc.id;
}

int store_doc_todo(struct store *st, struct arena *a, const struct calendar *cal,
		   const long long *agencies, size_t nagencies, zf_day today, size_t limit,
		   struct doc_todo **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!limit || limit > LIST_MAX_LIMIT)
		limit = 200;
	struct doc_filter f = doc_filter_any();
	f.agencies = agencies;
	f.nagencies = nagencies;
	struct buf sql = BUF_INIT;
	/* prefilter in SQL; the exact due dates are computed below */
	buf_adds(&sql,
		 "SELECT " DOCS_COLUMNS " FROM docs d JOIN agencies g ON g.id = d.agency_id"
		 " WHERE (d.state IN ('draft', 'review') OR (d.state = 'published'"
		 " AND d.validity = 'valid' AND ((d.kind <> 'other'"
		 " AND coalesce(d.reviewed_on, d.published_on) <= ?1) OR d.valid_until <= ?2)))");
	docs_filter_sql(&f, &sql);
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	/* due within the horizon: last review at most DOC_REVIEW_YEARS years before
	 * today + horizon (a day or two of slack for 29 February) */
	struct ymd t = date_to_ymd(today + TODO_HORIZON);
	zf_day review_cut =
	    date_from_ymd(t.y - DOC_REVIEW_YEARS, t.m, t.m == 2 && t.d == 29 ? 28 : t.d) + 2;
	db_bind_day(s, 1, review_cut);
	db_bind_day(s, 2, today + TODO_HORIZON + DOC_REVIEW_LEAD_DAYS);
	docs_filter_bind(&f, s, 3);
	struct doc_todo *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct doc doc;
		if (docs_read_row(s, 0, -1, a, &doc)) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_todo item = {.doc = doc};
		if (doc.state != DOC_PUBLISHED) {
			item.kind = DOC_TODO_PUBLISH;
			item.due = doc_publish_deadline(cal, doc.f.written_on);
		} else if (doc.f.valid_until && doc.f.valid_until < today) {
			item.kind = DOC_TODO_EXPIRED;
			item.due = doc.f.valid_until;
		} else {
			item.kind = DOC_TODO_REVIEW;
			item.due = doc_review_due(doc.f.kind, doc.published_on, doc.reviewed_on,
						  doc.f.valid_until);
			if (!item.due || item.due > today + TODO_HORIZON)
				continue;
		}
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		list[len++] = item;
	}
	db_finish(s);
	if (rc)
		return rc;
	if (len)
		qsort(list, len, sizeof(*list), todo_cmp);
	*out = list;
	*n = ZF_MIN(len, limit);
	return 0;
}
