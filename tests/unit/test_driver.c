/* test_driver.c: the narrow driver (store/driver.h) and the store front (db.h) on the engine
 * under test (tests/run runs this on SQLite and on PostgreSQL): placeholders, types, NULLs,
 * errors, nested writes, the writer lock between connections, migrations, the dump. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/driver.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>

static void test_translate(void)
{
	/* db_translate_params is private to the store; its behaviour shows through prepare */
	struct store *st = store_test_fresh("translate");
	if (!tap_ok(st != NULL, "fresh store on %s", store_test_engine()))
		return;
	struct db_stmt *s;
	tap_int(db_prepare(st, "SELECT CAST(? AS BIGINT) + CAST(? AS BIGINT), '?', 'it''s ?'", &s),
		0, "prepare with ? inside literals");
	db_bind_int(s, 1, 40);
	db_bind_int(s, 2, 2);
	tap_int(db_step(s), DB_ROW, "one row");
	tap_int(db_col_int(s, 0), 42, "both parameters bound in order");
	tap_str(db_col_text(s, 1), "?", "a ? inside a literal stays");
	tap_str(db_col_text(s, 2), "it's ?", "an escaped quote stays");
	tap_int(db_step(s), DB_DONE, "then done");
	db_finish(s);

	tap_int(
	    db_prepare(st, "SELECT CAST(?2 AS TEXT) || CAST(?1 AS TEXT) || CAST(?2 AS TEXT)", &s),
	    0, "numbered placeholders");
	tap_int(db_param_count(s), 2, "two parameters");
	db_bind_text(s, 1, "中");
	db_bind_text(s, 2, "文");
	tap_ok(db_step(s) == DB_ROW && strcmp(db_col_text(s, 0), "文中文") == 0,
	       "?2 used twice: %s", db_col_text(s, 0) ? db_col_text(s, 0) : "(null)");
	db_finish(s);
	s = NULL;
	tap_ok(db_prepare(st, "SELECT ?, ?1", &s) != 0, "mixing ? and ?N refused");
	db_finish(s);
	store_close(st);
}

static void test_types(void)
{
	struct store *st = store_test_fresh("types");
	if (!st)
		return;
	tap_int(db_exec_ddl(st, "CREATE TABLE t (id {ID}, n INTEGER, r REAL, s TEXT, b BLOB,"
				" d TEXT, at TEXT NOT NULL DEFAULT {NOW}, UNIQUE (s))"),
		0, "portable DDL runs");
	struct db_stmt *s;
	tap_int(
	    db_prepare(st, "INSERT INTO t (n, r, s, b, d) VALUES (?, ?, ?, ?, ?) RETURNING id", &s),
	    0, "insert with RETURNING");
	static const unsigned char blob[] = {0, 1, 2, 0xff, '\\', 'x'};
	db_bind_int(s, 1, 9007199254740993LL);
	db_bind_double(s, 2, 2.5);
	db_bind_text(s, 3, "政府信息公开");
	db_bind_blob(s, 4, blob, sizeof(blob));
	db_bind_day(s, 5, date_from_ymd(2026, 2, 10));
	tap_int(db_step(s), DB_ROW, "RETURNING gives a row");
	long long id = db_col_int(s, 0);
	tap_int(id, 1, "the first id is 1");
	tap_int(db_step(s), DB_DONE, "then done");
	tap_int(db_changes(s), 1, "one row changed");
	db_finish(s);

	tap_int(db_prepare(st, "INSERT INTO t (n, s) VALUES (?, ?) RETURNING id", &s), 0, "again");
	db_bind_null(s, 1);
	db_bind_text(s, 2, NULL);
	tap_int(db_step(s), DB_ROW, "NULLs inserted");
	tap_int(db_col_int(s, 0), 2, "the next id is 2");
	db_finish(s);

	tap_int(
	    db_prepare(st, "SELECT n, r, s, b, d, at, id = 1, length(s) FROM t ORDER BY id", &s), 0,
	    "select");
	tap_int(db_step(s), DB_ROW, "row 1");
	tap_int(db_col_int(s, 0), 9007199254740993LL, "64-bit integer");
	tap_ok(db_col_double(s, 1) == 2.5, "real");
	tap_str(db_col_text(s, 2), "政府信息公开", "UTF-8 text");
	size_t n = 0;
	const void *p = db_col_blob(s, 3, &n);
	tap_ok(n == sizeof(blob) && p && memcmp(p, blob, n) == 0,
	       "blob with NUL and \\x: %zu bytes", n);
	tap_int(db_col_day(s, 4), date_from_ymd(2026, 2, 10), "day");
	const char *at = db_col_text(s, 5);
	tap_ok(at && strlen(at) == 20 && at[10] == 'T' && at[19] == 'Z', "{NOW} default: %s",
	       at ? at : "(null)");
	tap_int(db_col_int(s, 6), 1, "a comparison reads as 1");
	tap_int(db_col_int(s, 7), 6, "length counts characters");
	tap_int(db_step(s), DB_ROW, "row 2");
	tap_ok(db_col_null(s, 0) && db_col_null(s, 2) && db_col_text(s, 2) == NULL, "NULLs read");
	tap_int(db_col_int(s, 0), 0, "NULL reads as 0");
	tap_int(db_col_day(s, 4), 0, "NULL day is 0");
	tap_int(db_step(s), DB_DONE, "done");
	db_finish(s);

	/* a unique violation: the caller's input, told apart from other constraints */
	tap_int(db_prepare(st, "INSERT INTO t (s) VALUES (?)", &s), 0, "prepare insert");
	db_bind_text(s, 1, "政府信息公开");
	tap_int(db_step(s), ZF_EINVAL, "duplicate is ZF_EINVAL");
	tap_ok(db_unique_violation(s), "and a unique violation");
	db_finish(s);
	tap_int(db_exec_ddl(st, "CREATE TABLE c (x INTEGER CHECK (x > 0))"), 0, "check table");
	tap_int(db_prepare(st, "INSERT INTO c (x) VALUES (?)", &s), 0, "prepare");
	db_bind_int(s, 1, -1);
	tap_int(db_step(s), ZF_EINVAL, "check violation is ZF_EINVAL");
	tap_ok(!db_unique_violation(s), "not a unique violation");
	db_finish(s);

	/* UPDATE counts and re-running a statement */
	tap_int(db_prepare(st, "UPDATE t SET n = coalesce(n, 0) + ? WHERE id >= ?", &s), 0,
		"update");
	db_bind_int(s, 1, 1);
	db_bind_int(s, 2, 1);
	tap_int(db_step(s), DB_DONE, "update runs");
	tap_int(db_changes(s), 2, "two rows changed");
	db_bind_int(s, 2, 2);
	tap_int(db_step(s), DB_DONE, "runs again with a new binding");
	tap_int(db_changes(s), 1, "one row changed");
	db_finish(s);

	/* the statement cache hands out a second statement while the first is in use */
	struct db_stmt *a, *b;
	tap_int(db_prepare(st, "SELECT id FROM t ORDER BY id", &a), 0, "outer");
	tap_int(db_step(a), DB_ROW, "outer row");
	tap_int(db_prepare(st, "SELECT id FROM t ORDER BY id", &b), 0, "same text, nested");
	tap_ok(a != b, "a different statement");
	tap_int(db_step(b), DB_ROW, "inner row");
	tap_int(db_step(b), DB_ROW, "inner row 2");
	tap_int(db_col_int(a, 0), 1, "outer row intact");
	db_finish(b);
	db_finish(a);

	/* more distinct texts than the cache holds: the oldest make room, results stay right */
	bool all_right = true;
	for (int i = 0; i < 300; i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT CAST(? AS BIGINT) + %d", i % 150);
		struct db_stmt *q;
		if (db_prepare(st, sql, &q)) {
			all_right = false;
			break;
		}
		db_bind_int(q, 1, 1000);
		all_right = all_right && db_step(q) == DB_ROW && db_col_int(q, 0) == 1000 + i % 150;
		db_finish(q);
	}
	tap_ok(all_right, "300 statements of 150 texts through the statement cache");

	long long v = 0;
	tap_int(db_query_int(st, "SELECT count(*) FROM t WHERE s IS NULL", &v), 0, "query_int");
	tap_int(v, 1, "count");
	tap_int(db_query_int(st, "SELECT id FROM t WHERE id > 100", &v), ZF_ENOENT, "no row");
	tap_ok(db_exec(st, "SELECT no_such_column FROM t") != 0, "a bad statement fails");
	tap_int(store_ping(st), 0, "still usable after an error");
	store_close(st);
}

static void test_nested_writes(void)
{
	struct store *st = store_test_fresh("nested");
	if (!st)
		return;
	long long id = 0, count = 0;
	tap_int(store_agency_add(st, 0, "示例市人民政府", AGENCY_GOVERNMENT, &id), 0, "agency");
	tap_int(store_batch_begin(st), 0, "batch");
	tap_int(store_agency_add(st, id, "甲局", AGENCY_DEPARTMENT, NULL), 0, "inside the batch");
	tap_int(store_agency_add(st, id, "甲局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"duplicate refused inside the batch");
	tap_int(store_agency_add(st, id, "乙局", AGENCY_DEPARTMENT, NULL), 0,
		"the batch goes on after a refused write");
	tap_int(store_batch_commit(st), 0, "commit");
	tap_int(store_agency_count(st, &count), 0, "count");
	tap_int(count, 3, "both departments kept, the duplicate not");

	tap_int(store_batch_begin(st), 0, "batch 2");
	tap_int(store_agency_add(st, id, "丙局", AGENCY_DEPARTMENT, NULL), 0, "add");
	tap_int(store_batch_rollback(st), 0, "rollback");
	store_agency_count(st, &count);
	tap_int(count, 3, "rolled back");

	struct arena *a = arena_new(0);
	struct agency *list;
	size_t n = 0;
	tap_int(store_agency_list(st, a, &list, &n), 0, "list");
	tap_ok(n == 3 && list[0].depth == 0 && list[1].depth == 1 &&
		   strcmp(list[1].name, "甲局") == 0 && strcmp(list[2].name, "乙局") == 0,
	       "tree order, depths");
	arena_free(a);

	/* the audit log is append-only on both engines */
	tap_int(store_audit(st, "tester", "test.audit", "x", "y"), 0, "audit line");
	tap_int(db_exec(st, "UPDATE audit_log SET actor = 'x'"), ZF_EINVAL, "update refused");
	tap_int(db_exec(st, "DELETE FROM audit_log"), ZF_EINVAL, "delete refused");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log"), 1, "the line is still there");
	store_close(st);
}

struct counter_job {
	const char *target;
	int rounds;
	int failures;
	long long seen[100];
};

/* Takes numbers from a counter with a read-then-write inside one write: only the writer
 * lock keeps two connections from reading the same value. */
static void *counter_worker(void *arg)
{
	struct counter_job *j = arg;
	struct store *st = NULL;
	if (store_open(j->target, &st, NULL)) {
		j->failures = j->rounds;
		return NULL;
	}
	for (int i = 0; i < j->rounds; i++) {
		long long v = -1;
		int rc = store_write_begin(st);
		if (!rc)
			rc = db_query_int(st, "SELECT n FROM counter", &v);
		struct db_stmt *s = NULL;
		if (!rc)
			rc = db_prepare(st, "UPDATE counter SET n = ?", &s);
		if (!rc) {
			db_bind_int(s, 1, v + 1);
			rc = db_run(s);
		}
		rc = store_write_end(st, rc);
		if (rc)
			j->failures++;
		else
			j->seen[i] = v + 1;
	}
	store_close(st);
	return NULL;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void test_writer_lock(void)
{
	const char *target = store_test_target("lock");
	struct store *st = store_test_open(target);
	if (!st)
		return;
	tap_int(db_exec_ddl(st, "CREATE TABLE counter (n INTEGER NOT NULL);"
				" INSERT INTO counter VALUES (0)"),
		0, "counter");
	struct counter_job jobs[2] = {{target, 50, 0, {0}}, {target, 50, 0, {0}}};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, counter_worker, &jobs[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	tap_int(jobs[0].failures + jobs[1].failures, 0, "no write failed");
	long long all[100];
	memcpy(all, jobs[0].seen, 50 * sizeof(long long));
	memcpy(all + 50, jobs[1].seen, 50 * sizeof(long long));
	qsort(all, 100, sizeof(all[0]), cmp_ll);
	bool consecutive = true;
	for (int i = 0; i < 100; i++)
		consecutive = consecutive && all[i] == i + 1;
	tap_ok(consecutive, "two connections took 1..100, each once, none skipped");
	tap_int(store_test_int(st, "SELECT n FROM counter"), 100, "the counter is 100");
	store_close(st);
}

static void test_migrations(void)
{
	const char *target = store_test_target("migrate");
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (!tap_int(store_open(target, &st, &err), 0, "open: %s", buf_cstr(&err)))
		return;
	int applied = -1, version = -1;
	tap_int(store_schema_version(st, &version), 0, "version of an empty database");
	tap_int(version, 0, "is 0");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate: %s", buf_cstr(&err));
	tap_int(applied, store_schema_latest(st), "every migration applied");
	tap_int(store_migrate(st, &applied, &err), 0, "again");
	tap_int(applied, 0, "nothing the second time");

	/* a database from a newer program is refused, not migrated down */
	struct db_stmt *s;
	db_prepare(st, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		   &s);
	db_bind_int(s, 1, store_schema_latest(st) + 1);
	db_bind_text(s, 2, "from the future");
	db_bind_text(s, 3, "2030-01-01T00:00:00Z");
	tap_int(db_run(s), 0, "pretend a newer program migrated it");
	buf_reset(&err);
	tap_int(store_migrate(st, &applied, &err), ZF_ESTATE, "newer schema refused");
	tap_ok(strstr(buf_cstr(&err), "新") != NULL, "says so: %s", buf_cstr(&err));
	tap_int(store_test_int(st, "SELECT count(*) FROM schema_migrations"),
		store_schema_latest(st) + 1, "nothing was undone");
	db_exec(st, "DELETE FROM schema_migrations WHERE name = 'from the future'");

	/* a database whose record names other migrations is refused */
	db_exec(st, "UPDATE schema_migrations SET name = 'someone else' WHERE version = 2");
	buf_reset(&err);
	tap_int(store_migrate(st, &applied, &err), ZF_ESTATE, "foreign migration record refused");
	tap_ok(strstr(buf_cstr(&err), "someone else") != NULL, "names it: %s", buf_cstr(&err));
	store_close(st);
	buf_free(&err);
}

static void test_dump(void)
{
	struct store *st = store_test_fresh("dump");
	if (!st)
		return;
	long long gov = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	struct buf before = BUF_INIT, after = BUF_INIT;
	tap_int(store_dump(st, &before), 0, "dump");
	tap_ok(strstr(buf_cstr(&before), "-- agencies (1)\n1\t\\N\t示例区人民政府\tgovernment\t") !=
		   NULL,
	       "the agency row, NULL parent as \\N");
	tap_int(store_agency_add(st, 99, "无上级", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"unknown parent refused");
	tap_int(store_dump(st, &after), 0, "dump again");
	tap_str(buf_cstr(&after), buf_cstr(&before), "the refused write changed nothing");
	buf_free(&before);
	buf_free(&after);
	store_close(st);
}

static void test_bad_targets(void)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	tap_int(store_open("postgresql://nobody@127.0.0.1:1/zf?connect_timeout=2", &st, &err),
		ZF_EDB, "unreachable server");
	tap_ok(strstr(buf_cstr(&err), "无法连接") != NULL && !strchr(buf_cstr(&err), '\n'),
	       "one Chinese line: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_open("postgresql://u:secret@127.0.0.1:1/zf?connect_timeout=2", &st, &err),
		ZF_EDB, "unreachable server with a password");
	tap_ok(strstr(buf_cstr(&err), "secret") == NULL, "the password is not shown: %s",
	       buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_open("postgresql://[::1/zf", &st, &err), ZF_EINVAL, "malformed URI");
	tap_ok(strstr(buf_cstr(&err), "格式不对") != NULL, "says so: %s", buf_cstr(&err));
	buf_free(&err);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_translate();
	test_types();
	test_nested_writes();
	test_writer_lock();
	test_migrations();
	test_dump();
	test_bad_targets();
	return tap_done();
}
