/* form.h: application/x-www-form-urlencoded bodies, decoded into name/value pairs. */
#ifndef ZF_WEB_FORM_H
#define ZF_WEB_FORM_H

#include "server.h"

#define FORM_MAX_FIELDS 512

/* Decodes body ("a=1&b=%E4%B8%AD+x") into pairs allocated from arena. '+' is a space.
 * Returns 0, ZF_EPARSE (a bad %-escape, a NUL, text that is not UTF-8), ZF_ETOOBIG (more
 * than FORM_MAX_FIELDS fields) or ZF_ENOMEM. Empty pieces ("a=1&&b=2") are skipped. */
int form_parse(struct arena *arena, struct str body, struct web_pair **out, size_t *n);

#endif
