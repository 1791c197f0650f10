/* page_query.c: /query, where an applicant follows a request: where it stands in plain
 * Chinese, its dated steps, the due date and the working days left.
 * A look-up needs the query code of the receipt AND a second factor, the phone number given in
 * the application (for requests registered without one, the applicant's name): a code seen
 * over a shoulder or on a lost receipt is not enough. Codes travel in a POST body (with the
 * CSRF token), never in a URL. Every failure gives the same message, whatever was wrong, and
 * counts against the client's address: 10 failures in 15 minutes lock that address out of
 * look-ups for the rest of the window (page_public.h, THROTTLE_QUERY_FAIL). */
#include "common.h"
#include "arena.h"
#include "law/clock.h"
#include "law/decision.h"
#include "law/idcheck.h"
#include "log.h"
#include "page_public.h"
#include "page_query.h"
#include "render/html.h"
#include "session.h"
#include "letter.h"
#include "store/letters.h"
#include "store/requests.h"
#include "ui_shared.h"

#include <sodium.h>
#include <time.h>

static const char not_found[] =
    "没有找到与该查询码和联系电话相符的申请。请核对回执上的 12 位查询码和申请时填写的"
    "联系电话后重试。";

static void query_form(struct web_request *req, struct buf *w, const char *code, const char *phone,
		       const char *error)
{
	html_raw(w, "<form class=\"form query-form panel\" method=\"post\" action=\"/query\" "
		    "novalidate>\n");
	session_csrf_field(req, w);
	if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"query-error\" "
			    "tabindex=\"-1\" autofocus>");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}
	html_raw(w,
		 "<div class=\"field\"><label for=\"f-code\" class=\"required\">查询码</label>"
		 "<span class=\"hint\" id=\"f-code-hint\">申请回执上的 12 位查询码，由字母和数字"
		 "组成，不区分大小写</span>"
		 "<input type=\"text\" id=\"f-code\" name=\"code\" required aria-required=\"true\""
		 " autocomplete=\"off\" spellcheck=\"false\" maxlength=\"40\" "
		 "class=\"code-input\" value=\"");
	html_attr(w, code ? code : "");
	html_raw(w, error ? "\" aria-invalid=\"true\" aria-describedby=\"f-code-hint query-error\">"
			  : "\" aria-describedby=\"f-code-hint\">");
	html_raw(w,
		 "</div>\n<div class=\"field\"><label for=\"f-phone\" class=\"required\">"
		 "联系电话</label><span class=\"hint\" id=\"f-phone-hint\">申请时填写的联系电话"
		 "（申请时没有留电话的，请填写申请人姓名或名称）</span><input type=\"text\" "
		 "id=\"f-phone\" name=\"phone\" required "
		 "aria-required=\"true\" autocomplete=\"tel\" inputmode=\"tel\" maxlength=\"30\" "
		 "value=\"");
	html_attr(w, phone ? phone : "");
	html_raw(w, error
			? "\" aria-invalid=\"true\" aria-describedby=\"f-phone-hint query-error\">"
			: "\" aria-describedby=\"f-phone-hint\">");
	html_raw(w,
		 "</div>\n<p><button type=\"submit\" class=\"button primary\">查询</button></p>\n"
		 "</form>\n");
}

static void query_page(struct web_request *req, struct web_response *res, const char *code,
		       const char *phone, const char *error)
{
	struct buf *w = &res->body;
	ui_begin(req, res, error ? "办理进度查询（未找到）" : "办理进度查询", "/query");
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<span aria-current=\"page\">办理进度查询</span></nav>\n"
		    "<h1>办理进度查询</h1>\n"
		    "<p class=\"lead\">请输入申请回执上的查询码和申请时填写的联系电话，"
		    "查看申请的办理情况和答复期限。</p>\n");
	query_form(req, w, code, phone, error);
	html_raw(w, "<p class=\"muted\">查询码遗失的，请携带身份证明与受理机关联系。"
		    "还没有提交申请？<a href=\"/apply\">在线申请政府信息公开</a></p>\n");
	ui_end(req, res);
}

int page_query(struct web_request *req, struct web_response *res)
{
	query_page(req, res, NULL, NULL, NULL);
	return 0;
}

/* The second factor: the phone number (compared as digits), or the name when the request
 * has no phone. Constant time over the compared bytes. */
bool query_second_factor_ok(const struct request_record *r, const char *typed)
{
	char a[32], b[32];
	if (r->phone && *r->phone) {
		idcheck_phone_digits(r->phone, a, sizeof(a));
		idcheck_phone_digits(typed, b, sizeof(b));
		size_t la = strlen(a), lb = strlen(b);
		return la >= 7 && la == lb && sodium_memcmp(a, b, la) == 0;
	}
	size_t la = strlen(r->applicant_name), lb = strlen(typed);
	return la > 0 && la == lb && sodium_memcmp(r->applicant_name, typed, la) == 0;
}

/* ---------------------------------------------------------------- the result */

static const char *decision_label_of(const char *key)
{
	const struct decision *d = key ? decision_by_key(key) : NULL;
	return d ? d->label : "已答复";
}

/* What the state means for the applicant, in plain words. */
static void state_explanation(struct buf *w, const struct clock_status *cs)
{
	const char *s = cs->state;
	html_raw(w, "<p>");
	if (!strcmp(s, "processing")) {
		html_raw(w, "受理机关正在办理您的申请，将在答复期限内作出答复。");
	} else if (!strcmp(s, "awaiting_supplement")) {
		html_raw(w, "受理机关认为申请内容不够明确，已告知您补正。请按照补正告知的要求补充"
			    "或者更改申请内容");
		if (cs->supplement_until) {
			html_raw(w, "，并在<strong>");
			public_date(w, cs->supplement_until);
			html_raw(w, "</strong>之前提交");
		}
		html_raw(w, "。无正当理由逾期不补正的，视为放弃申请（条例第三十条）。补正后，"
			    "答复期限自受理机关收到补正申请之日起重新计算。");
	} else if (!strcmp(s, "consulting")) {
		html_raw(w, "您申请的信息涉及第三方或者其他机关，受理机关正在书面征求意见。"
			    "征求意见所需时间不计算在答复期限内（条例第三十三条）。");
	} else if (!strcmp(s, "awaiting_fee")) {
		html_raw(w, "受理机关已向您发出收费通知。请在收到通知次日起 20 个工作日内缴纳信息"
			    "处理费；逾期未缴纳的，视为放弃申请。缴费期间不计算在答复期限内。");
	} else if (!strcmp(s, "replied")) {
		html_raw(w, "受理机关已于");
		public_date(w, cs->closed_on);
		html_raw(w, "作出答复：<strong>");
		html_txt(w, decision_label_of(cs->report_row));
		html_raw(w,
			 "</strong>。答复书将按照您选择的途径送达；如未收到，请与受理机关联系。");
	} else if (!strcmp(s, "closed_no_supplement")) {
		html_raw(w, "您未在补正期限内补正申请，视为放弃申请，受理机关已不再处理"
			    "（条例第三十条）。如仍需要该信息，可以重新提出申请。");
	} else if (!strcmp(s, "closed_fee_unpaid")) {
		html_raw(w, "您未在规定期限内缴纳信息处理费，视为放弃申请，受理机关已不再处理。");
	} else if (!strcmp(s, "withdrawn")) {
		html_raw(w, "您已撤回本申请，受理机关不再处理。");
	} else {
		html_txt(w, cs->state_label);
	}
	html_raw(w, "</p>\n");
}

/* One event as the applicant reads it (no names of third parties, no clerks). */
static void event_text(struct buf *w, const struct clock_event *e)
{
	switch (e->kind) {
	case CLOCK_RECEIVED:
		html_raw(w, "收到申请（");
		html_txt(w, clock_channel_label(e->channel));
		html_raw(w, "）");
		break;
	case CLOCK_SUPPLEMENT_REQUESTED:
		html_raw(w, "告知补正申请");
		if (e->until) {
			html_raw(w, "，补正期限至");
			public_date(w, e->until);
		}
		break;
	case CLOCK_SUPPLEMENT_RECEIVED: html_raw(w, "收到补正后的申请，答复期限重新计算"); break;
	case CLOCK_SUPPLEMENT_LAPSED: html_raw(w, "逾期未补正，视为放弃申请"); break;
	case CLOCK_CONSULTATION_STARTED:
		html_raw(w, e->party == CLOCK_CO_MAKER ? "书面征求有关机关意见"
						       : "书面征求第三方意见");
		html_raw(w, "（所需时间不计入答复期限）");
		break;
	case CLOCK_CONSULTATION_ANSWERED: html_raw(w, "收到征求意见的答复"); break;
	case CLOCK_CONSULTATION_LAPSED: html_raw(w, "征求意见期限届满"); break;
	case CLOCK_EXTENSION_APPROVED:
		html_txtf(w, "经负责人同意，答复期限延长 %d 个工作日", e->days);
		break;
	case CLOCK_FEE_NOTICE_SENT: html_raw(w, "发出收费通知"); break;
	case CLOCK_FEE_PAID: html_raw(w, "收到信息处理费"); break;
	case CLOCK_FEE_LAPSED: html_raw(w, "逾期未缴费，视为放弃申请"); break;
	case CLOCK_REPLIED:
		html_raw(w, "作出答复：");
		html_txt(w, decision_label_of(e->decision));
		if (e->letter_no && *e->letter_no) {
			html_raw(w, "（");
			html_txt(w, e->letter_no);
			html_raw(w, "）");
		}
		break;
	case CLOCK_WITHDRAWN: html_raw(w, "申请人撤回申请"); break;
	case CLOCK_EVENT_KINDS: break;
	}
}

static void meta_row(struct buf *w, const char *th)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td>");
}

int query_result_page(struct web_request *req, struct web_response *res,
		      const struct query_hit *hit, const struct query_form_state *fs)
{
	long long id = hit->id;
	const struct request_record *r = &hit->r;
	const struct calendar *cal = public_calendar();
	if (!cal)
		return ZF_ENOMEM;
	const char *code = NULL;
	int rc = store_request_query_code(req->db, id, req->arena, &code);
	if (rc)
		return rc;
	const char **notices = NULL;
	rc = store_request_notices(req->db, req->arena, id, r->nevents, &notices);
	if (rc)
		return rc;
	struct clock_status cs;
	zf_day today = date_today();
	rc = clock_compute(cal, r->events, r->nevents, today, &cs, NULL);
	if (rc)
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, "办理进度", "/query");
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/query\">办理进度查询</a> › <span aria-current=\"page\">查询结果"
		    "</span></nav>\n<h1>申请办理进度</h1>\n");
	if (fs && fs->notice) {
		html_raw(w, "<div class=\"alert ok\" role=\"status\" id=\"query-notice\">");
		html_txt(w, fs->notice);
		html_raw(w, "</div>\n");
	}

	const char *tone = cs.closed ? "done" : cs.overdue ? "late" : "open";
	if (!strcmp(cs.state, "awaiting_supplement") || !strcmp(cs.state, "awaiting_fee"))
		tone = "action";
	html_raw(w, "<section class=\"status-box ");
	html_raw(w, tone);
	html_raw(w, "\" aria-labelledby=\"status-title\">\n<h2 id=\"status-title\">当前状态："
		    "<span class=\"state\">");
	html_txt(w, cs.state_label);
	html_raw(w, "</span></h2>\n");
	state_explanation(w, &cs);
	if (!cs.closed && cs.running && cs.has_due) {
		html_raw(w, "<p class=\"due\">答复期限：<strong>");
		public_date(w, cs.due);
		html_raw(w, "</strong>");
		if (cs.working_days_left >= 0)
			html_txtf(w, "，还有 %d 个工作日", cs.working_days_left);
		else
			html_txtf(w, "，已超过期限 %d 个工作日", -cs.working_days_left);
		if (cs.suspended)
			html_raw(w, "（征求意见或缴费期间不计入，期限可能相应顺延）");
		if (cs.provisional)
			html_raw(w, "（所在年份的节假日安排尚未公布，期限为暂定）");
		html_raw(w, "</p>\n");
		if (cs.overdue)
			html_raw(w, "<p>受理机关逾期未答复的，您可以依法申请行政复议或者提起"
				    "行政诉讼，也可以向上一级行政机关或者政府信息公开工作主管部门"
				    "投诉、举报（条例第五十一条）。</p>\n");
	}
	html_raw(w, "</section>\n");

	html_raw(w, "<h2>申请信息</h2>\n<table class=\"data meta\">\n<tbody>\n");
	meta_row(w, "查询码");
	html_raw(w, "<span class=\"code\">");
	html_txt(w, code);
	html_raw(w, "</span></td></tr>\n");
	meta_row(w, "受理机关");
	html_raw(w, "<a href=\"/agency/");
	html_attrf(w, "%lld", r->agency_id);
	html_raw(w, "\">");
	html_txt(w, r->agency_name);
	html_raw(w, "</a></td></tr>\n");
	meta_row(w, "申请人");
	html_txt(w, r->applicant_name);
	html_raw(w, "</td></tr>\n");
	meta_row(w, "收到申请之日");
	public_date(w, cs.received);
	html_raw(w, "</td></tr>\n");
	meta_row(w, "所需信息");
	html_txt(w, r->description);
	html_raw(w, "</td></tr>\n");
	if (cs.extension) {
		meta_row(w, "延长答复期限");
		html_txtf(w, "%d 个工作日", cs.extension);
		html_raw(w, "</td></tr>\n");
	}
	if (cs.closed) {
		meta_row(w, "办结日期");
		public_date(w, cs.closed_on);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody>\n</table>\n");

	html_raw(w, "<h2>办理过程</h2>\n<ol class=\"timeline public-timeline\">\n");
	for (size_t i = 0; i < r->nevents; i++) {
		const struct clock_event *e = &r->events[i];
		html_raw(w, "<li><span class=\"when\">");
		public_date(w, e->on);
		html_raw(w, "</span> <span class=\"what\">");
		event_text(w, e);
		html_raw(w, "</span>");
		if (notices && notices[i]) {
			html_raw(w, "<div class=\"notice-text\">");
			html_txt(w, notices[i]);
			html_raw(w, "</div>");
		}
		html_raw(w, "</li>\n");
	}
	html_raw(w, "</ol>\n");
	query_applicant_section(req, w, hit, &cs, notices, fs);
	if (cs.closed && !strcmp(cs.state, "replied")) {
		const struct decision *d = decision_by_key(cs.report_row);
		if (d && d->remedy) {
			/* the bodies the agency's letters name (its settings), as in the 答复书 */
			const char *review_body = NULL, *court = NULL;
			struct buf text = BUF_INIT;
			store_agency_remedy_get(req->db, req->arena, r->agency_id, &review_body,
						&court);
			letter_remedy(&text, d->remedy, review_body, court);
			html_raw(w, "<h2>救济途径</h2>\n<p>");
			html_txt(w, text.p && !text.failed ? text.p : d->remedy);
			html_raw(w, "</p>\n");
			buf_free(&text);
		}
	}
	query_letters_section(req, w, id);
	html_raw(w,
		 "<p class=\"no-print\"><a class=\"button secondary\" href=\"/query\">查询其他申请"
		 "</a> <a class=\"button secondary\" href=\"/agency/");
	html_attrf(w, "%lld", r->agency_id);
	html_raw(w, "\">受理机关的联系方式</a></p>\n"
		    "<p class=\"muted no-print\">如需保存本页，请使用浏览器的“打印”功能。"
		    "为保护您的信息，离开前请关闭本页面。</p>\n");
	ui_end(req, res);
	clock_status_free(&cs);
	return 0;
}

int query_lookup(struct web_request *req, struct web_response *res, struct query_hit *hit)
{
	const char *code = web_form(req, "code");
	const char *phone = web_form(req, "phone");
	code = code ? code : "";
	phone = phone ? phone : "";
	time_t now = time(NULL);
	bool over = false;
	int rc = public_throttled(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now, &over);
	if (rc)
		return rc;
	if (over) {
		res->status = 429;
		web_add_header(res, "Retry-After", "900");
		query_page(req, res, code, phone,
			   "查询失败的次数过多，为保护申请人的信息，请 15 分钟后再试。");
		return 1;
	}
	memset(hit, 0, sizeof(*hit));
	rc = store_request_by_code(req->db, code, &hit->id);
	if (!rc)
		rc = store_request_get(req->db, req->arena, hit->id, &hit->r);
	if (!rc) {
		/* names are compared as typed, trimmed */
		struct str t = str_trim(str_c(phone));
		hit->phone = arena_strndup(req->arena, t.p, t.len);
		if (!hit->phone)
			return ZF_ENOMEM;
		if (!query_second_factor_ok(&hit->r, hit->phone))
			rc = ZF_ENOENT;
	}
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		/* a failure that cannot be counted is not answered */
		rc = public_throttle_count(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now);
		if (rc)
			return rc;
		res->status = 404;
		query_page(req, res, code, phone, not_found);
		return 1;
	}
	return rc;
}

int page_query_post(struct web_request *req, struct web_response *res)
{
	struct query_hit hit;
	int rc = query_lookup(req, res, &hit);
	if (rc)
		return rc == 1 ? 0 : rc;
	return query_result_page(req, res, &hit, NULL);
}
