/* page_integrity.h: the console of the site-integrity checks (内容检查), routed by
 * routes_integrity.c: the score card per agency, the findings as work orders (filters,
 * paging, one finding with its assign and dismiss forms), the run-a-scan button, the 通报
 * workbook, and the rule sets (administrators). Readers see their agencies' subtree only;
 * another agency's finding answers 404. */
#ifndef ZF_WEB_PAGE_INTEGRITY_H
#define ZF_WEB_PAGE_INTEGRITY_H

#include "server.h"

/* page_integrity.c */
int page_integrity(struct web_request *req, struct web_response *res);
int page_integrity_scan(struct web_request *req, struct web_response *res);
int page_integrity_export(struct web_request *req, struct web_response *res);
int page_integrity_finding(struct web_request *req, struct web_response *res);
int page_integrity_assign(struct web_request *req, struct web_response *res);
int page_integrity_dismiss(struct web_request *req, struct web_response *res);
/* page_integrity_rules.c */
int page_integrity_rules(struct web_request *req, struct web_response *res);
int page_integrity_rules_save(struct web_request *req, struct web_response *res);
int page_integrity_rules_import(struct web_request *req, struct web_response *res);

#endif
