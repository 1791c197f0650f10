/* integrity.c: the site-integrity area of the store (store/integrity.h): rule-set versions,
 * scans and their findings as work orders, the score card, the scheduled scan's lease.
 * Written once for both engines against driver.h. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/driver.h"
#include "store/integrity.h"
#include "text/scan.h"

#include <sodium.h>
#include <time.h>

/* ---------------------------------------------------------------- small helpers */

static void stamp_at(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *sev_key(enum scan_sev s)
{
	const char *k = scan_sev_key(s);
	return *k ? k : "suspect";
}

static enum scan_sev sev_from(const char *s)
{
	int v = s ? scan_sev_parse(s) : -1;
	return v < 0 ? SCAN_SUSPECT : (enum scan_sev)v;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* ---------------------------------------------------------------- rule sets */

int store_integrity_rules_active_id(struct store *s, int64_t *version_id)
{
	long long id = 0;
	int rc = db_query_int(s, "SELECT coalesce(max(id), 0) FROM integrity_rulesets", &id);
	if (rc == ZF_ENOENT)
		rc = 0, id = 0;
	*version_id = id;
	return rc;
}

int store_integrity_rules_active(struct store *s, struct arena *a, const char **text, size_t *n,
				 int64_t *version_id)
{
	*text = NULL;
	*n = 0;
	*version_id = 0;
	struct db_stmt *q;
	int rc =
	    db_prepare(s, "SELECT id, body FROM integrity_rulesets ORDER BY id DESC LIMIT 1", &q);
	if (rc)
		return rc;
	rc = db_step(q);
	if (rc == DB_ROW) {
		*version_id = db_col_int(q, 0);
		*n = db_col_bytes(q, 1);
		*text = db_col_str(q, a, 1);
		rc = *text ? 0 : ZF_ENOMEM;
	}
	db_finish(q);
	return rc < 0 ? rc : 0;
}

/* "wording=12 spam=3 allow=2": the rules per category, in order of first appearance. */
static void rules_counts(const struct scan_rules *r, struct buf *out)
{
	size_t n = scan_rules_count(r);
	const char *cats[32];
	long long cnt[32];
	size_t nc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct scan_rule *x = scan_rules_get(r, i);
		if (!x)
			continue;
		const char *c = x->allow ? "allow" : nz(x->category);
		size_t j = 0;
		while (j < nc && strcmp(cats[j], c))
			j++;
		if (j == nc) {
			if (nc == ARRAY_SIZE(cats))
				continue;
			cats[nc] = c;
			cnt[nc++] = 0;
		}
		cnt[j]++;
	}
	for (size_t j = 0; j < nc; j++)
		buf_printf(out, "%s%s=%lld", j ? " " : "", cats[j], cnt[j]);
}

int store_integrity_rules_load(struct store *st, const char *actor, const char *text, size_t n,
			       long long *id, struct buf *err)
{
	if (!actor || !*actor || !text)
		return ZF_EINVAL;
	struct scan_rules *r = NULL;
	int rc = scan_rules_parse(text, n, &r, err);
	if (rc) {
		if (err && !err->len)
			buf_setf(err, "规则集不能读取，没有保存");
		return rc;
	}
	if (memchr(text, '\0', n)) {
		scan_rules_free(r);
		if (err)
			buf_setf(err, "规则集含有空字符，没有保存");
		return ZF_EPARSE;
	}
	struct buf counts;
	buf_init(&counts, 4096);
	rules_counts(r, &counts);
	char now[21];
	db_now(now);
	long long got = 0;
	rc = store_write_begin(st);
	if (!rc) {
		struct db_stmt *q;
		rc = db_prepare(
		    st,
		    "INSERT INTO integrity_rulesets (name, version, body, nrules, counts, "
		    "loaded_by, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    &q);
		if (!rc) {
			db_bind_text(q, 1, scan_rules_name(r));
			db_bind_text(q, 2, scan_rules_version(r));
			db_bind_textn(q, 3, text, n);
			db_bind_int(q, 4, (long long)scan_rules_count(r));
			db_bind_text(q, 5, buf_cstr(&counts));
			db_bind_text(q, 6, actor);
			db_bind_text(q, 7, now);
			rc = db_run_id(q, &got);
		}
		if (!rc) {
			char object[48], detail[200];
			snprintf(object, sizeof(object), "integrity_ruleset:%lld", got);
			snprintf(detail, sizeof(detail), "%.60s %.60s，%zu 条规则",
				 scan_rules_name(r), scan_rules_version(r), scan_rules_count(r));
			rc = store_audit(st, actor, "integrity.rules.load", object, detail);
		}
		rc = store_write_end(st, rc);
	}
	buf_free(&counts);
	scan_rules_free(r);
	if (rc && err && !err->len)
		buf_setf(err, "规则集没有保存（数据库错误）");
	if (!rc && id)
		*id = got;
	return rc;
}

#define RULESET_COLS "id, name, version, loaded_by, loaded_at, nrules, counts, length(body)"

static int ruleset_read(struct db_stmt *q, struct arena *a, void *row)
{
	struct integrity_ruleset *o = row;
	o->id = db_col_int(q, 0);
	o->name = db_col_str(q, a, 1);
	o->version = db_col_str(q, a, 2);
	o->loaded_by = db_col_str(q, a, 3);
	o->loaded_at = db_col_str(q, a, 4);
	o->nrules = db_col_int(q, 5);
	o->counts = db_col_str(q, a, 6);
	o->chars = db_col_int(q, 7);
	return 0;
}

int store_integrity_rules_versions(struct store *st, struct arena *a,
				   struct integrity_ruleset **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *q;
	int rc =
	    db_prepare(st, "SELECT " RULESET_COLS " FROM integrity_rulesets ORDER BY id DESC", &q);
	if (rc)
		return rc;
	void *v;
	if ((rc = db_read_rows(q, a, sizeof(**out), ruleset_read, &v, n)))
		return rc;
	*out = v;
	return 0;
}

int store_integrity_rules_get(struct store *st, struct arena *a, long long id,
			      struct integrity_ruleset *out, const char **text, size_t *n)
{
	struct db_stmt *q;
	int rc = db_prepare(
	    st, "SELECT " RULESET_COLS ", body FROM integrity_rulesets WHERE id = ?", &q);
	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q);
	if (rc == DB_ROW) {
		ruleset_read(q, a, out);
		if (text) {
			*n = db_col_bytes(q, 8);
			*text = db_col_str(q, a, 8);
		}
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(q);
	return rc;
}

/* ---------------------------------------------------------------- scans */

void integrity_finding_key(const struct site_finding *f, char out[33])
{
	crypto_generichash_state h;
	unsigned char md[16];
	char doc[24];
	snprintf(doc, sizeof(doc), "%lld", (long long)f->doc_id);
	const char *parts[] = {nz(f->id), nz(f->url), doc, nz(f->field), nz(f->snippet)};
	crypto_generichash_init(&h, NULL, 0, sizeof(md));
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		crypto_generichash_update(&h, (const unsigned char *)parts[i],
					  strlen(parts[i]) + 1);
	crypto_generichash_final(&h, md, sizeof(md));
	sodium_bin2hex(out, 33, md, sizeof(md));
}

int store_integrity_scan_begin(struct store *st, const char *actor, const char *scope,
			       bool scheduled, long long ruleset_id, long long *id)
{
	char now[21];
	db_now(now);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *q;
	rc = db_prepare(st,
			"INSERT INTO integrity_scans (scope, started_at, started_by, scheduled, "
			"ruleset_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
			&q);
	if (!rc) {
		db_bind_text(q, 1, scope && *scope ? scope : "site");
		db_bind_text(q, 2, now);
		db_bind_text(q, 3, actor && *actor ? actor : "scheduled");
		db_bind_int(q, 4, scheduled ? 1 : 0);
		db_bind_int(q, 5, ruleset_id);
		rc = db_run_id(q, id);
	}
	return store_write_end(st, rc);
}

/* Upserts one finding seen by scan `scan`: *seen_before (this scan saw it already),
 * *fresh (new or reopened). */
static int finding_upsert(struct store *st, long long scan, const char *scope, const char *now,
			  const struct site_finding *f, bool *dup, bool *fresh)
{
	char key[33];
	integrity_finding_key(f, key);
	struct db_stmt *q;
	int rc =
	    db_prepare(st, "SELECT status, last_scan FROM integrity_findings WHERE fkey = ?", &q);
	if (rc)
		return rc;
	db_bind_text(q, 1, key);
	rc = db_step(q);
	*dup = false;
	*fresh = true;
	if (rc == DB_ROW) {
		const char *status = db_col_text(q, 0);
		*dup = db_col_int(q, 1) == scan;
		*fresh = !*dup && status && !strcmp(status, "closed");
		rc = 0;
	}
	db_finish(q);
	if (rc < 0 || *dup)
		return rc < 0 ? rc : 0;
	char cat[32];
	const char *category = f->category;
	if (!category || !*category) {
		site_finding_category(nz(f->id), cat, sizeof(cat));
		category = cat;
	}
	rc = db_prepare(
	    st,
	    "INSERT INTO integrity_findings (fkey, rule_id, category, severity, agency_id, url, "
	    "doc_id, field, start_off, end_off, snippet, context, message, fix, scope, first_seen, "
	    "last_seen, last_scan) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?16, ?17) ON CONFLICT (fkey) DO UPDATE SET severity = ?4, agency_id = "
	    "?5, start_off = ?9, end_off = ?10, context = ?12, message = ?13, fix = ?14, scope = "
	    "?15, last_seen = ?16, last_scan = ?17, status = CASE WHEN integrity_findings.status = "
	    "'closed' THEN 'open' ELSE integrity_findings.status END, closed_at = CASE WHEN "
	    "integrity_findings.status = 'closed' THEN NULL ELSE integrity_findings.closed_at END",
	    &q);
	if (rc)
		return rc;
	db_bind_text(q, 1, key);
	db_bind_text(q, 2, nz(f->id));
	db_bind_text(q, 3, category);
	db_bind_text(q, 4, sev_key(f->sev));
	db_bind_int(q, 5, f->agency_id);
	db_bind_text(q, 6, nz(f->url));
	db_bind_int(q, 7, f->doc_id);
	db_bind_text(q, 8, nz(f->field));
	db_bind_int(q, 9, (long long)f->start);
	db_bind_int(q, 10, (long long)f->end);
	db_bind_text(q, 11, nz(f->snippet));
	db_bind_text(q, 12, nz(f->context));
	db_bind_text(q, 13, nz(f->message));
	db_bind_text(q, 14, nz(f->fix));
	db_bind_text(q, 15, scope);
	db_bind_text(q, 16, now);
	db_bind_int(q, 17, scan);
	return db_run(q);
}

#define SCAN_COLS                                                                                  \
	"id, scope, started_at, finished_at, started_by, scheduled, ruleset_id, pages, nfound, "   \
	"nnew, nclosed, notes"

static int scan_read(struct db_stmt *q, struct arena *a, void *row)
{
	struct integrity_scan *o = row;
	o->id = db_col_int(q, 0);
	o->scope = db_col_str(q, a, 1);
	o->started_at = db_col_str(q, a, 2);
	o->finished_at = db_col_str(q, a, 3);
	o->started_by = db_col_str(q, a, 4);
	o->scheduled = db_col_int(q, 5) != 0;
	o->ruleset_id = db_col_int(q, 6);
	o->pages = db_col_int(q, 7);
	o->nfound = db_col_int(q, 8);
	o->nnew = db_col_int(q, 9);
	o->nclosed = db_col_int(q, 10);
	o->notes = db_col_str(q, a, 11);
	return 0;
}

int store_integrity_scan_record(struct store *st, long long scan_id, const struct site_findings *f,
				long long pages, const char *notes, struct integrity_scan *res)
{
	char now[21];
	db_now(now);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *q;
	char scope[64] = "", actor[80] = "";
	rc = db_prepare(
	    st, "SELECT scope, started_by, finished_at FROM integrity_scans WHERE id = ?", &q);
	if (!rc) {
		db_bind_int(q, 1, scan_id);
		int r = db_step(q);
		if (r == DB_ROW) {
			snprintf(scope, sizeof(scope), "%s", nz(db_col_text(q, 0)));
			snprintf(actor, sizeof(actor), "%s", nz(db_col_text(q, 1)));
			rc = db_col_null(q, 2) ? 0 : ZF_ESTATE;
		} else {
			rc = r < 0 ? r : ZF_ENOENT;
		}
		db_finish(q);
	}
	long long nfound = 0, nnew = 0, nclosed = 0;
	for (size_t i = 0; !rc && f && i < f->n; i++) {
		bool dup, fresh;
		rc = finding_upsert(st, scan_id, scope, now, &f->v[i], &dup, &fresh);
		if (!rc && !dup) {
			nfound++;
			nnew += fresh;
		}
	}
	if (!rc)
		rc = db_prepare(
		    st,
		    "UPDATE integrity_findings SET status = 'closed', closed_at = ? WHERE "
		    "scope = ? AND status = 'open' AND last_scan <> ?",
		    &q);
	if (!rc) {
		db_bind_text(q, 1, now);
		db_bind_text(q, 2, scope);
		db_bind_int(q, 3, scan_id);
		rc = db_step(q);
		if (rc == DB_DONE)
			nclosed = db_changes(q), rc = 0;
		db_finish(q);
	}
	if (!rc)
		rc =
		    db_prepare(st,
			       "UPDATE integrity_scans SET finished_at = ?, pages = ?, nfound = ?, "
			       "nnew = ?, nclosed = ?, notes = ? WHERE id = ?",
			       &q);
	if (!rc) {
		db_bind_text(q, 1, now);
		db_bind_int(q, 2, pages);
		db_bind_int(q, 3, nfound);
		db_bind_int(q, 4, nnew);
		db_bind_int(q, 5, nclosed);
		db_bind_text(q, 6, nz(notes));
		db_bind_int(q, 7, scan_id);
		rc = db_run(q);
	}
	if (!rc) {
		char object[48], detail[160];
		snprintf(object, sizeof(object), "integrity_scan:%lld", scan_id);
		snprintf(detail, sizeof(detail),
			 "检查 %lld 项，发现 %lld 个问题，其中新发现 %lld 个，已整改关闭 %lld 个",
			 pages, nfound, nnew, nclosed);
		rc = store_audit(st, actor, "integrity.scan", object, detail);
	}
	rc = store_write_end(st, rc);
	if (!rc && res) {
		memset(res, 0, sizeof(*res));
		res->id = scan_id;
		res->pages = pages;
		res->nfound = nfound;
		res->nnew = nnew;
		res->nclosed = nclosed;
	}
	return rc;
}

int store_integrity_scans(struct store *st, struct arena *a, size_t limit,
			  struct integrity_scan **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *q;
	int rc = db_prepare(
	    st, "SELECT " SCAN_COLS " FROM integrity_scans ORDER BY id DESC LIMIT ?", &q);
	if (rc)
		return rc;
	db_bind_int(q, 1, limit ? (long long)limit : 20);
	void *v;
	if ((rc = db_read_rows(q, a, sizeof(**out), scan_read, &v, n)))
		return rc;
	*out = v;
	return 0;
}

int store_integrity_last_scan(struct store *st, struct arena *a, const char *scope,
			      const char **finished_at)
{
	*finished_at = NULL;
	struct db_stmt *q;
	int rc = db_prepare(st,
			    "SELECT max(finished_at) FROM integrity_scans WHERE scope = ? AND "
			    "finished_at IS NOT NULL",
			    &q);
	if (rc)
		return rc;
	db_bind_text(q, 1, scope);
	rc = db_step(q);
	if (rc == DB_ROW)
		*finished_at = db_col_str(q, a, 0), rc = 0;
	db_finish(q);
	return rc < 0 ? rc : 0;
}

/* ---------------------------------------------------------------- findings */

static const char *const status_keys[] = {"open", "closed", "dismissed"};
static const char *const status_labels[] = {"待整改", "已整改", "误报"};

const char *integrity_status_key(enum integrity_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_keys) ? status_keys[s] : "";
}

const char *integrity_status_label(enum integrity_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_labels) ? status_labels[s] : "";
}

int integrity_status_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(status_keys); i++)
		if (!strcmp(s, status_keys[i]) || !strcmp(s, status_labels[i]))
			return (int)i;
	return -1;
}

#define FINDING_COLS                                                                               \
	"id, fkey, rule_id, category, severity, agency_id, url, doc_id, field, start_off, "        \
	"end_off, snippet, context, message, fix, scope, first_seen, last_seen, status, "          \
	"closed_at, assignee, assignee_agency, due_on, assigned_by, assigned_at, dismiss_reason, " \
	"dismissed_by"

static int finding_read(struct db_stmt *q, struct arena *a, void *row)
{
	struct integrity_finding *o = row;
	o->id = db_col_int(q, 0);
	o->key = db_col_str(q, a, 1);
	o->rule_id = db_col_str(q, a, 2);
	o->category = db_col_str(q, a, 3);
	o->sev = sev_from(db_col_text(q, 4));
	o->agency_id = db_col_int(q, 5);
	o->url = db_col_str(q, a, 6);
	o->doc_id = db_col_int(q, 7);
	o->field = db_col_str(q, a, 8);
	o->start = db_col_int(q, 9);
	o->end = db_col_int(q, 10);
	o->snippet = db_col_str(q, a, 11);
	o->context = db_col_str(q, a, 12);
	o->message = db_col_str(q, a, 13);
	o->fix = db_col_str(q, a, 14);
	o->scope = db_col_str(q, a, 15);
	o->first_seen = db_col_str(q, a, 16);
	o->last_seen = db_col_str(q, a, 17);
	int s = integrity_status_parse(db_col_text(q, 18));
	o->status = s < 0 ? INTEGRITY_OPEN : (enum integrity_status)s;
	o->closed_at = db_col_str(q, a, 19);
	o->assignee = db_col_str(q, a, 20);
	o->assignee_agency = db_col_int(q, 21);
	o->due_on = db_col_day(q, 22);
	o->assigned_by = db_col_str(q, a, 23);
	o->assigned_at = db_col_str(q, a, 24);
	o->dismiss_reason = db_col_str(q, a, 25);
	o->dismissed_by = db_col_str(q, a, 26);
	return 0;
}

/* The agencies a filter admits (NULL = any): the subtree of f->agency_id when asked for, cut
 * to f->within. Owned (free()); *none when nothing can match. */
static int filter_agencies(struct store *st, const struct integrity_filter *f, long long **ids,
			   size_t *n, bool *none)
{
	*ids = NULL;
	*n = 0;
	*none = false;
	long long *sub = NULL;
	size_t nsub = 0;
	if (f->agency_id) {
		int rc = store_agency_subtree(st, f->agency_id, f->subordinates, &sub, &nsub);
		if (rc)
			return rc;
	}
	if (!f->within) {
		*ids = sub;
		*n = nsub;
		*none = f->agency_id && !nsub;
		return 0;
	}
	size_t cap = f->agency_id ? nsub : f->nwithin;
	long long *v = malloc((cap ? cap : 1) * sizeof(*v));
	if (!v) {
		free(sub);
		return ZF_ENOMEM;
	}
	size_t k = 0;
	if (f->agency_id) {
		for (size_t i = 0; i < nsub; i++)
			for (size_t j = 0; j < f->nwithin; j++)
				if (sub[i] == f->within[j]) {
					v[k++] = sub[i];
					break;
				}
	} else {
		memcpy(v, f->within, f->nwithin * sizeof(*v));
		k = f->nwithin;
	}
	free(sub);
	*ids = v;
	*n = k;
	*none = k == 0;
	return 0;
}

int store_integrity_findings(struct store *st, struct arena *a, const struct integrity_filter *f,
			     struct integrity_finding **out, size_t *n, long long *total)
{
	*out = NULL;
	*n = 0;
	if (total)
		*total = 0;
	long long *ids;
	size_t nids;
	bool none;
	int rc = filter_agencies(st, f, &ids, &nids, &none);
	if (rc)
		return rc;
	if (none) {
		free(ids);
		return 0;
	}
	struct buf where;
	buf_init(&where, 1 << 20);
	int k = 0;
	buf_adds(&where, " WHERE 1 = 1");
	if (f->category && *f->category) {
		k++;
		if (f->category[strlen(f->category) - 1] == '.') /* "link.": a prefix */
			buf_printf(&where,
				   " AND substr(category, 1, length(CAST(?%d AS TEXT))) = CAST(?%d "
				   "AS TEXT)",
				   k, k);
		else
			buf_printf(&where, " AND category = ?%d", k);
	}
	if (f->sev >= 0)
		buf_printf(&where, " AND severity = ?%d", ++k);
	if (f->status >= 0)
		buf_printf(&where, " AND status = ?%d", ++k);
	if (f->overdue)
		buf_printf(&where, " AND status = 'open' AND due_on IS NOT NULL AND due_on < ?%d",
			   ++k);
	if (ids) {
		buf_adds(&where, " AND agency_id IN (");
		for (size_t i = 0; i < nids; i++)
			buf_printf(&where, "%s?%d", i ? ", " : "", ++k);
		buf_adds(&where, ")");
	}
	struct buf sql;
	buf_init(&sql, 1 << 20);
	for (int pass = 0; pass < 2 && !rc; pass++) {
		buf_reset(&sql);
		if (pass == 0)
			buf_printf(&sql, "SELECT count(*) FROM integrity_findings%s",
				   buf_cstr(&where));
		else
			buf_printf(
			    &sql,
			    "SELECT " FINDING_COLS " FROM integrity_findings%s ORDER BY CASE "
			    "status WHEN 'open' THEN 0 ELSE 1 END, CASE severity WHEN 'veto' "
			    "THEN 0 WHEN 'deduct' THEN 1 ELSE 2 END, last_seen DESC, id DESC "
			    "LIMIT ?%d OFFSET ?%d",
			    buf_cstr(&where), k + 1, k + 2);
		if (sql.failed) {
			rc = ZF_ENOMEM;
			break;
		}
		struct db_stmt *q;
		rc = db_prepare(st, buf_cstr(&sql), &q);
		if (rc)
			break;
		int b = 0;
		if (f->category && *f->category)
			db_bind_text(q, ++b, f->category);
		if (f->sev >= 0)
			db_bind_text(q, ++b, sev_key((enum scan_sev)f->sev));
		if (f->status >= 0)
			db_bind_text(q, ++b,
				     integrity_status_key((enum integrity_status)f->status));
		if (f->overdue)
			db_bind_day(q, ++b, f->overdue);
		for (size_t i = 0; ids && i < nids; i++)
			db_bind_int(q, ++b, ids[i]);
		if (pass == 0) {
			rc = db_step(q);
			if (rc == DB_ROW) {
				if (total)
					*total = db_col_int(q, 0);
				rc = 0;
			}
			db_finish(q);
			continue;
		}
		db_bind_int(q, ++b, f->limit ? (long long)f->limit : 50);
		db_bind_int(q, ++b, (long long)f->offset);
		void *v;
		if (!(rc = db_read_rows(q, a, sizeof(**out), finding_read, &v, n)))
			*out = v;
	}
	buf_free(&sql);
	buf_free(&where);
	free(ids);
	return rc < 0 ? rc : 0;
}

int store_integrity_finding_get(struct store *st, struct arena *a, long long id,
				struct integrity_finding *out)
{
	struct db_stmt *q;
	int rc = db_prepare(st, "SELECT " FINDING_COLS " FROM integrity_findings WHERE id = ?", &q);
	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q);
	if (rc == DB_ROW)
		finding_read(q, a, out), rc = 0;
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(q);
	return rc;
}

/* The status and agency of a finding inside a write: 0, ZF_ENOENT. */
static int finding_state(struct store *st, long long id, char status[16], long long *agency)
{
	struct db_stmt *q;
	int rc =
	    db_prepare(st, "SELECT status, agency_id FROM integrity_findings WHERE id = ?", &q);
	if (rc)
		return rc;
	db_bind_int(q, 1, id);
	rc = db_step(q);
	if (rc == DB_ROW) {
		snprintf(status, 16, "%s", nz(db_col_text(q, 0)));
		*agency = db_col_int(q, 1);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(q);
	return rc;
}

int store_integrity_assign(struct store *st, const char *actor, long long id, const char *login,
			   long long agency_id, zf_day due, zf_day today, struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (due && today && due < today) {
		if (err)
			buf_setf(err, "整改期限不能早于今天");
		return ZF_EINVAL;
	}
	if (!(login && *login) && !agency_id) {
		if (err)
			buf_setf(err, "请指定整改责任人或责任单位");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	char status[16];
	long long fagency = 0, uagency = 0;
	rc = finding_state(st, id, status, &fagency);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有这个问题");
	if (!rc && strcmp(status, "open")) {
		rc = ZF_ESTATE;
		if (err)
			buf_setf(err, "这个问题已经%s，不能再派发",
				 !strcmp(status, "closed") ? "整改关闭" : "标为误报");
	}
	struct db_stmt *q;
	if (!rc && login && *login) {
		rc = db_prepare(st, "SELECT agency_id FROM users WHERE login = ? AND active = 1",
				&q);
		if (!rc) {
			db_bind_text(q, 1, login);
			int r = db_step(q);
			if (r == DB_ROW)
				uagency = db_col_int(q, 0);
			else
				rc = r < 0 ? r : ZF_ENOENT;
			db_finish(q);
			if (rc == ZF_ENOENT && err)
				buf_setf(err, "没有这个用户（或已停用）：%s", login);
		}
	}
	if (!rc && agency_id) {
		bool exists = false;
		rc = store_agency_exists(st, agency_id, &exists);
		if (!rc && !exists) {
			rc = ZF_ENOENT;
			if (err)
				buf_setf(err, "没有这个单位");
		}
	}
	long long to_agency = agency_id ? agency_id : uagency ? uagency : fagency;
	char now[21];
	db_now(now);
	if (!rc)
		rc = db_prepare(st,
				"UPDATE integrity_findings SET assignee = ?, assignee_agency = ?, "
				"due_on = ?, assigned_by = ?, assigned_at = ? WHERE id = ?",
				&q);
	if (!rc) {
		db_bind_text(q, 1, login ? login : "");
		db_bind_int(q, 2, to_agency);
		db_bind_day(q, 3, due);
		db_bind_text(q, 4, actor);
		db_bind_text(q, 5, now);
		db_bind_int(q, 6, id);
		rc = db_run(q);
	}
	if (!rc) {
		char object[48], detail[160], d[11] = "";
		if (due)
			date_format(due, d);
		snprintf(object, sizeof(object), "integrity_finding:%lld", id);
		snprintf(detail, sizeof(detail), "派发给 %s（单位 %lld），整改期限 %s",
			 login && *login ? login : "-", to_agency, due ? d : "无");
		rc = store_audit(st, actor, "integrity.assign", object, detail);
	}
	return store_write_end(st, rc);
}

int store_integrity_user_agency(struct store *st, const char *login, long long *agency)
{
	struct db_stmt *q;
	int rc = db_prepare(st, "SELECT agency_id FROM users WHERE login = ? AND active = 1", &q);
	if (rc)
		return rc;
	db_bind_text(q, 1, login);
	rc = db_step(q);
	if (rc == DB_ROW)
		*agency = db_col_int(q, 0), rc = 0;
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(q);
	return rc;
}

int store_integrity_dismiss(struct store *st, const char *actor, long long id, const char *reason,
			    struct buf *err)
{
	if (!actor || !*actor)
		return ZF_EINVAL;
	if (!reason || !*reason) {
		if (err)
			buf_setf(err, "标为误报须写明理由");
		return ZF_EINVAL;
	}
	if (strlen(reason) > 1000) {
		if (err)
			buf_setf(err, "理由太长（最多 1000 字节）");
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	char status[16];
	long long agency = 0;
	rc = finding_state(st, id, status, &agency);
	if (rc == ZF_ENOENT && err)
		buf_setf(err, "没有这个问题");
	if (!rc && !strcmp(status, "dismissed")) {
		rc = ZF_ESTATE;
		if (err)
			buf_setf(err, "这个问题已经标为误报");
	}
	char now[21];
	db_now(now);
	struct db_stmt *q;
	if (!rc)
		rc =
		    db_prepare(st,
			       "UPDATE integrity_findings SET status = 'dismissed', closed_at = ?, "
			       "dismiss_reason = ?, dismissed_by = ? WHERE id = ?",
			       &q);
	if (!rc) {
		db_bind_text(q, 1, now);
		db_bind_text(q, 2, reason);
		db_bind_text(q, 3, actor);
		db_bind_int(q, 4, id);
		rc = db_run(q);
	}
	if (!rc) {
		char object[48];
		snprintf(object, sizeof(object), "integrity_finding:%lld", id);
		rc = store_audit(st, actor, "integrity.dismiss", object, reason);
	}
	return store_write_end(st, rc);
}

/* ---------------------------------------------------------------- score card */

/* The deductions of the 2019 indicators as this platform applies them (国办秘函〔2019〕19号,
 * 政府网站检查指标: 不可用链接、栏目更新、错别字等扣分项). Change them here only. */
static const struct integrity_deduction deductions[] = {
    {"link.broken", 1.0, 20.0, "不可用链接：每条扣 1 分，最多扣 20 分"},
    {"column", 5.0, 30.0, "栏目逾期未更新或空白：每个扣 5 分，最多扣 30 分"},
    {"wording", 2.0, 20.0, "一般性表述错误：每处扣 2 分，最多扣 20 分"},
    {"pii", 5.0, 20.0, "泄露个人信息：每处扣 5 分，最多扣 20 分"},
    {"*", 1.0, 10.0, "其他扣分项：每处扣 1 分，最多扣 10 分"},
};

const struct integrity_deduction *integrity_deductions(size_t *n)
{
	*n = ARRAY_SIZE(deductions);
	return deductions;
}

const char *const integrity_categories[INTEGRITY_NCATS] = {
    "wording", "spam", "pii", "link.hidden", "link.broken", "tamper", "column",
};

const char *integrity_category_label(const char *c)
{
	static const char *const labels[INTEGRITY_NCATS] = {
	    "错敏词", "涉赌涉黄", "个人信息", "暗链", "不可用链接", "篡改", "栏目更新",
	};
	for (size_t i = 0; c && i < INTEGRITY_NCATS; i++)
		if (!strcmp(c, integrity_categories[i]))
			return labels[i];
	return "其他";
}

static size_t cat_index(const char *c)
{
	for (size_t i = 0; c && i < INTEGRITY_NCATS; i++)
		if (!strcmp(c, integrity_categories[i]))
			return i;
	return INTEGRITY_NCATS;
}

static bool cat_matches(const char *pattern, const char *c)
{
	if (!strcmp(pattern, "*"))
		return true;
	size_t n = strlen(pattern);
	return !strncmp(c, pattern, n) && (c[n] == '\0' || c[n] == '.');
}

void integrity_score_compute(struct integrity_score *s, const struct integrity_count *c, size_t n)
{
	double lost[ARRAY_SIZE(deductions)] = {0};
	s->veto = s->open = 0;
	memset(s->per_cat, 0, sizeof(s->per_cat));
	for (size_t i = 0; i < n; i++) {
		const char *cat = nz(c[i].category);
		s->open += c[i].n;
		s->per_cat[cat_index(cat)] += c[i].n;
		if (c[i].sev == SCAN_VETO) {
			s->veto += c[i].n;
		} else if (c[i].sev == SCAN_DEDUCT) {
			for (size_t d = 0; d < ARRAY_SIZE(deductions); d++)
				if (cat_matches(deductions[d].category, cat)) {
					lost[d] += deductions[d].points * (double)c[i].n;
					break;
				}
		}
	}
	double score = 100.0;
	for (size_t d = 0; d < ARRAY_SIZE(deductions); d++)
		score -= lost[d] < deductions[d].cap ? lost[d] : deductions[d].cap;
	s->score = score < 0 ? 0 : score;
	s->pass = s->veto == 0 && s->score >= INTEGRITY_PASS_SCORE;
}

static bool in_list(const long long *v, size_t n, long long x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

int store_integrity_scorecard(struct store *st, struct arena *a, zf_day today,
			      const long long *within, size_t nwithin, struct integrity_score **out,
			      size_t *n)
{
	*out = NULL;
	*n = 0;
	struct agency *ag;
	size_t nag;
	int rc = store_agency_list(st, a, &ag, &nag);
	if (rc)
		return rc;
	/* rows: the agencies (tree order) and, last, the findings of no known agency */
	struct integrity_score *v = arena_alloc(a, (nag + 1) * sizeof(*v));
	struct integrity_count *cnt = NULL;
	size_t ncnt = 0, acnt = 0;
	long long *cagency = NULL;
	if (!v)
		return ZF_ENOMEM;
	memset(v, 0, (nag + 1) * sizeof(*v));
	struct db_stmt *q;
	rc = db_prepare(st,
			"SELECT agency_id, category, severity, count(*) FROM integrity_findings "
			"WHERE status = 'open' GROUP BY agency_id, category, severity ORDER BY "
			"agency_id",
			&q);
	if (rc)
		return rc;
	size_t acag = 0;
	while ((rc = db_step(q)) == DB_ROW) {
		cnt = arena_grow(a, cnt, ncnt, &acnt, sizeof(*cnt));
		cagency = arena_grow(a, cagency, ncnt, &acag, sizeof(*cagency));
		if (!cnt || !cagency) {
			rc = ZF_ENOMEM;
			break;
		}
		cagency[ncnt] = db_col_int(q, 0);
		cnt[ncnt].category = db_col_str(q, a, 1);
		cnt[ncnt].sev = sev_from(db_col_text(q, 2));
		cnt[ncnt].n = db_col_int(q, 3);
		ncnt++;
	}
	db_finish(q);
	if (rc < 0)
		return rc;
	size_t len = 0;
	for (size_t i = 0; i <= nag; i++) {
		long long id = i < nag ? ag[i].id : 0;
		if (within && !in_list(within, nwithin, id))
			continue;
		size_t from = 0;
		while (from < ncnt && cagency[from] != id)
			from++;
		size_t to = from;
		while (to < ncnt && cagency[to] == id)
			to++;
		if (i == nag && from == to)
			continue; /* no unattributed findings: no row */
		struct integrity_score *s = &v[len++];
		s->agency_id = id;
		s->agency_name = i < nag ? ag[i].name : "（未归属单位）";
		s->depth = i < nag ? ag[i].depth : 0;
		integrity_score_compute(s, cnt + from, to - from);
	}
	/* overdue counts and the named problems */
	rc = db_prepare(
	    st,
	    "SELECT agency_id, severity, message, snippet, due_on FROM integrity_findings "
	    "WHERE status = 'open' ORDER BY agency_id, CASE severity WHEN 'veto' THEN 0 "
	    "WHEN 'deduct' THEN 1 ELSE 2 END, id",
	    &q);
	if (rc)
		return rc;
	while ((rc = db_step(q)) == DB_ROW) {
		long long id = db_col_int(q, 0);
		struct integrity_score *s = NULL;
		for (size_t i = 0; i < len && !s; i++)
			if (v[i].agency_id == id)
				s = &v[i];
		if (!s)
			continue;
		zf_day due = db_col_day(q, 4);
		if (due && today && due < today)
			s->overdue++;
		if (s->nproblems >= 5)
			continue;
		if (!s->problems) {
			s->problems = arena_alloc(a, 5 * sizeof(*s->problems));
			if (!s->problems) {
				rc = ZF_ENOMEM;
				break;
			}
		}
		const char *msg = db_col_text(q, 2), *snip = db_col_text(q, 3);
		s->problems[s->nproblems++] =
		    arena_printf(a, "%s%s%s%s", nz(msg), snip && *snip ? "（“" : "", nz(snip),
				 snip && *snip ? "”）" : "");
	}
	db_finish(q);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

/* ---------------------------------------------------------------- lease */

int store_integrity_lease(struct store *st, const char *name, const char *holder, int seconds,
			  bool *got)
{
	*got = false;
	char now[21], until[21];
	time_t t = time(NULL);
	stamp_at(t, now);
	stamp_at(t + (seconds > 0 ? seconds : 60), until);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *q;
	rc = db_prepare(st, "SELECT holder, until_at FROM integrity_leases WHERE name = ?", &q);
	bool exists = false, free_ = true;
	if (!rc) {
		db_bind_text(q, 1, name);
		int r = db_step(q);
		if (r == DB_ROW) {
			exists = true;
			const char *h = nz(db_col_text(q, 0)), *u = nz(db_col_text(q, 1));
			free_ = !strcmp(h, holder) || strcmp(u, now) < 0;
		} else if (r < 0) {
			rc = r;
		}
		db_finish(q);
	}
	if (!rc && free_) {
		rc = db_prepare(st,
				exists ? "UPDATE integrity_leases SET holder = ?2, until_at = ?3 "
					 "WHERE name = ?1"
				       : "INSERT INTO integrity_leases (name, holder, until_at) "
					 "VALUES (?1, ?2, ?3)",
				&q);
		if (!rc) {
			db_bind_text(q, 1, name);
			db_bind_text(q, 2, holder);
			db_bind_text(q, 3, until);
			rc = db_run(q);
		}
		*got = rc == 0;
	}
	rc = store_write_end(st, rc);
	if (rc)
		*got = false;
	return rc;
}

int store_integrity_lease_release(struct store *st, const char *name, const char *holder)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *q;
	rc = db_prepare(st, "DELETE FROM integrity_leases WHERE name = ? AND holder = ?", &q);
	if (!rc) {
		db_bind_text(q, 1, name);
		db_bind_text(q, 2, holder);
		rc = db_run(q);
	}
	return store_write_end(st, rc);
}
