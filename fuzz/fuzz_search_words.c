/* fuzz_search_words.c: libFuzzer target for the words of a search query (the search's
 * fallbacks). Every word must be non-empty, NUL-terminated, valid UTF-8, distinct, parse
 * again as a query of one term, and be at most SEARCH_WORDS_MAX. */
#include "common.h"
#include "text/search_words.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct cjk_query q;
	if (!cjk_query_parse(&q, s, size, false)) {
		struct search_words w;
		search_words_split(&q, s, &w);
		if (w.n > SEARCH_WORDS_MAX)
			BUG("%zu words", w.n);
		for (size_t i = 0; i < w.n; i++) {
			size_t n = strnlen(w.w[i], SEARCH_WORD_BYTES);
			if (n == 0 || n == SEARCH_WORD_BYTES || !utf8_valid(w.w[i], n))
				BUG("bad word %zu", i);
			for (size_t k = 0; k < i; k++)
				if (!strcmp(w.w[i], w.w[k]))
					BUG("word %zu twice", i);
			struct cjk_query one;
			if (cjk_query_parse(&one, w.w[i], n, false) || one.nterms != 1)
				BUG("word %zu is not one term", i);
			cjk_query_free(&one);
		}
	}
	cjk_query_free(&q);
	free(s);
	return 0;
}
