/* page_console.h: the staff console (工作台): its page handlers (routed by
 * routes_console.c, one area per page_console_*.c) and the helpers they share
 * (page_console.c). Every page checks the agency of what it shows or changes with
 * session_can and answers 404, never 403, for another agency's object, by URL and by form
 * alike, so that its existence is not told. Every POST route needs the CSRF token. */
#ifndef ZF_WEB_PAGE_CONSOLE_H
#define ZF_WEB_PAGE_CONSOLE_H

#include "server.h"
#include "store/db.h"

struct calendar;

/* page_console.c: the dashboard */
int page_console_home(struct web_request *req, struct web_response *res);
/* page_console_dash.c: the dashboard's 我的待办 and its trend charts (SVG), written into w */
int console_my_todo(struct web_request *req, struct buf *w);
int console_trend_charts(struct web_request *req, struct buf *w);
/* page_console_queue.c: the queue of requests, by due date */
int page_console_queue(struct web_request *req, struct web_response *res);
int page_console_queue_export(struct web_request *req, struct web_response *res);
int page_console_queue_assign(struct web_request *req, struct web_response *res);
/* page_console_audit.c: the audit log (admins), its .xlsx and CSV */
int page_console_audit(struct web_request *req, struct web_response *res);
int page_console_audit_export(struct web_request *req, struct web_response *res);
/* page_console_correct.c: the audited correction of a mistaken event */
int page_console_correct(struct web_request *req, struct web_response *res);
int page_console_correct_post(struct web_request *req, struct web_response *res);
/* page_console_request.c: writes an event's own details ("渠道：网络", "答复书 …"). */
void console_event_details(struct buf *w, const struct clock_event *e);
/* Writes the corrections of request id (superseded originals) as a panel; nothing when none. */
int console_corrections_panel(struct web_request *req, struct buf *w, long long id);
/* page_console_request.c: one request, its clock and its actions */
int page_console_request(struct web_request *req, struct web_response *res);
int page_console_request_event(struct web_request *req, struct web_response *res);
int page_console_request_reply(struct web_request *req, struct web_response *res);
int page_console_request_assign(struct web_request *req, struct web_response *res);
/* page_console_letter.c: the reply letter, printable */
int page_console_letter(struct web_request *req, struct web_response *res);
/* page_console_letters.c: the letters of a request, their 签发, delivery and files */
int page_console_letters(struct web_request *req, struct web_response *res);
int page_console_letter_draft(struct web_request *req, struct web_response *res);
int page_console_letter_view(struct web_request *req, struct web_response *res);
int page_console_letter_sign_form(struct web_request *req, struct web_response *res);
int page_console_letter_sign(struct web_request *req, struct web_response *res);
int page_console_letter_return(struct web_request *req, struct web_response *res);
int page_console_letter_deliver(struct web_request *req, struct web_response *res);
int page_console_letter_file(struct web_request *req, struct web_response *res);
struct letter_doc;
/* Writes a letter laid out as printed (agency, title, number, addressee, body, signature);
 * top: its title is the page's h1 (else h2, under the page's own h1). */
void console_letter_article(struct buf *w, const struct letter_doc *l, bool top);
/* The letters panel of the request page: the list and the forms that draft a notice. */
void console_letters_panel(struct web_request *req, struct buf *w, long long request_id);
/* page_console_intake.c: a request registered by a clerk */
int page_console_intake(struct web_request *req, struct web_response *res);
int page_console_intake_post(struct web_request *req, struct web_response *res);
/* page_console_reviews.c: 行政复议 and 行政诉讼 cases */
int page_console_reviews(struct web_request *req, struct web_response *res);
int page_console_review_add(struct web_request *req, struct web_response *res);
int page_console_review_decide(struct web_request *req, struct web_response *res);
/* page_console_users.c: users and roles (admins) */
int page_console_users(struct web_request *req, struct web_response *res);
int page_console_user_add(struct web_request *req, struct web_response *res);
int page_console_user_change(struct web_request *req, struct web_response *res);
/* page_console_password.c: every signed-in user changes their own password (and must, after
 * a generated one) */
int page_console_password(struct web_request *req, struct web_response *res);
int page_console_password_post(struct web_request *req, struct web_response *res);
/* page_console_guide.c: the agencies' 政府信息公开指南 (admins) */
int page_console_guide(struct web_request *req, struct web_response *res);
int page_console_guide_post(struct web_request *req, struct web_response *res);
int page_console_guide_revision(struct web_request *req, struct web_response *res);
/* page_console_reports.c: the annual-report workspace */
int page_console_reports(struct web_request *req, struct web_response *res);
int page_console_report(struct web_request *req, struct web_response *res);
int page_console_report_post(struct web_request *req, struct web_response *res);
int page_console_report_file(struct web_request *req, struct web_response *res);
int page_console_report_css(struct web_request *req, struct web_response *res);
/* page_console_agencies.c: agencies, their import, site settings (admins) */
int page_console_agencies(struct web_request *req, struct web_response *res);
int page_console_agency_add(struct web_request *req, struct web_response *res);
int page_console_agency(struct web_request *req, struct web_response *res);
int page_console_agency_change(struct web_request *req, struct web_response *res);
int page_console_agency_template(struct web_request *req, struct web_response *res);
int page_console_agency_export(struct web_request *req, struct web_response *res);
int page_console_agency_import(struct web_request *req, struct web_response *res);
int page_console_agency_import_report(struct web_request *req, struct web_response *res);
int page_console_site(struct web_request *req, struct web_response *res);
int page_console_site_post(struct web_request *req, struct web_response *res);
int page_console_site_rules(struct web_request *req, struct web_response *res);
int page_console_site_rules_post(struct web_request *req, struct web_response *res);
/* page_console_applicant.c: applicants' supplements and ratings, the e-mail outbox */
void console_applicant_panel(struct web_request *req, struct buf *w, long long request_id);
int page_console_ratings(struct web_request *req, struct web_response *res);
int page_console_mail(struct web_request *req, struct web_response *res);
int page_console_mail_settings(struct web_request *req, struct web_response *res);

/* ---- shared by the console's pages ---- */

/* The working-day calendar of the server: the national one compiled in, plus the additions
 * in $ZFXXGK_CALENDAR or var/calendar.tsv, read once. Never NULL (dies at first use when the
 * compiled-in calendar cannot be read, a broken build). */
const struct calendar *console_calendar(void);

/* The signed-in user's login, for the audit log ("-" for nobody). */
const char *console_actor(const struct web_request *req);

struct user_actor;
struct password_policy;
/* The signed-in user as the actor of account changes (store/auth.h), under the site's
 * password rules (config password_min_length, password_history; the defaults without a
 * configuration): fills pp and out, which borrows pp and the request's user. */
void console_user_actor(const struct web_request *req, struct user_actor *out,
			struct password_policy *pp);

/* The site's root agency: the one its settings name, or the first root of the tree (0 when
 * there is none). Whoever administers it administers the site's settings and texts. */
struct site_settings;
long long console_site_root(struct web_request *req, const struct site_settings *s);

/* Parses a positive decimal id (path segment or form field): false when it is not one. */
bool console_id(const char *s, long long *out);

/* Answers the console's 404 (also for objects of agencies the user may not see). */
int console_not_found(struct web_request *req, struct web_response *res);

/* The agency tree (from req->arena); n = 0 when it cannot be read. */
struct console_agencies {
	struct agency *v;
	size_t n;
};
int console_agencies_load(struct web_request *req, struct console_agencies *out);
/* The name of agency id, or "" when unknown. */
const char *console_agency_name(const struct console_agencies *a, long long id);
/* Writes <option>s for the agencies over which the user holds at least role, in tree order
 * and indented by depth; `selected` (0 = none) is marked. For work (role clerk and above)
 * closed agencies are left out, unless selected. Returns how many were written. */
size_t console_agency_options(struct buf *w, const struct web_request *req,
			      const struct console_agencies *a, int role, long long selected);

/* A date field of the posted form (YYYY-MM-DD): 0 when absent or not a date. */
zf_day console_form_day(const struct web_request *req, const char *name);
/* A trimmed text field of the posted form; "" when absent. */
const char *console_form_text(const struct web_request *req, const char *name);

/* Writes a date as "2026-03-02（星期一）"; nothing for 0. */
void console_day(struct buf *w, zf_day day);
/* Writes <div class="alert KIND" role=...> with an escaped message. kind: error, ok, info. */
void console_alert(struct buf *w, const char *kind, const char *message);
/* Writes a labelled date input (value 0 = empty). */
void console_date_field(struct buf *w, const char *id, const char *name, const char *label,
			zf_day value, bool required);
/* Writes a labelled text input (value may be NULL). */
void console_text_field(struct buf *w, const char *id, const char *name, const char *label,
			const char *value, bool required, int maxlength);

/* Answers a download: the bytes of data, its content type and Content-Disposition (a
 * literal or request-arena string), never cached. */
int console_send(struct web_response *res, const struct buf *data, const char *content_type,
		 const char *disposition);

/* Writes s shortened to at most max code points (with "…" when cut), escaped. */
void console_txt_short(struct buf *w, const char *s, size_t max);

#endif
