/* test_public_idcheck.c: the identity and contact checks of applications (law/idcheck.h):
 * 公民身份号码 (MOD 11-2) and 统一社会信用代码 (MOD 31) check characters, with real published
 * numbers and each kind of mistake; phone numbers, e-mail addresses, postcodes. */
#include "common.h"
#include "law/idcheck.h"
#include "tap.h"

static zf_day today;

static void test_resident_id(void)
{
	char out[IDCHECK_ID_LEN + 1];
	/* the standard's own example, and numbers whose check characters we computed */
	tap_int(idcheck_resident_id("11010519491231002X", today, out), IDCHECK_OK,
		"GB 11643 example 11010519491231002X");
	tap_str(out, "11010519491231002X", "canonical form kept");
	tap_int(idcheck_resident_id("11010519491231002x", today, out), IDCHECK_OK,
		"lower-case x accepted");
	tap_str(out, "11010519491231002X", "and upper-cased");
	tap_int(idcheck_resident_id("110101200002290018", today, out), IDCHECK_OK,
		"born on 29 February 2000");
	tap_int(idcheck_resident_id(" 530102 19850812 3457 ", today, out), IDCHECK_OK,
		"spaces ignored");
	tap_str(out, "530102198508123457", "spaces dropped");
	tap_int(idcheck_resident_id("４４０３０４１９９００３０７１２３Ｘ", today, out), IDCHECK_OK,
		"full-width digits and X accepted");
	tap_str(out, "44030419900307123X", "converted to ASCII");
	tap_ok(idcheck_resident_id_check("11010519491231002") == 'X', "check character X");
	tap_ok(idcheck_resident_id_check("53010219850812345") == '7', "check character 7");

	tap_int(idcheck_resident_id("", today, out), IDCHECK_EMPTY, "empty");
	tap_int(idcheck_resident_id("11010519491231002", today, out), IDCHECK_LENGTH, "17 digits");
	tap_int(idcheck_resident_id("11010519491231002XX", today, out), IDCHECK_LENGTH,
		"19 characters");
	tap_int(idcheck_resident_id("110105491231002", today, out), IDCHECK_OLD_15,
		"a 15-digit first-generation number");
	tap_int(idcheck_resident_id("1101051949123100AX", today, out), IDCHECK_CHARS,
		"a letter inside");
	tap_int(idcheck_resident_id("11010519491231002Y", today, out), IDCHECK_CHARS,
		"last character Y");
	tap_int(idcheck_resident_id("<script>alert(1)</script>", today, out), IDCHECK_CHARS,
		"markup is not a number");
	tap_int(idcheck_resident_id("99010519491231002X", today, out), IDCHECK_REGION,
		"province 99 does not exist");
	tap_int(idcheck_resident_id("110105194902300020", today, out), IDCHECK_BIRTH,
		"30 February");
	tap_int(idcheck_resident_id("110105189912310020", today, out), IDCHECK_BIRTH,
		"born before 1900");
	tap_int(idcheck_resident_id("110105209912310020", today, out), IDCHECK_BIRTH,
		"born in the future");
	tap_int(idcheck_resident_id("110105194912310021", today, out), IDCHECK_CHECKSUM,
		"one digit off: checksum");
	tap_int(idcheck_resident_id("110105194912310020", today, out), IDCHECK_CHECKSUM,
		"0 instead of X: checksum");
	tap_int(idcheck_resident_id("11010519491231020X", today, out), IDCHECK_CHECKSUM,
		"two digits swapped: checksum");
	tap_ok(strstr(idcheck_message(IDCHECK_CHECKSUM, false), "校验码") != NULL,
	       "the checksum message names the check character");
	tap_ok(strstr(idcheck_message(IDCHECK_OLD_15, false), "18 位") != NULL,
	       "the old-number message asks for 18 digits");
}

static void test_credit_code(void)
{
	char out[IDCHECK_ID_LEN + 1];
	/* 11441700007280420Y is printed in a real 索引号 (disclosure-rules.md §6) */
	tap_int(idcheck_credit_code("11441700007280420Y", out), IDCHECK_OK,
		"a real code: 11441700007280420Y");
	tap_int(idcheck_credit_code("91350100M000100Y43", out), IDCHECK_OK,
		"the standard's example 91350100M000100Y43");
	tap_int(idcheck_credit_code("91110000600037341l", out), IDCHECK_OK, "lower case accepted");
	tap_str(out, "91110000600037341L", "and upper-cased");
	tap_int(idcheck_credit_code("12100000400000624D", out), IDCHECK_OK, "an institution (1)");
	tap_ok(idcheck_credit_code_check("52110000MJ0000000") == '3', "check character 3");
	tap_ok(idcheck_credit_code_check("11441700007280420") == 'Y', "check character Y");

	tap_int(idcheck_credit_code("", out), IDCHECK_EMPTY, "empty");
	tap_int(idcheck_credit_code("91350100M000100Y4", out), IDCHECK_LENGTH, "17 characters");
	tap_int(idcheck_credit_code("91350100M000100I43", out), IDCHECK_CHARS,
		"the letter I never occurs");
	tap_int(idcheck_credit_code("91350100M000100O43", out), IDCHECK_CHARS,
		"the letter O never occurs");
	tap_int(idcheck_credit_code("913A0100M000100Y43", out), IDCHECK_CHARS,
		"a letter in the division code");
	tap_int(idcheck_credit_code("91350100M000100Y44", out), IDCHECK_CHECKSUM,
		"last character off: checksum");
	tap_int(idcheck_credit_code("91350100M000010Y43", out), IDCHECK_CHECKSUM,
		"two characters swapped: checksum");
	tap_ok(strstr(idcheck_message(IDCHECK_CHECKSUM, true), "统一社会信用代码") != NULL,
	       "the message names the credit code");
}

static void phone(const char *in, const char *want)
{
	char out[IDCHECK_PHONE_MAX + 1];
	bool ok = idcheck_phone(in, out);
	if (want)
		tap_ok(ok && !strcmp(out, want), "phone \"%s\" → %s (got %s)", in, want,
		       ok ? out : "refused");
	else
		tap_ok(!ok, "phone \"%s\" refused (got %s)", in, ok ? out : "refused");
}

static void test_phone(void)
{
	phone("13800138000", "13800138000");
	phone("138 0013 8000", "13800138000");
	phone("138-0013-8000", "13800138000");
	phone("+86 138 0013 8000", "13800138000");
	phone("0086 13800138000", "13800138000");
	phone("８６１３８００１３８０００", "13800138000");
	phone("010-12345678", "010-12345678");
	phone("(010) 12345678", "010-12345678");
	phone("（０１０）１２３４５６７８", "010-12345678");
	phone("0755 8888 6666", "0755-88886666");
	phone("0871-6543210", "0871-6543210");
	phone("010-12345678-801", "010-12345678-801");
	phone("010-12345678转801", "010-12345678-801");
	phone("+86 10 12345678", "010-12345678");
	phone("400-123-4567", "400-123-4567");
	phone("", NULL);
	phone("12345678", NULL);		  /* no area code */
	phone("12800138000", NULL);		  /* no such mobile prefix */
	phone("1380013800", NULL);		  /* 10 digits */
	phone("138001380001", NULL);		  /* 12 digits */
	phone("010-0234567", NULL);		  /* a local number starting with 0 */
	phone("+1 415 555 0100", NULL);		  /* another country */
	phone("13800138000转12", NULL);		  /* mobiles have no extension */
	phone("<script>alert(1)</script>", NULL); /* markup */
	phone("电话13800138000", NULL);

	char d[32];
	idcheck_phone_digits("+86 138-0013-8000", d, sizeof(d));
	tap_str(d, "13800138000", "digits of a phone drop the country code");
	idcheck_phone_digits("010-12345678", d, sizeof(d));
	tap_str(d, "01012345678", "digits of a fixed line keep the area code");
}

static void test_email_postcode(void)
{
	tap_ok(idcheck_email("zhang.san@example.com"), "plain address");
	tap_ok(idcheck_email("a+b@mail.example.gov.cn"), "plus and subdomains");
	tap_ok(idcheck_email("x@xn--fiqs8s.xn--fiqs8s"), "IDN top-level domain");
	tap_ok(!idcheck_email(""), "empty");
	tap_ok(!idcheck_email("zhangsan"), "no @");
	tap_ok(!idcheck_email("zhang@san"), "no dot in the domain");
	tap_ok(!idcheck_email("zhang@@example.com"), "two @");
	tap_ok(!idcheck_email(".zhang@example.com"), "leading dot");
	tap_ok(!idcheck_email("zh..ang@example.com"), "two dots");
	tap_ok(!idcheck_email("zhang san@example.com"), "space");
	tap_ok(!idcheck_email("zhang@-example.com"), "label starting with a hyphen");
	tap_ok(!idcheck_email("zhang@example.c"), "one-letter top-level domain");
	tap_ok(!idcheck_email("zhang@example.123"), "numeric top-level domain");
	tap_ok(!idcheck_email("张三@example.com"), "non-ASCII local part");
	tap_ok(!idcheck_email("\"<script>\"@example.com"), "quotes and markup");
	tap_ok(idcheck_postcode("100000"), "postcode 100000");
	tap_ok(!idcheck_postcode("10000"), "five digits");
	tap_ok(!idcheck_postcode("1000000"), "seven digits");
	tap_ok(!idcheck_postcode("10000a"), "a letter");
	tap_ok(!idcheck_postcode(NULL), "NULL");
}

int main(void)
{
	today = date_from_ymd(2026, 3, 2);
	test_resident_id();
	test_credit_code();
	test_phone();
	test_email_postcode();
	return tap_done();
}
