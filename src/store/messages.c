/* messages.c: 政民互动 messages in the store (placeholder; #15, the messages helper). */
#include "common.h"
#include "messages.h"

const char schema_messages[] = "CREATE TABLE messages (\n"
			       "  id {ID}\n"
			       ");\n";

int store_message_stats(struct store *st, const struct calendar *cal, long long agency_id,
			zf_day from, zf_day to, zf_day today, struct message_stats *out)
{
	ZF_UNUSED(st), ZF_UNUSED(cal), ZF_UNUSED(agency_id), ZF_UNUSED(from), ZF_UNUSED(to),
	    ZF_UNUSED(today);
	memset(out, 0, sizeof(*out));
	return ZF_ESTATE;
}

int store_message_overdue(struct store *st, struct arena *a, const struct calendar *cal,
			  long long agency_id, zf_day today, struct message_overdue **out,
			  size_t *n)
{
	ZF_UNUSED(st), ZF_UNUSED(a), ZF_UNUSED(cal), ZF_UNUSED(agency_id), ZF_UNUSED(today);
	*out = NULL;
	*n = 0;
	return ZF_ESTATE;
}
