/* letter.c: the reply letter's templates and its composition (see letter.h). */
#include "common.h"
#include "letter.h"
#include "law/decision.h"
#include "law/fee.h"
#include "store/letters.h"

/* The findings, one per decision a reply may carry, in table-3 order. Wording follows the
 * articles the decision cites (条例 Arts. 14–16, 30, 35–39); "{basis}" is the decision's
 * basis from decision.c, so an article is written in one place only. */
static const struct letter_template templates[] = {
    {"granted",
     "经审查，您申请获取的政府信息属于可以公开的政府信息。根据{basis}的规定，本机关决定予以公开。",
     "写明所提供的信息（如随本答复书提供的文件名称、份数），或者获取该信息的方式、途径和时间；"
     "已经主动公开的，写明公开的网址或者查阅地点",
     true},
    {"partially_granted",
     "经审查，您申请获取的政府信息中，部分内容依法不予公开，其余内容可以公开，且能够作区分处理。"
     "根据{basis}的规定，本机关向您提供可以公开的部分，并对不予公开的部分说明理由。",
     "写明所提供的部分，以及不予公开部分的内容和理由（所依据的条款）", true},
    {"withheld_state_secret",
     "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。根据{basis}的规定，"
     "本机关决定不予公开。",
     "可补充说明定密的依据（不得泄露秘密内容）", false},
    {"withheld_prohibited_by_law",
     "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{basis}的规定，"
     "本机关决定不予公开。",
     "写明禁止公开该信息的法律、行政法规的名称和条款", true},
    {"withheld_three_safeties",
     "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
     "根据{basis}的规定，本机关决定不予公开。",
     "可补充说明理由", false},
    {"withheld_third_party_rights",
     "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开后会损害第三方合法权益。"
     "根据{basis}的规定，本机关决定不予公开。",
     "写明所涉第三方权益的种类；已书面征求第三方意见的，写明征求意见的情况", true},
    {"withheld_internal_affairs",
     "经审查，您申请获取的政府信息属于本机关的人事管理、后勤管理、内部工作流程等内部事务信息。"
     "根据{basis}的规定，本机关决定不予公开。",
     "可补充说明理由", false},
    {"withheld_process_info",
     "经审查，您申请获取的政府信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
     "磋商信函、请示报告等过程性信息。根据{basis}的规定，本机关决定不予公开。",
     "可补充说明理由", false},
    {"withheld_enforcement_file",
     "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{basis}的规定，本机关决定不予公开。",
     "可补充说明理由", false},
    {"withheld_administrative_query",
     "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该类信息的"
     "获取有特别规定。根据{basis}的规定，请您依照有关法律、行政法规的规定办理。",
     "写明办理的机关和途径", true},
    {"unavailable_not_held",
     "经检索查找，本机关未制作、获取您申请公开的政府信息，该政府信息不存在。根据{basis}的规定，"
     "特此告知。",
     "不属于本机关负责公开的，说明理由；能够确定负责公开的机关的，写明其名称、联系方式", false},
    {"unavailable_needs_creation",
     "经审查，本机关没有您所申请的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析。"
     "根据{basis}的规定，本机关不予提供。",
     "可补充说明理由", false},
    {"unavailable_still_unclear",
     "本机关已告知您对申请内容作出补正，但您补正后的申请仍未能明确所需政府信息的名称、文号或者"
     "便于本机关查询的其他特征性描述，本机关无法据此提供。根据{basis}的规定，特此告知。",
     "可补充说明仍不明确之处", false},
    {"not_processed_petition",
     "经审查，您提出的申请实为信访、投诉、举报事项，不属于政府信息公开申请。根据{basis}的规定，"
     "本机关不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。",
     "可写明受理该事项的渠道", false},
    {"not_processed_repeated",
     "经审查，您已就同一政府信息向本机关提出过公开申请，本机关已依法作出答复。根据{basis}的规定，"
     "本机关不予重复处理。",
     "写明此前答复的日期和文号", true},
    {"not_processed_publication",
     "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。根据{basis}的规定，本机关不作为"
     "政府信息公开申请处理。",
     "写明获取该出版物的途径", false},
    {"not_processed_excessive",
     "经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，您提出的"
     "理由不合理。根据{basis}的规定，本机关不予处理。",
     "写明要求说明理由的时间和不合理的原因", true},
    {"not_processed_confirmation",
     "经审查，您要求本机关确认或者重新出具您已获取的信息，该要求不属于《中华人民共和国政府信息"
     "公开条例》规定的政府信息公开申请，本机关不予处理。",
     "说明理由", true},
    {"other_other", NULL, "写明处理的情形和理由（将作为答复书的正文）", true},
};

const struct letter_template *letter_template(const char *decision)
{
	for (size_t i = 0; decision && i < ARRAY_SIZE(templates); i++)
		if (strcmp(templates[i].decision, decision) == 0)
			return &templates[i];
	return NULL;
}

char *letter_date_zh(zf_day day, char out[32])
{
	struct ymd d = date_to_ymd(day);
	snprintf(out, 32, "%d年%d月%d日", d.y, d.m, d.d);
	return out;
}

/* Appends tmpl with "{basis}" replaced by basis. */
static void add_filled(struct buf *out, const char *tmpl, const char *basis)
{
	static const char mark[] = "{basis}";
	const char *p = tmpl;
	for (const char *q; (q = strstr(p, mark)); p = q + sizeof(mark) - 1) {
		buf_add(out, p, (size_t)(q - p));
		buf_adds(out, basis ? basis : "");
	}
	buf_adds(out, p);
}

/* Appends the clerk's text, one paragraph per non-blank line, trimmed. */
static size_t add_detail(struct buf *out, const char *detail)
{
	size_t paragraphs = 0;
	struct str rest = str_c(detail ? detail : "");
	while (rest.len) {
		struct str line = str_trim(str_cut(&rest, '\n'));
		if (!line.len)
			continue;
		buf_addstr(out, line);
		buf_addch(out, '\n');
		paragraphs++;
	}
	return paragraphs;
}

/* Appends s on one line: line breaks become spaces (a paragraph is one line). */
static void add_inline(struct buf *out, struct str s)
{
	for (size_t i = 0; i < s.len; i++)
		buf_addch(out, s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\t' ? ' ' : s.p[i]);
}

/* Drops a final full stop (。 . ；;), which the quotation's own "。" follows. */
static struct str trim_stop(struct str s)
{
	static const char *const stops[] = {"。", "；", ".", ";"};
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < ARRAY_SIZE(stops); i++) {
			size_t k = strlen(stops[i]);
			if (s.len >= k && memcmp(s.p + s.len - k, stops[i], k) == 0) {
				s.len -= k;
				again = true;
			}
		}
	}
	return s;
}

/* Appends the remedy sentence naming the agency's remedy bodies where it speaks of them:
 * "依法申请行政复议" becomes "依法向{review_body}申请行政复议", "依法向人民法院提起行政诉讼"
 * becomes "依法向{court}提起行政诉讼" (decision.c writes the sentences with these words). */
void letter_remedy(struct buf *out, const char *remedy, const char *review_body, const char *court)
{
	static const char review[] = "依法申请行政复议", suit[] = "依法向人民法院提起行政诉讼";
	const char *p = remedy;
	while (*p) {
		if (review_body && *review_body && strncmp(p, review, sizeof(review) - 1) == 0) {
			buf_printf(out, "依法向%s申请行政复议", review_body);
			p += sizeof(review) - 1;
		} else if (court && *court && strncmp(p, suit, sizeof(suit) - 1) == 0) {
			buf_printf(out, "依法向%s提起行政诉讼", court);
			p += sizeof(suit) - 1;
		} else {
			buf_addch(out, *p++);
		}
	}
}

static bool blank(const char *s)
{
	struct str t = str_trim(str_c(s ? s : ""));
	return t.len == 0;
}

int letter_compose(const struct letter_input *in, struct buf *out, struct buf *err)
{
	const struct decision *d = in->decision;
	const struct letter_template *t = d ? letter_template(d->key) : NULL;
	if (!t) {
		buf_setf(err, "该答复结果不能用答复书答复");
		return ZF_EINVAL;
	}
	if (blank(in->description) || in->received == 0) {
		buf_setf(err, "缺少申请内容或收到申请的日期");
		return ZF_EINVAL;
	}
	if (t->detail_required && blank(in->detail)) {
		buf_setf(err, "请填写答复说明：%s", t->detail_hint);
		return ZF_EINVAL;
	}
	const char *you = in->organisation ? "贵单位" : "您";
	char a[32], b[32];

	/* 1. what was asked and how it was handled, in the order it happened */
	buf_printf(out, "本机关于%s收到%s提出的政府信息公开申请，申请获取“",
		   letter_date_zh(in->received, a), you);
	add_inline(out, trim_stop(str_trim(str_c(in->description))));
	buf_adds(out, "”。");
	if (in->supplement_asked && in->supplement_arrived)
		buf_printf(
		    out,
		    "因申请内容不明确，本机关于%s一次性告知%s作出补正，并于%s收到%s补正后的申请。",
		    letter_date_zh(in->supplement_asked, a), you,
		    letter_date_zh(in->supplement_arrived, b), you);
	if (in->consulted_on)
		buf_printf(
		    out, "因%s，本机关于%s书面征求了%s的意见，征求意见所需时间不计算在答复期限内。",
		    in->consulted_third_party ? "申请公开的信息涉及第三方合法权益"
					      : "申请公开的信息由本机关与其他机关共同制作",
		    letter_date_zh(in->consulted_on, a),
		    in->consulted_third_party ? "第三方" : "有关机关");
	if (in->extension_days > 0 && in->extension_on)
		buf_printf(
		    out,
		    "因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，答复期限延长"
		    "%d个工作日，本机关已于%s告知%s。",
		    in->extension_days, letter_date_zh(in->extension_on, a), you);
	if (in->fee_noticed && in->fee_paid)
		buf_printf(out, "本机关于%s向%s发出收费通知，%s已于%s缴纳信息处理费。",
			   letter_date_zh(in->fee_noticed, a), you, you,
			   letter_date_zh(in->fee_paid, b));
	buf_adds(out, "现答复如下：\n");

	/* 2. the finding with its legal basis, then the clerk's text */
	if (t->finding) {
		add_filled(out, t->finding, d->basis);
		buf_addch(out, '\n');
	}
	add_detail(out, in->detail);

	/* 3. closing and remedies */
	buf_adds(out, "特此答复。\n");
	letter_remedy(out, d->remedy, in->review_body, in->court);
	buf_addch(out, '\n');
	if (out->failed) {
		buf_setf(err, "内存不足");
		return ZF_ENOMEM;
	}
	return 0;
}

#define LAW "《中华人民共和国政府信息公开条例》"

/* The clerk's text on one line (a quotation inside a sentence). */
static void add_detail_inline(struct buf *out, const char *detail)
{
	add_inline(out, trim_stop(str_trim(str_c(detail ? detail : ""))));
}

int letter_compose_notice(const struct letter_notice_input *in, struct buf *out, struct buf *err)
{
	if (blank(in->description) || in->received == 0) {
		buf_setf(err, "缺少申请内容或收到申请的日期");
		return ZF_EINVAL;
	}
	const char *you = in->organisation ? "贵单位" : "您";
	char a[32], b[32];
	bool third = in->kind == LETTER_CONSULTATION;
	switch (in->kind) {
	case LETTER_SUPPLEMENT:
		if (blank(in->detail))
			goto missing;
		break;
	case LETTER_EXTENSION:
		if (blank(in->detail) || in->extension_days <= 0 || !in->due)
			goto missing;
		break;
	case LETTER_CONSULTATION:
		if (!in->until)
			goto missing;
		break;
	case LETTER_FEE:
		if (blank(in->detail) || !in->fee || !in->until)
			goto missing;
		break;
	default: buf_setf(err, "未知的文书种类"); return ZF_EINVAL;
	}

	/* what was asked; the third party is not told who asked (personal data) */
	if (third)
		buf_printf(out, "本机关于%s收到一份政府信息公开申请，申请获取“",
			   letter_date_zh(in->received, a));
	else
		buf_printf(out, "本机关于%s收到%s提出的政府信息公开申请，申请获取“",
			   letter_date_zh(in->received, a), you);
	add_inline(out, trim_stop(str_trim(str_c(in->description))));
	buf_adds(out, "”。\n");

	switch (in->kind) {
	case LETTER_SUPPLEMENT:
		/* 条例 Art. 30: told once, with what to supplement and a reasonable period */
		buf_printf(out,
			   "经审查，%s的申请内容不明确，本机关无法据此确定所需的政府信息。根据" LAW
			   "第三十条的规定，现一次性告知%s作出补正，说明所需政府信息的名称、"
			   "文号或者便于本机关查询的其他特征性描述。需要补正的事项如下：\n",
			   you, you);
		add_detail(out, in->detail);
		if (in->until)
			buf_printf(out, "请%s于%s前向本机关提交补正后的申请。", you,
				   letter_date_zh(in->until, a));
		else
			buf_printf(out, "请%s在合理期限内向本机关提交补正后的申请。", you);
		buf_printf(out,
			   "答复期限自本机关收到补正后的申请之日起计算。%s无正当理由逾期不补正的，"
			   "视为放弃申请，本机关不再处理该政府信息公开申请。\n",
			   you);
		buf_adds(out, "特此告知。\n");
		break;
	case LETTER_EXTENSION:
		/* 条例 Art. 33(2): at most 20 working days more, with the head's consent */
		buf_adds(out, "因");
		add_detail_inline(out, in->detail);
		buf_printf(out,
			   "，本机关不能在法定期限内作出答复。根据" LAW "第三十三条第二款的规定，"
			   "经本机关政府信息公开工作机构负责人同意，答复期限延长%d个工作日，"
			   "本机关将于%s前作出答复。\n",
			   in->extension_days, letter_date_zh(in->due, a));
		buf_adds(out, "特此告知。\n");
		break;
	case LETTER_CONSULTATION:
		/* 条例 Art. 32: in writing; 15 working days to answer */
		buf_adds(out, "经审查，该政府信息公开后可能损害贵方的合法权益。根据" LAW
			      "第三十二条的规定，现书面征求贵方意见。\n");
		add_detail(out, in->detail);
		buf_printf(out,
			   "请贵方自收到本意见书之日起15个工作日内（%s前）向本机关提出书面意见；"
			   "不同意公开的，请说明理由。贵方逾期未提出意见的，由本机关依照" LAW
			   "的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；"
			   "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
			   "并将决定公开的政府信息内容和理由书面告知贵方。\n",
			   letter_date_zh(in->until, a));
		buf_adds(out, "特此函告。\n");
		break;
	case LETTER_FEE: {
		/* 条例 Art. 42; 国办函〔2020〕109号 Arts. 4, 5, 8 */
		const struct fee_result *f = in->fee;
		buf_printf(out,
			   "经审查，%s申请公开政府信息的数量、频次明显超过合理范围。根据" LAW
			   "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
			   "的规定，本机关决定收取信息处理费，按%s：\n",
			   you, fee_method_label(f->method));
		for (size_t i = 0; i < f->nlines; i++) {
			buf_adds(out, f->lines[i]);
			buf_addch(out, '\n');
		}
		buf_printf(out, "%s应缴纳信息处理费人民币%lld元。缴纳方式：", you,
			   (long long)f->amount_yuan);
		add_detail_inline(out, in->detail);
		buf_adds(out, "。\n");
		buf_printf(out,
			   "请%s自收到本通知书次日起20个工作日内（%s前）缴纳。%s逾期未缴纳的，"
			   "视为放弃申请，本机关不再处理该政府信息公开申请。自本机关发出本通知书"
			   "之日起至%s缴费完毕之日止的期间，不计算在答复期限内。\n",
			   you, letter_date_zh(in->until, b), you, you);
		buf_adds(out, "特此通知。\n");
		break;
	}
	default: break;
	}
	if (out->failed) {
		buf_setf(err, "内存不足");
		return ZF_ENOMEM;
	}
	return 0;
missing:
	switch (in->kind) {
	case LETTER_SUPPLEMENT: buf_setf(err, "请写明需要补正的事项"); break;
	case LETTER_EXTENSION: buf_setf(err, "请写明延期的理由（先登记批准延期）"); break;
	case LETTER_CONSULTATION: buf_setf(err, "请先登记发出征求意见函"); break;
	default: buf_setf(err, "请写明缴纳方式并选择收费标准（先登记发出收费通知）"); break;
	}
	return ZF_EINVAL;
}
