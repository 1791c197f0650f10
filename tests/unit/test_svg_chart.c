/* test_svg_chart.c: the SVG charts of render/svg_chart.h, read back with libxml2: well-formed
 * XML, one bar per category with its width in proportion to its value, the labels and values
 * as text, hostile labels escaped (no element injected), the line chart's points. */
#include "common.h"
#include "render/svg_chart.h"
#include "tap.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

static xmlDocPtr parse(const struct buf *b)
{
	return xmlReadMemory(b->p, (int)b->len, "chart.svg", "UTF-8",
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static xmlXPathObjectPtr query(xmlDocPtr doc, const char *xp)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xp, ctx);
	xmlXPathFreeContext(ctx);
	return o;
}

static int count(xmlDocPtr doc, const char *xp)
{
	xmlXPathObjectPtr o = query(doc, xp);
	int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;
	xmlXPathFreeObject(o);
	return n;
}

/* The string value of the first node matching xp (owned; free()). */
static char *text(xmlDocPtr doc, const char *xp)
{
	xmlXPathObjectPtr o = query(doc, xp);
	char *s = NULL;
	if (o && o->nodesetval && o->nodesetval->nodeNr > 0) {
		xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
		s = strdup((const char *)c);
		xmlFree(c);
	}
	xmlXPathFreeObject(o);
	return s;
}

static double attr_num(xmlDocPtr doc, const char *xp)
{
	char *s = text(doc, xp);
	double v = s ? atof(s) : -1;
	free(s);
	return v;
}

static void test_bars(void)
{
	const char *labels[] = {"示例区教育局", "示例区卫生健康委员会",
				"<script>alert(1)</script>"};
	const double v[] = {100, 50, 0};
	struct svg_series s = {"按时办结率", "#2e7d32", v};
	struct svg_chart c = {.id = "ontime",
			      .title = "各单位按时办结率",
			      .desc = "三个单位",
			      .labels = labels,
			      .n = 3,
			      .series = &s,
			      .nseries = 1,
			      .unit = "%",
			      .max = 100,
			      .decimals = 1};
	struct buf b = BUF_INIT;
	svg_bar_chart(&b, &c);
	xmlDocPtr doc = parse(&b);
	tap_ok(doc != NULL, "the bar chart is well-formed XML");
	if (!doc) {
		buf_free(&b);
		return;
	}
	tap_int(count(doc, "/s:svg"), 1, "its root is an svg element");
	tap_int(count(doc, "//s:rect[@class='bar']"), 3, "one bar per agency");
	char *t = text(doc, "/s:svg/s:title");
	tap_str(t, "各单位按时办结率", "the title");
	free(t);
	t = text(doc, "/s:svg/@aria-labelledby");
	tap_str(t, "ontime-title ontime-desc", "labelled by its title and description");
	free(t);
	double w1 = attr_num(doc, "(//s:rect[@class='bar'])[1]/@width");
	double w2 = attr_num(doc, "(//s:rect[@class='bar'])[2]/@width");
	double w3 = attr_num(doc, "(//s:rect[@class='bar'])[3]/@width");
	tap_ok(w1 > 0 && w2 * 2 > w1 - 0.2 && w2 * 2 < w1 + 0.2,
	       "50%% is half as long as 100%% (%g, %g)", w1, w2);
	tap_ok(w3 == 0, "0%% draws no bar");
	t = text(doc, "(//s:text[@class='label'])[2]");
	tap_str(t, "示例区卫生健康委员会", "the second label");
	free(t);
	t = text(doc, "(//s:text[@class='value'])[2]");
	tap_str(t, "50.0%", "the second value");
	free(t);
	t = text(doc, "(//s:rect[@class='bar'])[1]/s:title");
	tap_str(t, "示例区教育局：100.0%", "the first bar's tooltip");
	free(t);
	tap_int(count(doc, "//s:script"), 0, "a hostile label injects no element");
	t = text(doc, "(//s:text[@class='label'])[3]");
	tap_str(t, "<script>alert(1)</script>", "it is shown as text");
	free(t);
	xmlFreeDoc(doc);
	buf_free(&b);

	/* an empty chart is still an image */
	struct svg_chart e = {
	    .id = "e", .title = "空", .labels = labels, .n = 0, .series = &s, .nseries = 1};
	buf_reset(&b);
	svg_bar_chart(&b, &e);
	doc = parse(&b);
	tap_ok(doc && count(doc, "//s:rect[@class='bar']") == 0, "no data: no bar, well-formed");
	t = doc ? text(doc, "//s:text") : NULL;
	tap_str(t, "暂无数据", "and says so");
	free(t);
	xmlFreeDoc(doc);
	buf_free(&b);
}

static void test_lines(void)
{
	const char *labels[] = {"1月", "2月", "3月", "4月"};
	const double rx[] = {10, 20, 0, 40}, rp[] = {5, 20, 10, 35};
	struct svg_series s[] = {{"收到", "#0b4f9c", rx}, {"答复", "#2e7d32", rp}};
	struct svg_chart c = {.id = "monthly",
			      .title = "每月收到和答复的申请",
			      .labels = labels,
			      .n = 4,
			      .series = s,
			      .nseries = 2,
			      .unit = "件"};
	struct buf b = BUF_INIT;
	svg_line_chart(&b, &c);
	xmlDocPtr doc = parse(&b);
	tap_ok(doc != NULL, "the line chart is well-formed XML");
	if (!doc)
		return;
	tap_int(count(doc, "//s:polyline[@class='line']"), 2, "one line per series");
	tap_int(count(doc, "//s:circle[@class='point']"), 8, "one point per value");
	tap_int(count(doc, "//s:text[@class='label']"), 4, "one label per month");
	char *pts = text(doc, "(//s:polyline)[1]/@points");
	int npairs = 0;
	for (const char *p = pts; p && *p; p++)
		npairs += *p == ',';
	tap_int(npairs, 4, "four points in the first line");
	free(pts);
	/* the top of the axis is 40 (nice max of 40): the fourth point of 收到 is at the top,
	 * the third at the bottom */
	double top = attr_num(doc, "(//s:circle)[4]/@cy");
	double bottom = attr_num(doc, "(//s:circle)[3]/@cy");
	tap_ok(top < bottom, "a larger value is drawn higher (%g < %g)", top, bottom);
	char *t = text(doc, "(//s:circle)[6]/s:title");
	tap_str(t, "2月 答复：20件", "a point's tooltip");
	free(t);
	t = text(doc, "(//s:text[@class='legend'])[2]");
	tap_str(t, "答复", "the legend");
	free(t);
	xmlFreeDoc(doc);
	buf_free(&b);
}

static void test_nice(void)
{
	tap_ok(svg_nice_max(0) == 4, "nothing: 4");
	tap_ok(svg_nice_max(37) == 40, "37 → 40");
	tap_ok(svg_nice_max(100) == 100, "100 stays");
	tap_ok(svg_nice_max(101) == 120, "101 → 120");
	tap_ok(svg_nice_max(0.5) > 0.599 && svg_nice_max(0.5) < 0.601, "0.5 → 0.6");
}

int main(void)
{
	test_bars();
	test_lines();
	test_nice();
	xmlCleanupParser();
	return tap_done();
}
