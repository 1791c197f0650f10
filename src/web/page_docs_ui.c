/* page_docs_ui.c: what the catalogue's public and console pages share (see page_docs.h). */
#include "common.h"
#include "arena.h"
#include "page_docs.h"
#include "pager.h"
#include "render/html.h"

void docs_html_marked(struct buf *w, const char *text, const struct doc_span *m, size_t n)
{
	size_t len = strlen(text), at = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t stop = i < n ? m[i].start : len;
		if (stop > len || stop < at)
			break;
		/* line breaks inside an excerpt read as spaces */
		for (size_t k = at; k < stop;) {
			size_t run = k;
			while (run < stop && text[run] != '\n' && text[run] != '\r')
				run++;
			html_txtn(w, text + k, run - k);
			if (run < stop)
				html_raw(w, " ");
			k = run + (run < stop);
		}
		if (i == n)
			break;
		size_t end = m[i].end <= len ? m[i].end : len;
		html_raw(w, "<mark>");
		html_txtn(w, text + m[i].start, end - m[i].start);
		html_raw(w, "</mark>");
		at = end;
	}
}

static void meta_row(struct buf *w, const char *label, const char *value)
{
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, label);
	html_raw(w, "</th><td>");
	html_txt(w, value && *value ? value : "—");
	html_raw(w, "</td></tr>\n");
}

static const char *day_text(zf_day d, char *out)
{
	return d ? date_format(d, out) : "";
}

void docs_html_status(struct buf *w, const struct doc *d)
{
	if (d->state != DOC_PUBLISHED) {
		html_raw(w, d->state == DOC_REVIEW ? "<span class=\"tag soon\">"
						   : "<span class=\"tag muted\">");
		html_txt(w, doc_state_label(d->state));
	} else {
		html_raw(w, d->validity == DOC_VALID ? "<span class=\"tag ok\">"
						     : "<span class=\"tag overdue\">");
		html_txt(w, doc_validity_label(d->validity));
	}
	html_raw(w, "</span>");
}

void docs_html_meta(struct buf *w, const struct doc *d)
{
	char a[11], b[11];
	const struct doc_topic *t = *d->f.topic ? doc_topic_find(d->f.topic) : NULL;
	char topic[256] = "";
	if (t)
		doc_topic_display(t, topic, sizeof(topic));
	html_raw(w, "<table class=\"data meta doc-meta\">\n<caption class=\"sr-only\">文件信息"
		    "</caption>\n<tbody>\n");
	meta_row(w, "索引号", *d->index_no ? d->index_no : "（发布时生成）");
	meta_row(w, "主题分类", topic);
	meta_row(w, "发布机构", d->f.issuer);
	meta_row(w, "成文日期", day_text(d->f.written_on, a));
	meta_row(w, "发布日期", day_text(d->published_on, a));
	meta_row(w, "名称", d->f.title);
	meta_row(w, "文号", d->f.doc_no);
	meta_row(w, "体裁", d->f.genre);
	if (d->f.kind != DOC_KIND_OTHER)
		meta_row(w, "类别", doc_kind_label(d->f.kind));
	if (d->f.effective_on)
		meta_row(w, "施行日期", day_text(d->f.effective_on, a));
	if (d->f.valid_until)
		meta_row(w, "有效期至", day_text(d->f.valid_until, a));
	if (d->state == DOC_PUBLISHED) {
		html_raw(w, "<tr><th scope=\"row\">有效性</th><td>");
		docs_html_status(w, d);
		if (d->invalid_on) {
			html_raw(w, " ");
			html_txtf(w, "自 %s 起%s", day_text(d->invalid_on, b),
				  doc_validity_label(d->validity));
		}
		if (*d->invalid_reason) {
			html_raw(w, "<br>");
			html_txt(w, d->invalid_reason);
		}
		html_raw(w, "</td></tr>\n");
	}
	if (*d->f.keywords)
		meta_row(w, "主题词", d->f.keywords);
	html_raw(w, "</tbody>\n</table>\n");
}

void docs_html_body(struct buf *w, const char *body)
{
	struct str rest = str_c(body);
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		html_raw(w, "<p>");
		html_txts(w, line);
		html_raw(w, "</p>\n");
	}
}

void docs_html_size(struct buf *w, size_t bytes)
{
	if (bytes >= (1u << 20))
		html_txtf(w, "%.1f MB", (double)bytes / (1 << 20));
	else if (bytes >= 1024)
		html_txtf(w, "%.0f KB", (double)bytes / 1024);
	else
		html_txtf(w, "%zu 字节", bytes);
}

size_t docs_page_arg(const struct web_request *req)
{
	const char *s = web_arg(req, "page");
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v < 1 || v > 10000)
		return 1;
	return (size_t)v;
}

bool docs_id(const char *s, long long *out)
{
	long v = 0;
	if (!s || str_to_long(str_c(s), &v) || v <= 0)
		return false;
	*out = v;
	return true;
}

/* Writes path?args (every query argument but page) &page=n. */
static void page_link(struct buf *w, const struct web_request *req, const char *path, size_t n)
{
	html_url_path(w, path);
	html_raw(w, "?");
	for (size_t i = 0; i < req->nargs; i++) {
		if (!strcmp(req->args[i].name, "page"))
			continue;
		html_url_arg(w, req->args[i].name);
		html_raw(w, "=");
		html_url_arg(w, req->args[i].value);
		html_raw(w, "&amp;");
	}
	html_attrf(w, "page=%zu", n);
}

void docs_html_latest(struct buf *w, const struct doc_list *l)
{
	html_raw(w, "<ul class=\"latest-docs\">");
	for (size_t i = 0; i < l->n; i++) {
		char day[11];
		html_raw(w, "<li><a href=\"");
		html_attrf(w, "/docs/%lld", l->docs[i].id);
		html_raw(w, "\">");
		html_txt(w, l->docs[i].f.title);
		html_raw(w, "</a> <time datetime=\"");
		html_attr(w, date_format(l->docs[i].published_on, day));
		html_raw(w, "\">");
		html_txt(w, day);
		html_raw(w, "</time></li>");
	}
	html_raw(w, "</ul>\n");
}

/* One pager link: a number or a word, or (for the current page or an end already reached)
 * a span. */
static void pager_link(struct buf *w, const struct web_request *req, const char *path, size_t n,
		       const char *word, const char *rel, bool here)
{
	if (here) {
		html_raw(w, word ? "<span class=\"pager-off\">"
				 : "<span class=\"pager-at\" aria-current=\"page\">");
		if (word)
			html_txt(w, word);
		else
			html_txtf(w, "%zu", n);
		html_raw(w, "</span>");
		return;
	}
	html_raw(w, "<a class=\"button secondary\" href=\"");
	page_link(w, req, path, n);
	html_raw(w, "\"");
	if (rel) {
		html_raw(w, " rel=\"");
		html_raw(w, rel);
		html_raw(w, "\"");
	}
	if (!word) {
		html_raw(w, " aria-label=\"");
		html_attrf(w, "第 %zu 页", n);
		html_raw(w, "\"");
	}
	html_raw(w, ">");
	if (word)
		html_txt(w, word);
	else
		html_txtf(w, "%zu", n);
	html_raw(w, "</a>");
}

void docs_html_pager(struct buf *w, const struct web_request *req, const char *path,
		     long long total, size_t per_page, size_t page)
{
	size_t pages = pager_pages(total, per_page);
	if (pages <= 1)
		return;
	page = pager_clamp(page, pages);
	html_raw(w, "<nav class=\"pager\" aria-label=\"分页\">");
	pager_link(w, req, path, 1, "首页", NULL, page == 1);
	pager_link(w, req, path, page - 1, "上一页", "prev", page == 1);
	size_t items[PAGER_ITEMS_MAX];
	size_t n = pager_items(page, pages, items);
	for (size_t i = 0; i < n; i++) {
		if (!items[i])
			html_raw(w, "<span class=\"pager-gap\" aria-hidden=\"true\">…</span>");
		else
			pager_link(w, req, path, items[i], NULL, NULL, items[i] == page);
	}
	pager_link(w, req, path, page + 1, "下一页", "next", page == pages);
	pager_link(w, req, path, pages, "尾页", NULL, page == pages);
	html_raw(w, "<span class=\"pager-count\">");
	html_txtf(w, "共 %zu 页", pages);
	html_raw(w, "</span>");
	/* the jump: a GET form carrying the other arguments of the query */
	html_raw(w, "<form class=\"pager-jump\" method=\"get\" action=\"");
	html_url_path(w, path);
	html_raw(w, "\">");
	for (size_t i = 0; i < req->nargs; i++) {
		if (!strcmp(req->args[i].name, "page"))
			continue;
		html_raw(w, "<input type=\"hidden\" name=\"");
		html_attr(w, req->args[i].name);
		html_raw(w, "\" value=\"");
		html_attr(w, req->args[i].value);
		html_raw(w, "\">");
	}
	html_raw(w, "<label>跳转到第 <input type=\"number\" name=\"page\" min=\"1\" max=\"");
	html_attrf(w, "%zu", pages);
	html_raw(w, "\" value=\"");
	html_attrf(w, "%zu", page);
	html_raw(w, "\" inputmode=\"numeric\"> 页</label>"
		    "<button type=\"submit\" class=\"button secondary\">跳转</button></form>");
	html_raw(w, "</nav>\n");
}

const char *docs_base_url(const struct web_request *req)
{
	const char *host = web_header(req, "Host");
	const char *proto = web_header(req, "X-Forwarded-Proto");
	bool ok = host && *host && strlen(host) < 256;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' || *p == '[' ||
		     *p == ']';
	const char *scheme = proto && !strcmp(proto, "https") ? "https" : "http";
	const char *url = arena_printf(req->arena, "%s://%s", scheme, ok ? host : "localhost");
	return url ? url : "http://localhost";
}
