/* doc_gate.c: the check of a draft before 保密审查 (see doc_gate.h): the texts of the draft
 * and its attachments through the site-integrity check, the overrides applied, the check
 * kept, and the submission let through only when nothing is left open. */
#include "common.h"
#include "arena.h"
#include "ingest/container.h"
#include "ingest/decode.h"
#include "ingest/site_check.h"
#include "render/html.h"
#include "web/doc_gate.h"
#include "web/integrity_cache.h"

#include <time.h>

/* ---------------------------------------------------------------- building a check */

/* The text of a hit's field, or NULL. */
static const struct doc_gate_text *text_of(const struct doc_gate_text *t, size_t n,
					   const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].field, field))
			return &t[i];
	return NULL;
}

/* A copy of n bytes with line breaks and tabs as spaces (context is shown on one line). */
static char *one_line(struct arena *a, const char *s, size_t n)
{
	char *out = arena_strndup(a, s, n);
	for (char *p = out; p && *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return out;
}

static bool utf8_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Moves off back to the start of the character it falls in. */
static size_t align(const char *t, size_t n, size_t off)
{
	if (off > n)
		off = n;
	while (off > 0 && off < n && utf8_cont((unsigned char)t[off]))
		off--;
	return off;
}

static void cut_context(struct arena *a, const struct doc_gate_text *t, size_t start, size_t end,
			const char **before, const char **snippet, const char **after)
{
	start = align(t->text, t->n, start);
	end = align(t->text, t->n, end);
	if (end < start)
		end = start;
	size_t i = start;
	for (int k = 0; i > 0 && k < DOC_GATE_CONTEXT; k++)
		do
			i--;
		while (i > 0 && utf8_cont((unsigned char)t->text[i]));
	size_t j = end;
	for (int k = 0; j < t->n && k < DOC_GATE_CONTEXT; k++)
		do
			j++;
		while (j < t->n && utf8_cont((unsigned char)t->text[j]));
	*before = one_line(a, t->text + i, start - i);
	*snippet = one_line(a, t->text + start, end - start);
	*after = one_line(a, t->text + end, j - end);
}

static const struct doc_check_override *overridden(const struct doc_check_override *ov, size_t n,
						   const char *rule, const char *snippet)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ov[i].rule_id, rule) && !strcmp(ov[i].snippet, snippet))
			return &ov[i];
	return NULL;
}

int doc_gate_build(struct arena *a, const struct doc_gate_text *texts, size_t ntexts,
		   const struct site_findings *f, const struct doc_check_override *ov, size_t nov,
		   struct doc_check *out)
{
	out->hits = NULL;
	out->n = out->open = 0;
	if (f->n) {
		out->hits = arena_alloc(a, f->n * sizeof(*out->hits));
		if (!out->hits)
			return ZF_ENOMEM;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct site_finding *x = &f->v[i];
		struct doc_check_hit *h = &out->hits[out->n++];
		memset(h, 0, sizeof(*h));
		h->rule_id = x->id;
		h->sev = x->sev;
		h->field = x->field;
		h->start = x->start;
		h->end = x->end;
		h->message = x->message;
		h->fix = x->fix;
		h->before = h->after = "";
		h->snippet = x->snippet;
		const struct doc_gate_text *t = text_of(texts, ntexts, x->field);
		if (t) {
			const char *snip;
			cut_context(a, t, x->start, x->end, &h->before, &snip, &h->after);
			/* the finding's snippet as written (personal data masked) wins */
			if (!*h->snippet)
				h->snippet = snip;
		}
		h->rule_id = arena_strdup(a, h->rule_id);
		h->field = arena_strdup(a, h->field);
		h->snippet = arena_strdup(a, h->snippet);
		h->message = arena_strdup(a, h->message);
		h->fix = arena_strdup(a, h->fix);
		if (!h->rule_id || !h->field || !h->snippet || !h->message || !h->fix ||
		    !h->before || !h->after)
			return ZF_ENOMEM;
		const struct doc_check_override *o = overridden(ov, nov, h->rule_id, h->snippet);
		h->overridden = o != NULL;
		h->reason = o ? o->reason : "";
		out->open += !h->overridden;
	}
	out->passed = out->open == 0;
	return 0;
}

/* ---------------------------------------------------------------- checking a document */

static long long micros_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Reads an attachment's text when a reader gives it cheaply: 0 with UTF-8 in text, 1 with
 * why it was not read in why, or an error. */
static int attachment_text(struct store *st, struct arena *a, const struct doc_attachment *att,
			   struct buf *text, const char **why)
{
	if (att->size > DOC_GATE_ATTACH_MAX) {
		*why = "文件较大";
		return 1;
	}
	struct doc_attachment full;
	int rc = store_doc_attachment_get(st, a, att->id, &full);
	if (rc)
		return rc;
	const char *bytes = (const char *)full.data;
	enum ingest_format fmt = container_detect(bytes, full.size);
	if (fmt == FMT_TEXT) {
		struct decode_info info;
		rc = ingest_decode(bytes, full.size, text, &info);
		if (rc == ZF_ETOOBIG) {
			*why = "文件较大";
			return 1;
		}
		if (!rc && info.binary) {
			*why = "不是文本文件";
			return 1;
		}
		return rc;
	}
	if (fmt != FMT_PDF && fmt != FMT_DOCX && fmt != FMT_XLSX) {
		*why = arena_printf(a, "%s不能直接读取文字", container_format_name(fmt));
		return 1;
	}
	struct container_out o;
	container_init(&o);
	struct buf err = BUF_INIT;
	rc = container_read(bytes, full.size, &o, &err);
	if (rc == ZF_ENOMEM) {
		/* fall through to the error */
	} else if (rc) {
		*why = arena_strdup(a, err.len ? buf_cstr(&err) : "文字无法读取");
		rc = 1;
	} else {
		buf_reset(text);
		buf_add(text, o.text.p ? o.text.p : "", o.text.len);
	}
	buf_free(&err);
	container_free(&o);
	return rc;
}

int doc_gate_check(struct store *st, struct arena *a, struct site_checker *c, const struct doc *d,
		   struct doc_check *out)
{
	memset(out, 0, sizeof(*out));
	out->doc_id = d->id;
	out->note = "";
	long long t0 = micros_now();
	struct doc_attachment *att = NULL;
	size_t natt = 0;
	struct doc_check_override *ov = NULL;
	size_t nov = 0;
	int rc = store_doc_attachments(st, a, d->id, &att, &natt);
	if (!rc)
		rc = store_doc_check_overrides(st, a, d->id, &ov, &nov);
	if (rc)
		return rc;
	struct doc_gate_text *texts = arena_alloc(a, (3 + natt) * sizeof(*texts));
	if (!texts)
		return ZF_ENOMEM;
	size_t nt = 0;
	const char *fields[3][2] = {
	    {"title", d->f.title}, {"summary", d->f.summary}, {"body", d->f.body}};
	for (size_t i = 0; i < 3; i++)
		if (fields[i][1] && *fields[i][1])
			texts[nt++] = (struct doc_gate_text){fields[i][0], fields[i][1],
							     strlen(fields[i][1])};
	struct buf note = BUF_INIT, text = BUF_INIT;
	for (size_t i = 0; i < natt; i++) {
		const char *why = NULL;
		buf_reset(&text);
		rc = attachment_text(st, a, &att[i], &text, &why);
		if (rc == 1) {
			buf_printf(&note, "%s附件《%s》未检查文字（%s）", note.len ? "；" : "",
				   att[i].name, why);
			rc = 0;
			continue;
		}
		if (rc)
			break;
		if (!text.len)
			continue;
		const char *copy = arena_strndup(a, text.p, text.len);
		const char *field = arena_printf(a, "attachment:%s", att[i].name);
		if (!copy || !field) {
			rc = ZF_ENOMEM;
			break;
		}
		texts[nt++] = (struct doc_gate_text){field, copy, text.len};
	}
	buf_free(&text);
	struct site_findings f;
	site_findings_init(&f);
	for (size_t i = 0; !rc && i < nt; i++) {
		struct site_place p = {
		    .doc_id = d->id, .field = texts[i].field, .date = d->f.written_on};
		rc = site_check_text(c, &p, texts[i].text, texts[i].n, &f);
	}
	if (!rc)
		rc = doc_gate_build(a, texts, nt, &f, ov, nov, out);
	site_findings_free(&f);
	if (!rc && note.len && !(out->note = arena_strndup(a, note.p, note.len)))
		rc = ZF_ENOMEM;
	buf_free(&note);
	const struct scan_rules *r = rc ? NULL : site_checker_rules(c);
	out->rules = r ? arena_strdup(a, scan_rules_version(r)) : "";
	out->micros = micros_now() - t0;
	return rc;
}

/* ---------------------------------------------------------------- the gate */

int doc_gate_run(struct store *st, struct arena *a, const struct doc *d, struct doc_check *out,
		 struct buf *err)
{
	struct site_checker *c = NULL;
	struct buf e = BUF_INIT;
	int rc = integrity_checker_acquire(st, &c, &e);
	if (!rc) {
		rc = doc_gate_check(st, a, c, d, out);
		integrity_checker_release(c);
	}
	if (rc && rc != ZF_EDB && rc != ZF_ENOMEM) {
		/* fail closed: a draft is not let through unchecked */
		buf_setf(err,
			 "发布前检查无法进行（%s），暂不能提交保密审查；请管理员检查内容检查规则集",
			 e.len ? buf_cstr(&e) : zf_strerror(rc));
		rc = ZF_ESTATE;
	}
	buf_free(&e);
	return rc;
}

int doc_gate_submit(struct store *st, struct arena *a, const char *actor, long long doc_id,
		    struct doc_check *out, bool *submitted, struct buf *err)
{
	*submitted = false;
	memset(out, 0, sizeof(*out));
	struct doc d;
	int rc = store_doc_get(st, a, doc_id, &d);
	if (rc == ZF_ENOENT)
		buf_setf(err, "没有编号为 %lld 的文件", doc_id);
	if (rc)
		return rc;
	if (d.state != DOC_DRAFT) {
		buf_setf(err, "只有草稿可以提交保密审查；文件当前状态为%s",
			 doc_state_label(d.state));
		return ZF_ESTATE;
	}
	rc = doc_gate_run(st, a, &d, out, err);
	if (rc)
		return rc;
	out->actor = actor;
	out->passed = out->open == 0;
	rc = store_doc_check_save(st, out);
	if (rc || !out->passed)
		return rc;
	/* what was checked is what goes to review: an edit made meanwhile checks again */
	struct doc now;
	rc = store_doc_get(st, a, doc_id, &now);
	if (!rc && now.version != d.version) {
		buf_setf(err, "文件在检查期间被修改，请重新提交");
		rc = ZF_ESTATE;
	}
	if (rc)
		return rc;
	rc = store_doc_submit(st, actor, doc_id, err);
	*submitted = rc == 0;
	return rc;
}

int doc_gate_override_all(struct store *st, const char *actor, const struct doc_check *c,
			  const char *reason, size_t *n, struct buf *err)
{
	size_t done = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < c->n; i++) {
		const struct doc_check_hit *h = &c->hits[i];
		if (h->overridden)
			continue;
		/* the same rule and snippet twice: one override covers both */
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !c->hits[j].overridden && !strcmp(c->hits[j].rule_id, h->rule_id) &&
			       !strcmp(c->hits[j].snippet, h->snippet);
		if (seen)
			continue;
		rc = store_doc_check_override(st, actor, c->doc_id, h->rule_id, h->snippet, reason,
					      err);
		done += rc == 0;
	}
	if (n)
		*n = done;
	return rc;
}

static bool blank(const char *s)
{
	return !s || !str_trim(str_c(s)).len;
}

int doc_gate_override_some(struct store *st, const char *actor, const struct doc_check *c,
			   const struct doc_gate_reason *r, size_t nr, const char *reason_all,
			   size_t *n, struct buf *err)
{
	size_t done = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < nr; i++) {
		const char *reason = !blank(r[i].reason) ? r[i].reason : reason_all;
		if (blank(reason) || !r[i].rule_id || !r[i].snippet)
			continue;
		bool open = false, again = false;
		/* the same rule and snippet listed twice: one override covers both */
		for (size_t k = 0; k < i && !again; k++)
			again = r[k].rule_id && r[k].snippet &&
				!strcmp(r[k].rule_id, r[i].rule_id) &&
				!strcmp(r[k].snippet, r[i].snippet) &&
				!(blank(r[k].reason) && blank(reason_all));
		for (size_t j = 0; j < c->n && !open && !again; j++)
			open = !c->hits[j].overridden &&
			       !strcmp(c->hits[j].rule_id, r[i].rule_id) &&
			       !strcmp(c->hits[j].snippet, r[i].snippet);
		if (!open)
			continue;
		rc = store_doc_check_override(st, actor, c->doc_id, r[i].rule_id, r[i].snippet,
					      reason, err);
		done += rc == 0;
	}
	if (n)
		*n = done;
	return rc;
}

/* ---------------------------------------------------------------- showing a check */

const char *doc_gate_field_label(struct arena *a, const char *field)
{
	if (!strcmp(field, "title"))
		return "标题";
	if (!strcmp(field, "summary"))
		return "内容概述";
	if (!strcmp(field, "body"))
		return "正文";
	if (!strncmp(field, "attachment:", 11)) {
		const char *s = arena_printf(a, "附件《%s》", field + 11);
		return s ? s : "附件";
	}
	return *field ? field : "正文";
}

void doc_gate_text_report(struct buf *out, const struct doc_check *c)
{
	struct arena *a = arena_new(0);
	for (size_t i = 0; i < c->n; i++) {
		const struct doc_check_hit *h = &c->hits[i];
		buf_printf(out, "%zu. 【%s】%s：%s%s【%s】%s%s\n", i + 1, scan_sev_label(h->sev),
			   a ? doc_gate_field_label(a, h->field) : h->field, *h->before ? "……" : "",
			   h->before, h->snippet, h->after, *h->after ? "……" : "");
		buf_printf(out, "   问题：%s（规则 %s）\n", *h->message ? h->message : "内容有误",
			   h->rule_id);
		if (*h->fix)
			buf_printf(out, "   建议：%s\n", h->fix);
		if (h->overridden)
			buf_printf(out, "   已放行：%s\n", h->reason);
	}
	if (c->note && *c->note)
		buf_printf(out, "说明：%s。\n", c->note);
	arena_free(a);
}

void doc_gate_html_hits(struct buf *w, struct arena *a, const struct doc_check *c, bool form)
{
	html_raw(w, "<ol class=\"gate-hits\">\n");
	size_t k = 0; /* index of the open hit in the form */
	for (size_t i = 0; i < c->n; i++) {
		const struct doc_check_hit *h = &c->hits[i];
		html_raw(w, "<li class=\"gate-hit sev-");
		html_attr(w, scan_sev_key(h->sev));
		html_raw(w, h->overridden ? " overridden\">" : "\">");
		html_raw(w, "<p class=\"gate-where\"><span class=\"tag sev-");
		html_attr(w, scan_sev_key(h->sev));
		html_raw(w, "\">");
		html_txt(w, scan_sev_label(h->sev));
		html_raw(w, "</span> <span class=\"gate-field\">");
		html_txt(w, doc_gate_field_label(a, h->field));
		html_raw(w, "</span> <code class=\"gate-rule\">");
		html_txt(w, h->rule_id);
		html_raw(w, "</code></p>\n<p class=\"gate-context\">");
		if (*h->before)
			html_raw(w, "……");
		html_txt(w, h->before);
		html_raw(w, "<mark>");
		html_txt(w, h->snippet);
		html_raw(w, "</mark>");
		html_txt(w, h->after);
		if (*h->after)
			html_raw(w, "……");
		html_raw(w, "</p>\n<p class=\"gate-message\">");
		html_txt(w, *h->message ? h->message : "内容有误");
		html_raw(w, "</p>\n");
		if (*h->fix) {
			html_raw(w, "<p class=\"gate-fix\">建议：");
			html_txt(w, h->fix);
			html_raw(w, "</p>\n");
		}
		if (h->overridden) {
			html_raw(w, "<p class=\"gate-override\">已放行，理由：");
			html_txt(w, h->reason);
			html_raw(w, "</p>\n");
		} else if (form) {
			html_raw(w, "<input type=\"hidden\" name=\"");
			html_attrf(w, "rule_%zu", k);
			html_raw(w, "\" value=\"");
			html_attr(w, h->rule_id);
			html_raw(w, "\"><input type=\"hidden\" name=\"");
			html_attrf(w, "snippet_%zu", k);
			html_raw(w, "\" value=\"");
			html_attr(w, h->snippet);
			html_raw(w, "\"><div class=\"field\"><label for=\"");
			html_attrf(w, "reason_%zu", k);
			html_raw(w, "\">放行理由</label><textarea class=\"short\" id=\"");
			html_attrf(w, "reason_%zu", k);
			html_raw(w, "\" name=\"");
			html_attrf(w, "reason_%zu", k);
			html_raw(w, "\"></textarea></div>\n");
			k++;
		}
		html_raw(w, "</li>\n");
	}
	html_raw(w, "</ol>\n");
}
