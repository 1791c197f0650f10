/* test_assess_law.c: law/assessment.h, the pure part of 考核: each rule kind (rate with its
 * threshold and floor, per-count deductions with a floor and overflow, veto, manual items
 * pending and clamped), ranking with ties and vetoes, the scheme's text form (round trip,
 * every refusal naming its line), quarters and the named problems of a 通报. */
#include "common.h"
#include "law/assessment.h"
#include "tap.h"

#include <limits.h>
#include <string.h>

static struct assess_scheme one(enum assess_kind kind, enum assess_metric m, int max, int per,
				int floor, int threshold)
{
	struct assess_scheme sc;
	memset(&sc, 0, sizeof(sc));
	snprintf(sc.title, sizeof(sc.title), "测试方案");
	struct assess_indicator *ind = &sc.ind[sc.n++];
	snprintf(ind->code, sizeof(ind->code), "x");
	snprintf(ind->name, sizeof(ind->name), "测试指标");
	ind->kind = kind;
	ind->metric = m;
	ind->max = max;
	ind->per = per;
	ind->floor = floor;
	ind->threshold = threshold;
	return sc;
}

static int score_rate(long long num, long long den, int max, int per, int floor, int thr)
{
	struct assess_scheme sc = one(ASSESS_RATE, ASSESS_M_REQ_ON_TIME, max, per, floor, thr);
	struct assess_input in = {0};
	in.num[ASSESS_M_REQ_ON_TIME] = num;
	in.den[ASSESS_M_REQ_ON_TIME] = den;
	struct assess_result r;
	assess_score(&sc, &in, NULL, 0, &r);
	return r.total;
}

static int score_count(long long count, int max, int per, int floor)
{
	struct assess_scheme sc = one(ASSESS_PER_COUNT, ASSESS_M_REQ_OVERDUE, max, per, floor, 0);
	struct assess_input in = {0};
	in.num[ASSESS_M_REQ_OVERDUE] = count;
	struct assess_result r;
	assess_score(&sc, &in, NULL, 0, &r);
	return r.total;
}

static void test_rate(void)
{
	tap_int(score_rate(10, 10, 150, 10, 0, 100), 150, "rate 100%%: full marks");
	tap_int(score_rate(0, 0, 150, 10, 0, 100), 150, "nothing replied: full marks");
	tap_int(score_rate(9, 10, 150, 10, 0, 100), 50, "90%%: 10 points below, 1 each");
	tap_int(score_rate(99, 100, 150, 10, 0, 100), 140, "99%%: one point below");
	tap_int(score_rate(199, 200, 150, 10, 0, 100), 140, "99.5%%: a part counts whole");
	tap_int(score_rate(2, 3, 150, 10, 0, 100), 0, "66.7%%: 34 below, floored at 0");
	tap_int(score_rate(2, 3, 150, 10, 30, 100), 30, "the floor holds");
	tap_int(score_rate(95, 100, 150, 10, 0, 95), 150, "at the threshold: full marks");
	tap_int(score_rate(94, 100, 150, 10, 0, 95), 140, "one below a 95%% threshold");
	tap_int(score_rate(9, 10, 150, 0, 0, 100), 150, "no deduction per point: full");
	tap_int(score_rate(-3, 10, 150, 10, 0, 100), 0, "a negative count reads as 0");
	tap_int(score_rate(1, 1000000000000LL, 150, 5, 0, 100), 0, "huge denominators");
	tap_int(score_rate(LLONG_MAX / 10 * 9, LLONG_MAX, 150, 10, 0, 100), 50,
		"the largest counts do not overflow");
}

static void test_count(void)
{
	tap_int(score_count(0, 100, 20, 0), 100, "no overdue: full marks");
	tap_int(score_count(1, 100, 20, 0), 80, "one overdue: -2");
	tap_int(score_count(4, 100, 20, 0), 20, "four: -8");
	tap_int(score_count(5, 100, 20, 0), 0, "five: 0");
	tap_int(score_count(9, 100, 20, 0), 0, "nine: not below 0");
	tap_int(score_count(9, 100, 20, 40), 40, "nine with a floor of 4: 4");
	tap_int(score_count(2, 100, 20, 40), 60, "above the floor: as counted");
	tap_int(score_count(4000000000000000000LL, 100, 1000, 0), 0, "overflow goes to the floor");
	tap_int(score_count(4000000000000000000LL, 100, 1000, 10), 10, "overflow: the floor");
	tap_int(score_count(3, 100, 0, 0), 100, "per 0: no deduction");
}

static void test_veto_manual(void)
{
	struct assess_scheme sc;
	assess_scheme_default(&sc);
	struct buf err = BUF_INIT;
	tap_int(assess_scheme_check(&sc, &err), 0, "the default scheme is valid %s",
		buf_cstr(&err));
	struct assess_input in = {0};
	struct assess_result r;
	assess_score(&sc, &in, NULL, 0, &r);
	tap_int(r.max_total, 1000, "the default scheme is out of 100");
	tap_int(r.total, 1000, "a clean agency, manual items pending: full marks");
	tap_int((long long)r.pending, 2, "two manual items pending");
	tap_ok(!r.vetoed, "not vetoed");

	in.num[ASSESS_M_MSG_STALE] = 1;
	in.num[ASSESS_M_REQ_OVERDUE] = 2;
	assess_score(&sc, &in, NULL, 0, &r);
	tap_ok(r.vetoed, "a stale message vetoes");
	tap_int(r.total, 0, "vetoed: total 0");
	tap_int(r.sum, 1000 - 50 - 40, "the sum keeps the items: -5 (veto item) -4 (two overdue)");
	int k = assess_scheme_find(&sc, "msg_stale");
	tap_ok(k >= 0 && r.item[k].veto && r.item[k].points == 0, "the veto item scores 0");
	tap_int(assess_scheme_find(&sc, "nope"), -1, "an unknown code is not found");

	struct assess_manual man[] = {{"leadership", 35},
				      {"interpretation", 999},
				      {"req_overdue", 0},
				      {"unknown", 5},
				      {NULL, 1}};
	in = (struct assess_input){0};
	assess_score(&sc, &in, man, ARRAY_SIZE(man), &r);
	tap_int((long long)r.pending, 0, "both manual items scored");
	int l = assess_scheme_find(&sc, "leadership"),
	    p = assess_scheme_find(&sc, "interpretation");
	tap_int(r.item[l].points, 35, "a manual item as scored");
	tap_int(r.item[p].points, 50, "a manual item clamped to its full marks");
	tap_int(r.item[assess_scheme_find(&sc, "req_overdue")].points, 100,
		"a manual entry for a computed item is ignored");
	tap_int(r.total, 1000 - 15, "the total");
	struct assess_manual neg[] = {{"leadership", -20}};
	assess_score(&sc, &in, neg, 1, &r);
	tap_int(r.item[l].points, 0, "a negative manual score is clamped to 0");
	buf_free(&err);
}

static struct assess_result res(int total, bool vetoed, int sum)
{
	struct assess_result r;
	memset(&r, 0, sizeof(r));
	r.total = vetoed ? 0 : total;
	r.sum = sum;
	r.vetoed = vetoed;
	return r;
}

static void test_rank(void)
{
	struct assess_result r[] = {res(900, false, 900), res(950, false, 950),
				    res(900, false, 900), res(0, true, 990),
				    res(850, false, 850), res(0, true, 500)};
	int rank[ARRAY_SIZE(r)];
	assess_rank(r, ARRAY_SIZE(r), rank);
	tap_int(rank[1], 1, "the best first");
	tap_int(rank[0], 2, "a tie shares rank 2");
	tap_int(rank[2], 2, "a tie shares rank 2 (the other)");
	tap_int(rank[4], 4, "after a tie of two, rank 4");
	tap_int(rank[3], 5, "a vetoed agency behind all others, by its sum");
	tap_int(rank[5], 6, "the lower vetoed sum last");
	struct assess_result same[] = {res(0, true, 10), res(0, true, 10)};
	int rs[2];
	assess_rank(same, 2, rs);
	tap_ok(rs[0] == 1 && rs[1] == 1, "two vetoed with the same sum tie");
	assess_rank(NULL, 0, NULL);
	tap_ok(true, "ranking nothing is fine");
}

static void test_text(void)
{
	struct assess_scheme sc, back;
	assess_scheme_default(&sc);
	struct buf t = BUF_INIT, err = BUF_INIT, t2 = BUF_INIT;
	assess_scheme_format(&sc, &t);
	tap_int(assess_scheme_parse(t.p, t.len, &back, &err), 0, "the text form reads back %s",
		buf_cstr(&err));
	assess_scheme_format(&back, &t2);
	tap_str(buf_cstr(&t2), buf_cstr(&t), "the round trip is exact");
	tap_ok(!memcmp(&sc, &back, sizeof(sc)), "the same scheme");

	const char *good = "\xEF\xBB\xBF# 注释\r\n方案\t区政务公开考核\r\n\r\n"
			   "a1\t答复率\trate\treq_on_time\t15\t0.5\t\t98\r\n"
			   "b\t逾期\tper_count\treq_overdue\t10\t2\t1\r\n"
			   "c\t否决\tveto\tmsg_stale\t5\r\n"
			   "d\t人工\tmanual\t-\t2.5\t\t\t\r\n";
	tap_int(assess_scheme_parse(good, strlen(good), &back, &err), 0,
		"CRLF, a BOM, short rows, empty fields %s", buf_cstr(&err));
	tap_str(back.title, "区政务公开考核", "the title");
	tap_int((long long)back.n, 4, "four indicators");
	tap_ok(back.ind[0].per == 5 && back.ind[0].threshold == 98 && back.ind[0].max == 150,
	       "rate fields");
	tap_ok(back.ind[1].floor == 10 && back.ind[1].per == 20, "per_count fields");
	tap_int(back.ind[3].max, 25, "2.5 points");

	static const struct {
		const char *text, *want;
	} bad[] = {
	    {"", "至少要有一项指标"},
	    {"# only\n", "至少要有一项指标"},
	    {"x\t名\trate\treq_overdue\t10\t1\t0\t100\n",
	     "第1行：“名”按比率计分，数据项须为答复率"},
	    {"x\t名\tper_count\treq_on_time\t10\t1\n", "第1行：“名”按项扣分或单项否决"},
	    {"x\t名\tmanual\treq_overdue\t10\n", "人工评分，数据项应为“-”"},
	    {"x\t名\tmanual\t-\t10\t1\n", "人工评分，不设扣分"},
	    {"x\t名\tveto\tmsg_stale\t10\t1\n", "单项否决，不设每项扣分"},
	    {"x\t名\tper_count\treq_overdue\t10\t1\t0\t50\n", "不设达标率"},
	    {"x\t名\trate\treq_on_time\t10\t1\t0\t0\n", "达标率应在1至100之间"},
	    {"x\t名\trate\treq_on_time\t10\t1\t0\t101\n", "“达标率”列应为1至100的整数"},
	    {"X\t名\tveto\tmsg_stale\t5\n", "第1行：“代码”列不合规定"},
	    {"x\t名\tbogus\tmsg_stale\t5\n", "“计分方式”列应为"},
	    {"x\t名\tveto\tbogus\t5\n", "“数据项”列不是已知的数据项"},
	    {"x\t名\tveto\tmsg_stale\t5.55\n", "“满分”列应为分数"},
	    {"x\t名\tveto\tmsg_stale\t-5\n", "“满分”列应为分数"},
	    {"x\t名\tveto\tmsg_stale\t0\n", "满分应在0.1至100分之间"},
	    {"x\t名\tveto\tmsg_stale\t101\n", "满分应在0.1至100分之间"},
	    {"x\t名\tper_count\treq_overdue\t5\t1\t6\n", "最低分应在0和满分之间"},
	    {"x\t\tveto\tmsg_stale\t5\n", "指标名称不能为空"},
	    {"x\t名\tveto\n", "应有5至8列"},
	    {"x\t名\tveto\tmsg_stale\t5\t\t\t\t\n", "应有5至8列"},
	    {"x\t名\tveto\tmsg_stale\t5\nx\t名2\tveto\tmsg_stale\t5\n", "第2行：指标代码“x”重复"},
	    {"方案\t\nx\t名\tveto\tmsg_stale\t5\n", "第1行：方案名称不能为空"},
	    {"x\t一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"
	     "\tveto\tmsg_"
	     "stale\t5\n",
	     "不超过40个字"},
	    {"x\t名\xff\tveto\tmsg_stale\t5\n", "不是有效的UTF-8"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = assess_scheme_parse(bad[i].text, strlen(bad[i].text), &back, &err);
		tap_ok(rc == ZF_EINVAL && strstr(buf_cstr(&err), bad[i].want) && back.n == 0,
		       "refused #%zu: %s (got %s)", i, bad[i].want, buf_cstr(&err));
	}
	const char nul[] = "x\t名\tveto\tmsg_stale\t5\0\n";
	tap_int(assess_scheme_parse(nul, sizeof(nul) - 1, &back, &err), ZF_EINVAL, "a NUL refused");
	struct buf many = BUF_INIT;
	for (int i = 0; i < 41; i++)
		buf_printf(&many, "c%d\t名\tveto\tmsg_stale\t1\n", i);
	tap_ok(assess_scheme_parse(many.p, many.len, &back, &err) == ZF_EINVAL &&
		   strstr(buf_cstr(&err), "第41行：方案的指标不能超过40项"),
	       "41 indicators refused at line 41");
	buf_reset(&many);
	for (int i = 0; i < 11; i++)
		buf_printf(&many, "c%d\t名\tveto\tmsg_stale\t100\n", i);
	tap_ok(assess_scheme_parse(many.p, many.len, &back, &err) == ZF_EINVAL &&
		   strstr(buf_cstr(&err), "总分不能超过1000分"),
	       "a total over 1000 refused");
	buf_reset(&many);
	while (many.len <= ASSESS_TEXT_MAX)
		buf_adds(&many, "# padding padding padding padding padding padding\n");
	tap_ok(assess_scheme_parse(many.p, many.len, &back, &err) == ZF_EINVAL &&
		   strstr(buf_cstr(&err), "过大"),
	       "over 64KB refused");
	buf_free(&many);
	buf_free(&t);
	buf_free(&t2);
	buf_free(&err);
}

static void test_points(void)
{
	char s[16];
	assess_points_str(95, s);
	tap_str(s, "9.5", "9.5");
	assess_points_str(100, s);
	tap_str(s, "10", "10");
	assess_points_str(-25, s);
	tap_str(s, "-2.5", "-2.5");
	assess_points_str(0, s);
	tap_str(s, "0", "0");
	int v = -1;
	tap_ok(!assess_points_parse("9.5", &v) && v == 95, "reads 9.5");
	tap_ok(!assess_points_parse("0", &v) && v == 0, "reads 0");
	tap_ok(!assess_points_parse("9.50", &v) && v == 95, "reads 9.50");
	tap_ok(!assess_points_parse("999.9", &v) && v == 9999, "reads 999.9");
	const char *bad[] = {"", ".5", "9.", "9.55", "1000", "-1", "1e2", "9,5", " 9", "0x10"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		tap_ok(assess_points_parse(bad[i], &v) == ZF_EINVAL, "refused points \"%s\"",
		       bad[i]);
}

static void test_quarters(void)
{
	int q = 0;
	tap_ok(!assess_quarter_parse("2026Q3", &q) && q == 20263, "2026Q3");
	tap_ok(!assess_quarter_parse("2026q1", &q) && q == 20261, "2026q1");
	tap_ok(!assess_quarter_parse("2026-4", &q) && q == 20264, "2026-4");
	const char *bad[] = {"2026Q5", "2026Q0", "26Q3", "20260Q3", "2026Q3x", "", "1999Q1", "Q3"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		tap_ok(assess_quarter_parse(bad[i], &q) == ZF_EINVAL, "refused quarter \"%s\"",
		       bad[i]);
	char k[8], l[40], d1[11], d2[11];
	assess_quarter_key(20263, k);
	tap_str(k, "2026Q3", "key");
	assess_quarter_label(20263, l);
	tap_str(l, "2026年第三季度", "label");
	zf_day from, to;
	assess_quarter_range(20263, &from, &to);
	tap_str(date_format(from, d1), "2026-07-01", "Q3 starts on 1 July");
	tap_str(date_format(to, d2), "2026-09-30", "and ends on 30 September");
	assess_quarter_range(20241, &from, &to);
	tap_str(date_format(to, d2), "2024-03-31", "Q1 ends on 31 March");
	assess_quarter_range(20244, &from, &to);
	tap_str(date_format(to, d2), "2024-12-31", "Q4 ends on 31 December");
	tap_int(assess_quarter_of(date_from_ymd(2026, 12, 7)), 20264, "7 December is Q4");
	tap_int(assess_quarter_of(date_from_ymd(2026, 4, 1)), 20262, "1 April is Q2");
	tap_int(assess_quarter_of(date_from_ymd(2026, 3, 31)), 20261, "31 March is Q1");
	tap_int(assess_quarter_prev(20261), 20254, "before 2026Q1: 2025Q4");
	tap_int(assess_quarter_prev(20263), 20262, "before 2026Q3: 2026Q2");
}

static void test_problems(void)
{
	struct assess_input in = {0};
	struct buf b = BUF_INIT;
	tap_int(assess_problems(&in, &b), 0, "a clean agency: no problems");
	tap_str(buf_cstr(&b), "", "nothing written");
	in.num[ASSESS_M_REQ_ON_TIME] = 2;
	in.den[ASSESS_M_REQ_ON_TIME] = 3;
	in.num[ASSESS_M_REQ_OVERDUE] = 2;
	in.num[ASSESS_M_MSG_STALE] = 1;
	in.num[ASSESS_M_MEDIA_SILENT] = 3;
	tap_int(assess_problems(&in, &b), 4, "four problems");
	tap_str(buf_cstr(&b),
		"依申请公开按时答复率66.6%，逾期未答复政府信息公开申请2件，超过3个月未答复留言1条"
		"（单项否决风险），政务新媒体账号长期未更新3个",
		"named with their figures");
	buf_free(&b);
}

int main(void)
{
	test_rate();
	test_count();
	test_veto_manual();
	test_rank();
	test_text();
	test_points();
	test_quarters();
	test_problems();
	for (int m = 0; m < ASSESS_M_COUNT; m++) {
		enum assess_metric back;
		tap_ok(!assess_metric_parse(assess_metric_name((enum assess_metric)m), &back) &&
			   (int)back == m && assess_metric_label((enum assess_metric)m)[0],
		       "metric %d names and labels", m);
	}
	for (int k = 0; k <= ASSESS_MANUAL; k++) {
		enum assess_kind back;
		tap_ok(!assess_kind_parse(assess_kind_name((enum assess_kind)k), &back) &&
			   (int)back == k && assess_kind_label((enum assess_kind)k)[0],
		       "kind %d names and labels", k);
	}
	return tap_done();
}
