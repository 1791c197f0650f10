/* deadline.h: the reply deadline of a disclosure request (答复期限), per spec/deadlines.md.
 *   due = add_working_days(start, 20 + extension + excluded)
 * start = the legal receipt date, or the day the supplemented application arrived (补正, Art. 30);
 * excluded = working days inside the consultation and fee windows (a, b] (Art. 33(3)). Pure. */
#ifndef ZF_DEADLINE_H
#define ZF_DEADLINE_H

#include "calendar.h"

/* 条例 Art. 33(2): 20 working days; an extension adds at most 20 more. */
#define DEADLINE_BASE_DAYS     20
#define DEADLINE_MAX_EXTENSION 20
/* An excluded interval longer than this is refused as a typing error. */
#define DEADLINE_MAX_INTERVAL_DAYS 400

/* A window not counted in the reply period: working days d with from < d <= to. */
struct deadline_interval {
	zf_day from, to;
	const char *label; /* e.g. "征求第三方意见"; NULL = "中止计算" (borrowed) */
};

struct deadline_input {
	zf_day received;	    /* 收到申请之日 */
	bool supplemented;	    /* a supplemented application arrived (补正) */
	zf_day supplement_received; /* when it arrived */
	const struct deadline_interval *excluded;
	size_t nexcluded;
	int extension; /* approved extension, working days (0..20) */
};

struct deadline_result {
	zf_day start;	   /* the day the count starts after */
	zf_day due;	   /* the last day to reply */
	int working_days;  /* 20 + extension + excluded_days */
	int excluded_days; /* working days not counted (union of the intervals) */
	bool provisional;  /* some counted day lies in a year the calendar does not cover */
	char **steps;	   /* how the date was reached, in Chinese, one line each (owned) */
	size_t nsteps;
};

/* Computes the deadline. On bad input returns ZF_EINVAL/ZF_ERANGE with a Chinese reason in err
 * and leaves *out empty. On success *out is owned: free with deadline_result_free. */
int deadline_compute(const struct calendar *cal, const struct deadline_input *in,
		     struct deadline_result *out, struct buf *err);
void deadline_result_free(struct deadline_result *r);

#endif
