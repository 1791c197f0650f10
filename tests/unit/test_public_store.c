/* test_public_store.c: the public site's store (store/public.h, migration 7), on both engines
 * (store_test.h): agency guides written and read back, checked and audited; reports published,
 * replaced, listed in a fixed order, withdrawn, and published from two connections at once;
 * an application stored with its details in one write (a refused one leaves nothing); notices
 * to applicants; the demo seeding (demo/public.h), once. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "demo/public.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "store/public.h"
#include "store/requests.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>

static struct calendar *cal;

static long long count(struct store *st, const char *what)
{
	long long n = 0;
	if (!strcmp(what, "audit"))
		store_audit_count(st, &n);
	else if (!strcmp(what, "requests"))
		store_request_count(st, &n);
	return n;
}

static void test_profiles(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct agency_profile p;
	struct buf err = BUF_INIT;
	tap_int(store_agency_profile_get(st, a, dept, &p), 0, "a guide of an agency without one");
	tap_ok(!p.exists && !strcmp(p.office, "") &&
		   !strcmp(p.agency_name, "示例区住房和城乡建设局"),
	       "reads as empty, with the agency's name");
	tap_ok(p.address && p.postcode && p.guide_extra && p.updated_at && p.updated_by &&
		   !*p.address && !*p.postcode && !*p.guide_extra && !*p.updated_at &&
		   !*p.updated_by,
	       "every field of a missing guide is \"\", never NULL");
	tap_int(store_agency_profile_get(st, a, 999, &p), ZF_ENOENT, "no such agency: ENOENT");

	struct agency_profile w = {.agency_id = dept,
				   .office = "示例区住房和城乡建设局办公室",
				   .address = "示例路18号",
				   .postcode = "009003",
				   .hours = "工作日 9:00—17:00",
				   .phone = "012-8766 3100",
				   .email = "zjj@shiliqu.gov.example",
				   .website = "https://zjj.shiliqu.gov.example",
				   .review_body = "示例区人民政府",
				   .guide_extra = "第一段。\n第二段。"};
	long long audits = count(st, "audit");
	tap_int(store_agency_profile_set(st, "admin", &w, &err), 0, "write a guide");
	tap_int(count(st, "audit") - audits, 1, "one audit line");
	tap_int(store_agency_profile_get(st, a, dept, &p), 0, "read it back");
	tap_ok(p.exists && !strcmp(p.office, w.office) && !strcmp(p.postcode, "009003") &&
		   !strcmp(p.guide_extra, w.guide_extra) && !strcmp(p.updated_by, "admin") &&
		   !strcmp(p.fax, ""),
	       "every field as written (fax empty)");
	tap_ok(strlen(p.updated_at) == 20 && p.updated_at[10] == 'T' && p.updated_at[19] == 'Z',
	       "updated_at is a UTC timestamp (%s)", p.updated_at);
	w.phone = "012-8766 3199";
	tap_int(store_agency_profile_set(st, "admin", &w, &err), 0, "rewrite it");
	store_agency_profile_get(st, a, dept, &p);
	tap_str(p.phone, "012-8766 3199", "the new phone is kept");
	tap_int(store_test_int(st, "SELECT count(*) FROM agency_profiles"), 1,
		"a rewrite replaces the row (no second guide)");
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);

	struct {
		const char *what;
		struct agency_profile p;
	} bad[] = {
	    {"a five-digit postcode", {.agency_id = dept, .postcode = "00900"}},
	    {"a malformed e-mail", {.agency_id = dept, .email = "zjj@"}},
	    {"a javascript: website", {.agency_id = dept, .website = "javascript:alert(1)"}},
	    {"a newline in the address", {.agency_id = dept, .address = "示例路\n18号"}},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		audits = count(st, "audit");
		int rc = store_agency_profile_set(st, "admin", &bad[i].p, &err);
		tap_ok(rc == ZF_EINVAL && err.len > 0 && count(st, "audit") == audits,
		       "refused: %s (%s)", bad[i].what, buf_cstr(&err));
	}
	store_agency_profile_get(st, a, dept, &p);
	tap_str(p.phone, "012-8766 3199", "refused writes changed nothing");
	store_test_dump(st, &after);
	tap_ok(before.len > 0 && !strcmp(buf_cstr(&before), buf_cstr(&after)),
	       "the database is as before, row for row");
	buf_free(&before);
	buf_free(&after);
	struct agency_profile none = {.agency_id = 999};
	tap_int(store_agency_profile_set(st, "admin", &none, &err), ZF_ENOENT,
		"no such agency: ENOENT");

	struct agency_profile *list;
	size_t n;
	tap_int(store_agency_profile_list(st, a, &list, &n), 0, "list the guides");
	tap_ok(n == 3 && list[0].agency_id == gov && !list[0].exists && list[2].exists,
	       "every agency in tree order, with or without a guide");
	buf_free(&err);
	arena_free(a);
}

static const char report_json[] = "{\"schema\": \"zfxxgk.report/1\", \"format\": \"2021\", "
				  "\"year\": 2025, \"agency\": \"示例区人民政府\"}";

static void test_reports(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	long long audits = count(st, "audit");
	tap_int(store_report_publish(st, "admin", gov, 2025, report_json, &err), 0,
		"publish a report");
	tap_int(store_report_publish(st, "admin", dept, 2024,
				     "{\"schema\": \"zfxxgk.report/1\", \"year\": 2024}", &err),
		0, "publish another");
	tap_int(store_report_publish(st, "reviewer", gov, 2025, report_json, &err), 0,
		"publish the same year again");
	tap_int(count(st, "audit") - audits, 3, "each publication audited");
	struct published_report *list;
	size_t n;
	tap_int(store_report_published_list(st, a, 0, 0, &list, &n), 0, "list every publication");
	tap_ok(n == 2 && list[0].year == 2025 && list[1].year == 2024 && !list[0].report_json,
	       "one per agency and year, newest first, without the JSON");
	tap_str(list[0].published_by, "reviewer", "the replacement is the one kept");
	tap_int(store_report_published_list(st, a, dept, 0, &list, &n), 0, "list one agency's");
	tap_ok(n == 1 && list[0].agency_id == dept, "only that agency's");
	tap_int(store_report_published_list(st, a, 0, 1, &list, &n), 0, "with a limit");
	tap_int((long long)n, 1, "the limit holds");
	struct published_report r;
	tap_int(store_report_published_get(st, a, gov, 2025, &r), 0, "get one");
	tap_ok(r.report_json_len == strlen(report_json) && !strcmp(r.report_json, report_json) &&
		   !strcmp(r.agency_name, "示例区人民政府"),
	       "with its JSON as published");
	tap_int(store_report_published_get(st, a, gov, 2019, &r), ZF_ENOENT, "no such year");

	/* a given publication date (the demo's seeded reports) */
	static const char y2019[] = "{\"schema\": \"zfxxgk.report/1\", \"year\": 2019}";
	tap_int(store_report_publish_dated(st, "system", gov, 2019, y2019, "2020-01-15T01:00:00Z",
					   &err),
		0, "publish with a given date");
	tap_ok(!store_report_published_get(st, a, gov, 2019, &r) &&
		   !strcmp(r.published_at, "2020-01-15T01:00:00Z"),
	       "the date is the one given");
	long long before_bad = count(st, "audit");
	buf_reset(&err);
	tap_ok(store_report_publish_dated(st, "system", gov, 2019, y2019, "2020-01-15", &err) ==
		       ZF_EINVAL &&
		   err.len && count(st, "audit") == before_bad,
	       "a date of another shape is refused, nothing written");
	tap_int(store_report_unpublish(st, "system", gov, 2019), 0, "and withdrawn again");

	struct {
		const char *what, *json;
		int year;
	} bad[] = {
	    {"not JSON", "{schema", 2025},
	    {"an array", "[1, 2]", 2025},
	    {"another schema", "{\"schema\": \"other/1\", \"year\": 2025}", 2025},
	    {"another year inside", "{\"schema\": \"zfxxgk.report/1\", \"year\": 2023}", 2025},
	    {"a year out of range", report_json, 1999},
	    {"empty", "", 2025},
	};
	audits = count(st, "audit");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		int rc = store_report_publish(st, "admin", gov, bad[i].year, bad[i].json, &err);
		tap_ok(rc == ZF_EINVAL && err.len, "refused: %s (%s)", bad[i].what, buf_cstr(&err));
	}
	tap_int(store_report_publish(st, "admin", 999, 2025, report_json, &err), ZF_ENOENT,
		"no such agency: ENOENT");
	tap_int(count(st, "audit"), audits, "refused publications audit nothing");
	tap_int(store_report_unpublish(st, "admin", dept, 2024), 0, "withdraw one");
	tap_int(store_report_unpublish(st, "admin", dept, 2024), ZF_ENOENT, "twice: ENOENT");
	tap_int(store_report_published_list(st, a, 0, 0, &list, &n), 0, "list again");
	tap_int((long long)n, 1, "one left");
	buf_free(&err);
	arena_free(a);
}

/* Lists come in one order on both engines: newest year first, then by agency id, whatever the
 * order of publication. */
static void test_report_order(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	long long office = 0;
	store_agency_add(st, gov, "示例区教育局", AGENCY_DEPARTMENT, &office);
	const struct {
		long long agency;
		int year;
	} pubs[] = {{dept, 2021},   {office, 2023}, {gov, 2021},
		    {office, 2021}, {gov, 2023},    {dept, 2022}};
	bool ok = true;
	for (size_t i = 0; i < ARRAY_SIZE(pubs); i++) {
		char *json =
		    xasprintf("{\"schema\": \"zfxxgk.report/1\", \"year\": %d}", pubs[i].year);
		ok &= store_report_publish(st, "admin", pubs[i].agency, pubs[i].year, json, &err) ==
		      0;
		free(json);
	}
	tap_ok(ok, "six publications in no particular order (%s)", buf_cstr(&err));
	struct published_report *list;
	size_t n;
	tap_int(store_report_published_list(st, a, 0, 0, &list, &n), 0, "list them all");
	/* 2025 from test_reports is still there */
	const struct {
		long long agency;
		int year;
	} want[] = {{gov, 2025}, {gov, 2023},  {office, 2023}, {dept, 2022},
		    {gov, 2021}, {dept, 2021}, {office, 2021}};
	bool same = n == ARRAY_SIZE(want);
	for (size_t i = 0; same && i < n; i++)
		same = list[i].agency_id == want[i].agency && list[i].year == want[i].year &&
		       list[i].published_at && strlen(list[i].published_at) == 20;
	tap_ok(same, "newest year first, then by agency id (%zu rows)", n);
	tap_int(store_report_published_list(st, a, 0, 3, &list, &n), 0, "the first three");
	tap_ok(n == 3 && list[2].agency_id == office && list[2].year == 2023,
	       "a limit cuts the same order");
	tap_int(store_report_published_list(st, a, office, 0, &list, &n), 0, "one agency's");
	tap_ok(n == 2 && list[0].year == 2023 && list[1].year == 2021, "newest first");
	for (size_t i = 0; i < ARRAY_SIZE(pubs); i++)
		store_report_unpublish(st, "admin", pubs[i].agency, pubs[i].year);
	tap_int(store_test_int(st, "SELECT count(*) FROM published_reports"), 1, "withdrawn again");
	buf_free(&err);
	arena_free(a);
}

struct publisher {
	const char *target;
	long long agency;
	int rc;
};

static void *publish_thread(void *p)
{
	struct publisher *pb = p;
	struct store *st = NULL;
	pb->rc = store_open(pb->target, &st, NULL);
	for (int i = 0; !pb->rc && i < 15; i++)
		pb->rc =
		    store_report_publish(st, "reviewer", pb->agency, 2020,
					 "{\"schema\": \"zfxxgk.report/1\", \"year\": 2020}", NULL);
	store_close(st);
	return NULL;
}

/* Two servers publishing the same report at once: every publication is one write under the
 * writer lock, so exactly one of the thirty is the first ("report.publish") and one row is
 * kept. */
static void test_publish_concurrent(struct store *st, const char *target, long long agency)
{
	struct publisher pa = {target, agency, -1}, pb = {target, agency, -1};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, publish_thread, &pa);
	pthread_create(&tb, NULL, publish_thread, &pb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	tap_ok(pa.rc == 0 && pb.rc == 0, "two connections publish 15 times each (%d, %d)", pa.rc,
	       pb.rc);
	tap_int(store_test_int(st, "SELECT count(*) FROM published_reports WHERE year = 2020"), 1,
		"one publication is kept");
	char *sql = xasprintf("SELECT count(*) FROM audit_log WHERE action = 'report.publish'"
			      " AND object = 'agency:%lld' AND detail LIKE 'year=2020 %%'",
			      agency);
	tap_int(store_test_int(st, sql), 1, "exactly one was the first publication");
	free(sql);
	sql = xasprintf("SELECT count(*) FROM audit_log WHERE action = 'report.republish'"
			" AND object = 'agency:%lld' AND detail LIKE 'year=2020 %%'",
			agency);
	tap_int(store_test_int(st, sql), 29, "the 29 others replaced it");
	free(sql);
	store_report_unpublish(st, "admin", agency, 2020);
}

static void test_applications(struct store *st, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct request_new rq = {dept,
				 REPORT_COL_LEGAL_SERVICE,
				 "示例律师事务所",
				 "91350100M000100Y43",
				 "0755-88886666",
				 "示例路18号",
				 "请公开示例小区规划许可文件"};
	struct application_details d = {.id_type = APPLICANT_ID_CREDIT_CODE,
					.contact_person = "李四",
					.email = "lisi@example.com",
					.postcode = "009003",
					.doc_no = "示住建发〔2025〕12号",
					.purpose = "诉讼参考",
					.form = PROVISION_PAPER,
					.delivery = DELIVERY_POST};
	struct clock_event ev = {
	    .kind = CLOCK_RECEIVED, .on = date_from_ymd(2026, 3, 2), .channel = CLOCK_ONLINE};
	long long id = 0, reqs = count(st, "requests");
	tap_int(store_application_add(st, "public", cal, &rq, &d, &ev, 1, &id, &err), 0,
		"store an application");
	tap_ok(id > 0 && count(st, "requests") == reqs + 1, "one request more");
	struct application_details got;
	tap_int(store_application_get(st, a, id, &got), 0, "its details");
	tap_ok(got.id_type == APPLICANT_ID_CREDIT_CODE && got.form == PROVISION_PAPER &&
		   got.delivery == DELIVERY_POST && !strcmp(got.contact_person, "李四") &&
		   !strcmp(got.doc_no, d.doc_no) && !strcmp(got.form_other, ""),
	       "as written");
	const char *code = NULL;
	long long found = 0;
	tap_int(store_request_query_code(st, id, a, &code), 0, "it has a query code");
	tap_ok(store_request_by_code(st, code, &found) == 0 && found == id,
	       "the code finds it again");

	/* a refused detail leaves no request behind */
	struct application_details bad = d;
	bad.email = "lisi@";
	buf_reset(&err);
	tap_int(store_application_add(st, "public", cal, &rq, &bad, &ev, 1, NULL, &err), ZF_EINVAL,
		"a malformed e-mail is refused");
	bad = d;
	bad.form = PROVISION_FORMS;
	tap_int(store_application_add(st, "public", cal, &rq, &bad, &ev, 1, NULL, &err), ZF_EINVAL,
		"an unknown form is refused");
	struct request_new norq = rq;
	norq.agency_id = 999;
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	tap_int(store_application_add(st, "public", cal, &norq, &d, &ev, 1, NULL, &err), ZF_ENOENT,
		"an unknown agency is refused");
	tap_int(count(st, "requests"), reqs + 1, "refused applications leave nothing");
	store_test_dump(st, &after);
	tap_ok(before.len > 0 && !strcmp(buf_cstr(&before), buf_cstr(&after)),
	       "not a row anywhere (no applicant, no event, no details, no audit)");
	buf_free(&before);
	buf_free(&after);
	tap_int(store_application_get(st, a, 999999, &got), ZF_ENOENT,
		"a request without details: ENOENT");

	/* notices to the applicant */
	struct clock_event sup = {.kind = CLOCK_SUPPLEMENT_REQUESTED,
				  .on = date_from_ymd(2026, 3, 4),
				  .until = date_from_ymd(2026, 3, 20)};
	tap_int(store_request_event(st, "clerk", cal, id, &sup, NULL, &err), 0,
		"a supplement is asked");
	tap_int(store_request_notice_set(st, "clerk", id, 2, "请补充项目名称和坐落位置。", &err), 0,
		"with a notice of what to supply");
	tap_int(store_request_notice_set(st, "clerk", id, 9, "x", &err), ZF_ENOENT,
		"a notice on no event: ENOENT");
	const char **texts;
	tap_int(store_request_notices(st, a, id, 2, &texts), 0, "read the notices");
	tap_ok(texts[0] == NULL && texts[1] && !strcmp(texts[1], "请补充项目名称和坐落位置。"),
	       "one per event, NULL where none");
	tap_int(store_request_notice_set(st, "clerk", id, 2, "请补充身份证明。", &err), 0,
		"rewrite the notice");
	tap_int(store_test_int(st, "SELECT count(*) FROM request_notices"), 1,
		"a rewrite replaces it (one row)");
	tap_int(store_request_notices(st, a, id, 1, &texts), 0, "read fewer events than noticed");
	tap_ok(texts[0] == NULL, "a notice beyond the events asked for is left out");
	store_request_notices(st, a, id, 2, &texts);
	tap_str(texts[1], "请补充身份证明。", "the new text");
	tap_int(store_request_notice_set(st, "clerk", id, 2, "", &err), 0, "remove it");
	store_request_notices(st, a, id, 2, &texts);
	tap_ok(texts[1] == NULL, "gone");
	buf_free(&err);
	arena_free(a);
}

static void test_demo(void)
{
	struct store *st = store_test_fresh("public-demo");
	if (!st) {
		tap_ok(false, "a fresh store for the demo");
		return;
	}
	bool seeded = false;
	demo_seed_agencies(st, &seeded);
	tap_int(demo_seed_public(st, &seeded), 0, "seed the demo's guides and reports");
	tap_ok(seeded, "something was written");
	struct arena *a = arena_new(0);
	struct agency_profile *ps;
	size_t n;
	store_agency_profile_list(st, a, &ps, &n);
	bool all = n == 3;
	for (size_t i = 0; i < n; i++)
		all &= ps[i].exists && strlen(ps[i].phone) > 0 && strlen(ps[i].address) > 0;
	tap_ok(all, "every demo agency has a guide with address and phone");
	struct published_report *list;
	size_t nl;
	store_report_published_list(st, a, 0, 0, &list, &nl);
	int last = date_to_ymd(date_today()).y - 1;
	/* every year of the 2019 formats the demo catalogue lists a 年报 for, 3 agencies each,
	 * dated 15 January of the next year (09:00 Beijing) */
	size_t years = (size_t)(last - 2019 + 1);
	tap_ok(nl == 3 * years && list[0].year == last && list[nl - 1].year == 2019,
	       "each agency's reports of 2019 to %d are published (%zu)", last, nl);
	bool dated = nl > 0;
	for (size_t i = 0; i < nl; i++) {
		char want[32];
		snprintf(want, sizeof(want), "%04d-01-15T01:00:00Z", list[i].year + 1);
		dated &= strcmp(list[i].published_at, want) == 0;
	}
	tap_ok(dated, "each dated 15 January of the next year, before the statutory 31 January");
	struct published_report r;
	tap_ok(nl && !store_report_published_get(st, a, list[0].agency_id, last, &r) &&
		   strstr(r.report_json, "\"received_new\""),
	       "a generated report (table 3 is there)");
	tap_ok(nl && strstr(r.report_json, "\"narrative\"") &&
		   strstr(r.report_json, "\"overview\""),
	       "with the narrative parts 一、五、六");
	long long audits = 0, after = 0;
	store_audit_count(st, &audits);
	tap_int(demo_seed_public(st, &seeded), 0, "seed again");
	store_audit_count(st, &after);
	tap_ok(!seeded && after == audits, "the second time writes nothing");
	arena_free(a);
	store_close(st);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	const char *target = store_test_target("public");
	struct store *st = target ? store_test_open(target) : NULL;
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区人民政府办公室", AGENCY_DEPARTMENT, NULL);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_profiles(st, gov, dept);
	test_reports(st, gov, dept);
	test_report_order(st, gov, dept);
	test_publish_concurrent(st, target, dept);
	test_applications(st, dept);
	store_close(st);
	test_demo();
	buf_free(&err);
	cal_free(cal);
	return tap_done();
}
