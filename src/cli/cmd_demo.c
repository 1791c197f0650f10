/* cmd_demo.c: `zfxxgk demo`: a realistic synthetic history in the database: an agency tree,
 * two years of requests with lawful event histories (demo_requests, law/synth.h; each
 * checked by the clock before it is stored), some still open, and review and litigation
 * cases. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "store/requests.h"

#include <getopt.h>
#include <time.h>

static const char help_demo[] =
    "用法：zfxxgk demo [--requests 件数] [--db 数据库] [--seed 种子] [--today 日期]\n"
    "\n"
    "生成演示数据：示例区人民政府及其部门、街道（数据库中还没有机关时），\n"
    "去年 1 月 1 日至今天收到的申请（申请人均为虚构；补正、征求意见、延期、收费、\n"
    "各种答复结果和撤回，全部符合法定时限规则；部分仍在办理中，其中有已逾期的、\n"
    "即将到期的、待补正的和已延期的），答复书文号，以及部分答复引起的行政复议、\n"
    "行政诉讼案件。同一种子、同一日期生成同样的数据。\n"
    "\n"
    "选项：\n"
    "  --requests 件数   生成多少件申请（1–10000000，默认 500）\n"
    "  --db 数据库       SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --seed 种子       随机种子（默认 1）\n"
    "  --today 日期      以哪一天为“今天”，YYYY-MM-DD（默认今天）\n"
    "  -h, --help        显示本帮助\n";

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
	int rc = demo_seed_agencies(st, &seeded);
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

int cmd_demo(int argc, char **argv)
{
	static const char cmd[] = "demo";
	enum { OPT_DB = 256, OPT_REQUESTS, OPT_SEED, OPT_TODAY };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"requests", required_argument, NULL, OPT_REQUESTS},
	    {"seed", required_argument, NULL, OPT_SEED},
	    {"today", required_argument, NULL, OPT_TODAY},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = CLI_DB_FILE, *count_s = "500", *seed_s = "1", *today_s = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_REQUESTS: count_s = optarg; break;
		case OPT_SEED: seed_s = optarg; break;
		case OPT_TODAY: today_s = optarg; break;
		case 'h': fputs(help_demo, stdout); return CLI_OK;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	int count = 0, seed = 0;
	zf_day today = date_today();
	if (cli_parse_int(cmd, "申请件数", count_s, 1, 10000000, &count) ||
	    cli_parse_int(cmd, "随机种子", seed_s, 0, INT_MAX, &seed) ||
	    (today_s && cli_parse_day(cmd, "今天的日期", today_s, &today)))
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

	struct demo_requests_stats stats;
	double t0 = now_seconds();
	rc = demo_requests(st, cal, today, (size_t)count, (uint64_t)seed, NULL, NULL, &stats, &err);
	double secs = now_seconds() - t0;
	if (rc) {
		status = cli_error(cmd, "生成失败：%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		goto out;
	}
	long long *ids = xmalloc(nagencies * sizeof(*ids));
	for (size_t i = 0; i < nagencies; i++)
		ids[i] = agencies[i].id;
	struct request_filter f = {.agencies = ids,
				   .nagencies = nagencies,
				   .today = today,
				   .cal = cal,
				   .overdue_only = true};
	long long overdue = 0;
	store_request_queue_count(st, &f, &overdue);
	free(ids);
	printf("机关：\n");
	for (size_t i = 0; i < nagencies; i++)
		printf("  %*s%lld  %s\n", agencies[i].depth * 2, "", agencies[i].id,
		       agencies[i].name);
	char day[11];
	printf("截至 %s：其中 %lld 件仍在办理（%lld 件已逾期），%lld 件已答复\n",
	       date_format(today, day), stats.open, overdue, stats.replies);
	printf("已生成 %d 件申请（%lld 个事件）、%lld 件复议诉讼案件，用时 %.2f 秒，"
	       "每秒 %.0f 件申请\n",
	       count, stats.events, stats.reviews, secs, secs > 0 ? count / secs : 0.0);
out:
	buf_free(&err);
	arena_free(a);
	store_close(st);
	cal_free(cal);
	return status;
}
