/* cmd_report_parse.c: `zfxxgk report parse`: reads published annual reports (one file, many,
 * or a directory in bulk) and prints zfxxgk.report/1 JSON or a Chinese summary. The reading
 * itself is ingest/report_parse; this file walks files, prints, and keeps the tally. */
#include "common.h"
#include "cli.h"
#include "ingest/report_parse.h"
#include "render/report_json.h"

#include <dirent.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "用法：zfxxgk report parse [--json] [--csv 文件] 文件... | 目录\n"
    "\n"
    "从已发布的政府信息公开工作年度报告中读出表二、表三、表四（或2019年以前的统计表），\n"
    "按 zfxxgk.report/1 输出，并附上检查结果。报告可以是网页另存的 HTML、复制出的文字、\n"
    "PDF 转出的文本或表格；编码可以是 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16。\n"
    "\n"
    "读取时会修复常见的损坏，并在检查结果中说明：\n"
    "  · 全角数字和符号、“?”占位的空格、页脚（“— 3 —”）和表格工具自造的表头\n"
    "  · 繁体字转为简体；字后夹注的拼音（如“發(fā)布”）只在确是该字读音时去除\n"
    "  · 镜像站插入的博彩推广词（text.injected）：能从固定表述推断原文时还原后再读\n"
    "  · 数字连在一起没有分隔时（如“801000081”），按行合计、列合计和结转关系拆分；\n"
    "    有多种拆法时不猜，留空并报告 cell.ambiguous\n"
    "  · 以元或亿元填写的金额换算为万元（unit.converted）\n"
    "\n"
    "选项：\n"
    "  --json          输出 JSON；一个文件时输出一个文档，多个文件时每行一个文档（JSON Lines）。\n"
    "                  source.cells 记录每个单元格在原文中的位置 [行, 列]\n"
    "  --csv 文件      另外写一个 CSV（UTF-8 带 BOM），每份报告一行：文件、格式、年度、机关、\n"
    "                  主要合计和检查结果的数目\n"
    "  -q, --quiet     批量读取时不显示进度条\n"
    "  -h, --help      显示本帮助\n"
    "\n"
    "给出目录时读取其中（含子目录）的所有文件，标准错误输出为终端时显示进度条，最后列出\n"
    "汇总：读取成功、有错误、无法识别的份数。\n"
    "\n"
    "示例：\n"
    "  zfxxgk report parse 某区2023年报.txt\n"
    "  zfxxgk report parse --json 某区2023年报.html > 2023.json\n"
    "  zfxxgk report parse --json --csv 汇总.csv 年报目录/ > 全部.jsonl\n"
    "\n"
    "退出状态：0 全部读取且没有错误，1 有报告含错误或无法识别，2 用法错误或文件无法读取。\n";

struct files {
	char **v;
	size_t n, alloc;
};

static int files_add(struct files *f, const char *path)
{
	if (f->n == f->alloc) {
		size_t na = f->alloc ? f->alloc * 2 : 64;
		char **v = realloc(f->v, na * sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		f->v = v;
		f->alloc = na;
	}
	f->v[f->n++] = xstrdup(path);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files under dir (recursively, hidden names skipped), sorted. */
static int walk(struct files *f, const char *dir, int depth)
{
	if (depth > 16)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return ZF_EIO;
	struct files here = {0};
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) && !rc) {
		if (de->d_name[0] == '.')
			continue;
		rc = files_add(&here, de->d_name);
	}
	closedir(d);
	qsort(here.v, here.n, sizeof(*here.v), cmp_str);
	for (size_t i = 0; i < here.n && !rc; i++) {
		char *p =
		    xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", here.v[i]);
		struct stat st;
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(f, p, depth + 1);
			else if (S_ISREG(st.st_mode))
				rc = files_add(f, p);
		}
		free(p);
	}
	for (size_t i = 0; i < here.n; i++)
		free(here.v[i]);
	free(here.v);
	return rc;
}

static void csv_field(FILE *f, const char *s)
{
	bool quote = s && strpbrk(s, ",\"\n\r");
	if (!s)
		return;
	if (!quote) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_cell(FILE *f, const struct report_cell *c)
{
	fputc(',', f);
	if (c->present)
		fprintf(f, "%lld", (long long)c->v);
}

static void csv_line(FILE *f, const char *file, const struct report *r, const char *status)
{
	const struct report_format *fmt = r ? report_format_get(r->format) : NULL;
	csv_field(f, file);
	fputc(',', f);
	if (r)
		csv_field(f, r->source.sha256);
	fputc(',', f);
	if (fmt)
		csv_field(f, fmt->key);
	fputc(',', f);
	if (r && r->year)
		fprintf(f, "%d", r->year);
	fputc(',', f);
	if (r)
		csv_field(f, r->agency);
	fputc(',', f);
	if (r)
		csv_field(f, r->source.layout);
	static const struct report_cell none;
	const int rows[] = {REPORT_T3_RECEIVED_NEW, REPORT_T3_RECEIVED_CARRIED_OVER,
			    REPORT_T3_RESULTS_TOTAL, REPORT_T3_CARRIED_FORWARD};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		csv_cell(f, r ? &r->table3[rows[i]][REPORT_COL_TOTAL] : &none);
	csv_cell(f, r ? &r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL] : &none);
	struct report_cell lit = none;
	if (r && r->table4[1][REPORT_T4_TOTAL].present && r->table4[2][REPORT_T4_TOTAL].present)
		report_cell_set(
		    &lit, r->table4[1][REPORT_T4_TOTAL].v + r->table4[2][REPORT_T4_TOTAL].v, NULL);
	csv_cell(f, &lit);
	for (int s = REPORT_SEV_ERROR; s >= REPORT_SEV_INFO; s--)
		fprintf(f, ",%zu", r ? report_count_findings(r, (enum report_severity)s) : 0);
	fprintf(f, ",%s\r\n", status);
}

static void print_cell(const struct report_cell *c)
{
	if (c->present)
		printf("%lld", (long long)c->v);
	else
		fputs("空", stdout);
}

static void print_summary(const char *file, const struct report *r)
{
	const struct report_format *f = report_format_get(r->format);
	printf("%s\n", file);
	printf("  报告：%s%s%d年度，%s\n", r->agency ? r->agency : "（机关名称未识别）",
	       r->agency ? " " : "", r->year, f ? f->name : "未识别的格式");
	printf("  版式：%s；SHA-256 %.16s…\n", r->source.layout ? r->source.layout : "?",
	       r->source.sha256);
	if (r->format == REPORT_FORMAT_LEGACY) {
		printf("  统计表：%zu 行\n", r->nlegacy);
	} else if (r->format != REPORT_FORMAT_NONE) {
		const struct report_cell(*t)[REPORT_T3_COLS] = r->table3;
		fputs("  表三（总计列）：本年新收 ", stdout);
		print_cell(&t[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL]);
		fputs("，上年结转 ", stdout);
		print_cell(&t[REPORT_T3_RECEIVED_CARRIED_OVER][REPORT_COL_TOTAL]);
		fputs("，办理结果总计 ", stdout);
		print_cell(&t[REPORT_T3_RESULTS_TOTAL][REPORT_COL_TOTAL]);
		fputs("，结转下年度 ", stdout);
		print_cell(&t[REPORT_T3_CARRIED_FORWARD][REPORT_COL_TOTAL]);
		fputs("\n  表四（总计）：行政复议 ", stdout);
		print_cell(&r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL]);
		fputs("，未经复议直接起诉 ", stdout);
		print_cell(&r->table4[REPORT_T4_LITIGATION_DIRECT][REPORT_T4_TOTAL]);
		fputs("，复议后起诉 ", stdout);
		print_cell(&r->table4[REPORT_T4_LITIGATION_AFTER_REVIEW][REPORT_T4_TOTAL]);
		fputc('\n', stdout);
	}
	printf("  检查结果：错误 %zu，警告 %zu，提示 %zu\n",
	       report_count_findings(r, REPORT_SEV_ERROR),
	       report_count_findings(r, REPORT_SEV_WARNING),
	       report_count_findings(r, REPORT_SEV_INFO));
	for (size_t i = 0; i < r->nfindings; i++)
		printf("    [%s] %s：%s\n", report_severity_label(r->findings[i].severity),
		       r->findings[i].rule, r->findings[i].message);
}

static void progress(size_t done, size_t total)
{
	int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;
	fprintf(stderr, "\r读取中 [");
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

int cmd_report_parse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"csv", required_argument, NULL, 'c'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false, quiet = false;
	const char *csv_path = NULL;
	int o;
	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
		switch (o) {
		case 'j': json = true; break;
		case 'c': csv_path = optarg; break;
		case 'q': quiet = true; break;
		case 'h': fputs(help, stdout); return CLI_OK;
		default:
			return cli_error("report parse",
					 "无法识别的选项 %s（见 zfxxgk report parse --help）",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_error("report parse",
				 "缺少要读取的文件或目录（见 zfxxgk report parse --help）");

	struct files files = {0};
	bool bulk = argc - optind > 1;
	int status = CLI_OK;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			cli_error("report parse", "无法读取 %s：%s", argv[i],
				  errno == ENOENT ? "文件或目录不存在" : zf_strerror(ZF_EIO));
			status = CLI_USAGE;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			bulk = true;
			if (walk(&files, argv[i], 0)) {
				cli_error("report parse", "无法读取目录 %s", argv[i]);
				status = CLI_USAGE;
			}
		} else {
			files_add(&files, argv[i]);
		}
	}
	FILE *csv = NULL;
	if (csv_path) {
		csv = fopen(csv_path, "wb");
		if (!csv) {
			cli_error("report parse", "无法写入 %s：%s", csv_path, zf_strerror(ZF_EIO));
			status = CLI_USAGE;
			goto done;
		}
		fputs("\xEF\xBB\xBF"
		      "file,sha256,format,year,agency,layout,received_new,received_carried_over,"
		      "results_total,carried_forward,review_total,litigation_total,errors,warnings,"
		      "infos,status\r\n",
		      csv);
	}
	struct ingest_ctx *ctx;
	int rc = ingest_ctx_new(&ctx);
	if (rc) {
		cli_error("report parse", "内部数据无法加载：%s", zf_strerror(rc));
		status = CLI_USAGE;
		goto done;
	}
	bool bar = bulk && !quiet && isatty(STDERR_FILENO);
	size_t ok = 0, with_errors = 0, unrecognised = 0, unreadable = 0;
	struct buf in = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	for (size_t i = 0; i < files.n; i++) {
		const char *file = files.v[i];
		struct report *r = NULL;
		buf_reset(&err);
		buf_reset(&in); /* buf_read_file appends */
		rc = buf_read_file(&in, file, INGEST_MAX_BYTES + 1);
		if (rc == ZF_ETOOBIG || (!rc && in.len > INGEST_MAX_BYTES)) {
			buf_printf(&err, "文件过大（上限 %u 字节）", INGEST_MAX_BYTES);
			rc = ZF_ETOOBIG;
		} else if (rc) {
			buf_printf(&err, "%s", zf_strerror(rc));
		} else {
			rc = ingest_report(ctx, in.p ? in.p : "", in.len, file, &r, &err);
		}
		if (rc == ZF_ENOMEM) {
			cli_error("report parse", "内存不足");
			status = CLI_USAGE;
			break;
		}
		if (rc) {
			if (bar)
				fputs("\r\033[K", stderr);
			cli_error("report parse", "%s：%s", file, buf_cstr(&err));
			unreadable++;
			status = CLI_USAGE;
			if (csv)
				csv_line(csv, file, NULL, "unreadable");
		} else {
			bool unrec = r->format == REPORT_FORMAT_NONE;
			bool errs = report_count_findings(r, REPORT_SEV_ERROR) > 0;
			unrecognised += unrec;
			with_errors += !unrec && errs;
			ok += !unrec;
			if ((unrec || errs) && status == CLI_OK)
				status = CLI_FINDINGS;
			if (json) {
				buf_reset(&out);
				unsigned fl =
				    REPORT_JSON_POSITIONS | (bulk ? REPORT_JSON_COMPACT : 0);
				if (report_json_write(r, &out, fl) == 0)
					fwrite(out.p, 1, out.len, stdout);
			} else if (!bulk) {
				print_summary(file, r);
			} else {
				const struct report_format *f = report_format_get(r->format);
				if (bar)
					fputs("\r\033[K", stderr);
				printf("%s  %s  %d  %s  错误%zu 警告%zu\n", file,
				       f ? f->key : "未识别", r->year, r->agency ? r->agency : "-",
				       report_count_findings(r, REPORT_SEV_ERROR),
				       report_count_findings(r, REPORT_SEV_WARNING));
			}
			if (csv)
				csv_line(csv, file, r,
					 unrec	? "unrecognised"
					 : errs ? "errors"
						: "ok");
			report_free(r);
		}
		if (bar)
			progress(i + 1, files.n);
	}
	if (bulk) {
		FILE *sum = json ? stderr : stdout;
		fprintf(sum, "\n汇总：共 %zu 份\n", files.n);
		fprintf(sum, "  读取成功      %6zu（其中含错误 %zu）\n", ok, with_errors);
		fprintf(sum, "  无法识别      %6zu\n", unrecognised);
		fprintf(sum, "  无法读取      %6zu\n", unreadable);
	}
	buf_free(&in);
	buf_free(&out);
	buf_free(&err);
	ingest_ctx_free(ctx);
done:
	if (csv && fclose(csv) != 0) {
		cli_error("report parse", "无法写入 %s", csv_path);
		status = CLI_USAGE;
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	fflush(stdout);
	return status;
}
