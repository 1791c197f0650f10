/* page_apply.c: /apply, the application for government information (条例 Art. 29), and
 * /apply/receipt, its 回执 with the query code.
 * The form works without JavaScript: the server checks it and, on a mistake, shows it again
 * with the values kept, a summary of the mistakes at the top linking to each field, and the
 * message beside the field (aria-invalid, aria-describedby). A stored application answers
 * 303 to the receipt; the receipt is found by a signed cookie (zf_receipt: request id, expiry,
 * HMAC bound to the visitor's CSRF token), so the query code never appears in a URL, in the
 * access log or in the browser's history. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "law/clock.h"
#include "log.h"
#include "page_public.h"
#include "receipt.h"
#include "render/html.h"
#include "session.h"
#include "store/auth.h"
#include "store/requests.h"
#include "ui_shared.h"

#include <sodium.h>
#include <time.h>

#define APPLY_ACTOR "public" /* audit actor of online applications */

static const struct receipt_kind apply_receipt = {"zf_receipt", "/apply/receipt", "receipt"};

/* ---------------------------------------------------------------- the form */

struct form_ctx {
	struct buf *w;
	const struct apply_input *in;
	const char *const *errors; /* NULL on a fresh form */
};

static const char *err_of(const struct form_ctx *c, enum apply_field f)
{
	return c->errors ? c->errors[f] : NULL;
}

static void id_attr(struct buf *w, enum apply_field f, const char *suffix)
{
	html_raw(w, "f-");
	html_attr(w, apply_field_name(f));
	if (suffix)
		html_attr(w, suffix);
}

/* aria-describedby of a control: its hint and its error, when present. */
static void described_by(const struct form_ctx *c, enum apply_field f, bool hint)
{
	const char *e = err_of(c, f);
	if (!hint && !e)
		return;
	html_raw(c->w, " aria-describedby=\"");
	if (hint)
		id_attr(c->w, f, "-hint");
	if (hint && e)
		html_raw(c->w, " ");
	if (e)
		id_attr(c->w, f, "-error");
	html_raw(c->w, "\"");
	if (e)
		html_raw(c->w, " aria-invalid=\"true\"");
}

static void hint_and_error(const struct form_ctx *c, enum apply_field f, const char *hint)
{
	if (hint) {
		html_raw(c->w, "<span class=\"hint\" id=\"");
		id_attr(c->w, f, "-hint");
		html_raw(c->w, "\">");
		html_txt(c->w, hint);
		html_raw(c->w, "</span>");
	}
	const char *e = err_of(c, f);
	if (e) {
		html_raw(c->w, "<span class=\"field-error\" id=\"");
		id_attr(c->w, f, "-error");
		html_raw(c->w, "\"><span class=\"sr-only\">错误：</span>");
		html_txt(c->w, e);
		html_raw(c->w, "</span>");
	}
}

static void field_open(const struct form_ctx *c, enum apply_field f)
{
	html_raw(c->w, err_of(c, f) ? "<div class=\"field invalid\">" : "<div class=\"field\">");
}

static void label(const struct form_ctx *c, enum apply_field f, const char *text, bool required)
{
	html_raw(c->w, "<label for=\"");
	id_attr(c->w, f, NULL);
	html_raw(c->w, required ? "\" class=\"required\">" : "\">");
	html_txt(c->w, text);
	if (!required)
		html_raw(c->w, "<span class=\"optional\">（选填）</span>");
	html_raw(c->w, "</label>");
}

/* <input> with its label, hint and error. attrs: literal extra attributes. */
static void input_field(const struct form_ctx *c, enum apply_field f, const char *type,
			const char *text, const char *hint, bool required, const char *attrs)
{
	field_open(c, f);
	label(c, f, text, required);
	hint_and_error(c, f, hint);
	html_raw(c->w, "<input type=\"");
	html_raw(c->w, type);
	html_raw(c->w, "\" id=\"");
	id_attr(c->w, f, NULL);
	html_raw(c->w, "\" name=\"");
	html_attr(c->w, apply_field_name(f));
	html_raw(c->w, "\" value=\"");
	html_attr(c->w, c->in->v[f]);
	html_raw(c->w, "\"");
	if (required)
		html_raw(c->w, " required aria-required=\"true\"");
	if (attrs) {
		html_raw(c->w, " ");
		html_raw(c->w, attrs);
	}
	described_by(c, f, hint != NULL);
	html_raw(c->w, "></div>\n");
}

static void textarea_field(const struct form_ctx *c, enum apply_field f, const char *text,
			   const char *hint, bool required, const char *attrs)
{
	field_open(c, f);
	label(c, f, text, required);
	hint_and_error(c, f, hint);
	html_raw(c->w, "<textarea id=\"");
	id_attr(c->w, f, NULL);
	html_raw(c->w, "\" name=\"");
	html_attr(c->w, apply_field_name(f));
	html_raw(c->w, "\"");
	if (required)
		html_raw(c->w, " required aria-required=\"true\"");
	if (attrs) {
		html_raw(c->w, " ");
		html_raw(c->w, attrs);
	}
	described_by(c, f, hint != NULL);
	html_raw(c->w, ">");
	html_txt(c->w, c->in->v[f]);
	html_raw(c->w, "</textarea></div>\n");
}

struct choice {
	const char *value, *label;
};

/* A group of radio buttons in a fieldset; the summary links to the first one. */
static void radio_field(const struct form_ctx *c, enum apply_field f, const char *legend,
			const char *hint, const struct choice *ch, size_t n)
{
	html_raw(c->w, err_of(c, f) ? "<fieldset class=\"field choices-field invalid\""
				    : "<fieldset class=\"field choices-field\"");
	if (hint || err_of(c, f)) {
		html_raw(c->w, " aria-describedby=\"");
		if (hint)
			id_attr(c->w, f, "-hint");
		if (hint && err_of(c, f))
			html_raw(c->w, " ");
		if (err_of(c, f))
			id_attr(c->w, f, "-error");
		html_raw(c->w, "\"");
	}
	html_raw(c->w, "><legend class=\"required\">");
	html_txt(c->w, legend);
	html_raw(c->w, "</legend>");
	hint_and_error(c, f, hint);
	html_raw(c->w, "<div class=\"choices\">");
	for (size_t i = 0; i < n; i++) {
		html_raw(c->w, "<label><input type=\"radio\" name=\"");
		html_attr(c->w, apply_field_name(f));
		html_raw(c->w, "\" value=\"");
		html_attr(c->w, ch[i].value);
		html_raw(c->w, "\" id=\"");
		id_attr(c->w, f, NULL);
		if (i) {
			html_raw(c->w, "-");
			html_attr(c->w, ch[i].value);
		}
		html_raw(c->w, "\"");
		if (!strcmp(c->in->v[f], ch[i].value))
			html_raw(c->w, " checked");
		if (err_of(c, f))
			html_raw(c->w, " aria-invalid=\"true\"");
		html_raw(c->w, "> ");
		html_txt(c->w, ch[i].label);
		html_raw(c->w, "</label>");
	}
	html_raw(c->w, "</div></fieldset>\n");
}

static void option(struct buf *w, const char *value, const char *text, const char *current)
{
	html_raw(w, "<option value=\"");
	html_attr(w, value);
	html_raw(w, strcmp(value, current) == 0 ? "\" selected>" : "\">");
	html_txt(w, text);
	html_raw(w, "</option>");
}

static void select_open(const struct form_ctx *c, enum apply_field f, const char *text,
			const char *hint, bool required)
{
	field_open(c, f);
	label(c, f, text, required);
	hint_and_error(c, f, hint);
	html_raw(c->w, "<select id=\"");
	id_attr(c->w, f, NULL);
	html_raw(c->w, "\" name=\"");
	html_attr(c->w, apply_field_name(f));
	html_raw(c->w, "\"");
	if (required)
		html_raw(c->w, " required aria-required=\"true\"");
	described_by(c, f, hint != NULL);
	html_raw(c->w, ">");
}

static const struct choice kinds[] = {
    {"person", "自然人（公民个人）"},
    {"org", "法人或者其他组织"},
};

static const struct choice org_choices[] = {
    {"commercial", "商业企业"},	       {"research", "科研机构"}, {"social_welfare", "社会公益组织"},
    {"legal_service", "法律服务机构"}, {"other", "其他组织"},
};

static const struct choice form_choices[] = {
    {"paper", "纸质文本"},
    {"electronic", "电子文档"},
    {"other", "其他形式"},
};

static const struct choice delivery_choices[] = {
    {"post", "邮寄"},
    {"email", "电子邮件"},
    {"pickup", "自行领取（到受理机关领取或当场阅读）"},
};

/* The error summary: a heading, then one link per faulty field, in the form's order. */
static void error_summary(struct buf *w, const char *const *errors, size_t nbad)
{
	html_raw(w, "<div class=\"alert error error-summary\" role=\"alert\" "
		    "aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus>"
		    "<h2 id=\"error-summary-title\">");
	html_txtf(w, "申请表有 %zu 处需要修改，请按下列提示修改后重新提交", nbad);
	html_raw(w, "</h2><ul>");
	for (int f = 0; f < AF_FIELDS; f++) {
		if (!errors[f])
			continue;
		html_raw(w, "<li><a href=\"#");
		id_attr(w, (enum apply_field)f, NULL);
		html_raw(w, "\">");
		html_txt(w, apply_field_label((enum apply_field)f));
		html_raw(w, "：");
		html_txt(w, errors[f]);
		html_raw(w, "</a></li>");
	}
	html_raw(w, "</ul></div>\n");
}

static void agency_options(struct buf *w, const struct agency *ag, size_t n, const char *current)
{
	option(w, "", "请选择受理机关", current);
	for (size_t i = 0; i < n; i++) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", ag[i].id);
		struct buf text = BUF_INIT;
		for (int d = 0; d < ag[i].depth && d < 6; d++)
			buf_adds(&text, "　");
		buf_adds(&text, ag[i].name);
		option(w, id, buf_cstr(&text), current);
		buf_free(&text);
	}
}

/* Writes the whole page with the form; errors NULL for a fresh one. */
static void apply_page(struct web_request *req, struct web_response *res,
		       const struct apply_input *in, const char *const *errors, size_t nbad,
		       const struct agency *ag, size_t nag)
{
	struct buf *w = &res->body;
	struct form_ctx c = {w, in, errors};
	const char *title =
	    nbad ? arena_printf(req->arena, "申请公开（有 %zu 处需要修改）", nbad) : "申请公开";
	ui_begin(req, res, title ? title : "申请公开", "/apply");
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<span aria-current=\"page\">申请公开</span></nav>\n"
		    "<h1>政府信息公开申请</h1>\n");
	if (nbad)
		error_summary(w, errors, nbad);
	html_raw(w,
		 "<div class=\"panel intro\">"
		 "<p>依据《中华人民共和国政府信息公开条例》第二十七条至第二十九条，公民、法人或者"
		 "其他组织可以向行政机关申请获取相关政府信息。请如实填写下表，标有"
		 "<span class=\"required-mark\" aria-hidden=\"true\">*</span>的为必填项。</p>"
		 "<p>提交后您将得到一个<strong>查询码</strong>，凭查询码和联系电话可以随时查询办理"
		 "进度。受理机关一般在收到申请之日起 20 个工作日内答复。</p>"
		 "<p class=\"muted\">书面申请确有困难的，可以到受理机关当面口头提出，由工作人员代为"
		 "填写（条例第二十九条第一款）。您填写的个人信息仅用于办理本申请。</p></div>\n");

	html_raw(w,
		 "<form class=\"form apply-form\" method=\"post\" action=\"/apply\" novalidate>\n");
	session_csrf_field(req, w);

	html_raw(w, "<fieldset class=\"section\"><legend>一、申请人信息</legend>\n");
	radio_field(&c, AF_KIND, "申请人类型", NULL, kinds, ARRAY_SIZE(kinds));
	select_open(&c, AF_ORG_TYPE, "组织类型", "法人或者其他组织申请时填写，用于年度报告统计",
		    false);
	option(w, "", "请选择（自然人不填）", in->v[AF_ORG_TYPE]);
	for (size_t i = 0; i < ARRAY_SIZE(org_choices); i++)
		option(w, org_choices[i].value, org_choices[i].label, in->v[AF_ORG_TYPE]);
	html_raw(w, "</select></div>\n");
	input_field(&c, AF_NAME, "text", "姓名或名称",
		    "自然人填写姓名；法人或者其他组织填写全称，与证照一致", true,
		    "autocomplete=\"name\" maxlength=\"100\"");
	input_field(&c, AF_CONTACT, "text", "联系人", "法人或者其他组织申请时填写", false,
		    "maxlength=\"50\"");
	select_open(&c, AF_ID_TYPE, "身份证明：证件类型", NULL, true);
	option(w, "", "请选择证件类型", in->v[AF_ID_TYPE]);
	html_raw(w, "<optgroup label=\"自然人\">");
	for (int t = APPLICANT_ID_RESIDENT; t <= APPLICANT_ID_OTHER_PERSON; t++)
		option(w, applicant_id_type_key((enum applicant_id_type)t),
		       applicant_id_type_label((enum applicant_id_type)t), in->v[AF_ID_TYPE]);
	html_raw(w, "</optgroup><optgroup label=\"法人或者其他组织\">");
	for (int t = APPLICANT_ID_CREDIT_CODE; t < APPLICANT_ID_TYPES; t++)
		option(w, applicant_id_type_key((enum applicant_id_type)t),
		       applicant_id_type_label((enum applicant_id_type)t), in->v[AF_ID_TYPE]);
	html_raw(w, "</optgroup></select></div>\n");
	input_field(&c, AF_ID_NO, "text", "证件号码",
		    "居民身份证为 18 位，最后一位可能是字母 X；统一社会信用代码为 18 位", true,
		    "autocomplete=\"off\" spellcheck=\"false\" maxlength=\"40\"");
	input_field(&c, AF_PHONE, "tel", "联系电话",
		    "手机号码，或带区号的固定电话（如 010-12345678）；查询进度时需要填写", true,
		    "autocomplete=\"tel\" inputmode=\"tel\" maxlength=\"30\"");
	input_field(&c, AF_EMAIL, "email", "电子邮箱", "选择通过电子邮件获取信息的必须填写", false,
		    "autocomplete=\"email\" spellcheck=\"false\" maxlength=\"254\"");
	input_field(&c, AF_ADDRESS, "text", "通信地址", "选择邮寄的必须填写", false,
		    "autocomplete=\"street-address\" maxlength=\"200\"");
	input_field(&c, AF_POSTCODE, "text", "邮政编码", "6 位数字；选择邮寄的必须填写", false,
		    "autocomplete=\"postal-code\" inputmode=\"numeric\" maxlength=\"6\"");
	html_raw(w, "</fieldset>\n");

	html_raw(w, "<fieldset class=\"section\"><legend>二、所需政府信息</legend>\n");
	select_open(&c, AF_AGENCY, "受理机关", "向制作或者保存该信息的行政机关提出申请", true);
	agency_options(w, ag, nag, in->v[AF_AGENCY]);
	html_raw(w, "</select></div>\n");
	textarea_field(&c, AF_DESCRIPTION, "所需信息的内容描述",
		       "请写明信息的名称、涉及的事项、时间范围等，便于准确查找；"
		       "已知文号的也可以只填写下一项",
		       true, "rows=\"6\" maxlength=\"1800\"");
	input_field(&c, AF_DOC_NO, "text", "文件名称或文号", "如：示政发〔2025〕12号", false,
		    "maxlength=\"100\"");
	textarea_field(&c, AF_PURPOSE, "用途", "不填写不影响受理", false,
		       "rows=\"2\" maxlength=\"500\"");
	html_raw(w, "</fieldset>\n");

	html_raw(w, "<fieldset class=\"section\"><legend>三、获取信息的方式</legend>\n");
	radio_field(&c, AF_FORM, "载体形式", NULL, form_choices, ARRAY_SIZE(form_choices));
	input_field(&c, AF_FORM_OTHER, "text", "其他形式说明", "选择“其他形式”时填写", false,
		    "maxlength=\"50\"");
	radio_field(&c, AF_DELIVERY, "获取途径", NULL, delivery_choices,
		    ARRAY_SIZE(delivery_choices));
	html_raw(w, "</fieldset>\n");

	html_raw(w, err_of(&c, AF_CONFIRM) ? "<div class=\"field confirm invalid\">"
					   : "<div class=\"field confirm\">");
	hint_and_error(&c, AF_CONFIRM, NULL);
	html_raw(w, "<label class=\"check\"><input type=\"checkbox\" id=\"f-confirm\" "
		    "name=\"confirm\" value=\"1\" required aria-required=\"true\"");
	if (!strcmp(in->v[AF_CONFIRM], "1"))
		html_raw(w, " checked");
	if (err_of(&c, AF_CONFIRM))
		html_raw(w, " aria-invalid=\"true\" aria-describedby=\"f-confirm-error\"");
	html_raw(w, "> 本人（本单位）确认以上信息真实、准确，并知悉提供虚假信息应承担的法律责任。"
		    "</label></div>\n"
		    "<p><button type=\"submit\" class=\"button primary\">提交申请</button></p>\n"
		    "</form>\n");
	ui_end(req, res);
}

/* The agencies that take applications: closed ones (撤销) are left out. */
static int load_agencies(struct web_request *req, struct agency **ag, size_t *n)
{
	int rc = store_agency_list(req->db, req->arena, ag, n);
	size_t k = 0;
	for (size_t i = 0; !rc && i < *n; i++)
		if (!(*ag)[i].closed)
			(*ag)[k++] = (*ag)[i];
	if (!rc)
		*n = k;
	return rc;
}

int page_apply(struct web_request *req, struct web_response *res)
{
	struct agency *ag;
	size_t n;
	int rc = load_agencies(req, &ag, &n);
	if (rc)
		return rc;
	struct apply_input in;
	for (int f = 0; f < AF_FIELDS; f++)
		in.v[f] = "";
	in.v[AF_KIND] = "person";
	in.v[AF_ID_TYPE] = "resident_id";
	const char *agency = web_arg(req, "agency");
	if (agency && strlen(agency) < 20)
		in.v[AF_AGENCY] = agency;
	apply_page(req, res, &in, NULL, 0, ag, n);
	return 0;
}

int page_apply_post(struct web_request *req, struct web_response *res)
{
	time_t now = time(NULL);
	bool over = false;
	int rc = public_throttled(req->db, THROTTLE_APPLY, req->client_ip, now, &over);
	if (rc)
		return rc;
	if (over) {
		ui_error_page(req, res, 429, "提交过于频繁",
			      "同一网络地址在一小时内提交的申请过多，请稍后再试。"
			      "如需提交大量申请，请与受理机关联系。");
		web_add_header(res, "Retry-After", "3600");
		return 0;
	}
	unsigned char key[RECEIPT_KEY_BYTES];
	if ((rc = receipt_key(req->db, key)))
		return rc;
	struct agency *ag;
	size_t n;
	rc = load_agencies(req, &ag, &n);
	if (rc)
		return rc;
	struct apply_input in;
	apply_input_read(req, &in);
	const char *errors[AF_FIELDS];
	struct apply_checked app;
	zf_day today = date_today();
	size_t nbad = apply_check(&in, today, ag, n, req->arena, errors, &app);
	if (nbad == AF_FIELDS && !errors[0])
		return ZF_ENOMEM;
	if (nbad) {
		res->status = 422;
		apply_page(req, res, &in, errors, nbad, ag, n);
		return 0;
	}
	const struct calendar *cal = public_calendar();
	if (!cal)
		return ZF_ENOMEM;
	/* 条例 Art. 31(3): an online application is received on the day both sides confirm;
	 * the platform confirms at once, with the receipt. */
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .on = today, .channel = CLOCK_ONLINE};
	struct buf err = BUF_INIT;
	long long id = 0;
	rc = store_application_add(req->db, APPLY_ACTOR, cal, &app.rq, &app.details, &ev, 1, &id,
				   &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		/* the checks above mirror the store's; a refusal here is a gap between them */
		log_warn("application refused error=\"%s\"", zf_strerror(rc));
		for (int f = 0; f < AF_FIELDS; f++)
			errors[f] = NULL;
		errors[AF_DESCRIPTION] = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		res->status = 422;
		apply_page(req, res, &in, errors, 1, ag, n);
		return 0;
	}
	buf_free(&err);
	if (rc)
		return rc;
	/* the application is stored: a counter that cannot be written must not hide that */
	rc = public_throttle_count(req->db, THROTTLE_APPLY, req->client_ip, now);
	if (rc)
		log_warn("application throttle not counted error=\"%s\"", zf_strerror(rc));
	log_info("application received request=%lld agency=%lld", id, app.rq.agency_id);
	ui_redirect(req, res, "/apply/receipt");
	return receipt_cookie_set(req, res, &apply_receipt, id, key);
}

/* ---------------------------------------------------------------- the receipt */

static void meta_row(struct buf *w, const char *th)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td>");
}

/* The code in groups of four, for reading aloud and copying: "ABCD EFGH JKMN". */
static void code_groups(struct buf *w, const char *code)
{
	size_t n = strlen(code);
	for (size_t i = 0; i < n; i += 4) {
		if (i)
			html_raw(w, " ");
		html_txtn(w, code + i, n - i < 4 ? n - i : 4);
	}
}

int page_apply_receipt(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	int rc = receipt_cookie_get(req, &apply_receipt, &id);
	struct request_record r;
	if (!rc)
		rc = store_request_get(req->db, req->arena, id, &r);
	if (rc == ZF_ENOENT) {
		res->status = 404;
		ui_begin(req, res, "回执已失效", "/apply");
		html_raw(&res->body,
			 "<section class=\"panel\"><h1>回执已失效</h1>"
			 "<p>申请回执只在提交后的两小时内、在提交申请的浏览器中显示。"
			 "如果您已经提交申请并记下了查询码，请凭查询码和联系电话查询办理进度。</p>"
			 "<p><a class=\"button primary\" href=\"/query\">查询办理进度</a> "
			 "<a class=\"button secondary\" href=\"/apply\">填写新的申请</a></p>"
			 "</section>\n");
		ui_end(req, res);
		return 0;
	}
	if (rc)
		return rc;
	const char *code = NULL;
	rc = store_request_query_code(req->db, id, req->arena, &code);
	if (rc)
		return rc;
	struct application_details d;
	int drc = store_application_get(req->db, req->arena, id, &d);
	if (drc && drc != ZF_ENOENT)
		return drc;
	const struct calendar *cal = public_calendar();
	if (!cal)
		return ZF_ENOMEM;
	struct clock_status cs;
	rc = clock_compute(cal, r.events, r.nevents, date_today(), &cs, NULL);
	if (rc)
		return rc;

	struct buf *w = &res->body;
	ui_begin(req, res, "申请回执", "/apply");
	html_raw(w, "<div class=\"alert ok no-print\" role=\"status\"><strong>申请已提交成功。"
		    "</strong>请记下下面的查询码，或者打印、保存本回执。凭查询码和联系电话可以随时"
		    "查询办理进度。</div>\n"
		    "<section class=\"receipt panel\" aria-labelledby=\"receipt-title\">\n"
		    "<h1 id=\"receipt-title\">政府信息公开申请回执</h1>\n"
		    "<p class=\"code-box\"><span class=\"code-label\">查询码</span>"
		    "<span class=\"code\" id=\"query-code\" data-code=\"");
	html_attr(w, code);
	html_raw(w, "\">");
	code_groups(w, code);
	html_raw(w, "</span></p>\n<table class=\"data meta\">\n<tbody>\n");
	meta_row(w, "受理机关");
	html_txt(w, r.agency_name);
	html_raw(w, "</td></tr>\n");
	meta_row(w, "收到申请之日");
	public_date(w, cs.received);
	html_raw(w, "<br><span class=\"muted\">通过互联网提交，本回执即为收到申请的确认"
		    "（条例第三十一条第三项）</span></td></tr>\n");
	meta_row(w, "答复期限");
	if (cs.has_due) {
		html_raw(w, "<strong>");
		public_date(w, cs.due);
		html_raw(w, "</strong>之前（收到申请之日起 20 个工作日");
		if (cs.provisional)
			html_raw(w, "；该日期所在年份的节假日安排尚未公布，期限为暂定");
		html_raw(w, "）");
	}
	html_raw(w, "</td></tr>\n");
	meta_row(w, "申请人");
	html_txt(w, r.applicant_name);
	html_raw(w, "（");
	html_txt(w, r.applicant_type == REPORT_COL_NATURAL_PERSON ? "自然人" : "法人或者其他组织");
	html_raw(w, "）</td></tr>\n");
	meta_row(w, "联系电话");
	html_txt(w, public_mask(req->arena, r.phone, 3, 4));
	html_raw(w, "</td></tr>\n");
	meta_row(w, "所需信息");
	html_txt(w, r.description);
	html_raw(w, "</td></tr>\n");
	if (!drc) {
		meta_row(w, "获取方式");
		html_txt(w, provision_form_label(d.form));
		if (d.form == PROVISION_OTHER && *d.form_other) {
			html_raw(w, "（");
			html_txt(w, d.form_other);
			html_raw(w, "）");
		}
		html_raw(w, "，");
		html_txt(w, provision_delivery_label(d.delivery));
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody>\n</table>\n");
	html_raw(
	    w, "<h2>接下来会怎样</h2>\n<ol class=\"steps\">\n"
	       "<li>受理机关登记并审查您的申请。申请内容不明确的，将在收到申请之日起 7 个工作日内"
	       "一次性告知您需要补正的事项和补正期限；答复期限自收到补正后的申请之日起重新计算"
	       "（条例第三十条）。</li>\n"
	       "<li>受理机关在收到申请之日起 20 个工作日内答复；需要延长的，经政府信息公开工作机构"
	       "负责人同意并告知您，延长的期限最长不超过 20 个工作日（条例第三十三条）。"
	       "征求第三方或者其他机关意见的时间不计算在内。</li>\n"
	       "<li>答复将按照您选择的途径送达。您可以随时凭查询码和联系电话在“办理进度”页面"
	       "查看办理情况。</li>\n</ol>\n"
	       "<p class=\"muted\">请妥善保管查询码，不要告诉他人。打印或保存本回执：请使用浏览器的"
	       "“打印”功能（快捷键 Ctrl+P）。</p>\n"
	       "</section>\n"
	       "<p class=\"no-print\"><a class=\"button primary\" href=\"/query\">查询办理进度</a> "
	       "<a class=\"button secondary\" href=\"/\">返回首页</a></p>\n");
	ui_end(req, res);
	clock_status_free(&cs);
	return 0;
}
