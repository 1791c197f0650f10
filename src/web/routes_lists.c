/* routes_lists.c: the route table of 撤稿, the 重大建设项目 专栏 and the versioned lists
 * (see routes.h, page_lists.h). Handlers check the agency of each object with session_can
 * (404 for another agency's). */
#include "common.h"
#include "routes.h"
#include "page_lists.h"

#define DB    ROUTE_NEEDS_DB
#define LOGIN ROUTE_NEEDS_LOGIN
#define CSRF  ROUTE_NEEDS_CSRF

const struct route routes_lists[] = {
    /* public */
    {WEB_GET, "/projects", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_projects},
    {WEB_GET, "/project/{id}", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_project},
    {WEB_GET, "/lists", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_lists},
    {WEB_GET, "/list/{id}", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_list},
    {WEB_GET, "/list/{id}/v/{n}", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_list_version},
    {WEB_GET, "/list/{id}/v/{n}/xlsx", DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_list_xlsx},
    /* console */
    {WEB_POST, "/console/docs/{id}/takedown", DB | LOGIN | CSRF, ROLE_REVIEWER, page_takedown_post},
    {WEB_GET, "/console/projects", DB | LOGIN, ROLE_VIEWER, page_projects_console},
    {WEB_POST, "/console/projects", DB | LOGIN | CSRF, ROLE_CLERK, page_projects_console_create},
    {WEB_GET, "/console/projects/{id}", DB | LOGIN, ROLE_VIEWER, page_project_console},
    {WEB_POST, "/console/projects/{id}", DB | LOGIN | CSRF, ROLE_CLERK, page_project_console_post},
    {WEB_GET, "/console/lists", DB | LOGIN, ROLE_VIEWER, page_lists_console},
    {WEB_POST, "/console/lists", DB | LOGIN | CSRF, ROLE_CLERK, page_lists_console_create},
    {WEB_GET, "/console/lists/{id}", DB | LOGIN, ROLE_VIEWER, page_list_console},
    {WEB_POST, "/console/lists/{id}", DB | LOGIN | CSRF, ROLE_CLERK, page_list_console_post},
};
const size_t routes_lists_len = ARRAY_SIZE(routes_lists);
