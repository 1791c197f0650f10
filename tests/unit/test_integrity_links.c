/* test_integrity_links.c: links to our own pages judged against the database without HTTP
 * (store/integrity_links.h), on both engines (zf-store-test-both-engines): published,
 * repealed-but-published, draft, withdrawn and removed documents and their files; reports
 * published or not, in each of their forms; guide files; agencies; open and hidden columns;
 * lists with and without a version; projects; and paths no page answers. */
#include "common.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/integrity_links.h"
#include "store/lists.h"
#include "store/public.h"
#include "store_test.h"
#include "tap.h"

static struct store *st;

/* The route table of the test: two literal pages. */
static bool known(void *ctx, const char *path)
{
	(*(int *)ctx)++;
	return !strcmp(path, "/guide") || !strcmp(path, "/docs/feed");
}

static const char *verdict(const char *path)
{
	int calls = 0;
	struct ilink_result r;
	if (store_ilink_check(st, path, known, &calls, &r) != 0)
		return "ERROR";
	return ilink_verdict_id(r.verdict);
}

static zf_day day(const char *s)
{
	zf_day d = 0;
	date_parse(str_c(s), &d);
	return d;
}

static long long draft(long long agency, const char *title)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = agency,
			       .title = title,
			       .summary = "",
			       .body = "正文。",
			       .doc_no = "",
			       .written_on = day("2025-03-01")};
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err))
		BUG("draft: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void publish(long long id)
{
	struct buf err = BUF_INIT;
	if (store_doc_submit(st, "clerk", id, &err) ||
	    store_doc_approve(st, "reviewer", id, day("2025-03-05"), &err))
		BUG("publish: %s", buf_cstr(&err));
	buf_free(&err);
}

static const char report_json[] = "{\"schema\": \"zfxxgk.report/1\", \"format\": \"2021\", "
				  "\"year\": 2024, \"agency\": \"示范县人民政府\"}";

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	st = store_test_fresh("integrity-links");
	if (!st) {
		tap_ok(false, "a database");
		return tap_done();
	}
	struct buf err = BUF_INIT;
	long long gov = 0;
	if (store_agency_add(st, 0, "示范县人民政府", AGENCY_GOVERNMENT, &gov) ||
	    store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err))
		BUG("setup: %s", buf_cstr(&err));

	/* documents in every state */
	static const unsigned char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
	long long pub = draft(gov, "已公开的通知"), f1 = 0, f2 = 0;
	if (store_doc_attach(st, "clerk", pub, "附件一.pdf", pdf, sizeof(pdf) - 1, &f1, &err) ||
	    store_doc_attach(st, "clerk", pub, "附件二.pdf", pdf, sizeof(pdf) - 1, &f2, &err))
		BUG("attach: %s", buf_cstr(&err));
	publish(pub);
	long long repealed = draft(gov, "已废止的办法");
	publish(repealed);
	if (store_doc_invalidate(st, "reviewer", repealed, DOC_REPEALED, day("2025-06-01"),
				 "新办法施行", &err))
		BUG("repeal: %s", buf_cstr(&err));
	long long unpub = draft(gov, "草稿");
	long long withdrawn = draft(gov, "撤回的通知");
	publish(withdrawn);
	long long removed = draft(gov, "删除的名单");
	publish(removed);
	if (store_doc_takedown(st, "reviewer", withdrawn, 0, DOC_TAKEDOWN_WITHDRAWN, "调整",
			       &err) ||
	    store_doc_takedown(st, "reviewer", removed, 0, DOC_TAKEDOWN_REMOVED, "含个人信息",
			       &err) ||
	    store_doc_takedown(st, "reviewer", pub, f2, DOC_TAKEDOWN_REMOVED, "含个人信息", &err))
		BUG("takedown: %s", buf_cstr(&err));

	char p[96];
	snprintf(p, sizeof(p), "/docs/%lld", pub);
	tap_str(verdict(p), "link.ok", "published document");
	snprintf(p, sizeof(p), "/docs/%lld?from=home#top", pub);
	tap_str(verdict(p), "link.ok", "query and fragment ignored");
	snprintf(p, sizeof(p), "/docs/%lld", repealed);
	tap_str(verdict(p), "link.ok", "repealed but published is fine");
	snprintf(p, sizeof(p), "/docs/%lld", unpub);
	tap_str(verdict(p), "link.broken.internal-unpublished", "draft");
	snprintf(p, sizeof(p), "/docs/%lld", withdrawn);
	tap_str(verdict(p), "link.broken.internal-withdrawn", "withdrawn (撤回)");
	snprintf(p, sizeof(p), "/docs/%lld", removed);
	tap_str(verdict(p), "link.broken.internal-withdrawn", "removed (删除)");
	tap_str(verdict("/docs/999999"), "link.broken.internal-missing", "no such document");
	tap_str(verdict("/docs/0"), "link.broken.internal-route", "id 0 is no document");
	snprintf(p, sizeof(p), "/docs/%lld/files/%lld", pub, f1);
	tap_str(verdict(p), "link.ok", "attachment of a published document");
	snprintf(p, sizeof(p), "/docs/%lld/files/%lld", pub, f2);
	tap_str(verdict(p), "link.broken.internal-withdrawn", "removed attachment");
	snprintf(p, sizeof(p), "/docs/%lld/files/%lld", repealed, f1);
	tap_str(verdict(p), "link.broken.internal-missing", "attachment of another document");
	snprintf(p, sizeof(p), "/docs/%lld/files/x", pub);
	tap_str(verdict(p), "link.broken.internal-missing", "attachment id not a number");

	/* reports */
	if (store_report_publish(st, "admin", gov, 2024, report_json, &err))
		BUG("report: %s", buf_cstr(&err));
	snprintf(p, sizeof(p), "/reports/%lld/2024", gov);
	tap_str(verdict(p), "link.ok", "published report page");
	snprintf(p, sizeof(p), "/reports/%lld/2024.xlsx", gov);
	tap_str(verdict(p), "link.ok", "published report as xlsx");
	snprintf(p, sizeof(p), "/reports/%lld/2023.html", gov);
	tap_str(verdict(p), "link.broken.internal-missing", "report of a year not published");
	snprintf(p, sizeof(p), "/reports/%lld/2024.pdf", gov);
	tap_str(verdict(p), "link.broken.internal-missing", "report in a form we do not serve");

	/* guide files, agencies, columns */
	snprintf(p, sizeof(p), "/guide/%lld/form.docx", gov);
	tap_str(verdict(p), "link.ok", "guide form");
	snprintf(p, sizeof(p), "/guide/%lld/form.odt", gov);
	tap_str(verdict(p), "link.broken.internal-missing", "guide file we do not serve");
	tap_str(verdict("/guide/4242/flow.svg"), "link.broken.internal-missing",
		"guide of no agency");
	snprintf(p, sizeof(p), "/agency/%lld", gov);
	tap_str(verdict(p), "link.ok", "agency page");
	snprintf(p, sizeof(p), "/columns/%lld", gov + 1000);
	tap_str(verdict(p), "link.broken.internal-missing", "columns of no agency");
	long long open = 0, shut = 0;
	struct column_fields cf = {.agency_id = gov, .name = "通知公告"};
	if (store_column_add(st, "admin", &cf, &open, &err))
		BUG("column: %s", buf_cstr(&err));
	cf.name = "旧栏目";
	if (store_column_add(st, "admin", &cf, &shut, &err) ||
	    store_column_set_hidden(st, "admin", shut, true, &err))
		BUG("column: %s", buf_cstr(&err));
	snprintf(p, sizeof(p), "/column/%lld", open);
	tap_str(verdict(p), "link.ok", "open column");
	snprintf(p, sizeof(p), "/column/%lld", shut);
	tap_str(verdict(p), "link.broken.internal-unpublished", "hidden column");

	/* lists and projects */
	long long l1 = 0, l2 = 0, proj = 0;
	struct list_fields lf = {.agency_id = gov, .name = "收费清单", .kind = LIST_FEE};
	struct list_item it = {.name = "登记费", .basis = "某条例"};
	if (store_list_add(st, "clerk", &lf, &l1, &err) ||
	    store_list_item_add(st, "clerk", l1, &it, NULL, &err) ||
	    store_list_publish(st, "reviewer", l1, day("2025-05-01"), "", NULL, &err))
		BUG("list: %s", buf_cstr(&err));
	lf.name = "未发布清单";
	struct project_fields pf = {.agency_id = gov, .name = "供水工程", .state = 1};
	if (store_list_add(st, "clerk", &lf, &l2, &err) ||
	    store_project_add(st, "clerk", &pf, &proj, &err))
		BUG("list/project: %s", buf_cstr(&err));
	snprintf(p, sizeof(p), "/list/%lld", l1);
	tap_str(verdict(p), "link.ok", "published list");
	snprintf(p, sizeof(p), "/list/%lld/v/1/xlsx", l1);
	tap_str(verdict(p), "link.ok", "its first version as xlsx");
	snprintf(p, sizeof(p), "/list/%lld/v/2", l1);
	tap_str(verdict(p), "link.broken.internal-missing", "a version not published");
	snprintf(p, sizeof(p), "/list/%lld", l2);
	tap_str(verdict(p), "link.broken.internal-unpublished", "list without a version");
	snprintf(p, sizeof(p), "/project/%lld", proj);
	tap_str(verdict(p), "link.ok", "project");
	tap_str(verdict("/project/77777"), "link.broken.internal-missing", "no such project");

	/* other pages: the caller's route table */
	tap_str(verdict("/guide"), "link.ok", "a page the routes know");
	tap_str(verdict("/docs/feed"), "link.ok", "a literal route beside /docs/{id}");
	tap_str(verdict("/docs/abc"), "link.broken.internal-route", "a document path of no id");
	tap_str(verdict("/nosuch/page"), "link.broken.internal-route", "unknown route");
	tap_str(verdict("relative"), "link.broken.internal-route", "not a path");
	struct ilink_result r;
	tap_int(store_ilink_check(st, "/guide", NULL, NULL, &r), 0, "without a route table");
	tap_str(ilink_verdict_id(r.verdict), "link.broken.internal-route",
		"no route table: nothing else is known");
	snprintf(p, sizeof(p), "/docs/%lld", unpub);
	store_ilink_check(st, p, NULL, NULL, &r);
	tap_ok(strstr(r.why, "尚未公开") != NULL, "the reason is Chinese: %s", r.why);

	buf_free(&err);
	store_close(st);
	return tap_done();
}
