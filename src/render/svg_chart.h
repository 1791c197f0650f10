/* svg_chart.h: small charts as inline SVG, written on the server (no JavaScript): a bar
 * chart (one horizontal bar per category) and a line chart (one polyline per series over
 * the categories). Each chart is an image with a title and a description (role="img",
 * aria-labelledby), every bar and point carries its value in a <title> tooltip, and all text
 * goes through the escaping writers of render/html.h. Colours are attributes (the content
 * security policy allows no style attribute). */
#ifndef ZF_RENDER_SVG_CHART_H
#define ZF_RENDER_SVG_CHART_H

#include "buf.h"

#include <stddef.h>

struct svg_series {
	const char *label;    /* shown in the legend and tooltips */
	const char *color;    /* "#0b4f9c"; written as an attribute */
	const double *values; /* [chart.n] */
};

struct svg_chart {
	const char *id;	   /* prefix of the ids of title and desc (ASCII letters, digits, -) */
	const char *title; /* the image's title */
	const char *desc;  /* its description (the figures in words); may be NULL */
	const char *const *labels; /* category labels [n] */
	size_t n;
	const struct svg_series *series;
	size_t nseries;
	const char *unit; /* after each value in tooltips and bar ends: "%", "件", "" */
	double max;	  /* the axis' top; 0: a round number above the largest value */
	int decimals;	  /* digits after the point in the values written (0..3) */
};

/* A round number at or above v that four gridlines divide evenly (4 for v <= 0). */
double svg_nice_max(double v);

/* Writes a horizontal bar chart of the first series: one <rect class="bar"> per category,
 * its label left of it and its value right of it. Values below 0 draw as 0. */
void svg_bar_chart(struct buf *w, const struct svg_chart *c);

/* Writes a line chart: one <polyline class="line"> per series and a <circle class="point">
 * per value, the category labels under the x axis, gridlines with their values, a legend. */
void svg_line_chart(struct buf *w, const struct svg_chart *c);

#endif
