/* routes_columns.c: the route table of the columns area (see routes.h and page_columns.h):
 * the public column tree of an agency and the list of one column; the console's column
 * management (reading for every role over the agency, changes for its administrators; the
 * handlers check the agency of each column and answer 404 for another's). */
#include "common.h"
#include "page_columns.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_columns[] = {
    /* public */
    {WEB_GET, "/columns", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_columns_index},
    {WEB_GET, "/columns/{agency}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_columns_agency},
    {WEB_GET, "/column/{id}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_column},
    /* console */
    {WEB_GET, "/console/columns", PAGE, ROLE_VIEWER, page_columns_console},
    {WEB_POST, "/console/columns/new", FORM, ROLE_ADMIN, page_columns_console_add},
    {WEB_POST, "/console/columns/seed", FORM, ROLE_ADMIN, page_columns_console_seed},
    {WEB_GET, "/console/columns/{id}", PAGE, ROLE_ADMIN, page_columns_console_column},
    {WEB_POST, "/console/columns/{id}", FORM, ROLE_ADMIN, page_columns_console_change},
    {WEB_POST, "/console/docs/{id}/columns", FORM, ROLE_CLERK, page_columns_console_file},
};
const size_t routes_columns_len = ARRAY_SIZE(routes_columns);
