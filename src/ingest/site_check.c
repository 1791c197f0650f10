/* site_check.c: the site-integrity check of one text or page (see site_check.h). One pass of
 * the rule set (text/scan.h) over the text as given, personal data (law/pii.h), injected
 * brands in fixed-phrase slots (text/inject.h, over the normalised, simplified text, mapped
 * back), brands in organisation-name slots; for a page also its title and meta, hidden and
 * script-written links, and keyword stuffing. */
#include "common.h"
#include "arena.h"
#include "embedded.h"
#include "ingest/decode.h"
#include "ingest/site_check.h"
#include "ingest/site_page.h"
#include "law/pii.h"
#include "text/hant.h"
#include "text/inject.h"
#include "text/normalize.h"
#include "utf8.h"

#include <ctype.h>
#include <strings.h>

#define CONTEXT_CHARS 20
#define SLOT_WINDOW   40 /* characters between a brand's start and an organ suffix */
#define STUFF_REPEAT  5	 /* one keyword this many times in a title or meta field */
#define STUFF_SPAM    2	 /* spam words in one title or meta field */

struct site_checker {
	struct scan_rules *rules;
	struct inject_vocab *inject;
	char **brands; /* brand words of spam-vocab.tsv, ASCII lower case */
	size_t *brand_len;
	size_t nbrands;
	bool first[256]; /* bytes a brand begins with, either case */
	struct text_hant *hant;
	bool hant_failed;
	struct buf dec, norm, simp, rep, err;
	struct offmap mnorm, msimp, mrep;
};

/* Organisation-name suffixes: a brand directly before one of them took an organ's name. */
static const char *const organ_suffixes[] = {
    "人民政府", "人民代表大会", "人大常委会", "政协",	"办公室",     "办公厅",
    "委员会",	"领导小组",	"管理委员会", "管委会", "街道办事处", "办事处",
    "人民法院", "人民检察院",	"公安局",     "管理局", "服务局",     "政务服务",
    "局",	"厅",		"委",	      "办"};

/* Government hosts: a hidden link there is not a spam link. */
static const char *const gov_suffixes[] = {".gov.cn", "gov.cn", ".conac.cn", ".gov"};

const char *site_checker_error(const struct site_checker *c)
{
	return c && c->err.p ? c->err.p : "";
}

const struct scan_rules *site_checker_rules(const struct site_checker *c)
{
	return c ? c->rules : NULL;
}

void site_checker_free(struct site_checker *c)
{
	if (!c)
		return;
	scan_rules_free(c->rules);
	inject_vocab_free(c->inject);
	for (size_t i = 0; i < c->nbrands; i++)
		free(c->brands[i]);
	free(c->brands);
	free(c->brand_len);
	text_hant_close(c->hant);
	buf_free(&c->dec);
	buf_free(&c->norm);
	buf_free(&c->simp);
	buf_free(&c->rep);
	buf_free(&c->err);
	offmap_free(&c->mnorm);
	offmap_free(&c->msimp);
	offmap_free(&c->mrep);
	free(c);
}

static int load_brands(struct site_checker *c, const char *v, size_t n)
{
	const char *p = v, *end = v + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (le - p > 6 && !strncmp(p, "brand\t", 6)) {
			size_t l = (size_t)(le - p - 6);
			while (l && (p[6 + l - 1] == '\r' || p[6 + l - 1] == ' '))
				l--;
			char **nb = realloc(c->brands, (c->nbrands + 1) * sizeof(*nb));
			if (!nb)
				return ZF_ENOMEM;
			c->brands = nb;
			char *w = strndup(p + 6, l);
			if (!w)
				return ZF_ENOMEM;
			for (char *q = w; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			size_t *nl2 = realloc(c->brand_len, (c->nbrands + 1) * sizeof(*nl2));
			if (!nl2) {
				free(w);
				return ZF_ENOMEM;
			}
			c->brand_len = nl2;
			c->brand_len[c->nbrands] = strlen(w);
			c->first[(unsigned char)w[0]] = true;
			c->first[(unsigned char)toupper((unsigned char)w[0])] = true;
			c->brands[c->nbrands++] = w;
		}
		p = le + 1;
	}
	return 0;
}

int site_checker_new(const char *rules, size_t n, struct site_checker **out, struct buf *err)
{
	*out = NULL;
	struct site_checker *c = calloc(1, sizeof(*c));
	if (!c)
		return ZF_ENOMEM;
	buf_init(&c->dec, SITE_CHECK_MAX * 2);
	buf_init(&c->norm, 0);
	buf_init(&c->simp, 0);
	buf_init(&c->rep, 0);
	buf_init(&c->err, 0);
	int rc =
	    rules ? scan_rules_parse(rules, n, &c->rules, err) : scan_rules_default(&c->rules, err);
	size_t vl = 0, pl = 0;
	const char *v = (const char *)embedded_find("spam-vocab.tsv", &vl);
	const char *ph = (const char *)embedded_find("report-phrases.txt", &pl);
	if (!rc && (!v || !ph)) {
		buf_setf(err, "程序中没有博彩推广词表");
		rc = ZF_ENOENT;
	}
	if (!rc)
		rc = inject_vocab_new(v, vl, ph, pl, &c->inject);
	if (!rc)
		rc = load_brands(c, v, vl);
	if (rc) {
		site_checker_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* ---- helpers ---- */

static size_t back_chars(const char *t, size_t at, int k)
{
	while (at > 0 && k > 0) {
		at--;
		while (at > 0 && ((unsigned char)t[at] & 0xC0) == 0x80)
			at--;
		if (t[at] == '\n')
			return at + 1;
		k--;
	}
	return at;
}

static size_t fwd_chars(const char *t, size_t n, size_t at, int k)
{
	while (at < n && k > 0) {
		if (t[at] == '\n')
			return at;
		at++;
		while (at < n && ((unsigned char)t[at] & 0xC0) == 0x80)
			at++;
		k--;
	}
	return at;
}

/* Appends s with line ends as spaces and runs of blanks as one. */
static void add_flat(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
		if (ch == ' ' && b->len && b->p[b->len - 1] == ' ')
			continue;
		buf_addch(b, ch);
	}
}

/* The snippet with up to 20 characters each side, on one line; shown (the masked snippet)
 * stands for text[s, e). */
static void context_of(const char *t, size_t n, size_t s, size_t e, const char *shown,
		       struct buf *out)
{
	buf_reset(out);
	size_t a = back_chars(t, s, CONTEXT_CHARS), z = fwd_chars(t, n, e, CONTEXT_CHARS);
	add_flat(out, t + a, s - a);
	add_flat(out, shown, strlen(shown));
	add_flat(out, t + e, z - e);
}

/* Where a finding's offsets go: a map from the checked text to the reported one. */
struct where {
	const struct site_place *p;
	const char *field;
	const struct offmap *map; /* NULL: the same offsets */
	size_t base;		  /* added after the map */
	size_t limit;		  /* offsets are clamped to it (0: none) */
};

static size_t place_off(const struct where *w, size_t off, bool end)
{
	size_t at;
	if (!w->map)
		at = w->base + off;
	else if (end && off > 0)
		at = w->base + offmap_lookup(w->map, off - 1) + 1;
	else
		at = w->base + offmap_lookup(w->map, off);
	/* a title or meta value is mapped from its start: a decoded entity may run past the
	 * page's end */
	return w->limit && at > w->limit ? w->limit : at;
}

static int add(struct site_findings *out, const struct where *w, const char *id,
	       const char *category, enum scan_sev sev, size_t s, size_t e, const char *snippet,
	       const char *context, const char *message, const char *fix)
{
	struct site_finding f = {
	    .id = id,
	    .category = category,
	    .sev = sev,
	    .url = w->p && w->p->url ? w->p->url : "",
	    .doc_id = w->p ? w->p->doc_id : 0,
	    .field = w->field		   ? w->field
		     : w->p && w->p->field ? w->p->field
					   : "",
	    .start = place_off(w, s, false),
	    .end = place_off(w, e, true),
	    .snippet = snippet,
	    .context = context,
	    .message = message,
	    .fix = fix,
	};
	if (f.end < f.start)
		f.end = f.start;
	return site_findings_add(out, &f);
}

/* Personal data shown in a finding: the digits in the middle, the name's given name, masked. */
static void mask(enum pii_kind k, const char *s, size_t n, struct buf *out)
{
	buf_reset(out);
	size_t chars = utf8_count(s, n), keep_head, keep_tail;
	switch (k) {
	case PII_MOBILE: keep_head = 3, keep_tail = 4; break;
	case PII_RESIDENT_ID:
	case PII_BANK_CARD: keep_head = 4, keep_tail = 4; break;
	default: keep_head = 1, keep_tail = 0; break;
	}
	if (keep_head + keep_tail >= chars)
		keep_head = chars > 1 ? 1 : 0, keep_tail = 0;
	size_t i = 0, ci = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			l = 1;
		bool show = ci < keep_head || ci >= chars - keep_tail;
		if (show || cp == ' ' || cp == '-')
			buf_add(out, s + i, l);
		else
			buf_addch(out, '*');
		i += l, ci++;
	}
}

static bool ascii_ieq_at(const char *t, size_t n, size_t at, const char *w, size_t wl)
{
	return at + wl <= n && !strncasecmp(t + at, w, wl);
}

/* The first brand found in [from, to) of t, its start in *at; NULL when none. */
static const char *find_brand(const struct site_checker *c, const char *t, size_t from, size_t to,
			      size_t *at)
{
	for (size_t i = from; i < to; i++) {
		if (!c->first[(unsigned char)t[i]])
			continue;
		for (size_t b = 0; b < c->nbrands; b++) {
			size_t bl = c->brand_len[b];
			if (!ascii_ieq_at(t, to, i, c->brands[b], bl))
				continue;
			/* an ASCII brand is a word of its own: "bwin" is not in "bwinner" */
			if (isalnum((unsigned char)c->brands[b][0]) && i > 0 &&
			    isalnum((unsigned char)t[i - 1]) && !isdigit((unsigned char)t[i - 1]))
				continue;
			*at = i;
			return c->brands[b];
		}
	}
	return NULL;
}

static bool spam_words(const struct site_checker *c, const char *s, size_t n, zf_day date)
{
	size_t at;
	if (find_brand(c, s, 0, n, &at))
		return true;
	struct scan_hits h = {0};
	bool spam = false;
	if (!scan_text(c->rules, s, n, date, &h))
		for (size_t i = 0; i < h.n && !spam; i++)
			spam = !strcmp(h.v[i].rule->category, "spam");
	scan_hits_free(&h);
	return spam;
}

/* ---- the checks of one text ---- */

static int check_rules(struct site_checker *c, const struct where *w, const char *t, size_t n,
		       struct site_findings *out)
{
	struct scan_hits h = {0};
	zf_day date = w->p ? w->p->date : 0;
	int rc = scan_text(c->rules, t, n, date, &h);
	struct buf snip = BUF_INIT, ctx = BUF_INIT, msg = BUF_INIT, fix = BUF_INIT;
	for (size_t i = 0; !rc && i < h.n; i++) {
		const struct scan_rule *ru = h.v[i].rule;
		size_t s = h.v[i].start, e = h.v[i].end;
		buf_reset(&snip);
		buf_add(&snip, t + s, e - s);
		context_of(t, n, s, e, buf_cstr(&snip), &ctx);
		buf_reset(&msg);
		buf_reset(&fix);
		bool spam = !strcmp(ru->category, "spam");
		if (spam)
			buf_printf(&msg, "出现赌博、色情等推广内容“%s”", buf_cstr(&snip));
		else
			buf_printf(&msg, "疑似错误表述“%s”", buf_cstr(&snip));
		if (*ru->note)
			buf_printf(&msg, "：%s", ru->note);
		if (*ru->fix && spam && !strcmp(ru->fix, "删除"))
			buf_adds(&fix, "删除该内容，并排查网站是否被篡改或植入推广内容");
		else if (*ru->fix)
			buf_printf(&fix, "改为“%s”", ru->fix);
		else if (spam)
			buf_adds(&fix, "删除该内容，并排查网站是否被篡改或植入推广内容");
		else
			buf_adds(&fix, "核对原文后改正");
		rc = add(out, w, ru->id, ru->category, ru->sev, s, e, buf_cstr(&snip),
			 buf_cstr(&ctx), buf_cstr(&msg), buf_cstr(&fix));
	}
	scan_hits_free(&h);
	buf_free(&snip);
	buf_free(&ctx);
	buf_free(&msg);
	buf_free(&fix);
	return rc;
}

static int check_pii(const struct where *w, const char *t, size_t n, struct site_findings *out)
{
	struct pii_hit *hits = NULL;
	size_t nh = 0;
	zf_day today = w->p && w->p->today ? w->p->today : date_today();
	int rc = pii_scan(t, n, today, &hits, &nh);
	struct buf snip = BUF_INIT, ctx = BUF_INIT, msg = BUF_INIT;
	for (size_t i = 0; !rc && i < nh; i++) {
		size_t s = hits[i].start, e = hits[i].end;
		if (e > n || s >= e)
			continue;
		mask(hits[i].kind, t + s, e - s, &snip);
		context_of(t, n, s, e, buf_cstr(&snip), &ctx);
		buf_reset(&msg);
		buf_printf(&msg, "公开内容中有未脱敏的个人信息（%s）",
			   pii_kind_label(hits[i].kind));
		enum scan_sev sev = hits[i].kind == PII_RESIDENT_ID || hits[i].kind == PII_BANK_CARD
					? SCAN_DEDUCT
					: SCAN_SUSPECT;
		rc = add(out, w, pii_kind_id(hits[i].kind), "pii", sev, s, e, buf_cstr(&snip),
			 buf_cstr(&ctx), buf_cstr(&msg),
			 "删除或脱敏（如 138****1234、1101**********123X）后重新发布");
	}
	free(hits);
	buf_free(&snip);
	buf_free(&ctx);
	buf_free(&msg);
	return rc;
}

/* Is offset s of this text already inside a spam finding? */
static bool covered(const struct site_findings *out, const struct where *w, size_t s)
{
	size_t at = place_off(w, s, false);
	for (size_t i = 0; i < out->n; i++)
		if (!strcmp(out->v[i].category, "spam") && out->v[i].start <= at &&
		    at < out->v[i].end && !strcmp(out->v[i].field, w->field ? w->field : ""))
			return true;
	return false;
}

/* Injected brands in fixed-phrase slots: the text is normalised and made simplified first,
 * as the report reader does; the offsets found are mapped back through both maps. */
static int check_inject(struct site_checker *c, const struct where *w, const char *t, size_t n,
			struct site_findings *out)
{
	struct norm_stats ns;
	int rc = text_normalize(t, n, &c->norm, &c->mnorm, &ns);
	if (rc)
		return rc;
	const char *u = c->norm.p ? c->norm.p : "";
	size_t un = c->norm.len;
	bool simp = false;
	if (text_hant_detect(u, un, NULL, NULL)) {
		if (!c->hant && !c->hant_failed && text_hant_open(&c->hant))
			c->hant_failed = true;
		if (c->hant) {
			if ((rc = text_hant_convert(c->hant, u, un, &c->simp, &c->msimp)))
				return rc;
			u = c->simp.p ? c->simp.p : "";
			un = c->simp.len;
			simp = true;
		}
	}
	struct inject_result res;
	if ((rc = inject_scan(c->inject, u, un, &c->rep, &c->mrep, &res)))
		return rc;
	struct buf snip = BUF_INIT, ctx = BUF_INIT, msg = BUF_INIT, fix = BUF_INIT;
	for (size_t k = 0; !rc && k < res.nitems; k++) {
		const struct inject_item *it = &res.items[k];
		size_t s = it->first, e = s + strlen(it->text);
		if (e > un)
			e = un;
		/* back to t: through the simplified map, then the normalised one */
		if (simp) {
			s = offmap_lookup(&c->msimp, s);
			e = e ? offmap_lookup(&c->msimp, e - 1) + 1 : 0;
		}
		s = offmap_lookup(&c->mnorm, s);
		e = e ? offmap_lookup(&c->mnorm, e - 1) + 1 : 0;
		if (e > n)
			e = n;
		if (s > e)
			s = e;
		/* the last byte maps to a character's first byte: reach its end */
		while (e < n && ((unsigned char)t[e] & 0xC0) == 0x80)
			e++;
		if (!it->replaced[0] && covered(out, w, s))
			continue; /* a brand the rules or the organ check already report */
		buf_reset(&snip);
		buf_add(&snip, t + s, e - s);
		context_of(t, n, s, e, buf_cstr(&snip), &ctx);
		buf_reset(&msg);
		buf_reset(&fix);
		char slot[sizeof(it->replaced)];
		snprintf(slot, sizeof(slot), "%s", it->replaced);
		size_t sl = strlen(slot);
		while (sl >= 3 && (!strcmp(slot + sl - 3, "、") || !strcmp(slot + sl - 3, "，")))
			slot[sl -= 3] = '\0'; /* 中央、 is the slot of 中央 */
		if (it->replaced[0]) {
			buf_printf(&msg,
				   "“%s”出现%zu次，占据了固定表述中“%s”的位置（如“%s”）：内容疑似"
				   "被镜像站篡改，“%s”被替换成了博彩推广词",
				   it->text, it->count, slot, it->example, slot);
			if (it->place_slots)
				buf_printf(&msg, "；另有%zu处位于地名位置，原地名无法恢复",
					   it->place_slots);
			buf_printf(&fix, "恢复为“%s”，并排查网站是否被篡改或被镜像", slot);
		} else {
			buf_printf(&msg, "“%s”出现%zu次：内容中插入了博彩推广词，原文不详",
				   it->text, it->count);
			buf_adds(&fix, "以原件为准恢复内容，并排查网站是否被篡改或被镜像");
		}
		rc = add(out, w, "spam.injected", "spam", SCAN_VETO, s, e, buf_cstr(&snip),
			 buf_cstr(&ctx), buf_cstr(&msg), buf_cstr(&fix));
	}
	buf_free(&snip);
	buf_free(&ctx);
	buf_free(&msg);
	buf_free(&fix);
	return rc;
}

static bool suffix_at(const char *t, size_t n, size_t at, const char **which)
{
	for (size_t k = 0; k < sizeof(organ_suffixes) / sizeof(organ_suffixes[0]); k++) {
		size_t l = strlen(organ_suffixes[k]);
		if (at + l <= n && !memcmp(t + at, organ_suffixes[k], l)) {
			/* a one-character suffix ends the name: 办 of 管理办法 is not an office */
			uint32_t cp;
			if (l == 3 && at + l < n && utf8_decode(t + at + l, n - at - l, &cp) &&
			    text_is_han(cp))
				continue;
			*which = organ_suffixes[k];
			return true;
		}
	}
	return false;
}

/* Is the character at i part of a name run (Han, letters, digits, _ . -)? */
static bool name_char(const char *t, size_t n, size_t i)
{
	unsigned char ch = (unsigned char)t[i];
	if (ch < 0x80)
		return isalnum(ch) || ch == '_' || ch == '.' || ch == '-';
	uint32_t cp;
	size_t l = utf8_decode(t + i, n - i, &cp);
	return l && text_is_han(cp);
}

/* A gambling brand where an organisation's name belongs: "万博体育人民政府办公室",
 * "足球365是什么意思_beat365官方_bat365手机版官网人民政府办公室". One finding each. */
static int check_organ_slots(struct site_checker *c, const struct where *w, const char *t, size_t n,
			     struct site_findings *out)
{
	int rc = 0;
	struct buf snip = BUF_INIT, ctx = BUF_INIT, msg = BUF_INIT;
	size_t i = 0, at;
	const char *brand;
	while (!rc && (brand = find_brand(c, t, i, n, &at))) {
		size_t j = at + strlen(brand), chars = 0;
		const char *suf = NULL;
		while (j < n && chars < SLOT_WINDOW && name_char(t, n, j)) {
			if (suffix_at(t, n, j, &suf))
				break;
			j = fwd_chars(t, n, j, 1);
			chars++;
		}
		i = at + strlen(brand);
		if (!suf)
			continue;
		size_t e = j + strlen(suf);
		buf_reset(&snip);
		buf_add(&snip, t + at, e - at);
		context_of(t, n, at, e, buf_cstr(&snip), &ctx);
		buf_reset(&msg);
		buf_printf(&msg,
			   "机关名称的位置出现了博彩品牌“%s”（“%s”）：机关名称被替换，内容疑似被"
			   "篡改或被镜像",
			   brand, buf_cstr(&snip));
		rc = add(out, w, "spam.brand-in-organ-name", "spam", SCAN_VETO, at, e,
			 buf_cstr(&snip), buf_cstr(&ctx), buf_cstr(&msg),
			 "恢复正确的机关名称，并排查网站是否被篡改或被镜像");
		i = e;
	}
	buf_free(&snip);
	buf_free(&ctx);
	buf_free(&msg);
	return rc;
}

static int check_plain(struct site_checker *c, const struct where *w, const char *t, size_t n,
		       struct site_findings *out)
{
	int rc = check_rules(c, w, t, n, out);
	if (!rc)
		rc = check_pii(w, t, n, out);
	if (!rc)
		rc = check_organ_slots(c, w, t, n, out);
	if (!rc)
		rc = check_inject(c, w, t, n, out);
	return rc;
}

int site_check_text(struct site_checker *c, const struct site_place *p, const char *text, size_t n,
		    struct site_findings *out)
{
	buf_reset(&c->err);
	if (n > SITE_CHECK_MAX) {
		buf_setf(&c->err, "文件过大（%zu 字节，上限 %u 字节），未检查", n, SITE_CHECK_MAX);
		return ZF_ETOOBIG;
	}
	struct decode_info di;
	int rc = ingest_decode(text, n, &c->dec, &di);
	if (rc)
		return rc;
	if (di.binary) {
		buf_setf(&c->err, "不是文本（含有二进制数据）");
		return ZF_EPARSE;
	}
	if (n >= 64 && di.bad * 20 > n) {
		buf_setf(&c->err, "无法识别文本的编码（%zu 处字节无法解读）", di.bad);
		return ZF_EPARSE;
	}
	struct where w = {p, NULL, NULL, 0, c->dec.len};
	return check_plain(c, &w, c->dec.p ? c->dec.p : "", c->dec.len, out);
}

/* ---- pages ---- */

/* The host of an absolute http(s) URL into out (lower case); false for a relative one. */
static bool url_host(const char *url, char *out, size_t cap)
{
	const char *p = url;
	while (*p == ' ')
		p++;
	if (!strncasecmp(p, "http://", 7))
		p += 7;
	else if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncmp(p, "//", 2))
		p += 2;
	else
		return false;
	size_t k = 0;
	while (*p && *p != '/' && *p != ':' && *p != '?' && *p != '#' && k + 1 < cap) {
		if (*p == '@')
			k = 0; /* user info */
		else
			out[k++] = (char)tolower((unsigned char)*p);
		p++;
	}
	out[k] = '\0';
	return k > 0;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* The registrable part of a host: its last two labels, three under gov.cn/com.cn/… */
static const char *site_of(const char *host)
{
	const char *dots[4] = {NULL, NULL, NULL, NULL};
	int nd = 0;
	for (const char *p = host + strlen(host); p > host; p--)
		if (p[-1] == '.' && nd < 4)
			dots[nd++] = p - 1;
	if (nd < 2)
		return host;
	bool cn2 = ends_with(host, ".gov.cn") || ends_with(host, ".com.cn") ||
		   ends_with(host, ".org.cn") || ends_with(host, ".net.cn") ||
		   ends_with(host, ".edu.cn");
	int want = cn2 ? 3 : 2;
	return nd >= want ? dots[want - 1] + 1 : host;
}

static bool gov_host(const char *host)
{
	for (size_t i = 0; i < sizeof(gov_suffixes) / sizeof(gov_suffixes[0]); i++)
		if (ends_with(host, gov_suffixes[i]) &&
		    (strlen(host) == strlen(gov_suffixes[i]) || gov_suffixes[i][0] == '.'))
			return true;
	return !strcmp(host, "conac.cn");
}

enum where_to { TO_SAME, TO_GOV, TO_OTHER, TO_NOWHERE };

static enum where_to link_target(const char *href, const char *page_url)
{
	while (*href == ' ')
		href++;
	if (!*href || *href == '#' || !strncasecmp(href, "javascript:", 11) ||
	    !strncasecmp(href, "mailto:", 7) || !strncasecmp(href, "tel:", 4))
		return TO_NOWHERE;
	char host[256], page[256];
	if (!url_host(href, host, sizeof(host)))
		return TO_SAME;
	if (page_url && url_host(page_url, page, sizeof(page)) &&
	    !strcmp(site_of(host), site_of(page)))
		return TO_SAME;
	return gov_host(host) ? TO_GOV : TO_OTHER;
}

static int check_link(struct site_checker *c, const struct where *w, const struct site_page *pg,
		      const struct site_link *l, struct site_findings *out)
{
	if (strcmp(l->tag, "a") && strcmp(l->tag, "area") && strcmp(l->tag, "iframe") &&
	    strcmp(l->tag, "frame"))
		return 0;
	zf_day date = w->p ? w->p->date : 0;
	enum where_to to = link_target(l->href, w->p ? w->p->url : NULL);
	bool spam = spam_words(c, l->href, strlen(l->href), date) ||
		    spam_words(c, l->text, strlen(l->text), date);
	if (!l->hide) {
		if (!spam || to == TO_NOWHERE)
			return 0;
		/* a visible link to a gambling or porn site: 链接色情、赌博内容 */
		struct buf msg = BUF_INIT;
		buf_printf(&msg, "链接指向赌博、色情等推广内容：%s（“%s”）", l->href, l->text);
		int rc = add(out, w, "spam.link", "spam", SCAN_VETO, l->off, l->off + 1, l->href,
			     l->text, buf_cstr(&msg), "删除该链接，并排查网站是否被篡改");
		buf_free(&msg);
		return rc;
	}
	if (to == TO_NOWHERE && !spam)
		return 0;
	unsigned menu = SITE_HIDE_DISPLAY | SITE_HIDE_VISIBILITY | SITE_HIDE_ATTR;
	bool obfuscated =
	    (l->hide & SITE_HIDE_SCRIPT) && (strstr(l->why, "atob") || strstr(l->why, "unescape") ||
					     strstr(l->why, "fromCharCode") ||
					     strstr(l->why, "eval") || strstr(l->why, "decodeURI"));
	/* display, visibility and the hidden attribute are how menus and tabs hide; the other
	 * tricks serve only to hide */
	bool trick = (l->hide & ~(menu | SITE_HIDE_SCRIPT)) != 0 ||
		     ((l->hide & SITE_HIDE_SCRIPT) && (l->hide & menu));
	int sev; /* enum scan_sev, or -1: not reported */
	if (spam || (to == TO_OTHER && (trick || obfuscated)))
		sev = SCAN_VETO;
	else if (to == TO_OTHER || trick || obfuscated)
		sev = SCAN_SUSPECT;
	else
		sev = -1;
	if (sev < 0)
		return 0;
	struct buf msg = BUF_INIT, ctx = BUF_INIT, labels = BUF_INIT;
	for (unsigned bit = 1; bit <= SITE_HIDE_SCRIPT; bit <<= 1)
		if (l->hide & bit)
			buf_printf(&labels, "%s%s", labels.len ? "、" : "", site_hide_label(bit));
	buf_printf(&msg, "隐藏链接（暗链，%s）：指向 %s", buf_cstr(&labels), l->href);
	if (*l->text)
		buf_printf(&msg, "，文字“%s”", l->text);
	buf_adds(&msg, spam		? "，含赌博、色情等推广内容"
		       : to == TO_OTHER ? "，指向本站和政府网站以外的网站"
		       : to == TO_GOV	? "，指向其他政府网站"
					: "，指向本站");
	if (*l->why)
		buf_printf(&msg, "。隐藏方式：%s", l->why);
	/* the element as written, from the page */
	size_t z = fwd_chars(pg->html.p, pg->html.len, l->off, 60);
	add_flat(&ctx, pg->html.p + l->off, z - l->off);
	struct where lw = *w;
	lw.map = NULL;
	lw.base = 0;
	lw.field = "link";
	int rc = add(out, &lw, site_hide_id(site_hide_primary(l->hide)), "link.hidden",
		     (enum scan_sev)sev, l->off, z, *l->text ? l->text : l->href, buf_cstr(&ctx),
		     buf_cstr(&msg), "删除该链接，并排查网页模板和脚本是否被植入暗链");
	buf_free(&msg);
	buf_free(&ctx);
	buf_free(&labels);
	return rc;
}

/* Keyword stuffing in a title or meta field: spam words, or one word over and over. */
static int check_stuffing(struct site_checker *c, const struct where *w, const char *f, size_t n,
			  struct site_findings *out)
{
	if (!n)
		return 0;
	zf_day date = w->p ? w->p->date : 0;
	size_t spam = 0, i = 0, at;
	while (find_brand(c, f, i, n, &at)) {
		spam++;
		i = at + 1;
		while (i < n && ((unsigned char)f[i] & 0xC0) == 0x80)
			i++;
	}
	struct scan_hits h = {0};
	if (scan_text(c->rules, f, n, date, &h) == 0)
		for (size_t k = 0; k < h.n; k++)
			spam += !strcmp(h.v[k].rule->category, "spam");
	scan_hits_free(&h);
	/* the most repeated keyword: fields split at , ， _ | 、 and blanks */
	size_t best = 0;
	char word[96] = "";
	for (size_t a = 0; a < n;) {
		size_t b = a;
		while (b < n && !strchr(",_| \t", f[b]) && strncmp(f + b, "，", 3) &&
		       strncmp(f + b, "、", 3) && strncmp(f + b, "｜", 3))
			b++;
		size_t wl = b - a;
		if (wl >= 2 && wl < sizeof(word)) {
			size_t cnt = 0;
			for (size_t k = 0; k + wl <= n; k++)
				if (!memcmp(f + k, f + a, wl))
					cnt++, k += wl - 1;
			if (cnt > best)
				best = cnt, memcpy(word, f + a, wl), word[wl] = '\0';
		}
		a = b + (b < n && (unsigned char)f[b] >= 0x80 ? 3 : 1);
	}
	if (spam < STUFF_SPAM && best < STUFF_REPEAT)
		return 0;
	struct buf msg = BUF_INIT, snip = BUF_INIT;
	add_flat(&snip, f, n < 300 ? n : fwd_chars(f, n, 0, 100));
	if (spam >= STUFF_SPAM)
		buf_printf(&msg, "%s中堆砌了%zu处赌博、色情等推广词：网页疑似被篡改用于黑帽推广",
			   w->field && !strcmp(w->field, "title") ? "标题" : "网页描述信息", spam);
	else
		buf_printf(&msg, "%s中“%s”重复%zu次：关键词堆砌",
			   w->field && !strcmp(w->field, "title") ? "标题" : "网页描述信息", word,
			   best);
	int rc = add(out, w, "spam.keyword-stuffing", "spam",
		     spam >= STUFF_SPAM ? SCAN_VETO : SCAN_SUSPECT, 0, n, buf_cstr(&snip),
		     buf_cstr(&snip), buf_cstr(&msg),
		     spam >= STUFF_SPAM ? "恢复网页标题和描述信息，并排查网站是否被篡改"
					: "精简标题和关键词，每个词只写一次");
	buf_free(&msg);
	buf_free(&snip);
	return rc;
}

int site_check_html(struct site_checker *c, const struct site_place *p, const char *html, size_t n,
		    struct site_findings *out)
{
	buf_reset(&c->err);
	struct site_page *pg = NULL;
	int rc = site_page_read(html, n, &pg, &c->err);
	if (rc)
		return rc;
	struct where w = {p, "body", &pg->map, 0, pg->html.len};
	rc = check_plain(c, &w, pg->text.p ? pg->text.p : "", pg->text.len, out);
	struct {
		const char *field, *v;
		size_t off;
	} heads[] = {{"title", pg->title, pg->title_off},
		     {"meta:keywords", pg->keywords, pg->keywords_off},
		     {"meta:description", pg->description, pg->description_off}};
	for (size_t k = 0; !rc && k < 3; k++) {
		struct where hw = {p, heads[k].field, NULL, heads[k].off, pg->html.len};
		size_t l = strlen(heads[k].v);
		rc = check_rules(c, &hw, heads[k].v, l, out);
		if (!rc)
			rc = check_organ_slots(c, &hw, heads[k].v, l, out);
		if (!rc)
			rc = check_inject(c, &hw, heads[k].v, l, out);
		if (!rc)
			rc = check_stuffing(c, &hw, heads[k].v, l, out);
	}
	for (size_t i = 0; !rc && i < pg->nlinks; i++)
		rc = check_link(c, &w, pg, &pg->links[i], out);
	site_page_free(pg);
	return rc;
}

int site_check_bytes(struct site_checker *c, const struct site_place *p, const char *data, size_t n,
		     struct site_findings *out)
{
	if (site_page_detect(data, n < 4096 ? n : 4096))
		return site_check_html(c, p, data, n, out);
	return site_check_text(c, p, data, n, out);
}
