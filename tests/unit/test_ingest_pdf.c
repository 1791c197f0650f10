/* test_ingest_pdf.c: the PDF reader (ingest/pdf.c through container_read): a Chromium-printed
 * report read into pipe rows with blank cells kept and page footers dropped, anchors naming
 * the page and place of each run, and the refusals (encrypted, scanned, truncated, damaged),
 * each one Chinese line. Fixtures are tests/golden/report-parse-pdf/ (made by its make.sh). */
#include "common.h"
#include "ingest/container.h"
#include "tap.h"

#include <stdlib.h>

static int load(const char *rel, struct buf *b)
{
	const char *root = getenv("ZF_ROOT");
	char path[512];
	snprintf(path, sizeof(path), "%s/tests/golden/report-parse-pdf/%s", root ? root : ".", rel);
	buf_reset(b);
	return buf_read_file(b, path, 16u << 20);
}

static size_t find(const struct container_out *o, const char *s)
{
	const char *p = memmem(o->text.p, o->text.len, s, strlen(s));
	return p ? (size_t)(p - o->text.p) : SIZE_MAX;
}

static void test_read(void)
{
	struct buf f = BUF_INIT, err = BUF_INIT;
	struct container_out o;
	container_init(&o);
	tap_int(load("cases/chromium-blank.pdf", &f), 0, "fixture loads");
	tap_int(container_detect(f.p, f.len), FMT_PDF, "detected as PDF from its content");
	int rc = container_read(f.p, f.len, &o, &err);
	tap_int(rc, 0, "a Chromium PDF is read (%s)", buf_cstr(&err));
	tap_int(o.pages, 3, "three pages read");
	/* the row with two blank columns keeps them as empty cells */
	tap_ok(find(&o, "一、本年新收政府信息公开申请数量 | 134 | 0 | | | 6 | 0 | 140 |\n") !=
		   SIZE_MAX,
	       "a table row in pipe layout, blank cells empty");
	/* a label wrapped over lines of its cell joins its row */
	tap_ok(find(&o, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申"
			"请 | 0 |") != SIZE_MAX,
	       "a label wrapped over four lines is one cell of its row");
	tap_ok(find(&o, "— 1 —") == SIZE_MAX && find(&o, "—1—") == SIZE_MAX,
	       "page footers dropped");
	tap_ok(o.nanchors > 100, "anchors recorded (%zu)", o.nanchors);
	bool sorted = true;
	for (size_t i = 1; i < o.nanchors; i++)
		sorted &= o.anchors[i].off > o.anchors[i - 1].off;
	tap_ok(sorted, "anchors in ascending order");

	struct report_pos p1 = {0}, p3 = {0};
	size_t a = find(&o, "二、主动公开政府信息情况"), b = find(&o, "四、结转下年度继续办理");
	tap_ok(a != SIZE_MAX && b != SIZE_MAX, "both runs found");
	container_lookup(&o, a, &p1);
	container_lookup(&o, b, &p3);
	tap_int(p1.src, REPORT_SRC_PDF, "anchor source is a PDF");
	tap_int(p1.page, 1, "table 2's heading is on page 1");
	tap_int(p3.page, 3, "table 3's last row is on page 3");
	/* A5 is 419.5 × 595.3 pt; places are in 1/10 pt from the top left */
	tap_ok(p3.x > 0 && p3.x < 4195 && p3.y > 0 && p3.y < 5953, "place on the page (%u, %u)",
	       p3.x, p3.y);
	struct report_pos n = {0};
	container_lookup(&o, b + strlen("四、结转下年度继续办理 | "), &n);
	tap_ok(n.page == 3 && n.x > p3.x, "the next cell's anchor lies to its right (%u > %u)", n.x,
	       p3.x);
	container_free(&o);
	buf_free(&f);
	buf_free(&err);
}

/* A Word table printed by LibreOffice: a row breaks over the page break, the rest of the
 * table has no repeated header. */
static void test_word(void)
{
	struct buf f = BUF_INIT, err = BUF_INIT;
	struct container_out o;
	container_init(&o);
	tap_int(load("cases/word-docx.pdf", &f), 0, "Word fixture loads");
	tap_int(container_read(f.p, f.len, &o, &err), 0, "read (%s)", buf_cstr(&err));
	const char *row =
	    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 "
	    "| 0 | 0 | | | 0 | 0 | 0 |\n3.其他 | 27 | 0 | | | 0 | 0 | 27 |\n";
	size_t at = find(&o, row);
	tap_ok(at != SIZE_MAX, "a label broken over the page break joins its row; the next page "
			       "keeps the blank columns");
	struct report_pos a = {0}, b = {0};
	if (at != SIZE_MAX) {
		container_lookup(&o, at, &a);
		container_lookup(
		    &o, at + strlen(row) - strlen("3.其他 | 27 | 0 | | | 0 | 0 | 27 |\n"), &b);
	}
	tap_ok(a.page >= 1 && b.page == a.page + 1, "the row starts on page %u, the next on %u",
	       a.page, b.page);
	bool sorted = true;
	for (size_t i = 1; i < o.nanchors; i++)
		sorted &= o.anchors[i].off > o.anchors[i - 1].off && o.anchors[i].off < o.text.len;
	tap_ok(sorted, "anchors still in order after the label was joined");
	container_free(&o);
	buf_free(&f);
	buf_free(&err);
}

static void refused(const char *name, const char *bytes, size_t n, const char *word)
{
	struct buf err = BUF_INIT;
	struct container_out o;
	container_init(&o);
	int rc = container_read(bytes, n, &o, &err);
	tap_int(rc, ZF_EPARSE, "%s: refused", name);
	tap_ok(strstr(buf_cstr(&err), word) != NULL, "%s: says %s (%s)", name, word,
	       buf_cstr(&err));
	tap_ok(!strchr(buf_cstr(&err), '\n') && !strpbrk(buf_cstr(&err), "0123456789"),
	       "%s: one line naming no number", name);
	tap_int((long long)o.text.len, 0, "%s: no text left behind", name);
	container_free(&o);
	buf_free(&err);
}

static void test_refusals(void)
{
	struct buf f = BUF_INIT;
	static const char *const files[][2] = {
	    {"refuse/encrypted.pdf", "已加密"},
	    {"refuse/scanned.pdf", "OCR"},
	    {"refuse/truncated.pdf", "不完整"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		tap_int(load(files[i][0], &f), 0, "%s loads", files[i][0]);
		refused(files[i][0], f.p, f.len, files[i][1]);
	}
	static const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF\n";
	refused("damaged", junk, sizeof(junk) - 1, "已损坏");
	static const char bare[] = "%PDF-1.4\n%%EOF\n";
	refused("bare header", bare, sizeof(bare) - 1, "已损坏");
	buf_free(&f);
}

int main(void)
{
	test_read();
	test_word();
	test_refusals();
	return tap_done();
}
