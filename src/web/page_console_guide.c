/* page_console_guide.c: /console/guide (administrators): the 政府信息公开指南 of the agencies the
 * administrator holds the admin role over (their own and those below it; a chooser when
 * there are several): the particulars and the sections as fields, a preview rendered by the
 * server (the 预览 button posts the form and saves nothing), saving as a new revision
 * (audited by the store), and the history with every revision viewable. Another agency's
 * guide answers 404, by URL and by form alike. */
#include "common.h"
#include "arena.h"
#include "guide_view.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/guide.h"
#include "ui_people.h"
#include "ui_shared.h"

/* "2026-03-02 08:05" in Beijing time, from a stored UTC timestamp (ui_people.h). */
static void beijing_time(struct buf *w, const char *utc)
{
	ui_time(w, utc);
}

/* The agency the page is about: ?agency= (GET) or the form's agency (POST), else the user's
 * own agency when they administer it, else the first they administer. 0 when none may be
 * administered; *forbidden when one was asked for that the user does not administer. */
static long long chosen_agency(struct web_request *req, const struct console_agencies *ag,
			       const char *asked, bool *forbidden)
{
	*forbidden = false;
	long long id = 0;
	if (asked && *asked) {
		if (!console_id(asked, &id) || !session_can(req, id, ROLE_ADMIN)) {
			*forbidden = true;
			return 0;
		}
		return id;
	}
	if (session_can(req, req->user->agency_id, ROLE_ADMIN))
		return req->user->agency_id;
	for (size_t i = 0; i < ag->n; i++)
		if (session_can(req, ag->v[i].id, ROLE_ADMIN))
			return ag->v[i].id;
	return 0;
}

static void chooser(struct web_request *req, struct buf *w, const struct console_agencies *ag,
		    long long selected)
{
	size_t n = 0;
	for (size_t i = 0; i < ag->n; i++)
		n += session_can(req, ag->v[i].id, ROLE_ADMIN);
	if (n < 2)
		return;
	html_raw(w, "<form method=\"get\" action=\"/console/guide\" class=\"form compact\">"
		    "<label for=\"g-agency\">机关</label><select id=\"g-agency\" name=\"agency\">");
	console_agency_options(w, req, ag, ROLE_ADMIN, selected);
	html_raw(w, "</select><button type=\"submit\" class=\"button secondary\">编辑该机关的指南"
		    "</button></form>\n");
}

static void fields_form(struct web_request *req, struct buf *w, const struct guide *g)
{
	html_raw(w, "<form method=\"post\" action=\"/console/guide\" class=\"form guide-form\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"agency\" value=\"");
	html_attrf(w, "%lld", g->agency_id);
	html_raw(w, "\">\n<fieldset><legend>一、政府信息公开工作机构</legend>\n");
	for (int i = 0; i < GUIDE_FIELDS; i++) {
		enum guide_field f = (enum guide_field)i;
		const char *key = guide_field_key(f);
		char id[48];
		snprintf(id, sizeof(id), "g-%s", key);
		if (f == GF_PROACTIVE_SCOPE)
			html_raw(w, "</fieldset>\n<fieldset><legend>二、主动公开</legend>\n");
		else if (f == GF_APPLY_BODY)
			html_raw(w, "</fieldset>\n<fieldset><legend>三、依申请公开</legend>\n");
		else if (f == GF_REMEDY)
			html_raw(w,
				 "</fieldset>\n<fieldset><legend>四、监督和救济及其他</legend>\n");
		if (!guide_field_multiline(f)) {
			console_text_field(w, id, key, guide_field_label(f), g->f[i], false,
					   GUIDE_LINE_MAX);
			continue;
		}
		html_raw(w, "<div class=\"field\"><label for=\"");
		html_attr(w, id);
		html_raw(w, "\">");
		html_txt(w, guide_field_label(f));
		html_raw(w, "</label><textarea id=\"");
		html_attr(w, id);
		html_raw(w, "\" name=\"");
		html_attr(w, key);
		html_raw(w, "\" rows=\"8\" maxlength=\"");
		html_attrf(w, "%d", GUIDE_SECTION_MAX);
		/* a newline right after <textarea> is dropped by the parser: keep the value's own
		 */
		html_raw(w, "\">\n");
		html_txt(w, g->f[i]);
		html_raw(w, "</textarea></div>\n");
	}
	html_raw(w, "</fieldset>\n<p class=\"hint\">各部分为纯文本，空一行或换行即分段；"
		    "保存后生成新的版本，历史版本均予保留。</p>\n<p>"
		    "<button type=\"submit\" name=\"action\" value=\"preview\" class=\"button "
		    "secondary\">预览</button> <button type=\"submit\" name=\"action\" "
		    "value=\"save\" class=\"button primary\">保存</button></p></form>\n");
}

static void history(struct buf *w, const struct guide *g, const struct guide_revision *rev,
		    size_t n)
{
	html_raw(w, "<section class=\"panel\" id=\"history\"><h2>修订历史</h2>\n");
	if (n == 0) {
		html_raw(w, "<p class=\"muted\">尚未保存过。公众网站显示条例规定的通用内容；"
			    "保存后显示本指南，并标明最近修订日期。</p></section>\n");
		return;
	}
	html_raw(w, "<table class=\"data\"><caption class=\"sr-only\">指南的各个版本</caption>"
		    "<thead><tr><th scope=\"col\">版本</th><th scope=\"col\">保存时间（北京时间）"
		    "</th><th scope=\"col\">保存人</th><th scope=\"col\">查看</th></tr></thead>"
		    "<tbody>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><td>");
		html_txtf(w, "第 %d 版%s", rev[i].revision, i == 0 ? "（现行）" : "");
		html_raw(w, "</td><td>");
		beijing_time(w, rev[i].saved_at);
		html_raw(w, "</td><td>");
		html_txt(w, rev[i].saved_by);
		html_raw(w, "</td><td><a href=\"");
		html_attrf(w, "/console/guide/%lld/%d", g->agency_id, rev[i].revision);
		html_raw(w, "\">查看<span class=\"sr-only\">");
		html_txtf(w, "第 %d 版", rev[i].revision);
		html_raw(w, "</span></a></td></tr>");
	}
	html_raw(w, "</tbody></table></section>\n");
}

static void preview(struct buf *w, const struct guide *g)
{
	html_raw(w, "<section class=\"panel preview\" id=\"preview\" aria-labelledby=\"pv-h\">"
		    "<h2 id=\"pv-h\">预览（尚未保存）</h2>\n<div class=\"guide-preview\">\n");
	guide_view_body(w, g);
	html_raw(w, "</div></section>\n");
}

/* The page: chooser, messages, preview (when asked), the form and the history. */
static int render(struct web_request *req, struct web_response *res,
		  const struct console_agencies *ag, const struct guide *g, const char *error,
		  int status, bool show_preview)
{
	struct guide_revision *rev = NULL;
	size_t n = 0;
	int rc = store_guide_revisions(req->db, req->arena, g->agency_id, &rev, &n);
	if (rc)
		return rc;
	res->status = status;
	web_add_header(res, "Cache-Control", "no-store");
	ui_console_begin(req, res, "公开指南", "/console/guide");
	struct buf *w = &res->body;
	html_raw(w, "<h1>政府信息公开指南</h1>\n");
	chooser(req, w, ag, g->agency_id);
	html_raw(w, "<p class=\"lead\">");
	html_txt(w, g->agency_name);
	html_raw(w, "　<a href=\"/agency/");
	html_attrf(w, "%lld", g->agency_id);
	html_raw(w, "\">查看公众网站上的指南</a></p>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (!error && done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存为新的版本，公众网站已更新。");
	if (show_preview)
		preview(w, g);
	html_raw(w, "<section class=\"panel\"><h2>编辑</h2>\n");
	fields_form(req, w, g);
	html_raw(w, "</section>\n");
	history(w, g, rev, n);
	ui_console_end(req, res);
	return 0;
}

static int no_agency(struct web_request *req, struct web_response *res)
{
	ui_console_begin(req, res, "公开指南", "/console/guide");
	html_raw(&res->body, "<h1>政府信息公开指南</h1>\n");
	console_alert(&res->body, "info", "您没有管理任何机关的权限。");
	ui_console_end(req, res);
	return 0;
}

int page_console_guide(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	bool forbidden;
	long long id = chosen_agency(req, &ag, web_arg(req, "agency"), &forbidden);
	if (forbidden)
		return console_not_found(req, res);
	if (!id)
		return no_agency(req, res);
	struct guide g;
	rc = store_guide_get(req->db, req->arena, id, &g);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return render(req, res, &ag, &g, NULL, 200, false);
}

int page_console_guide_post(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	bool forbidden;
	const char *asked = console_form_text(req, "agency");
	long long id = chosen_agency(req, &ag, *asked ? asked : "x", &forbidden);
	if (forbidden || !id)
		return console_not_found(req, res);
	struct guide g;
	rc = store_guide_get(req->db, req->arena, id, &g);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	/* the posted fields, as typed (sections keep their inner line breaks) */
	for (int i = 0; i < GUIDE_FIELDS; i++) {
		enum guide_field f = (enum guide_field)i;
		const char *v = guide_field_multiline(f)
				    ? web_form(req, guide_field_key(f))
				    : console_form_text(req, guide_field_key(f));
		g.f[i] = v ? v : "";
	}
	const char *action = console_form_text(req, "action");
	struct buf err = BUF_INIT;
	if (!strcmp(action, "preview")) {
		rc = guide_check(&g, &err, NULL);
		const char *msg = rc ? arena_strdup(req->arena, buf_cstr(&err)) : NULL;
		buf_free(&err);
		/* a refused field is not previewed: the form shows it with the reason */
		return render(req, res, &ag, &g, rc ? (msg ? msg : "内容有误") : NULL,
			      rc ? 422 : 200, rc == 0);
	}
	if (strcmp(action, "save") != 0) {
		buf_free(&err);
		return render(req, res, &ag, &g, "不认识的操作。", 422, false);
	}
	int revision = 0;
	rc = store_guide_save(req->db, console_actor(req), &g, &revision, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		return render(req, res, &ag, &g, msg ? msg : "无法保存", 422, false);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/guide?agency=%lld&done=saved", id);
	ui_redirect(req, res, to ? to : "/console/guide");
	return 0;
}

int page_console_guide_revision(struct web_request *req, struct web_response *res)
{
	long long id = 0, rev = 0;
	if (!console_id(req->path_args[0], &id) || !console_id(req->path_args[1], &rev) ||
	    rev > 1000000 || !session_can(req, id, ROLE_ADMIN))
		return console_not_found(req, res);
	struct guide g;
	int rc = store_guide_revision_get(req->db, req->arena, id, (int)rev, &g);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	ui_console_begin(req, res, "指南的历史版本", "/console/guide");
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"");
	html_attrf(w, "/console/guide?agency=%lld", id);
	html_raw(w, "\">公开指南</a> › <span aria-current=\"page\">");
	html_txtf(w, "第 %d 版", g.revision);
	html_raw(w, "</span></nav>\n<h1>");
	html_txt(w, g.agency_name);
	html_txtf(w, "政府信息公开指南（第 %d 版）", g.revision);
	html_raw(w, "</h1>\n<p class=\"meta\">保存时间（北京时间）：");
	beijing_time(w, g.revised_at);
	html_raw(w, "　保存人：");
	html_txt(w, g.revised_by);
	html_raw(w, "</p>\n<div class=\"guide-preview\">\n");
	guide_view_body(w, &g);
	html_raw(w, "</div>\n");
	ui_console_end(req, res);
	return 0;
}
