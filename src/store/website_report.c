/* website_report.c: the 政府网站工作年度报表 (website_report.h), written once in portable SQL
 * for both engines. The counted items are folds over the platform's tables for the calendar
 * year; the messages and new-media items come from their areas' store functions and read as
 * manual while those are placeholders (ZF_ESTATE). The 征集调查期数 and 访谈期数 come from
 * the consultations area (store_consult_counts); the other 征集调查 and 访谈 items stay manual. */
#include "common.h"
#include "agencies.h"
#include "arena.h"
#include "consult.h"
#include "db.h"
#include "driver.h"
#include "messages.h"
#include "newmedia.h"
#include "utf8.h"
#include "website_report.h"

const struct wr_item wr_items[] = {
    {"site_name", "基本信息", "网站名称", "", WR_AUTO, WR_TEXT, false},
    {"home_url", "基本信息", "首页网址", "", WR_MANUAL, WR_TEXT, false},
    {"host_org", "基本信息", "主办单位", "", WR_AUTO, WR_TEXT, false},
    {"site_type", "基本信息", "网站类型（政府门户网站/部门网站/专项网站）", "", WR_MANUAL, WR_TEXT,
     false},
    {"site_code", "基本信息", "政府网站标识码", "", WR_AUTO, WR_TEXT, false},
    {"icp", "基本信息", "ICP备案号", "", WR_AUTO, WR_TEXT, false},
    {"psb", "基本信息", "公安机关备案号", "", WR_AUTO, WR_TEXT, false},
    {"visitors", "基本信息", "独立用户访问总量", "个", WR_MANUAL, WR_NUMBER, false},
    {"page_views", "基本信息", "网站总访问量", "次", WR_MANUAL, WR_NUMBER, false},
    {"docs_total", "信息发布", "总数", "条", WR_SUM, WR_NUMBER, false},
    {"docs_overview", "信息发布", "概况类信息更新量", "条", WR_MANUAL, WR_NUMBER, false},
    {"docs_news", "信息发布", "政务动态信息更新量", "条", WR_MANUAL, WR_NUMBER, false},
    {"docs_catalogue", "信息发布", "信息公开目录信息更新量", "条", WR_AUTO, WR_NUMBER, false},
    {"topics_kept", "专栏专题", "维护数量", "个", WR_MANUAL, WR_NUMBER, false},
    {"topics_new", "专栏专题", "新开设数量", "个", WR_MANUAL, WR_NUMBER, false},
    {"interp_total", "解读回应", "解读信息发布总数", "条", WR_AUTO, WR_NUMBER, false},
    {"interp_materials", "解读回应", "其中：解读材料数量", "条", WR_MANUAL, WR_NUMBER, false},
    {"interp_products", "解读回应", "其中：解读产品数量", "个", WR_MANUAL, WR_NUMBER, false},
    {"interp_media", "解读回应", "其中：媒体评论文章数量", "篇", WR_MANUAL, WR_NUMBER, false},
    {"responses", "解读回应", "回应公众关注热点或重大舆情数量", "次", WR_MANUAL, WR_NUMBER, false},
    {"svc_catalogue", "办事服务", "是否发布服务事项目录", "", WR_MANUAL, WR_YESNO, false},
    {"svc_users", "办事服务", "注册用户数", "个", WR_MANUAL, WR_NUMBER, false},
    {"svc_items", "办事服务", "政务服务事项数量", "项", WR_MANUAL, WR_NUMBER, false},
    {"svc_online", "办事服务", "可全程在线办理政务服务事项数量", "项", WR_MANUAL, WR_NUMBER, false},
    {"svc_cases", "办事服务", "办件量", "件", WR_MANUAL, WR_NUMBER, false},
    {"unified_platform", "互动交流", "是否使用统一平台", "", WR_MANUAL, WR_YESNO, false},
    {"msg_received", "互动交流", "留言办理：收到留言数量", "条", WR_AUTO, WR_NUMBER, true},
    {"msg_closed", "互动交流", "留言办理：办结留言数量", "条", WR_AUTO, WR_NUMBER, true},
    {"msg_avg_days", "互动交流", "留言办理：平均办理时间", "天", WR_AUTO, WR_TEXT, true},
    {"msg_published", "互动交流", "留言办理：公开答复数量", "条", WR_AUTO, WR_NUMBER, true},
    {"survey_rounds", "互动交流", "征集调查：征集调查期数", "期", WR_AUTO, WR_NUMBER, true},
    {"survey_opinions", "互动交流", "征集调查：收到意见数量", "条", WR_MANUAL, WR_NUMBER, false},
    {"survey_results", "互动交流", "征集调查：公布调查结果期数", "期", WR_MANUAL, WR_NUMBER, false},
    {"interview_rounds", "互动交流", "在线访谈：访谈期数", "期", WR_AUTO, WR_NUMBER, true},
    {"interview_questions", "互动交流", "在线访谈：网民留言数量", "条", WR_MANUAL, WR_NUMBER,
     false},
    {"interview_answers", "互动交流", "在线访谈：答复网民提问数量", "条", WR_MANUAL, WR_NUMBER,
     false},
    {"smart_qa", "互动交流", "是否提供智能问答", "", WR_MANUAL, WR_YESNO, false},
    {"sec_checks", "安全防护", "安全检测评估次数", "次", WR_MANUAL, WR_NUMBER, false},
    {"sec_found", "安全防护", "发现问题数量", "个", WR_AUTO, WR_NUMBER, false},
    {"sec_fixed", "安全防护", "问题整改数量", "个", WR_AUTO, WR_NUMBER, false},
    {"sec_monitoring", "安全防护", "是否建立安全监测预警机制", "", WR_MANUAL, WR_YESNO, false},
    {"sec_drill", "安全防护", "是否开展应急演练", "", WR_MANUAL, WR_YESNO, false},
    {"sec_officer", "安全防护", "是否明确网站安全负责人", "", WR_MANUAL, WR_YESNO, false},
    {"media_accounts", "移动新媒体", "政务新媒体账号数量", "个", WR_AUTO, WR_NUMBER, true},
    {"weibo", "移动新媒体", "微博（名称、信息发布量、关注量）", "", WR_MANUAL, WR_TEXT, false},
    {"wechat", "移动新媒体", "微信（名称、信息发布量、订阅数）", "", WR_MANUAL, WR_TEXT, false},
    {"media_other", "移动新媒体", "其他", "", WR_MANUAL, WR_TEXT, false},
    {"innovation", "创新发展", "创新发展情况（搜索即服务、多语言版本、无障碍浏览、千人千网等）", "",
     WR_MANUAL, WR_TEXT, false},
};
const size_t wr_nitems = ARRAY_SIZE(wr_items);

const struct wr_item *wr_item_find(const char *key)
{
	for (size_t i = 0; key && i < wr_nitems; i++)
		if (!strcmp(wr_items[i].key, key))
			return &wr_items[i];
	return NULL;
}

static size_t item_index(const char *key)
{
	const struct wr_item *it = wr_item_find(key);
	if (!it)
		BUG("no website report item %s", key);
	return (size_t)(it - wr_items);
}

static void set_num(struct website_report *r, struct arena *a, const char *key, long long v)
{
	size_t i = item_index(key);
	r->values[i] = arena_printf(a, "%lld", v);
	r->automatic[i] = true;
}

static void set_text(struct website_report *r, const char *key, const char *v)
{
	size_t i = item_index(key);
	r->values[i] = v ? v : "";
	r->automatic[i] = true;
}

/* One count with the year's first and last day bound as ?1 and ?2. */
static int year_count(struct store *st, const char *sql, zf_day from, zf_day to, long long *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_day(s, 1, from);
	db_bind_day(s, 2, to);
	rc = db_step(s);
	*out = rc == DB_ROW ? db_col_int(s, 0) : 0;
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_website_report(struct store *st, struct arena *a, const struct calendar *cal, int year,
			 zf_day today, struct website_report *out)
{
	memset(out, 0, sizeof(*out));
	if (year < 2000 || year > 2100)
		return ZF_EINVAL;
	out->year = year;
	out->values = arena_alloc(a, wr_nitems * sizeof(*out->values));
	out->automatic = arena_alloc(a, wr_nitems * sizeof(*out->automatic));
	if (!out->values || !out->automatic)
		return ZF_ENOMEM;
	for (size_t i = 0; i < wr_nitems; i++) {
		out->values[i] = "";
		out->automatic[i] = false;
	}
	out->published_at = "";
	/* the manual values first: counted items overwrite them */
	struct db_stmt *s;
	int rc =
	    db_prepare(st, "SELECT field, value FROM website_report_fields WHERE year = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, year);
	while ((rc = db_step(s)) == DB_ROW) {
		const struct wr_item *it = wr_item_find(db_col_text(s, 0));
		if (it)
			out->values[it - wr_items] = db_col_str(s, a, 1);
	}
	db_finish(s);
	if (rc)
		return rc;
	rc = db_prepare(st, "SELECT published_at FROM website_report_published WHERE year = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, year);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->published = true;
		out->published_at = db_col_str(s, a, 0);
	}
	db_finish(s);
	if (rc < 0)
		return rc;

	struct site_settings ss;
	rc = store_site_settings_get(st, a, &ss);
	if (rc)
		return rc;
	set_text(out, "site_name", ss.site_name);
	set_text(out, "host_org", ss.host_org);
	set_text(out, "site_code", ss.site_code);
	set_text(out, "icp", ss.icp);
	set_text(out, "psb", ss.psb);

	zf_day from = date_from_ymd(year, 1, 1), to = date_from_ymd(year, 12, 31);
	long long v = 0;
	rc = year_count(st,
			"SELECT count(*) FROM docs WHERE state = 'published'"
			" AND published_on >= ?1 AND published_on <= ?2",
			from, to, &v);
	if (rc)
		return rc;
	set_num(out, a, "docs_catalogue", v);
	rc = year_count(
	    st,
	    "SELECT count(*) FROM docs WHERE state = 'published'"
	    " AND interprets_id IS NOT NULL AND published_on >= ?1 AND published_on <= ?2",
	    from, to, &v);
	if (rc)
		return rc;
	set_num(out, a, "interp_total", v);
	/* the site checks: findings first seen in the year, and those closed in it (their
	 * timestamps are UTC; the day is their first ten characters) */
	rc = year_count(st,
			"SELECT count(*) FROM integrity_findings WHERE scope = 'site'"
			" AND status <> 'dismissed'"
			" AND substr(first_seen, 1, 10) >= ?1 AND substr(first_seen, 1, 10) <= ?2",
			from, to, &v);
	if (rc)
		return rc;
	set_num(out, a, "sec_found", v);
	rc = year_count(st,
			"SELECT count(*) FROM integrity_findings WHERE scope = 'site'"
			" AND status = 'closed'"
			" AND substr(closed_at, 1, 10) >= ?1 AND substr(closed_at, 1, 10) <= ?2",
			from, to, &v);
	if (rc)
		return rc;
	set_num(out, a, "sec_fixed", v);

	/* messages and new media, over every agency */
	struct agency *ag = NULL;
	size_t nag = 0;
	rc = store_agency_list(st, a, &ag, &nag);
	if (rc)
		return rc;
	struct message_stats sum = {0};
	bool msg_known = true, media_known = true;
	long long accounts = 0;
	for (size_t i = 0; i < nag && (msg_known || media_known); i++) {
		struct message_stats ms;
		if (msg_known) {
			rc = store_message_stats(st, cal, ag[i].id, from, to, today, &ms);
			if (rc == ZF_ESTATE)
				msg_known = false;
			else if (rc)
				return rc;
			else {
				sum.received += ms.received;
				sum.replied += ms.replied;
				sum.reply_days_sum += ms.reply_days_sum;
				sum.published += ms.published;
			}
		}
		struct newmedia_counts nc;
		if (media_known) {
			rc = store_newmedia_counts(st, ag[i].id, today, &nc);
			if (rc == ZF_ESTATE)
				media_known = false;
			else if (rc)
				return rc;
			else
				accounts += nc.accounts;
		}
	}
	if (msg_known) {
		set_num(out, a, "msg_received", sum.received);
		set_num(out, a, "msg_closed", sum.replied);
		set_num(out, a, "msg_published", sum.published);
		size_t i = item_index("msg_avg_days");
		out->values[i] =
		    sum.replied
			? arena_printf(a, "%.1f", (double)sum.reply_days_sum / (double)sum.replied)
			: "0";
		out->automatic[i] = true;
	}
	if (media_known)
		set_num(out, a, "media_accounts", accounts);

	/* 意见征集 and 在线访谈 of every agency in the year */
	long long nconsult = 0, ninterview = 0;
	rc = store_consult_counts(st, 0, from, to, &nconsult, &ninterview);
	if (rc && rc != ZF_ESTATE)
		return rc;
	if (!rc) {
		set_num(out, a, "survey_rounds", nconsult);
		set_num(out, a, "interview_rounds", ninterview);
	}

	/* the sum */
	long long total = 0;
	static const char *const parts[] = {"docs_overview", "docs_news", "docs_catalogue"};
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++)
		total += atoll(out->values[item_index(parts[k])]);
	set_num(out, a, "docs_total", total);
	for (size_t i = 0; i < wr_nitems; i++)
		if (!out->values[i])
			return ZF_ENOMEM;
	return 0;
}

/* Checks one manual value: 0 or ZF_EINVAL with the reason in err. */
static int value_check(const struct wr_item *it, const char *v, struct buf *err)
{
	size_t n = strlen(v);
	if (!utf8_valid(v, n)) {
		buf_setf(err, "“%s”含有无法识别的字符", it->label);
		return ZF_EINVAL;
	}
	if (utf8_count(v, n) > 2000) {
		buf_setf(err, "“%s”不能超过2000个字", it->label);
		return ZF_EINVAL;
	}
	if (!*v)
		return 0;
	if (it->type == WR_NUMBER) {
		bool digits = n <= 13;
		for (size_t i = 0; i < n && digits; i++)
			digits = v[i] >= '0' && v[i] <= '9';
		if (!digits || strtoll(v, NULL, 10) > 1000000000000LL) {
			buf_setf(err, "“%s”应填写不超过一万亿的非负整数", it->label);
			return ZF_EINVAL;
		}
	} else if (it->type == WR_YESNO && strcmp(v, "是") && strcmp(v, "否")) {
		buf_setf(err, "“%s”应填写“是”或“否”", it->label);
		return ZF_EINVAL;
	}
	return 0;
}

int store_website_report_set(struct store *st, const char *actor, int year, const char *const *keys,
			     const char *const *values, size_t n, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (year < 2000 || year > 2100) {
		buf_setf(err, "年度应在2000至2100之间");
		return ZF_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct wr_item *it = wr_item_find(keys[i]);
		if (!it || (it->source != WR_MANUAL && !it->fallback)) {
			buf_setf(err, "“%s”不是可手工填写的项目", it ? it->label : "未知项目");
			return ZF_EINVAL;
		}
		int rc = value_check(it, values[i] ? values[i] : "", err);
		if (rc)
			return rc;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	for (size_t i = 0; i < n && !rc; i++) {
		struct db_stmt *s;
		const char *v = values[i] ? values[i] : "";
		if (*v)
			rc = db_prepare(
			    st,
			    "INSERT INTO website_report_fields (year, field, value,"
			    " updated_by, updated_at) VALUES (?, ?, ?, ?, ?)"
			    " ON CONFLICT (year, field) DO UPDATE SET value = excluded.value,"
			    " updated_by = excluded.updated_by,"
			    " updated_at = excluded.updated_at",
			    &s);
		else
			rc = db_prepare(
			    st, "DELETE FROM website_report_fields WHERE year = ? AND field = ?",
			    &s);
		if (rc)
			break;
		db_bind_int(s, 1, year);
		db_bind_text(s, 2, keys[i]);
		if (*v) {
			db_bind_text(s, 3, v);
			db_bind_text(s, 4, actor);
			db_bind_text(s, 5, now);
		}
		rc = db_run(s);
	}
	if (!rc) {
		char object[32], detail[48];
		snprintf(object, sizeof(object), "website_report:%d", year);
		snprintf(detail, sizeof(detail), "fields=%zu", n);
		rc = store_audit(st, actor, "website_report.edit", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

int store_website_report_publish(struct store *st, const char *actor, int year, bool publish)
{
	if (!actor || !*actor || year < 2000 || year > 2100)
		return ZF_EINVAL;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			publish ? "INSERT INTO website_report_published (year, published_by)"
				  " VALUES (?, ?) ON CONFLICT (year) DO NOTHING"
				: "DELETE FROM website_report_published WHERE year = ?",
			&s);
	if (!rc) {
		db_bind_int(s, 1, year);
		if (publish)
			db_bind_text(s, 2, actor);
		rc = db_run(s);
	}
	if (!rc) {
		char object[32];
		snprintf(object, sizeof(object), "website_report:%d", year);
		rc = store_audit(st, actor,
				 publish ? "website_report.publish" : "website_report.withdraw",
				 object, "");
	}
	return store_write_end(st, rc);
}

int store_website_report_years(struct store *st, struct arena *a, int **years, size_t *n)
{
	*years = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT year FROM website_report_published ORDER BY year DESC", &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*years = arena_grow(a, *years, *n, &alloc, sizeof(**years));
		if (!*years) {
			rc = ZF_ENOMEM;
			break;
		}
		(*years)[(*n)++] = (int)db_col_int(s, 0);
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}
