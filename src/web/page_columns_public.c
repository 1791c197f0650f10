/* page_columns_public.c: the public column pages: /columns, the agencies that keep columns;
 * /columns/{agency}, an agency's column tree (政府信息公开指南, 制度, 法定主动公开内容 with the
 * 15 items of 条例 Art. 20, 年报, and the rest) with each column's last update; /column/{id},
 * the published documents filed under one column, newest first, with numbered pages. A
 * link-out column is a link to the other platform (rel="noopener", marked as external).
 * Closed (hidden) columns, and everything below them, answer 404 and are not listed. */
#include "common.h"
#include "arena.h"
#include "page_columns.h"
#include "page_docs.h"
#include "render/html.h"
#include "routes.h"
#include "store/columns.h"
#include "store/db.h"
#include "ui_shared.h"

#define PER_PAGE 20

static bool parse_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

static void not_found(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 404, "栏目不存在",
		      "没有找到该栏目，它可能已经关闭。请从机关的栏目列表中选择。");
}

static const char *agency_name(const struct agency *v, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return v[i].name;
	return NULL;
}

/* A link to another platform: opens apart, marked for every reader. */
static void external_link(struct buf *w, const struct column *c)
{
	html_raw(w, "<a class=\"external\" rel=\"noopener noreferrer external\" target=\"_blank\" "
		    "href=\"");
	html_attr(w, c->f.url);
	html_raw(w, "\">");
	html_txt(w, c->f.name);
	html_raw(w, "<span class=\"external-mark\">（外部链接，将打开其他平台）</span></a>");
}

static void last_update(struct buf *w, const struct column *c)
{
	html_raw(w, " <span class=\"muted column-updated\">");
	if (c->last_update) {
		char day[11];
		html_txt(w, "更新于 ");
		html_txt(w, date_format(c->last_update, day));
	} else {
		html_txt(w, "暂无信息");
	}
	html_raw(w, "</span>");
}

int page_columns_index(struct web_request *req, struct web_response *res)
{
	struct agency *ag;
	size_t nag;
	int rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	ui_begin(req, res, "政务公开栏目", "/columns");
	struct buf *w = &res->body;
	html_raw(w,
		 "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		 "<span aria-current=\"page\">政务公开栏目</span></nav>\n<h1>政务公开栏目</h1>\n"
		 "<p>请选择机关，查看其政府信息公开指南、法定主动公开内容和其他栏目。</p>\n<ul>");
	size_t shown = 0;
	for (size_t i = 0; i < nag; i++) {
		struct column *v;
		size_t n;
		rc = store_column_list(req->db, req->arena, ag[i].id, false, &v, &n);
		if (rc)
			return rc;
		if (!n)
			continue;
		html_raw(w, "<li><a href=\"");
		html_attrf(w, "/columns/%lld", ag[i].id);
		html_raw(w, "\">");
		for (int d = 0; d < ag[i].depth; d++)
			html_raw(w, "　");
		html_txt(w, ag[i].name);
		html_raw(w, "</a></li>\n");
		shown++;
	}
	html_raw(w, "</ul>\n");
	if (!shown)
		html_raw(w, "<p class=\"alert info\">还没有机关设置栏目。</p>\n");
	ui_end(req, res);
	return 0;
}

int page_columns_agency(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	struct agency *ag;
	size_t nag;
	int rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	const char *name = parse_id(req->path_args[0], &id) ? agency_name(ag, nag, id) : NULL;
	if (!name) {
		ui_error_page(req, res, 404, "机关不存在",
			      "没有找到该机关。请从栏目首页选择机关。");
		return 0;
	}
	struct column *v;
	size_t n;
	rc = store_column_list(req->db, req->arena, id, false, &v, &n);
	if (rc)
		return rc;
	ui_begin(req, res, name, "/columns");
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/columns\">政务公开栏目</a> › <span aria-current=\"page\">");
	html_txt(w, name);
	html_raw(w, "</span></nav>\n<h1>");
	html_txt(w, name);
	html_raw(w, "</h1>\n<p><a href=\"");
	html_attrf(w, "/agency/%lld", id);
	html_raw(w, "\">政府信息公开指南</a> · <a href=\"");
	html_attrf(w, "/docs?agency=%lld", id);
	html_raw(w, "\">主动公开目录</a></p>\n");
	if (!n) {
		html_raw(w, "<p class=\"alert info\">该机关还没有设置栏目。</p>\n");
		ui_end(req, res);
		return 0;
	}
	html_raw(w, "<nav class=\"column-tree panel\" aria-label=\"栏目\">\n");
	int open = -1; /* depth of the innermost open <ul> */
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &v[i];
		while (open > c->depth) {
			html_raw(w, "</li></ul>\n");
			open--;
		}
		if (open == c->depth)
			html_raw(w, "</li>\n");
		while (open < c->depth) {
			html_raw(w, "<ul>\n");
			open++;
			if (open < c->depth)
				html_raw(w, "<li>");
		}
		html_raw(w, "<li>");
		if (c->f.kind == COLUMN_LINK) {
			external_link(w, c);
		} else {
			html_raw(w, "<a href=\"");
			html_attrf(w, "/column/%lld", c->id);
			html_raw(w, "\">");
			html_txt(w, c->f.name);
			html_raw(w, "</a>");
		}
		if (c->f.statutory_item) {
			html_raw(w, " <span class=\"muted\">（《条例》第二十条第");
			html_txt(w, column_statutory_number(c->f.statutory_item));
			html_raw(w, "项）</span>");
		}
		last_update(w, c);
	}
	while (open >= 0) {
		html_raw(w, "</li></ul>\n");
		open--;
	}
	html_raw(w, "</nav>\n");
	ui_end(req, res);
	return 0;
}

int page_column(struct web_request *req, struct web_response *res)
{
	long long id = 0;
	if (!parse_id(req->path_args[0], &id)) {
		not_found(req, res);
		return 0;
	}
	struct column c;
	int rc = store_column_get(req->db, req->arena, id, &c);
	if (rc == ZF_ENOENT) {
		not_found(req, res);
		return 0;
	}
	if (rc)
		return rc;
	/* the visible tree of the agency: the column, its path and its children */
	struct column *v;
	size_t n;
	rc = store_column_list(req->db, req->arena, c.f.agency_id, false, &v, &n);
	if (rc)
		return rc;
	size_t at = n;
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			at = i;
	if (at == n) { /* closed, or below a closed column */
		not_found(req, res);
		return 0;
	}
	c = v[at];
	struct agency *ag;
	size_t nag;
	rc = store_agency_list(req->db, req->arena, &ag, &nag);
	if (rc)
		return rc;
	const char *aname = agency_name(ag, nag, c.f.agency_id);
	size_t page = 1;
	const char *ps = web_arg(req, "page");
	long pv = 0;
	if (ps && !str_to_long(str_c(ps), &pv) && pv >= 1 && pv <= 10000)
		page = (size_t)pv;
	struct column_doc *docs = NULL;
	size_t nd = 0;
	long long total = 0;
	if (c.f.kind == COLUMN_LIST) {
		rc = store_column_docs(req->db, req->arena, id, PER_PAGE, (page - 1) * PER_PAGE,
				       &docs, &nd, &total);
		if (rc)
			return rc;
	}
	ui_begin(req, res, c.f.name, "/columns");
	struct buf *w = &res->body;
	html_raw(w, "<nav class=\"crumbs\" aria-label=\"当前位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"");
	html_attrf(w, "/columns/%lld", c.f.agency_id);
	html_raw(w, "\">");
	html_txt(w, aname ? aname : "栏目");
	html_raw(w, "</a>");
	/* the ancestors, top first */
	const struct column *path[COLUMN_DEPTH_MAX + 1];
	size_t np = 0;
	long long up = c.f.parent_id;
	for (size_t i = at; up && i-- > 0 && np < ARRAY_SIZE(path);)
		if (v[i].id == up) {
			path[np++] = &v[i];
			up = v[i].f.parent_id;
		}
	while (np-- > 0) {
		html_raw(w, " › <a href=\"");
		html_attrf(w, "/column/%lld", path[np]->id);
		html_raw(w, "\">");
		html_txt(w, path[np]->f.name);
		html_raw(w, "</a>");
	}
	html_raw(w, " › <span aria-current=\"page\">");
	html_txt(w, c.f.name);
	html_raw(w, "</span></nav>\n<h1>");
	html_txt(w, c.f.name);
	html_raw(w, "</h1>\n");
	if (c.f.statutory_item) {
		html_raw(w, "<p class=\"lead\">《中华人民共和国政府信息公开条例》第二十条第");
		html_txt(w, column_statutory_number(c.f.statutory_item));
		html_raw(w, "项：");
		html_txt(w, column_statutory_text(c.f.statutory_item));
		html_raw(w, "</p>\n");
	}
	html_raw(w, "<p class=\"muted\">");
	if (c.last_update) {
		char day[11];
		html_txt(w, "最近更新：");
		html_txt(w, date_format(c.last_update, day));
	} else {
		html_txt(w, "最近更新：暂无");
	}
	if (c.f.cadence_days) {
		html_txt(w, "　更新周期：");
		html_txt(w, column_cadence_label(c.f.cadence_days));
	}
	html_raw(w, "</p>\n");
	/* the children */
	bool any = false;
	for (size_t i = at + 1; i < n && v[i].depth > c.depth; i++) {
		if (v[i].depth != c.depth + 1)
			continue;
		if (!any)
			html_raw(w,
				 "<nav class=\"column-tree panel\" aria-label=\"下级栏目\"><ul>\n");
		any = true;
		html_raw(w, "<li>");
		if (v[i].f.kind == COLUMN_LINK) {
			external_link(w, &v[i]);
		} else {
			html_raw(w, "<a href=\"");
			html_attrf(w, "/column/%lld", v[i].id);
			html_raw(w, "\">");
			html_txt(w, v[i].f.name);
			html_raw(w, "</a>");
		}
		last_update(w, &v[i]);
		html_raw(w, "</li>\n");
	}
	if (any)
		html_raw(w, "</ul></nav>\n");
	if (c.f.kind == COLUMN_LINK) {
		html_raw(w, "<p>本栏目的信息在其他平台发布：");
		external_link(w, &c);
		html_raw(w, "</p>\n");
	} else if (!total && !any) {
		html_raw(w, "<p class=\"alert info\">本栏目暂无信息。</p>\n");
	} else if (total) {
		html_raw(w, "<table class=\"data column-docs\"><caption class=\"sr-only\">");
		html_txt(w, c.f.name);
		html_raw(w,
			 "的文件</caption><thead><tr><th scope=\"col\">名称</th>"
			 "<th scope=\"col\">文号</th><th scope=\"col\">发布日期</th></tr></thead>"
			 "<tbody>\n");
		for (size_t i = 0; i < nd; i++) {
			char day[11];
			html_raw(w, "<tr><td><a href=\"");
			html_attrf(w, "/docs/%lld", docs[i].id);
			html_raw(w, "\">");
			html_txt(w, docs[i].title);
			html_raw(w, "</a>");
			if (strcmp(docs[i].validity, "valid"))
				html_raw(w, strcmp(docs[i].validity, "repealed")
						? " <span class=\"tag muted\">失效</span>"
						: " <span class=\"tag muted\">废止</span>");
			html_raw(w, "</td><td>");
			html_txt(w, docs[i].doc_no);
			html_raw(w, "</td><td><time datetime=\"");
			html_attr(w, date_format(docs[i].published_on, day));
			html_raw(w, "\">");
			html_txt(w, day);
			html_raw(w, "</time></td></tr>\n");
		}
		html_raw(w, "</tbody></table>\n");
		html_raw(w, "<p class=\"muted\">");
		html_txtf(w, "共 %lld 件", total);
		html_raw(w, "</p>\n");
		docs_html_pager(w, req, req->path, total, PER_PAGE, page);
	}
	ui_end(req, res);
	return 0;
}
