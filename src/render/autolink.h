/* autolink.h: published text with its references made links: http(s) URLs (other schemes,
 * javascript: among them, never become links) and 文号 such as 示政发〔2025〕3号 that name a
 * document we hold. Everything else is escaped as element content (html.h). */
#ifndef ZF_RENDER_AUTOLINK_H
#define ZF_RENDER_AUTOLINK_H

#include "buf.h"

/* Looks a 文号 up (canonical form, docno_format): true with *id when a published, not
 * taken-down document carries it. */
typedef bool autolink_docno_fn(void *ctx, const char *canonical, long long *id);

struct autolink {
	const char *site_host;	  /* "host[:port]" of this site: its URLs are not external */
	autolink_docno_fn *docno; /* NULL: no 文号 links */
	void *ctx;
	size_t lookups; /* resolver calls made so far; they stop at AUTOLINK_MAX_LOOKUPS */
};
#define AUTOLINK_MAX_LOOKUPS 300

/* Writes s[0..n) as escaped element content, its URLs and known 文号 as <a> elements:
 * external URLs with rel="nofollow noopener noreferrer", 文号 to /docs/{id}. */
void html_autolink(struct buf *w, const char *s, size_t n, struct autolink *al);

#endif
