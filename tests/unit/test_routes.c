/* test_routes.c: the dispatcher enforces each route's declared needs; the site's pages. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "store/db.h"
#include "web/routes.h"
#include "store_test.h"
#include "tap.h"

static int calls;

static int handler_ok(struct web_request *req, struct web_response *res)
{
	calls++;
	buf_printf(&res->body, "ok %s", req->npath_args ? req->path_args[0] : "");
	return 0;
}

static int handler_db(struct web_request *req, struct web_response *res)
{
	calls++;
	buf_adds(&res->body, req->db && store_ping(req->db) == 0 ? "db ok" : "no db");
	return 0;
}

static int handler_fails(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	calls++;
	buf_adds(&res->body, "half a page");
	return ZF_EIO;
}

static const struct route table[] = {
    {WEB_GET, "/", 0, ROLE_PUBLIC, handler_ok},
    {WEB_GET, "/form", 0, ROLE_PUBLIC, handler_ok},
    {WEB_POST, "/form", ROUTE_NEEDS_CSRF, ROLE_PUBLIC, handler_ok},
    {WEB_GET, "/staff", ROUTE_NEEDS_LOGIN, ROLE_CLERK, handler_ok},
    {WEB_GET, "/admin", ROUTE_NEEDS_LOGIN, ROLE_ADMIN, handler_ok},
    {WEB_GET, "/api/me", ROUTE_NEEDS_LOGIN | ROUTE_JSON, ROLE_CLERK, handler_ok},
    {WEB_GET, "/db", ROUTE_NEEDS_DB, ROLE_PUBLIC, handler_db},
    {WEB_POST, "/db", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, handler_db},
    {WEB_GET, "/doc/{id}", 0, ROLE_PUBLIC, handler_ok},
    {WEB_GET, "/files/*", 0, ROLE_PUBLIC, handler_ok},
    {WEB_GET, "/broken", 0, ROLE_PUBLIC, handler_fails},
};

struct exchange {
	struct web_request req;
	struct web_response res;
};

static void start(struct exchange *x, const struct web_env *env, enum web_method m,
		  const char *path)
{
	memset(x, 0, sizeof(*x));
	x->req.arena = arena_new(0);
	x->req.env = env;
	x->req.method = m;
	x->req.method_name = m == WEB_POST ? "POST" : m == WEB_HEAD ? "HEAD" : "GET";
	x->req.path = path;
	web_response_init(&x->res, 1 << 20);
	calls = 0;
}

static void finish(struct exchange *x)
{
	web_response_free(&x->res);
	arena_free(x->req.arena);
}

static const char *header_of(const struct web_response *res, const char *name)
{
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcmp(res->headers[i].name, name) == 0)
			return res->headers[i].value;
	return NULL;
}

static bool body_has(const struct exchange *x, const char *s)
{
	return strstr(buf_cstr(&x->res.body), s) != NULL;
}

/* Dispatches one request on the test table; returns the status. */
static int run(struct exchange *x, const struct web_env *env, enum web_method m, const char *path)
{
	start(x, env, m, path);
	routes_dispatch(table, ARRAY_SIZE(table), &x->req, &x->res);
	return x->res.status;
}

static void test_match(void)
{
	struct web_request req = {0};
	req.arena = arena_new(0);
	tap_ok(routes_match("/", "/", &req), "/ matches /");
	tap_ok(!routes_match("/", "/x", &req), "/ does not match /x");
	tap_ok(!routes_match("/healthz", "/healthz/", &req), "no trailing slash leniency");
	tap_ok(routes_match("/doc/{id}", "/doc/42", &req) && req.npath_args == 1 &&
		   strcmp(req.path_args[0], "42") == 0,
	       "{id} captures one segment");
	tap_ok(!routes_match("/doc/{id}", "/doc/", &req), "{id} needs a non-empty segment");
	tap_ok(!routes_match("/doc/{id}", "/doc/4/2", &req), "{id} does not cross a slash");
	tap_ok(routes_match("/files/*", "/files/a/b.pdf", &req) &&
		   strcmp(req.path_args[0], "a/b.pdf") == 0,
	       "* captures the rest");
	arena_free(req.arena);
}

static void test_not_found_and_method(void)
{
	struct exchange x;
	tap_int(run(&x, NULL, WEB_GET, "/"), 200, "GET / is served");
	tap_int(calls, 1, "handler ran once");
	finish(&x);

	tap_int(run(&x, NULL, WEB_HEAD, "/"), 200, "HEAD is served by the GET route");
	finish(&x);

	tap_int(run(&x, NULL, WEB_GET, "/nope"), 404, "unknown path is 404");
	tap_ok(body_has(&x, "页面不存在") && body_has(&x, "<html lang=\"zh-CN\">"),
	       "with a Chinese page");
	finish(&x);

	tap_int(run(&x, NULL, WEB_POST, "/"), 405, "POST to a GET-only path is 405");
	tap_str(header_of(&x.res, "Allow"), "GET, HEAD", "Allow lists the methods");
	tap_ok(body_has(&x, "不支持的请求方式"), "with a Chinese page");
	tap_int(calls, 0, "handler did not run");
	finish(&x);

	tap_int(run(&x, NULL, WEB_GET, "/doc/7"), 200, "pattern route");
	tap_ok(body_has(&x, "ok 7"), "handler sees the captured segment");
	finish(&x);

	tap_int(run(&x, NULL, WEB_GET, "/broken"), 500, "a failing handler becomes 500");
	tap_ok(body_has(&x, "服务器内部错误") && !body_has(&x, "half a page"),
	       "its partial output is replaced by an error page");
	finish(&x);
}

static void test_needs(void)
{
	struct exchange x;
	struct web_user clerk = {.name = "张三", .role = ROLE_CLERK},
			admin = {.name = "李四", .role = ROLE_ADMIN};

	tap_int(run(&x, NULL, WEB_GET, "/staff"), 403, "NEEDS_LOGIN without a user is 403");
	tap_int(calls, 0, "handler did not run");
	tap_ok(body_has(&x, "需要登录"), "page says to sign in");
	finish(&x);

	start(&x, NULL, WEB_GET, "/staff");
	x.req.user = &clerk;
	routes_dispatch(table, ARRAY_SIZE(table), &x.req, &x.res);
	tap_int(x.res.status, 200, "NEEDS_LOGIN with a user runs");
	finish(&x);

	start(&x, NULL, WEB_GET, "/admin");
	x.req.user = &clerk;
	routes_dispatch(table, ARRAY_SIZE(table), &x.req, &x.res);
	tap_int(x.res.status, 403, "a clerk cannot open an admin route");
	tap_ok(calls == 0 && body_has(&x, "没有权限"), "handler did not run; page says why");
	finish(&x);

	start(&x, NULL, WEB_GET, "/admin");
	x.req.user = &admin;
	routes_dispatch(table, ARRAY_SIZE(table), &x.req, &x.res);
	tap_int(x.res.status, 200, "an admin can");
	finish(&x);

	tap_int(run(&x, NULL, WEB_POST, "/form"), 403, "NEEDS_CSRF without a token is 403");
	tap_ok(calls == 0 && body_has(&x, "表单已失效"), "handler did not run; page says why");
	finish(&x);

	start(&x, NULL, WEB_POST, "/form");
	x.req.csrf_ok = true;
	routes_dispatch(table, ARRAY_SIZE(table), &x.req, &x.res);
	tap_int(x.res.status, 200, "NEEDS_CSRF with a valid token runs");
	finish(&x);

	tap_int(run(&x, NULL, WEB_GET, "/api/me"), 403, "JSON route refuses too");
	tap_str(x.res.content_type, "application/json; charset=utf-8", "as JSON");
	tap_ok(body_has(&x, "\"status\":403"), "with the status in the body");
	finish(&x);

	tap_int(run(&x, NULL, WEB_GET, "/db"), 503, "NEEDS_DB without a database is 503");
	tap_ok(calls == 0 && header_of(&x.res, "Retry-After") != NULL,
	       "handler did not run; Retry-After set");
	finish(&x);
}

static void test_with_db(void)
{
	const char *path = store_test_target("routes");
	struct store *st = path ? store_test_open(path) : NULL;
	bool seeded;
	long long gov = 0;
	if (!st) {
		tap_ok(false, "a database for the site");
		return;
	}
	demo_seed_agencies(st, &seeded);
	store_agency_add(st, 0, "<script>alert(1)</script>局", AGENCY_OTHER, &gov);
	store_close(st);

	struct web_env env = {NULL, store_pool_new(path, 2), NULL};
	struct exchange x;
	tap_int(run(&x, &env, WEB_GET, "/db"), 200, "NEEDS_DB with a database runs");
	tap_ok(body_has(&x, "db ok"), "the handler has a live connection");
	finish(&x);

	/* a form served by a route that needs no database carries a token that a route with
	 * one accepts: both come from the database's key */
	tap_int(run(&x, &env, WEB_GET, "/form"), 200, "a page without a database flag");
	const char *set = header_of(&x.res, "Set-Cookie");
	char visitor[65] = "", form_token[65] = "";
	if (set && strncmp(set, "zf_csrf=", 8) == 0)
		snprintf(visitor, sizeof(visitor), "%.64s", set + 8);
	if (x.req.csrf_token)
		snprintf(form_token, sizeof(form_token), "%s", x.req.csrf_token);
	finish(&x);
	tap_ok(strlen(visitor) == 64 && strlen(form_token) == 64,
	       "gives a visitor cookie and token");
	start(&x, &env, WEB_POST, "/db");
	struct web_pair vc = {"zf_csrf", visitor}, tf = {"_csrf", form_token};
	x.req.cookies = &vc;
	x.req.ncookies = 1;
	x.req.form = &tf;
	x.req.nform = 1;
	routes_dispatch(table, ARRAY_SIZE(table), &x.req, &x.res);
	tap_int(x.res.status, 200, "the form's token passes on a route with the database");
	finish(&x);

	start(&x, &env, WEB_GET, "/");
	routes_dispatch_site(&x.req, &x.res);
	tap_int(x.res.status, 200, "site: home page");
	tap_ok(body_has(&x, "<title>首页 - 政府信息公开</title>"), "site: Chinese title");
	tap_ok(body_has(&x, "示例区人民政府办公室"), "site: lists the demo agencies");
	tap_ok(body_has(&x, "&lt;script&gt;alert(1)&lt;/script&gt;局") && !body_has(&x, "<script>"),
	       "site: an agency name with markup shows as text");
	tap_ok(!body_has(&x, "/healthz") && !body_has(&x, "zfxxgk " ZF_VERSION),
	       "site: no machine link (/healthz) and no version string for readers");
	finish(&x);

	start(&x, &env, WEB_GET, "/healthz");
	routes_dispatch_site(&x.req, &x.res);
	tap_int(x.res.status, 200, "site: healthz 200 with a database");
	tap_ok(body_has(&x, "\"status\":\"ok\"") && body_has(&x, "\"db\":\"ok\"") &&
		   body_has(&x, "\"version\":\"" ZF_VERSION "\""),
	       "site: healthz JSON");
	finish(&x);

	start(&x, &env, WEB_GET, "/");
	struct web_pair arg = {"font", "large"};
	x.req.args = &arg;
	x.req.nargs = 1;
	routes_dispatch_site(&x.req, &x.res);
	tap_ok(body_has(&x, "<body class=\"large\">"), "site: ?font=large enlarges the type");
	bool remembered = false;
	for (size_t i = 0; i < x.res.nheaders; i++)
		remembered |= strcmp(x.res.headers[i].name, "Set-Cookie") == 0 &&
			      strncmp(x.res.headers[i].value, "zf_font=large;", 14) == 0;
	tap_ok(remembered, "and remembers it");
	finish(&x);

	start(&x, &env, WEB_GET, "/");
	struct web_pair cookie_pair = {"zf_font", "large"};
	x.req.cookies = &cookie_pair;
	x.req.ncookies = 1;
	routes_dispatch_site(&x.req, &x.res);
	tap_ok(body_has(&x, "<body class=\"large\">") && body_has(&x, "标准字号"),
	       "site: the cookie keeps large type, offering the way back");
	finish(&x);

	start(&x, &env, WEB_GET, "/static/site.css");
	routes_dispatch_site(&x.req, &x.res);
	tap_ok(x.res.status == 200 && strncmp(x.res.content_type, "text/css", 8) == 0,
	       "site: the stylesheet is served as CSS");
	finish(&x);

	start(&x, &env, WEB_GET, "/static/cn-calendar.tsv");
	routes_dispatch_site(&x.req, &x.res);
	tap_int(x.res.status, 404, "site: embedded data files are not served");
	finish(&x);
	store_pool_free(env.db);

	struct web_env down = {NULL, store_pool_new("/nonexistent-dir/zf.db", 1), NULL};
	start(&x, &down, WEB_GET, "/healthz");
	routes_dispatch_site(&x.req, &x.res);
	tap_int(x.res.status, 503, "site: healthz 503 when the database is unreachable");
	tap_ok(body_has(&x, "\"status\":\"error\"") && body_has(&x, "\"db\":\"unavailable\""),
	       "site: healthz says which part failed");
	finish(&x);
	start(&x, &down, WEB_GET, "/");
	routes_dispatch_site(&x.req, &x.res);
	tap_int(x.res.status, 503, "site: home page 503 when the database is unreachable");
	tap_ok(body_has(&x, "服务暂时不可用"), "with a Chinese page");
	finish(&x);
	store_pool_free(down.db);
}

/* The whole site's table, as the merges of every area built it: no route twice, none hidden
 * behind an earlier pattern that takes its path, every route above the public role behind a
 * sign-in, every form that changes something behind its CSRF token. */
static void test_site_table(void)
{
	size_t n = 0;
	const struct route *t = routes_site(&n);
	struct web_request req = {0};
	req.arena = arena_new(0);
	size_t dup = 0, shadowed = 0, open_role = 0, no_csrf = 0;
	for (size_t j = 0; j < n; j++) {
		for (size_t i = 0; i < j; i++) {
			if (t[i].method != t[j].method)
				continue;
			if (strcmp(t[i].pattern, t[j].pattern) == 0) {
				printf("# twice: %s\n", t[j].pattern);
				dup++;
			} else if (!strchr(t[j].pattern, '{') && !strchr(t[j].pattern, '*') &&
				   routes_match(t[i].pattern, t[j].pattern, &req)) {
				printf("# %s is taken by the earlier %s\n", t[j].pattern,
				       t[i].pattern);
				shadowed++;
			}
		}
		if (t[j].role > ROLE_PUBLIC && !(t[j].flags & ROUTE_NEEDS_LOGIN)) {
			printf("# no sign-in: %s\n", t[j].pattern);
			open_role++;
		}
		if (t[j].method == WEB_POST && (t[j].flags & ROUTE_NEEDS_LOGIN) &&
		    !(t[j].flags & ROUTE_NEEDS_CSRF)) {
			printf("# no CSRF token: POST %s\n", t[j].pattern);
			no_csrf++;
		}
	}
	tap_ok(n > 100, "the site has its routes (%zu)", n);
	tap_ok(dup == 0, "no route is declared twice (%zu)", dup);
	tap_ok(shadowed == 0, "no route is hidden behind an earlier pattern (%zu)", shadowed);
	tap_ok(open_role == 0, "every route above the public role needs a sign-in (%zu)",
	       open_role);
	tap_ok(no_csrf == 0, "every signed-in form needs its CSRF token (%zu)", no_csrf);
	arena_free(req.arena);
}

int main(void)
{
	tap_ok(store_test_engine() != NULL, "engine under test: %s", store_test_engine());
	test_match();
	test_site_table();
	test_not_found_and_method();
	test_needs();
	test_with_db();
	return tap_done();
}
