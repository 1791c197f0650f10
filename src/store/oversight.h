/* oversight.h: what the 主管部门 watches across its agency tree, computed from the platform's
 * own data: requests (on-time reply rate, working days to reply with paused time excluded,
 * outcomes, overdue), corrections by 行政复议 and courts, messages (store/messages.h), site
 * integrity findings, the standard catalogue's overdue items and silent new-media accounts.
 *
 * The lead wrote this shape; the oversight helper owns this header and store/oversight.c
 * (and may add fields at the end of the struct); the assessment helper scores from it. */
#ifndef ZF_STORE_OVERSIGHT_H
#define ZF_STORE_OVERSIGHT_H

#include "date.h"
#include "store/messages.h"
#include "store/newmedia.h"

#include <stdbool.h>

struct calendar;
struct store;

struct oversight_metrics {
	long long agency_id;
	bool subtree; /* the agency and every agency below it */
	zf_day from, to, today;

	/* 依申请公开 */
	long long req_received;	   /* received in [from, to] */
	long long req_replied;	   /* replied in [from, to] */
	long long req_on_time;	   /* of those, within their deadline */
	long long req_days_sum;	   /* working days to reply, paused time excluded */
	long long req_open;	   /* open today */
	long long req_overdue;	   /* of the open, past their deadline today */
	long long req_granted;	   /* replies in [from, to]: 予以公开 */
	long long req_partial;	   /* 部分公开 */
	long long req_withheld;	   /* 不予公开 */
	long long req_unavailable; /* 无法提供 */
	long long req_not_handled; /* 不予处理 */
	long long req_other;	   /* 其他处理 */
	/* 行政复议 and 行政诉讼 decided in [from, to] */
	long long reviews;	     /* review cases decided */
	long long reviews_corrected; /* of those, 纠正 (the agency's reply corrected) */
	long long suits;	     /* litigation cases decided */
	long long suits_corrected;   /* of those, 纠正 */

	/* 政民互动 (store/messages.h) */
	struct message_stats msg;

	/* 内容检查: open findings on the agency's pages today */
	long long findings_veto;   /* 单项否决 */
	long long findings_deduct; /* 扣分 */

	/* 标准目录: items past their 时限 without a publication */
	long long std_overdue;

	/* 政务新媒体 */
	struct newmedia_counts media;

	/* Added by the oversight helper: whether the parts owned by other areas answered
	 * (false while their store function is a placeholder returning ZF_ESTATE; the figures
	 * are then 0 and the pages say 暂无数据). */
	bool msg_known, std_known, media_known;
};

/* Fills *out for one agency (or its subtree) over [from, to], open work counted on `today`.
 * Requests: received by received_on; 办结 (replied and every other final event) by the day
 * they closed, on time when closed on or before their due date; days to reply are the
 * working days the clock ran (law/clock.h: from its start, less the 征求意见 and 缴费
 * windows, and never the time a supplement was awaited). Findings: the open findings of the
 * whole-site scan ("site") of the agencies; the site's root agency also counts the findings
 * of no known agency. 0, ZF_ENOENT (no such agency), ZF_EINVAL, ZF_EDB. */
int store_oversight_metrics(struct store *st, const struct calendar *cal, long long agency_id,
			    bool subtree, zf_day from, zf_day to, zf_day today,
			    struct oversight_metrics *out);

/* The on-time share of 办结 requests in percent (100 when none closed) and the average
 * working days to reply (0 when none), for pages and exports. */
double oversight_on_time_pct(const struct oversight_metrics *m);
double oversight_avg_days(const struct oversight_metrics *m);

/* ---- 督办: overdue work and reminders ---- */

enum oversight_kind {
	OVERSIGHT_REQUEST, /* 依申请公开 */
	OVERSIGHT_MESSAGE, /* 政民互动留言 */
};
/* "request" / "message", and 依申请公开 / 政民互动留言. */
const char *oversight_kind_key(enum oversight_kind k);
const char *oversight_kind_label(enum oversight_kind k);
/* The kind named by key: 0 or ZF_EINVAL. */
int oversight_kind_parse(const char *key, enum oversight_kind *out);

/* One overdue item of the 督办 list. */
struct oversight_item {
	enum oversight_kind kind;
	long long id;
	long long agency_id;
	const char *agency_name;
	const char *title;   /* the request's description, or the message's title */
	const char *handler; /* the request's handler ("" = nobody; messages: "") */
	zf_day received_on;  /* 收到申请 / 受理 */
	zf_day due_on;
	int days_over;		 /* working days past due_on */
	bool stale;		 /* a message unanswered MESSAGE_STALE_MONTHS: 单项否决 risk */
	long long reminders;	 /* 督办 so far */
	const char *reminded_at; /* the last one (UTC timestamp), "" when none */
};
/* The overdue requests and messages of agencies[0..n) on `today`, stale messages first,
 * then by days over (most first); at most 1000 requests (and every overdue message). Arrays
 * and strings from arena. *messages_known is false while store_message_overdue is a
 * placeholder (may be NULL). */
int store_oversight_overdue(struct store *st, struct arena *a, const struct calendar *cal,
			    const long long *agencies, size_t n, zf_day today,
			    struct oversight_item **out, size_t *nout, bool *messages_known);

/* A reminder (督办) as recorded. */
struct oversight_reminder {
	long long id;
	enum oversight_kind kind;
	long long item_id;
	long long agency_id;
	const char *agency_name;
	const char *note;
	const char *created_by; /* login */
	const char *created_at; /* UTC */
	int days_over;		/* at the time of the reminder */
	int mailed;		/* e-mails queued to the agency */
};
#define OVERSIGHT_NOTE_MAX 500 /* characters */
/* Records a reminder on an open item (kind, id) of one of scope[0..nscope) (the agencies the
 * actor oversees): the note (at most OVERSIGHT_NOTE_MAX characters, may be empty), who and
 * when, one audit line ("oversight.remind"), and an e-mail to the agency's contact address
 * through the outbox when it has one; all or nothing. ZF_ENOENT: no such open item in scope
 * (told alike); ZF_EINVAL: a bad note; reason in err. *id may be NULL. */
int store_oversight_remind(struct store *st, const char *actor, const struct calendar *cal,
			   enum oversight_kind kind, long long item_id, const char *note,
			   const long long *scope, size_t nscope, zf_day today, long long *id,
			   struct buf *err);
/* The reminders of agencies[0..n), newest first, at most limit (0 = 200); one item's only
 * when item_id > 0 (of that kind). From arena. */
int store_oversight_reminders(struct store *st, struct arena *a, const long long *agencies,
			      size_t n, enum oversight_kind kind, long long item_id, size_t limit,
			      struct oversight_reminder **out, size_t *nout);

#endif
