/* log.c: thread-safe line logger. */
#include "common.h"
#include "log.h"

#include <pthread.h>
#include <time.h>

static enum log_level min_level = LOG_INFO;
static FILE *log_file;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_set_file(FILE *f)
{
	log_file = f;
}

int log_level_parse(const char *s, enum log_level *out)
{
	static const char *names[] = {"debug", "info", "warn", "error"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return ZF_EINVAL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *tags[] = {"debug", "info", "warn", "error"};
	if (level < min_level)
		return;
	char ts[32];
	struct timespec now;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	FILE *f = log_file ? log_file : stderr;
	va_list ap;
	va_start(ap, fmt);
	pthread_mutex_lock(&log_lock);
	fprintf(f, "%s %s ", ts, tags[level]);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
	pthread_mutex_unlock(&log_lock);
	va_end(ap);
}
