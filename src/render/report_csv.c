/* report_csv.c: the report's tables as CSV (RFC 4180, UTF-8 with BOM for Excel). */
#include "common.h"
#include "render/report_csv.h"
#include "render/report_layout.h"

void report_csv_field(struct buf *out, const char *s, bool text)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addch(out, '"');
	if (text && strchr("=+-@\t\r", s[0]) && s[0])
		buf_addch(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addch(out, '"');
		buf_addch(out, *p);
	}
	if (quote)
		buf_addch(out, '"');
}

void report_csv_fputs(FILE *f, const char *s)
{
	if (!s)
		return;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (s[0] && strchr("=+-@\t\r", s[0]))
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void line(struct buf *out, const char *text, unsigned ncols)
{
	report_csv_field(out, text, true);
	for (unsigned i = 1; i < ncols; i++)
		buf_addch(out, ',');
	buf_adds(out, "\r\n");
}

int report_csv_write(const struct report *r, struct buf *out)
{
	struct report_layout l;
	int rc = report_layout_build(r, &l);
	if (rc)
		return rc;
	unsigned width = 0;
	for (size_t i = 0; i < l.ngrids; i++)
		width = ZF_MAX(width, l.grids[i].ncols);

	buf_adds(out, "\xEF\xBB\xBF");
	line(out, l.title, 1);
	line(out, l.subtitle, 1);
	const char **row = calloc(width, sizeof(*row));
	if (!row) {
		report_layout_free(&l);
		return ZF_ENOMEM;
	}
	char(*nums)[32] = calloc(width, sizeof(*nums));
	bool *is_text = calloc(width, sizeof(*is_text));
	if (!nums || !is_text) {
		free(row);
		free(nums);
		free(is_text);
		report_layout_free(&l);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < l.ngrids; i++) {
		const struct report_grid *g = &l.grids[i];
		buf_adds(out, "\r\n");
		line(out, g->title, 1);
		size_t k = 0;
		for (unsigned y = 0; y < g->nrows; y++) {
			for (unsigned x = 0; x < width; x++) {
				row[x] = "";
				is_text[x] = false;
			}
			for (; k < g->ncells && g->cells[k].row == y; k++) {
				const struct grid_cell *c = &g->cells[k];
				if (c->col >= width)
					continue;
				if (c->style == GRID_VALUE) {
					row[c->col] = grid_value_text(c, nums[c->col]);
				} else {
					row[c->col] = c->text ? c->text : "";
					is_text[c->col] = true;
				}
			}
			for (unsigned x = 0; x < g->ncols; x++) {
				if (x)
					buf_addch(out, ',');
				report_csv_field(out, row[x], is_text[x]);
			}
			buf_adds(out, "\r\n");
		}
	}
	if (r->nmembers) {
		buf_adds(out, "\r\n");
		report_csv_field(out, "汇总单位", true);
		for (size_t i = 0; i < r->nmembers; i++) {
			buf_addch(out, ',');
			report_csv_field(out, r->members[i], true);
		}
		buf_adds(out, "\r\n");
	}
	free(row);
	free(nums);
	free(is_text);
	report_layout_free(&l);
	if (out->failed)
		return out->cap && out->len + 1 >= out->cap ? ZF_ETOOBIG : ZF_ENOMEM;
	return 0;
}
