/* cmd_column.c: `zfxxgk column list|add|edit|move|seed|file`: each agency's column tree (栏目,
 * store/columns.h): the 法定主动公开内容 of 条例 Art. 20 and the usual 政务公开 columns, their
 * update cadence, link-out columns and the stale flag. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "store/columns.h"

#include <getopt.h>

static const char help_column[] =
    "用法：zfxxgk column <子命令> [选项]\n\n"
    "管理各机关的栏目：法定主动公开内容（《条例》第二十条 15 项）和政府信息公开指南、\n"
    "制度、年报、政策解读、通知公告等常用栏目。栏目可以列出归入的文件，也可以是链接到\n"
    "其他平台（政务服务网、公共资源交易平台等）的外链栏目。\n\n"
    "子命令：\n"
    "  list   列出机关的栏目树：--agency 机关编号 [--all 含已关闭的栏目]\n"
    "         显示最近更新日期、更新周期，超过周期未更新的标“逾期未更新”\n"
    "  add    新增栏目：--agency 机关编号 --name 名称 [--parent 上级栏目编号]\n"
    "         [--code 代码] [--cadence 周期] [--item 第二十条的项] [--sort 排序号]\n"
    "         [--url 外链地址 [--updated 更新日期]]（给出 --url 即为外链栏目）\n"
    "  edit   修改栏目：--id 栏目编号，加上要改的选项（同 add，不含 --agency、--parent），\n"
    "         以及 --hide（关闭，不在公开网站显示）或 --show（重新开放）；\n"
    "         --url '' 把外链栏目改回文件列表\n"
    "  move   移动栏目：--id 栏目编号 --parent 新上级栏目编号（0 为顶级）[--sort 排序号]\n"
    "  seed   为还没有栏目的机关建立标准栏目：--agency 机关编号（已有栏目的不变）\n"
    "  file   把文件归入栏目：--doc 文件编号 --columns 栏目编号,栏目编号…（取代原来的归属；\n"
    "         --columns '' 表示不归入任何栏目）。栏目须属于文件的发布机关，且为文件列表栏目\n\n"
    "更新周期（--cadence）：日、周、月、季、半年、年、不定期，或天数。\n"
    "外链地址只接受 http:// 或 https:// 开头的网址。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "               postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "示例：\n"
    "  zfxxgk column seed --agency 2\n"
    "  zfxxgk column list --agency 2\n"
    "  zfxxgk column add --agency 2 --parent 3 --name 农业农村 --cadence 季\n"
    "  zfxxgk column edit --id 8 --url https://zwfw.example.gov.cn/ --updated 2026-03-01\n"
    "  zfxxgk column move --id 24 --parent 0 --sort 5\n"
    "  zfxxgk column file --doc 120 --columns 4,21\n";

enum {
	OPT_DB = 256,
	OPT_AGENCY,
	OPT_ID,
	OPT_NAME,
	OPT_PARENT,
	OPT_CODE,
	OPT_CADENCE,
	OPT_ITEM,
	OPT_SORT,
	OPT_URL,
	OPT_UPDATED,
	OPT_HIDE,
	OPT_SHOW,
	OPT_ALL,
	OPT_DOC,
	OPT_COLUMNS,
};

struct column_args {
	const char *db, *agency, *id, *name, *parent, *code, *cadence, *item, *sort, *url, *updated;
	const char *doc, *columns;
	bool hide, show, all;
};

static int parse(const char *cmd, int argc, char **argv, struct column_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"id", required_argument, NULL, OPT_ID},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"parent", required_argument, NULL, OPT_PARENT},
	    {"code", required_argument, NULL, OPT_CODE},
	    {"cadence", required_argument, NULL, OPT_CADENCE},
	    {"item", required_argument, NULL, OPT_ITEM},
	    {"sort", required_argument, NULL, OPT_SORT},
	    {"url", required_argument, NULL, OPT_URL},
	    {"updated", required_argument, NULL, OPT_UPDATED},
	    {"hide", no_argument, NULL, OPT_HIDE},
	    {"show", no_argument, NULL, OPT_SHOW},
	    {"all", no_argument, NULL, OPT_ALL},
	    {"doc", required_argument, NULL, OPT_DOC},
	    {"columns", required_argument, NULL, OPT_COLUMNS},
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
		case OPT_NAME: a->name = optarg; break;
		case OPT_PARENT: a->parent = optarg; break;
		case OPT_CODE: a->code = optarg; break;
		case OPT_CADENCE: a->cadence = optarg; break;
		case OPT_ITEM: a->item = optarg; break;
		case OPT_SORT: a->sort = optarg; break;
		case OPT_URL: a->url = optarg; break;
		case OPT_UPDATED: a->updated = optarg; break;
		case OPT_HIDE: a->hide = true; break;
		case OPT_SHOW: a->show = true; break;
		case OPT_ALL: a->all = true; break;
		case OPT_DOC: a->doc = optarg; break;
		case OPT_COLUMNS: a->columns = optarg; break;
		case 'h': fputs(help_column, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

/* A cadence label (季) or a number of days. */
static int parse_cadence(const char *cmd, const char *s, int *out)
{
	size_t n;
	const struct column_cadence *c = column_cadences(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, c[i].label)) {
			*out = c[i].days;
			return 0;
		}
	return cli_parse_int(cmd, "更新周期（日、周、月、季、半年、年、不定期或天数）", s, 0, 3660,
			     out);
}

/* Applies the field options of add and edit to f. */
static int apply_fields(const char *cmd, const struct column_args *a, struct column_fields *f)
{
	if (a->name)
		f->name = a->name;
	if (a->code)
		f->code = a->code;
	if (a->cadence && parse_cadence(cmd, a->cadence, &f->cadence_days))
		return CLI_USAGE;
	if (a->item &&
	    cli_parse_int(cmd, "第二十条的项（0 至 15）", a->item, 0, 15, &f->statutory_item))
		return CLI_USAGE;
	if (a->sort && cli_parse_int(cmd, "排序号", a->sort, -100000, 100000, &f->sort_order))
		return CLI_USAGE;
	if (a->url) {
		f->url = a->url;
		f->kind = *a->url ? COLUMN_LINK : COLUMN_LIST;
		if (!*a->url)
			f->link_updated_on = 0;
	}
	if (a->updated && cli_parse_day(cmd, "更新日期", a->updated, &f->link_updated_on))
		return CLI_USAGE;
	if (a->hide && a->show)
		return cli_error(cmd, "--hide 和 --show 只能选一个");
	if (a->hide)
		f->hidden = true;
	if (a->show)
		f->hidden = false;
	return 0;
}

static int column_list(int argc, char **argv)
{
	static const char cmd[] = "column list";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency;
	if (!a.agency)
		return cli_error(cmd, "请用 --agency 指定机关编号");
	if (cli_parse_id(cmd, "机关编号", a.agency, &agency))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct column *v;
	size_t n;
	int status = CLI_OK;
	if ((rc = store_column_list(st, ar, agency, a.all, &v, &n))) {
		status = cli_error(cmd, "无法读取栏目：%s", zf_strerror(rc));
	} else if (!n) {
		printf("机关 %lld 还没有栏目；可用 zfxxgk column seed --agency %lld 建立标准栏目\n",
		       agency, agency);
	} else {
		zf_day today = date_today();
		printf("编号\t栏目\t类型\t更新周期\t最近更新\t文件数\t状态\n");
		for (size_t i = 0; i < n; i++) {
			const struct column *c = &v[i];
			char last[11] = "—";
			if (c->last_update)
				date_format(c->last_update, last);
			printf("%lld\t%*s%s%s%s\t%s\t%s\t%s\t%lld\t%s%s\n", c->id, c->depth * 2, "",
			       c->f.name, c->f.statutory_item ? " 第二十条" : "",
			       column_statutory_number(c->f.statutory_item),
			       c->f.kind == COLUMN_LINK ? c->f.url : "文件列表",
			       column_cadence_label(c->f.cadence_days), last, c->ndocs,
			       c->f.hidden ? "已关闭" : "正常",
			       column_stale(c, today) ? "，逾期未更新" : "");
		}
	}
	arena_free(ar);
	store_close(st);
	return status;
}

static int column_add(int argc, char **argv)
{
	static const char cmd[] = "column add";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct column_fields f = {0};
	if (!a.agency || !a.name)
		return cli_error(cmd, "请给出 --agency 机关编号和 --name 栏目名称");
	if (cli_parse_id(cmd, "机关编号", a.agency, &f.agency_id))
		return CLI_USAGE;
	if (a.parent && strcmp(a.parent, "0") &&
	    cli_parse_id(cmd, "上级栏目编号", a.parent, &f.parent_id))
		return CLI_USAGE;
	if (apply_fields(cmd, &a, &f))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	long long id = 0;
	int status = CLI_OK;
	if ((rc = store_column_add(st, cli_actor(), &f, &id, &err)))
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else
		printf("已新增栏目 %lld：%s\n", id, f.name);
	buf_free(&err);
	store_close(st);
	return status;
}

static int column_edit(int argc, char **argv)
{
	static const char cmd[] = "column edit";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long id;
	if (!a.id)
		return cli_error(cmd, "请用 --id 指定栏目编号");
	if (cli_parse_id(cmd, "栏目编号", a.id, &id))
		return CLI_USAGE;
	if (a.agency || a.parent)
		return cli_error(cmd, "机关不能更改；移动栏目请用 zfxxgk column move");
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct buf err = BUF_INIT;
	struct column c;
	int status = CLI_OK;
	if ((rc = store_column_get(st, ar, id, &c))) {
		status = cli_error(
		    cmd, rc == ZF_ENOENT ? "没有编号为 %lld 的栏目" : "无法读取栏目 %lld", id);
	} else if (apply_fields(cmd, &a, &c.f)) {
		status = CLI_USAGE;
	} else if ((rc = store_column_edit(st, cli_actor(), id, &c.f, &err))) {
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	} else {
		printf("已修改栏目 %lld：%s\n", id, c.f.name);
	}
	buf_free(&err);
	arena_free(ar);
	store_close(st);
	return status;
}

static int column_move(int argc, char **argv)
{
	static const char cmd[] = "column move";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long id, parent = 0;
	int sort = 0;
	if (!a.id || !a.parent)
		return cli_error(cmd, "请给出 --id 栏目编号和 --parent 新上级栏目编号（0 为顶级）");
	if (cli_parse_id(cmd, "栏目编号", a.id, &id) ||
	    (strcmp(a.parent, "0") && cli_parse_id(cmd, "上级栏目编号", a.parent, &parent)) ||
	    (a.sort && cli_parse_int(cmd, "排序号", a.sort, -100000, 100000, &sort)))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	struct column c;
	if (!a.sort && !store_column_get(st, ar, id, &c))
		sort = c.f.sort_order;
	if ((rc = store_column_move(st, cli_actor(), id, parent, sort, &err)))
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else if (parent)
		printf("已把栏目 %lld 移到栏目 %lld 之下\n", id, parent);
	else
		printf("已把栏目 %lld 移到顶级\n", id);
	buf_free(&err);
	arena_free(ar);
	store_close(st);
	return status;
}

static int column_seed(int argc, char **argv)
{
	static const char cmd[] = "column seed";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency;
	if (!a.agency)
		return cli_error(cmd, "请用 --agency 指定机关编号");
	if (cli_parse_id(cmd, "机关编号", a.agency, &agency))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct column *v;
	size_t before = 0, after = 0;
	int status = CLI_OK;
	rc = store_column_list(st, ar, agency, true, &v, &before);
	if (!rc)
		rc = store_columns_seed(st, cli_actor(), agency);
	if (!rc)
		rc = store_column_list(st, ar, agency, true, &v, &after);
	if (rc == ZF_ENOENT)
		status = cli_error(cmd, "没有编号为 %lld 的机关", agency);
	else if (rc)
		status = cli_error(cmd, "无法建立栏目：%s", zf_strerror(rc));
	else if (before)
		printf("机关 %lld 已有 %zu 个栏目，未作改动\n", agency, before);
	else
		printf("已为机关 %lld 建立 %zu 个栏目（含法定主动公开内容 15 项）\n", agency,
		       after);
	arena_free(ar);
	store_close(st);
	return status;
}

static int column_file(int argc, char **argv)
{
	static const char cmd[] = "column file";
	struct column_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long doc;
	if (!a.doc || !a.columns)
		return cli_error(cmd, "请给出 --doc 文件编号和 --columns 栏目编号（逗号分隔）");
	if (cli_parse_id(cmd, "文件编号", a.doc, &doc))
		return CLI_USAGE;
	long long ids[100];
	size_t n = 0;
	struct str rest = str_c(a.columns);
	while (rest.len) {
		struct str one = str_trim(str_cut(&rest, ','));
		if (!one.len)
			continue;
		char tmp[32];
		snprintf(tmp, sizeof(tmp), "%.*s", (int)ZF_MIN(one.len, sizeof(tmp) - 1), one.p);
		if (n == ARRAY_SIZE(ids))
			return cli_error(cmd, "一份文件最多归入 %zu 个栏目", ARRAY_SIZE(ids));
		if (cli_parse_id(cmd, "栏目编号", tmp, &ids[n++]))
			return CLI_USAGE;
	}
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	if ((rc = store_doc_columns_set(st, cli_actor(), doc, ids, n, &err)))
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else if (n)
		printf("已把文件 %lld 归入 %zu 个栏目\n", doc, n);
	else
		printf("文件 %lld 不再归入任何栏目\n", doc);
	buf_free(&err);
	store_close(st);
	return status;
}

int cmd_column(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"list", column_list}, {"add", column_add},	  {"edit", column_edit},
	    {"move", column_move}, {"seed", column_seed}, {"file", column_file},
	};
	if (argc < 2) {
		fputs(help_column, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_column, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	return cli_error("column", "没有“%s”这个子命令（见 zfxxgk column --help）", sub);
}
