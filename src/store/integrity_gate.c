/* integrity_gate.c: the draft gate's record in the store (integrity_checks.h): the last
 * check of each draft with its hits, and the overrides, a clerk's reason for letting one
 * hit (a rule on a snippet) through on one document, each audited "doc.check.override".
 * Written once in portable SQL (driver.h) for both engines, with its migration text. */
#include "common.h"
#include "arena.h"
#include "db.h"
#include "driver.h"
#include "integrity_checks.h"
#include "utf8.h"

extern const char schema_integrity_gate[];

const char schema_integrity_gate[] =
    "CREATE TABLE doc_check_overrides (\n"
    "  id {ID},\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  rule_id TEXT NOT NULL CHECK (length(rule_id) BETWEEN 1 AND 200),\n"
    "  snippet TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL CHECK (length(reason) >= 1),\n"
    "  actor TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT {NOW},\n"
    "  UNIQUE (doc_id, rule_id, snippet)\n"
    ");\n"
    "CREATE TABLE doc_checks (\n"
    "  doc_id INTEGER PRIMARY KEY REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),\n"
    "  micros INTEGER NOT NULL DEFAULT 0,\n"
    "  rules TEXT NOT NULL DEFAULT '',\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  nhits INTEGER NOT NULL DEFAULT 0,\n"
    "  nopen INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE doc_check_hits (\n"
    "  doc_id INTEGER NOT NULL REFERENCES doc_checks(doc_id) ON DELETE CASCADE,\n"
    "  seq INTEGER NOT NULL,\n"
    "  rule_id TEXT NOT NULL,\n"
    "  sev TEXT NOT NULL,\n"
    "  field TEXT NOT NULL DEFAULT '',\n"
    "  start_off INTEGER NOT NULL DEFAULT 0,\n"
    "  end_off INTEGER NOT NULL DEFAULT 0,\n"
    "  before_text TEXT NOT NULL DEFAULT '',\n"
    "  snippet TEXT NOT NULL DEFAULT '',\n"
    "  after_text TEXT NOT NULL DEFAULT '',\n"
    "  message TEXT NOT NULL DEFAULT '',\n"
    "  fix TEXT NOT NULL DEFAULT '',\n"
    "  overridden INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),\n"
    "  PRIMARY KEY (doc_id, seq)\n"
    ");\n";

static bool blank(const char *s)
{
	return !s || !str_trim(str_c(s)).len;
}

/* 0 when the document exists, ZF_ENOENT, or an error. */
static int doc_exists(struct store *st, long long doc_id)
{
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT 1 FROM docs WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	rc = db_step(s);
	db_finish(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZF_ENOENT : rc;
}

int store_doc_check_override(struct store *st, const char *actor, long long doc_id,
			     const char *rule_id, const char *snippet, const char *reason,
			     struct buf *err)
{
	if (!actor || !*actor || blank(rule_id))
		return ZF_EINVAL;
	if (blank(reason)) {
		buf_setf(err, "放行须写明理由");
		return ZF_EINVAL;
	}
	size_t len = strlen(reason);
	if (!utf8_valid(reason, len) || utf8_count(reason, len) > DOC_CHECK_REASON_MAX) {
		buf_setf(err, "放行理由不能超过 %d 个字", DOC_CHECK_REASON_MAX);
		return ZF_EINVAL;
	}
	if (!snippet)
		snippet = "";
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = doc_exists(st, doc_id);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的文件", doc_id);
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO doc_check_overrides (doc_id, rule_id, snippet, reason,"
				" actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
				" ON CONFLICT (doc_id, rule_id, snippet) DO UPDATE SET reason = ?4,"
				" actor = ?5, at = ?6",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, doc_id);
		db_bind_text(s, 2, rule_id);
		db_bind_text(s, 3, snippet);
		db_bind_text(s, 4, reason);
		db_bind_text(s, 5, actor);
		db_bind_text(s, 6, now);
		rc = db_run(s);
	}
	if (!rc) {
		char object[32];
		snprintf(object, sizeof(object), "doc:%lld", doc_id);
		struct buf detail = BUF_INIT;
		buf_printf(&detail, "%s「%s」：%s", rule_id, snippet, reason);
		rc = store_audit(st, actor, "doc.check.override", object, buf_cstr(&detail));
		buf_free(&detail);
	}
	return store_write_end(st, rc);
}

int store_doc_check_overrides(struct store *st, struct arena *a, long long doc_id,
			      struct doc_check_override **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, doc_id, rule_id, snippet, reason, actor, at"
			    " FROM doc_check_overrides WHERE doc_id = ? ORDER BY at, id",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	struct doc_check_override *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_check_override *o = &v[len++];
		o->id = db_col_int(s, 0);
		o->doc_id = db_col_int(s, 1);
		o->rule_id = db_col_str(s, a, 2);
		o->snippet = db_col_str(s, a, 3);
		o->reason = db_col_str(s, a, 4);
		o->actor = db_col_str(s, a, 5);
		o->at = db_col_str(s, a, 6);
		if (!o->rule_id || !o->snippet || !o->reason || !o->actor || !o->at) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int store_doc_check_save(struct store *st, const struct doc_check *c)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = doc_exists(st, c->doc_id);
	struct db_stmt *s = NULL;
	if (!rc)
		rc = db_prepare(st, "DELETE FROM doc_checks WHERE doc_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, c->doc_id);
		rc = db_run(s);
	}
	/* the hits go with their check (ON DELETE CASCADE); delete them too where the
	 * engine runs without foreign keys */
	if (!rc)
		rc = db_prepare(st, "DELETE FROM doc_check_hits WHERE doc_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, c->doc_id);
		rc = db_run(s);
	}
	if (!rc)
		rc = db_prepare(st,
				"INSERT INTO doc_checks (doc_id, at, actor, passed, micros, rules,"
				" note, nhits, nopen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				&s);
	if (!rc) {
		char now[21];
		db_now(now);
		db_bind_int(s, 1, c->doc_id);
		db_bind_text(s, 2, c->at && *c->at ? c->at : now);
		db_bind_text(s, 3, nz(c->actor));
		db_bind_int(s, 4, c->passed ? 1 : 0);
		db_bind_int(s, 5, c->micros);
		db_bind_text(s, 6, nz(c->rules));
		db_bind_text(s, 7, nz(c->note));
		db_bind_int(s, 8, (long long)c->n);
		db_bind_int(s, 9, (long long)c->open);
		rc = db_run(s);
	}
	struct db_stmt *hs = NULL;
	if (!rc && c->n)
		rc = db_prepare(
		    st,
		    "INSERT INTO doc_check_hits (doc_id, seq, rule_id, sev, field,"
		    " start_off, end_off, before_text, snippet, after_text, message, fix,"
		    " overridden) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    &hs);
	for (size_t i = 0; !rc && i < c->n; i++) {
		const struct doc_check_hit *h = &c->hits[i];
		db_bind_int(hs, 1, c->doc_id);
		db_bind_int(hs, 2, (long long)i);
		db_bind_text(hs, 3, nz(h->rule_id));
		db_bind_text(hs, 4, scan_sev_key(h->sev));
		db_bind_text(hs, 5, nz(h->field));
		db_bind_int(hs, 6, (long long)h->start);
		db_bind_int(hs, 7, (long long)h->end);
		db_bind_text(hs, 8, nz(h->before));
		db_bind_text(hs, 9, nz(h->snippet));
		db_bind_text(hs, 10, nz(h->after));
		db_bind_text(hs, 11, nz(h->message));
		db_bind_text(hs, 12, nz(h->fix));
		db_bind_int(hs, 13, h->overridden ? 1 : 0);
		rc = db_step(hs);
		rc = rc == DB_DONE ? 0 : rc < 0 ? rc : ZF_EDB;
	}
	db_finish(hs);
	return store_write_end(st, rc);
}

int store_doc_check_last(struct store *st, struct arena *a, long long doc_id, struct doc_check *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT at, actor, passed, micros, rules, note, nopen FROM doc_checks"
			    " WHERE doc_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->doc_id = doc_id;
		out->at = db_col_str(s, a, 0);
		out->actor = db_col_str(s, a, 1);
		out->passed = db_col_int(s, 2) != 0;
		out->micros = db_col_int(s, 3);
		out->rules = db_col_str(s, a, 4);
		out->note = db_col_str(s, a, 5);
		out->open = (size_t)db_col_int(s, 6);
		rc = out->at && out->actor && out->rules && out->note ? 0 : ZF_ENOMEM;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	if (rc)
		return rc;
	rc =
	    db_prepare(st,
		       "SELECT h.rule_id, h.sev, h.field, h.start_off, h.end_off, h.before_text,"
		       " h.snippet, h.after_text, h.message, h.fix, h.overridden,"
		       " coalesce(o.reason, '')"
		       " FROM doc_check_hits h LEFT JOIN doc_check_overrides o"
		       " ON o.doc_id = h.doc_id AND o.rule_id = h.rule_id AND o.snippet = h.snippet"
		       " WHERE h.doc_id = ? ORDER BY h.seq",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		out->hits = arena_grow(a, out->hits, out->n, &alloc, sizeof(*out->hits));
		if (!out->hits) {
			rc = ZF_ENOMEM;
			break;
		}
		struct doc_check_hit *h = &out->hits[out->n++];
		memset(h, 0, sizeof(*h));
		h->rule_id = db_col_str(s, a, 0);
		int sev = scan_sev_parse(nz(db_col_text(s, 1)));
		h->sev = sev < 0 ? SCAN_SUSPECT : (enum scan_sev)sev;
		h->field = db_col_str(s, a, 2);
		h->start = (size_t)db_col_int(s, 3);
		h->end = (size_t)db_col_int(s, 4);
		h->before = db_col_str(s, a, 5);
		h->snippet = db_col_str(s, a, 6);
		h->after = db_col_str(s, a, 7);
		h->message = db_col_str(s, a, 8);
		h->fix = db_col_str(s, a, 9);
		h->overridden = db_col_int(s, 10) != 0;
		h->reason = db_col_str(s, a, 11);
		if (!h->rule_id || !h->field || !h->before || !h->snippet || !h->after ||
		    !h->message || !h->fix || !h->reason) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}
