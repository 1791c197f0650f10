/* main.c: the zfxxgk binary: dispatches to a subcommand. */
#include "common.h"
#include "cli.h"

static const struct cli_command commands[] = {
    {"serve", "启动网站（公开站点与工作台），默认 127.0.0.1:8080", cmd_serve},
    {"deadline", "计算依申请公开的答复期限（按工作日，含补正、中止、延期）", cmd_deadline},
    {"calendar", "查看某年的工作日历，登记国务院新公布的节假日安排", cmd_calendar},
    {"fee", "计算信息处理费（按件或按量，国办函〔2020〕109号）", cmd_fee},
    {"report", "年度报告：检查、渲染（HTML/Excel/CSV/JSON）、汇总", cmd_report},
    {"request", "登记和办理依申请公开的申请（事件、期限、答复）", cmd_request},
    {"review", "登记与申请相关的行政复议、行政诉讼案件及结果", cmd_review},
    {"demo", "生成演示数据：若干机关、多年的申请及复议诉讼案件", cmd_demo},
    {"user", "管理工作台的用户账号、角色、口令和锁定", cmd_user},
    {"backup", "在线备份整个数据库（两种引擎同一格式，自带校验）", cmd_backup},
    {"restore", "从备份恢复数据库：先核对校验和、行数和审计日志哈希链", cmd_restore},
    {"audit", "审计日志：核对哈希链、按日期导出（CSV/JSON/Excel）、按保存期限清理", cmd_audit},
    {"db", "数据库：在 SQLite 与 PostgreSQL 之间复制整个系统，查看结构版本和各表行数", cmd_db},
    {"doc", "主动公开目录：起草、保密审查、发布、废止、检索、导入导出", cmd_doc},
    {"column", "栏目：法定主动公开内容等栏目树、外链栏目、更新周期和逾期未更新", cmd_column},
    {"message", "政民互动留言：列表、详情、逾期督办和统计", cmd_message},
    {"init", "首次安装：在空数据库上建立最上级机构、第一个管理员和网站设置", cmd_init},
    {"agency", "管理机构：新建、列出、修改、调整上级、撤销、从 Excel 批量导入", cmd_agency},
    {"site", "网站内容检查：错敏词、植入内容、暗链、个人信息、不可用链接、栏目更新", cmd_site},
    {"newmedia", "政务新媒体：账号清单、发布内容的导入和检查、不更新的账号", cmd_newmedia},
    {"mail", "申请人通知邮件：发送待发邮件、查看发送情况、设置发信服务器", cmd_mail},
    {"consult", "意见征集和在线访谈：列出、查看、结束征集", cmd_consult},
    {"stdcat", "基层政务公开标准目录：Excel 导入导出、关联文件、逾期未公开提示", cmd_stdcat},
    {"oversight", "监督考核：各机关指标、督办清单、政府网站工作年度报表", cmd_oversight},
    {"assess", "考核：考核方案、季度得分和排名、人工评分、培训记录、季度通报", cmd_assess},
    {"routes", "列出网站的全部路由（请求方式、网址、最低角色、要求），供访问控制测试使用",
     cmd_routes},
};

static void usage(FILE *f)
{
	fprintf(f, "zfxxgk %s — 政府信息公开平台\n\n", ZF_VERSION);
	fputs("用法：zfxxgk <命令> [选项]\n\n命令：\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n常用示例：\n"
	      "  zfxxgk deadline --received 2026-02-10        计算答复期限\n"
	      "  zfxxgk calendar 2026                         查看 2026 年工作日历\n"
	      "  zfxxgk report check 报告.json                检查年度报告的勾稽关系\n"
	      "  zfxxgk serve --demo                          以演示数据启动网站\n"
	      "\n每个命令都有帮助：zfxxgk <命令> --help\n"
	      "选项：\n  -h, --help     显示本帮助\n  -V, --version  显示版本\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			char *args[] = {argv[2], (char *)"--help", NULL};
			for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
				if (strcmp(commands[i].name, argv[2]) == 0)
					return commands[i].run(2, args);
		}
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0 ||
	    strcmp(name, "version") == 0) {
		printf("zfxxgk %s\n", ZF_VERSION);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "zfxxgk: 错误：没有“%s”这个命令。\n\n", name);
	usage(stderr);
	return CLI_USAGE;
}
