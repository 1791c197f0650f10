/* html.h: HTML to text with tables. Paragraphs become lines; a table row becomes one line of
 * cells, each followed by " |" ("名称 | 1 | 2 |"), so the report reader sees HTML tables in
 * the same pipe layout as text exports. Cells spanning rows or columns (rowspan/colspan)
 * appear once, in source order; inline markup inside a cell (Word's split <span>s) joins
 * without a gap; an HTML page carried inside a <script> string (document.write, var html =
 * '…') is unpacked and read in place. Entities are decoded. Scripts, styles and comments
 * are dropped. */
#ifndef ZF_HTML_TEXT_H
#define ZF_HTML_TEXT_H

#include "buf.h"
#include "text/offmap.h"

/* True when the text looks like HTML (a handful of known tags near the start). */
bool html_detect(const char *s, size_t n);

/* Converts n bytes of HTML (UTF-8) into out (reset first) with map from output to input
 * offsets. 0, ZF_ENOMEM or ZF_ETOOBIG (out's cap). */
int html_to_text(const char *in, size_t n, struct buf *out, struct offmap *map);

#endif
