/* doc_gate.h: the check of a draft before 保密审查 (发布前检查), shared by the console page
 * and `zfxxgk doc submit`. The draft's title, summary, body and the text of its attachments
 * (plain text, Word .docx, Excel .xlsx and PDF up to DOC_GATE_ATTACH_MAX; other files are
 * named as not checked) go through the site-integrity check (ingest/site_check.h) with the
 * rule set in force (integrity_cache.h). Any hit that the clerk has not overridden with a
 * reason (store/integrity_checks.h: for the same rule and snippet on that document) stops
 * the submission; the check is kept as the document's last one either way. */
#ifndef ZF_WEB_DOC_GATE_H
#define ZF_WEB_DOC_GATE_H

#include "buf.h"
#include "store/docs.h"
#include "store/integrity_checks.h"

#include <stdbool.h>

struct arena;
struct site_checker;
struct store;
struct web_request;

/* Attachments larger than this are not read for the check (named in the note). */
#define DOC_GATE_ATTACH_MAX (4u << 20)
/* Characters of context shown on each side of a hit. */
#define DOC_GATE_CONTEXT 20

/* One checked text: field key ("title", "summary", "body", "attachment:名称") and its UTF-8
 * text (borrowed). */
struct doc_gate_text {
	const char *field;
	const char *text;
	size_t n;
};

/* Turns the findings on texts into a check (strings from a): the context of each hit cut
 * from its text (DOC_GATE_CONTEXT characters each side, UTF-8 safe), and each hit marked
 * overridden (with its reason) when ov holds its rule and snippet. Sets n, open and passed;
 * not doc_id, actor, at, micros, rules or note. 0 or ZF_ENOMEM. */
int doc_gate_build(struct arena *a, const struct doc_gate_text *texts, size_t ntexts,
		   const struct site_findings *f, const struct doc_check_override *ov, size_t nov,
		   struct doc_check *out);

/* Checks document d (with its attachments) with checker c and the document's overrides,
 * timing it: out as doc_gate_build, plus doc_id, micros, rules and note. 0, ZF_EDB,
 * ZF_ENOMEM, or the checker's error. */
int doc_gate_check(struct store *st, struct arena *a, struct site_checker *c, const struct doc *d,
		   struct doc_check *out);

/* Checks document d with the checker in force (acquired and released): as doc_gate_check,
 * but ZF_ESTATE with one Chinese line in err when the check cannot be made (the rule set
 * does not load): a draft is never let through unchecked. */
int doc_gate_run(struct store *st, struct arena *a, const struct doc *d, struct doc_check *out,
		 struct buf *err);

/* The gate on submission: checks the draft with the checker in force, keeps the check as
 * its last, and submits it for 保密审查 (store_doc_submit) when nothing is open. 0 with
 * *submitted true, or 0 with *submitted false when it was stopped (out lists the hits);
 * ZF_ESTATE when the check cannot be made (the rule set does not load) or the document is
 * not a draft, ZF_ENOENT, ZF_EINVAL with the reason in err; ZF_EDB, ZF_ENOMEM. */
int doc_gate_submit(struct store *st, struct arena *a, const char *actor, long long doc_id,
		    struct doc_check *out, bool *submitted, struct buf *err);

/* Records the clerk's reason for every open hit of c (one override a rule and snippet),
 * each audited "doc.check.override". The number recorded in *n (may be NULL). */
int doc_gate_override_all(struct store *st, const char *actor, const struct doc_check *c,
			  const char *reason, size_t *n, struct buf *err);

/* The reasons a clerk gave on the console's form: for the hit of rule_id on snippet. */
struct doc_gate_reason {
	const char *rule_id, *snippet, *reason;
};
/* Records an override for each reason given (its own, else reason_all when not blank) whose
 * rule and snippet are those of an open hit of c (a hit that is no longer there is
 * ignored), each audited. The number recorded in *n (may be NULL). */
int doc_gate_override_some(struct store *st, const char *actor, const struct doc_check *c,
			   const struct doc_gate_reason *r, size_t nr, const char *reason_all,
			   size_t *n, struct buf *err);

/* "标题", "内容概述", "正文", "附件《名称》" for a field key (static or from a). */
const char *doc_gate_field_label(struct arena *a, const char *field);

/* The hits as plain Chinese lines for the command line: one per hit with its severity,
 * place, the snippet in context (marked 【】), message and fix. */
void doc_gate_text_report(struct buf *out, const struct doc_check *c);

/* The hits as HTML (<ol class="gate-hits">): severity in Chinese, place, the snippet in its
 * context in <mark>, message and suggested fix, and an override's reason. With form, each
 * open hit gets the hidden fields rule_N / snippet_N and a reason field reason_N of the
 * override form the caller wraps around it. */
void doc_gate_html_hits(struct buf *w, struct arena *a, const struct doc_check *c, bool form);

#endif
