/* mail.c: the outbox of e-mails to applicants and the SMTP settings (applicant.h), in
 * portable SQL (driver.h). The texts are written when the event is recorded, so what was
 * sent is what the event said then; the sender (web/mail_send.c) only delivers. */
#include "common.h"
#include "applicant.h"
#include "arena.h"
#include "driver.h"
#include "law/clock.h"
#include "law/decision.h"
#include "law/idcheck.h"
#include "public_int.h"

#include <time.h>

/* 'YYYY-MM-DDTHH:MM:SSZ' (UTC) of t, as db_now writes it. */
static void stamp(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---------------------------------------------------------------- the texts */

/* The subject's ending and the body's first paragraph for an event; false for events the
 * applicant is not told about by e-mail. */
static bool event_text(const struct clock_event *ev, struct buf *subject, struct buf *body)
{
	char on[11], until[11];
	date_format(ev->on, on);
	switch (ev->kind) {
	case CLOCK_RECEIVED:
		buf_adds(subject, "已收到");
		buf_printf(body,
			   "受理机关已于 %s 收到您的政府信息公开申请，将在法定期限内"
			   "作出答复。",
			   on);
		return true;
	case CLOCK_SUPPLEMENT_REQUESTED:
		buf_adds(subject, "需要补正");
		buf_printf(body, "受理机关于 %s 告知您补正申请", on);
		if (ev->until)
			buf_printf(body, "，补正期限至 %s", date_format(ev->until, until));
		buf_adds(body, "。请在“办理进度查询”页面查看需要补正的内容，并可以在该页面在线"
			       "提交补正。无正当理由逾期不补正的，视为放弃申请（《中华人民共和国"
			       "政府信息公开条例》第三十条）。");
		return true;
	case CLOCK_SUPPLEMENT_RECEIVED:
		buf_adds(subject, "已收到补正");
		buf_printf(body,
			   "受理机关已于 %s 收到您补正后的申请，答复期限自该日起重新"
			   "计算。",
			   on);
		return true;
	case CLOCK_SUPPLEMENT_LAPSED:
		buf_adds(subject, "逾期未补正");
		buf_adds(body, "您未在补正期限内补正申请，视为放弃申请，受理机关不再处理。");
		return true;
	case CLOCK_CONSULTATION_STARTED:
		buf_adds(subject, "正在征求意见");
		buf_printf(body,
			   "受理机关于 %s 书面征求有关方面的意见，征求意见所需时间不计算"
			   "在答复期限内。",
			   on);
		return true;
	case CLOCK_EXTENSION_APPROVED:
		buf_adds(subject, "答复期限延长");
		buf_printf(body,
			   "经受理机关负责人同意，您的申请的答复期限自 %s 起延长 %d 个"
			   "工作日（条例第三十三条）。",
			   on, ev->days);
		return true;
	case CLOCK_FEE_NOTICE_SENT:
		buf_adds(subject, "收费通知");
		buf_printf(body,
			   "受理机关于 %s 向您发出收费通知。请在收到通知次日起 20 个工作日"
			   "内缴纳信息处理费，逾期未缴纳的，视为放弃申请。",
			   on);
		return true;
	case CLOCK_FEE_LAPSED:
		buf_adds(subject, "逾期未缴费");
		buf_adds(body, "您未在规定期限内缴纳信息处理费，视为放弃申请，受理机关不再处理。");
		return true;
	case CLOCK_REPLIED: {
		const struct decision *d = ev->decision ? decision_by_key(ev->decision) : NULL;
		buf_adds(subject, "已答复");
		buf_printf(body, "受理机关已于 %s 对您的申请作出答复：%s", on,
			   d ? d->label : "已答复");
		if (ev->letter_no && *ev->letter_no)
			buf_printf(body, "（%s）", ev->letter_no);
		buf_adds(body, "。答复书将按照您选择的方式送达。办结后，欢迎您在“办理进度"
			       "查询”页面对办理情况作出评价。");
		return true;
	}
	case CLOCK_WITHDRAWN:
		buf_adds(subject, "已撤回");
		buf_adds(body, "您的申请已撤回，受理机关不再处理。");
		return true;
	default: return false;
	}
}

int store_mail_enqueue(struct store *st, long long request_id, int seq,
		       const struct clock_event *ev)
{
	struct buf subject = BUF_INIT, body = BUF_INIT;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT d.email, g.name, r.query_code FROM application_details d"
			    " JOIN requests r ON r.id = d.request_id"
			    " JOIN agencies g ON g.id = r.agency_id WHERE d.request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	char *to = NULL, *agency = NULL, *code = NULL;
	bool found = rc == DB_ROW;
	if (found) {
		to = strdup(public_nz(db_col_text(s, 0)));
		agency = strdup(public_nz(db_col_text(s, 1)));
		code = strdup(public_nz(db_col_text(s, 2)));
		rc = to && agency && code ? 0 : ZF_ENOMEM;
	}
	db_finish(s);
	/* no details (a request registered by a clerk) or no e-mail: nobody to tell */
	if (!rc && (!found || !idcheck_email(to)))
		rc = 1;
	if (!rc) {
		buf_printf(&subject, "【%s】您的政府信息公开申请", agency);
		if (!event_text(ev, &subject, &body))
			rc = 1;
	}
	if (!rc) {
		buf_printf(&body,
			   "\n\n查询码：%s\n查看办理进度：请访问政府信息公开网站的“办理进度查询”"
			   "栏目，输入查询码和申请时填写的联系电话。\n\n本邮件由系统自动发送，"
			   "请勿直接回复。如有疑问，请与受理机关联系。\n%s\n",
			   code, agency);
		rc = db_prepare(st,
				"INSERT INTO mail_outbox (request_id, event_seq, kind, to_addr,"
				" subject, body) VALUES (?, ?, ?, ?, ?, ?)",
				&s);
	}
	if (!rc) {
		db_bind_int(s, 1, request_id);
		db_bind_int(s, 2, seq);
		db_bind_text(s, 3, clock_event_key(ev->kind));
		db_bind_text(s, 4, to);
		db_bind_text(s, 5, buf_cstr(&subject));
		db_bind_text(s, 6, buf_cstr(&body));
		rc = db_run(s);
	}
	free(to);
	free(agency);
	free(code);
	buf_free(&subject);
	buf_free(&body);
	return rc == 1 ? 0 : rc;
}

/* ---------------------------------------------------------------- claiming and settling */

#define ROW_COLUMNS                                                                                \
	"id, coalesce(request_id, 0), kind, to_addr, subject, body, state, attempts, next_at,"     \
	" coalesce(sent_at, ''), last_error, created_at,"                                          \
	" coalesce((SELECT agency_id FROM requests WHERE requests.id = mail_outbox.request_id), "  \
	"0)"

static int read_row(struct db_stmt *s, struct arena *a, struct mail_row *r)
{
	r->id = db_col_int(s, 0);
	r->request_id = db_col_int(s, 1);
	r->kind = public_col_text(s, a, 2);
	r->to = public_col_text(s, a, 3);
	r->subject = public_col_text(s, a, 4);
	r->body = public_col_text(s, a, 5);
	r->state = public_col_text(s, a, 6);
	r->attempts = (int)db_col_int(s, 7);
	r->next_at = public_col_text(s, a, 8);
	r->sent_at = public_col_text(s, a, 9);
	r->last_error = public_col_text(s, a, 10);
	r->created_at = public_col_text(s, a, 11);
	r->agency_id = db_col_int(s, 12);
	return r->kind && r->to && r->subject && r->body && r->state && r->next_at && r->sent_at &&
		       r->last_error && r->created_at
		   ? 0
		   : ZF_ENOMEM;
}

/* Reads the rows of a SELECT ROW_COLUMNS statement into an arena array. */
static int read_rows(struct db_stmt *s, struct arena *a, struct mail_row **out, size_t *n)
{
	struct mail_row *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &cap, sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		rc = read_row(s, a, &v[len]);
		if (rc)
			return rc;
		len++;
	}
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

/* Gives back the rows of senders that died mid-send. */
static int release_stale(struct store *st, time_t now)
{
	char before[21];
	stamp(now - MAIL_CLAIM_STALE, before);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(
	    st,
	    "UPDATE mail_outbox SET state = 'queued', claimed_by = NULL, claimed_at = NULL"
	    " WHERE state = 'sending' AND claimed_at < ?",
	    &s);
	if (!rc) {
		db_bind_text(s, 1, before);
		rc = db_run(s);
	}
	return store_write_end(st, rc);
}

int store_mail_claim(struct store *st, struct arena *arena, const char *claimer, time_t now,
		     size_t max, struct mail_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!claimer || !*claimer || !max)
		return ZF_EINVAL;
	int rc = release_stale(st, now);
	if (rc)
		return rc;
	char at[21];
	stamp(now, at);
	/* the candidates, read without a lock; the UPDATE below decides who gets each */
	long long *ids = arena_alloc(arena, max * sizeof(*ids));
	if (!ids)
		return ZF_ENOMEM;
	size_t nids = 0;
	struct db_stmt *s;
	rc = db_prepare(st,
			"SELECT id FROM mail_outbox WHERE state = 'queued' AND next_at <= ?"
			" ORDER BY next_at, id LIMIT ?",
			&s);
	if (rc)
		return rc;
	db_bind_text(s, 1, at);
	db_bind_int(s, 2, (long long)max);
	while ((rc = db_step(s)) == DB_ROW && nids < max)
		ids[nids++] = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	struct mail_row *v = arena_alloc(arena, (nids ? nids : 1) * sizeof(*v));
	if (!v)
		return ZF_ENOMEM;
	size_t len = 0;
	for (size_t i = 0; i < nids; i++) {
		rc = store_write_begin(st);
		if (rc)
			return rc;
		rc = db_prepare(st,
				"UPDATE mail_outbox SET state = 'sending', claimed_by = ?,"
				" claimed_at = ?, attempts = attempts + 1"
				" WHERE id = ? AND state = 'queued'",
				&s);
		bool mine = false;
		if (!rc) {
			db_bind_text(s, 1, claimer);
			db_bind_text(s, 2, at);
			db_bind_int(s, 3, ids[i]);
			rc = db_step(s);
			if (rc == DB_DONE) {
				mine = db_changes(s) == 1;
				rc = 0;
			}
			db_finish(s);
		}
		if (!rc && mine) {
			rc = db_prepare(st, "SELECT " ROW_COLUMNS " FROM mail_outbox WHERE id = ?",
					&s);
			if (!rc) {
				db_bind_int(s, 1, ids[i]);
				rc = db_step(s);
				rc = rc == DB_ROW ? read_row(s, arena, &v[len])
				     : rc < 0	  ? rc
						  : ZF_EDB;
				db_finish(s);
			}
		}
		rc = store_write_end(st, rc);
		if (rc)
			return rc;
		if (mine)
			len++;
	}
	*out = v;
	*n = len;
	return 0;
}

/* The wait before attempt k + 1 after k failed attempts: 1, 4, 16, 64 minutes. */
static long backoff_seconds(int attempts)
{
	long s = 60;
	for (int i = 1; i < attempts && i < 8; i++)
		s *= 4;
	return s;
}

int store_mail_settle(struct store *st, long long id, const char *claimer, bool sent,
		      const char *error, time_t now)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	int attempts = 0;
	rc = db_prepare(st,
			"SELECT attempts FROM mail_outbox WHERE id = ? AND state = 'sending'"
			" AND claimed_by = ?",
			&s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, claimer);
		rc = db_step(s);
		if (rc == DB_ROW)
			attempts = (int)db_col_int(s, 0);
		rc = rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ESTATE : rc;
		db_finish(s);
	}
	char at[21], next[21];
	stamp(now, at);
	stamp(now + backoff_seconds(attempts), next);
	const char *state = sent ? "sent" : attempts >= MAIL_MAX_ATTEMPTS ? "failed" : "queued";
	/* the error as the library gave it, cut to a sane length on a character boundary */
	char why[300] = "";
	if (!sent && error) {
		size_t k = strlen(error) < sizeof(why) - 1 ? strlen(error) : sizeof(why) - 1;
		while (k > 0 && ((unsigned char)error[k] & 0xc0) == 0x80)
			k--;
		memcpy(why, error, k);
		why[k] = '\0';
	}
	if (!rc)
		rc = db_prepare(
		    st,
		    "UPDATE mail_outbox SET state = ?, claimed_by = NULL, claimed_at = NULL,"
		    " sent_at = CASE WHEN ? = 'sent' THEN CAST(? AS TEXT) ELSE NULL END,"
		    " next_at = CASE WHEN ? = 'queued' THEN CAST(? AS TEXT) ELSE next_at END,"
		    " last_error = ? WHERE id = ?",
		    &s);
	if (!rc) {
		db_bind_text(s, 1, state);
		db_bind_text(s, 2, state);
		db_bind_text(s, 3, at);
		db_bind_text(s, 4, state);
		db_bind_text(s, 5, next);
		db_bind_text(s, 6, sent ? "" : why);
		db_bind_int(s, 7, id);
		rc = db_run(s);
	}
	if (!rc) {
		char object[40], detail[80];
		snprintf(object, sizeof(object), "mail:%lld", id);
		snprintf(detail, sizeof(detail), "state=%s attempts=%d", state, attempts);
		rc = store_audit(st, claimer, "mail.settle", object, detail);
	}
	return store_write_end(st, rc);
}

int store_mail_list(struct store *st, struct arena *arena, const char *state, size_t limit,
		    struct mail_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT " ROW_COLUMNS " FROM mail_outbox"
			    " WHERE CAST(? AS TEXT) IS NULL OR state = ? ORDER BY id DESC LIMIT ?",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, state);
	db_bind_text(s, 2, state);
	db_bind_int(s, 3, limit ? (long long)limit : 200);
	rc = read_rows(s, arena, out, n);
	db_finish(s);
	return rc;
}

int store_mail_counts(struct store *st, long long counts[4])
{
	static const char *const states[4] = {"queued", "sending", "sent", "failed"};
	memset(counts, 0, 4 * sizeof(*counts));
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT state, count(*) FROM mail_outbox GROUP BY state", &s);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *k = db_col_text(s, 0);
		for (int i = 0; k && i < 4; i++)
			if (!strcmp(k, states[i]))
				counts[i] = db_col_int(s, 1);
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------- settings */

int store_mail_settings_get(struct store *st, struct arena *arena, struct mail_settings *out)
{
	memset(out, 0, sizeof(*out));
	out->host = out->sender = out->username = out->updated_at = out->updated_by = "";
	out->starttls = "try";
	out->port = 25;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT host, port, sender, starttls, username, coalesce(updated_at, ''),"
		       " coalesce(updated_by, '') FROM mail_settings WHERE id = 1",
		       &s);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->host = public_col_text(s, arena, 0);
		out->port = (int)db_col_int(s, 1);
		out->sender = public_col_text(s, arena, 2);
		out->starttls = public_col_text(s, arena, 3);
		out->username = public_col_text(s, arena, 4);
		out->updated_at = public_col_text(s, arena, 5);
		out->updated_by = public_col_text(s, arena, 6);
		rc = out->host && out->sender && out->starttls && out->username &&
			     out->updated_at && out->updated_by
			 ? 0
			 : ZF_ENOMEM;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static bool host_ok(const char *h)
{
	size_t n = strlen(h);
	if (n > 253)
		return false;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' ||
		      *p == '[' || *p == ']'))
			return false;
	return true;
}

int store_mail_settings_set(struct store *st, const char *actor, const struct mail_settings *in,
			    struct buf *err)
{
	const char *host = public_nz(in->host), *sender = public_nz(in->sender);
	const char *tls = in->starttls && *in->starttls ? in->starttls : "try";
	const char *user = public_nz(in->username);
	if (!host_ok(host)) {
		buf_setf(err, "SMTP 服务器地址只能由字母、数字、点和连字符组成");
		return ZF_EINVAL;
	}
	if (in->port < 1 || in->port > 65535) {
		buf_setf(err, "端口应为 1 到 65535 之间的整数");
		return ZF_EINVAL;
	}
	if ((*host || *sender) && !idcheck_email(sender)) {
		buf_setf(err, "请填写有效的发件人地址");
		return ZF_EINVAL;
	}
	if (strcmp(tls, "off") && strcmp(tls, "try") && strcmp(tls, "required")) {
		buf_setf(err,
			 "STARTTLS 只能是 off（不用）、try（服务器支持时使用）或 required（必须）");
		return ZF_EINVAL;
	}
	if (!public_text_ok(user, 200, false)) {
		buf_setf(err, "用户名不能超过 200 字，且不能含有控制字符");
		return ZF_EINVAL;
	}
	char at[21];
	db_now(at);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO mail_settings (id, host, port, sender, starttls, username,"
			" updated_at, updated_by) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)"
			" ON CONFLICT (id) DO UPDATE SET host = ?1, port = ?2, sender = ?3,"
			" starttls = ?4, username = ?5, updated_at = ?6, updated_by = ?7",
			&s);
	if (!rc) {
		db_bind_text(s, 1, host);
		db_bind_int(s, 2, in->port);
		db_bind_text(s, 3, sender);
		db_bind_text(s, 4, tls);
		db_bind_text(s, 5, user);
		db_bind_text(s, 6, at);
		db_bind_text(s, 7, actor);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[400];
		snprintf(detail, sizeof(detail), "host=%s port=%d starttls=%s", host, in->port,
			 tls);
		rc = store_audit(st, actor, "mail.settings", "mail", detail);
	}
	return store_write_end(st, rc);
}
