/* auth.h: users, their roles per agency, passwords, sign-in with lock-out, and sessions.
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str); a session's token is
 * given to the browser and only its hash is stored, so a copy of the database does not let
 * anyone in. Every change and every sign-in attempt is written to the audit log (never a
 * password, never a token). Written once for SQLite and PostgreSQL (auth.c); everything here
 * lives in the database, so several servers on one database share it. */
#ifndef ZF_STORE_AUTH_H
#define ZF_STORE_AUTH_H

#include "buf.h"

#include <time.h>

struct arena;
struct store;

/* Roles, weakest first; the numbers equal enum route_role of the web layer. */
enum user_role {
	USER_ROLE_NONE = 0,
	USER_ROLE_VIEWER = 1, /* 查阅 */
	USER_ROLE_CLERK,      /* 经办人 */
	USER_ROLE_REVIEWER,   /* 审核人 */
	USER_ROLE_ADMIN,      /* 管理员 */
};

/* "viewer", "clerk", "reviewer", "admin" <-> the enum: 0 or ZF_EINVAL. */
int user_role_parse(const char *name, enum user_role *out);
const char *user_role_name(enum user_role role);
/* The Chinese label: 查阅、经办人、审核人、管理员. */
const char *user_role_label(enum user_role role);

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 256

/* Checks a new password: at least 10 characters, not only digits or only letters, no
 * longer than 256 bytes, not the login. 0, or ZF_EINVAL with a Chinese reason in err. */
int password_check(const char *login, const char *password, struct buf *err);
/* A random password for demo users and resets: 14 characters from an unambiguous set. */
void password_generate(char out[15]);

struct user {
	long long id;
	const char *login;
	const char *name;
	long long agency_id;
	const char *agency_name;
	bool active;
	int failed_logins;   /* wrong passwords in a row from one address (the most of any) */
	time_t locked_until; /* the last lock-out of an address ends then; 0 when none */
	int locked_sources;  /* addresses locked out (some may have run out by now) */
	const char *roles;   /* "经办人@示例区人民政府，…" for lists; may be "" */
};

struct user_grant {
	long long agency_id;
	enum user_role role;
};

/* Adds a user of agency_id with a password (checked by password_check). Errors: ZF_EINVAL
 * (bad login: 1-64 of [a-z0-9._-], taken, bad password, name), ZF_ENOENT (no such agency),
 * with a Chinese reason in err. */
int store_user_add(struct store *st, const char *actor, const char *login, const char *name,
		   long long agency_id, const char *password, long long *id, struct buf *err);
/* Sets a new password and ends the user's sessions. */
int store_user_set_password(struct store *st, const char *actor, long long user_id,
			    const char *password, struct buf *err);
/* Grants role over agency_id (and the agencies below it); granting again is no change. */
int store_user_grant(struct store *st, const char *actor, long long user_id, long long agency_id,
		     enum user_role role, struct buf *err);
int store_user_revoke(struct store *st, const char *actor, long long user_id, long long agency_id,
		      enum user_role role, struct buf *err);
/* Activates or deactivates a user (deactivation ends their sessions). */
int store_user_set_active(struct store *st, const char *actor, long long user_id, bool active,
			  struct buf *err);
/* Clears the failure count and the lock. */
int store_user_unlock(struct store *st, const char *actor, long long user_id, struct buf *err);

/* Loads a user: 0 or ZF_ENOENT; strings from arena. */
int store_user_get(struct store *st, struct arena *arena, long long id, struct user *out);
int store_user_by_login(struct store *st, struct arena *arena, const char *login, struct user *out);
/* Users of an agency (0 = all), by login; with roles filled. */
int store_user_list(struct store *st, struct arena *arena, long long agency_id, struct user **out,
		    size_t *n);
/* A user's grants as stored. */
int store_user_grants(struct store *st, struct arena *arena, long long user_id,
		      struct user_grant **out, size_t *n);

/* ---- sign-in ---- */
enum login_result {
	LOGIN_OK,
	LOGIN_BAD,    /* unknown login or wrong password (not told apart to the caller's reader) */
	LOGIN_LOCKED, /* too many failures: locked until *locked_until */
	LOGIN_INACTIVE,	 /* the account is disabled */
	LOGIN_THROTTLED, /* the address failed too often across accounts: until *locked_until */
};

/* Addresses locked out of one account at once that make an alert (audit login.alert). */
#define LOGIN_ALERT_ADDRESSES 3

struct login_policy {
	int max_failures;	  /* failures in a row from one address before it is locked out */
	int lock_seconds;	  /* how long the lock-out lasts */
	int session_hours;	  /* a session's lifetime */
	int address_max_failures; /* failures of one address over all accounts per lock_seconds
				   * before it is refused everywhere (0 = no such cap) */
};

/* Checks login and password at time now, from client address ip (NULL: all unknown
 * addresses count as one). On LOGIN_OK, clears this address's failures and creates a
 * session: its token (64 hex characters) goes to token. A wrong password counts a failure
 * of the pair (account, address) and locks that address out of the account at
 * max_failures (LOGIN_LOCKED): the account stays open from every other address, so a
 * stranger cannot lock anyone out. Every wrong sign-in also counts against the address
 * over all accounts; at address_max_failures it gets LOGIN_THROTTLED whatever it tries.
 * Passwords are checked outside the writer lock; counts and locks are read and written
 * under it, so failures counted by several servers at once add up and a lock set through
 * one connection holds on all. Unknown logins take as long as known ones. Audited with
 * ip; LOGIN_ALERT_ADDRESSES addresses locked out of one account at once add login.alert.
 * Returns 0 (the outcome is in *result) or ZF_EDB. */
int store_login(struct store *st, const struct login_policy *policy, const char *login,
		const char *password, const char *ip, time_t now, enum login_result *result,
		time_t *locked_until, char token[65]);
/* The user of a live session (0 and *user_id = 0 when the token is unknown or expired). */
int store_session_user(struct store *st, const char *token, time_t now, long long *user_id);
/* Ends a session (sign-out); unknown tokens are no error. */
int store_session_end(struct store *st, const char *token);

/* A secret of the site (e.g. the key of CSRF tokens), created at random on first use (the
 * first writer wins, so every server of the database reads the same one): len bytes (at
 * most 64) into out. */
int store_site_secret(struct store *st, const char *name, unsigned char *out, size_t len);

/* ---- throttles ----
 * Counters in fixed windows, kept in the database so that every server of one database
 * counts together and a restart forgets nothing. kind names the counter (1 to 32 bytes,
 * e.g. "query_fail"), subject whom it counts (a client address); the table keeps only a
 * keyed hash of kind and subject. A window opens at a subject's first use and lasts
 * window seconds; a use after it (or before it: a clock set back) opens a new one. Expired
 * rows are deleted as new uses are counted. */

/* The uses of subject counted in its window as of now (0 when none): 0 or an error
 * (ZF_EINVAL for an empty kind, a NULL subject, a window <= 0). */
int store_throttle_get(struct store *st, const char *kind, const char *subject, int window,
		       time_t now, int *hits);
/* Counts one use of subject at now, in one write (uses counted at once by several servers
 * all count); *hits (may be NULL) gets the count in the window, this use included. */
int store_throttle_hit(struct store *st, const char *kind, const char *subject, int window,
		       time_t now, int *hits);

#endif
