/* db_sqlite.c: the SQLite backend of the store (one file, WAL, foreign keys on). */
#include "common.h"
#include "db_backend.h"
#include "arena.h"
#include "log.h"

#include <sqlite3.h>
#include <sys/stat.h>

struct sqlite_store {
	struct store base; /* first: db.c sees a struct store */
	sqlite3 *db;
};

/* Migrations, oldest first. Version N is migrations[N - 1]. Never edit one that has
 * shipped: add a new one. Each runs inside its own transaction. */
static const struct migration {
	const char *name;
	const char *sql;
} migrations[] = {
    {"agencies and audit log",
     "CREATE TABLE agencies (\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  parent_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,\n"
     "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('government', 'department', 'town', 'other')),\n"
     "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
     "  UNIQUE (parent_id, name)\n"
     ");\n"
     "CREATE INDEX agencies_parent ON agencies(parent_id);\n"
     "CREATE TABLE audit_log (\n"
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
     "  actor TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  object TEXT NOT NULL DEFAULT '',\n"
     "  detail TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"},
};

static sqlite3 *db_of(struct store *st)
{
	return ((struct sqlite_store *)st)->db;
}

static void set_err(struct buf *err, const char *fmt, ...) ZF_PRINTF(2, 3);
static void set_err(struct buf *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	buf_reset(err);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
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
		set_err(err, "数据库所在的目录“%s”不存在，请先创建它（mkdir -p %s）", dir, dir);
		rc = ZF_ENOENT;
	} else if (!S_ISDIR(sb.st_mode)) {
		set_err(err, "“%s”不是目录，无法在其中存放数据库", dir);
		rc = ZF_ENOENT;
	}
	free(dir);
	return rc;
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("sqlite error=\"%s\" sql=\"%.60s\"", msg ? msg : sqlite3_errstr(rc), sql);
		sqlite3_free(msg);
		return ZF_EDB;
	}
	return 0;
}

/* Runs a query returning one text value (a PRAGMA); copies it into out. */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t outlen)
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

static int query_int(sqlite3 *db, const char *sql, long long *out)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	int rc = ZF_EDB;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = 0;
	} else {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_open(const char *target, struct store **out, struct buf *err)
{
	*out = NULL;
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
		set_err(err, "无法打开数据库“%s”：%s", target,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return ZF_EDB;
	}
	sqlite3_busy_timeout(db, 5000);
	char mode[16];
	long long fk = 0;
	if (query_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode)) ||
	    (strcmp(mode, "wal") != 0 && !(memory && strcmp(mode, "memory") == 0))) {
		set_err(err, "数据库“%s”无法使用（不是 SQLite 数据库，或无法切换到 WAL 模式）：%s",
			target, sqlite3_errmsg(db));
		sqlite3_close(db);
		return ZF_EDB;
	}
	if (exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;") ||
	    query_int(db, "PRAGMA foreign_keys", &fk) || fk != 1) {
		set_err(err, "数据库“%s”无法启用外键约束", target);
		sqlite3_close(db);
		return ZF_EDB;
	}
	struct sqlite_store *s = xcalloc(1, sizeof(*s));
	s->base.ops = &store_sqlite_ops;
	s->db = db;
	*out = &s->base;
	return 0;
}

static void sq_close(struct store *st)
{
	struct sqlite_store *s = (struct sqlite_store *)st;
	/* every statement is finalized where it is used, so close cannot be refused */
	sqlite3_close(s->db);
	free(s);
}

static int sq_schema_version(struct store *st, int *version)
{
	sqlite3 *db = db_of(st);
	long long exists = 0, v = 0;
	int rc = query_int(db,
			   "SELECT count(*) FROM sqlite_master "
			   "WHERE type = 'table' AND name = 'schema_migrations'",
			   &exists);
	if (!rc && exists)
		rc = query_int(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", &v);
	if (!rc)
		*version = (int)v;
	return rc;
}

static int record_migration(sqlite3 *db, int version, const char *name)
{
	sqlite3_stmt *stmt;
	const char *sql = "INSERT INTO schema_migrations (version, name, applied_at) "
			  "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return ZF_EDB;
	sqlite3_bind_int(stmt, 1, version);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : ZF_EDB;
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_migrate(struct store *st, int *applied, struct buf *err)
{
	sqlite3 *db = db_of(st);
	const int latest = (int)ARRAY_SIZE(migrations);
	int count = 0;
	if (applied)
		*applied = 0;
	if (exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
		     "  version INTEGER PRIMARY KEY,\n"
		     "  name TEXT NOT NULL,\n"
		     "  applied_at TEXT NOT NULL\n"
		     ")")) {
		set_err(err, "无法建立迁移记录表：%s", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	for (;;) {
		/* IMMEDIATE: a second process migrating at the same time waits, then sees
		 * the version this one recorded. */
		if (exec(db, "BEGIN IMMEDIATE")) {
			set_err(err, "无法开始迁移事务：%s", sqlite3_errmsg(db));
			return ZF_EDB;
		}
		int version = 0;
		if (sq_schema_version(st, &version)) {
			exec(db, "ROLLBACK");
			set_err(err, "无法读取数据库版本：%s", sqlite3_errmsg(db));
			return ZF_EDB;
		}
		if (version > latest) {
			exec(db, "ROLLBACK");
			set_err(err, "数据库的结构版本（%d）比本程序支持的（%d）新，请升级 zfxxgk",
				version, latest);
			return ZF_ESTATE;
		}
		if (version == latest) {
			exec(db, "COMMIT");
			break;
		}
		const struct migration *m = &migrations[version];
		if (exec(db, m->sql) || record_migration(db, version + 1, m->name)) {
			set_err(err, "数据库迁移 %d（%s）失败：%s", version + 1, m->name,
				sqlite3_errmsg(db));
			exec(db, "ROLLBACK");
			return ZF_EDB;
		}
		if (exec(db, "COMMIT")) {
			set_err(err, "数据库迁移 %d 无法提交：%s", version + 1, sqlite3_errmsg(db));
			exec(db, "ROLLBACK");
			return ZF_EDB;
		}
		log_info("migrated version=%d name=\"%s\"", version + 1, m->name);
		count++;
	}
	if (applied)
		*applied = count;
	return 0;
}

static int sq_ping(struct store *st)
{
	long long one = 0;
	int rc = query_int(db_of(st), "SELECT 1", &one);
	return rc ? rc : (one == 1 ? 0 : ZF_EDB);
}

static int sq_begin(struct store *st)
{
	return exec(db_of(st), "BEGIN IMMEDIATE");
}

static int sq_commit(struct store *st)
{
	return exec(db_of(st), "COMMIT");
}

static int sq_rollback(struct store *st)
{
	return exec(db_of(st), "ROLLBACK");
}

/* Maps a failed step to an error code: constraint violations are the caller's input. */
static int step_error(sqlite3 *db, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		log_debug("sqlite constraint=\"%s\"", sqlite3_errmsg(db));
		return ZF_EINVAL;
	}
	log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
	return ZF_EDB;
}

static int sq_agency_add(struct store *st, long long parent_id, const char *name,
			 enum agency_kind kind, long long *id)
{
	sqlite3 *db = db_of(st);
	sqlite3_stmt *stmt;
	const char *sql = "INSERT INTO agencies (parent_id, name, kind) VALUES (?, ?, ?)";
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return step_error(db, SQLITE_ERROR);
	if (parent_id > 0)
		sqlite3_bind_int64(stmt, 1, parent_id);
	else
		sqlite3_bind_null(stmt, 1);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, agency_kind_name(kind), -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	int ret = rc == SQLITE_DONE ? 0 : step_error(db, rc);
	sqlite3_finalize(stmt);
	if (!ret && id)
		*id = sqlite3_last_insert_rowid(db);
	return ret;
}

static int sq_agency_count(struct store *st, long long *count)
{
	return query_int(db_of(st), "SELECT count(*) FROM agencies", count);
}

static int sq_agency_list(struct store *st, struct arena *arena, struct agency **out, size_t *n)
{
	sqlite3 *db = db_of(st);
	sqlite3_stmt *stmt;
	/* the path of zero-padded ids sorts each parent before its children */
	const char *sql =
	    "WITH RECURSIVE tree (id, parent_id, name, kind, depth, path) AS (\n"
	    "  SELECT id, parent_id, name, kind, 0, printf('%020d', id)\n"
	    "  FROM agencies WHERE parent_id IS NULL\n"
	    "  UNION ALL\n"
	    "  SELECT a.id, a.parent_id, a.name, a.kind, t.depth + 1,\n"
	    "         t.path || '/' || printf('%020d', a.id)\n"
	    "  FROM agencies a JOIN tree t ON a.parent_id = t.id\n"
	    ")\n"
	    "SELECT id, coalesce(parent_id, 0), name, kind, depth FROM tree ORDER BY path";
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return step_error(db, SQLITE_ERROR);
	struct agency *list = NULL;
	size_t len = 0, alloc = 0;
	int rc, ret = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == alloc) {
			size_t grow = alloc ? alloc * 2 : 16;
			struct agency *bigger = arena_alloc(arena, grow * sizeof(*bigger));
			if (!bigger) {
				ret = ZF_ENOMEM;
				break;
			}
			if (len)
				memcpy(bigger, list, len * sizeof(*bigger));
			list = bigger;
			alloc = grow;
		}
		struct agency *a = &list[len];
		a->id = sqlite3_column_int64(stmt, 0);
		a->parent_id = sqlite3_column_int64(stmt, 1);
		const char *name = (const char *)sqlite3_column_text(stmt, 2);
		a->name = arena_strdup(arena, name ? name : "");
		const char *kind = (const char *)sqlite3_column_text(stmt, 3);
		if (!kind || agency_kind_parse(kind, &a->kind))
			a->kind = AGENCY_OTHER;
		a->depth = sqlite3_column_int(stmt, 4);
		if (!a->name) {
			ret = ZF_ENOMEM;
			break;
		}
		len++;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = step_error(db, rc);
	sqlite3_finalize(stmt);
	if (!ret) {
		*out = list;
		*n = len;
	}
	return ret;
}

static int sq_audit(struct store *st, const char *actor, const char *action, const char *object,
		    const char *detail)
{
	sqlite3 *db = db_of(st);
	sqlite3_stmt *stmt;
	const char *sql =
	    "INSERT INTO audit_log (actor, action, object, detail) VALUES (?, ?, ?, ?)";
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return step_error(db, SQLITE_ERROR);
	sqlite3_bind_text(stmt, 1, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, object ? object : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, detail ? detail : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	int ret = rc == SQLITE_DONE ? 0 : step_error(db, rc);
	sqlite3_finalize(stmt);
	return ret;
}

static int sq_audit_count(struct store *st, long long *count)
{
	return query_int(db_of(st), "SELECT count(*) FROM audit_log", count);
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .latest_version = (int)ARRAY_SIZE(migrations),
    .open = sq_open,
    .close = sq_close,
    .migrate = sq_migrate,
    .schema_version = sq_schema_version,
    .ping = sq_ping,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .agency_add = sq_agency_add,
    .agency_count = sq_agency_count,
    .agency_list = sq_agency_list,
    .audit = sq_audit,
    .audit_count = sq_audit_count,
};
