/* test_messages.c: 政民互动 messages in the store (store/messages.h), on both engines
 * (store_test.h): the limit counted in working days across the National Day holiday (a
 * make-up Saturday included), escalation on the first working day after the due day (once,
 * audited, an e-mail queued to the agency), a transfer audited and restarting the limit,
 * duplicates and abusive text held, identity required for 投诉, a refused write changing
 * nothing, ratings once, the public list, and the statistics equal to direct SQL counts. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "store/db.h"
#include "store/messages.h"
#include "store_test.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

/* 2024 is not in this calendar: weekends only, plus the days set here (a National Day
 * week as the State Council arranges it: 1–7 October off, Saturday 12 October worked). */
static struct calendar *test_calendar(void)
{
	struct calendar *cal = cal_new();
	for (int d = 1; d <= 7; d++)
		cal_set(cal, date_from_ymd(2024, 10, d), CAL_OFF, "国庆节");
	cal_set(cal, day("2024-10-12"), CAL_WORK, "国庆节调休");
	return cal;
}

static void test_pure(void)
{
	tap_str(message_kind_label(MESSAGE_CONSULT), "咨询", "咨询");
	tap_int(message_kind_parse("投诉"), MESSAGE_COMPLAINT, "a label parses");
	tap_int(message_kind_parse("complaint"), MESSAGE_COMPLAINT, "a key parses");
	tap_int(message_kind_parse("x"), -1, "an unknown kind");
	tap_str(message_rating_label("basic"), "基本满意", "基本满意");
	tap_ok(!message_rating_ok("great"), "an unknown rating");
	const char *why = NULL;
	tap_ok(message_screen(NULL, "标题", "你们这些狗官不作为", &why), "an insult is held");
	tap_str(why, "spam.abuse.3", "by the abuse list");
	tap_ok(!message_screen(NULL, "小区停车", "小区门口道路停车难，请协调解决。", &why),
	       "a plain message passes");
}

static struct message_new msg(enum message_kind k, long long agency, const char *title,
			      const char *body, const char *phone, const char *on)
{
	return (struct message_new){.kind = k,
				    .agency_id = agency,
				    .title = title,
				    .body = body,
				    .name = "张三",
				    .phone = phone,
				    .email = "",
				    .publish_ok = true,
				    .received_on = day(on)};
}

static void test_flow(struct store *st, const struct calendar *cal, long long a, long long b)
{
	struct arena *ar = arena_new(0);
	struct buf err = BUF_INIT;
	char code[MESSAGE_CODE_LEN + 1] = "";
	long long id = 0;

	/* identity required for 投诉 (the default settings): refused, nothing written */
	struct buf before = BUF_INIT, after = BUF_INIT;
	store_test_dump(st, &before);
	struct message_new m =
	    msg(MESSAGE_COMPLAINT, a, "噪声扰民", "夜间施工噪声扰民，请查处。", "", "2024-09-27");
	m.name = "";
	tap_int(store_message_add(st, "public", cal, NULL, &m, &id, code, &err), ZF_EINVAL,
		"an anonymous 投诉 is refused");
	tap_ok(strstr(buf_cstr(&err), "实名") != NULL, "saying it must be 实名: %s",
	       buf_cstr(&err));
	m = msg(MESSAGE_CONSULT, a, "标题", "短", "", "2024-09-27");
	tap_int(store_message_add(st, "public", cal, NULL, &m, &id, code, &err), ZF_EINVAL,
		"a body under five characters is refused");
	m = msg(MESSAGE_CONSULT, a, "标题", "内容\xff\xfe无效编码", "", "2024-09-27");
	tap_int(store_message_add(st, "public", cal, NULL, &m, &id, code, &err), ZF_EINVAL,
		"invalid UTF-8 is refused");
	store_test_dump(st, &after);
	tap_ok(!strcmp(buf_cstr(&before), buf_cstr(&after)), "the refusals changed nothing");

	/* a 咨询 on Friday 27 September: five working days, the holiday week skipped */
	m = msg(MESSAGE_CONSULT, a, "社保卡办理", "请问社保卡补办需要哪些材料？在哪里办理？",
		"13800138000", "2024-09-27");
	long long c1 = 0;
	long long au = audits(st);
	tap_int(store_message_add(st, "public", cal, NULL, &m, &c1, code, &err), 0, "a 咨询");
	tap_int(audits(st) - au, 1, "one audit line");
	tap_int((long long)strlen(code), 12, "with a query code");
	struct message got;
	tap_int(store_message_get(st, ar, c1, &got), 0, "read back");
	tap_int(got.status, MESSAGE_OPEN, "受理 at once");
	tap_int(got.accepted_on, day("2024-09-27"), "受理日期 is the day received");
	tap_int(got.limit_days, 5, "咨询: 5 working days");
	tap_int(got.due_on, day("2024-10-11"), "due 11 October: 30 Sep, 8, 9, 10, 11 Oct");
	long long byc = 0;
	tap_int(store_message_by_code(st, code, &byc), 0, "found by its code");
	tap_int(byc, c1, "the same message");

	/* the same writer again, the text nearly the same: a duplicate, held */
	m = msg(MESSAGE_CONSULT, a, "社保卡", "请问社保卡补办需要哪些材料？在哪里办理",
		"138 0013 8000", "2024-09-29");
	long long d1 = 0;
	tap_int(store_message_add(st, "public", cal, NULL, &m, &d1, code, &err), 0, "a repeat");
	tap_int(store_message_get(st, ar, d1, &got), 0, "read back");
	tap_int(got.status, MESSAGE_HELD, "held");
	char want[40];
	snprintf(want, sizeof(want), "duplicate:%lld", c1);
	tap_str(got.hold_reason, want, "as a duplicate of the first");
	tap_int(got.due_on, 0, "no clock while held");
	/* another writer, the same text: not a duplicate */
	m.phone = "13900139000";
	long long o1 = 0;
	tap_int(store_message_add(st, "public", cal, NULL, &m, &o1, code, &err), 0, "another");
	tap_int(store_message_get(st, ar, o1, &got), 0, "read back");
	tap_int(got.status, MESSAGE_OPEN, "another writer's is no duplicate");
	tap_int(store_message_reject(st, "clerk", d1, "duplicate", "", day("2024-09-30"), &err), 0,
		"the duplicate is refused (不予受理)");
	tap_int(store_message_reply(st, "clerk", d1, "答复", day("2024-09-30"), false, &err),
		ZF_ESTATE, "a refused message cannot be answered");

	/* abusive text: held; the clerk accepts it anyway, the clock starts that day */
	m = msg(MESSAGE_MESSAGE, a, "反映问题", "你们这些狗官为什么不修路？", "13700137000",
		"2024-09-26");
	long long h1 = 0;
	tap_int(store_message_add(st, "public", cal, NULL, &m, &h1, code, &err), 0, "abusive");
	tap_int(store_message_get(st, ar, h1, &got), 0, "read back");
	tap_int(got.status, MESSAGE_HELD, "held for a clerk");
	tap_int(store_message_accept(st, "clerk", cal, h1, day("2024-09-27"), &err), 0,
		"accepted by a clerk");
	tap_int(store_message_get(st, ar, h1, &got), 0, "read back");
	tap_int(got.accepted_on, day("2024-09-27"), "受理 on the clerk's day");
	tap_int(got.limit_days, 15, "留言: 15 working days");

	/* transfer: audited, the limit restarts at the receiving agency */
	au = audits(st);
	tap_int(
	    store_message_transfer(st, "clerk-a", cal, c1, a, "本机关", day("2024-09-30"), &err),
	    ZF_ESTATE, "no transfer to the agency handling it");
	tap_int(store_message_transfer(st, "clerk-a", cal, c1, b, "", day("2024-09-30"), &err),
		ZF_EINVAL, "a transfer needs its reason");
	tap_int(store_message_transfer(st, "clerk-a", cal, o1, b, "属于交通运输局职责",
				       day("2024-09-30"), &err),
		0, "transferred");
	tap_int(audits(st) - au, 1, "one audit line for the transfer");
	tap_int(store_test_int(st, "SELECT count(*) FROM message_transfers"), 1,
		"its row with the reason");
	tap_int(store_message_get(st, ar, o1, &got), 0, "read back");
	tap_int(got.agency_id, b, "now at agency B");
	tap_int(got.accepted_on, day("2024-09-29"), "受理日期 unchanged");
	tap_int(got.due_on, day("2024-10-12"),
		"due 5 working days after the transfer (the make-up Saturday the 5th)");
	struct message_transfer *tv;
	size_t tn;
	tap_int(store_message_transfers(st, ar, o1, &tv, &tn), 0, "transfers listed");
	tap_ok(tn == 1 && !strcmp(tv[0].reason, "属于交通运输局职责"), "with its reason");

	tap_int(store_message_reply(st, "clerk-b", o1, "已安排。", day("2024-10-10"), true, &err),
		0, "B answers the transferred one");
	tap_int(store_message_get(st, ar, o1, &got), 0, "read back");
	tap_str(got.reply_agency_name, "示例区交通运输局", "答复单位 is B");

	/* escalation: the first working day after the due day, never on a day off */
	size_t cnt = 9;
	tap_int(store_message_escalate(st, "system", cal, day("2024-10-05"), &cnt), 0, "holiday");
	tap_int((long long)cnt, 0, "nothing on a day off");
	tap_int(store_message_escalate(st, "system", cal, day("2024-10-11"), &cnt), 0, "due day");
	tap_int((long long)cnt, 0, "nothing on the due day itself");
	au = audits(st);
	tap_int(store_message_escalate(st, "system", cal, day("2024-10-12"), &cnt), 0, "make-up");
	tap_int((long long)cnt, 1, "the 咨询 escalates on the make-up Saturday");
	tap_int(audits(st) - au, 1, "audited");
	tap_int(store_test_int(st, "SELECT count(*) FROM mail_outbox WHERE kind ="
				   " 'message.escalate'"),
		1, "an e-mail queued to the agency");
	tap_int(store_message_escalate(st, "system", cal, day("2024-10-14"), &cnt), 0, "again");
	tap_int((long long)cnt, 0, "only once");
	tap_int(store_message_get(st, ar, c1, &got), 0, "read back");
	tap_int(got.escalated_on, day("2024-10-12"), "督办 day kept");

	struct message_overdue *ov;
	size_t on;
	tap_int(store_message_overdue(st, ar, cal, a, day("2024-10-14"), &ov, &on), 0, "overdue");
	tap_int((long long)on, 1, "one overdue at agency A");
	if (on == 1) {
		tap_int(ov[0].id, c1, "the 咨询");
		tap_int(ov[0].days_over, 2, "two working days over (12 and 14 October)");
		tap_str(ov[0].kind, "咨询", "its kind");
		tap_ok(!ov[0].stale, "not stale yet");
	}
	tap_int(store_message_overdue(st, ar, cal, a, day("2025-01-20"), &ov, &on), 0, "later");
	tap_ok(on == 2 && ov[0].stale, "three months later: stale (单项否决 risk)");

	/* replies: publishing needs the writer's consent */
	m = msg(MESSAGE_SUGGESTION, a, "增设公交站", "建议在幸福路增设公交站点。", "",
		"2024-10-08");
	m.publish_ok = false;
	long long s1 = 0;
	tap_int(store_message_add(st, "public", cal, NULL, &m, &s1, code, &err), 0, "a 建议");
	tap_int(store_message_reply(st, "clerk", s1, "已转公交公司研究。", day("2024-10-09"), true,
				    &err),
		ZF_ESTATE, "not published against the writer's wish");
	tap_int(store_message_reply(st, "clerk", s1, "已转公交公司研究。", day("2024-10-09"), false,
				    &err),
		0, "answered unpublished");
	tap_int(store_message_reply(st, "clerk", c1, "请携带身份证到社保中心办理。",
				    day("2024-10-15"), true, &err),
		0, "the 咨询 answered late and published");

	/* the writer rates once, by the code */
	const char *c1code = NULL;
	tap_int(store_message_get(st, ar, c1, &got), 0, "read back");
	c1code = got.query_code;
	tap_int(store_message_rate(st, c1code, "great", day("2024-10-16"), &err), ZF_EINVAL,
		"an unknown rating");
	tap_int(store_message_rate(st, c1code, "basic", day("2024-10-16"), &err), 0, "rated");
	tap_int(store_message_rate(st, c1code, "satisfied", day("2024-10-16"), &err), ZF_ESTATE,
		"only once");
	tap_int(store_message_rate(st, "ZZZZZZZZZZZZ", "basic", day("2024-10-16"), &err), ZF_ENOENT,
		"an unknown code");

	/* the public list: published replies only, searchable */
	struct message *lv;
	size_t ln;
	long long total = 0;
	struct message_filter f = {.status = -1, .kind = -1, .published = true};
	tap_int(store_message_list(st, ar, &f, &lv, &ln, &total), 0, "public list");
	tap_int(total, 2, "two published replies");
	f.words = "携带身份证";
	tap_int(store_message_list(st, ar, &f, &lv, &ln, &total), 0, "search");
	tap_ok(total == 1 && lv[0].id == c1, "words of the reply find the 咨询");
	f.words = "100%_";
	tap_int(store_message_list(st, ar, &f, &lv, &ln, &total), 0, "wildcards");
	tap_int(total, 0, "wildcards are taken literally");
	struct message_filter cf = {
	    .status = -1, .kind = -1, .overdue = true, .today = day("2024-10-14")};
	long long aonly[] = {a};
	cf.agencies = aonly;
	cf.nagencies = 1;
	tap_int(store_message_list(st, ar, &cf, &lv, &ln, &total), 0, "console overdue filter");
	tap_int(total, 0, "none overdue at A after the replies");

	/* statistics, figures equal to direct counts */
	struct message_stats ms;
	zf_day from = day("2024-09-01"), to = day("2024-10-31"), today = day("2024-11-01");
	tap_int(store_message_stats(st, cal, a, from, to, today, &ms), 0, "stats for A");
	tap_int(ms.received,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND status IN"
				   " ('open', 'replied') AND accepted_on >= '2024-09-01' AND"
				   " accepted_on <= '2024-10-31'"),
		"received = direct count");
	tap_int(ms.received, 3, "three 受理 at A (the 咨询, the held one accepted, the 建议)");
	tap_int(ms.replied,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND status ="
				   " 'replied' AND accepted_on >= '2024-09-01' AND accepted_on <="
				   " '2024-10-31'"),
		"replied = direct count");
	tap_int(ms.replied_on_time,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND status ="
				   " 'replied' AND replied_on <= due_on"),
		"on time = direct count");
	tap_int(ms.published,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND"
				   " published = 1"),
		"published = direct count");
	tap_int(ms.open,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND status ="
				   " 'open'"),
		"open = direct count");
	tap_int(ms.overdue,
		store_test_int(st, "SELECT count(*) FROM messages WHERE agency_id = 1 AND status ="
				   " 'open' AND due_on < '2024-11-01'"),
		"overdue = direct count");
	tap_int(ms.overdue, 1, "the held-then-accepted 留言 is overdue on 1 November");
	tap_int(ms.rated, 1, "one rated");
	tap_int(ms.rated_satisfied, 1, "基本满意 counts as satisfied");
	/* reply days: 咨询 27 Sep → 15 Oct = 8 working days (12 Oct worked), 建议 8 → 9 Oct = 1 */
	tap_int(ms.reply_days_sum, 9, "working days to reply, summed");
	struct message_stats mb;
	tap_int(store_message_stats(st, cal, b, from, to, today, &mb), 0, "stats for B");
	tap_ok(mb.received == 1 && mb.replied == 1 && mb.replied_on_time == 1,
	       "B counts the transferred message, answered on time");

	/* settings */
	struct message_settings set;
	tap_int(store_message_settings_get(st, &set), 0, "settings");
	tap_ok(set.limit_days[MESSAGE_CONSULT] == 5 && set.limit_days[MESSAGE_MESSAGE] == 15 &&
		   set.identity_required[MESSAGE_COMPLAINT] &&
		   !set.identity_required[MESSAGE_CONSULT] && set.escalate_after == 1,
	       "the defaults");
	set.limit_days[MESSAGE_CONSULT] = 0;
	tap_int(store_message_settings_set(st, "admin", &set, &err), ZF_EINVAL, "0 days refused");
	set.limit_days[MESSAGE_CONSULT] = 3;
	set.identity_required[MESSAGE_CONSULT] = true;
	tap_int(store_message_settings_set(st, "admin", &set, &err), 0, "changed");
	m = msg(MESSAGE_CONSULT, a, "问题", "咨询一个问题，谢谢答复。", "", "2024-10-08");
	m.name = "";
	tap_int(store_message_add(st, "public", cal, NULL, &m, &id, code, &err), ZF_EINVAL,
		"an anonymous 咨询 refused once identity is required");

	buf_free(&before);
	buf_free(&after);
	buf_free(&err);
	arena_free(ar);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_pure();
	struct store *st = store_test_fresh("messages");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long a = 0, b = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &a);
	store_agency_add(st, a, "示例区交通运输局", AGENCY_DEPARTMENT, &b);
	tap_int(store_test_int(st, "INSERT INTO agency_details (agency_id, email) VALUES (1,"
				   " 'zwgk@example.gov.cn') ON CONFLICT (agency_id) DO UPDATE SET"
				   " email = excluded.email RETURNING agency_id"),
		1, "agency A has a contact e-mail");
	struct calendar *cal = test_calendar();
	test_flow(st, cal, a, b);
	cal_free(cal);
	store_close(st);
	return tap_done();
}
