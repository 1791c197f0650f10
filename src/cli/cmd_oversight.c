/* cmd_oversight.c: `zfxxgk oversight metrics|supervise|website-report`: the 主管部门's figures
 * of an agency (or its subtree) over a period, the 督办 list of overdue work, and the
 * 政府网站工作年度报表 of a year (printed, or written as .xlsx). Reads only. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "render/website_report_xlsx.h"
#include "store/oversight.h"
#include "store/website_report.h"

#include <getopt.h>

static const char help_oversight[] =
    "用法：zfxxgk oversight <子命令> [选项]\n\n"
    "主管部门的监督考核数据（只读）。\n\n"
    "子命令：\n"
    "  metrics --agency 机关编号 --from 日期 --to 日期 [--only]\n"
    "          一个机关及其所属单位（--only：仅本级）在期间内的依申请公开、复议诉讼、\n"
    "          政民互动、网站检查、标准目录和政务新媒体指标\n"
    "  supervise list [--agency 机关编号]\n"
    "          逾期未办结的申请和留言（督办清单），默认全部机关\n"
    "  website-report 年度 [--xlsx 文件]\n"
    "          政府网站工作年度报表（国办函〔2018〕12号）；--xlsx 写成 Excel 文件\n\n"
    "共同选项：\n"
    "  --today 日期  以该日为“今日”统计未办结和逾期（默认今天）\n"
    "  --db 数据库   SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help    显示本帮助\n\n"
    "退出状态：0 成功；2 用法错误、机关不存在或无法读写。\n";

enum { OPT_DB = 256, OPT_AGENCY, OPT_FROM, OPT_TO, OPT_ONLY, OPT_TODAY, OPT_XLSX };

struct ov_args {
	const char *db, *agency, *from, *to, *today, *xlsx;
	bool only;
	char **rest;
	int nrest;
};

static int parse(const char *cmd, int argc, char **argv, struct ov_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"only", no_argument, NULL, OPT_ONLY},
	    {"today", required_argument, NULL, OPT_TODAY},
	    {"xlsx", required_argument, NULL, OPT_XLSX},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	a->db = CLI_DB_FILE;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: a->db = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_ONLY: a->only = true; break;
		case OPT_TODAY: a->today = optarg; break;
		case OPT_XLSX: a->xlsx = optarg; break;
		case 'h': fputs(help_oversight, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	a->rest = argv + optind;
	a->nrest = argc - optind;
	return 0;
}

static int today_of(const char *cmd, const struct ov_args *a, zf_day *today)
{
	*today = date_today();
	return a->today ? cli_parse_day(cmd, "--today", a->today, today) : 0;
}

static void pct(const char *label, long long part, long long whole)
{
	if (whole)
		printf("%s\t%.1f%%\n", label, 100.0 * (double)part / (double)whole);
	else
		printf("%s\t—\n", label);
}

static int metrics(int argc, char **argv)
{
	static const char cmd[] = "oversight metrics";
	struct ov_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.nrest)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", a.rest[0]);
	if (!a.agency || !a.from || !a.to)
		return cli_error(cmd, "--agency、--from 和 --to 都必须给出");
	long long agency = 0;
	zf_day from = 0, to = 0, today = 0;
	if (cli_parse_id(cmd, "--agency", a.agency, &agency) ||
	    cli_parse_day(cmd, "--from", a.from, &from) || cli_parse_day(cmd, "--to", a.to, &to) ||
	    today_of(cmd, &a, &today))
		return CLI_USAGE;
	if (from > to)
		return cli_error(cmd, "--from 不能晚于 --to");
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct oversight_metrics m;
	rc = store_oversight_metrics(st, cal, agency, !a.only, from, to, today, &m);
	int status = CLI_OK;
	if (rc == ZF_ENOENT)
		status = cli_error(cmd, "没有编号为 %lld 的机关", agency);
	else if (rc)
		status = cli_error(cmd, "无法统计：%s", zf_strerror(rc));
	else {
		char f[11], t[11];
		printf("机关\t%lld%s\n期间\t%s 至 %s\n", agency,
		       a.only ? "（仅本级）" : "（含所属单位）", date_format(from, f),
		       date_format(to, t));
		printf("收到申请\t%lld\n办结\t%lld\n按时办结\t%lld\n", m.req_received,
		       m.req_replied, m.req_on_time);
		pct("按时办结率", m.req_on_time, m.req_replied);
		if (m.req_replied)
			printf("平均办理用时（工作日）\t%.1f\n", oversight_avg_days(&m));
		printf("未办结\t%lld\n逾期未办结\t%lld\n", m.req_open, m.req_overdue);
		printf("予以公开\t%lld\n部分公开\t%lld\n不予公开\t%lld\n无法提供\t%lld\n"
		       "不予处理\t%lld\n其他处理\t%lld\n",
		       m.req_granted, m.req_partial, m.req_withheld, m.req_unavailable,
		       m.req_not_handled, m.req_other);
		printf("行政复议（纠错）\t%lld（%lld）\n行政诉讼（纠错）\t%lld（%lld）\n",
		       m.reviews, m.reviews_corrected, m.suits, m.suits_corrected);
		if (m.msg_known) {
			printf("收到留言\t%lld\n答复留言\t%lld\n", m.msg.received, m.msg.replied);
			pct("留言按时答复率", m.msg.replied_on_time, m.msg.replied);
			printf("超过3个月未答复留言\t%lld\n", m.msg.stale);
		} else
			printf("政民互动留言\t暂无数据\n");
		printf("网站未整改问题（单项否决）\t%lld\n网站未整改问题（扣分）\t%lld\n",
		       m.findings_veto, m.findings_deduct);
		if (m.std_known)
			printf("标准目录逾期事项\t%lld\n", m.std_overdue);
		else
			printf("标准目录逾期事项\t暂无数据\n");
		if (m.media_known)
			printf("政务新媒体账号\t%lld\n沉默账号\t%lld\n", m.media.accounts,
			       m.media.silent);
		else
			printf("政务新媒体\t暂无数据\n");
	}
	store_close(st);
	cal_free(cal);
	return status;
}

static int supervise(int argc, char **argv)
{
	static const char cmd[] = "oversight supervise";
	struct ov_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.nrest != 1 || strcmp(a.rest[0], "list"))
		return cli_error(cmd, "请写 oversight supervise list（见 --help）");
	long long agency = 0;
	zf_day today = 0;
	if ((a.agency && cli_parse_id(cmd, "--agency", a.agency, &agency)) ||
	    today_of(cmd, &a, &today))
		return CLI_USAGE;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct arena *ar = arena_new(0);
	long long *ids = NULL;
	size_t n = 0;
	int status = CLI_OK;
	if (agency) {
		bool exists = false;
		rc = store_agency_exists(st, agency, &exists);
		if (!rc && !exists)
			rc = ZF_ENOENT;
		if (!rc)
			rc = store_agency_subtree(st, agency, true, &ids, &n);
	} else {
		struct agency *ag = NULL;
		rc = store_agency_list(st, ar, &ag, &n);
		ids = rc ? NULL : calloc(n + 1, sizeof(*ids));
		for (size_t i = 0; ids && i < n; i++)
			ids[i] = ag[i].id;
		if (!rc && !ids)
			rc = ZF_ENOMEM;
	}
	struct oversight_item *v = NULL;
	size_t nv = 0;
	bool known = true;
	if (!rc)
		rc = store_oversight_overdue(st, ar, cal, ids, n, today, &v, &nv, &known);
	if (rc == ZF_ENOENT)
		status = cli_error(cmd, "没有编号为 %lld 的机关", agency);
	else if (rc)
		status = cli_error(cmd, "无法读取：%s", zf_strerror(rc));
	else {
		printf("类别\t编号\t机关\t经办人\t期限\t逾期工作日\t已督办\t单项否决风险\n");
		for (size_t i = 0; i < nv; i++) {
			char d[11];
			printf("%s\t%lld\t%s\t%s\t%s\t%d\t%lld\t%s\n",
			       oversight_kind_label(v[i].kind), v[i].id, v[i].agency_name,
			       *v[i].handler ? v[i].handler : "-", date_format(v[i].due_on, d),
			       v[i].days_over, v[i].reminders, v[i].stale ? "是" : "否");
		}
		fprintf(stderr, "共%zu件%s\n", nv, known ? "" : "（留言模块尚未启用，只含申请）");
	}
	free(ids);
	arena_free(ar);
	store_close(st);
	cal_free(cal);
	return status;
}

static int website_report(int argc, char **argv)
{
	static const char cmd[] = "oversight website-report";
	struct ov_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int year = 0;
	if (a.nrest != 1)
		return cli_error(cmd, "请给出一个年度，例如 2025（见 --help）");
	zf_day today = 0;
	if (cli_parse_int(cmd, "年度", a.rest[0], 2000, 2100, &year) || today_of(cmd, &a, &today))
		return CLI_USAGE;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct arena *ar = arena_new(0);
	struct website_report r;
	int status = CLI_OK;
	rc = store_website_report(st, ar, cal, year, today, &r);
	if (rc) {
		status = cli_error(cmd, "无法统计：%s", zf_strerror(rc));
	} else if (a.xlsx) {
		struct buf out = BUF_INIT;
		rc = website_report_xlsx(&r, &out);
		FILE *f = rc ? NULL : fopen(a.xlsx, "wb");
		if (rc || !f || fwrite(out.p, 1, out.len, f) != out.len || fclose(f)) {
			status = cli_error(cmd, "无法写入 %s", a.xlsx);
			if (f && !rc)
				remove(a.xlsx);
		} else {
			fprintf(stderr, "已写入 %s\n", a.xlsx);
		}
		buf_free(&out);
	} else {
		printf("政府网站工作年度报表（%d年度）\n", year);
		for (size_t i = 0; i < wr_nitems; i++)
			printf("%s\t%s\t%s%s\t%s\n", wr_items[i].section, wr_items[i].label,
			       *r.values[i] ? r.values[i] : "—",
			       *r.values[i] ? wr_items[i].unit : "",
			       wr_items[i].source == WR_SUM ? "合计"
			       : r.automatic[i]		    ? "系统统计"
							    : "手工填写");
	}
	arena_free(ar);
	store_close(st);
	cal_free(cal);
	return status;
}

int cmd_oversight(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(help_oversight, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (!strcmp(argv[1], "metrics"))
		return metrics(argc - 1, argv + 1);
	if (!strcmp(argv[1], "supervise"))
		return supervise(argc - 1, argv + 1);
	if (!strcmp(argv[1], "website-report"))
		return website_report(argc - 1, argv + 1);
	return cli_error("oversight", "不认识的子命令“%s”（见 --help）", argv[1]);
}
