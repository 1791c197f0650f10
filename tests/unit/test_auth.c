/* test_auth.c: users, roles, passwords, sign-in with lock-out, sessions (store/auth.h), the
 * session layer's permissions and CSRF tokens (web/session.h), and form bodies (web/form.h). */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "store/auth.h"
#include "store/db.h"
#include "tap.h"
#include "web/form.h"
#include "web/routes.h"
#include "web/session.h"

#include <sqlite3.h>
#include <unistd.h>

static char dir[] = "/tmp/zf-test-auth-XXXXXX";

static long long count_rows(const char *path, const char *sql)
{
	sqlite3 *db;
	long long n = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void test_passwords(void)
{
	struct buf err = BUF_INIT;
	tap_int(password_check("li", "short1!", &err), ZF_EINVAL, "under 10 characters refused");
	tap_ok(strstr(buf_cstr(&err), "10") != NULL, "the reason names the minimum: %s",
	       buf_cstr(&err));
	tap_int(password_check("li", "1234567890123", &err), ZF_EINVAL, "digits only refused");
	tap_int(password_check("li", "abcdefghijkl", &err), ZF_EINVAL, "letters only refused");
	tap_int(password_check("abc-123-xyz", "abc-123-xyz", &err), ZF_EINVAL,
		"same as the login refused");
	tap_int(password_check("li", "政府信息公开工作2026", &err), 0, "Chinese and digits pass");
	tap_int(password_check("li", "\xff\xfe-bad-utf8-1", &err), ZF_EINVAL, "bad UTF-8 refused");
	char gen[15], gen2[15];
	password_generate(gen);
	password_generate(gen2);
	tap_int((long long)strlen(gen), 14, "generated password has 14 characters");
	tap_int(password_check("x", gen, &err), 0, "a generated password passes the rules");
	tap_ok(strcmp(gen, gen2) != 0, "two generated passwords differ");
	enum user_role r;
	tap_ok(user_role_parse("reviewer", &r) == 0 && r == USER_ROLE_REVIEWER, "role names parse");
	tap_int(user_role_parse("root", &r), ZF_EINVAL, "unknown role refused");
	tap_str(user_role_label(USER_ROLE_CLERK), "经办人", "role label");
	tap_int(USER_ROLE_ADMIN, ROLE_ADMIN, "store roles equal route roles");
	buf_free(&err);
}

static void test_users(const char *path, long long *gov, long long *dept)
{
	struct store *st;
	struct buf err = BUF_INIT;
	tap_int(store_open(path, &st, &err), 0, "open");
	tap_int(store_migrate(st, NULL, &err), 0, "migrate");
	bool seeded;
	tap_int(demo_seed_agencies(st, &seeded), 0, "demo agencies");
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t nag;
	store_agency_list(st, a, &ag, &nag);
	*gov = ag[0].id;
	*dept = ag[nag - 1].id;

	long long uid = 0;
	tap_int(store_user_add(st, "test", "Bad Login", "张三", *gov, "pass-word-123", &uid, &err),
		ZF_EINVAL, "login with capitals and a space refused");
	tap_int(store_user_add(st, "test", "zhangsan", "张三", 9999, "pass-word-123", &uid, &err),
		ZF_ENOENT, "unknown agency refused");
	tap_int(store_user_add(st, "test", "zhangsan", "", *gov, "pass-word-123", &uid, &err),
		ZF_EINVAL, "empty name refused");
	tap_int(store_user_add(st, "test", "zhangsan", "张三", *gov, "short", &uid, &err),
		ZF_EINVAL, "weak password refused");
	tap_int(store_user_add(st, "test", "zhangsan", "张三", *gov, "pass-word-123", &uid, &err),
		0, "user added");
	long long again = 0;
	buf_reset(&err);
	tap_int(
	    store_user_add(st, "test", "zhangsan", "张三丰", *gov, "pass-word-456", &again, &err),
	    ZF_EINVAL, "a taken login is refused");
	tap_ok(strstr(buf_cstr(&err), "已被使用") != NULL, "saying it is taken: %s",
	       buf_cstr(&err));
	tap_int(store_user_grant(st, "test", uid, *gov, USER_ROLE_CLERK, &err), 0, "grant clerk");
	tap_int(store_user_grant(st, "test", uid, *gov, USER_ROLE_CLERK, &err), 0,
		"granting again is no error");
	tap_int(store_user_grant(st, "test", uid, 9999, USER_ROLE_CLERK, &err), ZF_ENOENT,
		"grant on an unknown agency refused");

	struct user u;
	tap_int(store_user_by_login(st, a, "zhangsan", &u), 0, "found by login");
	tap_str(u.name, "张三", "name kept");
	tap_ok(strstr(u.roles, "经办人@示例区人民政府") != NULL, "roles summary: %s", u.roles);
	tap_int(store_user_by_login(st, a, "nobody", &u), ZF_ENOENT, "unknown login");
	struct user_grant *g;
	size_t ng;
	tap_int(store_user_grants(st, a, uid, &g, &ng), 0, "grants");
	tap_ok(ng == 1 && g[0].role == USER_ROLE_CLERK && g[0].agency_id == *gov,
	       "one clerk grant on the government");
	struct user *list;
	size_t nl;
	tap_int(store_user_list(st, a, 0, &list, &nl), 0, "list");
	tap_int((long long)nl, 1, "one user");
	tap_int(
	    count_rows(path, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"),
	    1, "the password is stored as an argon2id hash");
	tap_int(count_rows(path, "SELECT count(*) FROM audit_log WHERE detail LIKE '%pass-word%'"),
		0, "no password in the audit log");
	arena_free(a);
	buf_free(&err);
	store_close(st);
}

static void test_login(const char *path)
{
	struct store *st;
	struct buf err = BUF_INIT;
	store_open(path, &st, &err);
	struct login_policy pol = {.max_failures = 3, .lock_seconds = 600, .session_hours = 8};
	enum login_result res;
	time_t until;
	char token[65];
	time_t now = 1800000000;

	tap_int(store_login(st, &pol, "zhangsan", "pass-word-123", "127.0.0.1", now, &res, &until,
			    token),
		0, "login runs");
	tap_int(res, LOGIN_OK, "right password signs in");
	tap_int((long long)strlen(token), 64, "a 64-character token");
	long long uid = 0;
	tap_int(store_session_user(st, token, now + 60, &uid), 0, "session lookup");
	tap_ok(uid > 0, "the session names the user");
	tap_int(count_rows(path, "SELECT count(*) FROM sessions"), 1, "one session stored");
	char stored[80] = "";
	{
		sqlite3 *db;
		sqlite3_open(path, &db);
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db, "SELECT id FROM sessions", -1, &s, NULL);
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(stored, sizeof(stored), "%s", sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	tap_ok(strcmp(stored, token) != 0, "the database keeps a hash, not the token");
	store_session_user(st, token, now + 8 * 3600 + 1, &uid);
	tap_int(uid, 0, "the session expires after session_hours");
	uid = 1;
	store_session_user(st, "zz", now, &uid);
	tap_int(uid, 0, "a malformed token names nobody");

	store_login(st, &pol, "nobody", "pass-word-123", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_BAD, "unknown login is refused");
	tap_str(token, "", "and gets no token");
	store_login(st, &pol, "zhangsan", "wrong-pass-1", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_BAD, "failure 1");
	store_login(st, &pol, "zhangsan", "wrong-pass-2", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_BAD, "failure 2");
	store_login(st, &pol, "zhangsan", "wrong-pass-3", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_LOCKED, "failure 3 locks the account");
	tap_int((long long)until, (long long)now + 600, "for lock_seconds");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 10, &res, &until, token);
	tap_int(res, LOGIN_LOCKED, "even the right password is refused while locked");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 601, &res, &until, token);
	tap_int(res, LOGIN_OK, "the lock runs out");

	struct arena *a = arena_new(0);
	struct user u;
	store_user_by_login(st, a, "zhangsan", &u);
	for (int i = 0; i < 3; i++)
		store_login(st, &pol, "zhangsan", "wrong-pass-x", NULL, now + 700, &res, &until,
			    token);
	tap_int(res, LOGIN_LOCKED, "locked again");
	tap_int(store_user_unlock(st, "admin", u.id, &err), 0, "an admin unlocks");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 701, &res, &until, token);
	tap_int(res, LOGIN_OK, "and the user signs in");
	char live[65];
	memcpy(live, token, sizeof(live));

	tap_int(store_user_set_active(st, "admin", u.id, false, &err), 0, "disable");
	store_session_user(st, live, now + 702, &uid);
	tap_int(uid, 0, "disabling ends the sessions");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 703, &res, &until, token);
	tap_int(res, LOGIN_INACTIVE, "a disabled user cannot sign in");
	store_user_set_active(st, "admin", u.id, true, &err);
	tap_int(store_user_set_password(st, "admin", u.id, "new-pass-word-9", &err), 0,
		"password reset");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 704, &res, &until, token);
	tap_int(res, LOGIN_BAD, "the old password no longer works");
	store_login(st, &pol, "zhangsan", "new-pass-word-9", NULL, now + 705, &res, &until, token);
	tap_int(res, LOGIN_OK, "the new one does");
	tap_int(store_session_end(st, token), 0, "sign out");
	store_session_user(st, token, now + 706, &uid);
	tap_int(uid, 0, "the session is gone");

	tap_ok(count_rows(path, "SELECT count(*) FROM audit_log WHERE action = 'login.lock'") == 2,
	       "each lock is audited");
	tap_ok(count_rows(path, "SELECT count(*) FROM audit_log WHERE action = 'login.ok'") >= 4,
	       "each sign-in is audited");

	unsigned char k1[32], k2[32];
	tap_int(store_site_secret(st, "csrf", k1, sizeof(k1)), 0, "site secret created");
	tap_int(store_site_secret(st, "csrf", k2, sizeof(k2)), 0, "and read again");
	tap_ok(memcmp(k1, k2, sizeof(k1)) == 0, "the same secret both times");
	arena_free(a);
	buf_free(&err);
	store_close(st);
}

static void test_session_layer(const char *path, long long gov, long long dept)
{
	struct store *st;
	struct buf err = BUF_INIT;
	store_open(path, &st, &err);
	long long uid = 0;
	store_user_add(st, "test", "deptclerk", "部门经办", dept, "pass-word-321", &uid, &err);
	store_user_grant(st, "test", uid, dept, USER_ROLE_CLERK, &err);
	struct login_policy pol = {.max_failures = 5, .lock_seconds = 600, .session_hours = 8};
	enum login_result res;
	time_t until;
	char token[65];
	store_login(st, &pol, "deptclerk", "pass-word-321", NULL, time(NULL), &res, &until, token);
	tap_int(res, LOGIN_OK, "department clerk signs in");

	struct arena *a = arena_new(0);
	struct web_pair cookie = {"zf_sid", token};
	struct web_request req = {.arena = a, .method = WEB_GET, .path = "/console"};
	req.cookies = &cookie;
	req.ncookies = 1;
	session_load(&req, NULL, st);
	tap_ok(req.user != NULL, "the session cookie loads the user");
	tap_ok(req.user && req.user->role == ROLE_CLERK, "as a clerk");
	tap_ok(session_can(&req, dept, ROLE_CLERK), "who may handle the department's requests");
	tap_ok(!session_can(&req, gov, ROLE_VIEWER), "but not the government's");
	tap_ok(!session_can(&req, dept, ROLE_REVIEWER), "nor review in the department");
	size_t n;
	long long *ids = session_agencies(&req, ROLE_CLERK, &n);
	tap_ok(n == 1 && ids[0] == dept, "one agency in reach");
	const char *token_get = req.csrf_token;
	tap_ok(token_get && strlen(token_get) == 64, "a CSRF token for forms");

	/* a government admin reaches the departments below */
	long long aid = 0;
	store_user_add(st, "test", "govadmin", "机关管理员", gov, "pass-word-654", &aid, &err);
	store_user_grant(st, "test", aid, gov, USER_ROLE_ADMIN, &err);
	store_login(st, &pol, "govadmin", "pass-word-654", NULL, time(NULL), &res, &until, token);
	struct web_pair c2 = {"zf_sid", token};
	struct web_request r2 = {.arena = a, .method = WEB_GET, .path = "/console"};
	r2.cookies = &c2;
	r2.ncookies = 1;
	session_load(&r2, NULL, st);
	tap_ok(session_can(&r2, gov, ROLE_ADMIN) && session_can(&r2, dept, ROLE_CLERK),
	       "a role on the government reaches its departments");
	tap_ok(strcmp(r2.csrf_token, token_get) != 0, "each session has its own CSRF token");

	/* CSRF: the token of the same session passes, another's or none fails */
	struct web_pair field = {"_csrf", r2.csrf_token};
	struct web_request post = {.arena = a, .method = WEB_POST, .path = "/x"};
	post.cookies = &c2;
	post.ncookies = 1;
	post.form = &field;
	post.nform = 1;
	session_load(&post, NULL, st);
	tap_ok(post.csrf_ok, "a POST with its session's token passes");
	struct web_pair wrong = {"_csrf", token_get};
	post.form = &wrong;
	session_load(&post, NULL, st);
	tap_ok(!post.csrf_ok, "another session's token fails");
	post.nform = 0;
	session_load(&post, NULL, st);
	tap_ok(!post.csrf_ok, "no token fails");

	/* visitors get a cookie-bound token */
	struct web_request vis = {.arena = a, .method = WEB_GET, .path = "/apply"};
	struct web_response res_v;
	web_response_init(&res_v, 1 << 16);
	session_load(&vis, &res_v, st);
	tap_ok(vis.user == NULL && vis.csrf_token != NULL, "a visitor has no user but a token");
	tap_ok(res_v.nheaders == 1 && strncmp(res_v.headers[0].value, "zf_csrf=", 8) == 0,
	       "and gets a zf_csrf cookie");
	web_response_free(&res_v);
	arena_free(a);
	buf_free(&err);
	store_close(st);
}

static void test_forms(void)
{
	struct arena *a = arena_new(0);
	struct web_pair *p;
	size_t n;
	tap_int(form_parse(a, str_c("a=1&b=%E4%B8%AD+%E6%96%87&&c&d="), &p, &n), 0, "parse");
	tap_int((long long)n, 4, "four fields, empty piece skipped");
	tap_ok(n == 4 && !strcmp(p[1].name, "b") && !strcmp(p[1].value, "中 文"),
	       "percent and plus decoded");
	tap_ok(n == 4 && !strcmp(p[2].name, "c") && !strcmp(p[2].value, ""), "a bare name");
	tap_int(form_parse(a, str_c("a=%E4%B8"), &p, &n), ZF_EPARSE, "truncated UTF-8 refused");
	tap_int(form_parse(a, str_c("a=%zz"), &p, &n), ZF_EPARSE, "bad escape refused");
	tap_int(form_parse(a, str_c("a=%4"), &p, &n), ZF_EPARSE, "short escape refused");
	tap_int(form_parse(a, str_c("a=%00"), &p, &n), ZF_EPARSE, "NUL refused");
	tap_int(form_parse(a, str_c(""), &p, &n), 0, "empty body");
	tap_int((long long)n, 0, "no fields");
	struct buf many = BUF_INIT;
	for (int i = 0; i < FORM_MAX_FIELDS + 1; i++)
		buf_printf(&many, "f%d=1&", i);
	tap_int(form_parse(a, buf_str(&many), &p, &n), ZF_ETOOBIG, "too many fields refused");
	buf_free(&many);
	arena_free(a);
}

int main(void)
{
	if (!mkdtemp(dir))
		die("mkdtemp");
	char *path = xasprintf("%s/auth.db", dir);
	long long gov = 0, dept = 0;
	test_passwords();
	test_users(path, &gov, &dept);
	test_login(path);
	test_session_layer(path, gov, dept);
	test_forms();
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	free(path);
	return tap_done();
}
