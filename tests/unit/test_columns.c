/* test_columns.c: the column tree of each agency (store/columns.h), on both engines
 * (store_test.h): the seed (the 15 items of 条例 Art. 20, idempotent), add / edit / move (a
 * cycle and a foreign parent refused), link URLs checked, the last update following the
 * publications filed under a column (and rolled up to its parent), the stale flag by cadence,
 * filing a document under another agency's column refused with the database unchanged. */
#include "common.h"
#include "arena.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static const struct column *find(const struct column *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].f.code, code))
			return &v[i];
	return NULL;
}

static void test_pure(void)
{
	tap_ok(column_url_ok("https://zwfw.example.gov.cn/"), "an https URL is a link");
	tap_ok(column_url_ok("http://ggzy.example.gov.cn/jyxx?a=1"), "an http URL with a query");
	const char *bad[] = {"javascript:alert(1)",
			     "ftp://example.gov.cn/",
			     "https://",
			     "https:///path",
			     "https://a.gov.cn/\"><img src=x onerror=alert(1)>",
			     "https://a.gov.cn/ x",
			     "//a.gov.cn/",
			     "data:text/html,<script>alert(1)</script>",
			     ""};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		tap_ok(!column_url_ok(bad[i]), "refused as a link: %s", bad[i]);
	tap_str(column_statutory_text(1), "行政法规、规章和规范性文件", "Art. 20 (一)");
	tap_str(column_statutory_text(15),
		"法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", "Art. 20 (十五)");
	tap_ok(column_statutory_text(0) == NULL && column_statutory_text(16) == NULL,
	       "no item 0 or 16");
	tap_str(column_statutory_number(11), "（十一）", "the item's number");
	tap_str(column_cadence_label(90), "季", "90 days read 季");
	tap_str(column_cadence_label(0), "不定期", "0 reads 不定期");

	struct column c = {.f = {.cadence_days = 30}, .created_on = day("2026-01-01")};
	tap_ok(!column_stale(&c, day("2026-01-31")), "never updated, 30 days after creation: fine");
	tap_ok(column_stale(&c, day("2026-02-01")), "31 days: 逾期未更新");
	c.last_update = day("2026-03-01");
	tap_ok(!column_stale(&c, day("2026-03-31")) && column_stale(&c, day("2026-04-01")),
	       "counted from the last update");
	c.f.cadence_days = 0;
	tap_ok(!column_stale(&c, day("2030-01-01")), "不定期 is never stale");
	c.f.cadence_days = 30;
	c.f.hidden = true;
	tap_ok(!column_stale(&c, day("2030-01-01")), "a closed column is never stale");
}

static void test_seed(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	long long before = audits(st);
	tap_int(store_columns_seed(st, "admin", gov), 0, "seed the government's columns");
	tap_int(audits(st) - before, 1, "one audit line for the seed");
	struct column *v;
	size_t n;
	tap_int(store_column_list(st, a, gov, true, &v, &n), 0, "list them");
	tap_int(n, 23, "23 columns");
	bool items[COLUMN_STATUTORY_ITEMS + 1] = {false};
	const struct column *root = find(v, n, "statutory");
	int under = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].f.statutory_item) {
			items[v[i].f.statutory_item] = true;
			under += root && v[i].f.parent_id == root->id && v[i].depth == 1;
		}
	}
	bool all = true;
	for (int i = 1; i <= COLUMN_STATUTORY_ITEMS; i++)
		all = all && items[i];
	tap_ok(root && !strcmp(root->f.name, "法定主动公开内容") && root->depth == 0,
	       "法定主动公开内容 at the top");
	tap_ok(all && under == 15, "the 15 items of Art. 20, each once, under it");
	tap_ok(find(v, n, "guide") && find(v, n, "annual-report") && find(v, n, "interpretation") &&
		   find(v, n, "notices") && find(v, n, "rules") && find(v, n, "personnel"),
	       "指南, 年报, 政策解读, 通知公告, 制度, 人事信息");
	tap_ok(v[0].depth == 0 && !strcmp(v[0].f.name, "政府信息公开指南") &&
		   find(v, n, "statutory-05")->f.cadence_days == 30,
	       "in order, with cadences");

	struct buf d1 = BUF_INIT, d2 = BUF_INIT;
	store_test_dump(st, &d1);
	tap_int(store_columns_seed(st, "admin", gov), 0, "seed again");
	store_test_dump(st, &d2);
	tap_ok(d1.len && !strcmp(buf_cstr(&d1), buf_cstr(&d2)),
	       "changes nothing, not even the log");
	tap_int(store_columns_seed(st, "admin", 999), ZF_ENOENT, "no such agency: ENOENT");
	tap_int(store_columns_seed(st, "admin", dept), 0, "seed the department's columns");
	tap_int(store_test_int(st, "SELECT count(*) FROM columns"), 46, "its own 23");
	buf_free(&d1);
	buf_free(&d2);
	arena_free(a);
}

static void test_edit_move(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	int rc;
	struct column *v;
	size_t n;
	store_column_list(st, a, gov, true, &v, &n);
	long long statutory = find(v, n, "statutory")->id;
	long long item5 = find(v, n, "statutory-05")->id;
	store_column_list(st, a, dept, true, &v, &n);
	long long dept_notices = find(v, n, "notices")->id;

	long long x = 0, y = 0, z = 0;
	struct column_fields f = {
	    .agency_id = gov, .parent_id = statutory, .name = "农业农村", .cadence_days = 90};
	tap_int(store_column_add(st, "clerk", &f, &x, &err), 0,
		"add a column under 法定主动公开内容");
	struct column c;
	store_column_get(st, a, x, &c);
	tap_ok(c.f.parent_id == statutory && c.f.code[0] == 'c', "its code derived (%s)", c.f.code);
	f.parent_id = x;
	f.name = "乡村振兴";
	tap_int(store_column_add(st, "clerk", &f, &y, &err), 0, "a child under it");
	f.parent_id = y;
	f.name = "高标准农田";
	tap_int(store_column_add(st, "clerk", &f, &z, &err), 0, "a grandchild");

	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	long long logs = audits(st);
	buf_reset(&err);
	rc = store_column_move(st, "clerk", x, z, 0, &err);
	tap_int(rc, ZF_EINVAL, "moving a column under its grandchild is refused (%s)",
		buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_column_move(st, "clerk", x, x, 0, &err), ZF_EINVAL, "under itself: refused");
	buf_reset(&err);
	rc = store_column_move(st, "clerk", x, dept_notices, 0, &err);
	tap_int(rc, ZF_EINVAL, "under another agency's column: refused (%s)", buf_cstr(&err));
	buf_reset(&err);
	f.parent_id = z;
	f.name = "第五级";
	rc = store_column_add(st, "clerk", &f, NULL, &err);
	tap_int(rc, ZF_EINVAL, "a fifth level is refused (%s)", buf_cstr(&err));
	f.parent_id = dept_notices;
	f.name = "借用";
	buf_reset(&err);
	tap_int(store_column_add(st, "clerk", &f, NULL, &err), ZF_EINVAL,
		"a parent of another agency is refused");
	f.parent_id = 0;
	f.code = "statutory";
	buf_reset(&err);
	rc = store_column_add(st, "clerk", &f, NULL, &err);
	tap_int(rc, ZF_EINVAL, "a code already used is refused (%s)", buf_cstr(&err));
	f.code = "Bad Code";
	tap_int(store_column_add(st, "clerk", &f, NULL, &err), ZF_EINVAL, "a bad code is refused");
	f.code = NULL;
	f.name = "换行\n栏目";
	tap_int(store_column_add(st, "clerk", &f, NULL, &err), ZF_EINVAL, "a newline in the name");
	f.name = "政务服务";
	f.kind = COLUMN_LINK;
	f.url = "javascript:alert(1)";
	buf_reset(&err);
	rc = store_column_add(st, "clerk", &f, NULL, &err);
	tap_int(rc, ZF_EINVAL, "a javascript: link is refused (%s)", buf_cstr(&err));
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)) && audits(st) == logs,
	       "refusals changed nothing, row for row");

	tap_int(store_column_move(st, "clerk", z, statutory, 5, &err), 0,
		"the grandchild moves up under 法定主动公开内容");
	store_column_get(st, a, z, &c);
	tap_ok(c.f.parent_id == statutory && c.f.sort_order == 5, "its new place");
	tap_int(store_column_move(st, "clerk", x, z, 0, &err), 0,
		"and now its former grandparent may go under it");
	tap_int(store_column_move(st, "clerk", x, 0, 0, &err), 0, "back to the top level");

	/* a link column */
	f.url = "https://zwfw.example.gov.cn/bszn";
	f.link_updated_on = day("2026-01-05");
	long long link = 0;
	tap_int(store_column_add(st, "clerk", &f, &link, &err), 0, "a link-out column");
	store_column_get(st, a, link, &c);
	tap_ok(c.f.kind == COLUMN_LINK && c.last_update == day("2026-01-05") &&
		   !strcmp(c.f.url, "https://zwfw.example.gov.cn/bszn"),
	       "its URL and the date set by the clerk");
	f.parent_id = link;
	f.kind = COLUMN_LIST;
	f.url = NULL;
	f.link_updated_on = 0;
	f.name = "外链之下";
	tap_int(store_column_add(st, "clerk", &f, NULL, &err), ZF_EINVAL,
		"no column under a link column");
	tap_int(store_column_move(st, "clerk", x, link, 0, &err), ZF_EINVAL, "nor moved there");

	/* edit: item 5 becomes a link to the 政务服务网 */
	store_column_get(st, a, item5, &c);
	struct column_fields e = c.f;
	e.kind = COLUMN_LINK;
	e.url = "http://zwfw.example.gov.cn/";
	tap_int(store_column_edit(st, "clerk", item5, &e, &err), 0,
		"an empty column becomes a link");
	store_column_get(st, a, item5, &c);
	tap_ok(c.f.kind == COLUMN_LINK && !strcmp(c.f.code, "statutory-05") &&
		   c.f.statutory_item == 5,
	       "keeps its code and item");
	tap_int(store_column_set_hidden(st, "clerk", y, true, &err), 0, "close a column");
	store_column_list(st, a, gov, false, &v, &n);
	bool seen = false;
	for (size_t i = 0; i < n; i++)
		seen = seen || v[i].id == y;
	tap_ok(!seen && n == 26, "the public list leaves it out (%zu)", n);
	store_column_list(st, a, gov, true, &v, &n);
	tap_int(n, 27, "the console's list has it");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

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

static void test_filing(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err);
	struct column *v;
	size_t n;
	store_column_list(st, a, gov, true, &v, &n);
	long long statutory = find(v, n, "statutory")->id;
	long long item1 = find(v, n, "statutory-01")->id;
	long long notices = find(v, n, "notices")->id;
	long long item5 = find(v, n, "statutory-05")->id; /* a link since test_edit_move */
	store_column_list(st, a, dept, true, &v, &n);
	long long dept_notices = find(v, n, "notices")->id;

	long long d1 = publish(st, gov, "示例区关于规范性文件管理的规定", "2026-02-10");
	long long d2 = publish(st, gov, "示例区2026年重点工作通知", NULL); /* in review */
	long long ids[] = {item1, notices};
	tap_int(store_doc_columns_set(st, "clerk", d1, ids, 2, &err), 0,
		"file a published document under two columns");
	tap_int(store_doc_columns_set(st, "clerk", d2, ids, 1, &err), 0,
		"file a document in review under one");
	long long *got;
	size_t ngot;
	store_doc_columns_get(st, a, d1, &got, &ngot);
	tap_ok(ngot == 2 && got[0] == (item1 < notices ? item1 : notices), "read back");
	long long logs = audits(st);
	long long again[] = {notices, item1, notices};
	tap_int(store_doc_columns_set(st, "clerk", d1, again, 3, &err), 0,
		"the same set again (in another order, with a repeat)");
	tap_int(audits(st), logs, "writes nothing, logs nothing");

	struct column c;
	store_column_get(st, a, item1, &c);
	tap_ok(c.last_update == day("2026-02-10") && c.ndocs == 1,
	       "the last update is the publication (the review does not count)");
	store_column_list(st, a, gov, true, &v, &n);
	tap_ok(find(v, n, "statutory")->last_update == day("2026-02-10"),
	       "and rolls up to 法定主动公开内容");
	tap_ok(column_stale(find(v, n, "statutory-01"), day("2026-05-12")) &&
		   !column_stale(find(v, n, "statutory-01"), day("2026-05-11")),
	       "item (一) (季) is stale 91 days after it");

	struct buf e2 = BUF_INIT;
	store_doc_submit(st, "clerk", d2, &e2);
	tap_int(store_doc_approve(st, "reviewer", d2, day("2026-03-01"), &err), 0,
		"the second is published");
	store_column_get(st, a, item1, &c);
	tap_ok(c.last_update == day("2026-03-01") && c.ndocs == 2, "the last update follows it");
	struct column_doc *docs;
	long long total;
	tap_int(store_column_docs(st, a, item1, 1, 0, &docs, &n, &total), 0, "the column's list");
	tap_ok(total == 2 && n == 1 && docs[0].id == d2 &&
		   docs[0].published_on == day("2026-03-01"),
	       "newest first, paged");
	store_column_docs(st, a, item1, 1, 1, &docs, &n, &total);
	tap_ok(n == 1 && docs[0].id == d1, "page two");

	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	long long foreign[] = {item1, dept_notices};
	buf_reset(&err);
	int rc = store_doc_columns_set(st, "clerk", d1, foreign, 2, &err);
	tap_int(rc, ZF_EINVAL, "filing under another agency's column is refused (%s)",
		buf_cstr(&err));
	long long link[] = {item5};
	buf_reset(&err);
	tap_int(store_doc_columns_set(st, "clerk", d1, link, 1, &err), ZF_EINVAL,
		"filing under a link column is refused");
	long long nosuch[] = {99999};
	tap_int(store_doc_columns_set(st, "clerk", d1, nosuch, 1, &err), ZF_EINVAL,
		"an unknown column is refused");
	tap_int(store_doc_columns_set(st, "clerk", 99999, ids, 1, &err), ZF_ENOENT,
		"an unknown document: ENOENT");
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "the database is unchanged");

	struct column_fields f = {.agency_id = gov, .parent_id = statutory, .name = "停用"};
	long long closed = 0;
	store_column_add(st, "clerk", &f, &closed, &err);
	store_column_set_hidden(st, "clerk", closed, true, &err);
	long long into_closed[] = {closed};
	tap_int(store_doc_columns_set(st, "clerk", d1, into_closed, 1, &err), ZF_EINVAL,
		"a closed column takes no new document");
	store_column_get(st, a, item1, &c);
	struct column_fields e = c.f;
	e.kind = COLUMN_LINK;
	e.url = "https://example.gov.cn/";
	tap_int(store_column_edit(st, "clerk", item1, &e, &err), ZF_EINVAL,
		"a column with documents cannot become a link");
	struct doc_fields df = {
	    .agency_id = gov, .title = "待删除的草稿", .written_on = day("2026-01-02")};
	long long draft = 0;
	store_doc_add(st, "clerk", &df, &draft, &err);
	tap_int(store_doc_columns_set(st, "clerk", draft, ids, 2, &err), 0, "file a draft");
	tap_int(store_doc_delete(st, "clerk", draft, &err), 0, "and delete it");
	tap_int(store_test_int(st, "SELECT count(*) FROM doc_columns WHERE doc_id NOT IN"
				   " (SELECT id FROM docs)"),
		0, "its filings go with it");
	tap_int(store_doc_columns_set(st, "clerk", d1, NULL, 0, &err), 0, "unfile a document");
	store_column_get(st, a, item1, &c);
	tap_ok(c.last_update == day("2026-03-01") && c.ndocs == 1, "the column keeps the other");
	buf_free(&before);
	buf_free(&after);
	buf_free(&e2);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("columns");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_seed(st, gov, dept);
	test_edit_move(st, gov, dept);
	test_filing(st, gov, dept);
	store_close(st);
	return tap_done();
}
