/* lists.h: what a department publishes beside the catalogue, in the store: 撤稿 (taking a
 * published document or one of its attachments down), the 专栏 of 重大建设项目 (a project
 * through the eight stages of 国办发〔2017〕94号, each a set of the agency's published
 * documents) and versioned lists (三项清单: 权责清单, 负面清单, 收费清单 ...; each
 * publication a frozen version with its 修订日期).
 *
 * Every write is one all-or-nothing transaction with a line in the audit log; a refused
 * write changes nothing and explains itself in Chinese in err (may be NULL). Strings passed
 * in are borrowed; strings and arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_LISTS_H
#define ZF_STORE_LISTS_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

struct arena;
struct store;

#define LIST_TEXT_MAX	    200	 /* characters of a name, code, place, owner */
#define LIST_FIELD_MAX	    2000 /* characters of an item's 依据 or other text */
#define TAKEDOWN_REASON_MAX 1000

/* ---- 撤稿 ----
 * A published document, or one attachment of it, is taken down with a reason. Two modes:
 * withdrawn: its page stays and says so (date, reason), without the body or the files;
 * removed (personal data leaked): the page answers 410 and nothing of it is shown, not even
 * its title in a list. Either way the catalogue, the feed, the sitemap and search (both
 * engines: the document leaves the search index) no longer list it, and its 索引号 stays
 * used. A withdrawn document may later be removed (personal data found in it); nothing else
 * is taken down twice. Taking down is not undone: the published entry is frozen (and a removed one
 * may hold personal data); what should be public again is published anew as a new document, through
 * 保密审查 (先审查、后公开), with a new 索引号. */
enum doc_takedown_mode {
	DOC_TAKEDOWN_WITHDRAWN, /* 撤回：页面保留并说明 */
	DOC_TAKEDOWN_REMOVED,	/* 删除：涉及个人信息泄露，页面不再提供 */
	DOC_TAKEDOWN_MODES
};
const char *doc_takedown_mode_key(enum doc_takedown_mode m);   /* "withdrawn" */
const char *doc_takedown_mode_label(enum doc_takedown_mode m); /* "撤回" */
int doc_takedown_mode_parse(const char *s);		       /* -1 when unknown */

struct doc_takedown {
	long long id;
	long long doc_id;
	long long attachment_id; /* 0: the document itself */
	const char *attachment_name;
	enum doc_takedown_mode mode;
	const char *reason;
	const char *actor;
	const char *at; /* ISO 8601 UTC */
};

/* Takes down published document doc_id (attachment_id 0) or one of its attachments.
 * ZF_ENOENT (no such document or attachment), ZF_ESTATE (not published, or already taken
 * down), ZF_EINVAL (no reason, bad mode). */
int store_doc_takedown(struct store *st, const char *actor, long long doc_id,
		       long long attachment_id, enum doc_takedown_mode mode, const char *reason,
		       struct buf *err);
/* Every takedown of a document (its own first, then its attachments'), oldest first. */
int store_doc_takedowns(struct store *st, struct arena *a, long long doc_id,
			struct doc_takedown **out, size_t *n);
/* The takedown of the document itself (removed before withdrawn when it was both): 0
 * (filled), ZF_ENOENT when it was not taken down. */
int store_doc_takedown_get(struct store *st, struct arena *a, long long doc_id,
			   struct doc_takedown *out);
/* The published, not taken-down document that carries 文号 doc_no (canonical form): its id,
 * or ZF_ENOENT. The newest when several do. */
int store_doc_public_by_doc_no(struct store *st, const char *doc_no, long long *id);
/* After db copy into SQLite (whose triggers indexed every row): takes the taken-down
 * documents out of the search index again. */
int docs_takedowns_unindex_all(struct store *st);

/* ---- 重大建设项目 ---- */

/* The eight kinds of information of 国办发〔2017〕94号 (关于推进重大建设项目批准和实施
 * 领域政府信息公开的意见), in the order a project goes through them. */
enum project_stage {
	PROJECT_STAGE_APPROVAL_SERVICE, /* 批准服务信息 */
	PROJECT_STAGE_APPROVAL_RESULT,	/* 批准结果信息 */
	PROJECT_STAGE_TENDER,		/* 招标投标信息 */
	PROJECT_STAGE_LAND,		/* 征收土地信息 */
	PROJECT_STAGE_DESIGN_CHANGE,	/* 重大设计变更信息 */
	PROJECT_STAGE_CONSTRUCTION,	/* 施工有关信息 */
	PROJECT_STAGE_QUALITY,		/* 质量安全监督信息 */
	PROJECT_STAGE_COMPLETION,	/* 竣工有关信息 */
	PROJECT_STAGES
};
const char *project_stage_key(int s);
const char *project_stage_label(int s);
int project_stage_parse(const char *s); /* key or label; -1 when unknown */

enum project_state { PROJECT_PREPARING, PROJECT_BUILDING, PROJECT_COMPLETED, PROJECT_STATES };
const char *project_state_key(int s);
const char *project_state_label(int s); /* 前期工作, 在建, 已竣工 */
int project_state_parse(const char *s);

struct project_fields {
	long long agency_id; /* fixed once the project is created */
	const char *name;    /* 项目名称, required */
	const char *code;    /* 项目代码 (投资项目在线审批监管平台), "" when none */
	const char *location;	/* 建设地点 */
	const char *owner;	/* 项目法人（建设单位） */
	const char *investment; /* 总投资, as written: "3.2亿元" */
	int state;		/* enum project_state */
};
struct project {
	long long id;
	struct project_fields f;
	const char *agency_name;
	const char *updated_at;
};
struct project_doc {
	int stage;
	long long doc_id;
	const char *title, *doc_no, *index_no;
	zf_day published_on;
};

int store_project_add(struct store *st, const char *actor, const struct project_fields *f,
		      long long *id, struct buf *err);
/* Replaces the fields (the agency stays). */
int store_project_update(struct store *st, const char *actor, long long id,
			 const struct project_fields *f, struct buf *err);
int store_project_get(struct store *st, struct arena *a, long long id, struct project *out);
/* The projects of these agencies (all when n is 0), by agency then name. */
int store_project_list(struct store *st, struct arena *a, const long long *agencies, size_t n,
		       struct project **out, size_t *nout);
/* Files a published document of the project's agency under a stage (ZF_EINVAL: another
 * agency's, not published, taken down; ZF_ESTATE: already there). */
int store_project_attach(struct store *st, const char *actor, long long project_id, int stage,
			 long long doc_id, struct buf *err);
int store_project_detach(struct store *st, const char *actor, long long project_id, int stage,
			 long long doc_id, struct buf *err);
/* The documents of a project by stage, then publication day; public_only leaves out the
 * taken-down ones. */
int store_project_docs(struct store *st, struct arena *a, long long project_id, bool public_only,
		       struct project_doc **out, size_t *n);

/* ---- versioned lists (三项清单 and others) ---- */

enum list_kind {
	LIST_POWER,    /* 权责清单 */
	LIST_NEGATIVE, /* 负面清单 */
	LIST_FEE,      /* 收费清单（行政事业性收费目录） */
	LIST_OTHER,    /* 其他清单 */
	LIST_KINDS
};
const char *list_kind_key(int k);
const char *list_kind_label(int k);
int list_kind_parse(const char *s);

struct list_fields {
	long long agency_id;
	const char *name; /* required */
	int kind;	  /* enum list_kind */
	const char *note; /* 说明 */
};
struct vlist {
	long long id;
	struct list_fields f;
	const char *agency_name;
	int version;	   /* the current (latest) version; 0 before the first publication */
	zf_day revised_on; /* its 修订日期 */
};
/* An item: in the draft (id, sort) or in a version (sort = its place). */
struct list_item {
	long long id;
	const char *name;     /* 事项名称, required */
	const char *category; /* 类别 */
	const char *basis;    /* 设定依据 */
	const char *detail;   /* 其他（标准、实施主体、备注…） */
	int sort;
};
struct list_version {
	long long id;
	int version;
	zf_day revised_on;
	const char *published_at, *published_by, *note;
	long long nitems;
};

int store_list_add(struct store *st, const char *actor, const struct list_fields *f, long long *id,
		   struct buf *err);
int store_list_get(struct store *st, struct arena *a, long long id, struct vlist *out);
/* The lists of these agencies (all when n is 0); published_only: those with a version. */
int store_list_lists(struct store *st, struct arena *a, const long long *agencies, size_t n,
		     bool published_only, struct vlist **out, size_t *nout);
/* The draft's items, by sort then id. */
int store_list_items(struct store *st, struct arena *a, long long list_id, struct list_item **out,
		     size_t *n);
int store_list_item_add(struct store *st, const char *actor, long long list_id,
			const struct list_item *it, long long *id, struct buf *err);
int store_list_item_update(struct store *st, const char *actor, long long list_id,
			   long long item_id, const struct list_item *it, struct buf *err);
int store_list_item_remove(struct store *st, const char *actor, long long list_id,
			   long long item_id, struct buf *err);
/* Publishes the draft as the next version, frozen, with its 修订日期 (0 = today; not in
 * the future). ZF_ESTATE when the draft is empty. */
int store_list_publish(struct store *st, const char *actor, long long list_id, zf_day revised_on,
		       const char *note, int *version, struct buf *err);
/* The versions, newest first. */
int store_list_versions(struct store *st, struct arena *a, long long list_id,
			struct list_version **out, size_t *n);
/* One version and its items: 0 or ZF_ENOENT. */
int store_list_version_get(struct store *st, struct arena *a, long long list_id, int version,
			   struct list_version *v, struct list_item **items, size_t *n);

#endif
