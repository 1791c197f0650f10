/* test_site_page.c: the page reader: decoding, text with offsets back into the page, title
 * and meta, and every way of hiding a link (one case each, inherited, combined, written by
 * script). */
#include "common.h"
#include "buf.h"
#include "ingest/site_page.h"
#include "tap.h"

#include <iconv.h>

static struct site_page *read_page(const char *html)
{
	struct site_page *pg = NULL;
	struct buf err = BUF_INIT;
	int rc = site_page_read(html, strlen(html), &pg, &err);
	if (rc)
		tap_ok(false, "read failed %d: %s", rc, buf_cstr(&err));
	buf_free(&err);
	return pg;
}

/* The hiding bits of the link with this href in the page, or -1 when there is none. */
static long hide_of(const char *html, const char *href)
{
	struct site_page *pg = read_page(html);
	long h = -1;
	for (size_t i = 0; pg && i < pg->nlinks; i++)
		if (!strcmp(pg->links[i].href, href))
			h = (long)pg->links[i].hide;
	site_page_free(pg);
	return h;
}

static void hidden(const char *html, unsigned want, const char *name)
{
	long h = hide_of(html, "http://spam.example/");
	tap_ok(h >= 0 && ((unsigned)h & want) == want, "%s (got %ld, want bit %u)", name, h, want);
}

static void visible(const char *html, const char *name)
{
	tap_int(hide_of(html, "http://spam.example/"), 0, "%s", name);
}

#define A "<a href=\"http://spam.example/\">博彩</a>"

int main(void)
{
	/* text, title, meta and offsets */
	const char *html =
	    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>某某区人民政府"
	    "</title><meta name=\"keywords\" content=\"政务公开,通知公告\">"
	    "<meta name=description content='区政府门户网站'></head>"
	    "<body><h1>通知&amp;公告</h1><p>关于做好<b>政务</b>公开工作的通知</p>"
	    "<script>var x = '不是正文';</script><style>.x{color:red}</style>"
	    "<table><tr><td>名称</td><td>数量</td></tr></table></body></html>";
	struct site_page *pg = read_page(html);
	tap_ok(pg != NULL, "a page reads");
	if (!pg)
		return tap_done();
	tap_str(pg->title, "某某区人民政府", "the title");
	tap_str(pg->keywords, "政务公开,通知公告", "meta keywords");
	tap_str(pg->description, "区政府门户网站", "meta description");
	tap_ok(!strncmp(html + pg->title_off, "某某区", strlen("某某区")), "the title's offset");
	tap_ok(!strncmp(html + pg->keywords_off, "政务公开", strlen("政务公开")),
	       "the keywords' offset");
	tap_ok(!strncmp(html + pg->description_off, "区政府", strlen("区政府")),
	       "the description's offset (single quotes)");
	tap_ok(strstr(pg->text.p, "关于做好政务公开工作的通知") != NULL,
	       "inline markup joins without a gap");
	tap_ok(strstr(pg->text.p, "通知&公告") != NULL, "entities decoded");
	tap_ok(!strstr(pg->text.p, "不是正文") && !strstr(pg->text.p, "color"),
	       "scripts and styles are not text");
	tap_ok(strstr(pg->text.p, "名称 数量") != NULL, "cells apart by a space");
	const char *w = strstr(pg->text.p, "政务公开工作");
	size_t src = w ? offmap_lookup(&pg->map, (size_t)(w - pg->text.p)) : 0;
	tap_ok(w && !strncmp(html + src, "政务</b>", strlen("政务</b>")),
	       "text offsets map back into the page");
	const char *amp = strstr(pg->text.p, "公告");
	src = amp ? offmap_lookup(&pg->map, (size_t)(amp - pg->text.p)) : 0;
	tap_ok(amp && !strncmp(html + src, "公告</h1>", strlen("公告</h1>")),
	       "offsets after an entity stay right");
	site_page_free(pg);

	/* GBK bytes, declared */
	{
		const char *u = "<html><head><meta charset=gbk><title>政府信息公开</title></head>"
				"<body><p>政府信息公开工作年度报告</p></body></html>";
		char gb[512], *ip = (char *)u, *op = gb;
		size_t il = strlen(u), ol = sizeof(gb);
		iconv_t cd = iconv_open("GB18030", "UTF-8");
		iconv(cd, &ip, &il, &op, &ol);
		iconv_close(cd);
		struct buf err = BUF_INIT;
		int rc = site_page_read(gb, (size_t)(op - gb), &pg, &err);
		tap_ok(!rc && !strcmp(pg->title, "政府信息公开") &&
			   !strcmp(pg->encoding, "GB18030"),
		       "a GBK page is decoded (%s)", rc ? buf_cstr(&err) : pg->encoding);
		if (!rc)
			site_page_free(pg);
		const char *sj =
		    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
		    "charset=Shift_JIS\"></head><body>x</body></html>";
		rc = site_page_read(sj, strlen(sj), &pg, &err);
		tap_int(rc, ZF_EPARSE, "an encoding it cannot read is refused");
		tap_ok(strstr(buf_cstr(&err), "shift_jis") != NULL, "and named: %s",
		       buf_cstr(&err));
		char bin[200];
		memset(bin, 0, sizeof(bin));
		rc = site_page_read(bin, sizeof(bin), &pg, &err);
		tap_int(rc, ZF_EPARSE, "binary bytes are refused");
		buf_free(&err);
	}

	/* every hiding technique, one case each */
	visible("<body><p>" A "</p></body>", "a plain link is visible");
	hidden("<body><div style=\"display:none\">" A "</div></body>", SITE_HIDE_DISPLAY,
	       "display:none on an ancestor");
	hidden(
	    "<body><a style='display: none !important' href=\"http://spam.example/\">x</a></body>",
	    SITE_HIDE_DISPLAY, "display:none !important on the link");
	hidden("<body><div style=\"visibility:hidden\">" A "</div></body>", SITE_HIDE_VISIBILITY,
	       "visibility:hidden");
	visible("<body><div style=\"visibility:hidden\"><span style=\"visibility:visible\">" A
		"</span></div></body>",
		"visibility:visible below hidden shows again");
	hidden("<body><div style=\"opacity:0\">" A "</div></body>", SITE_HIDE_OPACITY, "opacity:0");
	hidden("<body><div style=\"height:0;overflow:hidden\">" A "</div></body>", SITE_HIDE_SIZE,
	       "zero height with overflow hidden");
	visible("<body><div style=\"height:0\">" A "</div></body>",
		"zero height without overflow hidden overflows into view");
	hidden("<body><div style=\"position:absolute;left:-9999px\">" A "</div></body>",
	       SITE_HIDE_OFFSCREEN, "off-screen left");
	hidden("<body><div style=\"position:fixed;top:-2000px\">" A "</div></body>",
	       SITE_HIDE_OFFSCREEN, "off-screen top");
	visible("<body><div style=\"position:absolute;left:-20px\">" A "</div></body>",
		"a small negative offset is not off-screen");
	hidden("<body><p style=\"text-indent:-9999px\">" A "</p></body>", SITE_HIDE_TEXT_INDENT,
	       "text-indent");
	hidden("<body><div style=\"background:#fff\"><a style=\"color:#FFFFFF\" "
	       "href=\"http://spam.example/\">x</a></div></body>",
	       SITE_HIDE_COLOR, "colour equal to the background");
	hidden("<body style=\"background-color: rgb(0,0,0)\"><a style=\"color:#000\" "
	       "href=\"http://spam.example/\">x</a></body>",
	       SITE_HIDE_COLOR, "black on black (rgb())");
	visible("<body><div style=\"background:#fff\"><a style=\"color:#333\" "
		"href=\"http://spam.example/\">x</a></div></body>",
		"dark text on white is visible");
	hidden("<body><div style=\"font-size:0\">" A "</div></body>", SITE_HIDE_FONT_SIZE,
	       "font-size 0");
	hidden("<body><div style=\"font:0/0 a\">" A "</div></body>", SITE_HIDE_FONT_SIZE,
	       "font shorthand 0");
	visible("<body><div style=\"font-size:0\"><span style=\"font-size:14px\">" A
		"</span></div></body>",
		"a child with its own size is visible (inline-block gap trick)");
	hidden("<body><marquee height=1 width=1>" A "</marquee></body>", SITE_HIDE_MARQUEE,
	       "a tiny marquee");
	visible("<body><marquee>" A "</marquee></body>", "an ordinary news marquee is visible");
	hidden("<body><div hidden>" A "</div></body>", SITE_HIDE_ATTR, "the hidden attribute");

	/* style sheets: selectors, specificity, !important, inheritance */
	hidden("<head><style>.yqlj{display:none}</style></head><body><div class=\"box yqlj\">" A
	       "</div></body>",
	       SITE_HIDE_DISPLAY, "a class rule");
	hidden("<head><style>#f a{visibility:hidden}</style></head><body><div id=f><p>" A
	       "</p></div></body>",
	       SITE_HIDE_VISIBILITY, "an id with a descendant tag");
	hidden("<body><div class=k>" A "</div><style>div.k{position:absolute;top:-5000px}</style>"
	       "</body>",
	       SITE_HIDE_OFFSCREEN, "a sheet after the element still applies");
	visible("<head><style>.m{display:none}.m{display:block}</style></head><body><div class=m>" A
		"</div></body>",
		"the later rule wins");
	hidden("<head><style>.m{display:none!important}</style></head><body><div class=m "
	       "style=\"display:block\">" A "</div></body>",
	       SITE_HIDE_DISPLAY, "!important beats the inline style");
	visible("<head><style>#n .m{display:block}.m{display:none}</style></head><body><div id=n>"
		"<div class=m>" A "</div></div></body>",
		"the more specific rule wins");
	visible("<head><style>ul li:hover ul{display:block} @media print{a{display:none}}</style>"
		"</head><body>" A "</body>",
		"hover states and print sheets do not hide");
	hidden("<head><style>.w{color:#fff}</style></head><body style=\"background:#ffffff\">"
	       "<a href=\"http://spam.example/\"><span class=w>spam</span></a></body>",
	       SITE_HIDE_COLOR, "a link whose only text is white");
	hidden("<body><div style=\"display:none\"><div style=\"opacity:0\"><p "
	       "style=\"font-size:0\">" A "</p></div></div></body>",
	       SITE_HIDE_DISPLAY | SITE_HIDE_OPACITY | SITE_HIDE_FONT_SIZE, "reasons combine");

	/* links written by script */
	hidden("<body><script>document.write('<a href=\"http://spam.example/\">x</a>');</script>"
	       "</body>",
	       SITE_HIDE_SCRIPT, "document.write");
	hidden("<body><script>document.write('<div style=\"display:none\"><a href=\"http://' + "
	       "'spam.example/\">x</a></div>');</script></body>",
	       SITE_HIDE_SCRIPT | SITE_HIDE_DISPLAY, "written, joined with +, and hidden");
	/* base64 of <a href="http://spam.example/">x</a> */
	hidden("<body><script>document.write(atob('PGEgaHJlZj0iaHR0cDovL3NwYW0uZXhhbXBsZS8iPng8L2E+"
	       "'));</script></body>",
	       SITE_HIDE_SCRIPT, "atob");
	hidden("<body><script>eval(unescape('%64%6f%63%75%6d%65%6e%74%2e%77%72%69%74%65%28%22%3c%61"
	       "%20%68%72%65%66%3d%5c%22%68%74%74%70%3a%2f%2f%73%70%61%6d%2e%65%78%61%6d%70%6c%65"
	       "%2f%5c%22%3e%78%3c%2f%61%3e%22%29'));</script></body>",
	       SITE_HIDE_SCRIPT, "eval(unescape(...))");
	hidden(
	    "<body><div id=d></div><script>document.getElementById('d').innerHTML = "
	    "String.fromCharCode(60,97,32,104,114,101,102,61,34,104,116,116,112,58,47,47,115,"
	    "112,97,109,46,101,120,97,109,112,108,101,47,34,62,120,60,47,97,62);</script></body>",
	    SITE_HIDE_SCRIPT, "innerHTML = String.fromCharCode(...)");
	hidden("<body><script>var s='\\x3ca href=\"http://spam.example/\"\\x3ex\\x3c/a\\x3e';"
	       "document.body.insertAdjacentHTML('beforeend', s);</script></body>",
	       SITE_HIDE_SCRIPT, "insertAdjacentHTML with \\x escapes");
	{
		const char *conac =
		    "<body><script>document.write(unescape(\"%3Cspan id='_ideConac' "
		    "%3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/33/000/0000/60429971/"
		    "CA330000000604299710001.js' "
		    "type='text/javascript'%3E%3C/script%3E\"));</script>"
		    "</body>";
		pg = read_page(conac);
		size_t n = 0;
		for (size_t i = 0; pg && i < pg->nlinks; i++)
			n += (pg->links[i].hide & SITE_HIDE_SCRIPT) != 0;
		tap_int((long long)n, 0, "the 党政机关标识 script writes no link a reader follows");
		site_page_free(pg);
	}

	/* every kind of link */
	pg = read_page("<body><a href=/a>a</a><img src=/b.png alt=图><iframe src=/c></iframe>"
		       "<script src=/d.js></script><form action=/e></form><map><area href=/f "
		       "alt=区></map><link rel=stylesheet href=/g.css></body>");
	const char *want[] = {"a", "img", "iframe", "script", "form", "area", "link"};
	for (size_t k = 0; k < 7; k++) {
		bool found = false;
		for (size_t i = 0; pg && i < pg->nlinks; i++)
			found |= !strcmp(pg->links[i].tag, want[k]);
		tap_ok(found, "a link of <%s>", want[k]);
	}
	site_page_free(pg);

	/* the API that returns links alone */
	struct site_link *links;
	size_t nl;
	const char *p2 = "<body><p style=\"display:none\"><a href=\"http://x.example/\"> 买 彩票 "
			 "</a></p></body>";
	tap_int(site_page_links(p2, strlen(p2), &links, &nl), 0, "site_page_links");
	tap_ok(nl == 1 && !strcmp(links[0].text, "买 彩票") && links[0].hide == SITE_HIDE_DISPLAY &&
		   strstr(links[0].why, "display:none"),
	       "its text trimmed and its why: %s", nl ? links[0].why : "");
	tap_str(site_hide_id(site_hide_primary(links[0].hide)), "link.hidden.display-none",
		"the finding id of the reason");
	site_links_free(links, nl);

	/* limits */
	{
		size_t big = SITE_PAGE_MAX + 1;
		char *b = malloc(big);
		memset(b, 'a', big);
		struct buf err = BUF_INIT;
		tap_int(site_page_read(b, big, &pg, &err), ZF_ETOOBIG, "over the cap is refused");
		free(b);
		/* deep nesting: bounded recursion, and a page nested beyond reason refused */
		struct buf d = BUF_INIT;
		for (int i = 0; i < 100; i++)
			buf_adds(&d, "<div><span>");
		for (int i = 0; i < 90; i++)
			buf_adds(&d, "<table><tr><td>");
		buf_adds(&d, A);
		pg = read_page(d.p);
		tap_ok(pg && pg->nlinks == 1,
		       "560 nested elements are read, the link at the bottom");
		site_page_free(pg);
		pg = NULL;
		buf_reset(&d);
		buf_adds(&d, "<body>");
		for (int i = 0; i < 200; i++)
			buf_adds(&d, "<table><tr><td>");
		buf_adds(&d, A);
		tap_int(site_page_read(d.p, d.len, &pg, &err), ZF_EPARSE,
			"200 nested tables (800 elements) are refused, not read in part");
		site_page_free(pg);
		buf_reset(&d);
		for (int i = 0; i < 200000; i++)
			buf_adds(&d, "<div>");
		tap_int(site_page_read(d.p, d.len, &pg, &err), ZF_EPARSE,
			"200000 unclosed <div>s are refused before gumbo spends hours on them");
		tap_ok(strstr(buf_cstr(&err), "嵌套超过") != NULL, "said: %s", buf_cstr(&err));
		buf_reset(&d);
		for (int i = 0; i < 100000; i++)
			buf_adds(&d, "<p>段落<li>条目<br><img src=x.png>");
		pg = read_page(d.p);
		tap_ok(pg != NULL, "elements HTML closes by itself do not count as nesting");
		site_page_free(pg);
		buf_free(&err);
		buf_free(&d);
	}
	return tap_done();
}
