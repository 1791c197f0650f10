/* demo/oversight.c: the oversight demo (oversight.h). */
#include "common.h"
#include "arena.h"
#include "oversight.h"
#include "store/db.h"
#include "store/oversight.h"
#include "store/website_report.h"

#define DEMO_REMINDERS 3

static const char *const notes[DEMO_REMINDERS] = {
    "该申请已超过法定答复期限，请于三个工作日内答复申请人并报送办理情况。",
    "请核实逾期原因，确需征求第三方意见的，及时补登记征求意见情况。",
    "",
};

/* The manual items of last year's report (fictional figures). */
static const struct {
	const char *key, *value;
} manual[] = {
    {"home_url", "http://www.example.gov.cn/"},
    {"site_type", "政府门户网站"},
    {"visitors", "1286450"},
    {"page_views", "5934217"},
    {"docs_overview", "126"},
    {"docs_news", "2318"},
    {"topics_kept", "18"},
    {"topics_new", "4"},
    {"interp_materials", "46"},
    {"interp_products", "21"},
    {"interp_media", "9"},
    {"responses", "37"},
    {"svc_catalogue", "是"},
    {"svc_users", "48213"},
    {"svc_items", "1372"},
    {"svc_online", "1168"},
    {"svc_cases", "215804"},
    {"unified_platform", "是"},
    {"survey_opinions", "412"},
    {"survey_results", "28"},
    {"interview_questions", "356"},
    {"interview_answers", "341"},
    {"smart_qa", "是"},
    {"sec_checks", "12"},
    {"sec_monitoring", "是"},
    {"sec_drill", "是"},
    {"sec_officer", "是"},
    {"weibo", "示例发布，发布量2136条，关注量8.6万"},
    {"wechat", "示例区发布，发布量1542条，订阅数12.3万"},
    {"innovation", "完成网站适老化和无障碍改造，上线智能问答，政策文件与解读关联发布。"},
};

int demo_seed_oversight(struct store *st, const struct calendar *cal, zf_day today, bool *seeded)
{
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct agency *ag = NULL;
	size_t n = 0;
	int rc = store_agency_list(st, a, &ag, &n);
	long long *ids = n ? arena_alloc(a, n * sizeof(*ids)) : NULL;
	for (size_t i = 0; ids && i < n; i++)
		ids[i] = ag[i].id;
	struct oversight_reminder *old = NULL;
	size_t nold = 0;
	if (!rc && n)
		rc = store_oversight_reminders(st, a, ids, n, OVERSIGHT_REQUEST, 0, 1, &old, &nold);
	int year = date_to_ymd(today).y - 1;
	struct website_report wr;
	if (!rc && n)
		rc = store_website_report(st, a, cal, year, today, &wr);
	bool have_manual = false;
	for (size_t i = 0; !rc && n && i < wr_nitems; i++)
		have_manual |= !wr.automatic[i] && *wr.values[i];
	if (rc || n == 0 || nold || have_manual) {
		arena_free(a);
		return rc;
	}
	struct oversight_item *v = NULL;
	size_t nv = 0;
	rc = store_oversight_overdue(st, a, cal, ids, n, today, &v, &nv, NULL);
	if (!rc)
		rc = store_batch_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	for (size_t i = 0; !rc && i < nv && i < DEMO_REMINDERS; i++)
		rc = store_oversight_remind(st, "demo", cal, v[i].kind, v[i].id, notes[i], ids, n,
					    today, NULL, NULL);
	const char *keys[ARRAY_SIZE(manual)], *vals[ARRAY_SIZE(manual)];
	for (size_t i = 0; i < ARRAY_SIZE(manual); i++) {
		keys[i] = manual[i].key;
		vals[i] = manual[i].value;
	}
	if (!rc)
		rc = store_website_report_set(st, "demo", year, keys, vals, ARRAY_SIZE(manual),
					      NULL);
	if (!rc)
		rc = store_website_report_publish(st, "demo", year, true);
	rc = rc ? (store_batch_rollback(st), rc) : store_batch_commit(st);
	*seeded = !rc;
	arena_free(a);
	return rc;
}
