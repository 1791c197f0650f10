/* test_ingest_cells.c: numbers, blanks, footers and the three pipe styles. */
#include "common.h"
#include "ingest/cells.h"
#include "ingest/extract.h"
#include "tap.h"

static struct cells C;

/* Kinds of the scanned cells as a string: L label, N number, X blank, E empty. */
static const char *kinds(const char *text)
{
	static char s[256];
	cells_scan(text, strlen(text), &C);
	size_t k = 0;
	for (size_t i = 0; i < C.n && k + 1 < sizeof(s); i++)
		s[k++] = "LNXE"[C.v[i].kind];
	s[k] = 0;
	return s;
}

int main(void)
{
	struct cell x;
	tap_ok(cells_parse_number("增12", 5, &x) && x.micro == 12000000 && x.sign == 1, "增12");
	tap_ok(cells_parse_number("减13", 5, &x) && x.micro == -13000000, "减13");
	tap_ok(cells_parse_number("-17", 3, &x) && x.micro == -17000000, "-17");
	tap_ok(cells_parse_number("31.17亿元", 11, &x) && x.micro == 31170000 &&
		   x.unit == UNIT_YI_YUAN,
	       "31.17亿元");
	tap_ok(cells_parse_number("40,746", 6, &x) && x.micro == 40746000000 && x.dlen == 0,
	       "thousands separators");
	tap_ok(!cells_parse_number("1,0,0", 5, &x), "a list is not a number");
	tap_ok(!cells_parse_number("2.", 2, &x) && !cells_parse_number("2023-01", 7, &x),
	       "item numbers and dates are not numbers");
	tap_ok(cells_parse_number("801000081", 9, &x) && x.dlen == 9,
	       "glued digits keep their text");

	tap_str(kinds("规章\n0\n\n0\n/\n—\n"), "LNNXX", "one cell per line; / and — are blanks");
	tap_str(kinds("名称 | 1 | 0 |\n| 2 | ||\n"), "LNNENEE",
		"trailing pipes; a line may continue a row");
	tap_ok(C.style == PIPE_TRAILING, "trailing style");
	tap_str(kinds("| a | 1 |\n|---|---|\n| b | |\n"), "LNLE",
		"Markdown rows; separator skipped");
	tap_ok(C.style == PIPE_MARKDOWN, "Markdown style");
	tap_str(kinds("| 0 | 1 | 2 | 3 | 4 | 5 |\n| a | 7 |\n"), "LN",
		"generic numbered header dropped");
	tap_str(kinds("| Column1 | Column2 |\n| a | 7 |\n"), "EELN",
		"generic named header emptied");
	tap_str(kinds("x\n— 3 —\n第 4 页\n- 5 -\ny\n"), "LL", "page footers dropped");
	tap_ok(C.footers == 3, "footers counted");
	tap_str(kinds("一、本年新收政府信息公开申请数量  187  2 0 0 0 0 189\n"), "LNNNNNNN",
		"space-separated numbers after a label");
	tap_str(kinds("8 0 1 3 12 0 0 0 0 0 3 0 1 0 4\n"), "NNNNNNNNNNNNNNN",
		"a run of 15 numbers");
	tap_str(kinds("(三) 不予 公开\n2. 其他法律\n"), "LL", "labels with spaces stay whole");

	char buf[64];
	tap_ok(extract_compact("(三) 不予 公开", strlen("(三) 不予 公开"), buf, sizeof(buf)) ==
		       17 &&
		   !strcmp(buf, "(三)不予公开"),
	       "compact drops spaces");
	cells_free(&C);
	return tap_done();
}
