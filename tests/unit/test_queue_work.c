/* test_queue_work.c: the clerks' daily work in the store, on both engines: the queue's search
 * (name, 查询码, number) and column sorts, batch assignment within the actor's agencies
 * (all or nothing), the audit-log query (scope, filters, Beijing days) and the audited
 * correction of a mistaken event (the original kept, the clock computed again, every date
 * check applied, a reply's letter number kept). Every refused write leaves the database as
 * it was. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "store/audit.h"
#include "store/requests.h"
#include "store_test.h"
#include "tap.h"

static struct calendar *cal;
static struct store *st;
static long long gov, dept, other; /* gov ⊃ dept; other is a second root */
static long long u_gov, u_dept, u_other;

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static long long add(long long agency, const char *name, const char *on,
		     const struct clock_event *more, size_t nmore)
{
	struct clock_event ev[8] = {
	    {.kind = CLOCK_RECEIVED, .on = day(on), .channel = CLOCK_ONLINE}};
	for (size_t i = 0; i < nmore; i++)
		ev[i + 1] = more[i];
	struct request_new rq = {agency, REPORT_COL_NATURAL_PERSON, name, "", "", "", "某项信息"};
	long long id = 0;
	struct buf err = BUF_INIT;
	if (store_request_add(st, "clerk_gov", cal, &rq, ev, nmore + 1, &id, &err))
		BUG("add: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void dump(struct buf *out)
{
	buf_reset(out);
	if (store_test_dump(st, out))
		BUG("dump");
}

static void seed(void)
{
	if (store_agency_add(st, 0, "示例市人民政府", AGENCY_GOVERNMENT, &gov) ||
	    store_agency_add(st, gov, "示例市教育局", AGENCY_DEPARTMENT, &dept) ||
	    store_agency_add(st, 0, "另一市人民政府", AGENCY_GOVERNMENT, &other))
		BUG("agencies");
	char *sql = xasprintf("INSERT INTO users (login, display_name, agency_id) VALUES "
			      "('clerk_gov', '王经办', %lld),"
			      " ('clerk_dept', '李经办', %lld), ('clerk_other', '赵经办', %lld)",
			      gov, dept, other);
	store_test_int(st, sql);
	free(sql);
	u_gov = store_test_int(st, "SELECT id FROM users WHERE login = 'clerk_gov'");
	u_dept = store_test_int(st, "SELECT id FROM users WHERE login = 'clerk_dept'");
	u_other = store_test_int(st, "SELECT id FROM users WHERE login = 'clerk_other'");
	sql = xasprintf("INSERT INTO user_roles (user_id, agency_id, role) VALUES"
			" (%lld, %lld, 'clerk'), (%lld, %lld, 'clerk'), (%lld, %lld, 'clerk')",
			u_gov, gov, u_dept, dept, u_other, other);
	store_test_int(st, sql);
	free(sql);
	if (u_gov <= 0 || u_dept <= 0 || u_other <= 0)
		BUG("users");
}

static size_t queue(struct arena *a, const long long *ag, size_t nag, const char *search,
		    enum request_sort sort, bool desc, struct request_row2 **rows)
{
	struct request_filter f = {.agencies = ag,
				   .nagencies = nag,
				   .state = "all",
				   .cal = cal,
				   .search = search,
				   .sort = sort,
				   .descending = desc};
	size_t n = 0;
	if (store_request_queue(st, a, &f, rows, &n))
		return (size_t)-1;
	long long count = -1;
	store_request_queue_count(st, &f, &count);
	tap_int(count, (long long)n, "count agrees with the rows for \"%s\"", search ? search : "");
	return n;
}

static long long r_zhang, r_li, r_shop, r_dept, r_other;

static void test_search_sort(struct arena *a)
{
	r_zhang = add(gov, "张三", "2026-11-02", NULL, 0);
	r_li = add(gov, "李四", "2026-11-05", NULL, 0);
	r_shop = add(gov, "某某100%店", "2026-11-03", NULL, 0);
	r_dept = add(dept, "张小明", "2026-11-04", NULL, 0);
	r_other = add(other, "张三", "2026-11-06", NULL, 0);
	long long mine[] = {gov, dept};
	struct request_row2 *rows = NULL;
	tap_int((long long)queue(a, mine, 2, "张", 0, false, &rows), 2,
		"a part of a name finds both 张 of my agencies (not the other agency's)");
	tap_int((long long)queue(a, mine, 2, "%", 0, false, &rows), 1,
		"%% is a character, not a wildcard");
	tap_ok(rows && rows[0].id == r_shop, "the shop whose name holds it");
	char num[32];
	snprintf(num, sizeof(num), "第%lld号", r_li);
	tap_int((long long)queue(a, mine, 2, num, 0, false, &rows), 1, "a number as 第N号");
	tap_ok(rows && rows[0].id == r_li, "finds that request");
	snprintf(num, sizeof(num), "%lld", r_other);
	tap_int((long long)queue(a, mine, 2, num, 0, false, &rows), 0,
		"the number of another agency's request finds nothing");
	struct request_meta m;
	store_request_meta(st, a, r_dept, &m);
	char typed[20];
	snprintf(typed, sizeof(typed), "%.4s-%.4s-%.4s", m.query_code, m.query_code + 4,
		 m.query_code + 8);
	for (char *p = typed; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	tap_int((long long)queue(a, mine, 2, typed, 0, false, &rows), 1, "a 查询码 as typed");
	tap_ok(rows && rows[0].id == r_dept, "finds its request");
	store_request_meta(st, a, r_other, &m);
	tap_int((long long)queue(a, mine, 2, m.query_code, 0, false, &rows), 0,
		"another agency's 查询码 finds nothing");
	tap_int((long long)queue(a, mine, 2, "' OR 1=1 --", 0, false, &rows), 0,
		"SQL in the box is only text");

	size_t n = queue(a, mine, 2, NULL, REQUEST_SORT_RECEIVED, false, &rows);
	tap_int((long long)n, 4, "four requests of mine");
	bool asc = true;
	for (size_t i = 1; i < n; i++)
		asc &= rows[i - 1].received_on <= rows[i].received_on;
	tap_ok(asc && rows[0].id == r_zhang, "sorted by date received, oldest first");
	n = queue(a, mine, 2, NULL, REQUEST_SORT_RECEIVED, true, &rows);
	tap_ok(n == 4 && rows[0].id == r_li, "newest first when descending");
	n = queue(a, mine, 2, NULL, REQUEST_SORT_DUE, false, &rows);
	bool due = true;
	for (size_t i = 1; i < n; i++)
		due &= rows[i - 1].due_on <= rows[i].due_on;
	tap_ok(n == 4 && due, "sorted by due date");
	struct request_filter bad = {.agencies = mine, .nagencies = 2, .sort = 99};
	tap_int(store_request_queue(st, a, &bad, &rows, &n), ZF_EINVAL, "an unknown sort");
}

static void test_batch_assign(struct arena *a)
{
	struct buf before = BUF_INIT, after = BUF_INIT, err = BUF_INIT;
	long long scope[] = {gov, dept};
	long long audits0 = 0, audits1 = 0;
	store_audit_count(st, &audits0);

	long long with_other[] = {r_zhang, r_other, r_li};
	long long bad = 0;
	dump(&before);
	tap_int(
	    store_request_assign_many(st, "clerk_gov", with_other, 3, u_gov, scope, 2, &bad, &err),
	    ZF_ENOENT, "a request of another agency refuses the whole batch");
	tap_int(bad, r_other, "and names it");
	tap_ok(strstr(buf_cstr(&err), "没有编号为") != NULL, "told like a missing one: %s",
	       buf_cstr(&err));
	dump(&after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "nothing was written");

	long long mine[] = {r_zhang, r_dept};
	buf_reset(&err);
	tap_int(store_request_assign_many(st, "clerk_gov", mine, 2, u_dept, scope, 2, &bad, &err),
		ZF_EINVAL,
		"a handler who may not handle one of them (the department's clerk on "
		"a government request)");
	tap_int(bad, r_zhang, "names the request");
	dump(&after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "nothing was written");
	buf_reset(&err);
	tap_int(store_request_assign_many(st, "clerk_gov", mine, 0, u_gov, scope, 2, &bad, &err),
		ZF_EINVAL, "an empty batch");

	buf_reset(&err);
	tap_int(store_request_assign_many(st, "clerk_gov", mine, 2, u_gov, scope, 2, &bad, &err), 0,
		"the government's clerk takes both (the department is below it): %s",
		buf_cstr(&err));
	struct request_meta m1, m2;
	store_request_meta(st, a, r_zhang, &m1);
	store_request_meta(st, a, r_dept, &m2);
	tap_ok(m1.handler_user_id == u_gov && m2.handler_user_id == u_gov, "both assigned");
	tap_str(m1.handler_name, "王经办", "by display name");
	store_audit_count(st, &audits1);
	tap_int(audits1 - audits0, 2, "one audit line a request");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'request.assign'"
				   " AND actor = 'clerk_gov'"),
		2, "request.assign by the actor");

	struct request_row2 *rows;
	size_t n = queue(a, scope, 2, NULL, REQUEST_SORT_HANDLER, true, &rows);
	tap_ok(n == 4 && rows[0].handler_user_id == u_gov, "handler sort: assigned first when "
							   "descending");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
}

static void test_audit(struct arena *a)
{
	store_audit(st, "clerk_dept", "doc.publish", "doc:7", "x");
	store_audit(st, "clerk_other", "request.add", "request:999", "y");
	store_audit(st, "system", "calendar.update", "", "z");
	char obj[40];
	snprintf(obj, sizeof(obj), "request:%lld", r_zhang);

	long long all_gov[] = {gov, dept};
	struct audit_filter f = {.agencies = all_gov, .nagencies = 2};
	struct audit_row *rows = NULL;
	size_t n = 0;
	long long count = 0;
	tap_int(store_audit_query(st, a, &f, &rows, &n), 0, "the log of the government's subtree");
	store_audit_query_count(st, &f, &count);
	tap_int(count, (long long)n, "count agrees");
	bool scoped = n > 0;
	for (size_t i = 0; i < n; i++)
		scoped &=
		    !strcmp(rows[i].actor, "clerk_gov") || !strcmp(rows[i].actor, "clerk_dept");
	tap_ok(scoped, "only lines of its users (%zu)", n);
	tap_ok(n > 1 && rows[0].id > rows[1].id, "newest first");
	tap_str(rows[0].actor_name, "李经办", "actors by display name");
	tap_str(rows[0].agency_name, "示例市教育局", "with their agency");

	long long dept_only[] = {dept};
	struct audit_filter fd = {.agencies = dept_only, .nagencies = 1};
	store_audit_query(st, a, &fd, &rows, &n);
	tap_ok(n == 1 && !strcmp(rows[0].action, "doc.publish"),
	       "the department's admin sees its own lines only");
	fd.all_actors = true;
	store_audit_query(st, a, &fd, &rows, &n);
	bool sys = false;
	for (size_t i = 0; i < n; i++)
		sys |= !strcmp(rows[i].actor, "system");
	tap_ok(sys, "all_actors adds lines of actors who are no user");

	struct audit_filter g = f;
	g.actor = "王经";
	store_audit_query(st, a, &g, &rows, &n);
	bool ok = n > 0;
	for (size_t i = 0; i < n; i++)
		ok &= !strcmp(rows[i].actor, "clerk_gov");
	tap_ok(ok, "actor by a part of the display name (%zu)", n);
	g = f;
	g.actor = "clerk_dept";
	store_audit_query(st, a, &g, &rows, &n);
	tap_int((long long)n, 1, "actor by login");
	g = f;
	g.action = "request.";
	store_audit_query(st, a, &g, &rows, &n);
	ok = n > 0;
	for (size_t i = 0; i < n; i++)
		ok &= !strncmp(rows[i].action, "request.", 8);
	tap_ok(ok, "action by prefix (%zu)", n);
	g = f;
	snprintf(obj, sizeof(obj), "第%lld号", r_zhang);
	g.object = obj;
	store_audit_query(st, a, &g, &rows, &n);
	char want[40];
	snprintf(want, sizeof(want), "request:%lld", r_zhang);
	ok = n >= 2;
	for (size_t i = 0; i < n; i++)
		ok &= !strcmp(rows[i].object, want);
	tap_ok(ok, "object by request number (%zu lines)", n);
	g = f;
	g.agency_id = dept;
	store_audit_query(st, a, &g, &rows, &n);
	tap_ok(n == 1 && !strcmp(rows[0].actor, "clerk_dept"), "agency filter");
	g = f;
	g.action = "%";
	store_audit_query(st, a, &g, &rows, &n);
	tap_int((long long)n, 0, "%% in a filter is a character");
	g = f;
	g.from = date_today();
	g.to = date_today();
	long long today_n = 0, total = 0;
	store_audit_query_count(st, &g, &today_n);
	store_audit_query_count(st, &f, &total);
	tap_int(today_n, total, "every line was written today (Beijing)");
	g.from = date_today() + 1;
	g.to = 0;
	store_audit_query_count(st, &g, &today_n);
	tap_int(today_n, 0, "none from tomorrow on");
	g.from = 0;
	g.to = date_today() - 1;
	store_audit_query_count(st, &g, &today_n);
	tap_int(today_n, 0, "none up to yesterday");
	struct audit_filter none = {.agencies = NULL, .nagencies = 0};
	store_audit_query(st, a, &none, &rows, &n);
	tap_int((long long)n, 0, "no agencies: no lines");

	char bj[20];
	tap_str(audit_time_beijing("2026-12-06T17:05:09.123Z", bj), "2026-12-07 01:05:09",
		"UTC after 16:00 is the next Beijing day");
	tap_str(audit_time_beijing("2026-12-31T16:00:00Z", bj), "2027-01-01 00:00:00",
		"across the new year");
	tap_str(audit_time_beijing("2026-03-01T08:00:00Z", bj), "2026-03-01 16:00:00",
		"the same day");
	tap_str(audit_time_beijing("garbage", bj), "garbage", "other text is copied");
}

static void test_correct(struct arena *a)
{
	struct buf before = BUF_INIT, after = BUF_INIT, err = BUF_INIT;
	struct clock_event more[] = {
	    {.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = day("2026-11-03")},
	    {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = day("2026-11-09")},
	};
	long long id = add(gov, "陈六", "2026-11-02", more, 2);
	struct request_meta m;
	store_request_meta(st, a, id, &m);
	tap_ok(m.due_on == cal_add_working_days(cal, day("2026-11-09"), 20),
	       "due 20 working days after the supplement");

	long long audits0 = 0, audits1 = 0;
	store_audit_count(st, &audits0);
	struct clock_event fix = {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = day("2026-11-10")};
	long long cid = 0;
	tap_int(
	    store_request_correct(st, "clerk_gov", cal, id, 3, &fix, "登记时日期录错", &cid, &err),
	    0, "the supplement's date corrected: %s", buf_cstr(&err));
	store_request_meta(st, a, id, &m);
	tap_ok(m.due_on == cal_add_working_days(cal, day("2026-11-10"), 20),
	       "the due date is computed again from the corrected history");
	struct request_record rec;
	store_request_get(st, a, id, &rec);
	tap_int((long long)rec.nevents, 3, "the history keeps its three events");
	tap_ok(rec.events[2].on == day("2026-11-10"), "the corrected one in its place");
	struct request_correction *c = NULL;
	size_t nc = 0;
	tap_int(store_request_corrections(st, a, id, &c, &nc), 0, "its corrections");
	tap_ok(nc == 1 && c[0].id == cid && c[0].seq == 3, "one, of event 3");
	tap_ok(nc == 1 && c[0].before.on == day("2026-11-09") &&
		   c[0].before.kind == CLOCK_SUPPLEMENT_RECEIVED,
	       "the original is kept");
	tap_ok(nc == 1 && !strcmp(c[0].reason, "登记时日期录错") && !strcmp(c[0].by_name, "王经办"),
	       "with the reason and who (by name)");
	store_audit_count(st, &audits1);
	tap_int(audits1 - audits0, 1, "one audit line");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action ="
				   " 'request.correct' AND detail LIKE '%2026-11-09->2026-11-10%'"),
		1, "saying what changed");

	dump(&before);
	struct {
		struct clock_event ev;
		int seq;
		const char *reason, *why;
	} refused[] = {
	    {{.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = date_today() + 1}, 3, "x", "a date ahead"},
	    {{.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = day("2026-11-02")},
	     3,
	     "x",
	     "before the request for it"},
	    {{.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = day("2026-11-12")},
	     2,
	     "x",
	     "a request for a supplement after the supplement"},
	    {{.kind = CLOCK_WITHDRAWN, .on = day("2026-11-10")}, 3, "x", "another kind"},
	    {{.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = day("2026-11-11")}, 3, "", "no reason"},
	    {{.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = day("2026-11-10")}, 3, "x", "no change"},
	    {{.kind = CLOCK_RECEIVED, .on = day("2026-11-04"), .channel = CLOCK_ONLINE},
	     1,
	     "x",
	     "a receipt after the events that follow it"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		buf_reset(&err);
		int rc = store_request_correct(st, "clerk_gov", cal, id, refused[i].seq,
					       &refused[i].ev, refused[i].reason, NULL, &err);
		tap_ok(rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ERANGE,
		       "refused: %s (%d: %s)", refused[i].why, rc, buf_cstr(&err));
	}
	buf_reset(&err);
	tap_int(store_request_correct(st, "clerk_gov", cal, id, 9, &fix, "x", NULL, &err),
		ZF_ENOENT, "no event 9");
	tap_int(store_request_correct(st, "clerk_gov", cal, 999999, 1, &fix, "x", NULL, &err),
		ZF_ENOENT, "no such request");
	dump(&after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "refused corrections wrote nothing");

	/* the receipt: the request's received_on follows */
	struct clock_event rcv = {
	    .kind = CLOCK_RECEIVED, .on = day("2026-10-30"), .channel = CLOCK_POST};
	buf_reset(&err);
	tap_int(store_request_correct(st, "clerk_gov", cal, id, 1, &rcv, "邮寄件收到日期有误", NULL,
				      &err),
		0, "the receipt corrected: %s", buf_cstr(&err));
	store_request_meta(st, a, id, &m);
	tap_ok(m.received_on == day("2026-10-30") && m.channel == CLOCK_POST,
	       "received_on and channel follow");

	/* a reply keeps its decision and its letter number */
	struct clock_event reply = {.kind = CLOCK_REPLIED,
				    .on = day("2026-11-20"),
				    .decision = "granted",
				    .letter_no = "〔2026〕第5号"};
	long long rid = add(gov, "周七", "2026-11-16", &reply, 1);
	struct clock_event newer = {.kind = CLOCK_REPLIED,
				    .on = day("2026-11-19"),
				    .decision = "withheld",
				    .letter_no = "〔2026〕第6号"};
	long long numbers = store_test_int(st, "SELECT count(*) FROM letter_numbers");
	buf_reset(&err);
	tap_int(
	    store_request_correct(st, "clerk_gov", cal, rid, 2, &newer, "答复日期录错", NULL, &err),
	    0, "a reply's date corrected: %s", buf_cstr(&err));
	store_request_get(st, a, rid, &rec);
	tap_ok(rec.events[1].on == day("2026-11-19"), "the new date");
	tap_str(rec.events[1].letter_no, "〔2026〕第5号", "the letter number is kept");
	tap_str(rec.events[1].decision, "granted", "and the decision");
	store_request_meta(st, a, rid, &m);
	tap_ok(m.closed_on == day("2026-11-19"), "closed on the corrected date");
	tap_int(store_test_int(st, "SELECT count(*) FROM letter_numbers"), numbers,
		"no number was taken");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
}

static void test_trends(void)
{
	/* a fresh agency: received this month and two months ago; one answered late, one in
	 * time, one open and overdue */
	long long town = 0;
	if (store_agency_add(st, gov, "示例镇人民政府", AGENCY_TOWN, &town))
		BUG("town");
	zf_day today = day("2026-12-04");
	struct clock_event late[] = {
	    {.kind = CLOCK_REPLIED, .on = day("2026-11-20"), .decision = "granted"}};
	add(town, "甲", "2026-10-09", late, 1); /* due 2026-11-06 (国庆 in between): late */
	struct clock_event in_time[] = {
	    {.kind = CLOCK_REPLIED, .on = day("2026-10-20"), .decision = "withheld_state_secret"}};
	add(town, "乙", "2026-10-12", in_time, 1);
	add(town, "丙", "2026-10-13", NULL, 0); /* open, due in November: overdue */
	add(town, "丁", "2026-12-01", NULL, 0);
	long long ag[] = {town};
	struct request_trends t;
	tap_int(store_request_trends(st, ag, 1, cal, today, &t), 0, "the trends of an agency");
	tap_ok(t.first_year == 2026 && t.first_month == 1, "twelve months from 2026-01 (%d-%d)",
	       t.first_year, t.first_month);
	tap_int(t.received[9], 3, "three received in October");
	tap_int(t.received[11], 1, "one in December");
	tap_int(t.replied[9] + t.replied[10], 2, "two answered");
	tap_int(t.overdue[10], 2, "November: one answered late, one due and still open");
	tap_int(t.overdue[9], 0, "October: none late");
	tap_int(t.outcomes[0], 1, "予以公开 1");
	tap_int(t.outcomes[2], 1, "不予公开 1");
	long long none[] = {other};
	store_request_trends(st, none, 1, cal, day("2025-01-15"), &t);
	tap_ok(t.first_year == 2024 && t.first_month == 2, "across a year (%d-%d)", t.first_year,
	       t.first_month);
	tap_int(store_request_trends(st, NULL, 0, cal, today, &t), 0, "no agencies");
	tap_int(t.received[11], 0, "count nothing");
}

int main(void)
{
	struct buf err = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	printf("# engine: %s\n", store_test_engine());
	st = store_test_fresh("queuework");
	if (!st)
		BUG("store");
	seed();
	struct arena *a = arena_new(0);
	test_search_sort(a);
	test_batch_assign(a);
	test_audit(a);
	test_correct(a);
	test_trends();
	arena_free(a);
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	return tap_done();
}
