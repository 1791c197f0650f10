/* test_std_catalogue.c: the 基层政务公开标准目录 (store/std_catalogue.h) on both engines
 * (store_test.h), and its pure rules (law/std_limit.h): 公开时限 wording read into its machine
 * form; the status (已公开 / 逾期未公开 / 未到期 / 待公开) with working days across the 2026
 * 国庆 holiday; the import (主体 matched by name, one item per named 主体, a second import
 * updating and keeping links, any problem refusing the whole file with the database
 * unchanged, another's agency not found); linking a document clearing an overdue item; the
 * overdue count other areas call. */
#include "common.h"
#include "arena.h"
#include "ingest/std_sheet.h"
#include "ingest/xlsx.h"
#include "law/calendar.h"
#include "law/std_limit.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/std_catalogue.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static void limit_is(const char *text, enum std_limit_kind kind, int days, int month, int d)
{
	struct std_limit l = std_limit_parse(text);
	tap_ok(l.kind == kind && l.days == days && l.month == month && l.day == d,
	       "%s → %s %d %d-%d (got %s %d %d-%d)", text, std_limit_key(kind), days, month, d,
	       std_limit_key(l.kind), l.days, l.month, l.day);
}

static void test_parse(void)
{
	limit_is("信息形成或变更之日起20个工作日内", STD_LIMIT_WORKDAYS, 20, 0, 0);
	limit_is("自信息形成或者变更之日起二十个工作日内予以公开", STD_LIMIT_WORKDAYS, 20, 0, 0);
	limit_is("信息形成之日起１５个工作日内", STD_LIMIT_WORKDAYS, 15, 0, 0);
	limit_is("作出决定之日起7个工作日内", STD_LIMIT_WORKDAYS, 7, 0, 0);
	limit_is("结果确定后七日内", STD_LIMIT_DAYS, 7, 0, 0);
	limit_is("自批准之日起30天内", STD_LIMIT_DAYS, 30, 0, 0);
	limit_is("每年3月31日前", STD_LIMIT_YEARLY, 0, 3, 31);
	limit_is("每年3月底前", STD_LIMIT_YEARLY, 0, 3, 0);
	limit_is("每年三月前", STD_LIMIT_YEARLY, 0, 2, 0);
	limit_is("每年1月前", STD_LIMIT_YEARLY, 0, 12, 0);
	limit_is("每年9月", STD_LIMIT_YEARLY, 0, 9, 0);
	limit_is("每年2月29日前", STD_LIMIT_YEARLY, 0, 2, 0);
	limit_is("长期公开", STD_LIMIT_NONE, 0, 0, 0);
	limit_is("实时更新", STD_LIMIT_NONE, 0, 0, 0);
	limit_is("常态化公开", STD_LIMIT_NONE, 0, 0, 0);
	limit_is("按上级要求", STD_LIMIT_OTHER, 0, 0, 0);
	limit_is("", STD_LIMIT_OTHER, 0, 0, 0);
	limit_is("每年13月前", STD_LIMIT_OTHER, 0, 0, 0);
	limit_is("0个工作日内", STD_LIMIT_OTHER, 0, 0, 0);
	limit_is("99999个工作日内", STD_LIMIT_OTHER, 0, 0, 0);
	char out[64];
	struct std_limit l = std_limit_parse("信息形成或变更之日起20个工作日内");
	tap_str(std_limit_describe(&l, out), "事件发生后 20 个工作日内", "described");
	l = std_limit_parse("每年3月底前");
	tap_str(std_limit_describe(&l, out), "每年 3 月底前", "described");
}

static void test_status(const struct calendar *cal)
{
	struct std_limit five = {.kind = STD_LIMIT_WORKDAYS, .days = 5};
	zf_day due = 0;
	/* 2026-09-24 (Thu): 9-25..27 中秋, 10-01..07 国庆: the 5th working day is 10-09 */
	zf_day ev = day("2026-09-24");
	tap_int(std_status_of(cal, &five, ev, 0, day("2026-10-09"), &due), STD_ST_PENDING,
		"5 working days from 09-24: still due on 10-09");
	tap_ok(due == day("2026-10-09"), "due 10-09 across 中秋 and 国庆");
	tap_int(std_status_of(cal, &five, ev, 0, day("2026-10-10"), &due), STD_ST_OVERDUE,
		"overdue the day after");
	tap_int(std_status_of(NULL, &five, ev, 0, day("2026-10-02"), &due), STD_ST_OVERDUE,
		"without the calendar it would have been due 09-29 (+5 days)");
	tap_int(std_status_of(cal, &five, ev, day("2026-10-12"), day("2026-10-20"), &due),
		STD_ST_PUBLISHED, "a late publication clears it");
	tap_int(std_status_of(cal, &five, ev, day("2026-09-01"), day("2026-10-20"), &due),
		STD_ST_OVERDUE, "one from before the event does not");
	tap_int(std_status_of(cal, &five, 0, 0, day("2026-10-20"), &due), STD_ST_OPEN,
		"no event recorded: 待公开");
	tap_ok(due == 0, "without a due date");

	struct std_limit yearly = {.kind = STD_LIMIT_YEARLY, .month = 3, .day = 0};
	tap_int(std_status_of(cal, &yearly, 0, 0, day("2026-03-31"), &due), STD_ST_OVERDUE,
		"每年3月底前, nothing ever published: last year's is missed");
	tap_ok(due == day("2025-03-31"), "the missed one is 2025-03-31");
	tap_int(std_status_of(cal, &yearly, 0, day("2025-06-01"), day("2026-03-31"), &due),
		STD_ST_PUBLISHED, "published in 2025: 2025's obligation met (late)");
	tap_ok(due == day("2026-03-31"), "the next is due 2026-03-31");
	tap_int(std_status_of(cal, &yearly, 0, day("2025-06-01"), day("2026-04-01"), &due),
		STD_ST_OVERDUE, "on 2026-04-01 the 2026 one is missed");
	tap_int(std_status_of(cal, &yearly, 0, day("2026-03-20"), day("2026-04-01"), &due),
		STD_ST_PUBLISHED, "a publication in March 2026 meets it");
	tap_ok(due == day("2027-03-31"), "next due 2027-03-31");
	struct std_limit none = {.kind = STD_LIMIT_NONE};
	tap_int(std_status_of(cal, &none, 0, 0, day("2026-04-01"), &due), STD_ST_OPEN,
		"长期: 待公开 without a document");
	tap_int(std_status_of(cal, &none, 0, day("2026-01-01"), day("2026-04-01"), &due),
		STD_ST_PUBLISHED, "已公开 with one");
}

/* A sheet in memory: rows of cells (NULL ends a row). */
struct grid {
	struct xlsx_sheet sh;
	struct xlsx_row rows[16];
};

static void grid_row(struct grid *g, int num, const char *const *cells, size_t n)
{
	struct xlsx_row *r = &g->rows[g->sh.nrows++];
	r->num = num;
	r->ncells = n;
	r->cells = (const char **)cells;
	g->sh.rows = g->rows;
}

static const char *head[] = {"序号",	 "一级事项", "二级事项", "公开内容（要素）",
			     "公开依据", "公开时限", "公开主体", "公开渠道和载体",
			     "公开对象", "公开方式", "公开层级"};

static long long publish(struct store *st, long long agency, const char *title, const char *on)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {
	    .agency_id = agency, .title = title, .written_on = day("2026-01-02")};
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err) || store_doc_submit(st, "clerk", id, &err))
		BUG("doc: %s", buf_cstr(&err));
	if (on && store_doc_approve(st, "reviewer", id, day(on), &err))
		BUG("approve: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void test_store(struct store *st, const struct calendar *cal)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	long long gov = 0, edu = 0, civ = 0, other = 0, other_dept = 0;
	store_agency_add(st, 0, "示例县人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例县教育局", AGENCY_DEPARTMENT, &edu);
	store_agency_add(st, gov, "示例县民政局", AGENCY_DEPARTMENT, &civ);
	store_agency_add(st, gov, "示例县司法局", AGENCY_DEPARTMENT, &other);
	store_agency_add(st, other, "示例县公证处", AGENCY_DEPARTMENT, &other_dept);
	store_doc_settings_set(st, "admin", edu, "000014349", NULL, &err);

	const char *r1[] = {"1",
			    "招生入学",
			    "义务教育招生政策",
			    "招生范围、招生计划",
			    "《义务教育法》",
			    "信息形成或变更之日起20个工作日内",
			    "示例县教育局",
			    "政府网站",
			    "全社会",
			    "主动",
			    "县级"};
	const char *r2[] = {"2",
			    "",
			    "招生结果",
			    "录取名单",
			    "",
			    "结果确定后5个工作日内",
			    "示例县教育局、示例县民政局",
			    "政府网站",
			    "特定群体",
			    "主动",
			    "县级"};
	const char *r3[] = {"3",      "学校概况", "学校名录",	  "学校名称、地址",
			    "",	      "长期公开", "示例县教育局", "公开栏",
			    "全社会", "主动",	  "县级、乡级"};
	const char *title[] = {"义务教育领域基层政务公开标准目录"};
	struct grid g = {0};
	grid_row(&g, 1, title, 1);
	grid_row(&g, 2, head, ARRAY_SIZE(head));
	grid_row(&g, 3, r1, ARRAY_SIZE(r1));
	grid_row(&g, 4, r2, ARRAY_SIZE(r2));
	grid_row(&g, 5, r3, ARRAY_SIZE(r3));
	struct std_sheet sheet;
	tap_int(std_sheet_read(&g.sh, NULL, a, &sheet, &err), 0, "the sheet is read (%s)",
		buf_cstr(&err));
	tap_ok(sheet.n == 3 && sheet.nproblems == 0, "three rows, no problem");
	for (size_t i = 0; i < sheet.nproblems; i++)
		printf("# %s\n", sheet.problems[i]);
	tap_str(sheet.n == 3 ? sheet.rows[1].level1 : "", "招生入学", "一级事项 carried down");
	tap_str(sheet.n ? sheet.rows[0].area : "", "义务教育", "领域 from the title");

	/* a preview writes nothing */
	struct buf before = BUF_INIT, after = BUF_INIT;
	buf_reset(&before);
	store_test_dump(st, &before);
	struct std_import_report rep;
	tap_int(store_std_import(st, "admin", a, NULL, 0, &sheet, false, &rep), 0, "preview");
	tap_ok(rep.added == 4 && rep.updated == 0 && rep.nrows == 4,
	       "four items (two 主体 on row 4): %zu", rep.added);
	buf_reset(&after);
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "the preview wrote nothing");

	/* a scope without the 民政局: the whole file is refused */
	long long scope[] = {other};
	tap_int(store_std_import(st, "admin", a, scope, 1, &sheet, true, &rep), ZF_EINVAL,
		"outside the importer's agencies: refused");
	tap_ok(rep.nproblems >= 1 && strstr(rep.problems[0], "第3行") &&
		   strstr(rep.problems[0], "找不到公开主体"),
	       "第3行 named: %s", rep.nproblems ? rep.problems[0] : "");
	buf_reset(&after);
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "nothing written");

	long long audits0 = 0, audits1 = 0;
	store_audit_count(st, &audits0);
	tap_int(store_std_import(st, "admin", a, NULL, 0, &sheet, true, &rep), 0, "import");
	store_audit_count(st, &audits1);
	tap_int(audits1 - audits0, 1, "one audit line");
	tap_int(store_test_int(st, "SELECT count(*) FROM std_items"), 4, "four items stored");
	tap_int(store_test_int(st, "SELECT count(*) FROM std_items WHERE limit_kind = 'workdays' "
				   "AND limit_days = 20"),
		1, "the 时限 in its machine form");

	struct std_item *v = NULL;
	size_t n = 0;
	struct std_filter f = {
	    .agency_ids = &edu, .nagency = 1, .status = -1, .today = day("2026-10-20")};
	tap_int(store_std_list(st, a, cal, &f, &v, &n), 0, "the 教育局's items");
	tap_int((long long)n, 3, "three");
	long long policy = 0, result = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(v[i].level2, "义务教育招生政策"))
			policy = v[i].id;
		if (!strcmp(v[i].level2, "招生结果"))
			result = v[i].id;
	}
	tap_ok(policy && result && v[0].status == STD_ST_OPEN, "no event yet: 待公开");
	long long count = -1;
	tap_int(store_std_overdue_count_cal(st, cal, edu, day("2026-10-20"), &count), 0,
		"overdue count");
	tap_int(count, 0, "none overdue without an event");

	tap_int(store_std_set_event(st, "clerk", result, day("2026-09-24"), &err), 0,
		"record the event 2026-09-24");
	store_std_overdue_count_cal(st, cal, edu, day("2026-10-09"), &count);
	tap_int(count, 0, "on 10-09 (the 5th working day across the holidays): not yet");
	store_std_overdue_count_cal(st, cal, edu, day("2026-10-10"), &count);
	tap_int(count, 1, "on 10-10: one overdue");
	tap_int(store_std_overdue_count(st, edu, day("2026-10-10"), &count), 0,
		"with the built-in calendar");
	tap_int(count, 1, "the same");
	store_std_overdue_count_cal(st, cal, civ, day("2026-10-10"), &count);
	tap_int(count, 0, "the 民政局's item of the same row has no event: not overdue");

	long long draft = publish(st, edu, "2026年招生结果公示（草稿）", NULL);
	tap_int(store_std_link(st, "clerk", result, draft, &err), ZF_EINVAL,
		"a document not published cannot be linked (%s)", buf_cstr(&err));
	long long doc = publish(st, edu, "示例县2026年义务教育招生结果公示", "2026-10-12");
	tap_int(store_std_link(st, "clerk", result, doc, &err), 0, "link the publication");
	store_audit_count(st, &audits0);
	tap_int(store_std_link(st, "clerk", result, doc, &err), 0, "linking twice");
	store_audit_count(st, &audits1);
	tap_int(audits1, audits0, "changes nothing");
	store_std_overdue_count_cal(st, cal, edu, day("2026-10-20"), &count);
	tap_int(count, 0, "the link clears the warning");
	struct std_item it;
	tap_int(store_std_get(st, a, cal, result, day("2026-10-20"), &it), 0, "the item");
	tap_ok(it.status == STD_ST_PUBLISHED && it.ndocs == 1 &&
		   it.last_published == day("2026-10-12") &&
		   !strcmp(it.agency_name, "示例县教育局"),
	       "已公开, one document, published 10-12");
	struct std_doc *docs;
	size_t nd;
	tap_int(store_std_item_docs(st, a, result, &docs, &nd), 0, "its documents");
	tap_ok(nd == 1 && docs[0].id == doc && !strcmp(docs[0].linked_by, "clerk"), "the one");
	tap_int(store_std_link(st, "clerk", 99999, doc, &err), ZF_ENOENT, "unknown item");
	tap_int(store_std_link(st, "clerk", result, 99999, &err), ZF_ENOENT, "unknown document");

	/* import again with changed content: updated, links kept */
	r1[3] = "招生范围、招生计划、报名条件";
	tap_int(std_sheet_read(&g.sh, NULL, a, &sheet, &err), 0, "the sheet again");
	tap_int(store_std_import(st, "admin", a, NULL, 0, &sheet, true, &rep), 0, "re-import");
	tap_ok(rep.added == 0 && rep.updated == 4, "four updated, none added");
	tap_int(store_test_int(st, "SELECT count(*) FROM std_item_docs"), 1, "the link is kept");
	store_std_get(st, a, cal, policy, day("2026-10-20"), &it);
	tap_str(it.content, "招生范围、招生计划、报名条件", "the content is rewritten");

	/* one bad row refuses the whole file */
	const char *bad[] = {"4",	   "学校概况", "新事项", "内容", "",	"长期公开",
			     "不存在的局", "网站",     "全社会", "主动", "县级"};
	grid_row(&g, 6, bad, ARRAY_SIZE(bad));
	std_sheet_read(&g.sh, NULL, a, &sheet, &err);
	buf_reset(&before);
	store_test_dump(st, &before);
	tap_int(store_std_import(st, "admin", a, NULL, 0, &sheet, true, &rep), ZF_EINVAL,
		"an unknown 主体: refused");
	tap_ok(rep.nproblems == 1 && strstr(rep.problems[0], "第6行"), "第6行: %s",
	       rep.nproblems ? rep.problems[0] : "");
	buf_reset(&after);
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "nothing written");

	struct std_area *areas;
	size_t na;
	tap_int(store_std_areas(st, a, &areas, &na), 0, "the 领域");
	tap_ok(na == 1 && !strcmp(areas[0].name, "义务教育") && areas[0].items == 4, "义务教育, 4");

	tap_int(store_std_unlink(st, "clerk", result, doc, &err), 0, "unlink");
	store_std_overdue_count_cal(st, cal, edu, day("2026-10-20"), &count);
	tap_int(count, 1, "overdue again");
	tap_int(store_std_unlink(st, "clerk", result, doc, &err), ZF_ENOENT, "unlink twice");

	long long up = 0;
	const void *data;
	size_t len;
	tap_int(store_std_upload_put(st, "admin", "PK\3\4x", 5, &up), 0, "keep an upload");
	tap_int(store_std_upload_get(st, a, "admin", up, &data, &len), 0, "read it back");
	tap_ok(len == 5 && !memcmp(data, "PK\3\4x", 5), "the same bytes");
	tap_int(store_std_upload_get(st, a, "someone", up, &data, &len), ZF_ENOENT,
		"another user's upload is not found");
	tap_int(store_std_upload_drop(st, up), 0, "drop it");
	tap_int(store_std_upload_get(st, a, "admin", up, &data, &len), ZF_ENOENT, "gone");

	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar: %s", buf_cstr(&err));
	test_parse();
	test_status(cal);
	struct store *st = store_test_fresh("std_catalogue");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	test_store(st, cal);
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	return tap_done();
}
