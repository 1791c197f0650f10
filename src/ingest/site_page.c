/* site_page.c: an HTML page read for the site-integrity checks (see site_page.h). gumbo
 * builds the tree as a browser would; a small CSS subset (inline styles and <style> blocks
 * with tag, .class and #id selectors and their descendants, !important, the shorthands that
 * hide) decides what a reader cannot see; scripts are read for the links they write. */
#include "common.h"
#include "arena.h"
#include "ingest/decode.h"
#include "ingest/html.h"
#include "ingest/site_page.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <gumbo.h>
#include <strings.h>
#include <math.h>

#define MAX_RULES      20000 /* CSS rules kept per page */
#define MAX_DEPTH      400   /* selectors see at most this many ancestors */
#define MAX_WALK       1500  /* elements deeper than this are not read */
#define MAX_FRAGMENTS  200   /* pages written by script read per page */
#define MAX_LINKS      50000
#define SCRIPT_NEST    3 /* eval(atob(…)) inside a written script, at most this deep */
#define LINK_TEXT_MAX  200
#define WHY_MAX	       160
#define FAR_OFFSCREEN  (-999.0)
#define FAR_INDENT     (-999.0)
#define COLOR_NEAR     8 /* channels this close are the same colour to a reader */

static const struct {
	unsigned bit;
	const char *id, *label;
} hides[] = {
    {SITE_HIDE_DISPLAY, "link.hidden.display-none", "display:none 隐藏"},
    {SITE_HIDE_VISIBILITY, "link.hidden.visibility", "visibility:hidden 隐藏"},
    {SITE_HIDE_OPACITY, "link.hidden.opacity", "透明度为 0"},
    {SITE_HIDE_SIZE, "link.hidden.zero-size", "宽或高为 0 且溢出隐藏"},
    {SITE_HIDE_OFFSCREEN, "link.hidden.offscreen", "定位在页面之外"},
    {SITE_HIDE_TEXT_INDENT, "link.hidden.text-indent", "文字缩进到页面之外"},
    {SITE_HIDE_COLOR, "link.hidden.color", "文字颜色与背景相同"},
    {SITE_HIDE_FONT_SIZE, "link.hidden.font-size", "字号为 0"},
    {SITE_HIDE_MARQUEE, "link.hidden.marquee", "藏在极小或隐藏的滚动字幕（marquee）中"},
    {SITE_HIDE_ATTR, "link.hidden.attribute", "hidden 属性隐藏"},
    {SITE_HIDE_SCRIPT, "link.hidden.script", "由脚本写入"},
};

const char *site_hide_id(unsigned bit)
{
	for (size_t i = 0; i < sizeof(hides) / sizeof(hides[0]); i++)
		if (hides[i].bit == bit)
			return hides[i].id;
	return "";
}

const char *site_hide_label(unsigned bit)
{
	for (size_t i = 0; i < sizeof(hides) / sizeof(hides[0]); i++)
		if (hides[i].bit == bit)
			return hides[i].label;
	return "";
}

unsigned site_hide_primary(unsigned hide)
{
	for (size_t i = 0; i < sizeof(hides) / sizeof(hides[0]); i++)
		if (hide & hides[i].bit)
			return hides[i].bit;
	return 0;
}

/* ---- CSS values ---- */

static bool ieq(const char *a, size_t n, const char *b)
{
	return strlen(b) == n && !strncasecmp(a, b, n);
}

/* A length in CSS pixels; NAN when it is none. Relative units count at a 16px font. */
static double css_length(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n || n > 40)
		return NAN;
	char tmp[48];
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *end;
	errno = 0;
	double v = strtod(tmp, &end);
	if (end == tmp || errno || !isfinite(v))
		return NAN;
	const char *u = end;
	if (!*u)
		return v; /* a bare number (opacity; quirks-mode lengths) */
	if (!strcasecmp(u, "px"))
		return v;
	if (!strcasecmp(u, "em") || !strcasecmp(u, "rem"))
		return v * 16;
	if (!strcasecmp(u, "pt"))
		return v * 4 / 3;
	if (!strcasecmp(u, "%"))
		return v * 10; /* of a 1000px box */
	if (!strcasecmp(u, "vw") || !strcasecmp(u, "vh"))
		return v * 10;
	if (!strcasecmp(u, "in"))
		return v * 96;
	if (!strcasecmp(u, "cm"))
		return v * 37.8;
	if (!strcasecmp(u, "mm"))
		return v * 3.78;
	return NAN;
}

enum { COLOR_UNSET = -1, COLOR_TRANSPARENT = -2, COLOR_UNKNOWN = -3 };

static const struct {
	const char *name;
	long rgb;
} colors[] = {
    {"white", 0xffffff}, {"black", 0x000000},  {"red", 0xff0000},     {"green", 0x008000},
    {"blue", 0x0000ff},	 {"yellow", 0xffff00}, {"gray", 0x808080},    {"grey", 0x808080},
    {"silver", 0xc0c0c0}, {"orange", 0xffa500}, {"navy", 0x000080},   {"maroon", 0x800000},
    {"purple", 0x800080}, {"lime", 0x00ff00},	{"aqua", 0x00ffff},   {"fuchsia", 0xff00ff},
    {"teal", 0x008080},	 {"olive", 0x808000},  {"whitesmoke", 0xf5f5f5}, {"snow", 0xfffafa},
};

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One colour token: 0xRRGGBB, COLOR_TRANSPARENT, or COLOR_UNSET when it is no colour. */
static long css_color(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return COLOR_UNSET;
	if (s[0] == '#') {
		int d[8];
		size_t k = n - 1;
		if (k != 3 && k != 4 && k != 6 && k != 8)
			return COLOR_UNSET;
		for (size_t i = 0; i < k; i++)
			if ((d[i] = hexv(s[1 + i])) < 0)
				return COLOR_UNSET;
		if (k <= 4) {
			if (k == 4 && d[3] == 0)
				return COLOR_TRANSPARENT;
			return (long)(d[0] * 17) << 16 | (long)(d[1] * 17) << 8 | d[2] * 17;
		}
		if (k == 8 && d[6] == 0 && d[7] == 0)
			return COLOR_TRANSPARENT;
		return (long)(d[0] * 16 + d[1]) << 16 | (long)(d[2] * 16 + d[3]) << 8 |
		       (d[4] * 16 + d[5]);
	}
	if (n > 4 && (!strncasecmp(s, "rgb(", 4) || !strncasecmp(s, "rgba(", 5))) {
		const char *p = (const char *)memchr(s, '(', n) + 1;
		double v[4] = {0, 0, 0, 1};
		int k = 0;
		while (k < 4 && p < s + n) {
			char *end;
			v[k] = strtod(p, &end);
			if (end == p)
				break;
			if (*end == '%')
				v[k] = k < 3 ? v[k] * 2.55 : v[k] / 100, end++;
			k++;
			p = end;
			while (p < s + n && (*p == ',' || *p == ' ' || *p == '/'))
				p++;
		}
		if (k < 3)
			return COLOR_UNSET;
		if (k == 4 && v[3] <= 0.01)
			return COLOR_TRANSPARENT;
		long c = 0;
		for (int i = 0; i < 3; i++)
			c = c << 8 | (long)(v[i] < 0 ? 0 : v[i] > 255 ? 255 : v[i]);
		return c;
	}
	if (ieq(s, n, "transparent"))
		return COLOR_TRANSPARENT;
	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (ieq(s, n, colors[i].name))
			return colors[i].rgb;
	return COLOR_UNSET;
}

static bool color_near(long a, long b)
{
	for (int sh = 0; sh < 24; sh += 8) {
		long d = ((a >> sh) & 0xff) - ((b >> sh) & 0xff);
		if (d > COLOR_NEAR || d < -COLOR_NEAR)
			return false;
	}
	return true;
}

/* ---- the computed style of one element: only what hides ---- */

enum prop {
	P_DISPLAY,
	P_VISIBILITY,
	P_OPACITY,
	P_FONT_SIZE,
	P_WIDTH,
	P_HEIGHT,
	P_OVERFLOW,
	P_POSITION,
	P_LEFT,
	P_TOP,
	P_RIGHT,
	P_BOTTOM,
	P_TEXT_INDENT,
	P_COLOR,
	P_BACKGROUND,
	P_COUNT
};

struct decl {
	enum prop prop;
	bool important;
	const char *value; /* lower case, trimmed, "!important" removed */
	const char *why;   /* "prop:value" as written */
};

struct style {
	const struct decl *d[P_COUNT];
	const char *where[P_COUNT]; /* the selector, or "style" */
};

struct compound {
	const char *tag; /* NULL: any */
	const char *id;	 /* NULL: none */
	const char *classes[8];
	int nclasses;
};

struct rule {
	struct compound *parts; /* left to right; the last one is the element */
	int nparts;
	unsigned spec;
	const char *selector;
	struct decl *decls;
	size_t ndecls;
};

struct elem {
	const char *tag;
	const char *id;
	const char *cls; /* the class attribute as written */
};

/* ---- reading the page ---- */

/* A link being read: the reasons shared by all of its text. */
struct linkacc {
	unsigned and_bits;
	bool any;
	char why[WHY_MAX];
};

struct rkey {
	const char *key; /* "#id", ".class", "tag" or "*" of the rule's last compound */
	size_t rule;
};

struct reader {
	struct rkey *index;
	size_t nindex;
	struct linkacc *cur_link;
	int rdepth;	  /* recursion of the walk */
	int fragments;	  /* pages written by script read so far */
	struct site_page *pg;
	struct arena *a;
	struct rule *rules;
	size_t nrules, arules;
	struct elem stack[MAX_DEPTH];
	int depth;
	struct buf links; /* struct site_link[] */
	int rc;
	bool in_body;
	int nest; /* script nesting when reading a written fragment */
	const char *script_why;
	size_t script_off;
};

struct state {
	unsigned subtree;    /* reasons that hide everything below */
	bool vis_hidden;     /* inherited visibility */
	bool font_zero;	     /* inherited font size 0 */
	bool indent_away;    /* inherited text-indent far out */
	long color;	     /* inherited text colour */
	long bg;	     /* the nearest background; COLOR_UNKNOWN for an image */
	const char *why_vis, *why_font, *why_indent, *why_color;
	char why[WHY_MAX];   /* the why of the subtree reasons */
	bool in_link;	     /* collecting a link's text */
};

static void fail(struct reader *r, int rc)
{
	if (!r->rc)
		r->rc = rc;
}

static char *adup(struct reader *r, const char *s, size_t n)
{
	char *d = arena_strndup(r->a, s, n);
	if (!d)
		fail(r, ZF_ENOMEM);
	return d;
}

static char *lowerdup(struct reader *r, const char *s, size_t n)
{
	char *d = adup(r, s, n);
	if (d)
		for (char *p = d; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	return d;
}

static int prop_of(const char *s, size_t n)
{
	static const char *names[P_COUNT] = {
	    "display", "visibility", "opacity", "font-size", "width",  "height",	  "overflow",
	    "position", "left",	      "top",	 "right",    "bottom", "text-indent", "color",
	    "background-color"};
	for (int i = 0; i < P_COUNT; i++)
		if (ieq(s, n, names[i]))
			return i;
	if (ieq(s, n, "background"))
		return P_BACKGROUND;
	if (ieq(s, n, "font"))
		return 100;
	if (ieq(s, n, "overflow-x") || ieq(s, n, "overflow-y"))
		return P_OVERFLOW;
	return -1;
}

/* Parses "a:b; c:d !important" into decls (arena). */
static struct decl *parse_decls(struct reader *r, const char *s, size_t n, size_t *nd)
{
	size_t cnt = 1;
	for (size_t i = 0; i < n; i++)
		cnt += s[i] == ';';
	if (cnt > 256)
		cnt = 256;
	struct decl *v = arena_alloc(r->a, cnt * 2 * sizeof(*v));
	*nd = 0;
	if (!v) {
		fail(r, ZF_ENOMEM);
		return NULL;
	}
	size_t i = 0;
	while (i < n && *nd + 2 <= cnt * 2) {
		size_t b = i;
		int paren = 0;
		while (i < n && (s[i] != ';' || paren)) {
			if (s[i] == '(')
				paren++;
			else if (s[i] == ')' && paren)
				paren--;
			i++;
		}
		const char *d = s + b, *colon = memchr(d, ':', i - b);
		size_t dl = i - b;
		i++;
		if (!colon)
			continue;
		const char *pn = d;
		size_t pl = (size_t)(colon - d);
		while (pl && isspace((unsigned char)*pn))
			pn++, pl--;
		while (pl && isspace((unsigned char)pn[pl - 1]))
			pl--;
		int p = prop_of(pn, pl);
		if (p < 0)
			continue;
		const char *val = colon + 1;
		size_t vl = (size_t)(d + dl - val);
		while (vl && isspace((unsigned char)*val))
			val++, vl--;
		while (vl && isspace((unsigned char)val[vl - 1]))
			vl--;
		bool imp = false;
		const char *bang = memchr(val, '!', vl);
		if (bang) {
			imp = true;
			vl = (size_t)(bang - val);
			while (vl && isspace((unsigned char)val[vl - 1]))
				vl--;
		}
		char *lv = lowerdup(r, val, vl);
		char *why = adup(r, d, dl);
		if (!lv || !why)
			return NULL;
		/* trim the why */
		while (*why && isspace((unsigned char)*why))
			why++;
		if (p == 100) {
			/* font: the size is the token before an optional "/line-height" */
			char *q = lv;
			while (*q) {
				while (*q == ' ')
					q++;
				char *e = q;
				while (*e && *e != ' ' && *e != '/')
					e++;
				if (e > q && !isnan(css_length(q, (size_t)(e - q)))) {
					v[(*nd)++] = (struct decl){P_FONT_SIZE, imp,
								   adup(r, q, (size_t)(e - q)), why};
					break;
				}
				while (*e && *e != ' ')
					e++;
				q = e;
			}
			continue;
		}
		if (p == P_BACKGROUND && !ieq(pn, pl, "background-color")) {
			/* background: its colour token, or unknown under an image */
			const char *val2 = NULL;
			if (strstr(lv, "url(") || strstr(lv, "gradient("))
				val2 = "image";
			else {
				char *q = lv;
				while (*q && !val2) {
					while (*q == ' ')
						q++;
					char *e = q;
					int par = 0;
					while (*e && (*e != ' ' || par)) {
						par += *e == '(';
						par -= *e == ')' && par;
						e++;
					}
					if (e > q && css_color(q, (size_t)(e - q)) != COLOR_UNSET)
						val2 = adup(r, q, (size_t)(e - q));
					q = e;
				}
			}
			if (val2)
				v[(*nd)++] = (struct decl){P_BACKGROUND, imp, val2, why};
			continue;
		}
		v[(*nd)++] = (struct decl){(enum prop)p, imp, lv, why};
	}
	return v;
}

/* ---- selectors ---- */

static bool parse_compound(struct reader *r, const char *s, size_t n, struct compound *c)
{
	memset(c, 0, sizeof(*c));
	size_t i = 0;
	if (i < n && s[i] == '*')
		i++;
	else if (i < n && isalpha((unsigned char)s[i])) {
		size_t b = i;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
			i++;
		c->tag = lowerdup(r, s + b, i - b);
	}
	while (i < n) {
		char k = s[i];
		if (k == ':') {
			/* :link and :visited style every link; other states are not the page */
			size_t b = ++i;
			while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
				i++;
			if (!ieq(s + b, i - b, "link") && !ieq(s + b, i - b, "visited"))
				return false;
			continue;
		}
		if (k != '.' && k != '#')
			return false;
		size_t b = ++i;
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_' ||
				 (unsigned char)s[i] >= 0x80))
			i++;
		if (i == b)
			return false;
		if (k == '#')
			c->id = adup(r, s + b, i - b);
		else if (c->nclasses < 8)
			c->classes[c->nclasses++] = adup(r, s + b, i - b);
		else
			return false;
	}
	return true;
}

static void add_rule(struct reader *r, const char *sel, size_t sl, struct decl *d, size_t nd)
{
	struct compound parts[16];
	int np = 0;
	unsigned spec = 0;
	size_t i = 0;
	while (i < sl) {
		while (i < sl && (isspace((unsigned char)sel[i]) || sel[i] == '>'))
			i++;
		if (i >= sl)
			break;
		size_t b = i;
		while (i < sl && !isspace((unsigned char)sel[i]) && sel[i] != '>')
			i++;
		if (np == 16 || sel[b] == '+' || sel[b] == '~' ||
		    !parse_compound(r, sel + b, i - b, &parts[np]))
			return; /* a selector outside the subset: ignored */
		spec += (parts[np].id ? 10000u : 0) + 100u * (unsigned)parts[np].nclasses +
			(parts[np].tag ? 1u : 0);
		np++;
	}
	if (!np || r->nrules >= MAX_RULES)
		return;
	if (r->nrules == r->arules) {
		size_t na = r->arules ? r->arules * 2 : 64;
		struct rule *v = realloc(r->rules, na * sizeof(*v));
		if (!v) {
			fail(r, ZF_ENOMEM);
			return;
		}
		r->rules = v;
		r->arules = na;
	}
	struct compound *pc = arena_alloc(r->a, (size_t)np * sizeof(*pc));
	if (!pc) {
		fail(r, ZF_ENOMEM);
		return;
	}
	memcpy(pc, parts, (size_t)np * sizeof(*pc));
	r->rules[r->nrules++] =
	    (struct rule){pc, np, spec, adup(r, sel, sl), d, nd};
}

/* Reads a style sheet: rules outside at-rules (an @media block is skipped: print and narrow
 * screens are not the page a reader sees). */
static void read_sheet(struct reader *r, const char *s, size_t n)
{
	/* comments out first */
	char *c = malloc(n + 1);
	if (!c) {
		fail(r, ZF_ENOMEM);
		return;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *e = NULL;
			for (size_t k = i + 2; k + 1 < n; k++)
				if (s[k] == '*' && s[k + 1] == '/') {
					e = s + k;
					break;
				}
			if (!e)
				break;
			i = (size_t)(e - s) + 1;
			c[m++] = ' ';
			continue;
		}
		c[m++] = s[i];
	}
	size_t i = 0;
	while (i < m && !r->rc) {
		while (i < m && (isspace((unsigned char)c[i]) || c[i] == '}' || c[i] == ';'))
			i++;
		if (i >= m)
			break;
		size_t b = i;
		while (i < m && c[i] != '{' && c[i] != ';')
			i++;
		if (i >= m)
			break;
		if (c[b] == '@' || c[i] == ';') {
			if (c[i] == '{') { /* skip the balanced block */
				int depth = 0;
				for (; i < m; i++) {
					depth += c[i] == '{';
					if (c[i] == '}' && --depth == 0)
						break;
				}
			}
			i++;
			continue;
		}
		size_t se = i++;
		size_t db = i;
		while (i < m && c[i] != '}')
			i++;
		size_t nd;
		struct decl *d = parse_decls(r, c + db, i - db, &nd);
		if (d && nd) {
			/* one rule per selector of the list */
			size_t k = b;
			while (k < se) {
				size_t kb = k;
				while (k < se && c[k] != ',')
					k++;
				size_t ke = k;
				while (kb < ke && isspace((unsigned char)c[kb]))
					kb++;
				while (ke > kb && isspace((unsigned char)c[ke - 1]))
					ke--;
				if (ke > kb)
					add_rule(r, c + kb, ke - kb, d, nd);
				k++;
			}
		}
		i++;
	}
	free(c);
}

static bool has_class(const char *cls, const char *want)
{
	if (!cls)
		return false;
	size_t wl = strlen(want);
	const char *p = cls;
	while (*p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *b = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if ((size_t)(p - b) == wl && !memcmp(b, want, wl))
			return true;
	}
	return false;
}

static bool match_compound(const struct compound *c, const struct elem *e)
{
	if (c->tag && strcmp(c->tag, e->tag))
		return false;
	if (c->id && (!e->id || strcmp(c->id, e->id)))
		return false;
	for (int i = 0; i < c->nclasses; i++)
		if (!has_class(e->cls, c->classes[i]))
			return false;
	return true;
}

/* Does the rule match the element on top of the stack (its ancestors below it)? */
static bool match_rule(const struct reader *r, const struct rule *ru)
{
	int top = r->depth - 1;
	if (top < 0 || !match_compound(&ru->parts[ru->nparts - 1], &r->stack[top]))
		return false;
	int k = ru->nparts - 2;
	for (int d = top - 1; d >= 0 && k >= 0; d--)
		if (match_compound(&ru->parts[k], &r->stack[d]))
			k--;
	return k < 0;
}

struct matched {
	const struct rule *ru;
	unsigned spec;
	size_t order;
};

static int cmp_matched(const void *a, const void *b)
{
	const struct matched *x = a, *y = b;
	if (x->spec != y->spec)
		return x->spec < y->spec ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void apply(struct style *st, const struct decl *d, size_t n, bool important,
		  const char *where)
{
	for (size_t i = 0; i < n; i++)
		if (d[i].important == important) {
			st->d[d[i].prop] = &d[i];
			st->where[d[i].prop] = where;
		}
}

static int cmp_rkey(const void *a, const void *b)
{
	const struct rkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Indexes the rules by the key of their last compound, so that an element looks only at the
 * rules that may match it. */
static void build_index(struct reader *r)
{
	free(r->index);
	r->index = NULL;
	r->nindex = 0;
	if (!r->nrules)
		return;
	if (!(r->index = malloc(r->nrules * sizeof(*r->index)))) {
		fail(r, ZF_ENOMEM);
		return;
	}
	for (size_t i = 0; i < r->nrules; i++) {
		const struct compound *c = &r->rules[i].parts[r->rules[i].nparts - 1];
		const char *key = "*";
		if (c->id)
			key = arena_printf(r->a, "#%s", c->id);
		else if (c->nclasses)
			key = arena_printf(r->a, ".%s", c->classes[0]);
		else if (c->tag)
			key = c->tag;
		if (!key) {
			fail(r, ZF_ENOMEM);
			return;
		}
		r->index[r->nindex++] = (struct rkey){key, i};
	}
	qsort(r->index, r->nindex, sizeof(*r->index), cmp_rkey);
}

static void match_key(const struct reader *r, const char *key, struct matched *m, size_t *nm,
		      size_t cap)
{
	size_t lo = 0, hi = r->nindex;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(r->index[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->nindex && !strcmp(r->index[lo].key, key) && *nm < cap; lo++) {
		const struct rule *ru = &r->rules[r->index[lo].rule];
		if (match_rule(r, ru))
			m[(*nm)++] = (struct matched){ru, ru->spec, r->index[lo].rule};
	}
}

/* The cascade for the element on top of the stack. */
static void compute_style(struct reader *r, const char *inline_style, struct style *st)
{
	memset(st, 0, sizeof(*st));
	struct matched m[64];
	size_t nm = 0;
	const struct elem *e = &r->stack[r->depth - 1];
	char key[80];
	match_key(r, "*", m, &nm, 64);
	match_key(r, e->tag, m, &nm, 64);
	if (e->id) {
		snprintf(key, sizeof(key), "#%s", e->id);
		match_key(r, key, m, &nm, 64);
	}
	for (const char *p = e->cls; p && *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *b = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (p > b && (size_t)(p - b) < sizeof(key) - 1) {
			snprintf(key, sizeof(key), ".%.*s", (int)(p - b), b);
			/* a class named twice in the attribute must not match twice */
			bool again = false;
			for (const char *q = e->cls; q < b; q++)
				if (!strncmp(q, b, (size_t)(p - b)) && (q == e->cls || isspace((unsigned char)q[-1])) &&
				    (isspace((unsigned char)q[p - b]) || !q[p - b]))
					again = true;
			if (!again)
				match_key(r, key, m, &nm, 64);
		}
	}
	qsort(m, nm, sizeof(m[0]), cmp_matched);
	struct decl *in = NULL;
	size_t nin = 0;
	if (inline_style && *inline_style)
		in = parse_decls(r, inline_style, strlen(inline_style), &nin);
	for (size_t i = 0; i < nm; i++)
		apply(st, m[i].ru->decls, m[i].ru->ndecls, false, m[i].ru->selector);
	apply(st, in, nin, false, "style");
	for (size_t i = 0; i < nm; i++)
		apply(st, m[i].ru->decls, m[i].ru->ndecls, true, m[i].ru->selector);
	apply(st, in, nin, true, "style");
}

/* Every <style> of the page, wherever it stands, before the walk. */
static void collect_sheets(struct reader *r, const GumboNode *n, int depth)
{
	if (n->type != GUMBO_NODE_ELEMENT || depth > MAX_WALK || r->rc)
		return;
	const GumboElement *e = &n->v.element;
	if (e->tag == GUMBO_TAG_STYLE) {
		for (unsigned i = 0; i < e->children.length; i++) {
			const GumboNode *c = e->children.data[i];
			if (c->type == GUMBO_NODE_TEXT)
				read_sheet(r, c->v.text.text, strlen(c->v.text.text));
		}
		return;
	}
	for (unsigned i = 0; i < e->children.length; i++)
		collect_sheets(r, e->children.data[i], depth + 1);
}

static const char *val(const struct style *st, enum prop p)
{
	return st->d[p] ? st->d[p]->value : NULL;
}

static double len_of(const struct style *st, enum prop p)
{
	const char *v = val(st, p);
	return v ? css_length(v, strlen(v)) : NAN;
}

static void why_add(struct reader *r, char *why, const struct style *st, enum prop p)
{
	(void)r;
	if (!st->d[p])
		return;
	size_t l = strlen(why);
	const char *w = st->where[p];
	if (!strcmp(w, "style"))
		snprintf(why + l, WHY_MAX - l, "%sstyle=\"%s\"", l ? "；" : "", st->d[p]->why);
	else
		snprintf(why + l, WHY_MAX - l, "%s%s{%s}", l ? "；" : "", w, st->d[p]->why);
}

static const char *attr(const GumboElement *e, const char *name)
{
	const GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
	return a ? a->value : NULL;
}

static const GumboAttribute *attr_a(const GumboElement *e, const char *name)
{
	return gumbo_get_attribute(&e->attributes, name);
}

/* Applies the element's own style to the state inherited from its parent. */
static void derive(struct reader *r, const GumboElement *e, const char *tag, struct state *s)
{
	struct style st;
	compute_style(r, attr(e, "style"), &st);
	const char *v;
	if ((v = val(&st, P_DISPLAY)) && !strcmp(v, "none")) {
		s->subtree |= SITE_HIDE_DISPLAY;
		why_add(r, s->why, &st, P_DISPLAY);
	} else if (attr(e, "hidden") && !val(&st, P_DISPLAY)) {
		s->subtree |= SITE_HIDE_ATTR;
		size_t l = strlen(s->why);
		snprintf(s->why + l, WHY_MAX - l, "%s<%s hidden>", l ? "；" : "", tag);
	}
	if ((v = val(&st, P_VISIBILITY))) {
		s->vis_hidden = !strcmp(v, "hidden") || !strcmp(v, "collapse");
		s->why_vis = s->vis_hidden ? st.d[P_VISIBILITY]->why : NULL;
	}
	if ((v = val(&st, P_OPACITY))) {
		double o = css_length(v, strlen(v));
		if (!isnan(o) && o <= 0.01) {
			s->subtree |= SITE_HIDE_OPACITY;
			why_add(r, s->why, &st, P_OPACITY);
		}
	}
	double w = len_of(&st, P_WIDTH), h = len_of(&st, P_HEIGHT);
	if ((v = val(&st, P_OVERFLOW)) && (!strcmp(v, "hidden") || !strcmp(v, "clip")) &&
	    ((!isnan(w) && w <= 1) || (!isnan(h) && h <= 1))) {
		s->subtree |= SITE_HIDE_SIZE;
		why_add(r, s->why, &st, !isnan(w) && w <= 1 ? P_WIDTH : P_HEIGHT);
		why_add(r, s->why, &st, P_OVERFLOW);
	}
	if ((v = val(&st, P_POSITION)) &&
	    (!strcmp(v, "absolute") || !strcmp(v, "fixed") || !strcmp(v, "relative"))) {
		for (enum prop p = P_LEFT; p <= P_BOTTOM; p++) {
			double x = len_of(&st, p);
			if (!isnan(x) && (x <= FAR_OFFSCREEN || (p <= P_TOP && x >= 20000))) {
				s->subtree |= SITE_HIDE_OFFSCREEN;
				why_add(r, s->why, &st, P_POSITION);
				why_add(r, s->why, &st, p);
				break;
			}
		}
	}
	if (st.d[P_TEXT_INDENT]) {
		double x = len_of(&st, P_TEXT_INDENT);
		s->indent_away = !isnan(x) && x <= FAR_INDENT;
		s->why_indent = s->indent_away ? st.d[P_TEXT_INDENT]->why : NULL;
	}
	if (st.d[P_FONT_SIZE]) {
		double x = len_of(&st, P_FONT_SIZE);
		const char *fv = val(&st, P_FONT_SIZE);
		bool relative = strchr(fv, '%') || strstr(fv, "em");
		if (!isnan(x) && x <= 1 && !(relative && x > 0)) {
			s->font_zero = true;
			s->why_font = st.d[P_FONT_SIZE]->why;
		} else if (!isnan(x) && !relative) {
			s->font_zero = false;
		}
	}
	if ((v = val(&st, P_BACKGROUND))) {
		long c = !strcmp(v, "image") ? COLOR_UNKNOWN : css_color(v, strlen(v));
		if (c != COLOR_UNSET && c != COLOR_TRANSPARENT)
			s->bg = c;
	} else if (!strcmp(tag, "img") || !strcmp(tag, "video") || !strcmp(tag, "canvas")) {
		s->bg = COLOR_UNKNOWN;
	}
	if ((v = val(&st, P_COLOR))) {
		long c = css_color(v, strlen(v));
		if (c != COLOR_UNSET) {
			s->color = c;
			s->why_color = st.d[P_COLOR]->why;
		}
	} else if (!strcmp(tag, "a") && attr(e, "href")) {
		s->color = 0x0000ee; /* the browser's link colour */
		s->why_color = NULL;
	} else if ((v = attr(e, "color")) && !strcmp(tag, "font")) {
		long c = css_color(v, strlen(v));
		if (c != COLOR_UNSET) {
			s->color = c;
			s->why_color = NULL;
		}
	}
	if (!strcmp(tag, "marquee")) {
		const char *ah = attr(e, "height"), *aw = attr(e, "width");
		double mh = !isnan(h) ? h : ah ? css_length(ah, strlen(ah)) : NAN;
		double mw = !isnan(w) ? w : aw ? css_length(aw, strlen(aw)) : NAN;
		const char *sa = attr(e, "scrollamount");
		double amount = sa ? strtod(sa, NULL) : 6;
		if ((!isnan(mh) && mh <= 5) || (!isnan(mw) && mw <= 5) || amount >= 500) {
			s->subtree |= SITE_HIDE_MARQUEE;
			size_t l = strlen(s->why);
			snprintf(s->why + l, WHY_MAX - l, "%s<marquee%s%s%s%s%s%s>", l ? "；" : "",
				 ah ? " height=" : "", ah ? ah : "", aw ? " width=" : "",
				 aw ? aw : "", sa ? " scrollamount=" : "", sa ? sa : "");
		}
	}
}

/* The reasons that hide text in this state, with their why. */
static unsigned text_bits(const struct state *s, char *why)
{
	unsigned b = s->subtree;
	if (why)
		snprintf(why, WHY_MAX, "%s", s->why);
	struct {
		bool on;
		unsigned bit;
		const char *w;
	} more[] = {
	    {s->vis_hidden, SITE_HIDE_VISIBILITY, s->why_vis},
	    {s->font_zero, SITE_HIDE_FONT_SIZE, s->why_font},
	    {s->indent_away, SITE_HIDE_TEXT_INDENT, s->why_indent},
	    {s->color == COLOR_TRANSPARENT ||
		 (s->bg >= 0 && s->color >= 0 && color_near(s->color, s->bg)),
	     SITE_HIDE_COLOR, s->why_color},
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		if (!more[i].on)
			continue;
		b |= more[i].bit;
		if (why && more[i].w) {
			size_t l = strlen(why);
			snprintf(why + l, WHY_MAX - l, "%s%s", l ? "；" : "", more[i].w);
		}
	}
	if (why && (b & SITE_HIDE_COLOR) && !s->why_color) {
		size_t l = strlen(why);
		snprintf(why + l, WHY_MAX - l, "%s文字颜色 #%06lx 与背景相同", l ? "；" : "",
			 s->color < 0 ? 0 : s->color);
	}
	return b;
}

/* ---- text ---- */

static void emit_text(struct reader *r, const GumboText *t)
{
	struct site_page *pg = r->pg;
	const char *dec = t->text;
	size_t dl = strlen(dec);
	const char *orig = t->original_text.data;
	size_t ol = t->original_text.length;
	size_t base = t->start_pos.offset;
	if (!dl || r->nest)
		return;
	if (orig && ol == dl && !memcmp(orig, dec, dl)) {
		if (offmap_emit(&pg->text, &pg->map, pg->html.p, base, base + dl))
			fail(r, ZF_ENOMEM);
		return;
	}
	/* entities or line ends were rewritten: walk both, copying what agrees */
	size_t i = 0, j = 0;
	while (j < dl) {
		if (i < ol && orig[i] == dec[j]) {
			size_t k = 0;
			while (i + k < ol && j + k < dl && orig[i + k] == dec[j + k] &&
			       orig[i + k] != '&')
				k++;
			if (k) {
				offmap_copy(&pg->map, pg->text.len, base + i, k);
				buf_add(&pg->text, dec + j, k);
				i += k, j += k;
				continue;
			}
		}
		/* one decoded character for one entity (or a rewritten byte) */
		uint32_t cp;
		size_t cl = utf8_decode(dec + j, dl - j, &cp);
		if (!cl)
			cl = 1;
		offmap_repl(&pg->map, pg->text.len, base + (i < ol ? i : ol));
		buf_add(&pg->text, dec + j, cl);
		j += cl;
		if (i < ol && orig[i] == '&') {
			size_t k = i + 1;
			while (k < ol && k < i + 40 && orig[k] != ';' && orig[k] != '&' &&
			       !isspace((unsigned char)orig[k]))
				k++;
			i = k < ol && orig[k] == ';' ? k + 1 : k;
		} else if (i < ol) {
			i += orig[i] == '\r' && i + 1 < ol && orig[i + 1] == '\n' ? 2 : 1;
		}
	}
	if (pg->text.failed)
		fail(r, ZF_ENOMEM);
}

static void text_break(struct reader *r, char c)
{
	struct buf *t = &r->pg->text;
	if (r->nest || !t->len)
		return;
	char last = t->p[t->len - 1];
	if (last == '\n' || (c == ' ' && last == ' '))
		return;
	if (last == ' ' && c == '\n')
		t->len--, t->p[t->len] = '\0';
	offmap_repl(&r->pg->map, t->len, r->pg->map.n ? offmap_lookup(&r->pg->map, t->len - 1) + 1 : 0);
	buf_addch(t, c);
}

static bool is_block(const char *tag)
{
	static const char *blocks[] = {"p",	  "div",     "br",	"li",	  "tr",	    "h1",
				       "h2",	  "h3",	     "h4",	"h5",	  "h6",	    "table",
				       "ul",	  "ol",	     "section", "article", "header", "footer",
				       "nav",	  "aside",   "main",	"dl",	  "dt",	    "dd",
				       "form",	  "fieldset", "hr",	"pre",	  "blockquote",
				       "address", "caption", "center", "marquee", "tbody", "thead"};
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (!strcmp(tag, blocks[i]))
			return true;
	return false;
}

/* ---- links ---- */

static void node_text(const GumboNode *n, struct buf *b, int depth)
{
	if (b->len > LINK_TEXT_MAX || depth > 50)
		return;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	    n->type == GUMBO_NODE_CDATA) {
		buf_adds(b, n->v.text.text);
	} else if (n->type == GUMBO_NODE_ELEMENT) {
		if (n->v.element.tag == GUMBO_TAG_IMG) {
			const char *alt = attr(&n->v.element, "alt");
			if (alt)
				buf_adds(b, alt);
		}
		for (unsigned i = 0; i < n->v.element.children.length; i++)
			node_text(n->v.element.children.data[i], b, depth + 1);
	}
}

/* Trims and collapses whitespace into the arena. */
static char *squeeze(struct reader *r, const char *s, size_t n)
{
	char *d = arena_alloc(r->a, n + 1);
	if (!d) {
		fail(r, ZF_ENOMEM);
		return NULL;
	}
	size_t m = 0;
	bool sp = false;
	for (size_t i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i])) {
			sp = m > 0;
			continue;
		}
		if (sp)
			d[m++] = ' ';
		sp = false;
		d[m++] = s[i];
	}
	/* never cut a character in two */
	if (m > LINK_TEXT_MAX) {
		m = LINK_TEXT_MAX;
		while (m && ((unsigned char)d[m] & 0xC0) == 0x80)
			m--;
	}
	d[m] = '\0';
	return d;
}

static void add_link(struct reader *r, const char *tag, const char *href, const GumboNode *n,
		     unsigned hide, const char *why)
{
	if (!href || r->links.len / sizeof(struct site_link) >= MAX_LINKS)
		return;
	/* what a script writes matters when a reader can follow it */
	if (r->nest && strcmp(tag, "a") && strcmp(tag, "area") && strcmp(tag, "iframe") &&
	    strcmp(tag, "frame"))
		return;
	struct buf t = BUF_INIT;
	buf_init(&t, 4096);
	if (n && (!strcmp(tag, "a") || !strcmp(tag, "area")))
		node_text(n, &t, 0);
	if (n && !strcmp(tag, "area") && attr(&n->v.element, "alt"))
		buf_adds(&t, attr(&n->v.element, "alt"));
	if (n && !strcmp(tag, "img") && attr(&n->v.element, "alt"))
		buf_adds(&t, attr(&n->v.element, "alt"));
	if (n && !t.len && attr(&n->v.element, "title"))
		buf_adds(&t, attr(&n->v.element, "title"));
	struct site_link l = {
	    .href = squeeze(r, href, strlen(href)),
	    .text = squeeze(r, t.p ? t.p : "", t.len),
	    .off = r->nest ? r->script_off : n ? n->v.element.start_pos.offset : 0,
	    .hide = hide,
	    .why = adup(r, why ? why : "", why ? strlen(why) : 0),
	    .tag = tag,
	};
	buf_free(&t);
	if (r->nest) {
		l.hide |= SITE_HIDE_SCRIPT;
		size_t wl = strlen(l.why);
		char *w = arena_printf(r->a, "%s%s%s", r->script_why, wl ? "；" : "", l.why);
		l.why = w ? w : l.why;
	}
	if (!l.href || !l.text || !l.why) {
		fail(r, ZF_ENOMEM);
		return;
	}
	if (buf_add(&r->links, &l, sizeof(l)))
		fail(r, ZF_ENOMEM);
}

/* ---- scripts: the links they write ---- */

static void read_fragment(struct reader *r, const char *html, size_t n, const char *why,
			  size_t off);
static void read_script(struct reader *r, const char *s, size_t n, size_t off);

static bool has(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = 0; i + wl <= n; i++)
		if (!strncasecmp(s + i, word, wl))
			return true;
	return false;
}

/* JS escapes of a string literal's body into out. */
static void js_unescape(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			buf_addch(out, s[i]);
			continue;
		}
		char c = s[++i];
		if (c == 'x' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
			buf_addch(out, (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
			i += 2;
		} else if (c == 'u' && i + 4 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0 &&
			   hexv(s[i + 3]) >= 0 && hexv(s[i + 4]) >= 0) {
			uint32_t cp = (uint32_t)(hexv(s[i + 1]) << 12 | hexv(s[i + 2]) << 8 |
						 hexv(s[i + 3]) << 4 | hexv(s[i + 4]));
			char u[4];
			buf_add(out, u, utf8_encode(cp, u));
			i += 4;
		} else if (c == 'n') {
			buf_addch(out, '\n');
		} else {
			buf_addch(out, c);
		}
	}
}

/* %xx and %uXXXX. */
static void pct_decode(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
			buf_addch(out, (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2])));
			i += 2;
		} else if (s[i] == '%' && i + 5 < n && (s[i + 1] | 0x20) == 'u' &&
			   hexv(s[i + 2]) >= 0 && hexv(s[i + 3]) >= 0 && hexv(s[i + 4]) >= 0 &&
			   hexv(s[i + 5]) >= 0) {
			uint32_t cp = (uint32_t)(hexv(s[i + 2]) << 12 | hexv(s[i + 3]) << 8 |
						 hexv(s[i + 4]) << 4 | hexv(s[i + 5]));
			char u[4];
			buf_add(out, u, utf8_encode(cp, u));
			i += 5;
		} else {
			buf_addch(out, s[i]);
		}
	}
}

static int b64v(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Decodes base64; false when it is not base64. */
static bool b64_decode(const char *s, size_t n, struct buf *out)
{
	while (n && s[n - 1] == '=')
		n--;
	if (n < 8)
		return false;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64v(s[i]);
		if (v < 0)
			return false;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addch(out, (char)(acc >> bits & 0xff));
		}
	}
	return true;
}

/* Looks at one decoded string: HTML with links is read as a fragment; code is read again. */
static void look_at(struct reader *r, const char *s, size_t n, const char *how, size_t off)
{
	if (!n)
		return;
	bool code = has(s, n, "document.write") || has(s, n, "innerhtml") || has(s, n, "eval(") ||
		    has(s, n, "insertadjacenthtml");
	if (code)
		read_script(r, s, n, off);
	else if (has(s, n, "<a") || has(s, n, "<iframe") || has(s, n, "<area") ||
		 has(s, n, "<frame"))
		read_fragment(r, s, n, how, off);
	else if (has(s, n, "atob(") || has(s, n, "fromcharcode"))
		read_script(r, s, n, off);
}

static void read_script(struct reader *r, const char *s, size_t n, size_t off)
{
	if (r->nest >= SCRIPT_NEST || r->rc)
		return;
	bool sink = has(s, n, "document.write") || has(s, n, "innerhtml") ||
		    has(s, n, "outerhtml") || has(s, n, "insertadjacenthtml") ||
		    has(s, n, "eval(") || has(s, n, ".html(") || has(s, n, ".append(") ||
		    has(s, n, "new function(");
	if (!sink)
		return;
	char how[96];
	snprintf(how, sizeof(how), "%s%s%s%s%s",
		 has(s, n, "document.write")
		     ? "document.write"
		     : has(s, n, "eval(") ? "eval"
					  : has(s, n, "insertadjacenthtml") ? "insertAdjacentHTML"
									    : "innerHTML",
		 has(s, n, "atob(") ? "+atob" : "", has(s, n, "unescape(") ? "+unescape" : "",
		 has(s, n, "fromcharcode") ? "+String.fromCharCode" : "",
		 has(s, n, "decodeuri") ? "+decodeURIComponent" : "");
	bool b64 = has(s, n, "atob("), pct = has(s, n, "unescape(") || has(s, n, "decodeuri");
	struct buf joined = BUF_INIT, lit = BUF_INIT, dec = BUF_INIT;
	buf_init(&joined, SITE_PAGE_MAX);
	r->nest++;
	size_t i = 0;
	while (i < n && !r->rc) {
		char q = s[i];
		if (q == '/' && i + 1 < n && s[i + 1] == '/') { /* line comment */
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (q == '/' && i + 1 < n && s[i + 1] == '*') {
			i += 2;
			while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
				i++;
			i += 2;
			continue;
		}
		if (!strncasecmp(s + i, "fromcharcode(", 13) && i + 13 <= n) {
			/* String.fromCharCode(60, 97, …) */
			size_t k = i + 13;
			buf_reset(&lit);
			while (k < n && s[k] != ')') {
				if (isdigit((unsigned char)s[k])) {
					long v = 0;
					while (k < n && isdigit((unsigned char)s[k]) && v < 0x110000)
						v = v * 10 + (s[k++] - '0');
					char u[4];
					if (v > 0 && v < 0x110000)
						buf_add(&lit, u, utf8_encode((uint32_t)v, u));
				} else {
					k++;
				}
			}
			look_at(r, lit.p ? lit.p : "", lit.len, how, off);
			i = k;
			continue;
		}
		if (q != '"' && q != '\'' && q != '`') {
			i++;
			continue;
		}
		/* a literal, and the literals joined to it with + */
		buf_reset(&joined);
		for (;;) {
			size_t b = ++i;
			while (i < n && s[i] != q) {
				if (s[i] == '\\')
					i++;
				if (s[i] == '\n' && q != '`')
					break;
				i++;
			}
			size_t e = i < n ? i : n;
			js_unescape(s + b, e - b, &joined);
			i++;
			size_t k = i;
			while (k < n && isspace((unsigned char)s[k]))
				k++;
			if (k < n && s[k] == '+') {
				k++;
				while (k < n && isspace((unsigned char)s[k]))
					k++;
				if (k < n && (s[k] == '"' || s[k] == '\'' || s[k] == '`')) {
					q = s[k];
					i = k;
					continue;
				}
			}
			break;
		}
		if (joined.failed) {
			fail(r, ZF_ETOOBIG);
			break;
		}
		const char *js = joined.p ? joined.p : "";
		look_at(r, js, joined.len, how, off);
		if (b64) {
			buf_reset(&dec);
			if (b64_decode(js, joined.len, &dec))
				look_at(r, dec.p ? dec.p : "", dec.len, how, off);
		}
		if (pct && memchr(js, '%', joined.len)) {
			buf_reset(&dec);
			pct_decode(js, joined.len, &dec);
			look_at(r, dec.p ? dec.p : "", dec.len, how, off);
		}
	}
	r->nest--;
	buf_free(&joined);
	buf_free(&lit);
	buf_free(&dec);
}

/* ---- the walk ---- */

static const char *tag_name(struct reader *r, const GumboElement *e)
{
	if (e->tag != GUMBO_TAG_UNKNOWN)
		return gumbo_normalized_tagname(e->tag);
	GumboStringPiece p = e->original_tag;
	gumbo_tag_from_original_text(&p);
	return p.length ? lowerdup(r, p.data, p.length < 32 ? p.length : 32) : "unknown";
}

static void walk(struct reader *r, const GumboNode *n, struct state *ps);

static void walk_children(struct reader *r, const GumboElement *e, struct state *s)
{
	for (unsigned i = 0; i < e->children.length && !r->rc; i++)
		walk(r, e->children.data[i], s);
}

static void element_links(struct reader *r, const GumboNode *n, const char *tag, unsigned bits,
			  const char *why)
{
	const GumboElement *e = &n->v.element;
	const char *href = NULL;
	if (!strcmp(tag, "a") || !strcmp(tag, "area") || !strcmp(tag, "link"))
		href = attr(e, "href");
	else if (!strcmp(tag, "img") || !strcmp(tag, "iframe") || !strcmp(tag, "frame") ||
		 !strcmp(tag, "script"))
		href = attr(e, "src");
	else if (!strcmp(tag, "form"))
		href = attr(e, "action");
	if (!href)
		return;
	add_link(r, tag, href, n, bits, why);
}


static void walk(struct reader *r, const GumboNode *n, struct state *ps)
{
	if (r->rc)
		return;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
		if (r->in_body)
			emit_text(r, &n->v.text);
		if (r->cur_link) {
			char why[WHY_MAX];
			unsigned b = text_bits(ps, why);
			if (!r->cur_link->any)
				snprintf(r->cur_link->why, WHY_MAX, "%s", why);
			r->cur_link->and_bits &= b;
			r->cur_link->any = true;
		}
		return;
	}
	if (n->type == GUMBO_NODE_WHITESPACE) {
		if (r->in_body)
			text_break(r, ' ');
		return;
	}
	if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
		return;
	const GumboElement *e = &n->v.element;
	const char *tag = tag_name(r, e);
	if (!tag)
		return;
	if (e->tag == GUMBO_TAG_STYLE)
		return; /* read before the walk */
	if (e->tag == GUMBO_TAG_TITLE && !r->nest && !*r->pg->title) {
		for (unsigned i = 0; i < e->children.length; i++) {
			const GumboNode *c = e->children.data[i];
			if (c->type == GUMBO_NODE_TEXT) {
				r->pg->title = squeeze(r, c->v.text.text, strlen(c->v.text.text));
				r->pg->title_off = c->v.text.start_pos.offset;
				if (!r->pg->title)
					r->pg->title = "";
				break;
			}
		}
		return;
	}
	if (e->tag == GUMBO_TAG_META && !r->nest) {
		const char *name = attr(e, "name");
		const GumboAttribute *c = attr_a(e, "content");
		if (name && c) {
			bool kw = !strcasecmp(name, "keywords"), de = !strcasecmp(name, "description");
			if ((kw && !*r->pg->keywords) || (de && !*r->pg->description)) {
				char *v = squeeze(r, c->value, strlen(c->value));
				size_t off = c->value_start.offset + (c->original_value.length &&
								      (c->original_value.data[0] == '"' ||
								       c->original_value.data[0] == '\'')
								  ? 1
								  : 0);
				if (v && kw)
					r->pg->keywords = v, r->pg->keywords_off = off;
				else if (v)
					r->pg->description = v, r->pg->description_off = off;
			}
		}
		return;
	}
	if (r->rdepth >= MAX_WALK)
		return;
	if (r->depth >= MAX_DEPTH) {
		/* too deep to keep the selector stack: inherited style only */
		r->rdepth++;
		walk_children(r, e, ps);
		r->rdepth--;
		return;
	}
	r->rdepth++;
	r->stack[r->depth++] = (struct elem){tag, attr(e, "id"), attr(e, "class")};
	struct state s = *ps;
	derive(r, e, tag, &s);
	bool body_before = r->in_body;
	if (e->tag == GUMBO_TAG_BODY)
		r->in_body = true;
	if (e->tag == GUMBO_TAG_SCRIPT) {
		const char *src = attr(e, "src");
		if (src)
			add_link(r, "script", src, n, 0, "");
		for (unsigned i = 0; i < e->children.length; i++) {
			const GumboNode *c = e->children.data[i];
			if (c->type == GUMBO_NODE_TEXT) {
				size_t save = r->script_off;
				if (!r->nest)
					r->script_off = e->start_pos.offset;
				read_script(r, c->v.text.text, strlen(c->v.text.text), r->script_off);
				r->script_off = save;
			}
		}
		r->depth--;
		r->rdepth--;
		return;
	}
	if (e->tag == GUMBO_TAG_NOSCRIPT || e->tag == GUMBO_TAG_TEMPLATE ||
	    n->type == GUMBO_NODE_TEMPLATE) {
		r->depth--;
		r->rdepth--;
		return;
	}
	char ewhy[WHY_MAX];
	unsigned ebits = text_bits(&s, ewhy);
	bool block = is_block(tag), cell = e->tag == GUMBO_TAG_TD || e->tag == GUMBO_TAG_TH;
	if (r->in_body && block)
		text_break(r, '\n');
	if (r->in_body && cell)
		text_break(r, ' ');
	bool linky = (e->tag == GUMBO_TAG_A || e->tag == GUMBO_TAG_AREA) && attr(e, "href");
	if (linky) {
		struct linkacc acc = {~0u, false, ""}, *save = r->cur_link;
		r->cur_link = &acc;
		walk_children(r, e, &s);
		r->cur_link = save;
		unsigned bits = ebits;
		const char *why = ewhy;
		if (acc.any && (acc.and_bits & ~ebits)) {
			bits |= acc.and_bits;
			why = acc.why;
		}
		add_link(r, tag, attr(e, "href"), n, bits, why);
	} else {
		if (e->tag == GUMBO_TAG_IMG && r->cur_link) {
			/* an image is the link's content too */
			r->cur_link->and_bits &= ebits;
			if (!r->cur_link->any)
				snprintf(r->cur_link->why, WHY_MAX, "%s", ewhy);
			r->cur_link->any = true;
		}
		element_links(r, n, tag, ebits, ewhy);
		walk_children(r, e, &s);
	}
	if (r->in_body && (block || e->tag == GUMBO_TAG_BR))
		text_break(r, '\n');
	if (r->in_body && cell)
		text_break(r, ' ');
	r->in_body = body_before;
	r->depth--;
	r->rdepth--;
}

static struct state root_state(void)
{
	struct state s;
	memset(&s, 0, sizeof(s));
	s.color = 0x000000;
	s.bg = 0xffffff;
	return s;
}

/* A page written by script: parsed alone, its links marked as written by script. */
static void read_fragment(struct reader *r, const char *html, size_t n, const char *why,
			  size_t off)
{
	GumboOptions o = kGumboDefaultOptions;
	o.max_errors = 100;
	GumboOutput *g = gumbo_parse_with_options(&o, html, n);
	if (!g) {
		fail(r, ZF_ENOMEM);
		return;
	}
	if (++r->fragments > MAX_FRAGMENTS)
		return;
	const char *save_why = r->script_why;
	size_t save_off = r->script_off;
	int save_depth = r->depth;
	size_t save_rules = r->nrules;
	bool save_body = r->in_body;
	struct linkacc *save_link = r->cur_link;
	r->cur_link = NULL;
	r->script_why = why;
	r->script_off = off;
	r->depth = 0;
	collect_sheets(r, g->root, 0);
	if (r->nrules != save_rules)
		build_index(r);
	struct state s = root_state();
	walk(r, g->root, &s);
	r->script_why = save_why;
	r->script_off = save_off;
	r->depth = save_depth;
	if (r->nrules != save_rules) {
		r->nrules = save_rules; /* the fragment's own sheets stay with it */
		build_index(r);
	}
	r->in_body = save_body;
	r->cur_link = save_link;
	gumbo_destroy_output(&o, g);
}

/* ---- decoding ---- */

/* The charset a page declares in its first 4 KB (meta charset or http-equiv), or "". */
static void declared_charset(const char *s, size_t n, char *out, size_t cap)
{
	out[0] = '\0';
	if (n > 4096)
		n = 4096;
	for (size_t i = 0; i + 8 < n; i++) {
		if (strncasecmp(s + i, "charset", 7))
			continue;
		size_t k = i + 7;
		while (k < n && (s[k] == ' ' || s[k] == '\t'))
			k++;
		if (k >= n || s[k] != '=')
			continue;
		k++;
		while (k < n && (s[k] == ' ' || s[k] == '"' || s[k] == '\''))
			k++;
		size_t m = 0;
		while (k < n && m + 1 < cap &&
		       (isalnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_' || s[k] == '.' ||
			s[k] == ':'))
			out[m++] = (char)tolower((unsigned char)s[k++]);
		out[m] = '\0';
		return;
	}
}

static bool charset_known(const char *cs)
{
	static const char *known[] = {"utf-8",	  "utf8",     "gb2312",	 "gbk",	    "gb18030",
				      "x-gbk",	  "cp936",    "euc-cn",	 "big5",    "big5-hkscs",
				      "cp950",	  "utf-16",   "utf-16le", "utf-16be", "us-ascii",
				      "ascii",	  "iso-8859-1", "windows-1252", "latin1", "hz-gb-2312"};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(cs, known[i]))
			return true;
	return false;
}

bool site_page_detect(const char *bytes, size_t n)
{
	size_t k = n < 2048 ? n : 2048;
	if (html_detect(bytes, n))
		return true;
	return has(bytes, k, "<html") || has(bytes, k, "<!doctype html") || has(bytes, k, "<body") ||
	       has(bytes, k, "<head") || has(bytes, k, "<div") || has(bytes, k, "<a href");
}

void site_page_free(struct site_page *p)
{
	if (!p)
		return;
	buf_free(&p->html);
	buf_free(&p->text);
	offmap_free(&p->map);
	free(p->links);
	arena_free(p->arena);
	free(p);
}

int site_page_read(const char *bytes, size_t n, struct site_page **out, struct buf *err)
{
	*out = NULL;
	if (n > SITE_PAGE_MAX) {
		buf_setf(err, "网页过大（%zu 字节，上限 %u 字节），未检查", n, SITE_PAGE_MAX);
		return ZF_ETOOBIG;
	}
	char cs[40];
	declared_charset(bytes, n, cs, sizeof(cs));
	if (cs[0] && !charset_known(cs)) {
		buf_setf(err, "网页声明的编码“%s”无法识别（可以读取的是 UTF-8、GBK/GB2312/GB18030、"
			      "Big5 和 UTF-16）",
			 cs);
		return ZF_EPARSE;
	}
	struct site_page *pg = calloc(1, sizeof(*pg));
	if (!pg)
		return ZF_ENOMEM;
	buf_init(&pg->html, 0);
	buf_init(&pg->text, 0);
	offmap_init(&pg->map);
	pg->title = pg->keywords = pg->description = "";
	if (!(pg->arena = arena_new(0))) {
		site_page_free(pg);
		return ZF_ENOMEM;
	}
	struct decode_info di;
	int rc = ingest_decode(bytes, n, &pg->html, &di);
	if (rc) {
		site_page_free(pg);
		return rc;
	}
	pg->encoding = ingest_encoding_name(di.enc);
	if (di.binary || (n >= 64 && di.bad * 20 > n)) {
		buf_setf(err, di.binary ? "不是网页或文本（含有二进制数据）"
					: "无法识别网页的编码（%zu 处字节无法解读）",
			 di.bad);
		site_page_free(pg);
		return ZF_EPARSE;
	}
	struct reader r;
	memset(&r, 0, sizeof(r));
	r.pg = pg;
	r.a = pg->arena;
	buf_init(&r.links, 0);
	GumboOptions o = kGumboDefaultOptions;
	o.max_errors = 1000;
	GumboOutput *g =
	    gumbo_parse_with_options(&o, pg->html.p ? pg->html.p : "", pg->html.len);
	if (!g) {
		site_page_free(pg);
		buf_free(&r.links);
		return ZF_ENOMEM;
	}
	/* style sheets first: a rule applies wherever the <style> stands */
	collect_sheets(&r, g->root, 0);
	build_index(&r);
	struct state s = root_state();
	walk(&r, g->root, &s);
	gumbo_destroy_output(&o, g);
	free(r.rules);
	free(r.index);
	if (!r.rc && (pg->text.failed || pg->map.failed))
		r.rc = ZF_ENOMEM;
	if (r.rc) {
		buf_free(&r.links);
		site_page_free(pg);
		return r.rc;
	}
	pg->nlinks = r.links.len / sizeof(struct site_link);
	pg->links = (struct site_link *)(void *)buf_detach(&r.links, NULL);
	*out = pg;
	return 0;
}

/* The links of a page, their strings copied so that they outlive it. */
int site_page_links(const char *html, size_t n, struct site_link **links, size_t *nlinks)
{
	*links = NULL;
	*nlinks = 0;
	struct site_page *pg;
	struct buf err = BUF_INIT;
	int rc = site_page_read(html, n, &pg, &err);
	buf_free(&err);
	if (rc)
		return rc;
	struct site_link *v = calloc(pg->nlinks ? pg->nlinks : 1, sizeof(*v));
	if (!v) {
		site_page_free(pg);
		return ZF_ENOMEM;
	}
	for (size_t i = 0; i < pg->nlinks; i++) {
		v[i] = pg->links[i];
		v[i].href = strdup(pg->links[i].href);
		v[i].text = strdup(pg->links[i].text);
		v[i].why = strdup(pg->links[i].why);
		v[i].tag = pg->links[i].tag; /* static tag names */
		if (!v[i].href || !v[i].text || !v[i].why) {
			site_links_free(v, i + 1);
			site_page_free(pg);
			return ZF_ENOMEM;
		}
	}
	*links = v;
	*nlinks = pg->nlinks;
	site_page_free(pg);
	return 0;
}

void site_links_free(struct site_link *links, size_t n)
{
	if (!links)
		return;
	for (size_t i = 0; i < n; i++) {
		free((char *)links[i].href);
		free((char *)links[i].text);
		free((char *)links[i].why);
	}
	free(links);
}
