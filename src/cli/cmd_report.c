/* cmd_report.c: `zfxxgk report`: parse, check, render and merge annual reports
 * (spec/report-json.md). The work is in law/check, law/merge and render/report_*; this file
 * reads files, parses options and prints. */
#include "common.h"
#include "cli.h"
#include "law/check.h"
#include "law/merge.h"
#include "render/report_csv.h"
#include "render/report_html.h"
#include "render/report_json.h"
#include "render/report_xlsx.h"

#include <getopt.h>

#define REPORT_FILE_CAP (32u << 20)

static const char help_report[] =
    "用法：zfxxgk report <子命令> [选项] 文件...\n"
    "\n"
    "政府信息公开工作年度报告：读取已发布的报告、检查勾稽关系、生成可发布的表格、汇总多个单位。\n"
    "报告在各子命令之间以 JSON（zfxxgk.report/1）传递。\n"
    "\n"
    "子命令：\n"
    "  parse    从已发布的报告文本（网页、复制的文字）中读出表格，输出 JSON\n"
    "  check    检查报告：勾稽关系、合计、空白、负数、疑似复制错误、与上年衔接\n"
    "  render   把报告生成 HTML（可打印为 A4）、Excel、CSV 或 JSON\n"
    "  merge    汇总同一年度多个单位的报告，并检查汇总结果\n"
    "  generate 由数据库中的申请和复议诉讼案件生成某机关某年度的报告（表三、表四）\n"
    "  publish  把某机关某年度的报告发布到公开网站（年度须已结束）\n"
    "\n"
    "示例：\n"
    "  zfxxgk report parse 某区2023年报.txt > 2023.json\n"
    "  zfxxgk report check --previous 2022.json 2023.json\n"
    "  zfxxgk report render --to xlsx -o 2023年报.xlsx 2023.json\n"
    "  zfxxgk report merge -o 全市.json 甲区.json 乙区.json 丙局.json\n"
    "\n"
    "每个子命令都有帮助：zfxxgk report <子命令> --help\n";

static const char help_check[] =
    "用法：zfxxgk report check [--json] [--previous 上年报告] 报告文件...\n"
    "\n"
    "按审核人员的口径逐项检查年度报告（JSON，zfxxgk.report/1；“-”表示标准输入），\n"
    "每个问题给出规则编号、级别和说明，说明写明涉及的单元格和算式。\n"
    "\n"
    "规则：\n"
    "%s"
    "\n"
    "空白单元格先按 cell.missing 报告，其余计算按 0 计，说明中会注明。\n"
    "\n"
    "选项：\n"
    "  --json              输出 JSON：报告本身加上 findings；检查多个文件时输出数组\n"
    "  --previous 文件     上一年度的报告，用于核对“上年结转”（只能检查一个报告）\n"
    "  -h, --help          显示本帮助\n"
    "\n"
    "退出状态：0 没有错误（可能有警告或提示），1 发现错误，2 文件无法读取或格式不对。\n";

static const char help_render[] =
    "用法：zfxxgk report render --to html|xlsx|csv|json -o 输出文件 报告文件\n"
    "\n"
    "按官方格式生成年度报告的统计表：\n"
    "  html   单个网页，表头合并单元格与官方格式一致；浏览器“打印”即得 A4 版式\n"
    "  xlsx   Excel 工作簿，每张表一个工作表，已设好边框、列宽、数字格式和 A4 打印\n"
    "  csv    UTF-8（带 BOM）CSV，可直接用 Excel 打开\n"
    "  json   规范化的 zfxxgk.report/1 JSON，附检查结果\n"
    "\n"
    "选项：\n"
    "  --to 格式           输出格式；省略时按输出文件的扩展名判断\n"
    "  -o, --output 文件   输出文件；“-”表示标准输出（xlsx 除外）\n"
    "  -h, --help          显示本帮助\n"
    "\n"
    "生成前会先检查报告，发现错误时仍然生成，但在标准错误输出上提示。\n"
    "退出状态：0 成功，2 输入有误或无法写入。\n";

static const char help_merge[] =
    "用法：zfxxgk report merge -o 输出文件 [选项] 报告文件...\n"
    "\n"
    "把同一年度多个单位的年度报告逐格相加，得到汇总报告，并检查汇总结果。\n"
    "  · 有任何一份 2021 格式的报告时按 2021 格式汇总：2019 格式的“（六）其他处理”计入\n"
    "    “（六）3.其他”，表二“本年新制作数量”计入“本年制发件数”，“处理决定数量”照计；\n"
    "    2019 格式其余表二项目在 2021 格式中没有对应，不计入。\n"
    "  · 空白单元格不计入合计；部分单位空白时，合计只含填写了的单位，并给出 merge.incomplete\n"
    "    警告列明哪个单位缺哪些格；所有单位都空白时，合计也为空白。\n"
    "  · 2019 年以前的统计表只能与指标完全相同的统计表汇总。\n"
    "  · 输出中的 members 列出参与汇总的单位（报告中的机关名称，没有时用文件名）。\n"
    "\n"
    "选项：\n"
    "  -o, --output 文件        输出文件（“-”表示标准输出）\n"
    "  --to 格式                输出格式 json（默认）、html、xlsx 或 csv\n"
    "  --agency 名称            汇总报告的机关名称（如“某某市人民政府”）\n"
    "  --allow-mixed-years      允许汇总不同年度的报告（合计标为最晚的年度）\n"
    "  -h, --help               显示本帮助\n"
    "\n"
    "退出状态：0 汇总结果没有错误，1 汇总结果有错误（已输出），2 输入有误或拒绝汇总。\n";

enum out_format { OUT_NONE, OUT_HTML, OUT_XLSX, OUT_CSV, OUT_JSON };

static int parse_out_format(const char *s, enum out_format *out)
{
	static const struct {
		const char *name;
		enum out_format f;
	} t[] = {{"html", OUT_HTML}, {"xlsx", OUT_XLSX}, {"csv", OUT_CSV}, {"json", OUT_JSON}};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (!strcmp(s, t[i].name)) {
			*out = t[i].f;
			return 0;
		}
	}
	return ZF_EINVAL;
}

static enum out_format format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	enum out_format f = OUT_NONE;
	if (dot && !parse_out_format(dot + 1, &f))
		return f;
	if (dot && !strcmp(dot, ".htm"))
		return OUT_HTML;
	return OUT_NONE;
}

/* Reads and decodes one report file; prints decoder warnings. Returns the report, or NULL
 * after printing the error. */
static struct report *load_report(const char *cmd, const char *path)
{
	struct buf text = BUF_INIT, err = BUF_INIT, warn = BUF_INIT;
	struct report *r = NULL;
	int rc = !strcmp(path, "-") ? buf_read_stream(&text, stdin, REPORT_FILE_CAP)
				    : buf_read_file(&text, path, REPORT_FILE_CAP);
	if (rc) {
		cli_error(cmd, "无法读取 %s：%s", path, zf_strerror(rc));
		goto out;
	}
	rc = report_json_read(text.p ? text.p : "", text.len, &r, &err, &warn);
	if (rc == ZF_ENOMEM)
		cli_error(cmd, "%s：内存不足", path);
	else if (rc)
		cli_error(cmd, "%s 不是有效的年度报告 JSON：%s", path, buf_cstr(&err));
	for (struct str w = buf_str(&warn); w.len;) {
		struct str l = str_cut(&w, '\n');
		if (l.len)
			fprintf(stderr, "zfxxgk %s: 警告：%s：" STR_FMT "\n", cmd, path,
				STR_ARG(l));
	}
out:
	buf_free(&text);
	buf_free(&err);
	buf_free(&warn);
	return r;
}

static int write_out(const char *cmd, const char *path, const struct buf *b)
{
	if (!strcmp(path, "-")) {
		if (fwrite(b->p, 1, b->len, stdout) != b->len || fflush(stdout))
			return cli_error(cmd, "无法写入标准输出");
		return 0;
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		return cli_error(cmd, "无法创建 %s：%s", path, strerror(errno));
	bool ok = fwrite(b->p, 1, b->len, f) == b->len;
	ok &= fclose(f) == 0;
	if (!ok)
		return cli_error(cmd, "写入 %s 失败", path);
	return 0;
}

/* Writes r to path in format fmt; returns 0 or CLI_USAGE after printing the error. */
static int emit(const char *cmd, const struct report *r, enum out_format fmt, const char *path)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int rc = 0;
	switch (fmt) {
	case OUT_HTML: rc = report_html_write(r, &out); break;
	case OUT_CSV: rc = report_csv_write(r, &out); break;
	case OUT_JSON: rc = report_json_write(r, &out, 0); break;
	case OUT_XLSX:
		if (!strcmp(path, "-")) {
			rc = cli_error(cmd, "Excel 文件不能写到标准输出，请用 -o 指定文件名");
			goto done;
		}
		rc = report_xlsx_write(r, path, &err);
		if (rc)
			rc = cli_error(cmd, "%s", buf_cstr(&err));
		goto done;
	case OUT_NONE: BUG("no output format");
	}
	if (rc)
		rc = cli_error(cmd, "生成失败：%s", zf_strerror(rc));
	else
		rc = write_out(cmd, path, &out);
done:
	buf_free(&out);
	buf_free(&err);
	return rc ? CLI_USAGE : 0;
}

static void print_findings(const char *path, const struct report *r)
{
	const struct report_format *f = report_format_get(r->format);
	printf("%s：", path);
	if (r->agency)
		printf("%s，", r->agency);
	if (r->year)
		printf("%d 年度，", r->year);
	printf("%s\n", f ? f->name : "格式不明");
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *fd = &r->findings[i];
		printf("  %s [%s] %s\n", report_severity_label(fd->severity), fd->rule,
		       fd->message);
	}
	size_t ne = report_count_findings(r, REPORT_SEV_ERROR);
	size_t nw = report_count_findings(r, REPORT_SEV_WARNING);
	size_t ni = report_count_findings(r, REPORT_SEV_INFO);
	if (!r->nfindings)
		printf("  结论：未发现问题\n");
	else
		printf("  结论：%zu 个错误，%zu 个警告，%zu 个提示\n", ne, nw, ni);
}

static int report_check_cmd(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_PREVIOUS };
	static const struct option opts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"previous", required_argument, NULL, OPT_PREVIOUS},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false;
	const char *previous = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; break;
		case OPT_PREVIOUS: previous = optarg; break;
		case 'h': {
			struct buf rules = BUF_INIT;
			for (size_t i = 0; i < check_nrules; i++)
				buf_printf(&rules, "  %-20s %s（%s）\n", check_rules[i].id,
					   check_rules[i].summary,
					   report_severity_label(check_rules[i].severity));
			printf(help_check, buf_cstr(&rules));
			buf_free(&rules);
			return CLI_OK;
		}
		default:
			return cli_error("report check",
					 "不认识的选项 %s（见 zfxxgk report check --help）",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_error("report check",
				 "请给出要检查的报告文件（见 zfxxgk report check --help）");
	if (previous && argc - optind > 1)
		return cli_error("report check", "--previous 只能与一个报告一起使用");

	struct report *prev = NULL;
	if (previous && !(prev = load_report("report check", previous)))
		return CLI_USAGE;

	int status = CLI_OK;
	struct buf out = BUF_INIT;
	int nfiles = argc - optind;
	if (json && nfiles > 1)
		buf_adds(&out, "[\n");
	for (int i = optind; i < argc; i++) {
		struct report *r = load_report("report check", argv[i]);
		if (!r) {
			status = CLI_USAGE;
			continue;
		}
		int ne = check_report(r, prev);
		if (ne < 0) {
			report_free(r);
			report_free(prev);
			buf_free(&out);
			return cli_error("report check", "内存不足");
		}
		if (ne > 0 && status == CLI_OK)
			status = CLI_FINDINGS;
		if (json) {
			if (json && nfiles > 1 && i > optind)
				buf_adds(&out, ",\n");
			report_json_write(r, &out, 0);
		} else {
			print_findings(argv[i], r);
		}
		report_free(r);
	}
	if (json && nfiles > 1)
		buf_adds(&out, "]\n");
	if (json && write_out("report check", "-", &out))
		status = CLI_USAGE;
	buf_free(&out);
	report_free(prev);
	return status;
}

static int report_render_cmd(int argc, char **argv)
{
	enum { OPT_TO = 256 };
	static const struct option opts[] = {
	    {"to", required_argument, NULL, OPT_TO},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum out_format fmt = OUT_NONE;
	const char *output = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TO:
			if (parse_out_format(optarg, &fmt))
				return cli_error("report render",
						 "--to 的值“%s”不对，应为 html、xlsx、csv 或 json",
						 optarg);
			break;
		case 'o': output = optarg; break;
		case 'h': fputs(help_render, stdout); return CLI_OK;
		default:
			return cli_error("report render", "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (!output)
		return cli_error("report render", "请用 -o 指定输出文件（“-”为标准输出）");
	if (fmt == OUT_NONE && (fmt = format_from_path(output)) == OUT_NONE)
		return cli_error("report render",
				 "请用 --to 指定输出格式（html、xlsx、csv 或 json）");
	if (argc - optind != 1)
		return cli_error("report render", "请给出一个报告文件（JSON）");

	struct report *r = load_report("report render", argv[optind]);
	if (!r)
		return CLI_USAGE;
	int ne = check_report(r, NULL);
	if (ne > 0)
		fprintf(stderr,
			"zfxxgk report render: 警告：%s 有 %d 处错误，仍已生成；"
			"请用 zfxxgk report check 查看\n",
			argv[optind], ne);
	int rc =
	    ne < 0 ? cli_error("report render", "内存不足") : emit("report render", r, fmt, output);
	report_free(r);
	return rc ? CLI_USAGE : CLI_OK;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int report_merge_cmd(int argc, char **argv)
{
	enum { OPT_TO = 256, OPT_AGENCY, OPT_MIXED };
	static const struct option opts[] = {
	    {"to", required_argument, NULL, OPT_TO},
	    {"output", required_argument, NULL, 'o'},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"allow-mixed-years", no_argument, NULL, OPT_MIXED},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	enum out_format fmt = OUT_NONE;
	const char *output = NULL, *agency = NULL;
	unsigned flags = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TO:
			if (parse_out_format(optarg, &fmt))
				return cli_error("report merge",
						 "--to 的值“%s”不对，应为 json、html、xlsx 或 csv",
						 optarg);
			break;
		case 'o': output = optarg; break;
		case OPT_AGENCY: agency = optarg; break;
		case OPT_MIXED: flags |= MERGE_ALLOW_MIXED_YEARS; break;
		case 'h': fputs(help_merge, stdout); return CLI_OK;
		default:
			return cli_error("report merge", "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (!output)
		return cli_error("report merge", "请用 -o 指定输出文件（“-”为标准输出）");
	if (fmt == OUT_NONE)
		fmt = format_from_path(output);
	if (fmt == OUT_NONE)
		fmt = OUT_JSON;
	int n = argc - optind;
	if (n < 1)
		return cli_error("report merge", "请给出要汇总的报告文件");

	struct report **in = xcalloc((size_t)n, sizeof(*in));
	const char **names = xcalloc((size_t)n, sizeof(*names));
	struct report *out = NULL;
	struct buf err = BUF_INIT;
	int status = CLI_USAGE;
	for (int i = 0; i < n; i++) {
		if (!(in[i] = load_report("report merge", argv[optind + i])))
			goto done;
		names[i] = in[i]->agency ? in[i]->agency : base_name(argv[optind + i]);
	}
	int rc =
	    report_merge((const struct report *const *)in, names, (size_t)n, flags, &out, &err);
	if (rc) {
		cli_error("report merge", "%s", rc == ZF_ENOMEM ? "内存不足" : buf_cstr(&err));
		goto done;
	}
	if (agency && report_set_agency(out, agency, strlen(agency)))
		die("内存不足");
	int ne = check_report(out, NULL);
	if (ne < 0)
		die("内存不足");
	for (size_t i = 0; i < out->nfindings; i++)
		fprintf(stderr, "zfxxgk report merge: %s [%s] %s\n",
			report_severity_label(out->findings[i].severity), out->findings[i].rule,
			out->findings[i].message);
	if (emit("report merge", out, fmt, output))
		goto done;
	fprintf(stderr, "zfxxgk report merge: 已汇总 %d 份报告，%d 个错误\n", n, ne);
	status = ne > 0 ? CLI_FINDINGS : CLI_OK;
done:
	for (int i = 0; i < n; i++)
		report_free(in[i]);
	free(in);
	free(names);
	report_free(out);
	buf_free(&err);
	return status;
}

int cmd_report(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"parse", cmd_report_parse},
	    {"check", report_check_cmd},
	    {"render", report_render_cmd},
	    {"merge", report_merge_cmd},
	};
	if (argc < 2) {
		fputs(help_report, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_report, stdout);
		return CLI_OK;
	}
	if (!strcmp(sub, "generate"))
		return cmd_report_generate(argc - 1, argv + 1);
	if (!strcmp(sub, "publish"))
		return cmd_report_publish(argc - 1, argv + 1);
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("report", "没有“%s”这个子命令", sub);
	fputs(help_report, stderr);
	return CLI_USAGE;
}
