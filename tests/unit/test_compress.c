/* test_compress.c: gzip and brotli bodies decode to the bytes they were made from (zlib's
 * inflate, brotli's decoder); the encoding chosen from Accept-Encoding honours q=0 and
 * prefers brotli; which content types are worth compressing. */
#include "common.h"
#include "web/compress.h"
#include "tap.h"

#include <brotli/decode.h>
#include <zlib.h>

static void sample(struct buf *b, size_t n)
{
	static const char *const words[] = {"政府信息公开", "<p>",    "年度报告", "</p>\n",
					    "关于印发",	    "的通知", "  ",	  "2026"};
	unsigned x = 12345;
	while (b->len < n) {
		x = x * 1103515245u + 12345u;
		buf_adds(b, words[(x >> 16) % ARRAY_SIZE(words)]);
	}
}

static bool gunzip_eq(const struct buf *z, const struct buf *want)
{
	z_stream s;
	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return false;
	size_t cap = want->len + 64;
	unsigned char *out = xmalloc(cap);
	s.next_in = (unsigned char *)z->p;
	s.avail_in = (uInt)z->len;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	int rc = inflate(&s, Z_FINISH);
	bool ok =
	    rc == Z_STREAM_END && s.total_out == want->len &&
	    (want->len == 0 || memcmp(out, want->p, want->len) == 0); /* p is NULL when empty */
	inflateEnd(&s);
	free(out);
	return ok;
}

static bool unbrotli_eq(const struct buf *z, const struct buf *want)
{
	size_t n = want->len + 64;
	uint8_t *out = xmalloc(n);
	bool ok = BrotliDecoderDecompress(z->len, (const uint8_t *)z->p, &n, out) ==
		      BROTLI_DECODER_RESULT_SUCCESS &&
		  n == want->len && (n == 0 || memcmp(out, want->p, n) == 0);
	free(out);
	return ok;
}

static void test_round_trip(void)
{
	static const size_t sizes[] = {0, 1, 100, 40000, 300000};
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct buf in = BUF_INIT, gz = BUF_INIT, br = BUF_INIT;
		sample(&in, sizes[i]);
		tap_int(web_gzip(in.p ? in.p : "", in.len, &gz), 0, "gzip of %zu bytes", in.len);
		tap_ok(gunzip_eq(&gz, &in), "inflates to the same %zu bytes", in.len);
		tap_int(web_brotli(in.p ? in.p : "", in.len, &br), 0, "brotli of %zu bytes",
			in.len);
		tap_ok(unbrotli_eq(&br, &in), "decodes to the same %zu bytes", in.len);
		if (in.len >= 40000)
			tap_ok(br.len < in.len / 3 && gz.len < in.len / 2,
			       "text shrinks (%zu → gzip %zu, br %zu)", in.len, gz.len, br.len);
		buf_free(&in);
		buf_free(&gz);
		buf_free(&br);
	}
	/* appends, does not replace */
	struct buf out = BUF_INIT, want = BUF_INIT;
	buf_adds(&out, "x");
	web_gzip("abc", 3, &out);
	tap_ok(out.len > 1 && out.p[0] == 'x' && (unsigned char)out.p[1] == 0x1f,
	       "gzip appends after what the buffer held");
	buf_free(&out);
	buf_free(&want);
}

static void test_pick(void)
{
	static const struct {
		const char *ae;
		bool br, gz;
		enum web_encoding want;
	} cases[] = {
	    {NULL, true, true, WEB_ENC_IDENTITY},
	    {"", true, true, WEB_ENC_IDENTITY},
	    {"gzip", true, true, WEB_ENC_GZIP},
	    {"gzip, deflate, br", true, true, WEB_ENC_BR},
	    {"gzip, deflate, br", false, true, WEB_ENC_GZIP},
	    {"gzip, deflate, br", false, false, WEB_ENC_IDENTITY},
	    {"br;q=0, gzip", true, true, WEB_ENC_GZIP},
	    {"br;q=0.0, gzip;q=0", true, true, WEB_ENC_IDENTITY},
	    {"br; q=0.5", true, true, WEB_ENC_BR},
	    {"GZIP", true, true, WEB_ENC_GZIP},
	    {"x-gzip-not", true, true, WEB_ENC_IDENTITY},
	    {"identity", true, true, WEB_ENC_IDENTITY},
	    {"*", true, true, WEB_ENC_BR},
	    {"*;q=0", true, true, WEB_ENC_IDENTITY},
	    {"brotli, gzipped", true, true, WEB_ENC_IDENTITY},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		tap_int(web_encoding_pick(cases[i].ae, cases[i].br, cases[i].gz), cases[i].want,
			"Accept-Encoding \"%s\" (br %d, gzip %d)",
			cases[i].ae ? cases[i].ae : "(none)", cases[i].br, cases[i].gz);
	tap_str(web_encoding_name(WEB_ENC_BR), "br", "name of brotli");
	tap_str(web_encoding_name(WEB_ENC_GZIP), "gzip", "name of gzip");
	tap_ok(web_encoding_name(WEB_ENC_IDENTITY) == NULL, "identity has no Content-Encoding");
	tap_ok(web_compressible(NULL) && web_compressible("text/html; charset=utf-8") &&
		   web_compressible("application/json") && web_compressible("image/svg+xml") &&
		   web_compressible("application/xml"),
	       "text, JSON, SVG, XML are compressed");
	tap_ok(!web_compressible("image/png") && !web_compressible("application/pdf") &&
		   !web_compressible("application/zip"),
	       "images, PDF, zip are not");
}

int main(void)
{
	test_round_trip();
	test_pick();
	return tap_done();
}
