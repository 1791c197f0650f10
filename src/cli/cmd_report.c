/* cmd_report.c: placeholder until the report command lands. */
#include "common.h"
#include "cli.h"

int cmd_report(int argc, char **argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	fputs("zfxxgk report: 尚未实现\n", stderr);
	return CLI_USAGE;
}
