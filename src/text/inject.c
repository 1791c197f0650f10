/* inject.c: brand vocabulary, fixed-phrase slots, and the repair pass. */
#include "common.h"
#include "text/inject.h"
#include "utf8.h"

enum word_kind { W_BRAND, W_CTA, W_MARKER };

struct word {
	enum word_kind kind;
	char *s;
	size_t len;
};

struct phrase {
	char *prefix, *slot, *suffix; /* one allocation, owned by prefix */
	size_t plen, slen, xlen;
};

struct inject_vocab {
	struct word *words; /* brands sorted (folded) first, then cta, then markers */
	size_t nwords, nbrands;
	/* bit set of a hash of the (folded) first klen bytes of the brands, klen = the shortest
	 * brand's length, at most 4: two bytes would only name the first character of a Chinese
	 * brand, and nearly every character of a report would be a candidate */
	uint8_t first[8192];
	size_t klen;
	uint8_t first2[8192]; /* bit set of the (folded) first two bytes: a cheaper first test */
	struct phrase *phrases;
	size_t nphrases;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int fold_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	size_t n = ZF_MIN(al, bl);
	for (size_t i = 0; i < n; i++) {
		int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
		if (x != y)
			return x - y;
	}
	return al < bl ? -1 : al > bl;
}

static bool fold_prefix(const char *s, size_t n, const char *w, size_t wl)
{
	return n >= wl && fold_cmp(s, wl, w, wl) == 0;
}

/* The hash of the first k bytes, ASCII-folded, as a 16-bit key; 0 when n < k. */
static inline unsigned keyk(const char *s, size_t n, size_t k)
{
	if (n < k)
		return 0;
	uint32_t h = 0;
	for (size_t i = 0; i < k; i++)
		h = h << 8 | (uint32_t)lower((unsigned char)s[i]);
	return (h * 0x9E3779B1u) >> 16;
}

static inline bool maybe_brand(const struct inject_vocab *v, const char *s, size_t n)
{
	/* a brand begins with a whole character: never at a UTF-8 continuation byte */
	if (((unsigned char)s[0] & 0xC0) == 0x80 || n < v->klen || n < 2)
		return false;
	unsigned k2 =
	    (unsigned)lower((unsigned char)s[0]) << 8 | (unsigned)lower((unsigned char)s[1]);
	if (!(v->first2[k2 >> 3] & (1u << (k2 & 7))))
		return false;
	unsigned k = keyk(s, n, v->klen);
	return v->first[k >> 3] & (1u << (k & 7));
}

static int cmp_word(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return fold_cmp(x->s, x->len, y->s, y->len);
}

void inject_vocab_free(struct inject_vocab *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nwords; i++)
		free(v->words[i].s);
	for (size_t i = 0; i < v->nphrases; i++)
		free(v->phrases[i].prefix);
	free(v->words);
	free(v->phrases);
	free(v);
}

/* Calls fn for each non-comment, non-blank line. */
static int each_line(const char *s, size_t n, int (*fn)(void *, const char *, size_t), void *arg)
{
	size_t i = 0;
	while (i < n) {
		size_t e = i;
		while (e < n && s[e] != '\n')
			e++;
		size_t l = e - i;
		while (l && (s[i + l - 1] == '\r' || s[i + l - 1] == ' '))
			l--;
		if (l && s[i] != '#') {
			int rc = fn(arg, s + i, l);
			if (rc)
				return rc;
		}
		i = e + 1;
	}
	return 0;
}

static int add_word(void *arg, const char *s, size_t n)
{
	struct inject_vocab *v = arg;
	const char *tab = memchr(s, '\t', n);
	if (!tab || tab == s + n - 1)
		return ZF_EPARSE;
	size_t kl = (size_t)(tab - s);
	enum word_kind k;
	if (kl == 5 && !memcmp(s, "brand", 5))
		k = W_BRAND;
	else if (kl == 3 && !memcmp(s, "cta", 3))
		k = W_CTA;
	else if (kl == 6 && !memcmp(s, "marker", 6))
		k = W_MARKER;
	else
		return ZF_EPARSE;
	struct word *w = realloc(v->words, (v->nwords + 1) * sizeof(*w));
	if (!w)
		return ZF_ENOMEM;
	v->words = w;
	size_t wl = n - kl - 1;
	if (k == W_BRAND && wl < 2) /* the matcher looks brands up by two bytes at least */
		return ZF_EPARSE;
	char *copy = malloc(wl + 1);
	if (!copy)
		return ZF_ENOMEM;
	memcpy(copy, tab + 1, wl);
	copy[wl] = 0;
	v->words[v->nwords++] = (struct word){k, copy, wl};
	if (k == W_BRAND)
		v->nbrands++;
	return 0;
}

static int add_phrase(void *arg, const char *s, size_t n)
{
	struct inject_vocab *v = arg;
	const char *open = memchr(s, '[', n);
	const char *close = open ? memchr(open, ']', (size_t)(s + n - open)) : NULL;
	if (!open || !close || close == open + 1)
		return ZF_EPARSE;
	struct phrase *p = realloc(v->phrases, (v->nphrases + 1) * sizeof(*p));
	if (!p)
		return ZF_ENOMEM;
	v->phrases = p;
	char *copy = malloc(n + 3);
	if (!copy)
		return ZF_ENOMEM;
	struct phrase *ph = &v->phrases[v->nphrases++];
	ph->plen = (size_t)(open - s);
	ph->slen = (size_t)(close - open - 1);
	ph->xlen = (size_t)(s + n - close - 1);
	ph->prefix = copy;
	memcpy(copy, s, ph->plen);
	copy[ph->plen] = 0;
	ph->slot = copy + ph->plen + 1;
	memcpy(ph->slot, open + 1, ph->slen);
	ph->slot[ph->slen] = 0;
	ph->suffix = ph->slot + ph->slen + 1;
	memcpy(ph->suffix, close + 1, ph->xlen);
	ph->suffix[ph->xlen] = 0;
	return 0;
}

int inject_vocab_new(const char *vocab, size_t vlen, const char *phrases, size_t plen,
		     struct inject_vocab **out)
{
	struct inject_vocab *v = calloc(1, sizeof(*v));
	*out = NULL;
	if (!v)
		return ZF_ENOMEM;
	int rc = each_line(vocab, vlen, add_word, v);
	if (!rc)
		rc = each_line(phrases, plen, add_phrase, v);
	if (rc) {
		inject_vocab_free(v);
		return rc;
	}
	qsort(v->words, v->nwords, sizeof(*v->words), cmp_word);
	v->klen = 4;
	for (size_t i = 0; i < v->nbrands; i++)
		v->klen = ZF_MIN(v->klen, v->words[i].len);
	for (size_t i = 0; i < v->nbrands; i++) {
		unsigned k = keyk(v->words[i].s, v->words[i].len, v->klen);
		v->first[k >> 3] |= (uint8_t)(1u << (k & 7));
		if (v->words[i].len >= 2) {
			const unsigned char *w = (const unsigned char *)v->words[i].s;
			unsigned k2 = (unsigned)lower(w[0]) << 8 | (unsigned)lower(w[1]);
			v->first2[k2 >> 3] |= (uint8_t)(1u << (k2 & 7));
		}
	}
	*out = v;
	return 0;
}

/* Length of the longest brand starting at s, 0 if none. Brands are sorted (folded), so the
 * candidates sharing the first byte are one range. */
static size_t brand_at(const struct inject_vocab *v, const char *s, size_t n)
{
	if (n < 2)
		return 0;
	if (!maybe_brand(v, s, n))
		return 0;
	int c = lower((unsigned char)s[0]);
	size_t lo = 0, hi = v->nbrands;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lower((unsigned char)v->words[mid].s[0]) < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t best = 0;
	for (size_t i = lo; i < v->nbrands && lower((unsigned char)v->words[i].s[0]) == c; i++)
		if (v->words[i].len > best && fold_prefix(s, n, v->words[i].s, v->words[i].len))
			best = v->words[i].len;
	return best;
}

static bool ascii_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '.' || c == ':' || c == '_' || c == '-';
}

/* Extends a brand at s (len bytes) over the call-to-action tail spam adds: ASCII version
 * strings, separators and words like 手机版. */
static size_t extend(const struct inject_vocab *v, const char *s, size_t n, size_t len)
{
	for (;;) {
		size_t old = len;
		while (len < n && ascii_word(s[len]))
			len++;
		for (size_t i = v->nbrands; i < v->nwords; i++)
			if (v->words[i].kind == W_CTA &&
			    fold_prefix(s + len, n - len, v->words[i].s, v->words[i].len)) {
				len += v->words[i].len;
				break;
			}
		if (len == old)
			return len;
	}
}

static bool has_brand(const struct inject_vocab *v, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (brand_at(v, s + i, n - i))
			return true;
	return false;
}

static bool looks_spam(const struct inject_vocab *v, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (brand_at(v, s + i, n - i))
			return true;
		for (size_t k = v->nbrands; k < v->nwords; k++)
			if (v->words[k].kind == W_MARKER &&
			    fold_prefix(s + i, n - i, v->words[k].s, v->words[k].len))
				return true;
	}
	return false;
}

/* A slot filler is a short run (at most 48 bytes) without spaces, line breaks or sentence
 * punctuation: true when the one character s[0..n) may be part of one. */
static bool slot_char(const char *s, size_t n)
{
	if (n == 1)
		return s[0] != ' ' && s[0] != '\n' && s[0] != '\t' && s[0] != ',' && s[0] != ';' &&
		       s[0] != '(' && s[0] != ')';
	return n != 3 || (memcmp(s, "。", 3) && memcmp(s, "，", 3) && memcmp(s, "《", 3) &&
			  memcmp(s, "、", 3));
}

/* Place suffixes: a brand before them replaced a place name, which cannot be recovered. */
static bool place_after(const char *s, size_t n)
{
	static const char *const places[] = {"市", "区", "县", "省",   "州",	  "盟",
					     "旗", "镇", "乡", "街道", "人民政府"};
	for (size_t i = 0; i < ARRAY_SIZE(places); i++) {
		size_t l = strlen(places[i]);
		if (n >= l && !memcmp(s, places[i], l))
			return true;
	}
	return false;
}

static struct inject_item *item_for(struct inject_result *res, const char *s, size_t len)
{
	if (len >= sizeof(res->items[0].text))
		return NULL;
	for (size_t i = 0; i < res->nitems; i++)
		if (strlen(res->items[i].text) == len && !memcmp(res->items[i].text, s, len))
			return &res->items[i];
	if (res->nitems == INJECT_MAX_ITEMS)
		return NULL;
	struct inject_item *it = &res->items[res->nitems++];
	memset(it, 0, sizeof(*it));
	memcpy(it->text, s, len);
	return it;
}

static void copy_clipped(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap) {
		n = cap - 1;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* Learns what a string in a phrase slot replaced. */
static void learn(const struct inject_vocab *v, const char *in, size_t n, struct inject_result *res)
{
	for (size_t p = 0; p < v->nphrases; p++) {
		const struct phrase *ph = &v->phrases[p];
		const char *at = in;
		while (ph->xlen && (at = memmem(at, (size_t)(in + n - at), ph->suffix, ph->xlen))) {
			size_t end = (size_t)(at - in);
			at += ph->xlen;
			if (end >= ph->slen && !memcmp(in + end - ph->slen, ph->slot, ph->slen))
				continue; /* intact */
			/* the slot's filler: a brand (with its tail) filling it exactly, or a short
			 * spam-looking run, right after the prefix; the nearest one wins */
			size_t best = 0, prev = end;
			for (size_t back = 1; back <= 60 && back <= end; back++) {
				size_t start = end - back;
				if (((unsigned char)in[start] & 0xC0) == 0x80)
					continue;
				/* the filler grows one character at a time */
				if (back > 48 || !slot_char(in + start, prev - start))
					break;
				prev = start;
				if (start < ph->plen ||
				    memcmp(in + start - ph->plen, ph->prefix, ph->plen))
					continue;
				size_t b0 = brand_at(v, in + start, n - start);
				if (b0) {
					if (extend(v, in + start, end - start, b0) != back)
						continue;
				} else if (!ph->plen || has_brand(v, in + start, back) ||
					   !looks_spam(v, in + start, back)) {
					continue;
				}
				best = back;
				break;
			}
			if (!best)
				continue;
			size_t start = end - best;
			struct inject_item *it = item_for(res, in + start, end - start);
			if (it && !it->replaced[0]) {
				copy_clipped(it->replaced, sizeof(it->replaced), ph->slot,
					     ph->slen);
				size_t es = start - ZF_MIN(start, ph->plen);
				copy_clipped(it->example, sizeof(it->example), in + es,
					     end + ph->xlen - es);
			}
		}
	}
}

int inject_scan(const struct inject_vocab *v, const char *in, size_t n, struct buf *out,
		struct offmap *map, struct inject_result *res)
{
	memset(res, 0, sizeof(*res));
	buf_reset(out);
	if (map)
		offmap_reset(map);
	/* 1. brands, extended over their call-to-action tails */
	for (size_t i = 0; i + 1 < n;) {
		size_t b = maybe_brand(v, in + i, n - i) ? brand_at(v, in + i, n - i) : 0;
		if (!b) {
			i++;
			continue;
		}
		size_t len = extend(v, in + i, n - i, b);
		item_for(res, in + i, len);
		i += len;
	}
	if (!res->nitems)
		return 0;
	/* 2. what they replaced, from the fixed phrases */
	learn(v, in, n, res);
	/* an unlearned brand hit that merely extends a learned one ("…手机版平台") is the same */
	for (size_t i = 0; i < res->nitems; i++) {
		if (res->items[i].replaced[0])
			continue;
		for (size_t k = 0; k < res->nitems; k++) {
			size_t l = strlen(res->items[k].text);
			if (k != i && res->items[k].replaced[0] &&
			    !strncmp(res->items[i].text, res->items[k].text, l)) {
				res->items[i] = res->items[--res->nitems];
				i--;
				break;
			}
		}
	}
	/* 3. count, and put back the known ones */
	bool first[256] = {false};
	for (size_t k = 0; k < res->nitems; k++)
		first[(unsigned char)res->items[k].text[0]] = true;
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		struct inject_item *hit = NULL;
		size_t hl = 0;
		if (!first[(unsigned char)in[i]]) {
			i++;
			continue;
		}
		for (size_t k = 0; k < res->nitems; k++) {
			size_t l = strlen(res->items[k].text);
			if (l > hl && n - i >= l && !memcmp(in + i, res->items[k].text, l)) {
				hit = &res->items[k];
				hl = l;
			}
		}
		if (!hit) {
			i++;
			continue;
		}
		if (!hit->count)
			hit->first = i;
		hit->count++;
		if (hit->replaced[0] && !place_after(in + i + hl, n - i - hl)) {
			size_t at = out->len;
			if (buf_add(out, in + run, i - run))
				return ZF_ENOMEM;
			if (map)
				offmap_copy(map, at, run, i - run);
			at = out->len;
			if (buf_adds(out, hit->replaced))
				return ZF_ENOMEM;
			if (map)
				offmap_repl(map, at, i);
			hit->repaired++;
			res->repaired++;
			run = i + hl;
		} else if (hit->replaced[0]) {
			hit->place_slots++;
		}
		i += hl;
	}
	/* drop items whose only occurrences were inside longer ones */
	size_t k = 0;
	for (size_t i = 0; i < res->nitems; i++)
		if (res->items[i].count)
			res->items[k++] = res->items[i];
	res->nitems = k;
	if (!res->repaired) {
		buf_reset(out);
		if (map)
			offmap_reset(map);
		return 0;
	}
	size_t at = out->len;
	if (buf_add(out, in + run, n - run))
		return ZF_ENOMEM;
	if (map)
		offmap_copy(map, at, run, n - run);
	return 0;
}
