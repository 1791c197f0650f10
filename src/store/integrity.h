/* integrity.h: the site-integrity checks in the store (内容检查): the rule sets (versioned;
 * the newest loaded one is in force, the embedded default until one is loaded), the findings
 * of scans kept as work orders (first and last seen, assigned with a fix deadline, closed
 * when a re-scan no longer finds them), and the score card per agency following the 2019
 * indicators. Owned by the integrity area; see also integrity_checks.h. */
#ifndef ZF_STORE_INTEGRITY_H
#define ZF_STORE_INTEGRITY_H

#include "buf.h"

#include <stdint.h>

struct arena;
struct store;

/* The rule-set text in force: *text from the arena (NULL when none was loaded: use the
 * embedded default), its version row id (0 for the default). 0 or ZF_EDB. */
int store_integrity_rules_active(struct store *s, struct arena *a, const char **text, size_t *n,
				 int64_t *version_id);

#endif
