/* report_format.c: the annual-report formats as static tables (disclosure-rules.md §3). */
#include "common.h"
#include "law/report_format.h"

static const char T3_SECTION[] = "三、本年度办理结果";

const struct report_t3_col_def report_t3_cols[REPORT_T3_COLS] = {
    {REPORT_COL_NATURAL_PERSON, "natural_person", "自然人", NULL},
    {REPORT_COL_COMMERCIAL, "commercial", "商业企业", "法人或其他组织"},
    {REPORT_COL_RESEARCH, "research", "科研机构", "法人或其他组织"},
    {REPORT_COL_SOCIAL_WELFARE, "social_welfare", "社会公益组织", "法人或其他组织"},
    {REPORT_COL_LEGAL_SERVICE, "legal_service", "法律服务机构", "法人或其他组织"},
    {REPORT_COL_OTHER, "other", "其他", "法人或其他组织"},
    {REPORT_COL_TOTAL, "total", "总计", NULL},
};

const struct report_t4_group_def report_t4_groups[REPORT_T4_GROUPS] = {
    {REPORT_T4_REVIEW, "review", "行政复议", NULL},
    {REPORT_T4_LITIGATION_DIRECT, "litigation_direct", "未经复议直接起诉", "行政诉讼"},
    {REPORT_T4_LITIGATION_AFTER_REVIEW, "litigation_after_review", "复议后起诉", "行政诉讼"},
};

const char *const report_t4_field_keys[REPORT_T4_FIELDS] = {
    "upheld", "corrected", "other", "pending", "total",
};

const char *const report_t4_field_labels[REPORT_T4_FIELDS] = {
    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
};

const struct report_t2_item_def report_t2_items[REPORT_T2_ITEMS] = {
    {REPORT_T2_REGULATIONS, "regulations"},
    {REPORT_T2_NORMATIVE_DOCUMENTS, "normative_documents"},
    {REPORT_T2_LICENSING, "licensing"},
    {REPORT_T2_OTHER_SERVICES, "other_services"},
    {REPORT_T2_PENALTIES, "penalties"},
    {REPORT_T2_ENFORCEMENT, "enforcement"},
    {REPORT_T2_FEES, "fees"},
    {REPORT_T2_PROCUREMENT, "procurement"},
};

const struct report_t2_field_def report_t2_fields[REPORT_T2_FIELDS] = {
    {REPORT_T2_ISSUED, "issued", REPORT_KIND_COUNT},
    {REPORT_T2_REPEALED, "repealed", REPORT_KIND_COUNT},
    {REPORT_T2_IN_FORCE, "in_force", REPORT_KIND_COUNT},
    {REPORT_T2_MADE, "made", REPORT_KIND_COUNT},
    {REPORT_T2_PUBLISHED, "published", REPORT_KIND_COUNT},
    {REPORT_T2_PUBLIC_TOTAL, "public_total", REPORT_KIND_COUNT},
    {REPORT_T2_PRIOR_ITEMS, "prior_items", REPORT_KIND_COUNT},
    {REPORT_T2_CHANGE, "change", REPORT_KIND_SIGNED},
    {REPORT_T2_DECISIONS, "decisions", REPORT_KIND_COUNT},
    {REPORT_T2_AMOUNT, "amount_wan_yuan", REPORT_KIND_AMOUNT},
    {REPORT_T2_PROJECTS, "projects", REPORT_KIND_COUNT},
};

/* Row keys, full labels (2021 wording with the section prefix) and short names. */
static const struct {
	const char *key;
	const char *full;
	const char *shortname;
} t3_row_names[REPORT_T3_ROWS] = {
    {"received_new", "一、本年新收政府信息公开申请数量", "本年新收"},
    {"received_carried_over", "二、上年结转政府信息公开申请数量", "上年结转"},
    {"granted", "三（一）予以公开", "予以公开"},
    {"partially_granted", "三（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"},
    {"withheld_state_secret", "三（三）1.属于国家秘密", "不予公开·属于国家秘密"},
    {"withheld_prohibited_by_law", "三（三）2.其他法律行政法规禁止公开",
     "不予公开·其他法律行政法规禁止公开"},
    {"withheld_three_safeties", "三（三）3.危及“三安全一稳定”", "不予公开·危及“三安全一稳定”"},
    {"withheld_third_party_rights", "三（三）4.保护第三方合法权益", "不予公开·保护第三方合法权益"},
    {"withheld_internal_affairs", "三（三）5.属于三类内部事务信息",
     "不予公开·属于三类内部事务信息"},
    {"withheld_process_info", "三（三）6.属于四类过程性信息", "不予公开·属于四类过程性信息"},
    {"withheld_enforcement_file", "三（三）7.属于行政执法案卷", "不予公开·属于行政执法案卷"},
    {"withheld_administrative_query", "三（三）8.属于行政查询事项", "不予公开·属于行政查询事项"},
    {"unavailable_not_held", "三（四）1.本机关不掌握相关政府信息",
     "无法提供·本机关不掌握相关政府信息"},
    {"unavailable_needs_creation", "三（四）2.没有现成信息需要另行制作",
     "无法提供·没有现成信息需要另行制作"},
    {"unavailable_still_unclear", "三（四）3.补正后申请内容仍不明确",
     "无法提供·补正后申请内容仍不明确"},
    {"not_processed_petition", "三（五）1.信访举报投诉类申请", "不予处理·信访举报投诉类申请"},
    {"not_processed_repeated", "三（五）2.重复申请", "不予处理·重复申请"},
    {"not_processed_publication", "三（五）3.要求提供公开出版物", "不予处理·要求提供公开出版物"},
    {"not_processed_excessive", "三（五）4.无正当理由大量反复申请",
     "不予处理·无正当理由大量反复申请"},
    {"not_processed_confirmation", "三（五）5.要求行政机关确认或重新出具已获取信息",
     "不予处理·要求行政机关确认或重新出具已获取信息"},
    {"other_no_supplement",
     "三（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "其他处理·逾期不补正"},
    {"other_fee_unpaid",
     "三（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     "其他处理·逾期未缴费"},
    {"other_other", "三（六）3.其他", "其他处理·其他"},
    {"results_total", "三（七）总计", "办理结果总计"},
    {"carried_forward", "四、结转下年度继续办理", "结转下年度"},
};

#define G3 "（三）不予公开"
#define G4 "（四）无法提供"
#define G5 "（五）不予处理"
#define G6 "（六）其他处理"

static const struct report_t3_row_def t3_rows_2021[] = {
    {REPORT_T3_RECEIVED_NEW, NULL, NULL, "一、本年新收政府信息公开申请数量"},
    {REPORT_T3_RECEIVED_CARRIED_OVER, NULL, NULL, "二、上年结转政府信息公开申请数量"},
    {REPORT_T3_GRANTED, T3_SECTION, NULL, "（一）予以公开"},
    {REPORT_T3_PARTIALLY_GRANTED, T3_SECTION, NULL,
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {REPORT_T3_WITHHELD_STATE_SECRET, T3_SECTION, G3, "1.属于国家秘密"},
    {REPORT_T3_WITHHELD_PROHIBITED_BY_LAW, T3_SECTION, G3, "2.其他法律行政法规禁止公开"},
    {REPORT_T3_WITHHELD_THREE_SAFETIES, T3_SECTION, G3, "3.危及“三安全一稳定”"},
    {REPORT_T3_WITHHELD_THIRD_PARTY_RIGHTS, T3_SECTION, G3, "4.保护第三方合法权益"},
    {REPORT_T3_WITHHELD_INTERNAL_AFFAIRS, T3_SECTION, G3, "5.属于三类内部事务信息"},
    {REPORT_T3_WITHHELD_PROCESS_INFO, T3_SECTION, G3, "6.属于四类过程性信息"},
    {REPORT_T3_WITHHELD_ENFORCEMENT_FILE, T3_SECTION, G3, "7.属于行政执法案卷"},
    {REPORT_T3_WITHHELD_ADMINISTRATIVE_QUERY, T3_SECTION, G3, "8.属于行政查询事项"},
    {REPORT_T3_UNAVAILABLE_NOT_HELD, T3_SECTION, G4, "1.本机关不掌握相关政府信息"},
    {REPORT_T3_UNAVAILABLE_NEEDS_CREATION, T3_SECTION, G4, "2.没有现成信息需要另行制作"},
    {REPORT_T3_UNAVAILABLE_STILL_UNCLEAR, T3_SECTION, G4, "3.补正后申请内容仍不明确"},
    {REPORT_T3_NOT_PROCESSED_PETITION, T3_SECTION, G5, "1.信访举报投诉类申请"},
    {REPORT_T3_NOT_PROCESSED_REPEATED, T3_SECTION, G5, "2.重复申请"},
    {REPORT_T3_NOT_PROCESSED_PUBLICATION, T3_SECTION, G5, "3.要求提供公开出版物"},
    {REPORT_T3_NOT_PROCESSED_EXCESSIVE, T3_SECTION, G5, "4.无正当理由大量反复申请"},
    {REPORT_T3_NOT_PROCESSED_CONFIRMATION, T3_SECTION, G5,
     "5.要求行政机关确认或重新出具已获取信息"},
    {REPORT_T3_OTHER_NO_SUPPLEMENT, T3_SECTION, G6,
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
    {REPORT_T3_OTHER_FEE_UNPAID, T3_SECTION, G6,
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
    {REPORT_T3_OTHER_OTHER, T3_SECTION, G6, "3.其他"},
    {REPORT_T3_RESULTS_TOTAL, T3_SECTION, NULL, "（七）总计"},
    {REPORT_T3_CARRIED_FORWARD, NULL, NULL, "四、结转下年度继续办理"},
};

/* 2019: 三（六）其他处理 is one row without sub-rows (§3.2). */
static const struct report_t3_row_def t3_rows_2019[] = {
    {REPORT_T3_RECEIVED_NEW, NULL, NULL, "一、本年新收政府信息公开申请数量"},
    {REPORT_T3_RECEIVED_CARRIED_OVER, NULL, NULL, "二、上年结转政府信息公开申请数量"},
    {REPORT_T3_GRANTED, T3_SECTION, NULL, "（一）予以公开"},
    {REPORT_T3_PARTIALLY_GRANTED, T3_SECTION, NULL,
     "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {REPORT_T3_WITHHELD_STATE_SECRET, T3_SECTION, G3, "1.属于国家秘密"},
    {REPORT_T3_WITHHELD_PROHIBITED_BY_LAW, T3_SECTION, G3, "2.其他法律行政法规禁止公开"},
    {REPORT_T3_WITHHELD_THREE_SAFETIES, T3_SECTION, G3, "3.危及“三安全一稳定”"},
    {REPORT_T3_WITHHELD_THIRD_PARTY_RIGHTS, T3_SECTION, G3, "4.保护第三方合法权益"},
    {REPORT_T3_WITHHELD_INTERNAL_AFFAIRS, T3_SECTION, G3, "5.属于三类内部事务信息"},
    {REPORT_T3_WITHHELD_PROCESS_INFO, T3_SECTION, G3, "6.属于四类过程性信息"},
    {REPORT_T3_WITHHELD_ENFORCEMENT_FILE, T3_SECTION, G3, "7.属于行政执法案卷"},
    {REPORT_T3_WITHHELD_ADMINISTRATIVE_QUERY, T3_SECTION, G3, "8.属于行政查询事项"},
    {REPORT_T3_UNAVAILABLE_NOT_HELD, T3_SECTION, G4, "1.本机关不掌握相关政府信息"},
    {REPORT_T3_UNAVAILABLE_NEEDS_CREATION, T3_SECTION, G4, "2.没有现成信息需要另行制作"},
    {REPORT_T3_UNAVAILABLE_STILL_UNCLEAR, T3_SECTION, G4, "3.补正后申请内容仍不明确"},
    {REPORT_T3_NOT_PROCESSED_PETITION, T3_SECTION, G5, "1.信访举报投诉类申请"},
    {REPORT_T3_NOT_PROCESSED_REPEATED, T3_SECTION, G5, "2.重复申请"},
    {REPORT_T3_NOT_PROCESSED_PUBLICATION, T3_SECTION, G5, "3.要求提供公开出版物"},
    {REPORT_T3_NOT_PROCESSED_EXCESSIVE, T3_SECTION, G5, "4.无正当理由大量反复申请"},
    {REPORT_T3_NOT_PROCESSED_CONFIRMATION, T3_SECTION, G5,
     "5.要求行政机关确认或重新出具已获取信息"},
    {REPORT_T3_OTHER_OTHER, T3_SECTION, NULL, "（六）其他处理"},
    {REPORT_T3_RESULTS_TOTAL, T3_SECTION, NULL, "（七）总计"},
    {REPORT_T3_CARRIED_FORWARD, NULL, NULL, "四、结转下年度继续办理"},
};

static const struct report_t2_table t2_2021[] = {
    {"第二十条第（一）项",
     2,
     {REPORT_T2_REGULATIONS, REPORT_T2_NORMATIVE_DOCUMENTS},
     {"规章", "行政规范性文件"},
     3,
     {REPORT_T2_ISSUED, REPORT_T2_REPEALED, REPORT_T2_IN_FORCE},
     {"本年制发件数", "本年废止件数", "现行有效件数"}},
    {"第二十条第（五）项",
     1,
     {REPORT_T2_LICENSING},
     {"行政许可"},
     1,
     {REPORT_T2_DECISIONS},
     {"本年处理决定数量"}},
    {"第二十条第（六）项",
     2,
     {REPORT_T2_PENALTIES, REPORT_T2_ENFORCEMENT},
     {"行政处罚", "行政强制"},
     1,
     {REPORT_T2_DECISIONS},
     {"本年处理决定数量"}},
    {"第二十条第（八）项",
     1,
     {REPORT_T2_FEES},
     {"行政事业性收费"},
     1,
     {REPORT_T2_AMOUNT},
     {"本年收费金额（单位：万元）"}},
};

static const struct report_t2_table t2_2019[] = {
    {"第二十条第（一）项",
     2,
     {REPORT_T2_REGULATIONS, REPORT_T2_NORMATIVE_DOCUMENTS},
     {"规章", "规范性文件"},
     3,
     {REPORT_T2_MADE, REPORT_T2_PUBLISHED, REPORT_T2_PUBLIC_TOTAL},
     {"本年新制作数量", "本年新公开数量", "对外公开总数量"}},
    {"第二十条第（五）项",
     2,
     {REPORT_T2_LICENSING, REPORT_T2_OTHER_SERVICES},
     {"行政许可", "其他对外管理服务事项"},
     3,
     {REPORT_T2_PRIOR_ITEMS, REPORT_T2_CHANGE, REPORT_T2_DECISIONS},
     {"上一年项目数量", "本年增/减", "处理决定数量"}},
    {"第二十条第（六）项",
     2,
     {REPORT_T2_PENALTIES, REPORT_T2_ENFORCEMENT},
     {"行政处罚", "行政强制"},
     3,
     {REPORT_T2_PRIOR_ITEMS, REPORT_T2_CHANGE, REPORT_T2_DECISIONS},
     {"上一年项目数量", "本年增/减", "处理决定数量"}},
    {"第二十条第（八）项",
     1,
     {REPORT_T2_FEES},
     {"行政事业性收费"},
     2,
     {REPORT_T2_PRIOR_ITEMS, REPORT_T2_CHANGE},
     {"上一年项目数量", "本年增/减"}},
    {"第二十条第（九）项",
     1,
     {REPORT_T2_PROCUREMENT},
     {"政府集中采购"},
     2,
     {REPORT_T2_PROJECTS, REPORT_T2_AMOUNT},
     {"采购项目数量", "采购总金额（单位：万元）"}},
};

/* The standard 统计表 lines as reconstructed in disclosure-rules.md §3.3. */
static const struct report_legacy_def legacy_lines[] = {
    {1, "一、主动公开情况", NULL},
    {2, "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条"},
    {4, "其中：主动公开规范性文件数", "条"},
    {4, "制发规范性文件总数", "件"},
    {2, "（二）通过不同渠道和方式公开政府信息的情况", NULL},
    {3, "1.政府公报公开政府信息数", "条"},
    {3, "2.政府网站公开政府信息数", "条"},
    {3, "3.政务微博公开政府信息数", "条"},
    {3, "4.政务微信公开政府信息数", "条"},
    {3, "5.其他方式公开政府信息数", "条"},
    {1, "二、回应解读情况", NULL},
    {2, "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次"},
    {2, "（二）通过不同渠道和方式回应解读的情况", NULL},
    {3, "1.参加或举办新闻发布会总次数", "次"},
    {4, "其中：主要负责同志参加新闻发布会次数", "次"},
    {3, "2.政府网站在线访谈次数", "次"},
    {4, "其中：主要负责同志参加政府网站在线访谈次数", "次"},
    {3, "3.政策解读稿件发布数", "篇"},
    {3, "4.微博微信回应事件数", "次"},
    {3, "5.其他方式回应事件数", "次"},
    {1, "三、依申请公开情况", NULL},
    {2, "（一）收到申请数", "件"},
    {3, "1.当面申请数", "件"},
    {3, "2.传真申请数", "件"},
    {3, "3.网络申请数", "件"},
    {3, "4.信函申请数", "件"},
    {2, "（二）申请办结数", "件"},
    {3, "1.按时办结数", "件"},
    {3, "2.延期办结数", "件"},
    {2, "（三）申请答复数", "件"},
    {3, "1.属于已主动公开范围数", "件"},
    {3, "2.同意公开答复数", "件"},
    {3, "3.同意部分公开答复数", "件"},
    {3, "4.不同意公开答复数", "件"},
    {4, "其中：涉及国家秘密", "件"},
    {4, "涉及商业秘密", "件"},
    {4, "涉及个人隐私", "件"},
    {4, "危及国家安全、公共安全、经济安全和社会稳定", "件"},
    {4, "不是《条例》所指政府信息", "件"},
    {4, "法律法规规定的其他情形", "件"},
    {3, "5.不属于本行政机关公开数", "件"},
    {3, "6.申请信息不存在数", "件"},
    {3, "7.告知作出更改补充数", "件"},
    {3, "8.告知通过其他途径办理数", "件"},
    {1, "四、行政复议数量", "件"},
    {2, "（一）维持具体行政行为数", "件"},
    {2, "（二）被依法纠错数", "件"},
    {2, "（三）其他情形数", "件"},
    {1, "五、行政诉讼数量", "件"},
    {2, "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"},
    {2, "（二）被依法纠错数", "件"},
    {2, "（三）其他情形数", "件"},
    {1, "六、举报投诉数量", "件"},
    {1, "七、依申请公开信息收取的费用", "万元"},
    {1, "八、机构建设和保障经费情况", NULL},
    {2, "（一）政府信息公开工作专门机构数", "个"},
    {2, "（二）设置政府信息公开查阅点数", "个"},
    {2, "（三）从事政府信息公开工作人员数", "人"},
    {3, "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"},
    {3, "2.兼职人员数", "人"},
    {2, "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
     "万元"},
    {1, "九、政府信息公开会议和培训情况", NULL},
    {2, "（一）召开政府信息公开工作会议或专题会议数", "次"},
    {2, "（二）举办各类培训班数", "次"},
    {2, "（三）接受培训人员数", "人次"},
};

static const char T3_NOTE[] =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

static const struct report_format formats[] = {
    {REPORT_FORMAT_2021, "2021", "国办公开办函〔2021〕30号格式", "二、主动公开政府信息情况",
     "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", T3_NOTE,
     ARRAY_SIZE(t2_2021), t2_2021, ARRAY_SIZE(t3_rows_2021), t3_rows_2021, 0, NULL},
    {REPORT_FORMAT_2019, "2019", "国办公开办函〔2019〕60号格式（试行）", "二、主动公开政府信息情况",
     "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", T3_NOTE,
     ARRAY_SIZE(t2_2019), t2_2019, ARRAY_SIZE(t3_rows_2019), t3_rows_2019, 0, NULL},
    {REPORT_FORMAT_LEGACY, "legacy", "政府信息公开情况统计表（2019年以前）", NULL, NULL, NULL, NULL,
     0, NULL, 0, NULL, ARRAY_SIZE(legacy_lines), legacy_lines},
};

const struct report_format *report_format_get(enum report_format_id id)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].id == id)
			return &formats[i];
	return NULL;
}

const struct report_format *report_format_by_key(const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcmp(formats[i].key, key))
			return &formats[i];
	return NULL;
}

enum report_format_id report_format_for_year(int year)
{
	if (year >= 2021)
		return REPORT_FORMAT_2021;
	if (year >= 2019)
		return REPORT_FORMAT_2019;
	return REPORT_FORMAT_LEGACY;
}

const char *report_t3_row_key(enum report_t3_row row)
{
	if ((unsigned)row >= REPORT_T3_ROWS)
		BUG("table 3 row %d", (int)row);
	return t3_row_names[row].key;
}

const char *report_t3_row_full_label(enum report_t3_row row)
{
	if ((unsigned)row >= REPORT_T3_ROWS)
		BUG("table 3 row %d", (int)row);
	return t3_row_names[row].full;
}

const char *report_t3_row_short(enum report_t3_row row)
{
	if ((unsigned)row >= REPORT_T3_ROWS)
		BUG("table 3 row %d", (int)row);
	return t3_row_names[row].shortname;
}

int report_t3_row_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T3_ROWS; i++)
		if (key && !strcmp(t3_row_names[i].key, key))
			return i;
	return -1;
}

int report_t3_col_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T3_COLS; i++)
		if (key && !strcmp(report_t3_cols[i].key, key))
			return i;
	return -1;
}

int report_t4_group_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T4_GROUPS; i++)
		if (key && !strcmp(report_t4_groups[i].key, key))
			return i;
	return -1;
}

int report_t4_field_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T4_FIELDS; i++)
		if (key && !strcmp(report_t4_field_keys[i], key))
			return i;
	return -1;
}

int report_t2_item_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T2_ITEMS; i++)
		if (key && !strcmp(report_t2_items[i].key, key))
			return i;
	return -1;
}

int report_t2_field_by_key(const char *key)
{
	for (int i = 0; i < REPORT_T2_FIELDS; i++)
		if (key && !strcmp(report_t2_fields[i].key, key))
			return i;
	return -1;
}

bool report_format_has_t3_row(const struct report_format *f, enum report_t3_row row)
{
	if (!f)
		return false;
	for (size_t i = 0; i < f->nt3_rows; i++)
		if (f->t3_rows[i].row == row)
			return true;
	return false;
}

bool report_format_has_t2_cell(const struct report_format *f, enum report_t2_item item,
			       enum report_t2_field field, const char **item_label,
			       const char **field_label)
{
	if (!f)
		return false;
	for (size_t t = 0; t < f->nt2; t++) {
		const struct report_t2_table *tab = &f->t2[t];
		for (size_t i = 0; i < tab->nitems; i++) {
			if (tab->items[i] != item)
				continue;
			for (size_t j = 0; j < tab->nfields; j++) {
				if (tab->fields[j] != field)
					continue;
				if (item_label)
					*item_label = tab->item_labels[i];
				if (field_label)
					*field_label = tab->field_labels[j];
				return true;
			}
		}
	}
	return false;
}

/* Level of a legacy line from its numbering: 1 "一、", 2 "（一）"/"(一)", 3 "1.", 4 other
 * (其中 lines and their unnumbered siblings). */
int report_legacy_level(const char *label)
{
	static const char *const cn[] = {"一", "二", "三", "四", "五",
					 "六", "七", "八", "九", "十"};
	const char *s = label;
	if (!strncmp(s, "(", 1) || !strncmp(s, "（", 3)) {
		s += *s == '(' ? 1 : 3;
		for (size_t i = 0; i < ARRAY_SIZE(cn); i++)
			if (!strncmp(s, cn[i], strlen(cn[i])))
				return 2;
		return 4;
	}
	if (*s >= '0' && *s <= '9')
		return 3;
	bool numeral = false;
	for (;;) {
		bool hit = false;
		for (size_t i = 0; i < ARRAY_SIZE(cn); i++) {
			if (!strncmp(s, cn[i], strlen(cn[i]))) {
				s += strlen(cn[i]);
				hit = numeral = true;
				break;
			}
		}
		if (!hit)
			break;
	}
	return numeral && !strncmp(s, "、", 3) ? 1 : 4;
}
