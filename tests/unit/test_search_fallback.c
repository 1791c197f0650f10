/* test_search_fallback.c: when no document holds a query as written, the search finds the
 * documents holding all its words apart, then those holding any of them (ranked by how many
 * they hold), and says which words it searched. The words of a query (text/search_words.h);
 * the modes, filters, 名称-only searches and pages of the fallbacks. Runs on both engines
 * (store_test.h). */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"
#include "text/search_words.h"

/* The words of q, joined by "|" ("" for none), and whether they were split. */
static const char *words(const char *q, bool *split)
{
	static char out[512];
	struct cjk_query cq;
	struct search_words w = {0};
	if (!cjk_query_parse(&cq, q, strlen(q), false))
		search_words_split(&cq, q, &w);
	cjk_query_free(&cq);
	out[0] = '\0';
	for (size_t i = 0; i < w.n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
			 w.w[i]);
	*split = w.split;
	return out;
}

static void test_words(void)
{
	static const struct {
		const char *q, *want;
		bool split;
	} cases[] = {
	    {"住房保障", "住房|保障", true},
	    {"保障性租赁住房", "保障性|租赁|住房", true},
	    {"营商环境税", "营商|环境|税", true},
	    {"2024年住房保障", "2024|住房|保障", true},
	    {"依申请公开", "依|申请|公开", true},
	    {"甲乙丙丁戊", "甲乙|丙丁|戊", true},
	    {"公积金", "公积金", false},
	    {"住房 保障", "住房|保障", false},
	    {"住房，保障", "住房|保障", false},
	    {"税", "税", false},
	    {"2024年", "2024", true},
	    {"住房住房", "住房", true},
	    {"ＰＭ2.5 住房保障", "ＰＭ2|5|住房|保障", true},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		bool split = false;
		const char *got = words(cases[i].q, &split);
		tap_ok(!strcmp(got, cases[i].want) && split == cases[i].split,
		       "words of %s: %s (%s), want %s", cases[i].q, got, split ? "split" : "as is",
		       cases[i].want);
	}
	bool split;
	tap_ok(
	    !strcmp(words("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", &split),
		    "一二|三四|五六|七八|九十|甲乙|丙丁|戊己|庚辛|壬癸|子丑|寅卯"),
	    "at most %d words", SEARCH_WORDS_MAX);
	tap_ok(search_words_known("公积金", strlen("公积金")) &&
		   !search_words_known("住房保障", strlen("住房保障")) &&
		   !search_words_known("# search", 8),
	       "the dictionary: words, not compounds nor comments");
}

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static long long publish(struct store *st, long long agency, const char *title, const char *summary,
			 const char *published)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {0};
	f.agency_id = agency;
	f.title = title;
	f.summary = summary;
	f.body = "";
	f.doc_no = "";
	f.topic = "04.02";
	f.genre = "通知";
	f.written_on = day(published) - 2;
	long long id = 0;
	if (store_doc_insert_published(st, &f, day(published), NULL, DOC_VALID, 0, &id, &err))
		BUG("publish %s: %s", title, buf_cstr(&err));
	buf_free(&err);
	return id;
}

static struct doc_hits run(struct store *st, struct arena *a, struct doc_search *s)
{
	struct doc_hits h;
	s->filter.state = DOC_PUBLISHED;
	if (store_doc_search(st, a, s, &h))
		memset(&h, 0, sizeof(h));
	return h;
}

static struct doc_hits search(struct store *st, struct arena *a, const char *q)
{
	struct doc_search s = {.q = q, .filter = doc_filter_any()};
	return run(st, a, &s);
}

static bool has(const struct doc_hits *h, long long id)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->hits[i].doc.id == id)
			return true;
	return false;
}

static const char *joined(const struct doc_hits *h)
{
	static char out[256];
	out[0] = '\0';
	for (size_t i = 0; i < h->nwords; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "",
			 h->words[i]);
	return out;
}

static void test_modes(struct store *st)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	if (store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err) ||
	    store_doc_settings_set(st, "admin", 2, "000014349", NULL, &err))
		BUG("settings: %s", buf_cstr(&err));
	buf_free(&err);
	long long title_both = publish(st, 1, "关于保障性租赁住房的实施意见", "", "2024-03-01");
	long long text_both =
	    publish(st, 1, "关于年度工作的安排", "做好住房工作，兜牢民生保障底线。", "2024-05-01");
	long long housing = publish(st, 1, "关于住房公积金的通知", "缴存比例。", "2024-04-01");
	long long card = publish(st, 2, "关于社会保障卡的通知", "办卡须知。", "2024-04-02");
	long long old = publish(st, 1, "关于老旧住房改造的通知", "", "2023-06-01");
	publish(st, 1, "关于植树活动的通知", "义务植树。", "2024-03-09");

	struct doc_hits h = search(st, a, "住房保障");
	tap_ok(h.how == DOC_SEARCH_ALL_WORDS && h.total == 2 && h.n == 2,
	       "住房保障 as a phrase nowhere: all words (how %d, %lld hits)", h.how, h.total);
	tap_str(joined(&h), "住房|保障", "the words searched are reported");
	tap_ok(h.n == 2 && h.hits[0].doc.id == title_both && h.hits[1].doc.id == text_both,
	       "both words in 名称 rank above both in 内容概述");
	tap_ok(h.n && h.hits[0].ntitle_marks == 2, "each word is marked in the title");

	h = search(st, a, "“住房保障”");
	tap_ok(h.how == DOC_SEARCH_FULLTEXT && h.total == 0 && !h.nwords,
	       "in quotes: the phrase only, nothing");
	h = search(st, a, "\"住房保障\"");
	tap_ok(h.how == DOC_SEARCH_FULLTEXT && h.total == 0, "in ASCII quotes too");
	h = search(st, a, "住房");
	tap_ok(h.how == DOC_SEARCH_FULLTEXT && h.total == 4, "a query with hits: no fallback");

	/* any word: ranked by the words held */
	h = search(st, a, "住房保障卡");
	tap_ok(h.how == DOC_SEARCH_ANY_WORD && h.total == 5,
	       "住房保障卡: no document holds all three words, 5 hold some (how %d, %lld)", h.how,
	       h.total);
	tap_str(joined(&h), "住房|保障|卡", "its words");
	bool two_first = h.n == 5;
	for (size_t i = 0; two_first && i < 5; i++) {
		long long id = h.hits[i].doc.id;
		bool two = id == title_both || id == text_both || id == card;
		two_first &= i < 3 ? two : !two;
	}
	tap_ok(two_first, "the documents holding two of the words rank above those holding one");
	tap_ok(has(&h, housing) && has(&h, old), "and those holding one are there");

	/* pages of a fallback */
	struct doc_search s = {.q = "住房保障卡", .filter = doc_filter_any()};
	s.filter.limit = 2;
	bool joined_up = true;
	size_t got = 0;
	for (size_t off = 0; off < 6; off += 2) {
		s.filter.offset = off;
		struct doc_hits p = run(st, a, &s);
		joined_up &= p.how == DOC_SEARCH_ANY_WORD && p.total == 5;
		for (size_t i = 0; i < p.n; i++)
			joined_up &= off + i < h.n && p.hits[i].doc.id == h.hits[off + i].doc.id;
		got += p.n;
	}
	tap_ok(joined_up && got == 5, "pages of 2 join up, the total on each (%zu)", got);

	/* filters apply to the fallbacks */
	s = (struct doc_search){.q = "住房保障", .filter = doc_filter_any()};
	s.filter.year = 2023;
	h = run(st, a, &s);
	tap_ok(h.how == DOC_SEARCH_ANY_WORD && h.total == 1 && has(&h, old),
	       "in 2023: none holds both words, one holds 住房 (how %d, %lld)", h.how, h.total);
	s.filter.year = 0;
	long long agency2[] = {2};
	s.filter.agencies = agency2;
	s.filter.nagencies = 1;
	h = run(st, a, &s);
	tap_ok(h.how == DOC_SEARCH_ANY_WORD && h.total == 1 && has(&h, card),
	       "of agency 2: only 保障 (how %d, %lld)", h.how, h.total);
	s.filter.agencies = NULL;
	s.filter.nagencies = 0;
	s.filter.year = 2022;
	h = run(st, a, &s);
	tap_ok(h.how == DOC_SEARCH_FULLTEXT && h.total == 0 && h.n == 0,
	       "in 2022: nothing at all, and no words claimed");

	/* 名称 only: the fallback within titles */
	s = (struct doc_search){.q = "住房保障", .title_only = true, .filter = doc_filter_any()};
	h = run(st, a, &s);
	tap_ok(h.how == DOC_SEARCH_ALL_WORDS && h.total == 1 && has(&h, title_both),
	       "名称 only: both words in a title (%lld)", h.total);
	s.q = "植树保障";
	h = run(st, a, &s);
	tap_ok(h.how == DOC_SEARCH_ANY_WORD && h.total == 3 && !has(&h, text_both),
	       "名称 only, any word: titles only (%lld)", h.total);

	/* a 文号 gets no fallback */
	h = search(st, a, "示政发〔2024〕9号");
	tap_ok(h.how == DOC_SEARCH_FULLTEXT && h.total == 0, "an unknown 文号: nothing");
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_words();
	struct store *st = store_test_fresh("fallback");
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("open");
	test_modes(st);
	store_close(st);
	return tap_done();
}
