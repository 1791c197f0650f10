/* cmd_agency.c: `zfxxgk agency add|list|edit|move|close|import|template`: the agency tree of
 * an installation with its particulars, and its bulk import from Excel. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "render/agency_xlsx.h"
#include "store/agencies.h"
#include "store/letters.h"

#include <getopt.h>

static const char help_agency[] =
    "用法：zfxxgk agency <子命令> [选项]\n\n"
    "管理本站的机构（机关、部门、乡镇街道、公共企事业单位）。\n\n"
    "子命令：\n"
    "  add       新建机构：--name 名称 --parent 上级机构 [明细选项]\n"
    "  list      按层级列出机构及其代码和状态：[--open]（不列已撤销的）\n"
    "  edit      修改机构：--id 机构 [明细选项]（只改给出的项）\n"
    "  move      调整上级机构：--id 机构 --parent 新上级机构\n"
    "  close     撤销机构（保留其历史记录）：--id 机构 --reason 原因 [--on YYYY-MM-DD]\n"
    "  import    从 Excel 批量导入机构：import 文件.xlsx [--report 校验报告.xlsx]\n"
    "  template  生成批量导入模板：template 文件.xlsx\n"
    "  export    把现有机构（未撤销的）按导入模板的格式导出：export 文件.xlsx\n\n"
    "机构（--id、--parent、--supervisor）可写编号、机构代码、统一社会信用代码或名称"
    "（名称须唯一）。\n\n"
    "明细选项：\n"
    "  --name 名称             机构全称（不超过 100 个字）\n"
    "  --short 简称            用于文书编号前缀，如“示政信”\n"
    "  --kind 类别             人民政府、部门、乡镇（街道）、公共企事业单位 或 其他"
    "（默认 部门）\n"
    "  --supervisor 主管部门   公共企事业单位的主管部门\n"
    "  --credit-code 代码      18 位统一社会信用代码（按 GB 32100-2015 校验）\n"
    "  --org-code 代码         索引号所用的机构代码（9 位组织机构代码或 18 位统一社会信用代码）；\n"
    "                          填写后该机构即可发布主动公开信息\n"
    "  --phone 电话  --email 邮箱  --address 地址  --hours 办公时间  --sort 排序号\n"
    "  --review-body 机关      答复书救济途径写明的行政复议机关（仅 edit；空串为不写名称）\n"
    "  --court 法院            答复书救济途径写明的人民法院（仅 edit；空串为不写名称）\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址 postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "示例：\n"
    "  zfxxgk agency add --name 示例县教育局 --parent 示例县人民政府 --short 示教\n"
    "  zfxxgk agency list\n"
    "  zfxxgk agency edit --id 示例县教育局 --review-body 示例县人民政府 --court 示例县人民法院\n"
    "  zfxxgk agency close --id 示例县教育局 --reason 机构改革，职能并入示例县教育和体育局\n"
    "  zfxxgk agency import 机构.xlsx --report 校验报告.xlsx\n";

enum {
	OPT_DB = 256,
	OPT_ID,
	OPT_NAME,
	OPT_PARENT,
	OPT_SHORT,
	OPT_KIND,
	OPT_SUPERVISOR,
	OPT_CREDIT,
	OPT_ORG,
	OPT_PHONE,
	OPT_EMAIL,
	OPT_ADDRESS,
	OPT_HOURS,
	OPT_SORT,
	OPT_REASON,
	OPT_ON,
	OPT_REPORT,
	OPT_OPEN,
	OPT_REVIEW_BODY,
	OPT_COURT,
};

struct agency_args {
	const char *db, *id, *name, *parent, *short_name, *kind, *supervisor, *credit, *org;
	const char *phone, *email, *address, *hours, *sort, *reason, *on, *report;
	const char *review_body, *court; /* edit only */
	bool open_only;
	const char *file; /* the positional argument of import/template */
};

static int parse(const char *cmd, int argc, char **argv, struct agency_args *a, bool positional)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"id", required_argument, NULL, OPT_ID},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"parent", required_argument, NULL, OPT_PARENT},
	    {"short", required_argument, NULL, OPT_SHORT},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"supervisor", required_argument, NULL, OPT_SUPERVISOR},
	    {"credit-code", required_argument, NULL, OPT_CREDIT},
	    {"org-code", required_argument, NULL, OPT_ORG},
	    {"phone", required_argument, NULL, OPT_PHONE},
	    {"email", required_argument, NULL, OPT_EMAIL},
	    {"address", required_argument, NULL, OPT_ADDRESS},
	    {"hours", required_argument, NULL, OPT_HOURS},
	    {"sort", required_argument, NULL, OPT_SORT},
	    {"reason", required_argument, NULL, OPT_REASON},
	    {"on", required_argument, NULL, OPT_ON},
	    {"report", required_argument, NULL, OPT_REPORT},
	    {"open", no_argument, NULL, OPT_OPEN},
	    {"review-body", required_argument, NULL, OPT_REVIEW_BODY},
	    {"court", required_argument, NULL, OPT_COURT},
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
		case OPT_ID: a->id = optarg; break;
		case OPT_NAME: a->name = optarg; break;
		case OPT_PARENT: a->parent = optarg; break;
		case OPT_SHORT: a->short_name = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_SUPERVISOR: a->supervisor = optarg; break;
		case OPT_CREDIT: a->credit = optarg; break;
		case OPT_ORG: a->org = optarg; break;
		case OPT_PHONE: a->phone = optarg; break;
		case OPT_EMAIL: a->email = optarg; break;
		case OPT_ADDRESS: a->address = optarg; break;
		case OPT_HOURS: a->hours = optarg; break;
		case OPT_SORT: a->sort = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_ON: a->on = optarg; break;
		case OPT_REPORT: a->report = optarg; break;
		case OPT_OPEN: a->open_only = true; break;
		case OPT_REVIEW_BODY: a->review_body = optarg; break;
		case OPT_COURT: a->court = optarg; break;
		case 'h': fputs(help_agency, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (positional && optind < argc)
		a->file = argv[optind++];
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

/* An agency by id, code or unique name: 0 or CLI_USAGE (printed). */
static int resolve(const char *cmd, struct store *st, const char *what, const char *key,
		   long long *id)
{
	long v = 0;
	/* a code first: 9- and 18-character codes may be all digits */
	if (key && strlen(key) >= 9 && !store_agency_find(st, key, id))
		return 0;
	if (key && !str_to_long(str_c(key), &v) && v > 0) {
		bool exists = false;
		if (store_agency_exists(st, v, &exists) || !exists)
			return cli_error(cmd, "%s：没有编号为 %ld 的机构", what, v);
		*id = v;
		return 0;
	}
	int rc = store_agency_find(st, key, id);
	if (rc == ZF_EEXIST)
		return cli_error(cmd, "%s：有多个名为“%s”的机构，请改用编号或机构代码", what, key);
	if (rc)
		return cli_error(cmd, "%s：找不到机构“%s”", what, key ? key : "");
	return 0;
}

/* Applies the detail options given to x; 0 or CLI_USAGE. */
static int apply(const char *cmd, struct store *st, const struct agency_args *a,
		 struct agency_info *x)
{
	if (a->name)
		x->name = a->name;
	if (a->short_name)
		x->short_name = a->short_name;
	if (a->kind && agency_class_parse(a->kind, &x->cls))
		return cli_error(cmd,
				 "类别“%s”不对，应为 人民政府、部门、乡镇（街道）、"
				 "公共企事业单位 或 其他",
				 a->kind);
	if (a->supervisor) {
		if (!*a->supervisor)
			x->supervisor_id = 0;
		else if (resolve(cmd, st, "主管部门", a->supervisor, &x->supervisor_id))
			return CLI_USAGE;
	}
	if (a->credit)
		x->credit_code = a->credit;
	if (a->org)
		x->org_code = a->org;
	if (a->phone)
		x->phone = a->phone;
	if (a->email)
		x->email = a->email;
	if (a->address)
		x->address = a->address;
	if (a->hours)
		x->hours = a->hours;
	if (a->sort && cli_parse_int(cmd, "排序号", a->sort, -100000, 100000, &x->sort_order))
		return CLI_USAGE;
	return 0;
}

static void print_one(const struct agency_info *x)
{
	char day[11];
	printf("编号：%lld\n名称：%s\n上级机构：%s\n类别：%s\n", x->id, x->name,
	       *x->parent_name ? x->parent_name : "（无，最上级）", agency_class_label(x->cls));
	if (*x->supervisor_name)
		printf("主管部门：%s\n", x->supervisor_name);
	printf("简称：%s\n统一社会信用代码：%s\n机构代码：%s\n电话：%s\n电子邮箱：%s\n地址：%s\n"
	       "办公时间：%s\n",
	       x->short_name, x->credit_code, x->org_code, x->phone, x->email, x->address,
	       x->hours);
	if (x->closed_on)
		printf("状态：已于 %s 撤销（%s）\n", date_format(x->closed_on, day),
		       x->closed_reason);
}

/* A refusal of the store: 1 for the data's fault, 2 for anything else (printed). */
static int fail(const char *cmd, int rc, const struct buf *err)
{
	cli_error(cmd, "%s", err->len ? buf_cstr(err) : zf_strerror(rc));
	return rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT ? CLI_FINDINGS : CLI_USAGE;
}

typedef int (*agency_fn)(const char *cmd, struct store *st, struct arena *ar,
			 struct agency_args *a);

/* Parses, opens the store, runs fn; the exit status. */
static int run(const char *cmd, int argc, char **argv, bool positional, agency_fn fn)
{
	struct agency_args a;
	int rc = parse(cmd, argc, argv, &a, positional);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	int status = fn(cmd, st, ar, &a);
	arena_free(ar);
	store_close(st);
	return status;
}

static int do_add(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	if (!a->name || !a->parent)
		return cli_error(cmd, "--name 和 --parent 都必须给出");
	struct agency_info x = {.cls = AGENCY_CLASS_DEPARTMENT};
	if (resolve(cmd, st, "上级机构", a->parent, &x.parent_id) || apply(cmd, st, a, &x))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_agency_create(st, cli_actor(), &x, false, &id, &err);
	int status = CLI_OK;
	if (rc)
		status = fail(cmd, rc, &err);
	else if (!store_agency_get(st, ar, id, &x))
		printf("已新建机构“%s”，编号 %lld，上级机构：%s\n", x.name, id, x.parent_name);
	buf_free(&err);
	return status;
}

static int do_list(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	struct agency_info *list = NULL;
	size_t n = 0;
	int rc = store_agency_list_full(st, ar, &list, &n);
	if (rc)
		return cli_error(cmd, "无法读取机构：%s", zf_strerror(rc));
	printf("编号\t名称\t类别\t简称\t机构代码\t统一社会信用代码\t状态\n");
	for (size_t i = 0; i < n; i++) {
		const struct agency_info *x = &list[i];
		if (a->open_only && x->closed_on)
			continue;
		char day[11];
		printf("%lld\t%*s%s\t%s\t%s\t%s\t%s\t", x->id, x->depth * 2, "", x->name,
		       agency_class_label(x->cls), x->short_name, x->org_code, x->credit_code);
		if (x->closed_on)
			printf("已撤销（%s）\n", date_format(x->closed_on, day));
		else
			printf("正常\n");
	}
	return CLI_OK;
}

static int do_edit(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	if (!a->id)
		return cli_error(cmd, "请用 --id 指定机构");
	if (a->parent)
		return cli_error(cmd, "调整上级机构请用 zfxxgk agency move");
	long long id = 0;
	struct agency_info x;
	if (resolve(cmd, st, "机构", a->id, &id))
		return CLI_USAGE;
	if (store_agency_get(st, ar, id, &x))
		return cli_error(cmd, "无法读取机构 %lld", id);
	if (apply(cmd, st, a, &x))
		return CLI_USAGE;
	if (x.cls != AGENCY_CLASS_PUBLIC && !a->supervisor)
		x.supervisor_id = 0;
	struct buf err = BUF_INIT;
	const char *review_body = "", *court = "";
	int rc = store_write_begin(st);
	if (!rc)
		rc = store_agency_edit(st, cli_actor(), &x, &err);
	if (!rc && (a->review_body || a->court))
		rc = store_agency_remedy_get(st, ar, id, &review_body, &court);
	if (!rc && (a->review_body || a->court))
		rc = store_agency_remedy_set(st, cli_actor(), id,
					     a->review_body ? a->review_body : review_body,
					     a->court ? a->court : court, &err);
	rc = store_write_end(st, rc);
	int status = CLI_OK;
	if (rc) {
		status = fail(cmd, rc, &err);
	} else if (!store_agency_get(st, ar, id, &x)) {
		printf("已修改机构 %lld：\n", id);
		print_one(&x);
		if (!store_agency_remedy_get(st, ar, id, &review_body, &court))
			printf("行政复议机关：%s\n人民法院：%s\n", review_body, court);
	}
	buf_free(&err);
	return status;
}

static int do_move(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	ZF_UNUSED(ar);
	if (!a->id || !a->parent)
		return cli_error(cmd, "--id 和 --parent 都必须给出");
	long long id = 0, parent = 0;
	if (resolve(cmd, st, "机构", a->id, &id) ||
	    resolve(cmd, st, "新上级机构", a->parent, &parent))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_agency_move(st, cli_actor(), id, parent, &err);
	int status = CLI_OK;
	if (rc)
		status = fail(cmd, rc, &err);
	else
		printf("已将机构 %lld 移到机构 %lld 之下\n", id, parent);
	buf_free(&err);
	return status;
}

static int do_close(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	ZF_UNUSED(ar);
	if (!a->id || !a->reason)
		return cli_error(cmd, "--id 和 --reason 都必须给出");
	long long id = 0;
	zf_day on = 0;
	if (resolve(cmd, st, "机构", a->id, &id) ||
	    (a->on && cli_parse_day(cmd, "撤销日期", a->on, &on)))
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = store_agency_close(st, cli_actor(), id, on, a->reason, &err);
	int status = CLI_OK;
	if (rc)
		status = fail(cmd, rc, &err);
	else
		printf("已撤销机构 %lld；其申请和公开信息仍保留可查\n", id);
	buf_free(&err);
	return status;
}

static int do_import(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	if (!a->file)
		return cli_error(cmd, "请给出要导入的 Excel 文件（.xlsx）");
	struct buf data = BUF_INIT, err = BUF_INIT;
	int rc = buf_read_file(&data, a->file, 32u << 20);
	if (rc) {
		buf_free(&data);
		return cli_error(cmd, "无法读取“%s”：%s", a->file, zf_strerror(rc));
	}
	struct agency_import_report rep;
	rc = store_agency_import_xlsx(st, cli_actor(), ar, NULL, 0, data.p, data.len, &rep, &err);
	buf_free(&data);
	int status = CLI_OK;
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		/* a database failure is the program's; a file it cannot read is the data's */
		return rc == ZF_EDB || rc == ZF_ENOMEM ? CLI_USAGE : CLI_FINDINGS;
	}
	printf("已导入 %zu 个机构；%zu 行有误，未导入\n", rep.added, rep.nbad);
	if (rep.nbad)
		printf("行号\t名称\t原因\n");
	for (size_t i = 0; i < rep.nbad; i++)
		printf("%d\t%s\t%s\n", rep.bad[i].line, rep.bad[i].name, rep.bad[i].reason);
	if (a->report) {
		struct buf out = BUF_INIT;
		FILE *f = NULL;
		rc = agency_xlsx_report(&rep, &out);
		if (!rc &&
		    (!(f = fopen(a->report, "wb")) || fwrite(out.p, 1, out.len, f) != out.len))
			rc = ZF_EIO;
		if (f && fclose(f))
			rc = ZF_EIO;
		if (rc)
			cli_error(cmd, "无法写出校验报告“%s”", a->report);
		else
			printf("校验报告已写入 %s\n", a->report);
		buf_free(&out);
	}
	buf_free(&err);
	return rep.nbad ? CLI_FINDINGS : status;
}

static int agency_template(int argc, char **argv)
{
	static const char cmd[] = "agency template";
	struct agency_args a;
	int rc = parse(cmd, argc, argv, &a, true);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.file)
		return cli_error(cmd, "请给出模板文件名，如 机构导入模板.xlsx");
	struct buf out = BUF_INIT;
	FILE *f = NULL;
	rc = agency_xlsx_template(&out);
	if (!rc && (!(f = fopen(a.file, "wb")) || fwrite(out.p, 1, out.len, f) != out.len))
		rc = ZF_EIO;
	if (f && fclose(f))
		rc = ZF_EIO;
	buf_free(&out);
	if (rc)
		return cli_error(cmd, "无法写出“%s”", a.file);
	printf("导入模板已写入 %s\n", a.file);
	return CLI_OK;
}

/* Writes b to path: 0 or ZF_EIO. */
static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	int rc = f && fwrite(b->p, 1, b->len, f) == b->len ? 0 : ZF_EIO;
	if (f && fclose(f))
		rc = ZF_EIO;
	return rc;
}

static int do_export(const char *cmd, struct store *st, struct arena *ar, struct agency_args *a)
{
	if (!a->file)
		return cli_error(cmd, "请给出导出文件名，如 机构.xlsx");
	struct agency_info *list = NULL;
	size_t n = 0;
	int rc = store_agency_list_full(st, ar, &list, &n);
	if (rc)
		return cli_error(cmd, "无法读取机构：%s", zf_strerror(rc));
	struct buf out = BUF_INIT;
	rc = agency_xlsx_export(list, n, &out);
	if (!rc)
		rc = write_file(a->file, &out);
	buf_free(&out);
	if (rc)
		return cli_error(cmd, "无法写出“%s”", a->file);
	printf("已导出到 %s\n", a->file);
	return CLI_OK;
}

static int agency_export(int argc, char **argv)
{
	return run("agency export", argc, argv, true, do_export);
}

static int agency_add(int argc, char **argv)
{
	return run("agency add", argc, argv, false, do_add);
}
static int agency_list(int argc, char **argv)
{
	return run("agency list", argc, argv, false, do_list);
}
static int agency_edit(int argc, char **argv)
{
	return run("agency edit", argc, argv, false, do_edit);
}
static int agency_move(int argc, char **argv)
{
	return run("agency move", argc, argv, false, do_move);
}
static int agency_close(int argc, char **argv)
{
	return run("agency close", argc, argv, false, do_close);
}
static int agency_import(int argc, char **argv)
{
	return run("agency import", argc, argv, true, do_import);
}

int cmd_agency(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"add", agency_add},	   {"list", agency_list},     {"edit", agency_edit},
	    {"move", agency_move},	   {"close", agency_close},   {"import", agency_import},
	    {"template", agency_template}, {"export", agency_export},
	};
	if (argc < 2) {
		fputs(help_agency, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_agency, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("agency", "没有“%s”这个子命令", sub);
	fputs(help_agency, stderr);
	return CLI_USAGE;
}
