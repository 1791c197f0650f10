/* multipart.c: multipart/form-data parser (see multipart.h). */
#include "common.h"
#include "arena.h"
#include "utf8.h"
#include "web/multipart.h"

#include <strings.h>

/* Skips spaces and tabs. */
static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Reads a parameter value at p (quoted or a token) up to end; returns it and moves *pp. */
static struct str param_value(const char **pp, const char *end)
{
	const char *p = *pp;
	struct str v = {p, 0};
	if (p < end && *p == '"') {
		const char *q = p + 1;
		while (q < end && *q != '"') {
			if (*q == '\\' && q + 1 < end)
				q++;
			q++;
		}
		v = (struct str){p + 1, (size_t)(q - p - 1)};
		*pp = q < end ? q + 1 : end;
		return v;
	}
	while (p < end && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	v.len = (size_t)(p - v.p);
	*pp = p;
	return v;
}

/* Finds parameter `name` in a header value "type; a=1; b="2"": true and its value. */
static bool header_param(struct str value, const char *name, struct str *out)
{
	const char *p = value.p, *end = value.p + value.len;
	size_t nl = strlen(name);
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		if (!semi)
			return false;
		p = skip_ws(semi + 1, end);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			return false;
		const char *key_end = eq;
		while (key_end > p && (key_end[-1] == ' ' || key_end[-1] == '\t'))
			key_end--;
		const char *v = skip_ws(eq + 1, end);
		struct str val = param_value(&v, end);
		if ((size_t)(key_end - p) == nl && !strncasecmp(p, name, nl)) {
			*out = val;
			return true;
		}
		p = v;
	}
	return false;
}

int multipart_boundary(const char *content_type, struct str *boundary)
{
	static const char type[] = "multipart/form-data";
	if (!content_type || strncasecmp(content_type, type, sizeof(type) - 1))
		return ZF_EPARSE;
	struct str v = str_c(content_type);
	if (!header_param(v, "boundary", boundary) || boundary->len == 0 || boundary->len > 70)
		return ZF_EPARSE;
	for (size_t i = 0; i < boundary->len; i++)
		if ((unsigned char)boundary->p[i] < 0x20 || (unsigned char)boundary->p[i] > 0x7e)
			return ZF_EPARSE;
	return 0;
}

/* Decodes the percent-escapes browsers use in quoted names (%22 %0D %0A) into the arena;
 * NULL when the result is not valid UTF-8 or holds a control character. */
static const char *name_copy(struct arena *a, struct str s)
{
	char *out = arena_alloc(a, s.len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < s.len; i++) {
		if (s.p[i] == '%' && i + 2 < s.len && s.p[i + 1] == '2' && s.p[i + 2] == '2') {
			out[o++] = '"';
			i += 2;
		} else {
			out[o++] = s.p[i];
		}
	}
	out[o] = '\0';
	if (!utf8_valid(out, o))
		return NULL;
	for (size_t i = 0; i < o; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			return NULL;
	return out;
}

/* Parses one part's header block [p, end) into part. */
static int part_headers(struct arena *a, const char *p, const char *end,
			struct multipart_part *part)
{
	bool form_data = false;
	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		if (!eol)
			eol = end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			struct str name = {p, (size_t)(colon - p)};
			const char *v = skip_ws(colon + 1, eol);
			struct str value = {v, (size_t)(eol - v)};
			if (name.len == 19 && !strncasecmp(name.p, "Content-Disposition", 19)) {
				struct str n, f;
				if (value.len < 9 || strncasecmp(value.p, "form-data", 9))
					return ZF_EPARSE;
				form_data = true;
				if (!header_param(value, "name", &n) ||
				    !(part->name = name_copy(a, n)))
					return ZF_EPARSE;
				if (header_param(value, "filename", &f) &&
				    !(part->filename = name_copy(a, f)))
					return ZF_EPARSE;
			} else if (name.len == 12 && !strncasecmp(name.p, "Content-Type", 12)) {
				part->content_type =
				    arena_strndup(a, value.p, ZF_MIN(value.len, 200));
				if (!part->content_type)
					return ZF_ENOMEM;
			}
		}
		p = eol + 2;
	}
	return form_data ? 0 : ZF_EPARSE;
}

int multipart_parse(struct arena *a, const char *content_type, struct str body,
		    struct multipart_part **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct str b;
	int rc = multipart_boundary(content_type, &b);
	if (rc)
		return rc;
	/* the delimiter with the line break before it: "\r\n--boundary" */
	char delim[80];
	size_t dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%.*s", (int)b.len, b.p);
	const char *p = body.p, *end = body.p + body.len;
	/* the first delimiter may open the body (no line break before it) */
	if (body.len >= dl - 2 && !memcmp(p, delim + 2, dl - 2)) {
		p += dl - 2;
	} else {
		const char *first = body.len ? memmem(p, body.len, delim, dl) : NULL;
		if (!first)
			return ZF_EPARSE;
		p = first + dl;
	}
	struct multipart_part *parts = NULL;
	size_t count = 0, alloc = 0;
	for (;;) {
		/* after a delimiter: "--" ends the body, else CRLF starts a part */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		p = skip_ws(p, end); /* transport padding */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return ZF_EPARSE;
		p += 2;
		const char *hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		const char *hstop = hend;
		if (p + 2 <= end && p[0] == '\r' && p[1] == '\n') /* no header at all */
			hend = hstop = p - 2;
		if (!hend || (size_t)(hend - p) > MULTIPART_MAX_HEADER)
			return ZF_EPARSE;
		const char *data = hend + 4;
		const char *next =
		    data <= end ? memmem(data, (size_t)(end - data), delim, dl) : NULL;
		if (!next)
			return ZF_EPARSE; /* no closing delimiter: a truncated upload */
		if (hstop > p && memmem(p, (size_t)(hstop - p), delim, dl))
			return ZF_EPARSE; /* a part without a header block */
		if (count == MULTIPART_MAX_PARTS)
			return ZF_ETOOBIG;
		parts = arena_grow(a, parts, count, &alloc, sizeof(*parts));
		if (!parts)
			return ZF_ENOMEM;
		struct multipart_part *part = &parts[count];
		memset(part, 0, sizeof(*part));
		rc = part_headers(a, p, hstop > p ? hstop : p, part);
		if (rc)
			return rc;
		part->data = (struct str){data, (size_t)(next - data)};
		count++;
		p = next + dl;
	}
	*out = parts;
	*n = count;
	return 0;
}

const char *multipart_field(struct arena *a, const struct multipart_part *parts, size_t n,
			    const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (parts[i].filename || strcmp(parts[i].name, name))
			continue;
		struct str d = parts[i].data;
		if (!utf8_valid(d.p, d.len) || memchr(d.p, 0, d.len))
			return NULL;
		return arena_strndup(a, d.p, d.len);
	}
	return NULL;
}

const struct multipart_part *multipart_file(const struct multipart_part *parts, size_t n,
					    const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (parts[i].filename && *parts[i].filename && !strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}
