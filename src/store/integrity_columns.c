/* integrity_columns.c: the column and interpretation checks of the site-integrity area
 * (integrity_checks.h), written once over the store's narrow driver (driver.h) for both
 * engines. Per agency: columns past their update cadence (column.stale), list columns with
 * nothing published (column.empty), the veto rules of the 2019 indicators (栏目不更新,
 * 国办秘函〔2019〕19号) as summary findings (column.veto.*), and 规章 / 行政规范性文件
 * published more than three working days ago without a published 政策解读
 * (column.no-interpretation). */
#include "common.h"
#include "arena.h"
#include "columns.h"
#include "db.h"
#include "driver.h"
#include "integrity_checks.h"
#include "law/calendar.h"
#include "law/docno.h"

enum integrity_column_class integrity_column_class(const struct column *c)
{
	const char *code = c->f.code ? c->f.code : "", *name = c->f.name ? c->f.name : "";
	if (!strcmp(code, "news") || strstr(name, "动态") || strstr(name, "要闻"))
		return ICOL_NEWS;
	if (!strcmp(code, "notices") || !strcmp(code, "statutory-01") || strstr(name, "通知公告") ||
	    strstr(name, "政策文件") || strstr(name, "法规文件"))
		return ICOL_NOTICE;
	return ICOL_OTHER;
}

/* The indicators' own limit for a class (0 for other columns). */
static int class_days(enum integrity_column_class k)
{
	return k == ICOL_NEWS ? INTEGRITY_NEWS_DAYS : k == ICOL_NOTICE ? INTEGRITY_NOTICE_DAYS : 0;
}

int integrity_column_limit(const struct column *c)
{
	return c->f.cadence_days > 0 ? c->f.cadence_days : class_days(integrity_column_class(c));
}

/* Days since the column's last update (or, never updated, since its creation); -1 when
 * neither is known. */
static int days_since(const struct column *c, zf_day today)
{
	zf_day since = c->last_update ? c->last_update : c->created_on;
	return since ? (int)(today - since) : -1;
}

static const char *limit_words(const struct column *c, int days, char *buf, size_t cap)
{
	if (c->f.cadence_days > 0)
		return column_cadence_label(days);
	if (days == 14)
		return "两周";
	if (days == 180)
		return "六个月";
	snprintf(buf, cap, "%d 天", days);
	return buf;
}

/* The findings of one agency's columns. */
static int agency_columns(struct store *st, struct arena *a, long long agency_id,
			  const char *agency_name, zf_day today, struct site_findings *out)
{
	struct column *v;
	size_t n;
	int rc = store_column_list(st, a, agency_id, false, &v, &n);
	if (rc)
		return rc;
	size_t key_stale = 0, stale = 0, empty = 0;
	char url[48], w1[24], day[11];
	for (size_t i = 0; i < n && !rc; i++) {
		const struct column *c = &v[i];
		bool has_child = i + 1 < n && v[i + 1].depth > c->depth;
		snprintf(url, sizeof(url), "/column/%lld", c->id);
		struct site_finding f = {
		    .sev = SCAN_DEDUCT, .url = url, .agency_id = agency_id, .snippet = c->f.name};
		if (c->f.kind == COLUMN_LIST && !has_child && !c->last_update && !c->ndocs) {
			empty++;
			f.id = "column.empty";
			f.message = arena_printf(a, "%s的栏目“%s”没有发布任何信息（空白栏目）",
						 agency_name, c->f.name);
			f.fix = "在栏目中发布信息，或将不再使用的栏目关闭（隐藏）";
			rc = site_findings_add(out, &f);
			continue;
		}
		int limit = integrity_column_limit(c), since = days_since(c, today);
		if (limit <= 0 || since < 0 || since <= limit)
			continue;
		stale++;
		enum integrity_column_class k = integrity_column_class(c);
		if (k != ICOL_OTHER && since > class_days(k))
			key_stale++;
		f.id = "column.stale";
		f.message = arena_printf(
		    a, "%s的栏目“%s”已 %d 天未更新（更新周期 %s；最近更新 %s）", agency_name,
		    c->f.name, since, limit_words(c, limit, w1, sizeof(w1)),
		    c->last_update ? date_format(c->last_update, day) : "从未更新");
		f.fix = "及时发布本栏目的信息，或按实际情况调整栏目的更新周期";
		rc = site_findings_add(out, &f);
	}
	if (rc)
		return rc;
	/* the veto rules of 栏目不更新, once per agency */
	snprintf(url, sizeof(url), "/columns/%lld", agency_id);
	struct site_finding f = {
	    .sev = SCAN_VETO, .url = url, .agency_id = agency_id, .snippet = agency_name};
	if (key_stale >= INTEGRITY_VETO_KEY_STALE) {
		f.id = "column.veto.key-stale";
		f.message = arena_printf(a,
					 "%s有 %zu 个动态、要闻类栏目两周以上或通知公告、政策文件类"
					 "栏目六个月以上未更新（5 个及以上即单项否决）",
					 agency_name, key_stale);
		f.fix = "逐一更新这些栏目";
		rc = site_findings_add(out, &f);
	}
	if (!rc && stale >= INTEGRITY_VETO_STALE) {
		f.id = "column.veto.stale";
		f.message = arena_printf(
		    a, "%s有 %zu 个应更新的栏目超过更新周期未更新（10 个及以上即单项否决）",
		    agency_name, stale);
		f.fix = "逐一更新这些栏目，或关闭不再使用的栏目";
		rc = site_findings_add(out, &f);
	}
	if (!rc && empty >= INTEGRITY_VETO_EMPTY) {
		f.id = "column.veto.empty";
		f.message = arena_printf(a, "%s有 %zu 个空白栏目（5 个及以上即单项否决）",
					 agency_name, empty);
		f.fix = "在空白栏目中发布信息，或关闭不再使用的栏目";
		rc = site_findings_add(out, &f);
	}
	return rc;
}

/* 规章 and 行政规范性文件 published, valid, on the public site, without a published 政策解读,
 * more than INTEGRITY_INTERPRET_WORKDAYS working days ago. */
static int interpretations(struct store *st, struct arena *a, const struct calendar *cal,
			   zf_day today, struct site_findings *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT d.id, d.agency_id, d.title, d.published_on, d.kind,"
			    " coalesce(g.name, '') FROM docs d LEFT JOIN agencies g"
			    " ON g.id = d.agency_id"
			    " WHERE d.state = 'published' AND d.validity = 'valid'"
			    " AND d.kind IN ('regulation', 'normative') AND d.published_on < ?"
			    " AND NOT EXISTS (SELECT 1 FROM docs i WHERE i.interprets_id = d.id"
			    "   AND i.state = 'published')"
			    " AND d.id NOT IN (SELECT k.doc_id FROM doc_takedowns k"
			    "   WHERE k.attachment_id IS NULL)"
			    " ORDER BY d.agency_id, d.published_on, d.id",
			    &s);
	if (rc)
		return rc;
	db_bind_day(s, 1, today);
	char url[32], d1[11], d2[11];
	while ((rc = db_step(s)) == DB_ROW) {
		zf_day published = db_col_day(s, 3);
		zf_day due = cal_add_working_days(cal, published, INTEGRITY_INTERPRET_WORKDAYS);
		if (!published || today <= due)
			continue;
		long long id = db_col_int(s, 0);
		const char *title = db_col_str(s, a, 2);
		int kind = doc_kind_parse(db_col_text(s, 4) ? db_col_text(s, 4) : "");
		snprintf(url, sizeof(url), "/docs/%lld", id);
		struct site_finding f = {
		    .id = "column.no-interpretation",
		    .sev = SCAN_DEDUCT,
		    .url = url,
		    .doc_id = id,
		    .agency_id = db_col_int(s, 1),
		    .snippet = title,
		    .message = arena_printf(
			a, "%s《%s》于 %s 发布，政策解读应在 %s（3 个工作日内）发布，至今没有",
			kind >= 0 ? doc_kind_label((enum doc_kind)kind) : "文件",
			title ? title : "", date_format(published, d1), date_format(due, d2)),
		    .fix = "起草并发布政策解读，在“解读的文件”中选择本文件"};
		rc = site_findings_add(out, &f);
		if (rc)
			break;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_integrity_columns_cal(struct store *s, const struct calendar *cal, zf_day today,
				struct site_findings *out)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *ag;
	size_t n;
	int rc = store_agency_list(s, a, &ag, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (!ag[i].closed)
			rc = agency_columns(s, a, ag[i].id, ag[i].name, today, out);
	if (!rc)
		rc = interpretations(s, a, cal, today, out);
	arena_free(a);
	return rc;
}

int store_integrity_columns(struct store *s, zf_day today, struct site_findings *out)
{
	struct calendar *cal = cal_new();
	if (!cal)
		return ZF_ENOMEM;
	struct buf err = BUF_INIT;
	int rc = cal_load_builtin(cal, &err);
	buf_free(&err);
	if (!rc)
		rc = store_integrity_columns_cal(s, cal, today, out);
	cal_free(cal);
	return rc;
}
