/* site_scan.h: the whole-site scan of the site-integrity checks (内容检查): everything the site
 * publishes is checked with the rule set in force (web/integrity_cache.h) and what was found
 * is recorded as work orders (store/integrity.h), closing what is no longer found. What is
 * checked: each published document's title, summary and body and its attachments' text
 * (.docx, .pdf, .txt; other files are skipped with a counted note); the public pages as the
 * application renders them, in-process through the route table (home, catalogue pages,
 * document pages, guides, lists, site texts: so that hidden links in templates or content are
 * seen as HTML), found by following the internal links of the rendered pages; and the column
 * and interpretation checks of the store (store/integrity_checks.h).
 *
 * Also the scheduled scan: a ticker thread in the server that runs a scan every
 * `scan_interval` seconds (config), or at once when the console asks; a lease in the
 * database lets only one of several servers run a given scan. */
#ifndef ZF_SITE_SCAN_H
#define ZF_SITE_SCAN_H

#include "buf.h"
#include "store/integrity.h"

#include <stdbool.h>

struct store;
struct store_pool;
struct web_env;

/* Told the progress: done of total items (total grows while pages are found). */
typedef void (*site_scan_progress_fn)(void *ctx, long long done, long long total);

struct site_scan_opts {
	const char *actor;		/* who runs it (a login), or NULL for "scheduled" */
	bool scheduled;			/* a scheduled run */
	size_t max_pages;		/* rendered pages at most; 0: SITE_SCAN_MAX_PAGES */
	site_scan_progress_fn progress; /* may be NULL */
	void *ctx;
};
#define SITE_SCAN_MAX_PAGES 20000

struct site_scan_result {
	struct integrity_scan scan; /* id, pages, nfound, nnew, nclosed */
	long long docs, attachments, rendered, skipped;
	double seconds;
	char notes[512]; /* what was skipped, in Chinese */
};

/* Scans the whole site and records the findings. st is the connection the scan reads and
 * writes with; env (may be NULL: no rendered pages, noted) gives the dispatcher its pool
 * for rendering pages in-process. 0, or an error with one Chinese line in err. */
int site_scan_run(struct store *st, const struct web_env *env, const struct site_scan_opts *o,
		  struct site_scan_result *res, struct buf *err);

/* The progress of the scan running in this process, for the console: false when none. */
bool site_scan_running(long long *done, long long *total);

/* The server's scan ticker: wakes every minute, runs a scheduled scan when `interval`
 * seconds (0: never) have passed since the last finished one and it holds the lease, and
 * runs one at once after site_scan_request. NULL when the thread cannot start. */
/* True when a public page of the site answers path (a GET route without parameters that
 * needs no sign-in, or an embedded static file): the route-table half of the internal link
 * check (store/integrity_links.h's ilink_route_fn). */
bool site_route_known(void *ctx, const char *path);

struct site_scan_ticker;
struct site_scan_ticker *site_scan_ticker_start(const struct web_env *env, long interval);
void site_scan_ticker_stop(struct site_scan_ticker *t);
/* Asks the ticker of this process (if any) to run a scan for actor now: false when there is
 * no ticker or a scan is already running. */
bool site_scan_request(const char *actor);

#endif
