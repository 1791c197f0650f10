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

#endif
