/* page_consult_console.c: /console/hdjl/consultations, 意见征集 in the console: the list of
 * the consultations of the agencies the user may see and a form to draft one; one
 * consultation with its draft (edited while a draft or open), the steps (发布, 结束征集), the
 * choice of publishing the comments, the comments each judged (采纳, 部分采纳, 未采纳 with a
 * reason, or withheld from the public page), the 采纳情况 published once all are judged, and
 * the comments as .xlsx for collating in Excel. Every role over the agency reads; its clerks
 * change; another agency's consultation answers 404. The store audits every change. */
#include "common.h"
#include "arena.h"
#include "page_consult.h"
#include "page_console.h"
#include "render/html.h"
#include "render/xlsx_table.h"
#include "routes.h"
#include "session.h"
#include "store/audit.h"
#include "store/consult.h"
#include "ui_shared.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"added", "已建立意见征集草稿。核对内容后，点“发布征集”向社会公开。"},
    {"saved", "已保存。"},
    {"opened", "已发布，公众可以在征集期内提交意见。"},
    {"closed", "已结束征集，不再接收意见。请逐条处理意见后公布采纳情况。"},
    {"public", "公众意见将在公开页面显示（个人信息已隐去）。"},
    {"private", "公众意见不在公开页面显示。"},
    {"result", "已公布意见采纳情况。"},
    {"judged", "已保存意见处理结果。"},
};

static void done_alert(struct web_request *req, struct buf *w)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
}

/* The fields of the add and edit forms. */
static void fields_html(struct web_request *req, struct buf *w, const struct console_agencies *ag,
			const struct consultation_fields *f, bool with_agency)
{
	if (with_agency) {
		html_raw(w,
			 "<div class=\"field\"><label for=\"k-agency\" class=\"required\">征集机关"
			 "</label><select id=\"k-agency\" name=\"agency\">");
		console_agency_options(w, req, ag, ROLE_CLERK, f->agency_id);
		html_raw(w, "</select></div>\n");
	}
	console_text_field(w, "k-title", "title", "标题", f->title, true, CONSULT_TITLE_MAX);
	console_date_field(w, "k-opens", "opens_on", "征集开始日期", f->opens_on, true);
	console_date_field(w, "k-closes", "closes_on", "征集截止日期", f->closes_on, true);
	consult_textarea(w, "k-draft", "draft", "征求意见稿", f->draft, true, CONSULT_DRAFT_MAX,
			 14);
	consult_textarea(w, "k-explain", "explanation", "起草说明", f->explanation, false,
			 CONSULT_EXPLAIN_MAX, 8);
	html_raw(w, "<div class=\"field\"><label class=\"check\"><input type=\"checkbox\" "
		    "name=\"name_required\" value=\"1\"");
	html_raw(w, f->name_required ? " checked" : "");
	html_raw(w,
		 "> 提交意见须填写姓名</label></div>\n<div class=\"field\"><label "
		 "class=\"check\"><input type=\"checkbox\" name=\"comments_public\" value=\"1\"");
	html_raw(w, f->comments_public ? " checked" : "");
	html_raw(w, "> 在公开页面显示公众意见（姓名只显示姓氏，个人信息隐去）</label></div>\n");
}

/* Reads the posted fields; an error message or NULL. */
static const char *fields_read(struct web_request *req, struct consultation_fields *f)
{
	memset(f, 0, sizeof(*f));
	long long agency = 0;
	const char *a = console_form_text(req, "agency");
	if (*a && !console_id(a, &agency))
		return "请选择征集机关。";
	f->agency_id = agency;
	f->title = console_form_text(req, "title");
	f->draft = console_form_text(req, "draft");
	f->explanation = console_form_text(req, "explanation");
	f->opens_on = console_form_day(req, "opens_on");
	f->closes_on = console_form_day(req, "closes_on");
	f->name_required = !strcmp(console_form_text(req, "name_required"), "1");
	f->comments_public = !strcmp(console_form_text(req, "comments_public"), "1");
	if (*console_form_text(req, "opens_on") && !f->opens_on)
		return "征集开始日期不是有效的日期。";
	if (*console_form_text(req, "closes_on") && !f->closes_on)
		return "征集截止日期不是有效的日期。";
	return NULL;
}

/* ---------------------------------------------------------------- the list */

static int render_list(struct web_request *req, struct web_response *res,
		       const struct consultation_fields *sticky, const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct consultation *v;
	size_t n;
	if ((rc = store_consult_list(req->db, req->arena, 0, false, &v, &n)))
		return rc;
	res->status = status;
	ui_console_begin(req, res, "意见征集", "/console/hdjl");
	struct buf *w = &res->body;
	consult_console_tabs(w, "consultations");
	html_raw(w, "<h1>意见征集</h1>\n");
	if (error)
		console_alert(w, "error", error);
	done_alert(req, w);
	zf_day today = date_today();
	html_raw(w, "<table class=\"data\"><caption class=\"sr-only\">意见征集列表</caption>"
		    "<thead><tr><th scope=\"col\">标题</th><th scope=\"col\">机关</th>"
		    "<th scope=\"col\">征集时间</th><th scope=\"col\">状态</th>"
		    "<th scope=\"col\" class=\"num\">意见</th><th scope=\"col\" class=\"num\">"
		    "待处理</th></tr></thead><tbody>\n");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct consultation *c = &v[i];
		if (!session_can(req, c->f.agency_id, ROLE_VIEWER))
			continue;
		shown++;
		char a[11], b[11];
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/hdjl/consultations/%lld", c->id);
		html_raw(w, "\">");
		html_txt(w, c->f.title);
		html_raw(w, "</a></td><td>");
		html_txt(w, c->agency_name);
		html_raw(w, "</td><td>");
		html_txt(w, date_format(c->f.opens_on, a));
		html_txt(w, " 至 ");
		html_txt(w, date_format(c->f.closes_on, b));
		html_raw(w, "</td><td>");
		html_txt(w, consult_status_label(c->status));
		if (c->status == CONSULT_OPEN && today > c->f.closes_on)
			html_raw(w, " <span class=\"tag overdue\">已过截止日期，待结束</span>");
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", c->nreceived);
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", c->npending);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	if (!shown)
		html_raw(w, "<p class=\"muted\">还没有意见征集。</p>\n");

	bool clerk = false;
	for (size_t i = 0; i < ag.n && !clerk; i++)
		clerk = session_can(req, ag.v[i].id, ROLE_CLERK);
	if (clerk) {
		struct consultation_fields blank = {
		    .agency_id = req->user->agency_id, .opens_on = today, .closes_on = today + 29};
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"new-title\"><h2 "
			    "id=\"new-title\">新建意见征集</h2>\n<form method=\"post\" "
			    "class=\"form\" action=\"/console/hdjl/consultations\">");
		session_csrf_field(req, w);
		fields_html(req, w, &ag, sticky ? sticky : &blank, true);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存草稿</button>"
			    "</p></form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_consult_console(struct web_request *req, struct web_response *res)
{
	return render_list(req, res, NULL, NULL, 200);
}

int page_consult_console_add(struct web_request *req, struct web_response *res)
{
	struct consultation_fields f;
	const char *error = fields_read(req, &f);
	if (!error && !session_can(req, f.agency_id, ROLE_CLERK))
		error = "请选择您有权办理的征集机关。";
	if (error)
		return render_list(req, res, &f, error, 422);
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_consult_add(req->db, console_actor(req), &f, &id, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		return render_list(req, res, &f, error ? error : "无法保存", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/hdjl/consultations/%lld?done=added", id));
	return 0;
}

/* ---------------------------------------------------------------- one consultation */

/* Loads the consultation of path_args[0] when the user holds role over its agency; else
 * answers 404 and returns ZF_ENOENT. */
static int load(struct web_request *req, struct web_response *res, int role, struct consultation *c)
{
	long long id;
	int rc = console_id(req->path_args[0], &id) ? store_consult_get(req->db, req->arena, id, c)
						    : ZF_ENOENT;
	if (!rc && !session_can(req, c->f.agency_id, role))
		rc = ZF_ENOENT;
	if (rc == ZF_ENOENT)
		console_not_found(req, res);
	return rc;
}

static void outcome_options(struct buf *w, enum consult_outcome sel)
{
	for (int o = OUTCOME_PENDING; o <= OUTCOME_REJECTED; o++) {
		html_raw(w, "<option value=\"");
		html_attr(w, consult_outcome_key((enum consult_outcome)o));
		html_raw(w, o == (int)sel ? "\" selected>" : "\">");
		html_txt(w, consult_outcome_label((enum consult_outcome)o));
		html_raw(w, "</option>");
	}
}

static void action_button(struct web_request *req, struct buf *w, long long id, const char *action,
			  const char *label, const char *cls)
{
	html_raw(w, "<form method=\"post\" class=\"inline\" action=\"");
	html_attrf(w, "/console/hdjl/consultations/%lld", id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\"><button type=\"submit\" class=\"button ");
	html_attr(w, cls);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</button></form> ");
}

static int render_one(struct web_request *req, struct web_response *res,
		      const struct consultation *c, const struct consultation_fields *sticky,
		      const char *result_sticky, const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct consult_comment *cm;
	size_t ncm;
	if ((rc = store_consult_comments(req->db, req->arena, c->id, false, &cm, &ncm)))
		return rc;
	bool clerk = session_can(req, c->f.agency_id, ROLE_CLERK);
	res->status = status;
	ui_console_begin(req, res, c->f.title, "/console/hdjl");
	struct buf *w = &res->body;
	consult_console_tabs(w, "consultations");
	html_raw(w, "<h1>");
	html_txt(w, c->f.title);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	done_alert(req, w);
	char a[11], b[11];
	html_raw(w, "<table class=\"doc-meta\"><tr><th scope=\"row\">机关</th><td>");
	html_txt(w, c->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">征集时间</th><td>");
	html_txt(w, date_format(c->f.opens_on, a));
	html_txt(w, " 至 ");
	html_txt(w, date_format(c->f.closes_on, b));
	html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td id=\"status\">");
	html_txt(w, consult_status_label(c->status));
	html_raw(w, "</td></tr><tr><th scope=\"row\">意见</th><td>");
	html_txtf(w, "收到 %lld 条：采纳 %lld，部分采纳 %lld，未采纳 %lld，待处理 %lld",
		  c->nreceived, c->nadopted, c->npartial, c->nrejected, c->npending);
	html_raw(w, "</td></tr><tr><th scope=\"row\">公众意见</th><td>");
	html_txt(w, c->f.comments_public ? "在公开页面显示" : "不在公开页面显示");
	html_raw(w, "</td></tr></table>\n<p class=\"actions\">");
	if (c->status != CONSULT_DRAFT) {
		html_raw(w, "<a class=\"button secondary\" href=\"");
		html_attrf(w, "/hdjl/consultations/%lld", c->id);
		html_raw(w, "\">查看公开页面</a> ");
	}
	html_raw(w, "<a class=\"button secondary\" href=\"");
	html_attrf(w, "/console/hdjl/consultations/%lld/comments.xlsx", c->id);
	html_raw(w, "\">导出意见（Excel）</a> ");
	if (clerk) {
		if (c->status == CONSULT_DRAFT)
			action_button(req, w, c->id, "open", "发布征集", "primary");
		if (c->status == CONSULT_OPEN)
			action_button(req, w, c->id, "close", "结束征集", "danger");
		if (c->status != CONSULT_DRAFT)
			action_button(req, w, c->id, c->f.comments_public ? "private" : "public",
				      c->f.comments_public ? "不再公开公众意见" : "公开公众意见",
				      "secondary");
	}
	html_raw(w, "</p>\n");

	/* the comments */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"cm-title\"><h2 id=\"cm-title\">"
		    "公众意见</h2>\n");
	if (!ncm)
		html_raw(w, "<p class=\"muted\">还没有收到意见。</p>\n");
	else
		html_raw(w, "<table class=\"data comments\"><thead><tr><th scope=\"col\">编号</th>"
			    "<th scope=\"col\">提交人</th><th scope=\"col\">联系方式</th>"
			    "<th scope=\"col\">提交时间</th><th scope=\"col\">意见内容</th>"
			    "<th scope=\"col\">处理</th></tr></thead><tbody>\n");
	bool judging = clerk && c->status != CONSULT_RESULT;
	for (size_t i = 0; i < ncm; i++) {
		const struct consult_comment *k = &cm[i];
		html_raw(w, "<tr><td>");
		html_txtf(w, "%lld", k->id);
		html_raw(w, "</td><td>");
		html_txt(w, *k->name ? k->name : "（未署名）");
		html_raw(w, "</td><td>");
		html_txt(w, k->contact);
		html_raw(w, "</td><td>");
		ui_time_beijing(w, k->submitted_at, "");
		html_raw(w, "</td><td>");
		consult_paragraphs(w, k->body);
		html_raw(w, "</td><td>");
		if (judging) {
			html_raw(w, "<form method=\"post\" class=\"form compact\" action=\"");
			html_attrf(w, "/console/hdjl/consultations/%lld/comments/%lld", c->id,
				   k->id);
			html_raw(w, "\">");
			session_csrf_field(req, w);
			html_raw(w, "<label class=\"sr-only\" for=\"o-");
			html_attrf(w, "%lld", k->id);
			html_raw(w, "\">处理结果</label><select name=\"outcome\" id=\"o-");
			html_attrf(w, "%lld", k->id);
			html_raw(w, "\">");
			outcome_options(w, k->outcome);
			html_raw(w, "</select><label class=\"sr-only\" for=\"r-");
			html_attrf(w, "%lld", k->id);
			html_raw(
			    w, "\">理由</label><input type=\"text\" name=\"reason\" "
			       "maxlength=\"500\" placeholder=\"理由（未采纳的请写明）\" id=\"r-");
			html_attrf(w, "%lld", k->id);
			html_raw(w, "\" value=\"");
			html_attr(w, k->reason);
			html_raw(w, "\"><label class=\"check\"><input type=\"checkbox\" "
				    "name=\"withheld\" value=\"1\"");
			html_raw(w, k->withheld ? " checked" : "");
			html_raw(w, "> 不公开此条</label><button type=\"submit\" class=\"button "
				    "secondary\">保存</button></form>");
		} else {
			html_txt(w, consult_outcome_label(k->outcome));
			if (*k->reason) {
				html_raw(w, "：");
				html_txt(w, k->reason);
			}
			if (k->withheld)
				html_raw(w, " <span class=\"tag muted\">不公开</span>");
		}
		html_raw(w, "</td></tr>\n");
	}
	if (ncm)
		html_raw(w, "</tbody></table>\n");
	html_raw(w, "</section>\n");

	/* the 采纳情况 */
	if (c->status == CONSULT_CLOSED && clerk) {
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"res-title\"><h2 "
			    "id=\"res-title\">公布意见采纳情况</h2>\n");
		if (c->npending) {
			html_raw(w, "<p class=\"alert info\">");
			html_txtf(w, "还有 %lld 条意见待处理。全部处理后才能公布。", c->npending);
			html_raw(w, "</p>");
		}
		html_raw(w, "<form method=\"post\" class=\"form\" action=\"");
		html_attrf(w, "/console/hdjl/consultations/%lld", c->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"result\">");
		char *suggest = arena_printf(
		    req->arena,
		    "本次征集共收到意见 %lld 条，采纳 %lld 条，部分采纳 %lld 条，未采纳 %lld 条。"
		    "未采纳的主要理由如下：",
		    c->nreceived, c->nadopted, c->npartial, c->nrejected);
		consult_textarea(
		    w, "k-result", "result", "采纳情况说明（数量由系统按逐条处理结果统计）",
		    result_sticky ? result_sticky : suggest, true, CONSULT_RESULT_MAX, 8);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">公布采纳情况"
			    "</button></p></form></section>\n");
	} else if (c->status == CONSULT_RESULT) {
		html_raw(w, "<section class=\"panel\"><h2>意见采纳情况（已公布）</h2>");
		consult_paragraphs(w, c->result_text);
		html_raw(w, "</section>\n");
	}

	/* the draft */
	if (clerk && (c->status == CONSULT_DRAFT || c->status == CONSULT_OPEN)) {
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"edit-title\"><h2 "
			    "id=\"edit-title\">修改</h2>\n<form method=\"post\" class=\"form\" "
			    "action=\"");
		html_attrf(w, "/console/hdjl/consultations/%lld", c->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"edit\">");
		fields_html(req, w, &ag, sticky ? sticky : &c->f, false);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
			    "</form></section>\n");
	} else {
		html_raw(w, "<section class=\"panel\"><h2>征求意见稿</h2>");
		consult_paragraphs(w, c->f.draft);
		if (*c->f.explanation) {
			html_raw(w, "<h2>起草说明</h2>");
			consult_paragraphs(w, c->f.explanation);
		}
		html_raw(w, "</section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_consult_console_one(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, ROLE_VIEWER, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	return render_one(req, res, &c, NULL, NULL, NULL, 200);
}

int page_consult_console_change(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, ROLE_CLERK, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	const char *done = NULL, *error = NULL, *result = NULL;
	struct consultation_fields f;
	bool editing = false;
	struct buf err = BUF_INIT;
	zf_day today = date_today();
	if (!strcmp(action, "edit")) {
		editing = true;
		error = fields_read(req, &f);
		f.agency_id = c.f.agency_id;
		if (!error)
			rc = store_consult_edit(req->db, actor, c.id, &f, &err);
		done = "saved";
	} else if (!strcmp(action, "open")) {
		rc = store_consult_move(req->db, actor, c.id, CONSULT_OPEN, today, &err);
		done = "opened";
	} else if (!strcmp(action, "close")) {
		rc = store_consult_move(req->db, actor, c.id, CONSULT_CLOSED, today, &err);
		done = "closed";
	} else if (!strcmp(action, "public") || !strcmp(action, "private")) {
		bool on = action[1] == 'u';
		rc = store_consult_set_public(req->db, actor, c.id, on, &err);
		done = on ? "public" : "private";
	} else if (!strcmp(action, "result")) {
		result = console_form_text(req, "result");
		rc = store_consult_publish_result(req->db, actor, c.id, result, today, &err);
		done = "result";
	} else {
		error = "不认识的操作。";
	}
	if (!error && rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ENOENT) {
		buf_free(&err);
		return rc;
	}
	if (!error && rc)
		error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
	buf_free(&err);
	if (error)
		return render_one(req, res, &c, editing ? &f : NULL, result, error,
				  rc == ZF_ESTATE ? 409 : 422);
	ui_redirect(
	    req, res,
	    arena_printf(req->arena, "/console/hdjl/consultations/%lld?done=%s", c.id, done));
	return 0;
}

int page_consult_console_judge(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, ROLE_CLERK, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	long long cid;
	struct consult_comment k;
	rc = console_id(req->path_args[1], &cid)
		 ? store_consult_comment_get(req->db, req->arena, cid, &k)
		 : ZF_ENOENT;
	if (rc == ZF_ENOENT || (!rc && k.consultation_id != c.id))
		return console_not_found(req, res);
	if (rc)
		return rc;
	int o = consult_outcome_parse(console_form_text(req, "outcome"));
	const char *error = NULL;
	struct buf err = BUF_INIT;
	if (o < 0) {
		error = "请选择处理结果。";
	} else {
		rc = store_consult_comment_judge(
		    req->db, console_actor(req), cid, (enum consult_outcome)o,
		    console_form_text(req, "reason"),
		    !strcmp(console_form_text(req, "withheld"), "1"), &err);
		if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
	}
	buf_free(&err);
	if (error)
		return render_one(req, res, &c, NULL, NULL, error, rc == ZF_ESTATE ? 409 : 422);
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/hdjl/consultations/%lld?done=judged", c.id));
	return 0;
}

/* ---------------------------------------------------------------- the export */

#define NCOL 9

int page_consult_console_export(struct web_request *req, struct web_response *res)
{
	struct consultation c;
	int rc = load(req, res, ROLE_VIEWER, &c);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	struct consult_comment *cm;
	size_t n;
	if ((rc = store_consult_comments(req->db, req->arena, c.id, false, &cm, &n)))
		return rc;
	static const char *const heads[NCOL] = {"编号",	    "提交时间", "姓名",
						"联系方式", "意见内容", "处理结果",
						"理由",	    "是否公开", "征集事项"};
	const char **cells = arena_alloc(req->arena, (n ? n : 1) * NCOL * sizeof(*cells));
	if (!cells)
		return ZF_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char **row = cells + i * NCOL;
		char t[20];
		row[0] = arena_printf(req->arena, "%lld", cm[i].id);
		row[1] = arena_strdup(req->arena, audit_time_beijing(cm[i].submitted_at, t));
		row[2] = cm[i].name;
		row[3] = cm[i].contact;
		row[4] = cm[i].body;
		row[5] = consult_outcome_label(cm[i].outcome);
		row[6] = cm[i].reason;
		row[7] = cm[i].withheld || !c.f.comments_public ? "否" : "是";
		row[8] = c.f.title;
	}
	char today[11];
	date_format(date_today(), today);
	char *title =
	    arena_printf(req->arena, "%s：公众意见（导出日期 %s，共 %zu 条）", c.f.title, today, n);
	struct buf x = BUF_INIT;
	rc = xlsx_table("意见", title ? title : "公众意见", heads, NCOL, cells, n, &x);
	if (!rc) {
		char *disp = arena_printf(
		    req->arena, "attachment; filename=\"consultation-%lld-comments.xlsx\"", c.id);
		rc = console_send(res, &x,
				  "application/vnd.openxmlformats-officedocument."
				  "spreadsheetml.sheet",
				  disp ? disp : "attachment");
	}
	buf_free(&x);
	return rc;
}
