/* consult.c: the demo's 意见征集 and 在线访谈 (see consult.h). */
#include "common.h"
#include "demo/consult.h"
#include "arena.h"
#include "store/consult.h"

#define ACTOR "system"

static long long agency_named(const struct agency *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return v[i].id;
	return 0;
}

static const struct {
	const char *name, *contact, *body;
	enum consult_outcome outcome;
	const char *reason;
} elevator_comments[] = {
    {"陈建国", "13900001111", "建议明确低楼层住户的补偿标准，避免因意见分歧导致加装工作停滞。",
     OUTCOME_ADOPTED, "已在第十二条增加协商补偿的指导标准。"},
    {"", "", "希望财政补贴按照单元户数分档，户数少的单元补贴比例适当提高。", OUTCOME_PARTIAL,
     "补贴按电梯台数核定，对户数少的单元另行提高 10% 的补贴上限。"},
    {"刘敏", "liumin@example.com", "建议由政府统一出资加装电梯，业主不再分摊费用。",
     OUTCOME_REJECTED,
     "既有住宅加装电梯遵循“业主主体、政府引导”的原则，费用由业主按"
     "受益程度分摊，财政给予适当补贴。"},
    {"王秀英", "", "建议简化审批流程，实行一窗受理、并联审批。", OUTCOME_ADOPTED,
     "已在第八条规定由街道便民服务中心一窗受理。"},
    {"", "", "加装电梯后的维护保养费用由谁承担，请在办法中写明。", OUTCOME_ADOPTED,
     "已在第十五条明确维护保养责任主体。"},
};

static int seed_closed(struct store *st, long long agency, zf_day today)
{
	struct consultation_fields f = {
	    .agency_id = agency,
	    .title = "关于《示例区既有住宅加装电梯实施办法（征求意见稿）》公开征求意见",
	    .draft = "第一条　为改善既有住宅居住条件，方便群众生活，根据有关法律法规，结合本区"
		     "实际，制定本办法。\n"
		     "第二条　本办法适用于本区行政区域内已建成投入使用、未设电梯的四层以上"
		     "（含四层）住宅加装电梯。\n"
		     "第三条　加装电梯遵循“业主自愿、政府引导、因地制宜、保障安全”的原则。\n"
		     "第四条　加装电梯应当经本单元房屋专有部分面积占比三分之二以上的业主且人数"
		     "占比三分之二以上的业主参与表决，并经参与表决的业主双四分之三以上同意。",
	    .explanation = "一、起草背景\n为落实城镇老旧小区改造工作部署，回应群众加装电梯的"
			   "期盼，区住房和城乡建设局起草了本办法。\n二、主要内容\n办法共二十条，"
			   "包括适用范围、表决程序、审批流程、资金筹措、维护保养等内容。",
	    .opens_on = today - 60,
	    .closes_on = today - 31,
	    .comments_public = true,
	};
	long long id = 0;
	int rc = store_consult_add(st, ACTOR, &f, &id, NULL);
	if (!rc)
		rc = store_consult_move(st, ACTOR, id, CONSULT_OPEN, f.opens_on, NULL);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(elevator_comments); i++) {
		zf_day on = f.opens_on + 3 + (zf_day)i * 4;
		char d[11], at[21];
		date_format(on, d);
		snprintf(at, sizeof(at), "%sT0%zu:1%zu:00Z", d, 1 + i, i);
		struct consult_comment_new c = {elevator_comments[i].name,
						elevator_comments[i].contact,
						elevator_comments[i].body, at};
		long long cid = 0;
		rc = store_consult_comment_add(st, "public", id, on, &c, &cid, NULL);
		if (!rc)
			rc = store_consult_comment_judge(st, ACTOR, cid,
							 elevator_comments[i].outcome,
							 elevator_comments[i].reason, false, NULL);
	}
	if (!rc)
		rc = store_consult_move(st, ACTOR, id, CONSULT_CLOSED, today, NULL);
	if (!rc)
		rc = store_consult_publish_result(
		    st, ACTOR, id,
		    "征求意见期间，共收到社会公众意见 5 条，采纳 3 条，部分采纳 1 条，未采纳 1 "
		    "条。\n"
		    "采纳的意见主要涉及低楼层住户补偿、审批流程和维护保养责任，已在办法相应条款中"
		    "作了修改。\n"
		    "未采纳的意见为“政府统一出资加装电梯”。根据“业主主体、政府引导”的原则，费用"
		    "由业主按受益程度分摊，财政给予适当补贴，故未予采纳。\n"
		    "感谢社会各界对本办法制定工作的关心和支持。",
		    today - 20, NULL);
	return rc;
}

static int seed_open(struct store *st, long long agency, zf_day today)
{
	struct consultation_fields f = {
	    .agency_id = agency,
	    .title = "关于《示例区促进托育服务发展若干措施（征求意见稿）》公开征求意见",
	    .draft = "一、扩大普惠托育服务供给。支持社区嵌入式托育机构建设，每个街道至少建成一处"
		     "普惠托育服务机构。\n"
		     "二、加大资金支持。对新设立的普惠托育机构，按照托位数给予一次性建设补助。\n"
		     "三、加强队伍建设。将托育从业人员纳入职业技能培训补贴范围。\n"
		     "四、强化安全监管。建立托育机构备案和日常检查制度。",
	    .explanation = "为贯彻落实国家关于促进 3 岁以下婴幼儿照护服务发展的部署，解决群众"
			   "“带娃难”问题，区政府办公室会同有关部门起草了本措施。欢迎社会各界提出"
			   "意见建议。",
	    .opens_on = today - 5,
	    .closes_on = today + 24,
	    .name_required = true,
	};
	long long id = 0;
	int rc = store_consult_add(st, ACTOR, &f, &id, NULL);
	if (!rc)
		rc = store_consult_move(st, ACTOR, id, CONSULT_OPEN, f.opens_on, NULL);
	struct consult_comment_new c1 = {
	    "周丽", "13700002222", "建议托育机构的收费标准向社会公开，并设置价格上限。", NULL};
	struct consult_comment_new c2 = {"黄海", "",
					 "希望延长托育机构的服务时间，方便双职工家庭接送。", NULL};
	if (!rc)
		rc = store_consult_comment_add(st, "public", id, today - 3, &c1, NULL, NULL);
	if (!rc)
		rc = store_consult_comment_add(st, "public", id, today - 1, &c2, NULL, NULL);
	return rc;
}

static int seed_published_interview(struct store *st, long long agency, zf_day today)
{
	struct interview_fields f = {
	    .agency_id = agency,
	    .title = "解读《示例区优化营商环境若干措施》",
	    .announcement = "为帮助企业和群众了解《示例区优化营商环境若干措施》，本期在线访谈邀请"
			    "区发展和改革局、区政务服务中心负责人，解读措施出台的背景、主要内容和"
			    "惠企政策的申请方式，并回答网友关心的问题。",
	    .held_on = today - 14,
	    .held_minute = 15 * 60,
	};
	long long id = 0, q1 = 0, q2 = 0, q3 = 0;
	int rc = store_interview_add(st, ACTOR, &f, &id, NULL);
	if (!rc)
		rc = store_interview_guest_add(st, ACTOR, id, "孙立明", "区发展和改革局局长", NULL);
	if (!rc)
		rc = store_interview_guest_add(st, ACTOR, id, "吴晓红", "区政务服务中心主任", NULL);
	if (!rc)
		rc = store_interview_question_add(st, "public", id, "郑先生", "13600003333",
						  "小微企业的贷款贴息怎么申请？需要哪些材料？", &q1,
						  NULL);
	if (!rc)
		rc = store_interview_question_add(st, "public", id, "", "",
						  "企业开办现在最快多长时间能办好？", &q2, NULL);
	if (!rc)
		rc = store_interview_question_add(st, "public", id, "", "",
						  "推荐一个理财产品，收益很高。", &q3, NULL);
	if (!rc)
		rc = store_interview_question_moderate(
		    st, ACTOR, q1, QUESTION_APPROVED, true,
		    "符合条件的小微企业可通过区政务服务网在线申请，提交营业执照、贷款合同和"
		    "付息凭证即可。",
		    NULL);
	if (!rc)
		rc = store_interview_question_moderate(st, ACTOR, q2, QUESTION_APPROVED, true,
						       "材料齐全的，企业开办一个工作日内办结。",
						       NULL);
	if (!rc)
		rc = store_interview_question_moderate(st, ACTOR, q3, QUESTION_REJECTED, false, "",
						       NULL);
	if (!rc)
		rc = store_interview_move(st, ACTOR, id, INTERVIEW_LIVE, today - 14, NULL);
	if (!rc)
		rc = store_interview_move(st, ACTOR, id, INTERVIEW_FINISHED, today - 14, NULL);
	if (!rc)
		rc = store_interview_transcript(
		    st, ACTOR, id,
		    "主持人：各位网友，大家下午好！欢迎收看本期在线访谈。今天我们邀请到区发展和"
		    "改革局局长孙立明、区政务服务中心主任吴晓红。\n"
		    "孙立明：各位网友大家好。《若干措施》共 25 条，围绕市场准入、政务服务、要素"
		    "保障等方面提出了具体举措。\n"
		    "主持人：有网友问，小微企业的贷款贴息怎么申请？\n"
		    "孙立明：符合条件的小微企业可以通过区政务服务网在线申请，提交营业执照、贷款"
		    "合同和付息凭证即可，我们在 15 个工作日内完成审核。\n"
		    "主持人：企业开办现在最快多长时间能办好？\n"
		    "吴晓红：材料齐全的，企业开办一个工作日内办结，印章刻制和首套发票免费。\n"
		    "主持人：感谢两位嘉宾，感谢各位网友的参与，本期访谈到此结束。",
		    NULL);
	if (!rc)
		rc = store_interview_move(st, ACTOR, id, INTERVIEW_PUBLISHED, today - 12, NULL);
	return rc;
}

static int seed_announced_interview(struct store *st, long long agency, zf_day today)
{
	struct interview_fields f = {
	    .agency_id = agency,
	    .title = "义务教育阶段招生入学政策解读",
	    .announcement = "本期在线访谈邀请区教育局负责人，介绍今年义务教育阶段招生入学的"
			    "主要政策、报名时间和办理流程。欢迎家长朋友在访谈前提出问题，我们将"
			    "在访谈中选择回答。",
	    .held_on = today + 6,
	    .held_minute = 10 * 60,
	};
	long long id = 0, q1 = 0;
	int rc = store_interview_add(st, ACTOR, &f, &id, NULL);
	if (!rc)
		rc = store_interview_guest_add(st, ACTOR, id, "何志强", "区教育局副局长", NULL);
	if (!rc)
		rc = store_interview_guest_add(st, ACTOR, id, "林芳", "区教育局基础教育科科长",
					       NULL);
	if (!rc)
		rc = store_interview_question_add(st, "public", id, "马女士", "13500004444",
						  "随迁子女入学需要准备哪些材料？", &q1, NULL);
	if (!rc)
		rc = store_interview_question_moderate(st, ACTOR, q1, QUESTION_APPROVED, false, "",
						       NULL);
	if (!rc)
		rc = store_interview_question_add(st, "public", id, "", "",
						  "学区划分今年会调整吗？", NULL, NULL);
	return rc;
}

int demo_seed_consult(struct store *st, zf_day today, bool *seeded)
{
	*seeded = false;
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct consultation *cv;
	struct interview *iv;
	size_t nc = 0, ni = 0;
	int rc = store_consult_list(st, a, 0, false, &cv, &nc);
	if (!rc)
		rc = store_interview_list(st, a, 0, &iv, &ni);
	if (rc || nc || ni) {
		arena_free(a);
		return rc;
	}
	struct agency *v;
	size_t n;
	rc = store_agency_list(st, a, &v, &n);
	long long gov = rc ? 0 : agency_named(v, n, "示例区人民政府");
	long long office = rc ? 0 : agency_named(v, n, "示例区人民政府办公室");
	long long housing = rc ? 0 : agency_named(v, n, "示例区住房和城乡建设局");
	arena_free(a);
	if (rc || !gov || !office || !housing)
		return rc;
	if ((rc = store_write_begin(st)))
		return rc;
	rc = seed_closed(st, housing, today);
	if (!rc)
		rc = seed_open(st, office, today);
	if (!rc)
		rc = seed_published_interview(st, gov, today);
	if (!rc)
		rc = seed_announced_interview(st, gov, today);
	rc = store_write_end(st, rc);
	*seeded = rc == 0;
	return rc;
}
