/* test_auth.c: users, roles, passwords, sign-in with lock-out, sessions (store/auth.h), the
 * session layer's permissions and CSRF tokens (web/session.h), and form bodies (web/form.h). */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "store/auth.h"
#include "store/db.h"
#include "demo/users.h"
#include "store_test.h"
#include "tap.h"
#include "web/form.h"
#include "web/page_public.h"
#include "web/routes.h"
#include "web/session.h"

#include <pthread.h>
#include <time.h>

static void test_passwords(void)
{
	struct buf err = BUF_INIT;
	tap_int(password_check("li", "short1!", 0, &err), ZF_EINVAL, "under 10 characters refused");
	tap_ok(strstr(buf_cstr(&err), "10") != NULL, "the reason names the minimum: %s",
	       buf_cstr(&err));
	tap_int(password_check("li", "1234567890123", 0, &err), ZF_EINVAL, "digits only refused");
	tap_int(password_check("li", "abcdefghijkl", 0, &err), ZF_EINVAL, "letters only refused");
	tap_int(password_check("abc-123-xyz", "abc-123-xyz", 0, &err), ZF_EINVAL,
		"same as the login refused");
	tap_int(password_check("li", "政府信息公开工作2026", 0, &err), ZF_EINVAL,
		"Chinese and digits are two classes of four: refused");
	tap_int(password_check("li", "政府信息公开工作2026a", 0, &err), 0,
		"Chinese, digits and a letter pass");
	tap_int(password_check("li", "\xff\xfe-bad-utf8-1", 0, &err), ZF_EINVAL,
		"bad UTF-8 refused");
	char gen[15], gen2[15];
	password_generate(gen);
	password_generate(gen2);
	tap_int((long long)strlen(gen), 14, "generated password has 14 characters");
	tap_int(password_check("x", gen, 0, &err), 0, "a generated password passes the rules");
	tap_ok(strcmp(gen, gen2) != 0, "two generated passwords differ");
	enum user_role r;
	tap_ok(user_role_parse("reviewer", &r) == 0 && r == USER_ROLE_REVIEWER, "role names parse");
	tap_int(user_role_parse("root", &r), ZF_EINVAL, "unknown role refused");
	tap_str(user_role_label(USER_ROLE_CLERK), "经办人", "role label");
	tap_int(USER_ROLE_ADMIN, ROLE_ADMIN, "store roles equal route roles");
	buf_free(&err);
}

static void test_users(struct store *st, long long *gov, long long *dept)
{
	struct buf err = BUF_INIT;
	bool seeded;
	tap_int(demo_seed_agencies(st, &seeded), 0, "demo agencies");
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t nag;
	store_agency_list(st, a, &ag, &nag);
	*gov = ag[0].id;
	*dept = ag[nag - 1].id;

	long long uid = 0;
	tap_int(store_user_add(st, USER_OPERATOR("test"), "Bad Login", "张三", *gov,
			       "pass-word-123", 0, &uid, &err),
		ZF_EINVAL, "login with capitals and a space refused");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "zhangsan", "张三", 9999, "pass-word-123",
			       0, &uid, &err),
		ZF_ENOENT, "unknown agency refused");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "zhangsan", "", *gov, "pass-word-123", 0,
			       &uid, &err),
		ZF_EINVAL, "empty name refused");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "zhangsan", "张三", *gov, "short", 0,
			       &uid, &err),
		ZF_EINVAL, "weak password refused");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "zhangsan", "张三", *gov, "pass-word-123",
			       0, &uid, &err),
		0, "user added");
	long long again = 0;
	buf_reset(&err);
	tap_int(store_user_add(st, USER_OPERATOR("test"), "zhangsan", "张三丰", *gov,
			       "pass-word-456", 0, &again, &err),
		ZF_EINVAL, "a taken login is refused");
	tap_ok(strstr(buf_cstr(&err), "已被使用") != NULL, "saying it is taken: %s",
	       buf_cstr(&err));
	tap_int(store_user_grant(st, USER_OPERATOR("test"), uid, *gov, USER_ROLE_CLERK, &err), 0,
		"grant clerk");
	tap_int(store_user_grant(st, USER_OPERATOR("test"), uid, *gov, USER_ROLE_CLERK, &err), 0,
		"granting again is no error");
	tap_int(store_user_grant(st, USER_OPERATOR("test"), uid, 9999, USER_ROLE_CLERK, &err),
		ZF_ENOENT, "grant on an unknown agency refused");

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
	    store_test_int(st, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"),
	    1, "the password is stored as an argon2id hash");
	tap_int(
	    store_test_int(st, "SELECT count(*) FROM audit_log WHERE detail LIKE '%pass-word%'"), 0,
	    "no password in the audit log");
	arena_free(a);
	buf_free(&err);
}

static void test_login(struct store *st)
{
	struct buf err = BUF_INIT;
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
	tap_int(store_test_int(st, "SELECT count(*) FROM sessions"), 1, "one session stored");
	char *sql = xasprintf("SELECT count(*) FROM sessions WHERE id = '%s'", token);
	tap_int(store_test_int(st, sql), 0, "the database keeps a hash, not the token");
	free(sql);
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
	tap_int(store_user_unlock(st, USER_OPERATOR("admin"), u.id, &err), 0, "an admin unlocks");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 701, &res, &until, token);
	tap_int(res, LOGIN_OK, "and the user signs in");
	char live[65];
	memcpy(live, token, sizeof(live));

	tap_int(store_user_set_active(st, USER_OPERATOR("admin"), u.id, false, &err), 0, "disable");
	store_session_user(st, live, now + 702, &uid);
	tap_int(uid, 0, "disabling ends the sessions");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 703, &res, &until, token);
	tap_int(res, LOGIN_INACTIVE, "a disabled user cannot sign in");
	store_user_set_active(st, USER_OPERATOR("admin"), u.id, true, &err);
	tap_int(
	    store_user_set_password(st, USER_OPERATOR("admin"), u.id, "new-pass-word-9", 0, &err),
	    0, "password reset");
	store_login(st, &pol, "zhangsan", "pass-word-123", NULL, now + 704, &res, &until, token);
	tap_int(res, LOGIN_BAD, "the old password no longer works");
	store_login(st, &pol, "zhangsan", "new-pass-word-9", NULL, now + 705, &res, &until, token);
	tap_int(res, LOGIN_OK, "the new one does");
	tap_int(store_session_end(st, token), 0, "sign out");
	store_session_user(st, token, now + 706, &uid);
	tap_int(uid, 0, "the session is gone");

	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'login.lock'"), 2,
		"each lock is audited");
	tap_ok(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'login.ok'") >= 4,
	       "each sign-in is audited");

	unsigned char k1[32], k2[32];
	tap_int(store_site_secret(st, "csrf", k1, sizeof(k1)), 0, "site secret created");
	tap_int(store_site_secret(st, "csrf", k2, sizeof(k2)), 0, "and read again");
	tap_ok(memcmp(k1, k2, sizeof(k1)) == 0, "the same secret both times");
	arena_free(a);
	buf_free(&err);
}

static void test_session_layer(struct store *st, long long gov, long long dept)
{
	struct buf err = BUF_INIT;
	long long uid = 0;
	store_user_add(st, USER_OPERATOR("test"), "deptclerk", "部门经办", dept, "pass-word-321", 0,
		       &uid, &err);
	store_user_grant(st, USER_OPERATOR("test"), uid, dept, USER_ROLE_CLERK, &err);
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
	store_user_add(st, USER_OPERATOR("test"), "govadmin", "机关管理员", gov, "pass-word-654", 0,
		       &aid, &err);
	store_user_grant(st, USER_OPERATOR("test"), aid, gov, USER_ROLE_ADMIN, &err);
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
}

/* Roles summaries, list order and filters, refused writes inside a batch. */
static void test_roles_and_batch(struct store *st, long long gov, long long dept)
{
	struct buf err = BUF_INIT;
	struct arena *a = arena_new(0);
	long long b = 0, c = 0;
	tap_int(store_user_add(st, USER_OPERATOR("test"), "b.user", "乙", dept, "pass-word-b1", 0,
			       &b, &err),
		0, "b.user added");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "a.user", "甲", gov, "pass-word-a1", 0,
			       NULL, &err),
		0, "a.user added");
	store_user_grant(st, USER_OPERATOR("test"), b, dept, USER_ROLE_REVIEWER, &err);
	store_user_grant(st, USER_OPERATOR("test"), b, gov, USER_ROLE_VIEWER, &err);
	store_user_grant(st, USER_OPERATOR("test"), b, gov, USER_ROLE_ADMIN, &err);
	struct user u;
	tap_int(store_user_get(st, a, b, &u), 0, "get by id");
	struct agency *ag;
	size_t nag;
	store_agency_list(st, a, &ag, &nag);
	char *want =
	    xasprintf("管理员@%s，查阅@%s，审核人@%s", ag[0].name, ag[0].name, ag[nag - 1].name);
	tap_str(u.roles, want, "roles by agency, then role name");
	free(want);
	tap_int(store_user_revoke(st, USER_OPERATOR("test"), b, gov, USER_ROLE_VIEWER, &err), 0,
		"revoke");
	struct user_grant *g;
	size_t ng;
	store_user_grants(st, a, b, &g, &ng);
	tap_ok(ng == 2 && g[0].agency_id == gov && g[0].role == USER_ROLE_ADMIN &&
		   g[1].agency_id == dept && g[1].role == USER_ROLE_REVIEWER,
	       "grants in agency order, the revoked one gone");
	tap_int(store_user_get(st, a, 999999, &u), ZF_ENOENT, "unknown id");

	struct user *list;
	size_t n;
	tap_int(store_user_list(st, a, 0, &list, &n), 0, "list all");
	bool sorted = n >= 3;
	for (size_t i = 1; i < n; i++)
		sorted &= strcmp(list[i - 1].login, list[i].login) < 0;
	tap_ok(sorted && strcmp(list[0].login, "a.user") == 0, "sorted by login (code points)");
	bool roles_ok = true;
	for (size_t i = 0; i < n; i++) {
		if (list[i].id == b)
			roles_ok &= strstr(list[i].roles, "审核人@") != NULL;
		else if (strcmp(list[i].login, "a.user") == 0)
			roles_ok &= strcmp(list[i].roles, "") == 0;
	}
	tap_ok(roles_ok, "each listed user has their own roles, none when none");
	tap_int(store_user_list(st, a, dept, &list, &n), 0, "list of the department");
	bool in_dept = n >= 1;
	for (size_t i = 0; i < n; i++)
		in_dept &= list[i].agency_id == dept;
	tap_ok(in_dept, "only the department's users");

	/* a refused write changes nothing, even on PostgreSQL where an error ends a
	 * transaction */
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	tap_int(store_user_add(st, USER_OPERATOR("test"), "a.user", "重名", gov, "pass-word-a2", 0,
			       NULL, &err),
		ZF_EINVAL, "a taken login refused");
	tap_int(store_user_grant(st, USER_OPERATOR("test"), b, 999999, USER_ROLE_CLERK, &err),
		ZF_ENOENT, "a grant on no agency refused");
	tap_int(store_user_set_password(st, USER_OPERATOR("test"), b, "short", 0, &err), ZF_EINVAL,
		"a weak new password refused");
	store_test_dump(st, &after);
	tap_ok(before.len > 0 && str_eq(buf_str(&before), buf_str(&after)),
	       "the refused writes changed nothing");

	tap_int(store_batch_begin(st), 0, "batch");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "batch1", "批一", gov, "pass-word-c1", 0,
			       &c, &err),
		0, "batch1 added");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "batch1", "批一", gov, "pass-word-c1", 0,
			       NULL, &err),
		ZF_EINVAL, "batch1 again refused inside the batch");
	tap_int(store_user_add(st, USER_OPERATOR("test"), "batch2", "批二", gov, "pass-word-c2", 0,
			       NULL, &err),
		0, "the batch goes on");
	tap_int(store_batch_commit(st), 0, "commit");
	tap_int(store_test_int(st, "SELECT count(*) FROM users WHERE login LIKE 'batch%'"), 2,
		"both users of the batch kept");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

static void test_throttles(struct store *st)
{
	time_t t0 = 1800000000;
	int hits = -1;
	tap_int(store_throttle_get(st, "test", "192.0.2.1", 60, t0, &hits), 0, "get");
	tap_int(hits, 0, "nothing counted yet");
	for (int i = 0; i < 3; i++)
		store_throttle_hit(st, "test", "192.0.2.1", 60, t0 + i, &hits);
	tap_int(hits, 3, "three uses counted");
	store_throttle_get(st, "test", "192.0.2.1", 60, t0 + 59, &hits);
	tap_int(hits, 3, "still three at the end of the window");
	store_throttle_get(st, "test", "192.0.2.2", 60, t0 + 5, &hits);
	tap_int(hits, 0, "another address counts alone");
	store_throttle_get(st, "other", "192.0.2.1", 60, t0 + 5, &hits);
	tap_int(hits, 0, "another kind counts alone");
	store_throttle_get(st, "test", "192.0.2.1", 60, t0 + 60, &hits);
	tap_int(hits, 0, "the window runs out");
	store_throttle_hit(st, "test", "192.0.2.1", 60, t0 + 60, &hits);
	tap_int(hits, 1, "a use after it opens a new window");
	store_throttle_hit(st, "test", "192.0.2.1", 60, t0 - 3600, &hits);
	tap_int(hits, 1, "a clock set back opens a new window");
	tap_int(store_test_int(st, "SELECT count(*) FROM throttles WHERE subject LIKE '%192.0%'"),
		0, "no client address in the table");
	tap_int(store_throttle_hit(st, "", "192.0.2.1", 60, t0, &hits), ZF_EINVAL, "empty kind");
	tap_int(store_throttle_get(st, "test", NULL, 60, t0, &hits), ZF_EINVAL, "no subject");
	tap_int(store_throttle_hit(st, "test", "x", 0, t0, &hits), ZF_EINVAL, "no window");

	/* the public site's throttles */
	bool over = true;
	for (int i = 0; i < 9; i++)
		public_throttle_count(st, THROTTLE_QUERY_FAIL, "198.51.100.7", t0 + i);
	tap_int(public_throttled(st, THROTTLE_QUERY_FAIL, "198.51.100.7", t0 + 10, &over), 0,
		"throttle check");
	tap_ok(!over, "nine failed queries are allowed");
	public_throttle_count(st, THROTTLE_QUERY_FAIL, "198.51.100.7", t0 + 10);
	public_throttled(st, THROTTLE_QUERY_FAIL, "198.51.100.7", t0 + 11, &over);
	tap_ok(over, "the tenth closes /query for the address");
	public_throttled(st, THROTTLE_APPLY, "198.51.100.7", t0 + 11, &over);
	tap_ok(!over, "applications are counted apart");
	public_throttled(st, THROTTLE_QUERY_FAIL, "198.51.100.8", t0 + 11, &over);
	tap_ok(!over, "other addresses are not limited");
	public_throttled(st, THROTTLE_QUERY_FAIL, "198.51.100.7", t0 + 15 * 60, &over);
	tap_ok(!over, "fifteen minutes later the address may try again");
	public_throttled(st, THROTTLE_QUERY_FAIL, NULL, t0, &over);
	tap_ok(!over, "no address: never limited");

	/* expired rows are deleted as uses are counted */
	tap_int(store_test_int(st, "SELECT count(*) FROM throttles"), 1,
		"the counters that ran out went as new uses were counted");
	store_throttle_hit(st, "test", "192.0.2.9", 60, t0 + 86400, NULL);
	tap_int(store_test_int(st, "SELECT count(*) FROM throttles"), 1,
		"a day later only the new counter is left");
}

/* Finding 4 (#16): counters are exact per key. Ninety wrong query codes from one address,
 * while a second address is counted too (and its server's clock is a second behind), are
 * refused after ten; uses stamped out of order never reset a counter; thousands of other
 * addresses share nothing with it. */
static void test_throttles_exact(struct store *st)
{
	time_t t0 = 1800300000;
	const char *a = "203.0.113.10", *b = "203.0.113.11";
	int refused = 0, first = 0;
	for (int i = 0; i < 90; i++) {
		bool over = false;
		public_throttled(st, THROTTLE_QUERY_FAIL, a, t0 + i, &over);
		if (over) {
			refused++;
			if (!first)
				first = i + 1;
		} else {
			public_throttle_count(st, THROTTLE_QUERY_FAIL, a, t0 + i);
		}
		/* the second address, counted by a server whose clock is a second behind */
		public_throttle_count(st, THROTTLE_QUERY_FAIL, b, t0 + i - 1);
	}
	tap_int(first, 11, "90 wrong codes with a second address counted: refused from the 11th");
	tap_int(refused, 80, "and every one after it");
	bool over = false;
	public_throttled(st, THROTTLE_QUERY_FAIL, b, t0 + 90, &over);
	tap_ok(over, "the second address is over its own limit too");

	/* uses stamped out of order: the later stamp first, then the earlier one */
	int hits = 0;
	store_throttle_hit(st, "order", "198.51.100.20", 900, t0 + 1, &hits);
	store_throttle_hit(st, "order", "198.51.100.20", 900, t0, &hits);
	tap_int(hits, 2, "a use stamped a second earlier is counted, not a reset");
	store_throttle_get(st, "order", "198.51.100.20", 900, t0, &hits);
	tap_int(hits, 2, "a server a second behind sees the count");
	for (int i = 0; i < 20; i++)
		store_throttle_hit(st, "order", "198.51.100.20", 900, t0 + (i % 2 ? 5 : 3), &hits);
	tap_int(hits, 22, "jittered stamps all count");

	/* no sharing among many addresses */
	char ip[32];
	for (int i = 0; i < 2000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i / 256, i % 256);
		store_throttle_hit(st, "many", ip, 900, t0, NULL);
	}
	for (int i = 0; i < 9; i++)
		store_throttle_hit(st, "many", "10.200.0.1", 900, t0, NULL);
	int bad = 0;
	for (int i = 0; i < 2000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.1", i / 256, i % 256);
		store_throttle_get(st, "many", ip, 900, t0 + 1, &hits);
		bad += hits != 1;
	}
	tap_int(bad, 0, "2000 addresses each counted exactly once");
	store_throttle_get(st, "many", "10.200.0.1", 900, t0 + 1, &hits);
	tap_int(hits, 9, "and one more counted exactly nine times");
}

struct hammer {
	const char *target;
	int uses;
	int seen[64]; /* the counts returned */
	int rc;
	bool logins; /* wrong passwords instead of throttle uses */
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	h->rc = store_open(h->target, &st, &err);
	struct login_policy pol = {.max_failures = 100, .lock_seconds = 600, .session_hours = 8};
	for (int i = 0; !h->rc && i < h->uses; i++) {
		if (h->logins) {
			enum login_result res;
			time_t until;
			char token[65];
			h->rc = store_login(st, &pol, "shared", "wrong-pass-word", NULL, 1800000000,
					    &res, &until, token);
		} else {
			h->rc = store_throttle_hit(st, "race", "203.0.113.5", 3600, 1800000000,
						   &h->seen[i]);
		}
	}
	store_close(st);
	buf_free(&err);
	return NULL;
}

/* Two servers on one database: what one writes, the other sees. */
static void test_two_servers(void)
{
	const char *target = store_test_target("auth-shared");
	struct store *s1 = target ? store_test_open(target) : NULL, *s2 = NULL;
	struct buf err = BUF_INIT;
	if (!s1 || store_open(target, &s2, &err) != 0) {
		tap_ok(false, "two connections to one database: %s", buf_cstr(&err));
		store_close(s1);
		buf_free(&err);
		return;
	}
	bool seeded;
	demo_seed_agencies(s1, &seeded);
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t nag;
	store_agency_list(s2, a, &ag, &nag);
	long long uid = 0;
	tap_int(store_user_add(s1, USER_OPERATOR("test"), "shared", "共用", ag[0].id,
			       "pass-word-777", 0, &uid, &err),
		0, "a user added through server 1");
	store_user_grant(s1, USER_OPERATOR("test"), uid, ag[0].id, USER_ROLE_CLERK, &err);
	struct login_policy pol = {.max_failures = 3, .lock_seconds = 600, .session_hours = 8};
	enum login_result res;
	time_t until, now = time(NULL);
	char token[65];
	store_login(s1, &pol, "shared", "pass-word-777", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_OK, "signs in through server 1");
	long long seen = 0;
	store_session_user(s2, token, now + 1, &seen);
	tap_int(seen, uid, "server 2 knows the session");

	/* a CSRF token issued by one server passes on the other */
	struct web_pair cookie = {"zf_sid", token};
	struct web_request get = {.arena = a, .method = WEB_GET, .path = "/console"};
	get.cookies = &cookie;
	get.ncookies = 1;
	session_load(&get, NULL, s1);
	tap_ok(get.user && get.csrf_token, "server 1 serves a form with a token");
	struct web_pair field = {"_csrf", get.csrf_token};
	struct web_request post = {.arena = a, .method = WEB_POST, .path = "/x"};
	post.cookies = &cookie;
	post.ncookies = 1;
	post.form = &field;
	post.nform = 1;
	session_load(&post, NULL, s2);
	tap_ok(post.user && post.csrf_ok, "server 2 accepts the form's token");
	struct web_pair visitor = {"zf_csrf", "0123456789abcdef0123456789abcdef"
					      "0123456789abcdef0123456789abcdef"};
	struct web_request v1 = {.arena = a, .method = WEB_GET, .path = "/apply"};
	struct web_request v2 = v1;
	v1.cookies = v2.cookies = &visitor;
	v1.ncookies = v2.ncookies = 1;
	session_load(&v1, NULL, s1);
	session_load(&v2, NULL, s2);
	tap_ok(v1.csrf_token && v2.csrf_token && strcmp(v1.csrf_token, v2.csrf_token) == 0,
	       "a visitor's token is the same on both servers");
	tap_int(store_session_end(s2, token), 0, "signs out through server 2");
	store_session_user(s1, token, now + 2, &seen);
	tap_int(seen, 0, "the session is gone on server 1 too");

	/* failures counted through either server lock the account on both */
	store_login(s1, &pol, "shared", "wrong-pass-1", NULL, now, &res, &until, token);
	store_login(s2, &pol, "shared", "wrong-pass-2", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_BAD, "two failures, one on each server");
	store_login(s1, &pol, "shared", "wrong-pass-3", NULL, now, &res, &until, token);
	tap_int(res, LOGIN_LOCKED, "the third locks the account");
	store_login(s2, &pol, "shared", "pass-word-777", NULL, now + 1, &res, &until, token);
	tap_int(res, LOGIN_LOCKED, "server 2 refuses the right password while locked");
	store_user_unlock(s2, USER_OPERATOR("admin"), uid, &err);

	/* the public throttles count on both */
	bool over = false;
	for (int i = 0; i < 5; i++) {
		public_throttle_count(s1, THROTTLE_QUERY_FAIL, "203.0.113.1", now);
		public_throttle_count(s2, THROTTLE_QUERY_FAIL, "203.0.113.1", now);
	}
	public_throttled(s1, THROTTLE_QUERY_FAIL, "203.0.113.1", now, &over);
	tap_ok(over, "ten failed queries, five on each server, close /query on both");

	/* at the same moment: two connections in two threads */
	struct hammer h[2] = {{.target = target, .uses = 30}, {.target = target, .uses = 30}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, hammer_run, &h[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	tap_ok(h[0].rc == 0 && h[1].rc == 0, "every concurrent use counted without error (%s, %s)",
	       zf_strerror(h[0].rc), zf_strerror(h[1].rc));
	bool got[61] = {false}, distinct = true;
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 30; k++) {
			int v = h[i].seen[k];
			distinct &= v >= 1 && v <= 60 && !got[v];
			if (v >= 1 && v <= 60)
				got[v] = true;
		}
	tap_ok(distinct, "the 60 concurrent uses were counted 1 to 60, none lost");
	int hits = 0;
	store_throttle_get(s2, "race", "203.0.113.5", 3600, 1800000000, &hits);
	tap_int(hits, 60, "the counter holds 60");

	struct hammer l[2] = {{.target = target, .uses = 3, .logins = true},
			      {.target = target, .uses = 3, .logins = true}};
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, hammer_run, &l[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	struct user u;
	store_user_get(s1, a, uid, &u);
	tap_ok(l[0].rc == 0 && l[1].rc == 0 && u.failed_logins == 6,
	       "six wrong passwords at once on two connections count six (%d)", u.failed_logins);

	arena_free(a);
	buf_free(&err);
	store_close(s2);
	store_close(s1);
}

static void test_demo_users(void)
{
	struct store *st = store_test_fresh("auth-demo");
	if (!st) {
		tap_ok(false, "a database for the demo users");
		return;
	}
	struct demo_user du[DEMO_USERS];
	size_t n = 9;
	tap_int(demo_seed_users(st, du, &n), ZF_ESTATE, "no demo users before the agencies");
	tap_int((long long)n, 0, "none created");
	bool seeded;
	demo_seed_agencies(st, &seeded);
	tap_int(demo_seed_users(st, du, &n), 0, "demo users");
	tap_int((long long)n, DEMO_USERS, "four created");
	struct login_policy pol = {.max_failures = 5, .lock_seconds = 600, .session_hours = 8};
	bool all_in = n == DEMO_USERS;
	for (size_t i = 0; i < n; i++) {
		enum login_result res;
		time_t until;
		char token[65];
		store_login(st, &pol, du[i].login, du[i].password, NULL, time(NULL), &res, &until,
			    token);
		all_in &= res == LOGIN_OK;
	}
	tap_ok(all_in, "each signs in with the password shown");
	struct arena *a = arena_new(0);
	struct user u;
	tap_int(store_user_by_login(st, a, "zjclerk", &u), 0, "zjclerk exists");
	tap_ok(strstr(u.roles, "经办人@") != NULL && strstr(u.roles, "人民政府") == NULL,
	       "a clerk of the department only: %s", u.roles);
	tap_int(demo_seed_users(st, du, &n), 0, "again");
	tap_int((long long)n, 0, "nothing when users exist");
	arena_free(a);
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

/* Finding 5 (#16): a stranger's wrong passwords lock the stranger's address out of the
 * account, not the administrator; the account stays usable from the administrator's own
 * address. */
static void test_stranger_lockout(struct store *st, long long gov)
{
	struct buf err = BUF_INIT;
	long long id = 0;
	tap_int(store_user_add(st, USER_OPERATOR("test"), "chief", "管理员甲", gov,
			       "Head-pass-2026", 0, &id, &err),
		0, "the administrator exists");
	store_user_grant(st, USER_OPERATOR("test"), id, gov, USER_ROLE_ADMIN, &err);
	struct login_policy pol = {.max_failures = 5, .lock_seconds = 900, .session_hours = 8};
	enum login_result res = LOGIN_OK;
	time_t until = 0, now = 1800100000;
	char token[65];
	for (int i = 0; i < 5; i++)
		store_login(st, &pol, "chief", "guess-guess-1", "203.0.113.66", now + i, &res,
			    &until, token);
	tap_int(res, LOGIN_LOCKED, "the stranger's fifth wrong password locks the stranger out");
	store_login(st, &pol, "chief", "Head-pass-2026", "203.0.113.66", now + 10, &res, &until,
		    token);
	tap_int(res, LOGIN_LOCKED,
		"from the stranger's address even the right password is refused");
	store_login(st, &pol, "chief", "Head-pass-2026", "198.51.100.10", now + 11, &res, &until,
		    token);
	tap_int(res, LOGIN_OK, "the administrator still signs in from their own address");
	/* the administrator mistypes at home: their own count, not the stranger's */
	store_login(st, &pol, "chief", "typo-typo-1", "198.51.100.10", now + 12, &res, &until,
		    token);
	tap_int(res, LOGIN_BAD, "one typo of the administrator is only a failure");
	struct arena *a = arena_new(0);
	struct user u;
	store_user_by_login(st, a, "chief", &u);
	tap_ok(u.locked_until > now + 12 && u.locked_sources == 1,
	       "the console sees one address locked out (%d)", u.locked_sources);
	tap_int(store_user_unlock(st, USER_OPERATOR("admin"), id, &err), 0, "an admin unlocks");
	store_user_by_login(st, a, "chief", &u);
	tap_ok(u.locked_until == 0 && u.locked_sources == 0 && u.failed_logins == 0,
	       "and no lock or count is left");
	store_login(st, &pol, "chief", "Head-pass-2026", "203.0.113.66", now + 13, &res, &until,
		    token);
	tap_int(res, LOGIN_OK, "unlocking lifts the address's lock-out");
	arena_free(a);
	buf_free(&err);
}

/* Password spraying: one address trying one password on many accounts hits the cap over
 * all accounts; the accounts and other addresses are not affected. Three addresses locked
 * out of one account make an alert. */
static void test_spraying(struct store *st, long long gov)
{
	struct buf err = BUF_INIT;
	long long id = 0;
	char login[32];
	for (int i = 0; i < 12; i++) {
		snprintf(login, sizeof(login), "spray%d", i);
		store_user_add(st, USER_OPERATOR("test"), login, "用户", gov, "spray-pass-1", 0,
			       &id, &err);
	}
	struct login_policy pol = {
	    .max_failures = 5, .lock_seconds = 900, .session_hours = 8, .address_max_failures = 10};
	enum login_result res = LOGIN_OK;
	time_t until = 0, now = 1800200000;
	char token[65];
	int bad = 0;
	for (int i = 0; i < 10; i++) {
		snprintf(login, sizeof(login), "spray%d", i);
		store_login(st, &pol, login, "Summer2026!", "192.0.2.99", now, &res, &until, token);
		bad += res == LOGIN_BAD;
	}
	tap_int(bad, 10, "ten accounts tried once each: ten plain failures");
	store_login(st, &pol, "spray10", "spray-pass-1", "192.0.2.99", now + 1, &res, &until,
		    token);
	tap_int(res, LOGIN_THROTTLED, "the eleventh attempt from the address is refused");
	tap_ok(until > now, "with a time to retry");
	store_login(st, &pol, "spray10", "spray-pass-1", "192.0.2.100", now + 1, &res, &until,
		    token);
	tap_int(res, LOGIN_OK, "the same account from another address signs in");
	store_login(st, &pol, "spray11", "spray-pass-1", "192.0.2.99", now + 901, &res, &until,
		    token);
	tap_int(res, LOGIN_OK, "the address may try again after the window");
	tap_ok(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'login.refused' "
				  "AND detail LIKE '%address-throttled%'") >= 1,
	       "the refusal is audited");

	/* three addresses locked out of one account: an alert */
	const char *from[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 5; i++)
			store_login(st, &pol, "spray0", "wrong-wrong-1", from[k], now + 1000 + i,
				    &res, &until, token);
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'login.alert'"),
		1, "the third address locked out of one account is an alert");
	store_login(st, &pol, "spray0", "spray-pass-1", "192.0.2.4", now + 1010, &res, &until,
		    token);
	tap_int(res, LOGIN_OK, "and the account still works from its owner's address");
	buf_free(&err);
}

int main(void)
{
	tap_ok(store_test_engine() != NULL, "engine under test: %s", store_test_engine());
	long long gov = 0, dept = 0;
	test_passwords();
	struct store *st = store_test_fresh("auth");
	if (st) {
		test_users(st, &gov, &dept);
		test_login(st);
		test_session_layer(st, gov, dept);
		test_roles_and_batch(st, gov, dept);
		test_throttles(st);
		test_throttles_exact(st);
		test_stranger_lockout(st, gov);
		test_spraying(st, gov);
		store_close(st);
	} else {
		tap_ok(false, "a fresh store");
	}
	test_two_servers();
	test_demo_users();
	test_forms();
	return tap_done();
}
