/* page_integrity_rules.c: /console/integrity/rules (administrators): the rule set in force
 * (its name, version and rules per category), the versions loaded, the set edited in a
 * textarea and saved as a new version, or a file imported (multipart). A set with an invalid
 * line is refused whole, the line named ("第N行：…"), and the text shown again as posted. */
#include "common.h"
#include "arena.h"
#include "ingest/site_check.h"
#include "page_console.h"
#include "page_integrity.h"
#include "render/html.h"
#include "session.h"
#include "store/integrity.h"
#include "text/scan.h"
#include "ui_shared.h"
#include "web/integrity_cache.h"
#include "web/multipart.h"

#define RULES_MAX (16u << 20)

/* Writes the rules of a compiled set counted by category. */
static void counts_html(struct buf *w, const struct scan_rules *r)
{
	size_t n = scan_rules_count(r);
	const char *cats[32];
	size_t cnt[32], nc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct scan_rule *x = scan_rules_get(r, i);
		const char *c = x->allow ? "allow" : x->category;
		size_t j = 0;
		while (j < nc && strcmp(cats[j], c))
			j++;
		if (j == nc && nc < 32)
			cats[nc] = c, cnt[nc++] = 0;
		if (j < nc)
			cnt[j]++;
	}
	html_raw(w, "<table class=\"table\" id=\"rule-counts\"><thead><tr><th scope=\"col\">类别"
		    "</th><th scope=\"col\">规则条数</th></tr></thead><tbody>");
	for (size_t j = 0; j < nc; j++) {
		html_raw(w, "<tr><td>");
		html_txt(w,
			 !strcmp(cats[j], "allow") ? "白名单" : integrity_category_label(cats[j]));
		html_raw(w, "（<code>");
		html_txt(w, cats[j]);
		html_raw(w, "</code>）</td><td>");
		html_txtf(w, "%zu", cnt[j]);
		html_raw(w, "</td></tr>");
	}
	html_raw(w, "</tbody><tfoot><tr><th scope=\"row\">合计</th><td>");
	html_txtf(w, "%zu", n);
	html_raw(w, "</td></tr></tfoot></table>");
}

/* The page; error (may be NULL) is shown above the form, text (may be NULL: the set in
 * force) fills the textarea. */
static int rules_page(struct web_request *req, struct web_response *res, const char *error,
		      const char *text, int status)
{
	const char *body = NULL;
	size_t n = 0;
	int64_t vid = 0;
	int rc = store_integrity_rules_active(req->db, req->arena, &body, &n, &vid);
	if (rc)
		return rc;
	struct integrity_ruleset *v = NULL;
	size_t nv = 0;
	rc = store_integrity_rules_versions(req->db, req->arena, &v, &nv);
	if (rc)
		return rc;
	/* a version asked for by ?version=ID fills the textarea */
	long long want = 0;
	const char *ws = web_arg(req, "version");
	if (!text && ws && console_id(ws, &want)) {
		struct integrity_ruleset one;
		const char *t;
		size_t tn;
		if (!store_integrity_rules_get(req->db, req->arena, want, &one, &t, &tn))
			text = t;
	}
	res->status = status;
	ui_console_begin(req, res, "内容检查规则集", "/console/integrity");
	struct buf *w = &res->body;
	html_raw(w, "<p><a href=\"/console/integrity\">← 内容检查</a></p><h1>内容检查规则集</h1>");
	if (error)
		console_alert(w, "error", error);
	const char *done = web_arg(req, "done");
	if (done && !strcmp(done, "saved"))
		console_alert(w, "ok", "已保存新版本规则集，即时生效。");
	html_raw(w, "<section><h2>生效的规则集</h2>");
	if (nv) {
		html_raw(w, "<p id=\"rules-in-force\">");
		html_txt(w, *v[0].name ? v[0].name : "（未命名）");
		html_raw(w, "，版本 ");
		html_txt(w, *v[0].version ? v[0].version : "（未标版本）");
		html_txtf(w, "（第 %lld 版，", v[0].id);
		html_txt(w, v[0].loaded_by);
		html_raw(w, " 于 ");
		ui_time_beijing(w, v[0].loaded_at, "—");
		html_raw(w, " 导入）</p>");
	} else {
		html_raw(w,
			 "<p id=\"rules-in-force\">没有导入过规则集，使用内置的默认规则集。</p>");
	}
	struct site_checker *c = NULL;
	struct buf err = BUF_INIT;
	if (!integrity_checker_acquire(req->db, &c, &err)) {
		counts_html(w, site_checker_rules(c));
		integrity_checker_release(c);
	} else {
		console_alert(w, "error", buf_cstr(&err));
	}
	buf_free(&err);
	html_raw(w, "</section>\n");

	if (nv) {
		html_raw(w, "<section><h2>各版本</h2><table class=\"table\" id=\"rule-versions\">"
			    "<thead><tr><th scope=\"col\">版本编号</th><th scope=\"col\">名称</th>"
			    "<th scope=\"col\">版本</th><th scope=\"col\">规则条数</th>"
			    "<th scope=\"col\">导入人</th><th scope=\"col\">导入时间</th>"
			    "<th scope=\"col\"></th></tr></thead><tbody>");
		for (size_t i = 0; i < nv; i++) {
			html_raw(w, "<tr><td>");
			html_txtf(w, "%lld%s", v[i].id, i ? "" : "（生效）");
			html_raw(w, "</td><td>");
			html_txt(w, v[i].name);
			html_raw(w, "</td><td>");
			html_txt(w, v[i].version);
			html_raw(w, "</td><td>");
			html_txtf(w, "%lld", v[i].nrules);
			html_raw(w, "</td><td>");
			html_txt(w, v[i].loaded_by);
			html_raw(w, "</td><td>");
			ui_time_beijing(w, v[i].loaded_at, "—");
			html_raw(w, "</td><td><a href=\"/console/integrity/rules?version=");
			html_attrf(w, "%lld", v[i].id);
			html_raw(w, "#edit\">在下方编辑此版</a></td></tr>");
		}
		html_raw(w, "</tbody></table></section>\n");
	}

	html_raw(w,
		 "<section id=\"edit\"><h2>编辑规则集</h2><p class=\"hint\">每行一条规则，各列用"
		 "制表符分隔：编号（以类别开头，如 wording.leader-1、spam.bet-1、allow.name-1）、"
		 "等级（veto 单项否决、deduct 扣分、suspect 疑似）、词语、建议改为、起始日期、"
		 "截止日期、说明；以 # 开头的行是注释；!name 和 !version 两行写规则集的名称和版本。"
		 "保存后作为新版本即时生效；有错误时整个规则集不保存，并指出第几行。</p>"
		 "<form class=\"form\" method=\"post\" action=\"/console/integrity/rules\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"rules-text\">规则集全文</label>"
		    "<textarea id=\"rules-text\" name=\"text\" rows=\"20\" cols=\"100\" "
		    "spellcheck=\"false\">");
	if (text)
		html_txt(w, text);
	else if (body)
		html_txtn(w, body, n);
	html_raw(w, "</textarea></div><button type=\"submit\" class=\"button\">保存为新版本"
		    "</button></form></section>\n");
	html_raw(w, "<section><h2>导入规则集文件</h2><form class=\"form\" method=\"post\" "
		    "enctype=\"multipart/form-data\" action=\"/console/integrity/rules/import\">");
	session_csrf_field(req, w);
	html_raw(w, "<div class=\"field\"><label for=\"rules-file\">规则集文件（UTF-8 文本，"
		    "不超过 16 MB）</label><input type=\"file\" id=\"rules-file\" name=\"file\" "
		    "accept=\".txt,.tsv,text/plain\" required></div>"
		    "<button type=\"submit\" class=\"button\">导入</button></form></section>\n");
	ui_console_end(req, res);
	return 0;
}

int page_integrity_rules(struct web_request *req, struct web_response *res)
{
	return rules_page(req, res, NULL, NULL, 200);
}

/* Loads text as the new version, or shows the page again with the refusal. */
static int load(struct web_request *req, struct web_response *res, const char *text, size_t n)
{
	struct buf err = BUF_INIT;
	int rc = store_integrity_rules_load(req->db, console_actor(req), text, n, NULL, &err);
	if (rc == ZF_EPARSE || rc == ZF_ETOOBIG || rc == ZF_EINVAL) {
		const char *msg = arena_printf(req->arena, "规则集没有保存：%s",
					       err.len ? buf_cstr(&err) : "内容有误");
		buf_free(&err);
		const char *shown = arena_strndup(req->arena, text, n);
		return rules_page(req, res, msg, shown ? shown : "", 422);
	}
	buf_free(&err);
	if (rc)
		return rc;
	ui_redirect(req, res, "/console/integrity/rules?done=saved");
	return 0;
}

int page_integrity_rules_save(struct web_request *req, struct web_response *res)
{
	const char *text = web_form(req, "text");
	if (!text || !*text)
		return rules_page(req, res, "规则集没有保存：内容为空。", "", 422);
	/* browsers post a textarea's line ends as CRLF; the parser takes both */
	return load(req, res, text, strlen(text));
}

int page_integrity_rules_import(struct web_request *req, struct web_response *res)
{
	struct multipart_part *parts = NULL;
	size_t n = 0;
	int rc =
	    multipart_parse(req->arena, web_header(req, "Content-Type"), req->body, &parts, &n);
	if (rc == ZF_ENOMEM)
		return rc;
	const struct multipart_part *file = rc ? NULL : multipart_file(parts, n, "file");
	if (!file || !file->data.len)
		return rules_page(req, res, "请选择要导入的规则集文件。", NULL, 422);
	if (file->data.len > RULES_MAX)
		return rules_page(req, res, "规则集文件超过 16 MB。", NULL, 422);
	return load(req, res, file->data.p, file->data.len);
}
