/* letter_doc.c: a letter as .docx and PDF (letter_doc.h). */
#include "common.h"
#include "letter_doc.h"
#include "docx.h"
#include "pdf_doc.h"

#define DRAFT_NO "（签发后编号）"

static const char *number_of(const struct letter_doc *l)
{
	return l->letter_no && *l->letter_no ? l->letter_no : DRAFT_NO;
}

static void docx_line(struct buf *w, const char *s, const char *jc, bool bold, int half_pt,
		      int after, int indent)
{
	docx_para(w, s, strlen(s), jc, bold, half_pt, after, indent);
}

int letter_docx(const struct letter_doc *l, struct buf *out)
{
	struct buf w = BUF_INIT;
	docx_document_begin(&w);
	docx_line(&w, l->agency_name, "center", true, 40, 240, 0);
	docx_line(&w, number_of(l), "center", false, 28, 240, 0);
	docx_line(&w, l->title, "center", true, 36, 360, 0);
	char *to = NULL;
	size_t tn = strlen(l->addressee) + 4;
	to = malloc(tn);
	if (to)
		snprintf(to, tn, "%s：", l->addressee);
	docx_line(&w, to ? to : l->addressee, "left", false, 28, 120, 0);
	free(to);
	struct str rest = str_c(l->body);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		if (line.len) /* first line indented by two characters of 14 pt */
			docx_para(&w, line.p, line.len, "both", false, 28, 120, 560);
	}
	docx_line(&w, "", "left", false, 28, 240, 0);
	docx_line(&w, l->agency_name, "right", false, 28, 60, 0);
	docx_line(&w, l->date, "right", false, 28, 60, 0);
	docx_document_end(&w, 1440, 1588);
	char title[400];
	snprintf(title, sizeof(title), "%s %s", l->title, number_of(l));
	int rc = docx_package(&w, title, out);
	buf_free(&w);
	return rc;
}

#define MARGIN_TOP  72.0
#define MARGIN_SIDE 79.0
#define BODY_PT	    14.0

int letter_pdf(const struct letter_doc *l, struct buf *out)
{
	char title[400];
	snprintf(title, sizeof(title), "%s %s", l->title, number_of(l));
	struct pdf_doc d;
	int rc = pdf_doc_begin(&d, out, title);
	if (rc)
		return rc;
	cairo_t *cr = d.cr;
	double w = PDF_PAGE_W - 2 * MARGIN_SIDE, x = MARGIN_SIDE, y = MARGIN_TOP;
	double bottom = PDF_PAGE_H - MARGIN_TOP;
	cairo_set_source_rgb(cr, 0.75, 0, 0); /* the agency's mark in red */
	y += pdf_doc_text(cr, l->agency_name, -1, x, y, w, 0, 22, true, PDF_CENTRE, 0) + 10;
	cairo_set_source_rgb(cr, 0, 0, 0);
	y += pdf_doc_text(cr, number_of(l), -1, x, y, w, 0, BODY_PT, false, PDF_CENTRE, 0) + 4;
	cairo_set_source_rgb(cr, 0.75, 0, 0);
	cairo_set_line_width(cr, 1.5);
	cairo_move_to(cr, x, y + 2);
	cairo_line_to(cr, x + w, y + 2);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	y += 18;
	y += pdf_doc_text(cr, l->title, -1, x, y, w, 0, 18, true, PDF_CENTRE, 0) + 16;
	char *to = NULL;
	size_t tn = strlen(l->addressee) + 4;
	to = malloc(tn);
	if (to)
		snprintf(to, tn, "%s：", l->addressee);
	y += pdf_doc_text(cr, to ? to : l->addressee, -1, x, y, w, 0, BODY_PT, false, PDF_LEFT, 0) +
	     6;
	free(to);
	struct str rest = str_c(l->body);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		if (!line.len)
			continue;
		double h =
		    pdf_doc_measure(cr, line.p, (int)line.len, w, BODY_PT, false, 2 * BODY_PT);
		if (y + h > bottom) { /* a paragraph goes whole onto the next page */
			cairo_show_page(cr);
			y = MARGIN_TOP;
		}
		y += pdf_doc_text(cr, line.p, (int)line.len, x, y, w, 0, BODY_PT, false, PDF_LEFT,
				  2 * BODY_PT) +
		     6;
	}
	if (y + 80 > bottom) {
		cairo_show_page(cr);
		y = MARGIN_TOP;
	}
	y += 30;
	y +=
	    pdf_doc_text(cr, l->agency_name, -1, x, y, w - 20, 0, BODY_PT, false, PDF_RIGHT, 0) + 4;
	pdf_doc_text(cr, l->date, -1, x, y, w - 20, 0, BODY_PT, false, PDF_RIGHT, 0);
	return pdf_doc_end(&d);
}
