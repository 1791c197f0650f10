/* routes_consult.c: the route table of 意见征集 and 在线访谈 (see routes.h and
 * page_consult.h): the public lists and pages under /hdjl/ with their two forms (CSRF; the
 * handlers throttle per address), and the console under /console/hdjl/consultations and
 * /console/hdjl/interviews: every role over an agency reads, its clerks change (the handlers
 * check the agency of each object and answer 404 for another's). */
#include "common.h"
#include "page_consult.h"
#include "routes.h"

#define PAGE	    (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM	    (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)
#define PUBLIC_FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_CSRF)

const struct route routes_consult[] = {
    /* public */
    {WEB_GET, "/hdjl/consultations", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_consult_list},
    {WEB_GET, "/hdjl/consultations/{id}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_consult_view},
    {WEB_POST, "/hdjl/consultations/{id}", PUBLIC_FORM, ROLE_PUBLIC, page_consult_comment},
    {WEB_GET, "/hdjl/interviews", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_interview_list},
    {WEB_GET, "/hdjl/interviews/{id}", ROUTE_NEEDS_DB | ROUTE_CACHEABLE, ROLE_PUBLIC,
     page_interview_view},
    {WEB_POST, "/hdjl/interviews/{id}", PUBLIC_FORM, ROLE_PUBLIC, page_interview_question},
    /* console: consultations */
    {WEB_GET, "/console/hdjl/consultations", PAGE, ROLE_VIEWER, page_consult_console},
    {WEB_POST, "/console/hdjl/consultations", FORM, ROLE_CLERK, page_consult_console_add},
    {WEB_GET, "/console/hdjl/consultations/{id}", PAGE, ROLE_VIEWER, page_consult_console_one},
    {WEB_POST, "/console/hdjl/consultations/{id}", FORM, ROLE_CLERK, page_consult_console_change},
    {WEB_GET, "/console/hdjl/consultations/{id}/comments.xlsx", PAGE, ROLE_VIEWER,
     page_consult_console_export},
    {WEB_POST, "/console/hdjl/consultations/{id}/comments/{comment}", FORM, ROLE_CLERK,
     page_consult_console_judge},
    /* console: interviews */
    {WEB_GET, "/console/hdjl/interviews", PAGE, ROLE_VIEWER, page_interview_console},
    {WEB_POST, "/console/hdjl/interviews", FORM, ROLE_CLERK, page_interview_console_add},
    {WEB_GET, "/console/hdjl/interviews/{id}", PAGE, ROLE_VIEWER, page_interview_console_one},
    {WEB_POST, "/console/hdjl/interviews/{id}", FORM, ROLE_CLERK, page_interview_console_change},
    {WEB_POST, "/console/hdjl/interviews/{id}/questions/{question}", FORM, ROLE_CLERK,
     page_interview_console_moderate},
};
const size_t routes_consult_len = ARRAY_SIZE(routes_consult);
