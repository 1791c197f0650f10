/* newmedia_import.h: the posts of a 政务新媒体 account brought in and checked: a file (CSV,
 * .xlsx) or a feed (RSS, Atom; a file, or an http(s) address fetched with the link checker's
 * fetcher: timeouts, caps, redirects) is read (ingest/newmedia_feed.h), its posts stored
 * (store/newmedia.h), and then every post of the account is put through the site-integrity
 * checks with the rule set in force (web/integrity_cache.h): a scan of scope newmedia:<id>
 * whose findings are work orders in 内容检查 like the website's, each placed at the post
 * (/console/newmedia/post/<id>, field 标题 or 正文). Storing and checking are one batch:
 * all or nothing. Shared by the console and the `newmedia` command. */
#ifndef ZF_WEB_NEWMEDIA_IMPORT_H
#define ZF_WEB_NEWMEDIA_IMPORT_H

#include "buf.h"
#include "store/integrity.h"

#include <stddef.h>

struct store;

struct nm_import_result {
	const char *kind;	    /* "CSV 文件", "RSS 订阅", … (static) */
	size_t read, added, dups;   /* posts read, stored, already there */
	long long checked;	    /* posts checked */
	struct integrity_scan scan; /* the check: nfound, nnew, nclosed */
	long long open, veto;	    /* open findings of the account's posts afterwards */
};

/* Imports data[0..len) (an export or a feed) into the account. source names it for the
 * history ("文件 posts.csv"). 0, or an error with one Chinese line in err: ZF_EPARSE /
 * ZF_ETOOBIG (the file), ZF_EINVAL / ZF_ESTATE / ZF_ENOENT (the store refused), ZF_EDB. */
int newmedia_import_bytes(struct store *st, const char *actor, long long account_id,
			  const char *data, size_t len, const char *source,
			  struct nm_import_result *res, struct buf *err);
/* Fetches an http(s) address and imports what it serves. ZF_EIO when it cannot be read
 * (or does not answer 200); ZF_EPERM when public_only and it leads to this machine or an
 * internal network (see link_opts.public_only). */
int newmedia_import_url(struct store *st, const char *actor, long long account_id, const char *url,
			bool public_only, struct nm_import_result *res, struct buf *err);
/* Checks every post of the account again (after a new rule set). */
int newmedia_check(struct store *st, const char *actor, long long account_id,
		   struct nm_import_result *res, struct buf *err);

#endif
