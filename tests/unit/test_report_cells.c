/* test_report_cells.c: the cell walk and its outputs (render/report_cells.h): places in
 * Chinese for text, PDF, Word and Excel; the source text around a number (glued digits,
 * HTML); --explain lines; why a cell is null; how completely a file was read; the reasons a
 * file was not read; and the PDF/Office places in zfxxgk.report/1 positions, both ways. */
#include "common.h"
#include "render/report_cells.h"
#include "render/report_json.h"
#include "tap.h"

#include <jansson.h>

static void test_places(void)
{
	char out[96];
	struct report_pos t = {.line = 12, .col = 5, .off = 3456};
	tap_str(report_place_str(&t, "pipe", out, sizeof(out)), "第12行第5列（字节 3456）",
		"text: line, column and byte offset");
	struct report_pos p = {
	    .line = 3, .col = 1, .src = REPORT_SRC_PDF, .page = 2, .x = 1234, .y = 4567};
	tap_str(report_place_str(&p, "pdf", out, sizeof(out)), "第2页 x=123.4 y=456.7",
		"PDF: page and place in points");
	struct report_pos w = {
	    .line = 3, .col = 1, .src = REPORT_SRC_TABLE, .page = 1, .x = 7, .y = 3};
	tap_str(report_place_str(&w, "docx", out, sizeof(out)), "第1个表格 第7行第3格",
		"Word: table, row, cell");
	tap_str(report_place_str(&w, "xlsx", out, sizeof(out)), "工作表1 第7行第C列",
		"Excel: sheet, row, column letter");
	w.y = 28;
	tap_str(report_place_str(&w, "xlsx", out, sizeof(out)), "工作表1 第7行第AB列",
		"Excel: column 28 is AB");
	struct report_pos none = {0};
	tap_str(report_place_str(&none, "pipe", out, sizeof(out)), "", "unknown place: empty");
}

static void test_snippets(void)
{
	const char *text = "标题\n一、本年新收 | 801000081 |\n三（一）予以公开 | 12 | 3 |\n";
	size_t len = strlen(text);
	/* "12" on line 3 */
	const char *at = strstr(text, "12 |");
	struct report_pos p = {.line = 3, .col = 12, .off = (uint32_t)(at - text)};
	struct buf b = BUF_INIT;
	report_snippet(text, len, &p, "12", false, &b);
	tap_str(buf_cstr(&b), "三（一）予以公开 | 【12】 | 3 |",
		"snippet: the line, number marked");
	/* the "1" cut from a glued run */
	at = strstr(text, "1000081");
	struct report_pos g = {.line = 2, .col = 12, .off = (uint32_t)(at - text)};
	buf_reset(&b);
	report_snippet(text, len, &g, "1", false, &b);
	tap_str(buf_cstr(&b), "一、本年新收 | 80【1】000081 |",
		"snippet: a glued cell marks its digits");
	size_t from, to;
	tap_ok(report_glued_run(text, len, &g, "1", &from, &to) &&
		   !strncmp(text + from, "801000081", to - from) && to - from == 9,
	       "glued run found around the cell");
	tap_ok(!report_glued_run(text, len, &p, "12", &from, &to), "a plain number is not glued");
	/* a long line is cut to about 30 characters each way */
	char longer[400];
	snprintf(longer, sizeof(longer), "%s 42 %s",
		 "甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲",
		 "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙");
	struct report_pos l = {
	    .line = 1, .col = 40, .off = (uint32_t)(strstr(longer, "42") - longer)};
	buf_reset(&b);
	report_snippet(longer, strlen(longer), &l, "42", false, &b);
	tap_ok(!strncmp(buf_cstr(&b), "…", 3) && strstr(buf_cstr(&b), " 【42】 ") &&
		   !strcmp(buf_cstr(&b) + b.len - 3, "…"),
	       "a long line: cut on both sides (%s)", buf_cstr(&b));
	/* HTML: markup left out, cells kept apart */
	const char *html = "<tr><td><p style='x'>规章</p></td><td><span>5</span></td>"
			   "<td>&nbsp;6</td></tr>";
	struct report_pos h = {.line = 1, .col = 1, .off = (uint32_t)(strstr(html, "5<") - html)};
	buf_reset(&b);
	report_snippet(html, strlen(html), &h, "5", true, &b);
	tap_ok(strstr(buf_cstr(&b), "规章 【5】 6") != NULL, "HTML: tags left out (%s)",
	       buf_cstr(&b));
	struct report_pos past = {.line = 9, .off = 100000};
	buf_reset(&b);
	report_snippet(text, len, &past, "1", false, &b);
	tap_int((long long)b.len, 0, "an offset past the text: nothing");
	buf_free(&b);
}

/* A 2021 report with a few cells set by hand: one from a PDF, one from text, a blank row. */
static struct report *sample(void)
{
	struct report *r = report_new();
	r->format = REPORT_FORMAT_2021;
	r->year = 2023;
	report_set_agency(r, "某县人民政府", strlen("某县人民政府"));
	report_set_source(r, "a.pdf", NULL, "pdf");
	struct report_pos pdf = {.line = 40,
				 .col = 3,
				 .off = 900,
				 .src = REPORT_SRC_PDF,
				 .page = 2,
				 .x = 1234,
				 .y = 4567};
	report_cell_set(&r->table3[REPORT_T3_GRANTED][REPORT_COL_NATURAL_PERSON], 12, &pdf);
	struct report_pos txt = {.line = 41, .col = 9, .off = 950};
	report_cell_set(&r->table3[REPORT_T3_GRANTED][REPORT_COL_TOTAL], 12, &txt);
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			report_cell_set(&r->table4[g][k], 0, &txt);
	const char *amb = "table3.received_new.natural_person";
	report_add_finding(r, "cell.ambiguous", REPORT_SEV_ERROR, &amb, 1, "两种拆法");
	report_add_finding(r, "parse.table2", REPORT_SEV_WARNING, NULL, 0, "没有找到表二");
	return r;
}

struct count {
	size_t n, t2, t3, t4;
};

static void count_cb(void *arg, const struct report_cell_info *ci)
{
	struct count *c = arg;
	c->n++;
	c->t2 += ci->table == 2;
	c->t3 += ci->table == 3;
	c->t4 += ci->table == 4;
}

static void test_explain(void)
{
	struct report *r = sample();
	struct count c = {0};
	report_cells_each(r, count_cb, &c);
	tap_int((long long)c.t3, 25 * 7, "2021: 25 rows × 7 columns in table 3");
	tap_int((long long)c.t4, 15, "table 4: 15 cells");
	tap_int((long long)c.t2, 10, "2021: 10 cells in table 2");
	struct buf b = BUF_INIT;
	tap_int(report_explain(r, NULL, 0, &b), 0, "explain: written");
	const char *s = buf_cstr(&b);
	tap_ok(strstr(s, "三（一）予以公开｜自然人：12；来自第2页 x=123.4 y=456.7\n") != NULL,
	       "explain: a PDF cell names its page and place");
	tap_ok(strstr(s, "三（一）予以公开｜总计：12；来自第41行第9列（字节 950）\n") != NULL,
	       "explain: a text cell names line, column, offset");
	tap_ok(
	    strstr(
		s,
		"一、本年新收政府信息公开申请数量｜法人或其他组织·商业企业：空白（数字连写有多种拆"
		"法，未填入）；检查：数值存疑（cell.ambiguous）") != NULL,
	    "explain: a cell of an ambiguous glued row");
	tap_ok(strstr(s, "规章｜本年制发件数：空白（未找到该表）") != NULL,
	       "explain: a table not found");
	tap_ok(strstr(s, "三（二）部分公开（区分处理的，只计这一情形，不计其他情形）｜自然人：空白"
			 "（整行为空") != NULL,
	       "explain: a row all blank");
	tap_ok(strstr(s, "三（一）予以公开｜商业企业") == NULL &&
		   strstr(s, "三（一）予以公开｜法人或其他组织·商业企业：空白（原文空白") != NULL,
	       "explain: a blank cell in a row that was read");
	const char *t2 = strstr(s, "表二 "), *t3 = strstr(s, "表三 "), *t4 = strstr(s, "表四 ");
	tap_ok(t2 && t3 && t4 && t2 < t3 && t3 < t4, "explain: grouped by table, in order");
	struct buf why = BUF_INIT;
	tap_int(report_reading(r, &why), REPORT_READ_PARTIAL, "reading: partial");
	tap_ok(strstr(buf_cstr(&why), "表二未找到") &&
		   strstr(buf_cstr(&why), "1处数字连写有多种拆法") &&
		   strstr(buf_cstr(&why), "格空缺"),
	       "reading: why (%s)", buf_cstr(&why));
	buf_free(&why);
	buf_free(&b);
	report_free(r);
	struct report *none = report_new();
	buf_init(&why, 0);
	tap_int(report_reading(none, &why), REPORT_READ_NONE, "no tables: not read");
	tap_ok(strstr(buf_cstr(&why), "不是年度报告") != NULL, "no tables: 不是年度报告");
	buf_free(&why);
	report_free(none);
}

static void test_reasons(void)
{
	tap_str(report_unreadable_reason(ZF_ETOOBIG, "文件过大"), "过大", "too big");
	tap_str(report_unreadable_reason(ZF_EPARSE,
					 "是图片（扫描件），需要先做文字识别（OCR）才能读取"),
		"扫描件需OCR", "a scan");
	tap_str(report_unreadable_reason(ZF_EPARSE, "PDF中没有文字"), "扫描件需OCR",
		"a PDF without text is a scan");
	tap_str(report_unreadable_reason(ZF_EPARSE, "PDF 已加密，需要密码才能打开"), "已加密",
		"encrypted");
	tap_str(report_unreadable_reason(ZF_EPARSE, "文件是空的"), "空文件", "empty");
	tap_str(report_unreadable_reason(ZF_EPARSE, "文件中只有空白，没有文字"), "空文件", "blank");
	tap_str(report_unreadable_reason(ZF_EPARSE, "PDF 文件不完整（可能下载中断），无法读取"),
		"文件损坏", "truncated");
	tap_str(report_unreadable_reason(ZF_ENOENT, "文件不存在"), "文件不存在", "missing");
	tap_str(report_unreadable_reason(ZF_EPERM, "没有读取权限"), "无读取权限", "permission");
	tap_str(report_unreadable_reason(ZF_EPARSE, "不是可以读取的文档（含有二进制数据）"),
		"不是文档", "binary");
}

/* Positions from a PDF and from Word/Excel survive a JSON round trip; the old [line, col]
 * form still reads. */
static void test_json_places(void)
{
	struct report *r = sample();
	struct report_pos w = {
	    .line = 5, .col = 2, .off = 10, .src = REPORT_SRC_TABLE, .page = 1, .x = 7, .y = 3};
	report_cell_set(&r->table3[REPORT_T3_GRANTED][REPORT_COL_COMMERCIAL], 0, &w);
	struct buf js = BUF_INIT, err = BUF_INIT;
	tap_int(report_json_write(r, &js, REPORT_JSON_POSITIONS | REPORT_JSON_COMPACT), 0,
		"json: written");
	const char *s = buf_cstr(&js);
	tap_ok(strstr(s,
		      "\"table3.granted.natural_person\":[40,3,{\"page\":2,\"x\":123.4,\"y\":456."
		      "7}]") != NULL,
	       "json: a PDF position is [line, col, {page, x, y}]");
	tap_ok(
	    strstr(s, "\"table3.granted.commercial\":[5,2,{\"table\":1,\"row\":7,\"cell\":3}]") !=
		NULL,
	    "json: a Word position is [line, col, {table, row, cell}]");
	tap_ok(strstr(s, "\"table3.granted.total\":[41,9]") != NULL,
	       "json: a text position stays [line, col]");
	struct report *back = NULL;
	tap_int(report_json_read(s, js.len, &back, &err, NULL), 0, "json: read back");
	if (back) {
		const struct report_pos *p = &back->table3[REPORT_T3_GRANTED][0].pos;
		tap_ok(p->src == REPORT_SRC_PDF && p->page == 2 && p->x == 1234 && p->y == 4567 &&
			   p->line == 40 && p->col == 3,
		       "json: the PDF place read back");
		p = &back->table3[REPORT_T3_GRANTED][REPORT_COL_COMMERCIAL].pos;
		tap_ok(p->src == REPORT_SRC_TABLE && p->page == 1 && p->x == 7 && p->y == 3,
		       "json: the Word place read back");
		p = &back->table3[REPORT_T3_GRANTED][REPORT_COL_TOTAL].pos;
		tap_ok(p->src == REPORT_SRC_TEXT && p->line == 41 && p->col == 9,
		       "json: the text position read back");
	}
	report_free(back);
	back = NULL;
	/* an Excel position and the old form */
	report_set_source(r, "a.xlsx", NULL, "xlsx");
	buf_reset(&js);
	report_json_write(r, &js, REPORT_JSON_POSITIONS | REPORT_JSON_COMPACT);
	tap_ok(strstr(buf_cstr(&js), "{\"sheet\":1,\"row\":7,\"cell\":3}") != NULL,
	       "json: an Excel position names its sheet");
	/* the same document with hand-written positions: old form, a sheet place, a bad one */
	json_t *doc = json_loads(buf_cstr(&js), 0, NULL);
	json_t *cells =
	    json_loads("{\"table4.review.total\":[7,4],"
		       "\"table4.review.upheld\":[8,1,{\"sheet\":2,\"row\":9,\"cell\":4}],"
		       "\"table4.review.corrected\":[8,2,{\"page\":-1}]}",
		       0, NULL);
	json_object_set_new(json_object_get(doc, "source"), "cells", cells);
	char *old = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	buf_reset(&err);
	int rc = report_json_read(old, strlen(old), &back, &err, NULL);
	tap_int(rc, 0, "json: old and mixed forms read (%s)", buf_cstr(&err));
	if (back) {
		const struct report_pos *p = &back->table4[0][REPORT_T4_TOTAL].pos;
		tap_ok(p->line == 7 && p->col == 4 && p->src == REPORT_SRC_TEXT,
		       "json: [line, col]");
		p = &back->table4[0][REPORT_T4_UPHELD].pos;
		tap_ok(p->src == REPORT_SRC_TABLE && p->page == 2 && p->x == 9 && p->y == 4,
		       "json: a sheet place");
		p = &back->table4[0][REPORT_T4_CORRECTED].pos;
		tap_ok(p->src == REPORT_SRC_TEXT && p->line == 8, "json: a bad place is left out");
	}
	free(old);
	report_free(back);
	buf_free(&js);
	buf_free(&err);
	report_free(r);
}

int main(void)
{
	test_places();
	test_snippets();
	test_explain();
	test_reasons();
	test_json_places();
	return tap_done();
}
