/* dbcopy.c: whole-database operations written once for both engines: the canonical dump
 * (tests, checksums) and db copy. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "store_int.h"
#include "docs_int.h"
#include "store/lists.h"

#include <sodium.h>

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

/* A value as both engines write it: integers and reals by printf, text and blobs as bytes. */
static void add_canonical(struct buf *out, struct db_stmt *s, int c)
{
	switch (db_col_type(s, c)) {
	case DB_T_NULL: buf_adds(out, "\\N"); return;
	case DB_T_INT: buf_printf(out, "%lld", db_col_int(s, c)); return;
	case DB_T_DOUBLE: buf_printf(out, "%.15g", db_col_double(s, c)); return;
	default: {
		size_t len = 0;
		const void *p = db_col_blob(s, c, &len);
		add_value(out, p, len);
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
			add_canonical(&line, s, c);
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
	if (*n)
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

/* ---------------------------------------------------------------- db copy */

/* What an engine keeps beside the tables and db copy does not copy: rebuilt in the target
 * after the rows are in (the search index of each engine). Areas add theirs here. */
static int store_copy_rebuild(struct store *to)
{
	/* SQLite's FTS5 table is filled by the triggers of docs as the rows go in; PostgreSQL's
	 * doc_terms is written from C */
	if (db_engine(to) != DB_PG)
		return docs_takedowns_unindex_all(to); /* 撤稿: out of the index again */
	struct db_stmt *s;
	int rc = db_prepare(to,
			    "SELECT id, title, doc_no, keywords, summary, body FROM docs"
			    " WHERE id NOT IN (SELECT doc_id FROM doc_terms) AND id NOT IN"
			    " (SELECT doc_id FROM doc_takedowns WHERE attachment_id IS NULL)"
			    " ORDER BY id",
			    &s);
	if (rc)
		return rc;
	/* the rows are read first: the index writes go through other statements */
	struct arena *a = arena_new(0);
	struct row {
		long long id;
		const char *c[5];
	} *rows = NULL;
	size_t n = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		rows = arena_grow(a, rows, n, &alloc, sizeof(*rows));
		if (!rows) {
			rc = ZF_ENOMEM;
			break;
		}
		rows[n].id = db_col_int(s, 0);
		for (int c = 0; c < 5; c++)
			rows[n].c[c] = db_col_str(s, a, c + 1);
		n++;
	}
	db_finish(s);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = docs_index_put(to, rows[i].id, rows[i].c[0], rows[i].c[1], rows[i].c[2],
				    rows[i].c[3], rows[i].c[4]);
	arena_free(a);
	return rc < 0 ? rc : 0;
}

static size_t name_len(const char *p)
{
	return strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
}

static int name_index(const char *const *names, size_t n, const char *p, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(names[i], p, len) == 0)
			return (int)i;
	return -1;
}

/* The tables in an order where each comes after every table it refers to, read from the
 * portable DDL itself: the order the migrations create them, then moved after the tables
 * their REFERENCES name (a later ALTER TABLE ... REFERENCES counts too). */
static void creation_order(struct arena *a, const char ***names, size_t *n)
{
	size_t alloc = 0;
	const char **found = NULL;
	size_t nf = 0;
	*names = NULL;
	*n = 0;
	/* as many tables as the migrations create (an upper bound: CREATE TABLE statements) */
	size_t cap = 0;
	for (size_t m = 0; m < store_nmigrations; m++)
		for (const char *p = store_migrations[m].sql; (p = strstr(p, "CREATE TABLE ")); p++)
			cap++;
	if (!cap)
		return;
	/* dep[i * cap + j]: table i refers to table j */
	bool *dep = arena_alloc(a, cap * cap * sizeof(*dep));
	bool *done = arena_alloc(a, cap * sizeof(*done));
	if (!dep || !done)
		return;
	memset(dep, 0, cap * cap * sizeof(*dep));
	memset(done, 0, cap * sizeof(*done));
	for (size_t m = 0; m < store_nmigrations; m++) {
		int owner = -1;
		for (const char *p = store_migrations[m].sql; *p; p++) {
			if (strncmp(p, "CREATE ", 7) == 0)
				owner = -1;
			bool create = strncmp(p, "CREATE TABLE ", 13) == 0;
			bool alter = strncmp(p, "ALTER TABLE ", 12) == 0;
			if (create || alter) {
				p += create ? 13 : 12;
				if (strncmp(p, "IF NOT EXISTS ", 14) == 0)
					p += 14;
				size_t len = name_len(p);
				if (!len)
					continue;
				owner = name_index(found, nf, p, len);
				if (owner < 0 && create && nf < cap) {
					found = arena_grow(a, found, nf, &alloc, sizeof(*found));
					if (!found)
						return;
					found[nf] = arena_strndup(a, p, len);
					owner = (int)nf++;
				}
			} else if (owner >= 0 && strncmp(p, "REFERENCES ", 11) == 0) {
				int to = name_index(found, nf, p + 11, name_len(p + 11));
				if (to >= 0 && to != owner)
					dep[(size_t)owner * cap + (size_t)to] = true;
			}
		}
	}
	const char **out = arena_alloc(a, sizeof(*out) * (nf ? nf : 1));
	if (!out)
		return;
	for (size_t k = 0; k < nf; k++) {
		size_t pick = nf;
		for (size_t i = 0; i < nf && pick == nf; i++) {
			if (done[i])
				continue;
			bool ready = true;
			for (size_t j = 0; j < nf && ready; j++)
				ready = !dep[i * cap + j] || done[j];
			if (ready)
				pick = i;
		}
		for (size_t i = 0; i < nf && pick == nf; i++) /* a cycle: creation order */
			if (!done[i])
				pick = i;
		done[pick] = true;
		out[k] = found[pick];
	}
	*names = out;
	*n = nf;
}

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* The column names of a table (a query that returns no row). */
static int table_columns(struct store *st, struct arena *a, const char *table, const char ***cols,
			 size_t *n)
{
	char *sql = xasprintf("SELECT * FROM %s WHERE 1 = 0", table);
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	free(sql);
	*cols = NULL;
	*n = 0;
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc >= 0) {
		int nc = db_col_count(s);
		*cols = arena_alloc(a, sizeof(**cols) * (size_t)(nc ? nc : 1));
		for (int c = 0; *cols && c < nc; c++)
			(*cols)[c] = arena_strdup(a, db_col_name(s, c));
		*n = (size_t)nc;
		rc = *cols ? 0 : ZF_ENOMEM;
	}
	db_finish(s);
	return rc;
}

/* Rows and a SHA-256 of the sorted canonical lines of `cols` of table. */
static int table_sum(struct store *st, const char *table, const char *cols, long long *rows,
		     char hex[65])
{
	char *sql = xasprintf("SELECT %s FROM %s", cols, table);
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	free(sql);
	if (rc)
		return rc;
	char **lines = NULL;
	size_t n = 0, alloc = 0;
	struct buf line = BUF_INIT;
	while ((rc = db_step(s)) == DB_ROW) {
		buf_reset(&line);
		for (int c = 0; c < db_col_count(s); c++) {
			if (c)
				buf_addch(&line, '\t');
			add_canonical(&line, s, c);
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			lines = xrealloc(lines, alloc * sizeof(*lines));
		}
		lines[n++] = xstrdup(buf_cstr(&line));
	}
	db_finish(s);
	buf_free(&line);
	if (rc >= 0) {
		if (n)
			qsort(lines, n, sizeof(*lines), cmp_str);
		crypto_hash_sha256_state h;
		crypto_hash_sha256_init(&h);
		for (size_t i = 0; i < n; i++) {
			crypto_hash_sha256_update(&h, (const unsigned char *)lines[i],
						  strlen(lines[i]) + 1);
		}
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&h, d);
		sodium_bin2hex(hex, 65, d, sizeof(d));
		*rows = (long long)n;
		rc = 0;
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return rc;
}

static void bind_value(struct db_stmt *ins, int i, struct db_stmt *s, int c)
{
	switch (db_col_type(s, c)) {
	case DB_T_NULL: db_bind_null(ins, i); break;
	case DB_T_INT: db_bind_int(ins, i, db_col_int(s, c)); break;
	case DB_T_DOUBLE: db_bind_double(ins, i, db_col_double(s, c)); break;
	case DB_T_TEXT: db_bind_textn(ins, i, db_col_text(s, c), db_col_bytes(s, c)); break;
	case DB_T_BLOB: {
		size_t len = 0;
		const void *p = db_col_blob(s, c, &len);
		db_bind_blob(ins, i, p, len);
		break;
	}
	}
}

static int copy_table(struct store *from, struct store *to, const char *table, const char *cols,
		      size_t ncols, long long total, store_copy_progress cb, void *ctx)
{
	char *sql = xasprintf("SELECT %s FROM %s ORDER BY 1", cols, table);
	struct db_stmt *s, *ins = NULL;
	int rc = db_prepare(from, sql, &s);
	free(sql);
	if (rc)
		return rc;
	struct buf q = BUF_INIT;
	buf_printf(&q, "INSERT INTO %s (%s) VALUES (", table, cols);
	for (size_t i = 0; i < ncols; i++)
		buf_adds(&q, i ? ", ?" : "?");
	buf_addch(&q, ')');
	rc = db_prepare(to, buf_cstr(&q), &ins);
	buf_free(&q);
	long long done = 0;
	while (!rc && (rc = db_step(s)) == DB_ROW) {
		for (size_t c = 0; c < ncols; c++)
			bind_value(ins, (int)c + 1, s, (int)c);
		rc = db_step(ins);
		if (rc == DB_DONE)
			rc = 0;
		if (cb && ++done % 5000 == 0)
			cb(ctx, table, done, total);
	}
	if (rc == DB_DONE)
		rc = 0;
	if (!rc && cb)
		cb(ctx, table, done, total);
	db_finish(ins);
	db_finish(s);
	/* ids given explicitly: an identity sequence must start after them (a table whose id is
	 * not an identity, such as sessions keyed by a token hash, has none) */
	if (!rc && db_engine(to) == DB_PG && strncmp(cols, "id,", 3) == 0) {
		struct db_stmt *sq;
		char *seq = NULL;
		rc = db_prepare(to, "SELECT pg_get_serial_sequence(?, 'id')", &sq);
		if (!rc) {
			db_bind_text(sq, 1, table);
			if ((rc = db_step(sq)) == DB_ROW && !db_col_null(sq, 0))
				seq = xstrdup(db_col_text(sq, 0));
			rc = rc < 0 ? rc : 0;
			db_finish(sq);
		}
		if (!rc && seq) {
			char *fix = xasprintf("SELECT setval(?, coalesce(max(id), 0) + 1, false)"
					      " FROM %s",
					      table);
			struct db_stmt *f;
			rc = db_prepare(to, fix, &f);
			free(fix);
			if (!rc) {
				db_bind_text(f, 1, seq);
				rc = db_run(f);
			}
		}
		free(seq);
	}
	return rc;
}

int store_copy(struct store *from, struct store *to, struct arena *a, store_copy_progress cb,
	       void *ctx, struct store_copy_table **out, size_t *nout, struct buf *err)
{
	*out = NULL;
	*nout = 0;
	bool empty = false;
	int rc = to->drv->is_empty(to, &empty);
	if (rc) {
		buf_setf(err, "无法读取目标数据库的表");
		return rc;
	}
	if (!empty) {
		const char **names;
		size_t n = 0;
		to->drv->tables(to, a, &names, &n);
		buf_setf(err,
			 "目标数据库不是空的（已有 %zu 张表，如“%s”）：db copy 只向空数据库复制，"
			 "以免覆盖或混入已有数据。请新建一个空数据库再复制",
			 n, n ? names[0] : "");
		return ZF_EEXIST;
	}
	int vf = 0;
	if ((rc = store_schema_version(from, &vf)) || vf != store_schema_latest(from)) {
		buf_setf(err, "源数据库的结构版本（%d）不是本程序的（%d）：请先用本版本打开一次",
			 vf, store_schema_latest(from));
		return rc ? rc : ZF_ESTATE;
	}
	if ((rc = store_migrate(to, NULL, err)))
		return rc;
	const char **order, **src, **dst;
	size_t norder = 0, nsrc = 0, ndst = 0;
	creation_order(a, &order, &norder);
	if ((rc = from->drv->tables(from, a, &src, &nsrc)) ||
	    (rc = to->drv->tables(to, a, &dst, &ndst))) {
		buf_setf(err, "无法读取数据库的表");
		return rc;
	}
	struct store_copy_table *list = arena_alloc(a, sizeof(*list) * (nsrc ? nsrc : 1));
	if (!list)
		return ZF_ENOMEM;
	size_t nlist = 0;
	/* the tables of the migrations first, in their order; then any other of the source */
	const char **plan = arena_alloc(a, sizeof(*plan) * (norder + nsrc + 1));
	size_t nplan = 0;
	for (size_t i = 0; i < norder; i++)
		if (in_list(src, nsrc, order[i]))
			plan[nplan++] = order[i];
	for (size_t i = 0; i < nsrc; i++)
		if (!in_list(plan, nplan, src[i]))
			plan[nplan++] = src[i];

	if ((rc = store_batch_begin(to))) {
		buf_setf(err, "无法在目标数据库开始事务");
		return rc;
	}
	for (size_t t = 0; !rc && t < nplan; t++) {
		const char *table = plan[t];
		struct store_copy_table *ct = &list[nlist];
		memset(ct, 0, sizeof(*ct));
		ct->name = table;
		if (!in_list(dst, ndst, table) || strcmp(table, "site_generation") == 0) {
			/* a table of one engine only (SQLite's FTS5, say) is rebuilt, not copied;
			 * the site generation is the target's own (its triggers moved it on) */
			ct->skipped = true;
			nlist++;
			continue;
		}
		const char **fc, **tc;
		size_t nfc = 0, ntc = 0;
		if ((rc = table_columns(from, a, table, &fc, &nfc)) ||
		    (rc = table_columns(to, a, table, &tc, &ntc)))
			break;
		struct buf cols = BUF_INIT;
		size_t ncols = 0;
		for (size_t c = 0; c < nfc; c++) {
			if (!in_list(tc, ntc, fc[c]))
				continue;
			buf_printf(&cols, "%s%s", ncols ? ", " : "", fc[c]);
			ncols++;
		}
		/* "id, ..." keeps the identity fix simple */
		char *colstr = arena_strdup(a, buf_cstr(&cols));
		buf_free(&cols);
		if (!ncols) {
			ct->skipped = true;
			nlist++;
			continue;
		}
		rc = table_sum(from, table, colstr, &ct->rows_from, ct->sum_from);
		if (!rc)
			rc = copy_table(from, to, table, colstr, ncols, ct->rows_from, cb, ctx);
		if (!rc)
			rc = table_sum(to, table, colstr, &ct->rows_to, ct->sum_to);
		if (rc) {
			buf_setf(err, "复制表 %s 时出错（%s）", table, zf_strerror(rc));
			break;
		}
		nlist++;
		if (ct->rows_from != ct->rows_to || strcmp(ct->sum_from, ct->sum_to) != 0) {
			buf_setf(err, "表 %s 复制后核对不一致（源 %lld 行，目标 %lld 行）", table,
				 ct->rows_from, ct->rows_to);
			rc = ZF_EDB;
		}
	}
	if (!rc)
		rc = store_copy_rebuild(to);
	if (rc) {
		store_batch_rollback(to);
		if (!err->len)
			buf_setf(err, "复制失败（%s），目标数据库没有改动", zf_strerror(rc));
		return rc;
	}
	rc = store_batch_commit(to);
	if (rc) {
		buf_setf(err, "无法提交复制的数据");
		return rc;
	}
	*out = list;
	*nout = nlist;
	return 0;
}

int store_table_rows(struct store *st, struct arena *a, const char ***names, long long **rows,
		     size_t *n)
{
	int rc = st->drv->tables(st, a, names, n);
	if (rc)
		return rc;
	*rows = arena_alloc(a, sizeof(**rows) * (*n ? *n : 1));
	if (!*rows)
		return ZF_ENOMEM;
	for (size_t i = 0; !rc && i < *n; i++) {
		char *sql = xasprintf("SELECT count(*) FROM %s", (*names)[i]);
		rc = db_query_int(st, sql, &(*rows)[i]);
		free(sql);
	}
	return rc;
}
