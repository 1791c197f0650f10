/* test_calendar.c: the working-day calendar and the deadline arithmetic, dates checked by hand. */
#include "common.h"
#include "law/calendar.h"
#include "law/deadline.h"
#include "tap.h"

static zf_day D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static struct calendar *builtin(void)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("built-in calendar: %s", buf_cstr(&err));
	buf_free(&err);
	return cal;
}

static void test_predicate(struct calendar *cal)
{
	tap_ok(cal_is_working(cal, D(2026, 2, 10)), "an ordinary Tuesday works");
	tap_ok(!cal_is_working(cal, D(2026, 2, 7)), "an ordinary Saturday is off");
	tap_ok(cal_is_working(cal, D(2026, 2, 14)), "2026-02-14 Saturday is a make-up working day");
	tap_ok(!cal_is_working(cal, D(2026, 2, 16)), "2026-02-16 Monday is 春节 off");
	tap_ok(!cal_is_working(cal, D(2020, 2, 1)),
	       "2020-02-01: the 2020 extension cancelled the make-up day");
	tap_ok(!cal_is_working(cal, D(2020, 1, 31)), "2020-01-31 is off (extended 春节)");
	tap_ok(!cal_is_working(cal, D(2015, 9, 3)), "2015-09-03 anniversary is off");
	tap_ok(cal_is_working(cal, D(2015, 9, 6)), "2015-09-06 Sunday is a make-up working day");
	const char *name;
	tap_int(cal_kind(cal, D(2026, 10, 1), &name), CAL_OFF, "国庆 is an off entry");
	tap_str(name, "国庆节", "with its name");
	tap_ok(cal_year_covered(cal, 2008) && cal_year_covered(cal, 2026), "2008 and 2026 covered");
	tap_ok(!cal_year_covered(cal, 2007), "2007 not covered (only 2008's New Year lines)");
	tap_ok(!cal_year_covered(cal, 2027), "2027 not covered yet");
	int first, last;
	cal_coverage(cal, &first, &last);
	tap_ok(first == 2008 && last == 2026, "coverage 2008-2026");
	tap_ok(!cal_is_working(cal, D(2027, 1, 1)),
	       "uncovered 2027-01-01 (Friday) is an estimated 元旦 day off");
	tap_ok(cal_is_working(cal, D(2027, 1, 4)), "uncovered 2027-01-04 Monday works");
}

/* Issue #12: a year without a registered notice gets the statutory days off estimated. */
static void test_estimated(struct calendar *cal)
{
	const char *name;
	tap_int(cal_kind(cal, D(2027, 1, 1), &name), CAL_OFF, "2027-01-01 reads as a day off");
	tap_str(name, "元旦", "named 元旦");
	tap_ok(cal_is_estimated(cal, D(2027, 1, 1)), "and marked estimated");
	tap_ok(!cal_is_estimated(cal, D(2026, 1, 1)), "a registered day is not estimated");
	tap_ok(!cal_is_estimated(cal, D(2026, 1, 2)), "nor a registered day outside the statute");
	/* 春节 2027: 正月初一 is 2027-02-06 (Saturday); off are 除夕 02-05 and 初一–初三. */
	tap_ok(cal_is_working(cal, D(2027, 2, 4)), "2027-02-04 (Thu, 腊月廿八) works");
	int off = 0;
	for (zf_day d = D(2027, 2, 5); d <= D(2027, 2, 8); d++)
		off += !cal_is_working(cal, d) && cal_kind(cal, d, &name) == CAL_OFF &&
		       strcmp(name, "春节") == 0;
	tap_int(off, 4, "2027-02-05..02-08 are 春节 days off");
	tap_ok(cal_is_working(cal, D(2027, 2, 9)), "2027-02-09 (Tue, 初四) works: no 调休 guessed");
	tap_ok(!cal_is_working(cal, D(2027, 4, 5)), "清明 2027-04-05 (Monday) off");
	tap_ok(!cal_is_working(cal, D(2027, 6, 9)), "端午 2027-06-09 (Wednesday) off");
	tap_ok(!cal_is_working(cal, D(2027, 9, 15)), "中秋 2027-09-15 (Wednesday) off");
	tap_ok(cal_is_working(cal, D(2027, 9, 16)), "2027-09-16 works");
	tap_ok(cal_is_working(cal, D(2027, 5, 3)), "2027-05-03 (Monday) works");
	tap_int(cal_kind(cal, D(2027, 5, 1), &name), CAL_OFF, "2027-05-01 off (a Saturday)");
	tap_ok(cal_is_working(cal, D(2027, 10, 4)), "2027-10-04 (Monday) works: no substitute day");
	tap_ok(!cal_is_working(cal, D(2027, 10, 1)), "国庆 2027-10-01 (Friday) off");
	/* 2027 statutory days: 13; those on weekdays: 元旦 Fri; 春节 Fri (+ Sat Sun Mon);
	 * 清明 Mon; 劳动 Sat Sun; 端午 Wed; 中秋 Wed; 国庆 Fri Sat Sun → 7 weekdays off. */
	int working = cal_count_working_days(cal, D(2026, 12, 31), D(2027, 12, 31));
	int weekdays = 0;
	for (zf_day d = D(2027, 1, 1); d <= D(2027, 12, 31); d++)
		weekdays += date_weekday(d) <= 5;
	tap_int(weekdays - working, 7, "2027 loses 7 weekdays to the statutory days off");

	/* Registering the year's notice replaces every estimate of that year. */
	struct calendar *c2 = cal_new();
	struct buf err = BUF_INIT;
	tap_ok(!cal_is_working(c2, D(2027, 2, 5)), "a fresh calendar estimates 2027 too");
	tap_int(cal_load_tsv(c2,
			     str_c("2027-01-01\toff\t元旦\n2027-02-07\twork\t春节\n"
				   "2027-02-05\twork\t春节\n"),
			     "t", &err),
		0, "a work line on an estimated day off loads without conflict");
	tap_ok(cal_year_covered(c2, 2027), "2027 now covered");
	tap_ok(cal_is_working(c2, D(2027, 2, 5)) && !cal_is_estimated(c2, D(2027, 2, 8)),
	       "the estimates of 2027 are gone");
	tap_ok(cal_is_working(c2, D(2027, 2, 8)), "2027-02-08 is an ordinary Monday now");
	tap_ok(!cal_is_working(c2, D(2028, 1, 1)), "2028 still estimated");
	buf_free(&err);
	cal_free(c2);
}

static void test_counting(struct calendar *cal)
{
	tap_int(cal_add_working_days(cal, D(2026, 2, 10), 20), D(2026, 3, 16),
		"issue example: 2026-02-10 + 20 = 2026-03-16");
	tap_int(cal_add_working_days(cal, D(2026, 2, 10), 0), D(2026, 2, 10),
		"adding 0 is the same day");
	tap_int(cal_add_working_days(cal, D(2026, 2, 13), 1), D(2026, 2, 14),
		"day 1 after Friday 2026-02-13 is the make-up Saturday");
	tap_int(cal_add_working_days(cal, D(2026, 2, 14), 1), D(2026, 2, 24),
		"day 1 after 2026-02-14 skips 春节");
	tap_int(cal_count_working_days(cal, D(2026, 2, 10), D(2026, 3, 16)), 20,
		"count inverts add");
	tap_int(cal_count_working_days(cal, D(2026, 3, 16), D(2026, 2, 10)), 0,
		"reversed interval counts 0");
	tap_int(cal_count_working_days(cal, D(2026, 9, 30), D(2026, 10, 8)), 1,
		"国庆 2026: only 10-08 works in (09-30, 10-08]");
	/* property: for random starts and n, count(start, add(start, n)) == n and the end works */
	int bad = 0;
	unsigned seed = 12345;
	for (int i = 0; i < 5000; i++) {
		seed = seed * 1103515245u + 12345u;
		zf_day start = D(2008, 1, 1) + (zf_day)(seed % 7300);
		int n = (int)((seed >> 16) % 60);
		zf_day end = cal_add_working_days(cal, start, n);
		if (cal_count_working_days(cal, start, end) != n ||
		    (n && !cal_is_working(cal, end)))
			bad++;
	}
	tap_int(bad, 0, "add/count agree on 5000 random cases");
}

static void test_load_errors(void)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	tap_int(cal_load_tsv(cal, str_c("2027-02-30\toff\t春节\n"), "t", &err), ZF_ERANGE,
		"impossible date refused");
	tap_ok(strstr(buf_cstr(&err), "第1行") != NULL, "message names the line");
	buf_reset(&err);
	tap_int(cal_load_tsv(cal, str_c("# comment\n\n2027-02-10\tholiday\t春节\n"), "t", &err),
		ZF_EPARSE, "unknown kind refused");
	tap_ok(strstr(buf_cstr(&err), "第3行") != NULL, "line count includes comments and blanks");
	buf_reset(&err);
	tap_int(
	    cal_load_tsv(cal, str_c("2027-02-10\toff\t春节\n2027-02-10\twork\t春节\n"), "t", &err),
	    ZF_EINVAL, "conflicting lines refused");
	buf_reset(&err);
	tap_int(cal_load_tsv(cal, str_c("2027-01-01  off  元旦\r\n"), "t", &err), 0,
		"spaces and CRLF accepted");
	tap_ok(cal_year_covered(cal, 2027), "a national line covers its year");
	tap_int(cal_load_tsv(cal, str_c("2028-03-03\tlocal-off\t三月三\n"), "t", &err), 0,
		"local day off loads");
	tap_ok(!cal_year_covered(cal, 2028), "a local day off does not cover the year");
	tap_ok(!cal_is_working(cal, D(2028, 3, 3)), "local day off is not a working day");
	tap_int(cal_load_tsv(cal, str_c("2026-12-31\toff\t元旦\n"), "t", &err), 0,
		"New Year line in December");
	tap_ok(!cal_year_covered(cal, 2026),
	       "a December 元旦 line covers the next year, not its own");
	buf_free(&err);
	cal_free(cal);
}

static void test_deadline(struct calendar *cal)
{
	struct deadline_input in = {.received = D(2026, 2, 10)};
	struct deadline_result r;
	struct buf err = BUF_INIT;
	tap_int(deadline_compute(cal, &in, &r, &err), 0, "plain deadline");
	tap_int(r.due, D(2026, 3, 16), "plain deadline date");
	bool said = false;
	for (size_t i = 0; i < r.nsteps; i++)
		said =
		    said || strstr(r.steps[i], "2026-02-15 至 2026-02-23 春节放假，不计入") != NULL;
	tap_ok(said, "the steps explain 春节");
	tap_ok(!r.provisional, "not provisional");
	deadline_result_free(&r);

	in.supplemented = true;
	in.supplement_received = D(2026, 3, 9);
	deadline_compute(cal, &in, &r, &err);
	tap_int(r.due, D(2026, 4, 7), "supplement restarts the clock (清明 2026-04-06 off)");
	deadline_result_free(&r);

	struct deadline_interval iv[2] = {{D(2026, 5, 13), D(2026, 5, 20), "征求第三方意见"},
					  {D(2026, 5, 18), D(2026, 5, 22), "收费"}};
	struct deadline_input ex = {.received = D(2026, 5, 11), .excluded = iv, .nexcluded = 1};
	deadline_compute(cal, &ex, &r, &err);
	tap_int(r.excluded_days, 5, "consultation (05-13, 05-20] excludes 5 working days");
	tap_int(r.due, D(2026, 6, 15), "consultation pushes the due date");
	deadline_result_free(&r);
	ex.nexcluded = 2;
	deadline_compute(cal, &ex, &r, &err);
	tap_int(r.excluded_days, 7, "overlapping windows count each day once");
	tap_int(r.due, D(2026, 6, 17), "overlap due date");
	deadline_result_free(&r);

	struct deadline_input ext = {.received = D(2026, 9, 15), .extension = 20};
	deadline_compute(cal, &ext, &r, &err);
	tap_int(r.due, D(2026, 11, 16), "40 working days over 中秋/国庆 with two make-up days");
	deadline_result_free(&r);

	struct deadline_input late = {.received = D(2026, 12, 20)};
	deadline_compute(cal, &late, &r, &err);
	tap_ok(r.provisional, "a due date in 2027 is provisional");
	tap_int(r.due, D(2027, 1, 18), "provisional date skips the estimated 元旦");
	deadline_result_free(&r);

	/* Issue #12: a receipt on 2026-12-04 was told to expect the reply on 2027-01-01. */
	struct deadline_input dec4 = {.received = D(2026, 12, 4)};
	tap_int(deadline_compute(cal, &dec4, &r, &err), 0, "2026-12-04 receipt");
	tap_ok(r.due != D(2027, 1, 1), "the due date is no longer 元旦 2027-01-01");
	tap_int(r.due, D(2027, 1, 4), "but Monday 2027-01-04");
	tap_ok(r.provisional, "still provisional (暂定)");
	bool plain = false, tech = false, estimated = false;
	for (size_t i = 0; i < r.nsteps; i++) {
		plain = plain || strstr(r.steps[i],
					"2027年的放假安排国务院尚未公布，已按《全国年节及纪念日放"
					"假办法》推算法定节假日（未计调休），为暂定日期") != NULL;
		tech = tech || strstr(r.steps[i], "calendar") || strstr(r.steps[i], "未覆盖");
		estimated = estimated || strstr(r.steps[i], "元旦放假（推算），不计入") != NULL;
	}
	tap_ok(plain, "the steps say in plain Chinese that 2027 is estimated");
	tap_ok(!tech, "and name no command or technical term");
	tap_ok(estimated, "the estimated 元旦 is listed as 推算");
	tap_ok(strstr(r.steps[r.nsteps - 1], "（暂定）") != NULL, "the due date reads 暂定");
	deadline_result_free(&r);

	struct deadline_input bad = {.received = D(2026, 5, 11), .extension = 21};
	tap_int(deadline_compute(cal, &bad, &r, &err), ZF_ERANGE, "extension over 20 refused");
	tap_ok(strstr(buf_cstr(&err), "20") != NULL && r.steps == NULL,
	       "with a reason and no result");
	buf_reset(&err);
	struct deadline_interval rev = {D(2026, 5, 20), D(2026, 5, 13), NULL};
	struct deadline_input rv = {.received = D(2026, 5, 11), .excluded = &rev, .nexcluded = 1};
	tap_int(deadline_compute(cal, &rv, &r, &err), ZF_EINVAL, "reversed interval refused");
	buf_reset(&err);
	struct deadline_input sb = {
	    .received = D(2026, 5, 11), .supplemented = true, .supplement_received = D(2026, 5, 1)};
	tap_int(deadline_compute(cal, &sb, &r, &err), ZF_EINVAL,
		"supplement before receipt refused");
	buf_free(&err);
}

int main(void)
{
	struct calendar *cal = builtin();
	test_predicate(cal);
	test_estimated(cal);
	test_counting(cal);
	test_load_errors();
	test_deadline(cal);
	cal_free(cal);
	return tap_done();
}
