/* test_store_requests.c: requests and review cases in the store, on the engine under test
 * (store_test.h): insert, events checked by the clock, a refused write leaves the database
 * as it was, audit lines, no personal data in the logs or the audit log; and the same
 * synthetic history stored in SQLite and in the engine under test giving the same report
 * input and the same annual report, cell for cell. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/report.h"
#include "law/report_gen.h"
#include "law/synth.h"
#include "log.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store/requests.h"
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

/* One synthetic request, its history and perhaps a review case. */
struct synth_case {
	size_t agency; /* index into the agency list */
	enum report_t3_col col;
	char name[64], address[128], description[256];
	struct clock_event ev[SYNTH_MAX_EVENTS];
	size_t nev;
	bool review, decided, litigate;
	int review_after, decide_after;
	enum report_t4_field outcome;
};

static int gen_cmp(const void *pa, const void *pb)
{
	const struct report_gen_request *a = pa, *b = pb;
	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	if (a->closed_on != b->closed_on)
		return a->closed_on < b->closed_on ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->closed != b->closed)
		return a->closed ? 1 : -1;
	return a->closed && a->row != b->row ? (a->row < b->row ? -1 : 1) : 0;
}

static int rev_cmp(const void *pa, const void *pb)
{
	const struct report_gen_review *a = pa, *b = pb;
	if (a->filed != b->filed)
		return a->filed < b->filed ? -1 : 1;
	if (a->decided_on != b->decided_on)
		return a->decided_on < b->decided_on ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->decided && a->outcome != b->outcome ? (a->outcome < b->outcome ? -1 : 1) : 0;
}

/* Stores the cases in st: the first half one by one, the rest in one bulk add. */
static int store_cases(struct store *st, const struct agency *ag, const struct synth_case *cs,
		       size_t n, struct buf *err)
{
	long long *ids = xcalloc(n, sizeof(*ids));
	int rc = store_batch_begin(st);
	for (size_t i = 0; !rc && i < n / 2; i++) {
		struct request_new rq = {
		    ag[cs[i].agency].id, cs[i].col,	   cs[i].name, NULL, NULL,
		    cs[i].address,	 cs[i].description};
		rc = store_request_add(st, "synth", cal, &rq, cs[i].ev, cs[i].nev, &ids[i], err);
	}
	if (!rc) {
		struct request_import *items = xcalloc(n - n / 2, sizeof(*items));
		for (size_t i = n / 2; i < n; i++) {
			struct request_import *it = &items[i - n / 2];
			it->rq = (struct request_new){
			    ag[cs[i].agency].id, cs[i].col,	   cs[i].name, NULL, NULL,
			    cs[i].address,	 cs[i].description};
			it->ev = cs[i].ev;
			it->nev = cs[i].nev;
		}
		rc = store_request_add_many(st, "synth", cal, items, n - n / 2, ids + n / 2, NULL,
					    err);
		free(items);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		if (!cs[i].review)
			continue;
		const struct clock_event *last = &cs[i].ev[cs[i].nev - 1];
		struct review_new rv = {
		    ids[i], cs[i].litigate ? REPORT_T4_LITIGATION_DIRECT : REPORT_T4_REVIEW,
		    last->on + cs[i].review_after, "示例市人民政府"};
		long long rid = 0;
		rc = store_review_add(st, "synth", &rv, &rid, err);
		if (!rc && cs[i].decided)
			rc = store_review_decide(st, "synth", rid, cs[i].outcome,
						 rv.filed_on + cs[i].decide_after, err);
	}
	if (!rc)
		rc = store_batch_commit(st);
	else
		store_batch_rollback(st);
	free(ids);
	return rc;
}

static bool same_cells(const struct report *a, const struct report *b, size_t *cells)
{
	*cells = 0;
	for (int r = 0; r < REPORT_T3_ROWS; r++)
		for (int c = 0; c < REPORT_T3_COLS; c++, (*cells)++)
			if (a->table3[r][c].present != b->table3[r][c].present ||
			    a->table3[r][c].v != b->table3[r][c].v)
				return false;
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int f = 0; f < REPORT_T4_FIELDS; f++, (*cells)++)
			if (a->table4[g][f].present != b->table4[g][f].present ||
			    a->table4[g][f].v != b->table4[g][f].v)
				return false;
	return true;
}

/* The same synthetic history in an SQLite file and in the engine under test. */
static void test_both_engines(void)
{
	enum { N = 400 };
	char *path = xasprintf("%s/both.db", dir);
	struct store *eng[2] = {NULL, store_test_fresh("both")};
	struct buf oerr = BUF_INIT;
	if (store_open(path, &eng[0], &oerr) || store_migrate(eng[0], NULL, &oerr) || !eng[1])
		BUG("both engines: %s", buf_cstr(&oerr));
	buf_free(&oerr);
	const char *names[2] = {"SQLite", store_test_is_pg() ? "PostgreSQL" : "SQLite (2)"};
	struct arena *a = arena_new(0);
	struct agency *ag[2];
	size_t nag[2];
	for (int e = 0; e < 2; e++) {
		bool seeded;
		long long gov = 0;
		demo_seed_agencies(eng[e], &seeded);
		store_agency_list(eng[e], a, &ag[e], &nag[e]);
		gov = ag[e][0].id;
		store_agency_add(eng[e], gov, "示例街道办事处", AGENCY_TOWN, NULL);
		store_agency_list(eng[e], a, &ag[e], &nag[e]);
	}
	tap_ok(nag[0] == 4 && nag[1] == 4 && ag[0][3].id == ag[1][3].id,
	       "the same agency tree in both engines");

	/* a few hundred lawful histories over three years, some still open, some reviewed */
	struct synth s;
	synth_seed(&s, 20240601);
	struct synth_case *cs = xcalloc(N, sizeof(*cs));
	zf_day from = day("2023-01-02"), to = day("2025-12-31"), horizon = day("2026-01-20");
	size_t open = 0, reviews = 0;
	for (size_t i = 0; i < N; i++) {
		struct synth_case *c = &cs[i];
		zf_day rec = from + synth_range(&s, 0, (int)(to - from));
		while (!cal_is_working(cal, rec))
			rec++;
		c->agency = (size_t)synth_range(&s, 0, (int)nag[0] - 1);
		c->col = synth_applicant(&s);
		synth_applicant_name(&s, c->col, c->name, sizeof(c->name));
		synth_address(&s, c->address, sizeof(c->address));
		synth_description(&s, date_to_ymd(rec).y, c->description, sizeof(c->description));
		/* now and then the horizon comes early: the request stays open */
		zf_day h = synth_range(&s, 1, 10) == 1 ? rec + synth_range(&s, 0, 30) : horizon;
		c->nev = synth_history(&s, cal, rec, h, c->ev);
		const struct clock_event *last = &c->ev[c->nev - 1];
		if (last->kind != CLOCK_REPLIED && last->kind != CLOCK_WITHDRAWN &&
		    last->kind != CLOCK_SUPPLEMENT_LAPSED && last->kind != CLOCK_FEE_LAPSED)
			open++;
		if (last->kind == CLOCK_REPLIED && synth_range(&s, 1, 100) <= 15) {
			c->review = true;
			c->litigate = synth_range(&s, 1, 100) <= 20;
			c->review_after = synth_range(&s, 1, 60);
			c->decided = synth_range(&s, 1, 100) <= 70;
			c->decide_after = synth_range(&s, 20, 200);
			int o = synth_range(&s, 1, 3);
			c->outcome = o == 1   ? REPORT_T4_UPHELD
				     : o == 2 ? REPORT_T4_CORRECTED
					      : REPORT_T4_OTHER;
			reviews++;
		}
	}
	tap_ok(open > 10 && reviews > 10, "the history has open requests (%zu) and cases (%zu)",
	       open, reviews);
	struct buf err = BUF_INIT;
	for (int e = 0; e < 2; e++)
		tap_int(store_cases(eng[e], ag[e], cs, N, &err), 0, "%d requests stored in %s: %s",
			N, names[e], buf_cstr(&err));

	long long cnt[2] = {0, 0};
	store_request_count(eng[0], &cnt[0]);
	store_request_count(eng[1], &cnt[1]);
	tap_ok(cnt[0] == N && cnt[1] == N, "both hold %d requests", N);

	/* the same lists */
	struct request_row *rl[2];
	size_t nrl[2];
	struct review_row *vl[2];
	size_t nvl[2];
	for (int e = 0; e < 2; e++) {
		store_request_list(eng[e], a, 0, 0, &rl[e], &nrl[e]);
		store_review_list(eng[e], a, 0, &vl[e], &nvl[e]);
	}
	bool same = nrl[0] == nrl[1] && nvl[0] == nvl[1];
	for (size_t i = 0; same && i < nrl[0]; i++)
		same = rl[0][i].id == rl[1][i].id && rl[0][i].received_on == rl[1][i].received_on &&
		       rl[0][i].closed_on == rl[1][i].closed_on &&
		       !strcmp(rl[0][i].state, rl[1][i].state) &&
		       !strcmp(rl[0][i].report_row, rl[1][i].report_row) &&
		       !strcmp(rl[0][i].description, rl[1][i].description) &&
		       rl[0][i].applicant_type == rl[1][i].applicant_type;
	tap_ok(same, "request lists are the same (%zu rows)", nrl[0]);
	same = nvl[0] == nvl[1];
	for (size_t i = 0; same && i < nvl[0]; i++)
		same = vl[0][i].id == vl[1][i].id && vl[0][i].filed_on == vl[1][i].filed_on &&
		       vl[0][i].decided_on == vl[1][i].decided_on &&
		       vl[0][i].outcome == vl[1][i].outcome && vl[0][i].kind == vl[1][i].kind;
	tap_ok(same, "review lists are the same (%zu rows)", nvl[0]);
	same = true;
	for (size_t i = 0; same && i < nrl[0]; i += 37) {
		struct request_record r0, r1;
		same = !store_request_get(eng[0], a, rl[0][i].id, &r0) &&
		       !store_request_get(eng[1], a, rl[0][i].id, &r1) &&
		       r0.nevents == r1.nevents && !strcmp(r0.applicant_name, r1.applicant_name) &&
		       !strcmp(r0.address, r1.address);
		for (size_t k = 0; same && k < r0.nevents; k++) {
			const struct clock_event *x = &r0.events[k], *y = &r1.events[k];
			same = x->kind == y->kind && x->on == y->on && x->until == y->until &&
			       x->delivered == y->delivered && x->days == y->days &&
			       x->channel == y->channel && x->party == y->party &&
			       !strcmp(x->decision ? x->decision : "",
				       y->decision ? y->decision : "") &&
			       !strcmp(x->who ? x->who : "", y->who ? y->who : "");
		}
	}
	tap_ok(same, "stored histories are the same, event for event");

	/* every year, the government with its subordinates and each agency alone */
	for (int year = 2023; year <= 2026; year++) {
		size_t checked = 0, cells = 0, nreq = 0, nrev = 0, grouped = 0;
		bool ok = true;
		for (size_t g = 0; ok && g < nag[0]; g++) {
			struct report_gen_request *q[2];
			struct report_gen_review *w[2];
			size_t nq[2], nw[2];
			struct report *r[2] = {NULL, NULL};
			for (int e = 0; e < 2; e++) {
				long long *ids;
				size_t nids;
				store_agency_subtree(eng[e], ag[e][g].id, g == 0, &ids, &nids);
				ok = ok && !store_report_cases(eng[e], ids, nids, year, &q[e],
							       &nq[e], &w[e], &nw[e]);
				free(ids);
			}
			if (!ok)
				break;
			ok = nq[0] == nq[1] && nw[0] == nw[1];
			qsort(q[0], nq[0], sizeof(*q[0]), gen_cmp);
			qsort(q[1], nq[1], sizeof(*q[1]), gen_cmp);
			qsort(w[0], nw[0], sizeof(*w[0]), rev_cmp);
			qsort(w[1], nw[1], sizeof(*w[1]), rev_cmp);
			for (size_t i = 0; ok && i < nq[0]; i++)
				ok = gen_cmp(&q[0][i], &q[1][i]) == 0;
			for (size_t i = 0; ok && i < nw[0]; i++)
				ok = rev_cmp(&w[0][i], &w[1][i]) == 0;
			for (int e = 0; ok && e < 2; e++) {
				r[e] = report_new();
				ok = report_gen(r[e], year, q[e], nq[e], w[e], nw[e]) == 0;
			}
			/* the grouped input (store_report_counts) fills the same cells */
			for (int e = 0; ok && e < 2; e++) {
				struct report_gen_request *gq = NULL;
				struct report_gen_review *gw = NULL;
				size_t ngq = 0, ngw = 0, gc = 0;
				long long *ids;
				size_t nids;
				store_agency_subtree(eng[e], ag[e][g].id, g == 0, &ids, &nids);
				ok = !store_report_counts(eng[e], ids, nids, year, &gq, &ngq, &gw,
							  &ngw);
				free(ids);
				struct report *gr = report_new();
				ok = ok && report_gen(gr, year, gq, ngq, gw, ngw) == 0 &&
				     same_cells(r[e], gr, &gc) && ngq <= nq[e];
				grouped += e == 0 ? ngq : 0;
				report_free(gr);
				free(gq);
				free(gw);
			}
			size_t c = 0;
			if (ok)
				ok = same_cells(r[0], r[1], &c);
			report_free(r[0]);
			report_free(r[1]);
			cells += c;
			nreq += nq[0];
			nrev += nw[0];
			checked++;
			for (int e = 0; e < 2; e++) {
				free(q[e]);
				free(w[e]);
			}
		}
		tap_ok(
		    ok && checked == nag[0],
		    "%d: report input and every report cell equal in both engines, and from the "
		    "grouped input (%zu reports, %zu cells, %zu requests in %zu groups, %zu cases)",
		    year, checked, cells, nreq, grouped, nrev);
	}
	/* and a report of the government's year has something in it */
	long long *ids;
	size_t nids;
	struct report_gen_request *q;
	struct report_gen_review *w;
	size_t nq, nw;
	store_agency_subtree(eng[1], ag[1][0].id, true, &ids, &nids);
	store_report_cases(eng[1], ids, nids, 2024, &q, &nq, &w, &nw);
	tap_ok(nq > 50 && nw > 0, "2024 has requests (%zu) and cases (%zu) to count", nq, nw);
	free(ids);
	free(q);
	free(w);

	buf_free(&err);
	free(cs);
	arena_free(a);
	store_close(eng[0]);
	store_close(eng[1]);
	free(path);
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
	test_both_engines();

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
