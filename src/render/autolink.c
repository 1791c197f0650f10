/* autolink.c: URLs and 文号 in published text as links (autolink.h). A URL is recognised
 * only from a literal "http://" or "https://", so no other scheme can ever become a link;
 * it runs over printable ASCII that may stand in a URL and loses the punctuation that ends
 * a sentence. A 文号 is found at its bracket: the Chinese characters right before it (the
 * 机关代字, longest first, so "根据示政发〔2025〕3号" tries 根据示政发, 据示政发, 示政发),
 * the year, the closing bracket, the number and 号; only what the resolver knows is linked.
 * Text goes out through html.h's escapers, links too. */
#include "common.h"
#include "autolink.h"
#include "html.h"
#include "law/docno.h"
#include "utf8.h"

#define PREFIX_MAX_CHARS 16
#define PREFIX_MIN_CHARS 2

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A byte that may stand in a URL we link (RFC 3986's characters and '%'). */
static bool url_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("<>\"'`{}|\\^", c);
}

static bool host_byte(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

/* An http(s) URL starting at s[i]: true with its end. */
static bool url_at(const char *s, size_t n, size_t i, size_t *end)
{
	size_t scheme;
	if (n - i >= 8 && !strncasecmp(s + i, "https://", 8))
		scheme = 8;
	else if (n - i >= 7 && !strncasecmp(s + i, "http://", 7))
		scheme = 7;
	else
		return false;
	if (i > 0 && is_alnum((unsigned char)s[i - 1]))
		return false;
	size_t j = i + scheme;
	while (j < n && url_byte((unsigned char)s[j]))
		j++;
	/* the sentence's punctuation is not the URL's; a closing bracket only when unbalanced */
	while (j > i + scheme) {
		char c = s[j - 1];
		if (strchr(".,;:!?", c)) {
			j--;
			continue;
		}
		if (c == ')' || c == ']') {
			char open = c == ')' ? '(' : '[';
			int depth = 0;
			for (size_t k = i; k < j; k++)
				depth += s[k] == open ? 1 : s[k] == c ? -1 : 0;
			if (depth < 0) {
				j--;
				continue;
			}
		}
		break;
	}
	/* a host of letters, digits, dots, dashes (a port, an IPv6 literal); no user info */
	size_t h = i + scheme;
	bool alnum = false;
	while (h < j && s[h] != '/' && s[h] != '?' && s[h] != '#') {
		if (!host_byte((unsigned char)s[h]))
			return false;
		alnum |= is_alnum((unsigned char)s[h]);
		h++;
	}
	if (!alnum)
		return false;
	*end = j;
	return true;
}

static bool same_host(const char *url, size_t len, const char *site)
{
	if (!site || !*site)
		return false;
	const char *p = memchr(url, ':', len);
	if (!p || (size_t)(p - url) + 3 > len)
		return false;
	p += 3;
	size_t rest = len - (size_t)(p - url), hl = 0;
	while (hl < rest && p[hl] != '/' && p[hl] != '?' && p[hl] != '#')
		hl++;
	return strlen(site) == hl && !strncasecmp(p, site, hl);
}

static void write_url(struct buf *w, const char *url, size_t len, const struct autolink *al)
{
	struct str u = {url, len};
	html_raw(w, "<a href=\"");
	html_attrs(w, u);
	html_raw(w, same_host(url, len, al->site_host)
			? "\">"
			: "\" rel=\"nofollow noopener noreferrer\">");
	html_txts(w, u);
	html_raw(w, "</a>");
}

/* ---- 文号 ---- */

static const char *const opens[] = {"〔", "[", "【", "(", "（", "［", "〖", "﹝"};
static const char *const closes[] = {"〕", "]", "】", ")", "）", "］", "〗", "﹞"};

static size_t match_any(const char *s, size_t n, size_t i, const char *const *set, size_t nset)
{
	for (size_t k = 0; k < nset; k++) {
		size_t l = strlen(set[k]);
		if (n - i >= l && !memcmp(s + i, set[k], l))
			return l;
	}
	return 0;
}

/* A digit (ASCII or full-width) at s[i]: its length, else 0. */
static size_t digit_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] >= '0' && s[i] <= '9')
		return 1;
	uint32_t cp;
	size_t l = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
	return l && cp >= 0xFF10 && cp <= 0xFF19 ? l : 0;
}

static size_t spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* "〔2025〕3号" from the bracket at s[i]: true with the end. */
static bool docno_tail(const char *s, size_t n, size_t i, size_t *end)
{
	size_t l = match_any(s, n, i, opens, ARRAY_SIZE(opens));
	if (!l)
		return false;
	i = spaces(s, n, i + l);
	for (int d = 0; d < 4; d++) {
		size_t dl = digit_at(s, n, i);
		if (!dl)
			return false;
		i += dl;
	}
	i = spaces(s, n, i);
	if (!(l = match_any(s, n, i, closes, ARRAY_SIZE(closes))))
		return false;
	i = spaces(s, n, i + l);
	if (n - i >= 3 && !memcmp(s + i, "第", 3))
		i += 3;
	int digits = 0;
	size_t dl;
	while (digits < 6 && (dl = digit_at(s, n, i))) {
		i += dl;
		digits++;
	}
	if (!digits)
		return false;
	i = spaces(s, n, i);
	if (n - i < 3 || memcmp(s + i, "号", 3))
		return false;
	*end = i + 3;
	return true;
}

static bool is_han(uint32_t cp)
{
	return cp >= 0x4E00 && cp <= 0x9FFF;
}

/* A known 文号 whose bracket is at s[i], its 机关代字 not before `from`: true with the
 * span and the document. */
static bool docno_at(const char *s, size_t n, size_t i, size_t from, struct autolink *al,
		     size_t *start, size_t *end, long long *id)
{
	if (!docno_tail(s, n, i, end))
		return false;
	size_t starts[PREFIX_MAX_CHARS], nstarts = 0, j = i;
	while (j > from && nstarts < PREFIX_MAX_CHARS) {
		size_t k = j - 1;
		while (k > from && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		uint32_t cp;
		if (utf8_decode(s + k, j - k, &cp) != j - k || !is_han(cp))
			break;
		starts[nstarts++] = k;
		j = k;
	}
	for (size_t c = nstarts; c >= PREFIX_MIN_CHARS; c--) {
		if (al->lookups >= AUTOLINK_MAX_LOOKUPS)
			return false;
		struct str cand = {s + starts[c - 1], *end - starts[c - 1]};
		struct docno d;
		char canonical[DOCNO_PREFIX_MAX + 64];
		if (docno_parse(cand, &d, NULL))
			continue;
		docno_format(&d, canonical, sizeof(canonical));
		al->lookups++;
		if (al->docno(al->ctx, canonical, id)) {
			*start = starts[c - 1];
			return true;
		}
	}
	return false;
}

void html_autolink(struct buf *w, const char *s, size_t n, struct autolink *al)
{
	size_t flushed = 0, i = 0;
	while (i < n) {
		size_t start, end;
		long long id;
		if ((s[i] == 'h' || s[i] == 'H') && url_at(s, n, i, &end)) {
			html_txtn(w, s + flushed, i - flushed);
			write_url(w, s + i, end - i, al);
			flushed = i = end;
		} else if (al->docno && docno_at(s, n, i, flushed, al, &start, &end, &id)) {
			html_txtn(w, s + flushed, start - flushed);
			html_raw(w, "<a class=\"docno-link\" href=\"");
			html_attrf(w, "/docs/%lld", id);
			html_raw(w, "\">");
			html_txtn(w, s + start, end - start);
			html_raw(w, "</a>");
			flushed = i = end;
		} else {
			i++;
		}
	}
	html_txtn(w, s + flushed, n - flushed);
}
