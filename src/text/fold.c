/* fold.c: the scanner's per-character fold (see fold.h). */
#include "common.h"
#include "embedded.h"
#include "text/fold.h"
#include "text/normalize.h"

#include <utf8proc.h>

#define FOLD_BMP 0x10000
#define CLASS_SHIFT 24

struct text_fold {
	uint32_t bmp[FOLD_BMP]; /* folded code point | class << CLASS_SHIFT */
};

/* 。，；！？、： and line ends: a phrase does not run across them unless they are inserted
 * between every one of its characters (see scan.h). Tested after the NFKC fold, so that
 * full-width ，；！？： arrive here as their ASCII forms. */
static bool is_clause(uint32_t cp)
{
	switch (cp) {
	case 0x3002: /* 。 */
	case 0x3001: /* 、 */
	case ',':
	case ';':
	case '!':
	case '?':
	case ':':
	case '\n':
	case '\r':
	case 0x2028:
	case 0x2029:
	case 0x85:
		return true;
	default:
		return false;
	}
}

static enum fold_class classify(uint32_t cp)
{
	if (is_clause(cp))
		return FOLD_CLAUSE;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return FOLD_NOISE;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SC:
	case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_SO:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_MN: /* combining marks and variation selectors */
	case UTF8PROC_CATEGORY_ME:
		return FOLD_NOISE;
	default:
		return FOLD_CHAR;
	}
}

/* NFKC with case folding, kept only when the result is one code point (㈠ stays ㈠). */
static uint32_t nfkc_one(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	if (p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX)
		return cp;
	utf8proc_int32_t o[8];
	int bound = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(
	    (utf8proc_int32_t)cp, o, 8,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE |
		UTF8PROC_STRIPMARK,
	    &bound);
	if (n < 1 || n > 8)
		return cp;
	if (n > 1 && (n = utf8proc_normalize_utf32(o, n, UTF8PROC_COMPOSE | UTF8PROC_STABLE)) != 1)
		return cp;
	return (uint32_t)o[0];
}

uint32_t text_fold_cp_slow(uint32_t cp, enum fold_class *cls)
{
	uint32_t f = nfkc_one(cp);
	*cls = classify(f);
	return f;
}

static void load_t2s(struct text_fold *f)
{
	size_t n = 0;
	const char *p = (const char *)embedded_find("t2s-chars.tsv", &n);
	if (!p)
		return;
	const char *end = p + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		uint32_t t, s;
		size_t a, b;
		if (*p != '#' && (a = utf8_decode(p, (size_t)(le - p), &t)) && p + a < le &&
		    p[a] == '\t' && (b = utf8_decode(p + a + 1, (size_t)(le - p - a - 1), &s)) &&
		    t < FOLD_BMP)
			f->bmp[t] = s | (uint32_t)classify(s) << CLASS_SHIFT;
		p = le + 1;
	}
}

int text_fold_new(struct text_fold **out)
{
	struct text_fold *f = malloc(sizeof(*f));
	if (!f)
		return ZF_ENOMEM;
	for (uint32_t cp = 0; cp < FOLD_BMP; cp++) {
		enum fold_class c;
		uint32_t v = text_fold_cp_slow(cp, &c);
		f->bmp[cp] = v | (uint32_t)c << CLASS_SHIFT;
	}
	load_t2s(f);
	/* a full-width character whose NFKC form is traditional (rare) folds on through t2s */
	for (uint32_t cp = 0; cp < FOLD_BMP; cp++) {
		uint32_t v = f->bmp[cp] & 0xFFFFFF;
		if (v != cp && v < FOLD_BMP && (f->bmp[v] & 0xFFFFFF) != v)
			f->bmp[cp] = f->bmp[v];
	}
	*out = f;
	return 0;
}

void text_fold_free(struct text_fold *f)
{
	free(f);
}

uint32_t text_fold_cp(const struct text_fold *f, uint32_t cp, enum fold_class *cls)
{
	if (cp < FOLD_BMP) {
		uint32_t v = f->bmp[cp];
		*cls = (enum fold_class)(v >> CLASS_SHIFT);
		return v & 0xFFFFFF;
	}
	return text_fold_cp_slow(cp, cls);
}
