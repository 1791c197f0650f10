/* page_columns_console.c: /console/columns, each agency's column tree in the console: the
 * tree with its last update, cadence and the 逾期未更新 flag; the standard columns (条例 Art. 20
 * and the usual 政务公开 columns) seeded with one button; add, edit, move, close and reopen;
 * link-out columns with their address and the date of their last update. Anyone with a role
 * over the agency reads; administrators of the agency change. Another agency's column
 * answers 404. The store audits every change. Also the column picker of the document form. */
#include "common.h"
#include "arena.h"
#include "page_columns.h"
#include "page_console.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/columns.h"
#include "store/docs.h"
#include "ui_shared.h"

static const struct {
	const char *key, *message;
} done_messages[] = {
    {"seeded", "已建立标准栏目。"},
    {"added", "已新增栏目。"},
    {"saved", "已保存栏目。"},
    {"moved", "已移动栏目。"},
    {"hidden", "已关闭栏目，公开网站不再显示。"},
    {"shown", "已重新开放栏目。"},
};

/* What the add and edit forms post. */
struct column_form {
	struct column_fields f;
	const char *cadence, *item, *sort, *updated; /* as posted, for a form shown again */
};

/* ---------------------------------------------------------------- widgets */

static void cadence_options(struct buf *w, int selected)
{
	size_t n;
	const struct column_cadence *c = column_cadences(&n);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%d", c[i].days);
		html_raw(w, c[i].days == selected ? "\" selected>" : "\">");
		html_txt(w, c[i].label);
		html_raw(w, "</option>");
		found = found || c[i].days == selected;
	}
	if (!found) {
		html_raw(w, "<option selected value=\"");
		html_attrf(w, "%d", selected);
		html_raw(w, "\">");
		html_txt(w, column_cadence_label(selected));
		html_raw(w, "</option>");
	}
}

static void item_options(struct buf *w, int selected)
{
	html_raw(w, "<option value=\"0\">（不对应）</option>");
	for (int i = 1; i <= COLUMN_STATUTORY_ITEMS; i++) {
		html_raw(w, "<option value=\"");
		html_attrf(w, "%d", i);
		html_raw(w, i == selected ? "\" selected>" : "\">");
		html_txt(w, column_statutory_number(i));
		html_txt(w, column_statutory_text(i));
		html_raw(w, "</option>");
	}
}

/* Options for a parent: top level, then the agency's list columns (not `self` nor below
 * it), indented. */
static void parent_options(struct buf *w, const struct column *v, size_t n, long long self,
			   long long selected)
{
	html_raw(w, "<option value=\"0\">（顶级栏目）</option>");
	int skip = -1;
	for (size_t i = 0; i < n; i++) {
		if (skip >= 0 && v[i].depth > skip)
			continue;
		skip = -1;
		if (v[i].id == self) {
			skip = v[i].depth;
			continue;
		}
		if (v[i].f.kind != COLUMN_LIST || v[i].depth + 1 >= COLUMN_DEPTH_MAX)
			continue;
		html_raw(w, "<option value=\"");
		html_attrf(w, "%lld", v[i].id);
		html_raw(w, v[i].id == selected ? "\" selected>" : "\">");
		for (int d = 0; d < v[i].depth; d++)
			html_raw(w, "　");
		html_txt(w, v[i].f.name);
		html_raw(w, "</option>");
	}
}

static void field_open(struct buf *w, const char *id, const char *label, bool required)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label>");
}

static void hint(struct buf *w, const char *text)
{
	html_raw(w, "<span class=\"hint\">");
	html_txt(w, text);
	html_raw(w, "</span>");
}

/* The fields shared by the add and edit forms (prefix keeps ids unique on a page). */
static void fields_html(struct buf *w, const char *p, const struct column_form *cf)
{
	const struct column_fields *f = &cf->f;
	char id[32];
	snprintf(id, sizeof(id), "%s-name", p);
	console_text_field(w, id, "name", "栏目名称", f->name, true, COLUMN_NAME_MAX);
	snprintf(id, sizeof(id), "%s-kind", p);
	field_open(w, id, "栏目类型", true);
	html_raw(w, "<select name=\"kind\" id=\"");
	html_attr(w, id);
	html_raw(w, "\"><option value=\"list\"");
	html_raw(w, f->kind == COLUMN_LIST ? " selected" : "");
	html_raw(w, ">文件列表（列出归入本栏目的文件）</option><option value=\"link\"");
	html_raw(w, f->kind == COLUMN_LINK ? " selected" : "");
	html_raw(w, ">外链（链接到其他平台，如政务服务网、公共资源交易平台）</option>"
		    "</select></div>\n");
	snprintf(id, sizeof(id), "%s-url", p);
	field_open(w, id, "外链地址", false);
	html_raw(w, "<input type=\"text\" inputmode=\"url\" name=\"url\" maxlength=\"500\" id=\"");
	html_attr(w, id);
	html_raw(w, "\" value=\"");
	html_attr(w, f->url ? f->url : "");
	html_raw(w, "\">");
	hint(w, "外链栏目必填，以 https:// 或 http:// 开头。");
	html_raw(w, "</div>\n");
	snprintf(id, sizeof(id), "%s-updated", p);
	console_date_field(w, id, "updated", "外链栏目最近更新日期", f->link_updated_on, false);
	snprintf(id, sizeof(id), "%s-cadence", p);
	field_open(w, id, "更新周期", false);
	html_raw(w, "<select name=\"cadence\" id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	cadence_options(w, f->cadence_days);
	html_raw(w, "</select>");
	hint(w, "超过周期没有更新的栏目标为“逾期未更新”。");
	html_raw(w, "</div>\n");
	snprintf(id, sizeof(id), "%s-item", p);
	field_open(w, id, "对应《条例》第二十条的项", false);
	html_raw(w, "<select name=\"item\" id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	item_options(w, f->statutory_item);
	html_raw(w, "</select></div>\n");
	char sort[16];
	snprintf(sort, sizeof(sort), "%d", f->sort_order);
	snprintf(id, sizeof(id), "%s-sort", p);
	console_text_field(w, id, "sort", "排序号（小的在前）", cf->sort ? cf->sort : sort, false,
			   7);
	snprintf(id, sizeof(id), "%s-code", p);
	console_text_field(w, id, "code", "栏目代码（小写字母、数字、- _；留空自动生成）", f->code,
			   false, COLUMN_CODE_MAX);
}

/* Reads the posted fields into cf (strings from the request); an error message or NULL. */
static const char *fields_read(struct web_request *req, struct column_form *cf)
{
	struct column_fields *f = &cf->f;
	f->name = console_form_text(req, "name");
	f->code = console_form_text(req, "code");
	f->url = console_form_text(req, "url");
	int k = column_kind_parse(console_form_text(req, "kind"));
	f->kind = k < 0 ? COLUMN_LIST : (enum column_kind)k;
	cf->cadence = console_form_text(req, "cadence");
	cf->item = console_form_text(req, "item");
	cf->sort = console_form_text(req, "sort");
	cf->updated = console_form_text(req, "updated");
	long v = 0;
	if (*cf->cadence && (str_to_long(str_c(cf->cadence), &v) || v < 0 || v > 3660))
		return "请选择更新周期。";
	f->cadence_days = (int)v;
	v = 0;
	if (*cf->item && (str_to_long(str_c(cf->item), &v) || v < 0 || v > 15))
		return "请选择对应的《条例》第二十条的项。";
	f->statutory_item = (int)v;
	v = 0;
	if (*cf->sort && (str_to_long(str_c(cf->sort), &v) || v < -100000 || v > 100000))
		return "排序号应为 -100000 至 100000 之间的整数。";
	f->sort_order = (int)v;
	f->link_updated_on = 0;
	if (*cf->updated && date_parse(str_c(cf->updated), &f->link_updated_on))
		return "外链栏目最近更新日期不是有效的日期。";
	if (f->kind == COLUMN_LIST) {
		f->url = "";
		f->link_updated_on = 0;
	}
	return NULL;
}

/* ---------------------------------------------------------------- the tree */

/* The agency of ?agency= (or the user's own, or the first the user may see); 0 when the
 * user may see none; -1 when the asked one may not be seen. */
static long long chosen_agency(struct web_request *req, const struct console_agencies *ag)
{
	const char *s = web_arg(req, "agency");
	long long id = 0;
	if (s && *s)
		return console_id(s, &id) && session_can(req, id, ROLE_VIEWER) ? id : -1;
	if (session_can(req, req->user->agency_id, ROLE_VIEWER))
		return req->user->agency_id;
	for (size_t i = 0; i < ag->n; i++)
		if (session_can(req, ag->v[i].id, ROLE_VIEWER))
			return ag->v[i].id;
	return 0;
}

static void status_tags(struct buf *w, const struct column *c, zf_day today)
{
	if (c->f.hidden)
		html_raw(w, "<span class=\"tag muted\">已关闭</span>");
	else if (column_stale(c, today))
		html_raw(w, "<span class=\"tag overdue\">逾期未更新</span>");
	else if (c->f.cadence_days)
		html_raw(w, "<span class=\"tag ok\">按期更新</span>");
	else
		html_raw(w, "<span class=\"tag muted\">不定期</span>");
}

static int render_tree(struct web_request *req, struct web_response *res, long long agency,
		       const struct console_agencies *ag, const char *error,
		       const struct column_form *sticky, long long sticky_parent, int status)
{
	struct column *v = NULL;
	size_t n = 0;
	int rc = agency > 0 ? store_column_list(req->db, req->arena, agency, true, &v, &n) : 0;
	if (rc)
		return rc;
	bool admin = agency > 0 && session_can(req, agency, ROLE_ADMIN);
	res->status = status;
	ui_console_begin(req, res, "栏目管理", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a> › 栏目</p>\n"
		    "<h1>栏目管理</h1>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	for (size_t i = 0; !error && done && i < ARRAY_SIZE(done_messages); i++)
		if (!strcmp(done, done_messages[i].key))
			console_alert(w, "ok", done_messages[i].message);
	html_raw(w, "<form method=\"get\" action=\"/console/columns\" class=\"form compact\">"
		    "<label for=\"col-agency\">机关</label><select id=\"col-agency\" "
		    "name=\"agency\">");
	console_agency_options(w, req, ag, ROLE_VIEWER, agency);
	html_raw(w, "</select><button type=\"submit\" class=\"button secondary\">查看</button>"
		    "</form>\n");
	if (agency <= 0) {
		html_raw(w, "<p>您没有可查看的机关。</p>");
		ui_console_end(req, res);
		return 0;
	}
	char agency_s[24];
	snprintf(agency_s, sizeof(agency_s), "%lld", agency);
	if (!n) {
		html_raw(w, "<section class=\"panel\"><p>该机关还没有栏目。标准栏目包括政府信息公开"
			    "指南、制度、年报，法定主动公开内容（《条例》第二十条 15 项），以及政策"
			    "解读、通知公告、工作动态、人事信息。</p>");
		if (admin) {
			html_raw(w, "<form method=\"post\" action=\"/console/columns/seed\">");
			session_csrf_field(req, w);
			html_raw(w, "<input type=\"hidden\" name=\"agency\" value=\"");
			html_attr(w, agency_s);
			html_raw(w, "\"><button type=\"submit\" class=\"button primary\">"
				    "建立标准栏目</button></form>");
		}
		html_raw(w, "</section>\n");
	} else {
		zf_day today = date_today();
		size_t stale = 0;
		for (size_t i = 0; i < n; i++)
			stale += column_stale(&v[i], today);
		html_raw(w, "<section class=\"panel\"><h2>栏目树</h2>");
		if (stale)
			html_txtf(w, "有 %zu 个栏目超过更新周期没有更新。", stale);
		html_raw(w, "<table class=\"data column-admin\"><caption class=\"sr-only\">栏目列表"
			    "</caption><thead><tr><th scope=\"col\">栏目</th>"
			    "<th scope=\"col\">类型</th><th scope=\"col\">更新周期</th>"
			    "<th scope=\"col\">最近更新</th><th scope=\"col\" class=\"num\">文件数"
			    "</th><th scope=\"col\">状态</th>");
		if (admin)
			html_raw(w, "<th scope=\"col\">操作</th>");
		html_raw(w, "</tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct column *c = &v[i];
			html_raw(w, "<tr><td>");
			for (int d = 0; d < c->depth; d++)
				html_raw(w, "　　");
			html_txt(w, c->f.name);
			if (c->f.statutory_item) {
				html_raw(w, " <span class=\"muted\">第二十条");
				html_txt(w, column_statutory_number(c->f.statutory_item));
				html_raw(w, "</span>");
			}
			html_raw(w, "</td><td>");
			if (c->f.kind == COLUMN_LINK) {
				html_raw(w,
					 "外链：<a rel=\"noopener noreferrer\" target=\"_blank\" "
					 "href=\"");
				html_attr(w, c->f.url);
				html_raw(w, "\">");
				html_txt(w, c->f.url);
				html_raw(w, "</a>");
			} else {
				html_raw(w, "文件列表");
			}
			html_raw(w, "</td><td>");
			html_txt(w, column_cadence_label(c->f.cadence_days));
			html_raw(w, "</td><td>");
			char day[11];
			html_txt(w, c->last_update ? date_format(c->last_update, day) : "—");
			html_raw(w, "</td><td class=\"num\">");
			html_txtf(w, "%lld", c->ndocs);
			html_raw(w, "</td><td>");
			status_tags(w, c, today);
			if (admin) {
				html_raw(w, "</td><td><a href=\"");
				html_attrf(w, "/console/columns/%lld", c->id);
				html_raw(w, "\">修改</a>");
			}
			html_raw(w, "</td></tr>\n");
		}
		html_raw(w, "</tbody></table></section>\n");
	}
	if (admin) {
		struct column_form blank = {.f = {.kind = COLUMN_LIST}};
		const struct column_form *cf = sticky ? sticky : &blank;
		html_raw(w,
			 "<section class=\"panel\"><h2>新增栏目</h2>"
			 "<form method=\"post\" action=\"/console/columns/new\" class=\"form\">");
		session_csrf_field(req, w);
		html_raw(w, "<input type=\"hidden\" name=\"agency\" value=\"");
		html_attr(w, agency_s);
		html_raw(w, "\">");
		field_open(w, "nc-parent", "上级栏目", false);
		html_raw(w, "<select id=\"nc-parent\" name=\"parent\">");
		parent_options(w, v, n, 0, sticky_parent);
		html_raw(w, "</select></div>\n");
		fields_html(w, "nc", cf);
		html_raw(w, "<p><button type=\"submit\" class=\"button primary\">新增栏目</button>"
			    "</p></form></section>\n");
	}
	html_raw(w, "<p><a href=\"");
	html_attrf(w, "/columns/%lld", agency);
	html_raw(w, "\">查看公开网站上的栏目</a></p>\n");
	ui_console_end(req, res);
	return 0;
}

int page_columns_console(struct web_request *req, struct web_response *res)
{
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	long long agency = chosen_agency(req, &ag);
	if (agency < 0)
		return console_not_found(req, res);
	return render_tree(req, res, agency, &ag, NULL, NULL, 0, 200);
}

/* The agency of the posted form when the user administers it; 0 otherwise. */
static long long posted_agency(struct web_request *req)
{
	long long id = 0;
	if (!console_id(console_form_text(req, "agency"), &id) || !session_can(req, id, ROLE_ADMIN))
		return 0;
	return id;
}

int page_columns_console_seed(struct web_request *req, struct web_response *res)
{
	long long agency = posted_agency(req);
	if (!agency)
		return console_not_found(req, res);
	int rc = store_columns_seed(req->db, console_actor(req), agency);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/columns?agency=%lld&done=seeded", agency));
	return 0;
}

int page_columns_console_add(struct web_request *req, struct web_response *res)
{
	long long agency = posted_agency(req);
	if (!agency)
		return console_not_found(req, res);
	struct console_agencies ag;
	int rc = console_agencies_load(req, &ag);
	if (rc)
		return rc;
	struct column_form cf = {0};
	const char *error = fields_read(req, &cf);
	cf.f.agency_id = agency;
	const char *parent = console_form_text(req, "parent");
	if (!error && *parent && strcmp(parent, "0") && !console_id(parent, &cf.f.parent_id))
		error = "请选择上级栏目。";
	struct buf err = BUF_INIT;
	if (!error) {
		rc = store_column_add(req->db, console_actor(req), &cf.f, NULL, &err);
		if (rc && rc != ZF_EINVAL && rc != ZF_ENOENT) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法新增栏目");
	}
	buf_free(&err);
	if (error)
		return render_tree(req, res, agency, &ag, error, &cf, cf.f.parent_id, 422);
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/columns?agency=%lld&done=added", agency));
	return 0;
}

/* ---------------------------------------------------------------- one column */

/* The column of the path when the user administers its agency: 0 or ZF_ENOENT. */
static int load_column(struct web_request *req, struct column *c)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_column_get(req->db, req->arena, id, c);
	if (!rc && !session_can(req, c->f.agency_id, ROLE_ADMIN))
		rc = ZF_ENOENT;
	return rc;
}

static int render_column(struct web_request *req, struct web_response *res, const struct column *c,
			 const struct column_form *cf, const char *error, int status)
{
	struct column *v = NULL;
	size_t n = 0;
	int rc = store_column_list(req->db, req->arena, c->f.agency_id, true, &v, &n);
	if (rc)
		return rc;
	res->status = status;
	ui_console_begin(req, res, "修改栏目", "/console/docs");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/docs\">主动公开</a> › <a href=\"");
	html_attrf(w, "/console/columns?agency=%lld", c->f.agency_id);
	html_raw(w, "\">栏目</a></p>\n<h1>修改栏目：");
	html_txt(w, c->f.name);
	html_raw(w, "</h1>\n");
	if (error)
		console_alert(w, "error", error);
	char path[48];
	snprintf(path, sizeof(path), "/console/columns/%lld", c->id);

	html_raw(w,
		 "<section class=\"panel\"><h2>栏目设置</h2><form method=\"post\" class=\"form\" "
		 "action=\"");
	html_attr(w, path);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"edit\">");
	struct column_form shown = {.f = c->f};
	fields_html(w, "ec", cf ? cf : &shown);
	html_raw(w, "<p><button type=\"submit\" class=\"button primary\">保存</button></p>"
		    "</form></section>\n");

	html_raw(w, "<section class=\"panel\"><h2>移动</h2><form method=\"post\" class=\"form\" "
		    "action=\"");
	html_attr(w, path);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"move\">");
	field_open(w, "mv-parent", "移到", true);
	html_raw(w, "<select id=\"mv-parent\" name=\"parent\">");
	parent_options(w, v, n, c->id, c->f.parent_id);
	html_raw(w, "</select></div>\n");
	char sort[16];
	snprintf(sort, sizeof(sort), "%d", c->f.sort_order);
	console_text_field(w, "mv-sort", "sort", "排序号（小的在前）", sort, false, 7);
	html_raw(w, "<p><button type=\"submit\" class=\"button secondary\">移动</button></p>"
		    "</form></section>\n");

	html_raw(w, "<section class=\"panel\"><h2>");
	html_txt(w, c->f.hidden ? "重新开放" : "关闭栏目");
	html_raw(w, "</h2><p>");
	html_txt(w, c->f.hidden ? "重新开放后，栏目及其下级栏目重新在公开网站上显示。"
				: "关闭后，栏目及其下级栏目不在公开网站上显示，也不能再归入新文件；"
				  "已归入的文件和历史记录保留。");
	html_raw(w, "</p><form method=\"post\" action=\"");
	html_attr(w, path);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, c->f.hidden
			? "<input type=\"hidden\" name=\"action\" value=\"show\">"
			  "<button type=\"submit\" class=\"button secondary\">重新开放</button>"
			: "<input type=\"hidden\" name=\"action\" value=\"hide\">"
			  "<button type=\"submit\" class=\"button secondary\">关闭栏目</button>");
	html_raw(w, "</form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_columns_console_column(struct web_request *req, struct web_response *res)
{
	struct column c;
	int rc = load_column(req, &c);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return render_column(req, res, &c, NULL, NULL, 200);
}

int page_columns_console_change(struct web_request *req, struct web_response *res)
{
	struct column c;
	int rc = load_column(req, &c);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	const char *actor = console_actor(req);
	struct buf err = BUF_INIT;
	struct column_form cf = {0};
	const char *error = NULL, *done = NULL;
	if (!strcmp(action, "edit")) {
		error = fields_read(req, &cf);
		cf.f.agency_id = c.f.agency_id;
		cf.f.parent_id = c.f.parent_id;
		cf.f.hidden = c.f.hidden;
		if (!error)
			rc = store_column_edit(req->db, actor, c.id, &cf.f, &err);
		done = "saved";
	} else if (!strcmp(action, "move")) {
		long long parent = 0;
		long v = 0;
		const char *p = console_form_text(req, "parent");
		const char *s = console_form_text(req, "sort");
		if (*p && strcmp(p, "0") && !console_id(p, &parent))
			error = "请选择上级栏目。";
		else if (*s && (str_to_long(str_c(s), &v) || v < -100000 || v > 100000))
			error = "排序号应为 -100000 至 100000 之间的整数。";
		else
			rc = store_column_move(req->db, actor, c.id, parent, (int)v, &err);
		done = "moved";
	} else if (!strcmp(action, "hide") || !strcmp(action, "show")) {
		rc = store_column_set_hidden(req->db, actor, c.id, action[0] == 'h', &err);
		done = action[0] == 'h' ? "hidden" : "shown";
	} else {
		error = "不认识的操作。";
	}
	if (!error && rc && rc != ZF_EINVAL && rc != ZF_ENOENT) {
		buf_free(&err);
		return rc;
	}
	if (!error && rc)
		error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法完成");
	buf_free(&err);
	if (error)
		return render_column(req, res, &c, !strcmp(action, "edit") ? &cf : NULL, error,
				     422);
	ui_redirect(
	    req, res,
	    arena_printf(req->arena, "/console/columns?agency=%lld&done=%s", c.f.agency_id, done));
	return 0;
}

/* ---------------------------------------------------------------- the picker */

void columns_picker(struct web_request *req, struct buf *w, long long agency_id,
		    const long long *filed, size_t nfiled)
{
	struct column *v = NULL;
	size_t n = 0;
	if (agency_id <= 0 || store_column_list(req->db, req->arena, agency_id, true, &v, &n) || !n)
		return;
	html_raw(w, "<fieldset class=\"field columns-picker\"><legend>归入栏目</legend>"
		    "<span class=\"hint\">可选多个；只列出所选发布机关的栏目。更换发布机关后，"
		    "请保存后重新选择栏目。</span>\n");
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &v[i];
		bool on = false;
		for (size_t k = 0; k < nfiled; k++)
			on = on || filed[k] == c->id;
		if (c->f.kind != COLUMN_LIST || (c->f.hidden && !on))
			continue;
		html_raw(w, "<div>");
		for (int d = 0; d < c->depth; d++)
			html_raw(w, "　　");
		html_raw(w,
			 "<label class=\"check\"><input type=\"checkbox\" name=\"column\" id=\"");
		html_attrf(w, "col-%lld", c->id);
		html_raw(w, "\" value=\"");
		html_attrf(w, "%lld", c->id);
		html_raw(w, on ? "\" checked>" : "\">");
		html_txt(w, c->f.name);
		if (c->f.hidden)
			html_raw(w, "（已关闭）");
		html_raw(w, "</label></div>\n");
	}
	html_raw(w, "</fieldset>\n");
}

bool columns_picked(struct web_request *req, long long **ids, size_t *n, const char **error)
{
	*ids = NULL;
	*n = 0;
	size_t count = 0;
	for (size_t i = 0; i < req->nform; i++)
		count += !strcmp(req->form[i].name, "column");
	if (!count)
		return true;
	*ids = arena_alloc(req->arena, count * sizeof(**ids));
	if (!*ids) {
		*error = "内存不足";
		return false;
	}
	for (size_t i = 0; i < req->nform; i++) {
		if (strcmp(req->form[i].name, "column"))
			continue;
		if (!console_id(req->form[i].value, &(*ids)[*n])) {
			*error = "所选栏目无效，请重新选择。";
			return false;
		}
		(*n)++;
	}
	return true;
}

/* ---------------------------------------------------------------- a document's columns */

void columns_doc_panel(struct web_request *req, struct buf *w, long long doc_id,
		       long long agency_id, bool may_file)
{
	long long *filed = NULL;
	size_t nfiled = 0;
	struct column *v = NULL;
	size_t n = 0;
	if (store_doc_columns_get(req->db, req->arena, doc_id, &filed, &nfiled) ||
	    store_column_list(req->db, req->arena, agency_id, true, &v, &n) || !n)
		return;
	html_raw(w, "<section class=\"panel doc-columns\" aria-labelledby=\"col-title\">"
		    "<h2 id=\"col-title\">所属栏目</h2>\n");
	if (!nfiled)
		html_raw(w, "<p class=\"muted\">尚未归入栏目。</p>");
	else
		html_raw(w, "<ul>");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nfiled; k++)
			if (filed[k] == v[i].id) {
				html_raw(w, "<li>");
				html_txt(w, v[i].f.name);
				html_raw(w, "</li>");
			}
	if (nfiled)
		html_raw(w, "</ul>");
	if (may_file) {
		html_raw(w, "<form method=\"post\" class=\"form\" action=\"");
		html_attrf(w, "/console/docs/%lld/columns", doc_id);
		html_raw(w, "\">");
		session_csrf_field(req, w);
		columns_picker(req, w, agency_id, filed, nfiled);
		html_raw(w,
			 "<p><button type=\"submit\" class=\"button secondary\">保存栏目</button>"
			 "</p></form>");
	}
	html_raw(w, "</section>\n");
}

int page_columns_console_file(struct web_request *req, struct web_response *res)
{
	long long id;
	struct doc d;
	if (!console_id(req->path_args[0], &id))
		return console_not_found(req, res);
	int rc = store_doc_get(req->db, req->arena, id, &d);
	if (rc == ZF_ENOENT || (!rc && !session_can(req, d.f.agency_id, ROLE_CLERK)))
		return console_not_found(req, res);
	if (rc)
		return rc;
	char *back = arena_printf(req->arena, "/console/docs/%lld", id);
	if (d.state != DOC_PUBLISHED) { /* drafts are filed on their form */
		ui_redirect(req, res, back ? back : "/console/docs");
		return 0;
	}
	long long *ids = NULL;
	size_t n = 0;
	const char *error = NULL;
	struct buf err = BUF_INIT;
	if (columns_picked(req, &ids, &n, &error)) {
		rc = store_doc_columns_set(req->db, console_actor(req), id, ids, n, &err);
		if (rc && rc != ZF_EINVAL) {
			buf_free(&err);
			return rc;
		}
		if (rc)
			error = arena_strdup(req->arena, err.len ? buf_cstr(&err) : "无法归入栏目");
	}
	buf_free(&err);
	if (error) {
		ui_error_page(req, res, 422, "无法归入栏目", error);
		return 0;
	}
	ui_redirect(req, res, arena_printf(req->arena, "/console/docs/%lld?done=saved", id));
	return 0;
}
