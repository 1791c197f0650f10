/* integrity_links.h: a link to a page of our own site, checked against the database without
 * HTTP (链接检查, 站内链接): does the path lead to something the public can read? Documents
 * (/docs/ID, /docs/ID/files/FILE), annual reports (/reports/AGENCY/YEAR[.html|.xlsx|.json]),
 * guide files (/guide/AGENCY/flow.svg|form.docx|form.pdf), agencies, columns, lists (and their
 * versions) and projects are looked up; a repealed or expired document that is still published
 * is fine, a withdrawn or removed one (撤稿) is not. Other paths are asked of the caller's
 * route table (the store does not know the web's routes). */
#ifndef ZF_INTEGRITY_LINKS_H
#define ZF_INTEGRITY_LINKS_H

#include <stdbool.h>

struct store;

enum ilink_verdict {
	ILINK_OK,	     /* a published thing, or a page the route table knows */
	ILINK_MISSING,	     /* the object does not exist */
	ILINK_UNPUBLISHED,   /* exists, not public (draft, under review, hidden column) */
	ILINK_WITHDRAWN,     /* published, then withdrawn or removed (撤稿) */
	ILINK_UNKNOWN_ROUTE, /* no page of the site answers this path */
};

/* The finding id of a verdict: "link.ok", "link.broken.internal-missing", …. */
const char *ilink_verdict_id(enum ilink_verdict v);

struct ilink_result {
	enum ilink_verdict verdict;
	char why[160]; /* one Chinese line */
};

/* True when a page of the site (a public GET route) answers path. */
typedef bool ilink_route_fn(void *ctx, const char *path);

/* Checks a path of our site ("/docs/12", "/docs/12/files/3?x#y": the query and fragment are
 * ignored, percent-escapes are not decoded). route_known (may be NULL: every path that is not
 * an object is unknown) answers for the paths that are not objects. 0 with *out filled, or
 * ZF_EDB. */
int store_ilink_check(struct store *st, const char *path, ilink_route_fn *route_known, void *ctx,
		      struct ilink_result *out);

#endif
