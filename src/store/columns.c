/* columns.c: the column tree of each agency (columns.h), written once in portable SQL
 * (driver.h) for both engines, with its migration text (schema_columns) and the seed: the
 * 法定主动公开内容 of 条例 (2019) Art. 20 and the usual 政务公开 columns.
 *
 * columns.parent_id refers to the same table; the reference is checked at commit
 * (DEFERRABLE INITIALLY DEFERRED) so that a copy between engines (db copy) may insert a
 * moved child before its parent. A column is never deleted: it is hidden (closed), which
 * keeps the filings and the history. */
#include "common.h"
#include "arena.h"
#include "columns.h"
#include "db.h"
#include "driver.h"
#include "utf8.h"

extern const char schema_columns[];

const char schema_columns[] =
    "CREATE TABLE columns (\n"
    "  id {ID},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  parent_id INTEGER REFERENCES columns(id) ON DELETE RESTRICT\n"
    "    DEFERRABLE INITIALLY DEFERRED,\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),\n"
    "  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),\n"
    "  kind TEXT NOT NULL DEFAULT 'list' CHECK (kind IN ('list', 'link')),\n"
    "  url TEXT NOT NULL DEFAULT '',\n"
    "  statutory_item INTEGER NOT NULL DEFAULT 0 CHECK (statutory_item BETWEEN 0 AND 15),\n"
    "  cadence_days INTEGER NOT NULL DEFAULT 0 CHECK (cadence_days BETWEEN 0 AND 3660),\n"
    "  link_updated_on TEXT,\n"
    "  sort_order INTEGER NOT NULL DEFAULT 0,\n"
    "  hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  UNIQUE (agency_id, code),\n"
    "  CHECK ((kind = 'link') = (url <> '')),\n"
    "  CHECK (kind = 'link' OR link_updated_on IS NULL)\n"
    ");\n"
    "CREATE INDEX columns_agency ON columns(agency_id, parent_id, sort_order);\n"
    "CREATE TABLE doc_columns (\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  column_id INTEGER NOT NULL REFERENCES columns(id) ON DELETE RESTRICT,\n"
    "  PRIMARY KEY (doc_id, column_id)\n"
    ") {WITHOUT_ROWID};\n"
    "CREATE INDEX doc_columns_column ON doc_columns(column_id, doc_id);\n";

/* ---------------------------------------------------------------- pure helpers */

static const struct column_cadence cadences[] = {
    {"日", 1}, {"周", 7}, {"月", 30}, {"季", 90}, {"半年", 180}, {"年", 365}, {"不定期", 0},
};

const struct column_cadence *column_cadences(size_t *n)
{
	*n = ARRAY_SIZE(cadences);
	return cadences;
}

const char *column_cadence_label(int days)
{
	static _Thread_local char other[24];
	for (size_t i = 0; i < ARRAY_SIZE(cadences); i++)
		if (cadences[i].days == days)
			return cadences[i].label;
	snprintf(other, sizeof(other), "%d 天", days);
	return other;
}

/* 条例 (2019) Art. 20: the information every agency publishes proactively. */
static const char *const statutory_text[COLUMN_STATUTORY_ITEMS] = {
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
};

static const char *const statutory_number[COLUMN_STATUTORY_ITEMS] = {
    "（一）", "（二）", "（三）",   "（四）",	"（五）",   "（六）",	"（七）",   "（八）",
    "（九）", "（十）", "（十一）", "（十二）", "（十三）", "（十四）", "（十五）",
};

const char *column_statutory_text(int item)
{
	return item >= 1 && item <= COLUMN_STATUTORY_ITEMS ? statutory_text[item - 1] : NULL;
}

const char *column_statutory_number(int item)
{
	return item >= 1 && item <= COLUMN_STATUTORY_ITEMS ? statutory_number[item - 1] : "";
}

bool column_url_ok(const char *url)
{
	if (!url)
		return false;
	size_t len = strlen(url), skip;
	if (!strncmp(url, "https://", 8))
		skip = 8;
	else if (!strncmp(url, "http://", 7))
		skip = 7;
	else
		return false;
	if (len > COLUMN_URL_MAX || !utf8_valid(url, len))
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '`')
			return false;
	/* a host: at least one character before the path, not starting with '/', '.', '@' */
	const char *host = url + skip;
	size_t hlen = strcspn(host, "/?#");
	return hlen > 0 && host[0] != '.' && host[0] != '@' && host[0] != ':';
}

bool column_stale(const struct column *c, zf_day today)
{
	if (c->f.hidden || c->f.cadence_days <= 0)
		return false;
	zf_day since = c->last_update ? c->last_update : c->created_on;
	return since && today - since > c->f.cadence_days;
}

static const char *const kind_keys[] = {[COLUMN_LIST] = "list", [COLUMN_LINK] = "link"};
static const char *const kind_labels[] = {[COLUMN_LIST] = "文件列表", [COLUMN_LINK] = "外链"};

const char *column_kind_key(enum column_kind k)
{
	return (size_t)k < ARRAY_SIZE(kind_keys) ? kind_keys[k] : "list";
}

const char *column_kind_label(enum column_kind k)
{
	return (size_t)k < ARRAY_SIZE(kind_labels) ? kind_labels[k] : "文件列表";
}

int column_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(kind_keys); i++)
		if (!strcmp(s, kind_keys[i]))
			return (int)i;
	return -1;
}

/* ---------------------------------------------------------------- checks */

static bool line_ok(const char *s, size_t max)
{
	size_t len = strlen(s);
	if (!len || !utf8_valid(s, len) || utf8_count(s, len) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static bool code_ok(const char *s)
{
	size_t len = strlen(s);
	if (!len || len > COLUMN_CODE_MAX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

/* Checks the fields that do not need the database; 0 or ZF_EINVAL with the reason. */
static int fields_check(const struct column_fields *f, struct buf *err)
{
	if (!f->name || !line_ok(f->name, COLUMN_NAME_MAX)) {
		buf_setf(err, "栏目名称不能为空，不超过 %d 字，且不能含有换行或控制字符",
			 COLUMN_NAME_MAX);
		return ZF_EINVAL;
	}
	if (f->code && *f->code && !code_ok(f->code)) {
		buf_setf(err, "栏目代码只能由小写字母、数字、“-”和“_”组成，不超过 %d 个字符",
			 COLUMN_CODE_MAX);
		return ZF_EINVAL;
	}
	if (f->kind != COLUMN_LIST && f->kind != COLUMN_LINK) {
		buf_setf(err, "栏目类型应为“文件列表”或“外链”");
		return ZF_EINVAL;
	}
	if (f->kind == COLUMN_LINK && !column_url_ok(f->url)) {
		buf_setf(err,
			 "外链栏目的链接地址应以 https:// 或 http:// 开头，含有网站域名，"
			 "不含空格和引号，且不超过 %d 个字符",
			 COLUMN_URL_MAX);
		return ZF_EINVAL;
	}
	if (f->kind == COLUMN_LIST && f->url && *f->url) {
		buf_setf(err, "只有外链栏目才填写链接地址");
		return ZF_EINVAL;
	}
	if (f->kind == COLUMN_LIST && f->link_updated_on) {
		buf_setf(err, "文件列表栏目的更新日期由发布的文件决定，不能手工填写");
		return ZF_EINVAL;
	}
	if (f->link_updated_on && f->link_updated_on > date_today()) {
		buf_setf(err, "更新日期不能晚于今天");
		return ZF_EINVAL;
	}
	if (f->statutory_item < 0 || f->statutory_item > COLUMN_STATUTORY_ITEMS) {
		buf_setf(err, "《条例》第二十条的项应在第（一）项至第（十五）项之间");
		return ZF_EINVAL;
	}
	if (f->cadence_days < 0 || f->cadence_days > 3660) {
		buf_setf(err, "更新周期应在 0（不定期）至 3660 天之间");
		return ZF_EINVAL;
	}
	if (f->sort_order < -100000 || f->sort_order > 100000) {
		buf_setf(err, "排序号应在 -100000 至 100000 之间");
		return ZF_EINVAL;
	}
	return 0;
}

/* ---------------------------------------------------------------- reading */

#define COLUMN_COLS                                                                                \
	"c.id, c.agency_id, coalesce(c.parent_id, 0), c.name, c.code, c.kind, c.url,"              \
	" c.statutory_item, c.cadence_days, c.link_updated_on, c.sort_order, c.hidden,"            \
	" substr(c.created_at, 1, 10), c.updated_at,"                                              \
	" (SELECT max(d.published_on) FROM doc_columns dc JOIN docs d ON d.id = dc.doc_id"         \
	"   WHERE dc.column_id = c.id AND d.state = 'published'),"                                 \
	" (SELECT count(*) FROM doc_columns dc JOIN docs d ON d.id = dc.doc_id"                    \
	"   WHERE dc.column_id = c.id AND d.state = 'published')"

static int read_column(struct db_stmt *s, struct arena *a, struct column *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_col_int(s, 0);
	c->f.agency_id = db_col_int(s, 1);
	c->f.parent_id = db_col_int(s, 2);
	c->f.name = db_col_str(s, a, 3);
	c->f.code = db_col_str(s, a, 4);
	int k = column_kind_parse(db_col_text(s, 5));
	c->f.kind = k < 0 ? COLUMN_LIST : (enum column_kind)k;
	c->f.url = db_col_str(s, a, 6);
	c->f.statutory_item = (int)db_col_int(s, 7);
	c->f.cadence_days = (int)db_col_int(s, 8);
	c->f.link_updated_on = db_col_day(s, 9);
	c->f.sort_order = (int)db_col_int(s, 10);
	c->f.hidden = db_col_int(s, 11) != 0;
	c->created_on = db_col_day(s, 12);
	c->updated_at = db_col_str(s, a, 13);
	c->ndocs = db_col_int(s, 15);
	c->last_update = c->f.kind == COLUMN_LINK ? c->f.link_updated_on : db_col_day(s, 14);
	if (!c->f.name || !c->f.code || !c->f.url || !c->updated_at)
		return ZF_ENOMEM;
	return 0;
}

int store_column_get(struct store *st, struct arena *a, long long id, struct column *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT " COLUMN_COLS " FROM columns c WHERE c.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_column(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

/* Appends c's children (in sibling order) and their subtrees to out, depth-first. */
static void tree_walk(struct column *all, size_t n, long long parent, int depth, struct column *out,
		      size_t *nout, bool *placed)
{
	for (size_t i = 0; i < n; i++) {
		if (placed[i] || all[i].f.parent_id != parent)
			continue;
		placed[i] = true;
		all[i].depth = depth;
		out[(*nout)++] = all[i];
		tree_walk(all, n, all[i].id, depth + 1, out, nout, placed);
	}
}

/* Every column of the agency (hidden too) in tree order, last updates rolled up. */
static int load_tree(struct store *st, struct arena *a, long long agency_id, struct column **out,
		     size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT " COLUMN_COLS " FROM columns c WHERE c.agency_id = ?"
			    " ORDER BY c.sort_order, c.id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	struct column *all = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		all = arena_grow(a, all, len, &alloc, sizeof(*all));
		if (!all) {
			rc = ZF_ENOMEM;
			break;
		}
		rc = read_column(s, a, &all[len]);
		if (rc)
			break;
		len++;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	if (!len)
		return 0;
	struct column *tree = arena_alloc(a, len * sizeof(*tree));
	bool *placed = arena_alloc(a, len * sizeof(*placed));
	if (!tree || !placed)
		return ZF_ENOMEM;
	memset(placed, 0, len * sizeof(*placed));
	size_t nt = 0;
	tree_walk(all, len, 0, 0, tree, &nt, placed);
	/* a parent missing from the agency (never written by this code): list at the top */
	for (size_t i = 0; i < len; i++)
		if (!placed[i]) {
			placed[i] = true;
			all[i].depth = 0;
			tree[nt++] = all[i];
		}
	/* roll the newest publication up to the ancestors (children come after parents) */
	for (size_t i = nt; i-- > 0;) {
		if (!tree[i].f.parent_id || tree[i].f.hidden)
			continue;
		for (size_t j = i; j-- > 0;)
			if (tree[j].id == tree[i].f.parent_id) {
				if (tree[j].f.kind == COLUMN_LIST &&
				    tree[i].last_update > tree[j].last_update)
					tree[j].last_update = tree[i].last_update;
				break;
			}
	}
	*out = tree;
	*n = nt;
	return 0;
}

int store_column_list(struct store *st, struct arena *a, long long agency_id, bool with_hidden,
		      struct column **out, size_t *n)
{
	int rc = load_tree(st, a, agency_id, out, n);
	if (rc || with_hidden)
		return rc;
	/* drop hidden columns and everything below them */
	size_t k = 0;
	int cut = -1; /* depth of the hidden column being skipped */
	for (size_t i = 0; i < *n; i++) {
		struct column *c = &(*out)[i];
		if (cut >= 0 && c->depth > cut)
			continue;
		cut = -1;
		if (c->f.hidden) {
			cut = c->depth;
			continue;
		}
		(*out)[k++] = *c;
	}
	*n = k;
	return 0;
}

int store_column_docs(struct store *st, struct arena *a, long long column_id, size_t limit,
		      size_t offset, struct column_doc **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT count(*) FROM doc_columns dc JOIN docs d ON d.id = dc.doc_id"
			    " WHERE dc.column_id = ? AND d.state = 'published'",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, column_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		*total = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	if (!*total)
		return 0;
	rc = db_prepare(st,
			"SELECT d.id, d.title, d.doc_no, d.index_no, d.published_on, d.validity"
			" FROM doc_columns dc JOIN docs d ON d.id = dc.doc_id"
			" WHERE dc.column_id = ? AND d.state = 'published'"
			" ORDER BY d.published_on DESC, d.id DESC LIMIT ? OFFSET ?",
			&s);
	if (rc)
		return rc;
	db_bind_int(s, 1, column_id);
	db_bind_int(s, 2, limit ? (long long)limit : 20);
	db_bind_int(s, 3, (long long)offset);
	struct column_doc *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct column_doc *d = &v[len++];
		d->id = db_col_int(s, 0);
		d->title = db_col_str(s, a, 1);
		d->doc_no = db_col_str(s, a, 2);
		d->index_no = db_col_str(s, a, 3);
		d->published_on = db_col_day(s, 4);
		d->validity = db_col_str(s, a, 5);
		if (!d->title || !d->doc_no || !d->validity) {
			rc = ZF_ENOMEM;
			break;
		}
		if (!d->index_no)
			d->index_no = "";
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- writing */

static int audit(struct store *st, const char *actor, const char *action, long long id,
		 const char *detail)
{
	char object[40];
	snprintf(object, sizeof(object), "column:%lld", id);
	return store_audit(st, actor, action, object, detail);
}

/* The agency and parent of a column, its depth (0 = top) and whether it is a link. */
struct node_info {
	long long agency_id, parent_id;
	enum column_kind kind;
	bool hidden;
};

static int node_get(struct store *st, long long id, struct node_info *out)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT agency_id, coalesce(parent_id, 0), kind, hidden FROM columns WHERE id = ?",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->agency_id = db_col_int(s, 0);
		out->parent_id = db_col_int(s, 1);
		const char *k = db_col_text(s, 2);
		out->kind = k && !strcmp(k, "link") ? COLUMN_LINK : COLUMN_LIST;
		out->hidden = db_col_int(s, 3) != 0;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

/* The number of levels from id up to the top (a top-level column: 1); stops_at (0 = none)
 * found on the way up sets *hit. */
static int levels_up(struct store *st, long long id, long long stops_at, int *levels, bool *hit)
{
	*levels = 0;
	*hit = false;
	while (id && *levels <= COLUMN_DEPTH_MAX + 1) {
		if (id == stops_at)
			*hit = true;
		struct node_info ni;
		int rc = node_get(st, id, &ni);
		if (rc)
			return rc;
		(*levels)++;
		id = ni.parent_id;
	}
	return 0;
}

/* The height of the subtree under id (a leaf: 1). */
static int subtree_height(struct store *st, long long id, int *height)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "WITH RECURSIVE sub(id, lvl) AS (SELECT CAST(? AS BIGINT), 1"
			    " UNION ALL SELECT c.id, sub.lvl + 1 FROM columns c JOIN sub"
			    " ON c.parent_id = sub.id WHERE sub.lvl < 32)"
			    " SELECT max(lvl) FROM sub",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	*height = rc == DB_ROW ? (int)db_col_int(s, 0) : 1;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static int code_taken(struct store *st, long long agency_id, const char *code, long long except,
		      bool *taken)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT id FROM columns WHERE agency_id = ? AND code = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_text(s, 2, code);
	rc = db_step(s);
	*taken = rc == DB_ROW && db_col_int(s, 0) != except;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* A free code "c<N>" for a new column of the agency. */
static int code_derive(struct store *st, long long agency_id, char out[24])
{
	long long n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT count(*) FROM columns WHERE agency_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		n = db_col_int(s, 0);
	db_finish(s);
	if (rc < 0)
		return rc;
	for (long long k = n + 1;; k++) {
		snprintf(out, 24, "c%lld", k);
		bool taken;
		rc = code_taken(st, agency_id, out, 0, &taken);
		if (rc || !taken)
			return rc;
	}
}

static void bind_fields(struct db_stmt *s, int first, const struct column_fields *f,
			const char *code)
{
	db_bind_text(s, first, f->name);
	db_bind_text(s, first + 1, code);
	db_bind_text(s, first + 2, column_kind_key(f->kind));
	db_bind_text(s, first + 3, f->kind == COLUMN_LINK ? f->url : "");
	db_bind_int(s, first + 4, f->statutory_item);
	db_bind_int(s, first + 5, f->cadence_days);
	db_bind_day(s, first + 6, f->kind == COLUMN_LINK ? f->link_updated_on : 0);
	db_bind_int(s, first + 7, f->sort_order);
	db_bind_int(s, first + 8, f->hidden ? 1 : 0);
}

/* The add without its transaction and audit line (for the seed too). */
static int column_insert(struct store *st, const struct column_fields *f, long long *id,
			 struct buf *err)
{
	int rc = fields_check(f, err);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, f->agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		buf_setf(err, "没有编号为 %lld 的机关", f->agency_id);
		return ZF_ENOENT;
	}
	if (f->parent_id) {
		struct node_info pi;
		rc = node_get(st, f->parent_id, &pi);
		if (rc == ZF_ENOENT || (!rc && pi.agency_id != f->agency_id)) {
			buf_setf(err, "上级栏目不存在或不属于本机关");
			return ZF_EINVAL;
		}
		if (rc)
			return rc;
		if (pi.kind == COLUMN_LINK) {
			buf_setf(err, "外链栏目下不能再设栏目");
			return ZF_EINVAL;
		}
		int levels;
		bool hit;
		rc = levels_up(st, f->parent_id, 0, &levels, &hit);
		if (rc)
			return rc;
		if (levels + 1 > COLUMN_DEPTH_MAX) {
			buf_setf(err, "栏目最多 %d 级", COLUMN_DEPTH_MAX);
			return ZF_EINVAL;
		}
	}
	char derived[24];
	const char *code = f->code;
	if (!code || !*code) {
		rc = code_derive(st, f->agency_id, derived);
		if (rc)
			return rc;
		code = derived;
	} else {
		bool taken;
		rc = code_taken(st, f->agency_id, code, 0, &taken);
		if (rc)
			return rc;
		if (taken) {
			buf_setf(err, "本机关已有代码为“%s”的栏目", code);
			return ZF_EINVAL;
		}
	}
	struct db_stmt *s;
	rc = db_prepare(st,
			"INSERT INTO columns (agency_id, parent_id, name, code, kind, url,"
			" statutory_item, cadence_days, link_updated_on, sort_order, hidden)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			&s);
	if (rc)
		return rc;
	db_bind_int(s, 1, f->agency_id);
	if (f->parent_id)
		db_bind_int(s, 2, f->parent_id);
	else
		db_bind_null(s, 2);
	bind_fields(s, 3, f, code);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		rc = db_step(s);
	} else if (rc == DB_DONE) {
		rc = ZF_EDB;
	}
	db_finish(s);
	if (rc == ZF_EINVAL && err && !err->len)
		buf_setf(err, "栏目的内容不符合要求");
	return rc < 0 ? rc : 0;
}

int store_column_add(struct store *st, const char *actor, const struct column_fields *f,
		     long long *id, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	long long got = 0;
	rc = column_insert(st, f, &got, err);
	if (!rc)
		rc = audit(st, actor, "column.add", got, f->name);
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = got;
	return rc;
}

static long long filed_count(struct store *st, long long id, int *rc)
{
	long long n = 0;
	struct db_stmt *s;
	*rc = db_prepare(st, "SELECT count(*) FROM doc_columns WHERE column_id = ?", &s);
	if (*rc)
		return 0;
	db_bind_int(s, 1, id);
	int r = db_step(s);
	if (r == DB_ROW)
		n = db_col_int(s, 0);
	db_finish(s);
	*rc = r < 0 ? r : 0;
	return n;
}

static long long child_count(struct store *st, long long id, int *rc)
{
	long long n = 0;
	struct db_stmt *s;
	*rc = db_prepare(st, "SELECT count(*) FROM columns WHERE parent_id = ?", &s);
	if (*rc)
		return 0;
	db_bind_int(s, 1, id);
	int r = db_step(s);
	if (r == DB_ROW)
		n = db_col_int(s, 0);
	db_finish(s);
	*rc = r < 0 ? r : 0;
	return n;
}

int store_column_edit(struct store *st, const char *actor, long long id,
		      const struct column_fields *f, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = fields_check(f, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct node_info ni;
	rc = node_get(st, id, &ni);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的栏目", id);
	if (!rc && f->kind == COLUMN_LINK && ni.kind == COLUMN_LIST) {
		if (filed_count(st, id, &rc) > 0 && !rc) {
			buf_setf(err, "栏目下已有文件，不能改为外链栏目");
			rc = ZF_EINVAL;
		}
		if (!rc && child_count(st, id, &rc) > 0 && !rc) {
			buf_setf(err, "栏目下还有下级栏目，不能改为外链栏目");
			rc = ZF_EINVAL;
		}
	}
	const char *code = f->code && *f->code ? f->code : NULL;
	if (!rc && code) {
		bool taken;
		rc = code_taken(st, ni.agency_id, code, id, &taken);
		if (!rc && taken) {
			buf_setf(err, "本机关已有代码为“%s”的栏目", code);
			rc = ZF_EINVAL;
		}
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(
		    st,
		    "UPDATE columns SET name = ?, code = coalesce(?, code), kind = ?,"
		    " url = ?, statutory_item = ?, cadence_days = ?, link_updated_on = ?,"
		    " sort_order = ?, hidden = ?, updated_at = ? WHERE id = ?",
		    &s);
	if (!rc) {
		bind_fields(s, 1, f, code);
		char now[21];
		db_now(now);
		db_bind_text(s, 10, now);
		db_bind_int(s, 11, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = audit(st, actor, "column.edit", id, f->name);
	if (rc == ZF_EINVAL && err && !err->len)
		buf_setf(err, "栏目的内容不符合要求");
	return store_write_end(st, rc);
}

int store_column_move(struct store *st, const char *actor, long long id, long long new_parent,
		      int sort_order, struct buf *err)
{
	if (!actor || !*actor || new_parent < 0)
		return ZF_EINVAL;
	if (sort_order < -100000 || sort_order > 100000) {
		buf_setf(err, "排序号应在 -100000 至 100000 之间");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct node_info ni;
	rc = node_get(st, id, &ni);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的栏目", id);
	int above = 0, height = 1;
	if (!rc && new_parent) {
		struct node_info pi;
		rc = node_get(st, new_parent, &pi);
		if (rc == ZF_ENOENT || (!rc && pi.agency_id != ni.agency_id)) {
			buf_setf(err, "上级栏目不存在或不属于本机关");
			rc = ZF_EINVAL;
		} else if (!rc && pi.kind == COLUMN_LINK) {
			buf_setf(err, "外链栏目下不能再设栏目");
			rc = ZF_EINVAL;
		}
		bool cycle = false;
		if (!rc)
			rc = levels_up(st, new_parent, id, &above, &cycle);
		if (!rc && cycle) {
			buf_setf(err, "不能把栏目移到它自己或它的下级栏目之下");
			rc = ZF_EINVAL;
		}
	}
	if (!rc)
		rc = subtree_height(st, id, &height);
	if (!rc && above + height > COLUMN_DEPTH_MAX) {
		buf_setf(err, "移动后栏目将超过 %d 级", COLUMN_DEPTH_MAX);
		rc = ZF_EINVAL;
	}
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"UPDATE columns SET parent_id = ?, sort_order = ?, updated_at = ?"
				" WHERE id = ?",
				&s);
	if (!rc) {
		if (new_parent)
			db_bind_int(s, 1, new_parent);
		else
			db_bind_null(s, 1);
		db_bind_int(s, 2, sort_order);
		char now[21];
		db_now(now);
		db_bind_text(s, 3, now);
		db_bind_int(s, 4, id);
		rc = db_run(s);
	}
	if (!rc) {
		char detail[64];
		snprintf(detail, sizeof(detail), "上级栏目 %lld，排序 %d", new_parent, sort_order);
		rc = audit(st, actor, "column.move", id, detail);
	}
	return store_write_end(st, rc);
}

int store_column_set_hidden(struct store *st, const char *actor, long long id, bool hidden,
			    struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s = NULL;
	rc = db_prepare(st, "UPDATE columns SET hidden = ?, updated_at = ? WHERE id = ?", &s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, hidden ? 1 : 0);
		db_bind_text(s, 2, now);
		db_bind_int(s, 3, id);
		rc = db_step(s);
		if (rc == DB_DONE && db_changes(s) == 0) {
			buf_setf(err, "没有编号为 %lld 的栏目", id);
			rc = ZF_ENOENT;
		}
		db_finish(s);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc)
		rc = audit(st, actor, hidden ? "column.hide" : "column.show", id, "");
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- the seed */

struct seed {
	const char *code, *name;
	int item;	    /* 条例 Art. 20 item */
	int cadence;	    /* days */
	const char *parent; /* code of the parent, NULL = top level */
};

/* The usual columns of a 政务公开 site: 指南, 制度, 法定主动公开内容 (the 15 items of 条例
 * Art. 20, with short names), 年报, and the columns every department keeps. */
static const struct seed seeds[] = {
    {"guide", "政府信息公开指南", 0, 365, NULL},
    {"rules", "政府信息公开制度", 0, 0, NULL},
    {"statutory", "法定主动公开内容", 0, 0, NULL},
    {"statutory-01", "法规文件", 1, 90, "statutory"},
    {"statutory-02", "机构职能", 2, 365, "statutory"},
    {"statutory-03", "规划信息", 3, 365, "statutory"},
    {"statutory-04", "统计信息", 4, 90, "statutory"},
    {"statutory-05", "行政许可和服务事项", 5, 30, "statutory"},
    {"statutory-06", "行政处罚和行政强制", 6, 30, "statutory"},
    {"statutory-07", "财政预决算", 7, 365, "statutory"},
    {"statutory-08", "行政事业性收费", 8, 365, "statutory"},
    {"statutory-09", "政府集中采购", 9, 90, "statutory"},
    {"statutory-10", "重大建设项目", 10, 90, "statutory"},
    {"statutory-11", "民生政策", 11, 90, "statutory"},
    {"statutory-12", "应急管理", 12, 0, "statutory"},
    {"statutory-13", "监督检查", 13, 90, "statutory"},
    {"statutory-14", "公务员招考", 14, 365, "statutory"},
    {"statutory-15", "其他法定公开信息", 15, 0, "statutory"},
    {"annual-report", "政府信息公开年报", 0, 365, NULL},
    {"interpretation", "政策解读", 0, 90, NULL},
    {"notices", "通知公告", 0, 30, NULL},
    {"news", "工作动态", 0, 7, NULL},
    {"personnel", "人事信息", 0, 0, NULL},
};

const char *column_seed_name(const char *code)
{
	for (size_t i = 0; code && i < ARRAY_SIZE(seeds); i++)
		if (!strcmp(seeds[i].code, code))
			return seeds[i].name;
	return NULL;
}

const char *column_statutory_short(int item)
{
	for (size_t i = 0; item > 0 && i < ARRAY_SIZE(seeds); i++)
		if (seeds[i].item == item)
			return seeds[i].name;
	return NULL;
}

int store_columns_seed(struct store *st, const char *actor, long long agency_id)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	bool exists = false;
	rc = store_agency_exists(st, agency_id, &exists);
	if (!rc && !exists)
		rc = ZF_ENOENT;
	long long have = 0;
	if (!rc) {
		struct db_stmt *s;
		rc = db_prepare(st, "SELECT count(*) FROM columns WHERE agency_id = ?", &s);
		if (!rc) {
			db_bind_int(s, 1, agency_id);
			rc = db_step(s);
			if (rc == DB_ROW)
				have = db_col_int(s, 0);
			db_finish(s);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (rc || have)
		return store_write_end(st, rc);
	long long ids[ARRAY_SIZE(seeds)] = {0};
	struct buf err = BUF_INIT;
	int sort = 0;
	for (size_t i = 0; i < ARRAY_SIZE(seeds) && !rc; i++) {
		struct column_fields f = {.agency_id = agency_id,
					  .name = seeds[i].name,
					  .code = seeds[i].code,
					  .kind = COLUMN_LIST,
					  .statutory_item = seeds[i].item,
					  .cadence_days = seeds[i].cadence,
					  .sort_order = (sort += 10)};
		for (size_t j = 0; seeds[i].parent && j < i; j++)
			if (!strcmp(seeds[j].code, seeds[i].parent))
				f.parent_id = ids[j];
		rc = column_insert(st, &f, &ids[i], &err);
	}
	buf_free(&err);
	if (!rc) {
		char object[40], detail[64];
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "%zu 个栏目（含《条例》第二十条 15 项）",
			 ARRAY_SIZE(seeds));
		rc = store_audit(st, actor, "column.seed", object, detail);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- filing */

int store_doc_columns_get(struct store *st, struct arena *a, long long doc_id, long long **ids,
			  size_t *n)
{
	*ids = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT column_id FROM doc_columns WHERE doc_id = ? ORDER BY column_id", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*ids = arena_grow(a, *ids, *n, &alloc, sizeof(**ids));
		if (!*ids) {
			rc = ZF_ENOMEM;
			break;
		}
		(*ids)[(*n)++] = db_col_int(s, 0);
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

static bool was_filed(const long long *old, size_t nold, long long id)
{
	for (size_t i = 0; i < nold; i++)
		if (old[i] == id)
			return true;
	return false;
}

int store_doc_columns_set(struct store *st, const char *actor, long long doc_id,
			  const long long *ids, size_t n, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (n > 100) {
		buf_setf(err, "一份文件最多归入 100 个栏目");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct arena *a = arena_new(0);
	long long agency = 0;
	struct db_stmt *s = NULL;
	rc = db_prepare(st, "SELECT agency_id FROM docs WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, doc_id);
		rc = db_step(s);
		if (rc == DB_ROW)
			agency = db_col_int(s, 0);
		db_finish(s);
		if (rc == DB_DONE) {
			buf_setf(err, "没有编号为 %lld 的文件", doc_id);
			rc = ZF_ENOENT;
		}
		rc = rc < 0 ? rc : 0;
	}
	long long *old = NULL;
	size_t nold = 0;
	if (!rc)
		rc = store_doc_columns_get(st, a, doc_id, &old, &nold);
	struct buf detail = BUF_INIT;
	for (size_t i = 0; i < n && !rc; i++) {
		struct node_info ni;
		rc = node_get(st, ids[i], &ni);
		if (rc == ZF_ENOENT || (!rc && ni.agency_id != agency)) {
			buf_setf(err, "栏目 %lld 不存在或不属于文件的发布机关", ids[i]);
			rc = ZF_EINVAL;
		} else if (!rc && ni.kind == COLUMN_LINK) {
			buf_setf(err, "外链栏目不能归入文件");
			rc = ZF_EINVAL;
		} else if (!rc && ni.hidden && !was_filed(old, nold, ids[i])) {
			buf_setf(err, "栏目 %lld 已关闭，不能再归入文件", ids[i]);
			rc = ZF_EINVAL;
		}
	}
	/* the same set again: nothing to write, nothing to log */
	bool same = !rc;
	for (size_t i = 0; same && i < n; i++)
		same = was_filed(old, nold, ids[i]);
	for (size_t i = 0; same && i < nold; i++)
		same = was_filed(ids, n, old[i]);
	if (same) {
		buf_free(&detail);
		arena_free(a);
		return store_write_end(st, rc);
	}
	if (!rc)
		rc = db_prepare(st, "DELETE FROM doc_columns WHERE doc_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, doc_id);
		rc = db_run(s);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup = dup || ids[j] == ids[i];
		if (dup)
			continue;
		rc =
		    db_prepare(st, "INSERT INTO doc_columns (doc_id, column_id) VALUES (?, ?)", &s);
		if (!rc) {
			db_bind_int(s, 1, doc_id);
			db_bind_int(s, 2, ids[i]);
			rc = db_run(s);
		}
		buf_printf(&detail, "%s%lld", detail.len ? "," : "栏目 ", ids[i]);
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "doc:%lld", doc_id);
		rc = store_audit(st, actor, "column.file", object,
				 detail.len ? buf_cstr(&detail) : "不归入栏目");
	}
	buf_free(&detail);
	arena_free(a);
	return store_write_end(st, rc);
}
