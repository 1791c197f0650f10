/* demo/oversight.h: the oversight area's demo data, through the public store API only: a
 * few 督办 reminders on the demo's overdue requests and the manual items of last year's
 * 政府网站工作年度报表 (published). */
#ifndef ZF_DEMO_OVERSIGHT_H
#define ZF_DEMO_OVERSIGHT_H

#include "date.h"

#include <stdbool.h>

struct calendar;
struct store;

/* Seeds them when the oversight tables are empty (after the requests' demo), all or nothing;
 * *seeded says whether anything was added. */
int demo_seed_oversight(struct store *st, const struct calendar *cal, zf_day today, bool *seeded);

#endif
