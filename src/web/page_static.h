/* page_static.h: the fingerprints of the assets under /static/ (data/embed), for the links
 * pages make to them. */
#ifndef ZF_WEB_PAGE_STATIC_H
#define ZF_WEB_PAGE_STATIC_H

#include <stdbool.h>

/* The asset's fingerprint: 16 hex digits of the SHA-256 of its bytes, computed once per
 * process (static, never freed), or NULL when there is no such web asset. Pages link
 * "/static/NAME?v=FINGERPRINT"; that URL is then cached for a year. If-None-Match is
 * tested by page_cache_etag_match (page_cache.h), as for the kept pages. */
const char *static_asset_fingerprint(const char *name);

#endif
