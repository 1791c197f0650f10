/* fuzz_dispatch.c: libFuzzer target for the session and dispatch path: a struct web_request
 * built from the input (method, path, query, headers, cookies, body) goes through the site's
 * real dispatcher (routes_dispatch_site: session_load, the route's needs, the handler) on a
 * SQLite database made once with the demo agencies and requests and a clerk and an admin.
 * The first byte chooses who asks: a visitor, the signed-in clerk or admin, with the right
 * CSRF token in the form or not. What server.c guarantees holds for the request (path from
 * "/", text valid UTF-8 without NUL; a urlencoded body parsed by form_parse, else the
 * request is refused before dispatch, as the server does).
 *
 * Input: byte 0 = flags, then lines: METHOD, PATH, "name=value" query arguments until an
 * empty line, "Name: value" headers until an empty line, "name=value" cookies until an empty
 * line, then the body. Every answer must be a status below 500 with a body that fits, and
 * a Location on the site. */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "store/auth.h"
#include "store/db.h"
#include "utf8.h"
#include "web/form.h"
#include "web/routes.h"

#include <strings.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct web_env env;
static char sid[2][65];	 /* the clerk's and the admin's sessions */
static char csrf[3][65]; /* the visitor's, the clerk's and the admin's tokens */
static const char visitor[] = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

/* The token the dispatcher gives cookie (a session or the visitor's) on a GET. */
static void token_of(const char *name, const char *value, char out[65])
{
	struct web_request req = {0};
	struct web_response res;
	struct web_pair c = {name, value};
	req.arena = arena_new(0);
	req.env = &env;
	req.method = WEB_GET;
	req.method_name = "GET";
	req.path = "/login";
	req.cookies = &c;
	req.ncookies = 1;
	web_response_init(&res, 4 << 20);
	routes_dispatch_site(&req, &res);
	if (!req.csrf_token || strlen(req.csrf_token) != 64)
		BUG("no CSRF token for %s", name);
	memcpy(out, req.csrf_token, 65);
	web_response_free(&res);
	arena_free(req.arena);
}

static void setup(void)
{
	char dir[] = "/tmp/zf-fuzz-dispatch-XXXXXX";
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	char *path = xasprintf("%s/zf.db", dir);
	struct buf err = BUF_INIT;
	struct store *st = NULL;
	struct calendar *cal = cal_new();
	bool seeded;
	long long added, clerk, admin;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	if (store_open(path, &st, &err) || store_migrate(st, NULL, &err) ||
	    demo_seed_agencies(st, &seeded) ||
	    store_user_add(st, USER_OPERATOR("fuzz"), "fclerk", "模糊经办", 3, "Fuzz-clerk-2026!",
			   0, &clerk, &err) ||
	    store_user_grant(st, USER_OPERATOR("fuzz"), clerk, 3, USER_ROLE_CLERK, &err) ||
	    store_user_add(st, USER_OPERATOR("fuzz"), "fadmin", "模糊管理", 1, "Fuzz-admin-2026!",
			   0, &admin, &err) ||
	    store_user_grant(st, USER_OPERATOR("fuzz"), admin, 1, USER_ROLE_ADMIN, &err) ||
	    demo_seed_requests(st, cal, date_from_ymd(2026, 6, 1), 40, &added))
		BUG("store: %s", buf_cstr(&err));
	struct login_policy policy = {5, 900, 8};
	const char *logins[2] = {"fclerk", "fadmin"};
	const char *passwords[2] = {"Fuzz-clerk-2026!", "Fuzz-admin-2026!"};
	for (int i = 0; i < 2; i++) {
		enum login_result r;
		time_t until;
		if (store_login(st, &policy, logins[i], passwords[i], "127.0.0.1", time(NULL), &r,
				&until, sid[i]) ||
		    r != LOGIN_OK)
			BUG("login %s", logins[i]);
	}
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	env.db = store_pool_new(path, 1);
	free(path);
	token_of("zf_csrf", visitor, csrf[0]);
	token_of("zf_sid", sid[0], csrf[1]);
	token_of("zf_sid", sid[1], csrf[2]);
}

/* The next line of [*p, end) as an arena string (NULL at the end); *p moves past it. */
static char *line(struct arena *a, const char **p, const char *end)
{
	if (*p >= end)
		return NULL;
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *stop = nl ? nl : end;
	char *s = arena_strndup(a, *p, (size_t)(stop - *p));
	*p = nl ? nl + 1 : end;
	return s;
}

/* Text as server.c hands it over: valid UTF-8 without NUL (else the request is refused). */
static bool clean(const char *s)
{
	return s && utf8_valid(s, strlen(s));
}

/* Reads "name<sep>value" lines up to an empty one into pairs. */
static bool pairs(struct arena *a, const char **p, const char *end, const char *sep,
		  struct web_pair **out, size_t *n, size_t extra)
{
	size_t cap = 64 + extra;
	*out = arena_alloc(a, cap * sizeof(**out));
	*n = 0;
	if (!*out)
		return false;
	char *l;
	while ((l = line(a, p, end)) && *l) {
		if (!clean(l))
			return false;
		char *s = strstr(l, sep);
		if (*n >= cap - extra)
			continue;
		if (s) {
			*s = '\0';
			s += strlen(sep);
		}
		(*out)[(*n)++] = (struct web_pair){l, s ? s : ""};
	}
	return true;
}

static enum web_method method_of(const char *m)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(m, names[i]))
			return (enum web_method)i;
	return WEB_OTHER;
}

/* The database is made before the first input: the sign-ins (argon2) are slow, and an
 * input must not pay for them under -timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	struct web_request req = {0};
	req.arena = arena_new(64u << 20);
	req.env = &env;
	req.peer_ip = req.client_ip = "127.0.0.1";
	char *m = line(req.arena, &p, end);
	char *path = line(req.arena, &p, end);
	if (!m || !path || !clean(m) || !clean(path) || path[0] != '/')
		goto out;
	req.method = method_of(m);
	req.method_name = m;
	req.path = path;
	if (!pairs(req.arena, &p, end, "=", &req.args, &req.nargs, 0) ||
	    !pairs(req.arena, &p, end, ": ", &req.headers, &req.nheaders, 0) ||
	    !pairs(req.arena, &p, end, "=", &req.cookies, &req.ncookies, 1))
		goto out;
	/* who asks: 0 a visitor, 1 the clerk, 2 the admin, 3 nobody known */
	int who = flags & 3;
	if (who == 1 || who == 2)
		req.cookies[req.ncookies++] = (struct web_pair){"zf_sid", sid[who - 1]};
	else if (who == 0)
		req.cookies[req.ncookies++] = (struct web_pair){"zf_csrf", visitor};
	req.body = (struct str){p, (size_t)(end - p)};
	const char *ctype = web_header(&req, "Content-Type");
	bool urlencoded =
	    (flags & 4) || (ctype && !strncasecmp(ctype, "application/x-www-form-urlencoded", 33));
	if (urlencoded) {
		/* with flag 8, the right token first, so that the handler runs */
		struct str body = req.body;
		if ((flags & 8) && who != 3) {
			const char *t = arena_printf(req.arena, "_csrf=%s&%.*s", csrf[who],
						     (int)body.len, body.p);
			if (!t)
				goto out;
			body = str_c(t);
		}
		if (form_parse(req.arena, body, &req.form, &req.nform))
			goto out;
	}
	struct web_response res;
	web_response_init(&res, 32u << 20);
	routes_dispatch_site(&req, &res);
	if (res.status < 100 || res.status >= 500)
		BUG("%s %s answered %d", m, path, res.status);
	for (size_t i = 0; i < res.nheaders; i++) {
		const char *v = res.headers[i].value;
		if (!v || strchr(v, '\r') || strchr(v, '\n'))
			BUG("header %s carries a line break", res.headers[i].name);
		if (!strcasecmp(res.headers[i].name, "Location") &&
		    (v[0] != '/' || v[1] == '/' || v[1] == '\\'))
			BUG("Location leaves the site: %s", v);
	}
	web_response_free(&res);
out:
	arena_free(req.arena);
	return 0;
}
