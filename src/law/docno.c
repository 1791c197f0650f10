/* docno.c: catalogue rules: 文号, 索引号, kinds, genres, topics, deadlines (see docno.h). */
#include "common.h"
#include "law/docno.h"
#include "law/calendar.h"
#include "embedded.h"
#include "text/normalize.h"
#include "utf8.h"

#include <pthread.h>

/* ---------------------------------------------------------------- 文号 */

#define DOCNO_MAX_CHARS 64
#define OPEN		0x3014 /* 〔 */
#define CLOSE		0x3015 /* 〕 */

/* Folds one character of a 文号: bracket variants to 〔〕, full-width digits to ASCII.
 * Returns 0 for characters to drop (spaces). */
static uint32_t fold(uint32_t cp)
{
	switch (cp) {
	case '[':
	case '(':
	case 0x3010: /* 【 */
	case 0xFF08: /* （ */
	case 0xFF3B: /* ［ */
	case 0x3016: /* 〖 */
	case 0xFE5D: /* ﹝ */
	case 0x3014: return OPEN;
	case ']':
	case ')':
	case 0x3011:
	case 0xFF09:
	case 0xFF3D:
	case 0x3017:
	case 0xFE5E:
	case 0x3015: return CLOSE;
	case ' ':
	case '\t':
	case '\r':
	case '\n':
	case 0x3000:
	case 0x00A0: return 0;
	}
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return cp - 0xFF10 + '0';
	return cp;
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Reads digits at c[*i]: at most max of them; stores the value. False when none. */
static bool digits(const uint32_t *c, size_t n, size_t *i, size_t max, long *value)
{
	size_t k = 0;
	long v = 0;
	while (*i < n && is_digit(c[*i]) && k < max) {
		v = v * 10 + (long)(c[*i] - '0');
		(*i)++;
		k++;
	}
	if (k == 0 || (*i < n && is_digit(c[*i])))
		return false;
	*value = v;
	return true;
}

/* Copies the prefix c[0..len) into d->prefix; false when it is not a plausible 机关代字
 * (empty, too long, no Han character, digits or punctuation in it). */
static bool set_prefix(struct docno *d, const uint32_t *c, size_t len)
{
	size_t o = 0;
	bool han = false;
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		uint32_t cp = c[i];
		bool ok = text_is_han(cp) || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
			  cp == 0x00B7 /* · */ || cp == 0x3007 /* 〇 */;
		if (!ok)
			return false;
		han |= text_is_han(cp);
		char enc[4];
		size_t l = utf8_encode(cp, enc);
		if (o + l > DOCNO_PREFIX_MAX)
			return false;
		memcpy(d->prefix + o, enc, l);
		o += l;
	}
	d->prefix[o] = '\0';
	return han;
}

int docno_parse(struct str s, struct docno *out, struct buf *err)
{
	uint32_t c[DOCNO_MAX_CHARS];
	size_t n = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s.len;) {
		uint32_t cp;
		size_t l = utf8_decode(s.p + i, s.len - i, &cp);
		if (l == 0) {
			buf_setf(err, "文号含有无效的字符编码");
			return ZF_EPARSE;
		}
		i += l;
		cp = fold(cp);
		if (!cp)
			continue;
		if (n == DOCNO_MAX_CHARS) {
			buf_setf(err, "文号过长（超过 %d 个字）", DOCNO_MAX_CHARS);
			return ZF_EPARSE;
		}
		c[n++] = cp;
	}
	if (n == 0) {
		buf_setf(err, "文号为空");
		return ZF_EPARSE;
	}
	size_t first_digit = n, open = n, di = n;
	for (size_t i = 0; i < n; i++) {
		if (c[i] == OPEN && open == n)
			open = i;
		if (is_digit(c[i]) && first_digit == n)
			first_digit = i;
		if (c[i] == 0x7B2C /* 第 */)
			di = i;
	}
	long year = 0, number = 0;
	size_t i;
	if (open < n) {
		/* 机关代字〔yyyy〕n号 */
		i = open + 1;
		if (!set_prefix(out, c, open) || !digits(c, n, &i, 4, &year) || i >= n ||
		    c[i] != CLOSE)
			goto bad;
		i++;
		if (i < n && c[i] == 0x7B2C)
			i++;
		if (!digits(c, n, &i, 7, &number) || i + 1 != n || c[i] != 0x53F7 /* 号 */)
			goto bad;
		out->form = DOCNO_BRACKET;
	} else if (first_digit < n && first_digit + 4 < n &&
		   c[first_digit + 4] == 0x5E74 /* 年 */) {
		/* 机关代字yyyy年第n号 */
		i = first_digit;
		if (!set_prefix(out, c, first_digit) || !digits(c, n, &i, 4, &year))
			goto bad;
		i++;
		if (i < n && c[i] == 0x7B2C)
			i++;
		if (!digits(c, n, &i, 7, &number) || i + 1 != n || c[i] != 0x53F7)
			goto bad;
		out->form = DOCNO_YEAR;
	} else if (di < n) {
		/* 机关令第n号 */
		i = di + 1;
		if (!set_prefix(out, c, di) || !digits(c, n, &i, 7, &number) || i + 1 != n ||
		    c[i] != 0x53F7)
			goto bad;
		out->form = DOCNO_ORDER;
	} else {
		goto bad;
	}
	if (out->form != DOCNO_ORDER && (year < 1949 || year > 2100)) {
		buf_setf(err, "文号中的年份 %ld 不在 1949 至 2100 之间", year);
		return ZF_EPARSE;
	}
	if (number < 1) {
		buf_setf(err, "文号中的序号应从 1 开始");
		return ZF_EPARSE;
	}
	out->year = (int)year;
	out->number = number;
	return 0;
bad:
	buf_setf(err,
		 "文号“%.*s”的格式不对，应写作 机关代字〔年份〕序号号，例如 "
		 "国办发〔2024〕12号（也可写作 …令第12号 或 …公告2024年第12号）",
		 (int)ZF_MIN(s.len, 200), s.p);
	return ZF_EPARSE;
}

char *docno_format(const struct docno *d, char *out, size_t n)
{
	switch (d->form) {
	case DOCNO_BRACKET: snprintf(out, n, "%s〔%d〕%ld号", d->prefix, d->year, d->number); break;
	case DOCNO_YEAR: snprintf(out, n, "%s%d年第%ld号", d->prefix, d->year, d->number); break;
	case DOCNO_ORDER: snprintf(out, n, "%s第%ld号", d->prefix, d->number); break;
	}
	return out;
}

int docno_normalize(struct str s, struct buf *out, struct buf *err)
{
	struct docno d;
	int rc = docno_parse(s, &d, err);
	if (rc)
		return rc;
	char text[DOCNO_PREFIX_MAX + 64];
	buf_reset(out);
	return buf_adds(out, docno_format(&d, text, sizeof(text)));
}

/* ---------------------------------------------------------------- 索引号 */

static int code_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A' + 10;
	return -1;
}

/* GB 11714: the check character (0-9 or X) of eight characters; 0 when one is invalid. */
static char org9_check(const char *c)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		int v = code_value(c[i]);
		if (v < 0)
			return 0;
		sum += v * w[i];
	}
	int check = 11 - sum % 11;
	return check == 10 ? 'X' : check == 11 ? '0' : (char)('0' + check);
}

/* GB 32100: the alphabet leaves out I, O, S, V and Z. */
static const char uscc[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The check character of 17 characters of a 统一社会信用代码; 0 when one is invalid. */
static char uscc_check(const char *code)
{
	int sum = 0, w = 1;
	for (int i = 0; i < 17; i++) {
		const char *p = code[i] ? strchr(uscc, code[i]) : NULL;
		if (!p)
			return 0;
		sum += (int)(p - uscc) * w;
		w = w * 3 % 31;
	}
	return uscc[(31 - sum % 31) % 31];
}

bool docno_org_code_complete(char *code)
{
	size_t len = strlen(code);
	char check = len == 9 ? org9_check(code) : len == 18 ? uscc_check(code) : 0;
	if (!check)
		return false;
	code[len - 1] = check;
	return true;
}

bool docno_org_code_valid(const char *code, struct buf *err)
{
	size_t len = strlen(code);
	if (len == 9) {
		char check = org9_check(code);
		if (!check || code[8] != check) {
			buf_setf(err,
				 "组织机构代码“%s”不正确：应为 8 位数字或大写字母加 1 位校验码"
				 "（校验码不符，请核对）",
				 code);
			return false;
		}
		return true;
	}
	if (len != 18) {
		buf_setf(err,
			 "机构代码应为 9 位组织机构代码或 18 位统一社会信用代码，"
			 "“%.40s”有 %zu 位",
			 code, len);
		return false;
	}
	for (int i = 0; i < 17; i++) {
		if (!strchr(uscc, code[i])) {
			buf_setf(err, "统一社会信用代码“%s”含有不允许的字符“%c”", code, code[i]);
			return false;
		}
	}
	if (code[17] != uscc_check(code)) {
		buf_setf(err, "统一社会信用代码“%s”的校验码不符，请核对", code);
		return false;
	}
	return true;
}

/* Walks a template: calls emit for literal text and placeholders. Returns 0 or ZF_EINVAL
 * with a reason. */
struct tmpl_part {
	enum { T_TEXT, T_ORG, T_YEAR, T_MONTH, T_SERIAL } kind;
	struct str text;
	int width;
};

static int tmpl_next(const char **p, struct tmpl_part *part, struct buf *err)
{
	const char *s = *p;
	if (*s != '{') {
		const char *e = strchr(s, '{');
		if (!e)
			e = s + strlen(s);
		if (memchr(s, '}', (size_t)(e - s))) {
			buf_setf(err, "索引号模板中有多余的“}”");
			return ZF_EINVAL;
		}
		part->kind = T_TEXT;
		part->text = (struct str){s, (size_t)(e - s)};
		*p = e;
		return 0;
	}
	const char *close = strchr(s, '}');
	if (!close) {
		buf_setf(err, "索引号模板中的“{”没有对应的“}”");
		return ZF_EINVAL;
	}
	struct str name = {s + 1, (size_t)(close - s - 1)};
	part->width = 0;
	if (str_eq_c(name, "org_code")) {
		part->kind = T_ORG;
	} else if (str_eq_c(name, "year")) {
		part->kind = T_YEAR;
	} else if (str_eq_c(name, "month")) {
		part->kind = T_MONTH;
	} else if (str_eq_c(name, "serial")) {
		part->kind = T_SERIAL;
	} else if (name.len == 9 && !memcmp(name.p, "serial:0", 8) && name.p[8] >= '1' &&
		   name.p[8] <= '9') {
		part->kind = T_SERIAL;
		part->width = name.p[8] - '0';
	} else {
		goto unknown;
	}
	*p = close + 1;
	return 0;
unknown:
	buf_setf(err,
		 "索引号模板中的“{%.*s}”无法识别，可用 {org_code}、{year}、{month}、{serial} 或 "
		 "{serial:05}",
		 (int)ZF_MIN(name.len, 40), name.p);
	return ZF_EINVAL;
}

int docno_template_check(const char *tmpl, struct buf *err)
{
	bool year = false, serial = false;
	if (!tmpl || !*tmpl || strlen(tmpl) > 100) {
		buf_setf(err, "索引号模板不能为空，也不能超过 100 个字节");
		return ZF_EINVAL;
	}
	for (const char *p = tmpl; *p;) {
		struct tmpl_part part;
		int rc = tmpl_next(&p, &part, err);
		if (rc)
			return rc;
		year |= part.kind == T_YEAR;
		serial |= part.kind == T_SERIAL;
	}
	if (!year || !serial) {
		buf_setf(err,
			 "索引号模板必须含有 {year} 和 {serial}，才能保证索引号唯一，例如 "
			 "%s",
			 DOCNO_INDEX_TEMPLATE);
		return ZF_EINVAL;
	}
	return 0;
}

int docno_index_render(const char *tmpl, const char *org_code, zf_day published_on, long serial,
		       struct buf *out)
{
	struct ymd d = date_to_ymd(published_on);
	for (const char *p = tmpl; *p;) {
		struct tmpl_part part;
		if (tmpl_next(&p, &part, NULL))
			return ZF_EINVAL;
		switch (part.kind) {
		case T_TEXT: buf_addstr(out, part.text); break;
		case T_ORG: buf_adds(out, org_code); break;
		case T_YEAR: buf_printf(out, "%04d", d.y); break;
		case T_MONTH: buf_printf(out, "%02d", d.m); break;
		case T_SERIAL: buf_printf(out, "%0*ld", part.width, serial); break;
		}
	}
	return out->failed ? ZF_ETOOBIG : 0;
}

bool docno_index_like(struct str s)
{
	s = str_trim(s);
	size_t slash = 0;
	while (slash < s.len && s.p[slash] != '/')
		slash++;
	if (slash < 6 || slash > 20 || slash + 6 > s.len)
		return false;
	for (size_t i = 0; i < slash; i++)
		if (code_value(s.p[i]) < 0 && s.p[i] != '-')
			return false;
	size_t i = slash + 1, yd = 0, sd = 0;
	while (i < s.len && s.p[i] >= '0' && s.p[i] <= '9') {
		i++;
		yd++;
	}
	if ((yd != 4 && yd != 6) || i >= s.len || s.p[i] != '-')
		return false;
	for (i++; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		sd++;
	return i == s.len && sd >= 1 && sd <= 9;
}

/* ---------------------------------------------------------------- kinds and validity */

static const struct {
	const char *key, *label;
} kinds[DOC_KINDS] =
    {
	[DOC_KIND_OTHER] = {"other", "其他文件"},
	[DOC_KIND_REGULATION] = {"regulation", "规章"},
	[DOC_KIND_NORMATIVE] = {"normative", "行政规范性文件"},
},
  validities[DOC_VALIDITIES] = {
      [DOC_VALID] = {"valid", "有效"},
      [DOC_EXPIRED] = {"expired", "失效"},
      [DOC_REPEALED] = {"repealed", "废止"},
};

const char *doc_kind_key(enum doc_kind k)
{
	return (unsigned)k < DOC_KINDS ? kinds[k].key : "other";
}

const char *doc_kind_label(enum doc_kind k)
{
	return (unsigned)k < DOC_KINDS ? kinds[k].label : kinds[0].label;
}

const char *doc_validity_key(enum doc_validity v)
{
	return (unsigned)v < DOC_VALIDITIES ? validities[v].key : "valid";
}

const char *doc_validity_label(enum doc_validity v)
{
	return (unsigned)v < DOC_VALIDITIES ? validities[v].label : validities[0].label;
}

int doc_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < DOC_KINDS; i++)
		if (!strcmp(s, kinds[i].key) || !strcmp(s, kinds[i].label))
			return i;
	if (!strcmp(s, "规范性文件"))
		return DOC_KIND_NORMATIVE;
	if (!strcmp(s, "其他") || !strcmp(s, ""))
		return DOC_KIND_OTHER;
	return -1;
}

int doc_validity_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < DOC_VALIDITIES; i++)
		if (!strcmp(s, validities[i].key) || !strcmp(s, validities[i].label))
			return i;
	if (!strcmp(s, "现行有效"))
		return DOC_VALID;
	if (!strcmp(s, "已废止"))
		return DOC_REPEALED;
	if (!strcmp(s, "已失效"))
		return DOC_EXPIRED;
	return -1;
}

/* 《党政机关公文处理工作条例》 Art. 8 lists the first fifteen; catalogues add the rest. */
const char *const doc_genres[] = {
    "决议", "决定", "命令（令）", "公报",     "公告",	  "通告", "意见", "通知", "通报",
    "报告", "请示", "批复",	  "议案",     "函",	  "纪要", "办法", "规定", "细则",
    "规划", "计划", "方案",	  "政策解读", "统计数据", "公示", "年报", "其他", NULL,
};

bool doc_genre_known(const char *s)
{
	for (size_t i = 0; s && doc_genres[i]; i++)
		if (!strcmp(s, doc_genres[i]))
			return true;
	return false;
}

/* ---------------------------------------------------------------- topics */

static struct doc_topic *topics;
static size_t ntopics;
static pthread_once_t topics_once = PTHREAD_ONCE_INIT;

/* Reads topics.tsv: "code<TAB>name" lines, # comments; level 2 follows its level 1. */
static void load_topics(void)
{
	size_t len = 0;
	const unsigned char *data = embedded_find("topics.tsv", &len);
	if (!data)
		BUG("topics.tsv is not embedded");
	struct str rest = {(const char *)data, len};
	size_t alloc = 0;
	const char *parent = NULL;
	while (rest.len) {
		struct str line = str_cut(&rest, '\n');
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (!line.len || line.p[0] == '#')
			continue;
		struct str code = str_cut(&line, '\t');
		struct str name = str_trim(line);
		if (!code.len || !name.len)
			BUG("topics.tsv: bad line");
		if (ntopics == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			topics = xrealloc(topics, alloc * sizeof(*topics));
		}
		struct doc_topic *t = &topics[ntopics++];
		t->code = xstrndup(code.p, code.len);
		t->name = xstrndup(name.p, name.len);
		bool level2 = memchr(code.p, '.', code.len) != NULL;
		if (level2 && !parent)
			BUG("topics.tsv: %s has no level-1 entry before it", t->code);
		t->parent = level2 ? parent : NULL;
		if (!level2)
			parent = t->name;
	}
}

const struct doc_topic *doc_topics(size_t *n)
{
	pthread_once(&topics_once, load_topics);
	*n = ntopics;
	return topics;
}

const struct doc_topic *doc_topic_find(const char *s)
{
	size_t n;
	const struct doc_topic *t = doc_topics(&n), *by_name = NULL;
	int named = 0;
	if (!s || !*s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(t[i].code, s))
			return &t[i];
		char disp[256];
		if (!strcmp(doc_topic_display(&t[i], disp, sizeof(disp)), s))
			return &t[i];
		if (!strcmp(t[i].name, s) && t[i].parent) {
			by_name = &t[i];
			named++;
		}
	}
	return named == 1 ? by_name : NULL;
}

char *doc_topic_display(const struct doc_topic *t, char *out, size_t n)
{
	if (t->parent)
		snprintf(out, n, "%s\\%s", t->parent, t->name);
	else
		snprintf(out, n, "%s", t->name);
	return out;
}

/* ---------------------------------------------------------------- deadlines */

zf_day doc_publish_deadline(const struct calendar *cal, zf_day made)
{
	return cal_add_working_days(cal, made, DOC_PUBLISH_WORKING_DAYS);
}

/* The same day `years` later (29 February becomes 28 February). */
static zf_day add_years(zf_day d, int years)
{
	struct ymd x = date_to_ymd(d);
	x.y += years;
	if (x.m == 2 && x.d == 29 && !date_valid(x.y, 2, 29))
		x.d = 28;
	return date_from_ymd(x.y, x.m, x.d);
}

zf_day doc_review_due(enum doc_kind kind, zf_day published_on, zf_day last_review,
		      zf_day valid_until)
{
	zf_day due = 0;
	if (kind == DOC_KIND_REGULATION || kind == DOC_KIND_NORMATIVE)
		due = add_years(last_review ? last_review : published_on, DOC_REVIEW_YEARS);
	if (valid_until) {
		zf_day term = valid_until - DOC_REVIEW_LEAD_DAYS;
		if (last_review >= term)
			term = 0; /* already reviewed in the run-up to the end of its term */
		if (term && (!due || term < due))
			due = term;
	}
	return due;
}
