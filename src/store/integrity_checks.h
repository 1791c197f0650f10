/* integrity_checks.h: the checks of the site-integrity area that read the store rather than
 * a text: columns left without an update beyond their cadence and empty columns (column.*),
 * published documents still without their 政策解读 three working days after publication;
 * and the draft gate's overrides (a clerk's reason for letting a hit through, audited). */
#ifndef ZF_STORE_INTEGRITY_CHECKS_H
#define ZF_STORE_INTEGRITY_CHECKS_H

#include "buf.h"
#include "date.h"
#include "text/finding.h"

struct store;

/* Appends the column and interpretation findings of the whole site as of `today` (agency_id
 * set on each). 0 or ZF_EDB/ZF_ENOMEM. */
int store_integrity_columns(struct store *s, zf_day today, struct site_findings *out);

#endif
