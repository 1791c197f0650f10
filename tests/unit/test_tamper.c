/* test_tamper.c: the comparison of the tamper check (web/tamper.h) on pages we write: the
 * same page with another CSRF token, nonce, date shown and host in its own links is the same;
 * a hidden gambling link, changed text, a dropped link are found with their severities; a
 * different status or different bytes of a file are found; and the SHA-256 manifest parser
 * with good and bad lines. */
#include "common.h"
#include "tap.h"
#include "web/tamper.h"

static void page(struct tamper_page *p, int status, const char *ct, const char *body)
{
	memset(p, 0, sizeof(*p));
	p->status = status;
	snprintf(p->content_type, sizeof(p->content_type), "%s", ct);
	buf_adds(&p->body, body);
}

/* The ids of the findings of comparing two bodies, joined by spaces. */
static const char *compare(const char *want, const char *got)
{
	static char out[256];
	struct tamper_page w, g;
	page(&w, 200, "text/html; charset=utf-8", want);
	page(&g, 200, "text/html", got);
	struct site_findings f;
	site_findings_init(&f);
	out[0] = '\0';
	if (tamper_compare("/", "gk.example.gov.cn:443", &w, &g, &f) != 0)
		snprintf(out, sizeof(out), "ERROR");
	for (size_t i = 0; i < f.n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, sizeof(out) - l, "%s%s:%s", l ? " " : "", f.v[i].id,
			 scan_sev_key(f.v[i].sev));
	}
	site_findings_free(&f);
	tamper_page_free(&w);
	tamper_page_free(&g);
	return out;
}

static const char base_page[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>示范县政府信息公开</title>"
    "<script nonce=\"%s\">var x=1;</script></head><body>"
    "<form method=\"post\" action=\"/query\"><input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
    "</form><p>更新时间：%s</p><p>欢迎访问。</p>"
    "<a href=\"%s/docs/12\">通知</a> <a href=\"/guide?_csrf=%s\">指南</a>%s</body></html>";

static char *make(const char *nonce, const char *csrf, const char *date, const char *host,
		  const char *extra)
{
	static char b[2][2048];
	static int k;
	k ^= 1;
	snprintf(b[k], sizeof(b[k]), base_page, nonce, csrf, date, host, csrf, extra);
	return b[k];
}

static void comparisons(void)
{
	char *a = strdup(make("n1", "tokA", "2026-12-07 10:00", "", ""));
	tap_str(compare(a, a), "", "the same page");
	tap_str(
	    compare(a, make("n2", "tokB", "2026-12-08 09:59:01", "https://gk.example.gov.cn", "")),
	    "", "another nonce, CSRF token, time shown and our host in a link");
	tap_str(compare(a, make("n1", "tokA", "2026-12-07 10:00", "",
				"<div style=\"display:none\"><a href=\"http://bet.example/\">"
				"万博体育</a></div>")),
		"tamper.content.added:veto tamper.link.added:veto",
		"hidden gambling link injected");
	tap_str(compare(a, make("n1", "tokA", "2026-12-07 10:00", "https://evil.example", "")),
		"tamper.link.added:veto tamper.link.removed:suspect", "a link pointed elsewhere");
	char *changed = strdup(a);
	char *w = strstr(changed, "欢迎访问");
	memcpy(w, "欢迎光临", strlen("欢迎光临"));
	tap_str(compare(a, changed), "tamper.content.added:veto", "changed text");
	free(changed);
	tap_str(compare(make("n1", "t", "2026-12-07", "", "<p>附件说明</p>"),
			make("n1", "t", "2026-12-07", "", "")),
		"tamper.content.removed:suspect", "text removed");

	struct tamper_page x, y;
	struct site_findings f;
	site_findings_init(&f);
	page(&x, 200, "text/html", a);
	page(&y, 404, "text/html", "<title>404</title>");
	tamper_compare("/docs", NULL, &x, &y, &f);
	tap_ok(f.n == 1 && !strcmp(f.v[0].id, "tamper.content.status"), "status differs");
	tamper_page_free(&x);
	tamper_page_free(&y);
	page(&x, 200, "text/css", "body{color:#000}");
	page(&y, 200, "text/css", "body{color:#001}");
	tamper_compare("/static/site.css", NULL, &x, &y, &f);
	tap_ok(f.n == 2 && !strcmp(f.v[1].id, "tamper.content.bytes") && f.v[1].sev == SCAN_VETO,
	       "a file's bytes differ");
	tap_str(f.v[0].category, "tamper", "category tamper");
	tamper_page_free(&x);
	tamper_page_free(&y);
	site_findings_free(&f);
	free(a);
}

static void manifest(void)
{
	char hex[65];
	tamper_sha256_hex("abc", 3, hex);
	tap_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"SHA-256 of abc");
	struct tamper_manifest m;
	struct buf err = BUF_INIT;
	const char good[] =
	    "# comment\n\n"
	    "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD  "
	    "/static/site.css\r\n"
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad */x.js";
	tap_int(tamper_manifest_parse(good, strlen(good), &m, &err), 0, "a good manifest");
	tap_ok(m.n == 2 && !strcmp(m.v[0].path, "/static/site.css") &&
		   !strcmp(m.v[0].sha256, hex) && !strcmp(m.v[1].path, "/x.js"),
	       "entries read, hex folded to lower case, CR dropped");
	tamper_manifest_free(&m);
	static const char *const bad[] = {
	    "xyz  /a",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a  /short",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  relative",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad /one-space",
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  ",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		buf_reset(&err);
		tap_int(tamper_manifest_parse(bad[i], strlen(bad[i]), &m, &err), ZF_EPARSE,
			"bad line %zu refused", i);
		tap_ok(strstr(buf_cstr(&err), "第1行") != NULL, "the line is named: %s",
		       buf_cstr(&err));
	}
	const char nul[] =
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  /a\0b";
	tap_int(tamper_manifest_parse(nul, sizeof(nul) - 1, &m, &err), ZF_EPARSE,
		"a NUL in a path");
	buf_free(&err);
}

int main(void)
{
	comparisons();
	manifest();
	return tap_done();
}
