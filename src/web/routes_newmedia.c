/* routes_newmedia.c: the route table of the 政务新媒体 registry (see routes.h and
 * page_newmedia.h): the public 政务新媒体矩阵; the console's registry, its .xlsx, an account
 * and its forms, the import of posts and one post. The weakest role is declared here; the
 * handlers check the agency of each account (404 for another's) and that approvals come from
 * an administrator of the agency or one above it. */
#include "common.h"
#include "page_newmedia.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_newmedia[] = {
    /* public */
    {WEB_GET, "/newmedia", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_newmedia_public},
    /* console */
    {WEB_GET, "/console/newmedia", PAGE, ROLE_VIEWER, page_newmedia_console},
    {WEB_GET, "/console/newmedia/export.xlsx", PAGE, ROLE_VIEWER, page_newmedia_export},
    {WEB_POST, "/console/newmedia/new", FORM, ROLE_CLERK, page_newmedia_register},
    {WEB_GET, "/console/newmedia/post/{id}", PAGE, ROLE_VIEWER, page_newmedia_post},
    {WEB_GET, "/console/newmedia/{id}", PAGE, ROLE_VIEWER, page_newmedia_account},
    {WEB_POST, "/console/newmedia/{id}", FORM, ROLE_CLERK, page_newmedia_change},
    {WEB_POST, "/console/newmedia/{id}/import", FORM, ROLE_CLERK, page_newmedia_import},
};
const size_t routes_newmedia_len = ARRAY_SIZE(routes_newmedia);
