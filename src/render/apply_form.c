/* apply_form.c: the table model of the 政府信息公开申请表 (apply_form.h), shared by the .docx
 * and the PDF writers. */
#include "common.h"
#include "apply_form.h"

#define L(r, c, rs, cs, t)                                                                         \
	{                                                                                          \
		r, c, rs, cs, t, true                                                              \
	}
#define B(r, c, rs, cs, t)                                                                         \
	{                                                                                          \
		r, c, rs, cs, t, false                                                             \
	}

/* 条例 Art. 29(2): 申请人的姓名或者名称、身份证明、联系方式; the information's name, 文号 or
 * description; its form and the way and route of getting it. */
const struct apply_form_cell apply_form_cells[] = {
    L(0, 0, 9, 1, "申请人信息"),
    L(0, 1, 5, 1, "公民"),
    L(0, 2, 1, 1, "姓名"),
    B(0, 3, 1, 1, ""),
    L(0, 4, 1, 1, "工作单位"),
    B(0, 5, 1, 1, ""),
    L(1, 2, 1, 1, "证件名称"),
    B(1, 3, 1, 1, ""),
    L(1, 4, 1, 1, "证件号码"),
    B(1, 5, 1, 1, ""),
    L(2, 2, 1, 1, "联系电话"),
    B(2, 3, 1, 1, ""),
    L(2, 4, 1, 1, "邮政编码"),
    B(2, 5, 1, 1, ""),
    L(3, 2, 1, 1, "通信地址"),
    B(3, 3, 1, 3, ""),
    L(4, 2, 1, 1, "电子邮箱"),
    B(4, 3, 1, 3, ""),
    L(5, 1, 4, 1, "法人或者其他组织"),
    L(5, 2, 1, 1, "名称"),
    B(5, 3, 1, 1, ""),
    L(5, 4, 1, 1, "统一社会信用代码"),
    B(5, 5, 1, 1, ""),
    L(6, 2, 1, 1, "法定代表人或者负责人"),
    B(6, 3, 1, 1, ""),
    L(6, 4, 1, 1, "联系人"),
    B(6, 5, 1, 1, ""),
    L(7, 2, 1, 1, "联系电话"),
    B(7, 3, 1, 1, ""),
    L(7, 4, 1, 1, "电子邮箱"),
    B(7, 5, 1, 1, ""),
    L(8, 2, 1, 1, "通信地址"),
    B(8, 3, 1, 1, ""),
    L(8, 4, 1, 1, "邮政编码"),
    B(8, 5, 1, 1, ""),
    L(9, 0, 4, 1, "所需信息情况"),
    L(9, 1, 1, 2, "所需政府信息的名称、文号或者便于查询的其他特征性描述"),
    B(9, 3, 1, 3, ""),
    L(10, 1, 1, 2, "所需信息的用途（选填）"),
    B(10, 3, 1, 3, ""),
    L(11, 1, 1, 2, "所需信息的载体形式（单选）"),
    B(11, 3, 1, 3, "□ 纸质　　□ 电子　　□ 其他：__________"),
    L(12, 1, 1, 2, "获取信息的方式、途径（单选）"),
    B(12, 3, 1, 3, "□ 邮寄　　□ 电子邮件　　□ 自行领取／当场阅读"),
    L(13, 0, 1, 2, "申请人签名（盖章）"),
    B(13, 2, 1, 2, ""),
    L(13, 4, 1, 1, "申请日期"),
    B(13, 5, 1, 1, "　　年　　月　　日"),
};
const size_t apply_form_ncells = ARRAY_SIZE(apply_form_cells);

const int apply_form_col_pt[APPLY_FORM_COLS] = {30, 55, 95, 120, 95, 100};
const int apply_form_row_pt[APPLY_FORM_ROWS] = {28, 28, 28,  28, 28, 30, 30,
						28, 28, 100, 44, 32, 32, 48};

static const char *nz(const char *s)
{
	return s ? s : "";
}

int apply_form_head(const struct apply_form *f, struct buf *out)
{
	buf_printf(out, "受理机关：%s\n", nz(f->agency_name));
	if (f->office && *f->office)
		buf_printf(out, "政府信息公开工作机构：%s\n", f->office);
	if (f->address && *f->address)
		buf_printf(out, "地址：%s%s%s\n", f->address,
			   f->postcode && *f->postcode ? "　邮政编码：" : "", nz(f->postcode));
	if ((f->phone && *f->phone) || (f->fax && *f->fax) || (f->email && *f->email))
		buf_printf(out, "%s%s%s%s%s%s\n", f->phone && *f->phone ? "咨询电话：" : "",
			   nz(f->phone), f->fax && *f->fax ? "　传真：" : "", nz(f->fax),
			   f->email && *f->email ? "　电子邮箱：" : "", nz(f->email));
	if (f->hours && *f->hours)
		buf_printf(out, "办公时间：%s\n", f->hours);
	return out->failed ? ZF_ENOMEM : 0;
}

const char *const apply_form_notes[] = {
    "说明：",
    "1. 公民申请的填写“公民”一栏，法人或者其他组织申请的填写“法人或者其他组织”一栏；"
    "请附身份证明（身份证件或者营业执照等证照）复印件。",
    "2. 所需信息请写明名称、文号或者便于行政机关查询的其他特征性描述（条例第二十九条）。",
    "3. 申请表可以当面提交，也可以邮寄或者传真至受理机关；也可以通过本平台在线申请。"
    "书面申请确有困难的，可以口头提出，由工作人员代为填写。",
    "4. 受理机关自收到申请之日起 20 个工作日内答复；需要延长的，延长期限最长不超过 20 "
    "个工作日（条例第三十三条）。",
};
const size_t apply_form_nnotes = ARRAY_SIZE(apply_form_notes);
