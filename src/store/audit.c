/* audit.c: writing the audit log with its hash chain, verifying the chain, and reading the
 * log (audit.h), written once for both engines (driver.h). The time bounds are Beijing days
 * turned into UTC text, which compares as time does. */
#include "common.h"
#include "arena.h"
#include "driver.h"
#include "log.h"
#include "store/audit.h"

#include <sodium.h>

#define AUDIT_MAX_AGENCIES 10000
#define AUDIT_MAX_LIMIT	   5000

char *audit_time_beijing(const char *utc, char out[20])
{
	if (!date_utc_to_beijing(utc, true, out))
		snprintf(out, 20, "%s", utc ? utc : "");
	return out;
}

/* Beijing midnight at the start of day, in the stored UTC form. */
static void utc_bound(zf_day day, char out[21])
{
	char ds[11];
	/* 00:00 in Beijing is 16:00 of the day before in UTC */
	snprintf(out, 21, "%sT16:00:00Z", date_format(day - 1, ds));
}

/* A request number typed as "12" or "第12号": the number, or 0. */
static long long request_number(const char *s)
{
	if (!strncmp(s, "第", strlen("第")))
		s += strlen("第");
	size_t digits = strspn(s, "0123456789");
	if (!digits || digits > 15 || (s[digits] && strcmp(s + digits, "号")))
		return 0;
	long long v = 0;
	for (size_t i = 0; i < digits; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* s with LIKE's % _ ! escaped by !, then suffix (into a, NULL on no memory). */
static char *like_escaped(struct arena *a, const char *pre, const char *s, const char *suffix)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, pre);
	for (const char *p = s; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '!')
			buf_addch(&b, '!');
		buf_addch(&b, *p);
	}
	buf_adds(&b, suffix);
	char *out = b.failed ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static bool given(const char *s)
{
	return s && *s;
}

/* The query of f (count or rows) with its binds; the texts of binds live in a. */
static int audit_prepare(struct store *st, struct arena *a, const struct audit_filter *f,
			 bool count, struct db_stmt **out)
{
	if (f->nagencies > AUDIT_MAX_AGENCIES || (f->nagencies && !f->agencies) ||
	    f->limit > AUDIT_MAX_LIMIT || (given(f->actor) && strlen(f->actor) > 100) ||
	    (given(f->action) && strlen(f->action) > 100) ||
	    (given(f->object) && strlen(f->object) > 100))
		return ZF_EINVAL;
	struct buf sql = BUF_INIT;
	buf_adds(&sql, count ? "SELECT count(*)"
			     : "SELECT a.id, a.at, a.actor,"
			       " coalesce(nullif(u.display_name, ''), a.actor),"
			       " coalesce(g.name, ''), a.action, a.object, a.detail");
	buf_adds(&sql, " FROM audit_log a LEFT JOIN users u ON u.login = a.actor"
		       " LEFT JOIN agencies g ON g.id = u.agency_id WHERE (u.agency_id IN (");
	for (size_t i = 0; i < f->nagencies; i++)
		buf_adds(&sql, i ? ",?" : "?");
	buf_adds(&sql, f->nagencies ? ")" : "NULL)");
	if (f->all_actors)
		buf_adds(&sql, " OR u.id IS NULL");
	buf_adds(&sql, ")");
	if (f->agency_id)
		buf_adds(&sql, " AND u.agency_id = ?");
	if (given(f->actor))
		buf_adds(&sql, " AND (a.actor = ? OR u.display_name LIKE ? ESCAPE '!')");
	if (given(f->action))
		buf_adds(&sql, " AND a.action LIKE ? ESCAPE '!'");
	long long number = given(f->object) ? request_number(f->object) : 0;
	if (number)
		buf_adds(&sql, " AND a.object = ?");
	else if (given(f->object))
		buf_adds(&sql, " AND a.object LIKE ? ESCAPE '!'");
	if (f->from)
		buf_adds(&sql, " AND a.at >= ?");
	if (f->to)
		buf_adds(&sql, " AND a.at < ?");
	if (!count)
		buf_adds(&sql, " ORDER BY a.id DESC LIMIT ? OFFSET ?");
	int rc = sql.failed ? ZF_ENOMEM : db_prepare(st, buf_cstr(&sql), out);
	buf_free(&sql);
	if (rc)
		return rc;
	int i = 1;
	for (size_t k = 0; k < f->nagencies; k++)
		db_bind_int(*out, i++, f->agencies[k]);
	if (f->agency_id)
		db_bind_int(*out, i++, f->agency_id);
	char *like = NULL;
	if (given(f->actor)) {
		db_bind_text(*out, i++, f->actor);
		like = like_escaped(a, "%", f->actor, "%");
		db_bind_text(*out, i++, like ? like : "");
	}
	if (given(f->action)) {
		like = like_escaped(a, "", f->action, "%");
		db_bind_text(*out, i++, like ? like : "");
	}
	if (number) {
		char obj[40];
		snprintf(obj, sizeof(obj), "request:%lld", number);
		db_bind_text(*out, i++, obj);
	} else if (given(f->object)) {
		like = like_escaped(a, "", f->object, "%");
		db_bind_text(*out, i++, like ? like : "");
	}
	char bound[21];
	if (f->from) {
		utc_bound(f->from, bound);
		db_bind_text(*out, i++, bound);
	}
	if (f->to) {
		utc_bound(f->to + 1, bound);
		db_bind_text(*out, i++, bound);
	}
	if (!count) {
		db_bind_int(*out, i++, f->limit ? (long long)f->limit : 50);
		db_bind_int(*out, i, (long long)f->offset);
	}
	return 0;
}

int store_audit_query(struct store *st, struct arena *a, const struct audit_filter *f,
		      struct audit_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = audit_prepare(st, a, f, false, &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			*n = 0;
			rc = ZF_ENOMEM;
			break;
		}
		struct audit_row *r = &(*out)[(*n)++];
		r->id = db_col_int(s, 0);
		r->at = db_col_str(s, a, 1);
		r->actor = db_col_str(s, a, 2);
		r->actor_name = db_col_str(s, a, 3);
		r->agency_name = db_col_str(s, a, 4);
		r->action = db_col_str(s, a, 5);
		r->object = db_col_str(s, a, 6);
		r->detail = db_col_str(s, a, 7);
		if (!r->at || !r->actor || !r->actor_name || !r->agency_name || !r->action ||
		    !r->object || !r->detail) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

int store_audit_query_count(struct store *st, const struct audit_filter *f, long long *count)
{
	*count = 0;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct db_stmt *s;
	int rc = audit_prepare(st, a, f, true, &s);
	if (!rc) {
		rc = db_step(s);
		if (rc == DB_ROW)
			*count = db_col_int(s, 0);
		db_finish(s);
		rc = rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_EDB : rc;
	}
	arena_free(a);
	return rc;
}

int store_audit_actions(struct store *st, struct arena *a, const char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT DISTINCT action FROM audit_log ORDER BY action", &s);
	if (rc)
		return rc;
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			*n = 0;
			rc = ZF_ENOMEM;
			break;
		}
		const char *t = db_col_str(s, a, 0);
		(*out)[(*n)++] = t ? t : "";
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}

/* ---------------------------------------------------------------- the hash chain */

static const char genesis[AUDIT_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* One field of the canonical line: bytes, with \ TAB LF CR and other control bytes as \xx. */
static void canon_field(struct buf *out, const char *p)
{
	static const char hex[] = "0123456789abcdef";
	for (; p && *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' || c < 0x20 || c == 0x7f) {
			buf_addch(out, '\\');
			buf_addch(out, hex[c >> 4]);
			buf_addch(out, hex[c & 15]);
		} else {
			buf_addch(out, (char)c);
		}
	}
}

void audit_line_hash(const char *prev, long long id, const char *at, const char *actor,
		     const char *action, const char *object, const char *detail,
		     char out[AUDIT_HASH_HEX])
{
	struct buf line = BUF_INIT;
	buf_adds(&line, prev);
	buf_printf(&line, "\n%lld\t", id);
	canon_field(&line, at);
	buf_addch(&line, '\t');
	canon_field(&line, actor);
	buf_addch(&line, '\t');
	canon_field(&line, action);
	buf_addch(&line, '\t');
	canon_field(&line, object);
	buf_addch(&line, '\t');
	canon_field(&line, detail);
	if (line.failed)
		BUG("audit line out of memory");
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)line.p, line.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX, d, sizeof(d));
	buf_free(&line);
}

/* The hash of the last chained line (the genesis when none) and its id. */
static int chain_head(struct store *st, char hash[AUDIT_HASH_HEX], long long *id)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, hash FROM audit_log WHERE hash IS NOT NULL"
			    " ORDER BY id DESC LIMIT 1",
			    &s);
	if (rc)
		return rc;
	memcpy(hash, genesis, AUDIT_HASH_HEX);
	*id = 0;
	rc = db_step(s);
	if (rc == DB_DONE) {
		/* none left: the chain goes on from the last prune, if any */
		db_finish(s);
		rc = db_prepare(st,
				"SELECT upto_id, upto_hash FROM audit_prunes ORDER BY upto_id DESC"
				" LIMIT 1",
				&s);
		if (rc)
			return rc;
		rc = db_step(s);
	}
	if (rc == DB_ROW) {
		const char *h = db_col_text(s, 1);
		*id = db_col_int(s, 0);
		if (h && strlen(h) == AUDIT_HASH_HEX - 1)
			memcpy(hash, h, AUDIT_HASH_HEX);
		else
			rc = ZF_EDB; /* a stored hash of another shape: verify names it */
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

/* Chains the lines that have no hash yet and come after the last chained one (those written
 * before the chain existed), in id order; prev is updated to the new head. Inside the
 * writer's transaction. */
static int chain_pending(struct store *st, char prev[AUDIT_HASH_HEX], long long after)
{
	struct db_stmt *s, *u = NULL;
	int rc = db_prepare(st,
			    "SELECT id, at, actor, action, object, detail FROM audit_log"
			    " WHERE hash IS NULL AND id > ? ORDER BY id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, after);
	struct arena *a = arena_new(0);
	struct pend {
		long long id;
		char hash[AUDIT_HASH_HEX];
	} *list = NULL;
	size_t n = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		list = arena_grow(a, list, n, &alloc, sizeof(*list));
		if (!list) {
			rc = ZF_ENOMEM;
			break;
		}
		struct pend *p = &list[n++];
		p->id = db_col_int(s, 0);
		audit_line_hash(prev, p->id, db_col_text(s, 1), db_col_text(s, 2),
				db_col_text(s, 3), db_col_text(s, 4), db_col_text(s, 5), p->hash);
		memcpy(prev, p->hash, AUDIT_HASH_HEX);
	}
	db_finish(s);
	rc = rc == DB_DONE ? 0 : rc;
	if (!rc && n)
		rc = db_prepare(st, "UPDATE audit_log SET hash = ? WHERE id = ? AND hash IS NULL",
				&u);
	for (size_t i = 0; !rc && i < n; i++) {
		db_bind_text(u, 1, list[i].hash);
		db_bind_int(u, 2, list[i].id);
		rc = db_step(u);
		rc = rc == DB_DONE ? (db_changes(u) == 1 ? 0 : ZF_EDB) : rc;
	}
	db_finish(u);
	if (!rc && n)
		log_info("audit chain: %zu earlier lines chained", n);
	arena_free(a);
	return rc;
}

/* The writes of store_audit, inside its transaction. */
static int audit_append(struct store *st, const char *actor, const char *action, const char *object,
			const char *detail)
{
	char prev[AUDIT_HASH_HEX];
	long long head = 0;
	int rc = chain_head(st, prev, &head);
	if (!rc)
		rc = chain_pending(st, prev, head);
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO audit_log (actor, action, object, detail)"
				" VALUES (?, ?, ?, ?) RETURNING id, at",
				&s);
	if (rc)
		return rc;
	db_bind_text(s, 1, actor);
	db_bind_text(s, 2, action);
	db_bind_text(s, 3, object);
	db_bind_text(s, 4, detail);
	long long id = 0;
	char at[40] = "";
	rc = db_step(s);
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		snprintf(at, sizeof(at), "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
		rc = db_step(s);
	}
	db_finish(s);
	if (rc != DB_DONE)
		return rc < 0 ? rc : ZF_EDB;
	char hash[AUDIT_HASH_HEX];
	audit_line_hash(prev, id, at, actor, action, object, detail, hash);
	rc = db_prepare(st, "UPDATE audit_log SET hash = ? WHERE id = ? AND hash IS NULL", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, hash);
	db_bind_int(s, 2, id);
	rc = db_step(s);
	long long changed = db_changes(s);
	db_finish(s);
	return rc == DB_DONE ? (changed == 1 ? 0 : ZF_EDB) : rc;
}

int store_audit(struct store *st, const char *actor, const char *action, const char *object,
		const char *detail)
{
	if (!actor || !*actor || !action || !*action)
		return ZF_EINVAL;
	/* the writer lock (or the caller's transaction, which holds it) keeps the chain linear
	 * when several servers write to one database */
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = audit_append(st, actor, action, object ? object : "", detail ? detail : "");
	return store_write_end(st, rc);
}

int store_audit_chain(struct store *st, long long *chained)
{
	*chained = 0;
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	char prev[AUDIT_HASH_HEX];
	long long head = 0, before = 0, after = 0;
	rc = db_query_int(st, "SELECT count(*) FROM audit_log WHERE hash IS NULL", &before);
	if (!rc)
		rc = chain_head(st, prev, &head);
	if (!rc)
		rc = chain_pending(st, prev, head);
	if (!rc)
		rc = db_query_int(st, "SELECT count(*) FROM audit_log WHERE hash IS NULL", &after);
	rc = store_write_end(st, rc);
	if (!rc)
		*chained = before - after;
	return rc;
}

int store_audit_verify(struct store *st, struct audit_verify *v)
{
	memset(v, 0, sizeof(*v));
	memcpy(v->head, genesis, AUDIT_HASH_HEX);
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, at, actor, action, object, detail, hash FROM audit_log"
			    " ORDER BY id",
			    &s);
	if (rc)
		return rc;
	char prev[AUDIT_HASH_HEX];
	memcpy(prev, genesis, AUDIT_HASH_HEX);
	long long last_id = 0, pruned = 0;
	struct db_stmt *p;
	if ((rc = db_prepare(st,
			     "SELECT upto_id, upto_hash FROM audit_prunes ORDER BY upto_id DESC"
			     " LIMIT 1",
			     &p))) {
		db_finish(s);
		return rc;
	}
	if (db_step(p) == DB_ROW && db_col_text(p, 1) && strlen(db_col_text(p, 1)) == 64) {
		pruned = last_id = db_col_int(p, 0);
		memcpy(prev, db_col_text(p, 1), AUDIT_HASH_HEX);
	}
	db_finish(p);
	while ((rc = db_step(s)) == DB_ROW) {
		long long id = db_col_int(s, 0);
		if (id <= pruned) { /* a line the prune removed is back */
			v->broken_id = id;
			v->prev_id = 0;
			v->reason = AUDIT_MISMATCH;
			break;
		}
		const char *stored = db_col_text(s, 6);
		char want[AUDIT_HASH_HEX];
		audit_line_hash(prev, id, db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
				db_col_text(s, 4), db_col_text(s, 5), want);
		if (!stored) {
			v->broken_id = id;
			v->prev_id = last_id;
			v->reason = AUDIT_UNCHAINED;
			break;
		}
		if (strcmp(stored, want) != 0) {
			v->broken_id = id;
			v->prev_id = last_id;
			v->reason = AUDIT_MISMATCH;
			break;
		}
		memcpy(prev, want, AUDIT_HASH_HEX);
		last_id = id;
		v->lines++;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	memcpy(v->head, prev, AUDIT_HASH_HEX);
	v->head_id = last_id;
	return 0;
}

int store_audit_prune(struct store *st, zf_day before, int keep_days, long long upto_id,
		      const char *export_sha, const char *actor, long long *deleted)
{
	*deleted = 0;
	if (keep_days < AUDIT_MIN_RETENTION_DAYS || before > date_today() - keep_days || !actor ||
	    !*actor || !export_sha || strlen(export_sha) != 64)
		return ZF_EINVAL;
	char bound[21];
	utc_bound(before, bound);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	char hash[AUDIT_HASH_HEX] = "";
	long long lines = 0;
	/* the last line to go must be older than the bound and chained */
	rc =
	    db_prepare(st,
		       "SELECT hash, (SELECT count(*) FROM audit_log WHERE id <= ?1) FROM audit_log"
		       " WHERE id = ?1 AND at < ?2 AND hash IS NOT NULL",
		       &s);
	if (!rc) {
		db_bind_int(s, 1, upto_id);
		db_bind_text(s, 2, bound);
		rc = db_step(s);
		if (rc == DB_ROW) {
			snprintf(hash, sizeof(hash), "%s", db_col_text(s, 0));
			lines = db_col_int(s, 1);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = ZF_ENOENT;
		}
		db_finish(s);
	}
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO audit_prunes (upto_id, upto_hash, lines, export_sha, actor)"
		    " VALUES (?, ?, ?, ?, ?)",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, upto_id);
		db_bind_text(s, 2, hash);
		db_bind_int(s, 3, lines);
		db_bind_text(s, 4, export_sha);
		db_bind_text(s, 5, actor);
		rc = db_run(s);
	}
	if (!rc)
		rc = db_prepare(st, "DELETE FROM audit_log WHERE id <= ?", &s);
	if (!rc) {
		db_bind_int(s, 1, upto_id);
		rc = db_step(s);
		*deleted = db_changes(s);
		db_finish(s);
		rc = rc == DB_DONE ? 0 : rc;
	}
	if (!rc) {
		char detail[160];
		snprintf(detail, sizeof(detail),
			 "删除 id ≤ %lld 的 %lld 行（已导出，SHA-256 %.16s…）", upto_id, *deleted,
			 export_sha);
		rc = store_audit(st, actor, "audit.prune", "audit_log", detail);
	}
	return store_write_end(st, rc);
}

int store_audit_prunable(struct store *st, zf_day before, long long *upto_id)
{
	char bound[21];
	utc_bound(before, bound);
	struct db_stmt *s;
	*upto_id = 0;
	int rc = db_prepare(st, "SELECT coalesce(max(id), 0) FROM audit_log WHERE at < ?", &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, bound);
	rc = db_step(s);
	if (rc == DB_ROW)
		*upto_id = db_col_int(s, 0);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : ZF_EDB;
}

int store_audit_lines_upto(struct store *st, struct arena *a, long long upto_id,
			   struct audit_line **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, at, actor, action, object, detail, coalesce(hash, '')"
			    " FROM audit_log WHERE id <= ? ORDER BY id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, upto_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out) {
			*n = 0;
			rc = ZF_ENOMEM;
			break;
		}
		struct audit_line *l = &(*out)[(*n)++];
		l->id = db_col_int(s, 0);
		l->at = db_col_str(s, a, 1);
		l->actor = db_col_str(s, a, 2);
		l->action = db_col_str(s, a, 3);
		l->object = db_col_str(s, a, 4);
		l->detail = db_col_str(s, a, 5);
		l->hash = db_col_str(s, a, 6);
		if (!l->at || !l->actor || !l->action || !l->object || !l->detail || !l->hash) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc == DB_DONE ? 0 : rc;
}
