/* std_limit.c: 公开时限 text into its machine form and an item's status (std_limit.h). The
 * wording follows the 26 试点领域 guidelines of 国办发〔2019〕54号: "信息形成或变更之日起20个
 * 工作日内" (the default of 条例 Art. 26), "每年X月底前", "长期公开", "实时公开". */
#include "common.h"
#include "law/calendar.h"
#include "law/std_limit.h"
#include "utf8.h"

#define CP_MAX 512 /* code points read; a 时限 is one short phrase */

static const char *const kind_keys[STD_LIMIT_KINDS] = {"none", "workdays", "days", "yearly",
						       "other"};

const char *std_limit_key(enum std_limit_kind k)
{
	return (unsigned)k < STD_LIMIT_KINDS ? kind_keys[k] : "other";
}

int std_limit_kind_parse(const char *s)
{
	for (int i = 0; s && i < STD_LIMIT_KINDS; i++)
		if (!strcmp(s, kind_keys[i]))
			return i;
	return -1;
}

/* The value of a numeral code point: 0..9, 10 for 十, 100 for 百; -1 when none. */
static int numeral(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19) /* full-width digits */
		return (int)(c - 0xFF10);
	static const struct {
		uint32_t cp;
		int v;
	} zh[] = {{0x3007, 0}, {0x96F6, 0}, {0x4E00, 1},  {0x4E8C, 2},	{0x4E24, 2},
		  {0x4E09, 3}, {0x56DB, 4}, {0x4E94, 5},  {0x516D, 6},	{0x4E03, 7},
		  {0x516B, 8}, {0x4E5D, 9}, {0x5341, 10}, {0x767E, 100}};
	for (size_t i = 0; i < ARRAY_SIZE(zh); i++)
		if (zh[i].cp == c)
			return zh[i].v;
	return -1;
}

static bool is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* The number written in cp[from, to): decimal digits, or Chinese numerals (二十五, 十五,
 * 一百二十); -1 when empty, mixed or above 9999. */
static int number_of(const uint32_t *cp, size_t from, size_t to)
{
	if (from >= to)
		return -1;
	bool digits = is_digit(cp[from]);
	long total = 0, cur = 0;
	for (size_t i = from; i < to; i++) {
		int v = numeral(cp[i]);
		if (v < 0 || is_digit(cp[i]) != digits)
			return -1;
		if (digits) {
			total = total * 10 + v;
		} else if (v >= 10) {
			total += (cur ? cur : 1) * v;
			cur = 0;
		} else {
			cur = cur * 10 + v;
		}
		if (total > 9999 || cur > 9999)
			return -1;
	}
	total += cur;
	return total > 9999 ? -1 : (int)total;
}

/* The number that ends just before cp[end]: its value, and its start in *start. */
static int number_before(const uint32_t *cp, size_t end, size_t *start)
{
	size_t i = end;
	while (i > 0 && numeral(cp[i - 1]) >= 0)
		i--;
	*start = i;
	return number_of(cp, i, end);
}

/* The number that starts at cp[from]: its value and its end in *end. */
static int number_at(const uint32_t *cp, size_t n, size_t from, size_t *end)
{
	size_t i = from;
	while (i < n && numeral(cp[i]) >= 0)
		i++;
	*end = i;
	return number_of(cp, from, i);
}

/* Index of the first occurrence of the UTF-8 word w in cp[from, n), or SIZE_MAX. */
static size_t find(const uint32_t *cp, size_t n, size_t from, const char *w)
{
	uint32_t pat[16];
	size_t m = 0;
	for (size_t off = 0, len = strlen(w); off < len && m < ARRAY_SIZE(pat);)
		off += utf8_decode(w + off, len - off, &pat[m++]);
	for (size_t i = from; i + m <= n; i++) {
		size_t k = 0;
		while (k < m && cp[i + k] == pat[k])
			k++;
		if (k == m)
			return i;
	}
	return SIZE_MAX;
}

/* Skips spaces and 个 before index i (backwards). */
static size_t skip_back(const uint32_t *cp, size_t i)
{
	while (i > 0 && (cp[i - 1] == ' ' || cp[i - 1] == 0x3000 || cp[i - 1] == 0x4E2A /* 个 */))
		i--;
	return i;
}

static struct std_limit yearly(const uint32_t *cp, size_t n, size_t after)
{
	struct std_limit l = {.kind = STD_LIMIT_OTHER};
	/* the month: a number followed by 月 */
	for (size_t i = after; i < n; i++) {
		if (numeral(cp[i]) < 0)
			continue;
		size_t end;
		int m = number_at(cp, n, i, &end);
		if (end >= n || cp[end] != 0x6708 /* 月 */ || m < 1 || m > 12)
			return l;
		size_t j = end + 1;
		size_t dend;
		int d = j < n && numeral(cp[j]) >= 0 ? number_at(cp, n, j, &dend) : -1;
		if (d >= 1 && dend < n &&
		    (cp[dend] == 0x65E5 /* 日 */ || cp[dend] == 0x53F7 /* 号 */)) {
			if (d > date_days_in_month(2001, m) && !(m == 2 && d == 29))
				return l;
			l.kind = STD_LIMIT_YEARLY;
			l.month = m;
			l.day = m == 2 && d >= 28 ? 0 : d; /* 2月28日/29日: the month's last day */
			return l;
		}
		if (j < n && (cp[j] == 0x5E95 /* 底 */ || cp[j] == 0x672B /* 末 */)) {
			l.kind = STD_LIMIT_YEARLY;
			l.month = m;
			l.day = 0;
			return l;
		}
		bool before =
		    (j < n && cp[j] == 0x524D /* 前 */) ||
		    (j + 1 < n && (cp[j] == 0x4E4B /* 之 */ || cp[j] == 0x4EE5 /* 以 */) &&
		     cp[j + 1] == 0x524D);
		l.kind = STD_LIMIT_YEARLY;
		if (before) { /* before month m begins: the last day of the month before */
			l.month = m == 1 ? 12 : m - 1;
		} else {
			l.month = m;
		}
		l.day = 0;
		return l;
	}
	return l;
}

struct std_limit std_limit_parse(const char *text)
{
	struct std_limit l = {.kind = STD_LIMIT_OTHER};
	uint32_t cp[CP_MAX];
	size_t n = 0;
	size_t len = text ? strlen(text) : 0;
	for (size_t off = 0; off < len && n < CP_MAX;) {
		size_t k = utf8_decode(text + off, len - off, &cp[n]);
		if (!k)
			break;
		off += k;
		n++;
	}
	size_t at = find(cp, n, 0, "工作日");
	if (at != SIZE_MAX) {
		size_t start;
		int v = number_before(cp, skip_back(cp, at), &start);
		if (v >= 1 && v <= 3660)
			return (struct std_limit){.kind = STD_LIMIT_WORKDAYS, .days = v};
		return l;
	}
	at = find(cp, n, 0, "每年");
	if (at != SIZE_MAX)
		return yearly(cp, n, at + 2);
	const char *const within[] = {"日内", "天内", "日以内", "天以内"};
	for (size_t w = 0; w < ARRAY_SIZE(within); w++) {
		at = find(cp, n, 0, within[w]);
		if (at == SIZE_MAX)
			continue;
		size_t start;
		int v = number_before(cp, skip_back(cp, at), &start);
		if (v >= 1 && v <= 3660)
			return (struct std_limit){.kind = STD_LIMIT_DAYS, .days = v};
		return l;
	}
	const char *const none[] = {"长期", "实时", "常态", "即时", "动态", "随时"};
	for (size_t w = 0; w < ARRAY_SIZE(none); w++)
		if (find(cp, n, 0, none[w]) != SIZE_MAX)
			return (struct std_limit){.kind = STD_LIMIT_NONE};
	return l;
}

char *std_limit_describe(const struct std_limit *l, char out[64])
{
	switch (l->kind) {
	case STD_LIMIT_WORKDAYS: snprintf(out, 64, "事件发生后 %d 个工作日内", l->days); break;
	case STD_LIMIT_DAYS: snprintf(out, 64, "事件发生后 %d 日内", l->days); break;
	case STD_LIMIT_YEARLY:
		if (l->day)
			snprintf(out, 64, "每年 %d 月 %d 日前", l->month, l->day);
		else
			snprintf(out, 64, "每年 %d 月底前", l->month);
		break;
	case STD_LIMIT_NONE: snprintf(out, 64, "无固定时限"); break;
	default: snprintf(out, 64, "未能识别，不计算期限"); break;
	}
	return out;
}

bool std_limit_needs_event(const struct std_limit *l)
{
	return l->kind == STD_LIMIT_WORKDAYS || l->kind == STD_LIMIT_DAYS;
}

static const char *const status_labels[STD_STATUSES] = {"已公开", "逾期未公开", "未到期", "待公开"};
static const char *const status_keys[STD_STATUSES] = {"published", "overdue", "pending", "open"};

const char *std_status_label(enum std_status s)
{
	return (unsigned)s < STD_STATUSES ? status_labels[s] : "";
}

const char *std_status_key(enum std_status s)
{
	return (unsigned)s < STD_STATUSES ? status_keys[s] : "";
}

/* The yearly due date of year y. */
static zf_day yearly_due(const struct std_limit *l, int y)
{
	int last = date_days_in_month(y, l->month);
	int d = l->day == 0 || l->day > last ? last : l->day;
	return date_from_ymd(y, l->month, d);
}

enum std_status std_status_of(const struct calendar *cal, const struct std_limit *l,
			      zf_day event_on, zf_day last_published, zf_day today, zf_day *due)
{
	*due = 0;
	if (std_limit_needs_event(l)) {
		if (!event_on)
			return last_published ? STD_ST_PUBLISHED : STD_ST_OPEN;
		*due = l->kind == STD_LIMIT_DAYS ? event_on + l->days
		       : cal			 ? cal_add_working_days(cal, event_on, l->days)
						 : event_on + l->days;
		if (last_published && last_published >= event_on)
			return STD_ST_PUBLISHED;
		return today > *due ? STD_ST_OVERDUE : STD_ST_PENDING;
	}
	if (l->kind == STD_LIMIT_YEARLY && l->month >= 1 && l->month <= 12) {
		int y = date_to_ymd(today).y;
		zf_day missed = yearly_due(l, y);
		if (missed >= today)
			missed = yearly_due(l, --y);
		/* the obligation of year y is met by a publication in that year, late or not */
		if (last_published && last_published >= date_from_ymd(y, 1, 1)) {
			/* met: the next obligation is due this year or next */
			int ty = date_to_ymd(today).y;
			zf_day next = yearly_due(l, ty);
			*due = next >= today ? next : yearly_due(l, ty + 1);
			return STD_ST_PUBLISHED;
		}
		*due = missed;
		return STD_ST_OVERDUE;
	}
	return last_published ? STD_ST_PUBLISHED : STD_ST_OPEN;
}
