/* test_text_inject.c: injected brands are found, their slot tells what they replaced, and
 * the repair leaves place-name slots alone. */
#include "common.h"
#include "buf.h"
#include "embedded.h"
#include "text/inject.h"
#include "tap.h"

int main(void)
{
	size_t vl = 0, pl = 0;
	const char *v = (const char *)embedded_find("spam-vocab.tsv", &vl);
	const char *p = (const char *)embedded_find("report-phrases.txt", &pl);
	struct inject_vocab *iv = NULL;
	tap_ok(v && p && inject_vocab_new(v, vl, p, pl, &iv) == 0, "vocabulary loads");
	tap_int(inject_vocab_new("bogus line\n", 11, "", 0, &(struct inject_vocab *){NULL}),
		ZF_EPARSE, "a malformed vocabulary line is refused");

	struct buf out = BUF_INIT;
	struct offmap m = OFFMAP_INIT;
	struct inject_result res;
	const char *t = "万博体育3.0手机版市万博体育3.0手机版区人民政府办公室2021年政府万博体育3."
			"0手机版工作年度报告\n"
			"一、本年新收政府万博体育3.0手机版申请数量 | 12 |\n";
	tap_ok(inject_scan(iv, t, strlen(t), &out, &m, &res) == 0, "scan runs");
	tap_int((long long)res.nitems, 1, "one injected string");
	tap_str(res.items[0].text, "万博体育3.0手机版", "the brand with its tail");
	tap_str(res.items[0].replaced, "信息公开", "its slot tells what it replaced");
	tap_int((long long)res.items[0].count, 4, "four occurrences");
	tap_int((long long)res.items[0].place_slots, 2, "two stand for place names");
	tap_int((long long)res.items[0].repaired, 2, "two repaired");
	tap_str(
	    buf_cstr(&out),
	    "万博体育3.0手机版市万博体育3.0手机版区人民政府办公室2021年政府信息公开工作年度报告\n"
	    "一、本年新收政府信息公开申请数量 | 12 |\n",
	    "repaired text");
	const char *d = strstr(buf_cstr(&out), "12 |");
	tap_ok(t[offmap_lookup(&m, (size_t)(d - out.p))] == '1', "offsets survive the repair");

	const char *pol =
	    "坚持以188比分直播:新时代中国特色社会主义思想为指导,落实党雷速体育:国务院部署。";
	inject_scan(iv, pol, strlen(pol), &out, &m, &res);
	tap_int((long long)res.nitems, 2, "two brands in political phrases");
	tap_str(buf_cstr(&out),
		"坚持以习近平新时代中国特色社会主义思想为指导,落实党中央、国务院部署。",
		"both repaired from the fixed formulations");

	const char *clean = "政府信息公开工作年度报告。政府网站工作平稳。";
	inject_scan(iv, clean, strlen(clean), &out, &m, &res);
	tap_ok(res.nitems == 0 && out.len == 0, "a clean text is left alone");
	const char *lone = "本站由BET365赞助。";
	inject_scan(iv, lone, strlen(lone), &out, &m, &res);
	tap_ok(res.nitems == 1 && !res.items[0].replaced[0] && out.len == 0,
	       "a brand outside any slot is reported, not replaced (case ignored)");
	buf_free(&out);
	offmap_free(&m);
	inject_vocab_free(iv);
	return tap_done();
}
