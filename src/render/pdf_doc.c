/* pdf_doc.c: the shared parts of our PDFs (pdf_doc.h). */
#include "common.h"
#include "pdf_doc.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/* For the leak checker of sanitizer builds (every program that draws a PDF links this):
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

#define FONT "Noto Sans CJK SC"

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *out = closure;
	return buf_add(out, data, len) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int pdf_doc_begin(struct pdf_doc *d, struct buf *out, const char *title)
{
	d->out = out;
	d->cr = NULL;
	d->surface = cairo_pdf_surface_create_for_stream(write_out, out, PDF_PAGE_W, PDF_PAGE_H);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(d->surface);
		d->surface = NULL;
		return ZF_ENOMEM;
	}
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "zfxxgk");
	d->cr = cairo_create(d->surface);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	return 0;
}

int pdf_doc_end(struct pdf_doc *d)
{
	cairo_show_page(d->cr);
	cairo_status_t st = cairo_status(d->cr);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	d->cr = NULL;
	d->surface = NULL;
	if (st != CAIRO_STATUS_SUCCESS)
		return st == CAIRO_STATUS_NO_MEMORY ? ZF_ENOMEM : ZF_EIO;
	return d->out->failed ? ZF_ENOMEM : 0;
}

static PangoLayout *layout_of(cairo_t *cr, const char *s, int len, double w, double size, bool bold,
			      enum pdf_align align, double indent)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, align == PDF_CENTRE	? PANGO_ALIGN_CENTER
					   : align == PDF_RIGHT ? PANGO_ALIGN_RIGHT
								: PANGO_ALIGN_LEFT);
	if (indent > 0)
		pango_layout_set_indent(layout, (int)(indent * PANGO_SCALE));
	pango_layout_set_text(layout, s, len);
	return layout;
}

double pdf_doc_measure(cairo_t *cr, const char *s, int len, double w, double size, bool bold,
		       double indent)
{
	PangoLayout *layout = layout_of(cr, s, len, w, size, bold, PDF_LEFT, indent);
	int pw, ph;
	pango_layout_get_size(layout, &pw, &ph);
	g_object_unref(layout);
	return (double)ph / PANGO_SCALE;
}

double pdf_doc_text(cairo_t *cr, const char *s, int len, double x, double y, double w, double box_h,
		    double size, bool bold, enum pdf_align align, double indent)
{
	PangoLayout *layout = layout_of(cr, s, len, w, size, bold, align, indent);
	int pw, ph;
	pango_layout_get_size(layout, &pw, &ph);
	double h = (double)ph / PANGO_SCALE;
	double top = box_h > 0 ? y + (box_h - h) / 2 : y;
	cairo_move_to(cr, x, top);
	pango_cairo_show_layout(cr, layout);
	g_object_unref(layout);
	return h;
}
