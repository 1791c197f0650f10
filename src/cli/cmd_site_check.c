/* cmd_site_check.c: placeholder until its part of #14 lands. */
#include "common.h"
#include "cli.h"

int cmd_site_check(int argc, char **argv)
{
	(void)argc, (void)argv;
	return cli_error("site", "尚未实现");
}
