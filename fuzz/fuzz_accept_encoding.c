/* fuzz_accept_encoding.c: libFuzzer target for the request headers the page cache reads
 * (web/compress.h, web/page_cache.h): Accept-Encoding, If-None-Match and If-Modified-Since.
 * Whatever the header, the encoding chosen is one the page has (never brotli or gzip when
 * absent); an If-None-Match ending in the page's own tag matches it and one without its
 * digits does not; a date that parses formats back to a date that parses to the
 * same instant.
 *
 * Input: 1 byte of flags (brotli present, gzip present), then the header value. */
#include "common.h"
#include "web/compress.h"
#include "web/page_cache.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char etag[] = "\"0123456789abcdef0123456789abcdef\"";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool have_br = data[0] & 1, have_gzip = data[0] & 2;
	char *s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';

	enum web_encoding e = web_encoding_pick(s, have_br, have_gzip);
	if ((e == WEB_ENC_BR && !have_br) || (e == WEB_ENC_GZIP && !have_gzip) ||
	    (e != WEB_ENC_BR && e != WEB_ENC_GZIP && e != WEB_ENC_IDENTITY))
		abort();

	(void)page_cache_etag_match(s, etag);
	/* a header without quotes (no tag of its own to run into ours) followed by the page's
	 * own tag always matches */
	char *with = xasprintf("%s, %s", s, etag);
	if (!strchr(s, '"') && !page_cache_etag_match(with, etag))
		abort();
	free(with);
	/* a proper prefix of the tag never matches */
	if (!strchr(s, '*') && !strstr(s, "0123456789abcdef0123456789abcdef") &&
	    page_cache_etag_match(s, etag))
		abort();

	time_t t;
	if (page_cache_http_date(s, &t) == 0) {
		char out[30];
		time_t back;
		page_cache_format_date(t, out);
		if (page_cache_http_date(out, &back) != 0 || back != t)
			abort();
	}
	free(s);
	return 0;
}
