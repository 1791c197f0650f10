/* routes_stdcat.c: the route table of the standard catalogue (see routes.h and
 * page_stdcat.h): the public catalogue; in the console the items with their status, the
 * import (administrators, with a preview before anything is written), the export, one
 * item's page and its changes (clerks of the item's 主体: the handlers check the agency and
 * answer 404 for another's), and each agency's warnings. */
#include "common.h"
#include "page_stdcat.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_stdcat[] = {
    /* public */
    {WEB_GET, "/stdcat", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_stdcat_public},
    /* console */
    {WEB_GET, "/console/stdcat", PAGE, ROLE_VIEWER, page_stdcat_console},
    {WEB_GET, "/console/stdcat/export.xlsx", PAGE, ROLE_VIEWER, page_stdcat_export},
    {WEB_GET, "/console/stdcat/warnings", PAGE, ROLE_VIEWER, page_stdcat_warnings},
    {WEB_POST, "/console/stdcat/import", FORM, ROLE_ADMIN, page_stdcat_import},
    {WEB_POST, "/console/stdcat/import/confirm", FORM, ROLE_ADMIN, page_stdcat_import_confirm},
    {WEB_GET, "/console/stdcat/items/{id}", PAGE, ROLE_VIEWER, page_stdcat_item},
    {WEB_POST, "/console/stdcat/items/{id}/link", FORM, ROLE_CLERK, page_stdcat_item_link},
    {WEB_POST, "/console/stdcat/items/{id}/unlink", FORM, ROLE_CLERK, page_stdcat_item_unlink},
    {WEB_POST, "/console/stdcat/items/{id}/event", FORM, ROLE_CLERK, page_stdcat_item_event},
};
const size_t routes_stdcat_len = ARRAY_SIZE(routes_stdcat);
