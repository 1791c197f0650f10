/* report_html.c: the report's tables as HTML, from the shared layout (report_layout.h). */
#include "common.h"
#include "render/html.h"
#include "render/report_html.h"
#include "render/report_layout.h"

/* Fonts: the 公文 faces first (GB/T 9704: titles in 小标宋, headings in 黑体, text in 仿宋),
 * then the Noto CJK faces found on most Linux machines. */
static const char css[] =
    "@page{size:A4 portrait;margin:20mm 15mm 18mm 15mm}\n"
    "html{background:#eceff1}\n"
    "body{margin:0;color:#000;font-family:\"FangSong\",\"仿宋\",\"STFangsong\","
    "\"Noto Serif CJK SC\",\"Songti SC\",serif;font-size:12pt;line-height:1.5}\n"
    ".report{box-sizing:border-box;width:210mm;min-height:297mm;margin:12px auto;"
    "padding:20mm 15mm 18mm;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.25)}\n"
    ".report h1{font-family:\"FZXiaoBiaoSong-B05S\",\"方正小标宋简体\",\"SimSun\","
    "\"Noto Serif CJK SC\",serif;font-weight:700;font-size:20pt;line-height:1.35;"
    "text-align:center;margin:0 0 4pt}\n"
    ".report .subtitle{text-align:center;font-size:12pt;margin:0 0 14pt}\n"
    ".report h2{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\",sans-serif;"
    "font-weight:400;font-size:14pt;margin:14pt 0 6pt;break-after:avoid;"
    "page-break-after:avoid}\n"
    ".report table{width:100%;border-collapse:collapse;table-layout:fixed;"
    "font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",serif;font-size:10pt;"
    "line-height:1.3}\n"
    ".report th,.report td{border:0.75pt solid #000;padding:3pt 2pt;text-align:center;"
    "vertical-align:middle;font-weight:400;overflow-wrap:anywhere}\n"
    ".report thead th,.report th.sub{font-family:\"SimHei\",\"黑体\",\"Noto Sans CJK SC\","
    "sans-serif}\n"
    ".report th.note{font-size:9pt;text-align:left}\n"
    ".report th.row{text-align:left;padding-left:4pt}\n"
    ".report th.sec{text-align:center}\n"
    ".report td.num{font-variant-numeric:tabular-nums}\n"
    ".report table.table4{font-size:9pt}\n"
    /* two characters a line in table 4's narrow header cells: 结果/维持, not 结果维/持 */
    ".report table.table4 thead th{padding:3pt 5pt}\n"
    ".report table.table4 thead th[colspan]{padding:3pt 2pt}\n"
    ".report table.legacy th[data-level=\"1\"]{padding-left:1.5em}\n"
    ".report table.legacy th[data-level=\"2\"]{padding-left:3em}\n"
    ".report table.legacy th[data-level=\"3\"]{padding-left:4.5em}\n"
    ".report thead{display:table-header-group}\n"
    ".report tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".report .members{font-size:10.5pt;margin-top:12pt}\n"
    ".report .narrative{text-indent:2em;margin:0 0 6pt}\n"
    "@media print{html{background:none}.report{width:auto;min-height:0;margin:0;"
    "padding:0;box-shadow:none}}\n"
    "@media screen and (max-width:800px){.report{width:auto;padding:12px;margin:0}}\n";

const char *report_html_css(void)
{
	return css;
}

static void cell_html(struct buf *w, const struct grid_cell *c)
{
	char num[32];
	switch (c->style) {
	case GRID_SUBHEAD: html_raw(w, "<th class=\"sub\" scope=\"colgroup\""); break;
	case GRID_NOTE: html_raw(w, "<th class=\"note\""); break;
	case GRID_HEAD:
		html_raw(w, c->colspan > 1 ? "<th scope=\"colgroup\"" : "<th scope=\"col\"");
		break;
	case GRID_LABEL:
		html_raw(w, c->rowspan > 1 ? "<th class=\"row sec\" scope=\"rowgroup\""
					   : "<th class=\"row\" scope=\"row\"");
		break;
	case GRID_VALUE: html_raw(w, "<td class=\"num\""); break;
	}
	if (c->rowspan > 1) {
		html_raw(w, " rowspan=\"");
		html_attrf(w, "%u", c->rowspan);
		html_raw(w, "\"");
	}
	if (c->colspan > 1) {
		html_raw(w, " colspan=\"");
		html_attrf(w, "%u", c->colspan);
		html_raw(w, "\"");
	}
	if (c->style == GRID_LABEL && c->indent) {
		html_raw(w, " data-level=\"");
		html_attrf(w, "%u", c->indent);
		html_raw(w, "\"");
	}
	if (c->style == GRID_VALUE) {
		html_raw(w, " data-path=\"");
		html_attr(w, c->path);
		html_raw(w, "\">");
		html_txt(w, grid_value_text(c, num));
		html_raw(w, "</td>");
		return;
	}
	html_raw(w, ">");
	html_txt(w, c->text ? c->text : "");
	html_raw(w, "</th>");
}

static void grid_html(struct buf *w, const struct report_grid *g)
{
	double total = 0;
	for (unsigned c = 0; c < g->ncols; c++)
		total += g->widths[c];
	html_raw(w, "<section class=\"tbl\" aria-labelledby=\"h-");
	html_attr(w, g->id);
	html_raw(w, "\">\n<h2 id=\"h-");
	html_attr(w, g->id);
	html_raw(w, "\">");
	html_txt(w, g->title);
	html_raw(w, "</h2>\n<table class=\"");
	html_attr(w, g->id);
	html_raw(w, "\">\n<colgroup>");
	for (unsigned c = 0; c < g->ncols; c++) {
		html_raw(w, "<col style=\"width:");
		html_attrf(w, "%.2f%%", total > 0 ? 100.0 * g->widths[c] / total : 0);
		html_raw(w, "\">");
	}
	html_raw(w, "</colgroup>\n");

	/* cells are laid out row by row in order, so one pass per row suffices */
	size_t k = 0;
	for (unsigned row = 0; row < g->nrows; row++) {
		if (row == 0 && g->head_rows)
			html_raw(w, "<thead>\n");
		if (row == g->head_rows)
			html_raw(w, "<tbody>\n");
		html_raw(w, "<tr>");
		for (; k < g->ncells && g->cells[k].row == row; k++) {
			cell_html(w, &g->cells[k]);
		}
		html_raw(w, "</tr>\n");
		if (g->head_rows && row + 1 == g->head_rows)
			html_raw(w, "</thead>\n");
	}
	html_raw(w, "</tbody>\n</table>\n</section>\n");
}

/* The layout's cells are appended in row order except table 3's section/group labels,
 * which are appended at their first row: still row order. Verify it, since grid_html
 * relies on it. */
static void check_order(const struct report_grid *g)
{
	for (size_t i = 1; i < g->ncells; i++)
		if (g->cells[i].row < g->cells[i - 1].row)
			BUG("layout %s: cell %zu out of row order", g->id, i);
}

int report_html_tables(const struct report *r, struct buf *out)
{
	struct report_layout l;
	int rc = report_layout_build(r, &l);
	if (rc)
		return rc;
	for (size_t i = 0; i < l.ngrids; i++) {
		check_order(&l.grids[i]);
		grid_html(out, &l.grids[i]);
	}
	if (r->nmembers) {
		html_raw(out, "<p class=\"members\">汇总单位：");
		for (size_t i = 0; i < r->nmembers; i++) {
			if (i)
				html_raw(out, "、");
			html_txt(out, r->members[i]);
		}
		html_raw(out, "</p>\n");
	}
	report_layout_free(&l);
	if (out->failed)
		return out->cap && out->len + 1 >= out->cap ? ZF_ETOOBIG : ZF_ENOMEM;
	return 0;
}

void report_html_part(struct buf *out, int which, const char *text)
{
	static const char *const headings[] = {"一、总体情况", "五、存在的主要问题及改进情况",
					       "六、其他需要报告的事项"};
	static const char *const ids[] = {"part1", "part5", "part6"};
	if (which < 0 || which > 2)
		BUG("report_html_part: no part %d", which);
	html_raw(out, "<section class=\"part\" id=\"");
	html_attr(out, ids[which]);
	html_raw(out, "\">\n<h2>");
	html_txt(out, headings[which]);
	html_raw(out, "</h2>\n");
	struct str rest = str_c(text ? text : "");
	size_t paragraphs = 0;
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		html_raw(out, "<p class=\"narrative\">");
		html_txts(out, line);
		html_raw(out, "</p>\n");
		paragraphs++;
	}
	if (!paragraphs)
		html_raw(out, "<p class=\"narrative muted\">（本报告未填写此部分。）</p>\n");
	html_raw(out, "</section>\n");
}

int report_html_write(const struct report *r, struct buf *out)
{
	return report_html_write_narrated(r, NULL, out);
}

int report_html_write_narrated(const struct report *r, const struct report_narrative *n,
			       struct buf *out)
{
	struct report_layout l;
	int rc = report_layout_build(r, &l);
	if (rc)
		return rc;
	html_raw(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"generator\" content=\"zfxxgk\">\n<title>");
	html_txt(out, l.title);
	html_raw(out, "</title>\n<style>\n");
	html_raw(out, css);
	html_raw(out, "</style>\n</head>\n<body>\n<main class=\"report\">\n<h1>");
	html_txt(out, l.title);
	html_raw(out, "</h1>\n<p class=\"subtitle\">");
	html_txt(out, l.subtitle);
	html_raw(out, "</p>\n");
	report_layout_free(&l);
	if (n)
		report_html_part(out, 0, n->overview);
	rc = report_html_tables(r, out);
	if (n) {
		report_html_part(out, 1, n->problems);
		report_html_part(out, 2, n->other_matters);
	}
	html_raw(out, "</main>\n</body>\n</html>\n");
	if (!rc && out->failed)
		rc = out->cap && out->len + 1 >= out->cap ? ZF_ETOOBIG : ZF_ENOMEM;
	return rc;
}
