/* test_doc_gate.c: the check of a draft before 保密审查 (web/doc_gate.h) and its record in
 * the store (store/integrity_checks.h), on both engines (store_test.h): the context of a hit
 * cut around it (UTF-8 safe, on one line), overrides applied by rule and snippet on that
 * document only, the override refused without a reason and audited with one, the last
 * check kept and read back, the hits in HTML (<mark>, escaped, severity in Chinese, the
 * override form) and as text for the command line; then the real gate: a draft with the
 * misspelt leader name 习进平 stopped, fixed and submitted, a second one let through by an
 * override with its reason. */
#include "common.h"
#include "arena.h"
#include "store/db.h"
#include "store/docs.h"
#include "store/integrity_checks.h"
#include "store_test.h"
#include "tap.h"
#include "utf8.h"
#include "web/doc_gate.h"

#include <unistd.h>
#include <zip.h>

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad day %s", s);
	return d;
}

static long long audits(struct store *st, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
	return store_test_int(st, sql);
}

static long long draft(struct store *st, long long agency, const char *title, const char *body)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = {.agency_id = agency,
			       .title = title,
			       .summary = "",
			       .body = body,
			       .written_on = day("2026-11-20")};
	long long id = 0;
	if (store_doc_add(st, "clerk", &f, &id, &err))
		BUG("draft: %s", buf_cstr(&err));
	buf_free(&err);
	return id;
}

/* A finding as the check gives it: the byte range of needle in text. */
static void add_hit(struct site_findings *f, const char *field, const char *text,
		    const char *needle, const char *rule, enum scan_sev sev, const char *fix)
{
	const char *p = strstr(text, needle);
	if (!p)
		BUG("no %s", needle);
	struct site_finding x = {.id = rule,
				 .sev = sev,
				 .field = field,
				 .start = (size_t)(p - text),
				 .end = (size_t)(p - text) + strlen(needle),
				 .snippet = needle,
				 .message = "党和国家领导人姓名错误",
				 .fix = fix};
	if (site_findings_add(f, &x))
		BUG("add");
}

static void test_build(void)
{
	struct arena *a = arena_new(0);
	const char *title = "关于学习习进平总书记重要讲话精神的通知";
	const char *body = "各单位：\n深入学习贯彻习进平新时代中国特色社会主义思想，"
			   "认真落实<script>要求</script>。联系电话：13800138000。";
	struct doc_gate_text texts[] = {{"title", title, strlen(title)},
					{"body", body, strlen(body)}};
	struct site_findings f;
	site_findings_init(&f);
	add_hit(&f, "title", title, "习进平", "wording.leader-name-1", SCAN_VETO, "习近平");
	add_hit(&f, "body", body, "习进平", "wording.leader-name-1", SCAN_VETO, "习近平");
	add_hit(&f, "body", body, "<script>", "spam.script", SCAN_SUSPECT, "");
	struct doc_check c;
	memset(&c, 0, sizeof(c));
	tap_int(doc_gate_build(a, texts, 2, &f, NULL, 0, &c), 0, "build a check from findings");
	tap_ok(c.n == 3 && c.open == 3 && !c.passed, "three hits, all open: stopped");
	tap_str(c.hits[0].before, "关于学习", "the title's context before (short)");
	tap_str(c.hits[0].snippet, "习进平", "the snippet");
	tap_str(c.hits[0].after, "总书记重要讲话精神的通知", "and after");
	tap_str(c.hits[1].before, "各单位： 深入学习贯彻",
		"a line break in the context is a space");
	tap_int((long long)utf8_count(c.hits[1].after, strlen(c.hits[1].after)), 20,
		"20 characters after (%s)", c.hits[1].after);

	/* a range that falls inside a character is moved to its start: no broken UTF-8 */
	struct site_findings g;
	site_findings_init(&g);
	struct site_finding odd = {.id = "wording.x",
				   .field = "title",
				   .start = 13,
				   .end = 20,
				   .snippet = "",
				   .message = "m"};
	site_findings_add(&g, &odd);
	struct doc_check c2;
	doc_gate_build(a, texts, 2, &g, NULL, 0, &c2);
	tap_str(c2.hits[0].snippet, "习进", "an unaligned range reads whole characters");
	site_findings_free(&g);

	/* the override of rule + snippet covers both places, not another rule */
	struct doc_check_override ov = {
	    .rule_id = "wording.leader-name-1", .snippet = "习进平", .reason = "引用原文"};
	doc_gate_build(a, texts, 2, &f, &ov, 1, &c);
	tap_ok(c.open == 1 && c.hits[0].overridden && c.hits[1].overridden &&
		   !c.hits[2].overridden && !strcmp(c.hits[0].reason, "引用原文"),
	       "one override covers the same rule and snippet twice, not the other hit");
	ov.snippet = "习近平";
	doc_gate_build(a, texts, 2, &f, &ov, 1, &c);
	tap_int(c.open, 3, "an override of another snippet does not count");

	/* HTML */
	doc_gate_build(a, texts, 2, &f, NULL, 0, &c);
	struct buf w = BUF_INIT;
	doc_gate_html_hits(&w, a, &c, true);
	const char *h = buf_cstr(&w);
	tap_ok(strstr(h, "关于学习<mark>习进平</mark>总书记") != NULL,
	       "the word marked in its context");
	tap_ok(strstr(h, "单项否决") && strstr(h, "疑似") && strstr(h, "建议：习近平"),
	       "severity in Chinese and the fix");
	tap_ok(!strstr(h, "<script>") && strstr(h, "<mark>&lt;script&gt;</mark>"),
	       "the text is escaped");
	tap_ok(strstr(h, "name=\"rule_2\" value=\"spam.script\"") &&
		   strstr(h, "name=\"snippet_0\" value=\"习进平\"") &&
		   strstr(h, "name=\"reason_1\""),
	       "the override form's fields, one set per open hit");
	tap_ok(strstr(h, "正文") && strstr(h, "标题"), "the place named");
	buf_reset(&w);
	doc_gate_build(a, texts, 2, &f, &ov, 0, &c);
	c.hits[2].overridden = true;
	c.hits[2].reason = "示例代码";
	doc_gate_html_hits(&w, a, &c, true);
	tap_ok(strstr(buf_cstr(&w), "已放行，理由：示例代码") && !strstr(buf_cstr(&w), "rule_2"),
	       "an overridden hit shows its reason and no form field");
	buf_free(&w);

	struct buf t = BUF_INIT;
	doc_gate_text_report(&t, &c);
	tap_ok(strstr(buf_cstr(&t), "1. 【单项否决】标题：……关于学习【习进平】总书记") &&
		   strstr(buf_cstr(&t), "建议：习近平") && strstr(buf_cstr(&t), "已放行：示例代码"),
	       "the text report for the command line");
	buf_free(&t);
	tap_str(doc_gate_field_label(a, "attachment:附件1.docx"), "附件《附件1.docx》",
		"an attachment named");
	site_findings_free(&f);
	arena_free(a);
}

static void test_store(struct store *st, long long agency)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	long long doc = draft(st, agency, "关于学习习进平讲话的通知", "正文");
	long long other = draft(st, agency, "另一份文件", "正文");
	long long before = audits(st, "doc.check.override");
	tap_int(store_doc_check_override(st, "clerk", doc, "wording.leader-name-1", "习进平", "  ",
					 &err),
		ZF_EINVAL, "a blank reason is refused (%s)", buf_cstr(&err));
	tap_int(store_doc_check_override(st, "clerk", 99999, "wording.x", "x", "理由", &err),
		ZF_ENOENT, "an unknown document: ENOENT");
	char *long_reason = arena_alloc(a, 3 * 501 + 1);
	for (int i = 0; i < 501; i++)
		memcpy(long_reason + 3 * i, "长", 3);
	long_reason[3 * 501] = '\0';
	tap_int(store_doc_check_override(st, "clerk", doc, "wording.x", "x", long_reason, &err),
		ZF_EINVAL, "a reason over 500 characters is refused");
	tap_int(audits(st, "doc.check.override"), before, "refusals leave no audit line");
	tap_int(store_doc_check_override(st, "clerk", doc, "wording.leader-name-1", "习进平",
					 "引用的是错误原文，作为反面示例", &err),
		0, "an override with its reason");
	tap_int(store_doc_check_override(st, "clerk2", doc, "wording.leader-name-1", "习进平",
					 "第二次的理由", &err),
		0, "the same rule and snippet again");
	tap_int(audits(st, "doc.check.override"), before + 2, "audited each time");
	struct doc_check_override *ov;
	size_t n;
	tap_int(store_doc_check_overrides(st, a, doc, &ov, &n), 0, "read the overrides");
	tap_ok(n == 1 && !strcmp(ov[0].reason, "第二次的理由") && !strcmp(ov[0].actor, "clerk2") &&
		   !strcmp(ov[0].snippet, "习进平") && *ov[0].at,
	       "one row, the second reason replaced the first");
	store_doc_check_overrides(st, a, other, &ov, &n);
	tap_int(n, 0, "another document has none");

	/* the last check */
	struct doc_check_hit hits[] = {
	    {.rule_id = "wording.leader-name-1",
	     .sev = SCAN_VETO,
	     .field = "title",
	     .start = 12,
	     .end = 21,
	     .before = "关于学习",
	     .snippet = "习进平",
	     .after = "讲话的通知",
	     .message = "领导人姓名错误",
	     .fix = "习近平",
	     .overridden = true},
	    {.rule_id = "pii.mobile",
	     .sev = SCAN_DEDUCT,
	     .field = "body",
	     .snippet = "138****8000"},
	};
	struct doc_check c = {.doc_id = doc,
			      .actor = "clerk",
			      .passed = false,
			      .micros = 1234,
			      .rules = "2026.1",
			      .note = "附件《扫描件.jpg》未检查文字（图片不能直接读取文字）",
			      .hits = hits,
			      .n = 2,
			      .open = 1};
	struct doc_check got;
	tap_int(store_doc_check_last(st, a, doc, &got), ZF_ENOENT, "never checked: ENOENT");
	tap_int(store_doc_check_save(st, &c), 0, "keep a check");
	tap_int(store_doc_check_save(st, &c), 0, "and again (replaces it)");
	tap_int(store_doc_check_last(st, a, doc, &got), 0, "read it back");
	tap_ok(got.n == 2 && got.open == 1 && !got.passed && got.micros == 1234 &&
		   !strcmp(got.rules, "2026.1") && !strcmp(got.note, c.note) && *got.at,
	       "its summary");
	tap_ok(got.hits[0].sev == SCAN_VETO && !strcmp(got.hits[0].before, "关于学习") &&
		   !strcmp(got.hits[0].after, "讲话的通知") && got.hits[0].start == 12 &&
		   got.hits[0].overridden && !strcmp(got.hits[0].reason, "第二次的理由") &&
		   got.hits[1].sev == SCAN_DEDUCT && !strcmp(got.hits[1].snippet, "138****8000") &&
		   !got.hits[1].overridden && !*got.hits[1].reason,
	       "its hits, with the override's reason");
	c.doc_id = 99999;
	tap_int(store_doc_check_save(st, &c), ZF_ENOENT, "an unknown document: ENOENT");

	/* doc_gate_override_all: one override a rule and snippet, open hits only */
	struct doc_check_hit h2[] = {
	    {.rule_id = "wording.a", .snippet = "甲", .message = "", .fix = ""},
	    {.rule_id = "wording.a", .snippet = "甲", .message = "", .fix = ""},
	    {.rule_id = "wording.b", .snippet = "乙", .overridden = true},
	    {.rule_id = "wording.c", .snippet = "丙", .message = "", .fix = ""},
	};
	struct doc_check c3 = {.doc_id = other, .hits = h2, .n = 4, .open = 3};
	size_t done = 0;
	before = audits(st, "doc.check.override");
	tap_int(doc_gate_override_all(st, "clerk", &c3, "已核实无误", &done, &err), 0,
		"override all");
	tap_int(done, 2, "two rows: 甲 once, 丙; 乙 was already overridden");
	tap_int(audits(st, "doc.check.override") - before, 2, "two audit lines");
	tap_int(doc_gate_override_all(st, "clerk", &c3, "", &done, &err), ZF_EINVAL,
		"without a reason: refused");

	/* doc_gate_override_some: only hits that are open, a reason each or one for all */
	h2[0].overridden = h2[1].overridden = h2[3].overridden = false;
	struct doc_gate_reason r[] = {
	    {"wording.a", "甲", ""},	     /* takes the reason for all */
	    {"wording.c", "丙", "专有名词"}, /* its own */
	    {"wording.z", "不存在", "伪造"}, /* not a hit of the check: ignored */
	};
	tap_int(doc_gate_override_some(st, "clerk", &c3, r, 3, "", &done, &err), 0,
		"some, without a reason for all");
	tap_int(done, 1, "only the one with its own reason");
	tap_int(doc_gate_override_some(st, "clerk", &c3, r, 3, "统一理由", &done, &err), 0,
		"with a reason for all");
	tap_int(done, 2, "both real hits, never the forged one");
	struct doc_gate_reason twice[] = {
	    {"wording.a", "甲", ""}, /* listed twice (two places), the reason on the second */
	    {"wording.a", "甲", "第二处的理由"},
	    {"wording.a", "甲", "第三处的理由"},
	};
	before = audits(st, "doc.check.override");
	tap_int(doc_gate_override_some(st, "clerk", &c3, twice, 3, "", &done, &err), 0,
		"the same hit listed three times");
	tap_ok(done == 1 && audits(st, "doc.check.override") == before + 1,
	       "one override, one audit line, from the first reason given (%zu)", done);
	store_doc_check_overrides(st, a, other, &ov, &n);
	bool forged = false;
	for (size_t i = 0; i < n; i++)
		forged |= !strcmp(ov[i].rule_id, "wording.z");
	tap_ok(!forged, "no override for a hit the check did not find");

	/* a deleted draft takes its check and overrides with it */
	tap_int(store_doc_delete(st, "clerk", doc, &err), 0, "delete the draft");
	tap_int(store_test_int(st, "SELECT count(*) FROM doc_check_overrides WHERE doc_id NOT IN"
				   " (SELECT id FROM docs)") +
		    store_test_int(st, "SELECT count(*) FROM doc_checks WHERE doc_id NOT IN"
				       " (SELECT id FROM docs)") +
		    store_test_int(st, "SELECT count(*) FROM doc_check_hits WHERE doc_id NOT IN"
				       " (SELECT id FROM docs)"),
		0, "nothing left behind");
	buf_free(&err);
	arena_free(a);
}

/* A .docx in memory whose one paragraph is text (made with libzip in a temporary file). */
static void docx_of(struct buf *out, const char *text)
{
	char dir[] = "/tmp/zf-gate-XXXXXX", path[64];
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	snprintf(path, sizeof(path), "%s/t.docx", dir);
	char *xml = xasprintf(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
	    "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>%s</w:t>"
	    "</w:r></w:p></w:body></w:document>",
	    text);
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	zip_file_add(z, "[Content_Types].xml", zip_source_buffer(z, "<Types/>", 8, 0), 0);
	zip_file_add(z, "word/document.xml", zip_source_buffer(z, xml, strlen(xml), 0), 0);
	zip_close(z);
	buf_reset(out);
	buf_read_file(out, path, 1u << 20);
	unlink(path);
	rmdir(dir);
	free(xml);
}

/* The gate itself, with the checker in force (the embedded default rule set, which has
 * 习进平 → 习近平 as a veto rule). */
static void test_gate(struct store *st, long long agency)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct doc_check c;
	bool submitted = true;
	long long id = draft(st, agency, "关于学习习进平同志讲话的通知",
			     "各单位：\n认真学习习进平同志讲话精神。");
	int rc = doc_gate_submit(st, a, "clerk", id, &c, &submitted, &err);
	tap_ok(rc == 0 && !submitted, "a draft with 习进平 is stopped (rc %d %s)", rc,
	       buf_cstr(&err));
	size_t leader = 0;
	for (size_t i = 0; i < c.n; i++)
		leader += !strcmp(c.hits[i].snippet, "习进平") && c.hits[i].sev == SCAN_VETO &&
			  strstr(c.hits[i].fix, "习近平") != NULL;
	tap_ok(leader == 2 && c.open >= 2, "in the title and the body, veto, fix 习近平 (%zu)",
	       leader);
	printf("# the check took %lld µs\n", c.micros);
	struct doc d;
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_DRAFT, "it stays a draft");
	struct doc_check last;
	tap_ok(store_doc_check_last(st, a, id, &last) == 0 && !last.passed && last.n == c.n,
	       "the check is kept as its last");

	/* fixed: passes; an attachment's text is checked, an image is named as not read */
	struct doc_fields f = d.f;
	f.title = "关于学习习近平同志讲话的通知";
	f.body = "各单位：\n认真学习习近平同志讲话精神。";
	tap_int(store_doc_update(st, "clerk", id, d.version, &f, &err), 0, "fix it");
	const char *txt = "附：会议材料\n习进平同志讲话（摘要）";
	tap_int(store_doc_attach(st, "clerk", id, "材料.txt", (const unsigned char *)txt,
				 strlen(txt), NULL, &err),
		0, "attach a text file");
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0,
					    0,	  13,  'I', 'H', 'D',  'R',  0,	   0,	 0, 1,
					    0,	  0,   0,   1,	 8,    2,    0,	   0,	 0};
	rc = store_doc_attach(st, "clerk", id, "扫描件.png", png, sizeof(png), NULL, &err);
	tap_int(rc, 0, "attach an image (%s)", buf_cstr(&err));
	rc = doc_gate_submit(st, a, "clerk", id, &c, &submitted, &err);
	tap_ok(rc == 0 && !submitted && c.n >= 1 &&
		   !strcmp(c.hits[0].field, "attachment:材料.txt") &&
		   !strcmp(c.hits[0].snippet, "习进平"),
	       "the attachment's text is checked and stops it");
	tap_ok(strstr(c.note, "扫描件.png") != NULL, "the image is named as not read (%s)", c.note);
	struct buf docx = BUF_INIT;
	docx_of(&docx, "附件二：转发习进平同志讲话");
	rc = store_doc_attach(st, "clerk", id, "通知.docx", (const unsigned char *)docx.p, docx.len,
			      NULL, &err);
	tap_int(rc, 0, "attach a Word file (%s)", buf_cstr(&err));
	buf_free(&docx);
	rc = doc_gate_submit(st, a, "clerk", id, &c, &submitted, &err);
	bool word = false;
	for (size_t i = 0; i < c.n; i++)
		word |= !strcmp(c.hits[i].field, "attachment:通知.docx") &&
			!strcmp(c.hits[i].snippet, "习进平") &&
			!strcmp(c.hits[i].before, "附件二：转发");
	tap_ok(rc == 0 && !submitted && word, "the Word file's text is checked too");
	size_t n = 0;
	tap_int(doc_gate_override_all(st, "clerk", &c, "附件为原始材料，按原文留存", &n, &err), 0,
		"override with a reason");
	rc = doc_gate_submit(st, a, "clerk", id, &c, &submitted, &err);
	tap_ok(rc == 0 && submitted && c.passed && c.open == 0, "then it is submitted");
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_REVIEW, "in review");
	rc = doc_gate_submit(st, a, "clerk", id, &c, &submitted, &err);
	tap_ok(rc == ZF_ESTATE && !submitted, "not a draft any more: ZF_ESTATE (%s)",
	       buf_cstr(&err));

	/* the override holds on that document only */
	long long other = draft(st, agency, "转发材料", "习进平同志讲话（摘要）");
	rc = doc_gate_submit(st, a, "clerk", other, &c, &submitted, &err);
	tap_ok(rc == 0 && !submitted && c.open == 1,
	       "the same words on another document are stopped");
	tap_int(doc_gate_submit(st, a, "clerk", 99999, &c, &submitted, &err), ZF_ENOENT,
		"an unknown document: ENOENT");
	buf_free(&err);
	arena_free(a);
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	test_build();
	struct store *st = store_test_fresh("doc_gate");
	if (!st) {
		tap_ok(false, "a fresh store");
		return tap_done();
	}
	long long gov = 0;
	store_agency_add(st, 0, "示例区人民政府", AGENCY_GOVERNMENT, &gov);
	test_store(st, gov);
	test_gate(st, gov);
	store_close(st);
	return tap_done();
}
