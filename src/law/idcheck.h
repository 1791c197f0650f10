/* idcheck.h: the identity and contact particulars of an application (条例 Art. 29(2)1:
 * 身份证明、联系方式), checked as typed by the public: the 18-character 公民身份号码 (GB
 * 11643-1999, check character ISO 7064 MOD 11-2), the 18-character 统一社会信用代码 (GB 32100-2015,
 * check character MOD 31), telephone numbers, e-mail addresses and postcodes. Input may carry
 * full-width letters and digits (ＡＢ１２), lower case, spaces and hyphens: each function writes
 * the canonical form. Pure: no I/O, no globals. */
#ifndef ZF_IDCHECK_H
#define ZF_IDCHECK_H

#include "buf.h"
#include "date.h"

/* What is wrong with a number; each has a Chinese sentence (idcheck_message). */
enum idcheck_result {
	IDCHECK_OK = 0,
	IDCHECK_EMPTY,	  /* nothing typed */
	IDCHECK_LENGTH,	  /* not 18 characters (15: the old first-generation number) */
	IDCHECK_OLD_15,	  /* a 15-digit first-generation number, no longer valid */
	IDCHECK_CHARS,	  /* a character that cannot occur */
	IDCHECK_REGION,	  /* 公民身份号码: no such province code */
	IDCHECK_BIRTH,	  /* 公民身份号码: no such date of birth, or one in the future */
	IDCHECK_CHECKSUM, /* the check character does not match */
};

#define IDCHECK_ID_LEN 18

/* Checks a 公民身份号码 as of `today` (birth dates after it are refused). Writes the canonical
 * number (upper-case X) into out. */
enum idcheck_result idcheck_resident_id(const char *in, zf_day today, char out[IDCHECK_ID_LEN + 1]);
/* Checks a 统一社会信用代码 (alphabet 0-9 A-H J-N P-R T U W-Y, no I O S V Z). Writes the canonical
 * code into out. */
enum idcheck_result idcheck_credit_code(const char *in, char out[IDCHECK_ID_LEN + 1]);
/* The check character of the first 17 characters of a canonical number / code. */
char idcheck_resident_id_check(const char *first17);
char idcheck_credit_code_check(const char *first17);
/* A Chinese sentence for a result of the given kind of number ("身份证号码", "统一社会信用代码"),
 * e.g. "身份证号码的校验位不正确……" (static). */
const char *idcheck_message(enum idcheck_result r, bool credit_code);

#define IDCHECK_PHONE_MAX 24
/* Checks a telephone number of mainland China: a mobile number (1 and 10 more digits) or a
 * fixed line with its area code (0 + 2–3 digits, then 7–8 digits, optionally an extension
 * after "转", "-" or "#"); "+86"/"0086" may lead; spaces, hyphens and brackets are ignored.
 * Writes the canonical form ("13800138000", "010-12345678", "0755-1234567-801") into out.
 * Returns true when it is one. */
bool idcheck_phone(const char *in, char out[IDCHECK_PHONE_MAX + 1]);
/* The digits of a phone number as typed (for comparing two spellings of one number): writes
 * at most outlen - 1 digits, dropping a leading 86/0086 country code. */
void idcheck_phone_digits(const char *in, char *out, size_t outlen);

#define IDCHECK_EMAIL_MAX 254
/* True for an address of the shape local@domain.tld in ASCII (no spaces, no quotes, a dot in
 * the domain, labels of letters, digits and hyphens), at most 254 characters. */
bool idcheck_email(const char *s);
/* True for a postcode: exactly six ASCII digits. */
bool idcheck_postcode(const char *s);

#endif
