/* guide_flow.c: the 依申请公开 flowchart as SVG (guide_flow.h). Two columns of boxes of fixed
 * width: the main line on the left, the steps that stop or restart the clock on the right.
 * Text is wrapped by code points (CJK text is about one em per code point), so no font
 * metrics are needed. */
#include "common.h"
#include "guide_flow.h"
#include "render/html.h"
#include "utf8.h"

/* 条例 (2019) Art. 29-33, 36, 40 */
const struct guide_flow_step guide_flow_steps[] = {
    {"提出申请", "申请人在线提交，或者以信函、传真、当面提交书面申请（第二十九条）", false},
    {"登记受理", "收到申请之日起算答复期限；能够当场答复的，当场予以答复（第三十一条、第三十三条）",
     false},
    {"补正",
     "申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知补正；答复期限自收到补正的申请"
     "之日起重新计算（第三十条）",
     true},
    {"征求第三方意见",
     "可能损害第三方合法权益的，书面征求意见，第三方 15 个工作日内提出；所需时间不计算在答复"
     "期限内（第三十二条、第三十三条第三款）",
     true},
    {"办理", "自收到申请之日起 20 个工作日内办结答复（第三十三条第二款）", false},
    {"延期",
     "需要延长答复期限的，经工作机构负责人同意并告知申请人，延长最长不超过 20 个工作日"
     "（第三十三条第二款）",
     true},
    {"答复", "依照第三十六条作出书面答复：予以公开、部分公开、不予公开、无法提供等", false},
    {"送达", "按照申请人要求的形式和途径送达答复书及所需信息（第四十条）", false},
};
const size_t guide_flow_nsteps = ARRAY_SIZE(guide_flow_steps);

enum {
	S_APPLY,
	S_REGISTER,
	S_SUPPLEMENT,
	S_THIRD_PARTY,
	S_HANDLE,
	S_EXTEND,
	S_REPLY,
	S_SERVE,
};

/* The grid: each step's row and column. */
static const struct {
	int row, col;
} place[] = {
    [S_APPLY] = {0, 0},	 [S_REGISTER] = {1, 0}, [S_SUPPLEMENT] = {1, 1}, [S_THIRD_PARTY] = {2, 1},
    [S_HANDLE] = {2, 0}, [S_EXTEND] = {3, 1},	[S_REPLY] = {3, 0},	 [S_SERVE] = {4, 0},
};
#define ROWS 5

#define BOX_W	300
#define COL_GAP 140
#define LEFT	20
#define TOP	56
#define ROW_GAP 40
#define PAD	12
#define TITLE_H 22
#define LINE_H	19
#define BODY_CHARS                                                                                 \
	20 /* (BOX_W - 2 * PAD) / 13 px, CJK text being one em wide, and room for a pulled-up mark \
	    */
#define LABEL_CHARS 9
#define MAX_LINES   8
#define WIDTH	    (LEFT * 2 + BOX_W * 2 + COL_GAP)

size_t guide_flow_wrap(const char *s, size_t max, const char **starts, size_t *lens, size_t n)
{
	size_t len = strlen(s), i = 0, lines = 0;
	while (i < len && lines < n) {
		size_t start = i, count = 0;
		while (i < len && count < max) {
			uint32_t cp;
			size_t k = utf8_decode(s + i, len - i, &cp);
			i += k ? k : 1;
			count++;
		}
		/* a line never starts with a closing mark (避头尾): pull it up */
		static const char *const closers[] = {"，", "。", "；", "）", "、", "："};
		for (size_t c = 0; c < ARRAY_SIZE(closers) && i < len; c++) {
			size_t cl = strlen(closers[c]);
			if (!strncmp(s + i, closers[c], cl)) {
				i += cl;
				break;
			}
		}
		starts[lines] = s + start;
		lens[lines] = i - start;
		lines++;
	}
	return lines;
}

static int x_of(int col)
{
	return LEFT + col * (BOX_W + COL_GAP);
}

static void text_lines(struct buf *w, const char *s, size_t max, int x, int y, int line_h,
		       const char *attrs)
{
	const char *starts[MAX_LINES];
	size_t lens[MAX_LINES];
	size_t n = guide_flow_wrap(s, max, starts, lens, MAX_LINES);
	buf_printf(w, "<text x=\"%d\" y=\"%d\" %s>", x, y, attrs);
	for (size_t i = 0; i < n; i++) {
		buf_printf(w, "<tspan x=\"%d\" y=\"%d\">", x, y + (int)i * line_h);
		html_txtn(w, starts[i], lens[i]);
		buf_adds(w, "</tspan>");
	}
	buf_adds(w, "</text>");
}

static int body_lines(const char *s)
{
	const char *starts[MAX_LINES];
	size_t lens[MAX_LINES];
	return (int)guide_flow_wrap(s, BODY_CHARS, starts, lens, MAX_LINES);
}

/* An arrow from (x1, y1) to (x2, y2) with an optional label above its middle. */
static void arrow(struct buf *w, const char *prefix, int x1, int y1, int x2, int y2,
		  const char *label, bool dashed)
{
	buf_printf(
	    w,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1.5\""
	    "%s marker-end=\"url(#",
	    x1, y1, x2, y2, dashed ? " stroke-dasharray=\"5 3\"" : "");
	html_attr(w, prefix);
	buf_adds(w, "-arrow)\"/>");
	if (label)
		text_lines(w, label, LABEL_CHARS, (x1 + x2) / 2, (y1 + y2) / 2 - 6, 14,
			   "text-anchor=\"middle\" font-size=\"11\" fill=\"#444\"");
}

void guide_flow_svg(struct buf *w, const char *agency_name, bool standalone, const char *id_prefix)
{
	const char *prefix = id_prefix && *id_prefix ? id_prefix : "flow";
	int row_h[ROWS] = {0}, row_y[ROWS + 1];
	for (size_t i = 0; i < guide_flow_nsteps; i++) {
		int h = PAD + TITLE_H + body_lines(guide_flow_steps[i].text) * LINE_H + PAD / 2;
		if (h > row_h[place[i].row])
			row_h[place[i].row] = h;
	}
	row_y[0] = TOP;
	for (int r = 0; r < ROWS; r++)
		row_y[r + 1] = row_y[r] + row_h[r] + ROW_GAP;
	int height = row_y[ROWS] - ROW_GAP + 20;

	if (standalone)
		buf_adds(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(w,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" role=\"img\" "
		   "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-labelledby=\"",
		   WIDTH, height, WIDTH, height);
	html_attr(w, prefix);
	buf_adds(w, "-title ");
	html_attr(w, prefix);
	buf_adds(w, "-desc\" font-family=\"Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, "
		    "sans-serif\">\n<title id=\"");
	html_attr(w, prefix);
	buf_adds(w, "-title\">");
	if (agency_name && *agency_name)
		html_txt(w, agency_name);
	buf_adds(w, "依申请公开办理流程图</title>\n<desc id=\"");
	html_attr(w, prefix);
	buf_adds(w, "-desc\">");
	for (size_t i = 0; i < guide_flow_nsteps; i++) {
		html_txt(w, guide_flow_steps[i].title);
		html_txt(w, guide_flow_steps[i].aside ? "（视情况）：" : "：");
		html_txt(w, guide_flow_steps[i].text);
		html_txt(w, i + 1 < guide_flow_nsteps ? "；" : "。");
	}
	buf_adds(w, "</desc>\n<defs><marker id=\"");
	html_attr(w, prefix);
	buf_adds(w, "-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" "
		    "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
		    "fill=\"#333\"/></marker></defs>\n");
	buf_printf(w, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", WIDTH,
		   height);
	buf_printf(w,
		   "<text x=\"%d\" y=\"32\" text-anchor=\"middle\" font-size=\"18\" "
		   "font-weight=\"bold\" fill=\"#1f3a5f\">",
		   WIDTH / 2);
	html_txt(w, "依申请公开办理流程（期限按工作日计算）");
	buf_adds(w, "</text>\n");

	for (size_t i = 0; i < guide_flow_nsteps; i++) {
		const struct guide_flow_step *s = &guide_flow_steps[i];
		int x = x_of(place[i].col), y = row_y[place[i].row], h = row_h[place[i].row];
		buf_printf(w, "<g class=\"step\" data-step=\"%zu\">", i + 1);
		buf_printf(w,
			   "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" "
			   "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
			   x, y, BOX_W, h, s->aside ? "#fff8e6" : "#eef4fb",
			   s->aside ? "#b26b00" : "#1f5aa6",
			   s->aside ? " stroke-dasharray=\"6 3\"" : "");
		text_lines(w, s->title, BODY_CHARS, x + PAD, y + PAD + 14, LINE_H,
			   "font-size=\"15\" font-weight=\"bold\" fill=\"#1f3a5f\"");
		text_lines(w, s->text, BODY_CHARS, x + PAD, y + PAD + TITLE_H + 14, LINE_H,
			   "font-size=\"13\" fill=\"#222\"");
		buf_adds(w, "</g>\n");
	}

	/* the main line, top to bottom */
	static const int main_line[] = {S_APPLY, S_REGISTER, S_HANDLE, S_REPLY, S_SERVE};
	int cx = x_of(0) + BOX_W / 2;
	for (size_t i = 0; i + 1 < ARRAY_SIZE(main_line); i++) {
		int r = place[main_line[i]].row;
		arrow(w, prefix, cx, row_y[r] + row_h[r], cx, row_y[r + 1] - 2, NULL, false);
	}
	/* the steps aside: out and back */
	int xl = x_of(0) + BOX_W, xr = x_of(1);
	int r = place[S_SUPPLEMENT].row;
	arrow(w, prefix, xl, row_y[r] + row_h[r] / 3, xr - 2, row_y[r] + row_h[r] / 3,
	      "申请内容不明确", true);
	arrow(w, prefix, xr, row_y[r] + row_h[r] * 3 / 4, xl + 2, row_y[r] + row_h[r] * 3 / 4,
	      "收到补正，重新计时", true);
	r = place[S_THIRD_PARTY].row;
	arrow(w, prefix, xl, row_y[r] + row_h[r] / 3, xr - 2, row_y[r] + row_h[r] / 3,
	      "涉及第三方权益", true);
	arrow(w, prefix, xr, row_y[r] + row_h[r] * 3 / 4, xl + 2, row_y[r] + row_h[r] * 3 / 4,
	      "期间不计入期限", true);
	int re = place[S_EXTEND].row;
	arrow(w, prefix, xl, row_y[r] + row_h[r] - 6, xr - 2, row_y[re] + 14, NULL, true);
	arrow(w, prefix, xr, row_y[re] + row_h[re] * 3 / 4, xl + 2, row_y[re] + row_h[re] * 3 / 4,
	      "延长期限内答复", true);
	buf_adds(w, "</svg>\n");
}
