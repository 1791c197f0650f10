/* report_gen.h: the annual report's tables 3 and 4 as a fold over case summaries
 * (disclosure-rules.md §3). Callers reduce each request to its applicant column, receipt
 * date and outcome (from clock_compute), each review case to its group and outcome; the
 * fold then fills the tables so that every balance identity holds by construction.
 * Pure: no I/O, no globals. */
#ifndef ZF_REPORT_GEN_H
#define ZF_REPORT_GEN_H

#include "law/clock.h"
#include "law/report.h"

/* One request as the report sees it. */
struct report_gen_request {
	enum report_t3_col col; /* applicant column, never REPORT_COL_TOTAL */
	zf_day received;	/* 收到申请之日 */
	bool closed;
	zf_day closed_on;	/* final event's date, when closed */
	enum report_t3_row row; /* result row (GRANTED .. OTHER_OTHER), when closed */
	long long n;		/* how many requests alike this entry stands for (0 = one) */
};

/* One 行政复议 / 行政诉讼 case as table 4 sees it. */
struct report_gen_review {
	enum report_t4_group group;
	zf_day filed;
	bool decided;
	zf_day decided_on;
	enum report_t4_field outcome; /* UPHELD, CORRECTED or OTHER, when decided */
};

/* Fills r->table3 and r->table4 for `year` and sets r->format and r->year:
 * - received_new: received in the year, by applicant column;
 * - received_carried_over: received before the year and still open on 1 January;
 * - results: closed in the year (received in or before it), by the outcome's row;
 * - carried_forward: received in or before the year and open on 31 December;
 * - table 4: cases filed in or before the year and not decided before it, decided ones
 *   by outcome, the others as 尚未审结.
 * The 2019 format has no 三（六）1 and 2: those outcomes count as 三（六）其他 there.
 * Table 2 (publishing) is left null. Returns 0, or ZF_EINVAL (a summary out of range,
 * or a year before 2019, whose tables had no such rows). */
int report_gen(struct report *r, int year, const struct report_gen_request *req, size_t nreq,
	       const struct report_gen_review *rev, size_t nrev);

/* Reduces a valid history (clock_check) to its summary: *out gets col, the receipt date
 * and, when closed, the date and row. Returns 0 or clock_compute's error (reason in err,
 * which may be NULL). */
int report_gen_summarize(const struct calendar *cal, const struct clock_event *ev, size_t n,
			 enum report_t3_col col, struct report_gen_request *out, struct buf *err);

#endif
