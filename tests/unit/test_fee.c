/* test_fee.c: the 信息处理费 tiers of 国办函〔2020〕109号 at every boundary, and their words. */
#include "common.h"
#include "law/fee.h"
#include "tap.h"

static void test_per_request(void)
{
	static const struct {
		long n;
		int64_t fee, month;
	} cases[] = {
	    {1, 0, 0},	       /* the first requests are free */
	    {10, 0, 0},	       /* 10 inclusive */
	    {11, 100, 100},    /* 11th: first charged */
	    {30, 100, 2000},   /* 20 × 100 */
	    {31, 200, 2200},   /* next band of 10 */
	    {40, 200, 4000},   /* 2000 + 10 × 200 */
	    {41, 300, 4300},   /* band 41–50 */
	    {45, 300, 5500},   /* the spec's example */
	    {50, 300, 7000},   /* 4000 + 10 × 300 */
	    {51, 400, 7400},   /* band 51–60 */
	    {100, 800, 37000}, /* 2000 + 10×(200+…+800) = 2000 + 35000 */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fee_result r;
		struct buf err = BUF_INIT;
		int rc = fee_compute(FEE_PER_REQUEST, cases[i].n, &r, &err);
		tap_int(rc, 0, "per request, n = %ld: computed", cases[i].n);
		tap_int(r.amount_yuan, cases[i].fee,
			"the %ld-th request of the month costs %lld 元", cases[i].n,
			(long long)cases[i].fee);
		tap_int(r.month_total_yuan, cases[i].month, "requests 1..%ld cost %lld 元 together",
			cases[i].n, (long long)cases[i].month);
		tap_ok(r.free == (cases[i].fee == 0), "free flag at n = %ld", cases[i].n);
		tap_int(fee_per_request(cases[i].n), cases[i].fee, "fee_per_request(%ld)",
			cases[i].n);
		fee_result_free(&r);
		buf_free(&err);
	}
	/* the month total is the sum of the single fees */
	int64_t sum = 0;
	int bad = 0;
	for (long n = 1; n <= 2000; n++) {
		sum += fee_per_request(n);
		struct fee_result r;
		if (fee_compute(FEE_PER_REQUEST, n, &r, NULL) || r.month_total_yuan != sum)
			bad++;
		fee_result_free(&r);
	}
	tap_int(bad, 0, "month total = Σ single fees for n = 1..2000");
}

static void test_per_page(void)
{
	static const struct {
		long p;
		int64_t fee;
	} cases[] = {
	    {1, 0},	 {30, 0},     {31, 10},	   {100, 700},	  {101, 720},
	    {200, 2700}, {201, 2740}, {250, 4700}, {1000, 34700},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fee_result r;
		int rc = fee_compute(FEE_PER_PAGE, cases[i].p, &r, NULL);
		tap_int(rc, 0, "per page, p = %ld: computed", cases[i].p);
		tap_int(r.amount_yuan, cases[i].fee, "%ld pages cost %lld 元", cases[i].p,
			(long long)cases[i].fee);
		tap_int(r.month_total_yuan, r.amount_yuan, "per page: total = amount");
		tap_int(fee_per_page(cases[i].p), cases[i].fee, "fee_per_page(%ld)", cases[i].p);
		fee_result_free(&r);
	}
	/* the formula of the spec, for every page count up to 1000 */
	int bad = 0;
	for (long p = 1; p <= 1000; p++) {
		int64_t want = 10 * ZF_MAX(0, ZF_MIN(p, 100) - 30) +
			       20 * ZF_MAX(0, ZF_MIN(p, 200) - 100) + 40 * ZF_MAX(0, p - 200);
		if (fee_per_page(p) != want)
			bad++;
	}
	tap_int(bad, 0, "per page matches the spec's formula for 1..1000 pages");
}

static bool has_line(const struct fee_result *r, const char *want)
{
	for (size_t i = 0; i < r->nlines; i++)
		if (strcmp(r->lines[i], want) == 0)
			return true;
	return false;
}

static void test_words(void)
{
	struct fee_result r;
	fee_compute(FEE_PER_PAGE, 250, &r, NULL);
	tap_ok(has_line(&r, "第 1–30 页：免费"), "page words: free band");
	tap_ok(has_line(&r, "第 31–100 页：70 页 × 10 元/页 = 700 元"), "page words: band 2");
	tap_ok(has_line(&r, "第 201–250 页：50 页 × 40 元/页 = 2000 元"), "page words: band 4");
	tap_ok(has_line(&r, "合计：700 + 2000 + 2000 = 4700 元"), "page words: the sum");
	tap_ok(has_line(&r, "本件信息处理费：4700 元。"), "page words: the amount");
	fee_result_free(&r);

	fee_compute(FEE_PER_PAGE, 30, &r, NULL);
	tap_ok(has_line(&r, "共 30 页，未超过 30 页，免费。"), "30 pages: free, said so");
	fee_result_free(&r);

	fee_compute(FEE_PER_REQUEST, 45, &r, NULL);
	tap_ok(has_line(&r, "本件为该申请人本月第 45 件申请，属于第 41–50 件一档，收费标准 300 "
			    "元/件。"),
	       "request words: the band");
	tap_ok(has_line(&r, "第 41–45 件：5 件 × 300 元/件 = 1500 元"), "request words: last band");
	tap_ok(has_line(&r, "合计：2000 + 2000 + 1500 = 5500 元"), "request words: the sum");
	fee_result_free(&r);

	fee_compute(FEE_PER_REQUEST, 10, &r, NULL);
	tap_ok(has_line(&r, "本件为该申请人本月第 10 件申请，未超过 10 件，免费。"),
	       "10th request: free, said so");
	fee_result_free(&r);

	fee_compute(FEE_PER_REQUEST, 31, &r, NULL);
	tap_ok(has_line(&r, "第 31 件：1 件 × 200 元/件 = 200 元"), "a band of one request");
	fee_result_free(&r);

	/* many bands: the middle is elided, and the sum still adds up */
	int rc = fee_compute(FEE_PER_REQUEST, FEE_MAX_MONTHLY_COUNT, &r, NULL);
	tap_ok(rc == 0 && r.nlines < 20, "the largest month is described in %zu lines", r.nlines);
	bool elided = false;
	for (size_t i = 0; i < r.nlines; i++)
		elided |= strstr(r.lines[i], "从略") != NULL;
	tap_ok(elided, "the middle bands are elided");
	int64_t sum = 0;
	for (long n = 1; n <= FEE_MAX_MONTHLY_COUNT; n++)
		sum += fee_per_request(n);
	tap_int(r.month_total_yuan, sum, "the largest month's total is exact");
	char want[64];
	snprintf(want, sizeof(want), "= %lld 元", (long long)sum);
	tap_ok(strstr(r.lines[r.nlines - 1], want) != NULL, "the sum line ends with the total");
	fee_result_free(&r);
}

static void test_errors(void)
{
	struct buf err = BUF_INIT;
	struct fee_result r;
	tap_int(fee_compute(FEE_PER_PAGE, 0, &r, &err), ZF_ERANGE, "0 pages refused");
	tap_ok(strstr(buf_cstr(&err), "页数") != NULL, "with a Chinese reason: %s", buf_cstr(&err));
	tap_ok(r.lines == NULL && r.nlines == 0, "and an empty result");
	buf_reset(&err);
	tap_int(fee_compute(FEE_PER_REQUEST, -3, &r, &err), ZF_ERANGE, "a negative count refused");
	tap_ok(strstr(buf_cstr(&err), "件数") != NULL, "with a Chinese reason: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(fee_compute(FEE_PER_PAGE, FEE_MAX_PAGES + 1, &r, &err), ZF_ERANGE,
		"an absurd page count refused");
	buf_reset(&err);
	tap_int(fee_compute((enum fee_method)7, 5, &r, &err), ZF_EINVAL,
		"an unknown method refused");
	buf_free(&err);
	tap_str(fee_method_label(FEE_PER_REQUEST), "按件计收", "method label");
	tap_str(fee_method_key(FEE_PER_PAGE), "per_page", "method key");
}

int main(void)
{
	test_per_request();
	test_per_page();
	test_words();
	test_errors();
	return tap_done();
}
