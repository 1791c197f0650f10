/* cmd_report_parse.c: placeholder until the report parser lands. */
#include "common.h"
#include "cli.h"

int cmd_report_parse(int argc, char **argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	fputs("zfxxgk report parse: 尚未实现\n", stderr);
	return CLI_USAGE;
}
