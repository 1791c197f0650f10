/* newmedia.h: the 政务新媒体 registry in the store: each account (platform, name, agency, who
 * runs it, 开设/关停 with approval), its last update as reported or imported, silent
 * accounts, and its posts put through the site-integrity checks.
 *
 * The lead wrote the part other areas call (the counts used by the oversight pages); the new
 * media helper owns the rest of this header and store/newmedia.c. */
#ifndef ZF_STORE_NEWMEDIA_H
#define ZF_STORE_NEWMEDIA_H

#include "date.h"

struct store;

/* One agency's accounts (itself only). */
struct newmedia_counts {
	long long accounts;	 /* open (not 关停) accounts */
	long long silent;	 /* of those, silent today beyond their allowed gap */
	long long findings_open; /* open integrity findings in their posts */
	long long findings_veto; /* of those, 单项否决 */
};

int store_newmedia_counts(struct store *st, long long agency_id, zf_day today,
			  struct newmedia_counts *out);

#endif
