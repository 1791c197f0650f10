/* pager.h: the arithmetic of numbered pages (首页 上一页 1 … 4 5 [6] 7 8 … 20 下一页 尾页):
 * how many pages a list has, which page a request may ask for, and which page numbers a
 * pager shows. Pure: no I/O, no globals. */
#ifndef ZF_PAGER_H
#define ZF_PAGER_H

#include <stddef.h>

/* Page numbers shown either side of the current one. */
#define PAGER_AROUND 2
/* The most entries pager_items writes: first, gap, 2 * PAGER_AROUND + 1, gap, last. */
#define PAGER_ITEMS_MAX (2 * PAGER_AROUND + 5)

/* The number of pages of total items, per_page a page (0 when total <= 0 or per_page 0). */
size_t pager_pages(long long total, size_t per_page);
/* The page to show for a requested one: 1 when below, the last page when beyond (1 when
 * there are no pages). */
size_t pager_clamp(size_t page, size_t pages);
/* Writes the entries of a pager over `pages` pages at `page` into out (at least
 * PAGER_ITEMS_MAX long): page numbers in increasing order, 0 for a gap (…): the first and
 * last page always, and PAGER_AROUND either side of the current one; a gap of one page is
 * shown as that page. Returns the count (0 when pages <= 1). */
size_t pager_items(size_t page, size_t pages, size_t *out);

#endif
