/* tap.h: a tiny TAP producer for unit tests. Each check prints "ok N - name" or "not ok N". */
#ifndef ZF_TAP_H
#define ZF_TAP_H

/* Records one test point; returns cond. */
bool tap_ok(bool cond, const char *fmt, ...) ZF_PRINTF(2, 3);
/* Compares two C strings (NULL-safe) and prints both on mismatch. */
bool tap_str(const char *got, const char *want, const char *fmt, ...) ZF_PRINTF(3, 4);
/* Compares two integers and prints both on mismatch. */
bool tap_int(long long got, long long want, const char *fmt, ...) ZF_PRINTF(3, 4);
/* Prints the plan line "1..N" and returns the exit status (0 when all passed). */
int tap_done(void);

#endif
