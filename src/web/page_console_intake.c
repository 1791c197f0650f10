/* page_console_intake.c: /console/requests/new: a clerk registers a request that came in
 * person, by post, by ordinary letter or by fax (条例 Arts. 29, 31). The legal receipt date
 * (收到申请之日) depends on the channel, so the form asks for it beside the arrival date. The
 * clerk who registers it becomes its handler; the page that follows shows the query code.
 * What the applicant's form says besides (证件类型, e-mail, 文号, 用途, 载体形式, 获取方式) is
 * kept as for an online application (store_application_add), so the request page shows the
 * same particulars whichever way the request came. */
#include "common.h"
#include "arena.h"
#include "log.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "law/idcheck.h"
#include "store/public.h"
#include "store/requests.h"
#include "ui_shared.h"

static const enum clock_channel channels[] = {CLOCK_IN_PERSON, CLOCK_POST, CLOCK_LETTER, CLOCK_FAX};

struct intake {
	long long agency;
	const char *channel, *type, *name, *id_no, *phone, *address, *description;
	const char *id_type, *email, *doc_no, *purpose, *form, *form_other, *delivery;
	zf_day arrived, received;
};

/* A <select> of keyed choices: key(i)/label(i) for i < n, the chosen one selected. */
static void select_field(struct buf *w, const char *id, const char *name, const char *label, int n,
			 const char *(*key)(int), const char *(*text)(int), const char *chosen)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</label><select id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\">");
	for (int i = 0; i < n; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, key(i));
		html_raw(w, chosen && !strcmp(chosen, key(i)) ? "\" selected>" : "\">");
		html_txt(w, text(i));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
}

static const char *id_key(int i)
{
	return applicant_id_type_key((enum applicant_id_type)i);
}
static const char *id_text(int i)
{
	return applicant_id_type_label((enum applicant_id_type)i);
}
static const char *form_key(int i)
{
	return provision_form_key((enum provision_form)i);
}
static const char *form_text(int i)
{
	return provision_form_label((enum provision_form)i);
}
static const char *route_key(int i)
{
	return provision_delivery_key((enum provision_delivery)i);
}
static const char *route_text(int i)
{
	return provision_delivery_label((enum provision_delivery)i);
}

static void textarea(struct buf *w, const char *id, const char *name, const char *label,
		     const char *value, bool required, const char *hint)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label><textarea id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, required ? "\" maxlength=\"2000\" required>" : "\" maxlength=\"2000\">");
	html_txt(w, value ? value : "");
	html_raw(w, "</textarea>");
	if (hint) {
		html_raw(w, "<span class=\"hint\">");
		html_txt(w, hint);
		html_raw(w, "</span>");
	}
	html_raw(w, "</div>\n");
}

static int render(struct web_request *req, struct web_response *res, const struct intake *in,
		  const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "登记新申请", "/console/requests");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/requests\">依申请公开办理</a> › "
		    "登记新申请</p>\n<h1>登记新申请</h1>\n"
		    "<p class=\"muted\">用于登记当面提交、邮寄、平常信函和传真方式收到的申请。"
		    "互联网渠道的申请由申请人在公众网站提交。申请人书写确有困难的，可以口头提出，"
		    "由工作人员代为填写（条例第二十九条）。</p>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w,
		 "<form method=\"post\" action=\"/console/requests/new\" class=\"form panel\">\n");
	session_csrf_field(req, w);
	html_raw(w,
		 "<fieldset><legend>收到申请</legend>"
		 "<div class=\"field\"><label for=\"i-agency\" class=\"required\">受理机关</label>"
		 "<select id=\"i-agency\" name=\"agency\" required>");
	console_agency_options(w, req, &ag, ROLE_CLERK, in ? in->agency : req->user->agency_id);
	html_raw(w, "</select></div>\n<div class=\"field choices\" role=\"radiogroup\" "
		    "aria-labelledby=\"i-channel-l\"><span id=\"i-channel-l\" class=\"label\">"
		    "提交渠道</span>");
	for (size_t i = 0; i < ARRAY_SIZE(channels); i++) {
		const char *key = clock_channel_key(channels[i]);
		bool checked = in && in->channel ? strcmp(in->channel, key) == 0 : i == 0;
		html_raw(w, "<label><input type=\"radio\" name=\"channel\" value=\"");
		html_attr(w, key);
		html_raw(w, checked ? "\" checked> " : "\"> ");
		html_txt(w, clock_channel_label(channels[i]));
		html_raw(w, "</label>");
	}
	html_raw(w, "<span class=\"hint\">收到申请之日：当面提交的为提交之日；邮寄的为签收之日；"
		    "平常信函的为与申请人确认之日；传真的为双方确认之日（条例第三十一条）。</span>"
		    "</div>\n");
	zf_day today = date_today();
	console_date_field(w, "i-arrived", "arrived", "实际收到日期", in ? in->arrived : today,
			   false);
	console_date_field(w, "i-received", "received", "收到申请之日", in ? in->received : today,
			   true);
	html_raw(w,
		 "</fieldset>\n<fieldset><legend>申请人</legend>"
		 "<div class=\"field\"><label for=\"i-type\" class=\"required\">申请人类型</label>"
		 "<select id=\"i-type\" name=\"type\" required>");
	for (int c = 0; c < REPORT_COL_TOTAL; c++) {
		const struct report_t3_col_def *col = &report_t3_cols[c];
		html_raw(w, "<option value=\"");
		html_attr(w, col->key);
		html_raw(w, in && in->type && strcmp(in->type, col->key) == 0 ? "\" selected>"
									      : "\">");
		if (col->group) {
			html_txt(w, col->group);
			html_raw(w, "：");
		}
		html_txt(w, col->label);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
	console_text_field(w, "i-name", "name", "姓名或者名称", in ? in->name : NULL, true, 100);
	select_field(w, "i-idtype", "id_type", "证件类型", APPLICANT_ID_TYPES, id_key, id_text,
		     in ? in->id_type : NULL);
	console_text_field(w, "i-idno", "id_no", "身份证件号码或者统一社会信用代码",
			   in ? in->id_no : NULL, false, 40);
	console_text_field(w, "i-phone", "phone", "联系电话", in ? in->phone : NULL, false, 40);
	console_text_field(w, "i-address", "address", "通信地址", in ? in->address : NULL, false,
			   200);
	console_text_field(w, "i-email", "email", "电子邮箱", in ? in->email : NULL, false, 254);
	html_raw(w, "</fieldset>\n<fieldset><legend>申请公开的政府信息</legend>");
	textarea(w, "i-description", "description", "申请内容", in ? in->description : NULL, true,
		 "政府信息的名称、文号或者便于查询的其他特征性描述，以及所需的提供形式和获取方式"
		 "（条例第二十九条）。");
	console_text_field(w, "i-docno", "doc_no", "所需信息的文号", in ? in->doc_no : NULL, false,
			   100);
	textarea(w, "i-purpose", "purpose", "用途", in ? in->purpose : NULL, false, NULL);
	select_field(w, "i-form", "form", "所需信息的载体形式", PROVISION_FORMS, form_key,
		     form_text, in ? in->form : NULL);
	console_text_field(w, "i-formother", "form_other", "其他载体形式的说明",
			   in ? in->form_other : NULL, false, 100);
	select_field(w, "i-delivery", "delivery", "获取信息的方式", DELIVERY_ROUTES, route_key,
		     route_text, in ? in->delivery : NULL);
	html_raw(w, "</fieldset>\n<p><button type=\"submit\" class=\"button primary\">登记申请"
		    "</button> <a href=\"/console/requests\">取消</a></p>\n</form>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_intake(struct web_request *req, struct web_response *res)
{
	return render(req, res, NULL, NULL, 200);
}

int page_console_intake_post(struct web_request *req, struct web_response *res)
{
	struct intake in = {
	    .channel = console_form_text(req, "channel"),
	    .type = console_form_text(req, "type"),
	    .name = console_form_text(req, "name"),
	    .id_no = console_form_text(req, "id_no"),
	    .phone = console_form_text(req, "phone"),
	    .address = console_form_text(req, "address"),
	    .description = console_form_text(req, "description"),
	    .id_type = console_form_text(req, "id_type"),
	    .email = console_form_text(req, "email"),
	    .doc_no = console_form_text(req, "doc_no"),
	    .purpose = console_form_text(req, "purpose"),
	    .form = console_form_text(req, "form"),
	    .form_other = console_form_text(req, "form_other"),
	    .delivery = console_form_text(req, "delivery"),
	    .arrived = console_form_day(req, "arrived"),
	    .received = console_form_day(req, "received"),
	};
	if (!console_id(console_form_text(req, "agency"), &in.agency) ||
	    !session_can(req, in.agency, ROLE_CLERK))
		return render(req, res, &in, "请选择受理机关。", 422);
	int ch = clock_channel_by_key(str_c(in.channel));
	bool allowed = false;
	for (size_t i = 0; i < ARRAY_SIZE(channels); i++)
		allowed |= ch == (int)channels[i];
	if (!allowed)
		return render(req, res, &in, "请选择提交渠道。", 422);
	int type = -1;
	for (int c = 0; c < REPORT_COL_TOTAL; c++)
		if (strcmp(in.type, report_t3_cols[c].key) == 0)
			type = c;
	if (type < 0)
		return render(req, res, &in, "请选择申请人类型。", 422);
	if (!in.received)
		return render(req, res, &in, "请填写正确的收到申请之日（年-月-日）。", 422);
	if (*console_form_text(req, "arrived") && !in.arrived)
		return render(req, res, &in, "实际收到日期不是正确的日期。", 422);
	if (in.arrived && in.arrived > in.received)
		return render(req, res, &in, "实际收到日期不能晚于收到申请之日。", 422);
	if (in.received > date_today())
		return render(req, res, &in, "收到申请之日不能晚于今天。", 422);
	/* the particulars of the application form; absent fields take the paper defaults */
	int id_type = *in.id_type ? applicant_id_type_by_key(in.id_type)
				  : (report_t3_cols[type].group ? APPLICANT_ID_CREDIT_CODE
								: APPLICANT_ID_RESIDENT);
	int form = *in.form ? provision_form_by_key(in.form) : PROVISION_PAPER;
	int route = *in.delivery ? provision_delivery_by_key(in.delivery) : DELIVERY_POST;
	if (id_type < 0 || form < 0 || route < 0)
		return render(req, res, &in, "证件类型、载体形式或获取方式不正确。", 422);
	if (route == DELIVERY_EMAIL && !*in.email)
		return render(req, res, &in, "选择以电子邮件获取信息的，请填写电子邮箱。", 422);
	if (*in.email && !idcheck_email(in.email))
		return render(req, res, &in, "电子邮箱格式不正确。", 422);
	if (form == PROVISION_OTHER && !*in.form_other)
		return render(req, res, &in, "选择其他载体形式的，请说明所需的形式。", 422);
	struct application_details details = {
	    .id_type = (enum applicant_id_type)id_type,
	    .email = in.email,
	    .doc_no = in.doc_no,
	    .purpose = in.purpose,
	    .form = (enum provision_form)form,
	    .form_other = form == PROVISION_OTHER ? in.form_other : "",
	    .delivery = (enum provision_delivery)route,
	};
	struct request_new rq = {
	    .agency_id = in.agency,
	    .applicant_type = (enum report_t3_col)type,
	    .applicant_name = in.name,
	    .id_no = in.id_no,
	    .phone = in.phone,
	    .address = in.address,
	    .description = in.description,
	};
	struct clock_event ev = {
	    .kind = CLOCK_RECEIVED,
	    .on = in.received,
	    .channel = (enum clock_channel)ch,
	    .arrived = in.arrived,
	};
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_request_validate(&rq, &err);
	if (!rc)
		rc = store_application_add(req->db, console_actor(req), console_calendar(), &rq,
					   &details, &ev, 1, &id, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ERANGE || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法登记");
		buf_free(&err);
		return render(req, res, &in, msg ? msg : "无法登记", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	/* the clerk who registers it handles it until someone reassigns it */
	if (store_request_assign(req->db, console_actor(req), id, req->user->id, NULL))
		log_warn("request handler not set id=%lld", id); /* set on its page */
	char *to = arena_printf(req->arena, "/console/requests/%lld?done=new", id);
	ui_redirect(req, res, to ? to : "/console/requests");
	return 0;
}
