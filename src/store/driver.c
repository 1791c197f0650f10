/* driver.c: the engine-independent half of the driver (driver.h): the statement cache,
 * bindings, placeholder translation, portable DDL, and the helpers every area uses. The
 * engines' halves are drv_sqlite.c and drv_pg.c. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"

#include <time.h>

enum db_engine db_engine(const struct store *st)
{
	return st->drv->engine;
}

bool store_broken(const struct store *st)
{
	return st && st->broken;
}

void db_mark_broken(struct store *st)
{
	if (!st->broken)
		log_error("store connection lost engine=%s", st->drv->name);
	st->broken = true;
}

/* ---------------------------------------------------------------- placeholders */

int db_translate_params(const char *sql, bool dollar, struct buf *out, int *nparams)
{
	int next = 0, highest = 0;
	bool plain = false, numbered = false;
	for (const char *p = sql; *p;) {
		char c = *p;
		if (c == '\'' || c == '"') { /* a literal or a quoted name: copied as is */
			const char *q = p + 1;
			for (;;) {
				if (!*q)
					break;
				if (*q == c) {
					if (q[1] == c) {
						q += 2;
						continue;
					}
					q++;
					break;
				}
				q++;
			}
			buf_add(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (c == '-' && p[1] == '-') { /* a comment to the end of the line */
			size_t len = strcspn(p, "\n");
			buf_add(out, p, len);
			p += len;
			continue;
		}
		if (c != '?') {
			buf_addch(out, c);
			p++;
			continue;
		}
		int n;
		p++;
		if (*p >= '0' && *p <= '9') {
			n = 0;
			while (*p >= '0' && *p <= '9' && n < 10000)
				n = n * 10 + (*p++ - '0');
			numbered = true;
		} else {
			n = ++next;
			plain = true;
		}
		if (n < 1 || n > 9999 || (plain && numbered))
			return ZF_EINVAL;
		if (n > highest)
			highest = n;
		if (dollar)
			buf_printf(out, "$%d", n);
		else
			buf_printf(out, "?%d", n);
	}
	*nparams = highest;
	return 0;
}

/* ---------------------------------------------------------------- statements */

static unsigned long sql_hash(const char *s)
{
	unsigned long h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void binds_clear(struct db_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->binds[i].p);
		s->binds[i] = (struct db_bind){.kind = DB_B_NULL};
	}
}

static void stmt_free(struct db_stmt *s)
{
	if (!s)
		return;
	if (s->native)
		s->st->drv->finalize(s->st, s->native);
	binds_clear(s);
	free(s->binds);
	free(s->sql);
	buf_free(&s->scratch);
	free(s);
}

int db_prepare(struct store *st, const char *sql, struct db_stmt **out)
{
	*out = NULL;
	if (st->broken)
		return ZF_EDB;
	unsigned long h = sql_hash(sql);
	for (size_t i = 0; i < st->ncache; i++) {
		struct db_stmt *c = st->cache[i];
		if (c->hash == h && !c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = true;
			c->used = ++st->uses;
			*out = c;
			return 0;
		}
	}
	struct buf tr = BUF_INIT;
	int nparams = 0;
	if (db_translate_params(sql, st->drv->engine == DB_PG, &tr, &nparams)) {
		log_error("store bad placeholders sql=\"%.80s\"", sql);
		buf_free(&tr);
		return ZF_EDB;
	}
	struct db_native *native = NULL;
	int rc = st->drv->prepare(st, buf_cstr(&tr), nparams, &native);
	buf_free(&tr);
	if (rc)
		return rc;
	struct db_stmt *s = xcalloc(1, sizeof(*s));
	s->st = st;
	s->native = native;
	s->sql = xstrdup(sql);
	s->hash = h;
	s->nparams = nparams;
	s->binds = xcalloc((size_t)(nparams ? nparams : 1), sizeof(*s->binds));
	s->in_use = true;
	s->used = ++st->uses;
	if (st->ncache == DB_CACHE_SIZE) {
		/* full: the statement used longest ago (and not in use) makes room, so that the
		 * hot statements stay prepared whatever texts a long-lived connection has seen */
		size_t old = DB_CACHE_SIZE;
		for (size_t i = 0; i < st->ncache; i++)
			if (!st->cache[i]->in_use &&
			    (old == DB_CACHE_SIZE || st->cache[i]->used < st->cache[old]->used))
				old = i;
		if (old < DB_CACHE_SIZE) {
			stmt_free(st->cache[old]);
			st->cache[old] = st->cache[--st->ncache];
		}
	}
	if (st->ncache < DB_CACHE_SIZE) {
		s->cached = true;
		st->cache[st->ncache++] = s;
	}
	*out = s;
	return 0;
}

void db_finish(struct db_stmt *s)
{
	if (!s)
		return;
	s->st->drv->reset(s);
	binds_clear(s);
	s->changes = 0;
	s->unique_violation = false;
	if (s->cached)
		s->in_use = false;
	else
		stmt_free(s);
}

/* Frees every cached statement (store_close). */
void db_cache_clear(struct store *st);
void db_cache_clear(struct store *st)
{
	for (size_t i = 0; i < st->ncache; i++)
		stmt_free(st->cache[i]);
	st->ncache = 0;
}

int db_param_count(struct db_stmt *s)
{
	return s->nparams;
}

static struct db_bind *bind_slot(struct db_stmt *s, int i)
{
	if (i < 1 || i > s->nparams)
		BUG("bind index %d out of 1..%d for \"%.60s\"", i, s->nparams, s->sql);
	struct db_bind *b = &s->binds[i - 1];
	free(b->p);
	*b = (struct db_bind){.kind = DB_B_NULL};
	return b;
}

void db_bind_int(struct db_stmt *s, int i, long long v)
{
	struct db_bind *b = bind_slot(s, i);
	b->kind = DB_B_INT;
	b->i = v;
}

void db_bind_double(struct db_stmt *s, int i, double v)
{
	struct db_bind *b = bind_slot(s, i);
	b->kind = DB_B_DOUBLE;
	b->d = v;
}

void db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n)
{
	struct db_bind *b = bind_slot(s, i);
	if (!v)
		return;
	b->kind = DB_B_TEXT;
	b->p = xmalloc(n + 1);
	memcpy(b->p, v, n);
	b->p[n] = '\0';
	b->n = n;
}

void db_bind_text(struct db_stmt *s, int i, const char *v)
{
	db_bind_textn(s, i, v, v ? strlen(v) : 0);
}

void db_bind_day(struct db_stmt *s, int i, zf_day d)
{
	if (!d) {
		bind_slot(s, i);
		return;
	}
	char day[16];
	date_format(d, day);
	db_bind_text(s, i, day);
}

void db_bind_blob(struct db_stmt *s, int i, const void *v, size_t n)
{
	struct db_bind *b = bind_slot(s, i);
	if (!v)
		return;
	b->kind = DB_B_BLOB;
	b->p = xmalloc(n ? n : 1);
	memcpy(b->p, v, n);
	b->n = n;
}

void db_bind_null(struct db_stmt *s, int i)
{
	bind_slot(s, i);
}

int db_step(struct db_stmt *s)
{
	if (s->st->broken)
		return ZF_EDB;
	s->unique_violation = false;
	return s->st->drv->step(s);
}

int db_run(struct db_stmt *s)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		;
	db_finish(s);
	return rc;
}

int db_run_id(struct db_stmt *s, long long *out)
{
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		rc = db_step(s);
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

long long db_changes(struct db_stmt *s)
{
	return s->changes;
}

bool db_unique_violation(struct db_stmt *s)
{
	return s->unique_violation;
}

int db_col_count(struct db_stmt *s)
{
	return s->st->drv->col_count(s);
}

const char *db_col_name(struct db_stmt *s, int i)
{
	return s->st->drv->col_name(s, i);
}

enum db_type db_col_type(struct db_stmt *s, int i)
{
	return s->st->drv->col_type(s, i);
}

bool db_col_null(struct db_stmt *s, int i)
{
	return s->st->drv->col_null(s, i);
}

long long db_col_int(struct db_stmt *s, int i)
{
	return s->st->drv->col_int(s, i);
}

double db_col_double(struct db_stmt *s, int i)
{
	return s->st->drv->col_double(s, i);
}

const char *db_col_text(struct db_stmt *s, int i)
{
	size_t len;
	return s->st->drv->col_text(s, i, &len);
}

size_t db_col_bytes(struct db_stmt *s, int i)
{
	size_t len = 0;
	if (!s->st->drv->col_blob(s, i, &len))
		return 0;
	return len;
}

const void *db_col_blob(struct db_stmt *s, int i, size_t *n)
{
	size_t len = 0;
	const void *p = s->st->drv->col_blob(s, i, &len);
	if (n)
		*n = p ? len : 0;
	return p;
}

zf_day db_col_day(struct db_stmt *s, int i)
{
	size_t len;
	const char *t = s->st->drv->col_text(s, i, &len);
	zf_day d;
	if (!t || len < 10 || date_parse((struct str){t, 10}, &d))
		return 0;
	return d;
}

const char *db_col_str(struct db_stmt *s, struct arena *a, int i)
{
	size_t len;
	const char *t = s->st->drv->col_text(s, i, &len);
	if (!t)
		return NULL;
	return arena_strndup(a, t, len);
}

int db_exec(struct store *st, const char *sql)
{
	if (st->broken)
		return ZF_EDB;
	return st->drv->exec(st, sql);
}

int db_read_rows(struct db_stmt *s, struct arena *a, size_t size,
		 int (*read)(struct db_stmt *s, struct arena *a, void *row), void **out, size_t *n)
{
	size_t len = 0, alloc = 0;
	char *v = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, size);
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		memset(v + size * len, 0, size);
		if ((rc = read(s, a, v + size * len++)))
			break;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int db_query_int(struct store *st, const char *sql, long long *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}

void db_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---------------------------------------------------------------- portable DDL */

static const struct {
	const char *token;
	const char *sqlite, *pg;
} ddl_tokens[] = {
    {"{ID}", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
    {"{ID_NEVER_REUSED}", "INTEGER PRIMARY KEY AUTOINCREMENT",
     "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
    {"{NOW}", "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
     "(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"},
    {"{NOW_MS}", "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
     "(to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'))"},
    {"{WITHOUT_ROWID}", "WITHOUT ROWID", ""},
};

/* PostgreSQL names of SQLite's type words. */
static const struct {
	const char *word, *pg;
} ddl_types[] = {
    {"INTEGER", "BIGINT"},
    {"REAL", "DOUBLE PRECISION"},
    {"BLOB", "BYTEA"},
};

static bool word_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

void db_ddl_expand(enum db_engine engine, const char *sql, struct buf *out)
{
	bool skip = false; /* inside the other engine's block */
	const char *p = sql;
	while (*p) {
		if (*p == '{') {
			if (strncmp(p, "{SQLITE}", 8) == 0) {
				skip = engine != DB_SQLITE;
				p += 8;
				continue;
			}
			if (strncmp(p, "{PG}", 4) == 0) {
				skip = engine != DB_PG;
				p += 4;
				continue;
			}
			if (strncmp(p, "{END}", 5) == 0) {
				skip = false;
				p += 5;
				continue;
			}
		}
		if (skip) {
			p++;
			continue;
		}
		if (*p == '-' && p[1] == '-') { /* a comment, to the end of the line */
			size_t len = strcspn(p, "\n");
			buf_add(out, p, len);
			p += len;
			continue;
		}
		if (*p == '\'' || (*p == '$' && p[1] == '$')) { /* literals and $$ bodies as is */
			const char *end;
			if (*p == '\'') {
				end = p + 1;
				while (*end && !(*end == '\'' && end[1] != '\''))
					end += *end == '\'' ? 2 : 1;
				if (*end)
					end++;
			} else {
				end = strstr(p + 2, "$$");
				end = end ? end + 2 : p + strlen(p);
			}
			buf_add(out, p, (size_t)(end - p));
			p = end;
			continue;
		}
		bool done = false;
		if (*p == '{') {
			for (size_t i = 0; i < ARRAY_SIZE(ddl_tokens); i++) {
				size_t len = strlen(ddl_tokens[i].token);
				if (strncmp(p, ddl_tokens[i].token, len) == 0) {
					buf_adds(out, engine == DB_PG ? ddl_tokens[i].pg
								      : ddl_tokens[i].sqlite);
					p += len;
					done = true;
					break;
				}
			}
		}
		if (!done && engine == DB_PG && word_char(*p) && (p == sql || !word_char(p[-1]))) {
			for (size_t i = 0; i < ARRAY_SIZE(ddl_types); i++) {
				size_t len = strlen(ddl_types[i].word);
				if (strncmp(p, ddl_types[i].word, len) == 0 && !word_char(p[len])) {
					buf_adds(out, ddl_types[i].pg);
					p += len;
					done = true;
					break;
				}
			}
			if (!done) { /* copy the whole word, so "PRIMARY_INTEGER" stays */
				const char *e = p;
				while (word_char(*e))
					e++;
				buf_add(out, p, (size_t)(e - p));
				p = e;
				done = true;
			}
		}
		if (!done)
			buf_addch(out, *p++);
	}
}

int db_exec_ddl(struct store *st, const char *sql)
{
	struct buf out = BUF_INIT;
	db_ddl_expand(st->drv->engine, sql, &out);
	int rc = db_exec(st, buf_cstr(&out));
	buf_free(&out);
	return rc;
}
