/* test_assessment.c: 考核, 培训 and the quarterly 通报 in the store (store/assessment.h), on
 * both engines (store_test.h): scheme versions (a bad text refused, nothing stored), the
 * quarter's scores from given counts (the metrics function is the test's, so the scoring and
 * storing are tested whatever the oversight area returns), ranks, manual items re-scoring
 * the quarter, refusals leaving the database unchanged, training records and totals, the
 * 通报's notes, its build, its issue under a number and its immutability. */
#include "common.h"
#include "arena.h"
#include "store/assessment.h"
#include "store/db.h"
#include "store/oversight.h"
#include "store_test.h"
#include "tap.h"

#include <string.h>

static long long g_dept1, g_dept2, g_town;

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

/* dept1: clean; dept2: 2 overdue requests, 9 of 10 on time; town: a stale message */
static int fake_metrics(struct store *st, const struct calendar *cal, long long agency_id,
			bool subtree, zf_day from, zf_day to, zf_day today,
			struct oversight_metrics *out)
{
	(void)st;
	(void)cal;
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->subtree = subtree;
	out->from = from;
	out->to = to;
	out->today = today;
	out->req_replied = 10;
	out->req_on_time = 10;
	if (agency_id == g_dept2) {
		out->req_on_time = 9;
		out->req_overdue = 2;
	} else if (agency_id == g_town) {
		out->msg.stale = 1;
		out->msg.replied = 4;
		out->msg.replied_on_time = 4;
	}
	return 0;
}

static int not_ready(struct store *st, const struct calendar *cal, long long agency_id,
		     bool subtree, zf_day from, zf_day to, zf_day today,
		     struct oversight_metrics *out)
{
	(void)st, (void)cal, (void)agency_id, (void)subtree, (void)from, (void)to, (void)today;
	(void)out;
	return ZF_ESTATE;
}

static void test_mapping(void)
{
	struct oversight_metrics m;
	memset(&m, 0, sizeof(m));
	m.req_replied = 7;
	m.req_on_time = 6;
	m.req_overdue = 1;
	m.reviews_corrected = 2;
	m.suits_corrected = 3;
	m.msg.replied = 5;
	m.msg.replied_on_time = 4;
	m.msg.overdue = 6;
	m.msg.stale = 7;
	m.findings_veto = 8;
	m.findings_deduct = 9;
	m.std_overdue = 10;
	m.media.silent = 11;
	m.media.findings_veto = 12;
	struct assess_input in;
	assess_input_from_metrics(&m, &in);
	tap_ok(in.num[ASSESS_M_REQ_ON_TIME] == 6 && in.den[ASSESS_M_REQ_ON_TIME] == 7,
	       "request rate from on-time / replied");
	tap_ok(in.num[ASSESS_M_MSG_ON_TIME] == 4 && in.den[ASSESS_M_MSG_ON_TIME] == 5,
	       "message rate from on-time / replied");
	tap_int(in.num[ASSESS_M_CORRECTED], 5, "corrections: reviews and suits");
	tap_ok(in.num[ASSESS_M_REQ_OVERDUE] == 1 && in.num[ASSESS_M_MSG_OVERDUE] == 6 &&
		   in.num[ASSESS_M_MSG_STALE] == 7 && in.num[ASSESS_M_FINDINGS_VETO] == 8 &&
		   in.num[ASSESS_M_FINDINGS_DEDUCT] == 9 && in.num[ASSESS_M_STD_OVERDUE] == 10 &&
		   in.num[ASSESS_M_MEDIA_SILENT] == 11 && in.num[ASSESS_M_MEDIA_VETO] == 12,
	       "every count mapped");
}

static void test_scheme(struct store *st)
{
	struct assess_scheme sc;
	long long id = -1;
	tap_int(store_assess_scheme_current(st, &sc, &id), 0, "the scheme in force");
	tap_ok(id == 0 && sc.n == 13, "none saved: the default (13 indicators)");
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	const char *bad = "x\t名\tveto\treq_on_time\t5\n";
	tap_int(store_assess_scheme_save(st, "admin", bad, strlen(bad), &id, &err), ZF_EINVAL,
		"a bad scheme refused");
	tap_ok(strstr(buf_cstr(&err), "第1行") != NULL, "naming its line: %s", buf_cstr(&err));
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "nothing stored");
	struct buf text = BUF_INIT;
	assess_scheme_default(&sc);
	snprintf(sc.title, sizeof(sc.title), "%s", "示例区2026年政务公开考核方案");
	assess_scheme_format(&sc, &text);
	long long a0 = audits(st);
	buf_reset(&err);
	tap_int(store_assess_scheme_save(st, "admin", text.p, text.len, &id, &err), 0,
		"a scheme saved %s", buf_cstr(&err));
	tap_int(audits(st), a0 + 1, "one audit line");
	struct assess_scheme cur;
	long long cid = 0;
	store_assess_scheme_current(st, &cur, &cid);
	tap_ok(cid == id && !strcmp(cur.title, sc.title), "the new version is in force");
	struct arena *a = arena_new(0);
	struct assess_scheme_row *rows;
	size_t n;
	tap_int(store_assess_scheme_list(st, a, &rows, &n), 0, "versions listed");
	tap_ok(n == 1 && rows[0].nindicators == 13 && !strcmp(rows[0].saved_by, "admin"),
	       "one version, 13 indicators, by admin");
	tap_int(store_assess_scheme_get(st, 99999, &cur), ZF_ENOENT, "an unknown version");
	arena_free(a);
	buf_free(&text);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void test_scores(struct store *st, long long gov)
{
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	zf_day today = date_from_ymd(2026, 10, 9);
	store_test_dump(st, &before);
	tap_int(store_assess_compute(st, "admin", NULL, gov, 20263, today, not_ready, &err),
		ZF_ESTATE, "metrics not ready: their error");
	tap_ok(strstr(buf_cstr(&err), "监督数据尚未就绪") != NULL, "explained: %s", buf_cstr(&err));
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "nothing stored");
	buf_reset(&err);
	tap_int(store_assess_compute(st, "admin", NULL, gov, 20271, today, fake_metrics, &err),
		ZF_EINVAL, "a quarter not yet begun refused");
	buf_reset(&err);
	long long a0 = audits(st);
	tap_int(store_assess_compute(st, "admin", NULL, gov, 20263, today, fake_metrics, &err), 0,
		"2026Q3 computed %s", buf_cstr(&err));
	tap_int(audits(st), a0 + 1, "one audit line");
	struct arena *a = arena_new(0);
	struct assess_score_row *rows;
	size_t n;
	struct assess_scheme sc;
	tap_int(store_assess_scores(st, a, gov, 20263, &sc, &rows, &n), 0, "scores read");
	tap_int((long long)n, 3, "three agencies below the root, the root itself not scored");
	tap_ok(n == 3 && rows[0].agency_id == g_dept1 && rows[0].rank == 1 &&
		   rows[0].r.total == 1000,
	       "the clean department first with 100");
	/* dept2: 90% on time -> 15 - 10 = 5; two overdue -> 10 - 4 = 6: 100 - 10 - 4 = 86 */
	tap_ok(n == 3 && rows[1].agency_id == g_dept2 && rows[1].rank == 2 &&
		   rows[1].r.total == 860,
	       "the department with overdue requests second with 86");
	tap_ok(n == 3 && rows[2].agency_id == g_town && rows[2].rank == 3 && rows[2].r.vetoed &&
		   rows[2].r.total == 0 && rows[2].r.sum == 950,
	       "the town with a stale message vetoed, last");
	tap_ok(n == 3 && strstr(rows[1].problems, "逾期未答复政府信息公开申请2件"),
	       "problems named: %s", n == 3 ? rows[1].problems : "");
	tap_ok(n == 3 && rows[1].in.num[ASSESS_M_REQ_OVERDUE] == 2 &&
		   rows[1].in.den[ASSESS_M_REQ_ON_TIME] == 10,
	       "the counts kept with the score");
	tap_int(n == 3 ? (long long)rows[0].r.pending : -1, 2, "two manual items pending");
	long long sql_total =
	    store_test_int(st, "SELECT sum(total) FROM assess_scores WHERE quarter = 20263");
	tap_int(sql_total, 1000 + 860, "stored totals as read");

	/* a manual item re-scores and re-ranks */
	a0 = audits(st);
	buf_reset(&err);
	tap_int(store_assess_manual_set(st, "admin", g_dept1, 20263, "leadership", 0,
					"未按要求开展培训", &err),
		0, "a manual item entered %s", buf_cstr(&err));
	tap_int(audits(st), a0 + 1, "one audit line");
	store_assess_scores(st, a, gov, 20263, NULL, &rows, &n);
	tap_ok(n == 3 && rows[0].agency_id == g_dept1 && rows[0].r.total == 950 &&
		   rows[0].rank == 1,
	       "dept1 now 95, still first");
	tap_int(store_assess_manual_set(st, "admin", g_dept1, 20263, "leadership", 50, "", &err), 0,
		"replaced");
	tap_int(store_assess_manual_set(st, "admin", g_dept2, 20263, "interpretation", 0, "", &err),
		0, "dept2 manual");
	store_assess_scores(st, a, gov, 20263, NULL, &rows, &n);
	tap_ok(n == 3 && rows[0].r.total == 1000 && rows[1].r.total == 810,
	       "re-scored: 100 and 81");
	struct assess_score_row one;
	tap_int(store_assess_score_get(st, a, g_dept2, 20263, &sc, &one), 0, "one agency's score");
	tap_ok(one.r.total == 810 && one.rank == 2 &&
		   one.r.item[assess_scheme_find(&sc, "interpretation")].points == 0,
	       "its items explain it");
	tap_int(store_assess_score_get(st, a, g_dept2, 20262, &sc, &one), ZF_ENOENT,
		"not computed for Q2");

	/* refusals change nothing */
	store_test_dump(st, &before);
	static const struct {
		const char *code;
		int points;
		const char *note;
		const char *want;
	} bad[] = {
	    {"req_overdue", 10, "", "不是考核方案中的人工评分指标"},
	    {"nope", 10, "", "不是考核方案中的人工评分指标"},
	    {"leadership", 51, "", "得分应在0至5分之间"},
	    {"leadership", -1, "", "得分应在0至5分之间"},
	    {"leadership", 10, "a\nb", "评分说明"},
	    {"leadership", 10, "\xff\xfe", "评分说明"},
	    {"<script>alert(1)</script>", 10, "", "不是考核方案中的人工评分指标"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		int rc = store_assess_manual_set(st, "admin", g_dept1, 20263, bad[i].code,
						 bad[i].points, bad[i].note, &err);
		tap_ok(rc == ZF_EINVAL && strstr(buf_cstr(&err), bad[i].want), "refused: %s (%s)",
		       bad[i].want, buf_cstr(&err));
	}
	tap_int(store_assess_manual_set(st, "admin", 999999, 20263, "leadership", 1, "", &err),
		ZF_ENOENT, "an unknown agency");
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "refusals stored nothing");
	struct assess_manual_row *man;
	size_t nman;
	tap_int(store_assess_manual_list(st, a, 20263, 0, &man, &nman), 0, "manual items listed");
	tap_int((long long)nman, 2, "two manual items");

	/* computing again keeps the manual items */
	store_assess_compute(st, "admin", NULL, gov, 20263, today, fake_metrics, &err);
	store_assess_scores(st, a, gov, 20263, NULL, &rows, &n);
	tap_ok(n == 3 && rows[1].r.total == 810, "recomputed with the manual items");
	arena_free(a);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void test_training(struct store *st, long long gov)
{
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct training_fields f = {date_from_ymd(2026, 8, 12), "政务公开业务培训", gov, 35,
				    "依申请公开办理规范"};
	struct training_attendee att[] = {{g_dept1, 3, "张某、李某、王某", NULL},
					  {g_dept2, 2, "", NULL}};
	long long id = 0, a0 = audits(st);
	tap_int(store_training_save(st, "admin", 0, &f, att, 2, &id, &err), 0, "a session saved %s",
		buf_cstr(&err));
	tap_int(audits(st), a0 + 1, "one audit line");
	struct training_fields f2 = {date_from_ymd(2026, 9, 3), "政务新媒体管理培训", g_dept1, 20,
				     ""};
	struct training_attendee att2[] = {{g_dept1, 4, "", NULL}};
	long long id2 = 0;
	store_training_save(st, "admin", 0, &f2, att2, 1, &id2, &err);
	struct training_fields f3 = {date_from_ymd(2026, 10, 3), "下季度培训", gov, 10, ""};
	long long id3 = 0;
	store_training_save(st, "admin", 0, &f3, att2, 1, &id3, &err);

	store_test_dump(st, &before);
	struct training_fields bf = f;
	bf.title = "";
	tap_int(store_training_save(st, "admin", 0, &bf, att, 2, NULL, &err), ZF_EINVAL,
		"an empty title refused");
	bf = f;
	bf.hours = 0;
	tap_int(store_training_save(st, "admin", 0, &bf, att, 2, NULL, &err), ZF_EINVAL,
		"zero hours refused");
	bf = f;
	bf.organiser_id = 999999;
	tap_int(store_training_save(st, "admin", 0, &bf, att, 2, NULL, &err), ZF_EINVAL,
		"an unknown organiser refused");
	struct training_attendee dup[] = {{g_dept1, 1, "", NULL}, {g_dept1, 2, "", NULL}};
	tap_int(store_training_save(st, "admin", 0, &f, dup, 2, NULL, &err), ZF_EINVAL,
		"an agency twice refused");
	struct training_attendee zero[] = {{g_dept1, 0, "", NULL}};
	tap_int(store_training_save(st, "admin", 0, &f, zero, 1, NULL, &err), ZF_EINVAL,
		"zero persons refused");
	struct training_attendee ghost[] = {{999999, 1, "", NULL}};
	tap_int(store_training_save(st, "admin", 0, &f, ghost, 1, NULL, &err), ZF_EINVAL,
		"an unknown attending agency refused (nothing half-stored)");
	tap_int(store_training_save(st, "admin", 424242, &f, att, 1, NULL, &err), ZF_ENOENT,
		"editing an unknown session");
	tap_int(store_training_delete(st, "admin", 424242, &err), ZF_ENOENT,
		"deleting an unknown session");
	store_test_dump(st, &after);
	tap_str(buf_cstr(&after), buf_cstr(&before), "refusals stored nothing");

	struct arena *a = arena_new(0);
	struct training_session t;
	tap_int(store_training_get(st, a, id, &t), 0, "read back");
	tap_ok(t.natt == 2 && t.persons == 5 && t.f.hours == 35 &&
		   !strcmp(t.att[0].names, "张某、李某、王某"),
	       "attendance kept");
	struct training_attendee att3[] = {{g_dept1, 3, "", NULL}, {g_town, 6, "", NULL}};
	tap_int(store_training_save(st, "admin", id, &f, att3, 2, NULL, &err), 0, "edited");
	store_training_get(st, a, id, &t);
	tap_ok(t.natt == 2 && t.persons == 9 && t.att[1].agency_id == g_town,
	       "attendance replaced");

	struct training_session *list;
	size_t n;
	tap_int(store_training_list(st, a, date_from_ymd(2026, 7, 1), date_from_ymd(2026, 9, 30),
				    NULL, 0, &list, &n),
		0, "listed");
	tap_ok(n == 2 && list[0].id == id2, "two in Q3, newest first");
	long long only[] = {g_town};
	store_training_list(st, a, 0, 0, only, 1, &list, &n);
	tap_ok(n == 1 && list[0].id == id, "filtered by attending agency");

	struct assess_bulletin_training *tot;
	size_t ntot;
	long long held = 0;
	tap_int(store_training_totals(st, a, gov, date_from_ymd(2026, 7, 1),
				      date_from_ymd(2026, 9, 30), &tot, &ntot, &held),
		0, "totals");
	tap_int(held, 2, "two sessions held in Q3");
	tap_int((long long)ntot, 2, "two agencies attended");
	/* dept1: 3 persons x 3.5 h + 4 x 2 h = 10.5 + 8 = 18.5 person-hours */
	tap_ok(ntot == 2 && tot[0].sessions == 2 && tot[0].persons == 7 &&
		   tot[0].person_hours == 185,
	       "dept1: 2 sessions, 7 persons, 18.5 person-hours");
	long long sql = store_test_int(st, "SELECT sum(t.persons) FROM training_attendance t JOIN "
					   "training_sessions s ON s.id = t.session_id WHERE "
					   "s.held_on BETWEEN '2026-07-01' AND '2026-09-30'");
	tap_int(ntot == 2 ? tot[0].persons + tot[1].persons : -1, sql, "persons equal SQL");
	tap_int(store_training_delete(st, "admin", id3, &err), 0, "deleted");
	tap_int(store_training_get(st, a, id3, &t), ZF_ENOENT, "gone");
	arena_free(a);
	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
}

static void test_bulletin(struct store *st, long long gov)
{
	struct buf err = BUF_INIT;
	struct arena *a = arena_new(0);
	struct assess_bulletin b;
	tap_int(store_bulletin_build(st, a, gov, 20262, date_from_ymd(2026, 10, 9), &b, &err),
		ZF_ENOENT, "Q2 not computed: no 通报");
	tap_ok(strstr(buf_cstr(&err), "尚未计算") != NULL, "explained: %s", buf_cstr(&err));
	struct assess_notes notes = {"本季度全区政务公开工作总体平稳。",
				     "示例镇（留言超期未答复）",
				     "示例区住房和城乡建设局",
				     "",
				     NULL,
				     NULL};
	tap_int(store_bulletin_notes_set(st, "admin", gov, 20263, &notes, &err), 0, "notes saved");
	struct assess_notes bad = notes;
	bad.criticised = "a\x01";
	tap_int(store_bulletin_notes_set(st, "admin", gov, 20263, &bad, &err), ZF_EINVAL,
		"a control character refused");
	buf_reset(&err);
	tap_int(store_bulletin_build(st, a, gov, 20263, date_from_ymd(2026, 10, 9), &b, &err), 0,
		"Q3 built %s", buf_cstr(&err));
	tap_ok(b.nrows == 3 && b.rows[0].rank == 1 && !strcmp(b.issuer, "示例区人民政府"),
	       "three ranked rows, issued by the root");
	tap_str(b.criticised, "示例区住房和城乡建设局", "the criticised list");
	tap_ok(b.training_sessions == 2 && b.ntraining == 2, "the training summary");

	struct buf docx = BUF_INIT, xlsx = BUF_INIT;
	buf_adds(&docx, "PK-docx-bytes");
	buf_adds(&xlsx, "PK-xlsx-bytes");
	long long id = 0;
	int number = 0;
	long long a0 = audits(st);
	tap_int(store_bulletin_next_number(st, gov, &number), 0, "the next number");
	tap_int(number, 1, "第1期");
	tap_int(store_bulletin_issue(st, "admin", gov, 20263, 2, "x", &docx, &xlsx, &id, &err),
		ZF_ESTATE, "a number not the next refused");
	tap_ok(strstr(buf_cstr(&err), "第1期") != NULL, "explained: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_bulletin_issue(st, "admin", gov, 20263, 1,
				     "关于2026年第三季度政务公开工作情况的通报", &docx, &xlsx, &id,
				     &err),
		0, "issued");
	tap_int(audits(st), a0 + 1, "one audit line");
	buf_reset(&err);
	tap_int(store_bulletin_issue(st, "admin", gov, 20263, 2, "again", &docx, &xlsx, NULL, &err),
		ZF_EEXIST, "the same quarter again refused");
	tap_ok(strstr(buf_cstr(&err), "已经印发") != NULL, "explained: %s", buf_cstr(&err));
	store_bulletin_next_number(st, gov, &number);
	tap_int(number, 2, "第2期 next");
	tap_int(store_bulletin_issue(st, "admin", gov, 20262, 2,
				     "关于2026年第二季度政务公开工作情况的通报", &docx, &xlsx, NULL,
				     &err),
		0, "Q2 issued");
	tap_ok(store_test_int(st, "UPDATE assess_bulletins SET title = 'x' RETURNING id") == -1,
	       "the database refuses to change an issued 通报");
	tap_ok(store_test_int(st, "DELETE FROM assess_bulletins RETURNING id") == -1,
	       "the database refuses to delete one");
	struct bulletin_row *rows;
	size_t n;
	tap_int(store_bulletin_list(st, a, &gov, 1, &rows, &n), 0, "listed");
	tap_ok(n == 2 && rows[0].quarter == 20263 && rows[0].number == 1, "newest quarter first");
	long long other = g_dept1;
	store_bulletin_list(st, a, &other, 1, &rows, &n);
	tap_int((long long)n, 0, "another root sees none");
	struct buf back = BUF_INIT;
	tap_int(store_bulletin_file(st, id, "docx", &back), 0, "the .docx read back");
	tap_str(buf_cstr(&back), "PK-docx-bytes", "as issued");
	buf_reset(&back);
	store_bulletin_file(st, id, "xlsx", &back);
	tap_str(buf_cstr(&back), "PK-xlsx-bytes", "the .xlsx as issued");
	tap_int(store_bulletin_file(st, id, "pdf", &back), ZF_EINVAL, "no other kind");
	tap_int(store_bulletin_file(st, 99999, "docx", &back), ZF_ENOENT, "an unknown one");
	struct bulletin_row one;
	tap_int(store_bulletin_get(st, a, id, &one), 0, "one read");
	tap_ok(one.number == 1 && one.root_id == gov, "its number and root");
	buf_free(&back);
	buf_free(&docx);
	buf_free(&xlsx);
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_mapping();
	struct store *st = store_test_fresh("assessment");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	store_agency_add(st, gov, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, &g_dept1);
	store_agency_add(st, gov, "示例区教育局", AGENCY_DEPARTMENT, &g_dept2);
	store_agency_add(st, gov, "示例镇人民政府", AGENCY_TOWN, &g_town);
	test_scheme(st);
	test_scores(st, gov);
	test_training(st, gov);
	test_bulletin(st, gov);
	store_close(st);
	return tap_done();
}
