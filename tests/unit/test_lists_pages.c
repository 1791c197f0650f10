/* test_lists_pages.c: the public pages of 撤稿, projects and lists through the site's
 * dispatcher, on both engines (zf-store-test-both-engines): a withdrawn document's page says
 * so (200, no body), a removed one answers 410 without its name, neither is in the catalogue,
 * search, feed or sitemap; a document's body links a 文号 only while its document is public;
 * a project shows its eight stages; a list version downloads as .xlsx. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/lists.h"
#include "store_test.h"
#include "tap.h"
#include "web/routes.h"

struct exchange {
	struct web_request req;
	struct web_response res;
	struct web_pair arg;
};

static const char *get(struct exchange *x, const struct web_env *env, const char *path,
		       const char *q)
{
	memset(x, 0, sizeof(*x));
	x->req.arena = arena_new(0);
	x->req.env = env;
	x->req.method = WEB_GET;
	x->req.method_name = "GET";
	x->req.path = path;
	if (q) {
		x->arg = (struct web_pair){"q", q};
		x->req.args = &x->arg;
		x->req.nargs = 1;
	}
	web_response_init(&x->res, 4 << 20);
	routes_dispatch_site(&x->req, &x->res);
	return buf_cstr(&x->res.body);
}

static void done(struct exchange *x)
{
	web_response_free(&x->res);
	arena_free(x->req.arena);
}

static zf_day day(const char *s)
{
	zf_day d = 0;
	date_parse(str_c(s), &d);
	return d;
}

static long long publish(struct store *st, long long agency, const char *title, const char *body,
			 const char *doc_no)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = agency,
			       .title = title,
			       .summary = "",
			       .body = body,
			       .doc_no = doc_no,
			       .written_on = day("2025-03-01")};
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err) || store_doc_submit(st, "clerk", id, &err) ||
	    store_doc_approve(st, "reviewer", id, day("2025-03-05"), &err))
		BUG("publish: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	const char *target = store_test_target("lists-pages");
	struct store *st = target ? store_test_open(target) : NULL;
	if (!st) {
		tap_ok(false, "a database");
		return tap_done();
	}
	struct buf err = BUF_INIT;
	long long gov = 0;
	if (store_agency_add(st, 0, "示范县人民政府", AGENCY_GOVERNMENT, &gov) ||
	    store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err))
		BUG("setup");
	long long w = publish(st, gov, "甲撤回测试通知", "甲正文内容。", "示政发〔2025〕3号");
	long long r = publish(st, gov, "乙删除测试名单", "乙正文身份证。", "");
	long long c = publish(st, gov, "丙引用测试通知",
			      "根据示政发〔2025〕3号，见 https://example.org/a?b=1&c=2 。", "");
	long long p = 0, l = 0;
	struct project_fields pf = {.agency_id = gov, .name = "丁供水工程", .state = 1};
	struct list_fields lf = {.agency_id = gov, .name = "戊收费清单", .kind = LIST_FEE};
	struct list_item it = {.name = "己登记费", .basis = "某条例"};
	if (store_project_add(st, "clerk", &pf, &p, &err) ||
	    store_project_attach(st, "clerk", p, PROJECT_STAGE_TENDER, c, &err) ||
	    store_list_add(st, "clerk", &lf, &l, &err) ||
	    store_list_item_add(st, "clerk", l, &it, NULL, &err) ||
	    store_list_publish(st, "reviewer", l, day("2025-05-01"), "", NULL, &err))
		BUG("setup: %s", buf_cstr(&err));
	store_close(st);

	struct web_env env = {NULL, store_pool_new(target, 2), NULL};
	struct exchange x;
	char path[64];
	snprintf(path, sizeof(path), "/docs/%lld", c);
	const char *b = get(&x, &env, path, NULL);
	char want[128];
	snprintf(want, sizeof(want), "href=\"/docs/%lld\">示政发〔2025〕3号</a>", w);
	tap_ok(strstr(b, want) != NULL, "before: the 文号 in the body links to its document");
	tap_ok(strstr(b, "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener "
			 "noreferrer\">") != NULL,
	       "the URL is an external link");
	done(&x);

	b = get(&x, &env, "/search", "测试");
	tap_ok(strstr(b, "找到 3 份文件") != NULL, "before: search finds the three documents");
	done(&x);

	st = NULL;
	if (store_open(target, &st, &err) ||
	    store_doc_takedown(st, "reviewer", w, 0, DOC_TAKEDOWN_WITHDRAWN, "方案<调整>", &err) ||
	    store_doc_takedown(st, "reviewer", r, 0, DOC_TAKEDOWN_REMOVED, "含个人信息", &err))
		BUG("takedown: %s", buf_cstr(&err));
	store_close(st);

	snprintf(path, sizeof(path), "/docs/%lld", w);
	b = get(&x, &env, path, NULL);
	tap_int(x.res.status, 200, "a withdrawn document's page stays (200)");
	tap_ok(strstr(b, "该信息已于") && strstr(b, "撤回") && strstr(b, "方案&lt;调整&gt;") &&
		   strstr(b, "甲撤回测试通知"),
	       "and says 该信息已于…撤回 with the reason, escaped, under its name");
	tap_ok(!strstr(b, "甲正文内容"), "without its body");
	done(&x);
	snprintf(path, sizeof(path), "/docs/%lld", r);
	b = get(&x, &env, path, NULL);
	tap_int(x.res.status, 410, "a removed document answers 410");
	tap_ok(strstr(b, "该信息已删除") && !strstr(b, "乙删除测试名单") &&
		   !strstr(b, "含个人信息"),
	       "with a Chinese notice and nothing of it");
	done(&x);
	b = get(&x, &env, "/docs", NULL);
	tap_ok(!strstr(b, "甲撤回测试通知") && !strstr(b, "乙删除测试名单") &&
		   strstr(b, "丙引用测试通知"),
	       "the catalogue lists neither");
	done(&x);
	b = get(&x, &env, "/search", "测试");
	/* the hits have the query in <mark> */
	tap_ok(!strstr(b, "甲撤回") && !strstr(b, "乙删除") && strstr(b, "丙引用") &&
		   strstr(b, "找到 1 份文件"),
	       "search finds neither (%s)", store_test_engine());
	done(&x);
	b = get(&x, &env, "/docs/feed", NULL);
	tap_ok(!strstr(b, "甲撤回") && !strstr(b, "乙删除") && strstr(b, "丙引用"), "nor the feed");
	done(&x);
	snprintf(want, sizeof(want), "/docs/%lld<", w);
	b = get(&x, &env, "/sitemap.xml", NULL);
	tap_ok(!strstr(b, want), "nor the sitemap");
	done(&x);
	snprintf(path, sizeof(path), "/docs/%lld", c);
	b = get(&x, &env, path, NULL);
	tap_ok(!strstr(b, "docno-link") && strstr(b, "示政发〔2025〕3号"),
	       "the 文号 is no longer a link");
	done(&x);

	snprintf(path, sizeof(path), "/project/%lld", p);
	b = get(&x, &env, path, NULL);
	const char *s1 = strstr(b, "批准服务信息"), *s3 = strstr(b, "招标投标信息"),
		   *s8 = strstr(b, "竣工有关信息"), *d = strstr(b, "丙引用测试通知");
	tap_ok(x.res.status == 200 && s1 && s3 && s8 && s1 < s3 && s3 < d && d < s8,
	       "the project shows its stages in order, the document under 招标投标信息");
	int empties = 0;
	for (const char *q = b; (q = strstr(q, "<p class=\"muted\">暂无</p>")); q++)
		empties++;
	tap_int(empties, 7, "and 暂无 for the seven empty stages");
	done(&x);

	snprintf(path, sizeof(path), "/list/%lld", l);
	b = get(&x, &env, path, NULL);
	tap_ok(x.res.status == 200 && strstr(b, "己登记费") && strstr(b, "第 1 版") &&
		   strstr(b, "2025年5月1日"),
	       "the list shows its current version with its 修订日期");
	done(&x);
	snprintf(path, sizeof(path), "/list/%lld/v/1/xlsx", l);
	get(&x, &env, path, NULL);
	tap_ok(x.res.status == 200 && x.res.body.len > 100 && !memcmp(x.res.body.p, "PK", 2),
	       "the version downloads as .xlsx (%zu bytes)", x.res.body.len);
	done(&x);
	snprintf(path, sizeof(path), "/list/%lld/v/2", l);
	get(&x, &env, path, NULL);
	tap_int(x.res.status, 404, "a version not published is 404");
	done(&x);

	store_pool_free(env.db);
	buf_free(&err);
	return tap_done();
}
