/* merge.h: compiling several units' annual reports of one year into one (a city compiling
 * its districts and departments). Pure: no I/O.
 *
 * Format of the result: 2021 when any member uses the 2021 format, else 2019; legacy
 * (统计表) reports merge only with each other and only when their lines are the same.
 * 2019 members are mapped to 2021: table 3 rows keep their keys (the single 其他处理 row is
 * already stored in other_other), table 2 maps 处理决定数量 → 本年处理决定数量 and
 * 本年新制作数量 → 本年制发件数; the other 2019 table 2 cells have no 2021 counterpart.
 *
 * Null handling: a result cell is the sum of the members' values. Members that leave it
 * blank add nothing; when some but not all members filled a cell, the result holds the
 * partial sum and a "merge.incomplete" warning names the members left out. When no member
 * filled it, the result cell stays null (and the checker reports it as missing). */
#ifndef ZF_MERGE_H
#define ZF_MERGE_H

#include "buf.h"
#include "law/report.h"

enum merge_flags {
	MERGE_ALLOW_MIXED_YEARS = 1 << 0, /* sum reports of different years (result: latest) */
};

/* Sums the n reports in[] (borrowed; names[i] labels member i in messages and in the
 * result's members list). On success *out is a new report (owned, free with report_free)
 * with findings only from the merge itself (merge.*): run check_report on it next.
 * Returns 0, ZF_EINVAL (err holds a Chinese sentence: mixed years, legacy with new
 * formats, no input), ZF_ERANGE (a sum overflows) or ZF_ENOMEM. */
int report_merge(const struct report *const *in, const char *const *names, size_t n, unsigned flags,
		 struct report **out, struct buf *err);

#endif
