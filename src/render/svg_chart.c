/* svg_chart.c: bar and line charts as inline SVG (svg_chart.h). */
#include "common.h"
#include "render/html.h"
#include "svg_chart.h"

#include <math.h>

double svg_nice_max(double v)
{
	if (!(v > 0))
		return 4;
	double p = pow(10, floor(log10(v)));
	static const double steps[] = {1, 1.2, 1.6, 2, 2.4, 4, 6, 8, 10};
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++)
		if (v <= steps[i] * p + 1e-9)
			return steps[i] * p;
	return 10 * p;
}

static void num_attr(struct buf *w, const char *name, double v)
{
	html_raw(w, " ");
	html_raw(w, name);
	html_raw(w, "=\"");
	html_attrf(w, "%.1f", v);
	html_raw(w, "\"");
}

static void value_text(struct buf *w, const struct svg_chart *c, double v)
{
	int d = c->decimals < 0 ? 0 : c->decimals > 3 ? 3 : c->decimals;
	html_txtf(w, "%.*f%s", d, v, c->unit ? c->unit : "");
}

static void text_at(struct buf *w, double x, double y, const char *anchor, const char *cls)
{
	html_raw(w, "<text");
	num_attr(w, "x", x);
	num_attr(w, "y", y);
	html_raw(w, " text-anchor=\"");
	html_raw(w, anchor);
	html_raw(w, "\" class=\"");
	html_raw(w, cls);
	html_raw(w, "\" fill=\"#1f2328\">");
}

static void open_svg(struct buf *w, const struct svg_chart *c, int width, int height)
{
	const char *id = c->id && *c->id ? c->id : "chart";
	html_raw(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	html_attrf(w, "%d %d", width, height);
	html_raw(w, "\" role=\"img\" aria-labelledby=\"");
	html_attrf(w, "%s-title %s-desc", id, id);
	html_raw(w, "\" font-size=\"14\" font-family=\"sans-serif\"><title id=\"");
	html_attrf(w, "%s-title", id);
	html_raw(w, "\">");
	html_txt(w, c->title ? c->title : "");
	html_raw(w, "</title><desc id=\"");
	html_attrf(w, "%s-desc", id);
	html_raw(w, "\">");
	html_txt(w, c->desc ? c->desc : "");
	html_raw(w, "</desc>");
}

static double top_of(const struct svg_chart *c, size_t series)
{
	if (c->max > 0)
		return c->max;
	double m = 0;
	for (size_t s = 0; s < series; s++)
		for (size_t i = 0; i < c->n; i++)
			if (c->series[s].values[i] > m)
				m = c->series[s].values[i];
	return svg_nice_max(m);
}

void svg_bar_chart(struct buf *w, const struct svg_chart *c)
{
	const double L = 180, plot_w = 280, row = 30, T = 10;
	int height = (int)(T * 2 + row * (double)(c->n ? c->n : 1));
	open_svg(w, c, 520, height);
	if (c->nseries == 0 || c->n == 0) {
		text_at(w, 260, T + 18, "middle", "empty");
		html_raw(w, "暂无数据</text></svg>");
		return;
	}
	const struct svg_series *s = &c->series[0];
	double max = top_of(c, 1);
	for (size_t i = 0; i < c->n; i++) {
		double v = s->values[i] < 0 ? 0 : s->values[i];
		double len = v > max ? plot_w : v * plot_w / max;
		double y = T + row * (double)i;
		text_at(w, L - 8, y + 17, "end", "label");
		html_txt(w, c->labels[i] ? c->labels[i] : "");
		html_raw(w, "</text><rect class=\"bar\"");
		num_attr(w, "x", L);
		num_attr(w, "y", y + 4);
		num_attr(w, "width", len);
		num_attr(w, "height", row - 8);
		html_raw(w, " fill=\"");
		html_attr(w, s->color ? s->color : "#0b4f9c");
		html_raw(w, "\"><title>");
		html_txt(w, c->labels[i] ? c->labels[i] : "");
		html_raw(w, "：");
		value_text(w, c, s->values[i]);
		html_raw(w, "</title></rect>");
		text_at(w, L + len + 6, y + 17, "start", "value");
		value_text(w, c, s->values[i]);
		html_raw(w, "</text>");
	}
	html_raw(w, "</svg>");
}

void svg_line_chart(struct buf *w, const struct svg_chart *c)
{
	const double W = 640, H = 300, L = 50, R = 20, T = 14, B = 60;
	const double plot_w = W - L - R, plot_h = H - T - B;
	open_svg(w, c, (int)W, (int)H);
	double max = top_of(c, c->nseries);
	for (int g = 0; g <= 4; g++) {
		double y = T + plot_h - plot_h * g / 4;
		html_raw(w, "<line class=\"grid\"");
		num_attr(w, "x1", L);
		num_attr(w, "x2", W - R);
		num_attr(w, "y1", y);
		num_attr(w, "y2", y);
		html_raw(w, " stroke=\"#d0d4da\"/>");
		text_at(w, L - 6, y + 4, "end", "tick");
		html_txtf(w, "%g", max * g / 4);
		html_raw(w, "</text>");
	}
	double step = c->n > 1 ? plot_w / (double)(c->n - 1) : 0;
	for (size_t i = 0; i < c->n; i++) {
		double x = L + step * (double)i + (c->n > 1 ? 0 : plot_w / 2);
		text_at(w, x, H - B + 18, "middle", "label");
		html_txt(w, c->labels[i] ? c->labels[i] : "");
		html_raw(w, "</text>");
	}
	for (size_t s = 0; s < c->nseries; s++) {
		const struct svg_series *se = &c->series[s];
		const char *color = se->color ? se->color : "#0b4f9c";
		html_raw(w, "<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"");
		html_attr(w, color);
		html_raw(w, "\" points=\"");
		for (size_t i = 0; i < c->n; i++) {
			double v = se->values[i] < 0	 ? 0
				   : se->values[i] > max ? max
							 : se->values[i];
			double x = L + step * (double)i + (c->n > 1 ? 0 : plot_w / 2);
			html_attrf(w, "%s%.1f,%.1f", i ? " " : "", x,
				   T + plot_h - v * plot_h / max);
		}
		html_raw(w, "\"><title>");
		html_txt(w, se->label ? se->label : "");
		html_raw(w, "</title></polyline>");
		for (size_t i = 0; i < c->n; i++) {
			double v = se->values[i] < 0	 ? 0
				   : se->values[i] > max ? max
							 : se->values[i];
			double x = L + step * (double)i + (c->n > 1 ? 0 : plot_w / 2);
			html_raw(w, "<circle class=\"point\" r=\"3\"");
			num_attr(w, "cx", x);
			num_attr(w, "cy", T + plot_h - v * plot_h / max);
			html_raw(w, " fill=\"");
			html_attr(w, color);
			html_raw(w, "\"><title>");
			html_txt(w, c->labels[i] ? c->labels[i] : "");
			html_raw(w, " ");
			html_txt(w, se->label ? se->label : "");
			html_raw(w, "：");
			value_text(w, c, se->values[i]);
			html_raw(w, "</title></circle>");
		}
	}
	/* the legend, under the labels */
	for (size_t s = 0; s < c->nseries; s++) {
		double x = L + 140 * (double)s;
		html_raw(w, "<rect class=\"swatch\"");
		num_attr(w, "x", x);
		num_attr(w, "y", H - 22);
		html_raw(w, " width=\"12\" height=\"12\" fill=\"");
		html_attr(w, c->series[s].color ? c->series[s].color : "#0b4f9c");
		html_raw(w, "\"/>");
		text_at(w, x + 18, H - 11, "start", "legend");
		html_txt(w, c->series[s].label ? c->series[s].label : "");
		html_raw(w, "</text>");
	}
	html_raw(w, "</svg>");
}
