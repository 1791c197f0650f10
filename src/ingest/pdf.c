/* pdf.c: PDF reports through poppler-glib. Poppler gives each character of a page with its
 * box; the lines and table columns are rebuilt here from those coordinates, not from
 * spacing. Glyphs sharing a middle make a line; a gap wider than a fraction of an em (the
 * em measured from the CJK glyphs, since poppler's font size is in text space) splits it
 * into cells; the lines of one table (multi-cell lines, with the label lines between them,
 * up to a section heading) share one set of columns: those of its fullest line, plus every
 * cell that lies in none of them. A row becomes "名称 | 1 | 2 |"; a value column with no
 * glyph in a row is an empty cell (blank and zero stay apart); a label wrapped in its cell
 * joins the row whose numbers it belongs to (top-aligned cells: the row above; centred
 * ones: split evenly around the numbers); a table going on over a page break keeps its
 * columns, drops its repeated header and takes back a row label broken by the break.
 * Page-number footers are dropped. Every cell gets an anchor: page and the place of its
 * first glyph. Refusals: encrypted, scanned (images only), truncated or damaged, too many
 * pages or too much text. */
#include "common.h"
#include "ingest/container.h"

#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>

enum {
	PDF_MAX_PAGES = 500,
	PDF_MAX_TEXT = 16u << 20,      /* bytes of made text */
	PDF_MAX_PAGE_CHARS = 1u << 20, /* characters poppler may give for one page */
};

/* A character: its box from the left, its vertical middle and font size (poppler's boxes
 * span the font's whole bounding box, often twice the line pitch for CJK fonts, so heights
 * and gaps are measured in font sizes). */
struct glyph {
	double x1, x2, yc, size;
	uint32_t off, len; /* the character's bytes in the page's text */
	bool ascii;
};

struct seg {
	double x1, x2, y1;
	size_t g0, g1; /* glyphs [g0, g1) of the page's sorted array */
	int col;
	bool num;
};

struct line {
	double y1, y2, yc, h;
	size_t s0, s1;	/* segments [s0, s1) */
	int merge_into; /* a label-only line joined to this line's row, or -1 */
	bool footer;
};

struct col {
	double x1, x2;
	int nseg, nnum;
};

struct page {
	const char *text;
	struct glyph *g;
	size_t ng, ag;
	struct seg *s;
	size_t ns, as;
	struct line *l;
	size_t nl, al;
	struct col *c;
	size_t nc, ac;
	double height;
};

#define GROW(arr, n, alloc) ((n) < (alloc) || grow((void **)&(arr), &(alloc), sizeof(*(arr))))

static bool grow(void **p, size_t *alloc, size_t size)
{
	size_t na = *alloc ? *alloc * 2 : 64;
	void *q = realloc(*p, na * size);
	if (!q)
		return false;
	*p = q;
	*alloc = na;
	return true;
}

static uint32_t utf8_decode(const unsigned char *s, uint32_t *len)
{
	uint32_t c = s[0];
	if (c < 0x80 || !s[1]) {
		*len = 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0) {
		*len = 2;
		return ((c & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if ((c & 0xF0) == 0xE0 && s[2]) {
		*len = 3;
		return ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	if (s[2] && s[3]) {
		*len = 4;
		return ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		       ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	}
	*len = 1;
	return c;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 ||
	       c == 0x3000 || c == 0x200B || c == 0xFEFF || c < 0x20;
}

/* A character that may appear in a number cell or a written blank. */
static bool num_char(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == ',' || c == '.' ||
	       c == '%' || c == '-' || c == '/' || c == 0xFF0C || c == 0xFF0E || c == 0xFF05 ||
	       c == 0xFF0D || c == 0xFF0F || c == 0x2014 || c == 0x2013 || c == 0x2015 ||
	       c == 0x2212 || c == 0x65E0 /* 无 */;
}

static int cmp_glyph_y(const void *a, const void *b)
{
	const struct glyph *p = a, *q = b;
	if (p->yc != q->yc)
		return p->yc < q->yc ? -1 : 1;
	return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

static int cmp_glyph_x(const void *a, const void *b)
{
	const struct glyph *p = a, *q = b;
	return p->x1 < q->x1 ? -1 : p->x1 > q->x1;
}

/* Collects the page's visible characters with their rectangles. */
static int cmp_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return p < q ? -1 : p > q;
}

static int page_glyphs(struct page *pg, const char *text, const PopplerRectangle *r, guint nr,
		       GList *attrs, double *scale)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t off = 0;
	GList *a = attrs;
	for (guint i = 0; t[off] && i < nr; i++) {
		uint32_t len;
		uint32_t c = utf8_decode(t + off, &len);
		const PopplerRectangle *q = &r[i];
		while (a && ((PopplerTextAttributes *)a->data)->end_index < (int)i)
			a = a->next;
		double size = a && ((PopplerTextAttributes *)a->data)->start_index <= (int)i
				  ? ((PopplerTextAttributes *)a->data)->font_size
				  : 0;
		if (!(size > 0.5 && size < 1000))
			size = (q->y2 - q->y1) / 2 / *scale;
		if (!is_space(c) && q->x2 > q->x1 && q->y2 > q->y1 && isfinite(q->x1) &&
		    isfinite(q->y1) && isfinite(q->x2) && isfinite(q->y2) && size > 0) {
			if (!GROW(pg->g, pg->ng, pg->ag))
				return ZF_ENOMEM;
			pg->g[pg->ng++] = (struct glyph){
			    q->x1, q->x2, (q->y1 + q->y2) / 2, size, (uint32_t)off, len, c < 0x80};
		}
		off += len;
	}
	/* Poppler's font size is in text space (Chromium, for one, scales the text matrix),
	 * so the page's scale comes from the CJK glyphs, whose advance is one em. */
	double *ratio = malloc((pg->ng ? pg->ng : 1) * sizeof(*ratio));
	if (!ratio)
		return ZF_ENOMEM;
	size_t nr2 = 0;
	for (size_t i = 0; i < pg->ng; i++)
		if (!pg->g[i].ascii && pg->g[i].size > 0)
			ratio[nr2++] = (pg->g[i].x2 - pg->g[i].x1) / pg->g[i].size;
	/* a page without CJK: digits are about half an em wide */
	for (size_t i = 0; nr2 < 3 && i < pg->ng; i++) {
		uint32_t len;
		uint32_t c = utf8_decode((const unsigned char *)text + pg->g[i].off, &len);
		if (c >= '0' && c <= '9' && pg->g[i].size > 0)
			ratio[nr2++] = (pg->g[i].x2 - pg->g[i].x1) / pg->g[i].size / 0.55;
	}
	if (nr2 >= 3) {
		qsort(ratio, nr2, sizeof(*ratio), cmp_double);
		if (ratio[nr2 / 2] > 0.05 && ratio[nr2 / 2] < 20)
			*scale = ratio[nr2 / 2];
	}
	free(ratio);
	for (size_t i = 0; i < pg->ng; i++)
		pg->g[i].size *= *scale;
	return 0;
}

static bool seg_is_num(const struct page *pg, const struct seg *s)
{
	for (size_t i = s->g0; i < s->g1; i++) {
		uint32_t len;
		if (!num_char(utf8_decode((const unsigned char *)pg->text + pg->g[i].off, &len)))
			return false;
	}
	return s->g1 > s->g0;
}

/* True when the gap between two neighbouring glyphs of a line separates cells: a word
 * space between Latin letters is up to a third of the font size, but characters of one
 * cell of CJK text or of one number touch. */
static bool cell_gap(const struct glyph *a, const struct glyph *b)
{
	double gap = b->x1 - a->x2, size = ZF_MIN(a->size, b->size);
	if (a->ascii && b->ascii)
		return gap > 0.7 * size;
	if (!a->ascii && !b->ascii)
		return gap > 0.3 * size;
	return gap > 0.45 * size; /* "2023 年": Word's space between CJK and Latin */
}

/* Groups the glyphs into lines (by the middle of their boxes) and each line into segments
 * (cells) by the gaps between them. */
static int page_lines(struct page *pg)
{
	if (!pg->ng)
		return 0;
	qsort(pg->g, pg->ng, sizeof(*pg->g), cmp_glyph_y);
	size_t i = 0;
	while (i < pg->ng) {
		double yc = pg->g[i].yc, h = pg->g[i].size;
		size_t j = i + 1;
		while (j < pg->ng && pg->g[j].yc - yc <= 0.4 * ZF_MIN(h, pg->g[j].size))
			j++;
		qsort(pg->g + i, j - i, sizeof(*pg->g), cmp_glyph_x);
		double ys = 0, hs = 0;
		for (size_t k = i; k < j; k++) {
			ys += pg->g[k].yc;
			hs += pg->g[k].size;
		}
		h = hs / (double)(j - i);
		yc = ys / (double)(j - i);
		if (!GROW(pg->l, pg->nl, pg->al))
			return ZF_ENOMEM;
		struct line *ln = &pg->l[pg->nl++];
		*ln = (struct line){yc - h / 2, yc + h / 2, yc, h, pg->ns, pg->ns, -1, false};
		size_t s0 = i;
		for (size_t k = i; k < j; k++) {
			/* a glyph drawn twice (fake bold) counts once */
			if (k > s0 && pg->g[k].len == pg->g[k - 1].len &&
			    !memcmp(pg->text + pg->g[k].off, pg->text + pg->g[k - 1].off,
				    pg->g[k].len) &&
			    pg->g[k].x1 - pg->g[k - 1].x1 < 0.3 * (pg->g[k].x2 - pg->g[k].x1) &&
			    fabs(pg->g[k].yc - pg->g[k - 1].yc) < 0.3 * h) {
				pg->g[k].len = 0;
				continue;
			}
			bool last = k + 1 == j;
			if (!last && !cell_gap(&pg->g[k], &pg->g[k + 1]))
				continue;
			if (!GROW(pg->s, pg->ns, pg->as))
				return ZF_ENOMEM;
			struct seg *s = &pg->s[pg->ns++];
			*s = (struct seg){pg->g[s0].x1, pg->g[k].x2, yc - h / 2, s0,
					  k + 1,	-1,	     false};
			s->num = seg_is_num(pg, s);
			s0 = k + 1;
		}
		ln->s1 = pg->ns;
		i = j;
	}
	return 0;
}

/* The line's text without spaces, for the footer test (at most cap bytes). */
static size_t line_text(const struct page *pg, const struct line *ln, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t s = ln->s0; s < ln->s1; s++)
		for (size_t i = pg->s[s].g0; i < pg->s[s].g1; i++) {
			const struct glyph *g = &pg->g[i];
			if (n + g->len >= cap)
				return n;
			memcpy(out + n, pg->text + g->off, g->len);
			n += g->len;
		}
	out[n] = '\0';
	return n;
}

/* Page-number footers and headers: "— 3 —", "- 3 -", "第3页", "第 3 页 共 9 页", "3/9", and
 * a bare number in the top or bottom margin. */
static bool line_is_footer(const struct page *pg, const struct line *ln)
{
	char t[128];
	size_t n = line_text(pg, ln, t, sizeof(t));
	if (!n || n > 60)
		return false;
	static const char *const dashes[] = {"—", "–", "－", "-", "―", "─"};
	size_t a = 0, b = n;
	bool dashed = false;
	for (bool more = true; more;) {
		more = false;
		for (size_t k = 0; k < ARRAY_SIZE(dashes); k++) {
			size_t dl = strlen(dashes[k]);
			if (b - a > dl && !memcmp(t + a, dashes[k], dl)) {
				a += dl;
				more = dashed = true;
			}
			if (b - a > dl && !memcmp(t + b - dl, dashes[k], dl)) {
				b -= dl;
				more = dashed = true;
			}
		}
	}
	size_t p = a;
	bool di = false, page_word = false;
	if (b - p >= 3 && !memcmp(t + p, "第", 3)) {
		p += 3;
		page_word = true;
	}
	while (p < b && t[p] >= '0' && t[p] <= '9') {
		p++;
		di = true;
	}
	if (!di)
		return false;
	if (page_word) {
		if (b - p < 3 || memcmp(t + p, "页", 3))
			return false;
		p += 3;
		if (p == b)
			return true;
		if (b - p < 3 || memcmp(t + p, "共", 3))
			return false;
		p += 3;
		while (p < b && t[p] >= '0' && t[p] <= '9')
			p++;
		return b - p == 3 && !memcmp(t + p, "页", 3);
	}
	if (p < b && t[p] == '/') {
		p++;
		while (p < b && t[p] >= '0' && t[p] <= '9')
			p++;
		return p == b;
	}
	if (p != b)
		return false;
	return dashed || ln->y1 > pg->height * 0.9 || ln->y2 < pg->height * 0.06;
}

/* A section heading of the report ("四、政府信息公开行政复议、行政诉讼情况") on a line of its
 * own ends a table even when the rows around it are as far apart as paragraphs. */
static bool line_is_heading(const struct page *pg, const struct line *ln)
{
	static const char *const nums[] = {"一", "二", "三", "四", "五",
					   "六", "七", "八", "九", "十"};
	char t[256];
	if (ln->s1 - ln->s0 != 1)
		return false;
	size_t n = line_text(pg, ln, t, sizeof(t)), p = 0;
	for (bool more = true; more;) {
		more = false;
		for (size_t k = 0; k < ARRAY_SIZE(nums); k++)
			if (n - p >= 3 && !memcmp(t + p, nums[k], 3)) {
				p += 3;
				more = true;
			}
	}
	/* "…情况", "…事项": row labels of the tables ("一、本年新收…数量") are not headings */
	return p && n - p >= 3 && !memcmp(t + p, "、", 3) && n >= 18 &&
	       (!memcmp(t + n - 6, "情况", 6) || !memcmp(t + n - 6, "事项", 6));
}

static int col_find(const struct page *pg, size_t c0, double x1, double x2)
{
	int best = -1;
	double bo = 0;
	for (size_t c = c0; c < pg->nc; c++) {
		double o = ZF_MIN(x2, pg->c[c].x2) - ZF_MAX(x1, pg->c[c].x1);
		if (o > bo) {
			bo = o;
			best = (int)c;
		}
	}
	return best;
}

struct out {
	struct container_out *o;
	uint32_t page;
	char header[4096]; /* the header lines of the last table, to drop when repeated */
	size_t header_len;
	struct col cols[64]; /* the last table's columns, for its rest on the next page */
	size_t ncols;
	size_t label_end; /* where the last table row's first cell ends in the text, or 0 */
};

/* Columns of the table made of lines [l0, l1): the segments of its fullest line, plus every
 * segment that lies in none of them. Returns the first column's index in pg->c. */
static int table_columns(struct page *pg, size_t l0, size_t l1, size_t *c0, const struct out *w)
{
	*c0 = pg->nc;
	/* a table going on from the last page without its header keeps that page's columns */
	for (size_t c = 0; w && c < w->ncols; c++) {
		if (!GROW(pg->c, pg->nc, pg->ac))
			return ZF_ENOMEM;
		pg->c[pg->nc] = w->cols[c];
		pg->c[pg->nc].nseg = pg->c[pg->nc].nnum = w->cols[c].nnum ? 2 : 0;
		pg->nc++;
	}
	size_t ref = l0;
	for (size_t l = l0; l < l1; l++)
		if (pg->l[l].s1 - pg->l[l].s0 > pg->l[ref].s1 - pg->l[ref].s0)
			ref = l;
	size_t most = pg->l[ref].s1 - pg->l[ref].s0;
	for (size_t want = most + 1; want-- > 0;)
		for (size_t l = l0; l < l1; l++) {
			if (pg->l[l].s1 - pg->l[l].s0 != want || pg->l[l].footer)
				continue;
			for (size_t s = pg->l[l].s0; s < pg->l[l].s1; s++) {
				struct seg *sg = &pg->s[s];
				if (col_find(pg, *c0, sg->x1 - 0.5, sg->x2 + 0.5) >= 0)
					continue;
				if (!GROW(pg->c, pg->nc, pg->ac))
					return ZF_ENOMEM;
				size_t at = *c0;
				while (at < pg->nc && pg->c[at].x1 < sg->x1)
					at++;
				memmove(pg->c + at + 1, pg->c + at, (pg->nc - at) * sizeof(*pg->c));
				pg->c[at] = (struct col){sg->x1, sg->x2, 0, 0};
				pg->nc++;
			}
		}
	for (size_t l = l0; l < l1; l++)
		for (size_t s = pg->l[l].s0; s < pg->l[l].s1 && !pg->l[l].footer; s++) {
			struct seg *sg = &pg->s[s];
			sg->col = col_find(pg, *c0, sg->x1 - 0.5, sg->x2 + 0.5);
			if (sg->col < 0)
				sg->col = (int)*c0;
			pg->c[sg->col].nseg++;
			pg->c[sg->col].nnum += sg->num;
		}
	return 0;
}

static bool col_numeric(const struct page *pg, int c)
{
	/* a value column holds numbers under its header and spanning headings */
	return pg->c[c].nnum >= 2 || pg->c[c].nnum * 2 > pg->c[c].nseg;
}

/* Numbers in the line before its table's columns are known. */
static size_t line_nums_raw(const struct page *pg, const struct line *ln)
{
	size_t n = 0;
	for (size_t s = ln->s0; s < ln->s1; s++)
		n += pg->s[s].num;
	return n;
}

static size_t line_nums(const struct page *pg, const struct line *ln)
{
	size_t n = 0;
	for (size_t s = ln->s0; s < ln->s1; s++)
		n += pg->s[s].num && col_numeric(pg, pg->s[s].col);
	return n;
}

/* True when line ln of a table holds only label pieces (left of the value columns). */
static bool line_label_only(const struct page *pg, const struct line *ln, double xnum)
{
	if (ln->footer)
		return false;
	for (size_t s = ln->s0; s < ln->s1; s++)
		if (col_numeric(pg, pg->s[s].col) || pg->s[s].x2 > xnum)
			return false;
	return true;
}

/* True when the line reaches into the row labels (which start at xlab). */
static bool line_row_label(const struct page *pg, const struct line *ln, double xlab)
{
	return ln->s1 > ln->s0 && pg->s[ln->s1 - 1].x2 > xlab + ln->h / 2;
}

/* Joins each label-only line of a table to the row whose numbers it belongs to. A label
 * wrapped in its cell lies around the row's numbers: below them when the cells are
 * top-aligned, evenly above and below when they are centred. The nearest row is right in
 * most tables; in centred tables (seen from a row whose numbers sit between two label
 * lines, with no label of its own) the lines between two rows are split so that each row
 * has as many lines below its numbers as above. */
static void table_merge(struct page *pg, size_t l0, size_t l1, size_t c0)
{
	double xnum = 1e9; /* where the first numeric column starts */
	for (size_t c = c0; c < pg->nc; c++)
		if (col_numeric(pg, (int)c))
			xnum = ZF_MIN(xnum, pg->c[c].x1);
	xnum += 1;
	/* where the row labels start: the median left edge of the numbers rows' last label
	 * piece; a category spanning rows lies left of it and keeps the nearest row */
	double xs[256];
	size_t nx = 0;
	for (size_t l = l0; l < l1 && nx < ARRAY_SIZE(xs); l++) {
		const struct line *ln = &pg->l[l];
		if (ln->footer || line_nums(pg, ln) < 1)
			continue;
		double x = -1;
		for (size_t s = ln->s0; s < ln->s1; s++)
			if (pg->s[s].x2 <= xnum)
				x = pg->s[s].x1;
		if (x >= 0)
			xs[nx++] = x;
	}
	qsort(xs, nx, sizeof(*xs), cmp_double);
	double xlab = nx ? xs[nx / 2] : xnum;
	/* how the cells align: a row whose numbers sit between two label lines, or a row
	 * with label lines above and below at the same distance, is centred; a row with its
	 * label's first line beside the numbers and the rest below is top-aligned */
	size_t centred_rows = 0, top_rows = 0;
	for (size_t l = l0; l < l1; l++) {
		const struct line *ln = &pg->l[l];
		if (ln->footer || line_nums(pg, ln) < 1)
			continue;
		bool own = false;
		for (size_t s = ln->s0; s < ln->s1; s++)
			own |= pg->s[s].x2 <= xnum;
		bool up = l > l0 && line_label_only(pg, &pg->l[l - 1], xnum) &&
			  line_row_label(pg, &pg->l[l - 1], xlab);
		bool down = l + 1 < l1 && line_label_only(pg, &pg->l[l + 1], xnum) &&
			    line_row_label(pg, &pg->l[l + 1], xlab);
		double d1 = up ? ln->yc - pg->l[l - 1].yc : 0;
		double d2 = down ? pg->l[l + 1].yc - ln->yc : 0;
		if (!own && up && down)
			centred_rows++;
		else if (own && up && down && fabs(d1 - d2) < 0.15 * ZF_MAX(d1, d2))
			centred_rows++;
		else if (own && down && (!up || d1 > 1.25 * d2))
			top_rows++;
	}
	bool centred = centred_rows && centred_rows >= top_rows, top = !centred && top_rows;
	for (size_t l = l0; l < l1; l++) {
		struct line *ln = &pg->l[l];
		if (!line_label_only(pg, ln, xnum))
			continue;
		int best = -1;
		double bd = 3.2 * ln->h;
		for (size_t m = l0; m < l1; m++) {
			const struct line *o = &pg->l[m];
			if (m == l || o->footer || line_nums(pg, o) < 1)
				continue;
			double d = fabs(o->yc - ln->yc);
			if (d < bd || (d == bd && (int)m < best)) {
				bd = d;
				best = (int)m;
			}
		}
		ln->merge_into = best;
	}
	if (!centred && !top)
		return;
	/* runs of row-label lines between two rows A and B: A takes as many as it has above */
	int a = -1;
	size_t up_a = 0;
	for (size_t l = l0; l < l1; l++) {
		const struct line *ln = &pg->l[l];
		if (ln->footer)
			continue;
		if (line_nums(pg, ln) >= 1) {
			up_a = 0;
			for (size_t m = l0; m < l; m++)
				up_a += pg->l[m].merge_into == (int)l &&
					line_row_label(pg, &pg->l[m], xlab);
			a = (int)l;
			continue;
		}
		if (a < 0 || !line_label_only(pg, ln, xnum))
			continue;
		size_t e = l, k = 0;
		while (e < l1 && line_label_only(pg, &pg->l[e], xnum))
			e++;
		if (e == l1 || line_nums(pg, &pg->l[e]) < 1)
			continue;
		for (size_t m = l; m < e; m++)
			if (line_row_label(pg, &pg->l[m], xlab))
				pg->l[m].merge_into = top || k++ < up_a ? a : (int)e;
		l = e - 1;
	}
}

static void put(struct out *w, const char *s, size_t n)
{
	buf_add(&w->o->text, s, n);
}

/* Appends a segment's text with its anchor; spaces only between Latin letters and digits. */
static void put_seg(struct out *w, const struct page *pg, const struct seg *s)
{
	container_anchor(w->o, REPORT_SRC_PDF, w->page, (uint32_t)ZF_MAX(s->x1 * 10, 0.0),
			 (uint32_t)ZF_MAX(s->y1 * 10, 0.0));
	const struct glyph *prev = NULL;
	for (size_t i = s->g0; i < s->g1; i++) {
		const struct glyph *g = &pg->g[i];
		if (!g->len)
			continue;
		if (prev && g->ascii && prev->ascii && g->x1 - prev->x2 > 0.2 * g->size)
			put(w, " ", 1);
		put(w, pg->text + g->off, g->len);
		prev = g;
	}
}

/* Writes one table row. Its cells are its own segments; a segment of a label line merged
 * into the row joins the cell it overlaps (a wrapped label's next piece, top to bottom) or
 * stands as a cell of its own. When the row holds two or more numbers, a value column
 * without a glyph becomes an empty cell. */
struct rcell {
	double x1, x2;
	int col;
	size_t piece[8];
	double yc[8];
	size_t np;
};

static void put_row(struct out *w, const struct page *pg, size_t l, size_t l0, size_t l1, size_t c0,
		    double xval)
{
	const struct line *ln = &pg->l[l];
	struct rcell rc[64];
	size_t nc = 0;
	for (size_t s = ln->s0; s < ln->s1 && nc < ARRAY_SIZE(rc); s++)
		rc[nc++] = (struct rcell){pg->s[s].x1, pg->s[s].x2, pg->s[s].col, {s}, {ln->yc}, 1};
	for (size_t m = l0; m < l1; m++) {
		if (pg->l[m].merge_into != (int)l)
			continue;
		for (size_t s = pg->l[m].s0; s < pg->l[m].s1; s++) {
			const struct seg *sg = &pg->s[s];
			int best = -1;
			double bo = 0;
			for (size_t k = 0; k < nc; k++) {
				double o = ZF_MIN(sg->x2, rc[k].x2) - ZF_MAX(sg->x1, rc[k].x1);
				if (o > bo) {
					bo = o;
					best = (int)k;
				}
			}
			if (best < 0 && nc < ARRAY_SIZE(rc)) {
				rc[nc++] =
				    (struct rcell){sg->x1, sg->x2, sg->col, {s}, {pg->l[m].yc}, 1};
			} else if (best >= 0 && rc[best].np < ARRAY_SIZE(rc[best].piece)) {
				struct rcell *c = &rc[best];
				size_t at = c->np;
				while (at > 0 && c->yc[at - 1] > pg->l[m].yc) {
					c->piece[at] = c->piece[at - 1];
					c->yc[at] = c->yc[at - 1];
					at--;
				}
				c->piece[at] = s;
				c->yc[at] = pg->l[m].yc;
				c->np++;
				c->x1 = ZF_MIN(c->x1, sg->x1);
				c->x2 = ZF_MAX(c->x2, sg->x2);
			}
		}
	}
	/* cells left to right */
	for (size_t i = 1; i < nc; i++)
		for (size_t k = i; k > 0 && rc[k - 1].x1 > rc[k].x1; k--) {
			struct rcell t = rc[k];
			rc[k] = rc[k - 1];
			rc[k - 1] = t;
		}
	/* a lone number in a later value column spans columns (colspan): no blanks then */
	size_t nums = line_nums(pg, ln);
	bool fill = nums >= 2;
	if (nums == 1) {
		int first = -1, at = -1;
		for (size_t c = c0; c < pg->nc && first < 0; c++)
			if (pg->c[c].x1 >= xval)
				first = (int)c;
		for (size_t s = ln->s0; s < ln->s1; s++)
			if (pg->s[s].num && col_numeric(pg, pg->s[s].col))
				at = pg->s[s].col;
		fill = at == first;
	}
	size_t k = 0;
	for (size_t c = c0; c <= pg->nc; c++) {
		/* the cells before or in column c */
		bool had = false;
		while (k < nc && (c == pg->nc || rc[k].col <= (int)c)) {
			for (size_t p = 0; p < rc[k].np; p++)
				put_seg(w, pg, &pg->s[rc[k].piece[p]]);
			/* the row label's end, for its last lines on the next page */
			if (!col_numeric(pg, rc[k].col))
				w->label_end = w->o->text.len;
			put(w, " | ", 3);
			had |= rc[k].col == (int)c;
			k++;
		}
		if (c < pg->nc && !had && fill && pg->c[c].x1 >= xval)
			put(w, "| ", 2);
	}
	while (w->o->text.len && w->o->text.p[w->o->text.len - 1] == ' ')
		w->o->text.len--;
	put(w, "\n", 1);
}

/* Inserts a segment's text at the end of the last row's label (w->label_end), moving the
 * anchors after it. */
static void label_insert(struct out *w, const struct page *pg, const struct seg *s)
{
	struct buf *t = &w->o->text;
	size_t at = w->label_end, n = 0, old = t->len;
	for (size_t i = s->g0; i < s->g1; i++)
		n += pg->g[i].len;
	if (!n || at > old)
		return;
	for (size_t i = s->g0; i < s->g1; i++)
		put(w, pg->text + pg->g[i].off, pg->g[i].len);
	if (t->len != old + n)
		return;
	/* rotate the new bytes into place */
	char *tmp = malloc(n);
	if (!tmp) {
		w->o->failed = true;
		return;
	}
	memcpy(tmp, t->p + old, n);
	memmove(t->p + at + n, t->p + at, old - at);
	memcpy(t->p + at, tmp, n);
	free(tmp);
	for (size_t i = 0; i < w->o->nanchors; i++)
		if (w->o->anchors[i].off > at)
			w->o->anchors[i].off += (uint32_t)n;
	w->label_end += n;
}

static void put_plain(struct out *w, const struct page *pg, const struct line *ln)
{
	w->label_end = 0;
	for (size_t s = ln->s0; s < ln->s1; s++) {
		if (s > ln->s0)
			put(w, " ", 1);
		put_seg(w, pg, &pg->s[s]);
	}
	put(w, "\n", 1);
}

/* Writes the page: table blocks (runs of lines with two or more cells, with the one-cell
 * lines between them) as pipe rows, other lines as they are. */
static int page_write(struct out *w, struct page *pg)
{
	for (size_t l = 0; l < pg->nl; l++)
		pg->l[l].footer = line_is_footer(pg, &pg->l[l]);
	size_t l = 0, tables = 0;
	/* a row broken across the page break: its label's last lines open this page, left of
	 * the last table's value columns, and join that row's label */
	double xval = 1e9;
	for (size_t c = 0; c < w->ncols; c++)
		if (w->cols[c].nnum)
			xval = ZF_MIN(xval, w->cols[c].x1);
	while (w->label_end && l < pg->nl &&
	       (pg->l[l].footer || (pg->l[l].s1 - pg->l[l].s0 == 1 &&
				    pg->s[pg->l[l].s0].x2 < xval && !pg->s[pg->l[l].s0].num))) {
		if (!pg->l[l].footer)
			label_insert(w, pg, &pg->s[pg->l[l].s0]);
		l++;
	}
	while (l < pg->nl) {
		struct line *ln = &pg->l[l];
		if (ln->footer) {
			l++;
			continue;
		}
		if (ln->s1 - ln->s0 < 2) {
			put_plain(w, pg, ln);
			l++;
			continue;
		}
		tables++;
		/* the table block: multi-cell lines, and runs of up to eight one-cell lines
		 * followed by another multi-cell line, with no wide vertical gap */
		size_t end = l + 1, multi = 1;
		for (size_t m = l + 1; m < pg->nl; m++) {
			const struct line *p = &pg->l[m - 1], *q = &pg->l[m];
			if (q->footer)
				continue;
			if (q->y1 - p->y2 > 4 * ZF_MAX(p->h, q->h) || line_is_heading(pg, q))
				break;
			if (q->s1 - q->s0 >= 2) {
				end = m + 1;
				multi++;
			} else if (m - end >= 8) {
				break;
			}
		}
		/* a wrapped label's last piece just under the last row */
		while (end < pg->nl && pg->l[end].s1 - pg->l[end].s0 == 1 &&
		       pg->l[end].y1 - pg->l[end - 1].y2 < 0.8 * pg->l[end].h)
			end++;
		if (multi < 2) {
			tables--;
			put_plain(w, pg, ln);
			l++;
			continue;
		}
		size_t c0;
		/* the first table of a page that starts with a row of numbers goes on from the
		 * last page */
		size_t first = l;
		while (first < end && pg->l[first].footer)
			first++;
		bool goes_on =
		    tables == 1 && w->ncols && first < end && line_nums_raw(pg, &pg->l[first]);
		int rc = table_columns(pg, l, end, &c0, goes_on ? w : NULL);
		if (rc)
			return rc;
		table_merge(pg, l, end, c0);
		xval = 1e9; /* where the value columns start */
		for (size_t c = c0; c < pg->nc; c++)
			if (col_numeric(pg, (int)c))
				xval = ZF_MIN(xval, pg->c[c].x1);
		/* the header: the lines above the first row with numbers; a table that goes on
		 * over a page break repeats it, and is read as one table without it */
		char head[sizeof(w->header)];
		size_t hn = 0, body = l;
		while (body < end && (pg->l[body].footer || line_nums(pg, &pg->l[body]) < 1)) {
			if (!pg->l[body].footer && hn + 4 < sizeof(head))
				hn += line_text(pg, &pg->l[body], head + hn, sizeof(head) - hn);
			body++;
		}
		bool repeated =
		    body < end && hn && hn == w->header_len && !memcmp(head, w->header, hn);
		if (body < end && hn && !repeated) {
			memcpy(w->header, head, hn);
			w->header_len = hn;
		}
		for (size_t m = repeated ? body : l; m < end; m++)
			if (!pg->l[m].footer && pg->l[m].merge_into < 0)
				put_row(w, pg, m, l, end, c0, xval - 1);
		w->ncols = ZF_MIN(pg->nc - c0, ARRAY_SIZE(w->cols));
		for (size_t c = 0; c < w->ncols; c++) {
			w->cols[c] = pg->c[c0 + c];
			w->cols[c].nnum = col_numeric(pg, (int)(c0 + c));
		}
		l = end;
	}
	return 0;
}

static void page_free(struct page *pg)
{
	free(pg->g);
	free(pg->s);
	free(pg->l);
	free(pg->c);
}

static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	ZF_UNUSED(domain);
	ZF_UNUSED(level);
	ZF_UNUSED(msg);
	ZF_UNUSED(data);
}

static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static void log_init(void)
{
	g_log_set_handler("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
			  quiet_log, NULL);
}

/* Poppler keeps global state (its parameters, font caches); one document at a time keeps it
 * safe under the bulk reader's threads. */
static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

static bool has_eof_mark(const char *bytes, size_t n)
{
	size_t tail = ZF_MIN(n, (size_t)2048);
	return memmem(bytes + n - tail, tail, "%%EOF", 5) != NULL;
}

static int read_doc(PopplerDocument *doc, struct container_out *o, struct buf *err)
{
	int np = poppler_document_get_n_pages(doc);
	if (np <= 0) {
		buf_adds(err, "PDF 文件已损坏或不完整：其中没有可以读取的页面");
		return ZF_EPARSE;
	}
	if (np > PDF_MAX_PAGES) {
		buf_printf(err, "PDF 页数过多（%d 页，上限 %d 页）", np, PDF_MAX_PAGES);
		return ZF_ETOOBIG;
	}
	struct out *w = calloc(1, sizeof(*w));
	if (!w)
		return ZF_ENOMEM;
	w->o = o;
	size_t glyphs = 0;
	bool images = false;
	double scale = 1; /* em per poppler font size unit, carried over pages without CJK */
	int rc = 0;
	for (int i = 0; i < np && !rc; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (!page)
			continue;
		struct page pg = {0};
		double width;
		poppler_page_get_size(page, &width, &pg.height);
		char *text = poppler_page_get_text(page);
		PopplerRectangle *rects = NULL;
		guint nr = 0;
		if (text && *text && strlen(text) > PDF_MAX_PAGE_CHARS * 4) {
			buf_printf(err, "PDF 第 %d 页的文字过多，无法读取", i + 1);
			rc = ZF_ETOOBIG;
		} else if (text && *text && poppler_page_get_text_layout(page, &rects, &nr)) {
			pg.text = text;
			w->page = (uint32_t)i + 1;
			GList *attrs = poppler_page_get_text_attributes(page);
			if (!(rc = page_glyphs(&pg, text, rects, nr, attrs, &scale)) &&
			    !(rc = page_lines(&pg)))
				rc = page_write(w, &pg);
			poppler_page_free_text_attributes(attrs);
			glyphs += pg.ng;
		}
		if (!pg.ng && !images) {
			GList *im = poppler_page_get_image_mapping(page);
			images = im != NULL;
			poppler_page_free_image_mapping(im);
		}
		page_free(&pg);
		g_free(rects);
		g_free(text);
		g_object_unref(page);
		o->pages++;
		if (!rc && o->text.len > PDF_MAX_TEXT) {
			buf_printf(err, "PDF 中的文字过多（超过 %u MB）", PDF_MAX_TEXT >> 20);
			rc = ZF_ETOOBIG;
		}
		if (!rc && o->text.failed)
			rc = ZF_ENOMEM;
	}
	free(w);
	if (rc)
		return rc;
	if (!glyphs) {
		buf_adds(err,
			 images ? "是扫描件（只有图片，没有文字），需要先做文字识别（OCR）才能读取"
				: "PDF 中没有可以读取的文字（文字可能已转为图形），需要先做"
				  "文字识别（OCR）才能读取");
		return ZF_EPARSE;
	}
	return 0;
}

int pdf_to_text(const char *bytes, size_t n, struct container_out *o, struct buf *err)
{
	if (n > INT_MAX) {
		buf_adds(err, "PDF 文件过大");
		return ZF_ETOOBIG;
	}
	if (!has_eof_mark(bytes, n)) {
		buf_adds(err,
			 "PDF 文件已损坏或不完整（缺少文件结尾，可能没有下载完），无法可靠读取");
		return ZF_EPARSE;
	}
	pthread_once(&log_once, log_init);
	pthread_mutex_lock(&pdf_lock);
	GError *ge = NULL;
	GBytes *gb = g_bytes_new_static(bytes, n);
	PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &ge);
	int rc;
	if (!doc) {
		if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED)
			buf_adds(err, "PDF 已加密，需要密码才能打开；请提供未加密的文件");
		else
			buf_adds(err, "PDF 文件已损坏或不完整，无法打开");
		rc = ZF_EPARSE;
	} else {
		rc = read_doc(doc, o, err);
		g_object_unref(doc);
	}
	if (ge)
		g_error_free(ge);
	g_bytes_unref(gb);
	pthread_mutex_unlock(&pdf_lock);
	if (rc)
		buf_reset(&o->text);
	return rc;
}
