/* oversight.c: the oversight metrics (placeholder; #15, the oversight helper). */
#include "common.h"
#include "oversight.h"

extern const char schema_oversight[];

const char schema_oversight[] = "CREATE TABLE oversight_reminders (\n"
				"  id {ID}\n"
				");\n";

int store_oversight_metrics(struct store *st, const struct calendar *cal, long long agency_id,
			    bool subtree, zf_day from, zf_day to, zf_day today,
			    struct oversight_metrics *out)
{
	ZF_UNUSED(st), ZF_UNUSED(cal);
	memset(out, 0, sizeof(*out));
	out->agency_id = agency_id;
	out->subtree = subtree;
	out->from = from;
	out->to = to;
	out->today = today;
	return ZF_ESTATE;
}
