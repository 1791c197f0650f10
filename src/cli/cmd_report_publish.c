/* cmd_report_publish.c: `zfxxgk report publish`: publishes an agency's annual report (a JSON
 * file, zfxxgk.report/1, e.g. from report generate and the clerk's narrative) on the public
 * site. The checks are the store's (store_report_publish): the year must have ended. */
#include "common.h"
#include "cli.h"
#include "cli_store.h"
#include "store/public.h"

#include <getopt.h>

#define PUBLISH_FILE_CAP (4u << 20)

static const char help_publish[] =
    "用法：zfxxgk report publish --agency 编号 --year 年度 报告文件\n"
    "\n"
    "把某机关某年度的政府信息公开工作年度报告（JSON，zfxxgk.report/1；“-”表示标准输入）\n"
    "发布到公开网站；同一年度已发布的报告被替换。报告年度须已结束（按北京时间）：\n"
    "年度报告应在次年 1 月 1 日至 1 月 31 日之间发布（《条例》第四十九条）。\n"
    "\n"
    "选项：\n"
    "  --db 数据库        SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --agency 编号      机关编号\n"
    "  --year 年度        报告年度\n"
    "  -h, --help         显示本帮助\n"
    "\n"
    "退出状态：0 已发布；2 参数、报告或数据库错误（原因见提示）\n";

int cmd_report_publish(int argc, char **argv)
{
	static const char cmd[] = "report publish";
	enum { OPT_DB = 256, OPT_AGENCY, OPT_YEAR };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"year", required_argument, NULL, OPT_YEAR},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = CLI_DB_FILE, *agency_s = NULL, *year_s = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_AGENCY: agency_s = optarg; break;
		case OPT_YEAR: year_s = optarg; break;
		case 'h': fputs(help_publish, stdout); return CLI_OK;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_error(cmd, "请给出一个报告文件（见 --help）");
	if (!agency_s || !year_s)
		return cli_error(cmd, "--agency 和 --year 都必须给出");
	long long agency = 0;
	int year = 0;
	if (cli_parse_id(cmd, "机关编号", agency_s, &agency) ||
	    cli_parse_int(cmd, "报告年度", year_s, 2008, 2199, &year))
		return CLI_USAGE;
	const char *path = argv[optind];
	struct buf text = BUF_INIT, err = BUF_INIT;
	int rc = strcmp(path, "-") ? buf_read_file(&text, path, PUBLISH_FILE_CAP)
				   : buf_read_stream(&text, stdin, PUBLISH_FILE_CAP);
	if (rc) {
		buf_free(&text);
		return cli_error(cmd, "无法读取报告文件“%s”：%s", path, zf_strerror(rc));
	}
	struct store *st = cli_store_open(cmd, db);
	if (!st) {
		buf_free(&text);
		return CLI_USAGE;
	}
	rc = store_report_publish(st, cli_actor(), agency, year, buf_cstr(&text), &err);
	store_close(st);
	int status = CLI_OK;
	if (rc)
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else
		printf("已发布：机关 %lld 的 %d 年度报告。\n", agency, year);
	buf_free(&text);
	buf_free(&err);
	return status;
}
