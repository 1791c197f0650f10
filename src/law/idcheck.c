/* idcheck.c: identity numbers and contact particulars of applications (see idcheck.h). */
#include "common.h"
#include "law/idcheck.h"
#include "utf8.h"

/* Reads the next code point of s as the ASCII character a reader means by it: full-width
 * letters and digits become ASCII, the ideographic space a space, full-width and dash-like
 * hyphens '-', full-width brackets '(' ')'. Anything else outside ASCII becomes 0x7f (never
 * valid here). Advances *s; returns 0 at the end. */
static int next_ascii(const char **s)
{
	const char *p = *s;
	if (!*p)
		return 0;
	uint32_t cp;
	size_t n = utf8_decode(p, strlen(p), &cp);
	if (n == 0) {
		*s = p + 1;
		return 0x7f;
	}
	*s = p + n;
	if (cp < 0x80)
		return (int)cp;
	if (cp >= 0xff01 && cp <= 0xff5e) /* full-width ASCII */
		return (int)(cp - 0xff01 + 0x21);
	if (cp == 0x3000)
		return ' ';
	if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
	    cp == 0x2212)
		return '-';
	if (cp == 0x8f6c) /* 转: extension */
		return '#';
	return 0x7f;
}

/* Canonical form of an 18-character number: ASCII upper case, spaces and hyphens dropped.
 * Returns the length written (at most max; more is reported as max + 1), or -1 for a
 * character that is neither a letter nor a digit. */
static int canon_id(const char *in, char *out, int max)
{
	int n = 0, c;
	const char *p = in;
	while ((c = next_ascii(&p)) != 0) {
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
			out[0] = '\0';
			return -1;
		}
		if (n < max)
			out[n] = (char)c;
		n++;
	}
	if (n > max)
		n = max + 1;
	out[n > max ? max : n] = '\0';
	return n;
}

char idcheck_resident_id_check(const char *first17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char check[] = "10X98765432";
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return check[sum % 11];
}

/* Province codes of GB/T 2260 (first two digits), with 71 台湾 and 81–83 港澳台居民居住证. */
static bool region_ok(int code)
{
	static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
					35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
					53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
	for (size_t i = 0; i < ARRAY_SIZE(provinces); i++)
		if (provinces[i] == code)
			return true;
	return false;
}

enum idcheck_result idcheck_resident_id(const char *in, zf_day today, char out[IDCHECK_ID_LEN + 1])
{
	out[0] = '\0';
	int n = canon_id(in ? in : "", out, IDCHECK_ID_LEN);
	if (n == 0)
		return IDCHECK_EMPTY;
	if (n < 0)
		return IDCHECK_CHARS;
	if (n == 15) {
		for (int i = 0; i < 15; i++)
			if (out[i] < '0' || out[i] > '9')
				return IDCHECK_CHARS;
		return IDCHECK_OLD_15;
	}
	if (n != IDCHECK_ID_LEN)
		return IDCHECK_LENGTH;
	for (int i = 0; i < 17; i++)
		if (out[i] < '0' || out[i] > '9')
			return IDCHECK_CHARS;
	if (!((out[17] >= '0' && out[17] <= '9') || out[17] == 'X'))
		return IDCHECK_CHARS;
	if (!region_ok((out[0] - '0') * 10 + (out[1] - '0')))
		return IDCHECK_REGION;
	int y = 0, m = 0, d = 0;
	for (int i = 6; i < 10; i++)
		y = y * 10 + (out[i] - '0');
	m = (out[10] - '0') * 10 + (out[11] - '0');
	d = (out[12] - '0') * 10 + (out[13] - '0');
	if (y < 1900 || !date_valid(y, m, d) || date_from_ymd(y, m, d) > today)
		return IDCHECK_BIRTH;
	if (idcheck_resident_id_check(out) != out[17])
		return IDCHECK_CHECKSUM;
	return IDCHECK_OK;
}

/* GB 32100-2015: 31 characters, no I O S V Z. */
static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int credit_value(char c)
{
	const char *p = c ? strchr(credit_alphabet, c) : NULL;
	return p ? (int)(p - credit_alphabet) : -1;
}

char idcheck_credit_code_check(const char *first17)
{
	static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = credit_value(first17[i]);
		if (v < 0)
			return '?';
		sum += v * w[i];
	}
	int c = 31 - sum % 31;
	return credit_alphabet[c == 31 ? 0 : c];
}

enum idcheck_result idcheck_credit_code(const char *in, char out[IDCHECK_ID_LEN + 1])
{
	out[0] = '\0';
	int n = canon_id(in ? in : "", out, IDCHECK_ID_LEN);
	if (n == 0)
		return IDCHECK_EMPTY;
	if (n < 0)
		return IDCHECK_CHARS;
	if (n != IDCHECK_ID_LEN)
		return IDCHECK_LENGTH;
	for (int i = 0; i < IDCHECK_ID_LEN; i++)
		if (credit_value(out[i]) < 0)
			return IDCHECK_CHARS;
	/* characters 3–8: the registering authority's administrative division code */
	for (int i = 2; i < 8; i++)
		if (out[i] < '0' || out[i] > '9')
			return IDCHECK_CHARS;
	if (idcheck_credit_code_check(out) != out[17])
		return IDCHECK_CHECKSUM;
	return IDCHECK_OK;
}

const char *idcheck_message(enum idcheck_result r, bool credit_code)
{
	if (credit_code) {
		switch (r) {
		case IDCHECK_OK: return "";
		case IDCHECK_EMPTY: return "请填写统一社会信用代码";
		case IDCHECK_LENGTH:
		case IDCHECK_OLD_15:
			return "统一社会信用代码应为 18 位，请对照营业执照或登记证书核对";
		case IDCHECK_CHARS:
		case IDCHECK_REGION:
		case IDCHECK_BIRTH:
			return "统一社会信用代码含有不应出现的字符（代码中没有字母 "
			       "I、O、S、V、Z），"
			       "请核对";
		case IDCHECK_CHECKSUM:
			return "统一社会信用代码的最后一位（校验码）与前 17 位不符，"
			       "请对照营业执照或登记证书逐位核对";
		}
		return "";
	}
	switch (r) {
	case IDCHECK_OK: return "";
	case IDCHECK_EMPTY: return "请填写身份证号码";
	case IDCHECK_LENGTH: return "身份证号码应为 18 位，请核对";
	case IDCHECK_OLD_15: return "15 位的第一代身份证号码已停止使用，请填写 18 位身份证号码";
	case IDCHECK_CHARS: return "身份证号码由 17 位数字和最后一位数字或字母 X 组成，请核对";
	case IDCHECK_REGION: return "身份证号码的前两位不是有效的省级行政区划代码，请核对";
	case IDCHECK_BIRTH: return "身份证号码中的出生日期（第 7 至 14 位）不正确，请核对";
	case IDCHECK_CHECKSUM: return "身份证号码的最后一位（校验码）与前 17 位不符，请逐位核对";
	}
	return "";
}

/* ---------------------------------------------------------------- telephones */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* A fixed line: 0 + area code (2 digits after the 0 for 010 and 02x, else 3) + 7–8 digits.
 * Writes "0AA-LLLLLLLL" into out. */
static bool fixed_line(const char *d, size_t n, char *out, size_t outlen)
{
	if (n < 10 || d[0] != '0' || d[1] == '0')
		return false;
	size_t area = (d[1] == '1' || d[1] == '2') ? 3 : 4;
	size_t local = n - area;
	if (local < 7 || local > 8 || d[area] == '0')
		return false;
	snprintf(out, outlen, "%.*s-%.*s", (int)area, d, (int)local, d + area);
	return true;
}

bool idcheck_phone(const char *in, char out[IDCHECK_PHONE_MAX + 1])
{
	char groups[6][24];
	size_t ng = 0, len = 0, total = 0;
	char ext[12] = "";
	bool in_ext = false, plus = false;
	size_t ext_len = 0;
	out[0] = '\0';
	const char *p = in ? in : "";
	int c;
	memset(groups, 0, sizeof(groups));
	while ((c = next_ascii(&p)) != 0) {
		if (c >= '0' && c <= '9') {
			if (in_ext) {
				if (ext_len + 1 >= sizeof(ext))
					return false;
				ext[ext_len++] = (char)c;
				ext[ext_len] = '\0';
				continue;
			}
			if (len + 1 >= sizeof(groups[0]) || total >= 20)
				return false;
			if (ng == 0)
				ng = 1;
			groups[ng - 1][len++] = (char)c;
			total++;
		} else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '\t') {
			if (in_ext)
				continue;
			if (len) {
				if (ng >= ARRAY_SIZE(groups))
					return false;
				ng++;
				len = 0;
			}
		} else if (c == '#') {
			if (in_ext)
				return false;
			in_ext = true;
		} else if (c == '+' && total == 0 && !plus) {
			plus = true;
		} else {
			return false;
		}
	}
	if (len == 0 && ng > 0 && groups[ng - 1][0] == '\0')
		ng--;
	if (in_ext && ext_len == 0)
		return false;
	char d[24];
	size_t n = 0;
	for (size_t i = 0; i < ng; i++)
		for (const char *g = groups[i]; *g && n + 1 < sizeof(d); g++)
			d[n++] = *g;
	d[n] = '\0';
	/* country code */
	size_t skip = 0;
	if (n >= 13 && !strncmp(d, "0086", 4))
		skip = 4;
	else if (n >= 12 && !strncmp(d, "86", 2) && (plus || n == 13))
		skip = 2;
	else if (plus)
		return false; /* another country */
	const char *num = d + skip;
	n -= skip;
	if (n == 11 && num[0] == '1' && num[1] >= '3' && num[1] <= '9' && all_digits(num, n)) {
		if (ext_len)
			return false;
		snprintf(out, IDCHECK_PHONE_MAX + 1, "%s", num);
		return true;
	}
	if (n == 10 && (!strncmp(num, "400", 3) || !strncmp(num, "800", 3))) {
		if (ext_len)
			return false;
		snprintf(out, IDCHECK_PHONE_MAX + 1, "%.3s-%.3s-%.4s", num, num + 3, num + 6);
		return true;
	}
	if (skip == 2 || skip == 4) {
		/* after the country code a fixed line drops its leading 0 */
		char with0[32];
		snprintf(with0, sizeof(with0), "0%s", num);
		if (with0[1] != '0' && fixed_line(with0, n + 1, out, IDCHECK_PHONE_MAX + 1))
			goto extension;
		return false;
	}
	if (fixed_line(num, n, out, IDCHECK_PHONE_MAX + 1))
		goto extension;
	/* "010-12345678-801": the last hyphenated group is the extension */
	if (!ext_len && ng >= 3) {
		size_t last = strlen(groups[ng - 1]);
		if (last >= 1 && last <= 6 &&
		    fixed_line(num, n - last, out, IDCHECK_PHONE_MAX + 1)) {
			snprintf(ext, sizeof(ext), "%s", groups[ng - 1]);
			ext_len = last;
			goto extension;
		}
	}
	out[0] = '\0';
	return false;
extension:
	if (ext_len) {
		if (ext_len > 6) {
			out[0] = '\0';
			return false;
		}
		size_t used = strlen(out);
		snprintf(out + used, IDCHECK_PHONE_MAX + 1 - used, "-%s", ext);
	}
	return true;
}

void idcheck_phone_digits(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	const char *p = in ? in : "";
	int c;
	if (outlen == 0)
		return;
	while ((c = next_ascii(&p)) != 0 && n + 1 < outlen)
		if (c >= '0' && c <= '9')
			out[n++] = (char)c;
	out[n] = '\0';
	size_t skip = 0;
	if (n >= 13 && !strncmp(out, "0086", 4))
		skip = 4;
	else if (n == 13 && !strncmp(out, "861", 3))
		skip = 2;
	if (skip)
		memmove(out, out + skip, n - skip + 1);
}

/* ---------------------------------------------------------------- e-mail, postcode */

static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-';
}

bool idcheck_email(const char *s)
{
	static const char local_extra[] = ".!#$%&'*+/=?^_`{|}~-";
	size_t len = s ? strlen(s) : 0;
	if (len < 6 || len > IDCHECK_EMAIL_MAX)
		return false;
	const char *at = strchr(s, '@');
	if (!at || strchr(at + 1, '@') || at == s || at - s > 64)
		return false;
	for (const char *p = s; p < at; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || strchr(local_extra, c) != NULL;
		if (!ok || (c == '.' && (p == s || p + 1 == at || p[1] == '.')))
			return false;
	}
	/* domain: labels of 1–63 characters, not starting or ending with '-', at least two,
	 * the last of letters (or an IDN's xn--) */
	const char *d = at + 1;
	size_t labels = 0;
	const char *last = d;
	while (*d) {
		const char *dot = strchr(d, '.');
		size_t l = dot ? (size_t)(dot - d) : strlen(d);
		if (l == 0 || l > 63 || d[0] == '-' || d[l - 1] == '-')
			return false;
		for (size_t i = 0; i < l; i++)
			if (!label_char(d[i]))
				return false;
		labels++;
		last = d;
		if (!dot)
			break;
		d = dot + 1;
		if (!*d)
			return false; /* trailing dot */
	}
	if (labels < 2)
		return false;
	size_t tl = strlen(last);
	if (tl < 2)
		return false;
	if (strncmp(last, "xn--", 4) != 0)
		for (size_t i = 0; i < tl; i++)
			if (!((last[i] >= 'a' && last[i] <= 'z') ||
			      (last[i] >= 'A' && last[i] <= 'Z')))
				return false;
	return true;
}

bool idcheck_postcode(const char *s)
{
	return s && strlen(s) == 6 && all_digits(s, 6);
}
