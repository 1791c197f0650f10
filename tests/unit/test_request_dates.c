/* test_request_dates.c: the store refuses events dated ahead of today (Beijing) on every path
 * that adds them: a new request whose receipt lies ahead, an event (补正, 答复) dated ahead, a
 * reply letter dated ahead (which takes no number), the bulk add; and an event dated before
 * the receipt. A refusal leaves the database as it was. Runs on both engines (store_test.h):
 * zf-store-test-both-engines */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "store/db.h"
#include "store/requests.h"
#include "store/web.h"
#include "store_test.h"
#include "tap.h"

static bool same(struct store *st, const struct buf *before)
{
	struct buf now = BUF_INIT;
	store_test_dump(st, &now);
	bool ok = before->len > 0 && now.len == before->len && !memcmp(now.p, before->p, now.len);
	if (!ok && getenv("ZF_TEST_DEBUG"))
		fprintf(stderr, "BEFORE\n%s\nNOW\n%s\n", buf_cstr(before), buf_cstr(&now));
	buf_free(&now);
	return ok;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct buf err = BUF_INIT, before = BUF_INIT;
	struct calendar *cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	struct store *st = store_test_fresh("dates");
	bool seeded = false;
	if (!tap_ok(st && !demo_seed_agencies(st, &seeded), "a fresh database with agencies"))
		return tap_done();
	zf_day today = date_today();
	char tday[11];
	date_format(today, tday);

	/* the helper itself */
	struct clock_event r0 = {.kind = CLOCK_RECEIVED, .on = today};
	tap_int(store_request_dates_check(&r0, 1, 0, &err), 0, "today is not the future");
	r0.on = today + 1;
	tap_int(store_request_dates_check(&r0, 1, 0, &err), ZF_EINVAL, "tomorrow is");
	tap_ok(strstr(buf_cstr(&err), "晚于今天") != NULL, "in Chinese: %s", buf_cstr(&err));
	tap_int(store_request_dates_check(&r0, 1, today + 1, &err), 0, "today can be given");

	struct request_new rq = {
	    .agency_id = 1,
	    .applicant_type = REPORT_COL_NATURAL_PERSON,
	    .applicant_name = "张三",
	    .description = "某项目的批复文件",
	};
	/* a receipt ahead of today */
	buf_reset(&before);
	store_test_dump(st, &before);
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = today + 3};
	long long id = 0;
	buf_reset(&err);
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err), ZF_EINVAL,
		"a request received ahead of today is refused");
	tap_ok(strstr(buf_cstr(&err), "收到申请") != NULL, "the reason names the receipt: %s",
	       buf_cstr(&err));
	ev.on = today;
	ev.arrived = today + 1;
	buf_reset(&err);
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err), ZF_EINVAL,
		"an arrival ahead of today is refused");
	tap_ok(same(st, &before), "nothing was written");

	/* a request received 10 days ago */
	ev = (struct clock_event){.kind = CLOCK_RECEIVED, .on = today - 10};
	if (!tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err), 0,
		     "a request received in the past is kept (%s)", buf_cstr(&err)))
		return tap_done();
	buf_reset(&before);
	store_test_dump(st, &before);

	struct clock_event sup = {
	    .kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today + 1, .until = today + 20};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &sup, NULL, &err), ZF_EINVAL,
		"a 补正 notice dated ahead of today is refused");
	tap_ok(strstr(buf_cstr(&err), "晚于今天") != NULL, "with the reason: %s", buf_cstr(&err));
	struct clock_event rep = {.kind = CLOCK_REPLIED, .on = today + 30, .decision = "granted"};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &rep, NULL, &err), ZF_EINVAL,
		"a reply event dated ahead of today is refused");
	struct clock_event early = {
	    .kind = CLOCK_SUPPLEMENT_REQUESTED, .on = today - 11, .until = today + 5};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &early, NULL, &err), ZF_ESTATE,
		"an event dated before the receipt is refused");
	tap_ok(strstr(buf_cstr(&err), "早于收到申请之日") != NULL, "with the reason: %s",
	       buf_cstr(&err));

	/* the reply letter: refused before it takes a number */
	struct arena *a = arena_new(0);
	long long numbers = store_test_int(st, "SELECT COUNT(*) FROM letter_numbers");
	struct reply_new rp = {
	    .request_id = id,
	    .decision = "granted",
	    .on = today + 1,
	    .agency_name = "示例区人民政府",
	    .applicant = "张三",
	    .body = "正文\n",
	};
	buf_reset(&err);
	tap_int(store_reply_issue(st, "clerk", cal, a, &rp, NULL, &err), ZF_EINVAL,
		"a reply letter dated ahead of today is refused");
	tap_ok(strstr(buf_cstr(&err), "晚于今天") != NULL, "with the reason: %s", buf_cstr(&err));
	tap_int(store_test_int(st, "SELECT COUNT(*) FROM letter_numbers"), numbers,
		"it took no letter number");
	tap_ok(same(st, &before), "the refusals changed nothing");

	/* an event in order is still accepted, and a later one dated before it refused */
	sup.on = today - 5;
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &sup, NULL, &err), 0,
		"a 补正 notice dated in the past is kept (%s)", buf_cstr(&err));
	struct clock_event back = {.kind = CLOCK_SUPPLEMENT_RECEIVED, .on = today - 6};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &back, NULL, &err), ZF_ESTATE,
		"an event dated before the previous one is refused");

	/* the bulk add (imports) */
	buf_reset(&before);
	store_test_dump(st, &before);
	struct clock_event hist[2] = {
	    {.kind = CLOCK_RECEIVED, .on = today - 3},
	    {.kind = CLOCK_REPLIED, .on = today + 2, .decision = "granted"},
	};
	struct request_import it = {.rq = rq, .ev = hist, .nev = 2};
	size_t bad = 9;
	buf_reset(&err);
	tap_int(store_request_add_many(st, "import", cal, &it, 1, NULL, &bad, &err), ZF_EINVAL,
		"an imported history with a reply ahead of today is refused");
	tap_ok(same(st, &before), "and nothing was imported");

	arena_free(a);
	buf_free(&before);
	buf_free(&err);
	store_close(st);
	cal_free(cal);
	return tap_done();
}
