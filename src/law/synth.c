/* synth.c: synthetic request histories (see synth.h). */
#include "common.h"
#include "law/synth.h"
#include "law/decision.h"

void synth_seed(struct synth *s, uint64_t seed)
{
	s->state = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
}

/* splitmix64 */
static uint64_t next(struct synth *s)
{
	uint64_t z = (s->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int synth_range(struct synth *s, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(next(s) % (uint64_t)(hi - lo + 1));
}

static bool chance(struct synth *s, int percent)
{
	return synth_range(s, 1, 100) <= percent;
}

enum report_t3_col synth_applicant(struct synth *s)
{
	int p = synth_range(s, 1, 100);
	if (p <= 82)
		return REPORT_COL_NATURAL_PERSON;
	if (p <= 92)
		return REPORT_COL_COMMERCIAL;
	if (p <= 94)
		return REPORT_COL_RESEARCH;
	if (p <= 96)
		return REPORT_COL_SOCIAL_WELFARE;
	if (p <= 98)
		return REPORT_COL_LEGAL_SERVICE;
	return REPORT_COL_OTHER;
}

static const char *pick_decision(struct synth *s, bool supplemented)
{
	if (chance(s, 45))
		return "granted";
	for (;;) {
		const struct decision *d = &decision_table[synth_range(s, 0, DECISION_COUNT - 1)];
		if (d->flags & DECISION_BY_LAPSE)
			continue;
		if ((d->flags & DECISION_NEEDS_SUPPLEMENT) && !supplemented)
			continue;
		return d->key;
	}
}

struct gen {
	const struct calendar *cal;
	zf_day horizon;
	struct clock_event *ev;
	size_t n;
	bool stopped; /* an event fell after the horizon: nothing more happens */
};

/* Appends e when it lies within the horizon and the clock accepts it. */
static bool try_add(struct gen *g, struct clock_event e)
{
	if (g->stopped || g->n >= SYNTH_MAX_EVENTS)
		return false;
	if (e.on > g->horizon) {
		g->stopped = true;
		return false;
	}
	if (clock_apply(g->cal, g->ev, g->n, &e, NULL))
		return false;
	g->ev[g->n++] = e;
	return true;
}

static zf_day later(struct gen *g, zf_day from, int lo, int hi, struct synth *s)
{
	return cal_add_working_days(g->cal, from, synth_range(s, lo, hi));
}

size_t synth_history(struct synth *s, const struct calendar *cal, zf_day received, zf_day horizon,
		     struct clock_event *ev)
{
	static const char *const who[] = {"某置业有限公司", "区规划和自然资源局", "某街道办事处"};
	struct gen g = {cal, horizon, ev, 0, false};
	memset(ev, 0, sizeof(*ev));
	ev[0].kind = CLOCK_RECEIVED;
	ev[0].on = received;
	ev[0].channel = (enum clock_channel)synth_range(s, 0, CLOCK_CHANNELS - 1);
	g.n = 1;
	zf_day cur = received;
	bool supplemented = false;

	if (chance(s, 10)) { /* 条例 Art. 30 */
		struct clock_event e = {.kind = CLOCK_SUPPLEMENT_REQUESTED};
		e.on = later(&g, cur, 1, 6, s);
		e.until = cal_add_working_days(cal, e.on, 15);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event r = {.kind = CLOCK_SUPPLEMENT_RECEIVED};
			if (chance(s, 75)) {
				r.on = later(&g, cur, 1, 12, s);
			} else {
				r.kind = CLOCK_SUPPLEMENT_LAPSED;
				r.on = cal_add_working_days(cal, e.until, synth_range(s, 1, 5));
			}
			if (!try_add(&g, r) || r.kind == CLOCK_SUPPLEMENT_LAPSED)
				return g.n;
			cur = r.on;
			supplemented = true;
		}
	}
	if (chance(s, 12)) { /* Arts. 32, 34 */
		struct clock_event e = {.kind = CLOCK_CONSULTATION_STARTED};
		e.party = chance(s, 70) ? CLOCK_THIRD_PARTY : CLOCK_CO_MAKER;
		e.who = who[synth_range(s, 0, (int)ARRAY_SIZE(who) - 1)];
		e.on = later(&g, cur, 1, 8, s);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event a = e;
			if (chance(s, 85)) {
				a.kind = CLOCK_CONSULTATION_ANSWERED;
				a.on = later(&g, cur, 1, 14, s);
			} else {
				a.kind = CLOCK_CONSULTATION_LAPSED;
				a.on = later(&g, cur, CLOCK_CONSULTATION_DAYS + 1,
					     CLOCK_CONSULTATION_DAYS + 3, s);
			}
			if (try_add(&g, a))
				cur = a.on;
		}
	}
	if (chance(s, 6)) {
		struct clock_event e = {.kind = CLOCK_EXTENSION_APPROVED, .approver = "分管负责人"};
		e.on = later(&g, cur, 1, 5, s);
		e.days = synth_range(s, 5, 20);
		if (try_add(&g, e))
			cur = e.on;
	}
	if (chance(s, 3)) { /* 国办函〔2020〕109号 */
		struct clock_event e = {.kind = CLOCK_FEE_NOTICE_SENT};
		e.on = later(&g, cur, 1, 5, s);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event p = {.kind = CLOCK_FEE_PAID};
			if (chance(s, 70)) {
				p.on = later(&g, cur, 1, 15, s);
			} else {
				p.kind = CLOCK_FEE_LAPSED;
				p.on = later(&g, cur, CLOCK_PAYMENT_DAYS + 1,
					     CLOCK_PAYMENT_DAYS + 4, s);
			}
			if (!try_add(&g, p) || p.kind == CLOCK_FEE_LAPSED)
				return g.n;
			cur = p.on;
		}
	}
	struct clock_event f = {.kind = CLOCK_REPLIED};
	if (chance(s, 3)) {
		f.kind = CLOCK_WITHDRAWN;
		f.on = later(&g, cur, 0, 10, s);
	} else {
		f.on = later(&g, cur, 1, 22, s);
		f.decision = pick_decision(s, supplemented);
	}
	try_add(&g, f);
	return g.n;
}
