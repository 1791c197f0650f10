/* published.c: the annual reports an agency has published (public.h: frozen JSON snapshots,
 * zfxxgk.report/1), written once in portable SQL (driver.h) for both engines. A publication
 * is one write: whether one existed (publish or republish) is read under the database-wide
 * writer lock the outermost write takes, so servers sharing a database agree on it. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "public.h"
#include "public_int.h"
#include "render/report_json.h"
#include "utf8.h"

#include <jansson.h>
#include <stdint.h>

#define REPORT_JSON_MAX (4u << 20)

/* Checks a report's JSON before publication. */
static int report_text_check(const char *text, int year, struct buf *err)
{
	size_t len = text ? strlen(text) : 0;
	if (len == 0 || len > REPORT_JSON_MAX || !utf8_valid(text, len)) {
		buf_setf(err, "报告内容为空、过大（不超过 4 MiB）或不是 UTF-8 文本");
		return ZF_EINVAL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc = 0;
	if (!root || !json_is_object(root)) {
		buf_setf(err, "报告不是有效的 JSON 对象");
		rc = ZF_EINVAL;
	} else {
		const char *schema = json_string_value(json_object_get(root, "schema"));
		json_t *y = json_object_get(root, "year");
		if (!schema || strcmp(schema, REPORT_JSON_SCHEMA) != 0) {
			buf_setf(err, "报告的 schema 应为 %s", REPORT_JSON_SCHEMA);
			rc = ZF_EINVAL;
		} else if (y && !json_is_null(y) &&
			   (!json_is_integer(y) || json_integer_value(y) != year)) {
			buf_setf(err, "报告中的年度与发布的年度（%d）不一致", year);
			rc = ZF_EINVAL;
		}
	}
	json_decref(root);
	return rc;
}

/* Whether agency_id has a publication for year (in *found). */
static int published_exists(struct store *st, long long agency_id, int year, bool *found)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT 1 FROM published_reports WHERE agency_id = ? AND year = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	rc = db_step(s);
	*found = rc == DB_ROW;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int published_upsert(struct store *st, const char *actor, long long agency_id, int year,
			    const char *json_text, const char *at)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO published_reports (agency_id, year, report_json,"
			    " published_by, published_at) VALUES (?, ?, ?, ?, ?)"
			    " ON CONFLICT (agency_id, year) DO UPDATE SET"
			    " report_json = excluded.report_json,"
			    " published_by = excluded.published_by,"
			    " published_at = excluded.published_at",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	db_bind_text(s, 3, json_text);
	db_bind_text(s, 4, actor);
	db_bind_text(s, 5, at ? at : now);
	return db_run(s);
}

/* "YYYY-MM-DDTHH:MM:SSZ" */
static bool timestamp_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

static int publish_at(struct store *st, const char *actor, long long agency_id, int year,
		      const char *json_text, const char *at, struct buf *err);

int store_report_publish(struct store *st, const char *actor, long long agency_id, int year,
			 const char *json_text, struct buf *err)
{
	return publish_at(st, actor, agency_id, year, json_text, NULL, err);
}

int store_report_publish_dated(struct store *st, const char *actor, long long agency_id, int year,
			       const char *json_text, const char *published_at, struct buf *err)
{
	if (!published_at || !timestamp_ok(published_at)) {
		buf_setf(err, "发布时间格式不正确");
		return ZF_EINVAL;
	}
	return publish_at(st, actor, agency_id, year, json_text, published_at, err);
}

int store_report_year_check(int year, zf_day today, struct buf *err)
{
	if (year >= date_to_ymd(today).y) {
		buf_setf(err,
			 "%d年度尚未结束，不能发布该年度的报告。年度报告应在次年 1 月 1 日至"
			 " 1 月 31 日之间发布。",
			 year);
		return ZF_ESTATE;
	}
	return 0;
}

/* The Beijing day of a "YYYY-MM-DDTHH:MM:SSZ" stamp (checked by timestamp_ok). */
static zf_day beijing_day(const char *at)
{
	zf_day d = 0;
	if (date_parse((struct str){at, 10}, &d))
		return 0;
	int hour = (at[11] - '0') * 10 + (at[12] - '0');
	return hour >= 16 ? d + 1 : d;
}

static int publish_at(struct store *st, const char *actor, long long agency_id, int year,
		      const char *json_text, const char *at, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (year < 2008 || year > 2199) {
		buf_setf(err, "年度 %d 不在 2008 至 2199 之间", year);
		return ZF_EINVAL;
	}
	/* 条例 Art. 49: the report of a year is published after it ended, by 31 January */
	int rc = store_report_year_check(year, at ? beijing_day(at) : date_today(), err);
	if (rc)
		return rc;
	rc = report_text_check(json_text, year, err);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "没有编号为 %lld 的机关", agency_id);
		return ZF_ENOENT;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	bool before = false;
	rc = published_exists(st, agency_id, year, &before);
	if (!rc)
		rc = published_upsert(st, actor, agency_id, year, json_text, at);
	if (!rc) {
		char object[40], detail[40];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d bytes=%zu", year, strlen(json_text));
		rc = store_audit(st, actor, before ? "report.republish" : "report.publish", object,
				 detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法发布报告：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

int store_report_unpublish(struct store *st, const char *actor, long long agency_id, int year)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st, "DELETE FROM published_reports WHERE agency_id = ? AND year = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_int(s, 2, year);
		rc = db_step(s);
		if (rc == DB_DONE && db_changes(s) == 0)
			rc = ZF_ENOENT;
		db_finish(s);
	}
	if (!rc) {
		char object[40], detail[24];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "year=%d", year);
		rc = store_audit(st, actor, "report.unpublish", object, detail);
	}
	return store_write_end(st, rc);
}

static int read_published(struct db_stmt *s, struct arena *a, struct published_report *r,
			  bool with_json)
{
	r->agency_id = db_col_int(s, 0);
	r->agency_name = public_col_text(s, a, 1);
	r->year = (int)db_col_int(s, 2);
	r->published_at = public_col_text(s, a, 3);
	r->published_by = public_col_text(s, a, 4);
	if (!r->agency_name || !r->published_at || !r->published_by)
		return ZF_ENOMEM;
	if (with_json) {
		r->report_json = public_col_text(s, a, 5);
		if (!r->report_json)
			return ZF_ENOMEM;
		r->report_json_len = strlen(r->report_json);
	}
	return 0;
}

int store_report_published_list(struct store *st, struct arena *arena, long long agency_id,
				size_t limit, struct published_report **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT r.agency_id, a.name, r.year, r.published_at, r.published_by"
			    " FROM published_reports r JOIN agencies a ON a.id = r.agency_id"
			    " WHERE (CAST(?1 AS BIGINT) = 0 OR r.agency_id = ?1)"
			    " ORDER BY r.year DESC, r.agency_id LIMIT ?2",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	/* no limit: the largest one both engines take (never LIMIT -1) */
	db_bind_int(s, 2, limit && limit < (size_t)INT64_MAX ? (long long)limit : INT64_MAX);
	struct published_report *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct published_report *grown =
		    arena_grow(arena, list, len, &alloc, sizeof(*list));
		if (!grown) {
			rc = ZF_ENOMEM;
			break;
		}
		list = grown;
		memset(&list[len], 0, sizeof(list[len]));
		rc = read_published(s, arena, &list[len], false);
		if (rc)
			break;
		len++;
	}
	db_finish(s);
	if (!rc) {
		*out = list;
		*n = len;
	}
	return rc;
}

int store_report_published_get(struct store *st, struct arena *arena, long long agency_id, int year,
			       struct published_report *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT r.agency_id, a.name, r.year, r.published_at, r.published_by,"
			    " r.report_json FROM published_reports r"
			    " JOIN agencies a ON a.id = r.agency_id"
			    " WHERE r.agency_id = ? AND r.year = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, year);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_published(s, arena, out, true);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}
