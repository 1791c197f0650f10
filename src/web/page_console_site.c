/* page_console_site.c: /console/site/rules, the text of the public 政府信息公开制度 page
 * (/rules), for administrators of the site's root agency (as /console/site): edit it, see
 * it laid out, or return to the default text. Audited by the store ("site.text"). */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "guide_view.h"
#include "site_rules.h"
#include "store/agencies.h"
#include "store/site_texts.h"
#include "ui_shared.h"

/* Whether the user administers the site's root: 0 with *refused false, or the 404 answered
 * (*refused true), or an error. */
static int site_admin(struct web_request *req, struct web_response *res, bool *refused)
{
	struct site_settings s;
	int rc = store_site_settings_get(req->db, req->arena, &s);
	if (rc)
		return rc;
	long long root = console_site_root(req, &s);
	*refused = !root || !session_can(req, root, ROLE_ADMIN);
	return *refused ? console_not_found(req, res) : 0;
}

static int render_rules(struct web_request *req, struct web_response *res, int status,
			const char *error, const char *sticky, bool saved)
{
	struct site_text t;
	int rc = store_site_text_get(req->db, req->arena, SITE_TEXT_RULES, &t);
	if (rc)
		return rc;
	const char *text = sticky ? sticky : *t.body ? t.body : site_rules_default();
	res->status = status;
	ui_console_begin(req, res, "政府信息公开制度", "/console/site");
	struct buf *w = &res->body;
	html_raw(w, "<p><a href=\"/console/site\">网站设置</a> › 政府信息公开制度</p>\n"
		    "<h1>政府信息公开制度</h1>\n<p>此处文字显示在公开网站的"
		    "<a href=\"/rules\">政府信息公开制度</a>页面。以“一、”“二、”等开头、"
		    "不含句号的一行显示为小标题，其余每行为一段。</p>\n");
	if (error)
		console_alert(w, "error", error);
	else if (saved)
		console_alert(w, "ok", "已保存。");
	if (!*t.body)
		html_raw(w, "<p class=\"muted\">目前显示的是平台提供的默认文字。</p>\n");
	else if (*t.updated_at)
		guide_view_revised_at(w, t.updated_at);
	html_raw(w, "<section class=\"panel\"><form method=\"post\" action=\"/console/site/rules\" "
		    "class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"rules-body\">制度全文</label>"
		    "<textarea id=\"rules-body\" name=\"body\" rows=\"20\" maxlength=\"");
	html_attrf(w, "%d", SITE_TEXT_MAX);
	/* a newline right after <textarea> is dropped by the parser: keep the text's own */
	html_raw(w, "\">\n");
	html_txt(w, text);
	html_raw(w,
		 "</textarea></div>\n<p><button type=\"submit\" name=\"action\" value=\"save\" "
		 "class=\"button primary\">保存</button> <button type=\"submit\" name=\"action\" "
		 "value=\"reset\" class=\"button secondary\">恢复默认文字</button></p>"
		 "</form></section>\n<section class=\"panel rules\"><h2>预览</h2>\n");
	site_rules_html(w, text);
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_site_rules(struct web_request *req, struct web_response *res)
{
	bool refused;
	int rc = site_admin(req, res, &refused);
	if (rc || refused)
		return rc;
	return render_rules(req, res, 200, NULL, NULL, web_arg(req, "done") != NULL);
}

int page_console_site_rules_post(struct web_request *req, struct web_response *res)
{
	bool refused;
	int rc = site_admin(req, res, &refused);
	if (rc || refused)
		return rc;
	const char *action = console_form_text(req, "action");
	const char *body = !strcmp(action, "reset") ? "" : web_form(req, "body");
	if (!body)
		body = "";
	/* the default text saved unchanged stays the default: it follows future editions */
	if (!strcmp(action, "save")) {
		struct str a = str_trim(str_c(body)), b = str_trim(str_c(site_rules_default()));
		if (a.len == b.len && !memcmp(a.p, b.p, a.len))
			body = "";
	}
	struct buf err = BUF_INIT;
	rc = store_site_text_set(req->db, console_actor(req), SITE_TEXT_RULES, body, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		return render_rules(req, res, 422, msg ? msg : "无法保存", body, false);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/site/rules?done=1");
	return 0;
}
