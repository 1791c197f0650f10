/* narrative.h: compares the numbers a report's text states (共收到申请224件, 已答复222件,
 * 2件结转下年, 行政复议12件, 25件行政规范性文件宣布废止) with its tables, and adds a
 * text.narrative finding for each disagreement, naming both sides. */
#ifndef ZF_NARRATIVE_H
#define ZF_NARRATIVE_H

#include "law/report.h"

struct narrative;

/* Compiles the patterns: 0 and an owned matcher (free with narrative_free), or ZF_ENOMEM. */
int narrative_new(struct narrative **out);
void narrative_free(struct narrative *nv);
/* What the prose states: the first figure of each kind, -1 when not stated. */
enum narrative_kind {
	NARR_RECEIVED,	   /* 收到申请N件: table 3 本年新收, total */
	NARR_CARRIED_OVER, /* 上年结转N件 */
	NARR_ANSWERED,	   /* 已答复N件: 办理结果总计 */
	NARR_HANDLED,	   /* 办理…公开申请N件: 办理结果总计 */
	NARR_FORWARD,	   /* N件结转下年 */
	NARR_REVIEW,	   /* 行政复议N件: table 4 review total */
	NARR_LITIGATION,   /* 行政诉讼N件: both litigation totals */
	NARR_REPEALED,	   /* N件规范性文件废止 */
	NARR_COUNT
};

struct narrative_said {
	long v[NARR_COUNT];
	char quote[NARR_COUNT][160]; /* the words as written, for messages */
};

/* Reads the stated figures from n bytes of normalised, simplified text into *out. */
void narrative_said(const struct narrative *nv, const char *text, size_t n,
		    struct narrative_said *out);

/* Reads n bytes of normalised, simplified report text and checks r's tables against it.
 * 0 or ZF_ENOMEM. */
int narrative_check(const struct narrative *nv, const char *text, size_t n, struct report *r);

#endif
