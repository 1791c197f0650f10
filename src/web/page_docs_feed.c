/* page_docs_feed.c: machine-readable views of the catalogue: an Atom feed of the latest
 * published documents (RFC 4287) and a sitemap of the public pages (sitemaps.org). XML
 * text goes through the HTML text escaper, whose entities are XML's own. */
#include "common.h"
#include "arena.h"
#include "page_docs.h"
#include "render/html.h"
#include "store/db.h"

#define FEED_ENTRIES	 50
#define SITEMAP_MAX_URLS 50000 /* the sitemaps.org limit for one file */

/* An RFC 3339 timestamp for a day: midnight in China (UTC+8). */
static void atom_day(struct buf *w, zf_day d)
{
	char day[11];
	html_txtf(w, "%sT00:00:00+08:00", date_format(d, day));
}

int page_docs_feed(struct web_request *req, struct web_response *res)
{
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.limit = FEED_ENTRIES;
	f.no_total = true;
	struct doc_list l;
	int rc = store_doc_list(req->db, req->arena, &f, &l);
	if (rc)
		return rc;
	const char *base = docs_base_url(req);
	struct buf *w = &res->body;
	res->content_type = "application/atom+xml; charset=utf-8";
	html_raw(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
		    "<title>主动公开目录 - 政府信息公开</title>\n<id>");
	html_txt(w, base);
	html_raw(w, "/docs</id>\n<link rel=\"self\" href=\"");
	html_attr(w, base);
	html_raw(w, "/docs/feed\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	html_attr(w, base);
	html_raw(w, "/docs\"/>\n<updated>");
	atom_day(w, l.n ? l.docs[0].published_on : date_today());
	html_raw(w, "</updated>\n<author><name>政府信息公开</name></author>\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct doc *d = &l.docs[i];
		html_raw(w, "<entry>\n<title>");
		html_txt(w, d->f.title);
		html_raw(w, "</title>\n<id>");
		html_txtf(w, "%s/docs/%lld", base, d->id);
		html_raw(w, "</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
		html_attrf(w, "%s/docs/%lld", base, d->id);
		html_raw(w, "\"/>\n<published>");
		atom_day(w, d->published_on);
		html_raw(w, "</published>\n<updated>");
		atom_day(w, d->invalid_on ? d->invalid_on : d->published_on);
		html_raw(w, "</updated>\n<author><name>");
		html_txt(w, d->f.issuer);
		html_raw(w, "</name></author>\n<summary>");
		if (*d->f.doc_no) {
			html_txt(w, d->f.doc_no);
			html_raw(w, "。");
		}
		if (d->validity != DOC_VALID)
			html_txtf(w, "【已%s】", doc_validity_label(d->validity));
		html_txt(w, d->f.summary);
		html_raw(w, "</summary>\n</entry>\n");
	}
	html_raw(w, "</feed>\n");
	web_add_header(res, "Cache-Control", "public, max-age=600");
	return 0;
}

int page_docs_sitemap(struct web_request *req, struct web_response *res)
{
	static const char *const pages[] = {"/",	"/docs",	  "/search",   "/guide",
					    "/apply",	"/reports",	  "/projects", "/lists",
					    "/hdjl",	"/hdjl/messages", "/stdcat",   "/newmedia",
					    "/columns", "/website-report"};
	const char *base = docs_base_url(req);
	struct buf *w = &res->body;
	res->content_type = "application/xml; charset=utf-8";
	html_raw(w, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < ARRAY_SIZE(pages); i++) {
		html_raw(w, "<url><loc>");
		html_txt(w, base);
		html_txt(w, pages[i]);
		html_raw(w, "</loc></url>\n");
	}
	struct doc_filter f = doc_filter_any();
	f.state = DOC_PUBLISHED;
	f.limit = 500;
	f.no_total = true;
	size_t urls = ARRAY_SIZE(pages);
	/* newest first, page by page, within the limit of one sitemap file */
	while (urls < SITEMAP_MAX_URLS) {
		struct arena *a = arena_new(0);
		struct doc_list l;
		int rc = a ? store_doc_list(req->db, a, &f, &l) : ZF_ENOMEM;
		if (rc) {
			arena_free(a);
			return rc;
		}
		for (size_t i = 0; i < l.n && urls < SITEMAP_MAX_URLS; i++, urls++) {
			char day[11];
			const struct doc *d = &l.docs[i];
			html_raw(w, "<url><loc>");
			html_txtf(w, "%s/docs/%lld", base, d->id);
			html_raw(w, "</loc><lastmod>");
			html_txt(w,
				 date_format(d->invalid_on ? d->invalid_on : d->published_on, day));
			html_raw(w, "</lastmod></url>\n");
		}
		size_t got = l.n;
		arena_free(a);
		if (got < f.limit)
			break;
		f.offset += got;
	}
	html_raw(w, "</urlset>\n");
	web_add_header(res, "Cache-Control", "public, max-age=3600");
	return 0;
}
