/* fuzz_cjk.c: libFuzzer target for the search tokenizer, the query parser and the hit
 * matcher. The input is split at its first NUL into a query and a text. Every token must be
 * non-empty with its span inside the input; every hit and excerpt inside the text, sorted,
 * on character boundaries. */
#include "common.h"
#include "text/cjk_tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	size_t n;
	size_t last_start;
};

static int token(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool colocated)
{
	struct check *c = ctx;
	if (len == 0 || !tok || start >= end || end > c->n)
		BUG("bad token span %zu-%zu of %zu", start, end, c->n);
	if (start < c->last_start && !colocated)
		BUG("tokens out of order");
	c->last_start = start;
	return 0;
}

static bool boundary(const char *s, size_t n, size_t i)
{
	return i == 0 || i >= n || ((unsigned char)s[i] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nul = memchr(s, 0, size);
	size_t qn = nul ? (size_t)(nul - s) : size;
	const char *text = nul ? nul + 1 : s;
	size_t tn = nul ? size - qn - 1 : size;
	struct check c = {tn, 0};
	cjk_tokenize(text, tn, CJK_DOCUMENT, token, &c);
	c = (struct check){tn, 0};
	cjk_tokenize(text, tn, CJK_QUERY, token, &c);
	struct cjk_query q;
	if (cjk_query_parse(&q, s, qn, size & 1) == 0) {
		struct cjk_span spans[32];
		size_t n = cjk_match(&q, text, tn, spans, 32);
		for (size_t i = 0; i < n; i++) {
			if (spans[i].start >= spans[i].end || spans[i].end > tn ||
			    (i && spans[i].start <= spans[i - 1].end))
				BUG("bad span");
		}
		size_t from, to;
		cjk_excerpt(text, tn, spans, n, 40, &from, &to);
		if (from > to || to > tn || !boundary(text, tn, from))
			BUG("bad excerpt %zu-%zu of %zu", from, to, tn);
	}
	cjk_query_free(&q);
	return 0;
}
