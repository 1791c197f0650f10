/* cjk_tokenize.h: the search tokenizer for Chinese government text, its query parser and
 * the matcher that finds query hits in a text for highlighting. Pure: no I/O, no globals.
 *
 * Tokens. A run of Han characters (also kana, hangul and 〇) becomes overlapping bigrams:
 * 信息公开 → 信息 息公 公开. In a document the run's last character is also a token of its
 * own, at the same position as the last bigram (colocated), so that a one-character query
 * matches it exactly and as a prefix of the bigrams (信* finds 信息 and a final 信). A run of
 * one character is that character. Letters and digits make words, folded to lower case
 * (full-width forms to ASCII): GB18030 → gb18030, ２０２４ → 2024. Everything else
 * separates tokens. Each token carries its byte span in the input, for highlighting.
 *
 * Queries. The query is cut at separators into terms; a term is a phrase of its tokens,
 * and all terms must match (AND). A term that ends in a one-character Han run ends with a
 * prefix token ("2024年"*), which makes one- and two-character queries (税, 信息) find every
 * occurrence, which the trigram tokenizer cannot do. */
#ifndef ZF_CJK_TOKENIZE_H
#define ZF_CJK_TOKENIZE_H

#include "buf.h"

enum cjk_mode {
	CJK_DOCUMENT, /* text being indexed or highlighted: adds the colocated final unigram */
	CJK_QUERY,    /* a query string: bigrams only, a lone character as itself */
};

/* Longest word kept, in code points; a longer run of letters or digits is cut into pieces. */
#define CJK_WORD_MAX 32

/* Receives one token: its normalised text tok[0..len) (valid only during the call), its byte
 * span [start, end) in the input, and whether it shares the position of the token before
 * it. A nonzero return stops the tokenizer, which returns that value. */
typedef int cjk_token_fn(void *ctx, const char *tok, size_t len, size_t start, size_t end,
			 bool colocated);

/* Tokenizes n bytes of UTF-8 (invalid bytes separate tokens). Returns 0 or the callback's
 * nonzero value. */
int cjk_tokenize(const char *s, size_t n, enum cjk_mode mode, cjk_token_fn *fn, void *ctx);

/* True for a character that joins a bigram run (Han, 〇, kana, hangul). */
bool cjk_is_bigram_char(uint32_t cp);

#define CJK_QUERY_MAX_TERMS  12
#define CJK_QUERY_MAX_TOKENS 64
#define CJK_QUERY_MAX_BYTES  256 /* longer queries are cut (at a character boundary) */

struct cjk_term {
	size_t first, ntok; /* its tokens: tok[first .. first + ntok) of the query */
	bool prefix;	    /* the last token matches as a prefix (a lone Han character ends it) */
	size_t start, end;  /* byte span in the query string */
};

/* A parsed query. Token texts live in `text` (NUL-separated); `expr` is the FTS5 MATCH
 * expression. Owned by the caller: release with cjk_query_free. */
struct cjk_query {
	struct cjk_term terms[CJK_QUERY_MAX_TERMS];
	size_t nterms;
	size_t tok[CJK_QUERY_MAX_TOKENS]; /* offsets of token texts in text */
	size_t ntok;
	struct buf text;
	struct buf expr;
};

/* Parses a user's query string (UTF-8, n bytes). Returns 0, ZF_ENOENT when it holds nothing
 * searchable (only punctuation or spaces), or ZF_ENOMEM. Terms beyond CJK_QUERY_MAX_TERMS
 * and tokens beyond CJK_QUERY_MAX_TOKENS are dropped. When title_only, expr searches the
 * first column (title) only. Free with cjk_query_free even on error. */
int cjk_query_parse(struct cjk_query *q, const char *s, size_t n, bool title_only);
void cjk_query_free(struct cjk_query *q);
/* The text of token i of q (borrowed). */
const char *cjk_query_token(const struct cjk_query *q, size_t i);

/* A hit: bytes [start, end) of a text. */
struct cjk_span {
	size_t start, end;
};

/* Finds where q's terms occur in text (n bytes): the byte spans of every phrase match,
 * sorted and merged, at most max of them in out. A prefix match of a lone character covers
 * that character only. Returns the number stored, or 0 (also when out of memory). */
size_t cjk_match(const struct cjk_query *q, const char *text, size_t n, struct cjk_span *out,
		 size_t max);

/* Picks an excerpt of about width code points that holds as many spans as possible, and
 * stores its byte range [*from, *to) (on character boundaries). With no spans, the start of
 * the text. */
void cjk_excerpt(const char *text, size_t n, const struct cjk_span *spans, size_t nspans,
		 size_t width, size_t *from, size_t *to);

#endif
