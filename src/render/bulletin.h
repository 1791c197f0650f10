/* bulletin.h: the quarterly 通报 (law/assessment.h's struct assess_bulletin) as Word and
 * Excel: the title, its number (第N期) or 草稿, an opening, the ranking table (单位, 得分, 扣分,
 * 排名), the named problems with their figures, the 约谈 and 通报批评 lists, the training
 * summary and an ending; the workbook has one sheet for each table. */
#ifndef ZF_RENDER_BULLETIN_H
#define ZF_RENDER_BULLETIN_H

#include "buf.h"
#include "law/assessment.h"

/* The default words of the opening and the ending when the assessor wrote none. */
void bulletin_default_opening(const struct assess_bulletin *b, struct buf *out);
const char *bulletin_default_ending(void);

/* The .docx bytes into out: 0, ZF_ENOMEM or ZF_EIO. */
int bulletin_docx(const struct assess_bulletin *b, struct buf *out);
/* The .xlsx bytes into out: 0, ZF_ENOMEM or ZF_EIO. */
int bulletin_xlsx(const struct assess_bulletin *b, struct buf *out);

#endif
