/* local_path.h: where a page may send the browser back to when the address comes from the
 * request (the sign-in form's next=). Only a path on this site is allowed: a redirect to
 * "//host", "/\host" or "/<TAB>/host" would take the user to another origin, since
 * browsers drop tabs and line breaks and read '\' as '/'. */
#ifndef ZF_WEB_LOCAL_PATH_H
#define ZF_WEB_LOCAL_PATH_H

#include <stdbool.h>

#define LOCAL_PATH_MAX 2048

/* True when s (already percent-decoded once, as the server hands arguments over) is a
 * local path: valid UTF-8 of at most LOCAL_PATH_MAX bytes, a single '/' followed by
 * neither '/' nor '\', with no control character, blank, Unicode space or '\' anywhere;
 * and the same holds after percent-decoding it again (up to three times). */
bool web_local_path(const char *s);

/* s when web_local_path(s), else fallback. */
const char *web_local_path_or(const char *s, const char *fallback);

#endif
