/* test_store_requests.c: requests and review cases in the store, on the engine under test
 * (store_test.h): insert, events checked by the clock, a refused write leaves the database
 * as it was, audit lines, no personal data in the logs or the audit log; and the same
 * synthetic history stored in SQLite and in the engine under test giving the same report
 * input and the same annual report, cell for cell. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "log.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store_test.h"
#include "tap.h"

#include <unistd.h>

static char dir[] = "/tmp/zf-test-storereq-XXXXXX";
static struct calendar *cal;

#define ID_NO	"110101199003071234"
#define PHONE	"13800138000"
#define ADDRESS "示例路八十八号"

/* Everything a user could see change, on the engine under test. */
static void dump(struct store *st, struct buf *out)
{
	buf_reset(out);
	if (store_test_dump(st, out))
		BUG("dump");
}

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static struct clock_event received(const char *on)
{
	struct clock_event e = {.kind = CLOCK_RECEIVED, .on = day(on), .channel = CLOCK_ONLINE};
	return e;
}

static void test_requests(struct store *st, long long agency)
{
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct request_new rq = {agency,  REPORT_COL_NATURAL_PERSON,	   "张三", ID_NO, PHONE,
				 ADDRESS, "请公开2023年某小区规划许可文件"};
	struct clock_event ev = received("2024-03-04");
	long long id = 0, audits0 = 0, audits = 0;
	int rc;
	store_audit_count(st, &audits0);
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err), 0, "add a request");
	tap_ok(id > 0, "it has an id");
	store_audit_count(st, &audits);
	tap_int(audits - audits0, 1, "one audit line for the add");

	struct clock_event c = {.kind = CLOCK_CONSULTATION_STARTED,
				.on = day("2024-03-06"),
				.party = CLOCK_THIRD_PARTY,
				.who = "某置业有限公司"};
	int seq = 0;
	rc = store_request_event(st, "clerk", cal, id, &c, &seq, &err);
	tap_int(rc, 0, "consultation started: %s", buf_cstr(&err));
	tap_int(seq, 2, "is event 2");
	c.kind = CLOCK_CONSULTATION_ANSWERED;
	c.on = day("2024-03-12");
	tap_int(store_request_event(st, "clerk", cal, id, &c, &seq, &err), 0, "answered");

	/* refusals: the database stays exactly as it was */
	dump(st, &before);
	struct clock_event bad = {
	    .kind = CLOCK_REPLIED, .on = day("2024-03-01"), .decision = "granted"};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &bad, NULL, &err), ZF_ESTATE,
		"a reply before the receipt is refused");
	tap_ok(err.len > 0, "with a reason: %s", buf_cstr(&err));
	bad.on = day("2024-03-20");
	bad.decision = "no_such_decision";
	buf_reset(&err);
	rc = store_request_event(st, "clerk", cal, id, &bad, NULL, &err);
	tap_ok(rc < 0, "an unknown decision is refused: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, 999999, &c, NULL, &err), ZF_ENOENT,
		"an unknown request is refused");
	rq.agency_id = 424242;
	buf_reset(&err);
	rc = store_request_add(st, "clerk", cal, &rq, &ev, 1, NULL, &err);
	tap_int(rc, ZF_ENOENT, "an unknown agency is refused: %s", buf_cstr(&err));
	rq.agency_id = agency;
	struct clock_event two[2] = {received("2024-05-06"), bad};
	two[1].decision = "granted";
	two[1].on = day("2024-05-01");
	tap_int(store_request_add(st, "clerk", cal, &rq, two, 2, NULL, &err), ZF_ESTATE,
		"a request with an impossible history is refused");
	dump(st, &after);
	tap_ok(strcmp(buf_cstr(&before), buf_cstr(&after)) == 0,
	       "after all refusals the database is unchanged");

	bad.decision = "partially_granted";
	bad.letter_no = "示政公开〔2024〕12号";
	tap_int(store_request_event(st, "clerk", cal, id, &bad, &seq, &err), 0, "reply");
	tap_int(seq, 4, "as event 4");
	struct clock_event late = {.kind = CLOCK_FEE_NOTICE_SENT, .on = day("2024-03-25")};
	tap_int(store_request_event(st, "clerk", cal, id, &late, NULL, &err), ZF_ESTATE,
		"nothing follows a reply");

	struct arena *a = arena_new(0);
	struct request_record rec;
	tap_int(store_request_get(st, a, id, &rec), 0, "get the request");
	tap_int((long long)rec.nevents, 4, "with its four events");
	tap_str(rec.id_no, ID_NO, "and the applicant's ID number for the clerk");
	tap_str(rec.events[1].who, "某置业有限公司", "consultation party kept");
	tap_str(rec.events[3].decision, "partially_granted", "decision kept");
	tap_str(rec.events[3].letter_no, "示政公开〔2024〕12号", "letter number kept");
	tap_int(store_request_get(st, a, 31337, &rec), ZF_ENOENT, "unknown id");
	struct request_row *rows;
	size_t n = 0;
	tap_int(store_request_list(st, a, agency, 0, &rows, &n), 0, "list");
	tap_int((long long)n, 1, "one request");
	tap_str(rows[0].state, "replied", "state from the clock");
	tap_str(rows[0].report_row, "partially_granted", "report row from the clock");
	tap_ok(rows[0].closed_on == day("2024-03-20"), "closed on the reply date");

	/* review cases */
	long long rid = 0;
	struct review_new rv = {id, REPORT_T4_REVIEW, day("2024-04-10"), "示例市人民政府"};
	tap_int(store_review_add(st, "clerk", &rv, &rid, &err), 0, "add a review case");
	rv.filed_on = day("2024-01-01");
	tap_int(store_review_add(st, "clerk", &rv, NULL, &err), ZF_EINVAL,
		"a case filed before the request is refused");
	rv.request_id = 777777;
	tap_int(store_review_add(st, "clerk", &rv, NULL, &err), ZF_ENOENT,
		"a case for an unknown request is refused");
	tap_int(store_review_decide(st, "clerk", rid, REPORT_T4_CORRECTED, day("2024-06-01"), &err),
		0, "decide it");
	dump(st, &before);
	tap_int(store_review_decide(st, "clerk", rid, REPORT_T4_UPHELD, day("2024-07-01"), &err),
		ZF_ESTATE, "deciding twice is refused");
	dump(st, &after);
	tap_ok(strcmp(buf_cstr(&before), buf_cstr(&after)) == 0, "and changes nothing");
	struct review_row *rr;
	tap_int(store_review_list(st, a, agency, &rr, &n), 0, "list cases");
	tap_ok(n == 1 && rr[0].outcome == REPORT_T4_CORRECTED, "one corrected case");

	/* the report's input */
	long long *ids = NULL;
	size_t nids = 0;
	tap_int(store_agency_subtree(st, agency, true, &ids, &nids), 0, "subtree");
	struct report_gen_request *q = NULL;
	struct report_gen_review *w = NULL;
	size_t nq = 0, nw = 0;
	tap_int(store_report_cases(st, ids, nids, 2024, &q, &nq, &w, &nw), 0, "report cases");
	tap_ok(nq == 1 && q[0].closed && q[0].row == REPORT_T3_PARTIALLY_GRANTED, "the request");
	tap_ok(nw == 1 && w[0].decided && w[0].outcome == REPORT_T4_CORRECTED, "the case");
	free(q);
	free(w);
	tap_int(store_report_cases(st, ids, nids, 2025, &q, &nq, &w, &nw), 0, "next year");
	tap_ok(nq == 0 && nw == 0, "has nothing open");
	free(q);
	free(w);
	free(ids);

	/* batches: a refused write inside leaves the rest of the batch alone */
	long long count0 = 0, count = 0;
	store_request_count(st, &count0);
	tap_int(store_batch_begin(st), 0, "batch");
	struct clock_event e2 = received("2024-06-03");
	tap_int(store_request_add(st, "demo", cal, &rq, &e2, 1, NULL, &err), 0, "add in batch");
	tap_int(store_request_add(st, "demo", cal, &rq, two, 2, NULL, &err), ZF_ESTATE,
		"a refused add in the batch");
	tap_int(store_request_add(st, "demo", cal, &rq, &e2, 1, NULL, &err), 0, "add again");
	tap_int(store_batch_commit(st), 0, "commit");
	store_request_count(st, &count);
	tap_int(count - count0, 2, "two requests were kept");

	dump(st, &after);
	/* the audit log's part of the dump (store_test_dump: "-- table (rows)" headers) */
	const char *audit = strstr(buf_cstr(&after), "-- audit_log (");
	const char *end = audit ? strstr(audit + 1, "\n-- ") : NULL;
	char *log = audit ? xstrndup(audit, end ? (size_t)(end - audit) : strlen(audit)) : NULL;
	tap_ok(log && strstr(log, "request.add"), "the dump has the audit log");
	tap_ok(log && !strstr(log, ID_NO), "the audit log holds no ID number");
	tap_ok(log && !strstr(log, PHONE) && !strstr(log, ADDRESS) && !strstr(log, "张三"),
	       "nor phone, address or name");
	free(log);
	arena_free(a);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

int main(void)
{
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	struct buf err = BUF_INIT, logs = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	char *logpath = xasprintf("%s/log.txt", dir);
	FILE *logf = fopen(logpath, "w+");
	log_set_file(logf);
	log_set_level(LOG_DEBUG);

	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("requests");
	bool seeded = false;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("store");
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t n;
	store_agency_list(st, a, &ag, &n);
	test_requests(st, ag[0].id);
	arena_free(a);
	store_close(st);

	fflush(logf);
	log_set_file(stderr);
	fclose(logf);
	buf_read_file(&logs, logpath, 0);
	tap_ok(logs.len > 0, "something was logged (%zu bytes)", logs.len);
	tap_ok(!strstr(buf_cstr(&logs), ID_NO) && !strstr(buf_cstr(&logs), PHONE) &&
		   !strstr(buf_cstr(&logs), ADDRESS),
	       "the log holds no personal data");

	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_ok(false, "cleanup");
	free(cmd);
	free(logpath);
	cal_free(cal);
	buf_free(&err);
	buf_free(&logs);
	return tap_done();
}
