/* integrity_columns.c: placeholder until the column checks land (#14). */
#include "common.h"
#include "store/integrity_checks.h"

int store_integrity_columns(struct store *s, zf_day today, struct site_findings *out)
{
	(void)s, (void)today, (void)out;
	return ZF_ESTATE;
}
