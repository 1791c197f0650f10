/* narrative.c: numbers stated in the report's prose versus its tables. */
#include "common.h"
#include "ingest/narrative.h"

#include <regex.h>

enum said {
	SAID_RECEIVED = NARR_RECEIVED,
	SAID_CARRIED_OVER = NARR_CARRIED_OVER,
	SAID_ANSWERED = NARR_ANSWERED,
	SAID_HANDLED = NARR_HANDLED,
	SAID_FORWARD = NARR_FORWARD,
	SAID_REVIEW = NARR_REVIEW,
	SAID_LITIGATION = NARR_LITIGATION,
	SAID_REPEALED = NARR_REPEALED,
	SAID_COUNT = NARR_COUNT
};

/* Each pattern's number is its last group. Literal Chinese only (no bracket expressions),
 * so the patterns mean the same in the C and in a UTF-8 locale. */
static const char *const patterns[SAID_COUNT][2] = {
    [SAID_RECEIVED] = {"收到(政府信息公开|信息公开|政府信息)?申请(共计|共)?([0-9]+)件", NULL},
    [SAID_CARRIED_OVER] = {"(结转上年|上年结转)(政府信息公开)?(申请)?([0-9]+)件", NULL},
    [SAID_ANSWERED] = {"已答复([0-9]+)件", "答复(政府信息公开申请|政府信息公开|申请)([0-9]+)件"},
    [SAID_HANDLED] = {"办理(依申请)?(政府)?(信息)?公开(申请)?([0-9]+)件", NULL},
    [SAID_FORWARD] = {"([0-9]+)件结转下年", "结转下年度?(继续办理)?([0-9]+)件"},
    [SAID_REVIEW] = {"行政复议([0-9]+)件", NULL},
    [SAID_LITIGATION] = {"行政诉讼(立案)?([0-9]+)件", NULL},
    [SAID_REPEALED] = {"([0-9]+)件(行政)?规范性文件(宣布)?废止", NULL},
};

/* A word each pattern of a statement needs: regexec runs only on windows holding it. */
static const char *const needs[SAID_COUNT] = {
    [SAID_RECEIVED] = "收到",	    [SAID_CARRIED_OVER] = "结转",   [SAID_ANSWERED] = "答复",
    [SAID_HANDLED] = "办理",	    [SAID_FORWARD] = "结转下年",    [SAID_REVIEW] = "行政复议",
    [SAID_LITIGATION] = "行政诉讼", [SAID_REPEALED] = "规范性文件",
};

struct narrative {
	regex_t re[SAID_COUNT][2];
	bool ok[SAID_COUNT][2];
};

int narrative_new(struct narrative **out)
{
	struct narrative *nv = calloc(1, sizeof(*nv));
	*out = NULL;
	if (!nv)
		return ZF_ENOMEM;
	for (int i = 0; i < SAID_COUNT; i++)
		for (int k = 0; k < 2; k++)
			if (patterns[i][k])
				nv->ok[i][k] =
				    !regcomp(&nv->re[i][k], patterns[i][k], REG_EXTENDED);
	*out = nv;
	return 0;
}

void narrative_free(struct narrative *nv)
{
	if (!nv)
		return;
	for (int i = 0; i < SAID_COUNT; i++)
		for (int k = 0; k < 2; k++)
			if (nv->ok[i][k])
				regfree(&nv->re[i][k]);
	free(nv);
}

/* The first number a pattern finds in text (NUL-terminated), or -1. */
static long said(const struct narrative *nv, int which, const char *text, char *quote, size_t qcap)
{
	for (int k = 0; k < 2; k++) {
		if (!nv->ok[which][k])
			continue;
		regmatch_t m[8];
		if (regexec(&nv->re[which][k], text, 8, m, 0))
			continue;
		/* the number: the last group made of digits */
		int g = 7;
		for (; g > 0; g--) {
			if (m[g].rm_so < 0 || m[g].rm_so == m[g].rm_eo)
				continue;
			bool digits = true;
			for (regoff_t i = m[g].rm_so; i < m[g].rm_eo; i++)
				digits = digits && text[i] >= '0' && text[i] <= '9';
			if (digits)
				break;
		}
		if (!g)
			continue;
		size_t ql = (size_t)(m[0].rm_eo - m[0].rm_so);
		if (ql >= qcap)
			ql = qcap - 1;
		memcpy(quote, text + m[0].rm_so, ql);
		quote[ql] = 0;
		long v = 0;
		for (regoff_t i = m[g].rm_so; i < m[g].rm_eo && v < 100000000; i++)
			v = v * 10 + (text[i] - '0');
		return v;
	}
	return -1;
}

static long cell(const struct report_cell *c)
{
	return c->present ? (long)c->v : -1;
}

void narrative_said(const struct narrative *nv, const char *text, size_t n,
		    struct narrative_said *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < NARR_COUNT; i++)
		out->v[i] = -1;
	/* every statement ends in "<digits>件" (or starts with it): match the patterns only in a
	 * window around each such number, not over the whole text */
	char win[160];
	size_t found = 0;
	for (const char *p = text;
	     found < SAID_COUNT && (p = memmem(p, n - (size_t)(p - text), "件", 3)); p += 3) {
		if (p == text || p[-1] < '0' || p[-1] > '9')
			continue;
		size_t at = (size_t)(p - text);
		size_t b = at > 96 ? at - 96 : 0;
		while (b < at && ((unsigned char)text[b] & 0xC0) == 0x80)
			b++;
		size_t e = ZF_MIN(n, at + 51);
		while (e > at + 3 && e < n && ((unsigned char)text[e] & 0xC0) == 0x80)
			e--;
		memcpy(win, text + b, e - b);
		win[e - b] = 0;
		for (int i = 0; i < SAID_COUNT; i++)
			if (out->v[i] < 0 && strstr(win, needs[i]) &&
			    (out->v[i] = said(nv, i, win, out->quote[i], sizeof(out->quote[i]))) >=
				0)
				found++;
	}
}

int narrative_check(const struct narrative *nv, const char *text, size_t n, struct report *r)
{
	if (r->format != REPORT_FORMAT_2021 && r->format != REPORT_FORMAT_2019)
		return 0;
	struct narrative_said ns;
	narrative_said(nv, text, n, &ns);
	long *v = ns.v;
	char(*q)[160] = ns.quote;
	const struct report_cell(*t)[REPORT_T3_COLS] = r->table3;
	long tn = cell(&t[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL]);
	long tc = cell(&t[REPORT_T3_RECEIVED_CARRIED_OVER][REPORT_COL_TOTAL]);
	long tr = cell(&t[REPORT_T3_RESULTS_TOTAL][REPORT_COL_TOTAL]);
	long tf = cell(&t[REPORT_T3_CARRIED_FORWARD][REPORT_COL_TOTAL]);
	long rv = cell(&r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL]);
	long l1 = cell(&r->table4[REPORT_T4_LITIGATION_DIRECT][REPORT_T4_TOTAL]);
	long l2 = cell(&r->table4[REPORT_T4_LITIGATION_AFTER_REVIEW][REPORT_T4_TOTAL]);
	long lt = l1 >= 0 && l2 >= 0 ? l1 + l2 : -1;
	long rep = cell(&r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_REPEALED]);
	struct {
		int which;
		long table;
		const char *what;
		const char *path;
	} pairs[] = {
	    {SAID_RECEIVED, tn, "表三“本年新收”总计", "table3.received_new.total"},
	    {SAID_CARRIED_OVER, tc, "表三“上年结转”总计", "table3.received_carried_over.total"},
	    {SAID_ANSWERED, tr, "表三“办理结果总计”", "table3.results_total.total"},
	    {SAID_HANDLED, tr, "表三“办理结果总计”", "table3.results_total.total"},
	    {SAID_FORWARD, tf, "表三“结转下年度”总计", "table3.carried_forward.total"},
	    {SAID_REVIEW, rv, "表四“行政复议”总计", "table4.review.total"},
	    {SAID_LITIGATION, lt, "表四两类行政诉讼的总计之和", "table4.litigation_direct.total"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		long s = v[pairs[i].which];
		if (s < 0 || pairs[i].table < 0 || s == pairs[i].table)
			continue;
		const char *cells[1] = {pairs[i].path};
		int rc;
		if (pairs[i].which == SAID_ANSWERED && v[SAID_FORWARD] >= 0 && tn >= 0 && tc >= 0)
			rc = report_add_finding(
			    r, "text.narrative", REPORT_SEV_WARNING, cells, 1,
			    "正文与表三不一致：正文写“%s”，%s为 %ld 件；正文的已答复 %ld 件 + "
			    "结转下年 %ld 件 = %ld 件，而表三新收 %ld 件 + 上年结转 %ld 件 = %ld "
			    "件。",
			    q[SAID_ANSWERED], pairs[i].what, pairs[i].table, s, v[SAID_FORWARD],
			    s + v[SAID_FORWARD], tn, tc, tn + tc);
		else
			rc = report_add_finding(r, "text.narrative", REPORT_SEV_WARNING, cells, 1,
						"正文与表格不一致：正文写“%s”，而%s为 %ld 件。",
						q[pairs[i].which], pairs[i].what, pairs[i].table);
		if (rc)
			return rc;
		if (pairs[i].which == SAID_ANSWERED)
			i++; /* one finding for the results total */
	}
	if (v[SAID_REPEALED] >= 0 && rep >= 0 && v[SAID_REPEALED] != rep) {
		const char *cells[1] = {"table2.normative_documents.repealed"};
		if (report_add_finding(r, "text.narrative", REPORT_SEV_INFO, cells, 1,
				       "正文写“%s”（%ld 件），而表二行政规范性文件“本年废止件数”为 "
				       "%ld；可能口径不同（如正文包括以往年度或其他机关制发的文件）"
				       "，请向编写单位核实。",
				       q[SAID_REPEALED], v[SAID_REPEALED], rep))
			return ZF_ENOMEM;
	}
	return 0;
}
