/* reflow.h: gives flattened report text its table lines back before the cells are cut.
 * Two crawler layouts are recognised in the table region (from 第二十条 / table 3's heading
 * to table 4's numbers):
 *  - glued: the whole body is one line and a row's cells are one digit string
 *    ("（一）予以公开1000001（二）部分公开…"); the line is broken before every table label and
 *    between a label and its digit run, and the item number of the next label is told from
 *    the row's digits ("…00000002.其他法律…" → "0000000" / "2.其他法律…");
 *  - blank-line runs: every cell ends with a run of u line breaks (a CR dump), a blank cell
 *    adds u more, a row end a few more; the cells are written back as pipe rows
 *    ("label | 3 |  | 0 |"), blank cells as empty ones, so that blank stays apart from 0.
 * Every byte of the output maps back to the input (offmap). Pure. */
#ifndef ZF_REFLOW_H
#define ZF_REFLOW_H

#include "buf.h"
#include "text/offmap.h"

struct reflow_stats {
	size_t glued_lines; /* long lines broken up */
	size_t breaks;	    /* line breaks inserted */
	size_t run_rows;    /* pipe rows written from a blank-line-run dump */
	size_t run_unit;    /* line breaks that end one cell there */
};

/* Reads n bytes of normalised text. When it reflowed something, out holds the new text
 * (reset first) and map its offsets; otherwise out is left empty. 0 or ZF_ENOMEM. */
int reflow_text(const char *in, size_t n, struct buf *out, struct offmap *map,
		struct reflow_stats *st);

#endif
