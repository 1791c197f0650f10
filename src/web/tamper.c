/* tamper.c: the tamper check (防篡改): pages fetched from the front door against the same
 * pages rendered in-process, compared as readers see them (site_page_read: the visible text,
 * hidden text included because hidden spam is spam, and the links), and static files against
 * their SHA-256. */
#include "common.h"
#include "arena.h"
#include "ingest/site_page.h"
#include "routes.h"
#include "tamper.h"

#include <sodium.h>

void tamper_page_free(struct tamper_page *p)
{
	buf_free(&p->body);
	memset(p, 0, sizeof(*p));
}

int tamper_render(const struct web_env *env, const char *host, const char *path,
		  struct tamper_page *out)
{
	memset(out, 0, sizeof(*out));
	struct web_request req = {0};
	struct web_response res;
	struct web_pair hdr = {"Host", host};
	req.arena = arena_new(0);
	if (!req.arena)
		return ZF_ENOMEM;
	req.env = env;
	req.method = WEB_GET;
	req.method_name = "GET";
	req.client_ip = "127.0.0.1";
	/* the path without its query: the site's pages read arguments from req->args */
	const char *q = strchr(path, '?');
	req.path = q ? arena_strndup(req.arena, path, (size_t)(q - path)) : path;
	if (host) {
		req.headers = &hdr;
		req.nheaders = 1;
	}
	web_response_init(&res, 16u << 20);
	routes_dispatch_site(&req, &res);
	out->status = res.status ? res.status : 200;
	snprintf(out->content_type, sizeof(out->content_type), "%s",
		 res.content_type ? res.content_type : "text/html; charset=utf-8");
	int rc = buf_add(&out->body, res.body.p ? res.body.p : "", res.body.len);
	web_response_free(&res);
	arena_free(req.arena);
	return rc;
}

/* ---- normalising what may differ between two renders ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* One line of visible text: white space collapsed, dates and times masked. */
static void norm_line(const char *s, size_t n, struct buf *out)
{
	buf_reset(out);
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' ||
		    (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		     (unsigned char)s[i + 2] == 0x80)) {
			if (c == 0xE3)
				i += 2;
			space = out->len > 0;
			continue;
		}
		if (space)
			buf_addch(out, ' ');
		space = false;
		/* a date or a time (digits joined by - : / . 年 月 日 时 分 秒, or a space before
		 * more digits): masked to one '#' */
		if (is_digit((char)c)) {
			size_t j = i, seps = 0;
			for (;;) {
				while (j < n && is_digit(s[j]))
					j++;
				size_t k = j;
				if (k < n && (s[k] == '-' || s[k] == ':' || s[k] == '/' ||
					      s[k] == '.' || s[k] == ' ' || s[k] == 'T'))
					k++;
				else if (k + 3 <= n &&
					 (!memcmp(s + k, "年", 3) || !memcmp(s + k, "月", 3) ||
					  !memcmp(s + k, "日", 3) || !memcmp(s + k, "时", 3) ||
					  !memcmp(s + k, "分", 3) || !memcmp(s + k, "秒", 3)))
					k += 3;
				if (k == j)
					break;
				if (s[j] != ' ' && s[j] != '.')
					seps++;
				/* 日, 分, 秒 end a date or time even when no digit follows */
				if (k < n && is_digit(s[k])) {
					j = k;
					continue;
				}
				if (s[j] != ' ' && s[j] != '.' && s[j] != '-' && s[j] != '/' &&
				    s[j] != 'T')
					j = k;
				break;
			}
			if (seps) {
				buf_addch(out, '#');
				i = j - 1;
				continue;
			}
		}
		buf_addch(out, (char)c);
	}
}

/* The lines of a page's visible text, normalised, sorted (a multiset). */
static int page_lines(const struct site_page *p, struct strlist *lines)
{
	struct buf l = BUF_INIT;
	const char *t = p->text.p ? p->text.p : "";
	size_t n = p->text.len;
	for (size_t i = 0; i < n;) {
		const char *e = memchr(t + i, '\n', n - i);
		size_t len = e ? (size_t)(e - (t + i)) : n - i;
		norm_line(t + i, len, &l);
		if (l.len)
			strlist_addf(lines, "%s", buf_cstr(&l));
		i += len + 1;
	}
	buf_free(&l);
	return lines->failed ? ZF_ENOMEM : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A link as compared: absolute links to our host become paths; per-request query parameters
 * (_csrf, csrf, token, nonce) are dropped. */
static void norm_link(const char *href, const char *base_host, struct buf *out)
{
	buf_reset(out);
	const char *h = href;
	if (base_host && *base_host) {
		const char *p = NULL;
		if (!strncasecmp(h, "http://", 7))
			p = h + 7;
		else if (!strncasecmp(h, "https://", 8))
			p = h + 8;
		else if (!strncmp(h, "//", 2))
			p = h + 2;
		if (p) {
			size_t hl = strcspn(p, "/?#");
			/* base_host is host:port; the link may omit a default port */
			char bh[256];
			snprintf(bh, sizeof(bh), "%s", base_host);
			char *colon = strrchr(bh, ':');
			bool same = (strlen(bh) == hl && !strncasecmp(p, bh, hl));
			if (!same && colon) {
				*colon = '\0';
				same = strlen(bh) == hl && !strncasecmp(p, bh, hl);
			}
			if (same)
				h = *(p + hl) ? p + hl : "/";
		}
	}
	const char *q = strchr(h, '?');
	if (!q) {
		buf_adds(out, h);
		return;
	}
	buf_add(out, h, (size_t)(q - h));
	const char *frag = strchr(q, '#');
	size_t qend = frag ? (size_t)(frag - h) : strlen(h);
	char sep = '?';
	for (size_t i = (size_t)(q - h) + 1; i < qend;) {
		size_t len = strcspn(h + i, "&#");
		if (i + len > qend)
			len = qend - i;
		static const char *const drop[] = {"_csrf=", "csrf=", "token=", "nonce="};
		bool dropped = false;
		for (size_t k = 0; k < ARRAY_SIZE(drop); k++)
			if (!strncmp(h + i, drop[k], strlen(drop[k])))
				dropped = true;
		if (!dropped && len) {
			buf_addch(out, sep);
			buf_add(out, h + i, len);
			sep = '&';
		}
		i += len + 1;
	}
	if (frag)
		buf_adds(out, frag);
}

static int page_links(const struct site_page *p, const char *base_host, struct strlist *links)
{
	struct buf l = BUF_INIT;
	for (size_t i = 0; i < p->nlinks; i++) {
		norm_link(p->links[i].href, base_host, &l);
		strlist_addf(links, "%s", buf_cstr(&l));
	}
	buf_free(&l);
	return links->failed ? ZF_ENOMEM : 0;
}

/* a - b as multisets (both sorted): the items of a not matched in b, appended to out. */
static void diff(const struct strlist *a, const struct strlist *b, struct strlist *out)
{
	size_t i = 0, j = 0;
	while (i < a->n) {
		int c = j < b->n ? strcmp(a->v[i], b->v[j]) : -1;
		if (c == 0)
			i++, j++;
		else if (c < 0)
			strlist_addf(out, "%s", a->v[i++]);
		else
			j++;
	}
}

static int add(struct site_findings *out, const char *id, enum scan_sev sev, const char *path,
	       const char *snippet, const char *message, const char *fix)
{
	struct site_finding f = {.id = id,
				 .sev = sev,
				 .url = path,
				 .field = "page",
				 .snippet = snippet,
				 .message = message,
				 .fix = fix};
	return site_findings_add(out, &f);
}

/* Up to three items of a list, joined with "；", for a message. */
static void some(const struct strlist *l, struct buf *out)
{
	for (size_t i = 0; i < l->n && i < 3; i++) {
		if (i)
			buf_adds(out, "；");
		size_t len = strlen(l->v[i]);
		buf_add(out, l->v[i], len > 120 ? 120 : len);
	}
	if (l->n > 3)
		buf_printf(out, " 等%zu处", l->n);
}

static const char fix_content[] =
    "立即核查公开入口（反向代理、缓存、CDN、服务器文件）是否被篡改，清除植入内容并保留证据";

int tamper_compare(const char *path, const char *base_host, const struct tamper_page *want,
		   const struct tamper_page *got, struct site_findings *out)
{
	char msg[256];
	if (got->status != want->status) {
		snprintf(msg, sizeof(msg), "公开入口返回%d，系统生成的页面为%d", got->status,
			 want->status);
		return add(out, "tamper.content.status", SCAN_SUSPECT, path, "", msg, fix_content);
	}
	if (!strstr(want->content_type, "html") || want->status != 200) {
		/* not a page: the bytes must be the same */
		if (want->body.len == got->body.len &&
		    !memcmp(want->body.p ? want->body.p : "", got->body.p ? got->body.p : "",
			    got->body.len))
			return 0;
		return add(out, "tamper.content.bytes", SCAN_VETO, path, "",
			   "公开入口返回的内容与系统生成的不一致", fix_content);
	}
	struct site_page *pw = NULL, *pg = NULL;
	struct buf err = BUF_INIT, text = BUF_INIT;
	struct strlist lw = {0}, lg = {0}, added = {0}, gone = {0}, kw = {0}, kg = {0},
		       ladded = {0}, lgone = {0};
	int rc = site_page_read(want->body.p ? want->body.p : "", want->body.len, &pw, &err);
	if (!rc)
		rc = site_page_read(got->body.p ? got->body.p : "", got->body.len, &pg, &err);
	if (rc == ZF_EPARSE || rc == ZF_ETOOBIG) {
		rc = add(out, "tamper.content.unreadable", SCAN_SUSPECT, path, "",
			 "公开入口返回的页面无法读取", fix_content);
		goto out;
	}
	if (rc || (rc = page_lines(pw, &lw)) || (rc = page_lines(pg, &lg)) ||
	    (rc = page_links(pw, base_host, &kw)) || (rc = page_links(pg, base_host, &kg)))
		goto out;
	qsort(lw.v, lw.n, sizeof(*lw.v), cmp_str);
	qsort(lg.v, lg.n, sizeof(*lg.v), cmp_str);
	qsort(kw.v, kw.n, sizeof(*kw.v), cmp_str);
	qsort(kg.v, kg.n, sizeof(*kg.v), cmp_str);
	diff(&lg, &lw, &added);
	diff(&lw, &lg, &gone);
	diff(&kg, &kw, &ladded);
	diff(&kw, &kg, &lgone);
	if (added.failed || gone.failed || ladded.failed || lgone.failed) {
		rc = ZF_ENOMEM;
		goto out;
	}
	if (added.n) {
		buf_reset(&text);
		buf_adds(&text, "公开入口的页面多出系统没有生成的文字：");
		some(&added, &text);
		rc = add(out, "tamper.content.added", SCAN_VETO, path, added.v[0], buf_cstr(&text),
			 fix_content);
	} else if (gone.n) {
		buf_reset(&text);
		buf_adds(&text, "公开入口的页面缺少系统生成的文字：");
		some(&gone, &text);
		rc = add(out, "tamper.content.removed", SCAN_SUSPECT, path, gone.v[0],
			 buf_cstr(&text), fix_content);
	}
	if (!rc && ladded.n) {
		buf_reset(&text);
		buf_adds(&text, "公开入口的页面多出系统没有生成的链接：");
		some(&ladded, &text);
		rc = add(out, "tamper.link.added", SCAN_VETO, path, ladded.v[0], buf_cstr(&text),
			 "删除植入的链接（暗链），并核查公开入口是否被篡改");
	}
	if (!rc && lgone.n) {
		buf_reset(&text);
		buf_adds(&text, "公开入口的页面缺少系统生成的链接：");
		some(&lgone, &text);
		rc = add(out, "tamper.link.removed", SCAN_SUSPECT, path, lgone.v[0],
			 buf_cstr(&text), fix_content);
	}
out:
	site_page_free(pw);
	site_page_free(pg);
	strlist_free(&lw);
	strlist_free(&lg);
	strlist_free(&kw);
	strlist_free(&kg);
	strlist_free(&added);
	strlist_free(&gone);
	strlist_free(&ladded);
	strlist_free(&lgone);
	buf_free(&err);
	buf_free(&text);
	return rc;
}

/* ---- which pages ---- */

static bool has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

/* True for "/prefix/<digits>" (docs) or "/prefix/<digits>/<digits>" (reports). */
static bool object_path(const char *href, const char *prefix, int nums)
{
	size_t pl = strlen(prefix);
	if (strncmp(href, prefix, pl))
		return false;
	const char *p = href + pl;
	for (int k = 0; k < nums; k++) {
		if (!is_digit(*p))
			return false;
		while (is_digit(*p))
			p++;
		if (k + 1 < nums) {
			if (*p != '/')
				return false;
			p++;
		}
	}
	return *p == '\0';
}

static int linked(const struct web_env *env, const char *host, const char *from, const char *prefix,
		  int nums, size_t max, struct strlist *paths)
{
	struct tamper_page pg;
	int rc = tamper_render(env, host, from, &pg);
	struct site_link *links = NULL;
	size_t n = 0, taken = 0;
	if (!rc && pg.status == 200 &&
	    !(rc = site_page_links(pg.body.p ? pg.body.p : "", pg.body.len, &links, &n)))
		for (size_t i = 0; i < n && taken < max; i++)
			if (object_path(links[i].href, prefix, nums) &&
			    !has(paths, links[i].href)) {
				strlist_addf(paths, "%s", links[i].href);
				taken++;
			}
	site_links_free(links, n);
	tamper_page_free(&pg);
	return rc;
}

int tamper_pages(const struct web_env *env, const char *host, size_t per_kind,
		 struct strlist *paths)
{
	static const char *const fixed[] = {"/",	"/docs",  "/reports",	    "/guide",
					    "/columns", "/lists", "/projects",	    "/sitemap",
					    "/contact", "/rules", "/docs/statutory"};
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		if (!has(paths, fixed[i]))
			strlist_addf(paths, "%s", fixed[i]);
	int rc = linked(env, host, "/docs", "/docs/", 1, per_kind, paths);
	if (!rc)
		rc = linked(env, host, "/reports", "/reports/", 2, per_kind, paths);
	return rc ? rc : paths->failed ? ZF_ENOMEM : 0;
}

int tamper_static_paths(const struct tamper_page *page, struct strlist *paths)
{
	if (!strstr(page->content_type, "html"))
		return 0;
	struct site_link *links = NULL;
	size_t n = 0;
	int rc = site_page_links(page->body.p ? page->body.p : "", page->body.len, &links, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		const char *h = links[i].href;
		if (!strncmp(h, "/static/", 8) && !strchr(h, '?') && !has(paths, h))
			strlist_addf(paths, "%s", h);
	}
	site_links_free(links, n);
	return rc ? rc : paths->failed ? ZF_ENOMEM : 0;
}

/* ---- hashes and the manifest ---- */

void tamper_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

#define MANIFEST_MAX 10000

int tamper_manifest_parse(const char *text, size_t n, struct tamper_manifest *m, struct buf *err)
{
	memset(m, 0, sizeof(*m));
	unsigned line = 0;
	for (size_t i = 0; i < n;) {
		const char *s = text + i;
		const char *e = memchr(s, '\n', n - i);
		size_t len = e ? (size_t)(e - s) : n - i;
		i += len + 1;
		line++;
		if (len && s[len - 1] == '\r')
			len--;
		if (!len || s[0] == '#')
			continue;
		size_t k = 0;
		while (k < len && k < 64 &&
		       (is_digit(s[k]) || (s[k] >= 'a' && s[k] <= 'f') ||
			(s[k] >= 'A' && s[k] <= 'F')))
			k++;
		if (k != 64 || len < 67 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*') ||
		    s[66] != '/' || len - 66 > 1000 || memchr(s + 66, '\0', len - 66)) {
			buf_setf(err,
				 "清单第%u行格式不对：应为“64位十六进制SHA-256 两个空格 /路径”",
				 line);
			tamper_manifest_free(m);
			return ZF_EPARSE;
		}
		if (m->n == MANIFEST_MAX) {
			buf_setf(err, "清单超过%d行", MANIFEST_MAX);
			tamper_manifest_free(m);
			return ZF_EPARSE;
		}
		struct tamper_entry *nv = realloc(m->v, (m->n + 1) * sizeof(*nv));
		if (!nv) {
			tamper_manifest_free(m);
			return ZF_ENOMEM;
		}
		m->v = nv;
		struct tamper_entry *t = &m->v[m->n];
		for (int c = 0; c < 64; c++)
			t->sha256[c] = (char)(s[c] >= 'A' && s[c] <= 'F' ? s[c] - 'A' + 'a' : s[c]);
		t->sha256[64] = '\0';
		t->path = strndup(s + 66, len - 66);
		if (!t->path) {
			tamper_manifest_free(m);
			return ZF_ENOMEM;
		}
		m->n++;
	}
	return 0;
}

void tamper_manifest_free(struct tamper_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	memset(m, 0, sizeof(*m));
}
