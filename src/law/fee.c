/* fee.c: the 信息处理费 tiers of 国办函〔2020〕109号 and their arithmetic in words. */
#include "common.h"
#include "fee.h"
#include "strlist.h"

/* One band of a progressive scale: items from..to (inclusive) cost `rate` yuan each. */
struct band {
	long from, to;
	int64_t rate;
};

/* Art. 5 按量计收: 1–30 pages free, 31–100 at 10 元, 101–200 at 20 元, from 201 at 40 元. */
static const struct band page_bands[] = {
    {1, 30, 0},
    {31, 100, 10},
    {101, 200, 20},
    {201, LONG_MAX, 40},
};

/* Art. 4 按件计收: 1–10 free, 11–30 at 100 元, then bands of 10 requests, each 100 元/件 dearer
 * than the one before (31–40 at 200 元, 41–50 at 300 元, …). */
static struct band request_band(long k)
{
	if (k == 0)
		return (struct band){1, 10, 0};
	if (k == 1)
		return (struct band){11, 30, 100};
	return (struct band){30 + 10 * (k - 2) + 1, 30 + 10 * (k - 1), 100 * (int64_t)k};
}

static struct band band_at(enum fee_method m, long k)
{
	if (m == FEE_PER_PAGE)
		return page_bands[k];
	return request_band(k);
}

static long band_containing(enum fee_method m, long n)
{
	if (m == FEE_PER_PAGE) {
		long k = 0;
		while (page_bands[k].to < n)
			k++;
		return k;
	}
	if (n <= 10)
		return 0;
	if (n <= 30)
		return 1;
	return 2 + (n - 31) / 10;
}

/* The sum over items 1..n of their band's rate. */
static int64_t progressive_total(enum fee_method m, long n)
{
	int64_t sum = 0;
	long last = band_containing(m, n);
	for (long k = 0; k <= last; k++) {
		struct band b = band_at(m, k);
		sum += (int64_t)(ZF_MIN(b.to, n) - b.from + 1) * b.rate;
	}
	return sum;
}

int64_t fee_per_request(long n)
{
	if (n < 1)
		return 0;
	return band_at(FEE_PER_REQUEST, band_containing(FEE_PER_REQUEST, n)).rate;
}

int64_t fee_per_page(long p)
{
	if (p < 1)
		return 0;
	return progressive_total(FEE_PER_PAGE, p);
}

const char *fee_method_label(enum fee_method method)
{
	return method == FEE_PER_PAGE ? "按量计收" : "按件计收";
}

const char *fee_method_key(enum fee_method method)
{
	return method == FEE_PER_PAGE ? "per_page" : "per_request";
}

void fee_result_free(struct fee_result *r)
{
	struct strlist l = {.v = r->lines, .n = r->nlines};
	strlist_free(&l);
	memset(r, 0, sizeof(*r));
}

/* Bands listed one per line when there are at most this many; beyond, the middle is elided. */
#define FEE_MAX_LISTED_BANDS 8

/* Lists the bands of items 1..n and their sum, "第 31–40 件：10 件 × 200 元/件 = 2000 元". */
static void describe_bands(struct strlist *l, enum fee_method m, long n)
{
	const char *unit = m == FEE_PER_PAGE ? "页" : "件";
	long last = band_containing(m, n);
	struct buf sum = BUF_INIT;
	int nterms = 0;
	for (long k = 0; k <= last; k++) {
		struct band b = band_at(m, k);
		long to = ZF_MIN(b.to, n), items = to - b.from + 1;
		int64_t part = (int64_t)items * b.rate;
		if (last >= FEE_MAX_LISTED_BANDS && k == FEE_MAX_LISTED_BANDS / 2 && k < last) {
			/* elide the bands k .. last-1 in one line */
			struct band e = band_at(m, last - 1);
			int64_t mid = progressive_total(m, e.to) - progressive_total(m, b.from - 1);
			strlist_addf(
			    l,
			    "第 %ld–%ld %s：每 10 %s一档，收费标准由 %lld 元/%s递增至 %lld 元/%s，"
			    "小计 %lld 元（中间 %ld 档从略）",
			    b.from, e.to, unit, unit, (long long)b.rate, unit, (long long)e.rate,
			    unit, (long long)mid, last - k);
			buf_printf(&sum, "%s%lld", nterms++ ? " + " : "", (long long)mid);
			k = last - 1;
			continue;
		}
		if (b.rate == 0) {
			strlist_addf(l, "第 %ld–%ld %s：免费", b.from, to, unit);
			continue;
		}
		if (items == 1)
			strlist_addf(l, "第 %ld %s：1 %s × %lld 元/%s = %lld 元", b.from, unit,
				     unit, (long long)b.rate, unit, (long long)part);
		else
			strlist_addf(l, "第 %ld–%ld %s：%ld %s × %lld 元/%s = %lld 元", b.from, to,
				     unit, items, unit, (long long)b.rate, unit, (long long)part);
		buf_printf(&sum, "%s%lld", nterms++ ? " + " : "", (long long)part);
	}
	int64_t total = progressive_total(m, n);
	if (nterms > 1)
		strlist_addf(l, "合计：%s = %lld 元", buf_cstr(&sum), (long long)total);
	else
		strlist_addf(l, "合计：%lld 元", (long long)total);
	if (sum.failed)
		l->failed = true;
	buf_free(&sum);
}

int fee_compute(enum fee_method method, long count, struct fee_result *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	struct buf ignored = BUF_INIT;
	if (!err)
		err = &ignored;
	if (method != FEE_PER_REQUEST && method != FEE_PER_PAGE) {
		buf_printf(err, "未知的计收方式 %d", (int)method);
		buf_free(&ignored);
		return ZF_EINVAL;
	}
	long max = method == FEE_PER_PAGE ? FEE_MAX_PAGES : FEE_MAX_MONTHLY_COUNT;
	if (count < 1 || count > max) {
		if (method == FEE_PER_PAGE)
			buf_printf(err, "页数 %ld 无效：应为 1 到 %ld 之间的整数", count, max);
		else
			buf_printf(err,
				   "本月累计申请件数 %ld 无效：应为 1 到 %ld 之间的整数（含本件）",
				   count, max);
		buf_free(&ignored);
		return ZF_ERANGE;
	}

	struct strlist l = {0};
	int64_t amount, total = progressive_total(method, count);
	if (method == FEE_PER_PAGE) {
		amount = total;
		strlist_addf(
		    &l,
		    "计收方式：按量计收（国办函〔2020〕109号第五条），按本件申请提供的页数超额累进"
		    "计算。");
		if (count <= page_bands[0].to) {
			strlist_addf(&l, "共 %ld 页，未超过 %ld 页，免费。", count,
				     page_bands[0].to);
		} else {
			strlist_addf(&l, "共 %ld 页，分档计算：", count);
			describe_bands(&l, method, count);
		}
		strlist_addf(&l, "本件信息处理费：%lld 元。", (long long)amount);
	} else {
		struct band b = band_at(method, band_containing(method, count));
		amount = b.rate;
		strlist_addf(
		    &l, "计收方式：按件计收（国办函〔2020〕109号第四条），按同一申请人一个自然月内"
			"累计申请件数超额累进计算。");
		if (amount == 0)
			strlist_addf(&l, "本件为该申请人本月第 %ld 件申请，未超过 %ld 件，免费。",
				     count, b.to);
		else
			strlist_addf(
			    &l,
			    "本件为该申请人本月第 %ld 件申请，属于第 %ld–%ld 件一档，收费标准 %lld "
			    "元/件。",
			    count, b.from, b.to, (long long)b.rate);
		strlist_addf(&l, "本件信息处理费：%lld 元。", (long long)amount);
		if (total > 0) {
			strlist_addf(&l, "本月第 1–%ld 件累计：", count);
			describe_bands(&l, method, count);
		}
	}
	if (l.failed) {
		strlist_free(&l);
		return ZF_ENOMEM;
	}
	out->method = method;
	out->count = count;
	out->amount_yuan = amount;
	out->month_total_yuan = total;
	out->free = amount == 0;
	out->lines = l.v;
	out->nlines = l.n;
	return 0;
}
