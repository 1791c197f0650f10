/* form.c: urlencoded form bodies (see form.h). */
#include "common.h"
#include "form.h"
#include "arena.h"
#include "utf8.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a new arena string; NULL (and *bad) on a malformed piece. */
static char *decode(struct arena *a, const char *s, size_t n, bool *bad)
{
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				*bad = true;
				return NULL;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (c == '\0') {
			*bad = true;
			return NULL;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (!utf8_valid(out, o)) {
		*bad = true;
		return NULL;
	}
	return out;
}

int form_parse(struct arena *arena, struct str body, struct web_pair **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t fields = 0;
	for (size_t i = 0; i < body.len; i++)
		fields += body.p[i] == '&';
	if (fields + 1 > FORM_MAX_FIELDS)
		return ZF_ETOOBIG;
	struct web_pair *pairs = arena_alloc(arena, (fields + 1) * sizeof(*pairs));
	if (!pairs)
		return ZF_ENOMEM;
	size_t pos = 0, count = 0;
	while (pos < body.len) {
		const char *piece = body.p + pos;
		const char *amp = memchr(piece, '&', body.len - pos);
		size_t len = amp ? (size_t)(amp - piece) : body.len - pos;
		pos += len + 1;
		if (len == 0)
			continue;
		const char *eq = memchr(piece, '=', len);
		size_t klen = eq ? (size_t)(eq - piece) : len;
		bool bad = false;
		char *k = decode(arena, piece, klen, &bad);
		char *v =
		    eq ? decode(arena, eq + 1, len - klen - 1, &bad) : arena_strdup(arena, "");
		if (bad)
			return ZF_EPARSE;
		if (!k || !v)
			return ZF_ENOMEM;
		pairs[count].name = k;
		pairs[count].value = v;
		count++;
	}
	*out = pairs;
	*n = count;
	return 0;
}
