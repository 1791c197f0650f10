/* test_guide_files.c: what a guide offers for download (render/apply_form.h,
 * render/guide_flow.h): the .docx opened with libzip, its word/document.xml parsed with libxml2
 * (the agency's name, escaped, and the table's rows and labels, merged cells on a 6-column
 * grid); the PDF read back with poppler's pdftotext (the agency's name and the labels); the
 * flowchart parsed as XML by xmllint and by libxml2 (title, desc, every step and its time
 * limit). */
#include "common.h"
#include "render/apply_form.h"
#include "render/guide_flow.h"
#include "tap.h"

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <unistd.h>
#include <pango/pangocairo.h>
#include <zip.h>

#define AGENCY "示例区<住房>&城乡建设局"

static const struct apply_form form = {
    .agency_name = AGENCY,
    .office = "示例区住房和城乡建设局办公室",
    .address = "示例路18号",
    .postcode = "009003",
    .phone = "012-8766 3100",
    .email = "zjj@shiliqu.gov.example",
};

/* The text content of every node the XPath expression selects, joined by "\n". */
static void xpath_text(xmlDocPtr doc, const char *expr, struct buf *out, int *count)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "w",
			   BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	*count = 0;
	if (r && r->nodesetval) {
		*count = r->nodesetval->nodeNr;
		for (int i = 0; i < r->nodesetval->nodeNr; i++) {
			xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
			buf_printf(out, "%s\n", t ? (const char *)t : "");
			xmlFree(t);
		}
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
}

static void test_docx(void)
{
	struct buf docx = BUF_INIT;
	tap_int(apply_form_docx(&form, &docx), 0, "the .docx is written");
	tap_ok(docx.len > 1000 && !memcmp(docx.p, "PK", 2), "it is a ZIP (%zu bytes)", docx.len);
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(docx.p, docx.len, 0, &zerr);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
	tap_ok(za != NULL, "libzip opens it (consistency checked)");
	if (!za) {
		zip_source_free(src);
		buf_free(&docx);
		return;
	}
	tap_ok(zip_name_locate(za, "[Content_Types].xml", 0) >= 0 &&
		   zip_name_locate(za, "_rels/.rels", 0) >= 0,
	       "it has the package parts");
	zip_stat_t st;
	struct buf xml = BUF_INIT;
	if (zip_stat(za, "word/document.xml", 0, &st) == 0) {
		zip_file_t *zf = zip_fopen(za, "word/document.xml", 0);
		char chunk[4096];
		zip_int64_t got;
		while (zf && (got = zip_fread(zf, chunk, sizeof(chunk))) > 0)
			buf_add(&xml, chunk, (size_t)got);
		if (zf)
			zip_fclose(zf);
	}
	tap_ok(xml.len > 0 && xml.len == st.size, "word/document.xml is read (%zu bytes)", xml.len);
	zip_close(za);

	xmlDocPtr doc =
	    xmlReadMemory(xml.p, (int)xml.len, "document.xml", "UTF-8", XML_PARSE_NONET);
	tap_ok(doc != NULL, "libxml2 parses word/document.xml");
	if (doc) {
		struct buf body = BUF_INIT, t = BUF_INIT;
		int n = 0;
		xpath_text(doc, "/w:document/w:body/w:p", &body, &n);
		tap_ok(strstr(buf_cstr(&body), "受理机关：" AGENCY) != NULL,
		       "the agency's name (with < and &) is in the heading");
		tap_ok(strstr(buf_cstr(&body), APPLY_FORM_TITLE) &&
			   strstr(buf_cstr(&body), "012-8766 3100") &&
			   strstr(buf_cstr(&body), "示例路18号"),
		       "the title and the agency's contacts are there");
		xpath_text(doc, "//w:tbl", &t, &n);
		tap_int(n, 1, "one table");
		buf_reset(&t);
		xpath_text(doc, "//w:tbl/w:tblGrid/w:gridCol", &t, &n);
		tap_int(n, APPLY_FORM_COLS, "on a grid of %d columns", APPLY_FORM_COLS);
		buf_reset(&t);
		xpath_text(doc, "//w:tbl/w:tr", &t, &n);
		tap_int(n, APPLY_FORM_ROWS, "%d rows", APPLY_FORM_ROWS);
		static const char *const labels[] = {
		    "申请人信息",
		    "公民",
		    "姓名",
		    "证件名称",
		    "证件号码",
		    "联系电话",
		    "通信地址",
		    "法人或者其他组织",
		    "统一社会信用代码",
		    "联系人",
		    "所需信息情况",
		    "载体形式",
		    "获取信息的方式、途径",
		    "申请人签名",
		    "申请日期",
		    "□ 纸质",
		    "□ 邮寄",
		};
		for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
			buf_reset(&t);
			char expr[200];
			snprintf(expr, sizeof(expr), "//w:tbl/w:tr/w:tc[contains(., '%s')]",
				 labels[i]);
			xpath_text(doc, expr, &t, &n);
			tap_ok(n >= 1, "a table cell holds “%s”", labels[i]);
		}
		/* every row spans the 6 grid columns: its cells' gridSpans add up */
		int bad_rows = 0;
		for (int r = 1; r <= APPLY_FORM_ROWS; r++) {
			char expr[160];
			int cells = 0, spans = 0;
			snprintf(expr, sizeof(expr), "//w:tbl/w:tr[%d]/w:tc", r);
			buf_reset(&t);
			xpath_text(doc, expr, &t, &cells);
			snprintf(expr, sizeof(expr),
				 "//w:tbl/w:tr[%d]/w:tc/w:tcPr/w:gridSpan/@w:val", r);
			buf_reset(&t);
			xpath_text(doc, expr, &t, &spans);
			int total = cells - spans;
			struct str rest = buf_str(&t);
			while (rest.len) {
				long v = 0;
				struct str line = str_cut(&rest, '\n');
				if (line.len && !str_to_long(line, &v))
					total += (int)v;
			}
			bad_rows += total != APPLY_FORM_COLS;
		}
		tap_int(bad_rows, 0, "every row covers the %d columns (gridSpan)", APPLY_FORM_COLS);
		buf_reset(&t);
		xpath_text(doc, "//w:tc/w:tcPr/w:vMerge[@w:val='restart']", &t, &n);
		tap_int(n, 4, "four cells merged down (申请人信息, 公民, 法人, 所需信息情况)");
		buf_free(&body);
		buf_free(&t);
		xmlFreeDoc(doc);
	}
	buf_free(&xml);
	buf_free(&docx);
}

/* Writes data to a temporary file; its name into path (owned by the caller's array). */
static bool temp_file(const char *data, size_t len, const char *suffix, char path[64])
{
	snprintf(path, 64, "/tmp/zf-guide-test-XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0)
		return false;
	bool ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	return ok;
}

static void test_pdf(void)
{
	struct buf pdf = BUF_INIT;
	tap_int(apply_form_pdf(&form, &pdf), 0, "the PDF is written");
	tap_ok(pdf.len > 1000 && !memcmp(pdf.p, "%PDF-", 5), "it is a PDF (%zu bytes)", pdf.len);
	char path[64];
	tap_ok(temp_file(pdf.p, pdf.len, ".pdf", path), "saved to %s", path);
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "pdftotext -q -enc UTF-8 %s - 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	struct buf text = BUF_INIT;
	if (p) {
		buf_read_stream(&text, p, 1 << 20);
		tap_int(pclose(p), 0, "pdftotext reads it");
	} else {
		tap_ok(false, "pdftotext runs");
	}
	unlink(path);
	const char *t = buf_cstr(&text);
	tap_ok(strstr(t, "受理机关：" AGENCY) != NULL, "the agency's name is in the text");
	tap_ok(strstr(t, "012-8766 3100") && strstr(t, "zjj@shiliqu.gov.example"),
	       "and its contacts");
	static const char *const labels[] = {
	    APPLY_FORM_TITLE,
	    "姓名",
	    "证件号码",
	    "统一社会信用代码",
	    "联系人",
	    "通信地址",
	    "所需信息的用途（选填）",
	    "申请日期",
	    "纸质",
	    "电子邮件",
	    "公民",
	};
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
		tap_ok(strstr(t, labels[i]) != NULL, "the PDF's text has “%s”", labels[i]);
	buf_free(&text);
	buf_free(&pdf);
}

static void test_svg(void)
{
	struct buf svg = BUF_INIT;
	guide_flow_svg(&svg, "示例区<住房>局", true, "flow");
	char path[64];
	tap_ok(!svg.failed && temp_file(svg.p, svg.len, ".svg", path), "the flowchart is written");
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s 2>/dev/null", path);
	tap_int(system(cmd), 0, "xmllint parses it as XML");
	unlink(path);
	xmlDocPtr doc = xmlReadMemory(svg.p, (int)svg.len, "flow.svg", "UTF-8", XML_PARSE_NONET);
	tap_ok(doc != NULL, "libxml2 parses it");
	if (doc) {
		struct buf t = BUF_INIT;
		int n = 0;
		xpath_text(doc, "/s:svg[@role='img'][@aria-labelledby='flow-title flow-desc']", &t,
			   &n);
		tap_int(n, 1, "an <svg role=img> labelled by its title and desc");
		buf_reset(&t);
		xpath_text(doc, "/s:svg/s:title[@id='flow-title']", &t, &n);
		tap_ok(n == 1 && strstr(buf_cstr(&t), "示例区<住房>局依申请公开办理流程图"),
		       "its title names the agency (escaped and read back)");
		buf_reset(&t);
		xpath_text(doc, "/s:svg/s:desc", &t, &n);
		tap_ok(n == 1 && strstr(buf_cstr(&t), "提出申请") && strstr(buf_cstr(&t), "送达"),
		       "its desc tells the whole chart");
		struct buf texts = BUF_INIT;
		xpath_text(doc, "//s:g[@class='step']/s:text[1]", &texts, &n);
		tap_int(n, (long long)guide_flow_nsteps, "one box per step");
		static const char *const steps[] = {"提出申请",	      "登记受理", "补正",
						    "征求第三方意见", "办理",	  "延期",
						    "答复",	      "送达"};
		for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
			tap_ok(strstr(buf_cstr(&texts), steps[i]) != NULL, "the step %s", steps[i]);
		buf_reset(&texts);
		xpath_text(doc, "//s:g[@class='step']/s:text[2]", &texts, &n);
		const char *body = buf_cstr(&texts);
		tap_ok(strstr(body, "20 个工作日内") && strstr(body, "7 个工作日内") &&
			   strstr(body, "15 个工作日内") && strstr(body, "不超过 20 个工作日"),
		       "the time limits are in the boxes (20, 7, 15, extension 20)");
		buf_free(&texts);
		buf_free(&t);
		xmlFreeDoc(doc);
	}
	/* the wrapper: lines of at most max code points, a closing mark pulled up */
	const char *starts[8];
	size_t lens[8];
	size_t n = guide_flow_wrap("一二三四，五六", 4, starts, lens, 8);
	tap_ok(n == 2 && lens[0] == 15 && !strncmp(starts[1], "五六", 6),
	       "wrap by code points, the comma kept on the first line");
	buf_free(&svg);
}

int main(void)
{
	test_docx();
	test_pdf();
	test_svg();
	xmlCleanupParser();
	/* the font caches pango and cairo keep for the process (for the leak checker) */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	return tap_done();
}
