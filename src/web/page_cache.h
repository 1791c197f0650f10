/* page_cache.h: the public page cache. Each server keeps the rendered answers of public
 * read-only routes (ROUTE_CACHEABLE) asked by anonymous visitors, keyed by host, path, query
 * and mode (长者模式), each with its identity, gzip and brotli bodies and the site generation
 * (store/site_gen.h) it was made at. A request reads the generation from the database (one
 * primary-key read) and gets the kept page only while the number is unchanged, so a
 * publication through any server is seen by the next request on every server. Pages are
 * answered with a strong ETag, Last-Modified and 304 to conditional requests.
 *
 * Never kept: requests with a session or any cookie but the visitor's CSRF cookie and the
 * font choice, answers other than 200, answers that set a cookie (but the visitor's CSRF
 * cookie, dropped from a kept page), pages holding a CSRF token (a form tied to the
 * visitor), answers that name their own Cache-Control. docs/page-cache.md. */
#ifndef ZF_WEB_PAGE_CACHE_H
#define ZF_WEB_PAGE_CACHE_H

#include "server.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The debug header on every answer of a cacheable route: "hit", "miss" or "bypass". */
#define PAGE_CACHE_HEADER "X-Zf-Cache"

/* The key of req (in req's arena), or NULL when the request carries per-visitor state (a
 * session cookie, another cookie, credentials) and must bypass the cache. */
const char *page_cache_key(struct web_request *req);

/* A render in progress (page_cache_get's single flight). */
struct page_cache_flight;

/* When a page kept under key at generation gen exists, fills res with it (or a 304 when
 * req's If-None-Match / If-Modified-Since match) and returns true. When another request is
 * rendering that page, waits for it (a few seconds at most) and answers from it. Otherwise
 * returns false and, when no other request renders it, *flight: the caller renders the page,
 * offers it to page_cache_put, and then must call page_cache_land(*flight) whatever came of
 * it (the waiting requests go on then). */
bool page_cache_get(const char *key, long long gen, struct web_request *req,
		    struct web_response *res, struct page_cache_flight **flight);
/* Ends a render begun by page_cache_get (NULL is fine) and wakes the requests waiting for
 * it. */
void page_cache_land(struct page_cache_flight *flight);

/* After a fresh render at generation gen (read before rendering): keeps res when it may be
 * kept (the refusals above; budget: the bytes all pages may take together) and answers from
 * the kept page as page_cache_get does, with "miss"; otherwise leaves res as it is, adds
 * "bypass", and returns false. */
bool page_cache_put(const char *key, long long gen, struct web_request *req,
		    struct web_response *res, size_t budget);

/* Drops every kept page (tests). */
void page_cache_clear(void);

struct page_cache_stats {
	size_t entries, bytes;
	unsigned long long hits, misses, stale, evicted;
	unsigned long long waits; /* requests that waited for another one's render */
};
void page_cache_stats(struct page_cache_stats *out);

/* ---- header parsing, exposed for the unit tests and the fuzz target ---- */

/* True when an If-None-Match value matches etag ("\"hex\""): "*", or one of its entity tags,
 * weak or strong, whose opaque part equals etag's or etag's with a "-gz"/"-br" suffix. */
bool page_cache_etag_match(const char *if_none_match, const char *etag);
/* Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime form). Returns 0, or ZF_EINVAL. */
int page_cache_http_date(const char *s, time_t *out);
/* Writes t as an IMF-fixdate ("Mon, 07 Dec 2026 17:00:00 GMT"), 29 characters and NUL. */
void page_cache_format_date(time_t t, char out[30]);

#endif
