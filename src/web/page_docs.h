/* page_docs.h: the pages of the catalogue of proactively disclosed information (主动公开):
 * the public catalogue, document pages, search, Atom feed and sitemap
 * (page_docs_public.c, page_docs_feed.c), the console's publishing workflow
 * (page_docs_console.c) and the helpers they share (page_docs_ui.c). Routed by
 * routes_docs.c. */
#ifndef ZF_WEB_PAGE_DOCS_H
#define ZF_WEB_PAGE_DOCS_H

#include "server.h"
#include "store/docs.h"

/* ---- public (page_docs_public.c, page_docs_feed.c) ---- */
int page_docs_catalogue(struct web_request *req, struct web_response *res); /* GET /docs */
int page_docs_doc(struct web_request *req, struct web_response *res);	    /* GET /docs/{id} */
int page_docs_file(struct web_request *req,
		   struct web_response *res); /* GET /docs/{id}/files/{f} */
int page_docs_search(struct web_request *req, struct web_response *res);  /* GET /search */
int page_docs_feed(struct web_request *req, struct web_response *res);	  /* GET /docs/feed */
int page_docs_sitemap(struct web_request *req, struct web_response *res); /* GET /sitemap.xml */

/* ---- console (page_docs_console.c) ---- */
int page_docs_console_list(struct web_request *req, struct web_response *res);
int page_docs_console_new(struct web_request *req, struct web_response *res);
int page_docs_console_create(struct web_request *req, struct web_response *res);
int page_docs_console_doc(struct web_request *req, struct web_response *res);
int page_docs_console_edit(struct web_request *req, struct web_response *res);
int page_docs_console_update(struct web_request *req, struct web_response *res);
int page_docs_console_action(struct web_request *req, struct web_response *res);
int page_docs_console_attach(struct web_request *req, struct web_response *res);
int page_docs_console_export(struct web_request *req, struct web_response *res);
int page_docs_console_import(struct web_request *req, struct web_response *res);
int page_docs_console_import_post(struct web_request *req, struct web_response *res);
int page_docs_console_settings(struct web_request *req, struct web_response *res);
int page_docs_console_settings_post(struct web_request *req, struct web_response *res);

/* ---- shared (page_docs_ui.c) ---- */

/* Writes text escaped, with the spans in <mark>; line breaks become spaces. */
void docs_html_marked(struct buf *w, const char *text, const struct doc_span *m, size_t n);
/* The catalogue metadata of a document as a table (索引号, 主题分类, 发布机构, 成文日期,
 * 发布日期, 文号, 体裁, 类别, 有效性, ...). */
void docs_html_meta(struct buf *w, const struct doc *d);
/* A tag with the document's status: 有效 / 失效 / 废止, or 草稿 / 待审查. */
void docs_html_status(struct buf *w, const struct doc *d);
/* The body: one <p> per line. */
void docs_html_body(struct buf *w, const char *body);
/* "1.2 MB" */
void docs_html_size(struct buf *w, size_t bytes);
/* A short list of documents (<ul class="latest-docs">): each title linked, with its
 * 发布日期 in a <time>. */
void docs_html_latest(struct buf *w, const struct doc_list *l);
/* A pager: links to path?<the query minus page>&page=N, for total items at per_page. */
void docs_html_pager(struct buf *w, const struct web_request *req, const char *path,
		     long long total, size_t per_page, size_t page);
/* The page number in ?page= (1-based; 1 when absent or bad, at most 10000). */
size_t docs_page_arg(const struct web_request *req);
/* A positive id from text; false when it is not one. */
bool docs_id(const char *s, long long *out);

/* The base URL of the site for absolute links (feeds, sitemaps): scheme and host from the
 * request (X-Forwarded-Proto, Host), checked; "http://localhost" when unusable. */
const char *docs_base_url(const struct web_request *req);

#endif
