/* request.c: the store front for requests and review cases: validates once for all
 * backends, runs the clock before anything is written, and wraps every write with its
 * audit-log line in one savepoint, so a refused write leaves the database as it was. */
#include "common.h"
#include "arena.h"
#include "db_backend.h"
#include "utf8.h"

#define TEXT_MAX 2000 /* code points in a free-text field */

int store_batch_begin(struct store *st)
{
	return st->ops->begin(st);
}

int store_batch_commit(struct store *st)
{
	return st->ops->commit(st);
}

int store_batch_rollback(struct store *st)
{
	return st->ops->rollback(st);
}

int store_agency_exists(struct store *st, long long id, bool *exists)
{
	*exists = false;
	return id > 0 ? st->ops->agency_exists(st, id, exists) : 0;
}

int store_agency_subtree(struct store *st, long long id, bool subordinates, long long **ids,
			 size_t *n)
{
	return st->ops->agency_subtree(st, id, subordinates, ids, n);
}

/* Valid UTF-8 of at most TEXT_MAX code points; NULL and "" pass unless required. */
static bool text_ok(const char *s, bool required)
{
	if (!s || !*s)
		return !required;
	size_t len = strlen(s);
	return utf8_valid(s, len) && utf8_count(s, len) <= TEXT_MAX;
}

static int finish(struct store *st, int rc)
{
	if (rc) {
		st->ops->rollback_to(st);
		return rc;
	}
	rc = st->ops->release(st);
	if (rc)
		st->ops->rollback_to(st);
	return rc;
}

/* Rewrites the stored outcome from the whole history. */
static int refresh_outcome(struct store *st, const struct calendar *cal, long long id,
			   const struct clock_event *ev, size_t n, struct buf *err)
{
	struct clock_status cs;
	int rc = clock_compute(cal, ev, n, ev[n - 1].on, &cs, err);
	if (rc)
		return rc;
	rc =
	    st->ops->request_outcome(st, id, cs.state, cs.closed ? cs.closed_on : 0, cs.report_row);
	clock_status_free(&cs);
	return rc;
}

int store_request_add(struct store *st, const char *actor, const struct calendar *cal,
		      const struct request_new *rq, const struct clock_event *ev, size_t n,
		      long long *id, struct buf *err)
{
	if (!actor || !*actor || (unsigned)rq->applicant_type >= REPORT_COL_TOTAL ||
	    !text_ok(rq->applicant_name, true) || !text_ok(rq->description, true) ||
	    !text_ok(rq->id_no, false) || !text_ok(rq->phone, false) ||
	    !text_ok(rq->address, false)) {
		buf_setf(err, "申请人姓名（名称）和申请内容必填，各项文字须为 UTF-8 且不超过 %d 字",
			 TEXT_MAX);
		return ZF_EINVAL;
	}
	if (n == 0 || ev[0].kind != CLOCK_RECEIVED) {
		buf_setf(err, "申请的第一个事件必须是“收到申请”");
		return ZF_EINVAL;
	}
	size_t bad = 0;
	struct buf why = BUF_INIT;
	int rc = clock_check(cal, ev, n, &bad, &why);
	if (rc) {
		buf_setf(err, "第 %zu 个事件不成立：%s", bad + 1, buf_cstr(&why));
		buf_free(&why);
		return rc;
	}
	buf_free(&why);
	bool exists = false;
	long long rid = 0;
	rc = st->ops->savepoint(st);
	if (rc)
		return rc;
	rc = store_agency_exists(st, rq->agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", rq->agency_id);
		rc = ZF_ENOENT;
	}
	if (!rc)
		rc = st->ops->request_insert(st, rq, &ev[0], &rid);
	for (size_t i = 0; !rc && i < n; i++)
		rc = st->ops->request_event_insert(st, rid, (int)i + 1, &ev[i]);
	if (!rc)
		rc = refresh_outcome(st, cal, rid, ev, n, err);
	if (!rc) {
		/* no personal data here: the audit log is read by more people than the file */
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", rid);
		snprintf(detail, sizeof(detail),
			 "agency=%lld applicant_type=%s received_on=%s events=%zu", rq->agency_id,
			 report_t3_cols[rq->applicant_type].key, date_format(ev[0].on, day), n);
		rc = st->ops->audit(st, actor, "request.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存申请：%s", zf_strerror(rc));
	rc = finish(st, rc);
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
	int rc = st->ops->savepoint(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = st->ops->request_get(st, a, request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", request_id);
	if (!rc) {
		struct buf why = BUF_INIT;
		rc = clock_apply(cal, rec.events, rec.nevents, ev, &why);
		if (rc)
			buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
	}
	int n = (int)rec.nevents + 1;
	if (!rc)
		rc = st->ops->request_event_insert(st, request_id, n, ev);
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
	if (!rc) {
		char object[40], detail[160], day[11];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d kind=%s on=%s%s%s", n,
			 clock_event_key(ev->kind), date_format(ev->on, day),
			 ev->kind == CLOCK_REPLIED ? " decision=" : "",
			 ev->kind == CLOCK_REPLIED && ev->decision ? ev->decision : "");
		rc = st->ops->audit(st, actor, "request.event", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存事件：%s", zf_strerror(rc));
	rc = finish(st, rc);
	if (!rc && seq)
		*seq = n;
	arena_free(a);
	return rc;
}

int store_request_get(struct store *st, struct arena *arena, long long id,
		      struct request_record *out)
{
	return st->ops->request_get(st, arena, id, out);
}

int store_request_list(struct store *st, struct arena *arena, long long agency_id, size_t limit,
		       struct request_row **out, size_t *n)
{
	return st->ops->request_list(st, arena, agency_id, limit, out, n);
}

int store_request_count(struct store *st, long long *count)
{
	return st->ops->request_count(st, count);
}

int store_review_add(struct store *st, const char *actor, const struct review_new *rv,
		     long long *id, struct buf *err)
{
	if (!actor || !*actor || (unsigned)rv->kind >= REPORT_T4_GROUPS ||
	    !text_ok(rv->body, false))
		return ZF_EINVAL;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct request_record rec;
	long long rid = 0;
	int rc = st->ops->savepoint(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = st->ops->request_get(st, a, rv->request_id, &rec);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rv->request_id);
	if (!rc && rv->filed_on < rec.events[0].on) {
		buf_setf(err, "复议或起诉的日期早于收到申请的日期");
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = st->ops->review_insert(st, rv, &rid);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", rid);
		snprintf(detail, sizeof(detail), "request=%lld kind=%s filed_on=%s", rv->request_id,
			 report_t4_groups[rv->kind].key, date_format(rv->filed_on, day));
		rc = st->ops->audit(st, actor, "review.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存案件：%s", zf_strerror(rc));
	rc = finish(st, rc);
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
	int rc = st->ops->savepoint(st);
	if (rc)
		return rc;
	rc = st->ops->review_get(st, review_id, &cur);
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
	if (!rc)
		rc = st->ops->review_decide(st, review_id, outcome, on);
	if (!rc) {
		char object[40], detail[120], day[11];
		snprintf(object, sizeof(object), "review:%lld", review_id);
		snprintf(detail, sizeof(detail), "outcome=%s decided_on=%s",
			 report_t4_field_keys[outcome], date_format(on, day));
		rc = st->ops->audit(st, actor, "review.decide", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存结果：%s", zf_strerror(rc));
	return finish(st, rc);
}

int store_review_list(struct store *st, struct arena *arena, long long agency_id,
		      struct review_row **out, size_t *n)
{
	return st->ops->review_list(st, arena, agency_id, out, n);
}

int store_report_cases(struct store *st, const long long *agencies, size_t nagencies, int year,
		       struct report_gen_request **req, size_t *nreq,
		       struct report_gen_review **rev, size_t *nrev)
{
	return st->ops->report_cases(st, agencies, nagencies, year, req, nreq, rev, nrev);
}
