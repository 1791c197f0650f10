/* tap.c: see tap.h. */
#include "common.h"
#include "tap.h"

static int tap_n, tap_failed;

static bool tap_vreport(bool cond, const char *fmt, va_list ap)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	return cond;
}

bool tap_str(const char *got, const char *want, const char *fmt, ...)
{
	bool cond = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		       want ? want : "(null)");
	return cond;
}

bool tap_int(long long got, long long want, const char *fmt, ...)
{
	bool cond = got == want;
	va_list ap;
	va_start(ap, fmt);
	tap_vreport(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return cond;
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}
