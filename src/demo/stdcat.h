/* demo/stdcat.h: the demo's 基层政务公开标准目录: the 试点领域 保障性住房 (示例区住房和城乡
 * 建设局) and 社会救助 (示例区人民政府, 示例街道办事处), and 义务教育 (示例区教育局) where the
 * tree has it, written through the store's import, with event days relative to today,
 * several items linked to demo documents and one overdue (公租房分配结果 of the 住建局). */
#ifndef ZF_DEMO_STDCAT_H
#define ZF_DEMO_STDCAT_H

#include "date.h"

#include <stdbool.h>

struct store;

/* Seeds the catalogue when it has no item yet (else changes nothing); items whose 主体 is
 * not in the store are left out. *seeded (may be NULL) says whether anything was added. */
int demo_stdcat_seed(struct store *st, zf_day today, bool *seeded);

#endif
