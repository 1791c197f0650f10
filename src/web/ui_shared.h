/* ui_shared.h: the page chrome every HTML page shares (head, header, navigation, footer),
 * error pages, and the large-font mode (长者模式) that works without JavaScript. */
#ifndef ZF_UI_SHARED_H
#define ZF_UI_SHARED_H

#include "server.h"

/* The platform's name, as shown in titles and the header. */
#define UI_SITE_NAME "政府信息公开"

/* Starts a page: <!doctype html>, <head> with title "<title> - 政府信息公开", the header
 * with navigation (nav = the path of the active entry, or NULL), and opens <main>. Also
 * applies a ?font=large|normal switch (setting a cookie). */
void ui_begin(struct web_request *req, struct web_response *res, const char *title,
	      const char *nav);
/* Closes <main>, writes the footer and ends the document. */
void ui_end(struct web_request *req, struct web_response *res);
/* Replaces res with a complete error page: status, a heading and an explanation. */
void ui_error_page(struct web_request *req, struct web_response *res, int status,
		   const char *heading, const char *detail);
/* Adds Content-Disposition: how ("attachment" or "inline") with an ASCII file name and the
 * Chinese one (RFC 5987, filename*=UTF-8''…). 0 or ZF_ENOMEM. */
int ui_attachment(struct web_request *req, struct web_response *res, const char *how,
		  const char *ascii_name, const char *name);
/* Replaces res with a 303 redirect to location (a local path). */
void ui_redirect(struct web_request *req, struct web_response *res, const char *location);
/* A 403 page for visitors on a staff page, with a sign-in button that comes back here. */
void ui_login_required(struct web_request *req, struct web_response *res);
/* The console's chrome: like ui_begin/ui_end, with the staff navigation (entries the
 * user's role allows; active = the current section's path), the signed-in user and the
 * sign-out button. */
void ui_console_begin(struct web_request *req, struct web_response *res, const char *title,
		      const char *active);
void ui_console_end(struct web_request *req, struct web_response *res);

/* True when the reader chose large type, by ?font=large or the zf_font cookie. */
bool ui_large_font(const struct web_request *req);

/* Writes a stored UTC timestamp ('YYYY-MM-DDTHH:MM...Z') in Beijing time, "2026-12-06 21:05";
 * `none` (a literal) when it is NULL or unreadable. */
void ui_time_beijing(struct buf *w, const char *at, const char *none);

#endif
