/* reflow.c: table lines back for flattened crawler text (see reflow.h). */
#include "common.h"
#include "ingest/reflow.h"
#include "law/report_format.h"

#define GLUED_MIN_LINE 400   /* bytes: a shorter line is not a flattened body */
#define REGION_T2_MAX  6000  /* bytes from 第二十条 to table 3's heading, at most */
#define BREAKS_MAX     20000 /* breaks inserted in one text, at most */

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *find(const char *s, const char *e, const char *w)
{
	size_t l = strlen(w);
	if (s >= e)
		return NULL;
	return memmem(s, (size_t)(e - s), w, l);
}

static bool at(const char *s, const char *e, const char *w)
{
	size_t l = strlen(w);
	return (size_t)(e - s) >= l && !memcmp(s, w, l);
}

static size_t cplen(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* A Chinese numeral 一 … 十 at s: its length (3) or 0. */
static size_t cn_num(const char *s, const char *e)
{
	static const char *const d[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	for (size_t k = 0; k < ARRAY_SIZE(d); k++)
		if (at(s, e, d[k]))
			return 3;
	return 0;
}

/* "(三)" or "（三）" at s: its length, else 0. */
static size_t paren_num(const char *s, const char *e)
{
	size_t i = 0;
	if (at(s, e, "("))
		i = 1;
	else if (at(s, e, "（"))
		i = 3;
	else
		return 0;
	size_t k = 0, l;
	while (k < 2 && (l = cn_num(s + i, e)))
		i += l, k++;
	if (!k)
		return 0;
	if (at(s + i, e, ")"))
		return i + 1;
	if (at(s + i, e, "）"))
		return i + 3;
	return 0;
}

/* ---- numbered row labels: their first words and item numbers ---- */

struct numbered {
	char head[16]; /* the first (up to four) Chinese characters of the body */
	int num;
};

static size_t numbered_list(struct numbered *out, size_t cap)
{
	size_t n = 0;
	const enum report_format_id ids[] = {REPORT_FORMAT_2021, REPORT_FORMAT_2019};
	for (size_t f = 0; f < ARRAY_SIZE(ids); f++) {
		const struct report_format *fm = report_format_get(ids[f]);
		for (size_t r = 0; fm && r < fm->nt3_rows && n < cap; r++) {
			const char *l = fm->t3_rows[r].label;
			if (!digit(l[0]) || l[1] != '.')
				continue;
			const char *b = l + 2, *e = b + strlen(b);
			size_t hl = 0;
			for (int k = 0; k < 4 && b + hl < e && (unsigned char)b[hl] >= 0xE4 &&
					(unsigned char)b[hl] <= 0xE9;
			     k++)
				hl += 3;
			if (hl < 6)
				continue;
			bool dup = false;
			for (size_t q = 0; q < n; q++)
				dup = dup || (!strncmp(out[q].head, b, hl) && !out[q].head[hl]);
			if (dup)
				continue;
			memcpy(out[n].head, b, hl);
			out[n].head[hl] = 0;
			out[n].num = l[0] - '0';
			n++;
		}
	}
	return n;
}

/* The item number the numbered label at s expects (1–9), or 0. */
static int numbered_at(const struct numbered *nb, size_t nn, const char *s, const char *e)
{
	for (size_t k = 0; k < nn; k++)
		if (at(s, e, nb[k].head))
			return nb[k].num;
	return 0;
}

/* ---- breaks ---- */

struct breaks {
	size_t *v;
	size_t n, alloc;
	bool failed;
};

static void brk(struct breaks *b, size_t p)
{
	if (b->n && b->v[b->n - 1] >= p)
		return; /* kept in order, each once */
	if (b->n == BREAKS_MAX)
		return;
	if (b->n == b->alloc) {
		size_t na = b->alloc ? b->alloc * 2 : 256;
		size_t *v = realloc(b->v, na * sizeof(*v));
		if (!v) {
			b->failed = true;
			return;
		}
		b->v = v;
		b->alloc = na;
	}
	b->v[b->n++] = p;
}

static const char *const t2_items[] = {"规章",	   "行政规范性文件",	   "规范性文件",
				       "行政许可", "其他对外管理服务事项", "行政处罚",
				       "行政强制", "行政事业性收费",	   "政府集中采购"};
static const char *const t4_words[] = {"结果维持", "未经复议", "复议后起诉"};

/* Is the line [ls, le) a flattened body holding the tables? Sets the table region. */
static bool glued_region(const char *ls, const char *le, const char **rs, const char **re,
			 const char **t3, const char **t4)
{
	if (le - ls < GLUED_MIN_LINE)
		return false;
	static const char *const keys[] = {"新收",     "上年结转", "予以公开", "不予公开",
					   "结转下年", "无法提供", "不予处理", "总计"};
	int hits = 0;
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
		hits += find(ls, le, keys[k]) != NULL;
	if (hits < 4)
		return false;
	/* prose may name the rows too ("本年新收申请12件，予以公开…总计…"): a table has its
	 * column headings, or rows of glued digits */
	if (!(find(ls, le, "商业企业") && find(ls, le, "科研机构"))) {
		size_t runs = 0, d = 0;
		for (const char *p = ls; p < le && runs < 3; p++) {
			d = digit(*p) ? d + 1 : 0;
			runs += d == 7;
		}
		if (runs < 3)
			return false;
	}
	/* the table's 本年新收 row is the one followed by digits; prose before the tables may
	 * name the sections ("本报告共分6个部分：…收到和处理政府信息公开申请情况…"), so
	 * table 3's heading is its last mention before that row */
	const char *nw = NULL;
	for (const char *q = ls; (q = find(q, le, "本年新收")); q += 12) {
		const char *d = q;
		for (int k = 0; d < le && k < 40 && !digit(*d); k++)
			d += cplen((unsigned char)*d);
		if (d < le && digit(*d)) {
			nw = q;
			break;
		}
	}
	const char *s3 = NULL;
	for (const char *q = nw && nw > ls + REGION_T2_MAX ? nw - REGION_T2_MAX : ls;
	     (q = find(q, nw ? nw : le, "收到和处理政府信息公开申请")); q += 3)
		s3 = q;
	if (!s3 || (nw && nw < s3))
		s3 = nw;
	if (!s3)
		return false;
	const char *s2 = find(s3 > ls + REGION_T2_MAX ? s3 - REGION_T2_MAX : ls, s3, "第二十条");
	*rs = s2 ? s2 : s3;
	*t3 = s3;
	*t4 = NULL;
	const char *e = find(s3, le, "五、");
	const char *h4 = find(s3, le, "行政复议");
	if (h4) {
		*t4 = h4;
		const char *d = h4;
		while (d < le && !digit(*d))
			d++;
		while (d < le && digit(*d))
			d++;
		if (d < le && (!e || d < e || e < h4))
			e = d;
	}
	*re = e && e > s3 ? e : le;
	return true;
}

/* Breaks the glued table region [rs, re) of one line. */
static void glued_breaks(const char *in, const char *rs, const char *re, const char *t3,
			 const char *t4, const struct numbered *nb, size_t nn, struct breaks *b)
{
	for (const char *p = rs; p < re;) {
		size_t off = (size_t)(p - in);
		if (digit(*p)) {
			const char *a = p;
			while (p < re && digit(*p))
				p++;
			bool dec = p + 1 < re && *p == '.' && digit(p[1]);
			if (dec) {
				p++;
				while (p < re && digit(*p))
					p++;
			}
			size_t run = (size_t)(p - a), peel = 0;
			if (!dec && p < re) {
				/* the item number of the next label: punctuated ("2.其他…"), or
				 * the number the next row's own words expect ("2其他法律…") */
				const char *q = p + (*p == '.' ? 1 : at(p, re, "、") ? 3 : 0);
				bool punct = q > p && q < re && !digit(*q);
				int want = numbered_at(nb, nn, q, re);
				if (want && p[-1] - '0' == want)
					peel = 1;
				else if (punct && (unsigned char)*q >= 0x80)
					peel = run <= 2 && (a == rs || !digit(a[-1])) ? run : 1;
			}
			brk(b, off);
			if (peel && peel < run)
				brk(b, (size_t)(p - peel - in));
			else if (!peel)
				brk(b, (size_t)(p - in));
			continue;
		}
		size_t l;
		bool after_di = p - in >= 3 && at(p - 3, re, "第");
		if ((l = paren_num(p, re)) && !after_di) {
			brk(b, off);
			p += l;
			continue;
		}
		if ((l = cn_num(p, re)) && at(p + l, re, "、") &&
		    !(p - in >= 3 && cn_num(p - 3, re)) && !after_di) {
			brk(b, off);
			p += l + 3;
			continue;
		}
		if (at(p, re, "第二十条") || at(p, re, "申请人情况") ||
		    (p < t3 && at(p, re, "信息内容"))) {
			brk(b, off);
			p += 12;
			continue;
		}
		bool hit = false;
		for (size_t k = 0; p < t3 && k < ARRAY_SIZE(t2_items) && !hit; k++)
			if (at(p, re, t2_items[k])) {
				brk(b, off);
				p += strlen(t2_items[k]);
				hit = true;
			}
		for (size_t k = 0; t4 && p > t4 && k < ARRAY_SIZE(t4_words) && !hit; k++)
			if (at(p, re, t4_words[k])) {
				brk(b, off);
				p += strlen(t4_words[k]);
				hit = true;
			}
		if (!hit && t4 && p > t4 && at(p, re, "行政复议") && p - in >= 6 &&
		    at(p - 6, re, "情况")) {
			brk(b, off);
			p += 12;
			hit = true;
		}
		if (!hit)
			p += cplen((unsigned char)*p);
	}
}

/* ---- blank-line-run dumps ---- */

struct rcell {
	size_t off, len; /* the cell's text */
	size_t run;	 /* line breaks after it */
};

/* Trims blanks; true when the line [*s, *e) holds something. */
static bool trimmed(const char *in, size_t *s, size_t *e)
{
	while (*s < *e && (in[*s] == ' ' || in[*s] == '\t'))
		(*s)++;
	while (*e > *s && (in[*e - 1] == ' ' || in[*e - 1] == '\t'))
		(*e)--;
	return *e > *s;
}

static bool is_value(const char *s, size_t n)
{
	size_t i = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		i = 1;
	if (i == n)
		return n == 1 && s[0] == '-';
	for (; i < n; i++)
		if (!digit(s[i]) && s[i] != '.' && s[i] != ',')
			return false;
	return true;
}

static int put(struct buf *out, struct offmap *map, const char *s, size_t src)
{
	if (map)
		offmap_repl(map, out->len, src);
	return buf_adds(out, s);
}

/* A CR dump: the table region's cells are lines separated by runs of u line breaks (more
 * for blank cells and row ends). Rewrites the region as pipe rows. 1 when done, 0 when the
 * text is not such a dump, or ZF_ENOMEM. */
static int run_dump(const char *in, size_t n, struct buf *out, struct offmap *map,
		    struct reflow_stats *st)
{
	const char *e = in + n;
	const char *t3 = find(in, e, "收到和处理政府信息公开申请");
	if (!t3 && !(t3 = find(in, e, "本年新收")))
		return 0;
	const char *t2 = find(t3 > in + REGION_T2_MAX ? t3 - REGION_T2_MAX : in, t3, "第二十条");
	const char *rs = t2 ? t2 : t3;
	while (rs > in && rs[-1] != '\n')
		rs--;
	const char *t4 = find(t3, e, "行政复议");
	const char *re = e;
	if (t4) {
		/* the region ends at the first line after table 4's numbers that is neither a
		 * number nor a short label */
		bool nums = false;
		for (const char *p = t4; p < e;) {
			const char *le = memchr(p, '\n', (size_t)(e - p));
			size_t s = (size_t)(p - in), l = le ? (size_t)(le - in) : n;
			if (trimmed(in, &s, &l)) {
				bool v = is_value(in + s, l - s);
				if (v)
					nums = true;
				else if (nums || l - s > 120 || at(in + s, e, "五、")) {
					re = p;
					break;
				}
			}
			if (!le)
				break;
			p = le + 1;
		}
	}
	/* the cells and the runs of line breaks after them */
	struct rcell *c = NULL;
	size_t nc = 0, alloc = 0;
	size_t hist[16] = {0};
	for (const char *p = rs; p < re;) {
		const char *le = memchr(p, '\n', (size_t)(re - p));
		size_t s = (size_t)(p - in), l = le ? (size_t)(le - in) : (size_t)(re - in);
		if (trimmed(in, &s, &l)) {
			if (nc == alloc) {
				size_t na = alloc ? alloc * 2 : 128;
				struct rcell *v = realloc(c, na * sizeof(*v));
				if (!v) {
					free(c);
					return ZF_ENOMEM;
				}
				c = v;
				alloc = na;
			}
			c[nc].off = s;
			c[nc].len = l - s;
			c[nc].run = 0;
			nc++;
		} else if (nc && le) {
			/* a blank line: counted below */
		}
		if (nc && le)
			c[nc - 1].run++;
		if (!le)
			break;
		p = le + 1;
	}
	for (size_t k = 0; k + 1 < nc; k++)
		if (c[k].run < ARRAY_SIZE(hist))
			hist[c[k].run]++;
	size_t u = 1;
	for (size_t k = 2; k < ARRAY_SIZE(hist); k++)
		if (hist[k] > hist[u])
			u = k;
	size_t longer = 0;
	for (size_t k = 0; k + 1 < nc; k++)
		longer += c[k].run > u;
	/* a dump: many cells end with the same run of at least 2 breaks (the most common), and
	 * blank cells or row ends make some runs longer */
	if (u < 2 || nc < 30 || hist[u] * 4 < nc || longer < 5) {
		free(c);
		return 0;
	}
	int rc = offmap_emit(out, map, in, 0, (size_t)(rs - in));
	bool open = false, value_seen = false;
	size_t ncells = 0; /* in the open row */
	for (size_t k = 0; k < nc && !rc; k++) {
		bool label = !is_value(in + c[k].off, c[k].len);
		if (open && label && value_seen) {
			rc = put(out, map, "\n", c[k].off);
			open = false;
			ncells = 0;
		}
		if (!open) {
			st->run_rows++;
			value_seen = false;
			open = true;
		}
		value_seen = value_seen || !label;
		ncells++;
		if (!rc)
			rc = offmap_emit(out, map, in, c[k].off, c[k].off + c[k].len);
		if (!rc)
			rc = put(out, map, " |", c[k].off + c[k].len);
		if (k + 1 == nc)
			break;
		size_t blanks = c[k].run >= u ? c[k].run / u - 1 : 0;
		bool brk = c[k].run % u != 0;
		/* the run does not say whether its blank cells end this row or begin the next:
		 * they end a row that holds values or is a row label alone, and follow a row of
		 * column headings */
		bool after = brk && !value_seen && ncells > 1;
		if (!after)
			for (size_t q = 0; q < blanks && !rc; q++) {
				rc = put(out, map, "  |", c[k].off + c[k].len);
				value_seen = true;
			}
		if (!rc && brk) {
			rc = put(out, map, "\n", c[k].off + c[k].len);
			open = false;
			ncells = 0;
		} else if (!rc) {
			rc = put(out, map, " ", c[k].off + c[k].len);
		}
		if (after) {
			for (size_t q = 0; q < blanks && !rc; q++)
				rc = put(out, map, "  |", c[k].off + c[k].len);
			if (blanks && !rc)
				rc = put(out, map, " ", c[k].off + c[k].len);
			if (blanks) {
				open = true;
				value_seen = true;
				st->run_rows++;
			}
		}
	}
	if (!rc)
		rc = put(out, map, "\n", (size_t)(re - in));
	if (!rc)
		rc = offmap_emit(out, map, in, (size_t)(re - in), n);
	st->run_unit = u;
	free(c);
	return rc ? rc : 1;
}

int reflow_text(const char *in, size_t n, struct buf *out, struct offmap *map,
		struct reflow_stats *st)
{
	struct reflow_stats dummy;
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	buf_reset(out);
	if (map)
		offmap_reset(map);
	struct numbered nb[48];
	size_t nn = numbered_list(nb, ARRAY_SIZE(nb));
	struct breaks b = {0};
	const char *e = in + n;
	for (const char *ls = in; ls < e;) {
		const char *le = memchr(ls, '\n', (size_t)(e - ls));
		if (!le)
			le = e;
		const char *rs, *re, *t3, *t4;
		if (glued_region(ls, le, &rs, &re, &t3, &t4)) {
			size_t before = b.n;
			glued_breaks(in, rs, re, t3, t4, nb, nn, &b);
			brk(&b, (size_t)(re - in));
			if (b.n > before)
				st->glued_lines++;
		}
		ls = le + 1;
	}
	if (b.failed) {
		free(b.v);
		return ZF_ENOMEM;
	}
	int rc = 0;
	if (b.n) {
		size_t from = 0;
		for (size_t k = 0; k < b.n && !rc; k++) {
			size_t p = b.v[k];
			if (p == 0 || p >= n || in[p - 1] == '\n' || in[p] == '\n')
				continue;
			rc = offmap_emit(out, map, in, from, p);
			if (!rc)
				rc = put(out, map, "\n", p);
			from = p;
			st->breaks++;
		}
		if (!rc)
			rc = offmap_emit(out, map, in, from, n);
	} else {
		rc = run_dump(in, n, out, map, st);
		rc = rc < 0 ? rc : 0;
	}
	free(b.v);
	if (rc) {
		buf_reset(out);
		return rc;
	}
	return 0;
}
