/* test_linkcheck.c: the pure parts of the link checker (ingest/linkcheck.h): verdict ids,
 * labels and severities, and the soft-404 judgement of a page served with 200 (title, first
 * heading, short pages, long pages that merely mention 404, a title cut inside a character).
 * The network parts run against a loopback fixture in tests/e2e/site_links.sh. */
#include "common.h"
#include "ingest/linkcheck.h"
#include "tap.h"
#include "utf8.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static const char *missing(const char *html)
{
	static char what[64];
	what[0] = '\0';
	return link_page_missing(html, strlen(html), what, sizeof(what)) ? what : NULL;
}

/* link_addr_internal on one textual address (IPv4 or IPv6). */
static bool internal(const char *text)
{
	struct sockaddr_in in = {.sin_family = AF_INET};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6};
	if (inet_pton(AF_INET, text, &in.sin_addr) == 1)
		return link_addr_internal((struct sockaddr *)&in);
	if (inet_pton(AF_INET6, text, &in6.sin6_addr) == 1)
		return link_addr_internal((struct sockaddr *)&in6);
	tap_ok(false, "not an address: %s", text);
	return false;
}

static void test_internal(void)
{
	static const char *const inside[] = {"127.0.0.1",
					     "127.255.255.254",
					     "0.0.0.0",
					     "10.1.2.3",
					     "172.16.0.1",
					     "172.31.255.255",
					     "192.168.1.1",
					     "169.254.169.254",
					     "100.64.0.1",
					     "100.127.255.255",
					     "224.0.0.1",
					     "255.255.255.255",
					     "198.18.0.1",
					     "::1",
					     "::",
					     "fc00::1",
					     "fd12:3456::1",
					     "fe80::1",
					     "ff02::1",
					     "::ffff:127.0.0.1",
					     "::ffff:10.0.0.1",
					     "::ffff:192.168.0.1",
					     "64:ff9b::a00:1",
					     "2001:db8::1"};
	static const char *const outside[] = {"8.8.8.8",      "1.1.1.1",	"172.15.255.255",
					      "172.32.0.1",   "100.63.255.255", "100.128.0.1",
					      "192.169.0.1",  "11.0.0.1",	"223.255.255.255",
					      "2400:3200::1", "::ffff:8.8.8.8", "2001:4860::8888"};
	for (size_t i = 0; i < ARRAY_SIZE(inside); i++)
		tap_ok(internal(inside[i]), "%s is this machine or an internal network", inside[i]);
	for (size_t i = 0; i < ARRAY_SIZE(outside); i++)
		tap_ok(!internal(outside[i]), "%s is public", outside[i]);
	struct sockaddr un = {.sa_family = AF_UNIX};
	tap_ok(link_addr_internal(&un), "a socket that is not IP is refused");
	tap_ok(link_addr_internal(NULL), "no address is refused");
}

int main(void)
{
	test_internal();
	tap_str(link_verdict_id(LINK_BROKEN), "link.broken.status", "broken id");
	tap_str(link_verdict_id(LINK_SPAM), "link.broken.spam", "spam id");
	tap_str(link_verdict_id(LINK_SOFT404), "link.broken.soft404", "soft 404 id");
	tap_str(link_verdict_label(LINK_SPAM), "外链变异", "spam label");
	tap_int(link_verdict_sev(LINK_SPAM), SCAN_VETO, "spam is 单项否决");
	tap_int(link_verdict_sev(LINK_BROKEN), SCAN_DEDUCT, "broken is 扣分");
	struct link_opts o;
	link_opts_default(&o);
	tap_ok(o.timeout_ms == 15000 && o.host_interval == 1.0 && o.retries == 2 &&
		   o.max_redirects == 10,
	       "defaults: 15 s, 1 s per host, 2 retries, 10 redirects");

	tap_str(missing("<html><head><title>404 Not Found</title></head><body>x</body></html>"),
		"404 Not Found", "title 404");
	tap_str(missing("<title>示范县</title><h1 class=\"e\">抱歉，您访问的页面不存在</h1>"),
		"抱歉，您访问的页面不存在", "h1 in Chinese");
	tap_str(missing("<TITLE>\n  页面\n  不存在 </TITLE>"), "页面不存在",
		"a short page: words split by white space still count");
	tap_str(missing("<title>提示</title><body><p>该信息不存在或已删除</p></body>"),
		"信息不存在", "short page says so");
	struct buf longpage = BUF_INIT;
	buf_adds(&longpage, "<title>政策解读</title><body><p>");
	for (int i = 0; i < 60; i++)
		buf_adds(&longpage, "本文解读有关政策的主要内容。");
	buf_adds(&longpage, "错误代码404的说明见附件。</p></body>");
	tap_str(missing(buf_cstr(&longpage)), NULL, "a long page that mentions 404 is fine");
	buf_free(&longpage);
	tap_str(missing("<title>首页</title><script>var s='页面不存在';</script><body>" /* script */
			"<p>欢迎访问示范县人民政府门户网站，这里发布政府信息。</p></body>"),
		NULL, "words inside a script do not count");
	char what[8];
	bool hit = link_page_missing("<title>页面不存在啊</title>", 33, what, sizeof(what));
	tap_ok(hit && utf8_valid(what, strlen(what)), "a cut title stays valid UTF-8 (%s)", what);
	tap_ok(!link_page_missing("", 0, what, sizeof(what)), "empty page");
	tap_ok(!link_page_missing("<title", 6, what, sizeof(what)), "unclosed tag");
	return tap_done();
}
