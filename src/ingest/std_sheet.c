/* std_sheet.c: a standard catalogue's worksheet into rows (std_sheet.h). The header is the
 * first of the top 20 rows with three of the known labels; a row under it that holds
 * sub-labels (一级事项, 全社会, 主动, 县级, …) is its second line; below them every row with
 * something in a known column is an item. Cells merged down a column (the 一级事项 over its
 * 二级事项, often 依据 and 主体 as well) are carried down, and an empty 一级事项 or 领域 takes
 * the one above. */
#include "common.h"
#include "arena.h"
#include "ingest/std_sheet.h"
#include "ingest/xlsx.h"
#include "utf8.h"

#include <stdarg.h>

const char *const std_sheet_headers[STD_SHEET_COLUMNS] = {
    "序号",
    "领域",
    "一级事项",
    "二级事项",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象（全社会/特定群体）",
    "公开方式（主动/依申请）",
    "公开层级（县级/乡级）",
};

/* The columns read. */
enum col {
	C_SEQ,
	C_AREA,
	C_L1,
	C_L2,
	C_CONTENT,
	C_BASIS,
	C_LIMIT,
	C_SUBJECT,
	C_CHANNEL,
	C_AUDIENCE,
	C_MODE,
	C_TIER,
	C_GROUP, /* 公开事项: the group over 一级/二级事项, or the item itself */
	/* sub-columns marked √ */
	C_ALL,	    /* 全社会 */
	C_SPECIFIC, /* 特定群体 */
	C_ACTIVE,   /* 主动 */
	C_ONREQ,    /* 依申请 */
	C_COUNTY,   /* 县级 */
	C_TOWN,	    /* 乡级 */
	C_N
};

/* Label prefixes of the first header line, and exact sub-labels of the second. */
static const struct {
	enum col col;
	const char *label;
	bool sub; /* a sub-label: matched whole, on either line */
} labels[] = {
    {C_SEQ, "序号", false},	    {C_AREA, "试点领域", false},    {C_AREA, "所属领域", false},
    {C_AREA, "领域", false},	    {C_L1, "一级事项", true},	    {C_L2, "二级事项", true},
    {C_L2, "事项名称", false},	    {C_GROUP, "公开事项", false},   {C_CONTENT, "公开内容", false},
    {C_BASIS, "公开依据", false},   {C_LIMIT, "公开时限", false},   {C_SUBJECT, "公开主体", false},
    {C_CHANNEL, "公开渠道", false}, {C_CHANNEL, "公开载体", false}, {C_AUDIENCE, "公开对象", false},
    {C_MODE, "公开方式", false},    {C_TIER, "公开层级", false},    {C_ALL, "全社会", true},
    {C_SPECIFIC, "特定群体", true}, {C_ACTIVE, "主动", true},	    {C_ONREQ, "依申请", true},
    {C_COUNTY, "县级", true},	    {C_TOWN, "乡级", true},
};

/* A header cell without spaces, line breaks and (full-width) spaces, into out. */
static void norm_label(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; s[i] && o + 1 < cap;) {
		if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
			i++;
		} else if (!strncmp(s + i, "\u3000", 3)) {
			i += 3;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
}

static bool starts(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

/* The column a header cell names (C_N when none); sub: on the second line. */
static enum col label_of(const char *cell, bool second)
{
	char n[96];
	norm_label(cell, n, sizeof(n));
	if (!*n)
		return C_N;
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		if (labels[i].sub ? !strcmp(n, labels[i].label)
				  : !second && starts(n, labels[i].label))
			return labels[i].col;
		/* "一级事项名称" and the like on either line */
		if (labels[i].sub && (labels[i].col == C_L1 || labels[i].col == C_L2) &&
		    starts(n, labels[i].label))
			return labels[i].col;
	}
	return C_N;
}

/* Trimmed copy: ASCII and full-width spaces at both ends. */
static const char *trim(struct arena *a, const char *s)
{
	struct str t = str_trim(str_c(s ? s : ""));
	for (bool again = true; again;) {
		again = false;
		if (t.len >= 3 && !memcmp(t.p, "\u3000", 3)) {
			t.p += 3, t.len -= 3, again = true;
		}
		if (t.len >= 3 && !memcmp(t.p + t.len - 3, "\u3000", 3)) {
			t.len -= 3, again = true;
		}
		if (t.len && (t.p[0] == '\n' || t.p[0] == '\r')) {
			t.p++, t.len--, again = true;
		}
		if (t.len && (t.p[t.len - 1] == '\n' || t.p[t.len - 1] == '\r')) {
			t.len--, again = true;
		}
	}
	const char *out = arena_strndup(a, t.p ? t.p : "", t.len);
	return out ? out : "";
}

static void problem(struct arena *a, struct std_sheet *out, int line, const char *fmt, ...)
    ZF_PRINTF(4, 5);
static void problem(struct arena *a, struct std_sheet *out, int line, const char *fmt, ...)
{
	if (out->nproblems >= STD_PROBLEMS_MAX) {
		out->more_problems++;
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char *p = arena_printf(a, "第%d行：%s", line, msg);
	if (p)
		out->problems[out->nproblems++] = p;
}

/* True when a √-column cell is marked. */
static bool marked(const char *s)
{
	return *s && strcmp(s, "×") && strcmp(s, "否") && strcmp(s, "无") && strcmp(s, "-") &&
	       strcmp(s, "—") && strcmp(s, "/");
}

/* Two marks into text: "A", "B", "A、B" or "". */
static const char *pair(bool x, bool y, const char *a, const char *b, const char *both)
{
	return x && y ? both : x ? a : y ? b : "";
}

/* The 26 试点领域 of 国办发〔2019〕54号's guidelines. */
static const char *const pilot_areas[] = {
    "城乡规划",	    "重大建设项目",
    "公共资源交易", "财政预决算",
    "安全生产",	    "税收管理",
    "征地补偿",	    "国有土地上房屋征收与补偿",
    "农村危房改造", "环境保护",
    "公共文化服务", "公共法律服务",
    "扶贫",	    "救灾",
    "食品药品监管", "城市综合执法",
    "就业",	    "社会保险",
    "社会救助",	    "养老服务",
    "户籍管理",	    "涉农补贴",
    "义务教育",	    "卫生健康",
    "市政服务",	    "农村集体资产管理",
};

/* The 领域 of a title line: the text before "领域" ("示例县义务教育领域基层政务公开标准
 * 目录"): a pilot area it ends with, else what follows the last 县, 区 or 旗 (the place). */
static const char *area_of_title(struct arena *a, const char *s)
{
	const char *p = strstr(s, "领域");
	if (!p || p == s)
		return NULL;
	const char *start = s;
	const char *q;
	if ((q = strstr(s, "试点")) && q < p)
		start = q + strlen("试点");
	size_t len = (size_t)(p - start);
	const char *best = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(pilot_areas); i++) {
		size_t n = strlen(pilot_areas[i]);
		if (n <= len && !memcmp(p - n, pilot_areas[i], n) && (!best || n > strlen(best)))
			best = pilot_areas[i];
	}
	if (best)
		return best;
	for (const char *c = start; c + 3 <= p; c++)
		if (!memcmp(c, "县", 3) || !memcmp(c, "区", 3) || !memcmp(c, "旗", 3))
			if (c + 3 < p)
				start = c + 3;
	const char *t = trim(a, arena_strndup(a, start, (size_t)(p - start)));
	return *t ? t : NULL;
}

/* Checks a text cell against its words: NULL when fine, else the reason. */
static const char *check_choice(const char *v, const char *x, const char *y)
{
	if (!*v)
		return NULL;
	return strstr(v, x) || strstr(v, y) ? NULL : "bad";
}

static bool clean_text(const char *s)
{
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return false;
	return true;
}

int std_sheet_read(const struct xlsx_sheet *sh, const char *area_default, struct arena *a,
		   struct std_sheet *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	out->problems = arena_alloc(a, STD_PROBLEMS_MAX * sizeof(*out->problems));
	if (!out->problems)
		return ZF_ENOMEM;
	/* the header */
	size_t head = SIZE_MAX;
	for (size_t i = 0; i < sh->nrows && i < 20 && head == SIZE_MAX; i++) {
		int found = 0;
		for (size_t c = 0; c < sh->rows[i].ncells; c++) {
			enum col k = label_of(sh->rows[i].cells[c], false);
			found += k != C_N && k != C_SEQ && k != C_AREA;
		}
		if (found >= 3)
			head = i;
	}
	if (head == SIZE_MAX) {
		buf_setf(err,
			 "工作表“%s”的前 20 行中找不到标准目录的表头（应有一级事项、二级事项、公开"
			 "内容、公开时限、公开主体等列）",
			 sh->name ? sh->name : "");
		return ZF_EPARSE;
	}
	size_t col[C_N];
	for (size_t k = 0; k < C_N; k++)
		col[k] = SIZE_MAX;
	for (size_t c = 0; c < sh->rows[head].ncells; c++) {
		enum col k = label_of(sh->rows[head].cells[c], false);
		if (k != C_N && col[k] == SIZE_MAX)
			col[k] = c;
	}
	/* a second header line: sub-labels in the row just below */
	size_t first = head + 1;
	if (first < sh->nrows && sh->rows[first].num == sh->rows[head].num + 1) {
		/* a second header line holds labels only (a data row has free text) */
		bool sub = false, labels_only = true;
		for (size_t c = 0; c < sh->rows[first].ncells; c++) {
			const char *cell = sh->rows[first].cells[c];
			enum col k = label_of(cell, true);
			sub = sub || k != C_N;
			labels_only = labels_only &&
				      (k != C_N || !*trim(a, cell) || label_of(cell, false) != C_N);
		}
		for (size_t c = 0; sub && labels_only && c < sh->rows[first].ncells; c++) {
			enum col k = label_of(sh->rows[first].cells[c], true);
			if (k != C_N &&
			    (col[k] == SIZE_MAX || k >= C_ALL || k == C_L1 || k == C_L2))
				col[k] = c;
		}
		if (sub && labels_only)
			first++;
	}
	if (col[C_L2] == SIZE_MAX && col[C_GROUP] != SIZE_MAX && col[C_GROUP] != col[C_L1])
		col[C_L2] = col[C_GROUP];
	const char *missing = col[C_L2] == SIZE_MAX	   ? "二级事项（或事项名称）"
			      : col[C_SUBJECT] == SIZE_MAX ? "公开主体"
			      : col[C_LIMIT] == SIZE_MAX   ? "公开时限"
			      : col[C_CONTENT] == SIZE_MAX ? "公开内容"
							   : NULL;
	if (missing) {
		buf_setf(err, "表头（第 %d 行）中缺少“%s”一列", sh->rows[head].num, missing);
		return ZF_EPARSE;
	}
	/* the 领域: a column, else a title line above the header, else the default */
	const char *title_area = NULL;
	for (size_t i = 0; i < head && !title_area; i++)
		for (size_t c = 0; c < sh->rows[i].ncells && !title_area; c++)
			title_area = area_of_title(a, sh->rows[i].cells[c]);
	if (!title_area && area_default && *area_default)
		title_area = area_default;
	if (col[C_AREA] == SIZE_MAX && !title_area) {
		buf_setf(err, "未能确定所属领域：请在表中加“领域”一列，或在表头上方写明标题"
			      "（如“义务教育领域基层政务公开标准目录”）");
		return ZF_EPARSE;
	}

	/* the data rows, with merged cells carried down their column */
	size_t nrows = first < sh->nrows ? sh->nrows - first : 0;
	if (nrows > STD_SHEET_ROWS_MAX + 100) {
		buf_setf(err, "表中行数过多（超过 %d 行），请分领域分批导入", STD_SHEET_ROWS_MAX);
		return ZF_ETOOBIG;
	}
	const char **grid = nrows ? arena_alloc(a, nrows * C_N * sizeof(*grid)) : NULL;
	if (nrows && !grid)
		return ZF_ENOMEM;
	for (size_t r = 0; r < nrows; r++)
		for (size_t k = 0; k < C_N; k++)
			grid[r * C_N + k] =
			    col[k] == SIZE_MAX ? "" : trim(a, xlsx_cell(sh, first + r, col[k]));
	for (size_t m = 0; m < sh->nmerges; m++) {
		const struct xlsx_merge *mg = &sh->merges[m];
		if (mg->r2 <= mg->r1 || !nrows)
			continue;
		/* the data row of the merge's first line (rows ascend: binary search) */
		size_t lo = 0, hi = nrows;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (sh->rows[first + mid].num < mg->r1)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= nrows || sh->rows[first + lo].num != mg->r1)
			continue;
		for (size_t k = 0; k < C_N; k++) {
			if (col[k] != mg->c1)
				continue;
			const char *v = grid[lo * C_N + k];
			for (size_t r = lo + 1; r < nrows && sh->rows[first + r].num <= mg->r2; r++)
				if (!*grid[r * C_N + k])
					grid[r * C_N + k] = v;
		}
	}
	out->rows = nrows ? arena_alloc(a, nrows * sizeof(*out->rows)) : NULL;
	if (nrows && !out->rows)
		return ZF_ENOMEM;
	const char *l1 = "", *area = title_area ? title_area : "";
	for (size_t r = 0; r < nrows; r++) {
		const char **g = &grid[r * C_N];
		int line = sh->rows[first + r].num;
		bool any = false;
		size_t filled = 0;
		for (size_t k = 0; k < C_N; k++) {
			any = any || *g[k];
			filled += *g[k] && k != C_SEQ;
		}
		if (!any)
			continue;
		/* a note under the table (注：…, 说明：…) */
		const char *firstcell = trim(a, xlsx_cell(sh, first + r, 0));
		if ((starts(firstcell, "注") || starts(firstcell, "说明") ||
		     starts(firstcell, "备注")) &&
		    !*g[C_L2] && !*g[C_SUBJECT])
			continue;
		if (filled == 0) /* a numbered but empty line */
			continue;
		if (out->n >= STD_SHEET_ROWS_MAX) {
			problem(a, out, line, "超过 %d 个事项，请分批导入", STD_SHEET_ROWS_MAX);
			break;
		}
		bool bad_text = false;
		for (size_t k = 0; k < C_N; k++)
			bad_text = bad_text || !clean_text(g[k]);
		if (bad_text) {
			problem(a, out, line, "含有无效字符（非 UTF-8 文字或控制字符）");
			continue;
		}
		if (*g[C_AREA])
			area = g[C_AREA];
		if (*g[C_L1])
			l1 = g[C_L1];
		struct std_sheet_row *x = &out->rows[out->n];
		x->line = line;
		x->area = area;
		x->level1 = l1;
		x->level2 = g[C_L2];
		x->content = g[C_CONTENT];
		x->basis = g[C_BASIS];
		x->limit = g[C_LIMIT];
		x->subject = g[C_SUBJECT];
		x->channel = g[C_CHANNEL];
		bool subs = col[C_ALL] != SIZE_MAX || col[C_SPECIFIC] != SIZE_MAX;
		x->audience = subs ? pair(marked(g[C_ALL]), marked(g[C_SPECIFIC]), "全社会",
					  "特定群体", "全社会、特定群体")
				   : g[C_AUDIENCE];
		subs = col[C_ACTIVE] != SIZE_MAX || col[C_ONREQ] != SIZE_MAX;
		x->mode = subs ? pair(marked(g[C_ACTIVE]), marked(g[C_ONREQ]), "主动", "依申请",
				      "主动、依申请")
			       : g[C_MODE];
		subs = col[C_COUNTY] != SIZE_MAX || col[C_TOWN] != SIZE_MAX;
		x->tier = subs ? pair(marked(g[C_COUNTY]), marked(g[C_TOWN]), "县级", "乡级",
				      "县级、乡级")
			       : g[C_TIER];
		size_t before = out->nproblems + out->more_problems;
		if (!*x->area)
			problem(a, out, line, "未能确定所属领域");
		if (!*x->level2)
			problem(a, out, line, "未填写二级事项（事项名称）");
		if (!*x->subject)
			problem(a, out, line, "未填写公开主体");
		if (!*x->limit)
			problem(a, out, line, "未填写公开时限");
		if (!*x->content)
			problem(a, out, line, "未填写公开内容（要素）");
		const struct {
			const char *what, *v;
			size_t max;
		} lens[] = {
		    {"领域", x->area, STD_NAME_MAX},
		    {"一级事项", x->level1, STD_NAME_MAX},
		    {"二级事项", x->level2, STD_NAME_MAX},
		    {"公开内容", x->content, STD_FIELD_MAX},
		    {"公开依据", x->basis, STD_FIELD_MAX},
		    {"公开时限", x->limit, STD_NAME_MAX},
		    {"公开主体", x->subject, STD_NAME_MAX},
		    {"公开渠道和载体", x->channel, STD_FIELD_MAX},
		    {"公开对象", x->audience, STD_NAME_MAX},
		    {"公开方式", x->mode, STD_NAME_MAX},
		    {"公开层级", x->tier, STD_NAME_MAX},
		};
		for (size_t k = 0; k < ARRAY_SIZE(lens); k++)
			if (utf8_count(lens[k].v, strlen(lens[k].v)) > lens[k].max)
				problem(a, out, line, "%s超过 %zu 字", lens[k].what, lens[k].max);
		if (check_choice(x->mode, "主动", "依申请"))
			problem(a, out, line, "公开方式“%.60s”应为“主动”或“依申请”", x->mode);
		else if (!*x->mode)
			problem(a, out, line, "未标明公开方式（主动/依申请）");
		if (check_choice(x->audience, "全社会", "特定群体"))
			problem(a, out, line, "公开对象“%.60s”应为“全社会”或“特定群体”",
				x->audience);
		for (size_t k = 0; k < out->n; k++) {
			const struct std_sheet_row *y = &out->rows[k];
			if (!strcmp(y->area, x->area) && !strcmp(y->level1, x->level1) &&
			    !strcmp(y->level2, x->level2) && !strcmp(y->subject, x->subject)) {
				problem(a, out, line, "与第%d行重复（同一领域、事项和公开主体）",
					y->line);
				break;
			}
		}
		if (out->nproblems + out->more_problems == before)
			out->n++;
	}
	if (!out->n && !out->nproblems) {
		buf_setf(err, "表头（第 %d 行）之下没有填写事项的行", sh->rows[head].num);
		return ZF_EPARSE;
	}
	return 0;
}

int std_sheet_read_xlsx(const void *data, size_t len, const char *area_default, struct arena *a,
			struct std_sheet *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	struct xlsx_sheet sh;
	int rc = xlsx_read(data, len, NULL, a, &sh, err);
	if (rc)
		return rc;
	return std_sheet_read(&sh, area_default, a, out, err);
}
