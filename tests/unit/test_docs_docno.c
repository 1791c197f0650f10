/* test_docs_docno.c: the catalogue rules: 文号 parsing and its canonical form (bracket
 * variants, 令 and 公告 numbering, refusals with reasons), organisation codes and their
 * check characters (real examples), 索引号 templates, kinds and validity labels, the
 * topic table, the Art. 26 deadline over a holiday and the 定期审查 due day. */
#include "common.h"
#include "law/calendar.h"
#include "law/docno.h"
#include "tap.h"

static const char *canon(const char *s)
{
	static char out[256];
	struct docno d;
	struct buf err = BUF_INIT;
	if (docno_parse(str_c(s), &d, &err)) {
		snprintf(out, sizeof(out), "ERR:%s", buf_cstr(&err));
		buf_free(&err);
		return out;
	}
	buf_free(&err);
	return docno_format(&d, out, sizeof(out));
}

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

static void test_docno(void)
{
	tap_str(canon("国办函〔2020〕109号"), "国办函〔2020〕109号", "canonical stays");
	tap_str(canon("国办公开办函[2021]30号"), "国办公开办函〔2021〕30号", "[] variant");
	tap_str(canon("示政发【2024】12号"), "示政发〔2024〕12号", "【】 variant");
	tap_str(canon("示政发(2024)12号"), "示政发〔2024〕12号", "() variant");
	tap_str(canon("示政发（２０２４）０１２号"), "示政发〔2024〕12号",
		"（） with full-width digits and a leading zero");
	tap_str(canon(" 示政发 〔2024〕 第12号 "), "示政发〔2024〕12号", "spaces and 第 dropped");
	tap_str(canon("中华人民共和国国务院令第711号"), "中华人民共和国国务院令第711号",
		"令 numbering");
	tap_str(canon("国家税务总局公告2024年第1号"), "国家税务总局公告2024年第1号",
		"公告 numbering with a year");
	struct docno d;
	docno_parse(str_c("示政规〔2023〕7号"), &d, NULL);
	tap_str(d.prefix, "示政规", "prefix (机关代字)");
	tap_int(d.year, 2023, "year");
	tap_int(d.number, 7, "number");
	tap_ok(strstr(canon("示政发2024 12号"), "格式不对") != NULL,
	       "a missing bracket is refused");
	tap_ok(strstr(canon("〔2024〕12号"), "格式不对") != NULL, "a missing 机关代字 is refused");
	tap_ok(strstr(canon("示政发〔2024〕12"), "格式不对") != NULL, "a missing 号 is refused");
	tap_ok(strstr(canon("示政发〔24〕12号"), "1949") != NULL, "a two-digit year is refused");
	tap_ok(strstr(canon("示政发〔1900〕12号"), "1949") != NULL,
	       "a year before 1949 is refused");
	tap_ok(strstr(canon("示政发〔2024〕0号"), "从 1 开始") != NULL, "number 0 is refused");
	tap_ok(strstr(canon(""), "为空") != NULL, "empty is refused");
	tap_ok(strstr(canon("2024〕12号x"), "ERR") != NULL, "garbage is refused");
	struct buf out = BUF_INIT;
	tap_int(docno_normalize(str_c("示建发[2022]5号"), &out, NULL), 0, "normalize");
	tap_str(buf_cstr(&out), "示建发〔2022〕5号", "into a buffer");
	buf_free(&out);
}

static void test_org_codes(void)
{
	struct buf err = BUF_INIT;
	tap_ok(docno_org_code_valid("000014349", NULL), "000014349 (国务院办公厅) is valid");
	tap_ok(docno_org_code_valid("014416330", NULL), "014416330 is valid");
	tap_ok(docno_org_code_valid("11441700007280420Y", NULL),
	       "11441700007280420Y (阳江市政府办) is a valid 统一社会信用代码");
	tap_ok(docno_org_code_valid("11341702486344515H", NULL), "11341702486344515H is valid");
	tap_ok(!docno_org_code_valid("000014348", &err), "a wrong check digit is refused");
	tap_ok(strstr(buf_cstr(&err), "校验码") != NULL, "naming the check digit");
	tap_ok(!docno_org_code_valid("11441700007280420X", &err), "a wrong USCC check is refused");
	tap_ok(!docno_org_code_valid("1144170000728042OY", &err), "O is not in the USCC alphabet");
	tap_ok(strstr(buf_cstr(&err), "不允许的字符") != NULL, "with a reason");
	tap_ok(!docno_org_code_valid("12345", &err), "a wrong length is refused");
	tap_ok(strstr(buf_cstr(&err), "9 位") != NULL, "naming the lengths");
	char code[] = "11441700007280420?";
	tap_ok(docno_org_code_complete(code), "complete a USCC");
	tap_str(code, "11441700007280420Y", "its check character");
	char org[] = "00001434?";
	docno_org_code_complete(org);
	tap_str(org, "000014349", "and an organisation code's");
	buf_free(&err);
}

static void test_index(void)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	tap_int(docno_template_check(DOCNO_INDEX_TEMPLATE, &err), 0, "the default template");
	tap_int(docno_template_check("{org_code}/{year}{month}-{serial:05}", &err), 0,
		"yyyymm template");
	tap_int(docno_template_check("{org_code}/{year}", &err), ZF_EINVAL, "no serial: refused");
	tap_ok(strstr(buf_cstr(&err), "{serial}") != NULL, "saying what is missing");
	tap_int(docno_template_check("{org}/{year}-{serial}", &err), ZF_EINVAL,
		"unknown placeholder refused");
	tap_int(docno_template_check("{year-{serial}", &err), ZF_EINVAL, "unbalanced refused");
	tap_int(docno_index_render(DOCNO_INDEX_TEMPLATE, "000014349", day("2017-06-01"), 110, &out),
		0, "render");
	tap_str(buf_cstr(&out), "000014349/2017-00110", "9 + 1 + 4 + 1 + 5 = 20 characters");
	buf_reset(&out);
	docno_index_render("{org_code}/{year}{month}-{serial:05}", "11341702486344515H",
			   day("2021-10-09"), 13, &out);
	tap_str(buf_cstr(&out), "11341702486344515H/202110-00013", "USCC with yyyymm");
	tap_ok(docno_index_like(str_c("000014349/2017-00110")), "an 索引号 is recognised");
	tap_ok(docno_index_like(str_c("11441700007280420Y/2021-00050")), "also with a USCC");
	tap_ok(docno_index_like(str_c("0142768-8/2022-00185")), "and the hyphenated form");
	tap_ok(!docno_index_like(str_c("信息公开")), "words are not");
	tap_ok(!docno_index_like(str_c("2017-00110")), "nor a bare serial");
	buf_free(&err);
	buf_free(&out);
}

static void test_labels(void)
{
	tap_str(doc_kind_label(DOC_KIND_NORMATIVE), "行政规范性文件", "kind label");
	tap_int(doc_kind_parse("规范性文件"), DOC_KIND_NORMATIVE, "规范性文件 parses");
	tap_int(doc_kind_parse("regulation"), DOC_KIND_REGULATION, "key parses");
	tap_int(doc_kind_parse("法律"), -1, "unknown kind");
	tap_str(doc_validity_label(DOC_REPEALED), "废止", "validity label");
	tap_int(doc_validity_parse("失效"), DOC_EXPIRED, "失效 parses");
	tap_ok(doc_genre_known("通知") && doc_genre_known("纪要") && !doc_genre_known("小说"),
	       "genres");
	size_t n;
	const struct doc_topic *t = doc_topics(&n);
	size_t level1 = 0;
	for (size_t i = 0; i < n; i++)
		level1 += t[i].parent == NULL;
	tap_int((long long)level1, 22, "22 level-1 topics");
	const struct doc_topic *x = doc_topic_find("02.01");
	tap_ok(x && !strcmp(x->name, "政务公开"), "02.01 is 政务公开");
	char disp[128];
	tap_str(x ? doc_topic_display(x, disp, sizeof(disp)) : NULL, "综合政务\\政务公开",
		"display form 一级\\二级");
	tap_ok(doc_topic_find("综合政务\\政务公开") == x, "found by its display form");
	tap_ok(doc_topic_find("政务公开") == x, "and by its unique level-2 name");
	x = doc_topic_find("其他");
	tap_ok(x && !strcmp(x->code, "22"), "其他 is the level-1 class, not one of the 其他 below");
	tap_ok(doc_topic_find("99.99") == NULL, "unknown code");
}

static void test_deadlines(void)
{
	struct calendar *cal = cal_new();
	struct buf err = BUF_INIT;
	cal_load_builtin(cal, &err);
	/* 2024: National Day 10-01..10-07 off, 09-29 and 10-12 make-up working days */
	char out[11];
	tap_str(date_format(doc_publish_deadline(cal, day("2024-09-25")), out), "2024-10-28",
		"Art. 26: 20 working days over National Day");
	tap_str(date_format(doc_publish_deadline(cal, day("2024-03-01")), out), "2024-03-29",
		"20 working days in an ordinary month");
	tap_str(date_format(doc_review_due(DOC_KIND_NORMATIVE, day("2022-05-10"), 0, 0), out),
		"2024-05-10", "定期审查 two years after publication");
	tap_str(
	    date_format(doc_review_due(DOC_KIND_NORMATIVE, day("2022-05-10"), day("2024-04-01"), 0),
			out),
	    "2026-04-01", "two years after the last review");
	tap_str(date_format(doc_review_due(DOC_KIND_OTHER, day("2022-05-10"), 0, day("2024-12-31")),
			    out),
		"2024-10-02", "90 days before the end of a term");
	tap_int(doc_review_due(DOC_KIND_OTHER, day("2022-05-10"), 0, 0), 0,
		"an ordinary document without a term is never due");
	tap_str(date_format(doc_review_due(DOC_KIND_REGULATION, day("2020-02-29"), 0, 0), out),
		"2022-02-28", "29 February rolls to the 28th");
	cal_free(cal);
	buf_free(&err);
}

int main(void)
{
	test_docno();
	test_org_codes();
	test_index();
	test_labels();
	test_deadlines();
	return tap_done();
}
