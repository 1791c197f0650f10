/* store_int.h: private to src/store/: the connection (struct store) and what a driver
 * implements. The areas never include this: they use driver.h. Only db.c (the front),
 * driver.c (the engine-independent half of the driver) and the two drivers (drv_sqlite.c,
 * drv_pg.c) do. */
#ifndef ZF_STORE_INT_H
#define ZF_STORE_INT_H

#include "db.h"
#include "driver.h"

/* One native statement of a driver. */
struct db_native;

/* What an engine provides. Each function gets the store; the driver's own connection is
 * st->conn. Statement functions work on the engine-independent struct db_stmt, whose
 * bindings driver.c keeps (so both drivers see the same values and types). */
struct db_driver {
	const char *name; /* "sqlite", "postgresql" */
	enum db_engine engine;
	/* Opens target; on failure a Chinese message in err and ZF_ENOENT/ZF_EDB/ZF_EINVAL. */
	int (*open)(struct store *st, const char *target, struct buf *err);
	void (*close)(struct store *st);
	/* Prepares translated SQL (placeholders already in the engine's form). */
	int (*prepare)(struct store *st, const char *sql, int nparams, struct db_native **out);
	void (*finalize)(struct store *st, struct db_native *n);
	/* Runs the statement with s's bindings and fetches the next row (first call), or the
	 * next row; DB_ROW, DB_DONE or an error. */
	int (*step)(struct db_stmt *s);
	/* Forgets the current run (results, cursor). */
	void (*reset)(struct db_stmt *s);
	int (*col_count)(struct db_stmt *s);
	const char *(*col_name)(struct db_stmt *s, int i);
	enum db_type (*col_type)(struct db_stmt *s, int i);
	bool (*col_null)(struct db_stmt *s, int i);
	const char *(*col_text)(struct db_stmt *s, int i, size_t *len);
	long long (*col_int)(struct db_stmt *s, int i);
	double (*col_double)(struct db_stmt *s, int i);
	const void *(*col_blob)(struct db_stmt *s, int i, size_t *len);
	/* Runs SQL without parameters (several statements allowed). */
	int (*exec)(struct store *st, const char *sql);
	/* Opens the outermost write transaction: only one writer at a time on the whole
	 * database, on both engines (SQLite BEGIN IMMEDIATE, PostgreSQL BEGIN and a
	 * transaction-level advisory lock), so read-then-write code is safe everywhere. */
	int (*begin_write)(struct store *st);
	/* True when the database named by target has no table of ours (for db copy). */
	int (*is_empty)(struct store *st, bool *empty);
	/* The names of the tables of the schema (not the migration record), sorted. */
	int (*tables)(struct store *st, struct arena *a, const char ***names, size_t *n);
};

enum db_bind_kind {
	DB_B_NULL,
	DB_B_INT,
	DB_B_DOUBLE,
	DB_B_TEXT,
	DB_B_BLOB,
};

struct db_bind {
	enum db_bind_kind kind;
	long long i;
	double d;
	char *p; /* text (NUL-terminated) or blob, owned */
	size_t n;
};

struct db_stmt {
	struct store *st;
	struct db_native *native;
	char *sql; /* the portable text (the cache key) */
	unsigned long hash;
	int nparams;
	struct db_bind *binds; /* [nparams] */
	bool cached, in_use;
	unsigned long long used; /* the store's use counter when last handed out */
	long long changes;
	bool unique_violation;
	struct buf scratch; /* PostgreSQL: a decoded blob */
};

#define DB_CACHE_SIZE 96

struct store {
	const struct db_driver *drv;
	void *conn;   /* the driver's connection */
	char *target; /* as given (may hold a password: never log it; see store_target_redact) */
	bool broken;
	/* open transaction levels; bit k of own set when level k began its own transaction
	 * (outermost write), which its release commits */
	unsigned depth;
	unsigned long long own;
	bool batch; /* store_batch_begin opened the transaction */
	struct db_stmt *cache[DB_CACHE_SIZE];
	size_t ncache;
	unsigned long long uses;
	/* driver-private counters (PostgreSQL statement names) */
	unsigned long next_name;
};

extern const struct db_driver db_driver_sqlite;
extern const struct db_driver db_driver_pg;

/* Translates portable placeholders (? and ?N) to $N for PostgreSQL into out; *nparams is the
 * highest parameter number. ZF_EINVAL when both kinds are mixed. */
int db_translate_params(const char *sql, bool dollar, struct buf *out, int *nparams);

/* Called by the drivers when an error means the connection is gone. */
void db_mark_broken(struct store *st);

/* The migration list (schema.c), oldest first: version N is store_migrations[N - 1]. Each
 * text is portable DDL (driver.h). Never edit one that has shipped: add a new one. */
struct store_migration {
	const char *name;
	const char *sql;
};
extern const struct store_migration store_migrations[];
extern const size_t store_nmigrations;

#endif
