/* cli_store.h: what the database commands (request, review, demo, report generate) share:
 * opening the store with its migrations applied, and parsing ids, dates and keys into
 * values with one Chinese error each. Private to src/cli/. */
#ifndef ZF_CLI_STORE_H
#define ZF_CLI_STORE_H

#include "store/db.h"

/* The database of the request commands unless --db says otherwise. */
#define CLI_DB_FILE "var/zfxxgk.db"

/* Opens db (creating var/ for the default file) and applies migrations; prints a Chinese
 * error and returns NULL on failure. Close with store_close. */
struct store *cli_store_open(const char *cmd, const char *db);
/* Parses a positive id / a YYYY-MM-DD date / an int in [lo, hi]; on error prints a Chinese
 * message naming `what` and returns CLI_USAGE (2). */
int cli_parse_id(const char *cmd, const char *what, const char *s, long long *out);
int cli_parse_day(const char *cmd, const char *what, const char *s, zf_day *out);
int cli_parse_int(const char *cmd, const char *what, const char *s, int lo, int hi, int *out);
/* Parses an applicant column key ("natural_person") or its Chinese label ("自然人"). */
int cli_parse_applicant(const char *cmd, const char *s, enum report_t3_col *out);
/* Who the audit log names: $ZFXXGK_USER or $USER, else "cli". */
const char *cli_actor(void);
/* Reads one line into out (without its newline); false on EOF or an over-long line. */
bool cli_read_line(FILE *f, char *out, size_t len);
/* Asks for a new password twice on the terminal, without echo: 0 or CLI_USAGE (printed). */
int cli_prompt_password(const char *cmd, char *pw, size_t len);

#endif
