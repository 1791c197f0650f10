/* test_lists_store.c: 撤稿, 重大建设项目 and versioned lists in the store, on both engines
 * (zf-store-test-both-engines): a taken-down document leaves the catalogue, the facets, full
 * text and exact search (FTS5 on SQLite, doc_terms on PostgreSQL) and the 文号 resolver of
 * the autolinker; its 索引号 is never given again; refused writes change nothing; project
 * stages keep to the project's agency; published list versions are frozen; a version as
 * Excel opens and holds its items. */
#include "common.h"
#include "arena.h"
#include "render/list_xlsx.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/lists.h"
#include "store_test.h"
#include "tap.h"

#include <unistd.h>

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static void dump(struct store *st, struct buf *out)
{
	buf_reset(out);
	if (store_test_dump(st, out))
		BUG("dump");
}

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

/* A published document of agency: its id. */
static long long publish(struct store *st, long long agency, const char *title, const char *body,
			 const char *doc_no)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {0};
	f.agency_id = agency;
	f.title = title;
	f.summary = "";
	f.body = body;
	f.doc_no = doc_no;
	f.written_on = day("2025-03-01");
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err) || store_doc_submit(st, "clerk", id, &err) ||
	    store_doc_approve(st, "reviewer", id, day("2025-03-05"), &err))
		BUG("publish %s: %s", title, buf_cstr(&err));
	buf_free(&err);
	return id;
}

static long long search_total(struct store *st, struct arena *a, const char *q)
{
	struct doc_search s = {.q = q, .filter = doc_filter_any()};
	s.filter.state = DOC_PUBLISHED;
	struct doc_hits h;
	int rc = store_doc_search(st, a, &s, &h);
	return rc ? -1 : h.total;
}

static long long catalogue_total(struct store *st, struct arena *a, bool with_taken_down)
{
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.with_taken_down = with_taken_down;
	struct doc_list l;
	return store_doc_list(st, a, &f, &l) ? -1 : l.total;
}

static void test_takedown(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	long long keep = publish(st, gov, "关于印发示范县水利建设方案的通知", "水利工程建设。",
				 "示政发〔2025〕3号");
	long long gone = publish(st, gov, "关于公布征地补偿名单的公告",
				 "补偿名单：张三 身份证号码。", "示政发〔2025〕4号");
	long long other = publish(st, gov, "关于征地补偿标准的说明", "征地补偿标准。", "");
	struct doc d;
	store_doc_get(st, a, other, &d);

	tap_int(search_total(st, a, "征地补偿"), 2,
		"before: full text finds both 征地补偿 documents");
	tap_int(search_total(st, a, "示政发〔2025〕4号"), 1, "before: the 文号 is found exactly");
	tap_int(catalogue_total(st, a, false), 3, "before: three in the catalogue");
	long long id = 0;
	tap_int(store_doc_public_by_doc_no(st, "示政发〔2025〕4号", &id), 0,
		"before: the 文号 resolves for the autolinker");
	tap_int(id, gone, "to that document");

	/* refused: blank reason, bad mode, not published, unknown */
	dump(st, &before);
	long long audit0 = audits(st);
	tap_int(store_doc_takedown(st, "reviewer", gone, 0, DOC_TAKEDOWN_REMOVED, "  ", &err),
		ZF_EINVAL, "a takedown without reason is refused");
	tap_str(buf_cstr(&err), "请填写撤稿理由", "saying so in Chinese");
	tap_int(store_doc_takedown(st, "reviewer", gone, 0, DOC_TAKEDOWN_MODES, "理由", &err),
		ZF_EINVAL, "an unknown mode is refused");
	tap_int(store_doc_takedown(st, "reviewer", 99999, 0, DOC_TAKEDOWN_WITHDRAWN, "理由", &err),
		ZF_ENOENT, "an unknown document is refused");
	tap_int(
	    store_doc_takedown(st, "reviewer", gone, 99999, DOC_TAKEDOWN_WITHDRAWN, "理由", &err),
	    ZF_ENOENT, "an attachment of another document is refused");
	struct doc_fields f = {.agency_id = gov, .title = "草稿", .written_on = day("2025-03-01")};
	long long draft = 0;
	store_doc_add(st, "clerk", &f, &draft, &err);
	dump(st, &before);
	audit0 = audits(st);
	tap_int(store_doc_takedown(st, "reviewer", draft, 0, DOC_TAKEDOWN_WITHDRAWN, "理由", &err),
		ZF_ESTATE, "a draft cannot be taken down");
	dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)) && audits(st) == audit0,
	       "the refused takedowns changed nothing");

	/* removed (personal data) */
	tap_int(store_doc_takedown(st, "reviewer", gone, 0, DOC_TAKEDOWN_REMOVED,
				   "公告中含有个人身份证号码", &err),
		0, "the document is taken down (removed)");
	tap_int(audits(st), audit0 + 1, "one audit line");
	tap_int(store_doc_takedown(st, "reviewer", gone, 0, DOC_TAKEDOWN_WITHDRAWN, "再次", &err),
		ZF_ESTATE, "it cannot be taken down twice");
	struct doc_takedown k;
	tap_int(store_doc_takedown_get(st, a, gone, &k), 0, "its takedown is read back");
	tap_ok(k.mode == DOC_TAKEDOWN_REMOVED && !strcmp(k.reason, "公告中含有个人身份证号码") &&
		   !strcmp(k.actor, "reviewer") && strlen(k.at) == 20,
	       "with mode, reason, who and when");
	tap_int(search_total(st, a, "征地补偿"), 1, "full text no longer finds it (%s)",
		store_test_engine());
	tap_int(search_total(st, a, "身份证"), 0, "not even by a word of its body only");
	tap_int(search_total(st, a, "示政发〔2025〕4号"), 0, "nor by its 文号");
	tap_int(catalogue_total(st, a, false), 3 - 1, "the catalogue lists one fewer");
	tap_int(catalogue_total(st, a, true), 3, "the console still lists it");
	struct doc_facet *fv;
	size_t fn;
	struct doc_filter ff = doc_filter_any();
	store_doc_facets(st, a, DOC_FACET_AGENCY, &ff, &fv, &fn);
	tap_ok(fn == 1 && fv[0].count == 2, "the agency facet counts two (%lld)",
	       fn ? fv[0].count : -1);
	tap_int(store_doc_public_by_doc_no(st, "示政发〔2025〕4号", &id), ZF_ENOENT,
		"its 文号 no longer resolves");
	struct doc_event *ev;
	size_t nev;
	store_doc_events(st, a, gone, &ev, &nev);
	tap_ok(nev && !strcmp(ev[nev - 1].kind, "takedown_removed") &&
		   !strcmp(ev[nev - 1].detail, "公告中含有个人身份证号码"),
	       "the document's history ends with the takedown: %s", nev ? ev[nev - 1].label : "");
	tap_ok(store_test_int(st, "DELETE FROM doc_takedowns RETURNING id") == -1,
	       "the database refuses to undo a takedown");

	/* the 索引号 stays burnt */
	struct doc dg;
	store_doc_get(st, a, gone, &dg);
	long long next = publish(st, gov, "关于后续工作的通知", "后续。", "");
	struct doc dn;
	store_doc_get(st, a, next, &dn);
	tap_ok(*dg.index_no && strcmp(dn.index_no, dg.index_no) > 0,
	       "the next document gets a new 索引号 (%s after %s)", dn.index_no, dg.index_no);
	long long byidx = 0;
	tap_int(store_doc_by_index_no(st, dg.index_no, &byidx), 0,
		"the taken-down 索引号 still names its document");
	tap_int(byidx, gone, "and only it");

	/* withdrawn attachment, then the whole document withdrawn */
	tap_int(store_doc_get(st, a, keep, &d), 0, "the kept document");
	tap_int(search_total(st, a, "水利"), 1, "is found");
	tap_int(store_doc_takedown(st, "reviewer", keep, 0, DOC_TAKEDOWN_WITHDRAWN,
				   "方案已调整，另行发布", &err),
		0, "withdrawn");
	tap_int(search_total(st, a, "水利"), 0, "and no longer found");
	tap_int(store_doc_takedown(st, "reviewer", keep, 0, DOC_TAKEDOWN_WITHDRAWN, "again", &err),
		ZF_ESTATE, "a withdrawn document is not withdrawn twice");
	tap_int(store_doc_takedown(st, "reviewer", keep, 0, DOC_TAKEDOWN_REMOVED,
				   "发现方案附表含有个人信息", &err),
		0, "but it may still be removed");
	tap_int(store_doc_takedown_get(st, a, keep, &k), 0, "its takedown is read");
	tap_ok(k.mode == DOC_TAKEDOWN_REMOVED && !strcmp(k.reason, "发现方案附表含有个人信息"),
	       "as removed, the stronger");
	tap_int(store_doc_takedown(st, "reviewer", keep, 0, DOC_TAKEDOWN_REMOVED, "x", &err),
		ZF_ESTATE, "and then nothing more");
	tap_int(search_total(st, a, "水利"), 0, "still not found (%s)", store_test_engine());
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

static void test_attachment_takedown(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = gov,
			       .title = "带附件的通知",
			       .summary = "",
			       .body = "",
			       .written_on = day("2025-03-01")};
	long long id = 0, att = 0;
	static const unsigned char pdf[] = "%PDF-1.4\n%test\n";
	if (store_doc_add(st, "clerk", &f, &id, &err) ||
	    store_doc_attach(st, "clerk", id, "名单.pdf", pdf, sizeof(pdf) - 1, &att, &err) ||
	    store_doc_submit(st, "clerk", id, &err) ||
	    store_doc_approve(st, "reviewer", id, day("2025-03-06"), &err))
		BUG("attachment doc: %s", buf_cstr(&err));
	tap_int(store_doc_takedown(st, "reviewer", id, att, DOC_TAKEDOWN_REMOVED, "附件含个人信息",
				   &err),
		0, "one attachment is taken down");
	tap_int(store_doc_takedown(st, "reviewer", id, att, DOC_TAKEDOWN_WITHDRAWN, "again", &err),
		ZF_ESTATE, "not twice");
	struct doc_takedown k;
	tap_int(store_doc_takedown_get(st, a, id, &k), ZF_ENOENT,
		"the document itself is not taken down");
	tap_ok(catalogue_total(st, a, false) >= 1 && search_total(st, a, "带附件") == 1,
	       "and stays listed and found");
	struct doc_takedown *ks;
	size_t nk;
	store_doc_takedowns(st, a, id, &ks, &nk);
	tap_ok(nk == 1 && ks[0].attachment_id == att && !strcmp(ks[0].attachment_name, "名单.pdf"),
	       "the attachment's takedown is listed with its name");
	buf_free(&err);
	arena_free(a);
}

static void test_projects(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct project_fields f = {.agency_id = gov,
				   .name = "示范县城区供水工程",
				   .code = "2025-330100-46-01-000001",
				   .location = "示范县城关镇",
				   .owner = "示范县水务集团",
				   .investment = "3.2亿元",
				   .state = PROJECT_BUILDING};
	long long p = 0;
	tap_int(store_project_add(st, "clerk", &f, &p, &err), 0, "a project is added");
	struct project_fields bad = f;
	bad.name = " ";
	dump(st, &before);
	tap_int(store_project_add(st, "clerk", &bad, NULL, &err), ZF_EINVAL,
		"a project without a name is refused: %s", buf_cstr(&err));
	long long d1 = publish(st, gov, "示范县城区供水工程可行性研究报告的批复", "批复。",
			       "示发改〔2025〕8号");
	long long d2 = publish(st, gov, "示范县城区供水工程施工招标公告", "招标。", "");
	long long foreign = publish(st, dept, "部门的文件", "内容。", "");
	dump(st, &before);
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGE_APPROVAL_RESULT, foreign, &err),
		ZF_EINVAL, "another agency's document is refused: %s", buf_cstr(&err));
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGES, d1, &err), ZF_EINVAL,
		"an unknown stage is refused");
	dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "the refusals changed nothing");
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGE_APPROVAL_RESULT, d1, &err), 0,
		"the approval is filed under 批准结果信息");
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGE_TENDER, d2, &err), 0,
		"the tender under 招标投标信息");
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGE_TENDER, d2, &err), ZF_ESTATE,
		"not twice in one stage");
	struct project_doc *docs;
	size_t n;
	store_project_docs(st, a, p, true, &docs, &n);
	tap_ok(n == 2 && docs[0].stage == PROJECT_STAGE_APPROVAL_RESULT &&
		   docs[1].stage == PROJECT_STAGE_TENDER,
	       "the public stages hold the two documents");
	store_doc_takedown(st, "reviewer", d2, 0, DOC_TAKEDOWN_WITHDRAWN, "公告有误", &err);
	store_project_docs(st, a, p, true, &docs, &n);
	tap_ok(n == 1 && docs[0].doc_id == d1, "a taken-down document leaves the public stage");
	store_project_docs(st, a, p, false, &docs, &n);
	tap_int((long long)n, 2, "the console still shows it");
	tap_int(store_project_attach(st, "clerk", p, PROJECT_STAGE_QUALITY, d2, &err), ZF_EINVAL,
		"a taken-down document cannot be filed");
	tap_int(store_project_detach(st, "clerk", p, PROJECT_STAGE_TENDER, d2, &err), 0,
		"it can be taken out of the stage");
	f.state = PROJECT_COMPLETED;
	f.agency_id = dept; /* ignored: the agency stays */
	tap_int(store_project_update(st, "clerk", p, &f, &err), 0, "the project is edited");
	struct project pr;
	store_project_get(st, a, p, &pr);
	tap_ok(pr.f.state == PROJECT_COMPLETED && pr.f.agency_id == gov,
	       "its state changed, its agency did not");
	struct project *list;
	store_project_list(st, a, &dept, 1, &list, &n);
	tap_int((long long)n, 0, "the department lists none of the government's projects");
	tap_str(project_stage_label(PROJECT_STAGE_COMPLETION), "竣工有关信息",
		"the eighth stage is 竣工有关信息");
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

/* The texts of xl/sharedStrings.xml in the workbook at path (python3's zipfile). */
static bool xlsx_has(const char *path, const char *const *want, size_t n)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import zipfile,sys; "
		 "sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(\"xl/sharedStrings.xml\")"
		 ".decode())' %s",
		 path);
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	struct buf out = BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&out, chunk, got);
	bool ok = pclose(p) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		ok = strstr(buf_cstr(&out), want[i]) != NULL;
		if (!ok)
			tap_ok(false, "sharedStrings.xml lacks %s", want[i]);
	}
	buf_free(&out);
	return ok;
}

static void test_lists(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct list_fields f = {.agency_id = gov,
				.name = "示范县行政事业性收费目录清单",
				.kind = LIST_FEE,
				.note = "依据省财政厅公布的目录。"};
	long long l = 0;
	tap_int(store_list_add(st, "clerk", &f, &l, &err), 0, "a list is added");
	dump(st, &before);
	tap_int(store_list_publish(st, "reviewer", l, 0, "", NULL, &err), ZF_ESTATE,
		"an empty draft cannot be published: %s", buf_cstr(&err));
	dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "and nothing was written");
	struct list_item it = {.name = "不动产登记费",
			       .category = "自然资源",
			       .basis = "《不动产登记暂行条例》\n发改价格规〔2016〕2559号",
			       .detail = "住宅类每件80元",
			       .sort = 1};
	long long i1 = 0, i2 = 0;
	tap_int(store_list_item_add(st, "clerk", l, &it, &i1, &err), 0, "an item is added");
	it.name = "<script>alert(1)</script>";
	it.sort = 2;
	tap_int(store_list_item_add(st, "clerk", l, &it, &i2, &err), 0,
		"an item with markup in its name is kept as text");
	it.name = "";
	tap_int(store_list_item_add(st, "clerk", l, &it, NULL, &err), ZF_EINVAL,
		"an item without a name is refused");
	int v = 0;
	tap_int(store_list_publish(st, "reviewer", l, day("2025-01-15"), "首次发布", &v, &err), 0,
		"version 1 is published");
	tap_int(v, 1, "numbered 1");
	it.name = "不动产登记费（调整）";
	it.sort = 1;
	tap_int(store_list_item_update(st, "clerk", l, i1, &it, &err), 0, "the draft is edited");
	tap_int(store_list_item_remove(st, "clerk", l, i2, &err), 0, "an item is removed");
	tap_int(store_list_item_remove(st, "clerk", l + 1000, i1, &err), ZF_ENOENT,
		"an item of another list is not removed");
	tap_int(store_list_publish(st, "reviewer", l, day("2025-06-01"), "调整收费标准", &v, &err),
		0, "version 2 is published");
	tap_int(store_list_publish(st, "reviewer", l, date_today() + 1, "", &v, &err), ZF_EINVAL,
		"a revision date in the future is refused");
	struct list_version ver;
	struct list_item *items;
	size_t n;
	tap_int(store_list_version_get(st, a, l, 1, &ver, &items, &n), 0, "version 1 is read");
	tap_ok(n == 2 && !strcmp(items[0].name, "不动产登记费") &&
		   !strcmp(items[1].name, "<script>alert(1)</script>") &&
		   ver.revised_on == day("2025-01-15"),
	       "version 1 is as published, untouched by the later edits");
	tap_int(store_list_version_get(st, a, l, 2, &ver, &items, &n), 0, "version 2 is read");
	tap_ok(n == 1 && !strcmp(items[0].name, "不动产登记费（调整）"), "version 2 has the edit");
	tap_ok(store_test_int(st, "UPDATE list_version_items SET name = 'x' RETURNING seq") == -1,
	       "the database refuses to change a published version");
	tap_ok(store_test_int(st, "DELETE FROM list_versions RETURNING id") == -1,
	       "or to delete one");
	struct vlist vl;
	store_list_get(st, a, l, &vl);
	tap_ok(vl.version == 2 && vl.revised_on == day("2025-06-01"),
	       "the list's current version is 2 of 2025-06-01");
	struct vlist *all;
	size_t nl;
	store_list_lists(st, a, NULL, 0, true, &all, &nl);
	tap_int((long long)nl, 1, "one published list");

	/* Excel: the version opens and holds its items */
	store_list_version_get(st, a, l, 1, &ver, &items, &n);
	char path[] = "/tmp/zf-test-list-XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	if (fd >= 0)
		close(fd);
	tap_int(list_xlsx_write(&vl, &ver, items, n, path, &err), 0, "version 1 as Excel");
	static const char *const want[] = {"不动产登记费", "&lt;script&gt;alert(1)&lt;/script&gt;",
					   "发改价格规〔2016〕2559号",
					   "示范县行政事业性收费目录清单", "设定依据"};
	tap_ok(xlsx_has(path, want, ARRAY_SIZE(want)),
	       "the workbook opens (zip) and its shared strings hold the items");
	unlink(path);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

/* db copy: the copy's search index (rebuilt on PostgreSQL, filled by triggers on SQLite)
 * leaves the taken-down documents out as the original's does. */
static void test_copy(struct store *st)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct store *to = NULL;
	const char *target = store_test_target("lists-copy");
	struct store_copy_table *t;
	size_t nt;
	int rc = target ? store_open(target, &to, &err) : ZF_EIO;
	if (!rc)
		rc = store_copy(st, to, a, NULL, NULL, &t, &nt, &err);
	tap_int(rc, 0, "db copy of the database (%s)", buf_cstr(&err));
	if (!rc) {
		tap_int(search_total(to, a, "征地补偿"), search_total(st, a, "征地补偿"),
			"the copy finds what the original finds");
		tap_int(search_total(to, a, "身份证"), 0, "and not the removed document");
		tap_int(search_total(to, a, "水利"), 0, "nor the withdrawn one");
		tap_int(catalogue_total(to, a, false), catalogue_total(st, a, false),
			"the same catalogue");
	}
	if (to)
		store_close(to);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("lists");
	if (!st)
		return tap_done();
	long long gov = 0, dept = 0;
	struct buf err = BUF_INIT;
	if (store_agency_add(st, 0, "示范县人民政府", AGENCY_GOVERNMENT, &gov) ||
	    store_agency_add(st, gov, "示范县财政局", AGENCY_DEPARTMENT, &dept) ||
	    store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err) ||
	    store_doc_settings_set(st, "admin", dept, "014416330", NULL, &err))
		BUG("setup: %s", buf_cstr(&err));
	test_takedown(st, gov);
	test_attachment_takedown(st, gov);
	test_projects(st, gov, dept);
	test_lists(st, gov);
	test_copy(st);
	store_close(st);
	buf_free(&err);
	return tap_done();
}
