/* xlsx.c: one worksheet of an .xlsx workbook as text (see xlsx.h). The workbook is a zip of
 * XML parts: xl/workbook.xml names the sheets and their relationship ids,
 * xl/_rels/workbook.xml.rels maps those to parts, xl/sharedStrings.xml holds the strings
 * cells refer to by index. Each part is unpacked under a size cap and parsed by libxml2 without
 * network access, and a part with a DTD is refused. */
#include "common.h"
#include "arena.h"
#include "utf8.h"
#include "ingest/xlsx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

struct reader {
	zip_t *zip;
	struct arena *a;
	struct buf *err;
	size_t total;
	const char **sst; /* shared strings */
	size_t nsst;
};

/* Unpacks part `name` into out (NUL-terminated): 0, ZF_ENOENT, ZF_ETOOBIG, ZF_EPARSE. */
static int part_read(struct reader *r, const char *name, struct buf *out)
{
	buf_reset(out);
	zip_int64_t idx = zip_name_locate(r->zip, name, 0);
	if (idx < 0)
		return ZF_ENOENT;
	zip_stat_t zs;
	zip_stat_init(&zs);
	if (zip_stat_index(r->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
	    zs.size > XLSX_PART_MAX) {
		buf_setf(r->err, "工作簿中的“%s”解压后过大（超过 %u MB），已拒绝", name,
			 XLSX_PART_MAX >> 20);
		return ZF_ETOOBIG;
	}
	zip_file_t *f = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
	if (!f) {
		buf_setf(r->err, "无法读取工作簿中的“%s”（文件损坏或已加密）", name);
		return ZF_EPARSE;
	}
	char chunk[16384];
	int rc = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));
		if (n < 0) {
			buf_setf(r->err, "无法解压工作簿中的“%s”（文件损坏）", name);
			rc = ZF_EPARSE;
			break;
		}
		if (n == 0)
			break;
		/* the declared size is not trusted: count what comes out */
		if (out->len + (size_t)n > XLSX_PART_MAX ||
		    r->total + out->len + (size_t)n > XLSX_TOTAL_MAX) {
			buf_setf(r->err, "工作簿解压后过大（超过 %u MB），已拒绝",
				 (out->len + (size_t)n > XLSX_PART_MAX ? XLSX_PART_MAX
								       : XLSX_TOTAL_MAX) >>
				     20);
			rc = ZF_ETOOBIG;
			break;
		}
		if (buf_add(out, chunk, (size_t)n)) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	zip_fclose(f);
	if (!rc)
		r->total += out->len;
	return rc;
}

/* Parses a part as XML: NULL (reason in err) when malformed or carrying a DTD. */
static xmlDoc *xml_parse(struct reader *r, const char *name, const struct buf *b)
{
	if (b->len > INT_MAX)
		return NULL;
	xmlDoc *doc = xmlReadMemory(b->len ? b->p : "", (int)b->len, name, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		buf_setf(r->err, "工作簿中的“%s”不是正确的 XML（文件损坏）", name);
		return NULL;
	}
	if (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc)) {
		buf_setf(r->err, "工作簿中的“%s”含有文档类型定义或为空，已拒绝", name);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static bool is(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* An attribute without namespace, or with any (r:id), by local name; "" when missing.
 * Returns an owned copy from the arena. */
static const char *attr(struct reader *r, xmlNode *n, const char *local)
{
	for (xmlAttr *at = n->properties; at; at = at->next) {
		if (strcmp((const char *)at->name, local) != 0)
			continue;
		xmlChar *v = xmlNodeListGetString(n->doc, at->children, 1);
		const char *s = arena_strdup(r->a, v ? (const char *)v : "");
		xmlFree(v);
		return s ? s : "";
	}
	return "";
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

int xlsx_read(const void *data, size_t len, const char *sheet, struct arena *arena,
	      struct xlsx_sheet *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	struct reader r = {.a = arena, .err = err};
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		r.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
	zip_error_fini(&ze);
	if (!r.zip) {
		if (src)
			zip_source_free(src);
		buf_setf(err, "不是 Excel 工作簿（.xlsx）：无法作为压缩包打开。"
			      "请用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后再试");
		return ZF_EPARSE;
	}
	if (zip_get_num_entries(r.zip, 0) > 10000) {
		zip_discard(r.zip);
		buf_setf(err, "工作簿中的文件过多，已拒绝");
		return ZF_ETOOBIG;
	}
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
	if (doc)
		xmlFreeDoc(doc);
	zip_discard(r.zip);
	if (rc == ZF_ENOMEM && err && !err->len)
		buf_setf(err, "内存不足，无法读取工作簿");
	if (rc) {
		out->rows = NULL;
		out->nrows = 0;
	}
	return rc;
}

const char *xlsx_cell(const struct xlsx_sheet *s, size_t i, size_t col)
{
	if (i >= s->nrows || col >= s->rows[i].ncells)
		return "";
	return s->rows[i].cells[col];
}
