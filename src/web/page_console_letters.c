/* page_console_letters.c: the letters of a request and their approval (store/letters.h).
 *   POST /console/requests/{id}/letters   a clerk drafts a notice from the request's clock
 *   GET  /console/letters                 the drafts awaiting 签发 and the latest signed
 *   GET  /console/letters/{id}            the letter as it reads, its status and actions
 *   GET  /console/letters/{id}/sign       the confirmation: which number 签发 takes, for good
 *   POST /console/letters/{id}/sign       a reviewer signs: the number is taken
 *   POST /console/letters/{id}/return     a reviewer returns the draft with a reason
 *   POST /console/letters/{id}/delivery   the delivery (送达方式, 送达日期) of an issued letter
 *   GET  /console/letters/{id}/{file}     letter.pdf, letter.docx
 * and the letters panel of the request page. Signing needs the reviewer role (审核人) over
 * the request's agency (administrators hold it too); clerks draft, view, download and record
 * delivery. Another agency's letter is a 404. */
#include "common.h"
#include "arena.h"
#include "law/clock.h"
#include "law/fee.h"
#include "letter.h"
#include "letter_file.h"
#include "page_console.h"
#include "render/html.h"
#include "render/letter_doc.h"
#include "routes.h"
#include "session.h"
#include "store/letters.h"
#include "store/requests.h"
#include "ui_shared.h"

static const char *status_label(const char *status)
{
	return !strcmp(status, "draft")	     ? "待签发"
	       : !strcmp(status, "returned") ? "已退回"
	       : !strcmp(status, "issued")   ? "已签发"
					     : status;
}

/* The event a notice is written about. */
static const enum clock_event_kind notice_event[LETTER_KINDS] = {
    [LETTER_REPLY] = CLOCK_REPLIED,
    [LETTER_SUPPLEMENT] = CLOCK_SUPPLEMENT_REQUESTED,
    [LETTER_EXTENSION] = CLOCK_EXTENSION_APPROVED,
    [LETTER_CONSULTATION] = CLOCK_CONSULTATION_STARTED,
    [LETTER_FEE] = CLOCK_FEE_NOTICE_SENT,
};

/* The index of the last event a notice of kind k is about, or -1 (征求意见: third parties
 * only; a co-maker agency is consulted by an ordinary letter between agencies). */
static int notice_event_index(const struct request_record *r, enum letter_kind k)
{
	for (size_t i = r->nevents; i-- > 0;) {
		const struct clock_event *e = &r->events[i];
		if (e->kind == notice_event[k] &&
		    (k != LETTER_CONSULTATION || e->party == CLOCK_THIRD_PARTY))
			return (int)i;
	}
	return -1;
}

static bool letter_pending(const struct letter *v, size_t n, enum letter_kind k, int seq)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == k && v[i].event_seq == seq && strcmp(v[i].status, "returned"))
			return true;
	return false;
}

/* ---------------------------------------------------------------- the request page's panel */

static void draft_form(struct web_request *req, struct buf *w, long long request_id,
		       enum letter_kind k, const struct clock_event *e)
{
	const char *key = letter_kind_key(k);
	html_raw(w, "<form method=\"post\" class=\"form action\" action=\"");
	html_attrf(w, "/console/requests/%lld/letters", request_id);
	html_raw(w, "\" data-letter=\"");
	html_attr(w, key);
	html_raw(w, "\">\n<h3>起草");
	html_txt(w, letter_kind_title(k));
	html_raw(w, "</h3>\n");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"kind\" value=\"");
	html_attr(w, key);
	html_raw(w, "\"><p class=\"hint\">");
	char day[32];
	html_txtf(w, "按%s“%s”的日期（%s）和办理期限生成，送审核人签发后取得编号。",
		  k == LETTER_CONSULTATION ? "征求意见函" : "事项", clock_event_label(e->kind),
		  letter_date_zh(e->on, day));
	html_raw(w, "</p>");
	static const char *const labels[LETTER_KINDS] = {
	    [LETTER_SUPPLEMENT] = "需要补正的事项（必填，一事一行）",
	    [LETTER_EXTENSION] = "延期的理由（必填）",
	    [LETTER_CONSULTATION] = "需要说明的情况（选填，如涉及的具体内容）",
	    [LETTER_FEE] = "缴纳方式（必填，如缴款账户或缴费地点）",
	};
	bool required = k != LETTER_CONSULTATION;
	html_raw(w, "<div class=\"field\"><label for=\"f-letter-");
	html_attr(w, key);
	html_raw(w, required ? "-detail\" class=\"required\">" : "-detail\">");
	html_txt(w, labels[k]);
	html_raw(w, "</label><textarea id=\"f-letter-");
	html_attr(w, key);
	html_raw(w, required ? "-detail\" name=\"detail\" maxlength=\"4000\" required "
			       "class=\"short\"></textarea></div>\n"
			     : "-detail\" name=\"detail\" maxlength=\"4000\" "
			       "class=\"short\"></textarea></div>\n");
	if (k == LETTER_FEE) {
		html_raw(w, "<div class=\"field\"><label for=\"f-letter-fee-method\">收费标准"
			    "</label><select id=\"f-letter-fee-method\" name=\"fee_method\">");
		for (int m = FEE_PER_REQUEST; m <= FEE_PER_PAGE; m++) {
			html_raw(w, "<option value=\"");
			html_attr(w, fee_method_key((enum fee_method)m));
			html_raw(w, "\">");
			html_txt(w, fee_method_label((enum fee_method)m));
			html_raw(w, "</option>");
		}
		html_raw(w,
			 "</select></div>\n<div class=\"field\"><label for=\"f-letter-fee-count\" "
			 "class=\"required\">件数或页数</label><span class=\"hint\" "
			 "id=\"f-letter-fee-count-hint\">按件计收：本申请是该申请人本月第几件；"
			 "按量计收：本申请的页数</span><input type=\"number\" "
			 "id=\"f-letter-fee-count\" name=\"fee_count\" min=\"1\" required "
			 "aria-describedby=\"f-letter-fee-count-hint\"></div>\n");
	}
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">起草并送审核</button>"
		    "</p>\n</form>\n");
}

void console_letters_panel(struct web_request *req, struct buf *w, long long request_id)
{
	struct request_record r;
	struct letter *v = NULL;
	size_t n = 0;
	if (store_request_get(req->db, req->arena, request_id, &r) ||
	    store_letter_list(req->db, req->arena, request_id, &v, &n))
		return;
	html_raw(w, "<section class=\"panel\" id=\"letters\" aria-labelledby=\"letters-title\">"
		    "<h2 id=\"letters-title\">文书</h2>\n");
	if (!n) {
		html_raw(w, "<p class=\"muted\">尚无文书。</p>\n");
	} else {
		html_raw(w, "<table class=\"data letters\" id=\"letters-table\"><thead><tr>"
			    "<th scope=\"col\">文书</th><th scope=\"col\">编号</th>"
			    "<th scope=\"col\">日期</th><th scope=\"col\">状态</th>"
			    "<th scope=\"col\">送达</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			const struct letter *l = &v[i];
			html_raw(w, "<tr data-letter-id=\"");
			html_attrf(w, "%lld", l->id);
			html_raw(w, "\"><td><a href=\"");
			html_attrf(w, "/console/letters/%lld", l->id);
			html_raw(w, "\">");
			html_txt(w, letter_kind_title(l->kind));
			html_raw(w, "</a></td><td class=\"letter-no\">");
			html_txt(w, *l->letter_no ? l->letter_no : "—");
			html_raw(w, "</td><td>");
			console_day(w, l->on);
			html_raw(w, "</td><td class=\"letter-status\">");
			html_txt(w, status_label(l->status));
			html_raw(w, "</td><td class=\"letter-delivery\">");
			if (*l->delivery_method) {
				html_txt(w, letter_delivery_label_of(l->delivery_method));
				html_raw(w, " ");
				console_day(w, l->delivered_on);
			} else {
				html_raw(w, "—");
			}
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
	}
	for (int k = LETTER_SUPPLEMENT; k < LETTER_KINDS; k++) {
		int i = notice_event_index(&r, (enum letter_kind)k);
		if (i < 0 || letter_pending(v, n, (enum letter_kind)k, i + 1))
			continue;
		draft_form(req, w, request_id, (enum letter_kind)k, &r.events[i]);
	}
	html_raw(w, "</section>\n");
}

/* ---------------------------------------------------------------- drafting a notice */

static int draft_error(struct web_request *req, struct web_response *res, long long id,
		       const char *msg)
{
	res->status = 422;
	ui_console_begin(req, res, "起草文书", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/requests\">依申请公开办理</a> › "
		    "<a href=\"");
	html_attrf(w, "/console/requests/%lld", id);
	html_raw(w, "\">");
	html_txtf(w, "申请第%lld号", id);
	html_raw(w, "</a> › 起草文书</p>\n<h1>起草文书</h1>\n");
	console_alert(w, "error", msg);
	html_raw(w, "<p><a class=\"button secondary\" href=\"");
	html_attrf(w, "/console/requests/%lld#letters", id);
	html_raw(w, "\">返回申请</a></p>\n");
	ui_console_end(req, res);
	return 0;
}

/* The clock as it stood right after event i (its windows, its due date). */
static int clock_after(const struct request_record *r, size_t i, struct clock_status *cs)
{
	return clock_compute(console_calendar(), r->events, i + 1, r->events[i].on, cs, NULL);
}

int page_console_letter_draft(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	struct request_record r;
	int rc = store_request_get(req->db, req->arena, id, &r);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, r.agency_id, ROLE_CLERK)))
		return console_not_found(req, res);
	if (rc)
		return rc;
	enum letter_kind k;
	if (letter_kind_parse(console_form_text(req, "kind"), &k) || k == LETTER_REPLY)
		return draft_error(req, res, id, "请选择文书的种类。");
	int i = notice_event_index(&r, k);
	if (i < 0)
		return draft_error(req, res, id, "请先登记该文书所告知的事项。");
	const struct clock_event *e = &r.events[i];
	struct clock_status cs;
	rc = clock_after(&r, (size_t)i, &cs);
	if (rc)
		return rc;
	const char *detail = console_form_text(req, "detail");
	struct letter_notice_input in = {
	    .kind = k,
	    .description = r.description,
	    .organisation = r.applicant_type != REPORT_COL_NATURAL_PERSON,
	    .received = cs.received,
	    .detail = detail,
	};
	struct fee_result fee = {0};
	bool fee_ok = false;
	struct buf err = BUF_INIT, body = BUF_INIT;
	switch (k) {
	case LETTER_SUPPLEMENT: in.until = e->until; break;
	case LETTER_EXTENSION:
		in.extension_days = e->days;
		in.due = cs.has_due ? cs.due : 0;
		break;
	case LETTER_CONSULTATION:
	case LETTER_FEE:
		for (size_t w = 0; w < cs.nwindows; w++)
			if (cs.windows[w].fee == (k == LETTER_FEE) && cs.windows[w].from == e->on)
				in.until = cs.windows[w].limit;
		if (k == LETTER_FEE) {
			long count = 0;
			const char *m = console_form_text(req, "fee_method");
			enum fee_method method = !strcmp(m, fee_method_key(FEE_PER_PAGE))
						     ? FEE_PER_PAGE
						     : FEE_PER_REQUEST;
			if (str_to_long(str_c(console_form_text(req, "fee_count")), &count) ||
			    fee_compute(method, count, &fee, &err)) {
				if (!err.len)
					buf_setf(&err, "请填写正确的件数或页数");
				rc = ZF_EINVAL;
			} else {
				fee_ok = true;
				in.fee = &fee;
			}
		}
		break;
	default: break;
	}
	if (!rc)
		rc = letter_compose_notice(&in, &body, &err);
	clock_status_free(&cs);
	if (fee_ok)
		fee_result_free(&fee);
	long long lid = 0;
	if (!rc) {
		struct letter_new ln = {
		    .request_id = id,
		    .kind = k,
		    .on = e->on,
		    .event_seq = i + 1,
		    .addressee = k == LETTER_CONSULTATION ? e->who : r.applicant_name,
		    .agency_name = r.agency_name,
		    .detail = detail,
		    .body = buf_cstr(&body),
		};
		rc = store_letter_draft(req->db, console_actor(req), &ln, &lid, &err);
	}
	buf_free(&body);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ERANGE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法起草");
		buf_free(&err);
		return draft_error(req, res, id, msg ? msg : "无法起草");
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/letters/%lld?done=draft", lid);
	ui_redirect(req, res, to ? to : "/console/requests");
	return 0;
}

/* ---------------------------------------------------------------- one letter */

/* Loads the letter of the path; false after answering 404 (*rc = 0) or with an error. */
static bool load(struct web_request *req, struct web_response *res, int role, struct letter *l,
		 int *rc)
{
	long long id;
	*rc = 0;
	if (!console_id(req->path_args[0], &id)) {
		console_not_found(req, res);
		return false;
	}
	*rc = store_letter_get(req->db, req->arena, id, l);
	if (*rc == ZF_ENOENT || (!*rc && !session_can(req, l->agency_id, role))) {
		*rc = 0;
		console_not_found(req, res);
		return false;
	}
	return *rc == 0;
}

static void crumbs(struct buf *w, const struct letter *l, const char *last)
{
	html_raw(w, "<p class=\"breadcrumb no-print\"><a href=\"/console/requests\">依申请公开办理"
		    "</a> › <a href=\"");
	html_attrf(w, "/console/requests/%lld", l->request_id);
	html_raw(w, "\">");
	html_txtf(w, "申请第%lld号", l->request_id);
	html_raw(w, "</a> › ");
	html_txt(w, last);
	html_raw(w, "</p>\n");
}

void console_letter_article(struct buf *w, const struct letter_doc *l, bool top)
{
	html_raw(w, "<article class=\"letter\" aria-labelledby=\"letter-title\">\n"
		    "<header class=\"letter-head\"><p class=\"letter-agency\">");
	html_txt(w, l->agency_name);
	html_raw(w, top ? "</p><h1 id=\"letter-title\">" : "</p><h2 id=\"letter-title\">");
	html_txt(w, l->title);
	html_raw(w, top ? "</h1>" : "</h2>");
	html_raw(w, "<p class=\"letter-no\" id=\"letter-number\">");
	html_txt(w, l->letter_no && *l->letter_no ? l->letter_no : "（签发后编号）");
	html_raw(w, "</p></header>\n<p class=\"letter-to\">");
	html_txt(w, l->addressee);
	html_raw(w, "：</p>\n");
	struct str rest = str_c(l->body);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		if (!line.len)
			continue;
		html_raw(w, "<p class=\"letter-p\">");
		html_txts(w, line);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "<footer class=\"letter-sign\"><p>");
	html_txt(w, l->agency_name);
	html_raw(w, "</p><p>");
	html_txt(w, l->date);
	html_raw(w, "</p><p class=\"letter-seal muted\">（印章）</p></footer>\n</article>\n");
}

/* The letter as it reads (the same layout as the printed 答复书). */
static void article(struct buf *w, const struct letter *l)
{
	char day[32];
	struct letter_doc doc = {
	    .agency_name = l->agency_name,
	    .title = letter_kind_title(l->kind),
	    .letter_no = l->letter_no,
	    .addressee = l->addressee,
	    .body = l->body,
	    .date = letter_date_zh(l->on, day),
	};
	console_letter_article(w, &doc, false);
}

/* One row of a table.data.meta: a label and an escaped value (id may be NULL). */
static void row(struct buf *w, const char *label, const char *id, const char *value)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, label);
	html_raw(w, "</th><td");
	if (id) {
		html_raw(w, " id=\"");
		html_attr(w, id);
		html_raw(w, "\"");
	}
	html_raw(w, ">");
	html_txt(w, value);
	html_raw(w, "</td></tr>");
}

static void meta(struct web_request *req, struct buf *w, const struct letter *l)
{
	html_raw(w, "<table class=\"data meta\" id=\"letter-meta\"><tbody>");
	row(w, "状态", "letter-status", status_label(l->status));
	row(w, "经办人", NULL, l->drafted_by);
	if (*l->decided_by) {
		bool issued = !strcmp(l->status, "issued");
		row(w, issued ? "签发人" : "退回人", issued ? "letter-signer" : NULL,
		    l->decided_by);
	}
	if (*l->note)
		row(w, "退回理由", "letter-note", l->note);
	if (*l->delivery_method) {
		char d[11];
		const char *v = arena_printf(req->arena, "%s，%s（登记人：%s）",
					     letter_delivery_label_of(l->delivery_method),
					     date_format(l->delivered_on, d), l->delivery_by);
		row(w, "送达", "letter-delivery", v ? v : "");
	}
	html_raw(w, "</tbody></table>\n");
}

static void form_open(struct web_request *req, struct buf *w, const struct letter *l,
		      const char *action, const char *name)
{
	html_raw(w, "<form method=\"post\" class=\"form action\" action=\"");
	html_attrf(w, "/console/letters/%lld/%s", l->id, action);
	html_raw(w, "\" data-form=\"");
	html_attr(w, name);
	html_raw(w, "\">\n");
	session_csrf_field(req, w);
}

static void actions(struct web_request *req, struct buf *w, const struct letter *l)
{
	html_raw(w, "<div class=\"no-print letter-actions\">\n<p>");
	html_raw(w, "<a class=\"button secondary\" id=\"download-pdf\" href=\"");
	html_attrf(w, "/console/letters/%lld/letter.pdf", l->id);
	html_raw(w, "\">下载 PDF</a> <a class=\"button secondary\" id=\"download-docx\" href=\"");
	html_attrf(w, "/console/letters/%lld/letter.docx", l->id);
	html_raw(w, "\">下载 Word</a></p>\n");
	bool reviewer = session_can(req, l->agency_id, ROLE_REVIEWER);
	if (!strcmp(l->status, "draft")) {
		if (reviewer) {
			html_raw(w, "<p><a class=\"button primary\" id=\"sign-link\" href=\"");
			html_attrf(w, "/console/letters/%lld/sign", l->id);
			html_raw(w, "\">审核签发</a></p>\n");
			form_open(req, w, l, "return", "return");
			html_raw(w,
				 "<h3>退回修改</h3><div class=\"field\"><label "
				 "for=\"f-return-note\" class=\"required\">退回理由</label>"
				 "<textarea id=\"f-return-note\" name=\"note\" maxlength=\"500\" "
				 "required class=\"short\"></textarea></div><p><button "
				 "type=\"submit\" class=\"button secondary\">退回经办人</button>"
				 "</p></form>\n");
		} else {
			html_raw(w,
				 "<p class=\"muted\">草稿已送审核，待审核人签发后取得编号。</p>\n");
		}
	} else if (!strcmp(l->status, "returned")) {
		html_raw(w,
			 "<p class=\"muted\">草稿已退回。请按退回理由在申请页面重新起草。</p>\n");
	} else if (!*l->delivery_method) {
		form_open(req, w, l, "delivery", "delivery");
		html_raw(w,
			 "<h3>登记送达</h3><div class=\"field\"><label for=\"f-delivery-method\" "
			 "class=\"required\">送达方式</label><select id=\"f-delivery-method\" "
			 "name=\"method\" required><option value=\"\">请选择</option>");
		for (int i = 0; i < LETTER_DELIVERY_METHODS; i++) {
			html_raw(w, "<option value=\"");
			html_attr(w, letter_delivery_key(i));
			html_raw(w, "\">");
			html_txt(w, letter_delivery_label(i));
			html_raw(w, "</option>");
		}
		html_raw(w, "</select></div>\n");
		console_date_field(w, "f-delivery-on", "on", "送达日期", date_today(), true);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">登记送达</button>"
			    "</p></form>\n");
	}
	html_raw(w, "</div>\n");
}

static int view(struct web_request *req, struct web_response *res, const struct letter *l,
		const char *error, int status)
{
	res->status = status;
	const char *title = arena_printf(req->arena, "%s %s", letter_kind_title(l->kind),
					 *l->letter_no ? l->letter_no : "（草稿）");
	ui_console_begin(req, res, title ? title : "文书", "/console/requests");
	struct buf *w = &res->body;
	crumbs(w, l, letter_kind_title(l->kind));
	html_raw(w, "<h1 class=\"no-print\">");
	html_txt(w, letter_kind_title(l->kind));
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	static const struct {
		const char *key, *msg;
	} done[] = {
	    {"draft", "草稿已保存，待审核人签发。"},
	    {"sign", "已签发，编号已取得。"},
	    {"return", "已退回经办人。"},
	    {"delivery", "已登记送达。"},
	};
	const char *d = web_arg(req, "done");
	for (size_t i = 0; !error && d && i < ARRAY_SIZE(done); i++)
		if (!strcmp(d, done[i].key))
			console_alert(w, "ok", done[i].msg);
	meta(req, w, l);
	actions(req, w, l);
	article(w, l);
	ui_console_end(req, res);
	return 0;
}

int page_console_letter_view(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_CLERK, &l, &rc))
		return rc;
	return view(req, res, &l, NULL, 200);
}

static void redirect_done(struct web_request *req, struct web_response *res, long long id,
			  const char *done)
{
	char *to = arena_printf(req->arena, "/console/letters/%lld?done=%s", id, done);
	ui_redirect(req, res, to ? to : "/console/requests");
}

/* The confirmation before the number is taken. */
static int confirm_page(struct web_request *req, struct web_response *res, const struct letter *l,
			const char *error, int status)
{
	int number = 0;
	const char *short_name = "";
	int rc = store_letter_next_number(req->db, l, &number);
	if (!rc)
		rc = store_letter_prefix(req->db, req->arena, l->agency_id, &short_name);
	if (rc)
		return rc;
	char no[160];
	letter_no_format(short_name, l->kind, date_to_ymd(l->on).y, number, no, sizeof(no));
	res->status = status;
	ui_console_begin(req, res, "确认签发", "/console/requests");
	struct buf *w = &res->body;
	crumbs(w, l, "确认签发");
	html_raw(w, "<h1>确认签发</h1>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<section class=\"panel confirm\" aria-labelledby=\"confirm-title\">"
		    "<h2 id=\"confirm-title\">");
	html_txt(w, letter_kind_title(l->kind));
	html_raw(w, "</h2>\n<p>签发后，本文书将取得编号 <strong id=\"next-number\">");
	html_txt(w, no);
	html_raw(w,
		 "</strong>。</p>\n<p class=\"alert info\" role=\"note\">编号一经取得即永久占用："
		 "签发不能撤销，该编号不会再分配给其他文书。");
	if (l->kind == LETTER_REPLY)
		html_raw(w, "签发答复书即作出答复，申请随之办结。");
	html_raw(w, "</p>\n<table class=\"data meta\"><tbody>");
	char day[32];
	row(w, "收文人", NULL, l->addressee);
	row(w, "文书日期", NULL, letter_date_zh(l->on, day));
	row(w, "经办人", NULL, l->drafted_by);
	html_raw(w, "</tbody></table>\n");
	form_open(req, w, l, "sign", "sign");
	html_raw(w, "<input type=\"hidden\" name=\"expected\" value=\"");
	html_attrf(w, "%d", number);
	html_raw(w, "\"><p><button type=\"submit\" class=\"button primary\" id=\"confirm-sign\">"
		    "确认签发并取号</button> <a class=\"button secondary\" href=\"");
	html_attrf(w, "/console/letters/%lld", l->id);
	html_raw(w, "\">返回</a></p></form>\n</section>\n");
	article(w, l);
	ui_console_end(req, res);
	return 0;
}

int page_console_letter_sign_form(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_REVIEWER, &l, &rc))
		return rc;
	if (strcmp(l.status, "draft") != 0)
		return view(req, res, &l, "该文书不是待签发的草稿。", 409);
	return confirm_page(req, res, &l, NULL, 200);
}

int page_console_letter_sign(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_REVIEWER, &l, &rc))
		return rc;
	long expected = 0;
	if (str_to_long(str_c(console_form_text(req, "expected")), &expected) || expected <= 0)
		return confirm_page(req, res, &l, "请在确认页面核对编号后签发。", 422);
	struct buf err = BUF_INIT;
	rc = store_letter_issue(req->db, console_actor(req), console_calendar(), l.id,
				(int)expected, &err);
	if (rc == ZF_ESTATE || rc == ZF_EINVAL || rc == ZF_ERANGE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法签发");
		buf_free(&err);
		if (strcmp(l.status, "draft") != 0)
			return view(req, res, &l, msg ? msg : "无法签发", 409);
		return confirm_page(req, res, &l, msg ? msg : "无法签发", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, l.id, "sign");
	return 0;
}

int page_console_letter_return(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_REVIEWER, &l, &rc))
		return rc;
	struct buf err = BUF_INIT;
	rc = store_letter_return(req->db, console_actor(req), l.id, console_form_text(req, "note"),
				 &err);
	if (rc == ZF_ESTATE || rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法退回");
		buf_free(&err);
		return view(req, res, &l, msg ? msg : "无法退回", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, l.id, "return");
	return 0;
}

int page_console_letter_deliver(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_CLERK, &l, &rc))
		return rc;
	struct buf err = BUF_INIT;
	rc = store_letter_deliver(req->db, console_actor(req), l.id,
				  console_form_text(req, "method"), console_form_day(req, "on"), 0,
				  &err);
	if (rc == ZF_ESTATE || rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法登记");
		buf_free(&err);
		return view(req, res, &l, msg ? msg : "无法登记", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, l.id, "delivery");
	return 0;
}

int page_console_letter_file(struct web_request *req, struct web_response *res)
{
	struct letter l;
	int rc;
	if (!load(req, res, ROLE_CLERK, &l, &rc))
		return rc;
	const char *file = req->path_args[1];
	bool pdf = file && !strcmp(file, "letter.pdf");
	if (!pdf && !(file && !strcmp(file, "letter.docx")))
		return console_not_found(req, res);
	return letter_file_send(req, res, &l, pdf);
}

/* ---------------------------------------------------------------- the inbox */

static void letter_table(struct web_request *req, struct buf *w, const char *id,
			 const struct letter *v, size_t n)
{
	html_raw(w, "<table class=\"data letters\" id=\"");
	html_attr(w, id);
	html_raw(w, "\"><thead><tr><th scope=\"col\">文书</th><th scope=\"col\">申请</th>"
		    "<th scope=\"col\">收文人</th><th scope=\"col\">编号</th>"
		    "<th scope=\"col\">日期</th><th scope=\"col\">经办人</th>"
		    "<th scope=\"col\">签发人</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct letter *l = &v[i];
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/letters/%lld", l->id);
		html_raw(w, "\">");
		html_txt(w, letter_kind_title(l->kind));
		html_raw(w, "</a></td><td><a href=\"");
		html_attrf(w, "/console/requests/%lld", l->request_id);
		html_raw(w, "\">");
		html_txtf(w, "第%lld号", l->request_id);
		html_raw(w, "</a></td><td>");
		html_txt(w, l->addressee);
		html_raw(w, "</td><td>");
		html_txt(w, *l->letter_no ? l->letter_no : "—");
		html_raw(w, "</td><td>");
		console_day(w, l->on);
		html_raw(w, "</td><td>");
		html_txt(w, l->drafted_by);
		html_raw(w, "</td><td>");
		html_txt(w, *l->decided_by ? l->decided_by : "—");
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	ZF_UNUSED(req);
}

int page_console_letters(struct web_request *req, struct web_response *res)
{
	size_t na = 0;
	long long *agencies = session_agencies(req, ROLE_CLERK, &na);
	struct letter *drafts = NULL, *issued = NULL;
	size_t nd = 0, ni = 0;
	int rc = store_letter_queue(req->db, req->arena, agencies, na, "draft", 200, &drafts, &nd);
	if (!rc)
		rc = store_letter_queue(req->db, req->arena, agencies, na, "issued", 20, &issued,
					&ni);
	if (rc)
		return rc;
	ui_console_begin(req, res, "文书签发", "/console/letters");
	struct buf *w = &res->body;
	html_raw(w, "<h1>文书签发</h1>\n<section class=\"panel\" aria-labelledby=\"drafts-title\">"
		    "<h2 id=\"drafts-title\">待签发</h2>\n");
	if (nd) {
		html_raw(w, "<p class=\"hint\">经办人起草的文书，由审核人核对后签发并取得编号，"
			    "或退回修改。</p>\n");
		letter_table(req, w, "drafts", drafts, nd);
	} else {
		html_raw(w, "<p class=\"muted\" id=\"drafts-none\">没有待签发的文书。</p>\n");
	}
	html_raw(w, "</section>\n<section class=\"panel\" aria-labelledby=\"issued-title\">"
		    "<h2 id=\"issued-title\">最近签发</h2>\n");
	if (ni)
		letter_table(req, w, "issued", issued, ni);
	else
		html_raw(w, "<p class=\"muted\">尚无已签发的文书。</p>\n");
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}
