/* cmd_site_links.c: `zfxxgk site links` (the links of pages: ours against the database,
 * others' fetched politely, ingest/linkcheck.h) and `zfxxgk site tamper` (our public pages
 * through the front door against what the application renders, web/tamper.h). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "web/site_scan.h"
#include "cli_store.h"
#include "embedded.h"
#include "ingest/linkcheck.h"
#include "ingest/site_check.h"
#include "ingest/site_page.h"
#include "store/integrity_links.h"
#include "text/finding.h"
#include "web/routes.h"
#include "web/tamper.h"

#include <curl/curl.h>
#include <getopt.h>
#include <jansson.h>
#include <time.h>
#include <unistd.h>

static const char help_links[] =
    "用法：zfxxgk site links [选项] 网页文件|网址…\n"
    "      zfxxgk site links [选项] --list 网址清单文件\n\n"
    "检查网页中的全部链接（a、img、script、link、iframe、area、form）：\n"
    "  站内链接（与 --site-base 同一主机，或相对地址）不经网络，直接查数据库：文件、附件、\n"
    "  年度报告、栏目、清单是否存在并已公开（已废止但仍公开的文件算正常；已撤稿、未公开、\n"
    "  不存在、没有这个页面都算问题）；不给 --db 时站内链接也按网址抓取。\n"
    "  站外链接礼貌抓取：同一主机两次请求之间至少间隔 --interval 秒，各主机交替进行；\n"
    "  先发 HEAD，被拒绝（403/405/501）或需要读网页内容时再发 GET；超时、429、5xx 按\n"
    "  Retry-After 或逐次加倍的间隔重试；重定向最多 10 次。\n\n"
    "结论：无法访问（4xx、5xx、域名无法解析、连接被拒绝、超时）、内容死链（返回 200 但\n"
    "页面写着“页面不存在”等）、跳转到首页（深层链接被重定向到网站首页）、重定向循环、\n"
    "外链变异（链接目标变成赌博色情页面，单项否决）。只检查 http 和 https 链接。\n\n"
    "选项：\n"
    "  --db 数据库        站内链接查这个数据库（SQLite 文件或 postgresql://…）\n"
    "  --site-base 网址   本站地址，如 https://gk.example.gov.cn/（判断哪些是站内链接，\n"
    "                     并补全网页文件中的相对地址）\n"
    "  --list 文件        每行一个网址（# 开头为注释），直接检查这些网址\n"
    "  --interval 秒      同一主机两次请求的最短间隔（默认 1）\n"
    "  --timeout 秒       单次请求的总时限（默认 15，即指标中的“15 秒打不开”）\n"
    "  --retries 次数     超时、429、5xx 时的重试次数（默认 2）\n"
    "  --rules 文件       判断外链变异所用的规则集（默认：程序内置的规则集）\n"
    "  --json             以 JSON 输出\n"
    "  -h, --help         显示本帮助\n\n"
    "进度写到标准错误。退出状态：0 没有问题，1 发现问题，2 用法或读取错误。\n\n"
    "示例：\n"
    "  zfxxgk site links --db var/zfxxgk.db --site-base https://gk.example.gov.cn/ "
    "首页.html\n"
    "  zfxxgk site links --interval 2 https://www.example.gov.cn/\n"
    "  zfxxgk site links --list 外链.txt --json\n";

enum {
	OPT_DB = 256,
	OPT_BASE,
	OPT_LIST,
	OPT_INTERVAL,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_JSON,
	OPT_MANIFEST,
	OPT_WRITE_MANIFEST,
	OPT_PAGES,
	OPT_RULES,
};

static const char *const CMD = "site links";

/* Links of one run (pages and lists together): bounded time and memory. */
#define LINKS_MAX 20000

/* One link to check: where it was found, as written, and absolute. */
struct link_ref {
	const char *page; /* the page or list it came from */
	const char *href; /* as written */
	const char *text; /* the link's text */
	const char *url;  /* absolute, or the site path for internal links */
	bool internal;
	size_t check; /* index into the unique URLs of its kind */
};

struct links_run {
	struct arena *arena;
	struct link_ref *refs;
	size_t nrefs, alloc;
	const char *base; /* --site-base, or NULL */
	char base_host[256];
	bool use_db;
};

static bool parse_seconds(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/* host[:port] of an absolute http(s) URL, lower-case; "" when none. */
static void host_of(const char *url, char *out, size_t cap)
{
	out[0] = '\0';
	CURLU *u = curl_url();
	char *h = NULL, *port = NULL;
	if (u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &h, 0)) {
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
		snprintf(out, cap, "%s:%s", h, port ? port : "");
		for (char *p = out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	curl_free(h);
	curl_free(port);
	curl_url_cleanup(u);
}

/* href resolved against base (may be NULL): an owned string in the arena, or NULL when it
 * cannot be resolved. */
static const char *resolve(struct arena *a, const char *base, const char *href)
{
	CURLU *u = curl_url();
	char *full = NULL;
	const char *out = NULL;
	if (!u)
		return NULL;
	bool ok = base ? !curl_url_set(u, CURLUPART_URL, base, 0) &&
			     !curl_url_set(u, CURLUPART_URL, href, CURLU_NON_SUPPORT_SCHEME)
		       : !curl_url_set(u, CURLUPART_URL, href, CURLU_NON_SUPPORT_SCHEME);
	if (ok && !curl_url_get(u, CURLUPART_URL, &full, 0))
		out = arena_strdup(a, full);
	curl_free(full);
	curl_url_cleanup(u);
	return out;
}

/* The path (with query) of an absolute URL. */
static const char *path_of(struct arena *a, const char *url)
{
	CURLU *u = curl_url();
	char *p = NULL, *q = NULL;
	const char *out = "/";
	if (u && !curl_url_set(u, CURLUPART_URL, url, 0)) {
		curl_url_get(u, CURLUPART_PATH, &p, 0);
		curl_url_get(u, CURLUPART_QUERY, &q, 0);
		out = arena_printf(a, "%s%s%s", p && *p ? p : "/", q ? "?" : "", q ? q : "");
	}
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	return out ? out : "/";
}

static void pause_s(double s)
{
	struct timespec ts = {.tv_sec = (time_t)s,
			      .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};
	nanosleep(&ts, NULL);
}

static bool skip_href(const char *h)
{
	static const char *const skip[] = {"#", "javascript:", "mailto:", "tel:", "data:", "sms:"};
	if (!*h)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		if (!strncasecmp(h, skip[i], strlen(skip[i])))
			return true;
	return false;
}

static int add_ref(struct links_run *r, const char *page, const char *href, const char *text,
		   const char *page_base)
{
	href = arena_strdup(r->arena, href);
	while (href && (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r'))
		href++;
	if (!href || skip_href(href))
		return 0;
	bool relative = !strstr(href, "://") && strncmp(href, "//", 2);
	const char *base = page_base ? page_base : r->base;
	const char *url = NULL;
	bool internal = false;
	if (relative && !base) {
		/* a relative link of a file with no base: a path of our own site */
		url = href[0] == '/' ? href : arena_printf(r->arena, "/%s", href);
		internal = true;
	} else {
		url = resolve(r->arena, base, href);
		if (!url)
			url = href;
		char h[256];
		host_of(url, h, sizeof(h));
		internal = r->base && *r->base_host && !strcmp(h, r->base_host);
	}
	if (internal && !r->use_db) {
		if (!r->base)
			return 0; /* nothing to check it with */
		if (url[0] == '/')
			url = resolve(r->arena, r->base, url);
		internal = false;
	}
	if (internal && url[0] != '/')
		url = path_of(r->arena, url);
	if (!url)
		return ZF_ENOMEM;
	if (r->nrefs == LINKS_MAX) {
		cli_error(CMD, "链接超过%d个，请分批检查", LINKS_MAX);
		return ZF_ETOOBIG;
	}
	if (r->nrefs == r->alloc) {
		size_t na = r->alloc ? r->alloc * 2 : 64;
		struct link_ref *nv = realloc(r->refs, na * sizeof(*nv));
		if (!nv)
			return ZF_ENOMEM;
		r->refs = nv, r->alloc = na;
	}
	r->refs[r->nrefs++] = (struct link_ref){.page = page,
						.href = href,
						.text = text ? arena_strdup(r->arena, text) : "",
						.url = url,
						.internal = internal};
	return 0;
}

static int read_input(struct links_run *r, const char *in, const struct link_opts *lo)
{
	struct buf body = BUF_INIT, final = BUF_INIT, err = BUF_INIT;
	const char *page_base = NULL;
	int rc;
	if (!strncasecmp(in, "http://", 7) || !strncasecmp(in, "https://", 8)) {
		fprintf(stderr, "读取网页 %s\n", in);
		rc = link_fetch(in, lo, &body, &final, NULL, NULL, &err);
		if (rc) {
			cli_error(CMD, "%s", buf_cstr(&err));
			goto out;
		}
		page_base = arena_strdup(r->arena, buf_cstr(&final));
	} else {
		rc = buf_read_file(&body, in, SITE_PAGE_MAX);
		if (rc) {
			cli_error(CMD, rc == ZF_ETOOBIG ? "%s 超过大小上限" : "无法读取文件 %s",
				  in);
			goto out;
		}
	}
	struct site_link *links = NULL;
	size_t n = 0;
	rc = site_page_links(body.p ? body.p : "", body.len, &links, &n);
	if (rc) {
		cli_error(CMD, "无法读取 %s 中的链接", in);
		goto out;
	}
	const char *page = arena_strdup(r->arena, in);
	for (size_t i = 0; i < n && !rc; i++)
		rc = add_ref(r, page, links[i].href, links[i].text, page_base);
	site_links_free(links, n);
out:
	buf_free(&body);
	buf_free(&final);
	buf_free(&err);
	return rc;
}

static int read_list(struct links_run *r, const char *file)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return cli_error(CMD, "无法打开网址清单 %s", file), ZF_EIO;
	char line[4096];
	const char *page = arena_strdup(r->arena, file);
	int rc = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || *s == '#')
			continue;
		rc = add_ref(r, page, s, "", NULL);
	}
	fclose(f);
	return rc;
}

static void progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	if (isatty(2))
		fprintf(stderr, "\r已检查 %zu/%zu", done, total);
	else if (done == total || done % 20 == 0)
		fprintf(stderr, "已检查 %zu/%zu\n", done, total);
	if (done == total && isatty(2))
		fputc('\n', stderr);
}

static const char *fix_of(const char *id)
{
	if (strstr(id, ".spam"))
		return "立即删除该链接并排查页面是否被篡改（外链变异按单项否决处理）";
	if (strstr(id, ".internal"))
		return "改为指向已公开的页面，或删除该链接";
	if (strstr(id, ".redirect-home") || strstr(id, ".soft404"))
		return "找到目标内容的新地址后更新链接，或删除该链接";
	return "更新为可访问的地址，或删除该链接";
}

/* The checker that scans fetched pages for spam (外链变异): the rule set of --rules, else the
 * embedded one; without an embedded one the link checker falls back on its own gambling
 * vocabulary. 0, or CLI_USAGE with the error printed. */
static int spam_checker(const char *rules_path, struct site_checker **out)
{
	struct buf rules = BUF_INIT, err = BUF_INIT;
	*out = NULL;
	if (rules_path && buf_read_file(&rules, rules_path, SCAN_RULES_BYTES)) {
		buf_free(&rules);
		return cli_error(CMD, "无法读取规则集 %s", rules_path);
	}
	int rc =
	    site_checker_new(rules_path ? (rules.p ? rules.p : "") : NULL, rules.len, out, &err);
	buf_free(&rules);
	if (rc && rules_path) {
		cli_error(CMD, "无法载入规则集 %s：%s", rules_path, buf_cstr(&err));
		buf_free(&err);
		return CLI_USAGE;
	}
	if (rc) {
		fprintf(stderr, "未能载入内置规则集（%s），外链变异按内置博彩词表判断\n",
			buf_cstr(&err));
		*out = NULL;
	}
	buf_free(&err);
	return 0;
}

int cmd_site_links(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"site-base", required_argument, NULL, OPT_BASE},
	    {"list", required_argument, NULL, OPT_LIST},
	    {"interval", required_argument, NULL, OPT_INTERVAL},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"retries", required_argument, NULL, OPT_RETRIES},
	    {"rules", required_argument, NULL, OPT_RULES},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	if (cli_wants_help(argc, argv)) {
		fputs(help_links, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *base = NULL, *list = NULL, *rules = NULL;
	bool json = false;
	struct link_opts lo;
	link_opts_default(&lo);
	double d;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE: base = optarg; break;
		case OPT_LIST: list = optarg; break;
		case OPT_RULES: rules = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_INTERVAL:
			if (!parse_seconds(optarg, 0, 3600, &d))
				return cli_error(CMD, "--interval 应为 0 到 3600 之间的秒数");
			lo.host_interval = d;
			break;
		case OPT_TIMEOUT:
			if (!parse_seconds(optarg, 0.1, 600, &d))
				return cli_error(CMD, "--timeout 应为 0.1 到 600 之间的秒数");
			lo.timeout_ms = (long)(d * 1000.0);
			break;
		case OPT_RETRIES:
			if (!parse_seconds(optarg, 0, 10, &d) || d != (int)d)
				return cli_error(CMD, "--retries 应为 0 到 10 之间的整数");
			lo.retries = (int)d;
			break;
		default:
			return cli_error(CMD, "无法识别的选项 %s（见 zfxxgk site links --help）",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc && !list)
		return cli_error(CMD, "请给出网页文件、网址或 --list 网址清单（见 --help）");
	if (base && strncasecmp(base, "http://", 7) && strncasecmp(base, "https://", 8))
		return cli_error(CMD, "--site-base 应为 http:// 或 https:// 开头的网址");
	curl_global_init(CURL_GLOBAL_DEFAULT);

	struct links_run r = {.arena = arena_new(0), .base = base, .use_db = db != NULL};
	if (base)
		host_of(base, r.base_host, sizeof(r.base_host));
	int rc = 0, status = CLI_OK;
	if (list)
		rc = read_list(&r, list);
	bool fetched_pages = false;
	for (int i = optind; i < argc && !rc; i++) {
		bool url =
		    !strncasecmp(argv[i], "http://", 7) || !strncasecmp(argv[i], "https://", 8);
		if (url && fetched_pages)
			pause_s(lo.host_interval);
		rc = read_input(&r, argv[i], &lo);
		fetched_pages |= url;
	}
	if (rc == ZF_ENOMEM)
		cli_error(CMD, "内存不足");
	if (rc) {
		status = CLI_USAGE;
		goto out;
	}

	/* unique URLs of each kind */
	const char **ext = calloc(r.nrefs + 1, sizeof(*ext));
	const char **in = calloc(r.nrefs + 1, sizeof(*in));
	struct link_result *res = calloc(r.nrefs + 1, sizeof(*res));
	struct ilink_result *ires = calloc(r.nrefs + 1, sizeof(*ires));
	size_t next = 0, nin = 0;
	if (!ext || !in || !res || !ires) {
		cli_error(CMD, "内存不足");
		status = CLI_USAGE;
		goto free_lists;
	}
	for (size_t i = 0; i < r.nrefs; i++) {
		struct link_ref *l = &r.refs[i];
		const char **v = l->internal ? in : ext;
		size_t *nv = l->internal ? &nin : &next;
		size_t k = 0;
		while (k < *nv && strcmp(v[k], l->url))
			k++;
		if (k == *nv)
			v[(*nv)++] = l->url;
		l->check = k;
	}
	fprintf(stderr, "共 %zu 个链接：站内 %zu 个（查数据库），站外 %zu 个（抓取）\n", r.nrefs,
		nin, next);
	if (nin) {
		struct store *st = cli_store_open(CMD, db);
		if (!st) {
			status = CLI_USAGE;
			goto free_lists;
		}
		for (size_t k = 0; k < nin && !rc; k++)
			rc = store_ilink_check(st, in[k], site_route_known, NULL, &ires[k]);
		store_close(st);
		if (rc) {
			cli_error(CMD, "查询数据库失败");
			status = CLI_USAGE;
			goto free_lists;
		}
	}
	lo.progress = progress;
	if (next && (rc = spam_checker(rules, &lo.checker)) != 0) {
		status = CLI_USAGE;
		goto free_lists;
	}
	if (next && fetched_pages)
		pause_s(lo.host_interval); /* the pages' host may be the links' host too */
	if (next && link_check(ext, next, &lo, res) != 0) {
		cli_error(CMD, "内存不足");
		status = CLI_USAGE;
		goto free_results;
	}

	/* findings: one per link found on a page (a link on two pages is two findings) */
	struct site_findings f;
	site_findings_init(&f);
	size_t problems = 0;
	json_t *jres = json ? json_array() : NULL;
	for (size_t i = 0; i < r.nrefs; i++) {
		struct link_ref *l = &r.refs[i];
		const char *id, *why, *label;
		enum scan_sev sev = SCAN_DEDUCT;
		long st = 0;
		const char *final = l->url;
		bool ok;
		if (l->internal) {
			struct ilink_result *x = &ires[l->check];
			id = ilink_verdict_id(x->verdict);
			why = x->why;
			ok = x->verdict == ILINK_OK;
			label = ok ? "正常" : "站内链接失效";
		} else {
			struct link_result *x = &res[l->check];
			id = x->id ? x->id : link_verdict_id(x->verdict);
			why = x->why ? x->why : "";
			ok = x->verdict == LINK_OK || x->verdict == LINK_SKIPPED;
			sev = link_verdict_sev(x->verdict);
			label = link_verdict_label(x->verdict);
			st = x->status;
			final = x->final_url ? x->final_url : l->url;
		}
		if (jres)
			json_array_append_new(
			    jres, json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:I,s:s,s:s}", "page",
					    l->page, "href", l->href, "url", l->url, "internal",
					    l->internal, "id", id, "verdict", label, "status",
					    (json_int_t)st, "final_url", final, "why", why));
		if (ok)
			continue;
		problems++;
		struct site_finding x = {.id = id,
					 .sev = sev,
					 .url = l->page,
					 .field = "link",
					 .snippet = l->url,
					 .context = l->text,
					 .message = why,
					 .fix = fix_of(id)};
		if (site_findings_add(&f, &x)) {
			cli_error(CMD, "内存不足");
			status = CLI_USAGE;
			break;
		}
	}
	if (json) {
		json_t *jf = json_array();
		for (size_t i = 0; i < f.n; i++)
			json_array_append_new(
			    jf, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", f.v[i].id,
					  "category", f.v[i].category, "severity",
					  scan_sev_key(f.v[i].sev), "page", f.v[i].url, "link",
					  f.v[i].snippet, "text", f.v[i].context, "message",
					  f.v[i].message, "fix", f.v[i].fix));
		json_t *root =
		    json_pack("{s:I,s:I,s:I,s:I,s:o,s:o}", "links", (json_int_t)r.nrefs, "internal",
			      (json_int_t)nin, "external", (json_int_t)next, "problems",
			      (json_int_t)problems, "findings", jf, "results", jres);
		char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		if (s)
			puts(s);
		free(s);
		json_decref(root);
	} else {
		for (size_t i = 0; i < f.n; i++) {
			const struct site_finding *x = &f.v[i];
			printf("[%s] %s  %s\n", scan_sev_label(x->sev), x->id, x->snippet);
			printf("    所在：%s%s%s%s\n", x->url, *x->context ? "，链接文字“" : "",
			       x->context, *x->context ? "”" : "");
			printf("    问题：%s\n    建议：%s\n", x->message, x->fix);
		}
		printf("共检查 %zu 个链接（站内 %zu，站外 %zu 个不同地址），%s", r.nrefs, nin, next,
		       problems ? "" : "没有发现问题。\n");
		if (problems)
			printf("发现 %zu 个问题。\n", problems);
	}
	if (status == CLI_OK && problems)
		status = CLI_FINDINGS;
	site_findings_free(&f);
free_results:
	link_results_free(res, next);
	site_checker_free(lo.checker);
free_lists:
	free(ext);
	free(in);
	free(res);
	free(ires);
out:
	free(r.refs);
	arena_free(r.arena);
	return status;
}

static const char help_tamper[] =
    "用法：zfxxgk site tamper --db 数据库 --base 网址 [选项]\n\n"
    "防篡改检查：从公开入口（--base，如 nginx、CDN 或本系统的地址）取回本站的公开页面\n"
    "（首页、主动公开目录、年度报告、公开指南、栏目、清单、项目、网站地图、联系方式、\n"
    "公开规定、法定主动公开内容，以及目录和报告列表中的前几份文件和报告），与系统按同一\n"
    "路径直接生成的页面比对可见文字和链接；再核对静态文件（样式表等）的 SHA-256。\n"
    "比对时忽略每次请求都不同的部分：隐藏字段中的 CSRF 令牌、脚本 nonce、Cookie、\n"
    "指向本站的绝对地址中的主机名、网址中的 _csrf/token/nonce 参数，以及页面上显示的\n"
    "日期和时间。\n\n"
    "发现：tamper.content（文字被改动，多出文字为单项否决）、tamper.link（多出或缺少\n"
    "链接，多出为单项否决）、tamper.static（静态文件与清单不符，单项否决）。\n\n"
    "选项：\n"
    "  --db 数据库              本系统的数据库（SQLite 文件或 postgresql://…）\n"
    "  --base 网址              公开入口，如 https://gk.example.gov.cn/\n"
    "  --write-manifest 文件    写出静态文件的 SHA-256 清单（按系统生成的内容），再据此核对\n"
    "  --manifest 文件          按这份清单核对静态文件（不给时与系统生成的内容直接比对）\n"
    "  --path 路径              另外要比对的页面，可重复\n"
    "  --docs 份数              从目录和报告列表各取几份（默认 3）\n"
    "  --timeout 秒             单次请求的时限（默认 15）\n"
    "  --json                   以 JSON 输出\n"
    "  -h, --help               显示本帮助\n\n"
    "退出状态：0 没有发现篡改，1 发现问题，2 用法或读取错误。\n\n"
    "示例：\n"
    "  zfxxgk site tamper --db var/zfxxgk.db --base https://gk.example.gov.cn/ "
    "--write-manifest var/static.sha256\n"
    "  zfxxgk site tamper --db var/zfxxgk.db --base https://gk.example.gov.cn/ "
    "--manifest var/static.sha256\n";

static const char *const TCMD = "site tamper";

static void print_findings(const struct site_findings *f, bool json, const char *what,
			   size_t checked)
{
	if (json) {
		json_t *jf = json_array();
		for (size_t i = 0; i < f->n; i++)
			json_array_append_new(
			    jf,
			    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", f->v[i].id, "category",
				      f->v[i].category, "severity", scan_sev_key(f->v[i].sev),
				      "url", f->v[i].url, "snippet", f->v[i].snippet, "message",
				      f->v[i].message, "fix", f->v[i].fix));
		json_t *root = json_pack("{s:I,s:I,s:o}", "checked", (json_int_t)checked,
					 "problems", (json_int_t)f->n, "findings", jf);
		char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		if (s)
			puts(s);
		free(s);
		json_decref(root);
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		const struct site_finding *x = &f->v[i];
		printf("[%s] %s  %s\n    问题：%s\n    建议：%s\n", scan_sev_label(x->sev), x->id,
		       x->url, x->message, x->fix);
	}
	if (f->n)
		printf("共比对 %zu 个%s，发现 %zu 个问题。\n", checked, what, f->n);
	else
		printf("共比对 %zu 个%s，没有发现篡改。\n", checked, what);
}

/* Fetches base + path through the front door into p (status 0 when it could not be had). */
static void front_door(const char *base, const char *path, const struct link_opts *lo,
		       struct tamper_page *p, struct buf *why)
{
	memset(p, 0, sizeof(*p));
	struct buf url = BUF_INIT, ct = BUF_INIT;
	size_t bl = strlen(base);
	buf_add(&url, base, bl && base[bl - 1] == '/' ? bl - 1 : bl);
	buf_adds(&url, path);
	long status = 0;
	buf_reset(why);
	int rc = link_fetch(buf_cstr(&url), lo, &p->body, NULL, &ct, &status, why);
	p->status = rc == 0 || status >= 400 ? (int)status : 0;
	snprintf(p->content_type, sizeof(p->content_type), "%s", buf_cstr(&ct));
	buf_free(&url);
	buf_free(&ct);
}

static int add_finding(struct site_findings *f, const char *id, enum scan_sev sev, const char *url,
		       const char *snippet, const char *message, const char *fix)
{
	struct site_finding x = {.id = id,
				 .sev = sev,
				 .url = url,
				 .field = "static",
				 .snippet = snippet,
				 .message = message,
				 .fix = fix};
	return site_findings_add(f, &x);
}

static int write_manifest(const char *file, const struct web_env *env, const char *host,
			  const struct strlist *statics)
{
	FILE *out = fopen(file, "w");
	if (!out)
		return cli_error(TCMD, "无法写入清单 %s", file), ZF_EIO;
	fprintf(out, "# zfxxgk site tamper: SHA-256 of the static files the site serves\n");
	int rc = 0;
	for (size_t i = 0; i < statics->n && !rc; i++) {
		struct tamper_page p;
		rc = tamper_render(env, host, statics->v[i], &p);
		if (!rc && p.status == 200) {
			char hex[65];
			tamper_sha256_hex(p.body.p ? p.body.p : "", p.body.len, hex);
			fprintf(out, "%s  %s\n", hex, statics->v[i]);
		}
		tamper_page_free(&p);
	}
	if (fclose(out) != 0 || rc)
		return cli_error(TCMD, "无法写入清单 %s", file), ZF_EIO;
	fprintf(stderr, "已写出 %zu 个静态文件的清单：%s\n", statics->n, file);
	return 0;
}

int cmd_site_tamper(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"base", required_argument, NULL, OPT_BASE},
	    {"manifest", required_argument, NULL, OPT_MANIFEST},
	    {"write-manifest", required_argument, NULL, OPT_WRITE_MANIFEST},
	    {"path", required_argument, NULL, OPT_PAGES},
	    {"docs", required_argument, NULL, OPT_RETRIES},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	if (cli_wants_help(argc, argv)) {
		fputs(help_tamper, stdout);
		return CLI_OK;
	}
	const char *db = NULL, *base = NULL, *manifest = NULL, *write = NULL;
	bool json = false;
	double docs = 3, d;
	struct strlist paths = {0};
	struct link_opts lo;
	link_opts_default(&lo);
	lo.retries = 1;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE: base = optarg; break;
		case OPT_MANIFEST: manifest = optarg; break;
		case OPT_WRITE_MANIFEST: write = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_PAGES:
			if (optarg[0] != '/') {
				strlist_free(&paths);
				return cli_error(TCMD, "--path 应为以 / 开头的本站路径");
			}
			strlist_addf(&paths, "%s", optarg);
			break;
		case OPT_RETRIES:
			if (!parse_seconds(optarg, 0, 100, &docs) || docs != (int)docs) {
				strlist_free(&paths);
				return cli_error(TCMD, "--docs 应为 0 到 100 之间的整数");
			}
			break;
		case OPT_TIMEOUT:
			if (!parse_seconds(optarg, 0.1, 600, &d)) {
				strlist_free(&paths);
				return cli_error(TCMD, "--timeout 应为 0.1 到 600 之间的秒数");
			}
			lo.timeout_ms = (long)(d * 1000.0);
			break;
		default:
			strlist_free(&paths);
			return cli_error(TCMD, "无法识别的选项 %s（见 zfxxgk site tamper --help）",
					 argv[optind - 1]);
		}
	}
	if (optind < argc) {
		strlist_free(&paths);
		return cli_error(TCMD, "多余的参数 %s", argv[optind]);
	}
	if (!base || (strncasecmp(base, "http://", 7) && strncasecmp(base, "https://", 8))) {
		strlist_free(&paths);
		return cli_error(TCMD, "请用 --base 给出公开入口的网址（http:// 或 https://）");
	}
	if (!db) {
		strlist_free(&paths);
		return cli_error(TCMD, "请用 --db 给出本系统的数据库");
	}
	struct tamper_manifest m = {0};
	if (manifest) {
		struct buf text = BUF_INIT, err = BUF_INIT;
		int rc = buf_read_file(&text, manifest, 16u << 20);
		if (!rc)
			rc = tamper_manifest_parse(text.p ? text.p : "", text.len, &m, &err);
		if (rc)
			cli_error(TCMD, "%s：%s", manifest,
				  rc == ZF_EPARSE ? buf_cstr(&err) : "无法读取清单");
		buf_free(&text);
		buf_free(&err);
		if (rc) {
			strlist_free(&paths);
			return CLI_USAGE;
		}
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	struct store *st = cli_store_open(TCMD, db); /* migrates; the pool below does not */
	if (!st) {
		strlist_free(&paths);
		tamper_manifest_free(&m);
		return CLI_USAGE;
	}
	store_close(st);
	char host[256];
	host_of(base, host, sizeof(host));
	/* the Host header a browser sends: the authority as written in --base */
	char authority[256];
	const char *a = strstr(base, "://") + 3;
	snprintf(authority, sizeof(authority), "%.*s", (int)strcspn(a, "/?#"), a);

	struct web_env env = {NULL, store_pool_new(db, 2), NULL};
	struct site_findings f;
	site_findings_init(&f);
	struct strlist statics = {0};
	struct buf why = BUF_INIT;
	int status = CLI_OK, rc = tamper_pages(&env, authority, (size_t)docs, &paths);
	strlist_addf(&statics, "/static/site.css");
	size_t checked = 0;
	for (size_t i = 0; i < paths.n && !rc; i++) {
		struct tamper_page want, got;
		fprintf(stderr, "比对 %s\n", paths.v[i]);
		rc = tamper_render(&env, authority, paths.v[i], &want);
		if (rc)
			break;
		rc = tamper_static_paths(&want, &statics);
		front_door(base, paths.v[i], &lo, &got, &why);
		if (!rc && got.status == 0)
			rc = add_finding(&f, "tamper.content.unreachable", SCAN_SUSPECT, paths.v[i],
					 "", buf_cstr(&why), "检查公开入口能否访问");
		else if (!rc)
			rc = tamper_compare(paths.v[i], host, &want, &got, &f);
		checked++;
		tamper_page_free(&want);
		tamper_page_free(&got);
	}
	if (!rc && write) {
		if (write_manifest(write, &env, authority, &statics)) {
			status = CLI_USAGE;
			goto out;
		}
		struct buf text = BUF_INIT, err = BUF_INIT;
		tamper_manifest_free(&m);
		rc = buf_read_file(&text, write, 16u << 20);
		if (!rc)
			rc = tamper_manifest_parse(text.p ? text.p : "", text.len, &m, &err);
		buf_free(&text);
		buf_free(&err);
		manifest = write;
	}
	/* static files: against the manifest, or against the application's own bytes */
	size_t nstatic = manifest ? m.n : statics.n;
	for (size_t i = 0; i < nstatic && !rc; i++) {
		const char *path = manifest ? m.v[i].path : statics.v[i];
		char want_hex[65], got_hex[65];
		if (manifest) {
			memcpy(want_hex, m.v[i].sha256, 65);
		} else {
			struct tamper_page p;
			rc = tamper_render(&env, authority, path, &p);
			tamper_sha256_hex(p.body.p ? p.body.p : "", p.body.len, want_hex);
			tamper_page_free(&p);
			if (rc)
				break;
		}
		struct tamper_page got;
		fprintf(stderr, "核对 %s\n", path);
		front_door(base, path, &lo, &got, &why);
		tamper_sha256_hex(got.body.p ? got.body.p : "", got.body.len, got_hex);
		checked++;
		if (got.status != 200) {
			char msg[256];
			snprintf(msg, sizeof(msg), "公开入口取不到这个静态文件（%s）",
				 got.status ? "状态异常" : buf_cstr(&why));
			rc = add_finding(&f, "tamper.static.missing", SCAN_SUSPECT, path, "", msg,
					 "检查公开入口的静态文件配置");
		} else if (strcmp(want_hex, got_hex)) {
			char msg[256];
			snprintf(msg, sizeof(msg),
				 "静态文件与清单不符：应为 SHA-256 %.16s…，公开入口返回 %.16s…",
				 want_hex, got_hex);
			rc = add_finding(&f, "tamper.static", SCAN_VETO, path, got_hex, msg,
					 "用发布版本替换被改动的文件，并核查服务器是否被入侵");
		}
		tamper_page_free(&got);
	}
	if (rc) {
		cli_error(TCMD, rc == ZF_ENOMEM ? "内存不足" : "比对失败（数据库或读取错误）");
		status = CLI_USAGE;
		goto out;
	}
	print_findings(&f, json, "页面和静态文件", checked);
	if (f.n)
		status = CLI_FINDINGS;
out:
	site_findings_free(&f);
	strlist_free(&paths);
	strlist_free(&statics);
	tamper_manifest_free(&m);
	buf_free(&why);
	store_pool_free(env.db);
	return status;
}
