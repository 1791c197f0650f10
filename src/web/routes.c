/* routes.c: the site's route table and the dispatcher that enforces each route's needs. */
#include "common.h"
#include "routes.h"
#include "arena.h"
#include "store/db.h"
#include "config.h"
#include "log.h"
#include "page_cache.h"
#include "store/site_gen.h"
#include "session.h"
#include "ui_shared.h"

#include <jansson.h>
#include <pthread.h>

/* Routes of the core; each area keeps its own table beside its pages (routes_*.c). */
static const struct route routes_core[] = {
    {WEB_GET, "/", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_home},
    {WEB_GET, "/healthz", ROUTE_DB_OPTIONAL | ROUTE_JSON | ROUTE_STATELESS, ROLE_PUBLIC,
     page_health},
    {WEB_GET, "/static/{name}", ROUTE_STATELESS, ROLE_PUBLIC, page_static},
};

static const struct {
	const struct route *table;
	const size_t *len;
} areas[] = {
    {routes_auth, &routes_auth_len},
    {routes_public, &routes_public_len},
    {routes_console, &routes_console_len},
    {routes_docs, &routes_docs_len},
    {routes_columns, &routes_columns_len},
    {routes_lists, &routes_lists_len},
    {routes_integrity, &routes_integrity_len},
    {routes_consult, &routes_consult_len},
    {routes_stdcat, &routes_stdcat_len},
    {routes_newmedia, &routes_newmedia_len},
    {routes_messages, &routes_messages_len},
    {routes_oversight, &routes_oversight_len},
    {routes_assessment, &routes_assessment_len},
};

static struct route *site;
static size_t site_len;
static pthread_once_t site_once = PTHREAD_ONCE_INIT;

static void build_site(void)
{
	size_t n = ARRAY_SIZE(routes_core);
	for (size_t i = 0; i < ARRAY_SIZE(areas); i++)
		n += *areas[i].len;
	site = xmalloc(n * sizeof(*site));
	memcpy(site, routes_core, sizeof(routes_core));
	site_len = ARRAY_SIZE(routes_core);
	for (size_t i = 0; i < ARRAY_SIZE(areas); i++) {
		memcpy(site + site_len, areas[i].table, *areas[i].len * sizeof(*site));
		site_len += *areas[i].len;
	}
}

const struct route *routes_site(size_t *n)
{
	pthread_once(&site_once, build_site);
	*n = site_len;
	return site;
}

bool routes_match(const char *pattern, const char *path, struct web_request *req)
{
	const char *p = pattern, *s = path;
	req->npath_args = 0;
	while (*p) {
		if (p[0] == '*' && p[1] == '\0') {
			if (!*s || req->npath_args >= WEB_MAX_PATH_ARGS)
				return false;
			req->path_args[req->npath_args++] = s;
			return true;
		}
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				BUG("route pattern %s has an unclosed {", pattern);
			size_t seg = strcspn(s, "/");
			if (seg == 0 || req->npath_args >= WEB_MAX_PATH_ARGS)
				return false;
			const char *arg = arena_strndup(req->arena, s, seg);
			if (!arg)
				return false;
			req->path_args[req->npath_args++] = arg;
			p = close + 1;
			s += seg;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *s == '\0';
}

static bool method_matches(enum web_method route, enum web_method got)
{
	return route == got || (route == WEB_GET && got == WEB_HEAD);
}

static const char *method_name(enum web_method m)
{
	switch (m) {
	case WEB_GET: return "GET";
	case WEB_HEAD: return "HEAD";
	case WEB_POST: return "POST";
	case WEB_PUT: return "PUT";
	case WEB_DELETE: return "DELETE";
	case WEB_OPTIONS: return "OPTIONS";
	case WEB_OTHER: break;
	}
	return NULL;
}

#define DB_LOST                                                                                                                             \
	"与数据库的连接中断了，您刚才的操作没有完成。请稍后刷新页面重试；如问题持续，请联系网站" \
	"管理员。"

static void reset(struct web_response *res)
{
	size_t cap = res->body.cap;
	web_response_free(res);
	web_response_init(res, cap);
}

static void json_error(struct web_response *res, int status, const char *message)
{
	reset(res);
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
	json_t *j = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", message);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	if (text) {
		buf_adds(&res->body, text);
		buf_addch(&res->body, '\n');
	} else {
		res->body.failed = true;
	}
	free(text);
	json_decref(j);
}

/* Answers an error the dispatcher found, as JSON or as a page. */
static void refuse(const struct route *r, struct web_request *req, struct web_response *res,
		   int status, const char *heading, const char *detail)
{
	if (r && (r->flags & ROUTE_JSON)) {
		json_error(res, status, detail);
		return;
	}
	reset(res);
	ui_error_page(req, res, status, heading, detail);
}

/* The rest of routes_dispatch for the route r: the session, the refusals, the handler, and
 * the page cache's keeping of the answer (cfg given: a cacheable route). */
static void serve(const struct route *r, struct web_request *req, struct web_response *res,
		  struct store_pool *pool, struct store *conn, const struct config *cfg,
		  const char *cache_key, long long gen)
{
	bool wants_db = (r->flags & (ROUTE_NEEDS_DB | ROUTE_DB_OPTIONAL)) != 0;
	bool stateless = (r->flags & ROUTE_STATELESS) != 0;
	bool cacheable = cfg != NULL;
	/* The server hands over a fresh request; a caller that identified the user already (a
	 * unit test of the dispatcher) keeps its identity. */
	if (!req->user && !req->csrf_ok && !stateless)
		session_load(req, res, conn);
	req->db = NULL;
	if (conn && store_broken(conn)) { /* the database went away since the last request */
		store_pool_put(pool, conn, true);
		refuse(r, req, res, 503, "服务暂时不可用", DB_LOST);
		web_add_header(res, "Retry-After", "5");
		return;
	}

	bool needs_login = (r->flags & ROUTE_NEEDS_LOGIN) || r->role > ROLE_PUBLIC;
	int status = 0;
	const char *heading = NULL, *detail = NULL;
	if (needs_login && !req->user) {
		status = 403;
		heading = "需要登录";
		detail = "此页面仅供工作人员使用，请先登录。";
	} else if (needs_login && req->user->role < (int)r->role) {
		status = 403;
		heading = "没有权限";
		detail = "您的账号没有访问此页面的权限。如需开通，请联系本单位的系统管理员。";
	} else if ((r->flags & ROUTE_NEEDS_CSRF) && !req->csrf_ok) {
		status = 403;
		heading = "表单已失效";
		detail = "为保护您的信息安全，此表单已失效。请返回上一页，刷新后重新提交。";
	} else if (!conn && (r->flags & ROUTE_NEEDS_DB)) {
		status = 503;
		heading = "服务暂时不可用";
		detail = "数据库暂时无法访问，请稍后再试。如问题持续，请联系网站管理员。";
	}
	if (status) {
		if (conn)
			store_pool_put(pool, conn, false);
		if (status == 403 && needs_login && !req->user && !(r->flags & ROUTE_JSON)) {
			reset(res);
			if (req->session_timed_out)
				session_timed_out_page(req, res);
			else
				ui_login_required(req, res);
			return;
		}
		refuse(r, req, res, status, heading, detail);
		if (status == 503)
			web_add_header(res, "Retry-After", "30");
		return;
	}
	/* a generated password (a reset, a new account) is changed before anything else */
	if (needs_login && req->user->must_change && strcmp(r->pattern, "/console/password") != 0) {
		if (conn)
			store_pool_put(pool, conn, false);
		ui_redirect(req, res, "/console/password");
		return;
	}
	if (wants_db)
		req->db = conn;

	int rc = r->handler(req, res);
	/* a connection lost halfway: whatever the handler made of it, the user is told to try
	 * again, and the pool opens a new connection for the next request */
	bool lost = conn && store_broken(conn);
	if (conn)
		store_pool_put(pool, conn, rc == ZF_EDB || lost);
	req->db = NULL;
	/* A handler that finished its work (a page, a 303 after a committed write) keeps its
	 * answer even if the connection broke afterwards, in a write it treats as optional (a
	 * throttle counter): telling the user it failed would make them submit it twice. What
	 * the lost connection did break (the handler failed, or answered an error of its own
	 * other than its own 503) becomes the 503 page. */
	if (lost && (rc < 0 || (res->status >= 500 && res->status != 503))) {
		log_error("database connection lost path=\"%s\"", r->pattern);
		refuse(r, req, res, 503, "服务暂时不可用", DB_LOST);
		web_add_header(res, "Retry-After", "5");
		return;
	}
	if (lost)
		log_warn("database connection lost after the answer was made path=\"%s\"",
			 r->pattern);
	if (rc < 0) {
		log_error("handler failed path=\"%s\" error=\"%s\"", r->pattern, zf_strerror(rc));
		refuse(r, req, res, 500, "服务器内部错误",
		       "处理您的请求时出现了错误，请稍后再试。如问题持续，请联系网站管理员。");
	}
	if (cache_key && rc == 0 && !lost)
		page_cache_put(cache_key, gen, req, res, (size_t)cfg->page_cache_mb << 20);
	else if (cacheable)
		web_add_header(res, PAGE_CACHE_HEADER, "bypass");
}

void routes_dispatch(const struct route *table, size_t n, struct web_request *req,
		     struct web_response *res)
{
	const struct route *found = NULL, *any = NULL;
	unsigned allowed = 0;
	for (size_t i = 0; i < n && !found; i++) {
		if (!routes_match(table[i].pattern, req->path, req))
			continue;
		any = &table[i];
		allowed |= 1u << table[i].method;
		if (table[i].method == WEB_GET)
			allowed |= 1u << WEB_HEAD;
		if (method_matches(table[i].method, req->method))
			found = &table[i];
	}
	if (!any) {
		refuse(NULL, req, res, 404, "页面不存在",
		       "您访问的页面不存在，可能已被删除或网址有误。请检查网址，或返回首页查找。");
		return;
	}
	if (!found) {
		struct buf allow = BUF_INIT;
		for (int m = WEB_GET; m < WEB_OTHER; m++)
			if (allowed & (1u << m))
				buf_printf(&allow, "%s%s", allow.len ? ", " : "",
					   method_name((enum web_method)m));
		const char *value = arena_strdup(req->arena, buf_cstr(&allow));
		buf_free(&allow);
		refuse(any, req, res, 405, "不支持的请求方式",
		       "此网址不支持这种请求方式。请通过页面上的链接或按钮访问。");
		if (value)
			web_add_header(res, "Allow", value);
		return;
	}

	const struct route *r = found;
	/* A connection for the route, for recognising a signed-in user, and for the key of the
	 * CSRF tokens of its forms (a site secret in the database, shared by every server). */
	struct store_pool *pool = req->env ? req->env->db : NULL;
	struct store *conn = NULL;
	bool wants_db = (r->flags & (ROUTE_NEEDS_DB | ROUTE_DB_OPTIONAL)) != 0;
	bool stateless = (r->flags & ROUTE_STATELESS) != 0;
	if (pool && (wants_db || !stateless))
		conn = store_pool_get(pool);
	/* The page cache: a public page asked by an anonymous visitor, kept at the generation
	 * the database holds now, is answered before anything else (no session, no handler).
	 * The generation is read before the handler runs: a page made after it holds data at
	 * least as new, so a write committed meanwhile only makes the kept page a miss. */
	const struct config *cfg = req->env ? req->env->config : NULL;
	bool cacheable = (r->flags & ROUTE_CACHEABLE) && cfg && cfg->page_cache &&
			 (req->method == WEB_GET || req->method == WEB_HEAD);
	const char *cache_key = cacheable ? page_cache_key(req) : NULL;
	long long gen = 0;
	if (cache_key && (!conn || store_broken(conn) || store_site_gen(conn, &gen) != 0))
		cache_key = NULL;
	struct page_cache_flight *flight = NULL;
	if (cache_key && page_cache_get(cache_key, gen, req, res, &flight)) {
		store_pool_put(pool, conn, false);
		return;
	}
	serve(r, req, res, pool, conn, cacheable ? cfg : NULL, cache_key, gen);
	page_cache_land(flight); /* the requests waiting for this page go on */
}

void routes_dispatch_site(struct web_request *req, struct web_response *res)
{
	size_t n;
	const struct route *table = routes_site(&n);
	routes_dispatch(table, n, req, res);
}
