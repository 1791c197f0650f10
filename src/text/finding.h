/* finding.h: one finding of the site-integrity checks (内容检查) and a list of them. Every
 * check (rule scan, personal data, hidden links, links, tamper, columns) reports in this one
 * shape, so that the CLI, the draft gate, the store's work orders and the 通报 read them
 * alike. The id's first segments are its category: wording. spam. pii. link.hidden
 * link.broken tamper. column. Pure. */
#ifndef ZF_FINDING_H
#define ZF_FINDING_H

#include "text/scan.h"

#include <stdint.h>

struct arena;

struct site_finding {
	const char *id; /* "wording.leader-name-1", "pii.mobile", "link.hidden.display-none" */
	const char
	    *category; /* "wording" "spam" "pii" "link.hidden" "link.broken" "tamper" "column" */
	enum scan_sev sev;
	const char *url;     /* the page, file or link the finding is on; "" when none */
	int64_t doc_id;	     /* the document, 0 when none */
	int64_t agency_id;   /* the agency answerable for it, 0 when unknown */
	const char *field;   /* where in the document: "title" "body" "attachment:名称"; "" */
	size_t start, end;   /* byte range in the checked text (UTF-8, after decoding) */
	const char *snippet; /* the offending text as written (personal data masked) */
	const char *context; /* the snippet with up to 20 characters each side, "" if none */
	const char *message; /* what is wrong, in Chinese */
	const char *fix;     /* suggested fix in Chinese, "" when none */
};

struct site_findings {
	struct site_finding *v;
	size_t n, alloc;
	struct arena *arena; /* strings of the findings; created on first add */
};
void site_findings_init(struct site_findings *f);
void site_findings_free(struct site_findings *f);
/* Appends a copy of *x (its strings are copied into the list's arena; NULL strings become
 * ""; a NULL category is taken from the id). 0 or ZF_ENOMEM. */
int site_findings_add(struct site_findings *f, const struct site_finding *x);

/* The category of an id: the id up to its first '.', or its first two segments for
 * "link.hidden…" and "link.broken…". Writes into out (at least 32 bytes). */
void site_finding_category(const char *id, char *out, size_t cap);

#endif
