/* assessment.h: 考核, the pure part. A scheme is a list of indicators (指标), each with its
 * full marks and a rule: a rate (按时答复率: full marks at or above a threshold, points off
 * for each percentage point below), a deduction per count with a floor (each overdue request
 * −N, not below the floor), a veto (单项否决: any count fails the whole assessment) or a
 * manual item the assessor scores with a note. The counts come from the platform's own data
 * (struct assess_input, filled by store/assessment.c from store/oversight.h's metrics).
 * Also: the scheme's text form (TSV, loaded by an administrator), quarters ("2026Q3",
 * 2026年第三季度), ranking with ties, and the named problems of a 通报.
 *
 * Points are kept in tenths (95 = 9.5 分) so that sums are exact. No I/O, no globals. */
#ifndef ZF_LAW_ASSESSMENT_H
#define ZF_LAW_ASSESSMENT_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

#define ASSESS_MAX_INDICATORS 40
#define ASSESS_CODE_MAX	      32    /* bytes: a-z 0-9 _ */
#define ASSESS_NAME_MAX	      40    /* characters */
#define ASSESS_TITLE_MAX      60    /* characters: the scheme's name */
#define ASSESS_POINTS_MAX     1000  /* tenths: one indicator's full marks, at most 100 分 */
#define ASSESS_TOTAL_MAX      10000 /* tenths: the scheme's full marks, at most 1000 分 */
#define ASSESS_TEXT_MAX	      65536 /* bytes of a scheme's text form */

enum assess_kind {
	ASSESS_RATE,	  /* full marks at or above the threshold; per point off per % below */
	ASSESS_PER_COUNT, /* full marks less per for each count, not below the floor */
	ASSESS_VETO,	  /* full marks when the count is 0; otherwise 0 and the whole fails */
	ASSESS_MANUAL,	  /* scored by the assessor, 0..full marks, with a note */
};

/* What the platform counts, per agency and quarter. */
enum assess_metric {
	ASSESS_M_NONE,		  /* manual items */
	ASSESS_M_REQ_ON_TIME,	  /* rate: requests replied on time / replied */
	ASSESS_M_MSG_ON_TIME,	  /* rate: messages replied on time / replied */
	ASSESS_M_REQ_OVERDUE,	  /* open requests past their deadline today */
	ASSESS_M_MSG_OVERDUE,	  /* open messages past their limit today */
	ASSESS_M_MSG_STALE,	  /* messages unanswered three months (单项否决) */
	ASSESS_M_CORRECTED,	  /* replies corrected by 行政复议 or 行政诉讼 */
	ASSESS_M_FINDINGS_VETO,	  /* open 单项否决 site findings */
	ASSESS_M_FINDINGS_DEDUCT, /* open 扣分 site findings */
	ASSESS_M_STD_OVERDUE,	  /* 标准目录 事项 past their 时限 */
	ASSESS_M_MEDIA_SILENT,	  /* silent 政务新媒体 accounts */
	ASSESS_M_MEDIA_VETO,	  /* open 单项否决 findings in new-media posts */
	ASSESS_M_COUNT
};

struct assess_indicator {
	char code[ASSESS_CODE_MAX + 1];
	char name[ASSESS_NAME_MAX * 4 + 1];
	enum assess_kind kind;
	enum assess_metric metric; /* ASSESS_M_NONE exactly for manual items */
	int max;		   /* full marks, tenths, 1..ASSESS_POINTS_MAX */
	int per;		   /* rate: off per % below; per_count: off per count; tenths */
	int floor;		   /* per_count and rate: the least it can fall to, tenths */
	int threshold;		   /* rate: percent for full marks, 1..100 */
};

struct assess_scheme {
	char title[ASSESS_TITLE_MAX * 4 + 1];
	struct assess_indicator ind[ASSESS_MAX_INDICATORS];
	size_t n;
};

/* The counts of one agency for one quarter: num[m] (a count, or a rate's numerator) and
 * den[m] (a rate's denominator; unused for counts). */
struct assess_input {
	long long num[ASSESS_M_COUNT];
	long long den[ASSESS_M_COUNT];
};

/* A manual item as the assessor scored it. */
struct assess_manual {
	const char *code;
	int points; /* tenths, 0..the indicator's max */
};

struct assess_item_score {
	int points;	 /* tenths, 0..max */
	long long count; /* the count (or the rate's numerator) it was scored from */
	long long den;	 /* a rate's denominator */
	bool veto;	 /* this item vetoes the whole */
	bool pending;	 /* a manual item not yet scored: full marks until it is */
};

struct assess_result {
	int total;	/* tenths: the sum of the items, or 0 when vetoed */
	int sum;	/* tenths: the sum of the items even when vetoed */
	int max_total;	/* tenths: the scheme's full marks */
	bool vetoed;	/* 单项否决 */
	size_t pending; /* manual items not yet scored */
	struct assess_item_score item[ASSESS_MAX_INDICATORS];
};

/* Stable names: "rate", "per_count", "veto", "manual"; "req_on_time", … ("-" for NONE). */
const char *assess_kind_name(enum assess_kind k);
const char *assess_kind_label(enum assess_kind k); /* 按比率, 按项扣分, 单项否决, 人工评分 */
int assess_kind_parse(const char *s, enum assess_kind *out);
const char *assess_metric_name(enum assess_metric m);
const char *assess_metric_label(enum assess_metric m); /* Chinese, for pages */
int assess_metric_parse(const char *s, enum assess_metric *out);
bool assess_metric_is_rate(enum assess_metric m);

/* Scores one agency: pure, total. manual[0..nmanual) are the assessor's items (unknown codes
 * and non-manual codes are ignored; points are clamped to 0..max). */
void assess_score(const struct assess_scheme *sc, const struct assess_input *in,
		  const struct assess_manual *manual, size_t nmanual, struct assess_result *out);

/* Ranks n results: rank[i] is 1 + the number of results ahead of i (competition ranking:
 * 1, 2, 2, 4); a vetoed result is behind every result not vetoed; ties share a rank. */
void assess_rank(const struct assess_result *r, size_t n, int *rank);

/* The default scheme, from the 2019 indicators and the seeds' wording. */
void assess_scheme_default(struct assess_scheme *out);

/* Reads the text form (UTF-8): '#' comments and blank lines ignored; a line
 * "方案<TAB>title"; then one indicator per line, tab-separated:
 *   code  name  kind  metric  max  per  floor  threshold
 * (points as decimals with at most one place: "2", "0.5"; empty = 0). On error returns
 * ZF_EINVAL and writes one Chinese line naming the line and the field to err. */
int assess_scheme_parse(const char *text, size_t len, struct assess_scheme *out, struct buf *err);
/* Writes the text form (assess_scheme_parse reads it back the same). */
void assess_scheme_format(const struct assess_scheme *sc, struct buf *out);
/* Checks a scheme (as the parser does): 0 or ZF_EINVAL with the reason in err. */
int assess_scheme_check(const struct assess_scheme *sc, struct buf *err);
/* The index of an indicator by code, or -1. */
int assess_scheme_find(const struct assess_scheme *sc, const char *code);

/* Points in tenths as text: "9.5", "10", "-2". */
void assess_points_str(int tenths, char out[16]);
/* Reads "9.5", "10", "0.5" (at most one decimal place, 0..999.9): 0 or ZF_EINVAL. */
int assess_points_parse(const char *s, int *tenths);

/* Quarters: year * 10 + q (20263). "2026Q3" (also "2026q3", "2026-3"): 0 or ZF_EINVAL. */
int assess_quarter_parse(const char *s, int *quarter);
void assess_quarter_key(int quarter, char out[8]);    /* "2026Q3" */
void assess_quarter_label(int quarter, char out[40]); /* "2026年第三季度" */
void assess_quarter_range(int quarter, zf_day *from, zf_day *to);
int assess_quarter_of(zf_day d); /* the quarter holding d */
int assess_quarter_prev(int quarter);

/* The named problems of one agency for a 通报, as Chinese phrases joined by "，" into out
 * ("逾期未答复政府信息公开申请2件，超过3个月未答复留言1条（单项否决风险）"); nothing appended
 * when there are none. Returns how many problems were named. */
int assess_problems(const struct assess_input *in, struct buf *out);

/* A quarterly 通报 as plain data, filled by the store and written by render/bulletin.c.
 * Strings are borrowed; "" for none. */
struct assess_bulletin_row {
	const char *agency;
	int total, sum, max_total; /* tenths */
	int rank;
	bool vetoed;
	size_t pending;	      /* manual items not yet scored */
	const char *problems; /* assess_problems' text */
};
struct assess_bulletin_training {
	const char *agency;
	long long sessions, persons;
	long long person_hours; /* tenths of an hour */
};
struct assess_bulletin {
	int quarter;
	int number;	    /* 第N期; 0 while a draft */
	const char *issuer; /* the 主管部门's name (the root agency) */
	zf_day date;	    /* the day it is dated */
	const char *opening, *ending;
	const char *interviews;			/* 约谈: one agency (and reason) a line */
	const char *criticised;			/* 通报批评: one a line */
	const struct assess_bulletin_row *rows; /* ranked, best first */
	size_t nrows;
	const struct assess_bulletin_training *training; /* per agency */
	size_t ntraining;
	long long training_sessions; /* sessions held in the quarter */
};
/* "关于2026年第三季度政务公开工作情况的通报" */
void assess_bulletin_title(int quarter, char out[96]);

#endif
