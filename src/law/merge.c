/* merge.c: summing annual reports of several units (see merge.h for the rules). */
#include "common.h"
#include "law/merge.h"

static int add_checked(struct report_cell *dst, const struct report_cell *src)
{
	if (!src->present)
		return 0;
	int64_t s;
	if (__builtin_add_overflow(dst->present ? dst->v : 0, src->v, &s))
		return ZF_ERANGE;
	report_cell_set(dst, s, NULL);
	return 0;
}

/* The member cell that feeds result cell table2[item][field], or NULL when the member's
 * format has no counterpart. */
static const struct report_cell *t2_source(const struct report *m, enum report_t2_item item,
					   enum report_t2_field field)
{
	const struct report_format *mf = report_format_get(m->format);
	if (report_format_has_t2_cell(mf, item, field, NULL, NULL))
		return &m->table2[item][field];
	/* 2019 本年新制作数量 is the nearest thing to 2021 本年制发件数 */
	if (field == REPORT_T2_ISSUED &&
	    report_format_has_t2_cell(mf, item, REPORT_T2_MADE, NULL, NULL))
		return &m->table2[item][REPORT_T2_MADE];
	return NULL;
}

/* Collects the cells one member did not contribute to, for one merge.incomplete finding. */
struct gap {
	const char *cells[REPORT_T3_ROWS * REPORT_T3_COLS];
	char paths[REPORT_T3_ROWS * REPORT_T3_COLS][96];
	size_t n;
	size_t blank, absent;
};

static void gap_add(struct gap *g, char *path, bool absent)
{
	if (g->n >= ARRAY_SIZE(g->cells))
		return;
	snprintf(g->paths[g->n], sizeof(g->paths[g->n]), "%s", path);
	g->cells[g->n] = g->paths[g->n];
	g->n++;
	if (absent)
		g->absent++;
	else
		g->blank++;
}

static int gap_report(struct report *out, struct gap *g, const char *member, const char *table)
{
	if (!g->n)
		return 0;
	int rc = report_add_finding(
	    out, "merge.incomplete", REPORT_SEV_WARNING, g->cells, g->n,
	    "汇总时「%s」的%s有 %zu 个单元格没有计入合计（%zu 个空白，%zu 个为其报告格式所没有，"
	    "首个：%s）；这些合计数可能偏小，请向该单位核实",
	    member, table, g->n, g->blank, g->absent, g->paths[0]);
	g->n = g->blank = g->absent = 0;
	return rc;
}

static int merge_tables(struct report *out, const struct report *const *in,
			const char *const *names, size_t n)
{
	const struct report_format *f = report_format_get(out->format);
	struct gap *g = calloc(1, sizeof(*g));
	int rc = 0;
	if (!g)
		return ZF_ENOMEM;
	char path[96];

	for (size_t k = 0; k < n && !rc; k++) {
		const struct report *m = in[k];
		const struct report_format *mf = report_format_get(m->format);
		for (size_t i = 0; i < f->nt3_rows && !rc; i++) {
			enum report_t3_row row = f->t3_rows[i].row;
			/* a 2019 member has no 三（六）1–2: its 其他处理 is in other_other */
			if (!report_format_has_t3_row(mf, row))
				continue;
			for (int c = 0; c < REPORT_T3_COLS && !rc; c++) {
				const struct report_cell *src = &m->table3[row][c];
				if (!src->present)
					gap_add(g, report_path_t3(row, c, path, sizeof(path)),
						false);
				rc = add_checked(&out->table3[row][c], src);
			}
		}
		if (!rc)
			rc = gap_report(out, g, names[k], "表三");
		for (int gr = 0; gr < REPORT_T4_GROUPS && !rc; gr++)
			for (int fl = 0; fl < REPORT_T4_FIELDS && !rc; fl++) {
				const struct report_cell *src = &m->table4[gr][fl];
				if (!src->present)
					gap_add(g, report_path_t4(gr, fl, path, sizeof(path)),
						false);
				rc = add_checked(&out->table4[gr][fl], src);
			}
		if (!rc)
			rc = gap_report(out, g, names[k], "表四");
		for (size_t t = 0; t < f->nt2 && !rc; t++) {
			const struct report_t2_table *tab = &f->t2[t];
			for (size_t i = 0; i < tab->nitems && !rc; i++)
				for (size_t j = 0; j < tab->nfields && !rc; j++) {
					enum report_t2_item it = tab->items[i];
					enum report_t2_field fl = tab->fields[j];
					const struct report_cell *src = t2_source(m, it, fl);
					if (!src || !src->present)
						gap_add(g,
							report_path_t2(it, fl, path, sizeof(path)),
							!src);
					if (src)
						rc = add_checked(&out->table2[it][fl], src);
				}
		}
		if (!rc)
			rc = gap_report(out, g, names[k], "表二");
	}
	free(g);
	return rc;
}

static int merge_legacy(struct report *out, const struct report *const *in,
			const char *const *names, size_t n, struct buf *err)
{
	const struct report *first = in[0];
	for (size_t k = 1; k < n; k++) {
		const struct report *m = in[k];
		bool same = m->nlegacy == first->nlegacy;
		for (size_t i = 0; same && i < m->nlegacy; i++) {
			const struct report_legacy_line *a = &first->legacy[i], *b = &m->legacy[i];
			same = !strcmp(a->label, b->label) &&
			       !strcmp(a->unit ? a->unit : "", b->unit ? b->unit : "");
		}
		if (!same) {
			buf_printf(err,
				   "统计表格式（2019 年以前）的报告只能在指标完全相同时汇总，"
				   "而「%s」与「%s」的指标行不同",
				   names[0], names[k]);
			return ZF_EINVAL;
		}
	}
	for (size_t i = 0; i < first->nlegacy; i++) {
		struct report_cell sum = {0};
		for (size_t k = 0; k < n; k++)
			if (add_checked(&sum, &in[k]->legacy[i].value))
				return ZF_ERANGE;
		int rc =
		    report_add_legacy(out, first->legacy[i].label, first->legacy[i].unit, &sum);
		if (rc)
			return rc;
	}
	return 0;
}

int report_merge(const struct report *const *in, const char *const *names, size_t n, unsigned flags,
		 struct report **out, struct buf *err)
{
	*out = NULL;
	if (!n) {
		buf_adds(err, "没有要汇总的报告");
		return ZF_EINVAL;
	}
	size_t nlegacy = 0, n2021 = 0;
	int year = in[0]->year, latest = 0;
	bool mixed = false;
	for (size_t k = 0; k < n; k++) {
		if (in[k]->format == REPORT_FORMAT_NONE) {
			buf_printf(err, "「%s」没有注明报告格式", names[k]);
			return ZF_EINVAL;
		}
		nlegacy += in[k]->format == REPORT_FORMAT_LEGACY;
		n2021 += in[k]->format == REPORT_FORMAT_2021;
		if (!in[k]->year && !(flags & MERGE_ALLOW_MIXED_YEARS)) {
			buf_printf(err, "「%s」没有注明报告年度，无法确认与其他报告同一年度",
				   names[k]);
			return ZF_EINVAL;
		}
		mixed |= in[k]->year != year;
		latest = ZF_MAX(latest, in[k]->year);
	}
	if (nlegacy && nlegacy != n) {
		buf_adds(err, "统计表格式（2019 年以前）的报告不能与 2019、2021 格式的报告汇总");
		return ZF_EINVAL;
	}
	if (mixed && !(flags & MERGE_ALLOW_MIXED_YEARS)) {
		for (size_t k = 1; k < n; k++) {
			if (in[k]->year != year) {
				buf_printf(
				    err,
				    "「%s」是 %d 年度的报告，而「%s」是 %d 年度的：不同年度的报告"
				    "一般不应汇总；确需汇总请加 --allow-mixed-years",
				    names[0], year, names[k], in[k]->year);
				break;
			}
		}
		return ZF_EINVAL;
	}

	struct report *r = report_new();
	if (!r)
		return ZF_ENOMEM;
	r->format =
	    nlegacy ? REPORT_FORMAT_LEGACY : (n2021 ? REPORT_FORMAT_2021 : REPORT_FORMAT_2019);
	r->year = latest;
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++)
		rc = report_add_member(r, names[k]);
	if (!rc && mixed) {
		rc = report_add_finding(
		    r, "merge.mixed_years", REPORT_SEV_INFO, NULL, 0,
		    "按 --allow-mixed-years 汇总了不同年度的报告，合计标为 %d 年度", latest);
	}
	if (!rc && n2021 && n2021 != n) {
		rc = report_add_finding(
		    r, "merge.format", REPORT_SEV_INFO, NULL, 0,
		    "有 %zu 份 2019 格式的报告按 2021 格式汇总：其“（六）其他处理”计入"
		    "“（六）3.其他”，表二“本年新制作数量”计入“本年制发件数”",
		    n - n2021);
	}
	if (!rc)
		rc = nlegacy ? merge_legacy(r, in, names, n, err) : merge_tables(r, in, names, n);
	if (rc == ZF_ERANGE)
		buf_adds(err, "合计数超出可表示的范围");
	if (rc) {
		report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}
