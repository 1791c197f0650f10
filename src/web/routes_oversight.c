/* routes_oversight.c: the route table of the oversight workspace (page_oversight.h): viewers
 * read the table, the charts and the 督办 list of the agencies they see; reviewers and
 * administrators of an agency 督办 its overdue work; administrators of the site's root
 * agency fill in and publish the 政府网站工作年度报表, which the public reads. The pages
 * check each agency with session_can. */
#include "common.h"
#include "page_oversight.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_oversight[] = {
    {WEB_GET, "/console/oversight", PAGE, ROLE_VIEWER, page_oversight},
    {WEB_GET, "/console/oversight/export.xlsx", PAGE, ROLE_VIEWER, page_oversight_export},
    {WEB_GET, "/console/oversight/supervise", PAGE, ROLE_VIEWER, page_oversight_supervise},
    {WEB_POST, "/console/oversight/supervise/remind", FORM, ROLE_REVIEWER, page_oversight_remind},
    {WEB_GET, "/console/oversight/charts", PAGE, ROLE_VIEWER, page_oversight_charts},
    {WEB_GET, "/console/oversight/website-report", PAGE, ROLE_VIEWER, page_oversight_report},
    {WEB_POST, "/console/oversight/website-report", FORM, ROLE_ADMIN, page_oversight_report_post},
    {WEB_POST, "/console/oversight/website-report/publish", FORM, ROLE_ADMIN,
     page_oversight_report_publish},
    {WEB_GET, "/console/oversight/website-report.xlsx", PAGE, ROLE_VIEWER,
     page_oversight_report_xlsx},
    {WEB_GET, "/website-report", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_website_report_index},
    {WEB_GET, "/website-report/{year}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_website_report_public},
    {WEB_GET, "/website-report/{year}/report.xlsx", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_website_report_public_xlsx},
};
const size_t routes_oversight_len = ARRAY_SIZE(routes_oversight);
