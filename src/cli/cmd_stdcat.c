/* cmd_stdcat.c: `zfxxgk stdcat import|export|list|overdue|link|event`: the 基层政务公开标准
 * 目录 (store/std_catalogue.h) from the command line: loaded from Excel (all or nothing,
 * "第N行：…" for each problem), written back to Excel, listed with each item's status, the
 * overdue items (exit status 1 when there are any, for a daily job), a document linked to an
 * item, the event day an item's 时限 counts from. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "ingest/std_sheet.h"
#include "law/calendar.h"
#include "render/std_xlsx.h"
#include "store/agencies.h"
#include "store/std_catalogue.h"

#include <getopt.h>

static const char help_stdcat[] =
    "用法：zfxxgk stdcat <子命令> [选项]\n\n"
    "基层政务公开标准目录（国办发〔2019〕54号）：各试点领域的事项（一级事项、二级事项、公开\n"
    "内容、依据、时限、主体、渠道和载体、对象、方式、层级），每个事项关联其公开的文件；\n"
    "公开时限已过而没有关联已发布文件的事项为“逾期未公开”，提示其公开主体。\n\n"
    "子命令：\n"
    "  import 文件.xlsx [--area 领域] [--dry-run]\n"
    "            从 Excel 导入（按标准目录的表头识别各列，合并单元格向下填充）。公开主体按\n"
    "            机构全称匹配，一格写多个主体（用“、”分隔）则每个主体一个事项。同一主体、领域、\n"
    "            一级事项、二级事项的事项已存在时更新其内容，保留已关联的文件。\n"
    "            任何一行有误则整个文件都不导入，并逐行列出“第N行：原因”。\n"
    "            --area 表中没有“领域”列、标题中也没有写明时所用的领域\n"
    "            --dry-run 只检查、预览，不写入\n"
    "  export 文件.xlsx [--area 领域] [--agency 机构] [--today YYYY-MM-DD]\n"
    "            按导入格式导出（另附状态和到期日两列），可修改后再导入\n"
    "  list [--area 领域] [--agency 机构] [--today YYYY-MM-DD]\n"
    "            列出事项及其状态（已公开、逾期未公开、未到期、待公开）\n"
    "  overdue [--agency 机构] [--today YYYY-MM-DD]\n"
    "            列出逾期未公开的事项；有逾期事项时退出状态为 1\n"
    "  link --item 事项编号 --doc 文件编号\n"
    "            把已发布的文件关联到事项\n"
    "  event --item 事项编号 --on YYYY-MM-DD\n"
    "            登记事项的信息形成或变更日期（“…之日起N个工作日内”的时限从该日起算；\n"
    "            --on 写空串则清除）\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址 postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 成功；1 文件有误未导入，或有逾期事项（overdue）；2 用法或读写错误。\n\n"
    "示例：\n"
    "  zfxxgk stdcat import 义务教育领域标准目录.xlsx --dry-run\n"
    "  zfxxgk stdcat import 社会救助.xlsx --area 社会救助\n"
    "  zfxxgk stdcat overdue --today 2026-10-10\n"
    "  zfxxgk stdcat export 标准目录.xlsx --agency 示例县教育局\n";

enum { OPT_DB = 256, OPT_AREA, OPT_AGENCY, OPT_TODAY, OPT_DRY, OPT_ITEM, OPT_DOC, OPT_ON };

struct stdcat_args {
	const char *db, *area, *agency, *today, *item, *doc, *on, *file;
	bool dry_run, has_on;
};

/* 0, 100 for --help (printed), or CLI_USAGE (printed). */
static int parse(const char *cmd, int argc, char **argv, struct stdcat_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"area", required_argument, NULL, OPT_AREA},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"today", required_argument, NULL, OPT_TODAY},
	    {"dry-run", no_argument, NULL, OPT_DRY},
	    {"item", required_argument, NULL, OPT_ITEM},
	    {"doc", required_argument, NULL, OPT_DOC},
	    {"on", required_argument, NULL, OPT_ON},
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
		case OPT_AREA: a->area = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_TODAY: a->today = optarg; break;
		case OPT_DRY: a->dry_run = true; break;
		case OPT_ITEM: a->item = optarg; break;
		case OPT_DOC: a->doc = optarg; break;
		case OPT_ON:
			a->on = optarg;
			a->has_on = true;
			break;
		case 'h': fputs(help_stdcat, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		a->file = argv[optind++];
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

/* The agency of --agency (id, code or unique name): 0 or CLI_USAGE (printed). */
static int resolve_agency(const char *cmd, struct store *st, const char *key, long long *id)
{
	*id = 0;
	if (!key)
		return 0;
	long v = 0;
	if (!str_to_long(str_c(key), &v) && v > 0) {
		bool exists = false;
		if (store_agency_exists(st, v, &exists) || !exists)
			return cli_error(cmd, "没有编号为 %ld 的机构", v);
		*id = v;
		return 0;
	}
	int rc = store_agency_find(st, key, id);
	if (rc == ZF_EEXIST)
		return cli_error(cmd, "有多个名为“%s”的机构，请改用编号或机构代码", key);
	if (rc)
		return cli_error(cmd, "找不到机构“%s”", key);
	return 0;
}

static int load_items(const char *cmd, struct store *st, struct arena *ar,
		      const struct stdcat_args *a, int status, struct std_item **v, size_t *n)
{
	zf_day today = date_today();
	if (a->today && cli_parse_day(cmd, "--today", a->today, &today))
		return CLI_USAGE;
	long long agency = 0;
	if (resolve_agency(cmd, st, a->agency, &agency))
		return CLI_USAGE;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct std_filter f = {.agency_ids = agency ? &agency : NULL,
			       .nagency = agency ? 1 : 0,
			       .area = a->area,
			       .status = status,
			       .today = today};
	int rc = store_std_list(st, ar, cal, &f, v, n);
	cal_free(cal);
	if (rc)
		return cli_error(cmd, "无法读取标准目录：%s", zf_strerror(rc));
	return 0;
}

static int do_import(const char *cmd, struct store *st, struct arena *ar,
		     const struct stdcat_args *a)
{
	if (!a->file)
		return cli_error(cmd, "请给出要导入的 Excel 文件（.xlsx）");
	struct buf data = BUF_INIT, err = BUF_INIT;
	int rc = buf_read_file(&data, a->file, 32u << 20);
	if (rc) {
		buf_free(&data);
		return cli_error(cmd, "无法读取“%s”：%s", a->file, zf_strerror(rc));
	}
	struct std_sheet sheet;
	rc = std_sheet_read_xlsx(data.p, data.len, a->area, ar, &sheet, &err);
	buf_free(&data);
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		return rc == ZF_ENOMEM ? CLI_USAGE : CLI_FINDINGS;
	}
	buf_free(&err);
	struct std_import_report rep;
	rc = store_std_import(st, cli_actor(), ar, NULL, 0, &sheet, !a->dry_run, &rep);
	if (rc == ZF_EINVAL) {
		fprintf(stderr, "zfxxgk %s: 文件有误，未导入任何事项：\n", cmd);
		for (size_t i = 0; i < rep.nproblems; i++)
			fprintf(stderr, "  %s\n", rep.problems[i]);
		if (sheet.more_problems)
			fprintf(stderr, "  另有 %zu 处问题未列出\n", sheet.more_problems);
		return CLI_FINDINGS;
	}
	if (rc)
		return cli_error(cmd, "导入未能完成，未写入任何事项：%s", zf_strerror(rc));
	struct agency *list = NULL;
	size_t nl = 0;
	if (store_agency_list(st, ar, &list, &nl))
		nl = 0;
	printf("行号\t领域\t一级事项\t二级事项\t公开主体\t公开时限\t导入后\n");
	for (size_t i = 0; i < rep.nrows; i++) {
		const struct std_sheet_row *r = NULL;
		for (size_t k = 0; k < sheet.n && !r; k++)
			if (sheet.rows[k].line == rep.rows[i].line)
				r = &sheet.rows[k];
		const char *name = "";
		for (size_t k = 0; k < nl; k++)
			if (list[k].id == rep.rows[i].agency_id)
				name = list[k].name;
		struct std_limit l = std_limit_parse(r ? r->limit : "");
		char lim[64];
		printf("%d\t%s\t%s\t%s\t%s\t%s\t%s\n", rep.rows[i].line, r ? r->area : "",
		       r ? r->level1 : "", r ? r->level2 : "", name, std_limit_describe(&l, lim),
		       rep.rows[i].update ? "更新" : "新增");
	}
	printf("%s：新增 %zu 个事项，更新 %zu 个事项\n", a->dry_run ? "预览（未写入）" : "已导入",
	       rep.added, rep.updated);
	return CLI_OK;
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	int rc = f && fwrite(b->p, 1, b->len, f) == b->len ? 0 : ZF_EIO;
	if (f && fclose(f))
		rc = ZF_EIO;
	return rc;
}

static int do_export(const char *cmd, struct store *st, struct arena *ar,
		     const struct stdcat_args *a)
{
	if (!a->file)
		return cli_error(cmd, "请给出导出文件名，如 标准目录.xlsx");
	struct std_item *v = NULL;
	size_t n = 0;
	int rc = load_items(cmd, st, ar, a, -1, &v, &n);
	if (rc)
		return rc;
	struct buf out = BUF_INIT;
	rc = std_xlsx_export(v, n, &out);
	if (!rc)
		rc = write_file(a->file, &out);
	buf_free(&out);
	if (rc)
		return cli_error(cmd, "无法写出“%s”", a->file);
	printf("已导出 %zu 个事项到 %s\n", n, a->file);
	return CLI_OK;
}

static void print_items(const struct std_item *v, size_t n)
{
	printf("编号\t领域\t一级事项\t二级事项\t公开主体\t状态\t到期日\t关联文件\n");
	for (size_t i = 0; i < n; i++) {
		char due[11] = "";
		if (v[i].due)
			date_format(v[i].due, due);
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%lld\n", v[i].id, v[i].area, v[i].level1,
		       v[i].level2, v[i].agency_name, std_status_label(v[i].status), due,
		       v[i].ndocs);
	}
}

static int do_list(const char *cmd, struct store *st, struct arena *ar, const struct stdcat_args *a)
{
	if (a->file)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", a->file);
	struct std_item *v = NULL;
	size_t n = 0;
	int rc = load_items(cmd, st, ar, a, -1, &v, &n);
	if (rc)
		return rc;
	print_items(v, n);
	printf("共 %zu 个事项\n", n);
	return CLI_OK;
}

static int do_overdue(const char *cmd, struct store *st, struct arena *ar,
		      const struct stdcat_args *a)
{
	if (a->file)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", a->file);
	struct std_item *v = NULL;
	size_t n = 0;
	int rc = load_items(cmd, st, ar, a, STD_ST_OVERDUE, &v, &n);
	if (rc)
		return rc;
	if (!n) {
		printf("没有逾期未公开的事项\n");
		return CLI_OK;
	}
	print_items(v, n);
	printf("逾期未公开 %zu 个事项\n", n);
	return CLI_FINDINGS;
}

static int do_link(const char *cmd, struct store *st, struct arena *ar, const struct stdcat_args *a)
{
	ZF_UNUSED(ar);
	long long item = 0, doc = 0;
	if (!a->item || !a->doc)
		return cli_error(cmd, "--item 和 --doc 都必须给出");
	if (cli_parse_id(cmd, "--item", a->item, &item) || cli_parse_id(cmd, "--doc", a->doc, &doc))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_std_link(st, cli_actor(), item, doc, &err);
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		return rc == ZF_EINVAL || rc == ZF_ENOENT ? CLI_FINDINGS : CLI_USAGE;
	}
	buf_free(&err);
	printf("已把文件 %lld 关联到事项 %lld\n", doc, item);
	return CLI_OK;
}

static int do_event(const char *cmd, struct store *st, struct arena *ar,
		    const struct stdcat_args *a)
{
	ZF_UNUSED(ar);
	long long item = 0;
	zf_day on = 0;
	if (!a->item || !a->has_on)
		return cli_error(cmd, "--item 和 --on 都必须给出");
	if (cli_parse_id(cmd, "--item", a->item, &item) ||
	    (*a->on && cli_parse_day(cmd, "--on", a->on, &on)))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_std_set_event(st, cli_actor(), item, on, &err);
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		return rc == ZF_ENOENT ? CLI_FINDINGS : CLI_USAGE;
	}
	buf_free(&err);
	printf(on ? "已登记事项 %lld 的信息形成或变更日期\n" : "已清除事项 %lld 的信息形成日期\n",
	       item);
	return CLI_OK;
}

typedef int stdcat_fn(const char *cmd, struct store *st, struct arena *ar,
		      const struct stdcat_args *a);

int cmd_stdcat(int argc, char **argv)
{
	static const struct {
		const char *name, *cmd;
		stdcat_fn *run;
	} subs[] = {
	    {"import", "stdcat import", do_import}, {"export", "stdcat export", do_export},
	    {"list", "stdcat list", do_list},	    {"overdue", "stdcat overdue", do_overdue},
	    {"link", "stdcat link", do_link},	    {"event", "stdcat event", do_event},
	};
	if (argc < 2) {
		fputs(help_stdcat, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_stdcat, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++) {
		if (strcmp(sub, subs[i].name))
			continue;
		struct stdcat_args a;
		int rc = parse(subs[i].cmd, argc - 1, argv + 1, &a);
		if (rc)
			return rc == 100 ? CLI_OK : rc;
		struct store *st = cli_store_open(subs[i].cmd, a.db);
		if (!st)
			return CLI_USAGE;
		struct arena *ar = arena_new(0);
		int status = ar ? subs[i].run(subs[i].cmd, st, ar, &a) : CLI_USAGE;
		arena_free(ar);
		store_close(st);
		return status;
	}
	cli_error("stdcat", "没有“%s”这个子命令", sub);
	fputs(help_stdcat, stderr);
	return CLI_USAGE;
}
