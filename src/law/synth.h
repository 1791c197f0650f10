/* synth.h: synthetic but lawful request histories, for `zfxxgk demo` and property tests.
 * A small seeded generator proposes events in the order a real office produces them
 * (补正, 征求意见, 延期, 收费, then a reply or a withdrawal) and keeps only those that
 * clock_apply accepts, so every history it returns passes clock_check.
 * Pure: no I/O, no globals; the state lives in struct synth. */
#ifndef ZF_SYNTH_H
#define ZF_SYNTH_H

#include "law/clock.h"
#include "law/report_format.h"

struct synth {
	uint64_t state;
};

/* Most events a synthetic history holds. */
#define SYNTH_MAX_EVENTS 12

void synth_seed(struct synth *s, uint64_t seed);
/* A uniform integer in [lo, hi]. */
int synth_range(struct synth *s, int lo, int hi);
/* A realistic applicant column (mostly natural persons), never REPORT_COL_TOTAL. */
enum report_t3_col synth_applicant(struct synth *s);
/* Writes a valid history received on `received` into ev (room for SYNTH_MAX_EVENTS) and
 * returns its length (>= 1). Events after `horizon` are left out, so the request may still
 * be open. Strings in ev are static. */
size_t synth_history(struct synth *s, const struct calendar *cal, zf_day received, zf_day horizon,
		     struct clock_event *ev);

/* What a demo request looks like when it is not left to chance. */
struct synth_shape {
	int channel;	      /* enum clock_channel, or -1: drawn uniformly (as synth_history) */
	const char *decision; /* a table-3 row key the outcome must have (a reply, or for
				 other_no_supplement / other_fee_unpaid the lapse), or NULL */
};
/* synth_history with a shape; NULL or {-1, NULL} draws exactly as synth_history does. When the
 * horizon comes before the forced outcome, the history stays open. */
size_t synth_history_shaped(struct synth *s, const struct calendar *cal, zf_day received,
			    zf_day horizon, const struct synth_shape *shape,
			    struct clock_event *ev);

/* Open requests as a clerk's queue shows them on `today`. */
enum synth_open {
	SYNTH_OPEN_OVERDUE,    /* the due date has passed without a reply */
	SYNTH_OPEN_DUE_SOON,   /* due within 1–4 working days */
	SYNTH_OPEN_SUPPLEMENT, /* 补正 asked, not yet received */
	SYNTH_OPEN_EXTENDED,   /* 延期 approved */
	SYNTH_OPEN_CONSULTING, /* 征求意见 letter out */
	SYNTH_OPEN_FEE,	       /* 收费通知 sent, not paid */
	SYNTH_OPEN_KINDS
};
/* A receipt date (a working day on or before today) that fits the kind. */
zf_day synth_open_received(struct synth *s, const struct calendar *cal, enum synth_open kind,
			   zf_day today);
/* A valid open history of that kind received on `received` (from synth_open_received), with
 * no event after today; falls back to the receipt alone when the calendar leaves no room. */
size_t synth_open_history(struct synth *s, const struct calendar *cal, enum synth_open kind,
			  zf_day received, zf_day today, struct clock_event *ev);

/* A realistic channel: mostly online, then post, in person, letter, fax. */
enum clock_channel synth_channel(struct synth *s);
/* A fictional applicant's name for the column (a person's name, or a company, institute,
 * association, law firm or committee of the demo town), into out. */
void synth_applicant_name(struct synth *s, enum report_t3_col col, char *out, size_t len);
/* A fictional postal address in the demo district, into out. */
void synth_address(struct synth *s, char *out, size_t len);
/* What the applicant asks for, as people write it, about the years before `year`. */
void synth_description(struct synth *s, int year, char *out, size_t len);

#endif
