/* apply_form_docx.c: the 政府信息公开申请表 as a .docx (apply_form.h): our own
 * WordprocessingML (a real table: gridSpan for merged columns, vMerge for merged rows) in the
 * package of docx.c. */
#include "common.h"
#include "apply_form.h"
#include "docx.h"

static void para_n(struct buf *w, const char *text, size_t len, const char *jc, bool bold,
		   int half_pt, int after)
{
	docx_para(w, text, len, jc, bold, half_pt, after, 0);
}

static void para(struct buf *w, const char *text, const char *jc, bool bold, int half_pt, int after)
{
	para_n(w, text, text ? strlen(text) : 0, jc, bold, half_pt, after);
}

static int span_width(int col, int colspan)
{
	int pt = 0;
	for (int i = col; i < col + colspan && i < APPLY_FORM_COLS; i++)
		pt += apply_form_col_pt[i];
	return DOCX_DXA(pt);
}

static const struct apply_form_cell *cell_at(int row, int col, bool *starts)
{
	for (size_t i = 0; i < apply_form_ncells; i++) {
		const struct apply_form_cell *c = &apply_form_cells[i];
		if (c->col == col && row >= c->row && row < c->row + c->rowspan) {
			*starts = row == c->row;
			return c;
		}
	}
	return NULL;
}

static void table(struct buf *w)
{
	buf_printf(w,
		   "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
		   "<w:tblBorders>",
		   span_width(0, APPLY_FORM_COLS));
	static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
	for (size_t i = 0; i < ARRAY_SIZE(sides); i++)
		buf_printf(w,
			   "<w:%s w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/>",
			   sides[i]);
	buf_adds(w, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"
		    "<w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/>"
		    "</w:tblCellMar></w:tblPr><w:tblGrid>");
	for (int c = 0; c < APPLY_FORM_COLS; c++)
		buf_printf(w, "<w:gridCol w:w=\"%d\"/>", DOCX_DXA(apply_form_col_pt[c]));
	buf_adds(w, "</w:tblGrid>");
	for (int r = 0; r < APPLY_FORM_ROWS; r++) {
		buf_printf(w,
			   "<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val=\"%d\" "
			   "w:hRule=\"atLeast\"/></w:trPr>",
			   DOCX_DXA(apply_form_row_pt[r]));
		for (int c = 0; c < APPLY_FORM_COLS;) {
			bool starts = false;
			const struct apply_form_cell *cell = cell_at(r, c, &starts);
			if (!cell) /* a hole in the model would be a bug: fill it */
				BUG("apply form: no cell at row %d column %d", r, c);
			buf_printf(w, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>",
				   span_width(c, cell->colspan));
			if (cell->colspan > 1)
				buf_printf(w, "<w:gridSpan w:val=\"%d\"/>", cell->colspan);
			if (cell->rowspan > 1)
				buf_adds(w,
					 starts ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>");
			if (cell->label)
				buf_adds(
				    w,
				    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>");
			buf_adds(w, "<w:vAlign w:val=\"center\"/></w:tcPr>");
			if (starts)
				para(w, cell->text, cell->label ? "center" : "left", cell->label,
				     21, 0);
			else
				buf_adds(w, "<w:p/>");
			buf_adds(w, "</w:tc>");
			c += cell->colspan;
		}
		buf_adds(w, "</w:tr>");
	}
	buf_adds(w, "</w:tbl>");
}

static void document(const struct apply_form *f, struct buf *w)
{
	docx_document_begin(w);
	para(w, APPLY_FORM_TITLE, "center", true, 36, 200);
	struct buf head = BUF_INIT;
	apply_form_head(f, &head);
	struct str rest = buf_str(&head);
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		para_n(w, line.p, line.len, "left", false, 21, 40);
	}
	if (head.failed)
		w->failed = true;
	buf_free(&head);
	para(w, "", "left", false, 21, 0);
	table(w);
	for (size_t i = 0; i < apply_form_nnotes; i++)
		para(w, apply_form_notes[i], "left", false, 18, 20);
	docx_document_end(w, 1000, 1000);
}

int apply_form_docx(const struct apply_form *f, struct buf *out)
{
	struct buf doc = BUF_INIT;
	document(f, &doc);
	char title[300];
	snprintf(title, sizeof(title), "%s%s", f->agency_name ? f->agency_name : "",
		 APPLY_FORM_TITLE);
	int rc = docx_package(&doc, title, out);
	buf_free(&doc);
	return rc;
}
