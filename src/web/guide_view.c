/* guide_view.c: the 政府信息公开指南 as HTML (guide_view.h). */
#include "common.h"
#include "buf.h"
#include "date.h"
#include "guide_view.h"
#include "render/guide_flow.h"
#include "render/html.h"

static void section_open(struct buf *w, const char *id, const char *title)
{
	html_raw(w, "<section class=\"guide-section\" aria-labelledby=\"");
	html_attr(w, id);
	html_raw(w, "\">\n<h2 id=\"");
	html_attr(w, id);
	html_raw(w, "\">");
	html_txt(w, title);
	html_raw(w, "</h2>\n");
}

/* Plain text with "\n" between paragraphs, as <p>s. */
static void paragraphs(struct buf *w, const char *text)
{
	struct str rest = str_c(text);
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		html_raw(w, "<p>");
		html_txts(w, line);
		html_raw(w, "</p>\n");
	}
}

/* A sub-section "（一）title" with its paragraphs; nothing when the text is empty. */
static void part(struct buf *w, const struct guide *g, enum guide_field f, const char *num)
{
	if (!g->f[f] || !*g->f[f])
		return;
	html_raw(w, "<h3 data-heading=\"");
	html_attr(w, guide_field_key(f));
	html_raw(w, "\">");
	html_txt(w, num);
	html_txt(w, guide_field_label(f));
	html_raw(w, "</h3>\n<div class=\"guide-text\" data-field=\"");
	html_attr(w, guide_field_key(f));
	html_raw(w, "\">");
	paragraphs(w, g->f[f]);
	html_raw(w, "</div>\n");
}

static void row(struct buf *w, const char *th, const char *value, const char *href_prefix)
{
	if (!value || !*value)
		return;
	html_raw(w, "<tr><th scope=\"row\">");
	html_txt(w, th);
	html_raw(w, "</th><td>");
	bool link = href_prefix && (*href_prefix || !strncmp(value, "http", 4));
	if (link) {
		html_raw(w, "<a href=\"");
		html_attr(w, href_prefix);
		html_attr(w, value);
		html_raw(w, "\">");
	}
	html_txt(w, value);
	html_raw(w, link ? "</a></td></tr>\n" : "</td></tr>\n");
}

void guide_view_toc(struct buf *w)
{
	html_raw(w, "<li><a href=\"#s-office\">政府信息公开工作机构</a></li>"
		    "<li><a href=\"#s-proactive\">主动公开</a></li>"
		    "<li><a href=\"#s-apply\">依申请公开</a></li>"
		    "<li><a href=\"#s-remedy\">监督和救济</a></li>");
}

void guide_view_body(struct buf *w, const struct guide *g)
{
	section_open(w, "s-office", "一、政府信息公开工作机构");
	bool any = false;
	for (int i = 0; i < GUIDE_SECTIONS_AT; i++)
		any |= g->f[i] && *g->f[i];
	if (any) {
		html_raw(w, "<table class=\"data meta contact\">\n<tbody>\n");
		for (int i = 0; i < GUIDE_SECTIONS_AT; i++) {
			if (i == GF_REVIEW_BODY)
				continue;
			row(w, guide_field_label((enum guide_field)i), g->f[i],
			    i == GF_EMAIL ? "mailto:" : (i == GF_WEBSITE ? "" : NULL));
		}
		html_raw(w, "</tbody>\n</table>\n");
	} else {
		html_raw(w, "<p class=\"muted\">尚未填写工作机构的联系方式。</p>\n");
	}
	html_raw(w, "</section>\n");

	section_open(w, "s-proactive", "二、主动公开");
	part(w, g, GF_PROACTIVE_SCOPE, "（一）");
	part(w, g, GF_PROACTIVE_CHANNELS, "（二）");
	part(w, g, GF_PROACTIVE_TIME, "（三）");
	html_raw(w, "<p>主动公开的政府信息可以在<a href=\"/docs?agency=");
	html_attrf(w, "%lld", g->agency_id);
	html_raw(w, "\">本平台的主动公开栏目</a>查阅、<a href=\"/search\">检索</a>。</p>\n"
		    "</section>\n");

	section_open(w, "s-apply", "三、依申请公开");
	part(w, g, GF_APPLY_BODY, "（一）");
	part(w, g, GF_APPLY_CHANNELS, "（二）");
	html_raw(w, "<p><a class=\"button primary\" href=\"/apply?agency=");
	html_attrf(w, "%lld", g->agency_id);
	html_raw(w, "\">在线申请</a></p>\n");
	guide_view_downloads(w, g->agency_id);
	part(w, g, GF_APPLY_PROCEDURE, "（三）");
	guide_view_flow(w, g->agency_name);
	part(w, g, GF_APPLY_TIME, "（四）");
	part(w, g, GF_APPLY_FEE, "（五）");
	html_raw(w, "</section>\n");

	section_open(w, "s-remedy", "四、监督和救济");
	if (g->f[GF_REMEDY] && *g->f[GF_REMEDY]) {
		html_raw(w, "<div class=\"guide-text\" data-field=\"remedy\">");
		paragraphs(w, g->f[GF_REMEDY]);
		html_raw(w, "</div>\n");
	}
	if (g->f[GF_REVIEW_BODY] && *g->f[GF_REVIEW_BODY]) {
		html_raw(w, "<p>行政复议机关：<span data-field=\"review_body\">");
		html_txt(w, g->f[GF_REVIEW_BODY]);
		html_raw(w, "</span></p>\n");
	}
	html_raw(w, "</section>\n");

	if (g->f[GF_EXTRA] && *g->f[GF_EXTRA]) {
		section_open(w, "s-extra", "五、其他说明");
		html_raw(w, "<div class=\"guide-text\" data-field=\"extra\">");
		paragraphs(w, g->f[GF_EXTRA]);
		html_raw(w, "</div>\n</section>\n");
	}
}

void guide_view_flow(struct buf *w, const char *agency_name)
{
	html_raw(w, "<figure class=\"flow\" id=\"flow\">\n");
	guide_flow_svg(w, agency_name, false, "flow");
	html_raw(w, "<figcaption>依申请公开办理流程图（期限按工作日计算，不含法定节假日和休息日）"
		    "</figcaption>\n</figure>\n");
}

void guide_view_downloads(struct buf *w, long long agency_id)
{
	html_raw(w, "<ul class=\"downloads guide-downloads\">"
		    "<li><a href=\"/guide/");
	html_attrf(w, "%lld", agency_id);
	html_raw(w, "/form.docx\" download>下载政府信息公开申请表（Word 格式）</a></li>"
		    "<li><a href=\"/guide/");
	html_attrf(w, "%lld", agency_id);
	html_raw(w, "/form.pdf\">下载政府信息公开申请表（PDF 格式）</a></li>"
		    "<li><a href=\"/guide/");
	html_attrf(w, "%lld", agency_id);
	html_raw(w, "/flow.svg\">依申请公开流程图（SVG 格式）</a></li></ul>\n");
}

/* "2026年3月2日" of a UTC timestamp in Beijing, in a <time>; false when it is none. */
static bool beijing_day(struct buf *w, const char *utc)
{
	char day[11];
	zf_day d = 0;
	if (!*guide_beijing_date(utc, day) || date_parse(str_c(day), &d))
		return false;
	struct ymd t = date_to_ymd(d);
	html_raw(w, "<time datetime=\"");
	html_attr(w, day);
	html_raw(w, "\">");
	html_txtf(w, "%d年%d月%d日", t.y, t.m, t.d);
	html_raw(w, "</time>");
	return true;
}

void guide_view_revised(struct buf *w, const struct guide *g)
{
	if (!g->exists)
		return;
	struct buf day = BUF_INIT;
	if (beijing_day(&day, g->revised_at)) {
		html_raw(w, "<p class=\"revised\" id=\"revised\">最近修订日期：");
		buf_addstr(w, buf_str(&day));
		html_txtf(w, "（第 %d 版）", g->revision);
		html_raw(w, "</p>\n");
	}
	buf_free(&day);
}

void guide_view_revised_at(struct buf *w, const char *revised_at)
{
	struct buf day = BUF_INIT;
	if (beijing_day(&day, revised_at)) {
		html_raw(w, "<p class=\"revised\">最近修订日期：");
		buf_addstr(w, buf_str(&day));
		html_raw(w, "</p>\n");
	}
	buf_free(&day);
}
