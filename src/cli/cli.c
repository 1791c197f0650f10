/* cli.c: helpers shared by the command front ends. */
#include "common.h"
#include "cli.h"
#include "law/calendar.h"

int cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "zfxxgk %s: 错误：", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_USAGE;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

const char *cli_calendar_file(void)
{
	const char *env = getenv("ZFXXGK_CALENDAR");
	return env && *env ? env : CLI_CALENDAR_FILE;
}

static int load_file(const char *cmd, struct calendar *cal, const char *path, bool must_exist)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	int rc = buf_read_file(&text, path, 16u << 20);
	if (rc == ZF_ENOENT && !must_exist) {
		buf_free(&text);
		return 0;
	}
	if (rc) {
		cli_error(cmd, "无法读取日历文件 %s：%s", path, zf_strerror(rc));
	} else {
		rc = cal_load_tsv(cal, buf_str(&text), path, &err);
		if (rc)
			cli_error(cmd, "%s", buf_cstr(&err));
	}
	buf_free(&text);
	buf_free(&err);
	return rc;
}

struct calendar *cli_load_calendar(const char *cmd, char *const *extra, size_t nextra)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	if (!cal) {
		cli_error(cmd, "内存不足");
		return NULL;
	}
	if (cal_load_builtin(cal, &err)) {
		cli_error(cmd, "%s", buf_cstr(&err));
		goto fail;
	}
	if (load_file(cmd, cal, cli_calendar_file(), false))
		goto fail;
	for (size_t i = 0; i < nextra; i++)
		if (load_file(cmd, cal, extra[i], true))
			goto fail;
	buf_free(&err);
	return cal;
fail:
	buf_free(&err);
	cal_free(cal);
	return NULL;
}
