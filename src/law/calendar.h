/* calendar.h: the official working-day calendar (工作日历).
 * A date is a working day iff it has a `work` line (调休上班), or it is Monday–Friday with no
 * `off` line (national holiday) and no local day off. Years whose State Council schedule is not
 * in the table are "not covered": from CAL_EST_FIRST_YEAR on, their statutory days off are
 * estimated from 《全国年节及纪念日放假办法》 (2024 amendment; lunar dates computed by
 * lunar.c; no 调休 guessed), before that only weekends are off; every result that depends on
 * such a date is marked provisional (暂定). Pure: no I/O. */
#ifndef ZF_CALENDAR_H
#define ZF_CALENDAR_H

#include "buf.h"
#include "date.h"

/* Dates the calendar can hold: 1990-01-01 .. 2199-12-31. */
#define CAL_FIRST_YEAR 1990
#define CAL_LAST_YEAR  2199
/* First year whose days off are estimated when not covered (the 2024 amendment's first). */
#define CAL_EST_FIRST_YEAR 2025

enum cal_kind {
	CAL_NONE = 0,	  /* no entry: weekday rule */
	CAL_OFF = 1,	  /* national day off (放假) */
	CAL_WORK = 2,	  /* make-up working day (调休上班) */
	CAL_LOCAL_OFF = 3 /* local extra day off (地方性假日), on top of the national table */
};

struct calendar;

/* Returns a new, empty calendar (nothing covered), or NULL on OOM. */
struct calendar *cal_new(void);
void cal_free(struct calendar *cal);

/* Reads lines "YYYY-MM-DD<TAB>off|work|local-off<TAB>name" (a header line "date..." and
 * blank lines and #-comments are skipped). Each year with an off/work line becomes covered.
 * On error returns ZF_EPARSE/ZF_ERANGE/ZF_EINVAL and writes "第N行：原因" into err. `origin`
 * names the source in messages. A conflicting line (same date, other kind) is an error. */
int cal_load_tsv(struct calendar *cal, struct str text, const char *origin, struct buf *err);
/* Sets one entry; name is copied. Marks the year covered unless kind is CAL_LOCAL_OFF. */
int cal_set(struct calendar *cal, zf_day day, enum cal_kind kind, const char *name);
/* Marks a year covered (its schedule is known, even if it has no entries). */
int cal_cover_year(struct calendar *cal, int year);

/* The entry for a day (CAL_NONE when none) and its name (borrowed; "" when none). In an
 * uncovered year an estimated statutory day off reads as CAL_OFF with the holiday's name. */
enum cal_kind cal_kind(const struct calendar *cal, zf_day day, const char **name);
/* The registered entry only (loaded or set), never an estimate: for writing and checking
 * registrations. */
enum cal_kind cal_entry(const struct calendar *cal, zf_day day, const char **name);
/* True when the day's entry is an estimated statutory day off of an uncovered year. */
bool cal_is_estimated(const struct calendar *cal, zf_day day);
/* True when the day is a working day. Days outside CAL_FIRST/LAST_YEAR use weekends only. */
bool cal_is_working(const struct calendar *cal, zf_day day);
/* True when the year's official schedule is in the calendar. */
bool cal_year_covered(const struct calendar *cal, int year);
/* True when every day in [from, to] lies in a covered year. */
bool cal_range_covered(const struct calendar *cal, zf_day from, zf_day to);
/* First and last covered years (0 when none). */
void cal_coverage(const struct calendar *cal, int *first, int *last);

/* The n-th working day after `from` (day 1 is the first working day after from; n >= 0,
 * n = 0 returns from). */
zf_day cal_add_working_days(const struct calendar *cal, zf_day from, int n);
/* Number of working days d with a < d <= b (0 when b <= a). */
int cal_count_working_days(const struct calendar *cal, zf_day a, zf_day b);

/* Loads the national calendar compiled into the binary (data/cn-calendar.tsv). */
int cal_load_builtin(struct calendar *cal, struct buf *err);

#endif
