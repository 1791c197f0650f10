/* deadline.c: the reply-deadline arithmetic and its explanation in words. */
#include "common.h"
#include "deadline.h"
#include "strlist.h"

void deadline_result_free(struct deadline_result *r)
{
	struct strlist l = {.v = r->steps, .n = r->nsteps};
	strlist_free(&l);
	memset(r, 0, sizeof(*r));
}

static const char *fmt_day(zf_day d, char buf[40])
{
	char ds[11];
	snprintf(buf, 40, "%s（%s）", date_format(d, ds), date_weekday_zh(d));
	return buf;
}

static int validate(const struct deadline_input *in, zf_day start, struct buf *err)
{
	char a[11], b[11];
	if (in->supplemented && in->supplement_received < in->received) {
		buf_printf(err, "补正材料的收到日期 %s 早于收到申请之日 %s，请核对",
			   date_format(in->supplement_received, a), date_format(in->received, b));
		return ZF_EINVAL;
	}
	if (in->extension < 0 || in->extension > DEADLINE_MAX_EXTENSION) {
		buf_printf(err,
			   "延期天数 %d 无效：条例第三十三条规定延长的期限最长不得超过 %d 个工作日",
			   in->extension, DEADLINE_MAX_EXTENSION);
		return ZF_ERANGE;
	}
	for (size_t i = 0; i < in->nexcluded; i++) {
		const struct deadline_interval *iv = &in->excluded[i];
		if (iv->to < iv->from) {
			buf_printf(err, "不计入期限的区间 %s 至 %s 结束早于开始，请核对",
				   date_format(iv->from, a), date_format(iv->to, b));
			return ZF_EINVAL;
		}
		if (iv->from < start) {
			buf_printf(err,
				   "不计入期限的区间 %s 至 %s 开始于答复期限起算日 %s 之前，请核对",
				   date_format(iv->from, a), date_format(iv->to, b),
				   date_format(start, (char[11]){0}));
			return ZF_EINVAL;
		}
		if (iv->to - iv->from > DEADLINE_MAX_INTERVAL_DAYS) {
			buf_printf(err, "不计入期限的区间 %s 至 %s 超过 %d 天，疑为录入错误",
				   date_format(iv->from, a), date_format(iv->to, b),
				   DEADLINE_MAX_INTERVAL_DAYS);
			return ZF_ERANGE;
		}
	}
	return 0;
}

/* Describes the holidays, local days off and make-up working days in (from, to]. */
static void describe_days(const struct calendar *cal, zf_day from, zf_day to, struct strlist *s)
{
	char b1[40], b2[40];
	int weekend_off = 0;
	for (zf_day d = from + 1; d <= to; d++) {
		const char *name;
		enum cal_kind k = cal_kind(cal, d, &name);
		if (k == CAL_WORK) {
			strlist_addf(s, "%s%s调休上班，计入。", fmt_day(d, b1), *name ? name : "");
		} else if (k == CAL_OFF || k == CAL_LOCAL_OFF) {
			zf_day end = d;
			const char *n2;
			while (end < to && cal_kind(cal, end + 1, &n2) == k &&
			       strcmp(n2, name) == 0)
				end++;
			const char *what = k == CAL_LOCAL_OFF	      ? "（地方性假日）"
					   : cal_is_estimated(cal, d) ? "放假（推算）"
								      : "放假";
			if (end == d)
				strlist_addf(s, "%s%s%s，不计入。", fmt_day(d, b1), name, what);
			else
				strlist_addf(s, "%s 至 %s %s%s，不计入。", date_format(d, b1),
					     date_format(end, b2), name, what);
			d = end;
		} else if (date_weekday(d) >= 6) {
			weekend_off++;
		}
	}
	if (weekend_off)
		strlist_addf(s, "其间另有周六、周日休息 %d 天，不计入。", weekend_off);
}

/* The plain-language note for days in years whose State Council notice is not registered. */
static void note_provisional(const struct calendar *cal, zf_day from, zf_day to, struct strlist *s)
{
	int y1 = date_to_ymd(from).y, y2 = date_to_ymd(to).y;
	for (int y = y1; y <= y2; y++) {
		if (cal_year_covered(cal, y))
			continue;
		if (y >= CAL_EST_FIRST_YEAR && y <= CAL_LAST_YEAR)
			strlist_addf(
			    s,
			    "注意：%d年的放假安排国务院尚未公布，已按《全国年节及纪念日放假办"
			    "法》推算法定节假日（未计调休），为暂定日期。",
			    y);
		else
			strlist_addf(
			    s, "注意：%d年的放假安排未收录，只按周一至周五计算工作日，为暂定日期。",
			    y);
	}
}

int deadline_compute(const struct calendar *cal, const struct deadline_input *in,
		     struct deadline_result *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	zf_day start = in->supplemented ? in->supplement_received : in->received;
	int rc = validate(in, start, err);
	if (rc)
		return rc;

	/* Excluded working days: the union of the intervals, so overlapping windows count once. */
	zf_day lo = start, hi = start;
	for (size_t i = 0; i < in->nexcluded; i++)
		hi = ZF_MAX(hi, in->excluded[i].to);
	size_t span = (size_t)(hi - lo) + 1;
	uint8_t *mark = calloc(span, 1);
	if (!mark)
		return ZF_ENOMEM;
	for (size_t i = 0; i < in->nexcluded; i++)
		for (zf_day d = in->excluded[i].from + 1; d <= in->excluded[i].to; d++)
			if (cal_is_working(cal, d))
				mark[d - lo] = 1;
	int excluded = 0;
	for (size_t i = 0; i < span; i++)
		excluded += mark[i];
	free(mark);

	int total = DEADLINE_BASE_DAYS + in->extension + excluded;
	zf_day due = cal_add_working_days(cal, start, total);
	bool provisional = !cal_range_covered(cal, start + 1, ZF_MAX(due, hi));

	struct strlist s = {0};
	char b1[40];
	strlist_addf(&s, "收到申请之日：%s。", fmt_day(in->received, b1));
	if (in->supplemented)
		strlist_addf(&s,
			     "补正：%s收到补正后的申请，答复期限自该日重新起算（条例第三十条）。",
			     fmt_day(in->supplement_received, b1));
	strlist_addf(&s, "答复期限为 %d 个工作日（条例第三十三条第二款），自 %s的次日起算。",
		     DEADLINE_BASE_DAYS, fmt_day(start, b1));
	for (size_t i = 0; i < in->nexcluded; i++) {
		const struct deadline_interval *iv = &in->excluded[i];
		char d1[11], d2[11];
		strlist_addf(&s,
			     "%s：%s（%s，不含）至 %s（%s，含），其中 %d "
			     "个工作日不计入答复期限（条例第三十三条第三款）。",
			     iv->label ? iv->label : "中止计算", date_format(iv->from, d1),
			     date_weekday_zh(iv->from), date_format(iv->to, d2),
			     date_weekday_zh(iv->to),
			     cal_count_working_days(cal, iv->from, iv->to));
	}
	if (in->nexcluded > 1)
		strlist_addf(&s, "各区间重叠的日子只计一次，合计 %d 个工作日不计入。", excluded);
	if (in->extension)
		strlist_addf(&s,
			     "经政府信息公开工作机构负责人同意延长答复期限 %d "
			     "个工作日（条例第三十三条第二款）。",
			     in->extension);
	if (in->extension || excluded)
		strlist_addf(&s, "合计应计 %d 个工作日（%d + 延期 %d + 不计入 %d）。", total,
			     DEADLINE_BASE_DAYS, in->extension, excluded);
	describe_days(cal, start, due, &s);
	if (provisional)
		note_provisional(cal, start + 1, ZF_MAX(due, hi), &s);
	strlist_addf(&s, "答复截止日：%s，即第 %d 个工作日%s。", fmt_day(due, b1), total,
		     provisional ? "（暂定）" : "");
	if (s.failed) {
		strlist_free(&s);
		return ZF_ENOMEM;
	}
	out->start = start;
	out->due = due;
	out->working_days = total;
	out->excluded_days = excluded;
	out->provisional = provisional;
	out->steps = s.v;
	out->nsteps = s.n;
	return 0;
}
