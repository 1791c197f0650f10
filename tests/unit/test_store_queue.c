/* test_store_queue.c: the requests area of the store (requests.h): cached due dates and the
 * queue with its filters, query codes, handlers, letter numbers, the bulk add, the rebuild
 * after a tampered row, the demo data, migration 4; every refused write leaves the database
 * as it was and nothing personal reaches the audit log. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/decision.h"
#include "log.h"
#include "demo/requests.h"
#include "store/requests.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>
#include <unistd.h>

static char dir[] = "/tmp/zf-test-queue-XXXXXX";
static struct calendar *cal;
static struct store *st;
static const char *target;	       /* of st */
static long long gov, office, housing; /* the demo agencies */
static long long clerk, clerk2, retired;

#define TODAY "2026-06-15" /* a Monday */

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

/* The connection raw_int and raw_exec use (the store under test, or one of the demo's). */
static struct store *raw;

/* SQL statements separated by ';', as an administrator with a SQL shell would run them:
 * each must change at least one row. 0 or -1. */
static int raw_exec(const char *sql)
{
	int rc = 0;
	char *copy = xstrdup(sql), *save = NULL;
	for (char *one = strtok_r(copy, ";", &save); one && !rc; one = strtok_r(NULL, ";", &save)) {
		if (!*one)
			continue;
		char *q = xasprintf("%s RETURNING 1", one);
		rc = store_test_int(raw, q) == 1 ? 0 : -1;
		free(q);
	}
	free(copy);
	return rc;
}

static long long raw_int(const char *sql)
{
	return store_test_int(raw, sql);
}

/* Every table, on the engine under test. */
static void dump(struct buf *out)
{
	buf_reset(out);
	if (store_test_dump(st, out))
		BUG("dump");
}

static long long audits(void)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

/* Adds a request of agency received on `on` with the extra events; returns its id. */
static long long add(long long agency, const char *name, const char *on,
		     const struct clock_event *more, size_t nmore)
{
	struct clock_event ev[8] = {
	    {.kind = CLOCK_RECEIVED, .on = day(on), .channel = CLOCK_ONLINE}};
	for (size_t i = 0; i < nmore; i++)
		ev[i + 1] = more[i];
	struct request_new rq = {
	    agency,	 REPORT_COL_NATURAL_PERSON, name, "110101199003071234", "13800138000",
	    "示例路1号", "某小区规划许可"};
	long long id = 0;
	struct buf err = BUF_INIT;
	if (store_request_add(st, "clerk", cal, &rq, ev, nmore + 1, &id, &err))
		BUG("add: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void test_codes(void)
{
	char a[REQUEST_CODE_LEN + 1], b[REQUEST_CODE_LEN + 1], c[REQUEST_CODE_LEN + 1];
	request_code_generate(a);
	request_code_generate(b);
	tap_int((long long)strlen(a), REQUEST_CODE_LEN, "a code has 12 characters");
	tap_ok(strspn(a, REQUEST_CODE_ALPHABET) == REQUEST_CODE_LEN,
	       "all from the unambiguous alphabet: %s", a);
	tap_ok(strcmp(a, b) != 0, "two codes differ");
	tap_ok(!strpbrk(REQUEST_CODE_ALPHABET, "01OIL"), "the alphabet has no 0, 1, O, I, L");

	tap_int(request_code_normalize("abcd-efgh-jkmn", c), 0, "lower case with hyphens");
	tap_str(c, "ABCDEFGHJKMN", "is read as the code");
	tap_int(request_code_normalize(" ABCD EFGH\tJKMN ", c), 0, "spaces and tabs are ignored");
	tap_int(request_code_normalize("ＡＢＣＤ－ＥＦＧＨ　ＪＫＭＮ", c), 0, "full-width input");
	tap_str(c, "ABCDEFGHJKMN", "is read as the code too");
	tap_int(request_code_normalize("ABCDEFGHJKM", c), ZF_EINVAL, "11 characters are refused");
	tap_int(request_code_normalize("ABCDEFGHJKMNP", c), ZF_EINVAL, "13 are refused");
	tap_int(request_code_normalize("ABCDEFGHJKM0", c), ZF_EINVAL, "a 0 is refused");
	tap_int(request_code_normalize("ABCDEFGHJKMO", c), ZF_EINVAL, "an O is refused");
	tap_int(request_code_normalize("ABCDEFGHJKM申", c), ZF_EINVAL, "a Chinese character");
	tap_int(request_code_normalize(NULL, c), ZF_EINVAL, "NULL");
	tap_int(request_code_normalize("", c), ZF_EINVAL, "empty");
}

static void test_migration(void)
{
	int version = 0;
	store_schema_version(st, &version);
	tap_ok(version >= 4, "migration 4 applied (version %d)", version);
	if (!store_test_is_pg()) {
		tap_int(raw_int("SELECT count(*) FROM sqlite_schema WHERE name IN ('requests',"
				" 'applicants') AND sql LIKE '% IN (%'"),
			0, "SQLite: no CHECK (x IN (...)) left on requests and applicants");
		tap_int(raw_int("SELECT count(*) FROM pragma_foreign_key_check"), 0,
			"SQLite: no foreign key is broken");
	}
	tap_ok(raw_exec("INSERT INTO applicants (kind, name) VALUES ('alien', 'x')") != 0,
	       "the CHECK refuses an unknown applicant kind");
	tap_ok(raw_exec("INSERT INTO applicants (kind, name) VALUES ('research', 'x')") == 0,
	       "and accepts a known one");
	raw_exec("DELETE FROM applicants WHERE name = 'x'");
	tap_int(raw_int("SELECT count(*) FROM letter_numbers"), 0, "letter_numbers is there");
}

static void test_due_and_codes(struct arena *a)
{
	zf_day today = day(TODAY);
	/* received 25 working days ago: overdue */
	zf_day r1 = today;
	for (int n = 25; n > 0;)
		n -= cal_is_working(cal, --r1);
	char d1[11];
	long long late = add(gov, "张三", date_format(r1, d1), NULL, 0);
	struct request_meta m;
	tap_int(store_request_meta(st, a, late, &m), 0, "meta of a request");
	tap_ok(m.due_on == wd(r1, 20), "due_on is the 20th working day after receipt");
	tap_str(m.state, "processing", "state processing");
	tap_ok(m.closed_on == 0 && !*m.report_row, "open");
	tap_int((long long)strlen(m.query_code), REQUEST_CODE_LEN, "it has a query code");
	tap_ok(m.handler_user_id == 0 && !*m.handler_name, "nobody handles it yet");

	/* an extension moves the due date in the same transaction as the event */
	struct clock_event ext = {.kind = CLOCK_EXTENSION_APPROVED,
				  .on = wd(r1, 18),
				  .days = 10,
				  .approver = "分管负责人"};
	struct buf err = BUF_INIT;
	tap_int(store_request_event(st, "clerk", cal, late, &ext, NULL, &err), 0, "extension");
	store_request_meta(st, a, late, &m);
	tap_ok(m.due_on == wd(r1, 30), "due_on follows the extension");

	/* a supplement stops the clock: no due date */
	struct clock_event sup = {.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today};
	long long waiting = add(office, "李四", TODAY, NULL, 0);
	tap_int(store_request_event(st, "clerk", cal, waiting, &sup, NULL, &err), 0, "补正");
	store_request_meta(st, a, waiting, &m);
	tap_ok(m.due_on == 0, "no due date while a supplement is awaited");
	tap_str(m.state, "awaiting_supplement", "state awaiting_supplement");
	struct clock_event got = {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = today};
	tap_int(store_request_event(st, "clerk", cal, waiting, &got, NULL, &err), 0, "补正收到");
	store_request_meta(st, a, waiting, &m);
	tap_ok(m.due_on == wd(today, 20), "the clock restarts: 20 working days from receipt");

	/* a reply closes it: no due date */
	struct clock_event reply = {.kind = CLOCK_REPLIED, .on = today, .decision = "granted"};
	long long done = add(housing, "王五", TODAY, &reply, 1);
	store_request_meta(st, a, done, &m);
	tap_ok(m.due_on == 0 && m.closed_on == today, "closed: no due date");
	tap_str(m.report_row, "granted", "report row granted");

	/* query codes */
	const char *code = NULL;
	tap_int(store_request_query_code(st, done, a, &code), 0, "the query code");
	long long found = 0;
	char typed[40];
	snprintf(typed, sizeof(typed), "%.4s-%.4s-%.4s", code, code + 4, code + 8);
	for (char *p = typed; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	tap_int(store_request_by_code(st, typed, &found), 0, "found by its code as typed: %s",
		typed);
	tap_int(found, done, "the right request");
	tap_int(store_request_by_code(st, "2222-2222-2222", &found), ZF_ENOENT,
		"an unknown code is not found");
	tap_int(store_request_by_code(st, "not a code", &found), ZF_EINVAL,
		"something else is refused");
	tap_int(store_request_query_code(st, 987654, a, &code), ZF_ENOENT, "no such request");
	tap_int(store_request_meta(st, a, 987654, &m), ZF_ENOENT, "meta of none");
	tap_int(raw_int("SELECT count(*) FROM requests WHERE query_code IS NULL"), 0,
		"every request has a code");
	tap_int(raw_int("SELECT count(DISTINCT query_code) = count(*) FROM requests"), 1,
		"all different");
	tap_ok(raw_exec("UPDATE requests SET query_code = (SELECT query_code FROM requests"
			" WHERE id = 1) WHERE id = 2") != 0,
	       "the database refuses a duplicate code");
	char *sql = xasprintf("UPDATE requests SET query_code = NULL WHERE id = %lld", late);
	raw_exec(sql);
	free(sql);
	long long a0 = audits();
	tap_int(store_request_query_code(st, late, a, &code), 0,
		"a request stored by hand without a code");
	tap_ok(code && strlen(code) == REQUEST_CODE_LEN, "gets one when asked: %s",
	       code ? code : "");
	tap_int(audits() - a0, 1, "audited");
	tap_int(store_request_by_code(st, code, &found), 0, "and is found by it");
	tap_int(found, late, "the right one");
	buf_free(&err);
}

static void test_queue(struct arena *a)
{
	zf_day today = day(TODAY);
	long long mine[] = {gov, office, housing};
	/* six open requests at known distances from today, one closed */
	struct {
		long long agency;
		int ago; /* working days before today */
	} plan[] = {{gov, 22}, {office, 19}, {housing, 3}, {gov, 17}, {office, 30}, {housing, 10}};
	long long ids[ARRAY_SIZE(plan)];
	for (size_t i = 0; i < ARRAY_SIZE(plan); i++) {
		zf_day r = today;
		for (int n = plan[i].ago; n > 0;)
			n -= cal_is_working(cal, --r);
		char d[11];
		ids[i] = add(plan[i].agency, "赵六", date_format(r, d), NULL, 0);
	}
	struct request_filter f = {.agencies = mine, .nagencies = 3, .today = today, .cal = cal};
	struct request_row2 *rows;
	size_t n = 0;
	tap_int(store_request_queue(st, a, &f, &rows, &n), 0, "the queue");
	long long total = 0;
	store_request_queue_count(st, &f, &total);
	tap_int((long long)n, total, "count matches the rows (%zu)", n);
	bool sorted = true;
	for (size_t i = 1; i < n; i++)
		if (rows[i].due_on && (!rows[i - 1].due_on || rows[i - 1].due_on > rows[i].due_on))
			sorted = false;
	tap_ok(sorted, "ordered by due date, those without one last");
	bool closed = false, marks = true;
	for (size_t i = 0; i < n; i++) {
		closed |= rows[i].closed_on != 0;
		if (rows[i].due_on) {
			int left = today <= rows[i].due_on
				       ? cal_count_working_days(cal, today, rows[i].due_on)
				       : -cal_count_working_days(cal, rows[i].due_on, today);
			marks &= rows[i].days_left == left;
			marks &= rows[i].overdue == (rows[i].due_on < today);
			marks &= rows[i].due_soon == (!rows[i].overdue && rows[i].days_left <= 5);
		}
	}
	tap_ok(!closed, "no closed request in the open queue");
	tap_ok(marks, "days left, overdue and due-soon marks follow the calendar");
	tap_ok(n && rows[0].overdue && rows[0].id == ids[4], "the first is the most overdue");
	tap_str(n ? rows[0].applicant_name : NULL, "赵六", "with its applicant (for clerks)");
	tap_ok(n && *rows[0].agency_name, "and its agency's name");

	f.overdue_only = true;
	long long overdue = 0;
	store_request_queue_count(st, &f, &overdue);
	tap_int(overdue, 2, "two overdue (received 30 and 22 working days ago)");
	f.overdue_only = false;
	f.due_within = 3;
	store_request_queue(st, a, &f, &rows, &n);
	bool within = true;
	for (size_t i = 0; i < n; i++)
		within &= rows[i].due_on && rows[i].due_on <= wd(today, 3);
	tap_ok(within && n == 4, "due within 3 working days, overdue included (%zu)", n);
	f.due_within = 0;

	long long one[] = {housing};
	f.agencies = one;
	f.nagencies = 1;
	store_request_queue(st, a, &f, &rows, &n);
	bool only = n > 0;
	for (size_t i = 0; i < n; i++)
		only &= rows[i].agency_id == housing;
	tap_ok(only, "only the permitted agency (%zu rows)", n);
	f.nagencies = 0;
	store_request_queue(st, a, &f, &rows, &n);
	tap_int((long long)n, 0, "no permitted agency, no rows");
	f.agencies = mine;
	f.nagencies = 3;

	f.state = "awaiting_supplement";
	store_request_queue_count(st, &f, &total);
	tap_int(total, 0, "nobody awaits a supplement any more");
	f.state = "processing";
	store_request_queue_count(st, &f, &total);
	tap_int(total, 8, "eight processing");
	f.state = "closed";
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(n == 1 && rows[0].closed_on && !strcmp(rows[0].report_row, "granted"),
	       "closed: the one replied");
	f.state = "replied";
	store_request_queue_count(st, &f, &total);
	tap_int(total, 1, "by its state key too");
	f.state = "all";
	store_request_queue_count(st, &f, &total);
	tap_int(total, 9, "all nine");
	f.state = "nonsense";
	tap_int(store_request_queue(st, a, &f, &rows, &n), ZF_EINVAL, "an unknown state");
	f.state = NULL;
	f.limit = 5000;
	tap_int(store_request_queue(st, a, &f, &rows, &n), ZF_EINVAL, "a limit over 1000");
	f.limit = 2;
	f.offset = 1;
	struct request_row2 *page;
	size_t np = 0;
	store_request_queue(st, a, &f, &page, &np);
	f.limit = 0;
	f.offset = 0;
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(np == 2 && page[0].id == rows[1].id && page[1].id == rows[2].id,
	       "limit and offset page through the same order");
	tap_int(rows[0].id, ids[4], "the 30-day one comes first");

	/* handlers */
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	long long a0 = audits();
	tap_int(store_request_assign(st, "admin", ids[0], clerk, &err), 0, "assign a clerk");
	tap_int(audits() - a0, 1, "one audit line");
	tap_int(store_request_assign(st, "admin", ids[0], clerk, &err), 0, "again");
	tap_int(audits() - a0, 1, "no change, no line");
	tap_int(store_request_assign(st, "admin", ids[1], clerk2, &err), 0, "another");
	f.handler_user_id = clerk;
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(n == 1 && rows[0].id == ids[0], "the clerk's own queue");
	tap_str(n ? rows[0].handler_name : NULL, "经办人甲", "with the handler's name");
	f.handler_user_id = REQUEST_UNASSIGNED;
	store_request_queue_count(st, &f, &total);
	tap_int(total, 6, "six nobody handles");
	f.handler_user_id = 0;

	dump(&before);
	buf_reset(&err);
	int rc = store_request_assign(st, "admin", ids[2], 9999, &err);
	tap_int(rc, ZF_ENOENT, "an unknown user: %s", buf_cstr(&err));
	buf_reset(&err);
	rc = store_request_assign(st, "admin", ids[2], retired, &err);
	tap_int(rc, ZF_EINVAL, "an inactive user: %s", buf_cstr(&err));
	buf_reset(&err);
	rc = store_request_assign(st, "admin", 987654, clerk, &err);
	tap_int(rc, ZF_ENOENT, "an unknown request: %s", buf_cstr(&err));
	tap_int(store_request_assign(st, "", ids[2], clerk, &err), ZF_EINVAL, "no actor");
	dump(&after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "refused assignments change nothing");
	tap_int(store_request_assign(st, "admin", ids[0], 0, &err), 0, "unassign");
	struct request_meta m;
	store_request_meta(st, a, ids[0], &m);
	tap_ok(m.handler_user_id == 0, "nobody again");

	struct request_handler *h;
	size_t nh = 0;
	tap_int(store_request_handlers(st, a, housing, &h, &nh), 0, "who may handle housing");
	tap_ok(nh == 2 && h[0].user_id == clerk && h[1].user_id == clerk2,
	       "the government's clerk (role above) and housing's own, not the inactive one");
	tap_int(store_request_handlers(st, a, office, &h, &nh), 0, "the office");
	tap_ok(nh == 1 && h[0].user_id == clerk, "only the government's clerk");
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void test_letter_numbers(void)
{
	struct buf before = BUF_INIT, after = BUF_INIT;
	int n = 0, last = 0;
	tap_int(store_letter_number(st, "clerk", gov, 2026, &n), 0, "a letter number");
	tap_int(n, 1, "the first is 1");
	store_letter_number(st, "clerk", gov, 2026, &n);
	tap_int(n, 2, "then 2");
	store_letter_number(st, "clerk", office, 2026, &n);
	tap_int(n, 1, "another agency starts at 1");
	store_letter_number(st, "clerk", gov, 2027, &n);
	tap_int(n, 1, "another year starts at 1");
	store_letter_number_last(st, gov, 2026, &last);
	tap_int(last, 2, "the last given");
	store_letter_number_last(st, housing, 2026, &last);
	tap_int(last, 0, "none yet: 0");

	/* in a batch: unique and consecutive */
	tap_int(store_batch_begin(st), 0, "batch");
	bool consecutive = true;
	for (int i = 0; i < 100; i++) {
		int got = 0;
		store_letter_number(st, "clerk", housing, 2026, &got);
		consecutive &= got == i + 1;
	}
	tap_ok(consecutive, "100 numbers in a batch: 1…100");
	tap_int(store_batch_commit(st), 0, "commit");
	tap_int(store_batch_begin(st), 0, "another batch");
	store_letter_number(st, "clerk", housing, 2026, &n);
	tap_int(n, 101, "continues at 101");
	tap_int(store_batch_rollback(st), 0, "rolled back");
	store_letter_number(st, "clerk", housing, 2026, &n);
	tap_int(n, 101, "an undone number is given again");

	tap_int(store_letter_number_reserve(st, "clerk", office, 2026, 57), 0, "reserve 57");
	store_letter_number(st, "clerk", office, 2026, &n);
	tap_int(n, 58, "the next is 58");
	tap_int(store_letter_number_reserve(st, "clerk", office, 2026, 10), 0, "reserve less");
	store_letter_number(st, "clerk", office, 2026, &n);
	tap_int(n, 59, "never goes back");

	dump(&before);
	tap_int(store_letter_number(st, "clerk", 424242, 2026, &n), ZF_ENOENT, "an unknown agency");
	tap_int(store_letter_number(st, "clerk", gov, 1800, &n), ZF_EINVAL, "a year out of range");
	tap_int(store_letter_number(st, NULL, gov, 2026, &n), ZF_EINVAL, "no actor");
	tap_int(store_letter_number_reserve(st, "clerk", gov, 2026, -1), ZF_EINVAL,
		"a negative reservation");
	dump(&after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "refused numbers change nothing");
	tap_ok(raw_int("SELECT count(*) FROM audit_log WHERE action = 'letter.number'") >= 105,
	       "each number is audited");
	buf_free(&before);
	buf_free(&after);
}

static void test_add_many(struct arena *a)
{
	enum { N = 600 };
	struct request_import *items = xcalloc(N, sizeof(*items));
	struct clock_event *ev = xcalloc(N * 2, sizeof(*ev));
	long long *ids = xcalloc(N, sizeof(*ids));
	zf_day from = day("2025-03-03");
	for (int i = 0; i < N; i++) {
		struct clock_event *e = &ev[2 * i];
		e[0] = (struct clock_event){
		    .kind = CLOCK_RECEIVED, .on = wd(from, i % 200), .channel = CLOCK_POST};
		e[1] =
		    (struct clock_event){.kind = CLOCK_REPLIED,
					 .on = wd(e[0].on, 5 + i % 20),
					 .decision = i % 3 ? "granted" : "withheld_state_secret"};
		items[i].rq = (struct request_new){
		    housing, REPORT_COL_COMMERCIAL, "示例市某公司", NULL, NULL, NULL, "批量导入"};
		items[i].ev = e;
		items[i].nev = i % 7 ? 2 : 1; /* some still open */
		items[i].handler_user_id = i % 7 ? 0 : clerk2;
	}
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	/* a refusal in the middle, on the threaded path: nothing written */
	struct clock_event wrong[2] = {ev[600], ev[601]};
	wrong[1].on = wrong[0].on - 3;
	items[300].ev = wrong;
	items[300].nev = 2;
	dump(&before);
	size_t bad = 0;
	int rc = store_request_add_many(st, "import", cal, items, N, ids, &bad, &err);
	tap_ok(rc == ZF_ESTATE || rc == ZF_EINVAL, "a bad history refuses the import: %s",
	       buf_cstr(&err));
	tap_int((long long)bad, 300, "and says which");
	tap_ok(strstr(buf_cstr(&err), "第 2 个事件") != NULL, "and which event");
	items[300].ev = &ev[600];
	items[300].rq.applicant_name = "";
	buf_reset(&err);
	rc = store_request_add_many(st, "import", cal, items, N, ids, &bad, &err);
	tap_int(rc, ZF_EINVAL, "an empty name refuses it too");
	items[300].rq.applicant_name = "示例市某公司";
	items[301].rq.agency_id = 424242;
	rc = store_request_add_many(st, "import", cal, items, 400, ids, &bad, &err);
	tap_ok(rc == ZF_ENOENT && bad == 301, "an unknown agency too");
	items[301].rq.agency_id = housing;
	dump(&after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "refused imports change nothing");

	long long a0 = audits(), count0 = 0, count = 0;
	store_request_count(st, &count0);
	buf_reset(&err);
	tap_int(store_request_add_many(st, "import", cal, items, N, ids, &bad, &err), 0,
		"import %d requests: %s", N, buf_cstr(&err));
	store_request_count(st, &count);
	tap_int(count - count0, N, "all of them");
	tap_int(audits() - a0, 1, "one audit line for the import");
	bool same = true, consecutive = true;
	for (int i = 0; i < N; i++) {
		struct request_meta m;
		struct clock_status cs;
		store_request_meta(st, a, ids[i], &m);
		clock_compute(cal, items[i].ev, items[i].nev, items[i].ev[items[i].nev - 1].on, &cs,
			      NULL);
		same &= !strcmp(m.state, cs.state) &&
			m.closed_on == (cs.closed ? cs.closed_on : 0) &&
			m.due_on == (cs.running ? cs.due : 0) &&
			m.handler_user_id == items[i].handler_user_id;
		consecutive &= i == 0 || ids[i] == ids[i - 1] + 1;
		clock_status_free(&cs);
	}
	tap_ok(same, "each as the clock says, with its handler");
	tap_ok(consecutive, "ids in order");
	tap_int(raw_int("SELECT count(*) FROM request_events WHERE request_id >= (SELECT min(id)"
			" FROM requests WHERE description = '批量导入')"),
		N * 2 - (N + 6) / 7, "with their events");
	tap_int(store_request_add_many(st, "import", cal, items, 3, NULL, NULL, NULL), 0,
		"a small import (no thread), no ids wanted");
	free(items);
	free(ev);
	free(ids);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void test_rebuild(struct arena *a)
{
	struct request_rebuild_stats stats;
	tap_int(store_request_rebuild(st, "admin", cal, 0, NULL, NULL, &stats), 0, "rebuild");
	tap_int(stats.changed, 0, "nothing to change");
	tap_int(stats.checked, stats.total, "every request checked (%lld)", stats.total);

	/* tamper with three rows as a careless admin with sqlite3 would */
	long long closed = raw_int("SELECT min(id) FROM requests WHERE state = 'replied'");
	long long open = raw_int("SELECT min(id) FROM requests WHERE closed_on IS NULL"
				 " AND due_on IS NOT NULL");
	long long other = raw_int("SELECT max(id) FROM requests WHERE state = 'replied'");
	char *sql = xasprintf(
	    "UPDATE requests SET state = 'processing', closed_on = NULL, report_row = NULL,"
	    " due_on = '2020-01-01' WHERE id = %lld;"
	    "UPDATE requests SET due_on = '2031-12-31', state = 'consulting' WHERE id = %lld;"
	    "UPDATE requests SET report_row = 'granted_x' WHERE id = %lld",
	    closed, open, other);
	tap_int(raw_exec(sql), 0, "three rows tampered with");
	free(sql);
	long long a0 = audits();
	tap_int(store_request_rebuild(st, "admin", cal, 100, NULL, NULL, &stats), 0, "rebuild");
	tap_int(stats.changed, 3, "three fixed");
	tap_int(stats.failed, 0, "none refused");
	tap_ok(audits() - a0 >= 1 && audits() - a0 <= 3, "an audit line per batch that changed");
	struct request_meta m;
	store_request_meta(st, a, closed, &m);
	tap_ok(!strcmp(m.state, "replied") && m.closed_on && m.due_on == 0, "replied again");
	store_request_meta(st, a, open, &m);
	tap_ok(!strcmp(m.state, "processing") && m.due_on && m.due_on != day("2031-12-31"),
	       "its due date is back");
	store_request_meta(st, a, other, &m);
	tap_ok(strcmp(m.report_row, "granted_x") != 0, "the report row is back");
	tap_int(store_request_rebuild(st, "admin", cal, 0, NULL, NULL, &stats), 0, "again");
	tap_int(stats.changed, 0, "nothing left");

	/* a history the clock refuses now is left alone and counted */
	sql = xasprintf("UPDATE request_events SET on_date = '2001-01-01' WHERE request_id = %lld"
			" AND seq = 2",
			closed);
	raw_exec(sql);
	free(sql);
	tap_int(store_request_rebuild(st, "admin", cal, 0, NULL, NULL, &stats), 0, "rebuild");
	tap_int(stats.failed, 1, "one refused");
	tap_int(stats.first_failed, closed, "named");
	tap_int(stats.changed, 0, "and not changed");
	sql = xasprintf("DELETE FROM request_events WHERE request_id = %lld AND seq = 2", closed);
	raw_exec(sql);
	free(sql);
	tap_int(store_request_rebuild(st, "admin", cal, 0, NULL, NULL, &stats), 0,
		"rebuild after the reply was removed");
	store_request_meta(st, a, closed, &m);
	tap_ok(stats.changed == 1 && !strcmp(m.state, "processing") && m.due_on,
	       "it is open again, with a due date");
}

/* The demo data of a database through the store's API, without what is random (query
 * codes) or dated by the machine (created_at, the audit log). */
static void demo_dump(struct store *s, struct buf *out)
{
	struct arena *a = arena_new(0);
	struct request_row *rows = NULL;
	struct review_row *rv = NULL;
	struct agency *ag = NULL;
	size_t n = 0, nrv = 0, nag = 0;
	buf_reset(out);
	if (store_request_list(s, a, 0, 0, &rows, &n) || store_review_list(s, a, 0, &rv, &nrv) ||
	    store_agency_list(s, a, &ag, &nag))
		BUG("demo dump");
	for (size_t i = 0; i < n; i++) {
		struct request_record r;
		struct request_meta m;
		if (store_request_get(s, a, rows[i].id, &r) ||
		    store_request_meta(s, a, rows[i].id, &m))
			BUG("demo dump");
		buf_printf(out, "%lld|%lld|%d|%d|%s|%s|%s|%d|%s|%d|%d|%lld|%s|%s\n", r.id,
			   r.agency_id, (int)r.applicant_type, (int)m.channel, r.description,
			   m.state, m.report_row, (int)m.received_on, m.state, (int)m.closed_on,
			   (int)m.due_on, m.handler_user_id, r.applicant_name, r.address);
		for (size_t k = 0; k < r.nevents; k++) {
			const struct clock_event *e = &r.events[k];
			buf_printf(out, " %d|%d|%d|%d|%d|%d|%s|%d|%d|%s|%s|%s\n", (int)e->kind,
				   (int)e->on, (int)e->channel, (int)e->arrived, (int)e->until,
				   (int)e->party, e->who ? e->who : "", (int)e->delivered, e->days,
				   e->approver ? e->approver : "", e->decision ? e->decision : "",
				   e->letter_no ? e->letter_no : "");
		}
	}
	for (size_t i = 0; i < nrv; i++)
		buf_printf(out, "review %lld|%lld|%d|%d|%d|%d|%s\n", rv[i].id, rv[i].request_id,
			   (int)rv[i].kind, (int)rv[i].filed_on, (int)rv[i].decided_on,
			   (int)rv[i].outcome, rv[i].body);
	for (size_t g = 0; g < nag; g++) {
		for (int y = 2024; y <= 2027; y++) {
			int last = 0;
			store_letter_number_last(s, ag[g].id, y, &last);
			buf_printf(out, "letters %lld %d %d\n", ag[g].id, y, last);
		}
	}
	arena_free(a);
}

static struct store *fresh(const char *name)
{
	struct store *s = store_test_fresh(name);
	bool seeded = false;
	if (!s || demo_seed_agencies(s, &seeded))
		BUG("store %s", name);
	return s;
}

static void test_demo(void)
{
	struct store *s1 = fresh("demo1"), *s2 = fresh("demo2");
	zf_day today = day(TODAY);
	long long added = -1;
	tap_int(demo_seed_requests(s1, cal, today, 400, &added), 0, "seed demo requests");
	tap_int(added, 400, "400 added");
	tap_int(demo_seed_requests(s1, cal, today, 400, &added), 0, "seed again");
	tap_int(added, 0, "nothing added the second time");
	tap_int(demo_seed_requests(s2, cal, today, 400, &added), 0, "in a second database");
	struct buf d1 = BUF_INIT, d2 = BUF_INIT;
	demo_dump(s1, &d1);
	demo_dump(s2, &d2);
	tap_ok(d1.len > 0 && !strcmp(buf_cstr(&d1), buf_cstr(&d2)),
	       "the same seed and day give the same data");

	struct store *saved = raw;
	raw = s1;
	tap_int(raw_int("SELECT min(received_on) >= '2025-01-01' AND max(received_on) <= '" TODAY
			"' FROM requests"),
		1, "received from 1 January of last year to today");
	tap_int(raw_int("SELECT count(DISTINCT substr(received_on, 1, 4)) FROM requests"), 2,
		"over two years");
	tap_int(raw_int("SELECT count(DISTINCT agency_id) FROM requests"), 3,
		"over the three demo agencies");
	tap_ok(raw_int("SELECT count(*) FROM requests WHERE closed_on IS NULL AND due_on < '" TODAY
		       "'") >= 2,
	       "some open ones are overdue");
	tap_ok(raw_int("SELECT count(*) FROM requests WHERE closed_on IS NULL AND due_on >= '" TODAY
		       "' AND due_on <= '2026-06-19'") >= 2,
	       "some are due within days");
	tap_ok(raw_int("SELECT count(*) FROM requests WHERE state = 'awaiting_supplement'") >= 2,
	       "some await a supplement");
	tap_ok(raw_int("SELECT count(*) FROM requests r WHERE closed_on IS NULL AND EXISTS"
		       " (SELECT 1 FROM request_events e WHERE e.request_id = r.id"
		       " AND e.kind = 'extension_approved')") >= 2,
	       "some are extended");
	tap_ok(raw_int("SELECT count(*) FROM requests WHERE state = 'consulting'") >= 1 &&
		   raw_int("SELECT count(*) FROM requests WHERE state = 'awaiting_fee'") >= 1,
	       "some are out for consultation or await a fee");
	tap_int(raw_int("SELECT count(DISTINCT report_row) FROM requests"), DECISION_COUNT,
		"every kind of answer at least once");
	tap_ok(raw_int("SELECT count(*) FROM requests WHERE state = 'withdrawn'") >= 1,
	       "and withdrawals");
	tap_ok(raw_int("SELECT count(*) FROM review_cases") >= 1, "a few review cases");
	tap_int(raw_int("SELECT count(DISTINCT channel) FROM requests"), 5, "every channel");
	tap_ok(raw_int("SELECT count(DISTINCT p.name) FROM applicants p") > 200,
	       "applicants have many different names");
	tap_int(raw_int("SELECT count(*) FROM applicants WHERE name LIKE '申请人%'"), 0,
		"and real-looking ones");
	tap_int(raw_int("SELECT count(*) FROM request_events WHERE kind = 'replied'"
			" AND (letter_no IS NULL OR letter_no NOT LIKE '%〔20__〕第%号')"),
		0, "every reply has a letter number");
	tap_int(raw_int("SELECT count(*) - count(DISTINCT r.agency_id || e.letter_no)"
			" FROM request_events e JOIN requests r ON r.id = e.request_id"
			" WHERE e.kind = 'replied'"),
		0, "never twice in an agency");
	tap_int(raw_int("SELECT count(*) FROM (SELECT r.agency_id, substr(e.on_date, 1, 4) y,"
			" count(*) n FROM request_events e JOIN requests r ON r.id = e.request_id"
			" WHERE e.kind = 'replied' GROUP BY 1, 2) x JOIN letter_numbers l"
			" ON l.agency_id = x.agency_id AND l.year = CAST(x.y AS INTEGER)"
			" WHERE l.last_no = x.n"),
		raw_int("SELECT count(*) FROM (SELECT DISTINCT r.agency_id, substr(e.on_date, 1,"
			" 4) FROM request_events e JOIN requests r ON r.id = e.request_id WHERE"
			" e.kind = 'replied') x"),
		"the agencies' sequences continue after the demo's letters");
	tap_int(raw_int("SELECT count(*) FROM requests WHERE query_code IS NULL"), 0,
		"every demo request has a query code");
	tap_ok(raw_int("SELECT count(*) FROM audit_log WHERE action = 'request.import'") >= 1 &&
		   raw_int("SELECT count(*) FROM audit_log WHERE action = 'request.add'") == 0,
	       "audited per batch, not per request");
	raw = saved;
	store_close(s1);
	store_close(s2);
	buf_free(&d1);
	buf_free(&d2);
}

static void seed_users(void)
{
	char *sql = xasprintf(
	    "INSERT INTO users (login, display_name, agency_id) VALUES ('clerk1', '经办人甲', "
	    "%lld);"
	    "INSERT INTO users (login, display_name, agency_id) VALUES ('clerk2', '', %lld);"
	    "INSERT INTO users (login, display_name, agency_id, active)"
	    " VALUES ('old', '已退休', %lld, 0)",
	    gov, housing, housing);
	if (raw_exec(sql) != 0)
		BUG("users");
	free(sql);
	clerk = raw_int("SELECT id FROM users WHERE login = 'clerk1'");
	clerk2 = raw_int("SELECT id FROM users WHERE login = 'clerk2'");
	retired = raw_int("SELECT id FROM users WHERE login = 'old'");
	sql = xasprintf("INSERT INTO user_roles VALUES (%lld, %lld, 'clerk');"
			"INSERT INTO user_roles VALUES (%lld, %lld, 'clerk');"
			"INSERT INTO user_roles VALUES (%lld, %lld, 'clerk');"
			"INSERT INTO user_roles VALUES (%lld, %lld, 'viewer')",
			clerk, gov, clerk2, housing, retired, housing, clerk2, office);
	if (raw_exec(sql) != 0)
		BUG("roles");
	free(sql);
}

/* Without a calendar the queue counts Monday to Friday (ISO weekdays 1 to 5): any seven days
 * before a weekday due date hold five working days, on both engines. */
static void test_weekdays(struct arena *a)
{
	long long town = 0;
	tap_int(store_agency_add(st, gov, "示例街道办事处", AGENCY_TOWN, &town), 0, "a new agency");
	long long id = add(town, "张三", "2026-05-11", NULL, 0);
	struct request_meta m;
	store_request_meta(st, a, id, &m);
	tap_ok(m.due_on && date_weekday(m.due_on) <= 5, "its due date is a weekday");
	long long ag[1] = {town};
	struct request_filter f = {
	    .agencies = ag, .nagencies = 1, .today = m.due_on - 7, .soon_days = 4};
	struct request_row2 *rows = NULL;
	size_t n = 0;
	tap_int(store_request_queue(st, a, &f, &rows, &n), 0, "the queue without a calendar");
	tap_ok(n == 1 && rows[0].days_left == 5, "a week before: 5 working days left (%d)",
	       n ? rows[0].days_left : -99);
	tap_ok(n == 1 && !rows[0].due_soon, "not due soon within 4 days");
	f.soon_days = 5;
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(n == 1 && rows[0].due_soon, "due soon within 5");
	f.today = m.due_on - 14;
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(n == 1 && rows[0].days_left == 10, "two weeks before: 10 (%d)",
	       n ? rows[0].days_left : -99);
	f.today = m.due_on + 7;
	store_request_queue(st, a, &f, &rows, &n);
	tap_ok(n == 1 && rows[0].days_left == -5 && rows[0].overdue, "a week late: -5 (%d)",
	       n ? rows[0].days_left : -99);
	f.today = m.due_on - 7;
	f.due_within = 5;
	long long count = -1;
	store_request_queue_count(st, &f, &count);
	tap_int(count, 1, "due within 5 working days counts it");
	f.due_within = 4;
	store_request_queue_count(st, &f, &count);
	tap_int(count, 0, "within 4 does not");
}

struct letter_arg {
	const char *target;
	int got[50];
	int rc;
};

static void *letter_thread(void *p)
{
	struct letter_arg *l = p;
	struct store *s = NULL;
	l->rc = store_open(l->target, &s, NULL);
	for (int i = 0; !l->rc && i < 50; i++)
		l->rc = store_letter_number(s, "clerk", housing, 2030, &l->got[i]);
	store_close(s);
	return NULL;
}

/* Two connections taking 50 numbers each at once: 1..100, each once, none lost. */
static void test_letter_contention(void)
{
	struct letter_arg la = {target, {0}, -1}, lb = {target, {0}, -1};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, letter_thread, &la);
	pthread_create(&tb, NULL, letter_thread, &lb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	tap_ok(la.rc == 0 && lb.rc == 0, "two connections took 50 numbers each (%d, %d)", la.rc,
	       lb.rc);
	bool seen[101] = {false}, ok = la.rc == 0 && lb.rc == 0, rising = true;
	for (int i = 0; ok && i < 50; i++) {
		for (int k = 0; k < 2; k++) {
			const struct letter_arg *l = k ? &lb : &la;
			int v = l->got[i];
			ok = v >= 1 && v <= 100 && !seen[v];
			if (ok)
				seen[v] = true;
			rising &= i == 0 || v > l->got[i - 1];
		}
	}
	tap_ok(ok, "all distinct, and together exactly 1..100");
	tap_ok(rising, "each connection's numbers rise");
	int last = 0;
	store_letter_number_last(st, housing, 2030, &last);
	tap_int(last, 100, "the counter is at 100");
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
	bool seeded = false;
	target = store_test_target("queue");
	st = target ? store_test_open(target) : NULL;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("store");
	raw = st;
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t n;
	store_agency_list(st, a, &ag, &n);
	if (n < 3)
		BUG("agencies");
	gov = ag[0].id;
	office = ag[1].id;
	housing = ag[2].id;
	seed_users();

	test_codes();
	test_migration();
	test_due_and_codes(a);
	test_queue(a);
	test_letter_numbers();
	test_add_many(a);
	test_rebuild(a);
	test_weekdays(a);
	test_letter_contention();
	arena_free(a);
	test_demo();

	fflush(logf);
	log_set_file(stderr);
	fclose(logf);
	buf_read_file(&logs, logpath, 0);
	tap_ok(!strstr(buf_cstr(&logs), "110101199003071234") &&
		   !strstr(buf_cstr(&logs), "13800138000") && !strstr(buf_cstr(&logs), "张三"),
	       "the log holds no personal data");
	tap_int(raw_int("SELECT count(*) FROM audit_log WHERE detail LIKE '%张三%' OR detail LIKE"
			" '%1380013%' OR object LIKE '%张三%'"),
		0, "nor the audit log");
	store_close(st);

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
