/* test_oversight_store.c: the oversight metrics (store/oversight.h) on both engines
 * (store_test.h), on synthetic requests with known histories (补正, 征求意见, 延期, late and
 * timely replies, a withdrawal, open and overdue ones), review and litigation cases and site
 * findings: every figure equals a direct SQL count or the value the history was built to
 * have (working days to reply with the paused time left out); the subtree is the sum of its
 * agencies; 督办 lists the overdue request and records a reminder (audited, mailed to the
 * agency's address), refuses one out of scope or with a bad note leaving the database
 * unchanged; the 政府网站工作年度报表's counted items equal direct counts and its manual
 * items are stored, checked and refused as documented. */
#include "common.h"
#include "arena.h"
#include "demo/consult.h"
#include "demo/docs.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "law/decision.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/driver.h"
#include "store/messages.h"
#include "store/oversight.h"
#include "store/requests.h"
#include "store/website_report.h"
#include "store_test.h"
#include "tap.h"

static struct calendar *cal;
static zf_day today, q3_from, q3_to;

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static zf_day wd(zf_day from, int n)
{
	return cal_add_working_days(cal, from, n);
}

static long long add(struct store *st, long long agency, const struct clock_event *ev, size_t n)
{
	struct request_new rq = {agency, REPORT_COL_NATURAL_PERSON,	"李四", NULL, NULL,
				 NULL,	 "请公开本单位2026年度部门预算"};
	struct buf err = BUF_INIT;
	long long id = 0;
	if (store_request_add(st, "clerk", cal, &rq, ev, n, &id, &err))
		BUG("request: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static struct clock_event recv(zf_day on)
{
	return (struct clock_event){.kind = CLOCK_RECEIVED, .on = on, .channel = CLOCK_ONLINE};
}

static struct clock_event reply(zf_day on, const char *decision)
{
	return (struct clock_event){.kind = CLOCK_REPLIED, .on = on, .decision = decision};
}

/* One count with the agencies' IN list written by the caller and ?1 ?2 the period. */
static long long sql_count(struct store *st, const char *sql, zf_day from, zf_day to)
{
	struct db_stmt *s;
	if (db_prepare(st, sql, &s))
		BUG("prepare %s", sql);
	int np = db_param_count(s);
	if (np >= 1)
		db_bind_day(s, 1, from);
	if (np >= 2)
		db_bind_day(s, 2, to);
	long long v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
	db_finish(s);
	return v;
}

struct tree {
	long long root, d1, d2;
};

/* The expected figures of the histories added by seed(), per agency. */
struct expect {
	long long received, replied, on_time, days, open, overdue;
};
static struct expect ex_root, ex_d1, ex_d2;

static void seed(struct store *st, const struct tree *t)
{
	zf_day r = day("2026-07-01");
	/* A: replied after 10 working days, granted */
	struct clock_event a[] = {recv(r), reply(wd(r, 10), "granted")};
	long long ida = add(st, t->d1, a, 2);
	/* B: replied after 25 working days: late */
	struct clock_event b[] = {recv(r), reply(wd(r, 25), "withheld_state_secret")};
	long long idb = add(st, t->d1, b, 2);
	/* C: a consultation of 10 working days, replied on day 28: on time, 18 days ran */
	struct clock_event c[] = {recv(r),
				  {.kind = CLOCK_CONSULTATION_STARTED,
				   .on = wd(r, 3),
				   .party = CLOCK_THIRD_PARTY,
				   .who = "某置业有限公司"},
				  {.kind = CLOCK_CONSULTATION_ANSWERED,
				   .on = wd(r, 13),
				   .party = CLOCK_THIRD_PARTY,
				   .who = "某置业有限公司"},
				  reply(wd(r, 28), "partially_granted")};
	long long idc = add(st, t->d1, c, 4);
	/* E: 补正 asked on day 2, received on day 12; replied 5 working days later */
	zf_day s = wd(r, 12);
	struct clock_event e[] = {
	    recv(r),
	    {.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = wd(r, 2), .until = wd(r, 17)},
	    {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = s},
	    reply(wd(s, 5), "granted")};
	add(st, t->d1, e, 4);
	/* K: withdrawn after 3 working days */
	zf_day rk = day("2026-08-10");
	struct clock_event k[] = {recv(rk), {.kind = CLOCK_WITHDRAWN, .on = wd(rk, 3)}};
	add(st, t->d1, k, 2);
	/* G: open since 1 September: overdue today */
	struct clock_event g[] = {recv(day("2026-09-01"))};
	add(st, t->d1, g, 1);
	ex_d1 = (struct expect){.received = 6,
				.replied = 5,
				.on_time = 4,
				.days = 10 + 25 + 18 + 5 + 3,
				.open = 1,
				.overdue = 1};

	/* F (D2): extended by 15 working days, replied on day 30: on time */
	zf_day rf = day("2026-08-03");
	struct clock_event f[] = {
	    recv(rf),
	    {.kind = CLOCK_EXTENSION_APPROVED, .on = wd(rf, 15), .days = 15, .approver = "王主任"},
	    reply(wd(rf, 30), "unavailable_not_held")};
	add(st, t->d2, f, 3);
	/* H (D2): open, received this week */
	struct clock_event h[] = {recv(day("2026-11-16"))};
	add(st, t->d2, h, 1);
	ex_d2 = (struct expect){.received = 1, .replied = 1, .on_time = 1, .days = 30, .open = 1};

	/* I (root): received before the quarter, replied in it */
	zf_day ri = day("2026-06-15");
	struct clock_event i[] = {recv(ri), reply(day("2026-07-10"), "granted")};
	add(st, t->root, i, 2);
	/* J (root): received and replied after the quarter */
	struct clock_event j[] = {recv(day("2026-10-12")), reply(day("2026-10-20"), "granted")};
	add(st, t->root, j, 2);
	int ran = cal_count_working_days(cal, ri, day("2026-07-10"));
	ex_root = (struct expect){
	    .received = 0, .replied = 1, .on_time = day("2026-07-10") <= wd(ri, 20), .days = ran};
	tap_ok(ran > 10 && ran < 25, "request I ran %d working days", ran);

	/* review and litigation cases */
	struct buf err = BUF_INIT;
	long long rv = 0;
	struct review_new n1 = {ida, REPORT_T4_REVIEW, day("2026-08-01"), "示例市人民政府"};
	struct review_new n2 = {idb, REPORT_T4_LITIGATION_DIRECT, day("2026-08-20"),
				"示例区人民法院"};
	struct review_new n3 = {idc, REPORT_T4_REVIEW, day("2026-08-25"), "示例市人民政府"};
	if (store_review_add(st, "clerk", &n1, &rv, &err) ||
	    store_review_decide(st, "clerk", rv, REPORT_T4_CORRECTED, day("2026-09-10"), &err) ||
	    store_review_add(st, "clerk", &n2, &rv, &err) ||
	    store_review_decide(st, "clerk", rv, REPORT_T4_UPHELD, day("2026-09-15"), &err) ||
	    store_review_add(st, "clerk", &n3, &rv, &err) ||
	    store_review_decide(st, "clerk", rv, REPORT_T4_CORRECTED, day("2026-10-05"), &err))
		BUG("review: %s", buf_cstr(&err));
	buf_free(&err);

	/* site findings (test data written directly): D1 one veto and two deduct open, one
	 * closed; one of no known agency (counted for the root) */
	char sql[2048];
	snprintf(sql, sizeof(sql),
		 "INSERT INTO integrity_findings (fkey, rule_id, category, severity, agency_id,"
		 " first_seen, last_seen, status, closed_at) VALUES"
		 " ('k1', 'r', 'wording', 'veto', %lld, '2026-09-01T01:00:00Z',"
		 " '2026-11-01T01:00:00Z', 'open', NULL),"
		 " ('k2', 'r', 'link.broken', 'deduct', %lld, '2026-09-01T01:00:00Z',"
		 " '2026-11-01T01:00:00Z', 'open', NULL),"
		 " ('k3', 'r', 'link.broken', 'deduct', %lld, '2026-09-02T01:00:00Z',"
		 " '2026-11-01T01:00:00Z', 'open', NULL),"
		 " ('k4', 'r', 'wording', 'veto', %lld, '2026-03-01T01:00:00Z',"
		 " '2026-04-01T01:00:00Z', 'closed', '2026-04-01T01:00:00Z'),"
		 " ('k5', 'r', 'spam', 'veto', 0, '2025-12-30T01:00:00Z',"
		 " '2026-11-01T01:00:00Z', 'open', NULL),"
		 " ('k6', 'r', 'spam', 'suspect', %lld, '2026-10-30T01:00:00Z',"
		 " '2026-11-01T01:00:00Z', 'open', NULL)",
		 t->d1, t->d1, t->d1, t->d1, t->d2);
	if (db_exec(st, sql))
		BUG("findings");
}

static void check_agency(struct store *st, const char *name, long long id, bool subtree,
			 const struct expect *ex, const long long *ids, size_t nids)
{
	struct oversight_metrics m;
	int rc = store_oversight_metrics(st, cal, id, subtree, q3_from, q3_to, today, &m);
	tap_int(rc, 0, "%s: metrics", name);
	/* the IN list of the agencies */
	char in[256] = "";
	size_t len = 0;
	for (size_t i = 0; i < nids; i++)
		len += (size_t)snprintf(in + len, sizeof(in) - len, "%s%lld", i ? "," : "", ids[i]);
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM requests WHERE agency_id IN (%s)"
		 " AND received_on >= ?1 AND received_on <= ?2",
		 in);
	tap_int(m.req_received, sql_count(st, sql, q3_from, q3_to), "%s: received = SQL", name);
	tap_int(m.req_received, ex->received, "%s: received as built", name);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM requests WHERE agency_id IN (%s)"
		 " AND closed_on >= ?1 AND closed_on <= ?2",
		 in);
	tap_int(m.req_replied, sql_count(st, sql, q3_from, q3_to), "%s: 办结 = SQL", name);
	tap_int(m.req_replied, ex->replied, "%s: 办结 as built", name);
	tap_int(m.req_on_time, ex->on_time, "%s: on time as built", name);
	tap_int(m.req_days_sum, ex->days, "%s: working days, paused time left out", name);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM requests WHERE agency_id IN (%s) AND closed_on IS NULL", in);
	tap_int(m.req_open, sql_count(st, sql, 0, 0), "%s: open = SQL", name);
	tap_int(m.req_open, ex->open, "%s: open as built", name);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM requests WHERE agency_id IN (%s) AND closed_on IS NULL"
		 " AND due_on < ?1",
		 in);
	tap_int(m.req_overdue, sql_count(st, sql, today, 0), "%s: overdue = the kept due dates",
		name);
	tap_int(m.req_overdue, ex->overdue, "%s: overdue as built", name);
	/* outcomes by the report rows kept beside the requests */
	long long groups[6] = {0};
	snprintf(sql, sizeof(sql),
		 "SELECT report_row, count(*) FROM requests WHERE agency_id IN (%s)"
		 " AND closed_on >= ? AND closed_on <= ? GROUP BY report_row",
		 in);
	struct db_stmt *s;
	if (db_prepare(st, sql, &s))
		BUG("prepare");
	db_bind_day(s, 1, q3_from);
	db_bind_day(s, 2, q3_to);
	while (db_step(s) == DB_ROW) {
		const struct decision *d = decision_by_key(db_col_text(s, 0));
		groups[d ? d->group : DECISION_OTHER] += db_col_int(s, 1);
	}
	db_finish(s);
	tap_ok(m.req_granted == groups[DECISION_GRANTED] &&
		   m.req_partial == groups[DECISION_PARTIALLY_GRANTED] &&
		   m.req_withheld == groups[DECISION_WITHHELD] &&
		   m.req_unavailable == groups[DECISION_UNAVAILABLE] &&
		   m.req_not_handled == groups[DECISION_NOT_PROCESSED] &&
		   m.req_other == groups[DECISION_OTHER],
	       "%s: outcomes = SQL by report row (%lld %lld %lld %lld %lld %lld)", name,
	       m.req_granted, m.req_partial, m.req_withheld, m.req_unavailable, m.req_not_handled,
	       m.req_other);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM review_cases c JOIN requests r ON r.id = c.request_id"
		 " WHERE r.agency_id IN (%s) AND c.kind = 'review' AND c.decided_on >= ?1"
		 " AND c.decided_on <= ?2",
		 in);
	tap_int(m.reviews, sql_count(st, sql, q3_from, q3_to), "%s: reviews decided = SQL", name);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM review_cases c JOIN requests r ON r.id = c.request_id"
		 " WHERE r.agency_id IN (%s) AND c.kind = 'review' AND c.outcome = 'corrected'"
		 " AND c.decided_on >= ?1 AND c.decided_on <= ?2",
		 in);
	tap_int(m.reviews_corrected, sql_count(st, sql, q3_from, q3_to),
		"%s: reviews corrected = SQL", name);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM review_cases c JOIN requests r ON r.id = c.request_id"
		 " WHERE r.agency_id IN (%s) AND c.kind <> 'review' AND c.decided_on >= ?1"
		 " AND c.decided_on <= ?2",
		 in);
	tap_int(m.suits, sql_count(st, sql, q3_from, q3_to), "%s: suits decided = SQL", name);
	(void)subtree;
}

static void test_metrics(struct store *st, const struct tree *t)
{
	long long all[] = {t->root, t->d1, t->d2};
	check_agency(st, "D1", t->d1, false, &ex_d1, &t->d1, 1);
	check_agency(st, "D2", t->d2, true, &ex_d2, &t->d2, 1);
	check_agency(st, "root alone", t->root, false, &ex_root, &t->root, 1);
	struct expect sum = {
	    .received = ex_root.received + ex_d1.received + ex_d2.received,
	    .replied = ex_root.replied + ex_d1.replied + ex_d2.replied,
	    .on_time = ex_root.on_time + ex_d1.on_time + ex_d2.on_time,
	    .days = ex_root.days + ex_d1.days + ex_d2.days,
	    .open = ex_root.open + ex_d1.open + ex_d2.open,
	    .overdue = ex_root.overdue + ex_d1.overdue + ex_d2.overdue,
	};
	check_agency(st, "root subtree", t->root, true, &sum, all, 3);

	struct oversight_metrics m;
	store_oversight_metrics(st, cal, t->d1, false, q3_from, q3_to, today, &m);
	tap_int(m.reviews, 1, "D1: one review decided in the quarter");
	tap_int(m.reviews_corrected, 1, "D1: it corrected the reply");
	tap_int(m.suits, 1, "D1: one suit decided");
	tap_int(m.suits_corrected, 0, "D1: upheld");
	tap_int(m.findings_veto, 1, "D1: one open veto finding");
	tap_int(m.findings_deduct, 2, "D1: two open deduct findings");
	tap_ok(oversight_on_time_pct(&m) > 79.9 && oversight_on_time_pct(&m) < 80.1,
	       "D1: 80%% on time");
	tap_ok(oversight_avg_days(&m) > 12.19 && oversight_avg_days(&m) < 12.21,
	       "D1: 12.2 working days on average");
	store_oversight_metrics(st, cal, t->root, false, q3_from, q3_to, today, &m);
	tap_int(m.findings_veto, 1, "root: the finding of no known agency is the root's");
	store_oversight_metrics(st, cal, t->d2, false, q3_from, q3_to, today, &m);
	tap_int(m.findings_veto + m.findings_deduct, 0, "D2: a suspect finding is no deduction");
	store_oversight_metrics(st, cal, t->root, true, q3_from, q3_to, today, &m);
	tap_int(m.findings_veto, 2, "root subtree: both open veto findings");

	tap_int(store_oversight_metrics(st, cal, 999999, true, q3_from, q3_to, today, &m),
		ZF_ENOENT, "an unknown agency");
	tap_int(store_oversight_metrics(st, cal, t->d1, true, q3_to, q3_from, today, &m), ZF_EINVAL,
		"a period ending before it starts");
	/* the whole year: J (October) counts now */
	store_oversight_metrics(st, cal, t->root, false, day("2026-01-01"), day("2026-12-31"),
				today, &m);
	tap_int(m.req_received, 2, "root, the year: I and J received");
	tap_int(m.req_replied, 2, "root, the year: both replied");
}

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static void test_supervise(struct store *st, const struct tree *t)
{
	struct arena *a = arena_new(0);
	long long all[] = {t->root, t->d1, t->d2};
	struct oversight_item *v = NULL;
	size_t n = 0;
	bool known = true;
	tap_int(store_oversight_overdue(st, a, cal, all, 3, today, &v, &n, &known), 0, "督办 list");
	long long sqln = store_test_int(st, "SELECT count(*) FROM requests WHERE closed_on IS NULL"
					    " AND due_on < '2026-11-20'");
	long long nreq = 0;
	for (size_t i = 0; i < n; i++)
		nreq += v[i].kind == OVERSIGHT_REQUEST;
	tap_int(nreq, sqln, "every overdue request is listed");
	tap_int(nreq, 1, "one: G");
	const struct oversight_item *g = n ? &v[0] : NULL;
	tap_ok(g && g->agency_id == t->d1 && g->days_over > 20, "G of D1, %d working days over",
	       g ? g->days_over : -1);
	tap_ok(g && g->reminders == 0, "not reminded yet");

	/* the department's own list does not see the root's or D2's */
	tap_int(store_oversight_overdue(st, a, cal, &t->d2, 1, today, &v, &n, NULL), 0,
		"D2's list");
	nreq = 0;
	for (size_t i = 0; i < n; i++)
		nreq += v[i].kind == OVERSIGHT_REQUEST;
	tap_int(nreq, 0, "D2 has nothing overdue");

	/* a reminder: recorded, audited, mailed to D1's address */
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct agency_info ai;
	if (store_agency_get(st, a, t->d1, &ai))
		BUG("agency");
	ai.email = "jyj@example.gov.cn";
	if (store_agency_edit(st, "admin", &ai, &err))
		BUG("email: %s", buf_cstr(&err));
	long long gid = g ? g->id : 0, rid = 0, a0 = audits(st);
	long long mail0 = store_test_int(st, "SELECT count(*) FROM mail_outbox");
	int rc = store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_REQUEST, gid,
					"请于三个工作日内答复申请人", all, 3, today, &rid, &err);
	tap_int(rc, 0, "reminded: %s", buf_cstr(&err));
	tap_ok(rid > 0, "the reminder has an id");
	tap_int(audits(st) - a0, 1, "one audit line");
	tap_int(
	    store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'oversight.remind'"),
	    1, "its action is oversight.remind");
	tap_int(store_test_int(st, "SELECT count(*) FROM mail_outbox") - mail0, 1,
		"one e-mail queued");
	tap_int(store_test_int(st,
			       "SELECT count(*) FROM mail_outbox WHERE kind = 'oversight.remind'"
			       " AND to_addr = 'jyj@example.gov.cn'"),
		1, "to the agency's address");
	struct oversight_reminder *r = NULL;
	size_t nr = 0;
	tap_int(store_oversight_reminders(st, a, all, 3, OVERSIGHT_REQUEST, gid, 0, &r, &nr), 0,
		"the item's reminders");
	tap_ok(nr == 1 && !strcmp(r[0].created_by, "zhuguan") &&
		   !strcmp(r[0].note, "请于三个工作日内答复申请人") && r[0].mailed == 1 &&
		   r[0].days_over > 20 && r[0].agency_id == t->d1,
	       "who, the note, the days over, mailed");
	store_oversight_overdue(st, a, cal, all, 3, today, &v, &n, NULL);
	tap_ok(n && v[0].reminders == 1 && v[0].reminded_at[0], "the list shows it was reminded");

	/* refusals change nothing */
	buf_reset(&before);
	store_test_dump(st, &before);
	buf_reset(&err);
	rc = store_oversight_remind(st, "d2user", cal, OVERSIGHT_REQUEST, gid, "", &t->d2, 1, today,
				    NULL, &err);
	tap_int(rc, ZF_ENOENT, "out of scope: told as missing (%s)", buf_cstr(&err));
	char *big = malloc(3 * (OVERSIGHT_NOTE_MAX + 1) + 1);
	for (int i = 0; i <= OVERSIGHT_NOTE_MAX; i++)
		memcpy(big + 3 * i, "督", 3);
	big[3 * (OVERSIGHT_NOTE_MAX + 1)] = 0;
	buf_reset(&err);
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_REQUEST, gid, big, all, 3,
				       today, NULL, &err),
		ZF_EINVAL, "a note of %d characters: %s", OVERSIGHT_NOTE_MAX + 1, buf_cstr(&err));
	free(big);
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_REQUEST, gid, "\xff\xfe", all,
				       3, today, NULL, &err),
		ZF_EINVAL, "a note that is not UTF-8");
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_REQUEST, 987654, "", all, 3,
				       today, NULL, &err),
		ZF_ENOENT, "no such request");
	long long closed_id =
	    store_test_int(st, "SELECT min(id) FROM requests WHERE closed_on IS NOT NULL");
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_REQUEST, closed_id, "", all, 3,
				       today, NULL, &err),
		ZF_ENOENT, "a closed request is not overdue work");
	store_test_dump(st, &after);
	tap_ok(before.len == after.len && !memcmp(before.p, after.p, before.len),
	       "the refusals changed nothing");
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

static void test_website_report(struct store *st)
{
	bool seeded = false;
	tap_int(demo_docs_seed(st, &seeded), 0, "the demo catalogue");
	struct arena *a = arena_new(0);
	struct website_report wr;
	tap_int(store_website_report(st, a, cal, 2026, today, &wr), 0, "the 2026 report");
	const struct wr_item *it = wr_item_find("docs_catalogue");
	long long docs = store_test_int(st, "SELECT count(*) FROM docs WHERE state = 'published'"
					    " AND published_on LIKE '2026-%'");
	tap_ok(docs > 0, "the demo published %lld documents in 2026", docs);
	tap_int(atoll(wr.values[it - wr_items]), docs, "信息公开目录 = SQL");
	tap_ok(wr.automatic[it - wr_items], "counted by the platform");
	it = wr_item_find("interp_total");
	tap_int(atoll(wr.values[it - wr_items]),
		store_test_int(st, "SELECT count(*) FROM docs WHERE state = 'published'"
				   " AND interprets_id IS NOT NULL AND published_on LIKE '2026-%'"),
		"解读信息发布 = SQL");
	it = wr_item_find("sec_found");
	tap_int(atoll(wr.values[it - wr_items]),
		store_test_int(st, "SELECT count(*) FROM integrity_findings WHERE scope = 'site'"
				   " AND status <> 'dismissed' AND first_seen LIKE '2026-%'"),
		"发现问题 = SQL");
	tap_int(atoll(wr.values[it - wr_items]), 5,
		"five findings first seen in 2026 (not the one of 2025)");
	it = wr_item_find("sec_fixed");
	tap_int(atoll(wr.values[it - wr_items]), 1, "one fixed in 2026");
	it = wr_item_find("visitors");
	tap_str(wr.values[it - wr_items], "", "visits not filled in yet");
	tap_ok(!wr.automatic[it - wr_items], "a manual item");

	const char *keys[] = {"visitors", "docs_news", "svc_catalogue", "innovation"};
	const char *vals[] = {"123456", "40", "是", "开展无障碍浏览改造"};
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	long long a0 = audits(st);
	tap_int(store_website_report_set(st, "admin", 2026, keys, vals, 4, &err), 0,
		"manual items stored: %s", buf_cstr(&err));
	tap_int(audits(st) - a0, 1, "one audit line");
	store_website_report(st, a, cal, 2026, today, &wr);
	tap_str(wr.values[wr_item_find("visitors") - wr_items], "123456", "visits read back");
	tap_int(atoll(wr.values[wr_item_find("docs_total") - wr_items]), docs + 40,
		"总数 = 目录 + 政务动态");

	store_test_dump(st, &before);
	const struct {
		const char *key, *value, *why;
	} bad[] = {
	    {"docs_catalogue", "5", "a counted item"},
	    {"nonsense", "1", "an unknown item"},
	    {"visitors", "-3", "a negative number"},
	    {"visitors", "12abc", "not a number"},
	    {"visitors", "99999999999999", "too large"},
	    {"svc_catalogue", "也许", "neither 是 nor 否"},
	    {"innovation", "\xc3\x28", "not UTF-8"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *k2[] = {"visitors", bad[i].key}, *v2[] = {"1", bad[i].value};
		buf_reset(&err);
		tap_int(store_website_report_set(st, "admin", 2026, k2, v2, 2, &err), ZF_EINVAL,
			"refused, %s: %s", bad[i].why, buf_cstr(&err));
	}
	store_test_dump(st, &after);
	tap_ok(before.len == after.len && !memcmp(before.p, after.p, before.len),
	       "nothing stored half-way");

	int *years = NULL;
	size_t ny = 0;
	tap_int(store_website_report_publish(st, "admin", 2026, true), 0, "published");
	store_website_report_years(st, a, &years, &ny);
	tap_ok(ny == 1 && years[0] == 2026, "2026 is published");
	store_website_report_publish(st, "admin", 2026, false);
	store_website_report_years(st, a, &years, &ny);
	tap_int((long long)ny, 0, "withdrawn");
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

/* Messages through the messages area's store: one unanswered since July (three months and
 * more: a 单项否决 risk), one answered; the metrics take their figures, the 督办 list puts the
 * stale one first and a reminder is recorded on it. */
static void test_messages(struct store *st, const struct tree *t)
{
	struct buf err = BUF_INIT;
	char code[MESSAGE_CODE_LEN + 1];
	long long stale_id = 0, done_id = 0;
	struct message_new m = {.kind = MESSAGE_COMPLAINT,
				.agency_id = t->d1,
				.title = "小区门口道路破损长期无人维修",
				.body = "某某小区门口道路破损已有半年，请尽快安排维修。",
				.name = "王五",
				.phone = "13900000001",
				.email = "",
				.publish_ok = true,
				.received_on = day("2026-07-15")};
	tap_int(store_message_add(st, "public", cal, NULL, &m, &stale_id, code, &err), 0,
		"a message of July: %s", buf_cstr(&err));
	m.kind = MESSAGE_CONSULT;
	m.title = "义务教育入学材料咨询";
	m.body = "请问今年一年级入学需要准备哪些材料？";
	m.received_on = day("2026-08-03");
	tap_int(store_message_add(st, "public", cal, NULL, &m, &done_id, code, &err), 0,
		"a message of August: %s", buf_cstr(&err));
	tap_int(store_message_reply(st, "clerk", done_id, "请携带户口簿和房产证明。",
				    wd(day("2026-08-03"), 3), true, &err),
		0, "answered after 3 working days: %s", buf_cstr(&err));
	struct oversight_metrics om;
	struct message_stats ms;
	store_oversight_metrics(st, cal, t->d1, false, q3_from, q3_to, today, &om);
	store_message_stats(st, cal, t->d1, q3_from, q3_to, today, &ms);
	tap_ok(om.msg_known, "the messages area answers");
	tap_ok(om.msg.received == ms.received && om.msg.replied == ms.replied &&
		   om.msg.stale == ms.stale && om.msg.reply_days_sum == ms.reply_days_sum,
	       "D1's message figures are the messages area's");
	tap_int(om.msg.received, 2, "two messages received in the quarter");
	tap_int(om.msg.stale, 1, "one unanswered more than three months");
	store_oversight_metrics(st, cal, t->root, true, q3_from, q3_to, today, &om);
	tap_int(om.msg.stale, 1, "the root's subtree counts it");

	struct arena *a = arena_new(0);
	long long all[] = {t->root, t->d1, t->d2};
	struct oversight_item *v = NULL;
	size_t n = 0;
	bool known = false;
	store_oversight_overdue(st, a, cal, all, 3, today, &v, &n, &known);
	tap_ok(known, "the 督办 list has the messages");
	tap_ok(n && v[0].kind == OVERSIGHT_MESSAGE && v[0].id == stale_id && v[0].stale &&
		   v[0].agency_id == t->d1 && !strcmp(v[0].agency_name, "示例区人民政府办公室"),
	       "the stale message comes first, a 单项否决 risk, with its agency");
	long long rid = 0;
	buf_reset(&err);
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_MESSAGE, stale_id,
				       "请立即答复", all, 3, today, &rid, &err),
		0, "督办 the message: %s", buf_cstr(&err));
	tap_int(store_oversight_remind(st, "zhuguan", cal, OVERSIGHT_MESSAGE, done_id, "", all, 3,
				       today, NULL, &err),
		ZF_ENOENT, "an answered message is not overdue work");
	tap_int(store_oversight_remind(st, "d2", cal, OVERSIGHT_MESSAGE, stale_id, "", &t->d2, 1,
				       today, NULL, &err),
		ZF_ENOENT, "another agency's message is out of scope");
	struct oversight_reminder *r = NULL;
	size_t nr = 0;
	store_oversight_reminders(st, a, all, 3, OVERSIGHT_MESSAGE, stale_id, 0, &r, &nr);
	tap_ok(nr == 1 && r[0].kind == OVERSIGHT_MESSAGE && !strcmp(r[0].note, "请立即答复"),
	       "the reminder on the message is recorded");

	/* the website report counts them, and the consultations of the demo */
	bool seeded = false;
	tap_int(demo_seed_consult(st, today, &seeded), 0, "the demo consultations");
	struct website_report wr;
	store_website_report(st, a, cal, 2026, today, &wr);
	const struct wr_item *it = wr_item_find("msg_received");
	long long sum = 0;
	for (size_t i = 0; i < 3; i++) {
		store_message_stats(st, cal, all[i], day("2026-01-01"), day("2026-12-31"), today,
				    &ms);
		sum += ms.received;
	}
	tap_ok(wr.automatic[it - wr_items] && atoll(wr.values[it - wr_items]) == sum,
	       "收到留言数量 counted (%lld)", sum);
	it = wr_item_find("survey_rounds");
	tap_int(atoll(wr.values[it - wr_items]),
		store_test_int(st, "SELECT count(*) FROM consultations WHERE status <> 'draft'"
				   " AND opens_on LIKE '2026-%'"),
		"征集调查期数 = SQL");
	tap_ok(wr.automatic[it - wr_items], "counted by the platform");
	it = wr_item_find("interview_rounds");
	tap_int(atoll(wr.values[it - wr_items]),
		store_test_int(st, "SELECT count(*) FROM interviews WHERE status <> 'announced'"
				   " AND held_on LIKE '2026-%'"),
		"访谈期数 = SQL");
	arena_free(a);
	buf_free(&err);
}

int main(void)
{
	struct buf err = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	today = day("2026-11-20");
	q3_from = day("2026-07-01");
	q3_to = day("2026-09-30");
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("oversight");
	bool seeded = false;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("store");
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t n;
	store_agency_list(st, a, &ag, &n);
	if (n < 3)
		BUG("tree");
	struct tree t = {ag[0].id, ag[1].id, ag[2].id};
	seed(st, &t);
	test_metrics(st, &t);
	test_supervise(st, &t);
	test_website_report(st);
	test_messages(st, &t);
	arena_free(a);
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	return tap_done();
}
