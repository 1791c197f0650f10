/* fuzz_clock.c: libFuzzer target for the request clock. The input decodes into an event list:
 * bytes 0–1 pick the first date (from 2008-01-01) and "today"'s offset, then each 8 bytes make
 * one event: kind, days after the previous event (may step back), channel/party, extension days,
 * decision, strings, delivery and supplement-period offsets. Every list is checked, the last
 * event applied to the rest, and the status of an accepted list is checked against invariants:
 * it must never crash, and a BUG here is a finding. */
#include "common.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "law/decision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct calendar *cal;

static const char *const names[] = {NULL, "", "甲公司", "乙"};

static void decode(const uint8_t *p, zf_day *last, struct clock_event *e)
{
	/* kinds beyond the enum test the refusal of bad values */
	e->kind = (enum clock_event_kind)(p[0] % (CLOCK_EVENT_KINDS + 1));
	*last += (int8_t)p[1] % 40;
	e->on = *last;
	e->channel = (enum clock_channel)(p[2] % (CLOCK_CHANNELS + 1));
	e->party = (enum clock_party)(p[2] % (CLOCK_PARTIES + 1));
	e->arrived = p[2] & 0x80 ? e->on - (p[3] & 7) : 0;
	e->days = (int8_t)p[3] % 24;
	size_t d = p[4] % (DECISION_COUNT + 2);
	e->decision = d < DECISION_COUNT ? decision_table[d].key : d == DECISION_COUNT ? "x" : NULL;
	e->who = names[p[5] & 3];
	e->approver = names[(p[5] >> 2) & 3];
	e->letter_no = names[(p[5] >> 4) & 3];
	e->delivered = p[6] & 0x80 ? e->on + (p[6] & 0x7f) - 4 : 0;
	e->until = p[7] & 0x80 ? e->on + (p[7] & 0x7f) - 8 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!cal) {
		struct buf err = BUF_INIT;
		cal = cal_new();
		if (!cal || cal_load_builtin(cal, &err))
			BUG("built-in calendar: %s", buf_cstr(&err));
		buf_free(&err);
	}
	if (size < 2)
		return 0;
	zf_day last = date_from_ymd(2008, 1, 1) + data[0] * 30;
	zf_day today = last + data[1] * 3;
	size_t n = ZF_MIN((size - 2) / 8, (size_t)CLOCK_MAX_EVENTS + 2);
	struct clock_event *ev = calloc(n + 1, sizeof(*ev));
	if (!ev)
		return 0;
	for (size_t i = 0; i < n; i++)
		decode(data + 2 + 8 * i, &last, &ev[i]);

	struct buf err = BUF_INIT;
	size_t bad = 0;
	int rc = clock_check(cal, ev, n, &bad, &err);
	if (rc && (bad > n || !err.len))
		BUG("refusal without a reason or with a bad index");
	if (n) {
		buf_reset(&err);
		int rc_apply = clock_apply(cal, ev, n - 1, &ev[n - 1], &err);
		if (rc == 0 && rc_apply != 0)
			BUG("clock_apply refuses what clock_check accepts: %s", buf_cstr(&err));
	}
	struct clock_status st;
	buf_reset(&err);
	if (clock_compute(cal, ev, n, today, &st, &err) == 0) {
		if (rc)
			BUG("clock_compute accepts what clock_check refuses");
		if (st.closed != (st.report_row != NULL))
			BUG("closed without a report row, or open with one");
		if (st.report_row && !decision_by_key(st.report_row))
			BUG("report row %s is not a table-3 row", st.report_row);
		if (st.has_due &&
		    (!cal_is_working(cal, st.due) ||
		     cal_count_working_days(cal, st.start, st.due) != st.working_days ||
		     st.working_days < 20))
			BUG("due date not 20+ working days after the start");
		for (size_t i = 0; i < st.nsteps; i++)
			if (!st.steps[i] || !*st.steps[i])
				BUG("empty step");
		clock_status_free(&st);
	}
	buf_free(&err);
	free(ev);
	return 0;
}
