/* apply_form_pdf.c: the 政府信息公开申请表 as a one-page A4 PDF (apply_form.h), drawn with
 * cairo and laid out with pango (CJK text in Noto Sans CJK SC through fontconfig; the fonts
 * are embedded, with their ToUnicode maps, so the text can be searched and copied). */
#include "common.h"
#include "apply_form.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/* For the leak checker of sanitizer builds (every program that draws a form links this):
 * Debian's cairo 1.16 keeps about 1.5 KiB inside cairo_surface_finish per PDF (measured: 1
 * PDF 1.8 KiB, 4 PDFs 6.4 KiB; the server draws each distinct form once, see
 * page_guide_files.c), and fontconfig keeps its parsed configuration. Neither is ours to
 * free. The checker's fast unwinder stops inside libcairo (built without frame pointers), so
 * the suppression names the library; our pango objects (glib allocations) stay checked.
 * Unused in other builds. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\nleak:libfontconfig.so\n";
}

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 50.0
#define FONT   "Noto Sans CJK SC"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *out = closure;
	return buf_add(out, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Draws text in a box of width w at (x, y); returns the height it took. align: -1 left,
 * 0 centre. When box_h > 0 the text is centred vertically in it. */
static double text(cairo_t *cr, const char *s, int len, double x, double y, double w, double box_h,
		   double size, bool bold, int align)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align == 0 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, s, len);
	int pw, ph;
	pango_layout_get_size(layout, &pw, &ph);
	double h = (double)ph / PANGO_SCALE;
	double top = box_h > 0 ? y + (box_h - h) / 2 : y;
	cairo_move_to(cr, x, top);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(fd);
	g_object_unref(layout);
	return h;
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
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return ZF_ENOMEM;
	}
	char title[200];
	snprintf(title, sizeof(title), "%s%s", f->agency_name ? f->agency_name : "",
		 APPLY_FORM_TITLE);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zfxxgk");
	cairo_t *cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double y = MARGIN;
	double width = PAGE_W - 2 * MARGIN;
	y += text(cr, APPLY_FORM_TITLE, -1, MARGIN, y, width, 0, 20, true, 0) + 12;
	struct buf head = BUF_INIT;
	int rc = apply_form_head(f, &head);
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
	cairo_show_page(cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return st == CAIRO_STATUS_NO_MEMORY ? ZF_ENOMEM : ZF_EIO;
	return rc ? rc : out->failed ? ZF_ENOMEM : 0;
}
