/* test_console_letter.c: the reply letter's templates (one per decision a reply may carry,
 * each with its legal basis and the remedies), the composition of a letter from a request's
 * history, the unified number 〔2026〕第12号, and the store side of replies: the number and the
 * REPLIED event and the letter are one write, a refused reply changes nothing and gives its
 * number again, and the report workspace keeps what it is given. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/decision.h"
#include "store/db.h"
#include "store/requests.h"
#include "store/web.h"
#include "tap.h"
#include "web/letter.h"

#include <unistd.h>

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

static size_t lines(const struct buf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->p[i] == '\n';
	return n;
}

static void test_templates(void)
{
	size_t with = 0;
	for (size_t i = 0; i < DECISION_COUNT; i++) {
		const struct decision *d = &decision_table[i];
		const struct letter_template *t = letter_template(d->key);
		if (d->flags & DECISION_BY_LAPSE) {
			tap_ok(t == NULL, "%s is reached by the clock: no reply letter", d->key);
			continue;
		}
		with++;
		if (!tap_ok(t != NULL, "%s has a template", d->key))
			continue;
		tap_ok(t->detail_hint && *t->detail_hint, "%s tells the clerk what to write",
		       d->key);
		/* the basis is cited exactly where the decision has one */
		bool cites = t->finding && strstr(t->finding, "{basis}");
		tap_ok(cites == (d->basis != NULL), "%s: the finding cites {basis} iff it has one",
		       d->key);
		if (!t->finding)
			tap_ok(t->detail_required,
			       "%s: without a finding the clerk's text is required", d->key);
	}
	tap_int((long long)with, DECISION_COUNT - 2, "every decision but the two lapses has one");
	tap_ok(letter_template("no_such_decision") == NULL, "unknown keys have none");
	tap_ok(letter_template(NULL) == NULL, "NULL has none");
}

static void test_compose_granted(void)
{
	struct letter_input in = {
	    .description = "2025年本区老旧小区改造项目清单",
	    .received = day("2026-03-02"),
	    .decision = decision_by_key("granted"),
	    .detail = "现随本答复书向您提供《2025年老旧小区改造项目清单》一份。\n\n  \n",
	};
	struct buf out = BUF_INIT, err = BUF_INIT;
	tap_int(letter_compose(&in, &out, &err), 0, "a granted reply composes");
	tap_ok(has(&out, "本机关于2026年3月2日收到您提出的政府信息公开申请"),
	       "it starts from the receipt date, in Chinese");
	tap_ok(has(&out, "申请获取“2025年本区老旧小区改造项目清单”。"), "it quotes the request");
	tap_ok(
	    has(&out,
		"《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关决定予以公开"),
	    "it cites Art. 36(2) and decides");
	tap_ok(has(&out, "现随本答复书向您提供"), "the clerk's text follows");
	tap_ok(has(&out, "特此答复。"), "it closes");
	tap_ok(has(&out, "六十日内依法申请行政复议") &&
		   has(&out, "六个月内依法向人民法院提起行政诉讼"),
	       "the remedies: review within 60 days, litigation within 6 months");
	tap_int((long long)lines(&out), 5, "five paragraphs (blank lines of the clerk dropped)");
	tap_ok(!has(&out, "补正") && !has(&out, "延长"), "nothing about steps that did not happen");
	tap_ok(out.len && out.p[out.len - 1] == '\n', "every paragraph ends its line");
	buf_free(&out);
	buf_free(&err);
}

static void test_compose_history(void)
{
	struct letter_input in = {
	    .description = "第一行\n第二行。",
	    .organisation = true,
	    .received = day("2026-03-02"),
	    .supplement_asked = day("2026-03-04"),
	    .supplement_arrived = day("2026-03-09"),
	    .extension_days = 20,
	    .extension_on = day("2026-03-30"),
	    .consulted_on = day("2026-03-12"),
	    .consulted_third_party = true,
	    .decision = decision_by_key("withheld_third_party_rights"),
	    .detail = "所申请信息包含第三方的商业秘密。",
	};
	struct buf out = BUF_INIT, err = BUF_INIT;
	tap_int(letter_compose(&in, &out, &err), 0, "a withheld reply with a history composes");
	tap_ok(has(&out, "收到贵单位提出的"), "an organisation is addressed as 贵单位");
	tap_ok(has(&out, "“第一行 第二行”。"),
	       "a request on two lines is quoted on one, without its own full stop");
	tap_ok(has(&out, "于2026年3月4日一次性告知贵单位作出补正，并于2026年3月9日收到"),
	       "the supplement, with both dates");
	tap_ok(has(&out, "书面征求了第三方的意见"), "the consultation of a third party");
	tap_ok(has(&out, "答复期限延长20个工作日，本机关已于2026年3月30日告知贵单位"),
	       "the extension, its days and the day it was told");
	tap_ok(has(&out, "第十五条、第三十六条第（三）项"), "it cites Arts. 15 and 36(3)");
	tap_ok(has(&out, "本机关决定不予公开"), "and withholds");
	tap_ok(!has(&out, "{basis}"), "no placeholder is left");
	buf_free(&out);
	buf_free(&err);
}

static void test_compose_refusals(void)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct letter_input in = {
	    .description = "某文件",
	    .received = day("2026-03-02"),
	    .decision = decision_by_key("partially_granted"),
	};
	tap_int(letter_compose(&in, &out, &err), ZF_EINVAL, "部分公开 needs the clerk's reasons");
	tap_ok(has(&err, "请填写答复说明"), "and says so: %s", buf_cstr(&err));
	in.detail = "   \n  ";
	tap_int(letter_compose(&in, &out, &err), ZF_EINVAL, "blank reasons are no reasons");
	in.decision = decision_by_key("other_no_supplement");
	in.detail = "x";
	tap_int(letter_compose(&in, &out, &err), ZF_EINVAL,
		"逾期未补正 is recorded by the clock, not replied");
	in.decision = NULL;
	tap_int(letter_compose(&in, &out, &err), ZF_EINVAL, "no decision, no letter");
	in.decision = decision_by_key("withheld_state_secret");
	in.detail = NULL;
	in.received = 0;
	tap_int(letter_compose(&in, &out, &err), ZF_EINVAL, "no receipt date, no letter");
	in.received = day("2026-03-02");
	buf_reset(&out);
	tap_int(letter_compose(&in, &out, &err), 0, "a state secret needs no explanation");
	tap_ok(has(&out, "第十四条、第三十六条第（三）项"), "and cites Art. 14");
	in.decision = decision_by_key("not_processed_confirmation");
	in.detail = "您已于2025年取得该信息。";
	buf_reset(&out);
	tap_int(letter_compose(&in, &out, &err), 0, "a decision without an article composes");
	tap_ok(has(&out, "不属于《中华人民共和国政府信息公开条例》规定的政府信息公开申请"),
	       "and explains itself in words");
	in.decision = decision_by_key("other_other");
	in.detail = "申请人于答复前当面说明已通过其他途径取得该信息，本机关依其意见终结办理。";
	buf_reset(&out);
	tap_int(letter_compose(&in, &out, &err), 0, "其他处理 composes from the clerk's text");
	tap_ok(has(&out, "现答复如下：\n申请人于答复前"), "which is the whole finding");
	buf_free(&out);
	buf_free(&err);
}

static void test_formats(void)
{
	char s[64], d[32];
	tap_str(reply_letter_no(2026, 12, s, sizeof(s)), "〔2026〕第12号", "the unified number");
	tap_str(reply_letter_no(2027, 1, s, sizeof(s)), "〔2027〕第1号", "a new year starts at 1");
	tap_str(letter_date_zh(day("2026-01-05"), d), "2026年1月5日", "dates without zeros");
	tap_str(letter_date_zh(day("2026-12-31"), d), "2026年12月31日", "two-digit month and day");
}

/* ---- the store side ---- */

static char dir[] = "/tmp/zf-test-console-XXXXXX";

static void test_store(void)
{
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	char *path = xasprintf("%s/zf.db", dir);
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	struct calendar *cal = cal_new();
	if (!cal || cal_load_builtin(cal, &err))
		BUG("calendar");
	bool seeded = false;
	int rc = store_open(path, &st, &err);
	if (!rc)
		rc = store_migrate(st, NULL, &err);
	if (!rc)
		rc = demo_seed_agencies(st, &seeded);
	tap_int(rc, 0, "a fresh database migrates (%s)", buf_cstr(&err));
	if (rc)
		return;
	struct arena *a = arena_new(0);
	struct request_new rq = {
	    .agency_id = 1,
	    .applicant_type = REPORT_COL_NATURAL_PERSON,
	    .applicant_name = "张三",
	    .description = "某项目的批复文件",
	};
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = day("2026-03-02")};
	long long r1 = 0, r2 = 0;
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &r1, &err), 0, "request 1 added");
	tap_int(store_request_add(st, "clerk", cal, &rq, &ev, 1, &r2, &err), 0, "request 2 added");

	long long audit0 = 0, audit1 = 0;
	store_audit_count(st, &audit0);
	struct reply_new rp = {
	    .request_id = r1,
	    .decision = "granted",
	    .on = day("2026-03-20"),
	    .agency_name = "示例区人民政府",
	    .applicant = "张三",
	    .body = "正文\n",
	};
	struct reply_letter l;
	tap_int(store_reply_issue(st, "clerk", cal, a, &rp, &l, &err), 0, "reply 1 issued");
	tap_str(l.letter_no, "〔2026〕第1号", "it takes number 1 of 2026");
	tap_int(l.number, 1, "number kept");
	tap_str(l.decision, "granted", "decision kept");
	tap_ok(l.replied_on == day("2026-03-20"), "date kept");
	struct request_record rec;
	tap_int(store_request_get(st, a, r1, &rec), 0, "request 1 reloads");
	tap_ok(rec.nevents == 2 && rec.events[1].kind == CLOCK_REPLIED && rec.events[1].letter_no &&
		   !strcmp(rec.events[1].letter_no, "〔2026〕第1号"),
	       "the REPLIED event carries the number");
	store_audit_count(st, &audit1);
	tap_ok(audit1 > audit0, "the reply is audited (%lld lines)", audit1 - audit0);

	/* a refused reply writes nothing and does not use up a number */
	buf_reset(&err);
	rp.on = day("2026-03-21");
	tap_int(store_reply_issue(st, "clerk", cal, a, &rp, NULL, &err), ZF_ESTATE,
		"a second reply to the same request is refused");
	tap_ok(err.len > 0, "with a reason: %s", buf_cstr(&err));
	rp.request_id = 999;
	tap_int(store_reply_issue(st, "clerk", cal, a, &rp, NULL, &err), ZF_ENOENT,
		"no such request");
	rp.request_id = r2;
	rp.decision = "other_no_supplement";
	tap_ok(store_reply_issue(st, "clerk", cal, a, &rp, NULL, &err) != 0,
	       "the clock refuses a lapse as a reply");
	rp.decision = "withheld_state_secret";
	tap_int(store_reply_issue(st, "clerk", cal, a, &rp, &l, &err), 0, "reply 2 issued");
	tap_str(l.letter_no, "〔2026〕第2号", "refusals did not use up numbers");
	tap_int(store_reply_letter_get(st, a, 12345, &l), ZF_ENOENT, "no letter, no row");

	/* the workspace */
	struct report_draft d;
	tap_int(store_report_draft_get(st, a, 1, 2026, &d), 0, "an empty workspace loads");
	tap_ok(!d.stored && !*d.overview && !strcmp(d.table2, "{}") && !d.generated, "as empty");
	tap_int(store_report_draft_set_text(st, "clerk", 1, 2026, "总体", NULL, "其他", &err), 0,
		"the narrative saves");
	tap_int(store_report_draft_set_text(st, "clerk", 1, 2026, NULL, "问题", NULL, &err), 0,
		"one part alone saves");
	tap_int(store_report_draft_set_table2(st, "clerk", 1, 2026,
					      "{\"table2.licensing.decisions\":12}", &err),
		0, "the table-2 figures save");
	tap_int(store_report_draft_set_table2(st, "clerk", 1, 2026, "[1,2", &err), ZF_EINVAL,
		"broken JSON is refused");
	tap_int(store_report_draft_set_text(st, "clerk", 99, 2026, "x", NULL, NULL, &err),
		ZF_ENOENT, "an unknown agency is refused");
	tap_int(
	    store_report_draft_set_generated(st, "clerk", 1, 2026, true, "{\"schema\":1}", &err), 0,
	    "generated tables save");
	tap_int(store_report_draft_get(st, a, 1, 2026, &d), 0, "the workspace reloads");
	tap_ok(d.stored && !strcmp(d.overview, "总体") && !strcmp(d.problems, "问题") &&
		   !strcmp(d.other_matters, "其他"),
	       "with its three parts");
	tap_str(d.table2, "{\"table2.licensing.decisions\":12}", "its figures");
	tap_ok(d.generated && d.with_subordinates && d.generated_at && !d.published_at,
	       "its tables, compiled, not published");
	tap_str(d.updated_by, "clerk", "who changed it last");
	tap_int(store_report_draft_set_published(st, "reviewer", 1, 2026, &err), 0, "published");
	struct report_draft_row *rows;
	size_t n;
	long long ids[] = {1, 2};
	tap_int(store_report_draft_list(st, a, ids, 2, &rows, &n), 0, "the list loads");
	tap_ok(n == 1 && rows[0].year == 2026 && rows[0].published_at && rows[0].generated,
	       "one workspace, published");
	tap_int(store_report_draft_list(st, a, ids + 1, 1, &rows, &n), 0, "another agency's list");
	tap_int((long long)n, 0, "does not show it");

	arena_free(a);
	store_close(st);
	cal_free(cal);
	buf_free(&err);
	char *cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		tap_ok(false, "clean up %s", dir);
	free(cmd);
	free(path);
}

int main(void)
{
	test_templates();
	test_compose_granted();
	test_compose_history();
	test_compose_refusals();
	test_formats();
	test_store();
	return tap_done();
}
