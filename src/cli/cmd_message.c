/* cmd_message.c: `zfxxgk message list|show|escalate|stats`: 政民互动 messages
 * (store/messages.h) from the command line: the inbox, one message, the 督办 run (as the
 * server's ticker runs it each day) and the statistics per agency. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "store/messages.h"

#include <getopt.h>

static const char help_message[] =
    "用法：zfxxgk message <子命令> [选项]\n\n"
    "政民互动留言（咨询、投诉、建议、留言）：列表、详情、逾期督办和统计。\n\n"
    "子命令：\n"
    "  list      列出留言：[--agency 机关编号] [--status held|open|replied|rejected]\n"
    "            [--kind consult|complaint|suggestion|message] [--overdue] [--limit 条数]\n"
    "  show      显示一条留言及其转办记录：--id 留言编号\n"
    "  escalate  督办：把逾期未答复、已到督办日的留言标为督办，记入审计日志，并给机关的\n"
    "            联系邮箱发送提醒邮件：[--today 日期]（默认今天；非工作日不督办）。\n"
    "            每条留言只督办一次，可以重复运行\n"
    "  stats     统计：--agency 机关编号 [--from 日期] [--to 日期] [--today 日期]\n"
    "            （默认本年 1 月 1 日至今天）\n\n"
    "答复时限按工作日计算（国家工作日历加上 `zfxxgk calendar add` 的地方调整）。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 成功；1 escalate 督办了留言或 list --overdue 有逾期留言；2 用法或数据错误。\n\n"
    "示例：\n"
    "  zfxxgk message list --overdue\n"
    "  zfxxgk message show --id 12\n"
    "  zfxxgk message escalate --today 2026-10-09\n"
    "  zfxxgk message stats --agency 2 --from 2026-01-01 --to 2026-06-30\n";

enum {
	OPT_DB = 256,
	OPT_AGENCY,
	OPT_ID,
	OPT_STATUS,
	OPT_KIND,
	OPT_OVERDUE,
	OPT_LIMIT,
	OPT_TODAY,
	OPT_FROM,
	OPT_TO,
};

struct message_args {
	const char *db, *agency, *id, *status, *kind, *limit, *today, *from, *to;
	bool overdue;
};

static int parse(const char *cmd, int argc, char **argv, struct message_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"id", required_argument, NULL, OPT_ID},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"overdue", no_argument, NULL, OPT_OVERDUE},
	    {"limit", required_argument, NULL, OPT_LIMIT},
	    {"today", required_argument, NULL, OPT_TODAY},
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
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_ID: a->id = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_KIND: a->kind = optarg; break;
		case OPT_OVERDUE: a->overdue = true; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_TODAY: a->today = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case 'h': fputs(help_message, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static void print_day(zf_day d)
{
	char s[11];
	fputs(d ? date_format(d, s) : "-", stdout);
}

static int run_list(const char *cmd, struct store *st, const struct message_args *a)
{
	struct message_filter f = {
	    .status = -1, .kind = -1, .overdue = a->overdue, .today = date_today(), .limit = 100};
	long long agency = 0;
	int rc = 0;
	if (a->agency && (rc = cli_parse_id(cmd, "机关编号", a->agency, &agency)))
		return rc;
	if (agency) {
		f.agencies = &agency;
		f.nagencies = 1;
	}
	if (a->status && (f.status = message_status_parse(a->status)) < 0)
		return cli_error(cmd, "状态应为 held、open、replied 或 rejected");
	if (a->kind && (f.kind = message_kind_parse(a->kind)) < 0)
		return cli_error(cmd, "类型应为 consult、complaint、suggestion 或 message");
	int limit = 100;
	if (a->limit && (rc = cli_parse_int(cmd, "条数", a->limit, 1, 1000, &limit)))
		return rc;
	f.limit = (size_t)limit;
	struct arena *ar = arena_new(0);
	struct message *v;
	size_t n;
	long long total = 0;
	rc = store_message_list(st, ar, &f, &v, &n, &total);
	if (rc) {
		arena_free(ar);
		return cli_error(cmd, "读取留言失败：%s", zf_strerror(rc));
	}
	printf("编号\t类型\t状态\t收到日期\t答复期限\t办理机关\t标题\n");
	for (size_t i = 0; i < n; i++) {
		printf("%lld\t%s\t%s%s\t", v[i].id, message_kind_label(v[i].kind),
		       message_status_label(v[i].status), v[i].escalated_on ? "（督办）" : "");
		print_day(v[i].received_on);
		putchar('\t');
		print_day(v[i].due_on);
		printf("\t%s\t%s\n", v[i].agency_name, v[i].title);
	}
	printf("共 %lld 条\n", total);
	arena_free(ar);
	return a->overdue && total ? CLI_FINDINGS : CLI_OK;
}

static int run_show(const char *cmd, struct store *st, const struct message_args *a)
{
	long long id = 0;
	int rc = cli_parse_id(cmd, "留言编号（--id）", a->id, &id);
	if (rc)
		return rc;
	struct arena *ar = arena_new(0);
	struct message m;
	rc = store_message_get(st, ar, id, &m);
	if (rc) {
		arena_free(ar);
		return cli_error(cmd, rc == ZF_ENOENT ? "没有编号为 %s 的留言" : "读取留言 %s 失败",
				 a->id);
	}
	printf("编号：%lld\n类型：%s\n状态：%s\n办理机关：%s\n标题：%s\n", m.id,
	       message_kind_label(m.kind), message_status_label(m.status), m.agency_name, m.title);
	printf("留言人：%s\n联系电话：%s\n电子邮箱：%s\n同意公开：%s\n",
	       *m.name ? m.name : "（未署名）", *m.phone ? m.phone : "-", *m.email ? m.email : "-",
	       m.publish_ok ? "是" : "否");
	printf("收到日期：");
	print_day(m.received_on);
	printf("\n受理日期：");
	print_day(m.accepted_on);
	printf("\n答复期限：");
	print_day(m.due_on);
	printf("（%d 个工作日）\n", m.limit_days);
	if (m.escalated_on) {
		printf("督办日期：");
		print_day(m.escalated_on);
		putchar('\n');
	}
	if (m.status == MESSAGE_REJECTED)
		printf("不予受理理由：%s %s\n", message_reject_label(m.reject_reason),
		       m.reject_note);
	printf("内容：\n%s\n", m.body);
	struct message_transfer *tv;
	size_t tn = 0;
	if (!store_message_transfers(st, ar, id, &tv, &tn))
		for (size_t i = 0; i < tn; i++) {
			printf("转办：");
			print_day(tv[i].on);
			printf(" %s → %s（%s；经办人 %s）\n", tv[i].from_name, tv[i].to_name,
			       tv[i].reason, tv[i].actor);
		}
	if (m.status == MESSAGE_REPLIED) {
		printf("答复单位：%s\n答复日期：", m.reply_agency_name);
		print_day(m.replied_on);
		printf("\n公开：%s\n评价：%s\n答复：\n%s\n", m.published ? "是" : "否",
		       *m.rating ? message_rating_label(m.rating) : "-", m.reply);
	}
	arena_free(ar);
	return CLI_OK;
}

static int run_escalate(const char *cmd, struct store *st, const struct message_args *a)
{
	zf_day today = date_today();
	int rc = 0;
	if (a->today && (rc = cli_parse_day(cmd, "日期（--today）", a->today, &today)))
		return rc;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	size_t n = 0;
	rc = store_message_escalate(st, cli_actor(), cal, today, &n);
	bool working = cal_is_working(cal, today);
	cal_free(cal);
	if (rc)
		return cli_error(cmd, "督办失败：%s", zf_strerror(rc));
	char d[11];
	if (!working)
		printf("%s 不是工作日，不督办\n", date_format(today, d));
	else
		printf("%s 督办留言 %zu 条\n", date_format(today, d), n);
	return n ? CLI_FINDINGS : CLI_OK;
}

static int run_stats(const char *cmd, struct store *st, const struct message_args *a)
{
	long long agency = 0;
	int rc = cli_parse_id(cmd, "机关编号（--agency）", a->agency, &agency);
	if (rc)
		return rc;
	zf_day today = date_today();
	if (a->today && (rc = cli_parse_day(cmd, "日期（--today）", a->today, &today)))
		return rc;
	zf_day from = date_from_ymd(date_to_ymd(today).y, 1, 1), to = today;
	if (a->from && (rc = cli_parse_day(cmd, "起始日期（--from）", a->from, &from)))
		return rc;
	if (a->to && (rc = cli_parse_day(cmd, "截止日期（--to）", a->to, &to)))
		return rc;
	if (to < from)
		return cli_error(cmd, "截止日期不能早于起始日期");
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct message_stats s;
	rc = store_message_stats(st, cal, agency, from, to, today, &s);
	cal_free(cal);
	if (rc)
		return cli_error(cmd, "统计失败：%s", zf_strerror(rc));
	char f[11], t[11];
	printf("期间：%s 至 %s\n", date_format(from, f), date_format(to, t));
	printf("受理：%lld\n答复：%lld\n按时答复：%lld\n答复用时合计（工作日）：%lld\n"
	       "公开：%lld\n办理中：%lld\n逾期：%lld\n超过三个月未答复：%lld\n评价：%lld\n"
	       "满意或基本满意：%lld\n",
	       s.received, s.replied, s.replied_on_time, s.reply_days_sum, s.published, s.open,
	       s.overdue, s.stale, s.rated, s.rated_satisfied);
	return CLI_OK;
}

int cmd_message(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(help_message, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	const char *sub = argv[1];
	static const char *const subs[] = {"list", "show", "escalate", "stats"};
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		known = known || !strcmp(sub, subs[i]);
	if (!known)
		return cli_error("message", "不认识的子命令“%s”（见 zfxxgk message --help）", sub);
	char cmd[40];
	snprintf(cmd, sizeof(cmd), "message %s", sub);
	struct message_args a;
	int rc = parse(cmd, argc - 1, argv + 1, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	if (!strcmp(sub, "list"))
		rc = run_list(cmd, st, &a);
	else if (!strcmp(sub, "show"))
		rc = run_show(cmd, st, &a);
	else if (!strcmp(sub, "escalate"))
		rc = run_escalate(cmd, st, &a);
	else
		rc = run_stats(cmd, st, &a);
	store_close(st);
	return rc;
}
