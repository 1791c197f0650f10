/* demo/public.h: the demo's public-site content, written through the public store API only
 * (store/public.h): the guides of the demo agencies and their published annual reports. */
#ifndef ZF_DEMO_PUBLIC_H
#define ZF_DEMO_PUBLIC_H

#include <stdbool.h>

struct store;

/* For the server's --demo, after demo_seed_agencies and demo_seed_requests (demo/requests.h):
 * writes the guides of the demo agencies that have none (fictional addresses and numbers), and
 * publishes each agency's generated annual report of the year before today when none is
 * published for that year. *seeded (may be NULL) tells whether anything was written. All or
 * nothing; running it again does nothing. */
int demo_seed_public(struct store *st, bool *seeded);

#endif
