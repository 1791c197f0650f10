/* messages.c (demo): thirty 政民互动 messages to the demo agencies, through store/messages.h
 * only. Writers are fictional (names, 139 0000 numbers); the texts are the everyday
 * questions of a district: 社保, 入学, 停车, 噪声, 物业, 公交. */
#include "common.h"
#include "arena.h"
#include "demo/messages.h"
#include "law/calendar.h"
#include "store/messages.h"

#define DEMO_ACTOR "demo"

struct demo_msg {
	enum message_kind kind;
	const char *title, *body, *reply; /* reply NULL: left open */
};

static const struct demo_msg msgs[] = {
    {MESSAGE_CONSULT, "社保卡补办需要哪些材料",
     "您好，我的社保卡丢失了，请问补办需要带哪些材料？可以在街道办理吗？",
     "您好！社保卡补办请携带本人居民身份证原件到区政务服务中心社保窗口或各街道便民服务中心"
     "办理，现场可即时制卡。感谢您的来信。"},
    {MESSAGE_CONSULT, "孩子入学户籍要求咨询",
     "我家孩子明年上小学，户口在外区，房产在本区，请问能否在本区就近入学？",
     "您好！根据本区义务教育招生入学办法，房产在本区且实际居住满一年的非本区户籍适龄儿童，"
     "可按积分办法申请入学，具体以当年招生公告为准。"},
    {MESSAGE_SUGGESTION, "建议增设公交线路",
     "幸福路小区居民出行不便，最近的公交站点步行需二十分钟，建议增设一条公交线路或调整站点。",
     "您好！您的建议已转交区交通运输部门研究，拟于明年一季度优化 12 路公交线路，"
     "在幸福路口增设站点。感谢您对本区公共交通的关心。"},
    {MESSAGE_COMPLAINT, "夜间施工噪声扰民",
     "光明路某工地连续一周晚上十一点后仍在施工，噪声很大，严重影响休息，请有关部门查处。",
     "您好！经现场核查，该工地未办理夜间施工许可，执法人员已责令其停止夜间施工，"
     "并依法立案调查。如再发现类似情况，请拨打 12345 热线。"},
    {MESSAGE_MESSAGE, "老旧小区改造进度",
     "请问我们东风小区被列入今年老旧小区改造计划了吗？什么时候开工？",
     "您好！东风小区已列入本年度老旧小区改造计划，目前正在进行设计方案公示，"
     "预计下月开工，工期约六个月。"},
    {MESSAGE_CONSULT, "公租房申请条件", "请问本区公租房申请需要满足什么条件？收入标准是多少？",
     "您好！申请公租房须具有本区户籍或在本区稳定就业，家庭人均月收入低于上年度本区城镇居民"
     "人均可支配收入的一定比例，且在本区无自有住房。详细标准见区住房和城乡建设局网站。"},
    {MESSAGE_SUGGESTION, "建议公园延长开放时间",
     "夏季天气炎热，居民多在傍晚锻炼，建议人民公园夏季延长开放时间至晚上十点。",
     "您好！经研究，人民公园自 6 月 1 日起至 9 月 30 日开放时间延长至 22 时。感谢您的建议。"},
    {MESSAGE_COMPLAINT, "物业公司乱收费",
     "我们小区物业未经业主大会同意擅自上调物业费，请问是否合规？",
     "您好！经调查，该物业公司调价未履行法定程序，已责令其暂停执行新标准，"
     "并指导业主委员会依法协商。"},
    {MESSAGE_CONSULT, "电动自行车充电桩安装",
     "小区想安装电动自行车集中充电桩，需要向哪个部门申请？有补贴吗？",
     "您好！小区安装集中充电设施由业主委员会或物业向所在街道申请，"
     "符合条件的可申请区级补贴，每个充电端口补贴 200 元。"},
    {MESSAGE_MESSAGE, "道路积水问题",
     "每次下大雨，建设路与和平街交叉口都会严重积水，希望尽快改造排水设施。",
     "您好！该路口排水管网改造已列入今年城市防汛工程，汛期前完成施工。"},
    {MESSAGE_CONSULT, "退休人员医保报销比例", "请问退休人员在社区医院看门诊，医保报销比例是多少？",
     "您好！退休人员在社区卫生服务中心门诊就医，政策范围内费用报销比例为 90%，"
     "年度最高支付限额按市里规定执行。"},
    {MESSAGE_SUGGESTION, "建议增加社区养老服务",
     "我们社区老年人很多，建议开设老年食堂，解决独居老人吃饭难的问题。",
     "您好！区民政部门已将您所在社区纳入今年社区老年助餐点建设计划，预计年底前投入使用。"},
    {MESSAGE_COMPLAINT, "餐馆油烟扰民", "楼下新开的餐馆油烟直排，家里窗户都不敢开，请予处理。",
     "您好！执法人员已到现场检查，责令该餐馆限期安装油烟净化设施，逾期未整改将依法处罚。"},
    {MESSAGE_CONSULT, "办理不动产登记需要多久", "二手房过户办理不动产登记，一般需要几个工作日？",
     "您好！二手房转移登记材料齐全的，一般在 5 个工作日内办结，"
     "可通过区政务服务网预约办理。"},
    {MESSAGE_MESSAGE, "路灯损坏无人修", "文化路北段有三盏路灯已经坏了一个多月，晚上行人很不安全。",
     "您好！已通知市政养护单位，损坏路灯已于三日内修复。感谢您的反映。"},
};

/* A few the demo leaves open (recent, within their limit). */
static const struct demo_msg open_msgs[] = {
    {MESSAGE_CONSULT, "新生儿医保参保办理",
     "孩子刚出生，请问新生儿医保怎么参保？需要在出生多少天内办理？", NULL},
    {MESSAGE_SUGGESTION, "建议增设非机动车停车棚",
     "地铁站出口非机动车乱停放，建议增设停车棚并划线管理。", NULL},
    {MESSAGE_MESSAGE, "垃圾分类投放点设置",
     "小区垃圾分类投放点离单元门太远，老人投放不便，希望调整位置。", NULL},
};

static const char *const names[] = {"李明", "王芳", "张伟", "刘洋", "陈静", "杨磊",
				    "赵敏", "黄强", "周婷", "吴刚", "徐丽", "孙浩"};

int demo_seed_messages(struct store *st, const struct calendar *cal, zf_day today, bool *seeded)
{
	*seeded = false;
	long long count = 0;
	int rc = store_message_count(st, &count);
	if (rc || count)
		return rc;
	struct arena *a = arena_new(0);
	struct agency *ag = NULL;
	size_t nag = 0;
	rc = store_agency_list(st, a, &ag, &nag);
	if (!rc && !nag)
		rc = ZF_ENOENT;
	if (!rc)
		rc = store_batch_begin(st);
	if (rc) {
		arena_free(a);
		return rc;
	}
	struct buf err = BUF_INIT;
	char code[MESSAGE_CODE_LEN + 1];
	size_t k = 0;
	/* two rounds of the answered ones, spread over the last six months */
	for (int round = 0; !rc && round < 2; round++)
		for (size_t i = 0; !rc && i < ARRAY_SIZE(msgs); i++, k++) {
			const struct demo_msg *d = &msgs[i];
			zf_day received = today - 180 + (zf_day)(k * 160 / (2 * ARRAY_SIZE(msgs)));
			char phone[12];
			snprintf(phone, sizeof(phone), "139%08zu", k + 1);
			struct message_new m = {.kind = d->kind,
						.agency_id = ag[k % nag].id,
						.title = d->title,
						.body = d->body,
						.name = names[k % ARRAY_SIZE(names)],
						.phone = phone,
						.email = "",
						.publish_ok = k % 7 != 3,
						.received_on = received};
			long long id = 0;
			rc = store_message_add(st, DEMO_ACTOR, cal, NULL, &m, &id, code, &err);
			/* the first one goes to the wrong agency and is transferred */
			zf_day from = received;
			if (!rc && k == 0 && nag > 1) {
				from = cal_add_working_days(cal, received, 1);
				rc = store_message_transfer(st, DEMO_ACTOR, cal, id, ag[1].id,
							    "属于该部门职责范围，转其办理", from,
							    &err);
			}
			if (!rc) {
				int days = 2 + (int)(k % 6);
				zf_day on = cal_add_working_days(cal, from, days);
				rc = store_message_reply(st, DEMO_ACTOR, id, d->reply, on,
							 m.publish_ok, &err);
			}
			if (!rc && k % 3 == 0 && m.publish_ok) {
				struct message got;
				rc = store_message_get(st, a, id, &got);
				if (!rc)
					rc = store_message_rate(st, got.query_code,
								k % 9 == 0 ? "basic" : "satisfied",
								got.replied_on + 1, &err);
			}
		}
	/* open ones: recent, and one long overdue */
	for (size_t i = 0; !rc && i < ARRAY_SIZE(open_msgs); i++, k++) {
		const struct demo_msg *d = &open_msgs[i];
		char phone[12];
		snprintf(phone, sizeof(phone), "139%08zu", k + 1);
		zf_day received = i == 0 ? cal_add_working_days(cal, today - 50, 0) : today - 2;
		struct message_new m = {.kind = d->kind,
					.agency_id = ag[(k + i) % nag].id,
					.title = d->title,
					.body = d->body,
					.name = names[k % ARRAY_SIZE(names)],
					.phone = phone,
					.email = "",
					.publish_ok = true,
					.received_on = received};
		rc = store_message_add(st, DEMO_ACTOR, cal, NULL, &m, NULL, code, &err);
	}
	if (!rc)
		rc = store_audit(st, "system", "demo.seed", "messages", "政民互动演示留言");
	if (rc) {
		store_batch_rollback(st);
	} else {
		rc = store_batch_commit(st);
		*seeded = !rc;
	}
	buf_free(&err);
	arena_free(a);
	return rc;
}
