/* fuzz_autolink.c: libFuzzer target for the autolinker of published text (URLs and 文号 as
 * links, render/autolink.h). Input: the text; a resolver that knows every third 文号. The
 * output must be valid UTF-8 and every link an http(s) URL or a /docs/ path. */
#include "common.h"
#include "render/autolink.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool resolve(void *ctx, const char *canonical, long long *id)
{
	size_t *calls = ctx;
	*id = (long long)strlen(canonical);
	return (*calls)++ % 3 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t calls = 0;
	struct autolink al = {.site_host = "gk.example.gov.cn", .docno = resolve, .ctx = &calls};
	struct buf w = BUF_INIT;
	html_autolink(&w, (const char *)data, size, &al);
	const char *out = buf_cstr(&w);
	if (!w.failed && !utf8_valid(out, w.len))
		BUG("autolink wrote invalid UTF-8");
	/* "<a " only comes from the linker: text has its "<" escaped */
	for (const char *p = out; (p = strstr(p, "<a ")); p += 3) {
		const char *href = strstr(p, "href=\"");
		if (!href)
			BUG("a link without href");
		href += 6;
		if (strncasecmp(href, "http://", 7) && strncasecmp(href, "https://", 8) &&
		    strncmp(href, "/docs/", 6))
			BUG("a link that is neither http(s) nor a document");
	}
	if (calls > AUTOLINK_MAX_LOOKUPS)
		BUG("too many lookups");
	buf_free(&w);
	return 0;
}
