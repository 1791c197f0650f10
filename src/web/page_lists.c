/* page_lists.c: versioned lists (三项清单: 权责清单, 负面清单, 收费清单 and others). Public:
 * /lists, the published lists by agency; /list/{id}, the current version with the older ones
 * still readable at /list/{id}/v/{n}, and each version as Excel at /list/{id}/v/{n}/xlsx.
 * Console: /console/lists to list and create, /console/lists/{id} to edit the draft's items
 * (clerks) and publish it as a new frozen version with its 修订日期 (reviewers, who may
 * publish: 先审查、后公开). Another agency's list answers 404, by URL and by form. */
#include "common.h"
#include "arena.h"
#include "page_console.h"
#include "page_docs.h"
#include "page_lists.h"
#include "render/html.h"
#include "render/list_xlsx.h"
#include "routes.h"
#include "session.h"
#include "store/db.h"
#include "store/lists.h"
#include "ui_shared.h"

#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void ymd(struct buf *w, zf_day d)
{
	struct ymd t = date_to_ymd(d);
	html_txtf(w, "%d年%d月%d日", t.y, t.m, t.d);
}

/* Multi-line text: line breaks kept as <br>. */
static void multiline(struct buf *w, const char *s)
{
	struct str rest = str_c(s);
	bool first = true;
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		if (!first)
			html_raw(w, "<br>");
		html_txts(w, str_trim(line));
		first = false;
	}
}

static void items_table(struct buf *w, const struct list_item *it, size_t n)
{
	html_raw(
	    w, "<table class=\"data list-items\"><thead><tr><th scope=\"col\">序号</th>"
	       "<th scope=\"col\">事项名称</th><th scope=\"col\">类别</th>"
	       "<th scope=\"col\">设定依据</th><th scope=\"col\">其他</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><td>");
		html_txtf(w, "%zu", i + 1);
		html_raw(w, "</td><td>");
		html_txt(w, it[i].name);
		html_raw(w, "</td><td>");
		html_txt(w, it[i].category);
		html_raw(w, "</td><td>");
		multiline(w, it[i].basis);
		html_raw(w, "</td><td>");
		multiline(w, it[i].detail);
		html_raw(w, "</td></tr>\n");
	}
	html_raw(w, "</tbody></table>\n");
}

/* ---------------------------------------------------------------- public */

int page_lists(struct web_request *req, struct web_response *res)
{
	struct vlist *l = NULL;
	size_t n = 0;
	int rc = store_list_lists(req->db, req->arena, NULL, 0, true, &l, &n);
	if (rc)
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, "清单", "/lists");
	html_raw(w, "<h1>清单</h1>\n<p class=\"muted\">权责清单、负面清单、收费清单等。每次修订"
		    "发布为新的版本，历史版本可继续查阅和下载。</p>\n");
	if (!n)
		html_raw(w, "<p>暂无已发布的清单。</p>\n");
	for (size_t i = 0; i < n; i++) {
		if (!i || l[i].f.agency_id != l[i - 1].f.agency_id) {
			if (i)
				html_raw(w, "</ul></section>\n");
			html_raw(w, "<section class=\"panel\"><h2>");
			html_txt(w, l[i].agency_name);
			html_raw(w, "</h2>\n<ul class=\"docs\">\n");
		}
		html_raw(w, "<li><a href=\"");
		html_attrf(w, "/list/%lld", l[i].id);
		html_raw(w, "\">");
		html_txt(w, l[i].f.name);
		html_raw(w, "</a> <span class=\"tag\">");
		html_txt(w, list_kind_label(l[i].f.kind));
		html_raw(w, "</span> <span class=\"muted\">");
		html_txtf(w, "第 %d 版，修订日期 ", l[i].version);
		ymd(w, l[i].revised_on);
		html_raw(w, "</span></li>\n");
	}
	if (n)
		html_raw(w, "</ul></section>\n");
	ui_end(req, res);
	return 0;
}

static int not_found(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 404, "清单不存在", "您要查看的清单或版本不存在，或尚未发布。");
	return 0;
}

/* The list of the path and its version (0 = the current one). */
static int load_version(struct web_request *req, int version, struct vlist *l,
			struct list_version *v, struct list_item **items, size_t *n)
{
	long long id;
	if (!docs_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_list_get(req->db, req->arena, id, l);
	if (rc)
		return rc;
	if (!version)
		version = l->version;
	if (!version)
		return ZF_ENOENT;
	return store_list_version_get(req->db, req->arena, id, version, v, items, n);
}

static int show_version(struct web_request *req, struct web_response *res, int version)
{
	struct vlist l;
	struct list_version v;
	struct list_item *items = NULL;
	size_t n = 0;
	int rc = load_version(req, version, &l, &v, &items, &n);
	if (rc == ZF_ENOENT)
		return not_found(req, res);
	struct list_version *vs = NULL;
	size_t nv = 0;
	if (rc || (rc = store_list_versions(req->db, req->arena, l.id, &vs, &nv)))
		return rc;
	struct buf *w = &res->body;
	ui_begin(req, res, l.f.name, "/lists");
	html_raw(w, "<nav class=\"breadcrumb\" aria-label=\"位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/lists\">清单</a></nav>\n<article class=\"panel\">\n<h1>");
	html_txt(w, l.f.name);
	html_raw(w, "</h1>\n<p class=\"list-version\">");
	html_txt(w, l.agency_name);
	html_raw(w, " · ");
	html_txt(w, list_kind_label(l.f.kind));
	html_txtf(w, " · 第 %d 版 · 修订日期 ", v.version);
	ymd(w, v.revised_on);
	html_raw(w, "</p>\n");
	if (v.version != l.version) {
		html_raw(w, "<p class=\"alert info\" role=\"note\">这是历史版本。<a href=\"");
		html_attrf(w, "/list/%lld", l.id);
		html_raw(w, "\">");
		html_txtf(w, "查看现行版本（第 %d 版）", l.version);
		html_raw(w, "</a></p>\n");
	}
	if (*l.f.note) {
		html_raw(w, "<p>");
		multiline(w, l.f.note);
		html_raw(w, "</p>\n");
	}
	if (*v.note) {
		html_raw(w, "<p class=\"muted\">修订说明：");
		multiline(w, v.note);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "<p><a class=\"button secondary\" href=\"");
	html_attrf(w, "/list/%lld/v/%d/xlsx", l.id, v.version);
	html_raw(w, "\" download>下载 Excel（.xlsx）</a></p>\n");
	items_table(w, items, n);
	html_raw(w, "<section><h2>全部版本</h2><ol class=\"versions\" reversed>\n");
	for (size_t i = 0; i < nv; i++) {
		html_raw(w, "<li><a href=\"");
		html_attrf(w, "/list/%lld/v/%d", l.id, vs[i].version);
		html_raw(w, "\">");
		html_txtf(w, "第 %d 版", vs[i].version);
		html_raw(w, "</a> 修订日期 ");
		ymd(w, vs[i].revised_on);
		html_txtf(w, "，%lld 项", vs[i].nitems);
		html_raw(w, " <a href=\"");
		html_attrf(w, "/list/%lld/v/%d/xlsx", l.id, vs[i].version);
		html_raw(w, "\" download>Excel</a></li>\n");
	}
	html_raw(w, "</ol></section>\n</article>\n");
	ui_end(req, res);
	return 0;
}

int page_list(struct web_request *req, struct web_response *res)
{
	return show_version(req, res, 0);
}

static bool version_arg(const char *s, int *v)
{
	long long id;
	if (!docs_id(s, &id) || id > 100000)
		return false;
	*v = (int)id;
	return true;
}

int page_list_version(struct web_request *req, struct web_response *res)
{
	int v;
	return version_arg(req->path_args[1], &v) ? show_version(req, res, v) : not_found(req, res);
}

int page_list_xlsx(struct web_request *req, struct web_response *res)
{
	int version;
	if (!version_arg(req->path_args[1], &version))
		return not_found(req, res);
	struct vlist l;
	struct list_version v;
	struct list_item *items = NULL;
	size_t n = 0;
	int rc = load_version(req, version, &l, &v, &items, &n);
	if (rc == ZF_ENOENT)
		return not_found(req, res);
	if (rc)
		return rc;
	char path[] = "/tmp/zf-list-XXXXXX.xlsx";
	int fd = mkstemps(path, 5);
	if (fd < 0)
		return ZF_EIO;
	close(fd);
	struct buf err = BUF_INIT;
	rc = list_xlsx_write(&l, &v, items, n, path, &err);
	if (!rc)
		rc = buf_read_file(&res->body, path, 0);
	unlink(path);
	buf_free(&err);
	if (rc)
		return rc;
	res->content_type = XLSX_TYPE;
	struct buf cd = BUF_INIT;
	buf_printf(&cd, "attachment; filename=\"list-%lld-v%d.xlsx\"; filename*=UTF-8''", l.id,
		   v.version);
	char *name = arena_printf(req->arena, "%s（第%d版）.xlsx", l.f.name, v.version);
	if (name)
		html_url_arg(&cd, name);
	const char *value = name && !cd.failed ? arena_strdup(req->arena, buf_cstr(&cd)) : NULL;
	buf_free(&cd);
	if (!value)
		return ZF_ENOMEM;
	web_add_header(res, "Content-Disposition", value);
	web_add_header(res, "Cache-Control", "public, max-age=3600");
	return 0;
}

/* ---------------------------------------------------------------- console */

static void kind_select(struct buf *w)
{
	html_raw(w, "<div class=\"field\"><label for=\"l-kind\">类别</label>"
		    "<select id=\"l-kind\" name=\"kind\">");
	for (int k = 0; k < LIST_KINDS; k++) {
		html_raw(w, "<option value=\"");
		html_attr(w, list_kind_key(k));
		html_raw(w, "\">");
		html_txt(w, list_kind_label(k));
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
}

static int lists_console(struct web_request *req, struct web_response *res, const char *error,
			 int status)
{
	size_t nids = 0;
	long long *ids = session_agencies(req, ROLE_VIEWER, &nids);
	struct vlist *l = NULL;
	size_t n = 0;
	int rc = nids ? store_list_lists(req->db, req->arena, ids, nids, false, &l, &n) : 0;
	if (rc)
		return rc;
	struct console_agencies ag;
	console_agencies_load(req, &ag);
	res->status = status;
	ui_console_begin(req, res, "清单", "/console/lists");
	struct buf *w = &res->body;
	html_raw(w, "<h1>清单</h1>\n");
	if (error)
		console_alert(w, "error", error);
	html_raw(w, "<section class=\"panel\"><h2>清单</h2>\n");
	if (!n)
		html_raw(w, "<p>还没有清单。</p>\n");
	else
		html_raw(w, "<table class=\"data\"><thead><tr><th scope=\"col\">名称</th>"
			    "<th scope=\"col\">类别</th><th scope=\"col\">机关</th>"
			    "<th scope=\"col\">现行版本</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<tr><td><a href=\"");
		html_attrf(w, "/console/lists/%lld", l[i].id);
		html_raw(w, "\">");
		html_txt(w, l[i].f.name);
		html_raw(w, "</a></td><td>");
		html_txt(w, list_kind_label(l[i].f.kind));
		html_raw(w, "</td><td>");
		html_txt(w, l[i].agency_name);
		html_raw(w, "</td><td>");
		if (l[i].version)
			html_txtf(w, "第 %d 版", l[i].version);
		else
			html_raw(w, "未发布");
		html_raw(w, "</td></tr>\n");
	}
	if (n)
		html_raw(w, "</tbody></table>\n");
	html_raw(w, "</section>\n");
	if (req->user->role >= ROLE_CLERK) {
		html_raw(w, "<section class=\"panel\"><h2>新建清单</h2>\n<form class=\"form\" "
			    "method=\"post\" action=\"/console/lists\">");
		session_csrf_field(req, w);
		html_raw(w, "<div class=\"field\"><label for=\"l-agency\" class=\"required\">"
			    "机关</label><select id=\"l-agency\" name=\"agency\">");
		console_agency_options(w, req, &ag, ROLE_CLERK, req->user->agency_id);
		html_raw(w, "</select></div>\n");
		console_text_field(w, "l-name", "name", "清单名称", "", true, 200);
		kind_select(w);
		html_raw(w, "<div class=\"field\"><label for=\"l-note\">说明</label><textarea "
			    "id=\"l-note\" name=\"note\" class=\"short\"></textarea></div>\n"
			    "<button type=\"submit\" class=\"button primary\">新建清单</button>"
			    "</form></section>\n");
	}
	ui_console_end(req, res);
	return 0;
}

int page_lists_console(struct web_request *req, struct web_response *res)
{
	return lists_console(req, res, NULL, 200);
}

int page_lists_console_create(struct web_request *req, struct web_response *res)
{
	struct list_fields f = {0};
	if (!console_id(console_form_text(req, "agency"), &f.agency_id) ||
	    !session_can(req, f.agency_id, ROLE_CLERK))
		return console_not_found(req, res);
	f.name = console_form_text(req, "name");
	f.kind = list_kind_parse(console_form_text(req, "kind"));
	f.note = console_form_text(req, "note");
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_list_add(req->db, console_actor(req), &f, &id, &err);
	if (rc == ZF_EINVAL) {
		const char *msg = arena_strdup(req->arena, buf_cstr(&err));
		buf_free(&err);
		return lists_console(req, res, msg, 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, arena_printf(req->arena, "/console/lists/%lld", id));
	return 0;
}

static int load_list(struct web_request *req, struct vlist *l)
{
	long long id;
	if (!console_id(req->path_args[0], &id))
		return ZF_ENOENT;
	int rc = store_list_get(req->db, req->arena, id, l);
	if (!rc && !session_can(req, l->f.agency_id, ROLE_VIEWER))
		rc = ZF_ENOENT;
	return rc;
}

static void item_fields(struct buf *w, const char *prefix, const struct list_item *it)
{
	char id[48];
	snprintf(id, sizeof(id), "%s-name", prefix);
	console_text_field(w, id, "name", "事项名称", it ? it->name : "", true, 200);
	snprintf(id, sizeof(id), "%s-category", prefix);
	console_text_field(w, id, "category", "类别", it ? it->category : "", false, 200);
	static const struct {
		const char *name, *label;
	} areas[] = {{"basis", "设定依据"}, {"detail", "其他（标准、实施主体、备注等）"}};
	for (size_t k = 0; k < ARRAY_SIZE(areas); k++) {
		snprintf(id, sizeof(id), "%s-%s", prefix, areas[k].name);
		html_raw(w, "<div class=\"field\"><label for=\"");
		html_attr(w, id);
		html_raw(w, "\">");
		html_txt(w, areas[k].label);
		html_raw(w, "</label><textarea class=\"short\" id=\"");
		html_attr(w, id);
		html_raw(w, "\" name=\"");
		html_attr(w, areas[k].name);
		html_raw(w, "\">");
		if (it)
			html_txt(w, k ? it->detail : it->basis);
		html_raw(w, "</textarea></div>\n");
	}
	snprintf(id, sizeof(id), "%s-sort", prefix);
	char sort[16];
	snprintf(sort, sizeof(sort), "%d", it ? it->sort : 0);
	console_text_field(w, id, "sort", "排序号（小的在前）", sort, false, 7);
}

static void post_form(struct web_request *req, struct buf *w, long long list_id, const char *action)
{
	html_raw(w, "<form class=\"form\" method=\"post\" action=\"");
	html_attrf(w, "/console/lists/%lld", list_id);
	html_raw(w, "\">");
	session_csrf_field(req, w);
	html_raw(w, "<input type=\"hidden\" name=\"action\" value=\"");
	html_attr(w, action);
	html_raw(w, "\">");
}

static int list_console(struct web_request *req, struct web_response *res, const struct vlist *l,
			const char *error, int status)
{
	struct list_item *it = NULL;
	struct list_version *vs = NULL;
	size_t n = 0, nv = 0;
	int rc;
	if ((rc = store_list_items(req->db, req->arena, l->id, &it, &n)) ||
	    (rc = store_list_versions(req->db, req->arena, l->id, &vs, &nv)))
		return rc;
	bool clerk = session_can(req, l->f.agency_id, ROLE_CLERK);
	bool reviewer = session_can(req, l->f.agency_id, ROLE_REVIEWER);
	res->status = status;
	ui_console_begin(req, res, l->f.name, "/console/lists");
	struct buf *w = &res->body;
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/lists\">清单</a> › ");
	html_txt(w, list_kind_label(l->f.kind));
	html_raw(w, "</p>\n<h1>");
	html_txt(w, l->f.name);
	html_raw(w, "</h1>\n<p>");
	html_txt(w, l->agency_name);
	if (l->version) {
		html_txtf(w, " · 现行第 %d 版 · ", l->version);
		html_raw(w, "<a href=\"");
		html_attrf(w, "/list/%lld", l->id);
		html_raw(w, "\">查看公众页面</a>");
	} else {
		html_raw(w, " · 尚未发布");
	}
	html_raw(w, "</p>\n");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存草稿。");
	else if (done && !strcmp(done, "published"))
		console_alert(w, "ok", "已发布新版本。");
	html_raw(w, "<section class=\"panel\"><h2>草稿中的事项</h2>\n<p class=\"muted\">修改草稿"
		    "不影响已发布的版本；发布后草稿成为新的版本。</p>\n");
	if (!n)
		html_raw(w, "<p>草稿中还没有事项。</p>\n");
	else
		html_raw(w, "<ol class=\"list-draft\">\n");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<li><strong>");
		html_txt(w, it[i].name);
		html_raw(w, "</strong>");
		if (*it[i].category) {
			html_raw(w, " <span class=\"tag\">");
			html_txt(w, it[i].category);
			html_raw(w, "</span>");
		}
		if (*it[i].basis) {
			html_raw(w, "<br><span class=\"muted\">依据：</span>");
			multiline(w, it[i].basis);
		}
		if (clerk) {
			char prefix[32], idv[24];
			snprintf(prefix, sizeof(prefix), "i%lld", it[i].id);
			snprintf(idv, sizeof(idv), "%lld", it[i].id);
			html_raw(w, "<details><summary>修改</summary>");
			post_form(req, w, l->id, "edit");
			html_raw(w, "<input type=\"hidden\" name=\"item\" value=\"");
			html_attr(w, idv);
			html_raw(w, "\">");
			item_fields(w, prefix, &it[i]);
			html_raw(w,
				 "<button type=\"submit\" class=\"button secondary\">保存</button>"
				 "</form></details>");
			post_form(req, w, l->id, "remove");
			html_raw(w, "<input type=\"hidden\" name=\"item\" value=\"");
			html_attr(w, idv);
			html_raw(w, "\"><button type=\"submit\" class=\"linkish\">删除<span "
				    "class=\"sr-only\">");
			html_txt(w, it[i].name);
			html_raw(w, "</span></button></form>");
		}
		html_raw(w, "</li>\n");
	}
	if (n)
		html_raw(w, "</ol>\n");
	if (clerk) {
		html_raw(w, "<h3>添加事项</h3>");
		post_form(req, w, l->id, "add");
		item_fields(w, "new", NULL);
		html_raw(w, "<button type=\"submit\" class=\"button secondary\">添加</button>"
			    "</form>\n");
	}
	html_raw(w, "</section>\n");
	if (reviewer) {
		html_raw(w, "<section class=\"panel\"><h2>发布新版本</h2>\n");
		post_form(req, w, l->id, "publish");
		console_date_field(w, "l-revised", "revised_on", "修订日期", date_today(), true);
		html_raw(w, "<div class=\"field\"><label for=\"l-vnote\">修订说明</label><textarea "
			    "id=\"l-vnote\" name=\"note\" class=\"short\"></textarea></div>\n"
			    "<button type=\"submit\" class=\"button primary\">发布</button></form>"
			    "</section>\n");
	}
	html_raw(w, "<section class=\"panel\"><h2>已发布的版本</h2>\n");
	if (!nv)
		html_raw(w, "<p>尚未发布。</p>");
	for (size_t i = 0; i < nv; i++) {
		html_raw(w, "<p><a href=\"");
		html_attrf(w, "/list/%lld/v/%d", l->id, vs[i].version);
		html_raw(w, "\">");
		html_txtf(w, "第 %d 版", vs[i].version);
		html_raw(w, "</a> 修订日期 ");
		ymd(w, vs[i].revised_on);
		html_txtf(w, "，%lld 项 · ", vs[i].nitems);
		html_txt(w, vs[i].published_by);
		html_raw(w, "</p>\n");
	}
	html_raw(w, "</section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_list_console(struct web_request *req, struct web_response *res)
{
	struct vlist l;
	int rc = load_list(req, &l);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	return list_console(req, res, &l, NULL, 200);
}

static void form_item(const struct web_request *req, struct list_item *it, struct buf *err, int *rc)
{
	it->name = console_form_text(req, "name");
	it->category = console_form_text(req, "category");
	it->basis = console_form_text(req, "basis");
	it->detail = console_form_text(req, "detail");
	const char *sort = console_form_text(req, "sort");
	char *end = NULL;
	long v = *sort ? strtol(sort, &end, 10) : 0;
	if (*sort && (*end || v < 0 || v > 1000000)) {
		buf_setf(err, "排序号应为 0 到 1000000 之间的整数");
		*rc = ZF_EINVAL;
	}
	it->sort = (int)v;
}

int page_list_console_post(struct web_request *req, struct web_response *res)
{
	struct vlist l;
	int rc = load_list(req, &l);
	if (rc == ZF_ENOENT)
		return console_not_found(req, res);
	if (rc)
		return rc;
	const char *action = console_form_text(req, "action");
	bool publish = !strcmp(action, "publish");
	if (!session_can(req, l.f.agency_id, publish ? ROLE_REVIEWER : ROLE_CLERK))
		return list_console(req, res, &l,
				    publish ? "只有本机关的审核人可以发布清单。"
					    : "您没有办理本机关清单的权限。",
				    403);
	const char *actor = console_actor(req);
	struct buf err = BUF_INIT;
	struct list_item it = {0};
	long long item = 0;
	if (!strcmp(action, "add") || !strcmp(action, "edit")) {
		form_item(req, &it, &err, &rc);
		if (!rc && !strcmp(action, "add"))
			rc = store_list_item_add(req->db, actor, l.id, &it, NULL, &err);
		else if (!rc)
			rc = console_id(console_form_text(req, "item"), &item)
				 ? store_list_item_update(req->db, actor, l.id, item, &it, &err)
				 : (buf_setf(&err, "清单中没有这个事项"), ZF_ENOENT);
	} else if (!strcmp(action, "remove")) {
		rc = console_id(console_form_text(req, "item"), &item)
			 ? store_list_item_remove(req->db, actor, l.id, item, &err)
			 : (buf_setf(&err, "清单中没有这个事项"), ZF_ENOENT);
	} else if (publish) {
		zf_day on = console_form_day(req, "revised_on");
		rc = on ? store_list_publish(req->db, actor, l.id, on,
					     console_form_text(req, "note"), NULL, &err)
			: (buf_setf(&err, "请填写修订日期"), ZF_EINVAL);
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
		return list_console(req, res, &l, msg, rc == ZF_ESTATE ? 409 : 422);
	}
	buf_free(&err);
	ui_redirect(req, res,
		    arena_printf(req->arena, "/console/lists/%lld?done=%s", l.id,
				 publish ? "published" : "saved"));
	return 0;
}
