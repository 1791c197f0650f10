/* users.h: the demo accounts of `zfxxgk serve --demo`, created through the public store API
 * (auth.h) like any other user. */
#ifndef ZF_DEMO_USERS_H
#define ZF_DEMO_USERS_H

#include <stddef.h>

struct store;

#define DEMO_USERS 4

/* One demo account as created: its password is shown once (the database keeps its hash). */
struct demo_user {
	const char *login;
	const char *name;
	const char *role_label;
	char password[15];
};

/* Seeds the demo users (admin, clerk, reviewer of the first agency, a clerk of the last
 * one) when there is no user yet, all or nothing; their passwords go to out[i].password.
 * *n = how many were created (0 when users existed). ZF_ESTATE when there is no agency. */
int demo_seed_users(struct store *st, struct demo_user out[DEMO_USERS], size_t *n);

#endif
