/* cmd_serve.c: `zfxxgk serve`: reads the configuration, prepares the database (migrations,
 * demo data), serves HTTP until SIGINT/SIGTERM, then stops cleanly. */
#include "common.h"
#include "demo/assessment.h"
#include "demo/requests.h"
#include "demo/consult.h"
#include "demo/newmedia.h"
#include "demo/messages.h"
#include "demo/site.h"
#include "demo/stdcat.h"
#include "store/agencies.h"
#include "store/auth.h"
#include "demo/users.h"
#include "store/auth.h"
#include "demo/docs.h"
#include "store/docs.h"
#include "demo/oversight.h"
#include "demo/public.h"
#include "store/requests.h"
#include "date.h"
#include "law/calendar.h"
#include "cli.h"
#include "web/config.h"
#include "store/db.h"
#include "log.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/mail_send.h"
#include "web/message_ticker.h"
#include "web/site_scan.h"

#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
	struct buf keys = BUF_INIT;
	config_help(&keys);
	fputs(
	    "用法：zfxxgk serve [选项]\n\n"
	    "启动政府信息公开平台的网站。默认只监听本机 127.0.0.1:8080；\n"
	    "对外提供服务时，请在前面部署 nginx 等反向代理（负责 HTTPS 和限流）。\n\n"
	    "选项：\n"
	    "  --listen 地址:端口   监听的地址和端口，默认 127.0.0.1:8080（端口 0 "
	    "表示任选空闲端口）\n"
	    "  --db 数据库          SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
	    "                       （所在目录须已存在；默认的 var/ 目录会自动创建）\n"
	    "  --config 文件        从文件读取配置：每行“配置项 = 值”，# 开头的行为注释\n"
	    "  --demo               演示模式：数据库中还没有机关时，写入示例区人民政府及两个部门\n"
	    "  --dump-config        显示当前生效的配置（可作为配置文件模板）后退出\n"
	    "  -h, --help           显示本帮助\n\n"
	    "配置项（用于配置文件；命令行选项优先于配置文件）：\n",
	    f);
	fputs(buf_cstr(&keys), f);
	fputs("\n示例：\n"
	      "  zfxxgk serve --demo                       以演示数据启动，然后访问 "
	      "http://127.0.0.1:8080/\n"
	      "  zfxxgk serve --config /etc/zfxxgk.conf    按配置文件启动\n"
	      "  zfxxgk serve --dump-config > zfxxgk.conf  导出当前配置作为模板\n\n"
	      "停止：按 Ctrl+C 或发送 SIGTERM；正在处理的请求会先处理完再退出。\n"
	      "运行状态：GET /healthz 返回 JSON，数据库不可用时状态码为 503。\n",
	      f);
	buf_free(&keys);
}

/* Matches "--name value" and "--name=value"; advances *i past what it used. */
static bool take_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return false;
	if (a[n] == '=') {
		*value = a + n + 1;
		return true;
	}
	if (a[n] != '\0')
		return false;
	if (*i + 1 >= argc) {
		*value = NULL;
		return true;
	}
	*value = argv[++*i];
	return true;
}

#define DEMO_REQUESTS 600 /* over two years and three agencies */

/* After an upgrade, the cached outcome of old requests (their due dates came with migration
 * 4) is recomputed from their events, so the console's queue is right at once. */
static int rebuild_after_upgrade(struct store *st, struct buf *err)
{
	long long count = 0;
	int rc = store_request_count(st, &count);
	if (rc || count == 0)
		return rc;
	struct calendar *cal = cli_load_calendar("serve", NULL, 0);
	if (!cal) {
		buf_printf(err, "无法读取工作日历");
		return ZF_EINVAL;
	}
	struct request_rebuild_stats stats;
	rc = store_request_rebuild(st, "system", cal, 0, NULL, NULL, &stats);
	if (rc)
		buf_printf(err, "升级后无法重算申请的办理状态：%s", zf_strerror(rc));
	else
		log_info("requests rebuilt after upgrade requests=%lld", count);
	cal_free(cal);
	return rc;
}

/* Creates the demo users on first start and prints their passwords: the only time they
 * are shown (the database keeps only their hashes). */
static int seed_demo_users(struct store *st, struct buf *err)
{
	struct demo_user users[DEMO_USERS];
	size_t n = 0;
	int rc = demo_seed_users(st, users, &n);
	if (rc) {
		buf_printf(err, "无法创建演示账号：%s", zf_strerror(rc));
		return rc;
	}
	if (n == 0) {
		fprintf(stderr, "演示账号已存在（口令只在首次启动时显示；忘记时可运行 "
				"zfxxgk user passwd --login 登录名 重设）。\n");
		return 0;
	}
	fprintf(stderr, "已创建演示账号（口令只显示这一次，请记下）：\n");
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  登录名 %-9s 口令 %s  %s（%s）\n", users[i].login,
			users[i].password, users[i].name, users[i].role_label);
	fprintf(stderr, "工作人员登录入口：/login\n");
	return 0;
}

/* Two years of requests, a catalogue of documents, the agencies' guides and last year's
 * published reports, each only when its part of the database is still empty. */
static int seed_demo_content(struct store *st, struct buf *err)
{
	struct calendar *cal = cli_load_calendar("serve", NULL, 0);
	if (!cal) {
		buf_printf(err, "无法读取工作日历");
		return ZF_EINVAL;
	}
	long long requests = 0;
	bool docs = false, pub = false;
	int rc = demo_seed_requests(st, cal, date_today(), DEMO_REQUESTS, &requests);
	if (rc)
		buf_printf(err, "无法写入演示申请：%s", zf_strerror(rc));
	if (!rc && (rc = demo_docs_seed(st, &docs)))
		buf_printf(err, "无法写入演示文件目录：%s", zf_strerror(rc));
	if (!rc && (rc = demo_seed_public(st, &pub)))
		buf_printf(err, "无法写入演示公开指南和年度报告：%s", zf_strerror(rc));
	bool site = false;
	if (!rc && (rc = demo_seed_site(st, &site)))
		buf_printf(err, "无法写入演示网站设置：%s", zf_strerror(rc));
	bool consult = false;
	if (!rc && (rc = demo_seed_consult(st, date_today(), &consult)))
		buf_printf(err, "无法写入演示意见征集和在线访谈：%s", zf_strerror(rc));
	if (!rc && (rc = demo_stdcat_seed(st, date_today(), NULL)))
		buf_printf(err, "无法写入演示标准目录：%s", zf_strerror(rc));
	bool media = false;
	if (!rc && (rc = demo_seed_newmedia(st, &media)))
		buf_printf(err, "无法写入演示政务新媒体账号：%s", zf_strerror(rc));
	bool msgs = false;
	if (!rc && (rc = demo_seed_messages(st, cal, date_today(), &msgs)))
		buf_printf(err, "无法写入演示留言：%s", zf_strerror(rc));
	bool oversight = false;
	if (!rc && (rc = demo_seed_oversight(st, cal, date_today(), &oversight)))
		buf_printf(err, "无法写入演示督办记录和网站年度报表：%s", zf_strerror(rc));
	bool assess = false;
	if (!rc && (rc = demo_seed_assessment(st, cal, date_today(), &assess)))
		buf_printf(err, "无法写入演示考核和通报：%s", zf_strerror(rc));
	if (!rc && (requests || docs || pub))
		log_info("demo content seeded requests=%lld documents=%s guides_reports=%s",
			 requests, docs ? "yes" : "no", pub ? "yes" : "no");
	cal_free(cal);
	return rc;
}

#define EXPIRE_EVERY_SECONDS 3600

/* Documents whose 有效期 has ended become 失效: at start and every hour while serving. Safe
 * when several servers share the database (store_doc_expire_due is idempotent). */
static int expire_docs(struct store *st)
{
	long long n = 0;
	int rc = store_doc_expire_due(st, "system", date_today(), &n);
	if (rc)
		log_error("expiring documents failed error=\"%s\"", zf_strerror(rc));
	else if (n)
		log_info("documents expired count=%lld", n);
	return rc;
}

static void expire_docs_pooled(struct store_pool *pool)
{
	struct store *st = store_pool_get(pool);
	if (!st)
		return;
	int rc = expire_docs(st);
	store_pool_put(pool, st, rc == ZF_EDB && store_broken(st));
}

/* Prepares the database once, before serving: schema up to date, demo data if asked. */
static int prepare_db(const struct config *cfg, bool *empty)
{
	*empty = false;
	struct buf err = BUF_INIT;
	struct store *st = NULL;
	int rc = store_open(cfg->db, &st, &err);
	int applied = 0;
	if (!rc)
		rc = store_migrate(st, &applied, &err);
	if (!rc && cfg->demo) {
		bool seeded = false;
		rc = demo_seed_agencies(st, &seeded);
		if (rc)
			buf_printf(&err, "无法写入演示数据：%s", zf_strerror(rc));
		else if (seeded)
			log_info("demo data seeded agencies=3");
	}
	if (!rc && applied > 0)
		rc = rebuild_after_upgrade(st, &err);
	if (!rc && cfg->demo)
		rc = seed_demo_users(st, &err);
	if (!rc && cfg->demo)
		rc = seed_demo_content(st, &err);
	if (!rc)
		expire_docs(st); /* a failure is logged; serving goes on */
	/* the key of CSRF tokens lives in the database, shared by every server of it: made
	 * here so that the first requests only read it */
	unsigned char key[32];
	if (!rc) {
		rc = store_site_secret(st, "csrf", key, sizeof(key));
		if (rc)
			buf_printf(&err, "无法读取站点密钥：%s", zf_strerror(rc));
		sodium_memzero(key, sizeof(key));
	}
	if (!rc && !cfg->demo)
		rc = store_install_empty(st, empty);
	if (rc)
		cli_error("serve", "%s", buf_cstr(&err));
	else {
		struct buf shown = BUF_INIT;
		store_target_redact(cfg->db, &shown);
		log_info("database ready target=\"%s\" backend=%s migrations_applied=%d",
			 buf_cstr(&shown), store_backend(st), applied);
		buf_free(&shown);
	}
	store_close(st);
	buf_free(&err);
	return rc;
}

/* The default database lives in var/, which serve creates; any other directory must exist
 * so that a mistyped path fails loudly instead of scattering files. */
static void make_default_dir(const char *db)
{
	if (strncmp(db, "var/", 4) != 0 || strchr(db + 4, '/'))
		return;
	if (mkdir("var", 0750) == 0)
		log_info("created directory=var");
}

/* The host part of a listen address, for the startup message (static buffer). */
static const char *listen_host(const char *listen)
{
	static char host[64];
	int port;
	if (config_parse_listen(listen, host, sizeof(host), &port))
		return "127.0.0.1";
	return host;
}

int cmd_serve(int argc, char **argv)
{
	const char *listen = NULL, *db = NULL, *config_file = NULL;
	bool demo = false, dump = false;
	if (cli_wants_help(argc, argv)) {
		usage(stdout);
		return CLI_OK;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = NULL;
		const char **slot;
		if (strcmp(a, "--demo") == 0) {
			demo = true;
			continue;
		}
		if (strcmp(a, "--dump-config") == 0) {
			dump = true;
			continue;
		}
		if (take_value(argc, argv, &i, "--listen", &v))
			slot = &listen;
		else if (take_value(argc, argv, &i, "--db", &v))
			slot = &db;
		else if (take_value(argc, argv, &i, "--config", &v))
			slot = &config_file;
		else
			return cli_error("serve", "不认识的参数“%s”。用法见 zfxxgk serve --help",
					 a);
		if (!v || !*v)
			return cli_error("serve", "选项 %s 需要一个值", a);
		*slot = v;
	}

	struct config cfg;
	struct buf err = BUF_INIT;
	config_init(&cfg);
	int rc = config_file ? config_load_file(&cfg, config_file, &err) : 0;
	if (!rc && listen)
		rc = config_set(&cfg, "listen", listen, &err);
	if (!rc && db)
		rc = config_set(&cfg, "db", db, &err);
	if (!rc && demo)
		rc = config_set(&cfg, "demo", "true", &err);
	if (rc) {
		cli_error("serve", "%s", buf_cstr(&err));
		buf_free(&err);
		config_free(&cfg);
		return CLI_USAGE;
	}
	buf_reset(&err);
	if (dump) {
		struct buf out = BUF_INIT;
		config_dump(&cfg, &out);
		fputs(buf_cstr(&out), stdout);
		buf_free(&out);
		buf_free(&err);
		config_free(&cfg);
		return CLI_OK;
	}

	enum log_level level = LOG_INFO;
	log_level_parse(cfg.log_level, &level);
	log_set_level(level);
	make_default_dir(cfg.db);
	bool empty = false;
	if (prepare_db(&cfg, &empty)) {
		buf_free(&err);
		config_free(&cfg);
		return CLI_USAGE;
	}

	/* an empty database without --demo: /setup opens for whoever holds this code, which
	 * only the terminal of this server sees */
	char setup_code[15] = "";
	if (empty)
		password_generate(setup_code);
	struct web_env env = {&cfg, store_pool_new(cfg.db, (size_t)cfg.threads),
			      empty ? setup_code : NULL};
	server_block_signals();
	/* messages past their limit escalate (docs/messages.md): a first run now, before the
	 * server listens, then every few minutes; several servers may run it */
	struct message_ticker *msg_ticker = message_ticker_start(env.db);
	struct server *srv = server_start(&env, routes_dispatch_site, &err);
	if (!srv) {
		cli_error("serve", "%s", buf_cstr(&err));
		message_ticker_stop(msg_ticker);
		store_pool_free(env.db);
		buf_free(&err);
		config_free(&cfg);
		return CLI_USAGE;
	}
	log_info("listening listen=%s port=%d threads=%ld version=%s", cfg.listen, server_port(srv),
		 cfg.threads, ZF_VERSION);
	if (empty)
		fprintf(stderr,
			"zfxxgk serve: 数据库为空，尚未安装。请在浏览器中打开 /setup 完成首次安装，"
			"一次性安装码：%s\n（安装码只显示在这里；也可以停止服务器后用 zfxxgk init "
			"安装）\n",
			setup_code);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "zfxxgk 已启动：http://%s%s%s:%d/ （按 Ctrl+C 停止）\n",
			strchr(cfg.listen, '[') ? "[" : "", listen_host(cfg.listen),
			strchr(cfg.listen, '[') ? "]" : "", server_port(srv));
	/* the applicants' e-mails (docs/mail.md); several servers may run this at once */
	struct mail_ticker *mail =
	    cfg.mail_interval ? mail_ticker_start(env.db, cfg.mail_interval) : NULL;
	struct site_scan_ticker *scan = site_scan_ticker_start(&env, cfg.scan_interval);
	int sig;
	while ((sig = server_wait_signal_for(EXPIRE_EVERY_SECONDS)) == 0)
		expire_docs_pooled(env.db);
	mail_ticker_stop(mail);
	site_scan_ticker_stop(scan);
	message_ticker_stop(msg_ticker);
	log_info("stopping signal=%s", sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(srv);
	store_pool_free(env.db);
	log_info("stopped");
	buf_free(&err);
	config_free(&cfg);
	return CLI_OK;
}
