/* requests.h: the clerks' side of requests, beyond db.h: the queue of open requests by due
 * date, handlers, the query code an applicant uses to look a request up, letter numbers
 * (〔2026〕第12号), the bulk add of imports and the demo, and the rebuild of the outcome kept
 * beside each request (after a calendar update).
 *
 * What the store keeps beside a request, rewritten from its events by the clock in the same
 * transaction as every event (migration 4): state, closed_on, report_row and due_on (the
 * clock's current due date; NULL when closed, and while a supplement is awaited, because the
 * period does not run then). Every request has a query code: new ones get theirs when added,
 * older ones got theirs when migration 4 ran. Requests stored before migration 4 have no
 * due_on until `zfxxgk request rebuild` (or store_request_rebuild) ran once.
 *
 * Personal data (the applicant's name, ID number, phone, address) is shown to clerks and never
 * written to logs or the audit log. Writes are all-or-nothing and audited. */
#ifndef ZF_STORE_REQUESTS_H
#define ZF_STORE_REQUESTS_H

#include "store/db.h"

/* ---- query codes ----
 * 12 characters drawn at random (libsodium) from 31 that cannot be mistaken for each other
 * (no 0/O, 1/I/L): about 59 bits, so guessing one is hopeless without the web's rate limit
 * too. The applicant gets it on the acknowledgement (回执) and types it on the public site. */
#define REQUEST_CODE_LEN      12
#define REQUEST_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* Writes a new random code and its NUL into out. */
void request_code_generate(char out[REQUEST_CODE_LEN + 1]);
/* Reads a code as typed: ASCII and full-width letters and digits, lower case accepted,
 * spaces and hyphens ignored ("abcd-efgh-jkmn", "ＡＢＣＤ ..."). Writes the canonical code
 * into out: 0, or ZF_EINVAL when it is not 12 characters of the alphabet. */
int request_code_normalize(const char *in, char out[REQUEST_CODE_LEN + 1]);
/* The request with this code (as typed; normalised first): 0, ZF_EINVAL (not a code),
 * ZF_ENOENT (no such request). */
int store_request_by_code(struct store *st, const char *code, long long *id);
/* The code of request id, from arena: 0 or ZF_ENOENT. */
int store_request_query_code(struct store *st, long long id, struct arena *arena,
			     const char **code);

/* ---- what is kept beside one request ---- */
struct request_meta {
	long long id;
	long long agency_id;
	enum clock_channel channel;
	const char *state; /* clock state key */
	zf_day received_on;
	zf_day due_on;		   /* 0 when closed, awaiting a supplement, or not rebuilt yet */
	zf_day closed_on;	   /* 0 while open */
	const char *report_row;	   /* "" while open */
	long long handler_user_id; /* 0 = nobody */
	const char *handler_name;  /* the user's display name (login when none); "" = nobody */
	const char *query_code;
};
/* Loads it (strings from arena): 0 or ZF_ENOENT. */
int store_request_meta(struct store *st, struct arena *arena, long long id,
		       struct request_meta *out);

/* Chinese label of a clock state key ("processing" → "办理中"); "" when unknown. */
const char *request_state_label(const char *state);

/* ---- the queue ---- */
#define REQUEST_UNASSIGNED (-1LL) /* handler_user_id filter: requests nobody handles */

/* The queue's column orders (ties broken by request number). */
enum request_sort {
	REQUEST_SORT_DEFAULT = 0,
	REQUEST_SORT_RECEIVED, /* date received */
	REQUEST_SORT_DUE,      /* due date, those without one last */
	REQUEST_SORT_STATE,    /* state key, then due date */
	REQUEST_SORT_HANDLER,  /* the handler's display name, nobody first */
};

struct request_filter {
	/* The agencies the caller may see (required: none means no rows). At most 10000. */
	const long long *agencies;
	size_t nagencies;
	/* NULL or "open": every open request; "closed"; "all"; or one clock state key
	 * (processing, awaiting_supplement, consulting, awaiting_fee, replied,
	 * closed_no_supplement, closed_fee_unpaid, withdrawn). */
	const char *state;
	long long handler_user_id; /* 0 = anyone's, REQUEST_UNASSIGNED, or a user id */
	zf_day today;		   /* 0 = date_today() */
	/* Working days are counted with cal; NULL = Monday to Friday. */
	const struct calendar *cal;
	bool overdue_only; /* only requests with due_on < today */
	int due_within;	   /* only requests due within this many working days of today,
			      overdue ones included (0 = no bound) */
	int soon_days;	   /* due_soon marks requests due within this many working days
			      (0 = 5) */
	size_t limit;	   /* 0 = 50; at most 1000 */
	size_t offset;
	/* NULL or "": no search. Otherwise a query code as typed (the one request with that
	 * code), a request number ("12", "第12号": that request, or applicants whose name
	 * holds the digits), or a part of the applicant's name. At most 100 bytes. */
	const char *search;
	enum request_sort sort; /* REQUEST_SORT_DEFAULT: as described at store_request_queue */
	bool descending;	/* with a sort other than the default */
};

/* One line of the queue (row2: richer than db.h's request_row). */
struct request_row2 {
	long long id;
	long long agency_id;
	const char *agency_name;
	const char *applicant_name; /* personal data: for clerks' pages only */
	enum report_t3_col applicant_type;
	enum clock_channel channel;
	const char *description;
	zf_day received_on;
	zf_day due_on;	  /* 0 = none (closed, awaiting a supplement) */
	zf_day closed_on; /* 0 while open */
	const char *state;
	const char *report_row; /* "" while open */
	long long handler_user_id;
	const char *handler_name; /* "" = nobody */
	int days_left;		  /* working days from today to due_on, negative when past;
				     valid when due_on != 0 */
	bool overdue;		  /* open and today > due_on */
	bool due_soon;		  /* open, not overdue, days_left <= soon_days */
};

/* Lists requests matching f. Open states (the default) come by due date, earliest first
 * (those without a due date last), then by date received; "closed" and "all" come newest
 * first (the last registered first: fast on a million requests). The array and strings are
 * from arena. 0, ZF_EINVAL (unknown state, limits), ZF_EDB. */
int store_request_queue(struct store *st, struct arena *arena, const struct request_filter *f,
			struct request_row2 **out, size_t *n);
/* How many rows the same filter matches without limit and offset (for paging). */
int store_request_queue_count(struct store *st, const struct request_filter *f, long long *count);

/* Sets the clerk handling a request (0 = nobody). The user must exist and be active; whether
 * the actor may assign and the user may handle that agency is the caller's check. Setting
 * the same handler again changes nothing. 0, ZF_ENOENT (request, user), ZF_EINVAL (inactive
 * user), reason in err (may be NULL). */
int store_request_assign(struct store *st, const char *actor, long long id,
			 long long handler_user_id, struct buf *err);

/* Sets the handler of every request ids[0..n) (0 = nobody) in one all-or-nothing write,
 * one audit line per request changed ("request.assign"). Each request must belong to one of
 * the agencies scope[0..nscope) (those the actor may handle) and the handler must be able
 * to handle its agency (store_request_handlers); otherwise nothing is written: ZF_ENOENT
 * for a request out of scope or missing (told like a missing one), ZF_EINVAL for a handler
 * who may not handle it, with the request's number in *bad (may be NULL) and a Chinese
 * reason in err. At most 1000 requests. */
int store_request_assign_many(struct store *st, const char *actor, const long long *ids, size_t n,
			      long long handler_user_id, const long long *scope, size_t nscope,
			      long long *bad, struct buf *err);

/* ---- corrections ----
 * A mistaken event is corrected, never deleted: the event as it was is kept in
 * request_event_corrections (who, when, why) and the corrected one takes its place in the
 * history, same number (seq), so notices, letters and the order of events stay as they are.
 * The corrected history must pass every check of a new one (no date ahead of today, none
 * before the event it follows, the clock's rules); the state, the due date and the report
 * row are computed again from it in the same write. The kind of an event cannot change; a
 * reply keeps its decision and its letter number (only its date, and the letter's date, are
 * corrected). See docs/console.md, "更正办理记录". */
struct request_correction {
	long long id;
	int seq;		  /* the event corrected */
	const char *corrected_at; /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	const char *corrected_by; /* login */
	const char *by_name;	  /* display name (login when none) */
	const char *reason;
	struct clock_event before; /* the event as it was */
};
/* Replaces event seq of request_id by fixed (same kind), with a required reason (at most
 * 500 characters). 0; ZF_ENOENT (request, event); ZF_EINVAL/ZF_ESTATE/ZF_ERANGE (refused,
 * reason in err, nothing written). Audited ("request.correct"). *correction_id may be NULL. */
int store_request_correct(struct store *st, const char *actor, const struct calendar *cal,
			  long long request_id, int seq, const struct clock_event *fixed,
			  const char *reason, long long *correction_id, struct buf *err);
/* The corrections of a request, oldest first (from arena). */
int store_request_corrections(struct store *st, struct arena *arena, long long request_id,
			      struct request_correction **out, size_t *n);

/* ---- trends (the dashboard's charts) ---- */
#define REQUEST_TREND_MONTHS 12
struct request_trends {
	int first_year, first_month; /* the oldest of the months, the last is today's */
	long long received[REQUEST_TREND_MONTHS]; /* by month received */
	long long replied[REQUEST_TREND_MONTHS];  /* answered (state replied), by month */
	/* late: replied after the due date (by month of the reply), and open requests whose
	 * due date passed in that month */
	long long overdue[REQUEST_TREND_MONTHS];
	long long outcomes[6]; /* closed in the months, by enum decision_group (table 3) */
};
/* Counts the requests of agencies[0..n) for the twelve months ending with today's (today
 * 0 = date_today()); late replies are found by computing each answered request's clock
 * with cal. 0 or ZF_EINVAL/ZF_EDB/ZF_ENOMEM. */
int store_request_trends(struct store *st, const long long *agencies, size_t n,
			 const struct calendar *cal, zf_day today, struct request_trends *out);

/* ---- letter numbers ----
 * One sequence per agency and year, 1, 2, 3…; the caller formats the number
 * (示政依复〔2026〕第12号). A number is never handed out twice, also when two connections ask at
 * once; a number taken by a write that is then undone is given again. */
int store_letter_number(struct store *st, const char *actor, long long agency_id, int year, int *n);
/* Makes the next number at least at_least + 1 (numbers used before zfxxgk, or by the demo). */
int store_letter_number_reserve(struct store *st, const char *actor, long long agency_id, int year,
				int at_least);
/* The last number handed out (0 = none yet); reads only. */
int store_letter_number_last(struct store *st, long long agency_id, int year, int *last);

/* ---- handlers ---- */
struct request_handler {
	long long user_id;
	const char *name; /* display name, login when none */
	const char *role; /* the strongest of "clerk", "reviewer", "admin" */
};
/* The active users who may handle requests of agency_id: those with a clerk, reviewer or
 * admin role over it or over an agency above it, by user id (from arena). */
int store_request_handlers(struct store *st, struct arena *arena, long long agency_id,
			   struct request_handler **out, size_t *n);

/* ---- bulk add ---- */
/* Checks the fields of a new request as store_request_add does: 0 or ZF_EINVAL with a
 * Chinese reason in err (may be NULL). For forms, before anything else. */
int store_request_validate(const struct request_new *rq, struct buf *err);
/* Refuses events dated ahead of today (today 0 = date_today(), Beijing): their date, raw
 * arrival or delivery. 0, or ZF_EINVAL with a Chinese reason in err (may be NULL). Every
 * store path that adds events (store_request_add, store_request_event, the bulk add, the
 * reply letter) calls it; forms may call it first. The order of events (none before the
 * receipt or the event before) is the clock's check. */
int store_request_dates_check(const struct clock_event *ev, size_t n, zf_day today,
			      struct buf *err);

struct request_import {
	struct request_new rq;
	const struct clock_event *ev; /* its history; ev[0] is RECEIVED */
	size_t nev;
	long long handler_user_id; /* 0 = nobody */
};
/* Adds n requests in one all-or-nothing write, for the demo and imports: each history is
 * checked and computed by the clock once, statements are prepared once per connection, and
 * one audit line ("request.import", with the count and the id range) stands for all. ids
 * (may be NULL) gets the new ids. When one is refused nothing is written: its error, its
 * index in *bad (may be NULL) and the reason in err. */
int store_request_add_many(struct store *st, const char *actor, const struct calendar *cal,
			   const struct request_import *items, size_t n, long long *ids,
			   size_t *bad, struct buf *err);

/* ---- rebuild ---- */
struct request_rebuild_stats {
	long long total;	/* requests in the database */
	long long checked;	/* computed again */
	long long changed;	/* whose kept outcome or due date was wrong and is now fixed */
	long long failed;	/* whose events the clock refuses now (left as they were) */
	long long first_failed; /* the id of the first of those (0 = none) */
};
/* Called after each batch with the requests done so far and the total. */
typedef void (*store_progress_fn)(void *ctx, long long done, long long total);
/* Computes every request again from its events with cal (e.g. after a calendar update) and
 * rewrites the outcome kept beside it (state, closed_on, report_row, due_on) where it
 * differs, in transactions of `batch` requests (0 = 5000), each with one audit line
 * ("request.rebuild") when it changed something. Not inside a batch. A request whose history
 * no longer passes the clock is left as it was and counted in failed (its id is logged).
 * progress may be NULL. Returns 0 (see stats), or ZF_EDB/ZF_ENOMEM: batches done before stay
 * done, so running it again finishes the job. */
int store_request_rebuild(struct store *st, const char *actor, const struct calendar *cal,
			  size_t batch, store_progress_fn progress, void *ctx,
			  struct request_rebuild_stats *stats);

/* Bulk writing (demo, import, rebuild) on: on SQLite a larger page cache for this
 * connection, so that a batch's dirty index pages stay in memory instead of being spilled and
 * read again; off: back to the default. Only a hint: errors are ignored. */
void store_bulk_mode(struct store *st, bool on);

#endif
