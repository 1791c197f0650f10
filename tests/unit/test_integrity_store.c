/* test_integrity_store.c: the site-integrity store (store/integrity.h) on both engines
 * (store_test.h): rule-set versions (an invalid set refused with its line named, nothing
 * stored), the stable key of a finding, recording scans (upsert by key, closing what a
 * re-scan no longer sees, reopening what comes back, dismissed ones staying dismissed),
 * assigning and dismissing (audited, refusals changing nothing), the filters and paging,
 * the score card and its deductions, the lease of the scheduled scan. */
#include "common.h"
#include "arena.h"
#include "store/auth.h"
#include "store/db.h"
#include "store/driver.h"
#include "store/integrity.h"
#include "store_test.h"
#include "tap.h"

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static struct site_finding mk(const char *id, enum scan_sev sev, long long agency, const char *url,
			      const char *snippet, size_t start)
{
	struct site_finding f = {0};
	f.id = id;
	f.sev = sev;
	f.agency_id = agency;
	f.url = url;
	f.field = "body";
	f.snippet = snippet;
	f.start = start;
	f.end = start + strlen(snippet);
	f.message = "测试问题";
	return f;
}

static void test_pure(void)
{
	struct site_finding a = mk("wording.x", SCAN_VETO, 1, "/docs/1", "习进平", 10);
	struct site_finding b = a;
	b.start = 99, b.end = 108, b.context = "别的上下文", b.message = "改了说明";
	char ka[33], kb[33];
	integrity_finding_key(&a, ka);
	integrity_finding_key(&b, kb);
	tap_ok(strlen(ka) == 32 && !strcmp(ka, kb), "the key ignores offsets, context, message");
	b.snippet = "习近乎";
	integrity_finding_key(&b, kb);
	tap_ok(strcmp(ka, kb) != 0, "another snippet, another key");
	b = a, b.url = "/docs/2";
	integrity_finding_key(&b, kb);
	tap_ok(strcmp(ka, kb) != 0, "another place, another key");
	b = a, b.field = "title";
	integrity_finding_key(&b, kb);
	tap_ok(strcmp(ka, kb) != 0, "another field, another key");
	/* "a|b" + "c" and "a" + "b|c" must not collide: parts are NUL-separated */
	b = a, b.url = "/docs/1body", b.field = "";
	integrity_finding_key(&b, kb);
	tap_ok(strcmp(ka, kb) != 0, "parts do not run into each other");

	struct integrity_score s;
	memset(&s, 0, sizeof(s));
	struct integrity_count c1[] = {{"link.broken", SCAN_DEDUCT, 5}};
	integrity_score_compute(&s, c1, 1);
	tap_ok(s.score == 95.0 && s.pass && s.veto == 0 && s.open == 5, "5 broken links: 95 分");
	struct integrity_count c2[] = {{"link.broken", SCAN_DEDUCT, 30}};
	integrity_score_compute(&s, c2, 1);
	tap_ok(s.score == 80.0 && s.pass, "broken links capped at 20 分: %g", s.score);
	struct integrity_count c3[] = {{"wording", SCAN_VETO, 1}, {"spam", SCAN_SUSPECT, 4}};
	integrity_score_compute(&s, c3, 2);
	tap_ok(!s.pass && s.veto == 1 && s.score == 100.0 && s.open == 5,
	       "a veto fails at 100 分 (单项否决)");
	tap_int(s.per_cat[0], 1, "wording counted");
	tap_int(s.per_cat[1], 4, "spam counted");
	struct integrity_count c4[] = {{"link.broken", SCAN_DEDUCT, 40},
				       {"column", SCAN_DEDUCT, 10},
				       {"wording", SCAN_DEDUCT, 3},
				       {"other.thing", SCAN_DEDUCT, 1}};
	integrity_score_compute(&s, c4, 4);
	tap_ok(s.score == 100 - 20 - 30 - 6 - 1 && !s.pass, "below 60 fails: %g", s.score);
	tap_int(s.per_cat[INTEGRITY_NCATS], 1, "an unknown category counts as other");
	struct integrity_count c5[] = {{"column.stale", SCAN_DEDUCT, 2}};
	integrity_score_compute(&s, c5, 1);
	tap_ok(s.score == 90.0, "column.stale deducts as column: %g", s.score);
	tap_int(integrity_status_parse("open"), INTEGRITY_OPEN, "status key");
	tap_int(integrity_status_parse("误报"), INTEGRITY_DISMISSED, "status label");
	tap_int(integrity_status_parse("x"), -1, "bad status");
	tap_str(integrity_category_label("link.hidden"), "暗链", "category label");
}

static void test_rules(struct store *st)
{
	struct arena *a = arena_new(0);
	const char *text;
	size_t n;
	int64_t vid = -1;
	tap_int(store_integrity_rules_active(st, a, &text, &n, &vid), 0,
		"active on an empty store");
	tap_ok(text == NULL && vid == 0, "no version: the embedded default");

	struct buf before = BUF_INIT, after = BUF_INIT, err = BUF_INIT;
	store_test_dump(st, &before);
	const char *bad = "!version\t1\nwording.a\tveto\t习进平\t习近平\nwording.b\tbad\t攻府\n";
	int rc = store_integrity_rules_load(st, "admin", bad, strlen(bad), NULL, &err);
	tap_ok(rc == ZF_EPARSE && strstr(buf_cstr(&err), "第3行"), "invalid set refused: %s",
	       buf_cstr(&err));
	store_test_dump(st, &after);
	tap_ok(before.len == after.len && !memcmp(before.p, after.p, before.len),
	       "nothing stored, no audit line");

	const char *good = "!version\t2026.12-1\n!name\t测试规则\nwording.a\tveto\t习进平\t习近平\n"
			   "wording.b\tdeduct\t攻府\t政府\nspam.c\tveto\tbet365\n"
			   "allow.d\t\t李克强\t\t\t\t全名\n";
	long long id1 = 0, n0 = audits(st);
	buf_reset(&err);
	rc = store_integrity_rules_load(st, "admin", good, strlen(good), &id1, &err);
	tap_ok(rc == 0 && id1 > 0, "valid set loaded: %s", buf_cstr(&err));
	tap_int(audits(st), n0 + 1, "one audit line");
	tap_int(store_integrity_rules_active(st, a, &text, &n, &vid), 0, "active");
	tap_ok(vid == id1 && n == strlen(good) && !memcmp(text, good, n),
	       "the loaded set in force");
	const char *good2 = "!version\t2026.12-2\nwording.a\tveto\t习进平\t习近平\n";
	long long id2 = 0;
	tap_int(store_integrity_rules_load(st, "admin2", good2, strlen(good2), &id2, NULL), 0,
		"second version");
	int64_t only = 0;
	store_integrity_rules_active_id(st, &only);
	tap_ok(only == id2 && id2 > id1, "the newest is in force");
	struct integrity_ruleset *v;
	size_t nv;
	tap_int(store_integrity_rules_versions(st, a, &v, &nv), 0, "versions");
	tap_ok(nv == 2 && v[0].id == id2 && !strcmp(v[1].version, "2026.12-1") &&
		   !strcmp(v[1].name, "测试规则") && v[1].nrules == 4 &&
		   !strcmp(v[0].loaded_by, "admin2"),
	       "versions newest first with name, version and counts");
	tap_str(v[1].counts, "wording=2 spam=1 allow=1", "rules per category");
	struct integrity_ruleset one;
	tap_int(store_integrity_rules_get(st, a, id1, &one, &text, &n), 0, "get one version");
	tap_ok(n == strlen(good) && !memcmp(text, good, n), "its text");
	tap_int(store_integrity_rules_get(st, a, 9999, &one, &text, &n), ZF_ENOENT, "unknown");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

static struct integrity_finding *get_by_snippet(struct store *st, struct arena *a,
						const char *snippet)
{
	struct integrity_filter f = {.sev = -1, .status = -1, .limit = 100};
	struct integrity_finding *v;
	size_t n;
	long long total;
	if (store_integrity_findings(st, a, &f, &v, &n, &total))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].snippet, snippet))
			return &v[i];
	return NULL;
}

static void test_scans(struct store *st, long long gov, long long dept, long long other)
{
	struct arena *a = arena_new(0);
	struct site_findings f;
	site_findings_init(&f);
	struct site_finding x;
	x = mk("wording.a", SCAN_VETO, dept, "/docs/1", "习进平", 10);
	site_findings_add(&f, &x);
	site_findings_add(&f, &x); /* the same seen twice in one scan: one finding */
	x = mk("link.broken.internal", SCAN_DEDUCT, gov, "/", "/docs/404", 0);
	site_findings_add(&f, &x);
	x = mk("spam.c", SCAN_SUSPECT, other, "/agency/3", "bet365", 5);
	site_findings_add(&f, &x);

	long long s1 = 0, n0 = audits(st);
	tap_int(store_integrity_scan_begin(st, "admin", "site", false, 0, &s1), 0, "scan 1 begins");
	struct integrity_scan r;
	tap_int(store_integrity_scan_record(st, s1, &f, 12, "", &r), 0, "scan 1 recorded");
	tap_ok(r.nfound == 3 && r.nnew == 3 && r.nclosed == 0 && r.pages == 12,
	       "scan 1: 3 found, 3 new (%lld %lld %lld)", r.nfound, r.nnew, r.nclosed);
	tap_int(audits(st), n0 + 1, "one audit line for the record");
	tap_int(store_integrity_scan_record(st, s1, &f, 12, "", &r), ZF_ESTATE,
		"a scan is recorded once");
	tap_int(store_integrity_scan_record(st, 9999, &f, 12, "", &r), ZF_ENOENT, "unknown scan");
	struct integrity_finding *w = get_by_snippet(st, a, "习进平");
	tap_ok(w && w->status == INTEGRITY_OPEN && w->agency_id == dept && w->start == 10 &&
		   !strcmp(w->category, "wording") && w->sev == SCAN_VETO && w->closed_at == NULL,
	       "the wording finding stored open");
	const char *first = w ? w->first_seen : "";

	/* scan 2: the wording error moved, the broken link is gone, a new one appears */
	site_findings_free(&f);
	site_findings_init(&f);
	x = mk("wording.a", SCAN_VETO, dept, "/docs/1", "习进平", 40);
	site_findings_add(&f, &x);
	x = mk("spam.c", SCAN_SUSPECT, other, "/agency/3", "bet365", 5);
	site_findings_add(&f, &x);
	x = mk("pii.mobile", SCAN_DEDUCT, dept, "/docs/2", "138****0000", 0);
	site_findings_add(&f, &x);
	long long s2 = 0;
	store_integrity_scan_begin(st, NULL, "site", true, 0, &s2);
	tap_int(store_integrity_scan_record(st, s2, &f, 12, "附注", &r), 0, "scan 2 recorded");
	tap_ok(r.nfound == 3 && r.nnew == 1 && r.nclosed == 1, "scan 2: 1 new, 1 closed");
	w = get_by_snippet(st, a, "习进平");
	tap_ok(w && w->start == 40 && !strcmp(w->first_seen, first) && w->status == INTEGRITY_OPEN,
	       "matched by key: offsets updated, first seen kept");
	struct integrity_finding *l = get_by_snippet(st, a, "/docs/404");
	tap_ok(l && l->status == INTEGRITY_CLOSED && l->closed_at, "the gone one closed");

	/* dismiss the spam; scan 3 sees the broken link again and the spam, not the pii */
	struct integrity_finding *sp = get_by_snippet(st, a, "bet365");
	struct buf err = BUF_INIT;
	long long spam_id = sp ? sp->id : 0;
	tap_int(store_integrity_dismiss(st, "admin", spam_id, "", &err), ZF_EINVAL,
		"dismiss needs a reason: %s", buf_cstr(&err));
	n0 = audits(st);
	tap_int(store_integrity_dismiss(st, "admin", spam_id, "品牌名的合法引用", &err), 0,
		"dismissed");
	tap_int(audits(st), n0 + 1, "dismiss audited");
	tap_int(store_integrity_dismiss(st, "admin", spam_id, "again", &err), ZF_ESTATE,
		"dismissed once");
	site_findings_free(&f);
	site_findings_init(&f);
	x = mk("wording.a", SCAN_VETO, dept, "/docs/1", "习进平", 40);
	site_findings_add(&f, &x);
	x = mk("link.broken.internal", SCAN_DEDUCT, gov, "/", "/docs/404", 0);
	site_findings_add(&f, &x);
	x = mk("spam.c", SCAN_SUSPECT, other, "/agency/3", "bet365", 5);
	site_findings_add(&f, &x);
	long long s3 = 0;
	store_integrity_scan_begin(st, "admin", "site", false, 0, &s3);
	tap_int(store_integrity_scan_record(st, s3, &f, 12, "", &r), 0, "scan 3 recorded");
	tap_ok(r.nnew == 1 && r.nclosed == 1, "scan 3: the link reopened, the pii closed");
	l = get_by_snippet(st, a, "/docs/404");
	tap_ok(l && l->status == INTEGRITY_OPEN && !l->closed_at, "reopened");
	sp = get_by_snippet(st, a, "bet365");
	tap_ok(sp && sp->status == INTEGRITY_DISMISSED &&
		   !strcmp(sp->dismiss_reason, "品牌名的合法引用"),
	       "a dismissed finding stays dismissed");

	/* another scope is not closed by a site scan */
	long long g = 0;
	store_integrity_scan_begin(st, "admin", "gate", false, 0, &g);
	site_findings_free(&f);
	site_findings_init(&f);
	x = mk("wording.b", SCAN_DEDUCT, dept, "/console/docs/5", "攻府", 0);
	site_findings_add(&f, &x);
	store_integrity_scan_record(st, g, &f, 1, "", &r);
	long long s4 = 0;
	store_integrity_scan_begin(st, "admin", "site", false, 0, &s4);
	store_integrity_scan_record(st, s4, NULL, 0, "", &r);
	tap_ok(r.nclosed == 2, "an empty site scan closes the site's open findings (%lld)",
	       r.nclosed);
	w = get_by_snippet(st, a, "攻府");
	tap_ok(w && w->status == INTEGRITY_OPEN, "but not another scope's");
	struct integrity_scan *sv;
	size_t ns;
	tap_int(store_integrity_scans(st, a, 10, &sv, &ns), 0, "scans listed");
	tap_ok(ns == 5 && sv[0].id == s4 && sv[3].scheduled &&
		   !strcmp(sv[3].started_by, "scheduled") && !strcmp(sv[3].notes, "附注") &&
		   sv[3].finished_at,
	       "newest first, scheduled marked");
	const char *last = NULL;
	store_integrity_last_scan(st, a, "site", &last);
	tap_ok(last != NULL, "last finished site scan");
	buf_free(&err);
	site_findings_free(&f);
	arena_free(a);
}

static void test_work(struct store *st, long long gov, long long dept, long long other)
{
	struct arena *a = arena_new(0);
	/* fresh findings: reopen everything with one scan */
	struct site_findings f;
	site_findings_init(&f);
	struct site_finding x;
	for (int i = 0; i < 7; i++) {
		char snip[32];
		snprintf(snip, sizeof(snip), "坏链%d", i);
		x = mk("link.broken.internal", SCAN_DEDUCT, i < 5 ? dept : other, "/", snip, 0);
		site_findings_add(&f, &x);
	}
	x = mk("wording.a", SCAN_VETO, dept, "/docs/1", "习进平", 40);
	site_findings_add(&f, &x);
	x = mk("column.stale", SCAN_DEDUCT, gov, "/column/3", "通知公告", 0);
	site_findings_add(&f, &x);
	long long s = 0;
	struct integrity_scan r;
	store_integrity_scan_begin(st, "admin", "site", false, 0, &s);
	tap_int(store_integrity_scan_record(st, s, &f, 9, "", &r), 0, "work scan recorded");
	site_findings_free(&f);

	struct integrity_filter q = {.sev = -1, .status = INTEGRITY_OPEN, .category = "link."};
	struct integrity_finding *v;
	size_t n;
	long long total;
	tap_int(store_integrity_findings(st, a, &q, &v, &n, &total), 0,
		"filter by category prefix");
	tap_ok(total == 7 && n == 7, "7 open link findings (%lld)", total);
	q.category = "link.broken";
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 7, "an exact category");
	q.category = "link.bro";
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 0, "a part of a category is no prefix (only one ending in '.')");
	q.category = NULL;
	q.agency_id = gov;
	q.subordinates = true;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	/* 1 column + 5 links, the veto and the gate's finding of the department */
	tap_ok(total == 8, "the government with its subordinates: %lld", total);
	q.subordinates = false;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 1, "the government alone");
	long long within[] = {other};
	q.agency_id = 0;
	q.within = within;
	q.nwithin = 1;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 2, "within the reader's agencies");
	q.agency_id = dept;
	q.subordinates = true;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 0, "another's subtree cut by within");
	q = (struct integrity_filter){.sev = SCAN_VETO, .status = -1};
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_ok(total == 1 && n == 1 && !strcmp(v[0].snippet, "习进平"), "by severity");
	q = (struct integrity_filter){.sev = -1, .status = INTEGRITY_OPEN, .limit = 4, .offset = 8};
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_ok(total == 10 && n == 2, "paging: %zu of %lld", n, total);
	q.offset = 0;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_ok(n == 4 && v[0].sev == SCAN_VETO, "veto first");

	/* assign */
	long long uid = 0;
	struct buf err = BUF_INIT;
	tap_int(store_user_add(st, USER_OPERATOR("admin"), "clerk1", "经办人", dept,
			       "correct horse 12", 0, &uid, &err),
		0, "a user: %s", buf_cstr(&err));
	struct integrity_finding *w = get_by_snippet(st, a, "习进平");
	long long id = w ? w->id : 0;
	zf_day today = date_from_ymd(2026, 12, 7);
	long long n0 = audits(st);
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	buf_reset(&err);
	tap_int(store_integrity_assign(st, "admin", id, "nobody", 0, today + 5, today, &err),
		ZF_ENOENT, "unknown user refused: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_integrity_assign(st, "admin", id, "clerk1", 0, today - 1, today, &err),
		ZF_EINVAL, "a deadline in the past refused: %s", buf_cstr(&err));
	tap_int(store_integrity_assign(st, "admin", 99999, "clerk1", 0, today, today, &err),
		ZF_ENOENT, "unknown finding");
	store_test_dump(st, &after);
	tap_ok(before.len == after.len && !memcmp(before.p, after.p, before.len),
	       "refusals change nothing");
	tap_int(store_integrity_assign(st, "admin", id, "clerk1", 0, today + 5, today, &err), 0,
		"assigned");
	tap_int(audits(st), n0 + 1, "assign audited");
	w = get_by_snippet(st, a, "习进平");
	tap_ok(w && !strcmp(w->assignee, "clerk1") && w->assignee_agency == dept &&
		   w->due_on == today + 5 && !strcmp(w->assigned_by, "admin"),
	       "assignee, agency, deadline");
	q = (struct integrity_filter){.sev = -1, .status = -1, .overdue = today + 6};
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_ok(total == 1 && v[0].id == id, "overdue after its deadline");
	q.overdue = today + 5;
	store_integrity_findings(st, a, &q, &v, &n, &total);
	tap_int(total, 0, "not overdue on its deadline");
	struct integrity_finding *closed = get_by_snippet(st, a, "/docs/404");
	if (closed && closed->status == INTEGRITY_OPEN) /* closed by the work scan above */
		closed = NULL;
	tap_int(store_integrity_assign(st, "admin", closed ? closed->id : 0, "clerk1", 0, 0, today,
				       &err),
		closed ? ZF_ESTATE : ZF_ENOENT, "a closed finding cannot be assigned");

	/* the score card */
	struct integrity_score *sc;
	size_t ns;
	tap_int(store_integrity_scorecard(st, a, today + 6, NULL, 0, &sc, &ns), 0, "score card");
	const struct integrity_score *sg = NULL, *sd = NULL, *so = NULL;
	for (size_t i = 0; i < ns; i++) {
		if (sc[i].agency_id == gov)
			sg = &sc[i];
		if (sc[i].agency_id == dept)
			sd = &sc[i];
		if (sc[i].agency_id == other)
			so = &sc[i];
	}
	tap_ok(sg && sg->score == 95.0 && sg->pass && sg->open == 1,
	       "government: a stale column (-5), 95 分 (%g, %lld open)", sg ? sg->score : -1,
	       sg ? sg->open : -1);
	/* 5 broken links (-5) and the gate's wording finding (-2) */
	tap_ok(sd && !sd->pass && sd->veto == 1 && sd->score == 93.0 && sd->overdue == 1 &&
		   sd->nproblems >= 1 && strstr(sd->problems[0], "习进平"),
	       "department: a veto fails it, named first, overdue counted");
	tap_ok(so && so->pass && so->score == 98.0, "other: 2 broken links, 98 分");
	tap_int(store_integrity_scorecard(st, a, today, within, 1, &sc, &ns), 0, "within");
	tap_ok(ns == 1 && sc[0].agency_id == other, "only the reader's agencies");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(a);
}

static void test_lease(struct store *st)
{
	bool got = false;
	tap_int(store_integrity_lease(st, "site-scan", "A", 600, &got), 0, "lease A");
	tap_ok(got, "A holds it");
	store_integrity_lease(st, "site-scan", "B", 600, &got);
	tap_ok(!got, "B does not while A holds it");
	store_integrity_lease(st, "site-scan", "A", 600, &got);
	tap_ok(got, "A renews");
	tap_int(store_integrity_lease_release(st, "site-scan", "B"), 0, "B's release is a no-op");
	store_integrity_lease(st, "site-scan", "B", 600, &got);
	tap_ok(!got, "still A's");
	store_integrity_lease_release(st, "site-scan", "A");
	store_integrity_lease(st, "site-scan", "B", 600, &got);
	tap_ok(got, "B takes it once A let go");
	tap_int(db_exec(st, "UPDATE integrity_leases SET until_at = '2000-01-01T00:00:00Z'"), 0,
		"B's lease expires");
	store_integrity_lease(st, "site-scan", "A", 600, &got);
	tap_ok(got, "A takes an expired lease");
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("integrity");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0, other = 0;
	store_agency_add(st, 0, "某区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "区教育局", AGENCY_DEPARTMENT, &dept);
	store_agency_add(st, 0, "另一政府", AGENCY_GOVERNMENT, &other);
	test_rules(st);
	test_scans(st, gov, dept, other);
	test_work(st, gov, dept, other);
	test_lease(st);
	store_close(st);
	return tap_done();
}
