/* guide_flow.h: the 依申请公开 flowchart of the guide as SVG, drawn by the server: 提出申请 →
 * 登记受理 → 办理 → 答复 → 送达, with 补正 (the clock restarts), 征求第三方意见 (time not
 * counted) and 延期 (at most 20 working days) beside them, the statutory time limits in the
 * boxes. Accessible: <title> and <desc> carry the whole chart as text; the text is Chinese and
 * is placed by our own layout (fixed box widths, lines wrapped by code points), so the chart
 * reads the same in every browser and without JavaScript. */
#ifndef ZF_RENDER_GUIDE_FLOW_H
#define ZF_RENDER_GUIDE_FLOW_H

#include "buf.h"

#include <stdbool.h>

/* The steps, in order, for tests and text alternatives. */
struct guide_flow_step {
	const char *title; /* 提出申请 */
	const char *text;  /* what happens, with the time limit and the article */
	bool aside;	   /* drawn beside the main line (补正, 征求第三方意见, 延期) */
};
extern const struct guide_flow_step guide_flow_steps[];
extern const size_t guide_flow_nsteps;

/* Appends the chart to w. agency_name (may be NULL) goes into the title. standalone adds
 * the XML declaration (for /guide/{agency}/flow.svg); id_prefix makes the ids of <title>,
 * <desc> and the arrow marker unique in a page. */
void guide_flow_svg(struct buf *w, const char *agency_name, bool standalone, const char *id_prefix);

/* Splits s into lines of at most max code points (for SVG <tspan>s): the line starts go
 * into starts[] and their byte lengths into lens[] (at most n lines; the rest is cut with
 * "…" by the caller). Returns the number of lines. Pure. */
size_t guide_flow_wrap(const char *s, size_t max, const char **starts, size_t *lens, size_t n);

#endif
