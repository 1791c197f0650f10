/* date.h: civil dates (proleptic Gregorian) as day numbers. No time zones are involved:
 * a date is a calendar day, as the law counts it. */
#ifndef ZF_DATE_H
#define ZF_DATE_H

#include <stdint.h>

struct str;

/* Days since 1970-01-01 (may be negative). */
typedef int32_t zf_day;

struct ymd {
	int y, m, d;
};

/* Converts a civil date to a day number; the date must be valid (see date_valid). */
zf_day date_from_ymd(int y, int m, int d);
struct ymd date_to_ymd(zf_day day);
bool date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int date_weekday(zf_day day);
/* Parses exactly YYYY-MM-DD (years 1900..2199); 0, ZF_EPARSE (shape) or ZF_ERANGE (no such day). */
int date_parse(struct str s, zf_day *out);
/* Writes YYYY-MM-DD into out (11 bytes room). Returns out. */
char *date_format(zf_day day, char out[11]);
/* A stored UTC moment ("2026-12-06T13:05:09Z"; seconds and fractions optional) as Beijing
 * time (UTC+8, no daylight saving): "2026-12-06 21:05", or with seconds "2026-12-06
 * 21:05:09" (a stamp without them gives :00). Returns false and writes "" when utc has
 * another shape. The one conversion every page, export and letter uses. */
bool date_utc_to_beijing(const char *utc, bool seconds, char out[20]);
/* Chinese weekday name: 星期一 … 星期日 (static string). */
const char *date_weekday_zh(zf_day day);
/* Today's date in China (UTC+8), from the system clock. */
zf_day date_today(void);

#endif
