/* report_parse.c: the report reading pipeline, metadata (year, agency) and text findings. */
#include "common.h"
#include "ingest/report_parse.h"
#include "embedded.h"
#include "ingest/cells.h"
#include "ingest/container.h"
#include "ingest/decode.h"
#include "ingest/extract.h"
#include "ingest/html.h"
#include "ingest/narrative.h"
#include "ingest/reflow.h"
#include "law/check.h"
#include "text/gloss.h"
#include "text/hant.h"
#include "text/inject.h"
#include "text/normalize.h"
#include "text/readings.h"
#include "utf8.h"

#include <sodium.h>

enum { ST_HTML, ST_NORM, ST_GLOSS, ST_HANT, ST_INJECT, ST_REFLOW, ST_COUNT };

struct ingest_ctx {
	struct text_readings *readings;
	struct inject_vocab *inject;
	struct legacy_vocab *legacy;
	struct narrative *narrative;
	struct text_hant *hant; /* opened on the first traditional text */
	bool hant_failed;
	struct buf dec;
	struct buf stage[ST_COUNT];
	struct offmap map[ST_COUNT];
	bool used[ST_COUNT];
	struct cells cells;
	struct container_out cont; /* a PDF's or Office file's text and anchors */
	size_t *lines;		   /* line starts of the decoded text */
	size_t nlines, lines_alloc;
	/* the last position asked: cells come mostly in text order, so a column is counted on
	 * from the previous cell of the same line rather than from the line start */
	size_t last_line, last_off, last_col;
	const char *layout;
};

static const char *embedded(const char *name, size_t *len)
{
	const unsigned char *p = embedded_find(name, len);
	return (const char *)p;
}

int ingest_ctx_new(struct ingest_ctx **out)
{
	struct ingest_ctx *c = calloc(1, sizeof(*c));
	int rc;
	*out = NULL;
	if (!c)
		return ZF_ENOMEM;
	if (sodium_init() < 0) {
		free(c);
		return ZF_EIO;
	}
	size_t rl = 0, vl = 0, pl = 0, ll = 0;
	const char *r = embedded("pinyin-readings.txt", &rl);
	const char *v = embedded("spam-vocab.tsv", &vl);
	const char *p = embedded("report-phrases.txt", &pl);
	const char *l = embedded("legacy-rows.txt", &ll);
	if (!r || !v || !p || !l) {
		free(c);
		return ZF_EPARSE;
	}
	rc = text_readings_new(r, rl, &c->readings);
	if (!rc)
		rc = inject_vocab_new(v, vl, p, pl, &c->inject);
	if (!rc)
		rc = legacy_vocab_new(l, ll, &c->legacy);
	if (!rc)
		rc = narrative_new(&c->narrative);
	if (rc) {
		ingest_ctx_free(c);
		return rc;
	}
	buf_init(&c->dec, 0);
	container_init(&c->cont);
	*out = c;
	return 0;
}

void ingest_ctx_free(struct ingest_ctx *c)
{
	if (!c)
		return;
	text_readings_free(c->readings);
	inject_vocab_free(c->inject);
	legacy_vocab_free(c->legacy);
	narrative_free(c->narrative);
	text_hant_close(c->hant);
	buf_free(&c->dec);
	for (int i = 0; i < ST_COUNT; i++) {
		buf_free(&c->stage[i]);
		offmap_free(&c->map[i]);
	}
	cells_free(&c->cells);
	container_free(&c->cont);
	free(c->lines);
	free(c);
}

const char *ingest_last_layout(const struct ingest_ctx *c)
{
	return c->layout ? c->layout : "";
}

/* ---- positions ---- */

static int index_lines(struct ingest_ctx *c)
{
	c->nlines = 0;
	const char *s = c->dec.p ? c->dec.p : "";
	size_t n = c->dec.len;
	for (size_t i = 0;;) {
		if (c->nlines == c->lines_alloc) {
			size_t na = c->lines_alloc ? c->lines_alloc * 2 : 1024;
			size_t *p = realloc(c->lines, na * sizeof(*p));
			if (!p)
				return ZF_ENOMEM;
			c->lines = p;
			c->lines_alloc = na;
		}
		c->lines[c->nlines++] = i;
		/* a line ends at "\n", "\r\n" or a lone "\r" (old Mac files, crawler dumps) */
		size_t k = i;
		while (k < n && s[k] != '\n' && s[k] != '\r')
			k++;
		if (k >= n)
			break;
		i = k + 1 + (s[k] == '\r' && k + 1 < n && s[k + 1] == '\n');
	}
	return 0;
}

static void pos_cb(void *arg, size_t off, struct report_pos *out)
{
	struct ingest_ctx *c = arg;
	for (int st = ST_COUNT - 1; st >= 0; st--)
		if (c->used[st])
			off = offmap_lookup(&c->map[st], off);
	if (off > c->dec.len)
		off = c->dec.len;
	out->off = (uint32_t)ZF_MIN(off, (size_t)UINT32_MAX);
	if (c->cont.fmt != FMT_TEXT)
		container_lookup(&c->cont, off, out);
	size_t lo = 0, hi = c->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t from = c->lines[lo], col = 0;
	if (c->last_line == lo + 1 && c->last_off <= off) {
		from = c->last_off;
		col = c->last_col;
	}
	col += utf8_count(c->dec.p + from, off - from);
	c->last_line = lo + 1;
	c->last_off = off;
	c->last_col = col;
	out->line = (uint32_t)(lo + 1);
	out->col = (uint32_t)(col + 1);
}

/* ---- metadata ---- */

static bool digits4(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int year_at(const char *s)
{
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return y >= 2000 && y <= 2100 ? y : 0;
}

/* The value of a Chinese digit at s (〇 ○ 零 一 … 九), or -1. */
static int cn_digit(const char *s, size_t n)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n < 3)
		return -1;
	for (int k = 0; k < 10; k++)
		if (!memcmp(s, d[k], 3))
			return k;
	return !memcmp(s, "零", 3) || !memcmp(s, "○", 3) ? 0 : -1;
}

/* A year written in Chinese digits at s ("二〇二三"): its value when it is 2000–2100,
 * else 0. */
static int cn_year_at(const char *s, size_t n)
{
	int y = 0;
	for (size_t k = 0; k < 4; k++) {
		int d = cn_digit(s + 3 * k, n - ZF_MIN(n, 3 * k));
		if (d < 0)
			return 0;
		y = y * 10 + d;
	}
	return y >= 2000 && y <= 2100 ? y : 0;
}

/* First "YYYY年" (or "二〇二三年") in s[0..n); returns the offset or n, and the length of
 * the year and its 年 in *len when len is set. */
static size_t find_year_len(const char *s, size_t n, int *year, size_t *len)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		/* PDF text and typeset titles put a space before 年 ("2025 年") */
		size_t sp = 0;
		while (sp < 2 && i + 4 + sp < n && s[i + 4 + sp] == ' ')
			sp++;
		if (digits4(s + i) && i + 7 + sp <= n && !memcmp(s + i + 4 + sp, "年", 3) &&
		    (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
			int y = year_at(s + i);
			if (y) {
				*year = y;
				if (len)
					*len = 7 + sp;
				return i;
			}
		}
		if (i + 15 <= n && (unsigned char)s[i] >= 0xE2 && !memcmp(s + i + 12, "年", 3) &&
		    (i < 3 || cn_digit(s + i - 3, 3) < 0)) {
			int y = cn_year_at(s + i, n - i);
			if (y) {
				*year = y;
				if (len)
					*len = 15;
				return i;
			}
		}
	}
	return n;
}

static size_t find_year(const char *s, size_t n, int *year)
{
	return find_year_len(s, n, year, NULL);
}

static bool agency_like(const char *s, size_t n);

/* The title: a short line with 年度报告 and a year near the top, or 《…年度报告》. */
static bool find_title(const char *t, size_t n, const char **ts, size_t *tl)
{
	size_t scan = ZF_MIN(n, (size_t)6000);
	for (size_t i = 0, line = 0; i < scan && line < 40; line++) {
		const char *e = memchr(t + i, '\n', n - i);
		size_t le = e ? (size_t)(e - t) : n;
		size_t l = le - i;
		int y;
		if (l <= 300 && utf8_count(t + i, l) <= 100 &&
		    (memmem(t + i, l, "年度报告", 12) || memmem(t + i, l, "年报", 6)) &&
		    find_year(t + i, l, &y) < l) {
			*ts = t + i;
			*tl = l;
			return true;
		}
		i = le + 1;
	}
	/* a title wrapped before its last words ("…2021年度政府信息公开工作" / "年度报告") */
	for (size_t i = 0, line = 0; i < scan && line < 40; line++) {
		const char *e = memchr(t + i, '\n', n - i);
		size_t le = e ? (size_t)(e - t) : n;
		size_t l = le - i;
		int y;
		size_t yl = 0, at = l <= 300 ? find_year_len(t + i, l, &y, &yl) : l;
		if (at < l && utf8_count(t + i, l) <= 60) {
			const char *after = t + i + at + yl; /* past "YYYY年" */
			size_t rest = l - at - yl;
			if (rest >= 6 && !memcmp(after, "度", 3))
				after += 3, rest -= 3;
			/* or the agency between the year and its words ("2025
			 * 年上海市人民政府办公厅 政府信息公开" / "工作年度报告"), with no sentence
			 * punctuation before them */
			const char *w = rest >= 18 ? memmem(after, rest, "政府信息公开", 18) : NULL;
			bool named = w && w - after <= 90 &&
				     !memmem(after, (size_t)(w - after), "，", 3) &&
				     !memmem(after, (size_t)(w - after), "。", 3) &&
				     !memchr(after, ',', (size_t)(w - after)) &&
				     agency_like(after, (size_t)(w - after));
			if (rest >= 18 && (!memcmp(after, "政府信息公开", 18) || named)) {
				*ts = t + i;
				*tl = l;
				return true;
			}
		}
		i = le + 1;
	}
	const char *o = memmem(t, scan, "《", 3);
	while (o) {
		size_t rest = (size_t)(t + scan - o);
		const char *cl = memmem(o, rest, "》", 3);
		if (!cl)
			break;
		size_t l = (size_t)(cl - o) - 3;
		int y;
		if (memmem(o + 3, l, "年度报告", 12) && find_year(o + 3, l, &y) < l) {
			*ts = o + 3;
			*tl = l;
			return true;
		}
		o = memmem(cl, (size_t)(t + scan - cl), "《", 3);
	}
	return false;
}

/* True when s[0..n) ends like the name of an agency (…人民政府, …局, …办公室, …街道). */
static bool agency_like(const char *s, size_t n)
{
	static const char *const ends[] = {"政府", "局", "委员会", "委", "办公室", "办事处", "办",
					   "厅",   "院", "镇",	   "乡", "街道",   "中心",   "署",
					   "处",   "所", "会",	   "馆", "队",	   "部",     "站"};
	for (size_t k = 0; k < ARRAY_SIZE(ends); k++) {
		size_t l = strlen(ends[k]);
		if (n > l && !memcmp(s + n - l, ends[k], l))
			return true;
	}
	return false;
}

/* A title that starts with its year ("2021年度政府信息公开工作年度报告") often has the agency
 * on the line above it: takes that line when it reads as a name alone. */
static void agency_above(const char *t, const char *ts, struct report *r)
{
	const char *e = ts;
	for (int blank = 0; blank < 3; blank++) {
		if (e <= t)
			return;
		e--; /* the '\n' ending the line above */
		const char *b = e;
		while (b > t && b[-1] != '\n')
			b--;
		const char *x = e;
		while (x > b && (x[-1] == ' ' || x[-1] == '\t' || x[-1] == '*' || x[-1] == '#'))
			x--;
		while (b < x && (*b == ' ' || *b == '\t' || *b == '#' || *b == '*' || *b == '>'))
			b++;
		if (b == x) { /* a blank line: look above it */
			e = b;
			while (e > t && e[-1] != '\n')
				e--;
			continue;
		}
		size_t n = (size_t)(x - b), cps = utf8_count(b, n);
		for (size_t i = 0; i < n; i++)
			if ((b[i] >= '0' && b[i] <= '9') || b[i] == ':' || b[i] == '>' ||
			    b[i] == '|' || b[i] == ' ')
				return;
		if (cps >= 2 && cps <= 30 && agency_like(b, n) && !memmem(b, n, "，", 3) &&
		    !memmem(b, n, "。", 3) && !memmem(b, n, "：", 3))
			report_set_agency(r, b, n);
		return;
	}
}

/* The agency named in the body of a report that lost its title (crawler dumps keep only the
 * body): the report speaks of itself as 我厅/我局/我委/我办/我区/我县/我市…, so the first
 * full name in the opening pages that starts with a place (…省/市/区/县/州/盟/旗) and ends with
 * that same word is the agency ("2021年，河北省科学技术厅坚持…" with "我厅"). */
static void agency_from_body(const char *t, size_t n, struct report *r)
{
	static const char *const ends[] = {"厅", "局", "委", "办", "区", "县",
					   "市", "镇", "乡", "院", "署", "会"};
	size_t scan = ZF_MIN(n, (size_t)20000);
	for (size_t k = 0; k < ARRAY_SIZE(ends); k++) {
		char self[8];
		snprintf(self, sizeof(self), "我%s", ends[k]);
		if (!memmem(t, scan, self, strlen(self)))
			continue;
		/* the first "…<end>" preceded by a place word within 30 characters */
		for (const char *e = memmem(t, scan, ends[k], 3); e;
		     e = memmem(e + 3, (size_t)(t + scan - e - 3), ends[k], 3)) {
			const char *b = e;
			size_t cps = 0;
			while (b > t && cps < 30) {
				const char *pc = b - 1;
				while (pc > t && ((unsigned char)*pc & 0xC0) == 0x80)
					pc--;
				if ((unsigned char)*pc < 0xE0)
					break; /* ASCII, digits, punctuation of one or two bytes */
				if (!memcmp(pc, "，", 3) || !memcmp(pc, "。", 3) ||
				    !memcmp(pc, "、", 3) || !memcmp(pc, "《", 3) ||
				    !memcmp(pc, "》", 3) || !memcmp(pc, "：", 3) ||
				    !memcmp(pc, "（", 3) || !memcmp(pc, "）", 3) ||
				    !memcmp(pc, "“", 3) || !memcmp(pc, "”", 3) ||
				    !memcmp(pc, "我", 3))
					break;
				b = pc;
				cps++;
			}
			/* must begin with a place: a province, city, district or county name */
			size_t l = (size_t)(e + 3 - b);
			bool place = false;
			static const char *const places[] = {"省", "市", "区", "县",
							     "州", "盟", "旗"};
			for (size_t q = 0; q < ARRAY_SIZE(places) && !place; q++) {
				const char *pq = memmem(b, l - 3, places[q], 3);
				place = pq && pq > b;
			}
			/* "我办" names a 办公室 */
			if (k == 3 && e + 9 <= t + scan && !memcmp(e + 3, "公室", 6))
				l += 6;
			size_t nc = utf8_count(b, l);
			if (place && nc >= 4 && nc <= 25 && agency_like(b, l)) {
				report_set_agency(r, b, l);
				return;
			}
		}
	}
}

/* A title that starts with its year names the agency after it: "2019年上海市人民政府办公厅
 * 政府信息公开工作年度报告". Takes it when it ends like an agency. */
static void agency_after_year(const char *ts, size_t tl, struct report *r)
{
	int y;
	size_t yl = 0, at = find_year_len(ts, tl, &y, &yl);
	if (at >= tl)
		return;
	const char *a = ts + at + yl;
	size_t rest = tl - at - yl;
	if (rest >= 3 && !memcmp(a, "度", 3))
		a += 3, rest -= 3;
	while (rest && *a == ' ')
		a++, rest--;
	const char *w = memmem(a, rest, "政府信息公开", 18);
	if (!w)
		w = memmem(a, rest, "年度报告", 12);
	if (!w)
		return;
	size_t l = (size_t)(w - a);
	while (l && a[l - 1] == ' ')
		l--;
	size_t cps = utf8_count(a, l);
	if (cps >= 2 && cps <= 30 && agency_like(a, l) && !memmem(a, l, "，", 3))
		report_set_agency(r, a, l);
}

/* A title quoted in the body's first sentence: "…要求，发布河北省教育厅2021年政府信息公开工作
 * 年度报告。" The name runs back from the year to the punctuation before it, less the verb
 * that introduced it. */
static void agency_before_year_in_body(const char *t, size_t n, struct report *r)
{
	static const char *const verbs[] = {"现发布",	"发布", "公布",	     "现将",
					    "编制",	"印发", "形成",	     "特此",
					    "本报告为", "报送", "向社会公布"};
	size_t scan = ZF_MIN(n, (size_t)3000);
	for (const char *w = memmem(t, scan, "政府信息公开工作年度报告", 36); w;
	     w = memmem(w + 36, (size_t)(t + scan - w - 36), "政府信息公开工作年度报告", 36)) {
		int y;
		/* the year right before the words: "2021年" or "2021年度" */
		const char *ye = w;
		if (ye - t >= 3 && !memcmp(ye - 3, "度", 3))
			ye -= 3;
		if (ye - t < 7 || memcmp(ye - 3, "年", 3))
			continue;
		const char *yb = ye - 3;
		while (yb > t && yb[-1] == ' ')
			yb--;
		if (yb - t < 4 || !digits4(yb - 4) || !(y = year_at(yb - 4)))
			continue;
		const char *e = yb - 4, *b = e;
		while (b > t) {
			const char *pc = b - 1;
			while (pc > t && ((unsigned char)*pc & 0xC0) == 0x80)
				pc--;
			if ((unsigned char)*pc < 0xE0 || !memcmp(pc, "，", 3) ||
			    !memcmp(pc, "。", 3) || !memcmp(pc, "》", 3) || !memcmp(pc, "）", 3) ||
			    !memcmp(pc, "：", 3) || !memcmp(pc, "、", 3) || !memcmp(pc, "“", 3))
				break;
			b = pc;
		}
		for (size_t k = 0; k < ARRAY_SIZE(verbs); k++) {
			size_t vl = strlen(verbs[k]);
			if ((size_t)(e - b) > vl && !memcmp(b, verbs[k], vl)) {
				b += vl;
				break;
			}
		}
		size_t l = (size_t)(e - b), cps = utf8_count(b, l);
		if (cps >= 4 && cps <= 25 && agency_like(b, l)) {
			report_set_agency(r, b, l);
			return;
		}
	}
}

static void read_meta(struct ingest_ctx *c, const char *t, size_t n, struct report *r,
		      const struct inject_result *inj, bool *agency_lost)
{
	const char *ts;
	size_t tl;
	int year = 0;
	*agency_lost = false;
	if (find_title(t, n, &ts, &tl)) {
		size_t y = find_year(ts, tl, &year);
		size_t b = 0;
		/* blanks, and Markdown's heading, bold and quote marks ("# …", "**…**") */
		while (b < y && (ts[b] == ' ' || ts[b] == '\t' || ts[b] == '#' || ts[b] == '*' ||
				 ts[b] == '>'))
			b++;
		if (y - b >= 6 && !memcmp(ts + b, "关于", 6))
			b += 6;
		/* a crawler's field label ("标题: …", "题名：…") */
		for (size_t k = b; k < y; k++) {
			if (ts[k] == ':')
				b = k + 1;
			else if (k + 3 <= y && !memcmp(ts + k, "：", 3))
				b = k + 3;
		}
		while (b < y && ts[b] == ' ')
			b++;
		size_t e = y;
		while (e > b && (ts[e - 1] == ' ' || ts[e - 1] == '\t'))
			e--;
		bool spam = false;
		for (size_t k = 0; k < inj->nitems; k++)
			if (memmem(ts + b, e - b, inj->items[k].text, strlen(inj->items[k].text)))
				spam = true;
		size_t cps = utf8_count(ts + b, e - b);
		/* a sentence that merely mentions the report is no title
		 * ("根据《条例》…，我厅编写了 2019年度报告") */
		bool prose = memmem(ts + b, e - b, "《", 3) || memmem(ts + b, e - b, "，", 3) ||
			     memchr(ts + b, ',', e - b) || memmem(ts + b, e - b, "根据", 6);
		if (spam)
			*agency_lost = true;
		else if (prose)
			;
		else if (cps >= 2 && cps <= 40 && !memchr(ts + b, ':', e - b))
			report_set_agency(r, ts + b, e - b);
		else if (b == e) {
			agency_after_year(ts, tl, r);
			if (!r->agency)
				agency_above(t, ts, r);
		}
	}
	if (!year) {
		const char *p = memmem(t, n, "统计期限", 12);
		if (p)
			find_year(p, ZF_MIN((size_t)(t + n - p), (size_t)80), &year);
	}
	if (!year) {
		size_t scan = ZF_MIN(n, (size_t)4000);
		for (size_t i = 0; i + 10 <= scan; i++)
			if (digits4(t + i) && !memcmp(t + i + 4, "年度", 6) && year_at(t + i)) {
				year = year_at(t + i);
				break;
			}
	}
	if (!year)
		find_year(t, ZF_MIN(n, (size_t)4000), &year);
	r->year = year;
	if (!r->agency && !*agency_lost)
		agency_from_body(t, n, r);
	if (!r->agency && !*agency_lost)
		agency_before_year_in_body(t, n, r);
	ZF_UNUSED(c);
}

/* ---- findings ---- */

static void add(struct report *r, const char *rule, enum report_severity sev, const char *msg,
		int *rc)
{
	if (!*rc && report_add_finding(r, rule, sev, NULL, 0, "%s", msg))
		*rc = ZF_ENOMEM;
}

static void injected_finding(struct report *r, const struct inject_result *inj, bool agency_lost,
			     int *rc)
{
	struct buf m = BUF_INIT;
	buf_adds(&m, "文本疑似被镜像站篡改，插入了博彩推广词：");
	for (size_t k = 0; k < inj->nitems; k++) {
		const struct inject_item *it = &inj->items[k];
		buf_printf(&m, "%s“%s”出现%zu次", k ? "；" : "", it->text, it->count);
		if (it->replaced[0]) {
			buf_printf(&m, "，按固定表述（如“%s”）可知它替换了“%s”", it->example,
				   it->replaced);
			if (it->repaired)
				buf_printf(&m, "，已还原%zu处", it->repaired);
			if (it->place_slots)
				buf_printf(
				    &m,
				    "，另有%zu处位于地名位置（“%s市”“%s区”之类），原地名无法恢复",
				    it->place_slots, it->text, it->text);
		} else {
			buf_adds(&m, "，原文不详");
		}
	}
	buf_adds(&m, "。");
	if (agency_lost)
		buf_adds(&m, "标题中的机关名称已被替换，无法识别。");
	if (inj->repaired)
		buf_adds(&m, "以下按还原后的文字解析。");
	buf_adds(&m, "这是“内容被篡改”一类的严重问题，请以机关网站上的原件为准。");
	add(r, "text.injected", REPORT_SEV_ERROR, buf_cstr(&m), rc);
	buf_free(&m);
}

static void encoding_finding(struct report *r, const struct decode_info *di,
			     const struct norm_stats *ns, const struct gloss_stats *gs, bool hant,
			     int *rc)
{
	struct buf m = BUF_INIT;
	bool damage = gs->removed || di->bad || ns->replacement || ns->stray_qmarks;
	if (gs->removed) {
		buf_adds(&m, "原文为繁体字，且在部分字后夹注了拼音（如");
		for (size_t k = 0; k < gs->nexamples; k++)
			buf_printf(&m, "%s“%s”", k ? "、" : "", gs->example[k]);
		buf_printf(
		    &m,
		    "），这是转码或镜像站留下的损坏；已去除%zu处拼音注音并转为简体后再读取表格。",
		    gs->removed);
	} else if (hant) {
		buf_adds(&m, "原文为繁体字，已转为简体后再读取表格。");
	}
	if (di->bad || ns->replacement)
		buf_printf(&m, "有%zu处字节无法按%s解码，已以“�”代替。", di->bad + ns->replacement,
			   ingest_encoding_name(di->enc));
	if (ns->stray_qmarks)
		buf_printf(&m, "有%zu处字符已损坏（写成“?”），无法恢复。", ns->stray_qmarks);
	if (ns->placeholders && damage)
		buf_printf(&m, "另有%zu处“?”是空格或空单元格的残留，已按空白处理。",
			   ns->placeholders);
	if (m.len)
		add(r, damage ? "text.encoding" : "text.traditional",
		    damage ? REPORT_SEV_WARNING : REPORT_SEV_INFO, buf_cstr(&m), rc);
	buf_free(&m);
}

/* ---- the pipeline ---- */

/* Runs one stage if it produced output: the next stage reads its buffer. */
static void advance(struct ingest_ctx *c, int st, const char **t, size_t *n)
{
	c->used[st] = true;
	*t = c->stage[st].p ? c->stage[st].p : "";
	*n = c->stage[st].len;
}

int ingest_report(struct ingest_ctx *c, const char *bytes, size_t n, const char *file,
		  struct report **out, struct buf *err)
{
	struct report *r = NULL;
	struct decode_info di;
	struct norm_stats ns;
	struct gloss_stats gs;
	struct inject_result inj;
	bool hant = false, agency_lost = false;
	int rc = 0;
	*out = NULL;
	memset(c->used, 0, sizeof(c->used));
	memset(&gs, 0, sizeof(gs));
	c->layout = NULL;
	if (n > INGEST_MAX_BYTES) {
		buf_printf(err, "文件过大（%zu 字节，上限 %u 字节）", n, INGEST_MAX_BYTES);
		return ZF_ETOOBIG;
	}
	/* a PDF or Office file becomes text first; the hash below is of the file itself */
	const char *src = bytes;
	size_t sn = n;
	if ((rc = container_read(bytes, n, &c->cont, err)))
		return rc;
	if (c->cont.fmt != FMT_TEXT) {
		src = c->cont.text.p ? c->cont.text.p : "";
		sn = c->cont.text.len;
		if (!sn) {
			buf_printf(err, "%s中没有文字", container_format_name(c->cont.fmt));
			return ZF_EPARSE;
		}
	}
	if ((rc = ingest_decode(src, sn, &c->dec, &di)))
		return rc;
	if (di.binary) {
		buf_adds(err, "不是可以读取的文档（含有二进制数据）：可以读取的是文本、HTML、PDF、"
			      "Word（.docx/.doc/.wps）和 Excel（.xlsx）");
		return ZF_EPARSE;
	}
	size_t ws = 0;
	while (ws < c->dec.len &&
	       (c->dec.p[ws] == ' ' || c->dec.p[ws] == '\t' || c->dec.p[ws] == '\r' ||
		c->dec.p[ws] == '\n' || c->dec.p[ws] == '\f' || c->dec.p[ws] == '\v'))
		ws++;
	if (ws == c->dec.len) {
		buf_adds(err, n ? "文件中只有空白，没有文字" : "文件是空的");
		return ZF_EPARSE;
	}
	if ((rc = index_lines(c)))
		return rc;
	c->last_line = 0;
	const char *t = c->dec.p ? c->dec.p : "";
	size_t tn = c->dec.len;
	bool html = html_detect(t, tn);
	if (html) {
		if ((rc = html_to_text(t, tn, &c->stage[ST_HTML], &c->map[ST_HTML])))
			return rc;
		advance(c, ST_HTML, &t, &tn);
	}
	if ((rc = text_normalize(t, tn, &c->stage[ST_NORM], &c->map[ST_NORM], &ns)))
		return rc;
	advance(c, ST_NORM, &t, &tn);
	if ((rc =
		 text_gloss_strip(c->readings, t, tn, &c->stage[ST_GLOSS], &c->map[ST_GLOSS], &gs)))
		return rc;
	if (gs.removed)
		advance(c, ST_GLOSS, &t, &tn);
	if (text_hant_detect(t, tn, NULL, NULL)) {
		if (!c->hant && !c->hant_failed && text_hant_open(&c->hant))
			c->hant_failed = true;
		if (c->hant) {
			if ((rc = text_hant_convert(c->hant, t, tn, &c->stage[ST_HANT],
						    &c->map[ST_HANT])))
				return rc;
			advance(c, ST_HANT, &t, &tn);
			hant = true;
		}
	}
	if ((rc = inject_scan(c->inject, t, tn, &c->stage[ST_INJECT], &c->map[ST_INJECT], &inj)))
		return rc;
	if (inj.repaired)
		advance(c, ST_INJECT, &t, &tn);
	/* flattened crawler text: table lines back (glued one-line bodies, CR dumps) */
	struct reflow_stats rs = {0};
	if ((rc = reflow_text(t, tn, &c->stage[ST_REFLOW], &c->map[ST_REFLOW], &rs)))
		return rc;
	if (c->stage[ST_REFLOW].len)
		advance(c, ST_REFLOW, &t, &tn);
	if ((rc = cells_scan(t, tn, &c->cells)))
		return rc;

	if (!(r = report_new()))
		return ZF_ENOMEM;
	read_meta(c, t, tn, r, &inj, &agency_lost);
	if (inj.nitems)
		injected_finding(r, &inj, agency_lost, &rc);
	encoding_finding(r, &di, &ns, &gs, hant, &rc);

	struct extract_in in = {t, tn, &c->cells, c->legacy, pos_cb, c, c->narrative};
	struct extract_out xo;
	if (!rc)
		rc = extract_tables(&in, r, &xo);
	size_t piped = 0, plain = 0;
	for (size_t i = 0; i < c->cells.n; i++)
		if (c->cells.v[i].kind == CELL_NUM)
			*(c->cells.v[i].piped ? &piped : &plain) += 1;
	const char *cl = c->cont.fmt != FMT_TEXT ? c->cont.layout : NULL;
	c->layout = cl		     ? cl
		    : html	     ? "html"
		    : rs.run_rows    ? "blank-runs"
		    : xo.glued	     ? "glued"
		    : piped <= plain ? (c->cells.num_runs > 3 ? "columns" : "cell-per-line")
		    : c->cells.style == PIPE_MARKDOWN ? "markdown"
						      : "pipe";
	if (!rc && r->format == REPORT_FORMAT_NONE)
		add(r, "parse.unrecognised", REPORT_SEV_ERROR,
		    "没有找到年度报告的统计表格（表二、表三、表四或统计表），无法读取。", &rc);
	else if (!rc && r->format != REPORT_FORMAT_LEGACY) {
		if (!xo.t3)
			add(r, "parse.table3", REPORT_SEV_ERROR,
			    "没有找到表三（收到和处理政府信息公开申请情况），表三各格为空。", &rc);
		if (!xo.t4)
			add(r, "parse.table4", REPORT_SEV_ERROR,
			    "没有找到表四（政府信息公开行政复议、行政诉讼情况）的15个数字，表四各格"
			    "为空。",
			    &rc);
		if (!xo.t2)
			add(r, "parse.table2", REPORT_SEV_WARNING,
			    "没有找到表二（主动公开政府信息情况），表二各格为空。", &rc);
		if (xo.glued && !rc) {
			if (report_add_finding(
				r, "cell.glued", REPORT_SEV_INFO, NULL, 0,
				"有%"
				"zu行的数字在原文中连在一起（没有分隔），已按表内勾稽关系（行合计、"
				"列合计、上下结转）唯一拆分，请核对。",
				xo.glued))
				rc = ZF_ENOMEM;
		}
		if (xo.subtotal)
			add(r, "parse.subtotal", REPORT_SEV_INFO,
			    "表三多出一列“法人或其他组织”小计（不属于标准格式），读取时已略去。",
			    &rc);
	}
	if (!rc)
		rc = narrative_check(c->narrative, t, tn, r);
	if (!rc && !r->year)
		add(r, "parse.year", REPORT_SEV_WARNING, "没有找到报告年度。", &rc);
	if (!rc) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[crypto_hash_sha256_BYTES * 2 + 1];
		crypto_hash_sha256(h, (const unsigned char *)bytes, n);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		rc = report_set_source(r, file ? file : "-", hex, c->layout);
	}
	if (!rc && r->format != REPORT_FORMAT_NONE) {
		int k = check_report(r, NULL);
		if (k < 0)
			rc = k;
	}
	if (rc) {
		report_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

const char *ingest_last_text(const struct ingest_ctx *c, size_t *len)
{
	*len = c->dec.len;
	return c->dec.p ? c->dec.p : "";
}
