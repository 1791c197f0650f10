/* cmd_deadline.c: `zfxxgk deadline`, the reply deadline of a request (spec/deadlines.md). */
#include "common.h"
#include "cli.h"
#include "law/deadline.h"

#include <getopt.h>
#include <jansson.h>

static const char help[] =
    "用法：zfxxgk deadline --received 日期 [选项]\n"
    "\n"
    "按《政府信息公开条例》第三十条、第三十三条计算依申请公开的答复截止日。\n"
    "期限按工作日计算，自起算日的次日起数，节假日和周末不计，调休上班日计入。\n"
    "第一行输出截止日（YYYY-MM-DD），其后逐行说明计算过程。\n"
    "\n"
    "选项：\n"
    "  --received 日期              收到申请之日（必填，格式 YYYY-MM-DD）\n"
    "  --supplement-received 日期   收到补正后申请的日期：期限自该日重新起算（第三十条）\n"
    "  --excluded 起:止             不计入期限的区间（征求第三方或其他机关意见、缴费期间），\n"
    "                               起（不含）至止（含）之间的工作日不计入；可重复使用\n"
    "  --extension 天数             经负责人同意延长的工作日数（0–20）\n"
    "  --calendar 文件              "
    "另外载入的日历文件（每行：日期<TAB>off|work|local-off<TAB>名称），\n"
    "                               可重复使用；默认还会载入 var/calendar.tsv（若存在）\n"
    "  --json                       以 JSON 输出：{\"due\", \"provisional\", \"steps\", ...}\n"
    "  -h, --help                   显示本帮助\n"
    "\n"
    "示例：\n"
    "  zfxxgk deadline --received 2026-02-10\n"
    "  zfxxgk deadline --received 2026-03-02 --supplement-received 2026-03-09 --extension 20\n"
    "  zfxxgk deadline --received 2026-05-11 --excluded 2026-05-13:2026-05-20 --json\n"
    "\n"
    "日历未收录的年份按《全国年节及纪念日放假办法》推算法定节假日（未计调休），结果标为“暂定”。\n"
    "退出状态：0 成功，2 输入有误。\n";

static int parse_date_arg(const char *opt, const char *arg, zf_day *out)
{
	int rc = date_parse(str_c(arg), out);
	if (rc == ZF_EPARSE)
		return cli_error("deadline", "%s 的值“%s”不是 YYYY-MM-DD 格式的日期", opt, arg);
	if (rc)
		return cli_error("deadline", "%s 的值“%s”不是真实存在的日期", opt, arg);
	return 0;
}

static int print_json(const struct deadline_input *in, const struct deadline_result *r)
{
	char ds[11];
	json_t *steps = json_array();
	for (size_t i = 0; i < r->nsteps; i++)
		json_array_append_new(steps, json_string(r->steps[i]));
	json_t *o = json_object();
	json_object_set_new(o, "due", json_string(date_format(r->due, ds)));
	json_object_set_new(o, "provisional", json_boolean(r->provisional));
	json_object_set_new(o, "steps", steps);
	json_object_set_new(o, "received", json_string(date_format(in->received, ds)));
	json_object_set_new(o, "start", json_string(date_format(r->start, ds)));
	json_object_set_new(o, "working_days", json_integer(r->working_days));
	json_object_set_new(o, "extension", json_integer(in->extension));
	json_object_set_new(o, "excluded_days", json_integer(r->excluded_days));
	int rc =
	    json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
	json_decref(o);
	putchar('\n');
	return rc ? CLI_USAGE : CLI_OK;
}

int cmd_deadline(int argc, char **argv)
{
	enum {
		OPT_RECEIVED = 256,
		OPT_SUPPLEMENT,
		OPT_EXCLUDED,
		OPT_EXTENSION,
		OPT_CALENDAR,
		OPT_JSON
	};
	static const struct option opts[] = {
	    {"received", required_argument, NULL, OPT_RECEIVED},
	    {"supplement-received", required_argument, NULL, OPT_SUPPLEMENT},
	    {"excluded", required_argument, NULL, OPT_EXCLUDED},
	    {"extension", required_argument, NULL, OPT_EXTENSION},
	    {"calendar", required_argument, NULL, OPT_CALENDAR},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct deadline_input in = {0};
	struct deadline_interval iv[32];
	char *calendars[8];
	size_t ncal = 0;
	bool have_received = false, json = false;
	int status = CLI_USAGE, c;

	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_RECEIVED:
			if (parse_date_arg("--received", optarg, &in.received))
				return CLI_USAGE;
			have_received = true;
			break;
		case OPT_SUPPLEMENT:
			if (parse_date_arg("--supplement-received", optarg,
					   &in.supplement_received))
				return CLI_USAGE;
			in.supplemented = true;
			break;
		case OPT_EXCLUDED: {
			if (in.nexcluded == ARRAY_SIZE(iv))
				return cli_error("deadline", "--excluded 最多可给 %zu 个区间",
						 ARRAY_SIZE(iv));
			struct str rest = str_c(optarg);
			struct str from = str_cut(&rest, ':');
			if (!rest.len || date_parse(from, &iv[in.nexcluded].from) ||
			    date_parse(rest, &iv[in.nexcluded].to))
				return cli_error("deadline",
						 "--excluded 的值“%s”无效，应为 起:止，例如 "
						 "2026-03-02:2026-03-10，且两个日期都须真实存在",
						 optarg);
			iv[in.nexcluded].label = "不计入期限的区间";
			in.nexcluded++;
			break;
		}
		case OPT_EXTENSION: {
			long v;
			if (str_to_long(str_c(optarg), &v) || v < 0 || v > DEADLINE_MAX_EXTENSION)
				return cli_error("deadline",
						 "--extension 的值“%s”无效：延期应为 0 到 %d "
						 "之间的工作日数（条例第三十三条）",
						 optarg, DEADLINE_MAX_EXTENSION);
			in.extension = (int)v;
			break;
		}
		case OPT_CALENDAR:
			if (ncal == ARRAY_SIZE(calendars))
				return cli_error("deadline", "--calendar 最多可给 %zu 个文件",
						 ARRAY_SIZE(calendars));
			calendars[ncal++] = optarg;
			break;
		case OPT_JSON: json = true; break;
		case '?':
		default:
			if (optopt && optopt < 256)
				return cli_error("deadline",
						 "未知选项 -%c（见 zfxxgk deadline --help）",
						 optopt);
			return cli_error("deadline",
					 "未知选项或缺少参数：%s（见 zfxxgk deadline --help）",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_error("deadline", "多余的参数“%s”（见 zfxxgk deadline --help）",
				 argv[optind]);
	if (!have_received)
		return cli_error("deadline",
				 "缺少 --received 收到申请之日（见 zfxxgk deadline --help）");
	in.excluded = iv;

	struct calendar *cal = cli_load_calendar("deadline", calendars, ncal);
	if (!cal)
		return CLI_USAGE;
	struct deadline_result r;
	struct buf err = BUF_INIT;
	int rc = deadline_compute(cal, &in, &r, &err);
	if (rc) {
		cli_error("deadline", "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		goto out;
	}
	if (json) {
		status = print_json(&in, &r);
	} else {
		char ds[11];
		printf("%s\n", date_format(r.due, ds));
		for (size_t i = 0; i < r.nsteps; i++)
			printf("%s\n", r.steps[i]);
		status = CLI_OK;
	}
	deadline_result_free(&r);
out:
	buf_free(&err);
	cal_free(cal);
	return status;
}
