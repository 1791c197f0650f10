/* demo/requests.h: the demo data of the request core, written through the store's public
 * API (db.h, requests.h) only: the demo agency tree and two years of synthetic requests
 * (law/synth.h) with lawful histories, letter numbers, handlers and review cases. */
#ifndef ZF_DEMO_REQUESTS_H
#define ZF_DEMO_REQUESTS_H

#include "store/db.h"
#include "store/requests.h"

/* Seeds the demo agency tree (示例区人民政府 and two departments) when there is no agency
 * yet. Stores in *seeded whether anything was added. All or nothing. */
int demo_seed_agencies(struct store *st, bool *seeded);

struct demo_requests_stats {
	long long requests, events, reviews, open, replies;
};
/* Adds n demo requests (no agencies needed beyond the tree of demo_seed_agencies; every agency
 * in the database receives some, the root the most) received from 1 January of the year
 * before `today` up to `today`: fictional applicants with Chinese names, realistic
 * descriptions and channels, lawful histories (补正, 征求意见, 延期, 收费, every kind of
 * answer), letter numbers from the agencies' sequences, a few review and litigation cases,
 * and among the open ones some overdue, some due within days, some awaiting a supplement
 * and some extended. Open requests of an agency with active users get one of them as
 * handler. The same seed, today, n and database give the same data. progress may be NULL.
 * stats (may be NULL) gets the counts. Commits in batches; not inside a batch. */
int demo_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
		  uint64_t seed, store_progress_fn progress, void *ctx,
		  struct demo_requests_stats *stats, struct buf *err);
/* For the server's --demo: demo_requests(seed 1) when there is no request yet, else
 * nothing. *added = how many were added. Call it after demo_seed_agencies (and after seeding
 * demo users, so that open requests get handlers). */
int demo_seed_requests(struct store *st, const struct calendar *cal, zf_day today, size_t n,
		       long long *added);

#endif
