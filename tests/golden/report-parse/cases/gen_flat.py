#!/usr/bin/env python3
"""gen_flat.py: writes the flat-*.in / flat-*.expected golden cases: reports as crawlers and
PDF-to-text tools flatten them (one-line glued bodies, CR dumps, pdftotext -layout pages), and
md-invented-headers / pipe-torn-labels (PDF-to-Markdown block tables, labels torn from rows).

Each case is a table (below) rendered into one layout; the .expected holds the same table as
the reader should give it back. Run from this directory: python3 gen_flat.py. The generated
files are committed, so the tests do not need this script."""
import json

ROWS21 = [
    ("received_new", "一、本年新收政府信息公开申请数量"),
    ("received_carried_over", "二、上年结转政府信息公开申请数量"),
    (None, "三、本年度办理结果"),
    ("granted", "（一）予以公开"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    (None, "（三）不予公开"),
    ("withheld_state_secret", "1.属于国家秘密"),
    ("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("withheld_three_safeties", "3.危及“三安全一稳定”"),
    ("withheld_third_party_rights", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "5.属于三类内部事务信息"),
    ("withheld_process_info", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "8.属于行政查询事项"),
    (None, "（四）无法提供"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable_still_unclear", "3.补正后申请内容仍不明确"),
    (None, "（五）不予处理"),
    ("not_processed_petition", "1.信访举报投诉类申请"),
    ("not_processed_repeated", "2.重复申请"),
    ("not_processed_publication", "3.要求提供公开出版物"),
    ("not_processed_excessive", "4.无正当理由大量反复申请"),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    (None, "（六）其他处理"),
    ("other_no_supplement", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"),
    ("results_total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]
# 2019: （六）其他处理 is itself the row
ROWS19 = [r for r in ROWS21 if r[0] not in ("other_no_supplement", "other_fee_unpaid",
                                             "other_other") and r[1] != "（六）其他处理"]
ROWS19.insert(ROWS19.index(("results_total", "（七）总计")), ("other_other", "（六）其他处理"))
KEYS = [k for k, _ in ROWS21 if k]
T3_HEAD = ("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，"
           "等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构"
           "社会公益组织法律服务机构其他")
T4_HEAD = ("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果"
           "尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持"
           "结果纠正其他结果尚未审结总计")
T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_FIELDS = ["upheld", "corrected", "other", "pending", "total"]


def table3(rows):
    """rows: {key: [7 values]}; every other row is seven zeros."""
    return {k: list(rows.get(k, [0] * 7)) for k in KEYS}


def t4(vals):
    return {g: dict(zip(T4_FIELDS, vals[5 * i:5 * i + 5])) for i, g in enumerate(T4_GROUPS)}


def cell(v):
    return "" if v is None else str(v)


def glued(fmt, intro, t2, t3, t4v, outro):
    """One line, no white space, each row's cells glued into one digit string."""
    rows = ROWS21 if fmt == "2021" else ROWS19
    s = intro + t2 + T3_HEAD
    for key, label in rows:
        s += label
        if key:
            s += "".join(cell(v) for v in t3[key])
    s += T4_HEAD + "".join(cell(v) for v in t4v) + outro
    return s.replace(" ", "").replace("\n", "")


def expected(fmt, year, t3, t4v, rules=(), forbidden=(), t2=None, extra=None):
    e = {"format": fmt, "year": year, "table3": {"rows": t3}, "table4": t4(t4v)}
    if fmt == "2019":
        for k in ("other_no_supplement", "other_fee_unpaid"):
            e["table3"]["rows"][k] = [None] * 7
    if t2 is not None:
        e["table2"] = t2
    e["expected_rules"] = list(rules)
    e["forbidden_rules"] = list(forbidden)
    if extra:
        e.update(extra)
    return e


def write(name, text, exp, newline="\n"):
    with open(name + ".in", "w", encoding="utf-8", newline="") as f:
        f.write(text if text.endswith(newline) else text + newline)
    with open(name + ".expected", "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=1)
        f.write("\n")


INTRO21 = ("根据《中华人民共和国政府信息公开条例》规定，发布本年度报告。报告中所列数据统计期限为"
           "2022年1月1日至12月31日。一、总体情况2022年，我局认真落实政务公开各项工作。")
T2_21 = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
         "规章000行政规范性文件213第二十条第（五）项信息内容本年处理决定数量行政许可1689"
         "第二十条第（六）项信息内容本年处理决定数量行政处罚12行政强制0第二十条第（八）项"
         "信息内容本年收费金额（单位：万元）行政事业性收费0")
OUTRO = "五、存在的主要问题及改进情况一是公开内容还不够丰富。六、其他需要报告的事项本年度未收取信息处理费。"
T2_21_EXP = {"regulations": {"issued": 0, "repealed": 0, "in_force": 0},
             "normative_documents": {"issued": 2, "repealed": 1, "in_force": 3},
             "licensing": {"decisions": 1689}, "penalties": {"decisions": 12},
             "enforcement": {"decisions": 0}, "fees": {"amount_wan_yuan": 0}}
NOTRUST = ["parse.table2", "parse.table3", "parse.table4", "sum.row", "sum.table4",
           "sum.results", "sum.balance", "cell.ambiguous"]

# 1. glued, 2019 format, one digit a cell
t3 = table3({"received_new": [3, 1, 0, 0, 0, 0, 4], "granted": [2, 1, 0, 0, 0, 0, 3],
             "unavailable_not_held": [1, 0, 0, 0, 0, 0, 1],
             "results_total": [3, 1, 0, 0, 0, 0, 4]})
t3["other_other"] = [0] * 7
T2_19 = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开"
         "总数量规章000规范性文件5512第二十条第（五）项信息内容上一年项目数量本年增/减处理决定"
         "数量行政许可300其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量本年增"
         "/减处理决定数量行政处罚000行政强制000第二十条第（八）项信息内容上一年项目数量本年增/"
         "减行政事业性收费00第二十条第（九）项信息内容采购项目数量采购总金额（单位：万元）政府"
         "集中采购00")
intro19 = INTRO21.replace("2022", "2020")
t4v = [1, 0, 0, 0, 1] + [0] * 10
write("flat-glued-2019", glued("2019", intro19, T2_19, t3, t4v, OUTRO),
      expected("2019", 2020, t3, t4v,
               rules=["cell.glued", "cell.ambiguous: 规范性文件, 5512, 5|5|12, 55|1|2"],
               forbidden=[r for r in NOTRUST if r != "cell.ambiguous"],
               t2={"regulations": {"made": 0, "published": 0, "public_total": 0},
                   "normative_documents": {"made": None, "published": None,
                                           "public_total": None},
                   "licensing": {"prior_items": 3, "change": 0, "decisions": 0},
                   "penalties": {"prior_items": 0, "change": 0, "decisions": 0}}))

# 2. glued, 2021, cells of several digits (unique by row sums and column sums)
t3 = table3({"received_new": [12, 3, 0, 1, 0, 0, 16], "received_carried_over": [2, 0, 0, 0, 0, 0, 2],
             "granted": [9, 2, 0, 1, 0, 0, 12], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
             "unavailable_not_held": [3, 1, 0, 0, 0, 0, 4],
             "results_total": [13, 3, 0, 1, 0, 0, 17], "carried_forward": [1, 0, 0, 0, 0, 0, 1]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
write("flat-glued-multidigit", glued("2021", INTRO21, T2_21, t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, rules=["cell.glued"], forbidden=NOTRUST, t2=T2_21_EXP))

# 3. ambiguous glued rows: 本年新收, 予以公开 and 总计 "1100011" read 11|0|0|0|0|0|11 or
# 1|10|0|0|0|0|11 alike, and every identity holds either way (a row's total is the same in all
# its readings, so no total the prose states can choose); table 4's "00011110021300000" has
# three cuts that satisfy every block, and the prose names no figure of table 4: all stay null
amb = table3({"received_new": [11, 0, 0, 0, 0, 0, 11], "granted": [11, 0, 0, 0, 0, 0, 11],
              "results_total": [11, 0, 0, 0, 0, 0, 11]})
T4_AMB = [0, 0, 0, 11, 11, 0, 0, 2, 1, 3, 0, 0, 0, 0, 0]  # "00011110021300000"
null = [None] * 7
exp = table3({"received_new": null, "granted": null, "results_total": null})
write("flat-glued-ambiguous", glued("2021", INTRO21, T2_21, amb, T4_AMB, OUTRO),
      expected("2021", 2022, exp, [None] * 15, rules=[
          "cell.ambiguous: 本年新收, 11|0|0|0|0|0|11, 1|10|0|0|0|0|11",
          "cell.ambiguous: 表四, 0|0|0|1|1 / 1|10|0|2|13 / 0|0|0|0|0, "
          "0|0|0|11|11 / 0|0|2|1|3 / 0|0|0|0|0"],
          forbidden=["parse.table3", "parse.table4"], t2=T2_21_EXP))

# 4. the same table 4 with the prose's "被申请行政复议11件": one of the three cuts has a
# review total of 11; it is read, and the finding still lists all three
t3 = table3({"received_new": [2, 0, 0, 0, 0, 0, 2], "granted": [2, 0, 0, 0, 0, 0, 2],
             "results_total": [2, 0, 0, 0, 0, 0, 2]})
intro_said = INTRO21 + "本年度共收到政府信息公开申请2件，被申请行政复议11件。"
write("flat-glued-narrative", glued("2021", intro_said, T2_21, t3, T4_AMB, OUTRO),
      expected("2021", 2022, t3, T4_AMB, rules=[
          "cell.ambiguous: 表四, 0|0|0|1|1 / 1|10|0|2|13, 0|0|0|11|11 / 0|0|2|1|3, "
          "行政复议11件"],
          forbidden=["parse.table3", "parse.table4", "sum.table4", "text.narrative"],
          t2=T2_21_EXP))

# 5. rows that do not add up in the source: the granted row's total is off by one; its cells
# are one digit each, so they are read as published and the checker reports the row
bad = table3({"received_new": [3, 0, 0, 0, 0, 0, 3], "granted": [3, 0, 0, 0, 0, 0, 2],
              "results_total": [3, 0, 0, 0, 0, 0, 3]})
write("flat-glued-unbalanced", glued("2021", INTRO21, T2_21, bad, [0] * 15, OUTRO),
      expected("2021", 2022, bad, [0] * 15,
               rules=["cell.glued: 予以公开, 3000002", "sum.row"],
               forbidden=["parse.table3", "parse.table4"], t2=T2_21_EXP))

# 6. a CR dump of another template: each cell ends with two CRs, a row end adds one, blank
# cells add two each; blank (null) and written 0 differ
def cr_dump(fmt, intro, t3, t4v, outro, unit=2, row_extra=1):
    cr = "\r"
    end = cr * unit
    rows = ROWS21 if fmt == "2021" else ROWS19
    out = [intro.replace("。", "。" + cr), "三、收到和处理政府信息公开申请情况" + end + cr]
    heads = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    out.append(end.join(heads) + end + cr)
    out.append(end.join(["自然人", "法人或其他组织", "总计"]) + end + cr)
    out.append(end.join(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]) + end + cr)
    for key, label in rows:
        cells = [label] + ([cell(v) for v in t3[key]] if key else [])
        s = ""
        for c in cells:
            s += c + end  # a blank cell is an empty string followed by its own run
        out.append(s + cr * row_extra)
    out.append("四、政府信息公开行政复议、行政诉讼情况" + end + cr)
    out.append(end.join(["行政复议", "行政诉讼"]) + end + cr)
    out.append(end.join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
                         "复议后起诉"]) + end + cr)
    out.append(end.join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + end + cr)
    out.append("".join(cell(v) + end for v in t4v) + cr)
    out.append(outro)
    return "".join(out)


t3 = table3({"received_new": [5, 0, 0, 0, 0, 0, 5], "granted": [4, 0, 0, 0, 0, 0, 4],
             "unavailable_not_held": [1, 0, 0, 0, 0, 0, 1],
             "results_total": [5, 0, 0, 0, 0, 0, 5]})
for k in ("withheld_state_secret", "withheld_prohibited_by_law", "not_processed_petition",
          "other_fee_unpaid"):
    t3[k] = [None] * 7
t3["partially_granted"] = [0, None, None, None, None, None, 0]
t4v = [None, None, None, None, 0] * 3
write("flat-cr-dump", cr_dump("2021", INTRO21, t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, rules=["cell.missing: table3.withheld_state_secret"],
               forbidden=["parse.table3", "parse.table4", "sum.row", "sum.results",
                          "sum.balance", "cell.ambiguous"]), newline="\r")


# 7. pdftotext -layout output of a PDF: columns by spaces, long labels wrapped over two lines
# with the row's numbers on the line between the halves (or after both), a page break inside
# table 3 ("— 3 —" footer, form feed, the column header repeated), and table 4 split likewise
def layout(fmt, year, t3, t4v):
    wide = 52
    rows = ROWS21 if fmt == "2021" else ROWS19
    head = [
        "                                                   申请人情况",
        "  （本列数据的勾稽关系为：第一项加第                    法人或其他组织",
        "  二项之和，等于第三项加第四项之和）     自然人   商业   科研   社会公益  法律服务  其他   总计",
        "                                                  企业   机构   组织      机构",
    ]
    out = ["某市生态环境局%d年政府信息公开工作年度报告" % year, "",
           "一、总体情况", "  %d年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，本年度共收到"
           "政府信息公开申请%d件。" % (year, t3["received_new"][6]), "",
           "三、收到和处理政府信息公开申请情况", ""] + head
    def nums(key):
        return "".join("%7s" % cell(v) for v in t3[key])
    for i, (key, label) in enumerate(rows):
        if key == "withheld_process_info":  # page break before this row
            out += ["", "                                   — 3 —", "\f"] + head
        indent = "  " if label[0] in "一二三四" else "      "
        if len(label) > 16 and key:
            # wrapped: first half, the numbers alone on the next line, then the rest
            cut = 14
            out.append(indent + label[:cut])
            out.append(" " * wide + nums(key))
            out.append(indent + label[cut:])
        elif key:
            out.append(indent + label + " " * max(2, wide - 2 * len(label) - len(indent)) + nums(key))
        else:
            out.append(indent + label)
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", "",
            "                                           行政诉讼",
            "        行政复议",
            "                                未经复议直接起诉                    复议后起诉",
            " 结果 结果 其他 尚未 总计  结果 结果 其他 尚未 总计  结果 结果 其他 尚未 总计",
            " 维持 纠正 结果 审结       维持 纠正 结果 审结       维持 纠正 结果 审结",
            "".join("%5s" % cell(v) for v in t4v[:10]),
            "", "                                   — 4 —", "\f",
            " 结果 结果 其他 尚未 总计  结果 结果 其他 尚未 总计  结果 结果 其他 尚未 总计",
            "".join("%5s" % cell(v) for v in t4v[10:]),
            "", "五、存在的主要问题及改进情况", "  一是公开内容还不够丰富。"]
    return "\n".join(out) + "\n"


t3 = table3({"received_new": [12, 3, 0, 1, 0, 0, 16], "received_carried_over": [2, 0, 0, 0, 0, 0, 2],
             "granted": [9, 2, 0, 1, 0, 0, 12], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
             "withheld_process_info": [1, 0, 0, 0, 0, 0, 1],
             "unavailable_not_held": [2, 1, 0, 0, 0, 0, 3],
             "results_total": [13, 3, 0, 1, 0, 0, 17], "carried_forward": [1, 0, 0, 0, 0, 0, 1]})
t4v = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]
write("flat-pdftotext-layout", layout("2021", 2022, t3, t4v),
      expected("2021", 2022, t3, t4v, forbidden=[r for r in NOTRUST if r != "parse.table2"],
               extra={"agency": "某市生态环境局"}))


# 8. one line, but the crawler kept the spaces between table 3's cells; table 2's cells are
# still glued ("规章000")
def oneline_spaced(intro, t2, t3, t4v, outro):
    s = intro + t2 + T3_HEAD
    for key, label in ROWS21:
        s += label + " "
        if key:
            s += " ".join(cell(v) for v in t3[key]) + " "
    return s + T4_HEAD + " " + " ".join(cell(v) for v in t4v) + " " + outro


t3 = table3({"received_new": [12, 3, 0, 1, 0, 0, 16], "received_carried_over": [2, 0, 0, 0, 0, 0, 2],
             "granted": [9, 2, 0, 1, 0, 0, 12], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
             "unavailable_not_held": [3, 1, 0, 0, 0, 0, 4],
             "results_total": [13, 3, 0, 1, 0, 0, 17], "carried_forward": [1, 0, 0, 0, 0, 0, 1]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
write("flat-oneline-spaced", oneline_spaced(INTRO21, T2_21, t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, forbidden=NOTRUST, t2=T2_21_EXP))


# 9. glued, and the prose before the tables names the sections ("本报告共分6个部分：…收到和处理
# 政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况…") followed by a year: table 3's
# heading is the mention before the table's own 本年新收 row; the crawler left stray spaces
# inside header words and after some row labels ("社会公益 组织", "本年度办 理结果 ")
def glued_stray(intro, t2, t3, t4v, outro):
    s = glued("2021", intro, t2, t3, t4v, outro)
    s = s.replace("社会公益组织法律服务机构", "社会公益 组织 法律服务 机构 ")
    s = s.replace("三、本年度办理结果", "三、本年度办 理结果 ")
    return s.replace("不再处理其政府信息公开申请", "不再处理其政府信息公开申请 ")


intro_outline = ("本报告共分6个部分：总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                 "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
                 "本报告所列数据统计期限为\n2022\n" + INTRO21)
t3 = table3({"received_new": [12, 3, 0, 1, 0, 0, 16], "received_carried_over": [2, 0, 0, 0, 0, 0, 2],
             "granted": [9, 2, 0, 1, 0, 0, 12], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
             "unavailable_not_held": [2, 1, 0, 0, 0, 0, 3],
             "other_no_supplement": [1, 0, 0, 0, 0, 0, 1],
             "results_total": [13, 3, 0, 1, 0, 0, 17], "carried_forward": [1, 0, 0, 0, 0, 0, 1]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
text = glued_stray(intro_outline, T2_21, t3, t4v, OUTRO)
write("flat-glued-outline", text, expected("2021", 2022, t3, t4v, rules=["cell.glued"],
                                           forbidden=NOTRUST, t2=T2_21_EXP))

# 10. glued, and one row of zeros lost a digit in the source ("上年结转…数量000000", six
# zeros for seven cells): a digit string with a leading zero is no single number, and which
# cell vanished cannot be told, so the row stays null with a finding
t3 = table3({"received_new": [5, 2, 0, 1, 0, 0, 8],
             "granted": [3, 2, 0, 1, 0, 0, 6], "unavailable_not_held": [2, 0, 0, 0, 0, 0, 2],
             "results_total": [5, 2, 0, 1, 0, 0, 8]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
text = glued("2021", INTRO21, T2_21, t3, t4v, OUTRO)
text = text.replace("二、上年结转政府信息公开申请数量0000000", "二、上年结转政府信息公开申请数量000000")
exp_t3 = dict(t3, received_carried_over=[None] * 7)
write("flat-glued-short-row", text,
      expected("2021", 2022, exp_t3, t4v, rules=["cell.glued", "cell.ambiguous"],
               forbidden=[r for r in NOTRUST if r not in ("cell.ambiguous", "sum.balance")],
               t2=T2_21_EXP))

# 11. glued table 2 row "行政规范性文件725181" has ten cuts and table 2 no identity; the prose
# says how many documents were kept and repealed ("保留部门规范性文件181件，废止25件"), and
# only 7|25|181 agrees with it
intro_t2 = INTRO21 + "对现有206件规范性文件进行清理，保留部门规范性文件181件，废止25件。"
t2_said = T2_21.replace("行政规范性文件213", "行政规范性文件725181")
t3 = table3({"received_new": [5, 2, 0, 1, 0, 0, 8],
             "granted": [3, 2, 0, 1, 0, 0, 6], "unavailable_not_held": [2, 0, 0, 0, 0, 0, 2],
             "results_total": [5, 2, 0, 1, 0, 0, 8]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
write("flat-glued-t2-prose", glued("2021", intro_t2, t2_said, t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, rules=["cell.glued: 正文所述"], forbidden=NOTRUST,
               t2=dict(T2_21_EXP, normative_documents={"issued": 7, "repealed": 25,
                                                       "in_force": 181})))


MD_T2 = """### 第二十条第（一）项
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|---|---|---|---|
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 2 | 1 | 3 |

### 第二十条第（五）项
| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政许可 | 1689 |

### 第二十条第（六）项
| 信息内容 | 本年处理决定数量 |
|---|---|
| 行政处罚 | 12 |
| 行政强制 | 0 |

### 第二十条第（八）项
| 信息内容 | 本年收费金额（单位：万元） |
|---|---|
| 行政事业性收费 | 0 |
"""


# 12. Markdown from a PDF conversion tool (tables 2 and 4 under "###" headings, the group
# heading （六）其他处理 shortened to "(六) 其他"): table 3 cut into one pipe table per block, each
# under a "###" heading that repeats the row's label, with invented column headings
# ("类别 | 数据1 | … | 数据6 | 总计"); one block's header row is made of table 3's row names
# ("项目 | 本年新收件数 | 上年结转件数 | 予以公开 | …"), which is no row of the table
def md_blocks(intro, t3, t4v, outro):
    head = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n" + "|---" * 8 + "|\n"
    wrong = ("| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 "
             "| 总计 |\n" + "|---" * 8 + "|\n")
    s = intro + "\n\n## 二、主动公开政府信息情况\n\n" + MD_T2 + "\n## 三、收到和处理政府信息公开申请情况\n\n"
    group = None
    for key, label in ROWS21:
        if not key:
            s += "### " + ("(六) 其他" if label == "（六）其他处理" else label) + "\n"
            group = label
            continue
        numbered = label[0].isdigit()
        if not numbered or group is None:
            s += "\n### " + label + "\n" + head
        elif key == "other_fee_unpaid":
            s += "\n" + wrong
        elif label.startswith("1."):
            s += head
        if key in ("results_total", "carried_forward"):
            group = None
        body = label.split("、", 1)[1] if label.startswith(("一、", "二、")) else label
        s += "| " + body + " | " + " | ".join(cell(v) for v in t3[key]) + " |\n"
    s += "\n## 四、政府信息公开行政复议、行政诉讼情况\n"
    for i, name in enumerate(["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]):
        s += ("\n### " + name + "\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
              "|---|---|---|---|---|\n| " + " | ".join(str(v) for v in t4v[5 * i:5 * i + 5]) + " |\n")
    return s + "\n" + outro + "\n"


t3 = table3({"received_new": [705, 3, 0, 0, 5, 0, 713], "received_carried_over": [36, 0, 0, 0, 0, 0, 36],
             "granted": [290, 1, 0, 0, 3, 0, 294], "unavailable_not_held": [111, 0, 0, 0, 0, 0, 111],
             "other_no_supplement": [9, 0, 0, 0, 0, 0, 9], "other_fee_unpaid": [7, 0, 0, 0, 0, 0, 7],
             "other_other": [294, 2, 0, 0, 2, 0, 298],
             "results_total": [711, 3, 0, 0, 5, 0, 719], "carried_forward": [30, 0, 0, 0, 0, 0, 30]})
t4v = [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]
write("md-invented-headers", md_blocks(INTRO21, t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, forbidden=NOTRUST, t2=T2_21_EXP))


# 13. PDF text with the table's pipe rows, where the extraction printed the first words of
# two later rows' labels on lines of their own far above their rows ("5.要求行政机关确认或
# 重新出具", "1.申请人无正当理由逾期不补正、" before "3.补正后…"): a label with no cells
# does not close the rows above it
def torn_pipes(intro, t2, t3, t4v, outro):
    s = intro + "\n" + T3_HEAD + "\n"
    for key, label in ROWS21:
        if key == "unavailable_still_unclear":
            s += "5.要求行政机关确认或重新出具\n1.申请人无正当理由逾期不补正、\n"
        if key:
            s += "| " + label + " | " + " | ".join(cell(v) for v in t3[key]) + " |\n"
        else:
            s += label + "\n"
    return (s + "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
            "| " + " | ".join(cell(v) for v in t4v) + " |\n" + outro + "\n")


t3 = table3({"received_new": [12, 3, 0, 1, 0, 0, 16], "received_carried_over": [2, 0, 0, 0, 0, 0, 2],
             "granted": [5, 2, 0, 1, 0, 0, 8], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
             "unavailable_still_unclear": [2, 0, 0, 0, 0, 0, 2],
             "not_processed_petition": [2, 1, 0, 0, 0, 0, 3],
             "not_processed_confirmation": [1, 0, 0, 0, 0, 0, 1],
             "other_no_supplement": [2, 0, 0, 0, 0, 0, 2],
             "results_total": [13, 3, 0, 1, 0, 0, 17], "carried_forward": [1, 0, 0, 0, 0, 0, 1]})
t4v = [2, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
write("pipe-torn-labels", torn_pipes(INTRO21, "", t3, t4v, OUTRO),
      expected("2021", 2022, t3, t4v, forbidden=[r for r in NOTRUST if r != "parse.table2"]))
