/* drv_sqlite.c: the SQLite half of the driver: one file, WAL synced at each commit, foreign
 * keys on. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

struct db_native {
	sqlite3_stmt *stmt;
	bool started; /* stepped since the last reset */
	bool done;
};

static sqlite3 *conn(struct store *st)
{
	return st->conn;
}

/* Checks that the directory holding path exists, so a typo does not create files in an
 * unexpected place. */
static int check_dir(const char *path, struct buf *err)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	char *dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	struct stat sb;
	int rc = 0;
	if (stat(dir, &sb) != 0) {
		buf_setf(err, "数据库所在的目录“%s”不存在，请先创建它（mkdir -p %s）", dir, dir);
		rc = ZF_ENOENT;
	} else if (!S_ISDIR(sb.st_mode)) {
		buf_setf(err, "“%s”不是目录，无法在其中存放数据库", dir);
		rc = ZF_ENOENT;
	}
	free(dir);
	return rc;
}

static int raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite error=\"%s\" sql=\"%.60s\"", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_CONSTRAINT ? ZF_EINVAL : ZF_EDB;
	}
	return 0;
}

/* One text value of a query (a PRAGMA) into out. */
static int raw_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return ZF_EDB;
	int rc = ZF_EDB;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);
		snprintf(out, outlen, "%s", t ? (const char *)t : "");
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_open(struct store *st, const char *target, struct buf *err)
{
	bool memory = strcmp(target, ":memory:") == 0;
	if (!memory) {
		int rc = check_dir(target, err);
		if (rc)
			return rc;
	}
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
		    SQLITE_OPEN_EXRESCODE;
	int rc = sqlite3_open_v2(target, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		buf_setf(err, "无法打开数据库“%s”：%s", target,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return ZF_EDB;
	}
	sqlite3_busy_timeout(db, 5000);
	char mode[16], fk[8];
	/* Two processes opening a new file at once: switching it to WAL needs a lock the busy
	 * handler does not wait for (SQLite answers a possible deadlock with SQLITE_BUSY at
	 * once), so the one that loses tries again for up to five seconds. */
	int wal = raw_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode));
	for (int i = 0; wal && (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY && i < 100; i++) {
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
		wal = raw_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode));
	}
	if (wal || (strcmp(mode, "wal") != 0 && !(memory && strcmp(mode, "memory") == 0))) {
		buf_setf(err, "数据库“%s”无法使用（不是 SQLite 数据库，或无法切换到 WAL 模式）：%s",
			 target, sqlite3_errmsg(db));
		sqlite3_close(db);
		return ZF_EDB;
	}
	/* FULL: in WAL mode the log is synced at every commit, so what a user was told is
	 * stored (an application's receipt date is a legal fact) survives an operating-system
	 * crash or a power cut; NORMAL could lose the last commits (issue #16; the cost is
	 * measured by bench/commit_rate.sh, see docs/backup.md) */
	if (raw_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;") ||
	    raw_text(db, "PRAGMA foreign_keys", fk, sizeof(fk)) || strcmp(fk, "1") != 0) {
		buf_setf(err, "数据库“%s”无法启用外键约束", target);
		sqlite3_close(db);
		return ZF_EDB;
	}
	st->conn = db;
	return 0;
}

static void sq_close(struct store *st)
{
	/* every statement was finalized by the cache, so close cannot be refused */
	sqlite3_close(conn(st));
	st->conn = NULL;
}

static int sq_prepare(struct store *st, const char *sql, int nparams, struct db_native **out)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(conn(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
	    SQLITE_OK) {
		log_error("sqlite prepare error=\"%s\" sql=\"%.80s\"", sqlite3_errmsg(conn(st)),
			  sql);
		return ZF_EDB;
	}
	if (sqlite3_bind_parameter_count(stmt) > nparams) {
		log_error("sqlite prepare error=\"parameters\" sql=\"%.80s\"", sql);
		sqlite3_finalize(stmt);
		return ZF_EDB;
	}
	struct db_native *n = xcalloc(1, sizeof(*n));
	n->stmt = stmt;
	*out = n;
	return 0;
}

static void sq_finalize(struct store *st, struct db_native *n)
{
	ZF_UNUSED(st);
	sqlite3_finalize(n->stmt);
	free(n);
}

static void sq_reset(struct db_stmt *s)
{
	sqlite3_reset(s->native->stmt);
	sqlite3_clear_bindings(s->native->stmt);
	s->native->started = false;
	s->native->done = false;
}

static int sq_bind_all(struct db_stmt *s)
{
	sqlite3_stmt *stmt = s->native->stmt;
	for (int i = 0; i < s->nparams; i++) {
		const struct db_bind *b = &s->binds[i];
		int rc = SQLITE_OK;
		switch (b->kind) {
		case DB_B_NULL: rc = sqlite3_bind_null(stmt, i + 1); break;
		case DB_B_INT: rc = sqlite3_bind_int64(stmt, i + 1, b->i); break;
		case DB_B_DOUBLE: rc = sqlite3_bind_double(stmt, i + 1, b->d); break;
		case DB_B_TEXT:
			rc = sqlite3_bind_text(stmt, i + 1, b->p, (int)b->n, SQLITE_STATIC);
			break;
		case DB_B_BLOB:
			rc = sqlite3_bind_blob(stmt, i + 1, b->p, (int)b->n, SQLITE_STATIC);
			break;
		}
		if (rc != SQLITE_OK && rc != SQLITE_RANGE)
			return ZF_EDB;
	}
	return 0;
}

static int sq_step(struct db_stmt *s)
{
	struct db_native *n = s->native;
	sqlite3 *db = conn(s->st);
	if (n->done) { /* stepping again after the end runs it anew */
		sqlite3_reset(n->stmt);
		n->started = false;
		n->done = false;
	}
	if (!n->started) {
		if (sq_bind_all(s))
			return ZF_EDB;
		n->started = true;
	}
	int rc = sqlite3_step(n->stmt);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	n->done = true;
	if (rc == SQLITE_DONE) {
		s->changes = sqlite3_changes64(db);
		return DB_DONE;
	}
	int ext = sqlite3_extended_errcode(db);
	if ((rc & 0xff) == SQLITE_CONSTRAINT || (ext & 0xff) == SQLITE_CONSTRAINT) {
		s->unique_violation =
		    ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY;
		log_debug("sqlite constraint=\"%s\"", sqlite3_errmsg(db));
		return ZF_EINVAL;
	}
	log_error("sqlite error=\"%s\" sql=\"%.80s\"", sqlite3_errmsg(db), s->sql);
	return ZF_EDB;
}

static int sq_col_count(struct db_stmt *s)
{
	return sqlite3_column_count(s->native->stmt);
}

static const char *sq_col_name(struct db_stmt *s, int i)
{
	const char *n = sqlite3_column_name(s->native->stmt, i);
	return n ? n : "";
}

static enum db_type sq_col_type(struct db_stmt *s, int i)
{
	switch (sqlite3_column_type(s->native->stmt, i)) {
	case SQLITE_INTEGER: return DB_T_INT;
	case SQLITE_FLOAT: return DB_T_DOUBLE;
	case SQLITE_BLOB: return DB_T_BLOB;
	case SQLITE_NULL: return DB_T_NULL;
	default: return DB_T_TEXT;
	}
}

static bool sq_col_null(struct db_stmt *s, int i)
{
	return sqlite3_column_type(s->native->stmt, i) == SQLITE_NULL;
}

static const char *sq_col_text(struct db_stmt *s, int i, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(s->native->stmt, i);
	*len = t ? (size_t)sqlite3_column_bytes(s->native->stmt, i) : 0;
	return t;
}

static long long sq_col_int(struct db_stmt *s, int i)
{
	return sqlite3_column_int64(s->native->stmt, i);
}

static double sq_col_double(struct db_stmt *s, int i)
{
	return sqlite3_column_double(s->native->stmt, i);
}

static const void *sq_col_blob(struct db_stmt *s, int i, size_t *len)
{
	sqlite3_stmt *stmt = s->native->stmt;
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
		*len = 0;
		return NULL;
	}
	const void *p = sqlite3_column_blob(stmt, i);
	*len = (size_t)sqlite3_column_bytes(stmt, i);
	return p ? p : "";
}

static int sq_exec(struct store *st, const char *sql)
{
	return raw_exec(conn(st), sql);
}

static int sq_begin_write(struct store *st)
{
	return raw_exec(conn(st), "BEGIN IMMEDIATE");
}

static int sq_tables(struct store *st, struct arena *a, const char ***names, size_t *n);

static int sq_is_empty(struct store *st, bool *empty)
{
	const char **names;
	size_t n = 0;
	struct arena *a = arena_new(0);
	int rc = sq_tables(st, a, &names, &n);
	*empty = n == 0;
	arena_free(a);
	return rc;
}

static int sq_tables(struct store *st, struct arena *a, const char ***names, size_t *n)
{
	/* FTS5 shadow tables and SQLite's own are not ours: db copy rebuilds them */
	static const char sql[] =
	    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	    " AND name <> 'schema_migrations' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
	    " AND name NOT IN (SELECT m.name FROM sqlite_master v, sqlite_master m"
	    "   WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND m.type = 'table'"
	    "   AND m.name LIKE v.name || '_%')"
	    " ORDER BY name";
	sqlite3_stmt *stmt;
	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(conn(st), sql, -1, &stmt, NULL) != SQLITE_OK)
		return ZF_EDB;
	size_t alloc = 0;
	const char **list = NULL;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		list = arena_grow(a, list, *n, &alloc, sizeof(*list));
		if (!list) {
			sqlite3_finalize(stmt);
			return ZF_ENOMEM;
		}
		list[(*n)++] = arena_strdup(a, (const char *)sqlite3_column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	*names = list;
	return rc == SQLITE_DONE ? 0 : ZF_EDB;
}

const struct db_driver db_driver_sqlite = {
    .name = "sqlite",
    .engine = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .step = sq_step,
    .reset = sq_reset,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_type = sq_col_type,
    .col_null = sq_col_null,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_blob = sq_col_blob,
    .exec = sq_exec,
    .begin_write = sq_begin_write,
    .is_empty = sq_is_empty,
    .tables = sq_tables,
};
