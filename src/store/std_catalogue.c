/* std_catalogue.c: the standard catalogue in the store (placeholder; #15, the catalogue
 * helper). */
#include "common.h"
#include "std_catalogue.h"

extern const char schema_std_catalogue[];

const char schema_std_catalogue[] = "CREATE TABLE std_items (\n"
				    "  id {ID}\n"
				    ");\n";

int store_std_overdue_count(struct store *st, long long agency_id, zf_day today, long long *n)
{
	ZF_UNUSED(st), ZF_UNUSED(agency_id), ZF_UNUSED(today);
	*n = 0;
	return ZF_ESTATE;
}
