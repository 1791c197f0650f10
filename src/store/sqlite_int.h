/* sqlite_int.h: private to src/store/. What the SQLite backend shares with the area modules
 * (sqlite_auth.c, sqlite_requests.c, sqlite_docs.c, sqlite_web.c): the connection handle,
 * statement helpers, and each area's migration text. An area's public functions live in its
 * own header (auth.h, docs.h, ...) and call sqlite_handle(); a PostgreSQL backend would add
 * its own pg_*.c beside them and the public functions would pick by store_backend(). */
#ifndef ZF_SQLITE_INT_H
#define ZF_SQLITE_INT_H

#include "buf.h"
#include "date.h"

#include <sqlite3.h>

struct arena;
struct store;

/* The SQLite connection behind st, or NULL when st is another backend. */
sqlite3 *sqlite_handle(struct store *st);

/* Runs SQL without results: 0 or ZF_EDB (logged). */
int sqlite_exec(sqlite3 *db, const char *sql);
/* One integer from a query: 0 or ZF_EDB. */
int sqlite_query_int(sqlite3 *db, const char *sql, long long *out);
/* Prepares sql: 0 or ZF_EDB (logged). */
int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt);
/* A failed step as an error code: constraint violations are ZF_EINVAL (the caller's
 * input), anything else ZF_EDB. */
int sqlite_step_error(sqlite3 *db, int rc);
/* Steps a statement that returns no row and finalizes it: 0 or the step's error. */
int sqlite_step_done(sqlite3 *db, sqlite3_stmt *stmt);
/* Binds text (NULL binds NULL; the string must outlive the step). */
void sqlite_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* Binds a day as 'YYYY-MM-DD' (0 binds NULL). */
void sqlite_bind_day(sqlite3_stmt *stmt, int i, zf_day d);
/* A date column: 0 when NULL. */
zf_day sqlite_col_day(sqlite3_stmt *stmt, int i);
/* A text column copied into the arena; NULL when NULL. */
const char *sqlite_col_str(sqlite3_stmt *stmt, struct arena *a, int i);

/* Migration texts of the areas, in db_sqlite.c's migration list. */
extern const char schema_auth[];
extern const char schema_requests[];
extern const char schema_docs[];
extern const char schema_web[];
extern const char schema_public[];

#endif
