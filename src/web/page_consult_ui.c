/* page_consult_ui.c: what the 意见征集 and 在线访谈 pages share: the per-address throttles of
 * the two public forms, personal data masked for publication (law/pii.h finds it), names
 * shortened, text written as paragraphs, and the console's sub-navigation. */
#include "common.h"
#include "arena.h"
#include "law/pii.h"
#include "page_consult.h"
#include "render/html.h"
#include "store/auth.h"
#include "ui_shared.h"
#include "utf8.h"

static const struct {
	const char *kind;
	int max, window;
} limits[] = {
    [THROTTLE_CONSULT_COMMENT] = {"consult_comment", 10, 60 * 60},
    [THROTTLE_INTERVIEW_QUESTION] = {"interview_question", 10, 60 * 60},
};

int consult_throttled(struct store *db, enum consult_throttle kind, const char *ip, time_t now,
		      bool *over)
{
	*over = false;
	if (!ip || (unsigned)kind >= ARRAY_SIZE(limits))
		return 0;
	int hits = 0;
	int rc = store_throttle_get(db, limits[kind].kind, ip, limits[kind].window, now, &hits);
	if (rc)
		return rc;
	*over = hits >= limits[kind].max;
	return 0;
}

int consult_throttle_count(struct store *db, enum consult_throttle kind, const char *ip, time_t now)
{
	if (!ip || (unsigned)kind >= ARRAY_SIZE(limits))
		return 0;
	return store_throttle_hit(db, limits[kind].kind, ip, limits[kind].window, now, NULL);
}

void consult_flood_page(struct web_request *req, struct web_response *res)
{
	ui_error_page(req, res, 429, "提交过于频繁",
		      "同一网络地址在一小时内提交的内容过多，请稍后再试。"
		      "如有较多意见，可以合并在一次提交中，或与征集机关联系。");
	web_add_header(res, "Retry-After", "3600");
}

/* Masks bytes [b, e) of a hit into w. */
static void mask_hit(struct buf *w, const char *text, const struct pii_hit *h)
{
	size_t n = h->end - h->start;
	const char *s = text + h->start;
	size_t keep_head = 0, keep_tail = 0;
	switch (h->kind) {
	case PII_RESIDENT_ID: keep_head = 4, keep_tail = 2; break;
	case PII_MOBILE: keep_head = 3, keep_tail = 4; break;
	case PII_BANK_CARD: keep_head = 4, keep_tail = 4; break;
	default: buf_adds(w, "（个人信息已隐去）"); return;
	}
	if (n <= keep_head + keep_tail) {
		for (size_t i = 0; i < n; i++)
			buf_addch(w, '*');
		return;
	}
	buf_add(w, s, keep_head);
	for (size_t i = keep_head; i < n - keep_tail; i++)
		buf_addch(w, '*');
	buf_add(w, s + n - keep_tail, keep_tail);
}

const char *consult_mask(struct web_request *req, const char *text)
{
	if (!text || !*text)
		return "";
	struct pii_hit *hits = NULL;
	size_t nhits = 0, len = strlen(text);
	if (pii_scan(text, len, date_today(), &hits, &nhits)) {
		free(hits);
		return NULL;
	}
	if (!nhits)
		return text;
	struct buf w = BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < nhits; i++) {
		if (hits[i].start < at) /* overlapping hits: the first one masked it */
			continue;
		buf_add(&w, text + at, hits[i].start - at);
		mask_hit(&w, text, &hits[i]);
		at = hits[i].end;
	}
	buf_add(&w, text + at, len - at);
	free(hits);
	const char *out = w.failed ? NULL : arena_strdup(req->arena, buf_cstr(&w));
	buf_free(&w);
	return out;
}

const char *consult_name_mask(struct web_request *req, const char *name)
{
	if (!name || !*name)
		return "网友";
	size_t len = strlen(name);
	size_t first = 1;
	while (first < len && ((unsigned char)name[first] & 0xc0) == 0x80)
		first++;
	size_t rest = utf8_count(name + first, len - first);
	if (rest > 3)
		rest = 3;
	const char *stars = rest == 0 ? "" : rest == 1 ? "*" : rest == 2 ? "**" : "***";
	const char *out = arena_printf(req->arena, "%.*s%s", (int)first, name, stars);
	return out ? out : "网友";
}

void consult_paragraphs(struct buf *w, const char *text)
{
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t m = n;
		while (m && (p[m - 1] == '\r' || p[m - 1] == ' '))
			m--;
		if (m) {
			html_raw(w, "<p>");
			html_txtn(w, p, m);
			html_raw(w, "</p>\n");
		}
		p += n;
		if (*p)
			p++;
	}
}

void consult_textarea(struct buf *w, const char *id, const char *name, const char *label,
		      const char *value, bool required, int maxlength, int rows)
{
	html_raw(w, "<div class=\"field\"><label for=\"");
	html_attr(w, id);
	html_raw(w, required ? "\" class=\"required\">" : "\">");
	html_txt(w, label);
	html_raw(w, "</label><textarea id=\"");
	html_attr(w, id);
	html_raw(w, "\" name=\"");
	html_attr(w, name);
	html_raw(w, "\" rows=\"");
	html_attrf(w, "%d", rows);
	html_raw(w, "\" maxlength=\"");
	html_attrf(w, "%d", maxlength);
	html_raw(w, required ? "\" required>" : "\">");
	html_txt(w, value ? value : "");
	html_raw(w, "</textarea></div>\n");
}

void consult_console_tabs(struct buf *w, const char *active)
{
	html_raw(w, "<p class=\"breadcrumb\"><a href=\"/console/hdjl\">政民互动</a> › ");
	html_raw(w, !strcmp(active, "consultations") ? "意见征集" : "在线访谈");
	html_raw(w, "</p>\n<nav class=\"tabs\" aria-label=\"政民互动\"><a href=\"/console/hdjl/"
		    "consultations\"");
	html_raw(w, !strcmp(active, "consultations") ? " aria-current=\"page\"" : "");
	html_raw(w, ">意见征集</a> <a href=\"/console/hdjl/interviews\"");
	html_raw(w, !strcmp(active, "interviews") ? " aria-current=\"page\"" : "");
	html_raw(w, ">在线访谈</a></nav>\n");
}

const char *consult_hhmm(int minute, char out[6])
{
	if (minute < 0 || minute > 1439)
		minute = 0;
	snprintf(out, 6, "%02d:%02d", minute / 60, minute % 60);
	return out;
}

int consult_parse_hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}
