/* demo/messages.h: the demo's 政民互动 messages, written through store/messages.h only:
 * about thirty messages to the demo agencies over the last months, most answered and
 * published, a few open, one overdue, one transferred between agencies. */
#ifndef ZF_DEMO_MESSAGES_H
#define ZF_DEMO_MESSAGES_H

#include "date.h"
#include "store/db.h"

struct calendar;

/* Seeds them when there is no message yet (*seeded tells); dates relative to today. Needs
 * the demo agencies. All or nothing. */
int demo_seed_messages(struct store *st, const struct calendar *cal, zf_day today, bool *seeded);

#endif
