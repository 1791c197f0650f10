/* website_report.h: the 政府网站工作年度报表 (国办函〔2018〕12号, 附件 template) of the site for
 * one year: the items the platform can count from its own data (documents published, policy
 * interpretations, messages, findings of the site checks, new media accounts), and the
 * items only people know (visits, 办事服务, 在线访谈, …) entered by hand and stored. Written
 * once for both engines (website_report.c); the manual fields live in website_report_fields
 * (schema_oversight). */
#ifndef ZF_STORE_WEBSITE_REPORT_H
#define ZF_STORE_WEBSITE_REPORT_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct calendar;
struct store;

/* Where an item's value comes from. */
enum wr_source {
	WR_AUTO,   /* counted from the platform's data */
	WR_MANUAL, /* entered by hand (手工填写) */
	WR_SUM,	   /* the sum of the items named in the table (信息发布总数) */
};
/* What a manual item holds. */
enum wr_type {
	WR_TEXT,   /* free text, at most 2000 characters */
	WR_NUMBER, /* a whole number, 0 .. 10^12 */
	WR_YESNO,  /* 是 / 否 */
};

/* One item of the template, in the template's order. */
struct wr_item {
	const char *key;     /* stable, e.g. "docs_catalogue" */
	const char *section; /* 基本信息, 信息发布, … */
	const char *label;   /* e.g. "信息公开目录" */
	const char *unit;    /* 条, 个, 次, 天, "" */
	enum wr_source source;
	enum wr_type type;
	bool fallback; /* WR_AUTO: a person may fill it in while its area has no count yet */
};
extern const struct wr_item wr_items[];
extern const size_t wr_nitems;
/* The item with key, or NULL. */
const struct wr_item *wr_item_find(const char *key);

/* The report of a year: values[i] belongs to wr_items[i]. A WR_AUTO item whose area has no
 * data source yet (its store function is still a placeholder) reads as manual: auto[i] is
 * false and the stored manual value (if any) is shown. */
struct website_report {
	int year;
	const char **values; /* [wr_nitems], "" when not filled in (from arena) */
	bool *automatic;     /* [wr_nitems]: counted by the platform */
	bool published;
	const char *published_at; /* "" while not published */
};

/* Computes the report of `year` for the site (the root agency's whole tree). today bounds
 * the counting of open work. 0, ZF_EINVAL (year out of 2000..2100), ZF_EDB. */
int store_website_report(struct store *st, struct arena *a, const struct calendar *cal, int year,
			 zf_day today, struct website_report *out);

/* Sets the manual items of `year` from keys[i] = values[i] (i < n), all or nothing, one audit
 * line ("website_report.edit"). Refused (ZF_EINVAL, reason naming the item in err): an
 * unknown key or one counted by the platform, an over-long or not-UTF-8 text, a number that
 * is not a whole number in range, a 是/否 item with another answer. An empty value clears. */
int store_website_report_set(struct store *st, const char *actor, int year, const char *const *keys,
			     const char *const *values, size_t n, struct buf *err);
/* Publishes (or withdraws, publish false) the report of `year` on the public site. Audited. */
int store_website_report_publish(struct store *st, const char *actor, int year, bool publish);
/* The published years, newest first (from arena). */
int store_website_report_years(struct store *st, struct arena *a, int **years, size_t *n);

#endif
