/* cmd_review.c: `zfxxgk review add|event|list`: 行政复议 and 行政诉讼 cases linked to a
 * request, and their outcomes, which table 4 of the annual report counts. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"

#include <getopt.h>

static const char help_review[] =
    "用法：zfxxgk review <子命令> [选项]\n\n"
    "登记与申请相关的行政复议、行政诉讼案件（年度报告表四）。\n\n"
    "子命令：\n"
    "  add     登记一件案件：--request 申请编号 --kind 类型 --filed 日期 [--body 机关或法院]\n"
    "  event   登记案件结果：案件编号 --outcome 结果 --on 日期\n"
    "  list    列出案件：[--agency 机关编号]\n\n"
    "类型（--kind）：review（行政复议）、litigation_direct（未经复议直接起诉）、\n"
    "                litigation_after_review（复议后起诉）\n"
    "结果（--outcome）：upheld（结果维持）、corrected（结果纠正）、other（其他结果）\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help   显示本帮助\n";

enum { OPT_DB = 256, OPT_REQUEST, OPT_KIND, OPT_FILED, OPT_BODY, OPT_OUTCOME, OPT_ON, OPT_AGENCY };

struct review_args {
	const char *db, *request, *kind, *filed, *body, *outcome, *on, *agency;
	const char *positional;
};

static int parse(const char *cmd, int argc, char **argv, bool positional, struct review_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"request", required_argument, NULL, OPT_REQUEST},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"filed", required_argument, NULL, OPT_FILED},
	    {"body", required_argument, NULL, OPT_BODY},
	    {"outcome", required_argument, NULL, OPT_OUTCOME},
	    {"on", required_argument, NULL, OPT_ON},
	    {"agency", required_argument, NULL, OPT_AGENCY},
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
		case OPT_REQUEST: a->request = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_FILED: a->filed = optarg; break;
		case OPT_BODY: a->body = optarg; break;
		case OPT_OUTCOME: a->outcome = optarg; break;
		case OPT_ON: a->on = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case 'h': fputs(help_review, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (positional) {
		if (optind != argc - 1)
			return cli_error(cmd, "请给出一个案件编号（见 --help）");
		a->positional = argv[optind];
	} else if (optind != argc) {
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	}
	return 0;
}

static int review_add(int argc, char **argv)
{
	static const char cmd[] = "review add";
	struct review_args a;
	int rc = parse(cmd, argc, argv, false, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.request || !a.kind || !a.filed)
		return cli_error(cmd, "--request、--kind 和 --filed 都必须给出");
	struct review_new rv = {0};
	rv.body = a.body;
	if (cli_parse_id(cmd, "申请编号", a.request, &rv.request_id) ||
	    cli_parse_day(cmd, "立案日期", a.filed, &rv.filed_on))
		return CLI_USAGE;
	int g = report_t4_group_by_key(a.kind);
	if (g < 0)
		return cli_error(cmd,
				 "案件类型“%s”不对，应为 review、litigation_direct 或 "
				 "litigation_after_review",
				 a.kind);
	rv.kind = (enum report_t4_group)g;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	long long id = 0;
	int status = CLI_OK;
	if (store_review_add(st, cli_actor(), &rv, &id, &err))
		status = cli_error(cmd, "%s", buf_cstr(&err));
	else
		printf("已登记%s案件，编号 %lld\n", report_t4_groups[rv.kind].label, id);
	buf_free(&err);
	store_close(st);
	return status;
}

static int review_event(int argc, char **argv)
{
	static const char cmd[] = "review event";
	struct review_args a;
	int rc = parse(cmd, argc, argv, true, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long id = 0;
	zf_day on = 0;
	if (!a.outcome || !a.on)
		return cli_error(cmd, "--outcome 和 --on 都必须给出");
	if (cli_parse_id(cmd, "案件编号", a.positional, &id) ||
	    cli_parse_day(cmd, "审结日期", a.on, &on))
		return CLI_USAGE;
	int f = report_t4_field_by_key(a.outcome);
	if (f < 0 || f > REPORT_T4_OTHER)
		return cli_error(cmd, "结果“%s”不对，应为 upheld、corrected 或 other", a.outcome);
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	if (store_review_decide(st, cli_actor(), id, (enum report_t4_field)f, on, &err))
		status = cli_error(cmd, "%s", buf_cstr(&err));
	else
		printf("已登记案件 %lld 的结果：%s\n", id, report_t4_field_labels[f]);
	buf_free(&err);
	store_close(st);
	return status;
}

static int review_list(int argc, char **argv)
{
	static const char cmd[] = "review list";
	struct review_args a;
	int rc = parse(cmd, argc, argv, false, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency = 0;
	if (a.agency && cli_parse_id(cmd, "机关编号", a.agency, &agency))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct review_row *rows = NULL;
	size_t n = 0;
	int status = CLI_OK;
	if ((rc = store_review_list(st, ar, agency, &rows, &n))) {
		status = cli_error(cmd, "无法读取案件：%s", zf_strerror(rc));
	} else {
		printf("编号\t申请\t机关\t类型\t立案日期\t结果\t审结日期\n");
		for (size_t i = 0; i < n; i++) {
			char d1[11], d2[11];
			printf("%lld\t%lld\t%lld\t%s\t%s\t%s\t%s\n", rows[i].id, rows[i].request_id,
			       rows[i].agency_id, report_t4_groups[rows[i].kind].label,
			       date_format(rows[i].filed_on, d1),
			       report_t4_field_labels[rows[i].outcome],
			       rows[i].decided_on ? date_format(rows[i].decided_on, d2) : "-");
		}
	}
	arena_free(ar);
	store_close(st);
	return status;
}

int cmd_review(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"add", review_add},
	    {"event", review_event},
	    {"list", review_list},
	};
	if (argc < 2) {
		fputs(help_review, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_review, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("review", "没有“%s”这个子命令", sub);
	fputs(help_review, stderr);
	return CLI_USAGE;
}
