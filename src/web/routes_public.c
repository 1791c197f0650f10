/* routes_public.c: the route table of the public area (see routes.h): the agencies' guides,
 * the application form and its receipt, the progress query and the annual reports. The home
 * page (/) is in the core table. */
#include "common.h"
#include "page_public.h"
#include "page_query.h"
#include "routes.h"

const struct route routes_public[] = {
    {WEB_GET, "/guide", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_guide},
    {WEB_GET, "/agency/{id}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_agency},
    {WEB_GET, "/guide/{agency}/{file}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_guide_file},
    {WEB_GET, "/apply", ROUTE_NEEDS_DB, ROLE_PUBLIC, page_apply},
    {WEB_POST, "/apply", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_apply_post},
    {WEB_GET, "/apply/receipt", ROUTE_NEEDS_DB, ROLE_PUBLIC, page_apply_receipt},
    {WEB_GET, "/query", 0, ROLE_PUBLIC, page_query},
    {WEB_POST, "/query", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_query_post},
    {WEB_POST, "/query/letter", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_query_letter},
    {WEB_POST, "/query/supplement", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC,
     page_query_supplement},
    {WEB_POST, "/query/rating", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_query_rating},
    {WEB_GET, "/reports", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_reports},
    {WEB_GET, "/reports/{agency}/{file}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_report},
    {WEB_GET, "/sitemap", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_sitemap},
    {WEB_GET, "/contact", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_contact},
    {WEB_GET, "/rules", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_rules},
    {WEB_GET, "/docs/statutory", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_statutory},
    {WEB_GET, "/setup", ROUTE_NEEDS_DB, ROLE_PUBLIC, page_setup},
    {WEB_POST, "/setup", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_setup_post},
};
const size_t routes_public_len = ARRAY_SIZE(routes_public);
