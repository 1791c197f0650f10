/* page_console.c: the console's dashboard (工作台) and the helpers its pages share (see
 * page_console.h). */
#include "common.h"
#include "page_console.h"
#include "page_public.h"
#include "arena.h"
#include "law/calendar.h"
#include "log.h"
#include "render/html.h"
#include "routes.h"
#include "config.h"
#include "session.h"
#include "store/auth.h"
#include "store/requests.h"
#include "ui_shared.h"
#include "utf8.h"

#include <pthread.h>

/* ---------------------------------------------------------------- the calendar */

/* One calendar for the whole server, loaded once by the public site's accessor. */
const struct calendar *console_calendar(void)
{
	return public_calendar();
}

/* ---------------------------------------------------------------- small helpers */

const char *console_actor(const struct web_request *req)
{
	return req->user && req->user->login ? req->user->login : "-";
}

void console_user_actor(const struct web_request *req, struct user_actor *out,
			struct password_policy *pp)
{
	const struct config *cfg = req->env ? req->env->config : NULL;
	pp->min_chars = cfg ? (int)cfg->password_min_length : PASSWORD_MIN_CHARS;
	pp->history = cfg ? (int)cfg->password_history : PASSWORD_HISTORY;
	out->name = console_actor(req);
	/* a request without a user never reaches the account pages; -1 binds it anyway */
	out->id = req->user ? req->user->id : -1;
	out->policy = pp;
}

bool console_id(const char *s, long long *out)
{
	*out = 0;
	if (!s || !*s || strlen(s) > 18)
		return false;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return false;
	*out = v;
	return true;
}

int console_not_found(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 404, "页面不存在",
		      "您访问的页面不存在，可能已被删除或网址有误。请检查网址，或返回首页查找。");
	return 0;
}

int console_agencies_load(struct web_request *req, struct console_agencies *out)
{
	out->v = NULL;
	out->n = 0;
	return store_agency_list(req->db, req->arena, &out->v, &out->n);
}

const char *console_agency_name(const struct console_agencies *a, long long id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].id == id)
			return a->v[i].name;
	return "";
}

size_t console_agency_options(struct buf *w, const struct web_request *req,
			      const struct console_agencies *a, int role, long long selected)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++) {
		if (!session_can(req, a->v[i].id, role))
			continue;
		/* a closed agency takes no new work (it stays selected where it already is) */
		if (a->v[i].closed && role >= ROLE_CLERK && a->v[i].id != selected)
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", a->v[i].id);
		html_raw(w, a->v[i].id == selected ? "\" selected>" : "\">");
		for (int d = 0; d < a->v[i].depth; d++)
			html_raw(w, "　");
		html_txt(w, a->v[i].name);
		html_raw(w, "</option>");
		n++;
	}
	return n;
}

zf_day console_form_day(const struct web_request *req, const char *name)
{
	const char *s = web_form(req, name);
	zf_day d = 0;
	if (!s || date_parse(str_trim(str_c(s)), &d))
		return 0;
	return d;
}

const char *console_form_text(const struct web_request *req, const char *name)
{
	const char *s = web_form(req, name);
	if (!s)
		return "";
	struct str t = str_trim(str_c(s));
	char *out = arena_strndup(req->arena, t.p, t.len);
	return out ? out : "";
}

void console_day(struct buf *w, zf_day day)
{
	if (!day)
		return;
	char s[11];
	html_txt(w, date_format(day, s));
	html_raw(w, "（");
	html_txt(w, date_weekday_zh(day));
	html_raw(w, "）");
}

void console_alert(struct buf *w, const char *kind, const char *message)
{
	html_raw(w, "<div class=\"alert ");
	html_attr(w, kind);
	html_raw(w, strcmp(kind, "error") == 0 ? "\" role=\"alert\">" : "\" role=\"status\">");
	html_txt(w, message);
	html_raw(w, "</div>\n");
}

void console_date_field(struct buf *w, const char *id, const char *name, const char *label,
			zf_day value, bool required)
{
	char s[11];
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label><input type=\"date\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" value=\"");
	if (value)
		html_attr(w, date_format(value, s));
	html_raw(w, required ? "\" required></div>\n" : "\"></div>\n");
}

void console_text_field(struct buf *w, const char *id, const char *name, const char *label,
			const char *value, bool required, int maxlength)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label><input type=\"text\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" value=\"");
	html_attr(w, value ? value : "");
	html_raw(w, "\" maxlength=\"");
	html_attrf(w, "%d", maxlength);
	html_raw(w, required ? "\" required></div>\n" : "\"></div>\n");
}

int console_send(struct web_response *res, const struct buf *data, const char *content_type,
		 const char *disposition)
{
	res->content_type = content_type;
	buf_reset(&res->body);
	int rc = buf_add(&res->body, data->p, data->len);
	web_add_header(res, "Content-Disposition", disposition);
	web_add_header(res, "Cache-Control", "no-store");
	return rc;
}

void console_txt_short(struct buf *w, const char *s, size_t max)
{
	if (!s)
		return;
	size_t len = strlen(s), off = 0, points = 0;
	while (off < len && points < max) {
		uint32_t cp;
		size_t k = utf8_decode(s + off, len - off, &cp);
		off += k ? k : 1;
		points++;
	}
	html_txtn(w, s, off);
	if (off < len)
		html_raw(w, "…");
}

/* ---------------------------------------------------------------- the dashboard */

/* Counts of one agency (or of all the user sees, nagencies > 1). */
struct counts {
	long long open, overdue, soon, supplement;
};

static int count_for(struct web_request *req, const long long *ids, size_t n, struct counts *c)
{
	struct request_filter f = {.agencies = ids, .nagencies = n, .cal = console_calendar()};
	int rc = store_request_queue_count(req->db, &f, &c->open);
	f.overdue_only = true;
	if (!rc)
		rc = store_request_queue_count(req->db, &f, &c->overdue);
	f.overdue_only = false;
	f.due_within = 3;
	long long within = 0;
	if (!rc)
		rc = store_request_queue_count(req->db, &f, &within);
	c->soon = within - c->overdue;
	f.due_within = 0;
	f.state = "awaiting_supplement";
	if (!rc)
		rc = store_request_queue_count(req->db, &f, &c->supplement);
	return rc;
}

static void card(struct buf *w, const char *cls, const char *label, long long n, const char *href)
{
	html_raw(w, "<li class=\"stat ");
	html_attr(w, cls);
	html_raw(w, "\"><a href=\"");
	html_attr(w, href);
	html_raw(w, "\"><span class=\"stat-n\">");
	html_txtf(w, "%lld", n);
	html_raw(w, "</span><span class=\"stat-label\">");
	html_txt(w, label);
	html_raw(w, "</span></a></li>");
}

int page_console_home(struct web_request *req, struct web_response *res)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct counts all = {0};
	if (nids) {
		rc = count_for(req, ids, nids, &all);
		if (rc)
			return rc;
	}
	ui_console_begin(req, res, "概览", "/console");
	struct buf *w = &res->body;
	html_raw(w, "<h1>工作台</h1>\n");
	if (nids == 0) {
		console_alert(w, "info",
			      "您的账号尚未被授予任何机关的角色，请联系本单位的系统管理员。");
		ui_console_end(req, res);
		return 0;
	}
	html_raw(w, "<ul class=\"stats\">");
	card(w, "overdue", "已逾期", all.overdue, "/console/requests?overdue=1");
	card(w, "soon", "3个工作日内到期", all.soon, "/console/requests?due=3");
	card(w, "open", "办理中（含待补正）", all.open, "/console/requests");
	card(w, "supplement", "待申请人补正", all.supplement,
	     "/console/requests?state=awaiting_supplement");
	html_raw(w, "</ul>\n");

	html_raw(w, "<p class=\"actions-row\">");
	if (req->user->role >= ROLE_CLERK)
		html_raw(w, "<a class=\"button primary\" href=\"/console/requests/new\">"
			    "登记新申请</a> ");
	html_raw(w,
		 "<a class=\"button secondary\" href=\"/console/requests\">依申请公开办理队列</a> "
		 "<a class=\"button secondary\" href=\"/console/reports\">年度报告</a></p>\n");

	rc = console_my_todo(req, w);
	if (!rc)
		rc = console_trend_charts(req, w);
	if (rc)
		return rc;
	html_raw(w,
		 "<section class=\"panel\">\n<h2>各机关办理情况</h2>\n"
		 "<table class=\"data\"><caption class=\"sr-only\">各机关办理中的申请</caption>"
		 "<thead><tr><th scope=\"col\">机关</th><th scope=\"col\" class=\"num\">办理中</th>"
		 "<th scope=\"col\" class=\"num\">已逾期</th>"
		 "<th scope=\"col\" class=\"num\">3个工作日内到期</th>"
		 "<th scope=\"col\" class=\"num\">待补正</th></tr></thead><tbody>");
	for (size_t i = 0; i < ag.n; i++) {
		if (!session_can(req, ag.v[i].id, ROLE_VIEWER))
			continue;
		struct counts c = {0};
		rc = count_for(req, &ag.v[i].id, 1, &c);
		if (rc)
			return rc;
		char *q = arena_printf(req->arena, "/console/requests?agency=%lld", ag.v[i].id);
		html_raw(w, "<tr><th scope=\"row\">");
		for (int d = 0; d < ag.v[i].depth; d++)
			html_raw(w, "　");
		html_raw(w, "<a href=\"");
		html_attr(w, q ? q : "/console/requests");
		html_raw(w, "\">");
		html_txt(w, ag.v[i].name);
		html_raw(w, "</a></th><td class=\"num\">");
		html_txtf(w, "%lld", c.open);
		html_raw(w, "</td><td class=\"num\">");
		if (c.overdue)
			html_raw(w, "<span class=\"tag overdue\">");
		html_txtf(w, "%lld", c.overdue);
		if (c.overdue)
			html_raw(w, "</span>");
		html_raw(w, "</td><td class=\"num\">");
		if (c.soon)
			html_raw(w, "<span class=\"tag soon\">");
		html_txtf(w, "%lld", c.soon);
		if (c.soon)
			html_raw(w, "</span>");
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", c.supplement);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody></table>\n<p class=\"muted\">到期日按工作日计算（《中华人民共和国政府"
		    "信息公开条例》第三十三条）；待补正的申请在收到补正前不计算答复期限。</p>\n"
		    "</section>\n");
	ui_console_end(req, res);
	return 0;
}
