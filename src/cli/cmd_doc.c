/* cmd_doc.c: `zfxxgk doc ...`: the catalogue of proactively disclosed information from the
 * command line: drafting, 保密审查 (submit, return, approve), repeal and validity review,
 * search, the working list, import and export, table 2's 第二十条（一） figures, the demo
 * catalogue and synthetic documents. */
#include "common.h"
#include "demo/requests.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "demo/docs.h"
#include "store/docs.h"
#include "web/doc_gate.h"
#include "utf8.h"

#include <getopt.h>
#include <jansson.h>

static const char help_doc[] =
    "用法：zfxxgk doc <子命令> [选项]\n\n"
    "主动公开目录：起草文件、保密审查、发布、废止和定期审查，检索，导入导出。\n"
    "文件的生命周期：草稿（add/edit）→ 提交审查（submit）→ 审查通过并发布（approve，\n"
    "自动生成索引号）或退回修改（return）→ 已发布 → 废止（repeal）或失效（expire）。\n\n"
    "子命令：\n"
    "  list       列出文件（可按机关、状态、有效性、类别、主题、体裁、年份筛选）\n"
    "  show       显示一份文件的全部元数据、附件、政策解读和处理记录\n"
    "  add        起草一份文件（草稿）\n"
    "  edit       修改草稿\n"
    "  delete     删除从未发布的草稿\n"
    "  attach     为草稿上传附件\n"
    "  submit     提交保密审查\n"
    "  withdraw   撤回审查中的文件\n"
    "  return     审核人退回修改（须写明理由）\n"
    "  approve    审核人审查通过并发布（先审查、后公开）\n"
    "  repeal     宣布废止已发布的文件\n"
    "  expire     将已发布的文件标注为失效（不给编号：有效期已届满的全部）\n"
    "  reviewed   记录一次定期审查（文件继续有效）\n"
    "  takedown   撤稿：撤下已发布的文件或附件（撤回或删除，须写明理由）\n"
    "  todo       待办：临近《条例》第二十六条发布期限的草稿、应定期审查或已过有效期的文件\n"
    "  search     全文检索（支持单字、双字，按文号、索引号精确查找）\n"
    "  settings   设置机关的组织机构代码和索引号模板\n"
    "  t2         年度报告表二第二十条（一）的数字（规章、行政规范性文件）\n"
    "  export     导出目录（Excel 或 CSV）\n"
    "  import     从 CSV、Excel、JSON 批量导入，并报告被拒绝的行及原因\n"
    "  demo       写入示例目录（约 300 份），或生成大量合成文件（--synth）\n"
    "  topics     列出主题分类\n"
    "  genres     列出体裁\n\n"
    "每个子命令都有帮助：zfxxgk doc <子命令> --help\n";

static const char help_fields[] =
    "文件的字段：\n"
    "  --agency 编号        发布机关（目录所属机关）的编号\n"
    "  --title 名称         文件名称\n"
    "  --written 日期       成文日期，YYYY-MM-DD\n"
    "  --summary 文字       内容概述\n"
    "  --body 文字          正文（或 --body-file 文件，- 表示标准输入）\n"
    "  --issuer 名称        发布机构全称（默认为机关名称）\n"
    "  --doc-no 文号        如 示政发〔2024〕12号（也接受 [] 【】 () 写法，统一为〔〕）\n"
    "  --topic 分类         主题分类的代码或名称，如 02.01 或 综合政务\\政务公开\n"
    "  --genre 体裁         如 通知、意见、决定、办法（见 zfxxgk doc genres）\n"
    "  --keywords 词        主题词\n"
    "  --kind 类别          regulation（规章）、normative（行政规范性文件）或 other（默认）\n"
    "  --effective 日期     施行日期\n"
    "  --valid-until 日期   有效期至\n"
    "  --interprets 编号    政策解读：所解读的已发布文件的编号\n";

static const char help_common[] =
    "  --db 数据库          SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help           显示本帮助\n";

enum {
	OPT_DB = 256,
	OPT_AGENCY,
	OPT_TITLE,
	OPT_WRITTEN,
	OPT_SUMMARY,
	OPT_BODY,
	OPT_BODY_FILE,
	OPT_ISSUER,
	OPT_DOC_NO,
	OPT_TOPIC,
	OPT_GENRE,
	OPT_KEYWORDS,
	OPT_KIND,
	OPT_EFFECTIVE,
	OPT_VALID_UNTIL,
	OPT_INTERPRETS,
	OPT_STATE,
	OPT_VALIDITY,
	OPT_YEAR,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_ON,
	OPT_REASON,
	OPT_NOTE,
	OPT_ORG_CODE,
	OPT_TEMPLATE,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_SYNTH,
	OPT_SEED,
	OPT_JSON,
	OPT_ALL,
	OPT_TITLE_ONLY,
	OPT_DRY_RUN,
	OPT_SUBORDINATES,
	OPT_VERSION,
	OPT_SECRECY_CHECKED,
	OPT_OVERRIDE_REASON,
	OPT_LAST
};

static const struct option doc_opts[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"agency", required_argument, NULL, OPT_AGENCY},
    {"title", required_argument, NULL, OPT_TITLE},
    {"written", required_argument, NULL, OPT_WRITTEN},
    {"summary", required_argument, NULL, OPT_SUMMARY},
    {"body", required_argument, NULL, OPT_BODY},
    {"body-file", required_argument, NULL, OPT_BODY_FILE},
    {"issuer", required_argument, NULL, OPT_ISSUER},
    {"doc-no", required_argument, NULL, OPT_DOC_NO},
    {"topic", required_argument, NULL, OPT_TOPIC},
    {"genre", required_argument, NULL, OPT_GENRE},
    {"keywords", required_argument, NULL, OPT_KEYWORDS},
    {"kind", required_argument, NULL, OPT_KIND},
    {"effective", required_argument, NULL, OPT_EFFECTIVE},
    {"valid-until", required_argument, NULL, OPT_VALID_UNTIL},
    {"interprets", required_argument, NULL, OPT_INTERPRETS},
    {"state", required_argument, NULL, OPT_STATE},
    {"validity", required_argument, NULL, OPT_VALIDITY},
    {"year", required_argument, NULL, OPT_YEAR},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"on", required_argument, NULL, OPT_ON},
    {"reason", required_argument, NULL, OPT_REASON},
    {"note", required_argument, NULL, OPT_NOTE},
    {"org-code", required_argument, NULL, OPT_ORG_CODE},
    {"template", required_argument, NULL, OPT_TEMPLATE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"synth", required_argument, NULL, OPT_SYNTH},
    {"seed", required_argument, NULL, OPT_SEED},
    {"version", required_argument, NULL, OPT_VERSION},
    {"json", no_argument, NULL, OPT_JSON},
    {"all", no_argument, NULL, OPT_ALL},
    {"title-only", no_argument, NULL, OPT_TITLE_ONLY},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"with-subordinates", no_argument, NULL, OPT_SUBORDINATES},
    {"secrecy-checked", no_argument, NULL, OPT_SECRECY_CHECKED},
    {"override-reason", required_argument, NULL, OPT_OVERRIDE_REASON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct args {
	const char *v[OPT_LAST - OPT_DB];
	const char *pos[2];
	size_t npos;
};

#define ARG(a, o)  ((a)->v[(o)-OPT_DB])
#define FLAG(a, o) (ARG(a, o) != NULL)

/* Parses argv for a subcommand: `allowed` lists its options (0-terminated), npos its
 * positional arguments. Returns 0, 100 when help was printed, or CLI_USAGE. */
static int parse(const char *cmd, int argc, char **argv, const int *allowed, const char *help,
		 size_t npos, const char *what, struct args *a)
{
	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", doc_opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return 100;
		}
		if (c == 'o')
			c = OPT_OUTPUT;
		bool ok = false;
		for (const int *p = allowed; *p; p++)
			ok |= *p == c;
		if (c < OPT_DB || c >= OPT_LAST || !ok)
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		ARG(a, c) = optarg ? optarg : "1";
	}
	size_t n = (size_t)(argc - optind);
	if (n != npos)
		return npos ? cli_error(cmd, "请给出%s（见 --help）", what)
			    : cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	for (size_t i = 0; i < n; i++)
		a->pos[i] = argv[optind + (int)i];
	a->npos = n;
	if (!ARG(a, OPT_DB))
		ARG(a, OPT_DB) = CLI_DB_FILE;
	return 0;
}

#define PARSE(cmd, help, npos, what, ...)                                                          \
	struct args args;                                                                          \
	do {                                                                                       \
		static const int allowed_[] = {OPT_DB, __VA_ARGS__, 0};                            \
		int prc_ = parse(cmd, argc, argv, allowed_, help, npos, what, &args);              \
		if (prc_)                                                                          \
			return prc_ == 100 ? CLI_OK : prc_;                                        \
	} while (0)

static int parse_day_opt(const char *cmd, const char *what, const char *s, zf_day *out)
{
	*out = 0;
	return s ? cli_parse_day(cmd, what, s, out) : 0;
}

/* Reads the body from --body or --body-file (- = stdin) into b; *body points to it. */
static int read_body(const char *cmd, struct args *a, struct buf *b, const char **body)
{
	if (ARG(a, OPT_BODY_FILE)) {
		const char *path = ARG(a, OPT_BODY_FILE);
		int rc = strcmp(path, "-") ? buf_read_file(b, path, DOC_BODY_MAX + 1)
					   : buf_read_stream(b, stdin, DOC_BODY_MAX + 1);
		if (rc)
			return cli_error(cmd, "无法读取正文文件“%s”：%s", path, zf_strerror(rc));
		*body = buf_cstr(b);
	} else if (ARG(a, OPT_BODY)) {
		*body = ARG(a, OPT_BODY);
	}
	return 0;
}

/* Fills the fields given on the command line into f (others untouched). */
static int fields_from_args(const char *cmd, struct args *a, struct buf *body, struct doc_fields *f)
{
	if (ARG(a, OPT_AGENCY) && cli_parse_id(cmd, "机关编号", ARG(a, OPT_AGENCY), &f->agency_id))
		return CLI_USAGE;
	if (ARG(a, OPT_TITLE))
		f->title = ARG(a, OPT_TITLE);
	if (ARG(a, OPT_SUMMARY))
		f->summary = ARG(a, OPT_SUMMARY);
	if (ARG(a, OPT_ISSUER))
		f->issuer = ARG(a, OPT_ISSUER);
	if (ARG(a, OPT_DOC_NO))
		f->doc_no = ARG(a, OPT_DOC_NO);
	if (ARG(a, OPT_TOPIC))
		f->topic = ARG(a, OPT_TOPIC);
	if (ARG(a, OPT_GENRE))
		f->genre = ARG(a, OPT_GENRE);
	if (ARG(a, OPT_KEYWORDS))
		f->keywords = ARG(a, OPT_KEYWORDS);
	if (ARG(a, OPT_KIND)) {
		int k = doc_kind_parse(ARG(a, OPT_KIND));
		if (k < 0)
			return cli_error(cmd,
					 "类别“%s”不对，应为 regulation（规章）、normative"
					 "（行政规范性文件）或 other",
					 ARG(a, OPT_KIND));
		f->kind = (enum doc_kind)k;
	}
	if ((ARG(a, OPT_WRITTEN) &&
	     parse_day_opt(cmd, "成文日期", ARG(a, OPT_WRITTEN), &f->written_on)) ||
	    (ARG(a, OPT_EFFECTIVE) &&
	     parse_day_opt(cmd, "施行日期", ARG(a, OPT_EFFECTIVE), &f->effective_on)) ||
	    (ARG(a, OPT_VALID_UNTIL) &&
	     parse_day_opt(cmd, "有效期", ARG(a, OPT_VALID_UNTIL), &f->valid_until)))
		return CLI_USAGE;
	if (ARG(a, OPT_INTERPRETS) &&
	    cli_parse_id(cmd, "被解读文件编号", ARG(a, OPT_INTERPRETS), &f->interprets_id))
		return CLI_USAGE;
	return read_body(cmd, a, body, &f->body);
}

static int store_error(const char *cmd, int rc, struct buf *err)
{
	cli_error(cmd, "%s", err->len ? buf_cstr(err) : zf_strerror(rc));
	buf_free(err);
	return rc == ZF_EINVAL || rc == ZF_ESTATE || rc == ZF_ENOENT || rc == ZF_ETOOBIG
		   ? CLI_FINDINGS
		   : CLI_USAGE;
}

static int parse_id(const char *cmd, const char *s, long long *id)
{
	return cli_parse_id(cmd, "文件编号", s, id);
}

/* ---------------------------------------------------------------- printing */

static const char *day_or(zf_day d, char *out, const char *none)
{
	return d ? date_format(d, out) : none;
}

static json_t *doc_json(const struct doc *d)
{
	char w[11], p[11], e[11], u[11], i[11];
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,"
			 "s:s,s:I,s:i}",
			 "id", (json_int_t)d->id, "agency_id", (json_int_t)d->f.agency_id, "agency",
			 d->agency_name, "state", doc_state_key(d->state), "index_no", d->index_no,
			 "title", d->f.title, "doc_no", d->f.doc_no, "issuer", d->f.issuer,
			 "written_on", day_or(d->f.written_on, w, ""), "published_on",
			 day_or(d->published_on, p, ""), "topic", d->f.topic, "genre", d->f.genre,
			 "kind", doc_kind_key(d->f.kind), "validity", doc_validity_key(d->validity),
			 "invalid_on", day_or(d->invalid_on, i, ""), "effective_on",
			 day_or(d->f.effective_on, e, ""), "valid_until",
			 day_or(d->f.valid_until, u, ""), "summary", d->f.summary, "interprets_id",
			 (json_int_t)d->f.interprets_id, "version", d->version);
}

static void print_json(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	if (s)
		puts(s);
	free(s);
	json_decref(j);
}

/* Prints s cut to at most width terminal columns. */
static void print_cut(const char *s, size_t width)
{
	size_t len = strlen(s), used = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);
		if (!l)
			l = 1;
		size_t w = utf8_width(s + i, l);
		if (used + w > width) {
			fputs("…", stdout);
			return;
		}
		fwrite(s + i, 1, l, stdout);
		used += w;
		i += l;
	}
}

static void print_row(const struct doc *d)
{
	char p[11];
	const char *status =
	    d->state == DOC_PUBLISHED ? doc_validity_label(d->validity) : doc_state_label(d->state);
	printf("%6lld  %-6s  %-10s  %-22s  ", d->id, status, day_or(d->published_on, p, "—"),
	       *d->index_no ? d->index_no : "—");
	print_cut(d->f.title, 60);
	if (*d->f.doc_no)
		printf("（%s）", d->f.doc_no);
	putchar('\n');
}

/* ---------------------------------------------------------------- filters */

static const char help_list[] =
    "用法：zfxxgk doc list [筛选] [--limit 条数] [--offset 条数] [--json]\n\n"
    "列出文件：已发布的按发布日期、其他按最后修改时间，最新的在前。\n\n"
    "筛选：\n"
    "  --agency 编号         只列出该机关的文件（加 --with-subordinates 含下级机关）\n"
    "  --state 状态          draft（草稿）、review（待审查）、published（已发布）\n"
    "  --validity 有效性     valid（有效）、expired（失效）、repealed（废止）\n"
    "  --kind 类别           regulation、normative、other\n"
    "  --topic 分类          主题分类代码，一级代码含其下二级，如 10 或 10.02\n"
    "  --genre 体裁          如 通知\n"
    "  --year 年份           发布年份\n"
    "  --limit 条数          最多列出多少条（默认 50，最多 500）\n"
    "  --json                以 JSON 输出\n";

static int filter_from_args(const char *cmd, struct store *st, struct args *a, struct doc_filter *f,
			    long long **ids)
{
	*f = doc_filter_any();
	*ids = NULL;
	if (ARG(a, OPT_AGENCY)) {
		long long agency;
		if (cli_parse_id(cmd, "机关编号", ARG(a, OPT_AGENCY), &agency))
			return CLI_USAGE;
		size_t n = 0;
		int rc = store_agency_subtree(st, agency, FLAG(a, OPT_SUBORDINATES), ids, &n);
		if (rc || n == 0)
			return cli_error(cmd, "没有编号为 %lld 的机关", agency);
		f->agencies = *ids;
		f->nagencies = n;
	}
	if (ARG(a, OPT_STATE) && (f->state = doc_state_parse(ARG(a, OPT_STATE))) < 0)
		return cli_error(cmd, "状态“%s”不对，应为 draft、review 或 published",
				 ARG(a, OPT_STATE));
	if (ARG(a, OPT_VALIDITY) && (f->validity = doc_validity_parse(ARG(a, OPT_VALIDITY))) < 0)
		return cli_error(cmd, "有效性“%s”不对，应为 valid、expired 或 repealed",
				 ARG(a, OPT_VALIDITY));
	if (ARG(a, OPT_KIND) && (f->kind = doc_kind_parse(ARG(a, OPT_KIND))) < 0)
		return cli_error(cmd, "类别“%s”不对，应为 regulation、normative 或 other",
				 ARG(a, OPT_KIND));
	if (ARG(a, OPT_TOPIC)) {
		const struct doc_topic *t = doc_topic_find(ARG(a, OPT_TOPIC));
		if (!t)
			return cli_error(cmd, "主题分类“%s”不在分类表中（见 zfxxgk doc topics）",
					 ARG(a, OPT_TOPIC));
		f->topic = t->code;
	}
	f->genre = ARG(a, OPT_GENRE);
	int v = 0;
	if (ARG(a, OPT_YEAR)) {
		if (cli_parse_int(cmd, "年份", ARG(a, OPT_YEAR), 1949, 2199, &v))
			return CLI_USAGE;
		f->year = v;
	}
	f->limit = 50;
	if (ARG(a, OPT_LIMIT)) {
		if (cli_parse_int(cmd, "条数", ARG(a, OPT_LIMIT), 1, 500, &v))
			return CLI_USAGE;
		f->limit = (size_t)v;
	}
	if (ARG(a, OPT_OFFSET)) {
		if (cli_parse_int(cmd, "偏移", ARG(a, OPT_OFFSET), 0, 100000000, &v))
			return CLI_USAGE;
		f->offset = (size_t)v;
	}
	return 0;
}

#define FILTER_OPTS                                                                                \
	OPT_AGENCY, OPT_STATE, OPT_VALIDITY, OPT_KIND, OPT_TOPIC, OPT_GENRE, OPT_YEAR,             \
	    OPT_SUBORDINATES

static int doc_list(int argc, char **argv)
{
	static const char cmd[] = "doc list";
	PARSE(cmd, help_list, 0, "", FILTER_OPTS, OPT_LIMIT, OPT_OFFSET, OPT_JSON);
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct doc_filter f;
	long long *ids;
	int rc = filter_from_args(cmd, st, &args, &f, &ids);
	struct arena *a = arena_new(0);
	struct doc_list l;
	if (!rc && (rc = store_doc_list(st, a, &f, &l)))
		rc = cli_error(cmd, "无法读取目录：%s", zf_strerror(rc));
	if (!rc && FLAG(&args, OPT_JSON)) {
		json_t *arr = json_array();
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(arr, doc_json(&l.docs[i]));
		print_json(json_pack("{s:I,s:o}", "total", (json_int_t)l.total, "docs", arr));
	} else if (!rc) {
		printf("%6s  %-6s  %-10s  %-22s  %s\n", "编号", "状态", "发布日期", "索引号",
		       "名称（文号）");
		for (size_t i = 0; i < l.n; i++)
			print_row(&l.docs[i]);
		printf("共 %lld 份%s\n", l.total,
		       l.total > (long long)l.n ? "（用 --offset 翻页）" : "");
	}
	free(ids);
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- show */

static const char help_show[] =
    "用法：zfxxgk doc show 文件编号 [--json]\n\n"
    "显示文件的元数据（索引号、名称、文号、发布机构、成文日期、发布日期、主题分类、体裁、\n"
    "有效性……）、附件、政策解读、处理记录，以及未发布文件的法定发布期限（《条例》第二十六条：\n"
    "信息形成或者变更之日起 20 个工作日内）。\n";

static int doc_show(int argc, char **argv)
{
	static const char cmd[] = "doc show";
	PARSE(cmd, help_show, 1, "一个文件编号", OPT_JSON);
	long long id;
	if (parse_id(cmd, args.pos[0], &id))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct arena *a = arena_new(0);
	struct doc d;
	int rc = store_doc_get(st, a, id, &d);
	if (rc) {
		store_close(st);
		arena_free(a);
		return rc == ZF_ENOENT
			   ? (cli_error(cmd, "没有编号为 %lld 的文件", id), CLI_FINDINGS)
			   : cli_error(cmd, "无法读取文件：%s", zf_strerror(rc));
	}
	struct doc_event *ev = NULL;
	struct doc_attachment *att = NULL;
	size_t nev = 0, natt = 0;
	store_doc_events(st, a, id, &ev, &nev);
	store_doc_attachments(st, a, id, &att, &natt);
	struct doc_filter jf = doc_filter_any();
	jf.interprets_id = id;
	struct doc_list interp = {0};
	store_doc_list(st, a, &jf, &interp);
	if (FLAG(&args, OPT_JSON)) {
		json_t *j = doc_json(&d);
		json_object_set_new(j, "body", json_string(d.f.body));
		json_t *h = json_array();
		for (size_t i = 0; i < nev; i++)
			json_array_append_new(h, json_pack("{s:s,s:s,s:s,s:s}", "at", ev[i].at,
							   "actor", ev[i].actor, "kind", ev[i].kind,
							   "detail", ev[i].detail));
		json_object_set_new(j, "history", h);
		print_json(j);
	} else {
		char x[11], y[11];
		const struct doc_topic *t = *d.f.topic ? doc_topic_find(d.f.topic) : NULL;
		char topic[256] = "—";
		if (t)
			doc_topic_display(t, topic, sizeof(topic));
		printf("%s\n\n", d.f.title);
		printf("  编号        %lld（第 %d 版）\n", d.id, d.version);
		printf("  状态        %s\n",
		       d.state == DOC_PUBLISHED ? "已发布" : doc_state_label(d.state));
		printf("  索引号      %s\n", *d.index_no ? d.index_no : "（发布时生成）");
		printf("  文号        %s\n", *d.f.doc_no ? d.f.doc_no : "—");
		printf("  发布机构    %s\n", d.f.issuer);
		printf("  成文日期    %s\n", day_or(d.f.written_on, x, "—"));
		printf("  发布日期    %s\n", day_or(d.published_on, x, "—"));
		printf("  主题分类    %s\n", topic);
		printf("  体裁        %s\n", *d.f.genre ? d.f.genre : "—");
		printf("  类别        %s\n", doc_kind_label(d.f.kind));
		if (d.f.effective_on)
			printf("  施行日期    %s\n", date_format(d.f.effective_on, x));
		if (d.f.valid_until)
			printf("  有效期至    %s\n", date_format(d.f.valid_until, x));
		if (d.state == DOC_PUBLISHED)
			printf("  有效性      %s%s%s%s\n", doc_validity_label(d.validity),
			       d.invalid_on ? "（" : "",
			       d.invalid_on ? date_format(d.invalid_on, y) : "",
			       d.invalid_on ? "起）" : "");
		if (*d.invalid_reason)
			printf("  理由        %s\n", d.invalid_reason);
		if (*d.f.keywords)
			printf("  主题词      %s\n", d.f.keywords);
		if (d.f.interprets_id)
			printf("  解读        文件 %lld\n", d.f.interprets_id);
		if (*d.return_reason)
			printf("  退回理由    %s\n", d.return_reason);
		if (d.state != DOC_PUBLISHED) {
			struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
			if (cal) {
				zf_day due = doc_publish_deadline(cal, d.f.written_on),
				       today = date_today();
				int left = due >= today ? cal_count_working_days(cal, today, due)
							: -cal_count_working_days(cal, due, today);
				printf("  发布期限    %s（《条例》第二十六条，%s）\n",
				       date_format(due, x), left >= 0 ? "" : "已逾期");
				if (left >= 0)
					printf("              还剩 %d 个工作日\n", left);
				cal_free(cal);
			}
		}
		if (*d.f.summary)
			printf("\n内容概述：%s\n", d.f.summary);
		if (natt) {
			printf("\n附件：\n");
			for (size_t i = 0; i < natt; i++)
				printf("  %lld  %s（%zu 字节，%s）\n", att[i].id, att[i].name,
				       att[i].size, att[i].content_type);
		}
		if (interp.n) {
			printf("\n政策解读：\n");
			for (size_t i = 0; i < interp.n; i++)
				printf("  %lld  %s\n", interp.docs[i].id, interp.docs[i].f.title);
		}
		printf("\n处理记录：\n");
		for (size_t i = 0; i < nev; i++)
			printf("  %s  %-10s  %s%s%s\n", ev[i].at, ev[i].actor, ev[i].label,
			       *ev[i].detail ? "：" : "", ev[i].detail);
	}
	arena_free(a);
	store_close(st);
	return CLI_OK;
}

/* ---------------------------------------------------------------- writes */

static const char help_add_head[] =
    "用法：zfxxgk doc add --agency 编号 --title 名称 --written 日期 [其他字段]\n\n"
    "起草一份文件（草稿）。草稿须提交保密审查（submit），由审核人审查通过后才发布。\n\n";

static int doc_add(int argc, char **argv)
{
	static const char cmd[] = "doc add";
	static char help[4096];
	snprintf(help, sizeof(help), "%s%s%s", help_add_head, help_fields, help_common);
	PARSE(cmd, help, 0, "", OPT_AGENCY, OPT_TITLE, OPT_WRITTEN, OPT_SUMMARY, OPT_BODY,
	      OPT_BODY_FILE, OPT_ISSUER, OPT_DOC_NO, OPT_TOPIC, OPT_GENRE, OPT_KEYWORDS, OPT_KIND,
	      OPT_EFFECTIVE, OPT_VALID_UNTIL, OPT_INTERPRETS);
	if (!ARG(&args, OPT_AGENCY) || !ARG(&args, OPT_TITLE) || !ARG(&args, OPT_WRITTEN))
		return cli_error(cmd, "--agency、--title 和 --written 都必须给出");
	struct doc_fields f = {0};
	struct buf body = BUF_INIT, err = BUF_INIT;
	if (fields_from_args(cmd, &args, &body, &f)) {
		buf_free(&body);
		return CLI_USAGE;
	}
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st) {
		buf_free(&body);
		return CLI_USAGE;
	}
	long long id = 0;
	int rc = store_doc_add(st, cli_actor(), &f, &id, &err);
	store_close(st);
	buf_free(&body);
	if (rc)
		return store_error(cmd, rc, &err);
	printf("已起草文件 %lld（草稿）。提交保密审查：zfxxgk doc submit %lld\n", id, id);
	buf_free(&err);
	return CLI_OK;
}

static const char help_edit_head[] =
    "用法：zfxxgk doc edit 文件编号 [--version 版本] [要修改的字段]\n\n"
    "修改草稿（审查中的文件须先撤回，已发布的文件不能修改）。只改给出的字段。\n"
    "--version 给出您看到的版本号（见 doc show），文件已被他人修改时拒绝。\n\n";

static int doc_edit(int argc, char **argv)
{
	static const char cmd[] = "doc edit";
	static char help[4096];
	snprintf(help, sizeof(help), "%s%s%s", help_edit_head, help_fields, help_common);
	PARSE(cmd, help, 1, "一个文件编号", OPT_AGENCY, OPT_TITLE, OPT_WRITTEN, OPT_SUMMARY,
	      OPT_BODY, OPT_BODY_FILE, OPT_ISSUER, OPT_DOC_NO, OPT_TOPIC, OPT_GENRE, OPT_KEYWORDS,
	      OPT_KIND, OPT_EFFECTIVE, OPT_VALID_UNTIL, OPT_INTERPRETS, OPT_VERSION);
	long long id;
	if (parse_id(cmd, args.pos[0], &id))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct arena *a = arena_new(0);
	struct buf body = BUF_INIT, err = BUF_INIT;
	struct doc d;
	int rc = store_doc_get(st, a, id, &d);
	if (rc == ZF_ENOENT)
		buf_setf(&err, "没有编号为 %lld 的文件", id);
	int version = d.version;
	if (!rc && ARG(&args, OPT_VERSION) &&
	    cli_parse_int(cmd, "版本", ARG(&args, OPT_VERSION), 1, INT_MAX, &version))
		rc = CLI_USAGE;
	if (!rc && fields_from_args(cmd, &args, &body, &d.f))
		rc = CLI_USAGE;
	if (!rc)
		rc = store_doc_update(st, cli_actor(), id, version, &d.f, &err);
	store_close(st);
	arena_free(a);
	buf_free(&body);
	if (rc == CLI_USAGE)
		return rc;
	if (rc)
		return store_error(cmd, rc, &err);
	printf("已修改文件 %lld。\n", id);
	buf_free(&err);
	return CLI_OK;
}

/* The simple life-cycle steps: one id, maybe a date and a reason. */
enum step { S_SUBMIT, S_WITHDRAW, S_RETURN, S_APPROVE, S_REPEAL, S_EXPIRE, S_REVIEWED, S_DELETE };

static const struct step_def {
	const char *name, *help, *done;
} steps[] = {
    [S_SUBMIT] = {"submit",
		  "用法：zfxxgk doc submit 文件编号 [--override-reason 理由]\n\n"
		  "提交保密审查。审查期间不能修改。提交前先做发布前检查（错敏词、个人信息等，\n"
		  "规则集见 zfxxgk site）：发现问题时不提交，列出问题（退出状态 1）；修改草稿后\n"
		  "重新提交，或确属无误时加 --override-reason 写明理由放行全部问题（每处记入\n"
		  "放行记录和审计日志，只对本文件的同一规则、同一内容有效）。\n",
		  "已提交保密审查"},
    [S_WITHDRAW] = {"withdraw",
		    "用法：zfxxgk doc withdraw 文件编号\n\n撤回审查中的文件，回到草稿。\n",
		    "已撤回，回到草稿"},
    [S_RETURN] =
	{"return",
	 "用法：zfxxgk doc return 文件编号 --reason 理由\n\n审核人退回修改，须写明理由。\n",
	 "已退回修改"},
    [S_APPROVE] = {"approve",
		   "用法：zfxxgk doc approve 文件编号 --secrecy-checked [--note 审查意见] "
		   "[--on 发布日期]\n\n"
		   "审核人审查通过并发布（先审查、后公开）。--secrecy-checked 表示审核人已逐项"
		   "确认\n保密审查要点：不涉及国家秘密；不涉及工作秘密；不涉及商业秘密、个人隐私；"
		   "\n不危及国家安全、公共安全、经济安全和社会稳定；内容准确、表述规范。\n"
		   "没有这一项不予发布。审查意见记入文件历史，与网页上的保密审查表相同。\n"
		   "发布日期默认为今天；索引号按机关的模板自动生成（见 doc settings）。\n",
		   "已审查通过并发布"},
    [S_REPEAL] = {"repeal",
		  "用法：zfxxgk doc repeal 文件编号 --on 日期 --reason 依据\n\n"
		  "宣布已发布的文件废止，须写明依据（如废止的决定及其文号）。\n",
		  "已宣布废止"},
    [S_EXPIRE] = {"expire",
		  "用法：zfxxgk doc expire 文件编号 --on 日期 [--reason 理由]\n"
		  "      zfxxgk doc expire [--on 基准日]\n\n"
		  "给出文件编号：将这份已发布的文件标注为失效（如有效期届满）。\n"
		  "不给文件编号：将有效期已届满（有效期至早于今天，北京时间）的已发布文件"
		  "全部标注为\n失效，失效日期为有效期届满的次日，记入文件历史和审计日志"
		  "（操作人为系统）；\n已标注的不再重复，多台服务器同时执行也只标注一次。"
		  "服务器（zfxxgk serve）\n启动时和运行中每小时自动执行一次。"
		  "--on 可指定基准日代替今天。\n",
		  "已标注失效"},
    [S_REVIEWED] = {"reviewed",
		    "用法：zfxxgk doc reviewed 文件编号 [--on 日期] [--note 意见]\n\n"
		    "记录一次定期审查：文件经审查继续有效。日期默认为今天。\n",
		    "已记录定期审查"},
    [S_DELETE] = {"delete", "用法：zfxxgk doc delete 文件编号\n\n删除从未发布的草稿及其附件。\n",
		  "已删除"},
};

/* Submission through the gate (发布前检查, web/doc_gate.h): stopped with the hits listed on
 * stderr (*stopped), unless a reason to override them all is given. */
static int gate_submit(struct store *st, const char *actor, long long id, const char *override,
		       struct buf *err, bool *stopped)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct doc_check c;
	bool submitted = false;
	int rc = doc_gate_submit(st, a, actor, id, &c, &submitted, err);
	if (!rc && !submitted && override) {
		size_t n = 0;
		rc = doc_gate_override_all(st, actor, &c, override, &n, err);
		if (!rc) {
			printf("已记录放行理由：%zu 处（审计日志 doc.check.override）。\n", n);
			rc = doc_gate_submit(st, a, actor, id, &c, &submitted, err);
		}
	}
	if (!rc) {
		struct buf r = BUF_INIT;
		doc_gate_text_report(&r, &c);
		if (submitted) {
			printf("发布前检查：%s（用时 %.1f 毫秒）。\n",
			       c.n ? "发现的问题均已放行" : "没有发现问题",
			       (double)c.micros / 1000.0);
			fputs(buf_cstr(&r), stdout);
		} else {
			fprintf(
			    stderr,
			    "zfxxgk doc submit: 发布前检查发现 %zu 处问题，文件 %lld 未提交保密审查"
			    "（用时 %.1f 毫秒）：\n%s"
			    "请修改草稿（zfxxgk doc edit）后重新提交；确属无误的，可加 "
			    "--override-reason 理由 放行。\n",
			    c.open, id, (double)c.micros / 1000.0, buf_cstr(&r));
			*stopped = true;
		}
		buf_free(&r);
	}
	arena_free(a);
	return rc;
}

static int doc_step(int argc, char **argv, enum step s)
{
	char cmd[32], help[2048];
	snprintf(cmd, sizeof(cmd), "doc %s", steps[s].name);
	snprintf(help, sizeof(help), "%s\n选项：\n%s", steps[s].help, help_common);
	PARSE(cmd, help, 1, "一个文件编号", OPT_ON, OPT_REASON, OPT_NOTE, OPT_SECRECY_CHECKED,
	      OPT_OVERRIDE_REASON);
	long long id;
	zf_day on = 0;
	if (parse_id(cmd, args.pos[0], &id) || parse_day_opt(cmd, "日期", ARG(&args, OPT_ON), &on))
		return CLI_USAGE;
	const char *reason = ARG(&args, OPT_REASON);
	if ((s == S_RETURN || s == S_REPEAL) && !reason)
		return cli_error(cmd, "请用 --reason 写明理由");
	/* the same 保密审查 record as the console's form: every point confirmed, or no release */
	if (s == S_APPROVE && !FLAG(&args, OPT_SECRECY_CHECKED))
		return cli_error(cmd, "发布前须完成保密审查：请逐项确认不涉及国家秘密、工作秘密、"
				      "商业秘密和个人隐私，不危及国家安全、公共安全、经济安全和"
				      "社会稳定，内容准确、表述规范，然后加 --secrecy-checked");
	if (s != S_SUBMIT && ARG(&args, OPT_OVERRIDE_REASON))
		return cli_error(cmd, "--override-reason 只用于 submit");
	if ((s == S_REPEAL || s == S_EXPIRE) && !on)
		return cli_error(cmd, "请用 --on 给出日期");
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	const char *actor = cli_actor();
	int rc = 0;
	switch (s) {
	case S_SUBMIT: {
		bool stopped = false;
		rc = gate_submit(st, actor, id, ARG(&args, OPT_OVERRIDE_REASON), &err, &stopped);
		if (!rc && stopped) {
			store_close(st);
			buf_free(&err);
			return CLI_FINDINGS;
		}
		break;
	}
	case S_WITHDRAW: rc = store_doc_withdraw(st, actor, id, &err); break;
	case S_RETURN: rc = store_doc_return(st, actor, id, reason, &err); break;
	case S_APPROVE: {
		struct doc_secrecy sr = {DOC_SECRECY_ALL, true, ARG(&args, OPT_NOTE)};
		rc = store_doc_secrecy_review(st, actor, id, &sr, on, &err);
		break;
	}
	case S_REPEAL:
		rc = store_doc_invalidate(st, actor, id, DOC_REPEALED, on, reason, &err);
		break;
	case S_EXPIRE:
		rc = store_doc_invalidate(st, actor, id, DOC_EXPIRED, on, reason ? reason : "",
					  &err);
		break;
	case S_REVIEWED:
		rc = store_doc_reviewed(st, actor, id, on ? on : date_today(), ARG(&args, OPT_NOTE),
					&err);
		break;
	case S_DELETE: rc = store_doc_delete(st, actor, id, &err); break;
	}
	if (!rc && s == S_APPROVE) {
		struct arena *a = arena_new(0);
		struct doc d;
		if (a && !store_doc_get(st, a, id, &d))
			printf("%s：文件 %lld，索引号 %s。\n", steps[s].done, id, d.index_no);
		arena_free(a);
	} else if (!rc) {
		printf("%s：文件 %lld。\n", steps[s].done, id);
	}
	store_close(st);
	if (rc)
		return store_error(cmd, rc, &err);
	buf_free(&err);
	return CLI_OK;
}

static const char help_attach[] =
    "用法：zfxxgk doc attach 文件编号 附件文件\n\n"
    "为草稿上传附件（每个不超过 20 MB，每份文件最多 20 个）。可上传 PDF、"
    "OFD、Word、WPS、Excel、\nPPTX、JPG、PNG、ZIP、RAR、TXT、CSV；"
    "文件内容须与扩展名相符。\n";

static int doc_attach(int argc, char **argv)
{
	static const char cmd[] = "doc attach";
	char help[1024];
	snprintf(help, sizeof(help), "%s\n选项：\n%s", help_attach, help_common);
	PARSE(cmd, help, 2, "文件编号和附件文件", OPT_ON);
	long long id;
	if (parse_id(cmd, args.pos[0], &id))
		return CLI_USAGE;
	struct buf data = BUF_INIT, err = BUF_INIT;
	int rc = buf_read_file(&data, args.pos[1], DOC_ATTACHMENT_MAX + 1);
	if (rc) {
		buf_free(&data);
		return cli_error(cmd, "无法读取“%s”：%s", args.pos[1], zf_strerror(rc));
	}
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st) {
		buf_free(&data);
		return CLI_USAGE;
	}
	long long att = 0;
	rc = store_doc_attach(st, cli_actor(), id, args.pos[1], (const unsigned char *)data.p,
			      data.len, &att, &err);
	store_close(st);
	buf_free(&data);
	if (rc)
		return store_error(cmd, rc, &err);
	printf("已上传附件 %lld。\n", att);
	buf_free(&err);
	return CLI_OK;
}

/* ---------------------------------------------------------------- search, todo */

static const char help_search[] =
    "用法：zfxxgk doc search 检索词 [筛选] [--title-only] [--all] [--limit 条数] [--json]\n\n"
    "全文检索名称、文号、主题词、内容概述和正文。单字（税）、双字（信息）都能检索；\n"
    "多个词用空格分开，须同时出现；文号（如 示政发〔2024〕12号）和索引号精确查找。\n"
    "名称中含有检索词的排在前面。默认只检索已发布的文件，--all 含草稿和待审查的。\n"
    "命中超过一万份时，总数是估计值（“约”，--json 中 total_estimated 为 true）。\n\n"
    "筛选同 doc list（--agency、--validity、--kind、--topic、--genre、--year）。\n";

/* Prints s with the marked spans in 【】. */
static void print_marked(const char *s, const struct doc_span *m, size_t n)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		fwrite(s + at, 1, m[i].start - at, stdout);
		fputs("【", stdout);
		fwrite(s + m[i].start, 1, m[i].end - m[i].start, stdout);
		fputs("】", stdout);
		at = m[i].end;
	}
	for (const char *p = s + at; *p; p++)
		putchar(*p == '\n' ? ' ' : *p);
}

static int doc_search(int argc, char **argv)
{
	static const char cmd[] = "doc search";
	PARSE(cmd, help_search, 1, "检索词", FILTER_OPTS, OPT_LIMIT, OPT_OFFSET, OPT_JSON, OPT_ALL,
	      OPT_TITLE_ONLY);
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct doc_search q = {.q = args.pos[0], .title_only = FLAG(&args, OPT_TITLE_ONLY)};
	long long *ids;
	int rc = filter_from_args(cmd, st, &args, &q.filter, &ids);
	if (!rc && !FLAG(&args, OPT_ALL) && q.filter.state < 0)
		q.filter.state = DOC_PUBLISHED;
	if (q.filter.limit > 100 && !ARG(&args, OPT_LIMIT))
		q.filter.limit = 20;
	struct arena *a = arena_new(0);
	struct doc_hits h;
	if (!rc) {
		rc = store_doc_search(st, a, &q, &h);
		if (rc == ZF_ENOENT)
			rc = cli_error(cmd, "检索词“%s”中没有可检索的文字", args.pos[0]);
		else if (rc)
			rc = cli_error(cmd, "检索失败：%s", zf_strerror(rc));
	}
	if (!rc && FLAG(&args, OPT_JSON)) {
		json_t *arr = json_array();
		for (size_t i = 0; i < h.n; i++) {
			json_t *j = doc_json(&h.hits[i].doc);
			json_object_set_new(j, "excerpt", json_string(h.hits[i].excerpt));
			json_array_append_new(arr, j);
		}
		static const char *const how[] = {"fulltext", "doc_no", "index_no", "all_words",
						  "any_word"};
		json_t *words = json_array();
		for (size_t i = 0; i < h.nwords; i++)
			json_array_append_new(words, json_string(h.words[i]));
		print_json(json_pack("{s:s,s:I,s:b,s:o,s:o}", "how", how[h.how], "total",
				     (json_int_t)h.total, "total_estimated", h.total_estimated,
				     "words", words, "hits", arr));
	} else if (!rc) {
		if (h.how == DOC_SEARCH_DOC_NO || h.how == DOC_SEARCH_INDEX_NO)
			printf("按%s精确查找：\n", h.how == DOC_SEARCH_DOC_NO ? "文号" : "索引号");
		if (h.how == DOC_SEARCH_ALL_WORDS || h.how == DOC_SEARCH_ANY_WORD) {
			printf("没有找到包含完整词组“%s”的文件，以下是%s", args.pos[0],
			       h.how == DOC_SEARCH_ALL_WORDS ? "同时包含" : "包含其中部分词语（");
			for (size_t i = 0; i < h.nwords; i++)
				printf("“%s”", h.words[i]);
			printf("%s的结果：\n", h.how == DOC_SEARCH_ALL_WORDS ? "" : "）");
		}
		for (size_t i = 0; i < h.n; i++) {
			const struct doc_hit *x = &h.hits[i];
			char p[11];
			printf("%lld  ", x->doc.id);
			print_marked(x->doc.f.title, x->title_marks, x->ntitle_marks);
			printf("\n    %s  %s  %s  %s\n    %s",
			       day_or(x->doc.published_on, p, "未发布"),
			       *x->doc.index_no ? x->doc.index_no : "—",
			       *x->doc.f.doc_no ? x->doc.f.doc_no : "",
			       x->doc.state == DOC_PUBLISHED ? doc_validity_label(x->doc.validity)
							     : doc_state_label(x->doc.state),
			       x->excerpt_cut_before ? "…" : "");
			print_marked(x->excerpt, x->excerpt_marks, x->nexcerpt_marks);
			printf("%s\n", x->excerpt_cut_after ? "…" : "");
		}
		printf(h.total_estimated ? "共找到约 %lld 份文件\n" : "共找到 %lld 份文件\n",
		       h.total);
	}
	free(ids);
	arena_free(a);
	store_close(st);
	return rc;
}

static const char help_todo[] =
    "用法：zfxxgk doc todo [--agency 编号 [--with-subordinates]] [--limit 条数]\n\n"
    "待办：未发布的草稿和待审查文件及其法定发布期限（《条例》第二十六条：形成或者变更之日起\n"
    "20 个工作日内），到期应定期审查的规章和规范性文件（每 2 年一次，有效期届满前 90 天），\n"
    "以及已过有效期、应标注失效的文件。按期限先后排列。\n";

static int doc_todo(int argc, char **argv)
{
	static const char cmd[] = "doc todo";
	PARSE(cmd, help_todo, 0, "", OPT_AGENCY, OPT_SUBORDINATES, OPT_LIMIT);
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct doc_filter f;
	long long *ids;
	int rc = filter_from_args(cmd, st, &args, &f, &ids);
	struct calendar *cal = rc ? NULL : cli_load_calendar(cmd, NULL, 0);
	struct arena *a = arena_new(0);
	if (!rc && !cal)
		rc = CLI_USAGE;
	struct doc_todo *todo = NULL;
	size_t n = 0;
	zf_day today = date_today();
	if (!rc &&
	    (rc = store_doc_todo(st, a, cal, f.agencies, f.nagencies, today, f.limit, &todo, &n)))
		rc = cli_error(cmd, "无法读取待办：%s", zf_strerror(rc));
	static const char *const what[] = {"待发布", "定期审查", "已过有效期"};
	for (size_t i = 0; !rc && i < n; i++) {
		char d[11];
		const char *late = todo[i].due < today ? "（已逾期）" : "";
		printf("%-10s  %s%s  %6lld  ", what[todo[i].kind], date_format(todo[i].due, d),
		       late, todo[i].doc.id);
		print_cut(todo[i].doc.f.title, 60);
		putchar('\n');
	}
	if (!rc)
		printf("共 %zu 项\n", n);
	cal_free(cal);
	free(ids);
	arena_free(a);
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- settings, t2 */

static const char help_settings[] =
    "用法：zfxxgk doc settings --agency 编号 --org-code 代码 [--template 模板]\n\n"
    "设置机关的组织机构代码（9 位，或 18 位统一社会信用代码，均校验）和索引号模板。\n"
    "模板可用 {org_code}、{year}、{month}、{serial:05}，默认 " DOCNO_INDEX_TEMPLATE "，\n"
    "即“前段码/年份-五位流水号”（《政府信息公开目录系统实施指引》）。\n"
    "只给 --agency 时显示当前设置。\n";

static int doc_settings(int argc, char **argv)
{
	static const char cmd[] = "doc settings";
	char help[2048];
	snprintf(help, sizeof(help), "%s\n选项：\n%s", help_settings, help_common);
	PARSE(cmd, help, 0, "", OPT_AGENCY, OPT_ORG_CODE, OPT_TEMPLATE);
	long long agency;
	if (!ARG(&args, OPT_AGENCY))
		return cli_error(cmd, "请用 --agency 指明机关");
	if (cli_parse_id(cmd, "机关编号", ARG(&args, OPT_AGENCY), &agency))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int rc = 0;
	if (ARG(&args, OPT_ORG_CODE)) {
		rc = store_doc_settings_set(st, cli_actor(), agency, ARG(&args, OPT_ORG_CODE),
					    ARG(&args, OPT_TEMPLATE), &err);
	}
	struct arena *a = arena_new(0);
	const char *org = NULL, *tmpl = NULL;
	int got = rc ? rc : store_doc_settings_get(st, a, agency, &org, &tmpl);
	if (!rc && got == 0)
		printf("机关 %lld：组织机构代码 %s，索引号模板 %s\n", agency, org, tmpl);
	else if (!rc && got == ZF_ENOENT)
		printf("机关 %lld 尚未设置组织机构代码。\n", agency);
	arena_free(a);
	store_close(st);
	if (rc)
		return store_error(cmd, rc, &err);
	buf_free(&err);
	return CLI_OK;
}

static const char help_t2[] =
    "用法：zfxxgk doc t2 --agency 编号 --year 年份 [--with-subordinates] [--json]\n\n"
    "年度报告表二“第二十条第（一）项”：规章和行政规范性文件的本年制发件数（成文日期在本年、\n"
    "已发布）、本年废止件数（本年宣布废止；失效不计）、现行有效件数（12 月 31 日有效）。\n";

static int doc_t2(int argc, char **argv)
{
	static const char cmd[] = "doc t2";
	char help[2048];
	snprintf(help, sizeof(help), "%s\n选项：\n%s", help_t2, help_common);
	PARSE(cmd, help, 0, "", OPT_AGENCY, OPT_YEAR, OPT_SUBORDINATES, OPT_JSON);
	long long agency;
	int year;
	if (!ARG(&args, OPT_AGENCY) || !ARG(&args, OPT_YEAR))
		return cli_error(cmd, "--agency 和 --year 都必须给出");
	if (cli_parse_id(cmd, "机关编号", ARG(&args, OPT_AGENCY), &agency) ||
	    cli_parse_int(cmd, "年份", ARG(&args, OPT_YEAR), 1990, 2199, &year))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	long long *ids = NULL;
	size_t n = 0;
	struct docs_t2 t;
	int rc = store_agency_subtree(st, agency, FLAG(&args, OPT_SUBORDINATES), &ids, &n);
	if (!rc && !n)
		rc = ZF_ENOENT;
	if (!rc)
		rc = store_docs_t2_rules(st, ids, n, year, &t);
	if (rc) {
		rc = cli_error(cmd, rc == ZF_ENOENT ? "没有编号为 %lld 的机关" : "无法统计（%lld）",
			       agency);
	} else if (FLAG(&args, OPT_JSON)) {
		print_json(json_pack("{s:i,s:{s:I,s:I,s:I},s:{s:I,s:I,s:I}}", "year", year,
				     "regulations", "issued", (json_int_t)t.issued[0], "repealed",
				     (json_int_t)t.repealed[0], "in_force",
				     (json_int_t)t.in_force[0], "normative_documents", "issued",
				     (json_int_t)t.issued[1], "repealed", (json_int_t)t.repealed[1],
				     "in_force", (json_int_t)t.in_force[1]));
	} else {
		printf("第二十条第（一）项（%d 年）\n", year);
		printf("%-16s %14s %14s %14s\n", "信息内容", "本年制发件数", "本年废止件数",
		       "现行有效件数");
		printf("%-18s %10lld %14lld %14lld\n", "规章", t.issued[0], t.repealed[0],
		       t.in_force[0]);
		printf("%-14s %10lld %14lld %14lld\n", "行政规范性文件", t.issued[1], t.repealed[1],
		       t.in_force[1]);
	}
	free(ids);
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- import, export */

static const char help_export[] =
    "用法：zfxxgk doc export -o 文件 [--format xlsx|csv] [筛选]\n\n"
    "导出目录（所有符合筛选条件的文件，不分页），供经办人在 Excel 中核对、统计。\n"
    "格式默认按文件扩展名（.xlsx 或 .csv）。列：编号、索引号、名称、文号、发布机构、\n"
    "成文日期、发布日期、主题分类、体裁、类别、有效性、失效或废止日期、主题词、内容概述、\n"
    "状态、机关。筛选同 doc list，默认只导出已发布的文件（--all 含草稿）。\n";

static int doc_export(int argc, char **argv)
{
	static const char cmd[] = "doc export";
	PARSE(cmd, help_export, 0, "", FILTER_OPTS, OPT_OUTPUT, OPT_FORMAT, OPT_ALL);
	const char *path = ARG(&args, OPT_OUTPUT);
	if (!path)
		return cli_error(cmd, "请用 -o 给出输出文件");
	int fmt = docs_io_format_of(ARG(&args, OPT_FORMAT)
					? (strcmp(ARG(&args, OPT_FORMAT), "csv") ? ".xlsx" : ".csv")
					: path);
	if (fmt != DOC_IO_XLSX && fmt != DOC_IO_CSV)
		return cli_error(cmd, "无法从“%s”判断格式，请用 --format xlsx 或 csv", path);
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct doc_filter f;
	long long *ids;
	struct buf err = BUF_INIT;
	int rc = filter_from_args(cmd, st, &args, &f, &ids);
	if (!rc && !FLAG(&args, OPT_ALL) && f.state < 0)
		f.state = DOC_PUBLISHED;
	size_t n = 0;
	if (!rc && (rc = store_doc_export(st, &f, (enum doc_io_format)fmt, path, &n, &err)))
		rc = store_error(cmd, rc, &err);
	else if (!rc)
		printf("已导出 %zu 份文件到 %s\n", n, path);
	buf_free(&err);
	free(ids);
	store_close(st);
	return rc;
}

static const char help_import[] =
    "用法：zfxxgk doc import 文件 [--agency 编号] [--format csv|xlsx|json] [--dry-run] [--json]\n\n"
    "从 CSV（UTF-8 或 GB18030）、Excel（.xlsx 第一张工作表）或 JSON（对象数组）批量导入。\n"
    "第一行是表头，按列名识别：名称（必填）、成文日期（必填）、索引号、文号、发布机构、\n"
    "发布日期、主题分类、体裁、主题词、内容概述、正文、类别、有效性、失效日期、失效或废止理由、\n"
    "施行日期、有效期至、机关（编号或全称；缺省为 --agency）。\n"
    "有发布日期的行作为已发布的历史文件导入（保留其索引号，没有则生成）；没有的作为草稿。\n"
    "日期可写作 2024-03-01、2024/3/1、2024年3月1日；文号可用 [] 【】 () 等写法。\n"
    "每行单独检查：合格的导入，不合格的列出行号和原因（--dry-run 只检查，不导入）。\n"
    "有被拒绝的行时退出状态为 1。\n";

static int doc_import(int argc, char **argv)
{
	static const char cmd[] = "doc import";
	PARSE(cmd, help_import, 1, "要导入的文件", OPT_AGENCY, OPT_FORMAT, OPT_DRY_RUN, OPT_JSON);
	const char *path = args.pos[0];
	int fmt = docs_io_format_of(path);
	if (ARG(&args, OPT_FORMAT)) {
		const char *f = ARG(&args, OPT_FORMAT);
		fmt = !strcmp(f, "csv")	   ? DOC_IO_CSV
		      : !strcmp(f, "xlsx") ? DOC_IO_XLSX
		      : !strcmp(f, "json") ? DOC_IO_JSON
					   : -1;
	}
	if (fmt < 0)
		return cli_error(cmd, "无法判断“%s”的格式，请用 --format csv、xlsx 或 json", path);
	long long agency = 0;
	if (ARG(&args, OPT_AGENCY) &&
	    cli_parse_id(cmd, "机关编号", ARG(&args, OPT_AGENCY), &agency))
		return CLI_USAGE;
	struct buf data = BUF_INIT;
	int rc = buf_read_file(&data, path, 256u << 20);
	if (rc) {
		buf_free(&data);
		return cli_error(cmd, "无法读取“%s”：%s", path, zf_strerror(rc));
	}
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st) {
		buf_free(&data);
		return CLI_USAGE;
	}
	struct arena *a = arena_new(0);
	struct doc_import_report r;
	rc = store_doc_import(st, a, cli_actor(), (enum doc_io_format)fmt,
			      (const unsigned char *)data.p, data.len, agency, NULL, 0,
			      FLAG(&args, OPT_DRY_RUN), &r);
	if (rc == ZF_EPARSE) {
		rc = cli_error(cmd, "“%s”无法导入：%s", path, r.error ? r.error : "格式错误");
	} else if (rc) {
		rc = cli_error(cmd, "导入失败：%s", zf_strerror(rc));
	} else if (FLAG(&args, OPT_JSON)) {
		json_t *lines = json_array();
		for (size_t i = 0; i < r.n; i++)
			json_array_append_new(
			    lines,
			    json_pack("{s:I,s:b,s:I,s:s,s:s}", "line", (json_int_t)r.lines[i].line,
				      "ok", r.lines[i].ok, "id", (json_int_t)r.lines[i].id, "title",
				      r.lines[i].title, "reason", r.lines[i].reason));
		print_json(json_pack("{s:b,s:I,s:I,s:o}", "dry_run", FLAG(&args, OPT_DRY_RUN),
				     "imported", (json_int_t)r.imported, "rejected",
				     (json_int_t)r.rejected, "lines", lines));
		rc = r.rejected ? CLI_FINDINGS : CLI_OK;
	} else {
		for (size_t i = 0; i < r.n; i++) {
			if (r.lines[i].ok)
				continue;
			printf("第 %zu 行  拒绝  ", r.lines[i].line);
			print_cut(*r.lines[i].title ? r.lines[i].title : "（无名称）", 40);
			printf("：%s\n", r.lines[i].reason);
		}
		printf("%s%zu 份，拒绝 %zu 份。\n",
		       FLAG(&args, OPT_DRY_RUN) ? "检查完毕（未导入）：可导入 " : "已导入 ",
		       r.imported, r.rejected);
		rc = r.rejected ? CLI_FINDINGS : CLI_OK;
	}
	arena_free(a);
	buf_free(&data);
	store_close(st);
	return rc;
}

/* ---------------------------------------------------------------- demo, vocabularies */

static const char help_demo[] =
    "用法：zfxxgk doc demo [--synth 份数 [--seed 数] [--agency 编号]]\n\n"
    "不带 --synth：目录为空时写入示例目录（约 300 份：通知、意见、规范性文件、政策解读、\n"
    "年度报告，部分已废止或失效），机关为空时先写入示例机关。\n"
    "--synth N：再生成 N 份合成的已发布文件（用于性能测试），分布在各机关或 --agency 指定的\n"
    "机关。\n";

static int doc_demo(int argc, char **argv)
{
	static const char cmd[] = "doc demo";
	char help[2048];
	snprintf(help, sizeof(help), "%s\n选项：\n%s", help_demo, help_common);
	PARSE(cmd, help, 0, "", OPT_SYNTH, OPT_SEED, OPT_AGENCY);
	int count = 0, seed = 1;
	if ((ARG(&args, OPT_SYNTH) &&
	     cli_parse_int(cmd, "份数", ARG(&args, OPT_SYNTH), 1, 10000000, &count)) ||
	    (ARG(&args, OPT_SEED) &&
	     cli_parse_int(cmd, "种子", ARG(&args, OPT_SEED), 0, INT_MAX, &seed)))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	bool seeded = false;
	int rc = demo_seed_agencies(st, &seeded);
	if (!rc && !count) {
		rc = demo_docs_seed(st, &seeded);
		if (!rc)
			printf(seeded ? "已写入示例目录。\n"
				      : "目录中已有文件，未写入示例目录。\n");
	}
	struct arena *a = arena_new(0);
	struct agency *ag = NULL;
	size_t nag = 0;
	if (!rc && count)
		rc = store_agency_list(st, a, &ag, &nag);
	if (!rc && count && ARG(&args, OPT_AGENCY)) {
		long long only;
		rc = cli_parse_id(cmd, "机关编号", ARG(&args, OPT_AGENCY), &only) ? ZF_EINVAL
										  : ZF_ENOENT;
		for (size_t i = 0; i < nag; i++)
			if (ag[i].id == only) {
				ag[0] = ag[i];
				nag = 1;
				rc = 0;
			}
	}
	struct buf err = BUF_INIT;
	for (size_t i = 0; !rc && count && i < nag; i++) {
		const char *org = NULL, *tmpl = NULL;
		if (store_doc_settings_get(st, a, ag[i].id, &org, &tmpl) == ZF_ENOENT) {
			/* a fake but well-formed code, as the demo's */
			char org9[32], code[19];
			snprintf(org9, sizeof(org9), "%08lld0", 20000000 + ag[i].id % 10000000);
			docno_org_code_complete(org9);
			snprintf(code, sizeof(code), "11990101%.9s0", org9);
			docno_org_code_complete(code);
			rc = store_doc_settings_set(st, "system", ag[i].id, code, NULL, &err);
		}
	}
	long long done = 0;
	if (!rc && count)
		rc = store_batch_begin(st);
	for (long long i = 0; !rc && i < count; i++) {
		struct arena *t = arena_new(0);
		struct doc_fields f;
		zf_day pub;
		const struct agency *g = &ag[(size_t)i % nag];
		demo_docs_synth(t, (unsigned)seed, i, g->id, g->name, &f, &pub);
		rc = store_doc_insert_published(st, &f, pub, NULL, DOC_VALID, 0, NULL, &err);
		arena_free(t);
		done++;
		if (!rc && done % 10000 == 0) {
			rc = store_batch_commit(st);
			if (!rc)
				rc = store_batch_begin(st);
			fprintf(stderr, "\r已生成 %lld / %d", done, count);
		}
	}
	if (count && !rc)
		rc = store_batch_commit(st);
	else if (count && rc)
		store_batch_rollback(st);
	if (count && !rc)
		printf("%s已生成 %lld 份合成文件。\n", done >= 10000 ? "\n" : "", done);
	arena_free(a);
	store_close(st);
	if (rc)
		return store_error(cmd, rc, &err);
	buf_free(&err);
	return CLI_OK;
}

static int list_topics(int argc, char **argv)
{
	static const char cmd[] = "doc topics";
	PARSE(cmd, "用法：zfxxgk doc topics\n\n列出主题分类（代码、一级、二级）。\n", 0, "",
	      OPT_JSON);
	size_t n;
	const struct doc_topic *t = doc_topics(&n);
	for (size_t i = 0; i < n; i++)
		printf("%-6s %s%s\n", t[i].code, t[i].parent ? "    " : "", t[i].name);
	return CLI_OK;
}

static int list_genres(int argc, char **argv)
{
	static const char cmd[] = "doc genres";
	PARSE(
	    cmd,
	    "用法：zfxxgk doc genres\n\n列出体裁：《党政机关公文处理工作条例》第八条的 15 种公文，"
	    "及目录常用的其他体裁。\n",
	    0, "", OPT_JSON);
	for (size_t i = 0; doc_genres[i]; i++)
		printf("%s\n", doc_genres[i]);
	return CLI_OK;
}

/* `doc expire` without a document: every term that has ended (store_doc_expire_due). */
static int doc_expire_due(int argc, char **argv)
{
	static const char cmd[] = "doc expire";
	char help[1536];
	snprintf(help, sizeof(help), "%s\n选项：\n%s", steps[S_EXPIRE].help, help_common);
	PARSE(cmd, help, 0, "", OPT_ON);
	zf_day today = 0;
	if (parse_day_opt(cmd, "基准日", ARG(&args, OPT_ON), &today))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&args, OPT_DB));
	if (!st)
		return CLI_USAGE;
	long long n = 0;
	int rc = store_doc_expire_due(st, "system", today ? today : date_today(), &n);
	store_close(st);
	if (rc)
		return cli_error(cmd, "无法标注失效：%s", zf_strerror(rc));
	if (n)
		printf("有效期已届满的文件已标注失效：%lld 份。\n", n);
	else
		printf("没有有效期已届满而仍标为有效的文件。\n");
	return CLI_OK;
}

/* True when an argument looks like a document number (all digits). */
static bool has_id_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *p = argv[i];
		if (!*p)
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p)
			return true;
	}
	return false;
}

static int run_step(int argc, char **argv)
{
	if (!strcmp(argv[0], "expire") && !has_id_arg(argc, argv))
		return doc_expire_due(argc, argv);
	for (size_t s = 0; s < ARRAY_SIZE(steps); s++)
		if (!strcmp(argv[0], steps[s].name))
			return doc_step(argc, argv, (enum step)s);
	return -1;
}

int cmd_doc(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
	    {"list", doc_list},	     {"show", doc_show},	 {"add", doc_add},
	    {"edit", doc_edit},	     {"attach", doc_attach},	 {"search", doc_search},
	    {"todo", doc_todo},	     {"settings", doc_settings}, {"t2", doc_t2},
	    {"export", doc_export},  {"import", doc_import},	 {"demo", doc_demo},
	    {"topics", list_topics}, {"genres", list_genres},	 {"takedown", cmd_doc_takedown},
	};
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(help_doc, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	int rc = run_step(argc - 1, argv + 1);
	if (rc >= 0)
		return rc;
	cli_error("doc", "没有“%s”这个子命令", argv[1]);
	fputs(help_doc, stderr);
	return CLI_USAGE;
}
