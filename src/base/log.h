/* log.h: structured logging to stderr, one line per event: "ts level msg key=value ...".
 * Never log applicants' personal data (ID numbers, phones, addresses). */
#ifndef ZF_LOG_H
#define ZF_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level that is written (default LOG_INFO). */
void log_set_level(enum log_level level);
/* Parses "debug|info|warn|error"; 0 or ZF_EINVAL. */
int log_level_parse(const char *s, enum log_level *out);
/* Redirects the log (default stderr); borrows f. */
void log_set_file(FILE *f);
void log_msg(enum log_level level, const char *fmt, ...) ZF_PRINTF(2, 3);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
