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

#define PASSWORD_MIN_CHARS 10 /* the default of the setting password_min_length */
#define PASSWORD_MIN_FLOOR 8  /* no setting goes below this */
#define PASSWORD_HISTORY   5  /* the default of the setting password_history */
#define PASSWORD_MAX_BYTES 256

/* The password rules a site may set (web config password_min_length, password_history). */
struct password_policy {
	int min_chars; /* at least this many characters (raised to PASSWORD_MIN_FLOOR) */
	int history;   /* a new password may not be any of the last this many (0: no check) */
};

/* Checks a new password against the rules of GB/T 22239-2019 (等保 level 3) as this site
 * keeps them: at least min_chars characters (<= 0: PASSWORD_MIN_CHARS), at least three of
 * the four classes upper-case letter, lower-case letter, digit, other character (symbols,
 * spaces, Chinese characters), not only white space, not containing the login (any case),
 * not one of a built-in list of common passwords (any case), at most 256 bytes of valid
 * UTF-8. 0, or ZF_EINVAL with a Chinese reason naming the rule in err. */
int password_check(const char *login, const char *password, int min_chars, struct buf *err);
/* A random password for resets and new accounts: 14 characters from an unambiguous set,
 * with an upper-case letter, a lower-case letter and a digit. */
void password_generate(char out[15]);

/* Who changes an account. A console user (id > 0) may change only accounts it dominates
 * (store_user_may_change); the machine's operator (id 0: the CLI, setup, the demo's
 * seeding) is not restricted. name goes to the audit log; policy (NULL: the defaults) gives
 * the password rules. */
struct user_actor {
	const char *name;
	long long id;
	const struct password_policy *policy;
};
/* The operator acting under the name n, with the default password rules. */
#define USER_OPERATOR(n) (&(const struct user_actor){(n), 0, NULL})

enum user_pw_flags {
	/* the password was made for the user by someone else (generated): the user must
	 * choose a new one at the next sign-in */
	USER_PW_MUST_CHANGE = 1 << 0,
};

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
	bool must_change;    /* must choose a new password at the next sign-in */
	const char *roles;   /* "经办人@示例区人民政府，…" for lists; may be "" */
};

struct user_grant {
	long long agency_id;
	enum user_role role;
};

/* Adds a user of agency_id with a password (checked by password_check; flags: enum
 * user_pw_flags). Errors: ZF_EINVAL (bad login: 1-64 of [a-z0-9._-], taken, bad password,
 * name), ZF_ENOENT (no such agency), ZF_EPERM (by does not administer agency_id), with a
 * Chinese reason in err. */
int store_user_add(struct store *st, const struct user_actor *by, const char *login,
		   const char *name, long long agency_id, const char *password, unsigned flags,
		   long long *id, struct buf *err);
/* Sets a new password (checked, and not one of the user's last policy->history ones),
 * clears the lock and ends the user's sessions. flags: enum user_pw_flags. */
int store_user_set_password(struct store *st, const struct user_actor *by, long long user_id,
			    const char *password, unsigned flags, struct buf *err);
/* A user changes their own password: old must be the current one (ZF_EPERM otherwise); the
 * new one is checked as by store_user_set_password; the must-change mark is cleared and
 * every session of the user but keep_token's (may be NULL) ends. */
int store_user_change_password(struct store *st, long long user_id,
			       const struct password_policy *policy, const char *old,
			       const char *password, const char *keep_token, struct buf *err);
/* Grants role over agency_id (and the agencies below it); granting again is no change. */
int store_user_grant(struct store *st, const struct user_actor *by, long long user_id,
		     long long agency_id, enum user_role role, struct buf *err);
int store_user_revoke(struct store *st, const struct user_actor *by, long long user_id,
		      long long agency_id, enum user_role role, struct buf *err);
/* Activates or deactivates a user (deactivation ends their sessions). */
int store_user_set_active(struct store *st, const struct user_actor *by, long long user_id,
			  bool active, struct buf *err);
/* Clears the failure count and the lock. */
int store_user_unlock(struct store *st, const struct user_actor *by, long long user_id,
		      struct buf *err);

/* The one rule of every change of an account by a console user: by may change user_id
 * only when it holds the admin role over the user's own agency and, over every agency on
 * which the user holds a role, at least that role; a grant or revoke of a role on
 * agency_id (0: none) also needs the admin role over agency_id. So nobody gains, through
 * another's account, a role they do not hold. The operator (by->id 0) may do anything.
 * 0, ZF_EPERM with a Chinese reason in err, ZF_ENOENT (no such user) or an error. Every
 * store_user_* change above applies it inside its write. */
int store_user_may_change(struct store *st, const struct user_actor *by, long long user_id,
			  long long agency_id, struct buf *err);

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
/* Like store_session_user, and ends a session not used for idle_seconds (> 0): then
 * *timed_out is set and *user_id is 0. A live session's last use is written at most once
 * a minute (every quarter of idle_seconds when that is shorter), so every server of the
 * database agrees on it without a write per request. */
int store_session_use(struct store *st, const char *token, time_t now, int idle_seconds,
		      long long *user_id, bool *timed_out);
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
