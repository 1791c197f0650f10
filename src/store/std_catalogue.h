/* std_catalogue.h: the 基层政务公开标准目录 (国办发〔2019〕54号) in the store: its 事项 (items,
 * 一级/二级事项, 公开内容, 依据, 时限, 主体, 渠道和载体, 对象, 方式, 层级), loaded from Excel, each
 * catalogue document linked to its item, and the items whose 时限 passed without a publication.
 *
 * The lead wrote the part other areas call (the overdue count, used by the oversight pages);
 * the catalogue helper owns the rest of this header and store/std_catalogue.c.
 *
 * One catalogue for the whole tree, grouped by 领域; each item belongs to its 公开主体 (an
 * agency, matched by name on import), whose clerks act on it. An item is keyed by (主体, 领域,
 * 一级事项, 二级事项): importing the same file again updates the items and keeps their links.
 * The 时限 is kept as written and in its machine form (law/std_limit.h); the status is
 * computed from it, the event day the clerk records and the newest linked publication, never
 * stored. Every write is one all-or-nothing transaction with one audit line; strings passed
 * in are borrowed, strings and arrays handed out come from the arena. */
#ifndef ZF_STORE_STD_CATALOGUE_H
#define ZF_STORE_STD_CATALOGUE_H

#include "buf.h"
#include "date.h"
#include "law/std_limit.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct calendar;
struct std_sheet;
struct store;

/* How many items whose 主体 is this agency (itself only) are overdue today: their 时限
 * passed without a publication linked to them. Uses the national calendar compiled in. */
int store_std_overdue_count(struct store *st, long long agency_id, zf_day today, long long *n);
/* The same with the caller's calendar. */
int store_std_overdue_count_cal(struct store *st, const struct calendar *cal, long long agency_id,
				zf_day today, long long *n);

struct std_item {
	long long id;
	long long agency_id;	 /* 公开主体 */
	const char *agency_name; /* its name */
	const char *area, *level1, *level2;
	const char *content, *basis, *limit_text, *channel, *audience, *mode, *tier;
	struct std_limit limit; /* the machine form of limit_text */
	zf_day event_on;	/* 信息形成或变更之日 the clerk recorded; 0 = none */
	int sort_order;		/* the row order of the import */
	long long ndocs;	/* linked documents (published or not) */
	zf_day last_published;	/* the newest linked publication; 0 = none */
	enum std_status status; /* on the day asked */
	zf_day due;		/* see std_status_of; 0 = none */
};

/* Which items: agency_ids[0..nagency) (NULL = all), one 领域 (NULL = all), one status (-1 =
 * all), the day of the status. */
struct std_filter {
	const long long *agency_ids;
	size_t nagency;
	const char *area;
	int status;
	zf_day today;
};

/* The items in catalogue order (领域, import order, id) with their status. */
int store_std_list(struct store *st, struct arena *a, const struct calendar *cal,
		   const struct std_filter *f, struct std_item **out, size_t *n);
/* One item with its status on today: 0 or ZF_ENOENT. */
int store_std_get(struct store *st, struct arena *a, const struct calendar *cal, long long id,
		  zf_day today, struct std_item *out);
/* How many items there are. */
int store_std_count(struct store *st, long long *n);
/* The 领域 that have items (sorted), with their item counts. */
struct std_area {
	const char *name;
	long long items;
};
int store_std_areas(struct store *st, struct arena *a, struct std_area **out, size_t *n);

/* A document linked to an item. */
struct std_doc {
	long long id;
	const char *title;
	const char *index_no; /* "" before publication */
	zf_day published_on;  /* 0 before publication */
	const char *linked_by;
	const char *linked_at; /* UTC */
};
/* The documents linked to an item, newest publication first. */
int store_std_item_docs(struct store *st, struct arena *a, long long item_id, struct std_doc **out,
			size_t *n);

/* Links a published document to an item (ZF_EINVAL with the reason when it is not
 * published; ZF_ENOENT for an unknown item or document; linking twice changes nothing). */
int store_std_link(struct store *st, const char *actor, long long item_id, long long doc_id,
		   struct buf *err);
/* Removes a link (ZF_ENOENT when there is none). */
int store_std_unlink(struct store *st, const char *actor, long long item_id, long long doc_id,
		     struct buf *err);
/* Records (day > 0) or clears (0) the 信息形成或变更之日 an event limit counts from. */
int store_std_set_event(struct store *st, const char *actor, long long item_id, zf_day day,
			struct buf *err);

/* ---- import ---- */

/* One row of a file as the import would write it. */
struct std_import_row {
	int line;
	long long agency_id; /* the 主体 found; 0 when not */
	bool update;	     /* an item with this key exists: its fields are rewritten */
};
struct std_import_report {
	size_t added, updated;
	struct std_import_row *rows; /* one per item (a row naming two 主体 gives two) */
	size_t nrows;
	char **problems; /* "第N行：…": the sheet's and the store's */
	size_t nproblems;
};

/* Checks rows read by std_sheet_read against the database (each 主体 found by name, several
 * separated by 、，; give one item each; within scope[0..nscope) when scope is not NULL) and,
 * when commit and nothing is wrong, writes them all in one transaction (one audit line).
 * Any problem, the sheet's included: ZF_EINVAL and nothing written. */
int store_std_import(struct store *st, const char *actor, struct arena *a, const long long *scope,
		     size_t nscope, const struct std_sheet *sheet, bool commit,
		     struct std_import_report *rep);

/* Keeps an uploaded file until its preview is confirmed (by the same actor): its id. Files
 * older than a day are dropped on the way. */
int store_std_upload_put(struct store *st, const char *actor, const void *data, size_t len,
			 long long *id);
/* The bytes of upload id of actor (copied into the arena): 0 or ZF_ENOENT. */
int store_std_upload_get(struct store *st, struct arena *a, const char *actor, long long id,
			 const void **data, size_t *len);
/* Drops an upload (after its import). */
int store_std_upload_drop(struct store *st, long long id);

#endif
