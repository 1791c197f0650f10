/* test_docs_expire.c: documents whose 有效期 has ended become 失效 by themselves
 * (store_doc_expire_due): from the day after the term, audited with the system actor, once
 * only, also when two servers run it at the same time; the demo catalogue has no valid
 * document past its term afterwards. zf-store-test-both-engines */
#include "common.h"
#include "arena.h"
#include "demo/docs.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static long long add(struct store *st, const char *title, const char *published, const char *until)
{
	struct doc_fields f = {0};
	f.agency_id = 1;
	f.title = title;
	f.summary = "";
	f.body = "";
	f.kind = DOC_KIND_NORMATIVE;
	f.written_on = day(published) - 5;
	f.valid_until = until ? day(until) : 0;
	struct buf err = BUF_INIT;
	long long id = 0;
	if (store_doc_insert_published(st, &f, day(published), NULL, DOC_VALID, 0, &id, &err))
		BUG("insert %s: %s", title, buf_cstr(&err));
	buf_free(&err);
	return id;
}

static struct store *fresh(const char *tag, const char **target)
{
	*target = store_test_target(tag);
	struct store *st = *target ? store_test_open(*target) : NULL;
	bool seeded;
	struct buf err = BUF_INIT;
	if (!st || demo_seed_agencies(st, &seeded) ||
	    store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err))
		BUG("open %s: %s", tag, buf_cstr(&err));
	buf_free(&err);
	return st;
}

static long long count(struct store *st, const char *sql)
{
	return store_test_int(st, sql);
}

static void test_expire(void)
{
	const char *target;
	struct store *st = fresh("expire", &target);
	long long past = add(st, "关于甲事项的暂行办法", "2020-03-01", "2025-02-28");
	long long yesterday = add(st, "关于乙事项的实施意见", "2021-06-01", "2026-12-05");
	long long today = add(st, "关于丙事项的管理办法", "2021-06-01", "2026-12-06");
	long long none = add(st, "关于丁事项的通知", "2022-01-10", NULL);
	struct buf err = BUF_INIT;
	long long repealed = add(st, "关于戊事项的规定", "2019-01-10", "2024-01-09");
	tap_int(store_doc_invalidate(st, "reviewer", repealed, DOC_REPEALED, day("2023-05-01"),
				     "依据某决定废止", &err),
		0, "one is repealed before its term ends");
	long long audits0 = count(st, "SELECT count(*) FROM audit_log");

	long long n = -1;
	tap_int(store_doc_expire_due(st, "system", day("2026-12-06"), &n), 0, "expire runs");
	tap_int(n, 2, "two documents past their term are expired");
	struct arena *a = arena_new(0);
	struct doc d;
	store_doc_get(st, a, past, &d);
	tap_int(d.validity, DOC_EXPIRED, "the old one shows 失效");
	tap_int(d.invalid_on, day("2025-03-01"), "from the day after its term");
	tap_str(d.invalid_reason, "有效期届满，自动失效", "with a Chinese reason");
	store_doc_get(st, a, yesterday, &d);
	tap_int(d.validity, DOC_EXPIRED, "a term that ended yesterday is over");
	tap_int(d.invalid_on, day("2026-12-06"), "失效 from today");
	store_doc_get(st, a, today, &d);
	tap_int(d.validity, DOC_VALID, "a term ending today still holds today");
	store_doc_get(st, a, none, &d);
	tap_int(d.validity, DOC_VALID, "a document without a term stays valid");
	store_doc_get(st, a, repealed, &d);
	tap_int(d.validity, DOC_REPEALED, "a repealed one stays repealed");
	tap_int(count(st, "SELECT count(*) FROM audit_log") - audits0, 2, "two audit lines");
	tap_int(count(st, "SELECT count(*) FROM audit_log WHERE actor = 'system'"
			  " AND action = 'doc.expired'"),
		2, "by the system actor, action doc.expired");
	struct doc_event *ev;
	size_t nev;
	store_doc_events(st, a, past, &ev, &nev);
	tap_ok(nev > 0 && !strcmp(ev[nev - 1].kind, "expired") &&
		   strstr(ev[nev - 1].detail, "2025-03-01"),
	       "the history says when: %s", nev ? ev[nev - 1].detail : "");

	n = -1;
	tap_int(store_doc_expire_due(st, "system", day("2026-12-06"), &n), 0, "a second run");
	tap_int(n, 0, "changes nothing (idempotent)");
	tap_int(count(st, "SELECT count(*) FROM audit_log") - audits0, 2, "and writes no audit");
	n = -1;
	store_doc_expire_due(st, "system", day("2026-12-07"), &n);
	tap_int(n, 1, "the next day the third term is over");
	tap_int(store_doc_expire_due(st, "", day("2026-12-07"), &n), ZF_EINVAL,
		"an actor is required");
	arena_free(a);
	buf_free(&err);
	store_close(st);
}

/* Two servers on one database expire at the same moment: every document once. */
#define RACERS 2
#define DOCS   30

struct racer {
	struct store *st;
	long long expired;
	int rc;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	r->rc = store_doc_expire_due(r->st, "system", day("2026-12-06"), &r->expired);
	return NULL;
}

static void test_two_servers(void)
{
	const char *target;
	struct store *st = fresh("expire_race", &target);
	for (int i = 0; i < DOCS; i++) {
		char title[64];
		snprintf(title, sizeof(title), "关于第%d项工作的暂行办法", i + 1);
		add(st, title, "2020-03-01", "2025-02-28");
	}
	struct racer r[RACERS];
	pthread_t t[RACERS];
	for (int i = 0; i < RACERS; i++) {
		r[i] = (struct racer){store_test_open(target), 0, 0};
		if (!r[i].st)
			BUG("second connection");
	}
	for (int i = 0; i < RACERS; i++)
		pthread_create(&t[i], NULL, race, &r[i]);
	long long sum = 0;
	int failed = 0;
	for (int i = 0; i < RACERS; i++) {
		pthread_join(t[i], NULL);
		sum += r[i].expired;
		failed += r[i].rc != 0;
		store_close(r[i].st);
	}
	tap_int(failed, 0, "both servers' runs succeed");
	tap_int(sum, DOCS, "together they expire each document once (%lld)", sum);
	tap_int(count(st, "SELECT count(*) FROM doc_events WHERE kind = 'expired'"), DOCS,
		"one history line each");
	tap_int(count(st, "SELECT count(*) FROM audit_log WHERE action = 'doc.expired'"), DOCS,
		"one audit line each");
	store_close(st);
}

static void test_demo(void)
{
	struct store *st = store_test_fresh("expire_demo");
	bool seeded = false;
	if (!st || demo_seed_agencies(st, &seeded) || demo_docs_seed(st, &seeded))
		BUG("demo");
	zf_day today = date_today();
	char sql[256], d[11];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM docs WHERE state = 'published' AND validity = 'valid'"
		 " AND valid_until < '%s'",
		 date_format(today, d));
	long long before = count(st, sql);
	long long n = -1;
	tap_int(store_doc_expire_due(st, "system", today, &n), 0, "expire over the demo");
	tap_int(n, before, "expires the %lld demo documents past their term", before);
	tap_int(count(st, sql), 0, "no valid document past its term is left");
	store_close(st);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_expire();
	test_two_servers();
	test_demo();
	return tap_done();
}
