/* docs.h: the catalogue of proactively disclosed information (主动公开目录) in the store:
 * documents with the catalogue metadata (disclosure-rules.md §5), their life cycle
 * (draft → review (保密审查) → published → repealed or expired), attachments, the public
 * catalogue and full-text search (the bigram tokenizer of text/cjk_tokenize.h: SQLite FTS5,
 * or GIN-indexed token arrays on PostgreSQL, the same hits on both), the periodic validity
 * review and the figures of table 2's 第二十条（一） row. The demo catalogue is in
 * demo/docs.h.
 *
 * Every write is one all-or-nothing transaction (a savepoint inside a batch) that adds a
 * line to the audit log and one to the document's own history; a refused write changes
 * nothing and explains itself in Chinese in err (may be NULL). Strings passed in are
 * borrowed; strings and arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_DOCS_H
#define ZF_STORE_DOCS_H

#include "buf.h"
#include "date.h"
#include "law/docno.h"
#include "law/report.h"

struct arena;
struct calendar;
struct sqlite3;
struct store;

/* Caps on the metadata, in characters (code points). */
#define DOC_TITLE_MAX	 200
#define DOC_SUMMARY_MAX	 2000
#define DOC_ISSUER_MAX	 100
#define DOC_KEYWORDS_MAX 200
#define DOC_REASON_MAX	 1000
#define DOC_BODY_MAX	 (1u << 20) /* bytes of 正文 */

/* What a clerk writes. */
struct doc_fields {
	long long agency_id;	 /* the publishing agency (its catalogue) */
	const char *title;	 /* 名称, required */
	const char *summary;	 /* 内容概述 */
	const char *body;	 /* 正文, plain text */
	const char *issuer;	 /* 发布机构, full name; NULL or "" = the agency's name */
	const char *doc_no;	 /* 文号, any accepted variant (stored canonical); "" = none */
	const char *topic;	 /* 主题分类: code, display form or level-2 name; "" = none */
	const char *genre;	 /* 体裁, one of doc_genres; "" = none */
	const char *keywords;	 /* 主题词, separated by spaces or 、 */
	enum doc_kind kind;	 /* 规章 / 行政规范性文件 / other */
	zf_day written_on;	 /* 成文日期, required */
	zf_day effective_on;	 /* 施行日期; 0 = from publication */
	zf_day valid_until;	 /* 有效期至; 0 = no term */
	long long interprets_id; /* a 政策解读: the published document it interprets; 0 = none */
};

enum doc_state {
	DOC_DRAFT,     /* 草稿 (also after the reviewer returned it) */
	DOC_REVIEW,    /* 待审查: submitted for 保密审查 */
	DOC_PUBLISHED, /* 已发布 */
	DOC_STATES
};

/* Stable keys ("draft") and Chinese labels ("草稿"); parse returns -1 when unknown. */
const char *doc_state_key(enum doc_state s);
const char *doc_state_label(enum doc_state s);
int doc_state_parse(const char *s);

struct doc {
	long long id;
	struct doc_fields f; /* topic is the code ("" for none) */
	const char *agency_name;
	enum doc_state state;
	enum doc_validity validity;
	zf_day invalid_on;	    /* the day it was repealed or expired; 0 while valid */
	const char *invalid_reason; /* "" when none */
	zf_day published_on;	    /* 发布日期; 0 before publication */
	zf_day reviewed_on;	    /* last 定期审查; 0 = never */
	const char *index_no;	    /* 索引号; "" before publication */
	const char *return_reason;  /* the reviewer's reason when returned, else "" */
	const char *created_by;
	const char *updated_at; /* ISO 8601 UTC */
	int version;		/* increases with every change; edits name the one they saw */
	int nattachments;
};

/* Checks the fields without the database (lengths, dates, 文号, topic, genre); 0 or
 * ZF_EINVAL with the first problem in err. */
int docs_check_fields(const struct doc_fields *f, struct buf *err);

/* ---- writes ---- */

/* Adds a draft; its id in *id (may be NULL). ZF_EINVAL (a field; unknown agency or
 * interpreted document), with the reason in err. */
int store_doc_add(struct store *st, const char *actor, const struct doc_fields *f, long long *id,
		  struct buf *err);
/* Replaces the fields of a draft. `version` is the one the editor saw: ZF_ESTATE when the
 * document changed since, or is no longer a draft; ZF_ENOENT when there is none. */
int store_doc_update(struct store *st, const char *actor, long long id, int version,
		     const struct doc_fields *f, struct buf *err);
/* Deletes a draft that was never published, with its attachments (ZF_ESTATE otherwise). */
int store_doc_delete(struct store *st, const char *actor, long long id, struct buf *err);
/* draft → review (submitted for 保密审查). */
int store_doc_submit(struct store *st, const char *actor, long long id, struct buf *err);
/* review → draft, by its clerk, before the reviewer decided. */
int store_doc_withdraw(struct store *st, const char *actor, long long id, struct buf *err);
/* review → draft with the reviewer's reason (required). */
int store_doc_return(struct store *st, const char *actor, long long id, const char *reason,
		     struct buf *err);
/* review → published (先审查、后公开): the reviewer approves; the document gets its
 * 索引号 from the agency's template and the publication day (0 = today). ZF_ESTATE when
 * the agency has no organisation code yet (see store_doc_settings_set). */
int store_doc_approve(struct store *st, const char *actor, long long id, zf_day published_on,
		      struct buf *err);
/* 保密审查 (先审查、后公开, 条例 Art. 17): the reviewer's checklist, one bit per point
 * (doc_secrecy_check_label gives its words). */
enum {
	DOC_SECRECY_STATE = 1 << 0,   /* 不涉及国家秘密 */
	DOC_SECRECY_WORK = 1 << 1,    /* 不涉及工作秘密 */
	DOC_SECRECY_PRIVATE = 1 << 2, /* 不涉及商业秘密、个人隐私 */
	DOC_SECRECY_SECURITY = 1 << 3, /* 不危及国家安全、公共安全、经济安全和社会稳定 */
	DOC_SECRECY_ACCURATE = 1 << 4, /* 内容准确、表述规范 */
	DOC_SECRECY_ALL = (1 << 5) - 1,
	DOC_SECRECY_CHECKS = 5,
};
const char *doc_secrecy_check_label(int i);
struct doc_secrecy {
	unsigned checks; /* DOC_SECRECY_* confirmed */
	bool approve; /* 同意公开 (every point confirmed) or 暂不公开, back to the clerk */
	const char *opinion; /* 审查意见; required when not approving */
};
/* Records the reviewer's 保密审查 opinion on a document in review and acts on it, in one
 * write: approve (as store_doc_approve, on published_on) only with every point confirmed,
 * else ZF_EINVAL naming the missing points; not approving returns it to its clerk with the
 * opinion as the reason (required). The opinion shows in the history, audited
 * ("doc.secrecy"). */
int store_doc_secrecy_review(struct store *st, const char *actor, long long id,
			     const struct doc_secrecy *sr, zf_day published_on, struct buf *err);
/* Marks a published, valid document repealed (废止) or expired (失效) from day `on` (not
 * before its publication), with a reason (required for 废止). */
int store_doc_invalidate(struct store *st, const char *actor, long long id, enum doc_validity v,
			 zf_day on, const char *reason, struct buf *err);
/* Marks every published, valid document whose 有效期至 is before `today` (Beijing) 失效
 * from the day after its term, each with a line of history and audit by actor. Idempotent
 * and safe with several servers on one database (a conditional UPDATE per document); the
 * number expired by this call in *expired (may be NULL). */
int store_doc_expire_due(struct store *st, const char *actor, zf_day today, long long *expired);
/* Records a 定期审查 of a published, valid document on day `on`: it stays valid. */
int store_doc_reviewed(struct store *st, const char *actor, long long id, zf_day on,
		       const char *note, struct buf *err);

/* ---- per-agency settings: 索引号 ---- */

/* Sets the agency's organisation code (9 or 18 characters, checked) and 索引号 template
 * (NULL = DOCNO_INDEX_TEMPLATE). */
int store_doc_settings_set(struct store *st, const char *actor, long long agency_id,
			   const char *org_code, const char *tmpl, struct buf *err);
/* The agency's settings: ZF_ENOENT when none were set. Strings from arena. */
int store_doc_settings_get(struct store *st, struct arena *a, long long agency_id,
			   const char **org_code, const char **tmpl);

/* ---- reads ---- */

/* One document: 0, ZF_ENOENT, ZF_EDB, ZF_ENOMEM. */
int store_doc_get(struct store *st, struct arena *a, long long id, struct doc *out);
/* The published document with this 索引号 (exact): its id, or ZF_ENOENT. */
int store_doc_by_index_no(struct store *st, const char *index_no, long long *id);

/* One line of a document's history. */
struct doc_event {
	const char *at; /* ISO 8601 UTC */
	const char *actor;
	const char *kind;  /* created, edited, submitted, withdrawn, returned, approved, ... */
	const char *label; /* Chinese: 创建, 修改, 提交审查, ... */
	const char *detail;
};
int store_doc_events(struct store *st, struct arena *a, long long id, struct doc_event **out,
		     size_t *n);

/* What a list or a search is limited to; zero / NULL fields do not filter. */
struct doc_filter {
	const long long *agencies; /* only these agencies */
	size_t nagencies;
	int state;		 /* enum doc_state, or -1 for any */
	int validity;		 /* enum doc_validity, or -1 */
	int kind;		 /* enum doc_kind, or -1 */
	const char *topic;	 /* a level-1 code takes in its level-2 entries */
	const char *genre;	 /* 体裁 */
	int year;		 /* year of publication */
	long long interprets_id; /* interpretations of this document */
	bool with_taken_down;	 /* also documents taken down (撤稿, store/lists.h): console */
	int statutory_item;	 /* filed under a column of 条例 Art. 20 item 1..15; 0 = any */
	const char *column_code; /* filed under a column of this code (any agency); NULL = any */
	int order;		 /* enum doc_order (published documents' lists) */
	bool no_total;		 /* store_doc_list: the caller needs no total (-1) */
	size_t limit;		 /* 0 = 20 */
	size_t offset;
};
/* The orders of a published list: 发布日期 (newest first, the default), 成文日期 (newest
 * first), 名称 (by code point; the same on both engines). */
enum doc_order { DOC_ORDER_PUBLISHED, DOC_ORDER_WRITTEN, DOC_ORDER_TITLE, DOC_ORDERS };
/* The stable key ("published", "written", "title") and label (发布日期, 成文日期, 标题);
 * parse gives -1 for an unknown key. */
const char *doc_order_key(enum doc_order o);
const char *doc_order_label(enum doc_order o);
int doc_order_parse(const char *s);
/* A filter that lets everything through (state -1 etc.). */
struct doc_filter doc_filter_any(void);

struct doc_list {
	struct doc *docs; /* without body */
	size_t n;
	long long total; /* matching documents, for pagination */
};
/* Lists documents newest first (published by 发布日期, others by last change). */
int store_doc_list(struct store *st, struct arena *a, const struct doc_filter *f,
		   struct doc_list *out);

/* A facet of the published catalogue: value (agency id, topic code, genre, year,
 * validity key), its label and count. */
struct doc_facet {
	const char *value;
	const char *label;
	long long count;
};
enum doc_facet_kind {
	DOC_FACET_AGENCY,
	DOC_FACET_TOPIC, /* level 1 */
	DOC_FACET_GENRE,
	DOC_FACET_YEAR,
	DOC_FACET_VALIDITY,
	DOC_FACET_KIND,
	DOC_FACET_STATUTORY, /* 条例 Art. 20 item ("1".."15") of the columns filed under */
};
/* Counts the published documents by one facet, restricted by f (its own facet ignored). */
int store_doc_facets(struct store *st, struct arena *a, enum doc_facet_kind kind,
		     const struct doc_filter *f, struct doc_facet **out, size_t *n);

/* ---- search ---- */

struct doc_search {
	const char *q;	 /* the reader's words */
	bool title_only; /* search 名称 only */
	struct doc_filter filter;
	size_t rank_limit;  /* 0 = DOC_SEARCH_RANK_LIMIT (tests lower it) */
	size_t exact_limit; /* 0 = DOC_SEARCH_EXACT_LIMIT (tests lower it) */
};

/* Up to this many hits are ranked by relevance (BM25); a broader query lists its title hits
 * first and then the rest, newest entries first, so that a one-character query over a
 * million documents stays fast. */
#define DOC_SEARCH_RANK_LIMIT 2000

/* Up to this many hits are counted one by one. A broader query's total is estimated (on
 * SQLite: counted in 16 slices of the id range holding a tenth of it, then scaled), rounded
 * to three significant digits and flagged total_estimated, as search engines do: counting
 * 400,000 phrase matches exactly would take most of a request (docs/search.md). */
#define DOC_SEARCH_EXACT_LIMIT 10000

/* One hit: the document (without body), the title and an excerpt with the places the
 * query matched (byte spans into title / excerpt). */
struct doc_hit {
	struct doc doc;
	const char *excerpt; /* of 内容概述 or 正文, about 120 characters; "" when none */
	bool excerpt_cut_before, excerpt_cut_after;
	struct doc_span {
		size_t start, end;
	} * title_marks, *excerpt_marks;
	size_t ntitle_marks, nexcerpt_marks;
};

enum doc_search_how {
	DOC_SEARCH_FULLTEXT, /* full text over 名称, 文号, 主题词, 内容概述, 正文 */
	DOC_SEARCH_DOC_NO,   /* the query was a 文号: exact lookup */
	DOC_SEARCH_INDEX_NO, /* the query was an 索引号: exact lookup */
	/* no document holds the query as written (a phrase): the fallbacks, in this order */
	DOC_SEARCH_ALL_WORDS, /* documents holding every word of it, anywhere */
	DOC_SEARCH_ANY_WORD,  /* documents holding at least one of its words */
};

struct doc_hits {
	struct doc_hit *hits;
	size_t n;
	long long total;
	bool total_estimated; /* total is an estimate (rounded); see DOC_SEARCH_EXACT_LIMIT */
	enum doc_search_how how;
	/* for DOC_SEARCH_ALL_WORDS / DOC_SEARCH_ANY_WORD: the words searched (arena) */
	const char **words;
	size_t nwords;
};

/* Searches. Ranking: documents whose 名称 holds the query's terms always come first; then,
 * for up to rank_limit hits, BM25 (名称 weighs most, then 文号, 主题词, 内容概述, 正文),
 * beyond it the newest entries. A query that is a 文号 or an 索引号 is looked up exactly
 * (falling back to full text when nothing has it). When no document holds the query as
 * written, the documents holding all its words apart, then any of them (ranked by the words
 * held), with out->how and out->words saying so; not for a query in quotes ("住房保障",
 * “住房保障”: the phrase only), a 文号 or an 索引号 (docs/search.md). ZF_ENOENT when the
 * query holds nothing searchable. */
int store_doc_search(struct store *st, struct arena *a, const struct doc_search *q,
		     struct doc_hits *out);

/* ---- the working lists of the console ---- */

/* Documents of the agencies that need attention on `today`: drafts and reviews by their
 * Art. 26 deadline (soonest first), and published valid documents due for 定期审查 or past
 * their term. Each with its date in due[i]. */
enum doc_todo_kind {
	DOC_TODO_PUBLISH, /* not yet published: due = the Art. 26 deadline */
	DOC_TODO_REVIEW,  /* 定期审查 due (or overdue) */
	DOC_TODO_EXPIRED, /* valid_until passed: should be marked 失效 */
};
struct doc_todo {
	struct doc doc;
	enum doc_todo_kind kind;
	zf_day due;
};
int store_doc_todo(struct store *st, struct arena *a, const struct calendar *cal,
		   const long long *agencies, size_t nagencies, zf_day today, size_t limit,
		   struct doc_todo **out, size_t *n);

/* ---- attachments ---- */

#define DOC_ATTACHMENT_MAX  (20u << 20) /* bytes per file */
#define DOC_ATTACHMENTS_MAX 20		/* files per document */

struct doc_attachment {
	long long id;
	long long doc_id;
	const char *name; /* file name as uploaded (UTF-8, no path) */
	const char *content_type;
	size_t size;
	const unsigned char *data; /* NULL in lists */
};

/* The content type to serve a file with, from its name and first bytes; NULL when the
 * kind of file is not accepted (only documents, spreadsheets, images, archives, text). */
const char *docs_attachment_type(const char *name, const unsigned char *data, size_t len);
/* Attaches a file to a draft (ZF_ESTATE otherwise); ZF_ETOOBIG over DOC_ATTACHMENT_MAX or
 * DOC_ATTACHMENTS_MAX; ZF_EINVAL for a refused type or name. */
int store_doc_attach(struct store *st, const char *actor, long long doc_id, const char *name,
		     const unsigned char *data, size_t len, long long *id, struct buf *err);
/* Removes an attachment of a draft. */
int store_doc_detach(struct store *st, const char *actor, long long attachment_id, struct buf *err);
int store_doc_attachments(struct store *st, struct arena *a, long long doc_id,
			  struct doc_attachment **out, size_t *n);
/* One attachment with its bytes: 0 or ZF_ENOENT. */
int store_doc_attachment_get(struct store *st, struct arena *a, long long attachment_id,
			     struct doc_attachment *out);

/* ---- annual report: table 2, 第二十条（一） ---- */

/* 规章 and 行政规范性文件 of the agencies for `year`: 本年制发件数 (published documents
 * whose 成文日期 falls in the year), 本年废止件数 (废止 in the year; 失效 is not counted),
 * 现行有效件数 (published, in force on 31 December: effective by then and not repealed or
 * expired by then). Indexed [0] = 规章, [1] = 行政规范性文件. */
struct docs_t2 {
	long long issued[2];
	long long repealed[2];
	long long in_force[2];
};
int store_docs_t2_rules(struct store *st, const long long *agencies, size_t nagencies, int year,
			struct docs_t2 *out);
/* Writes the six figures into r->table2 (rows REPORT_T2_REGULATIONS and
 * REPORT_T2_NORMATIVE_DOCUMENTS, columns ISSUED, REPEALED, IN_FORCE). */
void docs_t2_fill(struct report *r, const struct docs_t2 *t2);

/* ---- bulk data (the demo catalogue is in demo/docs.h) ---- */

/* Inserts published documents in bulk (no audit line each: one for the batch), for
 * imports of history and benchmarks. index_no may be NULL (assigned). */
int store_doc_insert_published(struct store *st, const struct doc_fields *f, zf_day published_on,
			       const char *index_no, enum doc_validity v, zf_day invalid_on,
			       long long *id, struct buf *err);

/* ---- import and export ---- */

enum doc_io_format {
	DOC_IO_CSV,  /* UTF-8 (with or without BOM) or GB18030, as Excel saves it */
	DOC_IO_JSON, /* an array of objects */
	DOC_IO_XLSX, /* the first worksheet */
};
/* The format a file name implies (by extension), or -1. */
int docs_io_format_of(const char *name);

/* What happened to one row of an import. */
struct doc_import_line {
	size_t line;	    /* 1-based row of the sheet / line of the CSV / element of the JSON */
	bool ok;	    /* imported (or, in a dry run, would be) */
	long long id;	    /* the new document (0 in a dry run or when refused) */
	const char *title;  /* as given ("" when none) */
	const char *reason; /* why it was refused, in Chinese; "" when ok */
};
struct doc_import_report {
	struct doc_import_line *lines;
	size_t n;
	size_t imported, rejected;
	const char *error; /* the file as a whole could not be read: why (else NULL) */
};

/* Imports a catalogue file. Columns are found by their Chinese headers (名称, 索引号, 文号,
 * 发布机构, 成文日期, 发布日期, 主题分类, 体裁, 主题词, 内容概述, 正文, 类别, 有效性,
 * 失效日期, 施行日期, 有效期至, 机关) or English keys (title, index_no, doc_no, ...). A row
 * with a 发布日期 is history and becomes a published document (its 索引号 kept, or
 * assigned); a row without becomes a draft. Dates may be YYYY-MM-DD, YYYY/M/D, YYYY年M月D日
 * or Excel serial numbers; 文号 variants are tolerated. Each row stands alone: the good ones
 * are imported (dry_run: none is), the report gives every refusal's reason. Rows name their
 * agency by id or full name, else default_agency; when allowed is not NULL, rows of other
 * agencies are refused (the importer's permission). Returns 0 (even with refused rows),
 * ZF_EPARSE when the file cannot be read (out->error says why), or a database error. */
int store_doc_import(struct store *st, struct arena *a, const char *actor, enum doc_io_format fmt,
		     const unsigned char *data, size_t len, long long default_agency,
		     const long long *allowed, size_t nallowed, bool dry_run,
		     struct doc_import_report *out);

/* Writes every document f selects (f->limit and offset are ignored) with the catalogue's
 * columns to path, as an Excel workbook (DOC_IO_XLSX) or UTF-8 CSV with BOM (DOC_IO_CSV).
 * Returns the number of documents in *n (may be NULL). */
int store_doc_export(struct store *st, const struct doc_filter *f, enum doc_io_format fmt,
		     const char *path, size_t *n, struct buf *err);

/* ---- connections ----
 * The tokenizer "zf_cjk" and the ranking function zf_title_hits are registered on every
 * SQLite connection the process opens (sqlite3_auto_extension, armed when the program
 * starts); docs_sqlite_register does it by hand and is idempotent. PostgreSQL needs
 * nothing: its index is written from C (docs_index.c). */
int docs_sqlite_register(struct sqlite3 *db);

#endif
