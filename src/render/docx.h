/* docx.h: what every .docx we write shares: runs and paragraphs of WordprocessingML (Chinese
 * text in 宋体/黑体, Latin in Times New Roman) and the package around a document.xml (content
 * types, relationships, core properties with the title) zipped in memory by libzip. Used by
 * the application form (apply_form_docx.c) and the letters (letter_doc.c). */
#ifndef ZF_RENDER_DOCX_H
#define ZF_RENDER_DOCX_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* 1 pt = 20 twips (dxa) */
#define DOCX_DXA(pt) ((pt)*20)

/* The opening of document.xml up to <w:body>, and its A4 section and closing (margins in
 * twips). */
void docx_document_begin(struct buf *w);
void docx_document_end(struct buf *w, int margin_top, int margin_side);

/* A run of text (len bytes), escaped; size in half-points. */
void docx_run(struct buf *w, const char *text, size_t len, bool bold, int half_pt);
/* A paragraph of one run: jc "left", "center", "right" or "both"; space after in twips;
 * first-line indent in twips (0 = none). */
void docx_para(struct buf *w, const char *text, size_t len, const char *jc, bool bold, int half_pt,
	       int after, int indent);

/* Zips document.xml (borrowed) with the package parts into out; title goes to the core
 * properties. 0, ZF_ENOMEM or ZF_EIO. */
int docx_package(const struct buf *document, const char *title, struct buf *out);

#endif
