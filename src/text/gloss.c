/* gloss.c: pinyin-gloss removal, two passes (count, then strip). */
#include "common.h"
#include "text/gloss.h"
#include "text/normalize.h"
#include "utf8.h"

/* Toneless ASCII letter for a pinyin letter (tone-marked vowels, ü → v); 0 if not one. */
static char pinyin_letter(uint32_t cp)
{
	if (cp >= 'a' && cp <= 'z')
		return (char)cp;
	static const struct {
		uint32_t cp;
		char c;
	} marked[] = {
	    {0x101, 'a'}, {0xE1, 'a'},	{0x1CE, 'a'}, {0xE0, 'a'},  {0x113, 'e'}, {0xE9, 'e'},
	    {0x11B, 'e'}, {0xE8, 'e'},	{0xEA, 'e'},  {0x12B, 'i'}, {0xED, 'i'},  {0x1D0, 'i'},
	    {0xEC, 'i'},  {0x14D, 'o'}, {0xF3, 'o'},  {0x1D2, 'o'}, {0xF2, 'o'},  {0x16B, 'u'},
	    {0xFA, 'u'},  {0x1D4, 'u'}, {0xF9, 'u'},  {0x1D6, 'v'}, {0x1D8, 'v'}, {0x1DA, 'v'},
	    {0x1DC, 'v'}, {0xFC, 'v'},	{0x144, 'n'}, {0x148, 'n'}, {0x1F9, 'n'}, {0x1E3F, 'm'},
	};
	for (size_t i = 0; i < ARRAY_SIZE(marked); i++)
		if (marked[i].cp == cp)
			return marked[i].c;
	return 0;
}

/* Parses one "(syllable)" at s; returns its length in bytes (0 when it is not one) and the
 * toneless syllable in syl/sl. Combining tone marks (U+0300–U+036F) are skipped. */
static size_t parse_group(const char *s, size_t n, char syl[8], size_t *sl)
{
	if (!n || s[0] != '(')
		return 0;
	size_t i = 1;
	*sl = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			return 0;
		if (cp == ')')
			return *sl ? i + 1 : 0;
		if (cp >= 0x300 && cp <= 0x36F) {
			i += l;
			continue;
		}
		char c = pinyin_letter(cp);
		if (!c || *sl >= 6)
			return 0;
		syl[(*sl)++] = c;
		i += l;
	}
	return 0;
}

/* Length of the glosses after the Han character cp that ends at s (0 when none). */
static size_t glosses_at(const struct text_readings *r, uint32_t cp, const char *s, size_t n)
{
	size_t total = 0;
	for (int g = 0; g < 3; g++) {
		char syl[8];
		size_t sl = 0;
		size_t l = parse_group(s + total, n - total, syl, &sl);
		if (!l || !text_readings_has(r, cp, syl, sl))
			break;
		total += l;
	}
	return total;
}

int text_gloss_strip(const struct text_readings *r, const char *in, size_t n, struct buf *out,
		     struct offmap *map, struct gloss_stats *st)
{
	memset(st, 0, sizeof(*st));
	buf_reset(out);
	if (map)
		offmap_reset(map);
	/* pass 1: count */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = text_decode(in + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		i += l;
		if (!text_is_han(cp))
			continue;
		st->han++;
		if (i < n && in[i] == '(') {
			size_t g = glosses_at(r, cp, in + i, n - i);
			if (g) {
				if (st->nexamples < GLOSS_EXAMPLES &&
				    l + g < sizeof(st->example[0])) {
					char *e = st->example[st->nexamples++];
					memcpy(e, in + i - l, l + g);
					e[l + g] = 0;
				}
				st->glosses++;
				i += g;
			}
		}
	}
	if (st->glosses < GLOSS_MIN_COUNT || st->glosses * 1000 < st->han * GLOSS_MIN_PERMILLE)
		return 0;
	/* pass 2: strip */
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)in[i];
		uint32_t cp = c;
		size_t l = 1;
		if (c >= 0x80) {
			l = text_decode(in + i, n - i, &cp);
			if (!l)
				l = 1;
		}
		i += l;
		if (c >= 0x80 && text_is_han(cp) && i < n && in[i] == '(') {
			size_t g = glosses_at(r, cp, in + i, n - i);
			if (g) {
				size_t at = out->len;
				if (buf_add(out, in + run, i - run))
					return ZF_ENOMEM;
				if (map)
					offmap_copy(map, at, run, i - run);
				i += g;
				run = i;
				st->removed++;
			}
		}
	}
	size_t at = out->len;
	if (buf_add(out, in + run, n - run))
		return ZF_ENOMEM;
	if (map)
		offmap_copy(map, at, run, n - run);
	return 0;
}
