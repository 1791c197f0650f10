/* docs_int.h: private to the docs area of the store (documents.c, docs_*.c): the document
 * row reader shared by gets, lists and searches, the filters, the history, and the two
 * search indexes (FTS5 on SQLite, docs_fts.c; token arrays on PostgreSQL, docs_index.c).
 * Written against driver.h only. */
#ifndef ZF_STORE_DOCS_INT_H
#define ZF_STORE_DOCS_INT_H

#include "store/db.h"
#include "store/docs.h"
#include "driver.h"

struct cjk_query;

/* The migration text of the area (schema.c lists it as version 5). */
extern const char schema_docs[];

/* Set in docs_fts.c, whose constructor registers the tokenizer on every SQLite connection;
 * read by the search so that the linker always keeps that object. */
extern const int docs_fts_armed;

/* Records a change of document id: a line of its history (kind: created, edited, ...,
 * imported) and one of the audit log ("doc.<kind>", object "doc:<id>"). */
int docs_record(struct store *st, long long id, const char *actor, const char *kind,
		const char *detail);

/* The history label of a 保密审查 opinion ("secrecy_approved", "secrecy_returned"), or
 * NULL for other kinds; its detail from the checks and the opinion (docs_secrecy.c). */
const char *docs_secrecy_label(const char *kind);
int docs_secrecy_detail(struct arena *a, unsigned checks, const char *opinion, const char **out);

/* store_doc_insert_published with the reason of a repeal or expiry (may be NULL), all in
 * one write. */
int docs_insert_published(struct store *st, const struct doc_fields *f, zf_day published_on,
			  const char *index_no, enum doc_validity v, zf_day invalid_on,
			  const char *invalid_reason, long long *id, struct buf *err);

/* The columns docs_read_row reads, from "docs d JOIN agencies g"; body only when asked. */
#define DOCS_COLUMNS                                                                               \
	"d.id, d.agency_id, g.name, d.state, d.title, d.summary, d.issuer, d.doc_no, d.topic,"     \
	" d.genre, d.keywords, d.kind, d.written_on, d.effective_on, d.valid_until,"               \
	" coalesce(d.interprets_id, 0), d.validity, d.invalid_on, d.invalid_reason,"               \
	" d.published_on, d.reviewed_on, coalesce(d.index_no, ''), d.return_reason,"               \
	" d.created_by, d.updated_at, d.version,"                                                  \
	" (SELECT count(*) FROM doc_attachments t WHERE t.doc_id = d.id)"
#define DOCS_NCOLUMNS 27

/* Reads a row of DOCS_COLUMNS starting at column `col` into out (strings from a); body is
 * read from column `body_col` when >= 0, else left "". 0 or ZF_ENOMEM. */
int docs_read_row(struct db_stmt *s, int col, int body_col, struct arena *a, struct doc *out);

/* Appends " AND <column> IN (...)" for a list of agencies (the ids written out: they are
 * integers, so the text is safe), nothing when n is 0. */
void docs_agency_sql(const char *column, const long long *agencies, size_t n, struct buf *sql);

/* Appends the WHERE conditions of f (each " AND ...", columns of "d") to sql, and binds
 * them from index *next on (call twice: bind = false to write, true to bind). */
void docs_filter_sql(const struct doc_filter *f, struct buf *sql);
int docs_filter_bind(const struct doc_filter *f, struct db_stmt *s, int next);

/* ---- the PostgreSQL search index (docs_index.c) ---- */

/* Writes the search tokens of document id (its texts as stored) to doc_terms: on
 * PostgreSQL only (SQLite's triggers keep docs_fts); 0 or an error. */
int docs_index_put(struct store *st, long long id, const char *title, const char *doc_no,
		   const char *keywords, const char *summary, const char *body);

/* One candidate of a PostgreSQL search: a matching document, its rank keys. */
struct docs_match {
	long long id;
	zf_day published_on;
	int title_hits; /* the query's terms found in 名称 */
	double score;	/* BM25 as FTS5 computes it (higher is better) */
};

/* The published/filtered documents of f that match q (its terms all in one column each;
 * title_only: in 名称), with their ranks when `ranked`; excluding those whose 名称 holds
 * every term when not_title. Owned array (free()). */
/* The number of matches of q under f (title_only: in 名称) and the ids of the page [offset,
 * offset + limit) in the order of docs_search.c's fts5_fulltext: ranked up to rank_limit
 * matches; beyond, the title hits first (ranked up to rank_limit of them), then the others
 * newest first. *out is owned (free()). */
int docs_index_fulltext(struct store *st, const struct cjk_query *q, bool title_only,
			const struct doc_filter *f, size_t rank_limit, size_t limit, size_t offset,
			long long *total, long long **out, size_t *n);

/* The search's last fallback on PostgreSQL: the documents of f holding at least one of q's
 * terms (title_only: in 名称), their number in *total and a page of their ids (malloc'd),
 * ranked by the terms they hold, then as docs_index_fulltext ranks (terms in 名称, BM25,
 * 发布日期, id). */
int docs_index_anyword(struct store *st, const struct cjk_query *q, bool title_only,
		       const struct doc_filter *f, size_t limit, size_t offset, long long *total,
		       long long **out, size_t *n);

int docs_index_search(struct store *st, const struct cjk_query *q, bool title_only, bool not_title,
		      const struct doc_filter *f, bool ranked, struct docs_match **out, size_t *n);

#endif
