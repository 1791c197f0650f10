/* test_newmedia_feed.c: posts of a 政务新媒体 account from exports and feeds
 * (ingest/newmedia_feed.h): the time shapes (Chinese, slashes, RFC 822 and ISO 8601 with
 * zones converted to Beijing, Excel serial days), messy CSV (BOM, GBK, tabs, quoted fields
 * with commas and newlines, CRLF, blank rows, a title line above the header, header variants),
 * a Weibo export without titles, an .xlsx written by our own writer, RSS with CDATA HTML,
 * Atom, and what is refused with one Chinese line (no header, a bad time named by its row, an
 * unterminated quote, a DTD, not a feed, an empty file). */
#include "common.h"
#include "arena.h"
#include "ingest/newmedia_feed.h"
#include "render/xlsx_table.h"
#include "tap.h"

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static void time_is(const char *in, const char *want_day, const char *want_at)
{
	zf_day d;
	char at[17];
	bool ok = nm_feed_time(in, &d, at);
	tap_ok(ok && d == day(want_day) && !strcmp(at, want_at), "time “%s” → %s “%s” (got %s)", in,
	       want_day, want_at, ok ? at : "refused");
}

static void test_times(void)
{
	time_is("2026-12-01", "2026-12-01", "");
	time_is("2026-12-01 10:05", "2026-12-01", "2026-12-01 10:05");
	time_is(" 2026/3/7 9:05:33 ", "2026-03-07", "2026-03-07 09:05");
	time_is("2026.03.07", "2026-03-07", "");
	time_is("2026年3月7日", "2026-03-07", "");
	time_is("2026年3月7日 14:30", "2026-03-07", "2026-03-07 14:30");
	time_is("2026-12-01T10:00:00+08:00", "2026-12-01", "2026-12-01 10:00");
	time_is("2026-11-30T20:30:00Z", "2026-12-01", "2026-12-01 04:30");
	time_is("2026-12-01T02:00:00.123Z", "2026-12-01", "2026-12-01 10:00");
	time_is("Tue, 01 Dec 2026 10:00:00 +0800", "2026-12-01", "2026-12-01 10:00");
	time_is("Mon, 30 Nov 2026 18:00:00 GMT", "2026-12-01", "2026-12-01 02:00");
	time_is("1 Dec 2026", "2026-12-01", "");
	time_is("46357", "2026-12-01", "");
	time_is("46357.5", "2026-12-01", "2026-12-01 12:00");
	const char *bad[] = {"",
			     "昨天",
			     "2026-13-01",
			     "2026-02-30",
			     "12/01/2026",
			     "2026-12-01 25:00",
			     "Foo, 01 Xyz 2026",
			     "2026-12-01 10:00 +99:00",
			     "1",
			     "20261201"};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		zf_day d;
		char at[17];
		tap_ok(!nm_feed_time(bad[i], &d, at), "time “%s” refused", bad[i]);
	}
}

static int parse(const char *s, size_t n, struct arena *a, struct nm_items *out, struct buf *err)
{
	buf_reset(err);
	return nm_feed_parse(s, n, a, out, err);
}

static void test_csv(void)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct nm_items it;
	const char csv[] =
	    "\xEF\xBB\xBF示例发布 2026年11月 发布内容导出\r\n"
	    "\r\n"
	    "序号,文章标题,群发时间,原文链接,内容\r\n"
	    "1,\"区政府召开常务会议，研究民生实事\",2026/11/3 9:30,"
	    "https://mp.example.cn/s/a,\"会议指出：\"\"民生无小事\"\"。\n第二段\"\r\n"
	    ",,,,\r\n"
	    "2,冬季供暖提示,2026-11-20,,<p>供暖季<b>开始</b>了</p>\r\n";
	tap_int(parse(csv, strlen(csv), a, &it, &err), 0, "a messy CSV reads (%s)", buf_cstr(&err));
	tap_ok(it.kind == NM_FEED_CSV && it.n == 2 && it.blank == 1, "two posts, one blank row");
	if (it.n == 2) {
		tap_str(it.v[0].title, "区政府召开常务会议，研究民生实事",
			"a quoted title with a comma");
		tap_str(it.v[0].body, "会议指出：\"民生无小事\"。\n第二段",
			"doubled quotes and a newline inside quotes");
		tap_str(it.v[0].url, "https://mp.example.cn/s/a", "the link");
		tap_str(it.v[0].at, "2026-11-03 09:30", "the time");
		tap_int(it.v[0].line, 4, "the row number of the first post");
		tap_str(it.v[1].body, "供暖季开始了", "HTML in the text turned into text");
		tap_int(it.v[1].day, day("2026-11-20"), "a date without time");
		tap_int(it.v[1].line, 7, "physical lines counted (a quoted newline, a blank row)");
	}
	/* tab separated, GBK, header with spaces */
	const char gbk[] =
	    "\xb1\xea \xcc\xe2\t\xb7\xa2\xb2\xbc\xca\xb1\xbc\xe4\n" /* 标 题 发布时间 */
	    "\xb2\xe2\xca\xd4\t2026-10-01 08:00\n";		    /* 测试 */
	tap_int(parse(gbk, strlen(gbk), a, &it, &err), 0, "a GBK, tab-separated export (%s)",
		buf_cstr(&err));
	tap_ok(it.n == 1 && !strcmp(it.v[0].title, "测试"), "its title decoded");
	/* a Weibo export: text only */
	const char weibo[] = "微博内容;发布时间\n"
			     "【通知】明天起区政务服务中心延长服务时间至晚上八点，欢迎市民前来办理"
			     "业务，详情请见官网公告;2026-11-30 18:00\n";
	tap_int(parse(weibo, strlen(weibo), a, &it, &err), 0, "a Weibo export without titles");
	tap_ok(it.n == 1 && strlen(it.v[0].title) > 0 &&
		   !strncmp(it.v[0].title, "【通知】明天起", strlen("【通知】明天起")),
	       "the title taken from the text's start (%s)", it.n ? it.v[0].title : "");
	struct {
		const char *in, *want;
	} bad[] = {
	    {"名称,数量\n甲,1\n", "表头"},
	    {"标题,发布时间\n好,2026-11-01\n坏,下周一\n", "第3行"},
	    {"标题,发布时间\n,2026-11-01\n", "没有标题"},
	    {"标题,发布时间\n\"没有结束,2026-11-01\n", "引号"},
	    {"", "空"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = parse(bad[i].in, strlen(bad[i].in), a, &it, &err);
		tap_ok(rc < 0 && strstr(buf_cstr(&err), bad[i].want), "refused with “%s” (%s)",
		       bad[i].want, buf_cstr(&err));
	}
	buf_free(&err);
	arena_free(a);
}

static void test_xlsx(void)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, book = BUF_INIT;
	const char *heads[] = {"标题", "发布时间", "链接"};
	const char *cells[] = {"冬季防火提示",
			       "2026-11-28 09:00",
			       "https://www.example.gov.cn/a",
			       "",
			       "",
			       "",
			       "交通管制通告",
			       "2026/11/29",
			       ""};
	tap_int(xlsx_table("发布内容", "示例发布 发布内容", heads, 3, cells, 3, &book), 0,
		"an .xlsx written");
	struct nm_items it;
	tap_int(parse(book.p, book.len, a, &it, &err), 0, "the .xlsx reads (%s)", buf_cstr(&err));
	tap_ok(it.kind == NM_FEED_XLSX && it.n == 2, "two posts from the workbook (%zu)", it.n);
	if (it.n == 2)
		tap_ok(!strcmp(it.v[1].title, "交通管制通告") && it.v[1].day == day("2026-11-29"),
		       "the second one with its date");
	buf_free(&book);
	buf_free(&err);
	arena_free(a);
}

static void test_feeds(void)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct nm_items it;
	const char rss[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
	    "<channel><title>示例发布</title>"
	    "<item><title>区长调研重点项目</title><link> https://mp.example.cn/s/1 </link>"
	    "<description><![CDATA[<p>区长<br>调研</p><script>x()</script>]]></description>"
	    "<pubDate>Tue, 01 Dec 2026 10:00:00 +0800</pubDate></item>"
	    "<item><title></title><description>只有正文的一条</description>"
	    "<pubDate>Mon, 30 Nov 2026 18:00:00 GMT</pubDate></item>"
	    "</channel></rss>";
	tap_int(parse(rss, strlen(rss), a, &it, &err), 0, "RSS 2.0 reads (%s)", buf_cstr(&err));
	tap_ok(it.kind == NM_FEED_RSS && it.n == 2, "two items");
	if (it.n == 2) {
		tap_str(it.v[0].url, "https://mp.example.cn/s/1", "the link trimmed");
		tap_ok(strstr(it.v[0].body, "区长") && strstr(it.v[0].body, "调研") &&
			   !strstr(it.v[0].body, "<") && !strstr(it.v[0].body, "x()"),
		       "CDATA HTML as text, script dropped");
		tap_str(it.v[1].title, "只有正文的一条", "a title from the text");
		tap_str(it.v[1].at, "2026-12-01 02:00", "GMT read as Beijing time");
	}
	const char atom[] = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>"
			    "<entry><title type=\"html\">通告</title>"
			    "<link rel=\"self\" href=\"https://x.example/self\"/>"
			    "<link href=\"https://x.example/1\"/>"
			    "<summary>摘要</summary><updated>2026-11-02T08:00:00+08:00</updated>"
			    "</entry></feed>";
	tap_int(parse(atom, strlen(atom), a, &it, &err), 0, "Atom reads (%s)", buf_cstr(&err));
	tap_ok(it.kind == NM_FEED_ATOM && it.n == 1 &&
		   !strcmp(it.v[0].url, "https://x.example/1") && !strcmp(it.v[0].body, "摘要"),
	       "the alternate link, the summary");
	struct {
		const char *in, *want;
	} bad[] = {
	    {"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaa\">]><rss><channel>"
	     "<item><title>&a;</title></item></channel></rss>",
	     "DTD"},
	    {"<html><body>不是订阅</body></html>", "不是 RSS"},
	    {"<rss><channel><item><title>a</title>", "XML"},
	    {"<rss><channel><item><title>a</title><pubDate>soon</pubDate></item></channel></rss>",
	     "第1条"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = parse(bad[i].in, strlen(bad[i].in), a, &it, &err);
		tap_ok(rc < 0 && strstr(buf_cstr(&err), bad[i].want), "refused with “%s” (%s)",
		       bad[i].want, buf_cstr(&err));
	}
	buf_free(&err);
	arena_free(a);
}

/* Crashers the fuzzer found, kept as regressions (tests/data/newmedia_feed/): read or refused,
 * an accepted title always on one line. */
static void test_regressions(void)
{
	static const char *const files[] = {"tests/data/newmedia_feed/crash-title-newline.csv"};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct buf data = BUF_INIT, err = BUF_INIT;
		struct arena *a = arena_new(0);
		if (buf_read_file(&data, files[i], 1u << 20)) {
			tap_ok(false, "%s readable", files[i]);
			continue;
		}
		struct nm_items it;
		int rc = nm_feed_parse(data.p, data.len, a, &it, &err);
		bool one_line = true;
		for (size_t k = 0; !rc && k < it.n; k++)
			one_line = one_line && !strchr(it.v[k].title, '\n');
		tap_ok((rc == 0 && one_line) || (rc < 0 && err.len), "%s: titles on one line",
		       files[i]);
		buf_free(&data);
		buf_free(&err);
		arena_free(a);
	}
}

int main(void)
{
	test_regressions();
	test_times();
	test_csv();
	test_xlsx();
	test_feeds();
	return tap_done();
}
