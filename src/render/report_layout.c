/* report_layout.c: the official table layouts (国办公开办函〔2021〕30号 and 〔2019〕60号,
 * and the pre-2019 统计表) as grids of merged cells. */
#include "common.h"
#include "render/report_layout.h"

static struct grid_cell *put(struct report_grid *g, unsigned row, unsigned col, unsigned rowspan,
			     unsigned colspan, enum grid_style style, const char *text)
{
	if (g->ncells == g->alloc) {
		size_t na = g->alloc ? g->alloc * 2 : 64;
		struct grid_cell *p = realloc(g->cells, na * sizeof(*p));
		if (!p)
			return NULL;
		g->cells = p;
		g->alloc = na;
	}
	struct grid_cell *c = &g->cells[g->ncells++];
	*c = (struct grid_cell){.row = row,
				.col = col,
				.rowspan = rowspan,
				.colspan = colspan,
				.style = style,
				.text = text};
	if (row + rowspan > g->nrows)
		g->nrows = row + rowspan;
	return c;
}

static struct grid_cell *put_value(struct report_grid *g, unsigned row, unsigned col,
				   unsigned colspan, const struct report_cell *v, bool amount,
				   const char *path)
{
	struct grid_cell *c = put(g, row, col, 1, colspan, GRID_VALUE, NULL);
	if (c) {
		c->value = *v;
		c->amount = amount;
		snprintf(c->path, sizeof(c->path), "%s", path);
	}
	return c;
}

static int layout_table2(const struct report *r, const struct report_format *f,
			 struct report_grid *g)
{
	g->title = f->t2_title;
	g->id = "table2";
	g->ncols = 4;
	g->widths[0] = 24;
	g->widths[1] = g->widths[2] = g->widths[3] = 18;
	unsigned row = 0;
	char path[64];
	for (size_t t = 0; t < f->nt2; t++) {
		const struct report_t2_table *tab = &f->t2[t];
		if (!put(g, row++, 0, 1, 4, GRID_SUBHEAD, tab->heading))
			return ZF_ENOMEM;
		if (!put(g, row, 0, 1, 1, GRID_HEAD, "信息内容"))
			return ZF_ENOMEM;
		for (size_t j = 0; j < tab->nfields; j++) {
			unsigned span = j + 1 == tab->nfields ? (unsigned)(3 - j) : 1;
			if (!put(g, row, 1 + (unsigned)j, 1, span, GRID_HEAD, tab->field_labels[j]))
				return ZF_ENOMEM;
		}
		row++;
		for (size_t i = 0; i < tab->nitems; i++) {
			if (!put(g, row, 0, 1, 1, GRID_LABEL, tab->item_labels[i]))
				return ZF_ENOMEM;
			for (size_t j = 0; j < tab->nfields; j++) {
				enum report_t2_field fl = tab->fields[j];
				unsigned span = j + 1 == tab->nfields ? (unsigned)(3 - j) : 1;
				if (!put_value(
					g, row, 1 + (unsigned)j, span,
					&r->table2[tab->items[i]][fl],
					report_t2_fields[fl].kind == REPORT_KIND_AMOUNT,
					report_path_t2(tab->items[i], fl, path, sizeof(path))))
					return ZF_ENOMEM;
			}
			row++;
		}
	}
	return 0;
}

static int layout_table3(const struct report *r, const struct report_format *f,
			 struct report_grid *g)
{
	g->title = f->t3_title;
	g->id = "table3";
	g->ncols = 10;
	g->head_rows = 3;
	g->widths[0] = 4.5;
	g->widths[1] = 7.5;
	g->widths[2] = 24;
	for (int c = 3; c < 10; c++)
		g->widths[c] = 9;
	if (!put(g, 0, 0, 3, 3, GRID_NOTE, f->t3_note) ||
	    !put(g, 0, 3, 1, 7, GRID_HEAD, "申请人情况"))
		return ZF_ENOMEM;
	if (!put(g, 1, 3, 2, 1, GRID_HEAD, report_t3_cols[REPORT_COL_NATURAL_PERSON].label) ||
	    !put(g, 1, 4, 1, 5, GRID_HEAD, report_t3_cols[REPORT_COL_COMMERCIAL].group) ||
	    !put(g, 1, 9, 2, 1, GRID_HEAD, report_t3_cols[REPORT_COL_TOTAL].label))
		return ZF_ENOMEM;
	for (int c = REPORT_COL_COMMERCIAL; c <= REPORT_COL_OTHER; c++)
		if (!put(g, 2, 3 + (unsigned)c, 1, 1, GRID_HEAD, report_t3_cols[c].label))
			return ZF_ENOMEM;

	unsigned base = 3;
	char path[64];
	for (size_t i = 0; i < f->nt3_rows; i++) {
		const struct report_t3_row_def *d = &f->t3_rows[i];
		unsigned row = base + (unsigned)i;
		/* the section and group labels span their runs of rows */
		if (d->section && (i == 0 || f->t3_rows[i - 1].section != d->section)) {
			unsigned n = 1;
			while (i + n < f->nt3_rows && f->t3_rows[i + n].section == d->section)
				n++;
			if (!put(g, row, 0, n, 1, GRID_LABEL, d->section))
				return ZF_ENOMEM;
		}
		if (d->group && (i == 0 || f->t3_rows[i - 1].group != d->group)) {
			unsigned n = 1;
			while (i + n < f->nt3_rows && f->t3_rows[i + n].group == d->group)
				n++;
			struct grid_cell *c = put(g, row, 1, n, 1, GRID_LABEL, d->group);
			if (!c)
				return ZF_ENOMEM;
			c->indent = 1;
		}
		struct grid_cell *c;
		if (!d->section)
			c = put(g, row, 0, 1, 3, GRID_LABEL, d->label);
		else if (!d->group)
			c = put(g, row, 1, 1, 2, GRID_LABEL, d->label);
		else
			c = put(g, row, 2, 1, 1, GRID_LABEL, d->label);
		if (!c)
			return ZF_ENOMEM;
		c->indent = d->section ? (d->group ? 2 : 1) : 0;
		for (int col = 0; col < REPORT_T3_COLS; col++)
			if (!put_value(g, row, 3 + (unsigned)col, 1, &r->table3[d->row][col], false,
				       report_path_t3(d->row, col, path, sizeof(path))))
				return ZF_ENOMEM;
	}
	return 0;
}

static int layout_table4(const struct report *r, const struct report_format *f,
			 struct report_grid *g)
{
	g->title = f->t4_title;
	g->id = "table4";
	g->ncols = 15;
	g->head_rows = 3;
	for (int c = 0; c < 15; c++)
		g->widths[c] = 6.5;
	char path[64];
	if (!put(g, 0, 0, 1, 5, GRID_HEAD, report_t4_groups[REPORT_T4_REVIEW].label) ||
	    !put(g, 0, 5, 1, 10, GRID_HEAD, report_t4_groups[REPORT_T4_LITIGATION_DIRECT].parent))
		return ZF_ENOMEM;
	for (int k = 0; k < REPORT_T4_FIELDS; k++)
		if (!put(g, 1, (unsigned)k, 2, 1, GRID_HEAD, report_t4_field_labels[k]))
			return ZF_ENOMEM;
	for (int grp = REPORT_T4_LITIGATION_DIRECT; grp < REPORT_T4_GROUPS; grp++)
		if (!put(g, 1, 5 * (unsigned)grp, 1, 5, GRID_HEAD, report_t4_groups[grp].label))
			return ZF_ENOMEM;
	for (int grp = REPORT_T4_LITIGATION_DIRECT; grp < REPORT_T4_GROUPS; grp++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			if (!put(g, 2, 5 * (unsigned)grp + (unsigned)k, 1, 1, GRID_HEAD,
				 report_t4_field_labels[k]))
				return ZF_ENOMEM;
	for (int grp = 0; grp < REPORT_T4_GROUPS; grp++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			if (!put_value(g, 3, 5 * (unsigned)grp + (unsigned)k, 1, &r->table4[grp][k],
				       false, report_path_t4(grp, k, path, sizeof(path))))
				return ZF_ENOMEM;
	return 0;
}

static int layout_legacy(const struct report *r, struct report_grid *g)
{
	g->title = "政府信息公开情况统计表";
	g->id = "legacy";
	g->ncols = 3;
	g->head_rows = 1;
	g->widths[0] = 60;
	g->widths[1] = 8;
	g->widths[2] = 12;
	if (!put(g, 0, 0, 1, 1, GRID_HEAD, "统计指标") || !put(g, 0, 1, 1, 1, GRID_HEAD, "单位") ||
	    !put(g, 0, 2, 1, 1, GRID_HEAD, "统计数"))
		return ZF_ENOMEM;
	char path[64];
	for (size_t i = 0; i < r->nlegacy; i++) {
		const struct report_legacy_line *l = &r->legacy[i];
		unsigned row = 1 + (unsigned)i;
		struct grid_cell *c = put(g, row, 0, 1, 1, GRID_LABEL, l->label);
		if (!c)
			return ZF_ENOMEM;
		c->indent = (unsigned)report_legacy_level(l->label) - 1;
		/* put() may move the cells: c is not used after this point */
		if (!put(g, row, 1, 1, 1, GRID_HEAD, l->unit ? l->unit : ""))
			return ZF_ENOMEM;
		snprintf(path, sizeof(path), "legacy.%zu", i);
		if (!put_value(g, row, 2, 1, &l->value, report_unit_is_amount(l->unit), path))
			return ZF_ENOMEM;
	}
	return 0;
}

int report_layout_build(const struct report *r, struct report_layout *out)
{
	*out = (struct report_layout){0};
	const struct report_format *f = report_format_get(r->format);
	if (!f)
		return ZF_EINVAL;

	size_t n = 0;
	if (r->agency)
		n += (size_t)snprintf(out->title, sizeof(out->title), "%s", r->agency);
	if (r->year && n < sizeof(out->title))
		n += (size_t)snprintf(out->title + n, sizeof(out->title) - n, "%d年", r->year);
	if (n < sizeof(out->title))
		snprintf(out->title + n, sizeof(out->title) - n, "政府信息公开工作年度报告");
	if (f->id == REPORT_FORMAT_LEGACY)
		snprintf(out->subtitle, sizeof(out->subtitle), "（按2019年以前的统计表格式）");
	else if (r->nmembers)
		snprintf(out->subtitle, sizeof(out->subtitle), "（统计表，%zu 个单位汇总，按%s）",
			 r->nmembers, f->name);
	else
		snprintf(out->subtitle, sizeof(out->subtitle), "（统计表，按%s）", f->name);

	int rc;
	if (f->id == REPORT_FORMAT_LEGACY) {
		out->ngrids = 1;
		rc = layout_legacy(r, &out->grids[0]);
	} else {
		out->ngrids = 3;
		rc = layout_table2(r, f, &out->grids[0]);
		if (!rc)
			rc = layout_table3(r, f, &out->grids[1]);
		if (!rc)
			rc = layout_table4(r, f, &out->grids[2]);
	}
	if (rc)
		report_layout_free(out);
	return rc;
}

void report_layout_free(struct report_layout *l)
{
	for (size_t i = 0; i < ARRAY_SIZE(l->grids); i++)
		free(l->grids[i].cells);
	*l = (struct report_layout){0};
}

const char *grid_value_text(const struct grid_cell *c, char out[32])
{
	if (!c->value.present)
		out[0] = '\0';
	else if (c->amount)
		report_amount_str(c->value.v, out);
	else
		snprintf(out, 32, "%lld", (long long)c->value.v);
	return out;
}
