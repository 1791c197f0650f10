/* db_backend.h: private to src/store/. What a database backend provides to db.c.
 * A backend's connection struct starts with a struct store, so db.c can dispatch on ops. */
#ifndef ZF_DB_BACKEND_H
#define ZF_DB_BACKEND_H

#include "store_int.h"

struct clock_status;
struct request_filter;
struct request_handler;
struct request_kept;
struct request_meta;
struct request_row2;

struct store_ops {
	const char *name;
	int latest_version;
	int (*open)(const char *target, struct store **out, struct buf *err);
	void (*close)(struct store *st);
	int (*migrate)(struct store *st, int *applied, struct buf *err);
	int (*schema_version)(struct store *st, int *version);
	int (*ping)(struct store *st);
	int (*begin)(struct store *st);
	int (*commit)(struct store *st);
	int (*rollback)(struct store *st);
	int (*agency_add)(struct store *st, long long parent_id, const char *name,
			  enum agency_kind kind, long long *id);
	int (*agency_count)(struct store *st, long long *count);
	int (*agency_list)(struct store *st, struct arena *arena, struct agency **out, size_t *n);
	int (*audit)(struct store *st, const char *actor, const char *action, const char *object,
		     const char *detail);
	int (*audit_count)(struct store *st, long long *count);
	/* nested transactions: a savepoint inside a batch, a transaction outside one */
	int (*savepoint)(struct store *st);
	int (*release)(struct store *st);
	int (*rollback_to)(struct store *st);
	int (*agency_exists)(struct store *st, long long id, bool *exists);
	int (*agency_subtree)(struct store *st, long long id, bool subordinates, long long **ids,
			      size_t *n);
	/* inserts the applicant and the request (not its events) */
	int (*request_insert)(struct store *st, const struct request_new *rq,
			      const struct clock_event *received, long long *id);
	int (*request_event_insert)(struct store *st, long long request_id, int seq,
				    const struct clock_event *ev);
	/* rewrites the outcome kept beside the request (closed_on 0 = open) */
	int (*request_outcome)(struct store *st, long long request_id, const char *state,
			       zf_day closed_on, const char *report_row);
	int (*request_get)(struct store *st, struct arena *arena, long long id,
			   struct request_record *out);
	int (*request_list)(struct store *st, struct arena *arena, long long agency_id,
			    size_t limit, struct request_row **out, size_t *n);
	int (*request_count)(struct store *st, long long *count);
	int (*review_insert)(struct store *st, const struct review_new *rv, long long *id);
	/* loads one case (body left NULL): 0 or ZF_ENOENT */
	int (*review_get)(struct store *st, long long id, struct review_row *out);
	int (*review_decide)(struct store *st, long long id, enum report_t4_field outcome,
			     zf_day on);
	int (*review_list)(struct store *st, struct arena *arena, long long agency_id,
			   struct review_row **out, size_t *n);
	int (*report_cases)(struct store *st, const long long *agencies, size_t nagencies, int year,
			    struct report_gen_request **req, size_t *nreq,
			    struct report_gen_review **rev, size_t *nrev);

	/* ---- optional: the requests area (requests.h) on a backend other than SQLite ----
	 * The area's public functions call sqlite_handle(); where it is NULL they call these,
	 * and answer ZF_EDB when a member is NULL. Arguments are already checked by the caller.
	 * The SQLite backend leaves them NULL. */
	/* inserts the applicant and the request with what the clock says of its whole history
	 * (cs) and a new query code; not its events */
	int (*request_insert_kept)(struct store *st, const struct request_new *rq,
				   const struct clock_event *received,
				   const struct clock_status *cs, long long handler_user_id,
				   long long *id);
	/* rewrites state, closed_on, report_row and due_on from cs */
	int (*request_cache_outcome)(struct store *st, long long id, const struct clock_status *cs);
	int (*request_load_kept)(struct store *st, struct arena *arena, long long after_id,
				 size_t max, struct request_kept **out, size_t *n);
	int (*request_handlers)(struct store *st, struct arena *arena, long long agency_id,
				struct request_handler **out, size_t *n);
	/* the whole of store_letter_number (next) / store_letter_number_reserve, audit line
	 * included */
	int (*letter_counter)(struct store *st, const char *actor, long long agency_id, int year,
			      bool next, int *n);
	int (*letter_number_last)(struct store *st, long long agency_id, int year, int *last);
	/* code is already canonical (request_code_normalize) */
	int (*request_by_code)(struct store *st, const char *code, long long *id);
	int (*request_query_code)(struct store *st, long long id, struct arena *arena,
				  const char **code);
	int (*request_meta)(struct store *st, struct arena *arena, long long id,
			    struct request_meta *out);
	int (*request_queue)(struct store *st, struct arena *arena, const struct request_filter *f,
			     struct request_row2 **out, size_t *n);
	int (*request_queue_count)(struct store *st, const struct request_filter *f,
				   long long *count);
};

extern const struct store_ops store_sqlite_ops;

/* Transitional (until the request core is ported to the driver): db_sqlite.c's state on an
 * SQLite connection, attached by store_open and freed by store_close. */
void store_legacy_attach(struct store *st);
void store_legacy_free(struct store *st);

#endif
