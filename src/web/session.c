/* session.c: sign-in sessions, CSRF tokens, per-agency permissions, and the sign-in and
 * sign-out pages (see session.h). */
#include "common.h"
#include "session.h"
#include "arena.h"
#include "config.h"
#include "local_path.h"
#include "log.h"
#include "render/html.h"
#include "routes.h"
#include "store/auth.h"
#include "store/db.h"
#include "multipart.h"
#include "ui_shared.h"

#include <pthread.h>
#include <strings.h>
#include <sodium.h>
#include <time.h>

#define SESSION_COOKIE "zf_sid"
#define VISITOR_COOKIE "zf_csrf"

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char spare_key[crypto_auth_hmacsha256_KEYBYTES];
static bool spare_set;

/* The key of CSRF tokens: the site secret "csrf" of the database, so that a form served by
 * one server is accepted by every other server of the database, and across restarts.
 * Without a database (it is down; unit tests without one) a random key of this process
 * stands in: such forms then last as long as the process. */
static void key_copy(struct store *db, unsigned char out[crypto_auth_hmacsha256_KEYBYTES])
{
	if (db) {
		int rc = store_site_secret(db, "csrf", out, crypto_auth_hmacsha256_KEYBYTES);
		if (rc == 0)
			return;
		log_warn("csrf key unreadable error=\"%s\"", zf_strerror(rc));
	}
	pthread_mutex_lock(&key_lock);
	if (!spare_set) {
		if (sodium_init() < 0)
			die("libsodium 初始化失败");
		randombytes_buf(spare_key, sizeof(spare_key));
		spare_set = true;
	}
	memcpy(out, spare_key, crypto_auth_hmacsha256_KEYBYTES);
	pthread_mutex_unlock(&key_lock);
}

static void to_hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool hex_token(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The CSRF token bound to basis (a session token or a visitor's cookie). */
static char *csrf_for(struct arena *a, struct store *db, const char *basis)
{
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES], mac[crypto_auth_hmacsha256_BYTES];
	key_copy(db, key);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, sizeof(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf|", 5);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)basis, strlen(basis));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(key, sizeof(key));
	char *out = arena_alloc(a, 2 * sizeof(mac) + 1);
	if (out)
		to_hex(mac, sizeof(mac), out);
	return out;
}

/* Adds (agency, role) to the user's expanded grants, keeping the strongest role. */
static int add_grant(struct arena *a, struct web_user *u, size_t *alloc, long long agency, int role)
{
	for (size_t i = 0; i < u->ngrants; i++) {
		if (u->grants[i].agency_id == agency) {
			if (u->grants[i].role < role)
				u->grants[i].role = role;
			return 0;
		}
	}
	u->grants = arena_grow(a, u->grants, u->ngrants, alloc, sizeof(*u->grants));
	if (!u->grants)
		return ZF_ENOMEM;
	u->grants[u->ngrants].agency_id = agency;
	u->grants[u->ngrants].role = role;
	u->ngrants++;
	return 0;
}

static int load_user(struct web_request *req, struct store *db, long long uid)
{
	struct user row;
	int rc = store_user_get(db, req->arena, uid, &row);
	if (rc)
		return rc;
	struct user_grant *g;
	size_t ng;
	rc = store_user_grants(db, req->arena, uid, &g, &ng);
	if (rc)
		return rc;
	struct web_user *u = arena_alloc(req->arena, sizeof(*u));
	if (!u)
		return ZF_ENOMEM;
	u->id = row.id;
	u->login = row.login;
	u->name = row.name;
	u->agency_id = row.agency_id;
	u->must_change = row.must_change;
	size_t alloc = 0;
	for (size_t i = 0; i < ng && !rc; i++) {
		long long *ids = NULL;
		size_t nids = 0;
		rc = store_agency_subtree(db, g[i].agency_id, true, &ids, &nids);
		for (size_t k = 0; k < nids && !rc; k++)
			rc = add_grant(req->arena, u, &alloc, ids[k], (int)g[i].role);
		free(ids);
		if ((int)g[i].role > u->role)
			u->role = (int)g[i].role;
	}
	if (rc)
		return rc;
	req->user = u;
	return 0;
}

/* ---- cookie flags (#16) ---- */

const char *session_cookie_secure(const struct web_request *req)
{
	return req && req->https ? "; Secure" : "";
}

/* ---- idle sessions (等保 level 3) ---- */

/* The user of session token sid, ending it when unused for session_idle_minutes (the
 * default without a configuration): then req->session_timed_out is set and the cookie is
 * cleared. */
static int session_lookup(struct web_request *req, struct web_response *res, struct store *db,
			  const char *sid, long long *uid)
{
	const struct config *cfg = req->env ? req->env->config : NULL;
	int idle = (int)(cfg ? cfg->session_idle_minutes : 30) * 60;
	bool timed_out = false;
	int rc = store_session_use(db, sid, time(NULL), idle, uid, &timed_out);
	if (!rc && timed_out) {
		req->session_timed_out = true;
		if (res)
			web_add_header(res, "Set-Cookie",
				       SESSION_COOKIE
				       "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	}
	return rc;
}

void session_timed_out_page(struct web_request *req, struct web_response *res)
{
	struct buf url = BUF_INIT;
	buf_adds(&url, "/login?timeout=1&next=");
	html_url_arg(&url, req->path);
	const char *to = arena_strdup(req->arena, buf_cstr(&url));
	buf_free(&url);
	ui_redirect(req, res, to ? to : "/login?timeout=1");
	web_add_header(res, "Set-Cookie",
		       SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

void session_load(struct web_request *req, struct web_response *res, struct store *db)
{
	req->user = NULL;
	req->session_id = NULL;
	req->csrf_token = NULL;
	req->csrf_ok = false;

	const char *sid = web_cookie(req, SESSION_COOKIE);
	if (db && hex_token(sid)) {
		long long uid = 0;
		if (session_lookup(req, res, db, sid, &uid) == 0 && uid > 0) {
			if (load_user(req, db, uid) == 0)
				req->session_id = sid;
			else
				req->user = NULL;
		}
	}

	const char *basis = req->session_id;
	if (!basis) {
		basis = web_cookie(req, VISITOR_COOKIE);
		if (!hex_token(basis)) {
			unsigned char raw[32];
			char *fresh = arena_alloc(req->arena, 65);
			if (sodium_init() < 0 || !fresh)
				return;
			randombytes_buf(raw, sizeof(raw));
			to_hex(raw, sizeof(raw), fresh);
			basis = fresh;
			const char *cookie = arena_printf(
			    req->arena, VISITOR_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
			    fresh, session_cookie_secure(req));
			if (res && cookie)
				web_add_header(res, "Set-Cookie", cookie);
		}
	}
	req->csrf_token = csrf_for(req->arena, db, basis);
	if (req->method == WEB_POST && req->csrf_token) {
		const char *sent = web_form(req, "_csrf");
		const char *ctype = web_header(req, "Content-Type");
		if (!sent && ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
			/* uploads: the token is one of the parts */
			struct multipart_part *parts;
			size_t n;
			if (multipart_parse(req->arena, ctype, req->body, &parts, &n) == 0)
				sent = multipart_field(req->arena, parts, n, "_csrf");
		}
		req->csrf_ok =
		    sent && strlen(sent) == 64 && sodium_memcmp(sent, req->csrf_token, 64) == 0;
	}
}

bool session_can(const struct web_request *req, long long agency_id, int role)
{
	const struct web_user *u = req->user;
	if (!u)
		return false;
	for (size_t i = 0; i < u->ngrants; i++)
		if (u->grants[i].agency_id == agency_id)
			return u->grants[i].role >= role;
	return false;
}

long long *session_agencies(const struct web_request *req, int role, size_t *n)
{
	*n = 0;
	const struct web_user *u = req->user;
	if (!u || u->ngrants == 0)
		return NULL;
	long long *ids = arena_alloc(req->arena, u->ngrants * sizeof(*ids));
	if (!ids)
		return NULL;
	for (size_t i = 0; i < u->ngrants; i++)
		if (u->grants[i].role >= role)
			ids[(*n)++] = u->grants[i].agency_id;
	return ids;
}

void session_csrf_field(const struct web_request *req, struct buf *w)
{
	html_raw(w, "<input type=\"hidden\" name=\"_csrf\" value=\"");
	html_txt(w, req->csrf_token ? req->csrf_token : "");
	html_raw(w, "\">");
}

/* ---- pages ---- */

/* A local path to return to after signing in (web/local_path.h); anything else goes to
 * the console. */
static const char *safe_next(const char *next)
{
	return web_local_path_or(next, "/console");
}

/* True on the login page reached after an idle session ended (see session_timed_out_page). */
static bool login_timed_out(const struct web_request *req)
{
	const char *t = web_arg(req, "timeout");
	return req->method == WEB_GET && t && strcmp(t, "1") == 0;
}

static void login_form(struct web_request *req, struct web_response *res, const char *login,
		       const char *next, const char *error)
{
	ui_begin(req, res, "工作人员登录", NULL);
	struct buf *w = &res->body;
	html_raw(w, "<section class=\"panel narrow\">\n<h1>工作人员登录</h1>\n"
		    "<p class=\"muted\">本入口供各机关政府信息公开工作人员使用。"
		    "公众申请政府信息公开无需登录，请使用<a href=\"/apply\">在线申请</a>。</p>\n");
	if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}
	if (!error && login_timed_out(req))
		html_raw(w, "<div class=\"alert info\" role=\"status\">"
			    "由于长时间未操作，已自动退出，请重新登录。</div>\n");
	html_raw(w, "<form method=\"post\" action=\"/login\" class=\"form\">\n");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"next\" value=\"");
	html_txt(w, safe_next(next));
	html_raw(w, "\">\n<div class=\"field\"><label for=\"login\">登录名</label>"
		    "<input id=\"login\" name=\"login\" type=\"text\" autocomplete=\"username\" "
		    "required maxlength=\"64\" value=\"");
	html_txt(w, login ? login : "");
	html_raw(w, "\"></div>\n<div class=\"field\"><label for=\"password\">口令</label>"
		    "<input id=\"password\" name=\"password\" type=\"password\" "
		    "autocomplete=\"current-password\" required maxlength=\"256\"></div>\n"
		    "<p><button type=\"submit\" class=\"button primary\">登录</button></p>\n"
		    "</form>\n<p class=\"muted\">忘记口令或账号被锁定，请联系本单位的系统管理员。"
		    "</p>\n</section>\n");
	ui_end(req, res);
}

static int page_login(struct web_request *req, struct web_response *res)
{
	if (req->user) {
		ui_redirect(req, res, safe_next(web_arg(req, "next")));
		return 0;
	}
	login_form(req, res, NULL, web_arg(req, "next"), NULL);
	return 0;
}

static const char *client_ip(const struct web_request *req)
{
	return req->client_ip ? req->client_ip : "-";
}

/* ---- lock-outs (#16): per account and client address ---- */

/* 429 for an address locked out of an account (LOGIN_LOCKED) or of every account
 * (LOGIN_THROTTLED), with Retry-After; the account itself stays open elsewhere. */
static int login_locked_out(struct web_request *req, struct web_response *res, const char *login,
			    const char *next, enum login_result result, time_t until)
{
	time_t now = time(NULL);
	long wait = until > now ? (long)(until - now) : 60;
	struct tm tm;
	char at[32];
	localtime_r(&until, &tm);
	strftime(at, sizeof(at), "%H:%M", &tm);
	char *msg =
	    result == LOGIN_THROTTLED
		? arena_printf(req->arena,
			       "从您所在的网络地址输错口令的次数过多，暂停从该地址登录。请于 %s "
			       "之后再试。",
			       at)
		: arena_printf(req->arena,
			       "从您所在的网络地址连续输错口令的次数过多，该账号暂停从此地址登录。"
			       "请于 %s 之后再试，或联系本单位的系统管理员解锁。",
			       at);
	char *retry = arena_printf(req->arena, "%ld", wait);
	res->status = 429;
	if (retry)
		web_add_header(res, "Retry-After", retry);
	login_form(req, res, login, next, msg ? msg : "登录暂停，请稍后再试。");
	return 0;
}

static int page_login_post(struct web_request *req, struct web_response *res)
{
	const char *login = web_form(req, "login");
	const char *password = web_form(req, "password");
	const char *next = web_form(req, "next");
	const struct config *cfg = req->env ? req->env->config : NULL;
	struct login_policy policy = {
	    .max_failures = cfg ? (int)cfg->login_max_failures : 5,
	    .lock_seconds = cfg ? (int)cfg->login_lock_minutes * 60 : 900,
	    .session_hours = cfg ? (int)cfg->session_hours : 8,
	    .address_max_failures = cfg ? (int)cfg->login_address_max_failures : 30,
	};
	if (!login || !*login || !password || !*password) {
		res->status = 400;
		login_form(req, res, login, next, "请填写登录名和口令。");
		return 0;
	}
	enum login_result result;
	time_t until = 0;
	char token[65];
	int rc = store_login(req->db, &policy, login, password, client_ip(req), time(NULL), &result,
			     &until, token);
	if (rc)
		return rc;
	switch (result) {
	case LOGIN_OK: {
		const char *cookie = arena_printf(
		    req->arena, "zf_sid=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", token,
		    policy.session_hours * 3600, session_cookie_secure(req));
		if (!cookie)
			return ZF_ENOMEM;
		web_add_header(res, "Set-Cookie", cookie);
		ui_redirect(req, res, safe_next(next));
		sodium_memzero(token, sizeof(token));
		return 0;
	}
	case LOGIN_LOCKED:
	case LOGIN_THROTTLED: return login_locked_out(req, res, login, next, result, until);
	case LOGIN_INACTIVE:
		res->status = 403;
		login_form(req, res, login, next, "此账号已停用，请联系本单位的系统管理员。");
		return 0;
	case LOGIN_BAD: break;
	}
	char *msg = arena_printf(
	    req->arena,
	    "登录名或口令不正确。连续输错 %d 次后，将暂停从您所在的网络地址登录此账号 %d "
	    "分钟。",
	    policy.max_failures, policy.lock_seconds / 60);
	res->status = 401;
	login_form(req, res, login, next, msg ? msg : "登录名或口令不正确。");
	return 0;
}

static int page_logout(struct web_request *req, struct web_response *res)
{
	if (req->session_id) {
		int rc = store_session_end(req->db, req->session_id);
		if (rc)
			return rc;
		store_audit(req->db, req->user ? req->user->login : "-", "logout", "", "");
	}
	web_add_header(res, "Set-Cookie",
		       req->https ? "zf_sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
				  : "zf_sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	ui_redirect(req, res, "/");
	return 0;
}

const struct route routes_auth[] = {
    {WEB_GET, "/login", ROUTE_DB_OPTIONAL, ROLE_PUBLIC, page_login},
    {WEB_POST, "/login", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_login_post},
    {WEB_POST, "/logout", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_logout},
};
const size_t routes_auth_len = ARRAY_SIZE(routes_auth);
