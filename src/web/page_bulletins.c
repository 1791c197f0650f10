/* page_bulletins.c: /console/oversight/bulletins, the quarterly 通报: the issued ones (for the
 * 主管部门 and every agency below it), and for the 主管部门 the quarter's draft: its 约谈 and
 * 通报批评 lists, opening and ending, a preview as .docx and .xlsx, and 印发 (审核人 and
 * above), which numbers it and keeps its files for good. */
#include "common.h"
#include "arena.h"
#include "page_assessment.h"
#include "render/bulletin.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/assessment.h"
#include "ui_shared.h"
#include "web/bulletin_make.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True when the user may read root's issued 通报: a role on root or on an agency below it. */
static bool reader_of(struct web_request *req, long long root)
{
	if (session_can(req, root, ROLE_VIEWER))
		return true;
	long long *ids = NULL;
	size_t n = 0;
	if (store_agency_subtree(req->db, root, true, &ids, &n))
		return false;
	bool ok = false;
	for (size_t i = 0; i < n && !ok; i++)
		ok = session_can(req, ids[i], ROLE_VIEWER);
	free(ids);
	return ok;
}

static void textarea(struct buf *w, const char *id, const char *name, const char *label,
		     const char *value, const char *hint)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</label><textarea rows=\"4\" cols=\"80\" maxlength=\"4000\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\">");
	html_txt(w, value ? value : "");
	html_raw(w, "</textarea><span class=\"hint\">");
	html_txt(w, hint);
	html_raw(w, "</span></div>");
}

static int render(struct web_request *req, struct web_response *res,
		  const struct console_agencies *ag, long long root, int quarter,
		  const struct assess_notes *sticky, const char *error, int status)
{
	struct bulletin_row *v = NULL;
	size_t n = 0;
	int rc = store_bulletin_list(req->db, req->arena, NULL, 0, &v, &n);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "季度通报", "/console/oversight");
	struct buf *w = &res->body;
	assess_ui_subnav(w, "/console/oversight/bulletins");
	html_raw(w, "<h1>季度通报</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (!error && done && !strcmp(done, "notes"))
		console_alert(w, "ok", "已保存通报内容。");
	if (!error && done && !strcmp(done, "issued"))
		console_alert(w, "ok", "通报已印发，印发后不能更改。");
	html_raw(w, "<section class=\"panel\"><h2>已印发的通报</h2>");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!reader_of(req, v[i].root_id))
			continue;
		if (!shown++)
			html_raw(w,
				 "<table class=\"data\"><thead><tr><th scope=\"col\">期号</th>"
				 "<th scope=\"col\">标题</th><th scope=\"col\">印发单位</th>"
				 "<th scope=\"col\">印发时间</th><th scope=\"col\">下载</th></tr>"
				 "</thead><tbody>");
		html_raw(w, "<tr><td>");
		html_txtf(w, "第%d期", v[i].number);
		html_raw(w, "</td><td>");
		html_txt(w, v[i].title);
		html_raw(w, "</td><td>");
		html_txt(w, console_agency_name(ag, v[i].root_id));
		html_raw(w, "</td><td>");
		ui_time_beijing(w, v[i].issued_at, "—");
		html_raw(w, "</td><td><a href=\"/console/oversight/bulletins/");
		html_attrf(w, "%lld", v[i].id);
		html_raw(w, "/docx\">Word</a> <a href=\"/console/oversight/bulletins/");
		html_attrf(w, "%lld", v[i].id);
		html_raw(w, "/xlsx\">Excel</a></td></tr>");
	}
	html_raw(w,
		 shown ? "</tbody></table></section>\n" : "<p>还没有印发的通报。</p></section>\n");

	if (root > 0) {
		char qk[8], rs[24], title[96];
		assess_quarter_key(quarter, qk);
		assess_bulletin_title(quarter, title);
		snprintf(rs, sizeof(rs), "%lld", root);
		struct assess_notes notes;
		if (sticky)
			notes = *sticky;
		else if ((rc =
			      store_bulletin_notes_get(req->db, req->arena, root, quarter, &notes)))
			return rc;
		html_raw(
		    w,
		    "<section class=\"panel\"><h2>编制通报</h2><form method=\"get\" "
		    "action=\"/console/oversight/bulletins\" class=\"form compact\">"
		    "<label for=\"b-root\">主管部门</label><select id=\"b-root\" name=\"root\">");
		for (size_t i = 0; i < ag->n; i++)
			if (assess_ui_manages(ag, req, ag->v[i].id, ROLE_CLERK)) {
				html_raw(w, "<option value=\"");
				html_attrf(w, "%lld", ag->v[i].id);
				html_raw(w, ag->v[i].id == root ? "\" selected>" : "\">");
				html_txt(w, ag->v[i].name);
				html_raw(w, "</option>");
			}
		html_raw(w,
			 "</select><label for=\"b-quarter\">季度</label><select id=\"b-quarter\" "
			 "name=\"quarter\">");
		assess_ui_quarter_options(w, quarter);
		html_raw(w,
			 "</select><button type=\"submit\" class=\"button secondary\">选择</button>"
			 "</form><h3>");
		html_txt(w, title);
		html_raw(w,
			 "</h3><form method=\"post\" action=\"/console/oversight/bulletins/notes\" "
			 "class=\"form\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"root\" value=\"");
		html_attr(w, rs);
		html_raw(w, "\"><input type=\"hidden\" name=\"quarter\" value=\"");
		html_attr(w, qk);
		html_raw(w, "\">");
		textarea(w, "b-opening", "opening", "开头", notes.opening, "留空则用默认的开头。");
		textarea(w, "b-interviews", "interviews", "约谈单位", notes.interviews,
			 "每行一个单位，可在括号内注明原因。");
		textarea(w, "b-criticised", "criticised", "通报批评单位", notes.criticised,
			 "每行一个单位，可在括号内注明原因。");
		textarea(w, "b-ending", "ending", "下一步工作要求", notes.ending,
			 "留空则用默认的要求。");
		html_raw(w,
			 "<button type=\"submit\" class=\"button secondary\">保存通报内容</button>"
			 "</form><p>预览（草稿）：<a "
			 "href=\"/console/oversight/bulletins/draft/docx?root=");
		html_url_arg(w, rs);
		html_raw(w, "&amp;quarter=");
		html_url_arg(w, qk);
		html_raw(w, "\">Word</a> <a href=\"/console/oversight/bulletins/draft/xlsx?root=");
		html_url_arg(w, rs);
		html_raw(w, "&amp;quarter=");
		html_url_arg(w, qk);
		html_raw(w, "\">Excel</a>。通报的排名和问题取自本季度已计算的考核得分。</p>");
		const struct bulletin_row *issued = NULL;
		for (size_t i = 0; i < n && !issued; i++)
			if (v[i].root_id == root && v[i].quarter == quarter)
				issued = &v[i];
		if (issued) {
			html_raw(w, "<p><strong>");
			html_txtf(w, "本季度通报已于");
			ui_time_beijing(w, issued->issued_at, "—");
			html_txtf(w, "印发（第%d期），不能再修改。", issued->number);
			html_raw(w, "</strong></p>");
		} else if (session_can(req, root, ROLE_REVIEWER)) {
			html_raw(
			    w,
			    "<form method=\"post\" action=\"/console/oversight/bulletins/issue\">");
			session_csrf_field(req, w);
			html_raw(w, "<input type=\"hidden\" name=\"root\" value=\"");
			html_attr(w, rs);
			html_raw(w, "\"><input type=\"hidden\" name=\"quarter\" value=\"");
			html_attr(w, qk);
			html_raw(w,
				 "\"><button type=\"submit\" class=\"button primary\">印发通报"
				 "</button><span class=\"hint\">印发后编号存档，不能再修改。</span>"
				 "</form>");
		}
		html_raw(w, "</section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_bulletins(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	int quarter = assess_ui_quarter(req, false);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	long long root = assess_ui_root(req, &ag, ROLE_CLERK, false);
	if (root < 0)
		return console_not_found(req, res);
	return render(req, res, &ag, root, quarter, NULL, NULL, 200);
}

/* root and quarter of a posted form the user manages with role; false after answering. */
static bool posted_target(struct web_request *req, struct web_response *res,
			  struct console_agencies *ag, int role, long long *root, int *quarter)
{
	if (console_agencies_load(req, ag)) {
		ui_error_page(req, res, 503, "暂时无法处理", "请稍后再试。");
		return false;
	}
	*root = assess_ui_root(req, ag, role, true);
	if (*root <= 0) {
		console_not_found(req, res);
		return false;
	}
	*quarter = assess_ui_quarter(req, true);
	if (!*quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return false;
	}
	return true;
}

static void redirect_done(struct web_request *req, struct web_response *res, long long root,
			  int quarter, const char *done)
{
	char qk[8];
	assess_quarter_key(quarter, qk);
	char *loc =
	    arena_printf(req->arena, "/console/oversight/bulletins?root=%lld&quarter=%s&done=%s",
			 root, qk, done);
	ui_redirect(req, res, loc ? loc : "/console/oversight/bulletins");
}

int page_bulletin_notes(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	long long root;
	int quarter;
	if (!posted_target(req, res, &ag, ROLE_CLERK, &root, &quarter))
		return 0;
	struct assess_notes notes = {console_form_text(req, "opening"),
				     console_form_text(req, "interviews"),
				     console_form_text(req, "criticised"),
				     console_form_text(req, "ending"),
				     "",
				     ""};
	struct buf err = BUF_INIT;
	int rc = store_bulletin_notes_set(req->db, console_actor(req), root, quarter, &notes, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		struct assess_notes blank = {"", "", "", "", "", ""};
		return render(req, res, &ag, root, quarter, &blank, msg ? msg : "内容不正确。",
			      400);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, root, quarter, "notes");
	return 0;
}

static int send_file(struct web_request *req, struct web_response *res, const struct buf *data,
		     bool docx, int quarter, int number)
{
	char qk[8], title[96];
	assess_quarter_key(quarter, qk);
	assess_bulletin_title(quarter, title);
	res->content_type = docx ? BULLETIN_DOCX_TYPE : BULLETIN_XLSX_TYPE;
	buf_reset(&res->body);
	int rc = buf_add(&res->body, data->p ? data->p : "", data->len);
	if (rc)
		return rc;
	web_add_header(res, "Cache-Control", "no-store");
	char ascii[64];
	snprintf(ascii, sizeof(ascii), "bulletin-%s%s.%s", qk, number ? "" : "-draft",
		 docx ? "docx" : "xlsx");
	char *name =
	    number
		? arena_printf(req->arena, "%s（第%d期）.%s", title, number, docx ? "docx" : "xlsx")
		: arena_printf(req->arena, "%s（草稿）.%s", title, docx ? "docx" : "xlsx");
	return name ? ui_attachment(req, res, "attachment", ascii, name) : ZF_ENOMEM;
}

static int kind_arg(const char *s, bool *docx)
{
	if (!strcmp(s, "docx"))
		*docx = true;
	else if (!strcmp(s, "xlsx"))
		*docx = false;
	else
		return ZF_EINVAL;
	return 0;
}

int page_bulletin_draft(struct web_request *req, struct web_response *res)
{
	bool docx;
	if (kind_arg(req->path_args[0], &docx))
		return console_not_found(req, res);
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long root = assess_ui_root(req, &ag, ROLE_CLERK, false);
	if (root <= 0)
		return console_not_found(req, res);
	int quarter = assess_ui_quarter(req, false);
	if (!quarter) {
		ui_error_page(req, res, 400, "季度不正确", "季度应写作 2026Q3。");
		return 0;
	}
	struct buf out = BUF_INIT, err = BUF_INIT;
	rc = bulletin_make(req->db, root, quarter, date_today(), false, console_actor(req),
			   docx ? &out : NULL, docx ? NULL : &out, NULL, NULL, &err);
	if (rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		rc = render(req, res, &ag, root, quarter, NULL, msg ? msg : "无法生成通报。", 409);
	} else if (!rc) {
		rc = send_file(req, res, &out, docx, quarter, 0);
	}
	buf_free(&out);
	buf_free(&err);
	return rc;
}

int page_bulletin_issue(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	long long root;
	int quarter;
	if (!posted_target(req, res, &ag, ROLE_REVIEWER, &root, &quarter))
		return 0;
	struct buf err = BUF_INIT;
	int rc = bulletin_make(req->db, root, quarter, date_today(), true, console_actor(req), NULL,
			       NULL, NULL, NULL, &err);
	if (rc == ZF_ENOENT || rc == ZF_EEXIST || rc == ZF_ESTATE) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return render(req, res, &ag, root, quarter, NULL, msg ? msg : "无法印发。", 409);
	}
	buf_free(&err);
	if (rc)
		return rc;
	redirect_done(req, res, root, quarter, "issued");
	return 0;
}

int page_bulletin_file(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	bool docx;
	if (!console_id(req->path_args[0], &id) || kind_arg(req->path_args[1], &docx))
		return console_not_found(req, res);
	struct bulletin_row b;
	int rc = store_bulletin_get(req->db, req->arena, id, &b);
	if (rc == ZF_ENOENT || (!rc && !reader_of(req, b.root_id)))
		return console_not_found(req, res);
	if (rc)
		return rc;
	struct buf out = BUF_INIT;
	rc = store_bulletin_file(req->db, id, docx ? "docx" : "xlsx", &out);
	if (!rc)
		rc = send_file(req, res, &out, docx, b.quarter, b.number);
	buf_free(&out);
	return rc;
}
