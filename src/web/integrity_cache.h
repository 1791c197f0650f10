/* integrity_cache.h: the compiled rule set in force, shared by the threads of one server and
 * rebuilt when another server (or the command line) loads a new version into the database.
 * Compiling a large set takes time; a check of a draft must not. */
#ifndef ZF_INTEGRITY_CACHE_H
#define ZF_INTEGRITY_CACHE_H

#include "buf.h"

struct site_checker;
struct store;

/* Hands out a checker built from the rule set in force (store_integrity_rules_active) for
 * the calling thread's exclusive use until integrity_checker_release. 0, or ZF_EDB/ZF_EPARSE
 * with one Chinese line in err. */
int integrity_checker_acquire(struct store *s, struct site_checker **out, struct buf *err);
void integrity_checker_release(struct site_checker *c);

#endif
