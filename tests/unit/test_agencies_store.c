/* test_agencies_store.c: managing the agency tree (store/agencies.h) on both engines
 * (store_test.h): particulars checked (统一社会信用代码 checksum with real codes, 机构代码 shape,
 * names among siblings, duplicate codes), the 机构代码 kept in doc_settings, moves that would
 * make a cycle or go under a closed agency refused, closing that keeps history, site
 * settings, audit lines; a refused write changes nothing. */
#include "common.h"
#include "arena.h"
#include "law/docno.h"
#include "store/agencies.h"
#include "store/driver.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "store/docs.h"
#include "store/requests.h"
#include "store_test.h"
#include "tap.h"

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static void test_codes(void)
{
	struct buf err = BUF_INIT;
	/* real codes: 华为技术有限公司, 深圳市腾讯计算机系统有限公司, the GB 32100 example */
	tap_ok(agency_credit_code_valid("914403001922038216", &err), "a real credit code is valid");
	tap_ok(agency_credit_code_valid("9144030071526726XG", &err), "another real one");
	tap_ok(agency_credit_code_valid("91350100M000100Y43", &err), "the standard's example");
	tap_ok(!agency_credit_code_valid("914403001922038217", &err) &&
		   strstr(buf_cstr(&err), "校验"),
	       "a wrong check character is refused with a reason (%s)", buf_cstr(&err));
	tap_ok(!agency_credit_code_valid("91440300192203821", &err) &&
		   strstr(buf_cstr(&err), "18 位"),
	       "17 characters are refused (%s)", buf_cstr(&err));
	tap_ok(!agency_credit_code_valid("91440300192203821I", &err), "a letter I is refused");
	tap_ok(!agency_credit_code_valid("9144030071526726xg", &err),
	       "lower case is refused (the stored form is canonical)");
	enum agency_class c;
	tap_ok(!agency_class_parse("公共企事业单位", &c) && c == AGENCY_CLASS_PUBLIC &&
		   !agency_class_parse("街道", &c) && c == AGENCY_CLASS_TOWN &&
		   !agency_class_parse("department", &c) && c == AGENCY_CLASS_DEPARTMENT &&
		   agency_class_parse("委员会", &c) == ZF_EINVAL,
	       "classes by label, alias and key; an unknown one refused");
	buf_free(&err);
}

static void test_tree(struct store *st)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	char org[10] = "11370200X";
	docno_org_code_complete(org);
	struct agency_info gov = {.name = "示例市人民政府",
				  .cls = AGENCY_CLASS_GOVERNMENT,
				  .short_name = "示政",
				  .org_code = org,
				  .credit_code = "914403001922038216",
				  .phone = "0532-1234 5678",
				  .email = "gk@example.gov.cn",
				  .hours = "工作日 9:00—17:00"};
	long long g = 0, before = audits(st);
	tap_int(store_agency_create(st, "init", &gov, true, &g, &err), 0, "create the root (%s)",
		buf_cstr(&err));
	tap_int(audits(st) - before, 3, "audited (agency.add, doc.settings and the column seed)");
	long long cols = 0;
	char q[120];
	snprintf(q, sizeof(q), "SELECT count(*) FROM columns WHERE agency_id = %lld", g);
	tap_int(db_query_int(st, q, &cols), 0, "columns counted");
	tap_ok(cols >= 16, "a new agency has its column tree (%lld columns)", cols);
	const char *o = NULL, *t = NULL;
	tap_int(store_doc_settings_get(st, a, g, &o, &t), 0, "the 机构代码 became doc_settings");
	tap_str(o, org, "with the same code");
	tap_str(t, DOCNO_INDEX_TEMPLATE, "and the default template");

	struct agency_info again = {.name = "另一个政府", .cls = AGENCY_CLASS_GOVERNMENT};
	tap_int(store_agency_create(st, "init", &again, false, NULL, &err), ZF_EINVAL,
		"a second root is refused without allow_root (%s)", buf_cstr(&err));

	long long d1 = 0, d2 = 0, town = 0, unit = 0;
	struct agency_info dep = {.parent_id = g,
				  .name = "示例市教育局",
				  .cls = AGENCY_CLASS_DEPARTMENT,
				  .credit_code = "9144030071526726XG"};
	tap_int(store_agency_create(st, "admin", &dep, false, &d1, &err), 0, "a department");
	struct agency_info dep2 = {.parent_id = g, .name = "示例市财政局", .cls = 1};
	tap_int(store_agency_create(st, "admin", &dep2, false, &d2, &err), 0, "another");
	struct agency_info tw = {.parent_id = g, .name = "东湖街道", .cls = AGENCY_CLASS_TOWN};
	tap_int(store_agency_create(st, "admin", &tw, false, &town, &err), 0, "a street office");
	struct agency_info pu = {.parent_id = d1,
				 .name = "示例市第一中学",
				 .cls = AGENCY_CLASS_PUBLIC,
				 .supervisor_id = d1};
	tap_int(store_agency_create(st, "admin", &pu, false, &unit, &err), 0,
		"a public unit with its 主管部门 (%s)", buf_cstr(&err));

	struct buf b0 = BUF_INIT, b1 = BUF_INIT;
	store_test_dump(st, &b0);
	long long a0 = audits(st);
	struct {
		const char *what, *needle;
		struct agency_info in;
	} bad[] = {
	    {"a name taken under the same parent",
	     "已有名为",
	     {.parent_id = g, .name = "示例市教育局", .cls = 1}},
	    {"a credit code with a bad checksum",
	     "校验",
	     {.parent_id = g, .name = "甲局", .cls = 1, .credit_code = "914403001922038217"}},
	    {"a credit code already used",
	     "已被编号",
	     {.parent_id = g, .name = "乙局", .cls = 1, .credit_code = "914403001922038216"}},
	    {"an organisation code already used",
	     "已被编号",
	     {.parent_id = g, .name = "丙局", .cls = 1, .org_code = org}},
	    {"an organisation code of 8 characters",
	     "机构代码",
	     {.parent_id = g, .name = "丁局", .cls = 1, .org_code = "12345678"}},
	    {"an unknown parent", "不存在", {.parent_id = 9999, .name = "戊局", .cls = 1}},
	    {"an empty name", "名称", {.parent_id = g, .name = "", .cls = 1}},
	    {"a supervisor for a department",
	     "主管部门",
	     {.parent_id = g, .name = "己局", .cls = 1, .supervisor_id = d1}},
	    {"a name with a newline", "换行", {.parent_id = g, .name = "庚\n局", .cls = 1}},
	    {"a bad e-mail", "邮箱", {.parent_id = g, .name = "辛局", .cls = 1, .email = "x@"}},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		int rc = store_agency_create(st, "admin", &bad[i].in, false, NULL, &err);
		tap_ok(rc == ZF_EINVAL && strstr(buf_cstr(&err), bad[i].needle), "%s: refused (%s)",
		       bad[i].what, buf_cstr(&err));
	}
	store_test_dump(st, &b1);
	tap_ok(!strcmp(buf_cstr(&b0), buf_cstr(&b1)) && audits(st) == a0,
	       "refused creations change nothing, not even the audit log");

	/* edit */
	struct agency_info e;
	tap_int(store_agency_get(st, a, d2, &e), 0, "read an agency back");
	e.short_name = "示财";
	char org2[10] = "12370200Y";
	docno_org_code_complete(org2);
	e.org_code = org2;
	e.address = "示例路 1 号";
	tap_int(store_agency_edit(st, "admin", &e, &err), 0, "edit its particulars (%s)",
		buf_cstr(&err));
	tap_int(store_agency_get(st, a, d2, &e), 0, "read again");
	tap_ok(!strcmp(e.short_name, "示财") && !strcmp(e.org_code, org2) &&
		   !strcmp(e.address, "示例路 1 号") && !strcmp(e.parent_name, "示例市人民政府") &&
		   e.cls == AGENCY_CLASS_DEPARTMENT,
	       "the particulars as written, with the parent's name");
	tap_int(store_doc_settings_get(st, a, d2, &o, &t), 0, "an edit gives doc_settings too");
	tap_str(o, org2, "with the new code");
	e.name = "示例市教育局";
	tap_int(store_agency_edit(st, "admin", &e, &err), ZF_EINVAL,
		"renaming onto a sibling's name is refused");
	e.id = 9999;
	tap_int(store_agency_edit(st, "admin", &e, &err), ZF_ENOENT, "no such agency");
	struct agency_info pe;
	store_agency_get(st, a, unit, &pe);
	tap_ok(pe.cls == AGENCY_CLASS_PUBLIC && pe.supervisor_id == d1 &&
		   !strcmp(pe.supervisor_name, "示例市教育局"),
	       "a public unit reads back with its 主管部门");

	/* move */
	tap_int(store_agency_move(st, "admin", d1, unit, &err), ZF_EINVAL,
		"moving under its own subordinate is refused (%s)", buf_cstr(&err));
	tap_ok(strstr(buf_cstr(&err), "循环") != NULL, "the reason names the cycle");
	tap_int(store_agency_move(st, "admin", d1, d1, &err), ZF_EINVAL, "under itself: refused");
	tap_int(store_agency_move(st, "admin", g, d1, &err), ZF_EINVAL, "the root cannot move");
	before = audits(st);
	tap_int(store_agency_move(st, "admin", unit, d2, &err), 0, "a move (%s)", buf_cstr(&err));
	tap_int(audits(st) - before, 1, "audited");
	store_agency_get(st, a, unit, &pe);
	tap_int(pe.parent_id, d2, "the new parent is kept");

	/* close */
	tap_int(store_agency_close(st, "admin", d2, 0, "机构改革", &err), ZF_ESTATE,
		"closing an agency with open subordinates is refused (%s)", buf_cstr(&err));
	tap_int(store_agency_close(st, "admin", town, 0, "", &err), ZF_EINVAL,
		"a reason is required");
	zf_day day = date_from_ymd(2026, 3, 1);
	tap_int(store_agency_close(st, "admin", town, day, "并入东湖镇", &err), 0, "close (%s)",
		buf_cstr(&err));
	tap_int(store_agency_close(st, "admin", town, day, "again", &err), ZF_ESTATE,
		"closing twice is refused");
	tap_int(store_agency_close(st, "admin", g, day, "x", &err), ZF_EINVAL,
		"the root cannot be closed");
	bool closed = false;
	store_agency_closed(st, town, &closed);
	tap_ok(closed, "the agency is closed");
	struct agency_info tc;
	tap_int(store_agency_get(st, a, town, &tc), 0, "and still there");
	tap_ok(tc.closed_on == day && !strcmp(tc.closed_reason, "并入东湖镇") &&
		   !strcmp(tc.name, "东湖街道"),
	       "with its day and reason");
	tap_int(store_agency_move(st, "admin", unit, town, &err), ZF_EINVAL,
		"moving under a closed agency is refused (%s)", buf_cstr(&err));
	struct agency_info under = {.parent_id = town, .name = "社区", .cls = 4};
	tap_int(store_agency_create(st, "admin", &under, false, NULL, &err), ZF_EINVAL,
		"creating under a closed agency is refused");
	struct calendar *cal = cal_new();
	cal_load_builtin(cal, &err);
	struct request_new rq = {town, REPORT_COL_NATURAL_PERSON, "张三", NULL, NULL,
				 NULL, "请公开街道的年度预算"};
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = day, .channel = CLOCK_ONLINE};
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, NULL, &err), ZF_EINVAL,
		"a request received on the closing day is refused (%s)", buf_cstr(&err));
	ev.on = day - 3;
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, NULL, &err), 0,
		"one received before it may still be registered (%s)", buf_cstr(&err));
	cal_free(cal);
	struct doc_fields df = {
	    .agency_id = town, .title = "东湖街道年度工作要点", .written_on = day - 10};
	long long doc = 0;
	buf_reset(&err);
	tap_int(store_doc_add(st, "clerk", &df, &doc, &err), ZF_EINVAL,
		"a closed agency starts no new document (%s)", buf_cstr(&err));
	tap_ok(strstr(buf_cstr(&err), "撤销") != NULL, "and says why");
	tap_int(store_agency_edit(st, "admin", &tc, &err), 0,
		"a closed agency may still be corrected");
	store_agency_get(st, a, town, &tc);
	tap_ok(tc.closed_on == day, "an edit keeps the closing");

	struct agency *plain = NULL;
	size_t np = 0;
	bool marked = false, others = true;
	store_agency_list(st, a, &plain, &np);
	for (size_t i = 0; i < np; i++) {
		if (plain[i].id == town)
			marked = plain[i].closed;
		else
			others = others && !plain[i].closed;
	}
	tap_ok(marked && others,
	       "the plain tree marks the closed agency (for pickers of new work)");

	/* list and find */
	struct agency_info *list = NULL;
	size_t n = 0;
	tap_int(store_agency_list_full(st, a, &list, &n), 0, "list with particulars");
	tap_int((long long)n, 5, "five agencies");
	tap_ok(n == 5 && list[0].id == g && list[0].depth == 0 && list[1].id == d1 &&
		   list[2].id == d2 && list[3].id == unit && list[3].depth == 2 &&
		   list[4].id == town && list[4].closed_on == day,
	       "in tree order with depths");
	long long id = 0;
	tap_ok(!store_agency_find(st, org, &id) && id == g, "find by 机构代码");
	tap_ok(!store_agency_find(st, "9144030071526726XG", &id) && id == d1,
	       "find by credit code");
	tap_ok(!store_agency_find(st, "示例市财政局", &id) && id == d2, "find by name");
	tap_int(store_agency_find(st, "没有", &id), ZF_ENOENT, "an unknown key");

	/* site settings */
	struct site_settings ss;
	tap_int(store_site_settings_get(st, a, &ss), 0, "settings of a fresh site");
	tap_ok(!strcmp(ss.site_name, "") && ss.root_agency_id == 0, "all empty");
	struct site_settings w = {.site_name = "示例市人民政府信息公开网",
				  .host_org = "示例市人民政府办公室",
				  .operator_org = "示例市大数据局",
				  .site_code = "3702000001",
				  .icp = "鲁ICP备05000001号",
				  .psb = "鲁公网安备 37020202000001号",
				  .psb_code = "37020202000001",
				  .contact_phone = "0532-12345",
				  .contact_email = "web@example.gov.cn",
				  .root_agency_id = g};
	before = audits(st);
	tap_int(store_site_settings_set(st, "init", &w, &err), 0, "write the settings (%s)",
		buf_cstr(&err));
	tap_int(audits(st) - before, 1, "one audit line");
	store_site_settings_get(st, a, &ss);
	tap_ok(!strcmp(ss.site_name, w.site_name) && !strcmp(ss.icp, w.icp) &&
		   !strcmp(ss.psb_code, w.psb_code) && ss.root_agency_id == g &&
		   !strcmp(ss.operator_org, w.operator_org),
	       "read back as written");
	w.site_code = "37020";
	tap_int(store_site_settings_set(st, "init", &w, &err), ZF_EINVAL,
		"a short 网站标识码 is refused (%s)", buf_cstr(&err));
	w.site_code = "3702000001";
	w.root_agency_id = 9999;
	tap_int(store_site_settings_set(st, "init", &w, &err), ZF_EINVAL, "an unknown root");
	w.root_agency_id = g;
	w.site_name = "";
	tap_int(store_site_settings_set(st, "init", &w, &err), ZF_EINVAL, "a site name is needed");
	store_site_settings_get(st, a, &ss);
	tap_str(ss.site_code, "3702000001", "refused writes kept the old settings");
	buf_free(&b0);
	buf_free(&b1);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_codes();
	struct store *st = store_test_fresh("agencies");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	test_tree(st);
	store_close(st);
	return tap_done();
}
