/* synth.c: synthetic request histories (see synth.h). */
#include "common.h"
#include "law/synth.h"
#include "law/decision.h"

void synth_seed(struct synth *s, uint64_t seed)
{
	s->state = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
}

/* splitmix64 */
static uint64_t next(struct synth *s)
{
	uint64_t z = (s->state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int synth_range(struct synth *s, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)(next(s) % (uint64_t)(hi - lo + 1));
}

static bool chance(struct synth *s, int percent)
{
	return synth_range(s, 1, 100) <= percent;
}

enum report_t3_col synth_applicant(struct synth *s)
{
	int p = synth_range(s, 1, 100);
	if (p <= 82)
		return REPORT_COL_NATURAL_PERSON;
	if (p <= 92)
		return REPORT_COL_COMMERCIAL;
	if (p <= 94)
		return REPORT_COL_RESEARCH;
	if (p <= 96)
		return REPORT_COL_SOCIAL_WELFARE;
	if (p <= 98)
		return REPORT_COL_LEGAL_SERVICE;
	return REPORT_COL_OTHER;
}

/* How often each reply decision is taken, per mille, as the rows of table 三 of published
 * annual reports spread (national and provincial reports 2021-2024): about four in ten
 * granted, one in ten in part, a quarter 本机关不掌握, few withheld and fewer on the rarer
 * grounds. Decisions by lapse (逾期未补正, 未缴费) come from the history, not from here. */
static const struct {
	const char *key;
	int weight;
} decision_weights[] = {
    {"granted", 420},
    {"partially_granted", 100},
    {"withheld_state_secret", 2},
    {"withheld_prohibited_by_law", 5},
    {"withheld_three_safeties", 3},
    {"withheld_third_party_rights", 12},
    {"withheld_internal_affairs", 12},
    {"withheld_process_info", 18},
    {"withheld_enforcement_file", 10},
    {"withheld_administrative_query", 6},
    {"unavailable_not_held", 230},
    {"unavailable_needs_creation", 40},
    {"unavailable_still_unclear", 15},
    {"not_processed_petition", 40},
    {"not_processed_repeated", 25},
    {"not_processed_publication", 5},
    {"not_processed_excessive", 3},
    {"not_processed_confirmation", 8},
    {"other_other", 25},
};

static const char *pick_decision(struct synth *s, bool supplemented)
{
	int total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(decision_weights); i++)
		total += decision_weights[i].weight;
	for (;;) {
		int r = synth_range(s, 1, total);
		size_t i = 0;
		while (r > decision_weights[i].weight)
			r -= decision_weights[i++].weight;
		const struct decision *d = decision_by_key(decision_weights[i].key);
		if (!d || (d->flags & DECISION_BY_LAPSE))
			continue;
		if ((d->flags & DECISION_NEEDS_SUPPLEMENT) && !supplemented)
			continue;
		return d->key;
	}
}

struct gen {
	const struct calendar *cal;
	zf_day horizon;
	struct clock_event *ev;
	size_t n;
	bool stopped; /* an event fell after the horizon: nothing more happens */
};

/* Appends e when it lies within the horizon and the clock accepts it. */
static bool try_add(struct gen *g, struct clock_event e)
{
	if (g->stopped || g->n >= SYNTH_MAX_EVENTS)
		return false;
	if (e.on > g->horizon) {
		g->stopped = true;
		return false;
	}
	if (clock_apply(g->cal, g->ev, g->n, &e, NULL))
		return false;
	g->ev[g->n++] = e;
	return true;
}

static zf_day later(struct gen *g, zf_day from, int lo, int hi, struct synth *s)
{
	return cal_add_working_days(g->cal, from, synth_range(s, lo, hi));
}

/* How a forced outcome steers the generator. */
struct steer {
	const char *decision; /* reply decision, or NULL */
	bool supplement;      /* ask for a supplement */
	bool supplement_lapse;
	bool fee; /* send a fee notice */
	bool fee_lapse;
	bool free; /* nothing forced: every branch by chance, as synth_history */
};

static struct steer steer_of(const struct synth_shape *shape)
{
	struct steer t = {.free = true};
	if (!shape || !shape->decision)
		return t;
	t.free = false;
	if (!strcmp(shape->decision, "other_no_supplement")) {
		t.supplement = t.supplement_lapse = true;
	} else if (!strcmp(shape->decision, "other_fee_unpaid")) {
		t.fee = t.fee_lapse = true;
	} else {
		const struct decision *d = decision_by_key(shape->decision);
		t.decision = d ? d->key : "granted";
		t.supplement = d && (d->flags & DECISION_NEEDS_SUPPLEMENT);
	}
	return t;
}

size_t synth_history_shaped(struct synth *s, const struct calendar *cal, zf_day received,
			    zf_day horizon, const struct synth_shape *shape, struct clock_event *ev)
{
	static const char *const who[] = {"某置业有限公司", "区规划和自然资源局", "某街道办事处"};
	struct steer t = steer_of(shape);
	struct gen g = {cal, horizon, ev, 0, false};
	memset(ev, 0, sizeof(*ev));
	ev[0].kind = CLOCK_RECEIVED;
	ev[0].on = received;
	if (shape && shape->channel >= 0 && shape->channel < CLOCK_CHANNELS)
		ev[0].channel = (enum clock_channel)shape->channel;
	else
		ev[0].channel = (enum clock_channel)synth_range(s, 0, CLOCK_CHANNELS - 1);
	g.n = 1;
	zf_day cur = received;
	bool supplemented = false;

	if (t.free ? chance(s, 10) : t.supplement) { /* 条例 Art. 30 */
		struct clock_event e = {.kind = CLOCK_SUPPLEMENT_REQUESTED};
		e.on = later(&g, cur, 1, 6, s);
		e.until = cal_add_working_days(cal, e.on, 15);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event r = {.kind = CLOCK_SUPPLEMENT_RECEIVED};
			if (t.free ? chance(s, 75) : !t.supplement_lapse) {
				r.on = later(&g, cur, 1, 12, s);
			} else {
				r.kind = CLOCK_SUPPLEMENT_LAPSED;
				r.on = cal_add_working_days(cal, e.until, synth_range(s, 1, 5));
			}
			if (!try_add(&g, r) || r.kind == CLOCK_SUPPLEMENT_LAPSED)
				return g.n;
			cur = r.on;
			supplemented = true;
		}
	}
	if (chance(s, 12)) { /* Arts. 32, 34 */
		struct clock_event e = {.kind = CLOCK_CONSULTATION_STARTED};
		e.party = chance(s, 70) ? CLOCK_THIRD_PARTY : CLOCK_CO_MAKER;
		e.who = who[synth_range(s, 0, (int)ARRAY_SIZE(who) - 1)];
		e.on = later(&g, cur, 1, 8, s);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event a = e;
			if (chance(s, 85)) {
				a.kind = CLOCK_CONSULTATION_ANSWERED;
				a.on = later(&g, cur, 1, 14, s);
			} else {
				a.kind = CLOCK_CONSULTATION_LAPSED;
				a.on = later(&g, cur, CLOCK_CONSULTATION_DAYS + 1,
					     CLOCK_CONSULTATION_DAYS + 3, s);
			}
			if (try_add(&g, a))
				cur = a.on;
		}
	}
	if (chance(s, 6)) {
		struct clock_event e = {.kind = CLOCK_EXTENSION_APPROVED, .approver = "分管负责人"};
		e.on = later(&g, cur, 1, 5, s);
		e.days = synth_range(s, 5, 20);
		if (try_add(&g, e))
			cur = e.on;
	}
	if (t.free ? chance(s, 3) : t.fee) { /* 国办函〔2020〕109号 */
		struct clock_event e = {.kind = CLOCK_FEE_NOTICE_SENT};
		e.on = later(&g, cur, 1, 5, s);
		if (try_add(&g, e)) {
			cur = e.on;
			struct clock_event p = {.kind = CLOCK_FEE_PAID};
			if (t.free ? chance(s, 70) : !t.fee_lapse) {
				p.on = later(&g, cur, 1, 15, s);
			} else {
				p.kind = CLOCK_FEE_LAPSED;
				p.on = later(&g, cur, CLOCK_PAYMENT_DAYS + 1,
					     CLOCK_PAYMENT_DAYS + 4, s);
			}
			if (!try_add(&g, p) || p.kind == CLOCK_FEE_LAPSED)
				return g.n;
			cur = p.on;
		}
	}
	if (!t.free && !t.decision)
		return g.n; /* the forced lapse could not happen (calendar): leave it open */
	struct clock_event f = {.kind = CLOCK_REPLIED};
	if (t.free && chance(s, 3)) {
		f.kind = CLOCK_WITHDRAWN;
		f.on = later(&g, cur, 0, 10, s);
	} else {
		f.on = later(&g, cur, 1, 22, s);
		f.decision = t.free ? pick_decision(s, supplemented) : t.decision;
	}
	try_add(&g, f);
	return g.n;
}

size_t synth_history(struct synth *s, const struct calendar *cal, zf_day received, zf_day horizon,
		     struct clock_event *ev)
{
	return synth_history_shaped(s, cal, received, horizon, NULL, ev);
}

/* ---------------------------------------------------------------- open requests */

/* The working day n working days before `to` (n >= 1). */
static zf_day before(const struct calendar *cal, zf_day to, int n)
{
	zf_day d = to;
	while (n > 0)
		n -= cal_is_working(cal, --d);
	return d;
}

zf_day synth_open_received(struct synth *s, const struct calendar *cal, enum synth_open kind,
			   zf_day today)
{
	static const int span[SYNTH_OPEN_KINDS][2] = {
	    [SYNTH_OPEN_OVERDUE] = {31, 50},   [SYNTH_OPEN_DUE_SOON] = {16, 19},
	    [SYNTH_OPEN_SUPPLEMENT] = {3, 8},  [SYNTH_OPEN_EXTENDED] = {19, 28},
	    [SYNTH_OPEN_CONSULTING] = {4, 14}, [SYNTH_OPEN_FEE] = {6, 14},
	};
	int k = (unsigned)kind < SYNTH_OPEN_KINDS ? (int)kind : 0;
	return before(cal, today, synth_range(s, span[k][0], span[k][1]));
}

size_t synth_open_history(struct synth *s, const struct calendar *cal, enum synth_open kind,
			  zf_day received, zf_day today, struct clock_event *ev)
{
	struct gen g = {cal, today, ev, 1, false};
	memset(ev, 0, sizeof(*ev));
	ev[0].kind = CLOCK_RECEIVED;
	ev[0].on = received;
	ev[0].channel = synth_channel(s);
	int elapsed = cal_count_working_days(cal, received, today);
	switch (kind) {
	case SYNTH_OPEN_OVERDUE:
		if (chance(s, 30)) {
			struct clock_event e = {.kind = CLOCK_CONSULTATION_STARTED,
						.party = CLOCK_THIRD_PARTY,
						.who = "某置业有限公司"};
			e.on = later(&g, received, 2, 5, s);
			if (try_add(&g, e)) {
				e.kind = CLOCK_CONSULTATION_ANSWERED;
				e.on = later(&g, e.on, 3, 10, s);
				try_add(&g, e);
			}
		}
		break;
	case SYNTH_OPEN_DUE_SOON: break;
	case SYNTH_OPEN_SUPPLEMENT: {
		struct clock_event e = {.kind = CLOCK_SUPPLEMENT_REQUESTED};
		e.on = later(&g, received, 1, ZF_MIN(6, ZF_MAX(1, elapsed)), s);
		e.until = cal_add_working_days(cal, e.on, 15);
		try_add(&g, e);
		break;
	}
	case SYNTH_OPEN_EXTENDED: {
		/* asked for near the end of the 20 days, granted by the head of the office */
		struct clock_event e = {.kind = CLOCK_EXTENSION_APPROVED, .approver = "分管负责人"};
		e.on = later(&g, received, ZF_MIN(15, elapsed), ZF_MIN(19, elapsed), s);
		e.days = synth_range(s, 10, 20);
		try_add(&g, e);
		break;
	}
	case SYNTH_OPEN_CONSULTING: {
		struct clock_event e = {.kind = CLOCK_CONSULTATION_STARTED};
		e.party = chance(s, 70) ? CLOCK_THIRD_PARTY : CLOCK_CO_MAKER;
		e.who = e.party == CLOCK_THIRD_PARTY ? "某置业有限公司" : "区规划和自然资源局";
		e.on = later(&g, received, 1, ZF_MIN(3, ZF_MAX(1, elapsed)), s);
		try_add(&g, e);
		break;
	}
	case SYNTH_OPEN_FEE: {
		struct clock_event e = {.kind = CLOCK_FEE_NOTICE_SENT};
		e.on = later(&g, received, 2, ZF_MIN(5, ZF_MAX(2, elapsed)), s);
		try_add(&g, e);
		break;
	}
	default: break;
	}
	return g.n;
}

/* ---------------------------------------------------------------- applicants and topics */

enum clock_channel synth_channel(struct synth *s)
{
	int p = synth_range(s, 1, 100);
	return p <= 58	 ? CLOCK_ONLINE
	       : p <= 78 ? CLOCK_POST
	       : p <= 92 ? CLOCK_IN_PERSON
	       : p <= 98 ? CLOCK_LETTER
			 : CLOCK_FAX;
}

#define PICK(s, list) (list)[synth_range((s), 0, (int)ARRAY_SIZE(list) - 1)]

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄",	"赵",	"吴",  "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑",	"梁",	"谢",  "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董",	"袁",	"潘",  "蒋", "蔡", "余", "杜", "叶",
    "程", "苏", "魏", "吕", "丁", "任", "沈",	"姚",	"卢",  "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏",	"韦",	"方",  "白", "邹", "孟", "熊", "秦",
    "邱", "江", "尹", "薛", "段", "雷", "侯",	"龙",	"史",  "陶", "黎", "贺", "顾", "毛",
    "郝", "龚", "邵", "万", "钱", "严", "欧阳", "司马", "上官"};
static const char *const given1[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "霞", "平", "刚", "华", "文", "辉", "鑫", "宇", "浩", "欣", "婷",
    "雪", "晨", "琳", "斌", "峰", "凯", "颖", "倩", "瑶", "博", "悦", "帆", "鹏", "楠"};
static const char *const given2[] = {"建华", "秀英", "桂兰", "志强", "海燕", "国庆", "春梅", "晓东",
				     "丽华", "文杰", "子涵", "梓萱", "一诺", "思远", "雨桐", "浩然",
				     "欣怡", "俊杰", "佳琪", "宇航", "明轩", "诗涵", "晓敏", "立新",
				     "玉兰", "红霞", "振国", "德明", "淑芬", "永刚"};
static const char *const firm_words[] = {"恒信", "华诚", "鑫达", "远航", "瑞丰", "嘉禾",
					 "宏图", "天成", "锦程", "正元", "同舟", "安泰",
					 "和润", "金桥", "新禾", "东方"};
static const char *const firm_trades[] = {"置业",     "建筑工程", "商贸",     "物业服务",
					  "科技",     "环保工程", "餐饮管理", "房地产开发",
					  "园林绿化", "医药",	  "运输",     "文化传媒"};
static const char *const institutes[] = {"示例大学城市治理研究院", "示例大学法学院公法研究中心",
					 "示例市社会科学院", "示例师范大学教育政策研究所",
					 "示例理工大学建筑与规划学院"};
static const char *const welfare[] = {"示例市自然之友环境研究中心", "示例区阳光助残服务中心",
				      "示例市公益法律援助协会", "示例区夕阳红养老服务中心",
				      "示例市青少年发展基金会"};
static const char *const others[] = {"翠湖苑小区业主委员会", "东风村村民委员会",
				     "和平里社区居民委员会", "锦绣花园业主大会",
				     "示例区个体劳动者协会"};
static const char *const estates[] = {"锦绣花园", "阳光小区", "翠湖苑",	  "和平里",
				      "东风新村", "南湖家园", "滨江一号", "幸福里",
				      "金色家园", "梧桐苑",   "丽景湾",	  "书香门第"};
static const char *const roads[] = {"建设路",	"人民路", "滨河大道", "解放路", "中山路",
				    "迎宾大道", "学府路", "工业园路", "长江路", "花园街"};
static const char *const projects[] = {
    "棚户区改造",   "老旧小区改造", "雨污分流改造",	"学校扩建",	  "道路拓宽",
    "地下综合管廊", "公园提升改造", "农贸市场升级改造", "垃圾中转站建设", "停车场建设"};
static const char *const schools[] = {"示例区实验小学", "示例区第一中学", "示例区第二小学",
				      "示例区外国语学校", "示例区第三中学"};

void synth_applicant_name(struct synth *s, enum report_t3_col col, char *out, size_t len)
{
	switch (col) {
	case REPORT_COL_COMMERCIAL:
		snprintf(out, len, "示例市%s%s有限公司", PICK(s, firm_words), PICK(s, firm_trades));
		break;
	case REPORT_COL_RESEARCH: snprintf(out, len, "%s", PICK(s, institutes)); break;
	case REPORT_COL_SOCIAL_WELFARE: snprintf(out, len, "%s", PICK(s, welfare)); break;
	case REPORT_COL_LEGAL_SERVICE:
		snprintf(out, len, "示例%s律师事务所", PICK(s, firm_words));
		break;
	case REPORT_COL_OTHER: snprintf(out, len, "%s", PICK(s, others)); break;
	default:
		if (chance(s, 55))
			snprintf(out, len, "%s%s", PICK(s, surnames), PICK(s, given2));
		else
			snprintf(out, len, "%s%s", PICK(s, surnames), PICK(s, given1));
		break;
	}
}

void synth_address(struct synth *s, char *out, size_t len)
{
	if (chance(s, 60))
		snprintf(out, len, "示例区%s%d号%s%d栋%d单元%d室", PICK(s, roads),
			 synth_range(s, 1, 399), PICK(s, estates), synth_range(s, 1, 30),
			 synth_range(s, 1, 4), synth_range(s, 1, 28) * 100 + synth_range(s, 1, 4));
	else
		snprintf(out, len, "示例区%s%d号", PICK(s, roads), synth_range(s, 1, 399));
}

/* Templates: {E} an estate, {R} a road, {P} a project, {S} a school, {F} a firm, {Y} a year
 * before the request's, {Z} the year before that. */
static const char *const topics[] = {
    "请公开{E}{P}项目的立项批复文件",
    "{Y}年{E}所在地块的国有土地上房屋征收决定及补偿方案",
    "{R}{P}工程的环境影响评价文件及批复",
    "{Y}年度区级部门预算及“三公”经费决算",
    "{E}建设工程规划许可证及附图",
    "本人位于{E}的房屋的征收评估报告",
    "{Y}年{S}划片招生范围及其依据",
    "对示例市{F}有限公司作出的行政处罚决定书",
    "{P}项目的政府采购合同及验收报告",
    "{Y}年{E}加装电梯财政补贴的发放标准和名单",
    "{R}沿线违法建设拆除的执法依据和决定文书",
    "{Y}年区政府常务会议研究{P}事项的议定意见",
    "{E}物业专项维修资金{Z}—{Y}年的使用情况",
    "辖区{Y}年最低生活保障的审批标准和保障人数",
    "{R}道路照明工程的招标文件及中标结果",
    "{E}周边{P}项目的规划设计条件和总平面图",
    "{Y}年{S}校舍维修工程的预算和决算",
    "{R}{E}门前占道经营整治的工作方案",
    "{Z}年至{Y}年{E}房屋安全鉴定报告",
    "{P}项目社会稳定风险评估报告",
    "{Y}年度区住房保障资金的分配和使用情况",
    "{E}违法建筑认定的依据及处理决定",
};

void synth_description(struct synth *s, int year, char *out, size_t len)
{
	const char *t = PICK(s, topics);
	size_t o = 0;
	if (len == 0)
		return;
	for (; *t && o + 1 < len; t++) {
		if (t[0] == '{' && t[1] && t[2] == '}') {
			char part[64];
			switch (t[1]) {
			case 'E': snprintf(part, sizeof(part), "%s", PICK(s, estates)); break;
			case 'R': snprintf(part, sizeof(part), "%s", PICK(s, roads)); break;
			case 'P': snprintf(part, sizeof(part), "%s", PICK(s, projects)); break;
			case 'S': snprintf(part, sizeof(part), "%s", PICK(s, schools)); break;
			case 'F':
				snprintf(part, sizeof(part), "%s%s", PICK(s, firm_words),
					 PICK(s, firm_trades));
				break;
			case 'Y': snprintf(part, sizeof(part), "%d", year - 1); break;
			case 'Z': snprintf(part, sizeof(part), "%d", year - 2); break;
			default: part[0] = '\0'; break;
			}
			size_t pl = strlen(part);
			if (o + pl + 1 > len)
				break;
			memcpy(out + o, part, pl);
			o += pl;
			t += 2;
		} else {
			out[o++] = *t;
		}
	}
	out[o] = '\0';
}
