/* routes_console.c: the route table of the console area (see routes.h and page_console.h).
 * Every page needs a signed-in user; what each page shows is further limited to the
 * agencies the user holds a role over (session_can), and every POST needs its CSRF token. */
#include "common.h"
#include "page_console.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_console[] = {
    {WEB_GET, "/console", PAGE, ROLE_VIEWER, page_console_home},
    {WEB_GET, "/console/requests", PAGE, ROLE_VIEWER, page_console_queue},
    {WEB_GET, "/console/requests/export.xlsx", PAGE, ROLE_VIEWER, page_console_queue_export},
    {WEB_POST, "/console/requests/assign", FORM, ROLE_CLERK, page_console_queue_assign},
    {WEB_GET, "/console/requests/{id}/correct", PAGE, ROLE_CLERK, page_console_correct},
    {WEB_POST, "/console/requests/{id}/correct", FORM, ROLE_CLERK, page_console_correct_post},
    {WEB_GET, "/console/audit", PAGE, ROLE_ADMIN, page_console_audit},
    {WEB_GET, "/console/audit/export.{format}", PAGE, ROLE_ADMIN, page_console_audit_export},
    {WEB_GET, "/console/requests/new", PAGE, ROLE_CLERK, page_console_intake},
    {WEB_POST, "/console/requests/new", FORM, ROLE_CLERK, page_console_intake_post},
    {WEB_GET, "/console/requests/{id}", PAGE, ROLE_VIEWER, page_console_request},
    {WEB_POST, "/console/requests/{id}/event", FORM, ROLE_CLERK, page_console_request_event},
    {WEB_POST, "/console/requests/{id}/reply", FORM, ROLE_CLERK, page_console_request_reply},
    {WEB_POST, "/console/requests/{id}/assign", FORM, ROLE_CLERK, page_console_request_assign},
    {WEB_GET, "/console/requests/{id}/letter", PAGE, ROLE_CLERK, page_console_letter},
    {WEB_POST, "/console/requests/{id}/letters", FORM, ROLE_CLERK, page_console_letter_draft},
    {WEB_GET, "/console/letters", PAGE, ROLE_CLERK, page_console_letters},
    {WEB_GET, "/console/letters/{id}", PAGE, ROLE_CLERK, page_console_letter_view},
    {WEB_GET, "/console/letters/{id}/sign", PAGE, ROLE_REVIEWER, page_console_letter_sign_form},
    {WEB_POST, "/console/letters/{id}/sign", FORM, ROLE_REVIEWER, page_console_letter_sign},
    {WEB_POST, "/console/letters/{id}/return", FORM, ROLE_REVIEWER, page_console_letter_return},
    {WEB_POST, "/console/letters/{id}/delivery", FORM, ROLE_CLERK, page_console_letter_deliver},
    {WEB_GET, "/console/letters/{id}/{file}", PAGE, ROLE_CLERK, page_console_letter_file},
    {WEB_GET, "/console/reviews", PAGE, ROLE_VIEWER, page_console_reviews},
    {WEB_POST, "/console/reviews", FORM, ROLE_CLERK, page_console_review_add},
    {WEB_POST, "/console/reviews/{id}/decide", FORM, ROLE_CLERK, page_console_review_decide},
    {WEB_GET, "/console/reports", PAGE, ROLE_VIEWER, page_console_reports},
    {WEB_GET, "/console/report.css", ROUTE_NEEDS_LOGIN, ROLE_VIEWER, page_console_report_css},
    {WEB_GET, "/console/reports/{agency}/{year}", PAGE, ROLE_VIEWER, page_console_report},
    {WEB_POST, "/console/reports/{agency}/{year}", FORM, ROLE_CLERK, page_console_report_post},
    {WEB_GET, "/console/reports/{agency}/{year}/{file}", PAGE, ROLE_VIEWER,
     page_console_report_file},
    {WEB_GET, "/console/users", PAGE, ROLE_ADMIN, page_console_users},
    {WEB_POST, "/console/users", FORM, ROLE_ADMIN, page_console_user_add},
    {WEB_POST, "/console/users/{id}", FORM, ROLE_ADMIN, page_console_user_change},
    /* any signed-in user, roles or none: the one page open while a password must change */
    {WEB_GET, "/console/password", PAGE, ROLE_PUBLIC, page_console_password},
    {WEB_POST, "/console/password", FORM, ROLE_PUBLIC, page_console_password_post},
    {WEB_GET, "/console/guide", PAGE, ROLE_ADMIN, page_console_guide},
    {WEB_POST, "/console/guide", FORM, ROLE_ADMIN, page_console_guide_post},
    {WEB_GET, "/console/guide/{agency}/{revision}", PAGE, ROLE_ADMIN, page_console_guide_revision},
    {WEB_GET, "/console/agencies", PAGE, ROLE_ADMIN, page_console_agencies},
    {WEB_POST, "/console/agencies", FORM, ROLE_ADMIN, page_console_agency_add},
    {WEB_GET, "/console/agencies/import/template.xlsx", PAGE, ROLE_ADMIN,
     page_console_agency_template},
    {WEB_GET, "/console/agencies/export.xlsx", PAGE, ROLE_ADMIN, page_console_agency_export},
    {WEB_POST, "/console/agencies/import", FORM, ROLE_ADMIN, page_console_agency_import},
    {WEB_POST, "/console/agencies/import/report.xlsx", FORM, ROLE_ADMIN,
     page_console_agency_import_report},
    {WEB_GET, "/console/agencies/{id}", PAGE, ROLE_ADMIN, page_console_agency},
    {WEB_POST, "/console/agencies/{id}", FORM, ROLE_ADMIN, page_console_agency_change},
    {WEB_GET, "/console/site", PAGE, ROLE_ADMIN, page_console_site},
    {WEB_POST, "/console/site", FORM, ROLE_ADMIN, page_console_site_post},
    {WEB_GET, "/console/site/rules", PAGE, ROLE_ADMIN, page_console_site_rules},
    {WEB_POST, "/console/site/rules", FORM, ROLE_ADMIN, page_console_site_rules_post},
    {WEB_GET, "/console/ratings", PAGE, ROLE_VIEWER, page_console_ratings},
    {WEB_GET, "/console/mail", PAGE, ROLE_ADMIN, page_console_mail},
    {WEB_POST, "/console/mail/settings", FORM, ROLE_ADMIN, page_console_mail_settings},
};
const size_t routes_console_len = ARRAY_SIZE(routes_console);
