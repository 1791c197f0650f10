/* demo/consult.h: the demo's 意见征集 and 在线访谈 (store/consult.h): a consultation closed
 * with its 采纳情况 published, one open for comments, an interview with its transcript
 * published and one announced that collects questions. Fictional people, dates relative to
 * today. */
#ifndef ZF_DEMO_CONSULT_H
#define ZF_DEMO_CONSULT_H

#include "store/db.h"

/* Seeds them when the database has no consultation and no interview (else nothing, 0);
 * *seeded tells whether anything was written. Needs the demo agencies (示例区人民政府 and
 * its 办公室 and 住房和城乡建设局); without them nothing is written. All or nothing. */
int demo_seed_consult(struct store *st, zf_day today, bool *seeded);

#endif
