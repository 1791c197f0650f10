/* cmd_mail.c: `zfxxgk mail send|list|settings`: the e-mails that tell applicants their
 * request changed state (store/applicant.h, web/mail_send.h, docs/mail.md). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "store/applicant.h"
#include "web/mail_send.h"

#include <getopt.h>

static const char help_mail[] =
    "用法：zfxxgk mail <子命令> [选项]\n\n"
    "申请人通知邮件：申请的状态变化（收到申请、告知补正、收到补正、延期、答复等）时，\n"
    "系统为留有电子邮箱的申请人写入待发邮件；`zfxxgk serve` 每隔 mail_interval 秒自动\n"
    "发送，也可以用本命令发送。多台服务器共用一个数据库时，每封邮件只会发送一次。\n\n"
    "子命令：\n"
    "  send       发送到期的待发邮件：[--max 封数]（默认 100）\n"
    "  list       列出邮件：[--state queued|sending|sent|failed] [--limit 条数]\n"
    "  settings   查看发信设置；带选项时修改：\n"
    "             --host 服务器  --port 端口  --from 发件人地址\n"
    "             --starttls off|try|required  --user 用户名\n"
    "             （--host \"\" 表示停用发信，邮件留在待发队列中）\n\n"
    "口令不保存在数据库中：请在运行 zfxxgk serve 和 zfxxgk mail send 的环境中设置\n"
    "环境变量 ZFXXGK_SMTP_PASSWORD。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help   显示本帮助\n";

enum {
	OPT_DB = 256,
	OPT_MAX,
	OPT_STATE,
	OPT_LIMIT,
	OPT_HOST,
	OPT_PORT,
	OPT_FROM,
	OPT_TLS,
	OPT_USER
};

struct mail_args {
	const char *db, *max, *state, *limit, *host, *port, *from, *tls, *user;
	bool change;
};

static int parse(const char *cmd, int argc, char **argv, struct mail_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"max", required_argument, NULL, OPT_MAX},
	    {"state", required_argument, NULL, OPT_STATE},
	    {"limit", required_argument, NULL, OPT_LIMIT},
	    {"host", required_argument, NULL, OPT_HOST},
	    {"port", required_argument, NULL, OPT_PORT},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"starttls", required_argument, NULL, OPT_TLS},
	    {"user", required_argument, NULL, OPT_USER},
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
		case OPT_MAX: a->max = optarg; break;
		case OPT_STATE: a->state = optarg; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_HOST: a->host = optarg, a->change = true; break;
		case OPT_PORT: a->port = optarg, a->change = true; break;
		case OPT_FROM: a->from = optarg, a->change = true; break;
		case OPT_TLS: a->tls = optarg, a->change = true; break;
		case OPT_USER: a->user = optarg, a->change = true; break;
		case 'h': fputs(help_mail, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static int mail_send(int argc, char **argv)
{
	static const char cmd[] = "mail send";
	struct mail_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int max = 100;
	if (a.max && cli_parse_int(cmd, "封数", a.max, 1, 10000, &max))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	char claimer[128];
	mail_claimer_name(claimer, sizeof(claimer));
	struct mail_send_stats stats;
	int status = CLI_OK;
	rc = mail_send_due(st, claimer, (size_t)max, &stats);
	if (rc)
		status = cli_error(cmd, "无法读取待发邮件：%s", zf_strerror(rc));
	else if (!stats.configured)
		printf(
		    "尚未设置发信服务器（zfxxgk mail settings --host …），邮件留在待发队列中。\n");
	else
		printf("已发送 %zu 封，发送失败 %zu 封（失败的稍后重试）。\n", stats.sent,
		       stats.failed);
	if (!rc && stats.failed)
		status = CLI_FINDINGS;
	store_close(st);
	return status;
}

static const char *state_label(const char *s)
{
	return !strcmp(s, "queued")    ? "待发送"
	       : !strcmp(s, "sending") ? "发送中"
	       : !strcmp(s, "sent")    ? "已发送"
				       : "发送失败";
}

static int mail_list(int argc, char **argv)
{
	static const char cmd[] = "mail list";
	struct mail_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int limit = 50;
	if (a.limit && cli_parse_int(cmd, "条数", a.limit, 1, 10000, &limit))
		return CLI_USAGE;
	if (a.state && strcmp(a.state, "queued") && strcmp(a.state, "sending") &&
	    strcmp(a.state, "sent") && strcmp(a.state, "failed"))
		return cli_error(cmd, "--state 只能是 queued、sending、sent 或 failed");
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct mail_row *rows = NULL;
	size_t n = 0;
	int status = CLI_OK;
	if (!ar || (rc = store_mail_list(st, ar, a.state, (size_t)limit, &rows, &n))) {
		status = cli_error(cmd, "无法读取邮件：%s", zf_strerror(ar ? rc : ZF_ENOMEM));
	} else {
		printf("编号\t申请\t收件人\t状态\t尝试次数\t主题\t最近的错误\n");
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%lld\t%s\t%s\t%d\t%s\t%s\n", rows[i].id, rows[i].request_id,
			       rows[i].to, state_label(rows[i].state), rows[i].attempts,
			       rows[i].subject, rows[i].last_error);
	}
	arena_free(ar);
	store_close(st);
	return status;
}

static int mail_settings(int argc, char **argv)
{
	static const char cmd[] = "mail settings";
	struct mail_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct mail_settings cur;
	int status = CLI_OK;
	rc = ar ? store_mail_settings_get(st, ar, &cur) : ZF_ENOMEM;
	if (rc) {
		status = cli_error(cmd, "无法读取发信设置：%s", zf_strerror(rc));
	} else if (a.change) {
		struct mail_settings next = cur;
		if (a.host)
			next.host = a.host;
		if (a.from)
			next.sender = a.from;
		if (a.tls)
			next.starttls = a.tls;
		if (a.user)
			next.username = a.user;
		if (a.port && cli_parse_int(cmd, "端口", a.port, 1, 65535, &next.port))
			status = CLI_USAGE;
		struct buf err = BUF_INIT;
		if (!status && store_mail_settings_set(st, cli_actor(), &next, &err))
			status = cli_error(cmd, "%s", buf_cstr(&err));
		else if (!status)
			printf("发信设置已保存。\n");
		buf_free(&err);
	} else {
		printf("服务器：%s\n端口：%d\n发件人：%s\nSTARTTLS：%s\n用户名：%s\n",
		       *cur.host ? cur.host : "（未设置，邮件留在待发队列中）", cur.port,
		       cur.sender, cur.starttls, *cur.username ? cur.username : "（不登录）");
	}
	arena_free(ar);
	store_close(st);
	return status;
}

int cmd_mail(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"send", mail_send},
	    {"list", mail_list},
	    {"settings", mail_settings},
	};
	if (argc < 2) {
		fputs(help_mail, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_mail, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("mail", "没有“%s”这个子命令", sub);
	fputs(help_mail, stderr);
	return CLI_USAGE;
}
