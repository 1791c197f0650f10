/* public_int.h: private to the public site's area of the store (guides.c, published.c,
 * applications.c): the checks and column helpers they share. */
#ifndef ZF_STORE_PUBLIC_INT_H
#define ZF_STORE_PUBLIC_INT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct db_stmt;

/* Valid UTF-8 of at most max code points, without control characters (newlines and tabs
 * allowed when multiline). NULL counts as "". */
bool public_text_ok(const char *s, size_t max, bool multiline);
/* s, or "" for NULL. */
const char *public_nz(const char *s);
/* A text column copied into the arena, "" for NULL; NULL only when out of memory. */
const char *public_col_text(struct db_stmt *s, struct arena *a, int i);

#endif
