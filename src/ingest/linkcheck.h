/* linkcheck.h: external links fetched politely (libcurl): a per-host interval between
 * requests, timeouts, retries with back-off (Retry-After honoured), HEAD then GET when HEAD
 * is refused, a cap on redirects and on the bytes read. Beyond the status code it reports
 * soft 404s (a 200 page that says it is not found, a redirect to a site's home page), loops,
 * and domains taken over by spam (the page fetched holds gambling or pornography vocabulary
 * of the rule set). Also the one fetcher of `site check URL`. */
#ifndef ZF_LINKCHECK_H
#define ZF_LINKCHECK_H

#include "buf.h"
#include "text/scan.h"

#include <stdbool.h>

struct site_checker;
struct sockaddr;

enum link_verdict {
	LINK_OK,
	LINK_BROKEN,	    /* 4xx/5xx, no such host, refused, timed out */
	LINK_SOFT404,	    /* 200 whose page says it is not found */
	LINK_REDIRECT_HOME, /* a deep link redirected to the site's home page */
	LINK_LOOP,	    /* redirects without end (over the cap) */
	LINK_SPAM,	    /* the target now serves gambling or pornography: 外链变异 */
	LINK_SKIPPED,	    /* not http(s), or refused by the options */
};
const char *link_verdict_id(enum link_verdict v);    /* "link.broken.status", … */
const char *link_verdict_label(enum link_verdict v); /* Chinese */
/* The severity of a verdict as a finding: spam is 单项否决, the others 扣分. */
enum scan_sev link_verdict_sev(enum link_verdict v);

struct link_opts {
	double host_interval; /* seconds between two requests to one host (default 1) */
	long timeout_ms;      /* whole transfer (default 15000, the indicators' 15 s) */
	int retries;	      /* after a timeout, 5xx or 429 (default 2) */
	int max_redirects;    /* default 10 */
	size_t max_body;      /* bytes read of a page (default 4 MB) */
	const char *user_agent;
	struct site_checker *checker; /* scans fetched pages for spam; may be NULL */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	/* link_fetch only: refuse to connect to this machine or an internal network (loopback,
	 * private, link-local, carrier-grade NAT, unspecified, multicast; IPv6 alike, mapped
	 * IPv4 included), checked on every address actually connected to, so a redirect or a
	 * name that resolves inside cannot reach it either. For fetches a signed-in user asks
	 * the server to make (a feed address typed into a form). */
	bool public_only;
};
void link_opts_default(struct link_opts *o);

struct link_result {
	char *url;
	enum link_verdict verdict;
	long status;	 /* last HTTP status, 0 when none */
	char *final_url; /* after redirects */
	int redirects;
	char *why; /* one Chinese line */
	/* the finding id (static): "link.ok", "link.skipped", "link.broken.status",
	 * ".dns", ".connect", ".timeout", ".tls", ".reset", ".soft404", ".redirect-home",
	 * ".loop", ".spam" */
	const char *id;
	int requests; /* HTTP requests made for it (HEAD, GET, redirects, retries) */
};

/* Checks n URLs (hosts interleaved, each host at its interval). out[i] is filled for
 * urls[i]; free with link_results_free. 0 or ZF_ENOMEM. */
int link_check(const char *const *urls, size_t n, const struct link_opts *o,
	       struct link_result *out);
void link_results_free(struct link_result *r, size_t n);

/* True when an HTML page served with 200 says it is not there (a soft 404): its title or first
 * h1 holds 404, 页面不存在, 找不到, 您访问的页面, not found …, or a short page (under 600 bytes
 * of visible text) holds one of them anywhere. Writes what says so (at most cap bytes, whole
 * UTF-8 characters). Pure. */
bool link_page_missing(const char *html, size_t n, char *what, size_t cap);

/* True when an address is one public_only refuses. Pure. */
bool link_addr_internal(const struct sockaddr *sa);

/* Fetches one URL with the same politeness and caps (GET). 0 with the body (and its final
 * URL and content type in the optional outputs), or ZF_EIO/ZF_ETOOBIG with one Chinese line
 * in err. */
int link_fetch(const char *url, const struct link_opts *o, struct buf *body, struct buf *final_url,
	       struct buf *content_type, long *status, struct buf *err);

#endif
