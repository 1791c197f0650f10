/* cmd_user.c: `zfxxgk user add|list|passwd|grant|revoke|disable|enable|unlock`: the staff
 * accounts of the console, their roles per agency, passwords and lock-outs. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "store/auth.h"

#include <getopt.h>
#include <unistd.h>

static const char help_user[] =
    "用法：zfxxgk user <子命令> [选项]\n\n"
    "管理工作台的用户账号、各机关的角色、口令和锁定。\n\n"
    "子命令：\n"
    "  add      新建账号：--login 登录名 --name 姓名 --agency 机关编号 --role 角色\n"
    "           口令取自 --password-stdin（从标准输入读一行）或 --generate（随机生成并显示）；\n"
    "           都不给时在终端上提示输入（不回显）\n"
    "  list     列出账号：[--agency 机关编号]\n"
    "  passwd   重设口令：--login 登录名（口令来源同 add），并使其已登录的会话失效\n"
    "  grant    授予角色：--login 登录名 --agency 机关编号 --role 角色\n"
    "  revoke   收回角色：--login 登录名 --agency 机关编号 --role 角色\n"
    "  disable  停用账号：--login 登录名（立即退出登录）\n"
    "  enable   启用账号：--login 登录名\n"
    "  unlock   解除因输错口令而造成的锁定：--login 登录名\n\n"
    "角色（--role）：viewer（查阅）、clerk（经办人）、reviewer（审核人）、admin（管理员）。\n"
    "角色授予在某机关上，也适用于其下级机关。\n"
    "口令至少 10 个字符，须含大写字母、小写字母、数字、其他符号中的至少三类，不能包含登录名，\n"
    "不能是常见弱口令，也不能与最近 5 次用过的口令相同（本命令按默认规则检查，不读服务器配置）。\n"
    "用 --generate 生成的口令，账号本人在下次登录时必须改为自己的口令。\n"
    "本命令由服务器的运维人员执行，不受工作台中管理员权限范围的限制。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址\n"
    "               postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "示例：\n"
    "  printf '%s\\n' 'Kx7-pass-2026' | zfxxgk user add --login liming --name 李明 "
    "--agency 1 --role clerk --password-stdin\n"
    "  zfxxgk user unlock --login liming\n";

enum {
	OPT_DB = 256,
	OPT_LOGIN,
	OPT_NAME,
	OPT_AGENCY,
	OPT_ROLE,
	OPT_STDIN,
	OPT_GENERATE,
};

struct user_args {
	const char *db, *login, *name, *agency, *role;
	bool pw_stdin, generate;
};

static int parse(const char *cmd, int argc, char **argv, struct user_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"login", required_argument, NULL, OPT_LOGIN},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"role", required_argument, NULL, OPT_ROLE},
	    {"password-stdin", no_argument, NULL, OPT_STDIN},
	    {"generate", no_argument, NULL, OPT_GENERATE},
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
		case OPT_LOGIN: a->login = optarg; break;
		case OPT_NAME: a->name = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_ROLE: a->role = optarg; break;
		case OPT_STDIN: a->pw_stdin = true; break;
		case OPT_GENERATE: a->generate = true; break;
		case 'h': fputs(help_user, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

/* Gets the new password per the options into pw; prints the reason and returns CLI_USAGE
 * when it cannot. */
static int get_password(const char *cmd, const struct user_args *a, char *pw, size_t len)
{
	if (a->generate && a->pw_stdin)
		return cli_error(cmd, "--password-stdin 和 --generate 只能选一个");
	if (a->generate) {
		char gen[15];
		password_generate(gen);
		snprintf(pw, len, "%s", gen);
		return 0;
	}
	if (a->pw_stdin) {
		if (!cli_read_line(stdin, pw, len))
			return cli_error(cmd, "无法从标准输入读取口令（口令不超过 %d 个字节）",
					 PASSWORD_MAX_BYTES);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		return cli_error(cmd, "请用 --password-stdin 从标准输入提供口令，或用 --generate");
	return cli_prompt_password(cmd, pw, len);
}

/* Opens the store and finds the user named by --login. */
static struct store *open_user(const char *cmd, const struct user_args *a, struct arena *ar,
			       struct user *u)
{
	if (!a->login) {
		cli_error(cmd, "请用 --login 指定登录名");
		return NULL;
	}
	struct store *st = cli_store_open(cmd, a->db);
	if (!st)
		return NULL;
	int rc = store_user_by_login(st, ar, a->login, u);
	if (rc) {
		if (rc == ZF_ENOENT)
			cli_error(cmd, "没有登录名为“%s”的账号", a->login);
		else
			cli_error(cmd, "无法读取账号：%s", zf_strerror(rc));
		store_close(st);
		return NULL;
	}
	return st;
}

static int parse_role(const char *cmd, const char *s, enum user_role *role)
{
	if (!s)
		return cli_error(cmd, "请用 --role 指定角色（viewer、clerk、reviewer 或 admin）");
	if (user_role_parse(s, role))
		return cli_error(cmd, "角色“%s”不对，应为 viewer、clerk、reviewer 或 admin", s);
	return 0;
}

static int user_add(int argc, char **argv)
{
	static const char cmd[] = "user add";
	struct user_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (!a.login || !a.name || !a.agency || !a.role)
		return cli_error(cmd, "--login、--name、--agency 和 --role 都必须给出");
	long long agency = 0;
	enum user_role role;
	if (cli_parse_id(cmd, "机关编号", a.agency, &agency) || parse_role(cmd, a.role, &role))
		return CLI_USAGE;
	char pw[PASSWORD_MAX_BYTES + 2];
	if (get_password(cmd, &a, pw, sizeof(pw)))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	long long id = 0;
	int status = CLI_OK;
	rc = store_batch_begin(st);
	if (!rc)
		rc = store_user_add(st, USER_OPERATOR(cli_actor()), a.login, a.name, agency, pw,
				    a.generate ? USER_PW_MUST_CHANGE : 0, &id, &err);
	if (!rc)
		rc = store_user_grant(st, USER_OPERATOR(cli_actor()), id, agency, role, &err);
	if (rc) {
		store_batch_rollback(st);
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	} else if ((rc = store_batch_commit(st))) {
		status = cli_error(cmd, "无法保存：%s", zf_strerror(rc));
	} else {
		printf("已新建账号 %s（%s），编号 %lld，角色：%s\n", a.login, a.name, id,
		       user_role_label(role));
		if (a.generate)
			printf("口令：%s（只显示这一次）\n", pw);
	}
	buf_free(&err);
	store_close(st);
	return status;
}

static int user_list(int argc, char **argv)
{
	static const char cmd[] = "user list";
	struct user_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency = 0;
	if (a.agency && cli_parse_id(cmd, "机关编号", a.agency, &agency))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct user *u = NULL;
	size_t n = 0;
	int status = CLI_OK;
	if ((rc = store_user_list(st, ar, agency, &u, &n))) {
		status = cli_error(cmd, "无法读取账号：%s", zf_strerror(rc));
	} else {
		printf("编号\t登录名\t姓名\t所属机关\t状态\t角色\n");
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%s\t%s\n", u[i].id, u[i].login, u[i].name,
			       u[i].agency_name,
			       !u[i].active			? "已停用"
			       : u[i].locked_until > time(NULL) ? "已锁定（部分地址）"
								: "正常",
			       u[i].roles && *u[i].roles ? u[i].roles : "（无）");
	}
	arena_free(ar);
	store_close(st);
	return status;
}

static int user_passwd(int argc, char **argv)
{
	static const char cmd[] = "user passwd";
	struct user_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct arena *ar = arena_new(0);
	struct user u;
	struct store *st = open_user(cmd, &a, ar, &u);
	if (!st) {
		arena_free(ar);
		return CLI_USAGE;
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	int status = CLI_OK;
	struct buf err = BUF_INIT;
	if (get_password(cmd, &a, pw, sizeof(pw))) {
		status = CLI_USAGE;
	} else if (store_user_set_password(st, USER_OPERATOR(cli_actor()), u.id, pw,
					   a.generate ? USER_PW_MUST_CHANGE : 0, &err)) {
		status = cli_error(cmd, "%s", buf_cstr(&err));
	} else {
		printf("已重设 %s 的口令，其已登录的会话均已失效\n", u.login);
		if (a.generate)
			printf("新口令：%s（只显示这一次）\n", pw);
	}
	buf_free(&err);
	arena_free(ar);
	store_close(st);
	return status;
}

static int grant_or_revoke(int argc, char **argv, bool grant)
{
	const char *cmd = grant ? "user grant" : "user revoke";
	struct user_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency = 0;
	enum user_role role;
	if (!a.agency)
		return cli_error(cmd, "请用 --agency 指定机关编号");
	if (cli_parse_id(cmd, "机关编号", a.agency, &agency) || parse_role(cmd, a.role, &role))
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct user u;
	struct store *st = open_user(cmd, &a, ar, &u);
	if (!st) {
		arena_free(ar);
		return CLI_USAGE;
	}
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	rc = grant ? store_user_grant(st, USER_OPERATOR(cli_actor()), u.id, agency, role, &err)
		   : store_user_revoke(st, USER_OPERATOR(cli_actor()), u.id, agency, role, &err);
	if (rc)
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else
		printf("已%s %s 在机关 %lld 的角色：%s\n", grant ? "授予" : "收回", u.login, agency,
		       user_role_label(role));
	buf_free(&err);
	arena_free(ar);
	store_close(st);
	return status;
}

static int user_grant(int argc, char **argv)
{
	return grant_or_revoke(argc, argv, true);
}

static int user_revoke(int argc, char **argv)
{
	return grant_or_revoke(argc, argv, false);
}

enum simple_change { DISABLE, ENABLE, UNLOCK };

static int simple(int argc, char **argv, enum simple_change what)
{
	static const char *const cmds[] = {"user disable", "user enable", "user unlock"};
	static const char *const done[] = {"已停用账号 %s，其会话均已失效\n", "已启用账号 %s\n",
					   "已解除账号 %s 的锁定\n"};
	const char *cmd = cmds[what];
	struct user_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct arena *ar = arena_new(0);
	struct user u;
	struct store *st = open_user(cmd, &a, ar, &u);
	if (!st) {
		arena_free(ar);
		return CLI_USAGE;
	}
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	rc = what == UNLOCK ? store_user_unlock(st, USER_OPERATOR(cli_actor()), u.id, &err)
			    : store_user_set_active(st, USER_OPERATOR(cli_actor()), u.id,
						    what == ENABLE, &err);
	if (rc)
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else
		printf(done[what], u.login);
	buf_free(&err);
	arena_free(ar);
	store_close(st);
	return status;
}

static int user_disable(int argc, char **argv)
{
	return simple(argc, argv, DISABLE);
}

static int user_enable(int argc, char **argv)
{
	return simple(argc, argv, ENABLE);
}

static int user_unlock(int argc, char **argv)
{
	return simple(argc, argv, UNLOCK);
}

int cmd_user(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"add", user_add},	     {"list", user_list},     {"passwd", user_passwd},
	    {"grant", user_grant},   {"revoke", user_revoke}, {"disable", user_disable},
	    {"enable", user_enable}, {"unlock", user_unlock},
	};
	if (argc < 2) {
		fputs(help_user, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_user, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("user", "没有“%s”这个子命令", sub);
	fputs(help_user, stderr);
	return CLI_USAGE;
}
