/* integrity_cache.c: placeholder until the rule-set cache lands (#14). */
#include "common.h"
#include "web/integrity_cache.h"

int integrity_checker_acquire(struct store *s, struct site_checker **out, struct buf *err)
{
	(void)s, (void)out;
	if (err)
		buf_setf(err, "内容检查尚未实现");
	return ZF_ESTATE;
}
void integrity_checker_release(struct site_checker *c)
{
	(void)c;
}
