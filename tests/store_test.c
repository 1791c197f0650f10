/* store_test.c: the store test harness (store_test.h): fresh databases on the engine under
 * test, and engine-independent reads for the checks. */
#include "store_test.h"

#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/driver.h"
#include "tap.h"

#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Keeps the mark in the binary, where tests/run looks for it. */
const char store_test_mark[] = STORE_TEST_MARK;

/* A TAP diagnostic line (stdout, so that it stays next to the points it explains). */
static void tap_diag(const char *fmt, ...) ZF_PRINTF(1, 2);
static void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("# ", stdout);
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

static char *own_server; /* the URI of a server this program started */
static char tmpdir[64];
static char *targets[256];
static size_t ntargets;
static int serial;

const char *store_test_engine(void)
{
	/* a volatile read of the mark keeps it from being dropped by the linker */
	volatile char c = store_test_mark[0];
	(void)c;
	const char *e = getenv("ZF_TEST_ENGINE");
	return e && strcmp(e, "pg") == 0 ? "pg" : "sqlite";
}

bool store_test_is_pg(void)
{
	return strcmp(store_test_engine(), "pg") == 0;
}

static void cleanup(void)
{
	if (tmpdir[0]) {
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "store_test: could not remove %s\n", tmpdir);
		free(cmd);
	}
	for (size_t i = 0; i < ntargets; i++)
		free(targets[i]);
	if (own_server) {
		const char *root = getenv("ZF_ROOT");
		char *cmd = xasprintf("'%s/tests/pg/pg_stop' '%s' >/dev/null 2>&1",
				      root && *root ? root : ".", own_server);
		if (system(cmd) != 0)
			fprintf(stderr, "store_test: pg_stop failed\n");
		free(cmd);
		free(own_server);
	}
}

/* The server's URI: ZF_TEST_PG, or one started now (stopped at exit). */
static const char *pg_server(void)
{
	const char *env = getenv("ZF_TEST_PG");
	if (env && *env)
		return env;
	if (own_server)
		return own_server;
	const char *root = getenv("ZF_ROOT");
	char *cmd = xasprintf("'%s/tests/pg/pg_start' --watch %ld", root && *root ? root : ".",
			      (long)getpid());
	FILE *f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return NULL;
	char line[512] = "";
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	int rc = pclose(f);
	line[strcspn(line, "\n")] = '\0';
	if (rc != 0 || !line[0]) {
		tap_diag("tests/pg/pg_start failed (exit %d)", rc);
		return NULL;
	}
	own_server = xstrdup(line);
	return own_server;
}

/* uri with its database replaced by db: "postgresql://.../zftest?host=..." */
static char *with_dbname(const char *uri, const char *db)
{
	const char *scheme = strstr(uri, "://");
	const char *path = scheme ? strchr(scheme + 3, '/') : NULL;
	if (!path)
		return NULL;
	const char *q = strchr(path, '?');
	return xasprintf("%.*s/%s%s", (int)(path - uri), uri, db, q ? q : "");
}

static char *pg_target(const char *tag)
{
	const char *server = pg_server();
	if (!server)
		return NULL;
	char db[64];
	snprintf(db, sizeof(db), "zf_t%ld_%d", (long)getpid(), ++serial);
	PGconn *c = PQconnectdb(server);
	if (PQstatus(c) != CONNECTION_OK) {
		tap_diag("cannot connect to the test server: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	char *sql = xasprintf("DROP DATABASE IF EXISTS %s; ", db);
	PQclear(PQexec(c, sql));
	free(sql);
	sql = xasprintf("CREATE DATABASE %s ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
			" TEMPLATE template0",
			db);
	PGresult *r = PQexec(c, sql);
	free(sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		tap_diag("CREATE DATABASE %s (%s) failed: %s", db, tag, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? with_dbname(server, db) : NULL;
}

static char *sqlite_target(const char *tag)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/zf-store-test-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			tmpdir[0] = '\0';
			return NULL;
		}
	}
	char clean[32];
	size_t k = 0;
	for (const char *p = tag ? tag : "db"; *p && k + 1 < sizeof(clean); p++)
		clean[k++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_';
	clean[k] = '\0';
	return xasprintf("%s/%s-%d.db", tmpdir, clean, ++serial);
}

const char *store_test_target(const char *tag)
{
	static bool registered;
	if (!registered) {
		atexit(cleanup);
		registered = true;
	}
	if (ntargets == sizeof(targets) / sizeof(targets[0]))
		return NULL;
	char *t = store_test_is_pg() ? pg_target(tag) : sqlite_target(tag);
	if (t)
		targets[ntargets++] = t;
	return t;
}

struct store *store_test_open(const char *target)
{
	if (!target)
		return NULL;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(target, &st, &err) || store_migrate(st, NULL, &err)) {
		tap_diag("store_test_open: %s", buf_cstr(&err));
		store_close(st);
		st = NULL;
	}
	buf_free(&err);
	return st;
}

struct store *store_test_fresh(const char *tag)
{
	return store_test_open(store_test_target(tag));
}

long long store_test_int(struct store *st, const char *sql)
{
	long long v = -1;
	if (db_query_int(st, sql, &v))
		return -1;
	return v;
}

int store_test_dump(struct store *st, struct buf *out)
{
	return store_dump(st, out);
}
