/* narrative.h: compares the numbers a report's text states (共收到申请224件, 已答复222件,
 * 2件结转下年, 行政复议12件, 25件行政规范性文件宣布废止) with its tables, and adds a
 * text.narrative finding for each disagreement, naming both sides. */
#ifndef ZF_NARRATIVE_H
#define ZF_NARRATIVE_H

#include "law/report.h"

struct narrative;

/* Compiles the patterns: 0 and an owned matcher (free with narrative_free), or ZF_ENOMEM. */
int narrative_new(struct narrative **out);
void narrative_free(struct narrative *nv);
/* Reads n bytes of normalised, simplified report text and checks r's tables against it.
 * 0 or ZF_ENOMEM. */
int narrative_check(const struct narrative *nv, const char *text, size_t n, struct report *r);

#endif
