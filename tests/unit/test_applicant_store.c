/* test_applicant_store.c: the applicant area of the store (store/applicant.h) on both engines:
 * the outbox rows written with the events, two claimers (two connections, two threads) never
 * taking the same row, backoff, give-up and stale claims; the 补正 submitted online (state
 * checks, the period, once, the clock restarted); the rating (after the reply, once, reasons);
 * the mail settings; and every refused write leaving the database as it was. */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "log.h"
#include "store/applicant.h"
#include "store/public.h"
#include "store/requests.h"
#include "store_test.h"
#include "tap.h"
#include "web/mail_send.h"

#include <pthread.h>

static struct calendar *cal;
static struct store *st;
static const char *target;
static long long gov;
static zf_day today;

/* An online application with an e-mail (or none), received today. */
static long long apply(const char *name, const char *email)
{
	struct request_new rq = {.agency_id = gov,
				 .applicant_type = REPORT_COL_NATURAL_PERSON,
				 .applicant_name = name,
				 .phone = "13900000000",
				 .description = "申请公开某项目清单"};
	struct application_details d = {.id_type = APPLICANT_ID_RESIDENT,
					.email = email,
					.form = PROVISION_ELECTRONIC,
					.delivery = email ? DELIVERY_EMAIL : DELIVERY_POST};
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = today, .channel = CLOCK_ONLINE};
	long long id = 0;
	struct buf err = BUF_INIT;
	if (store_application_add(st, "public", cal, &rq, &d, &ev, 1, &id, &err))
		BUG("apply: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static int event(long long id, const struct clock_event *ev)
{
	struct buf err = BUF_INIT;
	int rc = store_request_event(st, "clerk", cal, id, ev, NULL, &err);
	if (rc)
		tap_ok(false, "event refused: %s", buf_cstr(&err));
	buf_free(&err);
	return rc;
}

static long long count(const char *sql)
{
	return store_test_int(st, sql);
}

/* The database's dump, to compare before and after a refused write. */
static char *dump(void)
{
	struct buf b = BUF_INIT;
	if (store_test_dump(st, &b))
		BUG("dump");
	return buf_detach(&b, NULL);
}

static void unchanged(char *before, const char *what)
{
	char *after = dump();
	tap_ok(!strcmp(before, after), "%s: the database is unchanged", what);
	free(before);
	free(after);
}

/* ---------------------------------------------------------------- outbox */

static void test_enqueue(struct arena *a)
{
	long long none = apply("无邮箱", NULL);
	tap_int(count("SELECT count(*) FROM mail_outbox"), 0, "no e-mail given: nothing queued");
	long long id = apply("张三", "zhangsan@example.com");
	tap_int(count("SELECT count(*) FROM mail_outbox"), 1,
		"an application with an e-mail: one row");
	struct mail_row *rows;
	size_t n;
	tap_int(store_mail_list(st, a, NULL, 0, &rows, &n), 0, "the outbox lists");
	tap_ok(n == 1 && !strcmp(rows[0].state, "queued") && rows[0].request_id == id &&
		   !strcmp(rows[0].to, "zhangsan@example.com") && rows[0].agency_id == gov,
	       "queued, for the request and the address");
	tap_ok(n == 1 && strstr(rows[0].subject, "已收到") && strstr(rows[0].body, "查询码："),
	       "the subject says received; the body gives the query code");
	struct clock_event sup = {
	    .kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today, .until = today + 10};
	event(id, &sup);
	event(none, &sup);
	tap_int(count("SELECT count(*) FROM mail_outbox"), 2,
		"the 补正 notice queues one more row");
	/* an event the clock refuses writes no row either */
	char *before = dump();
	struct buf err = BUF_INIT;
	tap_ok(store_request_event(st, "clerk", cal, id, &sup, NULL, &err) == ZF_ESTATE,
	       "a second 补正 notice is refused");
	buf_free(&err);
	unchanged(before, "a refused event");
}

struct claimer {
	const char *name;
	struct store *st;
	long long got[200];
	size_t n;
	int rc;
};

static void *claim_all(void *arg)
{
	struct claimer *c = arg;
	struct arena *a = arena_new(0);
	for (;;) {
		struct mail_row *rows;
		size_t n = 0;
		c->rc = store_mail_claim(c->st, a, c->name, time(NULL), 3, &rows, &n);
		if (c->rc || !n)
			break;
		for (size_t i = 0; i < n && c->n < ARRAY_SIZE(c->got); i++)
			c->got[c->n++] = rows[i].id;
	}
	arena_free(a);
	return NULL;
}

static void test_claims(struct arena *a)
{
	/* 60 more rows to share out */
	for (int i = 0; i < 60; i++)
		if (store_test_int(st,
				   "INSERT INTO mail_outbox (kind, to_addr, subject, body) VALUES"
				   " ('received', 'a@example.com', 's', 'b') RETURNING id") <= 0)
			BUG("insert");
	long long queued = count("SELECT count(*) FROM mail_outbox WHERE state = 'queued'");
	struct store *st2 = store_test_open(target);
	if (!st2)
		BUG("second connection");
	/* interleaved by hand: each claim takes a row the other did not */
	struct mail_row *r1, *r2;
	size_t n1, n2;
	tap_int(store_mail_claim(st, a, "one", time(NULL), 1, &r1, &n1), 0, "claimer one claims");
	tap_int(store_mail_claim(st2, a, "two", time(NULL), 1, &r2, &n2), 0, "claimer two claims");
	tap_ok(n1 == 1 && n2 == 1 && r1[0].id != r2[0].id && !strcmp(r1[0].state, "sending"),
	       "one row each, not the same");
	tap_int(store_mail_settle(st2, r1[0].id, "two", true, NULL, time(NULL)), ZF_ESTATE,
		"only the claimer settles its row");
	tap_int(store_mail_settle(st, r1[0].id, "one", true, NULL, time(NULL)), 0, "sent");
	tap_int(store_mail_settle(st2, r2[0].id, "two", true, NULL, time(NULL)), 0, "sent");

	/* two threads, two connections, claiming until nothing is left */
	struct claimer c[2] = {{.name = "thread-a", .st = st}, {.name = "thread-b", .st = st2}};
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, claim_all, &c[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	tap_ok(c[0].rc == 0 && c[1].rc == 0, "both claimers ran without error (%d, %d)", c[0].rc,
	       c[1].rc);
	bool disjoint = true;
	for (size_t i = 0; i < c[0].n; i++)
		for (size_t j = 0; j < c[1].n; j++)
			disjoint &= c[0].got[i] != c[1].got[j];
	tap_ok(disjoint, "two claimers never took the same row (%zu and %zu rows)", c[0].n, c[1].n);
	tap_int((long long)(c[0].n + c[1].n), queued - 2, "together they took every queued row");
	tap_int(count("SELECT count(*) FROM mail_outbox WHERE state = 'sending' AND"
		      " claimed_by IN ('thread-a', 'thread-b')"),
		queued - 2, "each row is marked with its claimer");

	struct mail_row *rows;
	size_t n;
	/* a claimer that died: its rows come back after MAIL_CLAIM_STALE */
	long long stuck = count("SELECT count(*) FROM mail_outbox WHERE state = 'sending'");
	tap_ok(stuck > 0, "rows left in sending by the threads (%lld)", stuck);
	time_t now = time(NULL) + MAIL_CLAIM_STALE + 60;
	store_mail_claim(st2, a, "late", now, 1000, &rows, &n);
	tap_int((long long)n, stuck, "a stale claim is given back and claimed anew");

	/* failure, backoff, give up */
	long long id =
	    store_test_int(st, "INSERT INTO mail_outbox (kind, to_addr, subject, body)"
			       " VALUES ('replied', 'b@example.com', 's', 'b') RETURNING id");
	const char *who = "late";
	store_mail_claim(st, a, who, now, 10, &rows, &n);
	tap_ok(n == 1 && rows[0].id == id, "a new row is claimed alone (the rest are taken)");
	tap_int(
	    store_mail_settle(st, id, who, false, "无法连接邮件服务器（Connection refused）", now),
	    0, "a failure is recorded");
	char *q = xasprintf("SELECT count(*) FROM mail_outbox WHERE id = %lld AND state = 'queued'"
			    " AND attempts = 1 AND last_error LIKE '无法连接%%'",
			    id);
	tap_int(count(q), 1, "the row is queued again with its error");
	free(q);
	store_mail_claim(st, a, "x", now, 100, &rows, &n);
	tap_int((long long)n, 0, "not before its backoff");
	for (int attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
		now += 3600 * 3;
		store_mail_claim(st, a, "x", now, 100, &rows, &n);
		bool found = false;
		for (size_t i = 0; i < n; i++) {
			found |= rows[i].id == id;
			if (rows[i].id == id)
				store_mail_settle(st, id, "x", false, "timeout", now);
			else
				store_mail_settle(st, rows[i].id, "x", true, NULL, now);
		}
		tap_ok(found, "claimed again after its backoff (attempt %d)", attempt);
	}
	q = xasprintf("SELECT count(*) FROM mail_outbox WHERE id = %lld AND state = 'failed'"
		      " AND attempts = %d",
		      id, MAIL_MAX_ATTEMPTS);
	tap_int(count(q), 1, "after %d attempts the row stays failed", MAIL_MAX_ATTEMPTS);
	free(q);

	long long counts[4];
	tap_int(store_mail_counts(st, counts), 0, "counts per state");
	tap_int(counts[3], 1, "one failed");
	store_close(st2);
}

static void test_settings(struct arena *a)
{
	struct mail_settings s;
	tap_int(store_mail_settings_get(st, a, &s), 0, "settings read before any were set");
	tap_ok(!*s.host && s.port == 25, "no host: not configured");
	struct mail_send_stats stats;
	tap_int(mail_send_due(st, "t", 10, &stats), 0, "a pass without settings");
	tap_ok(!stats.configured && !stats.sent, "sends nothing and says so");
	char *before = dump();
	struct buf err = BUF_INIT;
	struct mail_settings bad = {.host = "smtp example", .port = 25, .sender = "a@example.com"};
	tap_int(store_mail_settings_set(st, "admin", &bad, &err), ZF_EINVAL, "a host with a space");
	bad.host = "smtp.example.com";
	bad.port = 70000;
	tap_int(store_mail_settings_set(st, "admin", &bad, &err), ZF_EINVAL, "a port out of range");
	bad.port = 587;
	bad.sender = "nobody";
	tap_int(store_mail_settings_set(st, "admin", &bad, &err), ZF_EINVAL,
		"a sender that is no address");
	bad.sender = "a@example.com";
	bad.starttls = "maybe";
	tap_int(store_mail_settings_set(st, "admin", &bad, &err), ZF_EINVAL,
		"STARTTLS must be one of three");
	unchanged(before, "refused settings");
	bad.starttls = "required";
	tap_int(store_mail_settings_set(st, "admin", &bad, &err), 0, "good settings are kept");
	store_mail_settings_get(st, a, &s);
	tap_ok(!strcmp(s.host, "smtp.example.com") && s.port == 587 &&
		   !strcmp(s.starttls, "required") && !strcmp(s.updated_by, "admin"),
	       "and read back");
	struct mail_settings off = {.port = 25};
	tap_int(store_mail_settings_set(st, "admin", &off, &err), 0,
		"an empty host turns sending off");
	buf_free(&err);
}

/* ---------------------------------------------------------------- 补正 online */

static void test_supplement(struct arena *a)
{
	long long id = apply("李四", "lisi@example.com");
	struct buf err = BUF_INIT;
	char *before = dump();
	tap_int(store_supplement_submit(st, cal, id, "补充内容", 0, &err), ZF_ESTATE,
		"no 补正 asked: refused");
	tap_ok(err.len > 0, "with a reason: %s", buf_cstr(&err));
	unchanged(before, "补正 while processing");
	struct clock_event sup = {
	    .kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today, .until = today + 5};
	event(id, &sup);
	before = dump();
	tap_int(store_supplement_submit(st, cal, id, "", 0, &err), ZF_EINVAL, "an empty text");
	tap_int(store_supplement_submit(st, cal, id, "a\001b", 0, &err), ZF_EINVAL,
		"a control character");
	unchanged(before, "refused texts");
	long long mails = count("SELECT count(*) FROM mail_outbox");
	tap_int(store_supplement_submit(st, cal, id, "所需信息为2025年的清单。\n第二行", 0, &err),
		0, "the supplement is accepted");
	struct request_meta m;
	store_request_meta(st, a, id, &m);
	tap_str(m.state, "processing", "the request is processing again");
	zf_day due = cal_add_working_days(cal, today, 20);
	tap_int(m.due_on, due, "the period restarts from today (条例第三十条)");
	struct supplement s;
	tap_int(store_supplement_get(st, a, id, &s), 0, "the supplement is kept");
	tap_ok(s.event_seq == 3 && !strcmp(s.text, "所需信息为2025年的清单。\n第二行"),
	       "with its text and its event");
	char *q =
	    xasprintf("SELECT count(*) FROM request_events WHERE request_id = %lld AND seq = 3"
		      " AND kind = 'supplement_received'",
		      id);
	tap_int(count(q), 1, "the event is 收到补正, dated today");
	free(q);
	tap_int(count("SELECT count(*) FROM mail_outbox"), mails + 1, "and the applicant is told");
	tap_int(count("SELECT count(*) FROM audit_log WHERE action = 'request.supplement_online'"
		      " AND detail NOT LIKE '%清单%'"),
		1, "audited, without the text");
	before = dump();
	tap_int(store_supplement_submit(st, cal, id, "再次补正", 0, &err), ZF_ESTATE,
		"twice: refused");
	tap_ok(strstr(buf_cstr(&err), "不能重复") != NULL, "saying so: %s", buf_cstr(&err));
	unchanged(before, "a second 补正");

	/* the period given ended before today */
	long long late = apply("王五", NULL);
	struct clock_event sup2 = {.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today, .until = today};
	event(late, &sup2);
	before = dump();
	tap_int(store_supplement_submit(st, cal, late, "迟到的补正", today + 1, &err), ZF_ESTATE,
		"after the 补正期限: refused");
	tap_ok(strstr(buf_cstr(&err), "补正期限已于") != NULL, "naming the period: %s",
	       buf_cstr(&err));
	unchanged(before, "a late 补正");
	tap_int(store_supplement_submit(st, cal, 999999, "x", 0, &err), ZF_ENOENT,
		"no such request");
	buf_free(&err);
}

/* ---------------------------------------------------------------- 好差评 */

static void test_rating(struct arena *a)
{
	long long id = apply("赵六", "zhaoliu@example.com");
	struct buf err = BUF_INIT;
	const char *reasons[] = {"unclear", "late"};
	char *before = dump();
	tap_int(store_rating_add(st, id, RATING_GOOD, NULL, 0, NULL, &err), ZF_ESTATE,
		"before the reply: refused");
	unchanged(before, "a rating before the reply");
	struct clock_event reply = {.kind = CLOCK_REPLIED, .on = today, .decision = "granted"};
	event(id, &reply);
	before = dump();
	tap_int(store_rating_add(st, id, 0, NULL, 0, NULL, &err), ZF_EINVAL, "level 0");
	tap_int(store_rating_add(st, id, 6, NULL, 0, NULL, &err), ZF_EINVAL, "level 6");
	tap_int(store_rating_add(st, id, RATING_BAD, NULL, 0, NULL, &err), ZF_EINVAL,
		"不满意 without a reason");
	tap_int(store_rating_add(st, id, RATING_GOOD, reasons, 1, NULL, &err), ZF_EINVAL,
		"满意 with a reason");
	const char *bogus[] = {"bogus"};
	tap_int(store_rating_add(st, id, RATING_BAD, bogus, 1, NULL, &err), ZF_EINVAL,
		"an unknown reason");
	const char *twice[] = {"late", "late"};
	tap_int(store_rating_add(st, id, RATING_BAD, twice, 2, NULL, &err), ZF_EINVAL,
		"a reason twice");
	unchanged(before, "refused ratings");
	tap_int(store_rating_add(st, id, RATING_BAD, reasons, 2, "答复不够清楚", &err), 0,
		"不满意 with two reasons and a comment");
	struct rating r;
	tap_int(store_rating_get(st, a, id, &r), 0, "the rating is kept");
	tap_ok(r.level == RATING_BAD && !strcmp(r.reasons, "late,unclear") &&
		   !strcmp(r.comment, "答复不够清楚"),
	       "with its level, reasons (in list order) and comment");
	tap_str(rating_level_label(r.level), "不满意", "its label");
	before = dump();
	tap_int(store_rating_add(st, id, RATING_VERY_GOOD, NULL, 0, NULL, &err), ZF_ESTATE,
		"a second rating: refused");
	tap_ok(strstr(buf_cstr(&err), "只能评价一次") != NULL, "saying so: %s", buf_cstr(&err));
	unchanged(before, "a second rating");

	long long id2 = apply("钱七", NULL);
	event(id2, &reply);
	tap_int(store_rating_add(st, id2, RATING_VERY_GOOD, NULL, 0, "", &err), 0, "非常满意");
	struct rating_summary *sum;
	size_t n;
	long long ags[] = {gov, gov + 1};
	tap_int(store_rating_summary(st, a, ags, 2, &sum, &n), 0, "the summary");
	tap_ok(n == 1 && sum[0].agency_id == gov && sum[0].count[0] == 2 &&
		   sum[0].count[RATING_BAD] == 1 && sum[0].count[RATING_VERY_GOOD] == 1 &&
		   sum[0].agency_name && *sum[0].agency_name,
	       "counts per level of the agency rated, none for the other");
	tap_int(count("SELECT count(*) FROM audit_log WHERE action = 'request.rating'"), 2,
		"each rating audited");
	buf_free(&err);
}

/* ---------------------------------------------------------------- the message */

static void test_message(void)
{
	struct mail_row m = {.id = 7,
			     .to = "zhangsan@example.com",
			     .subject = "【示例区人民政府】您的政府信息公开申请已答复",
			     .body = "第一行\n第二行\n"};
	struct buf out = BUF_INIT;
	tap_int(mail_message_build("noreply@example.gov", &m, 0, &out), 0, "a message is built");
	const char *s = buf_cstr(&out);
	tap_ok(strstr(s, "Subject: =?UTF-8?B?") && strstr(s, "?=\r\n =?UTF-8?B?"),
	       "the subject is RFC 2047 encoded and folded");
	tap_ok(strstr(s, "Date: Thu, 01 Jan 1970 08:00:00 +0800\r\n") != NULL, "dated in UTC+8");
	tap_ok(strstr(s, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
			 "base64\r\n") != NULL,
	       "a UTF-8 text body in base64");
	/* 第一行\r\n第二行\r\n */
	tap_ok(strstr(s, "\r\n\r\n56ys5LiA6KGMDQrnrKzkuozooYwNCg==\r\n") != NULL,
	       "the body with CRLF line ends");
	buf_reset(&out);
	m.to = "a@example.com\r\nBcc: x@evil.example";
	tap_int(mail_message_build("noreply@example.gov", &m, 0, &out), ZF_EINVAL,
		"an address that would break a header is refused");
	/* found by fuzz_mail: an over-long or non-ASCII address made a header line over 998 */
	char long_to[400];
	memset(long_to, 'a', sizeof(long_to) - 1);
	long_to[sizeof(long_to) - 1] = '\0';
	long_to[10] = '@';
	buf_reset(&out);
	m.to = long_to;
	tap_int(mail_message_build("noreply@example.gov", &m, 0, &out), ZF_EINVAL,
		"an address over 254 characters is refused");
	buf_reset(&out);
	m.to = "\xff\xfe@example.com";
	tap_int(mail_message_build("noreply@example.gov", &m, 0, &out), ZF_EINVAL,
		"so is one with bytes beyond ASCII");
	buf_reset(&out);
	mail_header_encode(&out, "plain subject");
	tap_str(buf_cstr(&out), "plain subject", "ASCII stays as it is");
	buf_free(&out);
}

int main(void)
{
	struct buf err = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	log_set_level(LOG_ERROR);
	printf("# engine: %s\n", store_test_engine());
	today = date_today();
	bool seeded = false;
	target = store_test_target("applicant");
	st = target ? store_test_open(target) : NULL;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("store");
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t n;
	store_agency_list(st, a, &ag, &n);
	if (!n)
		BUG("agencies");
	gov = ag[0].id;
	test_enqueue(a);
	test_claims(a);
	test_settings(a);
	test_supplement(a);
	test_rating(a);
	test_message();
	arena_free(a);
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	return tap_done();
}
