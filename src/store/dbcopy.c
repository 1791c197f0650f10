/* dbcopy.c: whole-database operations written once for both engines: the canonical dump
 * (tests, checksums) and db copy. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"

/* Appends one value to a row line: bytes escaped so that a row is one line. */
static void add_value(struct buf *out, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c < 0x20) {
			buf_addch(out, '\\');
			buf_addch(out, hex[c >> 4]);
			buf_addch(out, hex[c & 15]);
		} else {
			buf_addch(out, (char)c);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows of one table as sorted lines. */
static int table_lines(struct store *st, const char *table, char ***lines, size_t *n)
{
	char *sql = xasprintf("SELECT * FROM %s", table);
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	free(sql);
	*lines = NULL;
	*n = 0;
	if (rc)
		return rc;
	size_t alloc = 0;
	struct buf line = BUF_INIT;
	while ((rc = db_step(s)) == DB_ROW) {
		buf_reset(&line);
		int nc = db_col_count(s);
		for (int c = 0; c < nc; c++) {
			if (c)
				buf_addch(&line, '\t');
			if (db_col_null(s, c)) {
				buf_adds(&line, "\\N");
				continue;
			}
			size_t len = 0;
			const void *p = db_col_blob(s, c, &len);
			add_value(&line, p, len);
		}
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			*lines = xrealloc(*lines, alloc * sizeof(**lines));
		}
		(*lines)[(*n)++] = xstrdup(buf_cstr(&line));
	}
	buf_free(&line);
	db_finish(s);
	if (rc < 0)
		return rc;
	qsort(*lines, *n, sizeof(**lines), cmp_str);
	return 0;
}

int store_dump(struct store *st, struct buf *out)
{
	struct arena *a = arena_new(0);
	const char **names;
	size_t n = 0;
	int rc = st->drv->tables(st, a, &names, &n);
	for (size_t t = 0; !rc && t < n; t++) {
		char **lines;
		size_t nl;
		rc = table_lines(st, names[t], &lines, &nl);
		if (rc)
			break;
		buf_printf(out, "-- %s (%zu)\n", names[t], nl);
		for (size_t i = 0; i < nl; i++) {
			buf_adds(out, lines[i]);
			buf_addch(out, '\n');
			free(lines[i]);
		}
		free(lines);
	}
	arena_free(a);
	return rc;
}
