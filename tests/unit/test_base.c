/* test_base.c: buffers, views, arenas, UTF-8, dates. */
#include "common.h"
#include "arena.h"
#include "buf.h"
#include "date.h"
#include "utf8.h"
#include "tap.h"

static void test_str(void)
{
	struct str s = str_c("  2026-02-10\t ");
	tap_ok(str_eq_c(str_trim(s), "2026-02-10"), "str_trim strips both ends");
	struct str rest = str_c("a:b:c");
	struct str a = str_cut(&rest, ':');
	tap_ok(str_eq_c(a, "a") && str_eq_c(rest, "b:c"), "str_cut splits at the first separator");
	struct str none = str_c("abc");
	struct str all = str_cut(&none, ':');
	tap_ok(str_eq_c(all, "abc") && none.len == 0, "str_cut without separator takes all");
	long v;
	tap_ok(str_to_long(str_c("-42"), &v) == 0 && v == -42, "str_to_long parses negatives");
	tap_int(str_to_long(str_c("12a"), &v), ZF_EINVAL, "str_to_long refuses trailing junk");
	tap_int(str_to_long(str_c(""), &v), ZF_EINVAL, "str_to_long refuses empty");
	tap_int(str_to_long(str_c("99999999999999999999"), &v), ZF_ERANGE,
		"str_to_long detects overflow");
	tap_ok(str_starts_with(str_c("年度报告"), "年度"), "str_starts_with on UTF-8");
}

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "政府");
	buf_printf(&b, "信息%s%d", "公开", 2026);
	tap_str(buf_cstr(&b), "政府信息公开2026", "buf_adds + buf_printf");
	struct buf big = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&big, "%04d|", i);
	tap_int((long long)big.len, 5000, "buf grows across many appends");
	struct buf capped;
	buf_init(&capped, 8);
	tap_int(buf_adds(&capped, "1234567"), 0, "append under the cap");
	tap_int(buf_adds(&capped, "89"), ZF_ETOOBIG, "append over the cap fails");
	tap_ok(capped.failed && capped.len == 7, "a failed append leaves the content intact");
	char *owned = buf_detach(&b, NULL);
	tap_str(owned, "政府信息公开2026", "buf_detach hands over the string");
	tap_ok(b.len == 0, "buffer is empty after detach");
	free(owned);
	buf_free(&big);
	buf_free(&capped);
	tap_str(buf_cstr(&b), "", "empty buffer reads as empty string");
	buf_adds(&b, "旧内容");
	buf_setf(&b, "第%d行", 3);
	tap_str(buf_cstr(&b), "第3行", "buf_setf replaces the contents");
	buf_setf(NULL, "ignored %d", 1);
	tap_ok(true, "buf_setf(NULL) is a no-op");
	buf_free(&b);
}

static void test_arena(void)
{
	struct arena *a = arena_new(0);
	char *s = arena_printf(a, "%s-%d", "案件", 7);
	tap_str(s, "案件-7", "arena_printf");
	void *big = arena_alloc(a, 100000);
	tap_ok(big != NULL, "big allocation from arena");
	int *p = arena_alloc(a, sizeof(int) * 4);
	tap_ok(p && p[0] == 0 && p[3] == 0 && ((uintptr_t)p % sizeof(max_align_t)) == 0,
	       "arena memory is zeroed and aligned");
	arena_free(a);
	struct arena *small = arena_new(1024);
	tap_ok(arena_alloc(small, 512) != NULL, "allocation under arena cap");
	tap_ok(arena_alloc(small, 1024) == NULL, "allocation over arena cap fails");
	arena_free(small);
	struct arena *g = arena_new(0);
	int *v = NULL;
	size_t len = 0, alloc = 0;
	bool grew_ok = true;
	for (int i = 0; i < 1000; i++) {
		v = arena_grow(g, v, len, &alloc, sizeof(*v));
		if (!v) {
			grew_ok = false;
			break;
		}
		v[len++] = i;
	}
	bool kept = grew_ok;
	for (size_t i = 0; kept && i < len; i++)
		kept = v[i] == (int)i;
	tap_ok(kept && alloc >= 1000, "arena_grow keeps the elements while doubling");
	tap_ok(arena_grow(g, v, 1, &alloc, sizeof(*v)) == v,
	       "arena_grow returns the same array when there is room");
	arena_free(g);
}

static void test_utf8(void)
{
	const char *ok = "信息公开 ABC ①";
	tap_ok(utf8_valid(ok, strlen(ok)), "valid UTF-8 accepted");
	tap_ok(!utf8_valid("\xC0\xAF", 2), "overlong encoding rejected");
	tap_ok(!utf8_valid("\xED\xA0\x80", 3), "surrogate rejected");
	tap_ok(!utf8_valid("\xF4\x90\x80\x80", 4), "code point above U+10FFFF rejected");
	tap_ok(!utf8_valid("\xE4\xBF", 2), "truncated sequence rejected");
	tap_int((long long)utf8_check("ab\xFFz", 4), 2, "utf8_check finds the first bad byte");
	uint32_t cp;
	tap_int((long long)utf8_decode("政", 3, &cp), 3, "decode length");
	tap_int(cp, 0x653F, "decode value");
	char out[4];
	tap_int((long long)utf8_encode(0x1F600, out), 4, "encode 4-byte code point");
	tap_int((long long)utf8_count("政府ab", strlen("政府ab")), 4, "count code points");
	tap_int((long long)utf8_width("政府ab", strlen("政府ab")), 6, "terminal width of CJK is 2");
}

static void test_date(void)
{
	tap_int(date_from_ymd(1970, 1, 1), 0, "epoch is day 0");
	tap_int(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2, "2000 is a leap year");
	tap_int(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1,
		"1900 is not a leap year");
	int bad = 0;
	for (zf_day d = date_from_ymd(1899, 1, 1); d < date_from_ymd(2201, 1, 1); d++) {
		struct ymd t = date_to_ymd(d);
		if (date_from_ymd(t.y, t.m, t.d) != d || !date_valid(t.y, t.m, t.d))
			bad++;
	}
	tap_int(bad, 0, "round trip of every day 1899-2200");
	tap_int(date_weekday(date_from_ymd(2026, 2, 10)), 2, "2026-02-10 is a Tuesday");
	tap_int(date_weekday(date_from_ymd(2026, 2, 14)), 6, "2026-02-14 is a Saturday");
	tap_str(date_weekday_zh(date_from_ymd(2026, 3, 16)), "星期一", "Chinese weekday name");
	zf_day d;
	tap_int(date_parse(str_c("2024-02-29"), &d), 0, "leap day parses");
	tap_int(date_parse(str_c("2026-02-29"), &d), ZF_ERANGE, "2026-02-29 does not exist");
	tap_int(date_parse(str_c("2026-13-01"), &d), ZF_ERANGE, "month 13 does not exist");
	tap_int(date_parse(str_c("2026-2-10"), &d), ZF_EPARSE, "unpadded date refused");
	tap_int(date_parse(str_c("2026/02/10"), &d), ZF_EPARSE, "slashes refused");
	tap_int(date_parse(str_c("２０２６-02-10"), &d), ZF_EPARSE,
		"full-width digits refused here");
	char s[11];
	tap_str(date_format(date_from_ymd(2026, 3, 16), s), "2026-03-16", "date_format");
	zf_day today = date_today();
	tap_ok(today > date_from_ymd(2020, 1, 1), "date_today is plausible");
}

int main(void)
{
	test_str();
	test_buf();
	test_arena();
	test_utf8();
	test_date();
	return tap_done();
}
