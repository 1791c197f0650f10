/* agencies.c: the agency tree and the audit log, written once against the driver (driver.h)
 * for both engines. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "utf8.h"
#include "law/docno.h"
#include "law/idcheck.h"
#include "store/agencies.h"
#include "store/columns.h"
#include "store/docs.h"

#include <stddef.h>

static const char *const kind_names[] = {
    [AGENCY_GOVERNMENT] = "government",
    [AGENCY_DEPARTMENT] = "department",
    [AGENCY_TOWN] = "town",
    [AGENCY_OTHER] = "other",
};

const char *agency_kind_name(enum agency_kind kind)
{
	if ((size_t)kind >= ARRAY_SIZE(kind_names))
		return NULL;
	return kind_names[kind];
}

int agency_kind_parse(const char *name, enum agency_kind *out)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(kind_names); i++) {
		if (strcmp(kind_names[i], name) == 0) {
			*out = (enum agency_kind)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

int store_agency_exists(struct store *st, long long id, bool *exists)
{
	*exists = false;
	if (id <= 0)
		return 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT 1 FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	*exists = rc == DB_ROW;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_agency_add(struct store *st, long long parent_id, const char *name, enum agency_kind kind,
		     long long *id)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || !utf8_valid(name, len) || utf8_count(name, len) > 100 ||
	    !agency_kind_name(kind) || parent_id < 0)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	/* the parent is checked first: on PostgreSQL a refused statement would end the
	 * transaction of a batch */
	bool exists = true;
	if (parent_id > 0)
		rc = store_agency_exists(st, parent_id, &exists);
	if (!rc && !exists)
		rc = ZF_EINVAL;
	long long got = 0;
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO agencies (parent_id, name, kind) VALUES (?, ?, ?)"
				" RETURNING id",
				&s);
	if (!rc) {
		if (parent_id > 0)
			db_bind_int(s, 1, parent_id);
		else
			db_bind_null(s, 1);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, agency_kind_name(kind));
		rc = db_step(s);
		if (rc == DB_ROW) {
			got = db_col_int(s, 0);
			rc = db_step(s);
		} else if (rc == DB_DONE) {
			rc = ZF_EDB;
		}
		db_finish(s);
	}
	rc = store_write_end(st, rc < 0 ? rc : 0);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_agency_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM agencies", count);
}

/* Tree order: each parent before its children, roots and siblings by id. */
struct node {
	struct agency a;
	size_t first_child, next_sibling; /* indexes + 1; 0 = none */
};

int store_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "SELECT a.id, coalesce(a.parent_id, 0), a.name, a.kind, d.closed_on FROM agencies a"
	    " LEFT JOIN agency_details d ON d.agency_id = a.id ORDER BY a.id",
	    &s);
	if (rc)
		return rc;
	struct node *nodes = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			nodes = xrealloc(nodes, alloc * sizeof(*nodes));
		}
		struct node *x = &nodes[len];
		memset(x, 0, sizeof(*x));
		x->a.id = db_col_int(s, 0);
		x->a.parent_id = db_col_int(s, 1);
		x->a.name = db_col_str(s, arena, 2);
		x->a.closed = !db_col_null(s, 4);
		if (agency_kind_parse(db_col_text(s, 3), &x->a.kind))
			x->a.kind = AGENCY_OTHER;
		if (!x->a.name) {
			rc = ZF_ENOMEM;
			break;
		}
		len++;
	}
	db_finish(s);
	struct agency *list = NULL;
	if (!rc && len)
		list = arena_alloc(arena, len * sizeof(*list));
	if (!rc && len && !list)
		rc = ZF_ENOMEM;
	if (rc) {
		free(nodes);
		return rc;
	}
	/* children lists, in id order (rows come by id: walk backwards, push front) */
	size_t roots = 0;
	for (size_t i = len; i-- > 0;) {
		size_t p = 0;
		if (nodes[i].a.parent_id) {
			/* ids are sorted: binary search for the parent */
			size_t lo = 0, hi = len;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (nodes[mid].a.id < nodes[i].a.parent_id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < len && nodes[lo].a.id == nodes[i].a.parent_id)
				p = lo + 1;
		}
		size_t *head = p ? &nodes[p - 1].first_child : &roots;
		nodes[i].next_sibling = *head;
		*head = i + 1;
	}
	/* depth-first, iteratively: a stack of the next sibling to visit at each depth */
	size_t *stack = xmalloc((len + 1) * sizeof(*stack));
	size_t depth = 0, k = 0;
	stack[0] = roots;
	while (k < len) {
		size_t cur = stack[depth];
		if (!cur) {
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		struct node *x = &nodes[cur - 1];
		stack[depth] = x->next_sibling;
		list[k] = x->a;
		list[k].depth = (int)depth;
		k++;
		stack[++depth] = x->first_child;
	}
	free(stack);
	free(nodes);
	*out = list;
	*n = k;
	return 0;
}

int store_agency_subtree(struct store *st, long long id, bool subordinates, long long **ids,
			 size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    subordinates ? "WITH RECURSIVE t (id) AS (SELECT id FROM agencies"
					   " WHERE id = ?1 UNION ALL SELECT a.id FROM agencies a"
					   " JOIN t ON a.parent_id = t.id) SELECT id FROM t"
					 : "SELECT id FROM agencies WHERE id = ?1",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	long long *list = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			list = xrealloc(list, alloc * sizeof(*list));
		}
		list[len++] = db_col_int(s, 0);
	}
	db_finish(s);
	if (rc) {
		free(list);
		return rc;
	}
	*ids = list;
	*n = len;
	return 0;
}

int store_audit_count(struct store *st, long long *count)
{
	return db_query_int(st, "SELECT count(*) FROM audit_log", count);
}

/* ================================================================ particulars (agencies.h) */

static const struct {
	const char *key, *label;
	enum agency_kind kind;
} classes[AGENCY_CLASSES] = {
    [AGENCY_CLASS_GOVERNMENT] = {"government", "人民政府", AGENCY_GOVERNMENT},
    [AGENCY_CLASS_DEPARTMENT] = {"department", "部门", AGENCY_DEPARTMENT},
    [AGENCY_CLASS_TOWN] = {"town", "乡镇（街道）", AGENCY_TOWN},
    [AGENCY_CLASS_PUBLIC] = {"public_unit", "公共企事业单位", AGENCY_OTHER},
    [AGENCY_CLASS_OTHER] = {"other", "其他", AGENCY_OTHER},
};

const char *agency_class_key(enum agency_class c)
{
	return (unsigned)c < AGENCY_CLASSES ? classes[c].key : NULL;
}

const char *agency_class_label(enum agency_class c)
{
	return (unsigned)c < AGENCY_CLASSES ? classes[c].label : NULL;
}

int agency_class_parse(const char *s, enum agency_class *out)
{
	static const struct {
		const char *alias;
		enum agency_class c;
	} aliases[] = {
	    {"政府", AGENCY_CLASS_GOVERNMENT},	 {"乡镇", AGENCY_CLASS_TOWN},
	    {"街道", AGENCY_CLASS_TOWN},	 {"乡镇(街道)", AGENCY_CLASS_TOWN},
	    {"事业单位", AGENCY_CLASS_PUBLIC},	 {"企事业单位", AGENCY_CLASS_PUBLIC},
	    {"公共企事业", AGENCY_CLASS_PUBLIC}, {"部门(单位)", AGENCY_CLASS_DEPARTMENT},
	};
	if (!s)
		return ZF_EINVAL;
	for (int i = 0; i < AGENCY_CLASSES; i++) {
		if (!strcmp(s, classes[i].key) || !strcmp(s, classes[i].label)) {
			*out = (enum agency_class)i;
			return 0;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (!strcmp(s, aliases[i].alias)) {
			*out = aliases[i].c;
			return 0;
		}
	}
	return ZF_EINVAL;
}

bool agency_credit_code_valid(const char *code, struct buf *err)
{
	char canon[IDCHECK_ID_LEN + 1];
	if (strlen(code) != IDCHECK_ID_LEN) {
		buf_setf(err, "统一社会信用代码应为 18 位，“%.40s”有 %zu 位", code, strlen(code));
		return false;
	}
	enum idcheck_result r = idcheck_credit_code(code, canon);
	if (r != IDCHECK_OK || strcmp(canon, code) != 0) {
		if (r == IDCHECK_OK)
			buf_setf(err, "统一社会信用代码“%s”应使用大写字母，不含空格", code);
		else
			buf_setf(err, "统一社会信用代码“%s”不正确：%s", code,
				 idcheck_message(r, true));
		return false;
	}
	return true;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* A one-line field: valid UTF-8, no control characters, at most max code points. */
static bool field_ok(const char *what, const char *s, size_t max, struct buf *err)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len)) {
		buf_setf(err, "%s不是有效的文字（UTF-8）", what);
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			buf_setf(err, "%s不能含有换行或控制字符", what);
			return false;
		}
	}
	if (utf8_count(s, len) > max) {
		buf_setf(err, "%s不能超过 %zu 个字", what, max);
		return false;
	}
	return true;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
	       s[strlen(s) - 1] != '.' && !strpbrk(s, " <>\"'");
}

int store_agency_info_check(const struct agency_info *in, struct buf *err)
{
	const char *name = nz(in->name);
	if (!*name) {
		buf_setf(err, "请填写机构名称");
		return ZF_EINVAL;
	}
	if (!field_ok("机构名称", name, 100, err) ||
	    !field_ok("简称", nz(in->short_name), 20, err) ||
	    !field_ok("电话", nz(in->phone), 40, err) ||
	    !field_ok("电子邮箱", nz(in->email), 100, err) ||
	    !field_ok("地址", nz(in->address), 200, err) ||
	    !field_ok("办公时间", nz(in->hours), 200, err))
		return ZF_EINVAL;
	if ((unsigned)in->cls >= AGENCY_CLASSES) {
		buf_setf(err, "机构类别不正确");
		return ZF_EINVAL;
	}
	if (*nz(in->credit_code) && !agency_credit_code_valid(in->credit_code, err))
		return ZF_EINVAL;
	if (*nz(in->org_code) && !docno_org_code_valid(in->org_code, err))
		return ZF_EINVAL;
	if (*nz(in->email) && !email_ok(in->email)) {
		buf_setf(err, "电子邮箱“%s”的格式不正确", in->email);
		return ZF_EINVAL;
	}
	if (in->supervisor_id && in->cls != AGENCY_CLASS_PUBLIC) {
		buf_setf(err, "只有公共企事业单位才填写主管部门");
		return ZF_EINVAL;
	}
	if (in->supervisor_id && in->supervisor_id == in->id) {
		buf_setf(err, "主管部门不能是本单位自己");
		return ZF_EINVAL;
	}
	return 0;
}

/* 0 and *found (0 when none) for the first row of a one-parameter-set query. */
static int query_id(struct db_stmt *s, long long *found)
{
	*found = 0;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*found = db_col_int(s, 0);
		rc = 0;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_agency_closed(struct store *st, long long id, bool *closed)
{
	*closed = false;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT count(*) FROM agency_details WHERE agency_id = ?"
			    " AND closed_on IS NOT NULL",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	long long n = 0;
	rc = query_id(s, &n);
	*closed = n > 0;
	return rc;
}

/* An agency usable for new work: exists and is not closed. what names it in the reason. */
static int check_open_agency(struct store *st, long long id, const char *what, struct buf *err)
{
	bool exists = false, closed = false;
	int rc = store_agency_exists(st, id, &exists);
	if (!rc && exists)
		rc = store_agency_closed(st, id, &closed);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "%s（编号 %lld）不存在", what, id);
		return ZF_EINVAL;
	}
	if (closed) {
		buf_setf(err, "%s（编号 %lld）已撤销，不能再用于新的机构设置", what, id);
		return ZF_EINVAL;
	}
	return 0;
}

/* The checks against other rows: the parent, the name among siblings, codes, supervisor. */
static int info_check_db(struct store *st, const struct agency_info *in, long long parent,
			 bool check_parent, struct buf *err)
{
	int rc = 0;
	if (parent > 0 && check_parent)
		rc = check_open_agency(st, parent, "上级机构", err);
	if (!rc && in->supervisor_id > 0)
		rc = check_open_agency(st, in->supervisor_id, "主管部门", err);
	struct db_stmt *s;
	long long other = 0;
	if (!rc)
		rc = db_prepare(st,
				"SELECT id FROM agencies WHERE coalesce(parent_id, 0) = ?"
				" AND name = ? AND id <> ?",
				&s);
	if (!rc) {
		db_bind_int(s, 1, parent);
		db_bind_text(s, 2, in->name);
		db_bind_int(s, 3, in->id);
		rc = query_id(s, &other);
		if (!rc && other) {
			buf_setf(err, "同一上级机构下已有名为“%s”的机构（编号 %lld）", in->name,
				 other);
			rc = ZF_EINVAL;
		}
	}
	static const struct {
		const char *sql, *what;
		size_t off;
	} codes[] = {
	    {"SELECT agency_id FROM agency_details WHERE credit_code = ? AND agency_id <> ?",
	     "统一社会信用代码", offsetof(struct agency_info, credit_code)},
	    {"SELECT agency_id FROM agency_details WHERE org_code = ? AND agency_id <> ?",
	     "机构代码", offsetof(struct agency_info, org_code)},
	};
	for (size_t i = 0; !rc && i < ARRAY_SIZE(codes); i++) {
		const char *code = nz(*(const char *const *)((const char *)in + codes[i].off));
		if (!*code)
			continue;
		rc = db_prepare(st, codes[i].sql, &s);
		if (rc)
			break;
		db_bind_text(s, 1, code);
		db_bind_int(s, 2, in->id);
		rc = query_id(s, &other);
		if (!rc && other) {
			buf_setf(err, "%s“%s”已被编号 %lld 的机构使用", codes[i].what, code, other);
			rc = ZF_EINVAL;
		}
	}
	return rc;
}

/* Writes the particulars row (not the closing) and keeps doc_settings' code in step. */
static int details_write(struct store *st, const char *actor, long long id,
			 const struct agency_info *in)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO agency_details (agency_id, short_name, credit_code,"
			    " org_code, unit_kind, supervisor_id, phone, email, address, hours,"
			    " sort_order, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			    " ?10, ?11, ?12) ON CONFLICT (agency_id) DO UPDATE SET"
			    " short_name = excluded.short_name, credit_code = excluded.credit_code,"
			    " org_code = excluded.org_code, unit_kind = excluded.unit_kind,"
			    " supervisor_id = excluded.supervisor_id, phone = excluded.phone,"
			    " email = excluded.email, address = excluded.address,"
			    " hours = excluded.hours, sort_order = excluded.sort_order,"
			    " updated_at = excluded.updated_at",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_int(s, 1, id);
	db_bind_text(s, 2, nz(in->short_name));
	db_bind_text(s, 3, nz(in->credit_code));
	db_bind_text(s, 4, nz(in->org_code));
	db_bind_text(s, 5, in->cls == AGENCY_CLASS_PUBLIC ? "public_unit" : "");
	if (in->supervisor_id > 0)
		db_bind_int(s, 6, in->supervisor_id);
	else
		db_bind_null(s, 6);
	db_bind_text(s, 7, nz(in->phone));
	db_bind_text(s, 8, nz(in->email));
	db_bind_text(s, 9, nz(in->address));
	db_bind_text(s, 10, nz(in->hours));
	db_bind_int(s, 11, in->sort_order);
	db_bind_text(s, 12, now);
	rc = db_run(s);
	if (rc || !*nz(in->org_code))
		return rc;
	/* the 索引号 code: the same code in doc_settings, the agency's template kept */
	struct arena *a = arena_new(0);
	const char *org = NULL, *tmpl = NULL;
	rc = store_doc_settings_get(st, a, id, &org, &tmpl);
	if (rc == ZF_ENOENT) {
		tmpl = NULL;
		rc = 0;
	}
	if (!rc && (!org || strcmp(org, in->org_code) != 0))
		rc = store_doc_settings_set(st, actor, id, in->org_code, tmpl, NULL);
	arena_free(a);
	return rc;
}

static void audit_detail(struct buf *b, const struct agency_info *in, long long parent)
{
	buf_reset(b);
	buf_printf(b, "name=%s parent=%lld class=%s", in->name, parent, agency_class_key(in->cls));
	if (*nz(in->short_name))
		buf_printf(b, " short=%s", in->short_name);
	if (*nz(in->credit_code))
		buf_printf(b, " credit=%s", in->credit_code);
	if (*nz(in->org_code))
		buf_printf(b, " org=%s", in->org_code);
	if (in->supervisor_id)
		buf_printf(b, " supervisor=%lld", in->supervisor_id);
}

static int audit_agency(struct store *st, const char *actor, const char *action, long long id,
			const char *detail)
{
	char object[40];
	snprintf(object, sizeof(object), "agency:%lld", id);
	return store_audit(st, actor, action, object, detail);
}

int store_agency_create(struct store *st, const char *actor, const struct agency_info *in,
			bool allow_root, long long *id, struct buf *err)
{
	if (!actor || !*actor || in->parent_id < 0)
		return ZF_EINVAL;
	struct agency_info x = *in;
	x.id = 0;
	int rc = store_agency_info_check(&x, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	if (x.parent_id == 0 && !allow_root) {
		long long roots = 0;
		rc = db_query_int(st, "SELECT count(*) FROM agencies WHERE parent_id IS NULL",
				  &roots);
		if (!rc && roots > 0) {
			buf_setf(err, "请选择上级机构：本站已有最上级机构");
			rc = ZF_EINVAL;
		}
	}
	if (!rc)
		rc = info_check_db(st, &x, x.parent_id, true, err);
	long long got = 0;
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO agencies (parent_id, name, kind) VALUES (?, ?, ?)"
				" RETURNING id",
				&s);
	if (!rc) {
		if (x.parent_id > 0)
			db_bind_int(s, 1, x.parent_id);
		else
			db_bind_null(s, 1);
		db_bind_text(s, 2, x.name);
		db_bind_text(s, 3, agency_kind_name(classes[x.cls].kind));
		rc = query_id(s, &got);
		if (!rc && !got)
			rc = ZF_EDB;
	}
	if (!rc)
		rc = details_write(st, actor, got, &x);
	struct buf d = BUF_INIT;
	if (!rc) {
		audit_detail(&d, &x, x.parent_id);
		rc = audit_agency(st, actor, "agency.add", got, buf_cstr(&d));
	}
	/* A new agency starts with the 法定主动公开内容 column tree (条例 Art. 20) and the usual
	 * 政务公开 columns, in the same transaction, so no agency is ever without them. */
	if (!rc)
		rc = store_columns_seed(st, actor, got);
	buf_free(&d);
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

int store_agency_edit(struct store *st, const char *actor, const struct agency_info *in,
		      struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_agency_info_check(in, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	long long parent = -1;
	rc = db_prepare(st, "SELECT coalesce(parent_id, 0) FROM agencies WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, in->id);
		rc = db_step(s);
		if (rc == DB_ROW)
			parent = db_col_int(s, 0);
		db_finish(s);
		rc = rc < 0 ? rc : parent < 0 ? ZF_ENOENT : 0;
		if (rc == ZF_ENOENT)
			buf_setf(err, "没有编号为 %lld 的机构", in->id);
	}
	/* a closed parent does not stop editing what is already under it */
	if (!rc)
		rc = info_check_db(st, in, parent, false, err);
	if (!rc)
		rc = db_prepare(st, "UPDATE agencies SET name = ?, kind = ? WHERE id = ?", &s);
	if (!rc) {
		db_bind_text(s, 1, in->name);
		db_bind_text(s, 2, agency_kind_name(classes[in->cls].kind));
		db_bind_int(s, 3, in->id);
		rc = db_run(s);
	}
	if (!rc)
		rc = details_write(st, actor, in->id, in);
	struct buf d = BUF_INIT;
	if (!rc) {
		audit_detail(&d, in, parent);
		rc = audit_agency(st, actor, "agency.edit", in->id, buf_cstr(&d));
	}
	buf_free(&d);
	return store_write_end(st, rc);
}

/* The parent of id (0 for a root) and its name: 0 or ZF_ENOENT (reason in err). */
static int agency_row(struct store *st, long long id, long long *parent, char name[404],
		      struct buf *err)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT coalesce(parent_id, 0), name FROM agencies WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*parent = db_col_int(s, 0);
		snprintf(name, 404, "%s", nz(db_col_text(s, 1)));
		rc = 0;
	} else if (rc == DB_DONE) {
		buf_setf(err, "没有编号为 %lld 的机构", id);
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

int store_agency_move(struct store *st, const char *actor, long long id, long long new_parent,
		      struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long parent = 0;
	char name[404];
	rc = agency_row(st, id, &parent, name, err);
	if (!rc && parent == 0) {
		buf_setf(err, "最上级机构不能移动");
		rc = ZF_EINVAL;
	}
	long long *sub = NULL;
	size_t nsub = 0;
	if (!rc)
		rc = store_agency_subtree(st, id, true, &sub, &nsub);
	for (size_t i = 0; !rc && i < nsub; i++) {
		if (sub[i] == new_parent) {
			buf_setf(err, "不能把机构移到它自己或它的下级机构之下（会形成循环）");
			rc = ZF_EINVAL;
		}
	}
	free(sub);
	if (!rc && new_parent <= 0) {
		buf_setf(err, "请指定新的上级机构");
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = check_open_agency(st, new_parent, "新的上级机构", err);
	struct db_stmt *s;
	long long other = 0;
	if (!rc)
		rc = db_prepare(st, "SELECT id FROM agencies WHERE parent_id = ? AND name = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, new_parent);
		db_bind_text(s, 2, name);
		rc = query_id(s, &other);
		if (!rc && other && other != id) {
			buf_setf(err, "新的上级机构下已有名为“%s”的机构", name);
			rc = ZF_EINVAL;
		}
	}
	if (!rc)
		rc = db_prepare(st, "UPDATE agencies SET parent_id = ? WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, new_parent);
		db_bind_int(s, 2, id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[80];
		snprintf(detail, sizeof(detail), "parent=%lld->%lld", parent, new_parent);
		rc = audit_agency(st, actor, "agency.move", id, detail);
	}
	return store_write_end(st, rc);
}

int store_agency_close(struct store *st, const char *actor, long long id, zf_day on,
		       const char *reason, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!reason || !*reason) {
		buf_setf(err, "请填写撤销原因");
		return ZF_EINVAL;
	}
	if (!field_ok("撤销原因", reason, 200, err))
		return ZF_EINVAL;
	if (on <= 0)
		on = date_today();
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long parent = 0, open_children = 0, root = 0;
	char name[404];
	bool closed = false;
	rc = agency_row(st, id, &parent, name, err);
	if (!rc)
		rc = store_agency_closed(st, id, &closed);
	if (!rc && closed) {
		buf_setf(err, "“%s”已经撤销", name);
		rc = ZF_ESTATE;
	}
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st, "SELECT value FROM site_settings WHERE key = 'root_agency_id'",
				&s);
	if (!rc) {
		rc = db_step(s);
		if (rc == DB_ROW)
			root = atoll(nz(db_col_text(s, 0)));
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc && (parent == 0 || root == id)) {
		buf_setf(err, "本站的最上级机构不能撤销");
		rc = ZF_EINVAL;
	}
	if (!rc)
		rc = db_prepare(st,
				"SELECT count(*) FROM agencies a LEFT JOIN agency_details d"
				" ON d.agency_id = a.id WHERE a.parent_id = ?"
				" AND d.closed_on IS NULL",
				&s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = query_id(s, &open_children);
		if (!rc && open_children) {
			buf_setf(err, "“%s”还有 %lld 个未撤销的下级机构，请先撤销或移走", name,
				 open_children);
			rc = ZF_ESTATE;
		}
	}
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO agency_details (agency_id, closed_on, closed_reason)"
				" VALUES (?1, ?2, ?3) ON CONFLICT (agency_id) DO UPDATE SET"
				" closed_on = excluded.closed_on,"
				" closed_reason = excluded.closed_reason",
				&s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_day(s, 2, on);
		db_bind_text(s, 3, reason);
		rc = db_run(s);
	}
	if (!rc) {
		char day[11];
		struct buf d = BUF_INIT;
		buf_printf(&d, "closed_on=%s reason=%s", date_format(on, day), reason);
		rc = audit_agency(st, actor, "agency.close", id, buf_cstr(&d));
		buf_free(&d);
	}
	return store_write_end(st, rc);
}

#define INFO_COLUMNS                                                                               \
	"a.id, coalesce(a.parent_id, 0), a.name, a.kind, coalesce(d.short_name, ''),"              \
	" coalesce(d.credit_code, ''), coalesce(d.org_code, ''), coalesce(d.unit_kind, ''),"       \
	" coalesce(d.supervisor_id, 0), coalesce(d.phone, ''), coalesce(d.email, ''),"             \
	" coalesce(d.address, ''), coalesce(d.hours, ''), coalesce(d.sort_order, 0),"              \
	" d.closed_on, coalesce(d.closed_reason, ''), coalesce(p.name, ''),"                       \
	" coalesce(v.name, '')"                                                                    \
	" FROM agencies a LEFT JOIN agency_details d ON d.agency_id = a.id"                        \
	" LEFT JOIN agencies p ON p.id = a.parent_id LEFT JOIN agencies v"                         \
	" ON v.id = d.supervisor_id"

static int info_read(struct db_stmt *s, struct arena *a, struct agency_info *x)
{
	memset(x, 0, sizeof(*x));
	x->id = db_col_int(s, 0);
	x->parent_id = db_col_int(s, 1);
	x->name = db_col_str(s, a, 2);
	enum agency_kind kind = AGENCY_OTHER;
	agency_kind_parse(db_col_text(s, 3), &kind);
	bool pub = !strcmp(nz(db_col_text(s, 7)), "public_unit");
	x->cls = pub			     ? AGENCY_CLASS_PUBLIC
		 : kind == AGENCY_GOVERNMENT ? AGENCY_CLASS_GOVERNMENT
		 : kind == AGENCY_DEPARTMENT ? AGENCY_CLASS_DEPARTMENT
		 : kind == AGENCY_TOWN	     ? AGENCY_CLASS_TOWN
					     : AGENCY_CLASS_OTHER;
	x->short_name = db_col_str(s, a, 4);
	x->credit_code = db_col_str(s, a, 5);
	x->org_code = db_col_str(s, a, 6);
	x->supervisor_id = db_col_int(s, 8);
	x->phone = db_col_str(s, a, 9);
	x->email = db_col_str(s, a, 10);
	x->address = db_col_str(s, a, 11);
	x->hours = db_col_str(s, a, 12);
	x->sort_order = (int)db_col_int(s, 13);
	x->closed_on = db_col_day(s, 14);
	x->closed_reason = db_col_str(s, a, 15);
	x->parent_name = db_col_str(s, a, 16);
	x->supervisor_name = db_col_str(s, a, 17);
	return x->name && x->short_name && x->credit_code && x->org_code && x->phone && x->email &&
		       x->address && x->hours && x->closed_reason && x->parent_name &&
		       x->supervisor_name
		   ? 0
		   : ZF_ENOMEM;
}

int store_agency_get(struct store *st, struct arena *arena, long long id, struct agency_info *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " INFO_COLUMNS " WHERE a.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = info_read(s, arena, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

struct full_node {
	size_t first_child, next_sibling; /* indexes + 1 */
};

static int cmp_by_id(const void *pa, const void *pb, void *ctx)
{
	const struct agency_info *rows = ctx;
	long long a = rows[*(const size_t *)pa].id, b = rows[*(const size_t *)pb].id;
	return a < b ? -1 : a > b;
}

int store_agency_list_full(struct store *st, struct arena *arena, struct agency_info **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT " INFO_COLUMNS " ORDER BY coalesce(d.sort_order, 0), a.id", &s);
	if (rc)
		return rc;
	struct agency_info *rows = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (len == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		rc = info_read(s, arena, &rows[len]);
		if (rc)
			break;
		len++;
	}
	db_finish(s);
	struct agency_info *list = NULL;
	if (!rc && len && !(list = arena_alloc(arena, len * sizeof(*list))))
		rc = ZF_ENOMEM;
	if (rc || !len) {
		free(rows);
		return rc;
	}
	size_t *byid = xmalloc(len * sizeof(*byid));
	for (size_t i = 0; i < len; i++)
		byid[i] = i;
	qsort_r(byid, len, sizeof(*byid), cmp_by_id, rows);
	struct full_node *nodes = xcalloc(len, sizeof(*nodes));
	size_t roots = 0;
	for (size_t i = len; i-- > 0;) {
		size_t p = 0;
		if (rows[i].parent_id) {
			size_t lo = 0, hi = len;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (rows[byid[mid]].id < rows[i].parent_id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < len && rows[byid[lo]].id == rows[i].parent_id)
				p = byid[lo] + 1;
		}
		size_t *head = p ? &nodes[p - 1].first_child : &roots;
		nodes[i].next_sibling = *head;
		*head = i + 1;
	}
	size_t *stack = xmalloc((len + 1) * sizeof(*stack));
	size_t depth = 0, k = 0;
	stack[0] = roots;
	while (k < len) {
		size_t cur = stack[depth];
		if (!cur) {
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		stack[depth] = nodes[cur - 1].next_sibling;
		list[k] = rows[cur - 1];
		list[k].depth = (int)depth;
		k++;
		stack[++depth] = nodes[cur - 1].first_child;
	}
	free(stack);
	free(nodes);
	free(byid);
	free(rows);
	*out = list;
	*n = k;
	return 0;
}

int store_agency_find(struct store *st, const char *key, long long *id)
{
	*id = 0;
	if (!key || !*key)
		return ZF_ENOENT;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT agency_id FROM agency_details WHERE org_code = ?1"
			    " OR credit_code = ?1",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	rc = query_id(s, id);
	if (rc || *id)
		return rc;
	rc = db_prepare(st, "SELECT id FROM agencies WHERE name = ? ORDER BY id", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, key);
	int found = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (!found++)
			*id = db_col_int(s, 0);
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	if (found > 1) {
		*id = 0;
		return ZF_EEXIST;
	}
	return found ? 0 : ZF_ENOENT;
}

/* ---------------------------------------------------------------- site settings */

static const struct {
	const char *key, *label;
	size_t off, max;
} site_keys[] = {
#define SK(k, l, m)                                                                                \
	{                                                                                          \
#k, l, offsetof(struct site_settings, k), m                                        \
	}
    SK(site_name, "网站名称", 100),
    SK(host_org, "主办单位", 100),
    SK(operator_org, "承办单位", 100),
    SK(site_code, "网站标识码", 20),
    SK(icp, "ICP备案号", 60),
    SK(psb, "公安机关备案号", 60),
    SK(psb_code, "公安机关备案号的编号", 30),
    SK(conac_code, "党政机关网站标识编号", 40),
    SK(contact_phone, "联系电话", 40),
    SK(contact_email, "联系邮箱", 100),
#undef SK
};

int store_site_settings_get(struct store *st, struct arena *arena, struct site_settings *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < ARRAY_SIZE(site_keys); i++)
		*(const char **)((char *)out + site_keys[i].off) = "";
	if (!st)
		return 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT key, value FROM site_settings", &s);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW) {
		const char *key = nz(db_col_text(s, 0));
		if (!strcmp(key, "root_agency_id")) {
			out->root_agency_id = atoll(nz(db_col_text(s, 1)));
			continue;
		}
		for (size_t i = 0; i < ARRAY_SIZE(site_keys); i++) {
			if (strcmp(key, site_keys[i].key) != 0)
				continue;
			const char *v = db_col_str(s, arena, 1);
			if (!v) {
				db_finish(s);
				return ZF_ENOMEM;
			}
			*(const char **)((char *)out + site_keys[i].off) = v;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int site_put(struct store *st, const char *actor, const char *key, const char *value)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "INSERT INTO site_settings (key, value, updated_at, updated_by)"
			    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET"
			    " value = excluded.value, updated_at = excluded.updated_at,"
			    " updated_by = excluded.updated_by",
			    &s);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	db_bind_text(s, 3, now);
	db_bind_text(s, 4, actor);
	return db_run(s);
}

const char *site_conac_url(const char *code)
{
	static _Thread_local char url[96];
	size_t n = code ? strlen(code) : 0;
	if (!n || n > 40)
		return "";
	for (const char *p = code; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z')))
			return "";
	snprintf(url, sizeof(url), "https://bszs.conac.cn/sitename?method=show&id=%s", code);
	return url;
}

int store_site_settings_set(struct store *st, const char *actor, const struct site_settings *in,
			    struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(site_keys); i++) {
		const char *v = nz(*(const char *const *)((const char *)in + site_keys[i].off));
		if (!field_ok(site_keys[i].label, v, site_keys[i].max, err))
			return ZF_EINVAL;
	}
	const char *code = nz(in->site_code);
	for (const char *p = code; *p; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z'))) {
			buf_setf(err, "网站标识码只能由字母和数字组成");
			return ZF_EINVAL;
		}
	}
	if (*code && strlen(code) != 10) {
		buf_setf(err, "网站标识码应为 10 位（如 1101020001 或 bm01000001）");
		return ZF_EINVAL;
	}
	for (const char *p = nz(in->psb_code); *p; p++) {
		if (*p < '0' || *p > '9') {
			buf_setf(err, "公安机关备案号的编号只能是数字");
			return ZF_EINVAL;
		}
	}
	if (*nz(in->conac_code) && !*site_conac_url(in->conac_code)) {
		buf_setf(err, "党政机关网站标识编号只能由字母和数字组成");
		return ZF_EINVAL;
	}
	if (*nz(in->contact_email) && !email_ok(in->contact_email)) {
		buf_setf(err, "联系邮箱“%s”的格式不正确", in->contact_email);
		return ZF_EINVAL;
	}
	if (!*nz(in->site_name)) {
		buf_setf(err, "请填写网站名称");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	if (in->root_agency_id) {
		bool exists = false;
		rc = store_agency_exists(st, in->root_agency_id, &exists);
		if (!rc && !exists) {
			buf_setf(err, "没有编号为 %lld 的机构", in->root_agency_id);
			rc = ZF_EINVAL;
		}
	}
	struct buf d = BUF_INIT;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(site_keys); i++) {
		const char *v = nz(*(const char *const *)((const char *)in + site_keys[i].off));
		rc = site_put(st, actor, site_keys[i].key, v);
		buf_printf(&d, "%s%s=%s", i ? " " : "", site_keys[i].key, v);
	}
	char root[24];
	snprintf(root, sizeof(root), "%lld", in->root_agency_id);
	if (!rc)
		rc = site_put(st, actor, "root_agency_id", root);
	if (!rc) {
		buf_printf(&d, " root_agency_id=%s", root);
		rc = store_audit(st, actor, "site.settings", "site", buf_cstr(&d));
	}
	buf_free(&d);
	return store_write_end(st, rc);
}

int store_agency_code_owner(struct store *st, const char *which, const char *code, long long *id)
{
	*id = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    !strcmp(which, "org_code")
				? "SELECT agency_id FROM agency_details WHERE org_code = ?"
				: "SELECT agency_id FROM agency_details WHERE credit_code = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, code);
	return query_id(s, id);
}

int store_agency_closed_on(struct store *st, long long id, zf_day *on)
{
	*on = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT closed_on FROM agency_details WHERE agency_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*on = db_col_day(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}
