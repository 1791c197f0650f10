/* test_docs_store.c: the catalogue in the store: field checks, the life cycle (draft →
 * review → returned → review → published → repealed) with its history and audit lines,
 * refused writes that change nothing, frozen published entries, 索引号 assignment,
 * attachments, the working list (Art. 26, 定期审查), table 2's 第二十条（一） figures and
 * the demo catalogue. */
#include "common.h"
#include "arena.h"
#include "law/calendar.h"
#include "store/db.h"
#include "demo/docs.h"
#include "demo/requests.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

#include <pthread.h>

static struct calendar *cal;

static zf_day day(const char *s)
{
	zf_day d = 0;
	if (date_parse(str_c(s), &d))
		BUG("bad date %s", s);
	return d;
}

/* Everything a write could change (every table, the search index with it), on either
 * engine. */
static void dump(struct store *st, struct buf *out)
{
	buf_reset(out);
	if (store_test_dump(st, out))
		BUG("dump");
}

/* A statement typed by hand (an UPDATE ... RETURNING id): true when the database refused
 * it. */
static bool refused(struct store *st, const char *sql)
{
	return store_test_int(st, sql) == -1;
}

static long long audits(struct store *st)
{
	long long n = 0;
	store_audit_count(st, &n);
	return n;
}

static struct doc_fields fields(long long agency, const char *title, const char *written)
{
	struct doc_fields f = {0};
	f.agency_id = agency;
	f.title = title;
	f.summary = "";
	f.body = "";
	f.written_on = day(written);
	return f;
}

static void test_checks(void)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = fields(1, "关于印发某方案的通知", "2024-03-01");
	tap_int(docs_check_fields(&f, &err), 0, "good fields pass");
	f.title = "  ";
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "a blank title is refused");
	tap_str(buf_cstr(&err), "请填写文件名称", "with a Chinese reason");
	f.title = "标题\n换行";
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "a title with a line break is refused");
	f.title = "通知";
	f.doc_no = "示政发2024-12";
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "a malformed 文号 is refused");
	tap_ok(strstr(buf_cstr(&err), "机关代字〔年份〕序号号") != NULL, "explaining the form: %s",
	       buf_cstr(&err));
	f.doc_no = "示政发[2024]12号";
	tap_int(docs_check_fields(&f, &err), 0, "a variant 文号 passes");
	f.topic = "99.01";
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "an unknown topic is refused");
	f.topic = "综合政务\\政务公开";
	f.genre = "小说";
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "an unknown genre is refused");
	f.genre = "通知";
	f.written_on = date_today() + 1;
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "成文日期 in the future is refused");
	f.written_on = day("2024-03-01");
	f.effective_on = day("2024-02-01");
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "施行日期 before 成文日期 is refused");
	f.effective_on = 0;
	f.valid_until = day("2024-03-01");
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL,
		"a term ending on the day written is refused");
	f.valid_until = 0;
	f.agency_id = 0;
	tap_int(docs_check_fields(&f, &err), ZF_EINVAL, "no agency is refused");
	buf_free(&err);
}

static void test_life_cycle(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT, before = BUF_INIT, after = BUF_INIT;
	struct doc_fields f =
	    fields(gov, "  示例区人民政府关于做好政府信息公开工作的通知 ", "2024-03-01");
	f.doc_no = "示政发[2024]3号";
	f.topic = "综合政务\\政务公开";
	f.genre = "通知";
	f.summary = "就做好政府信息公开工作作出部署。";
	f.body = "各街道办事处：为做好政府信息公开工作，现通知如下。";
	long long id = 0, a0 = audits(st);
	tap_int(store_doc_add(st, "clerk", &f, &id, &err), 0, "add a draft");
	tap_int(audits(st) - a0, 1, "one audit line");
	struct doc d;
	tap_int(store_doc_get(st, a, id, &d), 0, "get it");
	tap_str(d.f.title, "示例区人民政府关于做好政府信息公开工作的通知", "title trimmed");
	tap_str(d.f.doc_no, "示政发〔2024〕3号", "文号 stored canonical");
	tap_str(d.f.topic, "02.01", "topic stored as its code");
	tap_str(d.f.issuer, "示例区人民政府", "发布机构 defaults to the agency's full name");
	tap_int(d.state, DOC_DRAFT, "a draft");
	tap_int(d.version, 1, "version 1");
	tap_str(d.index_no, "", "no 索引号 before publication");

	/* edits name the version they saw */
	f.summary = "就做好2024年政府信息公开工作作出部署。";
	tap_int(store_doc_update(st, "clerk", id, 7, &f, &err), ZF_ESTATE,
		"a stale edit is refused");
	tap_ok(strstr(buf_cstr(&err), "已被他人修改") != NULL, "saying why: %s", buf_cstr(&err));
	tap_int(store_doc_update(st, "clerk", id, 1, &f, &err), 0, "an edit of version 1");
	store_doc_get(st, a, id, &d);
	tap_int(d.version, 2, "version 2");

	dump(st, &before);
	tap_int(store_doc_approve(st, "reviewer", id, 0, &err), ZF_ESTATE,
		"a draft cannot be approved before it is submitted");
	dump(st, &after);
	tap_ok(!strcmp(before.p, after.p), "and the refused write changed nothing");

	tap_int(store_doc_submit(st, "clerk", id, &err), 0, "submit for 保密审查");
	tap_int(store_doc_update(st, "clerk", id, 3, &f, &err), ZF_ESTATE,
		"no edit while in review");
	tap_int(store_doc_return(st, "reviewer", id, " ", &err), ZF_EINVAL,
		"returning needs a reason");
	tap_int(store_doc_return(st, "reviewer", id, "内容概述中有内部人员姓名，请删除", &err), 0,
		"the reviewer returns it");
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_DRAFT, "back to draft");
	tap_str(d.return_reason, "内容概述中有内部人员姓名，请删除", "with the reason");
	f.summary = "就做好政府信息公开工作作出部署。";
	tap_int(store_doc_update(st, "clerk", id, d.version, &f, &err), 0, "the clerk fixes it");
	tap_int(store_doc_submit(st, "clerk", id, &err), 0, "and submits again");
	store_doc_get(st, a, id, &d);
	tap_str(d.return_reason, "", "the old reason is cleared on resubmission");

	dump(st, &before);
	tap_int(store_doc_approve(st, "reviewer", id, day("2024-03-05"), &err), ZF_ESTATE,
		"no organisation code: approval is refused");
	tap_ok(strstr(buf_cstr(&err), "组织机构代码") != NULL, "saying so: %s", buf_cstr(&err));
	dump(st, &after);
	tap_ok(!strcmp(before.p, after.p), "and nothing changed (no half-assigned 索引号)");
	tap_int(store_doc_settings_set(st, "admin", gov, "000014348", NULL, &err), ZF_EINVAL,
		"a wrong organisation code is refused");
	tap_int(store_doc_settings_set(st, "admin", gov, "000014349", NULL, &err), 0,
		"set the organisation code");
	tap_int(store_doc_approve(st, "reviewer", id, day("2024-02-01"), &err), ZF_EINVAL,
		"publication before 成文日期 is refused");
	tap_int(store_doc_approve(st, "reviewer", id, day("2024-03-05"), &err), 0,
		"the reviewer approves: published");
	store_doc_get(st, a, id, &d);
	tap_int(d.state, DOC_PUBLISHED, "published");
	tap_str(d.index_no, "000014349/2024-00001", "索引号 from the template");
	char out[11];
	tap_str(date_format(d.published_on, out), "2024-03-05", "发布日期");

	/* published entries are frozen */
	tap_int(store_doc_update(st, "clerk", id, d.version, &f, &err), ZF_ESTATE,
		"a published document cannot be edited");
	tap_int(store_doc_delete(st, "clerk", id, &err), ZF_ESTATE, "nor deleted");
	char *sql = xasprintf("UPDATE docs SET title = 'x' WHERE id = %lld RETURNING id", id);
	tap_ok(refused(st, sql), "not even by hand: a trigger refuses");
	free(sql);
	sql = xasprintf("UPDATE docs SET index_no = 'x' WHERE id = %lld RETURNING id", id);
	tap_ok(refused(st, sql), "and the 索引号 never changes");
	free(sql);
	sql = xasprintf("DELETE FROM docs WHERE id = %lld RETURNING id", id);
	tap_ok(refused(st, sql), "nor is it deleted by hand");
	free(sql);

	/* a second document takes the next serial */
	struct doc_fields g =
	    fields(gov, "示例区人民政府关于开展安全生产专项整治的通知", "2024-04-01");
	long long id2 = 0;
	store_doc_add(st, "clerk", &g, &id2, &err);
	store_doc_submit(st, "clerk", id2, &err);
	tap_int(store_doc_approve(st, "reviewer", id2, day("2024-04-02"), &err), 0,
		"approve a second");
	store_doc_get(st, a, id2, &d);
	tap_str(d.index_no, "000014349/2024-00002", "next serial");

	/* repeal */
	tap_int(store_doc_invalidate(st, "clerk", id, DOC_REPEALED, day("2025-01-10"), "", &err),
		ZF_EINVAL, "repeal needs a reason");
	tap_int(store_doc_invalidate(st, "clerk", id, DOC_REPEALED, day("2024-01-10"), "依据某决定",
				     &err),
		ZF_EINVAL, "repeal before publication is refused");
	a0 = audits(st);
	tap_int(store_doc_invalidate(st, "clerk", id, DOC_REPEALED, day("2025-01-10"),
				     "依据《示例区人民政府关于废止部分行政规范性文件的决定》废止",
				     &err),
		0, "the clerk repeals it");
	tap_int(audits(st) - a0, 1, "one audit line");
	store_doc_get(st, a, id, &d);
	tap_int(d.validity, DOC_REPEALED, "废止");
	tap_str(date_format(d.invalid_on, out), "2025-01-10", "from that day");
	tap_int(store_doc_invalidate(st, "clerk", id, DOC_EXPIRED, day("2025-02-10"), "", &err),
		ZF_ESTATE, "a repealed document cannot expire as well");

	struct doc_event *ev;
	size_t nev;
	tap_int(store_doc_events(st, a, id, &ev, &nev), 0, "history");
	const char *kinds[] = {"created", "edited",    "submitted", "returned",
			       "edited",  "submitted", "approved",  "repealed"};
	bool same = nev == ARRAY_SIZE(kinds);
	for (size_t i = 0; same && i < nev; i++)
		same = !strcmp(ev[i].kind, kinds[i]);
	tap_ok(same, "the history is the life cycle, in order (%zu events)", nev);
	tap_str(nev > 3 ? ev[3].detail : NULL, "内容概述中有内部人员姓名，请删除",
		"the return carries its reason");
	tap_str(nev > 1 ? ev[1].detail : NULL, "内容概述", "an edit names the fields changed");
	tap_str(nev > 6 ? ev[6].label : NULL, "审查通过并发布", "events have Chinese labels");

	/* drafts can be deleted; interpretations must point to published documents */
	struct doc_fields j =
	    fields(gov, "《关于做好政府信息公开工作的通知》政策解读", "2024-03-06");
	j.interprets_id = id2 + 100;
	tap_int(store_doc_add(st, "clerk", &j, NULL, &err), ZF_EINVAL,
		"an interpretation of nothing is refused");
	long long draft = 0;
	store_doc_add(st, "clerk", &g, &draft, &err);
	j.interprets_id = draft;
	tap_int(store_doc_add(st, "clerk", &j, NULL, &err), ZF_EINVAL,
		"an interpretation of a draft is refused");
	j.interprets_id = id2;
	tap_int(store_doc_add(st, "clerk", &j, NULL, &err), 0,
		"an interpretation of a published one");
	struct doc_filter flt = doc_filter_any();
	flt.interprets_id = id2;
	struct doc_list list;
	store_doc_list(st, a, &flt, &list);
	tap_int(list.total, 1, "listed as the document's interpretation");
	tap_int(store_doc_delete(st, "clerk", draft, &err), 0, "delete a draft");
	tap_int(store_doc_get(st, a, draft, &d), ZF_ENOENT, "gone");

	buf_free(&err);
	buf_free(&before);
	buf_free(&after);
	arena_free(a);
}

static void test_attachments(struct store *st, long long gov)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	struct doc_fields f = fields(gov, "附件测试", "2024-05-01");
	long long id = 0, att = 0;
	store_doc_add(st, "clerk", &f, &id, &err);
	static const unsigned char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
	tap_int(store_doc_attach(st, "clerk", id, "C:\\Users\\clerk\\方案.pdf", pdf,
				 sizeof(pdf) - 1, &att, &err),
		0, "attach a PDF");
	tap_int(store_doc_attach(st, "clerk", id, "方案.pdf", (const unsigned char *)"<html>", 6,
				 NULL, &err),
		ZF_EINVAL, "HTML named .pdf is refused");
	tap_int(store_doc_attach(st, "clerk", id, "x.html", (const unsigned char *)"<html>", 6,
				 NULL, &err),
		ZF_EINVAL, "HTML is refused");
	tap_int(store_doc_attach(st, "clerk", id, "empty.txt", (const unsigned char *)"", 0, NULL,
				 &err),
		ZF_EINVAL, "an empty file is refused");
	unsigned char *big = xcalloc(1, DOC_ATTACHMENT_MAX + 1);
	memcpy(big, "%PDF-", 5);
	tap_int(
	    store_doc_attach(st, "clerk", id, "big.pdf", big, DOC_ATTACHMENT_MAX + 1, NULL, &err),
	    ZF_ETOOBIG, "over the cap is refused");
	free(big);
	struct doc_attachment *list;
	size_t n;
	store_doc_attachments(st, a, id, &list, &n);
	tap_int((long long)n, 1, "one attachment");
	tap_str(n ? list[0].name : NULL, "方案.pdf", "the path is stripped from the name");
	tap_str(n ? list[0].content_type : NULL, "application/pdf", "served as PDF");
	struct doc_attachment one;
	tap_int(store_doc_attachment_get(st, a, att, &one), 0, "get it with its bytes");
	tap_ok(one.size == sizeof(pdf) - 1 && !memcmp(one.data, pdf, one.size), "bytes intact");
	tap_str(docs_attachment_type("a.xlsx", (const unsigned char *)"PK\x03\x04", 4),
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx type");
	tap_ok(!docs_attachment_type("a.exe", (const unsigned char *)"MZ", 2), "exe refused");
	tap_ok(!docs_attachment_type("a.txt", (const unsigned char *)"a\0b", 3),
	       "text with NUL refused");
	store_doc_submit(st, "clerk", id, &err);
	tap_int(store_doc_detach(st, "clerk", att, &err), ZF_ESTATE, "no change while in review");
	store_doc_withdraw(st, "clerk", id, &err);
	tap_int(store_doc_detach(st, "clerk", att, &err), 0, "detach from the draft");
	store_doc_attachments(st, a, id, &list, &n);
	tap_int((long long)n, 0, "none left");
	buf_free(&err);
	arena_free(a);
}

/* Publishes a document directly (history import path). */
static long long publish(struct store *st, long long agency, const char *title, enum doc_kind k,
			 const char *written, const char *published)
{
	struct buf err = BUF_INIT;
	struct doc_fields f = fields(agency, title, written);
	f.kind = k;
	long long id = 0;
	if (store_doc_insert_published(st, &f, day(published), NULL, DOC_VALID, 0, &id, &err))
		BUG("publish %s: %s", title, buf_cstr(&err));
	buf_free(&err);
	return id;
}

static void test_t2(struct store *st, long long gov, long long dept)
{
	struct buf err = BUF_INIT;
	tap_int(store_doc_settings_set(st, "admin", dept, "014416330", NULL, &err), 0,
		"the department's organisation code");
	/* 2023: two normative documents of the government, one regulation */
	long long n1 =
	    publish(st, gov, "规范性文件一", DOC_KIND_NORMATIVE, "2023-02-01", "2023-02-03");
	publish(st, gov, "规范性文件二", DOC_KIND_NORMATIVE, "2023-12-30", "2024-01-04");
	long long r1 = publish(st, gov, "规章一", DOC_KIND_REGULATION, "2023-06-01", "2023-06-02");
	/* 2024: one more normative document in the department, one that comes into force
	 * in 2025, the 2023 one repealed, the regulation expired */
	publish(st, dept, "部门规范性文件", DOC_KIND_NORMATIVE, "2024-05-01", "2024-05-06");
	struct doc_fields later = fields(gov, "明年施行的规范性文件", "2024-11-01");
	later.kind = DOC_KIND_NORMATIVE;
	later.effective_on = day("2025-01-01");
	store_doc_insert_published(st, &later, day("2024-11-05"), NULL, DOC_VALID, 0, NULL, &err);
	publish(st, gov, "普通通知", DOC_KIND_OTHER, "2024-03-01", "2024-03-02");
	store_doc_invalidate(st, "clerk", n1, DOC_REPEALED, day("2024-06-30"), "依据某决定", &err);
	store_doc_invalidate(st, "clerk", r1, DOC_EXPIRED, day("2024-08-01"), "有效期届满", &err);

	long long ids[] = {gov, dept};
	struct docs_t2 t;
	tap_int(store_docs_t2_rules(st, ids, 2, 2024, &t), 0, "table 2 figures for 2024");
	tap_int(t.issued[1], 2, "行政规范性文件 本年制发: by 成文日期 in 2024 (two)");
	tap_int(t.repealed[1], 1, "本年废止: one");
	tap_int(t.in_force[1], 2,
		"现行有效 on 31 December: the 2023-12-30 one and the department's");
	tap_int(t.issued[0], 0, "规章 本年制发: none");
	tap_int(t.repealed[0], 0, "规章 本年废止: none (失效 is not 废止)");
	tap_int(t.in_force[0], 0, "规章 现行有效: none (expired)");
	store_docs_t2_rules(st, ids, 2, 2023, &t);
	tap_int(t.issued[1], 2, "2023: two normative documents made");
	tap_int(t.in_force[1], 1,
		"2023: one in force on 31 December (the other not yet published)");
	tap_int(t.issued[0], 1, "2023: one regulation");
	tap_int(t.in_force[0], 1, "2023: in force");
	store_docs_t2_rules(st, ids, 1, 2024, &t);
	tap_int(t.issued[1], 1, "the government alone: one in 2024");
	struct report *r = report_new();
	store_docs_t2_rules(st, ids, 2, 2024, &t);
	docs_t2_fill(r, &t);
	tap_ok(r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_ISSUED].present &&
		   r->table2[REPORT_T2_NORMATIVE_DOCUMENTS][REPORT_T2_ISSUED].v == 2,
	       "docs_t2_fill writes the report cell");
	tap_ok(r->table2[REPORT_T2_REGULATIONS][REPORT_T2_IN_FORCE].present,
	       "zeros are written, not left blank");
	report_free(r);
	buf_free(&err);
}

static void test_todo(struct store *st, long long dept)
{
	struct arena *a = arena_new(0);
	struct buf err = BUF_INIT;
	zf_day today = date_today();
	char w[11], p[11];
	/* a draft written 5 days ago; a normative document published 3 years ago */
	struct doc_fields f = fields(dept, "待发布的通知", date_format(today - 5, w));
	long long draft = 0;
	store_doc_add(st, "clerk", &f, &draft, &err);
	long long old =
	    publish(st, dept, "三年前的规范性文件", DOC_KIND_NORMATIVE,
		    date_format(today - 3 * 365 - 10, w), date_format(today - 3 * 365, p));
	long long ids[] = {dept};
	struct doc_todo *todo;
	size_t n;
	tap_int(store_doc_todo(st, a, cal, ids, 1, today, 0, &todo, &n), 0, "working list");
	const struct doc_todo *t_draft = NULL, *t_old = NULL;
	for (size_t i = 0; i < n; i++) {
		if (todo[i].doc.id == draft)
			t_draft = &todo[i];
		if (todo[i].doc.id == old)
			t_old = &todo[i];
	}
	tap_ok(t_draft && t_draft->kind == DOC_TODO_PUBLISH, "the draft is listed for publication");
	tap_ok(t_draft && t_draft->due == doc_publish_deadline(cal, today - 5),
	       "due by the Art. 26 deadline");
	tap_ok(t_old && t_old->kind == DOC_TODO_REVIEW && t_old->due < today,
	       "the old normative document is overdue for 定期审查");
	tap_int(store_doc_reviewed(st, "reviewer", old, today, "经审查，继续有效", &err), 0,
		"record the review");
	store_doc_todo(st, a, cal, ids, 1, today, 0, &todo, &n);
	bool still = false;
	for (size_t i = 0; i < n; i++)
		still |= todo[i].doc.id == old;
	tap_ok(!still, "no longer due");
	buf_free(&err);
	arena_free(a);
}

/* Titles and 索引号 of the published catalogue, in order. */
static void catalogue(struct store *st, struct buf *out)
{
	struct arena *a = arena_new(0);
	struct doc_filter f = doc_filter_any();
	struct doc_list l;
	buf_reset(out);
	f.state = DOC_PUBLISHED;
	f.limit = 500;
	if (store_doc_list(st, a, &f, &l))
		BUG("list");
	for (size_t i = 0; i < l.n; i++) {
		char day[11];
		buf_printf(out, "%s|%s|%s|%s|%s\n", l.docs[i].f.title, l.docs[i].f.doc_no,
			   l.docs[i].index_no, doc_validity_key(l.docs[i].validity),
			   date_format(l.docs[i].published_on, day));
	}
	arena_free(a);
}

static struct store *fresh(const char *name)
{
	struct store *st = store_test_fresh(name);
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("open %s", name);
	return st;
}

/* Two servers publishing at once: each connection approves its own documents of the
 * same agency and year; the database-wide writer lock makes the 索引号 serials unique and
 * gapless on both engines. */
#define RACERS	  2
#define PER_RACER 12

struct racer {
	struct store *st;
	int failed;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct buf err = BUF_INIT;
	for (int i = 0; i < PER_RACER; i++) {
		char title[64];
		snprintf(title, sizeof(title), "并发发布的文件 %p %d", (void *)r, i);
		struct doc_fields f = fields(1, title, "2025-03-01");
		long long id = 0;
		if (store_doc_add(r->st, "clerk", &f, &id, &err) ||
		    store_doc_submit(r->st, "clerk", id, &err) ||
		    store_doc_approve(r->st, "reviewer", id, day("2025-03-10"), &err))
			r->failed++;
	}
	buf_free(&err);
	return NULL;
}

static void test_concurrent_serials(void)
{
	const char *target = store_test_target("race");
	struct store *st = target ? store_test_open(target) : NULL;
	struct buf err = BUF_INIT;
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded) ||
	    store_doc_settings_set(st, "admin", 1, "000014349", NULL, &err))
		BUG("race store: %s", buf_cstr(&err));
	struct racer r[RACERS];
	pthread_t t[RACERS];
	for (int i = 0; i < RACERS; i++) {
		r[i].st = store_test_open(target);
		r[i].failed = 0;
		if (!r[i].st)
			BUG("second connection");
	}
	for (int i = 0; i < RACERS; i++)
		pthread_create(&t[i], NULL, race, &r[i]);
	int failed = 0;
	for (int i = 0; i < RACERS; i++) {
		pthread_join(t[i], NULL);
		failed += r[i].failed;
		store_close(r[i].st);
	}
	tap_int(failed, 0, "two connections publish %d documents at once", RACERS * PER_RACER);
	struct arena *a = arena_new(0);
	struct doc_filter f = doc_filter_any();
	struct doc_list l;
	f.state = DOC_PUBLISHED;
	f.limit = 500;
	store_doc_list(st, a, &f, &l);
	bool seen[RACERS * PER_RACER + 1] = {false};
	int good = 0;
	for (size_t i = 0; i < l.n; i++) {
		int serial = 0;
		if (sscanf(l.docs[i].index_no, "000014349/2025-%d", &serial) == 1 && serial >= 1 &&
		    serial <= RACERS * PER_RACER && !seen[serial]) {
			seen[serial] = true;
			good++;
		}
	}
	tap_int(good, RACERS * PER_RACER, "索引号 serials 1..%d, each given once",
		RACERS * PER_RACER);

	/* a taken 索引号 inside a batch: refused, and the batch goes on (PostgreSQL would
	 * abort the whole transaction on a unique violation) */
	struct doc_fields g = fields(1, "批量导入的历史文件", "2020-01-02");
	const char *taken = l.n ? l.docs[0].index_no : "";
	long long id = 0;
	tap_int(store_batch_begin(st), 0, "a batch");
	tap_int(
	    store_doc_insert_published(st, &g, day("2020-01-05"), taken, DOC_VALID, 0, &id, &err),
	    ZF_EINVAL, "a taken 索引号 is refused");
	tap_ok(strstr(buf_cstr(&err), "已被其他文件使用") != NULL, "saying so: %s", buf_cstr(&err));
	buf_reset(&err);
	tap_int(store_doc_insert_published(st, &g, day("2020-01-05"), "000014349/2020-00042",
					   DOC_VALID, 0, &id, &err),
		0, "the next row of the batch still goes in");
	tap_int(store_batch_commit(st), 0, "and the batch commits");
	struct doc d;
	tap_ok(!store_doc_get(st, a, id, &d) && !strcmp(d.index_no, "000014349/2020-00042"),
	       "with its own 索引号");
	arena_free(a);
	buf_free(&err);
	store_close(st);
}

static void test_demo(void)
{
	struct store *s1 = fresh("demo1"), *s2 = fresh("demo2");
	bool seeded = false;
	tap_int(demo_docs_seed(s1, &seeded), 0, "seed the demo catalogue");
	tap_ok(seeded, "it was seeded");
	demo_docs_seed(s2, &seeded);
	struct buf c1 = BUF_INIT, c2 = BUF_INIT;
	catalogue(s1, &c1);
	catalogue(s2, &c2);
	tap_ok(c1.len > 0 && !strcmp(c1.p, c2.p),
	       "deterministic: two seeds give the same catalogue");
	tap_int(demo_docs_seed(s1, &seeded), 0, "seed again");
	tap_ok(!seeded, "nothing added the second time");
	struct arena *a = arena_new(0);
	struct doc_filter f = doc_filter_any();
	struct doc_list l;
	f.state = DOC_PUBLISHED;
	store_doc_list(s1, a, &f, &l);
	tap_ok(l.total >= 200 && l.total <= 400, "a realistic size: %lld published", l.total);
	f.validity = DOC_REPEALED;
	store_doc_list(s1, a, &f, &l);
	tap_ok(l.total > 0, "some repealed (%lld)", l.total);
	f.validity = -1;
	f.kind = DOC_KIND_NORMATIVE;
	store_doc_list(s1, a, &f, &l);
	tap_ok(l.total > 10, "规范性文件 (%lld)", l.total);
	f.kind = -1;
	f.genre = "政策解读";
	store_doc_list(s1, a, &f, &l);
	tap_ok(l.total > 0 && l.docs[0].f.interprets_id > 0, "政策解读 linked to their documents");
	f.genre = NULL;
	f.state = -1;
	f.limit = 100;
	size_t drafts = 0, with_no = 0;
	store_doc_list(s1, a, &f, &l);
	for (size_t i = 0; i < l.n; i++) {
		drafts += l.docs[i].state != DOC_PUBLISHED;
		with_no += *l.docs[i].f.doc_no != 0;
	}
	tap_ok(drafts >= 2, "work in progress for the console (%zu)", drafts);
	tap_ok(with_no > 50, "文号 on most documents");
	/* every facet adds up to the catalogue */
	struct doc_filter pub = doc_filter_any();
	struct doc_facet *facets;
	size_t nf;
	long long sum = 0, total;
	pub.state = DOC_PUBLISHED;
	store_doc_list(s1, a, &pub, &l);
	total = l.total;
	store_doc_facets(s1, a, DOC_FACET_YEAR, &pub, &facets, &nf);
	for (size_t i = 0; i < nf; i++)
		sum += facets[i].count;
	tap_int(sum, total, "years add up to the published catalogue");
	sum = 0;
	store_doc_facets(s1, a, DOC_FACET_AGENCY, &pub, &facets, &nf);
	for (size_t i = 0; i < nf; i++)
		sum += facets[i].count;
	tap_int(sum, total, "agencies add up too");
	tap_str(nf ? facets[0].label : NULL, "示例区人民政府", "facets carry labels");
	arena_free(a);
	buf_free(&c1);
	buf_free(&c2);
	store_close(s1);
	store_close(s2);
}

int main(void)
{
	struct buf err = BUF_INIT;
	printf("# engine: %s\n", store_test_engine());
	cal = cal_new();
	cal_load_builtin(cal, &err);
	test_checks();
	struct store *st = fresh("docs");
	test_life_cycle(st, 1);
	test_attachments(st, 1);
	test_t2(st, 1, 2);
	test_todo(st, 2);
	store_close(st);
	test_concurrent_serials();
	test_demo();
	cal_free(cal);
	buf_free(&err);
	return tap_done();
}
