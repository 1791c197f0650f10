/* lunar.c: new moons, solar terms and the numbering of the Chinese lunar months. */
#include "common.h"
#include "lunar.h"
#include <math.h>

#define PI	    3.14159265358979323846
#define RAD(d)	    ((d) * (PI / 180.0))
#define SYNODIC	    29.530588861
#define CST_OFFSET  (8.0 / 24.0)
#define JD_J2000_0H 2451544.5 /* 2000-01-01 00:00 */

static double norm360(double a)
{
	a = fmod(a, 360.0);
	return a < 0 ? a + 360.0 : a;
}

/* ΔT = TT − UT in seconds (Espenak and Meeus polynomials, 2005 onwards, and the long-term
 * parabola); before 2005 a fixed 64 s is close enough for day-level results. */
static double delta_t(double year)
{
	if (year < 2005)
		return 64.0;
	if (year < 2050) {
		double t = year - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	double u = (year - 1820) / 100;
	if (year < 2150)
		return -20 + 32 * u * u - 0.5628 * (2150 - year);
	return -20 + 32 * u * u;
}

/* Julian ephemeris day (TT) to the CST calendar day. */
static zf_day jde_to_cst_day(double jde)
{
	double year = 2000 + (jde - 2451545.0) / 365.25;
	double jd_cst = jde - delta_t(year) / 86400.0 + CST_OFFSET;
	return date_from_ymd(2000, 1, 1) + (zf_day)floor(jd_cst - JD_J2000_0H);
}

/* 00:00 CST of a day, as a Julian ephemeris day. */
static double cst_day_to_jde(zf_day day)
{
	double jd = JD_J2000_0H + (day - date_from_ymd(2000, 1, 1)) - CST_OFFSET;
	double year = 2000 + (jd - 2451545.0) / 365.25;
	return jd + delta_t(year) / 86400.0;
}

/* The Sun's apparent longitude in degrees at a Julian ephemeris day (Meeus ch. 25). */
static double sun_longitude(double jde)
{
	double T = (jde - 2451545.0) / 36525.0;
	double L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
	double M = RAD(357.52911 + 35999.05029 * T - 0.0001537 * T * T);
	double C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) +
		   (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
	double omega = RAD(125.04 - 1934.136 * T);
	return norm360(L0 + C - 0.00569 - 0.00478 * sin(omega));
}

zf_day lunar_solar_term(int year, double degrees)
{
	/* first guess from the March equinox, then Newton steps on the mean motion */
	double jde = cst_day_to_jde(date_from_ymd(year, 3, 20)) + degrees / 360.0 * 365.2422;
	for (int i = 0; i < 20; i++) {
		double diff = degrees - sun_longitude(jde);
		diff = norm360(diff + 180.0) - 180.0;
		jde += diff * 365.2422 / 360.0;
		if (fabs(diff) < 1e-7)
			break;
	}
	return jde_to_cst_day(jde);
}

/* The new moon of lunation k (k = 0: 2000-01-06) as a Julian ephemeris day (Meeus ch. 49). */
static double new_moon_jde(double k)
{
	double T = k / 1236.85, T2 = T * T, T3 = T2 * T, T4 = T3 * T;
	double jde =
	    2451550.09766 + SYNODIC * k + 0.00015437 * T2 - 0.000000150 * T3 + 0.00000000073 * T4;
	double E = 1 - 0.002516 * T - 0.0000074 * T2;
	double M = RAD(2.5534 + 29.10535670 * k - 0.0000014 * T2 - 0.00000011 * T3);
	double Mp =
	    RAD(201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4);
	double F =
	    RAD(160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4);
	double Om = RAD(124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3);
	double c =
	    -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) +
	    0.01039 * sin(2 * F) + 0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) +
	    0.00208 * E * E * sin(2 * M) - 0.00111 * sin(Mp - 2 * F) - 0.00057 * sin(Mp + 2 * F) +
	    0.00056 * E * sin(2 * Mp + M) - 0.00042 * sin(3 * Mp) + 0.00042 * E * sin(M + 2 * F) +
	    0.00038 * E * sin(M - 2 * F) - 0.00024 * E * sin(2 * Mp - M) - 0.00017 * sin(Om) -
	    0.00007 * sin(Mp + 2 * M) + 0.00004 * sin(2 * Mp - 2 * F) + 0.00004 * sin(3 * M) +
	    0.00003 * sin(Mp + M - 2 * F) + 0.00003 * sin(2 * Mp + 2 * F) -
	    0.00003 * sin(Mp + M + 2 * F) + 0.00003 * sin(Mp - M + 2 * F) -
	    0.00002 * sin(Mp - M - 2 * F) - 0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);
	static const double coef[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110,
					0.000062, 0.000060, 0.000056, 0.000047, 0.000042,
					0.000040, 0.000037, 0.000035, 0.000023};
	double A[14] = {299.77 + 0.107408 * k - 0.009173 * T2,
			251.88 + 0.016321 * k,
			251.83 + 26.651886 * k,
			349.42 + 36.412478 * k,
			84.66 + 18.206239 * k,
			141.74 + 53.303771 * k,
			207.14 + 2.453732 * k,
			154.84 + 7.306860 * k,
			34.52 + 27.261239 * k,
			207.19 + 0.121824 * k,
			291.34 + 1.844379 * k,
			161.72 + 24.198154 * k,
			239.56 + 25.513099 * k,
			331.55 + 3.592518 * k};
	for (int i = 0; i < 14; i++)
		c += coef[i] * sin(RAD(A[i]));
	return jde + c;
}

static zf_day new_moon_day(long k)
{
	return jde_to_cst_day(new_moon_jde((double)k));
}

/* The lunation whose new moon day is the last one on or before `day`. */
static long lunation_before(zf_day day)
{
	long k = (long)floor((cst_day_to_jde(day) - 2451550.09766) / SYNODIC);
	while (new_moon_day(k + 1) <= day)
		k++;
	while (new_moon_day(k) > day)
		k--;
	return k;
}

zf_day lunar_new_moon_before(zf_day day)
{
	return new_moon_day(lunation_before(day));
}

/* True when a principal term (Sun at a multiple of 30°) falls on a CST day in [a, b). */
static bool has_principal_term(zf_day a, zf_day b)
{
	double la = sun_longitude(cst_day_to_jde(a)), lb = sun_longitude(cst_day_to_jde(b));
	return floor(la / 30.0) != floor(lb / 30.0);
}

zf_day lunar_to_day(int year, int month, int mday)
{
	if (year < 1900 || year > 2300 || month < 1 || month > 10 || mday < 1 || mday > 30)
		return 0;
	/* The sui from the month 11 holding the winter solstice of year-1 to the next one. */
	long k1 = lunation_before(lunar_solar_term(year - 1, 270));
	long k2 = lunation_before(lunar_solar_term(year, 270));
	int n = (int)(k2 - k1); /* 12 or 13 months */
	int leap = -1;		/* index (from k1) of the leap month */
	if (n == 13)
		for (int i = 1; i < n; i++)
			if (!has_principal_term(new_moon_day(k1 + i), new_moon_day(k1 + i + 1))) {
				leap = i;
				break;
			}
	/* Number the months: index 0 is month 11, then 12, 1, 2, ...; the leap month repeats
	 * the number before it. */
	int num = 11;
	for (int i = 1; i < n; i++) {
		if (i != leap)
			num = num % 12 + 1;
		if (i != leap && num == month && i >= 2) {
			zf_day start = new_moon_day(k1 + i);
			if (mday > new_moon_day(k1 + i + 1) - start)
				return 0;
			return start + mday - 1;
		}
	}
	return 0;
}
