/* test_ingest_reflow.c: flattened crawler text given its table lines back, offsets mapped. */
#include "common.h"
#include "ingest/reflow.h"
#include "tap.h"

static struct buf out;
static struct offmap map;
static struct reflow_stats st;

/* Reflows s; returns the new text with "\n" shown as "/" (or "=" when unchanged). */
static const char *reflow(const char *s)
{
	static char r[8192];
	if (reflow_text(s, strlen(s), &out, &map, &st))
		return "ENOMEM";
	if (!out.len)
		return "=";
	size_t n = ZF_MIN(out.len, sizeof(r) - 1);
	for (size_t i = 0; i < n; i++)
		r[i] = out.p[i] == '\n' ? '/' : out.p[i];
	r[n] = 0;
	return r;
}

/* The input offset the output offset of the first occurrence of w maps to. */
static long src_of(const char *w)
{
	const char *p = memmem(out.p, out.len, w, strlen(w));
	return p ? (long)offmap_lookup(&map, (size_t)(p - out.p)) : -1;
}

static const char glued[] =
    "前言。二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数现行有效"
    "件数规章000行政规范性文件213三、收到和处理政府信息公开申请情况申请人情况自然人总计"
    "一、本年新收政府信息公开申请数量2000002二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果(一)予以公开1000001(二)部分公开0000000(三)不予公开1.属于国家秘密"
    "00000002.其他法律行政法规禁止公开00000013其他0000000(七)总计2000002"
    "四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼"
    "结果维持总计未经复议直接起诉复议后起诉结果维持总计000000000000000五、存在的主要问题。"
    "我们收到申请2件。";

int main(void)
{
	buf_init(&out, 0);
	offmap_init(&map);
	tap_str(reflow("规章\n0\n0\n"), "=", "an ordinary text is left alone");
	tap_str(reflow("收到申请2000002件，予以公开1000001件。"), "=",
		"a short line with numbers is prose");

	const char *r = reflow(glued);
	tap_ok(strstr(r, "/规章/000/行政规范性文件/213/") != NULL, "table 2's rows: %s", r);
	tap_ok(strstr(r, "/一、本年新收政府信息公开申请数量/2000002/二、") != NULL,
	       "a label and its digit run on lines of their own");
	tap_ok(strstr(r, "/1.属于国家秘密/0000000/2.其他法律") != NULL,
	       "the next label's item number told from the row's digits (punctuated)");
	tap_ok(strstr(r, "/0000001/3其他/") != NULL,
	       "…and unpunctuated, by the number the next label expects");
	tap_ok(strstr(r, "/000000000000000/五、存在的主要问题。我们收到申请2件。") != NULL,
	       "the prose after table 4 is left as it was");
	tap_ok(strstr(r, "前言。二、主动公开政府信息情况/第二十条") != NULL,
	       "the prose before the tables is left as it was");
	tap_ok(strstr(r, "/结果维持总计/未经复议直接起诉/复议后起诉/结果维持总计/") != NULL,
	       "table 4's header words apart from its heading");
	tap_int(st.glued_lines, 1, "one glued line");
	const char *at = strstr(glued, "2000002二");
	tap_int(src_of("2000002\n二"), at - glued, "the digits map back to their offset");
	tap_int(src_of("二、上年结转"), at + 7 - glued, "…and so does the label after them");

	/* a CR dump (normalised: CR → LF): cells end with 3 breaks, a blank cell adds 3, a row
	 * end 2 */
	struct buf d = BUF_INIT;
	buf_adds(&d, "三、收到和处理政府信息公开申请情况\n\n\n\n\n");
	for (int k = 0; k < 12; k++)
		buf_printf(&d, "标签%d\n\n\n%d\n\n\n\n\n\n0\n\n\n0\n\n\n0\n\n\n0\n\n\n%d\n\n\n\n\n",
			   k, k, k);
	buf_adds(&d, "四、政府信息公开行政复议、行政诉讼情况\n\n\n\n\n尚未审结\n\n\n总计\n\n\n\n\n"
		     "\n\n\n0\n\n\n0\n");
	buf_adds(&d, "五、存在的问题\n");
	r = reflow(buf_cstr(&d));
	tap_ok(strstr(r, "/标签3 | 3 |  | 0 | 0 | 0 | 0 | 3 |/") != NULL,
	       "a blank cell kept as an empty one: %s", r);
	tap_ok(strstr(r, "尚未审结 | 总计 |/  | 0 | 0 |/五、存在的问题") != NULL,
	       "blank cells after a heading row begin the next row");
	tap_int(st.run_unit, 3, "three breaks end a cell");
	buf_free(&d);

	buf_free(&out);
	offmap_free(&map);
	return tap_done();
}
