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

#define MARK_LO 0x4F86 /* hant_markers[0] */
#define MARK_HI 0x9F4A /* the last one */

bool text_hant_detect(const char *in, size_t n, size_t *markers, size_t *han)
{
	/* the markers as a bit set, built per call (2.5 KB, no global state) */
	uint64_t bits[(MARK_HI - MARK_LO) / 64 + 1];
	memset(bits, 0, sizeof(bits));
	for (size_t k = 0; k < ARRAY_SIZE(hant_markers); k++) {
		unsigned d = hant_markers[k] - MARK_LO;
		bits[d >> 6] |= (uint64_t)1 << (d & 63);
	}
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
			if (cp >= MARK_LO && cp <= MARK_HI &&
			    (bits[(cp - MARK_LO) >> 6] >> ((cp - MARK_LO) & 63) & 1))
				m++;
		}
	}
	if (markers)
		*markers = m;
	if (han)
		*han = h;
	return m >= 10 && m * 50 >= h;
}

/* Characters whose simplified form depends on the word they stand in: each differs, in one
 * of OpenCC's t2s phrase entries, from its conversion as a single character (乾隆 keeps 乾,
 * 乾燥 becomes 干燥; 於菟, 沈默, 傢俱 …). Derived from OpenCC 1.1's TSPhrases: a run of
 * Han characters holding none of them converts character by character exactly as OpenCC
 * converts it, so only runs that hold one go through OpenCC. Sorted. */
static const uint16_t hant_word_chars[] = {
    0x4E48, 0x4E7E, 0x4FF1, 0x5412, 0x5641, 0x5F77, 0x5FB5, 0x65BC, 0x6607, 0x6C88, 0x6FDB, 0x7274,
    0x756B, 0x77AD, 0x85B9, 0x85C9, 0x8879, 0x8986, 0x9245, 0x934A, 0x937E, 0x9EBC, 0x9EBD,
};

/* h->map values besides a code point */
#define MAP_UNKNOWN 0u		/* not asked yet */
#define MAP_WORD    0xFFFFFFFFu /* convert the whole run with OpenCC */
#define MAP_ASKED   0xFFFFFFFEu /* in the question being put together */

struct text_hant {
	opencc_t cc;
	/* the simplified form of each BMP character, learned from OpenCC as characters are
	 * met (one call per text for the characters not seen before) */
	uint32_t *map;
};

int text_hant_open(struct text_hant **out)
{
	*out = NULL;
	opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
	if (cc == (opencc_t)-1)
		return ZF_ENOENT;
	struct text_hant *h = malloc(sizeof(*h));
	uint32_t *map = calloc(0x10000, sizeof(*map));
	if (!h || !map) {
		free(h);
		free(map);
		opencc_close(cc);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < ARRAY_SIZE(hant_word_chars); i++)
		map[hant_word_chars[i]] = MAP_WORD;
	h->cc = cc;
	h->map = map;
	*out = h;
	return 0;
}

void text_hant_close(struct text_hant *h)
{
	if (!h)
		return;
	opencc_close(h->cc);
	free(h->map);
	free(h);
}

/* Maps one converted run to its source: character by character when both have the same
 * number of characters, else the whole run to its start. */
static void map_run(struct offmap *map, const char *o, size_t ol, size_t ooff, const char *s,
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

/* Decodes the Han character at s, if there is one: its length, else 0. */
static size_t han_at(const char *s, size_t n, uint32_t *cp)
{
	if ((unsigned char)s[0] < 0xE3) /* Han starts at U+3400 (E3 90 80) */
		return 0;
	size_t l = text_decode(s, n, cp);
	return l && text_is_han(*cp) ? l : 0;
}

/* Asks OpenCC for the characters of in[0..n) not yet in h->map, in one call. */
static int learn(struct text_hant *h, const char *in, size_t n)
{
	struct buf q = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		uint32_t cp;
		size_t l = han_at(in + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		if (cp <= 0xFFFF && h->map[cp] == MAP_UNKNOWN) {
			if ((rc = buf_add(&q, in + i, l)) || (rc = buf_addch(&q, '\n')))
				break;
			h->map[cp] = MAP_ASKED;
		}
		i += l;
	}
	char *res = rc || !q.len ? NULL : opencc_convert_utf8(h->cc, q.p, q.len);
	if (!res && q.len) {
		/* forget the question: the characters are asked again next time */
		rc = rc ? rc : ZF_EIO;
		for (size_t i = 0; i < q.len;) {
			uint32_t cp;
			size_t l = utf8_decode(q.p + i, q.len - i, &cp);
			if (l && cp <= 0xFFFF && h->map[cp] == MAP_ASKED)
				h->map[cp] = MAP_UNKNOWN;
			i += l ? l : 1;
		}
	} else if (res) {
		/* one answer line per asked character; anything but one character each way
		 * (never seen) sends the character to OpenCC with its run */
		const char *a = q.p, *b = res;
		while (*a) {
			const char *ae = strchr(a, '\n'), *be = strchr(b, '\n');
			uint32_t cp, to;
			utf8_decode(a, (size_t)(ae - a), &cp);
			size_t bl = be ? (size_t)(be - b) : strlen(b);
			size_t tl = utf8_decode(b, bl, &to);
			h->map[cp] = tl && tl == bl && to != MAP_WORD ? to : MAP_WORD;
			a = ae + 1;
			b = be ? be + 1 : b + bl;
		}
		opencc_convert_utf8_free(res);
	}
	buf_free(&q);
	return rc;
}

int text_hant_convert(struct text_hant *h, const char *in, size_t n, struct buf *out,
		      struct offmap *map)
{
	buf_reset(out);
	if (map)
		offmap_reset(map);
	int rc = learn(h, in, n);
	size_t run = 0; /* input copied up to here */
	for (size_t i = 0; i < n && !rc;) {
		uint32_t cp;
		size_t l = han_at(in + i, n - i, &cp);
		if (!l) {
			i++;
			continue;
		}
		/* a run of Han characters: phrases never cross anything else */
		size_t e = i, word = 0;
		while (e < n && (l = han_at(in + e, n - e, &cp))) {
			if (cp > 0xFFFF || h->map[cp] == MAP_WORD)
				word++;
			e += l;
		}
		if (word) {
			char *res = opencc_convert_utf8(h->cc, in + i, e - i);
			if (!res)
				return ZF_EIO;
			size_t at = out->len, rl = strlen(res);
			rc = buf_add(out, in + run, i - run);
			if (map)
				offmap_copy(map, at, run, i - run);
			at = out->len;
			if (!rc)
				rc = buf_add(out, res, rl);
			if (map)
				map_run(map, res, rl, at, in + i, e - i, i);
			opencc_convert_utf8_free(res);
			i = run = e;
			continue;
		}
		for (; i < e && !rc; i += l) {
			l = han_at(in + i, e - i, &cp);
			uint32_t to = h->map[cp];
			if (to == cp)
				continue;
			char enc[4];
			size_t el = utf8_encode(to, enc);
			size_t at = out->len;
			rc = buf_add(out, in + run, i - run);
			if (map)
				offmap_copy(map, at, run, i - run);
			at = out->len;
			if (!rc)
				rc = buf_add(out, enc, el);
			if (map) {
				if (el == l)
					offmap_copy(map, at, i, l);
				else
					offmap_repl(map, at, i);
			}
			run = i + l;
		}
	}
	if (!rc) {
		size_t at = out->len;
		rc = buf_add(out, in + run, n - run);
		if (map)
			offmap_copy(map, at, run, n - run);
	}
	return rc;
}
