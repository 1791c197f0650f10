/* sqlite_requests.c: the SQLite side of the requests area (see requests.h and sqlite_int.h):
 * migration 4, the queue, query codes, handlers and letter numbers. */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "db_backend.h"
#include "log.h"
#include "requests.h"
#include "sqlite_int.h"

/* Migration 4.
 * 1. SQLite checks `x IN ('a', 'b', ...)` by building a temporary table for every row
 *    inserted: the three such CHECKs of migration 2 on applicants and requests cost more than
 *    the rest of an insert. They are rewritten as `x = 'a' OR x = 'b' ...`, which means the same
 *    and costs nothing, by SQLite's documented way of changing a CHECK constraint (edit the
 *    table's text in sqlite_schema; the rows on disk do not change); RESET reloads the schema
 *    and the DDL below bumps the schema version, so every connection sees the new text. A
 *    database whose text differs is left as it is (still correct, only slower).
 * 2. due_on, handler_user_id and query_code are kept beside each request like state and
 *    closed_on: due_on is rewritten by the clock with every event (NULL when closed or while a
 *    supplement is awaited; requests older than this migration get theirs from `zfxxgk
 *    request rebuild`). Query codes are drawn by zf_query_code() (libsodium, registered by
 *    db_sqlite.c), so the rows already there get theirs here, in the migration's transaction;
 *    every insert draws one, so the column is never NULL although ADD COLUMN cannot say so.
 * 3. The queue reads open requests through a partial index by agency and due date; the
 *    annual report's covering index gains the state, so that counting the closed requests of
 *    one state (the queue's filter) reads the index alone, as the report does.
 * 4. Letter numbers: one counter per agency and year. */
#define NL "' || char(10) || '"
const char schema_requests[] =
    "PRAGMA writable_schema = ON;\n"
    "UPDATE sqlite_schema SET sql = replace(sql,\n"
    "  'CHECK (kind IN (''natural_person'', ''commercial'', ''research''," NL
    "    ''social_welfare'', ''legal_service'', ''other''))',\n"
    "  'CHECK (kind = ''natural_person'' OR kind = ''commercial'' OR kind = ''research''"
    " OR kind = ''social_welfare'' OR kind = ''legal_service'' OR kind = ''other'')')\n"
    "WHERE type = 'table' AND name = 'applicants';\n"
    "UPDATE sqlite_schema SET sql = replace(replace(sql,\n"
    "  'CHECK (applicant_type IN (''natural_person''," NL
    "    ''commercial'', ''research'', ''social_welfare'', ''legal_service'', ''other''))',\n"
    "  'CHECK (applicant_type = ''natural_person'' OR applicant_type = ''commercial''"
    " OR applicant_type = ''research'' OR applicant_type = ''social_welfare''"
    " OR applicant_type = ''legal_service'' OR applicant_type = ''other'')'),\n"
    "  'CHECK (channel IN (''in_person'', ''post'', ''letter'', ''online''," NL "    ''fax''))',\n"
    "  'CHECK (channel = ''in_person'' OR channel = ''post'' OR channel = ''letter''"
    " OR channel = ''online'' OR channel = ''fax'')')\n"
    "WHERE type = 'table' AND name = 'requests';\n"
    "PRAGMA writable_schema = RESET;\n"
    "ALTER TABLE requests ADD COLUMN due_on TEXT;\n"
    "ALTER TABLE requests ADD COLUMN handler_user_id INTEGER\n"
    "  REFERENCES users(id) ON DELETE SET NULL;\n"
    "ALTER TABLE requests ADD COLUMN query_code TEXT\n"
    "  CHECK (query_code IS NULL OR length(query_code) = 12);\n"
    "UPDATE requests SET query_code = zf_query_code() WHERE query_code IS NULL;\n"
    "CREATE UNIQUE INDEX requests_query_code ON requests(query_code);\n"
    "CREATE INDEX requests_open_due ON requests(agency_id, due_on) WHERE closed_on IS NULL;\n"
    "DROP INDEX requests_agency_closed;\n"
    "CREATE INDEX requests_agency_closed ON requests(agency_id, closed_on, received_on,\n"
    "  applicant_type, report_row, state);\n"
    "CREATE INDEX requests_handler ON requests(handler_user_id)\n"
    "  WHERE handler_user_id IS NOT NULL;\n"
    "CREATE TABLE letter_numbers (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2999),\n"
    "  last_no INTEGER NOT NULL CHECK (last_no >= 0),\n"
    "  PRIMARY KEY (agency_id, year)\n"
    ") WITHOUT ROWID;\n";
#undef NL

static const struct {
	const char *key, *label;
	bool closed;
} states[] = {
    {"processing", "办理中", false},
    {"awaiting_supplement", "待补正", false},
    {"consulting", "征求意见中", false},
    {"awaiting_fee", "待缴费", false},
    {"replied", "已答复", true},
    {"closed_no_supplement", "逾期未补正，终止办理", true},
    {"closed_fee_unpaid", "逾期未缴费，终止办理", true},
    {"withdrawn", "申请人已撤回", true},
};

const char *request_state_label(const char *state)
{
	for (size_t i = 0; state && i < ARRAY_SIZE(states); i++)
		if (!strcmp(states[i].key, state))
			return states[i].label;
	return "";
}

static int no_backend(void)
{
	log_error("requests area: backend not supported");
	return ZF_EDB;
}

/* On a backend other than SQLite: its optional member of store_ops, or ZF_EDB. */
#define OTHER(st, member, ...) ((st)->ops->member ? (st)->ops->member(__VA_ARGS__) : no_backend())

/* ---------------------------------------------------------------- query codes */

int store_request_by_code(struct store *st, const char *code, long long *id)
{
	sqlite3 *db = sqlite_handle(st);
	char canon[REQUEST_CODE_LEN + 1];
	*id = 0;
	if (request_code_normalize(code, canon))
		return ZF_EINVAL;
	if (!db)
		return OTHER(st, request_by_code, st, canon, id);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "SELECT id FROM requests WHERE query_code = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, canon, REQUEST_CODE_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	int ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	return ret;
}

/* The code of request id into *code (NULL when it has none): 0 or ZF_ENOENT. */
static int read_code(sqlite3 *db, long long id, struct arena *arena, const char **code)
{
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "SELECT query_code FROM requests WHERE id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*code = sqlite_col_str(s, arena, 0);
		rc = *code || sqlite3_column_type(s, 0) == SQLITE_NULL ? 0 : ZF_ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return rc;
}

int store_request_query_code(struct store *st, long long id, struct arena *arena, const char **code)
{
	sqlite3 *db = sqlite_handle(st);
	*code = NULL;
	if (!db)
		return OTHER(st, request_query_code, st, id, arena, code);
	int rc = read_code(db, id, arena, code);
	if (rc || *code)
		return rc;
	/* every request got a code (migration 4, every insert); one written into the table by
	 * hand without one gets it now */
	sqlite3_stmt *s;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = sqlite_prepare(db,
			    "UPDATE requests SET query_code = zf_query_code()"
			    " WHERE id = ? AND query_code IS NULL",
			    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite_step_done(db, s);
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "request:%lld", id);
		rc = store_audit(st, "system", "request.code", object, "");
	}
	rc = store_write_end(st, rc);
	if (!rc)
		rc = read_code(db, id, arena, code);
	return rc ? rc : *code ? 0 : ZF_EDB;
}

/* ---------------------------------------------------------------- meta */

#define HANDLER_NAME "coalesce(nullif(u.display_name, ''), u.login, '')"

int store_request_meta(struct store *st, struct arena *arena, long long id,
		       struct request_meta *out)
{
	sqlite3 *db = sqlite_handle(st);
	memset(out, 0, sizeof(*out));
	if (!db)
		return OTHER(st, request_meta, st, arena, id, out);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT r.agency_id, r.channel, r.state, r.received_on, r.due_on,"
				" r.closed_on, coalesce(r.report_row, ''),"
				" coalesce(r.handler_user_id, 0), " HANDLER_NAME ", r.query_code"
				" FROM requests r LEFT JOIN users u ON u.id = r.handler_user_id"
				" WHERE r.id = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	int ret = 0;
	if (rc == SQLITE_ROW) {
		out->id = id;
		out->agency_id = sqlite3_column_int64(s, 0);
		const char *t = (const char *)sqlite3_column_text(s, 1);
		int ch = clock_channel_by_key(str_c(t ? t : ""));
		out->channel = ch < 0 ? CLOCK_ONLINE : (enum clock_channel)ch;
		out->state = sqlite_col_str(s, arena, 2);
		out->received_on = sqlite_col_day(s, 3);
		out->due_on = sqlite_col_day(s, 4);
		out->closed_on = sqlite_col_day(s, 5);
		out->report_row = sqlite_col_str(s, arena, 6);
		out->handler_user_id = sqlite3_column_int64(s, 7);
		out->handler_name = sqlite_col_str(s, arena, 8);
		out->query_code = sqlite_col_str(s, arena, 9);
		if (!out->state || !out->report_row || !out->handler_name)
			ret = ZF_ENOMEM;
		if (!out->query_code)
			out->query_code = "";
	} else {
		ret = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return ret;
}

/* ---------------------------------------------------------------- the queue */

#define QUEUE_MAX_AGENCIES 10000
#define QUEUE_MAX_LIMIT	   1000

static int filter_check(const struct request_filter *f)
{
	const char *state = f->state ? f->state : "open";
	if (f->nagencies > QUEUE_MAX_AGENCIES || (f->nagencies && !f->agencies) ||
	    f->due_within < 0 || f->soon_days < 0 || f->limit > QUEUE_MAX_LIMIT ||
	    (f->handler_user_id < 0 && f->handler_user_id != REQUEST_UNASSIGNED))
		return ZF_EINVAL;
	if (strcmp(state, "open") && strcmp(state, "closed") && strcmp(state, "all") &&
	    !*request_state_label(state))
		return ZF_EINVAL;
	return 0;
}

/* The WHERE clause of f, checked by filter_check (binds follow its '?' in order, see
 * bind_filter). */
static void build_where(const struct request_filter *f, bool page, struct buf *sql,
			bool *open_order)
{
	const char *state = f->state ? f->state : "open";
	bool closed = !strcmp(state, "closed");
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (!strcmp(states[i].key, state))
			closed = states[i].closed;
	/* overdue and due-soon filters only keep open requests */
	*open_order = (!closed && strcmp(state, "all")) || f->overdue_only || f->due_within > 0;
	/* A page of closed or all requests, newest first, walks the table backwards and stops
	 * when the page is full; the agencies' index (with "+" not used) would read all their
	 * requests and sort them. */
	bool walk = page && !*open_order && f->handler_user_id == 0;
	buf_adds(sql, walk ? " WHERE +r.agency_id IN (" : " WHERE r.agency_id IN (");
	for (size_t i = 0; i < f->nagencies; i++)
		buf_adds(sql, i ? ",?" : "?");
	buf_adds(sql, ")");
	if (!strcmp(state, "open"))
		buf_adds(sql, " AND r.closed_on IS NULL");
	else if (!strcmp(state, "closed"))
		buf_adds(sql, " AND r.closed_on IS NOT NULL");
	else if (strcmp(state, "all"))
		/* the closed_on test lets the partial index serve open states */
		buf_adds(sql, closed ? " AND r.closed_on IS NOT NULL AND r.state = ?"
				     : " AND r.closed_on IS NULL AND r.state = ?");
	if (f->handler_user_id == REQUEST_UNASSIGNED)
		buf_adds(sql, " AND r.handler_user_id IS NULL");
	else if (f->handler_user_id > 0)
		buf_adds(sql, " AND r.handler_user_id = ?");
	if (f->overdue_only)
		buf_adds(sql, " AND r.closed_on IS NULL AND r.due_on < ?");
	if (f->due_within > 0)
		buf_adds(sql, " AND r.closed_on IS NULL AND r.due_on <= ?");
}

static void bind_filter(sqlite3_stmt *s, const struct request_filter *f, zf_day today,
			zf_day due_by, int *next)
{
	int i = 1;
	for (size_t k = 0; k < f->nagencies; k++)
		sqlite3_bind_int64(s, i++, f->agencies[k]);
	const char *state = f->state ? f->state : "open";
	if (strcmp(state, "open") && strcmp(state, "closed") && strcmp(state, "all"))
		sqlite_bind_text(s, i++, state);
	if (f->handler_user_id > 0)
		sqlite3_bind_int64(s, i++, f->handler_user_id);
	if (f->overdue_only)
		sqlite_bind_day(s, i++, today);
	if (f->due_within > 0)
		sqlite_bind_day(s, i++, due_by);
	*next = i;
}

/* Working days d with a < d <= b, Monday to Friday when there is no calendar. */
static int working_days(const struct calendar *cal, zf_day a, zf_day b)
{
	if (cal)
		return cal_count_working_days(cal, a, b);
	int n = 0;
	for (zf_day d = a + 1; d <= b; d++)
		n += date_weekday(d) <= 5;
	return n;
}

static zf_day add_working_days(const struct calendar *cal, zf_day from, int n)
{
	if (cal)
		return cal_add_working_days(cal, from, n);
	zf_day d = from;
	while (n > 0)
		n -= date_weekday(++d) <= 5;
	return d;
}

static int queue_query(struct store *st, const struct request_filter *f, bool count,
		       sqlite3_stmt **out, zf_day *today, bool *open_order)
{
	sqlite3 *db = sqlite_handle(st);
	*today = f->today ? f->today : date_today();
	struct buf sql = BUF_INIT;
	if (count)
		buf_adds(&sql, "SELECT count(*) FROM requests r");
	else
		buf_adds(
		    &sql,
		    "SELECT r.id, r.agency_id, g.name, p.name, r.applicant_type, r.channel,"
		    " r.description, r.received_on, r.due_on, r.closed_on, r.state,"
		    " coalesce(r.report_row, ''), coalesce(r.handler_user_id, 0), " HANDLER_NAME
		    " FROM requests r JOIN agencies g ON g.id = r.agency_id"
		    " JOIN applicants p ON p.id = r.applicant_id"
		    " LEFT JOIN users u ON u.id = r.handler_user_id");
	int rc = 0;
	build_where(f, !count, &sql, open_order);
	if (!count)
		buf_adds(&sql,
			 *open_order
			     ? " ORDER BY r.due_on IS NULL, r.due_on, r.received_on,"
			       " r.id LIMIT ? OFFSET ?"
			     /* newest registered first: a backward walk of the table that
				stops at the page, where sorting by date would read them all */
			     : " ORDER BY r.id DESC LIMIT ? OFFSET ?");
	if (!rc && sql.failed)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = sqlite_prepare(db, buf_cstr(&sql), out);
	buf_free(&sql);
	if (rc)
		return rc;
	zf_day due_by = f->due_within > 0 ? add_working_days(f->cal, *today, f->due_within) : 0;
	int next = 0;
	bind_filter(*out, f, *today, due_by, &next);
	if (!count) {
		sqlite3_bind_int64(*out, next, f->limit ? (long long)f->limit : 50);
		sqlite3_bind_int64(*out, next + 1, (long long)f->offset);
	}
	return 0;
}

int store_request_queue(struct store *st, struct arena *a, const struct request_filter *f,
			struct request_row2 **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = filter_check(f);
	if (rc)
		return rc;
	if (!sqlite_handle(st))
		return OTHER(st, request_queue, st, a, f, out, n);
	sqlite3_stmt *s;
	zf_day today;
	bool open_order;
	rc = queue_query(st, f, false, &s, &today, &open_order);
	if (rc)
		return rc;
	int soon = f->soon_days ? f->soon_days : 5;
	struct request_row2 *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_row2 *r = &list[len++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(s, 0);
		r->agency_id = sqlite3_column_int64(s, 1);
		r->agency_name = sqlite_col_str(s, a, 2);
		r->applicant_name = sqlite_col_str(s, a, 3);
		int c = report_t3_col_by_key((const char *)sqlite3_column_text(s, 4));
		r->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		const char *t = (const char *)sqlite3_column_text(s, 5);
		c = clock_channel_by_key(str_c(t ? t : ""));
		r->channel = c < 0 ? CLOCK_ONLINE : (enum clock_channel)c;
		r->description = sqlite_col_str(s, a, 6);
		r->received_on = sqlite_col_day(s, 7);
		r->due_on = sqlite_col_day(s, 8);
		r->closed_on = sqlite_col_day(s, 9);
		r->state = sqlite_col_str(s, a, 10);
		r->report_row = sqlite_col_str(s, a, 11);
		r->handler_user_id = sqlite3_column_int64(s, 12);
		r->handler_name = sqlite_col_str(s, a, 13);
		if (!r->agency_name || !r->applicant_name || !r->description || !r->state ||
		    !r->report_row || !r->handler_name) {
			rc = ZF_ENOMEM;
			break;
		}
		if (r->due_on && !r->closed_on) {
			r->days_left = today <= r->due_on ? working_days(f->cal, today, r->due_on)
							  : -working_days(f->cal, r->due_on, today);
			r->overdue = today > r->due_on;
			r->due_soon = !r->overdue && r->days_left <= soon;
		}
	}
	int ret = rc == SQLITE_DONE ? 0
		  : rc == ZF_ENOMEM ? rc
				    : sqlite_step_error(sqlite_handle(st), rc);
	sqlite3_finalize(s);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}

int store_request_queue_count(struct store *st, const struct request_filter *f, long long *count)
{
	*count = 0;
	int rc = filter_check(f);
	if (rc)
		return rc;
	if (!sqlite_handle(st))
		return OTHER(st, request_queue_count, st, f, count);
	sqlite3_stmt *s;
	zf_day today;
	bool open_order;
	rc = queue_query(st, f, true, &s, &today, &open_order);
	if (rc)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	int ret = rc == SQLITE_ROW ? 0 : sqlite_step_error(sqlite_handle(st), rc);
	sqlite3_finalize(s);
	return ret;
}

/* ---------------------------------------------------------------- handlers */

int store_request_assign(struct store *st, const char *actor, long long id,
			 long long handler_user_id, struct buf *err)
{
	sqlite3 *db = sqlite_handle(st);
	if (!actor || !*actor || handler_user_id < 0)
		return ZF_EINVAL;
	if (!db)
		return no_backend();
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s = NULL;
	long long current = 0;
	rc = sqlite_prepare(db, "SELECT coalesce(handler_user_id, 0) FROM requests WHERE id = ?",
			    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, id);
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW)
			current = sqlite3_column_int64(s, 0);
		else if (step == SQLITE_DONE)
			rc = ZF_ENOENT;
		else
			rc = sqlite_step_error(db, step);
		sqlite3_finalize(s);
		if (rc == ZF_ENOENT)
			buf_setf(err, "没有编号为 %lld 的申请", id);
	}
	if (!rc && handler_user_id > 0) {
		rc = sqlite_prepare(db, "SELECT active FROM users WHERE id = ?", &s);
		if (!rc) {
			sqlite3_bind_int64(s, 1, handler_user_id);
			int step = sqlite3_step(s);
			if (step == SQLITE_DONE) {
				buf_setf(err, "没有编号为 %lld 的用户", handler_user_id);
				rc = ZF_ENOENT;
			} else if (step != SQLITE_ROW) {
				rc = sqlite_step_error(db, step);
			} else if (!sqlite3_column_int(s, 0)) {
				buf_setf(err, "该用户已停用，不能指定为经办人");
				rc = ZF_EINVAL;
			}
			sqlite3_finalize(s);
		}
	}
	if (!rc && current != handler_user_id) {
		rc = sqlite_prepare(db, "UPDATE requests SET handler_user_id = ? WHERE id = ?", &s);
		if (!rc) {
			if (handler_user_id > 0)
				sqlite3_bind_int64(s, 1, handler_user_id);
			else
				sqlite3_bind_null(s, 1);
			sqlite3_bind_int64(s, 2, id);
			rc = sqlite_step_done(db, s);
		}
		if (!rc) {
			char object[40], detail[80];
			snprintf(object, sizeof(object), "request:%lld", id);
			snprintf(detail, sizeof(detail), "handler=%lld previous=%lld",
				 handler_user_id, current);
			rc = store_audit(st, actor, "request.assign", object, detail);
		}
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法指定经办人：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- letter numbers */

static bool agency_known(struct store *st, long long agency_id)
{
	bool exists = false;
	return !store_agency_exists(st, agency_id, &exists) && exists;
}

/* Upserts the counter of (agency, year): next = true takes the next number into *n;
 * otherwise raises it to at least *n. The write comes first, so that a deferred transaction
 * takes the write lock before it reads anything (no stale snapshot between two writers). */
static int letter_counter(struct store *st, const char *actor, long long agency_id, int year,
			  bool next, int *n)
{
	sqlite3 *db = sqlite_handle(st);
	if (!actor || !*actor || agency_id <= 0 || year < 1990 || year > 2999 || (!next && *n < 0))
		return ZF_EINVAL;
	if (!db)
		return OTHER(st, letter_counter, st, actor, agency_id, year, next, n);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(
	    db,
	    next ? "INSERT INTO letter_numbers (agency_id, year, last_no) VALUES (?1, ?2, 1)"
		   " ON CONFLICT (agency_id, year) DO UPDATE SET last_no = last_no + 1"
		   " RETURNING last_no"
		 : "INSERT INTO letter_numbers (agency_id, year, last_no) VALUES (?1, ?2, ?3)"
		   " ON CONFLICT (agency_id, year) DO UPDATE SET"
		   " last_no = max(last_no, excluded.last_no) RETURNING last_no",
	    &s);
	int got = 0;
	if (!rc) {
		sqlite3_bind_int64(s, 1, agency_id);
		sqlite3_bind_int(s, 2, year);
		if (!next)
			sqlite3_bind_int(s, 3, *n);
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			got = sqlite3_column_int(s, 0);
			step = sqlite3_step(s);
		}
		rc = step == SQLITE_DONE ? 0 : sqlite_step_error(db, step);
		sqlite3_finalize(s);
		if (rc == ZF_EINVAL && !agency_known(st, agency_id))
			rc = ZF_ENOENT;
	}
	if (!rc) {
		char object[40], detail[60];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d %s=%d", year, next ? "no" : "reserved",
			 got);
		rc = store_audit(st, actor, next ? "letter.number" : "letter.reserve", object,
				 detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && next)
		*n = got;
	return rc;
}

int store_letter_number(struct store *st, const char *actor, long long agency_id, int year, int *n)
{
	return letter_counter(st, actor, agency_id, year, true, n);
}

int store_letter_number_reserve(struct store *st, const char *actor, long long agency_id, int year,
				int at_least)
{
	return letter_counter(st, actor, agency_id, year, false, &at_least);
}

int store_letter_number_last(struct store *st, long long agency_id, int year, int *last)
{
	sqlite3 *db = sqlite_handle(st);
	*last = 0;
	if (!db)
		return OTHER(st, letter_number_last, st, agency_id, year, last);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(
	    db, "SELECT last_no FROM letter_numbers WHERE agency_id = ? AND year = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	sqlite3_bind_int(s, 2, year);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*last = sqlite3_column_int(s, 0);
	int ret = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	return ret;
}

/* ---------------------------------------------------------------- handlers */

int store_request_handlers(struct store *st, struct arena *a, long long agency_id,
			   struct request_handler **out, size_t *n)
{
	sqlite3 *db = sqlite_handle(st);
	*out = NULL;
	*n = 0;
	if (!db)
		return OTHER(st, request_handlers, st, a, agency_id, out, n);
	sqlite3_stmt *s;
	int rc = sqlite_prepare(
	    db,
	    "WITH RECURSIVE up (id) AS (SELECT ?1 UNION ALL"
	    " SELECT g.parent_id FROM agencies g JOIN up ON g.id = up.id"
	    " WHERE g.parent_id IS NOT NULL)"
	    " SELECT u.id, " HANDLER_NAME ", max(CASE r.role WHEN 'admin' THEN 3"
	    " WHEN 'reviewer' THEN 2 ELSE 1 END) FROM users u JOIN user_roles r ON r.user_id = u.id"
	    " WHERE u.active = 1 AND r.role IN ('clerk', 'reviewer', 'admin')"
	    " AND r.agency_id IN (SELECT id FROM up) GROUP BY u.id ORDER BY u.id",
	    &s);
	if (rc)
		return rc;
	static const char *const roles[] = {"clerk", "clerk", "reviewer", "admin"};
	sqlite3_bind_int64(s, 1, agency_id);
	struct request_handler *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_handler *h = &list[len++];
		h->user_id = sqlite3_column_int64(s, 0);
		h->name = sqlite_col_str(s, a, 1);
		h->role = roles[sqlite3_column_int(s, 2) & 3];
		if (!h->name) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	int ret = rc == SQLITE_DONE ? 0 : rc == ZF_ENOMEM ? rc : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}
