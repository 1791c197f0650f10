/* cmd_report_generate.c: `zfxxgk report generate`: the annual report's tables 3 and 4 of an
 * agency (optionally with its subordinates) folded from the requests and review cases in
 * the database, checked, written as JSON (zfxxgk.report/1). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/check.h"
#include "law/report_gen.h"
#include "render/report_json.h"

#include <getopt.h>

static const char help_generate[] =
    "用法：zfxxgk report generate --agency 编号 --year 年度 [--with-subordinates] [-o 文件]\n"
    "\n"
    "由数据库中的申请和复议诉讼案件生成年度报告的表三、表四（JSON，zfxxgk.report/1），\n"
    "并按勾稽关系检查。表二（主动公开）不由申请生成，保持空白。\n"
    "  本年新收：本年收到的申请；上年结转：上年及以前收到、1 月 1 日仍在办理的申请；\n"
    "  办理结果：本年办结的申请；结转下年：12 月 31 日仍在办理的申请。\n"
    "\n"
    "选项：\n"
    "  --db 数据库             SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --agency 编号           机关编号\n"
    "  --year 年度             报告年度（2019 年及以后）\n"
    "  --with-subordinates     汇总该机关及其全部下级机关\n"
    "  -o, --output 文件       输出文件（默认 -，即标准输出）\n"
    "  -h, --help              显示本帮助\n"
    "\n"
    "退出状态：0 生成且检查无错误；1 检查发现错误；2 参数或数据库错误\n";

int cmd_report_generate(int argc, char **argv)
{
	static const char cmd[] = "report generate";
	enum { OPT_DB = 256, OPT_AGENCY, OPT_YEAR, OPT_SUBS };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"year", required_argument, NULL, OPT_YEAR},
	    {"with-subordinates", no_argument, NULL, OPT_SUBS},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = CLI_DB_FILE, *agency_s = NULL, *year_s = NULL, *output = "-";
	bool subs = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_AGENCY: agency_s = optarg; break;
		case OPT_YEAR: year_s = optarg; break;
		case OPT_SUBS: subs = true; break;
		case 'o': output = optarg; break;
		case 'h': fputs(help_generate, stdout); return CLI_OK;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	if (!agency_s || !year_s)
		return cli_error(cmd, "--agency 和 --year 都必须给出");
	long long agency = 0;
	int year = 0;
	if (cli_parse_id(cmd, "机关编号", agency_s, &agency) ||
	    cli_parse_int(cmd, "报告年度", year_s, 2019, 2199, &year))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, db);
	if (!st)
		return CLI_USAGE;
	int status = CLI_OK;
	long long *ids = NULL;
	size_t nids = 0;
	struct report_gen_request *req = NULL;
	struct report_gen_review *rev = NULL;
	size_t nreq = 0, nrev = 0;
	struct report *r = NULL;
	struct buf out = BUF_INIT;
	struct arena *ar = arena_new(0);
	struct agency *list = NULL;
	size_t nlist = 0;
	int rc = store_agency_subtree(st, agency, subs, &ids, &nids);
	if (rc) {
		status = cli_error(cmd, "无法读取机关：%s", zf_strerror(rc));
		goto out;
	}
	if (nids == 0) {
		status = cli_error(cmd, "没有编号为 %lld 的机关", agency);
		goto out;
	}
	rc = store_report_counts(st, ids, nids, year, &req, &nreq, &rev, &nrev);
	if (rc) {
		status = cli_error(cmd, "无法读取申请：%s", zf_strerror(rc));
		goto out;
	}
	r = report_new();
	if (!r || report_gen(r, year, req, nreq, rev, nrev)) {
		status = cli_error(cmd, "无法生成报告");
		goto out;
	}
	if (!store_agency_list(st, ar, &list, &nlist)) {
		for (size_t i = 0; i < nlist; i++)
			if (list[i].id == agency)
				report_set_agency(r, list[i].name, strlen(list[i].name));
	}
	int errors = check_report(r, NULL);
	if (errors < 0) {
		status = cli_error(cmd, "内存不足");
		goto out;
	}
	if (errors > 0) {
		/* the fold makes the identities hold; an error here is a bug worth reporting */
		cli_error(cmd, "生成的报告有 %d 处错误（见 findings）", errors);
		status = CLI_FINDINGS;
	}
	if (report_json_write(r, &out, 0)) {
		status = cli_error(cmd, "内存不足");
		goto out;
	}
	FILE *f = strcmp(output, "-") ? fopen(output, "w") : stdout;
	if (!f) {
		status = cli_error(cmd, "无法写入“%s”：%s", output, strerror(errno));
		goto out;
	}
	bool ok = fwrite(out.p, 1, out.len, f) == out.len;
	ok = (f == stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
	if (!ok)
		status = cli_error(cmd, "写入“%s”失败", output);
out:
	arena_free(ar);
	buf_free(&out);
	report_free(r);
	free(req);
	free(rev);
	free(ids);
	store_close(st);
	return status;
}
