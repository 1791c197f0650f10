/* db.c: the store front: opens a connection on the engine the target names (a
 * postgresql:// or postgres:// URI is PostgreSQL, anything else an SQLite file), runs the
 * migrations (schema.c) written once for both engines, nests write transactions, and pools
 * connections for the server. The areas (agencies.c, requests.c, auth.c, ...) write their
 * SQL once against driver.h. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"

#include <pthread.h>

/* Frees the statement cache (driver.c). */
void db_cache_clear(struct store *st);

bool store_target_is_pg(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
			  strncmp(target, "postgres://", 11) == 0);
}

/* Appends s[0..n) to out, or "***" when it is a password. */
static void add_part(struct buf *out, const char *s, size_t n, bool secret)
{
	if (secret)
		buf_adds(out, "***");
	else
		buf_add(out, s, n);
}

void store_target_redact(const char *target, struct buf *out)
{
	if (!store_target_is_pg(target)) {
		buf_adds(out, target ? target : "");
		return;
	}
	/* postgresql://[user[:password]@][host][:port][/dbname][?key=value&...] */
	const char *auth = strstr(target, "://") + 3;
	size_t alen = strcspn(auth, "/?");
	const char *at = NULL;
	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p; /* the last one: an unescaped '@' in a password comes before it */
	buf_add(out, target, (size_t)(auth - target));
	if (at) {
		size_t ulen = strcspn(auth, ":");
		if (auth + ulen < at) {
			buf_add(out, auth, ulen + 1);
			add_part(out, NULL, 0, true);
		} else {
			buf_add(out, auth, (size_t)(at - auth));
		}
		buf_add(out, at, alen - (size_t)(at - auth));
	} else {
		buf_add(out, auth, alen);
	}
	const char *rest = auth + alen;
	const char *q = strchr(rest, '?');
	if (!q) {
		buf_adds(out, rest);
		return;
	}
	buf_add(out, rest, (size_t)(q + 1 - rest));
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&");
		size_t klen = strcspn(p, "=&");
		bool secret = klen < len && klen == 8 && strncmp(p, "password", 8) == 0;
		buf_add(out, p, klen < len ? klen + 1 : len);
		if (klen < len)
			add_part(out, p + klen + 1, len - klen - 1, secret);
		p += len;
		if (*p == '&') {
			buf_addch(out, '&');
			p++;
		}
	}
}

int store_open(const char *target, struct store **out, struct buf *err)
{
	*out = NULL;
	if (!target || !*target) {
		if (err)
			buf_adds(err, "没有指定数据库");
		return ZF_EINVAL;
	}
	struct buf room = BUF_INIT;
	struct store *st = xcalloc(1, sizeof(*st));
	st->drv = store_target_is_pg(target) ? &db_driver_pg : &db_driver_sqlite;
	st->target = xstrdup(target);
	int rc = st->drv->open(st, target, err ? err : &room);
	buf_free(&room);
	if (rc) {
		free(st->target);
		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->depth || st->batch)
		st->drv->exec(st, "ROLLBACK");
	db_cache_clear(st);
	st->drv->close(st);
	free(st->target);
	free(st);
}

const char *store_backend(const struct store *st)
{
	return st->drv->name;
}

/* ---------------------------------------------------------------- migrations */

int store_schema_latest(const struct store *st)
{
	ZF_UNUSED(st);
	return (int)store_nmigrations;
}

/* The record of applied migrations, on both engines. */
static const char migrations_table[] = "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
				       "  version INTEGER PRIMARY KEY,\n"
				       "  name TEXT NOT NULL,\n"
				       "  applied_at TEXT NOT NULL\n"
				       ")";

int store_schema_version(struct store *st, int *version)
{
	long long v = 0;
	struct db_stmt *s;
	*version = 0;
	/* a database without the table is at version 0; asking the catalogue differs by engine */
	const char *sql = db_engine(st) == DB_PG
			      ? "SELECT count(*) FROM pg_tables WHERE schemaname ="
				" current_schema() AND tablename = 'schema_migrations'"
			      : "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
				" AND name = 'schema_migrations'";
	long long exists = 0;
	int rc = db_query_int(st, sql, &exists);
	if (rc || !exists)
		return rc;
	rc = db_prepare(st, "SELECT coalesce(max(version), 0) FROM schema_migrations", &s);
	if (rc)
		return rc;
	if ((rc = db_step(s)) == DB_ROW) {
		v = db_col_int(s, 0);
		rc = 0;
	}
	db_finish(s);
	*version = (int)v;
	return rc < 0 ? rc : 0;
}

/* Checks that the migrations this database records are ours, by name: a database made by
 * another program, or by an early build whose numbering differed, is refused. */
static int check_names(struct store *st, int version, struct buf *err)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT version, name FROM schema_migrations ORDER BY version", &s);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW) {
		long long v = db_col_int(s, 0);
		const char *name = db_col_text(s, 1);
		if (v < 1 || v > version || v > (long long)store_nmigrations)
			continue;
		if (!name || strcmp(name, store_migrations[v - 1].name) != 0) {
			buf_setf(err,
				 "数据库记录的第 %lld 版结构（“%s”）与本程序的（“%s”）不同："
				 "它不是由本版本的 zfxxgk 建立的，请换用新的空数据库，"
				 "或用 zfxxgk db copy 迁移",
				 v, name ? name : "", store_migrations[v - 1].name);
			rc = ZF_ESTATE;
			break;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_migrate(struct store *st, int *applied, struct buf *err)
{
	struct buf room = BUF_INIT;
	if (!err)
		err = &room;
	const int latest = (int)store_nmigrations;
	int count = 0, rc = 0;
	if (applied)
		*applied = 0;
	for (;;) {
		/* the writer lock: a second process migrating at the same time waits, then sees
		 * the version this one recorded */
		if (st->drv->begin_write(st)) {
			buf_setf(err, "无法开始迁移事务");
			rc = ZF_EDB;
			break;
		}
		int version = 0;
		if (db_exec(st, migrations_table) || store_schema_version(st, &version)) {
			st->drv->exec(st, "ROLLBACK");
			buf_setf(err, "无法读取数据库的结构版本");
			rc = ZF_EDB;
			break;
		}
		if (version > latest) {
			st->drv->exec(st, "ROLLBACK");
			buf_setf(err,
				 "数据库的结构版本（%d）比本程序支持的（%d）新，请升级 zfxxgk；"
				 "本程序不会把数据库降级",
				 version, latest);
			rc = ZF_ESTATE;
			break;
		}
		if ((rc = check_names(st, version, err))) {
			st->drv->exec(st, "ROLLBACK");
			if (rc != ZF_ESTATE)
				buf_setf(err, "无法读取数据库的迁移记录");
			break;
		}
		if (version == latest) {
			rc = db_exec(st, "COMMIT");
			break;
		}
		const struct store_migration *m = &store_migrations[version];
		struct db_stmt *s = NULL;
		char now[21];
		db_now(now);
		rc = db_exec_ddl(st, m->sql);
		if (!rc)
			rc = db_prepare(st,
					"INSERT INTO schema_migrations (version, name, applied_at)"
					" VALUES (?, ?, ?)",
					&s);
		if (!rc) {
			db_bind_int(s, 1, version + 1);
			db_bind_text(s, 2, m->name);
			db_bind_text(s, 3, now);
			rc = db_run(s);
		}
		if (!rc)
			rc = db_exec(st, "COMMIT");
		if (rc) {
			buf_setf(err, "数据库迁移 %d（%s）失败", version + 1, m->name);
			st->drv->exec(st, "ROLLBACK");
			rc = ZF_EDB;
			break;
		}
		log_info("migrated version=%d name=\"%s\" engine=%s", version + 1, m->name,
			 st->drv->name);
		count++;
	}
	if (applied)
		*applied = count;
	buf_free(&room);
	return rc;
}

int store_ping(struct store *st)
{
	long long one = 0;
	int rc = db_query_int(st, "SELECT 1", &one);
	return rc ? rc : (one == 1 ? 0 : ZF_EDB);
}

/* ---------------------------------------------------------------- transactions */

int store_batch_begin(struct store *st)
{
	if (st->batch || st->depth)
		BUG("store_batch_begin inside a transaction");
	int rc = st->drv->begin_write(st);
	if (!rc)
		st->batch = true;
	return rc;
}

int store_batch_commit(struct store *st)
{
	if (!st->batch)
		BUG("store_batch_commit without a batch");
	st->batch = false;
	int rc = db_exec(st, "COMMIT");
	if (rc)
		st->drv->exec(st, "ROLLBACK");
	return rc;
}

int store_batch_rollback(struct store *st)
{
	if (!st->batch)
		BUG("store_batch_rollback without a batch");
	st->batch = false;
	return st->drv->exec(st, "ROLLBACK");
}

/* A write outside any transaction opens one that takes the writer lock at once (SQLite
 * BEGIN IMMEDIATE, PostgreSQL an advisory lock), so two writers never interleave a
 * read-then-write; inside a transaction it is a savepoint. */
int store_write_begin(struct store *st)
{
	bool own = !st->batch && st->depth == 0;
	if (st->depth >= 64)
		BUG("savepoints nested %u deep", st->depth);
	if (own && st->drv->begin_write(st))
		return ZF_EDB;
	if (db_exec(st, "SAVEPOINT zf_write")) {
		if (own)
			st->drv->exec(st, "ROLLBACK");
		return ZF_EDB;
	}
	st->own = (st->own << 1) | (own ? 1u : 0u);
	st->depth++;
	return 0;
}

/* Pops the innermost savepoint's flag: true when it owns its transaction. */
static bool pop_own(struct store *st)
{
	if (st->depth == 0)
		BUG("store_write_end without store_write_begin");
	bool own = st->own & 1u;
	st->own >>= 1;
	st->depth--;
	return own;
}

static int write_undo(struct store *st)
{
	bool own = pop_own(st);
	if (own)
		return st->drv->exec(st, "ROLLBACK");
	return st->drv->exec(st, "ROLLBACK TO zf_write; RELEASE zf_write");
}

int store_write_end(struct store *st, int rc)
{
	if (rc) {
		write_undo(st);
		return rc;
	}
	if (db_exec(st, "RELEASE zf_write")) {
		write_undo(st);
		return ZF_EDB;
	}
	if (pop_own(st) && db_exec(st, "COMMIT")) {
		st->drv->exec(st, "ROLLBACK");
		return ZF_EDB;
	}
	return 0;
}

struct store_pool {
	char *target;
	size_t size;  /* most connections at once */
	size_t count; /* connections that exist or are being opened */
	size_t nidle;
	struct store **idle;
	pthread_mutex_t lock;
	pthread_cond_t returned;
};

struct store_pool *store_pool_new(const char *target, size_t size)
{
	struct store_pool *p = xcalloc(1, sizeof(*p));
	p->target = xstrdup(target);
	p->size = size ? size : 1;
	p->idle = xcalloc(p->size, sizeof(*p->idle));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->returned, NULL);
	return p;
}

void store_pool_free(struct store_pool *p)
{
	if (!p)
		return;
	if (p->count != p->nidle)
		BUG("store pool freed with %zu connections in use", p->count - p->nidle);
	for (size_t i = 0; i < p->nidle; i++)
		store_close(p->idle[i]);
	pthread_cond_destroy(&p->returned);
	pthread_mutex_destroy(&p->lock);
	free(p->idle);
	free(p->target);
	free(p);
}

struct store *store_pool_get(struct store_pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->nidle == 0 && p->count >= p->size)
		pthread_cond_wait(&p->returned, &p->lock);
	if (p->nidle > 0) {
		struct store *st = p->idle[--p->nidle];
		pthread_mutex_unlock(&p->lock);
		return st;
	}
	p->count++; /* reserve a slot, open outside the lock */
	pthread_mutex_unlock(&p->lock);

	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int rc = store_open(p->target, &st, &err);
	if (rc) {
		struct buf shown = BUF_INIT;
		store_target_redact(p->target, &shown);
		log_error("store open failed target=\"%s\" error=\"%s\"", buf_cstr(&shown),
			  buf_cstr(&err));
		buf_free(&shown);
		pthread_mutex_lock(&p->lock);
		p->count--;
		pthread_cond_signal(&p->returned);
		pthread_mutex_unlock(&p->lock);
	}
	buf_free(&err);
	return st;
}

void store_pool_put(struct store_pool *p, struct store *st, bool broken)
{
	if (!st)
		return;
	bool dead = store_broken(st); /* the connection itself is gone, not just one statement */
	broken = broken || dead;
	if (broken)
		store_close(st);
	struct store **stale = NULL;
	size_t nstale = 0;
	pthread_mutex_lock(&p->lock);
	if (broken) {
		p->count--;
		/* the database went away (a restart, a failover): the idle connections are as dead
		 * as this one, so they go too, and the next request opens a fresh one instead of
		 * meeting each dead one in turn */
		if (dead && p->nidle) {
			stale = p->idle;
			nstale = p->nidle;
			p->idle = xcalloc(p->size, sizeof(*p->idle));
			p->count -= p->nidle;
			p->nidle = 0;
		}
	} else {
		p->idle[p->nidle++] = st;
	}
	pthread_cond_broadcast(&p->returned);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < nstale; i++)
		store_close(stale[i]);
	free(stale);
}
