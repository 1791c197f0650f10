/* cmd_newmedia.c: `zfxxgk newmedia list|import|silent|check`: the 政务新媒体 registry
 * (store/newmedia.h): the accounts with their status and last update, posts imported from an
 * export or a feed and put through the site-integrity checks (web/newmedia_import.h), and the
 * accounts silent beyond their allowed gap (国办秘函〔2019〕19号: two weeks). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "ingest/newmedia_feed.h"
#include "store/newmedia.h"
#include "web/newmedia_import.h"

#include <getopt.h>

static const char help_newmedia[] =
    "用法：zfxxgk newmedia <子命令> [选项]\n\n"
    "政务新媒体账号的登记、发布内容的导入和检查、不更新账号的清单。账号的开设、关停和审批在\n"
    "工作台的“新媒体”页面办理（/console/newmedia）。\n\n"
    "子命令：\n"
    "  list                 列出账号：平台、名称、机关、状态、最近更新、发布数、待整改问题\n"
    "                       [--agency 机关编号] [--platform 平台] [--status 状态]\n"
    "  import 账号编号 文件|网址\n"
    "                       导入发布内容：平台导出的 CSV 或 Excel 文件（列名如 标题、\n"
    "                       发布时间、链接、正文），或 RSS/Atom 订阅（文件或 http(s) 网址）；\n"
    "                       已导入过的（链接相同，或时间和标题相同）跳过。导入后用生效的\n"
    "                       内容检查规则集检查该账号的全部发布内容，问题记入“内容检查”工单\n"
    "  check 账号编号        用生效的规则集重新检查该账号的全部发布内容\n"
    "  silent [--today 日期] 列出超过允许天数（默认 14 天）没有更新的已开设账号\n"
    "                       [--agency 机关编号]\n\n"
    "平台：微信公众号 微博 抖音 头条号 快手 视频号 客户端App 其他（或 wechat weibo douyin\n"
    "toutiao kuaishou channels app other）。状态：applied（申请开设）open（已开设）\n"
    "closing（申请关停）closed（已关停）refused（未获批准）。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 成功；1 silent 找到了不更新的账号，或 import/check 后有待整改的问题；\n"
    "2 用法、文件、网址或数据库错误（导入被拒绝时什么也不写入）。\n\n"
    "示例：\n"
    "  zfxxgk newmedia list --platform 微信公众号\n"
    "  zfxxgk newmedia import 3 发布内容.csv\n"
    "  zfxxgk newmedia import 3 https://www.example.gov.cn/wx/rss.xml\n"
    "  zfxxgk newmedia silent --today 2026-12-01\n";

enum { OPT_DB = 256, OPT_AGENCY, OPT_PLATFORM, OPT_STATUS, OPT_TODAY };

struct nm_args {
	const char *db, *agency, *platform, *status, *today;
	char **rest;
	int nrest;
};

static int parse(const char *cmd, int argc, char **argv, struct nm_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"platform", required_argument, NULL, OPT_PLATFORM},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"today", required_argument, NULL, OPT_TODAY},
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
		case OPT_PLATFORM: a->platform = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_TODAY: a->today = optarg; break;
		case 'h': fputs(help_newmedia, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	a->rest = argv + optind;
	a->nrest = argc - optind;
	return 0;
}

/* The filter of list and silent from the options. */
static int filter_of(const char *cmd, const struct nm_args *a, struct nm_filter *f)
{
	*f = (struct nm_filter){.platform = -1, .status = -1};
	if (a->agency && cli_parse_id(cmd, "机关编号", a->agency, &f->agency_id))
		return CLI_USAGE;
	if (a->platform && (f->platform = nm_platform_parse(a->platform)) < 0)
		return cli_error(cmd, "不认识的平台“%s”（见 --help）", a->platform);
	if (a->status && (f->status = nm_status_parse(a->status)) < 0)
		return cli_error(cmd, "不认识的状态“%s”（见 --help）", a->status);
	if (a->today && cli_parse_day(cmd, "日期", a->today, &f->today))
		return CLI_USAGE;
	return 0;
}

static void print_accounts(const struct nm_account *v, size_t n, zf_day today)
{
	printf("编号\t平台\t名称\t机关\t状态\t最近更新\t允许天数\t发布数\t待整改\n");
	for (size_t i = 0; i < n; i++) {
		const struct nm_account *x = &v[i];
		char last[11] = "—";
		if (nm_last_update(x))
			date_format(nm_last_update(x), last);
		printf("%lld\t%s\t%s\t%s\t%s%s\t%s\t%d\t%lld\t%lld\n", x->id,
		       nm_platform_label(x->f.platform), x->f.name, x->agency_name,
		       nm_status_label(x->status), nm_silent(x, today) ? "（不更新）" : "", last,
		       nm_gap(x), x->nposts, x->findings_open);
	}
}

static int nm_list(int argc, char **argv, bool silent)
{
	const char *cmd = silent ? "newmedia silent" : "newmedia list";
	struct nm_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.nrest)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", a.rest[0]);
	struct nm_filter f;
	if ((rc = filter_of(cmd, &a, &f)))
		return rc;
	if (!f.today)
		f.today = date_today();
	f.silent = silent;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct nm_account *v;
	size_t n;
	int status = CLI_OK;
	if ((rc = store_nm_list(st, ar, &f, &v, &n)))
		status = cli_error(cmd, "无法读取新媒体账号：%s", zf_strerror(rc));
	else if (!n)
		printf(silent ? "没有超过允许天数未更新的账号\n" : "没有新媒体账号\n");
	else {
		print_accounts(v, n, f.today);
		if (silent) {
			printf("共 %zu 个账号超过允许天数没有更新\n", n);
			status = CLI_FINDINGS;
		}
	}
	arena_free(ar);
	store_close(st);
	return status;
}

static void print_result(const struct nm_import_result *r)
{
	if (r->kind)
		printf("读取%s：%zu 条；新增 %zu 条，已有 %zu 条\n", r->kind, r->read, r->added,
		       r->dups);
	printf("检查发布内容 %lld 条：发现问题 %lld 个（新发现 %lld 个，已整改 %lld 个）\n",
	       r->checked, r->scan.nfound, r->scan.nnew, r->scan.nclosed);
	printf("该账号待整改的问题 %lld 个，其中单项否决 %lld 个\n", r->open, r->veto);
}

static int nm_import(int argc, char **argv, bool check)
{
	const char *cmd = check ? "newmedia check" : "newmedia import";
	struct nm_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.nrest != (check ? 1 : 2))
		return cli_error(cmd, check ? "用法：zfxxgk newmedia check 账号编号"
					    : "用法：zfxxgk newmedia import 账号编号 文件或网址");
	long long id;
	if (cli_parse_id(cmd, "账号编号", a.rest[0], &id))
		return CLI_USAGE;
	struct buf data = BUF_INIT, err = BUF_INIT;
	const char *src = check ? NULL : a.rest[1];
	bool url = src && (!strncmp(src, "http://", 7) || !strncmp(src, "https://", 8));
	if (src && !url && (rc = buf_read_file(&data, src, NM_FEED_MAX))) {
		buf_free(&data);
		if (rc == ZF_ETOOBIG)
			return cli_error(cmd, "文件超过 %u MB：%s", NM_FEED_MAX >> 20, src);
		return cli_error(cmd, "无法读取文件：%s", src);
	}
	struct store *st = cli_store_open(cmd, a.db);
	if (!st) {
		buf_free(&data);
		return CLI_USAGE;
	}
	struct nm_import_result r;
	const char *actor = cli_actor();
	if (check)
		rc = newmedia_check(st, actor, id, &r, &err);
	else if (url)
		/* the operator's own command: any address it can reach */
		rc = newmedia_import_url(st, actor, id, src, false, &r, &err);
	else {
		const char *base = strrchr(src, '/');
		char source[300];
		snprintf(source, sizeof(source), "文件 %.200s", base ? base + 1 : src);
		rc = newmedia_import_bytes(st, actor, id, data.p ? data.p : "", data.len, source,
					   &r, &err);
	}
	int status = CLI_OK;
	if (rc)
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else {
		print_result(&r);
		status = r.open ? CLI_FINDINGS : CLI_OK;
	}
	buf_free(&data);
	buf_free(&err);
	store_close(st);
	return status;
}

static int nm_import_cmd(int argc, char **argv)
{
	return nm_import(argc, argv, false);
}

static int nm_check_cmd(int argc, char **argv)
{
	return nm_import(argc, argv, true);
}

static int nm_list_cmd(int argc, char **argv)
{
	return nm_list(argc, argv, false);
}

static int nm_silent_cmd(int argc, char **argv)
{
	return nm_list(argc, argv, true);
}

int cmd_newmedia(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"list", nm_list_cmd},
	    {"import", nm_import_cmd},
	    {"check", nm_check_cmd},
	    {"silent", nm_silent_cmd},
	};
	if (argc < 2) {
		fputs(help_newmedia, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_newmedia, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	return cli_error("newmedia", "没有“%s”这个子命令（见 zfxxgk newmedia --help）", sub);
}
