/* docx.c: Word and Excel reports as text in the pipe layout (see container.h).
 *
 * Word (.docx): word/document.xml is walked in document order. A paragraph becomes a line (the
 * text of its runs joined without a gap, a tab as a space, a break as a new line); a table row
 * becomes one line of cells, each followed by " |", as html.c writes an HTML table: a cell
 * spanning columns (gridSpan) appears once, and the continuation of a cell spanning rows
 * (vMerge) is left out, as an HTML row leaves out the cells a rowspan covers. A table nested in
 * a cell ends the outer row's line, its rows follow on lines of their own. Each cell's text is
 * anchored to (table, row, grid column), paragraphs outside tables to plain text.
 *
 * Excel (.xlsx): every sheet (xlsx.h), each row a pipe line, cells covered by a merged range
 * other than its first left out; anchors name (sheet, row, column).
 *
 * Legacy compound files (.doc, WPS .wps, .xls) are converted to .docx or .xlsx by LibreOffice
 * in a private temporary directory, then read as above. */
#include "common.h"
#include "arena.h"
#include "ingest/container.h"
#include "ingest/ooxml.h"
#include "ingest/xlsx.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DOCX_PART_MAX  (16u << 20)
#define DOCX_TOTAL_MAX (48u << 20)
#define DOCX_DEPTH     64 /* elements followed below a block (libxml2 stops at 256) */
#define SHEETS_MAX     16 /* sheets of a workbook read */

extern char **environ;

/* ---- Word ---- */

struct wd {
	struct container_out *o;
	struct buf *t;
	uint32_t ntables;
	unsigned depth;
	bool in_cell;
	bool cell_had_table; /* the current cell held a table: its bar is not written */
	bool pending_space;  /* a space before the next text (between cells, paragraphs) */
	bool images;	     /* a drawing or picture was seen */
	int rc;
};

static void put(struct wd *w, const char *s, size_t n)
{
	if (!w->rc && n)
		w->rc = buf_add(w->t, s, n);
}

static char last(const struct wd *w)
{
	return w->t->len ? w->t->p[w->t->len - 1] : '\n';
}

static void end_line(struct wd *w)
{
	w->pending_space = false;
	if (last(w) != '\n')
		put(w, "\n", 1);
}

/* A line break: inside a cell the cell stays on its line. */
static void line_break(struct wd *w)
{
	if (w->in_cell)
		w->pending_space = true;
	else
		end_line(w);
}

/* Appends text, controls as spaces; in a cell a "|" becomes "｜" (the separator stays
 * unambiguous, as html.c does). */
static void put_text(struct wd *w, const char *s)
{
	size_t n = strlen(s);
	if (!n)
		return;
	if (w->pending_space) {
		w->pending_space = false;
		if (last(w) != '\n' && last(w) != ' ')
			put(w, " ", 1);
	}
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') {
			put(w, s + run, i - run);
			put(w, " ", 1);
			run = i + 1;
		} else if (c == '|' && w->in_cell) {
			put(w, s + run, i - run);
			put(w, "\xEF\xBD\x9C", 3);
			run = i + 1;
		}
	}
	put(w, s + run, n - run);
}

static void put_content(struct wd *w, xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	if (!v) {
		w->rc = ZF_ENOMEM;
		return;
	}
	put_text(w, (const char *)v);
	xmlFree(v);
}

/* Elements whose text is not the document's: deleted text, field codes, ruby (pinyin) above
 * the base text, the fallback copy of a drawing, properties. */
static bool skipped(const xmlNode *n)
{
	static const char *const skip[] = {"delText",  "delInstrText", "instrText", "rt",
					   "Fallback", "rPr",	       "pPr",	    "tblPr",
					   "trPr",     "tcPr",	       "sectPr",    "fldData"};
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		if (ooxml_is(n, skip[i]))
			return true;
	return false;
}

static void table(struct wd *w, xmlNode *tbl);

/* The text of a paragraph's runs (and of what a run may hold: hyperlinks, fields, text boxes). */
static void inline_text(struct wd *w, xmlNode *n)
{
	if (++w->depth > DOCX_DEPTH) {
		w->depth--;
		return;
	}
	for (xmlNode *c = n->children; c && !w->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (ooxml_is(c, "t")) {
			put_content(w, c);
		} else if (ooxml_is(c, "tab") || ooxml_is(c, "ptab")) {
			w->pending_space = true;
		} else if (ooxml_is(c, "br") || ooxml_is(c, "cr")) {
			line_break(w);
		} else if (ooxml_is(c, "noBreakHyphen")) {
			put_text(w, "-");
		} else if (ooxml_is(c, "p")) { /* a text box's paragraph */
			w->pending_space = true;
			inline_text(w, c);
			w->pending_space = true;
		} else {
			if (ooxml_is(c, "drawing") || ooxml_is(c, "pict") || ooxml_is(c, "object"))
				w->images = true;
			inline_text(w, c);
		}
	}
	w->depth--;
}

static void paragraph(struct wd *w, xmlNode *p)
{
	if (w->in_cell) {
		/* a cell's paragraphs join with a space, as html.c joins a cell's <p>s */
		if (last(w) != '|' && last(w) != '\n')
			w->pending_space = true;
		inline_text(w, p);
		return;
	}
	struct container_out *o = w->o;
	if (!o->nanchors || o->anchors[o->nanchors - 1].src != REPORT_SRC_TEXT)
		container_anchor(o, REPORT_SRC_TEXT, 0, 0, 0);
	inline_text(w, p);
	end_line(w);
}

/* Paragraphs and tables below n, through the wrappers that may hold them (content controls,
 * custom XML, tracked insertions). */
static void blocks(struct wd *w, xmlNode *n)
{
	if (++w->depth > DOCX_DEPTH) {
		w->depth--;
		return;
	}
	for (xmlNode *c = n->children; c && !w->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (ooxml_is(c, "p"))
			paragraph(w, c);
		else if (ooxml_is(c, "tbl"))
			table(w, c);
		else
			blocks(w, c);
	}
	w->depth--;
}

/* The child `name` of n's property element `props` (tcPr, trPr), or NULL. */
static xmlNode *prop(xmlNode *n, const char *props, const char *name)
{
	for (xmlNode *c = n->children; c; c = c->next)
		if (ooxml_is(c, props))
			for (xmlNode *d = c->children; d; d = d->next)
				if (ooxml_is(d, name))
					return d;
	return NULL;
}

static unsigned prop_num(xmlNode *n, const char *props, const char *name, unsigned dflt)
{
	xmlNode *d = prop(n, props, name);
	xmlChar *v = d ? ooxml_attr(d, "val") : NULL;
	unsigned r = dflt;
	if (v) {
		char *end = NULL;
		unsigned long x = strtoul((const char *)v, &end, 10);
		if (end && end != (char *)v && !*end && x >= 1 && x <= 1000)
			r = (unsigned)x;
		xmlFree(v);
	}
	return r;
}

/* True when the cell continues a vertical (vMerge) or legacy horizontal (hMerge) merge. */
static bool continued(xmlNode *tc)
{
	const char *merges[] = {"vMerge", "hMerge"};
	for (size_t i = 0; i < ARRAY_SIZE(merges); i++) {
		xmlNode *d = prop(tc, "tcPr", merges[i]);
		if (!d)
			continue;
		xmlChar *v = ooxml_attr(d, "val");
		bool cont = !v || strcmp((const char *)v, "restart") != 0;
		xmlFree(v);
		if (cont)
			return true;
	}
	return false;
}

static void cell(struct wd *w, xmlNode *tc, uint32_t tnum, uint32_t rnum, uint32_t *col)
{
	unsigned span = prop_num(tc, "tcPr", "gridSpan", 1);
	if (continued(tc)) {
		*col += span;
		return;
	}
	/* "a | b |": a space after the previous cell's bar, written only before text */
	w->pending_space = last(w) == '|';
	container_anchor(w->o, REPORT_SRC_TABLE, tnum, rnum, *col);
	w->in_cell = true;
	w->cell_had_table = false;
	blocks(w, tc);
	w->in_cell = false;
	w->pending_space = false;
	if (!w->cell_had_table)
		put(w, " |", 2);
	w->cell_had_table = false;
	*col += span;
}

/* The cells of row tr, through content-control wrappers. */
static void cells_of(struct wd *w, xmlNode *n, uint32_t tnum, uint32_t rnum, uint32_t *col)
{
	if (++w->depth > DOCX_DEPTH) {
		w->depth--;
		return;
	}
	for (xmlNode *c = n->children; c && !w->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c))
			continue;
		if (ooxml_is(c, "tc"))
			cell(w, c, tnum, rnum, col);
		else if (!ooxml_is(c, "tblPrEx"))
			cells_of(w, c, tnum, rnum, col);
	}
	w->depth--;
}

static void rows_of(struct wd *w, xmlNode *n, uint32_t tnum, uint32_t *rnum)
{
	if (++w->depth > DOCX_DEPTH) {
		w->depth--;
		return;
	}
	for (xmlNode *c = n->children; c && !w->rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || skipped(c) || ooxml_is(c, "tblGrid"))
			continue;
		if (ooxml_is(c, "tr")) {
			uint32_t col = 1 + prop_num(c, "trPr", "gridBefore", 0);
			++*rnum;
			end_line(w);
			cells_of(w, c, tnum, *rnum, &col);
			end_line(w);
		} else {
			rows_of(w, c, tnum, rnum);
		}
	}
	w->depth--;
}

static void table(struct wd *w, xmlNode *tbl)
{
	bool outer = w->in_cell;
	uint32_t tnum = ++w->ntables, rnum = 0;
	if (outer) /* the outer row's line ends here; the inner rows follow on their own */
		w->cell_had_table = true;
	w->in_cell = false;
	end_line(w);
	rows_of(w, tbl, tnum, &rnum);
	end_line(w);
	w->in_cell = outer;
	w->cell_had_table = outer;
}

static bool blank(const struct buf *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->p[i] != ' ' && t->p[i] != '\n' && t->p[i] != '|')
			return false;
	return true;
}

int docx_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	struct ooxml z;
	int rc = ooxml_open(&z, bytes, n, "Word 文档", DOCX_PART_MAX, DOCX_TOTAL_MAX, err);
	if (rc == ZF_EPARSE)
		buf_setf(err, "Word 文档（.docx）已损坏，无法作为压缩包打开；请用 Word 或 WPS "
			      "打开后另存为 .docx 再试");
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	xmlDoc *doc = NULL;
	rc = ooxml_part(&z, "word/document.xml", &b);
	if (rc == ZF_ENOENT) {
		buf_setf(err,
			 "不是完整的 Word 文档（.docx）：压缩包中没有正文（word/document.xml）");
		rc = ZF_EPARSE;
	}
	if (!rc && !(doc = ooxml_parse(&z, "word/document.xml", &b)))
		rc = ZF_EPARSE;
	buf_free(&b);
	ooxml_close(&z);
	if (rc)
		goto out;
	struct wd w = {.o = o, .t = &o->text};
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *c = root->children; c && !w.rc; c = c->next)
		if (ooxml_is(c, "body"))
			blocks(&w, c);
	o->pages = w.ntables;
	rc = w.rc;
	if (rc == ZF_ENOMEM)
		buf_setf(err, "内存不足，无法读取 Word 文档");
	else if (rc)
		buf_setf(err, "Word 文档的文字过多，已拒绝");
	else if (blank(&o->text)) {
		buf_setf(err, w.images ? "Word 文档中只有图片，没有文字：可能是扫描件，需要先做文字"
					 "识别（OCR）才能读取"
				       : "Word 文档中没有文字");
		rc = ZF_EPARSE;
	}
out:
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

/* ---- Excel ---- */

/* The names of the workbook's first SHEETS_MAX sheets, in order. */
static int sheet_names(const char *bytes, size_t n, struct arena *a, const char **names,
		       size_t *count, struct buf *err)
{
	struct ooxml z;
	*count = 0;
	int rc = ooxml_open(&z, bytes, n, "Excel 工作簿", XLSX_PART_MAX, XLSX_TOTAL_MAX, err);
	if (rc == ZF_EPARSE)
		buf_setf(err, "Excel 工作簿（.xlsx）已损坏，无法作为压缩包打开；请用 Excel 或 WPS "
			      "打开后另存为 .xlsx 再试");
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	xmlDoc *doc = NULL;
	rc = ooxml_part(&z, "xl/workbook.xml", &b);
	if (rc == ZF_ENOENT) {
		buf_setf(err, "不是完整的 Excel 工作簿（.xlsx）：压缩包中没有 xl/workbook.xml");
		rc = ZF_EPARSE;
	}
	if (!rc && !(doc = ooxml_parse(&z, "xl/workbook.xml", &b)))
		rc = ZF_EPARSE;
	buf_free(&b);
	ooxml_close(&z);
	for (xmlNode *c = doc ? xmlDocGetRootElement(doc)->children : NULL; c && !rc; c = c->next) {
		if (!ooxml_is(c, "sheets"))
			continue;
		for (xmlNode *s = c->children; s && *count < SHEETS_MAX && !rc; s = s->next) {
			if (!ooxml_is(s, "sheet"))
				continue;
			xmlChar *v = ooxml_attr(s, "name");
			if (v && !(names[(*count)++] = arena_strdup(a, (const char *)v)))
				rc = ZF_ENOMEM;
			xmlFree(v);
		}
	}
	if (doc)
		xmlFreeDoc(doc);
	return rc;
}

/* Appends sheet number `num` (1-based) as pipe rows; cells covered by a merged range other
 * than its first are left out. */
static int sheet_text(struct container_out *o, uint32_t num, const struct xlsx_sheet *s,
		      struct arena *a, struct buf *err)
{
	size_t width = 0;
	for (size_t i = 0; i < s->nrows; i++)
		for (size_t c = s->rows[i].ncells; c > width; c--)
			if (*s->rows[i].cells[c - 1]) {
				width = c;
				break;
			}
	if (!width)
		return 0;
	if (s->nrows > (16u << 20) / width) {
		buf_setf(err, "工作表“%s”过大（%zu 行 × %zu 列），已拒绝", s->name, s->nrows,
			 width);
		return ZF_ETOOBIG;
	}
	unsigned char *cov = NULL;
	if (s->nmerges) {
		cov = arena_alloc(a, s->nrows * width);
		if (!cov)
			return ZF_ENOMEM;
		memset(cov, 0, s->nrows * width);
	}
	size_t work = 0;
	for (size_t m = 0; m < s->nmerges; m++) {
		const struct xlsx_merge *g = &s->merges[m];
		size_t lo = 0, hi = s->nrows; /* the first row numbered r1 or later */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->rows[mid].num < g->r1)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < s->nrows && s->rows[i].num <= g->r2; i++)
			for (size_t c = g->c1; c <= g->c2 && c < width; c++) {
				if (++work > (16u << 20)) {
					buf_setf(err, "工作表“%s”的合并单元格过多，已拒绝",
						 s->name);
					return ZF_ETOOBIG;
				}
				if (s->rows[i].num != g->r1 || c != g->c1)
					cov[i * width + c] = 1;
			}
	}
	struct buf *t = &o->text;
	int rc = 0;
	for (size_t i = 0; i < s->nrows && !rc; i++) {
		const struct xlsx_row *r = &s->rows[i];
		bool any = false;
		for (size_t c = 0; c < r->ncells && c < width && !any; c++)
			any = *r->cells[c] && !(cov && cov[i * width + c]);
		if (!any)
			continue;
		for (size_t c = 0; c < width && !rc; c++) {
			if (cov && cov[i * width + c])
				continue;
			const char *v = c < r->ncells ? r->cells[c] : "";
			if (*v && t->len && t->p[t->len - 1] == '|')
				rc = buf_addch(t, ' ');
			container_anchor(o, REPORT_SRC_TABLE, num, (uint32_t)r->num,
					 (uint32_t)c + 1);
			for (const char *p = v; *p && !rc; p++) {
				if (*p == '|')
					rc = buf_adds(t, "\xEF\xBD\x9C");
				else if (*p == '\n' || *p == '\r' || *p == '\t')
					rc = buf_addch(t, ' ');
				else
					rc = buf_addch(t, *p);
			}
			if (!rc)
				rc = buf_adds(t, " |");
		}
		if (!rc)
			rc = buf_addch(t, '\n');
	}
	return rc;
}

int xlsx_report_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	struct arena *a = arena_new(0);
	if (!a) {
		buf_setf(err, "内存不足，无法读取 Excel 工作簿");
		return ZF_ENOMEM;
	}
	const char *names[SHEETS_MAX];
	size_t count = 0;
	int rc = sheet_names(bytes, n, a, names, &count, err);
	for (size_t i = 0; i < count && !rc; i++) {
		struct xlsx_sheet s;
		rc = xlsx_read(bytes, n, names[i], a, &s, err);
		if (!rc)
			rc = sheet_text(o, (uint32_t)i + 1, &s, a, err);
		o->pages = (uint32_t)i + 1;
	}
	if (!rc && !count) {
		buf_setf(err, "Excel 工作簿中没有工作表");
		rc = ZF_EPARSE;
	} else if (!rc && !o->text.len) {
		buf_setf(err, "Excel 工作簿中没有文字");
		rc = ZF_EPARSE;
	}
	if (rc == ZF_ENOMEM && err && !err->len)
		buf_setf(err, "内存不足，无法读取 Excel 工作簿");
	arena_free(a);
	return rc;
}

/* ---- legacy compound files (.doc, .wps, .xls) ---- */

#define OFFICE_TIMEOUT_MS 60000
#define OFFICE_OUT_MAX	  (64u << 20)

/* True when the compound file's directory holds an entry named `name` (ASCII, compared
 * without case as the format does). Directory entries are 128 bytes, aligned to 128 in the
 * file after the 512-byte header: the name in UTF-16LE from byte 0, its length in bytes (with
 * the NUL) at 64, the type (1 storage, 2 stream) at 66. A plain scan over the aligned slots
 * finds them without following the sector chains. */
static bool ole_has(const unsigned char *u, size_t n, const char *name)
{
	size_t l = strlen(name);
	for (size_t off = 512; off + 128 <= n; off += 128) {
		if ((size_t)(u[off + 64] | u[off + 65] << 8) != (l + 1) * 2 ||
		    (u[off + 66] != 1 && u[off + 66] != 2))
			continue;
		size_t i = 0;
		while (i < l && !u[off + 2 * i + 1] &&
		       (u[off + 2 * i] | 0x20) == ((unsigned char)name[i] | 0x20))
			i++;
		if (i == l && !u[off + 2 * l] && !u[off + 2 * l + 1])
			return true;
	}
	return false;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	ZF_UNUSED(st);
	ZF_UNUSED(ftw);
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static int write_all(const char *path, const char *bytes, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return ZF_EIO;
	while (n) {
		ssize_t w = write(fd, bytes, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return ZF_EIO;
		}
		bytes += w;
		n -= (size_t)w;
	}
	return close(fd) ? ZF_EIO : 0;
}

/* "file://" + dir, percent-encoded. */
static int file_url(struct buf *u, const char *dir)
{
	int rc = buf_adds(u, "file://");
	for (const unsigned char *p = (const unsigned char *)dir; *p && !rc; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-_.~", *p))
			rc = buf_addch(u, (char)*p);
		else
			rc = buf_printf(u, "%%%02X", *p);
	}
	return rc;
}

/* Runs soffice to convert dir/in.<ext> to dir/out/in.<to's extension>; waits at most
 * OFFICE_TIMEOUT_MS, then kills its process group. */
static int soffice(const char *dir, const char *in, const char *to, struct buf *err)
{
	struct buf profile = BUF_INIT, outdir = BUF_INIT;
	int rc = buf_adds(&profile, "-env:UserInstallation=");
	if (!rc)
		rc = file_url(&profile, dir);
	if (!rc)
		rc = buf_adds(&profile, "/profile");
	if (!rc)
		rc = buf_printf(&outdir, "%s/out", dir);
	if (rc) {
		buf_free(&profile);
		buf_free(&outdir);
		return ZF_ENOMEM;
	}
	char *argv[] = {"soffice",	 "--headless",
			"--norestore",	 "--nologo",
			"--nolockcheck", (char *)buf_cstr(&profile),
			"--convert-to",	 (char *)to,
			"--outdir",	 (char *)buf_cstr(&outdir),
			(char *)in,	 NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&at);
	sigset_t none, dflt;
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					  POSIX_SPAWN_SETSIGDEF);
	pid_t pid = 0;
	int e = posix_spawnp(&pid, "soffice", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	buf_free(&profile);
	buf_free(&outdir);
	if (e) {
		buf_setf(err, e == ENOENT
				  ? "读取旧版 Word、WPS 或 Excel 文档需要 LibreOffice：请安装 "
				    "Debian 软件包 libreoffice-writer-nogui 和 "
				    "libreoffice-calc-nogui，或先将文件另存为 .docx 或 .xlsx"
				  : "无法启动 LibreOffice（soffice）转换旧版 Office 文档");
		return ZF_EPARSE;
	}
	int status = 0;
	long waited = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (waited >= OFFICE_TIMEOUT_MS) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			buf_setf(err, "LibreOffice 转换旧版 Office 文档超时（超过 %d 秒），已中止",
				 OFFICE_TIMEOUT_MS / 1000);
			return ZF_EPARSE;
		}
		struct timespec ts = {0, 20 * 1000000L};
		nanosleep(&ts, NULL);
		waited += 20;
	}
	kill(-pid, SIGKILL); /* anything it left behind */
	return 0;
}

int ole_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	const unsigned char *u = (const unsigned char *)bytes;
	const char *ext, *to, *made;
	bool sheet = false;
	if (ole_has(u, n, "EncryptedPackage") || ole_has(u, n, "EncryptionInfo")) {
		buf_setf(err, "文档已加密（设有打开密码），无法读取；请取消密码后另存再试");
		return ZF_EPARSE;
	}
	/* Kingsoft WPS 文字 writes .wps as the Word binary format with extensions of its own
	 * (a WordDocument stream), which LibreOffice's Word filter reads; Microsoft Works .wps
	 * (CONTENTS, or the Quill storage) goes to its Works filter. */
	if (ole_has(u, n, "WordDocument")) { /* Word 97-2003, WPS 文字 */
		ext = "doc";
	} else if (ole_has(u, n, "CONTENTS") || ole_has(u, n, "Quill")) { /* Works, WPS */
		ext = "wps";
	} else if (ole_has(u, n, "Workbook") || ole_has(u, n, "Book")) {
		ext = "xls";
		sheet = true;
	} else if (ole_has(u, n, "PowerPoint Document")) {
		buf_setf(err, "是 PowerPoint 演示文稿，不是年度报告的文档或表格，无法读取");
		return ZF_EPARSE;
	} else {
		buf_setf(err, "是旧版 Office 复合文档，但不是 Word、WPS 或 Excel 文档（或已损坏），"
			      "无法读取");
		return ZF_EPARSE;
	}
	to = sheet ? "xlsx:Calc MS Excel 2007 XML" : "docx:MS Word 2007 XML";
	made = sheet ? "xlsx" : "docx";

	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], in[PATH_MAX + 16], out[PATH_MAX + 16];
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (snprintf(dir, sizeof(dir), "%s/zf-office-XXXXXX", tmp) >= (int)sizeof(dir) ||
	    !mkdtemp(dir)) {
		buf_setf(err, "无法建立临时目录来转换旧版 Office 文档");
		return ZF_EIO;
	}
	snprintf(in, sizeof(in), "%s/in.%s", dir, ext);
	snprintf(out, sizeof(out), "%s/out/in.%s", dir, made);
	struct buf conv = BUF_INIT;
	int rc = write_all(in, bytes, n);
	if (rc)
		buf_setf(err, "无法写入临时文件来转换旧版 Office 文档");
	if (!rc)
		rc = soffice(dir, in, to, err);
	if (!rc) {
		int r = buf_read_file(&conv, out, OFFICE_OUT_MAX);
		if (r == ZF_ETOOBIG) {
			buf_setf(err, "旧版 Office 文档转换后过大（超过 %u MB），已拒绝",
				 OFFICE_OUT_MAX >> 20);
			rc = ZF_ETOOBIG;
		} else if (r) {
			buf_setf(err, "LibreOffice 未能转换该文件：文件可能已损坏或设有打开密码");
			rc = ZF_EPARSE;
		}
	}
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (!rc) {
		rc = sheet ? xlsx_report_to_text(conv.p, conv.len, o, err)
			   : docx_to_text(conv.p, conv.len, o, err);
		o->layout = sheet ? "xls" : "doc";
	}
	buf_free(&conv);
	return rc;
}
