/* demo/assessment.h: the demo's 考核 (store/assessment.h): the default scheme saved as the
 * demo district's, training sessions of the last quarter with their attendance, manual
 * items, the last quarter's scores and one issued 通报 (第1期) with its 约谈 and 通报批评
 * lists. Fictional people. */
#ifndef ZF_DEMO_ASSESSMENT_H
#define ZF_DEMO_ASSESSMENT_H

#include "date.h"

#include <stdbool.h>

struct calendar;
struct store;

/* Seeds when no scheme was saved yet (idempotent); *seeded tells whether anything was
 * written. When the oversight metrics cannot be had (their area not ready), the scheme,
 * training and manual items are written and the scores and 通报 left out (logged). */
int demo_seed_assessment(struct store *st, const struct calendar *cal, zf_day today, bool *seeded);

#endif
