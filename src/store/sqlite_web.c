/* sqlite_web.c: the SQLite side of the console area (see web.h and sqlite_int.h): migration
 * 6, reply letters and the annual-report workspace. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "requests.h"
#include "sqlite_int.h"
#include "utf8.h"
#include "web.h"

/* Migration 6. A reply letter is kept beside its request (one reply per request: REPLIED is
 * final) with the number it was given; (agency, year, number) is unique, so a number can never
 * be printed on two letters. A workspace is one row per agency and year; table2 must be JSON. */
const char schema_web[] =
    "CREATE TABLE reply_letters (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2999),\n"
    "  number INTEGER NOT NULL CHECK (number >= 1),\n"
    "  letter_no TEXT NOT NULL,\n"
    "  decision TEXT NOT NULL,\n"
    "  agency_name TEXT NOT NULL,\n"
    "  applicant TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  replied_on TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE (agency_id, year, number)\n"
    ");\n"
    "CREATE TABLE report_drafts (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2019 AND 2999),\n"
    "  overview TEXT NOT NULL DEFAULT '',\n"
    "  problems TEXT NOT NULL DEFAULT '',\n"
    "  other_matters TEXT NOT NULL DEFAULT '',\n"
    "  table2 TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(table2)\n"
    "    AND json_type(table2) = 'object'),\n"
    "  generated TEXT CHECK (generated IS NULL OR json_valid(generated)),\n"
    "  with_subordinates INTEGER NOT NULL DEFAULT 0 CHECK (with_subordinates IN (0, 1)),\n"
    "  generated_at TEXT,\n"
    "  published_at TEXT,\n"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  updated_by TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (agency_id, year)\n"
    ") WITHOUT ROWID;\n";

static int no_backend(void)
{
	log_error("console area: backend not supported");
	return ZF_EDB;
}

/* ---------------------------------------------------------------- reply letters */

char *reply_letter_no(int year, int number, char *out, size_t n)
{
	snprintf(out, n, "〔%d〕第%d号", year, number);
	return out;
}

static bool text_ok(const char *s, size_t max_points)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= max_points;
}

static int request_agency(sqlite3 *db, long long request_id, long long *agency_id)
{
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db, "SELECT agency_id FROM requests WHERE id = ?", &s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, request_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*agency_id = sqlite3_column_int64(s, 0);
	int ret = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	return ret;
}

int store_reply_issue(struct store *st, const char *actor, const struct calendar *cal,
		      struct arena *arena, const struct reply_new *rp, struct reply_letter *out,
		      struct buf *err)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		return no_backend();
	if (!actor || !*actor || !rp->decision || !rp->on || !text_ok(rp->agency_name, 200) ||
	    !text_ok(rp->applicant, 2000) || !text_ok(rp->body, 40000) || !*rp->body) {
		buf_setf(err, "答复书的内容不完整");
		return ZF_EINVAL;
	}
	long long agency_id = 0;
	int rc = request_agency(db, rp->request_id, &agency_id);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rp->request_id);
	if (rc)
		return rc;
	int year = date_to_ymd(rp->on).y, number = 0;
	char letter_no[64];
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = store_letter_number(st, actor, agency_id, year, &number);
	if (!rc) {
		reply_letter_no(year, number, letter_no, sizeof(letter_no));
		struct clock_event ev = {
		    .kind = CLOCK_REPLIED,
		    .on = rp->on,
		    .decision = rp->decision,
		    .letter_no = letter_no,
		};
		rc = store_request_event(st, actor, cal, rp->request_id, &ev, NULL, err);
	}
	if (!rc) {
		sqlite3_stmt *s;
		rc =
		    sqlite_prepare(db,
				   "INSERT INTO reply_letters (request_id, agency_id, year, number,"
				   " letter_no, decision, agency_name, applicant, body, replied_on,"
				   " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				   &s);
		if (!rc) {
			sqlite3_bind_int64(s, 1, rp->request_id);
			sqlite3_bind_int64(s, 2, agency_id);
			sqlite3_bind_int(s, 3, year);
			sqlite3_bind_int(s, 4, number);
			sqlite_bind_text(s, 5, letter_no);
			sqlite_bind_text(s, 6, rp->decision);
			sqlite_bind_text(s, 7, rp->agency_name);
			sqlite_bind_text(s, 8, rp->applicant);
			sqlite_bind_text(s, 9, rp->body);
			sqlite_bind_day(s, 10, rp->on);
			sqlite_bind_text(s, 11, actor);
			rc = sqlite_step_done(db, s);
			if (rc == ZF_EINVAL)
				buf_setf(err, "该申请已有答复书");
		}
	}
	if (!rc) {
		char object[40], detail[160];
		snprintf(object, sizeof(object), "request:%lld", rp->request_id);
		snprintf(detail, sizeof(detail), "letter_no=%s decision=%s", letter_no,
			 rp->decision);
		rc = store_audit(st, actor, "letter.issue", object, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && out)
		rc = store_reply_letter_get(st, arena, rp->request_id, out);
	return rc;
}

int store_reply_letter_get(struct store *st, struct arena *arena, long long request_id,
			   struct reply_letter *out)
{
	sqlite3 *db = sqlite_handle(st);
	memset(out, 0, sizeof(*out));
	if (!db)
		return no_backend();
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT request_id, agency_id, year, number, letter_no, decision,"
				" agency_name, applicant, body, replied_on, created_at, created_by"
				" FROM reply_letters WHERE request_id = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, request_id);
	rc = sqlite3_step(s);
	int ret = 0;
	if (rc == SQLITE_ROW) {
		out->request_id = sqlite3_column_int64(s, 0);
		out->agency_id = sqlite3_column_int64(s, 1);
		out->year = sqlite3_column_int(s, 2);
		out->number = sqlite3_column_int(s, 3);
		out->letter_no = sqlite_col_str(s, arena, 4);
		out->decision = sqlite_col_str(s, arena, 5);
		out->agency_name = sqlite_col_str(s, arena, 6);
		out->applicant = sqlite_col_str(s, arena, 7);
		out->body = sqlite_col_str(s, arena, 8);
		out->replied_on = sqlite_col_day(s, 9);
		out->created_at = sqlite_col_str(s, arena, 10);
		out->created_by = sqlite_col_str(s, arena, 11);
		if (!out->letter_no || !out->decision || !out->agency_name || !out->applicant ||
		    !out->body || !out->created_at || !out->created_by)
			ret = ZF_ENOMEM;
	} else {
		ret = rc == SQLITE_DONE ? ZF_ENOENT : sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return ret;
}

/* ---------------------------------------------------------------- report workspace */

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

int store_report_draft_get(struct store *st, struct arena *arena, long long agency_id, int year,
			   struct report_draft *out)
{
	sqlite3 *db = sqlite_handle(st);
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->year = year;
	out->overview = out->problems = out->other_matters = "";
	out->table2 = "{}";
	out->updated_at = out->updated_by = "";
	if (!db)
		return no_backend();
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT overview, problems, other_matters, table2, generated,"
				" with_subordinates, generated_at, published_at, updated_at,"
				" updated_by FROM report_drafts WHERE agency_id = ? AND year = ?",
				&s);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, agency_id);
	sqlite3_bind_int(s, 2, year);
	rc = sqlite3_step(s);
	int ret = 0;
	if (rc == SQLITE_ROW) {
		out->stored = true;
		out->overview = str_or(sqlite_col_str(s, arena, 0), "");
		out->problems = str_or(sqlite_col_str(s, arena, 1), "");
		out->other_matters = str_or(sqlite_col_str(s, arena, 2), "");
		out->table2 = str_or(sqlite_col_str(s, arena, 3), "{}");
		out->generated = sqlite_col_str(s, arena, 4);
		out->with_subordinates = sqlite3_column_int(s, 5) != 0;
		out->generated_at = sqlite_col_str(s, arena, 6);
		out->published_at = sqlite_col_str(s, arena, 7);
		out->updated_at = str_or(sqlite_col_str(s, arena, 8), "");
		out->updated_by = str_or(sqlite_col_str(s, arena, 9), "");
	} else if (rc != SQLITE_DONE) {
		ret = sqlite_step_error(db, rc);
	}
	sqlite3_finalize(s);
	return ret;
}

/* Creates the workspace row when missing, then runs `sql` (an UPDATE whose parameters after
 * the first `nbind` are agency_id and year) with bind() filling the first ones; audits
 * `action`. All in one write. */
typedef void draft_bind_fn(sqlite3_stmt *s, const void *ctx);

static int draft_update(struct store *st, const char *actor, long long agency_id, int year,
			const char *sql, int nbind, draft_bind_fn *bind, const void *ctx,
			const char *action, const char *detail, struct buf *err)
{
	sqlite3 *db = sqlite_handle(st);
	if (!db)
		return no_backend();
	if (!actor || !*actor || year < 2019 || year > 2999) {
		buf_setf(err, "报告年度须在 2019 年以后");
		return ZF_EINVAL;
	}
	bool exists = false;
	int rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "没有编号为 %lld 的机关", agency_id);
		return ZF_ENOENT;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	rc = sqlite_prepare(
	    db,
	    "INSERT INTO report_drafts (agency_id, year, updated_by) VALUES (?, ?, ?)"
	    " ON CONFLICT (agency_id, year) DO NOTHING",
	    &s);
	if (!rc) {
		sqlite3_bind_int64(s, 1, agency_id);
		sqlite3_bind_int(s, 2, year);
		sqlite_bind_text(s, 3, actor);
		rc = sqlite_step_done(db, s);
	}
	if (!rc)
		rc = sqlite_prepare(db, sql, &s);
	if (!rc) {
		bind(s, ctx);
		sqlite_bind_text(s, nbind + 1, actor);
		sqlite3_bind_int64(s, nbind + 2, agency_id);
		sqlite3_bind_int(s, nbind + 3, year);
		rc = sqlite_step_done(db, s);
		if (rc == ZF_EINVAL)
			buf_setf(err, "内容格式不正确，未能保存");
	}
	if (!rc) {
		char object[64];
		snprintf(object, sizeof(object), "report:%lld/%d", agency_id, year);
		rc = store_audit(st, actor, action, object, detail ? detail : "");
	}
	return store_write_end(st, rc);
}

#define DRAFT_TOUCH                                                                                \
	" updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), updated_by = ?"                      \
	" WHERE agency_id = ? AND year = ?"

struct text_parts {
	const char *overview, *problems, *other_matters;
};

static void bind_text_parts(sqlite3_stmt *s, const void *ctx)
{
	const struct text_parts *t = ctx;
	sqlite_bind_text(s, 1, t->overview);
	sqlite_bind_text(s, 2, t->problems);
	sqlite_bind_text(s, 3, t->other_matters);
}

int store_report_draft_set_text(struct store *st, const char *actor, long long agency_id, int year,
				const char *overview, const char *problems,
				const char *other_matters, struct buf *err)
{
	const char *parts[] = {overview, problems, other_matters};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (parts[i] && !text_ok(parts[i], REPORT_DRAFT_TEXT_MAX)) {
			buf_setf(err, "每一部分的文字不超过 %d 字", REPORT_DRAFT_TEXT_MAX);
			return ZF_EINVAL;
		}
	}
	struct text_parts t = {overview, problems, other_matters};
	return draft_update(st, actor, agency_id, year,
			    "UPDATE report_drafts SET overview = coalesce(?1, overview),"
			    " problems = coalesce(?2, problems),"
			    " other_matters = coalesce(?3, other_matters)," DRAFT_TOUCH,
			    3, bind_text_parts, &t, "report.text", NULL, err);
}

static void bind_one_text(sqlite3_stmt *s, const void *ctx)
{
	sqlite_bind_text(s, 1, ctx);
}

int store_report_draft_set_table2(struct store *st, const char *actor, long long agency_id,
				  int year, const char *table2_json, struct buf *err)
{
	if (!table2_json || !text_ok(table2_json, 10000)) {
		buf_setf(err, "表二的数据格式不正确");
		return ZF_EINVAL;
	}
	return draft_update(st, actor, agency_id, year,
			    "UPDATE report_drafts SET table2 = ?1," DRAFT_TOUCH, 1, bind_one_text,
			    table2_json, "report.table2", NULL, err);
}

struct generated {
	const char *json;
	bool subs;
};

static void bind_generated(sqlite3_stmt *s, const void *ctx)
{
	const struct generated *g = ctx;
	sqlite_bind_text(s, 1, g->json);
	sqlite3_bind_int(s, 2, g->subs);
}

int store_report_draft_set_generated(struct store *st, const char *actor, long long agency_id,
				     int year, bool with_subordinates, const char *report_json,
				     struct buf *err)
{
	if (!report_json || !utf8_valid(report_json, strlen(report_json))) {
		buf_setf(err, "生成的报告格式不正确");
		return ZF_EINVAL;
	}
	struct generated g = {report_json, with_subordinates};
	return draft_update(st, actor, agency_id, year,
			    "UPDATE report_drafts SET generated = ?1, with_subordinates = ?2,"
			    " generated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
			    " published_at = NULL," DRAFT_TOUCH,
			    2, bind_generated, &g, "report.generate",
			    with_subordinates ? "with_subordinates=1" : "with_subordinates=0", err);
}

static void bind_nothing(sqlite3_stmt *s, const void *ctx)
{
	ZF_UNUSED(s);
	ZF_UNUSED(ctx);
}

int store_report_draft_set_published(struct store *st, const char *actor, long long agency_id,
				     int year, struct buf *err)
{
	return draft_update(st, actor, agency_id, year,
			    "UPDATE report_drafts SET"
			    " published_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')," DRAFT_TOUCH,
			    0, bind_nothing, NULL, "report.publish", NULL, err);
}

int store_report_draft_list(struct store *st, struct arena *arena, const long long *agencies,
			    size_t nagencies, struct report_draft_row **out, size_t *n)
{
	sqlite3 *db = sqlite_handle(st);
	*out = NULL;
	*n = 0;
	if (!db)
		return no_backend();
	if (nagencies == 0)
		return 0;
	sqlite3_stmt *s;
	int rc = sqlite_prepare(db,
				"SELECT agency_id, year, generated IS NOT NULL, with_subordinates,"
				" published_at, updated_at, updated_by FROM report_drafts"
				" WHERE agency_id IN (SELECT value FROM json_each(?))"
				" ORDER BY year DESC, agency_id",
				&s);
	if (rc)
		return rc;
	struct buf ids = BUF_INIT;
	buf_addch(&ids, '[');
	for (size_t i = 0; i < nagencies; i++)
		buf_printf(&ids, "%s%lld", i ? "," : "", agencies[i]);
	buf_addch(&ids, ']');
	if (ids.failed) {
		sqlite3_finalize(s);
		buf_free(&ids);
		return ZF_ENOMEM;
	}
	sqlite3_bind_text(s, 1, ids.p, (int)ids.len, SQLITE_STATIC);
	size_t alloc = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_draft_row *rows = arena_grow(arena, *out, *n, &alloc, sizeof(**out));
		if (!rows) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = rows;
		struct report_draft_row *r = &rows[(*n)++];
		r->agency_id = sqlite3_column_int64(s, 0);
		r->year = sqlite3_column_int(s, 1);
		r->generated = sqlite3_column_int(s, 2) != 0;
		r->with_subordinates = sqlite3_column_int(s, 3) != 0;
		r->published_at = sqlite_col_str(s, arena, 4);
		r->updated_at = str_or(sqlite_col_str(s, arena, 5), "");
		r->updated_by = str_or(sqlite_col_str(s, arena, 6), "");
	}
	int ret = rc == SQLITE_DONE ? 0 : rc == ZF_ENOMEM ? ZF_ENOMEM : sqlite_step_error(db, rc);
	sqlite3_finalize(s);
	buf_free(&ids);
	return ret;
}
