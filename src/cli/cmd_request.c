/* cmd_request.c: `zfxxgk request add|event|show|list|rebuild`: register disclosure requests
 * and their dated events in the database; every event is checked by the clock first. rebuild
 * computes what is kept beside every request again (after a calendar update). */
#include "common.h"
#include "arena.h"
#include "cli.h"
#include "cli_store.h"
#include "law/calendar.h"
#include "law/decision.h"
#include "store/requests.h"

#include <getopt.h>
#include <unistd.h>

static const char help_request[] =
    "用法：zfxxgk request <子命令> [选项]\n\n"
    "登记和办理依申请公开的申请。申请的状态、答复期限和年度报告中的行都由事件推算。\n\n"
    "子命令：\n"
    "  add     登记一件新申请（同时记录“收到申请”事件）\n"
    "  event   为申请追加一个事件（补正、征求意见、延期、收费、答复、撤回……）\n"
    "  show    显示一件申请、它的事件和答复期限\n"
    "  list    列出申请\n"
    "  rebuild 按事件和当前日历重新推算每件申请的状态、办结日期、年度报告的行和答复期限\n\n"
    "每个子命令都有帮助：zfxxgk request <子命令> --help\n";

static const char help_add[] =
    "用法：zfxxgk request add --agency 编号 --received 日期 --name 姓名 --description 内容 "
    "[选项]\n\n"
    "登记一件新申请。\n\n"
    "选项：\n"
    "  --db 数据库            SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --agency 编号          受理机关的编号（见 zfxxgk demo 的输出）\n"
    "  --received 日期        收到申请之日，YYYY-MM-DD\n"
    "  --arrived 日期         实际送达日期（早于收到申请之日时填写）\n"
    "  --channel 方式         in_person（当面）、post（邮寄）、letter（平常信函）、\n"
    "                         online（网络，默认）、fax（传真）\n"
    "  --applicant-type 类型  natural_person（自然人，默认）、commercial、research、\n"
    "                         social_welfare、legal_service、other（也可写中文名称）\n"
    "  --name 姓名            申请人姓名或名称\n"
    "  --id-no 号码           身份证号或统一社会信用代码（个人信息，不写入日志）\n"
    "  --phone 电话           联系电话（个人信息，不写入日志）\n"
    "  --address 地址         通讯地址（个人信息，不写入日志）\n"
    "  --description 内容     申请公开的政府信息\n"
    "  -h, --help             显示本帮助\n";

static const char help_event[] =
    "用法：zfxxgk request event 申请编号 --kind 事件 --on 日期 [选项]\n\n"
    "为申请追加一个事件。事件先按法定时限规则检查，不成立的不会保存。\n\n"
    "事件（--kind）：\n%s\n"
    "选项：\n"
    "  --db 数据库        SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --on 日期          事件日期，YYYY-MM-DD\n"
    "  --until 日期       告知补正：给申请人的补正期限\n"
    "  --party 对象       征求意见：third_party（第三方，默认）或 co_maker（共同制作机关）\n"
    "  --who 名称         征求意见：被征求意见的单位或个人\n"
    "  --delivered 日期   征求意见函、收费通知送达之日（默认同 --on）\n"
    "  --days 天数        批准延期：延长的工作日数（1–20）\n"
    "  --approver 姓名    批准延期：批准的负责人\n"
    "  --decision 结果    答复：年度报告表三的行，例如 granted、withheld_state_secret\n"
    "  --letter-no 文号   答复：答复书编号\n"
    "  -h, --help         显示本帮助\n";

static const char help_show[] =
    "用法：zfxxgk request show 申请编号 [--db 数据库]\n\n"
    "显示申请（含申请人信息）、全部事件、当前状态和答复期限。\n\n"
    "选项：\n"
    "  --db 数据库  SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help   显示本帮助\n";

static const char help_rebuild[] =
    "用法：zfxxgk request rebuild [--db 数据库]\n\n"
    "按每件申请的事件和当前的日历（含 zfxxgk calendar add 登记的安排）重新推算\n"
    "状态、办结日期、年度报告中的行和答复期限，改正与推算结果不一致的记录。\n"
    "日历更新后（例如登记了新一年的放假安排）运行一次；可以重复运行。\n"
    "分批提交，每批一条审计记录；在终端上显示进度。\n\n"
    "选项：\n"
    "  --db 数据库  SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  -h, --help   显示本帮助\n\n"
    "退出状态：0 = 完成；1 = 有申请的事件按当前日历不再成立（保持原样，见输出）；\n"
    "2 = 无法打开数据库或出错。\n";

static const char help_list[] =
    "用法：zfxxgk request list [--agency 编号] [--limit 条数] "
    "[--db 数据库]\n\n"
    "列出申请，最新收到的在前（不显示申请人信息）。\n\n"
    "选项：\n"
    "  --db 数据库       SQLite 文件（默认 var/zfxxgk.db）或 postgresql://… 地址\n"
    "  --agency 编号     只列出该机关的申请\n"
    "  --limit 条数      最多列出多少条（默认 50，0 = 全部）\n"
    "  -h, --help        显示本帮助\n";

enum {
	OPT_DB = 256,
	OPT_AGENCY,
	OPT_RECEIVED,
	OPT_ARRIVED,
	OPT_CHANNEL,
	OPT_TYPE,
	OPT_NAME,
	OPT_ID_NO,
	OPT_PHONE,
	OPT_ADDRESS,
	OPT_DESCRIPTION,
	OPT_KIND,
	OPT_ON,
	OPT_UNTIL,
	OPT_PARTY,
	OPT_WHO,
	OPT_DELIVERED,
	OPT_DAYS,
	OPT_APPROVER,
	OPT_DECISION,
	OPT_LETTER_NO,
	OPT_LIMIT,
};

static const struct option request_opts[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"agency", required_argument, NULL, OPT_AGENCY},
    {"received", required_argument, NULL, OPT_RECEIVED},
    {"arrived", required_argument, NULL, OPT_ARRIVED},
    {"channel", required_argument, NULL, OPT_CHANNEL},
    {"applicant-type", required_argument, NULL, OPT_TYPE},
    {"name", required_argument, NULL, OPT_NAME},
    {"id-no", required_argument, NULL, OPT_ID_NO},
    {"phone", required_argument, NULL, OPT_PHONE},
    {"address", required_argument, NULL, OPT_ADDRESS},
    {"description", required_argument, NULL, OPT_DESCRIPTION},
    {"kind", required_argument, NULL, OPT_KIND},
    {"on", required_argument, NULL, OPT_ON},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"party", required_argument, NULL, OPT_PARTY},
    {"who", required_argument, NULL, OPT_WHO},
    {"delivered", required_argument, NULL, OPT_DELIVERED},
    {"days", required_argument, NULL, OPT_DAYS},
    {"approver", required_argument, NULL, OPT_APPROVER},
    {"decision", required_argument, NULL, OPT_DECISION},
    {"letter-no", required_argument, NULL, OPT_LETTER_NO},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Every option of every subcommand, as text; each subcommand says which it accepts. */
struct request_args {
	const char *v[OPT_LIMIT - OPT_DB + 1];
	const char *positional;
};

#define ARG(a, opt) ((a)->v[(opt)-OPT_DB])

/* Parses argv; `allowed` lists the options the subcommand takes. Returns 0, CLI_OK + 100
 * when help was printed, or CLI_USAGE. */
static int parse_args(const char *cmd, int argc, char **argv, const int *allowed, const char *help,
		      bool positional, struct request_args *a)
{
	memset(a, 0, sizeof(*a));
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", request_opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return 100;
		}
		bool ok = false;
		for (const int *p = allowed; *p; p++)
			ok |= *p == c;
		if (c < OPT_DB || !ok)
			return cli_error(cmd, "不认识的选项或缺少参数：%s（见 --help）",
					 argv[optind - 1]);
		ARG(a, c) = optarg;
	}
	if (positional) {
		if (optind != argc - 1)
			return cli_error(cmd, "请给出一个申请编号（见 --help）");
		a->positional = argv[optind];
	} else if (optind != argc) {
		return cli_error(cmd, "多余的参数“%s”（见 --help）", argv[optind]);
	}
	if (!ARG(a, OPT_DB))
		ARG(a, OPT_DB) = CLI_DB_FILE;
	return 0;
}

static int request_add(int argc, char **argv)
{
	static const char cmd[] = "request add";
	static const int allowed[] = {OPT_DB,	   OPT_AGENCY,	OPT_RECEIVED,	 OPT_ARRIVED,
				      OPT_CHANNEL, OPT_TYPE,	OPT_NAME,	 OPT_ID_NO,
				      OPT_PHONE,   OPT_ADDRESS, OPT_DESCRIPTION, 0};
	struct request_args a;
	int rc = parse_args(cmd, argc, argv, allowed, help_add, false, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct request_new rq = {0};
	struct clock_event ev = {.kind = CLOCK_RECEIVED, .channel = CLOCK_ONLINE};
	if (!ARG(&a, OPT_AGENCY) || !ARG(&a, OPT_RECEIVED) || !ARG(&a, OPT_NAME) ||
	    !ARG(&a, OPT_DESCRIPTION))
		return cli_error(cmd, "--agency、--received、--name 和 --description 都必须给出");
	if (cli_parse_id(cmd, "机关编号", ARG(&a, OPT_AGENCY), &rq.agency_id) ||
	    cli_parse_day(cmd, "收到申请之日", ARG(&a, OPT_RECEIVED), &ev.on) ||
	    (ARG(&a, OPT_ARRIVED) &&
	     cli_parse_day(cmd, "送达日期", ARG(&a, OPT_ARRIVED), &ev.arrived)))
		return CLI_USAGE;
	if (ARG(&a, OPT_CHANNEL)) {
		int ch = clock_channel_by_key(str_c(ARG(&a, OPT_CHANNEL)));
		if (ch < 0)
			return cli_error(
			    cmd, "申请方式“%s”不对，应为 in_person、post、letter、online 或 fax",
			    ARG(&a, OPT_CHANNEL));
		ev.channel = (enum clock_channel)ch;
	}
	rq.applicant_type = REPORT_COL_NATURAL_PERSON;
	if (ARG(&a, OPT_TYPE) && cli_parse_applicant(cmd, ARG(&a, OPT_TYPE), &rq.applicant_type))
		return CLI_USAGE;
	rq.applicant_name = ARG(&a, OPT_NAME);
	rq.id_no = ARG(&a, OPT_ID_NO);
	rq.phone = ARG(&a, OPT_PHONE);
	rq.address = ARG(&a, OPT_ADDRESS);
	rq.description = ARG(&a, OPT_DESCRIPTION);

	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&a, OPT_DB));
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct buf err = BUF_INIT;
	long long id = 0;
	rc = store_request_add(st, cli_actor(), cal, &rq, &ev, 1, &id, &err);
	int status = CLI_OK;
	if (rc)
		status = cli_error(cmd, "%s", buf_cstr(&err));
	else
		printf("已登记申请，编号 %lld\n", id);
	buf_free(&err);
	store_close(st);
	cal_free(cal);
	return status;
}

static int request_event(int argc, char **argv)
{
	static const char cmd[] = "request event";
	static const int allowed[] = {
	    OPT_DB,	   OPT_KIND,	  OPT_ON,   OPT_UNTIL,	  OPT_PARTY,
	    OPT_WHO,	   OPT_DELIVERED, OPT_DAYS, OPT_APPROVER, OPT_DECISION,
	    OPT_LETTER_NO, OPT_ARRIVED,	  0};
	struct buf kinds = BUF_INIT;
	for (int k = CLOCK_SUPPLEMENT_REQUESTED; k < CLOCK_EVENT_KINDS; k++)
		buf_printf(&kinds, "  %-24s %s\n", clock_event_key(k), clock_event_label(k));
	char *help = xasprintf(help_event, buf_cstr(&kinds));
	buf_free(&kinds);
	struct request_args a;
	int rc = parse_args(cmd, argc, argv, allowed, help, true, &a);
	free(help);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long id = 0;
	struct clock_event ev = {0};
	if (cli_parse_id(cmd, "申请编号", a.positional, &id))
		return CLI_USAGE;
	if (!ARG(&a, OPT_KIND) || !ARG(&a, OPT_ON))
		return cli_error(cmd, "--kind 和 --on 都必须给出");
	int k = clock_event_kind_by_key(str_c(ARG(&a, OPT_KIND)));
	if (k < 0 || k == CLOCK_RECEIVED)
		return cli_error(cmd, "事件“%s”不对（可用的事件见 zfxxgk request event --help）",
				 ARG(&a, OPT_KIND));
	ev.kind = (enum clock_event_kind)k;
	if (cli_parse_day(cmd, "事件日期", ARG(&a, OPT_ON), &ev.on) ||
	    (ARG(&a, OPT_UNTIL) && cli_parse_day(cmd, "补正期限", ARG(&a, OPT_UNTIL), &ev.until)) ||
	    (ARG(&a, OPT_DELIVERED) &&
	     cli_parse_day(cmd, "送达日期", ARG(&a, OPT_DELIVERED), &ev.delivered)) ||
	    (ARG(&a, OPT_DAYS) &&
	     cli_parse_int(cmd, "延期天数", ARG(&a, OPT_DAYS), 1, 20, &ev.days)))
		return CLI_USAGE;
	if (ARG(&a, OPT_PARTY)) {
		int p = clock_party_by_key(str_c(ARG(&a, OPT_PARTY)));
		if (p < 0)
			return cli_error(cmd, "征求意见对象“%s”不对，应为 third_party 或 co_maker",
					 ARG(&a, OPT_PARTY));
		ev.party = (enum clock_party)p;
	}
	ev.who = ARG(&a, OPT_WHO);
	ev.approver = ARG(&a, OPT_APPROVER);
	ev.letter_no = ARG(&a, OPT_LETTER_NO);
	ev.decision = ARG(&a, OPT_DECISION);
	if (ev.kind == CLOCK_REPLIED) {
		const struct decision *d;
		struct buf err = BUF_INIT;
		if (!ev.decision) {
			buf_free(&err);
			return cli_error(cmd, "答复必须用 --decision 给出答复结果");
		}
		if (decision_lookup(str_c(ev.decision), &d, &err)) {
			rc = cli_error(cmd, "%s", buf_cstr(&err));
			buf_free(&err);
			return rc;
		}
		buf_free(&err);
	}
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&a, OPT_DB));
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct buf err = BUF_INIT;
	int seq = 0;
	int status = CLI_OK;
	if (store_request_event(st, cli_actor(), cal, id, &ev, &seq, &err))
		status = cli_error(cmd, "%s", buf_cstr(&err));
	else
		printf("已记录申请 %lld 的第 %d 个事件：%s\n", id, seq, clock_event_label(ev.kind));
	buf_free(&err);
	store_close(st);
	cal_free(cal);
	return status;
}

static void print_event(const struct clock_event *e, int seq)
{
	char d[11], d2[11];
	printf("  %2d. %s  %s", seq, date_format(e->on, d), clock_event_label(e->kind));
	switch (e->kind) {
	case CLOCK_RECEIVED:
		printf("（%s", clock_channel_label(e->channel));
		if (e->arrived && e->arrived != e->on)
			printf("，%s 送达", date_format(e->arrived, d2));
		fputs("）", stdout);
		break;
	case CLOCK_SUPPLEMENT_REQUESTED:
		if (e->until)
			printf("（补正期限 %s）", date_format(e->until, d2));
		break;
	case CLOCK_CONSULTATION_STARTED:
	case CLOCK_CONSULTATION_ANSWERED:
	case CLOCK_CONSULTATION_LAPSED:
		printf("（%s%s%s）", clock_party_label(e->party), e->who ? "：" : "",
		       e->who ? e->who : "");
		break;
	case CLOCK_EXTENSION_APPROVED:
		printf("（%d 个工作日，%s 批准）", e->days, e->approver ? e->approver : "");
		break;
	case CLOCK_REPLIED: {
		const struct decision *dec = decision_by_key(e->decision ? e->decision : "");
		printf("：%s", dec ? dec->label : (e->decision ? e->decision : ""));
		if (e->letter_no && *e->letter_no)
			printf("（%s）", e->letter_no);
		break;
	}
	default: break;
	}
	putchar('\n');
}

static int request_show(int argc, char **argv)
{
	static const char cmd[] = "request show";
	static const int allowed[] = {OPT_DB, 0};
	struct request_args a;
	int rc = parse_args(cmd, argc, argv, allowed, help_show, true, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long id = 0;
	if (cli_parse_id(cmd, "申请编号", a.positional, &id))
		return CLI_USAGE;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&a, OPT_DB));
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct arena *ar = arena_new(0);
	struct request_record r;
	int status = CLI_OK;
	rc = store_request_get(st, ar, id, &r);
	if (rc == ZF_ENOENT) {
		status = cli_error(cmd, "没有编号为 %lld 的申请", id);
		goto out;
	} else if (rc) {
		status = cli_error(cmd, "无法读取申请：%s", zf_strerror(rc));
		goto out;
	}
	printf("申请编号：%lld\n受理机关：%s（编号 %lld）\n申请人：%s（%s）\n", r.id, r.agency_name,
	       r.agency_id, r.applicant_name, report_t3_cols[r.applicant_type].label);
	if (*r.id_no)
		printf("证件号码：%s\n", r.id_no);
	if (*r.phone)
		printf("联系电话：%s\n", r.phone);
	if (*r.address)
		printf("通讯地址：%s\n", r.address);
	printf("申请内容：%s\n", r.description);
	struct request_meta meta;
	if (!store_request_meta(st, ar, id, &meta) && meta.handler_user_id)
		printf("经办人：%s\n", meta.handler_name);
	printf("事件：\n");
	for (size_t i = 0; i < r.nevents; i++)
		print_event(&r.events[i], (int)i + 1);
	struct clock_status cs;
	struct buf err = BUF_INIT;
	if (clock_compute(cal, r.events, r.nevents, date_today(), &cs, &err)) {
		status = cli_error(cmd, "事件记录无法推算：%s", buf_cstr(&err));
		buf_free(&err);
		goto out;
	}
	buf_free(&err);
	char d[11];
	printf("状态：%s\n", cs.state_label);
	if (cs.has_due)
		printf("答复期限：%s%s\n", date_format(cs.due, d),
		       cs.provisional ? "（暂定）" : "");
	if (!cs.closed && cs.has_due)
		printf("剩余：%d 个工作日%s\n", cs.working_days_left,
		       cs.overdue ? "（已逾期）" : "");
	if (cs.closed) {
		printf("办结日期：%s\n", date_format(cs.closed_on, d));
		int row = report_t3_row_by_key(cs.report_row);
		printf("年度报告：表三 %s\n", row >= 0 ? report_t3_row_full_label(row) : "?");
	}
	clock_status_free(&cs);
out:
	arena_free(ar);
	store_close(st);
	cal_free(cal);
	return status;
}

static int request_list(int argc, char **argv)
{
	static const char cmd[] = "request list";
	static const int allowed[] = {OPT_DB, OPT_AGENCY, OPT_LIMIT, 0};
	struct request_args a;
	int rc = parse_args(cmd, argc, argv, allowed, help_list, false, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	long long agency = 0;
	int limit = 50;
	if ((ARG(&a, OPT_AGENCY) && cli_parse_id(cmd, "机关编号", ARG(&a, OPT_AGENCY), &agency)) ||
	    (ARG(&a, OPT_LIMIT) &&
	     cli_parse_int(cmd, "条数", ARG(&a, OPT_LIMIT), 0, INT_MAX, &limit)))
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&a, OPT_DB));
	if (!st)
		return CLI_USAGE;
	struct arena *ar = arena_new(0);
	struct request_row *rows = NULL;
	size_t n = 0;
	int status = CLI_OK;
	bool exists = true;
	if (agency && !store_agency_exists(st, agency, &exists) && !exists) {
		status = cli_error(cmd, "没有编号为 %lld 的机关", agency);
	} else if ((rc = store_request_list(st, ar, agency, (size_t)limit, &rows, &n))) {
		status = cli_error(cmd, "无法读取申请：%s", zf_strerror(rc));
	} else {
		printf("编号\t机关\t申请人类型\t收到日期\t状态\t办结日期\t结果\n");
		for (size_t i = 0; i < n; i++) {
			char d1[11], d2[11];
			const struct decision *dec = decision_by_key(rows[i].report_row);
			printf("%lld\t%lld\t%s\t%s\t%s\t%s\t%s\n", rows[i].id, rows[i].agency_id,
			       report_t3_cols[rows[i].applicant_type].label,
			       date_format(rows[i].received_on, d1), rows[i].state,
			       rows[i].closed_on ? date_format(rows[i].closed_on, d2) : "-",
			       dec ? dec->label : "-");
		}
	}
	arena_free(ar);
	store_close(st);
	return status;
}

/* A bar on stderr, redrawn in place; only when stderr is a terminal. */
static void progress_bar(void *ctx, long long done, long long total)
{
	ZF_UNUSED(ctx);
	if (total <= 0)
		return;
	int width = 40, full = (int)(done * width / total);
	fprintf(stderr, "\r[%.*s%*s] %3lld%%  %lld/%lld", full,
		"########################################", width - full, "", done * 100 / total,
		done, total);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int request_rebuild(int argc, char **argv)
{
	static const char cmd[] = "request rebuild";
	static const int allowed[] = {OPT_DB, 0};
	struct request_args a;
	int rc = parse_args(cmd, argc, argv, allowed, help_rebuild, false, &a);
	if (rc)
		return rc == 100 ? CLI_OK : rc;
	struct calendar *cal = cli_load_calendar(cmd, NULL, 0);
	if (!cal)
		return CLI_USAGE;
	struct store *st = cli_store_open(cmd, ARG(&a, OPT_DB));
	if (!st) {
		cal_free(cal);
		return CLI_USAGE;
	}
	struct request_rebuild_stats stats;
	bool tty = isatty(STDERR_FILENO);
	rc =
	    store_request_rebuild(st, cli_actor(), cal, 0, tty ? progress_bar : NULL, NULL, &stats);
	int status = CLI_OK;
	if (rc) {
		status = cli_error(cmd, "重新推算中断（已完成 %lld 件，可再次运行）：%s",
				   stats.checked, zf_strerror(rc));
	} else {
		printf("已重新推算 %lld 件申请，其中 %lld 件的记录与推算结果不一致，已改正\n",
		       stats.checked, stats.changed);
		if (stats.failed) {
			printf(
			    "有 %lld 件申请的事件按当前日历不再成立，保持原样（第一件：编号 %lld，"
			    "用 zfxxgk request show 查看）\n",
			    stats.failed, stats.first_failed);
			status = CLI_FINDINGS;
		}
	}
	store_close(st);
	cal_free(cal);
	return status;
}

int cmd_request(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} subs[] = {
	    {"add", request_add},   {"event", request_event},	  {"show", request_show},
	    {"list", request_list}, {"rebuild", request_rebuild},
	};
	if (argc < 2) {
		fputs(help_request, stderr);
		return CLI_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fputs(help_request, stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	cli_error("request", "没有“%s”这个子命令", sub);
	fputs(help_request, stderr);
	return CLI_USAGE;
}
