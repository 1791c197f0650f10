/* test_store.c: the store on the engine under test (store_test.h: SQLite, then PostgreSQL):
 * opening, migrations, constraints, the agency tree, the append-only audit log, the demo
 * agencies, the pool. */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

static char dir[] = "/tmp/zf-test-store-XXXXXX";

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void test_open_errors(void)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	char *missing = xasprintf("%s/no-such-dir/x.db", dir);
	tap_int(store_open(missing, &st, &err), ZF_ENOENT, "missing directory is refused");
	tap_ok(strstr(buf_cstr(&err), "不存在") != NULL, "with a clear message: %s",
	       buf_cstr(&err));
	tap_ok(st == NULL, "and no handle");
	buf_reset(&err);
	tap_int(store_open("postgresql://zf@/zf?host=/nonexistent", &st, &err), ZF_EDB,
		"an unreachable PostgreSQL server is refused");
	buf_reset(&err);
	char *junk = path_in("junk.db");
	FILE *f = fopen(junk, "w");
	fputs("this is not a database, just some text that is long enough.\n", f);
	for (int i = 0; i < 100; i++)
		fputs("more text more text more text more text\n", f);
	fclose(f);
	tap_int(store_open(junk, &st, &err), ZF_EDB, "a file that is not a database is refused");
	buf_free(&err);
	free(junk);
	free(missing);
}

static bool has(const struct buf *b, const char *s)
{
	return strstr(buf_cstr(b), s) != NULL;
}

/* A PostgreSQL target's password never shows in messages (on either engine's run). */
static void test_redact(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"postgresql://zf:s3cret@db.example:5432/zf?sslmode=require",
	     "postgresql://zf:***@db.example:5432/zf?sslmode=require"},
	    {"postgres://zf@db/zf?password=s3cret&application_name=x",
	     "postgres://zf@db/zf?password=***&application_name=x"},
	    {"postgresql://a:p@ss@h/db", "postgresql://a:***@h/db"},
	    {"postgresql:///zf?host=/tmp/x&user=zf", "postgresql:///zf?host=/tmp/x&user=zf"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct store *st = NULL;
		struct buf err = BUF_INIT;
		char *target = xasprintf("%s%sconnect_timeout=1&host=/nonexistent-zf", cases[i].in,
					 strchr(cases[i].in, '?') ? "&" : "?");
		int rc = store_open(target, &st, &err);
		tap_ok(rc < 0 && !has(&err, "s3cret") && !has(&err, "p@ss") &&
			   has(&err, "PostgreSQL 数据库") && has(&err, cases[i].out),
		       "error without the password: %s", buf_cstr(&err));
		free(target);
		buf_free(&err);
	}
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	tap_int(store_open("postgresql://zf:pw-secret@[oops", &st, &err), ZF_EINVAL,
		"a malformed URI with a password");
	tap_ok(has(&err, "格式不对") && !has(&err, "pw-secret"), "does not show it: %s",
	       buf_cstr(&err));
	buf_free(&err);
}

struct migrate_arg {
	const char *target;
	int rc, applied;
};

static void *migrate_thread(void *p)
{
	struct migrate_arg *m = p;
	struct store *st = NULL;
	m->rc = store_open(m->target, &st, NULL);
	if (!m->rc)
		m->rc = store_migrate(st, &m->applied, NULL);
	store_close(st);
	return NULL;
}

/* Two connections migrating one empty database at once: one applies, one waits. */
static void test_migration_race(void)
{
	const char *target = store_test_target("race");
	if (!target)
		return;
	struct migrate_arg a = {target, -1, -1}, b = {target, -1, -1};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, migrate_thread, &a);
	pthread_create(&tb, NULL, migrate_thread, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	tap_ok(a.rc == 0 && b.rc == 0, "concurrent migrations both succeed (%d, %d)", a.rc, b.rc);
	struct store *st = store_test_open(target);
	tap_int(a.applied + b.applied, st ? store_schema_latest(st) : -1,
		"and apply each migration once");
	store_close(st);
}

static void test_migrations(const char *target)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int version = -1, applied = -1;
	tap_int(store_open(target, &st, &err), 0, "open a new database: %s", buf_cstr(&err));
	if (!st)
		return;
	tap_str(store_backend(st), store_test_is_pg() ? "postgresql" : "sqlite",
		"the backend is the engine under test");
	tap_int(store_schema_version(st, &version), 0, "schema version of a new database");
	tap_int(version, 0, "is 0");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate: %s", buf_cstr(&err));
	tap_int(applied, store_schema_latest(st), "applies every migration");
	store_schema_version(st, &version);
	tap_int(version, store_schema_latest(st), "version is now the latest");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate again");
	tap_int(applied, 0, "applies nothing the second time");
	tap_int(store_ping(st), 0, "ping answers");
	int latest = store_schema_latest(st);
	tap_int(store_test_int(st, "SELECT count(*) FROM schema_migrations"), latest,
		"schema_migrations has one row per migration");
	store_close(st);

	tap_int(store_open(target, &st, &err), 0, "reopen");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate after reopening");
	tap_int(applied, 0, "still applies nothing");
	/* a database newer than the program */
	store_test_int(st, "INSERT INTO schema_migrations (version, name, applied_at)"
			   " VALUES (999, 'future', '2099-01-01') RETURNING version");
	buf_reset(&err);
	tap_int(store_migrate(st, NULL, &err), ZF_ESTATE, "a database newer than the program");
	tap_ok(strstr(buf_cstr(&err), "升级") != NULL, "is refused with advice: %s",
	       buf_cstr(&err));
	store_test_int(st, "DELETE FROM schema_migrations WHERE version = 999 RETURNING version");
	tap_int(store_migrate(st, NULL, &err), 0, "back to this program's version");
	store_close(st);
	buf_free(&err);

	if (!store_test_is_pg()) {
		/* really about SQLite: the file's journal mode */
		sqlite3 *db;
		sqlite3_open(target, &db);
		sqlite3_stmt *stmt;
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL);
		sqlite3_step(stmt);
		tap_str((const char *)sqlite3_column_text(stmt, 0), "wal",
			"the file is in WAL mode");
		sqlite3_finalize(stmt);
		sqlite3_close(db);
	}
}

static void test_agencies(struct store *st)
{
	long long gov = 0, dept = 0, town = 0, count = -1;
	tap_int(store_agency_add(st, 0, "甲市人民政府", AGENCY_GOVERNMENT, &gov), 0, "add a root");
	tap_int(store_agency_add(st, 999999, "孤儿局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"an unknown parent is refused");
	tap_int(store_agency_add(st, gov, "甲市教育局", AGENCY_DEPARTMENT, &dept), 0,
		"add a department");
	tap_int(store_agency_add(st, gov, "甲市教育局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"the same name twice under one parent is refused");
	tap_int(store_agency_add(st, 0, "乙市人民政府", AGENCY_GOVERNMENT, NULL), 0,
		"add a second root");
	tap_int(store_agency_add(st, gov, "甲镇人民政府", AGENCY_TOWN, &town), 0, "add a town");
	tap_int(store_agency_add(st, gov, "", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"empty name is refused");
	tap_int(store_agency_add(st, gov, "\xff\xfe", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"invalid UTF-8 name is refused");
	long long sub = 0;
	tap_int(store_agency_add(st, dept, "甲市教育局办公室", AGENCY_OTHER, &sub), 0,
		"add a grandchild");
	store_agency_count(st, &count);
	tap_int(count, 5, "five agencies");

	struct arena *a = arena_new(0);
	struct agency *list = NULL;
	size_t n = 0;
	tap_int(store_agency_list(st, a, &list, &n), 0, "list agencies");
	tap_ok(n == 5 && strcmp(list[0].name, "甲市人民政府") == 0 && list[0].depth == 0 &&
		   strcmp(list[1].name, "甲市教育局") == 0 && list[1].depth == 1 &&
		   list[1].parent_id == gov && strcmp(list[2].name, "甲市教育局办公室") == 0 &&
		   list[2].depth == 2 && strcmp(list[3].name, "甲镇人民政府") == 0 &&
		   list[3].kind == AGENCY_TOWN && strcmp(list[4].name, "乙市人民政府") == 0 &&
		   list[4].depth == 0,
	       "listed in tree order with depths");
	arena_free(a);

	long long *ids = NULL;
	size_t nids = 0;
	tap_int(store_agency_subtree(st, gov, true, &ids, &nids), 0, "subtree");
	tap_int((long long)nids, 4, "the government and the three below it");
	free(ids);
	tap_int(store_agency_subtree(st, gov, false, &ids, &nids), 0, "without subordinates");
	tap_ok(nids == 1 && ids[0] == gov, "the government alone");
	free(ids);
	bool exists = true;
	tap_ok(!store_agency_exists(st, 424242, &exists) && !exists,
	       "an unknown id does not exist");
	tap_ok(!store_agency_exists(st, town, &exists) && exists, "a known one does");

	char *sql = xasprintf("DELETE FROM agencies WHERE id = %lld RETURNING id", gov);
	tap_int(store_test_int(st, sql), -1,
		"the schema keeps a parent with children from being deleted");
	free(sql);
	store_agency_count(st, &count);
	tap_int(count, 5, "still five agencies");
}

static void test_batch(struct store *st)
{
	long long before = 0, after = 0;
	store_agency_count(st, &before);
	tap_int(store_batch_begin(st), 0, "a batch");
	tap_int(store_agency_add(st, 0, "丙市人民政府", AGENCY_GOVERNMENT, NULL), 0, "add in it");
	tap_int(store_agency_add(st, 0, "丙县人民政府", AGENCY_GOVERNMENT, NULL), 0, "and another");
	tap_int(store_agency_add(st, 999999, "孤儿局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"a refused add inside the batch");
	tap_int(store_audit(st, "张三", "agency.add", "agency:x", "批量"), 0,
		"the batch goes on after the refusal");
	tap_int(store_batch_commit(st), 0, "commit");
	store_agency_count(st, &after);
	tap_int(after - before, 2, "both adds were kept");
}

static void test_audit_log(struct store *st)
{
	long long before = 0, after = 0;
	store_audit_count(st, &before);
	tap_int(store_audit(st, "张三", "agency.add", "agency:1", "新增机关"), 0,
		"append to audit log");
	tap_int(store_audit(st, "", "x", NULL, NULL), ZF_EINVAL, "an audit line needs an actor");
	store_audit_count(st, &after);
	tap_int(after, before + 1, "one more line");
	tap_int(store_test_int(st, "UPDATE audit_log SET actor = '李四' RETURNING id"), -1,
		"audit_log refuses UPDATE");
	tap_int(store_test_int(st, "DELETE FROM audit_log RETURNING id"), -1,
		"audit_log refuses DELETE");
	store_audit_count(st, &after);
	tap_int(after, before + 1, "the log is unchanged");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE actor = '李四'"), 0,
		"and no line was rewritten");
}

static void test_demo_seed(void)
{
	struct store *st = store_test_fresh("demo");
	if (!st)
		return;
	bool seeded = false;
	long long count = 0, audits = 0;
	tap_int(demo_seed_agencies(st, &seeded), 0, "seed demo data");
	tap_ok(seeded, "into an empty database");
	store_agency_count(st, &count);
	tap_int(count, 3, "a district government and two departments");
	store_audit_count(st, &audits);
	tap_int(audits, 1, "seeding is audited");
	tap_int(demo_seed_agencies(st, &seeded), 0, "seed again");
	tap_ok(!seeded, "does nothing when agencies exist");
	store_agency_count(st, &count);
	tap_int(count, 3, "still three agencies");
	struct arena *a = arena_new(0);
	struct agency *list;
	size_t n;
	store_agency_list(st, a, &list, &n);
	tap_str(n ? list[0].name : NULL, "示例区人民政府", "the root is 示例区人民政府");
	arena_free(a);
	store_close(st);
}

static void test_pool(const char *target)
{
	struct store_pool *pool = store_pool_new(target, 2);
	struct store *a = store_pool_get(pool);
	struct store *b = store_pool_get(pool);
	tap_ok(a && b && a != b, "pool hands out two distinct connections");
	store_pool_put(pool, a, false);
	struct store *c = store_pool_get(pool);
	tap_ok(c == a, "a returned connection is reused");
	store_pool_put(pool, b, true);
	struct store *d = store_pool_get(pool);
	tap_ok(d && store_ping(d) == 0, "a broken connection is replaced by a new one");
	store_pool_put(pool, c, false);
	store_pool_put(pool, d, false);
	store_pool_free(pool);

	char *missing = xasprintf("%s/gone/x.db", dir);
	pool = store_pool_new(missing, 1);
	tap_ok(store_pool_get(pool) == NULL, "pool over an unreachable database gives NULL");
	tap_ok(store_pool_get(pool) == NULL, "and again, without leaking its slot");
	store_pool_free(pool);
	free(missing);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	printf("# engine: %s\n", store_test_engine());
	test_open_errors();
	test_redact();
	test_migration_race();
	const char *target = store_test_target("main");
	if (target) {
		test_migrations(target);
		struct store *st = store_test_open(target);
		if (st) {
			test_agencies(st);
			test_batch(st);
			test_audit_log(st);
			store_close(st);
		}
		test_pool(target);
	}
	test_demo_seed();
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_ok(false, "remove %s", dir);
	free(cmd);
	return tap_done();
}
