/* html.c: context-named escaping writers (see html.h). */
#include "common.h"
#include "html.h"
#include "utf8.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Bytes that html_txt/html_attr pass through unchanged. */
static bool plain_byte(unsigned char c)
{
	if (c >= 0x80)
		return false;
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7f;
}

static bool bad_code_point(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f); /* C1 controls */
}

/* Escapes for both text and double-quoted attribute context: the same set suffices. */
static void escape(struct buf *w, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && !w->failed) {
		size_t run = i;
		while (run < n && plain_byte((unsigned char)s[run]))
			run++;
		if (run > i) {
			buf_add(w, s + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&':
			buf_adds(w, "&amp;");
			i++;
			continue;
		case '<':
			buf_adds(w, "&lt;");
			i++;
			continue;
		case '>':
			buf_adds(w, "&gt;");
			i++;
			continue;
		case '"':
			buf_adds(w, "&quot;");
			i++;
			continue;
		case '\'':
			buf_adds(w, "&#39;");
			i++;
			continue;
		default: break;
		}
		if (c < 0x80) { /* C0 control or DEL */
			buf_adds(w, replacement);
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			buf_adds(w, replacement);
			i++;
		} else if (bad_code_point(cp)) {
			buf_adds(w, replacement);
			i += len;
		} else {
			buf_add(w, s + i, len);
			i += len;
		}
	}
}

static void percent_encode(struct buf *w, const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p && !w->failed; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || (keep_slash && c == '/')) {
			buf_addch(w, (char)c);
		} else {
			char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(w, esc, sizeof(esc));
		}
	}
}

void html_raw(struct buf *w, const char *literal)
{
	if (!w->failed)
		buf_adds(w, literal);
}

void html_txt(struct buf *w, const char *s)
{
	escape(w, s, strlen(s));
}

void html_txtn(struct buf *w, const char *s, size_t n)
{
	escape(w, s, n);
}

void html_txts(struct buf *w, struct str s)
{
	escape(w, s.p, s.len);
}

void html_attr(struct buf *w, const char *s)
{
	escape(w, s, strlen(s));
}

void html_attrs(struct buf *w, struct str s)
{
	escape(w, s.p, s.len);
}

void html_url_arg(struct buf *w, const char *s)
{
	percent_encode(w, s, false);
}

void html_url_path(struct buf *w, const char *s)
{
	percent_encode(w, s, true);
}

static void escapef(struct buf *w, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		w->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		escape(w, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		w->failed = true;
		return;
	}
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	escape(w, big, (size_t)n);
	free(big);
}

void html_txtf(struct buf *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	escapef(w, fmt, ap);
	va_end(ap);
}

void html_attrf(struct buf *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	escapef(w, fmt, ap);
	va_end(ap);
}
