/* lists.c: the 专栏 and lists area of the store, written once against driver.h for both
 * engines: its migration (schema_lists: 撤稿, 重大建设项目, versioned lists), the projects
 * with their stages, and the versioned lists. 撤稿 itself is in takedown.c. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "store/db.h"
#include "store/lists.h"
#include "utf8.h"

/* One migration for the area. doc_takedowns is a table of its own because the CHECK on
 * docs.state cannot be changed portably (SQLite cannot alter a CHECK); a document has at
 * most one takedown of its own of each mode (a withdrawn one may later be removed, when
 * personal data is found in it) and each attachment at most one. A published version of a
 * list and its items are frozen by triggers, as published documents are. */
const char schema_lists[] =
    "CREATE TABLE doc_takedowns (\n"
    "  id {ID},\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE RESTRICT,\n"
    "  attachment_id INTEGER REFERENCES doc_attachments(id) ON DELETE RESTRICT,\n"
    "  mode TEXT NOT NULL CHECK (mode IN ('withdrawn', 'removed')),\n"
    "  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),\n"
    "  actor TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE UNIQUE INDEX doc_takedowns_doc ON doc_takedowns(doc_id, mode)"
    " WHERE attachment_id IS NULL;\n"
    "CREATE UNIQUE INDEX doc_takedowns_file ON doc_takedowns(attachment_id)"
    " WHERE attachment_id IS NOT NULL;\n"
    "CREATE INDEX doc_takedowns_of ON doc_takedowns(doc_id, id);\n"
    "CREATE TABLE projects (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  code TEXT NOT NULL DEFAULT '',\n"
    "  location TEXT NOT NULL DEFAULT '',\n"
    "  owner TEXT NOT NULL DEFAULT '',\n"
    "  investment TEXT NOT NULL DEFAULT '',\n"
    "  state TEXT NOT NULL DEFAULT 'preparing' CHECK (state IN ('preparing', 'building',\n"
    "    'completed')),\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX projects_agency ON projects(agency_id, name);\n"
    "CREATE TABLE project_docs (\n"
    "  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,\n"
    "  stage TEXT NOT NULL CHECK (stage IN ('approval_service', 'approval_result', 'tender',\n"
    "    'land', 'design_change', 'construction', 'quality', 'completion')),\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE RESTRICT,\n"
    "  added_by TEXT NOT NULL,\n"
    "  added_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  PRIMARY KEY (project_id, stage, doc_id)\n"
    ");\n"
    "CREATE INDEX project_docs_doc ON project_docs(doc_id);\n"
    "CREATE TABLE lists (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('power', 'negative', 'fee', 'other')),\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  created_by TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX lists_agency ON lists(agency_id, name);\n"
    "CREATE TABLE list_items (\n"
    "  id {ID},\n"
    "  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  category TEXT NOT NULL DEFAULT '',\n"
    "  basis TEXT NOT NULL DEFAULT '',\n"
    "  detail TEXT NOT NULL DEFAULT '',\n"
    "  sort INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE INDEX list_items_list ON list_items(list_id, sort, id);\n"
    "CREATE TABLE list_versions (\n"
    "  id {ID},\n"
    "  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE RESTRICT,\n"
    "  version INTEGER NOT NULL CHECK (version >= 1),\n"
    "  revised_on TEXT NOT NULL,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  published_by TEXT NOT NULL,\n"
    "  published_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  UNIQUE (list_id, version)\n"
    ");\n"
    "CREATE TABLE list_version_items (\n"
    "  version_id INTEGER NOT NULL REFERENCES list_versions(id) ON DELETE RESTRICT,\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  name TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  basis TEXT NOT NULL,\n"
    "  detail TEXT NOT NULL,\n"
    "  PRIMARY KEY (version_id, seq)\n"
    ") {WITHOUT_ROWID};\n"
    "{SQLITE}\n"
    "CREATE TRIGGER list_versions_frozen BEFORE UPDATE ON list_versions BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published list version is frozen');\n"
    "END;\n"
    "CREATE TRIGGER list_versions_kept BEFORE DELETE ON list_versions BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published list version is frozen');\n"
    "END;\n"
    "CREATE TRIGGER list_version_items_frozen BEFORE UPDATE ON list_version_items BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published list version is frozen');\n"
    "END;\n"
    "CREATE TRIGGER list_version_items_kept BEFORE DELETE ON list_version_items BEGIN\n"
    "  SELECT RAISE(ABORT, 'a published list version is frozen');\n"
    "END;\n"
    "CREATE TRIGGER doc_takedowns_kept BEFORE DELETE ON doc_takedowns BEGIN\n"
    "  SELECT RAISE(ABORT, 'a takedown is never undone');\n"
    "END;\n"
    "{END}\n"
    "{PG}\n"
    "CREATE TRIGGER list_versions_frozen BEFORE UPDATE OR DELETE ON list_versions\n"
    "  FOR EACH ROW EXECUTE FUNCTION docs_refuse('a published list version is frozen');\n"
    "CREATE TRIGGER list_version_items_frozen BEFORE UPDATE OR DELETE ON list_version_items\n"
    "  FOR EACH ROW EXECUTE FUNCTION docs_refuse('a published list version is frozen');\n"
    "CREATE TRIGGER doc_takedowns_kept BEFORE DELETE ON doc_takedowns\n"
    "  FOR EACH ROW EXECUTE FUNCTION docs_refuse('a takedown is never undone');\n"
    "{END}\n";

/* ---------------------------------------------------------------- names */

static const struct {
	const char *key, *label;
} stages[PROJECT_STAGES] =
    {
	[PROJECT_STAGE_APPROVAL_SERVICE] = {"approval_service", "批准服务信息"},
	[PROJECT_STAGE_APPROVAL_RESULT] = {"approval_result", "批准结果信息"},
	[PROJECT_STAGE_TENDER] = {"tender", "招标投标信息"},
	[PROJECT_STAGE_LAND] = {"land", "征收土地信息"},
	[PROJECT_STAGE_DESIGN_CHANGE] = {"design_change", "重大设计变更信息"},
	[PROJECT_STAGE_CONSTRUCTION] = {"construction", "施工有关信息"},
	[PROJECT_STAGE_QUALITY] = {"quality", "质量安全监督信息"},
	[PROJECT_STAGE_COMPLETION] = {"completion", "竣工有关信息"},
},
  pstates[PROJECT_STATES] =
      {
	  [PROJECT_PREPARING] = {"preparing", "前期工作"},
	  [PROJECT_BUILDING] = {"building", "在建"},
	  [PROJECT_COMPLETED] = {"completed", "已竣工"},
},
  kinds[LIST_KINDS] = {
      [LIST_POWER] = {"power", "权责清单"},
      [LIST_NEGATIVE] = {"negative", "负面清单"},
      [LIST_FEE] = {"fee", "收费清单"},
      [LIST_OTHER] = {"other", "其他清单"},
};

#define NAMES(prefix, table, n)                                                                    \
	const char *prefix##_key(int s)                                                            \
	{                                                                                          \
		return (unsigned)s < (n) ? table[s].key : table[0].key;                            \
	}                                                                                          \
	const char *prefix##_label(int s)                                                          \
	{                                                                                          \
		return (unsigned)s < (n) ? table[s].label : "";                                    \
	}                                                                                          \
	int prefix##_parse(const char *s)                                                          \
	{                                                                                          \
		for (int i = 0; s && i < (int)(n); i++)                                            \
			if (!strcmp(s, table[i].key) || !strcmp(s, table[i].label))                \
				return i;                                                          \
		return -1;                                                                         \
	}

NAMES(project_stage, stages, PROJECT_STAGES)
NAMES(project_state, pstates, PROJECT_STATES)
NAMES(list_kind, kinds, LIST_KINDS)

/* ---------------------------------------------------------------- checks */

/* A text field: valid UTF-8, at most max characters, no control characters (line breaks
 * only when multiline); required ones not blank. */
static int check_text(const char *what, const char *s, size_t max, bool required, bool multiline,
		      struct buf *err)
{
	if (!s || !str_trim(str_c(s)).len) {
		if (!required)
			return 0;
		buf_setf(err, "请填写%s", what);
		return ZF_EINVAL;
	}
	size_t len = strlen(s);
	if (!utf8_valid(s, len)) {
		buf_setf(err, "%s含有无效的字符编码", what);
		return ZF_EINVAL;
	}
	if (utf8_count(s, len) > max) {
		buf_setf(err, "%s不能超过 %zu 个字", what, max);
		return ZF_EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && !(multiline && (*p == '\n' || *p == '\r'))) {
			buf_setf(err, "%s含有不可见的控制字符", what);
			return ZF_EINVAL;
		}
	return 0;
}

/* s trimmed, into the arena ("" for NULL). */
static const char *trimmed(struct arena *a, const char *s)
{
	struct str t = str_trim(str_c(s ? s : ""));
	return arena_printf(a, "%.*s", (int)t.len, t.p);
}

static int agency_known(struct store *st, long long id, struct buf *err)
{
	bool exists = false;
	int rc = store_agency_exists(st, id, &exists);
	if (!rc && !exists) {
		buf_setf(err, "没有编号为 %lld 的机关", id);
		rc = ZF_EINVAL;
	}
	return rc;
}

/* ---------------------------------------------------------------- projects */

static int check_project(const struct project_fields *f, struct buf *err)
{
	int rc;
	if ((rc = check_text("项目名称", f->name, LIST_TEXT_MAX, true, false, err)) ||
	    (rc = check_text("项目代码", f->code, 64, false, false, err)) ||
	    (rc = check_text("建设地点", f->location, LIST_TEXT_MAX, false, false, err)) ||
	    (rc = check_text("项目法人（建设单位）", f->owner, LIST_TEXT_MAX, false, false, err)) ||
	    (rc = check_text("总投资", f->investment, 64, false, false, err)))
		return rc;
	if ((unsigned)f->state >= PROJECT_STATES) {
		buf_setf(err, "项目状态不对，应为前期工作、在建或已竣工");
		return ZF_EINVAL;
	}
	return 0;
}

static void bind_project(struct db_stmt *s, struct arena *a, const struct project_fields *f)
{
	db_bind_text(s, 1, trimmed(a, f->name));
	db_bind_text(s, 2, trimmed(a, f->code));
	db_bind_text(s, 3, trimmed(a, f->location));
	db_bind_text(s, 4, trimmed(a, f->owner));
	db_bind_text(s, 5, trimmed(a, f->investment));
	db_bind_text(s, 6, project_state_key(f->state));
}

int store_project_add(struct store *st, const char *actor, const struct project_fields *f,
		      long long *id, struct buf *err)
{
	int rc = check_project(f, err);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	if ((rc = store_write_begin(st)))
		goto out;
	long long newid = 0;
	struct db_stmt *s;
	if (!(rc = agency_known(st, f->agency_id, err)) &&
	    !(rc =
		  db_prepare(st,
			     "INSERT INTO projects (name, code, location, owner, investment, state,"
			     " agency_id, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			     &s))) {
		bind_project(s, a, f);
		db_bind_int(s, 7, f->agency_id);
		db_bind_text(s, 8, actor);
		rc = db_step(s);
		if (rc == DB_ROW) {
			newid = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	if (!rc) {
		char object[32];
		snprintf(object, sizeof(object), "project:%lld", newid);
		rc = store_audit(st, actor, "project.add", object, f->name);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = newid;
out:
	arena_free(a);
	return rc;
}

int store_project_update(struct store *st, const char *actor, long long id,
			 const struct project_fields *f, struct buf *err)
{
	int rc = check_project(f, err);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	char now[21];
	db_now(now);
	if ((rc = store_write_begin(st)))
		goto out;
	struct db_stmt *s;
	if (!(rc = db_prepare(st,
			      "UPDATE projects SET name = ?, code = ?, location = ?, owner = ?,"
			      " investment = ?, state = ?, updated_at = ? WHERE id = ?",
			      &s))) {
		bind_project(s, a, f);
		db_bind_text(s, 7, now);
		db_bind_int(s, 8, id);
		rc = db_step(s);
		if (rc == DB_DONE)
			rc = db_changes(s) == 1 ? 0 : ZF_ENOENT;
		else if (rc == DB_ROW)
			rc = ZF_EDB;
		db_finish(s);
		if (rc == ZF_ENOENT)
			buf_setf(err, "没有编号为 %lld 的项目", id);
	}
	if (!rc) {
		char object[32];
		snprintf(object, sizeof(object), "project:%lld", id);
		rc = store_audit(st, actor, "project.edit", object, f->name);
	}
	rc = store_write_end(st, rc);
out:
	arena_free(a);
	return rc;
}

#define PROJECT_COLUMNS                                                                            \
	"p.id, p.agency_id, g.name, p.name, p.code, p.location, p.owner, p.investment, p.state,"   \
	" p.updated_at FROM projects p JOIN agencies g ON g.id = p.agency_id"

static int read_project(struct db_stmt *s, struct arena *a, struct project *p)
{
	p->id = db_col_int(s, 0);
	p->f.agency_id = db_col_int(s, 1);
	p->agency_name = db_col_str(s, a, 2);
	p->f.name = db_col_str(s, a, 3);
	p->f.code = db_col_str(s, a, 4);
	p->f.location = db_col_str(s, a, 5);
	p->f.owner = db_col_str(s, a, 6);
	p->f.investment = db_col_str(s, a, 7);
	int v = project_state_parse(db_col_text(s, 8));
	p->f.state = v < 0 ? PROJECT_PREPARING : v;
	p->updated_at = db_col_str(s, a, 9);
	return p->agency_name && p->f.name && p->f.code && p->f.location && p->f.owner &&
		       p->f.investment && p->updated_at
		   ? 0
		   : ZF_ENOMEM;
}

int store_project_get(struct store *st, struct arena *a, long long id, struct project *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " PROJECT_COLUMNS " WHERE p.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_project(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

/* " AND column IN (1, 2)" for a list of ids (integers written out: safe). */
static void ids_sql(struct buf *sql, const char *column, const long long *ids, size_t n)
{
	if (!n)
		return;
	buf_printf(sql, " AND %s IN (", column);
	for (size_t i = 0; i < n; i++)
		buf_printf(sql, "%s%lld", i ? ", " : "", ids[i]);
	buf_addch(sql, ')');
}

int store_project_list(struct store *st, struct arena *a, const long long *agencies, size_t n,
		       struct project **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT " PROJECT_COLUMNS " WHERE 1 = 1");
	ids_sql(&sql, "p.agency_id", agencies, n);
	buf_adds(&sql, " ORDER BY p.agency_id, p.name, p.id");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *nout, &alloc, sizeof(**out));
		if (!*out || read_project(s, a, &(*out)[*nout])) {
			rc = ZF_ENOMEM;
			break;
		}
		(*nout)++;
	}
	db_finish(s);
	return rc;
}

static int project_agency(struct store *st, long long project_id, long long *agency,
			  struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT agency_id FROM projects WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, project_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*agency = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的项目", project_id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_project_attach(struct store *st, const char *actor, long long project_id, int stage,
			 long long doc_id, struct buf *err)
{
	if ((unsigned)stage >= PROJECT_STAGES) {
		buf_setf(err, "请选择项目阶段");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long agency = 0;
	struct db_stmt *s;
	if (!(rc = project_agency(st, project_id, &agency, err)) &&
	    !(rc = db_prepare(st,
			      "SELECT d.agency_id, d.state, (SELECT count(*) FROM doc_takedowns k"
			      " WHERE k.doc_id = d.id AND k.attachment_id IS NULL)"
			      " FROM docs d WHERE d.id = ?",
			      &s))) {
		db_bind_int(s, 1, doc_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			const char *state = db_col_text(s, 1);
			if (db_col_int(s, 0) != agency || !state || strcmp(state, "published")) {
				buf_setf(err, "文件 %lld 不是本项目所属机关已发布的文件", doc_id);
				rc = ZF_EINVAL;
			} else if (db_col_int(s, 2)) {
				buf_setf(err, "文件 %lld 已撤稿，不能归入项目", doc_id);
				rc = ZF_EINVAL;
			} else {
				rc = 0;
			}
		} else if (rc == DB_DONE) {
			buf_setf(err, "文件 %lld 不是本项目所属机关已发布的文件", doc_id);
			rc = ZF_EINVAL;
		}
		db_finish(s);
	}
	if (!rc &&
	    !(rc = db_prepare(st,
			      "INSERT INTO project_docs (project_id, stage, doc_id, added_by)"
			      " VALUES (?, ?, ?, ?)",
			      &s))) {
		db_bind_int(s, 1, project_id);
		db_bind_text(s, 2, project_stage_key(stage));
		db_bind_int(s, 3, doc_id);
		db_bind_text(s, 4, actor);
		rc = db_step(s);
		if (rc < 0 && db_unique_violation(s)) {
			buf_setf(err, "文件 %lld 已在“%s”中", doc_id, project_stage_label(stage));
			rc = ZF_ESTATE;
		} else if (rc == DB_DONE) {
			rc = 0;
		}
		db_finish(s);
	}
	if (!rc) {
		char object[32], detail[96];
		snprintf(object, sizeof(object), "project:%lld", project_id);
		snprintf(detail, sizeof(detail), "%s: doc %lld", project_stage_key(stage), doc_id);
		rc = store_audit(st, actor, "project.attach", object, detail);
	}
	return store_write_end(st, rc);
}

int store_project_detach(struct store *st, const char *actor, long long project_id, int stage,
			 long long doc_id, struct buf *err)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	if (!(rc = db_prepare(st,
			      "DELETE FROM project_docs WHERE project_id = ? AND stage = ?"
			      " AND doc_id = ?",
			      &s))) {
		db_bind_int(s, 1, project_id);
		db_bind_text(s, 2, project_stage_key(stage));
		db_bind_int(s, 3, doc_id);
		rc = db_step(s);
		if (rc == DB_DONE)
			rc = db_changes(s) == 1 ? 0 : ZF_ENOENT;
		else if (rc == DB_ROW)
			rc = ZF_EDB;
		db_finish(s);
		if (rc == ZF_ENOENT)
			buf_setf(err, "该阶段中没有这份文件");
	}
	if (!rc) {
		char object[32], detail[96];
		snprintf(object, sizeof(object), "project:%lld", project_id);
		snprintf(detail, sizeof(detail), "%s: doc %lld", project_stage_key(stage), doc_id);
		rc = store_audit(st, actor, "project.detach", object, detail);
	}
	return store_write_end(st, rc);
}

int store_project_docs(struct store *st, struct arena *a, long long project_id, bool public_only,
		       struct project_doc **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    public_only
		? "SELECT x.stage, d.id, d.title, d.doc_no, coalesce(d.index_no, ''), "
		  "d.published_on"
		  " FROM project_docs x JOIN docs d ON d.id = x.doc_id WHERE x.project_id = ?"
		  " AND d.state = 'published' AND d.id NOT IN (SELECT k.doc_id FROM doc_takedowns k"
		  " WHERE k.attachment_id IS NULL) ORDER BY d.published_on, d.id"
		: "SELECT x.stage, d.id, d.title, d.doc_no, coalesce(d.index_no, ''), "
		  "d.published_on"
		  " FROM project_docs x JOIN docs d ON d.id = x.doc_id WHERE x.project_id = ?"
		  " ORDER BY d.published_on, d.id",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, project_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			rc = ZF_ENOMEM;
			break;
		}
		struct project_doc *p = &(*out)[(*n)++];
		p->stage = project_stage_parse(db_col_text(s, 0));
		p->doc_id = db_col_int(s, 1);
		p->title = db_col_str(s, a, 2);
		p->doc_no = db_col_str(s, a, 3);
		p->index_no = db_col_str(s, a, 4);
		p->published_on = db_col_day(s, 5);
		if (!p->title || !p->doc_no || !p->index_no) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc;
}

/* ---------------------------------------------------------------- lists */

int store_list_add(struct store *st, const char *actor, const struct list_fields *f, long long *id,
		   struct buf *err)
{
	int rc;
	if ((rc = check_text("清单名称", f->name, LIST_TEXT_MAX, true, false, err)) ||
	    (rc = check_text("说明", f->note, LIST_FIELD_MAX, false, true, err)))
		return rc;
	if ((unsigned)f->kind >= LIST_KINDS) {
		buf_setf(err, "清单类别不对");
		return ZF_EINVAL;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	if ((rc = store_write_begin(st)))
		goto out;
	long long newid = 0;
	struct db_stmt *s;
	if (!(rc = agency_known(st, f->agency_id, err)) &&
	    !(rc = db_prepare(st,
			      "INSERT INTO lists (agency_id, name, kind, note, created_by)"
			      " VALUES (?, ?, ?, ?, ?) RETURNING id",
			      &s))) {
		db_bind_int(s, 1, f->agency_id);
		db_bind_text(s, 2, trimmed(a, f->name));
		db_bind_text(s, 3, list_kind_key(f->kind));
		db_bind_text(s, 4, trimmed(a, f->note));
		db_bind_text(s, 5, actor);
		rc = db_step(s);
		if (rc == DB_ROW) {
			newid = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	if (!rc) {
		char object[32];
		snprintf(object, sizeof(object), "list:%lld", newid);
		rc = store_audit(st, actor, "list.add", object, f->name);
	}
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = newid;
out:
	arena_free(a);
	return rc;
}

#define LIST_COLUMNS                                                                               \
	"l.id, l.agency_id, g.name, l.name, l.kind, l.note,"                                       \
	" coalesce((SELECT max(v.version) FROM list_versions v WHERE v.list_id = l.id), 0),"       \
	" (SELECT v.revised_on FROM list_versions v WHERE v.list_id = l.id"                        \
	" ORDER BY v.version DESC LIMIT 1) FROM lists l JOIN agencies g ON g.id = l.agency_id"

static int read_list(struct db_stmt *s, struct arena *a, struct vlist *l)
{
	l->id = db_col_int(s, 0);
	l->f.agency_id = db_col_int(s, 1);
	l->agency_name = db_col_str(s, a, 2);
	l->f.name = db_col_str(s, a, 3);
	int k = list_kind_parse(db_col_text(s, 4));
	l->f.kind = k < 0 ? LIST_OTHER : k;
	l->f.note = db_col_str(s, a, 5);
	l->version = (int)db_col_int(s, 6);
	l->revised_on = db_col_day(s, 7);
	return l->agency_name && l->f.name && l->f.note ? 0 : ZF_ENOMEM;
}

int store_list_get(struct store *st, struct arena *a, long long id, struct vlist *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " LIST_COLUMNS " WHERE l.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_list(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_list_lists(struct store *st, struct arena *a, const long long *agencies, size_t n,
		     bool published_only, struct vlist **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT " LIST_COLUMNS " WHERE 1 = 1");
	ids_sql(&sql, "l.agency_id", agencies, n);
	if (published_only)
		buf_adds(&sql, " AND l.id IN (SELECT list_id FROM list_versions)");
	buf_adds(&sql, " ORDER BY l.agency_id, l.kind, l.name, l.id");
	struct db_stmt *s = NULL;
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *nout, &alloc, sizeof(**out));
		if (!*out || read_list(s, a, &(*out)[*nout])) {
			rc = ZF_ENOMEM;
			break;
		}
		(*nout)++;
	}
	db_finish(s);
	return rc;
}

static int read_items(struct db_stmt *s, struct arena *a, struct list_item **out, size_t *n)
{
	size_t alloc = 0;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			rc = ZF_ENOMEM;
			break;
		}
		struct list_item *it = &(*out)[(*n)++];
		it->id = db_col_int(s, 0);
		it->name = db_col_str(s, a, 1);
		it->category = db_col_str(s, a, 2);
		it->basis = db_col_str(s, a, 3);
		it->detail = db_col_str(s, a, 4);
		it->sort = (int)db_col_int(s, 5);
		if (!it->name || !it->category || !it->basis || !it->detail) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc;
}

int store_list_items(struct store *st, struct arena *a, long long list_id, struct list_item **out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, name, category, basis, detail, sort FROM list_items"
			    " WHERE list_id = ? ORDER BY sort, id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, list_id);
	return read_items(s, a, out, n);
}

static int check_item(const struct list_item *it, struct buf *err)
{
	int rc;
	if ((rc = check_text("事项名称", it->name, LIST_TEXT_MAX, true, false, err)) ||
	    (rc = check_text("类别", it->category, LIST_TEXT_MAX, false, false, err)) ||
	    (rc = check_text("设定依据", it->basis, LIST_FIELD_MAX, false, true, err)) ||
	    (rc = check_text("其他事项", it->detail, LIST_FIELD_MAX, false, true, err)))
		return rc;
	if (it->sort < 0 || it->sort > 1000000) {
		buf_setf(err, "排序号应在 0 到 1000000 之间");
		return ZF_EINVAL;
	}
	return 0;
}

static int list_audit(struct store *st, const char *actor, const char *action, long long list_id,
		      const char *detail)
{
	char object[32];
	snprintf(object, sizeof(object), "list:%lld", list_id);
	return store_audit(st, actor, action, object, detail);
}

static int list_exists(struct store *st, long long list_id, struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM lists WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, list_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的清单", list_id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* Writes an item of the draft: a new one (item_id 0) or a change. */
static int item_write(struct store *st, const char *actor, long long list_id, long long item_id,
		      const struct list_item *it, long long *id, struct buf *err)
{
	int rc = check_item(it, err);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	if ((rc = store_write_begin(st)))
		goto out;
	struct db_stmt *s;
	if (!(rc = list_exists(st, list_id, err)) &&
	    !(rc = db_prepare(st,
			      item_id
				  ? "UPDATE list_items SET name = ?1, category = ?2, basis = ?3,"
				    " detail = ?4, sort = ?5 WHERE id = ?7 AND list_id = ?6"
				    " RETURNING id"
				  : "INSERT INTO list_items (name, category, basis, detail, sort,"
				    " list_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
			      &s))) {
		db_bind_text(s, 1, trimmed(a, it->name));
		db_bind_text(s, 2, trimmed(a, it->category));
		db_bind_text(s, 3, trimmed(a, it->basis));
		db_bind_text(s, 4, trimmed(a, it->detail));
		db_bind_int(s, 5, it->sort);
		db_bind_int(s, 6, list_id);
		if (item_id)
			db_bind_int(s, 7, item_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			if (id)
				*id = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			buf_setf(err, "清单中没有这个事项");
			rc = ZF_ENOENT;
		}
		db_finish(s);
	}
	if (!rc)
		rc = list_audit(st, actor, item_id ? "list.item.edit" : "list.item.add", list_id,
				it->name);
	rc = store_write_end(st, rc);
out:
	arena_free(a);
	return rc;
}

int store_list_item_add(struct store *st, const char *actor, long long list_id,
			const struct list_item *it, long long *id, struct buf *err)
{
	return item_write(st, actor, list_id, 0, it, id, err);
}

int store_list_item_update(struct store *st, const char *actor, long long list_id,
			   long long item_id, const struct list_item *it, struct buf *err)
{
	if (item_id <= 0) {
		buf_setf(err, "清单中没有这个事项");
		return ZF_ENOENT;
	}
	return item_write(st, actor, list_id, item_id, it, NULL, err);
}

int store_list_item_remove(struct store *st, const char *actor, long long list_id,
			   long long item_id, struct buf *err)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	if (!(rc = db_prepare(st, "DELETE FROM list_items WHERE id = ? AND list_id = ?", &s))) {
		db_bind_int(s, 1, item_id);
		db_bind_int(s, 2, list_id);
		rc = db_step(s);
		if (rc == DB_DONE)
			rc = db_changes(s) == 1 ? 0 : ZF_ENOENT;
		else if (rc == DB_ROW)
			rc = ZF_EDB;
		db_finish(s);
		if (rc == ZF_ENOENT)
			buf_setf(err, "清单中没有这个事项");
	}
	if (!rc) {
		char detail[32];
		snprintf(detail, sizeof(detail), "item %lld", item_id);
		rc = list_audit(st, actor, "list.item.remove", list_id, detail);
	}
	return store_write_end(st, rc);
}

int store_list_publish(struct store *st, const char *actor, long long list_id, zf_day revised_on,
		       const char *note, int *version, struct buf *err)
{
	int rc = check_text("修订说明", note, LIST_FIELD_MAX, false, true, err);
	if (rc)
		return rc;
	if (!revised_on)
		revised_on = date_today();
	if (revised_on > date_today()) {
		buf_setf(err, "修订日期不能晚于今天");
		return ZF_EINVAL;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	if ((rc = store_write_begin(st)))
		goto out;
	long long items = 0, vid = 0;
	int next = 0;
	struct db_stmt *s;
	if (!(rc = list_exists(st, list_id, err)) &&
	    !(rc = db_prepare(st,
			      "SELECT (SELECT count(*) FROM list_items WHERE list_id = ?1),"
			      " coalesce((SELECT max(version) FROM list_versions"
			      " WHERE list_id = ?1), 0) + 1",
			      &s))) {
		db_bind_int(s, 1, list_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			items = db_col_int(s, 0);
			next = (int)db_col_int(s, 1);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
		if (!rc && !items) {
			buf_setf(err, "清单还没有事项，不能发布");
			rc = ZF_ESTATE;
		}
	}
	if (!rc &&
	    !(rc = db_prepare(st,
			      "INSERT INTO list_versions (list_id, version, revised_on, note,"
			      " published_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
			      &s))) {
		db_bind_int(s, 1, list_id);
		db_bind_int(s, 2, next);
		db_bind_day(s, 3, revised_on);
		db_bind_text(s, 4, trimmed(a, note));
		db_bind_text(s, 5, actor);
		rc = db_step(s);
		if (rc == DB_ROW) {
			vid = db_col_int(s, 0);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	/* the draft's items copied in their order: the version no longer depends on them */
	struct list_item *it = NULL;
	size_t n = 0;
	if (!rc)
		rc = store_list_items(st, a, list_id, &it, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		if ((rc = db_prepare(st,
				     "INSERT INTO list_version_items (version_id, seq, name,"
				     " category, basis, detail) VALUES (?, ?, ?, ?, ?, ?)",
				     &s)))
			break;
		db_bind_int(s, 1, vid);
		db_bind_int(s, 2, (long long)i + 1);
		db_bind_text(s, 3, it[i].name);
		db_bind_text(s, 4, it[i].category);
		db_bind_text(s, 5, it[i].basis);
		db_bind_text(s, 6, it[i].detail);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[64], day[11];
		snprintf(detail, sizeof(detail), "version %d, %s, %zu items", next,
			 date_format(revised_on, day), n);
		rc = list_audit(st, actor, "list.publish", list_id, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && version)
		*version = next;
out:
	arena_free(a);
	return rc;
}

static int read_version(struct db_stmt *s, struct arena *a, struct list_version *v)
{
	v->id = db_col_int(s, 0);
	v->version = (int)db_col_int(s, 1);
	v->revised_on = db_col_day(s, 2);
	v->note = db_col_str(s, a, 3);
	v->published_by = db_col_str(s, a, 4);
	v->published_at = db_col_str(s, a, 5);
	v->nitems = db_col_int(s, 6);
	return v->note && v->published_by && v->published_at ? 0 : ZF_ENOMEM;
}

#define VERSION_COLUMNS                                                                            \
	"SELECT v.id, v.version, v.revised_on, v.note, v.published_by, v.published_at,"            \
	" (SELECT count(*) FROM list_version_items i WHERE i.version_id = v.id)"                   \
	" FROM list_versions v WHERE v.list_id = ?"

int store_list_versions(struct store *st, struct arena *a, long long list_id,
			struct list_version **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, VERSION_COLUMNS " ORDER BY v.version DESC", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, list_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out || read_version(s, a, &(*out)[*n])) {
			rc = ZF_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_finish(s);
	return rc;
}

int store_list_version_get(struct store *st, struct arena *a, long long list_id, int version,
			   struct list_version *v, struct list_item **items, size_t *n)
{
	memset(v, 0, sizeof(*v));
	*items = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, VERSION_COLUMNS " AND v.version = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, list_id);
	db_bind_int(s, 2, version);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_version(s, a, v);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	if (rc)
		return rc;
	if ((rc =
		 db_prepare(st,
			    "SELECT seq, name, category, basis, detail, seq FROM list_version_items"
			    " WHERE version_id = ? ORDER BY seq",
			    &s)))
		return rc;
	db_bind_int(s, 1, v->id);
	return read_items(s, a, items, n);
}
