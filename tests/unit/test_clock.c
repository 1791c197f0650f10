/* test_clock.c: the request clock, event by event, with due dates computed by hand from the
 * 2026 calendar (春节 02-15..23 off, 02-14 and 02-28 worked; 清明 04-04..06; 端午 06-19..21). */
#include "common.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "law/decision.h"
#include "tap.h"

static struct calendar *cal;

static zf_day D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static const char *ds(zf_day d)
{
	static char b[4][11];
	static int i;
	i = (i + 1) % 4;
	return d ? date_format(d, b[i]) : "-";
}

static struct clock_event RECV(zf_day on) {
	return (struct clock_event){.kind = CLOCK_RECEIVED, .on = on, .channel = CLOCK_ONLINE};
}

static struct clock_event
EV(enum clock_event_kind kind, zf_day on) {
	return (struct clock_event){.kind = kind, .on = on};
}

static struct clock_event
REPLY(zf_day on, const char *decision) {
	return (struct clock_event){.kind = CLOCK_REPLIED,
				    .on = on,
				    .decision = decision,
				    .letter_no = "某政公开〔2026〕1号"};
}

static struct clock_event
EXT(zf_day on, int days) {
	return (struct clock_event){
	    .kind = CLOCK_EXTENSION_APPROVED, .on = on, .days = days, .approver = "李主任"};
}

static struct clock_event
CONSULT(enum clock_event_kind kind, zf_day on, enum clock_party party, const char *who) {
	return (struct clock_event){.kind = kind, .on = on, .party = party, .who = who};
}

/* Computes the status; BUGs out when the history is refused (the test would be meaningless). */
static void
compute(const struct clock_event *ev, size_t n, zf_day today, struct clock_status *st)
{
	struct buf err = BUF_INIT;
	if (clock_compute(cal, ev, n, today, st, &err))
		BUG("history refused: %s", buf_cstr(&err));
	buf_free(&err);
}

/* Checks that the history is refused with `code` and a reason containing `why`. */
static void refused(const struct clock_event *ev, size_t n, int code, const char *why,
		    const char *name)
{
	struct buf err = BUF_INIT;
	size_t bad = 99;
	int rc = clock_check(cal, ev, n, &bad, &err);
	tap_ok(rc == code && strstr(buf_cstr(&err), why) != NULL && bad == n - 1,
	       "refused: %s (rc %d, at %zu: %s)", name, rc, bad, buf_cstr(&err));
	/* the same event checked alone against its history */
	buf_reset(&err);
	tap_int(clock_apply(cal, ev, n - 1, &ev[n - 1], &err), code, "clock_apply agrees: %s",
		name);
	buf_free(&err);
}

static void test_plain(void)
{
	struct clock_event ev[] = {RECV(D(2026, 2, 10)), REPLY(D(2026, 3, 12), "granted")};
	ev[0].arrived = D(2026, 2, 9);
	struct clock_status st;
	compute(ev, 1, D(2026, 3, 10), &st);
	tap_str(st.state, "processing", "received: processing");
	tap_str(st.state_label, "办理中", "labelled 办理中");
	tap_str(ds(st.due), "2026-03-16", "issue example: received 2026-02-10 → due 2026-03-16");
	tap_str(ds(st.received), "2026-02-10", "the legal receipt date");
	tap_str(ds(st.arrived), "2026-02-09", "the raw arrival date kept apart");
	tap_int(st.working_days, 20, "20 working days");
	tap_int(st.days_left, 6, "6 calendar days left on 03-10");
	tap_int(st.working_days_left, 4, "4 working days left on 03-10 (11, 12, 13, 16)");
	tap_ok(!st.overdue && !st.closed && st.running && !st.provisional, "running, on time");
	tap_str(ds(st.supplement_notice_due), "2026-02-26",
		"supplement notice due 7 working days after receipt (春节 skipped)");
	tap_ok(st.report_row == NULL, "no report row while open");
	tap_ok(st.nsteps > 0 && strstr(st.steps[0], "收到申请之日") != NULL, "steps in Chinese: %s",
	       st.nsteps ? st.steps[0] : "");
	clock_status_free(&st);

	compute(ev, 1, D(2026, 3, 16), &st);
	tap_ok(st.days_left == 0 && st.working_days_left == 0 && !st.overdue,
	       "on the due date: 0 left, not overdue");
	clock_status_free(&st);
	compute(ev, 1, D(2026, 3, 18), &st);
	tap_ok(st.overdue && st.days_left == -2 && st.working_days_left == -2,
	       "two days later: overdue by 2 (%d, %d)", st.days_left, st.working_days_left);
	clock_status_free(&st);

	compute(ev, 2, D(2026, 6, 1), &st);
	tap_str(st.state, "replied", "replied: state replied");
	tap_str(st.state_label, "已答复", "labelled 已答复");
	tap_str(st.report_row, "granted", "report row = the decision");
	tap_str(ds(st.closed_on), "2026-03-12", "closed on the reply date");
	tap_str(st.letter_no, "某政公开〔2026〕1号", "the letter number kept");
	tap_ok(st.closed && !st.running && !st.overdue, "closed on time");
	clock_status_free(&st);

	ev[1].on = D(2026, 3, 17);
	compute(ev, 2, D(2026, 6, 1), &st);
	tap_ok(st.overdue && (st.warnings & CLOCK_WARN_REPLY_LATE), "a reply on 03-17 is late");
	clock_status_free(&st);

	/* the channels: the receipt date is given; in person it must be the arrival day */
	static const enum clock_channel chans[] = {CLOCK_IN_PERSON, CLOCK_POST, CLOCK_LETTER,
						   CLOCK_ONLINE, CLOCK_FAX};
	for (size_t i = 0; i < ARRAY_SIZE(chans); i++) {
		struct clock_event r = RECV(D(2026, 2, 10));
		r.channel = chans[i];
		compute(&r, 1, D(2026, 2, 10), &st);
		tap_ok(st.channel == chans[i] && st.due == D(2026, 3, 16), "channel %s (%s)",
		       clock_channel_key(chans[i]), clock_channel_label(chans[i]));
		clock_status_free(&st);
	}
	struct clock_event late_year = RECV(D(2026, 12, 15));
	compute(&late_year, 1, D(2026, 12, 15), &st);
	tap_ok(st.provisional, "a due date in 2027 (calendar not covered) is provisional");
	clock_status_free(&st);
}

static void test_supplement(void)
{
	struct clock_event ev[] = {
	    RECV(D(2026, 3, 2)),
	    EV(CLOCK_SUPPLEMENT_REQUESTED, D(2026, 3, 4)),
	    EV(CLOCK_SUPPLEMENT_RECEIVED, D(2026, 3, 9)),
	    REPLY(D(2026, 4, 7), "unavailable_still_unclear"),
	};
	ev[1].until = D(2026, 3, 18);
	struct clock_status st;
	compute(ev, 2, D(2026, 3, 5), &st);
	tap_str(st.state, "awaiting_supplement", "supplement requested: awaiting_supplement");
	tap_str(st.state_label, "待补正", "labelled 待补正");
	tap_ok(!st.has_due && !st.running && !st.overdue, "no due date while waiting");
	tap_str(ds(st.supplement_until), "2026-03-18", "the period given to the applicant");
	clock_status_free(&st);

	compute(ev, 3, D(2026, 3, 9), &st);
	tap_str(st.state, "processing", "supplement received: processing again");
	tap_str(ds(st.start), "2026-03-09", "the clock restarts on the supplement's arrival");
	tap_str(ds(st.due), "2026-04-07", "restart: 03-09 + 20 working days (清明 skipped)");
	tap_str(ds(st.supplement_received), "2026-03-09", "supplement received kept");
	clock_status_free(&st);

	compute(ev, 4, D(2026, 4, 8), &st);
	tap_str(st.report_row, "unavailable_still_unclear", "still unclear after supplement");
	tap_ok(!st.overdue, "replied on the due date: not late");
	clock_status_free(&st);

	/* lapse */
	struct clock_event lapse[] = {ev[0], ev[1], EV(CLOCK_SUPPLEMENT_LAPSED, D(2026, 3, 19))};
	compute(lapse, 3, D(2026, 3, 20), &st);
	tap_str(st.state, "closed_no_supplement", "lapsed: closed_no_supplement");
	tap_str(st.report_row, "other_no_supplement", "report row other_no_supplement");
	tap_str(ds(st.closed_on), "2026-03-19", "closed on the lapse date");
	clock_status_free(&st);

	/* a supplement asked after 7 working days is accepted, with a warning */
	struct clock_event late[] = {RECV(D(2026, 2, 10)),
				     EV(CLOCK_SUPPLEMENT_REQUESTED, D(2026, 2, 27))};
	compute(late, 2, D(2026, 2, 27), &st);
	tap_ok(st.warnings & CLOCK_WARN_SUPPLEMENT_LATE, "supplement asked after 02-26: warned");
	clock_status_free(&st);
	late[1].on = D(2026, 2, 26);
	compute(late, 2, D(2026, 2, 27), &st);
	tap_ok(!(st.warnings & CLOCK_WARN_SUPPLEMENT_LATE), "asked on 02-26: in time");
	clock_status_free(&st);

	/* a consultation closed before the supplement does not count after the restart */
	struct clock_event drop[] = {
	    RECV(D(2026, 3, 2)),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 3, 3), CLOCK_THIRD_PARTY, NULL),
	    CONSULT(CLOCK_CONSULTATION_ANSWERED, D(2026, 3, 4), CLOCK_THIRD_PARTY, NULL),
	    EV(CLOCK_SUPPLEMENT_REQUESTED, D(2026, 3, 5)),
	    EV(CLOCK_SUPPLEMENT_RECEIVED, D(2026, 3, 9)),
	};
	compute(drop, 5, D(2026, 3, 9), &st);
	tap_ok(st.due == D(2026, 4, 7) && st.excluded_days == 0 && st.nwindows == 1 &&
		   !st.windows[0].counted,
	       "a window before the restart is not counted (due %s)", ds(st.due));
	clock_status_free(&st);
}

static void test_consultation(void)
{
	struct clock_event ev[] = {
	    RECV(D(2026, 5, 11)),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 5, 13), CLOCK_THIRD_PARTY, "某公司"),
	    CONSULT(CLOCK_CONSULTATION_ANSWERED, D(2026, 5, 20), CLOCK_THIRD_PARTY, "某公司"),
	    REPLY(D(2026, 6, 12), "withheld_third_party_rights"),
	};
	ev[1].delivered = D(2026, 5, 14);
	struct clock_status st;
	compute(ev, 2, D(2026, 5, 15), &st);
	tap_str(st.state, "consulting", "letter sent: consulting");
	tap_str(st.state_label, "征求意见中", "labelled 征求意见中");
	tap_ok(st.suspended, "suspended while the window is open");
	tap_str(ds(st.windows[0].limit), "2026-06-04",
		"the third party's 15 working days run from delivery 05-14");
	tap_str(ds(st.due), "2026-07-01",
		"open window counted to its limit: 16 excluded, 36 days → 07-01 (端午 skipped)");
	clock_status_free(&st);

	compute(ev, 3, D(2026, 5, 20), &st);
	tap_str(ds(st.due), "2026-06-15", "answered 05-20: 5 working days excluded → 06-15");
	tap_int(st.excluded_days, 5, "(05-13, 05-20] holds 5 working days");
	tap_int(st.working_days, 25, "25 working days counted");
	tap_str(st.state, "processing", "answered: processing");
	clock_status_free(&st);

	compute(ev, 4, D(2026, 6, 20), &st);
	tap_str(st.report_row, "withheld_third_party_rights", "row: third-party rights");
	clock_status_free(&st);

	/* co-maker, lapsed after its limit */
	struct clock_event co[] = {
	    RECV(D(2026, 5, 11)),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 5, 13), CLOCK_CO_MAKER, NULL),
	    CONSULT(CLOCK_CONSULTATION_LAPSED, D(2026, 6, 4), CLOCK_CO_MAKER, NULL),
	};
	co[1].delivered = D(2026, 5, 14);
	refused(co, 3, ZF_ESTATE, "尚未届满", "a co-maker lapse on its last day 06-04");
	co[2].on = D(2026, 6, 5);
	compute(co, 3, D(2026, 6, 5), &st);
	tap_ok(!st.windows[0].open && st.windows[0].to == D(2026, 6, 4),
	       "lapsed: the window ends at the limit 06-04");
	tap_str(ds(st.due), "2026-07-01", "so the due date is that of the full window");
	clock_status_free(&st);

	/* an open consultation is closed by the reply */
	struct clock_event open[] = {
	    RECV(D(2026, 5, 11)),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 5, 13), CLOCK_THIRD_PARTY, NULL),
	    REPLY(D(2026, 5, 15), "granted"),
	};
	compute(open, 3, D(2026, 5, 15), &st);
	tap_ok(st.closed && !st.windows[0].open && st.windows[0].to == D(2026, 5, 15) &&
		   !st.suspended,
	       "replying during a consultation closes its window on the reply date");
	clock_status_free(&st);

	/* two third parties; answers paired by name */
	struct clock_event two[] = {
	    RECV(D(2026, 5, 11)),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 5, 12), CLOCK_THIRD_PARTY, "甲"),
	    CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 5, 13), CLOCK_THIRD_PARTY, "乙"),
	    CONSULT(CLOCK_CONSULTATION_ANSWERED, D(2026, 5, 14), CLOCK_THIRD_PARTY, "乙"),
	    CONSULT(CLOCK_CONSULTATION_ANSWERED, D(2026, 5, 15), CLOCK_THIRD_PARTY, "丙"),
	};
	refused(two, 5, ZF_ESTATE, "没有向第三方“丙”发出", "an answer from someone not asked");
	compute(two, 4, D(2026, 5, 14), &st);
	tap_ok(st.windows[0].open && !st.windows[1].open, "乙's answer closed 乙's letter only");
	tap_str(st.state, "consulting", "甲 still pending: consulting");
	clock_status_free(&st);
}

static void test_extension(void)
{
	struct clock_event ev[] = {RECV(D(2026, 2, 10)), EXT(D(2026, 3, 10), 10),
				   EXT(D(2026, 3, 20), 10), EXT(D(2026, 3, 25), 1)};
	struct clock_status st;
	compute(ev, 2, D(2026, 3, 10), &st);
	tap_str(ds(st.due), "2026-03-30", "extension of 10: 30 working days → 03-30");
	tap_str(st.state_label, "办理中（已延期）", "labelled 办理中（已延期）");
	tap_int(st.extension, 10, "extension 10");
	clock_status_free(&st);
	compute(ev, 3, D(2026, 3, 20), &st);
	tap_str(ds(st.due), "2026-04-14", "a second extension to 20 in total → 04-14");
	clock_status_free(&st);
	refused(ev, 4, ZF_ESTATE, "不得超过 20", "a third extension beyond 20 in total");

	struct clock_event after[] = {RECV(D(2026, 2, 10)), EXT(D(2026, 3, 17), 5)};
	refused(after, 2, ZF_ESTATE, "已于 2026-03-16 届满", "an extension after the deadline");
	after[1].on = D(2026, 3, 16);
	tap_int(clock_check(cal, after, 2, NULL, NULL), 0, "an extension on the due date is fine");

	struct clock_event big[] = {RECV(D(2026, 2, 10)), EXT(D(2026, 3, 2), 21)};
	refused(big, 2, ZF_ERANGE, "延期天数 21", "an extension of 21 days");
	big[1].days = 0;
	refused(big, 2, ZF_ERANGE, "延期天数 0", "an extension of 0 days");
	struct clock_event anon[] = {RECV(D(2026, 2, 10)), EXT(D(2026, 3, 2), 5)};
	anon[1].approver = "";
	refused(anon, 2, ZF_EINVAL, "负责人", "an extension without approver");
}

static void test_fee(void)
{
	struct clock_event ev[] = {
	    RECV(D(2026, 3, 2)),
	    EV(CLOCK_FEE_NOTICE_SENT, D(2026, 3, 5)),
	    EV(CLOCK_FEE_PAID, D(2026, 3, 11)),
	    REPLY(D(2026, 4, 3), "partially_granted"),
	};
	ev[1].delivered = D(2026, 3, 6);
	struct clock_status st;
	compute(ev, 2, D(2026, 3, 6), &st);
	tap_str(st.state, "awaiting_fee", "notice sent: awaiting_fee");
	tap_str(st.state_label, "待缴费", "labelled 待缴费");
	tap_str(ds(st.windows[0].limit), "2026-04-03",
		"payment due 20 working days after delivery 03-06");
	clock_status_free(&st);
	compute(ev, 3, D(2026, 3, 11), &st);
	tap_str(ds(st.due), "2026-04-03", "paid 03-11: 4 working days excluded → 04-03");
	tap_int(st.excluded_days, 4, "(03-05, 03-11] holds 4 working days");
	clock_status_free(&st);
	compute(ev, 4, D(2026, 4, 3), &st);
	tap_str(st.report_row, "partially_granted", "row: partially granted");
	clock_status_free(&st);

	struct clock_event lapse[] = {ev[0], ev[1], EV(CLOCK_FEE_LAPSED, D(2026, 4, 3))};
	refused(lapse, 3, ZF_ESTATE, "缴费期限至 2026-04-03", "a fee lapse on the last day to pay");
	lapse[2].on = D(2026, 4, 7);
	compute(lapse, 3, D(2026, 4, 7), &st);
	tap_str(st.state, "closed_fee_unpaid", "fee lapsed: closed_fee_unpaid");
	tap_str(st.report_row, "other_fee_unpaid", "report row other_fee_unpaid");
	tap_str(ds(st.closed_on), "2026-04-07", "closed on the lapse date");
	clock_status_free(&st);

	struct clock_event twice[] = {ev[0], ev[1], ev[2],
				      EV(CLOCK_FEE_NOTICE_SENT, D(2026, 3, 12))};
	refused(twice, 4, ZF_ESTATE, "只能收费一次", "a second fee notice");
}

static void test_withdrawn(void)
{
	struct clock_event ev[] = {RECV(D(2026, 2, 10)), EV(CLOCK_WITHDRAWN, D(2026, 2, 12))};
	struct clock_status st;
	compute(ev, 2, D(2026, 2, 13), &st);
	tap_str(st.state, "withdrawn", "withdrawn");
	tap_str(st.report_row, "other_other", "report row other_other");
	tap_ok(st.closed && !st.overdue, "closed, not overdue");
	clock_status_free(&st);

	/* every decision a reply may carry is its own row */
	int bad = 0;
	for (size_t i = 0; i < DECISION_COUNT; i++) {
		const struct decision *d = &decision_table[i];
		struct clock_event h[] = {
		    RECV(D(2026, 2, 10)), EV(CLOCK_SUPPLEMENT_REQUESTED, D(2026, 2, 11)),
		    EV(CLOCK_SUPPLEMENT_RECEIVED, D(2026, 2, 12)), REPLY(D(2026, 2, 24), d->key)};
		if (d->flags & DECISION_BY_LAPSE)
			continue;
		if (clock_compute(cal, h, 4, D(2026, 3, 1), &st, NULL) ||
		    strcmp(st.report_row, d->key) != 0)
			bad++;
		clock_status_free(&st);
	}
	tap_int(bad, 0, "each of the %d reply decisions reaches its own report row",
		DECISION_COUNT - 2);
}

static void test_impossible(void)
{
	zf_day r = D(2026, 2, 10);
	struct clock_event reply_first[] = {REPLY(r, "granted")};
	refused(reply_first, 1, ZF_ESTATE, "尚未登记收到申请", "a reply before receipt");
	struct clock_event before[] = {RECV(r), EV(CLOCK_WITHDRAWN, r - 1)};
	refused(before, 2, ZF_ESTATE, "早于收到申请之日", "an event dated before receipt");
	struct clock_event again[] = {RECV(r), RECV(r + 1)};
	refused(again, 2, ZF_ESTATE, "不能重复登记", "a second receipt");
	struct clock_event after_final[] = {RECV(r), REPLY(r + 2, "granted"), EXT(r + 3, 5)};
	refused(after_final, 3, ZF_ESTATE, "已于 2026-02-12 办结", "an extension after the reply");
	struct clock_event two[] = {RECV(r), REPLY(r + 2, "granted"), REPLY(r + 3, "granted")};
	refused(two, 3, ZF_ESTATE, "办结", "two decisions");
	struct clock_event after_lapse[] = {RECV(r), EV(CLOCK_SUPPLEMENT_REQUESTED, r + 1),
					    EV(CLOCK_SUPPLEMENT_LAPSED, r + 30),
					    EV(CLOCK_SUPPLEMENT_RECEIVED, r + 31)};
	refused(after_lapse, 4, ZF_ESTATE, "办结", "a supplement after the lapse");
	struct clock_event order[] = {RECV(r), EXT(r + 5, 5), EXT(r + 4, 5)};
	refused(order, 3, ZF_ESTATE, "按日期先后", "events out of date order");
	struct clock_event sup_no_req[] = {RECV(r), EV(CLOCK_SUPPLEMENT_RECEIVED, r + 1)};
	refused(sup_no_req, 2, ZF_ESTATE, "没有告知过补正", "supplement received without request");
	struct clock_event sup_twice[] = {RECV(r), EV(CLOCK_SUPPLEMENT_REQUESTED, r + 1),
					  EV(CLOCK_SUPPLEMENT_RECEIVED, r + 2),
					  EV(CLOCK_SUPPLEMENT_REQUESTED, r + 3)};
	refused(sup_twice, 4, ZF_ESTATE, "一次性告知", "a second supplement request");
	struct clock_event sup_lapse_early[] = {RECV(r), EV(CLOCK_SUPPLEMENT_REQUESTED, r + 1),
						EV(CLOCK_SUPPLEMENT_LAPSED, r + 5)};
	sup_lapse_early[1].until = r + 15;
	refused(sup_lapse_early, 3, ZF_ESTATE, "尚未届满", "a supplement lapse before its period");
	struct clock_event sup_lapse_none[] = {RECV(r), EV(CLOCK_SUPPLEMENT_LAPSED, r + 5)};
	refused(sup_lapse_none, 2, ZF_ESTATE, "没有待补正", "a supplement lapse without request");
	struct clock_event ans[] = {
	    RECV(r), CONSULT(CLOCK_CONSULTATION_ANSWERED, r + 1, CLOCK_THIRD_PARTY, NULL)};
	refused(ans, 2, ZF_ESTATE, "尚未结束的征求意见", "consultation answered without start");
	struct clock_event paid[] = {RECV(r), EV(CLOCK_FEE_PAID, r + 1)};
	refused(paid, 2, ZF_ESTATE, "没有待缴费的收费通知", "fee paid without a notice");
	struct clock_event fee_lapse[] = {RECV(r), EV(CLOCK_FEE_LAPSED, r + 40)};
	refused(fee_lapse, 2, ZF_ESTATE, "没有待缴费的收费通知", "fee lapsed without a notice");
	struct clock_event while_sup[] = {
	    RECV(r), EV(CLOCK_SUPPLEMENT_REQUESTED, r + 1),
	    CONSULT(CLOCK_CONSULTATION_STARTED, r + 2, CLOCK_THIRD_PARTY, NULL)};
	refused(while_sup, 3, ZF_ESTATE, "正在等待申请人补正",
		"consultation while awaiting supplement");
	while_sup[2] = EXT(r + 2, 5);
	refused(while_sup, 3, ZF_ESTATE, "正在等待申请人补正",
		"extension while awaiting supplement");
	while_sup[2] = EV(CLOCK_FEE_NOTICE_SENT, r + 2);
	refused(while_sup, 3, ZF_ESTATE, "正在等待申请人补正",
		"fee notice while awaiting supplement");
	struct clock_event sup_open[] = {
	    RECV(r), CONSULT(CLOCK_CONSULTATION_STARTED, r + 1, CLOCK_THIRD_PARTY, NULL),
	    EV(CLOCK_SUPPLEMENT_REQUESTED, r + 2)};
	refused(sup_open, 3, ZF_ESTATE, "尚未结束", "supplement requested during a consultation");
	struct clock_event sup_ext[] = {RECV(r), EXT(r + 1, 5),
					EV(CLOCK_SUPPLEMENT_REQUESTED, r + 2)};
	refused(sup_ext, 3, ZF_ESTATE, "已批准延期", "supplement requested after an extension");
	struct clock_event late_window[] = {
	    RECV(r), CONSULT(CLOCK_CONSULTATION_STARTED, D(2026, 3, 17), CLOCK_THIRD_PARTY, NULL)};
	refused(late_window, 2, ZF_ESTATE, "届满", "consultation after the deadline");
	late_window[1] = EV(CLOCK_FEE_NOTICE_SENT, D(2026, 3, 17));
	refused(late_window, 2, ZF_ESTATE, "届满", "fee notice after the deadline");
	struct clock_event lapse_reply[] = {RECV(r), REPLY(r + 1, "other_no_supplement")};
	refused(lapse_reply, 2, ZF_ESTATE, "逾期未补正", "a reply claiming other_no_supplement");
	lapse_reply[1].decision = "other_fee_unpaid";
	refused(lapse_reply, 2, ZF_ESTATE, "逾期未缴费", "a reply claiming other_fee_unpaid");
	lapse_reply[1].decision = "unavailable_still_unclear";
	refused(lapse_reply, 2, ZF_ESTATE, "尚未收到补正", "still unclear without a supplement");
	lapse_reply[1].decision = "granted_maybe";
	refused(lapse_reply, 2, ZF_EINVAL, "partially_granted",
		"unknown decision, valid keys listed");
	lapse_reply[1].decision = NULL;
	refused(lapse_reply, 2, ZF_EINVAL, "可用的有", "a reply without decision");

	/* malformed fields */
	struct clock_event in_person[] = {RECV(r)};
	in_person[0].channel = CLOCK_IN_PERSON;
	in_person[0].arrived = r - 1;
	refused(in_person, 1, ZF_EINVAL, "当面提交", "in person, arrival differs from receipt");
	in_person[0].channel = CLOCK_POST;
	in_person[0].arrived = r + 1;
	refused(in_person, 1, ZF_EINVAL, "晚于收到申请之日", "arrival after the receipt date");
	in_person[0].channel = (enum clock_channel)9;
	refused(in_person, 1, ZF_EINVAL, "渠道", "an unknown channel");
	struct clock_event deliv[] = {RECV(r), EV(CLOCK_FEE_NOTICE_SENT, r + 2)};
	deliv[1].delivered = r + 1;
	refused(deliv, 2, ZF_EINVAL, "早于发出日期", "delivered before sent");
	deliv[1].delivered = r + 100;
	refused(deliv, 2, ZF_ERANGE, "疑为录入错误", "delivered 98 days after sent");
	struct clock_event old[] = {RECV(D(1989, 12, 31))};
	refused(old, 1, ZF_ERANGE, "超出", "a date before 1990");
	struct clock_event kind[] = {RECV(r), EV((enum clock_event_kind)77, r)};
	refused(kind, 2, ZF_EINVAL, "未知的事件类型", "an unknown event kind");

	struct clock_status st;
	struct buf err = BUF_INIT;
	tap_int(clock_compute(cal, NULL, 0, r, &st, &err), ZF_ESTATE, "no events: refused");
	tap_ok(strstr(buf_cstr(&err), "收到申请") != NULL, "saying so: %s", buf_cstr(&err));
	buf_free(&err);
}

static void test_apply(void)
{
	zf_day r = D(2026, 2, 10);
	struct clock_event h[] = {RECV(r), EV(CLOCK_SUPPLEMENT_REQUESTED, r + 1)};
	struct clock_event ok = EV(CLOCK_SUPPLEMENT_RECEIVED, r + 2);
	struct clock_event bad = REPLY(r + 2, "nonsense");
	struct buf err = BUF_INIT;
	tap_int(clock_apply(cal, h, 2, &ok, &err), 0, "apply: the supplement may follow");
	tap_int(clock_apply(cal, h, 2, &bad, &err), ZF_EINVAL, "apply: a bad reply may not");
	tap_ok(strstr(buf_cstr(&err), "没有“nonsense”这种答复结果") != NULL, "reason: %.60s…",
	       buf_cstr(&err));
	tap_int(clock_apply(cal, NULL, 0, &h[0], NULL), 0, "apply: receipt starts a history");
	size_t where = 0;
	struct clock_event seq[] = {RECV(r), EXT(r + 1, 5), EXT(r + 2, 25), EXT(r + 3, 5)};
	buf_reset(&err);
	tap_int(clock_check(cal, seq, 4, &where, &err), ZF_ERANGE, "check: stops at the bad event");
	tap_int((long long)where, 2, "at index 2");
	tap_ok(strncmp(buf_cstr(&err), "第 3 个事件“批准延期”：",
		       strlen("第 3 个事件“批准延期”：")) == 0,
	       "the reason names it: %s", buf_cstr(&err));
	buf_free(&err);
}

static void test_keys(void)
{
	int bad = 0;
	for (int k = 0; k < CLOCK_EVENT_KINDS; k++)
		if (clock_event_kind_by_key(str_c(clock_event_key(k))) != k ||
		    strcmp(clock_event_label(k), "?") == 0)
			bad++;
	for (int c = 0; c < CLOCK_CHANNELS; c++)
		if (clock_channel_by_key(str_c(clock_channel_key(c))) != c)
			bad++;
	for (int p = 0; p < CLOCK_PARTIES; p++)
		if (clock_party_by_key(str_c(clock_party_key(p))) != p)
			bad++;
	tap_int(bad, 0, "keys round-trip");
	tap_int(clock_event_kind_by_key(STR_LIT("nope")), ZF_ENOENT, "unknown key");
	tap_str(clock_event_label(CLOCK_EXTENSION_APPROVED), "批准延期", "event label");
	tap_str(clock_channel_label(CLOCK_LETTER), "平常信函", "channel label");
	tap_str(clock_party_label(CLOCK_CO_MAKER), "共同制作机关", "party label");
	tap_str(clock_event_key((enum clock_event_kind)99), "?", "out of range key");
}

static void test_decisions(void)
{
	static const char *const keys[] = {
	    "granted",
	    "partially_granted",
	    "withheld_state_secret",
	    "withheld_prohibited_by_law",
	    "withheld_three_safeties",
	    "withheld_third_party_rights",
	    "withheld_internal_affairs",
	    "withheld_process_info",
	    "withheld_enforcement_file",
	    "withheld_administrative_query",
	    "unavailable_not_held",
	    "unavailable_needs_creation",
	    "unavailable_still_unclear",
	    "not_processed_petition",
	    "not_processed_repeated",
	    "not_processed_publication",
	    "not_processed_excessive",
	    "not_processed_confirmation",
	    "other_no_supplement",
	    "other_fee_unpaid",
	    "other_other",
	};
	tap_int(ARRAY_SIZE(keys), DECISION_COUNT, "21 decisions");
	int bad = 0;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const struct decision *d = decision_by_key(keys[i]);
		if (!d || d != &decision_table[i] || !d->row || !d->label || !d->remedy ||
		    strncmp(d->row, "三（", strlen("三（")) != 0)
			bad++;
	}
	tap_int(bad, 0, "every table-3 result row, in order, with row, label and remedy");
	const struct decision *d = decision_by_key("partially_granted");
	tap_ok(d && strstr(d->basis, "第三十七条"), "部分公开 cites Art. 37");
	d = decision_by_key("granted");
	tap_ok(d && strstr(d->basis, "第三十六条第（二）项"),
	       "予以公开 cites 第三十六条第（二）项");
	d = decision_by_key("withheld_process_info");
	tap_ok(d && strstr(d->basis, "第十六条第二款"), "过程性信息 cites Art. 16(2)");
	tap_str(decision_group_label(d->group), "不予公开", "its group");
	d = decision_by_key("unavailable_not_held");
	tap_str(d->row, "三（四）1.本机关不掌握相关政府信息", "row label exact");
	tap_ok(strstr(d->remedy, "行政复议") && strstr(d->remedy, "行政诉讼"), "remedy wording");
	tap_ok(decision_by_key("nope") == NULL && decision_by_key(NULL) == NULL, "unknown → NULL");
	struct buf err = BUF_INIT;
	tap_int(decision_lookup(STR_LIT("withheld"), &d, &err), ZF_ENOENT, "lookup refuses");
	tap_ok(d == NULL &&
		   strstr(buf_cstr(&err), "withheld_state_secret（不予公开（属于国家秘密））"),
	       "listing the valid keys");
	buf_free(&err);
}

int main(void)
{
	cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("built-in calendar: %s", buf_cstr(&err));
	buf_free(&err);
	test_plain();
	test_supplement();
	test_consultation();
	test_extension();
	test_fee();
	test_withdrawn();
	test_impossible();
	test_apply();
	test_keys();
	test_decisions();
	cal_free(cal);
	return tap_done();
}
