/* fuzz_site_page.c: libFuzzer target for the page reader and the page check
 * (ingest/site_page.h, ingest/site_check.h). Input: any bytes as a page. It must not crash;
 * every offset it gives (links, title, meta, the text's map, every finding's range) must lie
 * within the decoded page, and the text must be valid UTF-8. */
#include "common.h"
#include "ingest/site_check.h"
#include "ingest/site_page.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules[] = "wording.xi\tveto\t习进平\t习近平\nspam.bjl\tveto\t百家乐\n"
			    "allow.lkq\t\t李克强\t\t\t\t全名\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct site_checker *c;
	if (!c) {
		struct buf err = BUF_INIT;
		if (site_checker_new(rules, strlen(rules), &c, &err))
			BUG("checker: %s", buf_cstr(&err));
		buf_free(&err);
	}
	const char *s = (const char *)data;
	struct site_page *pg = NULL;
	struct buf err = BUF_INIT;
	int rc = site_page_read(s, size, &pg, &err);
	if (rc && !err.len && rc != ZF_ENOMEM)
		BUG("an error without a message: %d", rc);
	buf_free(&err);
	if (rc)
		return 0;
	size_t len = pg->html.len;
	if (!utf8_valid(pg->text.p ? pg->text.p : "", pg->text.len))
		BUG("text is not UTF-8");
	if (pg->title_off > len || pg->keywords_off > len || pg->description_off > len)
		BUG("a head offset beyond the page");
	for (size_t i = 0; i < pg->nlinks; i++)
		if (pg->links[i].off > len || !pg->links[i].href || !pg->links[i].tag)
			BUG("a link beyond the page");
	for (size_t i = 0; i <= pg->text.len; i += 1 + i / 8)
		if (offmap_lookup(&pg->map, i) > len)
			BUG("the map points beyond the page");
	struct site_findings f;
	site_findings_init(&f);
	struct site_place p = {.url = "http://www.example.gov.cn/"};
	rc = site_check_html(c, &p, s, size, &f);
	if (rc && rc != ZF_ENOMEM)
		BUG("the page read, its check failed: %d", rc);
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].start > f.v[i].end || f.v[i].end > len || !*f.v[i].id ||
		    !*f.v[i].message)
			BUG("finding %s at %zu-%zu in %zu", f.v[i].id, f.v[i].start, f.v[i].end,
			    len);
	site_findings_free(&f);
	site_page_free(pg);
	return 0;
}
