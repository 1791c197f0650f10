/* test_ingest_parse.c: the whole reader on small documents: positions, glued splits,
 * ambiguity, errors for input that is not a report. */
#include "common.h"
#include "buf.h"
#include "ingest/report_parse.h"
#include "tap.h"

static struct ingest_ctx *ctx;

static struct report *parse(const char *text, int *rc)
{
	struct report *r = NULL;
	struct buf err = BUF_INIT;
	*rc = ingest_report(ctx, text, strlen(text), "t.txt", &r, &err);
	buf_free(&err);
	return r;
}

static bool has_rule(const struct report *r, const char *rule)
{
	for (size_t i = 0; r && i < r->nfindings; i++)
		if (!strcmp(r->findings[i].rule, rule))
			return true;
	return false;
}

static const char t3_tail[] = "(一)予以公开 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
			      "(七)总计 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
			      "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
			      "四、政府信息公开行政复议、行政诉讼情况\n"
			      "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";

int main(void)
{
	int rc;
	tap_ok(ingest_ctx_new(&ctx) == 0, "context loads its tables");

	struct buf doc = BUF_INIT;
	buf_adds(&doc, "某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
		       "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
		       "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n");
	buf_adds(&doc, t3_tail);
	struct report *r = parse(buf_cstr(&doc), &rc);
	tap_ok(rc == 0 && r, "a small report parses");
	tap_int(r->year, 2023, "year from the title");
	tap_str(r->agency, "某局", "agency as printed in the title");
	tap_ok(r->format == REPORT_FORMAT_2021, "2021 format by year");
	tap_ok(r->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].present &&
		   r->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].v == 5,
	       "received_new total read");
	struct report_pos p = r->table3[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL].pos;
	tap_ok(p.line == 3 && p.col == 44, "position of the cell: line %u col %u", p.line, p.col);
	tap_ok(r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL].v == 1, "table 4 read");
	tap_str(r->source.layout, "pipe", "layout recorded");
	tap_int((long long)strlen(r->source.sha256), 64, "sha256 recorded");
	report_free(r);

	/* the agency and year where titles are damaged or missing */
	static const struct {
		const char *head, *agency;
		int year;
		const char *what;
	} meta[] = {
	    {"标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n", "平潭综合实验区", 2019,
	     "a crawler's 标题: label is not part of the name"},
	    {"# 某县人民政府 2025 年 政府信息公开工作年度报告\n", "某县人民政府", 2025,
	     "a space before 年"},
	    {"2019年上海市人民政府办公厅政府信息公开工作年度报告\n", "上海市人民政府办公厅", 2019,
	     "the agency after the year"},
	    {"2025 年某市人民政府办公厅政府信息公开\n工作年度报告\n", "某市人民政府办公厅", 2025,
	     "a wrapped title with the agency after the year"},
	    {"依据《条例》要求，发布河北省教育厅2021年政府信息公开工作年度报告。\n", "河北省教育厅",
	     2021, "a title quoted in the first sentence"},
	    {"根据《条例》和省政府的要求,我厅编写了2019年度报告。一、总体情况2019年，河北省教育厅"
	     "坚持公开。\n",
	     "河北省教育厅", 2019, "no title: the name the report calls 我厅"},
	};
	for (size_t k = 0; k < ARRAY_SIZE(meta); k++) {
		buf_reset(&doc);
		buf_adds(&doc, meta[k].head);
		buf_adds(&doc, "三、收到和处理政府信息公开申请情况\n"
			       "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
			       "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n");
		buf_adds(&doc, t3_tail);
		r = parse(buf_cstr(&doc), &rc);
		tap_str(r ? r->agency : NULL, meta[k].agency, "agency: %s", meta[k].what);
		tap_int(r ? r->year : 0, meta[k].year, "year: %s", meta[k].what);
		report_free(r);
	}

	/* glued: 801000081 splits one way */
	buf_reset(&doc);
	buf_adds(&doc, "2023年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开"
		       "申请数量801000081\n");
	r = parse(buf_cstr(&doc), &rc);
	tap_ok(r && r->table3[0][0].v == 80 && r->table3[0][1].v == 1 && r->table3[0][6].v == 81,
	       "801000081 = 80|1|0|0|0|0|81");
	tap_ok(has_rule(r, "cell.glued"), "cell.glued reported");
	tap_ok(r->table3[0][6].pos.col == 24, "a split piece keeps its own column (%u)",
	       r->table3[0][6].pos.col);
	report_free(r);

	/* glued: 110000011 splits two ways and nothing decides */
	buf_reset(&doc);
	buf_adds(&doc, "2023年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开"
		       "申请数量 110000011\n");
	r = parse(buf_cstr(&doc), &rc);
	tap_ok(r && !r->table3[0][0].present && has_rule(r, "cell.ambiguous"),
	       "two fitting splits: null cells and cell.ambiguous");
	report_free(r);

	r = parse("这只是一段普通的文字，没有任何表格。", &rc);
	tap_ok(rc == 0 && r && has_rule(r, "parse.unrecognised"), "no tables: parse.unrecognised");
	report_free(r);

	struct buf err = BUF_INIT;
	rc = ingest_report(ctx, "PK\x03\x04\x00\x00binary", 12, "x.zip", &r, &err);
	tap_ok(rc == ZF_EPARSE && err.len > 0, "binary input refused with a message: %s",
	       buf_cstr(&err));
	buf_free(&err);
	buf_reset(&err);
	rc = ingest_report(ctx, "", 0, "empty", &r, &err);
	tap_ok(rc == ZF_EPARSE && !r && strstr(buf_cstr(&err), "文件是空的"),
	       "empty input refused: %s", buf_cstr(&err));
	buf_reset(&err);
	rc = ingest_report(ctx, "\xEF\xBB\xBF \r\n\t\n", 8, "blank", &r, &err);
	tap_ok(rc == ZF_EPARSE && !r && strstr(buf_cstr(&err), "只有空白"),
	       "blank input (a BOM and white space) refused: %s", buf_cstr(&err));
	buf_free(&err);
	report_free(r);
	buf_free(&doc);
	ingest_ctx_free(ctx);
	return tap_done();
}
