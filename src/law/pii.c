/* pii.c: placeholder until the personal-data check lands (#14). */
#include "common.h"
#include "law/pii.h"

const char *pii_kind_id(enum pii_kind k)
{
	static const char *const v[] = {"pii.resident-id", "pii.mobile", "pii.bank-card",
					"pii.address"};
	return (unsigned)k < PII_KIND_COUNT ? v[k] : "";
}
const char *pii_kind_label(enum pii_kind k)
{
	static const char *const v[] = {"公民身份号码", "手机号码", "银行卡号", "姓名及住址"};
	return (unsigned)k < PII_KIND_COUNT ? v[k] : "";
}
int pii_scan(const char *text, size_t n, zf_day today, struct pii_hit **hits, size_t *nhits)
{
	(void)text, (void)n, (void)today, (void)hits, (void)nhits;
	return ZF_ESTATE;
}
