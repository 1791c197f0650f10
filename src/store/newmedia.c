/* newmedia.c: the 政务新媒体 registry in the store (placeholder; #15, the new media helper). */
#include "common.h"
#include "newmedia.h"

extern const char schema_newmedia[];

const char schema_newmedia[] = "CREATE TABLE newmedia_accounts (\n"
			       "  id {ID}\n"
			       ");\n";

int store_newmedia_counts(struct store *st, long long agency_id, zf_day today,
			  struct newmedia_counts *out)
{
	ZF_UNUSED(st), ZF_UNUSED(agency_id), ZF_UNUSED(today);
	memset(out, 0, sizeof(*out));
	return ZF_ESTATE;
}
