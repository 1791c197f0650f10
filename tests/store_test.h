/* store_test.h: the store test harness. A store test is written once and run by tests/run on
 * both engines: ZF_TEST_ENGINE=sqlite (the default) or pg. On pg, ZF_TEST_PG names a server
 * whose role may create databases (tests/run starts one with tests/pg/pg_start); without it
 * the harness starts its own and stops it at exit. A program that links this and calls
 * store_test_engine() is run twice by tests/run (it looks for STORE_TEST_MARK in the binary).
 */
#ifndef ZF_TESTS_STORE_TEST_H
#define ZF_TESTS_STORE_TEST_H

#include "common.h"
#include "buf.h"

#include <stdbool.h>

struct store;

#define STORE_TEST_MARK "zf-store-test-both-engines"

/* "sqlite" or "pg" (from ZF_TEST_ENGINE). */
const char *store_test_engine(void);
bool store_test_is_pg(void);

/* A fresh, empty database target on the engine under test: an SQLite file in a temporary
 * directory, or a new PostgreSQL database (zf_t<pid>_<n>) on the test server. The string is
 * owned by the harness (valid until exit). tag names it for logs. NULL (with a TAP
 * diagnostic) when it cannot be made. */
const char *store_test_target(const char *tag);

/* Opens target and migrates it; NULL (with a TAP diagnostic) on failure. */
struct store *store_test_open(const char *target);

/* store_test_open(store_test_target(tag)). */
struct store *store_test_fresh(const char *tag);

/* One integer from a query (portable SQL, no parameters): -1 on error. */
long long store_test_int(struct store *st, const char *sql);

/* A canonical text dump of every table of the schema (rows sorted), for "a refused write
 * changes nothing" checks on either engine. Owned by out. */
int store_test_dump(struct store *st, struct buf *out);

#endif
