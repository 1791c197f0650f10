/* columns.h: each agency's column tree (栏目) in the store: the 法定主动公开内容 of 条例
 * (2019) Art. 20 and the usual 政务公开 columns, seeded once per agency and configured by its
 * clerks. A column either lists the documents filed under it (documents are filed under
 * columns as well as under a topic, many to many) or links out to another platform (政务服务网,
 * 公共资源交易平台). Each column carries an update cadence; its last update is the newest
 * publication filed in it (or below it), for a link column a date the clerk sets; a column
 * is stale (逾期未更新) when more days than its cadence passed since.
 *
 * Every write is one all-or-nothing transaction with one audit line; a refused write changes
 * nothing and explains itself in Chinese in err (may be NULL). Strings passed in are
 * borrowed; strings and arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_COLUMNS_H
#define ZF_STORE_COLUMNS_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

struct arena;
struct store;

#define COLUMN_NAME_MAX	       60  /* characters */
#define COLUMN_CODE_MAX	       40  /* bytes: a-z 0-9 - _ */
#define COLUMN_URL_MAX	       500 /* bytes */
#define COLUMN_DEPTH_MAX       4   /* levels of the tree */
#define COLUMN_STATUTORY_ITEMS 15  /* 条例 Art. 20 (一)…(十五) */

enum column_kind {
	COLUMN_LIST, /* lists its documents */
	COLUMN_LINK, /* links out to another platform */
};

/* What a clerk writes. */
struct column_fields {
	long long agency_id;	/* fixed once created */
	long long parent_id;	/* 0 = top level; set on add, changed by store_column_move */
	const char *name;	/* required, one line */
	const char *code;	/* short slug, unique in the agency; NULL or "" = derived */
	enum column_kind kind;	/* a list column with documents cannot become a link */
	const char *url;	/* link columns: http:// or https://; else "" */
	int statutory_item;	/* 1..15: the Art. 20 item it carries; 0 = none */
	int cadence_days;	/* update cadence in days; 0 = none (不定期) */
	zf_day link_updated_on; /* link columns: the last update the clerk recorded; 0 = none */
	int sort_order;		/* among its siblings, smaller first */
	bool hidden;		/* hidden/closed: not on the public site, no new filings */
};

struct column {
	long long id;
	struct column_fields f;
	int depth;	    /* 0 for a top-level column (filled by store_column_list) */
	zf_day last_update; /* newest publication filed in it or below; link: f.link_updated_on */
	long long ndocs;    /* published documents filed in it (itself only) */
	zf_day created_on;  /* the day it was created */
	const char *updated_at;
};

/* The cadences a clerk picks from: label (日, 周, 月, 季, 半年, 年, 不定期) and days. */
struct column_cadence {
	const char *label;
	int days;
};
const struct column_cadence *column_cadences(size_t *n);
/* The label of a number of days ("季" for 90, "每 10 天" is not offered: "10 天"), static or
 * from a thread-local buffer. */
const char *column_cadence_label(int days);
/* The words of 条例 Art. 20 item 1..15 (without its number), or NULL. */
const char *column_statutory_text(int item);
/* The name of the seeded column with this code ("notices": 通知公告), or NULL. */
const char *column_seed_name(const char *code);
/* The short name of item 1..15 as the seeded column is called (法规文件, 机构职能, …), or
 * NULL. */
const char *column_statutory_short(int item);
/* "（一）" … "（十五）" for item 1..15, or "". */
const char *column_statutory_number(int item);
/* True when url is an absolute http:// or https:// address, no longer than COLUMN_URL_MAX,
 * with a host and no spaces, quotes, angle brackets, backslashes or control characters. */
bool column_url_ok(const char *url);
/* True when the column has a cadence and more days than it passed on `today` since its last
 * update (or, never updated, since it was created). Hidden columns are never stale. */
bool column_stale(const struct column *c, zf_day today);
/* Stable kind keys ("list", "link") and labels (列表, 外链); parse returns -1. */
const char *column_kind_key(enum column_kind k);
const char *column_kind_label(enum column_kind k);
int column_kind_parse(const char *s);

/* ---- writes ---- */

/* Adds a column (its id in *id, may be NULL). ZF_EINVAL for a bad field, a parent of
 * another agency, a tree deeper than COLUMN_DEPTH_MAX, a code already used; ZF_ENOENT for an
 * unknown agency. */
int store_column_add(struct store *st, const char *actor, const struct column_fields *f,
		     long long *id, struct buf *err);
/* Rewrites a column's fields (its agency and parent stay: see store_column_move). */
int store_column_edit(struct store *st, const char *actor, long long id,
		      const struct column_fields *f, struct buf *err);
/* Moves a column under new_parent (0 = top level) of the same agency, at sort_order;
 * refuses a cycle (under itself or one of its descendants) and a tree too deep. */
int store_column_move(struct store *st, const char *actor, long long id, long long new_parent,
		      int sort_order, struct buf *err);
/* Hides (closes) or shows a column. */
int store_column_set_hidden(struct store *st, const char *actor, long long id, bool hidden,
			    struct buf *err);

/* Creates, for an agency without columns, the 法定主动公开内容 tree of 条例 Art. 20 (its 15
 * items) and the usual 政务公开 columns (指南, 制度, 年报, 政策解读, 通知公告, ...), with
 * cadences. An agency that has columns is left as it is (0): running it again changes
 * nothing. ZF_ENOENT for an unknown agency. */
int store_columns_seed(struct store *st, const char *actor, long long agency_id);

/* ---- reads ---- */

/* One column: 0 or ZF_ENOENT. */
int store_column_get(struct store *st, struct arena *a, long long id, struct column *out);
/* The agency's columns in tree order (each parent before its children, siblings by sort
 * order then id), with depth, last update and counts; hidden ones only when with_hidden. */
int store_column_list(struct store *st, struct arena *a, long long agency_id, bool with_hidden,
		      struct column **out, size_t *n);

/* A published document filed under a column. */
struct column_doc {
	long long id;
	const char *title;
	const char *doc_no;
	const char *index_no;
	zf_day published_on;
	const char *validity; /* "valid", "expired", "repealed" */
};
/* The published documents filed under a column, newest first; *total counts them all. */
int store_column_docs(struct store *st, struct arena *a, long long column_id, size_t limit,
		      size_t offset, struct column_doc **out, size_t *n, long long *total);

/* ---- filing documents ---- */

/* The columns a document is filed under (ids, by id). */
int store_doc_columns_get(struct store *st, struct arena *a, long long doc_id, long long **ids,
			  size_t *n);
/* Files a document under exactly these columns (replacing the previous set). Each must be
 * a list column of the document's agency, not hidden unless the document was already filed
 * under it; else ZF_EINVAL and nothing changes. ZF_ENOENT for an unknown document. The same
 * set as before writes nothing (and logs nothing). */
int store_doc_columns_set(struct store *st, const char *actor, long long doc_id,
			  const long long *ids, size_t n, struct buf *err);

#endif
