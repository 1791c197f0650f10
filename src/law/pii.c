/* pii.c: personal data left unmasked in published text (个人信息未脱敏).
 *
 * Numbers are read as runs of ASCII digits that do not continue a longer run (no digit,
 * letter, '.', '/' or "digit-" right before; no digit, letter or ".digit" right after), with
 * the separators people type inside them (a space or a hyphen, the same one throughout):
 *   - 18 characters (17 digits and a digit or X): a resident ID number when its region, date
 *     of birth and check character (ISO 7064 MOD 11-2, law/idcheck.h) are right;
 *   - 11 digits 1[3-9]…, plain or grouped 3-4-4: a mobile number;
 *   - 16–19 digits, plain or in groups of four: a bank card number when the Luhn sum is right
 *     AND either a bank word (银行, 卡号, 账号, 开户…) stands within 40 bytes before it or it
 *     starts with 62 (China UnionPay, which issues nearly every domestic card). A Luhn check
 *     alone passes one random number in ten: the extra condition keeps table figures out.
 * A number preceded closely by 信用代码, 机构代码, 索引号, 识别号, 注册号 or 登记证号 is the
 * code it is labelled as, not personal data. Masked forms (138****1234, 110105********123X)
 * break the run and are never hits.
 *
 * An address is a hit only next to a person: a label (申请人, 当事人, 姓名, 户主, 举报人 …)
 * followed by a 2–4 character name, or a name with its sex after it (张三，男), then within
 * 80 bytes an address label (住址, 家住, 地址, 户籍地, 住所 …) and a place of at least four
 * characters holding 路/街/号/村/室/巷/弄/组/栋/楼/幢/单元. A masked name (张某, 张*, 张××)
 * or place is not a hit. The hit spans the name to the end of the place. */
#include "common.h"
#include "law/idcheck.h"
#include "law/pii.h"

const char *pii_kind_id(enum pii_kind k)
{
	static const char *const v[] = {"pii.resident-id", "pii.mobile", "pii.bank-card",
					"pii.address"};
	return (unsigned)k < PII_KIND_COUNT ? v[k] : "";
}
const char *pii_kind_label(enum pii_kind k)
{
	static const char *const v[] = {"公民身份号码", "手机号码", "银行卡号", "姓名及住址"};
	return (unsigned)k < PII_KIND_COUNT ? v[k] : "";
}

struct hits {
	struct pii_hit *v;
	size_t n, alloc;
	bool failed;
};

static void hit_add(struct hits *h, enum pii_kind k, size_t start, size_t end)
{
	if (h->failed)
		return;
	if (h->n == h->alloc) {
		size_t na = h->alloc ? h->alloc * 2 : 8;
		struct pii_hit *nv = realloc(h->v, na * sizeof(*nv));
		if (!nv) {
			h->failed = true;
			return;
		}
		h->v = nv, h->alloc = na;
	}
	h->v[h->n++] = (struct pii_hit){.kind = k, .start = start, .end = end};
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}
/* The digit at t[p], ASCII or full-width (０–９, as Word documents often have them): its
 * value, or -1; *w is its width in bytes. */
static int digit_at(const char *t, size_t n, size_t p, size_t *w)
{
	const unsigned char *u = (const unsigned char *)t + p;
	*w = 1;
	if (p < n && u[0] >= '0' && u[0] <= '9')
		return u[0] - '0';
	if (p + 3 <= n && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
		*w = 3;
		return u[2] - 0x90;
	}
	return -1;
}

static bool digit_here(const char *t, size_t n, size_t p)
{
	size_t w;
	return digit_at(t, n, p, &w) >= 0;
}

/* True when a digit ends right before t[i]. */
static bool digit_before(const char *t, size_t i)
{
	size_t w;
	return (i >= 1 && digit_at(t, i, i - 1, &w) >= 0) ||
	       (i >= 3 && digit_at(t, i, i - 3, &w) >= 0 && w == 3);
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when one of the words occurs in t[from, to). */
static bool word_before(const char *t, size_t from, size_t to, const char *const *words, size_t nw)
{
	for (size_t w = 0; w < nw; w++) {
		size_t wl = strlen(words[w]);
		for (size_t i = from; i + wl <= to; i++)
			if (memcmp(t + i, words[w], wl) == 0)
				return true;
	}
	return false;
}

static size_t back(size_t pos, size_t by)
{
	return pos > by ? pos - by : 0;
}

static const char *const code_words[] = {"信用代码", "机构代码", "索引号",
					 "识别号",   "注册号",	 "登记证号"};
static const char *const bank_words[] = {"银行", "卡号",   "账号",   "帐号",
					 "开户", "储蓄卡", "信用卡", "借记卡"};

static bool luhn_ok(const char *d, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* A number at t[i]: its digits (and a final X) with separators dropped, the group sizes and
 * the byte end. */
struct number {
	char d[24];
	size_t nd;
	int groups[8];
	int ng;
	char sep; /* 0, ' ' or '-' */
	size_t end;
	bool x; /* ends in X */
};

static void read_number(const char *t, size_t n, size_t i, struct number *num)
{
	memset(num, 0, sizeof(*num));
	size_t p = i, w;
	int g = 0, v;
	for (;;) {
		while ((v = digit_at(t, n, p, &w)) >= 0 && num->nd < sizeof(num->d) - 1) {
			num->d[num->nd++] = (char)('0' + v);
			p += w;
			g++;
		}
		if (digit_here(t, n, p)) { /* longer than any number we know */
			while ((v = digit_at(t, n, p, &w)) >= 0)
				p += w;
			num->nd = 0;
			num->end = p;
			return;
		}
		/* a separator continues the number only between digits, the same one throughout */
		if (p + 1 < n && (t[p] == ' ' || t[p] == '-') && digit_here(t, n, p + 1) &&
		    (num->sep == 0 || num->sep == t[p]) && num->ng < 7) {
			num->groups[num->ng++] = g;
			num->sep = t[p];
			g = 0;
			p++;
			continue;
		}
		break;
	}
	num->groups[num->ng++] = g;
	if (num->nd == 17 && p < n && (t[p] == 'X' || t[p] == 'x')) {
		num->d[num->nd++] = 'X';
		num->x = true;
		p++;
	} else if (num->nd == 17 && p + 3 <= n &&
		   (!memcmp(t + p, "\xEF\xBC\xB8", 3) || !memcmp(t + p, "\xEF\xBD\x98", 3))) {
		num->d[num->nd++] = 'X'; /* Ｘ ｘ */
		num->x = true;
		p += 3;
	}
	num->end = p;
}

static bool groups_are(const struct number *num, const int *want, int nw)
{
	if (num->ng != nw)
		return false;
	for (int i = 0; i < nw; i++)
		if (num->groups[i] != want[i])
			return false;
	return true;
}

/* Groups of four, the last of 1–4 (6222 0212 3456 7890 123). */
static bool groups_of_four(const struct number *num)
{
	for (int i = 0; i + 1 < num->ng; i++)
		if (num->groups[i] != 4)
			return false;
	return num->groups[num->ng - 1] >= 1 && num->groups[num->ng - 1] <= 4;
}

static bool masked_at(const char *t, size_t n, size_t i);
static bool masked_before(const char *t, size_t i);

static bool ends_clean(const char *t, size_t n, size_t end)
{
	if (end >= n)
		return true;
	unsigned char c = (unsigned char)t[end];
	if (digit_here(t, n, end) || is_alpha(c) || c == '*' || masked_at(t, n, end))
		return false;
	if (c == '.' && digit_here(t, n, end + 1))
		return false;
	return true;
}

static bool starts_clean(const char *t, size_t i)
{
	if (i == 0 || (i >= 3 && t[i - 3] == '+' && t[i - 2] == '8' && t[i - 1] == '6'))
		return true;
	unsigned char c = (unsigned char)t[i - 1];
	if (digit_before(t, i) || is_alpha(c) || c == '.' || c == '/' || masked_before(t, i))
		return false;
	if (c == '-' && digit_before(t, i - 1))
		return false;
	return true;
}

/* Judges the number at t[i]; returns the byte where the scan goes on. */
static size_t judge_number(const char *t, size_t n, size_t i, zf_day today, struct hits *h)
{
	struct number num;
	/* +8613812345678: the country code is not part of the number */
	if (i >= 1 && t[i - 1] == '+' && i + 2 < n && t[i] == '8' && t[i + 1] == '6' &&
	    is_digit((unsigned char)t[i + 2])) {
		read_number(t, n, i, &num);
		if (num.nd == 13 && num.ng == 1)
			i += 2;
	}
	read_number(t, n, i, &num);
	size_t end = num.end;
	if (num.nd == 0 || !starts_clean(t, i) || !ends_clean(t, n, end))
		return end;
	if (word_before(t, back(i, 40), i, code_words, ARRAY_SIZE(code_words)))
		return end;
	bool plain = num.ng == 1;
	if (num.nd == 18) {
		char in[IDCHECK_ID_LEN + 1], canon[IDCHECK_ID_LEN + 1];
		memcpy(in, num.d, 18);
		in[18] = '\0';
		enum idcheck_result r = idcheck_resident_id(in, today, canon);
		if (r == IDCHECK_OK) {
			hit_add(h, PII_RESIDENT_ID, i, end);
			return end;
		}
		if (num.x)
			return end;
		/* shaped like an ID number (region and birth right) but failing the check: a
		 * misprint or a code, not a card, unless a bank word says so */
		if (r == IDCHECK_CHECKSUM &&
		    !word_before(t, back(i, 40), i, bank_words, ARRAY_SIZE(bank_words)))
			return end;
	}
	if (num.nd == 11 && num.d[0] == '1' && num.d[1] >= '3' && num.d[1] <= '9') {
		static const int g344[] = {3, 4, 4};
		if (plain || groups_are(&num, g344, 3)) {
			hit_add(h, PII_MOBILE, i, end);
			return end;
		}
	}
	if (num.nd >= 16 && num.nd <= 19 && (plain || groups_of_four(&num)) &&
	    luhn_ok(num.d, num.nd)) {
		bool unionpay = num.d[0] == '6' && num.d[1] == '2';
		if (unionpay || word_before(t, back(i, 40), i, bank_words, ARRAY_SIZE(bank_words)))
			hit_add(h, PII_BANK_CARD, i, end);
	}
	return end;
}

/* ---- names and addresses ---- */

/* The length of the CJK ideograph (U+4E00–U+9FFF) at t[i], 0 when none. */
static size_t cjk_at(const char *t, size_t n, size_t i)
{
	if (i + 3 > n)
		return 0;
	const unsigned char *u = (const unsigned char *)t + i;
	if (u[0] < 0xE4 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return 0;
	return 3;
}

static bool starts_with(const char *t, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);
	return i + wl <= n && memcmp(t + i, w, wl) == 0;
}

/* Characters that mark a name or place as masked. */
static bool masked_at(const char *t, size_t n, size_t i)
{
	static const char *const m[] = {"某", "×", "＊", "*", "Ｘ", "○", "〇"};
	for (size_t k = 0; k < ARRAY_SIZE(m); k++)
		if (starts_with(t, n, i, m[k]))
			return true;
	return false;
}

static bool masked_before(const char *t, size_t i)
{
	static const char *const m[] = {"某", "×", "＊", "*", "Ｘ", "○", "〇"};
	for (size_t k = 0; k < ARRAY_SIZE(m); k++) {
		size_t l = strlen(m[k]);
		if (i >= l && !memcmp(t + i - l, m[k], l))
			return true;
	}
	return false;
}

/* Skips separators after a label: spaces, ：:, 为 是 在. */
static size_t skip_sep(const char *t, size_t n, size_t i)
{
	static const char *const s[] = {"：", ":", " ", "　", "为", "是", "在"};
	for (int guard = 0; guard < 4; guard++) {
		bool moved = false;
		for (size_t k = 0; k < ARRAY_SIZE(s); k++)
			if (starts_with(t, n, i, s[k])) {
				i += strlen(s[k]);
				moved = true;
				break;
			}
		if (!moved)
			break;
	}
	return i;
}

/* A run of 2–4 ideographs at t[i] ending before a non-ideograph; 0 when none or masked. */
static size_t name_at(const char *t, size_t n, size_t i)
{
	size_t p = i;
	int k = 0;
	while (k < 5 && cjk_at(t, n, p)) {
		if (masked_at(t, n, p))
			return 0;
		p += 3, k++;
	}
	if (k < 2 || k > 4)
		return 0;
	if (p < n && masked_at(t, n, p))
		return 0;
	return p - i;
}

static const char *const person_labels[] = {
    "被申请人", "申请人", "当事人", "被处罚人", "举报人", "投诉人",
    "户主",	"姓名",	  "权利人", "被征收人", "受助人", "救助对象",
};
static const char *const address_labels[] = {"家庭住址", "现住址", "户籍所在地", "户籍地",
					     "居住地址", "住址",   "家住",	 "地址",
					     "住所",	 "户籍"};
static const char *const place_marks[] = {"路", "街", "号", "村", "室", "巷",
					  "弄", "组", "栋", "楼", "幢", "单元"};

static bool label_at(const char *t, size_t n, size_t i)
{
	for (size_t k = 0; k < ARRAY_SIZE(address_labels); k++)
		if (starts_with(t, n, i, address_labels[k]))
			return true;
	for (size_t k = 0; k < ARRAY_SIZE(person_labels); k++)
		if (starts_with(t, n, i, person_labels[k]))
			return true;
	return false;
}

/* The place after an address label at t[i]: its end, 0 when it is not one. */
static size_t place_at(const char *t, size_t n, size_t i)
{
	size_t p = i;
	int chars = 0;
	bool mark = false;
	while (p < n && chars < 40) {
		size_t l = cjk_at(t, n, p);
		unsigned char c = (unsigned char)t[p];
		if (masked_at(t, n, p))
			return 0;
		if (l) {
			for (size_t k = 0; k < ARRAY_SIZE(place_marks); k++)
				if (starts_with(t, n, p, place_marks[k]))
					mark = true;
			p += l;
		} else if (digit_here(t, n, p)) {
			size_t w;
			digit_at(t, n, p, &w);
			p += w;
		} else if (is_alpha(c) || c == '-') {
			p++;
		} else {
			break;
		}
		chars++;
	}
	return mark && chars >= 4 ? p : 0;
}

/* The name at t[i] when it stands as a person: after a person label, or followed by its
 * sex. Writes the name's range. */
static bool person_at(const char *t, size_t n, size_t i, size_t *ns, size_t *ne)
{
	for (size_t k = 0; k < ARRAY_SIZE(person_labels); k++) {
		if (!starts_with(t, n, i, person_labels[k]))
			continue;
		size_t p = skip_sep(t, n, i + strlen(person_labels[k]));
		size_t l = name_at(t, n, p);
		if (!l || label_at(t, n, p))
			return false; /* "申请人住址": the label, then no name */
		*ns = p, *ne = p + l;
		return true;
	}
	/* 张三，男 / 张三（女） */
	size_t l = name_at(t, n, i);
	if (!l || (i >= 3 && cjk_at(t, n, i - 3)) || label_at(t, n, i))
		return false;
	size_t p = i + l;
	static const char *const sexsep[] = {"，", ",", "（", "(", "、", " "};
	for (size_t k = 0; k < ARRAY_SIZE(sexsep); k++)
		if (starts_with(t, n, p, sexsep[k])) {
			size_t q = p + strlen(sexsep[k]);
			if (starts_with(t, n, q, "男") || starts_with(t, n, q, "女")) {
				*ns = i, *ne = p;
				return true;
			}
		}
	return false;
}

static size_t judge_person(const char *t, size_t n, size_t i, struct hits *h)
{
	size_t ns, ne;
	if (!person_at(t, n, i, &ns, &ne))
		return i + 1;
	size_t limit = ne + 80 < n ? ne + 80 : n;
	for (size_t p = ne; p < limit; p++) {
		if (t[p] == '\n' || starts_with(t, n, p, "。"))
			break;
		for (size_t k = 0; k < ARRAY_SIZE(address_labels); k++) {
			if (!starts_with(t, n, p, address_labels[k]))
				continue;
			size_t q = skip_sep(t, n, p + strlen(address_labels[k]));
			size_t e = place_at(t, n, q);
			if (e) {
				hit_add(h, PII_ADDRESS, ns, e);
				return e;
			}
			break;
		}
	}
	return ne;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct pii_hit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

int pii_scan(const char *text, size_t n, zf_day today, struct pii_hit **hits, size_t *nhits)
{
	struct hits h = {.v = *hits, .n = *nhits, .alloc = *nhits};
	size_t first = h.n;
	if (today == 0)
		today = date_from_ymd(9999, 12, 31);
	for (size_t i = 0; i < n && !h.failed;) {
		if (digit_here(text, n, i))
			i = judge_number(text, n, i, today, &h);
		else
			i++;
	}
	for (size_t i = 0; i < n && !h.failed;) {
		if ((unsigned char)text[i] >= 0xE4 && cjk_at(text, n, i))
			i = judge_person(text, n, i, &h);
		else
			i++;
	}
	if (h.n > first)
		qsort(h.v + first, h.n - first, sizeof(*h.v), hit_cmp);
	*hits = h.v;
	*nhits = h.n;
	return h.failed ? ZF_ENOMEM : 0;
}
