/* std_catalogue.h: the 基层政务公开标准目录 (国办发〔2019〕54号) in the store: its 事项 (items,
 * 一级/二级事项, 公开内容, 依据, 时限, 主体, 渠道和载体, 对象, 方式, 层级), loaded from Excel, each
 * catalogue document linked to its item, and the items whose 时限 passed without a publication.
 *
 * The lead wrote the part other areas call (the overdue count, used by the oversight pages);
 * the catalogue helper owns the rest of this header and store/std_catalogue.c. */
#ifndef ZF_STORE_STD_CATALOGUE_H
#define ZF_STORE_STD_CATALOGUE_H

#include "date.h"

struct store;

/* How many items whose 主体 is this agency (itself only) are overdue today: their 时限
 * passed without a publication linked to them. */
int store_std_overdue_count(struct store *st, long long agency_id, zf_day today, long long *n);

#endif
