/* test_pii.c: personal data left unmasked (law/pii.h): resident ID numbers with right and
 * wrong check characters, mobile numbers plain and grouped, bank card numbers with and without
 * a right Luhn sum and a bank word, names with addresses; and the numbers of government
 * documents that must stay silent (文号, 统一社会信用代码, landlines, hotlines, dates, amounts,
 * 索引号, postcodes, page numbers), over our seed reports and corpus texts too. */
#include "common.h"
#include "law/pii.h"
#include "tap.h"

#include <dirent.h>

static zf_day today;

/* The hits of text as "kind@start-end;" in text order, e.g. "pii.mobile@6-17;". */
static const char *scan(const char *text)
{
	static char out[1024];
	struct pii_hit *hits = NULL;
	size_t n = 0;
	out[0] = '\0';
	if (pii_scan(text, strlen(text), today, &hits, &n) != 0)
		return "ERROR";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof(out) - 64; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s@%zu-%zu;",
					pii_kind_id(hits[i].kind), hits[i].start, hits[i].end);
	free(hits);
	return out;
}

/* The kinds only, for texts where offsets do not matter. */
static const char *kinds(const char *text)
{
	static char out[512];
	struct pii_hit *hits = NULL;
	size_t n = 0;
	out[0] = '\0';
	if (pii_scan(text, strlen(text), today, &hits, &n) != 0)
		return "ERROR";
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof(out) - 32; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s", len ? " " : "",
					pii_kind_id(hits[i].kind));
	free(hits);
	return out;
}

static void resident_ids(void)
{
	tap_str(scan("身份证号11010519491231002X。"), "pii.resident-id@12-30;",
		"ID with X, offsets");
	tap_str(kinds("公民身份号码：440304198506151237"), "pii.resident-id", "ID all digits");
	tap_str(kinds("身份证 11010519491231002x"), "pii.resident-id", "lower-case x");
	tap_str(kinds("证件号 440304 19850615 1237"), "pii.resident-id", "ID grouped 6-8-4");
	tap_str(kinds("身份证号１１０１０５１９４９１２３１００２Ｘ"), "pii.resident-id",
		"full-width ID with Ｘ");
	tap_str(kinds("身份证号440304198506151236"), "", "wrong check character");
	tap_str(kinds("身份证号11010519491231002"), "", "17 digits only");
	tap_str(kinds("身份证号990304198506151237"), "", "no such region");
	tap_str(kinds("身份证号440304198513151237"), "", "month 13");
	tap_str(kinds("身份证号110105********123X"), "", "masked ID");
	tap_str(kinds("身份证号1101051949****002X"), "", "masked birth date");
	tap_str(kinds("编号4403041985061512370"), "", "19 digits is no ID");
	/* born after today */
	zf_day saved = today;
	today = date_from_ymd(1999, 12, 31);
	tap_str(kinds("身份证号110105200001011238"), "", "born after today");
	today = date_from_ymd(2000, 1, 1);
	tap_str(kinds("身份证号110105200001011238"), "pii.resident-id", "born today");
	today = saved;
}

static void mobiles(void)
{
	tap_str(scan("联系电话13812345678"), "pii.mobile@12-23;", "mobile plain, offsets");
	tap_str(kinds("手机：138-1234-5678。"), "pii.mobile", "mobile 3-4-4 hyphens");
	tap_str(kinds("手机：138 1234 5678。"), "pii.mobile", "mobile 3-4-4 spaces");
	tap_str(kinds("+8615912345678"), "pii.mobile", "with +86");
	tap_str(kinds("手机：138****5678"), "", "masked mobile");
	tap_str(kinds("手机：138-1234 5678"), "", "mixed separators");
	tap_str(kinds("编号113812345678"), "", "inside 12 digits");
	tap_str(kinds("编号A13812345678"), "", "after a letter");
	tap_str(kinds("12812345678"), "", "second digit 2");
	tap_str(kinds("电话：0755-12345678"), "", "landline");
	tap_str(kinds("咨询电话：010-66012345，12345热线"), "", "landline and hotline");
	tap_str(kinds("1381234567.8万元"), "", "amount with a decimal");
	tap_str(kinds("13812345678与13912345678"), "pii.mobile pii.mobile", "two mobiles");
	tap_str(scan("手机：１３８１２３４５６７８。"), "pii.mobile@9-42;", "full-width digits");
	tap_str(kinds("手机：１３８－１２３４"), "", "full-width, too short");
	tap_str(kinds("手机：１３８××××５６７８"), "", "full-width masked");
	tap_str(kinds("手机：138××××5678"), "", "masked with ×");
	tap_str(kinds("编号２１３８１２３４５６７８"), "", "full-width, inside 12 digits");
}

static void bank_cards(void)
{
	tap_str(kinds("6222021234567890128"), "pii.bank-card", "UnionPay 62, Luhn right");
	tap_str(kinds("卡号 6228 4800 1234 5678 903"), "pii.bank-card", "grouped in fours");
	tap_str(kinds("6222021234567890127"), "", "UnionPay 62, Luhn wrong");
	tap_str(kinds("合计4367890123456785"), "", "Luhn right, no 62, no bank word");
	tap_str(kinds("开户银行：建设银行，账号4367890123456785"), "pii.bank-card",
		"Luhn right with a bank word");
	tap_str(kinds("账号4367890123456786"), "", "bank word, Luhn wrong");
	tap_str(kinds("卡号6222021234******128"), "", "masked card");
	/* a Gansu ID number with a wrong check character that happens to pass Luhn */
	tap_str(kinds("编号620102199003074563"), "", "ID-shaped 18 digits are not a card");
}

static void addresses(void)
{
	tap_str(kinds("申请人：张小明，住址：北京市西城区西长安街1号院3号楼"), "pii.address",
		"applicant and address");
	const char *t = "当事人李四，家住河南省郑州市金水区花园路25号。";
	tap_str(scan(t), "pii.address@9-65;", "party and address, offsets");
	tap_str(kinds("王五，男，1980年生，户籍地：湖北省武汉市洪山区张家湾村三组"), "pii.address",
		"name with sex, then 户籍地");
	tap_str(kinds("申请人：张某，住址：北京市西城区西长安街1号"), "", "masked name 张某");
	tap_str(kinds("申请人：张*，住址：北京市西城区西长安街1号"), "", "masked name 张*");
	tap_str(kinds("申请人：张三，住址：北京市****"), "", "masked place");
	tap_str(kinds("地址：北京市西城区西长安街1号，邮编：100017"), "", "office address");
	tap_str(kinds("申请人：张三，住址：北京市"), "", "no street, no hit");
	tap_str(kinds("申请人住址：北京市西城区西长安街1号"), "", "label without a name");
	tap_str(kinds("本机关地址：郑州市金水路25号；联系人：办公室"), "", "agency contact");
}

static void negatives(void)
{
	static const char *const text[] = {
	    "豫政办〔2023〕12号",
	    "统一社会信用代码：11410000005184370N",
	    "统一社会信用代码 114100000051843704",
	    "索引号：11410000005184370N/2023-00012",
	    "索引号 000014349/2023-00123",
	    "电话：0371-65506789，传真：0371-65501234",
	    "投诉举报电话12345，咨询电话96166",
	    "2023年1月1日至2023年12月31日，20230101",
	    "共收到申请1234件，金额1,234,567.89元，合计12345678901元",
	    "邮编：450003  第12页 共34页",
	    "ISBN 978-7-5012-3456-7",
	    "1  2  3  4  5  6  7  8  9  10  11  12  13  14  15  16  17  18",
	};
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		tap_str(kinds(text[i]), "", "silent: %s", text[i]);
}

/* Zero hits over the texts we hold of real annual reports and pages. */
static void corpus_dir(const char *dir, size_t *files, size_t *nhits)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct buf b = BUF_INIT;
		if (buf_read_file(&b, path, 64u << 20) != 0) {
			buf_free(&b);
			continue;
		}
		struct pii_hit *hits = NULL;
		size_t n = 0;
		if (pii_scan(b.p, b.len, today, &hits, &n) == 0) {
			for (size_t i = 0; i < n; i++)
				printf("# %s: %s \"%.*s\"\n", e->d_name, pii_kind_id(hits[i].kind),
				       (int)(hits[i].end - hits[i].start), b.p + hits[i].start);
			*nhits += n;
		}
		free(hits);
		buf_free(&b);
		(*files)++;
	}
	closedir(d);
}

static void corpus(void)
{
	size_t files = 0, nhits = 0;
	corpus_dir("tests/data/seeds", &files, &nhits);
	corpus_dir("tests/data/corpus/raw", &files, &nhits);
	tap_ok(files >= 8, "read the seed and corpus texts (%zu files)", files);
	tap_int((long long)nhits, 0, "no personal data in %zu report texts", files);
}

int main(void)
{
	today = date_from_ymd(2026, 12, 7);
	tap_str(pii_kind_id(PII_MOBILE), "pii.mobile", "kind id");
	tap_str(pii_kind_label(PII_BANK_CARD), "银行卡号", "kind label");
	resident_ids();
	mobiles();
	bank_cards();
	addresses();
	negatives();
	corpus();
	return tap_done();
}
