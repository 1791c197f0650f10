/* routes_docs.c: the route table of the docs area (see routes.h): the public catalogue,
 * document pages, search, feed and sitemap; the console's publishing workflow. The session
 * layer reads the CSRF token of the two upload routes from their multipart body; their
 * handlers check it once more (page_docs_console.c). */
#include "common.h"
#include "routes.h"
#include "page_docs.h"

#define DB    ROUTE_NEEDS_DB
#define LOGIN ROUTE_NEEDS_LOGIN
#define CSRF  ROUTE_NEEDS_CSRF

const struct route routes_docs[] = {
    /* public */
    {WEB_GET, "/docs", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_catalogue},
    {WEB_GET, "/docs/feed", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_feed},
    {WEB_GET, "/docs/{id}", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_doc},
    {WEB_GET, "/docs/{id}/files/{file}", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_file},
    {WEB_GET, "/search", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_search},
    {WEB_GET, "/sitemap.xml", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_docs_sitemap},
    /* console */
    {WEB_GET, "/console/docs", DB | LOGIN, ROLE_VIEWER, page_docs_console_list},
    {WEB_GET, "/console/docs/new", DB | LOGIN, ROLE_CLERK, page_docs_console_new},
    {WEB_POST, "/console/docs/new", DB | LOGIN | CSRF, ROLE_CLERK, page_docs_console_create},
    {WEB_GET, "/console/docs/export", DB | LOGIN, ROLE_VIEWER, page_docs_console_export},
    {WEB_GET, "/console/docs/import", DB | LOGIN, ROLE_CLERK, page_docs_console_import},
    {WEB_POST, "/console/docs/import", DB | LOGIN | CSRF, ROLE_CLERK,
     page_docs_console_import_post},
    {WEB_GET, "/console/docs/settings", DB | LOGIN, ROLE_ADMIN, page_docs_console_settings},
    {WEB_POST, "/console/docs/settings", DB | LOGIN | CSRF, ROLE_ADMIN,
     page_docs_console_settings_post},
    {WEB_GET, "/console/docs/{id}", DB | LOGIN, ROLE_VIEWER, page_docs_console_doc},
    {WEB_GET, "/console/docs/{id}/edit", DB | LOGIN, ROLE_CLERK, page_docs_console_edit},
    {WEB_POST, "/console/docs/{id}/edit", DB | LOGIN | CSRF, ROLE_CLERK, page_docs_console_update},
    {WEB_POST, "/console/docs/{id}/action", DB | LOGIN | CSRF, ROLE_CLERK,
     page_docs_console_action},
    {WEB_POST, "/console/docs/{id}/attach", DB | LOGIN | CSRF, ROLE_CLERK,
     page_docs_console_attach},
};
const size_t routes_docs_len = ARRAY_SIZE(routes_docs);
