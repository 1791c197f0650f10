/* cmd_demo.c: `zfxxgk demo`: a realistic synthetic history in the database: an agency tree,
 * requests received over several years with lawful event histories (law/synth.h, each
 * checked by the clock before it is stored) and review and litigation cases. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "law/synth.h"

#include <getopt.h>
#include <time.h>

static const char help_demo[] =
    "用法：zfxxgk demo --requests 件数 [--db 文件] [--seed 种子]\n"
    "\n"
    "生成演示数据：示例区人民政府及其部门、街道（数据库中还没有机关时），\n"
    "2020—2025 年收到的申请（补正、征求意见、延期、收费、答复、撤回，全部符合法定时限规则），\n"
    "以及部分答复引起的行政复议、行政诉讼案件。同一种子生成同样的数据。\n"
    "\n"
    "选项：\n"
    "  --requests 件数   生成多少件申请（1–10000000）\n"
    "  --db 文件         数据库文件，默认 var/zfxxgk.db\n"
    "  --seed 种子       随机种子（默认 1）\n"
    "  -h, --help        显示本帮助\n";

#define BATCH 20000

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds the departments and a town the seeded tree lacks, so reports have subordinates. */
static int seed_agencies(struct store *st)
{
	bool seeded = false;
	int rc = store_seed_demo(st, &seeded);
	if (rc || !seeded)
		return rc;
	struct arena *a = arena_new(0);
	struct agency *list;
	size_t n;
	rc = store_agency_list(st, a, &list, &n);
	if (!rc && n > 0) {
		rc = store_agency_add(st, list[0].id, "示例区教育局", AGENCY_DEPARTMENT, NULL);
		if (!rc)
			rc = store_agency_add(st, list[0].id, "示例街道办事处", AGENCY_TOWN, NULL);
		if (!rc)
			rc = store_audit(st, "system", "demo.seed", "agencies",
					 "示例区教育局、示例街道办事处");
	}
	arena_free(a);
	return rc;
}

static const char *const topics[] = {
    "某小区建设工程规划许可证及附图", "2023年度区级部门预算执行情况", "某地块征收补偿安置方案",
    "某道路拓宽工程环境影响评价文件", "本人房屋拆迁评估报告",	      "某学校划片招生范围的依据",
    "某企业行政处罚决定书",	      "某项目政府采购合同",
};

static int add_reviews(struct store *st, struct synth *s, long long request_id,
		       const struct clock_event *last, zf_day horizon, long long *nreviews,
		       struct buf *err)
{
	if (last->kind != CLOCK_REPLIED || !last->decision || !strcmp(last->decision, "granted") ||
	    synth_range(s, 1, 100) > 4)
		return 0;
	struct review_new rv = {request_id, REPORT_T4_REVIEW, last->on + synth_range(s, 5, 55),
				"示例市人民政府"};
	int p = synth_range(s, 1, 100);
	if (p > 85) {
		rv.kind = REPORT_T4_LITIGATION_DIRECT;
		rv.body = "示例区人民法院";
	}
	if (rv.filed_on > horizon)
		return 0;
	long long id = 0;
	int rc = store_review_add(st, "demo", &rv, &id, err);
	if (rc)
		return rc;
	++*nreviews;
	zf_day decided = rv.filed_on + synth_range(s, 30, 150);
	if (decided <= horizon) {
		int o = synth_range(s, 1, 100);
		enum report_t4_field f = o <= 70   ? REPORT_T4_UPHELD
					 : o <= 85 ? REPORT_T4_CORRECTED
						   : REPORT_T4_OTHER;
		rc = store_review_decide(st, "demo", id, f, decided, err);
	}
	if (!rc && rv.kind == REPORT_T4_REVIEW && synth_range(s, 1, 100) <= 20 &&
	    decided + 10 <= horizon) {
		struct review_new lit = {request_id, REPORT_T4_LITIGATION_AFTER_REVIEW,
					 decided + synth_range(s, 5, 14), "示例区人民法院"};
		rc = store_review_add(st, "demo", &lit, NULL, err);
		if (!rc)
			++*nreviews;
	}
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	static const char cmd[] = "demo";
	enum { OPT_DB = 256, OPT_REQUESTS, OPT_SEED };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"requests", required_argument, NULL, OPT_REQUESTS},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = CLI_DB_FILE, *count_s = NULL, *seed_s = "1";
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_REQUESTS: count_s = optarg; break;
		case OPT_SEED: seed_s = optarg; break;
		case 'h': fputs(help_demo, stdout); return CLI_OK;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	if (!count_s)
		return cli_error(cmd, "请用 --requests 给出要生成的申请件数");
	int count = 0, seed = 0;
	if (cli_parse_int(cmd, "申请件数", count_s, 1, 10000000, &count) ||
	    cli_parse_int(cmd, "随机种子", seed_s, 0, INT_MAX, &seed))
		return CLI_USAGE;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, db);
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	int status = CLI_OK;
	struct arena *a = arena_new(0);
	struct agency *agencies = NULL;
	size_t nagencies = 0;
	struct buf err = BUF_INIT;
	int rc = seed_agencies(st);
	if (!rc)
		rc = store_agency_list(st, a, &agencies, &nagencies);
	if (rc || nagencies == 0) {
		status = cli_error(cmd, "无法建立示例机关：%s", zf_strerror(rc));
		goto out;
	}

	struct synth s;
	synth_seed(&s, (uint64_t)seed);
	zf_day from = date_from_ymd(2020, 1, 1), horizon = date_from_ymd(2025, 12, 31);
	long long nreviews = 0, nevents = 0;
	double t0 = now_seconds();
	for (int i = 0; i < count && !rc; i++) {
		if (i % BATCH == 0 && (rc = store_batch_begin(st)))
			break;
		struct clock_event ev[SYNTH_MAX_EVENTS];
		/* the root gets the most requests, departments fewer */
		size_t ag = synth_range(&s, 1, 100) <= 40
				? 0
				: (size_t)synth_range(&s, 0, (int)nagencies - 1);
		zf_day on =
		    cal_add_working_days(cal, from + synth_range(&s, 0, horizon - from - 1), 0);
		size_t n = synth_history(&s, cal, on, horizon, ev);
		char name[32];
		snprintf(name, sizeof(name), "申请人%07d", i + 1);
		struct request_new rq = {agencies[ag].id,
					 synth_applicant(&s),
					 name,
					 NULL,
					 NULL,
					 NULL,
					 topics[synth_range(&s, 0, (int)ARRAY_SIZE(topics) - 1)]};
		long long id = 0;
		rc = store_request_add(st, "demo", cal, &rq, ev, n, &id, &err);
		if (!rc)
			rc = add_reviews(st, &s, id, &ev[n - 1], horizon, &nreviews, &err);
		nevents += (long long)n;
		if (!rc && (i % BATCH == BATCH - 1 || i == count - 1))
			rc = store_batch_commit(st);
	}
	if (rc) {
		store_batch_rollback(st);
		status = cli_error(cmd, "生成失败：%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		goto out;
	}
	double secs = now_seconds() - t0;
	printf("机关：\n");
	for (size_t i = 0; i < nagencies; i++)
		printf("  %*s%lld  %s\n", agencies[i].depth * 2, "", agencies[i].id,
		       agencies[i].name);
	printf("已生成 %d 件申请（%lld 个事件）、%lld 件复议诉讼案件，用时 %.2f 秒，"
	       "每秒 %.0f 件申请\n",
	       count, nevents, nreviews, secs, secs > 0 ? count / secs : 0.0);
out:
	buf_free(&err);
	arena_free(a);
	store_close(st);
	cal_free(cal);
	return status;
}
