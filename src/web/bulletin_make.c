/* bulletin_make.c: a quarter's 通报 as files, draft or issued (bulletin_make.h). */
#include "common.h"
#include "arena.h"
#include "render/bulletin.h"
#include "store/assessment.h"
#include "web/bulletin_make.h"

int bulletin_make(struct store *st, long long root, int quarter, zf_day date, bool issue,
		  const char *actor, struct buf *docx, struct buf *xlsx, long long *id, int *number,
		  struct buf *err)
{
	struct arena *a = arena_new(0);
	if (!a)
		return ZF_ENOMEM;
	struct assess_bulletin b;
	struct buf d = BUF_INIT, x = BUF_INIT;
	int rc = store_bulletin_build(st, a, root, quarter, date, &b, err);
	if (!rc && issue)
		rc = store_bulletin_next_number(st, root, &b.number);
	if (!rc && (docx || issue))
		rc = bulletin_docx(&b, &d);
	if (!rc && (xlsx || issue))
		rc = bulletin_xlsx(&b, &x);
	if (rc && err && !err->len)
		buf_setf(err, "无法生成通报：%s", zf_strerror(rc));
	if (!rc && issue) {
		char title[96];
		assess_bulletin_title(quarter, title);
		rc = store_bulletin_issue(st, actor, root, quarter, b.number, title, &d, &x, id,
					  err);
	}
	if (!rc) {
		if (docx)
			rc = buf_add(docx, d.p ? d.p : "", d.len);
		if (!rc && xlsx)
			rc = buf_add(xlsx, x.p ? x.p : "", x.len);
		if (number)
			*number = b.number;
	}
	buf_free(&d);
	buf_free(&x);
	arena_free(a);
	return rc;
}
