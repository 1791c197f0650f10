/* cli.h: the zfxxgk subcommands. Each lives in its own cmd_<name>.c and is listed in main.c.
 * A command gets argv with argv[0] = its own name, returns the process exit status
 * (0 = success, 1 = findings/errors in the data, 2 = usage or I/O error), and answers
 * --help / -h with its help text on stdout. */
#ifndef ZF_CLI_H
#define ZF_CLI_H

struct cli_command {
	const char *name;
	const char *summary; /* one line, Chinese */
	int (*run)(int argc, char **argv);
};

int cmd_deadline(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Exit statuses shared by all commands. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_USAGE = 2 };

/* Prints "zfxxgk <cmd>: 错误：..." to stderr; returns CLI_USAGE for `return cli_usage_error(...)`. */
int cli_error(const char *cmd, const char *fmt, ...) ZF_PRINTF(2, 3);
/* True when argv holds -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);

#endif
