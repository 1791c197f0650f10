/* extract.c: table extraction from the cell stream. */
#include "common.h"
#include "ingest/extract.h"
#include "ingest/narrative.h"
#include "text/normalize.h"
#include "utf8.h"

#define LBL_MAX		 480
#define T3_LABEL_MAX_CPS 64 /* a longer text is narrative, not a row label */
#define SPLIT_MAX	 16 /* candidate splits kept per row */
#define ITEMS_MAX	 48

/* ---- labels ---- */

size_t extract_compact(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 4 < cap; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n')
			continue;
		out[o++] = c;
	}
	/* do not end inside a character */
	while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80) {
		size_t k = o;
		while (k && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (k && (size_t)(o - k + 1) >= 2 && utf8_valid(out + k - 1, o - k + 1))
			break;
		o = k ? k - 1 : 0;
	}
	out[o] = 0;
	return o;
}

struct lbl {
	char c[LBL_MAX];
	size_t len;
	size_t body; /* offset of the body in c */
	char num[32];
	size_t ncps;	   /* code points of the body */
	uint32_t tail_off; /* trailing digits glued to the label, in the text */
	uint32_t tail_len;
};

static bool cn_numeral(const char *s)
{
	static const char *const d[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	for (size_t i = 0; i < ARRAY_SIZE(d); i++)
		if (!memcmp(s, d[i], 3))
			return true;
	return false;
}

/* Length of a numbering prefix at s ("一、", "(三)", "1.", "2、", "(1)"), 0 if none. */
static size_t numbering(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '(') {
		i = 1;
		size_t k = 0;
		while (i + 3 <= n && k < 3 && cn_numeral(s + i))
			i += 3, k++;
		if (!k)
			while (i < n && k < 2 && s[i] >= '0' && s[i] <= '9')
				i++, k++;
		return k && i < n && s[i] == ')' ? i + 1 : 0;
	}
	size_t k = 0;
	while (i + 3 <= n && k < 3 && cn_numeral(s + i))
		i += 3, k++;
	if (k)
		return n - i >= 3 && !memcmp(s + i, "、", 3) ? i + 3 : 0;
	while (i < n && k < 2 && s[i] >= '0' && s[i] <= '9')
		i++, k++;
	if (!k || i >= n)
		return 0;
	if (s[i] == '.' || s[i] == ')') {
		if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
			return 0; /* a decimal number */
		return i + 1;
	}
	if (n - i >= 3 && !memcmp(s + i, "、", 3))
		return i + 3;
	return 0;
}

static void label_parts(struct lbl *L);

static void label_read(const char *text, const struct cell *x, struct lbl *L)
{
	size_t len = x->len;
	L->tail_off = L->tail_len = 0;
	/* digits glued to the end of a label ("…申请数量801000081") */
	size_t t = len;
	while (t && text[x->off + t - 1] >= '0' && text[x->off + t - 1] <= '9')
		t--;
	char before = t ? text[x->off + t - 1] : 0;
	if (t >= 2 && t < len &&
	    ((unsigned char)before >= 0x80 || before == ')' || before == ']')) {
		L->tail_off = x->off + (uint32_t)t;
		L->tail_len = (uint32_t)(len - t);
		len = t;
	}
	L->len = extract_compact(text + x->off, len, L->c, sizeof(L->c));
	label_parts(L);
}

/* Fills the numbering, body and length of a label from its compact text. */
static void label_parts(struct lbl *L)
{
	L->body = 0;
	L->num[0] = 0;
	for (int k = 0; k < 3; k++) {
		size_t l = numbering(L->c + L->body, L->len - L->body);
		if (!l)
			break;
		size_t cl = ZF_MIN(l, sizeof(L->num) - 1);
		memcpy(L->num, L->c + L->body, cl);
		L->num[cl] = 0;
		L->body += l;
	}
	L->ncps = utf8_count(L->c + L->body, L->len - L->body);
}

/* A label wrapped over two lines ("1.属于国家" + "秘密"): a's text then b's, into out.
 * Digits glued to b stay with b (they are read when the values are collected). */
static void label_join(const struct lbl *a, const struct lbl *b, struct lbl *out)
{
	size_t n = ZF_MIN(b->len, sizeof(out->c) - 1 - a->len);
	while (n < b->len && n && ((unsigned char)b->c[n] & 0xC0) == 0x80)
		n--; /* never half a character */
	memcpy(out->c, a->c, a->len);
	memcpy(out->c + a->len, b->c, n);
	out->len = a->len + n;
	out->c[out->len] = 0;
	out->tail_off = out->tail_len = 0;
	label_parts(out);
}

static const char *body(const struct lbl *L)
{
	return L->c + L->body;
}

static bool has(const struct lbl *L, const char *w)
{
	return strstr(L->c, w) != NULL;
}

/* ---- values ---- */

enum item_kind { IT_NUM, IT_NULL, IT_EMPTY };

struct item {
	enum item_kind kind;
	const struct cell *c; /* NULL for digits glued to a label */
	uint32_t doff, dlen;  /* digits usable for splitting (dlen 0: not splittable) */
	int64_t micro;
	bool integral, huge;
	enum cell_unit unit;
	uint32_t off; /* text offset, for the position */
};

struct vals {
	struct item it[ITEMS_MAX];
	size_t n, nonempty;
};

static void vals_add_cell(struct vals *v, const struct cell *x)
{
	if (v->n == ITEMS_MAX)
		return;
	struct item *it = &v->it[v->n++];
	memset(it, 0, sizeof(*it));
	it->c = x;
	it->off = x->off;
	if (x->kind == CELL_NUM) {
		it->kind = IT_NUM;
		it->doff = x->doff;
		it->dlen = x->sign || x->unit != UNIT_NONE || !x->integral ? 0 : x->dlen;
		it->micro = x->micro;
		it->integral = x->integral;
		it->huge = x->huge;
		it->unit = x->unit;
	} else {
		it->kind = x->kind == CELL_NULL ? IT_NULL : IT_EMPTY;
	}
	if (it->kind != IT_EMPTY)
		v->nonempty++;
}

static void vals_add_tail(struct vals *v, const struct lbl *L)
{
	if (!L->tail_len || v->n == ITEMS_MAX)
		return;
	struct item *it = &v->it[v->n++];
	memset(it, 0, sizeof(*it));
	it->kind = IT_NUM;
	it->doff = it->off = L->tail_off;
	it->dlen = L->tail_len;
	it->integral = true;
	it->huge = L->tail_len > 12;
	v->nonempty++;
}

/* One assignment of k values: micro values, null flags and text offsets. */
struct assign {
	int64_t v[16];
	bool null[16];
	uint32_t off[16];
};

typedef bool (*split_check)(const int64_t *v, size_t k);

struct splitter {
	const char *text;
	const struct item *its[ITEMS_MAX];
	size_t nits, k;
	split_check check;
	struct assign cur, found[SPLIT_MAX];
	size_t nfound;
	long budget;
};

static void split_rec(struct splitter *s, size_t item, size_t pos, size_t piece)
{
	if (--s->budget < 0)
		return;
	if (item == s->nits) {
		if (piece == s->k && (!s->check || s->check(s->cur.v, s->k))) {
			if (s->nfound < SPLIT_MAX)
				s->found[s->nfound] = s->cur;
			s->nfound++;
		}
		return;
	}
	const struct item *it = s->its[item];
	if (piece == s->k)
		return;
	/* pieces left must fit the digits left */
	size_t left = it->dlen - pos;
	for (size_t k2 = item + 1; k2 < s->nits; k2++)
		left += s->its[k2]->dlen;
	if (left < s->k - piece)
		return;
	const char *d = s->text + it->doff + pos;
	size_t avail = it->dlen - pos;
	for (size_t l = 1; l <= avail && l <= 9; l++) {
		if (l > 1 && d[0] == '0')
			break;
		int64_t val = 0;
		for (size_t q = 0; q < l; q++)
			val = val * 10 + (d[q] - '0');
		s->cur.v[piece] = val * 1000000;
		s->cur.null[piece] = false;
		s->cur.off[piece] = it->doff + (uint32_t)pos;
		if (l == avail)
			split_rec(s, item + 1, 0, piece + 1);
		else
			split_rec(s, item, pos + l, piece + 1);
	}
}

static bool t3_row_check(const int64_t *v, size_t k)
{
	int64_t sum = 0;
	for (size_t i = 0; i + 1 < k; i++)
		sum += v[i];
	return sum == v[k - 1];
}

static bool t4_check(const int64_t *v, size_t k)
{
	for (size_t g = 0; g + 5 <= k; g += 5)
		if (v[g] + v[g + 1] + v[g + 2] + v[g + 3] != v[g + 4])
			return false;
	return true;
}

/* AS_FORCED: glued, one digit per cell, so the cut is certain though the identity fails;
 * AS_UNSPLIT: glued, and no cut satisfies the identity
 * AS_SHORT: glued (a digit string with a leading zero is never one number) but with fewer
 * digits than cells: a cell vanished and nothing tells which */
enum assign_how {
	AS_NONE,
	AS_DIRECT,
	AS_POSITIONAL,
	AS_GLUED,
	AS_AMBIGUOUS,
	AS_FORCED,
	AS_UNSPLIT,
	AS_SHORT
};

/* Assigns k values from v: the non-empty ones when there are k; else glued digits split
 * under check; else by position from the first written cell. found/nfound receive the
 * candidate splits when glued. */
static enum assign_how assign_vals(const char *text, const struct vals *v, size_t k,
				   split_check check, struct assign *a, struct splitter *sp)
{
	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < k; i++)
		a->null[i] = true;
	if (!v->nonempty)
		return AS_NONE;
	size_t first = 0, last = v->n;
	while (first < v->n && v->it[first].kind == IT_EMPTY)
		first++;
	while (last > first && v->it[last - 1].kind == IT_EMPTY)
		last--;
	if (v->nonempty >= k) {
		size_t j = 0;
		for (size_t i = first; i < last && j < k; i++) {
			const struct item *it = &v->it[i];
			if (it->kind == IT_EMPTY)
				continue;
			a->null[j] = it->kind != IT_NUM;
			a->v[j] = it->micro;
			a->off[j] = it->off;
			j++;
		}
		return AS_DIRECT;
	}
	/* glued: only when the written cells are all digit strings with no gap between */
	bool gap = false, digits = true, multi = false;
	for (size_t i = first; i < last; i++) {
		const struct item *it = &v->it[i];
		if (it->kind == IT_EMPTY)
			gap = true;
		else if (it->kind != IT_NUM || !it->dlen)
			digits = false;
		else if (it->dlen > 1)
			multi = true;
	}
	if (!gap && digits && multi && sp) {
		memset(sp, 0, sizeof(*sp));
		sp->text = text;
		sp->k = k;
		sp->check = check;
		sp->budget = 300000;
		size_t total = 0;
		for (size_t i = first; i < last; i++) {
			sp->its[sp->nits++] = &v->it[i];
			total += v->it[i].dlen;
		}
		if (total <= 60)
			split_rec(sp, 0, 0, 0);
		if (sp->budget < 0)
			sp->nfound = SPLIT_MAX + 1;
		if (sp->nfound == 1) {
			*a = sp->found[0];
			return AS_GLUED;
		}
		if (sp->nfound > 1)
			return AS_AMBIGUOUS;
		if (total == k && k > 1) {
			/* one digit a cell: the only cut there is, even though the row does not
			 * add up (the numbers as published; the checker reports the sums) */
			sp->check = NULL;
			sp->nfound = 0;
			sp->budget = 1000;
			split_rec(sp, 0, 0, 0);
			if (sp->nfound == 1) {
				*a = sp->found[0];
				return AS_FORCED;
			}
		}
		if (total > k && sp->check)
			return AS_UNSPLIT;
	}
	if (!gap && digits && multi && last - first == 1 && v->it[first].dlen < k &&
	    text[v->it[first].doff] == '0')
		return AS_SHORT;
	/* by position: from the first written cell, unless the row's own separated cells are
	 * exactly k (a pipe or HTML row "规章 |  | 0 | 2 |"), where a leading blank cell is a
	 * blank first column, not a missing one */
	bool whole_row = v->n == k;
	for (size_t i = 0; i < v->n && whole_row; i++)
		whole_row = v->it[i].c && v->it[i].c->piped;
	size_t j = 0;
	for (size_t i = whole_row ? 0 : first; i < v->n && j < k; i++, j++) {
		const struct item *it = &v->it[i];
		a->null[j] = it->kind != IT_NUM;
		a->v[j] = it->micro;
		a->off[j] = it->off;
	}
	return AS_POSITIONAL;
}

/* ---- context ---- */

struct ex {
	const struct extract_in *in;
	const struct cells *cs;
	struct report *r;
	struct extract_out *out;
	int rc;
	/* the words (below) that occur in the text without its spaces, tabs and line breaks,
	 * as labels are read: a word no label can hold is not looked for in each label */
	uint64_t words;
	uint32_t t3_keys;	  /* bit k: t3_keys[k].key occurs */
	const struct wordset *ws; /* the words */
};

/* Bits of ex.words: the t3_keys, then h19, h21, and the words of the 统计表's header. */
enum {
	W_T3 = 0,
	W_H19 = 29,
	W_H21 = 38,
	W_STAT = 44,
	W_STAT_NAME = 45,
	W_STAT_NUM = 46,
	W_COUNT = 47
};
#define W_MASK(from, n) ((((uint64_t)1 << (n)) - 1) << (from))

/* A set of up to 64 words, each beginning with a non-ASCII character, found in one pass
 * over a text: each character is looked up by a hash of its first three bytes among the
 * words' first characters (a report has thousands of labels and dozens of words to look
 * for in each). */
struct wordset {
	const char *const *w;
	size_t n;
	size_t wl[64];
	uint64_t first[1024];
};

static unsigned first_hash(const unsigned char *c)
{
	return (c[0] * 961u + c[1] * 31u + c[2]) & 1023;
}

static void wordset_init(struct wordset *ws, const char *const *w, size_t n)
{
	memset(ws->first, 0, sizeof(ws->first));
	ws->w = w;
	ws->n = ZF_MIN(n, (size_t)64);
	for (size_t k = 0; k < ws->n; k++) {
		ws->wl[k] = strlen(w[k]);
		if (ws->wl[k] < 3 || (unsigned char)w[k][0] < 0xC0)
			BUG("word %zu is not Chinese", k);
		ws->first[first_hash((const unsigned char *)w[k])] |= (uint64_t)1 << k;
	}
}

/* Which of the words in `want` occur in s[0..len): bit k for word k. */
static uint64_t wordset_find(const struct wordset *ws, const char *s, size_t len, uint64_t want)
{
	uint64_t found = 0;
	for (size_t i = 0; i + 2 < len && found != want; i++) {
		const unsigned char *c = (const unsigned char *)s + i;
		if (c[0] < 0xC0)
			continue;
		uint64_t m = ws->first[first_hash(c)] & want & ~found;
		while (m) {
			int k = __builtin_ctzll(m);
			m &= m - 1;
			if (i + ws->wl[k] <= len && !memcmp(s + i, ws->w[k], ws->wl[k]))
				found |= (uint64_t)1 << k;
		}
	}
	return found;
}

static void pos_of(struct ex *e, uint32_t off, struct report_pos *p)
{
	e->in->pos(e->in->arg, off, p);
}

static void finding(struct ex *e, const char *rule, enum report_severity sev, const char *cell,
		    const char *fmt, ...) ZF_PRINTF(5, 6);

static void finding(struct ex *e, const char *rule, enum report_severity sev, const char *cell,
		    const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *cells[1] = {cell};
	if (!msg.failed &&
	    report_add_finding(e->r, rule, sev, cells, cell ? 1 : 0, "%s", buf_cstr(&msg)))
		e->rc = ZF_ENOMEM;
	if (msg.failed)
		e->rc = ZF_ENOMEM;
	buf_free(&msg);
}

static bool is_label(const struct ex *e, size_t i)
{
	return i < e->cs->n && e->cs->v[i].kind == CELL_LABEL;
}

/* Collects the values after the label at i (and digits glued to it) into v, up to the next
 * label that `stop` accepts once at least `want` values are there; returns the index after. */
typedef bool (*stop_fn)(struct ex *e, const struct lbl *L);

static size_t collect(struct ex *e, size_t i, const struct lbl *L, size_t want, stop_fn stop,
		      struct vals *v)
{
	memset(v, 0, sizeof(*v));
	vals_add_tail(v, L);
	size_t j = i + 1;
	for (; j < e->cs->n; j++) {
		const struct cell *x = &e->cs->v[j];
		if (x->kind == CELL_LABEL) {
			struct lbl M;
			label_read(e->in->text, x, &M);
			/* the same label again before the values: a spanned cell written once per
			 * column it spans (pandas, some HTML-to-text converters) */
			if (!v->nonempty && M.len == L->len && !memcmp(M.c, L->c, L->len))
				continue;
			if (stop(e, &M))
				break;
			if (v->nonempty >= want)
				break;
			/* an unknown label before the values: a wrapped label or a page header */
			if (M.tail_len)
				vals_add_tail(v, &M);
			continue;
		}
		vals_add_cell(v, x);
	}
	return j;
}

/* ---- format detection ---- */

/* Header words of the two formats' table 2 (and 2021's table 3). */
static const char *const h19[] = {"本年新制作数量",	  "本年新公开数量", "对外公开总数量",
				  "上一年项目数量",	  "本年增/减",	    "政府集中采购",
				  "其他对外管理服务事项", "采购项目数量",   "第二十条第(九)项"};
static const char *const h21[] = {"制发件数",	  "废止件数",	"现行有效",
				  "本年收费金额", "逾期不补正", "缴纳费用"};

static enum report_format_id detect_format(struct ex *e, int year, bool *legacy_table)
{
	int s19 = 0, s21 = 0;
	*legacy_table = false;
	/* only the words the text holds at all are looked for in each label */
	uint64_t want =
	    e->words & (W_MASK(W_H19, ARRAY_SIZE(h19)) | W_MASK(W_H21, ARRAY_SIZE(h21)));
	if (e->words >> W_STAT & 1)
		want |= (uint64_t)1 << W_STAT_NAME | (uint64_t)1 << W_STAT_NUM;
	struct lbl L;
	for (size_t i = 0; i < e->cs->n && want; i++) {
		const struct cell *x = &e->cs->v[i];
		if (x->kind != CELL_LABEL || x->len > 120) /* table headers are short */
			continue;
		label_read(e->in->text, x, &L);
		uint64_t f = wordset_find(e->ws, L.c, L.len, want);
		s19 += __builtin_popcountll(f & W_MASK(W_H19, ARRAY_SIZE(h19)));
		s21 += __builtin_popcountll(f & W_MASK(W_H21, ARRAY_SIZE(h21)));
		if ((f >> W_STAT_NAME & 1) || ((f >> W_STAT_NUM & 1) && L.ncps <= 6))
			*legacy_table = true;
	}
	if (memmem(e->in->text, e->in->n, "〔2021〕30号", strlen("〔2021〕30号")))
		s21 += 2;
	if (memmem(e->in->text, e->in->n, "〔2019〕60号", strlen("〔2019〕60号")))
		s19 += 2;
	if (s21 > s19)
		return REPORT_FORMAT_2021;
	if (s19 > s21)
		return REPORT_FORMAT_2019;
	if (s19 || s21)
		return year >= 2021 ? REPORT_FORMAT_2021 : REPORT_FORMAT_2019;
	return REPORT_FORMAT_NONE;
}

/* ---- table 3 ---- */

enum {
	G_NONE = -1,
	G_SECTION = 100, /* 三、本年度办理结果 */
	G_WITHHELD,
	G_UNAVAILABLE,
	G_NOT_PROCESSED,
	G_OTHER,
};

static const struct {
	int row;
	const char *key;
} t3_keys[] = {
    {REPORT_T3_RECEIVED_NEW, "新收"},
    {REPORT_T3_RECEIVED_CARRIED_OVER, "上年结转"},
    {REPORT_T3_CARRIED_FORWARD, "结转下年"},
    {G_SECTION, "本年度办理结果"},
    {REPORT_T3_PARTIALLY_GRANTED, "部分公开"},
    {REPORT_T3_GRANTED, "予以公开"},
    {REPORT_T3_WITHHELD_STATE_SECRET, "国家秘密"},
    {REPORT_T3_WITHHELD_PROHIBITED_BY_LAW, "禁止公开"},
    {REPORT_T3_WITHHELD_THREE_SAFETIES, "三安全一稳定"},
    {REPORT_T3_WITHHELD_THIRD_PARTY_RIGHTS, "第三方合法权益"},
    {REPORT_T3_WITHHELD_INTERNAL_AFFAIRS, "内部事务"},
    {REPORT_T3_WITHHELD_PROCESS_INFO, "过程性信息"},
    {REPORT_T3_WITHHELD_ENFORCEMENT_FILE, "执法案卷"},
    {REPORT_T3_WITHHELD_ADMINISTRATIVE_QUERY, "行政查询"},
    {G_WITHHELD, "不予公开"},
    {REPORT_T3_UNAVAILABLE_NOT_HELD, "不掌握"},
    {REPORT_T3_UNAVAILABLE_NEEDS_CREATION, "另行制作"},
    {REPORT_T3_UNAVAILABLE_STILL_UNCLEAR, "仍不明确"},
    {G_UNAVAILABLE, "无法提供"},
    {REPORT_T3_NOT_PROCESSED_PETITION, "信访"},
    {REPORT_T3_NOT_PROCESSED_REPEATED, "重复申请"},
    {REPORT_T3_NOT_PROCESSED_PUBLICATION, "出版物"},
    {REPORT_T3_NOT_PROCESSED_EXCESSIVE, "大量反复"},
    {REPORT_T3_NOT_PROCESSED_CONFIRMATION, "重新出具"},
    {G_NOT_PROCESSED, "不予处理"},
    {REPORT_T3_OTHER_NO_SUPPLEMENT, "不补正"},
    {REPORT_T3_OTHER_FEE_UNPAID, "缴纳费用"},
    {REPORT_T3_OTHER_FEE_UNPAID, "收费通知"},
    {G_OTHER, "其他处理"},
};

struct t3_state {
	int last;  /* last row read, -1 before the first */
	int group; /* the group heading last seen */
};

/* Returns the row or group a label names, or G_NONE. */
static int t3_match(const struct ex *e, const struct lbl *L, const struct t3_state *st)
{
	if (!L->len || L->ncps > T3_LABEL_MAX_CPS)
		return G_NONE;
	const char *b = body(L);
	/* "(六) 其他": the group heading (其他处理) with its word cut short */
	if (!strcmp(b, "其他") && !strcmp(L->num, "(六)"))
		return G_OTHER;
	if (!strcmp(b, "其他") && (L->num[0] || st->group == G_OTHER) &&
	    st->last >= REPORT_T3_NOT_PROCESSED_PETITION)
		return REPORT_T3_OTHER_OTHER;
	if ((!strncmp(b, "总计", 6) || !strncmp(b, "合计", 6)) && L->ncps <= 4 &&
	    (!strcmp(L->num, "(七)") || st->last >= REPORT_T3_NOT_PROCESSED_PETITION))
		return REPORT_T3_RESULTS_TOTAL;
	/* the first key in t3_keys' order that the label holds */
	uint64_t f = wordset_find(e->ws, L->c, L->len, e->t3_keys);
	if (!f)
		return G_NONE;
	return t3_keys[__builtin_ctzll(f)].row;
}

static bool t3_stop(struct ex *e, const struct lbl *L)
{
	ZF_UNUSED(e);
	struct t3_state any = {REPORT_T3_ROWS, G_OTHER};
	if (t3_match(e, L, &any) != G_NONE)
		return true;
	/* a numbered label begins a row, even one whose words wrap onto the next line */
	if (L->num[0] && !L->tail_len)
		return true;
	/* the next table's heading, or a narrative line */
	return has(L, "行政复议") || L->ncps > T3_LABEL_MAX_CPS;
}

static bool t3_col_check(const struct report *r, int row, size_t col)
{
	ZF_UNUSED(row);
	const struct report_cell(*t)[REPORT_T3_COLS] = r->table3;
	/* balance: 一 + 二 = 三（七） + 四 */
	const struct report_cell *b[4] = {
	    &t[REPORT_T3_RECEIVED_NEW][col], &t[REPORT_T3_RECEIVED_CARRIED_OVER][col],
	    &t[REPORT_T3_RESULTS_TOTAL][col], &t[REPORT_T3_CARRIED_FORWARD][col]};
	if (b[0]->present && b[1]->present && b[2]->present && b[3]->present &&
	    b[0]->v + b[1]->v != b[2]->v + b[3]->v)
		return false;
	/* results: Σ rows = 三（七） */
	int64_t sum = 0;
	bool all = true;
	for (int k = REPORT_T3_FIRST_RESULT; k <= REPORT_T3_LAST_RESULT; k++) {
		if (t[k][col].present)
			sum += t[k][col].v;
		else if (k != REPORT_T3_OTHER_NO_SUPPLEMENT && k != REPORT_T3_OTHER_FEE_UNPAID)
			all = false;
	}
	if (all && t[REPORT_T3_RESULTS_TOTAL][col].present &&
	    sum != t[REPORT_T3_RESULTS_TOTAL][col].v)
		return false;
	return true;
}

struct pending {
	int row;
	struct assign cand[SPLIT_MAX];
	size_t ncand;
};

static void t3_set_row(struct ex *e, int row, const struct assign *a)
{
	for (size_t c = 0; c < REPORT_T3_COLS; c++) {
		struct report_cell *cell = &e->r->table3[row][c];
		if (a->null[c]) {
			report_cell_clear(cell);
			continue;
		}
		struct report_pos p;
		pos_of(e, a->off[c], &p);
		report_cell_set(cell, a->v[c] / 1000000, &p);
	}
}

static void t3_path(int row, size_t col, char *out, size_t n)
{
	report_path_t3((enum report_t3_row)row, (enum report_t3_col)col, out, n);
}

/* Applies combination c of the pending rows' candidates. */
static void t3_apply(struct ex *e, const struct pending *p, size_t np, size_t c)
{
	for (size_t i = 0; i < np; i++) {
		t3_set_row(e, p[i].row, &p[i].cand[c % p[i].ncand]);
		c /= p[i].ncand;
	}
}

static size_t t3_cand(const struct pending *p, size_t np, size_t i, size_t c)
{
	for (size_t k = 0; k < i; k++)
		c /= p[k].ncand;
	(void)np;
	return c % p[i].ncand;
}

static bool same_row(const struct assign *a, const struct assign *b)
{
	for (size_t c = 0; c < REPORT_T3_COLS; c++)
		if (a->v[c] != b->v[c])
			return false;
	return true;
}

/* Does the table, as now set, agree with every total the prose states? *used counts the
 * statements compared. */
static bool narrative_agrees(const struct ex *e, const struct narrative_said *ns, size_t *used)
{
	static const struct {
		int which, row;
	} pairs[] = {
	    {NARR_RECEIVED, REPORT_T3_RECEIVED_NEW},
	    {NARR_CARRIED_OVER, REPORT_T3_RECEIVED_CARRIED_OVER},
	    {NARR_ANSWERED, REPORT_T3_RESULTS_TOTAL},
	    {NARR_HANDLED, REPORT_T3_RESULTS_TOTAL},
	    {NARR_FORWARD, REPORT_T3_CARRIED_FORWARD},
	};
	bool ok = true;
	*used = 0;
	for (size_t k = 0; k < ARRAY_SIZE(pairs); k++) {
		const struct report_cell *c = &e->r->table3[pairs[k].row][REPORT_COL_TOTAL];
		long said = ns->v[pairs[k].which];
		if (said < 0 || !c->present)
			continue;
		(*used)++;
		ok = ok && c->v == said;
	}
	return ok;
}

/* The quotes of the prose's statements, for a message. */
static void narrative_quotes(const struct narrative_said *ns, struct buf *b)
{
	static const int which[] = {NARR_RECEIVED, NARR_CARRIED_OVER, NARR_ANSWERED, NARR_HANDLED,
				    NARR_FORWARD};
	size_t n = 0;
	for (size_t k = 0; k < ARRAY_SIZE(which); k++)
		if (ns->v[which[k]] >= 0)
			buf_printf(b, "%s“%s”", n++ ? "、" : "", ns->quote[which[k]]);
}

#define VALID_MAX 64

/* Chooses among the candidate splits of ambiguous rows: the combinations that satisfy every
 * column identity; a row with one reading among them is certain. When rows keep several
 * readings, the one the prose's totals confirm is taken, else they stay null; either way a
 * cell.ambiguous finding lists the readings. */
static void t3_resolve(struct ex *e, struct pending *p, size_t np)
{
	size_t combos = 1;
	for (size_t i = 0; i < np; i++) {
		if (p[i].ncand > SPLIT_MAX) {
			combos = 0;
			break;
		}
		combos *= p[i].ncand;
		if (combos > 4096) {
			combos = 0;
			break;
		}
	}
	size_t valid[VALID_MAX], nvalid = 0, nall = 0;
	for (size_t c = 0; c < combos; c++) {
		t3_apply(e, p, np, c);
		bool ok = true;
		for (size_t col = 0; col < REPORT_T3_COLS && ok; col++)
			ok = t3_col_check(e->r, -1, col);
		if (ok) {
			if (nvalid < VALID_MAX)
				valid[nvalid++] = c;
			nall++;
		}
	}
	if (nall > VALID_MAX)
		nvalid = 0; /* too many to tell apart */
	/* the prose's totals, when the identities leave a choice */
	size_t chosen = SIZE_MAX, confirmed = 0, used = 0;
	struct narrative_said ns;
	if (nvalid > 1 && e->in->narrative) {
		narrative_said(e->in->narrative, e->in->text, e->in->n, &ns);
		for (size_t k = 0; k < nvalid; k++) {
			size_t u;
			t3_apply(e, p, np, valid[k]);
			bool agrees = narrative_agrees(e, &ns, &u);
			used = ZF_MAX(used, u);
			if (agrees && u) {
				confirmed++;
				chosen = valid[k];
			}
		}
		if (confirmed != 1)
			chosen = SIZE_MAX;
	} else if (nvalid == 1) {
		chosen = valid[0];
	}
	struct assign none;
	memset(&none, 0, sizeof(none));
	for (size_t c = 0; c < REPORT_T3_COLS; c++)
		none.null[c] = true;
	if (chosen != SIZE_MAX)
		t3_apply(e, p, np, chosen);
	for (size_t i = 0; i < np; i++) {
		/* the readings of this row among the valid combinations (or all its cuts) */
		size_t idx[SPLIT_MAX], nr = 0;
		if (nvalid) {
			for (size_t k = 0; k < nvalid; k++) {
				size_t ci = t3_cand(p, np, i, valid[k]);
				bool seen = false;
				for (size_t q = 0; q < nr; q++)
					seen = seen || same_row(&p[i].cand[idx[q]], &p[i].cand[ci]);
				if (!seen && nr < SPLIT_MAX)
					idx[nr++] = ci;
			}
		} else {
			for (size_t q = 0; q < ZF_MIN(p[i].ncand, (size_t)SPLIT_MAX); q++)
				idx[nr++] = q;
		}
		if (nvalid && nr == 1) { /* certain: one reading in every valid combination */
			t3_set_row(e, p[i].row, &p[i].cand[idx[0]]);
			e->out->glued++;
			continue;
		}
		struct buf alts = BUF_INIT;
		for (size_t k = 0; k < ZF_MIN(nr, (size_t)6); k++) {
			buf_adds(&alts, k ? "；" : "");
			for (size_t c = 0; c < REPORT_T3_COLS; c++)
				buf_printf(&alts, "%s%lld", c ? "|" : "",
					   (long long)(p[i].cand[idx[k]].v[c] / 1000000));
		}
		if (nr > 6)
			buf_printf(&alts, "；等%zu种", nr);
		char path[96];
		t3_path(p[i].row, 0, path, sizeof(path));
		const char *row = report_t3_row_short((enum report_t3_row)p[i].row);
		if (chosen != SIZE_MAX) {
			struct buf qs = BUF_INIT;
			narrative_quotes(&ns, &qs);
			e->out->glued++;
			finding(
			    e, "cell.ambiguous", REPORT_SEV_WARNING, path,
			    "表三“%s”一行的数字连在一起，有%zu种拆法都符合表内勾稽关系：%s。"
			    "正文%s只与其中一种相符，已按它读取（依据正文，不是表格本身），请核对"
			    "原文。",
			    row, nr, buf_cstr(&alts), buf_cstr(&qs));
			buf_free(&qs);
		} else {
			t3_set_row(e, p[i].row, &none);
			e->out->ambiguous++;
			if (p[i].ncand > SPLIT_MAX || (nall > VALID_MAX))
				finding(
				    e, "cell.ambiguous", REPORT_SEV_ERROR, path,
				    "表三“%s”一行的数字连在一起，无法唯一拆分（可能的拆法过多，如 "
				    "%s），各格按空值处理，请核对原文。",
				    row, buf_cstr(&alts));
			else if (!nall)
				finding(e, "cell.ambiguous", REPORT_SEV_ERROR, path,
					"表三“%s”一行的数字连在一起，每种拆法（%s）都与其他行合不上"
					"（列合计或上下结转不平），无法确定，各格按空值处理，请核对"
					"原文。",
					row, buf_cstr(&alts));
			else
				finding(e, "cell.ambiguous", REPORT_SEV_ERROR, path,
					"表三“%s”一行的数字连在一起，有%"
					"zu种拆法都符合表内勾稽关系：%s；"
					"%s无法确定，各格按空值处理，请核对原文。",
					row, nr, buf_cstr(&alts),
					confirmed > 1 ? "正文的数字也不能区分，"
					: used	      ? "正文的数字与各种拆法都不符，"
					: e->in->narrative ? "正文没有可印证的数字，"
							   : "");
		}
		buf_free(&alts);
	}
	(void)used;
}

static size_t find_t3_start(struct ex *e, size_t from)
{
	struct lbl L;
	struct t3_state st = {-1, G_NONE};
	for (size_t i = from; i < e->cs->n; i++) {
		if (!is_label(e, i))
			continue;
		label_read(e->in->text, &e->cs->v[i], &L);
		if (has(&L, "勾稽关系") || (L.ncps <= 30 && has(&L, "收到和处理政府信息公开申请")))
			return i;
		if (t3_match(e, &L, &st) == REPORT_T3_RECEIVED_NEW)
			return i;
	}
	return e->cs->n;
}

/* A row label wrapped over two lines, so that neither line names the row alone
 * ("2.其他法律行政法规禁止" / "公开", "1.申请人无正当理由逾期不补" / "正、行政机关……"): when
 * the label at i names nothing, it is joined with the next label, on the same or the next
 * line, if that one names nothing alone either. Returns the row or group the two name (and
 * leaves the joined label in L), or G_NONE. */
static int t3_match_wrapped(struct ex *e, size_t i, struct lbl *L, const struct t3_state *st)
{
	uint32_t line = e->cs->v[i].line;
	size_t j = i + 1;
	/* the row's numbers may stand on a line of their own between the two halves (a PDF's
	 * text centres them vertically in the row) */
	uint32_t reach = line + 1;
	if (j < e->cs->n && !is_label(e, j) && e->cs->v[j].line == line + 1)
		reach = line + 2;
	while (j < e->cs->n && !is_label(e, j) && e->cs->v[j].line <= reach)
		j++;
	if (j >= e->cs->n || !is_label(e, j) || e->cs->v[j].line > reach)
		return G_NONE;
	struct lbl M, J;
	label_read(e->in->text, &e->cs->v[j], &M);
	if (t3_match(e, &M, st) != G_NONE || has(&M, "行政复议"))
		return G_NONE;
	label_join(L, &M, &J);
	uint32_t keys = e->t3_keys;
	/* the words may be apart in the text: look for them all */
	e->t3_keys = (uint32_t)W_MASK(W_T3, ARRAY_SIZE(t3_keys));
	int m = t3_match(e, &J, st);
	e->t3_keys = keys;
	if (m != G_NONE)
		*L = J;
	return m;
}

/* The glued digits of v, for a message. */
static void glued_digits(const struct ex *e, const struct vals *v, struct buf *b)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->it[i].kind == IT_NUM && v->it[i].dlen)
			buf_add(b, e->in->text + v->it[i].doff, v->it[i].dlen);
}

/* Findings for a glued row of table 3 that no cut makes add up. */
static void glued_finding(struct ex *e, int row, enum assign_how how, const struct vals *v)
{
	if (how != AS_FORCED && how != AS_UNSPLIT && how != AS_SHORT)
		return;
	char path[96];
	struct buf d = BUF_INIT;
	glued_digits(e, v, &d);
	t3_path(row, REPORT_COL_TOTAL, path, sizeof(path));
	const char *name = report_t3_row_short((enum report_t3_row)row);
	if (how == AS_FORCED)
		finding(e, "cell.glued", REPORT_SEV_WARNING, path,
			"表三“%s”一行的数字在原文中连在一起（“%s”），每格一位数，只有这一种拆法；"
			"但这一行本身不平（总计不等于各项之和），已按原文照录，请核对原文。",
			name, buf_cstr(&d));
	else if (how == AS_SHORT)
		finding(e, "cell.ambiguous", REPORT_SEV_ERROR, path,
			"表三“%s”一行的数字在原文中连在一起（“%s”），只有%zu位数字，少于%d格"
			"（原文缺了一格），无法确定各格，按空值处理，请核对原文。",
			name, buf_cstr(&d), d.len, REPORT_T3_COLS);
	else
		finding(e, "cell.ambiguous", REPORT_SEV_ERROR, path,
			"表三“%s”一行的数字在原文中连在一起（“%s”），没有一种拆法能使总计等于各项"
			"之和，无法确定各格，按空值处理，请核对原文。",
			name, buf_cstr(&d));
	buf_free(&d);
}

static size_t read_t3(struct ex *e, size_t start)
{
	struct t3_state st = {-1, G_NONE};
	int other_tried = 0;
	struct pending pend[REPORT_T3_ROWS];
	size_t np = 0;
	struct splitter *sp = malloc(sizeof(*sp));
	struct vals *v = malloc(sizeof(*v));
	struct lbl *L = malloc(sizeof(*L));
	size_t i = start, end = start;
	if (!sp || !v || !L) {
		e->rc = ZF_ENOMEM;
		goto out;
	}
	while (i < e->cs->n) {
		if (!is_label(e, i)) {
			i++;
			continue;
		}
		label_read(e->in->text, &e->cs->v[i], L);
		if (st.last >= REPORT_T3_RECEIVED_NEW && has(L, "行政复议") && L->ncps <= 40)
			break; /* table 4 begins */
		int m = t3_match(e, L, &st);
		if (m == G_NONE && !L->tail_len)
			m = t3_match_wrapped(e, i, L, &st);
		if (m == G_NONE || (m < G_SECTION && m <= st.last)) {
			i++;
			continue;
		}
		if (m >= G_SECTION) {
			st.group = m;
			/* 2019: （六）其他处理 is itself the row (tried once); in 2021 it heads
			 * three */
			if (m != G_OTHER || st.last >= REPORT_T3_OTHER_OTHER || other_tried++ ||
			    e->r->format == REPORT_FORMAT_2021) {
				i++;
				continue;
			}
			size_t j = collect(e, i, L, REPORT_T3_COLS, t3_stop, v);
			if (!v->nonempty) {
				i++;
				continue;
			}
			m = REPORT_T3_OTHER_OTHER;
			(void)j;
		}
		size_t j = collect(e, i, L, REPORT_T3_COLS, t3_stop, v);
		/* a heading naming the row ("### 一、本年新收…" above a table of one row that
		 * repeats the label with the values): the row is the one below */
		if (!v->nonempty && j > i && j < e->cs->n && is_label(e, j)) {
			label_read(e->in->text, &e->cs->v[j], L);
			if (t3_match(e, L, &st) == m) {
				i = j;
				continue;
			}
			label_read(e->in->text, &e->cs->v[i], L);
		}
		/* an unofficial 法人或其他组织 subtotal column: 8 values, v[1] = v[2..6] */
		if (v->nonempty == REPORT_T3_COLS + 1 && v->n >= REPORT_T3_COLS + 1) {
			struct item *it = v->it;
			size_t idx[8], k = 0;
			for (size_t q = 0; q < v->n && k < 8; q++)
				if (it[q].kind != IT_EMPTY)
					idx[k++] = q;
			if (k == 8) {
				int64_t s = 0;
				for (size_t q = 2; q < 7; q++)
					s += it[idx[q]].micro;
				if (s == it[idx[1]].micro) {
					it[idx[1]].kind = IT_EMPTY;
					v->nonempty--;
					e->out->subtotal = true;
				}
			}
		}
		struct assign a;
		enum assign_how how =
		    assign_vals(e->in->text, v, REPORT_T3_COLS, t3_row_check, &a, sp);
		if (how == AS_AMBIGUOUS && np < REPORT_T3_ROWS) {
			pend[np].row = m;
			pend[np].ncand = sp->nfound;
			memcpy(pend[np].cand, sp->found,
			       ZF_MIN(sp->nfound, (size_t)SPLIT_MAX) * sizeof(struct assign));
			np++;
		} else {
			if (how == AS_GLUED || how == AS_FORCED)
				e->out->glued++;
			glued_finding(e, m, how, v);
			for (size_t c = 0; c < REPORT_T3_COLS; c++)
				if (!a.null[c] && (a.v[c] % 1000000)) {
					char path[96];
					t3_path(m, c, path, sizeof(path));
					finding(e, "cell.invalid", REPORT_SEV_ERROR, path,
						"表三“%s”一格的值不是整数，按空值处理。",
						report_t3_row_short((enum report_t3_row)m));
					a.null[c] = true;
				}
			t3_set_row(e, m, &a);
		}
		e->out->t3_rows++;
		/* a label with no cells at all (torn from its numbers, as PDF text extraction
		 * does) keeps the table's order open: an earlier row's label may still follow */
		if (v->n)
			st.last = m;
		end = j;
		i = j;
		if (m == REPORT_T3_CARRIED_FORWARD)
			break;
	}
	if (np)
		t3_resolve(e, pend, np);
out:
	free(sp);
	free(v);
	free(L);
	return end;
}

/* ---- table 4 ---- */

static bool t4_stop(struct ex *e, const struct lbl *L)
{
	ZF_UNUSED(e);
	return L->ncps > 40 || !strncmp(L->c, "五、", 6);
}

/* Table 4's numbers as one pipe row of 15 cells, blank cells included ("|  |  | 0 |"): read
 * by position, so that a blank cell stays blank and the others keep their columns. Cells
 * past the 15th must be empty. True when found (v filled). */
static bool t4_row(struct ex *e, size_t start, struct vals *v)
{
	const size_t want = REPORT_T4_GROUPS * REPORT_T4_FIELDS;
	for (size_t j = start; j < e->cs->n; j++) {
		const struct cell *x = &e->cs->v[j];
		if (x->kind == CELL_LABEL) {
			struct lbl L;
			label_read(e->in->text, x, &L);
			if (j > start && t4_stop(e, &L))
				return false;
			continue;
		}
		if (!x->piped)
			return false;
		size_t k = j, nums = 0;
		while (k < e->cs->n && e->cs->v[k].line == x->line &&
		       e->cs->v[k].kind != CELL_LABEL)
			nums += e->cs->v[k++].kind == CELL_NUM;
		bool whole = k == e->cs->n || e->cs->v[k].line != x->line;
		if (!nums && whole) { /* blank cells of a heading row */
			j = k - 1;
			continue;
		}
		if (!whole || k - j < want)
			return false;
		for (size_t q = j + want; q < k; q++)
			if (e->cs->v[q].kind != CELL_EMPTY)
				return false;
		memset(v, 0, sizeof(*v));
		for (size_t q = j; q < j + want; q++) {
			vals_add_cell(v, &e->cs->v[q]);
			if (v->it[v->n - 1].kind == IT_EMPTY) {
				v->it[v->n - 1].kind = IT_NULL; /* keeps its column */
				v->nonempty++;
			}
		}
		return true;
	}
	return false;
}

/* Table 4's digits have several cuts that satisfy every block: the one the prose's 行政复议
 * and 行政诉讼 figures confirm is taken (true, *a set), else the table stays null; a finding
 * lists the readings either way. */
static bool t4_choose(struct ex *e, const struct splitter *sp, struct assign *a)
{
	size_t nc = ZF_MIN(sp->nfound, (size_t)SPLIT_MAX), pick = SIZE_MAX, agree = 0, used = 0;
	struct narrative_said ns;
	if (e->in->narrative && sp->nfound <= SPLIT_MAX) {
		narrative_said(e->in->narrative, e->in->text, e->in->n, &ns);
		long rv = ns.v[NARR_REVIEW], lt = ns.v[NARR_LITIGATION];
		for (size_t k = 0; k < nc; k++) {
			const int64_t *v = sp->found[k].v;
			int64_t review = v[REPORT_T4_TOTAL] / 1000000;
			int64_t lit = (v[REPORT_T4_FIELDS + REPORT_T4_TOTAL] +
				       v[2 * REPORT_T4_FIELDS + REPORT_T4_TOTAL]) /
				      1000000;
			bool ok = true;
			size_t u = 0;
			if (rv >= 0)
				u++, ok = ok && review == rv;
			if (lt >= 0)
				u++, ok = ok && lit == lt;
			used = ZF_MAX(used, u);
			if (ok && u) {
				agree++;
				pick = k;
			}
		}
	}
	struct buf alts = BUF_INIT;
	for (size_t k = 0; k < ZF_MIN(nc, (size_t)6); k++) {
		buf_adds(&alts, k ? "；" : "");
		for (size_t q = 0; q < REPORT_T4_GROUPS * REPORT_T4_FIELDS; q++)
			buf_printf(&alts, "%s%lld",
				   !q			  ? ""
				   : q % REPORT_T4_FIELDS ? "|"
							  : " / ",
				   (long long)(sp->found[k].v[q] / 1000000));
	}
	if (sp->nfound > 6)
		buf_printf(&alts, "；等%s%zu种", sp->nfound > SPLIT_MAX ? "至少" : "",
			   ZF_MIN(sp->nfound, (size_t)SPLIT_MAX + 1));
	bool chosen = agree == 1;
	if (chosen) {
		struct buf qs = BUF_INIT;
		if (ns.v[NARR_REVIEW] >= 0)
			buf_printf(&qs, "“%s”", ns.quote[NARR_REVIEW]);
		if (ns.v[NARR_LITIGATION] >= 0)
			buf_printf(&qs, "%s“%s”", qs.len ? "、" : "", ns.quote[NARR_LITIGATION]);
		*a = sp->found[pick];
		finding(e, "cell.ambiguous", REPORT_SEV_WARNING, "table4.review.total",
			"表四的数字连在一起，有%zu种拆法都符合“总计=各项之和”：%s。正文%s只与其中一"
			"种相符，已按它读取（依据正文，不是表格本身），请核对原文。",
			nc, buf_cstr(&alts), buf_cstr(&qs));
		buf_free(&qs);
	} else {
		e->out->ambiguous++;
		finding(
		    e, "cell.ambiguous", REPORT_SEV_ERROR, "table4.review.total",
		    "表四的数字连在一起，有%zu种拆法都符合“总计=各项之和”：%s；%s无法确定，表四按"
		    "空值处理，请核对原文。",
		    sp->nfound, buf_cstr(&alts),
		    agree > 1 ? "正文的数字也不能区分，"
		    : used    ? "正文的数字与各种拆法都不符，"
			      : "");
	}
	buf_free(&alts);
	return chosen;
}

static void read_t4(struct ex *e, size_t start)
{
	struct vals *v = malloc(sizeof(*v));
	struct splitter *sp = malloc(sizeof(*sp));
	if (!v || !sp) {
		e->rc = ZF_ENOMEM;
		goto out;
	}
	memset(v, 0, sizeof(*v));
	size_t want = REPORT_T4_GROUPS * REPORT_T4_FIELDS;
	struct lbl L;
	if (t4_row(e, start, v))
		goto assign;
	for (size_t j = start; j < e->cs->n; j++) {
		const struct cell *x = &e->cs->v[j];
		if (x->kind == CELL_LABEL) {
			label_read(e->in->text, x, &L);
			if (t4_stop(e, &L) && j > start)
				break;
			if (v->nonempty >= want)
				break;
			if (L.tail_len && v->nonempty)
				vals_add_tail(v, &L);
			continue;
		}
		if (!v->nonempty && x->kind == CELL_EMPTY)
			continue;
		vals_add_cell(v, x);
	}
assign:;
	struct assign a;
	enum assign_how how = assign_vals(e->in->text, v, want, t4_check, &a, sp);
	if (how == AS_NONE)
		goto out;
	e->out->t4 = true; /* found, even when its cells cannot be told */
	if (how == AS_AMBIGUOUS && !t4_choose(e, sp, &a))
		goto out;
	if (how == AS_UNSPLIT || how == AS_SHORT) {
		struct buf d = BUF_INIT;
		glued_digits(e, v, &d);
		if (how == AS_SHORT)
			finding(e, "cell.ambiguous", REPORT_SEV_ERROR, "table4.review.total",
				"表四的数字在原文中连在一起（“%s”），只有%zu位数字，少于%zu格（原文"
				"缺了格），无法确定，表四按空值处理，请核对原文。",
				buf_cstr(&d), d.len, want);
		else
			finding(
			    e, "cell.ambiguous", REPORT_SEV_ERROR, "table4.review.total",
			    "表四的数字在原文中连在一起（“%s”），没有一种拆法能使每组总计等于其四"
			    "项之和，无法确定，表四按空值处理，请核对原文。",
			    buf_cstr(&d));
		buf_free(&d);
		e->out->ambiguous++;
		goto out;
	}
	if (how == AS_FORCED) {
		struct buf d = BUF_INIT;
		glued_digits(e, v, &d);
		finding(e, "cell.glued", REPORT_SEV_WARNING, "table4.review.total",
			"表四的数字在原文中连在一起（“%s”），每格一位数，只有这一种拆法；但有的组"
			"总计不等于其四项之和，已按原文照录，请核对原文。",
			buf_cstr(&d));
		buf_free(&d);
	}
	if (how == AS_GLUED || how == AS_FORCED)
		e->out->glued++;
	e->out->t4 = true;
	for (size_t g = 0; g < REPORT_T4_GROUPS; g++)
		for (size_t f = 0; f < REPORT_T4_FIELDS; f++) {
			size_t k = g * REPORT_T4_FIELDS + f;
			struct report_cell *cell = &e->r->table4[g][f];
			if (a.null[k] || a.v[k] % 1000000) {
				report_cell_clear(cell);
				continue;
			}
			struct report_pos p;
			pos_of(e, a.off[k], &p);
			report_cell_set(cell, a.v[k] / 1000000, &p);
		}
out:
	free(v);
	free(sp);
}

/* ---- table 2 ---- */

static bool t2_stop(struct ex *e, const struct lbl *L)
{
	ZF_UNUSED(e);
	ZF_UNUSED(L);
	return true;
}

static void t2_set(struct ex *e, const struct report_t2_table *tb, size_t ki, size_t fi,
		   const struct item *it)
{
	enum report_t2_item item = tb->items[ki];
	enum report_t2_field field = tb->fields[fi];
	struct report_cell *cell = &e->r->table2[item][field];
	char path[96];
	report_path_t2(item, field, path, sizeof(path));
	if (!it || it->kind != IT_NUM || it->huge) {
		report_cell_clear(cell);
		return;
	}
	struct report_pos p;
	pos_of(e, it->off, &p);
	enum report_value_kind kind = report_t2_fields[field].kind;
	int64_t v = it->micro;
	if (kind == REPORT_KIND_AMOUNT) {
		if (it->unit == UNIT_YUAN)
			v /= 10000;
		else if (it->unit == UNIT_YI_YUAN)
			v *= 10000;
		if (it->unit == UNIT_YUAN || it->unit == UNIT_YI_YUAN) {
			char amount[32];
			finding(e, "unit.converted", REPORT_SEV_INFO, path,
				"表二“%s·%s”原文为“%.*s”，已换算为 %s 万元。", tb->item_labels[ki],
				tb->field_labels[fi], (int)it->c->len, e->in->text + it->c->off,
				report_amount_str(v, amount));
		}
		report_cell_set(cell, v, &p);
		return;
	}
	if (!it->integral || (kind == REPORT_KIND_COUNT && v < 0 && it->c && it->c->sign)) {
		finding(e, "cell.invalid", REPORT_SEV_ERROR, path,
			"表二一格的值“%.*s”不是件数，按空值处理。", (int)it->c->len,
			e->in->text + it->c->off);
		report_cell_clear(cell);
		return;
	}
	report_cell_set(cell, v / 1000000, &p);
}

static bool item_label_eq(const char *b, const char *label)
{
	if (!strcmp(b, label))
		return true;
	/* 规范性文件 / 行政规范性文件 */
	if (!strcmp(label, "行政规范性文件") || !strcmp(label, "规范性文件"))
		return !strcmp(b, "规范性文件") || !strcmp(b, "行政规范性文件");
	return false;
}

/* ---- table 2's figures stated in the prose ---- */

static bool prose_stop(const char *s, const char *e)
{
	static const char *const w[] = {"。", "；", "，", "、", "：", "（", "）", ";", ",", "\n"};
	for (size_t k = 0; k < ARRAY_SIZE(w); k++)
		if ((size_t)(e - s) >= strlen(w[k]) && !memcmp(s, w[k], strlen(w[k])))
			return true;
	return false;
}

/* The figures of the 规章 / 规范性文件 row of 第二十条第（一）项 (2021 wording) that the prose
 * states, in sentences naming the item outside the table: "制发/印发/出台[…item]N件",
 * "废止[…]N件", "保留/现行有效[…item]N件". said[q] is -1 when the field is not stated, or is
 * stated with different figures. The number of stated fields. */
static size_t t2_prose_said(const struct ex *e, const struct report_t2_table *tb, size_t ki,
			    long *said)
{
	static const struct {
		enum report_t2_field f;
		const char *w;
	} kw[] = {{REPORT_T2_ISSUED, "制发"},	{REPORT_T2_ISSUED, "印发"},
		  {REPORT_T2_ISSUED, "出台"},	{REPORT_T2_REPEALED, "废止"},
		  {REPORT_T2_IN_FORCE, "保留"}, {REPORT_T2_IN_FORCE, "现行有效"}};
	const char *item = tb->items[ki] == REPORT_T2_NORMATIVE_DOCUMENTS ? "规范性文件"
			   : tb->items[ki] == REPORT_T2_REGULATIONS	  ? "规章"
									  : NULL;
	bool conflict[REPORT_T2_TABLE_MAX] = {false};
	for (size_t q = 0; q < tb->nfields; q++)
		said[q] = -1;
	if (!item)
		return 0;
	size_t il = strlen(item);
	const char *t = e->in->text, *end = t + e->in->n;
	for (const char *ss = t; ss < end;) {
		/* one sentence [ss, se) */
		const char *se = ss;
		while (se < end && *se != '\n' && !(end - se >= 3 && !memcmp(se, "。", 3)) &&
		       !(end - se >= 3 && !memcmp(se, "；", 3)))
			se++;
		const char *im = memmem(ss, (size_t)(se - ss), item, il);
		if (im && !memmem(ss, (size_t)(se - ss), "第二十条", 12)) {
			for (const char *p = im; p < se; p++)
				for (size_t k = 0; k < ARRAY_SIZE(kw); k++) {
					size_t wl = strlen(kw[k].w);
					if ((size_t)(se - p) < wl || memcmp(p, kw[k].w, wl))
						continue;
					const char *g = p + wl, *ge = g;
					size_t cps = 0;
					while (ge < se && cps <= 12 &&
					       !(*ge >= '0' && *ge <= '9') && !prose_stop(ge, se)) {
						ge += (unsigned char)*ge < 0x80	   ? 1
						      : (unsigned char)*ge >= 0xF0 ? 4
						      : (unsigned char)*ge >= 0xE0 ? 3
										   : 2;
						cps++;
					}
					if (ge >= se || !(*ge >= '0' && *ge <= '9') || cps > 12)
						continue;
					/* a longer gap names the item: "保留部门规范性文件181件" */
					if (cps > 2 &&
					    ((size_t)(ge - g) < il || memcmp(ge - il, item, il)))
						continue;
					long n = 0;
					const char *d = ge;
					while (d < se && *d >= '0' && *d <= '9' && n < 100000000)
						n = n * 10 + (*d++ - '0');
					if ((size_t)(se - d) < 3 || memcmp(d, "件", 3))
						continue;
					for (size_t q = 0; q < tb->nfields; q++)
						if (tb->fields[q] == kw[k].f) {
							if (said[q] >= 0 && said[q] != n)
								conflict[q] = true;
							said[q] = n;
						}
				}
		}
		ss = se < end ? se + (*se == '\n' ? 1 : 3) : end;
	}
	size_t n = 0;
	for (size_t q = 0; q < tb->nfields; q++) {
		if (conflict[q])
			said[q] = -1;
		n += said[q] >= 0;
	}
	return n;
}

/* A table-2 row whose cells are one glued digit string (in a report whose table 3 was
 * glued too, or starting with a 0): one digit a cell is certain; longer strings have several cuts
 * and table 2 no identity to choose by, so the cells stay null and a finding lists the readings.
 * True when the row was handled so. */
static bool t2_glued(struct ex *e, const struct report_t2_table *tb, size_t ki,
		     const struct vals *v, struct assign *a)
{
	if (tb->nfields < 2 || v->n != 1 || v->nonempty != 1)
		return false;
	const struct item *it = &v->it[0];
	if (it->kind != IT_NUM || it->dlen < tb->nfields || (it->c && it->c->piped))
		return false;
	/* glued: table 3 was, or no one writes a number with a leading zero ("000") */
	if (!e->out->glued && e->in->text[it->doff] != '0')
		return false;
	struct splitter *sp = malloc(sizeof(*sp));
	if (!sp) {
		e->rc = ZF_ENOMEM;
		return true;
	}
	memset(sp, 0, sizeof(*sp));
	sp->text = e->in->text;
	sp->k = tb->nfields;
	sp->budget = 100000;
	sp->its[sp->nits++] = it;
	if (it->dlen <= 40)
		split_rec(sp, 0, 0, 0);
	/* several cuts: the one the prose's figures for this row agree with, when only one does */
	size_t pick = 0, nagree = 0;
	long said[REPORT_T2_TABLE_MAX];
	if (sp->nfound > 1 && sp->nfound <= SPLIT_MAX && sp->budget >= 0 &&
	    t2_prose_said(e, tb, ki, said)) {
		for (size_t k = 0; k < sp->nfound; k++) {
			bool ok = true;
			for (size_t q = 0; q < tb->nfields; q++)
				ok = ok && (said[q] < 0 ||
					    sp->found[k].v[q] == (int64_t)said[q] * 1000000);
			if (ok) {
				pick = k;
				nagree++;
			}
		}
	}
	if (sp->nfound > 1 && nagree == 1) {
		char path[96];
		report_path_t2(tb->items[ki], tb->fields[0], path, sizeof(path));
		struct buf r = BUF_INIT;
		for (size_t q = 0; q < tb->nfields; q++)
			buf_printf(&r, "%s%lld", q ? "|" : "",
				   (long long)(sp->found[pick].v[q] / 1000000));
		finding(e, "cell.glued", REPORT_SEV_INFO, path,
			"表二“%s”一行的数字在原文中连在一起（“%.*s”），有%zu种拆法；正文所述的件数"
			"只与%s相符，按此读取，请核对原文。",
			tb->item_labels[ki], (int)it->dlen, e->in->text + it->doff, sp->nfound,
			buf_cstr(&r));
		buf_free(&r);
		sp->found[0] = sp->found[pick];
		sp->nfound = 1;
	}
	if (sp->nfound == 1) {
		*a = sp->found[0];
		for (size_t q = 0; q < tb->nfields; q++) {
			struct item piece = *it;
			piece.c = NULL;
			piece.micro = a->v[q];
			piece.off = piece.doff = a->off[q];
			piece.huge = false;
			t2_set(e, tb, ki, q, &piece);
		}
		e->out->glued++;
	} else {
		struct buf alts = BUF_INIT;
		for (size_t k = 0; k < ZF_MIN(sp->nfound, (size_t)6); k++) {
			buf_adds(&alts, k ? "；" : "");
			for (size_t q = 0; q < tb->nfields; q++)
				buf_printf(&alts, "%s%lld", q ? "|" : "",
					   (long long)(sp->found[k].v[q] / 1000000));
		}
		if (sp->nfound > 6)
			buf_printf(&alts, "；等%zu种", sp->nfound);
		char path[96];
		report_path_t2(tb->items[ki], tb->fields[0], path, sizeof(path));
		finding(e, "cell.ambiguous", REPORT_SEV_ERROR, path,
			"表二“%s”一行的数字在原文中连在一起（“%.*s”），可拆为%s；表二没有勾稽关系"
			"可以确定拆法，各格按空值处理，请核对原文。",
			tb->item_labels[ki], (int)it->dlen, e->in->text + it->doff,
			buf_cstr(&alts));
		buf_free(&alts);
		for (size_t q = 0; q < tb->nfields; q++)
			t2_set(e, tb, ki, q, NULL);
		e->out->ambiguous++;
	}
	free(sp);
	return true;
}

static void read_t2(struct ex *e, size_t start, size_t end, const struct report_format *f)
{
	struct vals *v = malloc(sizeof(*v));
	struct lbl *L = malloc(sizeof(*L));
	if (!v || !L) {
		e->rc = ZF_ENOMEM;
		goto out;
	}
	for (size_t i = start; i < end; i++) {
		if (!is_label(e, i))
			continue;
		label_read(e->in->text, &e->cs->v[i], L);
		if (L->ncps > 12)
			continue;
		for (size_t t = 0; t < f->nt2; t++) {
			const struct report_t2_table *tb = &f->t2[t];
			for (size_t k = 0; k < tb->nitems; k++) {
				if (!item_label_eq(body(L), tb->item_labels[k]))
					continue;
				collect(e, i, L, tb->nfields, t2_stop, v);
				struct assign a;
				enum assign_how how =
				    assign_vals(e->in->text, v, tb->nfields, NULL, &a, NULL);
				if (how == AS_POSITIONAL && t2_glued(e, tb, k, v, &a)) {
					e->out->t2 = true;
					goto next;
				}
				/* map the assigned offsets back to items */
				for (size_t q = 0; q < tb->nfields; q++) {
					const struct item *it = NULL;
					if (how != AS_NONE && !a.null[q])
						for (size_t z = 0; z < v->n; z++)
							if (v->it[z].off == a.off[q] &&
							    v->it[z].kind == IT_NUM)
								it = &v->it[z];
					t2_set(e, tb, k, q, it);
				}
				e->out->t2 = true;
				goto next;
			}
		}
	next:;
	}
out:
	free(v);
	free(L);
}

/* ---- legacy 统计表 ---- */

struct legacy_vocab {
	char **body; /* compact bodies */
	size_t n;
};

/* Drops a trailing "(…)" note that holds a digit: a counting rule or the period
 * ("(不同渠道和方式公开相同信息计1条)", "(2016年部门实际办件数)"), not part of the name. */
static size_t drop_note(const char *s, size_t n)
{
	if (!n || s[n - 1] != ')')
		return n;
	size_t depth = 0, i = n;
	while (i) {
		i--;
		if (s[i] == ')')
			depth++;
		else if (s[i] == '(' && !--depth)
			break;
	}
	if (s[i] != '(' || i == 0)
		return n;
	for (size_t k = i; k < n; k++)
		if (s[k] >= '0' && s[k] <= '9')
			return i;
	return n;
}

static int vocab_add(struct legacy_vocab *v, const char *label, size_t n)
{
	struct buf norm = BUF_INIT;
	char c[LBL_MAX];
	int rc = text_normalize(label, n, &norm, NULL, NULL);
	if (rc) {
		buf_free(&norm);
		return rc;
	}
	size_t len = extract_compact(norm.p, norm.len, c, sizeof(c));
	buf_free(&norm);
	size_t b = 0;
	for (int k = 0; k < 3; k++) {
		size_t l = numbering(c + b, len - b);
		if (!l)
			break;
		b += l;
	}
	len = drop_note(c + b, len - b) + b;
	char **p = realloc(v->body, (v->n + 1) * sizeof(*p));
	if (!p)
		return ZF_ENOMEM;
	v->body = p;
	if (!(v->body[v->n] = xstrndup(c + b, len - b)))
		return ZF_ENOMEM;
	v->n++;
	return 0;
}

int legacy_vocab_new(const char *extra, size_t n, struct legacy_vocab **out)
{
	struct legacy_vocab *v = calloc(1, sizeof(*v));
	int rc = 0;
	*out = NULL;
	if (!v)
		return ZF_ENOMEM;
	const struct report_format *f = report_format_get(REPORT_FORMAT_LEGACY);
	for (size_t i = 0; f && i < f->nlegacy && !rc; i++)
		rc = vocab_add(v, f->legacy[i].label, strlen(f->legacy[i].label));
	for (size_t i = 0; i < n && !rc;) {
		const char *e = memchr(extra + i, '\n', n - i);
		size_t le = e ? (size_t)(e - extra) : n;
		if (le > i && extra[i] != '#')
			rc = vocab_add(v, extra + i, le - i);
		i = le + 1;
	}
	if (rc) {
		legacy_vocab_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void legacy_vocab_free(struct legacy_vocab *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		free(v->body[i]);
	free(v->body);
	free(v);
}

/* Longest common subsequence of two code-point strings (each at most 128). */
static size_t lcs(const uint32_t *a, size_t an, const uint32_t *b, size_t bn)
{
	uint16_t prev[129] = {0}, cur[129] = {0};
	for (size_t i = 1; i <= an; i++) {
		for (size_t j = 1; j <= bn; j++)
			cur[j] =
			    a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : ZF_MAX(prev[j], cur[j - 1]);
		memcpy(prev, cur, sizeof(prev));
	}
	return prev[bn];
}

static size_t to_cps(const char *s, uint32_t *out, size_t cap)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < cap;) {
		size_t l = utf8_decode(s + i, len - i, &out[n]);
		i += l ? l : 1;
		n++;
	}
	return n;
}

/* The standard body closest to b, when b is a damaged copy of it; NULL otherwise. */
static const char *vocab_repair(const struct legacy_vocab *v, const char *b, size_t *budget)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->body[i], b))
			return NULL;
	uint32_t x[128], y[128];
	size_t xn = to_cps(b, x, 128);
	if (xn < 3 || xn > 80 || !*budget)
		return NULL;
	(*budget)--;
	const char *best = NULL;
	double bs = 0;
	for (size_t i = 0; i < v->n; i++) {
		size_t yn = to_cps(v->body[i], y, 128);
		if (yn < 3 || yn * 2 < xn || xn * 2 < yn)
			continue;
		size_t l = lcs(x, xn, y, yn);
		double sv = (double)l / (double)yn, sx = (double)l / (double)xn;
		if (sv >= 0.85 && sx >= 0.6 && sv + sx > bs) {
			bs = sv + sx;
			best = v->body[i];
		}
	}
	return best;
}

static const char *legacy_units[] = {"条",   "件", "次", "篇", "个", "份", "人", "人次",
				     "万元", "元", "项", "期", "场", "家", "名", "户"};

static bool is_unit(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(legacy_units); i++)
		if (!strcmp(s, legacy_units[i]))
			return true;
	return false;
}

static void read_legacy(struct ex *e, size_t start)
{
	struct lbl *L = malloc(sizeof(*L)), *U = malloc(sizeof(*U));
	struct buf repaired = BUF_INIT;
	size_t nrep = 0, budget = 200; /* rows compared with the vocabulary, at most */
	if (!L || !U) {
		e->rc = ZF_ENOMEM;
		goto out;
	}
	const struct cells *cs = e->cs;
	bool piped = cs->v[start].piped;
	/* skip the header line */
	size_t i = start;
	while (i < cs->n && cs->v[i].line == cs->v[start].line)
		i++;
	while (i < cs->n && !e->rc) {
		const struct cell *x = &cs->v[i];
		if (piped && !x->piped)
			break;
		uint32_t line = x->line;
		size_t j = i;
		/* the cells of this row: its line (pipe layout) or label, unit, value */
		size_t row_end = i + 1;
		if (piped)
			while (row_end < cs->n && cs->v[row_end].line == line)
				row_end++;
		else
			while (row_end < cs->n && row_end < i + 3 &&
			       cs->v[row_end].kind != CELL_LABEL)
				row_end++, (void)0;
		if (x->kind != CELL_LABEL) {
			i = row_end;
			continue;
		}
		label_read(e->in->text, x, L);
		if (!piped && L->ncps > 60)
			break;
		/* body: numbering kept as written (normalised), note dropped, damage repaired */
		char out[2 * LBL_MAX];
		size_t nb = L->body;
		size_t blen = drop_note(L->c + nb, L->len - nb);
		char b[LBL_MAX];
		memcpy(b, L->c + nb, blen);
		b[blen] = 0;
		const char *fix = e->in->vocab ? vocab_repair(e->in->vocab, b, &budget) : NULL;
		char num[64];
		size_t numl = ZF_MIN(nb, sizeof(num) - 1);
		memcpy(num, L->c, numl);
		num[numl] = 0;
		/* 1、 → 1. */
		char *dun = strstr(num, "、");
		if (dun && dun > num && dun[-1] >= '0' && dun[-1] <= '9') {
			*dun = '.';
			memmove(dun + 1, dun + 3, strlen(dun + 3) + 1);
		}
		snprintf(out, sizeof(out), "%s%s", num, fix ? fix : b);
		if (fix) {
			buf_printf(&repaired, "%s“%s”→“%s”", nrep ? "；" : "", b, fix);
			nrep++;
		}
		const char *unit = NULL;
		char ubuf[32];
		struct report_cell value;
		memset(&value, 0, sizeof(value));
		for (j = i + 1; j < row_end; j++) {
			const struct cell *y = &cs->v[j];
			if (y->kind == CELL_LABEL && !unit) {
				label_read(e->in->text, y, U);
				if (is_unit(U->c) && strlen(U->c) < sizeof(ubuf)) {
					memcpy(ubuf, U->c, strlen(U->c) + 1);
					unit = ubuf;
				}
			} else if (y->kind == CELL_NUM && !value.present && !y->huge) {
				struct report_pos p;
				pos_of(e, y->off, &p);
				int64_t v = y->micro;
				if (!(unit && report_unit_is_amount(unit)))
					v /= 1000000;
				report_cell_set(&value, v, &p);
			}
		}
		if (report_add_legacy(e->r, out, unit, &value))
			e->rc = ZF_ENOMEM;
		i = row_end;
	}
	if (nrep)
		finding(e, "text.label", REPORT_SEV_INFO, NULL,
			"统计表中有%zu行的名称有错字或乱码，已按标准统计表的写法读取：%s。", nrep,
			buf_cstr(&repaired));
out:
	buf_free(&repaired);
	free(L);
	free(U);
}

/* ---- all tables ---- */

/* Detects the format and reads the tables it has. */
static int read_tables(struct ex *e)
{
	const struct extract_in *in = e->in;
	struct report *r = e->r;
	struct extract_out *out = e->out;
	bool legacy_table;
	enum report_format_id fmt = detect_format(e, r->year, &legacy_table);
	size_t t3 = find_t3_start(e, 0);
	if (r->format == REPORT_FORMAT_NONE) {
		if (legacy_table && (fmt == REPORT_FORMAT_NONE || t3 == e->cs->n))
			fmt = REPORT_FORMAT_LEGACY;
		if (fmt == REPORT_FORMAT_NONE && t3 < e->cs->n)
			fmt = r->year && r->year <= 2020 ? REPORT_FORMAT_2019 : REPORT_FORMAT_2021;
		r->format = fmt;
	}
	if (r->format == REPORT_FORMAT_LEGACY) {
		for (size_t i = 0; i < e->cs->n; i++) {
			struct lbl L;
			if (!is_label(e, i))
				continue;
			label_read(in->text, &e->cs->v[i], &L);
			if (has(&L, "统计指标")) {
				read_legacy(e, i);
				break;
			}
		}
		return e->rc;
	}
	if (r->format == REPORT_FORMAT_NONE)
		return 0;
	const struct report_format *f = report_format_get(r->format);
	/* table 2: from 第二十条 to table 3 */
	size_t t2 = e->cs->n;
	for (size_t i = 0; i < t3 && i < e->cs->n; i++) {
		struct lbl L;
		if (!is_label(e, i))
			continue;
		label_read(in->text, &e->cs->v[i], &L);
		if (!strncmp(L.c, "第二十条", 12) && L.ncps <= 16) {
			t2 = i;
			break;
		}
	}
	/* table 3 first: whether its rows were glued tells how to read table 2's */
	size_t t4 = t3;
	if (t3 < e->cs->n) {
		t4 = read_t3(e, t3);
		out->t3 = out->t3_rows > 0;
	}
	if (t2 < t3)
		read_t2(e, t2, t3, f);
	/* table 4: its heading or first header cell after table 3 */
	for (size_t i = out->t3 ? t4 : 0; i < e->cs->n && !e->rc; i++) {
		struct lbl L;
		if (!is_label(e, i))
			continue;
		label_read(in->text, &e->cs->v[i], &L);
		if (has(&L, "行政复议") && L.ncps <= 40) {
			read_t4(e, i);
			break;
		}
	}
	return e->rc;
}

int extract_tables(const struct extract_in *in, struct report *r, struct extract_out *out)
{
	struct ex e = {in, in->cells, r, out, 0, 0, 0, NULL};
	memset(out, 0, sizeof(*out));
	char *compact = malloc(in->n + 1);
	if (!compact)
		return ZF_ENOMEM;
	size_t nc = 0;
	for (size_t i = 0; i < in->n; i++) {
		char c = in->text[i];
		if (c != ' ' && c != '\t' && c != '\n')
			compact[nc++] = c;
	}
	_Static_assert(ARRAY_SIZE(t3_keys) == W_H19 - W_T3 && ARRAY_SIZE(h19) == W_H21 - W_H19 &&
			   ARRAY_SIZE(h21) == W_STAT - W_H21 && W_COUNT <= 64,
		       "the word bits match the word lists");
	const char *words[W_COUNT];
	for (size_t k = 0; k < ARRAY_SIZE(t3_keys); k++)
		words[W_T3 + k] = t3_keys[k].key;
	for (size_t k = 0; k < ARRAY_SIZE(h19); k++)
		words[W_H19 + k] = h19[k];
	for (size_t k = 0; k < ARRAY_SIZE(h21); k++)
		words[W_H21 + k] = h21[k];
	words[W_STAT] = "统计";
	words[W_STAT_NAME] = "统计指标";
	words[W_STAT_NUM] = "统计数";
	struct wordset *ws = malloc(sizeof(*ws));
	if (!ws) {
		free(compact);
		return ZF_ENOMEM;
	}
	wordset_init(ws, words, W_COUNT);
	e.ws = ws;
	e.words = wordset_find(ws, compact, nc, W_MASK(0, W_STAT + 1));
	e.t3_keys = (uint32_t)(e.words & W_MASK(W_T3, ARRAY_SIZE(t3_keys)));
	free(compact);
	int rc = read_tables(&e);
	free(ws);
	return rc;
}
