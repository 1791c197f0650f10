/* page_static.h: the fingerprints of the assets under /static/ (data/embed), for the links
 * pages make to them, and the If-None-Match test the asset route answers 304 with. */
#ifndef ZF_WEB_PAGE_STATIC_H
#define ZF_WEB_PAGE_STATIC_H

#include <stdbool.h>

/* The asset's fingerprint: 16 hex digits of the SHA-256 of its bytes, computed once per
 * process (static, never freed), or NULL when there is no such web asset. Pages link
 * "/static/NAME?v=FINGERPRINT"; that URL is then cached for a year. */
const char *static_asset_fingerprint(const char *name);

/* True when an If-None-Match header value names the entity tag "TAG", "TAG-gz" or "TAG-br"
 * (weak comparison, as RFC 9110 asks for If-None-Match; W/ prefixes allowed) or is "*".
 * A malformed header matches nothing. */
bool static_if_none_match(const char *header, const char *tag);

#endif
