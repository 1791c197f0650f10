/* cmd_site.c: `zfxxgk site`: the site-integrity checks (内容检查). Dispatches to its
 * subcommands, each in its own file: check (pages and files from any site), rules (the rule
 * set in force), scan (the whole site in the database, findings kept as work orders),
 * findings (list, assign, export the 通报), links (links of pages), tamper (our pages through
 * the public front door against what the application renders). */
#include "common.h"
#include "cli.h"

static const char help_site[] =
    "用法：zfxxgk site <子命令> [选项]\n"
    "\n"
    "网站内容检查（读网监测）：错敏词和严重表述错误、被篡改植入的博彩色情内容、暗链、\n"
    "未脱敏的个人信息、不可用链接、栏目更新和政策解读，按《政府网站与政务新媒体检查指标》\n"
    "（国办秘函〔2019〕19号）分为单项否决、扣分和疑似三级。\n"
    "\n"
    "子命令：\n"
    "  check    检查网页或文件：HTML、纯文本、目录、WARC 归档或网址\n"
    "  rules    查看、检查、导入内容检查规则集\n"
    "  scan     检查数据库中的整个网站，问题记为整改工单\n"
    "  findings 查看、分派、导出检查发现的问题和通报\n"
    "  links    检查网页中的链接（站内链接查数据库，站外链接礼貌抓取）\n"
    "  tamper   从公开入口取回本站页面，与系统生成的内容和静态文件清单比对\n"
    "\n"
    "每个子命令都有帮助：zfxxgk site <子命令> --help\n";

int cmd_site(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"check", cmd_site_check},	     {"rules", cmd_site_rules}, {"scan", cmd_site_scan},
	    {"findings", cmd_site_findings}, {"links", cmd_site_links}, {"tamper", cmd_site_tamper},
	};
	if (argc < 2) {
		fputs(help_site, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_site, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("site", "没有“%s”这个子命令", sub);
	fputs(help_site, stderr);
	return CLI_USAGE;
}
