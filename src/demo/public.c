/* demo/public.c: the demo's guides and published reports (demo/public.h), through the
 * public store API only: the agencies' guides (store_agency_profile_set) and each agency's
 * report generated from the stored requests (store_report_cases, report_gen) and published
 * (store_report_publish), all in one write (store_write_begin). */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "demo/public.h"
#include "law/check.h"
#include "law/report_gen.h"
#include "log.h"
#include "render/report_json.h"
#include "store/public.h"

#include <jansson.h>

/* The demo agencies' guides: fictional places and numbers (area code 012 and postcodes
 * 009xxx are not in use; the domains end in the reserved .example). */
static const struct demo_guide {
	const char *agency;
	struct agency_profile p;
} demo_guides[] = {
    {"示例区人民政府",
     {.office = "示例区人民政府办公室（区政务公开办公室）",
      .address = "示例市示例区人民大道 100 号区政务服务中心三楼 301 室",
      .postcode = "009001",
      .hours = "工作日上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
      .phone = "012-8888 6001",
      .fax = "012-8888 6002",
      .email = "zwgk@shiliqu.gov.example",
      .website = "https://www.shiliqu.gov.example",
      .review_body = "示例市人民政府",
      .guide_extra = "申请人到现场提交申请的，请携带本人有效身份证件原件；代为提交的，"
		     "还应携带授权委托书和代理人身份证件。\n"
		     "申请人因视力、听力、阅读等障碍或者书面申请确有困难的，可以口头提出，"
		     "由工作人员代为填写申请，申请人签字确认。"}},
    {"示例区人民政府办公室",
     {.office = "示例区人民政府办公室综合科",
      .address = "示例市示例区人民大道 100 号区行政中心二楼 206 室",
      .postcode = "009001",
      .hours = "工作日上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
      .phone = "012-8888 6010",
      .fax = "012-8888 6011",
      .email = "bgs@shiliqu.gov.example",
      .website = "https://www.shiliqu.gov.example/bgs",
      .review_body = "示例区人民政府",
      .guide_extra = ""}},
    {"示例区住房和城乡建设局",
     {.office = "示例区住房和城乡建设局办公室",
      .address = "示例市示例区建设路 18 号住建大楼一楼服务窗口",
      .postcode = "009003",
      .hours = "工作日上午 8:30—12:00，下午 14:00—17:30（法定节假日除外）",
      .phone = "012-8766 3100",
      .fax = "012-8766 3101",
      .email = "zjj@shiliqu.gov.example",
      .website = "https://zjj.shiliqu.gov.example",
      .review_body = "示例区人民政府",
      .guide_extra = "涉及房屋征收、建设工程规划许可等事项的申请，请尽量写明项目名称、"
		     "坐落位置或文件文号，便于我们准确检索。"}},
};

/* The demo's narrative parts 一、五、六 (the "narrative" object the console publishes). */
static char *with_narrative(const char *json, const char *name, int year)
{
	json_t *j = json_loads(json, 0, NULL);
	struct buf overview = BUF_INIT, problems = BUF_INIT;
	buf_printf(&overview,
		   "%d年，%s认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
		   "不公开为例外，做好主动公开、依申请公开和政府信息管理工作。\n"
		   "本机关通过本平台公开政府信息公开指南、主动公开目录和年度报告，依法受理和办理"
		   "政府信息公开申请。",
		   year, name);
	buf_printf(&problems,
		   "存在的主要问题：依申请公开答复的说理还不够充分。\n"
		   "改进情况：%d年起统一使用答复书范本，逐项说明依据和理由。",
		   year + 1);
	json_t *n =
	    overview.failed || problems.failed
		? NULL
		: json_pack("{s:s,s:s,s:s}", "overview", buf_cstr(&overview), "problems",
			    buf_cstr(&problems), "other_matters", "本年度未收取信息处理费。");
	char *out = NULL;
	if (j && n) {
		/* json_object_set_new takes n even when it fails */
		if (json_object_set_new(j, "narrative", n) == 0)
			out = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	} else {
		json_decref(n);
	}
	json_decref(j);
	buf_free(&overview);
	buf_free(&problems);
	return out;
}

/* Generates agency's report of year from the stored requests and publishes it, dated 15
 * January of the next year (before the statutory 31 January), 09:00 Beijing time. */
static int publish_generated(struct store *st, long long agency, const char *name, int year)
{
	long long *ids = NULL;
	size_t nids = 0;
	struct report_gen_request *req = NULL;
	struct report_gen_review *rev = NULL;
	size_t nreq = 0, nrev = 0;
	struct report *r = NULL;
	struct buf json = BUF_INIT, err = BUF_INIT;
	int rc = store_agency_subtree(st, agency, false, &ids, &nids);
	if (!rc)
		rc = store_report_counts(st, ids, nids, year, &req, &nreq, &rev, &nrev);
	if (!rc) {
		r = report_new();
		rc = r ? report_gen(r, year, req, nreq, rev, nrev) : ZF_ENOMEM;
	}
	if (!rc)
		rc = report_set_agency(r, name, strlen(name));
	if (!rc && check_report(r, NULL) < 0)
		rc = ZF_ENOMEM;
	if (!rc)
		rc = report_json_write(r, &json, REPORT_JSON_NO_FINDINGS);
	char *text = rc ? NULL : with_narrative(buf_cstr(&json), name, year);
	if (!rc && !text)
		rc = ZF_ENOMEM;
	char at[32];
	snprintf(at, sizeof(at), "%04d-01-15T01:00:00Z", year + 1);
	if (!rc)
		rc = store_report_publish_dated(st, "system", agency, year, text, at, &err);
	free(text);
	if (rc && err.len)
		log_error("demo report agency=%lld year=%d: %s", agency, year, buf_cstr(&err));
	buf_free(&json);
	buf_free(&err);
	report_free(r);
	free(req);
	free(rev);
	free(ids);
	return rc;
}

#define FIRST_YEAR 2019

int demo_seed_public(struct store *st, bool *seeded)
{
	bool dummy;
	if (!seeded)
		seeded = &dummy;
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *list = NULL;
	size_t n = 0;
	int year = date_to_ymd(date_today()).y - 1;
	int rc = store_agency_list(st, a, &list, &n);
	struct buf err = BUF_INIT;
	bool wrote = false;
	if (!rc)
		rc = store_write_begin(st);
	else
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		struct agency_profile have;
		rc = store_agency_profile_get(st, a, list[i].id, &have);
		for (size_t k = 0; !rc && !have.exists && k < ARRAY_SIZE(demo_guides); k++) {
			if (strcmp(demo_guides[k].agency, list[i].name) != 0)
				continue;
			struct agency_profile p = demo_guides[k].p;
			p.agency_id = list[i].id;
			rc = store_agency_profile_set(st, "system", &p, &err);
			wrote = true;
		}
		/* every year the demo catalogue (demo/docs.c) lists a 年报 for, from the first
		 * year of the 2019 formats: a report the catalogue names must open on /reports */
		for (int y = FIRST_YEAR; !rc && y <= year; y++) {
			struct published_report pr;
			int got = store_report_published_get(st, a, list[i].id, y, &pr);
			if (got == ZF_ENOENT) {
				rc = publish_generated(st, list[i].id, list[i].name, y);
				wrote = true;
			} else {
				rc = got;
			}
		}
	}
	if (rc && err.len)
		log_error("demo guides: %s", buf_cstr(&err));
	rc = store_write_end(st, rc);
	if (!rc)
		*seeded = wrote;
out:
	buf_free(&err);
	arena_free(a);
	return rc;
}
