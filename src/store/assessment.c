/* assessment.c: 考核 schemes and scores, and the quarterly 通报 in the store (assessment.h).
 * The tables are in assessment_schema.c; training records in assessment_training.c. */
#include "common.h"
#include "arena.h"
#include "store/assessment.h"
#include "store/db.h"
#include "store/driver.h"
#include "store/oversight.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assess_input_from_metrics(const struct oversight_metrics *m, struct assess_input *out)
{
	memset(out, 0, sizeof(*out));
	out->num[ASSESS_M_REQ_ON_TIME] = m->req_on_time;
	out->den[ASSESS_M_REQ_ON_TIME] = m->req_replied;
	out->num[ASSESS_M_MSG_ON_TIME] = m->msg.replied_on_time;
	out->den[ASSESS_M_MSG_ON_TIME] = m->msg.replied;
	out->num[ASSESS_M_REQ_OVERDUE] = m->req_overdue;
	out->num[ASSESS_M_MSG_OVERDUE] = m->msg.overdue;
	out->num[ASSESS_M_MSG_STALE] = m->msg.stale;
	out->num[ASSESS_M_CORRECTED] = m->reviews_corrected + m->suits_corrected;
	out->num[ASSESS_M_FINDINGS_VETO] = m->findings_veto;
	out->num[ASSESS_M_FINDINGS_DEDUCT] = m->findings_deduct;
	out->num[ASSESS_M_STD_OVERDUE] = m->std_overdue;
	out->num[ASSESS_M_MEDIA_SILENT] = m->media.silent;
	out->num[ASSESS_M_MEDIA_VETO] = m->media.findings_veto;
}

/* counts as text: "name=num/den;" per metric; read back by counts_parse */
static void counts_format(const struct assess_input *in, struct buf *out)
{
	for (int m = 1; m < ASSESS_M_COUNT; m++)
		buf_printf(out, "%s=%lld/%lld;", assess_metric_name((enum assess_metric)m),
			   in->num[m], in->den[m]);
}

static void counts_parse(const char *s, struct assess_input *out)
{
	memset(out, 0, sizeof(*out));
	struct str rest = str_c(s ? s : "");
	while (rest.len) {
		struct str item = str_cut(&rest, ';');
		struct str name = str_cut(&item, '=');
		struct str num = str_cut(&item, '/');
		char key[32];
		if (!name.len || name.len >= sizeof(key))
			continue;
		memcpy(key, name.p, name.len);
		key[name.len] = '\0';
		enum assess_metric m;
		long a = 0, b = 0;
		if (assess_metric_parse(key, &m) || str_to_long(num, &a) || str_to_long(item, &b))
			continue;
		out->num[m] = a;
		out->den[m] = b;
	}
}

/* ---------------------------------------------------------------- schemes */

int store_assess_scheme_get(struct store *st, long long id, struct assess_scheme *out)
{
	if (!id) {
		assess_scheme_default(out);
		return 0;
	}
	struct db_stmt *s;
	int rc = db_prepare(st, "SELECT body FROM assess_schemes WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		const char *body = db_col_text(s, 0);
		rc = assess_scheme_parse(body ? body : "", body ? strlen(body) : 0, out, NULL)
			 ? ZF_EDB /* a stored version always parses */
			 : 0;
	} else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_assess_scheme_current(struct store *st, struct assess_scheme *out, long long *id)
{
	long long v = 0;
	int rc = db_query_int(st, "SELECT coalesce(max(id), 0) FROM assess_schemes", &v);
	if (rc)
		return rc;
	if (id)
		*id = v;
	return store_assess_scheme_get(st, v, out);
}

int store_assess_scheme_save(struct store *st, const char *actor, const char *text, size_t len,
			     long long *id, struct buf *err)
{
	struct assess_scheme *sc = malloc(sizeof(*sc));
	if (!sc)
		return ZF_ENOMEM;
	int rc = assess_scheme_parse(text, len, sc, err);
	if (rc) {
		free(sc);
		return rc;
	}
	struct buf body = BUF_INIT;
	assess_scheme_format(sc, &body);
	rc = store_write_begin(st);
	if (rc) {
		free(sc);
		buf_free(&body);
		return rc;
	}
	struct db_stmt *s;
	long long nid = 0;
	char now[21];
	db_now(now);
	rc = db_prepare(st,
			"INSERT INTO assess_schemes (title, body, nindicators, saved_by, saved_at)"
			" VALUES (?, ?, ?, ?, ?) RETURNING id",
			&s);
	if (!rc) {
		db_bind_text(s, 1, sc->title);
		db_bind_text(s, 2, buf_cstr(&body));
		db_bind_int(s, 3, (long long)sc->n);
		db_bind_text(s, 4, actor);
		db_bind_text(s, 5, now);
		rc = db_run_id(s, &nid);
	}
	if (!rc) {
		char object[40], detail[300];
		snprintf(object, sizeof(object), "assess_scheme:%lld", nid);
		snprintf(detail, sizeof(detail), "%s（%zu项指标）", sc->title, sc->n);
		rc = store_audit(st, actor, "assess.scheme", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存考核方案：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = nid;
	free(sc);
	buf_free(&body);
	return rc;
}

int store_assess_scheme_list(struct store *st, struct arena *a, struct assess_scheme_row **out,
			     size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id, title, nindicators, saved_by, saved_at FROM assess_schemes"
			    " ORDER BY id DESC LIMIT 100",
			    &s);
	if (rc)
		return rc;
	struct assess_scheme_row *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct assess_scheme_row *r = &v[len++];
		r->id = db_col_int(s, 0);
		r->title = db_col_str(s, a, 1);
		r->nindicators = (int)db_col_int(s, 2);
		r->saved_by = db_col_str(s, a, 3);
		r->saved_at = db_col_str(s, a, 4);
		if (!r->title || !r->saved_by || !r->saved_at) {
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

/* ---------------------------------------------------------------- the agencies assessed */

/* The open agencies strictly below root, in tree order: ids and names from the arena. */
static int below(struct store *st, struct arena *a, long long root, long long **ids,
		 const char ***names, size_t *n)
{
	struct agency *all = NULL;
	size_t nall = 0;
	*n = 0;
	int rc = store_agency_list(st, a, &all, &nall);
	if (rc)
		return rc;
	bool *in = arena_alloc(a, nall + 1);
	long long *v = arena_alloc(a, (nall + 1) * sizeof(*v));
	const char **nm = arena_alloc(a, (nall + 1) * sizeof(*nm));
	if (!in || !v || !nm)
		return ZF_ENOMEM;
	bool found = false;
	for (size_t i = 0; i < nall; i++) {
		in[i] = all[i].id == root;
		found |= in[i];
		for (size_t j = 0; j < i && !in[i]; j++)
			if (in[j] && all[j].id == all[i].parent_id)
				in[i] = true;
		if (in[i] && all[i].id != root && !all[i].closed) {
			v[*n] = all[i].id;
			nm[(*n)++] = all[i].name;
		}
	}
	if (!found)
		return ZF_ENOENT;
	*ids = v;
	*names = nm;
	return 0;
}

/* ---------------------------------------------------------------- scores */

static int manual_load(struct store *st, struct arena *a, int quarter, long long agency_id,
		       struct assess_manual **out, size_t *n)
{
	struct assess_manual_row *rows;
	size_t nrows;
	int rc = store_assess_manual_list(st, a, quarter, agency_id, &rows, &nrows);
	if (rc)
		return rc;
	struct assess_manual *m = arena_alloc(a, (nrows + 1) * sizeof(*m));
	if (!m)
		return ZF_ENOMEM;
	for (size_t i = 0; i < nrows; i++) {
		m[i].code = rows[i].code;
		m[i].points = rows[i].points;
	}
	*out = m;
	*n = nrows;
	return 0;
}

struct scored {
	long long agency_id;
	struct assess_input in;
	struct assess_result r;
};

/* Scores v[0..n) with sc and the quarter's manual items, ranks them and writes them. Runs
 * inside the caller's transaction. */
static int score_and_store(struct store *st, struct arena *a, const struct assess_scheme *sc,
			   long long scheme_id, long long root, int quarter, zf_day on,
			   struct scored *v, size_t n)
{
	struct assess_result *res = arena_alloc(a, (n + 1) * sizeof(*res));
	int *rank = arena_alloc(a, (n + 1) * sizeof(*rank));
	if (!res || !rank)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct assess_manual *man;
		size_t nman;
		int rc = manual_load(st, a, quarter, v[i].agency_id, &man, &nman);
		if (rc)
			return rc;
		assess_score(sc, &v[i].in, man, nman, &v[i].r);
		res[i] = v[i].r;
	}
	assess_rank(res, n, rank);
	char now[21], day[11];
	db_now(now);
	date_format(on, day);
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "INSERT INTO assess_scores (quarter, agency_id, root_id, scheme_id, counts,"
		       " total, item_sum, max_total, vetoed, place, problems, computed_on,"
		       " computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		       " ON CONFLICT (quarter, agency_id) DO UPDATE SET root_id = excluded.root_id,"
		       " scheme_id = excluded.scheme_id, counts = excluded.counts,"
		       " total = excluded.total, item_sum = excluded.item_sum,"
		       " max_total = excluded.max_total, vetoed = excluded.vetoed,"
		       " place = excluded.place, problems = excluded.problems,"
		       " computed_on = excluded.computed_on, computed_at = excluded.computed_at",
		       &s);
	if (rc)
		return rc;
	struct buf counts = BUF_INIT, problems = BUF_INIT;
	for (size_t i = 0; i < n && !rc; i++) {
		buf_reset(&counts);
		buf_reset(&problems);
		counts_format(&v[i].in, &counts);
		assess_problems(&v[i].in, &problems);
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, v[i].agency_id);
		db_bind_int(s, 3, root);
		db_bind_int(s, 4, scheme_id);
		db_bind_text(s, 5, buf_cstr(&counts));
		db_bind_int(s, 6, v[i].r.total);
		db_bind_int(s, 7, v[i].r.sum);
		db_bind_int(s, 8, v[i].r.max_total);
		db_bind_int(s, 9, v[i].r.vetoed ? 1 : 0);
		db_bind_int(s, 10, rank[i]);
		db_bind_text(s, 11, buf_cstr(&problems));
		db_bind_text(s, 12, day);
		db_bind_text(s, 13, now);
		rc = db_step(s);
		if (rc == DB_DONE)
			rc = 0;
		else if (rc >= 0)
			rc = ZF_EDB;
	}
	db_finish(s);
	if (counts.failed || problems.failed)
		rc = rc ? rc : ZF_ENOMEM;
	buf_free(&counts);
	buf_free(&problems);
	return rc;
}

int store_assess_compute(struct store *st, const char *actor, const struct calendar *cal,
			 long long root, int quarter, zf_day today, assess_metrics_fn metrics,
			 struct buf *err)
{
	if (!metrics)
		metrics = store_oversight_metrics;
	char qlabel[40];
	assess_quarter_label(quarter, qlabel);
	zf_day from, to;
	assess_quarter_range(quarter, &from, &to);
	if (from > today) {
		if (err)
			buf_setf(err, "%s尚未开始，不能计算得分", qlabel);
		return ZF_EINVAL;
	}
	zf_day on = today < to ? today : to;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct assess_scheme *sc = arena_alloc(a, sizeof(*sc));
	long long scheme_id = 0, *ids = NULL;
	const char **names = NULL;
	size_t n = 0;
	int rc = sc ? 0 : ZF_ENOMEM;
	if (!rc)
		rc = store_assess_scheme_current(st, sc, &scheme_id);
	if (!rc) {
		rc = below(st, a, root, &ids, &names, &n);
		if (rc == ZF_ENOENT && err)
			buf_setf(err, "没有这个机关");
	}
	struct scored *v = NULL;
	if (!rc) {
		v = arena_alloc(a, (n + 1) * sizeof(*v));
		if (!v)
			rc = ZF_ENOMEM;
	}
	/* the counts first, outside the transaction: they only read */
	for (size_t i = 0; i < n && !rc; i++) {
		struct oversight_metrics m;
		memset(&m, 0, sizeof(m));
		rc = metrics(st, cal, ids[i], false, from, to, on, &m);
		if (rc) {
			if (err)
				buf_setf(err, "无法取得“%s”的%s监督数据：%s", names[i], qlabel,
					 rc == ZF_ESTATE ? "监督数据尚未就绪" : zf_strerror(rc));
			break;
		}
		v[i].agency_id = ids[i];
		assess_input_from_metrics(&m, &v[i].in);
	}
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	struct db_stmt *s;
	rc = db_prepare(st, "DELETE FROM assess_scores WHERE quarter = ? AND root_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, root);
		rc = db_run(s);
	}
	if (!rc)
		rc = score_and_store(st, a, sc, scheme_id, root, quarter, on, v, n);
	if (!rc) {
		char object[40], detail[120];
		snprintf(object, sizeof(object), "agency:%lld", root);
		snprintf(detail, sizeof(detail), "计算%s考核得分（%zu个单位）", qlabel, n);
		rc = store_audit(st, actor, "assess.compute", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法计算考核得分：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

static const char score_cols[] =
    "SELECT s.agency_id, a.name, s.root_id, s.scheme_id, s.counts, s.place, s.problems,"
    " s.computed_on, s.computed_at, s.total, s.item_sum, s.vetoed FROM assess_scores s"
    " JOIN agencies a ON a.id = s.agency_id";

/* Reads a score row and re-scores it with sc and the manual items (the same as stored). */
static int score_row(struct store *st, struct arena *a, struct db_stmt *s,
		     struct assess_score_row *r)
{
	r->agency_id = db_col_int(s, 0);
	r->agency_name = db_col_str(s, a, 1);
	r->root_id = db_col_int(s, 2);
	r->scheme_id = db_col_int(s, 3);
	counts_parse(db_col_text(s, 4), &r->in);
	r->rank = (int)db_col_int(s, 5);
	r->problems = db_col_str(s, a, 6);
	r->computed_on = db_col_day(s, 7);
	r->computed_at = db_col_str(s, a, 8);
	r->r.total = (int)db_col_int(s, 9);
	r->r.sum = (int)db_col_int(s, 10);
	r->r.vetoed = db_col_int(s, 11) != 0;
	(void)st;
	return r->agency_name && r->problems && r->computed_at ? 0 : ZF_ENOMEM;
}

static int rescore(struct store *st, struct arena *a, const struct assess_scheme *sc, int quarter,
		   struct assess_score_row *r)
{
	struct assess_manual *man;
	size_t nman;
	int rc = manual_load(st, a, quarter, r->agency_id, &man, &nman);
	if (rc)
		return rc;
	int total = r->r.total, sum = r->r.sum;
	assess_score(sc, &r->in, man, nman, &r->r);
	/* what was stored is the truth shown; the items explain it */
	r->r.total = total;
	r->r.sum = sum;
	return 0;
}

int store_assess_scores(struct store *st, struct arena *a, long long root, int quarter,
			struct assess_scheme *scheme, struct assess_score_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "%s WHERE s.root_id = ? AND s.quarter = ? ORDER BY s.place, a.name, s.agency_id",
		 score_cols);
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, root);
	db_bind_int(s, 2, quarter);
	struct assess_score_row *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		memset(&v[len], 0, sizeof(v[len]));
		rc = score_row(st, a, s, &v[len++]);
		if (rc)
			break;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	struct assess_scheme *sc = scheme ? scheme : arena_alloc(a, sizeof(*sc));
	if (!sc)
		return ZF_ENOMEM;
	if (len)
		rc = store_assess_scheme_get(st, v[0].scheme_id, sc);
	else
		rc = store_assess_scheme_current(st, sc, NULL);
	for (size_t i = 0; i < len && !rc; i++)
		rc = rescore(st, a, sc, quarter, &v[i]);
	if (rc)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int store_assess_score_get(struct store *st, struct arena *a, long long agency_id, int quarter,
			   struct assess_scheme *scheme, struct assess_score_row *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	char sql[512];
	snprintf(sql, sizeof(sql), "%s WHERE s.agency_id = ? AND s.quarter = ?", score_cols);
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, agency_id);
	db_bind_int(s, 2, quarter);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = score_row(st, a, s, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	if (!rc)
		rc = store_assess_scheme_get(st, out->scheme_id, scheme);
	if (!rc)
		rc = rescore(st, a, scheme, quarter, out);
	return rc;
}

int store_assess_manual_list(struct store *st, struct arena *a, int quarter, long long agency_id,
			     struct assess_manual_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(
	    st,
	    "SELECT agency_id, code, points, note, scored_by, scored_at FROM assess_manual"
	    " WHERE quarter = ? AND (? = 0 OR agency_id = ?) ORDER BY agency_id, code",
	    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, quarter);
	db_bind_int(s, 2, agency_id);
	db_bind_int(s, 3, agency_id);
	struct assess_manual_row *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct assess_manual_row *r = &v[len++];
		r->agency_id = db_col_int(s, 0);
		r->code = db_col_str(s, a, 1);
		r->points = (int)db_col_int(s, 2);
		r->note = db_col_str(s, a, 3);
		r->scored_by = db_col_str(s, a, 4);
		r->scored_at = db_col_str(s, a, 5);
		if (!r->code || !r->note || !r->scored_by || !r->scored_at) {
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

/* One line of text, valid UTF-8, without control characters (tab and newline allowed when
 * multiline), at most max characters. */
static bool text_ok(const char *s, size_t max, bool multiline)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) ||
		    c == 0x7f)
			return false;
	}
	return utf8_count(s, n) <= max;
}

int store_assess_manual_set(struct store *st, const char *actor, long long agency_id, int quarter,
			    const char *code, int points, const char *note, struct buf *err)
{
	if (!note)
		note = "";
	if (!text_ok(note, ASSESS_NOTE_MAX, false)) {
		if (err)
			buf_setf(err, "评分说明不超过%d个字，不含控制字符", ASSESS_NOTE_MAX);
		return ZF_EINVAL;
	}
	bool exists = false;
	int rc = store_agency_exists(st, agency_id, &exists);
	if (rc)
		return rc;
	if (!exists) {
		if (err)
			buf_setf(err, "没有这个机关");
		return ZF_ENOENT;
	}
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct assess_scheme *sc = arena_alloc(a, sizeof(*sc));
	long long scheme_id = 0, root = 0;
	rc = sc ? 0 : ZF_ENOMEM;
	/* the scheme the quarter was computed with, else the one in force */
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(st,
				"SELECT scheme_id, root_id FROM assess_scores WHERE quarter = ?"
				" AND agency_id = ?",
				&s);
	bool computed = false;
	if (!rc) {
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, agency_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			computed = true;
			scheme_id = db_col_int(s, 0);
			root = db_col_int(s, 1);
		}
		rc = rc < 0 ? rc : 0;
		db_finish(s);
	}
	if (!rc)
		rc = computed ? store_assess_scheme_get(st, scheme_id, sc)
			      : store_assess_scheme_current(st, sc, &scheme_id);
	int k = rc ? -1 : assess_scheme_find(sc, code ? code : "");
	if (!rc && (k < 0 || sc->ind[k].kind != ASSESS_MANUAL)) {
		if (err)
			buf_setf(err, "“%s”不是考核方案中的人工评分指标",
				 code && text_ok(code, 40, false) ? code : "");
		rc = ZF_EINVAL;
	}
	if (!rc && (points < 0 || points > sc->ind[k].max)) {
		char mx[16];
		assess_points_str(sc->ind[k].max, mx);
		if (err)
			buf_setf(err, "“%s”的得分应在0至%s分之间", sc->ind[k].name, mx);
		rc = ZF_EINVAL;
	}
	if (rc) {
		arena_free(a);
		return rc;
	}
	rc = store_write_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	char now[21];
	db_now(now);
	rc = db_prepare(
	    st,
	    "INSERT INTO assess_manual (quarter, agency_id, code, points, note, scored_by,"
	    " scored_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (quarter, agency_id, code)"
	    " DO UPDATE SET points = excluded.points, note = excluded.note,"
	    " scored_by = excluded.scored_by, scored_at = excluded.scored_at",
	    &s);
	if (!rc) {
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, agency_id);
		db_bind_text(s, 3, code);
		db_bind_int(s, 4, points);
		db_bind_text(s, 5, note);
		db_bind_text(s, 6, actor);
		db_bind_text(s, 7, now);
		rc = db_run(s);
	}
	if (!rc && computed) {
		/* re-score and re-rank the quarter's stored scores under the same root */
		struct assess_score_row *rows;
		size_t n;
		rc = store_assess_scores(st, a, root, quarter, NULL, &rows, &n);
		struct scored *v = rc ? NULL : arena_alloc(a, (n + 1) * sizeof(*v));
		if (!rc && !v)
			rc = ZF_ENOMEM;
		for (size_t i = 0; i < n && !rc; i++) {
			v[i].agency_id = rows[i].agency_id;
			v[i].in = rows[i].in;
		}
		if (!rc)
			rc = score_and_store(st, a, sc, scheme_id, root, quarter,
					     n ? rows[0].computed_on : date_today(), v, n);
	}
	if (!rc) {
		char object[40], detail[400], pts[16], qk[8];
		assess_points_str(points, pts);
		assess_quarter_key(quarter, qk);
		snprintf(object, sizeof(object), "agency:%lld", agency_id);
		snprintf(detail, sizeof(detail), "%s %s：%s分", qk, sc->ind[k].name, pts);
		rc = store_audit(st, actor, "assess.manual", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存人工评分：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	arena_free(a);
	return rc;
}

/* ---------------------------------------------------------------- the 通报 */

int store_bulletin_notes_get(struct store *st, struct arena *a, long long root, int quarter,
			     struct assess_notes *out)
{
	memset(out, 0, sizeof(*out));
	out->opening = out->interviews = out->criticised = out->ending = "";
	out->updated_by = out->updated_at = "";
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT opening, interviews, criticised, ending, updated_by, updated_at"
			    " FROM assess_bulletin_notes WHERE quarter = ? AND root_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, quarter);
	db_bind_int(s, 2, root);
	rc = db_step(s);
	if (rc == DB_ROW) {
		out->opening = db_col_str(s, a, 0);
		out->interviews = db_col_str(s, a, 1);
		out->criticised = db_col_str(s, a, 2);
		out->ending = db_col_str(s, a, 3);
		out->updated_by = db_col_str(s, a, 4);
		out->updated_at = db_col_str(s, a, 5);
		rc = out->opening && out->interviews && out->criticised && out->ending &&
			     out->updated_by && out->updated_at
			 ? 0
			 : ZF_ENOMEM;
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_bulletin_notes_set(struct store *st, const char *actor, long long root, int quarter,
			     const struct assess_notes *in, struct buf *err)
{
	const char *parts[] = {in->opening, in->interviews, in->criticised, in->ending};
	static const char *const names[] = {"开头", "约谈名单", "通报批评名单", "结尾"};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i] && !text_ok(parts[i], BULLETIN_TEXT_MAX, true)) {
			if (err)
				buf_setf(err, "“%s”不超过%d个字，不含控制字符", names[i],
					 BULLETIN_TEXT_MAX);
			return ZF_EINVAL;
		}
	bool exists = false;
	int rc = store_agency_exists(st, root, &exists);
	if (rc)
		return rc;
	if (!exists) {
		if (err)
			buf_setf(err, "没有这个机关");
		return ZF_ENOENT;
	}
	rc = store_write_begin(st);
	if (rc)
		return rc;
	char now[21];
	db_now(now);
	struct db_stmt *s;
	rc = db_prepare(
	    st,
	    "INSERT INTO assess_bulletin_notes (quarter, root_id, opening, interviews,"
	    " criticised, ending, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (quarter, root_id) DO UPDATE SET opening = excluded.opening,"
	    " interviews = excluded.interviews, criticised = excluded.criticised,"
	    " ending = excluded.ending, updated_by = excluded.updated_by,"
	    " updated_at = excluded.updated_at",
	    &s);
	if (!rc) {
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, root);
		for (int i = 0; i < 4; i++)
			db_bind_text(s, 3 + i, parts[i] ? parts[i] : "");
		db_bind_text(s, 7, actor);
		db_bind_text(s, 8, now);
		rc = db_run(s);
	}
	if (!rc) {
		char object[40], detail[80], qk[8];
		assess_quarter_key(quarter, qk);
		snprintf(object, sizeof(object), "agency:%lld", root);
		snprintf(detail, sizeof(detail), "%s 通报的约谈、通报批评和文字", qk);
		rc = store_audit(st, actor, "assess.notes", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存通报内容：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

static const char *agency_name(struct store *st, struct arena *a, long long id)
{
	struct db_stmt *s;
	const char *name = NULL;
	if (db_prepare(st, "SELECT name FROM agencies WHERE id = ?", &s))
		return NULL;
	db_bind_int(s, 1, id);
	if (db_step(s) == DB_ROW)
		name = db_col_str(s, a, 0);
	db_finish(s);
	return name;
}

int store_bulletin_build(struct store *st, struct arena *a, long long root, int quarter,
			 zf_day date, struct assess_bulletin *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	char qlabel[40];
	assess_quarter_label(quarter, qlabel);
	out->quarter = quarter;
	out->date = date;
	out->issuer = agency_name(st, a, root);
	if (!out->issuer) {
		if (err)
			buf_setf(err, "没有这个机关");
		return ZF_ENOENT;
	}
	struct assess_score_row *rows;
	size_t n;
	int rc = store_assess_scores(st, a, root, quarter, NULL, &rows, &n);
	if (rc)
		return rc;
	if (!n) {
		if (err)
			buf_setf(err, "%s的考核得分尚未计算，请先计算得分", qlabel);
		return ZF_ENOENT;
	}
	struct assess_bulletin_row *br = arena_alloc(a, n * sizeof(*br));
	if (!br)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		br[i].agency = rows[i].agency_name;
		br[i].total = rows[i].r.total;
		br[i].sum = rows[i].r.sum;
		br[i].max_total = rows[i].r.max_total;
		br[i].rank = rows[i].rank;
		br[i].vetoed = rows[i].r.vetoed;
		br[i].pending = rows[i].r.pending;
		br[i].problems = rows[i].problems;
	}
	out->rows = br;
	out->nrows = n;
	struct assess_notes notes;
	rc = store_bulletin_notes_get(st, a, root, quarter, &notes);
	if (rc)
		return rc;
	out->opening = notes.opening;
	out->interviews = notes.interviews;
	out->criticised = notes.criticised;
	out->ending = notes.ending;
	zf_day from, to;
	assess_quarter_range(quarter, &from, &to);
	struct assess_bulletin_training *tr;
	size_t ntr;
	rc = store_training_totals(st, a, root, from, to, &tr, &ntr, &out->training_sessions);
	if (rc)
		return rc;
	out->training = tr;
	out->ntraining = ntr;
	return 0;
}

static int next_number(struct store *st, long long root, long long *out)
{
	struct db_stmt *s;
	int rc = db_prepare(
	    st, "SELECT coalesce(max(number), 0) + 1 FROM assess_bulletins WHERE root_id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, root);
	rc = db_step(s);
	if (rc == DB_ROW)
		*out = db_col_int(s, 0);
	db_finish(s);
	return rc < 0 ? rc : 0;
}

int store_bulletin_next_number(struct store *st, long long root, int *number)
{
	long long n = 1;
	int rc = next_number(st, root, &n);
	*number = (int)n;
	return rc;
}

int store_bulletin_issue(struct store *st, const char *actor, long long root, int quarter,
			 int number, const char *title, const struct buf *docx,
			 const struct buf *xlsx, long long *id, struct buf *err)
{
	char qlabel[40];
	assess_quarter_label(quarter, qlabel);
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	long long have = 0, next = 0, nid = 0;
	rc = db_prepare(
	    st, "SELECT count(*) FROM assess_bulletins WHERE root_id = ? AND quarter = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, root);
		db_bind_int(s, 2, quarter);
		if ((rc = db_step(s)) == DB_ROW)
			have = db_col_int(s, 0);
		rc = rc < 0 ? rc : 0;
		db_finish(s);
	}
	if (!rc && have) {
		if (err)
			buf_setf(err, "%s的通报已经印发，印发后不能更改", qlabel);
		rc = ZF_EEXIST;
	}
	if (!rc)
		rc = next_number(st, root, &next);
	if (!rc && next != number) {
		if (err)
			buf_setf(err, "通报期号已变为第%lld期，请重新生成后印发", next);
		rc = ZF_ESTATE;
	}
	char now[21];
	db_now(now);
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO assess_bulletins (quarter, root_id, number, title, docx, xlsx,"
		    " issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, quarter);
		db_bind_int(s, 2, root);
		db_bind_int(s, 3, next);
		db_bind_text(s, 4, title);
		db_bind_blob(s, 5, docx->p ? docx->p : "", docx->len);
		db_bind_blob(s, 6, xlsx->p ? xlsx->p : "", xlsx->len);
		db_bind_text(s, 7, actor);
		db_bind_text(s, 8, now);
		rc = db_run_id(s, &nid);
	}
	if (!rc) {
		char object[40], detail[200];
		snprintf(object, sizeof(object), "bulletin:%lld", nid);
		snprintf(detail, sizeof(detail), "印发%s（第%lld期）", title, next);
		rc = store_audit(st, actor, "assess.bulletin.issue", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法印发通报：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && id)
		*id = nid;
	return rc;
}

static int bulletin_row(struct db_stmt *s, struct arena *a, struct bulletin_row *r)
{
	r->id = db_col_int(s, 0);
	r->quarter = (int)db_col_int(s, 1);
	r->root_id = db_col_int(s, 2);
	r->number = (int)db_col_int(s, 3);
	r->title = db_col_str(s, a, 4);
	r->issued_by = db_col_str(s, a, 5);
	r->issued_at = db_col_str(s, a, 6);
	return r->title && r->issued_by && r->issued_at ? 0 : ZF_ENOMEM;
}

#define BULLETIN_COLS                                                                              \
	"SELECT id, quarter, root_id, number, title, issued_by, issued_at FROM assess_bulletins"

int store_bulletin_list(struct store *st, struct arena *a, const long long *roots, size_t nroots,
			struct bulletin_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, BULLETIN_COLS " ORDER BY quarter DESC, id DESC LIMIT 500", &s);
	if (rc)
		return rc;
	struct bulletin_row *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		long long root = db_col_int(s, 2);
		bool keep = !roots;
		for (size_t i = 0; i < nroots && !keep; i++)
			keep = roots[i] == root;
		if (!keep)
			continue;
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		rc = bulletin_row(s, a, &v[len++]);
		if (rc)
			break;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	return 0;
}

int store_bulletin_get(struct store *st, struct arena *a, long long id, struct bulletin_row *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, BULLETIN_COLS " WHERE id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = bulletin_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_bulletin_file(struct store *st, long long id, const char *kind, struct buf *out)
{
	const char *sql;
	if (!strcmp(kind, "docx"))
		sql = "SELECT docx FROM assess_bulletins WHERE id = ?";
	else if (!strcmp(kind, "xlsx"))
		sql = "SELECT xlsx FROM assess_bulletins WHERE id = ?";
	else
		return ZF_EINVAL;
	struct db_stmt *s;
	int rc = db_prepare(st, sql, &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *p = db_col_blob(s, 0, &n);
		rc = buf_add(out, p ? p : "", n);
	} else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}
