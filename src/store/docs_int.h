/* docs_int.h: private to the docs area of the store (sqlite_docs.c, docs_*.c): the SQLite
 * handle check, the document row reader shared by gets, lists and searches. */
#ifndef ZF_STORE_DOCS_INT_H
#define ZF_STORE_DOCS_INT_H

#include "store/db.h"
#include "store/docs.h"
#include "sqlite_int.h"

/* Set in docs_fts.c, whose constructor registers the tokenizer on every connection; read
 * by docs_db so that the linker always keeps that object. */
extern const int docs_fts_armed;

/* The SQLite connection of st; NULL (logged) for another backend. */
sqlite3 *docs_db(struct store *st);

/* Records a change of document id: a line of its history (kind: created, edited, ...,
 * imported) and one of the audit log ("doc.<kind>", object "doc:<id>"). */
int docs_record(struct store *st, sqlite3 *db, long long id, const char *actor, const char *kind,
		const char *detail);

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
int docs_read_row(sqlite3_stmt *s, int col, int body_col, struct arena *a, struct doc *out);

/* Appends the WHERE conditions of f (each " AND ...", columns of "d") to sql, and binds
 * them from index *next on (call twice: bind = false to write, true to bind). */
void docs_filter_sql(const struct doc_filter *f, struct buf *sql);
int docs_filter_bind(const struct doc_filter *f, sqlite3_stmt *s, int next);

#endif
