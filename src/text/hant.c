/* hant.c: traditional-script detection and OpenCC conversion with an offset map. */
#include "common.h"
#include "text/hant.h"
#include "text/normalize.h"
#include "utf8.h"

#include <opencc/opencc.h>

/* Frequent characters whose simplified form differs (這們來為會國說時發與對開關門問題…),
 * each checked to change under OpenCC t2s. Sorted for bisection. */
static const uint16_t hant_markers[] = {
    0x4F86, 0x500B, 0x5011, 0x5099, 0x50B3, 0x5283, 0x52D5, 0x52D9, 0x5340, 0x54E1, 0x554F, 0x55AE,
    0x570B, 0x57F7, 0x5831, 0x5834, 0x5B78, 0x5BE6, 0x5BE9, 0x5C07, 0x5C0D, 0x5C0E, 0x5EE3, 0x5F37,
    0x5F8C, 0x5F9E, 0x5FA9, 0x614B, 0x61C9, 0x64DA, 0x6578, 0x65BC, 0x6642, 0x66F8, 0x6703, 0x6771,
    0x689D, 0x696D, 0x69CB, 0x6A19, 0x6A23, 0x6A5F, 0x6AA2, 0x6B0A, 0x6B72, 0x6B77, 0x6C7A, 0x6E96,
    0x70BA, 0x71DF, 0x734E, 0x7372, 0x73FE, 0x7522, 0x7576, 0x767C, 0x790E, 0x7A2E, 0x7A31, 0x7BC4,
    0x7D1A, 0x7D61, 0x7D71, 0x7D93, 0x7DB2, 0x7DDA, 0x7E23, 0x7E3D, 0x7FD2, 0x806F, 0x8207, 0x8208,
    0x8655, 0x898F, 0x89BD, 0x8A08, 0x8A18, 0x8A1F, 0x8A2D, 0x8A31, 0x8A34, 0x8A62, 0x8AAA, 0x8ACB,
    0x8B70, 0x8CBB, 0x8CC7, 0x8CEA, 0x8ECA, 0x8FA6, 0x9019, 0x9032, 0x904E, 0x9060, 0x9084, 0x908A,
    0x9109, 0x93AE, 0x9577, 0x9580, 0x958B, 0x95DC, 0x969B, 0x9805, 0x9810, 0x9818, 0x984C, 0x985E,
    0x9AD4, 0x9EBC, 0x9EDE, 0x9F4A,
};

static bool is_marker(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_SIZE(hant_markers);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (hant_markers[mid] == cp)
			return true;
		if (hant_markers[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool text_hant_detect(const char *in, size_t n, size_t *markers, size_t *han)
{
	size_t m = 0, h = 0;
	/* a sample decides: the first 4000 Han characters */
	for (size_t i = 0; i < n && h < 4000;) {
		unsigned char c = (unsigned char)in[i];
		if (c < 0xE0) { /* ASCII and 2-byte sequences hold no Han */
			i += c < 0x80 ? 1 : 2;
			continue;
		}
		uint32_t cp;
		if (c < 0xF0 && i + 2 < n) { /* the common case, inline */
			cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 |
			     (uint32_t)(in[i + 2] & 0x3F);
			i += 3;
		} else {
			size_t l = utf8_decode(in + i, n - i, &cp);
			if (!l) {
				i++;
				continue;
			}
			i += l;
		}
		if (text_is_han(cp)) {
			h++;
			if (cp <= 0xFFFF && is_marker(cp))
				m++;
		}
	}
	if (markers)
		*markers = m;
	if (han)
		*han = h;
	return m >= 10 && m * 50 >= h;
}

struct text_hant {
	opencc_t cc;
};

int text_hant_open(struct text_hant **out)
{
	*out = NULL;
	opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
	if (cc == (opencc_t)-1)
		return ZF_ENOENT;
	struct text_hant *h = malloc(sizeof(*h));
	if (!h) {
		opencc_close(cc);
		return ZF_ENOMEM;
	}
	h->cc = cc;
	*out = h;
	return 0;
}

void text_hant_close(struct text_hant *h)
{
	if (!h)
		return;
	opencc_close(h->cc);
	free(h);
}

/* Maps one converted line to its source line: character by character when both have the
 * same number of characters, else the whole line to its start. */
static void map_line(struct offmap *map, const char *o, size_t ol, size_t ooff, const char *s,
		     size_t sl, size_t soff)
{
	if (utf8_count(o, ol) != utf8_count(s, sl)) {
		offmap_repl(map, ooff, soff);
		return;
	}
	size_t i = 0, j = 0;
	while (i < ol && j < sl) {
		uint32_t a, b;
		size_t la = utf8_decode(o + i, ol - i, &a);
		size_t lb = utf8_decode(s + j, sl - j, &b);
		if (!la || !lb) {
			offmap_repl(map, ooff + i, soff + j);
			return;
		}
		if (la == lb)
			offmap_copy(map, ooff + i, soff + j, la);
		else
			offmap_repl(map, ooff + i, soff + j);
		i += la;
		j += lb;
	}
}

int text_hant_convert(struct text_hant *h, const char *in, size_t n, struct buf *out,
		      struct offmap *map)
{
	buf_reset(out);
	if (map)
		offmap_reset(map);
	char *res = opencc_convert_utf8(h->cc, in, n);
	if (!res)
		return ZF_EIO;
	size_t rl = strlen(res);
	int rc = buf_add(out, res, rl);
	opencc_convert_utf8_free(res);
	if (rc || !map)
		return rc;
	/* walk both texts line by line */
	size_t i = 0, j = 0;
	while (i <= out->len && j <= n) {
		const char *oe = memchr(out->p + i, '\n', out->len - i);
		const char *se = memchr(in + j, '\n', n - j);
		size_t ol = oe ? (size_t)(oe - (out->p + i)) : out->len - i;
		size_t sl = se ? (size_t)(se - (in + j)) : n - j;
		map_line(map, out->p + i, ol, i, in + j, sl, j);
		if (!oe || !se) {
			if (oe || se) /* line counts differ: map the rest to where we are */
				offmap_repl(map, i + ol, j + sl);
			break;
		}
		offmap_copy(map, i + ol, j + sl, 1);
		i += ol + 1;
		j += sl + 1;
	}
	return 0;
}
