/* decode.c: encoding detection and conversion to UTF-8. */
#include "common.h"
#include "ingest/decode.h"
#include "text/normalize.h"
#include "utf8.h"

#include <iconv.h>

const char *ingest_encoding_name(enum ingest_encoding enc)
{
	switch (enc) {
	case ENC_UTF8: return "UTF-8";
	case ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case ENC_UTF16LE: return "UTF-16LE";
	case ENC_UTF16BE: return "UTF-16BE";
	case ENC_GB18030: return "GB18030";
	case ENC_BIG5: return "Big5";
	}
	return "?";
}

/* Copies UTF-8, replacing each invalid sequence with U+FFFD. */
static int copy_utf8(const char *in, size_t n, struct buf *out, size_t *bad)
{
	size_t i = 0;
	while (i < n) {
		size_t ok = utf8_check(in + i, n - i);
		if (buf_add(out, in + i, ok))
			return ZF_ENOMEM;
		i += ok;
		if (i < n) {
			if (buf_adds(out, "\xEF\xBF\xBD"))
				return ZF_ENOMEM;
			(*bad)++;
			i++;
			while (i < n && ((unsigned char)in[i] & 0xC0) == 0x80)
				i++;
		}
	}
	return 0;
}

static int from_utf16(const char *in, size_t n, bool le, struct buf *out, size_t *bad)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = le ? (uint8_t)in[i] | (uint32_t)(uint8_t)in[i + 1] << 8
				: (uint32_t)(uint8_t)in[i] << 8 | (uint8_t)in[i + 1];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			uint32_t lo = le ? (uint8_t)in[i + 2] | (uint32_t)(uint8_t)in[i + 3] << 8
					 : (uint32_t)(uint8_t)in[i + 2] << 8 | (uint8_t)in[i + 3];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			u = 0xFFFD;
			(*bad)++;
		}
		char enc[4];
		size_t l = utf8_encode(u, enc);
		if (buf_add(out, enc, l))
			return ZF_ENOMEM;
	}
	return 0;
}

static int from_iconv(const char *charset, const char *in, size_t n, struct buf *out, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return copy_utf8(in, n, out, bad);
	char tmp[4096];
	char *src = (char *)in;
	size_t left = n;
	int rc = 0;
	while (left && !rc) {
		char *dst = tmp;
		size_t room = sizeof(tmp);
		size_t r = iconv(cd, &src, &left, &dst, &room);
		rc = buf_add(out, tmp, (size_t)(dst - tmp));
		if (r == (size_t)-1 && errno != E2BIG) {
			/* EILSEQ or EINVAL (truncated): replace one byte and go on */
			rc = rc ? rc : buf_adds(out, "\xEF\xBF\xBD");
			(*bad)++;
			src++;
			left--;
		}
	}
	iconv_close(cd);
	return rc;
}

/* How Chinese a decoding reads: the count of characters every annual report is full of, in
 * either script. Big5 text read as GB18030 (or the other way round) comes out as rare
 * characters, so the right reading scores far higher. */
static size_t chinese_score(const char *s, size_t n)
{
	static const char *const common[] = {
	    "的", "政", "府", "信", "息", "公", "开", "年", "报", "告", "申", "请", "工", "作",
	    "情", "况", "和", "机", "关", "部", "门", "资", "讯", "開", "報", "請", "關", "門",
	    "機", "況", "縣", "區", "處", "理", "行", "数", "數", "件", "条", "條", "法", "有"};
	size_t hits = 0;
	for (size_t i = 0; i + 3 <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0xE4 || c > 0xE9)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(common); k++)
			if (!memcmp(s + i, common[k], 3)) {
				hits++;
				break;
			}
		i += 2;
	}
	return hits;
}

/* Legacy double-byte text: GB18030 (a superset of GBK and GB2312) unless Big5 reads as far
 * more Chinese; a sample of the start decides. */
static int from_legacy(const char *in, size_t n, struct buf *out, enum ingest_encoding *enc,
		       size_t *bad)
{
	size_t m = ZF_MIN(n, (size_t)32768), gb_bad = 0, b5_bad = 0;
	struct buf gb = BUF_INIT, b5 = BUF_INIT;
	int rc = from_iconv("GB18030", in, m, &gb, &gb_bad);
	if (!rc)
		rc = from_iconv("BIG5-HKSCS", in, m, &b5, &b5_bad);
	bool big5 = !rc && !gb.failed && !b5.failed &&
		    chinese_score(b5.p ? b5.p : "", b5.len) >
			2 * chinese_score(gb.p ? gb.p : "", gb.len) + 4 &&
		    b5_bad <= gb_bad + 2;
	buf_free(&gb);
	buf_free(&b5);
	if (rc)
		return rc;
	*enc = big5 ? ENC_BIG5 : ENC_GB18030;
	return from_iconv(big5 ? "BIG5-HKSCS" : "GB18030", in, n, out, bad);
}

/* UTF-16 without a BOM: many NULs, all at even or all at odd offsets. */
static int guess_utf16(const char *in, size_t n)
{
	size_t even = 0, odd = 0, m = ZF_MIN(n, (size_t)4096) & ~(size_t)1;
	for (size_t i = 0; i < m; i += 2) {
		even += in[i] == 0;
		odd += in[i + 1] == 0;
	}
	if (m >= 8 && odd * 4 >= m / 2 && even * 20 < odd)
		return 1; /* LE: ASCII "a\0" */
	if (m >= 8 && even * 4 >= m / 2 && odd * 20 < even)
		return 2;
	return 0;
}

static bool looks_binary(const char *s, size_t n)
{
	size_t ctl = 0, m = ZF_MIN(n, (size_t)65536);
	if (memchr(s, 0, m))
		return true;
	for (size_t i = 0; i < m; i++) { /* branch-free: the compiler vectorises it */
		unsigned char c = (unsigned char)s[i];
		ctl += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
	}
	return ctl * 50 > m;
}

/* utf8_check with the common three-byte case inline. */
static size_t valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = text_decode(s + i, n - i, &cp);
		if (!l)
			return i;
		i += l;
	}
	return n;
}

int ingest_decode(const char *in, size_t n, struct buf *out, struct decode_info *info)
{
	memset(info, 0, sizeof(*info));
	buf_reset(out);
	int rc;
	if (n >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		info->enc = ENC_UTF8_BOM;
		rc = copy_utf8(in + 3, n - 3, out, &info->bad);
	} else if (n >= 2 && !memcmp(in, "\xFF\xFE", 2)) {
		info->enc = ENC_UTF16LE;
		rc = from_utf16(in + 2, n - 2, true, out, &info->bad);
	} else if (n >= 2 && !memcmp(in, "\xFE\xFF", 2)) {
		info->enc = ENC_UTF16BE;
		rc = from_utf16(in + 2, n - 2, false, out, &info->bad);
	} else if (guess_utf16(in, n)) {
		bool le = guess_utf16(in, n) == 1;
		info->enc = le ? ENC_UTF16LE : ENC_UTF16BE;
		rc = from_utf16(in, n, le, out, &info->bad);
	} else if (valid_prefix(in, n) == n) {
		info->enc = ENC_UTF8;
		rc = buf_add(out, in, n);
	} else {
		/* mostly valid UTF-8 with a few bad bytes stays UTF-8; otherwise GB18030 */
		size_t bad = 0, i = 0, good = 0;
		while (i < n) {
			size_t ok = utf8_check(in + i, n - i);
			for (size_t k = i; k < i + ok; k++)
				good += (unsigned char)in[k] >= 0xC0;
			i += ok;
			if (i < n) {
				bad++;
				i++;
			}
		}
		if (good > 20 * bad) {
			info->enc = ENC_UTF8;
			rc = copy_utf8(in, n, out, &info->bad);
		} else {
			rc = from_legacy(in, n, out, &info->enc, &info->bad);
		}
	}
	if (!rc)
		info->binary = looks_binary(out->p ? out->p : "", out->len);
	if (!rc && out->failed)
		rc = ZF_ENOMEM;
	return rc;
}
