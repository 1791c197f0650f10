/* test_letters.c: the letters beyond the bare reply (store/letters.h, web/letter.h): the
 * notices composed from the clock's dates with their legal basis (补正 Art. 30, 延期
 * Art. 33, 征求第三方意见 Art. 32, 收费 Art. 42 and 国办函〔2020〕109号), the remedy bodies
 * named in the reply, numbers with the agency's prefix (one sequence per agency, year and
 * kind), and the workflow in the store: draft → return (with a reason) or 签发 (only with the
 * number confirmed; a reply signed is the reply), delivery checked against the letter's date
 * and today, everything audited, a refusal changes nothing. The store side runs on both
 * engines (zf-store-test-both-engines, store_test.h). The files (.docx, PDF) are checked for
 * their shape and their text. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/decision.h"
#include "law/fee.h"
#include "render/letter_doc.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/letters.h"
#include "store/requests.h"
#include "store/web.h"
#include "store_test.h"
#include "tap.h"
#include "web/letter.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static bool has(const struct buf *b, const char *needle)
{
	return b->p && strstr(b->p, needle) != NULL;
}

static void test_kinds(void)
{
	char s[160];
	tap_str(letter_no_format("示政", LETTER_REPLY, 2026, 12, s, sizeof(s)),
		"示政信复〔2026〕第12号", "a reply's number carries the agency's prefix");
	tap_str(letter_no_format("示政", LETTER_SUPPLEMENT, 2026, 3, s, sizeof(s)),
		"示政信补〔2026〕第3号", "补正告知书: 补");
	tap_str(letter_no_format("示住建", LETTER_EXTENSION, 2027, 1, s, sizeof(s)),
		"示住建信延〔2027〕第1号", "延期答复告知书: 延");
	tap_str(letter_no_format("示政", LETTER_CONSULTATION, 2026, 2, s, sizeof(s)),
		"示政信征〔2026〕第2号", "征求第三方意见书: 征");
	tap_str(letter_no_format("示政", LETTER_FEE, 2026, 9, s, sizeof(s)),
		"示政信费〔2026〕第9号", "收费通知书: 费");
	tap_str(letter_no_format("", LETTER_FEE, 2026, 9, s, sizeof(s)), "〔2026〕第9号",
		"no short name: the plain number");
	tap_str(letter_no_format(NULL, LETTER_REPLY, 2026, 1, s, sizeof(s)), "〔2026〕第1号",
		"NULL short name: the plain number");
	enum letter_kind k;
	bool round = true;
	for (int i = 0; i < LETTER_KINDS; i++)
		round &=
		    !letter_kind_parse(letter_kind_key((enum letter_kind)i), &k) && (int)k == i;
	tap_ok(round, "every kind's key parses back");
	tap_int(letter_kind_parse("memo", &k), ZF_EINVAL, "an unknown kind is refused");
	tap_str(letter_kind_title(LETTER_SUPPLEMENT), "政府信息公开申请补正告知书", "title");
	tap_str(letter_delivery_label_of("email"), "电子邮件", "delivery label");
	tap_str(letter_delivery_label_of("pigeon"), "", "unknown delivery method");
}

static void test_notices(void)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct letter_notice_input in = {
	    .kind = LETTER_SUPPLEMENT,
	    .description = "2025年老旧小区改造项目清单。",
	    .received = day("2026-03-02"),
	    .until = day("2026-03-23"),
	    .detail = "请写明所需清单的年份\n请写明所涉街道",
	};
	tap_int(letter_compose_notice(&in, &out, &err), 0, "a 补正告知书 composes");
	tap_ok(has(&out, "本机关于2026年3月2日收到您提出的政府信息公开申请，申请获取“2025年老旧"
			 "小区改造项目清单”。"),
	       "it states the receipt day and the request");
	tap_ok(has(&out, "第三十条"), "it cites Art. 30");
	tap_ok(has(&out, "一次性告知"), "told once");
	tap_ok(has(&out, "请写明所需清单的年份\n请写明所涉街道\n"), "the items one a line");
	tap_ok(has(&out, "请您于2026年3月23日前"), "the period given, from the clock");
	tap_ok(has(&out, "视为放弃申请"), "the consequence of no supplement");
	buf_reset(&out);
	in.detail = "  ";
	tap_int(letter_compose_notice(&in, &out, &err), ZF_EINVAL, "without items: refused");
	tap_ok(strstr(buf_cstr(&err), "补正") != NULL, "with a reason: %s", buf_cstr(&err));

	buf_reset(&out);
	struct letter_notice_input ex = {
	    .kind = LETTER_EXTENSION,
	    .description = "某项目的批复文件",
	    .organisation = true,
	    .received = day("2026-03-02"),
	    .extension_days = 15,
	    .due = day("2026-04-21"),
	    .detail = "需要汇总各街道的数据。",
	};
	tap_int(letter_compose_notice(&ex, &out, &err), 0, "a 延期答复告知书 composes");
	tap_ok(has(&out, "收到贵单位提出的"), "an organisation is addressed as 贵单位");
	tap_ok(has(&out, "因需要汇总各街道的数据，本机关不能在法定期限内作出答复"),
	       "the reason inline, its full stop dropped");
	tap_ok(has(&out, "第三十三条第二款") && has(&out, "答复期限延长15个工作日") &&
		   has(&out, "本机关将于2026年4月21日前作出答复"),
	       "Art. 33(2), the days and the new due date");
	ex.due = 0;
	tap_int(letter_compose_notice(&ex, &out, &err), ZF_EINVAL, "no due date: refused");

	buf_reset(&out);
	struct letter_notice_input co = {
	    .kind = LETTER_CONSULTATION,
	    .description = "某公司的中标价格",
	    .received = day("2026-03-02"),
	    .until = day("2026-03-25"),
	};
	tap_int(letter_compose_notice(&co, &out, &err), 0, "a 征求第三方意见书 composes");
	tap_ok(has(&out, "收到一份政府信息公开申请") && !has(&out, "您提出"),
	       "the third party is not told who asked");
	tap_ok(has(&out, "第三十二条") && has(&out, "15个工作日内（2026年3月25日前）"),
	       "Art. 32 and the party's last day");
	co.until = 0;
	tap_int(letter_compose_notice(&co, &out, &err), ZF_EINVAL, "no window: refused");

	buf_reset(&out);
	struct fee_result fee;
	tap_int(fee_compute(FEE_PER_PAGE, 250, &fee, &err), 0, "a fee for 250 pages");
	struct letter_notice_input fe = {
	    .kind = LETTER_FEE,
	    .description = "近十年的全部会议纪要",
	    .received = day("2026-03-02"),
	    .until = day("2026-04-01"),
	    .fee = &fee,
	    .detail = "请转账至示例区财政局非税收入账户（账号 1234）。",
	};
	tap_int(letter_compose_notice(&fe, &out, &err), 0, "a 收费通知书 composes");
	char amount[64];
	snprintf(amount, sizeof(amount), "人民币%lld元", (long long)fee.amount_yuan);
	tap_ok(has(&out, amount), "the amount (%s)", amount);
	tap_ok(has(&out, "国办函〔2020〕109号") && has(&out, "第四十二条") && has(&out, "按量计收"),
	       "the basis and the method");
	tap_ok(has(&out, "20个工作日内（2026年4月1日前）"), "the last day to pay");
	tap_ok(has(&out, "账号 1234）。\n"), "how to pay, once with its stop");
	fee_result_free(&fee);
	fe.fee = NULL;
	tap_int(letter_compose_notice(&fe, &out, &err), ZF_EINVAL, "no fee computed: refused");
	fe.kind = LETTER_REPLY;
	tap_int(letter_compose_notice(&fe, &out, &err), ZF_EINVAL, "a reply is no notice");

	/* the remedy bodies in the reply */
	buf_reset(&out);
	struct letter_input rin = {
	    .description = "某项目的批复文件",
	    .received = day("2026-03-02"),
	    .decision = decision_by_key("withheld_state_secret"),
	    .review_body = "示例市人民政府",
	    .court = "示例区人民法院",
	};
	tap_int(letter_compose(&rin, &out, &err), 0, "a reply with remedy bodies composes");
	tap_ok(has(&out, "依法向示例市人民政府申请行政复议") &&
		   has(&out, "依法向示例区人民法院提起行政诉讼"),
	       "the 复议机关 and the court are named");
	buf_reset(&out);
	rin.review_body = rin.court = "";
	letter_compose(&rin, &out, &err);
	tap_ok(has(&out, "依法申请行政复议") && has(&out, "依法向人民法院提起行政诉讼"),
	       "unset: the general wording");
	buf_free(&out);
	buf_free(&err);
}

static void test_files(void)
{
	struct letter_doc doc = {
	    .agency_name = "示例区人民政府",
	    .title = "政府信息公开申请补正告知书",
	    .letter_no = "示政信补〔2026〕第1号",
	    .addressee = "张三<script>",
	    .body = "第一段 & 文字。\n第二段。\n",
	    .date = "2026年3月4日",
	};
	struct buf d = BUF_INIT, p = BUF_INIT;
	tap_int(letter_docx(&doc, &d), 0, "the .docx is written");
	tap_ok(d.len > 500 && !memcmp(d.p, "PK", 2), "a ZIP package (%zu bytes)", d.len);
	tap_int(letter_pdf(&doc, &p), 0, "the PDF is drawn");
	tap_ok(p.len > 1000 && !memcmp(p.p, "%PDF-", 5), "a PDF (%zu bytes)", p.len);
	buf_free(&d);
	buf_free(&p);
}

struct fixture {
	struct store *st;
	struct calendar *cal;
	struct arena *a;
	long long req;
};

static void test_store(void)
{
	struct fixture f = {0};
	struct buf err = BUF_INIT;
	f.cal = cal_new();
	if (!f.cal || cal_load_builtin(f.cal, &err))
		BUG("calendar");
	f.a = arena_new(0);
	bool seeded = false;
	f.st = store_test_fresh("letters");
	int rc = f.st ? demo_seed_agencies(f.st, &seeded) : ZF_EDB;
	tap_int(rc, 0, "a fresh database with the demo agencies");
	if (rc)
		return;
	struct store *st = f.st;
	struct agency_info ag;
	tap_int(store_agency_get(st, f.a, 1, &ag), 0, "agency 1 loads");
	ag.short_name = "示政";
	tap_int(store_agency_edit(st, "admin", &ag, &err), 0, "agency 1 gets its short name");

	zf_day today = date_today();
	zf_day received = today - 30;
	struct request_new rq = {
	    .agency_id = 1,
	    .applicant_type = REPORT_COL_NATURAL_PERSON,
	    .applicant_name = "张三",
	    .description = "某项目的批复文件",
	};
	struct clock_event ev[2] = {
	    {.kind = CLOCK_RECEIVED, .on = received},
	    {.kind = CLOCK_SUPPLEMENT_REQUESTED, .on = received + 2, .until = received + 20},
	};
	long long r1 = 0, r2 = 0;
	tap_int(store_request_add(st, "clerk", f.cal, &rq, ev, 2, &r1, &err), 0,
		"request 1 (补正 asked)");
	tap_int(store_request_add(st, "clerk", f.cal, &rq, ev, 1, &r2, &err), 0, "request 2");

	/* a draft takes no number */
	struct letter_new ln = {
	    .request_id = r1,
	    .kind = LETTER_SUPPLEMENT,
	    .on = received + 2,
	    .event_seq = 2,
	    .addressee = "张三",
	    .agency_name = "示例区人民政府",
	    .detail = "请写明年份",
	    .body = "正文\n",
	};
	long long l1 = 0, l2 = 0, l3 = 0;
	long long audit0 = 0, audit1 = 0;
	store_audit_count(st, &audit0);
	tap_int(store_letter_draft(st, "clerk", &ln, &l1, &err), 0, "a 补正告知书 drafted");
	store_audit_count(st, &audit1);
	tap_ok(audit1 == audit0 + 1, "the draft is audited");
	struct letter l;
	tap_int(store_letter_get(st, f.a, l1, &l), 0, "it reloads");
	tap_ok(!strcmp(l.status, "draft") && !*l.letter_no && l.number == 0 &&
		   l.kind == LETTER_SUPPLEMENT && l.event_seq == 2 && l.on == received + 2,
	       "a draft without a number");
	tap_int(
	    store_letter_number_last_of(st, 1, date_to_ymd(l.on).y, LETTER_SUPPLEMENT, &(int){0}),
	    0, "the sequence reads");

	struct letter *q = NULL;
	size_t nq = 0;
	long long mine[] = {1}, other[] = {3};
	tap_int(store_letter_queue(st, f.a, mine, 1, "draft", 50, &q, &nq), 0, "the inbox reads");
	tap_ok(nq == 1 && q[0].id == l1, "the draft awaits 签发 in its agency's inbox");
	tap_int(store_letter_queue(st, f.a, other, 1, "draft", 50, &q, &nq), 0,
		"another agency's inbox reads");
	tap_int((long long)nq, 0, "and does not hold it");
	tap_int(store_letter_queue(st, f.a, mine, 1, "draft", 0, &q, &nq), ZF_EINVAL,
		"a limit of 0 is refused");

	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	tap_int(store_letter_draft(st, "clerk", &ln, NULL, &err), ZF_EINVAL,
		"a second draft of the same notice is refused");
	ln.on = today + 1;
	ln.event_seq = 3;
	tap_int(store_letter_draft(st, "clerk", &ln, NULL, &err), ZF_EINVAL,
		"a draft dated tomorrow is refused");
	ln.on = received + 2;
	ln.event_seq = 2;
	tap_int(store_letter_return(st, "reviewer", l1, "  ", &err), ZF_EINVAL,
		"a return without a reason is refused");
	tap_int(store_letter_issue(st, "reviewer", f.cal, l1, 2, &err), ZF_ESTATE,
		"签发 with a number not confirmed is refused");
	tap_ok(strstr(buf_cstr(&err), "第1号") != NULL, "naming the number now: %s",
	       buf_cstr(&err));
	tap_int(store_letter_deliver(st, "clerk", l1, "post", today, 0, &err), ZF_ESTATE,
		"a draft cannot be delivered");
	store_test_dump(st, &after);
	tap_ok(before.len && !strcmp(buf_cstr(&before), buf_cstr(&after)),
	       "the refusals changed nothing");

	/* returned, then drafted again and signed */
	tap_int(store_letter_return(st, "reviewer", l1, "补正事项写得不具体", &err), 0,
		"returned with a reason");
	store_letter_get(st, f.a, l1, &l);
	tap_ok(!strcmp(l.status, "returned") && !strcmp(l.note, "补正事项写得不具体") &&
		   !strcmp(l.decided_by, "reviewer"),
	       "the return is on record");
	tap_int(store_letter_issue(st, "reviewer", f.cal, l1, 1, &err), ZF_ESTATE,
		"a returned draft cannot be signed");
	tap_int(store_letter_draft(st, "clerk", &ln, &l2, &err), 0, "drafted again");
	int next = 0;
	store_letter_get(st, f.a, l2, &l);
	tap_int(store_letter_next_number(st, &l, &next), 0, "the next number reads");
	tap_int(next, 1, "it is 1");
	tap_int(store_letter_issue(st, "reviewer", f.cal, l2, next, &err), 0, "signed (%s)",
		buf_cstr(&err));
	store_letter_get(st, f.a, l2, &l);
	char want[80];
	snprintf(want, sizeof(want), "示政信补〔%d〕第1号", date_to_ymd(l.on).y);
	tap_str(l.letter_no, want, "the number with the agency's prefix");
	tap_ok(!strcmp(l.status, "issued") && l.number == 1, "issued");
	tap_int(store_letter_issue(st, "reviewer", f.cal, l2, 2, &err), ZF_ESTATE,
		"signed twice: refused");

	/* delivery */
	tap_int(store_letter_deliver(st, "clerk", l2, "pigeon", today, 0, &err), ZF_EINVAL,
		"an unknown method is refused");
	tap_int(store_letter_deliver(st, "clerk", l2, "post", received, 0, &err), ZF_EINVAL,
		"delivered before the letter's date: refused");
	tap_int(store_letter_deliver(st, "clerk", l2, "post", today + 1, 0, &err), ZF_EINVAL,
		"delivered tomorrow: refused");
	tap_int(store_letter_deliver(st, "clerk", l2, "email", received + 3, 0, &err), 0,
		"delivered by e-mail");
	store_letter_get(st, f.a, l2, &l);
	tap_ok(!strcmp(l.delivery_method, "email") && l.delivered_on == received + 3 &&
		   !strcmp(l.delivery_by, "clerk"),
	       "the delivery is on record");
	tap_int(store_letter_deliver(st, "clerk", l2, "post", received + 4, 0, &err), ZF_ESTATE,
		"delivered twice: refused");

	/* a reply signed is the reply; kinds count apart */
	struct letter_new rp = {
	    .request_id = r2,
	    .kind = LETTER_REPLY,
	    .decision = "granted",
	    .on = today,
	    .addressee = "张三",
	    .agency_name = "示例区人民政府",
	    .body = "答复正文\n",
	};
	tap_int(store_letter_draft(st, "clerk", &rp, &l3, &err), 0, "a reply drafted");
	struct request_record rec;
	store_request_get(st, f.a, r2, &rec);
	tap_int((long long)rec.nevents, 1, "the draft is no reply yet");
	store_letter_get(st, f.a, l3, &l);
	store_letter_next_number(st, &l, &next);
	tap_int(next, 1, "replies have their own sequence");
	tap_int(store_letter_issue(st, "reviewer", f.cal, l3, next, &err), 0, "the reply signed");
	store_request_get(st, f.a, r2, &rec);
	snprintf(want, sizeof(want), "示政信复〔%d〕第1号", date_to_ymd(today).y);
	tap_ok(rec.nevents == 2 && rec.events[1].kind == CLOCK_REPLIED && rec.events[1].letter_no &&
		   !strcmp(rec.events[1].letter_no, want),
	       "the REPLIED event carries %s", want);
	struct reply_letter rl;
	tap_int(store_reply_letter_get(st, f.a, r2, &rl), 0, "the 答复书 is kept");
	tap_str(rl.letter_no, want, "with the same number");
	struct letter *v = NULL;
	size_t n = 0;
	tap_int(store_letter_list(st, f.a, r1, &v, &n), 0, "request 1's letters list");
	tap_ok(n == 2 && v[0].id == l1 && v[1].id == l2, "both, oldest first");

	/* the remedy bodies */
	const char *rb = NULL, *court = NULL;
	tap_int(store_agency_remedy_get(st, f.a, 1, &rb, &court), 0, "remedies read");
	tap_ok(!*rb && !*court, "unset at first");
	tap_int(store_agency_remedy_set(st, "admin", 1, "示例市人民政府", "示例区人民法院", &err),
		0, "set");
	tap_int(store_agency_remedy_set(st, "admin", 1, "甲", "乙", &err), 0, "set again");
	store_agency_remedy_get(st, f.a, 1, &rb, &court);
	tap_ok(!strcmp(rb, "甲") && !strcmp(court, "乙"), "kept");
	tap_int(store_agency_remedy_set(st, "admin", 9999, "甲", "乙", &err), ZF_ENOENT,
		"no such agency");
	tap_ok(store_test_int(st, "SELECT count(*) FROM audit_log WHERE action LIKE 'letter.%'") >=
		   6,
	       "the letters' steps are audited");
	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(f.a);
	store_close(f.st);
	cal_free(f.cal);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_kinds();
	test_notices();
	test_files();
	test_store();
	return tap_done();
}
