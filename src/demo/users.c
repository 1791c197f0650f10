/* users.c: the demo accounts (see users.h). */
#include "common.h"
#include "demo/users.h"
#include "arena.h"
#include "log.h"
#include "store/auth.h"
#include "store/db.h"

int demo_seed_users(struct store *st, struct demo_user out[DEMO_USERS], size_t *n)
{
	static const struct {
		const char *login, *name;
		enum user_role role;
		bool in_dept;
	} demo[DEMO_USERS] = {
	    {"admin", "王管理", USER_ROLE_ADMIN, false},
	    {"clerk", "李经办", USER_ROLE_CLERK, false},
	    {"reviewer", "赵审核", USER_ROLE_REVIEWER, false},
	    {"zjclerk", "孙经办", USER_ROLE_CLERK, true},
	};
	*n = 0;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	/* one write: the check that there is no user yet and the additions (servers started at
	 * once on one database seed once) */
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	struct user *users;
	size_t nusers = 0;
	struct agency *ag;
	size_t nag = 0;
	rc = store_user_list(st, a, 0, &users, &nusers);
	if (!rc && nusers == 0)
		rc = store_agency_list(st, a, &ag, &nag);
	if (!rc && nusers == 0 && nag == 0)
		rc = ZF_ESTATE; /* the demo agencies come first */
	for (size_t i = 0; !rc && nusers == 0 && i < DEMO_USERS; i++) {
		long long agency = demo[i].in_dept ? ag[nag - 1].id : ag[0].id, uid = 0;
		out[i].login = demo[i].login;
		out[i].name = demo[i].name;
		out[i].role_label = user_role_label(demo[i].role);
		password_generate(out[i].password);
		/* no forced change: the demo's accounts exist to be tried by anyone */
		rc = store_user_add(st, USER_OPERATOR("system"), demo[i].login, demo[i].name,
				    agency, out[i].password, 0, &uid, &err);
		if (!rc)
			rc = store_user_grant(st, USER_OPERATOR("system"), uid, agency,
					      demo[i].role, &err);
	}
	if (rc && err.len)
		log_error("demo users: %s", buf_cstr(&err));
	rc = store_write_end(st, rc);
	if (!rc && nusers == 0)
		*n = DEMO_USERS;
	buf_free(&err);
	arena_free(a);
	return rc;
}
