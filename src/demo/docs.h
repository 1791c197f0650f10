/* demo/docs.h: the demo catalogue of 主动公开 documents and synthetic documents for
 * benchmarks, made through the public store API (store/docs.h) on either engine. */
#ifndef ZF_DEMO_DOCS_H
#define ZF_DEMO_DOCS_H

#include "store/docs.h"

/* Seeds a realistic catalogue (about 300 documents: topics, 文号, 规范性文件, some repealed,
 * some with 政策解读) over the agencies in the store, and their organisation codes, when
 * there is no document yet. Deterministic. *seeded says whether anything was added. */
int demo_docs_seed(struct store *st, bool *seeded);

/* Generates one synthetic published document number i of agency (for benchmarks and the
 * demo): fills f with strings from arena. Deterministic in (seed, i). */
void demo_docs_synth(struct arena *a, unsigned seed, long long i, long long agency_id,
		     const char *agency_name, struct doc_fields *f, zf_day *published_on);

#endif
