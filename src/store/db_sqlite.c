/* db_sqlite.c: transitional. The SQLite statement helpers (sqlite_int.h) the areas not yet
 * ported to the driver still use. The request core (agencies.c, requests.c, reviews.c) runs
 * on the driver for both engines, so the request shim that lived here is gone; the legacy
 * hooks db.c calls do nothing. Delete this file with the last sqlite_handle() caller. */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "log.h"
#include "store_int.h"

#include <sqlite3.h>

#include "sqlite_int.h"

int sqlite_exec(sqlite3 *db, const char *sql)
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

int sqlite_query_int(sqlite3 *db, const char *sql, long long *out)
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

int sqlite_step_error(sqlite3 *db, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		log_debug("sqlite constraint=\"%s\"", sqlite3_errmsg(db));
		return ZF_EINVAL;
	}
	log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
	return ZF_EDB;
}

void sqlite_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

void sqlite_bind_day(sqlite3_stmt *stmt, int i, zf_day d)
{
	if (!d) {
		sqlite3_bind_null(stmt, i);
		return;
	}
	struct ymd t = date_to_ymd(d);
	if (t.y < 0 || t.y > 9999) {
		char day[11];
		sqlite3_bind_text(stmt, i, date_format(d, day), 10, SQLITE_TRANSIENT);
		return;
	}
	char day[10] = {(char)('0' + t.y / 1000),
			(char)('0' + t.y / 100 % 10),
			(char)('0' + t.y / 10 % 10),
			(char)('0' + t.y % 10),
			'-',
			(char)('0' + t.m / 10),
			(char)('0' + t.m % 10),
			'-',
			(char)('0' + t.d / 10),
			(char)('0' + t.d % 10)};
	sqlite3_bind_text(stmt, i, day, 10, SQLITE_TRANSIENT);
}

zf_day sqlite_col_day(sqlite3_stmt *stmt, int i)
{
	const char *t = (const char *)sqlite3_column_text(stmt, i);
	zf_day d = 0;
	if (!t || date_parse(str_c(t), &d))
		return 0;
	return d;
}

const char *sqlite_col_str(sqlite3_stmt *stmt, struct arena *a, int i)
{
	const char *t = (const char *)sqlite3_column_text(stmt, i);
	return t ? arena_strdup(a, t) : NULL;
}

int sqlite_step_done(sqlite3 *db, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);
	rc = rc == SQLITE_DONE ? 0 : sqlite_step_error(db, rc);
	sqlite3_finalize(stmt);
	return rc;
}

int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt)
{
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	return 0;
}

/* Declared by db.c, which calls them on open and close. */
void store_legacy_attach(struct store *st);
void store_legacy_free(struct store *st);

void store_legacy_attach(struct store *st)
{
	ZF_UNUSED(st);
}

void store_legacy_free(struct store *st)
{
	ZF_UNUSED(st);
}
