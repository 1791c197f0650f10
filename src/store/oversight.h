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
};

/* Fills *out for one agency (or its subtree) over [from, to], open work counted on `today`. */
int store_oversight_metrics(struct store *st, const struct calendar *cal, long long agency_id,
			    bool subtree, zf_day from, zf_day to, zf_day today,
			    struct oversight_metrics *out);

#endif
