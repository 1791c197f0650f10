/* documents.c: the docs area of the store, written once against driver.h for both engines:
 * migration 5 (schema_docs), the checks on a document's fields, its life cycle, per-agency
 * 索引号 settings, attachments and the table-2 figures. Lists and search are in
 * docs_search.c (with the SQLite FTS5 twin in docs_fts.c and the PostgreSQL index in
 * docs_index.c), import and export in docs_io.c. */
#include "common.h"
#include "arena.h"
#include "docs_int.h"
#include "law/calendar.h"
#include "store/agencies.h"
#include "log.h"
#include "utf8.h"

#include <sodium.h>

/* Migration 5. A document's metadata lives in docs. Its search index: on SQLite docs_fts, an
 * external-content FTS5 table kept in step by triggers (so no write can forget it) and
 * tokenized by zf_cjk (docs_fts.c) with a one-character prefix index for one-character
 * queries; on PostgreSQL doc_terms, the same tokens (text/cjk_tokenize.c) written from C
 * with every change of a document's text (docs_index.c), in GIN-indexed arrays. Published
 * entries are frozen by triggers: the catalogue never changes under a reader's feet, and an
 * 索引号 never changes once given (目录系统实施指引). A document's history is doc_events;
 * the audit log has a line for every change too. */
const char schema_docs[] =
    "CREATE TABLE doc_settings (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  org_code TEXT NOT NULL CHECK (length(org_code) IN (9, 18)),\n"
    "  index_template TEXT NOT NULL CHECK (length(index_template) BETWEEN 1 AND 100)\n"
    ");\n"
    "CREATE TABLE docs (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'review', 'published')),\n"
    "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),\n"
    "  summary TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL DEFAULT '',\n"
    "  issuer TEXT NOT NULL CHECK (length(issuer) BETWEEN 1 AND 100),\n"
    "  doc_no TEXT NOT NULL DEFAULT '',\n"
    "  topic TEXT NOT NULL DEFAULT '',\n"
    "  genre TEXT NOT NULL DEFAULT '',\n"
    "  keywords TEXT NOT NULL DEFAULT '',\n"
    "  kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('other', 'regulation', 'normative')),\n"
    "  written_on TEXT NOT NULL,\n"
    "  effective_on TEXT,\n"
    "  valid_until TEXT,\n"
    "  interprets_id INTEGER REFERENCES docs(id) ON DELETE RESTRICT,\n"
    "  validity TEXT NOT NULL DEFAULT 'valid' CHECK (validity IN ('valid', 'expired',\n"
    "    'repealed')),\n"
    "  invalid_on TEXT,\n"
    "  invalid_reason TEXT NOT NULL DEFAULT '',\n"
    "  published_on TEXT,\n"
    "  reviewed_on TEXT,\n"
    "  index_no TEXT UNIQUE,\n"
    "  index_scope TEXT,\n"
    "  index_serial INTEGER,\n"
    "  return_reason TEXT NOT NULL DEFAULT '',\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  version INTEGER NOT NULL DEFAULT 1,\n"
    "  CHECK ((state = 'published') = (published_on IS NOT NULL AND index_no IS NOT NULL)),\n"
    "  CHECK ((validity = 'valid') = (invalid_on IS NULL)),\n"
    "  CHECK (validity = 'valid' OR state = 'published'),\n"
    "  UNIQUE (index_scope, index_serial)\n"
    ");\n"
    "CREATE INDEX docs_catalogue ON docs(state, published_on);\n"
    "CREATE INDEX docs_agency ON docs(agency_id, state, published_on);\n"
    "CREATE INDEX docs_doc_no ON docs(doc_no) WHERE doc_no <> '';\n"
    "CREATE INDEX docs_interprets ON docs(interprets_id) WHERE interprets_id IS NOT NULL;\n"
    "CREATE INDEX docs_rules ON docs(agency_id, kind) WHERE kind <> 'other';\n"
    "CREATE TABLE doc_events (\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  at TEXT NOT NULL DEFAULT {NOW},\n"
    "  actor TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('created', 'edited', 'submitted', 'withdrawn',\n"
    "    'returned', 'approved', 'repealed', 'expired', 'reviewed', 'attached', 'detached',\n"
    "    'imported')),\n"
    "  detail TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (doc_id, seq)\n"
    ") {WITHOUT_ROWID};\n"
    "CREATE TABLE doc_attachments (\n"
    "  id {ID},\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  content_type TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL CHECK (size >= 0),\n"
    "  sha256 TEXT NOT NULL,\n"
    "  data BLOB NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX doc_attachments_doc ON doc_attachments(doc_id);\n"
    "{SQLITE}\n"
    "CREATE VIRTUAL TABLE docs_fts USING fts5(title, doc_no, keywords, summary, body,\n"
    "  content = 'docs', content_rowid = 'id', tokenize = 'zf_cjk', prefix = '1');\n"
    "CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN\n"
    "  INSERT INTO docs_fts (rowid, title, doc_no, keywords, summary, body)\n"
    "  VALUES (new.id, new.title, new.doc_no, new.keywords, new.summary, new.body);\n"
    "END;\n"
    "CREATE TRIGGER docs_fts_delete AFTER DELETE ON docs BEGIN\n"
    "  INSERT INTO docs_fts (docs_fts, rowid, title, doc_no, keywords, summary, body)\n"
    "  VALUES ('delete', old.id, old.title, old.doc_no, old.keywords, old.summary, old.body);\n"
    "END;\n"
    "CREATE TRIGGER docs_fts_update AFTER UPDATE OF title, doc_no, keywords, summary, body\n"
    "ON docs BEGIN\n"
    "  INSERT INTO docs_fts (docs_fts, rowid, title, doc_no, keywords, summary, body)\n"
    "  VALUES ('delete', old.id, old.title, old.doc_no, old.keywords, old.summary, old.body);\n"
    "  INSERT INTO docs_fts (rowid, title, doc_no, keywords, summary, body)\n"
    "  VALUES (new.id, new.title, new.doc_no, new.keywords, new.summary, new.body);\n"
    "END;\n"
    "CREATE TRIGGER docs_published_frozen BEFORE UPDATE OF agency_id, title, summary, body,\n"
    "  issuer, doc_no, topic, genre, keywords, kind, written_on, effective_on, valid_until,\n"
    "  interprets_id, published_on ON docs WHEN old.state = 'published' BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published document is frozen');\n"
    "END;\n"
    "CREATE TRIGGER docs_index_no_fixed BEFORE UPDATE OF index_no, index_scope, index_serial\n"
    "ON docs WHEN old.index_no IS NOT NULL BEGIN\n"
    "  SELECT RAISE(ABORT, 'an index number never changes');\n"
    "END;\n"
    "CREATE TRIGGER docs_published_kept BEFORE DELETE ON docs\n"
    "WHEN old.state = 'published' BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published document is never deleted');\n"
    "END;\n"
    "CREATE TRIGGER doc_attachments_frozen BEFORE DELETE ON doc_attachments\n"
    "WHEN (SELECT state FROM docs WHERE id = old.doc_id) = 'published' BEGIN\n"
    "  SELECT RAISE(ABORT, 'attachments of a published document are kept');\n"
    "END;\n"
    "{END}\n"
    "{PG}\n"
    "CREATE TABLE doc_terms (\n"
    "  doc_id BIGINT PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  title_terms TEXT[] NOT NULL,\n"
    "  terms TEXT[] NOT NULL,\n"
    "  ntokens BIGINT NOT NULL CHECK (ntokens >= 0)\n"
    ");\n"
    "CREATE INDEX doc_terms_title ON doc_terms USING gin (title_terms);\n"
    "CREATE INDEX doc_terms_all ON doc_terms USING gin (terms);\n"
    "CREATE FUNCTION docs_refuse() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = '23000';\n"
    "END $$;\n"
    "CREATE TRIGGER docs_published_frozen BEFORE UPDATE OF agency_id, title, summary, body,\n"
    "  issuer, doc_no, topic, genre, keywords, kind, written_on, effective_on, valid_until,\n"
    "  interprets_id, published_on ON docs FOR EACH ROW WHEN (OLD.state = 'published')\n"
    "  EXECUTE FUNCTION docs_refuse('a published document is frozen');\n"
    "CREATE TRIGGER docs_index_no_fixed BEFORE UPDATE OF index_no, index_scope, index_serial\n"
    "  ON docs FOR EACH ROW WHEN (OLD.index_no IS NOT NULL)\n"
    "  EXECUTE FUNCTION docs_refuse('an index number never changes');\n"
    "CREATE TRIGGER docs_published_kept BEFORE DELETE ON docs FOR EACH ROW\n"
    "  WHEN (OLD.state = 'published')\n"
    "  EXECUTE FUNCTION docs_refuse('a published document is never deleted');\n"
    "CREATE FUNCTION doc_attachments_frozen() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF (SELECT state FROM docs WHERE id = OLD.doc_id) = 'published' THEN\n"
    "    RAISE EXCEPTION 'attachments of a published document are kept'\n"
    "      USING ERRCODE = '23000';\n"
    "  END IF;\n"
    "  RETURN OLD;\n"
    "END $$;\n"
    "CREATE TRIGGER doc_attachments_frozen BEFORE DELETE ON doc_attachments FOR EACH ROW\n"
    "  EXECUTE FUNCTION doc_attachments_frozen();\n"
    "{END}\n";

static const struct {
	const char *key, *label;
} states[DOC_STATES] = {
    [DOC_DRAFT] = {"draft", "草稿"},
    [DOC_REVIEW] = {"review", "待审查"},
    [DOC_PUBLISHED] = {"published", "已发布"},
};

const char *doc_state_key(enum doc_state s)
{
	return (unsigned)s < DOC_STATES ? states[s].key : "draft";
}

const char *doc_state_label(enum doc_state s)
{
	return (unsigned)s < DOC_STATES ? states[s].label : states[0].label;
}

int doc_state_parse(const char *s)
{
	for (int i = 0; s && i < DOC_STATES; i++)
		if (!strcmp(s, states[i].key) || !strcmp(s, states[i].label))
			return i;
	return -1;
}

/* ---------------------------------------------------------------- checks */

/* Checks an optional text field: valid UTF-8, at most max characters, no control
 * characters unless multiline. */
static int check_text(const char *what, const char *s, size_t max, bool multiline, struct buf *err)
{
	if (!s)
		return 0;
	size_t len = strlen(s);
	if (!utf8_valid(s, len)) {
		buf_setf(err, "%s含有无效的字符编码", what);
		return ZF_EINVAL;
	}
	if (utf8_count(s, len) > max) {
		buf_setf(err, "%s不能超过 %zu 个字", what, max);
		return ZF_EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 && *p != '\t' && !(multiline && (*p == '\n' || *p == '\r'))) {
			buf_setf(err, "%s含有不可见的控制字符%s", what,
				 multiline ? "" : "（不能换行）");
			return ZF_EINVAL;
		}
	}
	return 0;
}

static bool blank(const char *s)
{
	return !s || !str_trim(str_c(s)).len;
}

int docs_check_fields(const struct doc_fields *f, struct buf *err)
{
	int rc;
	if (f->agency_id <= 0) {
		buf_setf(err, "请选择发布文件的机关");
		return ZF_EINVAL;
	}
	if (blank(f->title)) {
		buf_setf(err, "请填写文件名称");
		return ZF_EINVAL;
	}
	if ((rc = check_text("文件名称", f->title, DOC_TITLE_MAX, false, err)) ||
	    (rc = check_text("内容概述", f->summary, DOC_SUMMARY_MAX, true, err)) ||
	    (rc = check_text("发布机构", f->issuer, DOC_ISSUER_MAX, false, err)) ||
	    (rc = check_text("主题词", f->keywords, DOC_KEYWORDS_MAX, false, err)))
		return rc;
	if (f->body) {
		size_t len = strlen(f->body);
		if (len > DOC_BODY_MAX) {
			buf_setf(err, "正文过长（超过 %u KB），请将全文作为附件上传",
				 DOC_BODY_MAX >> 10);
			return ZF_EINVAL;
		}
		if (!utf8_valid(f->body, len)) {
			buf_setf(err, "正文含有无效的字符编码");
			return ZF_EINVAL;
		}
	}
	if (!blank(f->doc_no)) {
		struct docno d;
		if (docno_parse(str_c(f->doc_no), &d, err))
			return ZF_EINVAL;
	}
	if (!blank(f->topic) && !doc_topic_find(f->topic)) {
		buf_setf(err, "主题分类“%.60s”不在分类表中", f->topic);
		return ZF_EINVAL;
	}
	if (!blank(f->genre) && !doc_genre_known(f->genre)) {
		buf_setf(err, "体裁“%.60s”不在体裁表中（如 通知、意见、决定、办法）", f->genre);
		return ZF_EINVAL;
	}
	if ((unsigned)f->kind >= DOC_KINDS) {
		buf_setf(err, "文件类别不对，应为规章、行政规范性文件或其他文件");
		return ZF_EINVAL;
	}
	if (!f->written_on) {
		buf_setf(err, "请填写成文日期");
		return ZF_EINVAL;
	}
	if (f->written_on > date_today()) {
		buf_setf(err, "成文日期不能晚于今天");
		return ZF_EINVAL;
	}
	if (f->effective_on && f->effective_on < f->written_on) {
		buf_setf(err, "施行日期不能早于成文日期");
		return ZF_EINVAL;
	}
	if (f->valid_until && f->valid_until <= ZF_MAX(f->written_on, f->effective_on)) {
		buf_setf(err, "有效期截止日期应晚于成文日期和施行日期");
		return ZF_EINVAL;
	}
	if (f->interprets_id < 0) {
		buf_setf(err, "被解读文件的编号不对");
		return ZF_EINVAL;
	}
	return 0;
}

/* The stored forms of the fields: canonical 文号, topic code, trimmed strings. */
struct stored {
	char doc_no[DOCNO_PREFIX_MAX + 64];
	const char *topic;
	char title[DOC_TITLE_MAX * 4 + 1];
};

static void stored_forms(const struct doc_fields *f, struct stored *s)
{
	s->doc_no[0] = '\0';
	struct docno d;
	if (!blank(f->doc_no) && !docno_parse(str_c(f->doc_no), &d, NULL))
		docno_format(&d, s->doc_no, sizeof(s->doc_no));
	const struct doc_topic *t = blank(f->topic) ? NULL : doc_topic_find(f->topic);
	s->topic = t ? t->code : "";
	struct str title = str_trim(str_c(f->title));
	snprintf(s->title, sizeof(s->title), "%.*s", (int)title.len, title.p);
}

/* ---------------------------------------------------------------- history */

static const struct {
	const char *kind, *label;
} event_labels[] = {
    {"created", "创建草稿"},   {"edited", "修改"},	 {"submitted", "提交保密审查"},
    {"withdrawn", "撤回审查"}, {"returned", "退回修改"}, {"approved", "审查通过并发布"},
    {"repealed", "宣布废止"},  {"expired", "标注失效"},	 {"reviewed", "定期审查（继续有效）"},
    {"attached", "上传附件"},  {"detached", "删除附件"}, {"imported", "批量导入"},
};

/* 撤稿, kept in doc_takedowns (takedown.c), shown in the history */
static const struct {
	const char *kind, *label;
} takedown_labels[] = {
    {"takedown_withdrawn", "撤稿（撤回，页面保留说明）"},
    {"takedown_removed", "撤稿（删除，涉及个人信息）"},
    {"takedown_withdrawn_file", "撤下附件"},
    {"takedown_removed_file", "撤下附件（涉及个人信息）"},
};

static const char *event_label(const char *kind)
{
	for (size_t i = 0; kind && i < ARRAY_SIZE(event_labels); i++)
		if (!strcmp(kind, event_labels[i].kind))
			return event_labels[i].label;
	for (size_t i = 0; kind && i < ARRAY_SIZE(takedown_labels); i++)
		if (!strcmp(kind, takedown_labels[i].kind))
			return takedown_labels[i].label;
	return kind ? kind : "";
}

/* Records a change: a line of the document's history and one of the audit log
 * ("doc.<kind>", object "doc:<id>"). */
int docs_record(struct store *st, long long id, const char *actor, const char *kind,
		const char *detail)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "INSERT INTO doc_events (doc_id, seq, actor, kind, detail)"
		       " SELECT CAST(?1 AS BIGINT), coalesce(max(seq), 0) + 1, CAST(?2 AS TEXT),"
		       " CAST(?3 AS TEXT), CAST(?4 AS TEXT) FROM doc_events WHERE doc_id = ?1",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, actor);
	db_bind_text(s, 3, kind);
	db_bind_text(s, 4, detail ? detail : "");
	rc = db_run(s);
	if (rc)
		return rc;
	char action[32], object[32];
	snprintf(action, sizeof(action), "doc.%s", kind);
	snprintf(object, sizeof(object), "doc:%lld", id);
	return store_audit(st, actor, action, object, detail);
}

int store_doc_events(struct store *st, struct arena *a, long long id, struct doc_event **out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	/* with the takedowns (撤稿, takedown.c), kept in a table of their own */
	int rc = db_prepare(
	    st,
	    "SELECT at, actor, kind, detail FROM (SELECT at, actor, kind, detail, 0 AS src, seq,"
	    " 1 AS sub FROM doc_events WHERE doc_id = ?1 UNION ALL SELECT k.at, k.actor,"
	    " 'takedown_' || k.mode || CASE WHEN k.attachment_id IS NULL THEN '' ELSE '_file'"
	    " END, CASE WHEN k.attachment_id IS NULL THEN k.reason"
	    " ELSE coalesce(t.name, '') || '：' || k.reason END, 1, k.id, 0 FROM doc_takedowns k"
	    " LEFT JOIN doc_attachments t ON t.id = k.attachment_id WHERE k.doc_id = ?1"
	    /* the 保密审查 opinion (docs_secrecy.c) just before the decision it led to */
	    " UNION ALL SELECT r.at, r.reviewer, 'secrecy_' || r.decision,"
	    " CAST(r.checks AS TEXT) || ':' || r.opinion, 0, r.event_seq, 0"
	    " FROM doc_secrecy_reviews r WHERE r.doc_id = ?1) e"
	    " ORDER BY at, src, seq, sub",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	struct doc_event *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_event *e = &list[len++];
		e->at = db_col_str(s, a, 0);
		e->actor = db_col_str(s, a, 1);
		e->kind = db_col_str(s, a, 2);
		e->detail = db_col_str(s, a, 3);
		e->label = event_label(e->kind);
		if (!e->at || !e->actor || !e->kind || !e->detail) {
			rc = ZF_ENOMEM;
			break;
		}
		const char *secrecy = docs_secrecy_label(e->kind);
		if (secrecy) {
			/* "checks:opinion" */
			char *end = NULL;
			unsigned long checks = strtoul(e->detail, &end, 10);
			e->label = secrecy;
			rc = docs_secrecy_detail(a, (unsigned)checks,
						 end && *end == ':' ? end + 1 : "", &e->detail);
			if (rc)
				break;
		}
	}
	db_finish(s);
	if (rc)
		return rc;
	*out = list;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- reads */

int docs_read_row(struct db_stmt *s, int c, int body_col, struct arena *a, struct doc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = db_col_int(s, c + 0);
	d->f.agency_id = db_col_int(s, c + 1);
	d->agency_name = db_col_str(s, a, c + 2);
	int v = doc_state_parse(db_col_text(s, c + 3));
	d->state = v < 0 ? DOC_DRAFT : (enum doc_state)v;
	d->f.title = db_col_str(s, a, c + 4);
	d->f.summary = db_col_str(s, a, c + 5);
	d->f.issuer = db_col_str(s, a, c + 6);
	d->f.doc_no = db_col_str(s, a, c + 7);
	d->f.topic = db_col_str(s, a, c + 8);
	d->f.genre = db_col_str(s, a, c + 9);
	d->f.keywords = db_col_str(s, a, c + 10);
	v = doc_kind_parse(db_col_text(s, c + 11));
	d->f.kind = v < 0 ? DOC_KIND_OTHER : (enum doc_kind)v;
	d->f.written_on = db_col_day(s, c + 12);
	d->f.effective_on = db_col_day(s, c + 13);
	d->f.valid_until = db_col_day(s, c + 14);
	d->f.interprets_id = db_col_int(s, c + 15);
	v = doc_validity_parse(db_col_text(s, c + 16));
	d->validity = v < 0 ? DOC_VALID : (enum doc_validity)v;
	d->invalid_on = db_col_day(s, c + 17);
	d->invalid_reason = db_col_str(s, a, c + 18);
	d->published_on = db_col_day(s, c + 19);
	d->reviewed_on = db_col_day(s, c + 20);
	d->index_no = db_col_str(s, a, c + 21);
	d->return_reason = db_col_str(s, a, c + 22);
	d->created_by = db_col_str(s, a, c + 23);
	d->updated_at = db_col_str(s, a, c + 24);
	d->version = (int)db_col_int(s, c + 25);
	d->nattachments = (int)db_col_int(s, c + 26);
	d->f.body = body_col >= 0 ? db_col_str(s, a, body_col) : "";
	if (!d->agency_name || !d->f.title || !d->f.summary || !d->f.issuer || !d->f.doc_no ||
	    !d->f.topic || !d->f.genre || !d->f.keywords || !d->invalid_reason || !d->index_no ||
	    !d->return_reason || !d->created_by || !d->updated_at || !d->f.body)
		return ZF_ENOMEM;
	return 0;
}

int store_doc_get(struct store *st, struct arena *a, long long id, struct doc *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT " DOCS_COLUMNS ", d.body FROM docs d"
			    " JOIN agencies g ON g.id = d.agency_id WHERE d.id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = docs_read_row(s, 0, DOCS_NCOLUMNS, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_doc_by_index_no(struct store *st, const char *index_no, long long *id)
{
	*id = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM docs WHERE index_no = ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, index_no);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* The state, version, agency and dates of a document, for the checks of a transition. */
struct doc_head {
	enum doc_state state;
	enum doc_validity validity;
	int version;
	long long agency_id;
	zf_day written_on, published_on;
	bool has_interprets;
};

static int head(struct store *st, long long id, struct doc_head *h, struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT state, validity, version, agency_id, written_on,"
			    " published_on FROM docs WHERE id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		int v = doc_state_parse(db_col_text(s, 0));
		h->state = v < 0 ? DOC_DRAFT : (enum doc_state)v;
		v = doc_validity_parse(db_col_text(s, 1));
		h->validity = v < 0 ? DOC_VALID : (enum doc_validity)v;
		h->version = (int)db_col_int(s, 2);
		h->agency_id = db_col_int(s, 3);
		h->written_on = db_col_day(s, 4);
		h->published_on = db_col_day(s, 5);
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的文件", id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- writes */

/* Checks what the fields point to: the agency (and its name as the default issuer) and
 * the interpreted document (published). */
static int check_refs(struct store *st, const struct doc_fields *f, char *issuer, size_t n,
		      struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT name FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, f->agency_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *name = db_col_text(s, 0);
		struct str given = str_trim(str_c(f->issuer ? f->issuer : ""));
		if (given.len)
			snprintf(issuer, n, "%.*s", (int)given.len, given.p);
		else
			snprintf(issuer, n, "%s", name ? name : "");
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的机关", f->agency_id);
		rc = ZF_EINVAL;
	}
	db_finish(s);
	if (rc || !f->interprets_id)
		return rc;
	rc = db_prepare(st, "SELECT state FROM docs WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, f->interprets_id);
	rc = db_step(s);
	const char *state = rc == DB_ROW ? db_col_text(s, 0) : NULL;
	if (rc < 0) {
		/* the step's error */
	} else if (!state || strcmp(state, "published")) {
		buf_setf(err, "被解读的文件（编号 %lld）不存在或尚未发布", f->interprets_id);
		rc = ZF_EINVAL;
	} else {
		rc = 0;
	}
	db_finish(s);
	return rc;
}

/* Binds the fields to ?1..?14 of an INSERT or UPDATE. */
static void bind_fields(struct db_stmt *s, const struct doc_fields *f, const struct stored *sf,
			const char *issuer)
{
	db_bind_int(s, 1, f->agency_id);
	db_bind_text(s, 2, sf->title);
	db_bind_text(s, 3, f->summary ? f->summary : "");
	db_bind_text(s, 4, f->body ? f->body : "");
	db_bind_text(s, 5, issuer);
	db_bind_text(s, 6, sf->doc_no);
	db_bind_text(s, 7, sf->topic);
	db_bind_text(s, 8, f->genre ? f->genre : "");
	db_bind_text(s, 9, f->keywords ? f->keywords : "");
	db_bind_text(s, 10, doc_kind_key(f->kind));
	db_bind_day(s, 11, f->written_on);
	db_bind_day(s, 12, f->effective_on);
	db_bind_day(s, 13, f->valid_until);
	if (f->interprets_id)
		db_bind_int(s, 14, f->interprets_id);
	else
		db_bind_null(s, 14);
}

#define FIELD_LIST                                                                                 \
	"agency_id, title, summary, body, issuer, doc_no, topic, genre, keywords, kind,"           \
	" written_on, effective_on, valid_until, interprets_id"

/* Inserts a draft; the search index follows (docs_index_put on PostgreSQL, triggers on
 * SQLite). */
static int insert_doc(struct store *st, const char *actor, const struct doc_fields *f,
		      long long *id, struct buf *err)
{
	if (!docs_fts_armed) /* keeps docs_fts.o (SQLite's tokenizer) linked with the schema */
		BUG("the catalogue search glue is not linked");
	struct stored sf;
	char issuer[DOC_ISSUER_MAX * 4 + 1];
	stored_forms(f, &sf);
	int rc = check_refs(st, f, issuer, sizeof(issuer), err);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO docs (" FIELD_LIST ", created_by, created_at, updated_at)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
			" ?16, ?16) RETURNING id",
			&s);
	if (rc)
		return rc;
	bind_fields(s, f, &sf, issuer);
	db_bind_text(s, 15, actor);
	db_bind_text(s, 16, now);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	if (rc == ZF_EINVAL && err && !err->len)
		buf_setf(err, "文件的内容不符合要求（名称、发布机构的长度或日期）");
	if (!rc)
		rc = docs_index_put(st, *id, sf.title, sf.doc_no, f->keywords, f->summary, f->body);
	return rc;
}

int store_doc_add(struct store *st, const char *actor, const struct doc_fields *f, long long *id,
		  struct buf *err)
{
	long long new_id = 0;
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = docs_check_fields(f, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	/* A closed (撤销) agency keeps its catalogue but starts no new document. */
	zf_day closed = 0;
	rc = store_agency_closed_on(st, f->agency_id, &closed);
	if (!rc && closed) {
		char day[11];
		if (err)
			buf_setf(err, "该机构已于 %s 撤销，不能再起草新的文件",
				 date_format(closed, day));
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = insert_doc(st, actor, f, &new_id, err);
	if (!rc) {
		char detail[DOC_TITLE_MAX * 4 + 16];
		struct stored sf;
		stored_forms(f, &sf);
		snprintf(detail, sizeof(detail), "%s", sf.title);
		rc = docs_record(st, new_id, actor, "created", detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = new_id;
	return rc;
}

/* Names the fields that differ between the stored document and the new fields. */
static void changed_fields(const struct doc *old, const struct doc_fields *f,
			   const struct stored *sf, const char *issuer, struct buf *out)
{
	static const char *const names[] = {
	    "名称",   "内容概述", "正文",     "发布机构", "文号",   "主题分类", "体裁",
	    "主题词", "类别",	  "成文日期", "施行日期", "有效期", "政策解读", "机关"};
	bool diff[ARRAY_SIZE(names)] = {
	    strcmp(old->f.title, sf->title) != 0,
	    strcmp(old->f.summary, f->summary ? f->summary : "") != 0,
	    strcmp(old->f.body, f->body ? f->body : "") != 0,
	    strcmp(old->f.issuer, issuer) != 0,
	    strcmp(old->f.doc_no, sf->doc_no) != 0,
	    strcmp(old->f.topic, sf->topic) != 0,
	    strcmp(old->f.genre, f->genre ? f->genre : "") != 0,
	    strcmp(old->f.keywords, f->keywords ? f->keywords : "") != 0,
	    old->f.kind != f->kind,
	    old->f.written_on != f->written_on,
	    old->f.effective_on != f->effective_on,
	    old->f.valid_until != f->valid_until,
	    old->f.interprets_id != f->interprets_id,
	    old->f.agency_id != f->agency_id,
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (diff[i])
			buf_printf(out, "%s%s", out->len ? "、" : "", names[i]);
}

int store_doc_update(struct store *st, const char *actor, long long id, int version,
		     const struct doc_fields *f, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = docs_check_fields(f, err);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	struct doc old;
	struct stored sf;
	char issuer[DOC_ISSUER_MAX * 4 + 1];
	struct buf what = BUF_INIT;
	stored_forms(f, &sf);
	rc = store_doc_get(st, a, id, &old);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的文件", id);
	if (!rc && old.state != DOC_DRAFT) {
		buf_setf(err, "文件%s，不能修改",
			 old.state == DOC_REVIEW ? "正在审查中（可先撤回）" : "已经发布");
		rc = ZF_ESTATE;
	}
	if (!rc && old.version != version) {
		buf_setf(err,
			 "文件已被他人修改（您看到的是第 %d 版，现在是第 %d 版），"
			 "请重新打开后再修改",
			 version, old.version);
		rc = ZF_ESTATE;
	}
	if (!rc)
		rc = check_refs(st, f, issuer, sizeof(issuer), err);
	if (!rc && f->interprets_id == id) {
		buf_setf(err, "文件不能解读它自己");
		rc = ZF_EINVAL;
	}
	if (!rc) {
		changed_fields(&old, f, &sf, issuer, &what);
		char now[21];
		db_now(now);
		struct db_stmt *s;
		rc = db_prepare(
		    st,
		    "UPDATE docs SET agency_id = ?1, title = ?2, summary = ?3, body = ?4,"
		    " issuer = ?5, doc_no = ?6, topic = ?7, genre = ?8, keywords = ?9,"
		    " kind = ?10, written_on = ?11, effective_on = ?12,"
		    " valid_until = ?13, interprets_id = ?14, version = version + 1,"
		    " updated_at = ?16 WHERE id = ?15",
		    &s);
		if (!rc) {
			bind_fields(s, f, &sf, issuer);
			db_bind_int(s, 15, id);
			db_bind_text(s, 16, now);
			rc = db_run(s);
		}
	}
	if (!rc)
		rc = docs_index_put(st, id, sf.title, sf.doc_no, f->keywords, f->summary, f->body);
	if (!rc)
		rc =
		    docs_record(st, id, actor, "edited", what.len ? buf_cstr(&what) : "（无变化）");
	buf_free(&what);
	arena_free(a);
	return store_write_end(st, rc);
}

/* A value bound to the SET clause of update_doc: text (t) or a day (d; 0 binds NULL). */
struct val {
	bool is_day;
	const char *t;
	zf_day d;
};
#define T(x) ((struct val){false, (x), 0})
#define D(x) ((struct val){true, NULL, (x)})

/* Runs an UPDATE of one document that the transition's checks allowed, bumping its
 * version: set uses ?2 .. ?(n + 1) for v[0 .. n); ?1 is the id. */
static int update_doc(struct store *st, const char *set, long long id, size_t n,
		      const struct val *v)
{
	char sql[512], now[21];
	snprintf(sql, sizeof(sql),
		 "UPDATE docs SET %s, version = version + 1, updated_at = ?%zu WHERE id = ?1", set,
		 n + 2);
	db_now(now);
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	for (size_t i = 0; i < n; i++) {
		if (v[i].is_day)
			db_bind_day(s, (int)i + 2, v[i].d);
		else
			db_bind_text(s, (int)i + 2, v[i].t);
	}
	db_bind_text(s, (int)n + 2, now);
	return db_run(s);
}

static const char *state_phrase(enum doc_state s)
{
	switch (s) {
	case DOC_DRAFT: return "还是草稿";
	case DOC_REVIEW: return "正在审查中";
	case DOC_PUBLISHED: return "已经发布";
	case DOC_STATES: break;
	}
	return "";
}

/* A life-cycle step from `from` to its next state: checks, the update, the record. */
static int transition(struct store *st, const char *actor, long long id, enum doc_state from,
		      const char *verb, const char *set, const char *t2, const char *kind,
		      const char *detail, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, id, &h, err);
	if (!rc && h.state != from) {
		buf_setf(err, "文件%s，不能%s", state_phrase(h.state), verb);
		rc = ZF_ESTATE;
	}
	if (!rc) {
		struct val v[1] = {T(t2)};
		rc = update_doc(st, set, id, t2 ? 1 : 0, v);
	}
	if (!rc)
		rc = docs_record(st, id, actor, kind, detail);
	return store_write_end(st, rc);
}

int store_doc_submit(struct store *st, const char *actor, long long id, struct buf *err)
{
	return transition(st, actor, id, DOC_DRAFT, "提交审查",
			  "state = 'review', return_reason = ''", NULL, "submitted", "", err);
}

int store_doc_withdraw(struct store *st, const char *actor, long long id, struct buf *err)
{
	return transition(st, actor, id, DOC_REVIEW, "撤回", "state = 'draft'", NULL, "withdrawn",
			  "", err);
}

int store_doc_return(struct store *st, const char *actor, long long id, const char *reason,
		     struct buf *err)
{
	if (blank(reason)) {
		buf_setf(err, "退回修改时请写明理由，便于经办人修改");
		return ZF_EINVAL;
	}
	int rc = check_text("退回理由", reason, DOC_REASON_MAX, true, err);
	if (rc)
		return rc;
	return transition(st, actor, id, DOC_REVIEW, "退回", "state = 'draft', return_reason = ?2",
			  reason, "returned", reason, err);
}

int store_doc_delete(struct store *st, const char *actor, long long id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, id, &h, err);
	if (!rc && h.state != DOC_DRAFT) {
		buf_setf(err, "只能删除草稿；文件%s", state_phrase(h.state));
		rc = ZF_ESTATE;
	}
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st, "SELECT 1 FROM docs WHERE interprets_id = ? LIMIT 1", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			buf_setf(err, "有政策解读指向这份文件，不能删除");
			rc = ZF_ESTATE;
		}
		db_finish(s);
	}
	if (!rc) {
		/* the audit line outlives the document and its history */
		char object[32], detail[32];
		snprintf(object, sizeof(object), "doc:%lld", id);
		snprintf(detail, sizeof(detail), "version=%d", h.version);
		rc = store_audit(st, actor, "doc.deleted", object, detail);
	}
	if (!rc)
		rc = db_prepare(st, "DELETE FROM docs WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_run(s);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- 索引号 */

int store_doc_settings_set(struct store *st, const char *actor, long long agency_id,
			   const char *org_code, const char *tmpl, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!tmpl)
		tmpl = DOCNO_INDEX_TEMPLATE;
	if (!org_code || !docno_org_code_valid(org_code, err))
		return ZF_EINVAL;
	if (docno_template_check(tmpl, err))
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", agency_id);
		rc = ZF_EINVAL;
	}
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO doc_settings (agency_id, org_code, index_template)"
				" VALUES (?1, ?2, ?3) ON CONFLICT (agency_id) DO UPDATE SET"
				" org_code = excluded.org_code,"
				" index_template = excluded.index_template",
				&s);
	if (!rc) {
		db_bind_int(s, 1, agency_id);
		db_bind_text(s, 2, org_code);
		db_bind_text(s, 3, tmpl);
		rc = db_run(s);
	}
	if (!rc) {
		char object[40], detail[160];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "org_code=%s template=%s", org_code, tmpl);
		rc = store_audit(st, actor, "doc.settings", object, detail);
	}
	return store_write_end(st, rc);
}

int store_doc_settings_get(struct store *st, struct arena *a, long long agency_id,
			   const char **org_code, const char **tmpl)
{
	*org_code = *tmpl = NULL;
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT org_code, index_template FROM doc_settings WHERE agency_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*org_code = db_col_str(s, a, 0);
		*tmpl = db_col_str(s, a, 1);
		rc = !*org_code || !*tmpl ? ZF_ENOMEM : 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* Gives a document its 索引号: the next serial of (organisation code, year of
 * publication), rendered through the agency's template. An imported number may already
 * hold a serial: the next free one is taken. Called inside a write transaction, whose
 * database-wide writer lock (both engines) makes the read of the highest serial and the
 * write of the next one safe with several servers. */
static int assign_index_no(struct store *st, long long id, long long agency_id, zf_day published_on,
			   struct buf *err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	const char *org = NULL, *tmpl = NULL;
	int rc = store_doc_settings_get(st, a, agency_id, &org, &tmpl);
	if (rc == ZF_ENOENT) {
		buf_setf(err,
			 "本机关（编号 %lld）尚未设置组织机构代码，无法生成索引号。请联系系统管理员"
			 "先设置本机关的组织机构代码。",
			 agency_id);
		rc = ZF_ESTATE;
	}
	char scope[64];
	long long serial = 0;
	struct db_stmt *s = NULL;
	if (!rc) {
		snprintf(scope, sizeof(scope), "%s/%04d", org, date_to_ymd(published_on).y);
		rc = db_prepare(st,
				"SELECT coalesce(max(index_serial), 0) FROM docs"
				" WHERE index_scope = ?",
				&s);
	}
	if (!rc) {
		db_bind_text(s, 1, scope);
		rc = db_step(s);
		if (rc == DB_ROW) {
			serial = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	struct buf no = BUF_INIT;
	for (int tries = 0; !rc; tries++) {
		serial++;
		buf_reset(&no);
		rc = docno_index_render(tmpl, org, published_on, serial, &no);
		if (rc)
			break;
		long long other = 0;
		rc = store_doc_by_index_no(st, buf_cstr(&no), &other);
		if (rc == ZF_ENOENT) {
			rc = 0;
			break;
		}
		if (!rc && tries > 1000)
			rc = ZF_ESTATE;
	}
	if (!rc)
		rc = db_prepare(st,
				"UPDATE docs SET index_no = ?2, index_scope = ?3,"
				" index_serial = ?4 WHERE id = ?1",
				&s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, buf_cstr(&no));
		db_bind_text(s, 3, scope);
		db_bind_int(s, 4, serial);
		rc = db_run(s);
	}
	buf_free(&no);
	arena_free(a);
	return rc;
}

int store_doc_approve(struct store *st, const char *actor, long long id, zf_day published_on,
		      struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!published_on)
		published_on = date_today();
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, id, &h, err);
	if (!rc && h.state != DOC_REVIEW) {
		buf_setf(err, "文件%s，不能审查通过（须先提交保密审查）", state_phrase(h.state));
		rc = ZF_ESTATE;
	}
	if (!rc && published_on < h.written_on) {
		buf_setf(err, "发布日期不能早于成文日期");
		rc = ZF_EINVAL;
	}
	/* the CHECK on state wants the number and the day in the same UPDATE: the number
	 * first (as a draft in review), then the state */
	if (!rc)
		rc = assign_index_no(st, id, h.agency_id, published_on, err);
	if (!rc) {
		struct val v[1] = {D(published_on)};
		rc = update_doc(st, "state = 'published', published_on = ?2, return_reason = ''",
				id, 1, v);
	}
	if (!rc) {
		char day[11], detail[64];
		snprintf(detail, sizeof(detail), "发布日期 %s", date_format(published_on, day));
		rc = docs_record(st, id, actor, "approved", detail);
	}
	return store_write_end(st, rc);
}

int store_doc_invalidate(struct store *st, const char *actor, long long id, enum doc_validity v,
			 zf_day on, const char *reason, struct buf *err)
{
	if (!actor || !*actor || (v != DOC_EXPIRED && v != DOC_REPEALED) || !on)
		return ZF_EINVAL;
	if (v == DOC_REPEALED && blank(reason)) {
		buf_setf(err, "宣布废止时请写明依据或理由（例如 废止的决定及其文号）");
		return ZF_EINVAL;
	}
	int rc = check_text("理由", reason, DOC_REASON_MAX, true, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, id, &h, err);
	if (!rc && h.state != DOC_PUBLISHED) {
		buf_setf(err, "文件%s，只有已发布的文件才能%s", state_phrase(h.state),
			 v == DOC_REPEALED ? "废止" : "标注失效");
		rc = ZF_ESTATE;
	}
	if (!rc && h.validity != DOC_VALID) {
		buf_setf(err, "文件已经%s", doc_validity_label(h.validity));
		rc = ZF_ESTATE;
	}
	if (!rc && on < h.published_on) {
		buf_setf(err, "%s日期不能早于发布日期", v == DOC_REPEALED ? "废止" : "失效");
		rc = ZF_EINVAL;
	}
	if (!rc) {
		struct val vals[3] = {T(doc_validity_key(v)), T(reason ? reason : ""), D(on)};
		rc = update_doc(st, "validity = ?2, invalid_reason = ?3, invalid_on = ?4", id, 3,
				vals);
	}
	if (!rc) {
		char day[11];
		struct buf detail = BUF_INIT;
		buf_printf(&detail, "%s %s", date_format(on, day), reason ? reason : "");
		rc = detail.failed
			 ? ZF_ENOMEM
			 : docs_record(st, id, actor, v == DOC_REPEALED ? "repealed" : "expired",
				       buf_cstr(&detail));
		buf_free(&detail);
	}
	return store_write_end(st, rc);
}

int store_doc_reviewed(struct store *st, const char *actor, long long id, zf_day on,
		       const char *note, struct buf *err)
{
	if (!actor || !*actor || !on)
		return ZF_EINVAL;
	int rc = check_text("审查意见", note, DOC_REASON_MAX, true, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, id, &h, err);
	if (!rc && (h.state != DOC_PUBLISHED || h.validity != DOC_VALID)) {
		buf_setf(err, "只有已发布且有效的文件才需要定期审查");
		rc = ZF_ESTATE;
	}
	if (!rc && (on < h.published_on || on > date_today())) {
		buf_setf(err, "审查日期应在发布日期和今天之间");
		rc = ZF_EINVAL;
	}
	if (!rc) {
		struct val v[1] = {D(on)};
		rc = update_doc(st, "reviewed_on = ?2", id, 1, v);
	}
	if (!rc) {
		char day[11];
		struct buf detail = BUF_INIT;
		buf_printf(&detail, "%s %s", date_format(on, day), note ? note : "");
		rc = detail.failed ? ZF_ENOMEM
				   : docs_record(st, id, actor, "reviewed", buf_cstr(&detail));
		buf_free(&detail);
	}
	return store_write_end(st, rc);
}

int docs_insert_published(struct store *st, const struct doc_fields *f, zf_day published_on,
			  const char *index_no, enum doc_validity v, zf_day invalid_on,
			  const char *invalid_reason, long long *id, struct buf *err)
{
	int rc = docs_check_fields(f, err);
	if (rc)
		return rc;
	if (!published_on || published_on < f->written_on) {
		buf_setf(err, "发布日期不能为空，也不能早于成文日期");
		return ZF_EINVAL;
	}
	if ((v == DOC_VALID) != (invalid_on == 0) || (invalid_on && invalid_on < published_on)) {
		buf_setf(err,
			 "失效或废止的文件须有不早于发布日期的失效/废止日期，有效的文件则不应有");
		return ZF_EINVAL;
	}
	rc = check_text("失效或废止理由", invalid_reason, DOC_REASON_MAX, true, err);
	if (rc)
		return rc;
	long long new_id = 0;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	/* a taken 索引号 is refused before any write: PostgreSQL would abort the whole
	 * transaction (a batch) on the unique violation */
	if (index_no && *index_no) {
		long long other = 0;
		rc = store_doc_by_index_no(st, index_no, &other);
		if (!rc) {
			buf_setf(err, "索引号“%s”已被其他文件使用", index_no);
			rc = ZF_EINVAL;
		} else if (rc == ZF_ENOENT) {
			rc = 0;
		}
	}
	if (!rc)
		rc = insert_doc(st, "import", f, &new_id, err);
	if (!rc && index_no && *index_no) {
		struct val vals[1] = {T(index_no)};
		rc = update_doc(st, "index_no = ?2", new_id, 1, vals);
	}
	if (!rc && !(index_no && *index_no))
		rc = assign_index_no(st, new_id, f->agency_id, published_on, err);
	if (!rc) {
		struct val vals[4] = {T(doc_validity_key(v)), D(published_on), D(invalid_on),
				      T(invalid_reason ? invalid_reason : "")};
		rc = update_doc(st,
				"state = 'published', validity = ?2, published_on = ?3,"
				" invalid_on = ?4, invalid_reason = ?5",
				new_id, 4, vals);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = new_id;
	return rc;
}

int store_doc_insert_published(struct store *st, const struct doc_fields *f, zf_day published_on,
			       const char *index_no, enum doc_validity v, zf_day invalid_on,
			       long long *id, struct buf *err)
{
	return docs_insert_published(st, f, published_on, index_no, v, invalid_on, NULL, id, err);
}

/* ---------------------------------------------------------------- attachments */

static const struct file_type {
	const char *ext;
	const char *type;
	const char *magic; /* first bytes, NULL = text checked as UTF-8 */
	size_t magic_len;
} file_types[] = {
    {".pdf", "application/pdf", "%PDF-", 5},
    {".ofd", "application/ofd", "PK\x03\x04", 4},
    {".doc", "application/msword", "\xD0\xCF\x11\xE0", 4},
    {".wps", "application/vnd.ms-works", "\xD0\xCF\x11\xE0", 4},
    {".xls", "application/vnd.ms-excel", "\xD0\xCF\x11\xE0", 4},
    {".et", "application/vnd.ms-excel", "\xD0\xCF\x11\xE0", 4},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "PK\x03\x04", 4},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK\x03\x04", 4},
    {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
     "PK\x03\x04", 4},
    {".zip", "application/zip", "PK\x03\x04", 4},
    {".rar", "application/vnd.rar", "Rar!", 4},
    {".jpg", "image/jpeg", "\xFF\xD8\xFF", 3},
    {".jpeg", "image/jpeg", "\xFF\xD8\xFF", 3},
    {".png", "image/png", "\x89PNG", 4},
    {".txt", "text/plain; charset=utf-8", NULL, 0},
    {".csv", "text/csv; charset=utf-8", NULL, 0},
};

const char *docs_attachment_type(const char *name, const unsigned char *data, size_t len)
{
	size_t nlen = name ? strlen(name) : 0;
	for (size_t i = 0; i < ARRAY_SIZE(file_types); i++) {
		const struct file_type *t = &file_types[i];
		size_t elen = strlen(t->ext);
		if (nlen <= elen || strcasecmp(name + nlen - elen, t->ext))
			continue;
		if (t->magic)
			return len >= t->magic_len && !memcmp(data, t->magic, t->magic_len)
				   ? t->type
				   : NULL;
		return utf8_valid((const char *)data, len) && !memchr(data, 0, len) ? t->type
										    : NULL;
	}
	return NULL;
}

int store_doc_attach(struct store *st, const char *actor, long long doc_id, const char *name,
		     const unsigned char *data, size_t len, long long *id, struct buf *err)
{
	if (!actor || !*actor || (!data && len))
		return ZF_EINVAL;
	/* keep the last path component: browsers of old sent C:\...\name */
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	int rc = check_text("附件文件名", base, 200, false, err);
	if (rc)
		return rc;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		buf_setf(err, "附件没有文件名");
		return ZF_EINVAL;
	}
	if (len > DOC_ATTACHMENT_MAX) {
		buf_setf(err, "附件“%s”超过 %u MB，请压缩或拆分后上传", base,
			 DOC_ATTACHMENT_MAX >> 20);
		return ZF_ETOOBIG;
	}
	if (len == 0) {
		buf_setf(err, "附件“%s”是空文件", base);
		return ZF_EINVAL;
	}
	const char *type = docs_attachment_type(base, data, len);
	if (!type) {
		buf_setf(err,
			 "附件“%s”的类型不被接受，或文件内容与扩展名不符。可上传 PDF、OFD、"
			 "Word、WPS、Excel、PPTX、图片（JPG、PNG）、压缩包（ZIP、RAR）"
			 "和纯文本（TXT、CSV）",
			 base);
		return ZF_EINVAL;
	}
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct doc_head h;
	rc = head(st, doc_id, &h, err);
	if (!rc && h.state != DOC_DRAFT) {
		buf_setf(err, "文件%s，不能再添加附件", state_phrase(h.state));
		rc = ZF_ESTATE;
	}
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st, "SELECT count(*) FROM doc_attachments WHERE doc_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, doc_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			rc = 0;
			if (db_col_int(s, 0) >= DOC_ATTACHMENTS_MAX) {
				buf_setf(err, "每份文件最多 %d 个附件", DOC_ATTACHMENTS_MAX);
				rc = ZF_ETOOBIG;
			}
		}
		db_finish(s);
	}
	char now[21];
	db_now(now);
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO doc_attachments (doc_id, name, content_type, size,"
		    " sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    &s);
	long long new_id = 0;
	if (!rc) {
		db_bind_int(s, 1, doc_id);
		db_bind_text(s, 2, base);
		db_bind_text(s, 3, type);
		db_bind_int(s, 4, (long long)len);
		db_bind_text(s, 5, hex);
		db_bind_blob(s, 6, data, len);
		db_bind_text(s, 7, now);
		rc = db_step(s);
		if (rc == DB_ROW) {
			new_id = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	if (!rc)
		rc = update_doc(st, "return_reason = return_reason", doc_id, 0, NULL);
	if (!rc) {
		struct buf detail = BUF_INIT;
		buf_printf(&detail, "%s（%zu 字节，sha256 %.16s）", base, len, hex);
		rc = detail.failed ? ZF_ENOMEM
				   : docs_record(st, doc_id, actor, "attached", buf_cstr(&detail));
		buf_free(&detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = new_id;
	return rc;
}

int store_doc_detach(struct store *st, const char *actor, long long attachment_id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	long long doc_id = 0;
	char *name = NULL;
	rc = db_prepare(st, "SELECT doc_id, name FROM doc_attachments WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, attachment_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			doc_id = db_col_int(s, 0);
			name = xstrdup(db_col_text(s, 1));
			rc = 0;
		} else if (rc == DB_DONE) {
			buf_setf(err, "没有编号为 %lld 的附件", attachment_id);
			rc = ZF_ENOENT;
		}
		db_finish(s);
	}
	struct doc_head h;
	if (!rc)
		rc = head(st, doc_id, &h, err);
	if (!rc && h.state != DOC_DRAFT) {
		buf_setf(err, "文件%s，附件不能删除", state_phrase(h.state));
		rc = ZF_ESTATE;
	}
	if (!rc)
		rc = db_prepare(st, "DELETE FROM doc_attachments WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, attachment_id);
		rc = db_run(s);
	}
	if (!rc)
		rc = update_doc(st, "return_reason = return_reason", doc_id, 0, NULL);
	if (!rc)
		rc = docs_record(st, doc_id, actor, "detached", name);
	free(name);
	return store_write_end(st, rc);
}

static int read_attachments(struct db_stmt *s, struct arena *a, bool with_data,
			    struct doc_attachment **out, size_t *n)
{
	struct doc_attachment *list = NULL;
	size_t len = 0, alloc = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, len, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_attachment *t = &list[len++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int(s, 0);
		t->doc_id = db_col_int(s, 1);
		t->name = db_col_str(s, a, 2);
		t->content_type = db_col_str(s, a, 3);
		t->size = (size_t)db_col_int(s, 4);
		if (!t->name || !t->content_type) {
			rc = ZF_ENOMEM;
			break;
		}
		if (with_data) {
			size_t blen = 0;
			const void *blob = db_col_blob(s, 5, &blen);
			unsigned char *copy = arena_alloc(a, blen + 1);
			if (!copy) {
				rc = ZF_ENOMEM;
				break;
			}
			if (blen)
				memcpy(copy, blob, blen);
			t->data = copy;
			t->size = blen;
		}
	}
	db_finish(s);
	if (!rc) {
		*out = list;
		*n = len;
	}
	return rc;
}

int store_doc_attachments(struct store *st, struct arena *a, long long doc_id,
			  struct doc_attachment **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, doc_id, name, content_type, size FROM doc_attachments"
			    " WHERE doc_id = ? ORDER BY id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	return read_attachments(s, a, false, out, n);
}

int store_doc_attachment_get(struct store *st, struct arena *a, long long attachment_id,
			     struct doc_attachment *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, doc_id, name, content_type, size, data"
			    " FROM doc_attachments WHERE id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, attachment_id);
	struct doc_attachment *list = NULL;
	size_t n = 0;
	rc = read_attachments(s, a, true, &list, &n);
	if (!rc && n == 0)
		rc = ZF_ENOENT;
	if (!rc)
		*out = list[0];
	return rc;
}

/* ---------------------------------------------------------------- table 2 */

int store_docs_t2_rules(struct store *st, const long long *agencies, size_t nagencies, int year,
			struct docs_t2 *out)
{
	memset(out, 0, sizeof(*out));
	if (year < 1990 || year > 2199 || (nagencies && !agencies))
		return ZF_EINVAL;
	struct buf sql = BUF_INIT;
	buf_adds(&sql,
		 "SELECT kind,"
		 " sum(CASE WHEN written_on BETWEEN ?1 AND ?2 THEN 1 ELSE 0 END),"
		 " sum(CASE WHEN validity = 'repealed' AND invalid_on BETWEEN ?1 AND ?2"
		 "     THEN 1 ELSE 0 END),"
		 " sum(CASE WHEN published_on <= ?2 AND coalesce(effective_on, published_on) <= ?2"
		 "     AND (invalid_on IS NULL OR invalid_on > ?2) THEN 1 ELSE 0 END)"
		 " FROM docs WHERE kind IN ('regulation', 'normative') AND state = 'published'");
	docs_agency_sql("agency_id", agencies, nagencies, &sql);
	buf_adds(&sql, " GROUP BY kind");
	if (sql.failed) {
		buf_free(&sql);
		return ZF_ENOMEM;
	}
	struct db_stmt *s;
	int rc = db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_day(s, 1, date_from_ymd(year, 1, 1));
	db_bind_day(s, 2, date_from_ymd(year, 12, 31));
	while ((rc = db_step(s)) == DB_ROW) {
		int k = doc_kind_parse(db_col_text(s, 0));
		int i = k == DOC_KIND_REGULATION ? 0 : 1;
		out->issued[i] = db_col_int(s, 1);
		out->repealed[i] = db_col_int(s, 2);
		out->in_force[i] = db_col_int(s, 3);
	}
	db_finish(s);
	return rc;
}

void docs_t2_fill(struct report *r, const struct docs_t2 *t2)
{
	static const enum report_t2_item items[2] = {REPORT_T2_REGULATIONS,
						     REPORT_T2_NORMATIVE_DOCUMENTS};
	for (int i = 0; i < 2; i++) {
		report_cell_set(&r->table2[items[i]][REPORT_T2_ISSUED], t2->issued[i], NULL);
		report_cell_set(&r->table2[items[i]][REPORT_T2_REPEALED], t2->repealed[i], NULL);
		report_cell_set(&r->table2[items[i]][REPORT_T2_IN_FORCE], t2->in_force[i], NULL);
	}
}
