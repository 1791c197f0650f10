/* rule_label.c: the Chinese names of the findings' rules (rule_label.h). */
#include "common.h"
#include "rule_label.h"

static const struct {
	const char *id, *label;
} labels[] = {
    {"format.year", "年度与格式"},
    {"cell.missing", "空白单元格"},
    {"cell.negative", "负数"},
    {"cell.invalid", "无法识别的数值"},
    {"cell.ambiguous", "数值存疑"},
    {"sum.row", "行合计"},
    {"sum.results", "办理结果合计"},
    {"balance.column", "收结平衡"},
    {"sum.table4", "表四合计"},
    {"table2.in_force", "表二现行有效件数"},
    {"table2.public_total", "表二公开总数"},
    {"table2.change", "表二本年增减"},
    {"value.duplicate", "疑似重复数值"},
    {"carry.previous_year", "与上年衔接"},
    {"sum.legacy", "旧格式合计"},
    {"text.narrative", "报告正文"},
    {"text.traditional", "繁体字"},
    {"text.label", "栏目名称"},
    {"text.injected", "夹杂无关内容"},
    {"text.encoding", "文字编码"},
    {"table3.rows", "表三行数"},
    {"source.cells", "原始单元格"},
    {"parse.year", "年度识别"},
    {"parse.unrecognised", "未能识别的内容"},
    {"parse.subtotal", "小计"},
    {"merge.incomplete", "汇总不完整"},
    {"merge.mixed_years", "汇总年度不一"},
    {"merge.format", "汇总格式不一"},
    {"unit.converted", "单位换算"},
};

const char *report_rule_label(const char *rule)
{
	for (size_t i = 0; rule && i < ARRAY_SIZE(labels); i++)
		if (!strcmp(rule, labels[i].id))
			return labels[i].label;
	return "其他检查";
}
