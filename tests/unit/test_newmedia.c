/* test_newmedia.c: the 政务新媒体 registry (store/newmedia.h), on both engines (store_test.h):
 * the silent rule (two weeks by default, from the later of the reported update and the newest
 * post, from the approval when never updated), the approval flow and its refusals (each
 * refused write leaves the database as it was), posts imported with duplicates skipped and one
 * bad post refusing the batch, and store_newmedia_counts equal to direct SQL, findings of the
 * posts (scope newmedia:<id>) included and closed with the account. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/integrity.h"
#include "store/newmedia.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static void test_pure(void)
{
	struct nm_account a = {.status = NM_OPEN, .approved_on = day("2026-01-01")};
	tap_ok(!nm_silent(&a, day("2026-01-15")), "never updated, 14 days after approval: fine");
	tap_ok(nm_silent(&a, day("2026-01-16")), "15 days after approval: silent");
	a.last_post = day("2026-02-01");
	a.reported_update = day("2026-01-20");
	tap_int(nm_last_update(&a), day("2026-02-01"), "the newest post beats the report");
	a.reported_update = day("2026-02-10");
	tap_int(nm_last_update(&a), day("2026-02-10"), "a later report beats the posts");
	tap_ok(!nm_silent(&a, day("2026-02-24")) && nm_silent(&a, day("2026-02-25")),
	       "silent once more than 14 days passed since");
	a.f.gap_days = 30;
	tap_ok(!nm_silent(&a, day("2026-03-12")) && nm_silent(&a, day("2026-03-13")),
	       "an account's own gap (30 days)");
	a.status = NM_CLOSED;
	tap_ok(!nm_silent(&a, day("2030-01-01")), "a closed account is never silent");
	a.status = NM_APPLIED;
	tap_ok(!nm_silent(&a, day("2030-01-01")), "an account not yet opened is never silent");
	tap_int(nm_platform_parse("微信公众号"), NM_WECHAT, "a platform by its label");
	tap_int(nm_platform_parse("douyin"), NM_DOUYIN, "a platform by its key");
	tap_int(nm_platform_parse("bogus"), -1, "an unknown platform");
	tap_ok(nm_url_ok("") && nm_url_ok("https://weibo.com/u/123"), "empty and https URLs");
	tap_ok(!nm_url_ok("javascript:alert(1)") && !nm_url_ok("https://a/\"x") &&
		   !nm_url_ok("https:///x"),
	       "script, quote and hostless URLs refused");
}

static struct nm_account_fields fields(long long agency, enum nm_platform p, const char *name)
{
	return (struct nm_account_fields){.agency_id = agency,
					  .platform = p,
					  .name = name,
					  .handle = "",
					  .url = "",
					  .sponsor = "",
					  .operated_by = "区融媒体中心",
					  .outsourced = true,
					  .responsible = "王主任"};
}

static bool unchanged(struct store *st, const struct buf *before)
{
	struct buf now = BUF_INIT;
	store_test_dump(st, &now);
	bool same = now.len == before->len && !memcmp(now.p, before->p, now.len);
	buf_free(&now);
	return same;
}

/* Runs a refused write and checks it changed nothing and said why. */
#define REFUSED(call, want_rc, want_text, desc)                                                    \
	do {                                                                                       \
		struct buf before_ = BUF_INIT, err_ = BUF_INIT;                                    \
		store_test_dump(st, &before_);                                                     \
		struct buf *err = &err_;                                                           \
		int rc_ = (call);                                                                  \
		tap_int(rc_, want_rc, "%s: refused", desc);                                        \
		tap_ok(strstr(buf_cstr(&err_), want_text) != NULL, "%s: says “%s” (%s)", desc,     \
		       want_text, buf_cstr(&err_));                                                \
		tap_ok(unchanged(st, &before_), "%s: nothing written", desc);                      \
		buf_free(&before_);                                                                \
		buf_free(&err_);                                                                   \
	} while (0)

static long long q(struct store *st, const char *fmt, ...) ZF_PRINTF(2, 3);
static long long q(struct store *st, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return store_test_int(st, sql);
}

static void test_flow(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(0);
	zf_day today = date_today();
	long long id = 0;
	struct nm_account_fields f = fields(gov, NM_WECHAT, "示例发布");
	tap_int(store_nm_register(st, "clerk", &f, &id, NULL), 0, "register a 微信公众号");
	struct nm_account_fields g = f;
	g.gap_days = 21;
	g.operated_by = "区政府办公室";
	tap_int(store_nm_edit(st, "clerk", id, &g, NULL), 0, "correct its 运维单位 and gap");
	g.gap_days = 0;
	g.operated_by = f.operated_by;
	tap_int(store_nm_edit(st, "clerk", id, &g, NULL), 0, "and back (gap 0 = the default)");
	struct nm_account acc;
	tap_int(store_nm_get(st, a, id, &acc), 0, "read it back");
	tap_int(acc.status, NM_APPLIED, "status 申请开设");
	tap_int(nm_gap(&acc), NM_GAP_DEFAULT, "the default gap is 14 days");
	tap_str(acc.applied_by, "clerk", "who applied");

	REFUSED(store_nm_register(st, "clerk", &f, NULL, err), ZF_EINVAL, "已登记",
		"the same platform and name again");
	struct nm_account_fields bad = f;
	bad.name = "坏\n名字";
	REFUSED(store_nm_register(st, "clerk", &bad, NULL, err), ZF_EINVAL, "账号名称",
		"a name with a newline");
	bad = f;
	bad.url = "javascript:alert(1)";
	bad.name = "别名";
	REFUSED(store_nm_register(st, "clerk", &bad, NULL, err), ZF_EINVAL, "https://",
		"a javascript: address");
	bad = f;
	bad.name = "别名";
	bad.operated_by = "";
	REFUSED(store_nm_register(st, "clerk", &bad, NULL, err), ZF_EINVAL, "运维单位",
		"no 运维单位");
	bad = f;
	bad.name = "别名";
	bad.agency_id = 99999;
	REFUSED(store_nm_register(st, "clerk", &bad, NULL, err), ZF_ENOENT, "机关",
		"an unknown agency");

	REFUSED(store_nm_request_close(st, "clerk", id, "合并", err), ZF_ESTATE, "申请开设",
		"closing an account not yet opened");
	REFUSED(store_nm_approve_close(st, "admin", id, today, "X-1", err), ZF_ESTATE, "批准关停",
		"approving the closing of an account not closing");
	REFUSED(store_nm_approve_open(st, "admin", id, today, "", err), ZF_EINVAL, "备案编号",
		"approval without a 备案 number");
	REFUSED(store_nm_approve_open(st, "admin", id, today + 1, "X-1", err), ZF_EINVAL,
		"晚于今天", "approval dated tomorrow");
	struct nm_post_in post = {.title = "早了", .published_on = today};
	size_t added = 0, dups = 0;
	REFUSED(store_nm_posts_add(st, "clerk", id, &post, 1, "文件", &added, &dups, err),
		ZF_ESTATE, "导入", "posts of an account not yet opened");
	REFUSED(store_nm_report_update(st, "clerk", id, today, err), ZF_ESTATE, "报送",
		"a reported update before opening");

	long long audits0 = store_test_int(st, "SELECT count(*) FROM audit_log");
	tap_int(store_nm_approve_open(st, "admin", id, today - 30, "区网信备〔2026〕1号", NULL), 0,
		"approve the opening 30 days ago");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log") - audits0, 1,
		"one audit line for the approval");
	REFUSED(store_nm_approve_open(st, "admin", id, today, "X-2", err), ZF_ESTATE, "已开设",
		"approving twice");
	store_nm_get(st, a, id, &acc);
	tap_ok(acc.status == NM_OPEN && acc.approved_on == today - 30 &&
		   !strcmp(acc.filing_no, "区网信备〔2026〕1号") &&
		   !strcmp(acc.approved_by, "admin"),
	       "已开设 with who, when and the 备案 number");
	tap_ok(nm_silent(&acc, today), "never updated, 30 days after approval: silent");

	REFUSED(store_nm_report_update(st, "clerk", id, today - 40, err), ZF_EINVAL, "早于",
		"an update before the approval");
	tap_int(store_nm_report_update(st, "clerk", id, today - 20, NULL), 0,
		"report an update 20 days ago");
	store_nm_get(st, a, id, &acc);
	tap_ok(nm_silent(&acc, today), "20 days ago is still silent");

	struct nm_post_in posts[3] = {
	    {.title = "区政府召开常务会议",
	     .body = "会议研究了民生实事。",
	     .url = "https://mp.example.cn/s/1",
	     .published_on = today - 3,
	     .published_at = ""},
	    {.title = "冬季供暖提示",
	     .body = "",
	     .url = "",
	     .published_on = today - 10,
	     .published_at = "10:00"},
	    {.title = "区政府召开常务会议（重复）",
	     .body = "",
	     .url = "https://mp.example.cn/s/1",
	     .published_on = today - 3,
	     .published_at = ""},
	};
	tap_int(
	    store_nm_posts_add(st, "clerk", id, posts, 3, "文件 posts.csv", &added, &dups, NULL), 0,
	    "import three posts");
	tap_ok(added == 2 && dups == 1,
	       "two added, the second with the same link skipped (%zu/%zu)", added, dups);
	tap_int(
	    store_nm_posts_add(st, "clerk", id, posts, 2, "文件 posts.csv", &added, &dups, NULL), 0,
	    "import the same again");
	tap_ok(added == 0 && dups == 2, "all skipped as duplicates");
	store_nm_get(st, a, id, &acc);
	tap_ok(acc.last_post == today - 3 && acc.nposts == 2, "newest post 3 days ago, two posts");
	tap_ok(!nm_silent(&acc, today), "no longer silent");

	struct nm_post_in two[2] = {
	    {.title = "好的", .published_on = today - 1},
	    {.title = "将来", .published_on = today + 2},
	};
	REFUSED(store_nm_posts_add(st, "clerk", id, two, 2, "x", &added, &dups, err), ZF_EINVAL,
		"第2条", "a batch with a post dated in the future");
	two[1].published_on = today;
	two[1].title = "";
	REFUSED(store_nm_posts_add(st, "clerk", id, two, 2, "x", &added, &dups, err), ZF_EINVAL,
		"标题", "a batch with a post without a title");

	REFUSED(store_nm_refuse(st, "admin", id, "", err), ZF_EINVAL, "理由",
		"refusing without reason");
	REFUSED(store_nm_refuse(st, "admin", id, "不同意", err), ZF_ESTATE, "已开设",
		"refusing an open account");
	tap_int(store_nm_request_close(st, "clerk", id, "与区融媒体账号合并", NULL), 0,
		"ask to close it");
	tap_int(store_nm_refuse(st, "admin", id, "请先整改后继续运营", NULL), 0,
		"the closing refused: back to open");
	store_nm_get(st, a, id, &acc);
	tap_ok(acc.status == NM_OPEN && !*acc.close_reason, "open again, the request cleared");
	tap_int(store_nm_request_close(st, "clerk", id, "与区融媒体账号合并", NULL), 0,
		"ask again");

	/* findings of its posts, as the import records them */
	char scope[40];
	snprintf(scope, sizeof(scope), NM_FINDING_SCOPE "%lld", id);
	long long scan = 0;
	tap_int(store_integrity_scan_begin(st, "clerk", scope, false, 0, &scan), 0, "a scan");
	struct site_findings fs;
	site_findings_init(&fs);
	struct site_finding x = {.id = "wording.test-1",
				 .sev = SCAN_VETO,
				 .url = "https://mp/1",
				 .agency_id = gov,
				 .field = "post:1:title",
				 .snippet = "错词",
				 .message = "严重表述错误"};
	site_findings_add(&fs, &x);
	x.id = "wording.test-2";
	x.sev = SCAN_DEDUCT;
	x.snippet = "别字";
	site_findings_add(&fs, &x);
	tap_int(store_integrity_scan_record(st, scan, &fs, 2, "", NULL), 0, "record two findings");
	site_findings_free(&fs);

	/* a second, silent account of the department, and an applied one */
	long long id2 = 0, id3 = 0;
	f = fields(dept, NM_DOUYIN, "示例住建");
	f.gap_days = 30;
	store_nm_register(st, "clerk", &f, &id2, NULL);
	store_nm_approve_open(st, "admin", id2, today - 31, "备-2", NULL);
	f = fields(gov, NM_WEIBO, "示例微博");
	store_nm_register(st, "clerk", &f, &id3, NULL);

	struct newmedia_counts c;
	tap_int(store_newmedia_counts(st, gov, today, &c), 0, "counts of the government");
	tap_int(c.accounts,
		q(st,
		  "SELECT count(*) FROM newmedia_accounts WHERE agency_id = %lld AND status IN "
		  "('open', 'closing')",
		  gov),
		"open accounts equal SQL");
	tap_int(c.accounts, 1, "one open (申请关停 counts, 申请开设 not)");
	tap_int(c.findings_open,
		q(st,
		  "SELECT count(*) FROM integrity_findings WHERE status = 'open' AND scope = "
		  "'newmedia:%lld'",
		  id),
		"open findings equal SQL");
	tap_int(c.findings_open, 2, "two open findings");
	tap_int(c.findings_veto, 1, "one veto");
	tap_int(c.silent, 0, "the government's account is not silent");
	tap_int(store_newmedia_counts(st, dept, today, &c), 0, "counts of the department");
	char cutoff[11];
	date_format(today - 30, cutoff);
	tap_int(
	    c.silent,
	    q(st,
	      "SELECT count(*) FROM newmedia_accounts a WHERE agency_id = %lld AND status IN "
	      "('open', 'closing') AND coalesce((SELECT max(published_on) FROM newmedia_posts p "
	      "WHERE p.account_id = a.id), reported_update, approved_on) < '%s'",
	      dept, cutoff),
	    "silent equals SQL");
	tap_int(c.silent, 1, "the department's account (31 days, gap 30) is silent");

	struct nm_account *v;
	size_t n;
	struct nm_filter flt = {.platform = -1, .status = -1, .silent = true};
	tap_int(store_nm_list(st, a, &flt, &v, &n), 0, "list silent accounts");
	tap_ok(n == 1 && v[0].id == id2, "the silent list holds the department's account");
	flt = (struct nm_filter){.platform = NM_WEIBO, .status = -1};
	store_nm_list(st, a, &flt, &v, &n);
	tap_ok(n == 1 && v[0].id == id3, "by platform");
	long long within[] = {dept};
	flt = (struct nm_filter){.platform = -1, .status = -1, .within = within, .nwithin = 1};
	store_nm_list(st, a, &flt, &v, &n);
	tap_ok(n == 1 && v[0].f.agency_id == dept, "only the reader's agencies");

	tap_int(store_nm_approve_close(st, "admin", id, today, "区网信销〔2026〕2号", NULL), 0,
		"approve the closing");
	store_nm_get(st, a, id, &acc);
	tap_ok(acc.status == NM_CLOSED && acc.closed_on == today &&
		   !strcmp(acc.close_filing_no, "区网信销〔2026〕2号"),
	       "已关停 with the 备案 number");
	store_newmedia_counts(st, gov, today, &c);
	tap_ok(c.accounts == 0 && c.findings_open == 0, "closed: no account, its findings closed");
	tap_int(q(st,
		  "SELECT count(*) FROM integrity_findings WHERE scope = 'newmedia:%lld' AND "
		  "status = 'closed'",
		  id),
		2, "both findings closed in the table");
	REFUSED(store_nm_request_close(st, "clerk", id, "再关", err), ZF_ESTATE, "已关停",
		"closing a closed account");
	f = fields(gov, NM_WECHAT, "改名");
	REFUSED(store_nm_edit(st, "clerk", id, &f, err), ZF_ESTATE, "已关停",
		"editing a closed account");

	struct nm_event *ev;
	tap_int(store_nm_events(st, a, id, &ev, &n), 0, "the history");
	tap_ok(n == 11 && !strcmp(ev[0].action, "register") && !strcmp(ev[1].action, "edit") &&
		   !strcmp(ev[n - 1].action, "close"),
	       "eleven lines from register (two edits) to close (%zu)", n);
	tap_int(q(st, "SELECT count(*) FROM audit_log WHERE object = 'newmedia:%lld'", id),
		(long long)n, "one audit line per history line");
	tap_int(store_nm_refuse(st, "admin", id3, "不符合集约化要求", NULL), 0,
		"refuse an application");
	store_nm_get(st, a, id3, &acc);
	tap_int(acc.status, NM_REFUSED, "未获批准");
	f = fields(gov, NM_WEIBO, "示例微博");
	tap_int(store_nm_register(st, "clerk", &f, NULL, NULL), 0,
		"a refused name may be applied for again");
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("newmedia");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_flow(st, gov, dept);
	store_close(st);
	return tap_done();
}
