/* guide_view.h: the 政府信息公开指南 as HTML, shared by the public page (/agency/{id}) and the
 * console's preview and history (/console/guide): the sections of a struct guide, the
 * 依申请公开 flowchart inline, the links to the application form. Everything escaped. */
#ifndef ZF_WEB_GUIDE_VIEW_H
#define ZF_WEB_GUIDE_VIEW_H

#include "buf.h"
#include "store/guide.h"

/* The table of contents of guide_view_body (its section ids), as <li>s. */
void guide_view_toc(struct buf *w);
/* The guide's sections, from "一、政府信息公开工作机构" to "其他说明" (h2 headings, ids s-…). */
void guide_view_body(struct buf *w, const struct guide *g);
/* The flowchart as a <figure> with the SVG inline. */
void guide_view_flow(struct buf *w, const char *agency_name);
/* The download links of the application form (.docx, .pdf) and the flowchart. */
void guide_view_downloads(struct buf *w, long long agency_id);
/* "最近修订日期：2026年3月2日" (Beijing date of revised_at); nothing when never saved. */
void guide_view_revised(struct buf *w, const struct guide *g);

/* The same line for a list: "最近修订日期：2026年3月2日" from a stored UTC time. */
void guide_view_revised_at(struct buf *w, const char *revised_at);

#endif
