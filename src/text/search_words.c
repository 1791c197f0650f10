/* search_words.c: a query's words for the search's fallbacks (see search_words.h). */
#include "common.h"
#include "embedded.h"
#include "text/search_words.h"
#include "utf8.h"

#define RUN_MAX CJK_QUERY_MAX_BYTES /* characters of one run, at most */

bool search_words_known(const char *w, size_t n)
{
	size_t len = 0;
	const char *dict = (const char *)embedded_find("search-words.txt", &len);
	if (!dict || !n)
		return false;
	for (const char *p = dict, *end = dict + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		if (l == n && *p != '#' && !memcmp(p, w, n))
			return true;
		p += l + 1;
	}
	return false;
}

static void add(struct search_words *out, const char *s, size_t n)
{
	if (!n || n >= SEARCH_WORD_BYTES || out->n == SEARCH_WORDS_MAX)
		return;
	for (size_t i = 0; i < out->n; i++)
		if (strlen(out->w[i]) == n && !memcmp(out->w[i], s, n))
			return;
	memcpy(out->w[out->n], s, n);
	out->w[out->n][n] = '\0';
	out->n++;
}

/* The length in characters of the listed word starting at character i of a run (offsets
 * off[0..nc], off[nc] = end), the longest of 4, 3 and 2; 0 when none. */
static size_t known_at(const char *s, const size_t *off, size_t nc, size_t i)
{
	for (size_t k = 4; k >= 2; k--)
		if (i + k <= nc && search_words_known(s + off[i], off[i + k] - off[i]))
			return k;
	return 0;
}

/* Cuts a run of nc >= 3 Han characters (character offsets off[0..nc]) into words; a lone
 * character at an end that touches letters or digits (lead, tail) is left out. */
static void cut_run(const char *s, const size_t *off, size_t nc, bool lead, bool tail,
		    struct search_words *out)
{
	for (size_t i = 0; i < nc;) {
		size_t k = known_at(s, off, nc, i);
		if (!k) /* a pair, or one alone before a listed word or at the end */
			k = i + 1 == nc || known_at(s, off, nc, i + 1) ? 1 : 2;
		if (k > 1 || !((i == 0 && lead) || (i + 1 == nc && tail)))
			add(out, s + off[i], off[i + k] - off[i]);
		i += k;
	}
}

void search_words_split(const struct cjk_query *q, const char *s, struct search_words *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t t = 0; t < q->nterms; t++) {
		const struct cjk_term *term = &q->terms[t];
		size_t before = out->n;
		/* the term's runs: Han or not */
		size_t runs = 0;
		for (size_t i = term->start; i < term->end;) {
			size_t off[RUN_MAX + 1], nc = 0, j = i;
			uint32_t cp = 0;
			size_t l = utf8_decode(s + j, term->end - j, &cp);
			bool han = l && cjk_is_bigram_char(cp);
			while (j < term->end && nc < RUN_MAX) {
				cp = 0;
				l = utf8_decode(s + j, term->end - j, &cp);
				if (!l)
					l = 1;
				if (cjk_is_bigram_char(cp) != han)
					break;
				off[nc++] = j;
				j += l;
			}
			off[nc] = j;
			runs++;
			bool alone = i == term->start && j == term->end;
			if (!han) {
				size_t n = nc > CJK_WORD_MAX ? CJK_WORD_MAX : nc;
				add(out, s + i, off[n] - i);
			} else if (nc == 2 || (nc == 1 && alone)) {
				add(out, s + i, j - i);
			} else if (nc >= 3) {
				cut_run(s, off, nc, i > term->start, j < term->end, out);
			}
			i = j;
		}
		/* the term as it was: one word, itself */
		bool same = runs == 1 && out->n == before + 1 &&
			    strlen(out->w[before]) == term->end - term->start &&
			    !memcmp(out->w[before], s + term->start, term->end - term->start);
		if (!same)
			out->split = true;
	}
}
