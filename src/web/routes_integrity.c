/* routes_integrity.c: the route table of the site-integrity console (see routes.h and
 * page_integrity.h): viewers read the score card and the findings of their agencies,
 * clerks assign findings of their agencies, administrators run scans, dismiss findings as
 * 误报 and edit the rule sets. */
#include "common.h"
#include "page_integrity.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_integrity[] = {
    {WEB_GET, "/console/integrity", PAGE, ROLE_VIEWER, page_integrity},
    {WEB_POST, "/console/integrity/scan", FORM, ROLE_ADMIN, page_integrity_scan},
    {WEB_GET, "/console/integrity/report.xlsx", PAGE, ROLE_VIEWER, page_integrity_export},
    {WEB_GET, "/console/integrity/rules", PAGE, ROLE_ADMIN, page_integrity_rules},
    {WEB_POST, "/console/integrity/rules", FORM, ROLE_ADMIN, page_integrity_rules_save},
    {WEB_POST, "/console/integrity/rules/import", FORM, ROLE_ADMIN, page_integrity_rules_import},
    {WEB_GET, "/console/integrity/{id}", PAGE, ROLE_VIEWER, page_integrity_finding},
    {WEB_POST, "/console/integrity/{id}/assign", FORM, ROLE_CLERK, page_integrity_assign},
    {WEB_POST, "/console/integrity/{id}/dismiss", FORM, ROLE_ADMIN, page_integrity_dismiss},
};
const size_t routes_integrity_len = ARRAY_SIZE(routes_integrity);
