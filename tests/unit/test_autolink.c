/* test_autolink.c: URLs and 文号 in published text as links (render/autolink.h), with
 * hostile text: other schemes, quotes that try to leave the attribute, markup, user info in
 * the host, unbalanced brackets, broken UTF-8, and a flood of 文号 against the lookup cap. */
#include "common.h"
#include "render/autolink.h"
#include "tap.h"

static size_t calls;

/* Knows 示政发〔2025〕3号 (document 7) and 国办发〔2017〕94号 (document 12). */
static bool resolve(void *ctx, const char *canonical, long long *id)
{
	(void)ctx;
	calls++;
	if (!strcmp(canonical, "示政发〔2025〕3号"))
		*id = 7;
	else if (!strcmp(canonical, "国办发〔2017〕94号"))
		*id = 12;
	else
		return false;
	return true;
}

static const char *link(const char *text)
{
	static struct buf w = BUF_INIT;
	buf_reset(&w);
	struct autolink al = {.site_host = "gk.example.gov.cn", .docno = resolve};
	html_autolink(&w, text, strlen(text), &al);
	return buf_cstr(&w);
}

static void expect(const char *text, const char *want, const char *what)
{
	tap_str(link(text), want, "%s", what);
}

int main(void)
{
	expect("见 https://example.org/a?b=1&c=2。",
	       "见 <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener "
	       "noreferrer\">https://example.org/a?b=1&amp;c=2</a>。",
	       "an external URL: escaped, nofollow noopener noreferrer, the 。 left out");
	expect(
	    "本站 http://gk.example.gov.cn/docs/1.",
	    "本站 <a href=\"http://gk.example.gov.cn/docs/1\">http://gk.example.gov.cn/docs/1</a>.",
	    "a URL of this site: no rel, the final dot left out");
	expect("javascript:alert(1)", "javascript:alert(1)", "javascript: is never a link");
	expect("JaVaScRiPt:alert(document.cookie)", "JaVaScRiPt:alert(document.cookie)",
	       "in any case");
	expect("data:text/html;base64,PHNjcmlwdD4=", "data:text/html;base64,PHNjcmlwdD4=",
	       "data: is never a link");
	expect("http://\"><img src=x onerror=alert(1)>",
	       "http://&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
	       "a quote cannot leave the attribute: no host, no link, all escaped");
	expect("http://evil.example/\"onmouseover=\"alert(1)",
	       "<a href=\"http://evil.example/\" rel=\"nofollow noopener noreferrer\">"
	       "http://evil.example/</a>&quot;onmouseover=&quot;alert(1)",
	       "the URL stops at a quote; the rest is text");
	expect("http://user@evil.example/", "http://user@evil.example/",
	       "user info in the host is not linked");
	expect("xhttp://example.org", "xhttp://example.org", "only at a word boundary");
	expect("(见 http://example.org/x_(y))",
	       "(见 <a href=\"http://example.org/x_(y)\" rel=\"nofollow noopener noreferrer\">"
	       "http://example.org/x_(y)</a>)",
	       "balanced brackets stay in, the closing one of the sentence does not");
	expect("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;",
	       "markup is text");
	expect("根据示政发〔2025〕3号文件",
	       "根据<a class=\"docno-link\" href=\"/docs/7\">示政发〔2025〕3号</a>文件",
	       "a 文号 we hold links to its document, without the words before it");
	expect("依据国办发[2017]94号。",
	       "依据<a class=\"docno-link\" href=\"/docs/12\">国办发[2017]94号</a>。",
	       "a variant bracket is found by its canonical form, shown as written");
	expect("示政发〔2025〕99号", "示政发〔2025〕99号", "a 文号 we do not hold stays text");
	expect("示政发〔2025〕3号<img>",
	       "<a class=\"docno-link\" href=\"/docs/7\">示政发〔2025〕3号</a>"
	       "&lt;img&gt;",
	       "text after a link is escaped");
	expect("\xff\xfe http://example.org \xc3",
	       "\xef\xbf\xbd\xef\xbf\xbd <a href=\"http://example.org\" rel=\"nofollow noopener "
	       "noreferrer\">http://example.org</a> \xef\xbf\xbd",
	       "broken UTF-8 becomes U+FFFD around a link");
	/* a flood of unknown 文号: the lookups stop at the cap */
	struct buf flood = BUF_INIT;
	for (int i = 0; i < 2000; i++)
		buf_adds(&flood, "某某某某某某某某某某某某某某某某发〔2025〕1号");
	calls = 0;
	link(buf_cstr(&flood));
	tap_ok(calls <= AUTOLINK_MAX_LOOKUPS, "a flood of 文号 is capped (%zu lookups)", calls);
	buf_free(&flood);
	struct autolink none = {0};
	struct buf w = BUF_INIT;
	const char *t = "示政发〔2025〕3号";
	html_autolink(&w, t, strlen(t), &none);
	tap_str(buf_cstr(&w), t, "without a resolver no 文号 is linked");
	buf_free(&w);
	return tap_done();
}
