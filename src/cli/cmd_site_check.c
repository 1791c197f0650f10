/* cmd_site_check.c: `zfxxgk site check`: checks pages and files saved from any site (HTML or
 * text files, directories of them, WARC archives) and live URLs, with the rule set, the
 * personal-data check and the page checks of ingest/site_check.h. */
#include "common.h"
#include "cli.h"
#include "buf.h"
#include "date.h"
#include "ingest/linkcheck.h"
#include "ingest/site_check.h"
#include "ingest/site_page.h"
#include "ingest/warc.h"

#include <dirent.h>
#include <getopt.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 100000 /* files of the directories named */
#define MAX_DEPTH 32	 /* directory levels */

static const char help[] =
    "用法：zfxxgk site check [选项] 路径|网址…\n"
    "\n"
    "检查网页和文件中的内容问题：错敏词和严重表述错误、被篡改植入的博彩色情内容（固定表述\n"
    "或机关名称被替换、关键词堆砌）、暗链（CSS 隐藏的链接、脚本写入的链接）、未脱敏的个人\n"
    "信息（身份证号、手机号、银行卡号、姓名及住址）。\n"
    "\n"
    "可以检查：\n"
    "  HTML 或纯文本文件（按内容判断，编码自动识别：UTF-8、GBK/GB18030、Big5、UTF-16）\n"
    "  目录（递归读取其中的 .html .htm .shtml .xhtml .txt .warc .warc.gz 文件）\n"
    "  WARC 归档（.warc 或 .warc.gz，逐条检查 HTML 和纯文本的响应记录）\n"
    "  网址（http:// 或 https://，礼貌抓取后检查）\n"
    "\n"
    "选项：\n"
    "  --json          以 JSON 输出：每个文件一个对象，含问题列表，最后是汇总\n"
    "  --rules 文件    使用这个规则集（默认：程序内置的规则集）\n"
    "  --date 日期     按这一天适用的规则检查（YYYY-MM-DD，默认不限日期）\n"
    "  --min 级别      只报告这一级别及更严重的问题：疑似（默认）、扣分、单项否决\n"
    "  -h, --help      显示本帮助\n"
    "\n"
    "级别按《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）：单项否决、扣分、疑似。\n"
    "退出状态：0 没有发现问题；1 发现了问题；2 有文件或网址无法读取，或用法错误。\n"
    "单个文件上限 64 MB（网页 16 MB），超过的不读取并提示。\n";

struct out {
	bool json;
	enum scan_sev min;
	json_t *files; /* --json */
	size_t nfiles, nunread, nfind, bysev[SCAN_SEV_COUNT];
	bool tty;
	size_t done, total; /* progress */
};

static void progress(struct out *o)
{
	if (!o->tty || o->total < 2)
		return;
	fprintf(stderr, "\r已检查 %zu/%zu 个文件", o->done, o->total);
	if (o->done == o->total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void print_text(const char *name, const struct site_findings *f, const struct out *o)
{
	size_t shown = 0;
	for (size_t i = 0; i < f->n; i++)
		shown += f->v[i].sev <= o->min;
	if (!shown)
		return;
	printf("%s：%zu 处问题\n", name, shown);
	for (size_t i = 0; i < f->n; i++) {
		const struct site_finding *x = &f->v[i];
		if (x->sev > o->min)
			continue;
		/* the same id and snippet again: counted under the first */
		bool again = false;
		size_t more = 0;
		for (size_t k = 0; k < i && !again; k++)
			again = f->v[k].sev <= o->min && !strcmp(f->v[k].id, x->id) &&
				!strcmp(f->v[k].snippet, x->snippet);
		if (again)
			continue;
		for (size_t k = i + 1; k < f->n; k++)
			more += f->v[k].sev <= o->min && !strcmp(f->v[k].id, x->id) &&
				!strcmp(f->v[k].snippet, x->snippet);
		printf("  [%s] %s 第%zu–%zu字节%s%s%s 【%s】\n    %s\n", scan_sev_label(x->sev), x->id,
		       x->start, x->end, *x->field ? "（" : "", x->field, *x->field ? "）" : "",
		       x->snippet, x->message);
		if (*x->context)
			printf("    上下文：%s\n", x->context);
		if (*x->fix)
			printf("    建议：%s\n", x->fix);
		if (more)
			printf("    （同样的问题另有 %zu 处，各处位置见 --json）\n", more);
	}
}

static json_t *finding_json(const struct site_finding *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_string(x->id));
	json_object_set_new(j, "category", json_string(x->category));
	json_object_set_new(j, "severity", json_string(scan_sev_key(x->sev)));
	json_object_set_new(j, "severity_label", json_string(scan_sev_label(x->sev)));
	json_object_set_new(j, "url", json_string(x->url));
	json_object_set_new(j, "field", json_string(x->field));
	json_object_set_new(j, "start", json_integer((json_int_t)x->start));
	json_object_set_new(j, "end", json_integer((json_int_t)x->end));
	json_object_set_new(j, "snippet", json_string(x->snippet));
	json_object_set_new(j, "context", json_string(x->context));
	json_object_set_new(j, "message", json_string(x->message));
	json_object_set_new(j, "fix", json_string(x->fix));
	return j;
}

/* Reports one checked thing: its findings or the error that kept it from being read. */
static void report(struct out *o, const char *name, const char *url, const struct site_findings *f,
		   const char *error)
{
	o->nfiles++;
	size_t shown = 0;
	if (f)
		for (size_t i = 0; i < f->n; i++)
			if (f->v[i].sev <= o->min) {
				shown++;
				o->bysev[f->v[i].sev]++;
			}
	o->nfind += shown;
	if (error) {
		o->nunread++;
		cli_error("site check", "%s：%s", name, error);
	}
	if (o->json) {
		json_t *j = json_object();
		json_object_set_new(j, "path", json_string(name));
		if (url)
			json_object_set_new(j, "url", json_string(url));
		if (error)
			json_object_set_new(j, "error", json_string(error));
		json_t *a = json_array();
		for (size_t i = 0; f && i < f->n; i++)
			if (f->v[i].sev <= o->min)
				json_array_append_new(a, finding_json(&f->v[i]));
		json_object_set_new(j, "findings", a);
		json_array_append_new(o->files, j);
	} else if (f) {
		print_text(name, f, o);
	}
}

static const char *error_line(struct site_checker *c, int rc)
{
	const char *e = site_checker_error(c);
	if (*e)
		return e;
	return rc == ZF_ENOMEM ? "内存不足" : rc == ZF_ETOOBIG ? "文件过大" : "无法读取";
}

static void check_data(struct site_checker *c, struct out *o, const struct site_place *base,
		       const char *name, const char *url, const char *data, size_t n, bool html)
{
	struct site_findings f;
	site_findings_init(&f);
	struct site_place p = *base;
	p.url = url ? url : name;
	int rc = html ? site_check_html(c, &p, data, n, &f) : site_check_bytes(c, &p, data, n, &f);
	report(o, name, url, rc ? NULL : &f, rc ? error_line(c, rc) : NULL);
	site_findings_free(&f);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcasecmp(s + a - b, suf);
}

static bool is_warc(const char *path)
{
	return has_suffix(path, ".warc") || has_suffix(path, ".warc.gz");
}

static void check_warc(struct site_checker *c, struct out *o, const struct site_place *base,
		       const char *path)
{
	struct buf err = BUF_INIT, name = BUF_INIT;
	struct warc *w;
	if (warc_open(path, &w, &err)) {
		report(o, path, NULL, NULL, buf_cstr(&err));
		buf_free(&err);
		return;
	}
	struct warc_record *r;
	int rc;
	size_t checked = 0;
	while ((rc = warc_next(w, &r, &err)) == 1) {
		bool html = !strcmp(r->content_type, "text/html") ||
			    !strcmp(r->content_type, "application/xhtml+xml");
		bool text = !strcmp(r->content_type, "text/plain");
		if (!html && !text)
			continue;
		buf_reset(&name);
		buf_printf(&name, "%s#%zu", path, r->index);
		if (r->skipped) {
			report(o, buf_cstr(&name), r->target, NULL, "记录过大，未检查");
			continue;
		}
		checked++;
		check_data(c, o, base, buf_cstr(&name), *r->target ? r->target : NULL,
			   r->payload.p ? r->payload.p : "", r->payload.len, html);
	}
	if (rc < 0)
		report(o, path, NULL, NULL, rc == ZF_ENOMEM ? "内存不足" : buf_cstr(&err));
	else if (!checked && !o->json)
		fprintf(stderr, "zfxxgk site check: %s：没有 HTML 或纯文本的响应记录\n", path);
	warc_close(w);
	buf_free(&err);
	buf_free(&name);
}

static void check_file(struct site_checker *c, struct out *o, const struct site_place *base,
		       const char *path)
{
	if (is_warc(path)) {
		check_warc(c, o, base, path);
		return;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		report(o, path, NULL, NULL, errno == ENOENT ? "文件不存在" : "无法读取");
		return;
	}
	if ((unsigned long long)st.st_size > SITE_CHECK_MAX) {
		char msg[160];
		snprintf(msg, sizeof(msg), "文件过大（%lld 字节，上限 %u 字节），未检查",
			 (long long)st.st_size, SITE_CHECK_MAX);
		report(o, path, NULL, NULL, msg);
		return;
	}
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, path, SITE_CHECK_MAX);
	if (rc) {
		report(o, path, NULL, NULL,
		       rc == ZF_ETOOBIG ? "文件过大（超过 64 MB），未检查" : "无法读取");
	} else {
		check_data(c, o, base, path, NULL, b.p ? b.p : "", b.len, false);
	}
	buf_free(&b);
}

struct files {
	char **v;
	size_t n, alloc;
	bool capped;
};

static int files_add(struct files *f, const char *path)
{
	if (f->n >= MAX_FILES) {
		f->capped = true;
		return 0;
	}
	if (f->n == f->alloc) {
		size_t na = f->alloc ? f->alloc * 2 : 64;
		char **v = realloc(f->v, na * sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		f->v = v;
		f->alloc = na;
	}
	if (!(f->v[f->n] = strdup(path)))
		return ZF_ENOMEM;
	f->n++;
	return 0;
}

static bool page_file(const char *name)
{
	static const char *exts[] = {".html", ".htm", ".shtml", ".xhtml", ".txt", ".warc",
				     ".warc.gz"};
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++)
		if (has_suffix(name, exts[i]))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The page files below dir, sorted, at most MAX_FILES of them and MAX_DEPTH levels. */
static int walk(struct files *f, const char *dir, int depth)
{
	if (depth > MAX_DEPTH)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return ZF_EIO;
	struct files here = {0};
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *p = NULL;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			rc = ZF_ENOMEM;
			break;
		}
		rc = files_add(&here, p);
		free(p);
	}
	closedir(d);
	qsort(here.v, here.n, sizeof(*here.v), cmp_str);
	for (size_t i = 0; i < here.n; i++) {
		struct stat st;
		if (!rc && lstat(here.v[i], &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(f, here.v[i], depth + 1) == ZF_ENOMEM ? ZF_ENOMEM : 0;
			else if (S_ISREG(st.st_mode) && page_file(here.v[i]))
				rc = files_add(f, here.v[i]);
		}
		free(here.v[i]);
	}
	free(here.v);
	f->capped |= here.capped;
	return rc;
}

static void check_url(struct site_checker *c, struct out *o, const struct site_place *base,
		      const char *url)
{
	struct link_opts lo;
	link_opts_default(&lo);
	lo.max_body = SITE_PAGE_MAX;
	struct buf body = BUF_INIT, final = BUF_INIT, ctype = BUF_INIT, err = BUF_INIT;
	long status = 0;
	int rc = link_fetch(url, &lo, &body, &final, &ctype, &status, &err);
	if (rc) {
		report(o, url, url, NULL, err.len ? buf_cstr(&err) : "无法取回网页");
	} else if (status >= 400) {
		char msg[96];
		snprintf(msg, sizeof(msg), "网页无法访问（HTTP %ld）", status);
		report(o, url, url, NULL, msg);
	} else {
		const char *u = final.len ? buf_cstr(&final) : url;
		bool html = strstr(buf_cstr(&ctype), "html") != NULL;
		check_data(c, o, base, url, u, body.p ? body.p : "", body.len, html);
	}
	buf_free(&body);
	buf_free(&final);
	buf_free(&ctype);
	buf_free(&err);
}

int cmd_site_check(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'J'},	     {"rules", required_argument, NULL, 'r'},
	    {"date", required_argument, NULL, 'd'}, {"min", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},	     {NULL, 0, NULL, 0},
	};
	struct out o = {.min = SCAN_SUSPECT};
	const char *rules_path = NULL;
	struct site_place base = {0};
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'J': o.json = true; break;
		case 'r': rules_path = optarg; break;
		case 'd':
			if (date_parse(str_c(optarg), &base.date))
				return cli_error("site check", "--date 应为 YYYY-MM-DD，实际为“%s”",
						 optarg);
			break;
		case 'm': {
			int s = scan_sev_parse(optarg);
			if (s < 0)
				return cli_error("site check",
						 "--min 应为 疑似、扣分 或 单项否决，实际为“%s”",
						 optarg);
			o.min = (enum scan_sev)s;
			break;
		}
		case 'h': fputs(help, stdout); return CLI_OK;
		default:
			if (optopt == 'r' || optopt == 'd' || optopt == 'm')
				return cli_error("site check", "选项 %s 缺少参数", argv[optind - 1]);
			return cli_error("site check",
					 "无法识别的选项 %s（见 zfxxgk site check --help）",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_error("site check",
				 "缺少要检查的文件、目录或网址（见 zfxxgk site check --help）");

	struct buf rules = BUF_INIT, err = BUF_INIT;
	if (rules_path) {
		int rc = buf_read_file(&rules, rules_path, SCAN_RULES_BYTES);
		if (rc) {
			buf_free(&rules);
			return cli_error("site check", "无法读取规则集 %s：%s", rules_path,
					 rc == ZF_ETOOBIG ? "文件过大" : "文件不存在或无法读取");
		}
	}
	struct site_checker *c;
	int rc = site_checker_new(rules_path ? (rules.p ? rules.p : "") : NULL, rules.len, &c,
				  &err);
	buf_free(&rules);
	if (rc) {
		cli_error("site check", "无法载入规则集%s%s：%s", rules_path ? " " : "",
			  rules_path ? rules_path : "", buf_cstr(&err));
		buf_free(&err);
		return CLI_USAGE;
	}
	buf_free(&err);

	o.tty = isatty(2);
	if (o.json)
		o.files = json_array();
	struct files files = {0};
	for (int i = optind; i < argc; i++) {
		const char *a = argv[i];
		struct stat st;
		if (!strncasecmp(a, "http://", 7) || !strncasecmp(a, "https://", 8)) {
			files_add(&files, a);
		} else if (stat(a, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (walk(&files, a, 0))
				cli_error("site check", "无法读取目录 %s", a);
		} else {
			files_add(&files, a);
		}
	}
	if (files.capped)
		cli_error("site check", "文件过多，只检查前 %d 个", MAX_FILES);
	o.total = files.n;
	for (size_t i = 0; i < files.n; i++) {
		const char *a = files.v[i];
		if (!strncasecmp(a, "http://", 7) || !strncasecmp(a, "https://", 8))
			check_url(c, &o, &base, a);
		else
			check_file(c, &o, &base, a);
		o.done = i + 1;
		progress(&o);
		free(files.v[i]);
	}
	free(files.v);
	site_checker_free(c);

	if (o.json) {
		json_t *root = json_object();
		json_object_set_new(root, "files", o.files);
		json_t *s = json_object();
		json_object_set_new(s, "checked", json_integer((json_int_t)o.nfiles));
		json_object_set_new(s, "unreadable", json_integer((json_int_t)o.nunread));
		json_object_set_new(s, "findings", json_integer((json_int_t)o.nfind));
		for (int k = 0; k < SCAN_SEV_COUNT; k++)
			json_object_set_new(s, scan_sev_key((enum scan_sev)k),
					    json_integer((json_int_t)o.bysev[k]));
		json_object_set_new(root, "summary", s);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
	} else {
		printf("共检查 %zu 个文件或网址：%zu 处问题（单项否决 %zu，扣分 %zu，疑似 %zu）", o.nfiles,
		       o.nfind, o.bysev[SCAN_VETO], o.bysev[SCAN_DEDUCT], o.bysev[SCAN_SUSPECT]);
		if (o.nunread)
			printf("，%zu 个无法读取", o.nunread);
		printf("\n");
	}
	fflush(stdout);
	return o.nunread ? CLI_USAGE : o.nfind ? CLI_FINDINGS : CLI_OK;
}
