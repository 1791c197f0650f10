/* test_clock_property.c: thousands of random valid event histories, generated from the rules by a
 * seeded PRNG independently of the clock: the clock must accept each one event by event, every
 * closed request must have exactly one report row (the expected one), every due date must be a
 * working day at least 20 working days after the start, and random invalid mutations of the
 * histories must be refused. Set CLOCK_SEED to replay another seed. */
#include "common.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "law/decision.h"
#include "tap.h"

#define HISTORIES 20000
#define MAX_EV	  40

static struct calendar *cal;
static uint64_t rng;

static uint64_t next(void)
{
	/* splitmix64 */
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rnd(int n)
{
	return (int)(next() % (uint64_t)n);
}

static const char *const names[] = {NULL, "甲公司", "乙街道办"};

/* The generator's own model of what the law allows next. */
struct model {
	zf_day recv, start, last;
	int sup; /* 0 none, 1 pending, 2 received */
	zf_day sup_until;
	int extension;
	bool fee_noticed;
	struct {
		bool fee, open;
		enum clock_party party;
		const char *who;
		zf_day limit;
	} w[MAX_EV];
	int nw;
	const char *row; /* expected report row once closed */
};

static bool any_open(const struct model *m)
{
	for (int i = 0; i < m->nw; i++)
		if (m->w[i].open)
			return true;
	return false;
}

static void close_all(struct model *m, const char *row)
{
	for (int i = 0; i < m->nw; i++)
		m->w[i].open = false;
	m->row = row;
}

/* Picks a reply decision a reply may carry here. */
static const char *pick_decision(const struct model *m)
{
	for (;;) {
		const struct decision *d = &decision_table[rnd(DECISION_COUNT)];
		if (d->flags & DECISION_BY_LAPSE)
			continue;
		if ((d->flags & DECISION_NEEDS_SUPPLEMENT) && m->sup != 2)
			continue;
		return d->key;
	}
}

/* Generates a valid history into ev; returns its length and the expected row (NULL = open). */
static size_t generate(struct clock_event *ev, const char **row)
{
	struct model m = {0};
	size_t n = 0;
	/* 2009–2027: 2027 is not in the calendar, so some results are provisional */
	m.recv = m.start = m.last = date_from_ymd(2009, 1, 1) + rnd(19 * 365);
	struct clock_event r = {
	    .kind = CLOCK_RECEIVED, .on = m.recv, .channel = rnd(CLOCK_CHANNELS)};
	r.arrived = r.channel == CLOCK_IN_PERSON ? m.recv : m.recv - rnd(4);
	ev[n++] = r;
	int steps = rnd(14);
	for (int s = 0; s < steps && !m.row && n < MAX_EV - 1; s++) {
		zf_day d = m.last + (rnd(4) == 0 ? rnd(25) : rnd(4));
		/* window starts and extensions stay within 20 calendar days of the start, which
		 * is never after the due date (20 working days are at least 20 days) */
		bool may_suspend = m.sup != 1 && d <= m.start + 20;
		struct clock_event e = {.on = d};
		switch (rnd(10)) {
		case 0: /* supplement */
			if (m.sup == 0 && !any_open(&m) && !m.extension) {
				e.kind = CLOCK_SUPPLEMENT_REQUESTED;
				e.until = rnd(2) ? d + rnd(20) : 0;
				m.sup = 1;
				m.sup_until = e.until;
			} else if (m.sup == 1 && rnd(3)) {
				e.kind = CLOCK_SUPPLEMENT_RECEIVED;
				m.sup = 2;
				m.start = d;
				for (int i = 0; i < m.nw; i++)
					m.w[i].open = false;
			} else if (m.sup == 1) {
				e.kind = CLOCK_SUPPLEMENT_LAPSED;
				if (m.sup_until && e.on <= m.sup_until)
					e.on = m.sup_until + 1 + rnd(3);
				close_all(&m, "other_no_supplement");
			} else {
				continue;
			}
			break;
		case 1:
		case 2: /* consultation */
			if (!may_suspend)
				continue;
			e.kind = CLOCK_CONSULTATION_STARTED;
			e.party = rnd(CLOCK_PARTIES);
			e.who = names[rnd(3)];
			e.delivered = rnd(2) ? d + rnd(5) : 0;
			m.w[m.nw].fee = false;
			m.w[m.nw].open = true;
			m.w[m.nw].party = e.party;
			m.w[m.nw].who = e.who;
			m.w[m.nw].limit = cal_add_working_days(cal, e.delivered ? e.delivered : d,
							       CLOCK_CONSULTATION_DAYS);
			m.nw++;
			break;
		case 3: { /* close a window: the oldest open one with its party and name */
			int i = 0;
			while (i < m.nw && !m.w[i].open)
				i++;
			if (i == m.nw)
				continue;
			bool lapse = rnd(3) == 0;
			if (m.w[i].fee) {
				e.kind = lapse ? CLOCK_FEE_LAPSED : CLOCK_FEE_PAID;
			} else {
				e.kind =
				    lapse ? CLOCK_CONSULTATION_LAPSED : CLOCK_CONSULTATION_ANSWERED;
				e.party = m.w[i].party;
				e.who = m.w[i].who;
			}
			if (lapse && e.on <= m.w[i].limit)
				e.on = m.w[i].limit + 1 + rnd(3);
			m.w[i].open = false;
			if (e.kind == CLOCK_FEE_LAPSED)
				close_all(&m, "other_fee_unpaid");
			break;
		}
		case 4: /* extension */
			if (!may_suspend || m.extension >= 20)
				continue;
			e.kind = CLOCK_EXTENSION_APPROVED;
			e.days = 1 + rnd(20 - m.extension);
			e.approver = "负责人";
			m.extension += e.days;
			break;
		case 5: /* fee notice */
			if (!may_suspend || m.fee_noticed)
				continue;
			e.kind = CLOCK_FEE_NOTICE_SENT;
			e.delivered = rnd(2) ? d + rnd(5) : 0;
			m.fee_noticed = true;
			m.w[m.nw].fee = true;
			m.w[m.nw].open = true;
			m.w[m.nw].limit = cal_add_working_days(cal, e.delivered ? e.delivered : d,
							       CLOCK_PAYMENT_DAYS);
			m.nw++;
			break;
		case 6:
		case 7: /* reply (possibly late, possibly with windows open) */
			e.kind = CLOCK_REPLIED;
			e.decision = pick_decision(&m);
			e.letter_no = rnd(2) ? "某公开〔2026〕8号" : NULL;
			close_all(&m, e.decision);
			break;
		case 8: /* withdrawal */
			if (rnd(3))
				continue;
			e.kind = CLOCK_WITHDRAWN;
			close_all(&m, "other_other");
			break;
		default: continue;
		}
		ev[n++] = e;
		m.last = e.on;
	}
	*row = m.row;
	return n;
}

struct counts {
	int histories, closed, refused_valid, apply_disagrees, bad_row, bad_due, bad_overdue,
	    mutations, mutation_accepted, estate_expected, estate_got;
};

static void check_valid(const struct clock_event *ev, size_t n, const char *row, struct counts *c)
{
	struct buf err = BUF_INIT;
	c->histories++;
	if (clock_check(cal, ev, n, NULL, &err)) {
		if (c->refused_valid++ < 3)
			tap_ok(false, "a valid history was refused: %s", buf_cstr(&err));
		buf_free(&err);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (clock_apply(cal, ev, i, &ev[i], NULL))
			c->apply_disagrees++;
	zf_day today = ev[n - 1].on + rnd(60);
	struct clock_status st;
	if (clock_compute(cal, ev, n, today, &st, &err)) {
		c->refused_valid++;
		buf_free(&err);
		return;
	}
	/* exactly one row once closed, none while open, and the one the generator expects */
	if (st.closed != (row != NULL) || (st.report_row != NULL) != st.closed ||
	    (row && (strcmp(st.report_row, row) != 0 || !decision_by_key(st.report_row))))
		c->bad_row++;
	c->closed += st.closed;
	if (st.has_due) {
		int counted = cal_count_working_days(cal, st.start, st.due);
		if (!cal_is_working(cal, st.due) || counted < 20 || counted != st.working_days ||
		    st.working_days != 20 + st.extension + st.excluded_days ||
		    st.due < cal_add_working_days(cal, st.start, 20))
			c->bad_due++;
	}
	if (st.running && st.overdue != (today > st.due))
		c->bad_overdue++;
	clock_status_free(&st);
	buf_free(&err);
}

static void insert(struct clock_event *ev, size_t *n, size_t at, struct clock_event e)
{
	memmove(&ev[at + 1], &ev[at], (*n - at) * sizeof(*ev));
	ev[at] = e;
	(*n)++;
}

/* Breaks a valid history in one random way; *estate says the refusal must be ZF_ESTATE. */
static void mutate(struct clock_event *ev, size_t *n, bool closed, bool *estate)
{
	zf_day recv = ev[0].on;
	*estate = true;
	for (;;) {
		switch (rnd(11)) {
		case 0: { /* a second receipt */
			size_t at = 1 + (size_t)rnd((int)*n);
			insert(ev, n, at,
			       (struct clock_event){.kind = CLOCK_RECEIVED, .on = ev[at - 1].on});
			return;
		}
		case 1: /* something before the receipt */
			if (*n < 2)
				continue;
			{
				size_t k = 1 + rnd((int)*n - 1);
				struct clock_event t = ev[0];
				ev[0] = ev[k];
				ev[k] = t;
			}
			return;
		case 2: { /* anything after a final event */
			zf_day last = ev[*n - 1].on;
			if (!closed)
				ev[(*n)++] =
				    (struct clock_event){.kind = CLOCK_WITHDRAWN, .on = last};
			ev[(*n)++] = (struct clock_event){.kind = rnd(CLOCK_EVENT_KINDS),
							  .on = last + rnd(3),
							  .decision = "granted",
							  .approver = "x",
							  .days = 1};
			return;
		}
		case 3:
			insert(ev, n, 1,
			       (struct clock_event){.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = recv});
			return;
		case 4:
			insert(
			    ev, n, 1,
			    (struct clock_event){.kind = CLOCK_CONSULTATION_ANSWERED, .on = recv});
			return;
		case 5:
			insert(ev, n, 1, (struct clock_event){.kind = CLOCK_FEE_PAID, .on = recv});
			return;
		case 6: { /* two extensions of 15 */
			struct clock_event x = {.kind = CLOCK_EXTENSION_APPROVED,
						.on = recv,
						.days = 15,
						.approver = "负责人"};
			insert(ev, n, 1, x);
			insert(ev, n, 1, x);
			return;
		}
		case 7: /* an event dated before the receipt */
			if (*n < 2)
				continue;
			ev[1 + rnd((int)*n - 1)].on = recv - 1 - rnd(10);
			return;
		case 8: /* two neighbours out of date order */
			for (size_t i = 1; i + 1 < *n; i++) {
				if (ev[i].on != ev[i + 1].on) {
					zf_day t = ev[i].on;
					ev[i].on = ev[i + 1].on;
					ev[i + 1].on = t;
					*estate = false; /* a field check may fire first */
					return;
				}
			}
			continue;
		case 9: /* an unknown decision */
			if (ev[*n - 1].kind != CLOCK_REPLIED)
				continue;
			ev[*n - 1].decision = rnd(2) ? "granted " : NULL;
			*estate = false;
			return;
		case 10: /* a second supplement request */
			for (size_t i = 1; i < *n; i++) {
				if (ev[i].kind == CLOCK_SUPPLEMENT_REQUESTED) {
					struct clock_event again = ev[i];
					again.until = 0;
					insert(ev, n, i + 1, again);
					return;
				}
			}
			continue;
		}
	}
}

int main(void)
{
	cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("built-in calendar: %s", buf_cstr(&err));
	buf_free(&err);
	const char *seed = getenv("CLOCK_SEED");
	rng = seed ? strtoull(seed, NULL, 10) : 20260210;
	printf("# seed %llu\n", (unsigned long long)rng);

	struct counts c = {0};
	int kinds[CLOCK_EVENT_KINDS] = {0};
	for (int h = 0; h < HISTORIES; h++) {
		struct clock_event ev[MAX_EV + 8];
		const char *row;
		size_t n = generate(ev, &row);
		for (size_t i = 0; i < n; i++)
			kinds[ev[i].kind]++;
		check_valid(ev, n, row, &c);

		bool estate;
		mutate(ev, &n, row != NULL, &estate);
		c.mutations++;
		int rc = clock_check(cal, ev, n, NULL, NULL);
		if (rc == 0)
			c.mutation_accepted++;
		if (estate) {
			c.estate_expected++;
			c.estate_got += rc == ZF_ESTATE;
		}
	}
	printf("# %d histories, %d closed\n", c.histories, c.closed);
	tap_int(c.refused_valid, 0, "every generated history is accepted");
	tap_int(c.apply_disagrees, 0, "clock_apply accepts each event against its prefix");
	tap_ok(c.closed > HISTORIES / 3 && c.closed < HISTORIES,
	       "a mix of open (%d) and closed (%d)", c.histories - c.closed, c.closed);
	int missing = 0;
	printf("# events:");
	for (int k = 0; k < CLOCK_EVENT_KINDS; k++) {
		printf(" %s %d", clock_event_key(k), kinds[k]);
		missing += kinds[k] < 20;
	}
	printf("\n");
	tap_int(missing, 0, "every event kind is generated at least 20 times");
	tap_int(c.bad_row, 0, "closed ⇔ exactly one report row, the expected one");
	tap_int(c.bad_due, 0,
		"due dates are working days, 20 + extension + excluded after the start");
	tap_int(c.bad_overdue, 0, "overdue iff today is after the due date");
	tap_int(c.mutation_accepted, 0, "all %d invalid mutations are refused", c.mutations);
	tap_int(c.estate_got, c.estate_expected, "impossible sequences are refused with ZF_ESTATE");
	cal_free(cal);
	return tap_done();
}
