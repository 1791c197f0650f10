/* compress.h: gzip and brotli encodings of a response body, made once and kept (the page
 * cache and the static assets), and the choice among them from Accept-Encoding. */
#ifndef ZF_WEB_COMPRESS_H
#define ZF_WEB_COMPRESS_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

enum web_encoding { WEB_ENC_IDENTITY, WEB_ENC_GZIP, WEB_ENC_BR };

/* Appends the gzip (RFC 1952) form of p[0..n) to out at the highest level. Returns 0, or
 * ZF_ENOMEM / ZF_EIO. */
int web_gzip(const void *p, size_t n, struct buf *out);
/* Appends the brotli (RFC 7932) form of p[0..n) to out (quality 11, text mode). */
int web_brotli(const void *p, size_t n, struct buf *out);
/* The best encoding the client accepts among those available (have_br, have_gzip), from
 * an Accept-Encoding header (NULL: identity). Honours q=0; brotli before gzip. */
enum web_encoding web_encoding_pick(const char *accept_encoding, bool have_br, bool have_gzip);
/* "br", "gzip" or NULL (identity): the Content-Encoding value. */
const char *web_encoding_name(enum web_encoding e);
/* True for content types worth compressing (text, JSON, JavaScript, SVG, XML). */
bool web_compressible(const char *content_type);

#endif
