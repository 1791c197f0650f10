/* letters.c: reply letters (答复书, web.h), written once in portable SQL (driver.h) for both
 * engines. The number, the REPLIED event and the letter are one write: the outermost write
 * holds the database-wide writer lock, so two servers never hand out one number twice. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "requests.h"
#include "utf8.h"
#include "web.h"

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

static int request_agency(struct store *st, long long request_id, long long *agency_id)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT agency_id FROM requests WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*agency_id = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

static int letter_insert(struct store *st, const char *actor, const struct reply_new *rp,
			 long long agency_id, int year, int number, const char *letter_no)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO reply_letters (request_id, agency_id, year, number,"
			    " letter_no, decision, agency_name, applicant, body, replied_on,"
			    " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_int(s, 1, rp->request_id);
	db_bind_int(s, 2, agency_id);
	db_bind_int(s, 3, year);
	db_bind_int(s, 4, number);
	db_bind_text(s, 5, letter_no);
	db_bind_text(s, 6, rp->decision);
	db_bind_text(s, 7, rp->agency_name);
	db_bind_text(s, 8, rp->applicant);
	db_bind_text(s, 9, rp->body);
	db_bind_day(s, 10, rp->on);
	db_bind_text(s, 11, now);
	db_bind_text(s, 12, actor);
	return db_run(s);
}

int store_reply_issue(struct store *st, const char *actor, const struct calendar *cal,
		      struct arena *arena, const struct reply_new *rp, struct reply_letter *out,
		      struct buf *err)
{
	if (!actor || !*actor || !rp->decision || !rp->on || !text_ok(rp->agency_name, 200) ||
	    !text_ok(rp->applicant, 2000) || !text_ok(rp->body, 40000) || !*rp->body) {
		buf_setf(err, "答复书的内容不完整");
		return ZF_EINVAL;
	}
	/* a reply dated ahead of today takes no number */
	struct clock_event when = {.kind = CLOCK_REPLIED, .on = rp->on};
	struct buf why = BUF_INIT;
	int rc = store_request_dates_check(&when, 1, 0, &why);
	if (rc) {
		buf_setf(err, "该事件不成立：%s", buf_cstr(&why));
		buf_free(&why);
		return rc;
	}
	buf_free(&why);
	int year = date_to_ymd(rp->on).y, number = 0;
	char letter_no[64];
	long long agency_id = 0;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = request_agency(st, rp->request_id, &agency_id);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的申请", rp->request_id);
	if (!rc)
		rc = store_letter_number(st, actor, agency_id, year, &number);
	if (!rc) {
		reply_letter_no(year, number, letter_no, sizeof(letter_no));
		struct clock_event ev = {
		    .kind = CLOCK_REPLIED,
		    .on = rp->on,
		    .decision = rp->decision,
		    .letter_no = letter_no,
		};
		/* the clock refuses a second reply (REPLIED is final), so a request never gets
		 * here with a letter already stored */
		rc = store_request_event(st, actor, cal, rp->request_id, &ev, NULL, err);
	}
	if (!rc) {
		rc = letter_insert(st, actor, rp, agency_id, year, number, letter_no);
		if (rc == ZF_EINVAL && err && !err->len)
			buf_setf(err, "该申请已有答复书");
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
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT request_id, agency_id, year, number, letter_no, decision,"
			    " agency_name, applicant, body, replied_on, created_at, created_by"
			    " FROM reply_letters WHERE request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->request_id = db_col_int(s, 0);
		out->agency_id = db_col_int(s, 1);
		out->year = (int)db_col_int(s, 2);
		out->number = (int)db_col_int(s, 3);
		out->letter_no = db_col_str(s, arena, 4);
		out->decision = db_col_str(s, arena, 5);
		out->agency_name = db_col_str(s, arena, 6);
		out->applicant = db_col_str(s, arena, 7);
		out->body = db_col_str(s, arena, 8);
		out->replied_on = db_col_day(s, 9);
		out->created_at = db_col_str(s, arena, 10);
		out->created_by = db_col_str(s, arena, 11);
		rc = out->letter_no && out->decision && out->agency_name && out->applicant &&
			     out->body && out->created_at && out->created_by
			 ? 0
			 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}
