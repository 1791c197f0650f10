/* xlsx.c: one worksheet of an .xlsx workbook as text (see xlsx.h). The workbook is a zip of
 * XML parts: xl/workbook.xml names the sheets and their relationship ids,
 * xl/_rels/workbook.xml.rels maps those to parts, xl/sharedStrings.xml holds the strings
 * cells refer to by index. Each part is unpacked under a size cap and parsed by libxml2 without
 * network access, and a part with a DTD is refused (ooxml.h, shared with the Word reader). */
#include "common.h"
#include "arena.h"
#include "utf8.h"
#include "ingest/ooxml.h"
#include "ingest/xlsx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

struct reader {
	struct ooxml z;
	struct arena *a;
	struct buf *err;
	const char **sst; /* shared strings */
	size_t nsst;
};

/* Unpacks part `name` into out: 0, ZF_ENOENT, ZF_ETOOBIG, ZF_EPARSE (see ooxml_part). */
static int part_read(struct reader *r, const char *name, struct buf *out)
{
	return ooxml_part(&r->z, name, out);
}

/* Parses a part as XML: NULL (reason in err) when malformed or carrying a DTD. */
static xmlDoc *xml_parse(struct reader *r, const char *name, const struct buf *b)
{
	return ooxml_parse(&r->z, name, b);
}

static bool is(const xmlNode *n, const char *local)
{
	return ooxml_is(n, local);
}

/* An attribute without namespace, or with any (r:id), by local name; "" when missing.
 * Returns an owned copy from the arena. */
static const char *attr(struct reader *r, xmlNode *n, const char *local)
{
	xmlChar *v = ooxml_attr(n, local);
	const char *s = arena_strdup(r->a, v ? (const char *)v : "");
	xmlFree(v);
	return s ? s : "";
}

/* Appends the text of every <t> below n, skipping phonetic runs (<rPh>). */
static int text_of(xmlNode *n, struct buf *out)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "rPh"))
			continue;
		if (is(c, "t")) {
			xmlChar *v = xmlNodeGetContent(c);
			int rc = buf_adds(out, v ? (const char *)v : "");
			xmlFree(v);
			if (rc)
				return rc;
		} else {
			int rc = text_of(c, out);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int shared_strings(struct reader *r)
{
	struct buf b = BUF_INIT;
	int rc = part_read(r, "xl/sharedStrings.xml", &b);
	if (rc == ZF_ENOENT) {
		buf_free(&b);
		return 0;
	}
	xmlDoc *doc = rc ? NULL : xml_parse(r, "xl/sharedStrings.xml", &b);
	if (!rc && !doc)
		rc = ZF_EPARSE;
	buf_free(&b);
	if (rc)
		return rc;
	size_t alloc = 0;
	struct buf t = BUF_INIT;
	for (xmlNode *si = xmlDocGetRootElement(doc)->children; si && !rc; si = si->next) {
		if (!is(si, "si"))
			continue;
		buf_reset(&t);
		rc = text_of(si, &t);
		const char *s = rc ? NULL : arena_strndup(r->a, t.len ? t.p : "", t.len);
		if (!rc && !s)
			rc = ZF_ENOMEM;
		if (!rc && r->nsst == alloc) {
			r->sst = arena_grow(r->a, r->sst, r->nsst, &alloc, sizeof(*r->sst));
			if (!r->sst)
				rc = ZF_ENOMEM;
		}
		if (!rc)
			r->sst[r->nsst++] = s;
	}
	buf_free(&t);
	xmlFreeDoc(doc);
	return rc;
}

/* The part of the sheet named `want` (NULL: the first) into *path, its name into *name. */
static int find_sheet(struct reader *r, const char *want, const char **path, const char **name)
{
	struct buf b = BUF_INIT;
	int rc = part_read(r, "xl/workbook.xml", &b);
	if (rc == ZF_ENOENT) {
		buf_setf(r->err, "不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml");
		rc = ZF_EPARSE;
	}
	xmlDoc *doc = rc ? NULL : xml_parse(r, "xl/workbook.xml", &b);
	if (!rc && !doc)
		rc = ZF_EPARSE;
	const char *rid = NULL;
	*name = NULL;
	for (xmlNode *n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !rid;
	     n = n->next) {
		if (!is(n, "sheets"))
			continue;
		for (xmlNode *s = n->children; s; s = s->next) {
			if (!is(s, "sheet"))
				continue;
			const char *nm = attr(r, s, "name");
			if (!want || !strcmp(nm, want)) {
				*name = nm;
				rid = attr(r, s, "id");
				break;
			}
		}
	}
	if (doc)
		xmlFreeDoc(doc);
	if (!rc && !rid) {
		if (want)
			buf_setf(r->err, "工作簿中没有名为“%s”的工作表", want);
		else
			buf_setf(r->err, "工作簿中没有工作表");
		rc = ZF_ENOENT;
	}
	const char *target = NULL;
	int rel = rc ? rc : part_read(r, "xl/_rels/workbook.xml.rels", &b);
	if (!rc && rel == ZF_ENOENT) {
		rc = 0; /* no relationships: the usual place */
	} else if (!rc && rel) {
		rc = rel;
	} else if (!rc) {
		doc = xml_parse(r, "xl/_rels/workbook.xml.rels", &b);
		if (!doc)
			rc = ZF_EPARSE;
		for (xmlNode *n = doc ? xmlDocGetRootElement(doc)->children : NULL; n;
		     n = n->next) {
			if (is(n, "Relationship") && !strcmp(attr(r, n, "Id"), rid)) {
				target = attr(r, n, "Target");
				break;
			}
		}
		if (doc)
			xmlFreeDoc(doc);
	}
	buf_free(&b);
	if (rc)
		return rc;
	if (!target || !*target)
		*path = "xl/worksheets/sheet1.xml";
	else if (target[0] == '/')
		*path = target + 1;
	else
		*path = arena_printf(r->a, "xl/%s", target);
	return *path ? 0 : ZF_ENOMEM;
}

/* "B7" -> column 1 (0-based) and row 7; false when malformed or out of Excel's range. */
static bool cell_ref(const char *s, size_t *col, int *row)
{
	size_t c = 0;
	int letters = 0;
	while (*s >= 'A' && *s <= 'Z') {
		c = c * 26 + (size_t)(*s - 'A' + 1);
		if (++letters > 3)
			return false;
		s++;
	}
	long rw = 0;
	int digits = 0;
	while (*s >= '0' && *s <= '9') {
		rw = rw * 10 + (*s - '0');
		if (++digits > 7)
			return false;
		s++;
	}
	if (*s || !letters || !digits || c > 16384 || rw < 1 || rw > 1048576)
		return false;
	*col = c - 1;
	*row = (int)rw;
	return true;
}

/* The text of cell c per its type. */
static const char *cell_text(struct reader *r, xmlNode *c, struct buf *t)
{
	const char *type = attr(r, c, "t");
	buf_reset(t);
	if (!strcmp(type, "inlineStr")) {
		for (xmlNode *n = c->children; n; n = n->next)
			if (is(n, "is") && text_of(n, t))
				return NULL;
		return arena_strndup(r->a, t->len ? t->p : "", t->len);
	}
	xmlChar *v = NULL;
	for (xmlNode *n = c->children; n; n = n->next)
		if (is(n, "v")) {
			v = xmlNodeGetContent(n);
			break;
		}
	const char *vs = v ? (const char *)v : "";
	const char *out;
	if (!strcmp(type, "s")) {
		char *end = NULL;
		unsigned long i = strtoul(vs, &end, 10);
		out = *vs && end && !*end && i < r->nsst ? r->sst[i] : "";
	} else if (!strcmp(type, "b")) {
		out = !strcmp(vs, "1") ? "TRUE" : !strcmp(vs, "0") ? "FALSE" : "";
	} else {
		out = arena_strdup(r->a, vs);
	}
	if (!out)
		out = NULL;
	xmlFree(v);
	return out;
}

static int read_rows(struct reader *r, xmlNode *data, struct xlsx_sheet *out)
{
	size_t alloc = 0, cells = 0;
	int last_row = 0;
	struct buf t = BUF_INIT;
	int rc = 0;
	for (xmlNode *rw = data->children; rw && !rc; rw = rw->next) {
		if (!is(rw, "row"))
			continue;
		const char *rn = attr(r, rw, "r");
		int num = *rn ? atoi(rn) : last_row + 1;
		if (num < 1 || num > 1048576 || num <= last_row) {
			buf_setf(r->err, "工作表的行号不正确或未按顺序（第 %d 行之后）", last_row);
			rc = ZF_EPARSE;
			break;
		}
		last_row = num;
		struct xlsx_row row = {.num = num};
		size_t calloc_ = 0, next_col = 0;
		for (xmlNode *c = rw->children; c && !rc; c = c->next) {
			if (!is(c, "c"))
				continue;
			const char *ref = attr(r, c, "r");
			size_t col = next_col;
			int crow = num;
			if (*ref && (!cell_ref(ref, &col, &crow) || crow != num)) {
				buf_setf(r->err, "第 %d 行的单元格引用“%.20s”不正确", num, ref);
				rc = ZF_EPARSE;
				break;
			}
			if (col < next_col) {
				buf_setf(r->err, "第 %d 行的单元格未按顺序", num);
				rc = ZF_EPARSE;
				break;
			}
			if (cells + (col + 1 - row.ncells) > XLSX_CELLS_MAX) {
				buf_setf(r->err, "工作表的单元格过多（超过 %u 个），已拒绝",
					 XLSX_CELLS_MAX);
				rc = ZF_ETOOBIG;
				break;
			}
			const char *text = cell_text(r, c, &t);
			if (!text) {
				rc = ZF_ENOMEM;
				break;
			}
			while (row.ncells <= col) {
				if (row.ncells == calloc_) {
					row.cells = arena_grow(r->a, row.cells, row.ncells,
							       &calloc_, sizeof(*row.cells));
					if (!row.cells) {
						rc = ZF_ENOMEM;
						break;
					}
				}
				row.cells[row.ncells++] = "";
				cells++;
			}
			if (rc)
				break;
			row.cells[col] = text;
			next_col = col + 1;
		}
		if (rc)
			break;
		if (out->nrows == alloc) {
			out->rows =
			    arena_grow(r->a, out->rows, out->nrows, &alloc, sizeof(*out->rows));
			if (!out->rows) {
				rc = ZF_ENOMEM;
				break;
			}
		}
		out->rows[out->nrows++] = row;
	}
	buf_free(&t);
	return rc;
}

/* The merged ranges ("A5:B6") of a <mergeCells>. */
static int read_merges(struct reader *r, xmlNode *list, struct xlsx_sheet *out)
{
	size_t alloc = 0;
	for (xmlNode *m = list->children; m; m = m->next) {
		if (!is(m, "mergeCell"))
			continue;
		const char *ref = attr(r, m, "ref");
		const char *colon = strchr(ref, ':');
		char first[16];
		struct xlsx_merge g;
		if (!colon || (size_t)(colon - ref) >= sizeof(first))
			continue; /* one cell or malformed: nothing is covered */
		memcpy(first, ref, (size_t)(colon - ref));
		first[colon - ref] = 0;
		if (!cell_ref(first, &g.c1, &g.r1) || !cell_ref(colon + 1, &g.c2, &g.r2) ||
		    g.r2 < g.r1 || g.c2 < g.c1)
			continue;
		if (out->nmerges >= XLSX_MERGES_MAX) {
			buf_setf(r->err, "工作表的合并单元格过多（超过 %u 处），已拒绝",
				 XLSX_MERGES_MAX);
			return ZF_ETOOBIG;
		}
		if (out->nmerges == alloc) {
			out->merges = arena_grow(r->a, out->merges, out->nmerges, &alloc,
						 sizeof(*out->merges));
			if (!out->merges)
				return ZF_ENOMEM;
		}
		out->merges[out->nmerges++] = g;
	}
	return 0;
}

int xlsx_read(const void *data, size_t len, const char *sheet, struct arena *arena,
	      struct xlsx_sheet *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	struct reader r = {.a = arena, .err = err};
	int orc = ooxml_open(&r.z, data, len, "工作簿", XLSX_PART_MAX, XLSX_TOTAL_MAX, err);
	if (orc == ZF_EPARSE)
		buf_setf(err, "不是 Excel 工作簿（.xlsx）：无法作为压缩包打开。"
			      "请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后再试");
	if (orc)
		return orc;
	const char *path = NULL, *name = NULL;
	int rc = find_sheet(&r, sheet, &path, &name);
	if (!rc)
		rc = shared_strings(&r);
	struct buf b = BUF_INIT;
	if (!rc) {
		rc = part_read(&r, path, &b);
		if (rc == ZF_ENOENT) {
			buf_setf(err, "工作簿中缺少工作表“%s”的内容（文件损坏）", name);
			rc = ZF_EPARSE;
		}
	}
	xmlDoc *doc = NULL;
	if (!rc && !(doc = xml_parse(&r, path, &b)))
		rc = ZF_EPARSE;
	buf_free(&b);
	out->name = name;
	for (xmlNode *n = doc ? xmlDocGetRootElement(doc)->children : NULL; n && !rc; n = n->next)
		if (is(n, "sheetData"))
			rc = read_rows(&r, n, out);
		else if (is(n, "mergeCells"))
			rc = read_merges(&r, n, out);
	if (doc)
		xmlFreeDoc(doc);
	ooxml_close(&r.z);
	if (rc == ZF_ENOMEM && err && !err->len)
		buf_setf(err, "内存不足，无法读取工作簿");
	if (rc) {
		out->rows = NULL;
		out->nrows = 0;
		out->merges = NULL;
		out->nmerges = 0;
	}
	return rc;
}

const char *xlsx_cell(const struct xlsx_sheet *s, size_t i, size_t col)
{
	if (i >= s->nrows || col >= s->rows[i].ncells)
		return "";
	return s->rows[i].cells[col];
}
