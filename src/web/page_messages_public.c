/* page_messages_public.c: 互动交流 for the public: /hdjl (the landing page), /hdjl/messages
 * (the published replies, searchable by words, agency, kind and year, in numbered pages),
 * /hdjl/messages/{id} (one reply with 受理日期, 答复日期, 答复单位; the writer's name and any
 * personal data in the text masked), /hdjl/write (the form: CSRF, throttled per address;
 * a stored message answers 303 to /hdjl/receipt, found by a signed cookie, so the query
 * code is never in a URL and a reload does not write twice), /hdjl/query (the writer looks up the
 * message by its code and rates the reply). Everything works without JavaScript. */
#include "common.h"
#include "arena.h"
#include "law/pii.h"
#include "log.h"
#include "page_docs.h"
#include "page_messages.h"
#include "receipt.h"
#include "page_public.h"
#include "render/html.h"
#include "session.h"
#include "store/auth.h"
#include "store/db.h"
#include "store/messages.h"
#include "text/scan.h"
#include "ui_shared.h"
#include "utf8.h"

#include <pthread.h>
#include <time.h>

#define PER_PAGE       20
#define WRITE_ACTOR    "public"
#define WRITE_KIND     "message_write" /* throttle: messages written per address */
#define WRITE_LIMIT    10
#define WRITE_WINDOW   (60 * 60)
#define WRITE_FIELDS_N 8

/* ---------------------------------------------------------------- masking */

const char *messages_mask_name(struct arena *a, const char *name)
{
	if (!name || !*name)
		return "匿名";
	size_t len = strlen(name);
	uint32_t cp;
	size_t first = utf8_decode(name, len, &cp);
	if (!first)
		first = 1;
	struct buf b = BUF_INIT;
	buf_add(&b, name, first);
	size_t rest = utf8_count(name + first, len - first);
	for (size_t i = 0; i < (rest ? rest : 1); i++)
		buf_addch(&b, '*');
	const char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out ? out : "匿名";
}

const char *messages_mask(struct arena *a, const char *text, const char *name, zf_day today)
{
	if (!text)
		return "";
	size_t len = strlen(text);
	struct pii_hit *hits = NULL;
	size_t nh = 0;
	if (pii_scan(text, len, today, &hits, &nh))
		nh = 0;
	struct buf b = BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < nh; i++) {
		if (hits[i].start < at)
			continue;
		buf_add(&b, text + at, hits[i].start - at);
		size_t hl = hits[i].end - hits[i].start;
		bool ascii = true;
		for (size_t k = hits[i].start; k < hits[i].end; k++)
			ascii = ascii && (unsigned char)text[k] < 0x80;
		if (ascii && hl > 7) {
			buf_add(&b, text + hits[i].start, 3);
			for (size_t k = 0; k < hl - 7; k++)
				buf_addch(&b, '*');
			buf_add(&b, text + hits[i].end - 4, 4);
		} else {
			buf_adds(&b, "（个人信息已隐去）");
		}
		at = hits[i].end;
	}
	buf_adds(&b, text + at);
	free(hits);
	const char *out = buf_cstr(&b);
	/* the writer's name, wherever it stands */
	if (name && utf8_count(name, strlen(name)) >= 2) {
		const char *masked = messages_mask_name(a, name);
		struct buf c = BUF_INIT;
		size_t nl = strlen(name);
		for (const char *p = out, *q; *p; p = q + nl) {
			q = strstr(p, name);
			if (!q) {
				buf_adds(&c, p);
				break;
			}
			buf_add(&c, p, (size_t)(q - p));
			buf_adds(&c, masked);
		}
		const char *r = arena_strdup(a, buf_cstr(&c));
		buf_free(&c);
		buf_free(&b);
		return r ? r : "";
	}
	const char *r = arena_strdup(a, out);
	buf_free(&b);
	return r ? r : "";
}

/* ---------------------------------------------------------------- shared bits */

static void crumbs(struct buf *w, const char *here, bool with_hdjl)
{
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › ");
	if (with_hdjl)
		html_raw(w, "<a href=\"/hdjl\">互动交流</a> › ");
	html_raw(w, "<span aria-current=\"page\">");
	html_txt(w, here);
	html_raw(w, "</span></nav>\n");
}

static void day_txt(struct buf *w, zf_day d)
{
	char s[11];
	if (d)
		html_txt(w, date_format(d, s));
	else
		html_txt(w, "—");
}

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

static void paragraphs(struct buf *w, const char *text)
{
	docs_html_body(w, text);
}

/* ---------------------------------------------------------------- /hdjl */

int page_hdjl(struct web_request *req, struct web_response *res)
{
	ui_begin(req, res, "互动交流", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "互动交流", false);
	html_raw(w,
		 "<h1>互动交流</h1>\n<ul class=\"hdjl-links\">\n"
		 "<li><a href=\"/hdjl/write\">我要写信</a>：向机关咨询、投诉、提出建议或留言，"
		 "一般在 5 至 15 个工作日内答复。</li>\n"
		 "<li><a href=\"/hdjl/messages\">留言选登</a>：已公开的留言和答复，可按关键词、"
		 "机关、类型和年份查找。</li>\n"
		 "<li><a href=\"/hdjl/query\">留言查询</a>：凭查询码查看办理情况，对答复作出评价。"
		 "</li>\n"
		 "<li><a href=\"/hdjl/consultations\">意见征集</a>：对政策文件草案发表意见。</li>\n"
		 "<li><a href=\"/hdjl/interviews\">在线访谈</a>：访谈预告、问题征集和文字实录。"
		 "</li>\n</ul>\n");
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- the list */

static void kind_options(struct buf *w, int selected, bool any)
{
	if (any)
		html_raw(w, "<option value=\"\">全部类型</option>");
	for (int k = 0; k < MESSAGE_KINDS; k++) {
		html_raw(w, "<option value=\"");
		html_attr(w, message_kind_key((enum message_kind)k));
		html_raw(w, k == selected ? "\" selected>" : "\">");
		html_txt(w, message_kind_label((enum message_kind)k));
		html_raw(w, "</option>");
	}
}

static void agency_options(struct buf *w, const struct agency *v, size_t n, long long selected,
			   bool any, bool open_only)
{
	if (any)
		html_raw(w, "<option value=\"\">全部机关</option>");
	else
		html_raw(w, "<option value=\"\">请选择</option>");
	for (size_t i = 0; i < n; i++) {
		if (open_only && v[i].closed && v[i].id != selected)
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", v[i].id);
		html_raw(w, v[i].id == selected ? "\" selected>" : "\">");
		for (int d = 0; d < v[i].depth; d++)
			html_raw(w, "　");
		html_txt(w, v[i].name);
		html_raw(w, "</option>");
	}
}

int page_hdjl_messages(struct web_request *req, struct web_response *res)
{
	struct agency *ag;
	size_t nag;
	int rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	const char *q = web_arg(req, "q");
	if (q && (strlen(q) > 200 || !utf8_valid(q, strlen(q))))
		q = NULL;
	long long agency = 0;
	parse_id(web_arg(req, "agency"), &agency);
	int kind = message_kind_parse(web_arg(req, "kind"));
	long year = 0;
	const char *ys = web_arg(req, "year");
	if (ys && (str_to_long(str_c(ys), &year) || year < 2000 || year > 2100))
		year = 0;
	size_t page = docs_page_arg(req);
	struct message_filter f = {.status = -1,
				   .kind = kind,
				   .published = true,
				   .words = q,
				   .year = (int)year,
				   .limit = PER_PAGE,
				   .offset = (page - 1) * PER_PAGE};
	if (agency) {
		f.agencies = &agency;
		f.nagencies = 1;
	}
	struct message *v;
	size_t n;
	long long total = 0;
	if ((rc = store_message_list(req->db, req->arena, &f, &v, &n, &total)))
		return rc;

	ui_begin(req, res, "留言选登", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "留言选登", true);
	html_raw(w, "<h1>留言选登</h1>\n<form method=\"get\" action=\"/hdjl/messages\" "
		    "class=\"filters\" role=\"search\"><label for=\"q\">关键词</label>"
		    "<input type=\"search\" id=\"q\" name=\"q\" maxlength=\"50\" value=\"");
	html_attr(w, q ? q : "");
	html_raw(w, "\"><label for=\"agency\">机关</label><select id=\"agency\" name=\"agency\">");
	agency_options(w, ag, nag, agency, true, false);
	html_raw(w, "</select><label for=\"kind\">类型</label><select id=\"kind\" name=\"kind\">");
	kind_options(w, kind, true);
	html_raw(w, "</select><label for=\"year\">年份</label><input type=\"number\" id=\"year\" "
		    "name=\"year\" min=\"2000\" max=\"2100\" value=\"");
	if (year)
		html_attrf(w, "%ld", year);
	html_raw(w, "\"><button type=\"submit\">查找</button></form>\n");
	html_txtf(w, "共 %lld 条", total);
	if (!n) {
		html_raw(w, "<p class=\"empty\">没有找到符合条件的已公开留言。</p>\n");
	} else {
		html_raw(w, "<table class=\"list hdjl-list\"><thead><tr><th scope=\"col\">标题</th>"
			    "<th scope=\"col\">类型</th><th scope=\"col\">答复单位</th>"
			    "<th scope=\"col\">受理日期</th><th scope=\"col\">答复日期</th></tr>"
			    "</thead><tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_raw(w, "<tr><td><a href=\"/hdjl/messages/");
			html_attrf(w, "%lld", v[i].id);
			html_raw(w, "\">");
			html_txt(w, messages_mask(req->arena, v[i].title, v[i].name, date_today()));
			html_raw(w, "</a></td><td>");
			html_txt(w, message_kind_label(v[i].kind));
			html_raw(w, "</td><td>");
			html_txt(w, v[i].reply_agency_name);
			html_raw(w, "</td><td>");
			day_txt(w, v[i].accepted_on);
			html_raw(w, "</td><td>");
			day_txt(w, v[i].replied_on);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
		docs_html_pager(w, req, "/hdjl/messages", total, PER_PAGE, page);
	}
	html_raw(w, "<p><a class=\"button primary\" href=\"/hdjl/write\">我要写信</a></p>\n");
	ui_end(req, res);
	return 0;
}

int page_hdjl_message(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	struct message m;
	int rc = parse_id(req->path_args[0], &id) ? store_message_get(req->db, req->arena, id, &m)
						  : ZF_ENOENT;
	if (rc == ZF_ENOENT || (!rc && !m.published)) {
		ui_error_page(req, res, 404, "留言不存在",
			      "没有找到这条留言，或者它没有公开。请从留言选登列表中选择。");
		return 0;
	}
	if (rc)
		return rc;
	zf_day today = date_today();
	const char *title = messages_mask(req->arena, m.title, m.name, today);
	ui_begin(req, res, title, "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "留言详情", true);
	html_raw(w, "<article class=\"hdjl-message\"><h1>");
	html_txt(w, title);
	html_raw(w, "</h1>\n<table class=\"meta\"><tr><th scope=\"row\">类型</th><td>");
	html_txt(w, message_kind_label(m.kind));
	html_raw(w, "</td></tr><tr><th scope=\"row\">留言人</th><td>");
	html_txt(w, messages_mask_name(req->arena, m.name));
	html_raw(w, "</td></tr><tr><th scope=\"row\">受理日期</th><td>");
	day_txt(w, m.accepted_on);
	html_raw(w, "</td></tr><tr><th scope=\"row\">答复单位</th><td>");
	html_txt(w, m.reply_agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">答复日期</th><td>");
	day_txt(w, m.replied_on);
	html_raw(w, "</td></tr></table>\n<section><h2>留言内容</h2>\n");
	paragraphs(w, messages_mask(req->arena, m.body, m.name, today));
	html_raw(w, "</section>\n<section class=\"reply\"><h2>答复内容</h2>\n");
	paragraphs(w, messages_mask(req->arena, m.reply, m.name, today));
	html_raw(w, "</section></article>\n<p><a href=\"/hdjl/messages\">返回留言选登</a></p>\n");
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- the form */

struct write_input {
	const char *kind, *agency, *title, *body, *name, *phone, *email, *publish;
};

static const char *field(struct web_request *req, const char *name)
{
	const char *v = web_form(req, name);
	if (!v)
		return "";
	/* trim ASCII white space */
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	const char *out = arena_strndup(req->arena, v, n);
	return out ? out : "";
}

static void write_form(struct web_request *req, struct web_response *res,
		       const struct write_input *in, const char *error)
{
	struct agency *ag = NULL;
	size_t nag = 0;
	if (store_agency_list(req->db, req->arena, &ag, &nag))
		nag = 0;
	struct message_settings set;
	if (store_message_settings_get(req->db, &set))
		memset(&set, 0, sizeof(set));
	ui_begin(req, res, "我要写信", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "我要写信", true);
	html_raw(w, "<h1>我要写信</h1>\n");
	if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\" id=\"form-error\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}
	html_raw(w, "<p>请如实填写。咨询一般在 ");
	html_txtf(w, "%d", set.limit_days[MESSAGE_CONSULT]);
	html_raw(w, " 个工作日内答复，投诉、建议和其他留言一般在 ");
	html_txtf(w, "%d", set.limit_days[MESSAGE_MESSAGE]);
	html_raw(w, " 个工作日内答复。");
	for (int k = 0; k < MESSAGE_KINDS; k++)
		if (set.identity_required[k]) {
			html_txt(w, message_kind_label((enum message_kind)k));
			html_raw(w, "须填写真实姓名和联系电话。");
		}
	html_raw(w, "</p>\n<form method=\"post\" action=\"/hdjl/write\" class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"kind\" class=\"required\">类型</label>"
		    "<select id=\"kind\" name=\"kind\">");
	kind_options(w, message_kind_parse(in->kind), false);
	html_raw(w, "</select></div>\n<div class=\"field\"><label for=\"agency\" "
		    "class=\"required\">写信对象</label><select id=\"agency\" name=\"agency\">");
	long long sel = 0;
	parse_id(in->agency, &sel);
	agency_options(w, ag, nag, sel, false, true);
	html_raw(w, "</select></div>\n<div class=\"field\"><label for=\"title\" "
		    "class=\"required\">标题</label><input type=\"text\" id=\"title\" "
		    "name=\"title\" maxlength=\"50\" value=\"");
	html_attr(w, in->title);
	html_raw(w, "\"></div>\n<div class=\"field\"><label for=\"body\" class=\"required\">"
		    "内容</label><textarea id=\"body\" name=\"body\" rows=\"10\" "
		    "maxlength=\"2000\">");
	html_txt(w, in->body);
	html_raw(w, "</textarea><span class=\"hint\">5 至 2000 字。请勿填写身份证号等个人信息。"
		    "</span></div>\n<div class=\"field\"><label for=\"name\">姓名</label>"
		    "<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"50\" "
		    "autocomplete=\"name\" value=\"");
	html_attr(w, in->name);
	html_raw(w, "\"></div>\n<div class=\"field\"><label for=\"phone\">联系电话</label>"
		    "<input type=\"tel\" id=\"phone\" name=\"phone\" maxlength=\"20\" "
		    "autocomplete=\"tel\" value=\"");
	html_attr(w, in->phone);
	html_raw(w, "\"></div>\n<div class=\"field\"><label for=\"email\">电子邮箱</label>"
		    "<input type=\"email\" id=\"email\" name=\"email\" maxlength=\"100\" "
		    "autocomplete=\"email\" value=\"");
	html_attr(w, in->email);
	html_raw(w, "\"></div>\n<div class=\"field\"><label><input type=\"checkbox\" "
		    "name=\"publish\" value=\"1\"");
	html_raw(w, *in->publish ? " checked" : "");
	html_raw(w, "> 同意公开留言和答复（公开时隐去姓名和个人信息）</label></div>\n"
		    "<button type=\"submit\" class=\"primary\">提交</button></form>\n");
	ui_end(req, res);
}

int page_hdjl_write(struct web_request *req, struct web_response *res)
{
	struct write_input in = {"consult", "", "", "", "", "", "", "1"};
	const char *agency = web_arg(req, "agency");
	if (agency && strlen(agency) < 20)
		in.agency = agency;
	write_form(req, res, &in, NULL);
	return 0;
}

/* Markup in a message: a tag ("<a", "</", "<!"), a script URL or an event handler. */
static bool has_markup(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '<' && (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') || p[1] == '/' ||
				  p[1] == '!' || p[1] == '?'))
			return true;
		if (!strncasecmp(p, "javascript:", 11) || !strncasecmp(p, "vbscript:", 9))
			return true;
	}
	return false;
}

static struct scan_rules *site_rules;
static pthread_once_t site_rules_once = PTHREAD_ONCE_INIT;

static void site_rules_load(void)
{
	if (scan_rules_default(&site_rules, NULL))
		site_rules = NULL;
}

static const struct receipt_kind message_receipt = {"zf_msg_receipt", "/hdjl/receipt", "message"};

/* GET /hdjl/receipt: the receipt of the message just written, found by its signed cookie
 * (web/receipt.h): reloading it shows it again and never writes a second message. */
int page_hdjl_receipt(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	struct message m;
	int rc = receipt_cookie_get(req, &message_receipt, &id);
	if (!rc)
		rc = store_message_get(req->db, req->arena, id, &m);
	if (rc == ZF_ENOENT) {
		res->status = 404;
		ui_begin(req, res, "回执已失效", "/hdjl");
		html_raw(&res->body,
			 "<section class=\"panel\"><h1>回执已失效</h1>"
			 "<p>留言回执只在提交后的两小时内、在提交留言的浏览器中显示。"
			 "如果您已经记下了查询码，请凭查询码查询办理情况。</p>"
			 "<p><a class=\"button primary\" href=\"/hdjl/query\">留言查询</a> "
			 "<a class=\"button secondary\" href=\"/hdjl/write\">写新的留言</a></p>"
			 "</section>\n");
		ui_end(req, res);
		return 0;
	}
	if (rc)
		return rc;
	ui_begin(req, res, "留言回执", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "留言回执", true);
	html_raw(w, "<section class=\"panel receipt\"><h1>留言已提交</h1>\n<p>您的查询码是："
		    "<strong class=\"query-code\" id=\"query-code\">");
	html_txt(w, m.query_code);
	html_raw(w, "</strong></p>\n<p>请记下查询码，凭查询码在“<a href=\"/hdjl/query\">"
		    "留言查询</a>”查看办理情况和答复，并对答复作出评价。</p>\n");
	{
		html_raw(w, "<table class=\"meta\"><tr><th scope=\"row\">写信对象</th><td>");
		html_txt(w, m.agency_name);
		html_raw(w, "</td></tr><tr><th scope=\"row\">类型</th><td>");
		html_txt(w, message_kind_label(m.kind));
		html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td>");
		html_txt(w, m.status == MESSAGE_HELD ? "待审核：工作人员审核后受理" : "已受理");
		html_raw(w, "</td></tr><tr><th scope=\"row\">答复期限</th><td>");
		if (m.due_on)
			public_date(w, m.due_on);
		else
			html_txt(w, "受理后计算");
		html_raw(w, "</td></tr></table>\n");
	}
	html_raw(w, "</section>\n");
	ui_end(req, res);
	return 0;
}

int page_hdjl_write_post(struct web_request *req, struct web_response *res)
{
	time_t now = time(NULL);
	int hits = 0;
	int rc = 0;
	if (req->client_ip && (rc = store_throttle_get(req->db, WRITE_KIND, req->client_ip,
						       WRITE_WINDOW, now, &hits)))
		return rc;
	if (hits >= WRITE_LIMIT) {
		ui_error_page(req, res, 429, "提交过于频繁",
			      "同一网络地址在一小时内提交的留言过多，请稍后再试。");
		web_add_header(res, "Retry-After", "3600");
		return 0;
	}
	struct write_input in = {field(req, "kind"),  field(req, "agency"), field(req, "title"),
				 field(req, "body"),  field(req, "name"),   field(req, "phone"),
				 field(req, "email"), field(req, "publish")};
	const char *error = NULL;
	int kind = message_kind_parse(in.kind);
	long long agency = 0;
	if (kind < 0)
		error = "请选择留言类型：咨询、投诉、建议或其他留言";
	else if (!parse_id(in.agency, &agency))
		error = "请选择写信对象（受理机关）";
	else if (has_markup(in.title) || has_markup(in.body) || has_markup(in.name))
		error = "标题和内容不能含有网页代码（如 <script>），请只填写文字";
	if (error) {
		res->status = 422;
		write_form(req, res, &in, error);
		return 0;
	}
	const struct calendar *cal = public_calendar();
	if (!cal)
		return ZF_ENOMEM;
	unsigned char key[RECEIPT_KEY_BYTES];
	if ((rc = receipt_key(req->db, key)))
		return rc;
	pthread_once(&site_rules_once, site_rules_load);
	struct message_new m = {.kind = (enum message_kind)kind,
				.agency_id = agency,
				.title = in.title,
				.body = in.body,
				.name = in.name,
				.phone = in.phone,
				.email = in.email,
				.publish_ok = *in.publish != '\0',
				.received_on = date_today()};
	struct buf err = BUF_INIT;
	long long id = 0;
	char code[MESSAGE_CODE_LEN + 1] = "";
	rc = store_message_add(req->db, WRITE_ACTOR, cal, site_rules, &m, &id, code, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		res->status = 422;
		write_form(req, res, &in, arena_strdup(req->arena, buf_cstr(&err)));
		buf_free(&err);
		return 0;
	}
	buf_free(&err);
	if (rc)
		return rc;
	if (req->client_ip &&
	    (rc = store_throttle_hit(req->db, WRITE_KIND, req->client_ip, WRITE_WINDOW, now, NULL)))
		log_warn("message throttle not counted error=\"%s\"", zf_strerror(rc));
	log_info("message received id=%lld agency=%lld", id, agency);
	ui_redirect(req, res, "/hdjl/receipt");
	return receipt_cookie_set(req, res, &message_receipt, id, key);
}

/* ---------------------------------------------------------------- the look-up */

static void query_form(struct web_request *req, struct web_response *res, const char *error)
{
	ui_begin(req, res, "留言查询", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "留言查询", true);
	html_raw(w, "<h1>留言查询</h1>\n");
	if (error) {
		html_raw(w, "<div class=\"alert error\" role=\"alert\">");
		html_txt(w, error);
		html_raw(w, "</div>\n");
	}
	html_raw(w, "<form method=\"post\" action=\"/hdjl/query\" class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w,
		 "<div class=\"field\"><label for=\"code\" class=\"required\">查询码</label>"
		 "<input type=\"text\" id=\"code\" name=\"code\" maxlength=\"40\" "
		 "autocomplete=\"off\"><span class=\"hint\">提交留言时显示的 12 位查询码。"
		 "</span></div><button type=\"submit\" class=\"primary\">查询</button></form>\n");
	ui_end(req, res);
}

int page_hdjl_query(struct web_request *req, struct web_response *res)
{
	query_form(req, res, NULL);
	return 0;
}

static void query_result(struct web_request *req, struct web_response *res, const struct message *m,
			 const char *note)
{
	ui_begin(req, res, "留言办理情况", "/hdjl");
	struct buf *w = &res->body;
	crumbs(w, "留言办理情况", true);
	html_raw(w, "<h1>留言办理情况</h1>\n");
	if (note)
		html_raw(w, "<div class=\"alert ok\" role=\"status\">"), html_txt(w, note),
		    html_raw(w, "</div>\n");
	html_raw(w, "<table class=\"meta\"><tr><th scope=\"row\">标题</th><td>");
	html_txt(w, m->title);
	html_raw(w, "</td></tr><tr><th scope=\"row\">办理机关</th><td>");
	html_txt(w, m->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td id=\"status\">");
	html_txt(w, message_status_label(m->status));
	if (m->status == MESSAGE_REJECTED) {
		html_txt(w, "（");
		html_txt(w, message_reject_label(m->reject_reason));
		html_txt(w, "）");
	}
	html_raw(w, "</td></tr><tr><th scope=\"row\">收到日期</th><td>");
	day_txt(w, m->received_on);
	html_raw(w, "</td></tr><tr><th scope=\"row\">受理日期</th><td>");
	day_txt(w, m->accepted_on);
	html_raw(w, "</td></tr><tr><th scope=\"row\">答复期限</th><td>");
	day_txt(w, m->due_on);
	html_raw(w, "</td></tr>");
	if (m->transfers) {
		html_raw(w, "<tr><th scope=\"row\">转办</th><td>");
		html_txtf(w, "已转办 %d 次", m->transfers);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</table>\n");
	if (m->status == MESSAGE_REPLIED) {
		html_raw(w, "<section class=\"reply\"><h2>答复</h2><p>答复单位：");
		html_txt(w, m->reply_agency_name);
		html_raw(w, "　答复日期：");
		day_txt(w, m->replied_on);
		html_raw(w, "</p>\n");
		paragraphs(w, m->reply);
		html_raw(w, "</section>\n");
		if (*m->rating) {
			html_raw(w, "<p id=\"rating\">您的评价：");
			html_txt(w, message_rating_label(m->rating));
			html_raw(w, "</p>\n");
		} else {
			html_raw(w, "<form method=\"post\" action=\"/hdjl/query/rate\" "
				    "class=\"form\"><fieldset><legend>对答复的评价</legend>");
			session_csrf_field(req, w);
			html_raw(w, "<input type=\"hidden\" name=\"code\" value=\"");
			html_attr(w, m->query_code);
			html_raw(w, "\">");
			const char *keys[] = {"satisfied", "basic", "unsatisfied"};
			for (size_t i = 0; i < 3; i++) {
				html_raw(w,
					 "<label><input type=\"radio\" name=\"rating\" value=\"");
				html_attr(w, keys[i]);
				html_raw(w, "\"> ");
				html_txt(w, message_rating_label(keys[i]));
				html_raw(w, "</label> ");
			}
			html_raw(w,
				 "</fieldset><button type=\"submit\">提交评价</button></form>\n");
		}
	}
	ui_end(req, res);
}

/* Looks the code up, counting failures against the address; 0 with *id, or an answered
 * page (*id = 0). */
static int lookup(struct web_request *req, struct web_response *res, const char *code,
		  long long *id)
{
	*id = 0;
	time_t now = time(NULL);
	bool over = false;
	int rc = public_throttled(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now, &over);
	if (rc)
		return rc;
	if (over) {
		ui_error_page(req, res, 429, "查询过于频繁",
			      "同一网络地址查询失败次数过多，请 15 分钟后再试。");
		web_add_header(res, "Retry-After", "900");
		return 0;
	}
	rc = store_message_by_code(req->db, code, id);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		*id = 0;
		public_throttle_count(req->db, THROTTLE_QUERY_FAIL, req->client_ip, now);
		res->status = rc == ZF_EINVAL ? 422 : 404;
		query_form(req, res,
			   rc == ZF_EINVAL ? "查询码应为 12 位字母和数字，请对照回执填写"
					   : "没有找到这个查询码对应的留言，请核对后再试");
		return 0;
	}
	return rc;
}

int page_hdjl_query_post(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	int rc = lookup(req, res, web_form(req, "code"), &id);
	if (rc || !id)
		return rc;
	struct message m;
	if ((rc = store_message_get(req->db, req->arena, id, &m)))
		return rc;
	query_result(req, res, &m, NULL);
	return 0;
}

int page_hdjl_rate(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	const char *code = web_form(req, "code");
	int rc = lookup(req, res, code, &id);
	if (rc || !id)
		return rc;
	struct buf err = BUF_INIT;
	rc = store_message_rate(req->db, code, web_form(req, "rating"), date_today(), &err);
	struct message m;
	int grc = store_message_get(req->db, req->arena, id, &m);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		const char *e = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		if (grc)
			return grc;
		res->status = 422;
		query_result(req, res, &m, e);
		return 0;
	}
	buf_free(&err);
	if (rc)
		return rc;
	if (grc)
		return grc;
	query_result(req, res, &m, "感谢您的评价。");
	return 0;
}
