/* test_demo_text.c: the demo content reads like a clerk's: no doubled characters or words
 * (的的, 公开公开, 信访工作工作) in any generated title, summary or text of the demo
 * catalogue, the synthetic catalogue or the requests' descriptions; documents fit the agency
 * that issued them (the 住建局 writes on housing and construction only, never on 义务教育);
 * every checker rule has a Chinese label for pages. zf-store-test-both-engines */
#include "common.h"
#include "arena.h"
#include "demo/docs.h"
#include "demo/requests.h"
#include "law/calendar.h"
#include "law/check.h"
#include "law/rule_label.h"
#include "law/synth.h"
#include "store/db.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"
#include "utf8.h"

#define tap_diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

static bool cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Function characters that are never doubled in good text (的的, 了了); other single
 * characters meet across words (工作作出, 大道道路, 学校校舍). */
static bool function_char(uint32_t c)
{
	static const char chars[] = "的了和与及在是对为等或并之其";
	for (size_t i = 0; chars[i];) {
		uint32_t d;
		size_t n = utf8_decode(chars + i, strlen(chars + i), &d);
		if (!n)
			break;
		if (d == c)
			return true;
		i += n;
	}
	return false;
}

/* The first doubled function character or word (2 to 4 characters of CJK) in s, as text in out;
 * false when there is none. */
static bool doubled(const char *s, char *out, size_t len)
{
	uint32_t cp[4096];
	size_t n = 0, at = 0, total = strlen(s);
	while (at < total && n < ARRAY_SIZE(cp)) {
		size_t k = utf8_decode(s + at, total - at, &cp[n]);
		if (!k)
			break;
		at += k;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t w = 1; w <= 4 && i + 2 * w <= n; w++) {
			bool same = true;
			for (size_t j = 0; j < w && same; j++)
				same = cjk(cp[i + j]) && cp[i + j] == cp[i + w + j];
			if (!same || (w == 1 && !function_char(cp[i])))
				continue;
			size_t o = 0;
			for (size_t j = 0; j < 2 * w && o + 4 < len; j++)
				o += utf8_encode(cp[i + j], out + o);
			out[o] = '\0';
			return true;
		}
	return false;
}

static void test_detector(void)
{
	char d[64];
	tap_ok(doubled("关于做好信访工作工作的通知", d, sizeof(d)) && !strcmp(d, "工作工作"),
	       "the detector finds a doubled word");
	tap_ok(doubled("政府的的信息", d, sizeof(d)) && !strcmp(d, "的的"),
	       "and a doubled character");
	tap_ok(!doubled("就信访工作作出部署，迎宾大道道路照明，人人有责", d, sizeof(d)),
	       "characters meeting across words are no doubling");
	tap_ok(!doubled("示例区人民政府关于印发《示例区信访工作方案》的通知", d, sizeof(d)),
	       "a good title passes");
}

static void test_catalogue(void)
{
	struct store *st = store_test_fresh("demo_text");
	bool seeded = false;
	if (!st || demo_seed_agencies(st, &seeded) || demo_docs_seed(st, &seeded))
		BUG("demo");
	struct arena *a = arena_new(0);
	struct doc_filter f = doc_filter_any();
	f.limit = 100;
	struct doc_list l;
	long long ids[4096];
	size_t nids = 0;
	int rc = 0;
	do {
		rc = store_doc_list(st, a, &f, &l);
		for (size_t i = 0; !rc && i < l.n && nids < ARRAY_SIZE(ids); i++)
			ids[nids++] = l.docs[i].id;
		f.offset += f.limit;
	} while (!rc && l.n == f.limit);
	tap_int(rc, 0, "the demo catalogue (%zu documents)", nids);
	size_t doubles = 0, misfits = 0, checked = 0;
	char d[64];
	for (size_t i = 0; i < nids; i++) {
		struct doc doc;
		if (store_doc_get(st, a, ids[i], &doc))
			continue;
		const char *texts[] = {doc.f.title, doc.f.summary, doc.f.body, doc.f.keywords};
		for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
			if (texts[k] && doubled(texts[k], d, sizeof(d)) && doubles++ < 5)
				tap_diag("doubled “%s” in document %lld: %s", d, doc.id,
					 doc.f.title);
		bool housing = strstr(doc.agency_name, "住房和城乡建设") != NULL;
		bool office = strstr(doc.agency_name, "办公室") != NULL;
		bool fits = true;
		if (housing && strcmp(doc.f.genre, "年报") && strcmp(doc.f.topic, "10.02"))
			fits = false;
		if (office && strcmp(doc.f.genre, "年报") && strncmp(doc.f.topic, "02.", 3))
			fits = false;
		if ((housing || office) &&
		    (strstr(doc.f.title, "义务教育") || strstr(doc.f.title, "医疗") ||
		     strstr(doc.f.title, "农田")))
			fits = false;
		if (!fits && misfits++ < 5)
			tap_diag("%s issued “%s” (topic %s)", doc.agency_name, doc.f.title,
				 doc.f.topic);
		checked++;
	}
	tap_ok(checked == nids && checked > 100, "every document read (%zu)", checked);
	tap_int(doubles, 0, "no doubled character or word in the demo catalogue");
	tap_int(misfits, 0, "every document fits the agency that issued it");
	arena_free(a);
	store_close(st);
}

static void test_synth(void)
{
	size_t doubles = 0;
	char d[64];
	for (long long i = 0; i < 3000; i++) {
		struct arena *a = arena_new(0);
		struct doc_fields f;
		zf_day pub;
		demo_docs_synth(a, 7, i, 1 + i % 3,
				i % 3 == 0   ? "示例区人民政府"
				: i % 3 == 1 ? "示例区人民政府办公室"
					     : "示例区住房和城乡建设局",
				&f, &pub);
		const char *texts[] = {f.title, f.summary, f.body};
		for (size_t k = 0; k < ARRAY_SIZE(texts); k++)
			if (doubled(texts[k], d, sizeof(d)) && doubles++ < 5)
				tap_diag("doubled “%s” in synthetic %lld: %s", d, i, f.title);
		arena_free(a);
	}
	tap_int(doubles, 0, "no doubling in 3000 synthetic documents");
	struct synth s;
	synth_seed(&s, 20240101);
	doubles = 0;
	for (int i = 0; i < 3000; i++) {
		char text[512];
		synth_description(&s, 2025, text, sizeof(text));
		if (doubled(text, d, sizeof(d)) && doubles++ < 5)
			tap_diag("doubled “%s” in a request: %s", d, text);
	}
	tap_int(doubles, 0, "no doubling in 3000 requests' descriptions");
}

static void test_rule_labels(void)
{
	size_t missing = 0;
	for (size_t i = 0; i < check_nrules; i++)
		if (!strcmp(report_rule_label(check_rules[i].id), "其他检查") && missing++ < 3)
			tap_diag("no label for %s", check_rules[i].id);
	tap_int(missing, 0, "every checker rule has a Chinese label (%zu rules)", check_nrules);
	tap_str(report_rule_label("cell.missing"), "空白单元格", "cell.missing reads 空白单元格");
}

/* The replies spread as table 三 of real reports does: most granted or not held, the rarer
 * grounds rare; a few 复议 and 诉讼, most of them decided. */
static void test_outcomes(void)
{
	struct store *st = store_test_fresh("demo_outcomes");
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	bool seeded = false;
	long long added = 0;
	if (!st || !cal || cal_load_builtin(cal, &err) || demo_seed_agencies(st, &seeded) ||
	    demo_seed_requests(st, cal, date_today(), 600, &added))
		BUG("demo requests");
	long long replies = store_test_int(st, "SELECT count(*) FROM request_events"
					       " WHERE kind = 'replied'");
	long long granted = store_test_int(st, "SELECT count(*) FROM request_events"
					       " WHERE kind = 'replied' AND decision = 'granted'");
	long long not_held = store_test_int(st, "SELECT count(*) FROM request_events WHERE kind ="
						" 'replied' AND decision = 'unavailable_not_held'");
	long long secret = store_test_int(st, "SELECT count(*) FROM request_events WHERE kind ="
					      " 'replied' AND decision = 'withheld_state_secret'");
	tap_ok(replies > 300, "the demo replies (%lld)", replies);
	tap_ok(granted * 100 >= replies * 30 && granted * 100 <= replies * 55,
	       "予以公开 about four in ten (%lld of %lld)", granted, replies);
	tap_ok(not_held * 100 >= replies * 12 && not_held * 100 <= replies * 35,
	       "本机关不掌握 about a quarter (%lld)", not_held);
	tap_ok(secret * 100 <= replies * 2, "国家秘密 rare (%lld)", secret);
	long long reviews = store_test_int(st, "SELECT count(*) FROM review_cases");
	long long decided = store_test_int(st, "SELECT count(*) FROM review_cases"
					       " WHERE outcome <> 'pending'");
	long long suits = store_test_int(st, "SELECT count(*) FROM review_cases"
					     " WHERE kind <> 'review'");
	tap_ok(reviews >= 3 && reviews * 100 <= added * 6, "a few 复议 and 诉讼 (%lld)", reviews);
	tap_ok(decided * 2 >= reviews, "most with a result (%lld decided)", decided);
	tap_ok(suits >= 1, "among them 诉讼 (%lld)", suits);
	cal_free(cal);
	buf_free(&err);
	store_close(st);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_detector();
	test_rule_labels();
	test_synth();
	test_catalogue();
	test_outcomes();
	return tap_done();
}
