/* compress.c: see compress.h. zlib for gzip, libbrotlienc for brotli. */
#include "common.h"
#include "compress.h"

#include <brotli/encode.h>
#include <ctype.h>
#include <zlib.h>

int web_gzip(const void *p, size_t n, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip header and trailer instead of zlib's */
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return ZF_ENOMEM;
	size_t bound = deflateBound(&z, (uLong)n);
	unsigned char *tmp = malloc(bound);
	if (!tmp) {
		deflateEnd(&z);
		return ZF_ENOMEM;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = tmp;
	z.avail_out = (uInt)bound;
	int zr = deflate(&z, Z_FINISH);
	size_t made = bound - z.avail_out;
	deflateEnd(&z);
	int rc = zr == Z_STREAM_END ? buf_add(out, tmp, made) : ZF_EIO;
	free(tmp);
	return rc;
}

int web_brotli(const void *p, size_t n, struct buf *out)
{
	size_t bound = BrotliEncoderMaxCompressedSize(n);
	if (!bound)
		return ZF_ETOOBIG;
	uint8_t *tmp = malloc(bound);
	if (!tmp)
		return ZF_ENOMEM;
	size_t made = bound;
	int rc = BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
				       n, (const uint8_t *)p, &made, tmp)
		     ? buf_add(out, tmp, made)
		     : ZF_EIO;
	free(tmp);
	return rc;
}

/* The q-value the header gives coding (0..1000), -1 when it is not named (nor by "*"). */
static int q_of(const char *h, const char *coding)
{
	int star = -1;
	size_t clen = strlen(coding);
	for (const char *s = h; s && *s;) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		const char *name = s;
		while (*s && *s != ',' && *s != ';' && *s != ' ' && *s != '\t')
			s++;
		size_t len = (size_t)(s - name);
		int q = 1000;
		while (*s && *s != ',') {
			if (*s == ';') {
				s++;
				while (*s == ' ' || *s == '\t')
					s++;
				if ((s[0] == 'q' || s[0] == 'Q') && s[1] == '=') {
					s += 2;
					if (*s == '0') {
						q = 0;
						s++;
						if (*s == '.') {
							s++;
							for (int scale = 100;
							     isdigit((unsigned char)*s) && scale;
							     scale /= 10, s++)
								q += (*s - '0') * scale;
						}
					} else if (*s == '1') {
						q = 1000;
						s++;
					}
					continue;
				}
			}
			if (*s && *s != ',')
				s++;
		}
		if (len == clen && strncasecmp(name, coding, clen) == 0)
			return q;
		if (len == 1 && name[0] == '*')
			star = q;
	}
	return star;
}

enum web_encoding web_encoding_pick(const char *accept_encoding, bool have_br, bool have_gzip)
{
	if (!accept_encoding)
		return WEB_ENC_IDENTITY;
	if (have_br && q_of(accept_encoding, "br") > 0)
		return WEB_ENC_BR;
	if (have_gzip && q_of(accept_encoding, "gzip") > 0)
		return WEB_ENC_GZIP;
	return WEB_ENC_IDENTITY;
}

const char *web_encoding_name(enum web_encoding e)
{
	return e == WEB_ENC_BR ? "br" : e == WEB_ENC_GZIP ? "gzip" : NULL;
}

bool web_compressible(const char *content_type)
{
	if (!content_type)
		return true; /* the default: text/html */
	return strncmp(content_type, "text/", 5) == 0 || strstr(content_type, "json") ||
	       strstr(content_type, "javascript") || strstr(content_type, "svg") ||
	       strstr(content_type, "xml");
}
