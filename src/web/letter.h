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
	/* the agency's remedy bodies (letters.h), named in the remedies when set: "向示例市
	 * 人民政府申请行政复议", "向示例区人民法院提起行政诉讼"; NULL or "" = not named */
	const char *review_body, *court;
};

/* Appends the letter's body paragraphs (from the receipt to the remedies, no heading, no
 * salutation, no signature) to out, one paragraph per line ('\n'). Returns 0, ZF_EINVAL
 * (a required field or the clerk's required text is missing: a Chinese reason in err, which
 * may be NULL) or ZF_ENOMEM. */
int letter_compose(const struct letter_input *in, struct buf *out, struct buf *err);

/* Appends a decision's remedy sentence (decision.h) with the agency's remedy bodies named
 * where it speaks of them ("依法向{review_body}申请行政复议", "依法向{court}提起行政诉讼");
 * NULL or "" leaves the general words. The letter and the applicant's /query page share it. */
void letter_remedy(struct buf *out, const char *remedy, const char *review_body, const char *court);

struct fee_result;

/* What a notice (补正告知书, 延期答复告知书, 征求第三方意见书, 收费通知书; letters.h) says,
 * gathered by the caller from the request's clock. Strings are borrowed. */
struct letter_notice_input {
	int kind;		      /* enum letter_kind, not LETTER_REPLY */
	const char *description;      /* 申请内容, required */
	bool organisation;	      /* the applicant is addressed as 贵单位 */
	zf_day received;	      /* 收到申请之日, required */
	zf_day until;		      /* 补正: the period given (0 = not stated); 征求意见 and
					 收费: the addressee's last day (required) */
	int extension_days;	      /* 延期: working days of this extension (required) */
	zf_day due;		      /* 延期: the reply's due date after it (required) */
	const struct fee_result *fee; /* 收费: the fee computed (required) */
	const char *detail; /* the clerk's text: 补正 what to supplement, 延期 the reason,
			       收费 how to pay (required); 征求 what is at stake (optional) */
};

/* Appends a notice's body paragraphs (no heading, salutation or signature), one per line,
 * each with its legal basis (条例 Arts. 30, 32, 33, 42; 国办函〔2020〕109号). Returns 0,
 * ZF_EINVAL (a required field missing: reason in err, may be NULL) or ZF_ENOMEM. */
int letter_compose_notice(const struct letter_notice_input *in, struct buf *out, struct buf *err);

/* Writes a date the way letters print it: "2026年3月2日"; returns out. */
char *letter_date_zh(zf_day day, char out[32]);

#endif
