/* cmd_calendar.c: `zfxxgk calendar`: show a year's working days, look up a day, and register a
 * new year's schedule (国务院办公厅关于××年部分节假日安排的通知) or local days off. */
#include "common.h"
#include "cli.h"
#include "law/calendar.h"
#include "utf8.h"

#include <getopt.h>
#include <jansson.h>
#include <sys/stat.h>

static const char help[] =
    "用法：\n"
    "  zfxxgk calendar [年份] [--json]          显示一年的工作日历（默认今年）\n"
    "  zfxxgk calendar 日期                     查询某一天是否为工作日\n"
    "  zfxxgk calendar coverage                 显示日历收录了哪些年份的国务院安排\n"
    "  zfxxgk calendar add [选项]               登记新公布的节假日安排或地方性假日\n"
    "\n"
    "工作日：周一至周五，但国务院安排放假的日子除外；调休上班的周六、周日算工作日。\n"
    "日历内置 2008–2026 年的国务院安排（data/cn-calendar.tsv）。国务院每年 11 月前后公布\n"
    "下一年的安排，公布前按《全国年节及纪念日放假办法》推算法定节假日（未计调休，标为暂定），\n"
    "公布后请用 calendar add 登记；登记的内容保存在 var/calendar.tsv\n"
    "（可用环境变量 ZFXXGK_CALENDAR 改为其他文件），deadline 等命令会自动载入。\n"
    "\n"
    "calendar add 的选项：\n"
    "  --name 名称            本次登记的节日名称，例如 春节（必填，除非用 --file）\n"
    "  --off 日期[..日期]     放假的日子或起止区间，可重复\n"
    "  --work 日期            调休上班的周六或周日，可重复\n"
    "  --local-off 日期[..日期]  本地区另行放假的日子（如民族自治地方的节日），可重复\n"
    "  --file 文件            从文件批量登记（每行：日期<TAB>off|work|local-off<TAB>名称）\n"
    "  --force                该年已有安排时仍然登记（用于更正）\n"
    "  --dry-run              只检查并显示将要登记的内容，不写入\n"
    "\n"
    "示例：\n"
    "  zfxxgk calendar 2026\n"
    "  zfxxgk calendar 2026-02-14\n"
    "  zfxxgk calendar add --name 元旦 --off 2027-01-01..2027-01-03\n"
    "  zfxxgk calendar add --name 春节 --off 2027-02-06..2027-02-14 --work 2027-02-20\n"
    "  zfxxgk calendar add --file 2027年节假日安排.tsv\n";

static const char *kind_zh(enum cal_kind k)
{
	switch (k) {
	case CAL_OFF: return "放假";
	case CAL_WORK: return "调休上班";
	case CAL_LOCAL_OFF: return "地方性假日";
	case CAL_NONE: break;
	}
	return "";
}

static const char *kind_key(enum cal_kind k)
{
	switch (k) {
	case CAL_OFF: return "off";
	case CAL_WORK: return "work";
	case CAL_LOCAL_OFF: return "local-off";
	case CAL_NONE: break;
	}
	return "none";
}

static void describe_day(const struct calendar *cal, zf_day d)
{
	char ds[11];
	const char *name;
	enum cal_kind k = cal_kind(cal, d, &name);
	bool working = cal_is_working(cal, d);
	printf("%s（%s）：%s", date_format(d, ds), date_weekday_zh(d),
	       working ? "工作日" : "休息日");
	if (k != CAL_NONE)
		printf("（%s%s%s）", name, kind_zh(k), cal_is_estimated(cal, d) ? "，推算" : "");
	else if (!working)
		printf("（周末）");
	int y = date_to_ymd(d).y;
	if (!cal_year_covered(cal, y) && y >= CAL_EST_FIRST_YEAR)
		printf("；注意：%d年的放假安排国务院尚未公布，已按《全国年节及纪念日放假办法》推算"
		       "法定节假日（未计调休），为暂定日期",
		       y);
	else if (!cal_year_covered(cal, y))
		printf("；注意：%d 年的国务院安排尚未登记（日历未覆盖），此结果仅按周一至周五推算",
		       y);
	putchar('\n');
}

static void show_year_text(const struct calendar *cal, int year)
{
	static const char *wd[] = {"一", "二", "三", "四", "五", "六", "日"};
	int total = 0;
	bool covered = cal_year_covered(cal, year);
	printf("%d 年工作日历%s\n", year,
	       covered ? "（已收录国务院办公厅节假日安排）"
	       : year >= CAL_EST_FIRST_YEAR
		   ? "（注意：该年放假安排国务院尚未公布，下表已按《全国年节"
		     "及纪念日放假办法》推算法定节假日，未计调休，为暂定）"
		   : "（注意：该年国务院安排尚未登记，日历未覆盖，下表只按周一"
		     "至周五推算）");
	printf("图例：数字后“休”为放假，“班”为调休上班，“地”为地方性假日\n");
	for (int m = 1; m <= 12; m++) {
		zf_day first = date_from_ymd(year, m, 1);
		int n = date_days_in_month(year, m);
		int working = cal_count_working_days(cal, first - 1, first + n - 1);
		total += working;
		printf("\n%d 月（工作日 %d 天）\n", m, working);
		for (int i = 0; i < 7; i++)
			printf("  %s", wd[i]);
		putchar('\n');
		int col = date_weekday(first) - 1;
		for (int i = 0; i < col; i++)
			fputs("    ", stdout);
		for (int d = 1; d <= n; d++) {
			enum cal_kind k = cal_kind(cal, first + d - 1, NULL);
			const char *mark = k == CAL_OFF		? "休"
					   : k == CAL_WORK	? "班"
					   : k == CAL_LOCAL_OFF ? "地"
								: "  ";
			printf("%2d%s", d, mark);
			if (++col == 7 && d < n) {
				putchar('\n');
				col = 0;
			}
		}
		putchar('\n');
	}
	printf(cal_year_covered(cal, year) || year < CAL_EST_FIRST_YEAR
		   ? "\n节假日安排：\n"
		   : "\n节假日安排（按法定节假日推算，未计调休）：\n");
	zf_day end = date_from_ymd(year, 12, 31);
	bool any = false;
	for (zf_day d = date_from_ymd(year, 1, 1); d <= end; d++) {
		const char *name, *n2;
		enum cal_kind k = cal_kind(cal, d, &name);
		if (k == CAL_NONE)
			continue;
		zf_day e = d;
		while (e < end && cal_kind(cal, e + 1, &n2) == k && strcmp(n2, name) == 0)
			e++;
		char a[11], b[11];
		if (e == d)
			printf("  %s（%s）  %s %s\n", date_format(d, a), date_weekday_zh(d), name,
			       kind_zh(k));
		else
			printf("  %s 至 %s  %s %s（%d 天）\n", date_format(d, a), date_format(e, b),
			       name, kind_zh(k), (int)(e - d + 1));
		d = e;
		any = true;
	}
	if (!any)
		printf("  （无）\n");
	printf("\n全年工作日 %d 天。\n", total);
}

static int show_year_json(const struct calendar *cal, int year)
{
	json_t *days = json_array();
	zf_day end = date_from_ymd(year, 12, 31);
	int total = 0;
	for (zf_day d = date_from_ymd(year, 1, 1); d <= end; d++) {
		const char *name;
		enum cal_kind k = cal_kind(cal, d, &name);
		total += cal_is_working(cal, d);
		if (k == CAL_NONE)
			continue;
		char ds[11];
		json_array_append_new(days,
				      json_pack("{s:s, s:s, s:s, s:b}", "date", date_format(d, ds),
						"kind", kind_key(k), "name", name, "estimated",
						cal_is_estimated(cal, d)));
	}
	json_t *o = json_pack("{s:i, s:b, s:i, s:o}", "year", year, "covered",
			      cal_year_covered(cal, year), "working_days", total, "days", days);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
	return CLI_OK;
}

/* Parses "DATE" or "DATE..DATE" into [from, to]. */
static int parse_range(const char *arg, zf_day *from, zf_day *to)
{
	struct str s = str_c(arg);
	const char *dots = strstr(arg, "..");
	if (!dots)
		return date_parse(s, from) || (*to = *from, 0);
	struct str a = {arg, (size_t)(dots - arg)}, b = str_c(dots + 2);
	if (date_parse(a, from) || date_parse(b, to) || *to < *from || *to - *from > 60)
		return ZF_EINVAL;
	return 0;
}

struct pending {
	zf_day day;
	enum cal_kind kind;
	char name[208];
};

static int cmd_add(int argc, char **argv)
{
	enum { OPT_NAME = 256, OPT_OFF, OPT_WORK, OPT_LOCAL, OPT_FILE, OPT_FORCE, OPT_DRY };
	static const struct option opts[] = {
	    {"name", required_argument, NULL, OPT_NAME},
	    {"off", required_argument, NULL, OPT_OFF},
	    {"work", required_argument, NULL, OPT_WORK},
	    {"local-off", required_argument, NULL, OPT_LOCAL},
	    {"file", required_argument, NULL, OPT_FILE},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"dry-run", no_argument, NULL, OPT_DRY},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *file = NULL;
	bool force = false, dry = false;
	struct {
		const char *arg;
		enum cal_kind kind;
	} specs[128];
	size_t nspecs = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_NAME: name = optarg; break;
		case OPT_FILE: file = optarg; break;
		case OPT_FORCE: force = true; break;
		case OPT_DRY: dry = true; break;
		case OPT_OFF:
		case OPT_WORK:
		case OPT_LOCAL:
			if (nspecs == ARRAY_SIZE(specs))
				return cli_error("calendar add", "一次最多登记 %zu 项",
						 ARRAY_SIZE(specs));
			specs[nspecs].arg = optarg;
			specs[nspecs++].kind = c == OPT_OFF    ? CAL_OFF
					       : c == OPT_WORK ? CAL_WORK
							       : CAL_LOCAL_OFF;
			break;
		default:
			return cli_error("calendar add",
					 "未知选项或缺少参数：%s（见 zfxxgk calendar --help）",
					 argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_error("calendar add", "多余的参数“%s”", argv[optind]);
	if (!file && !nspecs)
		return cli_error("calendar add",
				 "没有要登记的内容：请给出 --off、--work、--local-off 或 --file");
	if (nspecs && (!name || !*name))
		return cli_error("calendar add", "请用 --name 给出节日名称，例如 --name 春节");
	if (name &&
	    (strlen(name) > 200 || !utf8_valid(name, strlen(name)) || strpbrk(name, "\t\n\r")))
		return cli_error("calendar add",
				 "节日名称无效（须为不含制表符、换行的文本，最长 200 字节）");

	struct calendar *cal = cli_load_calendar("calendar add", NULL, 0);
	struct calendar *add = cal_new();
	struct buf out = BUF_INIT, err = BUF_INIT, text = BUF_INIT;
	int status = CLI_USAGE;
	if (!cal || !add)
		goto done;
	if (file) {
		int rc = buf_read_file(&text, file, 1u << 20);
		if (rc) {
			cli_error("calendar add", "无法读取 %s：%s", file, zf_strerror(rc));
			goto done;
		}
		if (cal_load_tsv(add, buf_str(&text), file, &err)) {
			cli_error("calendar add", "%s", buf_cstr(&err));
			goto done;
		}
	}
	for (size_t i = 0; i < nspecs; i++) {
		zf_day from, to;
		if (parse_range(specs[i].arg, &from, &to)) {
			cli_error("calendar add",
				  "日期“%s”无效：应为 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD（不超过 "
				  "60 天）",
				  specs[i].arg);
			goto done;
		}
		for (zf_day d = from; d <= to; d++) {
			enum cal_kind old = cal_entry(add, d, NULL);
			char ds[11];
			if (old != CAL_NONE && old != specs[i].kind) {
				cli_error("calendar add", "%s 同时被登记为%s和%s",
					  date_format(d, ds), kind_zh(old), kind_zh(specs[i].kind));
				goto done;
			}
			if (cal_set(add, d, specs[i].kind, name)) {
				cli_error("calendar add", "%s 超出日历范围（%d–%d 年）",
					  date_format(d, ds), CAL_FIRST_YEAR, CAL_LAST_YEAR);
				goto done;
			}
		}
	}
	/* Check every new line against what is already known, then write them all or nothing. */
	int count = 0, warnings = 0;
	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		zf_day end = date_from_ymd(y, 12, 31);
		bool year_has = false;
		for (zf_day d = date_from_ymd(y, 1, 1); d <= end; d++) {
			const char *n, *oldname;
			enum cal_kind k = cal_entry(add, d, &n);
			if (k == CAL_NONE)
				continue;
			char ds[11];
			date_format(d, ds);
			enum cal_kind old = cal_entry(cal, d, &oldname);
			if (old == k && strcmp(oldname, n) == 0) {
				printf("  %s 已登记为%s%s，跳过\n", ds, n, kind_zh(k));
				continue;
			}
			if (old != CAL_NONE && !force) {
				cli_error(
				    "calendar add",
				    "%s 已登记为%s%s，与本次登记（%s%s）矛盾；如确需更正，请加 "
				    "--force",
				    ds, oldname, kind_zh(old), n, kind_zh(k));
				goto done;
			}
			if (k == CAL_WORK && date_weekday(d) <= 5) {
				fprintf(stderr,
					"zfxxgk calendar add: 提醒：%s 是%s，本来就是工作日\n", ds,
					date_weekday_zh(d));
				warnings++;
			}
			if (k != CAL_WORK && date_weekday(d) >= 6 && k == CAL_LOCAL_OFF) {
				fprintf(stderr,
					"zfxxgk calendar add: 提醒：%s 是%s，本来就不上班\n", ds,
					date_weekday_zh(d));
				warnings++;
			}
			year_has = year_has || k != CAL_LOCAL_OFF;
			buf_printf(&out, "%s\t%s\t%s\n", ds, kind_key(k), n);
			printf("  %s（%s）%s %s\n", ds, date_weekday_zh(d), n, kind_zh(k));
			count++;
		}
		if (year_has && cal_year_covered(cal, y) && !force) {
			/* Lines for a year whose schedule is complete: refuse unless corrected on
			 * purpose. */
			cli_error("calendar add",
				  "%d 年的国务院安排已经收录；如确需补充或更正，请加 --force", y);
			goto done;
		}
	}
	if (!count) {
		printf("没有需要登记的新内容。\n");
		status = CLI_OK;
		goto done;
	}
	if (dry) {
		printf("（试运行）以上 %d 项检查通过，未写入。\n", count);
		status = CLI_OK;
		goto done;
	}
	const char *path = cli_calendar_file();
	struct stat st;
	bool fresh = stat(path, &st) != 0;
	FILE *f = fopen(path, "a");
	if (!f && errno == ENOENT) {
		/* var/ does not exist yet in a fresh checkout */
		if (strchr(path, '/')) {
			char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
			mkdir(dir, 0755);
			free(dir);
		}
		f = fopen(path, "a");
	}
	if (!f) {
		cli_error("calendar add", "无法写入 %s：%s", path, strerror(errno));
		goto done;
	}
	if (fresh)
		fputs("date\tkind\tname\n", f);
	fwrite(out.p, 1, out.len, f);
	if (fclose(f)) {
		cli_error("calendar add", "写入 %s 失败：%s", path, strerror(errno));
		goto done;
	}
	printf("已登记 %d 项，保存在 %s%s。\n", count, path, warnings ? "（有提醒，请核对）" : "");
	status = CLI_OK;
done:
	buf_free(&out);
	buf_free(&err);
	buf_free(&text);
	cal_free(add);
	cal_free(cal);
	return status;
}

int cmd_calendar(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return cmd_add(argc - 1, argv + 1);
	bool json = false;
	const char *arg = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (argv[i][0] == '-')
			return cli_error("calendar", "未知选项 %s（见 zfxxgk calendar --help）",
					 argv[i]);
		else if (!arg)
			arg = argv[i];
		else
			return cli_error("calendar", "多余的参数“%s”", argv[i]);
	}
	struct calendar *cal = cli_load_calendar("calendar", NULL, 0);
	if (!cal)
		return CLI_USAGE;
	int status = CLI_OK;
	long year;
	zf_day day;
	if (arg && strcmp(arg, "coverage") == 0) {
		int first, last;
		cal_coverage(cal, &first, &last);
		printf("已收录国务院节假日安排的年份：");
		int run_start = 0;
		for (int y = first; y <= last + 1; y++) {
			bool cov = y <= last && cal_year_covered(cal, y);
			if (cov && !run_start)
				run_start = y;
			if (!cov && run_start) {
				printf(run_start == y - 1 ? "%d " : "%d–%d ", run_start, y - 1);
				run_start = 0;
			}
		}
		printf(
		    "\n未收录的年份中，%d 年以后的按《全国年节及纪念日放假办法》推算法定节假日（未"
		    "计调休），更早的按周一至周五推算；相关期限标为“暂定”。\n",
		    CAL_EST_FIRST_YEAR);
	} else if (arg && strlen(arg) == 10 && arg[4] == '-') {
		int rc = date_parse(str_c(arg), &day);
		if (rc) {
			status = cli_error("calendar", "“%s”不是真实存在的日期", arg);
		} else {
			describe_day(cal, day);
		}
	} else {
		if (!arg)
			year = date_to_ymd(date_today()).y;
		else if (str_to_long(str_c(arg), &year) || year < CAL_FIRST_YEAR ||
			 year > CAL_LAST_YEAR) {
			status = cli_error("calendar",
					   "“%s”不是 %d–%d 之间的年份，也不是 YYYY-MM-DD 日期", arg,
					   CAL_FIRST_YEAR, CAL_LAST_YEAR);
			goto out;
		}
		if (json)
			status = show_year_json(cal, (int)year);
		else
			show_year_text(cal, (int)year);
	}
out:
	cal_free(cal);
	return status;
}
