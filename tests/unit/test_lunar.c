/* test_lunar.c: the astronomical lunar calendar against the State Council notices registered
 * in data/cn-calendar.tsv (每年的春节、清明、端午、中秋 must fall on a registered day off of that
 * name) and against well-known dates. No fuzz target: lunar.c reads no outside input. */
#include "common.h"
#include "law/calendar.h"
#include "law/lunar.h"
#include "tap.h"

static zf_day D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* True when `day` is a registered day off whose name contains `what`. */
static bool registered_off(const struct calendar *cal, zf_day day, const char *what)
{
	const char *name;
	return cal_kind(cal, day, &name) == CAL_OFF && !cal_is_estimated(cal, day) &&
	       strstr(name, what) != NULL;
}

static void check_registered(const struct calendar *cal)
{
	int first, last;
	cal_coverage(cal, &first, &last);
	tap_ok(first == 2008 && last >= 2026, "registered years %d-%d", first, last);
	char b[11];
	for (int y = first; y <= last; y++) {
		zf_day spring = lunar_to_day(y, 1, 1);
		/* 2008-2013 notices gave 除夕 as a working day in some years (the pre-2014 rules),
		 * so only 初一 is checked against every notice. */
		tap_ok(registered_off(cal, spring, "春节"), "%d 正月初一 %s is registered 春节 off",
		       y, date_format(spring, b));
		zf_day qm = lunar_solar_term(y, 15);
		tap_ok(registered_off(cal, qm, "清明"), "%d 清明 %s is registered off", y,
		       date_format(qm, b));
		zf_day dw = lunar_to_day(y, 5, 5);
		tap_ok(registered_off(cal, dw, "端午"), "%d 端午 %s is registered off", y,
		       date_format(dw, b));
		zf_day zq = lunar_to_day(y, 8, 15);
		tap_ok(registered_off(cal, zq, "中秋"), "%d 中秋 %s is registered off", y,
		       date_format(zq, b));
	}
}

static void check_known(void)
{
	/* 春节 (正月初一), as published in the almanacs */
	static const struct {
		int y, m, d;
	} spring[] = {{2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23},
		      {2013, 2, 10}, {2014, 1, 31}, {2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28},
		      {2018, 2, 16}, {2019, 2, 5},  {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},
		      {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29}, {2026, 2, 17}, {2027, 2, 6},
		      {2028, 1, 26}, {2030, 2, 3}};
	for (size_t i = 0; i < ARRAY_SIZE(spring); i++)
		tap_int(lunar_to_day(spring[i].y, 1, 1), D(spring[i].y, spring[i].m, spring[i].d),
			"春节 %d", spring[i].y);
	tap_int(lunar_to_day(2027, 8, 15), D(2027, 9, 15), "中秋 2027-09-15");
	tap_int(lunar_to_day(2027, 5, 5), D(2027, 6, 9), "端午 2027-06-09");
	tap_int(lunar_solar_term(2027, 15), D(2027, 4, 5), "清明 2027-04-05");
	/* 2020 had a leap 4th month (闰四月 from 2020-05-23): 五月初五 is 2020-06-25 */
	tap_int(lunar_to_day(2020, 5, 5), D(2020, 6, 25), "端午 2020 after 闰四月");
	/* 2023 had a leap 2nd month (闰二月 from 2023-03-22): 五月初五 is 2023-06-22 */
	tap_int(lunar_to_day(2023, 5, 5), D(2023, 6, 22), "端午 2023 after 闰二月");
	/* the "2033 problem": 闰十一月 2033 (a month without principal term after month 11) */
	tap_int(lunar_to_day(2033, 1, 1), D(2033, 1, 31), "春节 2033");
	tap_int(lunar_to_day(2033, 8, 15), D(2033, 9, 8), "中秋 2033");
	tap_int(lunar_to_day(2034, 1, 1), D(2034, 2, 19), "春节 2034 after 闰十一月");
	/* winter solstices */
	tap_int(lunar_solar_term(2026, 270), D(2026, 12, 22), "冬至 2026-12-22");
	tap_int(lunar_solar_term(2024, 270), D(2024, 12, 21), "冬至 2024-12-21");
	tap_int(lunar_new_moon_before(D(2027, 2, 20)), D(2027, 2, 6), "new moon before 02-20");
	tap_int(lunar_to_day(2027, 11, 1), 0, "months after 10 are refused");
	tap_int(lunar_to_day(2027, 1, 31), 0, "day 31 is refused");
	/* every estimated year has its 春节 between 01-21 and 02-20 */
	int bad = 0;
	for (int y = CAL_EST_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		zf_day s = lunar_to_day(y, 1, 1);
		if (s < D(y, 1, 21) || s > D(y, 2, 20))
			bad++;
	}
	tap_int(bad, 0, "春节 %d-%d always between 01-21 and 02-20", CAL_EST_FIRST_YEAR,
		CAL_LAST_YEAR);
}

int main(void)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("built-in calendar: %s", buf_cstr(&err));
	check_registered(cal);
	check_known();
	buf_free(&err);
	cal_free(cal);
	return tap_done();
}
