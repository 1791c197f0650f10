/* cmd_site_store.c: placeholder until its part of #14 lands. */
#include "common.h"
#include "cli.h"

int cmd_site_rules(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_error("site", "尚未实现");
}

int cmd_site_scan(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_error("site", "尚未实现");
}

int cmd_site_findings(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_error("site", "尚未实现");
}
