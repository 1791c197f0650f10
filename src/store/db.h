/* db.h: the store, zfxxgk's one interface to its database. Callers never see the engine:
 * a struct store is one connection, opened from a target string: an SQLite file (any path),
 * or a PostgreSQL database (a libpq URI, "postgresql://..." or "postgres://..."). Every table
 * and query of every area (agencies.c, requests.c, auth.c, documents.c, ...) is written once,
 * in portable SQL, against the narrow driver of driver.h; see docs/storage.md. A struct store
 * is used by one thread at a time; a server gives each worker thread its own through a
 * struct store_pool. */
#ifndef ZF_STORE_DB_H
#define ZF_STORE_DB_H

#include "buf.h"
#include "law/clock.h"
#include "law/report_gen.h"

struct arena;
struct store;
struct store_pool;

/* Opens a connection to target. SQLite: the file's directory must exist; the file is
 * created when missing. PostgreSQL: the database must exist and be UTF8; libpq's
 * environment (PGPASSWORD, ~/.pgpass, PGHOST...) fills what the URI leaves out. On failure
 * returns ZF_ENOENT/ZF_EDB/ZF_EINVAL (a malformed URI) and writes a Chinese message to err
 * (if not NULL), naming the target without its password. Returns an owned handle in *out:
 * free with store_close. */
int store_open(const char *target, struct store **out, struct buf *err);
void store_close(struct store *st);
/* True when target names a PostgreSQL database (a postgresql:// or postgres:// URI). */
bool store_target_is_pg(const char *target);
/* Appends target to out as it may be shown or logged: a PostgreSQL URI's password (in the
 * user part or a password= parameter) is replaced by "***"; a file path is unchanged. */
void store_target_redact(const char *target, struct buf *out);
/* Name of the backend ("sqlite", "postgresql"). */
const char *store_backend(const struct store *st);

/* Applies every migration not yet recorded in schema_migrations, each in its own
 * transaction; running it again does nothing. Stores how many were applied in *applied
 * (may be NULL). Refuses (ZF_ESTATE) a database newer than this program. */
int store_migrate(struct store *st, int *applied, struct buf *err);
/* The highest migration applied (0 for an empty database), and the highest this program
 * knows. */
int store_schema_version(struct store *st, int *version);
int store_schema_latest(const struct store *st);

/* A canonical text dump of every table of the schema: tables by name, each row as its
 * columns' values (NULL as \N) on one line, rows sorted; the same on both engines for the
 * same content. For tests and db copy. */
int store_dump(struct store *st, struct buf *out);

/* Copies every table of `from` into the empty database `to` (any engine to any engine): the
 * target is migrated, the rows copied in one transaction (nothing is kept on error), then
 * counted and checksummed on both sides. Refuses a target that has tables (ZF_EEXIST) and a
 * source not at this program's schema version (ZF_ESTATE); the reason in err. On success
 * *out lists what was copied (from arena). cb (may be NULL) is told the progress. */
struct store_copy_table {
	const char *name;
	bool skipped; /* a table one engine keeps and the other rebuilds */
	long long rows_from, rows_to;
	char sum_from[65], sum_to[65]; /* SHA-256 of the sorted rows, hex */
};
typedef void (*store_copy_progress)(void *ctx, const char *table, long long done, long long total);
int store_copy(struct store *from, struct store *to, struct arena *a, store_copy_progress cb,
	       void *ctx, struct store_copy_table **out, size_t *nout, struct buf *err);

/* The tables of the schema (by name) and their row counts, from arena. */
int store_table_rows(struct store *st, struct arena *a, const char ***names, long long **rows,
		     size_t *n);

/* True once the connection to the database is lost (the server went away): the pool then
 * opens a new one instead of reusing it, and the web layer answers 503. */
bool store_broken(const struct store *st);

/* Checks that the connection answers a trivial query: 0 or ZF_EDB. */
int store_ping(struct store *st);

/* 机关: one node of the agency tree (a government and its departments, towns...). */
enum agency_kind {
	AGENCY_GOVERNMENT,
	AGENCY_DEPARTMENT,
	AGENCY_TOWN,
	AGENCY_OTHER,
};

struct agency {
	long long id;
	long long parent_id; /* 0 for a root */
	const char *name;
	enum agency_kind kind;
	int depth;   /* 0 for a root, filled by store_agency_list */
	bool closed; /* 撤销 (store/agencies.h): kept for history, hidden from new work */
};

/* Returns the stable identifier of a kind ("government", ...) or NULL. */
const char *agency_kind_name(enum agency_kind kind);
/* Maps a kind's stable name back to the enum: 0 or ZF_EINVAL. */
int agency_kind_parse(const char *name, enum agency_kind *out);
/* Adds an agency under parent_id (0 = root); stores its id in *id (may be NULL).
 * ZF_EINVAL for an empty or over-long name or an unknown parent. */
int store_agency_add(struct store *st, long long parent_id, const char *name, enum agency_kind kind,
		     long long *id);
/* Counts the agencies. */
int store_agency_count(struct store *st, long long *count);
/* Lists agencies in tree order (each parent before its children, siblings by id); the
 * array and the names are allocated from arena. */
int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n);

/* Appends one line to the audit log (append-only: the database refuses to change it).
 * actor is who did it ("system", a user name), action a stable verb ("agency.add"). */
int store_audit(struct store *st, const char *actor, const char *action, const char *object,
		const char *detail);
/* Counts the audit log lines. */
int store_audit_count(struct store *st, long long *count);

/* A fixed set of connections to one target, opened lazily, shared by server threads.
 * Returns an owned pool (free with store_pool_free, after every connection came back). */
struct store_pool *store_pool_new(const char *target, size_t size);
void store_pool_free(struct store_pool *pool);
/* Takes a connection, opening it if needed (waits while all are taken). Returns NULL when
 * the database cannot be opened; give a connection back with store_pool_put. */
struct store *store_pool_get(struct store_pool *pool);
/* Returns a connection; broken = true closes it, so that the next get reopens it. */
void store_pool_put(struct store_pool *pool, struct store *st, bool broken);

/* ---- batches ----
 * Every write function below runs in its own transaction (a savepoint when a batch is
 * open): on error the database is exactly as before the call. A batch groups many writes
 * into one transaction, for imports and the demo; the writes inside stay all-or-nothing
 * each. */
int store_batch_begin(struct store *st);
int store_batch_commit(struct store *st);
int store_batch_rollback(struct store *st);
/* One all-or-nothing write for area modules (auth, docs, web): store_write_begin opens a
 * savepoint (inside a batch) or a transaction; store_write_end(st, rc) keeps the writes when
 * rc is 0 and undoes them otherwise, returning rc or the error of keeping them. */
int store_write_begin(struct store *st);
int store_write_end(struct store *st, int rc);

/* True (in *exists) when an agency with this id exists. */
int store_agency_exists(struct store *st, long long id, bool *exists);
/* The ids of an agency and, with subordinates, of every agency below it (owned, free()). */
int store_agency_subtree(struct store *st, long long id, bool subordinates, long long **ids,
			 size_t *n);

/* ---- requests (依申请公开) ----
 * A request is its applicant, its agency and its dated events; state, due date and report
 * row are computed by the clock (law/clock.h). The store keeps a copy of the outcome
 * (state, closed_on, report row) beside the request, rewritten by the clock in the same
 * transaction as each event, so that the annual report is one indexed query. */

/* A new request. Personal data (id_no, phone, address) is stored, shown to clerks, and
 * never written to logs or to the audit log. Strings are borrowed; NULL = none. */
struct request_new {
	long long agency_id;
	enum report_t3_col applicant_type; /* never REPORT_COL_TOTAL */
	const char *applicant_name;	   /* required */
	const char *id_no;		   /* 身份证号 or 统一社会信用代码 */
	const char *phone;
	const char *address;
	const char *description; /* 申请内容, required */
};

/* Adds a request with its history ev[0..n) (ev[0] is RECEIVED; n >= 1). The whole history
 * must pass clock_check. On error returns ZF_ENOENT (unknown agency), ZF_EINVAL (a field),
 * or the clock's ZF_ESTATE/ZF_EINVAL/ZF_ERANGE, with a Chinese reason in err (may be NULL).
 * actor is who did it. Stores the new id in *id (may be NULL). */
int store_request_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct request_new *rq, const struct clock_event *ev, size_t n,
		      long long *id, struct buf *err);
/* Appends one event after checking it with clock_apply against the stored history. Errors
 * as store_request_add (ZF_ENOENT: no such request); *seq (may be NULL) gets its number. */
int store_request_event(struct store *st, const char *actor, const struct calendar *cal,
			long long request_id, const struct clock_event *ev, int *seq,
			struct buf *err);

/* A stored request; strings and events are allocated from the arena passed in. */
struct request_record {
	long long id;
	long long agency_id;
	const char *agency_name;
	enum report_t3_col applicant_type;
	const char *applicant_name;
	const char *id_no, *phone, *address; /* personal data: "" when none */
	const char *description;
	struct clock_event *events;
	size_t nevents;
};
/* Loads a request and its events: 0, ZF_ENOENT, ZF_EDB or ZF_ENOMEM. */
int store_request_get(struct store *st, struct arena *arena, long long id,
		      struct request_record *out);

/* One line of a request list (no personal data). */
struct request_row {
	long long id;
	long long agency_id;
	enum report_t3_col applicant_type;
	zf_day received_on;
	zf_day closed_on;	/* 0 while open */
	const char *state;	/* clock state key */
	const char *report_row; /* "" while open */
	const char *description;
};
/* Lists requests, newest first, of one agency (0 = all), at most limit (0 = no limit);
 * the array and strings come from arena. */
int store_request_list(struct store *st, struct arena *arena, long long agency_id, size_t limit,
		       struct request_row **out, size_t *n);
/* Counts requests. */
int store_request_count(struct store *st, long long *count);

/* ---- 行政复议 / 行政诉讼 ---- */
struct review_new {
	long long request_id;
	enum report_t4_group kind; /* review, litigation_direct, litigation_after_review */
	zf_day filed_on;
	const char *body; /* 复议机关 or court; may be NULL */
};
/* Adds a case linked to a request: 0, ZF_ENOENT (no such request), ZF_EINVAL (filed before
 * the request was received), reason in err. */
int store_review_add(struct store *st, const char *actor, const struct review_new *rv,
		     long long *id, struct buf *err);
/* Records the decision of a pending case (outcome UPHELD, CORRECTED or OTHER): 0,
 * ZF_ENOENT, ZF_ESTATE (already decided), ZF_EINVAL (date before filing). */
int store_review_decide(struct store *st, const char *actor, long long review_id,
			enum report_t4_field outcome, zf_day on, struct buf *err);
struct review_row {
	long long id;
	long long request_id;
	long long agency_id;
	enum report_t4_group kind;
	zf_day filed_on;
	zf_day decided_on;	      /* 0 while pending */
	enum report_t4_field outcome; /* REPORT_T4_PENDING while pending */
	const char *body;
};
/* Lists cases of one agency (0 = all), newest first; array and strings from arena. */
int store_review_list(struct store *st, struct arena *arena, long long agency_id,
		      struct review_row **out, size_t *n);

/* ---- annual report ----
 * The summaries report_gen needs for `year` over the given agencies: requests received by
 * 31 December and not closed before 1 January, review cases likewise. Arrays are owned
 * (free()). */
int store_report_cases(struct store *st, const long long *agencies, size_t nagencies, int year,
		       struct report_gen_request **req, size_t *nreq,
		       struct report_gen_review **rev, size_t *nrev);
/* The same input grouped for report_gen: one entry per applicant column, new or carried
 * over, and outcome in the year (or still open), with its count in n; the annual report of
 * a city's million requests reads a few hundred rows. */
int store_report_counts(struct store *st, const long long *agencies, size_t nagencies, int year,
			struct report_gen_request **req, size_t *nreq,
			struct report_gen_review **rev, size_t *nrev);

#endif
