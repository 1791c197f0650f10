/* test_report_json.c: zfxxgk.report/1 JSON: round trips of the seeds, amounts, positions,
 * and malformed input rejected with a Chinese message (never a crash). */
#include "common.h"
#include "law/check.h"
#include "render/report_csv.h"
#include "render/report_html.h"
#include "render/report_json.h"
#include "tap.h"

#include <dirent.h>
#include <jansson.h>

static const char *root(void)
{
	const char *r = getenv("ZF_ROOT");
	return r && *r ? r : ".";
}

/* True when every cell, the legacy lines and the metadata of a and b agree. */
static bool same_report(const struct report *a, const struct report *b, const char **why)
{
	*why = "";
	if (a->format != b->format || a->year != b->year) {
		*why = "format/year";
		return false;
	}
	if ((a->agency == NULL) != (b->agency == NULL) ||
	    (a->agency && strcmp(a->agency, b->agency))) {
		*why = "agency";
		return false;
	}
#define SAME(x, y) ((x).present == (y).present && (!(x).present || (x).v == (y).v))
	for (int i = 0; i < REPORT_T2_ITEMS; i++)
		for (int k = 0; k < REPORT_T2_FIELDS; k++)
			if (!SAME(a->table2[i][k], b->table2[i][k])) {
				*why = "table2";
				return false;
			}
	for (int i = 0; i < REPORT_T3_ROWS; i++)
		for (int k = 0; k < REPORT_T3_COLS; k++)
			if (!SAME(a->table3[i][k], b->table3[i][k])) {
				*why = "table3";
				return false;
			}
	for (int i = 0; i < REPORT_T4_GROUPS; i++)
		for (int k = 0; k < REPORT_T4_FIELDS; k++)
			if (!SAME(a->table4[i][k], b->table4[i][k])) {
				*why = "table4";
				return false;
			}
	if (a->nlegacy != b->nlegacy) {
		*why = "legacy count";
		return false;
	}
	for (size_t i = 0; i < a->nlegacy; i++) {
		const struct report_legacy_line *x = &a->legacy[i], *y = &b->legacy[i];
		if (strcmp(x->label, y->label) || !SAME(x->value, y->value) ||
		    strcmp(x->unit ? x->unit : "-", y->unit ? y->unit : "-")) {
			*why = "legacy line";
			return false;
		}
	}
	if (a->nfindings != b->nfindings) {
		*why = "findings";
		return false;
	}
#undef SAME
	return true;
}

static struct report *decode(const char *json, struct buf *err, struct buf *warn)
{
	struct report *r = NULL;
	buf_reset(err);
	buf_reset(warn);
	report_json_read(json, strlen(json), &r, err, warn);
	return r;
}

static void test_seed_round_trips(void)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/data/seeds/expected", root());
	DIR *d = opendir(dir);
	tap_ok(d != NULL, "seed directory %s", dir);
	if (!d)
		return;
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".json"))
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct buf text = BUF_INIT, err = BUF_INIT, warn = BUF_INIT, out1 = BUF_INIT,
			   out2 = BUF_INIT;
		struct report *a = NULL, *b = NULL;
		tap_int(buf_read_file(&text, path, 0), 0, "%s: read", e->d_name);
		tap_int(report_json_read(text.p, text.len, &a, &err, &warn), 0, "%s: decodes %s",
			e->d_name, buf_cstr(&err));
		tap_str(buf_cstr(&warn), "", "%s: expected_findings accepted without a warning",
			e->d_name);
		if (a) {
			check_report(a, NULL);
			report_json_write(a, &out1, 0);
			tap_int(report_json_read(out1.p, out1.len, &b, &err, &warn), 0,
				"%s: its own output decodes", e->d_name);
		}
		if (a && b) {
			const char *why = "";
			tap_ok(same_report(a, b, &why), "%s: round trip keeps every cell (%s)",
			       e->d_name, why);
			report_json_write(b, &out2, 0);
			tap_str(buf_cstr(&out2), buf_cstr(&out1), "%s: output is stable",
				e->d_name);
		}
		report_free(a);
		report_free(b);
		buf_free(&text);
		buf_free(&err);
		buf_free(&warn);
		buf_free(&out1);
		buf_free(&out2);
		n++;
	}
	closedir(d);
	tap_ok(n >= 5, "all %d seeds round-tripped", n);
}

static const char *const T3_2021 =
    "\"table3\":{\"rows\":{\"received_new\":[1,0,0,0,0,0,1],\"carried_forward\":[0,0,0,0,0,0,"
    "0]}}";

static void test_amounts_and_positions(void)
{
	struct buf err = BUF_INIT, warn = BUF_INIT, out = BUF_INIT;
	char json[1024];
	snprintf(json, sizeof(json),
		 "{\"schema\":\"zfxxgk.report/1\",\"format\":\"2019\",\"year\":2020,"
		 "\"agency\":\"某某市人民政府\",%s,\"table2\":{\"procurement\":{\"projects\":488,"
		 "\"amount_wan_yuan\":76320.9},\"fees\":{\"prior_items\":36,\"change\":-3}}}",
		 T3_2021);
	struct report *r = decode(json, &err, &warn);
	tap_ok(r != NULL, "2019 report decodes: %s", buf_cstr(&err));
	if (!r)
		return;
	tap_int(r->table2[REPORT_T2_PROCUREMENT][REPORT_T2_AMOUNT].v, 76320900000LL,
		"76320.9 万元 is stored exactly in fixed point");
	tap_int(r->table2[REPORT_T2_FEES][REPORT_T2_CHANGE].v, -3, "本年增/减 keeps its sign");
	tap_ok(!r->table3[REPORT_T3_GRANTED][0].present, "rows not given are null");
	report_json_write(r, &out, REPORT_JSON_COMPACT);
	tap_ok(strstr(buf_cstr(&out), "\"amount_wan_yuan\":76320.9}") != NULL,
	       "the amount prints as 76320.9");
	tap_ok(strstr(buf_cstr(&out), "\"agency\":\"某某市人民政府\"") != NULL,
	       "Chinese stays readable (not \\u-escaped)");
	tap_ok(
	    strstr(buf_cstr(&out), "\"other_no_supplement\":[null,null,null,null,null,null,null]"),
	    "2019 output has null 三（六）1 row");
	char amount[32];
	tap_str(report_amount_str(4019 * REPORT_AMOUNT_SCALE, amount), "4019", "whole 万元 amount");
	tap_str(report_amount_str(-1500000, amount), "-1.5", "negative amount");
	tap_str(report_amount_str(1, amount), "0.000001", "smallest amount");

	/* provenance */
	struct report_pos pos = {.line = 12, .col = 3};
	r->table3[REPORT_T3_RECEIVED_NEW][0].pos = pos;
	report_set_source(r, "seed.txt", "ab12", "pipe");
	buf_reset(&out);
	report_json_write(r, &out, REPORT_JSON_POSITIONS);
	struct report *r2 = NULL;
	tap_int(report_json_read(out.p, out.len, &r2, &err, &warn), 0, "positions decode");
	tap_ok(r2 && r2->table3[REPORT_T3_RECEIVED_NEW][0].pos.line == 12 &&
		   r2->table3[REPORT_T3_RECEIVED_NEW][0].pos.col == 3,
	       "a cell's source line and column survive the round trip");
	tap_ok(r2 && r2->has_source && !strcmp(r2->source.layout, "pipe") &&
		   !strcmp(r2->source.sha256, "ab12"),
	       "source file/sha256/layout survive");
	tap_str(buf_cstr(&warn), "", "no warnings on our own output");
	report_free(r2);
	report_free(r);
	buf_free(&err);
	buf_free(&warn);
	buf_free(&out);
}

static void test_unknown_keys_warn(void)
{
	struct buf err = BUF_INIT, warn = BUF_INIT;
	char json[1024];
	snprintf(
	    json, sizeof(json),
	    "{\"schema\":\"zfxxgk.report/1\",\"format\":\"2021\",\"year\":2023,\"colour\":1,%s,"
	    "\"table4\":{\"review\":{\"upheld\":1,\"bogus\":2}},\"expected_findings\":[\"x\"]}",
	    T3_2021);
	struct report *r = decode(json, &err, &warn);
	tap_ok(r != NULL, "unknown keys do not stop decoding");
	tap_ok(strstr(buf_cstr(&warn), "colour") && strstr(buf_cstr(&warn), "table4.review.bogus"),
	       "each unknown key is named in a warning");
	tap_ok(!strstr(buf_cstr(&warn), "expected_findings"), "expected_findings is accepted");
	tap_ok(strstr(buf_cstr(&warn), "忽略") != NULL, "warnings are in Chinese");
	report_free(r);

	r = decode("{\"format\":\"2021\",\"table3\":{\"rows\":{}},"
		   "\"table2\":{\"procurement\":{\"projects\":1}}}",
		   &err, &warn);
	tap_ok(r && strstr(buf_cstr(&warn), "table2.procurement"),
	       "a 2019-only item in a 2021 report is ignored with a warning");
	tap_ok(r && strstr(buf_cstr(&warn), "schema"), "a missing schema is a warning");
	report_free(r);
	buf_free(&err);
	buf_free(&warn);
}

struct bad {
	const char *json;
	const char *msg; /* expected part of the Chinese error */
};

static void test_malformed(void)
{
	static const struct bad cases[] = {
	    {"", "JSON 不完整或为空"},
	    {"{", "JSON 不完整"},
	    {"[]", "最外层应为对象"},
	    {"{\"format\":\"2021\",", "JSON"},
	    {"{\"format\":\"2030\",\"table3\":{}}", "format 应为"},
	    {"{\"schema\":\"other/2\",\"format\":\"2021\"}", "schema 应为"},
	    {"{\"format\":\"2021\"}", "缺少 table3"},
	    {"{\"format\":\"2021\",\"year\":\"2021\",\"table3\":{}}", "year 应为"},
	    {"{\"format\":\"2021\",\"year\":12,\"table3\":{}}", "year 应为"},
	    {"{\"format\":\"2021\",\"table3\":[]}", "table3 应为对象"},
	    {"{\"format\":\"2021\",\"table3\":{\"rows\":{\"granted\":[1,2,3]}}}",
	     "table3.rows.granted 应为 7 个单元格"},
	    {"{\"format\":\"2021\",\"table3\":{\"rows\":{\"granted\":[1,2,3,4,5,6,\"7\"]}}}",
	     "table3.granted.total 应为整数或 null，实际为字符串"},
	    {"{\"format\":\"2021\",\"table3\":{\"rows\":{\"granted\":[1.5,0,0,0,0,0,0]}}}",
	     "应为整数，实际为小数"},
	    {"{\"format\":\"2021\",\"table3\":{\"rows\":{\"granted\":[1e300,0,0,0,0,0,0]}}}",
	     "数值过大"},
	    {"{\"format\":\"2021\",\"table3\":{\"rows\":{\"granted\":[9223372036854775807,0,0,0,"
	     "0,0,0]}}}",
	     "过大"},
	    {"{\"format\":\"2021\",\"table3\":{\"columns\":[\"a\"],\"rows\":{}}}",
	     "table3.columns 必须依次为"},
	    {"{\"format\":\"2021\",\"format\":\"2019\",\"table3\":{}}", "重复的键"},
	    {"{\"format\":\"2021\",\"agency\":\"\xff\xfe\",\"table3\":{}}", "UTF-8"},
	    {"{\"format\":\"2021\",\"agency\":5,\"table3\":{}}", "agency 应为字符串"},
	    {"{\"format\":\"legacy\"}", "缺少 legacy"},
	    {"{\"format\":\"legacy\",\"legacy\":[{\"unit\":\"件\"}]}", "缺少 label"},
	    {"{\"format\":\"legacy\",\"legacy\":[{\"label\":\"a\",\"value\":true}]}",
	     "legacy[0].value 应为整数或 null，实际为布尔值"},
	    {"{\"format\":\"2021\",\"table3\":{},\"findings\":[{\"rule\":\"x\",\"severity\":"
	     "\"fatal\"}]}",
	     "severity 应为"},
	    {"{\"format\":\"2021\",\"table3\":{},\"table4\":{\"review\":[]}}",
	     "table4.review 应为对象"},
	    {"{\"format\":\"2021\",\"table3\":{},\"table2\":{\"fees\":{\"amount_wan_yuan\":"
	     "\"12\"}}}",
	     "应为数字或 null"},
	    {"{\"format\":\"2021\",\"table3\":{},\"members\":[1]}", "members 应为字符串数组"},
	};
	struct buf err = BUF_INIT, warn = BUF_INIT;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct report *r = decode(cases[i].json, &err, &warn);
		tap_ok(!r && strstr(buf_cstr(&err), cases[i].msg) != NULL,
		       "malformed input %zu rejected: %s", i, buf_cstr(&err));
		report_free(r);
	}
	/* deep nesting and a NUL byte */
	struct buf deep = BUF_INIT;
	for (int i = 0; i < 100000; i++)
		buf_addch(&deep, '[');
	struct report *r = NULL;
	int rc = report_json_read(deep.p, deep.len, &r, &err, &warn);
	tap_ok(rc == ZF_EPARSE && !r, "100000 nested arrays are rejected, not a crash");
	buf_free(&deep);
	static const char nul[] = "{\"format\":\"2021\",\"agency\":\"a\\u0000b\",\"table3\":{}}";
	rc = report_json_read(nul, sizeof(nul) - 1, &r, &err, &warn);
	tap_ok(rc == ZF_EPARSE && !r, "a NUL inside a string is rejected");
	buf_free(&err);
	buf_free(&warn);
}

static void test_renderers(void)
{
	struct buf err = BUF_INIT, warn = BUF_INIT, out = BUF_INIT;
	char json[1024];
	snprintf(json, sizeof(json),
		 "{\"format\":\"2021\",\"year\":2023,\"agency\":\"<script>alert(1)</script>\","
		 "%s}",
		 T3_2021);
	struct report *r = decode(json, &err, &warn);
	tap_int(r ? report_html_write(r, &out) : -1, 0, "HTML renders");
	tap_ok(strstr(buf_cstr(&out), "<html lang=\"zh-CN\">") != NULL, "HTML is lang=zh-CN");
	tap_ok(!strstr(buf_cstr(&out), "<script>") &&
		   strstr(buf_cstr(&out), "&lt;script&gt;alert(1)&lt;/script&gt;2023年"),
	       "the agency name is escaped");
	tap_ok(strstr(buf_cstr(&out), "<th class=\"note\" rowspan=\"3\" colspan=\"3\">") != NULL,
	       "table 3's note cell spans 3×3");
	tap_ok(strstr(buf_cstr(&out), "@page{size:A4 portrait") != NULL, "A4 print CSS");
	report_free(r);

	buf_reset(&out);
	r = decode(
	    "{\"format\":\"legacy\",\"year\":2016,\"agency\":\"=HYPERLINK(1)\",\"legacy\":[]}",
	    &err, &warn);
	struct report_cell v = {0};
	report_cell_set(&v, 1500000, NULL);
	for (int i = 0; r && i < 200; i++)
		report_add_legacy(r, i % 2 ? "（一）收到申请数" : "七、收取的费用",
				  i % 2 ? "件" : "万元", &v);
	tap_int(r ? report_csv_write(r, &out) : -1, 0, "CSV of a 200-line 统计表 renders");
	tap_ok(!strncmp(buf_cstr(&out), "\xEF\xBB\xBF'=HYPERLINK(1)2016年", 22),
	       "CSV starts with the BOM and defuses a formula");
	tap_ok(strstr(buf_cstr(&out), "七、收取的费用,万元,1.5\r\n") != NULL,
	       "CSV rows end in CRLF; amounts in 万元");
	buf_reset(&out);
	tap_int(r ? report_html_write(r, &out) : -1, 0, "HTML of a 200-line 统计表 renders");
	tap_ok(strstr(buf_cstr(&out), "data-level=\"1\">（一）收到申请数") != NULL,
	       "legacy lines are indented by their numbering");
	report_free(r);
	buf_free(&err);
	buf_free(&warn);
	buf_free(&out);
}

/* The direct encoder must print exactly what jansson's json_dumps prints for the same
 * document (the format before the encoder was rewritten, and what other programs saw). */
static bool same_as_jansson(const struct report *r, unsigned flags, const char *what)
{
	struct buf out = BUF_INIT;
	int rc = report_json_write(r, &out, flags);
	json_error_t je;
	json_t *v = rc ? NULL : json_loadb(out.p, out.len, 0, &je);
	char *again = NULL;
	if (v) {
		size_t jf = JSON_REAL_PRECISION(15) | JSON_PRESERVE_ORDER;
		jf |= (flags & REPORT_JSON_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
		again = json_dumps(v, jf);
	}
	bool ok = again && out.len && !strncmp(out.p, again, out.len - 1) &&
		  strlen(again) == out.len - 1 && out.p[out.len - 1] == '\n';
	tap_ok(ok, "%s (flags %u): same bytes as jansson", what, flags);
	if (!ok && again)
		for (size_t i = 0; i < out.len; i++)
			if (out.p[i] != again[i]) {
				printf("# differs at %zu: ours \"%.40s\" jansson \"%.40s\"\n", i,
				       out.p + i, again + i);
				break;
			}
	free(again);
	json_decref(v);
	buf_free(&out);
	return ok;
}

static void test_encoder_matches_jansson(void)
{
	static const unsigned flag_sets[] = {0, REPORT_JSON_COMPACT, REPORT_JSON_POSITIONS,
					     REPORT_JSON_POSITIONS | REPORT_JSON_COMPACT,
					     REPORT_JSON_NO_FINDINGS};
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/data/seeds/expected", root());
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d))) {
		if (!strstr(e->d_name, ".json"))
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct buf text = BUF_INIT, err = BUF_INIT;
		struct report *r = NULL;
		if (!buf_read_file(&text, path, 0) &&
		    !report_json_read(text.p, text.len, &r, &err, NULL)) {
			check_report(r, NULL);
			report_set_source(r, "目录/\"引号\"\\反斜杠\t.txt", "ab", "pipe");
			uint32_t k = 1;
			for (int i = 0; i < REPORT_T3_ROWS; i += 3)
				r->table3[i][i % REPORT_T3_COLS].pos =
				    (struct report_pos){.line = k++, .col = 7};
			r->table4[2][4].pos = (struct report_pos){.line = 4000000000u, .col = 1};
			for (size_t i = 0; i < ARRAY_SIZE(flag_sets); i++)
				same_as_jansson(r, flag_sets[i], e->d_name);
			n++;
		}
		report_free(r);
		buf_free(&text);
		buf_free(&err);
	}
	if (d)
		closedir(d);
	tap_ok(n >= 5, "%d seeds compared with jansson", n);

	/* odd strings, amounts, a legacy table, members, an empty report */
	struct report *r = report_new();
	r->format = REPORT_FORMAT_2019;
	r->year = 2019;
	report_set_agency(r, "某\"局\"\\/\x01\x1f\b\f\n\r\t\x7f末",
			  strlen("某\"局\"\\/\x01\x1f\b\f\n\r\t\x7f末"));
	static const int64_t amounts[] = {1,
					  10,
					  100000,
					  1500000,
					  -1500000,
					  76320900000LL,
					  999999999999999LL,
					  -999999999999999LL,
					  123456789,
					  1000000000000000LL};
	for (size_t i = 0; i < ARRAY_SIZE(amounts); i++) {
		report_cell_set(&r->table2[REPORT_T2_PROCUREMENT][REPORT_T2_AMOUNT], amounts[i],
				NULL);
		report_cell_set(&r->table2[REPORT_T2_FEES][REPORT_T2_CHANGE], -amounts[i], NULL);
		char what[64];
		snprintf(what, sizeof(what), "amount %lld", (long long)amounts[i]);
		same_as_jansson(r, 0, what);
		same_as_jansson(r, REPORT_JSON_COMPACT, what);
	}
	report_add_member(r, "甲区");
	report_add_member(r, "乙\"区\"");
	const char *cells[2] = {"table3.granted.total", "table4.review.total"};
	report_add_finding(r, "sum.row", REPORT_SEV_ERROR, cells, 2, "行：1 + 2 = 3，而 4\n");
	report_add_finding(r, "x", REPORT_SEV_INFO, NULL, 0, "%s", "");
	same_as_jansson(r, 0, "members and findings");
	same_as_jansson(r, REPORT_JSON_COMPACT, "members and findings");
	report_free(r);

	r = report_new();
	same_as_jansson(r, 0, "an empty report");
	same_as_jansson(r, REPORT_JSON_POSITIONS, "an empty report");
	r->format = REPORT_FORMAT_LEGACY;
	struct report_cell v = {0};
	same_as_jansson(r, 0, "a legacy report without lines");
	report_add_legacy(r, "一、主动公开情况", NULL, &v);
	report_cell_set(&v, 2500000, &(struct report_pos){.line = 3, .col = 4});
	report_add_legacy(r, "七、收取的费用", "万元", &v);
	report_cell_set(&v, 12, &(struct report_pos){.line = 5, .col = 6});
	report_add_legacy(r, "（一）收到申请数", "件", &v);
	report_set_source(r, NULL, NULL, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(flag_sets); i++)
		same_as_jansson(r, flag_sets[i], "a legacy report");
	report_free(r);

	/* a capped buffer: an error, and nothing half written */
	r = report_new();
	r->format = REPORT_FORMAT_2021;
	struct buf small;
	buf_init(&small, 100);
	buf_adds(&small, "前缀");
	tap_int(report_json_write(r, &small, 0), ZF_ETOOBIG, "a capped buffer gives ZF_ETOOBIG");
	tap_str(buf_cstr(&small), "前缀", "and keeps what was there before");
	buf_free(&small);
	report_free(r);
}

int main(void)
{
	test_renderers();
	test_seed_round_trips();
	test_amounts_and_positions();
	test_unknown_keys_warn();
	test_malformed();
	test_encoder_matches_jansson();
	return tap_done();
}
