/* docs_io.c: bulk import of a catalogue (CSV, JSON, XLSX) with a report of every refused
 * row, and export of the catalogue for clerks (Excel, CSV). The XLSX reader is a small
 * ZIP (zlib inflate) and SpreadsheetML reader: shared strings, inline strings, numbers. */
#include "common.h"
#include "arena.h"
#include "docs_int.h"
#include "ingest/decode.h"
#include "log.h"
#include "utf8.h"

#include <jansson.h>
#include <xlsxwriter.h>
#include <zlib.h>

#define IMPORT_MAX_ROWS	 100000
#define IMPORT_MAX_CELLS 64
#define XLSX_MAX_PART	 (64u << 20) /* bytes of one inflated part: a zip bomb stops here */

enum col {
	C_TITLE,
	C_INDEX_NO,
	C_DOC_NO,
	C_ISSUER,
	C_WRITTEN,
	C_PUBLISHED,
	C_TOPIC,
	C_GENRE,
	C_KEYWORDS,
	C_SUMMARY,
	C_BODY,
	C_KIND,
	C_VALIDITY,
	C_INVALID_ON,
	C_INVALID_REASON,
	C_EFFECTIVE,
	C_VALID_UNTIL,
	C_AGENCY,
	NCOLS
};

static const struct column {
	const char *key;
	const char *labels[4];
} columns[NCOLS] = {
    [C_TITLE] = {"title", {"名称", "标题", "文件名称", "信息名称"}},
    [C_INDEX_NO] = {"index_no", {"索引号", "信息索引号"}},
    [C_DOC_NO] = {"doc_no", {"文号", "发文字号"}},
    [C_ISSUER] = {"issuer", {"发布机构", "发文机关", "发文单位"}},
    [C_WRITTEN] = {"written_on", {"成文日期", "生成日期", "产生日期"}},
    [C_PUBLISHED] = {"published_on", {"发布日期", "公开日期"}},
    [C_TOPIC] = {"topic", {"主题分类", "信息分类"}},
    [C_GENRE] = {"genre", {"体裁", "文种", "体裁分类"}},
    [C_KEYWORDS] = {"keywords", {"主题词", "关键词"}},
    [C_SUMMARY] = {"summary", {"内容概述", "摘要"}},
    [C_BODY] = {"body", {"正文", "全文"}},
    [C_KIND] = {"kind", {"类别", "文件类别"}},
    [C_VALIDITY] = {"validity", {"有效性", "时效"}},
    [C_INVALID_ON] = {"invalid_on", {"失效日期", "废止日期", "失效或废止日期"}},
    [C_INVALID_REASON] = {"invalid_reason", {"失效或废止理由", "废止理由", "失效理由"}},
    [C_EFFECTIVE] = {"effective_on", {"施行日期"}},
    [C_VALID_UNTIL] = {"valid_until", {"有效期至"}},
    [C_AGENCY] = {"agency", {"机关", "机关编号", "所属机关"}},
};

int docs_io_format_of(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot)
		return -1;
	if (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".txt") || !strcasecmp(dot, ".tsv"))
		return DOC_IO_CSV;
	if (!strcasecmp(dot, ".json"))
		return DOC_IO_JSON;
	if (!strcasecmp(dot, ".xlsx"))
		return DOC_IO_XLSX;
	return -1;
}

/* ---------------------------------------------------------------- a grid of cells */

struct row {
	size_t line;
	size_t n;
	const char **cell;
};

struct grid {
	struct arena *a;
	struct row *rows;
	size_t n, alloc;
	/* the row being filled */
	const char *cells[IMPORT_MAX_CELLS];
	size_t ncells;
	const char *error;
};

static int grid_cell(struct grid *g, size_t col, const char *s, size_t len)
{
	if (col >= IMPORT_MAX_CELLS)
		return 0; /* columns beyond what a catalogue has are ignored */
	while (g->ncells < col)
		g->cells[g->ncells++] = "";
	const char *c = arena_strndup(g->a, s, len);
	if (!c)
		return ZF_ENOMEM;
	if (col < g->ncells)
		g->cells[col] = c;
	else
		g->cells[g->ncells++] = c;
	return 0;
}

static int grid_end_row(struct grid *g, size_t line)
{
	if (g->n >= IMPORT_MAX_ROWS) {
		g->error = arena_printf(g->a, "文件超过 %d 行，请分批导入", IMPORT_MAX_ROWS);
		return ZF_ETOOBIG;
	}
	g->rows = arena_grow(g->a, g->rows, g->n, &g->alloc, sizeof(*g->rows));
	const char **cells = arena_alloc(g->a, (g->ncells + 1) * sizeof(*cells));
	if (!g->rows || !cells)
		return ZF_ENOMEM;
	memcpy(cells, g->cells, g->ncells * sizeof(*cells));
	g->rows[g->n++] = (struct row){line, g->ncells, cells};
	g->ncells = 0;
	return 0;
}

/* ---------------------------------------------------------------- CSV */

/* RFC 4180: quoted fields with "" inside, line breaks inside quotes; the separator is a
 * comma, or a tab when the first line has tabs and no commas. */
static int read_csv(struct grid *g, const char *s, size_t n)
{
	size_t first_nl = 0;
	while (first_nl < n && s[first_nl] != '\n')
		first_nl++;
	char sep = memchr(s, '\t', first_nl) && !memchr(s, ',', first_nl) ? '\t' : ',';
	struct buf field = BUF_INIT;
	size_t line = 1, row_line = 1, col = 0, i = 0;
	int rc = 0;
	bool any = false;
	while (i <= n && !rc) {
		if (i == n || s[i] == '\n' || (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ||
		    s[i] == sep) {
			bool end_row = i == n || s[i] != sep;
			rc = grid_cell(g, col++, field.p ? field.p : "", field.len);
			buf_reset(&field);
			if (!rc && end_row) {
				/* blank lines are skipped */
				bool blank = col == 1 && !g->cells[0][0];
				if (!blank)
					rc = grid_end_row(g, row_line);
				else
					g->ncells = 0;
				col = 0;
				if (i < n && s[i] == '\r')
					i++;
				line++;
				row_line = line;
			}
			i++;
			any = true;
			continue;
		}
		if (s[i] == '"' && field.len == 0) {
			/* a quoted field */
			i++;
			for (;;) {
				if (i >= n) {
					g->error =
					    arena_printf(g->a, "第 %zu 行的引号没有结束", row_line);
					rc = ZF_EPARSE;
					break;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						buf_addch(&field, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (s[i] == '\n')
					line++;
				buf_addch(&field, s[i++]);
			}
			continue;
		}
		buf_addch(&field, s[i++]);
	}
	ZF_UNUSED(any);
	buf_free(&field);
	return rc ? rc : field.failed ? ZF_ENOMEM : 0;
}

/* ---------------------------------------------------------------- XLSX */

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* Finds the part `name` in a ZIP archive and inflates it into out. ZF_ENOENT when there
 * is none, ZF_EPARSE for a damaged archive, ZF_ETOOBIG past XLSX_MAX_PART. */
static int zip_part(const unsigned char *z, size_t n, const char *name, struct buf *out)
{
	if (n < 22)
		return ZF_EPARSE;
	size_t eocd = n - 22, stop = n > 65557 ? n - 65557 : 0;
	while (le32(z + eocd) != 0x06054b50) {
		if (eocd == stop)
			return ZF_EPARSE;
		eocd--;
	}
	size_t count = le16(z + eocd + 10), off = le32(z + eocd + 16), nlen = strlen(name);
	for (size_t k = 0; k < count; k++) {
		if (off + 46 > n || le32(z + off) != 0x02014b50)
			return ZF_EPARSE;
		uint32_t method = le16(z + off + 10), csize = le32(z + off + 20),
			 usize = le32(z + off + 24), fl = le16(z + off + 28),
			 xl = le16(z + off + 30), cl = le16(z + off + 32),
			 local = le32(z + off + 42);
		if (off + 46 + fl > n)
			return ZF_EPARSE;
		bool match = fl == nlen && !memcmp(z + off + 46, name, nlen);
		off += 46 + fl + xl + cl;
		if (!match)
			continue;
		if ((size_t)local + 30 > n || le32(z + local) != 0x04034b50)
			return ZF_EPARSE;
		size_t data = local + 30 + le16(z + local + 26) + le16(z + local + 28);
		if (data > n || csize > n - data)
			return ZF_EPARSE;
		if (usize > XLSX_MAX_PART)
			return ZF_ETOOBIG;
		buf_reset(out);
		if (method == 0)
			return buf_add(out, z + data, csize);
		if (method != 8)
			return ZF_EPARSE;
		z_stream zs = {0};
		if (inflateInit2(&zs, -15) != Z_OK)
			return ZF_ENOMEM;
		zs.next_in = (Bytef *)(z + data);
		zs.avail_in = csize;
		unsigned char chunk[16384];
		int zrc;
		for (;;) {
			zs.next_out = chunk;
			zs.avail_out = sizeof(chunk);
			zrc = inflate(&zs, Z_NO_FLUSH);
			if (zrc != Z_OK && zrc != Z_STREAM_END)
				break;
			if (buf_add(out, chunk, sizeof(chunk) - zs.avail_out) ||
			    out->len > XLSX_MAX_PART) {
				zrc = Z_MEM_ERROR;
				break;
			}
			if (zrc == Z_STREAM_END)
				break;
			if (zs.avail_in == 0 && zs.avail_out != 0) {
				zrc = Z_DATA_ERROR; /* truncated */
				break;
			}
		}
		inflateEnd(&zs);
		if (zrc == Z_MEM_ERROR)
			return out->len > XLSX_MAX_PART ? ZF_ETOOBIG : ZF_ENOMEM;
		return zrc == Z_STREAM_END ? 0 : ZF_EPARSE;
	}
	return ZF_ENOENT;
}

/* Appends the text of XML character data s[0..n) with entities decoded. */
static void xml_text(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '&') {
			buf_addch(out, s[i]);
			continue;
		}
		const char *semi = memchr(s + i, ';', ZF_MIN(n - i, (size_t)12));
		if (!semi) {
			buf_addch(out, '&');
			continue;
		}
		struct str ent = {s + i + 1, (size_t)(semi - s - i - 1)};
		uint32_t cp = 0;
		if (str_eq_c(ent, "amp"))
			cp = '&';
		else if (str_eq_c(ent, "lt"))
			cp = '<';
		else if (str_eq_c(ent, "gt"))
			cp = '>';
		else if (str_eq_c(ent, "quot"))
			cp = '"';
		else if (str_eq_c(ent, "apos"))
			cp = '\'';
		else if (ent.len > 1 && ent.p[0] == '#')
			cp = (uint32_t)strtoul(ent.p + 1 + (ent.p[1] == 'x'), NULL,
					       ent.p[1] == 'x' ? 16 : 10);
		char enc[4];
		size_t l = cp ? utf8_encode(cp, enc) : 0;
		if (!l) {
			buf_addch(out, '&');
			continue;
		}
		buf_add(out, enc, l);
		i = (size_t)(semi - s);
	}
}

/* The next element <tag ...> at or after p (before end): its start, or NULL. Matches the
 * whole name ("<c" does not match "<cols"). */
static const char *find_tag(const char *p, const char *end, const char *tag)
{
	size_t tl = strlen(tag);
	while (p && p < end) {
		const char *q = memmem(p, (size_t)(end - p), tag, tl);
		if (!q || q + tl >= end)
			return NULL;
		char c = q[tl];
		if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r')
			return q;
		p = q + tl;
	}
	return NULL;
}

/* The value of attribute name in the start tag at p (up to its '>'); "" when absent. */
static struct str attr(const char *p, const char *end, const char *name)
{
	const char *gt = memchr(p, '>', (size_t)(end - p));
	size_t nl = strlen(name);
	for (const char *q = p; gt && q + nl + 2 < gt; q++) {
		if ((q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n') && !memcmp(q, name, nl) &&
		    q[nl] == '=' && (q[nl + 1] == '"' || q[nl + 1] == '\'')) {
			const char *v = q + nl + 2, *e = memchr(v, q[nl + 1], (size_t)(gt - v));
			if (e)
				return (struct str){v, (size_t)(e - v)};
		}
	}
	return STR_LIT("");
}

/* Appends the text of every <t> in [p, end), skipping phonetic runs (<rPh>). */
static void collect_t(struct buf *out, const char *p, const char *end)
{
	for (;;) {
		const char *t = find_tag(p, end, "<t"), *ph = find_tag(p, end, "<rPh");
		if (!t)
			return;
		if (ph && ph < t) {
			const char *close = memmem(ph, (size_t)(end - ph), "</rPh>", 6);
			if (!close)
				return;
			p = close + 6;
			continue;
		}
		const char *gt = memchr(t, '>', (size_t)(end - t));
		if (!gt)
			return;
		if (gt[-1] == '/') { /* <t/> */
			p = gt + 1;
			continue;
		}
		const char *close = memmem(gt, (size_t)(end - gt), "</t>", 4);
		if (!close)
			return;
		xml_text(out, gt + 1, (size_t)(close - gt - 1));
		p = close + 4;
	}
}

/* Column index of a cell reference "BC12" (0-based), or -1. */
static long col_of(struct str ref)
{
	long c = 0;
	size_t i = 0;
	while (i < ref.len && ref.p[i] >= 'A' && ref.p[i] <= 'Z' && c < 100000)
		c = c * 26 + (ref.p[i++] - 'A' + 1);
	return i ? c - 1 : -1;
}

static int read_xlsx(struct grid *g, const unsigned char *z, size_t n)
{
	struct buf part = BUF_INIT, text = BUF_INIT;
	const char **shared = NULL;
	size_t nshared = 0, ashared = 0;
	int rc = zip_part(z, n, "xl/sharedStrings.xml", &part);
	if (rc == 0 && part.p) {
		const char *p = part.p, *end = part.p + part.len;
		while ((p = find_tag(p, end, "<si"))) {
			const char *close = memmem(p, (size_t)(end - p), "</si>", 5);
			if (!close)
				break;
			buf_reset(&text);
			collect_t(&text, p, close);
			shared = arena_grow(g->a, shared, nshared, &ashared, sizeof(*shared));
			if (!shared || !(shared[nshared++] = arena_strdup(g->a, buf_cstr(&text)))) {
				rc = ZF_ENOMEM;
				break;
			}
			p = close + 5;
		}
	} else if (rc == ZF_ENOENT) {
		rc = 0; /* a sheet of numbers and inline strings only */
	}
	if (!rc) {
		rc = zip_part(z, n, "xl/worksheets/sheet1.xml", &part);
		if (rc == ZF_ENOENT)
			g->error = "不是 Excel 工作簿（.xlsx），或找不到第一张工作表";
	}
	if (rc && !g->error)
		g->error = rc == ZF_ETOOBIG ? "Excel 文件解压后过大" : "Excel 文件已损坏，无法读取";
	/* part.p is NULL when no part was read: no arithmetic on it */
	const char *p = rc || !part.p ? NULL : part.p, *end = part.p ? part.p + part.len : NULL;
	size_t line = 0;
	while (!rc && (p = find_tag(p, end, "<row"))) {
		const char *gt = memchr(p, '>', (size_t)(end - p));
		if (!gt)
			break;
		long r = 0;
		struct str rs = attr(p, end, "r");
		line = rs.len ? strtoul(rs.p, NULL, 10) : line + 1;
		const char *close =
		    gt[-1] == '/' ? gt : memmem(gt, (size_t)(end - gt), "</row>", 6);
		if (!close)
			break;
		const char *c = gt;
		long next = 0;
		while ((c = find_tag(c, close, "<c"))) {
			const char *cgt = memchr(c, '>', (size_t)(close - c));
			if (!cgt)
				break;
			struct str ref = attr(c, close, "r"), type = attr(c, close, "t");
			long col = ref.len ? col_of(ref) : next;
			next = col + 1;
			const char *cend =
			    cgt[-1] == '/' ? cgt : memmem(cgt, (size_t)(close - cgt), "</c>", 4);
			if (!cend)
				break;
			buf_reset(&text);
			if (str_eq_c(type, "inlineStr")) {
				collect_t(&text, cgt, cend);
			} else {
				const char *v = find_tag(cgt, cend, "<v");
				const char *vgt = v ? memchr(v, '>', (size_t)(cend - v)) : NULL;
				const char *vend =
				    vgt ? memmem(vgt, (size_t)(cend - vgt), "</v>", 4) : NULL;
				if (vend) {
					struct buf raw = BUF_INIT;
					xml_text(&raw, vgt + 1, (size_t)(vend - vgt - 1));
					if (str_eq_c(type, "s")) {
						unsigned long k = strtoul(buf_cstr(&raw), NULL, 10);
						if (k < nshared)
							buf_adds(&text, shared[k]);
					} else {
						buf_addstr(&text, buf_str(&raw));
					}
					buf_free(&raw);
				}
			}
			if (col >= 0 && (rc = grid_cell(g, (size_t)col, buf_cstr(&text), text.len)))
				break;
			c = cend;
			r++;
		}
		if (!rc && g->ncells)
			rc = grid_end_row(g, line);
		g->ncells = 0;
		p = close;
	}
	buf_free(&part);
	buf_free(&text);
	return rc;
}

/* ---------------------------------------------------------------- rows to documents */

/* A date as catalogues write it: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 (a time
 * after it is ignored), or an Excel serial day number. 0 or ZF_EPARSE. */
static int loose_date(const char *s, zf_day *out)
{
	struct str t = str_trim(str_c(s));
	char *end = NULL;
	/* Excel: days since 1899-12-30 (the 1900 leap-year bug included) */
	double serial = strtod(t.p, &end);
	if (t.len && end == t.p + t.len && serial >= 1 && serial < 80000 && !strchr(t.p, '-')) {
		*out = date_from_ymd(1899, 12, 30) + (zf_day)serial;
		return 0;
	}
	int v[3] = {0, 0, 0}, k = 0;
	size_t i = 0;
	while (i < t.len && k < 3) {
		if (t.p[i] < '0' || t.p[i] > '9')
			return ZF_EPARSE;
		int x = 0, digits = 0;
		while (i < t.len && t.p[i] >= '0' && t.p[i] <= '9' && digits < 5) {
			x = x * 10 + (t.p[i++] - '0');
			digits++;
		}
		v[k++] = x;
		if (k == 3)
			break;
		/* separators: - / . or 年 月 */
		if (i < t.len && (t.p[i] == '-' || t.p[i] == '/' || t.p[i] == '.'))
			i++;
		else if (i + 3 <= t.len && (!memcmp(t.p + i, "年", 3) || !memcmp(t.p + i, "月", 3)))
			i += 3;
		else
			return ZF_EPARSE;
	}
	if (k != 3 || v[0] < 1900 || v[0] > 2199 || !date_valid(v[0], v[1], v[2]))
		return ZF_EPARSE;
	*out = date_from_ymd(v[0], v[1], v[2]);
	return 0;
}

struct import_ctx {
	struct store *st;
	struct arena *a;
	const char *actor;
	long long default_agency;
	const long long *allowed; /* NULL: every agency */
	size_t nallowed;
	struct agency *agencies;
	size_t nagencies;
	struct doc_import_report *out;
	size_t alloc; /* of out->lines */
};

static const char *cell(const char **row, enum col c)
{
	const char *s = row[c];
	return s ? s : "";
}

static int refuse(struct import_ctx *x, size_t line, const char *title, const char *fmt, ...)
    ZF_PRINTF(4, 5);

static int add_line(struct import_ctx *x, size_t line, const char *title, bool ok, long long id,
		    const char *reason)
{
	struct doc_import_report *r = x->out;
	r->lines = arena_grow(x->a, r->lines, r->n, &x->alloc, sizeof(*r->lines));
	if (!r->lines)
		return ZF_ENOMEM;
	r->lines[r->n++] = (struct doc_import_line){line, ok, id, title, reason ? reason : ""};
	if (ok)
		r->imported++;
	else
		r->rejected++;
	return 0;
}

static int refuse(struct import_ctx *x, size_t line, const char *title, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *reason = arena_strdup(x->a, buf_cstr(&b));
	buf_free(&b);
	return add_line(x, line, title, false, 0, reason);
}

static long long agency_of(struct import_ctx *x, const char *s)
{
	struct str t = str_trim(str_c(s));
	if (!t.len)
		return x->default_agency;
	long v = 0;
	for (size_t i = 0; i < x->nagencies; i++) {
		if (!str_to_long(t, &v) && v == x->agencies[i].id)
			return v;
		if (str_eq_c(t, x->agencies[i].name))
			return x->agencies[i].id;
	}
	return -1;
}

/* Checks one row and imports it (a savepoint of its own). */
static int import_row(struct import_ctx *x, size_t line, const char **row)
{
	struct doc_fields f = {0};
	struct arena *a = x->a;
	const char *title = arena_strdup(a, str_trim(str_c(cell(row, C_TITLE))).p);
	f.title = cell(row, C_TITLE);
	f.summary = cell(row, C_SUMMARY);
	f.body = cell(row, C_BODY);
	f.issuer = cell(row, C_ISSUER);
	f.doc_no = cell(row, C_DOC_NO);
	f.genre = cell(row, C_GENRE);
	f.keywords = cell(row, C_KEYWORDS);
	f.topic = cell(row, C_TOPIC);
	if (!title)
		return ZF_ENOMEM;
	f.agency_id = agency_of(x, cell(row, C_AGENCY));
	if (f.agency_id <= 0)
		return refuse(x, line, title, f.agency_id < 0 ? "机关“%s”不存在" : "%s没有指明机关",
			      f.agency_id < 0 ? cell(row, C_AGENCY) : "");
	bool permitted = !x->allowed;
	for (size_t i = 0; i < x->nallowed; i++)
		permitted |= x->allowed[i] == f.agency_id;
	if (!permitted)
		return refuse(x, line, title, "您没有在机关（编号 %lld）导入文件的权限",
			      f.agency_id);
	int k = doc_kind_parse(str_trim(str_c(cell(row, C_KIND))).len ? cell(row, C_KIND) : "");
	if (k < 0)
		return refuse(x, line, title, "类别“%s”不对，应为规章、行政规范性文件或其他",
			      cell(row, C_KIND));
	f.kind = (enum doc_kind)k;
	static const struct {
		enum col c;
		const char *what;
	} dates[] = {{C_WRITTEN, "成文日期"},
		     {C_PUBLISHED, "发布日期"},
		     {C_EFFECTIVE, "施行日期"},
		     {C_VALID_UNTIL, "有效期至"},
		     {C_INVALID_ON, "失效日期"}};
	zf_day d[ARRAY_SIZE(dates)] = {0};
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++) {
		const char *s = cell(row, dates[i].c);
		if (str_trim(str_c(s)).len && loose_date(s, &d[i]))
			return refuse(x, line, title, "%s“%s”无法识别，应写作 2024-03-01",
				      dates[i].what, s);
	}
	f.written_on = d[0];
	f.effective_on = d[2];
	f.valid_until = d[3];
	zf_day published = d[1], invalid_on = d[4];
	int v = str_trim(str_c(cell(row, C_VALIDITY))).len
		    ? doc_validity_parse(cell(row, C_VALIDITY))
		    : DOC_VALID;
	if (v < 0)
		return refuse(x, line, title, "有效性“%s”不对，应为有效、失效或废止",
			      cell(row, C_VALIDITY));
	if (!published && v != DOC_VALID)
		return refuse(x, line, title, "未发布的文件不能标注为%s",
			      doc_validity_label((enum doc_validity)v));
	if (v != DOC_VALID && !invalid_on)
		return refuse(x, line, title, "%s的文件须注明失效或废止日期",
			      doc_validity_label((enum doc_validity)v));
	if (v == DOC_VALID && invalid_on)
		return refuse(x, line, title, "有效的文件不应有失效日期");
	struct buf err = BUF_INIT;
	int rc = docs_check_fields(&f, &err);
	if (rc) {
		rc = refuse(x, line, title, "%s", buf_cstr(&err));
		buf_free(&err);
		return rc;
	}
	/* duplicates: the same 索引号, or the same 文号 in the same agency */
	const char *index_no = str_trim(str_c(cell(row, C_INDEX_NO))).len
				   ? arena_strdup(a, str_trim(str_c(cell(row, C_INDEX_NO))).p)
				   : NULL;
	long long other = 0;
	if (index_no && !store_doc_by_index_no(x->st, index_no, &other)) {
		buf_free(&err);
		return refuse(x, line, title, "索引号“%s”已被文件（编号 %lld）使用", index_no,
			      other);
	}
	if (*str_trim(str_c(f.doc_no)).p) {
		struct doc_search q = {.q = f.doc_no, .filter = doc_filter_any()};
		struct doc_hits h;
		long long ag = f.agency_id;
		q.filter.agencies = &ag;
		q.filter.nagencies = 1;
		if (!store_doc_search(x->st, a, &q, &h) && h.how == DOC_SEARCH_DOC_NO && h.n) {
			buf_free(&err);
			return refuse(x, line, title, "文号“%s”已被本机关的文件（编号 %lld）使用",
				      h.hits[0].doc.f.doc_no, h.hits[0].doc.id);
		}
	}
	long long id = 0;
	buf_reset(&err);
	if (published) {
		/* the document, its reason and its history line: one write */
		rc = store_write_begin(x->st);
		if (!rc)
			rc = docs_insert_published(
			    x->st, &f, published, index_no, (enum doc_validity)v, invalid_on,
			    v != DOC_VALID ? cell(row, C_INVALID_REASON) : NULL, &id, &err);
		if (!rc) {
			char *detail = arena_printf(a, "第 %zu 行", line);
			rc = docs_record(x->st, id, x->actor, "imported", detail ? detail : "");
		}
		rc = store_write_end(x->st, rc);
	} else {
		if (index_no) {
			buf_free(&err);
			return refuse(x, line, title, "未发布的文件不应有索引号（发布时自动生成）");
		}
		rc = store_doc_add(x->st, x->actor, &f, &id, &err);
	}
	if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		rc = refuse(x, line, title, "%s", err.len ? buf_cstr(&err) : "不符合要求");
	} else if (!rc) {
		rc = add_line(x, line, title, true, id, NULL);
	}
	buf_free(&err);
	return rc;
}

/* Maps the header row to columns: map[i] = the column of cell i, or -1. */
static int header(struct grid *g, const struct row *h, int *map, struct doc_import_report *out)
{
	bool title = false;
	for (size_t i = 0; i < h->n && i < IMPORT_MAX_CELLS; i++) {
		map[i] = -1;
		struct str name = str_trim(str_c(h->cell[i]));
		/* "*名称" marks a required column in templates; a BOM may start the file */
		if (name.len >= 3 && !memcmp(name.p, "\xEF\xBB\xBF", 3))
			name.p += 3, name.len -= 3;
		while (name.len && (name.p[0] == '*' || name.p[0] == ' '))
			name.p++, name.len--;
		if (name.len >= 3 && !memcmp(name.p, "＊", 3))
			name.p += 3, name.len -= 3;
		for (int c = 0; c < NCOLS; c++) {
			bool hit = str_eq_c(name, columns[c].key);
			for (size_t l = 0; !hit && l < 4 && columns[c].labels[l]; l++)
				hit = str_eq_c(name, columns[c].labels[l]);
			if (hit) {
				map[i] = c;
				title |= c == C_TITLE;
			}
		}
	}
	if (!title) {
		out->error = arena_printf(g->a,
					  "第 %zu 行（表头）没有“名称”列。表头应含 名称、"
					  "成文日期 等列（见导入说明）",
					  h->line);
		return ZF_EPARSE;
	}
	return 0;
}

int store_doc_import(struct store *st, struct arena *a, const char *actor, enum doc_io_format fmt,
		     const unsigned char *data, size_t len, long long default_agency,
		     const long long *allowed, size_t nallowed, bool dry_run,
		     struct doc_import_report *out)
{
	memset(out, 0, sizeof(*out));
	struct grid g = {.a = a};
	struct import_ctx x = {st, a, actor, default_agency, allowed, nallowed, NULL, 0, out, 0};
	if (!actor || !*actor)
		return ZF_EINVAL;
	int rc = store_agency_list(st, a, &x.agencies, &x.nagencies);
	if (rc)
		return rc;
	json_t *root = NULL;
	if (fmt == DOC_IO_CSV) {
		struct buf text = BUF_INIT;
		struct decode_info info;
		rc = ingest_decode((const char *)data, len, &text, &info);
		if (!rc && info.binary)
			g.error = "不是文本文件（CSV 应为 UTF-8 或 GB18030 编码的文本）";
		if (!rc && !g.error)
			rc = read_csv(&g, text.p ? text.p : "", text.len);
		buf_free(&text);
	} else if (fmt == DOC_IO_XLSX) {
		rc = read_xlsx(&g, data, len);
	} else if (fmt == DOC_IO_JSON) {
		json_error_t jerr;
		root = json_loadb((const char *)data, len, 0, &jerr);
		if (!root || !json_is_array(root))
			g.error = root ? "JSON 文件应为一个数组，每个元素是一份文件"
				       : arena_printf(a, "JSON 格式错误（第 %d 行）：%s", jerr.line,
						      jerr.text);
	} else {
		return ZF_EINVAL;
	}
	if (g.error || rc == ZF_EPARSE) {
		out->error = g.error ? g.error : "文件无法读取";
		json_decref(root);
		return ZF_EPARSE;
	}
	if (rc) {
		json_decref(root);
		return rc;
	}
	rc = store_batch_begin(st);
	if (rc) {
		json_decref(root);
		return rc;
	}
	if (root) {
		size_t i;
		json_t *obj;
		json_array_foreach(root, i, obj)
		{
			const char *row[NCOLS] = {0};
			const char *key;
			json_t *val;
			if (!json_is_object(obj)) {
				rc = refuse(&x, i + 1, "", "不是对象（应为 {\"名称\": …}）");
				continue;
			}
			json_object_foreach(obj, key, val)
			{
				for (int c = 0; c < NCOLS; c++) {
					bool hit = !strcmp(key, columns[c].key);
					for (size_t l = 0; !hit && l < 4 && columns[c].labels[l];
					     l++)
						hit = !strcmp(key, columns[c].labels[l]);
					if (!hit)
						continue;
					if (json_is_string(val))
						row[c] = json_string_value(val);
					else if (json_is_integer(val))
						row[c] = arena_printf(
						    a, "%lld", (long long)json_integer_value(val));
				}
			}
			rc = import_row(&x, i + 1, row);
			if (rc)
				break;
		}
	} else if (g.n) {
		int map[IMPORT_MAX_CELLS];
		rc = header(&g, &g.rows[0], map, out);
		for (size_t r = 1; !rc && r < g.n; r++) {
			const char *row[NCOLS] = {0};
			for (size_t i = 0; i < g.rows[r].n && i < g.rows[0].n; i++)
				if (map[i] >= 0)
					row[map[i]] = g.rows[r].cell[i];
			rc = import_row(&x, g.rows[r].line, row);
		}
	} else {
		out->error = "文件是空的";
		rc = ZF_EPARSE;
	}
	if (!rc && !dry_run && out->imported) {
		char detail[96];
		snprintf(detail, sizeof(detail), "导入 %zu 份，拒绝 %zu 份", out->imported,
			 out->rejected);
		rc = store_audit(st, actor, "doc.import", "docs", detail);
	}
	json_decref(root);
	if (rc || dry_run) {
		store_batch_rollback(st);
		if (dry_run)
			for (size_t i = 0; i < out->n; i++)
				out->lines[i].id = 0;
		return rc;
	}
	return store_batch_commit(st);
}

/* ---------------------------------------------------------------- export */

static const char *const export_heads[] = {
    "编号", "索引号", "名称",	"文号",		  "发布机构", "成文日期", "发布日期", "主题分类",
    "体裁", "类别",   "有效性", "失效或废止日期", "主题词",   "内容概述", "状态",     "机关",
};

/* The values of one document, in export_heads order (strings from a). */
static void export_row(struct arena *a, const struct doc *d, const char **v)
{
	char day[11];
	const struct doc_topic *t = *d->f.topic ? doc_topic_find(d->f.topic) : NULL;
	char topic[256] = "";
	if (t)
		doc_topic_display(t, topic, sizeof(topic));
	v[0] = arena_printf(a, "%lld", d->id);
	v[1] = d->index_no;
	v[2] = d->f.title;
	v[3] = d->f.doc_no;
	v[4] = d->f.issuer;
	v[5] = arena_strdup(a, d->f.written_on ? date_format(d->f.written_on, day) : "");
	v[6] = arena_strdup(a, d->published_on ? date_format(d->published_on, day) : "");
	v[7] = arena_strdup(a, topic);
	v[8] = d->f.genre;
	v[9] = doc_kind_label(d->f.kind);
	v[10] = d->state == DOC_PUBLISHED ? doc_validity_label(d->validity) : "";
	v[11] = arena_strdup(a, d->invalid_on ? date_format(d->invalid_on, day) : "");
	v[12] = d->f.keywords;
	v[13] = d->f.summary;
	v[14] = doc_state_label(d->state);
	v[15] = d->agency_name;
	for (size_t i = 0; i < ARRAY_SIZE(export_heads); i++)
		if (!v[i])
			v[i] = "";
}

static void csv_field(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	/* a leading = + - @ would be a formula when the file is opened in Excel */
	bool guard = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	if (!quote && !guard) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int store_doc_export(struct store *st, const struct doc_filter *f, enum doc_io_format fmt,
		     const char *path, size_t *n, struct buf *err)
{
	size_t count = 0;
	if (fmt != DOC_IO_XLSX && fmt != DOC_IO_CSV)
		return ZF_EINVAL;
	FILE *csv = NULL;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws = NULL;
	lxw_format *head = NULL, *wrap = NULL;
	if (fmt == DOC_IO_CSV) {
		csv = fopen(path, "w");
		if (!csv) {
			buf_setf(err, "无法写入文件 %s：%s", path, strerror(errno));
			return ZF_EIO;
		}
		fputs("\xEF\xBB\xBF", csv); /* Excel reads UTF-8 only with a BOM */
	} else {
		wb = workbook_new(path);
		if (!wb) {
			buf_setf(err, "无法创建 Excel 文件 %s", path);
			return ZF_EIO;
		}
		lxw_doc_properties props = {.title = "主动公开目录", .comments = "由 zfxxgk 导出"};
		workbook_set_properties(wb, &props);
		ws = workbook_add_worksheet(wb, "主动公开目录");
		head = workbook_add_format(wb);
		format_set_bold(head);
		format_set_bg_color(head, 0xF2F2F2);
		format_set_border(head, LXW_BORDER_THIN);
		wrap = workbook_add_format(wb);
		format_set_text_wrap(wrap);
		format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
		static const double widths[] = {8,  24, 50, 22, 24, 12, 12, 24,
						10, 14, 8,  14, 20, 60, 8,  24};
		for (size_t i = 0; i < ARRAY_SIZE(widths); i++)
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
		worksheet_freeze_panes(ws, 1, 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(export_heads); i++) {
		if (csv) {
			if (i)
				fputc(',', csv);
			csv_field(csv, export_heads[i]);
		} else {
			worksheet_write_string(ws, 0, (lxw_col_t)i, export_heads[i], head);
		}
	}
	if (csv)
		fputs("\r\n", csv);
	struct doc_filter page = *f;
	page.limit = 500;
	page.offset = 0;
	int rc = 0;
	for (;;) {
		struct arena *a = arena_new(0);
		struct doc_list l;
		rc = a ? store_doc_list(st, a, &page, &l) : ZF_ENOMEM;
		for (size_t k = 0; !rc && k < l.n; k++) {
			const char *v[ARRAY_SIZE(export_heads)];
			export_row(a, &l.docs[k], v);
			count++;
			for (size_t i = 0; i < ARRAY_SIZE(export_heads); i++) {
				if (csv) {
					if (i)
						fputc(',', csv);
					csv_field(csv, v[i]);
				} else if (i == 0) {
					worksheet_write_number(ws, (lxw_row_t)count, 0,
							       (double)l.docs[k].id, NULL);
				} else {
					worksheet_write_string(ws, (lxw_row_t)count, (lxw_col_t)i,
							       v[i], i == 13 ? wrap : NULL);
				}
			}
			if (csv)
				fputs("\r\n", csv);
		}
		size_t got = rc ? 0 : l.n;
		arena_free(a);
		if (rc || got < page.limit)
			break;
		page.offset += got;
	}
	if (ws && count)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)count,
				     (lxw_col_t)(ARRAY_SIZE(export_heads) - 1));
	if (csv && (fclose(csv) != 0) && !rc) {
		buf_setf(err, "无法写入文件 %s", path);
		rc = ZF_EIO;
	}
	if (wb) {
		lxw_error e = workbook_close(wb);
		if (e && !rc) {
			buf_setf(err, "无法写入 Excel 文件 %s（%s）", path, lxw_strerror(e));
			rc = ZF_EIO;
		}
	}
	if (rc && !err->len)
		buf_setf(err, "导出失败：%s", zf_strerror(rc));
	if (n)
		*n = count;
	return rc;
}
