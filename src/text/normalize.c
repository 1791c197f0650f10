/* normalize.c: NFKC with a fast path, line ends, zero-width characters, "?" placeholders. */
#include "common.h"
#include "text/normalize.h"
#include "utf8.h"

#include <utf8proc.h>

bool text_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

/* Characters NFKC leaves alone and that never combine: copied without asking utf8proc.
 * Han ideographs and the CJK punctuation a report is made of. */
static bool inert(uint32_t cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return true;
	if (cp >= 0x3400 && cp <= 0x4DBF)
		return true;
	if (cp >= 0x3001 && cp <= 0x3002)
		return true;
	if (cp >= 0x3008 && cp <= 0x3011)
		return true;
	if (cp >= 0x3014 && cp <= 0x301B)
		return true;
	switch (cp) {
	case 0x2013:
	case 0x2014:
	case 0x2018:
	case 0x2019:
	case 0x201C:
	case 0x201D:
	case 0x00B7:
	case 0x00D7:
	case 0x2116: return true;
	}
	return false;
}

static bool zero_width(uint32_t cp)
{
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	       cp == 0x00AD || cp == 0x180E;
}

static bool is_space_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '|';
}

/* True when the text at s does not continue a word: space, punctuation, end of line. A "?"
 * run followed by such a character is a placeholder, not a lost letter. */
static bool next_is_break(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) /* a digit after "?" starts an item number: "其他处理?3.其他" */
		return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	uint32_t cp;
	if (!utf8_decode(s, n, &cp))
		return false;
	return !text_is_han(cp);
}

/* Appends the NFKC form of one code point; returns true when it differs from cp. */
static int fold(uint32_t cp, struct buf *out, bool *changed)
{
	utf8proc_int32_t dec[8];
	utf8proc_int32_t last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
						     UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
	*changed = false;
	if (k == 1) {
		char enc[4];
		size_t l = utf8_encode((uint32_t)dec[0], enc);
		*changed = (uint32_t)dec[0] != cp;
		return buf_add(out, enc, l);
	}
	char src[4];
	size_t sl = utf8_encode(cp, src);
	if (k <= 0 || !sl)
		return buf_add(out, src, sl);
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t rl =
	    utf8proc_map((const utf8proc_uint8_t *)src, (utf8proc_ssize_t)sl, &res,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (rl < 0) {
		free(res);
		return buf_add(out, src, sl);
	}
	*changed = (size_t)rl != sl || memcmp(res, src, sl) != 0;
	int rc = buf_add(out, res, (size_t)rl);
	free(res);
	return rc;
}

/* True when NFKC leaves cp alone (a single code point that decomposes to itself). */
static bool nfkc_same(uint32_t cp)
{
	utf8proc_int32_t dec[8];
	utf8proc_int32_t last = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char((utf8proc_int32_t)cp, dec, 8,
						     UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
	return k == 1 && (uint32_t)dec[0] == cp;
}

int text_normalize(const char *in, size_t n, struct buf *out, struct offmap *map,
		   struct norm_stats *st)
{
	struct norm_stats dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	buf_reset(out);
	if (map)
		offmap_reset(map);
	/* input [cs, i) is unchanged and not yet written: written in one piece when something
	 * has to change (most of a report is copied as it is) */
	size_t i = 0, cs = 0;
	int rc = 0;
	while (i < n && !rc) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			if ((c >= 0x20 && c != '?') || c == '\n' || c == '\t') {
				i++;
				continue;
			}
			if ((rc = offmap_emit(out, map, in, cs, i)))
				break;
			size_t at = out->len;
			if (c == '\r') {
				rc = buf_addch(out, '\n');
				if (map)
					offmap_repl(map, at, i);
				i += (i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
			} else if (c == '\f' || c == '\v') {
				rc = buf_addch(out, '\n');
				if (map)
					offmap_repl(map, at, i);
				i++;
			} else if (c != '?') { /* another control character: dropped */
				i++;
			} else {
				size_t j = i;
				while (j < n && in[j] == '?')
					j++;
				bool before = at == 0 || is_space_byte(out->p[at - 1]);
				bool after = j == n || next_is_break(in + j, n - j);
				if (j - i >= 3 || before || after) {
					for (size_t k = i; k < j && !rc; k++)
						rc = buf_addch(out, ' ');
					if (map)
						offmap_repl(map, at, i);
					st->placeholders++;
				} else {
					cs = i; /* kept as written */
					st->stray_qmarks++;
					i = j;
					continue;
				}
				i = j;
			}
			cs = i;
			continue;
		}
		uint32_t cp;
		size_t l = text_decode(in + i, n - i, &cp);
		if (l && (inert(cp) || (cp != 0xFFFD && !zero_width(cp) && cp != 0x2028 &&
					cp != 0x2029 && cp != 0x85 && nfkc_same(cp)))) {
			i += l;
			continue;
		}
		if ((rc = offmap_emit(out, map, in, cs, i)))
			break;
		size_t at = out->len;
		if (!l) {
			rc = buf_adds(out, "\xEF\xBF\xBD");
			if (map)
				offmap_repl(map, at, i);
			st->replacement++;
			i++;
		} else if (zero_width(cp)) {
			i += l;
		} else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
			rc = buf_addch(out, '\n');
			if (map)
				offmap_repl(map, at, i);
			i += l;
		} else {
			if (cp == 0xFFFD)
				st->replacement++;
			bool changed;
			rc = fold(cp, out, &changed);
			if (map) {
				if (changed)
					offmap_repl(map, at, i);
				else
					offmap_copy(map, at, i, l);
			}
			if (changed)
				st->folded++;
			i += l;
		}
		cs = i;
	}
	if (!rc)
		rc = offmap_emit(out, map, in, cs, i);
	if (!rc && out->failed)
		rc = ZF_ENOMEM;
	return rc;
}
