/* docs_secrecy.c: the 保密审查 opinion a reviewer records when deciding on a document in
 * review (先审查、后公开, 条例 Art. 17): a checklist of five points, all of which must be
 * confirmed to approve; otherwise the document goes back to its clerk with the opinion.
 * Each opinion is a row of doc_secrecy_reviews tied to the history line of its decision
 * (shown in the document's history) and a line of the audit log ("doc.secrecy"). */
#include "common.h"

#include "arena.h"
#include "docs_int.h"

/* The migration of the area: one row per recorded opinion. event_seq is the doc_events
 * line of the decision it led to (approved or returned). */
const char schema_doc_secrecy[] =
    "CREATE TABLE doc_secrecy_reviews (\n"
    "  id {ID},\n"
    "  doc_id INTEGER NOT NULL REFERENCES docs(id) ON DELETE CASCADE,\n"
    "  event_seq INTEGER NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  reviewer TEXT NOT NULL,\n"
    "  checks INTEGER NOT NULL CHECK (checks BETWEEN 0 AND 31),\n"
    "  decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),\n"
    "  opinion TEXT NOT NULL DEFAULT '',\n"
    "  CHECK (decision = 'returned' OR checks = 31)\n"
    ");\n"
    "CREATE INDEX doc_secrecy_reviews_doc ON doc_secrecy_reviews(doc_id, event_seq);\n";

static const char *const check_labels[DOC_SECRECY_CHECKS] = {
    "不涉及国家秘密",		"不涉及工作秘密",
    "不涉及商业秘密、个人隐私", "不危及国家安全、公共安全、经济安全和社会稳定",
    "内容准确、表述规范",
};

const char *doc_secrecy_check_label(int i)
{
	return i >= 0 && i < DOC_SECRECY_CHECKS ? check_labels[i] : "";
}

const char *docs_secrecy_label(const char *kind)
{
	if (!strcmp(kind, "secrecy_approved"))
		return "保密审查意见：同意公开";
	if (!strcmp(kind, "secrecy_returned"))
		return "保密审查意见：暂不公开，退回修改";
	return NULL;
}

/* "已确认：a；b。未确认：c。意见：…" */
static int secrecy_detail(unsigned checks, const char *opinion, struct buf *out)
{
	const char *sep = "已确认：";
	for (int i = 0; i < DOC_SECRECY_CHECKS; i++)
		if (checks & (1u << i)) {
			buf_printf(out, "%s%s", sep, check_labels[i]);
			sep = "；";
		}
	if (strcmp(sep, "已确认："))
		buf_adds(out, "。");
	sep = "未确认：";
	for (int i = 0; i < DOC_SECRECY_CHECKS; i++)
		if (!(checks & (1u << i))) {
			buf_printf(out, "%s%s", sep, check_labels[i]);
			sep = "；";
		}
	if (strcmp(sep, "未确认："))
		buf_adds(out, "。");
	if (opinion && *opinion)
		buf_printf(out, "意见：%s", opinion);
	return out->failed ? ZF_ENOMEM : 0;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	struct str t = str_trim(str_c(s));
	return t.len == 0;
}

int store_doc_secrecy_review(struct store *st, const char *actor, long long id,
			     const struct doc_secrecy *sr, zf_day published_on, struct buf *err)
{
	if (!actor || !*actor || !sr)
		return ZF_EINVAL;
	unsigned checks = sr->checks & DOC_SECRECY_ALL;
	if (sr->approve && checks != DOC_SECRECY_ALL) {
		struct buf missing = BUF_INIT;
		for (int i = 0; i < DOC_SECRECY_CHECKS; i++)
			if (!(checks & (1u << i)))
				buf_printf(&missing, "%s“%s”", missing.len ? "、" : "",
					   check_labels[i]);
		buf_setf(err,
			 "保密审查须逐项确认后才能同意公开。尚未确认：%s。如不能确认，"
			 "请选择“暂不公开，退回修改”并写明理由。",
			 buf_cstr(&missing));
		buf_free(&missing);
		return ZF_EINVAL;
	}
	if (!sr->approve && blank(sr->opinion)) {
		buf_setf(err, "暂不公开时请写明保密审查意见和理由，便于经办人修改");
		return ZF_EINVAL;
	}
	if (sr->opinion && strlen(sr->opinion) > DOC_REASON_MAX * 4) {
		buf_setf(err, "保密审查意见过长（最多 %d 字）", DOC_REASON_MAX);
		return ZF_EINVAL;
	}
	int rc = store_write_begin(st);
	if (rc)
		return rc;
	rc = sr->approve ? store_doc_approve(st, actor, id, published_on, err)
			 : store_doc_return(st, actor, id, sr->opinion, err);
	struct db_stmt *s;
	if (!rc)
		rc = db_prepare(
		    st,
		    "INSERT INTO doc_secrecy_reviews (doc_id, event_seq, at, reviewer,"
		    " checks, decision, opinion) SELECT e.doc_id, e.seq, e.at, ?2, ?3, ?4,"
		    " ?5 FROM doc_events e WHERE e.doc_id = ?1 AND e.seq = (SELECT max(seq)"
		    " FROM doc_events WHERE doc_id = ?1)",
		    &s);
	if (!rc) {
		db_bind_int(s, 1, id);
		db_bind_text(s, 2, actor);
		db_bind_int(s, 3, checks);
		db_bind_text(s, 4, sr->approve ? "approved" : "returned");
		db_bind_text(s, 5, sr->opinion ? sr->opinion : "");
		rc = db_run(s);
	}
	if (!rc) {
		char object[32], detail[64];
		snprintf(object, sizeof(object), "doc:%lld", id);
		snprintf(detail, sizeof(detail), "checks=%u/%u decision=%s", checks,
			 (unsigned)DOC_SECRECY_ALL, sr->approve ? "approved" : "returned");
		rc = store_audit(st, actor, "doc.secrecy", object, detail);
	}
	return store_write_end(st, rc);
}

int docs_secrecy_detail(struct arena *a, unsigned checks, const char *opinion, const char **out)
{
	struct buf b = BUF_INIT;
	int rc = secrecy_detail(checks, opinion, &b);
	*out = rc ? NULL : arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return rc ? rc : *out ? 0 : ZF_ENOMEM;
}
