/* date.c: civil-date arithmetic. The day-number conversion is the classic era-based
 * algorithm (400-year cycles of 146097 days), written out here. */
#include "common.h"
#include "buf.h"
#include "date.h"

#include <time.h>

zf_day date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;				  /* [0, 399] */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	  /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

struct ymd date_to_ymd(zf_day z)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	return (struct ymd){y + (m <= 2), m, d};
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

int date_weekday(zf_day day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)(((int64_t)day % 7 + 7 + 3) % 7);
	return w + 1;
}

static int digits(const char *p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int date_parse(struct str s, zf_day *out)
{
	if (s.len != 10 || s.p[4] != '-' || s.p[7] != '-')
		return ZF_EPARSE;
	int y = digits(s.p, 4), m = digits(s.p + 5, 2), d = digits(s.p + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return ZF_EPARSE;
	if (y < 1900 || y > 2199 || !date_valid(y, m, d))
		return ZF_ERANGE;
	*out = date_from_ymd(y, m, d);
	return 0;
}

char *date_format(zf_day day, char out[11])
{
	struct ymd t = date_to_ymd(day);
	unsigned y = (unsigned)t.y % 10000u, m = (unsigned)t.m % 100u, d = (unsigned)t.d % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
	return out;
}

const char *date_weekday_zh(zf_day day)
{
	static const char *names[] = {"星期一", "星期二", "星期三", "星期四",
				      "星期五", "星期六", "星期日"};
	return names[date_weekday(day) - 1];
}

zf_day date_today(void)
{
	time_t now = time(NULL) + 8 * 3600; /* Beijing time has no daylight saving */
	return (zf_day)(now >= 0 ? now / 86400 : (now - 86399) / 86400);
}

bool date_utc_to_beijing(const char *utc, bool seconds, char out[20])
{
	out[0] = '\0';
	int y, mo, d, h, mi, sec = 0;
	char t = 0;
	if (!utc)
		return false;
	size_t n = strlen(utc);
	if (n < 17 || utc[n - 1] != 'Z')
		return false;
	int got = sscanf(utc, "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &t, &h, &mi, &sec);
	if (got < 6 || t != 'T' || !date_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 60)
		return false;
	zf_day day = date_from_ymd(y, mo, d);
	h += 8;
	if (h >= 24) {
		h -= 24;
		day++;
	}
	char ds[11];
	date_format(day, ds);
	if (seconds)
		snprintf(out, 20, "%s %02d:%02d:%02d", ds, h, mi, sec);
	else
		snprintf(out, 20, "%s %02d:%02d", ds, h, mi);
	return true;
}
