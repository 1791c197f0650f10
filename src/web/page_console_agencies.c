/* page_console_agencies.c: /console/agencies and /console/site (administrators). The agency
 * tree with codes and state; adding, editing, moving and closing an agency; bulk import from
 * Excel with its validation report (as a table and as .xlsx) and the template to fill in; the
 * site's settings (国办发〔2017〕47号 footer items, root administrators only). An
 * administrator manages the agencies under the agencies where he holds the admin role
 * (session_can); any other agency answers 404, by URL and by form alike. The store checks and
 * audits every change. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "render/agency_xlsx.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/agencies.h"
#include "store/letters.h"
#include "ui_shared.h"
#include "web/multipart.h"

/* ---------------------------------------------------------------- shared bits */

static int load_all(struct web_request *req, struct agency_info **list, size_t *n)
{
	return store_agency_list_full(req->db, req->arena, list, n);
}

/* <option>s: the open agencies the user administers (or every open one when any), indented. */
static void agency_options(struct web_request *req, struct buf *w, const struct agency_info *list,
			   size_t n, long long selected, bool any, long long skip_subtree_of)
{
	int skip_depth = -1;
	for (size_t i = 0; i < n; i++) {
		const struct agency_info *x = &list[i];
		if (skip_depth >= 0 && x->depth > skip_depth)
			continue;
		skip_depth = -1;
		if (x->id == skip_subtree_of) {
			skip_depth = x->depth;
			continue;
		}
		if (x->closed_on || (!any && !session_can(req, x->id, ROLE_ADMIN)))
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", x->id);
		html_raw(w, x->id == selected ? "\" selected>" : "\">");
		for (int d = 0; d < x->depth; d++)
			html_raw(w, "\u3000");
		html_txt(w, x->name);
		html_raw(w, "</option>");
	}
}

static void text_field(struct buf *w, const char *id, const char *name, const char *label,
		       const char *value, bool required, int max, const char *hint)
{
	console_text_field(w, id, name, label, value, required, max);
	if (hint) {
		html_raw(w, "<p class=\"hint\">");
		html_txt(w, hint);
		html_raw(w, "</p>");
	}
}

static void class_select(struct buf *w, const char *id, enum agency_class sel)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, "\">类别</label><select name=\"cls\" id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	for (int c = 0; c < AGENCY_CLASSES; c++) {
		html_raw(w, "<option value=\"");
		html_attr(w, agency_class_key((enum agency_class)c));
		html_raw(w, c == (int)sel ? "\" selected>" : "\">");
		html_txt(w, agency_class_label((enum agency_class)c));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>");
}

/* The particulars' fields (not the parent), prefilled from x. */
static void detail_fields(struct web_request *req, struct buf *w, const char *p,
			  const struct agency_info *x, const struct agency_info *list, size_t n)
{
	char id[32];
#define ID(s) (snprintf(id, sizeof(id), "%s-%s", p, s), id)
	text_field(w, ID("name"), "name", "名称", x->name, true, 100, NULL);
	text_field(w, ID("short"), "short_name", "简称", x->short_name, false, 20,
		   "用于文书编号前缀，如“示政信”");
	class_select(w, ID("cls"), x->cls);
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, ID("sup"));
	html_raw(w, "\">主管部门（仅公共企事业单位）</label><select name=\"supervisor\" id=\"");
	html_attr(w, id);
	html_raw(w, "\"><option value=\"\">（无）</option>");
	agency_options(req, w, list, n, x->supervisor_id, true, x->id ? x->id : -1);
	html_raw(w, "</select></div>");
	text_field(w, ID("credit"), "credit_code", "统一社会信用代码", x->credit_code, false, 18,
		   "18 位，按 GB 32100-2015 校验");
	text_field(w, ID("org"), "org_code", "机构代码（索引号用）", x->org_code, false, 18,
		   "9 位组织机构代码或 18 位统一社会信用代码；填写后即可发布主动公开信息");
	text_field(w, ID("phone"), "phone", "电话", x->phone, false, 40, NULL);
	text_field(w, ID("email"), "email", "电子邮箱", x->email, false, 100, NULL);
	text_field(w, ID("address"), "address", "地址", x->address, false, 200, NULL);
	text_field(w, ID("hours"), "hours", "办公时间", x->hours, false, 200, NULL);
	char sort[16];
	snprintf(sort, sizeof(sort), "%d", x->sort_order);
	text_field(w, ID("sort"), "sort_order", "排序号（同级机构按此从小到大）", sort, false, 7,
		   NULL);
#undef ID
}

/* Reads the particulars' fields of the posted form into x (strings from the request). */
static const char *read_details(struct web_request *req, struct agency_info *x)
{
	x->name = console_form_text(req, "name");
	x->short_name = console_form_text(req, "short_name");
	if (agency_class_parse(console_form_text(req, "cls"), &x->cls))
		return "请选择类别。";
	const char *sup = console_form_text(req, "supervisor");
	x->supervisor_id = 0;
	if (*sup && !console_id(sup, &x->supervisor_id))
		return "请选择主管部门。";
	x->credit_code = console_form_text(req, "credit_code");
	x->org_code = console_form_text(req, "org_code");
	x->phone = console_form_text(req, "phone");
	x->email = console_form_text(req, "email");
	x->address = console_form_text(req, "address");
	x->hours = console_form_text(req, "hours");
	const char *sort = console_form_text(req, "sort_order");
	long v = 0;
	if (*sort && (str_to_long(str_c(sort), &v) || v < -100000 || v > 100000))
		return "排序号应为整数。";
	x->sort_order = (int)v;
	return NULL;
}

static void import_form(struct web_request *req, struct buf *w)
{
	html_raw(w, "<section class=\"panel\"><h2>从 Excel 批量导入</h2>\n<p>"
		    "<a href=\"/console/agencies/import/template.xlsx\">下载导入模板（.xlsx）</a>；"
		    "<a href=\"/console/agencies/export.xlsx\">导出现有机构（.xlsx）</a>。"
		    "每行一个机构，上级机构填名称或机构代码（可以是已有机构，也可以是表中另一行）。"
		    "有误的行不导入，并列出行号和原因；其余各行照常导入。</p>\n"
		    "<form class=\"form\" method=\"post\" enctype=\"multipart/form-data\" "
		    "action=\"/console/agencies/import\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"imp-file\" class=\"required\">Excel 文件"
		    "（.xlsx）</label><input type=\"file\" id=\"imp-file\" name=\"file\" "
		    "accept=\".xlsx\" required></div><p><button type=\"submit\" "
		    "class=\"button primary\">导入</button></p></form></section>\n");
}

/* ---------------------------------------------------------------- the list */

static int render_list(struct web_request *req, struct web_response *res, const char *error,
		       int status, const struct agency_info *sticky)
{
	struct agency_info *list = NULL;
	size_t n = 0;
	int rc = load_all(req, &list, &n);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "机构管理", "/console/agencies");
	struct buf *w = &res->body;
	html_raw(w, "<h1>机构管理</h1>\n");
	struct site_settings site;
	if (!store_site_settings_get(req->db, req->arena, &site) &&
	    session_can(req, console_site_root(req, &site), ROLE_ADMIN))
		html_raw(w, "<p><a href=\"/console/site\">网站设置</a>（网站名称、主办单位、"
			    "备案号等页脚信息）</p>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (!error && done && !strcmp(done, "add"))
		console_alert(w, "ok", "已新建机构。");
	html_raw(w, "<section class=\"panel\"><h2>机构</h2>\n<table class=\"data agencies\">"
		    "<caption class=\"sr-only\">机构列表</caption><thead><tr>"
		    "<th scope=\"col\">名称</th><th scope=\"col\">类别</th>"
		    "<th scope=\"col\">简称</th><th scope=\"col\">机构代码</th>"
		    "<th scope=\"col\">统一社会信用代码</th><th scope=\"col\">状态</th>"
		    "</tr></thead><tbody>\n");
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct agency_info *x = &list[i];
		if (!session_can(req, x->id, ROLE_ADMIN))
			continue;
		shown++;
		html_raw(w, x->closed_on ? "<tr class=\"muted\"><td>" : "<tr><td>");
		for (int d = 0; d < x->depth; d++)
			html_raw(w, "\u3000");
		html_raw(w, "<a href=\"");
		html_attrf(w, "/console/agencies/%lld", x->id);
		html_raw(w, "\">");
		html_txt(w, x->name);
		html_raw(w, "</a></td><td>");
		html_txt(w, agency_class_label(x->cls));
		if (*x->supervisor_name) {
			html_raw(w, "（主管：");
			html_txt(w, x->supervisor_name);
			html_raw(w, "）");
		}
		html_raw(w, "</td><td>");
		html_txt(w, x->short_name);
		html_raw(w, "</td><td><code>");
		html_txt(w, x->org_code);
		html_raw(w, "</code></td><td><code>");
		html_txt(w, x->credit_code);
		html_raw(w, "</code></td><td>");
		if (x->closed_on) {
			html_raw(w, "<span class=\"tag muted\">已撤销</span> ");
			console_day(w, x->closed_on);
		} else {
			html_raw(w, "<span class=\"tag ok\">正常</span>");
		}
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>");
	if (!shown)
		html_raw(w, "<p>您没有可管理的机构。</p>");
	html_raw(w, "</section>\n");

	struct agency_info blank = {.cls = AGENCY_CLASS_DEPARTMENT};
	const struct agency_info *x = sticky ? sticky : &blank;
	html_raw(w, "<section class=\"panel\"><h2>新建机构</h2>\n"
		    "<form method=\"post\" action=\"/console/agencies\" class=\"form\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"na-parent\" class=\"required\">上级机构"
		    "</label><select id=\"na-parent\" name=\"parent\" required>");
	agency_options(req, w, list, n, x->parent_id, false, -1);
	html_raw(w, "</select></div>");
	detail_fields(req, w, "na", x, list, n);
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">新建机构</button></p>"
		    "</form></section>\n");
	import_form(req, w);
	ui_console_end(req, res);
	return 0;
}

int page_console_agencies(struct web_request *req, struct web_response *res)
{
	return render_list(req, res, NULL, 200, NULL);
}

int page_console_agency_add(struct web_request *req, struct web_response *res)
{
	struct agency_info x = {0};
	const char *error = read_details(req, &x);
	if (!console_id(console_form_text(req, "parent"), &x.parent_id) ||
	    !session_can(req, x.parent_id, ROLE_ADMIN)) {
		x.parent_id = 0;
		error = "请选择上级机构。";
	}
	if (error)
		return render_list(req, res, error, 422, &x);
	struct buf err = BUF_INIT;
	int rc = store_agency_create(req->db, console_actor(req), &x, false, NULL, &err);
	if (rc == ZF_EINVAL || rc == ZF_ESTATE) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法新建");
		buf_free(&err);
		return render_list(req, res, msg ? msg : "无法新建", 422, &x);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/agencies?done=add");
	return 0;
}

/* ---------------------------------------------------------------- one agency */

/* The remedy bodies named in the agency's letters (store/letters.h). */
static void remedies_form(struct web_request *req, struct buf *w, long long id)
{
	const char *review_body = "", *court = "";
	store_agency_remedy_get(req->db, req->arena, id, &review_body, &court);
	html_raw(w, "<section class=\"panel\"><h2>救济途径</h2><form method=\"post\" "
		    "class=\"form\" data-form=\"remedies\" action=\"");
	html_attrf(w, "/console/agencies/%lld", id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"remedies\">");
	text_field(w, "rm-review", "review_body", "行政复议机关", review_body, false, 100,
		   "答复书的救济途径写明的复议机关，如“示例市人民政府”；不填则不写名称");
	text_field(w, "rm-court", "court", "人民法院", court, false, 100,
		   "答复书的救济途径写明的法院，如“示例区人民法院”；不填则不写名称");
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
		    "</form></section>\n");
}

static int render_one(struct web_request *req, struct web_response *res, long long id,
		      const char *error, int status, const struct agency_info *sticky)
{
	struct agency_info cur;
	int rc = store_agency_get(req->db, req->arena, id, &cur);
	if (rc)
		return rc;
	struct agency_info *list = NULL;
	size_t n = 0;
	rc = load_all(req, &list, &n);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, cur.name, "/console/agencies");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/agencies\">机构管理</a></p>\n<h1>");
	html_txt(w, cur.name);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (!error && done)
		console_alert(w, "ok",
			      !strcmp(done, "move") ? "已调整上级机构。"
			      : !strcmp(done, "close")
				  ? "已撤销该机构；其申请和公开信息仍保留可查。"
				  : "已保存。");
	html_raw(w, "<p>上级机构：");
	html_txt(w, *cur.parent_name ? cur.parent_name : "（无，最上级）");
	if (cur.closed_on) {
		html_raw(w, "　<span class=\"tag muted\">已撤销</span> ");
		console_day(w, cur.closed_on);
		html_raw(w, "：");
		html_txt(w, cur.closed_reason);
	}
	html_raw(w, "</p>\n");
	const struct agency_info *x = sticky ? sticky : &cur;
	html_raw(w, "<section class=\"panel\"><h2>修改</h2><form method=\"post\" class=\"form\" "
		    "action=\"");
	html_attrf(w, "/console/agencies/%lld", id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"edit\">");
	detail_fields(req, w, "ed", x, list, n);
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
		    "</form></section>\n");
	remedies_form(req, w, id);
	if (cur.parent_id && !cur.closed_on) {
		html_raw(w, "<section class=\"panel\"><h2>调整上级机构</h2><form method=\"post\" "
			    "class=\"form\" action=\"");
		html_attrf(w, "/console/agencies/%lld", id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"move\">"
			    "<div class=\"field\"><label for=\"mv-parent\">新的上级机构</label>"
			    "<select id=\"mv-parent\" name=\"parent\">");
		agency_options(req, w, list, n, cur.parent_id, false, id);
		html_raw(w, "</select></div><p><button type=\"submit\" class=\"button secondary\">"
			    "移动</button></p></form></section>\n");
		html_raw(w, "<section class=\"panel\"><h2>撤销机构</h2><p>撤销后机构不再出现在"
			    "新建申请、发布等工作中；其已有的申请、公开信息和年度报告仍保留可查。"
			    "</p><form method=\"post\" class=\"form\" action=\"");
		html_attrf(w, "/console/agencies/%lld", id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"close\">");
		console_date_field(w, "cl-on", "on", "撤销日期", date_today(), true);
		console_text_field(w, "cl-reason", "reason", "撤销原因", NULL, true, 200);
		html_raw(w, "<p><button type=\"submit\" class=\"button danger\">撤销</button></p>"
			    "</form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

/* The agency of the path when the user administers it; false (answer 404) otherwise. */
static bool path_agency(struct web_request *req, long long *id)
{
	bool exists = false;
	return console_id(req->path_args[0], id) && !store_agency_exists(req->db, *id, &exists) &&
	       exists && session_can(req, *id, ROLE_ADMIN);
}

int page_console_agency(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!path_agency(req, &id))
		return console_not_found(req, res);
	return render_one(req, res, id, NULL, 200, NULL);
}

int page_console_agency_change(struct web_request *req, struct web_response *res)
{
	long long id;
	if (!path_agency(req, &id))
		return console_not_found(req, res);
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	struct buf err = BUF_INIT;
	struct agency_info x = {.id = id};
	const struct agency_info *sticky = NULL;
	int rc;
	if (!strcmp(action, "edit")) {
		const char *error = read_details(req, &x);
		if (error)
			return render_one(req, res, id, error, 422, &x);
		sticky = &x;
		rc = store_agency_edit(req->db, actor, &x, &err);
	} else if (!strcmp(action, "remedies")) {
		rc = store_agency_remedy_set(req->db, actor, id,
					     console_form_text(req, "review_body"),
					     console_form_text(req, "court"), &err);
	} else if (!strcmp(action, "move")) {
		long long parent = 0;
		if (!console_id(console_form_text(req, "parent"), &parent) ||
		    !session_can(req, parent, ROLE_ADMIN))
			return render_one(req, res, id, "请选择新的上级机构。", 422, NULL);
		rc = store_agency_move(req->db, actor, id, parent, &err);
	} else if (!strcmp(action, "close")) {
		zf_day on = console_form_day(req, "on");
		if (!on)
			return render_one(req, res, id, "请填写撤销日期。", 422, NULL);
		rc = store_agency_close(req->db, actor, id, on, console_form_text(req, "reason"),
					&err);
	} else {
		return render_one(req, res, id, "不认识的操作。", 422, NULL);
	}
	if (rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
		buf_free(&err);
		return render_one(req, res, id, msg ? msg : "无法完成", 422, sticky);
	}
	buf_free(&err);
	if (rc)
		return rc;
	char *to = arena_printf(req->arena, "/console/agencies/%lld?done=%s", id, action);
	ui_redirect(req, res, to ? to : "/console/agencies");
	return 0;
}

/* ---------------------------------------------------------------- import */

static int send_xlsx(struct web_response *res, struct buf *data, const char *filename)
{
	res->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	buf_reset(&res->body);
	int rc = buf_add(&res->body, data->p, data->len);
	web_add_header(res, "Content-Disposition", filename);
	web_add_header(res, "Cache-Control", "no-store");
	return rc;
}

int page_console_agency_template(struct web_request *req, struct web_response *res)
{
	ZF_UNUSED(req);
	struct buf b = BUF_INIT;
	int rc = agency_xlsx_template(&b);
	if (!rc)
		rc = send_xlsx(
		    res, &b,
		    "attachment; filename=\"agency-template.xlsx\"; "
		    "filename*=UTF-8''%E6%9C%BA%E6%9E%84%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx");
	buf_free(&b);
	return rc;
}

int page_console_agency_export(struct web_request *req, struct web_response *res)
{
	struct agency_info *list = NULL;
	size_t n = 0, k = 0;
	int rc = load_all(req, &list, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (session_can(req, list[i].id, ROLE_ADMIN))
			list[k++] = list[i];
	struct buf b = BUF_INIT;
	rc = agency_xlsx_export(list, k, &b);
	if (!rc)
		rc = send_xlsx(res, &b,
			       "attachment; filename=\"agencies.xlsx\"; "
			       "filename*=UTF-8''%E6%9C%BA%E6%9E%84.xlsx");
	buf_free(&b);
	return rc;
}

/* The refused rows travel back in hidden fields so that the report can be downloaded
 * without keeping anything on the server: line, name and reason per row. */
static void report_download_form(struct web_request *req, struct buf *w,
				 const struct agency_import_report *r)
{
	html_raw(w, "<form method=\"post\" action=\"/console/agencies/import/report.xlsx\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"added\" value=\"");
	html_attrf(w, "%zu", r->added);
	html_raw(w, "\">");
	for (size_t i = 0; i < r->nbad && i < 2000; i++) {
		html_raw(w, "<input type=\"hidden\" name=\"line\" value=\"");
		html_attrf(w, "%d", r->bad[i].line);
		html_raw(w, "\"><input type=\"hidden\" name=\"bad_name\" value=\"");
		html_attr(w, r->bad[i].name);
		html_raw(w, "\"><input type=\"hidden\" name=\"reason\" value=\"");
		html_attr(w, r->bad[i].reason);
		html_raw(w, "\">");
	}
	html_raw(w, "<button type=\"submit\" class=\"button secondary\">下载校验报告（.xlsx）"
		    "</button></form>\n");
}

int page_console_agency_import(struct web_request *req, struct web_response *res)
{
	struct multipart_part *parts = NULL;
	size_t n = 0;
	int rc =
	    multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	const struct multipart_part *file = rc ? NULL : multipart_file(parts, n, "file");
	if (!file || !file->data.len)
		return render_list(req, res, "请选择要导入的 Excel 文件（.xlsx）。", 422, NULL);
	/* rows go under agencies the user administers only: the import runs against the tree
	 * as the user may see it, so a parent elsewhere is "not found" */
	struct agency_import_report rep;
	struct buf err = BUF_INIT;
	size_t nscope = 0;
	long long *scope = session_agencies(req, ROLE_ADMIN, &nscope);
	static const long long none = 0;
	rc =
	    store_agency_import_xlsx(req->db, console_actor(req), req->arena, scope ? scope : &none,
				     nscope, file->data.p, file->data.len, &rep, &err);
	if (rc == ZF_EPARSE || rc == ZF_ETOOBIG || rc == ZF_ENOENT) {
		const char *msg = arena_printf(req->arena, "文件无法导入：%s", buf_cstr(&err));
		buf_free(&err);
		return render_list(req, res, msg ? msg : "文件无法导入", 422, NULL);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_console_begin(req, res, "导入结果", "/console/agencies");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/agencies\">机构管理</a></p>\n"
		    "<h1>导入结果</h1>\n");
	console_alert(w, rep.nbad ? "error" : "ok",
		      arena_printf(req->arena, "已导入 %zu 个机构；%zu 行有误，未导入。", rep.added,
				   rep.nbad));
	if (rep.nbad) {
		html_raw(w, "<table class=\"data import-report\"><caption>有误的行</caption><thead>"
			    "<tr><th scope=\"col\">行号</th><th scope=\"col\">名称</th>"
			    "<th scope=\"col\">原因</th></tr></thead><tbody>\n");
		for (size_t i = 0; i < rep.nbad; i++) {
			html_raw(w, "<tr><td class=\"num\">");
			html_txtf(w, "%d", rep.bad[i].line);
			html_raw(w, "</td><td>");
			html_txt(w, *rep.bad[i].name ? rep.bad[i].name : "（无名称）");
			html_raw(w, "</td><td>");
			html_txt(w, rep.bad[i].reason);
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
		report_download_form(req, w, &rep);
	}
	html_raw(w, "<p><a href=\"/console/agencies\">返回机构管理</a></p>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_agency_import_report(struct web_request *req, struct web_response *res)
{
	size_t nbad = 0;
	for (size_t i = 0; i < req->nform; i++)
		nbad += !strcmp(req->form[i].name, "line");
	struct agency_import_report rep = {0};
	rep.bad = nbad ? arena_alloc(req->arena, nbad * sizeof(*rep.bad)) : NULL;
	if (nbad && !rep.bad)
		return ZF_ENOMEM;
	long v = 0;
	if (!str_to_long(str_c(console_form_text(req, "added")), &v) && v >= 0)
		rep.added = (size_t)v;
	size_t li = 0, ni = 0, ri = 0;
	for (size_t i = 0; i < req->nform; i++) {
		const char *k = req->form[i].name, *val = req->form[i].value;
		if (!strcmp(k, "line") && li < nbad)
			rep.bad[li++].line = str_to_long(str_c(val), &v) ? 0 : (int)v;
		else if (!strcmp(k, "bad_name") && ni < nbad)
			rep.bad[ni++].name = val;
		else if (!strcmp(k, "reason") && ri < nbad)
			rep.bad[ri++].reason = val;
	}
	rep.nbad = li < ni ? li : ni;
	rep.nbad = rep.nbad < ri ? rep.nbad : ri;
	struct buf b = BUF_INIT;
	int rc = agency_xlsx_report(&rep, &b);
	if (!rc)
		rc = send_xlsx(res, &b,
			       "attachment; filename=\"agency-import-report.xlsx\"; "
			       "filename*=UTF-8''%E6%A0%A1%E9%AA%8C%E6%8A%A5%E5%91%8A.xlsx");
	buf_free(&b);
	return rc;
}

/* ---------------------------------------------------------------- site settings */

long long console_site_root(struct web_request *req, const struct site_settings *s)
{
	if (s->root_agency_id)
		return s->root_agency_id;
	struct agency *list = NULL;
	size_t n = 0;
	if (store_agency_list(req->db, req->arena, &list, &n) || !n)
		return 0;
	return list[0].id;
}

static const struct {
	const char *name, *label;
	size_t off;
	int max;
	const char *hint;
} site_fields[] = {
#define SF(f, l, m, h)                                                                             \
	{                                                                                          \
#f, l, offsetof(struct site_settings, f), m, h                                     \
	}
    SF(site_name, "网站名称", 100, NULL),
    SF(host_org, "主办单位", 100, NULL),
    SF(operator_org, "承办单位", 100, NULL),
    SF(site_code, "网站标识码", 10, "10 位，如 3702000001"),
    SF(icp, "ICP备案号", 60, "如 鲁ICP备05000001号，页脚链接到 beian.miit.gov.cn"),
    SF(psb, "公安机关备案号", 60, "如 鲁公网安备 37020202000001号"),
    SF(psb_code, "公安机关备案号的编号", 30, "只填数字，用于链接到 beian.mps.gov.cn"),
    SF(conac_code, "党政机关网站标识编号", 40,
       "开办单位取得的标识编号（字母和数字），页头和页脚链接到 bszs.conac.cn 核验"),
    SF(contact_phone, "联系电话（联系我们）", 40, NULL),
    SF(contact_email, "联系邮箱（联系我们）", 100, NULL),
#undef SF
};

static int render_site(struct web_request *req, struct web_response *res, const char *error,
		       int status, const struct site_settings *sticky, bool saved)
{
	struct site_settings cur;
	int rc = store_site_settings_get(req->db, req->arena, &cur);
	if (rc)
		return rc;
	if (!session_can(req, console_site_root(req, &cur), ROLE_ADMIN))
		return console_not_found(req, res);
	const struct site_settings *s = sticky ? sticky : &cur;
	res->status = status;
	ui_console_begin(req, res, "网站设置", "/console/site");
	struct buf *w = &res->body;
	html_raw(w, "<h1>网站设置</h1>\n<p>以下各项显示在公开网站的页头和页脚"
		    "（国办发〔2017〕47号《政府网站发展指引》）。</p>\n");
	if (error)
		console_alert(w, "error", error);
	else if (saved)
		console_alert(w, "ok", "已保存。");
	html_raw(w, "<p><a href=\"/console/site/rules\">编辑“政府信息公开制度”页面</a></p>\n");
	html_raw(w, "<section class=\"panel\"><form method=\"post\" action=\"/console/site\" "
		    "class=\"form\">");
	session_csrf_field(req, w);
	for (size_t i = 0; i < ARRAY_SIZE(site_fields); i++) {
		char id[40];
		snprintf(id, sizeof(id), "site-%s", site_fields[i].name);
		text_field(w, id, site_fields[i].name, site_fields[i].label,
			   *(const char *const *)((const char *)s + site_fields[i].off), i == 0,
			   site_fields[i].max, site_fields[i].hint);
	}
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
		    "</form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_console_site(struct web_request *req, struct web_response *res)
{
	return render_site(req, res, NULL, 200, NULL, web_arg(req, "done") != NULL);
}

int page_console_site_post(struct web_request *req, struct web_response *res)
{
	struct site_settings cur;
	int rc = store_site_settings_get(req->db, req->arena, &cur);
	if (rc)
		return rc;
	long long root = console_site_root(req, &cur);
	if (!session_can(req, root, ROLE_ADMIN))
		return console_not_found(req, res);
	struct site_settings s = {.root_agency_id = root};
	for (size_t i = 0; i < ARRAY_SIZE(site_fields); i++)
		*(const char **)((char *)&s + site_fields[i].off) =
		    console_form_text(req, site_fields[i].name);
	struct buf err = BUF_INIT;
	rc = store_site_settings_set(req->db, console_actor(req), &s, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法保存");
		buf_free(&err);
		return render_site(req, res, msg ? msg : "无法保存", 422, &s, false);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/site?done=1");
	return 0;
}
