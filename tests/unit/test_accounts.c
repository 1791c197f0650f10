/* test_accounts.c: the account rules of issue 16 (store/auth.h), on both engines
 * (store_test.h): password rules (等保 level 3: length, three classes of four, no login
 * inside, no common password, not all blank), the password history, the forced change of
 * a generated password, the one rule of who may change whose account (finding 2: a
 * department's admin took over the government's admin by resetting its password), and
 * sessions that end when left idle. */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "store/auth.h"
#include "store/db.h"
#include "store_test.h"
#include "tap.h"

#include <time.h>

static void test_rules(void)
{
	struct buf err = BUF_INIT;
	tap_int(password_check("wangli", "          ", 0, &err), ZF_EINVAL, "ten spaces refused");
	tap_ok(strstr(buf_cstr(&err), "空白") != NULL, "naming the rule: %s", buf_cstr(&err));
	tap_int(password_check("wangli", "\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\t\t\t\t\t\t\t\t", 0,
			       &err),
		ZF_EINVAL, "ideographic spaces and tabs refused");
	tap_int(password_check("wangli", "wangli2026!!", 0, &err), ZF_EINVAL,
		"the login plus digits refused");
	tap_ok(strstr(buf_cstr(&err), "登录名") != NULL, "naming the rule: %s", buf_cstr(&err));
	tap_int(password_check("wangli", "X-WangLi-2026", 0, &err), ZF_EINVAL,
		"the login in other case inside refused");
	tap_int(password_check("wangli", "Abc@123456", 0, &err), ZF_EINVAL,
		"a common password refused though it has three classes");
	tap_ok(strstr(buf_cstr(&err), "常见") != NULL, "naming the rule: %s", buf_cstr(&err));
	tap_int(password_check("wangli", "P@SSW0RD123", 0, &err), ZF_EINVAL,
		"common passwords in any case");
	tap_int(password_check("wangli", "Zfxxgk@2026", 0, &err), ZF_EINVAL,
		"the product's name with a year refused");
	tap_int(password_check("wangli", "abcdefgh12", 0, &err), ZF_EINVAL,
		"two classes of four refused");
	tap_ok(strstr(buf_cstr(&err), "三类") != NULL, "naming the rule: %s", buf_cstr(&err));
	tap_int(password_check("wangli", "Abcdefgh12", 0, &err), 0, "three classes pass");
	tap_int(password_check("wangli", "zheng wu gong kai 7", 0, &err), 0,
		"lower case, spaces and a digit pass");
	tap_int(password_check("wangli", "Abcdef-12", 0, &err), ZF_EINVAL,
		"9 characters under the default 10");
	tap_int(password_check("wangli", "Abcdef-12", 8, &err), 0, "a site may set 8");
	tap_int(password_check("wangli", "Abcde-12", 4, &err), 0, "below 8 counts as 8");
	tap_int(password_check("wangli", "Abcde-1", 4, &err), ZF_EINVAL, "and 7 stays refused");
	tap_int(password_check("wangli", "Abcdefgh-123", 14, &err), ZF_EINVAL,
		"a site may ask for 14");
	tap_ok(strstr(buf_cstr(&err), "14") != NULL, "naming the minimum: %s", buf_cstr(&err));
	for (int i = 0; i < 50; i++) {
		char gen[15];
		password_generate(gen);
		if (password_check("wangli", gen, 14, &err) != 0) {
			tap_ok(false, "generated %s fails: %s", gen, buf_cstr(&err));
			break;
		}
		if (i == 49)
			tap_ok(true, "50 generated passwords pass the rules at 14 characters");
	}
	buf_free(&err);
}

struct tree {
	long long gov, dept;
};

static long long add(struct store *st, const char *login, long long home, unsigned flags)
{
	struct buf err = BUF_INIT;
	long long id = 0;
	if (store_user_add(st, USER_OPERATOR("test"), login, "测试", home, "Pass-word-2026", flags,
			   &id, &err))
		BUG("add %s: %s", login, buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void grant(struct store *st, long long uid, long long agency, enum user_role role)
{
	struct buf err = BUF_INIT;
	if (store_user_grant(st, USER_OPERATOR("test"), uid, agency, role, &err))
		BUG("grant: %s", buf_cstr(&err));
	buf_free(&err);
}

static bool signs_in(struct store *st, const char *login, const char *password)
{
	struct login_policy pol = {.max_failures = 50, .lock_seconds = 60, .session_hours = 8};
	enum login_result res;
	time_t until;
	char token[65];
	store_login(st, &pol, login, password, NULL, time(NULL), &res, &until, token);
	return res == LOGIN_OK;
}

/* Finding 2: the admin of a department (dept) reset the password of a user whose home is
 * the department but who holds admin on the government (gov), and signed in as them. */
static void test_dominance(struct store *st, struct tree t)
{
	struct buf err = BUF_INIT;
	long long bigboss = add(st, "bigboss", t.dept, 0);
	grant(st, bigboss, t.gov, USER_ROLE_ADMIN);
	long long deptadmin = add(st, "deptadmin", t.dept, 0);
	grant(st, deptadmin, t.dept, USER_ROLE_ADMIN);
	long long clerk = add(st, "deptclerk", t.dept, 0);
	grant(st, clerk, t.dept, USER_ROLE_CLERK);
	long long peeker = add(st, "peeker", t.dept, 0);
	grant(st, peeker, t.gov, USER_ROLE_VIEWER);
	long long govadmin = add(st, "govadmin", t.gov, 0);
	grant(st, govadmin, t.gov, USER_ROLE_ADMIN);

	struct password_policy pp = {10, 5};
	struct user_actor dept_by = {"deptadmin", deptadmin, &pp};
	struct user_actor gov_by = {"govadmin", govadmin, &pp};
	long long audits = store_test_int(st, "SELECT count(*) FROM audit_log");
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);

	tap_int(store_user_set_password(st, &dept_by, bigboss, "Taken-over-2026", 0, &err),
		ZF_EPERM, "a department's admin may not reset the government admin's password");
	tap_ok(strstr(buf_cstr(&err), "管理员角色") != NULL, "saying why: %s", buf_cstr(&err));
	tap_int(store_user_set_active(st, &dept_by, bigboss, false, &err), ZF_EPERM,
		"nor disable that account");
	tap_int(store_user_unlock(st, &dept_by, bigboss, &err), ZF_EPERM, "nor unlock it");
	tap_int(store_user_revoke(st, &dept_by, bigboss, t.gov, USER_ROLE_ADMIN, &err), ZF_EPERM,
		"nor revoke its role on the government");
	tap_int(store_user_grant(st, &dept_by, bigboss, t.dept, USER_ROLE_CLERK, &err), ZF_EPERM,
		"nor grant it a role in the department");
	tap_int(store_user_set_password(st, &dept_by, peeker, "Taken-over-2026", 0, &err), ZF_EPERM,
		"nor reset a user who can read the government's console");
	tap_int(store_user_grant(st, &dept_by, clerk, t.gov, USER_ROLE_VIEWER, &err), ZF_EPERM,
		"nor grant a role on the government, which it does not administer");
	tap_int(store_user_grant(st, &dept_by, deptadmin, t.gov, USER_ROLE_ADMIN, &err), ZF_EPERM,
		"nor raise itself");
	long long nid = 0;
	tap_int(
	    store_user_add(st, &dept_by, "newgov", "新人", t.gov, "Pass-word-2026", 0, &nid, &err),
	    ZF_EPERM, "nor add a user to the government");
	tap_int(store_user_set_password(st, &dept_by, govadmin, "Taken-over-2026", 0, &err),
		ZF_EPERM, "nor touch a user of the government");
	store_test_dump(st, &after);
	tap_ok(str_eq(buf_str(&before), buf_str(&after)), "the refused changes changed nothing");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log"), audits,
		"and wrote no audit line");
	tap_ok(signs_in(st, "bigboss", "Pass-word-2026") &&
		   !signs_in(st, "bigboss", "Taken-over-2026"),
	       "the government admin's own password still works, the attacker's does not");

	tap_int(store_user_set_password(st, &dept_by, clerk, "Clerk-pass-2026", 0, &err), 0,
		"the department's admin resets its own clerk");
	tap_int(store_user_grant(st, &dept_by, clerk, t.dept, USER_ROLE_REVIEWER, &err), 0,
		"and grants a role in the department");
	tap_int(store_user_revoke(st, &dept_by, clerk, t.dept, USER_ROLE_REVIEWER, &err), 0,
		"and revokes it");
	tap_int(store_user_set_active(st, &dept_by, clerk, false, &err), 0, "and disables");
	tap_int(store_user_set_active(st, &dept_by, clerk, true, &err), 0, "and enables");
	tap_int(store_user_unlock(st, &dept_by, clerk, &err), 0, "and unlocks");
	tap_int(store_user_may_change(st, &dept_by, deptadmin, 0, &err), 0, "it may change itself");
	tap_int(store_user_may_change(st, &gov_by, bigboss, t.dept, &err), 0,
		"the government's admin may change the government's admin of the department");
	tap_int(store_user_set_password(st, &gov_by, deptadmin, "Dept-pass-2026", 0, &err), 0,
		"and reset the department's admin");
	tap_int(store_user_may_change(st, &dept_by, 999999, 0, &err), ZF_ENOENT, "unknown user");
	struct user_actor nobody = {"x", -1, &pp};
	tap_int(store_user_may_change(st, &nobody, clerk, 0, &err), ZF_EPERM,
		"an actor holding no role may change nobody");
	tap_int(
	    store_user_set_password(st, USER_OPERATOR("ops"), bigboss, "Ops-reset-2026", 0, &err),
	    0, "the machine's operator (the CLI) is not restricted");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
}

static void test_history_and_forced_change(struct store *st, struct tree t)
{
	struct buf err = BUF_INIT;
	struct arena *a = arena_new(0);
	long long uid = add(st, "histuser", t.dept, USER_PW_MUST_CHANGE);
	grant(st, uid, t.dept, USER_ROLE_CLERK);
	struct user u;
	store_user_get(st, a, uid, &u);
	tap_ok(u.must_change, "a generated password is marked for change");

	struct login_policy pol = {.max_failures = 50, .lock_seconds = 60, .session_hours = 8};
	enum login_result res;
	time_t until;
	char t1[65], t2[65];
	store_login(st, &pol, "histuser", "Pass-word-2026", NULL, time(NULL), &res, &until, t1);
	store_login(st, &pol, "histuser", "Pass-word-2026", NULL, time(NULL), &res, &until, t2);
	tap_int(res, LOGIN_OK, "signing in still works (the web layer sends to the change page)");

	struct password_policy pp = {10, 3};
	tap_int(store_user_change_password(st, uid, &pp, "wrong-Pass-1", "New-pass-2026", t1, &err),
		ZF_EPERM, "the current password must be given");
	tap_int(
	    store_user_change_password(st, uid, &pp, "Pass-word-2026", "Pass-word-2026", t1, &err),
	    ZF_EINVAL, "the same password again refused");
	tap_int(
	    store_user_change_password(st, uid, &pp, "Pass-word-2026", "histuser-2026A", t1, &err),
	    ZF_EINVAL, "the rules apply");
	tap_int(
	    store_user_change_password(st, uid, &pp, "Pass-word-2026", "New-pass-2026", t1, &err),
	    0, "changed");
	store_user_get(st, a, uid, &u);
	tap_ok(!u.must_change, "the mark is cleared");
	long long who = 0;
	store_session_user(st, t1, time(NULL), &who);
	tap_int(who, uid, "the session that changed it lives on");
	store_session_user(st, t2, time(NULL), &who);
	tap_int(who, 0, "the user's other sessions end");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = "
				   "'user.password.own' AND object = 'histuser'"),
		1, "audited");

	tap_int(
	    store_user_change_password(st, uid, &pp, "New-pass-2026", "Third-pass-2026", t1, &err),
	    0, "a third password");
	tap_int(
	    store_user_change_password(st, uid, &pp, "Third-pass-2026", "Pass-word-2026", t1, &err),
	    ZF_EINVAL, "the first one is among the last 3: refused");
	tap_ok(strstr(buf_cstr(&err), "最近 3 次") != NULL, "saying so: %s", buf_cstr(&err));
	struct user_actor op = {"ops", 0, &pp};
	tap_int(store_user_set_password(st, &op, uid, "New-pass-2026", 0, &err), ZF_EINVAL,
		"a reset obeys the history too");
	struct password_policy one = {10, 1};
	tap_int(store_user_change_password(st, uid, &one, "Third-pass-2026", "Pass-word-2026", t1,
					   &err),
		0, "with a history of 1 only the current one is refused");
	tap_int(store_test_int(st, "SELECT count(*) FROM password_history WHERE hash LIKE "
				   "'$argon2id$%'"),
		store_test_int(st, "SELECT count(*) FROM password_history"),
		"the history keeps hashes only");
	tap_int(store_user_set_password(st, &op, uid, "Gen-Erated-77x", USER_PW_MUST_CHANGE, &err),
		0, "an administrator's reset");
	store_user_get(st, a, uid, &u);
	tap_ok(u.must_change, "marks the password for change again");
	arena_free(a);
	buf_free(&err);
}

static void test_idle(struct store *st, struct tree t)
{
	long long uid = add(st, "idleuser", t.dept, 0);
	grant(st, uid, t.dept, USER_ROLE_CLERK);
	struct login_policy pol = {.max_failures = 50, .lock_seconds = 60, .session_hours = 8};
	enum login_result res;
	time_t until, now = 1800000000;
	char tok[65];
	store_login(st, &pol, "idleuser", "Pass-word-2026", NULL, now, &res, &until, tok);
	tap_int(res, LOGIN_OK, "signed in");
	long long who = 0;
	bool out = true;
	const char *seen = "SELECT max(last_seen) FROM sessions s JOIN users u ON u.id = s.user_id "
			   "WHERE u.login = 'idleuser'";
	tap_int(store_session_use(st, tok, now + 30, 600, &who, &out), 0, "used after 30 s");
	tap_ok(who == uid && !out, "still signed in");
	tap_int(store_test_int(st, seen), now, "the last use is not rewritten within a minute");
	store_session_use(st, tok, now + 500, 600, &who, &out);
	tap_int(who, uid, "used after 500 s: 500 s idle of 600 allowed");
	tap_int(store_test_int(st, seen), now + 500, "the last use is written");
	store_session_use(st, tok, now + 1099, 600, &who, &out);
	tap_ok(who == uid && !out, "599 s after the last use: still signed in");
	store_session_use(st, tok, now + 1100 + 600, 600, &who, &out);
	tap_ok(who == 0 && out, "600 s unused after the last write: timed out");
	tap_int(store_test_int(st, seen), 0, "the session is gone");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'logout.idle' "
				   "AND object = 'idleuser'"),
		1, "and the end is audited");
	store_session_use(st, tok, now + 1800, 600, &who, &out);
	tap_ok(who == 0 && !out, "a gone session is simply unknown");
}

int main(void)
{
	tap_ok(store_test_engine() != NULL, "engine under test: %s", store_test_engine());
	test_rules();
	struct store *st = store_test_fresh("accounts");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	bool seeded;
	demo_seed_agencies(st, &seeded);
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t nag;
	store_agency_list(st, a, &ag, &nag);
	struct tree t = {ag[0].id, ag[nag - 1].id};
	tap_ok(nag >= 2 && t.gov != t.dept, "a government and a department");
	test_dominance(st, t);
	test_history_and_forced_change(st, t);
	test_idle(st, t);
	arena_free(a);
	store_close(st);
	return tap_done();
}
