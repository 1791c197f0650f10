/* test_html.c: the escaping HTML writers. */
#include "common.h"
#include "render/html.h"
#include "tap.h"
#include "utf8.h"

/* Runs one writer over input and returns the output (static buffer). */
static const char *txt(const char *in)
{
	static struct buf w = BUF_INIT;
	buf_reset(&w);
	html_txt(&w, in);
	return buf_cstr(&w);
}

static void test_special_characters(void)
{
	tap_str(txt("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;", "txt escapes < > & \" '");
	tap_str(txt("政府信息公开"), "政府信息公开", "txt keeps Chinese as is");
	tap_str(txt(""), "", "txt of empty string");
	tap_str(txt("&amp;"), "&amp;amp;", "txt escapes an entity again (no double meaning)");

	struct buf w = BUF_INIT;
	html_attr(&w, "x\" onmouseover=\"alert(1)");
	tap_str(buf_cstr(&w), "x&quot; onmouseover=&quot;alert(1)", "attr cannot close the quote");
	buf_reset(&w);
	html_attr(&w, "it's");
	tap_str(buf_cstr(&w), "it&#39;s", "attr escapes single quote");
	buf_free(&w);
}

static void test_script_injection(void)
{
	const char *evil = "<script>alert('xss')</script>";
	const char *out = txt(evil);
	tap_ok(strstr(out, "<script") == NULL, "injected <script> is not markup");
	tap_str(out, "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;",
		"injected <script> shows as text");

	struct buf w = BUF_INIT;
	html_raw(&w, "<p title=\"");
	html_attr(&w, "\"><script>x</script>");
	html_raw(&w, "\">");
	html_txt(&w, "</p><img src=x onerror=alert(1)>");
	html_raw(&w, "</p>");
	tap_str(buf_cstr(&w),
		"<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"
		"&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;</p>",
		"markup around escaped data stays as written");
	buf_free(&w);
}

static void test_invalid_utf8(void)
{
	tap_str(txt("a\xff"
		    "b"),
		"a\xEF\xBF\xBD"
		"b",
		"stray byte becomes U+FFFD");
	tap_str(txt("\xE6\x94"), "\xEF\xBF\xBD\xEF\xBF\xBD", "truncated sequence becomes U+FFFD");
	tap_str(txt("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD", "overlong '/' is refused");
	tap_str(txt("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
		"UTF-16 surrogate is refused");
	tap_str(txt("x\x01y\x7f"), "x\xEF\xBF\xBDy\xEF\xBF\xBD",
		"control characters become U+FFFD");
	tap_str(txt("a\tb\nc"), "a\tb\nc", "tab and newline stay");
	tap_str(txt("\xC2\x85"), "\xEF\xBF\xBD", "C1 control becomes U+FFFD");

	struct buf w = BUF_INIT;
	html_txtn(&w, "a\0<b", 4);
	tap_str(buf_cstr(&w), "a\xEF\xBF\xBD&lt;b", "NUL inside counted text becomes U+FFFD");
	buf_free(&w);

	const char *mixed = "\xff<\xe4\xb8\xad\xfe>";
	const char *out = txt(mixed);
	tap_ok(utf8_valid(out, strlen(out)), "output is always valid UTF-8");
}

static void test_urls_and_formats(void)
{
	struct buf w = BUF_INIT;
	html_url_arg(&w, "a b&c=d/中");
	tap_str(buf_cstr(&w), "a%20b%26c%3Dd%2F%E4%B8%AD", "url_arg percent-encodes");
	buf_reset(&w);
	html_url_path(&w, "/年度报告/2025 x\"");
	tap_str(buf_cstr(&w), "/%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A/2025%20x%22",
		"url_path keeps slashes, encodes the rest");
	buf_reset(&w);
	html_txtf(&w, "%d 件<%s>", 12, "申请");
	tap_str(buf_cstr(&w), "12 件&lt;申请&gt;", "txtf escapes the formatted result");
	buf_reset(&w);
	html_attrf(&w, "%s", "\"'");
	tap_str(buf_cstr(&w), "&quot;&#39;", "attrf escapes the formatted result");
	buf_reset(&w);
	char long_arg[1000];
	memset(long_arg, '<', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	html_txtf(&w, "%s", long_arg);
	tap_int((long long)w.len, 999 * 4, "txtf handles output longer than its stack buffer");
	buf_free(&w);
}

static void test_cap(void)
{
	struct buf w;
	buf_init(&w, 16);
	html_raw(&w, "<p>");
	html_txt(&w, "一二三四五六七八九十");
	tap_ok(w.failed, "writing past the cap sets failed");
	size_t len = w.len;
	html_raw(&w, "</p>");
	tap_int((long long)w.len, (long long)len, "writes after a failure do nothing");
	buf_free(&w);
}

int main(void)
{
	test_special_characters();
	test_script_injection();
	test_invalid_utf8();
	test_urls_and_formats();
	test_cap();
	return tap_done();
}
