/* test_guide_store.c: the console-edited 政府信息公开指南 (store/guide.h), on both engines
 * (store_test.h): the default draft of a never-saved guide, saves as revisions (numbered,
 * audited, all kept, the current one the last), the particulars mirrored into
 * agency_profiles, the history read back revision by revision, refusals with Chinese reasons
 * that change nothing, and the append-only history. */
#include "common.h"
#include "arena.h"
#include "store/driver.h"
#include "store/guide.h"
#include "store/public.h"
#include "store_test.h"
#include "tap.h"

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static void test_defaults(struct store *st, long long dept)
{
	struct arena *a = arena_new(0);
	struct guide g;
	tap_int(store_guide_get(st, a, dept, &g), 0, "the guide of an agency that never saved one");
	tap_ok(!g.exists && g.revision == 0 && !*g.revised_at, "is not saved, has no revision");
	tap_ok(strstr(g.f[GF_APPLY_TIME], "20 个工作日") != NULL &&
		   strstr(g.f[GF_PROACTIVE_SCOPE], "第二十条") != NULL &&
		   strstr(g.f[GF_APPLY_FEE], "不收取费用") != NULL,
	       "its sections are the default texts of the 条例");
	tap_ok(strstr(g.f[GF_APPLY_BODY], "示例区住房和城乡建设局") != NULL &&
		   strstr(g.f[GF_REMEDY], "示例区住房和城乡建设局") != NULL,
	       "with the agency's name filled in");
	tap_ok(!strcmp(g.f[GF_OFFICE], "") && !strcmp(g.f[GF_EXTRA], ""),
	       "empty particulars and 其他说明 are \"\"");
	tap_int(store_guide_get(st, a, 999, &g), ZF_ENOENT, "no such agency: ENOENT");
	arena_free(a);
}

static void test_save(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct guide g;
	store_guide_get(st, a, dept, &g);
	g.f[GF_OFFICE] = "示例区住房和城乡建设局办公室";
	g.f[GF_ADDRESS] = "示例路18号";
	g.f[GF_POSTCODE] = "009003";
	g.f[GF_EMAIL] = "zjj@shiliqu.gov.example";
	g.f[GF_APPLY_FEE] = "第一段。\r\n第二段。";
	g.f[GF_EXTRA] = "本指南自发布之日起施行。";
	long long before = audits(st);
	int rev = 0;
	tap_int(store_guide_save(st, "admin", &g, &rev, &err), 0, "save a guide (%s)",
		buf_cstr(&err));
	tap_int(rev, 1, "it is revision 1");
	tap_int(audits(st) - before, 1, "one audit line");
	struct guide got;
	tap_int(store_guide_get(st, a, dept, &got), 0, "read it back");
	tap_ok(got.exists && got.revision == 1 && !strcmp(got.revised_by, "admin") &&
		   strlen(got.revised_at) == 20 && got.revised_at[19] == 'Z',
	       "saved, revision 1, by admin, at a UTC time (%s)", got.revised_at);
	tap_str(got.f[GF_APPLY_FEE], "第一段。\n第二段。", "\\r is dropped, paragraphs kept");
	tap_str(got.f[GF_OFFICE], "示例区住房和城乡建设局办公室", "particulars kept");
	struct agency_profile p;
	store_agency_profile_get(st, a, dept, &p);
	tap_ok(p.exists && !strcmp(p.address, "示例路18号") &&
		   !strcmp(p.guide_extra, "本指南自发布之日起施行。"),
	       "the particulars and 其他说明 are mirrored into agency_profiles");

	got.f[GF_APPLY_TIME] = "第二版的答复时限。";
	tap_int(store_guide_save(st, "admin2", &got, &rev, &err), 0, "save again");
	tap_int(rev, 2, "revision 2");
	struct guide cur;
	store_guide_get(st, a, dept, &cur);
	tap_ok(cur.revision == 2 && !strcmp(cur.f[GF_APPLY_TIME], "第二版的答复时限。") &&
		   !strcmp(cur.revised_by, "admin2"),
	       "the current guide is the last revision");
	struct guide old;
	tap_int(store_guide_revision_get(st, a, dept, 1, &old), 0, "revision 1 is still there");
	tap_ok(strstr(old.f[GF_APPLY_TIME], "20 个工作日") && !strcmp(old.revised_by, "admin"),
	       "unchanged, with its author");
	tap_int(store_guide_revision_get(st, a, dept, 3, &old), ZF_ENOENT, "no revision 3: ENOENT");
	tap_int(store_guide_revision_get(st, a, gov, 1, &old), ZF_ENOENT,
		"another agency's revision 1 does not exist");
	struct guide_revision *hist;
	size_t n;
	tap_int(store_guide_revisions(st, a, dept, &hist, &n), 0, "the history");
	tap_ok(n == 2 && hist[0].revision == 2 && hist[1].revision == 1 &&
		   !strcmp(hist[1].saved_by, "admin"),
	       "two revisions, newest first");
	tap_int(store_test_int(st, "SELECT count(*) FROM agency_guides"), 1,
		"one current-guide row");

	struct guide_current *curl;
	size_t ncur;
	tap_int(store_guide_current_list(st, a, &curl, &ncur), 0, "the current revisions");
	tap_ok(ncur == 1 && curl[0].agency_id == dept && curl[0].revision == 2 &&
		   strlen(curl[0].revised_at) == 20,
	       "one agency, revision 2, with its time");

	/* the particulars edited elsewhere (store_agency_profile_set) show in the current guide;
	 * the revisions keep theirs */
	struct agency_profile prof;
	store_agency_profile_get(st, a, dept, &prof);
	prof.phone = "012-8766 3199";
	tap_int(store_agency_profile_set(st, "agency-admin", &prof, &err), 0,
		"the phone is changed in agency_profiles");
	store_guide_get(st, a, dept, &cur);
	tap_ok(!strcmp(cur.f[GF_PHONE], "012-8766 3199") && cur.revision == 2 &&
		   !strcmp(cur.f[GF_APPLY_TIME], "第二版的答复时限。"),
	       "the current guide has the new phone and revision 2's sections");
	store_guide_revision_get(st, a, dept, 2, &old);
	tap_str(old.f[GF_PHONE], "", "revision 2 keeps the phone as saved");

	/* refusals: nothing changes */
	struct buf dump0 = BUF_INIT, dump1 = BUF_INIT;
	store_test_dump(st, &dump0);
	static char longtext[GUIDE_SECTION_MAX * 3 + 8];
	for (int i = 0; i < GUIDE_SECTION_MAX + 1; i++)
		memcpy(longtext + 3 * i, "字", 3);
	longtext[3 * (GUIDE_SECTION_MAX + 1)] = '\0';
	struct {
		enum guide_field f;
		const char *v, *what, *want;
	} bad[] = {
	    {GF_APPLY_TIME, longtext, "a section over 5000 code points", "不能超过 5000 字"},
	    {GF_REMEDY, "有\x01控制字符", "a control character in a section", "控制字符"},
	    {GF_ADDRESS, "示例路\n18号", "a newline in the address", "不能含有换行"},
	    {GF_PHONE, "012\x7f", "DEL in the phone", "控制字符"},
	    {GF_POSTCODE, "00900", "a five-digit postcode", "6 位数字"},
	    {GF_EMAIL, "zjj@", "a malformed e-mail", "格式不正确"},
	    {GF_WEBSITE, "javascript:alert(1)", "a javascript: website", "https://"},
	    {GF_EXTRA, "\xff\xfe", "invalid UTF-8", "不能超过"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct guide b = cur;
		b.f[bad[i].f] = bad[i].v;
		buf_reset(&err);
		long long au = audits(st);
		enum guide_field which = GUIDE_FIELDS;
		tap_ok(guide_check(&b, NULL, &which) == ZF_EINVAL && which == bad[i].f,
		       "guide_check names the field: %s", bad[i].what);
		int rc = store_guide_save(st, "admin", &b, NULL, &err);
		tap_ok(rc == ZF_EINVAL && strstr(buf_cstr(&err), bad[i].want) &&
			   strstr(buf_cstr(&err), guide_field_label(bad[i].f)) && audits(st) == au,
		       "refused: %s (%s)", bad[i].what, buf_cstr(&err));
	}
	struct guide none = cur;
	none.agency_id = 999;
	tap_int(store_guide_save(st, "admin", &none, NULL, &err), ZF_ENOENT,
		"no such agency: ENOENT");
	store_test_dump(st, &dump1);
	tap_ok(dump0.len > 0 && !strcmp(buf_cstr(&dump0), buf_cstr(&dump1)),
	       "refused saves left the database as it was, row for row");

	/* the history is append-only */
	tap_ok(db_exec(st, "UPDATE guide_revisions SET saved_by = 'x'") != 0,
	       "guide_revisions refuses UPDATE");
	tap_ok(db_exec(st, "DELETE FROM guide_revisions") != 0, "and DELETE");
	tap_int(store_test_int(st, "SELECT count(*) FROM guide_revisions"), 2,
		"both revisions are still there");
	buf_free(&dump0);
	buf_free(&dump1);
	buf_free(&err);
	arena_free(a);
}

static void test_dates(void)
{
	char d[11];
	tap_str(guide_beijing_date("2026-03-01T15:59:59Z", d), "2026-03-01",
		"15:59 UTC is still that day in Beijing");
	tap_str(guide_beijing_date("2026-12-31T16:00:00Z", d), "2027-01-01",
		"16:00 UTC is the next day in Beijing");
	tap_str(guide_beijing_date("", d), "", "no timestamp, no date");
}

int main(void)
{
	struct store *st = store_test_fresh("guide");
	if (!st)
		return tap_done();
	long long gov = 0, dept = 0;
	tap_int(store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov), 0, "agency");
	tap_int(store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept), 0,
		"department");
	test_defaults(st, dept);
	test_save(st, gov, dept);
	test_dates();
	store_close(st);
	return tap_done();
}
