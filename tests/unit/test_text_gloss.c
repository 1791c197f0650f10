/* test_text_gloss.c: pinyin glosses go only when they are readings of their character and
 * the text is dense with them; traditional detection; OpenCC conversion with offsets. */
#include "common.h"
#include "buf.h"
#include "embedded.h"
#include "text/gloss.h"
#include "text/hant.h"
#include "text/readings.h"
#include "tap.h"

static struct text_readings *R;

static const char *strip(const char *in, struct gloss_stats *st)
{
	static struct buf out = BUF_INIT;
	if (text_gloss_strip(R, in, strlen(in), &out, NULL, st))
		return "<error>";
	return st->removed ? buf_cstr(&out) : in;
}

int main(void)
{
	size_t len = 0;
	const char *data = (const char *)embedded_find("pinyin-readings.txt", &len);
	tap_ok(data && text_readings_new(data, len, &R) == 0, "reading table loads");
	tap_ok(text_readings_count(R) > 40000, "reading table has %zu pairs",
	       text_readings_count(R));
	tap_ok(text_readings_has(R, 0x767C, "fa", 2), "發 reads fa");
	tap_ok(text_readings_has(R, 0x885B, "wei", 3), "衛 reads wei");
	tap_ok(!text_readings_has(R, 0x767C, "xian", 4), "發 does not read xian");
	tap_ok(text_readings_has(R, 0x5973, "nv", 2), "女 reads nü, written v");

	struct gloss_stats st;
	tap_str(strip("發(fā)布機構(gòu)統(tǒng)計數(shù)據(jù)", &st), "發布機構統計數據",
		"dense glosses removed");
	tap_ok(st.removed == 5 && st.nexamples == 3, "removed %zu, examples %zu", st.removed,
	       st.nexamples);
	tap_str(st.example[0], "發(fā)", "first example as written");
	tap_str(strip("國(guo)務院衛(wei)(wei)生(sheng)(sheng)和計(ji)劃", &st), "國務院衛生和計劃",
		"toneless and doubled glosses removed");
	tap_str(
	    strip("看見(xiàn)了。其余文字都没有注音，这是教学材料里的一个例子，不应改动。", &st),
	    "看見(xiàn)了。其余文字都没有注音，这是教学材料里的一个例子，不应改动。",
	    "one gloss in a long text is left alone");
	tap_str(strip("特(quē)性(xiàn)發(fā)布機(jī)構(gòu)", &st), "特(quē)性(xiàn)發布機構",
		"a syllable that is not a reading of its character stays");
	tap_str(strip("金额(元)和代码(UA)(PDF)發(fā)機(jī)構(gòu)", &st),
		"金额(元)和代码(UA)(PDF)發機構", "Han and upper-case parentheses are not glosses");

	size_t mk, han;
	tap_ok(
	    text_hant_detect(
		"這個國家發展經過數據統計，機構設置、時間與對象都說明問題，這個們來為會。",
		strlen("這個國家發展經過數據統計，機構設置、時間與對象都說明問題，這個們來為會。"),
		&mk, &han),
	    "traditional text detected (%zu markers of %zu)", mk, han);
	const char *simp = "这个国家发展经过数据统计，机构设置、时间与对象都说明问题。";
	tap_ok(!text_hant_detect(simp, strlen(simp), NULL, NULL), "simplified text not detected");
	struct text_hant *h = NULL;
	if (text_hant_open(&h) == 0) {
		struct buf out = BUF_INIT;
		struct offmap m = OFFMAP_INIT;
		const char *t = "第一行\n發布機構 12\n";
		tap_ok(text_hant_convert(h, t, strlen(t), &out, &m) == 0, "OpenCC converts");
		tap_str(buf_cstr(&out), "第一行\n发布机构 12\n", "traditional to simplified");
		const char *d = strstr(buf_cstr(&out), "12");
		tap_ok(t[offmap_lookup(&m, (size_t)(d - out.p))] == '1', "digits map back");
		buf_free(&out);
		offmap_free(&m);
		text_hant_close(h);
	} else {
		tap_ok(false, "OpenCC t2s.json could not be opened");
	}
	text_readings_free(R);
	return tap_done();
}
