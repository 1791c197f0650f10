/* cmd_init.c: `zfxxgk init`: sets up an empty database for a real installation (no demo): the
 * root agency, the first administrator and the site settings (国办发〔2017〕47号 footer). */
#include "common.h"
#include "cli.h"
#include "cli_store.h"
#include "store/agencies.h"
#include "store/auth.h"

#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

static const char help_init[] =
    "用法：zfxxgk init --admin 登录名 --agency 机构名称 --site-name 网站名称 [选项]\n\n"
    "在空数据库上完成首次安装：建立最上级机构、第一个管理员和网站设置。\n"
    "数据库中已有机构或用户时拒绝执行（演示数据请用 zfxxgk serve --demo）。\n\n"
    "必填：\n"
    "  --admin 登录名          第一个管理员的登录名（小写字母、数字、. _ -）\n"
    "  --agency 名称           最上级机构的全称，如“示例县人民政府”\n"
    "  --site-name 名称        网站名称，如“示例县人民政府信息公开”\n\n"
    "管理员口令（任选其一，都不给时在终端上提示输入，不回显）：\n"
    "  --password-file 文件    从文件的第一行读取\n"
    "  --password-stdin        从标准输入读一行\n"
    "  环境变量 ZFXXGK_ADMIN_PASSWORD\n"
    "  口令至少 10 个字符，须含大写字母、小写字母、数字、其他符号中的至少三类，\n"
    "  不能包含登录名，不能是常见弱口令（见 docs/security.md）。\n\n"
    "可选：\n"
    "  --admin-name 姓名       管理员姓名（默认“管理员”）\n"
    "  --kind 类别             最上级机构的类别（默认 人民政府）\n"
    "  --short 简称  --org-code 机构代码  --credit-code 统一社会信用代码\n"
    "  --host-org 主办单位  --operator-org 承办单位  --site-code 网站标识码\n"
    "  --icp ICP备案号  --psb 公安机关备案号  --psb-code 公安机关备案号的编号\n"
    "  --conac-code 党政机关网站标识编号（页头页脚链接到 bszs.conac.cn 核验）\n"
    "  --contact-phone 联系电话  --contact-email 联系邮箱\n"
    "  --db 数据库             SQLite 数据库文件（默认 var/zfxxgk.db）或 postgresql://…\n"
    "  -h, --help              显示本帮助\n\n"
    "示例：\n"
    "  zfxxgk init --db /srv/zfxxgk/zfxxgk.db --admin wangli --admin-name 王立 \\\n"
    "      --agency 示例县人民政府 --site-name 示例县人民政府信息公开 \\\n"
    "      --password-file /root/admin-password.txt\n";

enum {
	OPT_DB = 256,
	OPT_ADMIN,
	OPT_ADMIN_NAME,
	OPT_PW_FILE,
	OPT_PW_STDIN,
	OPT_AGENCY,
	OPT_KIND,
	OPT_SHORT,
	OPT_ORG,
	OPT_CREDIT,
	OPT_SITE_NAME,
	OPT_HOST,
	OPT_OPERATOR,
	OPT_SITE_CODE,
	OPT_ICP,
	OPT_PSB,
	OPT_PSB_CODE,
	OPT_CONAC_CODE,
	OPT_PHONE,
	OPT_EMAIL,
};

static int read_password(const char *cmd, const char *file, bool from_stdin, char *pw, size_t len)
{
	if (file && from_stdin)
		return cli_error(cmd, "--password-file 和 --password-stdin 只能选一个");
	if (file) {
		FILE *f = fopen(file, "r");
		bool ok = f && cli_read_line(f, pw, len);
		if (f)
			fclose(f);
		if (!ok)
			return cli_error(cmd, "无法从“%s”读取口令", file);
		return 0;
	}
	if (from_stdin) {
		if (!cli_read_line(stdin, pw, len))
			return cli_error(cmd, "无法从标准输入读取口令");
		return 0;
	}
	const char *env = getenv("ZFXXGK_ADMIN_PASSWORD");
	if (env && *env) {
		snprintf(pw, len, "%s", env);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		return cli_error(cmd, "请用 --password-file、--password-stdin 或环境变量 "
				      "ZFXXGK_ADMIN_PASSWORD 提供管理员口令");
	return cli_prompt_password(cmd, pw, len);
}

int cmd_init(int argc, char **argv)
{
	static const char cmd[] = "init";
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"admin", required_argument, NULL, OPT_ADMIN},
	    {"admin-name", required_argument, NULL, OPT_ADMIN_NAME},
	    {"password-file", required_argument, NULL, OPT_PW_FILE},
	    {"password-stdin", no_argument, NULL, OPT_PW_STDIN},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"short", required_argument, NULL, OPT_SHORT},
	    {"org-code", required_argument, NULL, OPT_ORG},
	    {"credit-code", required_argument, NULL, OPT_CREDIT},
	    {"site-name", required_argument, NULL, OPT_SITE_NAME},
	    {"host-org", required_argument, NULL, OPT_HOST},
	    {"operator-org", required_argument, NULL, OPT_OPERATOR},
	    {"site-code", required_argument, NULL, OPT_SITE_CODE},
	    {"icp", required_argument, NULL, OPT_ICP},
	    {"psb", required_argument, NULL, OPT_PSB},
	    {"psb-code", required_argument, NULL, OPT_PSB_CODE},
	    {"conac-code", required_argument, NULL, OPT_CONAC_CODE},
	    {"contact-phone", required_argument, NULL, OPT_PHONE},
	    {"contact-email", required_argument, NULL, OPT_EMAIL},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = CLI_DB_FILE, *pw_file = NULL, *kind = NULL;
	bool pw_stdin = false;
	struct install_request in = {.root.cls = AGENCY_CLASS_GOVERNMENT};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_ADMIN: in.admin_login = optarg; break;
		case OPT_ADMIN_NAME: in.admin_name = optarg; break;
		case OPT_PW_FILE: pw_file = optarg; break;
		case OPT_PW_STDIN: pw_stdin = true; break;
		case OPT_AGENCY: in.root.name = optarg; break;
		case OPT_KIND: kind = optarg; break;
		case OPT_SHORT: in.root.short_name = optarg; break;
		case OPT_ORG: in.root.org_code = optarg; break;
		case OPT_CREDIT: in.root.credit_code = optarg; break;
		case OPT_SITE_NAME: in.site.site_name = optarg; break;
		case OPT_HOST: in.site.host_org = optarg; break;
		case OPT_OPERATOR: in.site.operator_org = optarg; break;
		case OPT_SITE_CODE: in.site.site_code = optarg; break;
		case OPT_ICP: in.site.icp = optarg; break;
		case OPT_PSB: in.site.psb = optarg; break;
		case OPT_PSB_CODE: in.site.psb_code = optarg; break;
		case OPT_CONAC_CODE: in.site.conac_code = optarg; break;
		case OPT_PHONE: in.site.contact_phone = optarg; break;
		case OPT_EMAIL: in.site.contact_email = optarg; break;
		case 'h': fputs(help_init, stdout); return CLI_OK;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	if (!in.admin_login || !in.root.name || !in.site.site_name)
		return cli_error(cmd, "--admin、--agency 和 --site-name 都必须给出（见 --help）");
	if (kind && agency_class_parse(kind, &in.root.cls))
		return cli_error(cmd, "类别“%s”不对", kind);
	if (!in.site.host_org)
		in.site.host_org = in.root.name;
	struct store *st = cli_store_open(cmd, db);
	if (!st)
		return CLI_USAGE;
	bool empty = false;
	int rc = store_install_empty(st, &empty);
	if (!rc && !empty) {
		store_close(st);
		return cli_error(cmd, "数据库中已有机构或用户：初始化只能在空数据库上进行，"
				      "已拒绝（未作任何改动）");
	}
	char pw[PASSWORD_MAX_BYTES + 2];
	if (read_password(cmd, pw_file, pw_stdin, pw, sizeof(pw))) {
		store_close(st);
		return CLI_USAGE;
	}
	in.password = pw;
	struct buf err = BUF_INIT;
	long long root = 0, admin = 0;
	rc = store_install(st, cli_actor(), &in, &root, &admin, &err);
	int status = CLI_OK;
	if (rc)
		status = cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
	else
		printf("已完成初始化：最上级机构“%s”（编号 %lld），管理员 %s（编号 %lld），"
		       "网站名称“%s”。\n下一步：zfxxgk serve --db %s，然后用该账号登录工作台。\n",
		       in.root.name, root, in.admin_login, admin, in.site.site_name, db);
	explicit_bzero(pw, sizeof(pw));
	buf_free(&err);
	store_close(st);
	return status;
}
