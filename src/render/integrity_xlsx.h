/* integrity_xlsx.h: the 通报 of the site-integrity checks (内容检查) as an Excel workbook: the
 * agencies ranked by their score card (合格 first, then by score; 单项否决 items, open
 * problems per category, overdue work orders, the named problems), and a second sheet with
 * the findings listed. */
#ifndef ZF_RENDER_INTEGRITY_XLSX_H
#define ZF_RENDER_INTEGRITY_XLSX_H

#include "buf.h"
#include "store/integrity.h"

/* Orders score cards as the 通报 ranks them: passing first, then higher score, fewer veto
 * items, fewer open problems, then by agency id. Sorts v in place. */
void integrity_rank(struct integrity_score *v, size_t n);

/* Puts the bytes of the workbook into out: title (e.g. "网站内容检查通报（2026-12-07）"),
 * the score cards (ranked here; v is reordered), the findings (may be none). 0 or
 * ZF_EIO/ZF_ENOMEM. */
int integrity_xlsx(const char *title, struct integrity_score *v, size_t n,
		   const struct integrity_finding *f, size_t nf,
		   const char *(*agency_name)(void *ctx, long long id), void *ctx, struct buf *out);

#endif
