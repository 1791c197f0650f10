/* routes_messages.c: the route table of 互动交流 messages (see routes.h, page_messages.h):
 * the public pages under /hdjl (the form and the look-up need the CSRF token and are
 * throttled per address by their handlers); the console's /console/hdjl, read by every role
 * over the message's agency, acted on by its clerks (the handlers check the agency and
 * answer 404 for another's), the settings by administrators. */
#include "common.h"
#include "page_messages.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_messages[] = {
    /* public */
    {WEB_GET, "/hdjl", ROUTE_CACHEABLE, ROLE_PUBLIC, page_hdjl},
    {WEB_GET, "/hdjl/messages", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC, page_hdjl_messages},
    {WEB_GET, "/hdjl/messages/{id}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_hdjl_message},
    {WEB_GET, "/hdjl/write", ROUTE_NEEDS_DB, ROLE_PUBLIC, page_hdjl_write},
    {WEB_GET, "/hdjl/receipt", ROUTE_NEEDS_DB, ROLE_PUBLIC, page_hdjl_receipt},
    {WEB_POST, "/hdjl/write", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_hdjl_write_post},
    {WEB_GET, "/hdjl/query", 0, ROLE_PUBLIC, page_hdjl_query},
    {WEB_POST, "/hdjl/query", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_hdjl_query_post},
    {WEB_POST, "/hdjl/query/rate", ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF, ROLE_PUBLIC, page_hdjl_rate},
    /* console */
    {WEB_GET, "/console/hdjl", PAGE, ROLE_VIEWER, page_console_hdjl},
    {WEB_GET, "/console/hdjl/stats", PAGE, ROLE_VIEWER, page_console_hdjl_stats},
    {WEB_GET, "/console/hdjl/settings", PAGE, ROLE_ADMIN, page_console_hdjl_settings},
    {WEB_POST, "/console/hdjl/settings", FORM, ROLE_ADMIN, page_console_hdjl_settings_post},
    {WEB_GET, "/console/hdjl/{id}", PAGE, ROLE_VIEWER, page_console_hdjl_message},
    {WEB_POST, "/console/hdjl/{id}", FORM, ROLE_CLERK, page_console_hdjl_act},
};
const size_t routes_messages_len = ARRAY_SIZE(routes_messages);
