/* db_sqlite.c: the SQLite backend of the store (one file, WAL, foreign keys on). */
#include "common.h"
#include "db_backend.h"
#include "arena.h"
#include "date.h"
#include "log.h"
#include "requests.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "sqlite_int.h"

/* Short names inside this file. */
#define exec	   sqlite_exec
#define query_int  sqlite_query_int
#define step_error sqlite_step_error
#define bind_text  sqlite_bind_text
#define bind_day   sqlite_bind_day
#define col_day	   sqlite_col_day
#define col_str	   sqlite_col_str
#define prepare	   sqlite_prepare

/* Statements prepared once per connection (the hot paths of imports and reports). */
enum cached_stmt {
	Q_APPLICANT_INSERT,
	Q_REQUEST_INSERT,
	Q_EVENT_INSERT,
	Q_REQUEST_OUTCOME,
	Q_AUDIT,
	Q_REVIEW_INSERT,
	Q_REVIEW_EVENT,
	Q_REVIEW_DECIDE,
	Q_REVIEW_GET,
	Q_CACHED
};

/* Transitional: what this file keeps per connection until the request core is ported to
 * the driver (store->legacy). */
struct sqlite_store {
	sqlite3 *db;
	sqlite3_stmt *cache[Q_CACHED];
	time_t now;	   /* the second of now_text */
	char now_text[24]; /* created_at of inserts, as strftime('%Y-%m-%dT%H:%M:%SZ', 'now') */
	/* open savepoints, innermost in bit 0 of own: set when the savepoint began its own
	 * transaction (BEGIN IMMEDIATE), which its release then commits */
	unsigned depth;
	unsigned long long own;
};

static sqlite3 *db_of(struct store *st)
{
	return sqlite_handle(st);
}

static struct sqlite_store *legacy_of(struct store *st)
{
	return st->legacy;
}

int sqlite_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite error=\"%s\" sql=\"%.60s\"", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return ZF_EDB;
	}
	return 0;
}

int sqlite_query_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	int rc = ZF_EDB;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = 0;
	} else {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	return rc;
}

static void sql_query_code(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	char code[REQUEST_CODE_LEN + 1];
	request_code_generate(code);
	sqlite3_result_text(ctx, code, REQUEST_CODE_LEN, SQLITE_TRANSIENT);
}

/* Maps a failed step to an error code: constraint violations are the caller's input. */
int sqlite_step_error(sqlite3 *db, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		log_debug("sqlite constraint=\"%s\"", sqlite3_errmsg(db));
		return ZF_EINVAL;
	}
	log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
	return ZF_EDB;
}

static sqlite3_stmt *cached(struct store *st, enum cached_stmt q);
static int run_cached(struct store *st, sqlite3_stmt *stmt);

/* ---------------------------------------------------------------- requests */

#define REVIEW_COLUMNS                                                                             \
	"SELECT c.id, c.request_id, r.agency_id, c.kind, c.filed_on, c.decided_on, c.outcome,"     \
	" c.body FROM review_cases c JOIN requests r ON r.id = c.request_id"

static const char *const cached_sql[Q_CACHED] = {
    [Q_APPLICANT_INSERT] = "INSERT INTO applicants (kind, name, id_no, phone, address, created_at)"
			   " VALUES (?, ?, ?, ?, ?, ?)",
    [Q_REQUEST_INSERT] = "INSERT INTO requests (agency_id, applicant_id, applicant_type, channel,"
			 " description, received_on, state, closed_on, report_row, due_on,"
			 " handler_user_id, created_at, query_code)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, zf_query_code())",
    [Q_EVENT_INSERT] = "INSERT INTO request_events (request_id, seq, kind, on_date, channel,"
		       " arrived, until_date, party, who, delivered, days, approver, decision,"
		       " letter_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_REQUEST_OUTCOME] = "UPDATE requests SET state = ?, closed_on = ?, report_row = ?,"
			  " due_on = ? WHERE id = ?",
    [Q_AUDIT] = "INSERT INTO audit_log (actor, action, object, detail) VALUES (?, ?, ?, ?)",
    [Q_REVIEW_INSERT] = "INSERT INTO review_cases (request_id, kind, filed_on, body)"
			" VALUES (?, ?, ?, ?)",
    [Q_REVIEW_EVENT] = "INSERT INTO review_events (review_id, seq, kind, on_date, outcome)"
		       " SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4 FROM review_events"
		       " WHERE review_id = ?1",
    [Q_REVIEW_DECIDE] = "UPDATE review_cases SET outcome = ?, decided_on = ? WHERE id = ?",
    [Q_REVIEW_GET] = REVIEW_COLUMNS " WHERE c.id = ?",
};

/* Returns the cached statement q, reset and unbound; NULL on a prepare error. */
static sqlite3_stmt *cached(struct store *st, enum cached_stmt q)
{
	struct sqlite_store *s = legacy_of(st);
	if (!s->cache[q]) {
		if (sqlite3_prepare_v3(s->db, cached_sql[q], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->cache[q], NULL) != SQLITE_OK) {
			log_error("sqlite error=\"%s\"", sqlite3_errmsg(s->db));
			return NULL;
		}
	}
	return s->cache[q];
}

/* Steps a cached statement that returns no row, then resets it. */
static int run_cached(struct store *st, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	int ret = rc == SQLITE_DONE ? 0 : step_error(db_of(st), rc);
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return ret;
}

void sqlite_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

/* As date_format, without printf: the demo binds a million dates. */
void sqlite_bind_day(sqlite3_stmt *stmt, int i, zf_day d)
{
	if (!d) {
		sqlite3_bind_null(stmt, i);
		return;
	}
	struct ymd t = date_to_ymd(d);
	if (t.y < 0 || t.y > 9999) {
		char day[11];
		sqlite3_bind_text(stmt, i, date_format(d, day), 10, SQLITE_TRANSIENT);
		return;
	}
	char day[10] = {(char)('0' + t.y / 1000),
			(char)('0' + t.y / 100 % 10),
			(char)('0' + t.y / 10 % 10),
			(char)('0' + t.y % 10),
			'-',
			(char)('0' + t.m / 10),
			(char)('0' + t.m % 10),
			'-',
			(char)('0' + t.d / 10),
			(char)('0' + t.d % 10)};
	sqlite3_bind_text(stmt, i, day, 10, SQLITE_TRANSIENT);
}

/* A date column: 0 when NULL or malformed (the schema only ever stores date_format's). */
zf_day sqlite_col_day(sqlite3_stmt *stmt, int i)
{
	const char *t = (const char *)sqlite3_column_text(stmt, i);
	zf_day d = 0;
	if (!t || date_parse(str_c(t), &d))
		return 0;
	return d;
}

const char *sqlite_col_str(sqlite3_stmt *stmt, struct arena *a, int i)
{
	const char *t = (const char *)sqlite3_column_text(stmt, i);
	return t ? arena_strdup(a, t) : NULL;
}

int sqlite_step_done(sqlite3 *db, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	rc = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(stmt);
	return rc;
}

int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt)
{
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	return 0;
}

/* The created_at of rows inserted now: the schema's default, written by hand because SQLite
 * would run strftime() for every row of an import. */
static const char *now_text(struct store *st)
{
	struct sqlite_store *s = legacy_of(st);
	time_t t = time(NULL);
	if (t != s->now || !s->now_text[0]) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(s->now_text, sizeof(s->now_text), "%Y-%m-%dT%H:%M:%SZ", &tm);
		s->now = t;
	}
	return s->now_text;
}

/* Inserts the applicant and the request; with cs, also what the clock says of its history
 * (else the schema's defaults until the outcome is written). */
static int insert_request(struct store *st, const struct request_new *rq,
			  const struct clock_event *received, const struct clock_status *cs,
			  long long handler_user_id, long long *id)
{
	sqlite3_stmt *a = cached(st, Q_APPLICANT_INSERT), *r = cached(st, Q_REQUEST_INSERT);
	if (!a || !r)
		return ZF_EDB;
	const char *type = report_t3_cols[rq->applicant_type].key;
	bind_text(a, 1, type);
	bind_text(a, 2, rq->applicant_name);
	bind_text(a, 3, rq->id_no ? rq->id_no : "");
	bind_text(a, 4, rq->phone ? rq->phone : "");
	bind_text(a, 5, rq->address ? rq->address : "");
	const char *created = now_text(st);
	bind_text(a, 6, created);
	int rc = run_cached(st, a);
	if (rc)
		return rc;
	sqlite3_bind_int64(r, 1, rq->agency_id);
	sqlite3_bind_int64(r, 2, sqlite3_last_insert_rowid(db_of(st)));
	bind_text(r, 3, type);
	bind_text(r, 4, clock_channel_key(received->channel));
	bind_text(r, 5, rq->description);
	bind_day(r, 6, received->on);
	bind_text(r, 7, cs ? cs->state : "processing");
	zf_day closed_on = cs && cs->closed ? cs->closed_on : 0;
	bind_day(r, 8, closed_on);
	bind_text(r, 9, closed_on ? cs->report_row : NULL);
	bind_day(r, 10, cs && cs->running && cs->has_due ? cs->due : 0);
	if (handler_user_id > 0)
		sqlite3_bind_int64(r, 11, handler_user_id);
	bind_text(r, 12, created);
	/* a new query code colliding with one of the ~10^18 others: draw again */
	int tries = 0;
	do {
		rc = sqlite3_step(r);
		sqlite3_reset(r);
	} while (rc == SQLITE_CONSTRAINT_UNIQUE && ++tries < 3);
	sqlite3_clear_bindings(r);
	if (rc != SQLITE_DONE)
		return step_error(db_of(st), rc);
	*id = sqlite3_last_insert_rowid(db_of(st));
	return 0;
}

static int sq_request_insert(struct store *st, const struct request_new *rq,
			     const struct clock_event *received, long long *id)
{
	return insert_request(st, rq, received, NULL, 0, id);
}

void store_bulk_mode(struct store *st, bool on)
{
	sqlite3 *db = sqlite_handle(st);
	/* negative: KiB. 128 MiB holds the indexes a million requests touch; checkpoints every
	 * 40 MiB of log instead of 4, so that a page changed by every batch is copied less often */
	if (db)
		exec(db, on ? "PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 10000"
			    : "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000");
}

int store_request_insert_kept(struct store *st, const struct request_new *rq,
			      const struct clock_event *received, const struct clock_status *cs,
			      long long handler_user_id, long long *id)
{
	if (!sqlite_handle(st))
		return st->ops->request_insert_kept
			   ? st->ops->request_insert_kept(st, rq, received, cs, handler_user_id, id)
			   : ZF_EDB;
	return insert_request(st, rq, received, cs, handler_user_id, id);
}

static int sq_request_event_insert(struct store *st, long long request_id, int seq,
				   const struct clock_event *ev)
{
	sqlite3_stmt *s = cached(st, Q_EVENT_INSERT);
	if (!s)
		return ZF_EDB;
	bool consult = ev->kind == CLOCK_CONSULTATION_STARTED ||
		       ev->kind == CLOCK_CONSULTATION_ANSWERED ||
		       ev->kind == CLOCK_CONSULTATION_LAPSED;
	sqlite3_bind_int64(s, 1, request_id);
	sqlite3_bind_int(s, 2, seq);
	bind_text(s, 3, clock_event_key(ev->kind));
	bind_day(s, 4, ev->on);
	bind_text(s, 5, ev->kind == CLOCK_RECEIVED ? clock_channel_key(ev->channel) : NULL);
	bind_day(s, 6, ev->kind == CLOCK_RECEIVED ? ev->arrived : 0);
	bind_day(s, 7, ev->kind == CLOCK_SUPPLEMENT_REQUESTED ? ev->until : 0);
	bind_text(s, 8, consult ? clock_party_key(ev->party) : NULL);
	bind_text(s, 9, consult ? ev->who : NULL);
	bind_day(s, 10, ev->delivered);
	if (ev->kind == CLOCK_EXTENSION_APPROVED)
		sqlite3_bind_int(s, 11, ev->days);
	bind_text(s, 12, ev->kind == CLOCK_EXTENSION_APPROVED ? ev->approver : NULL);
	bind_text(s, 13, ev->kind == CLOCK_REPLIED ? ev->decision : NULL);
	bind_text(s, 14, ev->kind == CLOCK_REPLIED ? ev->letter_no : NULL);
	return run_cached(st, s);
}

static int write_outcome(struct store *st, long long request_id, const char *state,
			 zf_day closed_on, const char *report_row, zf_day due_on)
{
	sqlite3_stmt *s = cached(st, Q_REQUEST_OUTCOME);
	if (!s)
		return ZF_EDB;
	bind_text(s, 1, state);
	bind_day(s, 2, closed_on);
	bind_text(s, 3, closed_on ? report_row : NULL);
	bind_day(s, 4, closed_on ? 0 : due_on);
	sqlite3_bind_int64(s, 5, request_id);
	return run_cached(st, s);
}

/* The backend interface predates due_on: this clears it. request.c writes the outcome with
 * store_request_cache_outcome, which keeps due_on too. */
static int sq_request_outcome(struct store *st, long long request_id, const char *state,
			      zf_day closed_on, const char *report_row)
{
	return write_outcome(st, request_id, state, closed_on, report_row, 0);
}

int store_request_cache_outcome(struct store *st, long long id, const struct clock_status *cs)
{
	if (!sqlite_handle(st))
		return st->ops->request_cache_outcome ? st->ops->request_cache_outcome(st, id, cs)
						      : ZF_EDB;
	return write_outcome(st, id, cs->state, cs->closed ? cs->closed_on : 0, cs->report_row,
			     cs->running && cs->has_due ? cs->due : 0);
}

/* Parses a stored YYYY-MM-DD quickly (the report reads a million of them). */
static zf_day fast_day(const unsigned char *t, int len)
{
	if (!t || len != 10)
		return 0;
	int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	int m = (t[5] - '0') * 10 + (t[6] - '0'), d = (t[8] - '0') * 10 + (t[9] - '0');
	return date_valid(y, m, d) ? date_from_ymd(y, m, d) : 0;
}

#define EVENT_COLUMNS                                                                              \
	"kind, on_date, channel, arrived, until_date, party, who, delivered, days, approver,"      \
	" decision, letter_no"

/* Decodes the EVENT_COLUMNS starting at column c of s into e (strings into a). */
static void event_from_row(sqlite3_stmt *s, int c, struct arena *a, struct clock_event *e)
{
	memset(e, 0, sizeof(*e));
	const char *t = (const char *)sqlite3_column_text(s, c);
	int k = clock_event_kind_by_key(str_c(t ? t : ""));
	e->kind = k < 0 ? CLOCK_EVENT_KINDS : (enum clock_event_kind)k;
	e->on = fast_day(sqlite3_column_text(s, c + 1), sqlite3_column_bytes(s, c + 1));
	t = (const char *)sqlite3_column_text(s, c + 2);
	k = t ? clock_channel_by_key(str_c(t)) : 0;
	e->channel = k < 0 ? CLOCK_IN_PERSON : (enum clock_channel)k;
	e->arrived = col_day(s, c + 3);
	e->until = col_day(s, c + 4);
	t = (const char *)sqlite3_column_text(s, c + 5);
	k = t ? clock_party_by_key(str_c(t)) : 0;
	e->party = k < 0 ? CLOCK_THIRD_PARTY : (enum clock_party)k;
	e->who = col_str(s, a, c + 6);
	e->delivered = col_day(s, c + 7);
	e->days = sqlite3_column_int(s, c + 8);
	e->approver = col_str(s, a, c + 9);
	e->decision = col_str(s, a, c + 10);
	e->letter_no = col_str(s, a, c + 11);
}

static int load_events(struct store *st, struct arena *a, long long id, struct request_record *out)
{
	sqlite3_stmt *s;
	int rc = prepare(db_of(st),
			 "SELECT " EVENT_COLUMNS " FROM request_events"
			 " WHERE request_id = ? ORDER BY seq",
			 &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	size_t alloc = 0;
	out->events = NULL;
	out->nevents = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->events =
		    arena_grow(a, out->events, out->nevents, &alloc, sizeof(*out->events));
		if (!out->events) {
			out->nevents = 0;
			sqlite3_finalize(s);
			return ZF_ENOMEM;
		}
		event_from_row(s, 0, a, &out->events[out->nevents++]);
	}
	int ret = rc == SQLITE_DONE ? 0 : step_error(db_of(st), rc);
	sqlite3_finalize(s);
	return ret;
}

int store_request_load_kept(struct store *st, struct arena *a, long long after_id, size_t max,
			    struct request_kept **out, size_t *n)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		return st->ops->request_load_kept
			   ? st->ops->request_load_kept(st, a, after_id, max, out, n)
			   : ZF_EDB;
	sqlite3_stmt *r = NULL, *e = NULL;
	int rc = prepare(db,
			 "SELECT id, state, closed_on, report_row, due_on FROM requests"
			 " WHERE id > ? ORDER BY id LIMIT ?",
			 &r);
	if (!rc)
		rc = prepare(db,
			     "SELECT request_id, " EVENT_COLUMNS " FROM request_events"
			     " WHERE request_id BETWEEN ? AND ? ORDER BY request_id, seq",
			     &e);
	struct request_kept *list = NULL;
	size_t len = 0, alloc = 0;
	if (!rc) {
		sqlite3_bind_int64(r, 1, after_id);
		sqlite3_bind_int64(r, 2, (long long)max);
		while ((rc = sqlite3_step(r)) == SQLITE_ROW) {
			list = arena_grow(a, list, len, &alloc, sizeof(*list));
			if (!list) {
				rc = ZF_ENOMEM;
				break;
			}
			struct request_kept *k = &list[len++];
			memset(k, 0, sizeof(*k));
			k->id = sqlite3_column_int64(r, 0);
			k->state = col_str(r, a, 1);
			k->closed_on = col_day(r, 2);
			k->report_row = col_str(r, a, 3);
			k->due_on = col_day(r, 4);
		}
		rc = rc == SQLITE_DONE ? 0 : rc == ZF_ENOMEM ? rc : step_error(db, rc);
	}
	if (!rc && len > 0) {
		/* one range scan of the events' primary key for the whole batch */
		sqlite3_bind_int64(e, 1, list[0].id);
		sqlite3_bind_int64(e, 2, list[len - 1].id);
		size_t i = 0, ealloc = 0;
		while ((rc = sqlite3_step(e)) == SQLITE_ROW) {
			long long rid = sqlite3_column_int64(e, 0);
			while (i < len && list[i].id < rid) {
				i++;
				ealloc = 0;
			}
			if (i == len || list[i].id != rid)
				continue; /* cannot happen: every event's request exists */
			struct request_kept *k = &list[i];
			k->events =
			    arena_grow(a, k->events, k->nevents, &ealloc, sizeof(*k->events));
			if (!k->events) {
				rc = ZF_ENOMEM;
				break;
			}
			event_from_row(e, 1, a, &k->events[k->nevents++]);
		}
		rc = rc == SQLITE_DONE ? 0 : rc == ZF_ENOMEM ? rc : step_error(db, rc);
	}
	sqlite3_finalize(r);
	sqlite3_finalize(e);
	if (!rc) {
		*out = list;
		*n = len;
	}
	return rc;
}

static int sq_request_get(struct store *st, struct arena *a, long long id,
			  struct request_record *out)
{
	sqlite3_stmt *s;
	int rc = prepare(db_of(st),
			 "SELECT r.agency_id, g.name, r.applicant_type, p.name, p.id_no, p.phone,"
			 " p.address, r.description FROM requests r"
			 " JOIN agencies g ON g.id = r.agency_id"
			 " JOIN applicants p ON p.id = r.applicant_id WHERE r.id = ?",
			 &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	memset(out, 0, sizeof(*out));
	rc = sqlite3_step(s);
	int ret = 0;
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->agency_id = sqlite3_column_int64(s, 0);
		out->agency_name = col_str(s, a, 1);
		int c = report_t3_col_by_key((const char *)sqlite3_column_text(s, 2));
		out->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		out->applicant_name = col_str(s, a, 3);
		out->id_no = col_str(s, a, 4);
		out->phone = col_str(s, a, 5);
		out->address = col_str(s, a, 6);
		out->description = col_str(s, a, 7);
	} else {
		ret = rc == SQLITE_DONE ? ZF_ENOENT : step_error(db_of(st), rc);
	}
	sqlite3_finalize(s);
	if (!ret)
		ret = load_events(st, a, id, out);
	if (!ret && out->nevents == 0)
		BUG("request %lld has no events", id);
	return ret;
}

static int sq_request_list(struct store *st, struct arena *a, long long agency_id, size_t limit,
			   struct request_row **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc = prepare(db_of(st),
			 "SELECT id, agency_id, applicant_type, received_on, closed_on, state,"
			 " coalesce(report_row, ''), description FROM requests"
			 " WHERE ?1 = 0 OR agency_id = ?1 ORDER BY received_on DESC, id DESC"
			 " LIMIT ?2",
			 &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	sqlite3_bind_int64(s, 2, limit ? (long long)limit : -1);
	struct request_row *list = NULL;
	size_t len = 0, alloc = 0;
	int ret = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			ret = ZF_ENOMEM;
			break;
		}
		struct request_row *r = &list[len++];
		r->id = sqlite3_column_int64(s, 0);
		r->agency_id = sqlite3_column_int64(s, 1);
		int c = report_t3_col_by_key((const char *)sqlite3_column_text(s, 2));
		r->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		r->received_on = col_day(s, 3);
		r->closed_on = col_day(s, 4);
		r->state = col_str(s, a, 5);
		r->report_row = col_str(s, a, 6);
		r->description = col_str(s, a, 7);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = step_error(db_of(st), rc);
	sqlite3_finalize(s);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}

static int sq_request_count(struct store *st, long long *count)
{
	return query_int(db_of(st), "SELECT count(*) FROM requests", count);
}

static int review_event(struct store *st, long long review_id, const char *kind, zf_day on,
			const char *outcome)
{
	sqlite3_stmt *s = cached(st, Q_REVIEW_EVENT);
	if (!s)
		return ZF_EDB;
	sqlite3_bind_int64(s, 1, review_id);
	bind_text(s, 2, kind);
	bind_day(s, 3, on);
	bind_text(s, 4, outcome);
	return run_cached(st, s);
}

static int sq_review_insert(struct store *st, const struct review_new *rv, long long *id)
{
	sqlite3_stmt *s = cached(st, Q_REVIEW_INSERT);
	if (!s)
		return ZF_EDB;
	sqlite3_bind_int64(s, 1, rv->request_id);
	bind_text(s, 2, report_t4_groups[rv->kind].key);
	bind_day(s, 3, rv->filed_on);
	bind_text(s, 4, rv->body ? rv->body : "");
	int rc = run_cached(st, s);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(db_of(st));
	return review_event(st, *id, "filed", rv->filed_on, NULL);
}

static void fill_review(sqlite3_stmt *s, struct arena *a, struct review_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->request_id = sqlite3_column_int64(s, 1);
	r->agency_id = sqlite3_column_int64(s, 2);
	int g = report_t4_group_by_key((const char *)sqlite3_column_text(s, 3));
	r->kind = g < 0 ? REPORT_T4_REVIEW : (enum report_t4_group)g;
	r->filed_on = col_day(s, 4);
	r->decided_on = col_day(s, 5);
	int f = report_t4_field_by_key((const char *)sqlite3_column_text(s, 6));
	r->outcome = f < 0 ? REPORT_T4_PENDING : (enum report_t4_field)f;
	r->body = a ? col_str(s, a, 7) : NULL;
}

static int sq_review_get(struct store *st, long long id, struct review_row *out)
{
	sqlite3_stmt *s = cached(st, Q_REVIEW_GET);
	if (!s)
		return ZF_EDB;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	int ret = 0;
	if (rc == SQLITE_ROW)
		fill_review(s, NULL, out);
	else
		ret = rc == SQLITE_DONE ? ZF_ENOENT : step_error(db_of(st), rc);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return ret;
}

static int sq_review_decide(struct store *st, long long id, enum report_t4_field outcome, zf_day on)
{
	sqlite3_stmt *s = cached(st, Q_REVIEW_DECIDE);
	if (!s)
		return ZF_EDB;
	bind_text(s, 1, report_t4_field_keys[outcome]);
	bind_day(s, 2, on);
	sqlite3_bind_int64(s, 3, id);
	int rc = run_cached(st, s);
	return rc ? rc : review_event(st, id, "decided", on, report_t4_field_keys[outcome]);
}

static int sq_review_list(struct store *st, struct arena *a, long long agency_id,
			  struct review_row **out, size_t *n)
{
	sqlite3_stmt *s;
	int rc = prepare(db_of(st),
			 REVIEW_COLUMNS " WHERE ?1 = 0 OR r.agency_id = ?1"
					" ORDER BY c.filed_on DESC, c.id DESC",
			 &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	struct review_row *list = NULL;
	size_t len = 0, alloc = 0;
	int ret = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			ret = ZF_ENOMEM;
			break;
		}
		fill_review(s, a, &list[len++]);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = step_error(db_of(st), rc);
	sqlite3_finalize(s);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}

static int sq_report_cases(struct store *st, const long long *agencies, size_t nagencies, int year,
			   struct report_gen_request **req, size_t *nreq,
			   struct report_gen_review **rev, size_t *nrev)
{
	sqlite3 *db = db_of(st);
	char first[11], last[11];
	snprintf(first, sizeof(first), "%04d-01-01", year);
	snprintf(last, sizeof(last), "%04d-12-31", year);
	sqlite3_stmt *s = NULL, *v = NULL;
	int rc = prepare(db,
			 /* two range scans of requests_agency_closed: most requests were
			    closed before the year and are never read */
			 "SELECT applicant_type, received_on, closed_on, report_row FROM requests"
			 " INDEXED BY requests_agency_closed"
			 " WHERE agency_id = ?1 AND closed_on >= ?2 AND received_on <= ?3"
			 " UNION ALL "
			 "SELECT applicant_type, received_on, closed_on, report_row FROM requests"
			 " INDEXED BY requests_agency_closed"
			 " WHERE agency_id = ?1 AND closed_on IS NULL AND received_on <= ?3",
			 &s);
	if (!rc)
		rc = prepare(
		    db,
		    "SELECT c.kind, c.filed_on, c.decided_on, c.outcome FROM review_cases c"
		    " JOIN requests r ON r.id = c.request_id WHERE r.agency_id = ?1"
		    " AND c.filed_on <= ?3 AND (c.decided_on IS NULL OR c.decided_on >= ?2)",
		    &v);
	struct report_gen_request *q = NULL;
	struct report_gen_review *w = NULL;
	size_t nq = 0, aq = 0, nw = 0, aw = 0;
	int ret = rc;
	for (size_t i = 0; !ret && i < nagencies; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, agencies[i]);
		sqlite3_bind_text(s, 2, first, 10, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, last, 10, SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (nq == aq) {
				aq = aq ? aq * 2 : 1024;
				q = xrealloc(q, aq * sizeof(*q));
			}
			struct report_gen_request *r = &q[nq++];
			memset(r, 0, sizeof(*r));
			int c = report_t3_col_by_key((const char *)sqlite3_column_text(s, 0));
			r->col = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
			r->received =
			    fast_day(sqlite3_column_text(s, 1), sqlite3_column_bytes(s, 1));
			r->closed_on =
			    fast_day(sqlite3_column_text(s, 2), sqlite3_column_bytes(s, 2));
			r->closed = r->closed_on != 0;
			if (r->closed) {
				int row =
				    report_t3_row_by_key((const char *)sqlite3_column_text(s, 3));
				if (row < REPORT_T3_FIRST_RESULT || row > REPORT_T3_LAST_RESULT) {
					log_error("request has an unknown report row agency=%lld",
						  agencies[i]);
					ret = ZF_EDB;
					break;
				}
				r->row = (enum report_t3_row)row;
			}
		}
		if (!ret && rc != SQLITE_DONE)
			ret = step_error(db, rc);
		if (ret)
			break;
		sqlite3_reset(v);
		sqlite3_bind_int64(v, 1, agencies[i]);
		sqlite3_bind_text(v, 2, first, 10, SQLITE_STATIC);
		sqlite3_bind_text(v, 3, last, 10, SQLITE_STATIC);
		while ((rc = sqlite3_step(v)) == SQLITE_ROW) {
			if (nw == aw) {
				aw = aw ? aw * 2 : 64;
				w = xrealloc(w, aw * sizeof(*w));
			}
			struct report_gen_review *r = &w[nw++];
			memset(r, 0, sizeof(*r));
			int g = report_t4_group_by_key((const char *)sqlite3_column_text(v, 0));
			r->group = g < 0 ? REPORT_T4_REVIEW : (enum report_t4_group)g;
			r->filed = col_day(v, 1);
			r->decided_on = col_day(v, 2);
			r->decided = r->decided_on != 0;
			int f = report_t4_field_by_key((const char *)sqlite3_column_text(v, 3));
			r->outcome = f < 0 || f > REPORT_T4_OTHER ? REPORT_T4_OTHER
								  : (enum report_t4_field)f;
		}
		if (!ret && rc != SQLITE_DONE)
			ret = step_error(db, rc);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(v);
	if (ret) {
		free(q);
		free(w);
		return ret;
	}
	*req = q;
	*nreq = nq;
	*rev = w;
	*nrev = nw;
	return 0;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .request_insert = sq_request_insert,
    .request_event_insert = sq_request_event_insert,
    .request_outcome = sq_request_outcome,
    .request_get = sq_request_get,
    .request_list = sq_request_list,
    .request_count = sq_request_count,
    .review_insert = sq_review_insert,
    .review_get = sq_review_get,
    .review_decide = sq_review_decide,
    .review_list = sq_review_list,
    .report_cases = sq_report_cases,
};

void store_legacy_attach(struct store *st)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		return;
	struct sqlite_store *s = xcalloc(1, sizeof(*s));
	s->db = db;
	st->legacy = s;
	st->ops = &store_sqlite_ops;
	/* zf_query_code(): a new random query code, for inserts and migration 4's backfill */
	sqlite3_create_function(db, "zf_query_code", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
				sql_query_code, NULL, NULL);
}

void store_legacy_free(struct store *st)
{
	struct sqlite_store *s = st->legacy;
	if (!s)
		return;
	for (int i = 0; i < Q_CACHED; i++)
		sqlite3_finalize(s->cache[i]);
	free(s);
	st->legacy = NULL;
}
