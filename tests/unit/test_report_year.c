/* test_report_year.c: an annual report is published only once its year has ended in Beijing
 * (条例 Art. 49), by the store itself (store_report_publish, store_report_publish_dated):
 * the running year is refused with a Chinese reason and nothing is written; the boundary is
 * Beijing midnight, 16:00 UTC on 31 December. zf-store-test-both-engines */
#include "common.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store/public.h"
#include "store_test.h"
#include "tap.h"

static const char *json(int year, char *buf, size_t n)
{
	snprintf(buf, n, "{\"schema\":\"zfxxgk.report/1\",\"year\":%d}", year);
	return buf;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("report_year");
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("store");
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	int this_year = date_to_ymd(date_today()).y;
	char j[128];

	tap_int(store_report_year_check(this_year, date_today(), &err), ZF_ESTATE,
		"the running year has not ended");
	tap_ok(strstr(buf_cstr(&err), "年度尚未结束") != NULL, "in Chinese: %s", buf_cstr(&err));
	tap_int(store_report_year_check(this_year - 1, date_today(), NULL), 0,
		"last year has ended");
	tap_int(store_report_year_check(this_year + 1, date_today(), NULL), ZF_ESTATE,
		"a future year is refused too");

	store_test_dump(st, &before);
	buf_reset(&err);
	tap_int(
	    store_report_publish(st, "reviewer", 1, this_year, json(this_year, j, sizeof(j)), &err),
	    ZF_ESTATE, "publishing the running year %d is refused", this_year);
	tap_ok(strstr(buf_cstr(&err), "尚未结束") != NULL, "with the reason");
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "nothing is written (no row, no audit)");
	tap_int(store_report_publish(st, "reviewer", 1, this_year - 1,
				     json(this_year - 1, j, sizeof(j)), &err),
		0, "last year's report is published");
	tap_int(store_test_int(st, "SELECT count(*) FROM published_reports"), 1, "one row");

	/* dated publications: the year ends at Beijing midnight */
	tap_int(store_report_publish_dated(st, "system", 2, 2024, json(2024, j, sizeof(j)),
					   "2024-12-31T15:59:59Z", &err),
		ZF_ESTATE, "23:59:59 on 31 December in Beijing is still in the year");
	tap_int(store_report_publish_dated(st, "system", 2, 2024, json(2024, j, sizeof(j)),
					   "2024-12-31T16:00:00Z", &err),
		0, "00:00 on 1 January in Beijing is after it");
	tap_int(store_report_publish_dated(st, "system", 2, 2023, json(2023, j, sizeof(j)),
					   "2023-06-01T02:00:00Z", &err),
		ZF_ESTATE, "a report dated inside its own year is refused");
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	store_close(st);
	return tap_done();
}
