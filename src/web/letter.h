/* letter.h: the reply letter (政府信息公开申请答复书) of a disclosure request. One template per
 * reply decision (decision.h), written as data in letter.c: the finding in official wording
 * with the legal basis, what the clerk must add (the information provided, the reasons), then
 * the closing and the remedies (行政复议 within 60 days, 行政诉讼 within 6 months). The letter
 * is composed once, when the reply is made, and kept as text: a later change of wording never
 * rewrites a letter already sent. Pure: no I/O, no globals that change. */
#ifndef ZF_WEB_LETTER_H
#define ZF_WEB_LETTER_H

#include "buf.h"
#include "date.h"

struct decision;

/* One decision's template (static data). */
struct letter_template {
	const char *decision; /* table-3 row key */
	/* The finding: official wording, "{basis}" stands for the decision's legal basis. NULL
	 * when the clerk's text is the whole finding (其他处理). */
	const char *finding;
	const char *detail_hint; /* what the clerk writes in the explanation box (Chinese) */
	bool detail_required;	 /* the letter is incomplete without it */
};

/* The template of a decision key, or NULL for decisions no reply may carry (逾期未补正,
 * 逾期未缴费: the clock reaches them) and unknown keys. Static. */
const struct letter_template *letter_template(const char *decision);

/* What a letter says, gathered by the caller from the request and its clock. Strings are
 * borrowed; dates left 0 are "did not happen". */
struct letter_input {
	const char *description; /* 申请内容, required */
	bool organisation; /* the applicant is 法人或其他组织: addressed as 贵单位 */
	zf_day received;   /* 收到申请之日, required */
	zf_day supplement_asked;    /* 告知补正 */
	zf_day supplement_arrived;  /* 收到补正 */
	int extension_days;	    /* 延期 (working days, total) */
	zf_day extension_on;	    /* the day the (first) extension was approved */
	zf_day consulted_on;	    /* the first consultation letter (征求意见) */
	bool consulted_third_party; /* with a third party (else co-makers only) */
	zf_day fee_noticed, fee_paid;
	const struct decision *decision; /* required */
	const char *detail;		 /* the clerk's text; paragraphs separated by '\n' */
};

/* Appends the letter's body paragraphs (from the receipt to the remedies, no heading, no
 * salutation, no signature) to out, one paragraph per line ('\n'). Returns 0, ZF_EINVAL
 * (a required field or the clerk's required text is missing: a Chinese reason in err, which
 * may be NULL) or ZF_ENOMEM. */
int letter_compose(const struct letter_input *in, struct buf *out, struct buf *err);

/* Writes a date the way letters print it: "2026年3月2日"; returns out. */
char *letter_date_zh(zf_day day, char out[32]);

#endif
