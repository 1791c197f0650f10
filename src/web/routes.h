/* routes.h: the route table. Each route declares what it needs (the database, a signed-in
 * user with a role, a valid CSRF token); the dispatcher checks the needs before the handler
 * runs, so a handler never has to. Handlers are declared here, one page_*.c each. */
#ifndef ZF_ROUTES_H
#define ZF_ROUTES_H

#include "server.h"

enum route_flags {
	ROUTE_NEEDS_DB = 1 << 0,    /* req->db is a live connection; else 503 */
	ROUTE_DB_OPTIONAL = 1 << 1, /* req->db when one can be had, else NULL */
	ROUTE_NEEDS_LOGIN = 1 << 2, /* req->user is set; else 403 */
	ROUTE_NEEDS_CSRF = 1 << 3,  /* req->csrf_ok; else 403 */
	ROUTE_JSON = 1 << 4,	    /* errors from the dispatcher are JSON, not HTML */
	ROUTE_STATELESS = 1 << 5,   /* no session lookup and no cookies (static files, probes) */
	/* a public read-only page the same for every anonymous visitor: kept by the page cache
	 * (page_cache.h), which still refuses answers with cookies, CSRF forms or not 200 */
	ROUTE_CACHEABLE = 1 << 6,
};

/* Roles, weakest first: a route asking for one admits it and every stronger one. A role is
 * granted per agency and reaches the agencies below it (see session_can). */
enum route_role {
	ROLE_PUBLIC = 0, /* anyone */
	ROLE_VIEWER,	 /* 查阅: reads the console */
	ROLE_CLERK,	 /* 经办人: handles requests, drafts documents */
	ROLE_REVIEWER,	 /* 审核人: 保密审查, approves documents and replies; also a clerk */
	ROLE_ADMIN,	 /* 管理员: users, agencies, reports */
};

/* A handler fills res (status defaults to 200). It returns 0, or a negative error code
 * that the dispatcher turns into a 500 page; errors meant for the reader are pages the
 * handler writes itself. */
typedef int route_handler(struct web_request *req, struct web_response *res);

struct route {
	enum web_method method; /* WEB_GET routes also answer HEAD */
	const char *pattern;	/* "/a/b"; "{name}" matches one segment; a final "*" the rest */
	unsigned flags;		/* enum route_flags */
	enum route_role role;	/* needs ROUTE_NEEDS_LOGIN when above ROLE_PUBLIC */
	route_handler *handler;
};

/* The site's routes: the core's and every area's, in one table built on first use. */
const struct route *routes_site(size_t *n);

/* Each area's table, kept beside its pages. */
extern const struct route routes_auth[]; /* session.c: sign-in, sign-out */
extern const size_t routes_auth_len;
extern const struct route routes_public[]; /* routes_public.c: guide, apply, query, reports */
extern const size_t routes_public_len;
extern const struct route routes_console[]; /* routes_console.c: the staff console */
extern const size_t routes_console_len;
extern const struct route routes_docs[]; /* routes_docs.c: catalogue, search, publishing */
extern const size_t routes_docs_len;
extern const struct route routes_columns[]; /* routes_columns.c: column trees */
extern const size_t routes_columns_len;
extern const struct route routes_lists[]; /* routes_lists.c: 撤稿, projects, lists */
extern const size_t routes_lists_len;
extern const struct route routes_integrity[]; /* routes_integrity.c: 内容检查 */
extern const size_t routes_integrity_len;
extern const struct route routes_consult[]; /* routes_consult.c: 意见征集, 在线访谈 */
extern const size_t routes_consult_len;
extern const struct route routes_stdcat[]; /* routes_stdcat.c: 基层政务公开标准目录 */
extern const size_t routes_stdcat_len;
extern const struct route routes_newmedia[]; /* routes_newmedia.c: 政务新媒体 */
extern const size_t routes_newmedia_len;
extern const struct route routes_messages[]; /* routes_messages.c: 互动交流 messages */
extern const size_t routes_messages_len;
extern const struct route routes_oversight[]; /* routes_oversight.c: 监督考核 */
extern const size_t routes_oversight_len;
extern const struct route routes_assessment[]; /* routes_assessment.c: 考核, 培训, 通报 */
extern const size_t routes_assessment_len;

/* Finds the route for req in table, checks its needs and runs it, filling res; answers
 * 404, 405 (with Allow), 403 and 503 itself, in Chinese. */
void routes_dispatch(const struct route *table, size_t n, struct web_request *req,
		     struct web_response *res);
/* routes_dispatch over routes_site: the server's web_dispatch_fn. */
void routes_dispatch_site(struct web_request *req, struct web_response *res);

/* Matches path against pattern, storing {name} segments in req->path_args. */
bool routes_match(const char *pattern, const char *path, struct web_request *req);

/* Page handlers. */
int page_home(struct web_request *req, struct web_response *res);
int page_health(struct web_request *req, struct web_response *res);
int page_static(struct web_request *req, struct web_response *res);

#endif
