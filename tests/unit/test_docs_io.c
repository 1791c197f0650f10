/* test_docs_io.c: bulk import (CSV in UTF-8 and GB18030, JSON, XLSX) with its report of
 * refused rows, the dry run, duplicates and permissions, and export to Excel and CSV: an
 * exported workbook imports back into an empty store as the same catalogue. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "store/db.h"
#include "demo/docs.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

#include <iconv.h>
#include <unistd.h>

static char dir[] = "/tmp/zf-test-docsio-XXXXXX";

static struct store *fresh(const char *name)
{
	struct buf err = BUF_INIT;
	bool seeded;
	struct store *st = store_test_fresh(name);
	if (!st || demo_seed_agencies(st, &seeded) ||
	    store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err) ||
	    store_doc_settings_set(st, "admin", 2, "014416330", NULL, &err))
		BUG("open %s: %s", name, buf_cstr(&err));
	buf_free(&err);
	return st;
}

static int line_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The published catalogue (索引号, 文号, validity, dates, title), one line each, sorted. */
static char *catalogue(struct store *st)
{
	struct arena *a = arena_new(0);
	struct doc_filter f = doc_filter_any();
	struct doc_list l;
	f.state = DOC_PUBLISHED;
	f.limit = 500;
	if (store_doc_list(st, a, &f, &l))
		BUG("list");
	char **lines = xcalloc(l.n + 1, sizeof(*lines));
	for (size_t i = 0; i < l.n; i++) {
		const struct doc *d = &l.docs[i];
		char p[11], v[11] = "";
		date_format(d->published_on, p);
		if (d->invalid_on)
			date_format(d->invalid_on, v);
		lines[i] = xasprintf("%s|%s|%s|%s|%s|%s", d->index_no, d->f.doc_no,
				     doc_validity_key(d->validity), p, v, d->f.title);
	}
	qsort(lines, l.n, sizeof(*lines), line_cmp);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l.n; i++) {
		buf_printf(&b, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	arena_free(a);
	char *out = xstrdup(buf_cstr(&b));
	buf_free(&b);
	return out;
}

static const char csv[] =
    "\xEF\xBB\xBF*名称,文号,成文日期,发布日期,索引号,主题分类,体裁,类别,有效性,失效日期,内容概述,"
    "机关\r\n"
    "关于印发《示例区老旧小区改造方案》的通知,示政规[2021]3号,2021/3/1,2021年3月5日,"
    "000014349/2021-00007,城乡建设、环境保护\\城乡建设（含住房）,通知,规范性文件,有效,,"
    "\"改造方案，含“引号”与\"\"双引号\"\"\",示例区人民政府\r\n"
    "关于废止某文件的决定,示政发〔2022〕9号,2022-04-01,2022-04-02,,,决定,,废止,2023-01-01,,1\r\n"
    ",示政发〔2022〕10号,2022-04-01,,,,,,,,,1\r\n"
    "关于开展植树活动的通知,示政发2022-11,2022-04-01,,,,,,,,,1\r\n"
    "关于开展统计工作的通知,,2022-13-01,,,,,,,,,1\r\n"
    "关于未来的通知,,2099-01-01,,,,,,,,,1\r\n"
    "关于另一机关的通知,,2022-05-01,,,,,,,,,示例区住房和城乡建设局\r\n"
    "\r\n"
    "关于草稿的通知,,2024-05-06,,,,意见,,,,\"多行\n概述\",\r\n";

static void test_csv(void)
{
	struct store *st = fresh("csv");
	struct arena *a = arena_new(0);
	struct doc_import_report r;
	long long allowed[] = {1, 2};
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)csv,
				 sizeof(csv) - 1, 1, allowed, 2, true, &r),
		0, "dry run of a CSV with a BOM");
	tap_int((long long)r.imported, 3, "three rows would be imported");
	tap_int((long long)r.rejected, 5, "five are refused");
	struct doc_filter any = doc_filter_any();
	struct doc_list l;
	store_doc_list(st, a, &any, &l);
	tap_int(l.total, 0, "a dry run imports nothing");

	tap_int(store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)csv,
				 sizeof(csv) - 1, 1, allowed, 2, false, &r),
		0, "the real import");
	tap_int((long long)r.imported, 3, "three imported");
	const char *want[][2] = {
	    {"2", ""},
	    {"3", ""},
	    {"4", "请填写文件名称"},
	    {"5", "文号“示政发2022-11”的格式不对"},
	    {"6", "成文日期“2022-13-01”无法识别"},
	    {"7", "成文日期不能晚于今天"},
	    {"8", "您没有在机关（编号 3）导入文件的权限"},
	    {"10", ""},
	};
	for (size_t i = 0; i < ARRAY_SIZE(want) && i < r.n; i++) {
		char line[8];
		snprintf(line, sizeof(line), "%zu", r.lines[i].line);
		bool ok =
		    !strcmp(line, want[i][0]) &&
		    (want[i][1][0] ? strstr(r.lines[i].reason, want[i][1]) != NULL : r.lines[i].ok);
		tap_ok(ok, "line %s: %s", want[i][0], want[i][1][0] ? want[i][1] : "imported");
		if (!ok)
			printf("#   got line %s ok=%d reason=%s\n", line, r.lines[i].ok,
			       r.lines[i].reason);
	}
	tap_str(r.n > 2 ? r.lines[2].title : NULL, "", "a row without 名称 is reported as such");
	struct doc d;
	store_doc_get(st, a, r.lines[0].id, &d);
	tap_str(d.index_no, "000014349/2021-00007", "a given 索引号 is kept");
	tap_str(d.f.doc_no, "示政规〔2021〕3号", "文号 normalised");
	tap_str(d.f.topic, "10.02", "topic by its display form");
	tap_int(d.f.kind, DOC_KIND_NORMATIVE, "规范性文件");
	tap_str(d.f.summary, "改造方案，含“引号”与\"双引号\"", "quoted CSV field with \"\"");
	char day[11];
	tap_str(date_format(d.published_on, day), "2021-03-05", "YYYY年M月D日 read");
	store_doc_get(st, a, r.lines[1].id, &d);
	tap_int(d.validity, DOC_REPEALED, "imported as 废止");
	tap_ok(strstr(d.index_no, "000014349/2022-") == d.index_no, "an 索引号 assigned: %s",
	       d.index_no);
	store_doc_get(st, a, r.lines[7].id, &d);
	tap_int(d.state, DOC_DRAFT, "a row without 发布日期 is a draft");
	tap_str(d.f.summary, "多行\n概述", "a line break inside quotes");

	/* the same file again: every published row is now a duplicate */
	store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)csv, sizeof(csv) - 1, 1,
			 NULL, 0, true, &r);
	tap_ok(r.n > 1 && strstr(r.lines[0].reason, "索引号“000014349/2021-00007”已被") &&
		   strstr(r.lines[1].reason, "文号“示政发〔2022〕9号”已被"),
	       "a second import finds the duplicates (索引号, 文号)");

	/* GB18030, as Excel on Chinese Windows saves CSV */
	static const char utf8[] = "名称,成文日期\n关于做好防汛工作的通知,2023-06-01\n";
	char gb[256], *in = (char *)utf8, *outp = gb;
	size_t inleft = sizeof(utf8) - 1, outleft = sizeof(gb);
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	iconv(cd, &in, &inleft, &outp, &outleft);
	iconv_close(cd);
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)gb,
				 sizeof(gb) - outleft, 1, NULL, 0, false, &r),
		0, "a GB18030 CSV");
	store_doc_get(st, a, r.n ? r.lines[0].id : 0, &d);
	tap_str(r.n ? d.f.title : NULL, "关于做好防汛工作的通知", "decoded");

	static const char nohead[] = "a,b\n1,2\n";
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)nohead,
				 sizeof(nohead) - 1, 1, NULL, 0, false, &r),
		ZF_EPARSE, "no 名称 column: the file is refused");
	tap_ok(r.error && strstr(r.error, "名称"), "saying so: %s", r.error ? r.error : "");
	static const char quote[] = "名称\n\"unterminated\n";
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_CSV, (const unsigned char *)quote,
				 sizeof(quote) - 1, 1, NULL, 0, false, &r),
		ZF_EPARSE, "an unterminated quote is refused");
	arena_free(a);
	store_close(st);
}

static void test_json(void)
{
	struct store *st = fresh("json");
	struct arena *a = arena_new(0);
	struct doc_import_report r;
	static const char json[] =
	    "[{\"title\": \"关于印发某办法的通知\", \"doc_no\": \"示政规（2020）2号\","
	    " \"written_on\": \"2020-05-01\", \"published_on\": \"2020-05-03\", \"kind\": "
	    "\"normative\","
	    " \"agency\": 1},"
	    " {\"名称\": \"中文键\", \"成文日期\": \"2020-06-01\", \"机关\": "
	    "\"示例区人民政府办公室\"},"
	    " 42,"
	    " {\"title\": \"没有日期\"}]";
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_JSON, (const unsigned char *)json,
				 sizeof(json) - 1, 0, NULL, 0, false, &r),
		0, "a JSON array");
	tap_int((long long)r.imported, 2, "two imported");
	tap_ok(r.n == 4 && !r.lines[2].ok && strstr(r.lines[2].reason, "不是对象"),
	       "a number is refused");
	tap_ok(r.n == 4 && !r.lines[3].ok, "a row without agency or date is refused: %s",
	       r.n == 4 ? r.lines[3].reason : "");
	struct doc d;
	store_doc_get(st, a, r.lines[1].id, &d);
	tap_int(d.f.agency_id, 2, "an agency by its full name");
	tap_int(store_doc_import(st, a, "clerk", DOC_IO_JSON, (const unsigned char *)"{", 1, 0,
				 NULL, 0, false, &r),
		ZF_EPARSE, "broken JSON is refused");
	tap_ok(r.error && strstr(r.error, "JSON"), "with the parser's reason: %s", r.error);
	arena_free(a);
	store_close(st);
}

static void test_roundtrip(void)
{
	struct store *s1 = fresh("from"), *s2 = fresh("to");
	struct arena *a = arena_new(0);
	bool seeded;
	demo_docs_seed(s1, &seeded);
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	char *xlsx = xasprintf("%s/catalogue.xlsx", dir),
	     *csvp = xasprintf("%s/catalogue.csv", dir);
	struct buf err = BUF_INIT;
	size_t n = 0, m = 0;
	tap_int(store_doc_export(s1, &f, DOC_IO_XLSX, xlsx, &n, &err), 0, "export to Excel");
	tap_int(store_doc_export(s1, &f, DOC_IO_CSV, csvp, &m, &err), 0, "export to CSV");
	struct doc_list l;
	store_doc_list(s1, a, &f, &l);
	tap_ok(n == (size_t)l.total && m == n, "every published document (%zu)", n);
	struct buf data = BUF_INIT;
	buf_read_file(&data, csvp, 0);
	tap_ok(data.len > 3 && !memcmp(data.p, "\xEF\xBB\xBF编号,索引号,名称,文号", 3 + 30),
	       "the CSV starts with a BOM and the Chinese header");
	buf_reset(&data);
	buf_read_file(&data, xlsx, 0);
	struct doc_import_report r;
	tap_int(store_doc_import(s2, a, "clerk", DOC_IO_XLSX, (const unsigned char *)data.p,
				 data.len, 1, NULL, 0, false, &r),
		0, "import the workbook into an empty store");
	tap_int((long long)r.imported, (long long)n, "every row imported (%zu refused)",
		r.rejected);
	for (size_t i = 0; i < r.n && i < 3; i++)
		if (!r.lines[i].ok)
			printf("#   line %zu: %s\n", r.lines[i].line, r.lines[i].reason);
	/* the same catalogue: 索引号, 文号, validity, dates */
	char *c1 = catalogue(s1), *c2 = catalogue(s2);
	tap_ok(c1 && c2 && !strcmp(c1, c2), "the imported catalogue equals the exported one");
	free(c1);
	free(c2);
	static const char junk[] = "PK\x03\x04 not really a zip";
	tap_int(store_doc_import(s2, a, "clerk", DOC_IO_XLSX, (const unsigned char *)junk,
				 sizeof(junk) - 1, 1, NULL, 0, false, &r),
		ZF_EPARSE, "a damaged workbook is refused");
	tap_ok(r.error != NULL, "with a reason: %s", r.error ? r.error : "");
	buf_free(&data);
	buf_free(&err);
	free(xlsx);
	free(csvp);
	arena_free(a);
	store_close(s1);
	store_close(s2);
}

int main(void)
{
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	printf("# engine: %s\n", store_test_engine());
	tap_int(docs_io_format_of("目录.XLSX"), DOC_IO_XLSX, "format by extension");
	tap_int(docs_io_format_of("a.doc"), -1, "unknown extension");
	test_csv();
	test_json();
	test_roundtrip();
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		BUG("cleanup");
	free(cmd);
	return tap_done();
}
