/* test_text_normalize.c: NFKC fast path, "?" placeholders, line ends, offset maps. */
#include "common.h"
#include "buf.h"
#include "text/normalize.h"
#include "text/offmap.h"
#include "tap.h"

static const char *norm(const char *in, struct norm_stats *st, struct offmap *m)
{
	static struct buf out = BUF_INIT;
	if (text_normalize(in, strlen(in), &out, m, st))
		return "<error>";
	return buf_cstr(&out);
}

int main(void)
{
	struct norm_stats st;
	struct offmap m = OFFMAP_INIT;
	tap_str(norm("１２３，（一）ａＢ", &st, NULL), "123,(一)aB",
		"full-width digits, letters, punctuation fold");
	tap_ok(st.folded == 8, "each folded character is counted (%zu)", st.folded);
	tap_str(norm("1﹒政府公报", &st, NULL), "1.政府公报",
		"U+FE52 small full stop is an item dot");
	tap_str(norm("①〔2021〕30号“三安全一稳定”", &st, NULL), "1〔2021〕30号“三安全一稳定”",
		"circled digits fold; brackets and quotes stay");
	tap_str(norm("a\r\nb\rc\x01\xE2\x80\x8B"
		     "d",
		     &st, NULL),
		"a\nb\ncd", "CR LF and CR become LF; controls and zero-width space go");
	tap_str(norm("?本报告 | ? | ??? 附", &st, NULL), " 本报告 |   |     附",
		"placeholder runs of ? become spaces");
	tap_ok(st.placeholders == 3 && st.stray_qmarks == 0, "placeholders counted");
	tap_str(norm("会议或?qū)n}会议", &st, NULL), "会议或?qū)n}会议",
		"a ? inside a word is a lost character and stays");
	tap_ok(st.stray_qmarks == 1, "the lost character is counted");
	tap_str(norm("其他处理?3.其他", &st, NULL), "其他处理 3.其他",
		"? before an item number is a space");
	tap_str(norm("bad \xFF byte", &st, NULL), "bad \xEF\xBF\xBD byte",
		"invalid UTF-8 becomes U+FFFD");
	tap_ok(st.replacement == 1, "U+FFFD counted");
	/* offsets: "（一）12" → "(一)12": the digits map back to their own bytes */
	const char *src = "（一）12";
	const char *out = norm(src, &st, &m);
	const char *one = strchr(out, '1');
	size_t back = offmap_lookup(&m, (size_t)(one - out));
	tap_ok(src[back] == '1', "offset map sends a digit back to its source byte");
	tap_int((long long)offmap_lookup(&m, 0), 0, "a folded character maps to its source start");
	offmap_free(&m);
	/* offmap merges runs */
	struct offmap mm = OFFMAP_INIT;
	offmap_copy(&mm, 0, 10, 5);
	offmap_copy(&mm, 5, 15, 5);
	offmap_repl(&mm, 10, 40);
	offmap_copy(&mm, 12, 44, 3);
	tap_int((long long)mm.n, 3, "contiguous copies merge");
	tap_int((long long)offmap_lookup(&mm, 7), 17, "inside a copy run");
	tap_int((long long)offmap_lookup(&mm, 11), 40, "inside a replacement");
	tap_int((long long)offmap_lookup(&mm, 13), 45, "after a replacement");
	offmap_free(&mm);
	tap_ok(text_is_han(0x767C) && !text_is_han('a') && text_is_han(0x20000), "text_is_han");
	return tap_done();
}
