/* test_store_pg.c: the store over PostgreSQL, on a real server: what test_store.c and
 * test_store_requests.c check on SQLite (migrations, constraints, the append-only audit log,
 * the agency tree, requests and their clock, refused writes changing nothing, no personal
 * data in logs), what only a server shows (concurrent migrations and letter numbers, a
 * refusal inside a batch), and the same synthetic history stored in SQLite and in
 * PostgreSQL giving the same report input and the same annual report, cell for cell.
 *
 * The server is $ZF_TEST_PG (a libpq URI, e.g. from tests/pg/pg_start); without it this
 * program starts its own with tests/pg/pg_start and stops it at the end. A server that
 * cannot be started or reached is a failure, never a skip. Each part works in a database
 * of its own, created here. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/report.h"
#include "law/report_gen.h"
#include "law/synth.h"
#include "log.h"
#include "store/db.h"
#include "store/requests.h"
#include "tap.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static char dir[] = "/tmp/zf-test-storepg-XXXXXX";
static const char *base_uri; /* the server's URI as given */
static struct calendar *cal;

#define ID_NO	"110101199003071234"
#define PHONE	"13800138000"
#define ADDRESS "示例路八十八号"

/* ---------------------------------------------------------------- the server */

/* The URI of database `name` on the server of base_uri: the path part replaced. */
static char *uri_of(const char *name)
{
	const char *auth = strstr(base_uri, "://");
	if (!auth)
		BUG("not a URI: %s", base_uri);
	auth += 3;
	size_t alen = strcspn(auth, "/?");
	const char *rest = auth + alen;
	if (*rest == '/')
		rest += strcspn(rest, "?");
	return xasprintf("%.*s/%s%s", (int)(auth + alen - base_uri), base_uri, name, rest);
}

/* Runs sql on its own connection to uri; returns the SQLSTATE of the failure, "" on
 * success, "connect" when the server cannot be reached. */
static const char *raw_state(const char *uri, const char *sql)
{
	static char state[8];
	PGconn *c = PQconnectdb(uri);
	if (PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		return "connect";
	}
	PQsetNoticeProcessor(c, NULL, NULL);
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	snprintf(state, sizeof(state), "%s",
		 st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? ""
		 : s						 ? s
								 : "?");
	PQclear(r);
	PQfinish(c);
	return state;
}

static void quiet_notice(void *arg, const char *msg)
{
	ZF_UNUSED(arg);
	ZF_UNUSED(msg);
}

/* A fresh, empty UTF8 database called name; returns its URI (owned). */
static char *fresh_db(const char *name)
{
	PGconn *c = PQconnectdb(base_uri);
	if (PQstatus(c) != CONNECTION_OK)
		BUG("connect %s: %s", base_uri, PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	PQclear(PQexec(c, sql));
	free(sql);
	sql = xasprintf("CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0", name);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		BUG("%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	free(sql);
	PQfinish(c);
	return uri_of(name);
}

/* One integer from a query on its own connection (-1 on error). */
static long long raw_int(const char *uri, const char *sql)
{
	PGconn *c = PQconnectdb(uri);
	long long v = -1;
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	PQfinish(c);
	return v;
}

/* Everything a user could see change, read over a separate connection. */
static void dump(const char *uri, struct buf *out)
{
	static const char *const tables[] = {"agencies",       "applicants",   "requests",
					     "request_events", "review_cases", "review_events",
					     "letter_numbers", "audit_log",    "schema_migrations"};
	buf_reset(out);
	PGconn *c = PQconnectdb(uri);
	if (PQstatus(c) != CONNECTION_OK)
		BUG("connect: %s", PQerrorMessage(c));
	for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
		char *sql = xasprintf("SELECT * FROM %s ORDER BY 1, 2", tables[i]);
		PGresult *r = PQexec(c, sql);
		buf_printf(out, "[%s]\n", tables[i]);
		for (int row = 0; row < PQntuples(r); row++) {
			for (int f = 0; f < PQnfields(r); f++)
				buf_printf(out, "%s=%s|", PQfname(r, f),
					   PQgetisnull(r, row, f) ? "NULL" : PQgetvalue(r, row, f));
			buf_addch(out, '\n');
		}
		PQclear(r);
		free(sql);
	}
	PQfinish(c);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Starts a server with tests/pg/pg_start: its URI (owned), or NULL with the reason. */
static char *start_server(struct buf *why)
{
	const char *root = getenv("ZF_ROOT");
	/* the watcher stops the server even when this program crashes */
	char *cmd = xasprintf("'%s/tests/pg/pg_start' --watch %ld 2>&1", root && *root ? root : ".",
			      (long)getpid());
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (!p) {
		buf_setf(why, "popen: %s", strerror(errno));
		return NULL;
	}
	struct buf outb = BUF_INIT;
	buf_read_stream(&outb, p, 1 << 20);
	int status = pclose(p);
	while (outb.len && outb.p[outb.len - 1] == '\n')
		outb.p[--outb.len] = '\0';
	const char *last = strrchr(buf_cstr(&outb), '\n');
	last = last ? last + 1 : buf_cstr(&outb);
	char *uri = NULL;
	if (status == 0 && strncmp(last, "postgresql://", 13) == 0)
		uri = xstrdup(last);
	else
		buf_setf(why, "tests/pg/pg_start: %s", buf_cstr(&outb));
	buf_free(&outb);
	return uri;
}

static void stop_server(const char *uri)
{
	const char *root = getenv("ZF_ROOT");
	char *cmd = xasprintf("'%s/tests/pg/pg_stop' '%s'", root && *root ? root : ".", uri);
	if (system(cmd) != 0)
		tap_ok(false, "tests/pg/pg_stop");
	free(cmd);
}

/* ---------------------------------------------------------------- helpers */

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static struct clock_event received(const char *on)
{
	struct clock_event e = {.kind = CLOCK_RECEIVED, .on = day(on), .channel = CLOCK_ONLINE};
	return e;
}

static struct store *open_migrated(const char *target)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	if (store_open(target, &st, &err) || store_migrate(st, NULL, &err))
		BUG("open %s: %s", target, buf_cstr(&err));
	buf_free(&err);
	return st;
}

static bool has(const struct buf *b, const char *s)
{
	return strstr(buf_cstr(b), s) != NULL;
}

/* ---------------------------------------------------------------- opening */

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
		/* the redaction is private to the store: seen through an open error */
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
}

static void test_open_errors(void)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	tap_int(store_open("postgresql://zf:secret@/nodb?host=/nonexistent-zf-dir", &st, &err),
		ZF_EDB, "an unreachable server is refused");
	tap_ok(has(&err, "无法连接 PostgreSQL 数据库") && has(&err, "/nonexistent-zf-dir") &&
		   !has(&err, "secret"),
	       "naming the target without the password: %s", buf_cstr(&err));
	tap_ok(st == NULL, "and no handle");
	buf_reset(&err);
	tap_int(store_open("postgresql://[oops", &st, &err), ZF_EINVAL, "a malformed URI");
	tap_ok(has(&err, "格式不对"), "is refused as such: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_open("postgresql://zf:pw-secret@[oops", &st, &err), ZF_EINVAL,
		"a malformed URI with a password");
	tap_ok(!has(&err, "pw-secret"), "does not show it: %s", buf_cstr(&err));
	buf_reset(&err);
	char *missing = uri_of("zf_no_such_database");
	tap_int(store_open(missing, &st, &err), ZF_EDB, "a missing database is refused");
	tap_ok(has(&err, "zf_no_such_database"), "by name: %s", buf_cstr(&err));
	free(missing);
	buf_reset(&err);

	PGconn *c = PQconnectdb(base_uri);
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	PQclear(PQexec(c, "DROP DATABASE IF EXISTS zf_ascii"));
	PQclear(PQexec(c, "CREATE DATABASE zf_ascii ENCODING 'SQL_ASCII' TEMPLATE template0"));
	PQfinish(c);
	char *ascii = uri_of("zf_ascii");
	tap_int(store_open(ascii, &st, &err), ZF_EDB, "a database that is not UTF8 is refused");
	tap_ok(has(&err, "UTF8"), "saying why: %s", buf_cstr(&err));
	free(ascii);
	buf_free(&err);
	test_redact();
}

/* ---------------------------------------------------------------- migrations */

struct migrate_arg {
	const char *uri;
	int rc, applied;
};

static void *migrate_thread(void *p)
{
	struct migrate_arg *m = p;
	struct store *st = NULL;
	m->rc = store_open(m->uri, &st, NULL);
	if (!m->rc)
		m->rc = store_migrate(st, &m->applied, NULL);
	store_close(st);
	return NULL;
}

static void test_migrations(const char *uri)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int version = -1, applied = -1;
	tap_int(store_open(uri, &st, &err), 0, "open an empty database: %s", buf_cstr(&err));
	tap_str(store_backend(st), "postgresql", "backend is postgresql");
	tap_int(store_schema_version(st, &version), 0, "schema version of an empty database");
	tap_int(version, 0, "is 0");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate: %s", buf_cstr(&err));
	tap_int(applied, store_schema_latest(st), "applies every migration");
	store_schema_version(st, &version);
	tap_int(version, store_schema_latest(st), "version is now the latest");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate again");
	tap_int(applied, 0, "applies nothing the second time");
	tap_int(store_ping(st), 0, "ping answers");
	int latest = store_schema_latest(st);
	store_close(st);

	tap_int(store_open(uri, &st, &err), 0, "reopen");
	tap_int(store_migrate(st, &applied, &err), 0, "migrate after reopening");
	tap_int(applied, 0, "still applies nothing");
	store_close(st);
	tap_int(raw_int(uri, "SELECT count(*) FROM schema_migrations"), latest,
		"schema_migrations has one row per migration");
	tap_str(raw_state(uri, "SELECT id, received_on + 1 FROM requests"), "",
		"received_on is a DATE");

	tap_str(raw_state(uri, "INSERT INTO schema_migrations VALUES (999, 'future')"), "",
		"a newer program's migration");
	store_open(uri, &st, &err);
	buf_reset(&err);
	tap_int(store_migrate(st, NULL, &err), ZF_ESTATE, "a database newer than the program");
	tap_ok(has(&err, "升级"), "is refused with advice: %s", buf_cstr(&err));
	store_close(st);
	buf_free(&err);

	/* two processes migrating one empty database at once: one applies, one waits */
	char *racy = fresh_db("zf_migrate_race");
	struct migrate_arg a = {racy, -1, -1}, b = {racy, -1, -1};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, migrate_thread, &a);
	pthread_create(&tb, NULL, migrate_thread, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	tap_ok(a.rc == 0 && b.rc == 0, "concurrent migrations both succeed (%d, %d)", a.rc, b.rc);
	tap_int(a.applied + b.applied, latest, "and apply each migration once");
	free(racy);
}

/* ---------------------------------------------------------------- agencies, audit */

static void test_agencies(const char *uri)
{
	struct store *st = open_migrated(uri);
	long long gov = 0, dept = 0, town = 0, count = -1;
	tap_int(store_agency_add(st, 0, "甲市人民政府", AGENCY_GOVERNMENT, &gov), 0, "add a root");
	tap_int(store_agency_add(st, 999999, "孤儿局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"unknown parent is refused by the foreign key");
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
	store_agency_count(st, &count);
	tap_int(count, 4, "four agencies");

	struct arena *a = arena_new(0);
	struct agency *list = NULL;
	size_t n = 0;
	tap_int(store_agency_list(st, a, &list, &n), 0, "list agencies");
	tap_ok(n == 4 && strcmp(list[0].name, "甲市人民政府") == 0 && list[0].depth == 0 &&
		   strcmp(list[1].name, "甲市教育局") == 0 && list[1].depth == 1 &&
		   list[1].parent_id == gov && strcmp(list[2].name, "甲镇人民政府") == 0 &&
		   list[2].kind == AGENCY_TOWN && strcmp(list[3].name, "乙市人民政府") == 0 &&
		   list[3].depth == 0,
	       "listed in tree order with depths");
	long long *ids = NULL;
	size_t nids = 0;
	tap_int(store_agency_subtree(st, gov, true, &ids, &nids), 0, "subtree");
	tap_int((long long)nids, 3, "the government and its two subordinates");
	free(ids);
	bool exists = true;
	store_agency_exists(st, 424242, &exists);
	tap_ok(!exists, "an unknown agency does not exist");
	store_agency_exists(st, town, &exists);
	tap_ok(exists, "the town exists");

	/* a refusal inside a batch leaves the batch usable (PostgreSQL would abort it) */
	tap_int(store_batch_begin(st), 0, "batch");
	tap_int(store_agency_add(st, gov, "甲市教育局", AGENCY_DEPARTMENT, NULL), ZF_EINVAL,
		"a refused add inside the batch");
	tap_int(store_agency_add(st, gov, "甲市财政局", AGENCY_DEPARTMENT, NULL), 0,
		"the next add in the same batch works");
	tap_int(store_batch_commit(st), 0, "and the batch commits");
	store_agency_count(st, &count);
	tap_int(count, 5, "five agencies");
	tap_int(store_batch_begin(st), 0, "batch");
	store_agency_add(st, gov, "甲市审计局", AGENCY_DEPARTMENT, NULL);
	tap_int(store_batch_rollback(st), 0, "rolled back");
	store_agency_count(st, &count);
	tap_int(count, 5, "undoes its adds");
	arena_free(a);

	tap_str(raw_state(uri, "DELETE FROM agencies WHERE parent_id IS NULL"), "23503",
		"the schema keeps a parent with children from being deleted");
	store_close(st);
}

static void test_audit_log(const char *uri)
{
	struct store *st = open_migrated(uri);
	long long before = 0, after = 0;
	store_audit_count(st, &before);
	tap_int(store_audit(st, "张三", "agency.add", "agency:1", "新增机关"), 0,
		"append to audit log");
	tap_int(store_audit(st, "", "x", NULL, NULL), ZF_EINVAL, "an audit line needs an actor");
	store_audit_count(st, &after);
	tap_int(after, before + 1, "one more line");
	tap_str(raw_state(uri, "UPDATE audit_log SET actor = '李四'"), "23000",
		"audit_log refuses UPDATE");
	tap_str(raw_state(uri, "DELETE FROM audit_log"), "23000", "audit_log refuses DELETE");
	tap_str(raw_state(uri, "TRUNCATE audit_log"), "23000", "audit_log refuses TRUNCATE");
	store_audit_count(st, &after);
	tap_int(after, before + 1, "the log is unchanged");
	store_close(st);
}

static void test_demo_seed(const char *uri)
{
	struct store *st = open_migrated(uri);
	bool seeded = false;
	long long count = 0, audits = 0;
	tap_int(store_seed_demo(st, &seeded), 0, "seed demo data");
	tap_ok(seeded, "into an empty database");
	store_agency_count(st, &count);
	tap_int(count, 3, "a district government and two departments");
	store_audit_count(st, &audits);
	tap_int(audits, 1, "seeding is audited");
	tap_int(store_seed_demo(st, &seeded), 0, "seed again");
	tap_ok(!seeded, "does nothing when agencies exist");
	store_agency_count(st, &count);
	tap_int(count, 3, "still three agencies");
	store_close(st);
}

static void test_pool(const char *uri)
{
	struct store_pool *pool = store_pool_new(uri, 2);
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

	pool = store_pool_new("postgresql:///x?host=/nonexistent-zf-dir&password=hidden", 1);
	tap_ok(store_pool_get(pool) == NULL, "pool over an unreachable server gives NULL");
	tap_ok(store_pool_get(pool) == NULL, "and again, without leaking its slot");
	store_pool_free(pool);
}

/* ---------------------------------------------------------------- requests */

static void test_requests(struct store *st, const char *uri, long long agency)
{
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct request_new rq = {agency,  REPORT_COL_NATURAL_PERSON,	   "张三", ID_NO, PHONE,
				 ADDRESS, "请公开2023年某小区规划许可文件"};
	struct clock_event ev = received("2024-03-04");
	long long id = 0, audits0 = 0, audits = 0;
	int rc;
	store_audit_count(st, &audits0);
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err), 0, "add a request: %s",
		buf_cstr(&err));
	tap_ok(id > 0, "it has an id");
	store_audit_count(st, &audits);
	tap_int(audits - audits0, 1, "one audit line for the add");

	struct clock_event c = {.kind = CLOCK_CONSULTATION_STARTED,
				.on = day("2024-03-06"),
				.party = CLOCK_THIRD_PARTY,
				.who = "某置业有限公司"};
	int seq = 0;
	rc = store_request_event(st, "clerk", cal, id, &c, &seq, &err);
	tap_int(rc, 0, "consultation started: %s", buf_cstr(&err));
	tap_int(seq, 2, "is event 2");
	c.kind = CLOCK_CONSULTATION_ANSWERED;
	c.on = day("2024-03-12");
	tap_int(store_request_event(st, "clerk", cal, id, &c, &seq, &err), 0, "answered");

	struct arena *a = arena_new(0);
	struct request_meta meta;
	tap_int(store_request_meta(st, a, id, &meta), 0, "the kept outcome of an open request");
	tap_ok(meta.due_on > day("2024-03-12") && meta.closed_on == 0 &&
		   !strcmp(meta.state, "processing") && strlen(meta.query_code) == REQUEST_CODE_LEN,
	       "has a due date, no closing date, and a query code");
	long long by_code = 0;
	tap_int(store_request_by_code(st, meta.query_code, &by_code), 0, "found by its code");
	tap_int(by_code, id, "the same request");

	/* refusals: the database stays exactly as it was */
	dump(uri, &before);
	struct clock_event bad = {
	    .kind = CLOCK_REPLIED, .on = day("2024-03-01"), .decision = "granted"};
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, id, &bad, NULL, &err), ZF_ESTATE,
		"a reply before the receipt is refused");
	tap_ok(err.len > 0, "with a reason: %s", buf_cstr(&err));
	bad.on = day("2024-03-20");
	bad.decision = "no_such_decision";
	buf_reset(&err);
	rc = store_request_event(st, "clerk", cal, id, &bad, NULL, &err);
	tap_ok(rc < 0, "an unknown decision is refused: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_request_event(st, "clerk", cal, 999999, &c, NULL, &err), ZF_ENOENT,
		"an unknown request is refused");
	rq.agency_id = 424242;
	buf_reset(&err);
	rc = store_request_add(st, "clerk", cal, &rq, &ev, 1, NULL, &err);
	tap_int(rc, ZF_ENOENT, "an unknown agency is refused: %s", buf_cstr(&err));
	rq.agency_id = agency;
	struct clock_event two[2] = {received("2024-05-06"), bad};
	two[1].decision = "granted";
	two[1].on = day("2024-05-01");
	tap_int(store_request_add(st, "clerk", cal, &rq, two, 2, NULL, &err), ZF_ESTATE,
		"a request with an impossible history is refused");
	dump(uri, &after);
	tap_ok(strcmp(buf_cstr(&before), buf_cstr(&after)) == 0,
	       "after all refusals the database is unchanged");

	bad.decision = "partially_granted";
	bad.letter_no = "示政公开〔2024〕12号";
	tap_int(store_request_event(st, "clerk", cal, id, &bad, &seq, &err), 0, "reply: %s",
		buf_cstr(&err));
	tap_int(seq, 4, "as event 4");
	struct clock_event late = {.kind = CLOCK_FEE_NOTICE_SENT, .on = day("2024-03-25")};
	tap_int(store_request_event(st, "clerk", cal, id, &late, NULL, &err), ZF_ESTATE,
		"nothing follows a reply");

	struct request_record rec;
	tap_int(store_request_get(st, a, id, &rec), 0, "get the request");
	tap_int((long long)rec.nevents, 4, "with its four events");
	tap_str(rec.id_no, ID_NO, "and the applicant's ID number for the clerk");
	tap_str(rec.events[1].who, "某置业有限公司", "consultation party kept");
	tap_ok(rec.events[1].party == CLOCK_THIRD_PARTY, "as a third party");
	tap_str(rec.events[3].decision, "partially_granted", "decision kept");
	tap_str(rec.events[3].letter_no, "示政公开〔2024〕12号", "letter number kept");
	tap_ok(rec.events[0].on == day("2024-03-04") && rec.events[0].channel == CLOCK_ONLINE,
	       "receipt date and channel kept");
	tap_int(store_request_get(st, a, 31337, &rec), ZF_ENOENT, "unknown id");
	struct request_row *rows;
	size_t n = 0;
	tap_int(store_request_list(st, a, agency, 0, &rows, &n), 0, "list");
	tap_int((long long)n, 1, "one request");
	tap_str(rows[0].state, "replied", "state from the clock");
	tap_str(rows[0].report_row, "partially_granted", "report row from the clock");
	tap_ok(rows[0].closed_on == day("2024-03-20"), "closed on the reply date");
	store_request_meta(st, a, id, &meta);
	tap_ok(meta.due_on == 0, "a closed request has no due date kept");

	/* review cases */
	long long rid = 0;
	struct review_new rv = {id, REPORT_T4_REVIEW, day("2024-04-10"), "示例市人民政府"};
	tap_int(store_review_add(st, "clerk", &rv, &rid, &err), 0, "add a review case");
	rv.filed_on = day("2024-01-01");
	tap_int(store_review_add(st, "clerk", &rv, NULL, &err), ZF_EINVAL,
		"a case filed before the request is refused");
	rv.request_id = 777777;
	tap_int(store_review_add(st, "clerk", &rv, NULL, &err), ZF_ENOENT,
		"a case for an unknown request is refused");
	tap_int(store_review_decide(st, "clerk", rid, REPORT_T4_CORRECTED, day("2024-06-01"), &err),
		0, "decide it");
	dump(uri, &before);
	tap_int(store_review_decide(st, "clerk", rid, REPORT_T4_UPHELD, day("2024-07-01"), &err),
		ZF_ESTATE, "deciding twice is refused");
	tap_int(store_review_decide(st, "clerk", 999, REPORT_T4_UPHELD, day("2024-07-01"), &err),
		ZF_ENOENT, "deciding an unknown case is refused");
	dump(uri, &after);
	tap_ok(strcmp(buf_cstr(&before), buf_cstr(&after)) == 0, "and changes nothing");
	struct review_row *rr;
	tap_int(store_review_list(st, a, agency, &rr, &n), 0, "list cases");
	tap_ok(n == 1 && rr[0].outcome == REPORT_T4_CORRECTED &&
		   rr[0].decided_on == day("2024-06-01") && !strcmp(rr[0].body, "示例市人民政府"),
	       "one corrected case");
	char *q = xasprintf("SELECT count(*) FROM review_events WHERE review_id = %lld", rid);
	tap_int(raw_int(uri, q), 2, "with its two events");
	free(q);

	/* the report's input */
	long long *ids = NULL;
	size_t nids = 0;
	tap_int(store_agency_subtree(st, agency, true, &ids, &nids), 0, "subtree");
	struct report_gen_request *rq2 = NULL;
	struct report_gen_review *w = NULL;
	size_t nq = 0, nw = 0;
	tap_int(store_report_cases(st, ids, nids, 2024, &rq2, &nq, &w, &nw), 0, "report cases");
	tap_ok(nq == 1 && rq2[0].closed && rq2[0].row == REPORT_T3_PARTIALLY_GRANTED,
	       "the request");
	tap_ok(nw == 1 && w[0].decided && w[0].outcome == REPORT_T4_CORRECTED, "the case");
	free(rq2);
	free(w);
	tap_int(store_report_cases(st, ids, nids, 2025, &rq2, &nq, &w, &nw), 0, "next year");
	tap_ok(nq == 0 && nw == 0, "has nothing open");
	free(rq2);
	free(w);
	free(ids);

	/* batches: a refused write inside leaves the rest of the batch alone */
	long long count0 = 0, count = 0;
	store_request_count(st, &count0);
	tap_int(store_batch_begin(st), 0, "batch");
	struct clock_event e2 = received("2024-06-03");
	tap_int(store_request_add(st, "demo", cal, &rq, &e2, 1, NULL, &err), 0, "add in batch");
	tap_int(store_request_add(st, "demo", cal, &rq, two, 2, NULL, &err), ZF_ESTATE,
		"a refused add in the batch");
	rq.agency_id = 424242;
	tap_int(store_request_add(st, "demo", cal, &rq, &e2, 1, NULL, &err), ZF_ENOENT,
		"an add for an unknown agency in the batch");
	rq.agency_id = agency;
	tap_int(store_request_add(st, "demo", cal, &rq, &e2, 1, NULL, &err), 0, "add again");
	tap_int(store_batch_commit(st), 0, "commit");
	store_request_count(st, &count);
	tap_int(count - count0, 2, "two requests were kept");

	/* a bulk add is all or nothing */
	struct request_import items[3] = {{rq, &e2, 1, 0}, {rq, two, 2, 0}, {rq, &e2, 1, 0}};
	size_t badi = 99;
	dump(uri, &before);
	tap_int(store_request_add_many(st, "import", cal, items, 3, NULL, &badi, &err), ZF_ESTATE,
		"a bulk add with one impossible history is refused");
	tap_int((long long)badi, 1, "naming the second");
	dump(uri, &after);
	tap_ok(strcmp(buf_cstr(&before), buf_cstr(&after)) == 0, "and writes nothing");
	items[1] = items[0];
	long long newids[3] = {0};
	tap_int(store_request_add_many(st, "import", cal, items, 3, newids, NULL, &err), 0,
		"a good bulk add");
	tap_ok(newids[0] > 0 && newids[1] > newids[0] && newids[2] > newids[1],
	       "gives increasing ids");

	struct request_rebuild_stats rs;
	tap_int(store_request_rebuild(st, "admin", cal, 2, NULL, NULL, &rs), 0, "rebuild");
	store_request_count(st, &count);
	tap_ok(rs.checked == count && rs.changed == 0 && rs.failed == 0,
	       "checks every request and changes nothing (%lld/%lld/%lld)", rs.checked, rs.changed,
	       rs.failed);
	tap_str(raw_state(uri, "UPDATE requests SET due_on = NULL"), "", "lose the due dates");
	tap_int(store_request_rebuild(st, "admin", cal, 0, NULL, NULL, &rs), 0, "rebuild again");
	tap_ok(rs.changed > 0, "puts them back (%lld)", rs.changed);

	dump(uri, &after);
	const char *audit = strstr(buf_cstr(&after), "[audit_log]");
	tap_ok(audit && !strstr(audit, ID_NO) && !strstr(audit, PHONE) && !strstr(audit, ADDRESS) &&
		   !strstr(audit, "张三"),
	       "the audit log holds no personal data");
	arena_free(a);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

struct letter_arg {
	const char *uri;
	long long agency;
	int got[50];
	int rc;
};

static void *letter_thread(void *p)
{
	struct letter_arg *l = p;
	struct store *st = NULL;
	l->rc = store_open(l->uri, &st, NULL);
	for (int i = 0; !l->rc && i < 50; i++)
		l->rc = store_letter_number(st, "clerk", l->agency, 2030, &l->got[i]);
	store_close(st);
	return NULL;
}

/* The requests area beyond db.h: letter numbers, handlers, the queue. */
static void test_requests_area(struct store *st, const char *uri, long long agency)
{
	int no = 0, last = -1;
	tap_int(store_letter_number_last(st, agency, 2025, &last), 0, "last letter number");
	tap_int(last, 0, "none yet");
	tap_int(store_letter_number(st, "clerk", agency, 2025, &no), 0, "take a number");
	tap_int(no, 1, "the first is 1");
	store_letter_number(st, "clerk", agency, 2025, &no);
	tap_int(no, 2, "then 2");
	tap_int(store_letter_number_reserve(st, "clerk", agency, 2025, 40), 0, "reserve to 40");
	store_letter_number(st, "clerk", agency, 2025, &no);
	tap_int(no, 41, "then 41");
	tap_int(store_letter_number_reserve(st, "clerk", agency, 2025, 5), 0, "reserve lower");
	store_letter_number_last(st, agency, 2025, &last);
	tap_int(last, 41, "changes nothing");
	tap_int(store_letter_number(st, "clerk", 424242, 2025, &no), ZF_ENOENT,
		"an unknown agency has no numbers");

	/* two connections taking numbers at once never get the same one */
	struct letter_arg la = {uri, agency, {0}, -1}, lb = {uri, agency, {0}, -1};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, letter_thread, &la);
	pthread_create(&tb, NULL, letter_thread, &lb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	bool seen[101] = {false}, distinct = la.rc == 0 && lb.rc == 0;
	for (int i = 0; distinct && i < 50; i++) {
		for (int k = 0; k < 2; k++) {
			int v = k ? lb.got[i] : la.got[i];
			distinct = distinct && v >= 1 && v <= 100 && !seen[v];
			if (v >= 1 && v <= 100)
				seen[v] = true;
		}
	}
	tap_ok(distinct, "two connections get 1..100 once each (%d, %d)", la.rc, lb.rc);

	struct arena *a = arena_new(0);
	struct request_handler *h = NULL;
	size_t nh = 9;
	tap_int(store_request_handlers(st, a, agency, &h, &nh), 0, "handlers");
	tap_int((long long)nh, 0, "none without users");
	char *sql = xasprintf("INSERT INTO users (login, display_name, agency_id) VALUES "
			      "('li', '李科员', %lld), ('wang', '', %lld);"
			      "INSERT INTO user_roles SELECT id, %lld, 'clerk' FROM users;"
			      "UPDATE users SET active = false WHERE login = 'wang'",
			      agency, agency, agency);
	tap_str(raw_state(uri, sql), "", "two users, one inactive");
	free(sql);
	tap_int(store_request_handlers(st, a, agency, &h, &nh), 0, "handlers");
	tap_ok(nh == 1 && !strcmp(h[0].name, "李科员") && !strcmp(h[0].role, "clerk"),
	       "the active clerk");

	struct clock_event ev = received("2025-03-03");
	struct request_new rq = {agency,  REPORT_COL_COMMERCIAL, "某公司", NULL, NULL, NULL,
				 "某事项"};
	long long id = 0;
	struct buf err = BUF_INIT;
	store_request_add(st, "clerk", cal, &rq, &ev, 1, &id, &err);
	long long ag[1] = {agency}, count = -1;
	struct request_filter f = {.agencies = ag,
				   .nagencies = 1,
				   .today = day("2025-06-02"),
				   .cal = cal,
				   .overdue_only = true};
	tap_int(store_request_queue_count(st, &f, &count), 0, "count overdue requests");
	tap_int(count, 1, "the one received in March");
	struct request_row2 *rows = NULL;
	size_t n = 0;
	f.overdue_only = false;
	tap_int(store_request_queue(st, a, &f, &rows, &n), 0, "the open queue");
	tap_ok(n == 1 && rows[0].id == id && rows[0].overdue && rows[0].days_left < 0 &&
		   !strcmp(rows[0].applicant_name, "某公司"),
	       "shows it overdue");
	f.state = "no_such_state";
	tap_int(store_request_queue(st, a, &f, &rows, &n), ZF_EINVAL, "an unknown state");
	f.state = "processing";
	tap_int(store_request_queue_count(st, &f, &count), 0, "by state");
	tap_int(count, 1, "it is processing");
	f.state = "replied";
	store_request_queue_count(st, &f, &count);
	tap_int(count, 0, "none of this agency's is replied");
	buf_free(&err);
	arena_free(a);
}

/* ---------------------------------------------------------------- both engines */

/* One synthetic request, its history and perhaps a review case. */
struct synth_case {
	size_t agency; /* index into the agency list */
	enum report_t3_col col;
	char name[64], address[128], description[256];
	struct clock_event ev[SYNTH_MAX_EVENTS];
	size_t nev;
	bool review, decided, litigate;
	int review_after, decide_after;
	enum report_t4_field outcome;
};

static int gen_cmp(const void *pa, const void *pb)
{
	const struct report_gen_request *a = pa, *b = pb;
	if (a->received != b->received)
		return a->received < b->received ? -1 : 1;
	if (a->closed_on != b->closed_on)
		return a->closed_on < b->closed_on ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->closed != b->closed)
		return a->closed ? 1 : -1;
	return a->closed && a->row != b->row ? (a->row < b->row ? -1 : 1) : 0;
}

static int rev_cmp(const void *pa, const void *pb)
{
	const struct report_gen_review *a = pa, *b = pb;
	if (a->filed != b->filed)
		return a->filed < b->filed ? -1 : 1;
	if (a->decided_on != b->decided_on)
		return a->decided_on < b->decided_on ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return a->decided && a->outcome != b->outcome ? (a->outcome < b->outcome ? -1 : 1) : 0;
}

/* Stores the cases in st: the first half one by one, the rest in one bulk add. */
static int store_cases(struct store *st, const struct agency *ag, const struct synth_case *cs,
		       size_t n, struct buf *err)
{
	long long *ids = xcalloc(n, sizeof(*ids));
	int rc = store_batch_begin(st);
	for (size_t i = 0; !rc && i < n / 2; i++) {
		struct request_new rq = {
		    ag[cs[i].agency].id, cs[i].col,	   cs[i].name, NULL, NULL,
		    cs[i].address,	 cs[i].description};
		rc = store_request_add(st, "synth", cal, &rq, cs[i].ev, cs[i].nev, &ids[i], err);
	}
	if (!rc) {
		struct request_import *items = xcalloc(n - n / 2, sizeof(*items));
		for (size_t i = n / 2; i < n; i++) {
			struct request_import *it = &items[i - n / 2];
			it->rq = (struct request_new){
			    ag[cs[i].agency].id, cs[i].col,	   cs[i].name, NULL, NULL,
			    cs[i].address,	 cs[i].description};
			it->ev = cs[i].ev;
			it->nev = cs[i].nev;
		}
		rc = store_request_add_many(st, "synth", cal, items, n - n / 2, ids + n / 2, NULL,
					    err);
		free(items);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		if (!cs[i].review)
			continue;
		const struct clock_event *last = &cs[i].ev[cs[i].nev - 1];
		struct review_new rv = {
		    ids[i], cs[i].litigate ? REPORT_T4_LITIGATION_DIRECT : REPORT_T4_REVIEW,
		    last->on + cs[i].review_after, "示例市人民政府"};
		long long rid = 0;
		rc = store_review_add(st, "synth", &rv, &rid, err);
		if (!rc && cs[i].decided)
			rc = store_review_decide(st, "synth", rid, cs[i].outcome,
						 rv.filed_on + cs[i].decide_after, err);
	}
	if (!rc)
		rc = store_batch_commit(st);
	else
		store_batch_rollback(st);
	free(ids);
	return rc;
}

static bool same_cells(const struct report *a, const struct report *b, size_t *cells)
{
	*cells = 0;
	for (int r = 0; r < REPORT_T3_ROWS; r++)
		for (int c = 0; c < REPORT_T3_COLS; c++, (*cells)++)
			if (a->table3[r][c].present != b->table3[r][c].present ||
			    a->table3[r][c].v != b->table3[r][c].v)
				return false;
	for (int g = 0; g < REPORT_T4_GROUPS; g++)
		for (int f = 0; f < REPORT_T4_FIELDS; f++, (*cells)++)
			if (a->table4[g][f].present != b->table4[g][f].present ||
			    a->table4[g][f].v != b->table4[g][f].v)
				return false;
	return true;
}

static void test_both_engines(const char *uri)
{
	enum { N = 400 };
	char *path = xasprintf("%s/both.db", dir);
	struct store *eng[2] = {open_migrated(path), open_migrated(uri)};
	const char *names[2] = {"SQLite", "PostgreSQL"};
	struct arena *a = arena_new(0);
	struct agency *ag[2];
	size_t nag[2];
	for (int e = 0; e < 2; e++) {
		bool seeded;
		long long gov = 0;
		store_seed_demo(eng[e], &seeded);
		store_agency_list(eng[e], a, &ag[e], &nag[e]);
		gov = ag[e][0].id;
		store_agency_add(eng[e], gov, "示例街道办事处", AGENCY_TOWN, NULL);
		store_agency_list(eng[e], a, &ag[e], &nag[e]);
	}
	tap_ok(nag[0] == 4 && nag[1] == 4 && ag[0][3].id == ag[1][3].id,
	       "the same agency tree in both engines");

	/* a few hundred lawful histories over three years, some still open, some reviewed */
	struct synth s;
	synth_seed(&s, 20240601);
	struct synth_case *cs = xcalloc(N, sizeof(*cs));
	zf_day from = day("2023-01-02"), to = day("2025-12-31"), horizon = day("2026-01-20");
	size_t open = 0, reviews = 0;
	for (size_t i = 0; i < N; i++) {
		struct synth_case *c = &cs[i];
		zf_day rec = from + synth_range(&s, 0, (int)(to - from));
		while (!cal_is_working(cal, rec))
			rec++;
		c->agency = (size_t)synth_range(&s, 0, (int)nag[0] - 1);
		c->col = synth_applicant(&s);
		synth_applicant_name(&s, c->col, c->name, sizeof(c->name));
		synth_address(&s, c->address, sizeof(c->address));
		synth_description(&s, date_to_ymd(rec).y, c->description, sizeof(c->description));
		/* now and then the horizon comes early: the request stays open */
		zf_day h = synth_range(&s, 1, 10) == 1 ? rec + synth_range(&s, 0, 30) : horizon;
		c->nev = synth_history(&s, cal, rec, h, c->ev);
		const struct clock_event *last = &c->ev[c->nev - 1];
		if (last->kind != CLOCK_REPLIED && last->kind != CLOCK_WITHDRAWN &&
		    last->kind != CLOCK_SUPPLEMENT_LAPSED && last->kind != CLOCK_FEE_LAPSED)
			open++;
		if (last->kind == CLOCK_REPLIED && synth_range(&s, 1, 100) <= 15) {
			c->review = true;
			c->litigate = synth_range(&s, 1, 100) <= 20;
			c->review_after = synth_range(&s, 1, 60);
			c->decided = synth_range(&s, 1, 100) <= 70;
			c->decide_after = synth_range(&s, 20, 200);
			int o = synth_range(&s, 1, 3);
			c->outcome = o == 1   ? REPORT_T4_UPHELD
				     : o == 2 ? REPORT_T4_CORRECTED
					      : REPORT_T4_OTHER;
			reviews++;
		}
	}
	tap_ok(open > 10 && reviews > 10, "the history has open requests (%zu) and cases (%zu)",
	       open, reviews);
	struct buf err = BUF_INIT;
	for (int e = 0; e < 2; e++)
		tap_int(store_cases(eng[e], ag[e], cs, N, &err), 0, "%d requests stored in %s: %s",
			N, names[e], buf_cstr(&err));

	long long cnt[2] = {0, 0};
	store_request_count(eng[0], &cnt[0]);
	store_request_count(eng[1], &cnt[1]);
	tap_ok(cnt[0] == N && cnt[1] == N, "both hold %d requests", N);

	/* the same lists */
	struct request_row *rl[2];
	size_t nrl[2];
	struct review_row *vl[2];
	size_t nvl[2];
	for (int e = 0; e < 2; e++) {
		store_request_list(eng[e], a, 0, 0, &rl[e], &nrl[e]);
		store_review_list(eng[e], a, 0, &vl[e], &nvl[e]);
	}
	bool same = nrl[0] == nrl[1] && nvl[0] == nvl[1];
	for (size_t i = 0; same && i < nrl[0]; i++)
		same = rl[0][i].id == rl[1][i].id && rl[0][i].received_on == rl[1][i].received_on &&
		       rl[0][i].closed_on == rl[1][i].closed_on &&
		       !strcmp(rl[0][i].state, rl[1][i].state) &&
		       !strcmp(rl[0][i].report_row, rl[1][i].report_row) &&
		       !strcmp(rl[0][i].description, rl[1][i].description) &&
		       rl[0][i].applicant_type == rl[1][i].applicant_type;
	tap_ok(same, "request lists are the same (%zu rows)", nrl[0]);
	same = nvl[0] == nvl[1];
	for (size_t i = 0; same && i < nvl[0]; i++)
		same = vl[0][i].id == vl[1][i].id && vl[0][i].filed_on == vl[1][i].filed_on &&
		       vl[0][i].decided_on == vl[1][i].decided_on &&
		       vl[0][i].outcome == vl[1][i].outcome && vl[0][i].kind == vl[1][i].kind;
	tap_ok(same, "review lists are the same (%zu rows)", nvl[0]);
	same = true;
	for (size_t i = 0; same && i < nrl[0]; i += 37) {
		struct request_record r0, r1;
		same = !store_request_get(eng[0], a, rl[0][i].id, &r0) &&
		       !store_request_get(eng[1], a, rl[0][i].id, &r1) &&
		       r0.nevents == r1.nevents && !strcmp(r0.applicant_name, r1.applicant_name) &&
		       !strcmp(r0.address, r1.address);
		for (size_t k = 0; same && k < r0.nevents; k++) {
			const struct clock_event *x = &r0.events[k], *y = &r1.events[k];
			same = x->kind == y->kind && x->on == y->on && x->until == y->until &&
			       x->delivered == y->delivered && x->days == y->days &&
			       x->channel == y->channel && x->party == y->party &&
			       !strcmp(x->decision ? x->decision : "",
				       y->decision ? y->decision : "") &&
			       !strcmp(x->who ? x->who : "", y->who ? y->who : "");
		}
	}
	tap_ok(same, "stored histories are the same, event for event");

	/* every year, the government with its subordinates and each agency alone */
	for (int year = 2023; year <= 2026; year++) {
		size_t checked = 0, cells = 0, nreq = 0, nrev = 0;
		bool ok = true;
		for (size_t g = 0; ok && g < nag[0]; g++) {
			struct report_gen_request *q[2];
			struct report_gen_review *w[2];
			size_t nq[2], nw[2];
			struct report *r[2] = {NULL, NULL};
			for (int e = 0; e < 2; e++) {
				long long *ids;
				size_t nids;
				store_agency_subtree(eng[e], ag[e][g].id, g == 0, &ids, &nids);
				ok = ok && !store_report_cases(eng[e], ids, nids, year, &q[e],
							       &nq[e], &w[e], &nw[e]);
				free(ids);
			}
			if (!ok)
				break;
			ok = nq[0] == nq[1] && nw[0] == nw[1];
			qsort(q[0], nq[0], sizeof(*q[0]), gen_cmp);
			qsort(q[1], nq[1], sizeof(*q[1]), gen_cmp);
			qsort(w[0], nw[0], sizeof(*w[0]), rev_cmp);
			qsort(w[1], nw[1], sizeof(*w[1]), rev_cmp);
			for (size_t i = 0; ok && i < nq[0]; i++)
				ok = gen_cmp(&q[0][i], &q[1][i]) == 0;
			for (size_t i = 0; ok && i < nw[0]; i++)
				ok = rev_cmp(&w[0][i], &w[1][i]) == 0;
			for (int e = 0; ok && e < 2; e++) {
				r[e] = report_new();
				ok = report_gen(r[e], year, q[e], nq[e], w[e], nw[e]) == 0;
			}
			size_t c = 0;
			if (ok)
				ok = same_cells(r[0], r[1], &c);
			report_free(r[0]);
			report_free(r[1]);
			cells += c;
			nreq += nq[0];
			nrev += nw[0];
			checked++;
			for (int e = 0; e < 2; e++) {
				free(q[e]);
				free(w[e]);
			}
		}
		tap_ok(ok && checked == nag[0],
		       "%d: report input and every report cell equal in both engines "
		       "(%zu reports, %zu cells, %zu requests, %zu cases)",
		       year, checked, cells, nreq, nrev);
	}
	/* and a report of the government's year has something in it */
	long long *ids;
	size_t nids;
	struct report_gen_request *q;
	struct report_gen_review *w;
	size_t nq, nw;
	store_agency_subtree(eng[1], ag[1][0].id, true, &ids, &nids);
	store_report_cases(eng[1], ids, nids, 2024, &q, &nq, &w, &nw);
	tap_ok(nq > 50 && nw > 0, "2024 has requests (%zu) and cases (%zu) to count", nq, nw);
	free(ids);
	free(q);
	free(w);

	buf_free(&err);
	free(cs);
	arena_free(a);
	store_close(eng[0]);
	store_close(eng[1]);
	free(path);
}

/* ---------------------------------------------------------------- main */

int main(void)
{
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	struct buf err = BUF_INIT, logs = BUF_INIT;
	cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	char *started = NULL;
	base_uri = getenv("ZF_TEST_PG");
	if (!base_uri || !*base_uri) {
		double t0 = now_seconds();
		started = start_server(&err);
		if (!tap_ok(started != NULL, "PostgreSQL starts (tests/pg/pg_start): %s",
			    started ? started : buf_cstr(&err)))
			return tap_done();
		printf("# PostgreSQL started in %.2f s\n", now_seconds() - t0);
		base_uri = started;
	}
	if (!tap_str(raw_state(base_uri, "SELECT 1"), "", "the server answers at %s", base_uri)) {
		free(started);
		return tap_done();
	}

	char *logpath = xasprintf("%s/log.txt", dir);
	FILE *logf = fopen(logpath, "w+");
	log_set_file(logf);
	log_set_level(LOG_DEBUG);

	test_open_errors();
	char *uri = fresh_db("zf_t_main");
	test_migrations(uri);
	free(uri);
	uri = fresh_db("zf_t_agencies");
	test_agencies(uri);
	test_audit_log(uri);
	free(uri);
	uri = fresh_db("zf_t_demo");
	test_demo_seed(uri);
	test_pool(uri);
	free(uri);

	uri = fresh_db("zf_t_requests");
	struct store *st = open_migrated(uri);
	bool seeded = false;
	store_seed_demo(st, &seeded);
	struct arena *a = arena_new(0);
	struct agency *ag;
	size_t n;
	store_agency_list(st, a, &ag, &n);
	test_requests(st, uri, ag[0].id);
	test_requests_area(st, uri, ag[1].id);
	arena_free(a);
	store_close(st);
	free(uri);

	uri = fresh_db("zf_t_both");
	double t0 = now_seconds();
	test_both_engines(uri);
	printf("# both engines compared in %.2f s\n", now_seconds() - t0);
	free(uri);

	fflush(logf);
	log_set_file(stderr);
	fclose(logf);
	buf_read_file(&logs, logpath, 0);
	tap_ok(logs.len > 0, "something was logged (%zu bytes)", logs.len);
	tap_ok(!strstr(buf_cstr(&logs), ID_NO) && !strstr(buf_cstr(&logs), PHONE) &&
		   !strstr(buf_cstr(&logs), ADDRESS) && !strstr(buf_cstr(&logs), "hidden") &&
		   !strstr(buf_cstr(&logs), "secret"),
	       "the log holds no personal data and no password");

	if (started) {
		stop_server(started);
		free(started);
	}
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		tap_ok(false, "cleanup");
	free(cmd);
	free(logpath);
	cal_free(cal);
	buf_free(&err);
	buf_free(&logs);
	return tap_done();
}
