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

/* ---- the hash chain (tamper evidence, GB/T 22239-2019 level 3) ----
 * Every line stores hash = SHA-256(previous line's hash || "\n" || id TAB at TAB actor TAB
 * action TAB object TAB detail) in lower-case hex, the fields with \ and control bytes
 * written as \xx; the line before the first is 64 zeros. store_audit (db.h) extends the
 * chain inside the writer's transaction, so it stays linear with several servers on one
 * database. A line edited in the database breaks its own hash; a line deleted or inserted
 * breaks the next one's. */
#define AUDIT_HASH_HEX 65 /* 64 hex digits and the NUL */

/* The hash of one line after prev (64 hex digits) into out. */
void audit_line_hash(const char *prev, long long id, const char *at, const char *actor,
		     const char *action, const char *object, const char *detail,
		     char out[AUDIT_HASH_HEX]);

enum audit_break {
	AUDIT_INTACT,
	AUDIT_MISMATCH,	 /* the line or one before it was edited, deleted or inserted */
	AUDIT_UNCHAINED, /* a line without hash where the chain should go on */
};

struct audit_verify {
	long long lines;     /* lines verified before the break (all when intact) */
	long long broken_id; /* the first line that does not fit; 0 when intact */
	long long prev_id;   /* the last good line before it (0: none) */
	enum audit_break reason;
	long long head_id;	   /* the last good line */
	char head[AUDIT_HASH_HEX]; /* its hash: write it down to notice a cut-off tail */
};

/* Walks the whole chain in id order: 0 with v filled (v->broken_id names the first line
 * that breaks it), or a database error. Reads only. */
int store_audit_verify(struct store *st, struct audit_verify *v);
/* Chains the lines written before the chain existed (store_audit does it too, first):
 * 0 with *chained set. */
int store_audit_chain(struct store *st, long long *chained);

/* ---- retention (GB/T 22239-2019 level 3: audit records kept at least six months) ---- */
#define AUDIT_MIN_RETENTION_DAYS 183

/* One line as stored, with its hash (for the export before a prune). */
struct audit_line {
	long long id;
	const char *at, *actor, *action, *object, *detail, *hash;
};
/* The lines with id <= upto_id, oldest first (from arena). */
int store_audit_lines_upto(struct store *st, struct arena *arena, long long upto_id,
			   struct audit_line **out, size_t *n);

/* The id of the newest line written before Beijing day `before` (0: none). */
int store_audit_prunable(struct store *st, zf_day before, long long *upto_id);
/* Removes the lines up to upto_id, all written before `before`, which must lie at least
 * keep_days (>= AUDIT_MIN_RETENTION_DAYS) in the past; the caller exported them first
 * (export_sha: the SHA-256 of the export file). Records the last removed line's hash in
 * audit_prunes, where the chain goes on, and writes an "audit.prune" line. 0 with *deleted,
 * ZF_EINVAL (too recent, bad arguments), ZF_ENOENT (no such chained line before the bound). */
int store_audit_prune(struct store *st, zf_day before, int keep_days, long long upto_id,
		      const char *export_sha, const char *actor, long long *deleted);

/* The distinct actions of the log, sorted (from arena; for the filter's choices). */
int store_audit_actions(struct store *st, struct arena *arena, const char ***out, size_t *n);

#endif
