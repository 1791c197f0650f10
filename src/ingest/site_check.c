/* site_check.c: placeholder until the page check lands (#14). */
#include "common.h"
#include "ingest/site_check.h"

int site_checker_new(const char *rules, size_t n, struct site_checker **out, struct buf *err)
{
	(void)rules, (void)n, (void)out;
	if (err)
		buf_setf(err, "内容检查尚未实现");
	return ZF_ESTATE;
}
void site_checker_free(struct site_checker *c)
{
	(void)c;
}
const struct scan_rules *site_checker_rules(const struct site_checker *c)
{
	(void)c;
	return NULL;
}
int site_check_text(struct site_checker *c, const struct site_place *p, const char *text, size_t n,
		    struct site_findings *out)
{
	(void)c, (void)p, (void)text, (void)n, (void)out;
	return ZF_ESTATE;
}
int site_check_html(struct site_checker *c, const struct site_place *p, const char *html, size_t n,
		    struct site_findings *out)
{
	(void)c, (void)p, (void)html, (void)n, (void)out;
	return ZF_ESTATE;
}
int site_check_bytes(struct site_checker *c, const struct site_place *p, const char *data, size_t n,
		     struct site_findings *out)
{
	(void)c, (void)p, (void)data, (void)n, (void)out;
	return ZF_ESTATE;
}
