/* cmd_fee.c: `zfxxgk fee`, the 信息处理费 of one request (国办函〔2020〕109号, law/fee.h). */
#include "common.h"
#include "cli.h"
#include "law/fee.h"

#include <getopt.h>
#include <jansson.h>

static const char help[] =
    "用法：zfxxgk fee --pages 页数 | --monthly-count 件数 [--json]\n"
    "\n"
    "按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）计算一件申请的信息处理费。\n"
    "两种方式都按超额累进计算；同一申请只能选择其中一种，不得同时按件和按量收费。\n"
    "申请人申请的数量、频次明显超过合理范围时，行政机关“可以”收费（条例第四十二条），\n"
    "是否收费由行政机关决定。第一行输出本件金额（元，整数），其后逐行说明计算过程。\n"
    "\n"
    "选项：\n"
    "  --pages 页数             按量计收（第五条）：本件提供的页数。\n"
    "                           30 页以内免费；31–100 页 10 元/页；101–200 页 20 元/页；\n"
    "                           201 页以上 40 元/页\n"
    "  --monthly-count 件数     按件计收（第四条）：本件是同一申请人本自然月内的第几件\n"
    "                           申请（含本件）。10 件以内免费；11–30 件 100 元/件；\n"
    "                           31 件起每 10 件为一档，每增一档每件加收 100 元\n"
    "                           （31–40 件 200 元/件，41–50 件 300 元/件……）。\n"
    "                           同时列出本月第 1 件至本件的累计金额\n"
    "  --json                   以 JSON 输出：{\"method\", \"count\", \"amount_yuan\",\n"
    "                           \"month_total_yuan\"（仅按件计收）, \"free\", \"lines\"}\n"
    "  -h, --help               显示本帮助\n"
    "\n"
    "示例：\n"
    "  zfxxgk fee --pages 250                 → 4700\n"
    "  zfxxgk fee --monthly-count 45          → 300（本月 45 件累计 5500 元）\n"
    "  zfxxgk fee --pages 31 --json\n"
    "\n"
    "退出状态：0 成功，2 输入有误。\n";

static int print_json(const struct fee_result *r)
{
	json_t *lines = json_array();
	for (size_t i = 0; i < r->nlines; i++)
		json_array_append_new(lines, json_string(r->lines[i]));
	json_t *o = json_object();
	json_object_set_new(o, "method", json_string(fee_method_key(r->method)));
	json_object_set_new(o, "method_label", json_string(fee_method_label(r->method)));
	json_object_set_new(o, "count", json_integer(r->count));
	json_object_set_new(o, "amount_yuan", json_integer(r->amount_yuan));
	if (r->method == FEE_PER_REQUEST)
		json_object_set_new(o, "month_total_yuan", json_integer(r->month_total_yuan));
	json_object_set_new(o, "free", json_boolean(r->free));
	json_object_set_new(o, "lines", lines);
	int rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	putchar('\n');
	return rc ? CLI_USAGE : CLI_OK;
}

static int parse_count(const char *opt, const char *arg, long max, long *out)
{
	long v;
	if (str_to_long(str_c(arg), &v) || v < 1 || v > max)
		return cli_error("fee", "%s 的值“%s”无效：应为 1 到 %ld 之间的整数", opt, arg, max);
	*out = v;
	return 0;
}

/* Also declared in cli.h (main.c's command table); repeated so this file stands alone. */

int cmd_fee(int argc, char **argv)
{
	enum { OPT_PAGES = 256, OPT_MONTHLY, OPT_JSON };
	static const struct option opts[] = {
	    {"pages", required_argument, NULL, OPT_PAGES},
	    {"monthly-count", required_argument, NULL, OPT_MONTHLY},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum fee_method method = FEE_PER_PAGE;
	long count = 0;
	int nmethods = 0, c;
	bool json = false;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_PAGES:
			if (parse_count("--pages", optarg, FEE_MAX_PAGES, &count))
				return CLI_USAGE;
			method = FEE_PER_PAGE;
			nmethods++;
			break;
		case OPT_MONTHLY:
			if (parse_count("--monthly-count", optarg, FEE_MAX_MONTHLY_COUNT, &count))
				return CLI_USAGE;
			method = FEE_PER_REQUEST;
			nmethods++;
			break;
		case OPT_JSON: json = true; break;
		case '?':
		default:
			if (optopt && optopt < 256)
				return cli_error("fee", "未知选项 -%c（见 zfxxgk fee --help）",
						 optopt);
			return cli_error("fee", "未知选项或缺少参数：%s（见 zfxxgk fee --help）",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_error("fee", "多余的参数“%s”（见 zfxxgk fee --help）", argv[optind]);
	if (nmethods == 0)
		return cli_error("fee", "请给出 --pages 页数 或 --monthly-count 件数（见 zfxxgk "
					"fee --help）");
	if (nmethods > 1)
		return cli_error("fee", "--pages 与 --monthly-count 只能给一个：同一申请只能选择"
					"一种计收方式（国办函〔2020〕109号第三条）");

	struct fee_result r;
	struct buf err = BUF_INIT;
	int status = CLI_USAGE;
	int rc = fee_compute(method, count, &r, &err);
	if (rc) {
		cli_error("fee", "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		goto out;
	}
	if (json) {
		status = print_json(&r);
	} else {
		printf("%lld\n", (long long)r.amount_yuan);
		for (size_t i = 0; i < r.nlines; i++)
			printf("%s\n", r.lines[i]);
		status = CLI_OK;
	}
	fee_result_free(&r);
out:
	buf_free(&err);
	return status;
}
