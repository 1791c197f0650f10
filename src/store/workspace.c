/* workspace.c: the annual-report workspace (web.h), written once in portable SQL (driver.h)
 * for both engines. JSON parts are checked here (jansson), so both engines refuse the same
 * texts with the same reason; the tables' CHECKs only guard against other writers. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "utf8.h"
#include "web.h"

#include <jansson.h>

static bool text_ok(const char *s, size_t max_points)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= max_points;
}

/* True when s parses as JSON (an object when object is set). */
static bool json_ok(const char *s, bool object)
{
	json_error_t jerr;
	json_t *j = json_loads(s, JSON_DECODE_ANY, &jerr);
	bool ok = j && (!object || json_is_object(j));
	json_decref(j);
	return ok;
}

static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

int store_report_draft_get(struct store *st, struct arena *arena, long long agency_id, int year,
			   struct report_draft *out)
{
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->year = year;
	out->overview = out->problems = out->other_matters = "";
	out->table2 = "{}";
	out->updated_at = out->updated_by = "";
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT overview, problems, other_matters, table2, generated,"
			    " with_subordinates, generated_at, published_at, updated_at,"
			    " updated_by FROM report_drafts WHERE agency_id = ? AND year = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->stored = true;
		out->overview = str_or(db_col_str(s, arena, 0), "");
		out->problems = str_or(db_col_str(s, arena, 1), "");
		out->other_matters = str_or(db_col_str(s, arena, 2), "");
		out->table2 = str_or(db_col_str(s, arena, 3), "{}");
		out->generated = db_col_str(s, arena, 4);
		out->with_subordinates = db_col_int(s, 5) != 0;
		out->generated_at = db_col_str(s, arena, 6);
		out->published_at = db_col_str(s, arena, 7);
		out->updated_at = str_or(db_col_str(s, arena, 8), "");
		out->updated_by = str_or(db_col_str(s, arena, 9), "");
		rc = 0;
	}
	db_finish(s);
	return rc;
}

/* Creates the workspace row when missing, then runs `sql` (an UPDATE whose parameters after
 * the first `nbind` are the time now, actor, agency_id and year) with bind() filling the
 * first ones; audits `action`. All in one write. */
typedef void draft_bind_fn(struct db_stmt *s, const void *ctx);

static int draft_update(struct store *st, const char *actor, long long agency_id, int year,
			const char *sql, int nbind, draft_bind_fn *bind, const void *ctx,
			const char *action, const char *detail, struct buf *err)
{
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
	char now[21];
	db_now(now);
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO report_drafts (agency_id, year, updated_at, updated_by)"
			" VALUES (?, ?, ?, ?) ON CONFLICT (agency_id, year) DO NOTHING",
			&s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_int(s, 2, year);
		db_bind_text(s, 3, now);
		db_bind_text(s, 4, actor);
		rc = db_run(s);
	}
	if (!rc)
		rc = db_prepare(st, sql, &s);
	if (!rc) {
		bind(s, ctx);
		db_bind_text(s, nbind + 1, now);
		db_bind_text(s, nbind + 2, actor);
		db_bind_int(s, nbind + 3, agency_id);
		db_bind_int(s, nbind + 4, year);
		rc = db_run(s);
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

/* The tail of every workspace UPDATE, numbered after the statement's own parameters: the time
 * now, the actor, the agency and the year. */
#define DRAFT_TOUCH(now, actor, agency, year)                                                      \
	" updated_at = ?" now ", updated_by = ?" actor " WHERE agency_id = ?" agency               \
	" AND year = ?" year

struct text_parts {
	const char *overview, *problems, *other_matters;
};

static void bind_text_parts(struct db_stmt *s, const void *ctx)
{
	const struct text_parts *t = ctx;
	db_bind_text(s, 1, t->overview);
	db_bind_text(s, 2, t->problems);
	db_bind_text(s, 3, t->other_matters);
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
	/* CAST: PostgreSQL cannot infer the type of a parameter that is only coalesced */
	return draft_update(
	    st, actor, agency_id, year,
	    "UPDATE report_drafts SET"
	    " overview = coalesce(CAST(?1 AS TEXT), overview),"
	    " problems = coalesce(CAST(?2 AS TEXT), problems),"
	    " other_matters = coalesce(CAST(?3 AS TEXT), other_matters)," DRAFT_TOUCH("4", "5", "6",
										      "7"),
	    3, bind_text_parts, &t, "report.text", NULL, err);
}

static void bind_one_text(struct db_stmt *s, const void *ctx)
{
	db_bind_text(s, 1, ctx);
}

int store_report_draft_set_table2(struct store *st, const char *actor, long long agency_id,
				  int year, const char *table2_json, struct buf *err)
{
	if (!table2_json || !text_ok(table2_json, 10000) || !json_ok(table2_json, true)) {
		buf_setf(err, "表二的数据格式不正确");
		return ZF_EINVAL;
	}
	return draft_update(st, actor, agency_id, year,
			    "UPDATE report_drafts SET table2 = ?1," DRAFT_TOUCH("2", "3", "4", "5"),
			    1, bind_one_text, table2_json, "report.table2", NULL, err);
}

struct generated {
	const char *json, *now;
	bool subs;
};

static void bind_generated(struct db_stmt *s, const void *ctx)
{
	const struct generated *g = ctx;
	db_bind_text(s, 1, g->json);
	db_bind_int(s, 2, g->subs);
	db_bind_text(s, 3, g->now);
}

int store_report_draft_set_generated(struct store *st, const char *actor, long long agency_id,
				     int year, bool with_subordinates, const char *report_json,
				     struct buf *err)
{
	if (!report_json || !utf8_valid(report_json, strlen(report_json)) ||
	    !json_ok(report_json, false)) {
		buf_setf(err, "生成的报告格式不正确");
		return ZF_EINVAL;
	}
	char now[21];
	db_now(now);
	struct generated g = {report_json, now, with_subordinates};
	return draft_update(
	    st, actor, agency_id, year,
	    "UPDATE report_drafts SET generated = ?1, with_subordinates = ?2,"
	    " generated_at = ?3, published_at = NULL," DRAFT_TOUCH("4", "5", "6", "7"),
	    3, bind_generated, &g, "report.generate",
	    with_subordinates ? "with_subordinates=1" : "with_subordinates=0", err);
}

static void bind_nothing(struct db_stmt *s, const void *ctx)
{
	ZF_UNUSED(s);
	ZF_UNUSED(ctx);
}

int store_report_draft_set_published(struct store *st, const char *actor, long long agency_id,
				     int year, struct buf *err)
{
	return draft_update(
	    st, actor, agency_id, year,
	    "UPDATE report_drafts SET published_at = ?1," DRAFT_TOUCH("1", "2", "3", "4"), 0,
	    bind_nothing, NULL, "report.publish", NULL, err);
}

/* Agency ids go in chunks of this many parameters, so one statement text serves any list
 * (the last id repeats to fill a chunk). */
#define LIST_CHUNK 16

static int id_cmp(const void *pa, const void *pb)
{
	long long a = *(const long long *)pa, b = *(const long long *)pb;
	return (a > b) - (a < b);
}

static int draft_row_cmp(const void *pa, const void *pb)
{
	const struct report_draft_row *a = pa, *b = pb;
	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	return (a->agency_id > b->agency_id) - (a->agency_id < b->agency_id);
}

int store_report_draft_list(struct store *st, struct arena *arena, const long long *agencies,
			    size_t nagencies, struct report_draft_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (nagencies == 0)
		return 0;
	/* each id once, so that chunks never return a row twice */
	long long *ids = arena_alloc(arena, nagencies * sizeof(*ids));
	if (!ids)
		return ZF_ENOMEM;
	memcpy(ids, agencies, nagencies * sizeof(*ids));
	qsort(ids, nagencies, sizeof(*ids), id_cmp);
	size_t nids = 0;
	for (size_t i = 0; i < nagencies; i++)
		if (nids == 0 || ids[nids - 1] != ids[i])
			ids[nids++] = ids[i];
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT agency_id, year,"
			    " CASE WHEN generated IS NULL THEN 0 ELSE 1 END, with_subordinates,"
			    " published_at, updated_at, updated_by FROM report_drafts"
			    " WHERE agency_id IN (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	for (size_t at = 0; at < nids && !rc; at += LIST_CHUNK) {
		for (size_t k = 0; k < LIST_CHUNK; k++) {
			size_t i = at + k < nids ? at + k : nids - 1;
			db_bind_int(s, (int)k + 1, ids[i]);
		}
		while ((rc = db_step(s)) == DB_ROW) {
			struct report_draft_row *rows =
			    arena_grow(arena, *out, *n, &alloc, sizeof(**out));
			if (!rows) {
				rc = ZF_ENOMEM;
				break;
			}
			*out = rows;
			struct report_draft_row *r = &rows[(*n)++];
			r->agency_id = db_col_int(s, 0);
			r->year = (int)db_col_int(s, 1);
			r->generated = db_col_int(s, 2) != 0;
			r->with_subordinates = db_col_int(s, 3) != 0;
			r->published_at = db_col_str(s, arena, 4);
			r->updated_at = str_or(db_col_str(s, arena, 5), "");
			r->updated_by = str_or(db_col_str(s, arena, 6), "");
		}
	}
	db_finish(s);
	if (rc) {
		*out = NULL;
		*n = 0;
		return rc;
	}
	/* newest year first, then by agency, whatever the chunks' order */
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), draft_row_cmp);
	return 0;
}
