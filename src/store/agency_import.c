/* agency_import.c: a whole agency tree from a sheet (store_agency_import in agencies.h):
 * rows checked on their own, against each other (codes, names under one parent) and against
 * the database, parents resolved by name or code among the rows or the existing agencies in
 * any order, then added parents first, in one transaction. A bad row is named with its row
 * number and reason and left out, as is every row below it; a database error undoes all. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "ingest/xlsx.h"
#include "store/agencies.h"

#include <stddef.h>

enum { PARENT_NONE, PARENT_DB, PARENT_ROW };

struct item {
	const struct agency_import_row *row;
	struct agency_info info;
	int parent_kind;
	long long parent_db; /* PARENT_DB */
	size_t parent_row;   /* PARENT_ROW: index into the items */
	const char *bad;     /* the reason, once refused */
	bool done;
	long long id; /* once added */
};

static const char *trim(struct arena *a, const char *s)
{
	if (!s)
		return "";
	struct str t = str_trim(str_c(s));
	/* Excel keeps non-breaking and full-width spaces too */
	while (t.len >= 3 && (!memcmp(t.p, "\u3000", 3) || !memcmp(t.p + t.len - 3, "\u3000", 3))) {
		if (!memcmp(t.p, "\u3000", 3)) {
			t.p += 3;
			t.len -= 3;
		} else {
			t.len -= 3;
		}
	}
	const char *out = arena_strndup(a, t.p ? t.p : "", t.len);
	return out ? out : "";
}

static void refuse(struct arena *a, struct item *it, const char *fmt, ...) ZF_PRINTF(3, 4);
static void refuse(struct arena *a, struct item *it, const char *fmt, ...)
{
	if (it->bad)
		return;
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	it->bad = arena_strdup(a, buf_cstr(&b));
	if (!it->bad)
		it->bad = "有误";
	buf_free(&b);
}

/* The item whose code or (unique) name is key, other than self; SIZE_MAX when none, and
 * *ambiguous when a name matches several rows. */
static size_t find_row(struct item *it, size_t n, size_t self, const char *key, bool *ambiguous)
{
	*ambiguous = false;
	for (size_t i = 0; i < n; i++)
		if (i != self &&
		    ((*it[i].info.org_code && !strcmp(it[i].info.org_code, key)) ||
		     (*it[i].info.credit_code && !strcmp(it[i].info.credit_code, key))))
			return i;
	size_t found = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (i == self || strcmp(it[i].info.name, key) != 0)
			continue;
		if (found != SIZE_MAX) {
			*ambiguous = true;
			return SIZE_MAX;
		}
		found = i;
	}
	return found;
}

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

int store_agency_import(struct store *st, const char *actor, struct arena *arena,
			const long long *scope, size_t nscope, const struct agency_import_row *rows,
			size_t n, struct agency_import_report *report)
{
	memset(report, 0, sizeof(*report));
	if (!actor || !*actor)
		return ZF_EINVAL;
	struct item *it = n ? arena_alloc(arena, n * sizeof(*it)) : NULL;
	if (n && !it)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	long long roots = 0;
	int rc = db_query_int(st, "SELECT count(*) FROM agencies WHERE parent_id IS NULL", &roots);
	if (rc)
		return rc;
	bool root_taken = roots > 0;

	/* each row on its own */
	for (size_t i = 0; i < n; i++) {
		struct item *x = &it[i];
		const struct agency_import_row *r = &rows[i];
		x->row = r;
		x->info.name = trim(arena, r->name);
		x->info.short_name = trim(arena, r->short_name);
		x->info.credit_code = trim(arena, r->credit_code);
		x->info.org_code = trim(arena, r->org_code);
		x->info.phone = trim(arena, r->phone);
		x->info.address = trim(arena, r->address);
		x->info.hours = trim(arena, r->hours);
		const char *cls = trim(arena, r->cls);
		x->info.cls = AGENCY_CLASS_DEPARTMENT;
		if (*cls && agency_class_parse(cls, &x->info.cls))
			refuse(
			    arena, x,
			    "类别“%s”不认识，应为 人民政府、部门、乡镇（街道）、公共企事业单位 或 "
			    "其他",
			    cls);
		buf_reset(&err);
		if (!x->bad && store_agency_info_check(&x->info, &err))
			refuse(arena, x, "%s", buf_cstr(&err));
	}
	/* codes: against the other rows, then against the database */
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i && !it[i].bad; j++) {
			if (*it[i].info.credit_code &&
			    !strcmp(it[i].info.credit_code, it[j].info.credit_code))
				refuse(arena, &it[i], "统一社会信用代码“%s”与第 %d 行重复",
				       it[i].info.credit_code, it[j].row->line);
			if (*it[i].info.org_code &&
			    !strcmp(it[i].info.org_code, it[j].info.org_code))
				refuse(arena, &it[i], "机构代码“%s”与第 %d 行重复",
				       it[i].info.org_code, it[j].row->line);
		}
		long long other = 0;
		for (int k = 0; k < 2 && !it[i].bad; k++) {
			const char *code = k ? it[i].info.org_code : it[i].info.credit_code;
			if (!*code)
				continue;
			rc = store_agency_code_owner(st, k ? "org_code" : "credit_code", code,
						     &other);
			if (rc)
				goto out;
			if (other)
				refuse(arena, &it[i], "%s“%s”已被现有机构（编号 %lld）使用",
				       k ? "机构代码" : "统一社会信用代码", code, other);
		}
	}
	/* parents */
	for (size_t i = 0; i < n; i++) {
		struct item *x = &it[i];
		const char *key = trim(arena, x->row->parent);
		if (!*key) {
			if (!root_taken && !x->bad && !scope) {
				root_taken = true;
				x->parent_kind = PARENT_NONE;
			} else {
				refuse(arena, x, "未填写上级机构");
			}
			continue;
		}
		/* a code held by an existing agency names it (a row with that code is a
		 * duplicate and refused), so a sheet exported here imports back under it */
		long long held = 0;
		if ((rc = store_agency_code_owner(st, "org_code", key, &held)) ||
		    (!held && (rc = store_agency_code_owner(st, "credit_code", key, &held))))
			goto out;
		bool inside_held = true;
		if (held && (rc = in_scope(st, scope, nscope, held, &inside_held)))
			goto out;
		if (held && inside_held) {
			x->parent_kind = PARENT_DB;
			x->parent_db = held;
			continue;
		}
		bool ambiguous = false;
		size_t p = find_row(it, n, i, key, &ambiguous);
		if (ambiguous) {
			refuse(arena, x, "上级机构“%s”在表中有多行同名，请改填其机构代码", key);
			continue;
		}
		if (p != SIZE_MAX) {
			x->parent_kind = PARENT_ROW;
			x->parent_row = p;
			continue;
		}
		long long id = 0;
		int f = store_agency_find(st, key, &id);
		bool inside = true;
		if (!f && (rc = in_scope(st, scope, nscope, id, &inside)))
			goto out;
		if (!inside)
			f = ZF_ENOENT; /* outside the user's agencies: not told apart from missing
					*/
		if (f == ZF_EEXIST) {
			refuse(arena, x, "上级机构“%s”有多个同名机构，请改填其机构代码", key);
		} else if (f == ZF_ENOENT) {
			refuse(arena, x, "找不到上级机构“%s”（既不在本表中，也不是现有机构）", key);
		} else if (f) {
			rc = f;
			goto out;
		} else {
			x->parent_kind = PARENT_DB;
			x->parent_db = id;
		}
	}
	/* names under one parent in the file */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i && !it[i].bad; j++)
			if (it[i].parent_kind == it[j].parent_kind &&
			    it[i].parent_kind != PARENT_NONE &&
			    (it[i].parent_kind == PARENT_DB
				 ? it[i].parent_db == it[j].parent_db
				 : it[i].parent_row == it[j].parent_row) &&
			    !strcmp(it[i].info.name, it[j].info.name))
				refuse(arena, &it[i], "与第 %d 行同名且上级机构相同",
				       it[j].row->line);

	/* add, parents first: each pass adds the rows whose parent is ready */
	rc = store_write_begin(st);
	if (rc)
		goto out;
	for (bool progress = true; progress && !rc;) {
		progress = false;
		for (size_t i = 0; i < n && !rc; i++) {
			struct item *x = &it[i];
			if (x->done)
				continue;
			if (x->bad) {
				x->done = true;
				progress = true;
				continue;
			}
			long long parent = 0;
			if (x->parent_kind == PARENT_DB) {
				parent = x->parent_db;
			} else if (x->parent_kind == PARENT_ROW) {
				struct item *p = &it[x->parent_row];
				if (!p->done)
					continue;
				if (p->bad) {
					refuse(arena, x, "其上级机构（第 %d 行）有误，未能导入",
					       p->row->line);
					x->done = true;
					progress = true;
					continue;
				}
				parent = p->id;
			}
			x->info.parent_id = parent;
			/* a 公共企事业单位's 主管部门 is its parent unless set later */
			if (x->info.cls == AGENCY_CLASS_PUBLIC)
				x->info.supervisor_id = parent;
			buf_reset(&err);
			int r = store_agency_create(st, actor, &x->info, parent == 0, &x->id, &err);
			if (r == ZF_EINVAL) {
				refuse(arena, x, "%s", err.len ? buf_cstr(&err) : "有误");
			} else if (r) {
				rc = r;
				break;
			} else {
				report->added++;
			}
			x->done = true;
			progress = true;
		}
	}
	/* what is left waits on itself: a cycle among rows */
	for (size_t i = 0; i < n && !rc; i++)
		if (!it[i].done)
			refuse(arena, &it[i], "上级机构关系形成循环");
	if (!rc) {
		char detail[80];
		size_t bad = 0;
		for (size_t i = 0; i < n; i++)
			bad += it[i].bad != NULL;
		snprintf(detail, sizeof(detail), "added=%zu refused=%zu", report->added, bad);
		rc = store_audit(st, actor, "agency.import", "agencies", detail);
	}
	rc = store_write_end(st, rc);
	if (rc) {
		report->added = 0;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		report->nbad += it[i].bad != NULL;
	report->bad = report->nbad ? arena_alloc(arena, report->nbad * sizeof(*report->bad)) : NULL;
	if (report->nbad && !report->bad) {
		rc = ZF_ENOMEM;
		goto out;
	}
	for (size_t i = 0, k = 0; i < n; i++)
		if (it[i].bad)
			report->bad[k++] = (struct agency_import_problem){
			    .line = it[i].row->line, .name = it[i].info.name, .reason = it[i].bad};
out:
	buf_free(&err);
	return rc;
}

/* The columns of the import sheet, by header text. */
static const struct {
	const char *header;
	size_t off;
	bool required;
} columns[] = {
#define COL(h, f, r)                                                                               \
	{                                                                                          \
		h, offsetof(struct agency_import_row, f), r                                        \
	}
    COL("名称", name, true),
    COL("简称", short_name, false),
    COL("上级机构", parent, true),
    COL("类别", cls, false),
    COL("统一社会信用代码", credit_code, false),
    COL("机构代码", org_code, false),
    COL("电话", phone, false),
    COL("地址", address, false),
    COL("办公时间", hours, false),
#undef COL
};

const char *const agency_import_headers[AGENCY_IMPORT_COLUMNS] = {
    "名称", "简称", "上级机构", "类别", "统一社会信用代码", "机构代码", "电话", "地址", "办公时间",
};

int store_agency_import_xlsx(struct store *st, const char *actor, struct arena *arena,
			     const long long *scope, size_t nscope, const void *data, size_t len,
			     struct agency_import_report *report, struct buf *err)
{
	memset(report, 0, sizeof(*report));
	struct xlsx_sheet sh;
	int rc = xlsx_read(data, len, NULL, arena, &sh, err);
	if (rc)
		return rc;
	/* the header: the first row with a cell 名称 */
	size_t head = SIZE_MAX;
	for (size_t i = 0; i < sh.nrows && i < 20 && head == SIZE_MAX; i++)
		for (size_t c = 0; c < sh.rows[i].ncells; c++)
			if (!strcmp(trim(arena, sh.rows[i].cells[c]), "名称"))
				head = i;
	if (head == SIZE_MAX) {
		buf_setf(err, "工作表“%s”的前 20 行中没有“名称”一列的表头，请使用导入模板",
			 sh.name ? sh.name : "");
		return ZF_EPARSE;
	}
	size_t col[ARRAY_SIZE(columns)];
	for (size_t k = 0; k < ARRAY_SIZE(columns); k++) {
		col[k] = SIZE_MAX;
		for (size_t c = 0; c < sh.rows[head].ncells; c++)
			if (!strcmp(trim(arena, sh.rows[head].cells[c]), columns[k].header))
				col[k] = c;
		if (col[k] == SIZE_MAX && columns[k].required) {
			buf_setf(err, "表头中缺少“%s”一列（第 %d 行），请使用导入模板",
				 columns[k].header, sh.rows[head].num);
			return ZF_EPARSE;
		}
	}
	size_t n = 0;
	struct agency_import_row *rows =
	    sh.nrows > head + 1 ? arena_alloc(arena, (sh.nrows - head - 1) * sizeof(*rows)) : NULL;
	if (sh.nrows > head + 1 && !rows)
		return ZF_ENOMEM;
	for (size_t i = head + 1; i < sh.nrows; i++) {
		struct agency_import_row *r = &rows[n];
		memset(r, 0, sizeof(*r));
		r->line = sh.rows[i].num;
		bool any = false;
		for (size_t k = 0; k < ARRAY_SIZE(columns); k++) {
			const char *v = col[k] == SIZE_MAX ? "" : xlsx_cell(&sh, i, col[k]);
			*(const char **)((char *)r + columns[k].off) = v;
			any = any || *trim(arena, v);
		}
		if (any)
			n++;
	}
	if (n == 0) {
		buf_setf(err, "表中没有机构（表头之下没有填写内容的行）");
		return ZF_EPARSE;
	}
	rc = store_agency_import(st, actor, arena, scope, nscope, rows, n, report);
	if (rc && !err->len)
		buf_setf(err, "导入未能完成，未写入任何机构：%s", zf_strerror(rc));
	return rc;
}
