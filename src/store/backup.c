/* backup.c: the backup file's header (backup.h), a snapshot for reading, and the wipe of a
 * forced restore, written once for both engines (driver.h). */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "store/backup.h"
#include "store/db.h"

static bool is_hex64(const char *p, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* A decimal in [0, 10^15) from p[0..n). */
static bool parse_count(const char *p, size_t n, long long *out)
{
	if (n == 0 || n > 15)
		return false;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return true;
}

static bool is_name(const char *p, size_t n)
{
	if (n == 0 || n >= 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
			return false;
	return true;
}

/* Splits line[0..n) into at most max words separated by one space. */
static size_t words(const char *line, size_t n, struct str *w, size_t max)
{
	size_t k = 0, i = 0;
	while (i <= n && k < max) {
		size_t j = i;
		while (j < n && line[j] != ' ')
			j++;
		w[k++] = (struct str){line + i, j - i};
		if (j >= n)
			return k;
		i = j + 1;
	}
	return max + 1; /* too many */
}

static bool word_is(struct str w, const char *s)
{
	return w.len == strlen(s) && memcmp(w.p, s, w.len) == 0;
}

int backup_header_parse(const char *p, size_t n, struct backup_header *h, struct buf *err)
{
	memset(h, 0, sizeof(*h));
	size_t magic = strlen(BACKUP_MAGIC);
	if (n < magic || memcmp(p, BACKUP_MAGIC, magic) != 0) {
		buf_setf(err, "这不是 zfxxgk 的备份文件（文件开头不是“zfxxgk-backup 1”）");
		return ZF_EINVAL;
	}
	size_t limit = n < BACKUP_MAX_HEAD ? n : BACKUP_MAX_HEAD;
	size_t i = magic, lineno = 1;
	bool have_created = false, have_engine = false, have_schema = false, have_audit = false,
	     have_body = false;
	size_t alloc = 0;
	for (;;) {
		lineno++;
		const char *nl = memchr(p + i, '\n', limit - i);
		if (!nl) {
			buf_setf(err, "备份文件的头部不完整或过长（第 %zu 行没有结束）", lineno);
			goto fail;
		}
		size_t len = (size_t)(nl - (p + i));
		const char *line = p + i;
		i += len + 1;
		if (len == 0)
			break;
		struct str w[5];
		size_t nw = words(line, len, w, 4);
		bool ok = false;
		if (nw == 2 && word_is(w[0], "created") && w[1].len < sizeof(h->created) &&
		    w[1].len >= 10 && !have_created) {
			memcpy(h->created, w[1].p, w[1].len);
			ok = true;
			for (size_t k = 0; k < w[1].len; k++)
				if (!w[1].p[k] || !strchr("0123456789-:TZ.", w[1].p[k]))
					ok = false;
			have_created = ok;
		} else if (nw == 2 && word_is(w[0], "engine") && !have_engine &&
			   (word_is(w[1], "sqlite") || word_is(w[1], "postgresql"))) {
			memcpy(h->engine, w[1].p, w[1].len);
			ok = have_engine = true;
		} else if (nw == 2 && word_is(w[0], "schema") && !have_schema) {
			long long v = 0;
			ok = have_schema =
			    parse_count(w[1].p, w[1].len, &v) && v >= 1 && v < 100000;
			h->schema = (int)v;
		} else if (nw == 3 && word_is(w[0], "audit") && !have_audit) {
			ok = have_audit = parse_count(w[1].p, w[1].len, &h->audit_lines) &&
					  is_hex64(w[2].p, w[2].len);
			if (ok)
				memcpy(h->audit_head, w[2].p, 64);
		} else if (nw == 3 && word_is(w[0], "table") && !have_body) {
			long long rows = 0;
			ok = is_name(w[1].p, w[1].len) && parse_count(w[2].p, w[2].len, &rows) &&
			     h->ntables < BACKUP_MAX_TABLES;
			for (size_t k = 0; ok && k < h->ntables; k++)
				if (strlen(h->tables[k].name) == w[1].len &&
				    !memcmp(h->tables[k].name, w[1].p, w[1].len))
					ok = false;
			if (ok) {
				if (h->ntables == alloc) {
					alloc = alloc ? alloc * 2 : 64;
					h->tables = xrealloc(h->tables, alloc * sizeof(*h->tables));
				}
				struct backup_table *t = &h->tables[h->ntables++];
				memset(t, 0, sizeof(*t));
				memcpy(t->name, w[1].p, w[1].len);
				t->rows = rows;
			}
		} else if (nw == 4 && word_is(w[0], "body") && word_is(w[1], "sqlite3") &&
			   !have_body) {
			ok = have_body = parse_count(w[2].p, w[2].len, &h->body_bytes) &&
					 h->body_bytes > 0 && is_hex64(w[3].p, w[3].len);
			if (ok)
				memcpy(h->body_sha, w[3].p, 64);
		}
		if (!ok) {
			buf_setf(err, "备份文件的头部第 %zu 行无法识别或重复", lineno);
			goto fail;
		}
	}
	if (!have_created || !have_engine || !have_schema || !have_audit || !have_body ||
	    !h->ntables) {
		buf_setf(err, "备份文件的头部缺少必需的项目（created、engine、schema、audit、"
			      "table、body）");
		goto fail;
	}
	h->head_len = i;
	return 0;
fail:
	backup_header_free(h);
	return ZF_EINVAL;
}

void backup_header_write(const struct backup_header *h, struct buf *out)
{
	buf_adds(out, BACKUP_MAGIC);
	buf_printf(out, "created %s\nengine %s\nschema %d\naudit %lld %s\n", h->created, h->engine,
		   h->schema, h->audit_lines, h->audit_head);
	for (size_t i = 0; i < h->ntables; i++)
		buf_printf(out, "table %s %lld\n", h->tables[i].name, h->tables[i].rows);
	buf_printf(out, "body sqlite3 %lld %s\n\n", h->body_bytes, h->body_sha);
}

void backup_header_free(struct backup_header *h)
{
	free(h->tables);
	h->tables = NULL;
	h->ntables = 0;
}

int store_snapshot_begin(struct store *st)
{
	if (db_engine(st) == DB_PG)
		return db_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	/* a deferred transaction takes its snapshot at the first read: read at once */
	long long one = 0;
	int rc = db_exec(st, "BEGIN");
	if (!rc)
		rc = db_query_int(st, "SELECT count(*) FROM schema_migrations", &one);
	return rc;
}

int store_snapshot_end(struct store *st)
{
	return db_exec(st, "COMMIT");
}

int store_backup_seal(struct store *st)
{
	return db_engine(st) == DB_SQLITE ? db_exec(st, "PRAGMA journal_mode = DELETE") : 0;
}

int store_wipe(struct store *st)
{
	if (db_engine(st) == DB_PG)
		return db_exec(st, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	/* SQLite: drop every object of the schema; foreign keys off while doing it */
	struct arena *a = arena_new(0);
	struct db_stmt *s;
	int rc = db_exec(st, "PRAGMA foreign_keys = OFF");
	if (!rc)
		rc =
		    db_prepare(st,
			       "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
			       " AND type IN ('table', 'view') ORDER BY type = 'table',"
			       " sql NOT LIKE 'CREATE VIRTUAL TABLE%'",
			       &s);
	const char **drops = NULL;
	size_t n = 0, alloc = 0;
	if (!rc) {
		while ((rc = db_step(s)) == DB_ROW) {
			drops = arena_grow(a, drops, n, &alloc, sizeof(*drops));
			if (!drops) {
				rc = ZF_ENOMEM;
				break;
			}
			drops[n++] =
			    arena_printf(a, "DROP %s IF EXISTS \"%s\"",
					 strcmp(db_col_text(s, 0), "view") ? "TABLE" : "VIEW",
					 db_col_text(s, 1));
		}
		if (rc == DB_DONE)
			rc = 0;
		db_finish(s);
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = db_exec(st, drops[i]);
	db_exec(st, "PRAGMA foreign_keys = ON");
	arena_free(a);
	return rc;
}
