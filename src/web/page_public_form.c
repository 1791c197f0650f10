/* page_public_form.c: the application form of 条例 Art. 29, read from a POST and checked field
 * by field into the typed application the store takes (see page_public.h). Every message says
 * what is wrong and how to put it right, in words a citizen understands. */
#include "common.h"
#include "arena.h"
#include "law/idcheck.h"
#include "page_public.h"
#include "utf8.h"

static const struct {
	const char *name, *label;
} fields[AF_FIELDS] = {
    [AF_KIND] = {"applicant_kind", "申请人类型"},
    [AF_ORG_TYPE] = {"org_type", "组织类型"},
    [AF_NAME] = {"name", "姓名或名称"},
    [AF_CONTACT] = {"contact_person", "联系人"},
    [AF_ID_TYPE] = {"id_type", "证件类型"},
    [AF_ID_NO] = {"id_no", "证件号码"},
    [AF_PHONE] = {"phone", "联系电话"},
    [AF_EMAIL] = {"email", "电子邮箱"},
    [AF_ADDRESS] = {"address", "通信地址"},
    [AF_POSTCODE] = {"postcode", "邮政编码"},
    [AF_AGENCY] = {"agency", "受理机关"},
    [AF_DESCRIPTION] = {"description", "所需信息的内容描述"},
    [AF_DOC_NO] = {"doc_no", "文件名称或文号"},
    [AF_PURPOSE] = {"purpose", "用途"},
    [AF_FORM] = {"form", "载体形式"},
    [AF_FORM_OTHER] = {"form_other", "其他形式说明"},
    [AF_DELIVERY] = {"delivery", "获取途径"},
    [AF_CONFIRM] = {"confirm", "确认声明"},
};

/* The organisation columns of table 3 (the report counts applicants by them). */
static const struct {
	const char *key;
	enum report_t3_col col;
} org_types[] = {
    {"commercial", REPORT_COL_COMMERCIAL},
    {"research", REPORT_COL_RESEARCH},
    {"social_welfare", REPORT_COL_SOCIAL_WELFARE},
    {"legal_service", REPORT_COL_LEGAL_SERVICE},
    {"other", REPORT_COL_OTHER},
};

#define NAME_MAX_PERSON 50
#define NAME_MAX_ORG	100
#define ADDRESS_MAX	200
#define DESCRIPTION_MIN 5
#define DESCRIPTION_MAX 1800
#define DOC_NO_MAX	100
#define PURPOSE_MAX	500
#define FORM_OTHER_MAX	50
#define OTHER_ID_MIN	4
#define OTHER_ID_MAX	30

const char *apply_field_name(enum apply_field f)
{
	return (unsigned)f < AF_FIELDS ? fields[f].name : "";
}

const char *apply_field_label(enum apply_field f)
{
	return (unsigned)f < AF_FIELDS ? fields[f].label : "";
}

/* Trims ASCII white space and the ideographic space U+3000 on both ends. */
static const char *trim(struct arena *a, const char *s)
{
	if (!s)
		return "";
	size_t len = strlen(s);
	const char *b = s, *e = s + len;
	for (;;) {
		if (b < e && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
			b++;
		else if (e - b >= 3 && !memcmp(b, "\xe3\x80\x80", 3))
			b += 3;
		else
			break;
	}
	for (;;) {
		if (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - b >= 3 && !memcmp(e - 3, "\xe3\x80\x80", 3))
			e -= 3;
		else
			break;
	}
	const char *out = arena_strndup(a, b, (size_t)(e - b));
	return out ? out : "";
}

void apply_input_read(const struct web_request *req, struct apply_input *in)
{
	for (int f = 0; f < AF_FIELDS; f++)
		in->v[f] = trim(req->arena, web_form(req, fields[f].name));
}

/* Valid UTF-8 of at most max code points without control characters (line breaks allowed
 * when multiline). */
static bool text_ok(const char *s, size_t max, bool multiline)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len) || utf8_count(s, len) > max)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return false;
	return true;
}

static size_t chars(const char *s)
{
	return utf8_count(s, strlen(s));
}

/* Other ID documents: 4–30 letters, digits, hyphens, brackets. */
static bool other_id_ok(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '(' || c == ')' || c == ' '))
			return false;
		n++;
	}
	return n >= OTHER_ID_MIN && n <= OTHER_ID_MAX;
}

size_t apply_check(const struct apply_input *in, zf_day today, const struct agency *agencies,
		   size_t n, struct arena *arena, const char *errors[AF_FIELDS],
		   struct apply_checked *out)
{
	const char *const *v = in->v;
	memset(out, 0, sizeof(*out));
	for (int f = 0; f < AF_FIELDS; f++)
		errors[f] = NULL;

	/* who applies: 自然人, or 法人或其他组织 split as the annual report counts them */
	bool person = !strcmp(v[AF_KIND], "person"), org = !strcmp(v[AF_KIND], "org");
	enum report_t3_col col = REPORT_COL_NATURAL_PERSON;
	if (!person && !org)
		errors[AF_KIND] = "请选择申请人类型：自然人，或者法人或其他组织";
	if (org) {
		bool found = false;
		for (size_t i = 0; i < ARRAY_SIZE(org_types); i++)
			if (!strcmp(v[AF_ORG_TYPE], org_types[i].key)) {
				col = org_types[i].col;
				found = true;
			}
		if (!found)
			errors[AF_ORG_TYPE] = "请选择组织类型（商业企业、科研机构、社会公益组织、"
					      "法律服务机构或其他）";
	}

	size_t name_max = org ? NAME_MAX_ORG : NAME_MAX_PERSON;
	if (!*v[AF_NAME])
		errors[AF_NAME] = org ? "请填写法人或其他组织的名称（与营业执照或登记证书一致）"
				      : "请填写申请人姓名";
	else if (!text_ok(v[AF_NAME], name_max, false))
		errors[AF_NAME] = org ? "名称不能超过 100 个字" : "姓名不能超过 50 个字";

	if (org && !*v[AF_CONTACT])
		errors[AF_CONTACT] = "法人或其他组织申请的，请填写联系人姓名";
	else if (!text_ok(v[AF_CONTACT], NAME_MAX_PERSON, false))
		errors[AF_CONTACT] = "联系人姓名不能超过 50 个字";

	/* 身份证明 (Art. 29(2)1) */
	int t = applicant_id_type_by_key(v[AF_ID_TYPE]);
	const char *id_no = v[AF_ID_NO];
	if (t < 0) {
		errors[AF_ID_TYPE] = "请选择身份证件类型";
	} else if ((person || org) && applicant_id_type_is_org((enum applicant_id_type)t) != org) {
		errors[AF_ID_TYPE] = org ? "法人或其他组织请选择“统一社会信用代码”或“其他登记证照”"
					 : "自然人请选择居民身份证、护照等个人身份证件";
	} else if (t == APPLICANT_ID_RESIDENT || t == APPLICANT_ID_CREDIT_CODE) {
		char canon[IDCHECK_ID_LEN + 1];
		bool credit = t == APPLICANT_ID_CREDIT_CODE;
		enum idcheck_result r = credit ? idcheck_credit_code(id_no, canon)
					       : idcheck_resident_id(id_no, today, canon);
		if (r != IDCHECK_OK)
			errors[AF_ID_NO] = idcheck_message(r, credit);
		else
			id_no = arena_strdup(arena, canon);
	} else if (!*id_no) {
		errors[AF_ID_NO] = "请填写证件号码";
	} else if (!other_id_ok(id_no)) {
		errors[AF_ID_NO] = "证件号码应为 4 至 30 位字母或数字，请对照证件填写";
	}

	/* 联系方式 */
	char phone[IDCHECK_PHONE_MAX + 1] = "";
	if (!*v[AF_PHONE])
		errors[AF_PHONE] = "请填写联系电话，以便受理机关与您联系";
	else if (!idcheck_phone(v[AF_PHONE], phone))
		errors[AF_PHONE] = "联系电话格式不正确：手机号码为 11 位数字；固定电话请加区号，"
				   "如 010-12345678";

	int delivery = provision_delivery_by_key(v[AF_DELIVERY]);
	int form = provision_form_by_key(v[AF_FORM]);
	if (*v[AF_EMAIL] && !idcheck_email(v[AF_EMAIL]))
		errors[AF_EMAIL] = "电子邮箱格式不正确，应类似 name@example.com";
	else if (!*v[AF_EMAIL] && delivery == DELIVERY_EMAIL)
		errors[AF_EMAIL] = "选择通过电子邮件获取信息的，请填写电子邮箱";

	if (!text_ok(v[AF_ADDRESS], ADDRESS_MAX, false))
		errors[AF_ADDRESS] = "通信地址不能超过 200 个字";
	else if (!*v[AF_ADDRESS] && delivery == DELIVERY_POST)
		errors[AF_ADDRESS] = "选择邮寄的，请填写通信地址（省、市、区县、街道和门牌号）";
	if (*v[AF_POSTCODE] && !idcheck_postcode(v[AF_POSTCODE]))
		errors[AF_POSTCODE] = "邮政编码为 6 位数字";
	else if (!*v[AF_POSTCODE] && delivery == DELIVERY_POST)
		errors[AF_POSTCODE] = "选择邮寄的，请填写邮政编码（6 位数字）";

	/* where it goes */
	long long agency = 0;
	long parsed = 0;
	if (*v[AF_AGENCY] && !str_to_long(str_c(v[AF_AGENCY]), &parsed) && parsed > 0)
		for (size_t i = 0; i < n; i++)
			if (agencies[i].id == parsed)
				agency = parsed;
	if (!agency)
		errors[AF_AGENCY] = "请选择受理申请的行政机关";

	/* what is asked for (Art. 29(2)2): a description, or the name or 文号 */
	bool has_desc = *v[AF_DESCRIPTION] != '\0', has_doc = *v[AF_DOC_NO] != '\0';
	if (!text_ok(v[AF_DESCRIPTION], DESCRIPTION_MAX, true))
		errors[AF_DESCRIPTION] = "内容描述不能超过 1800 字";
	else if (!has_desc && !has_doc)
		errors[AF_DESCRIPTION] = "请描述所需政府信息的内容，或者在下面填写文件名称、文号";
	else if (has_desc && chars(v[AF_DESCRIPTION]) < DESCRIPTION_MIN && !has_doc)
		errors[AF_DESCRIPTION] = "内容描述过于简单，请写明所需信息的名称、事项或时间范围"
					 "（至少 5 个字）";
	if (!text_ok(v[AF_DOC_NO], DOC_NO_MAX, false))
		errors[AF_DOC_NO] = "文件名称或文号不能超过 100 个字";
	if (!text_ok(v[AF_PURPOSE], PURPOSE_MAX, true))
		errors[AF_PURPOSE] = "用途说明不能超过 500 个字";

	/* how it is provided (Art. 29(2)3) */
	if (form < 0)
		errors[AF_FORM] = "请选择所需信息的载体形式";
	else if (form == PROVISION_OTHER && !*v[AF_FORM_OTHER])
		errors[AF_FORM_OTHER] = "选择“其他形式”的，请说明需要的形式";
	if (!text_ok(v[AF_FORM_OTHER], FORM_OTHER_MAX, false))
		errors[AF_FORM_OTHER] = "其他形式的说明不能超过 50 个字";
	if (delivery < 0)
		errors[AF_DELIVERY] = "请选择获取信息的途径";
	else if (form == PROVISION_PAPER && delivery == DELIVERY_EMAIL)
		errors[AF_DELIVERY] = "纸质文本无法通过电子邮件送达，请选择邮寄或自行领取";

	if (strcmp(v[AF_CONFIRM], "1") != 0)
		errors[AF_CONFIRM] = "请阅读并勾选确认声明";

	size_t bad = 0;
	for (int f = 0; f < AF_FIELDS; f++)
		bad += errors[f] != NULL;
	if (bad)
		return bad;

	const char *description = v[AF_DESCRIPTION];
	if (has_doc)
		description = has_desc ? arena_printf(arena, "%s（文件名称或文号：%s）",
						      description, v[AF_DOC_NO])
				       : arena_printf(arena, "文件名称或文号：%s", v[AF_DOC_NO]);
	out->rq.agency_id = agency;
	out->rq.applicant_type = col;
	out->rq.applicant_name = v[AF_NAME];
	out->rq.id_no = id_no;
	out->rq.phone = arena_strdup(arena, phone);
	out->rq.address = *v[AF_POSTCODE] && *v[AF_ADDRESS]
			      ? arena_printf(arena, "%s（邮编 %s）", v[AF_ADDRESS], v[AF_POSTCODE])
			      : v[AF_ADDRESS];
	out->rq.description = description;
	out->details.id_type = (enum applicant_id_type)t;
	out->details.contact_person = org ? v[AF_CONTACT] : "";
	out->details.email = v[AF_EMAIL];
	out->details.postcode = v[AF_POSTCODE];
	out->details.doc_no = v[AF_DOC_NO];
	out->details.purpose = v[AF_PURPOSE];
	out->details.form = (enum provision_form)form;
	out->details.form_other = form == PROVISION_OTHER ? v[AF_FORM_OTHER] : "";
	out->details.delivery = (enum provision_delivery)delivery;
	if (!out->rq.phone || !out->rq.description || !out->rq.id_no || !out->rq.address)
		return AF_FIELDS; /* out of memory: refuse rather than store half */
	return 0;
}
