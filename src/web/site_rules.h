/* site_rules.h: the 政府信息公开制度 page's text: its default (the 条例 and the national
 * rules every agency works under, and the usual 工作制度 of an agency) and how a stored text
 * is laid out as HTML. Shared by the public page and the console form's preview. */
#ifndef ZF_SITE_RULES_H
#define ZF_SITE_RULES_H

#include "buf.h"

/* The text shown while an administrator has written none (static). */
const char *site_rules_default(void);
/* Writes text as HTML: a line that starts with a Chinese ordinal ("一、" … "十、") and has no
 * full stop is a heading (h2), other non-blank lines are paragraphs; all escaped. */
void site_rules_html(struct buf *w, const char *text);

#endif
