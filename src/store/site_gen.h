/* site_gen.h: the site generation, a number in the database that changes in the same
 * transaction as every write to a table public pages are made from. The page cache of each
 * server (web/page_cache.h) keeps a rendered page with the generation it was made at and
 * serves it only while the number is unchanged, so a publication through any server is seen
 * by the next request on every server. Database triggers on the public tables do the bump
 * (site_gen.c), so no write path can forget it. */
#ifndef ZF_STORE_SITE_GEN_H
#define ZF_STORE_SITE_GEN_H

#include "store/db.h"

/* Reads the current generation (one primary-key read). */
int store_site_gen(struct store *st, long long *gen);

/* The tables whose writes bump the generation, and those that never do (private: sessions,
 * audit, lock-outs, the outbox, requests and applicants, console work; or derived from a
 * bumping table). Every table of the schema is in exactly one list (a unit test checks). */
extern const char *const store_site_gen_public[];
extern const size_t store_site_gen_public_len;
extern const char *const store_site_gen_private[];
extern const size_t store_site_gen_private_len;

#endif
