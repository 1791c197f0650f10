/* cmd_assess.c: `zfxxgk assess scheme|score|scores|manual|bulletin|bulletins|training`: 考核
 * by the 主管部门 (store/assessment.h): the scheme, each quarter's scores from the platform's
 * own data plus manual items, training records and the quarterly 通报 as Word and Excel. */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "render/xlsx_table.h"
#include "store/assessment.h"
#include "web/bulletin_make.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help_assess[] =
    "用法：zfxxgk assess <子命令> [选项]\n\n"
    "主管部门的政务公开考核：考核方案、各单位每季度得分（由平台数据计算，加人工评分项）、\n"
    "培训记录和季度通报（Word 和 Excel）。\n\n"
    "子命令：\n"
    "  scheme show             显示现行考核方案（制表符分隔的文本，可修改后载入）\n"
    "  scheme load --file 文件  载入新版考核方案（格式见 docs/assessment.md）\n"
    "  score    计算季度得分：--quarter 2026Q3 [--root 主管机关编号] [--today 日期]\n"
    "  scores   显示已计算的季度得分：--quarter 2026Q3 [--root 主管机关编号]\n"
    "  manual   录入人工评分：--agency 机关编号 --quarter 2026Q3 --code 指标代码\n"
    "           --points 分数 [--note 说明]\n"
    "  bulletin 生成季度通报：--quarter 2026Q3 [--root 主管机关编号] [--docx 文件]\n"
    "           [--xlsx 文件] [--date 日期] [--issue 印发：编号存档，印发后不能更改]\n"
    "  bulletins  列出已印发的通报\n"
    "  training list  列出培训：[--from 日期] [--to 日期] [--xlsx 文件]\n"
    "  training add   登记培训：--date 日期 --title 名称 --organiser 机关编号 --hours 学时\n"
    "                 --attend 机关编号:人数[:姓名、姓名]（可重复）[--note 备注]\n\n"
    "--root 缺省为唯一的顶级机关；其下各机关（不含其本身）参加考核。\n\n"
    "共同选项：\n"
    "  --db 数据库  SQLite 数据库文件（默认 var/zfxxgk.db）或 PostgreSQL 地址 postgresql://…\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 成功；1 数据不允许（如通报已印发、得分尚未计算）；2 用法或读写错误。\n\n"
    "示例：\n"
    "  zfxxgk assess score --quarter 2026Q3\n"
    "  zfxxgk assess manual --agency 3 --quarter 2026Q3 --code leadership --points 4.5\n"
    "  zfxxgk assess bulletin --quarter 2026Q3 --issue --docx 通报.docx --xlsx 通报.xlsx\n";

enum {
	OPT_DB = 256,
	OPT_FILE,
	OPT_QUARTER,
	OPT_ROOT,
	OPT_TODAY,
	OPT_AGENCY,
	OPT_CODE,
	OPT_POINTS,
	OPT_NOTE,
	OPT_DOCX,
	OPT_XLSX,
	OPT_DATE,
	OPT_ISSUE,
	OPT_FROM,
	OPT_TO,
	OPT_TITLE,
	OPT_ORGANISER,
	OPT_HOURS,
	OPT_ATTEND,
};

#define ATTEND_MAX 200

struct assess_args {
	const char *db, *file, *quarter, *root, *today, *agency, *code, *points, *note, *docx,
	    *xlsx, *date, *from, *to, *title, *organiser, *hours;
	const char *attend[ATTEND_MAX];
	size_t nattend;
	bool issue;
};

static int parse(const char *cmd, int argc, char **argv, struct assess_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"file", required_argument, NULL, OPT_FILE},
	    {"quarter", required_argument, NULL, OPT_QUARTER},
	    {"root", required_argument, NULL, OPT_ROOT},
	    {"today", required_argument, NULL, OPT_TODAY},
	    {"agency", required_argument, NULL, OPT_AGENCY},
	    {"code", required_argument, NULL, OPT_CODE},
	    {"points", required_argument, NULL, OPT_POINTS},
	    {"note", required_argument, NULL, OPT_NOTE},
	    {"docx", required_argument, NULL, OPT_DOCX},
	    {"xlsx", required_argument, NULL, OPT_XLSX},
	    {"date", required_argument, NULL, OPT_DATE},
	    {"issue", no_argument, NULL, OPT_ISSUE},
	    {"from", required_argument, NULL, OPT_FROM},
	    {"to", required_argument, NULL, OPT_TO},
	    {"title", required_argument, NULL, OPT_TITLE},
	    {"organiser", required_argument, NULL, OPT_ORGANISER},
	    {"hours", required_argument, NULL, OPT_HOURS},
	    {"attend", required_argument, NULL, OPT_ATTEND},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	a->db = CLI_DB_FILE;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: a->db = optarg; break;
		case OPT_FILE: a->file = optarg; break;
		case OPT_QUARTER: a->quarter = optarg; break;
		case OPT_ROOT: a->root = optarg; break;
		case OPT_TODAY: a->today = optarg; break;
		case OPT_AGENCY: a->agency = optarg; break;
		case OPT_CODE: a->code = optarg; break;
		case OPT_POINTS: a->points = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_DOCX: a->docx = optarg; break;
		case OPT_XLSX: a->xlsx = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_ISSUE: a->issue = true; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_TITLE: a->title = optarg; break;
		case OPT_ORGANISER: a->organiser = optarg; break;
		case OPT_HOURS: a->hours = optarg; break;
		case OPT_ATTEND:
			if (a->nattend >= ATTEND_MAX)
				return cli_error(cmd, "--attend 不能超过%d个", ATTEND_MAX);
			a->attend[a->nattend++] = optarg;
			break;
		case 'h': fputs(help_assess, stdout); return 100;
		default:
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	return 0;
}

static int quarter_arg(const char *cmd, const char *s, int *q)
{
	if (!s)
		return cli_error(cmd, "请用 --quarter 指定季度（如 2026Q3）");
	if (assess_quarter_parse(s, q))
		return cli_error(cmd, "季度“%s”不合规定，应写作 2026Q3", s);
	return 0;
}

/* --root, or the only top-level agency */
static int root_arg(const char *cmd, struct store *st, const char *s, long long *root)
{
	if (s)
		return cli_parse_id(cmd, "主管机关编号", s, root);
	struct arena *a = arena_new(0);
	struct agency *v;
	size_t n, roots = 0;
	int rc = store_agency_list(st, a, &v, &n);
	for (size_t i = 0; !rc && i < n; i++)
		if (!v[i].parent_id) {
			*root = v[i].id;
			roots++;
		}
	arena_free(a);
	if (rc)
		return cli_error(cmd, "无法读取机关：%s", zf_strerror(rc));
	if (roots != 1)
		return cli_error(cmd, "有%zu个顶级机关，请用 --root 指定主管机关", roots);
	return 0;
}

static int write_file(const char *cmd, const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->p ? b->p : "", 1, b->len, f) != b->len) {
		if (f)
			fclose(f);
		return cli_error(cmd, "无法写入 %s", path);
	}
	if (fclose(f))
		return cli_error(cmd, "无法写入 %s", path);
	return 0;
}

static int status_of(int rc)
{
	return rc == ZF_EINVAL || rc == ZF_ENOENT || rc == ZF_EEXIST || rc == ZF_ESTATE
		   ? CLI_FINDINGS
		   : CLI_USAGE;
}

static int assess_scheme(int argc, char **argv)
{
	static const char cmd[] = "assess scheme";
	if (argc < 2)
		return cli_error(cmd, "请给出 show 或 load（见 --help）");
	const char *what = argv[1];
	struct assess_args a;
	int rc = parse(cmd, argc - 1, argv + 1, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (strcmp(what, "show") && strcmp(what, "load"))
		return cli_error(cmd, "没有“%s”这个子命令（show 或 load）", what);
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	int status = CLI_OK;
	if (!strcmp(what, "show")) {
		struct assess_scheme *sc = malloc(sizeof(*sc));
		long long id = 0;
		if (!sc || (rc = store_assess_scheme_current(st, sc, &id))) {
			status = cli_error(cmd, "无法读取考核方案：%s",
					   zf_strerror(sc ? rc : ZF_ENOMEM));
		} else {
			struct buf t = BUF_INIT;
			assess_scheme_format(sc, &t);
			if (!id)
				fputs("# 尚未载入考核方案，以下为默认方案\n", stdout);
			fputs(buf_cstr(&t), stdout);
			buf_free(&t);
		}
		free(sc);
	} else if (!a.file) {
		status = cli_error(cmd, "请用 --file 指定方案文件");
	} else {
		struct buf text = BUF_INIT, err = BUF_INIT;
		long long id = 0;
		if (buf_read_file(&text, a.file, ASSESS_TEXT_MAX + 1)) {
			status = cli_error(cmd, "无法读取 %s（不超过64KB）", a.file);
		} else if ((rc = store_assess_scheme_save(st, cli_actor(), text.p, text.len, &id,
							  &err))) {
			cli_error(cmd, "%s", buf_cstr(&err));
			status = status_of(rc);
		} else {
			printf("已载入考核方案（版本 %lld）\n", id);
		}
		buf_free(&text);
		buf_free(&err);
	}
	store_close(st);
	return status;
}

static void print_scores(struct store *st, long long root, int quarter)
{
	struct arena *a = arena_new(0);
	struct assess_scheme *sc = arena_alloc(a, sizeof(*sc));
	struct assess_score_row *rows;
	size_t n;
	if (!sc || store_assess_scores(st, a, root, quarter, sc, &rows, &n)) {
		arena_free(a);
		return;
	}
	printf("排名\t单位\t得分\t扣分\t单项否决\t待评人工项\t存在问题\n");
	for (size_t i = 0; i < n; i++) {
		char total[16], ded[16];
		assess_points_str(rows[i].r.total, total);
		assess_points_str(rows[i].r.max_total - rows[i].r.sum, ded);
		printf("%d\t%s\t%s\t%s\t%s\t%zu\t%s\n", rows[i].rank, rows[i].agency_name, total,
		       ded, rows[i].r.vetoed ? "是" : "否", rows[i].r.pending, rows[i].problems);
	}
	arena_free(a);
}

static int assess_score_cmd(int argc, char **argv, bool compute)
{
	const char *cmd = compute ? "assess score" : "assess scores";
	struct assess_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int quarter;
	zf_day today = date_today();
	if (quarter_arg(cmd, a.quarter, &quarter))
		return CLI_USAGE;
	if (a.today && cli_parse_day(cmd, "--today", a.today, &today))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	long long root = 0;
	int status = root_arg(cmd, st, a.root, &root);
	struct calendar *cal = NULL;
	if (!status && compute) {
		cal = cli_load_calendar(cmd, NULL, 0);
		if (!cal)
			status = CLI_USAGE;
	}
	if (!status && compute) {
		struct buf err = BUF_INIT;
		rc = store_assess_compute(st, cli_actor(), cal, root, quarter, today, NULL, &err);
		if (rc) {
			cli_error(cmd, "%s", buf_cstr(&err));
			status = status_of(rc);
		}
		buf_free(&err);
	}
	if (!status)
		print_scores(st, root, quarter);
	cal_free(cal);
	store_close(st);
	return status;
}

static int assess_score_run(int argc, char **argv)
{
	return assess_score_cmd(argc, argv, true);
}

static int assess_scores_run(int argc, char **argv)
{
	return assess_score_cmd(argc, argv, false);
}

static int assess_manual(int argc, char **argv)
{
	static const char cmd[] = "assess manual";
	struct assess_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int quarter, points;
	long long agency;
	if (quarter_arg(cmd, a.quarter, &quarter))
		return CLI_USAGE;
	if (!a.agency || cli_parse_id(cmd, "机关编号", a.agency, &agency))
		return a.agency ? CLI_USAGE : cli_error(cmd, "请用 --agency 指定机关编号");
	if (!a.code)
		return cli_error(cmd, "请用 --code 指定人工评分指标的代码");
	if (!a.points || assess_points_parse(a.points, &points))
		return cli_error(cmd, "--points 应为分数（最多一位小数），如 4.5");
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct buf err = BUF_INIT;
	int status = CLI_OK;
	rc = store_assess_manual_set(st, cli_actor(), agency, quarter, a.code, points,
				     a.note ? a.note : "", &err);
	if (rc) {
		cli_error(cmd, "%s", buf_cstr(&err));
		status = status_of(rc);
	} else {
		printf("已录入人工评分：机关 %lld %s %s分\n", agency, a.code, a.points);
	}
	buf_free(&err);
	store_close(st);
	return status;
}

static int assess_bulletin(int argc, char **argv)
{
	static const char cmd[] = "assess bulletin";
	struct assess_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	int quarter;
	zf_day date = date_today();
	if (quarter_arg(cmd, a.quarter, &quarter))
		return CLI_USAGE;
	if (a.date && cli_parse_day(cmd, "--date", a.date, &date))
		return CLI_USAGE;
	if (!a.docx && !a.xlsx && !a.issue)
		return cli_error(cmd, "请用 --docx、--xlsx 指定输出文件，或用 --issue 印发");
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	long long root = 0, id = 0;
	int status = root_arg(cmd, st, a.root, &root), number = 0;
	struct buf docx = BUF_INIT, xlsx = BUF_INIT, err = BUF_INIT;
	if (!status) {
		rc = bulletin_make(st, root, quarter, date, a.issue, cli_actor(), &docx, &xlsx, &id,
				   &number, &err);
		if (rc) {
			cli_error(cmd, "%s", buf_cstr(&err));
			status = status_of(rc);
		}
	}
	if (!status && a.docx)
		status = write_file(cmd, a.docx, &docx);
	if (!status && a.xlsx)
		status = write_file(cmd, a.xlsx, &xlsx);
	if (!status) {
		char title[96];
		assess_bulletin_title(quarter, title);
		if (a.issue)
			printf("已印发%s（第%d期，编号 %lld）\n", title, number, id);
		else
			printf("已生成%s（草稿）\n", title);
	}
	buf_free(&docx);
	buf_free(&xlsx);
	buf_free(&err);
	store_close(st);
	return status;
}

static int assess_bulletins(int argc, char **argv)
{
	static const char cmd[] = "assess bulletins";
	struct assess_args a;
	int rc = parse(cmd, argc, argv, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct bulletin_row *v;
	size_t n;
	int status = CLI_OK;
	if ((rc = store_bulletin_list(st, ar, NULL, 0, &v, &n))) {
		status = cli_error(cmd, "无法读取通报：%s", zf_strerror(rc));
	} else {
		printf("编号\t期号\t季度\t标题\t印发人\t印发时间\n");
		for (size_t i = 0; i < n; i++) {
			char qk[8];
			assess_quarter_key(v[i].quarter, qk);
			printf("%lld\t第%d期\t%s\t%s\t%s\t%s\n", v[i].id, v[i].number, qk,
			       v[i].title, v[i].issued_by, v[i].issued_at);
		}
	}
	arena_free(ar);
	store_close(st);
	return status;
}

/* "12:3" or "12:3:张某、李某" */
static int attend_arg(const char *cmd, const char *s, struct training_attendee *out)
{
	char *end;
	memset(out, 0, sizeof(*out));
	long long id = strtoll(s, &end, 10);
	if (id <= 0 || *end != ':')
		return cli_error(cmd, "--attend 应写作 机关编号:人数[:姓名]，如 3:2:张某、李某");
	long p = strtol(end + 1, &end, 10);
	if (p < 1 || p > 10000 || (*end && *end != ':'))
		return cli_error(cmd, "--attend 的人数应在1至10000之间");
	out->agency_id = id;
	out->persons = (int)p;
	out->names = *end == ':' ? end + 1 : "";
	return 0;
}

static int training_add(const char *cmd, const struct assess_args *a, struct store *st)
{
	struct training_fields f = {0};
	struct training_attendee att[ATTEND_MAX];
	if (!a->date || cli_parse_day(cmd, "--date", a->date, &f.held_on))
		return a->date ? CLI_USAGE : cli_error(cmd, "请用 --date 指定培训日期");
	if (!a->title)
		return cli_error(cmd, "请用 --title 指定培训名称");
	if (!a->organiser || cli_parse_id(cmd, "主办机关编号", a->organiser, &f.organiser_id))
		return a->organiser ? CLI_USAGE : cli_error(cmd, "请用 --organiser 指定主办机关");
	if (!a->hours || assess_points_parse(a->hours, &f.hours))
		return cli_error(cmd, "--hours 应为学时（最多一位小数），如 3.5");
	f.title = a->title;
	f.note = a->note ? a->note : "";
	for (size_t i = 0; i < a->nattend; i++)
		if (attend_arg(cmd, a->attend[i], &att[i]))
			return CLI_USAGE;
	struct buf err = BUF_INIT;
	long long id = 0;
	int rc = store_training_save(st, cli_actor(), 0, &f, att, a->nattend, &id, &err);
	int status = CLI_OK;
	if (rc) {
		cli_error(cmd, "%s", buf_cstr(&err));
		status = status_of(rc);
	} else {
		printf("已登记培训（编号 %lld）\n", id);
	}
	buf_free(&err);
	return status;
}

static int training_list(const char *cmd, const struct assess_args *a, struct store *st)
{
	zf_day from = 0, to = 0;
	if (a->from && cli_parse_day(cmd, "--from", a->from, &from))
		return CLI_USAGE;
	if (a->to && cli_parse_day(cmd, "--to", a->to, &to))
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct training_session *v;
	size_t n;
	int rc = store_training_list(st, ar, from, to, NULL, 0, &v, &n), status = CLI_OK;
	if (rc) {
		arena_free(ar);
		return cli_error(cmd, "无法读取培训记录：%s", zf_strerror(rc));
	}
	static const char *const heads[] = {"编号", "日期",	"培训名称", "主办单位",
					    "学时", "参训单位", "参训人数"};
	const char **cells = arena_alloc(ar, (n + 1) * 7 * sizeof(*cells));
	printf("编号\t日期\t培训名称\t主办单位\t学时\t参训单位\t参训人数\n");
	for (size_t i = 0; cells && i < n; i++) {
		char day[11], hours[16];
		date_format(v[i].f.held_on, day);
		assess_points_str(v[i].f.hours, hours);
		const char **c = &cells[i * 7];
		c[0] = arena_printf(ar, "%lld", v[i].id);
		c[1] = arena_strdup(ar, day);
		c[2] = v[i].f.title;
		c[3] = v[i].organiser_name;
		c[4] = arena_strdup(ar, hours);
		c[5] = arena_printf(ar, "%zu", v[i].natt);
		c[6] = arena_printf(ar, "%lld", v[i].persons);
		printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
	}
	if (a->xlsx && cells) {
		struct buf x = BUF_INIT;
		if (xlsx_table("培训记录", "政务公开培训记录", heads, 7, cells, n, &x))
			status = cli_error(cmd, "无法生成 Excel 文件");
		else
			status = write_file(cmd, a->xlsx, &x);
		buf_free(&x);
	}
	arena_free(ar);
	return status;
}

static int assess_training(int argc, char **argv)
{
	static const char cmd[] = "assess training";
	if (argc < 2)
		return cli_error(cmd, "请给出 list 或 add（见 --help）");
	const char *what = argv[1];
	struct assess_args a;
	int rc = parse(cmd, argc - 1, argv + 1, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	if (strcmp(what, "list") && strcmp(what, "add"))
		return cli_error(cmd, "没有“%s”这个子命令（list 或 add）", what);
	struct store *st = cli_store_open(cmd, a.db);
	if (!st)
		return CLI_USAGE;
	int status = !strcmp(what, "add") ? training_add(cmd, &a, st) : training_list(cmd, &a, st);
	store_close(st);
	return status;
}

int cmd_assess(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"scheme", assess_scheme},	   {"score", assess_score_run},
	    {"scores", assess_scores_run}, {"manual", assess_manual},
	    {"bulletin", assess_bulletin}, {"bulletins", assess_bulletins},
	    {"training", assess_training},
	};
	if (argc < 2) {
		fputs(help_assess, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_assess, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	return cli_error("assess", "没有“%s”这个子命令（见 zfxxgk assess --help）", sub);
}
