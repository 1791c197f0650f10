/* test_site_portal.c: the public site as 国办发〔2017〕47号 expects it. Pure: the pager's
 * arithmetic (pages, clamping, the numbers shown with their gaps), the 党政机关网站标识 link,
 * the 制度 text's checks and layout (headings, escaping), the catalogue's order keys. On both
 * engines (store_test.h): the site's texts (set, read, audited, reset; refused texts change
 * nothing), the 党政机关网站标识 number in the settings (a bad one refused, nothing written),
 * the catalogue ordered by 发布日期, 成文日期 and 标题, filtered by an Art. 20 item and by a
 * column code, and the Art. 20 facet's counts. */
#include "common.h"
#include "arena.h"
#include "store/agencies.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/site_texts.h"
#include "store_test.h"
#include "tap.h"
#include "web/pager.h"
#include "web/site_rules.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

/* The pager's entries as text: "1 … 4 5 [6] 7 8 … 20" without brackets ("0" = gap). */
static const char *items(size_t page, size_t pages)
{
	static char out[200];
	size_t v[PAGER_ITEMS_MAX];
	size_t n = pager_items(page, pages, v), at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && at < sizeof(out); i++)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%zu", i ? " " : "", v[i]);
	return out;
}

static void test_pager(void)
{
	tap_int((long long)pager_pages(0, 20), 0, "no items, no pages");
	tap_int((long long)pager_pages(-3, 20), 0, "a negative total, no pages");
	tap_int((long long)pager_pages(1, 20), 1, "one item, one page");
	tap_int((long long)pager_pages(20, 20), 1, "twenty items fill one page");
	tap_int((long long)pager_pages(21, 20), 2, "twenty-one need two");
	tap_int((long long)pager_pages(311, 20), 16, "311 items: 16 pages");
	tap_int((long long)pager_pages(5, 0), 0, "no page size, no pages");
	tap_int((long long)pager_clamp(0, 5), 1, "page 0 reads 1");
	tap_int((long long)pager_clamp(9, 5), 5, "beyond the end: the last page");
	tap_int((long long)pager_clamp(3, 0), 1, "no pages: 1");
	tap_str(items(1, 1), "", "one page: no pager");
	tap_str(items(1, 3), "1 2 3", "three pages: all shown");
	tap_str(items(1, 16), "1 2 3 0 16", "first of 16: 1 2 3 … 16");
	tap_str(items(6, 20), "1 0 4 5 6 7 8 0 20",
		"middle: first, gap, two either side, gap, last");
	tap_str(items(4, 20), "1 2 3 4 5 6 0 20", "a gap of one page shows that page (2)");
	tap_str(items(17, 20), "1 0 15 16 17 18 19 20", "near the end: no gap before the last");
	tap_str(items(16, 20), "1 0 14 15 16 17 18 19 20", "a gap of one page at the end shows it");
	tap_str(items(20, 20), "1 0 18 19 20", "last page");
	tap_str(items(99, 20), "1 0 18 19 20", "a page beyond the end reads as the last");
	bool bounded = true;
	for (size_t pages = 2; pages < 40; pages++)
		for (size_t page = 1; page <= pages; page++) {
			size_t v[PAGER_ITEMS_MAX];
			size_t n = pager_items(page, pages, v);
			bool has_page = false;
			for (size_t i = 0; i < n; i++) {
				has_page |= v[i] == page;
				if (i && v[i] && v[i - 1] && v[i] != v[i - 1] + 1)
					bounded = false; /* a jump without a gap mark */
				if (i && !v[i] && !v[i - 1])
					bounded = false; /* two gaps in a row */
			}
			if (n > PAGER_ITEMS_MAX || !has_page || v[0] != 1 || v[n - 1] != pages)
				bounded = false;
		}
	tap_ok(bounded,
	       "for 2..39 pages: first and last shown, the current one, gaps marked, at "
	       "most %d entries",
	       PAGER_ITEMS_MAX);
}

static void test_pure(void)
{
	tap_str(site_conac_url("A1B2c3"), "https://bszs.conac.cn/sitename?method=show&id=A1B2c3",
		"the 党政机关网站标识 links to its verification");
	tap_str(site_conac_url(""), "", "no number, no link");
	tap_str(site_conac_url("12\"><img"), "", "markup is no number");
	tap_str(site_conac_url("1234567890123456789012345678901234567890X"), "",
		"over 40 characters is no number");
	tap_int(doc_order_parse("title"), DOC_ORDER_TITLE, "sort=title");
	tap_int(doc_order_parse("written"), DOC_ORDER_WRITTEN, "sort=written");
	tap_int(doc_order_parse("published"), DOC_ORDER_PUBLISHED, "sort=published");
	tap_int(doc_order_parse("1; DROP TABLE docs"), -1, "an unknown order");
	tap_str(doc_order_label(DOC_ORDER_WRITTEN), "成文日期", "its label");
	struct buf err = BUF_INIT;
	tap_ok(site_text_ok("一、制度\n第一段。\r\n\t第二段。", &err), "lines and tabs are text");
	tap_ok(!site_text_ok("控制\x01字符", &err) && strstr(buf_cstr(&err), "控制字符"),
	       "a control character is refused: %s", buf_cstr(&err));
	tap_ok(!site_text_ok("\xff\xfe", &err), "invalid UTF-8 is refused");
	struct buf w = BUF_INIT;
	site_rules_html(&w, "一、法律法规\n本机关依照《条例》办理。<script>alert(1)</script>\n\n"
			    "十二、监督保障\n二、本行有句号。\n一二三\n");
	tap_str(buf_cstr(&w),
		"<h2>一、法律法规</h2>\n<p>本机关依照《条例》办理。&lt;script&gt;alert(1)&lt;/"
		"script&gt;</p>\n<h2>十二、监督保障</h2>\n<p>二、本行有句号。</p>\n<p>一二三</p>\n",
		"headings by 一、 without a full stop; paragraphs; everything escaped");
	buf_reset(&w);
	site_rules_html(&w, site_rules_default());
	tap_ok(strstr(buf_cstr(&w), "<h2>一、法律法规和国家规定</h2>") &&
		   strstr(buf_cstr(&w), "国务院令第711号"),
	       "the default names the 条例 as amended by 国务院令第711号");
	tap_ok(site_text_ok(site_rules_default(), &err), "the default passes its own checks");
	buf_free(&w);
	buf_free(&err);
}

static void test_texts(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct site_text t;
	tap_int(store_site_text_get(st, a, SITE_TEXT_RULES, &t), 0, "read an unset text");
	tap_ok(!*t.body && !*t.updated_at && !*t.updated_by, "unset: every field empty");
	tap_int(store_site_text_set(st, "admin", SITE_TEXT_RULES, "一、制度\n本机关的制度。", &err),
		0, "set the 制度 text");
	store_site_text_get(st, a, SITE_TEXT_RULES, &t);
	tap_ok(!strcmp(t.body, "一、制度\n本机关的制度。") && !strcmp(t.updated_by, "admin") &&
		   strlen(t.updated_at) == 20,
	       "read back with its author and time");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'site.text'"
				   " AND actor = 'admin' AND object = 'disclosure_rules'"),
		1, "audited");
	store_test_dump(st, &before);
	char *big = malloc(3 * (SITE_TEXT_MAX + 1) + 1);
	for (int i = 0; i <= SITE_TEXT_MAX; i++)
		memcpy(big + 3 * i, "长", 3);
	big[3 * (SITE_TEXT_MAX + 1)] = '\0';
	tap_int(store_site_text_set(st, "admin", SITE_TEXT_RULES, big, &err), ZF_EINVAL,
		"a text over %d characters is refused", SITE_TEXT_MAX);
	tap_ok(strstr(buf_cstr(&err), "不能超过") != NULL, "in Chinese: %s", buf_cstr(&err));
	big[3 * SITE_TEXT_MAX] = '\0';
	tap_ok(site_text_ok(big, NULL), "%d characters are accepted", SITE_TEXT_MAX);
	free(big);
	tap_int(store_site_text_set(st, "admin", SITE_TEXT_RULES, "坏\x02", &err), ZF_EINVAL,
		"a control character is refused");
	tap_int(store_site_text_set(st, "admin", "Bad Key", "x", &err), ZF_EINVAL,
		"a key outside a-z 0-9 _ is refused");
	tap_int(store_site_text_set(st, "", SITE_TEXT_RULES, "x", &err), ZF_EINVAL,
		"no actor, no write");
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "refused texts change nothing");
	tap_int(store_site_text_set(st, "admin", SITE_TEXT_RULES, " \n ", &err), 0,
		"a blank text resets");
	store_site_text_get(st, a, SITE_TEXT_RULES, &t);
	tap_ok(!*t.body && store_test_int(st, "SELECT count(*) FROM site_texts") == 0,
	       "back to unset (the default shows)");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'site.text'"), 2,
		"the reset is audited too");

	/* the 党政机关网站标识 number in the settings */
	struct site_settings s = {.site_name = "示例区政府信息公开",
				  .conac_code = "ABC0123456789",
				  .root_agency_id = gov};
	tap_int(store_site_settings_set(st, "admin", &s, &err), 0, "settings with a number");
	struct site_settings got;
	store_site_settings_get(st, a, &got);
	tap_str(got.conac_code, "ABC0123456789", "the number is read back");
	buf_reset(&before);
	buf_reset(&after);
	store_test_dump(st, &before);
	s.conac_code = "<script>";
	tap_int(store_site_settings_set(st, "admin", &s, &err), ZF_EINVAL, "markup is refused");
	tap_ok(strstr(buf_cstr(&err), "党政机关网站标识编号") != NULL, "in Chinese: %s",
	       buf_cstr(&err));
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "and nothing is written");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

static long long publish(struct store *st, long long agency, const char *title, const char *written,
			 const char *on)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = agency, .title = title, .written_on = day(written)};
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err) || store_doc_submit(st, "clerk", id, &err) ||
	    store_doc_approve(st, "reviewer", id, day(on), &err))
		BUG("doc: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static long long code_id(const struct column *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].f.code, code))
			return v[i].id;
	BUG("no column %s", code);
}

/* The ids of a list as "a,b,c". */
static const char *ids(const struct doc_list *l)
{
	static char out[200];
	size_t at = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->n && at < sizeof(out); i++)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%lld", i ? "," : "",
				       l->docs[i].id);
	return out;
}

static void test_catalogue(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err);
	store_doc_settings_set(st, "admin", dept, "014416330", NULL, &err);
	tap_int(store_columns_seed(st, "admin", gov), 0, "seed the government's columns");
	tap_int(store_columns_seed(st, "admin", dept), 0, "and the department's");
	struct column *v;
	size_t n;
	store_column_list(st, a, gov, true, &v, &n);
	long long g1 = code_id(v, n, "statutory-01"), g4 = code_id(v, n, "statutory-04");
	long long gn = code_id(v, n, "notices");
	store_column_list(st, a, dept, true, &v, &n);
	long long d1 = code_id(v, n, "statutory-01"), dn = code_id(v, n, "notices");

	/* titles chosen so that code point order differs from both date orders */
	long long x = publish(st, gov, "乙关于规范性文件管理的规定", "2026-01-05", "2026-02-01");
	long long y = publish(st, gov, "甲年度统计数据", "2026-02-10", "2026-02-20");
	long long z = publish(st, dept, "丙关于物业管理的通知", "2025-12-01", "2026-03-01");
	long long w = publish(st, dept, "丁公告", "2026-01-20", "2026-01-25");
	long long f1[] = {g1, gn}, f2[] = {g4}, f3[] = {d1}, f4[] = {dn};
	store_doc_columns_set(st, "clerk", x, f1, 2, &err);
	store_doc_columns_set(st, "clerk", y, f2, 1, &err);
	store_doc_columns_set(st, "clerk", z, f3, 1, &err);
	store_doc_columns_set(st, "clerk", w, f4, 1, &err);

	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	struct doc_list l;
	char want[200];
	tap_int(store_doc_list(st, a, &f, &l), 0, "list by 发布日期");
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", z, y, x, w);
	tap_str(ids(&l), want, "newest publication first");
	f.order = DOC_ORDER_WRITTEN;
	store_doc_list(st, a, &f, &l);
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", y, w, x, z);
	tap_str(ids(&l), want, "by 成文日期: newest written first");
	f.order = DOC_ORDER_TITLE;
	store_doc_list(st, a, &f, &l);
	/* 丁 U+4E01 < 丙 U+4E19 < 乙 U+4E59 < 甲 U+7532 */
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", w, z, x, y);
	tap_str(ids(&l), want, "by 标题: code point order, the same on both engines");
	f.limit = 2;
	f.offset = 2;
	store_doc_list(st, a, &f, &l);
	snprintf(want, sizeof(want), "%lld,%lld", x, y);
	tap_ok(!strcmp(ids(&l), want) && l.total == 4, "the second page of two, total 4");
	f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.order = DOC_ORDERS;
	tap_int(store_doc_list(st, a, &f, &l), ZF_EINVAL, "an unknown order is refused");

	f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.statutory_item = 1;
	store_doc_list(st, a, &f, &l);
	snprintf(want, sizeof(want), "%lld,%lld", z, x);
	tap_ok(!strcmp(ids(&l), want) && l.total == 2,
	       "Art. 20 item 一: the documents filed under it in every agency");
	f.statutory_item = 16;
	tap_int(store_doc_list(st, a, &f, &l), ZF_EINVAL, "there is no item 16");
	f.statutory_item = 0;
	f.column_code = "notices";
	store_doc_list(st, a, &f, &l);
	snprintf(want, sizeof(want), "%lld,%lld", x, w);
	tap_ok(!strcmp(ids(&l), want) && l.total == 2, "column notices: both agencies' 通知公告");
	f.column_code = NULL;
	struct doc_facet *fv;
	size_t fn;
	tap_int(store_doc_facets(st, a, DOC_FACET_STATUTORY, &f, &fv, &fn), 0, "the Art. 20 facet");
	tap_ok(fn == 2 && !strcmp(fv[0].value, "1") && fv[0].count == 2 &&
		   !strcmp(fv[0].label, "（一）法规文件") && !strcmp(fv[1].value, "4") &&
		   fv[1].count == 1 && !strcmp(fv[1].label, "（四）统计信息"),
	       "counts by item, in the statute's order, with their names");
	/* a hidden column's documents leave the item */
	store_column_set_hidden(st, "admin", d1, true, &err);
	f.statutory_item = 1;
	store_doc_list(st, a, &f, &l);
	tap_ok(l.total == 1 && l.n == 1 && l.docs[0].id == x,
	       "a closed column's documents are not listed");
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pager();
	test_pure();
	struct store *st = store_test_fresh("site_portal");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_texts(st, gov);
	test_catalogue(st, gov, dept);
	store_close(st);
	return tap_done();
}
