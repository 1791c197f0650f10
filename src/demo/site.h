/* demo/site.h: the demo installation's own particulars (store/agencies.h): the site settings
 * of the 国办发〔2017〕47号 footer and each demo agency's short name, codes (the 机构代码 the demo
 * catalogue already uses), contacts and office hours. Fictional but well-formed. */
#ifndef ZF_DEMO_SITE_H
#define ZF_DEMO_SITE_H

#include "store/db.h"

/* Fills the site settings when none are set and the particulars of demo agencies that have
 * none; *seeded tells whether anything was written. Call after demo_docs_seed (whose
 * 机构代码 it reuses). All or nothing. */
int demo_seed_site(struct store *st, bool *seeded);

/* The short name (简称) the demo gives an agency of this name, or NULL. Static. */
const char *demo_short_name(const char *agency);

#endif
