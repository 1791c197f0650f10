/* cmd_report_parse.c: `zfxxgk report parse`: reads published annual reports (one file, many,
 * or a directory in bulk) and prints zfxxgk.report/1 JSON or a Chinese summary. The reading
 * itself is ingest/report_parse; this file walks files, runs the readers (several threads in
 * bulk, each with its own ingest context), prints in file order, and keeps the tally. */
#include "common.h"
#include "render/report_csv.h"
#include "cli.h"
#include "ingest/report_parse.h"
#include "render/report_cells.h"
#include "render/report_json.h"
#include "utf8.h"

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "用法：zfxxgk report parse [--json] [--explain] [--csv 文件] [--cells-csv 文件]\n"
    "                         [--cells-xlsx 文件] [-j 线程数] [--list 列表] [文件... | 目录]\n"
    "\n"
    "从已发布的政府信息公开工作年度报告中读出表二、表三、表四（或2019年以前的统计表），\n"
    "按 zfxxgk.report/1 输出，并附上检查结果。报告可以是网页另存的 HTML、复制出的文字、\n"
    "PDF 转出的文本或表格、Markdown 表格；编码可以是 UTF-8、GB18030/GBK、Big5 或带 BOM 的 "
    "UTF-16。\n"
    "也可以是 Word（.docx；旧版 .doc、WPS 的 .wps 经 LibreOffice 转换）或 "
    "Excel（.xlsx/.xls）文件。\n"
    "也可以直接读 PDF 文件（按文字坐标还原表格；加密、扫描件或不完整的 PDF 会说明原因）。\n"
    "\n"
    "读取时会修复常见的损坏，并在检查结果中说明：\n"
    "  · 全角数字和符号、“?”占位的空格、页脚（“— 3 —”）和表格工具自造的表头\n"
    "  · 繁体字转为简体；字后夹注的拼音（如“發(fā)布”）只在确是该字读音时去除\n"
    "  · 镜像站插入的博彩推广词（text.injected）：能从固定表述推断原文时还原后再读\n"
    "  · 整篇连成一行、各行的数字连在一起时（如“（一）予以公开1000001（二）…”），按表中\n"
    "    固定的栏目名找回各行，按行合计、列合计和结转关系拆分；有多种拆法时列出各种读法，\n"
    "    正文的数字能印证其中一种时按它读取，否则不猜，留空（cell.ambiguous）\n"
    "  · 以成串回车分隔单元格的抓取文本：空白单元格读为空值，与填写的 0 区分\n"
    "  · 以元或亿元填写的金额换算为万元（unit.converted）\n"
    "  · 空白、“/”、“—”的单元格读为空值（null）\n"
    "\n"
    "选项：\n"
    "  --json          输出 JSON；一个文件时输出一个文档，多个文件时每行一个文档（JSON Lines）。\n"
    "                  source.cells 记录每个单元格在原文中的位置 [行, 列]；读自 PDF 的加上\n"
    "                  {\"page\": 页, \"x\": x, \"y\": y}（磅，自页面左上角），读自 Word "
    "表格的加上\n"
    "                  {\"table\": 表格, \"row\": 行, \"cell\": 格}，读自 Excel 的加上\n"
    "                  {\"sheet\": 工作表, \"row\": 行, \"cell\": 列}（均从 1 起）\n"
    "  --explain       逐格说明数字从哪里读来：按表分组，每格一行，写出行名、列名、数值\n"
    "                  （空白时写明原因：原文空白、整行为空、未找到该表、数字连写有多种拆法、\n"
    "                  不是有效数值）、原文位置（文本：第几行第几列及字节偏移；PDF：第几页及\n"
    "                  x、y 坐标；Word：第几个表格第几行第几格；Excel：工作表几第几行第几列）、\n"
    "                  由连写数字拆出的说明、涉及该格的检查，以及原文中该数字前后的文字（数字\n"
    "                  用【】标出）。与 --json 同用时，JSON 写到标准输出，说明写到标准错误输出\n"
    "  --list 列表     从文件读取要处理的文件清单，每行一个路径（UTF-8，可含空格；空行略过；\n"
    "                  列出的目录按目录读取）；“-”表示从标准输入读取。可与文件、目录参数同用\n"
    "  --cells-csv 文件  另外写一个 CSV，每份报告的每个单元格一行，各列依次为：\n"
    "                    file 文件  agency 机关  year 年度  table "
    "表（table2/table3/table4/legacy）\n"
    "                    row_key 行键  row_label 行名称  col_key 列键  col_label 列名称\n"
    "                    value 数值（空值留空）  null_kind 空值原因：blank 原文空白、\n"
    "                           row_empty 整行为空、table_missing 未找到该表、\n"
    "                           ambiguous 数字连写有多种拆法、invalid 不是有效数值\n"
    "                    place 原文位置（中文）  source 来源类型：text 文本、pdf、table 表格\n"
    "                    line 行  column 列  offset 字节偏移（读取时所见的文字中）\n"
    "                    page 页（PDF）或表格、工作表序号  x  y（PDF 为磅；表格为行、格）\n"
    "                    rules 涉及该格的检查规则（以“;”分隔）\n"
    "  --cells-xlsx 文件 同样内容的 Excel 工作簿：中文表头、冻结首行、可筛选；边读边写，\n"
    "                  不在内存中保留全部报告；每个工作表至多约一百万行，超出时续写下一个工作表\n"
    "  --csv 文件      另外写一个 CSV（UTF-8 带 BOM，可用 Excel 打开），每份报告一行。\n"
    "                  表头用固定的英文列名，便于公式和程序引用，各列依次为：\n"
    "                    file 文件  sha256 文件的 SHA-256  format 格式（2021/2019/legacy）\n"
    "                    year 年度  agency 机关  layout 版式\n"
    "                    received_new 本年新收  received_carried_over 上年结转\n"
    "                    results_total 办理结果总计  carried_forward 结转下年度（均为表三总计列）\n"
    "                    review_total 行政复议总计  litigation_total 行政诉讼总计（两类之和）\n"
    "                    errors 错误数  warnings 警告数  infos 提示数\n"
    "                    status 状态：ok 读取成功、errors 读取成功但有错误、\n"
    "                           unrecognised 无法识别、unreadable 无法读取\n"
    "                    message 无法读取或无法识别的原因\n"
    "                    reading 读取程度：full 完整读取（各表都找到、没有空缺的格）、\n"
    "                           partial 部分读取、none 未能读取\n"
    "                    reading_note 部分读取或未能读取的原因，如“表四未找到、12格空缺、\n"
    "                           3处数字连写有多种拆法”，或“扫描件需OCR”“已加密”“文件损坏”\n"
    "                           “不是年度报告”“过大”“空文件”“文件不存在”“无读取权限”\n"
    "  -j, --jobs N    批量读取时同时读取的文件数（默认为处理器数，最多 8）；输出顺序不变\n"
    "  -q, --quiet     批量读取时不显示进度条\n"
    "  -h, --help      显示本帮助\n"
    "\n"
    "给出目录、多个文件或 --list 时批量读取（目录含子目录，跳过以“.”开头的文件），标准错误\n"
    "输出为终端时显示进度条。一个文件读不了（不存在、无权限、过大、损坏）不影响其余文件。\n"
    "不加 --json 时每份报告一行，行末写明完整读取、部分读取或未能读取及原因；最后列出汇总表：\n"
    "读取成功（无错误）、读取成功但有错误、无法识别（不是年度报告）、无法读取（空文件、二进制\n"
    "文件、过大）的份数，以及读取程度和未能读取的原因；加 --json 时汇总表写到标准错误输出。\n"
    "超过 64 MB 的文件在读入前即拒绝（“文件过大”），不占内存。\n"
    "\n"
    "示例：\n"
    "  zfxxgk report parse 某区2023年报.txt\n"
    "  zfxxgk report parse --json 某区2023年报.html > 2023.json\n"
    "  zfxxgk report parse --json --csv 汇总.csv 年报目录/ > 全部.jsonl\n"
    "  zfxxgk report parse --explain 某区2023年报.pdf\n"
    "  zfxxgk report parse --list 清单.txt --cells-xlsx 全部单元格.xlsx\n"
    "\n"
    "退出状态：0 全部读取且没有错误，1 有报告含错误或无法识别，2 用法错误或文件无法读取。\n";

#define JOBS_MAX 8
#define WINDOW	 256 /* files read ahead of the one being printed, at most */

struct files {
	char **v;
	size_t n, alloc;
};

static int files_add(struct files *f, const char *path)
{
	if (f->n == f->alloc) {
		size_t na = f->alloc ? f->alloc * 2 : 64;
		char **v = realloc(f->v, na * sizeof(*v));
		if (!v)
			return ZF_ENOMEM;
		f->v = v;
		f->alloc = na;
	}
	f->v[f->n++] = xstrdup(path);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files under dir (recursively, hidden names skipped), sorted. */
static int walk(struct files *f, const char *dir, int depth)
{
	if (depth > 16)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return ZF_EIO;
	struct files here = {0};
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) && !rc) {
		if (de->d_name[0] == '.')
			continue;
		rc = files_add(&here, de->d_name);
	}
	closedir(d);
	if (here.n)
		qsort(here.v, here.n, sizeof(*here.v), cmp_str);
	for (size_t i = 0; i < here.n && !rc; i++) {
		char *p =
		    xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", here.v[i]);
		struct stat st;
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = walk(f, p, depth + 1);
				if (rc == ZF_EIO) /* unreadable: listed, and reported as such */
					rc = files_add(f, p);
			} else if (S_ISREG(st.st_mode))
				rc = files_add(f, p);
		}
		free(p);
	}
	for (size_t i = 0; i < here.n; i++)
		free(here.v[i]);
	free(here.v);
	return rc;
}

/* ---- reading one file ---- */

/* One file's result, filled by a reader, printed (in order) by the main thread. */
struct job {
	const char *file;
	int rc;		  /* 0, or why the file could not be read */
	struct report *r; /* when rc == 0 */
	struct buf err;	  /* a Chinese sentence when rc != 0 */
	struct buf json;  /* the document, with --json */
	struct buf expl;  /* the explanation, with --explain */
	bool done;
};

struct reader {
	struct ingest_ctx *ctx;
	char *in; /* the file's bytes */
	size_t cap;
};

/* Reads a whole file into r->in (at most INGEST_MAX_BYTES); 0, ZF_ETOOBIG, ZF_ENOENT,
 * ZF_EIO or ZF_ENOMEM. */
static int read_file(struct reader *r, const char *path, size_t *len)
{
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? ZF_ENOENT : errno == EACCES ? ZF_EPERM : ZF_EIO;
	struct stat st;
	int rc = 0;
	bool reg = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (reg && (uint64_t)st.st_size > INGEST_MAX_BYTES) {
		*len = (size_t)ZF_MIN((uint64_t)st.st_size, (uint64_t)SIZE_MAX);
		close(fd);
		return ZF_ETOOBIG; /* refused before reading a byte */
	}
	if (!reg && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return ZF_EIO;
	}
	size_t want = reg ? (size_t)st.st_size + 1 : 65536;
	for (;;) {
		if (*len + 1 > INGEST_MAX_BYTES) {
			rc = ZF_ETOOBIG;
			break;
		}
		if (*len + want > r->cap) {
			size_t nc =
			    ZF_MIN(ZF_MAX(r->cap * 2, *len + want), (size_t)INGEST_MAX_BYTES + 1);
			char *p = realloc(r->in, nc);
			if (!p) {
				rc = ZF_ENOMEM;
				break;
			}
			r->in = p;
			r->cap = nc;
		}
		ssize_t got = read(fd, r->in + *len, r->cap - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = ZF_EIO;
			break;
		}
		if (!got)
			break;
		*len += (size_t)got;
		want = 65536;
	}
	close(fd);
	return rc;
}

struct run_opts {
	unsigned json_flags;
	bool json, explain;
};

static void run_job(struct reader *rd, struct job *j, const struct run_opts *o)
{
	size_t len = 0;
	bool json = o->json;
	buf_init(&j->err, 0);
	buf_init(&j->json, 0);
	buf_init(&j->expl, 0);
	j->rc = read_file(rd, j->file, &len);
	if (j->rc == ZF_ETOOBIG && len > INGEST_MAX_BYTES)
		buf_printf(&j->err, "文件过大（%.1f MB，上限 %u MB），未读取",
			   (double)len / (1024.0 * 1024.0), INGEST_MAX_BYTES >> 20);
	else if (j->rc == ZF_ETOOBIG)
		buf_printf(&j->err, "文件过大（上限 %u MB），未读取", INGEST_MAX_BYTES >> 20);
	else if (j->rc == ZF_ENOENT)
		buf_adds(&j->err, "文件不存在");
	else if (j->rc == ZF_EPERM)
		buf_adds(&j->err, "没有读取权限");
	else if (j->rc == ZF_EIO)
		buf_adds(&j->err, "无法读取（是目录或读取出错）");
	else if (j->rc)
		buf_adds(&j->err, zf_strerror(j->rc));
	else
		j->rc = ingest_report(rd->ctx, rd->in ? rd->in : "", len, j->file, &j->r, &j->err);
	if (!j->rc && o->explain) {
		/* the source text is the reader's: explained here, before it reads the next */
		size_t tn;
		const char *t = ingest_last_text(rd->ctx, &tn);
		if (report_explain(j->r, t, tn, &j->expl)) {
			j->rc = ZF_ENOMEM;
			report_free(j->r);
			j->r = NULL;
			return;
		}
	}
	if (!j->rc && json) {
		int rc = report_json_write(j->r, &j->json, o->json_flags);
		if (rc) {
			j->rc = rc;
			report_free(j->r);
			j->r = NULL;
			buf_adds(&j->err, zf_strerror(rc));
		}
	}
}

/* ---- readers in threads ---- */

struct pool {
	struct job *jobs;
	size_t n, next, printed;
	struct run_opts o;
	bool stop;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a job done, or the printer moved on */
};

struct worker {
	struct pool *p;
	struct reader rd;
	pthread_t th;
	bool started;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next < p->n && p->next >= p->printed + WINDOW)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop || p->next >= p->n)
			break;
		struct job *j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);
		run_job(&w->rd, j, &p->o);
		pthread_mutex_lock(&p->mu);
		j->done = true;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- output ---- */

static void csv_cell(FILE *f, const struct report_cell *c)
{
	fputc(',', f);
	if (c->present)
		fprintf(f, "%lld", (long long)c->v);
}

static const char csv_header[] =
    "\xEF\xBB\xBF"
    "file,sha256,format,year,agency,layout,received_new,received_carried_over,results_total,"
    "carried_forward,review_total,litigation_total,errors,warnings,infos,status,message,"
    "reading,reading_note\r\n";

static void csv_line(FILE *f, const char *file, const struct report *r, const char *status,
		     const char *message, enum report_reading reading, const char *note)
{
	const struct report_format *fmt = r ? report_format_get(r->format) : NULL;
	report_csv_fputs(f, file);
	fputc(',', f);
	if (r)
		report_csv_fputs(f, r->source.sha256);
	fputc(',', f);
	if (fmt)
		report_csv_fputs(f, fmt->key);
	fputc(',', f);
	if (r && r->year)
		fprintf(f, "%d", r->year);
	fputc(',', f);
	if (r)
		report_csv_fputs(f, r->agency);
	fputc(',', f);
	if (r)
		report_csv_fputs(f, r->source.layout);
	static const struct report_cell none;
	const int rows[] = {REPORT_T3_RECEIVED_NEW, REPORT_T3_RECEIVED_CARRIED_OVER,
			    REPORT_T3_RESULTS_TOTAL, REPORT_T3_CARRIED_FORWARD};
	bool tables = fmt && fmt->id != REPORT_FORMAT_LEGACY;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		csv_cell(f, tables ? &r->table3[rows[i]][REPORT_COL_TOTAL] : &none);
	csv_cell(f, tables ? &r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL] : &none);
	struct report_cell lit = none;
	if (tables && r->table4[1][REPORT_T4_TOTAL].present &&
	    r->table4[2][REPORT_T4_TOTAL].present)
		report_cell_set(
		    &lit, r->table4[1][REPORT_T4_TOTAL].v + r->table4[2][REPORT_T4_TOTAL].v, NULL);
	csv_cell(f, &lit);
	for (int s = REPORT_SEV_ERROR; s >= REPORT_SEV_INFO; s--)
		fprintf(f, ",%zu", r ? report_count_findings(r, (enum report_severity)s) : 0);
	fprintf(f, ",%s,", status);
	report_csv_fputs(f, message);
	fprintf(f, ",%s,", report_reading_key(reading));
	report_csv_fputs(f, note);
	fputs("\r\n", f);
}

static void print_cell(const struct report_cell *c)
{
	if (c->present)
		printf("%lld", (long long)c->v);
	else
		fputs("空", stdout);
}

static void print_summary(const char *file, const struct report *r)
{
	const struct report_format *f = report_format_get(r->format);
	printf("%s\n", file);
	if (r->year)
		printf("  报告：%s%s%d年度，%s\n", r->agency ? r->agency : "（机关名称未识别）",
		       r->agency ? " " : "", r->year, f ? f->name : "未识别的格式");
	else
		printf("  报告：%s，年度不详，%s\n", r->agency ? r->agency : "（机关名称未识别）",
		       f ? f->name : "未识别的格式");
	printf("  版式：%s；SHA-256 %.16s…\n", r->source.layout ? r->source.layout : "?",
	       r->source.sha256);
	if (r->format == REPORT_FORMAT_LEGACY) {
		printf("  统计表：%zu 行\n", r->nlegacy);
	} else if (r->format != REPORT_FORMAT_NONE) {
		const struct report_cell(*t)[REPORT_T3_COLS] = r->table3;
		fputs("  表三（总计列）：本年新收 ", stdout);
		print_cell(&t[REPORT_T3_RECEIVED_NEW][REPORT_COL_TOTAL]);
		fputs("，上年结转 ", stdout);
		print_cell(&t[REPORT_T3_RECEIVED_CARRIED_OVER][REPORT_COL_TOTAL]);
		fputs("，办理结果总计 ", stdout);
		print_cell(&t[REPORT_T3_RESULTS_TOTAL][REPORT_COL_TOTAL]);
		fputs("，结转下年度 ", stdout);
		print_cell(&t[REPORT_T3_CARRIED_FORWARD][REPORT_COL_TOTAL]);
		fputs("\n  表四（总计）：行政复议 ", stdout);
		print_cell(&r->table4[REPORT_T4_REVIEW][REPORT_T4_TOTAL]);
		fputs("，未经复议直接起诉 ", stdout);
		print_cell(&r->table4[REPORT_T4_LITIGATION_DIRECT][REPORT_T4_TOTAL]);
		fputs("，复议后起诉 ", stdout);
		print_cell(&r->table4[REPORT_T4_LITIGATION_AFTER_REVIEW][REPORT_T4_TOTAL]);
		fputc('\n', stdout);
	}
	struct buf why = BUF_INIT;
	enum report_reading rd = report_reading(r, &why);
	printf("  读取：%s%s%s\n", report_reading_label(rd), why.len ? "：" : "", buf_cstr(&why));
	buf_free(&why);
	printf("  检查结果：错误 %zu，警告 %zu，提示 %zu\n",
	       report_count_findings(r, REPORT_SEV_ERROR),
	       report_count_findings(r, REPORT_SEV_WARNING),
	       report_count_findings(r, REPORT_SEV_INFO));
	for (size_t i = 0; i < r->nfindings; i++)
		printf("    [%s] %s：%s\n", report_severity_label(r->findings[i].severity),
		       r->findings[i].rule, r->findings[i].message);
}

/* One line per report in a bulk listing: file, format, year, agency, findings, and how
 * completely it was read (why when not fully). */
static void print_row(const char *file, const struct report *r, enum report_reading rd,
		      const char *why)
{
	const struct report_format *f = report_format_get(r->format);
	printf("%s  %s  ", file, f ? f->key : "无法识别");
	if (r->year)
		printf("%d年度", r->year);
	else
		fputs("年度不详", stdout);
	printf("  %s  错误%zu 警告%zu  %s%s%s\n", r->agency ? r->agency : "机关不详",
	       report_count_findings(r, REPORT_SEV_ERROR),
	       report_count_findings(r, REPORT_SEV_WARNING), report_reading_label(rd),
	       *why ? "：" : "", why);
}

static void progress(size_t done, size_t total)
{
	int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;
	fprintf(stderr, "\r读取中 [");
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

#define REASONS_MAX 12

struct tally {
	size_t ok, with_errors, unrecognised, unreadable;
	size_t reading[3]; /* by enum report_reading */
	struct {
		const char *why; /* static, from report_unreadable_reason */
		size_t n;
	} reasons[REASONS_MAX];
	size_t nreasons;
};

static void tally_reason(struct tally *t, const char *why)
{
	size_t i = 0;
	while (i < t->nreasons && strcmp(t->reasons[i].why, why))
		i++;
	if (i == REASONS_MAX)
		return;
	if (i == t->nreasons)
		t->reasons[t->nreasons++].why = why;
	t->reasons[i].n++;
}

static void print_tally(FILE *f, const struct tally *t, size_t total)
{
	const struct {
		const char *label;
		size_t n;
	} rows[] = {
	    {"读取成功，没有错误", t->ok},
	    {"读取成功，但有错误", t->with_errors},
	    {"无法识别（不是年度报告）", t->unrecognised},
	    {"无法读取（空、二进制或过大）", t->unreadable},
	};
	fprintf(f, "\n汇总：共 %zu 份\n", total);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t w = utf8_width(rows[i].label, strlen(rows[i].label));
		fprintf(f, "  %s%*s%6zu\n", rows[i].label, (int)(w < 30 ? 30 - w : 0), "",
			rows[i].n);
	}
	fprintf(f, "读取程度：完整读取 %zu，部分读取 %zu，未能读取 %zu\n",
		t->reading[REPORT_READ_FULL], t->reading[REPORT_READ_PARTIAL],
		t->reading[REPORT_READ_NONE]);
	if (t->nreasons) {
		fputs("未能读取的原因：", f);
		for (size_t i = 0; i < t->nreasons; i++)
			fprintf(f, "%s%s %zu", i ? "，" : "", t->reasons[i].why, t->reasons[i].n);
		fputc('\n', f);
	}
}

/* Adds the paths listed in the file at path ("-" = standard input), one per line, UTF-8,
 * spaces kept; blank lines and a final CR are dropped; a listed directory is walked. A path
 * that does not exist is still added (it is reported as not read). 0, or ZF_EIO/ZF_ENOMEM
 * after a Chinese error line. */
static int read_list(struct files *f, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in) {
		cli_error("report parse", "无法读取文件列表 %s：%s", path,
			  errno == ENOENT ? "文件不存在" : zf_strerror(ZF_EIO));
		return ZF_EIO;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	unsigned long no = 0;
	while (!rc && (n = getline(&line, &cap, in)) >= 0) {
		no++;
		if (no == 1 && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) { /* a BOM */
			memmove(line, line + 3, (size_t)n - 2);
			n -= 3;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (!n)
			continue;
		if (memchr(line, 0, (size_t)n) || !utf8_valid(line, (size_t)n)) {
			cli_error("report parse", "文件列表 %s 第 %lu 行不是 UTF-8 文本，已跳过",
				  path, no);
			continue;
		}
		struct stat st;
		if (stat(line, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = walk(f, line, 0);
			if (rc == ZF_EIO)
				rc = files_add(f, line);
		} else {
			rc = files_add(f, line);
		}
	}
	if (!rc && ferror(in)) {
		cli_error("report parse", "读取文件列表 %s 时出错", path);
		rc = ZF_EIO;
	}
	free(line);
	if (in != stdin)
		fclose(in);
	if (rc == ZF_ENOMEM)
		cli_error("report parse", "内存不足");
	return rc;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > JOBS_MAX ? JOBS_MAX : (int)n;
}

int cmd_report_parse(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'J'},
	    {"csv", required_argument, NULL, 'c'},
	    {"jobs", required_argument, NULL, 'j'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"help", no_argument, NULL, 'h'},
	    {"explain", no_argument, NULL, 'E'},
	    {"list", required_argument, NULL, 'L'},
	    {"cells-csv", required_argument, NULL, 'C'},
	    {"cells-xlsx", required_argument, NULL, 'X'},
	    {NULL, 0, NULL, 0},
	};
	bool json = false, quiet = false, explain = false;
	const char *csv_path = NULL, *list_path = NULL, *cells_csv_path = NULL,
		   *cells_xlsx_path = NULL;
	int jobs = 0, o;
	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "hqj:", opts, NULL)) != -1) {
		switch (o) {
		case 'J': json = true; break;
		case 'c': csv_path = optarg; break;
		case 'E': explain = true; break;
		case 'L': list_path = optarg; break;
		case 'C': cells_csv_path = optarg; break;
		case 'X': cells_xlsx_path = optarg; break;
		case 'q': quiet = true; break;
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 64)
				return cli_error("report parse",
						 "-j 应为 1 到 64 之间的整数，实际为“%s”", optarg);
			jobs = (int)v;
			break;
		}
		case 'h': fputs(help, stdout); return CLI_OK;
		default:
			if (optopt == 'j' || optopt == 'c' || optopt == 'L' || optopt == 'C' ||
			    optopt == 'X')
				return cli_error("report parse", "选项 %s 缺少参数",
						 argv[optind - 1]);
			return cli_error("report parse",
					 "无法识别的选项 %s（见 zfxxgk report parse --help）",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc && !list_path)
		return cli_error("report parse",
				 "缺少要读取的文件或目录（见 zfxxgk report parse --help）");

	struct files files = {0};
	bool bulk = argc - optind > 1 || list_path;
	int status = CLI_OK;
	if (list_path && read_list(&files, list_path)) { /* said by read_list */
		for (size_t i = 0; i < files.n; i++)
			free(files.v[i]);
		free(files.v);
		return CLI_USAGE;
	}
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			cli_error("report parse", "无法读取 %s：%s", argv[i],
				  errno == ENOENT ? "文件或目录不存在" : zf_strerror(ZF_EIO));
			status = CLI_USAGE;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			bulk = true;
			if (walk(&files, argv[i], 0)) {
				cli_error("report parse", "无法读取目录 %s", argv[i]);
				status = CLI_USAGE;
			}
		} else {
			files_add(&files, argv[i]);
		}
	}
	if (!jobs)
		jobs = bulk ? default_jobs() : 1;
	if ((size_t)jobs > files.n)
		jobs = files.n ? (int)files.n : 1;

	FILE *csv = NULL, *cells_csv = NULL;
	struct cells_book *book = NULL;
	struct job *jv = NULL;
	struct worker *wv = NULL;
	struct pool pool = {0};
	bool pool_live = false;
	if (csv_path) {
		csv = fopen(csv_path, "wb");
		if (!csv) {
			cli_error("report parse", "无法写入 %s：%s", csv_path, zf_strerror(ZF_EIO));
			status = CLI_USAGE;
			goto done;
		}
		fputs(csv_header, csv);
	}
	if (cells_csv_path) {
		cells_csv = fopen(cells_csv_path, "wb");
		if (!cells_csv) {
			cli_error("report parse", "无法写入 %s：%s", cells_csv_path,
				  zf_strerror(ZF_EIO));
			status = CLI_USAGE;
			goto done;
		}
		fputs(report_cells_csv_header, cells_csv);
	}
	if (cells_xlsx_path && cells_book_open(cells_xlsx_path, &book)) {
		cli_error("report parse", "无法写入 %s：%s", cells_xlsx_path, zf_strerror(ZF_EIO));
		status = CLI_USAGE;
		goto done;
	}
	jv = calloc(files.n ? files.n : 1, sizeof(*jv));
	wv = calloc((size_t)jobs, sizeof(*wv));
	if (!jv || !wv) {
		cli_error("report parse", "内存不足");
		status = CLI_USAGE;
		goto done;
	}
	for (int k = 0; k < jobs; k++) {
		int rc = ingest_ctx_new(&wv[k].rd.ctx);
		if (rc) {
			cli_error("report parse", "内部数据无法加载：%s", zf_strerror(rc));
			status = CLI_USAGE;
			goto done;
		}
	}
	for (size_t i = 0; i < files.n; i++)
		jv[i].file = files.v[i];
	pool.jobs = jv;
	pool.n = files.n;
	pool.o.json = json;
	pool.o.explain = explain;
	pool.o.json_flags = REPORT_JSON_POSITIONS | (bulk ? REPORT_JSON_COMPACT : 0);
	if (jobs > 1) {
		pthread_mutex_init(&pool.mu, NULL);
		pthread_cond_init(&pool.cv, NULL);
		pool_live = true;
		int started = 0;
		for (int k = 0; k < jobs; k++) {
			wv[k].p = &pool;
			wv[k].started = !pthread_create(&wv[k].th, NULL, worker_main, &wv[k]);
			started += wv[k].started;
		}
		if (!started) { /* no threads to be had: read in this one */
			pthread_cond_destroy(&pool.cv);
			pthread_mutex_destroy(&pool.mu);
			pool_live = false;
		}
	}

	bool bar = bulk && !quiet && isatty(STDERR_FILENO);
	struct tally tally = {0};
	for (size_t i = 0; i < files.n; i++) {
		struct job *j = &jv[i];
		if (pool_live) {
			pthread_mutex_lock(&pool.mu);
			while (!j->done)
				pthread_cond_wait(&pool.cv, &pool.mu);
			pthread_mutex_unlock(&pool.mu);
		} else {
			run_job(&wv[0].rd, j, &pool.o);
		}
		if (j->rc == ZF_ENOMEM) {
			cli_error("report parse", "内存不足");
			status = CLI_USAGE;
			break;
		}
		if (bar)
			fputs("\r\033[K", stderr);
		if (j->rc) {
			const char *why = report_unreadable_reason(j->rc, buf_cstr(&j->err));
			if (bulk && !json)
				printf("%s  未能读取：%s\n", j->file, why);
			fflush(stdout);
			cli_error("report parse", "%s：%s", j->file, buf_cstr(&j->err));
			tally.unreadable++;
			tally.reading[REPORT_READ_NONE]++;
			tally_reason(&tally, why);
			status = CLI_USAGE;
			if (csv)
				csv_line(csv, j->file, NULL, "unreadable", buf_cstr(&j->err),
					 REPORT_READ_NONE, why);
		} else {
			struct report *r = j->r;
			bool unrec = r->format == REPORT_FORMAT_NONE;
			bool errs = report_count_findings(r, REPORT_SEV_ERROR) > 0;
			tally.unrecognised += unrec;
			tally.with_errors += !unrec && errs;
			tally.ok += !unrec && !errs;
			if ((unrec || errs) && status == CLI_OK)
				status = CLI_FINDINGS;
			struct buf why = BUF_INIT;
			enum report_reading reading = report_reading(r, &why);
			tally.reading[reading]++;
			if (reading == REPORT_READ_NONE)
				tally_reason(&tally, "不是年度报告");
			if (json)
				fwrite(j->json.p ? j->json.p : "", 1, j->json.len, stdout);
			else if (!bulk)
				print_summary(j->file, r);
			else
				print_row(j->file, r, reading, buf_cstr(&why));
			if (explain) { /* after the report; on stderr when stdout holds JSON */
				FILE *eo = json ? stderr : stdout;
				if (json)
					fflush(stdout);
				if (!json || !bulk)
					fputc('\n', eo);
				fwrite(j->expl.p ? j->expl.p : "", 1, j->expl.len, eo);
				if (bulk)
					fputc('\n', eo);
			}
			if (csv)
				csv_line(csv, j->file, r,
					 unrec	? "unrecognised"
					 : errs ? "errors"
						: "ok",
					 unrec ? "没有找到年度报告的统计表格" : NULL, reading,
					 reading == REPORT_READ_NONE ? "不是年度报告"
								     : buf_cstr(&why));
			buf_free(&why);
			if (cells_csv)
				report_cells_csv(cells_csv, j->file, r);
			if (book)
				cells_book_add(book, j->file, r);
		}
		report_free(j->r);
		j->r = NULL;
		buf_free(&j->err);
		buf_free(&j->json);
		buf_free(&j->expl);
		if (pool_live) {
			pthread_mutex_lock(&pool.mu);
			pool.printed = i + 1;
			pthread_cond_broadcast(&pool.cv);
			pthread_mutex_unlock(&pool.mu);
		}
		if (bar)
			progress(i + 1, files.n);
	}
	if (bulk) {
		fflush(stdout);
		print_tally(json ? stderr : stdout, &tally, files.n);
	}
done:
	if (pool_live) {
		pthread_mutex_lock(&pool.mu);
		pool.stop = true;
		pthread_cond_broadcast(&pool.cv);
		pthread_mutex_unlock(&pool.mu);
		for (int k = 0; k < jobs; k++)
			if (wv[k].started)
				pthread_join(wv[k].th, NULL);
		pthread_cond_destroy(&pool.cv);
		pthread_mutex_destroy(&pool.mu);
	}
	for (size_t i = 0; jv && i < files.n; i++) { /* left by a stop after an error */
		report_free(jv[i].r);
		buf_free(&jv[i].err);
		buf_free(&jv[i].json);
		buf_free(&jv[i].expl);
	}
	for (int k = 0; wv && k < jobs; k++) {
		ingest_ctx_free(wv[k].rd.ctx);
		free(wv[k].rd.in);
	}
	free(wv);
	free(jv);
	if (csv && fclose(csv) != 0) {
		cli_error("report parse", "无法写入 %s", csv_path);
		status = CLI_USAGE;
	}
	if (cells_csv && fclose(cells_csv) != 0) {
		cli_error("report parse", "无法写入 %s", cells_csv_path);
		status = CLI_USAGE;
	}
	if (book && cells_book_close(book)) {
		cli_error("report parse", "无法写入 %s", cells_xlsx_path);
		status = CLI_USAGE;
	}
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	fflush(stdout);
	return status;
}
