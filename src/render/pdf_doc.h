/* pdf_doc.h: what every PDF we draw shares: an A4 cairo PDF surface writing into a buf, and
 * text laid out by pango (CJK in Noto Sans CJK SC through fontconfig; fonts embedded with
 * their ToUnicode maps, so the text can be searched and copied). Used by the application
 * form (apply_form_pdf.c) and the letters (letter_doc.c). */
#ifndef ZF_RENDER_PDF_DOC_H
#define ZF_RENDER_PDF_DOC_H

#include "buf.h"

#include <cairo.h>
#include <stdbool.h>

#define PDF_PAGE_W 595.0 /* A4 in points */
#define PDF_PAGE_H 842.0

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	struct buf *out; /* borrowed: the PDF's bytes */
};

/* Opens a document writing into out, with its title and creator metadata: 0 or ZF_ENOMEM. */
int pdf_doc_begin(struct pdf_doc *d, struct buf *out, const char *title);
/* Finishes the page and the document: 0, ZF_ENOMEM or ZF_EIO. */
int pdf_doc_end(struct pdf_doc *d);

enum pdf_align { PDF_LEFT = -1, PDF_CENTRE = 0, PDF_RIGHT = 1 };

/* Draws text (len bytes, -1 = NUL-terminated) in a box of width w at (x, y); returns the
 * height it took. When box_h > 0 the text is centred vertically in it. indent: first-line
 * indent in points. */
double pdf_doc_text(cairo_t *cr, const char *s, int len, double x, double y, double w, double box_h,
		    double size, bool bold, enum pdf_align align, double indent);
/* The height the same text would take, without drawing it. */
double pdf_doc_measure(cairo_t *cr, const char *s, int len, double w, double size, bool bold,
		       double indent);

#endif
