/* check.h: the annual-report checker: every rule a careful 公开办 reviewer applies to the
 * tables (disclosure-rules.md §3), each with a stable id, a severity and a Chinese message
 * naming the cells and the arithmetic. Pure: no I/O.
 *
 * Null cells: a cell the format defines but the report leaves blank is reported once by
 * cell.missing and counts as 0 in every sum (the message then says so). Cells the format
 * does not have (2019: 三（六）1 and 2) count as 0 silently. */
#ifndef ZF_CHECK_H
#define ZF_CHECK_H

#include "law/report.h"

/* The rules, in the order they run. */
struct check_rule {
	const char *id;		       /* "balance.column" */
	enum report_severity severity; /* the usual severity of its findings */
	const char *summary;	       /* one Chinese line for --help and docs */
};

extern const struct check_rule check_rules[];
extern const size_t check_nrules;

/* value.duplicate fires only for values at or above this: small numbers coincide by
 * chance all the time, six-digit ones almost never. */
#define CHECK_DUPLICATE_MIN 1000

/* True when the finding rule id belongs to the checker (findings of other ids, e.g. the
 * parser's text.injected, are left alone by check_report). */
bool check_owns_rule(const char *rule);

/* Checks r: removes the findings of earlier checker runs, then appends one finding per
 * problem. previous (may be NULL) is last year's report of the same agency, for
 * carry.previous_year; borrowed. Returns the number of error findings, or ZF_ENOMEM. */
int check_report(struct report *r, const struct report *previous);

#endif
