/* page_interview_console.c: /console/hdjl/interviews, 在线访谈 in the console: the list and a
 * form to announce one; one interview with its announcement (edited until the transcript is
 * published), its guests (added and removed), the questions sent in (approved, rejected,
 * marked answered), the steps (开始, 结束) and the transcript, written and published. Every
 * role over the agency reads; its clerks change; another agency's interview answers 404. */
#include "common.h"
#include "arena.h"
#include "page_consult.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/consult.h"
#include "ui_shared.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"added", "已发布访谈预告，公众可以提出问题。"},
    {"saved", "已保存。"},
    {"live", "访谈已开始，不再征集问题。"},
    {"finished", "访谈已结束。请整理文字实录后公布。"},
    {"published", "已公布文字实录。"},
    {"transcript", "已保存文字实录。"},
    {"guest", "已更新嘉宾。"},
    {"moderated", "已保存问题的审核结果。"},
};

static void done_alert(struct web_request *req, struct buf *w)
{
	const char *done = web_arg(req, "done");
	for (size_t i = 0; done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
}

static void fields_html(struct web_request *req, struct buf *w, const struct console_agencies *ag,
			const struct interview_fields *f, bool with_agency)
{
	if (with_agency) {
		html_raw(w,
			 "<div class=\"field\"><label for=\"i-agency\" class=\"required\">主办机关"
			 "</label><select id=\"i-agency\" name=\"agency\">");
		console_agency_options(w, req, ag, ROLE_CLERK, f->agency_id);
		html_raw(w, "</select></div>\n");
	}
	console_text_field(w, "i-title", "title", "访谈标题", f->title, true, CONSULT_TITLE_MAX);
	console_date_field(w, "i-day", "held_on", "访谈日期", f->held_on, true);
	char t[6];
	console_text_field(w, "i-time", "held_at", "访谈时间（时:分，如 15:00）",
			   consult_hhmm(f->held_minute, t), true, 5);
	consult_textarea(w, "i-ann", "announcement", "访谈预告", f->announcement, true,
			 INTERVIEW_ANNOUNCE_MAX, 8);
}

static const char *fields_read(struct web_request *req, struct interview_fields *f)
{
	memset(f, 0, sizeof(*f));
	const char *a = console_form_text(req, "agency");
	if (*a && !console_id(a, &f->agency_id))
		return "请选择主办机关。";
	f->title = console_form_text(req, "title");
	f->announcement = console_form_text(req, "announcement");
	f->held_on = console_form_day(req, "held_on");
	if (*console_form_text(req, "held_on") && !f->held_on)
		return "访谈日期不是有效的日期。";
	int m = consult_parse_hhmm(console_form_text(req, "held_at"));
	if (m < 0)
		return "访谈时间应写成“时:分”，如 15:00。";
	f->held_minute = m;
	return NULL;
}

static int render_list(struct web_request *req, struct web_response *res,
		       const struct interview_fields *sticky, const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct interview *v;
	size_t n;
	if ((rc = store_interview_list(req->db, req->arena, 0, &v, &n)))
		return rc;
	res->status = status;
	ui_console_begin(req, res, "在线访谈", "/console/hdjl");
	struct buf *w = &res->body;
	consult_console_tabs(w, "interviews");
	html_raw(w, "<h1>在线访谈</h1>\n");
	if (error)
		console_alert(w, "error", error);
	done_alert(req, w);
	html_raw(w, "<table class=\"data\"><caption class=\"sr-only\">在线访谈列表</caption>"
		    "<thead><tr><th scope=\"col\">标题</th><th scope=\"col\">机关</th>"
		    "<th scope=\"col\">访谈时间</th><th scope=\"col\">状态</th>"
		    "<th scope=\"col\" class=\"num\">问题</th><th scope=\"col\" class=\"num\">"
		    "待审核</th></tr></thead><tbody>\n");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!session_can(req, v[i].f.agency_id, ROLE_VIEWER))
			continue;
		shown++;
		char d[11], t[6];
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/hdjl/interviews/%lld", v[i].id);
		html_raw(w, "\">");
		html_txt(w, v[i].f.title);
		html_raw(w, "</a></td><td>");
		html_txt(w, v[i].agency_name);
		html_raw(w, "</td><td>");
		html_txt(w, date_format(v[i].f.held_on, d));
		html_raw(w, " ");
		html_txt(w, consult_hhmm(v[i].f.held_minute, t));
		html_raw(w, "</td><td>");
		html_txt(w, interview_status_label(v[i].status));
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", v[i].nquestions);
		html_raw(w, "</td><td class=\"num\">");
		html_txtf(w, "%lld", v[i].npending);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
	if (!shown)
		html_raw(w, "<p class=\"muted\">还没有在线访谈。</p>\n");
	bool clerk = false;
	for (size_t i = 0; i < ag.n && !clerk; i++)
		clerk = session_can(req, ag.v[i].id, ROLE_CLERK);
	if (clerk) {
		struct interview_fields blank = {.agency_id = req->user->agency_id,
						 .held_on = date_today() + 7,
						 .held_minute = 15 * 60};
		html_raw(w,
			 "<section class=\"panel\" aria-labelledby=\"new-title\"><h2 "
			 "id=\"new-title\">发布访谈预告</h2>\n<form method=\"post\" class=\"form\" "
			 "action=\"/console/hdjl/interviews\">");
		session_csrf_field(req, w);
		fields_html(req, w, &ag, sticky ? sticky : &blank, true);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">发布预告</button>"
			    "</p></form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_interview_console(struct web_request *req, struct web_response *res)
{
	return render_list(req, res, NULL, NULL, 200);
}

int page_interview_console_add(struct web_request *req, struct web_response *res)
{
	struct interview_fields f;
	const char *error = fields_read(req, &f);
	if (!error && !session_can(req, f.agency_id, ROLE_CLERK))
		error = "请选择您有权办理的主办机关。";
	if (error)
		return render_list(req, res, &f, error, 422);
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_interview_add(req->db, console_actor(req), &f, &id, &err);
	if (rc == ZF_EINVAL || rc == ZF_ENOENT) {
		error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		return render_list(req, res, &f, error ? error : "无法保存", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/hdjl/interviews/%lld?done=added", id));
	return 0;
}

static int load(struct web_request *req, struct web_response *res, int role, struct interview *v)
{
	long long id;
	int rc = console_id(req->path_args[0], &id)
		     ? store_interview_get(req->db, req->arena, id, v)
		     : ZF_ENOENT;
	if (!rc && !session_can(req, v->f.agency_id, role))
		rc = ZF_ENOENT;
	if (rc == ZF_ENOENT)
		console_not_found(req, res);
	return rc;
}

static void form_open(struct web_request *req, struct buf *w, long long id, const char *action,
		      const char *cls)
{
	html_raw(w, "<form method=\"post\" class=\"");
	html_attr(w, cls);
	html_raw(w, "\" action=\"");
	html_attrf(w, "/console/hdjl/interviews/%lld", id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\">");
}

static void step_button(struct web_request *req, struct buf *w, long long id, const char *action,
			const char *label, const char *cls)
{
	form_open(req, w, id, action, "inline");
	html_raw(w, "<button type=\"submit\" class=\"button ");
	html_attr(w, cls);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</button></form> ");
}

static void state_options(struct buf *w, enum question_state sel)
{
	for (int s = QUESTION_PENDING; s <= QUESTION_REJECTED; s++) {
		html_raw(w, "<option value=\"");
		html_attr(w, question_state_key((enum question_state)s));
		html_raw(w, s == (int)sel ? "\" selected>" : "\">");
		html_txt(w, question_state_label((enum question_state)s));
		html_raw(w, "</option>");
	}
}

static int render_one(struct web_request *req, struct web_response *res, const struct interview *v,
		      const struct interview_fields *sticky, const char *transcript_sticky,
		      const char *error, int status)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct interview_question *q;
	size_t nq;
	if ((rc = store_interview_questions(req->db, req->arena, v->id, false, &q, &nq)))
		return rc;
	bool clerk = session_can(req, v->f.agency_id, ROLE_CLERK);
	bool open = v->status != INTERVIEW_PUBLISHED;
	res->status = status;
	ui_console_begin(req, res, v->f.title, "/console/hdjl");
	struct buf *w = &res->body;
	consult_console_tabs(w, "interviews");
	html_raw(w, "<h1>");
	html_txt(w, v->f.title);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	done_alert(req, w);
	char d[11], t[6];
	html_raw(w, "<table class=\"doc-meta\"><tr><th scope=\"row\">机关</th><td>");
	html_txt(w, v->agency_name);
	html_raw(w, "</td></tr><tr><th scope=\"row\">访谈时间</th><td>");
	html_txt(w, date_format(v->f.held_on, d));
	html_raw(w, " ");
	html_txt(w, consult_hhmm(v->f.held_minute, t));
	html_raw(w, "</td></tr><tr><th scope=\"row\">状态</th><td id=\"status\">");
	html_txt(w, interview_status_label(v->status));
	html_raw(w, "</td></tr></table>\n<p class=\"actions\"><a class=\"button secondary\" "
		    "href=\"");
	html_attrf(w, "/hdjl/interviews/%lld", v->id);
	html_raw(w, "\">查看公开页面</a> ");
	if (clerk) {
		if (v->status == INTERVIEW_ANNOUNCED)
			step_button(req, w, v->id, "live", "开始访谈（停止征集问题）", "secondary");
		if (v->status == INTERVIEW_ANNOUNCED || v->status == INTERVIEW_LIVE)
			step_button(req, w, v->id, "finish", "结束访谈", "secondary");
		if (v->status == INTERVIEW_FINISHED)
			step_button(req, w, v->id, "publish", "公布文字实录", "primary");
	}
	html_raw(w, "</p>\n");

	/* guests */
	html_raw(
	    w, "<section class=\"panel\" aria-labelledby=\"guests-title\"><h2 id=\"guests-title\">"
	       "访谈嘉宾</h2>\n");
	if (!v->nguests)
		html_raw(w, "<p class=\"muted\">还没有添加嘉宾。</p>\n");
	else
		html_raw(w, "<ul class=\"guests\">");
	for (size_t i = 0; i < v->nguests; i++) {
		html_raw(w, "<li>");
		html_txt(w, v->guests[i].name);
		if (*v->guests[i].title) {
			html_raw(w, "　");
			html_txt(w, v->guests[i].title);
		}
		if (clerk && open) {
			html_raw(w, " ");
			form_open(req, w, v->id, "guest_remove", "inline");
			html_raw(w, "<input type=\"hidden\" name=\"guest\" value=\"");
			html_attrf(w, "%lld", v->guests[i].id);
			html_raw(w, "\"><button type=\"submit\" class=\"button danger\">删除"
				    "</button></form>");
		}
		html_raw(w, "</li>");
	}
	if (v->nguests)
		html_raw(w, "</ul>\n");
	if (clerk && open) {
		form_open(req, w, v->id, "guest_add", "form compact");
		console_text_field(w, "g-name", "name", "嘉宾姓名", "", true, INTERVIEW_GUEST_MAX);
		console_text_field(w, "g-title", "title", "职务", "", false,
				   2 * INTERVIEW_GUEST_MAX);
		html_raw(w, "<button type=\"submit\" class=\"button secondary\">添加嘉宾</button>"
			    "</form>\n");
	}
	html_raw(w, "</section>\n");

	/* questions */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"q-title\"><h2 id=\"q-title\">"
		    "网友提问</h2>\n");
	if (!nq)
		html_raw(w, "<p class=\"muted\">还没有收到问题。</p>\n");
	else
		html_raw(w, "<table class=\"data questions\"><thead><tr><th scope=\"col\">编号</th>"
			    "<th scope=\"col\">提问人</th><th scope=\"col\">联系方式</th>"
			    "<th scope=\"col\">问题</th><th scope=\"col\">审核</th></tr></thead>"
			    "<tbody>\n");
	for (size_t i = 0; i < nq; i++) {
		html_raw(w, "<tr><td>");
		html_txtf(w, "%lld", q[i].id);
		html_raw(w, "</td><td>");
		html_txt(w, *q[i].name ? q[i].name : "（未署名）");
		html_raw(w, "</td><td>");
		html_txt(w, q[i].contact);
		html_raw(w, "</td><td>");
		consult_paragraphs(w, q[i].body);
		html_raw(w, "</td><td>");
		if (clerk && open) {
			html_raw(w, "<form method=\"post\" class=\"form compact\" action=\"");
			html_attrf(w, "/console/hdjl/interviews/%lld/questions/%lld", v->id,
				   q[i].id);
			html_raw(w, "\">");
			session_csrf_field(req, w);
			html_raw(w, "<label class=\"sr-only\" for=\"qs-");
			html_attrf(w, "%lld", q[i].id);
			html_raw(w, "\">审核结果</label><select name=\"state\" id=\"qs-");
			html_attrf(w, "%lld", q[i].id);
			html_raw(w, "\">");
			state_options(w, q[i].state);
			html_raw(w, "</select><label class=\"check\"><input type=\"checkbox\" "
				    "name=\"answered\" value=\"1\"");
			html_raw(w, q[i].answered ? " checked" : "");
			html_raw(w, "> 已答复</label><label class=\"sr-only\" for=\"qa-");
			html_attrf(w, "%lld", q[i].id);
			html_raw(w,
				 "\">答复</label><textarea name=\"answer\" rows=\"2\" "
				 "maxlength=\"5000\" placeholder=\"答复要点（可不填）\" id=\"qa-");
			html_attrf(w, "%lld", q[i].id);
			html_raw(w, "\">");
			html_txt(w, q[i].answer);
			html_raw(w, "</textarea><button type=\"submit\" class=\"button secondary\">"
				    "保存</button></form>");
		} else {
			html_txt(w, question_state_label(q[i].state));
			if (q[i].answered)
				html_raw(w, "，已答复");
		}
		html_raw(w, "</td></tr>\n");
	}
	if (nq)
		html_raw(w, "</tbody></table>\n");
	html_raw(w, "</section>\n");

	/* transcript */
	html_raw(w, "<section class=\"panel\" aria-labelledby=\"t-title\"><h2 id=\"t-title\">"
		    "文字实录</h2>\n");
	if (clerk && open) {
		form_open(req, w, v->id, "transcript", "form");
		html_raw(w, "<p class=\"hint\">每段一行，写成“发言人：内容”，如“主持人：各位网友"
			    "大家好”。</p>");
		consult_textarea(w, "i-transcript", "transcript", "文字实录",
				 transcript_sticky ? transcript_sticky : v->transcript, false,
				 INTERVIEW_TRANSCRIPT_MAX, 14);
		html_raw(w,
			 "<p><button type=\"submit\" class=\"button secondary\">保存实录</button>"
			 "</p></form>\n");
	} else if (*v->transcript) {
		consult_paragraphs(w, v->transcript);
	} else {
		html_raw(w, "<p class=\"muted\">尚无文字实录。</p>");
	}
	html_raw(w, "</section>\n");

	if (clerk && open) {
		html_raw(w, "<section class=\"panel\" aria-labelledby=\"e-title\"><h2 "
			    "id=\"e-title\">修改访谈</h2>\n");
		form_open(req, w, v->id, "edit", "form");
		fields_html(req, w, &ag, sticky ? sticky : &v->f, false);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
			    "</form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_interview_console_one(struct web_request *req, struct web_response *res)
{
	struct interview v;
	int rc = load(req, res, ROLE_VIEWER, &v);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	return render_one(req, res, &v, NULL, NULL, NULL, 200);
}

int page_interview_console_change(struct web_request *req, struct web_response *res)
{
	struct interview v;
	int rc = load(req, res, ROLE_CLERK, &v);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	const char *done = NULL, *error = NULL, *transcript = NULL;
	struct interview_fields f;
	bool editing = false;
	struct buf err = BUF_INIT;
	zf_day today = date_today();
	if (!strcmp(action, "edit")) {
		editing = true;
		error = fields_read(req, &f);
		f.agency_id = v.f.agency_id;
		if (!error)
			rc = store_interview_edit(req->db, actor, v.id, &f, &err);
		done = "saved";
	} else if (!strcmp(action, "live")) {
		rc = store_interview_move(req->db, actor, v.id, INTERVIEW_LIVE, today, &err);
		done = "live";
	} else if (!strcmp(action, "finish")) {
		rc = store_interview_move(req->db, actor, v.id, INTERVIEW_FINISHED, today, &err);
		done = "finished";
	} else if (!strcmp(action, "publish")) {
		rc = store_interview_move(req->db, actor, v.id, INTERVIEW_PUBLISHED, today, &err);
		done = "published";
	} else if (!strcmp(action, "transcript")) {
		transcript = console_form_text(req, "transcript");
		rc = store_interview_transcript(req->db, actor, v.id, transcript, &err);
		done = "transcript";
	} else if (!strcmp(action, "guest_add")) {
		rc = store_interview_guest_add(req->db, actor, v.id, console_form_text(req, "name"),
					       console_form_text(req, "title"), &err);
		done = "guest";
	} else if (!strcmp(action, "guest_remove")) {
		long long gid = 0;
		bool ours = false;
		if (console_id(console_form_text(req, "guest"), &gid))
			for (size_t i = 0; i < v.nguests; i++)
				ours = ours || v.guests[i].id == gid;
		if (!ours)
			error = "没有这位嘉宾。";
		else
			rc = store_interview_guest_remove(req->db, actor, gid, &err);
		done = "guest";
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
		return render_one(req, res, &v, editing ? &f : NULL, transcript, error,
				  rc == ZF_ESTATE ? 409 : 422);
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/hdjl/interviews/%lld?done=%s", v.id, done));
	return 0;
}

int page_interview_console_moderate(struct web_request *req, struct web_response *res)
{
	struct interview v;
	int rc = load(req, res, ROLE_CLERK, &v);
	if (rc)
		return rc == ZF_ENOENT ? 0 : rc;
	long long qid;
	struct interview_question q;
	rc = console_id(req->path_args[1], &qid)
		 ? store_interview_question_get(req->db, req->arena, qid, &q)
		 : ZF_ENOENT;
	if (rc == ZF_ENOENT || (!rc && q.interview_id != v.id))
		return console_not_found(req, res);
	if (rc)
		return rc;
	int s = question_state_parse(console_form_text(req, "state"));
	const char *error = NULL;
	struct buf err = BUF_INIT;
	if (s < 0) {
		error = "请选择审核结果。";
	} else {
		rc = store_interview_question_moderate(
		    req->db, console_actor(req), qid, (enum question_state)s,
		    !strcmp(console_form_text(req, "answered"), "1"),
		    console_form_text(req, "answer"), &err);
		if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
	}
	buf_free(&err);
	if (error)
		return render_one(req, res, &v, NULL, NULL, error, rc == ZF_ESTATE ? 409 : 422);
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/hdjl/interviews/%lld?done=moderated", v.id));
	return 0;
}
