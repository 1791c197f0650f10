/* assessment.c: 考核 schemes, scoring, ranking, quarters and named problems (pure; see
 * assessment.h). */
#include "common.h"
#include "law/assessment.h"
#include "utf8.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *label;
} kinds[] = {
    [ASSESS_RATE] = {"rate", "按比率"},
    [ASSESS_PER_COUNT] = {"per_count", "按项扣分"},
    [ASSESS_VETO] = {"veto", "单项否决"},
    [ASSESS_MANUAL] = {"manual", "人工评分"},
};

static const struct {
	const char *name, *label;
	bool rate;
} metrics[ASSESS_M_COUNT] = {
    [ASSESS_M_NONE] = {"-", "人工评分", false},
    [ASSESS_M_REQ_ON_TIME] = {"req_on_time", "依申请公开按时答复率", true},
    [ASSESS_M_MSG_ON_TIME] = {"msg_on_time", "留言按时答复率", true},
    [ASSESS_M_REQ_OVERDUE] = {"req_overdue", "逾期未答复的依申请公开", false},
    [ASSESS_M_MSG_OVERDUE] = {"msg_overdue", "逾期未答复的留言", false},
    [ASSESS_M_MSG_STALE] = {"msg_stale", "超过3个月未答复的留言", false},
    [ASSESS_M_CORRECTED] = {"corrected", "被行政复议、行政诉讼纠错", false},
    [ASSESS_M_FINDINGS_VETO] = {"findings_veto", "网站单项否决问题", false},
    [ASSESS_M_FINDINGS_DEDUCT] = {"findings_deduct", "网站扣分问题", false},
    [ASSESS_M_STD_OVERDUE] = {"std_overdue", "标准目录逾期事项", false},
    [ASSESS_M_MEDIA_SILENT] = {"media_silent", "长期未更新的政务新媒体", false},
    [ASSESS_M_MEDIA_VETO] = {"media_veto", "政务新媒体单项否决问题", false},
};

const char *assess_kind_name(enum assess_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kinds) ? kinds[k].name : "";
}

const char *assess_kind_label(enum assess_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kinds) ? kinds[k].label : "";
}

int assess_kind_parse(const char *s, enum assess_kind *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(s, kinds[i].name)) {
			*out = (enum assess_kind)i;
			return 0;
		}
	return ZF_EINVAL;
}

const char *assess_metric_name(enum assess_metric m)
{
	return (unsigned)m < ASSESS_M_COUNT ? metrics[m].name : "";
}

const char *assess_metric_label(enum assess_metric m)
{
	return (unsigned)m < ASSESS_M_COUNT ? metrics[m].label : "";
}

int assess_metric_parse(const char *s, enum assess_metric *out)
{
	for (int i = 0; i < ASSESS_M_COUNT; i++)
		if (!strcmp(s, metrics[i].name)) {
			*out = (enum assess_metric)i;
			return 0;
		}
	return ZF_EINVAL;
}

bool assess_metric_is_rate(enum assess_metric m)
{
	return (unsigned)m < ASSESS_M_COUNT && metrics[m].rate;
}

/* ---------------------------------------------------------------- scoring */

static int clamp(long long v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : (int)v;
}

void assess_score(const struct assess_scheme *sc, const struct assess_input *in,
		  const struct assess_manual *manual, size_t nmanual, struct assess_result *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sc->n && i < ASSESS_MAX_INDICATORS; i++) {
		const struct assess_indicator *ind = &sc->ind[i];
		struct assess_item_score *it = &out->item[i];
		long long num = 0, den = 0;
		if ((unsigned)ind->metric < ASSESS_M_COUNT && ind->metric != ASSESS_M_NONE) {
			num = in->num[ind->metric] < 0 ? 0 : in->num[ind->metric];
			den = in->den[ind->metric] < 0 ? 0 : in->den[ind->metric];
		}
		it->count = num;
		it->den = den;
		out->max_total += ind->max;
		switch (ind->kind) {
		case ASSESS_RATE: {
			it->points = ind->max;
			while (den > LLONG_MAX / 200) { /* keep threshold * den in range */
				den /= 1000;
				num /= 1000;
			}
			if (den > 0 && num < den) {
				/* percentage points below the threshold, a part counting whole */
				long long gap = (long long)ind->threshold * den - 100 * num;
				if (gap > 0) {
					long long pts = (gap + den - 1) / den;
					long long off = pts * ind->per;
					it->points = clamp(ind->max - off, ind->floor, ind->max);
				}
			}
			break;
		}
		case ASSESS_PER_COUNT: {
			long long off = ind->per && num > LLONG_MAX / ind->per
					    ? ind->max /* as far down as it goes */
					    : num * ind->per;
			it->points = clamp(ind->max - off, ind->floor, ind->max);
			break;
		}
		case ASSESS_VETO:
			it->points = num > 0 ? 0 : ind->max;
			it->veto = num > 0;
			if (it->veto)
				out->vetoed = true;
			break;
		case ASSESS_MANUAL: {
			it->points = ind->max;
			it->pending = true;
			for (size_t k = 0; k < nmanual; k++)
				if (manual[k].code && !strcmp(manual[k].code, ind->code)) {
					it->points = clamp(manual[k].points, 0, ind->max);
					it->pending = false;
				}
			if (it->pending)
				out->pending++;
			break;
		}
		}
		out->sum += it->points;
	}
	out->total = out->vetoed ? 0 : out->sum;
}

/* a ranks ahead of b */
static bool ahead(const struct assess_result *a, const struct assess_result *b)
{
	if (a->vetoed != b->vetoed)
		return !a->vetoed;
	return a->vetoed ? a->sum > b->sum : a->total > b->total;
}

void assess_rank(const struct assess_result *r, size_t n, int *rank)
{
	for (size_t i = 0; i < n; i++) {
		int k = 1;
		for (size_t j = 0; j < n; j++)
			if (j != i && ahead(&r[j], &r[i]))
				k++;
		rank[i] = k;
	}
}

/* ---------------------------------------------------------------- the default scheme */

void assess_scheme_default(struct assess_scheme *out)
{
	static const struct {
		const char *code, *name;
		enum assess_kind kind;
		enum assess_metric metric;
		int max, per, floor, threshold;
	} def[] = {
	    {"req_on_time", "依申请公开按时答复率", ASSESS_RATE, ASSESS_M_REQ_ON_TIME, 150, 10, 0,
	     100},
	    {"req_overdue", "依申请公开逾期未答复", ASSESS_PER_COUNT, ASSESS_M_REQ_OVERDUE, 100, 20,
	     0, 0},
	    {"corrected", "答复被行政复议、行政诉讼纠错", ASSESS_PER_COUNT, ASSESS_M_CORRECTED, 100,
	     50, 0, 0},
	    {"msg_on_time", "政民互动留言按时答复率", ASSESS_RATE, ASSESS_M_MSG_ON_TIME, 100, 10, 0,
	     100},
	    {"msg_overdue", "留言逾期未答复", ASSESS_PER_COUNT, ASSESS_M_MSG_OVERDUE, 50, 10, 0, 0},
	    {"msg_stale", "有效留言超过3个月未答复", ASSESS_VETO, ASSESS_M_MSG_STALE, 50, 0, 0, 0},
	    {"site_veto", "网站内容单项否决问题", ASSESS_VETO, ASSESS_M_FINDINGS_VETO, 50, 0, 0, 0},
	    {"site_deduct", "网站内容扣分问题", ASSESS_PER_COUNT, ASSESS_M_FINDINGS_DEDUCT, 100, 10,
	     0, 0},
	    {"std_overdue", "标准目录事项逾期未公开", ASSESS_PER_COUNT, ASSESS_M_STD_OVERDUE, 100,
	     10, 0, 0},
	    {"media_silent", "政务新媒体长期未更新", ASSESS_PER_COUNT, ASSESS_M_MEDIA_SILENT, 50,
	     20, 0, 0},
	    {"media_veto", "政务新媒体单项否决问题", ASSESS_VETO, ASSESS_M_MEDIA_VETO, 50, 0, 0, 0},
	    {"leadership", "组织领导和培训", ASSESS_MANUAL, ASSESS_M_NONE, 50, 0, 0, 0},
	    {"interpretation", "政策解读和回应关切", ASSESS_MANUAL, ASSESS_M_NONE, 50, 0, 0, 0},
	};
	memset(out, 0, sizeof(*out));
	snprintf(out->title, sizeof(out->title), "%s", "政务公开工作考核方案（默认）");
	for (size_t i = 0; i < ARRAY_SIZE(def); i++) {
		struct assess_indicator *ind = &out->ind[out->n++];
		snprintf(ind->code, sizeof(ind->code), "%s", def[i].code);
		snprintf(ind->name, sizeof(ind->name), "%s", def[i].name);
		ind->kind = def[i].kind;
		ind->metric = def[i].metric;
		ind->max = def[i].max;
		ind->per = def[i].per;
		ind->floor = def[i].floor;
		ind->threshold = def[i].threshold;
	}
}

/* ---------------------------------------------------------------- points and text */

void assess_points_str(int tenths, char out[16])
{
	int a = tenths < 0 ? -tenths : tenths;
	if (a % 10)
		snprintf(out, 16, "%s%d.%d", tenths < 0 ? "-" : "", a / 10, a % 10);
	else
		snprintf(out, 16, "%s%d", tenths < 0 ? "-" : "", a / 10);
}

int assess_points_parse(const char *s, int *tenths)
{
	int whole = 0, frac = 0, nd = 0;
	const char *p = s;
	if (!*p)
		return ZF_EINVAL;
	while (*p >= '0' && *p <= '9') {
		if (++nd > 3)
			return ZF_EINVAL;
		whole = whole * 10 + (*p++ - '0');
	}
	if (!nd)
		return ZF_EINVAL;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return ZF_EINVAL;
		frac = *p++ - '0';
		if (*p == '0' && p[1] == '\0') /* "9.50" */
			p++;
	}
	if (*p)
		return ZF_EINVAL;
	*tenths = whole * 10 + frac;
	return 0;
}

static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > ASSESS_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* one line of text: valid UTF-8, no control characters, 1..max characters */
static bool line_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return utf8_count(s, n) <= max;
}

static int fail(struct buf *err, int line, const char *fmt, const char *what)
{
	if (err) {
		buf_reset(err);
		if (line > 0)
			buf_printf(err, "第%d行：", line);
		buf_printf(err, fmt, what);
	}
	return ZF_EINVAL;
}

static int check_one(const struct assess_indicator *ind, int line, struct buf *err)
{
	if (!code_ok(ind->code))
		return fail(err, line, "指标代码“%s”不合规定（1至32个小写字母、数字或下划线）",
			    line_ok(ind->code, 40) ? ind->code : "");
	if (!line_ok(ind->name, ASSESS_NAME_MAX))
		return fail(err, line, "指标名称不能为空，不超过40个字，不含控制字符%s", "");
	if (ind->max < 1 || ind->max > ASSESS_POINTS_MAX)
		return fail(err, line, "“%s”的满分应在0.1至100分之间", ind->name);
	if (ind->per < 0 || ind->per > ASSESS_POINTS_MAX)
		return fail(err, line, "“%s”的每项扣分应在0至100分之间", ind->name);
	if (ind->floor < 0 || ind->floor > ind->max)
		return fail(err, line, "“%s”的最低分应在0和满分之间", ind->name);
	switch (ind->kind) {
	case ASSESS_RATE:
		if (!assess_metric_is_rate(ind->metric))
			return fail(err, line, "“%s”按比率计分，数据项须为答复率", ind->name);
		if (ind->threshold < 1 || ind->threshold > 100)
			return fail(err, line, "“%s”的达标率应在1至100之间", ind->name);
		break;
	case ASSESS_PER_COUNT:
	case ASSESS_VETO:
		if (ind->metric == ASSESS_M_NONE || (unsigned)ind->metric >= ASSESS_M_COUNT ||
		    assess_metric_is_rate(ind->metric))
			return fail(err, line, "“%s”按项扣分或单项否决，数据项须为计数", ind->name);
		if (ind->kind == ASSESS_VETO && (ind->per || ind->floor))
			return fail(err, line, "“%s”是单项否决，不设每项扣分和最低分", ind->name);
		if (ind->threshold)
			return fail(err, line, "“%s”不按比率计分，不设达标率", ind->name);
		break;
	case ASSESS_MANUAL:
		if (ind->metric != ASSESS_M_NONE)
			return fail(err, line, "“%s”是人工评分，数据项应为“-”", ind->name);
		if (ind->per || ind->floor || ind->threshold)
			return fail(err, line, "“%s”是人工评分，不设扣分、最低分和达标率",
				    ind->name);
		break;
	default: return fail(err, line, "“%s”的计分方式不明", ind->name);
	}
	return 0;
}

static int check_all(const struct assess_scheme *sc, const int *lines, struct buf *err)
{
	if (!line_ok(sc->title, ASSESS_TITLE_MAX))
		return fail(err, 0, "方案名称不能为空，不超过60个字%s", "");
	if (!sc->n)
		return fail(err, 0, "方案至少要有一项指标%s", "");
	if (sc->n > ASSESS_MAX_INDICATORS)
		return fail(err, 0, "方案的指标不能超过40项%s", "");
	long long total = 0;
	for (size_t i = 0; i < sc->n; i++) {
		int line = lines ? lines[i] : 0;
		int rc = check_one(&sc->ind[i], line, err);
		if (rc)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(sc->ind[j].code, sc->ind[i].code))
				return fail(err, line, "指标代码“%s”重复", sc->ind[i].code);
		total += sc->ind[i].max;
	}
	if (total > ASSESS_TOTAL_MAX)
		return fail(err, 0, "方案的总分不能超过1000分%s", "");
	return 0;
}

int assess_scheme_check(const struct assess_scheme *sc, struct buf *err)
{
	return check_all(sc, NULL, err);
}

int assess_scheme_find(const struct assess_scheme *sc, const char *code)
{
	for (size_t i = 0; i < sc->n; i++)
		if (!strcmp(sc->ind[i].code, code))
			return (int)i;
	return -1;
}

/* copies field f (not NUL-terminated) into out (cap bytes) */
static bool field_copy(struct str f, char *out, size_t cap)
{
	f = str_trim(f);
	if (f.len >= cap)
		return false;
	/* the whole buffer is written, so a field given twice (the last one counts) leaves
	 * nothing of the first behind: equal texts parse to equal schemes (fuzz_assess_scheme) */
	memset(out, 0, cap);
	memcpy(out, f.p, f.len);
	return true;
}

static int points_field(struct str f, int *out)
{
	char tmp[16];
	if (!field_copy(f, tmp, sizeof(tmp)))
		return ZF_EINVAL;
	if (!tmp[0]) {
		*out = 0;
		return 0;
	}
	return assess_points_parse(tmp, out);
}

int assess_scheme_parse(const char *text, size_t len, struct assess_scheme *out, struct buf *err)
{
	static const char *const heads[] = {"代码", "名称",	"计分方式", "数据项",
					    "满分", "每项扣分", "最低分",   "达标率"};
	memset(out, 0, sizeof(*out));
	if (len > ASSESS_TEXT_MAX)
		return fail(err, 0, "方案文本过大（不超过64KB）%s", "");
	if (!utf8_valid(text, len))
		return fail(err, 0, "方案文本不是有效的UTF-8编码%s", "");
	if (memchr(text, '\0', len))
		return fail(err, 0, "方案文本含有空字符%s", "");
	int lines[ASSESS_MAX_INDICATORS];
	struct str rest = {text, len};
	int line = 0;
	if (rest.len >= 3 && !memcmp(rest.p, "\xEF\xBB\xBF", 3)) { /* a BOM from Excel */
		rest.p += 3;
		rest.len -= 3;
	}
	while (rest.len) {
		struct str l = str_cut(&rest, '\n');
		line++;
		if (l.len && l.p[l.len - 1] == '\r')
			l.len--;
		struct str t = str_trim(l);
		if (!t.len || t.p[0] == '#')
			continue;
		struct str f[9];
		size_t nf = 0;
		struct str cur = l;
		bool more = true;
		while (more && nf < ARRAY_SIZE(f)) {
			const char *q = cur.len ? memchr(cur.p, '\t', cur.len) : NULL;
			if (!q) {
				f[nf++] = cur;
				more = false;
			} else {
				f[nf++] = (struct str){cur.p, (size_t)(q - cur.p)};
				cur.len -= (size_t)(q - cur.p) + 1;
				cur.p = q + 1;
			}
		}
		if (more)
			nf = ARRAY_SIZE(f) + 1; /* too many columns */
		if (nf == 2 && str_eq_c(str_trim(f[0]), "方案")) {
			if (!field_copy(f[1], out->title, sizeof(out->title)) ||
			    !line_ok(out->title, ASSESS_TITLE_MAX))
				return fail(err, line, "方案名称不能为空，不超过60个字%s", "");
			continue;
		}
		if (str_eq_c(str_trim(f[0]), "代码"))
			continue; /* the header row */
		if (nf < 5 || nf > 8)
			return fail(
			    err, line,
			    "应有5至8列（代码、名称、计分方式、数据项、满分、每项扣分、最低分、"
			    "达标率），以制表符分隔%s",
			    "");
		if (out->n >= ASSESS_MAX_INDICATORS)
			return fail(err, line, "方案的指标不能超过40项%s", "");
		struct assess_indicator *ind = &out->ind[out->n];
		char word[24];
		if (!field_copy(f[0], ind->code, sizeof(ind->code)) || !code_ok(ind->code))
			return fail(err, line, "“%s”列不合规定（1至32个小写字母、数字或下划线）",
				    heads[0]);
		if (!field_copy(f[1], ind->name, sizeof(ind->name)))
			return fail(err, line, "“%s”列过长", heads[1]);
		if (!field_copy(f[2], word, sizeof(word)) || assess_kind_parse(word, &ind->kind))
			return fail(err, line, "“%s”列应为 rate、per_count、veto 或 manual",
				    heads[2]);
		if (!field_copy(f[3], word, sizeof(word)) ||
		    assess_metric_parse(word, &ind->metric))
			return fail(err, line, "“%s”列不是已知的数据项", heads[3]);
		if (points_field(f[4], &ind->max))
			return fail(err, line, "“%s”列应为分数（最多一位小数）", heads[4]);
		if (nf > 5 && points_field(f[5], &ind->per))
			return fail(err, line, "“%s”列应为分数（最多一位小数）", heads[5]);
		if (nf > 6 && points_field(f[6], &ind->floor))
			return fail(err, line, "“%s”列应为分数（最多一位小数）", heads[6]);
		if (nf > 7) {
			char num[8];
			struct str tf = str_trim(f[7]);
			long v = 0;
			if (tf.len && (!field_copy(tf, num, sizeof(num)) || str_to_long(tf, &v) ||
				       v < 0 || v > 100))
				return fail(err, line, "“%s”列应为1至100的整数", heads[7]);
			ind->threshold = (int)v;
		}
		lines[out->n++] = line;
	}
	if (!out->title[0])
		snprintf(out->title, sizeof(out->title), "%s", "政务公开工作考核方案");
	int rc = check_all(out, lines, err);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

void assess_scheme_format(const struct assess_scheme *sc, struct buf *out)
{
	buf_adds(out,
		 "# 考核方案：每行一项指标，以制表符分隔\n"
		 "# 计分方式：rate 按比率、per_count 按项扣分、veto 单项否决、manual 人工评分\n");
	buf_printf(out, "方案\t%s\n", sc->title);
	buf_adds(out, "代码\t名称\t计分方式\t数据项\t满分\t每项扣分\t最低分\t达标率\n");
	for (size_t i = 0; i < sc->n; i++) {
		const struct assess_indicator *ind = &sc->ind[i];
		char mx[16], per[16], fl[16];
		assess_points_str(ind->max, mx);
		assess_points_str(ind->per, per);
		assess_points_str(ind->floor, fl);
		buf_printf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", ind->code, ind->name,
			   assess_kind_name(ind->kind), assess_metric_name(ind->metric), mx, per,
			   fl, ind->threshold);
	}
}

/* ---------------------------------------------------------------- quarters */

int assess_quarter_parse(const char *s, int *quarter)
{
	int y = 0, n = 0;
	const char *p = s;
	while (*p >= '0' && *p <= '9' && n < 5) {
		y = y * 10 + (*p++ - '0');
		n++;
	}
	if (n != 4 || !(*p == 'Q' || *p == 'q' || *p == '-'))
		return ZF_EINVAL;
	p++;
	if (!(*p >= '1' && *p <= '4') || p[1])
		return ZF_EINVAL;
	if (y < 2000 || y > 2099)
		return ZF_EINVAL;
	*quarter = y * 10 + (*p - '0');
	return 0;
}

void assess_quarter_key(int quarter, char out[8])
{
	unsigned y = (unsigned)(quarter / 10) % 10000u, q = (unsigned)(quarter % 10) % 10u;
	snprintf(out, 8, "%04uQ%u", y, q);
}

void assess_quarter_label(int quarter, char out[40])
{
	static const char *const zh[] = {"", "一", "二", "三", "四"};
	int q = quarter % 10;
	snprintf(out, 40, "%04d年第%s季度", (quarter / 10) % 10000, zh[q >= 1 && q <= 4 ? q : 0]);
}

void assess_quarter_range(int quarter, zf_day *from, zf_day *to)
{
	int y = quarter / 10, q = quarter % 10;
	if (q < 1 || q > 4)
		q = 1;
	*from = date_from_ymd(y, 3 * q - 2, 1);
	*to = date_from_ymd(y, 3 * q, date_days_in_month(y, 3 * q));
}

int assess_quarter_of(zf_day d)
{
	struct ymd t = date_to_ymd(d);
	return t.y * 10 + (t.m - 1) / 3 + 1;
}

int assess_quarter_prev(int quarter)
{
	return quarter % 10 > 1 ? quarter - 1 : (quarter / 10 - 1) * 10 + 4;
}

/* ---------------------------------------------------------------- named problems */

int assess_problems(const struct assess_input *in, struct buf *out)
{
	static const struct {
		enum assess_metric m;
		const char *fmt;
	} counts[] = {
	    {ASSESS_M_REQ_OVERDUE, "逾期未答复政府信息公开申请%lld件"},
	    {ASSESS_M_MSG_OVERDUE, "逾期未答复留言%lld条"},
	    {ASSESS_M_MSG_STALE, "超过3个月未答复留言%lld条（单项否决风险）"},
	    {ASSESS_M_CORRECTED, "答复被行政复议、行政诉讼纠错%lld件"},
	    {ASSESS_M_FINDINGS_VETO, "网站存在单项否决问题%lld个"},
	    {ASSESS_M_FINDINGS_DEDUCT, "网站存在扣分问题%lld个"},
	    {ASSESS_M_STD_OVERDUE, "标准目录事项逾期未公开%lld项"},
	    {ASSESS_M_MEDIA_SILENT, "政务新媒体账号长期未更新%lld个"},
	    {ASSESS_M_MEDIA_VETO, "政务新媒体存在单项否决问题%lld个"},
	};
	static const struct {
		enum assess_metric m;
		const char *what;
	} rates[] = {
	    {ASSESS_M_REQ_ON_TIME, "依申请公开按时答复率"},
	    {ASSESS_M_MSG_ON_TIME, "留言按时答复率"},
	};
	int n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(rates); i++) {
		long long num = in->num[rates[i].m], den = in->den[rates[i].m];
		if (den > 0 && num >= 0 && num < den) {
			long long pm = num * 1000 / den; /* per mille, rounded down */
			buf_printf(out, "%s%s%lld.%lld%%", n++ ? "，" : "", rates[i].what, pm / 10,
				   pm % 10);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		long long v = in->num[counts[i].m];
		if (v > 0) {
			if (n++)
				buf_adds(out, "，");
			buf_printf(out, counts[i].fmt, v);
		}
	}
	return n;
}

void assess_bulletin_title(int quarter, char out[96])
{
	char label[40];
	assess_quarter_label(quarter, label);
	snprintf(out, 96, "关于%s政务公开工作情况的通报", label);
}
