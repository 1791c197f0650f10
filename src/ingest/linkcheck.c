/* linkcheck.c: placeholder until the link checker lands (#14). */
#include "common.h"
#include "ingest/linkcheck.h"

const char *link_verdict_id(enum link_verdict v)
{
	(void)v;
	return "";
}
const char *link_verdict_label(enum link_verdict v)
{
	(void)v;
	return "";
}
void link_opts_default(struct link_opts *o)
{
	memset(o, 0, sizeof(*o));
}
int link_check(const char *const *urls, size_t n, const struct link_opts *o,
	       struct link_result *out)
{
	(void)urls, (void)n, (void)o, (void)out;
	return ZF_ESTATE;
}
void link_results_free(struct link_result *r, size_t n)
{
	(void)r, (void)n;
}
int link_fetch(const char *url, const struct link_opts *o, struct buf *body, struct buf *final_url,
	       struct buf *content_type, long *status, struct buf *err)
{
	(void)url, (void)o, (void)body, (void)final_url, (void)content_type, (void)status;
	if (err)
		buf_setf(err, "网址读取尚未实现");
	return ZF_ESTATE;
}
