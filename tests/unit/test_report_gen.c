/* test_report_gen.c: tables 3 and 4 folded from case summaries. Property: thousands of
 * synthetic lawful histories give reports the checker passes, with counts equal to a direct
 * count, and each year's carried-forward equal to the next year's carried-over. */
#include "common.h"
#include "law/calendar.h"
#include "law/check.h"
#include "law/report_gen.h"
#include "law/synth.h"
#include "tap.h"

#define NREQ 4000
#define NREV 600

static struct calendar *cal;

static bool open_at(const struct report_gen_request *q, zf_day d)
{
	return q->received <= d && !(q->closed && q->closed_on <= d);
}

/* Counts table 3 of one year straight from the definitions, one question per cell. */
static void direct_count(const struct report_gen_request *req, size_t n, int year,
			 int64_t want[REPORT_T3_ROWS][REPORT_T3_COLS])
{
	zf_day first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
	memset(want, 0, sizeof(int64_t) * REPORT_T3_ROWS * REPORT_T3_COLS);
	for (size_t i = 0; i < n; i++) {
		const struct report_gen_request *q = &req[i];
		int c = q->col;
		if (q->received >= first && q->received <= last)
			want[REPORT_T3_RECEIVED_NEW][c]++;
		if (q->received < first && open_at(q, first - 1))
			want[REPORT_T3_RECEIVED_CARRIED_OVER][c]++;
		if (q->closed && q->closed_on >= first && q->closed_on <= last) {
			int row = q->row;
			if (year < 2021 && (row == REPORT_T3_OTHER_NO_SUPPLEMENT ||
					    row == REPORT_T3_OTHER_FEE_UNPAID))
				row = REPORT_T3_OTHER_OTHER;
			want[row][c]++;
			want[REPORT_T3_RESULTS_TOTAL][c]++;
		}
		if (open_at(q, last))
			want[REPORT_T3_CARRIED_FORWARD][c]++;
	}
	for (int r = 0; r < REPORT_T3_ROWS; r++)
		for (int c = 0; c < REPORT_COL_TOTAL; c++)
			want[r][REPORT_COL_TOTAL] += want[r][c];
}

static void test_property(void)
{
	struct synth s;
	synth_seed(&s, 20260101);
	struct report_gen_request *req = xcalloc(NREQ, sizeof(*req));
	struct report_gen_review *rev = xcalloc(NREV, sizeof(*rev));
	zf_day from = date_from_ymd(2019, 1, 1), to = date_from_ymd(2025, 12, 31);
	size_t bad_history = 0, bad_summary = 0, closed = 0, events = 0;
	for (size_t i = 0; i < NREQ; i++) {
		struct clock_event ev[SYNTH_MAX_EVENTS];
		zf_day on = cal_add_working_days(cal, from + synth_range(&s, 0, to - from - 1), 0);
		size_t n = synth_history(&s, cal, on, to, ev);
		events += n;
		if (clock_check(cal, ev, n, NULL, NULL))
			bad_history++;
		if (report_gen_summarize(cal, ev, n, synth_applicant(&s), &req[i], NULL))
			bad_summary++;
		closed += req[i].closed;
	}
	tap_int((long long)bad_history, 0, "all %d synthetic histories (%zu events) pass the clock",
		NREQ, events);
	tap_int((long long)bad_summary, 0, "all summarize");
	tap_ok(closed > NREQ / 2 && closed < NREQ, "most are closed, some open (%zu closed)",
	       closed);
	for (size_t i = 0; i < NREV; i++) {
		struct report_gen_review *v = &rev[i];
		v->group = (enum report_t4_group)synth_range(&s, 0, REPORT_T4_GROUPS - 1);
		v->filed = from + synth_range(&s, 0, to - from);
		v->decided = synth_range(&s, 0, 3) != 0;
		v->decided_on = v->filed + synth_range(&s, 10, 400);
		v->outcome = (enum report_t4_field)synth_range(&s, 0, REPORT_T4_OTHER);
	}

	int64_t prev_forward[REPORT_T3_COLS] = {0};
	for (int year = 2019; year <= 2025; year++) {
		struct report *r = report_new();
		tap_int(report_gen(r, year, req, NREQ, rev, NREV), 0, "%d: generated", year);
		int errors = check_report(r, NULL);
		tap_int(errors, 0, "%d: the checker finds no error", year);
		for (size_t i = 0; i < r->nfindings; i++)
			if (r->findings[i].severity == REPORT_SEV_ERROR)
				printf("# %s %s\n", r->findings[i].rule, r->findings[i].message);
		int64_t want[REPORT_T3_ROWS][REPORT_T3_COLS];
		direct_count(req, NREQ, year, want);
		int diff = 0;
		for (int row = 0; row < REPORT_T3_ROWS; row++) {
			if (year < 2021 && (row == REPORT_T3_OTHER_NO_SUPPLEMENT ||
					    row == REPORT_T3_OTHER_FEE_UNPAID))
				continue;
			for (int c = 0; c < REPORT_T3_COLS; c++)
				diff += r->table3[row][c].v != want[row][c];
		}
		tap_int(diff, 0, "%d: every table-3 cell equals the direct count", year);
		int carry = 0;
		for (int c = 0; c < REPORT_T3_COLS; c++) {
			if (year > 2019)
				carry += r->table3[REPORT_T3_RECEIVED_CARRIED_OVER][c].v !=
					 prev_forward[c];
			prev_forward[c] = r->table3[REPORT_T3_CARRIED_FORWARD][c].v;
		}
		tap_int(carry, 0, "%d: carried over = last year's carried forward", year);
		zf_day first = date_from_ymd(year, 1, 1), last = date_from_ymd(year, 12, 31);
		int64_t pending = 0, total = 0;
		for (size_t i = 0; i < NREV; i++) {
			const struct report_gen_review *v = &rev[i];
			if (v->filed > last || (v->decided && v->decided_on < first))
				continue;
			total++;
			pending += !v->decided || v->decided_on > last;
		}
		int64_t got_pending = 0, got_total = 0;
		for (int g = 0; g < REPORT_T4_GROUPS; g++) {
			got_pending += r->table4[g][REPORT_T4_PENDING].v;
			got_total += r->table4[g][REPORT_T4_TOTAL].v;
		}
		tap_ok(got_pending == pending && got_total == total,
		       "%d: table 4 counts %lld cases, %lld pending", year, (long long)got_total,
		       (long long)got_pending);
		report_free(r);
	}
	free(req);
	free(rev);
}

static void test_edges(void)
{
	struct report *r = report_new();
	struct report_gen_request q = {REPORT_COL_COMMERCIAL,	  date_from_ymd(2020, 3, 2),  true,
				       date_from_ymd(2020, 4, 1), REPORT_T3_OTHER_FEE_UNPAID, 0};
	tap_int(report_gen(r, 2020, &q, 1, NULL, 0), 0, "2020 uses the 2019 format");
	tap_int(r->format, REPORT_FORMAT_2019, "format 2019");
	tap_int(r->table3[REPORT_T3_OTHER_OTHER][REPORT_COL_COMMERCIAL].v, 1,
		"a fee lapse counts as 其他 in the 2019 format");
	q.n = 7; /* one entry standing for seven requests alike (store_report_counts) */
	tap_int(report_gen(r, 2020, &q, 1, NULL, 0), 0, "a weighted entry");
	tap_int(r->table3[REPORT_T3_OTHER_OTHER][REPORT_COL_COMMERCIAL].v, 7, "counts seven times");
	tap_int(r->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].v, 7, "in every cell it fills");
	q.n = 0;
	tap_ok(!r->table3[REPORT_T3_OTHER_FEE_UNPAID][REPORT_COL_TOTAL].present,
	       "and the row the format lacks stays null");
	tap_int(check_report(r, NULL), 0, "the checker agrees");
	tap_int(report_gen(r, 2018, &q, 1, NULL, 0), ZF_EINVAL, "no generation before 2019");
	q.col = REPORT_COL_TOTAL;
	tap_int(report_gen(r, 2021, &q, 1, NULL, 0), ZF_EINVAL, "the total column is no applicant");
	q.col = REPORT_COL_OTHER;
	q.closed_on = q.received - 1;
	tap_int(report_gen(r, 2021, &q, 1, NULL, 0), ZF_EINVAL,
		"closed before received is refused");
	report_free(r);
}

int main(void)
{
	struct buf err = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar: %s", buf_cstr(&err));
	buf_free(&err);
	test_edges();
	test_property();
	cal_free(cal);
	return tap_done();
}
