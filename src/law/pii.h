/* pii.h: personal data left unmasked in published text (个人信息未脱敏): resident ID
 * numbers (check character verified), mobile numbers, bank card numbers (Luhn verified) and
 * a street address next to a person's name. Masked forms (138****1234, 1101**********123X)
 * are not hits. Pure: no I/O, no globals. */
#ifndef ZF_PII_H
#define ZF_PII_H

#include "buf.h"
#include "date.h"

#include <stddef.h>

enum pii_kind {
	PII_RESIDENT_ID, /* 公民身份号码 */
	PII_MOBILE,	 /* 手机号码 */
	PII_BANK_CARD,	 /* 银行卡号 */
	PII_ADDRESS,	 /* 姓名及住址 */
	PII_KIND_COUNT
};
const char *pii_kind_id(enum pii_kind k);    /* "pii.resident-id", "pii.mobile", … */
const char *pii_kind_label(enum pii_kind k); /* "公民身份号码", … */

struct pii_hit {
	enum pii_kind kind;
	size_t start, end; /* byte range in the text */
};

/* Finds unmasked personal data in n bytes of UTF-8 as of `today` (a birth date after it is
 * not an ID number). Appends to *hits (malloc'd, grown; free with free()), ordered by start.
 * 0 or ZF_ENOMEM. */
int pii_scan(const char *text, size_t n, zf_day today, struct pii_hit **hits, size_t *nhits);

#endif
