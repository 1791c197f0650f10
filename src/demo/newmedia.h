/* demo/newmedia.h: the demo's 政务新媒体 registry (store/newmedia.h): accounts of the demo
 * agencies on several platforms, one silent beyond two weeks, one closed with its approval and
 * 备案 number, one awaiting approval, and posts checked by the site-integrity rules (one with a
 * wording error the default rule set finds). Dates are relative to today. */
#ifndef ZF_DEMO_NEWMEDIA_H
#define ZF_DEMO_NEWMEDIA_H

#include <stdbool.h>

struct store;

/* Seeds the registry when it has no account (else nothing: *seeded false). The accounts and
 * posts are one batch; the check of the posts follows (one batch per account). */
int demo_seed_newmedia(struct store *st, bool *seeded);

#endif
