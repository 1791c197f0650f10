/* scan.c: rule sets and the one-pass phrase scanner (see scan.h). The patterns, folded,
 * become an Aho–Corasick automaton over code points: symbols are the distinct folded code
 * points of the patterns, numbered 1..K (0: any other character); the root has a dense
 * table by symbol, every other state a sorted slice of (symbol, next) edges, searched by
 * binary search, and a failure link. A table by BMP code point gives the folded symbol and
 * the noise class of each character, so the hot loop does one lookup a character. */
#include "common.h"
#include "embedded.h"
#include "text/fold.h"
#include "text/normalize.h"
#include "text/scan.h"
#include "utf8.h"

#define SYM_NOISE   (1u << 30)
#define SYM_CLAUSE  (1u << 31)
#define SYM_MASK    0xFFFFFFu
#define NONE	    UINT32_MAX
#define RING	    64 /* >= SCAN_PATTERN_MAX, a power of two */
#define BOUND_LEFT  1
#define BOUND_RIGHT 2

/* What the hot loop reads of a state, 16 bytes; the rest is in cold arrays. */
struct ac_state {
	uint32_t edge, nedge; /* slice of edges */
	uint32_t fail;
	uint32_t out; /* this state if rules end here, else its dict state; 0 none */
};

struct ac_edge {
	uint32_t sym, to;
};

struct scan_rules {
	char *text; /* copy of the rule-set text; the fields point into it */
	const char *version, *name;
	struct scan_rule *v;
	size_t n;
	uint32_t *next_rule; /* next rule ending at the same state, + 1 */
	uint8_t *bound;	     /* BOUND_LEFT | BOUND_RIGHT per rule */
	uint32_t *ids;	     /* open hash of rule index + 1 by id */
	size_t idcap;
	uint32_t *bmp;	 /* per BMP code point: symbol | SYM_NOISE | SYM_CLAUSE */
	uint32_t *alpha; /* sorted folded code points; alpha[i] is symbol i + 1 */
	size_t nalpha;
	struct ac_state *st;
	size_t nst;
	uint32_t *dict;	 /* per state: nearest state on the fail chain with rules, 0 none */
	uint32_t *rules; /* per state: first rule ending there, + 1; 0 none */
	uint32_t *depth; /* per state: characters from the root */
	struct ac_edge *edges;
	uint32_t *root; /* next state from the root by symbol; 0 stays at the root */
};

const char *scan_sev_key(enum scan_sev s)
{
	static const char *const k[] = {"veto", "deduct", "suspect"};
	return (unsigned)s < SCAN_SEV_COUNT ? k[s] : "";
}

const char *scan_sev_label(enum scan_sev s)
{
	static const char *const k[] = {"单项否决", "扣分", "疑似"};
	return (unsigned)s < SCAN_SEV_COUNT ? k[s] : "";
}

int scan_sev_parse(const char *s)
{
	for (int i = 0; i < SCAN_SEV_COUNT; i++)
		if (!strcmp(s, scan_sev_key((enum scan_sev)i)) ||
		    !strcmp(s, scan_sev_label((enum scan_sev)i)))
			return i;
	return -1;
}

void scan_rules_free(struct scan_rules *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->v);
	free(r->next_rule);
	free(r->bound);
	free(r->ids);
	free(r->bmp);
	free(r->alpha);
	free(r->st);
	free(r->dict);
	free(r->rules);
	free(r->depth);
	free(r->edges);
	free(r->root);
	free(r);
}

const char *scan_rules_version(const struct scan_rules *r)
{
	return r && r->version ? r->version : "";
}

const char *scan_rules_name(const struct scan_rules *r)
{
	return r && r->name ? r->name : "";
}

size_t scan_rules_count(const struct scan_rules *r)
{
	return r ? r->n : 0;
}

const struct scan_rule *scan_rules_get(const struct scan_rules *r, size_t i)
{
	return r && i < r->n ? &r->v[i] : NULL;
}

size_t scan_rules_memory(const struct scan_rules *r)
{
	if (!r)
		return 0;
	size_t nedge = r->nst ? r->nst - 1 : 0;
	return sizeof(*r) + r->n * (sizeof(struct scan_rule) + sizeof(uint32_t) + 1) +
	       r->idcap * sizeof(uint32_t) + 0x10000 * sizeof(uint32_t) +
	       r->nalpha * 2 * sizeof(uint32_t) +
	       r->nst * (sizeof(struct ac_state) + 3 * sizeof(uint32_t)) +
	       nedge * sizeof(struct ac_edge) + strlen(r->text ? r->text : "");
}

static uint32_t hash_id(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

const struct scan_rule *scan_rules_find(const struct scan_rules *r, const char *id)
{
	if (!r || !r->idcap || !id)
		return NULL;
	for (size_t i = hash_id(id) & (r->idcap - 1);; i = (i + 1) & (r->idcap - 1)) {
		if (!r->ids[i])
			return NULL;
		if (!strcmp(r->v[r->ids[i] - 1].id, id))
			return &r->v[r->ids[i] - 1];
	}
}

/* ---- parsing ---- */

struct parse {
	struct scan_rules *r;
	struct text_fold *fold;
	uint32_t *cps; /* folded patterns, one after another */
	size_t ncps, acps;
	uint32_t *off; /* start of each rule's folded pattern in cps; off[n] = ncps */
	size_t alloc;
	struct buf *err;
	unsigned line;
};

#define CLIP 60

/* s cut to at most CLIP bytes at a character boundary, with "…" when cut (into out). */
static const char *clip(const char *s, char out[CLIP + 4])
{
	size_t n = strlen(s);
	if (n <= CLIP)
		return s;
	n = CLIP;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, s, n);
	memcpy(out + n, "\xE2\x80\xA6", 4);
	return out;
}

/* Sets the error "第N行：" + fmt with arg (clipped). */
static int fail_at(struct parse *p, const char *fmt, const char *arg)
{
	if (p->err) {
		char c[CLIP + 4];
		buf_setf(p->err, "第%u行：", p->line);
		buf_printf(p->err, fmt, clip(arg, c));
	}
	return ZF_EPARSE;
}

static const char *category_of(const char *id)
{
	static const char *const cats[] = {"wording", "spam", "allow"};
	for (size_t i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		size_t k = strlen(cats[i]);
		if (!strncmp(id, cats[i], k) && id[k] == '.' && id[k + 1])
			return cats[i];
	}
	return NULL;
}

static bool id_chars_ok(const char *id)
{
	for (const char *s = id; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static int parse_day(struct parse *p, const char *s, zf_day *out, const char *what)
{
	*out = 0;
	if (!*s)
		return 0;
	if (date_parse((struct str){s, strlen(s)}, out) < 0) {
		if (p->err) {
			char c[CLIP + 4];
			buf_setf(p->err, "第%u行：%s“%s”无效（应为 YYYY-MM-DD）", p->line, what,
				 clip(s, c));
		}
		return ZF_EPARSE;
	}
	return 0;
}

/* Folds a pattern into p->cps; returns the number of characters kept. */
static int fold_pattern(struct parse *p, const char *s, size_t *count)
{
	size_t len = strlen(s), k = 0;
	*count = 0;
	int rc;
	if (!p->fold && (rc = text_fold_new(&p->fold)) < 0)
		return rc;
	while (k < len) {
		uint32_t cp;
		size_t a = utf8_decode(s + k, len - k, &cp);
		k += a ? a : 1;
		enum fold_class c;
		uint32_t f = text_fold_cp(p->fold, cp, &c);
		if (c != FOLD_CHAR)
			continue;
		if (p->ncps == p->acps) {
			size_t na = p->acps ? p->acps * 2 : 1024;
			uint32_t *nv = realloc(p->cps, na * sizeof(*nv));
			if (!nv)
				return ZF_ENOMEM;
			p->cps = nv, p->acps = na;
		}
		p->cps[p->ncps++] = f;
		++*count;
	}
	return 0;
}

static bool ascii_alnum(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int add_id(struct parse *p, size_t idx)
{
	struct scan_rules *r = p->r;
	if ((idx + 1) * 2 > r->idcap) {
		size_t cap = r->idcap ? r->idcap * 2 : 256;
		uint32_t *t = calloc(cap, sizeof(*t));
		if (!t)
			return ZF_ENOMEM;
		for (size_t i = 0; i < r->idcap; i++)
			if (r->ids[i]) {
				size_t j = hash_id(r->v[r->ids[i] - 1].id) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = r->ids[i];
			}
		free(r->ids);
		r->ids = t, r->idcap = cap;
	}
	const char *id = r->v[idx].id;
	size_t j = hash_id(id) & (r->idcap - 1);
	for (; r->ids[j]; j = (j + 1) & (r->idcap - 1))
		if (!strcmp(r->v[r->ids[j] - 1].id, id)) {
			if (p->err) {
				buf_setf(p->err, "第%u行：编号“", p->line);
				buf_printf(p->err, "%s”与第%u行重复", id, r->v[r->ids[j] - 1].line);
			}
			return ZF_EPARSE;
		}
	r->ids[j] = (uint32_t)idx + 1;
	return 0;
}

static int parse_rule(struct parse *p, char **f, size_t nf)
{
	struct scan_rules *r = p->r;
	if (nf < 3)
		return fail_at(p, "%s少于 3 列（编号、级别、词语）", "");
	if (nf > 7)
		return fail_at(
		    p, "%s多于 7 列（编号、级别、词语、建议改为、起始日期、截止日期、说明）", "");
	const char *id = f[0];
	if (!*id)
		return fail_at(p, "%s编号为空", "");
	if (strlen(id) > SCAN_ID_BYTES || !id_chars_ok(id))
		return fail_at(p, "编号“%s”只能由小写字母、数字和 . - _ 组成，不超过 64 个字符",
			       id);
	const char *cat = category_of(id);
	if (!cat)
		return fail_at(p, "编号“%s”须以类别开头：wording.、spam. 或 allow.", id);
	if (r->n >= SCAN_RULES_MAX)
		return ZF_ETOOBIG;
	if (r->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 64;
		struct scan_rule *nv = realloc(r->v, na * sizeof(*nv));
		if (!nv)
			return ZF_ENOMEM;
		r->v = nv;
		uint32_t *no = realloc(p->off, (na + 1) * sizeof(*no));
		if (!no)
			return ZF_ENOMEM;
		p->off = no;
		p->alloc = na;
	}
	struct scan_rule *x = &r->v[r->n];
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->category = cat;
	x->line = p->line;
	x->allow = !strcmp(cat, "allow");
	const char *sev = f[1];
	int s = scan_sev_parse(sev);
	if (x->allow && (!*sev || !strcmp(sev, "-")))
		s = SCAN_SUSPECT;
	if (s < 0)
		return fail_at(
		    p, "级别“%s”无效（应为 veto、deduct、suspect 或 单项否决、扣分、疑似）", sev);
	x->sev = (enum scan_sev)s;
	x->pattern = f[2];
	if (!*x->pattern)
		return fail_at(p, "%s词语为空", "");
	if (strlen(x->pattern) > SCAN_PATTERN_BYTES)
		return fail_at(p, "%s词语过长（超过 256 字节）", "");
	x->fix = nf > 3 ? f[3] : "";
	x->note = nf > 6 ? f[6] : "";
	if (strlen(x->fix) > SCAN_FIELD_BYTES)
		return fail_at(p, "%s建议改为过长（超过 1024 字节）", "");
	if (strlen(x->note) > SCAN_FIELD_BYTES)
		return fail_at(p, "%s说明过长（超过 1024 字节）", "");
	/* an exception to the rules is kept only with the reason it was made */
	if (x->allow && !*x->note)
		return fail_at(p, "%s白名单条目须在“说明”一栏写明理由", "");
	int rc;
	if ((rc = parse_day(p, nf > 4 ? f[4] : "", &x->from, "起始日期")) < 0 ||
	    (rc = parse_day(p, nf > 5 ? f[5] : "", &x->until, "截止日期")) < 0)
		return rc;
	if (x->from && x->until && x->from > x->until)
		return fail_at(p, "%s起始日期晚于截止日期", "");
	p->off[r->n] = (uint32_t)p->ncps;
	size_t count;
	if ((rc = fold_pattern(p, x->pattern, &count)) < 0)
		return rc;
	if (!count)
		return fail_at(p, "词语“%s”只有空白、标点或符号，折叠后为空", x->pattern);
	if (count > SCAN_PATTERN_MAX)
		return fail_at(p, "%s词语折叠后超过 64 个字", "");
	if ((rc = add_id(p, r->n)) < 0)
		return rc;
	r->n++;
	p->off[r->n] = (uint32_t)p->ncps;
	return 0;
}

static int parse_directive(struct parse *p, char **f, size_t nf)
{
	struct scan_rules *r = p->r;
	const char **slot = !strcmp(f[0], "!version") ? &r->version
			    : !strcmp(f[0], "!name")  ? &r->name
						      : NULL;
	if (!slot)
		return fail_at(p, "未知的指令“%s”（只有 !version 和 !name）", f[0]);
	if (nf != 2 || !*f[1])
		return fail_at(p, "指令“%s”须有一个值（以制表符分隔）", f[0]);
	if (strlen(f[1]) > 100)
		return fail_at(p, "指令“%s”的值过长（超过 100 字节）", f[0]);
	if (*slot)
		return fail_at(p, "指令“%s”重复", f[0]);
	*slot = f[1];
	return 0;
}

static int parse_lines(struct parse *p, char *t, size_t n)
{
	char *end = t + n;
	if (n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		t += 3;
	while (t < end) {
		p->line++;
		char *nl = memchr(t, '\n', (size_t)(end - t));
		char *le = nl ? nl : end;
		if (le > t && le[-1] == '\r')
			le--;
		*le = '\0';
		size_t len = (size_t)(le - t);
		char *next = nl ? nl + 1 : end;
		if (!len || *t == '#') {
			t = next;
			continue;
		}
		if (!utf8_valid(t, len))
			return fail_at(p, "%s不是有效的 UTF-8", "");
		for (size_t i = 0; i < len; i++)
			if (((unsigned char)t[i] < 0x20 && t[i] != '\t') || t[i] == 0x7F)
				return fail_at(p, "%s含控制字符", "");
		char *f[8];
		size_t nf = 0;
		for (char *s = t;;) {
			char *tab = strchr(s, '\t');
			if (nf < 8)
				f[nf] = s;
			nf++;
			if (!tab)
				break;
			*tab = '\0';
			s = tab + 1;
		}
		if (nf > 8)
			nf = 8;
		int rc = *t == '!' ? parse_directive(p, f, nf) : parse_rule(p, f, nf);
		if (rc == ZF_ETOOBIG && p->err)
			buf_setf(p->err, "第%u行：规则超过 %d 条的上限", p->line, SCAN_RULES_MAX);
		if (rc < 0)
			return rc;
		t = next;
	}
	return 0;
}

/* ---- compiling ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static uint32_t sym_of(const struct scan_rules *r, uint32_t cp)
{
	size_t lo = 0, hi = r->nalpha;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (r->alpha[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->nalpha && r->alpha[lo] == cp ? (uint32_t)lo + 1 : 0;
}

struct edge {
	uint32_t from, sym, to;
};

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->sym > y->sym) - (x->sym < y->sym);
}

/* The next state of s (not the root) on sym, or NONE. */
static inline uint32_t step(const struct scan_rules *r, uint32_t s, uint32_t sym)
{
	const struct ac_state *a = &r->st[s];
	const struct ac_edge *e = r->edges + a->edge;
	uint32_t lo = 0, hi = a->nedge;
	if (hi <= 8) {
		for (; lo < hi; lo++)
			if (e[lo].sym >= sym)
				break;
		return lo < a->nedge && e[lo].sym == sym ? e[lo].to : NONE;
	}
	/* branch-free lower bound: the last edge whose symbol is <= sym */
	while (hi > 1) {
		uint32_t half = hi / 2;
		e = e[half].sym <= sym ? e + half : e;
		hi -= half;
	}
	return e->sym == sym ? e->to : NONE;
}

static int compile(struct parse *p)
{
	struct scan_rules *r = p->r;
	int rc = ZF_ENOMEM;
	if (!p->fold && (rc = text_fold_new(&p->fold)) < 0)
		return rc;
	rc = ZF_ENOMEM;
	/* the alphabet */
	r->alpha = malloc((p->ncps + 1) * sizeof(uint32_t));
	if (!r->alpha)
		return ZF_ENOMEM;
	if (p->ncps) {
		memcpy(r->alpha, p->cps, p->ncps * sizeof(uint32_t));
		qsort(r->alpha, p->ncps, sizeof(uint32_t), cmp_u32);
	}
	size_t k = 0;
	for (size_t i = 0; i < p->ncps; i++)
		if (!k || r->alpha[k - 1] != r->alpha[i])
			r->alpha[k++] = r->alpha[i];
	r->nalpha = k;
	r->bmp = malloc(0x10000 * sizeof(uint32_t));
	if (!r->bmp)
		return ZF_ENOMEM;
	for (uint32_t cp = 0; cp < 0x10000; cp++) {
		enum fold_class c;
		uint32_t f = text_fold_cp(p->fold, cp, &c);
		r->bmp[cp] = c == FOLD_CLAUSE  ? SYM_NOISE | SYM_CLAUSE
			     : c == FOLD_NOISE ? SYM_NOISE
					       : sym_of(r, f);
	}
	/* the trie: (parent, symbol) → child through an open hash */
	size_t cap = 16;
	while (cap < (p->ncps + 1) * 2)
		cap *= 2;
	uint64_t *hk = malloc(cap * sizeof(*hk));
	uint32_t *hv = malloc(cap * sizeof(*hv));
	struct edge *edges = malloc((p->ncps + 1) * sizeof(*edges));
	uint32_t *depth = malloc((p->ncps + 1) * sizeof(*depth));
	uint32_t *first = calloc(p->ncps + 1, sizeof(*first));
	r->next_rule = calloc(r->n + 1, sizeof(uint32_t));
	r->bound = calloc(r->n + 1, 1);
	uint32_t *queue = NULL;
	if (!hk || !hv || !edges || !depth || !first || !r->next_rule || !r->bound)
		goto out;
	memset(hk, 0xFF, cap * sizeof(*hk));
	size_t nst = 1, ne = 0;
	depth[0] = 0;
	for (size_t i = 0; i < r->n; i++) {
		uint32_t s = 0;
		for (uint32_t j = p->off[i]; j < p->off[i + 1]; j++) {
			uint32_t sym = sym_of(r, p->cps[j]);
			uint64_t key = (uint64_t)s << 32 | sym;
			size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
			while (hk[h] != UINT64_MAX && hk[h] != key)
				h = (h + 1) & (cap - 1);
			if (hk[h] == key) {
				s = hv[h];
				continue;
			}
			hk[h] = key;
			hv[h] = (uint32_t)nst;
			edges[ne++] = (struct edge){s, sym, (uint32_t)nst};
			depth[nst] = depth[s] + 1;
			s = (uint32_t)nst++;
		}
		/* rules on one state, kept in line order */
		uint32_t *tail = &first[s];
		while (*tail)
			tail = &r->next_rule[*tail - 1];
		*tail = (uint32_t)i + 1;
		if (ascii_alnum(p->cps[p->off[i]]))
			r->bound[i] |= BOUND_LEFT;
		if (ascii_alnum(p->cps[p->off[i + 1] - 1]))
			r->bound[i] |= BOUND_RIGHT;
	}
	qsort(edges, ne, sizeof(*edges), cmp_edge);
	r->nst = nst;
	r->st = calloc(nst, sizeof(*r->st));
	r->dict = calloc(nst, sizeof(uint32_t));
	r->rules = calloc(nst, sizeof(uint32_t));
	r->depth = calloc(nst, sizeof(uint32_t));
	r->edges = malloc((ne + 1) * sizeof(*r->edges));
	r->root = calloc(r->nalpha + 1, sizeof(uint32_t));
	queue = malloc(nst * sizeof(*queue));
	if (!r->st || !r->dict || !r->rules || !r->depth || !r->edges || !r->root || !queue)
		goto out;
	for (size_t i = 0; i < ne; i++) {
		struct ac_state *a = &r->st[edges[i].from];
		if (!a->nedge)
			a->edge = (uint32_t)i;
		a->nedge++;
		r->edges[i] = (struct ac_edge){edges[i].sym, edges[i].to};
		if (!edges[i].from)
			r->root[edges[i].sym] = edges[i].to;
	}
	for (size_t i = 0; i < nst; i++) {
		r->depth[i] = depth[i];
		r->rules[i] = first[i];
	}
	/* failure and dictionary links, breadth first */
	size_t qh = 0, qt = 0;
	struct ac_state *st = r->st;
	for (uint32_t i = 0; i < st[0].nedge; i++)
		queue[qt++] = r->edges[st[0].edge + i].to;
	while (qh < qt) {
		uint32_t u = queue[qh++];
		for (uint32_t i = 0; i < st[u].nedge; i++) {
			uint32_t sym = r->edges[st[u].edge + i].sym,
				 c = r->edges[st[u].edge + i].to;
			uint32_t f = st[u].fail, t;
			for (;;) {
				if (!f) {
					t = r->root[sym];
					break;
				}
				if ((t = step(r, f, sym)) != NONE)
					break;
				f = st[f].fail;
			}
			st[c].fail = t;
			r->dict[c] = r->rules[t] ? t : r->dict[t];
			queue[qt++] = c;
		}
	}
	for (size_t i = 0; i < nst; i++)
		st[i].out = r->rules[i] ? (uint32_t)i : r->dict[i];
	rc = 0;
out:
	free(hk);
	free(hv);
	free(edges);
	free(depth);
	free(first);
	free(queue);
	return rc;
}

int scan_rules_parse(const char *text, size_t n, struct scan_rules **out, struct buf *err)
{
	*out = NULL;
	if (n > SCAN_RULES_BYTES) {
		buf_setf(err, "规则集超过 16 MB 的上限");
		return ZF_ETOOBIG;
	}
	struct parse p = {.err = err};
	int rc = ZF_ENOMEM;
	p.r = calloc(1, sizeof(*p.r));
	if (!p.r || !(p.r->text = malloc(n + 1)))
		goto fail;
	if (n)
		memcpy(p.r->text, text, n);
	p.r->text[n] = '\0';
	p.off = calloc(1, sizeof(*p.off));
	if (!p.off) {
		rc = ZF_ENOMEM;
		goto fail;
	}
	if ((rc = parse_lines(&p, p.r->text, n)) < 0 || (rc = compile(&p)) < 0)
		goto fail;
	text_fold_free(p.fold);
	free(p.cps);
	free(p.off);
	*out = p.r;
	return 0;
fail:
	if (rc == ZF_ENOMEM)
		buf_setf(err, "内存不足，规则集未能读取");
	text_fold_free(p.fold);
	free(p.cps);
	free(p.off);
	scan_rules_free(p.r);
	return rc;
}

int scan_rules_default(struct scan_rules **out, struct buf *err)
{
	size_t n = 0;
	const char *t = (const char *)embedded_find("site-rules.tsv", &n);
	if (!t) {
		*out = NULL;
		buf_setf(err, "程序中没有默认规则集");
		return ZF_ENOENT;
	}
	return scan_rules_parse(t, n, out, err);
}

/* ---- scanning ---- */

void scan_hits_free(struct scan_hits *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static int push_hit(struct scan_hits *h, const struct scan_rule *rule, size_t s, size_t e)
{
	if (h->n == h->alloc) {
		size_t na = h->alloc ? h->alloc * 2 : 16;
		struct scan_hit *nv = realloc(h->v, na * sizeof(*nv));
		if (!nv)
			return ZF_ENOMEM;
		h->v = nv, h->alloc = na;
	}
	h->v[h->n++] = (struct scan_hit){rule, s, e};
	return 0;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct scan_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->rule->line > y->rule->line) - (x->rule->line < y->rule->line);
}

struct pos {
	size_t start, end;
	uint32_t clause; /* gaps so far holding clause punctuation */
	uint32_t quiet;	 /* gaps so far holding no noise */
};

static bool applies(const struct scan_rule *x, zf_day date)
{
	return !date || ((!x->from || date >= x->from) && (!x->until || date <= x->until));
}

/* The hits come in order of their end, so nearly in order of start: insertion sort, unless
 * the shifts run past a budget (many nested matches), then qsort. */
static void sort_hits(struct scan_hit *v, size_t n)
{
	size_t budget = 16 * n + 64;
	for (size_t i = 1; i < n; i++) {
		struct scan_hit x = v[i];
		size_t j = i;
		while (j && cmp_hit(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
			if (!budget--) {
				v[j] = x;
				qsort(v, n, sizeof(*v), cmp_hit);
				return;
			}
		}
		v[j] = x;
	}
}

/* Drops from h->v[base..] every hit within an allow match, then sorts them. */
static void settle(struct scan_hits *h, size_t base, struct scan_hits *allow)
{
	if (allow->n) {
		qsort(allow->v, allow->n, sizeof(*allow->v), cmp_hit);
		/* allow->v[i].end becomes the furthest end of allow->v[0..i] */
		for (size_t i = 1; i < allow->n; i++)
			if (allow->v[i].end < allow->v[i - 1].end)
				allow->v[i].end = allow->v[i - 1].end;
		size_t k = base;
		for (size_t i = base; i < h->n; i++) {
			size_t lo = 0, hi = allow->n; /* first allow starting after the hit */
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (allow->v[mid].start <= h->v[i].start)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo && allow->v[lo - 1].end >= h->v[i].end)
				continue;
			h->v[k++] = h->v[i];
		}
		h->n = k;
	}
	if (h->n > base + 1)
		sort_hits(h->v + base, h->n - base);
}

int scan_text(const struct scan_rules *r, const char *text, size_t n, zf_day date,
	      struct scan_hits *out)
{
	if (!r || !r->nst || !n)
		return 0;
	const unsigned char *t = (const unsigned char *)text;
	const struct ac_state *st = r->st;
	struct scan_hits allow = {0};
	struct pos ring[RING];
	size_t base = out->n, pos = 0, found = 0;
	uint32_t s = 0, gap = 0, clause = 0, quiet = 0;
	bool gap_clause = false;
	int rc = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp, v;
		size_t len;
		if (t[i] < 0x80) {
			cp = t[i], len = 1;
			v = r->bmp[cp];
		} else {
			len = text_decode(text + i, n - i, &cp);
			if (!len) {
				len = 1;
				v = SYM_NOISE;
			} else if (cp < 0x10000) {
				v = r->bmp[cp];
			} else {
				enum fold_class c;
				uint32_t f = text_fold_cp_slow(cp, &c);
				v = c == FOLD_CLAUSE  ? SYM_NOISE | SYM_CLAUSE
				    : c == FOLD_NOISE ? SYM_NOISE
						      : sym_of(r, f);
			}
		}
		if (v & SYM_NOISE) {
			gap_clause |= (v & SYM_CLAUSE) != 0;
			if (++gap > SCAN_GAP_MAX)
				s = 0;
			i += len;
			continue;
		}
		clause += gap_clause;
		quiet += !gap;
		pos++;
		ring[pos & (RING - 1)] = (struct pos){i, i + len, clause, quiet};
		gap = 0, gap_clause = false;
		i += len;
		uint32_t sym = v & SYM_MASK;
		if (!sym) {
			s = 0;
			continue;
		}
		for (;;) {
			if (!s) {
				s = r->root[sym];
				break;
			}
			uint32_t nx = step(r, s, sym);
			if (nx != NONE) {
				s = nx;
				break;
			}
			s = st[s].fail;
		}
		if (!s || !st[s].out)
			continue;
		for (uint32_t o = st[s].out; o; o = r->dict[o]) {
			uint32_t L = r->depth[o];
			const struct pos *a = &ring[(pos - L + 1) & (RING - 1)],
					 *b = &ring[pos & (RING - 1)];
			uint32_t nclause = b->clause - a->clause, nquiet = b->quiet - a->quiet;
			if (nclause && !(L >= 3 && !nquiet))
				continue;
			for (uint32_t k = r->rules[o]; k; k = r->next_rule[k - 1]) {
				const struct scan_rule *x = &r->v[k - 1];
				uint8_t bd = r->bound[k - 1];
				if (!applies(x, date) ||
				    ((bd & BOUND_LEFT) && a->start &&
				     ascii_alnum(t[a->start - 1])) ||
				    ((bd & BOUND_RIGHT) && b->end < n && ascii_alnum(t[b->end])))
					continue;
				if (x->allow) {
					if (allow.n < SCAN_HITS_MAX &&
					    (rc = push_hit(&allow, x, a->start, b->end)) < 0)
						goto done;
				} else if (found < SCAN_HITS_MAX) {
					if ((rc = push_hit(out, x, a->start, b->end)) < 0)
						goto done;
					found++;
				}
			}
		}
	}
	settle(out, base, &allow);
done:
	if (rc < 0)
		out->n = base;
	scan_hits_free(&allow);
	return rc;
}
