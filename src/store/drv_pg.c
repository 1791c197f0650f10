/* drv_pg.c: the PostgreSQL half of the driver (libpq). Statements are prepared on the
 * server once per connection, at their first run, with parameter types taken from that run's
 * bindings (integers int8, reals float8, blobs bytea, text and NULL left for the server to
 * infer from the query, as SQLite would accept them). Results come back in text form and
 * are read from the PGresult. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"

#include <libpq-fe.h>

/* Type OIDs (pg_type.h is a server header). */
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_FLOAT8 701

/* Serialises writers: the key of the transaction-level advisory lock every outermost write
 * transaction takes (SQLite's BEGIN IMMEDIATE, on PostgreSQL). */
#define WRITER_LOCK "7379125475"

struct db_native {
	char name[24];
	char *sql;
	bool prepared;
	PGresult *res;
	int row, nrows;
};

static PGconn *conn(struct store *st)
{
	return st->conn;
}

static void pg_notice(void *arg, const char *message)
{
	ZF_UNUSED(arg);
	size_t n = strlen(message);
	while (n > 0 && message[n - 1] == '\n')
		n--;
	log_debug("postgresql notice=\"%.*s\"", (int)n, message);
}

/* libpq's message without its trailing newline, on one line, into out. */
static void add_reason(struct buf *out, const char *msg)
{
	size_t n = msg ? strlen(msg) : 0;
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (msg[i] == '\n' || msg[i] == '\t') {
			if (out->len && buf_cstr(out)[out->len - 1] != ' ')
				buf_addch(out, ' ');
		} else {
			buf_addch(out, msg[i]);
		}
	}
}

/* Appends msg to out with every PostgreSQL URI in it redacted (libpq quotes the target in
 * some of its messages, password included). */
static void add_redacted(struct buf *out, const char *msg)
{
	struct buf plain = BUF_INIT;
	add_reason(&plain, msg);
	const char *p = buf_cstr(&plain);
	for (;;) {
		const char *u = strstr(p, "postgres");
		if (!u) {
			buf_adds(out, p);
			break;
		}
		buf_add(out, p, (size_t)(u - p));
		size_t len = strcspn(u, "\" \t");
		char *uri = xstrndup(u, len);
		if (store_target_is_pg(uri))
			store_target_redact(uri, out);
		else
			buf_adds(out, uri);
		free(uri);
		p = u + len;
	}
	buf_free(&plain);
}

/* The server's primary message (never DETAIL: it can quote a row), or libpq's. */
static void primary_message(PGconn *c, const PGresult *res, struct buf *out)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (m)
		buf_adds(out, m);
	else
		add_reason(out, PQerrorMessage(c));
}

/* A failed result as an error code: constraint violations (class 23) and bad values (22)
 * are the caller's input (ZF_EINVAL); anything else ZF_EDB (logged). A lost connection
 * marks the store broken. */
static int pg_fail(struct store *st, const PGresult *res, const char *sql, bool *unique)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	struct buf msg = BUF_INIT;
	primary_message(conn(st), res, &msg);
	int rc = ZF_EDB;
	if (state && (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)) {
		if (unique)
			*unique = strcmp(state, "23505") == 0;
		log_debug("postgresql constraint sqlstate=%s error=\"%s\"", state, buf_cstr(&msg));
		rc = ZF_EINVAL;
	} else {
		log_error("postgresql error sqlstate=%s error=\"%s\" sql=\"%.80s\"",
			  state ? state : "-", buf_cstr(&msg), sql);
	}
	/* 08: connection exception; 57P01..57P03: the server shuts down */
	if (PQstatus(conn(st)) != CONNECTION_OK ||
	    (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)))
		db_mark_broken(st);
	buf_free(&msg);
	return rc;
}

static int pg_open(struct store *st, const char *target, struct buf *err)
{
	struct buf shown = BUF_INIT, reason = BUF_INIT;
	store_target_redact(target, &shown);
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(target, &perr);
	if (!opts) {
		add_redacted(&reason, perr ? perr : "内存不足");
		buf_setf(err, "PostgreSQL 数据库地址“%s”格式不对：%s", buf_cstr(&shown),
			 buf_cstr(&reason));
		PQfreemem(perr);
		buf_free(&shown);
		buf_free(&reason);
		return ZF_EINVAL;
	}
	PQconninfoFree(opts);
	/* the URI's own settings override the first two; the encoding is ours */
	static const char *const keys[] = {"connect_timeout", "application_name", "dbname",
					   "client_encoding", NULL};
	const char *const values[] = {"10", "zfxxgk", target, "UTF8", NULL};
	PGconn *c = PQconnectdbParams(keys, values, 1);
	int rc = 0;
	if (!c || PQstatus(c) != CONNECTION_OK) {
		add_redacted(&reason, c ? PQerrorMessage(c) : "内存不足");
		buf_setf(err, "无法连接 PostgreSQL 数据库“%s”：%s", buf_cstr(&shown),
			 buf_cstr(&reason));
		rc = ZF_EDB;
	}
	if (!rc) {
		PQsetErrorVerbosity(c, PQERRORS_TERSE);
		PQsetNoticeProcessor(c, pg_notice, NULL);
		const char *enc = PQparameterStatus(c, "server_encoding");
		if (!enc || strcmp(enc, "UTF8") != 0) {
			buf_setf(err,
				 "PostgreSQL 数据库“%s”的编码是 %s，zfxxgk 需要 UTF8 编码的数据库"
				 "（CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0）",
				 buf_cstr(&shown), enc ? enc : "未知");
			rc = ZF_EDB;
		}
	}
	if (!rc) {
		PGresult *res = PQexec(c, "SET datestyle = 'ISO, YMD'; SET timezone = 'UTC';"
					  " SET client_min_messages = warning");
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			add_reason(&reason, PQerrorMessage(c));
			buf_setf(err, "PostgreSQL 数据库“%s”无法使用：%s", buf_cstr(&shown),
				 buf_cstr(&reason));
			rc = ZF_EDB;
		}
		PQclear(res);
	}
	buf_free(&shown);
	buf_free(&reason);
	if (rc) {
		PQfinish(c);
		return rc;
	}
	st->conn = c;
	return 0;
}

static void pg_close(struct store *st)
{
	PQfinish(conn(st)); /* ends an open transaction: the server rolls it back */
	st->conn = NULL;
}

static int pg_prepare(struct store *st, const char *sql, int nparams, struct db_native **out)
{
	ZF_UNUSED(nparams);
	struct db_native *n = xcalloc(1, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "zf%lu", ++st->next_name);
	n->sql = xstrdup(sql);
	*out = n;
	return 0;
}

static void pg_finalize(struct store *st, struct db_native *n)
{
	PQclear(n->res);
	if (n->prepared && st->conn && !st->broken) {
		char *sql = xasprintf("DEALLOCATE %s", n->name);
		PQclear(PQexec(conn(st), sql));
		free(sql);
	}
	free(n->sql);
	free(n);
}

static void pg_reset(struct db_stmt *s)
{
	PQclear(s->native->res);
	s->native->res = NULL;
	s->native->row = s->native->nrows = 0;
}

static Oid bind_type(const struct db_bind *b)
{
	switch (b->kind) {
	case DB_B_INT: return OID_INT8;
	case DB_B_DOUBLE: return OID_FLOAT8;
	case DB_B_BLOB: return OID_BYTEA;
	default: return 0;
	}
}

static int pg_run(struct db_stmt *s)
{
	struct store *st = s->st;
	struct db_native *n = s->native;
	int np = s->nparams;
	Oid *types = xcalloc((size_t)(np ? np : 1), sizeof(*types));
	const char **values = xcalloc((size_t)(np ? np : 1), sizeof(*values));
	int *lengths = xcalloc((size_t)(np ? np : 1), sizeof(*lengths));
	int *formats = xcalloc((size_t)(np ? np : 1), sizeof(*formats));
	char(*room)[32] = xcalloc((size_t)(np ? np : 1), sizeof(*room));
	for (int i = 0; i < np; i++) {
		const struct db_bind *b = &s->binds[i];
		types[i] = bind_type(b);
		switch (b->kind) {
		case DB_B_NULL: values[i] = NULL; break;
		case DB_B_INT:
			snprintf(room[i], sizeof(room[i]), "%lld", b->i);
			values[i] = room[i];
			break;
		case DB_B_DOUBLE:
			snprintf(room[i], sizeof(room[i]), "%.17g", b->d);
			values[i] = room[i];
			break;
		case DB_B_TEXT: values[i] = b->p; break;
		case DB_B_BLOB:
			values[i] = b->p;
			lengths[i] = (int)b->n;
			formats[i] = 1;
			break;
		}
	}
	int rc = 0;
	if (!n->prepared) {
		PGresult *res = PQprepare(conn(st), n->name, n->sql, np, types);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_fail(st, res, n->sql, NULL);
		else
			n->prepared = true;
		PQclear(res);
	}
	if (!rc) {
		PGresult *res = PQexecPrepared(conn(st), n->name, np, values, lengths, formats, 0);
		ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
		if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
			n->res = res;
			n->row = -1;
			n->nrows = status == PGRES_TUPLES_OK ? PQntuples(res) : 0;
			const char *t = PQcmdTuples(res);
			s->changes = t && *t ? strtoll(t, NULL, 10) : 0;
		} else {
			rc = pg_fail(st, res, n->sql, &s->unique_violation);
			PQclear(res);
		}
	}
	free(types);
	free(values);
	free(lengths);
	free(formats);
	free(room);
	return rc;
}

static int pg_step(struct db_stmt *s)
{
	struct db_native *n = s->native;
	if (n->res && n->row >= n->nrows) /* stepping after the end runs it anew */
		pg_reset(s);
	if (!n->res) {
		int rc = pg_run(s);
		if (rc)
			return rc;
	}
	n->row++;
	if (n->row < n->nrows)
		return DB_ROW;
	return DB_DONE;
}

static bool in_row(struct db_stmt *s, int i)
{
	struct db_native *n = s->native;
	return n->res && n->row >= 0 && n->row < n->nrows && i >= 0 && i < PQnfields(n->res);
}

static int pg_col_count(struct db_stmt *s)
{
	return s->native->res ? PQnfields(s->native->res) : 0;
}

static const char *pg_col_name(struct db_stmt *s, int i)
{
	const char *n = s->native->res ? PQfname(s->native->res, i) : NULL;
	return n ? n : "";
}

static bool pg_col_null(struct db_stmt *s, int i);

static enum db_type pg_col_type(struct db_stmt *s, int i)
{
	if (pg_col_null(s, i))
		return DB_T_NULL;
	switch (PQftype(s->native->res, i)) {
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
	case 16: /* bool */ return DB_T_INT;
	case 700: /* float4 */
	case 701: /* float8 */
	case 1700: /* numeric */ return DB_T_DOUBLE;
	case OID_BYTEA: return DB_T_BLOB;
	default: return DB_T_TEXT;
	}
}

static bool pg_col_null(struct db_stmt *s, int i)
{
	return !in_row(s, i) || PQgetisnull(s->native->res, s->native->row, i);
}

static const char *pg_col_text(struct db_stmt *s, int i, size_t *len)
{
	*len = 0;
	if (pg_col_null(s, i))
		return NULL;
	*len = (size_t)PQgetlength(s->native->res, s->native->row, i);
	return PQgetvalue(s->native->res, s->native->row, i);
}

static long long pg_col_int(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = pg_col_text(s, i, &len);
	if (!t)
		return 0;
	if (len == 1 && (*t == 't' || *t == 'f')) /* a boolean */
		return *t == 't';
	return strtoll(t, NULL, 10);
}

static double pg_col_double(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = pg_col_text(s, i, &len);
	return t ? strtod(t, NULL) : 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const void *pg_col_blob(struct db_stmt *s, int i, size_t *len)
{
	const char *t = pg_col_text(s, i, len);
	if (!t)
		return NULL;
	Oid type = PQftype(s->native->res, i);
	if (type != OID_BYTEA || *len < 2 || t[0] != '\\' || t[1] != 'x')
		return t; /* text read as bytes */
	buf_reset(&s->scratch);
	for (size_t k = 2; k + 1 < *len; k += 2) {
		int hi = hexval(t[k]), lo = hexval(t[k + 1]);
		if (hi < 0 || lo < 0)
			break;
		buf_addch(&s->scratch, (char)(hi * 16 + lo));
	}
	*len = s->scratch.len;
	return s->scratch.len ? s->scratch.p : "";
}

static int pg_exec(struct store *st, const char *sql)
{
	PGresult *res = PQexec(conn(st), sql);
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = pg_fail(st, res, sql, NULL);
	PQclear(res);
	return rc;
}

static int pg_begin_write(struct store *st)
{
	return pg_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(" WRITER_LOCK ")");
}

static int pg_tables(struct store *st, struct arena *a, const char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	PGresult *res = PQexec(conn(st), "SELECT tablename FROM pg_tables"
					 " WHERE schemaname = current_schema()"
					 " AND tablename <> 'schema_migrations'"
					 " ORDER BY tablename COLLATE \"C\"");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = pg_fail(st, res, "pg_tables", NULL);
		PQclear(res);
		return rc;
	}
	int rows = PQntuples(res);
	const char **list = arena_alloc(a, sizeof(*list) * (size_t)(rows ? rows : 1));
	if (!list) {
		PQclear(res);
		return ZF_ENOMEM;
	}
	for (int r = 0; r < rows; r++)
		list[r] = arena_strdup(a, PQgetvalue(res, r, 0));
	PQclear(res);
	*names = list;
	*n = (size_t)rows;
	return 0;
}

static int pg_is_empty(struct store *st, bool *empty)
{
	struct arena *a = arena_new(0);
	const char **names;
	size_t n = 0;
	int rc = pg_tables(st, a, &names, &n);
	*empty = n == 0;
	arena_free(a);
	return rc;
}

const struct db_driver db_driver_pg = {
    .name = "postgresql",
    .engine = DB_PG,
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .step = pg_step,
    .reset = pg_reset,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .col_null = pg_col_null,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_blob = pg_col_blob,
    .exec = pg_exec,
    .begin_write = pg_begin_write,
    .is_empty = pg_is_empty,
    .tables = pg_tables,
};
