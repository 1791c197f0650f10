/* test_ingest_xlsx.c: the .xlsx reader (ingest/xlsx.h): a workbook written by libxlsxwriter
 * read back (shared strings, numbers, booleans, gaps, a named sheet, Chinese text), and the
 * refusals: not a zip, a zip without a workbook, a zip bomb, an XML entity bomb. */
#include "common.h"
#include "arena.h"
#include "ingest/xlsx.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

static char dir[] = "/tmp/zf-xlsx-XXXXXX";

static int read_file(const char *path, struct buf *b)
{
	buf_reset(b);
	return buf_read_file(b, path, 64u << 20);
}

static void test_roundtrip(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/book.xlsx", dir);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *a = workbook_add_worksheet(wb, "机构");
	lxw_worksheet *b = workbook_add_worksheet(wb, "第二页");
	worksheet_write_string(a, 0, 0, "名称", NULL);
	worksheet_write_string(a, 0, 1, "简称", NULL);
	worksheet_write_string(a, 1, 0, "示例市人民政府", NULL);
	worksheet_write_number(a, 1, 2, 42, NULL);
	worksheet_write_number(a, 1, 3, 2.5, NULL);
	worksheet_write_boolean(a, 1, 4, 1, NULL);
	worksheet_write_string(a, 6, 1, "B7 的内容", NULL);	 /* rows 3-6 missing, A7 a gap */
	worksheet_write_string(a, 7, 0, "示例市人民政府", NULL); /* a repeated shared string */
	worksheet_write_string(b, 0, 0, "另一页", NULL);
	tap_int(workbook_close(wb), LXW_NO_ERROR, "libxlsxwriter wrote a workbook");

	struct buf f = BUF_INIT, err = BUF_INIT;
	tap_int(read_file(path, &f), 0, "read the file");
	struct arena *ar = arena_new(0);
	struct xlsx_sheet s;
	tap_int(xlsx_read(f.p, f.len, NULL, ar, &s, &err), 0, "read the first sheet (%s)",
		buf_cstr(&err));
	tap_str(s.name, "机构", "its name");
	tap_int((long long)s.nrows, 4, "four rows present");
	tap_ok(s.nrows == 4 && s.rows[0].num == 1 && s.rows[1].num == 2 && s.rows[2].num == 7 &&
		   s.rows[3].num == 8,
	       "with their sheet row numbers");
	tap_str(xlsx_cell(&s, 0, 0), "名称", "A1 (shared string)");
	tap_str(xlsx_cell(&s, 1, 0), "示例市人民政府", "A2");
	tap_str(xlsx_cell(&s, 1, 1), "", "B2 is a gap");
	tap_str(xlsx_cell(&s, 1, 2), "42", "C2 a number");
	tap_str(xlsx_cell(&s, 1, 3), "2.5", "D2 a fraction");
	tap_str(xlsx_cell(&s, 1, 4), "TRUE", "E2 a boolean");
	tap_str(xlsx_cell(&s, 2, 0), "", "A7 a gap");
	tap_str(xlsx_cell(&s, 2, 1), "B7 的内容", "B7 by its reference");
	tap_str(xlsx_cell(&s, 3, 0), "示例市人民政府", "a repeated string");
	tap_str(xlsx_cell(&s, 9, 9), "", "outside the sheet: empty");
	tap_int(xlsx_read(f.p, f.len, "第二页", ar, &s, &err), 0, "a sheet by name");
	tap_str(xlsx_cell(&s, 0, 0), "另一页", "its cell");
	tap_int(xlsx_read(f.p, f.len, "没有", ar, &s, &err), ZF_ENOENT, "an unknown sheet");
	tap_ok(strstr(buf_cstr(&err), "没有名为“没有”的工作表") != NULL, "named (%s)",
	       buf_cstr(&err));
	arena_free(ar);
	buf_free(&f);
	buf_free(&err);
}

/* libxlsxwriter's constant-memory mode writes inline strings (<is><t>) instead of shared ones. */
static void test_inline(void)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/inline.xlsx", dir);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "内联文字", NULL);
	worksheet_write_number(ws, 0, 2, 7, NULL);
	worksheet_write_string(ws, 2, 1, "C", NULL);
	workbook_close(wb);
	struct buf f = BUF_INIT, err = BUF_INIT;
	read_file(path, &f);
	struct arena *ar = arena_new(0);
	struct xlsx_sheet s;
	tap_int(xlsx_read(f.p, f.len, NULL, ar, &s, &err), 0, "a constant-memory workbook (%s)",
		buf_cstr(&err));
	tap_str(xlsx_cell(&s, 0, 0), "内联文字", "an inline string");
	tap_str(xlsx_cell(&s, 0, 1), "", "a gap");
	tap_str(xlsx_cell(&s, 0, 2), "7", "a number beside it");
	tap_ok(s.nrows == 2 && s.rows[1].num == 3, "row 3 after a missing row 2");
	tap_str(xlsx_cell(&s, 1, 1), "C", "B3");
	arena_free(ar);
	buf_free(&f);
	buf_free(&err);
}

/* Writes a zip with one part (name, body of n bytes, repeated c when body is NULL). */
static void make_zip(const char *path, const char *name, const char *body, size_t n, char c)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	char *data = xmalloc(n + 1);
	if (body)
		memcpy(data, body, n);
	else
		memset(data, c, n);
	zip_source_t *src = zip_source_buffer(z, data, n, 0);
	zip_file_add(z, name, src, ZIP_FL_OVERWRITE);
	zip_close(z);
	free(data);
}

static void test_refusals(void)
{
	struct buf err = BUF_INIT, f = BUF_INIT;
	struct arena *ar = arena_new(0);
	struct xlsx_sheet s;
	const char text[] = "名称,简称\n示例,示\n";
	tap_int(xlsx_read(text, sizeof(text) - 1, NULL, ar, &s, &err), ZF_EPARSE,
		"a CSV file is refused");
	tap_ok(strstr(buf_cstr(&err), "不是 Excel 工作簿") != NULL, "in Chinese (%s)",
	       buf_cstr(&err));
	tap_int(xlsx_read("", 0, NULL, ar, &s, &err), ZF_EPARSE, "an empty file is refused");

	char path[256];
	snprintf(path, sizeof(path), "%s/other.zip", dir);
	make_zip(path, "readme.txt", "hello", 5, 0);
	read_file(path, &f);
	tap_int(xlsx_read(f.p, f.len, NULL, ar, &s, &err), ZF_EPARSE,
		"a zip without a workbook is refused (%s)", buf_cstr(&err));

	snprintf(path, sizeof(path), "%s/bomb.xlsx", dir);
	make_zip(path, "xl/workbook.xml", NULL, XLSX_PART_MAX + 4096, ' ');
	read_file(path, &f);
	tap_ok(f.len < 200000, "a small file (%zu bytes) ...", f.len);
	tap_int(xlsx_read(f.p, f.len, NULL, ar, &s, &err), ZF_ETOOBIG,
		"... that unpacks past the cap is refused (%s)", buf_cstr(&err));

	static const char laughs[] =
	    "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
	    "<workbook><sheets><sheet name=\"&b;\" r:id=\"rId1\"/></sheets></workbook>";
	snprintf(path, sizeof(path), "%s/laughs.xlsx", dir);
	make_zip(path, "xl/workbook.xml", laughs, sizeof(laughs) - 1, 0);
	read_file(path, &f);
	tap_int(xlsx_read(f.p, f.len, NULL, ar, &s, &err), ZF_EPARSE,
		"a part with a DTD is refused (%s)", buf_cstr(&err));
	arena_free(ar);
	buf_free(&f);
	buf_free(&err);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		tap_ok(false, "a temporary directory");
		return tap_done();
	}
	test_roundtrip();
	test_inline();
	test_refusals();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_ok(false, "clean up");
	return tap_done();
}
