/* site_page.c: placeholder until the page reader lands (#14). */
#include "common.h"
#include "ingest/site_page.h"

const char *site_hide_id(unsigned bit)
{
	(void)bit;
	return "";
}
const char *site_hide_label(unsigned bit)
{
	(void)bit;
	return "";
}
int site_page_links(const char *html, size_t n, struct site_link **links, size_t *nlinks)
{
	(void)html, (void)n, (void)links, (void)nlinks;
	return ZF_ESTATE;
}
void site_links_free(struct site_link *links, size_t n)
{
	(void)links, (void)n;
}
