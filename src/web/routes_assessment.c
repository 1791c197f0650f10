/* routes_assessment.c: the route table of 考核, 培训 and the quarterly 通报 (see routes.h and
 * page_assessment.h), under /console/oversight (whose own page belongs to the oversight
 * area). The weakest role is declared here; the handlers check the agency: the 主管部门 for
 * scoring and issuing, the user's own agencies for reading (another's answers 404). */
#include "common.h"
#include "page_assessment.h"
#include "routes.h"

#define PAGE (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN)
#define FORM (ROUTE_NEEDS_DB | ROUTE_NEEDS_LOGIN | ROUTE_NEEDS_CSRF)

const struct route routes_assessment[] = {
    {WEB_GET, "/console/oversight/assessment", PAGE, ROLE_VIEWER, page_assess},
    {WEB_POST, "/console/oversight/assessment/compute", FORM, ROLE_CLERK, page_assess_compute},
    {WEB_POST, "/console/oversight/assessment/manual", FORM, ROLE_CLERK, page_assess_manual},
    {WEB_GET, "/console/oversight/assessment/scheme", PAGE, ROLE_VIEWER, page_assess_scheme},
    {WEB_POST, "/console/oversight/assessment/scheme", FORM, ROLE_ADMIN, page_assess_scheme_post},
    {WEB_GET, "/console/oversight/assessment/{agency}", PAGE, ROLE_VIEWER, page_assess_agency},
    {WEB_GET, "/console/oversight/training", PAGE, ROLE_VIEWER, page_training},
    {WEB_GET, "/console/oversight/training/export", PAGE, ROLE_VIEWER, page_training_export},
    {WEB_POST, "/console/oversight/training/new", FORM, ROLE_CLERK, page_training_new},
    {WEB_GET, "/console/oversight/training/{id}", PAGE, ROLE_VIEWER, page_training_one},
    {WEB_POST, "/console/oversight/training/{id}", FORM, ROLE_CLERK, page_training_post},
    {WEB_GET, "/console/oversight/bulletins", PAGE, ROLE_VIEWER, page_bulletins},
    {WEB_POST, "/console/oversight/bulletins/notes", FORM, ROLE_CLERK, page_bulletin_notes},
    {WEB_POST, "/console/oversight/bulletins/issue", FORM, ROLE_REVIEWER, page_bulletin_issue},
    {WEB_GET, "/console/oversight/bulletins/draft/{kind}", PAGE, ROLE_CLERK, page_bulletin_draft},
    {WEB_GET, "/console/oversight/bulletins/{id}/{kind}", PAGE, ROLE_VIEWER, page_bulletin_file},
};
const size_t routes_assessment_len = ARRAY_SIZE(routes_assessment);
