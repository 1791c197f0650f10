/* local_path.c: the check of redirect targets taken from input (see local_path.h). */
#include "common.h"
#include "local_path.h"
#include "utf8.h"

/* Code points a browser may drop or treat as a separator: C0 and C1 controls, DEL,
 * blanks, Unicode spaces, zero-width and direction marks, line and paragraph separators,
 * the byte-order mark. */
static bool bad_code_point(uint32_t c)
{
	return c <= 0x20 || (c >= 0x7f && c <= 0xa0) || c == '\\' || c == 0x1680 || c == 0x180e ||
	       (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
	       (c >= 0x205f && c <= 0x206f) || c == 0x3000 || c == 0xfeff || c == 0xfff9 ||
	       c == 0xfffa || c == 0xfffb;
}

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

static bool check(const char *s, size_t len, int depth)
{
	if (len < 1 || len > LOCAL_PATH_MAX || s[0] != '/' || !utf8_valid(s, len))
		return false;
	if (len > 1 && (s[1] == '/' || s[1] == '\\'))
		return false;
	bool escaped = false;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t l = utf8_decode(s + i, len - i, &c);
		if (l == 0 || bad_code_point(c))
			return false;
		escaped |= c == '%';
		i += l;
	}
	if (!escaped)
		return true;
	if (depth >= 3)
		return false;
	/* what the path says once decoded must pass too: %09, %2F%2F, %5C and the like */
	char out[LOCAL_PATH_MAX + 1];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < len ? hexval(s[i + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
			if (lo < 0)
				return false;
			char b = (char)(hi * 16 + lo);
			if (b == '\0')
				return false;
			out[n++] = b;
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return check(out, n, depth + 1);
}

bool web_local_path(const char *s)
{
	return s && check(s, strlen(s), 0);
}

const char *web_local_path_or(const char *s, const char *fallback)
{
	return web_local_path(s) ? s : fallback;
}
