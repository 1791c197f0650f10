/* site_check.h: the site-integrity check of one page, file or document field (内容检查):
 * wording errors and spam vocabulary from the rule set (text/scan.h), injected spam in the
 * slot of an organisation name or fixed phrase (text/inject.h), unmasked personal data
 * (law/pii.h), and for HTML also hidden links, links written by script and keyword stuffing
 * (ingest/site_page.h). Every finding names its rule or check id, whose first segments are
 * its category (wording. spam. pii. link.hidden link.broken tamper. column.), a severity in
 * the terms of the 2019 indicators, and where it is, down to byte offsets for highlighting.
 *
 * The checker holds the compiled rule set: build it once, use it from one thread at a time
 * (or one per thread). Findings are allocated from their own arena. */
#ifndef ZF_SITE_CHECK_H
#define ZF_SITE_CHECK_H

#include "buf.h"
#include "date.h"
#include "text/finding.h"
#include "text/scan.h"

#include <stdint.h>

struct site_checker;

/* Builds a checker from a rule-set text (NULL: the embedded default set). ZF_EPARSE with the
 * line named in err, ZF_ENOMEM. */
int site_checker_new(const char *rules, size_t n, struct site_checker **out, struct buf *err);
void site_checker_free(struct site_checker *c);
const struct scan_rules *site_checker_rules(const struct site_checker *c);

/* Where the checked text comes from. */
struct site_place {
	const char *url;   /* may be NULL */
	int64_t doc_id;	   /* 0 when none */
	const char *field; /* may be NULL */
	zf_day date;	   /* the text's date for time-bounded rules; 0 = undated */
	zf_day today;	   /* for personal-data checks; 0 = the current date */
};

/* Checks n bytes of text (any encoding ingest_decode knows) and appends the findings.
 * 0, ZF_ENOMEM, ZF_ETOOBIG (over SITE_CHECK_MAX), ZF_EPARSE (bytes that are no text); the
 * Chinese line of an error is site_checker_error's. Offsets are in the decoded UTF-8. */
#define SITE_CHECK_MAX (64u << 20)
int site_check_text(struct site_checker *c, const struct site_place *p, const char *text, size_t n,
		    struct site_findings *out);
/* The same for an HTML page: its text (offsets into the decoded page), title and meta, plus
 * hidden links, script-written links, keyword stuffing in title and meta, and gambling brands
 * in organisation-name slots. Over SITE_PAGE_MAX (ingest/site_page.h) is ZF_ETOOBIG; a
 * declared encoding it cannot read is ZF_EPARSE. Severity of a hidden link: 单项否决 when
 * its text or address holds spam vocabulary or it points to another site outside the
 * government domains (*.gov.cn, conac.cn); 疑似 when it points to another government site,
 * or to this site hidden by a trick other than display/visibility/hidden (the ways menus
 * and tabs hide); same-site links hidden like menus, and #fragments, are not reported. */
int site_check_html(struct site_checker *c, const struct site_place *p, const char *html, size_t n,
		    struct site_findings *out);
/* HTML or text, judged from the content. */
int site_check_bytes(struct site_checker *c, const struct site_place *p, const char *data, size_t n,
		     struct site_findings *out);

/* The Chinese line of the last error returned (ZF_EPARSE, ZF_ETOOBIG), "" when none. */
const char *site_checker_error(const struct site_checker *c);

#endif
