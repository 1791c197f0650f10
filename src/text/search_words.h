/* search_words.h: the words of a search query, for the search's fallbacks. When no
 * document holds a query as written (住房保障 as a phrase), the catalogue search looks for
 * the documents holding all of its words apart (住房 and 保障), then any of them.
 *
 * The words: the query's terms (cut at spaces and punctuation, as text/cjk_tokenize.h
 * parses them), each term cut where its characters change between Han and other letters or
 * digits. A run of letters or digits is one word (2024, pm). A run of one or two Han
 * characters is one word, except a lone character beside letters or digits (the 年 of
 * 2024年), which is left out. A longer run is cut at the common words of
 * data/embed/search-words.txt, longest first from the left; what no listed word covers is
 * cut into pairs of characters (a character left over, before a listed word or at the end,
 * is a word of its own). Words
 * repeat once only; at most SEARCH_WORDS_MAX. */
#ifndef ZF_SEARCH_WORDS_H
#define ZF_SEARCH_WORDS_H

#include "text/cjk_tokenize.h"

#define SEARCH_WORDS_MAX  CJK_QUERY_MAX_TERMS
#define SEARCH_WORD_BYTES (CJK_WORD_MAX * 4 + 1)

struct search_words {
	size_t n;
	char w[SEARCH_WORDS_MAX][SEARCH_WORD_BYTES];
	bool split; /* the words differ from the query's terms */
};

/* Splits the terms of q, parsed from s, into words. */
void search_words_split(const struct cjk_query *q, const char *s, struct search_words *out);

/* True when the dictionary lists the word of n bytes. */
bool search_words_known(const char *w, size_t n);

#endif
