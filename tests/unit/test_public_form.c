/* test_public_form.c: the application form of 条例 Art. 29 (web/page_public_form.c): a
 * complete application passes and comes out typed (report column, canonical ID and phone,
 * the 文号 folded into the description); each field's rule refuses what it should, with its
 * own message, and only that field is blamed. */
#include "common.h"
#include "arena.h"
#include "tap.h"
#include "web/page_public.h"

static const struct agency agencies[] = {
    {1, 0, "示例区人民政府", AGENCY_GOVERNMENT, 0, false},
    {2, 1, "示例区住房和城乡建设局", AGENCY_DEPARTMENT, 1, false},
};
static zf_day today;
static struct arena *arena;

/* A complete, valid application of a citizen. */
static void person(struct apply_input *in)
{
	for (int f = 0; f < AF_FIELDS; f++)
		in->v[f] = "";
	in->v[AF_KIND] = "person";
	in->v[AF_NAME] = "张三";
	in->v[AF_ID_TYPE] = "resident_id";
	in->v[AF_ID_NO] = "11010519491231002x";
	in->v[AF_PHONE] = "138 0013 8000";
	in->v[AF_AGENCY] = "2";
	in->v[AF_DESCRIPTION] = "请公开2025年示例小区旧改项目的规划许可文件";
	in->v[AF_FORM] = "electronic";
	in->v[AF_DELIVERY] = "email";
	in->v[AF_EMAIL] = "zhangsan@example.com";
	in->v[AF_CONFIRM] = "1";
}

/* Checks in and reports whether exactly `field` is blamed, with a message containing
 * `words` (NULL: any). */
static void refused(const struct apply_input *in, enum apply_field field, const char *words,
		    const char *what)
{
	const char *errors[AF_FIELDS];
	struct apply_checked out;
	size_t bad = apply_check(in, today, agencies, ARRAY_SIZE(agencies), arena, errors, &out);
	bool only = bad == 1 && errors[field] != NULL;
	bool says = only && (!words || strstr(errors[field], words) != NULL);
	tap_ok(says, "%s: %s refused (%s)", what, apply_field_label(field),
	       errors[field] ? errors[field] : "no message");
	if (!only)
		for (int f = 0; f < AF_FIELDS; f++)
			if (errors[f])
				printf("#   %s: %s\n", apply_field_name((enum apply_field)f),
				       errors[f]);
}

static void test_valid(void)
{
	struct apply_input in;
	const char *errors[AF_FIELDS];
	struct apply_checked out;
	person(&in);
	size_t bad = apply_check(&in, today, agencies, 2, arena, errors, &out);
	tap_int((long long)bad, 0, "a complete application of a citizen passes");
	tap_int(out.rq.agency_id, 2, "agency 2");
	tap_int(out.rq.applicant_type, REPORT_COL_NATURAL_PERSON, "counted as natural_person");
	tap_str(out.rq.id_no, "11010519491231002X", "ID number canonical");
	tap_str(out.rq.phone, "13800138000", "phone canonical");
	tap_int(out.details.id_type, APPLICANT_ID_RESIDENT, "ID type resident_id");
	tap_int(out.details.form, PROVISION_ELECTRONIC, "electronic form");
	tap_int(out.details.delivery, DELIVERY_EMAIL, "by e-mail");
	tap_str(out.details.contact_person, "", "no contact person for a citizen");

	in.v[AF_DOC_NO] = "示住建发〔2025〕12号";
	bad = apply_check(&in, today, agencies, 2, arena, errors, &out);
	tap_ok(bad == 0 && strstr(out.rq.description, "示住建发〔2025〕12号") != NULL,
	       "the 文号 is kept in the description the clerks read");
	in.v[AF_DESCRIPTION] = "";
	bad = apply_check(&in, today, agencies, 2, arena, errors, &out);
	tap_ok(bad == 0 && !strcmp(out.rq.description, "文件名称或文号：示住建发〔2025〕12号"),
	       "a 文号 alone is enough (Art. 29(2)2)");

	/* an organisation: each kind is its own column of the annual report */
	static const struct {
		const char *key;
		enum report_t3_col col;
	} orgs[] = {{"commercial", REPORT_COL_COMMERCIAL},
		    {"research", REPORT_COL_RESEARCH},
		    {"social_welfare", REPORT_COL_SOCIAL_WELFARE},
		    {"legal_service", REPORT_COL_LEGAL_SERVICE},
		    {"other", REPORT_COL_OTHER}};
	for (size_t i = 0; i < ARRAY_SIZE(orgs); i++) {
		person(&in);
		in.v[AF_KIND] = "org";
		in.v[AF_ORG_TYPE] = orgs[i].key;
		in.v[AF_NAME] = "示例律师事务所";
		in.v[AF_CONTACT] = "李四";
		in.v[AF_ID_TYPE] = "credit_code";
		in.v[AF_ID_NO] = "91350100m000100y43";
		in.v[AF_PHONE] = "0755-8888 6666";
		in.v[AF_FORM] = "paper";
		in.v[AF_DELIVERY] = "post";
		in.v[AF_ADDRESS] = "示例市示例区建设路18号";
		in.v[AF_POSTCODE] = "009003";
		bad = apply_check(&in, today, agencies, 2, arena, errors, &out);
		tap_ok(bad == 0 && out.rq.applicant_type == orgs[i].col,
		       "an organisation of kind %s is counted in its column", orgs[i].key);
	}
	tap_str(out.rq.id_no, "91350100M000100Y43", "credit code canonical");
	tap_str(out.rq.phone, "0755-88886666", "fixed line canonical");
	tap_str(out.details.contact_person, "李四", "contact person kept");
	tap_ok(strstr(out.rq.address, "009003") != NULL, "the postcode goes with the address");

	person(&in);
	in.v[AF_ID_TYPE] = "passport";
	in.v[AF_ID_NO] = "E12345678";
	tap_int((long long)apply_check(&in, today, agencies, 2, arena, errors, &out), 0,
		"a passport number is taken as written");
	person(&in);
	in.v[AF_FORM] = "other";
	in.v[AF_FORM_OTHER] = "光盘";
	in.v[AF_DELIVERY] = "pickup";
	in.v[AF_EMAIL] = "";
	tap_int((long long)apply_check(&in, today, agencies, 2, arena, errors, &out), 0,
		"other form with its description, collected in person");
}

static void test_each_rule(void)
{
	struct apply_input in;

	person(&in), in.v[AF_KIND] = "";
	/* without a kind the ID type cannot disagree with it: only the kind is blamed */
	refused(&in, AF_KIND, "申请人类型", "no kind");
	person(&in), in.v[AF_KIND] = "robot";
	refused(&in, AF_KIND, NULL, "unknown kind");
	person(&in), in.v[AF_KIND] = "org", in.v[AF_CONTACT] = "李四";
	in.v[AF_ID_TYPE] = "credit_code", in.v[AF_ID_NO] = "91350100M000100Y43";
	refused(&in, AF_ORG_TYPE, "组织类型", "organisation without its kind");

	person(&in), in.v[AF_NAME] = "";
	refused(&in, AF_NAME, "姓名", "no name");
	person(&in),
	    in.v[AF_NAME] =
		"张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张"
		"三张三张三张三张三张三张三";
	refused(&in, AF_NAME, "50", "a 52-character name");
	person(&in), in.v[AF_NAME] = "张\x01三";
	refused(&in, AF_NAME, NULL, "a control character");

	person(&in), in.v[AF_KIND] = "org", in.v[AF_ORG_TYPE] = "commercial";
	in.v[AF_ID_TYPE] = "credit_code", in.v[AF_ID_NO] = "91350100M000100Y43";
	refused(&in, AF_CONTACT, "联系人", "organisation without a contact person");

	person(&in), in.v[AF_ID_TYPE] = "";
	refused(&in, AF_ID_TYPE, "证件类型", "no ID type");
	person(&in), in.v[AF_ID_TYPE] = "credit_code";
	refused(&in, AF_ID_TYPE, "自然人", "a citizen with a credit code");
	person(&in), in.v[AF_ID_NO] = "";
	refused(&in, AF_ID_NO, "请填写身份证号码", "no ID number");
	person(&in), in.v[AF_ID_NO] = "110105194912310021";
	refused(&in, AF_ID_NO, "校验码", "ID number with a wrong check digit");
	person(&in), in.v[AF_ID_NO] = "110105491231002";
	refused(&in, AF_ID_NO, "15 位", "an old 15-digit number");
	person(&in), in.v[AF_ID_NO] = "<script>alert(1)</script>";
	refused(&in, AF_ID_NO, NULL, "markup as ID number");
	person(&in), in.v[AF_KIND] = "org", in.v[AF_ORG_TYPE] = "research";
	in.v[AF_CONTACT] = "李四", in.v[AF_ID_TYPE] = "credit_code";
	in.v[AF_ID_NO] = "91350100M000100Y44";
	refused(&in, AF_ID_NO, "统一社会信用代码", "credit code with a wrong check character");
	person(&in), in.v[AF_ID_TYPE] = "passport", in.v[AF_ID_NO] = "E1";
	refused(&in, AF_ID_NO, "4 至 30", "a two-character passport number");

	person(&in), in.v[AF_PHONE] = "";
	refused(&in, AF_PHONE, "联系电话", "no phone");
	person(&in), in.v[AF_PHONE] = "12345678";
	refused(&in, AF_PHONE, "区号", "a fixed line without area code");

	person(&in), in.v[AF_EMAIL] = "";
	refused(&in, AF_EMAIL, "电子邮件", "e-mail delivery without an address");
	person(&in), in.v[AF_EMAIL] = "zhangsan@";
	refused(&in, AF_EMAIL, "格式", "a malformed e-mail");

	person(&in), in.v[AF_DELIVERY] = "post", in.v[AF_POSTCODE] = "009001";
	refused(&in, AF_ADDRESS, "邮寄", "post without an address");
	person(&in), in.v[AF_DELIVERY] = "post", in.v[AF_ADDRESS] = "示例路1号";
	refused(&in, AF_POSTCODE, "邮寄", "post without a postcode");
	person(&in), in.v[AF_POSTCODE] = "0090";
	refused(&in, AF_POSTCODE, "6 位", "a four-digit postcode");

	person(&in), in.v[AF_AGENCY] = "";
	refused(&in, AF_AGENCY, "受理", "no agency");
	person(&in), in.v[AF_AGENCY] = "99";
	refused(&in, AF_AGENCY, NULL, "an agency that does not exist");
	person(&in), in.v[AF_AGENCY] = "1 OR 1=1";
	refused(&in, AF_AGENCY, NULL, "an agency that is not a number");

	person(&in), in.v[AF_DESCRIPTION] = "";
	refused(&in, AF_DESCRIPTION, "文号", "neither description nor 文号");
	person(&in), in.v[AF_DESCRIPTION] = "文件";
	refused(&in, AF_DESCRIPTION, "5 个字", "a two-character description");
	char *longtext = xmalloc(1801 * 3 + 1);
	for (int i = 0; i < 1801; i++)
		memcpy(longtext + i * 3, "字", 3);
	longtext[1801 * 3] = '\0';
	person(&in), in.v[AF_DESCRIPTION] = longtext;
	refused(&in, AF_DESCRIPTION, "1800", "a description of 1801 characters");
	person(&in), in.v[AF_PURPOSE] = longtext;
	refused(&in, AF_PURPOSE, "500", "a purpose of 1801 characters");
	person(&in), in.v[AF_DOC_NO] = longtext;
	refused(&in, AF_DOC_NO, "100", "a 文号 of 1801 characters");
	free(longtext);

	person(&in), in.v[AF_FORM] = "";
	refused(&in, AF_FORM, "载体形式", "no form");
	person(&in), in.v[AF_FORM] = "other";
	refused(&in, AF_FORM_OTHER, "其他形式", "other form without saying which");
	person(&in), in.v[AF_DELIVERY] = "";
	refused(&in, AF_DELIVERY, "途径", "no delivery");
	person(&in), in.v[AF_FORM] = "paper";
	refused(&in, AF_DELIVERY, "纸质", "paper by e-mail");

	person(&in), in.v[AF_CONFIRM] = "";
	refused(&in, AF_CONFIRM, "勾选", "not confirmed");

	/* an empty form: every required field is named, in the form's order */
	for (int f = 0; f < AF_FIELDS; f++)
		in.v[f] = "";
	const char *errors[AF_FIELDS];
	struct apply_checked out;
	size_t bad = apply_check(&in, today, agencies, 2, arena, errors, &out);
	tap_ok(bad >= 9 && errors[AF_KIND] && errors[AF_NAME] && errors[AF_ID_TYPE] &&
		   errors[AF_PHONE] && errors[AF_AGENCY] && errors[AF_DESCRIPTION] &&
		   errors[AF_FORM] && errors[AF_DELIVERY] && errors[AF_CONFIRM],
	       "an empty form names every required field (%zu)", bad);
}

int main(void)
{
	today = date_from_ymd(2026, 3, 2);
	arena = arena_new(0);
	test_valid();
	test_each_rule();
	arena_free(arena);
	return tap_done();
}
