/* placeholder */
#include "common.h"
#include "cli.h"

int cmd_calendar(int argc, char **argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	return CLI_USAGE;
}
