/* decision.c: the table of reply decisions, one per table-3 result row. */
#include "common.h"
#include "decision.h"

#define LAW "《中华人民共和国政府信息公开条例》"

/* 行政复议法 Art. 20 (60 days), 行政诉讼法 Art. 46 (6 months), 条例 Art. 51 (complaints). */
#define REMEDY_REPLY                                                                                                                           \
	"申请人对本答复不服的，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之" \
	"日"                                                                                                                                  \
	"起六个月内依法向人民法院提起行政诉讼；也可以依照" LAW                                                                                 \
	"第五十一条向上一级行政机关或者政府"                                                                                  \
	"信息公开工作主管部门投诉、举报。"
#define REMEDY_STOPPED                                                                                                                         \
	"申请人对行政机关不再处理其政府信息公开申请不服的，可以自收到本告知之日起六十日内依法申请" \
	"行"                                                                                                                                  \
	"政复议，或者自收到本告知之日起六个月内依法向人民法院提起行政诉讼。"
/* 国办函〔2020〕109号 as summarised in spec §2.3: the fee itself is not separately reviewable. */
#define REMEDY_FEE "收费决定不能单独申请行政复议或者提起行政诉讼；" REMEDY_STOPPED

#define WITHHELD_BASIS(art) LAW art "、第三十六条第（三）项"

const struct decision decision_table[DECISION_COUNT] = {
    {"granted", DECISION_GRANTED, "三（一）予以公开", "予以公开", LAW "第三十六条第（二）项",
     "已经主动公开的，依据第三十六条第（一）项告知获取该政府信息的方式、途径", REMEDY_REPLY, 0},
    {"partially_granted", DECISION_PARTIALLY_GRANTED,
     "三（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", LAW "第三十七条",
     "提供可以公开的部分，并对不予公开的部分说明理由", REMEDY_REPLY, 0},
    {"withheld_state_secret", DECISION_WITHHELD, "三（三）1.属于国家秘密",
     "不予公开（属于国家秘密）", WITHHELD_BASIS("第十四条"), NULL, REMEDY_REPLY, 0},
    {"withheld_prohibited_by_law", DECISION_WITHHELD, "三（三）2.其他法律行政法规禁止公开",
     "不予公开（其他法律行政法规禁止公开）", WITHHELD_BASIS("第十四条"), NULL, REMEDY_REPLY, 0},
    {"withheld_three_safeties", DECISION_WITHHELD, "三（三）3.危及“三安全一稳定”",
     "不予公开（危及“三安全一稳定”）", WITHHELD_BASIS("第十四条"), NULL, REMEDY_REPLY, 0},
    {"withheld_third_party_rights", DECISION_WITHHELD, "三（三）4.保护第三方合法权益",
     "不予公开（保护第三方合法权益）", WITHHELD_BASIS("第十五条"),
     "征求第三方意见后第三方不同意公开且有合理理由的，并依据第三十二条", REMEDY_REPLY, 0},
    {"withheld_internal_affairs", DECISION_WITHHELD, "三（三）5.属于三类内部事务信息",
     "不予公开（属于三类内部事务信息）", WITHHELD_BASIS("第十六条第一款"), NULL, REMEDY_REPLY, 0},
    {"withheld_process_info", DECISION_WITHHELD, "三（三）6.属于四类过程性信息",
     "不予公开（属于四类过程性信息）", WITHHELD_BASIS("第十六条第二款"), NULL, REMEDY_REPLY, 0},
    {"withheld_enforcement_file", DECISION_WITHHELD, "三（三）7.属于行政执法案卷",
     "不予公开（属于行政执法案卷）", WITHHELD_BASIS("第十六条第二款"), NULL, REMEDY_REPLY, 0},
    {"withheld_administrative_query", DECISION_WITHHELD, "三（三）8.属于行政查询事项",
     "不予公开（属于行政查询事项）", LAW "第三十六条第（七）项",
     "工商、不动产登记资料等法律、行政法规另有规定的，告知申请人依照有关规定办理", REMEDY_REPLY, 0},
    {"unavailable_not_held", DECISION_UNAVAILABLE, "三（四）1.本机关不掌握相关政府信息",
     "无法提供（本机关不掌握相关政府信息）", LAW "第三十六条第（四）项",
     "不属于本机关负责公开的，依据第三十六条第（五）项说明理由，能够确定负责公开的机关的，告知"
     "其名称、联系方式",
     REMEDY_REPLY, 0},
    {"unavailable_needs_creation", DECISION_UNAVAILABLE, "三（四）2.没有现成信息需要另行制作",
     "无法提供（没有现成信息需要另行制作）", LAW "第三十八条", NULL, REMEDY_REPLY, 0},
    {"unavailable_still_unclear", DECISION_UNAVAILABLE, "三（四）3.补正后申请内容仍不明确",
     "无法提供（补正后申请内容仍不明确）", LAW "第三十条", NULL, REMEDY_REPLY,
     DECISION_NEEDS_SUPPLEMENT},
    {"not_processed_petition", DECISION_NOT_PROCESSED, "三（五）1.信访举报投诉类申请",
     "不予处理（信访举报投诉类申请）", LAW "第三十九条第一款", "可以告知申请人通过相应渠道提出",
     REMEDY_REPLY, 0},
    {"not_processed_repeated", DECISION_NOT_PROCESSED, "三（五）2.重复申请", "不予处理（重复申请）",
     LAW "第三十六条第（六）项", NULL, REMEDY_REPLY, 0},
    {"not_processed_publication", DECISION_NOT_PROCESSED, "三（五）3.要求提供公开出版物",
     "不予处理（要求提供公开出版物）", LAW "第三十九条第二款", "可以告知获取的途径", REMEDY_REPLY,
     0},
    {"not_processed_excessive", DECISION_NOT_PROCESSED, "三（五）4.无正当理由大量反复申请",
     "不予处理（无正当理由大量反复申请）", LAW "第三十五条", NULL, REMEDY_REPLY, 0},
    {"not_processed_confirmation", DECISION_NOT_PROCESSED,
     "三（五）5.要求行政机关确认或重新出具已获取信息",
     "不予处理（要求行政机关确认或重新出具已获取信息）", NULL,
     "条例未设专门条款，答复时应说明不予处理的理由", REMEDY_REPLY, 0},
    {"other_no_supplement", DECISION_OTHER,
     "三（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "其他处理（逾期不补正）", LAW "第三十条", "视为放弃申请，行政机关不再处理", REMEDY_STOPPED,
     DECISION_BY_LAPSE},
    {"other_fee_unpaid", DECISION_OTHER,
     "三（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "其他处理（逾期未缴纳信息处理费）",
     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", "视为放弃申请，行政机关不再处理",
     REMEDY_FEE, DECISION_BY_LAPSE},
    {"other_other", DECISION_OTHER, "三（六）3.其他", "其他处理", NULL,
     "申请人撤回申请等其他情形，条例未设专门条款", REMEDY_REPLY, 0},
};

const struct decision *decision_by_key(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < DECISION_COUNT; i++)
		if (strcmp(decision_table[i].key, key) == 0)
			return &decision_table[i];
	return NULL;
}

int decision_lookup(struct str key, const struct decision **out, struct buf *err)
{
	for (size_t i = 0; i < DECISION_COUNT; i++) {
		if (str_eq_c(key, decision_table[i].key)) {
			*out = &decision_table[i];
			return 0;
		}
	}
	/* Quote at most 64 bytes of the key, cut at a UTF-8 character boundary. */
	size_t n = key.p ? ZF_MIN(key.len, 64) : 0;
	while (n > 0 && n < key.len && ((unsigned char)key.p[n] & 0xC0) == 0x80)
		n--;
	*out = NULL;
	buf_printf(err, "没有“%.*s”这种答复结果，可用的有：", (int)n, n ? key.p : "");
	for (size_t i = 0; i < DECISION_COUNT; i++)
		buf_printf(err, "%s%s（%s）", i ? "、" : "", decision_table[i].key,
			   decision_table[i].label);
	return ZF_ENOENT;
}

const char *decision_group_label(enum decision_group g)
{
	switch (g) {
	case DECISION_GRANTED: return "予以公开";
	case DECISION_PARTIALLY_GRANTED: return "部分公开";
	case DECISION_WITHHELD: return "不予公开";
	case DECISION_UNAVAILABLE: return "无法提供";
	case DECISION_NOT_PROCESSED: return "不予处理";
	case DECISION_OTHER: return "其他处理";
	}
	BUG("unknown decision group %d", (int)g);
}
