/* applicant.c: the applicant's own steps after applying (applicant.h): the supplement
 * submitted online and the rating of the handling, and the migration of the applicant area
 * (the outbox and mail settings of mail.c included), in portable SQL (driver.h). */
#include "common.h"
#include "applicant.h"
#include "arena.h"
#include "driver.h"
#include "law/clock.h"
#include "public_int.h"
#include "requests.h"

extern const char schema_applicant[];

/* request_supplements: the text of a supplement submitted online, one per request (the law
 * allows one 补正). request_ratings: one 好差评 per request, with its agency for the
 * per-agency summary. mail_outbox: e-mails to applicants (state queued → sending → sent, or
 * back to queued after a failure, or failed). mail_settings: one row, the SMTP server. */
const char schema_applicant[] =
    "CREATE TABLE request_supplements (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  event_seq INTEGER NOT NULL CHECK (event_seq >= 2),\n"
    "  body TEXT NOT NULL CHECK (length(body) >= 1),\n"
    "  submitted_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE TABLE request_ratings (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),\n"
    "  reasons TEXT NOT NULL DEFAULT '',\n"
    "  comment TEXT NOT NULL DEFAULT '',\n"
    "  rated_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX request_ratings_agency ON request_ratings(agency_id, level);\n"
    "CREATE TABLE mail_outbox (\n"
    "  id {ID},\n"
    "  request_id INTEGER REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  event_seq INTEGER,\n"
    "  kind TEXT NOT NULL,\n"
    "  to_addr TEXT NOT NULL CHECK (length(to_addr) BETWEEN 3 AND 254),\n"
    "  subject TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent',\n"
    "    'failed')),\n"
    "  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),\n"
    "  next_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  claimed_by TEXT,\n"
    "  claimed_at TEXT,\n"
    "  sent_at TEXT,\n"
    "  last_error TEXT NOT NULL DEFAULT '',\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  UNIQUE (request_id, event_seq)\n"
    ");\n"
    "CREATE INDEX mail_outbox_due ON mail_outbox(state, next_at);\n"
    "CREATE TABLE mail_settings (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  host TEXT NOT NULL DEFAULT '',\n"
    "  port INTEGER NOT NULL DEFAULT 25 CHECK (port BETWEEN 1 AND 65535),\n"
    "  sender TEXT NOT NULL DEFAULT '',\n"
    "  starttls TEXT NOT NULL DEFAULT 'try' CHECK (starttls IN ('off', 'try', 'required')),\n"
    "  username TEXT NOT NULL DEFAULT '',\n"
    "  updated_at TEXT,\n"
    "  updated_by TEXT\n"
    ");\n";

/* ---------------------------------------------------------------- 补正 online */

int store_supplement_submit(struct store *st, const struct calendar *cal, long long request_id,
			    const char *text, zf_day today, struct buf *err)
{
	if (!today)
		today = date_today();
	if (!text || !*text || !public_text_ok(text, SUPPLEMENT_MAX, true)) {
		buf_setf(err, "请填写补正内容（不超过 %d 字，不能含有控制字符）", SUPPLEMENT_MAX);
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
	struct request_record r;
	rc = store_request_get(st, a, request_id, &r);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有找到该申请");
	struct clock_status cs;
	memset(&cs, 0, sizeof(cs));
	bool computed = false;
	if (!rc) {
		rc = clock_compute(cal, r.events, r.nevents, today, &cs, err);
		computed = rc == 0;
	}
	char day[11];
	if (!rc && cs.supplement_received) {
		buf_setf(err, "已于 %s 收到补正，不能重复提交",
			 date_format(cs.supplement_received, day));
		rc = ZF_ESTATE;
	} else if (!rc && strcmp(cs.state, "awaiting_supplement") != 0) {
		buf_setf(err, "该申请目前没有需要补正的事项");
		rc = ZF_ESTATE;
	} else if (!rc && cs.supplement_until && today > cs.supplement_until) {
		/* 条例 Art. 30: not supplemented within the period given, without good reason,
		 * counts as giving up; a good reason is for the agency to weigh, not a web form */
		buf_setf(err, "补正期限已于 %s 届满，不能在线提交。如有正当理由，请与受理机关联系",
			 date_format(cs.supplement_until, day));
		rc = ZF_ESTATE;
	}
	if (computed)
		clock_status_free(&cs);
	int seq = 0;
	if (!rc) {
		/* 条例 Art. 30: the period runs afresh from the day the supplement is received */
		struct clock_event ev = {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = today};
		rc = store_request_event(st, "public", cal, request_id, &ev, &seq, err);
	}
	if (!rc) {
		struct db_stmt *s;
		rc = db_prepare(st,
				"INSERT INTO request_supplements (request_id, event_seq, body)"
				" VALUES (?, ?, ?)",
				&s);
		if (!rc) {
			db_bind_int(s, 1, request_id);
			db_bind_int(s, 2, seq);
			db_bind_text(s, 3, text);
			rc = db_run(s);
		}
	}
	if (!rc) {
		char object[40], detail[40];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "seq=%d", seq);
		rc = store_audit(st, "public", "request.supplement_online", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存补正：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

int store_supplement_get(struct store *st, struct arena *arena, long long request_id,
			 struct supplement *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT event_seq, body, submitted_at FROM request_supplements"
			    " WHERE request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->event_seq = (int)db_col_int(s, 0);
		out->text = public_col_text(s, arena, 1);
		out->submitted_at = public_col_text(s, arena, 2);
		rc = out->text && out->submitted_at ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- 好差评 */

static const char *const level_labels[RATING_LEVELS + 1] = {
    "", "非常不满意", "不满意", "基本满意", "满意", "非常满意",
};

const char *rating_level_label(int level)
{
	return level >= 1 && level <= RATING_LEVELS ? level_labels[level] : "";
}

const struct rating_reason rating_reasons[] = {
    {"late", "答复超过法定期限"},
    {"unclear", "答复内容不清楚、不完整"},
    {"not_provided", "未提供所申请的信息且理由不充分"},
    {"basis", "答复依据不明确或引用错误"},
    {"attitude", "工作人员服务态度不好"},
    {"process", "办理程序不规范（未告知、未送达等）"},
    {"other", "其他原因"},
};
const size_t rating_nreasons = ARRAY_SIZE(rating_reasons);

const char *rating_reason_label(const char *key)
{
	for (size_t i = 0; key && i < rating_nreasons; i++)
		if (!strcmp(key, rating_reasons[i].key))
			return rating_reasons[i].label;
	return NULL;
}

/* Checks the reasons and joins them into out ("late,unclear"), in the order of
 * rating_reasons. */
static int reasons_join(int level, const char *const *reasons, size_t n, struct buf *out,
			struct buf *err)
{
	bool picked[ARRAY_SIZE(rating_reasons)] = {false};
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < rating_nreasons && strcmp(reasons[i], rating_reasons[k].key) != 0)
			k++;
		if (k == rating_nreasons || picked[k]) {
			buf_setf(err, "评价原因不在可选范围内");
			return ZF_EINVAL;
		}
		picked[k] = true;
	}
	if (level <= RATING_BAD && n == 0) {
		buf_setf(err, "选择“不满意”或“非常不满意”时，请至少选择一项原因");
		return ZF_EINVAL;
	}
	if (level > RATING_BAD && n > 0) {
		buf_setf(err, "只有选择“不满意”或“非常不满意”时才需要选择原因");
		return ZF_EINVAL;
	}
	for (size_t k = 0; k < rating_nreasons; k++) {
		if (!picked[k])
			continue;
		if (out->len)
			buf_adds(out, ",");
		buf_adds(out, rating_reasons[k].key);
	}
	return 0;
}

int store_rating_add(struct store *st, long long request_id, int level, const char *const *reasons,
		     size_t nreasons, const char *comment, struct buf *err)
{
	if (level < 1 || level > RATING_LEVELS) {
		buf_setf(err, "请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）");
		return ZF_EINVAL;
	}
	if (!public_text_ok(comment, RATING_COMMENT_MAX, true)) {
		buf_setf(err, "评价意见不能超过 %d 字，且不能含有控制字符", RATING_COMMENT_MAX);
		return ZF_EINVAL;
	}
	struct buf joined = BUF_INIT;
	int rc = reasons_join(level, reasons, nreasons, &joined, err);
	if (rc) {
		buf_free(&joined);
		return rc;
	}
	struct arena *a = arena_new(0);
	if (!a) {
		buf_free(&joined);
		return ZF_ENOMEM;
	}
	rc = store_write_begin(st);
	struct request_meta m;
	if (!rc) {
		rc = store_request_meta(st, a, request_id, &m);
		if (rc == ZF_ENOENT)
			buf_setf(err, "没有找到该申请");
	}
	if (!rc && strcmp(m.state, "replied") != 0) {
		buf_setf(err, "受理机关作出答复后才能评价");
		rc = ZF_ESTATE;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO request_ratings (request_id, agency_id, level, reasons,"
		    " comment) VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, request_id);
		db_bind_int(s, 2, m.agency_id);
		db_bind_int(s, 3, level);
		db_bind_text(s, 4, buf_cstr(&joined));
		db_bind_text(s, 5, public_nz(comment));
		rc = db_step(s);
		if (rc == DB_DONE) {
			rc = db_changes(s) == 1 ? 0 : ZF_ESTATE;
			if (rc)
				buf_setf(err, "该申请已经评价过，每件申请只能评价一次");
		}
		db_finish(s);
	}
	if (!rc) {
		char object[40], detail[40];
		snprintf(object, sizeof(object), "request:%lld", request_id);
		snprintf(detail, sizeof(detail), "level=%d", level);
		rc = store_audit(st, "public", "request.rating", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存评价：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	buf_free(&joined);
	arena_free(a);
	return rc;
}

int store_rating_get(struct store *st, struct arena *arena, long long request_id,
		     struct rating *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT level, reasons, comment, rated_at FROM request_ratings"
			    " WHERE request_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, request_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->request_id = request_id;
		out->level = (int)db_col_int(s, 0);
		out->reasons = public_col_text(s, arena, 1);
		out->comment = public_col_text(s, arena, 2);
		out->rated_at = public_col_text(s, arena, 3);
		rc = out->reasons && out->comment && out->rated_at ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_rating_summary(struct store *st, struct arena *arena, const long long *agencies,
			 size_t nagencies, struct rating_summary **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!nagencies)
		return 0;
	struct rating_summary *v = arena_alloc(arena, nagencies * sizeof(*v));
	if (!v)
		return ZF_ENOMEM;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT g.name, r.level, count(*) FROM request_ratings r"
			    " JOIN agencies g ON g.id = r.agency_id WHERE r.agency_id = ?"
			    " GROUP BY g.name, r.level",
			    &s);
	if (rc)
		return rc;
	size_t len = 0;
	for (size_t i = 0; !rc && i < nagencies; i++) {
		struct rating_summary *sum = &v[len];
		memset(sum, 0, sizeof(*sum));
		sum->agency_id = agencies[i];
		db_bind_int(s, 1, agencies[i]);
		while ((rc = db_step(s)) == DB_ROW) {
			int level = (int)db_col_int(s, 1);
			if (!sum->agency_name)
				sum->agency_name = db_col_str(s, arena, 0);
			if (level >= 1 && level <= RATING_LEVELS) {
				sum->count[level] += db_col_int(s, 2);
				sum->count[0] += db_col_int(s, 2);
			}
		}
		if (rc == DB_DONE && sum->count[0] > 0)
			len++;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}
