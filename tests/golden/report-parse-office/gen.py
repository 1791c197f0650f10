#!/usr/bin/env python3
"""gen.py SEED_JSON NAME YEAR AGENCY OUTDIR: writes OUTDIR/NAME.html, an annual report in the
2021 format laid out as agencies lay it out in Word (merged header cells, the 办理结果 labels
spanning rows, a label wrapped over two paragraphs of its cell, a label broken by a line
break, blank cells), with the numbers of a seed's expected tables (tests/data/seeds/expected),
and OUTDIR/NAME.expected, the truth: those tables with the blanked cells null. Run by make.sh."""
import json
import sys

seed, name, year, agency, outdir = sys.argv[1:6]
exp = json.load(open(seed, encoding="utf-8"))
t2, t3, t4 = exp["table2"], exp["table3"], exp["table4"]
rows3 = t3["rows"]

# cells left blank in the document (null in the truth): zeros in the source
BLANK3 = [("received_carried_over", 2), ("withheld_state_secret", 3), ("not_processed_excessive", 4)]
for key, col in BLANK3:
    assert rows3[key][col] == 0, (key, col)
    rows3[key][col] = None
assert t2["regulations"]["repealed"] == 0
t2["regulations"]["repealed"] = None


def v(x):
    return "" if x is None else str(x)


def td(text, rs=1, cs=1):
    a = (' rowspan="%d"' % rs if rs > 1 else "") + (' colspan="%d"' % cs if cs > 1 else "")
    return "<td%s>%s</td>" % (a, text)


def tr(*cells):
    return "<tr>" + "".join(cells) + "</tr>\n"


h = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s%s年政府信息公开工作年度报告'
     '</title></head><body>\n' % (agency, year)]
h.append("<h1>%s%s年政府信息公开工作年度报告</h1>\n" % (agency, year))
h.append("<p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>\n<p>一、总体情况</p>\n")
h.append("<p>%s年，本机关依法做好政府信息公开工作。</p>\n" % year)
h.append("<p>二、主动公开政府信息情况</p>\n")
h.append('<table border="1">\n')
h.append(tr(td("第二十条第（一）项", cs=4)))
h.append(tr(td("信息内容"), td("本年制发件数"), td("本年废止件数"), td("现行有效件数")))
for label, key in (("规章", "regulations"), ("行政规范性<br>文件", "normative_documents")):
    r = t2[key]
    h.append(tr(td(label), td(v(r["issued"])), td(v(r["repealed"])), td(v(r["in_force"]))))
for item, label, key in (("五", "行政许可", "licensing"), ("六", "行政处罚", "penalties"),
                         (None, "行政强制", "enforcement")):
    if item:
        h.append(tr(td("第二十条第（%s）项" % item, cs=4)))
        h.append(tr(td("信息内容"), td("本年处理决定数量", cs=3)))
    h.append(tr(td(label), td(v(t2[key]["decisions"]), cs=3)))
h.append(tr(td("第二十条第（八）项", cs=4)))
h.append(tr(td("信息内容"), td("本年收费金额（单位：万元）", cs=3)))
h.append(tr(td("行政事业性收费"), td(v(t2["fees"]["amount_wan_yuan"]), cs=3)))
h.append("</table>\n<p>三、收到和处理政府信息公开申请情况</p>\n<table border=\"1\">\n")
h.append(tr(td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
            td("申请人情况", cs=7)))
h.append(tr(td("自然人", rs=2), td("法人或其他组织", cs=5), td("总计", rs=2)))
h.append(tr(*[td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]))


def nums(key):
    return [td(v(x)) for x in rows3[key]]


h.append(tr(td("一、本年新收政府信息公开申请数量", cs=3), *nums("received_new")))
h.append(tr(td("二、上年结转政府信息公开申请数量", cs=3), *nums("received_carried_over")))
groups = [
    (None, [("（一）予以公开", "granted")]),
    (None, [("<p>（二）部分公开（区分处理的，</p><p>只计这一情形，不计其他情形）</p>",
             "partially_granted")]),
    ("（三）不予公开", [("1.属于国家秘密", "withheld_state_secret"),
                  ("2.其他法律行政法规禁止公开", "withheld_prohibited_by_law"),
                  ("3.危及“三安全一稳定”", "withheld_three_safeties"),
                  ("4.保护第三方合法权益", "withheld_third_party_rights"),
                  ("5.属于三类内部事务信息", "withheld_internal_affairs"),
                  ("6.属于四类过程性信息", "withheld_process_info"),
                  ("7.属于行政执法案卷", "withheld_enforcement_file"),
                  ("8.属于行政查询事项", "withheld_administrative_query")]),
    ("（四）无法提供", [("1.本机关不掌握相关政府信息", "unavailable_not_held"),
                  ("2.没有现成信息需要另行制作", "unavailable_needs_creation"),
                  ("3.补正后申请内容仍不明确", "unavailable_still_unclear")]),
    ("（五）不予处理", [("1.信访举报投诉类申请", "not_processed_petition"),
                  ("2.重复申请", "not_processed_repeated"),
                  ("3.要求提供公开出版物", "not_processed_publication"),
                  ("4.无正当理由大量反复申请", "not_processed_excessive"),
                  ("5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation")]),
    ("（六）其他处理", [("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                   "other_no_supplement"),
                  ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                   "other_fee_unpaid"),
                  ("3.其他", "other_other")]),
    (None, [("（七）总计", "results_total")]),
]
span = sum(len(g[1]) for g in groups)
first = True
for head, items in groups:
    for i, (label, key) in enumerate(items):
        cells = []
        if first:
            cells.append(td("三、本年度办理结果", rs=span))
            first = False
        if head is None:
            cells.append(td(label, cs=2))
        else:
            if i == 0:
                cells.append(td(head, rs=len(items)))
            cells.append(td(label))
        h.append(tr(*(cells + nums(key))))
h.append(tr(td("四、结转下年度继续办理", cs=3), *nums("carried_forward")))
h.append("</table>\n<p>四、政府信息公开行政复议、行政诉讼情况</p>\n<table border=\"1\">\n")
h.append(tr(td("行政复议", cs=5), td("行政诉讼", cs=10)))
res = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
h.append(tr(*[td(x, rs=2) for x in res], td("未经复议直接起诉", cs=5), td("复议后起诉", cs=5)))
h.append(tr(*[td(x) for x in res + res]))
keys = ("upheld", "corrected", "other", "pending", "total")
h.append(tr(*[td(v(t4[b][k])) for b in ("review", "litigation_direct", "litigation_after_review")
              for k in keys]))
h.append("</table>\n<p>五、存在的主要问题及改进情况</p>\n<p>无。</p>\n</body></html>\n")
open("%s/%s.html" % (outdir, name), "w", encoding="utf-8").write("".join(h))

truth = {"format": exp["format"], "year": int(year), "table2": t2,
         "table3": {"rows": rows3}, "table4": t4,
         "forbidden_rules": ["parse.table2", "parse.table3", "parse.table4", "parse.unrecognised",
                             "cell.ambiguous", "sum.row", "sum.table4"]}
json.dump(truth, open("%s/%s.expected" % (outdir, name), "w", encoding="utf-8"),
          ensure_ascii=False, indent=1)
