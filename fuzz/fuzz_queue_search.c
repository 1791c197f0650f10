/* fuzz_queue_search.c: libFuzzer target for what a user types into the queue's search box
 * and the audit log's filters (query-string text, store/requests.h and store/audit.h), run
 * against a real SQLite database made once: a request number, a 查询码 or a name becomes a
 * bound parameter, never SQL. Each call must return 0 (or ZF_EINVAL for over-long text) and
 * every row found must be of the agencies asked for. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "store/audit.h"
#include "store/requests.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct store *st;
static long long agency, other;

static void setup(void)
{
	char dir[] = "/tmp/zf-fuzz-queue-XXXXXX";
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	char *path = xasprintf("%s/zf.db", dir);
	struct buf err = BUF_INIT;
	struct calendar *cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	if (store_open(path, &st, &err) || store_migrate(st, NULL, &err) ||
	    store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &agency) ||
	    store_agency_add(st, 0, "另一区人民政府", AGENCY_GOVERNMENT, &other))
		BUG("store: %s", buf_cstr(&err));
	const char *names[] = {"张三", "某某100%店", "李_四", "O'Brien"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct clock_event ev = {.kind = CLOCK_RECEIVED,
					 .on = date_from_ymd(2026, 3, 2),
					 .channel = CLOCK_ONLINE};
		struct request_new rq = {i % 2 ? other : agency,
					 REPORT_COL_NATURAL_PERSON,
					 names[i],
					 "",
					 "",
					 "",
					 "某项信息"};
		if (store_request_add(st, "fuzz", cal, &rq, &ev, 1, NULL, &err))
			BUG("add: %s", buf_cstr(&err));
	}
	buf_free(&err);
	cal_free(cal);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st)
		setup();
	char text[160];
	size_t n = size < sizeof(text) - 1 ? size : sizeof(text) - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	struct arena *a = arena_new(0);
	struct request_filter f = {
	    .agencies = &agency, .nagencies = 1, .state = "all", .search = text};
	struct request_row2 *rows = NULL;
	size_t nrows = 0;
	int rc = store_request_queue(st, a, &f, &rows, &nrows);
	if (rc && rc != ZF_EINVAL)
		BUG("queue search failed: %d", rc);
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].agency_id != agency)
			BUG("a row of another agency");
	long long count = 0;
	rc = store_request_queue_count(st, &f, &count);
	if ((rc && rc != ZF_EINVAL) || (!rc && count != (long long)nrows))
		BUG("count %lld differs from %zu rows", count, nrows);
	struct audit_filter af = {.agencies = &agency,
				  .nagencies = 1,
				  .all_actors = true,
				  .actor = text,
				  .action = text,
				  .object = text};
	struct audit_row *lines = NULL;
	rc = store_audit_query(st, a, &af, &lines, &nrows);
	if (rc && rc != ZF_EINVAL)
		BUG("audit query failed: %d", rc);
	char bj[20];
	audit_time_beijing(text, bj);
	arena_free(a);
	return 0;
}
