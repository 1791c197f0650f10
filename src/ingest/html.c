/* html.c: a small tolerant HTML reader (no DOM): tags drive line and cell breaks. */
#include "common.h"
#include "ingest/html.h"
#include "utf8.h"

#define TABLE_DEPTH  16
#define SCRIPT_DEPTH 2

struct table_state {
	bool in_row, in_cell, cell_had_table;
};

struct conv {
	struct buf *out;
	struct offmap *map;
	/* inner conversions (HTML in a script string) map to a fixed base in the outer input */
	const struct offmap *outer; /* maps this input to the outer input; NULL at top level */
	size_t depth;
	struct table_state tables[TABLE_DEPTH];
	size_t ntables;
	bool pending_space;
	int rc;
};

static bool lower_eq(const char *s, size_t n, const char *word)
{
	if (!n || (s[0] | 0x20) != word[0]) /* words are lower case letters */
		return !n && !word[0];
	size_t l = strlen(word);
	if (n != l)
		return false;
	for (size_t i = 0; i < l; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (c != word[i])
			return false;
	}
	return true;
}

static bool lower_prefix(const char *s, size_t n, const char *word)
{
	size_t l = strlen(word);
	return n >= l && lower_eq(s, l, word);
}

static size_t src_of(const struct conv *c, size_t off)
{
	return c->outer ? offmap_lookup(c->outer, off) : off;
}

static bool in_cell(const struct conv *c)
{
	return c->ntables && c->tables[c->ntables - 1].in_cell;
}

static void emit(struct conv *c, const char *s, size_t n, size_t src, bool copy)
{
	if (c->rc || !n)
		return;
	size_t at = c->out->len;
	if (c->pending_space) {
		c->pending_space = false;
		if (at && c->out->p[at - 1] != '\n' && c->out->p[at - 1] != ' ') {
			c->rc = buf_addch(c->out, ' ');
			at++;
		}
	}
	c->rc = c->rc ? c->rc : buf_add(c->out, s, n);
	if (c->map) {
		if (copy && !c->outer)
			offmap_copy(c->map, at, src, n);
		else
			offmap_repl(c->map, at, src_of(c, src));
	}
}

static void newline(struct conv *c, size_t src)
{
	c->pending_space = false;
	if (in_cell(c)) { /* a cell stays on its line */
		c->pending_space = true;
		return;
	}
	if (c->out->len && c->out->p[c->out->len - 1] != '\n')
		emit(c, "\n", 1, src, false);
}

static void cell_end(struct conv *c, size_t src)
{
	struct table_state *t = &c->tables[c->ntables - 1];
	if (!t->in_cell)
		return;
	c->pending_space = false;
	if (!t->cell_had_table)
		emit(c, " |", 2, src, false);
	t->in_cell = false;
	t->cell_had_table = false;
}

static void row_end(struct conv *c, size_t src)
{
	struct table_state *t = &c->tables[c->ntables - 1];
	cell_end(c, src);
	if (t->in_row && c->out->len && c->out->p[c->out->len - 1] != '\n')
		emit(c, "\n", 1, src, false);
	t->in_row = false;
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {
    {"nbsp", " "},   {"lt", "<"},     {"gt", ">"},     {"amp", "&"},	{"quot", "\""},
    {"apos", "'"},   {"ldquo", "“"},  {"rdquo", "”"},  {"lsquo", "‘"},	{"rsquo", "’"},
    {"mdash", "—"},  {"ndash", "–"},  {"middot", "·"}, {"hellip", "…"}, {"times", "×"},
    {"divide", "÷"}, {"ensp", " "},   {"emsp", " "},   {"thinsp", " "}, {"yen", "¥"},
    {"copy", "©"},   {"reg", "®"},    {"laquo", "«"},  {"raquo", "»"},	{"bull", "•"},
    {"deg", "°"},    {"plusmn", "±"}, {"permil", "‰"}, {"sect", "§"},	{"zwj", ""},
    {"zwnj", ""},    {"shy", ""},
};

/* Decodes the entity at s ("&...;"); returns its length (0 if not one) and the text. */
static size_t entity(const char *s, size_t n, char buf[8], size_t *bl)
{
	size_t e = 1;
	while (e < n && e < 12 && s[e] != ';' && s[e] != '&' && s[e] != '<' && s[e] != ' ')
		e++;
	if (e >= n || s[e] != ';')
		return 0;
	if (s[1] == '#') {
		uint32_t cp = 0;
		bool hex = e > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t i = hex ? 3 : 2;
		if (i == e)
			return 0;
		for (; i < e; i++) {
			char ch = s[i];
			int d;
			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (hex && ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (hex && ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else
				return 0;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
			if (cp > 0x10FFFF)
				return 0;
		}
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		*bl = utf8_encode(cp, buf);
		return e + 1;
	}
	for (size_t k = 0; k < ARRAY_SIZE(entities); k++)
		if (e - 1 == strlen(entities[k].name) && !memcmp(s + 1, entities[k].name, e - 1)) {
			*bl = strlen(entities[k].text);
			memcpy(buf, entities[k].text, *bl);
			return e + 1;
		}
	return 0;
}

static void text(struct conv *c, const char *in, size_t b, size_t e)
{
	size_t run = b;
	for (size_t i = b; i < e && !c->rc;) {
		unsigned char ch = (unsigned char)in[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
			emit(c, in + run, i - run, run, true);
			while (i < e && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n' ||
					 in[i] == '\r' || in[i] == '\f'))
				i++;
			c->pending_space = true;
			run = i;
			continue;
		}
		if (ch == '&') {
			char eb[8];
			size_t bl = 0;
			size_t l = entity(in + i, e - i, eb, &bl);
			if (l) {
				emit(c, in + run, i - run, run, true);
				if (bl == 1 && eb[0] == ' ')
					c->pending_space = true;
				else
					emit(c, eb, bl, i, false);
				i += l;
				run = i;
				continue;
			}
		}
		if (ch == '|' && in_cell(c)) { /* keep the cell separator unambiguous */
			emit(c, in + run, i - run, run, true);
			emit(c, "\xEF\xBD\x9C", 3, i, false); /* ｜ */
			i++;
			run = i;
			continue;
		}
		i++;
	}
	emit(c, in + run, e - run, run, true);
}

static int convert(struct conv *c, const char *in, size_t n);

/* Reads a JS string literal at s (quote q); appends its unescaped value to val with a map to
 * input offsets. Returns the length consumed, 0 when unterminated. */
static size_t js_string(const char *s, size_t n, size_t base, struct buf *val, struct offmap *m)
{
	char q = s[0];
	size_t i = 1;
	while (i < n) {
		char ch = s[i];
		if (ch == q)
			return i + 1;
		if (ch == '\n' && q != '`')
			return 0;
		size_t at = val->len;
		if (ch == '\\' && i + 1 < n) {
			char e = s[i + 1];
			char o[4];
			size_t ol = 1;
			size_t used = 2;
			switch (e) {
			case 'n': o[0] = '\n'; break;
			case 'r': o[0] = '\n'; break;
			case 't': o[0] = '\t'; break;
			case 'u':
				if (i + 5 < n) {
					uint32_t cp = 0;
					bool ok = true;
					for (int k = 2; k < 6; k++) {
						char h = s[i + (size_t)k];
						int d = h >= '0' && h <= '9'   ? h - '0'
							: h >= 'a' && h <= 'f' ? h - 'a' + 10
							: h >= 'A' && h <= 'F' ? h - 'A' + 10
									       : -1;
						if (d < 0)
							ok = false;
						cp = cp * 16 + (uint32_t)(d < 0 ? 0 : d);
					}
					if (ok) {
						if (cp >= 0xD800 && cp <= 0xDFFF)
							cp = 0xFFFD;
						ol = utf8_encode(cp, o);
						used = 6;
						break;
					}
				}
				o[0] = e;
				break;
			case '\n': ol = 0; break;
			default: o[0] = e; break;
			}
			if (buf_add(val, o, ol))
				return 0;
			offmap_repl(m, at, base + i);
			i += used;
			continue;
		}
		if (buf_addch(val, ch))
			return 0;
		offmap_copy(m, at, base + i, 1);
		i++;
	}
	return 0;
}

/* A <script> body: unpacks string literals that carry HTML and reads them in place. */
static void script(struct conv *c, const char *in, size_t b, size_t e)
{
	if (c->depth >= SCRIPT_DEPTH)
		return;
	struct buf val = BUF_INIT;
	struct offmap m = OFFMAP_INIT;
	size_t i = b;
	while (i < e && !c->rc) {
		char ch = in[i];
		if (ch != '"' && ch != '\'' && ch != '`') {
			i++;
			continue;
		}
		buf_reset(&val);
		offmap_reset(&m);
		size_t l;
		size_t from = i;
		/* "a" + "b" + ... joins into one value */
		while ((l = js_string(in + i, e - i, i, &val, &m))) {
			i += l;
			size_t j = i;
			while (j < e &&
			       (in[j] == ' ' || in[j] == '\n' || in[j] == '\t' || in[j] == '\r'))
				j++;
			if (j < e && in[j] == '+') {
				j++;
				while (j < e && (in[j] == ' ' || in[j] == '\n' || in[j] == '\t' ||
						 in[j] == '\r'))
					j++;
				if (j < e && (in[j] == '"' || in[j] == '\'' || in[j] == '`')) {
					i = j;
					continue;
				}
			}
			break;
		}
		if (!l) {
			/* unterminated: at the end of a truncated page read what there is; at a
			 * line end it was no string (an apostrophe in a comment) */
			if (memchr(in + i, '\n', e - i) ||
			    (in[i] != '\'' && in[i] != '"' && in[i] != '`')) {
				i = from + 1;
				continue;
			}
			i = e;
		}
		if (val.len >= 16 && html_detect(val.p, val.len)) {
			/* map the inner input to our input, then to the top-level input */
			struct offmap composed = OFFMAP_INIT;
			for (size_t k = 0; k < m.n; k++) {
				size_t s = src_of(c, m.segs[k].src);
				offmap_repl(&composed, m.segs[k].dst, s);
			}
			struct conv inner = *c;
			inner.outer = &composed;
			inner.depth = c->depth + 1;
			inner.ntables = 0;
			newline(c, i);
			c->rc = convert(&inner, val.p, val.len);
			c->pending_space = false;
			newline(c, i);
			offmap_free(&composed);
		}
	}
	buf_free(&val);
	offmap_free(&m);
}

static bool block_tag(const char *s, size_t n)
{
	static const char *const blocks[] = {
	    "p",	  "div",  "br",	   "li",    "ul",      "ol",	     "h1",	"h2",
	    "h3",	  "h4",	  "h5",	   "h6",    "section", "article",    "header",	"footer",
	    "blockquote", "pre",  "hr",	   "dt",    "dd",      "dl",	     "center",	"form",
	    "address",	  "nav",  "main",  "aside", "figure",  "figcaption", "caption", "title",
	    "body",	  "html", "tbody", "thead", "tfoot",
	};
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++)
		if (lower_eq(s, n, blocks[i]))
			return true;
	return false;
}

/* Finds the end of a raw-text element's body: the start of "</name". */
static size_t raw_end(const char *in, size_t n, size_t from, const char *name)
{
	size_t l = strlen(name);
	for (size_t i = from; i + 2 + l <= n; i++)
		if (in[i] == '<' && in[i + 1] == '/' && lower_prefix(in + i + 2, n - i - 2, name))
			return i;
	return n;
}

static void tag(struct conv *c, const char *name, size_t nl, bool closing, size_t at)
{
	if (lower_eq(name, nl, "table")) {
		if (!closing) {
			if (c->ntables && c->tables[c->ntables - 1].in_cell)
				c->tables[c->ntables - 1].cell_had_table = true;
			newline(c, at);
			if (c->ntables < TABLE_DEPTH)
				c->tables[c->ntables++] = (struct table_state){false, false, false};
			newline(c, at);
		} else if (c->ntables) {
			row_end(c, at);
			c->ntables--;
			newline(c, at);
		}
		return;
	}
	if (c->ntables) {
		struct table_state *t = &c->tables[c->ntables - 1];
		if (lower_eq(name, nl, "tr")) {
			if (t->in_row)
				row_end(c, at);
			if (!closing) {
				newline(c, at);
				t->in_row = true;
			}
			return;
		}
		if (lower_eq(name, nl, "td") || lower_eq(name, nl, "th")) {
			if (!closing) {
				if (t->in_cell)
					cell_end(c, at);
				if (!t->in_row) {
					newline(c, at);
					t->in_row = true;
				}
				t->in_cell = true;
				/* "a | b |": a space after the previous cell's bar */
				c->pending_space = c->out->len && c->out->p[c->out->len - 1] == '|';
			} else {
				cell_end(c, at);
			}
			return;
		}
	}
	if (block_tag(name, nl))
		newline(c, at);
}

static int convert(struct conv *c, const char *in, size_t n)
{
	size_t i = 0, run = 0;
	while (i < n && !c->rc) {
		if (in[i] != '<') {
			i++;
			continue;
		}
		if (i + 1 >= n)
			break;
		char nx = in[i + 1];
		bool is_tag = (nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') || nx == '/' ||
			      nx == '!' || nx == '?';
		if (!is_tag) {
			i++;
			continue;
		}
		text(c, in, run, i);
		if (n - i >= 4 && !memcmp(in + i, "<!--", 4)) {
			const char *e = memmem(in + i + 4, n - i - 4, "-->", 3);
			i = e ? (size_t)(e - in) + 3 : n;
			run = i;
			continue;
		}
		size_t j = i + 1;
		bool closing = in[j] == '/';
		if (closing)
			j++;
		size_t ns = j;
		while (j < n && ((in[j] >= 'a' && in[j] <= 'z') || (in[j] >= 'A' && in[j] <= 'Z') ||
				 (in[j] >= '0' && in[j] <= '9') || in[j] == ':' || in[j] == '-'))
			j++;
		size_t nl = j - ns;
		/* skip attributes, respecting quotes */
		char q = 0;
		while (j < n && (q || in[j] != '>')) {
			if (q && in[j] == q)
				q = 0;
			else if (!q && (in[j] == '"' || in[j] == '\''))
				q = in[j];
			j++;
		}
		size_t end = j < n ? j + 1 : n;
		const char *name = in + ns;
		if (!closing && (lower_eq(name, nl, "script") || lower_eq(name, nl, "style") ||
				 lower_eq(name, nl, "title") || lower_eq(name, nl, "textarea"))) {
			size_t be = raw_end(in, n, end,
					    lower_eq(name, nl, "script")  ? "script"
					    : lower_eq(name, nl, "style") ? "style"
					    : lower_eq(name, nl, "title") ? "title"
									  : "textarea");
			if (lower_eq(name, nl, "script"))
				script(c, in, end, be);
			else if (!lower_eq(name, nl, "style")) {
				newline(c, i);
				text(c, in, end, be);
				newline(c, be);
			}
			const char *gt = be < n ? memchr(in + be, '>', n - be) : NULL;
			i = gt ? (size_t)(gt - in) + 1 : n;
			run = i;
			continue;
		}
		if (nl && !(in[ns - 1] == '!' || in[ns - 1] == '?'))
			tag(c, name, nl, closing, i);
		i = end;
		run = i;
	}
	text(c, in, run, n);
	return c->rc;
}

bool html_detect(const char *s, size_t n)
{
	static const char *const tags[] = {"html", "head", "body", "table", "tr", "td",
					   "p",	   "div",  "br",   "span",  "th", "meta"};
	size_t m = ZF_MIN(n, (size_t)65536), hits = 0;
	for (size_t i = 0; i + 1 < m; i++) {
		if (s[i] != '<')
			continue;
		size_t j = i + 1 + (s[i + 1] == '/');
		size_t k = j;
		while (k < m && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
				 (s[k] >= '0' && s[k] <= '9')))
			k++;
		if (k == m || (s[k] != '>' && s[k] != ' ' && s[k] != '/' && s[k] != '\n'))
			continue;
		for (size_t t = 0; t < ARRAY_SIZE(tags); t++)
			if (lower_eq(s + j, k - j, tags[t])) {
				hits++;
				break;
			}
		if (hits >= 4)
			return true;
	}
	return false;
}

int html_to_text(const char *in, size_t n, struct buf *out, struct offmap *map)
{
	struct conv c;
	memset(&c, 0, sizeof(c));
	buf_reset(out);
	if (map)
		offmap_reset(map);
	c.out = out;
	c.map = map;
	int rc = convert(&c, in, n);
	if (!rc && out->failed)
		rc = ZF_ENOMEM;
	return rc;
}
