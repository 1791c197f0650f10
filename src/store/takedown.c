/* takedown.c: 撤稿, taking a published document or one of its attachments down (see
 * lists.h for the two modes and why it is not undone). The row in doc_takedowns is what the
 * catalogue, the feed, the sitemap and the pages read (docs_filter_sql leaves taken-down
 * documents out); the search index loses the document too, on both engines, so that the
 * fast counts of docs_search.c and docs_index.c, which read the index alone, stay right. */
#include "common.h"
#include "arena.h"
#include "docs_int.h"
#include "store/lists.h"
#include "utf8.h"

static const struct {
	const char *key, *label;
} modes[DOC_TAKEDOWN_MODES] = {
    [DOC_TAKEDOWN_WITHDRAWN] = {"withdrawn", "撤回"},
    [DOC_TAKEDOWN_REMOVED] = {"removed", "删除（涉及个人信息）"},
};

const char *doc_takedown_mode_key(enum doc_takedown_mode m)
{
	return (unsigned)m < DOC_TAKEDOWN_MODES ? modes[m].key : modes[0].key;
}

const char *doc_takedown_mode_label(enum doc_takedown_mode m)
{
	return (unsigned)m < DOC_TAKEDOWN_MODES ? modes[m].label : modes[0].label;
}

int doc_takedown_mode_parse(const char *s)
{
	for (int i = 0; s && i < DOC_TAKEDOWN_MODES; i++)
		if (!strcmp(s, modes[i].key))
			return i;
	return -1;
}

/* Takes document id out of the search index: FTS5's external-content 'delete' with the
 * stored texts on SQLite, its doc_terms row on PostgreSQL. Published texts are frozen, so
 * the texts given are the ones indexed. */
static int unindex(struct store *st, long long id)
{
	struct db_stmt *s;
	int rc = db_prepare(st,
			    db_engine(st) == DB_SQLITE
				? "INSERT INTO docs_fts (docs_fts, rowid, title, doc_no, keywords,"
				  " summary, body) SELECT 'delete', id, title, doc_no, keywords,"
				  " summary, body FROM docs WHERE id = ?"
				: "DELETE FROM doc_terms WHERE doc_id = ?",
			    &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, id);
	return db_run(s);
}

int docs_takedowns_unindex_all(struct store *st)
{
	if (db_engine(st) != DB_SQLITE)
		return 0; /* doc_terms is rebuilt without them (dbcopy.c) */
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT DISTINCT doc_id FROM doc_takedowns WHERE attachment_id IS NULL"
			    " ORDER BY doc_id",
			    &s);
	if (rc)
		return rc;
	long long *ids = NULL;
	size_t n = 0, alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			long long *p = realloc(ids, alloc * sizeof(*ids));
			if (!p) {
				rc = ZF_ENOMEM;
				break;
			}
			ids = p;
		}
		ids[n++] = db_col_int(s, 0);
	}
	db_finish(s);
	for (size_t i = 0; rc >= 0 && i < n; i++)
		rc = unindex(st, ids[i]);
	free(ids);
	return rc < 0 ? rc : 0;
}

int store_doc_takedown(struct store *st, const char *actor, long long doc_id,
		       long long attachment_id, enum doc_takedown_mode mode, const char *reason,
		       struct buf *err)
{
	if ((unsigned)mode >= DOC_TAKEDOWN_MODES) {
		buf_setf(err, "请选择撤稿方式（撤回或删除）");
		return ZF_EINVAL;
	}
	struct str r = str_trim(str_c(reason ? reason : ""));
	if (!r.len) {
		buf_setf(err, "请填写撤稿理由");
		return ZF_EINVAL;
	}
	if (!utf8_valid(r.p, r.len) || utf8_count(r.p, r.len) > TAKEDOWN_REASON_MAX) {
		buf_setf(err, "撤稿理由不能超过 %d 个字，且须为有效的文字", TAKEDOWN_REASON_MAX);
		return ZF_EINVAL;
	}
	char *why = malloc(r.len + 1);
	if (!why)
		return ZF_ENOMEM;
	memcpy(why, r.p, r.len);
	why[r.len] = '\0';
	int rc = store_write_begin(st);
	if (rc) {
		free(why);
		return rc;
	}
	struct db_stmt *s;
	/* the document: published, and not taken down already, except that a withdrawn one
	 * may still be removed (personal data found in it later: its name goes too) */
	bool escalate = false;
	if (!(rc = db_prepare(st,
			      "SELECT d.state, (SELECT count(*) FROM doc_takedowns k"
			      " WHERE k.doc_id = d.id AND k.attachment_id IS NULL"
			      " AND k.mode = 'withdrawn'), (SELECT count(*) FROM doc_takedowns k"
			      " WHERE k.doc_id = d.id AND k.attachment_id IS NULL"
			      " AND k.mode = 'removed'), (SELECT count(*) FROM doc_attachments t"
			      " WHERE t.id = ?2 AND t.doc_id = d.id) FROM docs d WHERE d.id = ?1",
			      &s))) {
		db_bind_int(s, 1, doc_id);
		db_bind_int(s, 2, attachment_id);
		rc = db_step(s);
		if (rc == DB_ROW) {
			const char *state = db_col_text(s, 0);
			escalate = db_col_int(s, 1) > 0;
			if (!state || strcmp(state, "published")) {
				buf_setf(err, "只有已发布的文件才能撤稿；未发布的草稿可直接删除");
				rc = ZF_ESTATE;
			} else if (db_col_int(s, 2) ||
				   (escalate && (attachment_id || mode != DOC_TAKEDOWN_REMOVED))) {
				buf_setf(err, "文件 %lld 已经撤稿%s", doc_id,
					 escalate && !db_col_int(s, 2)
					     ? "（已撤回的文件只能再改为删除）"
					     : "");
				rc = ZF_ESTATE;
			} else if (attachment_id && !db_col_int(s, 3)) {
				buf_setf(err, "文件 %lld 没有这个附件", doc_id);
				rc = ZF_ENOENT;
			} else {
				rc = 0;
			}
		} else if (rc == DB_DONE) {
			buf_setf(err, "没有编号为 %lld 的文件", doc_id);
			rc = ZF_ENOENT;
		}
		db_finish(s);
	}
	if (!rc &&
	    !(rc = db_prepare(st,
			      "INSERT INTO doc_takedowns (doc_id, attachment_id, mode, reason,"
			      " actor) VALUES (?, ?, ?, ?, ?)",
			      &s))) {
		db_bind_int(s, 1, doc_id);
		if (attachment_id)
			db_bind_int(s, 2, attachment_id);
		else
			db_bind_null(s, 2);
		db_bind_text(s, 3, doc_takedown_mode_key(mode));
		db_bind_text(s, 4, why);
		db_bind_text(s, 5, actor);
		rc = db_step(s);
		if (rc < 0 && db_unique_violation(s)) {
			buf_setf(err, "这个附件已经撤下");
			rc = ZF_ESTATE;
		} else if (rc == DB_DONE) {
			rc = 0;
		}
		db_finish(s);
	}
	if (!rc && !attachment_id && !escalate)
		rc = unindex(st, doc_id); /* once: a withdrawn document left the index already */
	if (!rc) {
		/* the audit log keeps who, when and why (doc_takedowns has them too, and the
		 * document's history shows them, see store_doc_events) */
		char action[40], object[32];
		snprintf(action, sizeof(action), "doc.takedown.%s", doc_takedown_mode_key(mode));
		if (attachment_id)
			snprintf(object, sizeof(object), "doc:%lld/file:%lld", doc_id,
				 attachment_id);
		else
			snprintf(object, sizeof(object), "doc:%lld", doc_id);
		rc = store_audit(st, actor, action, object, why);
	}
	free(why);
	return store_write_end(st, rc);
}

#define TAKEDOWN_COLUMNS                                                                           \
	"SELECT k.id, k.doc_id, coalesce(k.attachment_id, 0), coalesce(t.name, ''), k.mode,"       \
	" k.reason, k.actor, k.at FROM doc_takedowns k"                                            \
	" LEFT JOIN doc_attachments t ON t.id = k.attachment_id WHERE k.doc_id = ?"

static int read_takedown(struct db_stmt *s, struct arena *a, struct doc_takedown *k)
{
	k->id = db_col_int(s, 0);
	k->doc_id = db_col_int(s, 1);
	k->attachment_id = db_col_int(s, 2);
	k->attachment_name = db_col_str(s, a, 3);
	int m = doc_takedown_mode_parse(db_col_text(s, 4));
	k->mode = m < 0 ? DOC_TAKEDOWN_REMOVED : (enum doc_takedown_mode)m;
	k->reason = db_col_str(s, a, 5);
	k->actor = db_col_str(s, a, 6);
	k->at = db_col_str(s, a, 7);
	return k->attachment_name && k->reason && k->actor && k->at ? 0 : ZF_ENOMEM;
}

int store_doc_takedowns(struct store *st, struct arena *a, long long doc_id,
			struct doc_takedown **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *s;
	int rc = db_prepare(st, TAKEDOWN_COLUMNS " ORDER BY k.attachment_id NULLS FIRST, k.id", &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	size_t alloc = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		*out = arena_grow(a, *out, *n, &alloc, sizeof(**out));
		if (!*out || read_takedown(s, a, &(*out)[*n])) {
			rc = ZF_ENOMEM;
			break;
		}
		(*n)++;
	}
	db_finish(s);
	return rc;
}

int store_doc_takedown_get(struct store *st, struct arena *a, long long doc_id,
			   struct doc_takedown *out)
{
	memset(out, 0, sizeof(*out));
	struct db_stmt *s;
	/* the strongest: removed before withdrawn */
	int rc =
	    db_prepare(st,
		       TAKEDOWN_COLUMNS " AND k.attachment_id IS NULL ORDER BY CASE"
					" WHEN k.mode = 'removed' THEN 0 ELSE 1 END, k.id LIMIT 1",
		       &s);
	if (rc)
		return rc;
	db_bind_int(s, 1, doc_id);
	rc = db_step(s);
	if (rc == DB_ROW)
		rc = read_takedown(s, a, out);
	else if (rc == DB_DONE)
		rc = ZF_ENOENT;
	db_finish(s);
	return rc;
}

int store_doc_public_by_doc_no(struct store *st, const char *doc_no, long long *id)
{
	*id = 0;
	struct db_stmt *s;
	int rc = db_prepare(st,
			    "SELECT id FROM docs WHERE doc_no = ? AND state = 'published'"
			    " AND id NOT IN (SELECT doc_id FROM doc_takedowns"
			    " WHERE attachment_id IS NULL)"
			    " ORDER BY published_on DESC, id DESC LIMIT 1",
			    &s);
	if (rc)
		return rc;
	db_bind_text(s, 1, doc_no);
	rc = db_step(s);
	if (rc == DB_ROW) {
		*id = db_col_int(s, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = ZF_ENOENT;
	}
	db_finish(s);
	return rc;
}
