/* common.h: included first by every .c file of zfxxgk.
 * Standard headers, error codes, small helpers and the list of banned functions. */
#ifndef ZF_COMMON_H
#define ZF_COMMON_H

#define _GNU_SOURCE 1
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZF_VERSION "0.1.0"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ZF_UNUSED(x)	((void)(x))
#define ZF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ZF_NORETURN	__attribute__((noreturn))
#define ZF_MIN(a, b)	((a) < (b) ? (a) : (b))
#define ZF_MAX(a, b)	((a) > (b) ? (a) : (b))

/* Error codes: functions return 0 or one of these (negative). */
enum zf_err {
	ZF_OK = 0,
	ZF_ENOMEM = -1,	 /* out of memory */
	ZF_EINVAL = -2,	 /* invalid argument or input */
	ZF_EIO = -3,	 /* read/write failure */
	ZF_ERANGE = -4,	 /* value out of range */
	ZF_ENOENT = -5,	 /* not found */
	ZF_EPARSE = -6,	 /* malformed input */
	ZF_ETOOBIG = -7, /* over a configured cap */
	ZF_EEXIST = -8,	 /* already exists */
	ZF_EDB = -9,	 /* database error */
	ZF_EPERM = -10,	 /* not allowed */
	ZF_ESTATE = -11, /* impossible in the current state */
};

/* Returns a short Chinese description of an error code (static string). */
const char *zf_strerror(int err);

/* Prints "zfxxgk: 错误：<msg>" to stderr and exits with status 1. CLI and startup only. */
ZF_NORETURN void die(const char *fmt, ...) ZF_PRINTF(1, 2);
/* Reports a broken invariant (a bug in zfxxgk, never bad input) and aborts. */
ZF_NORETURN void zf_bug(const char *file, int line, const char *fmt, ...) ZF_PRINTF(3, 4);
#define BUG(...) zf_bug(__FILE__, __LINE__, __VA_ARGS__)

/* Allocation that dies on out-of-memory: for long-lived objects at startup and in the CLI. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string (owned, free with free()). */
char *xasprintf(const char *fmt, ...) ZF_PRINTF(1, 2);

/* Banned: unbounded or non-reentrant functions (git banned.h). Use buf_*, snprintf, gmtime_r. */
#define ZF_BANNED(f) sorry_##f##_is_banned_in_zfxxgk
#undef strcpy
#define strcpy(a, b) ZF_BANNED(strcpy)
#undef strcat
#define strcat(a, b) ZF_BANNED(strcat)
#undef sprintf
#define sprintf(...) ZF_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) ZF_BANNED(vsprintf)
#undef strtok
#define strtok(a, b) ZF_BANNED(strtok)
#undef gmtime
#define gmtime(t) ZF_BANNED(gmtime)
#undef localtime
#define localtime(t) ZF_BANNED(localtime)

#endif
