/* demo/docs.c: the demo catalogue and synthetic documents (benchmarks): realistic
 * government text made from templates, deterministic in its seed. Written on the public
 * store API only (store/db.h, store/docs.h), so it runs on either engine. */
#include "common.h"
#include "arena.h"
#include "demo/docs.h"
#include "law/calendar.h"
#include "log.h"
#include "store/columns.h"
#include "store/db.h"

struct subject {
	const char *topic; /* 主题分类 code */
	const char *name;  /* 城镇老旧小区改造 */
	const char *law;   /* the law the text cites */
	const char *goal;  /* what the plan wants by its end */
};

/* Which demo agencies issue documents on a subject: the government on anything, its office
 * on the running of government (政务公开, 应急, 信访, 数字政府, 督查), the 住建局 on
 * housing and construction only. By the subject's 主题分类 code and name. */
enum issuer_kind { ISSUER_GOVERNMENT, ISSUER_OFFICE, ISSUER_HOUSING, ISSUER_OTHER };

static enum issuer_kind issuer_kind_of(const char *agency_name)
{
	if (!agency_name)
		return ISSUER_OTHER;
	if (strstr(agency_name, "住房和城乡建设"))
		return ISSUER_HOUSING;
	if (strstr(agency_name, "办公室"))
		return ISSUER_OFFICE;
	if (strstr(agency_name, "人民政府"))
		return ISSUER_GOVERNMENT;
	return ISSUER_OTHER;
}

static bool subject_fits(const struct subject *s, enum issuer_kind k)
{
	switch (k) {
	case ISSUER_HOUSING: /* 城乡建设、环境保护 › 城乡建设 and 建筑工地 */
		return !strcmp(s->topic, "10.02");
	case ISSUER_OFFICE: /* 国务院组织机构 › 综合政务 */ return !strncmp(s->topic, "02.", 3);
	case ISSUER_GOVERNMENT:
	case ISSUER_OTHER: break;
	}
	return true;
}

static const struct subject subjects[] = {
    {"10.02", "城镇老旧小区改造", "《中华人民共和国城乡规划法》",
     "完成2000年底前建成的老旧小区改造任务，居民满意度明显提升"},
    {"10.02", "保障性租赁住房", "《中华人民共和国城市房地产管理法》",
     "新增保障性租赁住房供给，缓解新市民、青年人住房困难"},
    {"10.02", "住宅物业管理", "《物业管理条例》", "物业服务覆盖率达到95%以上"},
    {"10.02", "建筑工地扬尘污染防治", "《中华人民共和国大气污染防治法》",
     "建筑工地扬尘防治“六个百分之百”全面落实"},
    {"10.01", "国土空间规划", "《中华人民共和国土地管理法》",
     "形成全域覆盖、层级清晰的国土空间规划体系"},
    {"10.03", "大气污染防治", "《中华人民共和国大气污染防治法》",
     "细颗粒物（PM2.5）年均浓度持续下降，空气质量优良天数比例稳定提升"},
    {"10.03", "生活垃圾分类", "《中华人民共和国固体废物污染环境防治法》",
     "城区生活垃圾分类覆盖率达到100%"},
    {"10.03", "河湖长制", "《中华人民共和国水污染防治法》", "重点河湖水质稳定达标"},
    {"04.01", "财政专项资金管理", "《中华人民共和国预算法》",
     "专项资金分配使用全过程绩效管理全面实施"},
    {"04.01", "政府采购", "《中华人民共和国政府采购法》", "政府采购活动全流程电子化"},
    {"04.02", "小微企业税费优惠政策", "《中华人民共和国税收征收管理法》",
     "税费优惠政策应享尽享、直达快享"},
    {"04.02", "个人所得税专项附加扣除", "《中华人民共和国个人所得税法》",
     "纳税人办税缴费便利度和满意度持续提升"},
    {"04.04", "审计整改", "《中华人民共和国审计法》", "审计查出问题整改到位率达到100%"},
    {"02.01", "政务公开", "《中华人民共和国政府信息公开条例》", "政务公开标准化规范化水平全面提升"},
    {"02.01", "政府信息公开", "《中华人民共和国政府信息公开条例》",
     "依申请公开办理规范化水平明显提高，答复合法率达到100%"},
    {"02.03", "突发事件应急预案管理", "《中华人民共和国突发事件应对法》",
     "应急预案体系覆盖各街道和重点行业领域"},
    {"02.03", "防汛抗旱", "《中华人民共和国防洪法》", "确保安全度汛，不发生人员伤亡"},
    {"02.07", "信访工作", "《信访工作条例》", "信访事项及时受理率和按期办结率均达到100%"},
    {"02.04", "数字政府建设", "《中华人民共和国网络安全法》",
     "政务服务事项“一网通办”比例达到95%以上"},
    {"03.06", "重大项目建设", "《政府投资条例》", "年度重大项目投资计划全面完成"},
    {"03.03", "统计工作", "《中华人民共和国统计法》", "统计数据质量明显提高"},
    {"09.01", "优化营商环境", "《优化营商环境条例》",
     "企业开办时间压缩至1个工作日以内，市场主体满意度持续提升"},
    {"09.01", "个体工商户扶持", "《促进个体工商户发展条例》", "个体工商户数量稳步增长"},
    {"09.02", "安全生产专项整治", "《中华人民共和国安全生产法》",
     "生产安全事故起数和死亡人数实现“双下降”"},
    {"09.03", "食品安全", "《中华人民共和国食品安全法》", "食品安全评价性抽检合格率稳定在98%以上"},
    {"11.02", "义务教育招生入学", "《中华人民共和国义务教育法》", "适龄儿童少年入学率保持100%"},
    {"11.02", "学前教育", "《中华人民共和国学前教育法》", "普惠性幼儿园覆盖率达到90%以上"},
    {"11.01", "科技创新", "《中华人民共和国科学技术进步法》", "全社会研发经费投入强度稳步提高"},
    {"13.01", "基层医疗卫生服务", "《中华人民共和国基本医疗卫生与健康促进法》",
     "家庭医生签约服务重点人群覆盖率达到75%以上"},
    {"13.02", "城乡居民医疗保险", "《中华人民共和国社会保险法》",
     "基本医疗保险参保率稳定在95%以上"},
    {"15.01", "高校毕业生就业创业", "《中华人民共和国就业促进法》",
     "离校未就业高校毕业生帮扶就业率达到90%以上"},
    {"15.01", "稳岗就业", "《中华人民共和国就业促进法》", "城镇调查失业率控制在5.5%以内"},
    {"15.02", "城乡居民基本养老保险", "《中华人民共和国社会保险法》",
     "基本养老保险参保率达到95%以上"},
    {"17.04", "困难群众基本生活保障", "《社会救助暂行办法》",
     "最低生活保障、特困人员救助供养等政策应保尽保"},
    {"17.04", "居家养老服务", "《中华人民共和国老年人权益保障法》",
     "社区居家养老服务设施覆盖率达到100%"},
    {"17.05", "乡村振兴", "《中华人民共和国乡村振兴促进法》",
     "农村居民人均可支配收入增速高于城镇居民"},
    {"06.01", "高标准农田建设", "《中华人民共和国农业法》", "建成高标准农田面积逐年增加"},
    {"06.03", "农村饮水安全", "《中华人民共和国水法》", "农村自来水普及率达到98%以上"},
    {"07.02", "城市公共交通", "《城市公共交通条例》", "公共交通出行分担率稳步提高"},
    {"07.02", "机动车停车管理", "《中华人民共和国道路交通安全法》", "停车设施供给与需求基本平衡"},
    {"12.01", "公共文化服务", "《中华人民共和国公共文化服务保障法》",
     "基本公共文化服务标准化均等化水平明显提升"},
    {"16.03", "法治政府建设", "《法治政府建设实施纲要（2021—2025年）》",
     "行政规范性文件合法性审核率达到100%"},
    {"13.03", "全民健身", "《全民健身条例》", "经常参加体育锻炼人数比例达到38%以上"},
};

static const char *const plan_types[] = {"实施方案", "管理办法",     "工作方案",
					 "实施细则", "三年行动计划", "考核办法"};
static const char *const verbs[] = {"进一步加强", "做好",     "深入推进",
				    "加快推进",	  "扎实开展", "全面落实"};
static const char *const tasks[] = {
    ("健全工作机制。建立由区政府分管领导牵头、相关部门参加的联席会议制度，明确职责分工，"
     "形成工作合力"),
    "加大资金投入。统筹用好上级补助资金和区级财政资金，规范资金管理，提高资金使用效益",
    "优化办事流程。推行“一网通办”“一窗受理”，精简申请材料，压缩办理时限，方便群众办事",
    "加强信息公开。通过区政府门户网站及时公开政策文件、办理流程和办理结果，主动接受社会监督",
    "强化数据共享。依托全区政务数据共享平台，推动部门间信息互通，提升信息化管理水平",
    "开展专项排查。全面摸清底数，建立问题清单、责任清单和整改台账，实行销号管理",
    "完善标准规范。制定工作指引和服务标准，加强业务培训，提升基层工作人员业务能力",
    "鼓励社会参与。畅通群众意见建议渠道，引导社会力量有序参与，形成共建共治共享格局",
    "强化监督考核。将工作落实情况纳入年度绩效考核，对工作不力的单位予以通报",
    "做好政策衔接。对已出台的相关政策进行梳理评估，确保政策平稳过渡、有序衔接",
};
static const char *const guarantees[] = {
    "加强组织领导。各街道、各部门要高度重视，主要负责同志亲自抓，确保各项任务落到实处",
    "强化督促检查。区政府督查室要加强跟踪督办，定期通报工作进展情况",
    "加强宣传引导。充分利用报刊、广播电视、政府网站和政务新媒体开展政策解读，营造良好氛围",
    "严格责任追究。对履职不力、推诿扯皮造成不良后果的，依法依规追究相关人员责任",
};

struct gen {
	uint64_t s;
};

/* splitmix64: small, fast, good enough for text. */
static uint64_t next(struct gen *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t pick(struct gen *g, size_t n)
{
	return (size_t)(next(g) % n);
}

/* The 机关代字 of an agency: the demo tree's are fixed, others take 示 + a number. */
static void prefix_of(long long agency_id, const char *name, bool normative, char *out, size_t n)
{
	const char *base = NULL;
	if (name && strstr(name, "办公室"))
		base = "示政办";
	else if (name && strstr(name, "住房和城乡建设"))
		base = "示建";
	else if (name && strstr(name, "人民政府"))
		base = "示政";
	if (base)
		snprintf(out, n, "%s%s", base, normative ? "规" : "发");
	else
		snprintf(out, n, "示%s字", normative ? "规" : "发");
	ZF_UNUSED(agency_id);
}

/* The plain (short) title a document's text refers to. */
struct made {
	struct doc_fields f;
	zf_day published_on;
	const struct subject *subject;
	char inner[256]; /* 《…》 of a 印发 notice, else "" */
};

/* Appends subject then suffix, without doubling a word they share (信访工作 + 工作方案 →
 * 信访工作方案, 资金管理 + 管理办法 → 资金管理办法). */
static void join(struct buf *b, const char *subject, const char *suffix)
{
	size_t sl = strlen(subject);
	buf_adds(b, subject);
	for (size_t k = 6; k >= 3; k -= 3) /* the last one or two characters */
		if (sl >= k && !strncmp(subject + sl - k, suffix, k)) {
			buf_adds(b, suffix + k);
			return;
		}
	buf_adds(b, suffix);
}

static const char *dup(struct arena *a, struct buf *b)
{
	const char *s = arena_strdup(a, buf_cstr(b));
	buf_reset(b);
	return s ? s : "";
}

/* Writes one document of `genre` about s, issued by name on day `on`. */
static void compose(struct arena *a, struct gen *g, const struct subject *s, const char *genre,
		    const char *issuer, enum doc_kind kind, zf_day on, long number,
		    long long agency_id, struct made *m)
{
	struct buf b = BUF_INIT;
	struct ymd y = date_to_ymd(on);
	const char *verb = verbs[pick(g, ARRAY_SIZE(verbs))];
	memset(m, 0, sizeof(*m));
	/* "信访工作" + "工作" would double the word */
	join(&b, s->name, "工作");
	const char *work = dup(a, &b);
	m->subject = s;
	/* 名称 */
	if (!strcmp(genre, "通知") && (kind != DOC_KIND_OTHER || pick(g, 2))) {
		const char *pt = plan_types[pick(g, ARRAY_SIZE(plan_types))];
		buf_adds(&b, "示例区");
		join(&b, s->name, pt);
		snprintf(m->inner, sizeof(m->inner), "%s", buf_cstr(&b));
		buf_reset(&b);
		buf_printf(&b, "%s关于印发《%s》的通知", issuer, m->inner);
	} else if (!strcmp(genre, "通知")) {
		buf_printf(&b, "%s关于%s", issuer, verb);
		join(&b, s->name, "工作的通知");
	} else if (!strcmp(genre, "意见")) {
		buf_printf(&b, "%s关于%s%s的实施意见", issuer, verb, s->name);
	} else if (!strcmp(genre, "通告") || !strcmp(genre, "公告")) {
		buf_printf(&b, "%s关于%s有关事项的%s", issuer, s->name, genre);
	} else if (!strcmp(genre, "批复")) {
		buf_printf(&b, "%s关于%s有关问题的批复", issuer, s->name);
	} else if (!strcmp(genre, "函")) {
		buf_printf(&b, "%s关于商请支持", issuer);
		join(&b, s->name, "工作的函");
	} else if (!strcmp(genre, "报告")) {
		buf_printf(&b, "%s关于%d年", issuer, y.y - 1);
		join(&b, s->name, "工作情况的报告");
	} else if (!strcmp(genre, "统计数据")) {
		buf_printf(&b, "%d年%s统计数据", y.y - 1, s->name);
	} else {
		buf_printf(&b, "%s关于%s%s的%s", issuer, verb, s->name, genre);
	}
	m->f.title = dup(a, &b);
	/* 内容概述 */
	if (m->inner[0])
		buf_printf(&b,
			   "%s印发《%s》，明确了%s的总体要求、主要任务和保障措施，"
			   "自印发之日起施行。",
			   issuer, m->inner, work);
	else
		buf_printf(&b,
			   "%s就%s%s作出部署，明确了工作目标、主要任务和责任分工，"
			   "请各单位认真贯彻执行。",
			   issuer, verb, work);
	m->f.summary = dup(a, &b);
	/* 正文 */
	buf_printf(&b, "各街道办事处，区政府各委、办、局：\n");
	buf_printf(&b,
		   "为深入贯彻落实党中央、国务院关于%s的决策部署，%s%s，"
		   "切实维护人民群众合法权益，根据%s等有关规定，结合本区实际，%s。\n",
		   work, verb, work, s->law, m->inner[0] ? "制定本方案" : "现就有关事项通知如下");
	buf_printf(&b,
		   "一、总体要求\n坚持以人民为中心的发展思想，坚持问题导向和目标导向，"
		   "到%d年底，%s机制基本健全，%s。\n二、主要任务\n",
		   y.y + 2, work, s->goal);
	static const char *const nums[] = {"（一）", "（二）", "（三）", "（四）"};
	size_t first = pick(g, ARRAY_SIZE(tasks)), count = 2 + pick(g, 3);
	for (size_t i = 0; i < count; i++)
		buf_printf(&b, "%s%s。\n", nums[i], tasks[(first + i * 3) % ARRAY_SIZE(tasks)]);
	buf_adds(&b, "三、保障措施\n");
	first = pick(g, ARRAY_SIZE(guarantees));
	for (size_t i = 0; i < 2; i++)
		buf_printf(&b, "%s%s。\n", nums[i],
			   guarantees[(first + i) % ARRAY_SIZE(guarantees)]);
	if (kind != DOC_KIND_OTHER)
		buf_printf(&b, "本%s自%04d年%d月%d日起施行，有效期5年。\n",
			   m->inner[0] ? "方案" : genre, y.y, y.m, y.d);
	buf_printf(&b, "\n%s\n%04d年%d月%d日\n", issuer, y.y, y.m, y.d);
	m->f.body = dup(a, &b);
	/* the rest */
	char prefix[64];
	prefix_of(agency_id, issuer, kind == DOC_KIND_NORMATIVE, prefix, sizeof(prefix));
	if (number > 0) {
		buf_printf(&b, "%s〔%d〕%ld号", prefix, y.y, number);
		m->f.doc_no = dup(a, &b);
	} else {
		m->f.doc_no = "";
	}
	m->f.agency_id = agency_id;
	m->f.issuer = issuer;
	m->f.topic = s->topic;
	m->f.genre = genre;
	buf_printf(&b, "%s %s", s->name, genre);
	m->f.keywords = dup(a, &b);
	m->f.kind = kind;
	m->f.written_on = on;
	m->published_on = on + 1 + (zf_day)pick(g, 10);
	if (kind != DOC_KIND_OTHER)
		m->f.valid_until = date_from_ymd(y.y + 5, y.m, y.m == 2 && y.d == 29 ? 28 : y.d);
	buf_free(&b);
}

/* A subject the agency would write about, at random. */
static const struct subject *fitting_subject(struct gen *g, enum issuer_kind k)
{
	size_t fit[ARRAY_SIZE(subjects)], n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(subjects); i++)
		if (subject_fits(&subjects[i], k))
			fit[n++] = i;
	return &subjects[n ? fit[pick(g, n)] : pick(g, ARRAY_SIZE(subjects))];
}

void demo_docs_synth(struct arena *a, unsigned seed, long long i, long long agency_id,
		     const char *agency_name, struct doc_fields *f, zf_day *published_on)
{
	static const char *const genres[] = {"通知", "通知", "通知", "意见", "通告",	"公告",
					     "批复", "函",   "报告", "决定", "统计数据"};
	struct gen g = {((uint64_t)seed << 40) ^ (uint64_t)i * 0x9E3779B97F4A7C15ull};
	next(&g);
	const struct subject *s = fitting_subject(&g, issuer_kind_of(agency_name));
	const char *genre = genres[pick(&g, ARRAY_SIZE(genres))];
	enum doc_kind kind = pick(&g, 5) == 0 ? DOC_KIND_NORMATIVE : DOC_KIND_OTHER;
	zf_day on = date_from_ymd(2012, 1, 1) + (zf_day)pick(&g, 13 * 365);
	struct made m;
	compose(a, &g, s, genre, agency_name, kind, on, 1 + (long)pick(&g, 300), agency_id, &m);
	*f = m.f;
	*published_on = m.published_on;
}

/* ---------------------------------------------------------------- the demo */

/* A fake but well-formed 统一社会信用代码 for agency id: 1 (机构编制) 1 (机关), region
 * 990101 (no such region), an organisation code, check characters. */
static void demo_org_code(long long id, char out[19])
{
	char org[32];
	snprintf(org, sizeof(org), "%08lld0", 10000000 + (id * 7919) % 89999999);
	docno_org_code_complete(org);
	snprintf(out, 19, "11990101%.9s0", org);
	docno_org_code_complete(out);
}

static int made_cmp(const void *x, const void *y)
{
	const struct made *a = x, *b = y;
	if (a->published_on != b->published_on)
		return a->published_on < b->published_on ? -1 : 1;
	/* interpretations after what they interpret */
	return (a->f.interprets_id != 0) - (b->f.interprets_id != 0);
}

struct plan {
	struct made *v;
	size_t n, alloc;
};

static struct made *add(struct plan *p)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 256;
		p->v = xrealloc(p->v, p->alloc * sizeof(*p->v));
	}
	struct made *m = &p->v[p->n++];
	memset(m, 0, sizeof(*m));
	return m;
}

static zf_day clamp(zf_day d, zf_day last)
{
	return d > last ? last : d;
}

/* Plans the catalogue of one agency: per year a few notices and opinions, 规范性文件
 * (some with a 政策解读), the annual report; returns nothing, appends to p. */
static void plan_agency(struct arena *a, struct gen *g, struct plan *p, long long agency_id,
			const char *name, zf_day last)
{
	static const char *const genres[] = {"通知", "通知", "通知", "意见",	"通告",
					     "批复", "函",   "报告", "统计数据"};
	for (int year = 2019; year <= 2026; year++) {
		long serial = 0, rules = 0;
		int count = 9 + (int)pick(g, 5);
		zf_day start = date_from_ymd(year, 1, 5);
		if (start + 30 > last)
			break;
		/* the annual report of the year before, by 31 January (条例 Art. 49) */
		struct made *r = add(p);
		compose(a, g, &subjects[13], "年报", name, DOC_KIND_OTHER,
			clamp(date_from_ymd(year, 1, 15 + (int)pick(g, 10)), last), 0, agency_id,
			r);
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%d年政府信息公开工作年度报告", name, year - 1);
		r->f.title = dup(a, &b);
		buf_printf(&b,
			   "本报告依据《中华人民共和国政府信息公开条例》编制，介绍%s%d年主动"
			   "公开、依申请公开、行政复议和行政诉讼等情况。",
			   name, year - 1);
		r->f.summary = dup(a, &b);
		buf_free(&b);
		r->f.valid_until = 0;
		for (int k = 0; k < count; k++) {
			zf_day on = start + (zf_day)((k * 350) / count + (int)pick(g, 20));
			if (on > last)
				break;
			const struct subject *s = fitting_subject(g, issuer_kind_of(name));
			bool rule = pick(g, 4) == 0;
			struct made *m = add(p);
			const char *genre = rule ? (pick(g, 3) ? "通知" : "意见")
						 : genres[pick(g, ARRAY_SIZE(genres))];
			bool numbered = rule || strcmp(genre, "统计数据");
			compose(a, g, s, genre, name, rule ? DOC_KIND_NORMATIVE : DOC_KIND_OTHER,
				on, numbered ? (rule ? ++rules : ++serial) : 0, agency_id, m);
			m->published_on = clamp(m->published_on, last);
			if (rule && pick(g, 5) < 2) {
				/* its 政策解读: p->v may move, so mark by index */
				size_t target = p->n - 1;
				struct made *j = add(p);
				struct made *t = &p->v[target];
				b = (struct buf)BUF_INIT;
				*j = *t;
				buf_printf(&b, "《%s》政策解读",
					   t->inner[0] ? t->inner : t->f.title);
				j->f.title = dup(a, &b);
				buf_printf(&b,
					   "为便于社会公众准确理解%s的主要内容，现就文件出台背景、"
					   "主要内容和适用范围解读如下。",
					   t->f.title);
				j->f.summary = dup(a, &b);
				buf_printf(&b,
					   "一、出台背景\n%s\n二、主要内容\n文件共分总体要求、"
					   "主要任务和保障措施三个部分。\n三、适用范围\n"
					   "本区行政区域内的",
					   t->f.summary);
				join(&b, t->subject->name, "工作"); /* not "信访工作工作" */
				buf_adds(&b, "。\n");
				j->f.body = dup(a, &b);
				buf_free(&b);
				j->f.doc_no = "";
				j->f.genre = "政策解读";
				j->f.kind = DOC_KIND_OTHER;
				j->f.valid_until = 0;
				j->f.interprets_id =
				    -(long long)target - 1; /* resolved on insert */
				j->published_on = clamp(t->published_on + (zf_day)pick(g, 3), last);
				j->f.written_on = ZF_MIN(j->published_on, t->published_on);
			}
		}
	}
}

/* ---------------------------------------------------------------- columns */

/* The seeded columns of the demo agencies, by agency and code. */
struct demo_columns {
	long long *agency;
	struct column **v;
	size_t *n;
	size_t nagencies;
};

/* Seeds each agency's columns (store/columns.h), with a link-out column under item (五) to
 * the 政务服务网 and one under item (九) to the 公共资源交易平台, dated by the clerk. */
static int columns_seed(struct store *st, struct arena *a, const struct agency *agencies, size_t n,
			zf_day on, struct demo_columns *out, struct buf *err)
{
	out->nagencies = n;
	out->agency = arena_alloc(a, n * sizeof(*out->agency));
	out->v = arena_alloc(a, n * sizeof(*out->v));
	out->n = arena_alloc(a, n * sizeof(*out->n));
	if (!out->agency || !out->v || !out->n)
		return ZF_ENOMEM;
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		out->agency[i] = agencies[i].id;
		rc = store_columns_seed(st, "system", agencies[i].id);
		if (!rc)
			rc = store_column_list(st, a, agencies[i].id, true, &out->v[i], &out->n[i]);
		static const struct {
			const char *under, *name, *url;
		} links[] = {
		    {"statutory-05", "网上办事（政务服务网）", "https://zwfw.example.gov.cn/"},
		    {"statutory-09", "公共资源交易平台", "https://ggzy.example.gov.cn/"},
		};
		for (size_t k = 0; !rc && k < ARRAY_SIZE(links); k++) {
			struct column_fields f = {.agency_id = agencies[i].id,
						  .name = links[k].name,
						  .kind = COLUMN_LINK,
						  .url = links[k].url,
						  .cadence_days = 30,
						  .link_updated_on = on - 12 - (zf_day)(k * 40),
						  .sort_order = 100};
			for (size_t j = 0; j < out->n[i]; j++)
				if (!strcmp(out->v[i][j].f.code, links[k].under))
					f.parent_id = out->v[i][j].id;
			rc = store_column_add(st, "system", &f, NULL, err);
		}
	}
	return rc;
}

/* The column of an agency with this code; 0 when none. */
static long long column_id(const struct demo_columns *c, long long agency, const char *code)
{
	for (size_t i = 0; i < c->nagencies; i++)
		if (c->agency[i] == agency)
			for (size_t j = 0; j < c->n[i]; j++)
				if (!strcmp(c->v[i][j].f.code, code))
					return c->v[i][j].id;
	return 0;
}

/* Files a demo document under the columns its genre and kind suggest. */
static int file_doc(struct store *st, const struct demo_columns *c, long long id,
		    const struct doc_fields *f, struct buf *err)
{
	const char *codes[2] = {NULL, NULL};
	const char *genre = f->genre ? f->genre : "";
	if (!strcmp(genre, "年报"))
		codes[0] = "annual-report";
	else if (!strcmp(genre, "政策解读"))
		codes[0] = "interpretation";
	else if (f->kind != DOC_KIND_OTHER || !strcmp(genre, "决定"))
		codes[0] = "statutory-01";
	else if (!strcmp(genre, "统计数据"))
		codes[0] = "statutory-04";
	else if (!strcmp(genre, "通告") || !strcmp(genre, "公告"))
		codes[0] = "notices";
	else if (!strcmp(genre, "意见"))
		codes[0] = "statutory-11";
	else if (!strcmp(genre, "批复"))
		codes[0] = "statutory-05";
	else if (!strcmp(genre, "报告") || !strcmp(genre, "函"))
		codes[0] = "news";
	else
		codes[0] = "notices";
	if (f->topic && !strcmp(f->topic, "10.03"))
		codes[1] = "statutory-13"; /* 环境保护: 监督检查 */
	long long ids[2];
	size_t n = 0;
	for (size_t i = 0; i < 2; i++)
		if (codes[i] && (ids[n] = column_id(c, f->agency_id, codes[i])))
			n++;
	return n ? store_doc_columns_set(st, "system", id, ids, n, err) : 0;
}

int demo_docs_seed(struct store *st, bool *seeded)
{
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct doc_filter any = doc_filter_any();
	struct doc_list l;
	any.limit = 1;
	int rc = store_doc_list(st, a, &any, &l);
	if (rc || l.total > 0) {
		arena_free(a);
		return rc;
	}
	struct agency *agencies = NULL;
	size_t nagencies = 0;
	struct plan p = {0};
	struct buf err = BUF_INIT;
	rc = store_agency_list(st, a, &agencies, &nagencies);
	if (rc || nagencies == 0)
		goto out;
	zf_day today = date_today();
	zf_day last = ZF_MIN(date_from_ymd(2026, 6, 30), today - 30);
	struct gen g = {20190101};
	for (size_t i = 0; i < nagencies; i++)
		plan_agency(a, &g, &p, agencies[i].id, agencies[i].name, last);
	size_t *order = xcalloc(p.n, sizeof(*order));
	long long *ids = xcalloc(p.n, sizeof(*ids));
	for (size_t i = 0; i < p.n; i++)
		order[i] = i;
	/* sort indexes by publication (insertion order = 索引号 order) */
	for (size_t i = 1; i < p.n; i++)
		for (size_t j = i; j > 0 && made_cmp(&p.v[order[j - 1]], &p.v[order[j]]) > 0; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	struct demo_columns cols = {0};
	rc = store_batch_begin(st);
	if (!rc)
		rc = columns_seed(st, a, agencies, nagencies, today, &cols, &err);
	for (size_t i = 0; !rc && i < nagencies; i++) {
		char code[19];
		demo_org_code(agencies[i].id, code);
		rc = store_doc_settings_set(st, "system", agencies[i].id, code, NULL, &err);
	}
	for (size_t k = 0; !rc && k < p.n; k++) {
		struct made *m = &p.v[order[k]];
		if (m->f.interprets_id < 0)
			m->f.interprets_id = ids[-m->f.interprets_id - 1];
		rc = store_doc_insert_published(st, &m->f, m->published_on, NULL, DOC_VALID, 0,
						&ids[order[k]], &err);
		if (!rc)
			rc = file_doc(st, &cols, ids[order[k]], &m->f, &err);
	}
	/* each year from 2022 the government repeals a few old 规范性文件 by a 决定, and
	 * marks those past their five-year term 失效 */
	for (int year = 2022; !rc && year <= 2026; year++) {
		zf_day on = date_from_ymd(year, 3, 20);
		if (on > last)
			break;
		struct made dec;
		compose(a, &g, &subjects[41], "决定", agencies[0].name, DOC_KIND_OTHER, on,
			90 + year % 10, agencies[0].id, &dec);
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s关于废止部分行政规范性文件的决定", agencies[0].name);
		dec.f.title = dup(a, &b);
		buf_printf(&b,
			   "经清理，决定废止%d年以前制发的部分行政规范性文件，自公布之日起失效。",
			   year - 2);
		dec.f.summary = dup(a, &b);
		buf_free(&b);
		long long dec_id = 0;
		rc = store_doc_insert_published(st, &dec.f, dec.published_on, NULL, DOC_VALID, 0,
						&dec_id, &err);
		if (!rc)
			rc = file_doc(st, &cols, dec_id, &dec.f, &err);
		int repealed = 0;
		for (size_t k = 0; !rc && k < p.n && repealed < 3; k++) {
			struct made *m = &p.v[k];
			if (m->f.kind != DOC_KIND_NORMATIVE ||
			    date_to_ymd(m->published_on).y > year - 3 ||
			    m->f.valid_until < dec.published_on || pick(&g, 3))
				continue;
			struct doc d;
			if (store_doc_get(st, a, ids[k], &d) || d.validity != DOC_VALID)
				continue;
			char *reason =
			    arena_printf(a, "依据《%s》（%s）废止", dec.f.title, dec.f.doc_no);
			rc = store_doc_invalidate(st, "system", ids[k], DOC_REPEALED,
						  dec.published_on, reason, &err);
			repealed++;
		}
	}
	/* terms that ran out: most marked 失效, the last two left for the 定期审查 list */
	int left = 2;
	for (size_t k = p.n; !rc && k-- > 0;) {
		struct made *m = &p.v[k];
		if (m->f.kind != DOC_KIND_NORMATIVE || !m->f.valid_until ||
		    m->f.valid_until >= last)
			continue;
		struct doc d;
		if (store_doc_get(st, a, ids[k], &d) || d.validity != DOC_VALID)
			continue;
		if (left > 0) {
			left--;
			continue;
		}
		rc = store_doc_invalidate(st, "system", ids[k], DOC_EXPIRED, m->f.valid_until + 1,
					  "有效期届满，自动失效", &err);
	}
	/* 定期审查 recorded on time for all but a few */
	int skipped = 0;
	for (size_t k = 0; !rc && k < p.n; k++) {
		struct made *m = &p.v[k];
		if (m->f.kind != DOC_KIND_NORMATIVE)
			continue;
		struct doc d;
		if (store_doc_get(st, a, ids[k], &d) || d.validity != DOC_VALID)
			continue;
		zf_day last_review = 0;
		for (;;) {
			zf_day due =
			    doc_review_due(d.f.kind, d.published_on, last_review, d.f.valid_until);
			if (!due || due > last - 60 ||
			    (!last_review && pick(&g, 12) == 0 && skipped < 4))
				break;
			rc =
			    store_doc_reviewed(st, "system", ids[k], due, "经审查，继续有效", &err);
			if (rc)
				break;
			last_review = due;
		}
		skipped += !last_review;
	}
	/* work in progress, dated from today so that the Art. 26 clock shows */
	for (size_t k = 0; !rc && k < 3 && nagencies; k++) {
		struct made m;
		const char *name = agencies[(k + 1) % nagencies].name;
		compose(a, &g, fitting_subject(&g, issuer_kind_of(name)), "通知", name,
			k == 0 ? DOC_KIND_NORMATIVE : DOC_KIND_OTHER, today - 3 - (zf_day)k * 8, 0,
			agencies[(k + 1) % nagencies].id, &m);
		long long id = 0;
		rc = store_doc_add(st, "system", &m.f, &id, &err);
		if (!rc)
			rc = file_doc(st, &cols, id, &m.f, &err);
		if (!rc && k == 2)
			rc = store_doc_submit(st, "system", id, &err);
	}
	if (!rc)
		rc = store_audit(st, "system", "demo.seed", "docs", "示例主动公开目录");
	if (rc) {
		log_error("demo catalogue failed: %s", buf_cstr(&err));
		store_batch_rollback(st);
	} else {
		rc = store_batch_commit(st);
		*seeded = rc == 0;
	}
	free(order);
	free(ids);
out:
	free(p.v);
	buf_free(&err);
	arena_free(a);
	return rc;
}
