/* test_consult.c: 意见征集 and 在线访谈 in the store (store/consult.h), on both engines
 * (store_test.h): the consultation's steps (draft → open → closed → result) and the moves
 * refused out of order; comments refused outside the period, without a required name, with
 * bad text (each refusal leaving the database unchanged); the 采纳情况 refused while a comment
 * is pending and its counts adding up once published; comments public only when the agency
 * chose so and never a withheld one; interviews with guests, questions taken only while
 * announced and moderated, the transcript needed before publication; the counts of the
 * oversight pages equal to direct counts. */
#include "common.h"
#include "arena.h"
#include "store/consult.h"
#include "store/db.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

/* Runs a refused write and checks that the database is byte for byte as before. */
#define REFUSED(st, want, call, what)                                                              \
	do {                                                                                       \
		struct buf before_ = BUF_INIT, after_ = BUF_INIT;                                  \
		store_test_dump(st, &before_);                                                     \
		int rc_ = (call);                                                                  \
		store_test_dump(st, &after_);                                                      \
		tap_int(rc_, want, "%s: refused", what);                                           \
		tap_ok(before_.len == after_.len &&                                                \
			   !memcmp(buf_cstr(&before_), buf_cstr(&after_), before_.len),            \
		       "%s: nothing stored", what);                                                \
		buf_free(&before_);                                                                \
		buf_free(&after_);                                                                 \
	} while (0)

static void test_pure(void)
{
	tap_ok(consult_text_ok("意见", 2, false), "two characters within two");
	tap_ok(!consult_text_ok("意见稿", 2, false), "three characters over two");
	tap_ok(!consult_text_ok("a\nb", 10, false), "a line break in a one-line field");
	tap_ok(consult_text_ok("a\nb", 10, true), "a line break in a text");
	tap_ok(!consult_text_ok("a\x01", 10, true), "a control character");
	tap_ok(!consult_text_ok("\xe6\x84", 10, true), "a cut UTF-8 sequence");
	tap_ok(!consult_text_ok("\xc0\xaf", 10, true), "an overlong encoding");
	tap_str(consult_status_label(CONSULT_RESULT), "已反馈", "result label");
	tap_int(consult_outcome_parse("partial"), OUTCOME_PARTIAL, "outcome key parsed");
	tap_int(consult_outcome_parse("maybe"), -1, "unknown outcome");
	struct consultation c = {.status = CONSULT_OPEN};
	c.f.opens_on = day("2026-12-01");
	c.f.closes_on = day("2026-12-31");
	tap_int(consult_days_left(&c, day("2026-12-31")), 1, "the closing day still counts");
	tap_int(consult_days_left(&c, day("2026-12-01")), 31, "31 days on the first day");
	tap_ok(!consult_accepting(&c, day("2027-01-01")), "not after the period");
	tap_ok(!consult_accepting(&c, day("2026-11-30")), "not before the period");
	c.status = CONSULT_CLOSED;
	tap_int(consult_days_left(&c, day("2026-12-10")), 0, "closed: no days left");
}

static void test_consultation(struct store *st, long long gov, long long dept)
{
	struct arena *a = arena_new(1 << 16);
	struct buf err = BUF_INIT;
	struct consultation_fields f = {
	    .agency_id = dept,
	    .title = "关于《示例区老旧小区改造实施办法（征求意见稿）》公开征求意见",
	    .draft = "第一条　为推进老旧小区改造……\n第二条　本办法适用于……",
	    .explanation = "一、起草背景\n二、主要内容",
	    .opens_on = day("2026-12-01"),
	    .closes_on = day("2026-12-31"),
	};
	long long id = 0;
	tap_int(store_consult_add(st, "clerk", &f, &id, &err), 0, "a consultation added");
	struct consultation_fields bad = f;
	bad.closes_on = day("2026-11-30");
	buf_reset(&err);
	REFUSED(st, ZF_EINVAL, store_consult_add(st, "clerk", &bad, NULL, &err),
		"a period ending before it starts");
	tap_ok(strstr(buf_cstr(&err), "截止日期") != NULL, "the message names the closing day");
	bad = f;
	bad.title = "<script>alert(1)</script>\x01";
	REFUSED(st, ZF_EINVAL, store_consult_add(st, "clerk", &bad, NULL, &err),
		"a control character in the title");
	bad = f;
	bad.agency_id = 99999;
	REFUSED(st, ZF_ENOENT, store_consult_add(st, "clerk", &bad, NULL, &err),
		"an unknown agency");

	struct consult_comment_new cm = {
	    .name = "李某", .contact = "13800138000", .body = "建议增加加装电梯的补贴标准。"};
	REFUSED(st, ZF_ENOENT,
		store_consult_comment_add(st, "public", id, day("2026-12-05"), &cm, NULL, &err),
		"a comment on a draft");
	REFUSED(st, ZF_ESTATE, store_consult_move(st, "clerk", id, CONSULT_CLOSED, 0, &err),
		"closing a draft");
	REFUSED(st, ZF_ESTATE,
		store_consult_move(st, "clerk", id, CONSULT_OPEN, day("2027-01-01"), &err),
		"opening after the closing day");
	tap_int(store_consult_move(st, "clerk", id, CONSULT_OPEN, day("2026-12-01"), &err), 0,
		"opened");
	buf_reset(&err);
	REFUSED(st, ZF_ESTATE,
		store_consult_comment_add(st, "public", id, day("2026-11-30"), &cm, NULL, &err),
		"a comment before the period");
	tap_ok(strstr(buf_cstr(&err), "尚未开始") != NULL, "the message says not yet open");
	buf_reset(&err);
	REFUSED(st, ZF_ESTATE,
		store_consult_comment_add(st, "public", id, day("2027-01-01"), &cm, NULL, &err),
		"a comment after the closing day");
	tap_ok(strstr(buf_cstr(&err), "截止") != NULL, "the message says closed");
	struct consult_comment_new big = cm;
	char *huge = xmalloc(3 * (CONSULT_COMMENT_MAX + 1) + 1);
	for (int i = 0; i <= CONSULT_COMMENT_MAX; i++)
		memcpy(huge + 3 * i, "意", 3);
	huge[3 * (CONSULT_COMMENT_MAX + 1)] = '\0';
	big.body = huge;
	REFUSED(st, ZF_EINVAL,
		store_consult_comment_add(st, "public", id, day("2026-12-05"), &big, NULL, &err),
		"an oversized comment");
	huge[3 * CONSULT_COMMENT_MAX] = '\0';
	tap_int(store_consult_comment_add(st, "public", id, day("2026-12-05"), &big, NULL, &err), 0,
		"a comment of exactly the limit");
	free(huge);
	big.body = "\xff\xfe 意见";
	REFUSED(st, ZF_EINVAL,
		store_consult_comment_add(st, "public", id, day("2026-12-05"), &big, NULL, &err),
		"invalid UTF-8");
	long long c1 = 0, c2 = 0, c3 = 0;
	tap_int(store_consult_comment_add(st, "public", id, day("2026-12-05"), &cm, &c1, &err), 0,
		"a comment taken");
	struct consult_comment_new anon = {.name = "", .contact = "", .body = "希望明确资金来源。"};
	tap_int(store_consult_comment_add(st, "public", id, day("2026-12-31"), &anon, &c2, &err), 0,
		"an anonymous comment on the closing day");
	f.name_required = true;
	tap_int(store_consult_edit(st, "clerk", id, &f, &err), 0, "a name now required");
	REFUSED(st, ZF_EINVAL,
		store_consult_comment_add(st, "public", id, day("2026-12-06"), &anon, NULL, &err),
		"an anonymous comment when a name is required");
	struct consult_comment_new late = {
	    .name = "赵某", .body = "信件寄来的意见。", .submitted_at = "2026-12-06T25:00:00Z"};
	REFUSED(st, ZF_EINVAL,
		store_consult_comment_add(st, "public", id, day("2026-12-06"), &late, NULL, &err),
		"a submission time that is no time");
	late.submitted_at = "2026-12-06T08:30:00Z";
	long long byletter = 0;
	tap_int(
	    store_consult_comment_add(st, "public", id, day("2026-12-06"), &late, &byletter, &err),
	    0, "a comment received by letter, with its time");
	struct consult_comment lc;
	store_consult_comment_get(st, a, byletter, &lc);
	tap_str(lc.submitted_at, "2026-12-06T08:30:00Z", "its time kept");
	cm.body = "建议公示改造方案。";
	tap_int(store_consult_comment_add(st, "public", id, day("2026-12-07"), &cm, &c3, &err), 0,
		"a third comment");

	/* comments public only when chosen, never a withheld one */
	struct consult_comment *v;
	size_t n;
	store_consult_comments(st, a, id, true, &v, &n);
	tap_int((long long)n, 0, "comments not public by default");
	store_consult_comments(st, a, id, false, &v, &n);
	tap_int((long long)n, 5, "the console sees all five");
	tap_str(v[1].contact, "13800138000", "the contact is kept for the clerk");
	tap_int(store_consult_set_public(st, "clerk", id, true, &err), 0, "comments made public");
	tap_int(store_consult_comment_judge(st, "clerk", c2, OUTCOME_REJECTED, "资金来源已另行规定",
					    true, &err),
		0, "a comment judged and withheld");
	store_consult_comments(st, a, id, true, &v, &n);
	tap_int((long long)n, 4, "four public comments: the withheld one left out");
	for (size_t i = 0; i < n; i++)
		tap_ok(v[i].id != c2, "the withheld comment is not public (%zu)", i);

	REFUSED(st, ZF_ESTATE,
		store_consult_publish_result(st, "clerk", id, "采纳情况", day("2027-01-05"), &err),
		"a result while still open");
	tap_int(store_consult_move(st, "clerk", id, CONSULT_CLOSED, 0, &err), 0, "closed");
	REFUSED(st, ZF_ESTATE,
		store_consult_comment_add(st, "public", id, day("2026-12-20"), &cm, NULL, &err),
		"a comment once closed, inside the period");
	f.title = "改标题";
	REFUSED(st, ZF_ESTATE, store_consult_edit(st, "clerk", id, &f, &err),
		"editing once closed");
	buf_reset(&err);
	REFUSED(st, ZF_ESTATE,
		store_consult_publish_result(st, "clerk", id, "采纳情况", day("2027-01-05"), &err),
		"a result with pending comments");
	tap_ok(strstr(buf_cstr(&err), "还有 4 条") != NULL, "the message counts the pending ones");
	store_consult_comments(st, a, id, false, &v, &n);
	tap_int(store_consult_comment_judge(st, "clerk", v[0].id, OUTCOME_PARTIAL, "部分采纳",
					    false, &err),
		0, "judged: partial");
	tap_int(store_consult_comment_judge(st, "clerk", c1, OUTCOME_ADOPTED, "", false, &err), 0,
		"judged: adopted");
	tap_int(store_consult_comment_judge(st, "clerk", c3, OUTCOME_ADOPTED, "", false, &err), 0,
		"judged: adopted");
	tap_int(
	    store_consult_comment_judge(st, "clerk", byletter, OUTCOME_ADOPTED, "", false, &err), 0,
	    "judged: adopted");
	REFUSED(st, ZF_EINVAL,
		store_consult_publish_result(st, "clerk", id, "", day("2027-01-05"), &err),
		"a result without text");
	tap_int(store_consult_publish_result(st, "clerk", id, "共收到意见 5 条……",
					     day("2027-01-05"), &err),
		0, "the result published");
	struct consultation got;
	tap_int(store_consult_get(st, a, id, &got), 0, "read back");
	tap_int(got.status, CONSULT_RESULT, "status result");
	tap_int(got.nreceived, 5, "received 5");
	tap_int(got.nadopted, 3, "adopted 3");
	tap_int(got.npartial, 1, "partial 1");
	tap_int(got.nrejected, 1, "rejected 1");
	tap_int(got.nadopted + got.npartial + got.nrejected, got.nreceived, "the counts add up");
	tap_int(got.result_published_on, day("2027-01-05"), "published on");
	tap_str(got.agency_name, "示例区住房和城乡建设局", "its agency");
	REFUSED(st, ZF_ESTATE,
		store_consult_comment_judge(st, "clerk", c1, OUTCOME_REJECTED, "", false, &err),
		"judging after publication");
	REFUSED(st, ZF_ESTATE,
		store_consult_publish_result(st, "clerk", id, "again", day("2027-01-05"), &err),
		"publishing twice");

	/* list order: the open one first */
	struct consultation_fields g = f;
	g.agency_id = gov;
	g.title = "草稿不公开";
	long long draft = 0, open2 = 0;
	store_consult_add(st, "clerk", &g, &draft, &err);
	g.title = "第二项征集";
	g.opens_on = day("2027-01-01");
	g.closes_on = day("2027-01-20");
	store_consult_add(st, "clerk", &g, &open2, &err);
	store_consult_move(st, "clerk", open2, CONSULT_OPEN, day("2027-01-02"), &err);
	struct consultation *cl;
	size_t ncl;
	tap_int(store_consult_list(st, a, 0, true, &cl, &ncl), 0, "the public list");
	tap_int((long long)ncl, 2, "drafts left out");
	tap_ok(ncl == 2 && cl[0].id == open2, "the open one first");
	store_consult_list(st, a, gov, false, &cl, &ncl);
	tap_int((long long)ncl, 2, "an agency's list with its draft");

	long long nc = -1, ni = -1;
	tap_int(store_consult_counts(st, 0, day("2026-01-01"), day("2026-12-31"), &nc, &ni), 0,
		"counts");
	tap_int(nc,
		store_test_int(st, "SELECT count(*) FROM consultations WHERE status <> 'draft'"
				   " AND opens_on BETWEEN '2026-01-01' AND '2026-12-31'"),
		"consultations counted as in SQL");
	tap_int(nc, 1, "one consultation in 2026");
	store_consult_counts(st, gov, 0, 0, &nc, &ni);
	tap_int(nc, 1, "the government's: one (its draft not counted)");
	buf_free(&err);
	arena_free(a);
}

static void test_interview(struct store *st, long long gov)
{
	struct arena *a = arena_new(1 << 16);
	struct buf err = BUF_INIT;
	struct interview_fields f = {.agency_id = gov,
				     .title = "解读《示例区优化营商环境若干措施》",
				     .announcement = "本期访谈邀请区发展改革局负责人……",
				     .held_on = day("2026-12-15"),
				     .held_minute = 15 * 60};
	long long id = 0;
	tap_int(store_interview_add(st, "clerk", &f, &id, &err), 0, "an interview announced");
	struct interview_fields bad = f;
	bad.held_minute = 1440;
	REFUSED(st, ZF_EINVAL, store_interview_add(st, "clerk", &bad, NULL, &err),
		"a time of 24:00");
	tap_int(store_interview_guest_add(st, "clerk", id, "王某某", "区发展改革局局长", &err), 0,
		"a guest");
	tap_int(store_interview_guest_add(st, "clerk", id, "赵某", "", &err), 0, "a second guest");
	REFUSED(st, ZF_EINVAL, store_interview_guest_add(st, "clerk", id, "", "x", &err),
		"a guest without a name");
	long long q1 = 0, q2 = 0;
	tap_int(store_interview_question_add(st, "public", id, "张某", "zhang@example.com",
					     "小微企业的贴息怎么申请？", &q1, &err),
		0, "a question");
	tap_int(store_interview_question_add(st, "public", id, "", "", "广告广告", &q2, &err), 0,
		"a second question");
	REFUSED(st, ZF_EINVAL,
		store_interview_question_add(st, "public", id, "", "", "", NULL, &err),
		"an empty question");
	REFUSED(
	    st, ZF_EINVAL,
	    store_interview_question_moderate(st, "clerk", q2, QUESTION_REJECTED, true, "", &err),
	    "a rejected question marked answered");
	tap_int(
	    store_interview_question_moderate(st, "clerk", q1, QUESTION_APPROVED, false, "", &err),
	    0, "approved");
	tap_int(
	    store_interview_question_moderate(st, "clerk", q2, QUESTION_REJECTED, false, "", &err),
	    0, "rejected");
	struct interview_question *qv;
	size_t nq;
	store_interview_questions(st, a, id, true, &qv, &nq);
	tap_ok(nq == 1 && qv[0].id == q1, "only the approved question is public");
	struct interview got;
	store_interview_get(st, a, id, &got);
	tap_int((long long)got.nguests, 2, "two guests");
	tap_str(got.nguests ? got.guests[0].title : "", "区发展改革局局长", "the guest's title");
	tap_int(got.nquestions, 2, "two questions");
	tap_int(got.npending, 0, "none pending");
	REFUSED(st, ZF_ESTATE,
		store_interview_move(st, "clerk", id, INTERVIEW_PUBLISHED, day("2026-12-16"), &err),
		"publishing before it took place");
	tap_int(store_interview_move(st, "clerk", id, INTERVIEW_LIVE, 0, &err), 0, "live");
	REFUSED(st, ZF_ESTATE,
		store_interview_question_add(st, "public", id, "", "", "迟到的问题", NULL, &err),
		"a question once live");
	tap_int(store_interview_move(st, "clerk", id, INTERVIEW_FINISHED, 0, &err), 0, "finished");
	REFUSED(st, ZF_ESTATE,
		store_interview_move(st, "clerk", id, INTERVIEW_PUBLISHED, day("2026-12-16"), &err),
		"publishing without a transcript");
	tap_int(store_interview_question_moderate(st, "clerk", q1, QUESTION_APPROVED, true,
						  "可通过区政务服务网申请。", &err),
		0, "answered");
	tap_int(store_interview_transcript(st, "clerk", id,
					   "主持人：各位网友大家好。\n王某某：大家好。", &err),
		0, "the transcript written");
	tap_int(store_interview_move(st, "clerk", id, INTERVIEW_PUBLISHED, day("2026-12-16"), &err),
		0, "published");
	REFUSED(st, ZF_ESTATE, store_interview_transcript(st, "clerk", id, "改写", &err),
		"rewriting a published transcript");
	REFUSED(st, ZF_ESTATE, store_interview_guest_add(st, "clerk", id, "钱某", "", &err),
		"a guest after publication");
	store_interview_get(st, a, id, &got);
	tap_int(got.status, INTERVIEW_PUBLISHED, "status published");
	tap_int(got.published_on, day("2026-12-16"), "published on");

	long long id2 = 0;
	f.held_on = day("2027-02-01");
	store_interview_add(st, "clerk", &f, &id2, &err);
	struct interview *iv;
	size_t ni;
	store_interview_list(st, a, 0, &iv, &ni);
	tap_ok(ni == 2 && iv[0].id == id2, "the announced interview first");
	long long nc = -1, nint = -1;
	store_consult_counts(st, gov, day("2026-01-01"), day("2026-12-31"), &nc, &nint);
	tap_int(nint, 1, "one interview held in 2026");
	tap_int(nint,
		store_test_int(st, "SELECT count(*) FROM interviews WHERE status <> 'announced'"
				   " AND held_on BETWEEN '2026-01-01' AND '2026-12-31'"),
		"interviews counted as in SQL");
	store_consult_counts(st, gov, 0, 0, &nc, &nint);
	tap_int(nint, 1, "the announced one not counted");
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("consult");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0, dept = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &dept);
	test_consultation(st, gov, dept);
	test_interview(st, gov);
	store_close(st);
	return tap_done();
}
