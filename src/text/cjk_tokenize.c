/* cjk_tokenize.c: bigram tokenizer, query parser and hit matcher (see cjk_tokenize.h). */
#include "common.h"
#include "text/cjk_tokenize.h"
#include "text/normalize.h"
#include "utf8.h"

#include <utf8proc.h>

enum char_class { C_SEP, C_BIGRAM, C_WORD };

bool cjk_is_bigram_char(uint32_t cp)
{
	return text_is_han(cp) || cp == 0x3007 /* 〇 */ ||
	       (cp >= 0x3040 && cp <= 0x30FF) /* kana */ || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) /* hangul */;
}

/* The class of cp and, for word characters, its folded form (lower case, full-width to
 * ASCII). */
static enum char_class classify(uint32_t cp, uint32_t *folded)
{
	*folded = cp;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') {
			*folded = cp + ('a' - 'A');
			return C_WORD;
		}
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? C_WORD : C_SEP;
	}
	if (cjk_is_bigram_char(cp))
		return C_BIGRAM;
	if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
		return classify(cp - 0xFEE0, folded);
	if (cp > 0x10FFFF)
		return C_SEP;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME: {
		utf8proc_int32_t lower = utf8proc_tolower((utf8proc_int32_t)cp);
		if (lower > 0)
			*folded = (uint32_t)lower;
		return C_WORD;
	}
	default: return C_SEP;
	}
}

/* Decodes the character at s[i]: its length (1 for an invalid byte, which separates) and
 * class. */
static size_t next_char(const char *s, size_t n, size_t i, enum char_class *cls, uint32_t *folded)
{
	uint32_t cp;
	size_t len = utf8_decode(s + i, n - i, &cp);
	if (len == 0) {
		*cls = C_SEP;
		*folded = 0xFFFD;
		return 1;
	}
	*cls = classify(cp, folded);
	return len;
}

struct tokstate {
	const char *s;
	enum cjk_mode mode;
	cjk_token_fn *fn;
	void *ctx;
	char word[CJK_WORD_MAX * 4];
	size_t wlen, wchars, wstart, wend;
	size_t run, pstart, pend; /* the bigram run so far and its last character */
};

static int flush_word(struct tokstate *t)
{
	if (!t->wlen)
		return 0;
	int rc = t->fn(t->ctx, t->word, t->wlen, t->wstart, t->wend, false);
	t->wlen = t->wchars = 0;
	return rc;
}

static int flush_run(struct tokstate *t)
{
	int rc = 0;
	if (t->run == 1)
		rc =
		    t->fn(t->ctx, t->s + t->pstart, t->pend - t->pstart, t->pstart, t->pend, false);
	else if (t->run > 1 && t->mode == CJK_DOCUMENT)
		rc = t->fn(t->ctx, t->s + t->pstart, t->pend - t->pstart, t->pstart, t->pend, true);
	t->run = 0;
	return rc;
}

int cjk_tokenize(const char *s, size_t n, enum cjk_mode mode, cjk_token_fn *fn, void *ctx)
{
	struct tokstate t = {.s = s, .mode = mode, .fn = fn, .ctx = ctx};
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		enum char_class cls;
		uint32_t f;
		size_t len = next_char(s, n, i, &cls, &f);
		if (cls != C_WORD)
			rc = flush_word(&t);
		if (!rc && cls != C_BIGRAM)
			rc = flush_run(&t);
		if (rc)
			break;
		if (cls == C_WORD) {
			if (t.wchars == CJK_WORD_MAX && (rc = flush_word(&t)))
				break;
			if (!t.wlen)
				t.wstart = i;
			t.wlen += utf8_encode(f, t.word + t.wlen);
			t.wchars++;
			t.wend = i + len;
		} else if (cls == C_BIGRAM) {
			if (t.run)
				rc = fn(ctx, s + t.pstart, i + len - t.pstart, t.pstart, i + len,
					false);
			t.pstart = i;
			t.pend = i + len;
			t.run++;
		}
		i += len;
	}
	if (!rc)
		rc = flush_word(&t);
	if (!rc)
		rc = flush_run(&t);
	return rc;
}

/* ---------------------------------------------------------------- queries */

struct query_add {
	struct cjk_query *q;
	bool count_only;
	size_t count;
};

static int add_token(void *ctx, const char *tok, size_t len, size_t start, size_t end,
		     bool colocated)
{
	ZF_UNUSED(start);
	ZF_UNUSED(end);
	ZF_UNUSED(colocated);
	struct query_add *a = ctx;
	a->count++;
	if (a->count_only)
		return 0;
	struct cjk_query *q = a->q;
	q->tok[q->ntok++] = q->text.len;
	if (buf_add(&q->text, tok, len) || buf_addch(&q->text, '\0'))
		return ZF_ENOMEM;
	return 0;
}

const char *cjk_query_token(const struct cjk_query *q, size_t i)
{
	return q->text.p + q->tok[i];
}

void cjk_query_free(struct cjk_query *q)
{
	buf_free(&q->text);
	buf_free(&q->expr);
	q->nterms = q->ntok = 0;
}

/* Adds the term s[start, end) to q: its tokens and its phrase in expr. */
static int add_term(struct cjk_query *q, const char *s, size_t start, size_t end, bool prefix)
{
	struct query_add a = {.q = q, .count_only = true};
	cjk_tokenize(s + start, end - start, CJK_QUERY, add_token, &a);
	if (a.count == 0 || q->ntok + a.count > CJK_QUERY_MAX_TOKENS)
		return 0; /* dropped */
	struct cjk_term *t = &q->terms[q->nterms];
	t->first = q->ntok;
	t->ntok = a.count;
	t->prefix = prefix;
	t->start = start;
	t->end = end;
	a.count_only = false;
	a.count = 0;
	int rc = cjk_tokenize(s + start, end - start, CJK_QUERY, add_token, &a);
	if (rc)
		return rc;
	q->nterms++;
	/* the term holds letters, digits and CJK only: no quote to escape */
	if (q->expr.len)
		buf_addch(&q->expr, ' ');
	buf_addch(&q->expr, '"');
	buf_add(&q->expr, s + start, end - start);
	buf_adds(&q->expr, prefix ? "\"*" : "\"");
	return q->expr.failed ? ZF_ENOMEM : 0;
}

int cjk_query_parse(struct cjk_query *q, const char *s, size_t n, bool title_only)
{
	memset(q, 0, sizeof(*q));
	buf_init(&q->text, 0);
	buf_init(&q->expr, 0);
	if (n > CJK_QUERY_MAX_BYTES) {
		n = CJK_QUERY_MAX_BYTES;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	size_t term_start = 0, tail_run = 0;
	bool in_term = false;
	int rc = 0;
	for (size_t i = 0; i <= n && !rc && q->nterms < CJK_QUERY_MAX_TERMS;) {
		enum char_class cls = C_SEP;
		uint32_t f;
		size_t len = i < n ? next_char(s, n, i, &cls, &f) : 1;
		if (cls == C_SEP) {
			if (in_term)
				rc = add_term(q, s, term_start, i, tail_run == 1);
			in_term = false;
			tail_run = 0;
		} else {
			if (!in_term)
				term_start = i;
			in_term = true;
			tail_run = cls == C_BIGRAM ? tail_run + 1 : 0;
		}
		i += len;
	}
	if (rc)
		return rc;
	if (q->nterms == 0)
		return ZF_ENOENT;
	if (title_only) {
		struct buf e = BUF_INIT;
		buf_adds(&e, "{title} : (");
		buf_addstr(&e, buf_str(&q->expr));
		buf_addch(&e, ')');
		if (e.failed) {
			buf_free(&e);
			return ZF_ENOMEM;
		}
		buf_free(&q->expr);
		q->expr = e;
	}
	return 0;
}

/* ---------------------------------------------------------------- matching */

struct dtok {
	size_t start, end, pos;
	size_t off, len; /* text in the side buffer */
};

struct dtoks {
	struct dtok *v;
	size_t n, alloc;
	size_t pos;
	struct buf text;
	bool failed;
};

static int collect(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool colocated)
{
	struct dtoks *d = ctx;
	if (d->n == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 256;
		struct dtok *v = realloc(d->v, alloc * sizeof(*v));
		if (!v) {
			d->failed = true;
			return ZF_ENOMEM;
		}
		d->v = v;
		d->alloc = alloc;
	}
	if (!colocated && d->n > 0)
		d->pos++;
	struct dtok *t = &d->v[d->n++];
	t->start = start;
	t->end = end;
	t->pos = d->pos;
	t->off = d->text.len;
	t->len = len;
	if (buf_add(&d->text, tok, len)) {
		d->failed = true;
		return ZF_ENOMEM;
	}
	return 0;
}

/* Index of the token at position pos equal to (or, with prefix, starting with) want;
 * first[pos] is the first token at pos. -1 when none. */
static long find_at(const struct dtoks *d, const size_t *first, size_t pos, const char *want,
		    bool prefix)
{
	size_t wl = strlen(want);
	for (size_t i = first[pos]; i < d->n && d->v[i].pos == pos; i++) {
		const struct dtok *t = &d->v[i];
		if (prefix ? t->len >= wl : t->len == wl)
			if (memcmp(d->text.p + t->off, want, wl) == 0)
				return (long)i;
	}
	return -1;
}

static int span_cmp(const void *a, const void *b)
{
	const struct cjk_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

size_t cjk_match(const struct cjk_query *q, const char *text, size_t n, struct cjk_span *out,
		 size_t max)
{
	struct dtoks d = {0};
	buf_init(&d.text, 0);
	size_t nout = 0;
	size_t *first = NULL;
	struct cjk_span *all = NULL;
	size_t nall = 0, aall = 0;
	if (cjk_tokenize(text, n, CJK_DOCUMENT, collect, &d) || d.failed || d.n == 0)
		goto done;
	size_t npos = d.v[d.n - 1].pos + 1;
	first = malloc(npos * sizeof(*first));
	if (!first)
		goto done;
	for (size_t i = d.n; i-- > 0;)
		first[d.v[i].pos] = i;
	for (size_t t = 0; t < q->nterms; t++) {
		const struct cjk_term *term = &q->terms[t];
		if (term->ntok > npos)
			continue;
		for (size_t p = 0; p + term->ntok <= npos; p++) {
			long a = -1, z = -1;
			size_t k;
			for (k = 0; k < term->ntok; k++) {
				bool last = k + 1 == term->ntok;
				long hit =
				    find_at(&d, first, p + k, cjk_query_token(q, term->first + k),
					    last && term->prefix);
				if (hit < 0)
					break;
				if (k == 0)
					a = hit;
				z = hit;
			}
			if (k < term->ntok)
				continue;
			if (nall == aall) {
				aall = aall ? aall * 2 : 64;
				struct cjk_span *v = realloc(all, aall * sizeof(*v));
				if (!v)
					goto done;
				all = v;
			}
			size_t end = d.v[z].end;
			if (term->prefix) {
				/* a lone character: highlight it, not the bigram it starts */
				uint32_t cp;
				size_t l = utf8_decode(text + d.v[z].start, n - d.v[z].start, &cp);
				end = d.v[z].start + (l ? l : 1);
			}
			all[nall].start = d.v[a].start;
			all[nall].end = end;
			nall++;
		}
	}
	if (nall)
		qsort(all, nall, sizeof(*all), span_cmp);
	for (size_t i = 0; i < nall; i++) {
		if (nout > 0 && all[i].start <= out[nout - 1].end) {
			if (all[i].end > out[nout - 1].end)
				out[nout - 1].end = all[i].end;
			continue;
		}
		if (nout == max)
			break;
		out[nout++] = all[i];
	}
done:
	free(all);
	free(first);
	free(d.v);
	buf_free(&d.text);
	return nout;
}

/* Moves i forward by up to k characters (not past n). */
static size_t forward(const char *s, size_t n, size_t i, size_t k)
{
	while (k-- > 0 && i < n) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* Moves i back by up to k characters. */
static size_t backward(const char *s, size_t i, size_t k)
{
	while (k-- > 0 && i > 0) {
		i--;
		while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
			i--;
	}
	return i;
}

void cjk_excerpt(const char *text, size_t n, const struct cjk_span *spans, size_t nspans,
		 size_t width, size_t *from, size_t *to)
{
	size_t best_from = 0, best_to = forward(text, n, 0, width);
	size_t best = 0;
	for (size_t i = 0; i < nspans; i++) {
		size_t a = backward(text, spans[i].start, width / 5);
		size_t z = forward(text, n, a, width);
		if (z == n) /* near the end: use the whole width */
			a = backward(text, n, width);
		size_t count = 0;
		for (size_t j = 0; j < nspans; j++)
			count += spans[j].start >= a && spans[j].end <= z;
		if (count > best) {
			best = count;
			best_from = a;
			best_to = z;
		}
	}
	*from = best_from;
	*to = best_to;
}
