/* cmd_serve.c: placeholder until the serve command lands. */
#include "common.h"
#include "cli.h"

int cmd_serve(int argc, char **argv)
{
	ZF_UNUSED(argc);
	ZF_UNUSED(argv);
	fputs("zfxxgk serve: 尚未实现\n", stderr);
	return CLI_USAGE;
}
