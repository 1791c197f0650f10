/* test_ingest_docx.c: the Word and Excel report readers (ingest/container.h): format
 * detection; a .docx made here from XML (runs, tabs, breaks, ruby, a table with gridSpan and
 * vMerge, a label in two paragraphs, "|" in a cell, a nested table) read to the exact pipe
 * text with table/row/cell anchors; a workbook with two sheets and a merged range; and the
 * refusals: broken zip, no body, zip bomb, entity bomb, empty and image-only documents,
 * encrypted and PowerPoint compound files. */
#include "common.h"
#include "ingest/container.h"
#include "tap.h"

#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

static char dir[] = "/tmp/zf-docx-XXXXXX";

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* A zip in memory (into out) with parts name[i] = body[i]; a NULL body is `big` spaces. */
static void make_zip(struct buf *out, const char *const *names, const char *const *bodies, size_t n,
		     size_t big)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/t.zip", dir);
	unlink(path);
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	char *blank = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *b = bodies[i];
		size_t len = b ? strlen(b) : big;
		if (!b) {
			blank = xmalloc(big);
			memset(blank, ' ', big);
			b = blank;
		}
		zip_source_t *src = zip_source_buffer(z, b, len, 0);
		zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE);
	}
	zip_close(z);
	free(blank);
	buf_reset(out);
	buf_read_file(out, path, 64u << 20);
}

static void docx_of(struct buf *out, const char *body)
{
	const char *names[] = {"[Content_Types].xml", "word/document.xml"};
	const char *bodies[] = {"<Types/>", body};
	make_zip(out, names, bodies, 2, 0);
}

static const char doc_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W "><w:body>"
    "<w:p><w:r><w:t>某县</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2023年报告</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>拼</w:t></w:r><w:r><w:ruby><w:rt><w:r><w:t>yīn</w:t></w:r></w:rt>"
    "<w:rubyBase><w:r><w:t>音</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    "<w:r><w:delText>删去</w:delText></w:r></w:p>"
    "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>表头</w:t></w:r></w:p>"
    "</w:tc><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>总计</w:t></w:r>"
    "</w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>行政</w:t></w:r></w:p><w:p><w:r><w:t>复议</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p/></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r>"
    "</w:p></w:tc><w:sdt><w:sdtContent><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc>"
    "</w:sdtContent></w:sdt></w:tr></w:tbl>"
    "<w:p><w:r><w:t>结尾</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>"
    "<w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl></w:tc><w:tc><w:p><w:r><w:t>6</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:sectPr/></w:body></w:document>";

static const char doc_text[] = "某县2023年报告\n"
			       "一 二\n"
			       "三\n"
			       "拼音\n"
			       "表头 | 总计 |\n"
			       "行政 复议 | |\n"
			       "a｜b | 3 | 4 |\n"
			       "结尾\n"
			       "外\n"
			       "内1 | 5 |\n"
			       "6 |\n";

/* The anchor of the first occurrence of `what` in o's text. */
static struct report_pos where(const struct container_out *o, const char *what)
{
	struct report_pos p = {.src = 99};
	const char *s = strstr(buf_cstr(&o->text), what);
	if (s)
		container_lookup(o, (size_t)(s - o->text.p), &p);
	return p;
}

static bool at(const struct container_out *o, const char *what, uint32_t src, uint32_t t,
	       uint32_t r, uint32_t c)
{
	struct report_pos p = where(o, what);
	return tap_ok(p.src == src && p.page == t && p.x == r && p.y == c,
		      "\"%s\" anchored at src %u table %u row %u cell %u (got %u %u %u %u)", what,
		      src, t, r, c, p.src, p.page, p.x, p.y);
}

static void test_docx(void)
{
	struct buf f = BUF_INIT, err = BUF_INIT;
	struct container_out o;
	container_init(&o);
	docx_of(&f, doc_xml);
	tap_int(container_detect(f.p, f.len), FMT_DOCX, "a zip with word/document.xml is Word");
	tap_int(container_read(f.p, f.len, &o, &err), 0, "read (%s)", buf_cstr(&err));
	tap_str(buf_cstr(&o.text), doc_text, "paragraphs as lines, tables as pipe rows");
	tap_int(o.pages, 3, "three tables (one nested)");
	at(&o, "某县", REPORT_SRC_TEXT, 0, 0, 0);
	at(&o, "总计", REPORT_SRC_TABLE, 1, 1, 3); /* after a two-column span */
	at(&o, "复议", REPORT_SRC_TABLE, 1, 2, 1);
	at(&o, "3 |", REPORT_SRC_TABLE, 1, 3, 2);
	at(&o, "4 |", REPORT_SRC_TABLE, 1, 3, 3); /* through a content control */
	at(&o, "结尾", REPORT_SRC_TEXT, 0, 0, 0);
	at(&o, "内1", REPORT_SRC_TABLE, 3, 1, 1);
	at(&o, "6 |", REPORT_SRC_TABLE, 2, 1, 2);
	tap_str(container_layout(o.fmt), "docx", "layout docx");
	container_free(&o);
	buf_free(&f);
	buf_free(&err);
}

static void test_xlsx(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/r.xlsx", dir);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *a = workbook_add_worksheet(wb, "封面");
	lxw_worksheet *b = workbook_add_worksheet(wb, "表三");
	worksheet_write_string(a, 0, 0, "某县2023年报告", NULL);
	worksheet_merge_range(b, 0, 0, 0, 1, "表头", NULL);
	worksheet_write_string(b, 0, 2, "总计", NULL);
	worksheet_write_string(b, 1, 0, "x|y", NULL);
	worksheet_write_number(b, 1, 2, 3, NULL);
	worksheet_write_blank(b, 1, 5, NULL);	   /* a styled blank past the table */
	worksheet_write_string(b, 3, 1, "", NULL); /* a row with nothing to say */
	worksheet_write_number(b, 4, 1, 7, NULL);
	tap_int(workbook_close(wb), LXW_NO_ERROR, "libxlsxwriter wrote a workbook");
	struct buf f = BUF_INIT, err = BUF_INIT;
	buf_read_file(&f, path, 1u << 20);
	struct container_out o;
	container_init(&o);
	tap_int(container_detect(f.p, f.len), FMT_XLSX, "a workbook is Excel");
	tap_int(container_read(f.p, f.len, &o, &err), 0, "read (%s)", buf_cstr(&err));
	tap_str(buf_cstr(&o.text),
		"某县2023年报告 |\n"
		"表头 | 总计 |\n"
		"x｜y | | 3 |\n"
		" | 7 | |\n",
		"every sheet, merged cells once, blanks kept inside the table's width");
	tap_int(o.pages, 2, "two sheets");
	at(&o, "某县", REPORT_SRC_TABLE, 1, 1, 1);
	at(&o, "总计", REPORT_SRC_TABLE, 2, 1, 3);
	at(&o, "3 |", REPORT_SRC_TABLE, 2, 2, 3);
	at(&o, "7", REPORT_SRC_TABLE, 2, 5, 2);
	container_free(&o);
	buf_free(&f);
	buf_free(&err);
}

/* container_read must refuse f with rc and a reason holding `words`. */
static void refused(const struct buf *f, int rc, const char *words, const char *what)
{
	struct buf err = BUF_INIT;
	struct container_out o;
	container_init(&o);
	int got = container_read(f->p, f->len, &o, &err);
	tap_ok(got == rc && strstr(buf_cstr(&err), words), "%s: refused (%d, %s)", what, got,
	       buf_cstr(&err));
	container_free(&o);
	buf_free(&err);
}

/* A compound file whose directory (at 512) names one stream. */
static void ole_with(struct buf *f, const char *stream)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char b[1536];
	memset(b, 0, sizeof(b));
	memcpy(b, magic, 8);
	unsigned char *e = b + 512 + 128;
	size_t l = strlen(stream);
	for (size_t i = 0; i < l; i++)
		e[2 * i] = (unsigned char)stream[i];
	e[64] = (unsigned char)((l + 1) * 2);
	e[66] = 2;
	buf_reset(f);
	buf_add(f, b, sizeof(b));
}

static void test_refusals(void)
{
	struct buf f = BUF_INIT;
	buf_adds(&f, "PK\003\004 garbage naming word/document.xml but no zip directory");
	tap_int(container_detect(f.p, f.len), FMT_DOCX, "a broken zip naming word/document.xml");
	refused(&f, ZF_EPARSE, "已损坏", "a broken zip");

	const char *n1[] = {"[Content_Types].xml"};
	const char *b1[] = {"<Override PartName=\"/word/document.xml\"/>"};
	make_zip(&f, n1, b1, 1, 0);
	tap_int(container_detect(f.p, f.len), FMT_DOCX, "a zip only naming the body");
	refused(&f, ZF_EPARSE, "没有正文", "no word/document.xml");

	const char *n2[] = {"word/document.xml"};
	const char *b2[] = {NULL};
	make_zip(&f, n2, b2, 1, (16u << 20) + 1);
	tap_ok(f.len < 100000, "a zip bomb of %zu bytes", f.len);
	refused(&f, ZF_ETOOBIG, "解压后过大", "a zip bomb");

	docx_of(&f, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b "
		    "\"&a;&a;&a;&a;\">]><w:document " W "><w:body><w:p><w:r><w:t>&b;</w:t>"
		    "</w:r></w:p></w:body></w:document>");
	refused(&f, ZF_EPARSE, "文档类型定义", "an entity bomb");

	docx_of(&f, "<w:document " W "><w:body><w:p/><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr>"
		    "</w:tbl></w:body></w:document>");
	refused(&f, ZF_EPARSE, "没有文字", "an empty document");
	docx_of(&f, "<w:document " W "><w:body><w:p><w:r><w:drawing/></w:r></w:p></w:body>"
		    "</w:document>");
	refused(&f, ZF_EPARSE, "OCR", "a scanned page in Word");
	docx_of(&f, "<w:document " W "><w:body><w:p><w:r><w:t>未闭合</w:t></w:r></w:body>");
	refused(&f, ZF_EPARSE, "不是正确的 XML", "malformed XML");

	ole_with(&f, "EncryptedPackage");
	tap_int(container_detect(f.p, f.len), FMT_OLE, "a compound file");
	refused(&f, ZF_EPARSE, "已加密", "an encrypted Office file");
	ole_with(&f, "PowerPoint Document");
	refused(&f, ZF_EPARSE, "PowerPoint", "a PowerPoint file");
	ole_with(&f, "Something");
	refused(&f, ZF_EPARSE, "不是 Word、WPS 或 Excel", "an unknown compound file");
	buf_free(&f);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		tap_ok(false, "a temporary directory");
		return tap_done();
	}
	test_docx();
	test_xlsx();
	test_refusals();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_ok(false, "clean up");
	return tap_done();
}
