/* page_docs_public.c: the public catalogue (主动公开目录): browse by agency, 主题分类,
 * 体裁, year and validity; the document page with its metadata table, attachments and
 * 政策解读; full-text search (/search?q=…) with hits marked; attachment downloads. Every
 * page works without JavaScript: filters are links and GET forms. */
#include "common.h"
#include "arena.h"
#include "page_docs.h"
#include "page_lists.h"
#include "pager.h"
#include "render/html.h"
#include "routes.h"
#include "session.h"
#include "store/columns.h"
#include "store/db.h"
#include "ui_shared.h"

#define PER_PAGE 20

/* ---------------------------------------------------------------- filters */

/* True for a column code as the seed and clerks write them: a-z 0-9 - _, at most 40. */
static bool column_code_arg(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 40)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return false;
	return true;
}

/* The public filters of the query string; agency storage for f->agencies. */
static void filter_from_query(const struct web_request *req, struct doc_filter *f,
			      long long *agency)
{
	*f = doc_filter_any();
	f->state = DOC_PUBLISHED;
	const char *s;
	if ((s = web_arg(req, "agency")) && docs_id(s, agency)) {
		f->agencies = agency;
		f->nagencies = 1;
	}
	if ((s = web_arg(req, "topic")) && doc_topic_find(s))
		f->topic = doc_topic_find(s)->code;
	if ((s = web_arg(req, "genre")) && doc_genre_known(s))
		f->genre = s;
	long y = 0;
	if ((s = web_arg(req, "year")) && !str_to_long(str_c(s), &y) && y >= 1949 && y <= 2199)
		f->year = (int)y;
	if ((s = web_arg(req, "validity")) && *s)
		f->validity = doc_validity_parse(s);
	if ((s = web_arg(req, "kind")) && *s)
		f->kind = doc_kind_parse(s);
	if ((s = web_arg(req, "item")) && !str_to_long(str_c(s), &y) && y >= 1 && y <= 15)
		f->statutory_item = (int)y;
	if ((s = web_arg(req, "column")) && column_code_arg(s))
		f->column_code = s;
	if ((s = web_arg(req, "sort")) && doc_order_parse(s) >= 0)
		f->order = doc_order_parse(s);
	f->limit = PER_PAGE;
	f->offset = (docs_page_arg(req) - 1) * PER_PAGE;
}

/* Writes /docs?<the query with `name` set to value (NULL: removed) and no page>. */
static void facet_href(struct buf *w, const struct web_request *req, const char *path,
		       const char *name, const char *value)
{
	html_url_path(w, path);
	bool first = true;
	for (size_t i = 0; i < req->nargs; i++) {
		const char *n = req->args[i].name;
		if (!strcmp(n, name) || !strcmp(n, "page") || !*req->args[i].value)
			continue;
		html_raw(w, first ? "?" : "&amp;");
		first = false;
		html_url_arg(w, n);
		html_raw(w, "=");
		html_url_arg(w, req->args[i].value);
	}
	if (value) {
		html_raw(w, first ? "?" : "&amp;");
		html_url_arg(w, name);
		html_raw(w, "=");
		html_url_arg(w, value);
	}
}

static void facet_list(struct buf *w, const struct web_request *req, const char *heading,
		       const char *name, const struct doc_facet *v, size_t n)
{
	if (!n)
		return;
	const char *current = web_arg(req, name);
	html_raw(w, "<section class=\"facet\"><h2>");
	html_txt(w, heading);
	html_raw(w, "</h2><ul>");
	if (current && *current) {
		html_raw(w, "<li><a href=\"");
		facet_href(w, req, "/docs", name, NULL);
		html_raw(w, "\">全部</a></li>");
	}
	for (size_t i = 0; i < n; i++) {
		bool on = current && !strcmp(current, v[i].value);
		html_raw(w, "<li><a href=\"");
		facet_href(w, req, "/docs", name, v[i].value);
		html_raw(w, on ? "\" aria-current=\"true\">" : "\">");
		html_txt(w, v[i].label);
		html_raw(w, " <span class=\"count\">");
		html_txtf(w, "%lld", v[i].count);
		html_raw(w, "</span></a></li>");
	}
	html_raw(w, "</ul></section>\n");
}

/* One line of a list: title link, then 文号 · 发布日期 · 发布机构 · status. */
static void doc_item(struct buf *w, const struct doc *d, const struct doc_span *marks,
		     size_t nmarks)
{
	char day[11];
	html_raw(w, "<li class=\"doc-item\"><h3 class=\"doc-title\"><a href=\"");
	html_attrf(w, "/docs/%lld", d->id);
	html_raw(w, "\">");
	docs_html_marked(w, d->f.title, marks, nmarks);
	html_raw(w, "</a></h3><p class=\"doc-line\">");
	if (*d->f.doc_no) {
		html_txt(w, d->f.doc_no);
		html_raw(w, "<span class=\"sep\" aria-hidden=\"true\"> · </span>");
	}
	html_raw(w, "<span>发布日期 ");
	html_txt(w, d->published_on ? date_format(d->published_on, day) : "—");
	html_raw(w, "</span><span class=\"sep\" aria-hidden=\"true\"> · </span>");
	html_txt(w, d->f.issuer);
	html_raw(w, " ");
	docs_html_status(w, d);
	html_raw(w, "</p>");
}

static void search_box(struct buf *w, const char *q)
{
	html_raw(w, "<form class=\"form search-box\" action=\"/search\" method=\"get\" "
		    "role=\"search\">\n<label for=\"q\">检索主动公开的政府信息</label>\n"
		    "<div class=\"search-row\"><input id=\"q\" name=\"q\" type=\"search\" "
		    "maxlength=\"100\" aria-describedby=\"q-hint\" value=\"");
	html_attr(w, q ? q : "");
	html_raw(w, "\"><button type=\"submit\" class=\"button primary\">检索</button></div>\n"
		    "<span class=\"hint\" id=\"q-hint\">可输入单字、词语、文号或索引号；"
		    "多个词用空格分开，须同时出现；加引号（如“住房保障”）只检索完整词组。</"
		    "span>\n</form>\n");
}

/* The orders of the list as links keeping the filters (page 1 again). */
static void sort_bar(struct buf *w, const struct web_request *req, int current)
{
	html_raw(w, "<nav class=\"sort-bar\" aria-label=\"排序\"><span>排序：</span>");
	for (int o = 0; o < DOC_ORDERS; o++) {
		if (o == current) {
			html_raw(w, "<span class=\"sort-on\" aria-current=\"true\">");
			html_txt(w, doc_order_label((enum doc_order)o));
			html_raw(w, "</span>");
			continue;
		}
		html_raw(w, "<a href=\"");
		facet_href(w, req, "/docs", "sort", o ? doc_order_key((enum doc_order)o) : NULL);
		html_raw(w, "\">");
		html_txt(w, doc_order_label((enum doc_order)o));
		html_raw(w, "</a>");
	}
	html_raw(w, "</nav>\n");
}

int page_docs_catalogue(struct web_request *req, struct web_response *res)
{
	struct doc_filter f;
	long long agency = 0;
	filter_from_query(req, &f, &agency);
	struct doc_list l;
	int rc = store_doc_list(req->db, req->arena, &f, &l);
	if (rc)
		return rc;
	size_t page = docs_page_arg(req), pages = pager_pages(l.total, PER_PAGE);
	if (!l.n && page > pages && pages) { /* a page beyond the end: the last one */
		page = pages;
		f.offset = (page - 1) * PER_PAGE;
		if ((rc = store_doc_list(req->db, req->arena, &f, &l)))
			return rc;
	}
	static const struct {
		enum doc_facet_kind kind;
		const char *heading, *name;
	} facets[] = {
	    {DOC_FACET_AGENCY, "发布机关", "agency"},
	    {DOC_FACET_TOPIC, "主题分类", "topic"},
	    {DOC_FACET_KIND, "文件类别", "kind"},
	    {DOC_FACET_GENRE, "体裁", "genre"},
	    {DOC_FACET_YEAR, "发布年份", "year"},
	    {DOC_FACET_VALIDITY, "有效性", "validity"},
	    {DOC_FACET_STATUTORY, "法定主动公开内容", "item"},
	};
	struct doc_facet *fv[ARRAY_SIZE(facets)];
	size_t fn[ARRAY_SIZE(facets)];
	for (size_t i = 0; i < ARRAY_SIZE(facets); i++)
		if ((rc =
			 store_doc_facets(req->db, req->arena, facets[i].kind, &f, &fv[i], &fn[i])))
			return rc;

	struct buf *w = &res->body;
	ui_begin(req, res, "主动公开目录", "/docs");
	html_raw(
	    w, "<h1>主动公开目录</h1>\n<p class=\"lead-in\">依据《中华人民共和国政府信息公开"
	       "条例》第十九条至第二十六条，各机关主动公开的政府信息。"
	       "每份文件都有索引号、发布机构、成文日期、发布日期、文号、主题分类和有效性。</p>\n");
	search_box(w, NULL);
	html_raw(w, "<p class=\"statutory-link\"><a href=\"/docs/statutory\">按《条例》第二十条"
		    "查看法定主动公开内容</a></p>\n");
	/* On a narrow screen the filters fold behind 筛选: a checkbox and its label, with
	 * CSS only (site.css), so it works without JavaScript. */
	html_raw(w, "<input type=\"checkbox\" id=\"filters-toggle\" class=\"filters-toggle\" "
		    "aria-label=\"显示筛选条件\">"
		    "<label for=\"filters-toggle\" class=\"filters-button button secondary\">"
		    "筛选</label>\n"
		    "<div class=\"docs-layout\">\n<aside class=\"facets\" aria-label=\"筛选\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(facets); i++)
		facet_list(w, req, facets[i].heading, facets[i].name, fv[i], fn[i]);
	html_raw(w, "</aside>\n<section class=\"doc-list\" aria-labelledby=\"list-title\">\n"
		    "<h2 id=\"list-title\" class=\"list-head\">");
	html_txtf(w, "共 %lld 份文件", l.total);
	html_raw(w, "</h2>\n");
	if (f.column_code && column_seed_name(f.column_code)) {
		html_raw(w, "<p class=\"filter-note\">栏目：");
		html_txt(w, column_seed_name(f.column_code));
		html_raw(w, " <a href=\"");
		facet_href(w, req, "/docs", "column", NULL);
		html_raw(w, "\">显示全部栏目</a></p>\n");
	}
	sort_bar(w, req, f.order);
	if (req->nargs && l.total == 0)
		html_raw(w, "<p>没有符合所选条件的文件。<a href=\"/docs\">清除筛选条件</a></p>\n");
	html_raw(w, "<ol class=\"docs\">\n");
	for (size_t i = 0; i < l.n; i++) {
		doc_item(w, &l.docs[i], NULL, 0);
		html_raw(w, "</li>\n");
	}
	html_raw(w, "</ol>\n");
	docs_html_pager(w, req, "/docs", l.total, PER_PAGE, page);
	html_raw(w, "<p class=\"feed-link\"><a href=\"/docs/feed\" type=\"application/atom+xml\">"
		    "订阅最新公开的文件（Atom）</a></p>\n</section>\n</div>\n");
	ui_end(req, res);
	return 0;
}

/* ---------------------------------------------------------------- one document */

static bool staff_can_see(const struct web_request *req, const struct doc *d)
{
	return req->user && session_can(req, d->f.agency_id, ROLE_VIEWER);
}

int page_docs_doc(struct web_request *req, struct web_response *res)
{
	long long id;
	struct doc d;
	int rc = docs_id(req->path_args[0], &id) ? store_doc_get(req->db, req->arena, id, &d)
						 : ZF_ENOENT;
	if (rc == ZF_ENOENT || (!rc && d.state != DOC_PUBLISHED)) {
		ui_error_page(req, res, 404, "文件不存在",
			      "您要查看的文件不存在或尚未公开。请返回主动公开目录查找。");
		return 0;
	}
	if (rc)
		return rc;
	if (takedown_doc_page(req, res, &d))
		return 0;
	struct doc_attachment *att = NULL;
	size_t natt = 0;
	struct doc_filter jf = doc_filter_any();
	jf.state = DOC_PUBLISHED;
	jf.interprets_id = id;
	jf.limit = 50;
	struct doc_list interp;
	struct doc target = {0};
	if ((rc = store_doc_attachments(req->db, req->arena, id, &att, &natt)) ||
	    (rc = store_doc_list(req->db, req->arena, &jf, &interp)))
		return rc;
	if (d.f.interprets_id && (store_doc_get(req->db, req->arena, d.f.interprets_id, &target) ||
				  takedown_hidden(req, target.id)))
		target.id = 0;
	takedown_hide_files(req, id, att, &natt);

	struct buf *w = &res->body;
	ui_begin(req, res, d.f.title, "/docs");
	html_raw(w, "<nav class=\"breadcrumb\" aria-label=\"位置\"><a href=\"/\">首页</a> › "
		    "<a href=\"/docs\">主动公开</a> › <a href=\"");
	html_attrf(w, "/docs?agency=%lld", d.f.agency_id);
	html_raw(w, "\">");
	html_txt(w, d.agency_name);
	html_raw(w, "</a></nav>\n<article class=\"panel doc\">\n");
	if (d.validity != DOC_VALID) {
		char day[11];
		html_raw(w, "<div class=\"alert error doc-invalid\" role=\"note\"><strong>");
		html_txtf(w, "本文件已%s", doc_validity_label(d.validity));
		html_raw(w, "</strong>");
		if (d.invalid_on)
			html_txtf(w, "（自 %s 起）", date_format(d.invalid_on, day));
		if (*d.invalid_reason) {
			html_raw(w, "：");
			html_txt(w, d.invalid_reason);
		}
		html_raw(w, "</div>\n");
	}
	docs_html_meta(w, &d);
	html_raw(w, "<h1 class=\"doc-heading\">");
	html_txt(w, d.f.title);
	html_raw(w, "</h1>\n");
	if (*d.f.doc_no) {
		html_raw(w, "<p class=\"doc-no\">");
		html_txt(w, d.f.doc_no);
		html_raw(w, "</p>\n");
	}
	if (target.id && target.state == DOC_PUBLISHED) {
		html_raw(w, "<p class=\"alert info\">本文是对<a href=\"");
		html_attrf(w, "/docs/%lld", target.id);
		html_raw(w, "\">《");
		html_txt(w, target.f.title);
		html_raw(w, "》</a>的政策解读。</p>\n");
	}
	if (*d.f.summary) {
		html_raw(w, "<section class=\"doc-summary\"><h2>内容概述</h2><p>");
		html_txt(w, d.f.summary);
		html_raw(w, "</p></section>\n");
	}
	if (*d.f.body) {
		html_raw(w, "<section class=\"doc-body\" aria-label=\"正文\">\n");
		takedown_html_body(req, w, d.f.body);
		html_raw(w, "</section>\n");
	}
	if (natt) {
		html_raw(w, "<section class=\"doc-files\"><h2>附件</h2><ul>\n");
		for (size_t i = 0; i < natt; i++) {
			html_raw(w, "<li><a href=\"");
			html_attrf(w, "/docs/%lld/files/%lld", id, att[i].id);
			html_raw(w, "\" download>");
			html_txt(w, att[i].name);
			html_raw(w, "</a> <span class=\"muted\">（");
			docs_html_size(w, att[i].size);
			html_raw(w, "）</span></li>\n");
		}
		html_raw(w, "</ul></section>\n");
	}
	takedown_file_notes(req, w, id);
	if (interp.n) {
		html_raw(w, "<section class=\"doc-interp\"><h2>政策解读</h2><ul>\n");
		for (size_t i = 0; i < interp.n; i++) {
			html_raw(w, "<li><a href=\"");
			html_attrf(w, "/docs/%lld", interp.docs[i].id);
			html_raw(w, "\">");
			html_txt(w, interp.docs[i].f.title);
			html_raw(w, "</a></li>\n");
		}
		html_raw(w, "</ul></section>\n");
	}
	html_raw(w, "</article>\n");
	ui_end(req, res);
	return 0;
}

int page_docs_file(struct web_request *req, struct web_response *res)
{
	long long id, fid;
	struct doc d;
	struct doc_attachment att;
	int rc = docs_id(req->path_args[0], &id) && docs_id(req->path_args[1], &fid)
		     ? store_doc_get(req->db, req->arena, id, &d)
		     : ZF_ENOENT;
	if (!rc)
		rc = store_doc_attachment_get(req->db, req->arena, fid, &att);
	if (!rc && (att.doc_id != id || (d.state != DOC_PUBLISHED && !staff_can_see(req, &d))))
		rc = ZF_ENOENT;
	if (!rc && d.state == DOC_PUBLISHED && takedown_file_gone(req, res, id, fid))
		return 0;
	if (rc == ZF_ENOENT) {
		ui_error_page(req, res, 404, "附件不存在", "您要下载的附件不存在或尚未公开。");
		return 0;
	}
	if (rc)
		return rc;
	res->content_type = att.content_type;
	/* inline only for what browsers show safely; everything else is a download */
	bool inline_ok =
	    !strcmp(att.content_type, "application/pdf") || !strncmp(att.content_type, "image/", 6);
	struct buf cd = BUF_INIT;
	buf_adds(&cd, inline_ok ? "inline" : "attachment");
	buf_adds(&cd, "; filename*=UTF-8''");
	html_url_arg(&cd, att.name);
	const char *value = arena_strdup(req->arena, buf_cstr(&cd));
	buf_free(&cd);
	if (!value)
		return ZF_ENOMEM;
	web_add_header(res, "Content-Disposition", value);
	web_add_header(res, "Cache-Control",
		       d.state == DOC_PUBLISHED ? "public, max-age=3600" : "private, no-store");
	return buf_add(&res->body, att.data, att.size);
}

/* ---------------------------------------------------------------- search */

static void select_field(struct buf *w, const char *id, const char *label, const char *current,
			 const char *const *values, const char *const *labels, size_t n)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, label);
	html_raw(w, "</label><select id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, id);
	html_raw(w, "\"><option value=\"\">全部</option>");
	for (size_t i = 0; i < n; i++) {
		html_raw(w, "<option value=\"");
		html_attr(w, values[i]);
		html_raw(w, current && !strcmp(current, values[i]) ? "\" selected>" : "\">");
		html_txt(w, labels[i]);
		html_raw(w, "</option>");
	}
	html_raw(w, "</select></div>\n");
}

/* What a fallback searched (docs/search.md, "找不到完整词组时"), and a link to the phrase
 * alone (the query in quotes) with the same filters. */
static void fallback_note(struct buf *w, const struct web_request *req, const char *q,
			  const struct doc_hits *h)
{
	html_raw(w, "<p class=\"alert info search-fallback\">没有找到包含完整词组“");
	html_txt(w, q);
	html_raw(w, h->how == DOC_SEARCH_ALL_WORDS ? "”的文件，以下是同时包含"
						   : "”的文件，也没有同时包含");
	for (size_t i = 0; i < h->nwords; i++) {
		html_raw(w, "“<strong>");
		html_txt(w, h->words[i]);
		html_raw(w, "</strong>”");
	}
	html_raw(w, h->how == DOC_SEARCH_ALL_WORDS
			? "的结果（这些词可以分开出现）。"
			: "的文件，以下是包含其中部分词语的结果，包含的词语越多越靠前。");
	html_raw(w, "<a href=\"/search?q=");
	struct buf phrase = BUF_INIT;
	buf_printf(&phrase, "“%s”", q);
	html_url_arg(w, buf_cstr(&phrase));
	buf_free(&phrase);
	static const char *const keep[] = {"scope", "agency", "validity", "kind", "year"};
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
		const char *v = web_arg(req, keep[i]);
		if (v && *v) {
			html_raw(w, "&amp;");
			html_raw(w, keep[i]);
			html_raw(w, "=");
			html_url_arg(w, v);
		}
	}
	html_raw(w, "\">只检索完整词组“");
	html_txt(w, q);
	html_raw(w, "”</a></p>\n");
}

int page_docs_search(struct web_request *req, struct web_response *res)
{
	const char *q = web_arg(req, "q");
	bool title_only = web_arg(req, "scope") && !strcmp(web_arg(req, "scope"), "title");
	struct doc_search s = {.q = q, .title_only = title_only};
	long long agency = 0;
	filter_from_query(req, &s.filter, &agency);
	struct doc_hits h = {0};
	int rc = q && *q ? store_doc_search(req->db, req->arena, &s, &h) : ZF_ENOENT;
	bool nothing = rc == ZF_ENOENT;
	if (rc && !nothing)
		return rc;
	struct agency *ag = NULL;
	size_t nag = 0;
	if ((rc = store_agency_list(req->db, req->arena, &ag, &nag)))
		return rc;

	struct buf *w = &res->body;
	ui_begin(req, res, q && *q ? "检索结果" : "信息检索", "/search");
	html_raw(w, "<h1>信息检索</h1>\n");
	html_raw(w, "<form class=\"form search-box\" action=\"/search\" method=\"get\" "
		    "role=\"search\">\n<label for=\"q\">检索词</label>\n<div class=\"search-row\">"
		    "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\" "
		    "aria-describedby=\"q-hint\" value=\"");
	html_attr(w, q ? q : "");
	html_raw(w,
		 "\"><button type=\"submit\" class=\"button primary\">检索</button></div>\n"
		 "<span class=\"hint\" id=\"q-hint\">检索文件的名称、文号、主题词、内容概述和正文。"
		 "可输入单字（如“税”）、词语、文号（如 示政发〔2024〕12号）或索引号；"
		 "多个词用空格分开，须同时出现；加引号（如“住房保障”）只检索完整词组。</"
		 "span>\n<fieldset class=\"search-filters\">"
		 "<legend>缩小范围（可选）</legend>\n");
	const char **av = arena_alloc(req->arena, (nag + 1) * sizeof(*av));
	const char **al = arena_alloc(req->arena, (nag + 1) * sizeof(*al));
	if (!av || !al)
		return ZF_ENOMEM;
	for (size_t i = 0; i < nag; i++) {
		av[i] = arena_printf(req->arena, "%lld", ag[i].id);
		al[i] = ag[i].name;
	}
	select_field(w, "agency", "发布机关", web_arg(req, "agency"), av, al, nag);
	static const char *const vv[] = {"valid", "expired", "repealed"};
	static const char *const vl[] = {"有效", "失效", "废止"};
	select_field(w, "validity", "有效性", web_arg(req, "validity"), vv, vl, 3);
	static const char *const kv[] = {"regulation", "normative"};
	static const char *const kl[] = {"规章", "行政规范性文件"};
	select_field(w, "kind", "文件类别", web_arg(req, "kind"), kv, kl, 2);
	const char *years[12], *ylab[12];
	int this_year = date_to_ymd(date_today()).y;
	for (int i = 0; i < 12; i++) {
		years[i] = arena_printf(req->arena, "%d", this_year - i);
		ylab[i] = arena_printf(req->arena, "%d年", this_year - i);
	}
	select_field(w, "year", "发布年份", web_arg(req, "year"), years, ylab, 12);
	static const char *const sv[] = {"title"};
	static const char *const sl[] = {"只检索名称"};
	select_field(w, "scope", "检索范围", web_arg(req, "scope"), sv, sl, 1);
	html_raw(w, "</fieldset>\n</form>\n");

	if (!q || !*q) {
		html_raw(w, "<p>请输入要检索的文字。也可以<a href=\"/docs\">按机关、主题浏览"
			    "主动公开目录</a>。</p>\n");
	} else if (nothing) {
		html_raw(w, "<p class=\"alert info\" role=\"status\">检索词中没有可检索的文字，"
			    "请输入汉字、字母或数字。</p>\n");
	} else {
		html_raw(w, "<section class=\"results\" aria-labelledby=\"results-title\">\n"
			    "<h2 id=\"results-title\" class=\"list-head\" role=\"status\">");
		if (h.how == DOC_SEARCH_DOC_NO)
			html_raw(w, "按文号精确查找：");
		else if (h.how == DOC_SEARCH_INDEX_NO)
			html_raw(w, "按索引号精确查找：");
		html_txtf(w, h.total_estimated ? "找到约 %lld 份文件" : "找到 %lld 份文件",
			  h.total);
		html_raw(w, "</h2>\n");
		if (h.total && !h.n)
			html_raw(w, "<p>这一页之后没有更多结果了。</p>\n");
		if (h.how == DOC_SEARCH_ALL_WORDS || h.how == DOC_SEARCH_ANY_WORD)
			fallback_note(w, req, q, &h);
		if (!h.total)
			html_raw(
			    w, "<p>没有找到。请减少检索词，或换一个说法；文号请按“机关代字〔年份〕"
			       "序号号”的形式输入。</p>\n");
		html_raw(w, "<ol class=\"docs hits\">\n");
		for (size_t i = 0; i < h.n; i++) {
			const struct doc_hit *x = &h.hits[i];
			doc_item(w, &x->doc, x->title_marks, x->ntitle_marks);
			if (*x->excerpt) {
				html_raw(w, "<p class=\"excerpt\">");
				if (x->excerpt_cut_before)
					html_raw(w, "…");
				docs_html_marked(w, x->excerpt, x->excerpt_marks,
						 x->nexcerpt_marks);
				if (x->excerpt_cut_after)
					html_raw(w, "…");
				html_raw(w, "</p>");
			}
			html_raw(w, "</li>\n");
		}
		html_raw(w, "</ol>\n");
		docs_html_pager(w, req, "/search", h.total, PER_PAGE, docs_page_arg(req));
		html_raw(w, "</section>\n");
	}
	ui_end(req, res);
	return 0;
}
