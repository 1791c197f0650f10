/* pager.c: the arithmetic of numbered pages (see pager.h). */
#include "common.h"
#include "pager.h"

size_t pager_pages(long long total, size_t per_page)
{
	if (total <= 0 || !per_page)
		return 0;
	return (size_t)((total - 1) / (long long)per_page) + 1;
}

size_t pager_clamp(size_t page, size_t pages)
{
	if (page < 1 || pages < 1)
		return 1;
	return page > pages ? pages : page;
}

size_t pager_items(size_t page, size_t pages, size_t *out)
{
	if (pages <= 1)
		return 0;
	page = pager_clamp(page, pages);
	size_t lo = page > PAGER_AROUND ? page - PAGER_AROUND : 1;
	size_t hi = page + PAGER_AROUND < pages ? page + PAGER_AROUND : pages;
	size_t n = 0;
	if (lo > 1) {
		out[n++] = 1;
		if (lo == 3)
			out[n++] = 2; /* a gap of one page: show the page */
		else if (lo > 3)
			out[n++] = 0;
	}
	for (size_t p = lo; p <= hi; p++)
		out[n++] = p;
	if (hi < pages) {
		if (hi + 2 == pages)
			out[n++] = pages - 1;
		else if (hi + 2 < pages)
			out[n++] = 0;
		out[n++] = pages;
	}
	return n;
}
