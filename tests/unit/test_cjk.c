/* test_cjk.c: the search tokenizer: bigrams with the colocated final character, words
 * folded to lower case, offsets into the input, the query parser (terms, prefix on a lone
 * character, the FTS5 expression), the hit matcher and the excerpt window. */
#include "common.h"
#include "text/cjk_tokenize.h"
#include "tap.h"

/* Renders the tokens as "tok@start-end" (a "+" before colocated ones), space-separated. */
static int show(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool colocated)
{
	struct buf *b = ctx;
	if (b->len)
		buf_addch(b, ' ');
	buf_printf(b, "%s%.*s@%zu-%zu", colocated ? "+" : "", (int)len, tok, start, end);
	return 0;
}

static const char *tokens(const char *s, enum cjk_mode mode)
{
	static struct buf b;
	buf_reset(&b);
	cjk_tokenize(s, strlen(s), mode, show, &b);
	return buf_cstr(&b);
}

static int stop_after_two(void *ctx, const char *tok, size_t len, size_t start, size_t end,
			  bool colocated)
{
	ZF_UNUSED(tok);
	ZF_UNUSED(len);
	ZF_UNUSED(start);
	ZF_UNUSED(end);
	ZF_UNUSED(colocated);
	int *n = ctx;
	return ++*n == 2 ? 7 : 0;
}

static void test_tokenize(void)
{
	tap_str(tokens("信息公开", CJK_DOCUMENT), "信息@0-6 息公@3-9 公开@6-12 +开@9-12",
		"a Han run: bigrams and the final character colocated");
	tap_str(tokens("信息公开", CJK_QUERY), "信息@0-6 息公@3-9 公开@6-12",
		"in a query: bigrams only");
	tap_str(tokens("税", CJK_DOCUMENT), "税@0-3", "a lone character is itself");
	tap_str(tokens("税", CJK_QUERY), "税@0-3", "also in a query");
	tap_str(tokens("GB18030 编码，Word文档", CJK_DOCUMENT),
		"gb18030@0-7 编码@8-14 +码@11-14 word@17-21 文档@21-27 +档@24-27",
		"words folded to lower case; punctuation separates; Latin next to Han splits");
	tap_str(tokens("２０２４年ＡＢＣ", CJK_DOCUMENT), "2024@0-12 年@12-15 abc@15-24",
		"full-width digits and letters fold to ASCII, offsets stay in the input");
	tap_str(tokens("Ärger café", CJK_DOCUMENT), "ärger@0-6 café@7-12",
		"other letters are words, lower-cased");
	tap_str(tokens("  ，。！", CJK_DOCUMENT), "", "punctuation and spaces give no token");
	tap_str(tokens("a\xff"
		       "b",
		       CJK_DOCUMENT),
		"a@0-1 b@2-3", "an invalid byte separates");
	char long_word[80];
	memset(long_word, 'x', 70);
	long_word[70] = '\0';
	tap_str(tokens(long_word, CJK_QUERY),
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@0-32 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@32-64 "
		"xxxxxx@64-70",
		"a word longer than CJK_WORD_MAX is cut into pieces");
	tap_str(tokens("〇ひらがな", CJK_DOCUMENT),
		"〇ひ@0-6 ひら@3-9 らが@6-12 がな@9-15 +な@12-15", "〇 and kana join bigram runs");
	int n = 0;
	tap_int(cjk_tokenize("一二三四五", strlen("一二三四五"), CJK_DOCUMENT, stop_after_two, &n),
		7, "a callback's nonzero return stops the tokenizer and is returned");
	tap_int(n, 2, "after exactly that token");
}

static void test_query(void)
{
	struct cjk_query q;
	tap_int(cjk_query_parse(&q, "信息公开", strlen("信息公开"), false), 0, "parse 信息公开");
	tap_int((long long)q.nterms, 1, "one term");
	tap_int((long long)q.ntok, 3, "three bigrams");
	tap_str(buf_cstr(&q.expr), "\"信息公开\"", "expression is the quoted phrase");
	tap_ok(!q.terms[0].prefix, "no prefix");
	cjk_query_free(&q);

	tap_int(cjk_query_parse(&q, "税", strlen("税"), false), 0, "parse 税");
	tap_str(buf_cstr(&q.expr), "\"税\"*", "a lone character is a prefix query");
	tap_ok(q.terms[0].prefix, "marked prefix");
	cjk_query_free(&q);

	const char *s = "2024年 个人所得税，  app";
	tap_int(cjk_query_parse(&q, s, strlen(s), false), 0, "parse three terms");
	tap_int((long long)q.nterms, 3, "three terms split at spaces and punctuation");
	tap_str(buf_cstr(&q.expr), "\"2024年\"* \"个人所得税\" \"app\"", "expression");
	tap_str(cjk_query_token(&q, 0), "2024", "first token");
	tap_str(cjk_query_token(&q, 1), "年", "second token: the lone 年");
	tap_int((long long)q.terms[1].ntok, 4, "个人所得税 is four bigrams");
	cjk_query_free(&q);

	tap_int(cjk_query_parse(&q, "信息 公开", strlen("信息 公开"), true), 0, "title only");
	tap_str(buf_cstr(&q.expr), "{title} : (\"信息\" \"公开\")", "column filter");
	cjk_query_free(&q);

	tap_int(cjk_query_parse(&q, "“” ，。 *\"-", strlen("“” ，。 *\"-"), false), ZF_ENOENT,
		"nothing searchable: ZF_ENOENT (quotes and operators never reach FTS5)");
	cjk_query_free(&q);

	struct buf big = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_adds(&big, "公开 ");
	tap_int(cjk_query_parse(&q, big.p, big.len, false), 0, "a long query parses");
	tap_ok(q.nterms <= CJK_QUERY_MAX_TERMS, "terms are capped at %d", CJK_QUERY_MAX_TERMS);
	cjk_query_free(&q);
	buf_reset(&big);
	for (int i = 0; i < 200; i++)
		buf_adds(&big, "信");
	tap_int(cjk_query_parse(&q, big.p, big.len, false), ZF_ENOENT,
		"a single term of too many tokens is dropped");
	cjk_query_free(&q);
	buf_free(&big);
}

/* Marks the spans of q in text as 【…】. */
static const char *marked(const char *query, const char *text)
{
	static struct buf b;
	struct cjk_query q;
	struct cjk_span spans[16];
	buf_reset(&b);
	if (cjk_query_parse(&q, query, strlen(query), false)) {
		cjk_query_free(&q);
		return "(no query)";
	}
	size_t n = cjk_match(&q, text, strlen(text), spans, 16), at = 0;
	for (size_t i = 0; i < n; i++) {
		buf_add(&b, text + at, spans[i].start - at);
		buf_adds(&b, "【");
		buf_add(&b, text + spans[i].start, spans[i].end - spans[i].start);
		buf_adds(&b, "】");
		at = spans[i].end;
	}
	buf_adds(&b, text + at);
	cjk_query_free(&q);
	return buf_cstr(&b);
}

static void test_match(void)
{
	tap_str(marked("信息", "关于政府信息公开工作的通知"), "关于政府【信息】公开工作的通知",
		"two characters");
	tap_str(marked("税", "个人所得税与税收优惠"), "个人所得【税】与【税】收优惠",
		"one character: at the end of a run and inside a bigram, only the character");
	tap_str(marked("信息公开", "政府信息公开条例；信息、公开"),
		"政府【信息公开】条例；信息、公开", "a phrase does not match across punctuation");
	tap_str(marked("信息 公开", "信息、公开"), "【信息】、【公开】", "two terms match apart");
	tap_str(marked("2024年", "2024年度报告"), "【2024年】度报告",
		"digits then a lone character: prefix of the next bigram");
	tap_str(marked("gb18030", "支持GB18030编码"), "支持【GB18030】编码",
		"words match case-insensitively");
	tap_str(marked("a股b股", "A股和B股"), "A股和B股",
		"a lone character between words does not match a longer run");
	tap_str(marked("a股b股", "发行A股B股"), "发行【A股B股】", "but matches itself");
	tap_str(marked("公开", "公开公开公开"), "【公开公开公开】", "overlapping hits merge");
	tap_str(marked("无关", "政府信息公开"), "政府信息公开", "no hit, no mark");
}

static void test_excerpt(void)
{
	const char *text = "第一段没有命中的文字第一段没有命中的文字第一段没有命中的文字"
			   "这里是关于信息公开的内容后面还有很多很多很多的文字";
	struct cjk_query q;
	struct cjk_span spans[8];
	cjk_query_parse(&q, "信息", strlen("信息"), false);
	size_t n = cjk_match(&q, text, strlen(text), spans, 8);
	tap_int((long long)n, 1, "one hit");
	size_t from, to;
	cjk_excerpt(text, strlen(text), spans, n, 20, &from, &to);
	tap_ok(from <= spans[0].start && to >= spans[0].end, "the excerpt holds the hit");
	tap_ok(from > 0, "and does not start at the beginning");
	tap_ok((to - from) / 3 <= 20, "about 20 characters wide (%zu bytes)", to - from);
	tap_ok(((unsigned char)text[from] & 0xC0) != 0x80, "starts on a character boundary");
	cjk_excerpt(text, strlen(text), NULL, 0, 10, &from, &to);
	tap_ok(from == 0 && to == 30, "no hit: the first 10 characters");
	cjk_query_free(&q);
}

int main(void)
{
	test_tokenize();
	test_query();
	test_match();
	test_excerpt();
	return tap_done();
}
