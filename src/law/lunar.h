/* lunar.h: the Chinese lunisolar calendar (农历) and the solar terms (节气), computed
 * astronomically in China Standard Time (UTC+8): new moons by Meeus, "Astronomical
 * Algorithms" ch. 49 (mean new moon plus periodic corrections), the Sun's apparent longitude
 * by Meeus ch. 25 (low accuracy, about 0.01 degree). Month 11 contains the winter solstice;
 * in a sui with 13 months the first month without a principal term (中气) is the leap month.
 * Used to estimate the statutory days off of a year whose State Council notice is not
 * registered yet. Pure: no I/O, no tables of dates. It reads no outside input, so it has no
 * fuzz target; tests/unit/test_lunar.c checks it against every registered notice. */
#ifndef ZF_LUNAR_H
#define ZF_LUNAR_H

#include "buf.h"
#include "date.h"

/* The CST day on which the Sun's apparent longitude reaches `degrees` (0 <= degrees < 360)
 * in Gregorian year `year` (e.g. 15 = 清明, 270 = 冬至). */
zf_day lunar_solar_term(int year, double degrees);

/* The CST day of the first day of the new moon on or before `day`. */
zf_day lunar_new_moon_before(zf_day day);

/* The Gregorian day of 农历 `month`/`mday` (month 1..10, not the leap month; mday 1..30) of
 * the Chinese year that starts in Gregorian year `year`. Returns 0 when out of range or when
 * the month has fewer days. */
zf_day lunar_to_day(int year, int month, int mday);

#endif
