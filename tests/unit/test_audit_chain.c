/* test_audit_chain.c: the audit log's hash chain (store/audit.h), on both engines
 * (store_test.h): lines written by store_audit are chained and verify; lines written before
 * the chain existed are chained in id order; a line edited, deleted or inserted directly in
 * the database (its triggers switched off, as someone with the database's password could) is
 * named by verify; two connections writing at once keep the chain linear. */
#include "common.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/driver.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>

/* Runs raw SQL with the audit log's triggers off (the tampering the chain must reveal). */
static int tamper(struct store *st, const char *sql)
{
	struct buf b = BUF_INIT;
	if (store_test_is_pg())
		buf_printf(&b,
			   "ALTER TABLE audit_log DISABLE TRIGGER USER; %s;"
			   " ALTER TABLE audit_log ENABLE TRIGGER USER",
			   sql);
	else
		buf_printf(
		    &b,
		    "CREATE TEMP TABLE zf_trig AS SELECT name, sql FROM sqlite_master"
		    " WHERE type = 'trigger' AND tbl_name = 'audit_log';"
		    " DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; %s;",
		    sql);
	int rc = db_exec(st, buf_cstr(&b));
	if (!store_test_is_pg()) {
		/* the triggers as the migrations left them */
		struct db_stmt *s;
		char *back[4] = {0};
		int n = 0;
		if (!db_prepare(st, "SELECT sql FROM zf_trig", &s)) {
			while (n < 4 && db_step(s) == DB_ROW)
				back[n++] = xstrdup(db_col_text(s, 0));
			db_finish(s);
		}
		for (int i = 0; i < n; i++) {
			if (db_exec(st, back[i]))
				rc = ZF_EDB;
			free(back[i]);
		}
		db_exec(st, "DROP TABLE zf_trig");
	}
	buf_free(&b);
	return rc;
}

static void write_lines(struct store *st, int from, int n)
{
	for (int i = from; i < from + n; i++) {
		char obj[32];
		snprintf(obj, sizeof(obj), "request:%d", i);
		if (store_audit(st, "clerk", "request.add", obj, i % 3 ? "受理\t申请\n第二行" : ""))
			BUG("audit line %d", i);
	}
}

static void test_chain(void)
{
	struct store *st = store_test_fresh("chain");
	if (!st)
		return;
	struct audit_verify v;
	tap_int(store_audit_verify(st, &v), 0, "an empty log verifies");
	tap_ok(v.broken_id == 0 && v.lines == 0, "and has no lines");
	write_lines(st, 1, 20);
	tap_int(store_audit_verify(st, &v), 0, "verify runs");
	tap_ok(v.broken_id == 0 && v.lines == 20, "20 lines verify (broken %lld, lines %lld)",
	       v.broken_id, v.lines);
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), 0,
		"every line has its hash");
	/* the triggers still refuse edits */
	tap_ok(db_exec(st, "UPDATE audit_log SET detail = 'x' WHERE id = 3") != 0,
	       "the database refuses an UPDATE of a line");
	tap_ok(db_exec(st, "UPDATE audit_log SET hash = 'x' WHERE id = 3") != 0, "and of its hash");
	tap_ok(db_exec(st, "DELETE FROM audit_log WHERE id = 3") != 0, "and a DELETE");

	/* an edit */
	long long id7 = store_test_int(st, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 6");
	char sql[200];
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET detail = '改过' WHERE id = %lld", id7);
	tap_int(tamper(st, sql), 0, "line %lld is edited behind the triggers", id7);
	tap_int(store_audit_verify(st, &v), 0, "verify runs");
	tap_int(v.broken_id, id7, "verify names the edited line");
	tap_int(v.lines, 6, "after 6 good lines");
	tap_ok(v.reason == AUDIT_MISMATCH, "as not fitting the chain");
	store_close(st);

	/* a deletion */
	st = store_test_fresh("chain_del");
	if (!st)
		return;
	write_lines(st, 1, 10);
	long long id5 = store_test_int(st, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 4");
	long long id6 = store_test_int(st, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 5");
	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE id = %lld", id5);
	tap_int(tamper(st, sql), 0, "line %lld is deleted behind the triggers", id5);
	tap_int(store_audit_verify(st, &v), 0, "verify runs");
	tap_int(v.broken_id, id6, "verify names the line after the deleted one");
	tap_int(v.prev_id, id5 - 1, "and the last good line before the gap");
	store_close(st);

	/* the last line cut off: the chain is intact, the head moves back */
	st = store_test_fresh("chain_tail");
	if (!st)
		return;
	write_lines(st, 1, 5);
	struct audit_verify full;
	store_audit_verify(st, &full);
	tamper(st, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
	store_audit_verify(st, &v);
	tap_ok(v.broken_id == 0 && strcmp(v.head, full.head) != 0,
	       "a cut-off tail leaves a chain that verifies but a different head");
	store_close(st);
}

static void test_pending(void)
{
	/* lines written before the chain existed (hash NULL) are chained by the next write */
	struct store *st = store_test_fresh("chain_old");
	if (!st)
		return;
	tap_int(tamper(st, "INSERT INTO audit_log (actor, action, object, detail) VALUES"
			   " ('old', 'agency.add', 'agency:1', '旧行一'),"
			   " ('old', 'agency.add', 'agency:2', '旧行二')"),
		0, "two lines without hash, as before the migration");
	struct audit_verify v;
	store_audit_verify(st, &v);
	tap_ok(v.broken_id != 0 && v.reason == AUDIT_UNCHAINED, "verify sees unchained lines");
	long long chained = 0;
	tap_int(store_audit_chain(st, &chained), 0, "store_audit_chain runs");
	tap_int(chained, 2, "and chains the two");
	write_lines(st, 1, 3);
	store_audit_verify(st, &v);
	tap_ok(v.broken_id == 0 && v.lines == 5, "the old and the new lines verify (%lld)",
	       v.lines);
	/* once chained, a line's hash cannot be set again */
	tap_ok(db_exec(st, "UPDATE audit_log SET hash = NULL WHERE id = 1") != 0,
	       "a hash cannot be cleared");
	store_close(st);
}

static void test_prune(void)
{
	/* old lines (a year and more ago), chained, then pruned after their export */
	struct store *st = store_test_fresh("chain_prune");
	if (!st)
		return;
	tamper(st, "INSERT INTO audit_log (at, actor, action, object, detail) VALUES"
		   " ('2024-01-05T02:00:00.000Z', 'old', 'agency.add', 'agency:1', '一'),"
		   " ('2024-03-05T02:00:00.000Z', 'old', 'agency.add', 'agency:2', '二'),"
		   " ('2024-06-05T02:00:00.000Z', 'old', 'agency.add', 'agency:3', '三')");
	long long chained = 0;
	store_audit_chain(st, &chained);
	write_lines(st, 1, 3); /* today */
	char sha[65];
	memset(sha, 'a', 64);
	sha[64] = 0;
	zf_day before = 0;
	date_parse(str_c("2024-06-01"), &before);
	long long upto = 0, deleted = 0;
	tap_int(store_audit_prunable(st, before, &upto), 0, "the lines before 2024-06-01");
	tap_int(upto, 2, "are lines 1 and 2");
	tap_int(store_audit_prune(st, date_today() - 100, 100, upto, sha, "cli", &deleted),
		ZF_EINVAL, "a retention under 183 days is refused");
	tap_int(store_audit_prune(st, date_today() - 10, 365, upto, sha, "cli", &deleted),
		ZF_EINVAL, "a bound inside the retention is refused");
	tap_int(db_exec(st, "DELETE FROM audit_log WHERE id = 1") != 0, 1,
		"before a prune no line can be deleted");
	tap_int(store_audit_prune(st, before, 365, upto, sha, "cli", &deleted), 0,
		"the prune of lines older than a year runs");
	tap_int(deleted, 2, "and deletes 2 lines");
	struct audit_verify v;
	store_audit_verify(st, &v);
	tap_ok(v.broken_id == 0 && v.lines == 5,
	       "the rest verifies from the prune on (%lld, broken %lld)", v.lines, v.broken_id);
	write_lines(st, 10, 2);
	store_audit_verify(st, &v);
	tap_ok(v.broken_id == 0 && v.lines == 7, "and goes on after new lines (%lld)", v.lines);
	tap_ok(db_exec(st, "DELETE FROM audit_log WHERE id = 3") != 0,
	       "a line after the prune still cannot be deleted");
	tap_ok(db_exec(st, "DELETE FROM audit_prunes") != 0, "nor the record of the prune");
	store_close(st);
}

struct writer {
	const char *target;
	int base;
	int rc;
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	w->rc = store_open(w->target, &st, &err);
	buf_free(&err);
	for (int i = 0; !w->rc && i < 40; i++) {
		char obj[32];
		snprintf(obj, sizeof(obj), "request:%d", w->base + i);
		w->rc = store_audit(st, "clerk", "request.add", obj, "并发");
	}
	store_close(st);
	return NULL;
}

static void test_concurrent(void)
{
	const char *target = store_test_target("chain_conc");
	struct store *st = target ? store_test_open(target) : NULL;
	if (!st)
		return;
	struct writer w[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){target, i * 1000, 0};
		pthread_create(&t[i], NULL, writer_run, &w[i]);
	}
	int bad = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		bad += w[i].rc != 0;
	}
	tap_int(bad, 0, "four connections write 40 lines each");
	struct audit_verify v;
	store_audit_verify(st, &v);
	tap_ok(v.broken_id == 0 && v.lines == 160,
	       "the chain of 160 lines is linear (%lld, broken %lld)", v.lines, v.broken_id);
	store_close(st);
}

int main(void)
{
	printf("# engine %s (%s)\n", store_test_engine(), STORE_TEST_MARK);
	test_chain();
	test_pending();
	test_prune();
	test_concurrent();
	return tap_done();
}
