/* consult.c: 意见征集 consultations and 在线访谈 interviews (consult.h), written once in
 * portable SQL (driver.h) for both engines, with the migration text (schema_consult).
 *
 * The 采纳情况 counts are never stored: they are counted from the comments' outcomes, which
 * are frozen once the result is published, so the published figures cannot drift from the
 * comments behind them. */
#include "common.h"
#include "arena.h"
#include "consult.h"
#include "db.h"
#include "driver.h"
#include "utf8.h"

extern const char schema_consult[];

const char schema_consult[] =
    "CREATE TABLE consultations (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),\n"
    "  draft TEXT NOT NULL,\n"
    "  explanation TEXT NOT NULL DEFAULT '',\n"
    "  opens_on TEXT NOT NULL,\n"
    "  closes_on TEXT NOT NULL,\n"
    "  name_required INTEGER NOT NULL DEFAULT 0 CHECK (name_required IN (0, 1)),\n"
    "  comments_public INTEGER NOT NULL DEFAULT 0 CHECK (comments_public IN (0, 1)),\n"
    "  status TEXT NOT NULL DEFAULT 'draft'\n"
    "    CHECK (status IN ('draft', 'open', 'closed', 'result')),\n"
    "  result_text TEXT NOT NULL DEFAULT '',\n"
    "  result_published_on TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  CHECK (opens_on <= closes_on),\n"
    "  CHECK ((status = 'result') = (result_published_on IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX consultations_agency ON consultations(agency_id, status, closes_on);\n"
    "CREATE TABLE consultation_comments (\n"
    "  id {ID},\n"
    "  consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE RESTRICT,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  contact TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL CHECK (length(body) >= 1),\n"
    "  submitted_at TEXT NOT NULL,\n"
    "  outcome TEXT NOT NULL DEFAULT 'pending'\n"
    "    CHECK (outcome IN ('pending', 'adopted', 'partial', 'rejected')),\n"
    "  reason TEXT NOT NULL DEFAULT '',\n"
    "  withheld INTEGER NOT NULL DEFAULT 0 CHECK (withheld IN (0, 1))\n"
    ");\n"
    "CREATE INDEX consultation_comments_of ON consultation_comments(consultation_id, id);\n"
    "CREATE TABLE interviews (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),\n"
    "  announcement TEXT NOT NULL,\n"
    "  held_on TEXT NOT NULL,\n"
    "  held_minute INTEGER NOT NULL DEFAULT 0 CHECK (held_minute BETWEEN 0 AND 1439),\n"
    "  status TEXT NOT NULL DEFAULT 'announced'\n"
    "    CHECK (status IN ('announced', 'live', 'finished', 'published')),\n"
    "  transcript TEXT NOT NULL DEFAULT '',\n"
    "  published_on TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  CHECK ((status = 'published') = (published_on IS NOT NULL))\n"
    ");\n"
    "CREATE INDEX interviews_agency ON interviews(agency_id, held_on);\n"
    "CREATE TABLE interview_guests (\n"
    "  id {ID},\n"
    "  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE RESTRICT,\n"
    "  name TEXT NOT NULL CHECK (length(name) >= 1),\n"
    "  title TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX interview_guests_of ON interview_guests(interview_id, id);\n"
    "CREATE TABLE interview_questions (\n"
    "  id {ID},\n"
    "  interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE RESTRICT,\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  contact TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL CHECK (length(body) >= 1),\n"
    "  submitted_at TEXT NOT NULL,\n"
    "  state TEXT NOT NULL DEFAULT 'pending'\n"
    "    CHECK (state IN ('pending', 'approved', 'rejected')),\n"
    "  answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),\n"
    "  answer TEXT NOT NULL DEFAULT '',\n"
    "  CHECK (answered = 0 OR state = 'approved')\n"
    ");\n"
    "CREATE INDEX interview_questions_of ON interview_questions(interview_id, id);\n";

/* ---------------------------------------------------------------- pure helpers */

bool consult_text_ok(const char *s, size_t max, bool multiline)
{
	if (!s)
		return false;
	size_t len = strlen(s);
	if (!utf8_valid(s, len) || utf8_count(s, len) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return false;
	return true;
}

static const char *const cstatus_keys[] = {"draft", "open", "closed", "result"};
static const char *const cstatus_labels[] = {"草稿", "征集中", "已截止", "已反馈"};
static const char *const outcome_keys[] = {"pending", "adopted", "partial", "rejected"};
static const char *const outcome_labels[] = {"待处理", "采纳", "部分采纳", "未采纳"};
static const char *const istatus_keys[] = {"announced", "live", "finished", "published"};
static const char *const istatus_labels[] = {"预告", "正在进行", "已结束", "已公布实录"};
static const char *const qstate_keys[] = {"pending", "approved", "rejected"};
static const char *const qstate_labels[] = {"待审核", "已采用", "不予采用"};

static int parse_key(const char *const *keys, size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (!strcmp(keys[i], key))
			return (int)i;
	return -1;
}

#define KEYED(fn_key, fn_label, fn_parse, type, keys, labels)                                      \
	const char *fn_key(type v)                                                                 \
	{                                                                                          \
		return (unsigned)v < ARRAY_SIZE(keys) ? keys[v] : "";                              \
	}                                                                                          \
	const char *fn_label(type v)                                                               \
	{                                                                                          \
		return (unsigned)v < ARRAY_SIZE(labels) ? labels[v] : "";                          \
	}                                                                                          \
	int fn_parse(const char *key)                                                              \
	{                                                                                          \
		return parse_key(keys, ARRAY_SIZE(keys), key);                                     \
	}

KEYED(consult_status_key, consult_status_label, consult_status_parse, enum consult_status,
      cstatus_keys, cstatus_labels)
KEYED(consult_outcome_key, consult_outcome_label, consult_outcome_parse, enum consult_outcome,
      outcome_keys, outcome_labels)
KEYED(interview_status_key, interview_status_label, interview_status_parse, enum interview_status,
      istatus_keys, istatus_labels)
KEYED(question_state_key, question_state_label, question_state_parse, enum question_state,
      qstate_keys, qstate_labels)

int consult_days_left(const struct consultation *c, zf_day today)
{
	if (!consult_accepting(c, today))
		return 0;
	return (int)(c->f.closes_on - today) + 1;
}

bool consult_accepting(const struct consultation *c, zf_day today)
{
	return c->status == CONSULT_OPEN && today >= c->f.opens_on && today <= c->f.closes_on;
}

/* ---------------------------------------------------------------- shared */

static int audit(struct store *st, const char *actor, const char *action, const char *kind,
		 long long id, const char *detail)
{
	char object[48];
	snprintf(object, sizeof(object), "%s:%lld", kind, id);
	return store_audit(st, actor, action, object, detail);
}

static int refuse(struct buf *err, int rc, const char *msg)
{
	if (err)
		buf_setf(err, "%s", msg);
	return rc;
}

/* Checks a text field: required (non-empty), within max, one line unless multiline. */
static int field(struct buf *err, const char *label, const char *s, size_t max, bool required,
		 bool multiline)
{
	if (!s || !*s) {
		if (!required)
			return 0;
		if (err)
			buf_setf(err, "请填写%s", label);
		return ZF_EINVAL;
	}
	if (!consult_text_ok(s, max, multiline)) {
		if (err)
			buf_setf(err, "%s不能超过 %zu 个字，且不能含有控制字符或无效的字符编码",
				 label, max);
		return ZF_EINVAL;
	}
	return 0;
}

static int agency_check(struct store *st, long long agency_id, struct buf *err)
{
	bool exists = false;
	int rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		if (err)
			buf_setf(err, "没有编号为 %lld 的机关", agency_id);
		return ZF_ENOENT;
	}
	return 0;
}

/* Reads one integer from a one-parameter query: 0, ZF_ENOENT or an error. */
static int one_int(struct store *st, const char *sql, long long arg, long long *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, arg);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* Reads one text from a one-parameter query into the arena. */
static int one_text(struct store *st, struct arena *a, const char *sql, long long arg,
		    const char **out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, arg);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_col_str(s, a, 0);
		rc = *out ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

static const char *str_or_empty(struct db_stmt *s, struct arena *a, int i, int *rc)
{
	if (db_col_null(s, i))
		return "";
	const char *v = db_col_str(s, a, i);
	if (!v)
		*rc = ZF_ENOMEM;
	return v ? v : "";
}

/* ---------------------------------------------------------------- consultations */

static int consult_fields_check(const struct consultation_fields *f, struct buf *err)
{
	int rc;
	if ((rc = field(err, "标题", f->title, CONSULT_TITLE_MAX, true, false)) ||
	    (rc = field(err, "征求意见稿", f->draft, CONSULT_DRAFT_MAX, true, true)) ||
	    (rc = field(err, "起草说明", f->explanation, CONSULT_EXPLAIN_MAX, false, true)))
		return rc;
	if (!f->opens_on || !f->closes_on)
		return refuse(err, ZF_EINVAL, "请填写征集的开始日期和截止日期");
	if (f->closes_on < f->opens_on)
		return refuse(err, ZF_EINVAL, "截止日期不能早于开始日期");
	if (f->closes_on - f->opens_on >= CONSULT_PERIOD_MAX)
		return refuse(err, ZF_EINVAL, "征集期限不能超过一年");
	return 0;
}

static int consult_status_of(struct store *st, long long id, enum consult_status *out,
			     struct buf *err)
{
	struct arena *a = arena_new(256);
	if (!a)
		return ZF_ENOMEM;
	const char *key = NULL;
	int rc = one_text(st, a, "SELECT status FROM consultations WHERE id = ?", id, &key);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有编号为 %lld 的意见征集", id);
	if (!rc) {
		int v = consult_status_parse(key);
		rc = v < 0 ? ZF_EDB : 0;
		*out = (enum consult_status)(v < 0 ? 0 : v);
	}
	arena_free(a);
	return rc;
}

int store_consult_add(struct store *st, const char *actor, const struct consultation_fields *f,
		      long long *id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = consult_fields_check(f, err);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	rc = agency_check(st, f->agency_id, err);
	struct db_stmt *s = NULL;
	long long got = 0;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO consultations (agency_id, title, draft, explanation,"
				" opens_on, closes_on, name_required, comments_public)"
				" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_int(s, 1, f->agency_id);
		db_bind_text(s, 2, f->title);
		db_bind_text(s, 3, f->draft);
		db_bind_text(s, 4, f->explanation ? f->explanation : "");
		db_bind_day(s, 5, f->opens_on);
		db_bind_day(s, 6, f->closes_on);
		db_bind_int(s, 7, f->name_required);
		db_bind_int(s, 8, f->comments_public);
		rc = db_run_id(s, &got);
	}
	if (!rc)
		rc = audit(st, actor, "consult.add", "consultation", got, f->title);
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_consult_edit(struct store *st, const char *actor, long long id,
		       const struct consultation_fields *f, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = consult_fields_check(f, err);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum consult_status cur = CONSULT_DRAFT;
	rc = consult_status_of(st, id, &cur, err);
	if (!rc && cur != CONSULT_DRAFT && cur != CONSULT_OPEN)
		rc = refuse(err, ZF_ESTATE, "征集已截止，不能再修改征求意见稿和期限");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    "UPDATE consultations SET title = ?, draft = ?, explanation = ?,"
		    " opens_on = ?, closes_on = ?, name_required = ?, comments_public = ?,"
		    " updated_at = ? WHERE id = ?",
		    &s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, f->title);
		db_bind_text(s, 2, f->draft);
		db_bind_text(s, 3, f->explanation ? f->explanation : "");
		db_bind_day(s, 4, f->opens_on);
		db_bind_day(s, 5, f->closes_on);
		db_bind_int(s, 6, f->name_required);
		db_bind_int(s, 7, f->comments_public);
		db_bind_text(s, 8, now);
		db_bind_int(s, 9, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "consult.edit", "consultation", id, f->title);
	return store_write_end(st, rc);
}

static int consult_set_status(struct store *st, long long id, enum consult_status to)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "UPDATE consultations SET status = ?, updated_at = ? WHERE id = ?", &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_text(s, 1, consult_status_key(to));
	db_bind_text(s, 2, now);
	db_bind_int(s, 3, id);
	return db_run(s);
}

int store_consult_move(struct store *st, const char *actor, long long id, enum consult_status to,
		       zf_day today, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum consult_status cur = CONSULT_DRAFT;
	rc = consult_status_of(st, id, &cur, err);
	if (!rc && !((cur == CONSULT_DRAFT && to == CONSULT_OPEN) ||
		     (cur == CONSULT_OPEN && to == CONSULT_CLOSED)))
		rc = refuse(err, ZF_ESTATE,
			    to == CONSULT_OPEN	   ? "只有草稿状态的意见征集可以发布"
			    : to == CONSULT_CLOSED ? "只有征集中的意见征集可以结束"
						   : "不能改为这个状态");
	if (!rc && to == CONSULT_OPEN) {
		long long closes = 0;
		struct arena *a = arena_new(128);
		const char *c = NULL;
		rc = a ? one_text(st, a, "SELECT closes_on FROM consultations WHERE id = ?", id, &c)
		       : ZF_ENOMEM;
		zf_day d = 0;
		if (!rc && date_parse(str_c(c), &d))
			rc = ZF_EDB;
		closes = d;
		arena_free(a);
		if (!rc && closes < today)
			rc = refuse(err, ZF_ESTATE, "截止日期已过，请先修改征集期限再发布");
	}
	if (!rc)
		rc = consult_set_status(st, id, to);
	if (!rc)
		rc = audit(st, actor, to == CONSULT_OPEN ? "consult.open" : "consult.close",
			   "consultation", id, "");
	return store_write_end(st, rc);
}

int store_consult_set_public(struct store *st, const char *actor, long long id, bool on,
			     struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum consult_status cur;
	rc = consult_status_of(st, id, &cur, err);
	struct db_stmt *s = NULL;
	if (!rc)
		rc =
		    db_prepare(st, "UPDATE consultations SET comments_public = ? WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, on);
		db_bind_int(s, 2, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, on ? "consult.comments_public" : "consult.comments_private",
			   "consultation", id, "");
	return store_write_end(st, rc);
}

int store_consult_publish_result(struct store *st, const char *actor, long long id,
				 const char *text, zf_day today, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = field(err, "采纳情况说明", text, CONSULT_RESULT_MAX, true, true);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum consult_status cur;
	rc = consult_status_of(st, id, &cur, err);
	if (!rc && cur != CONSULT_CLOSED)
		rc = refuse(err, ZF_ESTATE,
			    cur == CONSULT_RESULT ? "采纳情况已经公布"
						  : "征集结束后才能公布采纳情况，请先结束征集");
	long long pending = 0;
	if (!rc)
		rc = one_int(st,
			     "SELECT count(*) FROM consultation_comments WHERE consultation_id = ?"
			     " AND outcome = 'pending'",
			     id, &pending);
	if (!rc && pending > 0) {
		if (err)
			buf_setf(err,
				 "还有 %lld 条意见没有处理（采纳、部分采纳或未采纳），"
				 "全部处理后才能公布采纳情况",
				 pending);
		rc = ZF_ESTATE;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE consultations SET status = 'result', result_text = ?,"
				" result_published_on = ?, updated_at = ? WHERE id = ?",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, text);
		db_bind_day(s, 2, today);
		db_bind_text(s, 3, now);
		db_bind_int(s, 4, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "consult.result", "consultation", id, "");
	return store_write_end(st, rc);
}

#define CONSULT_COLS                                                                               \
	"SELECT c.id, c.agency_id, c.title, c.draft, c.explanation, c.opens_on, c.closes_on,"      \
	" c.name_required, c.comments_public, c.status, c.result_text, c.result_published_on,"     \
	" c.created_at, c.updated_at, a.name, coalesce(k.n, 0), coalesce(k.na, 0),"                \
	" coalesce(k.np, 0), coalesce(k.nr, 0), coalesce(k.nw, 0)"                                 \
	" FROM consultations c JOIN agencies a ON a.id = c.agency_id"                              \
	" LEFT JOIN (SELECT consultation_id, count(*) AS n,"                                       \
	"  count(CASE WHEN outcome = 'adopted' THEN 1 END) AS na,"                                 \
	"  count(CASE WHEN outcome = 'partial' THEN 1 END) AS np,"                                 \
	"  count(CASE WHEN outcome = 'rejected' THEN 1 END) AS nr,"                                \
	"  count(CASE WHEN outcome = 'pending' THEN 1 END) AS nw"                                  \
	"  FROM consultation_comments GROUP BY consultation_id) k ON k.consultation_id = c.id"

static int consult_row(struct db_stmt *s, struct arena *a, void *row)
{
	struct consultation *c = row;
	int rc = 0;
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(s, 0);
	c->f.agency_id = db_col_int(s, 1);
	c->f.title = str_or_empty(s, a, 2, &rc);
	c->f.draft = str_or_empty(s, a, 3, &rc);
	c->f.explanation = str_or_empty(s, a, 4, &rc);
	c->f.opens_on = db_col_day(s, 5);
	c->f.closes_on = db_col_day(s, 6);
	c->f.name_required = db_col_int(s, 7) != 0;
	c->f.comments_public = db_col_int(s, 8) != 0;
	int st = consult_status_parse(db_col_text(s, 9));
	c->status = st < 0 ? CONSULT_DRAFT : (enum consult_status)st;
	c->result_text = str_or_empty(s, a, 10, &rc);
	c->result_published_on = db_col_day(s, 11);
	c->created_at = str_or_empty(s, a, 12, &rc);
	c->updated_at = str_or_empty(s, a, 13, &rc);
	c->agency_name = str_or_empty(s, a, 14, &rc);
	c->nreceived = db_col_int(s, 15);
	c->nadopted = db_col_int(s, 16);
	c->npartial = db_col_int(s, 17);
	c->nrejected = db_col_int(s, 18);
	c->npending = db_col_int(s, 19);
	return rc;
}

int store_consult_get(struct store *st, struct arena *a, long long id, struct consultation *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, CONSULT_COLS " WHERE c.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = consult_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_consult_list(struct store *st, struct arena *a, long long agency_id, bool public_only,
		       struct consultation **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    CONSULT_COLS " WHERE (CAST(?1 AS BIGINT) = 0 OR c.agency_id = ?1)"
					 " AND (CAST(?2 AS BIGINT) = 0 OR c.status <> 'draft')"
					 " ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END,"
					 " CASE WHEN c.status = 'open' THEN c.closes_on END,"
					 " c.opens_on DESC, c.id DESC",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, public_only);
	void *rows;
	rc = db_read_rows(s, a, sizeof(struct consultation), consult_row, &rows, n);
	*out = rows;
	return rc;
}

/* ---- comments ---- */

/* 'YYYY-MM-DDTHH:MM:SSZ' with a valid date. */
static bool stamp_ok(const char *t)
{
	zf_day d;
	if (strlen(t) != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z' ||
	    date_parse((struct str){t, 10}, &d))
		return false;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (t[i] < '0' || t[i] > '9'))
			return false;
	int h = (t[11] - '0') * 10 + (t[12] - '0'), m = (t[14] - '0') * 10 + (t[15] - '0'),
	    sec = (t[17] - '0') * 10 + (t[18] - '0');
	return h < 24 && m < 60 && sec < 60;
}

int store_consult_comment_add(struct store *st, const char *actor, long long consultation_id,
			      zf_day today, const struct consult_comment_new *c, long long *id,
			      struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc;
	if ((rc = field(err, "姓名", c->name, CONSULT_NAME_MAX, false, false)) ||
	    (rc = field(err, "联系方式", c->contact, CONSULT_CONTACT_MAX, false, false)) ||
	    (rc = field(err, "意见内容", c->body, CONSULT_COMMENT_MAX, true, true)))
		return rc;
	struct arena *a = arena_new(4096);
	if (!a)
		return ZF_ENOMEM;
	if ((rc = store_write_begin(st))) {
		arena_free(a);
		return rc;
	}
	struct consultation k;
	rc = store_consult_get(st, a, consultation_id, &k);
	if (!rc && k.status == CONSULT_DRAFT)
		rc = ZF_ENOENT;
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有找到这项意见征集");
	if (!rc && k.status != CONSULT_OPEN)
		rc = refuse(err, ZF_ESTATE, "本次意见征集已经结束，不再接收意见");
	else if (!rc && today < k.f.opens_on)
		rc = refuse(err, ZF_ESTATE, "本次意见征集尚未开始，请在征集期内提交意见");
	else if (!rc && today > k.f.closes_on)
		rc = refuse(err, ZF_ESTATE, "本次意见征集已过截止日期，不再接收意见");
	if (!rc && c->submitted_at && !stamp_ok(c->submitted_at))
		rc = refuse(err, ZF_EINVAL, "提交时间不是有效的时间");
	if (!rc && k.f.name_required && (!c->name || !*c->name))
		rc = refuse(err, ZF_EINVAL, "本次征集要求填写姓名，请填写姓名");
	struct db_stmt *s = NULL;
	long long got = 0;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO consultation_comments (consultation_id, name, contact,"
				" body, submitted_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, consultation_id);
		db_bind_text(s, 2, c->name ? c->name : "");
		db_bind_text(s, 3, c->contact ? c->contact : "");
		db_bind_text(s, 4, c->body);
		db_bind_text(s, 5, c->submitted_at ? c->submitted_at : now);
		rc = db_run_id(s, &got);
	}
	if (!rc) {
		char detail[48];
		snprintf(detail, sizeof(detail), "consultation:%lld", consultation_id);
		rc = audit(st, actor, "consult.comment", "consult_comment", got, detail);
	}
	rc = store_write_end(st, rc);
	arena_free(a);
	if (!rc && id)
		*id = got;
	return rc;
}

#define COMMENT_COLS                                                                               \
	"SELECT id, consultation_id, name, contact, body, submitted_at, outcome, reason, withheld" \
	" FROM consultation_comments"

static int comment_row(struct db_stmt *s, struct arena *a, void *row)
{
	struct consult_comment *c = row;
	int rc = 0;
	c->id = db_col_int(s, 0);
	c->consultation_id = db_col_int(s, 1);
	c->name = str_or_empty(s, a, 2, &rc);
	c->contact = str_or_empty(s, a, 3, &rc);
	c->body = str_or_empty(s, a, 4, &rc);
	c->submitted_at = str_or_empty(s, a, 5, &rc);
	int o = consult_outcome_parse(db_col_text(s, 6));
	c->outcome = o < 0 ? OUTCOME_PENDING : (enum consult_outcome)o;
	c->reason = str_or_empty(s, a, 7, &rc);
	c->withheld = db_col_int(s, 8) != 0;
	return rc;
}

int store_consult_comment_get(struct store *st, struct arena *a, long long id,
			      struct consult_comment *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, COMMENT_COLS " WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = comment_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_consult_comments(struct store *st, struct arena *a, long long consultation_id,
			   bool public_only, struct consult_comment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    COMMENT_COLS " WHERE consultation_id = ?1 AND (CAST(?2 AS BIGINT) = 0 OR (withheld = 0"
			 " AND EXISTS (SELECT 1 FROM consultations c WHERE c.id = ?1"
			 " AND c.comments_public = 1 AND c.status <> 'draft')))"
			 " ORDER BY id",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, consultation_id);
	db_bind_int(s, 2, public_only);
	void *rows;
	rc = db_read_rows(s, a, sizeof(struct consult_comment), comment_row, &rows, n);
	*out = rows;
	return rc;
}

int store_consult_comment_judge(struct store *st, const char *actor, long long comment_id,
				enum consult_outcome outcome, const char *reason, bool withheld,
				struct buf *err)
{
	if (!actor || !*actor || (unsigned)outcome > OUTCOME_REJECTED)
		return ZF_EINVAL;
	int rc = field(err, "处理理由", reason, CONSULT_REASON_MAX, false, true);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	long long cid = 0;
	rc = one_int(st, "SELECT consultation_id FROM consultation_comments WHERE id = ?",
		     comment_id, &cid);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有编号为 %lld 的意见", comment_id);
	enum consult_status cur = CONSULT_DRAFT;
	if (!rc)
		rc = consult_status_of(st, cid, &cur, err);
	if (!rc && cur == CONSULT_RESULT)
		rc = refuse(err, ZF_ESTATE, "采纳情况已经公布，意见的处理结果不能再改");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE consultation_comments SET outcome = ?, reason = ?,"
				" withheld = ? WHERE id = ?",
				&s);
	if (!rc) {
		db_bind_text(s, 1, consult_outcome_key(outcome));
		db_bind_text(s, 2, reason ? reason : "");
		db_bind_int(s, 3, withheld);
		db_bind_int(s, 4, comment_id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[64];
		snprintf(detail, sizeof(detail), "%s%s", consult_outcome_key(outcome),
			 withheld ? " withheld" : "");
		rc = audit(st, actor, "consult.judge", "consult_comment", comment_id, detail);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- interviews */

static int interview_fields_check(const struct interview_fields *f, struct buf *err)
{
	int rc;
	if ((rc = field(err, "访谈标题", f->title, CONSULT_TITLE_MAX, true, false)) ||
	    (rc = field(err, "访谈预告", f->announcement, INTERVIEW_ANNOUNCE_MAX, true, true)))
		return rc;
	if (!f->held_on)
		return refuse(err, ZF_EINVAL, "请填写访谈日期");
	if (f->held_minute < 0 || f->held_minute > 1439)
		return refuse(err, ZF_EINVAL, "访谈时间应为 00:00 至 23:59");
	return 0;
}

static int interview_status_of(struct store *st, long long id, enum interview_status *out,
			       struct buf *err)
{
	struct arena *a = arena_new(256);
	if (!a)
		return ZF_ENOMEM;
	const char *key = NULL;
	int rc = one_text(st, a, "SELECT status FROM interviews WHERE id = ?", id, &key);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有编号为 %lld 的在线访谈", id);
	if (!rc) {
		int v = interview_status_parse(key);
		rc = v < 0 ? ZF_EDB : 0;
		*out = (enum interview_status)(v < 0 ? 0 : v);
	}
	arena_free(a);
	return rc;
}

int store_interview_add(struct store *st, const char *actor, const struct interview_fields *f,
			long long *id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = interview_fields_check(f, err);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	rc = agency_check(st, f->agency_id, err);
	struct db_stmt *s = NULL;
	long long got = 0;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO interviews (agency_id, title, announcement, held_on,"
				" held_minute) VALUES (?, ?, ?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_int(s, 1, f->agency_id);
		db_bind_text(s, 2, f->title);
		db_bind_text(s, 3, f->announcement);
		db_bind_day(s, 4, f->held_on);
		db_bind_int(s, 5, f->held_minute);
		rc = db_run_id(s, &got);
	}
	if (!rc)
		rc = audit(st, actor, "interview.add", "interview", got, f->title);
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_interview_edit(struct store *st, const char *actor, long long id,
			 const struct interview_fields *f, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = interview_fields_check(f, err);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum interview_status cur;
	rc = interview_status_of(st, id, &cur, err);
	if (!rc && cur == INTERVIEW_PUBLISHED)
		rc = refuse(err, ZF_ESTATE, "文字实录已经公布，不能再修改访谈");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE interviews SET title = ?, announcement = ?, held_on = ?,"
				" held_minute = ?, updated_at = ? WHERE id = ?",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, f->title);
		db_bind_text(s, 2, f->announcement);
		db_bind_day(s, 3, f->held_on);
		db_bind_int(s, 4, f->held_minute);
		db_bind_text(s, 5, now);
		db_bind_int(s, 6, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "interview.edit", "interview", id, f->title);
	return store_write_end(st, rc);
}

int store_interview_move(struct store *st, const char *actor, long long id,
			 enum interview_status to, zf_day today, struct buf *err)
{
	if (!actor || !*actor || (unsigned)to > INTERVIEW_PUBLISHED)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	enum interview_status cur = INTERVIEW_ANNOUNCED;
	rc = interview_status_of(st, id, &cur, err);
	bool ok =
	    (cur == INTERVIEW_ANNOUNCED && (to == INTERVIEW_LIVE || to == INTERVIEW_FINISHED)) ||
	    (cur == INTERVIEW_LIVE && to == INTERVIEW_FINISHED) ||
	    (cur == INTERVIEW_FINISHED && to == INTERVIEW_PUBLISHED);
	if (!rc && !ok)
		rc = refuse(err, ZF_ESTATE,
			    to == INTERVIEW_PUBLISHED ? "访谈结束后才能公布文字实录"
			    : to == INTERVIEW_LIVE    ? "只有预告中的访谈可以开始"
						      : "访谈已经结束");
	if (!rc && to == INTERVIEW_PUBLISHED) {
		long long len = 0;
		rc =
		    one_int(st, "SELECT length(transcript) FROM interviews WHERE id = ?", id, &len);
		if (!rc && len == 0)
			rc = refuse(err, ZF_ESTATE, "请先填写文字实录再公布");
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE interviews SET status = ?, published_on = ?, updated_at = ?"
				" WHERE id = ?",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, interview_status_key(to));
		if (to == INTERVIEW_PUBLISHED)
			db_bind_day(s, 2, today);
		else
			db_bind_null(s, 2);
		db_bind_text(s, 3, now);
		db_bind_int(s, 4, id);
		rc = db_run(s);
	}
	if (!rc)
		rc =
		    audit(st, actor, "interview.status", "interview", id, interview_status_key(to));
	return store_write_end(st, rc);
}

int store_interview_transcript(struct store *st, const char *actor, long long id, const char *text,
			       struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = field(err, "文字实录", text, INTERVIEW_TRANSCRIPT_MAX, false, true);
	if (rc)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum interview_status cur;
	rc = interview_status_of(st, id, &cur, err);
	if (!rc && cur == INTERVIEW_PUBLISHED)
		rc = refuse(err, ZF_ESTATE, "文字实录已经公布，不能再修改");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st, "UPDATE interviews SET transcript = ?, updated_at = ? WHERE id = ?", &s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_text(s, 1, text ? text : "");
		db_bind_text(s, 2, now);
		db_bind_int(s, 3, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "interview.transcript", "interview", id, "");
	return store_write_end(st, rc);
}

int store_interview_guest_add(struct store *st, const char *actor, long long interview_id,
			      const char *name, const char *title, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc;
	if ((rc = field(err, "嘉宾姓名", name, INTERVIEW_GUEST_MAX, true, false)) ||
	    (rc = field(err, "嘉宾职务", title, 2 * INTERVIEW_GUEST_MAX, false, false)))
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum interview_status cur;
	rc = interview_status_of(st, interview_id, &cur, err);
	if (!rc && cur == INTERVIEW_PUBLISHED)
		rc = refuse(err, ZF_ESTATE, "文字实录已经公布，不能再修改嘉宾");
	long long n = 0;
	if (!rc)
		rc = one_int(st, "SELECT count(*) FROM interview_guests WHERE interview_id = ?",
			     interview_id, &n);
	if (!rc && n >= INTERVIEW_GUESTS_MAX)
		rc = refuse(err, ZF_EINVAL, "一次访谈最多 20 位嘉宾");
	struct db_stmt *s = NULL;
	long long got = 0;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO interview_guests (interview_id, name, title)"
				" VALUES (?, ?, ?) RETURNING id",
				&s);
	if (!rc) {
		db_bind_int(s, 1, interview_id);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, title ? title : "");
		rc = db_run_id(s, &got);
	}
	if (!rc)
		rc = audit(st, actor, "interview.guest_add", "interview", interview_id, name);
	return store_write_end(st, rc);
}

int store_interview_guest_remove(struct store *st, const char *actor, long long guest_id,
				 struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long iid = 0;
	rc = one_int(st, "SELECT interview_id FROM interview_guests WHERE id = ?", guest_id, &iid);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有编号为 %lld 的嘉宾", guest_id);
	enum interview_status cur;
	if (!rc)
		rc = interview_status_of(st, iid, &cur, err);
	if (!rc && cur == INTERVIEW_PUBLISHED)
		rc = refuse(err, ZF_ESTATE, "文字实录已经公布，不能再修改嘉宾");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st, "DELETE FROM interview_guests WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, guest_id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[40];
		snprintf(detail, sizeof(detail), "guest:%lld", guest_id);
		rc = audit(st, actor, "interview.guest_remove", "interview", iid, detail);
	}
	return store_write_end(st, rc);
}

#define INTERVIEW_COLS                                                                             \
	"SELECT i.id, i.agency_id, i.title, i.announcement, i.held_on, i.held_minute, i.status,"   \
	" i.transcript, i.published_on, a.name,"                                                   \
	" (SELECT count(*) FROM interview_questions q WHERE q.interview_id = i.id),"               \
	" (SELECT count(*) FROM interview_questions q WHERE q.interview_id = i.id"                 \
	"  AND q.state = 'pending')"                                                               \
	" FROM interviews i JOIN agencies a ON a.id = i.agency_id"

static int interview_row(struct db_stmt *s, struct arena *a, void *row)
{
	struct interview *v = row;
	int rc = 0;
	memset(v, 0, sizeof(*v));
	v->id = db_col_int(s, 0);
	v->f.agency_id = db_col_int(s, 1);
	v->f.title = str_or_empty(s, a, 2, &rc);
	v->f.announcement = str_or_empty(s, a, 3, &rc);
	v->f.held_on = db_col_day(s, 4);
	v->f.held_minute = (int)db_col_int(s, 5);
	int k = interview_status_parse(db_col_text(s, 6));
	v->status = k < 0 ? INTERVIEW_ANNOUNCED : (enum interview_status)k;
	v->transcript = str_or_empty(s, a, 7, &rc);
	v->published_on = db_col_day(s, 8);
	v->agency_name = str_or_empty(s, a, 9, &rc);
	v->nquestions = db_col_int(s, 10);
	v->npending = db_col_int(s, 11);
	return rc;
}

int store_interview_get(struct store *st, struct arena *a, long long id, struct interview *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, INTERVIEW_COLS " WHERE i.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = interview_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	if (rc)
		return rc;
	rc = db_prepare(st,
			"SELECT id, name, title FROM interview_guests WHERE interview_id = ?"
			" ORDER BY id",
			&s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		out->guests =
		    arena_grow(a, out->guests, out->nguests, &alloc, sizeof(*out->guests));
		if (!out->guests) {
			rc = ZF_ENOMEM;
			break;
		}
		struct interview_guest *g = &out->guests[out->nguests++];
		int r2 = 0;
		g->id = db_col_int(s, 0);
		g->name = str_or_empty(s, a, 1, &r2);
		g->title = str_or_empty(s, a, 2, &r2);
		if (r2) {
			rc = r2;
			break;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_interview_list(struct store *st, struct arena *a, long long agency_id,
			 struct interview **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       INTERVIEW_COLS
		       " WHERE (CAST(?1 AS BIGINT) = 0 OR i.agency_id = ?1)"
		       " ORDER BY CASE WHEN i.status IN ('announced', 'live') THEN 0 ELSE 1 END,"
		       " CASE WHEN i.status IN ('announced', 'live') THEN i.held_on END,"
		       " i.held_on DESC, i.id DESC",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	void *rows;
	rc = db_read_rows(s, a, sizeof(struct interview), interview_row, &rows, n);
	*out = rows;
	return rc;
}

/* ---- questions ---- */

int store_interview_question_add(struct store *st, const char *actor, long long interview_id,
				 const char *name, const char *contact, const char *body,
				 long long *id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc;
	if ((rc = field(err, "姓名", name, CONSULT_NAME_MAX, false, false)) ||
	    (rc = field(err, "联系方式", contact, CONSULT_CONTACT_MAX, false, false)) ||
	    (rc = field(err, "问题内容", body, INTERVIEW_QUESTION_MAX, true, true)))
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	enum interview_status cur;
	rc = interview_status_of(st, interview_id, &cur, err);
	if (!rc && cur != INTERVIEW_ANNOUNCED)
		rc = refuse(err, ZF_ESTATE, "访谈已经开始或结束，不再征集问题");
	struct db_stmt *s = NULL;
	long long got = 0;
	if (!rc)
		rc =
		    db_prepare(st,
			       "INSERT INTO interview_questions (interview_id, name, contact, body,"
			       " submitted_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			       &s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, interview_id);
		db_bind_text(s, 2, name ? name : "");
		db_bind_text(s, 3, contact ? contact : "");
		db_bind_text(s, 4, body);
		db_bind_text(s, 5, now);
		rc = db_run_id(s, &got);
	}
	if (!rc) {
		char detail[40];
		snprintf(detail, sizeof(detail), "interview:%lld", interview_id);
		rc = audit(st, actor, "interview.question", "interview_question", got, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_interview_question_moderate(struct store *st, const char *actor, long long question_id,
				      enum question_state state, bool answered, const char *answer,
				      struct buf *err)
{
	if (!actor || !*actor || (unsigned)state > QUESTION_REJECTED)
		return ZF_EINVAL;
	int rc = field(err, "答复", answer, INTERVIEW_ANSWER_MAX, false, true);
	if (rc)
		return rc;
	if (answered && state != QUESTION_APPROVED)
		return refuse(err, ZF_EINVAL, "只有采用的问题可以标为已答复");
	if ((rc = store_write_begin(st)))
		return rc;
	long long iid = 0;
	rc = one_int(st, "SELECT interview_id FROM interview_questions WHERE id = ?", question_id,
		     &iid);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有编号为 %lld 的问题", question_id);
	enum interview_status cur;
	if (!rc)
		rc = interview_status_of(st, iid, &cur, err);
	if (!rc && cur == INTERVIEW_PUBLISHED)
		rc = refuse(err, ZF_ESTATE, "文字实录已经公布，问题不能再改");
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE interview_questions SET state = ?, answered = ?, answer = ?"
				" WHERE id = ?",
				&s);
	if (!rc) {
		db_bind_text(s, 1, question_state_key(state));
		db_bind_int(s, 2, answered);
		db_bind_text(s, 3, answer ? answer : "");
		db_bind_int(s, 4, question_id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[40];
		snprintf(detail, sizeof(detail), "%s%s", question_state_key(state),
			 answered ? " answered" : "");
		rc = audit(st, actor, "interview.moderate", "interview_question", question_id,
			   detail);
	}
	return store_write_end(st, rc);
}

#define QUESTION_COLS                                                                              \
	"SELECT id, interview_id, name, contact, body, submitted_at, state, answered, answer"      \
	" FROM interview_questions"

static int question_row(struct db_stmt *s, struct arena *a, void *row)
{
	struct interview_question *q = row;
	int rc = 0;
	q->id = db_col_int(s, 0);
	q->interview_id = db_col_int(s, 1);
	q->name = str_or_empty(s, a, 2, &rc);
	q->contact = str_or_empty(s, a, 3, &rc);
	q->body = str_or_empty(s, a, 4, &rc);
	q->submitted_at = str_or_empty(s, a, 5, &rc);
	int k = question_state_parse(db_col_text(s, 6));
	q->state = k < 0 ? QUESTION_PENDING : (enum question_state)k;
	q->answered = db_col_int(s, 7) != 0;
	q->answer = str_or_empty(s, a, 8, &rc);
	return rc;
}

int store_interview_question_get(struct store *st, struct arena *a, long long id,
				 struct interview_question *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, QUESTION_COLS " WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = question_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_interview_questions(struct store *st, struct arena *a, long long interview_id,
			      bool public_only, struct interview_question **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       QUESTION_COLS
		       " WHERE interview_id = ?1 AND (CAST(?2 AS BIGINT) = 0 OR state = 'approved')"
		       " ORDER BY id",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, interview_id);
	db_bind_int(s, 2, public_only);
	void *rows;
	rc = db_read_rows(s, a, sizeof(struct interview_question), question_row, &rows, n);
	*out = rows;
	return rc;
}

/* ---------------------------------------------------------------- statistics */

int store_consult_counts(struct store *st, long long agency_id, zf_day from, zf_day to,
			 long long *nconsultations, long long *ninterviews)
{
	*nconsultations = *ninterviews = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT count(*) FROM consultations WHERE status <> 'draft'"
			    " AND (CAST(?1 AS BIGINT) = 0 OR agency_id = ?1)"
			    " AND (CAST(?2 AS TEXT) IS NULL OR opens_on >= ?2)"
			    " AND (CAST(?3 AS TEXT) IS NULL OR opens_on <= ?3)",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_day(s, 2, from);
	db_bind_day(s, 3, to);
	rc = db_step(s);
	if (rc == DB_ROW)
		*nconsultations = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	rc = db_prepare(st,
			"SELECT count(*) FROM interviews WHERE status <> 'announced'"
			" AND (CAST(?1 AS BIGINT) = 0 OR agency_id = ?1)"
			" AND (CAST(?2 AS TEXT) IS NULL OR held_on >= ?2)"
			" AND (CAST(?3 AS TEXT) IS NULL OR held_on <= ?3)",
			&s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_day(s, 2, from);
	db_bind_day(s, 3, to);
	rc = db_step(s);
	if (rc == DB_ROW)
		*ninterviews = db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}
