/* oversight_supervise.c: 督办 (oversight.h): the overdue requests and messages of a set of
 * agencies in one list, and the reminders a 主管部门 records on them (who, when, a note),
 * each audited and mailed to the agency's contact address through the outbox. Written once
 * in portable SQL for both engines. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "law/idcheck.h"
#include "law/calendar.h"
#include "oversight.h"
#include "oversight_int.h"
#include "agencies.h"
#include "requests.h"
#include "utf8.h"

#define OVERDUE_REQUESTS_MAX 1000

const char *oversight_kind_key(enum oversight_kind k)
{
	return k == OVERSIGHT_MESSAGE ? "message" : "request";
}

const char *oversight_kind_label(enum oversight_kind k)
{
	return k == OVERSIGHT_MESSAGE ? "政民互动留言" : "依申请公开";
}

int oversight_kind_parse(const char *key, enum oversight_kind *out)
{
	if (key && !strcmp(key, "request"))
		*out = OVERSIGHT_REQUEST;
	else if (key && !strcmp(key, "message"))
		*out = OVERSIGHT_MESSAGE;
	else
		return ZF_EINVAL;
	return 0;
}

/* The count and last time of the reminders of every item of `kind` among agencies. */
static int reminder_marks(struct store *st, const long long *ag, size_t n, struct oversight_item *v,
			  size_t nv, struct arena *a)
{
	struct db_stmt *s;
	int rc = oversight_prepare_in(st,
				      "SELECT kind, item_id, count(*), max(created_at)"
				      " FROM oversight_reminders WHERE agency_id IN (@)"
				      " GROUP BY kind, item_id",
				      n, &s);
	if (rc)
		return rc;
	oversight_bind_in(s, 1, ag, n);
	while ((rc = db_step(s)) == DB_ROW) {
		enum oversight_kind k;
		if (oversight_kind_parse(db_col_text(s, 0), &k))
			continue;
		long long id = db_col_int(s, 1);
		for (size_t i = 0; i < nv; i++)
			if (v[i].kind == k && v[i].id == id) {
				v[i].reminders = db_col_int(s, 2);
				v[i].reminded_at = db_col_str(s, a, 3);
			}
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

static int item_order(const void *x, const void *y)
{
	const struct oversight_item *a = x, *b = y;
	if (a->stale != b->stale)
		return a->stale ? -1 : 1;
	if (a->days_over != b->days_over)
		return a->days_over > b->days_over ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int store_oversight_overdue(struct store *st, struct arena *a, const struct calendar *cal,
			    const long long *agencies, size_t n, zf_day today,
			    struct oversight_item **out, size_t *nout, bool *messages_known)
{
	*out = NULL;
	*nout = 0;
	if (messages_known)
		*messages_known = true;
	if (n == 0)
		return 0;
	struct request_filter f = {.agencies = agencies,
				   .nagencies = n,
				   .state = "open",
				   .today = today,
				   .cal = cal,
				   .overdue_only = true,
				   .limit = OVERDUE_REQUESTS_MAX};
	struct request_row2 *rows = NULL;
	size_t nrows = 0;
	int rc = store_request_queue(st, a, &f, &rows, &nrows);
	if (rc)
		return rc;
	struct oversight_item *v = NULL;
	size_t nv = 0, alloc = 0;
	for (size_t i = 0; i < nrows; i++) {
		v = arena_grow(a, v, nv, &alloc, sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		const struct request_row2 *r = &rows[i];
		v[nv++] = (struct oversight_item){.kind = OVERSIGHT_REQUEST,
						  .id = r->id,
						  .agency_id = r->agency_id,
						  .agency_name = r->agency_name,
						  .title = r->description,
						  .handler = r->handler_name,
						  .received_on = r->received_on,
						  .due_on = r->due_on,
						  .days_over = -r->days_left,
						  .reminded_at = ""};
	}
	for (size_t k = 0; k < n; k++) {
		struct message_overdue *m = NULL;
		size_t nm = 0;
		rc = store_message_overdue(st, a, cal, agencies[k], today, &m, &nm);
		if (rc == ZF_ESTATE) {
			if (messages_known)
				*messages_known = false;
			break;
		}
		if (rc)
			return rc;
		for (size_t i = 0; i < nm; i++) {
			v = arena_grow(a, v, nv, &alloc, sizeof(*v));
			if (!v)
				return ZF_ENOMEM;
			v[nv++] = (struct oversight_item){.kind = OVERSIGHT_MESSAGE,
							  .id = m[i].id,
							  .agency_id = m[i].agency_id,
							  .agency_name = "",
							  .title = m[i].title ? m[i].title : "",
							  .handler = "",
							  .received_on = m[i].accepted_on,
							  .due_on = m[i].due_on,
							  .days_over = m[i].days_over,
							  .stale = m[i].stale,
							  .reminded_at = ""};
		}
	}
	if (nv) {
		/* the messages' agency names */
		struct agency *ag = NULL;
		size_t nag = 0;
		rc = store_agency_list(st, a, &ag, &nag);
		if (rc)
			return rc;
		for (size_t i = 0; i < nv; i++)
			if (v[i].kind == OVERSIGHT_MESSAGE)
				for (size_t j = 0; j < nag; j++)
					if (ag[j].id == v[i].agency_id)
						v[i].agency_name = ag[j].name;
		rc = reminder_marks(st, agencies, n, v, nv, a);
		if (rc)
			return rc;
		qsort(v, nv, sizeof(*v), item_order);
	}
	*out = v;
	*nout = nv;
	return 0;
}

static bool in_scope(long long id, const long long *scope, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (scope[i] == id)
			return true;
	return false;
}

/* The open item (kind, id) in scope: its agency, days over, title. ZF_ENOENT otherwise. */
static int find_item(struct store *st, struct arena *a, const struct calendar *cal,
		     enum oversight_kind kind, long long id, const long long *scope, size_t nscope,
		     zf_day today, long long *agency, int *days_over, const char **title)
{
	if (kind == OVERSIGHT_REQUEST) {
		struct request_meta rm;
		int rc = store_request_meta(st, a, id, &rm);
		if (rc)
			return rc;
		if (rm.closed_on || !in_scope(rm.agency_id, scope, nscope))
			return ZF_ENOENT;
		*agency = rm.agency_id;
		*days_over = rm.due_on && rm.due_on < today
				 ? cal_count_working_days(cal, rm.due_on, today)
				 : 0;
		struct request_record rec;
		rc = store_request_get(st, a, id, &rec);
		*title = rc ? "" : rec.description;
		return rc;
	}
	/* messages: only through the messages area's public list of overdue ones */
	for (size_t k = 0; k < nscope; k++) {
		struct message_overdue *m = NULL;
		size_t nm = 0;
		int rc = store_message_overdue(st, a, cal, scope[k], today, &m, &nm);
		if (rc == ZF_ESTATE)
			return ZF_ENOENT;
		if (rc)
			return rc;
		for (size_t i = 0; i < nm; i++)
			if (m[i].id == id && m[i].agency_id == scope[k]) {
				*agency = scope[k];
				*days_over = m[i].days_over;
				*title = m[i].title ? m[i].title : "";
				return 0;
			}
	}
	return ZF_ENOENT;
}

/* Queues the reminder's e-mail to the agency's contact address: *mailed = 1 when queued. */
static int remind_mail(struct store *st, struct arena *a, enum oversight_kind kind,
		       long long item_id, long long agency, int days_over, const char *title,
		       const char *note, const char *actor, int *mailed)
{
	*mailed = 0;
	struct agency_info ai;
	int rc = store_agency_get(st, a, agency, &ai);
	if (rc || !idcheck_email(ai.email))
		return rc;
	struct buf subject = BUF_INIT, body = BUF_INIT;
	buf_printf(&subject, "【督办】%s第%lld号已逾期%d个工作日", oversight_kind_label(kind),
		   item_id, days_over);
	buf_printf(&body,
		   "%s：\n\n您单位办理的%s第%lld号（%s）已超过办理期限%d个工作日，"
		   "请抓紧办理并及时反馈。\n",
		   ai.name, oversight_kind_label(kind), item_id, title, days_over);
	if (note && *note)
		buf_printf(&body, "\n督办意见：%s\n", note);
	buf_printf(&body, "\n督办人：%s\n\n本邮件由政府信息公开平台自动发送，请勿直接回复。\n",
		   actor);
	struct db_stmt *s = NULL;
	rc = subject.failed || body.failed
		 ? ZF_ENOMEM
		 : db_prepare(st,
			      "INSERT INTO mail_outbox (kind, to_addr, subject, body)"
			      " VALUES ('oversight.remind', ?, ?, ?)",
			      &s);
	if (!rc) {
		db_bind_text(s, 1, ai.email);
		db_bind_text(s, 2, buf_cstr(&subject));
		db_bind_text(s, 3, buf_cstr(&body));
		rc = db_run(s);
	}
	if (!rc)
		*mailed = 1;
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

int store_oversight_remind(struct store *st, const char *actor, const struct calendar *cal,
			   enum oversight_kind kind, long long item_id, const char *note,
			   const long long *scope, size_t nscope, zf_day today, long long *id,
			   struct buf *err)
{
	if (!actor || !*actor || !cal || item_id <= 0)
		return ZF_EINVAL;
	if (!note)
		note = "";
	if (!utf8_valid(note, strlen(note))) {
		buf_setf(err, "督办意见含有无法识别的字符");
		return ZF_EINVAL;
	}
	if (utf8_count(note, strlen(note)) > OVERSIGHT_NOTE_MAX) {
		buf_setf(err, "督办意见不能超过%d个字", OVERSIGHT_NOTE_MAX);
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
	long long agency = 0, rid = 0;
	int days_over = 0, mailed = 0;
	const char *title = "";
	rc =
	    find_item(st, a, cal, kind, item_id, scope, nscope, today, &agency, &days_over, &title);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有可督办的%s第%lld号", oversight_kind_label(kind), item_id);
	if (!rc)
		rc = remind_mail(st, a, kind, item_id, agency, days_over, title, note, actor,
				 &mailed);
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO oversight_reminders (kind, item_id, agency_id, note,"
				" days_over, mailed, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
				" RETURNING id",
				&s);
	if (!rc) {
		db_bind_text(s, 1, oversight_kind_key(kind));
		db_bind_int(s, 2, item_id);
		db_bind_int(s, 3, agency);
		db_bind_text(s, 4, note);
		db_bind_int(s, 5, days_over);
		db_bind_int(s, 6, mailed);
		db_bind_text(s, 7, actor);
		rc = db_run_id(s, &rid);
	}
	if (!rc) {
		char object[64], detail[96];
		snprintf(object, sizeof(object), "%s:%lld", oversight_kind_key(kind), item_id);
		snprintf(detail, sizeof(detail), "reminder=%lld agency=%lld days_over=%d mailed=%d",
			 rid, agency, days_over, mailed);
		rc = store_audit(st, actor, "oversight.remind", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法记录督办：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = rid;
	arena_free(a);
	return rc;
}

int store_oversight_reminders(struct store *st, struct arena *a, const long long *agencies,
			      size_t n, enum oversight_kind kind, long long item_id, size_t limit,
			      struct oversight_reminder **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	if (limit == 0 || limit > 1000)
		limit = 200;
	struct db_stmt *s;
	int rc = oversight_prepare_in(
	    st,
	    "SELECT o.id, o.kind, o.item_id, o.agency_id, g.name, o.note, o.created_by,"
	    " o.created_at, o.days_over, o.mailed FROM oversight_reminders o"
	    " JOIN agencies g ON g.id = o.agency_id WHERE o.agency_id IN (@)"
	    " AND (CAST(? AS BIGINT) = 0 OR (o.kind = ? AND o.item_id = CAST(? AS BIGINT)))"
	    " ORDER BY o.created_at DESC, o.id DESC LIMIT ?",
	    n, &s);
	if (rc)
		return rc;
	int i = oversight_bind_in(s, 1, agencies, n);
	db_bind_int(s, i, item_id > 0 ? item_id : 0);
	db_bind_text(s, i + 1, oversight_kind_key(kind));
	db_bind_int(s, i + 2, item_id > 0 ? item_id : 0);
	db_bind_int(s, i + 3, (long long)limit);
	struct oversight_reminder *v = NULL;
	size_t nv = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, nv, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct oversight_reminder *r = &v[nv++];
		r->id = db_col_int(s, 0);
		if (oversight_kind_parse(db_col_text(s, 1), &r->kind))
			r->kind = OVERSIGHT_REQUEST;
		r->item_id = db_col_int(s, 2);
		r->agency_id = db_col_int(s, 3);
		r->agency_name = db_col_str(s, a, 4);
		r->note = db_col_str(s, a, 5);
		r->created_by = db_col_str(s, a, 6);
		r->created_at = db_col_str(s, a, 7);
		r->days_over = (int)db_col_int(s, 8);
		r->mailed = (int)db_col_int(s, 9);
	}
	db_finish(s);
	if (rc == DB_DONE) {
		*out = v;
		*nout = nv;
		rc = 0;
	}
	return rc;
}
