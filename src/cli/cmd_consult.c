/* cmd_consult.c: `zfxxgk consult list|show|close`: 意见征集 and 在线访谈 (store/consult.h) from
 * the command line: the lists with their status and counts, one consultation with its
 * 采纳情况 figures or one interview, and ending a consultation's comment period. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "store/consult.h"

#include <getopt.h>

static const char help_consult[] =
    "用法：zfxxgk consult <子命令> [选项]\n\n"
    "意见征集（政策文件征求意见稿、起草说明、征集期限、公众意见和意见采纳情况）\n"
    "和在线访谈（预告、嘉宾、网友提问、文字实录）。起草、审核意见和公布采纳情况\n"
    "请在工作台“政民互动”中办理。\n\n"
    "子命令：\n"
    "  list   列出意见征集：[--agency 机关编号] [--interviews 改为列出在线访谈]\n"
    "         每行：编号、状态、征集时间、收到意见数、待处理数、机关、标题\n"
    "  show   显示一项意见征集：--id 编号（状态、期限、意见数和采纳情况）；\n"
    "         加 --interview 显示一期在线访谈（时间、嘉宾、问题数、状态）\n"
    "  close  结束征集中的意见征集，不再接收意见：--id 编号\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "               postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 成功；1 不能办理（如征集不在征集中）；2 用法错误、找不到或数据库错误。\n\n"
    "示例：\n"
    "  zfxxgk consult list\n"
    "  zfxxgk consult list --interviews --agency 1\n"
    "  zfxxgk consult show --id 3\n"
    "  zfxxgk consult close --id 3\n";

enum {
	OPT_DB = 256,
	OPT_AGENCY,
	OPT_ID,
	OPT_INTERVIEWS,
};

struct consult_args {
	const char *db, *agency, *id;
	bool interviews;
};

static int parse(const char *cmd, int argc, char **argv, struct consult_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"id", required_argument, NULL, OPT_ID},
	    {"interviews", no_argument, NULL, OPT_INTERVIEWS},
	    {"interview", no_argument, NULL, OPT_INTERVIEWS},
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
		case OPT_ID: a->id = optarg; break;
		case OPT_INTERVIEWS: a->interviews = true; break;
		case 'h': fputs(help_consult, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static int list(const char *cmd, struct store *st, struct arena *ar, const struct consult_args *a)
{
	long long agency = 0;
	if (a->agency && cli_parse_id(cmd, "机关编号", a->agency, &agency))
		return CLI_USAGE;
	char d1[11], d2[11];
	if (a->interviews) {
		struct interview *v;
		size_t n;
		int rc = store_interview_list(st, ar, agency, &v, &n);
		if (rc)
			return cli_error(cmd, "无法读取在线访谈：%s", zf_strerror(rc));
		char t[16];
		for (size_t i = 0; i < n; i++) {
			snprintf(t, sizeof(t), "%02d:%02d", v[i].f.held_minute / 60,
				 v[i].f.held_minute % 60);
			printf("%lld\t%s\t%s %s\t问题 %lld\t待审核 %lld\t%s\t%s\n", v[i].id,
			       interview_status_label(v[i].status), date_format(v[i].f.held_on, d1),
			       t, v[i].nquestions, v[i].npending, v[i].agency_name, v[i].f.title);
		}
		if (!n)
			printf("没有在线访谈。\n");
		return CLI_OK;
	}
	struct consultation *v;
	size_t n;
	int rc = store_consult_list(st, ar, agency, false, &v, &n);
	if (rc)
		return cli_error(cmd, "无法读取意见征集：%s", zf_strerror(rc));
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s 至 %s\t意见 %lld\t待处理 %lld\t%s\t%s\n", v[i].id,
		       consult_status_label(v[i].status), date_format(v[i].f.opens_on, d1),
		       date_format(v[i].f.closes_on, d2), v[i].nreceived, v[i].npending,
		       v[i].agency_name, v[i].f.title);
	if (!n)
		printf("没有意见征集。\n");
	return CLI_OK;
}

static int show(const char *cmd, struct store *st, struct arena *ar, const struct consult_args *a)
{
	long long id;
	if (!a->id)
		return cli_error(cmd, "请用 --id 指定编号（见 --help）");
	if (cli_parse_id(cmd, "编号", a->id, &id))
		return CLI_USAGE;
	char d1[11], d2[11];
	if (a->interviews) {
		struct interview v;
		int rc = store_interview_get(st, ar, id, &v);
		if (rc == ZF_ENOENT)
			return cli_error(cmd, "没有编号为 %lld 的在线访谈", id);
		if (rc)
			return cli_error(cmd, "无法读取在线访谈：%s", zf_strerror(rc));
		printf("标题：%s\n机关：%s\n时间：%s %02d:%02d\n状态：%s\n", v.f.title,
		       v.agency_name, date_format(v.f.held_on, d1), v.f.held_minute / 60,
		       v.f.held_minute % 60, interview_status_label(v.status));
		for (size_t i = 0; i < v.nguests; i++)
			printf("嘉宾：%s%s%s\n", v.guests[i].name, *v.guests[i].title ? "　" : "",
			       v.guests[i].title);
		printf("网友提问：%lld 个（待审核 %lld 个）\n", v.nquestions, v.npending);
		if (v.published_on)
			printf("文字实录公布日期：%s\n", date_format(v.published_on, d1));
		return CLI_OK;
	}
	struct consultation c;
	int rc = store_consult_get(st, ar, id, &c);
	if (rc == ZF_ENOENT)
		return cli_error(cmd, "没有编号为 %lld 的意见征集", id);
	if (rc)
		return cli_error(cmd, "无法读取意见征集：%s", zf_strerror(rc));
	printf("标题：%s\n机关：%s\n征集时间：%s 至 %s\n状态：%s\n", c.f.title, c.agency_name,
	       date_format(c.f.opens_on, d1), date_format(c.f.closes_on, d2),
	       consult_status_label(c.status));
	printf(
	    "意见：收到 %lld 条，采纳 %lld 条，部分采纳 %lld 条，未采纳 %lld 条，待处理 %lld 条\n",
	    c.nreceived, c.nadopted, c.npartial, c.nrejected, c.npending);
	if (c.result_published_on)
		printf("采纳情况公布日期：%s\n", date_format(c.result_published_on, d1));
	return CLI_OK;
}

static int close_one(const char *cmd, struct store *st, const struct consult_args *a)
{
	long long id;
	if (!a->id)
		return cli_error(cmd, "请用 --id 指定编号（见 --help）");
	if (cli_parse_id(cmd, "编号", a->id, &id))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_consult_move(st, cli_actor(), id, CONSULT_CLOSED, date_today(), &err);
	if (rc == ZF_ESTATE) {
		fprintf(stderr, "zfxxgk %s: 错误：%s\n", cmd, buf_cstr(&err));
		buf_free(&err);
		return CLI_FINDINGS;
	}
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		return CLI_USAGE;
	}
	buf_free(&err);
	printf("已结束第 %lld 号意见征集，不再接收意见。\n", id);
	return CLI_OK;
}

int cmd_consult(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(help_consult, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	char cmd[32];
	snprintf(cmd, sizeof(cmd), "consult %s", sub);
	if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "close"))
		return cli_error("consult", "不认识的子命令“%s”（见 --help）", sub);
	struct consult_args a;
	int rc = parse(cmd, argc - 1, argv + 1, &a);
	if (rc == 100)
		return CLI_OK;
	if (rc)
		return rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	if (!ar) {
		store_close(st);
		return cli_error(cmd, "内存不足");
	}
	if (!strcmp(sub, "list"))
		rc = list(cmd, st, ar, &a);
	else if (!strcmp(sub, "show"))
		rc = show(cmd, st, ar, &a);
	else
		rc = close_one(cmd, st, &a);
	arena_free(ar);
	store_close(st);
	return rc;
}
