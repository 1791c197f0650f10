/* buf.c: string views and growable buffers. */
#include "common.h"
#include "buf.h"

#include <ctype.h>

struct str str_c(const char *s)
{
	return (struct str){s, s ? strlen(s) : 0};
}

bool str_eq(struct str a, struct str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool str_eq_c(struct str a, const char *s)
{
	return str_eq(a, str_c(s));
}

bool str_starts_with(struct str s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.len >= n && memcmp(s.p, prefix, n) == 0;
}

struct str str_trim(struct str s)
{
	while (s.len && isspace((unsigned char)s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && isspace((unsigned char)s.p[s.len - 1]))
		s.len--;
	return s;
}

struct str str_cut(struct str *s, char sep)
{
	const char *q = s->len ? memchr(s->p, sep, s->len) : NULL;
	struct str head;
	if (!q) {
		head = *s;
		s->p += s->len;
		s->len = 0;
		return head;
	}
	head.p = s->p;
	head.len = (size_t)(q - s->p);
	s->len -= head.len + 1;
	s->p = q + 1;
	return head;
}

int str_to_long(struct str s, long *out)
{
	size_t i = 0;
	bool neg = false;
	long v = 0;
	if (s.len && s.p[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == s.len)
		return ZF_EINVAL;
	for (; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return ZF_EINVAL;
		int d = s.p[i] - '0';
		if (v > (LONG_MAX - d) / 10)
			return ZF_ERANGE;
		v = v * 10 + d;
	}
	*out = neg ? -v : v;
	return 0;
}

void buf_init(struct buf *b, size_t cap)
{
	b->p = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
	b->failed = false;
}

void buf_free(struct buf *b)
{
	free(b->p);
	buf_init(b, b->cap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->p)
		b->p[0] = '\0';
}

static int buf_grow(struct buf *b, size_t extra)
{
	if (b->failed)
		return ZF_ETOOBIG;
	if (extra > SIZE_MAX / 2 - b->len || (b->cap && b->len + extra > b->cap)) {
		b->failed = true;
		return ZF_ETOOBIG;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = realloc(b->p, n);
	if (!p) {
		b->failed = true;
		return ZF_ENOMEM;
	}
	b->p = p;
	b->alloc = n;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	int rc = buf_grow(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addstr(struct buf *b, struct str s)
{
	return buf_add(b, s.p, s.len);
}

int buf_addch(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	char small[256];
	va_copy(cp, ap);
	int n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return ZF_EINVAL;
	if ((size_t)n < sizeof(small))
		return buf_add(b, small, (size_t)n);
	int rc = buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_setf(struct buf *b, const char *fmt, ...)
{
	if (!b)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_reset(b);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *buf_cstr(const struct buf *b)
{
	return b->p ? b->p : "";
}

struct str buf_str(const struct buf *b)
{
	return (struct str){buf_cstr(b), b->len};
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->p ? b->p : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b, b->cap);
	return p;
}

int buf_read_stream(struct buf *b, FILE *f, size_t cap)
{
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		if (cap && b->len + n > cap)
			return ZF_ETOOBIG;
		int rc = buf_add(b, tmp, n);
		if (rc)
			return rc;
	}
	return ferror(f) ? ZF_EIO : 0;
}

int buf_read_file(struct buf *b, const char *path, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? ZF_ENOENT : ZF_EIO;
	int rc = buf_read_stream(b, f, cap);
	fclose(f);
	return rc;
}
