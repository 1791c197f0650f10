/* reviews.c: 行政复议 and 行政诉讼 cases linked to requests (db.h), written once against the
 * driver for both engines. Every write is all-or-nothing with its audit line. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "requests.h"
#include "utf8.h"

#define TEXT_MAX 2000 /* code points in a free-text field */

#define REVIEW_COLUMNS                                                                             \
	"SELECT c.id, c.request_id, r.agency_id, c.kind, c.filed_on, c.decided_on, c.outcome,"     \
	" c.body FROM review_cases c JOIN requests r ON r.id = c.request_id"

/* Appends one line of a case's history; seq follows the last one. */
static int review_event(struct store *st, long long review_id, const char *kind, zf_day on,
			const char *outcome)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO review_events (review_id, seq, kind, on_date, outcome)"
			    " SELECT CAST(?1 AS BIGINT), coalesce(max(seq), 0) + 1,"
			    " CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT)"
			    " FROM review_events WHERE review_id = ?1",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, review_id);
	db_bind_text(s, 2, kind);
	db_bind_day(s, 3, on);
	db_bind_text(s, 4, outcome);
	return db_run(s);
}

static void fill_review(struct db_stmt *s, struct arena *a, struct review_row *r)
{
	r->id = db_col_int(s, 0);
	r->request_id = db_col_int(s, 1);
	r->agency_id = db_col_int(s, 2);
	int g = report_t4_group_by_key(db_col_text(s, 3));
	r->kind = g < 0 ? REPORT_T4_REVIEW : (enum report_t4_group)g;
	r->filed_on = db_col_day(s, 4);
	r->decided_on = db_col_day(s, 5);
	int f = report_t4_field_by_key(db_col_text(s, 6));
	r->outcome = f < 0 ? REPORT_T4_PENDING : (enum report_t4_field)f;
	r->body = a ? db_col_str(s, a, 7) : NULL;
}

/* Loads one case (body left NULL): 0 or ZF_ENOENT. */
static int review_get(struct store *st, long long id, struct review_row *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, REVIEW_COLUMNS " WHERE c.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	memset(out, 0, sizeof(*out));
	rc = db_step(s);
	if (rc == DB_ROW)
		fill_review(s, NULL, out);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

int store_review_add(struct store *st, const char *actor, const struct review_new *rv,
		     long long *id, struct buf *err)
{
	if (!actor || !*actor || (unsigned)rv->kind >= REPORT_T4_GROUPS)
		return ZF_EINVAL;
	if (rv->body && *rv->body &&
	    (!utf8_valid(rv->body, strlen(rv->body)) ||
	     utf8_count(rv->body, strlen(rv->body)) > TEXT_MAX))
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_meta rec;
	long long rid = 0;
	int rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_request_meta(st, a, rv->request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rv->request_id);
	if (!rc && rv->filed_on < rec.received_on) {
		buf_setf(err, "复议或起诉的日期早于收到申请的日期");
		rc = ZF_EINVAL;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO review_cases (request_id, kind, filed_on, body)"
				" VALUES (?, ?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_int(s, 1, rv->request_id);
		db_bind_text(s, 2, report_t4_groups[rv->kind].key);
		db_bind_day(s, 3, rv->filed_on);
		db_bind_text(s, 4, rv->body ? rv->body : "");
		rc = db_step(s);
		if (rc == DB_ROW) {
			rid = db_col_int(s, 0);
			rc = db_step(s);
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	if (!rc)
		rc = review_event(st, rid, "filed", rv->filed_on, NULL);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", rid);
		snprintf(detail, sizeof(detail), "request=%lld kind=%s filed_on=%s", rv->request_id,
			 report_t4_groups[rv->kind].key, date_format(rv->filed_on, day));
		rc = store_audit(st, actor, "review.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存案件：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = rid;
	arena_free(a);
	return rc;
}

int store_review_decide(struct store *st, const char *actor, long long review_id,
			enum report_t4_field outcome, zf_day on, struct buf *err)
{
	if (!actor || !*actor || outcome > REPORT_T4_OTHER)
		return ZF_EINVAL;
	struct review_row cur;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = review_get(st, review_id, &cur);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的复议或诉讼案件", review_id);
	if (!rc && cur.outcome != REPORT_T4_PENDING) {
		buf_setf(err, "该案件已经审结，不能再次登记结果");
		rc = ZF_ESTATE;
	}
	if (!rc && on < cur.filed_on) {
		buf_setf(err, "审结日期早于立案日期");
		rc = ZF_EINVAL;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st, "UPDATE review_cases SET outcome = ?, decided_on = ? WHERE id = ?", &s);
	if (!rc) {
		db_bind_text(s, 1, report_t4_field_keys[outcome]);
		db_bind_day(s, 2, on);
		db_bind_int(s, 3, review_id);
		rc = db_run(s);
	}
	if (!rc)
		rc = review_event(st, review_id, "decided", on, report_t4_field_keys[outcome]);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", review_id);
		snprintf(detail, sizeof(detail), "outcome=%s decided_on=%s",
			 report_t4_field_keys[outcome], date_format(on, day));
		rc = store_audit(st, actor, "review.decide", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存结果：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

int store_review_list(struct store *st, struct arena *a, long long agency_id,
		      struct review_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    REVIEW_COLUMNS " WHERE CAST(?1 AS BIGINT) = 0 OR r.agency_id = ?1"
					   " ORDER BY c.filed_on DESC, c.id DESC",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	struct review_row *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		fill_review(s, a, &list[len++]);
	}
	db_finish(s);
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}
