/* audit.h: reading the audit log (db.h's store_audit writes it): the lines an administrator
 * may see, filtered by actor, action, object, agency and time, newest first.
 *
 * Whose line is it: a line belongs to the agency of its actor (the user of that login). An
 * administrator sees the lines of the agencies he administers (his agency and those below
 * it); lines of actors who are no user (the CLI, the demo, "system") are shown only to one
 * who administers every agency. Times are stored in UTC; filters and display use Beijing
 * time (UTC+8). */
#ifndef ZF_STORE_AUDIT_H
#define ZF_STORE_AUDIT_H

#include "store/db.h"

struct audit_filter {
	/* The agencies whose users' lines may be read (required: none means no rows), at most
	 * 10000; all_actors adds the lines of actors who are no user. */
	const long long *agencies;
	size_t nagencies;
	bool all_actors;
	long long agency_id; /* 0, or only the lines of users of this agency (of the above) */
	const char *actor;   /* NULL/"": any; else a login, or a part of a display name */
	const char *action;  /* NULL/"": any; else the action or its prefix ("request.") */
	/* NULL/"": any; a request number ("12", "第12号") means "request:12"; other text is
	 * a prefix of the object ("user:", "doc:3"). */
	const char *object;
	zf_day from, to; /* Beijing days, inclusive; 0 = open */
	size_t limit;	 /* 0 = 50; at most 5000 */
	size_t offset;
};

struct audit_row {
	long long id;
	const char *at;		 /* as stored: UTC */
	const char *actor;	 /* the login */
	const char *actor_name;	 /* display name; the login when the actor is no user or has none */
	const char *agency_name; /* the actor's agency; "" when no user */
	const char *action;
	const char *object;
	const char *detail;
};

/* Lists the lines matching f, newest first (from arena): 0, ZF_EINVAL (limits), ZF_EDB. */
int store_audit_query(struct store *st, struct arena *arena, const struct audit_filter *f,
		      struct audit_row **out, size_t *n);
/* How many lines match f without limit and offset. */
int store_audit_query_count(struct store *st, const struct audit_filter *f, long long *count);

/* Writes a stored UTC time ("2026-12-06T13:05:09Z", milliseconds allowed) as Beijing time
 * "2026-12-06 21:05:09" into out; copies the text when it is not of that shape. */
char *audit_time_beijing(const char *utc, char out[20]);

/* The distinct actions of the log, sorted (from arena; for the filter's choices). */
int store_audit_actions(struct store *st, struct arena *arena, const char ***out, size_t *n);

#endif
