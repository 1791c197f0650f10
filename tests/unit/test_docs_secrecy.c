/* test_docs_secrecy.c: the 保密审查 checklist (store_doc_secrecy_review): approving needs
 * every point confirmed, else a Chinese refusal naming what is missing and nothing written;
 * not approving needs the opinion and returns the document to its clerk; each opinion shows
 * in the document's history just before its decision and is audited. zf-store-test-both-engines */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "store/db.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

static long long draft_in_review(struct store *st, const char *title)
{
	struct doc_fields f = {0};
	f.agency_id = 1;
	f.title = title;
	f.summary = "";
	f.body = "";
	f.written_on = date_today() - 3;
	struct buf err = BUF_INIT;
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err) || store_doc_submit(st, "clerk", id, &err))
		BUG("draft: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("secrecy");
	bool seeded;
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	if (!st || demo_seed_agencies(st, &seeded) ||
	    store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err))
		BUG("store");
	struct arena *a = arena_new(0);
	long long id = draft_in_review(st, "关于开展城市更新试点工作的通知");

	tap_str(doc_secrecy_check_label(0), "不涉及国家秘密", "the first point");
	tap_str(doc_secrecy_check_label(4), "内容准确、表述规范", "the last point");

	struct doc_secrecy sr = {DOC_SECRECY_ALL & ~DOC_SECRECY_WORK, true, ""};
	store_test_dump(st, &before);
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, 0, &err), ZF_EINVAL,
		"approving with a point unconfirmed is refused");
	tap_ok(strstr(buf_cstr(&err), "不涉及工作秘密") != NULL &&
		   strstr(buf_cstr(&err), "不涉及国家秘密") == NULL,
	       "naming the missing point: %s", buf_cstr(&err));
	sr.checks = 0;
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, 0, &err), ZF_EINVAL,
		"approving with no tick is refused");
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "refusals write nothing");

	sr = (struct doc_secrecy){DOC_SECRECY_STATE, false, "  "};
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, 0, &err), ZF_EINVAL,
		"returning without an opinion is refused");
	tap_ok(strstr(buf_cstr(&err), "理由") != NULL, "asking for the reason: %s", buf_cstr(&err));
	sr.opinion = "第三段涉及个人住址，请删除后再提交";
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, 0, &err), 0,
		"returning with an opinion");
	struct doc d;
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_DRAFT, "back to the clerk as a draft");
	tap_str(d.return_reason, sr.opinion, "with the opinion as the reason");

	tap_int(store_doc_submit(st, "clerk", id, &err), 0, "submitted again");
	long long audits0 = store_test_int(st, "SELECT count(*) FROM audit_log");
	sr = (struct doc_secrecy){DOC_SECRECY_ALL, true, "已删除个人信息，同意公开"};
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, date_today(), &err), 0,
		"every point confirmed: approved");
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_PUBLISHED, "published");
	tap_ok(*d.index_no != 0, "with an 索引号 (%s)", d.index_no);
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log") - audits0, 2,
		"audited: the approval and the opinion");
	tap_int(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action = 'doc.secrecy'"
				   " AND actor = 'reviewer'"),
		2, "two opinions in the audit log, by the reviewer");
	tap_int(store_test_int(st, "SELECT count(*) FROM doc_secrecy_reviews"), 2,
		"two opinions stored");

	struct doc_event *ev;
	size_t n;
	tap_int(store_doc_events(st, a, id, &ev, &n), 0, "the history");
	int ret_op = -1, ret = -1, app_op = -1, app = -1;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(ev[i].kind, "secrecy_returned"))
			ret_op = (int)i;
		else if (!strcmp(ev[i].kind, "returned"))
			ret = (int)i;
		else if (!strcmp(ev[i].kind, "secrecy_approved"))
			app_op = (int)i;
		else if (!strcmp(ev[i].kind, "approved"))
			app = (int)i;
	}
	tap_ok(ret_op >= 0 && ret == ret_op + 1, "the returning opinion just before the return");
	tap_ok(app_op >= 0 && app == app_op + 1, "the approving opinion just before the approval");
	if (ret_op >= 0) {
		tap_str(ev[ret_op].label, "保密审查意见：暂不公开，退回修改",
			"labelled in Chinese");
		tap_ok(strstr(ev[ret_op].detail, "已确认：不涉及国家秘密。") &&
			   strstr(ev[ret_op].detail, "未确认：不涉及工作秘密；") &&
			   strstr(ev[ret_op].detail, "意见：第三段涉及个人住址"),
		       "detail lists confirmed and unconfirmed points: %s", ev[ret_op].detail);
	} else {
		tap_ok(false, "labelled in Chinese");
		tap_ok(false, "detail");
	}
	if (app_op >= 0) {
		tap_str(ev[app_op].actor, "reviewer", "by the reviewer");
		tap_ok(strstr(ev[app_op].detail, "内容准确、表述规范") &&
			   !strstr(ev[app_op].detail, "未确认"),
		       "all five confirmed: %s", ev[app_op].detail);
	} else {
		tap_ok(false, "by the reviewer");
		tap_ok(false, "all five");
	}
	sr.checks = DOC_SECRECY_ALL;
	tap_int(store_doc_secrecy_review(st, "reviewer", id, &sr, 0, &err), ZF_ESTATE,
		"a published document is not reviewed again");
	tap_int(store_test_int(st, "SELECT count(*) FROM doc_secrecy_reviews"), 2,
		"and no opinion is kept for it");
	tap_ok(store_test_int(st, "INSERT INTO doc_secrecy_reviews (doc_id, event_seq, at,"
				  " reviewer, checks, decision) VALUES (1, 1, 'x', 'r', 3,"
				  " 'approved') RETURNING id") == -1,
	       "the table refuses an approval without all five points");
	arena_free(a);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	store_close(st);
	return tap_done();
}
