/* cmd_audit.c: `zfxxgk audit verify|export`: the audit log for auditors (GB/T 22239-2019
 * level 3, 安全审计): walking its hash chain (store/audit.h) to the first broken line, and the
 * lines of a period as CSV, JSON or .xlsx. The console has the same export with its filters
 * (/console/audit); this one is for whoever holds the server, every agency included. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "render/xlsx_table.h"
#include "store/audit.h"
#include "web/config.h"

#include <sodium.h>
#include <unistd.h>

#include <getopt.h>
#include <jansson.h>

static const char help_audit[] =
    "用法：zfxxgk audit <子命令> [选项]\n\n"
    "审计日志（等保三级：保存不少于六个月、可导出、防篡改）。\n\n"
    "子命令：\n"
    "  verify   沿哈希链逐行核对整个审计日志，指出第一处断点（被改动、删除或插入的行）；\n"
    "           打印链末端的哈希，请把它记下来（或留在备份里），以便发现末尾被截掉的行。\n"
    "           迁移之前写下的行还没有哈希，verify 会先把它们按顺序接入链中。\n"
    "  export   导出一段时间的审计日志：--from 日期 --to 日期（北京时间，含两端）\n"
    "           --format csv|json|xlsx [--out 文件]（默认写到标准输出；xlsx 必须给 --out）\n"
    "           [--actor 账号或姓名] [--action 操作代码或前缀]\n"
    "  prune    清理保存期限以前的行：--before 日期 --export 文件 [--config 配置文件]\n"
    "           只清理早于该日期、且早于保存期限（配置项 audit_retention_days，默认 365 天，\n"
    "           最少 183 天）的行；先把它们（含哈希）导出为 CSV 文件并写盘，再删除；哈希链\n"
    "           从最后删除的一行接着往下核对。\n\n"
    "共同选项：--db 数据库（默认 var/zfxxgk.db，或 postgresql://… 地址）\n\n"
    "退出状态：0 成功（verify：链完整）；1 verify 发现断点；2 参数错误或无法读取数据库。\n";

enum {
	OPT_DB = 256,
	OPT_FROM,
	OPT_TO,
	OPT_FORMAT,
	OPT_OUT,
	OPT_ACTOR,
	OPT_ACTION,
	OPT_BEFORE,
	OPT_EXPORT,
	OPT_CONFIG
};

struct args {
	const char *db, *from, *to, *format, *out, *actor, *action, *before, *export, *config;
};

static int parse(const char *cmd, int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"actor", required_argument, NULL, OPT_ACTOR},
	    {"action", required_argument, NULL, OPT_ACTION},
	    {"before", required_argument, NULL, OPT_BEFORE},
	    {"export", required_argument, NULL, OPT_EXPORT},
	    {"config", required_argument, NULL, OPT_CONFIG},
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
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_ACTOR: a->actor = optarg; break;
		case OPT_ACTION: a->action = optarg; break;
		case OPT_BEFORE: a->before = optarg; break;
		case OPT_EXPORT: a->export = optarg; break;
		case OPT_CONFIG: a->config = optarg; break;
		case 'h': fputs(help_audit, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static int audit_verify(int argc, char **argv)
{
	static const char cmd[] = "audit verify";
	struct args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	long long chained = 0;
	struct audit_verify v;
	rc = store_audit_chain(st, &chained);
	if (!rc)
		rc = store_audit_verify(st, &v);
	store_close(st);
	if (rc)
		return cli_error(cmd, "无法读取审计日志（%s）", zf_strerror(rc));
	if (chained)
		printf("迁移之前写下的 %lld 行已按顺序接入哈希链。\n", chained);
	if (v.broken_id) {
		printf("审计日志的哈希链在 id=%lld 的行断开：%s。\n"
		       "此前 %lld 行完整（最后一行完整的 id=%lld）。\n",
		       v.broken_id,
		       v.reason == AUDIT_UNCHAINED
			   ? "该行没有哈希，却排在已链接的行之后（是直接插入数据库的）"
			   : "该行的内容被改动过，或者它与前一行之间有行被删除或插入",
		       v.lines, v.prev_id);
		return CLI_FINDINGS;
	}
	printf("审计日志完整：%lld 行，哈希链无断点。\n链末端：id=%lld 哈希 %s\n", v.lines,
	       v.head_id, v.head);
	return CLI_OK;
}

static void csv_field(struct buf *out, const char *s, bool last)
{
	buf_addch(out, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		buf_addch(out, '\'');
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			buf_addch(out, '"');
		buf_addch(out, *p);
	}
	buf_adds(out, last ? "\"\r\n" : "\",");
}

static int audit_export(int argc, char **argv)
{
	static const char cmd[] = "audit export";
	struct args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	zf_day from = 0, to = 0;
	if (!a.from || !a.to || !a.format)
		return cli_error(cmd, "请给出 --from、--to 和 --format（见 --help）");
	if ((rc = cli_parse_day(cmd, "--from", a.from, &from)) ||
	    (rc = cli_parse_day(cmd, "--to", a.to, &to)))
		return rc;
	if (to < from)
		return cli_error(cmd, "--to（%s）早于 --from（%s）", a.to, a.from);
	int fmt = !strcmp(a.format, "csv")    ? 0
		  : !strcmp(a.format, "json") ? 1
		  : !strcmp(a.format, "xlsx") ? 2
					      : -1;
	if (fmt < 0)
		return cli_error(cmd, "--format 只能是 csv、json 或 xlsx，不是“%s”", a.format);
	if (fmt == 2 && !a.out)
		return cli_error(cmd, "xlsx 是二进制文件，请用 --out 给出文件名");
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct agency *ags;
	size_t nag = 0;
	rc = store_agency_list(st, ar, &ags, &nag);
	long long *ids = arena_alloc(ar, sizeof(*ids) * (nag ? nag : 1));
	for (size_t i = 0; ids && i < nag; i++)
		ids[i] = ags[i].id;
	struct audit_filter f = {.agencies = ids,
				 .nagencies = nag,
				 .all_actors = true,
				 .actor = a.actor,
				 .action = a.action,
				 .from = from,
				 .to = to,
				 .limit = 5000};
	/* every page of the period, newest first as the console shows them */
	struct audit_row *all = NULL;
	size_t n = 0, alloc = 0;
	while (!rc) {
		struct audit_row *rows;
		size_t got = 0;
		rc = store_audit_query(st, ar, &f, &rows, &got);
		for (size_t i = 0; !rc && i < got; i++) {
			all = arena_grow(ar, all, n, &alloc, sizeof(*all));
			if (!all)
				rc = ZF_ENOMEM;
			else
				all[n++] = rows[i];
		}
		if (got < f.limit)
			break;
		f.offset += got;
	}
	static const char *const heads[] = {"编号",	"时间（北京时间）", "账号", "操作人",
					    "所属机关", "操作代码",	    "对象", "详情"};
	enum { NCOL = ARRAY_SIZE(heads) };
	struct buf out = BUF_INIT;
	if (!rc && fmt == 0) {
		buf_adds(&out, "\xEF\xBB\xBF");
		for (int k = 0; k < NCOL; k++)
			csv_field(&out, heads[k], k == NCOL - 1);
	}
	json_t *arr = fmt == 1 ? json_array() : NULL;
	const char **cells = arena_alloc(ar, (n ? n : 1) * NCOL * sizeof(*cells));
	for (size_t i = 0; !rc && cells && i < n; i++) {
		const struct audit_row *r = &all[i];
		char bj[20], id[24];
		snprintf(id, sizeof(id), "%lld", r->id);
		const char *c[NCOL] = {id,
				       audit_time_beijing(r->at, bj),
				       r->actor,
				       r->actor_name,
				       r->agency_name,
				       r->action,
				       r->object,
				       r->detail};
		if (fmt == 0)
			for (int k = 0; k < NCOL; k++)
				csv_field(&out, c[k], k == NCOL - 1);
		else if (fmt == 1)
			json_array_append_new(
			    arr,
			    json_pack("{sI ss ss ss ss ss ss ss ss}", "id", (json_int_t)r->id, "at",
				      r->at, "at_beijing", c[1], "actor", r->actor, "actor_name",
				      r->actor_name, "agency", r->agency_name, "action", r->action,
				      "object", r->object, "detail", r->detail));
		else
			for (int k = 0; k < NCOL; k++)
				cells[i * NCOL + (size_t)k] = arena_strdup(ar, c[k]);
	}
	if (!rc && fmt == 1) {
		char *s = json_dumps(arr, JSON_INDENT(1));
		buf_adds(&out, s ? s : "[]");
		buf_addch(&out, '\n');
		free(s);
	}
	if (!rc && fmt == 2) {
		char title[80];
		snprintf(title, sizeof(title), "审计日志 %s 至 %s", a.from, a.to);
		rc = xlsx_table("审计日志", title, heads, NCOL, cells, n, &out);
	}
	json_decref(arr);
	if (!rc && out.failed)
		rc = ZF_ENOMEM;
	int status = CLI_OK;
	if (rc) {
		status = cli_error(cmd, "无法导出审计日志（%s）", zf_strerror(rc));
	} else if (a.out) {
		FILE *o = fopen(a.out, "wb");
		if (!o || fwrite(out.p, 1, out.len, o) != out.len || fclose(o) != 0)
			status = cli_error(cmd, "无法写出“%s”", a.out);
		else
			fprintf(stderr, "已导出 %zu 行审计日志到 %s\n", n, a.out);
	} else {
		fwrite(out.p, 1, out.len, stdout);
	}
	if (!status) {
		char detail[80];
		snprintf(detail, sizeof(detail), "%s 至 %s，%s，%zu 行", a.from, a.to, a.format, n);
		store_audit(st, cli_actor(), "audit.export", a.out ? a.out : "-", detail);
	}
	buf_free(&out);
	arena_free(ar);
	store_close(st);
	return status;
}

/* The lines up to upto_id, with their hashes, as CSV into path (written to disk): 0 with the
 * file's SHA-256 in sha, or an error. */
static int export_old(struct store *st, long long upto_id, const char *path,
		      char sha[AUDIT_HASH_HEX], long long *lines)
{
	struct arena *ar = arena_new(0);
	struct audit_line *v = NULL;
	size_t n = 0;
	int rc = store_audit_lines_upto(st, ar, upto_id, &v, &n);
	struct buf out = BUF_INIT;
	buf_adds(&out, "\xEF\xBB\xBF");
	static const char *const heads[] = {"id",     "at",	"actor", "action",
					    "object", "detail", "hash"};
	for (int k = 0; k < 7; k++)
		csv_field(&out, heads[k], k == 6);
	for (size_t i = 0; !rc && i < n; i++) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", v[i].id);
		const char *c[7] = {id,		 v[i].at,     v[i].actor, v[i].action,
				    v[i].object, v[i].detail, v[i].hash};
		for (int k = 0; k < 7; k++)
			csv_field(&out, c[k], k == 6);
	}
	*lines = (long long)n;
	if (!rc && out.failed)
		rc = ZF_ENOMEM;
	if (!rc) {
		FILE *f = fopen(path, "wbx");
		bool ok = f && fwrite(out.p, 1, out.len, f) == out.len && fflush(f) == 0 &&
			  fsync(fileno(f)) == 0;
		if (f)
			ok = fclose(f) == 0 && ok;
		rc = ok ? 0 : ZF_EIO;
	}
	if (!rc) {
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(d, (const unsigned char *)out.p, out.len);
		sodium_bin2hex(sha, AUDIT_HASH_HEX, d, sizeof(d));
	}
	buf_free(&out);
	arena_free(ar);
	return rc;
}

static int audit_prune(int argc, char **argv)
{
	static const char cmd[] = "audit prune";
	struct args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.before || !a.export)
		return cli_error(cmd,
				 "请用 --before 给出日期、用 --export 给出导出文件（见 --help）");
	zf_day before = 0;
	if ((rc = cli_parse_day(cmd, "--before", a.before, &before)))
		return rc;
	struct config cfg;
	config_init(&cfg);
	struct buf err = BUF_INIT;
	if (a.config && config_load_file(&cfg, a.config, &err)) {
		cli_error(cmd, "%s", buf_cstr(&err));
		buf_free(&err);
		config_free(&cfg);
		return CLI_USAGE;
	}
	int keep = (int)cfg.audit_retention_days;
	config_free(&cfg);
	buf_free(&err);
	if (before > date_today() - keep) {
		char last[11];
		return cli_error(
		    cmd,
		    "审计日志至少保存 %d 天（audit_retention_days）：只能清理 %s 以前的行，"
		    "不能清理到 %s",
		    keep, date_format(date_today() - keep, last), a.before);
	}
	if (access(a.export, F_OK) == 0)
		return cli_error(cmd, "导出文件“%s”已经存在：不会覆盖它", a.export);
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	long long upto = 0, lines = 0, deleted = 0, chained = 0;
	char sha[AUDIT_HASH_HEX];
	int status = CLI_USAGE;
	if ((rc = store_audit_chain(st, &chained)) ||
	    (rc = store_audit_prunable(st, before, &upto))) {
		cli_error(cmd, "无法读取审计日志（%s）", zf_strerror(rc));
	} else if (!upto) {
		printf("%s 以前没有审计日志，不需要清理。\n", a.before);
		status = CLI_OK;
	} else if ((rc = export_old(st, upto, a.export, sha, &lines))) {
		cli_error(cmd, "无法导出到“%s”（%s），没有删除任何行", a.export, zf_strerror(rc));
	} else if ((rc = store_audit_prune(st, before, keep, upto, sha, cli_actor(), &deleted))) {
		cli_error(cmd, "清理失败（%s），没有删除任何行；导出文件“%s”保留", zf_strerror(rc),
			  a.export);
	} else {
		printf(
		    "已导出 %lld 行到 %s（SHA-256 %s），并从数据库删除了 %lld 行（id ≤ %lld）。\n"
		    "哈希链从 id=%lld 接着往下核对。\n",
		    lines, a.export, sha, deleted, upto, upto);
		status = CLI_OK;
	}
	store_close(st);
	return status;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(help_audit, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "verify") == 0)
		return audit_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return audit_export(argc - 1, argv + 1);
	if (strcmp(argv[1], "prune") == 0)
		return audit_prune(argc - 1, argv + 1);
	return cli_error("audit", "不认识的子命令“%s”（见 zfxxgk audit --help）", argv[1]);
}
