/* cells.c: layout-independent cell scanner. */
#include "common.h"
#include "ingest/cells.h"
#include "utf8.h"

void cells_free(struct cells *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static struct cell *push(struct cells *c)
{
	if (c->n == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 256;
		struct cell *v = realloc(c->v, na * sizeof(*v));
		if (!v) {
			c->failed = true;
			return NULL;
		}
		c->v = v;
		c->alloc = na;
	}
	struct cell *x = &c->v[c->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static bool starts(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);
	return n >= l && !memcmp(s, w, l);
}

static bool ends(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);
	return n >= l && !memcmp(s + n - l, w, l);
}

bool cells_parse_number(const char *s, size_t n, struct cell *out)
{
	size_t i = 0;
	int8_t sign = 0;
	memset(out, 0, sizeof(*out));
	if (starts(s, n, "增加"))
		sign = 1, i = 6;
	else if (starts(s, n, "减少"))
		sign = -1, i = 6;
	else if (starts(s, n, "增"))
		sign = 1, i = 3;
	else if (starts(s, n, "减"))
		sign = -1, i = 3;
	else if (n && (s[0] == '+' || s[0] == '-'))
		sign = s[0] == '-' ? -1 : 1, i = 1;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return false; /* most words are not numbers: no need to look for a unit */
	size_t e = n;
	enum cell_unit unit = UNIT_NONE;
	static const struct {
		const char *w;
		enum cell_unit u;
	} units[] = {
	    {"亿元", UNIT_YI_YUAN}, {"万元", UNIT_WAN_YUAN}, {"元", UNIT_YUAN},	 {"件", UNIT_COUNT},
	    {"条", UNIT_COUNT},	    {"个", UNIT_COUNT},	     {"次", UNIT_COUNT}, {"人", UNIT_COUNT},
	    {"项", UNIT_COUNT},	    {"%", UNIT_PERCENT},
	};
	bool digit_last = s[e - 1] >= '0' && s[e - 1] <= '9'; /* no unit to strip */
	for (size_t k = 0; k < ARRAY_SIZE(units) && !digit_last; k++)
		if (ends(s + i, e - i, units[k].w)) {
			unit = units[k].u;
			e -= strlen(units[k].w);
			break;
		}
	while (e > i && is_ws(s[e - 1]))
		e--;
	if (i >= e || s[i] < '0' || s[i] > '9')
		return false;
	/* digits, with strict thousands separators, then an optional fraction */
	int64_t ip = 0;
	size_t ndig = 0, grp = 0;
	bool commas = false, huge = false;
	size_t ds = i;
	for (; i < e && ((s[i] >= '0' && s[i] <= '9') || s[i] == ','); i++) {
		if (s[i] == ',') {
			if (!ndig || (commas && grp != 3) || (!commas && grp > 3))
				return false;
			commas = true;
			grp = 0;
			continue;
		}
		if (ndig >= 12)
			huge = true;
		else
			ip = ip * 10 + (s[i] - '0');
		ndig++;
		grp++;
	}
	if (commas && grp != 3)
		return false;
	size_t de = i;
	int64_t frac = 0;
	int fd = 0;
	bool integral = true;
	if (i < e && s[i] == '.') {
		i++;
		if (i == e)
			return false;
		for (; i < e && s[i] >= '0' && s[i] <= '9'; i++) {
			if (fd < 6) {
				frac = frac * 10 + (s[i] - '0');
				fd++;
			}
			if (s[i] != '0')
				integral = false;
		}
	}
	if (i != e)
		return false;
	for (; fd < 6; fd++)
		frac *= 10;
	out->kind = CELL_NUM;
	out->huge = huge;
	out->integral = integral;
	out->sign = sign;
	out->unit = unit;
	out->micro = huge ? 0 : (ip * 1000000 + frac) * (sign < 0 ? -1 : 1);
	out->doff = (uint32_t)ds;
	out->dlen = (uint32_t)(commas ? 0 : de - ds); /* digits usable for glued splits */
	return true;
}

static bool is_null_word(const char *s, size_t n)
{
	if (!n)
		return false;
	if (n == 3 && (!memcmp(s, "无", 3) || !memcmp(s, "空", 3)))
		return true;
	if (n == 3 && (!memcmp(s, "nan", 3) || !memcmp(s, "NaN", 3))) /* pandas' empty cell */
		return true;
	for (size_t i = 0; i < n;) {
		if (s[i] == '/' || s[i] == '-' || s[i] == '\\') {
			i++;
			continue;
		}
		if (starts(s + i, n - i, "—") || starts(s + i, n - i, "–") ||
		    starts(s + i, n - i, "─")) {
			i += 3;
			continue;
		}
		return false;
	}
	return true;
}

/* "— 3 —", "-3-", "第 3 页", "第3页 共10页", "3 / 12": a page footer or header. */
static bool is_footer(const char *s, size_t n)
{
	size_t i = 0;
	bool dash = false;
	while (i < n && (is_ws(s[i]) || s[i] == '-' || starts(s + i, n - i, "—") ||
			 starts(s + i, n - i, "–"))) {
		if (!is_ws(s[i]))
			dash = true;
		i += (unsigned char)s[i] >= 0x80 ? 3 : 1;
	}
	if (dash) {
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d || i - d > 4)
			return false;
		bool dash2 = false;
		while (i < n && (is_ws(s[i]) || s[i] == '-' || starts(s + i, n - i, "—") ||
				 starts(s + i, n - i, "–"))) {
			if (!is_ws(s[i]))
				dash2 = true;
			i += (unsigned char)s[i] >= 0x80 ? 3 : 1;
		}
		return dash2 && i == n;
	}
	if (starts(s, n, "第")) {
		i = 3;
		while (i < n && is_ws(s[i]))
			i++;
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		while (i < n && is_ws(s[i]))
			i++;
		return i > d && starts(s + i, n - i, "页") && n - i <= 30;
	}
	/* "3 / 12" */
	i = 0;
	size_t d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d || i - d > 4)
		return false;
	while (i < n && is_ws(s[i]))
		i++;
	if (i >= n || s[i] != '/')
		return false;
	i++;
	while (i < n && is_ws(s[i]))
		i++;
	d = i;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > d && i - d <= 4 && i == n && memchr(s, ' ', n) != NULL;
}

/* Adds the cell s[0..n) at text offset off: one label, number or blank, or — when its
 * space-separated words begin or end with numbers — a label with numbers around it. */
static void add_cell(struct cells *c, const char *text, size_t off, size_t n, uint32_t line,
		     bool piped)
{
	const char *s = text + off;
	while (n && is_ws(s[0]))
		s++, off++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	struct cell *x;
	if (!n) {
		if (piped && (x = push(c))) {
			x->kind = CELL_EMPTY;
			x->off = (uint32_t)off;
			x->line = line;
			x->piped = true;
		}
		return;
	}
	if (is_footer(s, n)) {
		c->footers++;
		return;
	}
	/* split into words */
	size_t ws[64], we[64], nw = 0;
	for (size_t i = 0; i < n && nw < 64;) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i == n)
			break;
		ws[nw] = i;
		while (i < n && !is_ws(s[i]))
			i++;
		we[nw++] = i;
	}
	bool num[64];
	struct cell tmp;
	size_t lead = 0, trail = 0;
	for (size_t k = 0; k < nw; k++)
		num[k] = cells_parse_number(s + ws[k], we[k] - ws[k], &tmp) ||
			 is_null_word(s + ws[k], we[k] - ws[k]);
	bool all = nw < 64;
	for (size_t k = 0; k < nw; k++)
		all = all && num[k];
	if (!all) {
		while (lead < nw && num[lead] &&
		       cells_parse_number(s + ws[lead], we[lead] - ws[lead], &tmp))
			lead++;
		while (trail < nw - lead && num[nw - 1 - trail])
			trail++;
		if (nw == 64) /* a very long line: keep it whole */
			lead = trail = 0;
	}
	if (all && nw > 1)
		c->num_runs++;
	size_t label_from = all ? nw : lead, label_to = all ? nw : nw - trail;
	for (size_t k = 0; k < nw; k++) {
		if (k == label_from && label_from < label_to) {
			if (!(x = push(c)))
				return;
			x->kind = CELL_LABEL;
			x->off = (uint32_t)(off + ws[label_from]);
			x->len = (uint32_t)(we[label_to - 1] - ws[label_from]);
			x->line = line;
			x->piped = piped;
			k = label_to - 1;
			continue;
		}
		if (!(x = push(c)))
			return;
		const char *w = s + ws[k];
		size_t wl = we[k] - ws[k];
		if (cells_parse_number(w, wl, x)) {
			x->doff += (uint32_t)(off + ws[k]);
		} else {
			x->kind = CELL_NULL;
		}
		x->off = (uint32_t)(off + ws[k]);
		x->len = (uint32_t)wl;
		x->line = line;
		x->piped = piped;
	}
}

/* A Markdown separator row "|---|:--:|". */
static bool md_separator(const char *s, size_t n)
{
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '-')
			dash = true;
		else if (ch != '|' && ch != ':' && !is_ws(ch))
			return false;
	}
	return dash;
}

/* "0 | 1 | 2 | 3 | 4" or "Column1 | Column2": headers that PDF-to-table tools invent. At
 * least `min` cells (5 for a row anywhere; a Markdown header row, above "|---|", may be
 * shorter). */
static bool generic_header(const struct cells *c, size_t from, size_t min)
{
	size_t n = 0, named = 0;
	int64_t expect = -1;
	bool seq = true;
	for (size_t k = from; k < c->n; k++) {
		const struct cell *x = &c->v[k];
		if (x->kind == CELL_EMPTY)
			continue;
		n++;
		if (x->kind == CELL_NUM && x->integral && !x->sign && x->unit == UNIT_NONE) {
			int64_t v = x->micro / 1000000;
			if (expect < 0 && (v == 0 || v == 1))
				expect = v;
			if (v != expect)
				seq = false;
			expect++;
		} else {
			seq = false;
		}
		if (x->kind == CELL_LABEL)
			named++;
	}
	return n >= min && seq;
}

static bool generic_name(const char *s, size_t n)
{
	static const char *const names[] = {"Column", "column",	  "Col", "col",
					    "列",     "Unnamed:", "数据"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		size_t l = strlen(names[i]);
		if (n > l && !memcmp(s, names[i], l)) {
			size_t j = l;
			while (j < n && is_ws(s[j]))
				j++;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j == n)
				return true;
		}
	}
	return false;
}

/* Does the cell name a row of table 3 (its words, not an applicant column)? */
static bool t3_row_name(const char *s, size_t n)
{
	static const char *const w[] = {"新收",	    "上年结转", "予以公开", "部分公开",
					"不予公开", "无法提供", "不予处理", "结转下年"};
	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		if (memmem(s, n, w[i], strlen(w[i])))
			return true;
	return false;
}

/* A column of row numbers (0, 1, 2, … or 1, 2, 3, …) in front of a pipe table, as pandas
 * writes its index: not part of the report. Three rows in a row whose first cells count up
 * by one make a chain; their first cells are dropped, and so on down the chain. */
struct index_chain {
	size_t len;
	int64_t last;
	size_t first[2]; /* the first cells of the chain's first two rows */
};

static void drop_cell(struct cells *c, size_t k)
{
	memmove(&c->v[k], &c->v[k + 1], (c->n - k - 1) * sizeof(*c->v));
	c->n--;
	c->generic++;
}

/* Returns how many cells of earlier rows it dropped. */
static size_t index_chain_row(struct cells *c, struct index_chain *ch, size_t first)
{
	const struct cell *x = &c->v[first];
	bool num = x->kind == CELL_NUM && x->integral && !x->sign && x->unit == UNIT_NONE &&
		   !x->huge && first + 1 < c->n && c->v[first + 1].line == x->line;
	int64_t v = num ? x->micro / 1000000 : -1;
	if (!num || (ch->len && v != ch->last + 1) || (!ch->len && v > 1)) {
		ch->len = 0;
		if (!num || v > 1)
			return 0;
	}
	ch->last = v;
	if (ch->len < 2) {
		ch->first[ch->len++] = first;
		return 0;
	}
	drop_cell(c, first);
	if (ch->len++ > 2)
		return 0;
	/* the chain is long enough: the first two rows too */
	drop_cell(c, ch->first[1]);
	drop_cell(c, ch->first[0]);
	return 2;
}

int cells_scan(const char *text, size_t n, struct cells *c)
{
	c->n = 0;
	c->failed = false;
	c->footers = c->generic = c->num_runs = 0;
	/* pipe style: Markdown when most pipe lines open with "|" */
	size_t md = 0, trail = 0;
	for (size_t i = 0; i < n;) {
		const char *e = memchr(text + i, '\n', n - i);
		size_t le = e ? (size_t)(e - text) : n;
		size_t b = i;
		while (b < le && is_ws(text[b]))
			b++;
		if (memchr(text + b, '|', le - b)) {
			if (text[b] == '|')
				md++;
			else
				trail++;
		}
		i = le + 1;
	}
	c->style = !md && !trail ? PIPE_NONE : md > trail ? PIPE_MARKDOWN : PIPE_TRAILING;
	uint32_t line = 0;
	/* the previous line's cells, and a row index down the first column (see below) */
	size_t prev_first = 0, prev_end = 0;
	struct index_chain chain = {0};
	for (size_t i = 0; i < n; line++) {
		const char *e = memchr(text + i, '\n', n - i);
		size_t le = e ? (size_t)(e - text) : n;
		size_t b = i, l = le;
		while (b < l && is_ws(text[b]))
			b++;
		while (l > b && (is_ws(text[l - 1]) || text[l - 1] == '\r'))
			l--;
		size_t first = c->n;
		if (b == l) {
			/* blank line */
		} else if (!memchr(text + b, '|', l - b)) {
			/* a Markdown heading "### 第二十条第（一）项": its marks are no part of the
			 * label */
			size_t h = b;
			while (h < l && h - b < 6 && text[h] == '#')
				h++;
			if (h > b && h < l && is_ws(text[h])) {
				while (h < l && is_ws(text[h]))
					h++;
				b = h;
			}
			add_cell(c, text, b, l - b, line, false);
		} else if (c->style == PIPE_MARKDOWN && md_separator(text + b, l - b)) {
			/* |---|---|: the row above is the header; pandas names its columns 0, 1, …
			 */
			size_t named = 0, rows = 0;
			for (size_t k = prev_first; prev_end == c->n && k < prev_end; k++) {
				named += generic_name(text + c->v[k].off, c->v[k].len);
				rows += t3_row_name(text + c->v[k].off, c->v[k].len);
			}
			/* or "类别 | 数据1 | 数据2 | … | 总计": mostly invented names; or column
			 * headings that are table 3's row names ("项目 | 本年新收件数 |
			 * 上年结转件数 | 予以公开 | …"): a conversion tool's invention, not a row
			 */
			named += rows >= 3 ? 3 : 0;
			if (prev_end == c->n && prev_end > prev_first &&
			    (generic_header(c, prev_first, 2) || named >= 3)) {
				c->n = prev_first;
				c->generic++;
			}
		} else {
			size_t p = b, end = l;
			if (c->style == PIPE_MARKDOWN && text[p] == '|') {
				p++;
				if (end > p && text[end - 1] == '|')
					end--;
				/* the last cell has no closing bar now: add one virtually */
				size_t s = p;
				for (size_t k = p; k <= end; k++)
					if (k == end || text[k] == '|') {
						add_cell(c, text, s, k - s, line, true);
						s = k + 1;
					}
			} else {
				size_t s = p;
				for (size_t k = p; k < end; k++)
					if (text[k] == '|') {
						add_cell(c, text, s, k - s, line, true);
						s = k + 1;
					}
				if (s < end)
					add_cell(c, text, s, end - s, line, true);
			}
			if (generic_header(c, first, 5)) {
				c->n = first;
				c->generic++;
			} else {
				for (size_t k = first; k < c->n; k++)
					if (c->v[k].kind == CELL_LABEL &&
					    generic_name(text + c->v[k].off, c->v[k].len)) {
						c->v[k].kind = CELL_EMPTY;
						c->generic++;
					}
			}
		}
		if (c->n > first && c->v[first].piped)
			first -= index_chain_row(c, &chain, first);
		else
			chain.len = 0;
		if (c->failed)
			return ZF_ENOMEM;
		prev_first = first;
		prev_end = c->n;
		i = le + 1;
	}
	return c->failed ? ZF_ENOMEM : 0;
}
