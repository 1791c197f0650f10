/* html.h: the only way zfxxgk writes HTML. Each writer is named for the context its output
 * lands in and escapes for that context; all of them append to a struct buf.
 * Input is taken as UTF-8: invalid bytes, NUL and other C0/C1 control characters (except tab,
 * newline, carriage return) come out as U+FFFD, so the page stays well-formed UTF-8.
 * Errors are sticky: when the buffer hits its cap or runs out of memory, w->failed is set and
 * later writes do nothing; check it once when the page is done. */
#ifndef ZF_RENDER_HTML_H
#define ZF_RENDER_HTML_H

#include "buf.h"

/* Appends markup as is. Only for string literals written in the source, never for data. */
void html_raw(struct buf *w, const char *literal);
/* Appends text for element content: & < > " ' are escaped. */
void html_txt(struct buf *w, const char *s);
void html_txtn(struct buf *w, const char *s, size_t n);
void html_txts(struct buf *w, struct str s);
/* Appends a value for a double-quoted attribute (the caller writes the quotes). */
void html_attr(struct buf *w, const char *s);
void html_attrs(struct buf *w, struct str s);
/* Appends s percent-encoded for a query argument name or value (RFC 3986 unreserved bytes
 * stay); the result is also safe inside an attribute. */
void html_url_arg(struct buf *w, const char *s);
/* Appends s percent-encoded for a URL path: like html_url_arg, but '/' stays. */
void html_url_path(struct buf *w, const char *s);
/* printf into text or attribute context: the formatted result is escaped as a whole. */
void html_txtf(struct buf *w, const char *fmt, ...) ZF_PRINTF(2, 3);
void html_attrf(struct buf *w, const char *fmt, ...) ZF_PRINTF(2, 3);

#endif
