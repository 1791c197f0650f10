/* std_limit.h: the 公开时限 of a 基层政务公开标准目录 item (国办发〔2019〕54号) read into a
 * machine form, and an item's status from it: how many (working) days after an event
 * (信息形成或变更之日起20个工作日内, 条例 Art. 26), a date each year (每年3月底前), or no due
 * date at all (长期公开, 实时公开, or wording not understood). Pure: no I/O. */
#ifndef ZF_LAW_STD_LIMIT_H
#define ZF_LAW_STD_LIMIT_H

#include "date.h"

#include <stdbool.h>

struct calendar;

enum std_limit_kind {
	STD_LIMIT_NONE,	    /* 长期 / 实时 / 常态 / 即时: no due date */
	STD_LIMIT_WORKDAYS, /* n working days after an event (our calendar) */
	STD_LIMIT_DAYS,	    /* n calendar days after an event */
	STD_LIMIT_YEARLY,   /* by month/day each year */
	STD_LIMIT_OTHER,    /* wording not understood: kept as text, no due date */
	STD_LIMIT_KINDS
};

struct std_limit {
	enum std_limit_kind kind;
	int days;	/* WORKDAYS, DAYS: 1..3660 */
	int month, day; /* YEARLY: 1..12 and 1..31; day 0 = the month's last day */
};

/* Reads 公开时限 text: "信息形成或变更之日起20个工作日内" → 20 working days; "自…之日起7日内"
 * → 7 days; "每年3月31日前", "每年3月底前" → 3-31; "每年3月前" → before March: the last
 * day of February; "长期公开", "实时", "常态化公开" → none; anything else → other. Arabic,
 * full-width and Chinese numerals (二十, 十五) are read. Never fails. */
struct std_limit std_limit_parse(const char *text);

/* Stable keys ("none", "workdays", "days", "yearly", "other") and parse (-1 when unknown). */
const char *std_limit_key(enum std_limit_kind k);
int std_limit_kind_parse(const char *s);
/* The machine form in words ("事件发生后 20 个工作日内", "每年 3 月 31 日前", "无固定时限",
 * "未能识别，不计算期限") into out (64 bytes room); returns out. */
char *std_limit_describe(const struct std_limit *l, char out[64]);
/* True when the limit counts from an event the clerk records (信息形成或变更之日). */
bool std_limit_needs_event(const struct std_limit *l);

/* An item's status on `today`. */
enum std_status {
	STD_ST_PUBLISHED, /* 已公开: a linked publication meets the current obligation */
	STD_ST_OVERDUE,	  /* 逾期未公开: the due date passed without one */
	STD_ST_PENDING,	  /* 未到期: due later */
	STD_ST_OPEN,	  /* 待公开: no due date (no limit, or the event not recorded) */
	STD_STATUSES
};
const char *std_status_label(enum std_status s);
const char *std_status_key(enum std_status s);

/* The status of an item with limit l, its event day (0 = not recorded) and the newest
 * publication linked to it (0 = none). For an event limit the obligation runs from the
 * event: a publication on or after it meets it; due = the event + n (working) days. For a
 * yearly limit the obligation is the last due date before today: a publication in its
 * calendar year meets it (late ones included); *due is the next due date when met, else the
 * missed one. *due = 0 when there is none. Overdue means today is after the due day. */
enum std_status std_status_of(const struct calendar *cal, const struct std_limit *l,
			      zf_day event_on, zf_day last_published, zf_day today, zf_day *due);

#endif
