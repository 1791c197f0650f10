/* site_texts.h: the site's long texts that an administrator edits in the console, such as
 * the 政府信息公开制度 page (the rules the agency works under). One row a key; a key
 * without a row shows the page's default text. Every write is audited, all or nothing.
 * Written once for both engines (site_texts.c, with its migration text). */
#ifndef ZF_STORE_SITE_TEXTS_H
#define ZF_STORE_SITE_TEXTS_H

#include "store/db.h"

/* The key of the 政府信息公开制度 page's text. */
#define SITE_TEXT_RULES "disclosure_rules"
/* The longest text accepted, in characters. */
#define SITE_TEXT_MAX 20000

struct site_text {
	const char *body;	/* "" when never set */
	const char *updated_at; /* "" when never set, else 'YYYY-MM-DDTHH:MM:SSZ' */
	const char *updated_by; /* the actor of the last write, "" when never set */
};

/* Reads the text of key (strings from arena; every field "" when never set). */
int store_site_text_get(struct store *st, struct arena *arena, const char *key,
			struct site_text *out);
/* Checks a text: valid UTF-8, at most SITE_TEXT_MAX characters, no control characters but
 * line breaks and tabs. True, or false with a Chinese reason in err (may be NULL). */
bool site_text_ok(const char *body, struct buf *err);
/* Sets the text of key (body NULL or blank: removed, the page's default shows again).
 * ZF_EINVAL for a refused text (reason in err), nothing written. Audited ("site.text"). */
int store_site_text_set(struct store *st, const char *actor, const char *key, const char *body,
			struct buf *err);

#endif
