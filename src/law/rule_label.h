/* rule_label.h: the short Chinese name of a finding's rule, for pages. The rule id
 * ("cell.missing") stays in machine outputs (JSON, the CLI); a reader sees 空白单元格. */
#ifndef ZF_RULE_LABEL_H
#define ZF_RULE_LABEL_H

/* The label of rule (checker, parser or merger); 其他检查 for an id it does not know. */
const char *report_rule_label(const char *rule);

#endif
