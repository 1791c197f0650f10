/* page_projects.c: the 专栏 of 重大建设项目 (国办发〔2017〕94号). Public: /projects, the
 * projects by agency, and /project/{id}, a project through its eight stages in order, each
 * with its published documents (empty stages say 暂无). Console: /console/projects to list
 * and create, /console/projects/{id} to edit a project and file the agency's published
 * documents under its stages. Another agency's project answers 404, by URL and by form. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_docs.h"
#include "page_lists.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/db.h"
#include "store/lists.h"
#include "ui_shared.h"

static void meta_row(struct buf *w, const char *label, const char *value)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, label);
	html_raw(w, "</th><td>");
	html_txt(w, value && *value ? value : "—");
	html_raw(w, "</td></tr>\n");
}

static void project_meta(struct buf *w, const struct project *p)
{
	html_raw(w, "<table class=\"meta\"><tbody>\n");
	meta_row(w, "项目名称", p->f.name);
	meta_row(w, "项目代码", p->f.code);
	meta_row(w, "主管机关", p->agency_name);
	meta_row(w, "建设地点", p->f.location);
	meta_row(w, "项目法人（建设单位）", p->f.owner);
	meta_row(w, "总投资", p->f.investment);
	meta_row(w, "项目状态", project_state_label(p->f.state));
	html_raw(w, "</tbody></table>\n");
}

/* The stages in order with their documents; console: with detach buttons. */
static void stages_html(struct web_request *req, struct buf *w, const struct project *p,
			const struct project_doc *docs, size_t n, bool console, bool clerk)
{
	for (int s = 0; s < PROJECT_STAGES; s++) {
		html_raw(w, "<section class=\"project-stage\"><h2>");
		html_txtf(w, "%d. %s", s + 1, project_stage_label(s));
		html_raw(w, "</h2>\n");
		size_t shown = 0;
		for (size_t i = 0; i < n; i++) {
			if (docs[i].stage != s)
				continue;
			if (!shown++)
				html_raw(w, "<ul class=\"docs\">\n");
			char day[11];
			html_raw(w, "<li><a href=\"");
			html_attrf(w, console ? "/console/docs/%lld" : "/docs/%lld",
				   docs[i].doc_id);
			html_raw(w, "\">");
			html_txt(w, docs[i].title);
			html_raw(w, "</a>");
			if (*docs[i].doc_no) {
				html_raw(w, " <span class=\"doc-no\">");
				html_txt(w, docs[i].doc_no);
				html_raw(w, "</span>");
			}
			html_raw(w, " <span class=\"muted\">");
			html_txt(w, date_format(docs[i].published_on, day));
			html_raw(w, "</span>");
			if (console && clerk) {
				html_raw(w, " <form class=\"inline\" method=\"post\" action=\"");
				html_attrf(w, "/console/projects/%lld", p->id);
				html_raw(w, "\">");
				session_csrf_field(req, w);
				html_raw(w,
					 "<input type=\"hidden\" name=\"action\" value=\"detach\">"
					 "<input type=\"hidden\" name=\"stage\" value=\"");
				html_attr(w, project_stage_key(s));
				html_raw(w, "\"><input type=\"hidden\" name=\"doc\" value=\"");
				html_attrf(w, "%lld", docs[i].doc_id);
				html_raw(
				    w, "\"><button type=\"submit\" class=\"linkish\">移出</button>"
				       "</form>");
			}
			html_raw(w, "</li>\n");
		}
		html_raw(w, shown ? "</ul>\n" : "<p class=\"muted\">暂无</p>\n");
		html_raw(w, "</section>\n");
	}
}

/* ---------------------------------------------------------------- public */

int page_projects(struct web_request *req, struct web_response *res)
{
	struct project *p = NULL;
	size_t n = 0;
	int rc = store_project_list(req->db, req->arena, NULL, 0, &p, &n);
	if (rc)
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, "重大建设项目", "/projects");
	html_raw(w, "<h1>重大建设项目</h1>\n<p class=\"muted\">按照《国务院办公厅关于推进重大建设"
		    "项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号），公开重大建设"
		    "项目的批准服务、批准结果、招标投标、征收土地、重大设计变更、施工有关、"
		    "质量安全监督和竣工有关信息。</p>\n");
	if (!n)
		html_raw(w, "<p>暂无项目。</p>\n");
	for (size_t i = 0; i < n; i++) {
		if (!i || p[i].f.agency_id != p[i - 1].f.agency_id) {
			if (i)
				html_raw(w, "</tbody></table></section>\n");
			html_raw(w, "<section class=\"panel\"><h2>");
			html_txt(w, p[i].agency_name);
			html_raw(
			    w, "</h2>\n<table class=\"data\"><thead><tr><th scope=\"col\">项目名称"
			       "</th><th scope=\"col\">项目代码</th><th scope=\"col\">建设地点"
			       "</th><th scope=\"col\">状态</th></tr></thead><tbody>\n");
		}
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/project/%lld", p[i].id);
		html_raw(w, "\">");
		html_txt(w, p[i].f.name);
		html_raw(w, "</a></td><td>");
		html_txt(w, p[i].f.code);
		html_raw(w, "</td><td>");
		html_txt(w, p[i].f.location);
		html_raw(w, "</td><td>");
		html_txt(w, project_state_label(p[i].f.state));
		html_raw(w, "</td></tr>\n");
	}
	if (n)
		html_raw(w, "</tbody></table></section>\n");
	ui_end(req, res);
	return 0;
}

int page_project(struct web_request *req, struct web_response *res)
{
	long long id;
	struct project p;
	int rc = docs_id(req->path_args[0], &id) ? store_project_get(req->db, req->arena, id, &p)
						 : ZF_ENOENT;
	if (rc == ZF_ENOENT) {
		ui_error_page(req, res, 404, "项目不存在", "您要查看的项目不存在。");
		return 0;
	}
	struct project_doc *docs = NULL;
	size_t n = 0;
	if (rc || (rc = store_project_docs(req->db, req->arena, id, true, &docs, &n)))
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, p.f.name, "/projects");
	html_raw(w,
		 "<nav class=\"breadcrumb\" aria-label=\"位置\"><a href=\"/\">首页</a> › "
		 "<a href=\"/projects\">重大建设项目</a></nav>\n<article class=\"panel\">\n<h1>");
	html_txt(w, p.f.name);
	html_raw(w, "</h1>\n");
	project_meta(w, &p);
	stages_html(req, w, &p, docs, n, false, false);
	html_raw(w, "</article>\n");
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- console */

static void state_select(struct buf *w, int selected)
{
	html_raw(w, "<div class=\"field\"><label for=\"p-state\">项目状态</label>"
		    "<select id=\"p-state\" name=\"state\">");
	for (int s = 0; s < PROJECT_STATES; s++) {
		html_raw(w, "<option value=\"");
		html_attr(w, project_state_key(s));
		html_raw(w, s == selected ? "\" selected>" : "\">");
		html_txt(w, project_state_label(s));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
}

static void project_fields_html(struct buf *w, const struct project_fields *f)
{
	console_text_field(w, "p-name", "name", "项目名称", f ? f->name : "", true, 200);
	console_text_field(w, "p-code", "code", "项目代码", f ? f->code : "", false, 64);
	console_text_field(w, "p-location", "location", "建设地点", f ? f->location : "", false,
			   200);
	console_text_field(w, "p-owner", "owner", "项目法人（建设单位）", f ? f->owner : "", false,
			   200);
	console_text_field(w, "p-investment", "investment", "总投资（如 3.2亿元）",
			   f ? f->investment : "", false, 64);
	state_select(w, f ? f->state : PROJECT_PREPARING);
}

static void form_fields(const struct web_request *req, struct project_fields *f)
{
	f->name = console_form_text(req, "name");
	f->code = console_form_text(req, "code");
	f->location = console_form_text(req, "location");
	f->owner = console_form_text(req, "owner");
	f->investment = console_form_text(req, "investment");
	f->state = project_state_parse(console_form_text(req, "state"));
}

static int projects_console(struct web_request *req, struct web_response *res, const char *error,
			    int status)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct project *p = NULL;
	size_t n = 0;
	int rc = nids ? store_project_list(req->db, req->arena, ids, nids, &p, &n) : 0;
	if (rc)
		return rc;
	struct console_agencies ag;
	console_agencies_load(req, &ag);
	res->status = status;
	ui_console_begin(req, res, "重大建设项目", "/console/projects");
	struct buf *w = &res->body;
	html_raw(w, "<h1>重大建设项目</h1>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<section class=\"panel\"><h2>项目</h2>\n");
	if (!n)
		html_raw(w, "<p>还没有项目。</p>\n");
	else
		html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">项目名称</th>"
			    "<th scope=\"col\">机关</th><th scope=\"col\">状态</th></tr></thead>"
			    "<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/projects/%lld", p[i].id);
		html_raw(w, "\">");
		html_txt(w, p[i].f.name);
		html_raw(w, "</a></td><td>");
		html_txt(w, p[i].agency_name);
		html_raw(w, "</td><td>");
		html_txt(w, project_state_label(p[i].f.state));
		html_raw(w, "</td></tr>\n");
	}
	if (n)
		html_raw(w, "</tbody></table>\n");
	html_raw(w, "</section>\n");
	if (req->user->role >= ROLE_CLERK) {
		html_raw(w, "<section class=\"panel\"><h2>新建项目</h2>\n<form class=\"form\" "
			    "method=\"post\" action=\"/console/projects\">");
		session_csrf_field(req, w);
		html_raw(w, "<div class=\"field\"><label for=\"p-agency\" class=\"required\">"
			    "主管机关</label><select id=\"p-agency\" name=\"agency\">");
		console_agency_options(w, req, &ag, ROLE_CLERK, req->user->agency_id);
		html_raw(w, "</select></div>\n");
		project_fields_html(w, NULL);
		html_raw(w, "<button type=\"submit\" class=\"button primary\">新建项目</button>"
			    "</form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_projects_console(struct web_request *req, struct web_response *res)
{
	return projects_console(req, res, NULL, 200);
}

int page_projects_console_create(struct web_request *req, struct web_response *res)
{
	struct project_fields f = {0};
	form_fields(req, &f);
	if (!console_id(console_form_text(req, "agency"), &f.agency_id) ||
	    !session_can(req, f.agency_id, ROLE_CLERK))
		return console_not_found(req, res);
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_project_add(req->db, console_actor(req), &f, &id, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return projects_console(req, res, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, arena_printf(req->arena, "/console/projects/%lld", id));
	return 0;
}

/* The project of the path, when the user may see it (ZF_ENOENT otherwise). */
static int load_project(struct web_request *req, struct project *p)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_project_get(req->db, req->arena, id, p);
	if (!rc && !session_can(req, p->f.agency_id, ROLE_VIEWER))
		rc = ZF_ENOENT;
	return rc;
}

static int project_console(struct web_request *req, struct web_response *res,
			   const struct project *p, const char *error, int status)
{
	struct project_doc *docs = NULL;
	size_t n = 0;
	int rc = store_project_docs(req->db, req->arena, p->id, false, &docs, &n);
	if (rc)
		return rc;
	bool clerk = session_can(req, p->f.agency_id, ROLE_CLERK);
	res->status = status;
	ui_console_begin(req, res, p->f.name, "/console/projects");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/projects\">重大建设项目</a> › ");
	html_txtf(w, "项目 %lld", p->id);
	html_raw(w, "</p>\n<h1>");
	html_txt(w, p->f.name);
	html_raw(w, "</h1>\n<p><a href=\"");
	html_attrf(w, "/project/%lld", p->id);
	html_raw(w, "\">查看公众页面</a></p>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存。");
	html_raw(w, "<section class=\"panel\"><h2>项目信息</h2>\n");
	if (clerk) {
		html_raw(w, "<form class=\"form\" method=\"post\" action=\"");
		html_attrf(w, "/console/projects/%lld", p->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"edit\">");
		project_fields_html(w, &p->f);
		html_raw(w,
			 "<button type=\"submit\" class=\"button primary\">保存</button></form>");
	} else {
		project_meta(w, p);
	}
	html_raw(w, "</section>\n<section class=\"panel\"><h2>各阶段信息</h2>\n");
	if (clerk) {
		html_raw(w, "<form class=\"form\" method=\"post\" action=\"");
		html_attrf(w, "/console/projects/%lld", p->id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"attach\">"
			    "<div class=\"field\"><label for=\"p-stage\">阶段</label>"
			    "<select id=\"p-stage\" name=\"stage\">");
		for (int s = 0; s < PROJECT_STAGES; s++) {
			html_raw(w, "<option value=\"");
			html_attr(w, project_stage_key(s));
			html_raw(w, "\">");
			html_txt(w, project_stage_label(s));
			html_raw(w, "</option>");
		}
		html_raw(w, "</select></div>\n");
		console_text_field(w, "p-doc", "doc", "文件编号或索引号", "", true, 64);
		html_raw(w, "<p class=\"hint\">只能归入本机关已发布的文件。</p>"
			    "<button type=\"submit\" class=\"button secondary\">归入该阶段</button>"
			    "</form>\n");
	}
	stages_html(req, w, p, docs, n, true, clerk);
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_project_console(struct web_request *req, struct web_response *res)
{
	struct project p;
	int rc = load_project(req, &p);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return project_console(req, res, &p, NULL, 200);
}

int page_project_console_post(struct web_request *req, struct web_response *res)
{
	struct project p;
	int rc = load_project(req, &p);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	if (!session_can(req, p.f.agency_id, ROLE_CLERK))
		return project_console(req, res, &p, "您没有办理本机关项目的权限。", 403);
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	struct buf err = BUF_INIT;
	if (!strcmp(action, "edit")) {
		struct project_fields f = p.f;
		form_fields(req, &f);
		rc = store_project_update(req->db, actor, p.id, &f, &err);
	} else if (!strcmp(action, "attach") || !strcmp(action, "detach")) {
		int stage = project_stage_parse(console_form_text(req, "stage"));
		const char *doc = console_form_text(req, "doc");
		long long doc_id = 0;
		if (!console_id(doc, &doc_id) && store_doc_by_index_no(req->db, doc, &doc_id))
			doc_id = 0;
		if (!doc_id) {
			buf_setf(&err, "没有这份文件：请填写文件编号或索引号");
			rc = ZF_EINVAL;
		} else if (!strcmp(action, "attach")) {
			rc = store_project_attach(req->db, actor, p.id, stage, doc_id, &err);
		} else {
			rc = store_project_detach(req->db, actor, p.id, stage, doc_id, &err);
		}
	} else {
		buf_setf(&err, "无法识别的操作");
		rc = ZF_EINVAL;
	}
	if (rc && rc != ZF_EINVAL && rc != ZF_ESTATE && rc != ZF_ENOENT) {
		buf_free(&err);
		return rc;
	}
	if (rc) {
		const char *msg =
		    arena_strdup(req->arena, err.len ? buf_cstr(&err) : zf_strerror(rc));
		buf_free(&err);
		if (load_project(req, &p))
			return console_not_found(req, res);
		return project_console(req, res, &p, msg, rc == ZF_ESTATE ? 409 : 422);
	}
	buf_free(&err);
	ui_redirect(req, res, arena_printf(req->arena, "/console/projects/%lld?done=saved", p.id));
	return 0;
}
