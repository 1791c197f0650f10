/* newmedia.h: the 政务新媒体 registry in the store: each account (platform, name, agency, who
 * runs it, 开设/关停 with approval), its last update as reported or imported, silent
 * accounts, and its posts put through the site-integrity checks.
 *
 * The rules (国办发〔2018〕123号 and the 2019 check indicators, 国办秘函〔2019〕19号): an
 * account is opened and closed only with its 主管单位's approval and 备案; an account that
 * published nothing for two weeks counts as 不更新 (the allowed gap is 14 days unless set
 * otherwise per account); silent (僵尸/睡眠) accounts are to be updated or closed.
 *
 * An account's life: 申请开设 (applied) → 已开设 (open) → 申请关停 (closing) → 已关停 (closed);
 * an application may be refused (未获批准). Each step records who, when and the 备案 number
 * and appends a line to the account's history (newmedia_events) and one audit line.
 *
 * The lead wrote the part other areas call (the counts used by the oversight pages); the new
 * media helper owns the rest of this header and store/newmedia.c.
 *
 * Every write is one all-or-nothing transaction with one audit line; a refused write changes
 * nothing and explains itself in Chinese in err (may be NULL). Strings passed in are
 * borrowed; strings and arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_NEWMEDIA_H
#define ZF_STORE_NEWMEDIA_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

struct arena;
struct store;

/* One agency's accounts (itself only). */
struct newmedia_counts {
	long long accounts;	 /* open (not 关停) accounts */
	long long silent;	 /* of those, silent today beyond their allowed gap */
	long long findings_open; /* open integrity findings in their posts */
	long long findings_veto; /* of those, 单项否决 */
};

/* Counts the agency's accounts that are open (已开设 or 申请关停), those of them silent on
 * `today` (nm_silent), and the open integrity findings of their posts. */
int store_newmedia_counts(struct store *st, long long agency_id, zf_day today,
			  struct newmedia_counts *out);

/* ---- the model ---- */

#define NM_NAME_MAX	 60  /* characters: name, handle, 主办/运维单位, 负责人 */
#define NM_URL_MAX	 500 /* bytes */
#define NM_FILING_MAX	 60  /* characters of a 备案 number */
#define NM_REASON_MAX	 500 /* characters of a reason */
#define NM_GAP_DEFAULT	 14  /* days: the 2019 indicators' two weeks */
#define NM_GAP_MAX	 366
#define NM_TITLE_MAX	 300	      /* characters of a post's title */
#define NM_BODY_MAX	 (200u << 10) /* bytes of a post's text */
#define NM_IMPORT_MAX	 5000	      /* posts in one import */
#define NM_FINDING_SCOPE "newmedia:"  /* + the account id: the scope of its findings */

enum nm_platform {
	NM_WECHAT,   /* 微信公众号 */
	NM_WEIBO,    /* 微博 */
	NM_DOUYIN,   /* 抖音 */
	NM_TOUTIAO,  /* 头条号 */
	NM_KUAISHOU, /* 快手 */
	NM_CHANNELS, /* 视频号 */
	NM_APP,	     /* 客户端App */
	NM_OTHER,    /* 其他 */
	NM_PLATFORMS
};
const char *nm_platform_key(enum nm_platform p);   /* wechat weibo douyin … */
const char *nm_platform_label(enum nm_platform p); /* 微信公众号 微博 … */
int nm_platform_parse(const char *s);		   /* key or label → enum, or -1 */

enum nm_status {
	NM_APPLIED, /* 申请开设 */
	NM_OPEN,    /* 已开设 */
	NM_CLOSING, /* 申请关停 */
	NM_CLOSED,  /* 已关停 */
	NM_REFUSED, /* 未获批准 (the application was refused) */
	NM_STATUSES
};
const char *nm_status_key(enum nm_status s);   /* applied open closing closed refused */
const char *nm_status_label(enum nm_status s); /* 申请开设 已开设 … */
int nm_status_parse(const char *s);	       /* key → enum, or -1 */

/* What a clerk registers (and may correct later). */
struct nm_account_fields {
	long long agency_id; /* fixed once registered */
	enum nm_platform platform;
	const char *name;	 /* 账号名称, required */
	const char *handle;	 /* 账号 ID / 微信号 / 主页地址的标识, "" when none */
	const char *url;	 /* its home page, http(s), "" when none */
	const char *sponsor;	 /* 主办单位, "" = the agency */
	const char *operated_by; /* 运维单位 (who runs it), required */
	bool outsourced;	 /* 委托第三方运维 (else 自行运维) */
	const char *responsible; /* 负责人 (a name: never on public pages), required */
	int gap_days;		 /* allowed days without an update; 0 = NM_GAP_DEFAULT */
};

struct nm_account {
	long long id;
	struct nm_account_fields f;
	const char *agency_name;
	enum nm_status status;
	const char *applied_by;
	zf_day applied_on;
	const char *approved_by; /* "" until approved (or refused) */
	zf_day approved_on;
	const char *filing_no; /* 开设备案号 */
	const char *close_reason, *close_requested_by;
	zf_day close_requested_on;
	const char *closed_by;
	zf_day closed_on;
	const char *close_filing_no; /* 关停备案号 */
	zf_day reported_update;	     /* the last update as reported by the clerk, 0 = none */
	zf_day last_post;	     /* the newest imported post, 0 = none */
	long long nposts;
	long long findings_open, findings_veto;
};

/* The day an account was last updated: the later of the reported date and its newest
 * post; an account never updated counts from its approval. 0 when none of these. */
zf_day nm_last_update(const struct nm_account *a);
/* True when the account is open (已开设 or 申请关停) and more days than its allowed gap
 * passed on `today` since its last update. Pure. */
bool nm_silent(const struct nm_account *a, zf_day today);
/* The allowed gap in days (the account's own or NM_GAP_DEFAULT). */
int nm_gap(const struct nm_account *a);
/* True when url is empty or an absolute http(s) address fit for a link (no spaces, quotes,
 * angle brackets, backslashes or control characters, at most NM_URL_MAX bytes). */
bool nm_url_ok(const char *url);

/* ---- writes ---- */

/* Registers an account (申请开设): status applied, applied today by actor. ZF_EINVAL for a
 * bad field or an account of the same platform and name already registered (not closed or
 * refused) for the agency; ZF_ENOENT for an unknown agency. *id may be NULL. */
int store_nm_register(struct store *st, const char *actor, const struct nm_account_fields *f,
		      long long *id, struct buf *err);
/* Corrects an account's fields (its agency stays). ZF_ENOENT, ZF_EINVAL. */
int store_nm_edit(struct store *st, const char *actor, long long id,
		  const struct nm_account_fields *f, struct buf *err);
/* Approves the opening on `day` (not after today) with its 备案 number (required):
 * applied → open. ZF_ESTATE when the account is not 申请开设; ZF_EINVAL for a bad field. */
int store_nm_approve_open(struct store *st, const char *actor, long long id, zf_day day,
			  const char *filing_no, struct buf *err);
/* Refuses an application with a reason (required): applied → refused; or refuses a
 * request to close: closing → open. ZF_ESTATE otherwise. */
int store_nm_refuse(struct store *st, const char *actor, long long id, const char *reason,
		    struct buf *err);
/* Asks to close an open account, with a reason (required): open → closing. */
int store_nm_request_close(struct store *st, const char *actor, long long id, const char *reason,
			   struct buf *err);
/* Approves the closing on `day` with its 备案 number: closing → closed. The open findings of
 * its posts are closed with it (the account's content is gone). */
int store_nm_approve_close(struct store *st, const char *actor, long long id, zf_day day,
			   const char *filing_no, struct buf *err);
/* Records the last update as reported (not after today, not before the approval) of an
 * open account. */
int store_nm_report_update(struct store *st, const char *actor, long long id, zf_day day,
			   struct buf *err);

/* ---- reads ---- */

/* One account: 0 or ZF_ENOENT. */
int store_nm_get(struct store *st, struct arena *a, long long id, struct nm_account *out);

struct nm_filter {
	long long agency_id;	 /* 0 any */
	const long long *within; /* non-NULL: only these agencies (the reader's scope) */
	size_t nwithin;
	int platform; /* enum nm_platform, -1 any */
	int status;   /* enum nm_status, -1 any; NM_STATUSES = open or closing */
	bool silent;  /* only accounts silent on `today` */
	zf_day today; /* for silent; 0 = date_today() */
	size_t limit; /* 0 = all (at most 10000) */
};
/* Accounts matching f by agency, platform and name. */
int store_nm_list(struct store *st, struct arena *a, const struct nm_filter *f,
		  struct nm_account **out, size_t *n);

/* One line of an account's history. */
struct nm_event {
	const char *at; /* UTC */
	const char *actor;
	const char *action; /* register edit approve refuse close-request close report import */
	const char *detail;
};
/* The history of an account, oldest first. */
int store_nm_events(struct store *st, struct arena *a, long long id, struct nm_event **out,
		    size_t *n);

/* ---- posts ---- */

/* A post as imported. */
struct nm_post_in {
	const char *title;	  /* required, one line */
	const char *body;	  /* plain text, "" when none */
	const char *url;	  /* http(s) or "" */
	zf_day published_on;	  /* required */
	const char *published_at; /* "YYYY-MM-DD HH:MM" (Beijing) or "" */
};

struct nm_post {
	long long id;
	long long account_id;
	const char *title, *body, *url;
	zf_day published_on;
	const char *published_at;
	const char *imported_by, *imported_at;
};

/* Stores posts of an open account (已开设 or 申请关停) in one transaction: a post already
 * stored (same link, or same time and title when it has none) is skipped and counted in
 * *dups. Every post is checked first (title, dates not after today, sizes); one bad post
 * refuses them all, named in err ("第N条：…"). source ("文件 名称", "订阅 地址") goes to the
 * history line. ZF_ESTATE when the account is not open. */
int store_nm_posts_add(struct store *st, const char *actor, long long account_id,
		       const struct nm_post_in *v, size_t n, const char *source, size_t *added,
		       size_t *dups, struct buf *err);
/* The account's posts, newest first; *total counts them all. */
int store_nm_posts(struct store *st, struct arena *a, long long account_id, size_t limit,
		   size_t offset, struct nm_post **out, size_t *n, long long *total);
/* One post: 0 or ZF_ENOENT. */
int store_nm_post_get(struct store *st, struct arena *a, long long id, struct nm_post *out);

/* One open finding of an account's posts (the work order lives in store/integrity.h). */
struct nm_finding {
	long long id;
	const char *rule_id, *severity; /* "veto" "deduct" "suspect" */
	const char *url;		/* /console/newmedia/post/<id> */
	const char *field, *snippet, *message, *fix;
};
/* The open findings of the account's posts, 单项否决 first, at most limit (0: 200). */
int store_nm_findings(struct store *st, struct arena *a, long long account_id, size_t limit,
		      struct nm_finding **out, size_t *n);

#endif
