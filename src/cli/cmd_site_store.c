/* cmd_site_store.c: the site-integrity commands that work on the database: `site rules`
 * (the rule set in force: show, check a file, load a new version, list the versions),
 * `site scan` (the whole site, findings kept as work orders) and `site findings` (list,
 * assign, dismiss, the 通报 workbook). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "ingest/site_check.h"
#include "render/integrity_xlsx.h"
#include "store/integrity.h"
#include "text/scan.h"
#include "web/config.h"
#include "web/server.h"
#include "web/site_scan.h"

#include <getopt.h>
#include <jansson.h>
#include <unistd.h>

#define RULES_FILE_MAX (16u << 20)

static const char help_rules[] =
    "用法：zfxxgk site rules show [--db 数据库]\n"
    "      zfxxgk site rules check 文件\n"
    "      zfxxgk site rules load 文件 [--db 数据库]\n"
    "      zfxxgk site rules versions [--db 数据库] [--json]\n"
    "\n"
    "内容检查规则集（错敏词、严重表述错误、涉赌涉黄词语、白名单）。规则集有版本：最近导入的\n"
    "一版生效；没有导入过时使用内置的默认规则集。规则集的格式见 docs/site-check.md。\n"
    "\n"
    "  show      显示生效的规则集：名称、版本、各类规则条数，和规则集全文\n"
    "  check     只检查文件，不导入：有错误时指出第几行\n"
    "  load      检查并导入文件作为新版本（有错误时整个规则集不导入）\n"
    "  versions  列出导入过的各个版本\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "\n"
    "退出状态：0 成功；1 规则集有错误；2 用法、文件或数据库错误。\n";

static const char help_scan[] =
    "用法：zfxxgk site scan [--db 数据库] [--json]\n"
    "\n"
    "检查数据库中整个网站的已发布内容：每份已发布文件的名称、内容概述、正文和附件（.docx、\n"
    "PDF、.txt），系统生成的公开页面（首页、目录页、文件页、指南、清单等，按页面中的站内链接\n"
    "逐页生成并检查，能发现模板和内容中的暗链），以及栏目更新。发现的问题记为整改工单：\n"
    "再次检查时仍存在的更新“最近发现”时间，不再发现的自动关闭。\n"
    "\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "  --json       以 JSON 输出本次检查的统计\n"
    "\n"
    "在终端中运行时显示进度条。退出状态：0 完成；2 用法或数据库错误。\n";

static const char help_findings[] =
    "用法：zfxxgk site findings [--db 数据库] [--status open|closed|dismissed]\n"
    "             [--category 类别] [--severity veto|deduct|suspect] [--agency 单位编号]\n"
    "             [--overdue] [--limit N] [--json] [--xlsx 文件]\n"
    "      zfxxgk site findings assign 编号 --to 登录名 [--due YYYY-MM-DD] [--db 数据库]\n"
    "      zfxxgk site findings dismiss 编号 --reason 理由 [--db 数据库]\n"
    "\n"
    "查看检查发现的问题（整改工单），派发给责任人并限期整改，标为误报，或导出通报。\n"
    "\n"
    "  --status     只列出这一状态：open 待整改、closed 已整改、dismissed 误报\n"
    "  --category   只列出这一类：wording spam pii link.hidden link.broken tamper column\n"
    "  --severity   只列出这一等级：veto 单项否决、deduct 扣分、suspect 疑似\n"
    "  --agency     只列出这一单位及其下级单位的问题\n"
    "  --overdue    只列出超过整改期限仍未整改的问题\n"
    "  --limit N    最多列出 N 条（默认 50）\n"
    "  --json       以 JSON 输出\n"
    "  --xlsx 文件  导出通报 Excel：各单位得分排名、单项否决项、各类问题数和主要问题，\n"
    "               以及问题清单\n"
    "  --to 登录名  派发给这个用户；--due 整改期限\n"
    "  --reason     标为误报的理由（必填）\n"
    "\n"
    "退出状态：0 成功；1 操作被拒绝；2 用法或数据库错误。\n";

enum {
	OPT_DB = 1000,
	OPT_JSON,
	OPT_STATUS,
	OPT_CATEGORY,
	OPT_SEVERITY,
	OPT_AGENCY,
	OPT_OVERDUE,
	OPT_LIMIT,
	OPT_XLSX,
	OPT_TO,
	OPT_DUE,
	OPT_REASON,
};

struct args {
	const char *db, *status, *category, *severity, *agency, *limit, *xlsx, *to, *due, *reason;
	bool json, overdue;
	char **pos; /* positional arguments */
	int npos;
};

/* Parses the options; 0, CLI_USAGE (printed) or 100 for --help (printed). */
static int parse(const char *cmd, const char *help, int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"category", required_argument, NULL, OPT_CATEGORY},
	    {"severity", required_argument, NULL, OPT_SEVERITY},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"overdue", no_argument, NULL, OPT_OVERDUE},
	    {"limit", required_argument, NULL, OPT_LIMIT},
	    {"xlsx", required_argument, NULL, OPT_XLSX},
	    {"to", required_argument, NULL, OPT_TO},
	    {"due", required_argument, NULL, OPT_DUE},
	    {"reason", required_argument, NULL, OPT_REASON},
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
		case OPT_JSON: a->json = true; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_CATEGORY: a->category = optarg; break;
		case OPT_SEVERITY: a->severity = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_OVERDUE: a->overdue = true; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_XLSX: a->xlsx = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_DUE: a->due = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case 'h': fputs(help, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	a->pos = argv + optind; /* GNU getopt moved the operands to the end */
	a->npos = argc - optind;
	return 0;
}

/* ---------------------------------------------------------------- site rules */

static int read_rules_file(const char *path, struct buf *text)
{
	buf_init(text, RULES_FILE_MAX);
	int rc = buf_read_file(text, path, RULES_FILE_MAX);
	if (rc == ZF_ETOOBIG)
		return cli_error("site rules", "规则集文件 %s 超过 16 MB", path);
	if (rc)
		return cli_error("site rules", "无法读取规则集文件 %s", path);
	return 0;
}

static void print_counts(const struct scan_rules *r)
{
	size_t n = scan_rules_count(r);
	printf("规则集：%s，版本：%s，共 %zu 条规则\n",
	       *scan_rules_name(r) ? scan_rules_name(r) : "（未命名）",
	       *scan_rules_version(r) ? scan_rules_version(r) : "（未标版本）", n);
	const char *cats[32];
	size_t cnt[32], nc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct scan_rule *x = scan_rules_get(r, i);
		const char *c = x->allow ? "allow" : x->category;
		size_t j = 0;
		while (j < nc && strcmp(cats[j], c))
			j++;
		if (j == nc && nc < 32)
			cats[nc] = c, cnt[nc++] = 0;
		if (j < nc)
			cnt[j]++;
	}
	for (size_t j = 0; j < nc; j++)
		printf("  %-12s %s %zu 条\n", cats[j],
		       !strcmp(cats[j], "allow") ? "白名单" : integrity_category_label(cats[j]),
		       cnt[j]);
}

static int rules_main(int argc, char **argv)
{
	const char *cmd = "site rules";
	struct args a;
	int rc = parse(cmd, help_rules, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.npos < 1)
		return cli_error(cmd, "缺少操作：show、check、load 或 versions（见 --help）");
	const char *op = a.pos[0];
	if (!strcmp(op, "check")) {
		if (a.npos != 2)
			return cli_error(cmd, "用法：zfxxgk site rules check 文件");
		struct buf text, err = BUF_INIT;
		if ((rc = read_rules_file(a.pos[1], &text)))
			return rc;
		struct scan_rules *r = NULL;
		rc = scan_rules_parse(text.p ? text.p : "", text.len, &r, &err);
		if (rc) {
			fprintf(stderr, "zfxxgk %s: %s：%s\n", cmd, a.pos[1], buf_cstr(&err));
			rc = rc == ZF_ENOMEM || rc == ZF_ESTATE ? CLI_USAGE : CLI_FINDINGS;
		} else {
			print_counts(r);
			printf("规则集有效。\n");
		}
		scan_rules_free(r);
		buf_free(&text);
		buf_free(&err);
		return rc;
	}
	if (strcmp(op, "show") && strcmp(op, "load") && strcmp(op, "versions"))
		return cli_error(cmd, "没有“%s”这个操作：show、check、load 或 versions", op);
	if ((!strcmp(op, "load") && a.npos != 2) || (strcmp(op, "load") && a.npos != 1))
		return cli_error(cmd, "参数不对（见 --help）");
	struct buf text = BUF_INIT;
	if (!strcmp(op, "load") && (rc = read_rules_file(a.pos[1], &text)))
		return rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st) {
		buf_free(&text);
		return CLI_USAGE;
	}
	struct arena *ar = arena_new(0);
	struct buf err = BUF_INIT;
	if (!strcmp(op, "load")) {
		long long id = 0;
		rc = store_integrity_rules_load(st, cli_actor(), text.p ? text.p : "", text.len,
						&id, &err);
		if (rc) {
			fprintf(stderr, "zfxxgk %s: %s：%s\n", cmd, a.pos[1], buf_cstr(&err));
			rc = rc == ZF_EPARSE || rc == ZF_ETOOBIG ? CLI_FINDINGS : CLI_USAGE;
		} else {
			printf("已导入规则集，版本编号 %lld，即时生效。\n", id);
		}
	} else if (!strcmp(op, "versions")) {
		struct integrity_ruleset *v;
		size_t n;
		rc = store_integrity_rules_versions(st, ar, &v, &n);
		if (rc) {
			rc = cli_error(cmd, "读取数据库失败");
		} else if (a.json) {
			json_t *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(
				    arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:b}", "id",
						   (json_int_t)v[i].id, "name", v[i].name,
						   "version", v[i].version, "loaded_by",
						   v[i].loaded_by, "loaded_at", v[i].loaded_at,
						   "rules", (json_int_t)v[i].nrules, "counts",
						   v[i].counts, "in_force", i == 0));
			json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			putchar('\n');
			json_decref(arr);
		} else if (!n) {
			printf("没有导入过规则集，使用内置的默认规则集。\n");
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%lld\t%s\t%s\t%lld 条\t%s\t%s\t%s%s\n", v[i].id, v[i].name,
				       v[i].version, v[i].nrules, v[i].loaded_at, v[i].loaded_by,
				       v[i].counts, i == 0 ? "\t（生效）" : "");
		}
	} else { /* show */
		const char *body;
		size_t n;
		int64_t id;
		rc = store_integrity_rules_active(st, ar, &body, &n, &id);
		struct site_checker *c = NULL;
		if (!rc)
			rc = site_checker_new(body, n, &c, &err);
		if (rc) {
			rc = cli_error(cmd, "无法读取生效的规则集：%s", buf_cstr(&err));
		} else {
			printf("生效的规则集：%s\n", id ? "数据库中最近导入的版本"
							: "内置的默认规则集（没有导入过规则集）");
			print_counts(site_checker_rules(c));
			if (body) {
				printf("\n");
				fwrite(body, 1, n, stdout);
				if (n && body[n - 1] != '\n')
					putchar('\n');
			}
		}
		site_checker_free(c);
	}
	arena_free(ar);
	buf_free(&err);
	buf_free(&text);
	store_close(st);
	return rc;
}

int cmd_site_rules(int argc, char **argv)
{
	return rules_main(argc, argv);
}

/* ---------------------------------------------------------------- site scan */

static void bar(void *ctx, long long done, long long total)
{
	(void)ctx;
	if (total <= 0)
		return;
	int width = 30, k = (int)(done * width / total);
	fprintf(stderr, "\r检查中 [");
	for (int i = 0; i < width; i++)
		fputc(i < k ? '#' : '.', stderr);
	fprintf(stderr, "] %lld/%lld", done, total);
	fflush(stderr);
}

int cmd_site_scan(int argc, char **argv)
{
	const char *cmd = "site scan";
	struct args a;
	int rc = parse(cmd, help_scan, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (a.npos)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", a.pos[0]);
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	/* the pages are rendered through the route table, which takes its own connection */
	struct config cfg;
	config_init(&cfg);
	struct store_pool *pool = store_pool_new(a.db, 2);
	struct web_env env = {&cfg, pool, NULL};
	bool tty = isatty(STDERR_FILENO) && !a.json;
	struct site_scan_opts o = {.actor = cli_actor(), .progress = tty ? bar : NULL};
	struct site_scan_result r;
	struct buf err = BUF_INIT;
	rc = site_scan_run(st, pool ? &env : NULL, &o, &r, &err);
	if (tty)
		fputc('\n', stderr);
	if (rc) {
		rc = cli_error(cmd, "%s", buf_cstr(&err));
	} else if (a.json) {
		json_t *j = json_pack(
		    "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f,s:s}", "scan", (json_int_t)r.scan.id,
		    "items", (json_int_t)r.scan.pages, "documents", (json_int_t)r.docs,
		    "attachments", (json_int_t)r.attachments, "pages", (json_int_t)r.rendered,
		    "found", (json_int_t)r.scan.nfound, "new", (json_int_t)r.scan.nnew, "closed",
		    (json_int_t)r.scan.nclosed, "seconds", r.seconds, "pages_per_second",
		    r.seconds > 0 ? (double)r.scan.pages / r.seconds : 0.0, "notes", r.notes);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else {
		printf(
		    "检查完成（第 %lld 次检查）：共检查 %lld 项（文件 %lld 份、附件 %lld 个、页面 "
		    "%lld 个），用时 %.1f 秒。\n",
		    r.scan.id, r.scan.pages, r.docs, r.attachments, r.rendered, r.seconds);
		printf("发现问题 %lld 个，其中新发现 %lld 个；不再发现而关闭的 %lld 个。\n",
		       r.scan.nfound, r.scan.nnew, r.scan.nclosed);
		if (r.notes[0])
			printf("说明：%s\n", r.notes);
	}
	buf_free(&err);
	store_pool_free(pool);
	config_free(&cfg);
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- site findings */

static json_t *finding_json(const struct integrity_finding *f)
{
	char due[11] = "";
	if (f->due_on)
		date_format(f->due_on, due);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:I,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,"
			 "s:s,s:s,s:s}",
			 "id", (json_int_t)f->id, "key", f->key, "rule", f->rule_id, "category",
			 f->category, "severity", scan_sev_key(f->sev), "agency_id",
			 (json_int_t)f->agency_id, "url", f->url, "doc_id", (json_int_t)f->doc_id,
			 "field", f->field, "start", (json_int_t)f->start, "end",
			 (json_int_t)f->end, "snippet", f->snippet, "message", f->message, "fix",
			 f->fix, "first_seen", f->first_seen, "last_seen", f->last_seen, "status",
			 integrity_status_key(f->status), "assignee", f->assignee, "due_on", due,
			 "context", f->context);
}

struct names {
	struct agency *v;
	size_t n;
};

static const char *name_of(void *ctx, long long id)
{
	struct names *n = ctx;
	for (size_t i = 0; i < n->n; i++)
		if (n->v[i].id == id)
			return n->v[i].name;
	return "";
}

static int findings_act(const char *cmd, struct store *st, const struct args *a)
{
	const char *op = a->pos[0];
	if (a->npos != 2)
		return cli_error(cmd, "用法：zfxxgk site findings %s 编号 …（见 --help）", op);
	long long id;
	int rc = cli_parse_id(cmd, "问题编号", a->pos[1], &id);
	if (rc)
		return rc;
	struct buf err = BUF_INIT;
	if (!strcmp(op, "assign")) {
		if (!a->to)
			return cli_error(cmd, "派发须用 --to 指定责任人的登录名");
		zf_day due = 0;
		if (a->due && (rc = cli_parse_day(cmd, "整改期限", a->due, &due)))
			return rc;
		rc = store_integrity_assign(st, cli_actor(), id, a->to, 0, due, date_today(), &err);
		if (!rc)
			printf("已把问题 %lld 派发给 %s%s%s。\n", id, a->to,
			       due ? "，整改期限 " : "", due ? a->due : "");
	} else {
		rc = store_integrity_dismiss(st, cli_actor(), id, a->reason, &err);
		if (!rc)
			printf("已把问题 %lld 标为误报。\n", id);
	}
	if (rc) {
		fprintf(stderr, "zfxxgk %s: %s\n", cmd,
			err.len ? buf_cstr(&err) : "操作失败（数据库错误）");
		rc = rc == ZF_EDB || rc == ZF_ENOMEM ? CLI_USAGE : CLI_FINDINGS;
	}
	buf_free(&err);
	return rc;
}

int cmd_site_findings(int argc, char **argv)
{
	const char *cmd = "site findings";
	struct args a;
	int rc = parse(cmd, help_findings, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	bool act = a.npos && (!strcmp(a.pos[0], "assign") || !strcmp(a.pos[0], "dismiss"));
	if (a.npos && !act)
		return cli_error(cmd, "没有“%s”这个操作：assign 或 dismiss（见 --help）", a.pos[0]);
	struct integrity_filter f = {.sev = -1, .status = -1, .category = a.category};
	if (a.status && (f.status = integrity_status_parse(a.status)) < 0)
		return cli_error(cmd, "状态应为 open、closed 或 dismissed：%s", a.status);
	if (a.severity && (f.sev = scan_sev_parse(a.severity)) < 0)
		return cli_error(cmd, "等级应为 veto、deduct 或 suspect：%s", a.severity);
	if (a.agency && (rc = cli_parse_id(cmd, "单位编号", a.agency, &f.agency_id)))
		return rc;
	f.subordinates = true;
	if (a.overdue)
		f.overdue = date_today();
	int limit = 50;
	if (a.limit && (rc = cli_parse_int(cmd, "条数", a.limit, 1, 100000, &limit)))
		return rc;
	f.limit = (size_t)limit;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	if (act) {
		rc = findings_act(cmd, st, &a);
		store_close(st);
		return rc;
	}
	struct arena *ar = arena_new(0);
	struct integrity_finding *v = NULL;
	size_t n = 0;
	long long total = 0;
	if (a.xlsx)
		f.limit = 100000;
	rc = store_integrity_findings(st, ar, &f, &v, &n, &total);
	if (rc) {
		rc = cli_error(cmd, "读取数据库失败");
	} else if (a.xlsx) {
		struct integrity_score *s;
		size_t ns;
		struct names names = {0};
		rc = store_integrity_scorecard(st, ar, date_today(), NULL, 0, &s, &ns);
		if (!rc)
			rc = store_agency_list(st, ar, &names.v, &names.n);
		struct buf out;
		buf_init(&out, 256u << 20);
		char title[80], d[11];
		snprintf(title, sizeof(title), "网站内容检查通报（%s）",
			 date_format(date_today(), d));
		if (!rc)
			rc = integrity_xlsx(title, s, ns, v, n, name_of, &names, &out);
		FILE *fp = rc ? NULL : fopen(a.xlsx, "wb");
		if (rc) {
			rc = cli_error(cmd, "生成通报失败");
		} else if (!fp || fwrite(out.p, 1, out.len, fp) != out.len) {
			rc = cli_error(cmd, "无法写入 %s", a.xlsx);
		} else {
			printf("已导出通报：%s（%zu 个单位，%zu 个问题）\n", a.xlsx, ns, n);
		}
		if (fp && fclose(fp) && !rc)
			rc = cli_error(cmd, "无法写入 %s", a.xlsx);
		buf_free(&out);
	} else if (a.json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, finding_json(&v[i]));
		json_t *o = json_pack("{s:I,s:o}", "total", (json_int_t)total, "findings", arr);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		for (size_t i = 0; i < n; i++) {
			char due[11] = "";
			if (v[i].due_on)
				date_format(v[i].due_on, due);
			printf("%lld\t%s\t%s\t%s\t%s\t“%s”\t%s\t%s%s%s\n", v[i].id,
			       integrity_status_label(v[i].status), scan_sev_label(v[i].sev),
			       v[i].rule_id, v[i].url, v[i].snippet, v[i].message,
			       *v[i].assignee ? v[i].assignee : "", *due ? " 期限 " : "", due);
		}
		printf("共 %lld 个问题%s\n", total,
		       (long long)n < total ? "（只列出一部分，见 --limit）" : "");
	}
	arena_free(ar);
	store_close(st);
	return rc;
}
