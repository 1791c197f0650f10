/* assessment_training.c: 培训 records in the store (assessment.h): sessions, who attended
 * per agency, and per-agency totals for a quarter's 通报. */
#include "common.h"
#include "arena.h"
#include "store/assessment.h"
#include "store/db.h"
#include "store/driver.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool text_ok(const char *s, size_t min, size_t max, bool multiline)
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
	size_t chars = utf8_count(s, n);
	return chars >= min && chars <= max;
}

static int refuse(struct buf *err, const char *msg)
{
	if (err)
		buf_setf(err, "%s", msg);
	return ZF_EINVAL;
}

static int check(struct store *st, const struct training_fields *f,
		 const struct training_attendee *att, size_t natt, struct buf *err)
{
	if (!f->held_on)
		return refuse(err, "请填写培训日期");
	if (!f->title || !text_ok(f->title, 1, TRAINING_TITLE_MAX, false))
		return refuse(err, "培训名称不能为空，不超过100个字，不含控制字符");
	if (f->hours < 1 || f->hours > 2400)
		return refuse(err, "培训学时应在0.1至240小时之间");
	if (f->note && !text_ok(f->note, 0, TRAINING_NOTE_MAX, true))
		return refuse(err, "备注不超过500个字，不含控制字符");
	if (natt > TRAINING_AGENCIES_MAX)
		return refuse(err, "参训单位不能超过200个");
	bool exists = false;
	int rc = store_agency_exists(st, f->organiser_id, &exists);
	if (rc)
		return rc;
	if (!exists)
		return refuse(err, "主办单位不存在");
	for (size_t i = 0; i < natt; i++) {
		if (att[i].persons < 1 || att[i].persons > 10000)
			return refuse(err, "参训人数应在1至10000之间");
		if (att[i].names && !text_ok(att[i].names, 0, TRAINING_NAMES_MAX, false))
			return refuse(err, "参训人员名单不超过1000个字，不含控制字符");
		for (size_t j = 0; j < i; j++)
			if (att[j].agency_id == att[i].agency_id)
				return refuse(err, "同一参训单位填写了两次");
		rc = store_agency_exists(st, att[i].agency_id, &exists);
		if (rc)
			return rc;
		if (!exists)
			return refuse(err, "参训单位不存在");
	}
	return 0;
}

int store_training_save(struct store *st, const char *actor, long long id,
			const struct training_fields *f, const struct training_attendee *att,
			size_t natt, long long *out_id, struct buf *err)
{
	int rc = check(st, f, att, natt, err);
	if (rc)
		return rc;
	rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	long long sid = id;
	if (id) {
		rc = db_prepare(
		    st,
		    "UPDATE training_sessions SET held_on = ?, title = ?, organiser_id = ?,"
		    " hours = ?, note = ? WHERE id = ? RETURNING id",
		    &s);
		if (!rc) {
			db_bind_int(s, 6, id);
		}
	} else {
		rc = db_prepare(
		    st,
		    "INSERT INTO training_sessions (held_on, title, organiser_id, hours, note,"
		    " created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		    &s);
		if (!rc)
			db_bind_text(s, 6, actor);
	}
	if (!rc) {
		db_bind_day(s, 1, f->held_on);
		db_bind_text(s, 2, f->title);
		db_bind_int(s, 3, f->organiser_id);
		db_bind_int(s, 4, f->hours);
		db_bind_text(s, 5, f->note ? f->note : "");
		rc = db_run_id(s, &sid);
		if (rc == ZF_ENOENT && err)
			buf_setf(err, "没有这次培训记录");
	}
	if (!rc && id) {
		rc = db_prepare(st, "DELETE FROM training_attendance WHERE session_id = ?", &s);
		if (!rc) {
			db_bind_int(s, 1, sid);
			rc = db_run(s);
		}
	}
	long long persons = 0;
	for (size_t i = 0; i < natt && !rc; i++) {
		rc = db_prepare(
		    st,
		    "INSERT INTO training_attendance (session_id, agency_id, persons, names)"
		    " VALUES (?, ?, ?, ?)",
		    &s);
		if (rc)
			break;
		db_bind_int(s, 1, sid);
		db_bind_int(s, 2, att[i].agency_id);
		db_bind_int(s, 3, att[i].persons);
		db_bind_text(s, 4, att[i].names ? att[i].names : "");
		rc = db_run(s);
		persons += att[i].persons;
	}
	if (!rc) {
		char object[40], detail[400];
		snprintf(object, sizeof(object), "training:%lld", sid);
		snprintf(detail, sizeof(detail), "%s（%zu个单位%lld人）", f->title, natt, persons);
		rc = store_audit(st, actor, id ? "training.edit" : "training.add", object, detail);
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法保存培训记录：%s", zf_strerror(rc));
	rc = store_write_end(st, rc);
	if (!rc && out_id)
		*out_id = sid;
	return rc;
}

int store_training_delete(struct store *st, const char *actor, long long id, struct buf *err)
{
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st, "DELETE FROM training_attendance WHERE session_id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_run(s);
	}
	if (!rc)
		rc = db_prepare(st, "DELETE FROM training_sessions WHERE id = ?", &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		rc = db_step(s);
		if (rc == DB_DONE)
			rc = db_changes(s) ? 0 : ZF_ENOENT;
		else if (rc >= 0)
			rc = ZF_EDB;
		db_finish(s);
		if (rc == ZF_ENOENT && err)
			buf_setf(err, "没有这次培训记录");
	}
	if (!rc) {
		char object[40];
		snprintf(object, sizeof(object), "training:%lld", id);
		rc = store_audit(st, actor, "training.delete", object, "删除培训记录");
	}
	if (rc && err && !err->len)
		buf_setf(err, "无法删除培训记录：%s", zf_strerror(rc));
	return store_write_end(st, rc);
}

static int attendance(struct store *st, struct arena *a, struct training_session *t)
{
	struct db_stmt *s;
	int rc =
	    db_prepare(st,
		       "SELECT t.agency_id, a.name, t.persons, t.names FROM training_attendance t"
		       " JOIN agencies a ON a.id = t.agency_id WHERE t.session_id = ?"
		       " ORDER BY t.agency_id",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, t->id);
	size_t alloc = 0;
	t->att = NULL;
	t->natt = 0;
	t->persons = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		t->att = arena_grow(a, t->att, t->natt, &alloc, sizeof(*t->att));
		if (!t->att) {
			rc = ZF_ENOMEM;
			break;
		}
		struct training_attendee *x = &t->att[t->natt++];
		x->agency_id = db_col_int(s, 0);
		x->agency_name = db_col_str(s, a, 1);
		x->persons = (int)db_col_int(s, 2);
		x->names = db_col_str(s, a, 3);
		t->persons += x->persons;
		if (!x->agency_name || !x->names) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	return rc < 0 ? rc : 0;
}

#define SESSION_COLS                                                                               \
	"SELECT s.id, s.held_on, s.title, s.organiser_id, a.name, s.hours, s.note, s.created_by"   \
	" FROM training_sessions s JOIN agencies a ON a.id = s.organiser_id"

static int session_row(struct db_stmt *s, struct arena *a, struct training_session *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_col_int(s, 0);
	t->f.held_on = db_col_day(s, 1);
	t->f.title = db_col_str(s, a, 2);
	t->f.organiser_id = db_col_int(s, 3);
	t->organiser_name = db_col_str(s, a, 4);
	t->f.hours = (int)db_col_int(s, 5);
	t->f.note = db_col_str(s, a, 6);
	t->created_by = db_col_str(s, a, 7);
	return t->f.title && t->organiser_name && t->f.note && t->created_by ? 0 : ZF_ENOMEM;
}

int store_training_get(struct store *st, struct arena *a, long long id,
		       struct training_session *out)
{
	struct db_stmt *s;
	int rc = db_prepare(st, SESSION_COLS " WHERE s.id = ?", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = session_row(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	if (!rc)
		rc = attendance(st, a, out);
	return rc;
}

int store_training_list(struct store *st, struct arena *a, zf_day from, zf_day to,
			const long long *agencies, size_t nagencies, struct training_session **out,
			size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    SESSION_COLS " WHERE (CAST(? AS TEXT) IS NULL OR s.held_on >= ?)"
					 " AND (CAST(? AS TEXT) IS NULL OR s.held_on <= ?)"
					 " ORDER BY s.held_on DESC, s.id DESC LIMIT 1000",
			    &s);
	if (rc)
		return rc;
	db_bind_day(s, 1, from);
	db_bind_day(s, 2, from);
	db_bind_day(s, 3, to);
	db_bind_day(s, 4, to);
	struct training_session *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		rc = session_row(s, a, &v[len++]);
		if (rc)
			break;
	}
	db_finish(s);
	if (rc < 0)
		return rc;
	size_t kept = 0;
	for (size_t i = 0; i < len; i++) {
		rc = attendance(st, a, &v[i]);
		if (rc)
			return rc;
		bool keep = !agencies;
		for (size_t k = 0; k < nagencies && !keep; k++) {
			keep = v[i].f.organiser_id == agencies[k];
			for (size_t j = 0; j < v[i].natt && !keep; j++)
				keep = v[i].att[j].agency_id == agencies[k];
		}
		if (keep)
			v[kept++] = v[i];
	}
	*out = v;
	*n = kept;
	return 0;
}

int store_training_totals(struct store *st, struct arena *a, long long root, zf_day from, zf_day to,
			  struct assess_bulletin_training **out, size_t *n, long long *nsessions)
{
	*out = NULL;
	*n = 0;
	long long *ids = NULL;
	size_t nids = 0;
	int rc = store_agency_subtree(st, root, true, &ids, &nids);
	if (rc)
		return rc;
	struct db_stmt *s;
	rc = db_prepare(st,
			"SELECT t.agency_id, a.name, count(*), sum(t.persons),"
			" sum(t.persons * s.hours) FROM training_attendance t"
			" JOIN training_sessions s ON s.id = t.session_id"
			" JOIN agencies a ON a.id = t.agency_id"
			" WHERE s.held_on >= ? AND s.held_on <= ?"
			" GROUP BY t.agency_id, a.name ORDER BY t.agency_id",
			&s);
	if (rc) {
		free(ids);
		return rc;
	}
	db_bind_day(s, 1, from);
	db_bind_day(s, 2, to);
	struct assess_bulletin_training *v = NULL;
	size_t len = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		long long aid = db_col_int(s, 0);
		bool in = false;
		for (size_t i = 0; i < nids && !in; i++)
			in = ids[i] == aid;
		if (!in)
			continue;
		v = arena_grow(a, v, len, &alloc, sizeof(*v));
		if (!v) {
			rc = ZF_ENOMEM;
			break;
		}
		struct assess_bulletin_training *t = &v[len++];
		t->agency = db_col_str(s, a, 1);
		t->sessions = db_col_int(s, 2);
		t->persons = db_col_int(s, 3);
		t->person_hours = db_col_int(s, 4);
		if (!t->agency) {
			rc = ZF_ENOMEM;
			break;
		}
	}
	db_finish(s);
	if (rc < 0) {
		free(ids);
		return rc;
	}
	/* sessions held in the period, organised or attended by the tree */
	long long held = 0;
	rc = db_prepare(st,
			"SELECT s.id, s.organiser_id FROM training_sessions s"
			" WHERE s.held_on >= ? AND s.held_on <= ?",
			&s);
	if (!rc) {
		db_bind_day(s, 1, from);
		db_bind_day(s, 2, to);
		while ((rc = db_step(s)) == DB_ROW) {
			long long org = db_col_int(s, 1);
			for (size_t i = 0; i < nids; i++)
				if (ids[i] == org) {
					held++;
					break;
				}
		}
		db_finish(s);
	}
	free(ids);
	if (rc < 0)
		return rc;
	*out = v;
	*n = len;
	if (nsessions)
		*nsessions = held;
	return 0;
}
