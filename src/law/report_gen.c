/* report_gen.c: tables 3 and 4 folded from case summaries. */
#include "common.h"
#include "law/report_gen.h"

static void add(struct report_cell *row, enum report_t3_col col, long long n)
{
	row[col].v += n;
	row[REPORT_COL_TOTAL].v += n;
}

static bool request_ok(const struct report_gen_request *q)
{
	if ((unsigned)q->col >= REPORT_COL_TOTAL)
		return false;
	if (!q->closed)
		return true;
	return q->row >= REPORT_T3_FIRST_RESULT && q->row <= REPORT_T3_LAST_RESULT &&
	       q->closed_on >= q->received;
}

static bool review_ok(const struct report_gen_review *v)
{
	if ((unsigned)v->group >= REPORT_T4_GROUPS)
		return false;
	return !v->decided || (v->outcome <= REPORT_T4_OTHER && v->decided_on >= v->filed);
}

int report_gen(struct report *r, int year, const struct report_gen_request *req, size_t nreq,
	       const struct report_gen_review *rev, size_t nrev)
{
	if (year < 2019 || year > 2199)
		return ZF_EINVAL;
	for (size_t i = 0; i < nreq; i++)
		if (!request_ok(&req[i]))
			return ZF_EINVAL;
	for (size_t i = 0; i < nrev; i++)
		if (!review_ok(&rev[i]))
			return ZF_EINVAL;
	r->year = year;
	r->format = report_format_for_year(year);
	bool has_lapse_rows = r->format == REPORT_FORMAT_2021;
	zf_day first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);

	for (int row = 0; row < REPORT_T3_ROWS; row++)
		for (int c = 0; c < REPORT_T3_COLS; c++)
			report_cell_set(&r->table3[row][c], 0, NULL);
	for (size_t i = 0; i < nreq; i++) {
		const struct report_gen_request *q = &req[i];
		long long n = q->n > 0 ? q->n : 1;
		if (q->received > last || (q->closed && q->closed_on < first))
			continue; /* not yet received, or done before the year */
		if (q->received >= first)
			add(r->table3[REPORT_T3_RECEIVED_NEW], q->col, n);
		else
			add(r->table3[REPORT_T3_RECEIVED_CARRIED_OVER], q->col, n);
		if (!q->closed || q->closed_on > last) {
			add(r->table3[REPORT_T3_CARRIED_FORWARD], q->col, n);
			continue;
		}
		enum report_t3_row row = q->row;
		if (!has_lapse_rows &&
		    (row == REPORT_T3_OTHER_NO_SUPPLEMENT || row == REPORT_T3_OTHER_FEE_UNPAID))
			row = REPORT_T3_OTHER_OTHER;
		add(r->table3[row], q->col, n);
		add(r->table3[REPORT_T3_RESULTS_TOTAL], q->col, n);
	}
	if (!has_lapse_rows) {
		/* cells the 2019 format does not print stay null */
		for (int c = 0; c < REPORT_T3_COLS; c++) {
			report_cell_clear(&r->table3[REPORT_T3_OTHER_NO_SUPPLEMENT][c]);
			report_cell_clear(&r->table3[REPORT_T3_OTHER_FEE_UNPAID][c]);
		}
	}

	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			report_cell_set(&r->table4[g][k], 0, NULL);
	for (size_t i = 0; i < nrev; i++) {
		const struct report_gen_review *v = &rev[i];
		if (v->filed > last || (v->decided && v->decided_on < first))
			continue;
		struct report_cell *cells = r->table4[v->group];
		if (v->decided && v->decided_on <= last)
			cells[v->outcome].v++;
		else
			cells[REPORT_T4_PENDING].v++;
		cells[REPORT_T4_TOTAL].v++;
	}
	return 0;
}

int report_gen_summarize(const struct calendar *cal, const struct clock_event *ev, size_t n,
			 enum report_t3_col col, struct report_gen_request *out, struct buf *err)
{
	struct clock_status st;
	memset(out, 0, sizeof(*out));
	if (!n)
		return ZF_EINVAL;
	/* today only moves days_left, which the report does not read */
	int rc = clock_compute(cal, ev, n, ev[n - 1].on, &st, err);
	if (rc)
		return rc;
	out->col = col;
	out->received = st.received;
	out->closed = st.closed;
	if (st.closed) {
		int row = st.report_row ? report_t3_row_by_key(st.report_row) : -1;
		if (row < REPORT_T3_FIRST_RESULT || row > REPORT_T3_LAST_RESULT)
			BUG("clock gave an unknown report row %s", st.report_row);
		out->closed_on = st.closed_on;
		out->row = (enum report_t3_row)row;
	}
	clock_status_free(&st);
	return 0;
}
