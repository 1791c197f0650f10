/* scan.c: placeholder until the scanner lands (owner: the engine work of #14). */
#include "common.h"
#include "text/scan.h"

const char *scan_sev_key(enum scan_sev s)
{
	static const char *const k[] = {"veto", "deduct", "suspect"};
	return (unsigned)s < SCAN_SEV_COUNT ? k[s] : "";
}

const char *scan_sev_label(enum scan_sev s)
{
	static const char *const k[] = {"单项否决", "扣分", "疑似"};
	return (unsigned)s < SCAN_SEV_COUNT ? k[s] : "";
}

int scan_sev_parse(const char *s)
{
	for (int i = 0; i < SCAN_SEV_COUNT; i++)
		if (!strcmp(s, scan_sev_key((enum scan_sev)i)) ||
		    !strcmp(s, scan_sev_label((enum scan_sev)i)))
			return i;
	return -1;
}

int scan_rules_parse(const char *text, size_t n, struct scan_rules **out, struct buf *err)
{
	(void)text, (void)n, (void)out;
	if (err)
		buf_setf(err, "规则集读取尚未实现");
	return ZF_ESTATE;
}
void scan_rules_free(struct scan_rules *r)
{
	(void)r;
}
const char *scan_rules_version(const struct scan_rules *r)
{
	(void)r;
	return "";
}
const char *scan_rules_name(const struct scan_rules *r)
{
	(void)r;
	return "";
}
size_t scan_rules_count(const struct scan_rules *r)
{
	(void)r;
	return 0;
}
const struct scan_rule *scan_rules_get(const struct scan_rules *r, size_t i)
{
	(void)r, (void)i;
	return NULL;
}
const struct scan_rule *scan_rules_find(const struct scan_rules *r, const char *id)
{
	(void)r, (void)id;
	return NULL;
}
void scan_hits_free(struct scan_hits *h)
{
	free(h->v);
	memset(h, 0, sizeof(*h));
}
int scan_text(const struct scan_rules *r, const char *text, size_t n, zf_day date,
	      struct scan_hits *out)
{
	(void)r, (void)text, (void)n, (void)date, (void)out;
	return ZF_ESTATE;
}
