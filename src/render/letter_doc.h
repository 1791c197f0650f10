/* letter_doc.h: a letter (答复书, 告知书, 意见书, 通知书) as a file: a .docx (docx.h) and an
 * A4 PDF (pdf_doc.h), laid out the way official letters are: the agency's name, the number,
 * the title, the addressee, the body paragraphs (first line indented two characters), the
 * agency's name and the date at the right. */
#ifndef ZF_RENDER_LETTER_DOC_H
#define ZF_RENDER_LETTER_DOC_H

#include "buf.h"

/* What is printed (borrowed strings). */
struct letter_doc {
	const char *agency_name;
	const char *title;     /* 政府信息公开申请答复书 */
	const char *letter_no; /* "" or NULL for a draft: "（签发后编号）" is printed */
	const char *addressee;
	const char *body; /* paragraphs, one per line */
	const char *date; /* "2026年3月2日" */
};

/* Appends the file to out: 0, ZF_ENOMEM or ZF_EIO. */
int letter_docx(const struct letter_doc *l, struct buf *out);
int letter_pdf(const struct letter_doc *l, struct buf *out);

#endif
