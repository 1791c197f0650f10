/* apply_form_pdf.c: the 政府信息公开申请表 as a one-page A4 PDF (apply_form.h), drawn with
 * cairo and laid out with pango (pdf_doc.h). */
#include "common.h"
#include "apply_form.h"

#include "pdf_doc.h"

#define MARGIN 50.0

static double text(cairo_t *cr, const char *s, int len, double x, double y, double w, double box_h,
		   double size, bool bold, int align)
{
	return pdf_doc_text(cr, s, len, x, y, w, box_h, size, bold,
			    align == 0 ? PDF_CENTRE : PDF_LEFT, 0);
}

static void table(cairo_t *cr, double top)
{
	double colx[APPLY_FORM_COLS + 1], rowy[APPLY_FORM_ROWS + 1];
	colx[0] = MARGIN;
	for (int c = 0; c < APPLY_FORM_COLS; c++)
		colx[c + 1] = colx[c] + apply_form_col_pt[c];
	rowy[0] = top;
	for (int r = 0; r < APPLY_FORM_ROWS; r++)
		rowy[r + 1] = rowy[r] + apply_form_row_pt[r];
	cairo_set_line_width(cr, 0.8);
	for (size_t i = 0; i < apply_form_ncells; i++) {
		const struct apply_form_cell *c = &apply_form_cells[i];
		double x = colx[c->col], y = rowy[c->row];
		double w = colx[c->col + c->colspan] - x, h = rowy[c->row + c->rowspan] - y;
		if (c->label) {
			cairo_set_source_rgb(cr, 0.95, 0.95, 0.95);
			cairo_rectangle(cr, x, y, w, h);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		cairo_rectangle(cr, x, y, w, h);
		cairo_stroke(cr);
		if (*c->text)
			text(cr, c->text, -1, x + 4, y, w - 8, h, 10, c->label, c->label ? 0 : -1);
	}
}

int apply_form_pdf(const struct apply_form *f, struct buf *out)
{
	char title[200];
	snprintf(title, sizeof(title), "%s%s", f->agency_name ? f->agency_name : "",
		 APPLY_FORM_TITLE);
	struct pdf_doc d;
	int rc = pdf_doc_begin(&d, out, title);
	if (rc)
		return rc;
	cairo_t *cr = d.cr;
	double y = MARGIN;
	double width = PDF_PAGE_W - 2 * MARGIN;
	y += text(cr, APPLY_FORM_TITLE, -1, MARGIN, y, width, 0, 20, true, 0) + 12;
	struct buf head = BUF_INIT;
	int hrc = apply_form_head(f, &head);
	struct str rest = buf_str(&head);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		/* pango takes a length: the line needs no copy */
		y += text(cr, line.p, (int)line.len, MARGIN, y, width, 0, 10.5, false, -1) + 2;
	}
	buf_free(&head);
	y += 8;
	table(cr, y);
	for (int r = 0; r < APPLY_FORM_ROWS; r++)
		y += apply_form_row_pt[r];
	y += 10;
	for (size_t i = 0; i < apply_form_nnotes; i++)
		y += text(cr, apply_form_notes[i], -1, MARGIN, y, width, 0, 9, false, -1) + 1;
	rc = pdf_doc_end(&d);
	return rc ? rc : hrc;
}
