#!/usr/bin/env python3
"""make.py SEED.json VARIANT OUT.html OUT.expected: writes a 2021-format annual report as HTML
from a seed's known truth (tests/data/seeds/expected/*.json) and the truth the PDF made from
it must read back. VARIANT "blank" writes the zeros of the 科研机构 and 社会公益组织 columns
as empty cells (truth null), as many agencies do, on A5 pages so table 3 crosses a page
break; "top" puts cell text at the top of its cell (Word's default) and writes its numbers in
full-width digits; a variant starting
with "lo" leaves out the CSS LibreOffice does not read; "plain" writes every number. Used by
make.sh."""
import json
import re
import sys

seed, variant, out_html, out_exp = sys.argv[1:5]
d = json.load(open(seed, encoding="utf-8"))
year = d["year"]
agency = "某市交通运输局"
t3 = d["table3"]["rows"]
if variant.endswith("blank"):
    for k, row in t3.items():
        for c in (2, 3):
            if row[c] == 0:
                row[c] = None

ROWS3 = [
    ("received_new", None, None, "一、本年新收政府信息公开申请数量"),
    ("received_carried_over", None, None, "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果", None, "（一）予以公开"),
    ("partially_granted", None, None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("withheld_state_secret", None, "（三）不予公开", "1.属于国家秘密"),
    ("withheld_prohibited_by_law", None, None, "2.其他法律行政法规禁止公开"),
    ("withheld_three_safeties", None, None, "3.危及“三安全一稳定”"),
    ("withheld_third_party_rights", None, None, "4.保护第三方合法权益"),
    ("withheld_internal_affairs", None, None, "5.属于三类内部事务信息"),
    ("withheld_process_info", None, None, "6.属于四类过程性信息"),
    ("withheld_enforcement_file", None, None, "7.属于行政执法案卷"),
    ("withheld_administrative_query", None, None, "8.属于行政查询事项"),
    ("unavailable_not_held", None, "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", None, None, "2.没有现成信息需要另行制作"),
    ("unavailable_still_unclear", None, None, "3.补正后申请内容仍不明确"),
    ("not_processed_petition", None, "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_repeated", None, None, "2.重复申请"),
    ("not_processed_publication", None, None, "3.要求提供公开出版物"),
    ("not_processed_excessive", None, None, "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", None, None, "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_supplement", None, "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", None, None,
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", None, None, "3.其他"),
    ("results_total", None, None, "（七）总计"),
    ("carried_forward", None, None, "四、结转下年度继续办理"),
]
SPAN = {"三、本年度办理结果": 22, "（三）不予公开": 8, "（四）无法提供": 3, "（五）不予处理": 5,
        "（六）其他处理": 3}


def num(v):
    return "" if v is None else str(v)


h = []
h.append("""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年度报告</title><style>
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;font-size:14px;margin:0}
%s
table{border-collapse:collapse;width:100%%}td,th{border:1px solid #000;padding:3px 4px;
text-align:center;vertical-align:middle;font-weight:normal;font-size:12px;line-height:1.2;margin:0}
td.l{text-align:left}thead{display:table-header-group}p{text-indent:2em;line-height:1.6}
</style></head><body>""" % ("" if variant.startswith("lo") else
                               '@page{size:A5;margin:12mm 10mm 14mm 10mm;'
                               '@bottom-center{content:"— " counter(page) " —"}}'))
h.append("<p align=center>%s%d年政府信息公开工作年度报告</p>" % (agency, year))
h.append("<p>本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制，报告中所列数据的"
         "统计期限自%d年1月1日起至%d年12月31日止。</p>" % (year, year))
h.append("<p>一、总体情况</p>")
for i in range(9 if variant.startswith("lo") else 1):
    h.append("<p>本年度，本机关坚持以公开为常态、不公开为例外，围绕重点工作推进政府信息公开，"
             "不断完善主动公开、依申请公开、政策解读和平台建设等各项工作，第%d方面的工作"
             "按计划完成，公众满意度稳步提升。</p>" % (i + 1))
t2 = d["table2"]
h.append("<p>二、主动公开政府信息情况</p><table>")
h.append("<tr><td colspan=4>第二十条第（一）项</td></tr>")
h.append("<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>")
for k, lab in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
    r = t2[k]
    h.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
        lab, num(r["issued"]), num(r["repealed"]), num(r["in_force"])))
h.append("<tr><td colspan=4>第二十条第（五）项</td></tr>")
h.append("<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>")
h.append("<tr><td>行政许可</td><td colspan=3>%s</td></tr>" % num(t2["licensing"]["decisions"]))
h.append("<tr><td colspan=4>第二十条第（六）项</td></tr>")
h.append("<tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr>")
h.append("<tr><td>行政处罚</td><td colspan=3>%s</td></tr>" % num(t2["penalties"]["decisions"]))
h.append("<tr><td>行政强制</td><td colspan=3>%s</td></tr>" % num(t2["enforcement"]["decisions"]))
h.append("<tr><td colspan=4>第二十条第（八）项</td></tr>")
h.append("<tr><td>信息内容</td><td colspan=3>本年收费金额（单位：万元）</td></tr>")
h.append("<tr><td>行政事业性收费</td><td colspan=3>%s</td></tr></table>"
         % num(t2["fees"]["amount_wan_yuan"]))
h.append("<p>三、收到和处理政府信息公开申请情况</p>")
h.append("""<table><thead><tr><td colspan=3 rowspan=3 style="width:34%">（本列数据的勾稽关系为：
第一项加第二项之和，等于第三项加第四项之和）</td><td colspan=7>申请人情况</td></tr>
<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
</thead><tbody>""")
for key, top, mid, lab in ROWS3:
    cells = []
    if top:
        cells.append("<td rowspan=%d style='width:4em'>%s</td>" % (SPAN[top], top))
    if mid:
        cells.append("<td rowspan=%d style='width:4em'>%s</td>" % (SPAN[mid], mid))
    if key in ("received_new", "received_carried_over", "carried_forward"):
        cells.append("<td colspan=3 class=l>%s</td>" % lab)
    elif key in ("granted", "partially_granted", "results_total"):
        cells.append("<td colspan=2 class=l>%s</td>" % lab)
    else:
        cells.append("<td class=l>%s</td>" % lab)
    cells += ["<td>%s</td>" % num(v) for v in t3[key]]
    h.append("<tr>%s</tr>" % "".join(cells))
h.append("</tbody></table>")
t4 = d["table4"]
h.append("<p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
h.append("<tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>")
h.append("<tr><td rowspan=2>结果维持</td><td rowspan=2>结果纠正</td><td rowspan=2>其他结果</td>"
         "<td rowspan=2>尚未审结</td><td rowspan=2>总计</td><td colspan=5>未经复议直接起诉</td>"
         "<td colspan=5>复议后起诉</td></tr>")
h.append("<tr>" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td>"
         "<td>总计</td>" * 2 + "</tr>")
vals = []
for b in ("review", "litigation_direct", "litigation_after_review"):
    vals += [t4[b][k] for k in ("upheld", "corrected", "other", "pending", "total")]
h.append("<tr>%s</tr></table>" % "".join("<td>%s</td>" % num(v) for v in vals))
h.append("<p>五、存在的主要问题及改进情况</p><p>一是公开内容的深度还需加强；二是政策解读形式"
         "还需丰富。下一步，本机关将进一步规范公开流程。</p>")
h.append("<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></body></html>")
html = "\n".join(h)
if variant.endswith("top"):  # Word's default: cell text at the top, wrapped labels below;
    # numbers typed in full-width digits, as on Chinese input methods
    html = html.replace("vertical-align:middle", "vertical-align:top")
    html = re.sub(r"<td>(\d+)</td>", lambda m: "<td style='white-space:nowrap'>%s</td>" % m.group(1).translate(
        {c: c + 0xFEE0 for c in range(0x30, 0x3A)}), html)
open(out_html, "w", encoding="utf-8").write(html)

exp = {"format": "2021", "year": year, "table2": t2,
       "table3": {"rows": t3}, "table4": t4}
if not variant.startswith("lo"):
    exp["agency"] = agency  # LibreOffice's HTML import drops the title paragraph
json.dump(exp, open(out_exp, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
