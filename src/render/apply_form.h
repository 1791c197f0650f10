/* apply_form.h: the paper 政府信息公开申请表 an agency offers for download (条例 Art. 29: name,
 * proof of identity and contacts of the applicant; a description of the information sought;
 * the form and route of provision), as one table model drawn by two writers: WordprocessingML
 * in a .docx (libzip) and a PDF (cairo + pango). The rows follow the online form
 * (web/page_public_form.c): 公民 and 法人或者其他组织 rows, 所需信息情况, 载体形式, 获取方式,
 * signature and date. The agency's name and contacts head the form. */
#ifndef ZF_RENDER_APPLY_FORM_H
#define ZF_RENDER_APPLY_FORM_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Who receives the form; borrowed strings, "" or NULL when not known. */
struct apply_form {
	const char *agency_name;
	const char *office;
	const char *address;
	const char *postcode;
	const char *phone;
	const char *fax;
	const char *email;
	const char *hours;
};

/* One cell of the table: its place on the grid, its span, its text ("" for a blank to
 * fill in), and whether it is a label (drawn bold on a shaded ground). */
struct apply_form_cell {
	int row, col, rowspan, colspan;
	const char *text;
	bool label;
};

#define APPLY_FORM_COLS 6
#define APPLY_FORM_ROWS 14
/* The cells, row by row, left to right; widths of the columns and heights of the rows in
 * points (the table is 495 pt wide: A4 with margins of 50 pt). */
extern const struct apply_form_cell apply_form_cells[];
extern const size_t apply_form_ncells;
extern const int apply_form_col_pt[APPLY_FORM_COLS];
extern const int apply_form_row_pt[APPLY_FORM_ROWS];

/* The form's title. */
#define APPLY_FORM_TITLE "政府信息公开申请表"

/* The lines above the table ("受理机关：…", the working body, address, numbers, hours),
 * appended to out one per line ("\n" after each). 0 or ZF_ENOMEM. */
int apply_form_head(const struct apply_form *f, struct buf *out);
/* The notes below the table. */
extern const char *const apply_form_notes[];
extern const size_t apply_form_nnotes;

/* Writes the form as a .docx (a ZIP of WordprocessingML) into out. 0, ZF_ENOMEM or ZF_EIO. */
int apply_form_docx(const struct apply_form *f, struct buf *out);
/* Writes the form as a one-page A4 PDF into out (CJK text in Noto Sans CJK through
 * fontconfig). 0, ZF_ENOMEM or ZF_EIO. */
int apply_form_pdf(const struct apply_form *f, struct buf *out);

#endif
