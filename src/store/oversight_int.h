/* oversight_int.h: private to the oversight area of src/store/ (oversight.c,
 * oversight_supervise.c, website_report.c): the helpers they share. */
#ifndef ZF_STORE_OVERSIGHT_INT_H
#define ZF_STORE_OVERSIGHT_INT_H

#include "driver.h"

struct calendar;
struct clock_status;

/* Prepares sql with the n placeholders of an IN list in place of its one "@". */
int oversight_prepare_in(struct store *st, const char *sql, size_t n, struct db_stmt **s);
/* Binds ids[0..n) from parameter first; returns the next parameter's number. */
int oversight_bind_in(struct db_stmt *s, int first, const long long *ids, size_t n);
/* The working days the clock of a closed request ran: from its start to its close, less
 * the 征求意见/缴费 windows, never while a supplement was awaited (0 while open). */
int oversight_clock_days(const struct calendar *cal, const struct clock_status *cs);
/* The site's root agency: the one its settings name, else the first root (0: none). */
int oversight_root_of_site(struct store *st, long long *root);

#endif
