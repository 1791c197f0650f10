/* calendar.c: a day-indexed table of kinds over CAL_FIRST_YEAR..CAL_LAST_YEAR. */
#include "common.h"
#include "calendar.h"
#include "embedded.h"
#include "lunar.h"
#include <pthread.h>
#include "utf8.h"

#define NYEARS (CAL_LAST_YEAR - CAL_FIRST_YEAR + 1)

struct calendar {
	zf_day first; /* day number of CAL_FIRST_YEAR-01-01 */
	size_t ndays;
	uint8_t *kind;	/* enum cal_kind per day */
	uint16_t *name; /* index into names, 0 = none */
	char **names;	/* names[0] = "" */
	size_t nnames;
	bool covered[NYEARS];
};

static bool in_range(const struct calendar *cal, zf_day day)
{
	return day >= cal->first && (size_t)(day - cal->first) < cal->ndays;
}

static int name_index(struct calendar *cal, const char *name)
{
	if (!name || !*name)
		return 0;
	for (size_t i = 1; i < cal->nnames; i++)
		if (strcmp(cal->names[i], name) == 0)
			return (int)i;
	if (cal->nnames >= UINT16_MAX)
		return ZF_ETOOBIG;
	char **names = realloc(cal->names, (cal->nnames + 1) * sizeof(char *));
	if (!names)
		return ZF_ENOMEM;
	cal->names = names;
	if (!(names[cal->nnames] = strdup(name)))
		return ZF_ENOMEM;
	return (int)cal->nnames++;
}

/* Estimated statutory days off, shared read-only by every calendar: computed once per
 * process (about 30 ms), indexed like the calendars' day tables, values index est_names. */
static const char *const est_names[] = {"",	  "元旦",   "春节",   "清明节",
					"劳动节", "端午节", "中秋节", "国庆节"};
static uint8_t *est_table;
static pthread_once_t est_once = PTHREAD_ONCE_INIT;

static void estimate_days(zf_day first, zf_day from, int n, uint8_t name)
{
	for (zf_day d = from; d < from + n; d++)
		est_table[d - first] = name;
}

/* The statutory days off of 《全国年节及纪念日放假办法》 as amended in 2024 (effective 2025),
 * for every year from CAL_EST_FIRST_YEAR on: used only while the year's State Council notice
 * is not registered. No make-up working days (调休) and no substitute days are guessed. */
static void estimate_all(void)
{
	zf_day first = date_from_ymd(CAL_FIRST_YEAR, 1, 1);
	size_t ndays = (size_t)(date_from_ymd(CAL_LAST_YEAR + 1, 1, 1) - first);
	est_table = calloc(ndays, 1);
	if (!est_table)
		return;
	for (int y = CAL_EST_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		zf_day spring = lunar_to_day(y, 1, 1), duanwu = lunar_to_day(y, 5, 5),
		       midautumn = lunar_to_day(y, 8, 15);
		if (!spring || !duanwu || !midautumn)
			BUG("no lunar dates for %d", y);
		estimate_days(first, date_from_ymd(y, 1, 1), 1, 1);
		estimate_days(first, spring - 1, 4, 2); /* 除夕 and 正月初一 to 初三 */
		estimate_days(first, lunar_solar_term(y, 15), 1, 3);
		estimate_days(first, date_from_ymd(y, 5, 1), 2, 4);
		estimate_days(first, duanwu, 1, 5);
		estimate_days(first, midautumn, 1, 6);
		estimate_days(first, date_from_ymd(y, 10, 1), 3, 7);
	}
}

/* The estimated day-off name of a day in an uncovered year, or NULL. */
static const char *estimate(const struct calendar *cal, zf_day day)
{
	size_t i = (size_t)(day - cal->first);
	if (!est_table || cal->kind[i] != CAL_NONE || !est_table[i] ||
	    cal_year_covered(cal, date_to_ymd(day).y))
		return NULL;
	return est_names[est_table[i]];
}

struct calendar *cal_new(void)
{
	struct calendar *cal = calloc(1, sizeof(*cal));
	if (!cal)
		return NULL;
	cal->first = date_from_ymd(CAL_FIRST_YEAR, 1, 1);
	cal->ndays = (size_t)(date_from_ymd(CAL_LAST_YEAR + 1, 1, 1) - cal->first);
	cal->kind = calloc(cal->ndays, 1);
	cal->name = calloc(cal->ndays, sizeof(uint16_t));
	cal->names = calloc(1, sizeof(char *));
	if (pthread_once(&est_once, estimate_all) || !est_table || !cal->kind || !cal->name ||
	    !cal->names || !(cal->names[0] = strdup(""))) {
		cal_free(cal);
		return NULL;
	}
	cal->nnames = 1;
	return cal;
}

void cal_free(struct calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->nnames; i++)
		free(cal->names[i]);
	free(cal->names);
	free(cal->kind);
	free(cal->name);
	free(cal);
}

int cal_cover_year(struct calendar *cal, int year)
{
	if (year < CAL_FIRST_YEAR || year > CAL_LAST_YEAR)
		return ZF_ERANGE;
	cal->covered[year - CAL_FIRST_YEAR] = true;
	return 0;
}

int cal_set(struct calendar *cal, zf_day day, enum cal_kind kind, const char *name)
{
	if (!in_range(cal, day) || kind < CAL_NONE || kind > CAL_LOCAL_OFF)
		return ZF_ERANGE;
	int idx = name_index(cal, name);
	if (idx < 0)
		return idx;
	size_t i = (size_t)(day - cal->first);
	cal->kind[i] = (uint8_t)kind;
	cal->name[i] = (uint16_t)idx;
	if (kind == CAL_OFF || kind == CAL_WORK) {
		/* The notice for year Y also arranges the New Year days at the end of Y-1's
		 * December: those lines belong to Y's schedule, not to a schedule of Y-1. */
		struct ymd t = date_to_ymd(day);
		bool new_year = t.m == 12 && name && strcmp(name, "元旦") == 0;
		cal_cover_year(cal, new_year ? t.y + 1 : t.y);
	}
	return 0;
}

enum cal_kind cal_entry(const struct calendar *cal, zf_day day, const char **name)
{
	if (!in_range(cal, day)) {
		if (name)
			*name = "";
		return CAL_NONE;
	}
	size_t i = (size_t)(day - cal->first);
	if (name)
		*name = cal->names[cal->name[i]];
	return (enum cal_kind)cal->kind[i];
}

enum cal_kind cal_kind(const struct calendar *cal, zf_day day, const char **name)
{
	if (!in_range(cal, day)) {
		if (name)
			*name = "";
		return CAL_NONE;
	}
	size_t i = (size_t)(day - cal->first);
	enum cal_kind k = (enum cal_kind)cal->kind[i];
	const char *est = estimate(cal, day);
	if (est) {
		if (name)
			*name = est;
		return CAL_OFF;
	}
	if (name)
		*name = cal->names[cal->name[i]];
	return k;
}

bool cal_is_estimated(const struct calendar *cal, zf_day day)
{
	return in_range(cal, day) && estimate(cal, day) != NULL;
}

bool cal_is_working(const struct calendar *cal, zf_day day)
{
	switch (cal_kind(cal, day, NULL)) {
	case CAL_WORK: return true;
	case CAL_OFF:
	case CAL_LOCAL_OFF: return false;
	case CAL_NONE: break;
	}
	return date_weekday(day) <= 5;
}

bool cal_year_covered(const struct calendar *cal, int year)
{
	return year >= CAL_FIRST_YEAR && year <= CAL_LAST_YEAR &&
	       cal->covered[year - CAL_FIRST_YEAR];
}

bool cal_range_covered(const struct calendar *cal, zf_day from, zf_day to)
{
	int y1 = date_to_ymd(from).y, y2 = date_to_ymd(to).y;
	for (int y = y1; y <= y2; y++)
		if (!cal_year_covered(cal, y))
			return false;
	return true;
}

void cal_coverage(const struct calendar *cal, int *first, int *last)
{
	*first = *last = 0;
	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		if (!cal->covered[y - CAL_FIRST_YEAR])
			continue;
		if (!*first)
			*first = y;
		*last = y;
	}
}

zf_day cal_add_working_days(const struct calendar *cal, zf_day from, int n)
{
	zf_day d = from;
	while (n > 0) {
		d++;
		if (cal_is_working(cal, d))
			n--;
	}
	return d;
}

int cal_count_working_days(const struct calendar *cal, zf_day a, zf_day b)
{
	int n = 0;
	for (zf_day d = a + 1; d <= b; d++)
		n += cal_is_working(cal, d);
	return n;
}

static int parse_kind(struct str s, enum cal_kind *out)
{
	if (str_eq_c(s, "off") || str_eq_c(s, "休") || str_eq_c(s, "放假"))
		*out = CAL_OFF;
	else if (str_eq_c(s, "work") || str_eq_c(s, "班") || str_eq_c(s, "上班"))
		*out = CAL_WORK;
	else if (str_eq_c(s, "local-off") || str_eq_c(s, "地方假"))
		*out = CAL_LOCAL_OFF;
	else
		return ZF_EPARSE;
	return 0;
}

int cal_load_tsv(struct calendar *cal, struct str text, const char *origin, struct buf *err)
{
	int lineno = 0;
	while (text.len) {
		struct str line = str_cut(&text, '\n');
		lineno++;
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		line = str_trim(line);
		if (!line.len || line.p[0] == '#' || (lineno == 1 && str_starts_with(line, "date")))
			continue;
		/* fields: date, kind, name; separated by tabs, or by spaces in hand-typed files */
		struct str f[3] = {STR_NULL, STR_NULL, STR_NULL};
		struct str rest = line;
		for (int i = 0; i < 2; i++) {
			size_t k = 0;
			while (k < rest.len && rest.p[k] != '\t' && rest.p[k] != ' ')
				k++;
			f[i] = (struct str){rest.p, k};
			rest = str_trim((struct str){rest.p + k, rest.len - k});
		}
		f[2] = rest;
		zf_day day;
		enum cal_kind kind;
		int rc = date_parse(f[0], &day);
		if (rc) {
			buf_printf(
			    err, "%s 第%d行：日期“" STR_FMT "”无效，应为 YYYY-MM-DD 格式的真实日期",
			    origin, lineno, STR_ARG(f[0]));
			return rc;
		}
		if (parse_kind(f[1], &kind)) {
			buf_printf(
			    err,
			    "%s 第%d行：类型“" STR_FMT
			    "”无效，应为 off（放假）、work（调休上班）或 local-off（地方性假日）",
			    origin, lineno, STR_ARG(f[1]));
			return ZF_EPARSE;
		}
		if (f[2].len > 200 || !utf8_valid(f[2].p, f[2].len)) {
			buf_printf(err, "%s 第%d行：名称过长或不是有效的 UTF-8 文本", origin,
				   lineno);
			return ZF_EPARSE;
		}
		if (!in_range(cal, day)) {
			buf_printf(err, "%s 第%d行：日期超出日历可表示的范围（%d–%d 年）", origin,
				   lineno, CAL_FIRST_YEAR, CAL_LAST_YEAR);
			return ZF_ERANGE;
		}
		enum cal_kind old = cal_entry(cal, day, NULL);
		if (old != CAL_NONE && old != kind) {
			char ds[11];
			buf_printf(err, "%s 第%d行：%s 已登记为%s，与本行矛盾", origin, lineno,
				   date_format(day, ds), old == CAL_WORK ? "调休上班" : "放假");
			return ZF_EINVAL;
		}
		char name[208];
		snprintf(name, sizeof(name), STR_FMT, STR_ARG(f[2]));
		rc = cal_set(cal, day, kind, name);
		if (rc) {
			buf_printf(err, "%s 第%d行：%s", origin, lineno, zf_strerror(rc));
			return rc;
		}
	}
	return 0;
}

int cal_load_builtin(struct calendar *cal, struct buf *err)
{
	size_t len;
	const unsigned char *data = embedded_find("cn-calendar.tsv", &len);
	if (!data)
		BUG("the national calendar is not embedded");
	return cal_load_tsv(cal, (struct str){(const char *)data, len}, "内置日历 cn-calendar.tsv",
			    err);
}
