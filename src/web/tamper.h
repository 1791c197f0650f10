/* tamper.h: the tamper check (防篡改): our public pages fetched through the public front door
 * (nginx, a CDN, or the application itself) are compared with what the application renders
 * for the same path in-process (routes_dispatch_site, no network), and the static files with
 * a manifest of their SHA-256. A page whose visible text or links differ was altered on the
 * way (内容被篡改, 单项否决 under the 2019 indicators); a static file whose bytes differ too.
 *
 * What may differ between two renders of one page and is ignored: the parts that are not
 * visible text nor links (CSRF tokens in hidden fields, script nonces, cookies, headers), the
 * host in absolute links to our own site, query parameters named _csrf/csrf/token/nonce, and
 * dates and times shown (digits of YYYY-MM-DD, HH:MM[:SS] and YYYY年M月D日 are masked). */
#ifndef ZF_TAMPER_H
#define ZF_TAMPER_H

#include "buf.h"
#include "server.h"
#include "strlist.h"
#include "text/finding.h"

/* One page as the reader got it. */
struct tamper_page {
	int status; /* 0 when it could not be had */
	struct buf body;
	char content_type[96];
};
void tamper_page_free(struct tamper_page *p);

/* Renders path in-process through the site's routes, as a visitor with no cookie whose Host
 * header is host (may be NULL). 0 or ZF_ENOMEM. */
int tamper_render(const struct web_env *env, const char *host, const char *path,
		  struct tamper_page *out);

/* Compares what the front door served (got) with what the application renders (want) for
 * path, appending tamper.content (text added: 单项否决; only removed: 疑似; status differs)
 * and tamper.link (links added: 单项否决; links gone: 疑似) findings. base_host: our host
 * ("gk.example.gov.cn:443"), links to it count as paths. 0 or ZF_ENOMEM. */
int tamper_compare(const char *path, const char *base_host, const struct tamper_page *want,
		   const struct tamper_page *got, struct site_findings *out);

/* The paths of our site to fetch: fixed pages (home, catalogue, reports, guide, columns,
 * lists, projects, sitemap, contact, rules) and the first `per_kind` documents and reports
 * linked from the rendered catalogue and report list. Appends to paths. */
int tamper_pages(const struct web_env *env, const char *host, size_t per_kind,
		 struct strlist *paths);
/* The /static/ paths referenced by a rendered page (stylesheets, scripts, images), added to
 * paths when not there yet. */
int tamper_static_paths(const struct tamper_page *page, struct strlist *paths);

/* SHA-256 of n bytes as 64 lower-case hex digits. */
void tamper_sha256_hex(const void *data, size_t n, char out[65]);

/* A manifest: lines "<64 hex>  <path>" (as sha256sum writes them), '#' comments. */
struct tamper_manifest {
	struct tamper_entry {
		char sha256[65];
		char *path;
	} * v;
	size_t n;
};
/* Parses a manifest; ZF_EPARSE with the line named in err (Chinese), ZF_ENOMEM. At most
 * 10000 entries, paths of at most 1000 bytes that start with '/'. */
int tamper_manifest_parse(const char *text, size_t n, struct tamper_manifest *m, struct buf *err);
void tamper_manifest_free(struct tamper_manifest *m);

#endif
