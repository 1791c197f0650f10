/* requests.c: requests (db.h, requests.h) written once against the driver (driver.h) for
 * SQLite and PostgreSQL: the clock runs before anything is written, and every write goes
 * with its audit-log line in one all-or-nothing store_write_begin/end, so a refused write
 * leaves the database as it was. Also the queue, query codes (drawn in C), handlers, letter
 * numbers, the bulk add, the rebuild, the annual report's input and migration 4. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "law/decision.h"
#include "law/request_state.h"
#include "log.h"
#include "requests.h"
#include "applicant.h"
#include "store/agencies.h"
#include "utf8.h"

#include <pthread.h>
#include <sodium.h>

#define TEXT_MAX 2000 /* code points in a free-text field */

/* Migration 4 (portable DDL, see driver.h).
 * 1. SQLite only: SQLite checks `x IN ('a', 'b', ...)` by building a temporary table for
 *    every row inserted: the three such CHECKs of migration 2 on applicants and requests cost
 *    more than the rest of an insert. They are rewritten as `x = 'a' OR x = 'b' ...`, which
 *    means the same and costs nothing, by SQLite's documented way of changing a CHECK
 *    constraint (edit the table's text in sqlite_schema; the rows on disk do not change);
 *    RESET reloads the schema and the DDL below bumps the schema version, so every
 *    connection sees the new text. A database whose text differs is left as it is (still
 *    correct, only slower). PostgreSQL checks IN lists cheaply.
 * 2. due_on, handler_user_id and query_code are kept beside each request like state and
 *    closed_on: due_on is rewritten by the clock with every event (NULL when closed or while a
 *    supplement is awaited; requests older than this migration get theirs from `zfxxgk
 *    request rebuild`). Query codes are drawn in C (request_code_generate) for every insert;
 *    the rows of an SQLite database older than this migration get theirs here, drawn by
 *    SQLite's random() (a ChaCha20 generator seeded by the system) from the same alphabet,
 *    so that the column is never NULL although ADD COLUMN cannot say so. A PostgreSQL database
 *    never had requests before this migration.
 * 3. The queue reads open requests through a partial index by agency and due date; the
 *    annual report's covering index gains the state, so that counting the closed requests of
 *    one state (the queue's filter) reads the index alone, as the report does.
 * 4. Letter numbers: one counter per agency and year. */
#define NL   "' || char(10) || '"
#define CH   "substr('" REQUEST_CODE_ALPHABET "', 1 + (random() & 1073741823) % 31, 1)"
#define CH4  CH " || " CH " || " CH " || " CH
#define CODE CH4 " || " CH4 " || " CH4
const char schema_requests[] =
    "{SQLITE}\n"
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
    "{END}\n"
    "ALTER TABLE requests ADD COLUMN due_on TEXT;\n"
    "ALTER TABLE requests ADD COLUMN handler_user_id INTEGER\n"
    "  REFERENCES users(id) ON DELETE SET NULL;\n"
    "ALTER TABLE requests ADD COLUMN query_code TEXT\n"
    "  CHECK (query_code IS NULL OR length(query_code) = 12);\n"
    "{SQLITE}\n"
    "UPDATE requests SET query_code = " CODE " WHERE query_code IS NULL;\n"
    "{END}\n"
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
    "){WITHOUT_ROWID};\n";
#undef NL
#undef CH
#undef CH4
#undef CODE

/* Valid UTF-8 of at most TEXT_MAX code points; NULL and "" pass unless required. */
static bool text_ok(const char *s, bool required)
{
	if (!s || !*s)
		return !required;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= TEXT_MAX;
}

/* Steps s, which returns one row of one integer (INSERT ... RETURNING id), to its end and
 * gives it back: 0 with *out, ZF_ENOENT when it returned no row, or the step's error. */
const char *request_state_label(const char *state)
{
	const struct request_state *s = request_state_by_key(state);
	return s ? s->label : "";
}

/* ---------------------------------------------------------------- query codes */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_setup(void)
{
	if (sodium_init() < 0)
		die("libsodium 初始化失败");
}

/* Random bytes from libsodium, drawn a kilobyte at a time: a million codes would otherwise
 * cost a million system calls. Per thread; a byte is wiped once used. */
static unsigned random_byte(void)
{
	static _Thread_local unsigned char pool[1024];
	static _Thread_local size_t used = sizeof(pool);
	if (used == sizeof(pool)) {
		pthread_once(&sodium_once, sodium_setup);
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	unsigned b = pool[used];
	pool[used++] = 0;
	return b;
}

/* Each character is a random byte below 8 * 31 = 248, modulo 31: uniform, as
 * randombytes_uniform(31) would draw it, without a system call per character. */
void request_code_generate(char out[REQUEST_CODE_LEN + 1])
{
	static const char alphabet[] = REQUEST_CODE_ALPHABET;
	const unsigned n = sizeof(alphabet) - 1, limit = 256 / n * n;
	for (int i = 0; i < REQUEST_CODE_LEN;) {
		unsigned b = random_byte();
		if (b < limit)
			out[i++] = alphabet[b % n];
	}
	out[REQUEST_CODE_LEN] = '\0';
}

int request_code_normalize(const char *in, char out[REQUEST_CODE_LEN + 1])
{
	size_t n = 0;
	out[0] = '\0';
	if (!in)
		return ZF_EINVAL;
	for (const unsigned char *p = (const unsigned char *)in; *p;) {
		unsigned c = *p++;
		if (c == 0xEF && p[0] == 0xBC && p[1] >= 0x81 && p[1] <= 0xBF) {
			c = p[1] - 0x81 + 0x21; /* U+FF01–FF3F: full-width ！…＿ */
			p += 2;
		} else if (c == 0xEF && p[0] == 0xBD && p[1] >= 0x80 && p[1] <= 0x9E) {
			c = p[1] - 0x80 + 0x60; /* U+FF40–FF5E: full-width ｀…～ */
			p += 2;
		} else if (c == 0xE3 && p[0] == 0x80 && p[1] == 0x80) {
			c = ' '; /* U+3000 ideographic space */
			p += 2;
		}
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (n == REQUEST_CODE_LEN || c >= 0x80 || !strchr(REQUEST_CODE_ALPHABET, (int)c) ||
		    c == 0)
			return ZF_EINVAL;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == REQUEST_CODE_LEN ? 0 : ZF_EINVAL;
}

/* ---------------------------------------------------------------- rows of a request */

/* Parses a stored YYYY-MM-DD quickly (the report reads a million of them). */
static zf_day fast_day(const char *t, size_t len)
{
	if (!t || len != 10)
		return 0;
	int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	int m = (t[5] - '0') * 10 + (t[6] - '0'), d = (t[8] - '0') * 10 + (t[9] - '0');
	return date_valid(y, m, d) ? date_from_ymd(y, m, d) : 0;
}

static zf_day col_fast_day(struct db_stmt *s, int i)
{
	const char *t = db_col_text(s, i);
	return t ? fast_day(t, db_col_bytes(s, i)) : 0;
}

/* Inserts the applicant and the request with what the clock says of its whole history (cs)
 * and a new query code; not its events. */
static int insert_kept(struct store *st, const struct request_new *rq,
		       const struct clock_event *received, const struct clock_status *cs,
		       long long handler_user_id, long long *id)
{
	const char *type = report_t3_cols[rq->applicant_type].key;
	char now[21];
	db_now(now);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO applicants (kind, name, id_no, phone, address, created_at)"
			    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, type);
	db_bind_text(s, 2, rq->applicant_name);
	db_bind_text(s, 3, rq->id_no ? rq->id_no : "");
	db_bind_text(s, 4, rq->phone ? rq->phone : "");
	db_bind_text(s, 5, rq->address ? rq->address : "");
	db_bind_text(s, 6, now);
	long long applicant = 0;
	rc = db_run_id(s, &applicant);
	if (rc)
		return rc == ZF_ENOENT ? ZF_EDB : rc;
	zf_day closed_on = cs->closed ? cs->closed_on : 0;
	/* a new query code colliding with one of the ~10^18 others inserts nothing (the
	 * conflict is not an error, so the transaction goes on): draw again */
	for (int tries = 0; tries < 4; tries++) {
		char code[REQUEST_CODE_LEN + 1];
		request_code_generate(code);
		rc = db_prepare(st,
				"INSERT INTO requests (agency_id, applicant_id, applicant_type,"
				" channel, description, received_on, state, closed_on, report_row,"
				" due_on, handler_user_id, created_at, query_code)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				" ON CONFLICT (query_code) DO NOTHING RETURNING id",
				&s);
		if (rc)
			return rc;
		db_bind_int(s, 1, rq->agency_id);
		db_bind_int(s, 2, applicant);
		db_bind_text(s, 3, type);
		db_bind_text(s, 4, clock_channel_key(received->channel));
		db_bind_text(s, 5, rq->description);
		db_bind_day(s, 6, received->on);
		db_bind_text(s, 7, cs->state);
		db_bind_day(s, 8, closed_on);
		db_bind_text(s, 9, closed_on ? cs->report_row : NULL);
		db_bind_day(s, 10, cs->running && cs->has_due ? cs->due : 0);
		if (handler_user_id > 0)
			db_bind_int(s, 11, handler_user_id);
		else
			db_bind_null(s, 11);
		db_bind_text(s, 12, now);
		db_bind_textn(s, 13, code, REQUEST_CODE_LEN);
		rc = db_run_id(s, id);
		if (rc != ZF_ENOENT)
			return rc;
	}
	log_error("requests: could not draw a free query code");
	return ZF_EDB;
}

/* Binds the event columns (kind, on_date, ... letter_no: EVENT_COLUMNS, 12 of them) of ev
 * from parameter i on. */
static void event_bind(struct db_stmt *s, int i, const struct clock_event *ev)
{
	bool consult = ev->kind == CLOCK_CONSULTATION_STARTED ||
		       ev->kind == CLOCK_CONSULTATION_ANSWERED ||
		       ev->kind == CLOCK_CONSULTATION_LAPSED;
	db_bind_text(s, i, clock_event_key(ev->kind));
	db_bind_day(s, i + 1, ev->on);
	db_bind_text(s, i + 2, ev->kind == CLOCK_RECEIVED ? clock_channel_key(ev->channel) : NULL);
	db_bind_day(s, i + 3, ev->kind == CLOCK_RECEIVED ? ev->arrived : 0);
	db_bind_day(s, i + 4, ev->kind == CLOCK_SUPPLEMENT_REQUESTED ? ev->until : 0);
	db_bind_text(s, i + 5, consult ? clock_party_key(ev->party) : NULL);
	db_bind_text(s, i + 6, consult ? ev->who : NULL);
	db_bind_day(s, i + 7, ev->delivered);
	if (ev->kind == CLOCK_EXTENSION_APPROVED)
		db_bind_int(s, i + 8, ev->days);
	else
		db_bind_null(s, i + 8);
	db_bind_text(s, i + 9, ev->kind == CLOCK_EXTENSION_APPROVED ? ev->approver : NULL);
	db_bind_text(s, i + 10, ev->kind == CLOCK_REPLIED ? ev->decision : NULL);
	db_bind_text(s, i + 11, ev->kind == CLOCK_REPLIED ? ev->letter_no : NULL);
}

static int event_insert(struct store *st, long long request_id, int seq,
			const struct clock_event *ev)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO request_events (request_id, seq, kind, on_date, channel,"
			    " arrived, until_date, party, who, delivered, days, approver, decision,"
			    " letter_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	db_bind_int(s, 2, seq);
	event_bind(s, 3, ev);
	return db_run(s);
}

/* Rewrites what is kept beside request id from its clock status. */
static int cache_outcome(struct store *st, long long id, const struct clock_status *cs)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "UPDATE requests SET state = ?, closed_on = ?, report_row = ?,"
			    " due_on = ? WHERE id = ?",
			    &s);
	if (rc)
		return rc;
	zf_day closed_on = cs->closed ? cs->closed_on : 0;
	db_bind_text(s, 1, cs->state);
	db_bind_day(s, 2, closed_on);
	db_bind_text(s, 3, closed_on ? cs->report_row : NULL);
	db_bind_day(s, 4, !closed_on && cs->running && cs->has_due ? cs->due : 0);
	db_bind_int(s, 5, id);
	return db_run(s);
}

#define EVENT_COLUMNS                                                                              \
	"kind, on_date, channel, arrived, until_date, party, who, delivered, days, approver,"      \
	" decision, letter_no"
#define EVENT_COLUMNS_E                                                                            \
	"e.kind, e.on_date, e.channel, e.arrived, e.until_date, e.party, e.who, e.delivered,"      \
	" e.days, e.approver, e.decision, e.letter_no"
#define EVENT_COLUMNS_C                                                                            \
	"c.kind, c.on_date, c.channel, c.arrived, c.until_date, c.party, c.who, c.delivered,"      \
	" c.days, c.approver, c.decision, c.letter_no"

/* Decodes the EVENT_COLUMNS starting at column c of s into e (strings into a). */
static void event_from_row(struct db_stmt *s, int c, struct arena *a, struct clock_event *e)
{
	memset(e, 0, sizeof(*e));
	const char *t = db_col_text(s, c);
	int k = clock_event_kind_by_key(str_c(t ? t : ""));
	e->kind = k < 0 ? CLOCK_EVENT_KINDS : (enum clock_event_kind)k;
	e->on = col_fast_day(s, c + 1);
	t = db_col_text(s, c + 2);
	k = t ? clock_channel_by_key(str_c(t)) : 0;
	e->channel = k < 0 ? CLOCK_IN_PERSON : (enum clock_channel)k;
	e->arrived = col_fast_day(s, c + 3);
	e->until = col_fast_day(s, c + 4);
	t = db_col_text(s, c + 5);
	k = t ? clock_party_by_key(str_c(t)) : 0;
	e->party = k < 0 ? CLOCK_THIRD_PARTY : (enum clock_party)k;
	e->who = db_col_str(s, a, c + 6);
	e->delivered = col_fast_day(s, c + 7);
	e->days = (int)db_col_int(s, c + 8);
	e->approver = db_col_str(s, a, c + 9);
	e->decision = db_col_str(s, a, c + 10);
	e->letter_no = db_col_str(s, a, c + 11);
}

static int load_events(struct store *st, struct arena *a, long long id, struct clock_event **out,
		       size_t *n)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT " EVENT_COLUMNS " FROM request_events"
			    " WHERE request_id = ? ORDER BY seq",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	size_t alloc = 0;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			*n = 0;
			rc = ZF_ENOMEM;
			break;
		}
		event_from_row(s, 0, a, &(*out)[(*n)++]);
	}
	db_finish(s);
	return rc;
}

int store_request_get(struct store *st, struct arena *a, long long id, struct request_record *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT r.agency_id, g.name, r.applicant_type, p.name, p.id_no, p.phone,"
		       " p.address, r.description FROM requests r"
		       " JOIN agencies g ON g.id = r.agency_id"
		       " JOIN applicants p ON p.id = r.applicant_id WHERE r.id = ?",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = id;
		out->agency_id = db_col_int(s, 0);
		out->agency_name = db_col_str(s, a, 1);
		int c = report_t3_col_by_key(db_col_text(s, 2));
		out->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		out->applicant_name = db_col_str(s, a, 3);
		out->id_no = db_col_str(s, a, 4);
		out->phone = db_col_str(s, a, 5);
		out->address = db_col_str(s, a, 6);
		out->description = db_col_str(s, a, 7);
		rc = out->agency_name && out->applicant_name && out->id_no && out->phone &&
			     out->address && out->description
			 ? 0
			 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	if (!rc)
		rc = load_events(st, a, id, &out->events, &out->nevents);
	if (!rc && out->nevents == 0)
		BUG("request %lld has no events", id);
	return rc;
}

int store_request_list(struct store *st, struct arena *a, long long agency_id, size_t limit,
		       struct request_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	/* LIMIT NULL is no limit on neither engine the same way: two statements */
	int rc = db_prepare(st,
			    limit ? "SELECT id, agency_id, applicant_type, received_on, closed_on,"
				    " state, coalesce(report_row, ''), description FROM requests"
				    " WHERE CAST(?1 AS BIGINT) = 0 OR agency_id = ?1"
				    " ORDER BY received_on DESC, id DESC LIMIT ?2"
				  : "SELECT id, agency_id, applicant_type, received_on, closed_on,"
				    " state, coalesce(report_row, ''), description FROM requests"
				    " WHERE CAST(?1 AS BIGINT) = 0 OR agency_id = ?1"
				    " ORDER BY received_on DESC, id DESC",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	if (limit)
		db_bind_int(s, 2, (long long)limit);
	struct request_row *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_row *r = &list[len++];
		r->id = db_col_int(s, 0);
		r->agency_id = db_col_int(s, 1);
		int c = report_t3_col_by_key(db_col_text(s, 2));
		r->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		r->received_on = db_col_day(s, 3);
		r->closed_on = db_col_day(s, 4);
		r->state = db_col_str(s, a, 5);
		r->report_row = db_col_str(s, a, 6);
		r->description = db_col_str(s, a, 7);
		if (!r->state || !r->report_row || !r->description) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}

int store_request_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM requests", count);
}

void store_bulk_mode(struct store *st, bool on)
{
	/* SQLite only, a hint: 128 MiB of page cache holds the indexes a million requests
	 * touch; checkpoints every 40 MiB of log instead of 4, so that a page changed by every
	 * batch is copied less often. PostgreSQL's cache is the server's. */
	if (db_engine(st) == DB_SQLITE)
		db_exec(st, on ? "PRAGMA cache_size = -131072; PRAGMA wal_autocheckpoint = 10000"
			       : "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000");
}

/* A request as kept, with its events, for the rebuild. */
struct request_kept {
	long long id;
	const char *state;
	zf_day closed_on, due_on;
	const char *report_row; /* NULL while open */
	struct clock_event *events;
	size_t nevents;
};

/* Loads up to max requests with ids > after_id, by id, with their events (from arena). */
static int load_kept(struct store *st, struct arena *a, long long after_id, size_t max,
		     struct request_kept **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *r = NULL, *e = NULL;
	int rc = db_prepare(st,
			    "SELECT id, state, closed_on, report_row, due_on FROM requests"
			    " WHERE id > ? ORDER BY id LIMIT ?",
			    &r);
	if (rc)
		return rc;
	struct request_kept *list = NULL;
	size_t len = 0, alloc = 0;
	db_bind_int(r, 1, after_id);
	db_bind_int(r, 2, (long long)max);
	while ((rc = db_step(r)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_kept *k = &list[len++];
		memset(k, 0, sizeof(*k));
		k->id = db_col_int(r, 0);
		k->state = db_col_str(r, a, 1);
		k->closed_on = col_fast_day(r, 2);
		k->report_row = db_col_str(r, a, 3);
		k->due_on = col_fast_day(r, 4);
	}
	db_finish(r);
	if (!rc && len > 0)
		rc = db_prepare(st,
				"SELECT request_id, " EVENT_COLUMNS " FROM request_events"
				" WHERE request_id BETWEEN ? AND ? ORDER BY request_id, seq",
				&e);
	if (!rc && len > 0) {
		/* one range scan of the events' primary key for the whole batch */
		db_bind_int(e, 1, list[0].id);
		db_bind_int(e, 2, list[len - 1].id);
		size_t i = 0, ealloc = 0;
		while ((rc = db_step(e)) == DB_ROW) {
			long long rid = db_col_int(e, 0);
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
		db_finish(e);
	}
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- requests */

int store_request_validate(const struct request_new *rq, struct buf *err)
{
	if ((unsigned)rq->applicant_type >= REPORT_COL_TOTAL ||
	    !text_ok(rq->applicant_name, true) || !text_ok(rq->description, true) ||
	    !text_ok(rq->id_no, false) || !text_ok(rq->phone, false) ||
	    !text_ok(rq->address, false)) {
		buf_setf(err, "申请人姓名（名称）和申请内容必填，各项文字须为 UTF-8 且不超过 %d 字",
			 TEXT_MAX);
		return ZF_EINVAL;
	}
	return 0;
}

/* Rewrites what is kept beside the request from the whole history. */
static int refresh_outcome(struct store *st, const struct calendar *cal, long long id,
			   const struct clock_event *ev, size_t n, struct buf *err)
{
	struct clock_status cs;
	int rc = clock_compute(cal, ev, n, ev[n - 1].on, &cs, err);
	if (rc)
		return rc;
	rc = cache_outcome(st, id, &cs);
	clock_status_free(&cs);
	return rc;
}

/* The latest of an event's own dates (its date, the raw arrival, the delivery). */
static zf_day event_latest_day(const struct clock_event *ev)
{
	zf_day d = ev->on;
	if (ev->arrived > d)
		d = ev->arrived;
	if (ev->delivered > d)
		d = ev->delivered;
	return d;
}

int store_request_dates_check(const struct clock_event *ev, size_t n, zf_day today, struct buf *err)
{
	if (!today)
		today = date_today();
	for (size_t i = 0; i < n; i++) {
		zf_day d = event_latest_day(&ev[i]);
		if (d > today) {
			char a[11], b[11];
			buf_setf(err, "“%s”的日期 %s 晚于今天（%s），不能登记尚未发生的事件",
				 clock_event_label(ev[i].kind), date_format(d, a),
				 date_format(today, b));
			return ZF_EINVAL;
		}
	}
	return 0;
}

/* The first event must be the receipt, and no date may lie ahead of today (before the
 * clock is asked). */
static int check_first(const struct clock_event *ev, size_t n, struct buf *err)
{
	if (n == 0 || ev[0].kind != CLOCK_RECEIVED) {
		buf_setf(err, "申请的第一个事件必须是“收到申请”");
		return ZF_EINVAL;
	}
	return store_request_dates_check(ev, n, 0, err);
}

/* Says why the clock refused a history (clock_check names the bad event). */
static void explain_refusal(const struct calendar *cal, const struct clock_event *ev, size_t n,
			    int rc, struct buf *err)
{
	size_t bad = 0;
	struct buf why = BUF_INIT;
	if (err && clock_check(cal, ev, n, &bad, &why))
		buf_setf(err, "第 %zu 个事件不成立：%s", bad + 1, buf_cstr(&why));
	else
		buf_setf(err, "事件记录无法推算：%s", zf_strerror(rc));
	buf_free(&why);
}

/* Checks a whole new history and computes its status as of its last event: clock_compute
 * checks the history as it goes. */
static int compute_new(const struct calendar *cal, const struct clock_event *ev, size_t n,
		       struct clock_status *cs, struct buf *err)
{
	memset(cs, 0, sizeof(*cs));
	int rc = check_first(ev, n, err);
	if (rc)
		return rc;
	rc = clock_compute(cal, ev, n, ev[n - 1].on, cs, NULL);
	if (rc)
		explain_refusal(cal, ev, n, rc, err);
	return rc;
}

int store_request_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct request_new *rq, const struct clock_event *ev, size_t n,
		      long long *id, struct buf *err)
{
	if (!actor || !*actor) {
		buf_setf(err, "没有操作人");
		return ZF_EINVAL;
	}
	int rc = store_request_validate(rq, err);
	if (rc)
		return rc;
	struct clock_status cs;
	rc = compute_new(cal, ev, n, &cs, err);
	if (rc)
		return rc;
	bool exists = false;
	long long rid = 0;
	rc = store_write_begin(st);
	if (rc) {
		clock_status_free(&cs);
		return rc;
	}
	rc = store_agency_exists(st, rq->agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", rq->agency_id);
		rc = ZF_ENOENT;
	}
	/* a closed agency (store/agencies.h) takes no request received from its closing on;
	 * one received before may still be registered */
	zf_day closed = 0;
	if (!rc)
		rc = store_agency_closed_on(st, rq->agency_id, &closed);
	if (!rc && closed && ev[0].on >= closed) {
		char day[11];
		buf_setf(err, "该机关已于 %s 撤销，不再受理此后收到的申请",
			 date_format(closed, day));
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = insert_kept(st, rq, &ev[0], &cs, 0, &rid);
	for (size_t i = 0; !rc && i < n; i++)
		rc = event_insert(st, rid, (int)i + 1, &ev[i]);
	clock_status_free(&cs);
	if (!rc) {
		/* no personal data here: the audit log is read by more people than the file */
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", rid);
		snprintf(detail, sizeof(detail),
			 "agency=%lld applicant_type=%s received_on=%s events=%zu", rq->agency_id,
			 report_t3_cols[rq->applicant_type].key, date_format(ev[0].on, day), n);
		rc = store_audit(st, actor, "request.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存申请：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = rid;
	return rc;
}

int store_request_event(struct store *st, const char *actor, const struct calendar *cal,
			long long request_id, const struct clock_event *ev, int *seq,
			struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_record rec;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_request_get(st, a, request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", request_id);
	if (!rc) {
		struct buf why = BUF_INIT;
		rc = store_request_dates_check(ev, 1, 0, &why);
		if (rc)
			buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
	}
	if (!rc) {
		struct buf why = BUF_INIT;
		rc = clock_apply(cal, rec.events, rec.nevents, ev, &why);
		if (rc)
			buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
	}
	int n = (int)rec.nevents + 1;
	if (!rc)
		rc = event_insert(st, request_id, n, ev);
	if (!rc) {
		struct clock_event *all = arena_alloc(a, (size_t)n * sizeof(*all));
		if (!all) {
			rc = ZF_ENOMEM;
		} else {
			memcpy(all, rec.events, rec.nevents * sizeof(*all));
			all[n - 1] = *ev;
			rc = refresh_outcome(st, cal, request_id, all, (size_t)n, err);
		}
	}
	if (!rc) /* the applicant's e-mail, in the same transaction (applicant.h) */
		rc = store_mail_enqueue(st, request_id, n, ev);
	if (!rc) {
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d kind=%s on=%s%s%s", n,
			 clock_event_key(ev->kind), date_format(ev->on, day),
			 ev->kind == CLOCK_REPLIED ? " decision=" : "",
			 ev->kind == CLOCK_REPLIED && ev->decision ? ev->decision : "");
		rc = store_audit(st, actor, "request.event", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存事件：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && seq)
		*seq = n;
	arena_free(a);
	return rc;
}

/* ---------------------------------------------------------------- corrections */

/* True when a and b record the same thing (strings compared as text). */
static bool same_event(const struct clock_event *a, const struct clock_event *b)
{
	const char *as[] = {a->who, a->approver, a->decision, a->letter_no};
	const char *bs[] = {b->who, b->approver, b->decision, b->letter_no};
	for (size_t i = 0; i < ARRAY_SIZE(as); i++)
		if (strcmp(as[i] ? as[i] : "", bs[i] ? bs[i] : ""))
			return false;
	return a->kind == b->kind && a->on == b->on && a->channel == b->channel &&
	       a->arrived == b->arrived && a->until == b->until && a->party == b->party &&
	       a->delivered == b->delivered && a->days == b->days;
}

/* Writes the correction: the original into request_event_corrections, the corrected event in
 * its place, what the receipt fixes on the request, a reply letter's date. */
static int correction_write(struct store *st, const char *actor, long long id, int seq,
			    const struct clock_event *was, const struct clock_event *now,
			    const char *reason, long long *cid)
{
	char at[21];
	db_now(at);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO request_event_corrections (request_id, seq, corrected_at,"
			    " corrected_by, reason, " EVENT_COLUMNS ") VALUES (?, ?, ?, ?, ?,"
			    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	db_bind_int(s, 2, seq);
	db_bind_text(s, 3, at);
	db_bind_text(s, 4, actor);
	db_bind_text(s, 5, reason);
	event_bind(s, 6, was);
	rc = db_run_id(s, cid);
	if (rc)
		return rc == ZF_ENOENT ? ZF_EDB : rc;
	rc =
	    db_prepare(st,
		       "UPDATE request_events SET kind = ?, on_date = ?, channel = ?, arrived = ?,"
		       " until_date = ?, party = ?, who = ?, delivered = ?, days = ?, approver = ?,"
		       " decision = ?, letter_no = ? WHERE request_id = ? AND seq = ?",
		       &s);
	if (rc)
		return rc;
	event_bind(s, 1, now);
	db_bind_int(s, 13, id);
	db_bind_int(s, 14, seq);
	rc = db_run(s);
	if (!rc && now->kind == CLOCK_RECEIVED) {
		rc = db_prepare(st, "UPDATE requests SET received_on = ?, channel = ? WHERE id = ?",
				&s);
		if (!rc) {
			db_bind_day(s, 1, now->on);
			db_bind_text(s, 2, clock_channel_key(now->channel));
			db_bind_int(s, 3, id);
			rc = db_run(s);
		}
	}
	if (!rc && now->kind == CLOCK_REPLIED) {
		/* the letter keeps its number (and the number's year); only its date moves */
		rc = db_prepare(st, "UPDATE reply_letters SET replied_on = ? WHERE request_id = ?",
				&s);
		if (!rc) {
			db_bind_day(s, 1, now->on);
			db_bind_int(s, 2, id);
			rc = db_run(s);
		}
	}
	return rc;
}

int store_request_correct(struct store *st, const char *actor, const struct calendar *cal,
			  long long request_id, int seq, const struct clock_event *fixed,
			  const char *reason, long long *correction_id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!reason || !*reason || !text_ok(reason, true) ||
	    utf8_count(reason, strlen(reason)) > 500) {
		buf_setf(err, "请填写更正的理由（不超过 500 字）");
		return ZF_EINVAL;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_record rec;
	long long cid = 0;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_request_get(st, a, request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", request_id);
	if (!rc && (seq < 1 || (size_t)seq > rec.nevents)) {
		buf_setf(err, "该申请没有第 %d 个事件", seq);
		rc = ZF_ENOENT;
	}
	struct clock_event *was = NULL, now = {0};
	if (!rc) {
		was = &rec.events[seq - 1];
		now = *fixed;
		if (now.kind != was->kind) {
			buf_setf(err, "更正不能改变事件的种类（原为“%s”）",
				 clock_event_label(was->kind));
			rc = ZF_EINVAL;
		}
	}
	if (!rc && now.kind == CLOCK_REPLIED) {
		/* the decision and the letter number stay: a reply's date alone is corrected */
		now.decision = was->decision;
		now.letter_no = was->letter_no;
	}
	if (!rc && (!text_ok(now.who, false) || !text_ok(now.approver, false))) {
		buf_setf(err, "各项文字须为 UTF-8 且不超过 %d 字", TEXT_MAX);
		rc = ZF_EINVAL;
	}
	if (!rc && same_event(was, &now)) {
		buf_setf(err, "更正后的内容与原记录相同，没有需要更正的内容");
		rc = ZF_EINVAL;
	}
	struct clock_status cs = {0};
	bool computed = false;
	if (!rc) {
		struct clock_event *all = arena_alloc(a, rec.nevents * sizeof(*all));
		if (!all) {
			rc = ZF_ENOMEM;
		} else {
			memcpy(all, rec.events, rec.nevents * sizeof(*all));
			all[seq - 1] = now;
			/* the whole corrected history passes the checks of a new one: no date
			 * ahead of today, none before the event it follows */
			rc = compute_new(cal, all, rec.nevents, &cs, err);
			computed = rc == 0;
		}
	}
	const struct clock_event orig = was ? *was : now;
	if (!rc)
		rc = correction_write(st, actor, request_id, seq, &orig, &now, reason, &cid);
	if (!rc)
		rc = cache_outcome(st, request_id, &cs);
	if (computed)
		clock_status_free(&cs);
	if (!rc) {
		char object[40], detail[200], d1[11], d2[11];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d kind=%s on=%s->%s correction=%lld", seq,
			 clock_event_key(now.kind), date_format(orig.on, d1),
			 date_format(now.on, d2), cid);
		rc = store_audit(st, actor, "request.correct", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存更正：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && correction_id)
		*correction_id = cid;
	arena_free(a);
	return rc;
}

int store_request_corrections(struct store *st, struct arena *a, long long request_id,
			      struct request_correction **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "SELECT c.id, c.seq, c.corrected_at, c.corrected_by,"
	    " coalesce(nullif(u.display_name, ''), c.corrected_by), c.reason, " EVENT_COLUMNS_C
	    " FROM request_event_corrections c LEFT JOIN users u ON u.login = c.corrected_by"
	    " WHERE c.request_id = ? ORDER BY c.id",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			*n = 0;
			rc = ZF_ENOMEM;
			break;
		}
		struct request_correction *c = &(*out)[(*n)++];
		c->id = db_col_int(s, 0);
		c->seq = (int)db_col_int(s, 1);
		c->corrected_at = db_col_str(s, a, 2);
		c->corrected_by = db_col_str(s, a, 3);
		c->by_name = db_col_str(s, a, 4);
		c->reason = db_col_str(s, a, 5);
		event_from_row(s, 6, a, &c->before);
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

/* ---------------------------------------------------------------- query codes */

int store_request_by_code(struct store *st, const char *code, long long *id)
{
	char canon[REQUEST_CODE_LEN + 1];
	*id = 0;
	if (request_code_normalize(code, canon))
		return ZF_EINVAL;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM requests WHERE query_code = ?", &s);
	if (rc)
		return rc;
	db_bind_textn(s, 1, canon, REQUEST_CODE_LEN);
	rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

/* The code of request id into *code (NULL when it has none): 0 or ZF_ENOENT. */
static int read_code(struct store *st, long long id, struct arena *arena, const char **code)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT query_code FROM requests WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*code = db_col_str(s, arena, 0);
		rc = *code || db_col_null(s, 0) ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_request_query_code(struct store *st, long long id, struct arena *arena, const char **code)
{
	*code = NULL;
	int rc = read_code(st, id, arena, code);
	if (rc || *code)
		return rc;
	/* every request got a code (migration 4, every insert); one written into the table by
	 * hand without one gets it now */
	rc = store_write_begin(st);
	if (rc)
		return rc;
	char fresh[REQUEST_CODE_LEN + 1];
	request_code_generate(fresh);
	struct db_stmt *s;
	rc = db_prepare(
	    st, "UPDATE requests SET query_code = ? WHERE id = ? AND query_code IS NULL", &s);
	if (!rc) {
		db_bind_textn(s, 1, fresh, REQUEST_CODE_LEN);
		db_bind_int(s, 2, id);
		rc = db_run(s);
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "request:%lld", id);
		rc = store_audit(st, "system", "request.code", object, "");
	}
	rc = store_write_end(st, rc);
	if (!rc)
		rc = read_code(st, id, arena, code);
	return rc ? rc : *code ? 0 : ZF_EDB;
}

/* ---------------------------------------------------------------- meta */

#define HANDLER_NAME "coalesce(nullif(u.display_name, ''), u.login, '')"

int store_request_meta(struct store *st, struct arena *arena, long long id,
		       struct request_meta *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT r.agency_id, r.channel, r.state, r.received_on, r.due_on,"
			    " r.closed_on, coalesce(r.report_row, ''),"
			    " coalesce(r.handler_user_id, 0), " HANDLER_NAME ", r.query_code"
			    " FROM requests r LEFT JOIN users u ON u.id = r.handler_user_id"
			    " WHERE r.id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->id = id;
		out->agency_id = db_col_int(s, 0);
		const char *t = db_col_text(s, 1);
		int ch = clock_channel_by_key(str_c(t ? t : ""));
		out->channel = ch < 0 ? CLOCK_ONLINE : (enum clock_channel)ch;
		out->state = db_col_str(s, arena, 2);
		out->received_on = db_col_day(s, 3);
		out->due_on = db_col_day(s, 4);
		out->closed_on = db_col_day(s, 5);
		out->report_row = db_col_str(s, arena, 6);
		out->handler_user_id = db_col_int(s, 7);
		out->handler_name = db_col_str(s, arena, 8);
		out->query_code = db_col_str(s, arena, 9);
		rc = out->state && out->report_row && out->handler_name ? 0 : ZF_ENOMEM;
		if (!out->query_code)
			out->query_code = "";
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- the queue */

#define QUEUE_MAX_AGENCIES 10000
#define QUEUE_MAX_LIMIT	   1000

/* The state a filter names (NULL for "open", "closed" and "all"); *ok = false when it names
 * nothing known. */
static const struct request_state *filter_state(const struct request_filter *f, bool *ok)
{
	const char *state = f->state ? f->state : "open";
	*ok = true;
	if (!strcmp(state, "open") || !strcmp(state, "closed") || !strcmp(state, "all"))
		return NULL;
	const struct request_state *s = request_state_by_key(state);
	*ok = s != NULL;
	return s;
}

static int filter_check(const struct request_filter *f)
{
	bool ok;
	filter_state(f, &ok);
	if (!ok || f->nagencies > QUEUE_MAX_AGENCIES || (f->nagencies && !f->agencies) ||
	    f->due_within < 0 || f->soon_days < 0 || f->limit > QUEUE_MAX_LIMIT ||
	    (f->handler_user_id < 0 && f->handler_user_id != REQUEST_UNASSIGNED) ||
	    (f->search && strlen(f->search) > 100) || (unsigned)f->sort > REQUEST_SORT_HANDLER)
		return ZF_EINVAL;
	return 0;
}

/* What the queue's search box holds, read once for the SQL and once for its binds. */
struct search {
	enum { SEARCH_NONE, SEARCH_CODE, SEARCH_NUMBER, SEARCH_NAME } kind;
	char code[REQUEST_CODE_LEN + 1];
	long long number;
	char like[2 * 100 + 3]; /* %name% with % _ ! escaped by ! */
};

static void search_read(const struct request_filter *f, struct search *q)
{
	memset(q, 0, sizeof(*q));
	struct str t = str_trim(str_c(f->search ? f->search : ""));
	if (!t.len)
		return;
	char text[101];
	size_t len = t.len < 100 ? t.len : 100;
	memcpy(text, t.p, len);
	text[len] = '\0';
	/* "第12号", "12号", "12": a request number */
	const char *p = text;
	if (!strncmp(p, "第", strlen("第")))
		p += strlen("第");
	size_t digits = strspn(p, "0123456789");
	if (digits && digits <= 15 && (!p[digits] || !strcmp(p + digits, "号"))) {
		q->kind = SEARCH_NUMBER;
		for (size_t i = 0; i < digits; i++)
			q->number = q->number * 10 + (p[i] - '0');
	} else if (request_code_normalize(text, q->code) == 0) {
		q->kind = SEARCH_CODE;
		return;
	} else {
		q->kind = SEARCH_NAME;
	}
	/* a number may also be part of a name (organisations: 某某2号店) */
	const char *name = q->kind == SEARCH_NUMBER ? p : text;
	size_t namelen = q->kind == SEARCH_NUMBER ? digits : len, o = 0;
	q->like[o++] = '%';
	for (size_t i = 0; i < namelen; i++) {
		if (name[i] == '%' || name[i] == '_' || name[i] == '!')
			q->like[o++] = '!';
		q->like[o++] = name[i];
	}
	q->like[o++] = '%';
	q->like[o] = '\0';
}

/* Working days d with a < d <= b; Monday to Friday (ISO weekdays 1 to 5) when there is no
 * calendar. */
static int working_days(const struct calendar *cal, zf_day a, zf_day b)
{
	if (cal)
		return cal_count_working_days(cal, a, b);
	int n = 0;
	for (zf_day d = a + 1; d <= b; d++)
		n += date_weekday(d) <= 5;
	return n;
}

/* The n-th working day after from; Monday to Friday when there is no calendar. */
static zf_day add_working_days(const struct calendar *cal, zf_day from, int n)
{
	if (cal)
		return cal_add_working_days(cal, from, n);
	zf_day d = from;
	while (n > 0)
		n -= date_weekday(++d) <= 5;
	return d;
}

/* The WHERE clause of f, checked by filter_check; binds follow its '?' in order (see
 * bind_filter). open_order: the rows come by due date (open requests only). */
static void build_where(const struct request_filter *f, bool page, struct buf *sql,
			bool *open_order)
{
	const char *state = f->state ? f->state : "open";
	bool ok;
	const struct request_state *one = filter_state(f, &ok);
	bool closed = one ? one->closed : !strcmp(state, "closed");
	/* overdue and due-soon filters only keep open requests */
	*open_order = (!closed && strcmp(state, "all")) || f->overdue_only || f->due_within > 0;
	/* A page of closed or all requests, newest first, walks the table backwards and stops
	 * when the page is full; SQLite would otherwise read all the agencies' requests through
	 * their index and sort them ("+" keeps it off the index; PostgreSQL ignores it). */
	bool walk = page && !*open_order && f->handler_user_id == 0;
	buf_adds(sql, walk ? " WHERE +r.agency_id IN (" : " WHERE r.agency_id IN (");
	for (size_t i = 0; i < f->nagencies; i++)
		buf_adds(sql, i ? ",?" : "?");
	/* no agency: no row (an empty IN list is not SQL) */
	buf_adds(sql, f->nagencies ? ")" : "NULL)");
	if (!strcmp(state, "open"))
		buf_adds(sql, " AND r.closed_on IS NULL");
	else if (!strcmp(state, "closed"))
		buf_adds(sql, " AND r.closed_on IS NOT NULL");
	else if (one)
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
	struct search q;
	search_read(f, &q);
	if (q.kind == SEARCH_CODE)
		buf_adds(sql, " AND r.query_code = ?");
	else if (q.kind == SEARCH_NUMBER)
		buf_adds(sql, " AND (r.id = ? OR p.name LIKE ? ESCAPE '!')");
	else if (q.kind == SEARCH_NAME)
		buf_adds(sql, " AND p.name LIKE ? ESCAPE '!'");
}

static int bind_filter(struct db_stmt *s, const struct request_filter *f, zf_day today,
		       zf_day due_by)
{
	int i = 1;
	bool ok;
	const struct request_state *one = filter_state(f, &ok);
	for (size_t k = 0; k < f->nagencies; k++)
		db_bind_int(s, i++, f->agencies[k]);
	if (one)
		db_bind_text(s, i++, one->key);
	if (f->handler_user_id > 0)
		db_bind_int(s, i++, f->handler_user_id);
	if (f->overdue_only)
		db_bind_day(s, i++, today);
	if (f->due_within > 0)
		db_bind_day(s, i++, due_by);
	struct search q;
	search_read(f, &q);
	if (q.kind == SEARCH_CODE)
		db_bind_text(s, i++, q.code);
	if (q.kind == SEARCH_NUMBER)
		db_bind_int(s, i++, q.number);
	if (q.kind == SEARCH_NUMBER || q.kind == SEARCH_NAME)
		db_bind_text(s, i++, q.like);
	return i;
}

/* The ORDER BY and paging of a chosen column order. */
static const char *sort_order(enum request_sort sort, bool desc)
{
	switch (sort) {
	case REQUEST_SORT_RECEIVED:
		return desc ? " ORDER BY r.received_on DESC, r.id DESC LIMIT ? OFFSET ?"
			    : " ORDER BY r.received_on, r.id LIMIT ? OFFSET ?";
	case REQUEST_SORT_DUE:
		return desc
			   ? " ORDER BY r.due_on IS NULL, r.due_on DESC, r.id DESC LIMIT ? OFFSET ?"
			   : " ORDER BY r.due_on IS NULL, r.due_on, r.id LIMIT ? OFFSET ?";
	case REQUEST_SORT_STATE:
		return desc
			   ? " ORDER BY r.state DESC, r.due_on IS NULL, r.due_on, r.id"
			     " LIMIT ? OFFSET ?"
			   : " ORDER BY r.state, r.due_on IS NULL, r.due_on, r.id LIMIT ? OFFSET ?";
	case REQUEST_SORT_HANDLER:
		return desc ? " ORDER BY " HANDLER_NAME " DESC, r.id LIMIT ? OFFSET ?"
			    : " ORDER BY " HANDLER_NAME ", r.id LIMIT ? OFFSET ?";
	default: return " ORDER BY r.id DESC LIMIT ? OFFSET ?";
	}
}

static int queue_query(struct store *st, const struct request_filter *f, bool count,
		       struct db_stmt **out, zf_day *today)
{
	*today = f->today ? f->today : date_today();
	struct buf sql = BUF_INIT;
	bool open_order = false;
	if (count)
		buf_adds(&sql, f->search && *f->search
				   ? "SELECT count(*) FROM requests r"
				     " JOIN applicants p ON p.id = r.applicant_id"
				   : "SELECT count(*) FROM requests r");
	else
		buf_adds(
		    &sql,
		    "SELECT r.id, r.agency_id, g.name, p.name, r.applicant_type, r.channel,"
		    " r.description, r.received_on, r.due_on, r.closed_on, r.state,"
		    " coalesce(r.report_row, ''), coalesce(r.handler_user_id, 0), " HANDLER_NAME
		    " FROM requests r JOIN agencies g ON g.id = r.agency_id"
		    " JOIN applicants p ON p.id = r.applicant_id"
		    " LEFT JOIN users u ON u.id = r.handler_user_id");
	build_where(f, !count, &sql, &open_order);
	if (!count && f->sort != REQUEST_SORT_DEFAULT)
		buf_adds(&sql, sort_order(f->sort, f->descending));
	else if (!count)
		buf_adds(&sql,
			 open_order
			     /* due date first, those without one (awaiting a supplement) last */
			     ? " ORDER BY r.due_on IS NULL, r.due_on, r.received_on,"
			       " r.id LIMIT ? OFFSET ?"
			     /* newest registered first: a backward walk of the table that
				stops at the page, where sorting by date would read them all */
			     : " ORDER BY r.id DESC LIMIT ? OFFSET ?");
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), out);
	buf_free(&sql);
	if (rc)
		return rc;
	zf_day due_by = f->due_within > 0 ? add_working_days(f->cal, *today, f->due_within) : 0;
	int next = bind_filter(*out, f, *today, due_by);
	if (!count) {
		db_bind_int(*out, next, f->limit ? (long long)f->limit : 50);
		db_bind_int(*out, next + 1, (long long)f->offset);
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
	struct db_stmt *s;
	zf_day today;
	rc = queue_query(st, f, false, &s, &today);
	if (rc)
		return rc;
	int soon = f->soon_days ? f->soon_days : 5;
	struct request_row2 *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_row2 *r = &list[len++];
		memset(r, 0, sizeof(*r));
		r->id = db_col_int(s, 0);
		r->agency_id = db_col_int(s, 1);
		r->agency_name = db_col_str(s, a, 2);
		r->applicant_name = db_col_str(s, a, 3);
		int c = report_t3_col_by_key(db_col_text(s, 4));
		r->applicant_type = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		const char *t = db_col_text(s, 5);
		c = clock_channel_by_key(str_c(t ? t : ""));
		r->channel = c < 0 ? CLOCK_ONLINE : (enum clock_channel)c;
		r->description = db_col_str(s, a, 6);
		r->received_on = db_col_day(s, 7);
		r->due_on = db_col_day(s, 8);
		r->closed_on = db_col_day(s, 9);
		r->state = db_col_str(s, a, 10);
		r->report_row = db_col_str(s, a, 11);
		r->handler_user_id = db_col_int(s, 12);
		r->handler_name = db_col_str(s, a, 13);
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
	db_finish(s);
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}

int store_request_queue_count(struct store *st, const struct request_filter *f, long long *count)
{
	*count = 0;
	int rc = filter_check(f);
	if (rc)
		return rc;
	struct db_stmt *s;
	zf_day today;
	rc = queue_query(st, f, true, &s, &today);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW)
		*count = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_EDB : rc;
}

/* ---------------------------------------------------------------- trends */

/* The index of month "YYYY-MM..." in the window, or -1. */
static int trend_slot(const struct request_trends *t, const char *ym)
{
	if (!ym || strlen(ym) < 7)
		return -1;
	int y = atoi(ym), m = atoi(ym + 5);
	int k = (y - t->first_year) * 12 + (m - t->first_month);
	return k >= 0 && k < REQUEST_TREND_MONTHS ? k : -1;
}

/* SQL with the agencies' IN list in place of "IN (@)". */
static int trend_prepare(struct store *st, const char *sql, size_t n, struct db_stmt **s)
{
	struct buf b = BUF_INIT;
	const char *at = strstr(sql, "@");
	buf_add(&b, sql, (size_t)(at - sql));
	for (size_t i = 0; i < n; i++)
		buf_adds(&b, i ? ",?" : "?");
	buf_adds(&b, at + 1);
	int rc = b.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&b), s);
	buf_free(&b);
	return rc;
}

/* Runs a "SELECT month, count(*) ... GROUP BY" into counts. */
static int trend_months(struct store *st, const char *sql, const long long *ag, size_t n,
			zf_day first, zf_day today, struct request_trends *t, long long *counts)
{
	struct db_stmt *s;
	int rc = trend_prepare(st, sql, n, &s);
	if (rc)
		return rc;
	int i = 1;
	for (size_t k = 0; k < n; k++)
		db_bind_int(s, i++, ag[k]);
	db_bind_day(s, i++, first);
	if (strstr(sql, "due_on < ?"))
		db_bind_day(s, i, today);
	while ((rc = db_step(s)) == DB_ROW) {
		int k = trend_slot(t, db_col_text(s, 0));
		if (k >= 0)
			counts[k] += db_col_int(s, 1);
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

/* Counts the answered requests whose reply came after their due date, by month. */
static int trend_late(struct store *st, const long long *ag, size_t n, zf_day first,
		      const struct calendar *cal, struct request_trends *t)
{
	struct db_stmt *s;
	int rc = trend_prepare(st,
			       "SELECT r.id, r.closed_on, " EVENT_COLUMNS_E " FROM requests r"
			       " JOIN request_events e ON e.request_id = r.id"
			       " WHERE r.agency_id IN (@) AND r.closed_on >= ?"
			       " AND r.state = 'replied' ORDER BY r.id, e.seq",
			       n, &s);
	if (rc)
		return rc;
	int i = 1;
	for (size_t k = 0; k < n; k++)
		db_bind_int(s, i++, ag[k]);
	db_bind_day(s, i, first);
	struct arena *a = arena_new(0);
	struct clock_event *ev = NULL;
	size_t nev = 0, alloc = 0;
	long long cur = 0;
	char month[8] = "";
	for (;;) {
		rc = a ? db_step(s) : ZF_ENOMEM;
		long long id = rc == DB_ROW ? db_col_int(s, 0) : 0;
		if (cur && id != cur && nev) {
			struct clock_status cs;
			if (clock_compute(cal, ev, nev, ev[nev - 1].on, &cs, NULL) == 0) {
				int k = trend_slot(t, month);
				if (cs.overdue && k >= 0)
					t->overdue[k]++;
				clock_status_free(&cs);
			}
			nev = 0;
		}
		if (rc != DB_ROW)
			break;
		if (id != cur) {
			cur = id;
			const char *c = db_col_text(s, 1);
			snprintf(month, sizeof(month), "%.7s", c ? c : "");
		}
		ev = arena_grow(a, ev, nev, &alloc, sizeof(*ev));
		if (!ev) {
			rc = ZF_ENOMEM;
			break;
		}
		event_from_row(s, 2, a, &ev[nev++]);
	}
	db_finish(s);
	arena_free(a);
	return rc == DB_DONE ? 0 : rc;
}

int store_request_trends(struct store *st, const long long *agencies, size_t n,
			 const struct calendar *cal, zf_day today, struct request_trends *out)
{
	memset(out, 0, sizeof(*out));
	if (!today)
		today = date_today();
	struct ymd now = date_to_ymd(today);
	int months = now.y * 12 + (now.m - 1) - (REQUEST_TREND_MONTHS - 1);
	out->first_year = months / 12;
	out->first_month = months % 12 + 1;
	if (n > QUEUE_MAX_AGENCIES || (n && !agencies))
		return ZF_EINVAL;
	if (n == 0)
		return 0;
	zf_day first = date_from_ymd(out->first_year, out->first_month, 1);
	int rc = trend_months(st,
			      "SELECT substr(received_on, 1, 7), count(*) FROM requests"
			      " WHERE agency_id IN (@) AND received_on >= ?"
			      " GROUP BY substr(received_on, 1, 7)",
			      agencies, n, first, today, out, out->received);
	if (!rc)
		rc = trend_months(st,
				  "SELECT substr(closed_on, 1, 7), count(*) FROM requests"
				  " WHERE agency_id IN (@) AND closed_on >= ? AND state = 'replied'"
				  " GROUP BY substr(closed_on, 1, 7)",
				  agencies, n, first, today, out, out->replied);
	if (!rc)
		rc = trend_months(st,
				  "SELECT substr(due_on, 1, 7), count(*) FROM requests"
				  " WHERE agency_id IN (@) AND closed_on IS NULL AND due_on >= ?"
				  " AND due_on < ? GROUP BY substr(due_on, 1, 7)",
				  agencies, n, first, today, out, out->overdue);
	if (!rc)
		rc = trend_late(st, agencies, n, first, cal, out);
	struct db_stmt *s;
	if (!rc)
		rc =
		    trend_prepare(st,
				  "SELECT report_row, count(*) FROM requests WHERE agency_id IN (@)"
				  " AND closed_on >= ? GROUP BY report_row",
				  n, &s);
	if (!rc) {
		int i = 1;
		for (size_t k = 0; k < n; k++)
			db_bind_int(s, i++, agencies[k]);
		db_bind_day(s, i, first);
		while ((rc = db_step(s)) == DB_ROW) {
			const struct decision *d = decision_by_key(db_col_text(s, 0));
			if (d)
				out->outcomes[d->group] += db_col_int(s, 1);
		}
		db_finish(s);
		rc = rc == DB_DONE ? 0 : rc;
	}
	return rc;
}

/* ---------------------------------------------------------------- handlers */

int store_request_assign(struct store *st, const char *actor, long long id,
			 long long handler_user_id, struct buf *err)
{
	if (!actor || !*actor || handler_user_id < 0)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	long long current = 0;
	rc = db_prepare(st, "SELECT coalesce(handler_user_id, 0) FROM requests WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_step(s);
		if (rc == DB_ROW)
			current = db_col_int(s, 0);
		db_finish(s);
		rc = rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
		if (rc == ZF_ENOENT)
			buf_setf(err, "没有编号为 %lld 的申请", id);
	}
	if (!rc && handler_user_id > 0) {
		rc = db_prepare(st, "SELECT active FROM users WHERE id = ?", &s);
		if (!rc) {
			db_bind_int(s, 1, handler_user_id);
			rc = db_step(s);
			bool active = rc == DB_ROW && db_col_int(s, 0) == 1;
			db_finish(s);
			if (rc == DB_DONE) {
				buf_setf(err, "没有编号为 %lld 的用户", handler_user_id);
				rc = ZF_ENOENT;
			} else if (rc == DB_ROW && !active) {
				buf_setf(err, "该用户已停用，不能指定为经办人");
				rc = ZF_EINVAL;
			} else if (rc == DB_ROW) {
				rc = 0;
			}
		}
	}
	if (!rc && current != handler_user_id) {
		rc = db_prepare(st, "UPDATE requests SET handler_user_id = ? WHERE id = ?", &s);
		if (!rc) {
			if (handler_user_id > 0)
				db_bind_int(s, 1, handler_user_id);
			else
				db_bind_null(s, 1);
			db_bind_int(s, 2, id);
			rc = db_run(s);
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

int store_request_assign_many(struct store *st, const char *actor, const long long *ids, size_t n,
			      long long handler_user_id, const long long *scope, size_t nscope,
			      long long *bad, struct buf *err)
{
	if (bad)
		*bad = 0;
	if (!actor || !*actor || handler_user_id < 0 || n > QUEUE_MAX_LIMIT || (n && !ids)) {
		buf_setf(err, "批量分配的申请不能超过 %d 件", QUEUE_MAX_LIMIT);
		return ZF_EINVAL;
	}
	if (n == 0) {
		buf_setf(err, "请先勾选要分配的申请");
		return ZF_EINVAL;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		struct request_meta m;
		rc = store_request_meta(st, a, ids[i], &m);
		bool in_scope = false;
		for (size_t k = 0; !rc && k < nscope; k++)
			in_scope |= scope[k] == m.agency_id;
		if (rc == ZF_ENOENT || (!rc && !in_scope)) {
			/* another agency's request is told like a missing one */
			buf_setf(err, "没有编号为 %lld 的申请", ids[i]);
			rc = ZF_ENOENT;
		}
		if (!rc && handler_user_id > 0) {
			struct request_handler *h = NULL;
			size_t nh = 0;
			bool may = false;
			rc = store_request_handlers(st, a, m.agency_id, &h, &nh);
			for (size_t k = 0; !rc && k < nh; k++)
				may |= h[k].user_id == handler_user_id;
			if (!rc && !may) {
				buf_setf(err, "所选经办人不能经办第%lld号申请所属机关的申请",
					 ids[i]);
				rc = ZF_EINVAL;
			}
		}
		if (!rc)
			rc = store_request_assign(st, actor, ids[i], handler_user_id, err);
		if (rc && bad)
			*bad = ids[i];
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法分配经办人：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

int store_request_handlers(struct store *st, struct arena *a, long long agency_id,
			   struct request_handler **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "WITH RECURSIVE up (id) AS (SELECT CAST(?1 AS BIGINT) UNION ALL"
	    " SELECT g.parent_id FROM agencies g JOIN up ON g.id = up.id"
	    " WHERE g.parent_id IS NOT NULL)"
	    " SELECT u.id, " HANDLER_NAME ", max(CASE r.role WHEN 'admin' THEN 3"
	    " WHEN 'reviewer' THEN 2 ELSE 1 END) FROM users u JOIN user_roles r ON r.user_id = u.id"
	    " WHERE u.active = 1 AND r.role IN ('clerk', 'reviewer', 'admin')"
	    " AND r.agency_id IN (SELECT id FROM up)"
	    " GROUP BY u.id, u.display_name, u.login ORDER BY u.id",
	    &s);
	if (rc)
		return rc;
	static const char *const roles[] = {"clerk", "clerk", "reviewer", "admin"};
	db_bind_int(s, 1, agency_id);
	struct request_handler *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct request_handler *h = &list[len++];
		h->user_id = db_col_int(s, 0);
		h->name = db_col_str(s, a, 1);
		h->role = roles[db_col_int(s, 2) & 3];
		if (!h->name) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- letter numbers */

/* Upserts the counter of (agency, year): next = true takes the next number into *n;
 * otherwise raises it to at least *n. The outermost write holds the database's writer lock
 * (both engines), and the upsert is one statement, so two connections never get the same
 * number; an undone write gives its number back, so there is no gap either. */
static int letter_counter(struct store *st, const char *actor, long long agency_id, int year,
			  bool next, int *n)
{
	if (!actor || !*actor || agency_id <= 0 || year < 1990 || year > 2999 || (!next && *n < 0))
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	/* checked first: on PostgreSQL a refused statement would end a batch's transaction */
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (!rc && !exists)
		rc = ZF_ENOENT;
	long long got = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    next
			? "INSERT INTO letter_numbers (agency_id, year, last_no) VALUES (?1, ?2, 1)"
			  " ON CONFLICT (agency_id, year) DO UPDATE SET"
			  " last_no = letter_numbers.last_no + 1 RETURNING last_no"
			: "INSERT INTO letter_numbers (agency_id, year, last_no) VALUES (?1, ?2, "
			  "?3)"
			  " ON CONFLICT (agency_id, year) DO UPDATE SET last_no = CASE"
			  " WHEN excluded.last_no > letter_numbers.last_no THEN excluded.last_no"
			  " ELSE letter_numbers.last_no END RETURNING last_no",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_int(s, 2, year);
		if (!next)
			db_bind_int(s, 3, *n);
		rc = db_run_id(s, &got);
		if (rc == ZF_ENOENT)
			rc = ZF_EDB;
	}
	if (!rc) {
		char object[40], detail[60];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d %s=%lld", year, next ? "no" : "reserved",
			 got);
		rc = store_audit(st, actor, next ? "letter.number" : "letter.reserve", object,
				 detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && next)
		*n = (int)got;
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
	*last = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT last_no FROM letter_numbers WHERE agency_id = ? AND year = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	rc = db_step(s);
	if (rc == DB_ROW)
		*last = (int)db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------- annual report */

/* The table-3 result row of a stored report_row key: 0, or ZF_EDB (logged) for a key that is
 * not a result row. */
static int result_row(const char *key, long long agency, enum report_t3_row *out)
{
	int row = report_t3_row_by_key(key);
	if (row < REPORT_T3_FIRST_RESULT || row > REPORT_T3_LAST_RESULT) {
		log_error("request has an unknown report row agency=%lld", agency);
		return ZF_EDB;
	}
	*out = (enum report_t3_row)row;
	return 0;
}

/* The requests of the year grouped as report_gen counts them: applicant column, received
 * before the year or in it, and the outcome row when closed in the year ('' when still open
 * at its end). Each group becomes one entry with dates that put it in the same cells. */
static int report_groups(struct store *st, long long agency, const char *first, const char *last,
			 int year, struct report_gen_request **q, size_t *nq, size_t *aq)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "SELECT applicant_type, fresh, outcome, count(*) FROM ("
	    " SELECT applicant_type, CASE WHEN received_on < ?2 THEN 0 ELSE 1 END AS fresh,"
	    "  CASE WHEN closed_on > ?3 THEN '' ELSE report_row END AS outcome"
	    "  FROM requests WHERE agency_id = ?1 AND closed_on >= ?2 AND received_on <= ?3"
	    " UNION ALL"
	    " SELECT applicant_type, CASE WHEN received_on < ?2 THEN 0 ELSE 1 END, ''"
	    "  FROM requests WHERE agency_id = ?1 AND closed_on IS NULL AND received_on <= ?3"
	    ") t GROUP BY applicant_type, fresh, outcome",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency);
	db_bind_textn(s, 2, first, 10);
	db_bind_textn(s, 3, last, 10);
	zf_day jan1 = date_from_ymd(year, 1, 1), dec31 = date_from_ymd(year, 12, 31);
	while ((rc = db_step(s)) == DB_ROW) {
		if (*nq == *aq) {
			*aq = *aq ? *aq * 2 : 256;
			*q = xrealloc(*q, *aq * sizeof(**q));
		}
		struct report_gen_request *r = &(*q)[(*nq)++];
		memset(r, 0, sizeof(*r));
		int c = report_t3_col_by_key(db_col_text(s, 0));
		r->col = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		r->received = db_col_int(s, 1) ? jan1 : jan1 - 1;
		const char *outcome = db_col_text(s, 2);
		r->n = db_col_int(s, 3);
		if (outcome && *outcome) {
			if ((rc = result_row(outcome, agency, &r->row)))
				break;
			r->closed = true;
			r->closed_on = dec31;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* The requests of the year one by one: received by its end and not closed before it (two
 * range scans of the covering index requests_agency_closed). */
static int report_rows(struct store *st, long long agency, const char *first, const char *last,
		       struct report_gen_request **q, size_t *nq, size_t *aq)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT applicant_type, received_on, closed_on, report_row"
			    " FROM requests WHERE agency_id = ?1 AND closed_on >= ?2"
			    " AND received_on <= ?3"
			    " UNION ALL "
			    "SELECT applicant_type, received_on, closed_on, report_row"
			    " FROM requests WHERE agency_id = ?1 AND closed_on IS NULL"
			    " AND received_on <= ?3",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency);
	db_bind_textn(s, 2, first, 10);
	db_bind_textn(s, 3, last, 10);
	while ((rc = db_step(s)) == DB_ROW) {
		if (*nq == *aq) {
			*aq = *aq ? *aq * 2 : 1024;
			*q = xrealloc(*q, *aq * sizeof(**q));
		}
		struct report_gen_request *r = &(*q)[(*nq)++];
		memset(r, 0, sizeof(*r));
		int c = report_t3_col_by_key(db_col_text(s, 0));
		r->col = c < 0 ? REPORT_COL_OTHER : (enum report_t3_col)c;
		r->received = col_fast_day(s, 1);
		r->closed_on = col_fast_day(s, 2);
		r->closed = r->closed_on != 0;
		if (r->closed && (rc = result_row(db_col_text(s, 3), agency, &r->row)))
			break;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int report_input(struct store *st, const long long *agencies, size_t nagencies, int year,
			bool grouped, struct report_gen_request **req, size_t *nreq,
			struct report_gen_review **rev, size_t *nrev);

int store_report_cases(struct store *st, const long long *agencies, size_t nagencies, int year,
		       struct report_gen_request **req, size_t *nreq,
		       struct report_gen_review **rev, size_t *nrev)
{
	return report_input(st, agencies, nagencies, year, false, req, nreq, rev, nrev);
}

int store_report_counts(struct store *st, const long long *agencies, size_t nagencies, int year,
			struct report_gen_request **req, size_t *nreq,
			struct report_gen_review **rev, size_t *nrev)
{
	return report_input(st, agencies, nagencies, year, true, req, nreq, rev, nrev);
}

static int report_input(struct store *st, const long long *agencies, size_t nagencies, int year,
			bool grouped, struct report_gen_request **req, size_t *nreq,
			struct report_gen_review **rev, size_t *nrev)
{
	char first[11], last[11];
	snprintf(first, sizeof(first), "%04d-01-01", year);
	snprintf(last, sizeof(last), "%04d-12-31", year);
	struct report_gen_request *q = NULL;
	struct report_gen_review *w = NULL;
	size_t nq = 0, aq = 0, nw = 0, aw = 0;
	int rc = 0;
	/* agency by agency, in the order given: two range scans of the covering index
	   requests_agency_closed (closed in or after the year, still open); most requests
	   were closed before the year and are never read */
	for (size_t i = 0; !rc && i < nagencies; i++) {
		struct db_stmt *s;
		if (grouped)
			rc = report_groups(st, agencies[i], first, last, year, &q, &nq, &aq);
		else
			rc = report_rows(st, agencies[i], first, last, &q, &nq, &aq);
		if (rc)
			break;
		rc = db_prepare(
		    st,
		    "SELECT c.kind, c.filed_on, c.decided_on, c.outcome FROM review_cases c"
		    " JOIN requests r ON r.id = c.request_id WHERE r.agency_id = ?1"
		    " AND c.filed_on <= ?3 AND (c.decided_on IS NULL OR c.decided_on >= ?2)",
		    &s);
		if (rc)
			break;
		db_bind_int(s, 1, agencies[i]);
		db_bind_textn(s, 2, first, 10);
		db_bind_textn(s, 3, last, 10);
		while ((rc = db_step(s)) == DB_ROW) {
			if (nw == aw) {
				aw = aw ? aw * 2 : 64;
				w = xrealloc(w, aw * sizeof(*w));
			}
			struct report_gen_review *r = &w[nw++];
			memset(r, 0, sizeof(*r));
			int g = report_t4_group_by_key(db_col_text(s, 0));
			r->group = g < 0 ? REPORT_T4_REVIEW : (enum report_t4_group)g;
			r->filed = db_col_day(s, 1);
			r->decided_on = db_col_day(s, 2);
			r->decided = r->decided_on != 0;
			int f = report_t4_field_by_key(db_col_text(s, 3));
			r->outcome = f < 0 || f > REPORT_T4_OTHER ? REPORT_T4_OTHER
								  : (enum report_t4_field)f;
		}
		db_finish(s);
	}
	if (rc) {
		free(q);
		free(w);
		return rc;
	}
	*req = q;
	*nreq = nq;
	*rev = w;
	*nrev = nw;
	return 0;
}

/* ---------------------------------------------------------------- bulk add */

/* The clock of a bulk add runs on a second thread, ahead of the inserts: the two take about
 * the same time per request, so a batch takes the longer of them instead of their sum. The
 * thread only computes (no store access); cs[i] and rc[i] are the main thread's once done
 * says so. */
struct clock_ahead {
	const struct calendar *cal;
	const struct request_import *items;
	size_t n;
	struct clock_status *cs;
	int *rc;
	size_t done; /* items computed; under lock */
	bool stop;   /* the main thread gave up; under lock */
	pthread_mutex_t lock;
	pthread_cond_t more;
};

#define CLOCK_AHEAD_MIN	 256 /* smaller adds compute inline */
#define CLOCK_AHEAD_STEP 32  /* items per wake-up */

static void *clock_ahead_run(void *arg)
{
	struct clock_ahead *c = arg;
	for (size_t i = 0; i < c->n;) {
		size_t end = ZF_MIN(c->n, i + CLOCK_AHEAD_STEP);
		for (; i < end; i++) {
			const struct request_import *it = &c->items[i];
			memset(&c->cs[i], 0, sizeof(c->cs[i]));
			c->rc[i] = it->nev && it->ev[0].kind == CLOCK_RECEIVED
				       ? clock_compute(c->cal, it->ev, it->nev,
						       it->ev[it->nev - 1].on, &c->cs[i], NULL)
				       : ZF_EINVAL;
		}
		pthread_mutex_lock(&c->lock);
		c->done = i;
		bool stop = c->stop;
		pthread_cond_signal(&c->more);
		pthread_mutex_unlock(&c->lock);
		if (stop)
			break;
	}
	return NULL;
}

/* Waits until item i is computed (the worker stops early only when told to). */
static void clock_ahead_wait(struct clock_ahead *c, size_t i)
{
	pthread_mutex_lock(&c->lock);
	while (c->done <= i)
		pthread_cond_wait(&c->more, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

int store_request_add_many(struct store *st, const char *actor, const struct calendar *cal,
			   const struct request_import *items, size_t n, long long *ids,
			   size_t *bad, struct buf *err)
{
	if (bad)
		*bad = 0;
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (n == 0)
		return 0;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct clock_ahead c = {.cal = cal, .items = items, .n = n};
	pthread_t worker;
	bool threaded = false;
	if (n >= CLOCK_AHEAD_MIN) {
		c.cs = calloc(n, sizeof(*c.cs));
		c.rc = calloc(n, sizeof(*c.rc));
		pthread_mutex_init(&c.lock, NULL);
		pthread_cond_init(&c.more, NULL);
		/* without memory or a thread, the clock runs inline */
		threaded = c.cs && c.rc && !pthread_create(&worker, NULL, clock_ahead_run, &c);
	}
	long long known[8] = {0}; /* agencies seen to exist, most recent first */
	long long first = 0, last = 0;
	size_t i = 0;
	for (; i < n && !rc; i++) {
		const struct request_import *it = &items[i];
		rc = store_request_validate(&it->rq, err);
		bool exists = false;
		for (size_t k = 0; k < ARRAY_SIZE(known) && !exists; k++)
			exists = known[k] == it->rq.agency_id;
		if (!rc && !exists) {
			rc = store_agency_exists(st, it->rq.agency_id, &exists);
			if (!rc && !exists) {
				buf_setf(err, "没有编号为 %lld 的机关", it->rq.agency_id);
				rc = ZF_ENOENT;
			}
			if (!rc) {
				memmove(known + 1, known, sizeof(known) - sizeof(known[0]));
				known[0] = it->rq.agency_id;
			}
		}
		struct clock_status inline_cs, *cs = &inline_cs;
		if (!rc && threaded) {
			rc = check_first(it->ev, it->nev, err);
			clock_ahead_wait(&c, i);
			if (!rc) {
				cs = &c.cs[i];
				rc = c.rc[i];
				if (rc)
					explain_refusal(cal, it->ev, it->nev, rc, err);
			}
		} else if (!rc) {
			rc = compute_new(cal, it->ev, it->nev, cs, err);
			if (rc)
				clock_status_free(cs);
		}
		if (rc)
			break;
		long long rid = 0;
		rc = insert_kept(st, &it->rq, &it->ev[0], cs, it->handler_user_id, &rid);
		for (size_t e = 0; !rc && e < it->nev; e++)
			rc = event_insert(st, rid, (int)e + 1, &it->ev[e]);
		clock_status_free(cs);
		if (rc)
			break;
		if (!first)
			first = rid;
		last = rid;
		if (ids)
			ids[i] = rid;
	}
	if (threaded) {
		pthread_mutex_lock(&c.lock);
		c.stop = true;
		pthread_mutex_unlock(&c.lock);
		pthread_join(worker, NULL);
		/* statuses computed but not used (after a refusal) */
		for (size_t k = rc ? i : n; k < c.done; k++)
			clock_status_free(&c.cs[k]);
	}
	if (n >= CLOCK_AHEAD_MIN) {
		pthread_mutex_destroy(&c.lock);
		pthread_cond_destroy(&c.more);
	}
	free(c.cs);
	free(c.rc);
	if (!rc) {
		/* one line for the whole import; no personal data */
		char object[64], detail[64];
		snprintf(object, sizeof(object), "requests:%lld-%lld", first, last);
		snprintf(detail, sizeof(detail), "count=%zu", n);
		rc = store_audit(st, actor, "request.import", object, detail);
	} else if (bad) {
		*bad = i;
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存第 %zu 件申请：%s", i + 1, zf_strerror(rc));
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- rebuild */

static bool same_str(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

int store_request_rebuild(struct store *st, const char *actor, const struct calendar *cal,
			  size_t batch, store_progress_fn progress, void *ctx,
			  struct request_rebuild_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (batch == 0)
		batch = 5000;
	int rc = store_request_count(st, &stats->total);
	long long after = 0;
	while (!rc) {
		struct arena *a = arena_new(0);
		if (!a)
			return ZF_ENOMEM;
		struct request_kept *list = NULL;
		size_t n = 0;
		long long changed = 0;
		rc = store_batch_begin(st);
		if (rc) {
			arena_free(a);
			break;
		}
		rc = load_kept(st, a, after, batch, &list, &n);
		for (size_t i = 0; !rc && i < n; i++) {
			const struct request_kept *k = &list[i];
			struct clock_status cs;
			int crc = k->nevents
				      ? clock_compute(cal, k->events, k->nevents,
						      k->events[k->nevents - 1].on, &cs, NULL)
				      : ZF_ESTATE;
			stats->checked++;
			if (crc) {
				if (!stats->failed++)
					stats->first_failed = k->id;
				log_warn("request rebuild refused id=%lld error=\"%s\"", k->id,
					 zf_strerror(crc));
				continue;
			}
			zf_day closed = cs.closed ? cs.closed_on : 0;
			zf_day due = cs.running && cs.has_due ? cs.due : 0;
			if (!same_str(cs.state, k->state) || closed != k->closed_on ||
			    !same_str(cs.closed ? cs.report_row : NULL, k->report_row) ||
			    due != k->due_on) {
				rc = cache_outcome(st, k->id, &cs);
				changed++;
			}
			clock_status_free(&cs);
		}
		if (!rc && changed) {
			char object[64], detail[64];
			snprintf(object, sizeof(object), "requests:%lld-%lld", list[0].id,
				 list[n - 1].id);
			snprintf(detail, sizeof(detail), "checked=%zu changed=%lld", n, changed);
			rc = store_audit(st, actor, "request.rebuild", object, detail);
		}
		if (rc) {
			store_batch_rollback(st);
		} else {
			rc = store_batch_commit(st);
			if (rc)
				store_batch_rollback(st);
		}
		if (!rc) {
			stats->changed += changed;
			if (n)
				after = list[n - 1].id;
			if (progress)
				progress(ctx, stats->checked, stats->total);
		}
		arena_free(a);
		if (n < batch)
			break;
	}
	return rc;
}
