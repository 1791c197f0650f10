/* cmd_db.c: `zfxxgk db copy|info`: moving an installation between engines (an SQLite file
 * into PostgreSQL, or back), and what a database holds. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"

#include <getopt.h>
#include <unistd.h>

static const char help_db[] =
    "用法：zfxxgk db <子命令> [选项]\n\n"
    "数据库的迁移与查看。数据库可以是 SQLite 文件（任意路径），也可以是 PostgreSQL\n"
    "（postgresql://用户@主机:端口/库名?host=…，口令请放在 PGPASSWORD 或 ~/.pgpass 中）。\n\n"
    "子命令：\n"
    "  copy    把一个数据库的全部数据（含审计日志）复制到另一个空数据库：\n"
    "          --from 源数据库 --to 目标数据库\n"
    "          目标必须是空的（PostgreSQL：createdb -E UTF8 -T template0 --locale=C 库名）；\n"
    "          全部在一个事务中完成，出错时目标数据库不留任何改动；复制后逐表核对\n"
    "          行数和校验和（SHA-256），并打印核对表。\n"
    "  info    显示数据库的引擎、结构版本和各表行数：[--db 数据库]\n\n"
    "退出状态：0 成功；1 核对不一致；2 参数错误、无法连接或目标不是空的。\n\n"
    "示例：\n"
    "  zfxxgk db copy --from var/zfxxgk.db --to 'postgresql://zf@127.0.0.1/zf'\n"
    "  zfxxgk db info --db 'postgresql:///zf?host=/var/run/postgresql'\n\n"
    "  -h, --help   显示本帮助\n";

enum { OPT_DB = 256, OPT_FROM, OPT_TO };

struct db_args {
	const char *db, *from, *to;
};

static int parse(const char *cmd, int argc, char **argv, struct db_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
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
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case 'h': fputs(help_db, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

struct progress {
	bool tty;
	const char *table;
};

static void on_progress(void *ctx, const char *table, long long done, long long total)
{
	struct progress *p = ctx;
	if (!p->tty)
		return;
	int width = 30;
	int fill = total > 0 ? (int)(done * width / total) : width;
	fprintf(stderr, "\r  %-28s [%.*s%*s] %lld/%lld 行", table, fill,
		"##############################", width - fill, "", done, total);
	if (done >= total)
		fputc('\n', stderr);
	p->table = table;
}

static int db_copy(int argc, char **argv)
{
	static const char cmd[] = "db copy";
	struct db_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.from || !a.to)
		return cli_error(cmd,
				 "请用 --from 给出源数据库、用 --to 给出目标数据库（见 --help）");
	if (strcmp(a.from, a.to) == 0)
		return cli_error(cmd, "源数据库和目标数据库是同一个");
	struct store *from = cli_store_open(cmd, a.from);
	if (!from)
		return CLI_USAGE;
	struct store *to = NULL;
	struct buf err = BUF_INIT;
	if (store_open(a.to, &to, &err)) {
		cli_error(cmd, "%s", buf_cstr(&err));
		buf_free(&err);
		store_close(from);
		return CLI_USAGE;
	}
	struct buf shown_from = BUF_INIT, shown_to = BUF_INIT;
	store_target_redact(a.from, &shown_from);
	store_target_redact(a.to, &shown_to);
	fprintf(stderr, "正在把 %s（%s）复制到 %s（%s）……\n", buf_cstr(&shown_from),
		store_backend(from), buf_cstr(&shown_to), store_backend(to));
	struct arena *ar = arena_new(0);
	struct progress p = {isatty(2) != 0, NULL};
	struct store_copy_table *tables = NULL;
	size_t n = 0;
	rc = store_copy(from, to, ar, on_progress, &p, &tables, &n, &err);
	int status = CLI_OK;
	if (rc) {
		cli_error(cmd, "%s", buf_cstr(&err));
		status = rc == ZF_EDB && strstr(buf_cstr(&err), "核对") ? CLI_FINDINGS : CLI_USAGE;
	} else {
		long long rows = 0;
		printf("%-28s %10s %10s  %s\n", "表", "源行数", "目标行数",
		       "校验和（SHA-256 前 16 位）");
		for (size_t i = 0; i < n; i++) {
			if (tables[i].skipped) {
				printf("%-28s %10s %10s  %s\n", tables[i].name, "-", "-",
				       "仅源引擎使用，在目标中重建");
				continue;
			}
			bool same = tables[i].rows_from == tables[i].rows_to &&
				    strcmp(tables[i].sum_from, tables[i].sum_to) == 0;
			printf("%-28s %10lld %10lld  %.16s %s\n", tables[i].name,
			       tables[i].rows_from, tables[i].rows_to, tables[i].sum_to,
			       same ? "一致" : "不一致");
			rows += tables[i].rows_to;
		}
		printf("复制完成：%zu 张表，共 %lld 行，行数和校验和全部一致。\n", n, rows);
		store_audit(to, cli_actor(), "db.copy", buf_cstr(&shown_from), store_backend(from));
	}
	arena_free(ar);
	buf_free(&err);
	buf_free(&shown_from);
	buf_free(&shown_to);
	store_close(to);
	store_close(from);
	return status;
}

static int db_info(int argc, char **argv)
{
	static const char cmd[] = "db info";
	struct db_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	int version = 0;
	store_schema_version(st, &version);
	struct buf shown = BUF_INIT;
	store_target_redact(a.db, &shown);
	printf("数据库：%s\n引擎：%s\n结构版本：%d（本程序：%d）\n", buf_cstr(&shown),
	       store_backend(st), version, store_schema_latest(st));
	struct arena *ar = arena_new(0);
	const char **names;
	long long *rows;
	size_t n = 0;
	rc = store_table_rows(st, ar, &names, &rows, &n);
	if (!rc) {
		printf("各表行数：\n");
		for (size_t i = 0; i < n; i++)
			printf("  %-28s %lld\n", names[i], rows[i]);
	} else {
		cli_error(cmd, "无法读取数据库的表（%s）", zf_strerror(rc));
	}
	arena_free(ar);
	buf_free(&shown);
	store_close(st);
	return rc ? CLI_USAGE : CLI_OK;
}

int cmd_db(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(help_db, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "copy") == 0)
		return db_copy(argc - 1, argv + 1);
	if (strcmp(argv[1], "info") == 0)
		return db_info(argc - 1, argv + 1);
	return cli_error("db", "不认识的子命令“%s”（见 zfxxgk db --help）", argv[1]);
}
