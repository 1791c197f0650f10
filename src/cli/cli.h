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
int cmd_fee(int argc, char **argv);
/* `zfxxgk report parse ...`; called by cmd_report with argv[0] = "parse". */
int cmd_report_parse(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_doc(int argc, char **argv);
/* `zfxxgk doc takedown ...` (撤稿); called by cmd_doc with argv[0] = "takedown". */
int cmd_doc_takedown(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_column(int argc, char **argv);
int cmd_message(int argc, char **argv); /* cmd_message.c: 政民互动 messages */
int cmd_init(int argc, char **argv);
int cmd_agency(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_consult(int argc, char **argv);
int cmd_stdcat(int argc, char **argv);
int cmd_newmedia(int argc, char **argv);
int cmd_assess(int argc, char **argv); /* cmd_assess.c: 考核, 培训, 季度通报 */
/* `zfxxgk report generate ...`; called by cmd_report with argv[0] = "generate". */
int cmd_report_generate(int argc, char **argv);
int cmd_report_publish(int argc, char **argv);
int cmd_site(int argc, char **argv);
/* `zfxxgk site <sub>`; called by cmd_site with argv[0] = the subcommand. */
int cmd_site_check(int argc, char **argv);    /* cmd_site_check.c */
int cmd_site_rules(int argc, char **argv);    /* cmd_site_store.c */
int cmd_site_scan(int argc, char **argv);     /* cmd_site_store.c */
int cmd_site_findings(int argc, char **argv); /* cmd_site_store.c */
int cmd_site_links(int argc, char **argv);    /* cmd_site_links.c */
int cmd_site_tamper(int argc, char **argv);   /* cmd_site_links.c */
int cmd_oversight(int argc, char **argv);
int cmd_routes(int argc, char **argv); /* cmd_routes.c: the route table, for the access matrix */

/* Exit statuses shared by all commands. */
enum { CLI_OK = 0, CLI_FINDINGS = 1, CLI_USAGE = 2 };

/* Prints "zfxxgk <cmd>: 错误：..." to stderr; returns CLI_USAGE for `return cli_usage_error(...)`.
 */
int cli_error(const char *cmd, const char *fmt, ...) ZF_PRINTF(2, 3);
/* True when argv holds -h or --help before a "--". */
bool cli_wants_help(int argc, char **argv);

struct calendar;
/* The default file of calendar additions made with `zfxxgk calendar add`. */
#define CLI_CALENDAR_FILE "var/calendar.tsv"
/* Loads the built-in national calendar, then CLI_CALENDAR_FILE (or $ZFXXGK_CALENDAR) when it
 * exists, then each of `extra` (must exist). Prints a Chinese error and returns NULL on failure.
 * Returns an owned calendar (cal_free). */
struct calendar *cli_load_calendar(const char *cmd, char *const *extra, size_t nextra);
/* Path of the calendar additions file in effect. */
const char *cli_calendar_file(void);

#endif
