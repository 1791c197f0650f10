/* std_catalogue.c: the standard catalogue in the store (std_catalogue.h), written once in
 * portable SQL (driver.h) for both engines, with its migration text (schema_std_catalogue):
 * the items, their links to documents, and the uploads waiting for their preview to be
 * confirmed. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "ingest/std_sheet.h"
#include "law/calendar.h"
#include "agencies.h"
#include "std_catalogue.h"
#include "utf8.h"

extern const char schema_std_catalogue[];

const char schema_std_catalogue[] =
    "CREATE TABLE std_items (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  area TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 200),\n"
    "  level1 TEXT NOT NULL DEFAULT '' CHECK (length(level1) <= 200),\n"
    "  level2 TEXT NOT NULL CHECK (length(level2) BETWEEN 1 AND 200),\n"
    "  content TEXT NOT NULL DEFAULT '',\n"
    "  basis TEXT NOT NULL DEFAULT '',\n"
    "  limit_text TEXT NOT NULL DEFAULT '',\n"
    "  limit_kind TEXT NOT NULL DEFAULT 'other' CHECK (limit_kind IN ('none', 'workdays',\n"
    "    'days', 'yearly', 'other')),\n"
    "  limit_days INTEGER NOT NULL DEFAULT 0 CHECK (limit_days BETWEEN 0 AND 3660),\n"
    "  limit_month INTEGER NOT NULL DEFAULT 0 CHECK (limit_month BETWEEN 0 AND 12),\n"
    "  limit_day INTEGER NOT NULL DEFAULT 0 CHECK (limit_day BETWEEN 0 AND 31),\n"
    "  channel TEXT NOT NULL DEFAULT '',\n"
    "  audience TEXT NOT NULL DEFAULT '',\n"
    "  mode TEXT NOT NULL DEFAULT '',\n"
    "  tier TEXT NOT NULL DEFAULT '',\n"
    "  event_on TEXT,\n"
    "  sort_order INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  UNIQUE (agency_id, area, level1, level2)\n"
    ");\n"
    "CREATE INDEX std_items_area ON std_items(area, sort_order);\n"
    "CREATE TABLE std_item_docs (\n"
    "  item_id INTEGER NOT NULL REFERENCES std_items(id) ON DELETE CASCADE,\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  linked_by TEXT NOT NULL,\n"
    "  linked_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  PRIMARY KEY (item_id, doc_id)\n"
    ") {WITHOUT_ROWID};\n"
    "CREATE INDEX std_item_docs_doc ON std_item_docs(doc_id, item_id);\n"
    "CREATE TABLE std_uploads (\n"
    "  id {ID},\n"
    "  actor TEXT NOT NULL,\n"
    "  data BLOB NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n";

static int audit(struct store *st, const char *actor, const char *action, long long id,
		 const char *detail)
{
	char object[40];
	snprintf(object, sizeof(object), "std_item:%lld", id);
	return store_audit(st, actor, action, object, detail);
}

/* ---------------------------------------------------------------- reads */

#define ITEM_COLS                                                                                  \
	"i.id, i.agency_id, a.name, i.area, i.level1, i.level2, i.content, i.basis, "              \
	"i.limit_text, i.limit_kind, i.limit_days, i.limit_month, i.limit_day, i.channel, "        \
	"i.audience, i.mode, i.tier, i.event_on, i.sort_order, "                                   \
	"(SELECT count(*) FROM std_item_docs l WHERE l.item_id = i.id), "                          \
	"(SELECT max(d.published_on) FROM std_item_docs l JOIN docs d ON d.id = l.doc_id "         \
	"  WHERE l.item_id = i.id AND d.state = 'published') "
#define ITEM_FROM " FROM std_items i JOIN agencies a ON a.id = i.agency_id "

static void read_item(struct db_stmt *s, struct arena *a, const struct calendar *cal, zf_day today,
		      struct std_item *x)
{
	memset(x, 0, sizeof(*x));
	x->id = db_col_int(s, 0);
	x->agency_id = db_col_int(s, 1);
	const char **str[] = {&x->agency_name, &x->area,  &x->level1,	 &x->level2,
			      &x->content,     &x->basis, &x->limit_text};
	for (int k = 0; k < (int)ARRAY_SIZE(str); k++) {
		const char *v = db_col_str(s, a, 2 + k);
		*str[k] = v ? v : "";
	}
	int kind = std_limit_kind_parse(db_col_text(s, 9));
	x->limit.kind = kind < 0 ? STD_LIMIT_OTHER : (enum std_limit_kind)kind;
	x->limit.days = (int)db_col_int(s, 10);
	x->limit.month = (int)db_col_int(s, 11);
	x->limit.day = (int)db_col_int(s, 12);
	const char **str2[] = {&x->channel, &x->audience, &x->mode, &x->tier};
	for (int k = 0; k < (int)ARRAY_SIZE(str2); k++) {
		const char *v = db_col_str(s, a, 13 + k);
		*str2[k] = v ? v : "";
	}
	x->event_on = db_col_day(s, 17);
	x->sort_order = (int)db_col_int(s, 18);
	x->ndocs = db_col_int(s, 19);
	x->last_published = db_col_day(s, 20);
	x->status = std_status_of(cal, &x->limit, x->event_on, x->last_published, today, &x->due);
}

int store_std_list(struct store *st, struct arena *a, const struct calendar *cal,
		   const struct std_filter *f, struct std_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct buf sql = BUF_INIT;
	buf_adds(&sql,
		 "SELECT " ITEM_COLS ITEM_FROM " WHERE (CAST(? AS TEXT) IS NULL OR i.area = ?)");
	if (f->agency_ids) {
		buf_adds(&sql, " AND i.agency_id IN (0");
		for (size_t i = 0; i < f->nagency; i++)
			buf_printf(&sql, ", %lld", f->agency_ids[i]);
		buf_adds(&sql, ")");
	}
	buf_adds(&sql, " ORDER BY i.area, i.sort_order, i.id");
	if (sql.failed) {
		buf_free(&sql);
		return ZF_ENOMEM;
	}
	struct db_stmt *s = NULL;
	int rc = db_prepare(st, buf_cstr(&sql), &s);
	buf_free(&sql);
	if (rc)
		return rc;
	db_bind_text(s, 1, f->area);
	db_bind_text(s, 2, f->area);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct std_item x;
		read_item(s, a, cal, f->today, &x);
		if (f->status >= 0 && (int)x.status != f->status)
			continue;
		struct std_item *v = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = v;
		v[(*n)++] = x;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_std_get(struct store *st, struct arena *a, const struct calendar *cal, long long id,
		  zf_day today, struct std_item *out)
{
	struct db_stmt *s = NULL;
	int rc = db_prepare(st, "SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		read_item(s, a, cal, today, out);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

int store_std_count(struct store *st, long long *n)
{
	return db_query_int(st, "SELECT count(*) FROM std_items", n);
}

int store_std_areas(struct store *st, struct arena *a, struct std_area **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s = NULL;
	int rc =
	    db_prepare(st, "SELECT area, count(*) FROM std_items GROUP BY area ORDER BY area", &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct std_area *v = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!v || !(v[*n].name = db_col_str(s, a, 0))) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = v;
		v[*n].items = db_col_int(s, 1);
		(*n)++;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_std_item_docs(struct store *st, struct arena *a, long long item_id, struct std_doc **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s = NULL;
	int rc =
	    db_prepare(st,
		       "SELECT d.id, d.title, d.index_no, d.published_on, l.linked_by, "
		       "l.linked_at FROM std_item_docs l JOIN docs d ON d.id = l.doc_id "
		       "WHERE l.item_id = ? ORDER BY d.published_on DESC NULLS LAST, d.id DESC",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, item_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		struct std_doc *v = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		*out = v;
		struct std_doc *d = &v[(*n)++];
		d->id = db_col_int(s, 0);
		d->title = db_col_str(s, a, 1);
		d->index_no = db_col_str(s, a, 2);
		d->published_on = db_col_day(s, 3);
		d->linked_by = db_col_str(s, a, 4);
		d->linked_at = db_col_str(s, a, 5);
		if (!d->title || !d->linked_by || !d->linked_at) {
			rc = ZF_ENOMEM;
			break;
		}
		if (!d->index_no)
			d->index_no = "";
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------- overdue */

int store_std_overdue_count_cal(struct store *st, const struct calendar *cal, long long agency_id,
				zf_day today, long long *n)
{
	*n = 0;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct std_item *v = NULL;
	size_t k = 0;
	struct std_filter f = {
	    .agency_ids = &agency_id, .nagency = 1, .status = STD_ST_OVERDUE, .today = today};
	int rc = store_std_list(st, a, cal, &f, &v, &k);
	if (!rc)
		*n = (long long)k;
	arena_free(a);
	return rc;
}

int store_std_overdue_count(struct store *st, long long agency_id, zf_day today, long long *n)
{
	*n = 0;
	struct calendar *cal = cal_new();
	if (!cal)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	int rc = cal_load_builtin(cal, &err);
	buf_free(&err);
	if (!rc)
		rc = store_std_overdue_count_cal(st, cal, agency_id, today, n);
	cal_free(cal);
	return rc;
}

/* ---------------------------------------------------------------- links */

int store_std_link(struct store *st, const char *actor, long long item_id, long long doc_id,
		   struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	long long found = 0;
	rc = db_prepare(st, "SELECT count(*) FROM std_items WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, item_id);
		if ((rc = db_step(s)) == DB_ROW)
			found = db_col_int(s, 0);
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && !found) {
		buf_setf(err, "没有编号为 %lld 的事项", item_id);
		rc = ZF_ENOENT;
	}
	const char *state = NULL;
	if (!rc && !(rc = db_prepare(st, "SELECT state FROM docs WHERE id = ?", &s))) {
		db_bind_int(s, 1, doc_id);
		rc = db_step(s);
		if (rc == DB_ROW)
			state = !strcmp(db_col_text(s, 0), "published") ? "published" : "other";
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && !state) {
		buf_setf(err, "没有编号为 %lld 的文件", doc_id);
		rc = ZF_ENOENT;
	} else if (!rc && strcmp(state, "published")) {
		buf_setf(err, "只能关联已发布的文件");
		rc = ZF_EINVAL;
	}
	if (!rc && !(rc = db_prepare(st,
				     "INSERT INTO std_item_docs (item_id, doc_id, linked_by, "
				     "linked_at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id, doc_id) "
				     "DO NOTHING",
				     &s))) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, item_id);
		db_bind_int(s, 2, doc_id);
		db_bind_text(s, 3, actor);
		db_bind_text(s, 4, now);
		rc = db_step(s);
		long long changed = rc == DB_DONE ? db_changes(s) : 0;
		db_finish(s);
		rc = rc < 0 ? rc : 0;
		if (!rc && changed) {
			char detail[40];
			snprintf(detail, sizeof(detail), "doc=%lld", doc_id);
			rc = audit(st, actor, "std.link", item_id, detail);
		}
	}
	return store_write_end(st, rc);
}

int store_std_unlink(struct store *st, const char *actor, long long item_id, long long doc_id,
		     struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	rc = db_prepare(st, "DELETE FROM std_item_docs WHERE item_id = ? AND doc_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, item_id);
		db_bind_int(s, 2, doc_id);
		rc = db_step(s);
		if (rc == DB_DONE && db_changes(s) == 0) {
			buf_setf(err, "该文件没有关联到这个事项");
			rc = ZF_ENOENT;
		}
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc) {
		char detail[40];
		snprintf(detail, sizeof(detail), "doc=%lld", doc_id);
		rc = audit(st, actor, "std.unlink", item_id, detail);
	}
	return store_write_end(st, rc);
}

int store_std_set_event(struct store *st, const char *actor, long long item_id, zf_day day,
			struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	rc = db_prepare(st, "UPDATE std_items SET event_on = ?, updated_at = ? WHERE id = ?", &s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_day(s, 1, day);
		db_bind_text(s, 2, now);
		db_bind_int(s, 3, item_id);
		rc = db_step(s);
		if (rc == DB_DONE && db_changes(s) == 0) {
			buf_setf(err, "没有编号为 %lld 的事项", item_id);
			rc = ZF_ENOENT;
		}
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc) {
		char detail[24] = "cleared";
		if (day)
			date_format(day, detail);
		rc = audit(st, actor, "std.event", item_id, detail);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- import */

/* True when id lies in the subtrees of scope[0..nscope) (always, without a scope). */
static int in_scope(struct store *st, const long long *scope, size_t nscope, long long id,
		    bool *inside)
{
	*inside = scope == NULL;
	for (size_t i = 0; i < nscope && !*inside; i++) {
		long long *ids = NULL;
		size_t n = 0;
		int rc = store_agency_subtree(st, scope[i], true, &ids, &n);
		if (rc)
			return rc;
		for (size_t k = 0; k < n; k++)
			*inside = *inside || ids[k] == id;
		free(ids);
	}
	return 0;
}

/* One item to write: the row and its 主体. */
struct pending {
	const struct std_sheet_row *row;
	long long agency_id;
	long long existing; /* the item with this key, 0 = new */
};

static int add_problem(struct arena *a, struct std_import_report *rep, size_t *alloc, int line,
		       const char *msg)
{
	char **v = arena_grow(a, rep->problems, rep->nproblems, alloc, sizeof(*v));
	if (!v)
		return ZF_ENOMEM;
	rep->problems = v;
	v[rep->nproblems] = arena_printf(a, "第%d行：%s", line, msg);
	if (!v[rep->nproblems])
		return ZF_ENOMEM;
	rep->nproblems++;
	return 0;
}

/* Splits a 主体 cell into names: separated by 、，,；; and line breaks. */
static size_t split_subjects(struct arena *a, const char *s, const char **names, size_t max)
{
	size_t n = 0;
	const char *p = s;
	while (*p && n < max) {
		const char *end = p;
		size_t skip = 0;
		while (*end) {
			if (!strncmp(end, "、", 3) || !strncmp(end, "，", 3) ||
			    !strncmp(end, "；", 3)) {
				skip = 3;
				break;
			}
			if (*end == ',' || *end == ';' || *end == '\n' || *end == '\r') {
				skip = 1;
				break;
			}
			end++;
		}
		struct str t = str_trim((struct str){p, (size_t)(end - p)});
		if (t.len) {
			const char *v = arena_strndup(a, t.p, t.len);
			if (v)
				names[n++] = v;
		}
		p = *end ? end + skip : end;
	}
	return n;
}

static int find_existing(struct store *st, long long agency, const struct std_sheet_row *r,
			 long long *id)
{
	*id = 0;
	struct db_stmt *s = NULL;
	int rc = db_prepare(st,
			    "SELECT id FROM std_items WHERE agency_id = ? AND area = ? AND "
			    "level1 = ? AND level2 = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency);
	db_bind_text(s, 2, r->area);
	db_bind_text(s, 3, r->level1);
	db_bind_text(s, 4, r->level2);
	rc = db_step(s);
	if (rc == DB_ROW)
		*id = db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int write_item(struct store *st, const struct pending *p, int order)
{
	const struct std_sheet_row *r = p->row;
	struct std_limit l = std_limit_parse(r->limit);
	struct db_stmt *s = NULL;
	int rc = db_prepare(
	    st,
	    p->existing
		? "UPDATE std_items SET content = ?1, basis = ?2, limit_text = ?3, limit_kind = "
		  "?4, "
		  "limit_days = ?5, limit_month = ?6, limit_day = ?7, channel = ?8, audience = ?9, "
		  "mode = ?10, tier = ?11, sort_order = ?12, updated_at = ?13 WHERE id = ?14"
		: "INSERT INTO std_items (content, basis, limit_text, limit_kind, limit_days, "
		  "limit_month, limit_day, channel, audience, mode, tier, sort_order, updated_at, "
		  "agency_id, area, level1, level2, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		  "?7, "
		  "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?13)",
	    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_text(s, 1, r->content);
	db_bind_text(s, 2, r->basis);
	db_bind_text(s, 3, r->limit);
	db_bind_text(s, 4, std_limit_key(l.kind));
	db_bind_int(s, 5, l.days);
	db_bind_int(s, 6, l.month);
	db_bind_int(s, 7, l.day);
	db_bind_text(s, 8, r->channel);
	db_bind_text(s, 9, r->audience);
	db_bind_text(s, 10, r->mode);
	db_bind_text(s, 11, r->tier);
	db_bind_int(s, 12, order);
	db_bind_text(s, 13, now);
	if (p->existing) {
		db_bind_int(s, 14, p->existing);
	} else {
		db_bind_int(s, 14, p->agency_id);
		db_bind_text(s, 15, r->area);
		db_bind_text(s, 16, r->level1);
		db_bind_text(s, 17, r->level2);
	}
	return db_run(s);
}

/* The row number of "第N行：…". */
static long problem_line(const char *p)
{
	return strncmp(p, "第", 3) ? 0 : strtol(p + 3, NULL, 10);
}

/* Orders the problems by row, keeping the order within a row (insertion sort: stable). */
static void sort_problems(char **v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		char *x = v[i];
		size_t j = i;
		for (; j > 0 && problem_line(v[j - 1]) > problem_line(x); j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

#define SUBJECTS_MAX 20 /* 主体 named in one cell */

int store_std_import(struct store *st, const char *actor, struct arena *a, const long long *scope,
		     size_t nscope, const struct std_sheet *sheet, bool commit,
		     struct std_import_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	if (!actor || !*actor)
		return ZF_EINVAL;
	size_t palloc = 0;
	int rc = 0;
	for (size_t i = 0; i < sheet->nproblems && !rc; i++) {
		char **v = arena_grow(a, rep->problems, rep->nproblems, &palloc, sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		rep->problems = v;
		v[rep->nproblems++] = sheet->problems[i];
	}
	struct pending *pend = NULL;
	size_t npend = 0, pendalloc = 0;
	for (size_t i = 0; i < sheet->n && !rc; i++) {
		const struct std_sheet_row *r = &sheet->rows[i];
		const char *names[SUBJECTS_MAX];
		size_t nn = split_subjects(a, r->subject, names, SUBJECTS_MAX);
		if (!nn)
			rc = add_problem(a, rep, &palloc, r->line, "未填写公开主体");
		for (size_t k = 0; k < nn && !rc; k++) {
			long long id = 0;
			int f = store_agency_find(st, names[k], &id);
			bool inside = true;
			if (!f && (rc = in_scope(st, scope, nscope, id, &inside)))
				break;
			if (!f && !inside)
				f = ZF_ENOENT; /* another's agency: not told apart from missing */
			if (f == ZF_ENOENT || f == ZF_EEXIST) {
				const char *msg = arena_printf(
				    a,
				    f == ZF_ENOENT
					? "找不到公开主体“%.80s”（应为现有机构的全称或机构代码）"
					: "公开主体“%.80s”有多个同名机构，请改填其机构代码",
				    names[k]);
				rc = msg ? add_problem(a, rep, &palloc, r->line, msg) : ZF_ENOMEM;
				continue;
			}
			if (f) {
				rc = f;
				break;
			}
			bool dup = false;
			for (size_t j = 0; j < npend && !dup; j++)
				if (pend[j].agency_id == id &&
				    !strcmp(pend[j].row->area, r->area) &&
				    !strcmp(pend[j].row->level1, r->level1) &&
				    !strcmp(pend[j].row->level2, r->level2)) {
					const char *msg = arena_printf(
					    a, "与第%d行重复（同一领域、事项和公开主体）",
					    pend[j].row->line);
					rc = msg ? add_problem(a, rep, &palloc, r->line, msg)
						 : ZF_ENOMEM;
					dup = true;
				}
			if (dup || rc)
				continue;
			struct pending *v = arena_grow(a, pend, npend, &pendalloc, sizeof(*v));
			if (!v) {
				rc = ZF_ENOMEM;
				break;
			}
			pend = v;
			pend[npend] = (struct pending){.row = r, .agency_id = id};
			rc = find_existing(st, id, r, &pend[npend].existing);
			npend++;
		}
	}
	if (rc)
		return rc;
	rep->rows = npend ? arena_alloc(a, npend * sizeof(*rep->rows)) : NULL;
	if (npend && !rep->rows)
		return ZF_ENOMEM;
	for (size_t i = 0; i < npend; i++) {
		rep->rows[i] = (struct std_import_row){.line = pend[i].row->line,
						       .agency_id = pend[i].agency_id,
						       .update = pend[i].existing != 0};
		if (pend[i].existing)
			rep->updated++;
		else
			rep->added++;
	}
	rep->nrows = npend;
	sort_problems(rep->problems, rep->nproblems);
	if (rep->nproblems || sheet->more_problems)
		return ZF_EINVAL;
	if (!commit)
		return 0;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	for (size_t i = 0; i < npend && !rc; i++)
		rc = write_item(st, &pend[i], (int)i + 1);
	if (!rc) {
		char detail[80];
		snprintf(detail, sizeof(detail), "added=%zu updated=%zu", rep->added, rep->updated);
		rc = store_audit(st, actor, "std.import", "std_items", detail);
	}
	rc = store_write_end(st, rc);
	if (rc)
		rep->added = rep->updated = 0;
	return rc;
}

/* ---------------------------------------------------------------- uploads */

int store_std_upload_put(struct store *st, const char *actor, const void *data, size_t len,
			 long long *id)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	char now[21];
	db_now(now);
	/* uploads older than a day were never confirmed */
	char cutoff[21];
	memcpy(cutoff, now, sizeof(cutoff));
	zf_day today = 0;
	if (!date_parse((struct str){now, 10}, &today))
		date_format(today - 1, cutoff);
	rc = db_prepare(st, "DELETE FROM std_uploads WHERE created_at < ?", &s);
	if (!rc) {
		db_bind_text(s, 1, cutoff);
		rc = db_run(s);
	}
	if (!rc && !(rc = db_prepare(st,
				     "INSERT INTO std_uploads (actor, data, created_at) VALUES (?, "
				     "?, ?) RETURNING id",
				     &s))) {
		db_bind_text(s, 1, actor);
		db_bind_blob(s, 2, data, len);
		db_bind_text(s, 3, now);
		rc = db_run_id(s, id);
	}
	if (!rc)
		rc = store_audit(st, actor, "std.upload", "std_uploads", "");
	return store_write_end(st, rc);
}

int store_std_upload_get(struct store *st, struct arena *a, const char *actor, long long id,
			 const void **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	struct db_stmt *s = NULL;
	int rc = db_prepare(st, "SELECT data FROM std_uploads WHERE id = ? AND actor = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, actor);
	rc = db_step(s);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *p = db_col_blob(s, 0, &n);
		void *copy = arena_alloc(a, n ? n : 1);
		if (!copy) {
			rc = ZF_ENOMEM;
		} else {
			if (n)
				memcpy(copy, p, n);
			*data = copy;
			*len = n;
		}
	}
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

int store_std_upload_drop(struct store *st, long long id)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	rc = db_prepare(st, "DELETE FROM std_uploads WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = store_audit(st, "system", "std.upload.drop", "std_uploads", "");
	return store_write_end(st, rc);
}
