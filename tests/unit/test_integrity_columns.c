/* test_integrity_columns.c: the column and interpretation checks of the site-integrity area
 * (store/integrity_checks.h), on both engines (store_test.h): stale columns by their own
 * cadence or the indicators' default (动态 two weeks, 通知公告/政策文件 six months), empty
 * list columns, hidden columns left alone, the site-level veto rules as summary findings,
 * and 规章 / 行政规范性文件 without a published 政策解读 three working days after
 * publication, counted across the National Day and Spring Festival holidays. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/integrity_checks.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static const struct column *find(const struct column *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].f.code, code))
			return &v[i];
	return NULL;
}

static int seq;

/* A published document of the agency on `on`, filed under column (0: none). */
static long long publish(struct store *st, long long agency, const char *title, enum doc_kind kind,
			 const char *on, long long column, long long interprets)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = agency,
			       .title = title,
			       .kind = kind,
			       .written_on = day(on) - 3,
			       .interprets_id = interprets};
	char index_no[40];
	snprintf(index_no, sizeof(index_no), "000014349/2026-%05d", ++seq);
	long long id = 0;
	if (store_doc_insert_published(st, &f, day(on), index_no, DOC_VALID, 0, &id, &err))
		BUG("publish %s: %s", title, buf_cstr(&err));
	if (column && store_doc_columns_set(st, "clerk", id, &column, 1, &err))
		BUG("file %s: %s", title, buf_cstr(&err));
	buf_free(&err);
	return id;
}

/* The findings with this id (and, when agency is not 0, of this agency). */
static size_t count(const struct site_findings *f, const char *id, long long agency)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += !strcmp(f->v[i].id, id) && (!agency || f->v[i].agency_id == agency);
	return n;
}

static const struct site_finding *on_url(const struct site_findings *f, const char *id,
					 const char *url)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].id, id) && !strcmp(f->v[i].url, url))
			return &f->v[i];
	return NULL;
}

static void run(struct store *st, const struct calendar *cal, const char *today,
		struct site_findings *out)
{
	site_findings_free(out);
	site_findings_init(out);
	if (store_integrity_columns_cal(st, cal, day(today), out))
		BUG("store_integrity_columns_cal failed");
}

static void test_pure(void)
{
	struct column c = {.f = {.code = "news", .name = "工作动态"}};
	tap_int(integrity_column_class(&c), ICOL_NEWS, "工作动态 is a 动态 column");
	tap_int(integrity_column_limit(&c), 14, "不定期: the indicators' two weeks");
	c.f.cadence_days = 7;
	tap_int(integrity_column_limit(&c), 7, "its own cadence when set");
	c = (struct column){.f = {.code = "c12", .name = "部门要闻"}};
	tap_int(integrity_column_class(&c), ICOL_NEWS, "要闻 by its name");
	c = (struct column){.f = {.code = "notices", .name = "通知公告"}};
	tap_int(integrity_column_limit(&c), 180, "通知公告: six months");
	c = (struct column){.f = {.code = "c13", .name = "政策文件"}};
	tap_int(integrity_column_class(&c), ICOL_NOTICE, "政策文件 by its name");
	c = (struct column){.f = {.code = "personnel", .name = "人事信息"}};
	tap_int(integrity_column_class(&c), ICOL_OTHER, "人事信息: another column");
	tap_int(integrity_column_limit(&c), 0, "不定期 and no default: never stale");
}

static void test_columns(struct store *st, const struct calendar *cal, long long gov,
			 long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct site_findings f;
	site_findings_init(&f);
	tap_int(store_columns_seed(st, "admin", gov), 0, "seed the government's columns");
	struct column *v;
	size_t n;
	store_column_list(st, a, gov, true, &v, &n);
	long long news = find(v, n, "news")->id, notices = find(v, n, "notices")->id;
	long long item1 = find(v, n, "statutory-01")->id, guide = find(v, n, "guide")->id;
	long long personnel = find(v, n, "personnel")->id;

	run(st, cal, "2026-06-01", &f);
	size_t leaves = 0;
	for (size_t i = 0; i < n; i++)
		leaves += !(i + 1 < n && v[i + 1].depth > v[i].depth);
	tap_int(count(&f, "column.empty", gov), leaves, "every leaf column is empty (%zu)", leaves);
	tap_ok(!on_url(&f, "column.empty",
		       arena_printf(a, "/column/%lld", find(v, n, "statutory")->id)),
	       "法定主动公开内容 (it has children) is not reported itself");
	tap_int(count(&f, "column.veto.empty", gov), 1, "five or more empty columns: one veto");
	tap_int(count(&f, "column.empty", dept) + count(&f, "column.veto.empty", dept), 0,
		"the department has no columns: no finding");
	bool agency_set = f.n > 0;
	for (size_t i = 0; i < f.n; i++)
		agency_set = agency_set && f.v[i].agency_id == gov && f.v[i].category[0] == 'c' &&
			     !strcmp(f.v[i].category, "column");
	tap_ok(agency_set, "agency_id and the category column on every finding");
	const struct site_finding *x =
	    on_url(&f, "column.veto.empty", arena_printf(a, "/columns/%lld", gov));
	tap_ok(x && x->sev == SCAN_VETO, "the summary is a veto");

	/* news (周) published on 05-01 */
	publish(st, gov, "区政府召开常务会议", DOC_KIND_OTHER, "2026-05-01", news, 0);
	publish(st, gov, "关于做好防汛工作的通知", DOC_KIND_OTHER, "2026-05-01", notices, 0);
	publish(st, gov, "政府信息公开指南（2026年版）", DOC_KIND_OTHER, "2026-05-01", guide, 0);
	publish(st, gov, "人事任免", DOC_KIND_OTHER, "2026-01-01", personnel, 0);
	const char *news_url = arena_printf(a, "/column/%lld", news);
	run(st, cal, "2026-05-08", &f);
	tap_ok(!on_url(&f, "column.stale", news_url), "7 days after: 工作动态 (周) is not stale");
	tap_ok(!on_url(&f, "column.empty", news_url), "nor empty");
	run(st, cal, "2026-05-09", &f);
	x = on_url(&f, "column.stale", news_url);
	tap_ok(x && x->sev == SCAN_DEDUCT && strstr(x->message, "工作动态") &&
		   strstr(x->message, "8 天"),
	       "8 days after: stale by its own cadence (%s)", x ? x->message : "none");
	tap_ok(!on_url(&f, "column.stale", arena_printf(a, "/column/%lld", personnel)),
	       "人事信息 (不定期) is never stale");

	/* the clerk sets 工作动态 to 不定期: the indicators' two weeks apply */
	struct column c;
	store_column_get(st, a, news, &c);
	struct column_fields e = c.f;
	e.cadence_days = 0;
	tap_int(store_column_edit(st, "clerk", news, &e, &err), 0, "工作动态 becomes 不定期");
	run(st, cal, "2026-05-15", &f);
	tap_ok(!on_url(&f, "column.stale", news_url), "14 days: within the indicators' two weeks");
	run(st, cal, "2026-05-16", &f);
	tap_ok(on_url(&f, "column.stale", news_url) != NULL, "15 days: stale");

	/* a hidden column is left alone */
	store_column_set_hidden(st, "clerk", news, true, &err);
	run(st, cal, "2026-05-16", &f);
	tap_ok(!on_url(&f, "column.stale", news_url) && !on_url(&f, "column.empty", news_url),
	       "a closed column gives no finding");
	store_column_set_hidden(st, "clerk", news, false, &err);

	/* five 动态 columns three weeks old: the key-column veto */
	run(st, cal, "2026-05-22", &f);
	tap_int(count(&f, "column.veto.key-stale", gov), 0, "one stale 动态 column: no veto yet");
	for (int i = 0; i < 4; i++) {
		struct column_fields nf = {.agency_id = gov,
					   .name = arena_printf(a, "乡镇动态%d", i + 1),
					   .cadence_days = 0};
		long long id = 0;
		tap_int(store_column_add(st, "clerk", &nf, &id, &err), 0, "add %s", nf.name);
		publish(st, gov, arena_printf(a, "乡镇工作%d", i), DOC_KIND_OTHER, "2026-05-01", id,
			0);
	}
	run(st, cal, "2026-05-22", &f);
	x = on_url(&f, "column.veto.key-stale", arena_printf(a, "/columns/%lld", gov));
	tap_ok(x && x->sev == SCAN_VETO && strstr(x->message, "5 个"),
	       "five 动态 columns over two weeks: veto (%s)", x ? x->message : "none");
	tap_int(count(&f, "column.veto.stale", gov), 0, "fewer than ten stale: no second veto");

	/* 通知公告 (月 = 30 days): stale by cadence, but within the indicators' six months */
	const char *notices_url = arena_printf(a, "/column/%lld", notices);
	tap_ok(on_url(&f, "column.stale", notices_url) == NULL, "通知公告 21 days: fine");
	run(st, cal, "2026-06-05", &f);
	tap_ok(on_url(&f, "column.stale", notices_url) != NULL, "35 days: stale by its cadence");
	(void)item1;
	site_findings_free(&f);
	buf_free(&err);
	arena_free(a);
}

static void test_interpretations(struct store *st, const struct calendar *cal, long long gov,
				 long long dept)
{
	struct arena *a = arena_new(0);
	struct site_findings f;
	site_findings_init(&f);
	/* published on Wednesday 2026-09-30, before 国庆节 (10-01..10-07 off, 10-10 a working
	 * Saturday): the three working days are 10-08, 10-09, 10-10 */
	long long rule =
	    publish(st, dept, "示例区住房租赁管理办法", DOC_KIND_NORMATIVE, "2026-09-30", 0, 0);
	long long plain = publish(st, dept, "住建局工作简报", DOC_KIND_OTHER, "2026-09-30", 0, 0);
	const char *rule_url = arena_printf(a, "/docs/%lld", rule);
	run(st, cal, "2026-10-06", &f);
	tap_ok(!on_url(&f, "column.no-interpretation", rule_url),
	       "10-06, in the holiday (Monday to Friday alone would say overdue): not yet");
	run(st, cal, "2026-10-10", &f);
	tap_ok(!on_url(&f, "column.no-interpretation", rule_url),
	       "10-10, the third working day: still in time");
	run(st, cal, "2026-10-11", &f);
	const struct site_finding *x = on_url(&f, "column.no-interpretation", rule_url);
	tap_ok(x && x->doc_id == rule && x->agency_id == dept && x->sev == SCAN_DEDUCT &&
		   strstr(x->message, "2026-10-10") && strstr(x->message, "行政规范性文件"),
	       "10-11: no 政策解读 (%s)", x ? x->message : "none");
	tap_ok(!on_url(&f, "column.no-interpretation", arena_printf(a, "/docs/%lld", plain)),
	       "an ordinary document needs no 政策解读");

	/* 规章 published on Friday 2026-02-13 before 春节 (02-14 a working Saturday, 02-15..02-23
	 * off): due 02-25 */
	long long reg =
	    publish(st, gov, "示例区城市管理规定", DOC_KIND_REGULATION, "2026-02-13", 0, 0);
	const char *reg_url = arena_printf(a, "/docs/%lld", reg);
	run(st, cal, "2026-02-25", &f);
	tap_ok(!on_url(&f, "column.no-interpretation", reg_url), "春节: 02-25 is the third day");
	run(st, cal, "2026-02-26", &f);
	tap_ok(on_url(&f, "column.no-interpretation", reg_url) != NULL, "02-26: overdue");

	/* an interpretation in draft does not count; a published one does */
	struct buf err = BUF_INIT;
	struct doc_fields df = {.agency_id = dept,
				.title = "《示例区住房租赁管理办法》政策解读",
				.written_on = day("2026-10-12"),
				.interprets_id = rule};
	long long draft = 0;
	tap_int(store_doc_add(st, "clerk", &df, &draft, &err), 0, "a 政策解读 drafted");
	run(st, cal, "2026-10-20", &f);
	tap_ok(on_url(&f, "column.no-interpretation", rule_url) != NULL,
	       "a draft 政策解读 does not count");
	publish(st, dept, "《示例区住房租赁管理办法》解读", DOC_KIND_OTHER, "2026-10-15", 0, rule);
	run(st, cal, "2026-10-20", &f);
	tap_ok(!on_url(&f, "column.no-interpretation", rule_url), "a published one does");
	tap_ok(on_url(&f, "column.no-interpretation", reg_url) != NULL,
	       "the other is still missing");

	/* the built-in calendar gives the same answer */
	site_findings_free(&f);
	site_findings_init(&f);
	tap_int(store_integrity_columns(st, day("2026-10-06"), &f), 0, "the built-in calendar");
	tap_ok(on_url(&f, "column.no-interpretation", reg_url) &&
		   !on_url(&f, "column.no-interpretation", rule_url),
	       "same findings");
	site_findings_free(&f);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("integrity_columns");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar: %s", buf_cstr(&err));
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_columns(st, cal, gov, dept);
	test_interpretations(st, cal, gov, dept);
	cal_free(cal);
	buf_free(&err);
	store_close(st);
	return tap_done();
}
