/* cli_store.c: shared helpers of the database commands (see cli_store.h). */
#include "common.h"
#include "cli.h"
#include "cli_store.h"
#include "store/auth.h"

#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

struct store *cli_store_open(const char *cmd, const char *db)
{
	struct buf err = BUF_INIT;
	struct store *st = NULL;
	/* var/ does not exist yet in a fresh checkout */
	if (!strcmp(db, CLI_DB_FILE))
		mkdir("var", 0755);
	int rc = store_open(db, &st, &err);
	if (!rc)
		rc = store_migrate(st, NULL, &err);
	if (rc) {
		cli_error(cmd, "%s", err.len ? buf_cstr(&err) : zf_strerror(rc));
		store_close(st);
		st = NULL;
	}
	buf_free(&err);
	return st;
}

int cli_parse_id(const char *cmd, const char *what, const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return cli_error(cmd, "%s应为正整数编号，而不是“%s”", what, s ? s : "");
	*out = v;
	return 0;
}

int cli_parse_day(const char *cmd, const char *what, const char *s, zf_day *out)
{
	int rc = s ? date_parse(str_c(s), out) : ZF_EPARSE;
	if (rc == ZF_ERANGE)
		return cli_error(cmd, "%s“%s”不是存在的日期", what, s);
	if (rc)
		return cli_error(cmd, "%s“%s”格式不对，应为 YYYY-MM-DD，例如 2024-03-04", what,
				 s ? s : "");
	return 0;
}

int cli_parse_int(const char *cmd, const char *what, const char *s, int lo, int hi, int *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v < lo || v > hi)
		return cli_error(cmd, "%s应为 %d 到 %d 之间的整数，而不是“%s”", what, lo, hi,
				 s ? s : "");
	*out = (int)v;
	return 0;
}

int cli_parse_applicant(const char *cmd, const char *s, enum report_t3_col *out)
{
	for (int c = 0; c < REPORT_COL_TOTAL; c++) {
		if (!strcmp(s, report_t3_cols[c].key) || !strcmp(s, report_t3_cols[c].label)) {
			*out = (enum report_t3_col)c;
			return 0;
		}
	}
	return cli_error(
	    cmd,
	    "申请人类型“%s”不对，应为 natural_person（自然人）、commercial（商业企业）、"
	    "research（科研机构）、social_welfare（社会公益组织）、legal_service"
	    "（法律服务机构）或 other（其他）",
	    s);
}

const char *cli_actor(void)
{
	const char *u = getenv("ZFXXGK_USER");
	if (!u || !*u)
		u = getenv("USER");
	return u && *u ? u : "cli";
}

bool cli_read_line(FILE *f, char *out, size_t len)
{
	if (!fgets(out, (int)len, f))
		return false;
	size_t n = strlen(out);
	if (n && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (!feof(f))
		return false;
	if (n && out[n - 1] == '\r')
		out[--n] = '\0';
	return true;
}

int cli_prompt_password(const char *cmd, char *pw, size_t len)
{
	struct termios old, quiet;
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	char again[PASSWORD_MAX_BYTES + 2];
	fprintf(stderr, "口令：");
	bool ok = cli_read_line(stdin, pw, len);
	fprintf(stderr, "\n再输入一次：");
	ok = ok && cli_read_line(stdin, again, sizeof(again));
	fprintf(stderr, "\n");
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	if (!ok)
		return cli_error(cmd, "无法读取口令");
	if (strcmp(pw, again) != 0)
		return cli_error(cmd, "两次输入的口令不一致");
	return 0;
}
