/* bulletin_make.h: a quarter's 通报 made into its .docx and .xlsx (store/assessment.h's build,
 * render/bulletin.h's writers), as a draft or issued (印发) under its number; shared by the
 * console (/console/oversight/bulletins) and `zfxxgk assess bulletin`. */
#ifndef ZF_WEB_BULLETIN_MAKE_H
#define ZF_WEB_BULLETIN_MAKE_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

struct store;

#define BULLETIN_DOCX_TYPE "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define BULLETIN_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Builds root's 通报 for quarter dated `date` into docx and xlsx (either may be NULL). With
 * issue, numbers it 第N期 and stores it (actor) for good, *id and *number (may be NULL) set.
 * Errors (ZF_ENOENT: scores not computed; ZF_EEXIST: issued already) with a Chinese reason
 * in err. */
int bulletin_make(struct store *st, long long root, int quarter, zf_day date, bool issue,
		  const char *actor, struct buf *docx, struct buf *xlsx, long long *id, int *number,
		  struct buf *err);

#endif
