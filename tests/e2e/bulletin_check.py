#!/usr/bin/env python3
"""tests/e2e/bulletin_check.py DB ROOT QUARTER DOCX XLSX NUMBER: reads a quarterly 通报 back
(.docx and .xlsx, with zipfile and the XML of the parts) and checks its figures against the
database with direct SQL (tests/e2e/sql, either engine): the ranking sheet row by row against
assess_scores; each named count of overdue requests against the requests whose kept due date
has passed (for the current quarter, where the scores were computed today); the training
summary against the training tables; the 第N期 (NUMBER, 0 = a draft marked 草稿). Prints TAP
points without numbers ("ok - ..."), for the calling script to number."""
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET
from os.path import dirname, join

W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
S = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'


def ok(cond, desc, diag=None):
    print(('ok - ' if cond else 'not ok - ') + desc)
    if not cond and diag is not None:
        for line in str(diag).splitlines()[:20]:
            print('#   ' + line)
    return cond


def sql(db, q):
    out = subprocess.run([join(dirname(__file__), 'sql'), db, q], check=True,
                         capture_output=True, text=True).stdout
    return [line.split('|') for line in out.splitlines() if line != '']


def docx_paragraphs(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read('word/document.xml'))
    return [''.join(t.text or '' for t in p.iter(W + 't')) for p in root.iter(W + 'p')]


def xlsx_sheets(path):
    """{sheet name: {(row, col): text}} with 1-based rows and 0-based columns."""
    with zipfile.ZipFile(path) as z:
        shared = []
        if 'xl/sharedStrings.xml' in z.namelist():
            for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(S + 'si'):
                shared.append(''.join(t.text or '' for t in si.iter(S + 't')))
        rels = {r.get('Id'): r.get('Target') for r in
                ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
        book = ET.fromstring(z.read('xl/workbook.xml'))
        sheets = {}
        for sh in book.iter(S + 'sheet'):
            target = rels[sh.get(R + 'id')].lstrip('/')
            if not target.startswith('xl/'):
                target = 'xl/' + target
            cells = {}
            for c in ET.fromstring(z.read(target)).iter(S + 'c'):
                m = re.match(r'([A-Z]+)(\d+)$', c.get('r'))
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                v = c.find(S + 'v')
                text = v.text if v is not None else ''
                if c.get('t') == 's':
                    text = shared[int(text)]
                elif c.get('t') == 'inlineStr':
                    text = ''.join(t.text or '' for t in c.iter(S + 't'))
                cells[(int(m.group(2)), col - 1)] = text
            sheets[sh.get('name')] = cells
    return sheets


def points(tenths):
    tenths = int(tenths)
    return str(tenths // 10) if tenths % 10 == 0 else '%d.%d' % (tenths // 10, tenths % 10)


def num(text):
    """an Excel number as written ("86", "86.5", "100.0") back to tenths"""
    return int(round(float(text) * 10))


def main():
    db, root, quarter, docx, xlsx, number = sys.argv[1:7]
    number = int(number)
    q = int(quarter)
    year, qn = q // 10, q % 10
    zh = '一二三四'[qn - 1]
    title = '关于%d年第%s季度政务公开工作情况的通报' % (year, zh)
    paras = docx_paragraphs(docx)
    text = '\n'.join(paras)
    ok(title in paras, 'the .docx carries the title ' + title)
    ok(('第%d期' % number if number else '（草稿）') in paras,
       'the .docx says ' + ('第%d期' % number if number else '草稿'))

    rows = sql(db, 'SELECT a.name, s.total, s.item_sum, s.max_total, s.place, s.vetoed,'
                   ' s.problems, s.agency_id, s.computed_on FROM assess_scores s'
                   ' JOIN agencies a ON a.id = s.agency_id'
                   ' WHERE s.root_id = %d AND s.quarter = %d'
                   ' ORDER BY s.place, a.name, s.agency_id' % (int(root), q))
    ok(len(rows) > 0, 'the quarter has stored scores (%d agencies)' % len(rows))
    sheets = xlsx_sheets(xlsx)
    rank = sheets.get('考核排名', {})
    ok(title in rank.get((1, 0), ''), 'the ranking sheet has the title')
    bad = []
    for i, (name, total, isum, mx, place, vetoed, problems, _aid, _on) in enumerate(rows):
        y = i + 4
        got = (rank.get((y, 0)), rank.get((y, 1)), num(rank.get((y, 2), '-1')),
               num(rank.get((y, 4), '-1')), rank.get((y, 5)), rank.get((y, 6), ''))
        want = (place, name, int(total), int(mx) - int(isum), '是' if vetoed == '1' else '否',
                problems)
        if got != want:
            bad.append('row %d: got %r, SQL %r' % (y, got, want))
        # the Word table has the same figures
        if name not in text:
            bad.append('%s missing in the .docx' % name)
    ok(not bad, 'every ranking row equals assess_scores (rank, agency, score, deductions,'
       ' veto, problems) in the .xlsx', '\n'.join(bad))
    ok(rank.get((len(rows) + 4, 1)) is None, 'no extra ranking row')

    # named overdue requests: the count equals the requests open past their kept due date
    bad = []
    for name, _t, _s, _m, _p, _v, problems, aid, computed_on in rows:
        n = int(sql(db, "SELECT count(*) FROM requests WHERE agency_id = %s AND closed_on"
                        " IS NULL AND due_on < '%s'" % (aid, computed_on))[0][0])
        m = re.search(r'逾期未答复政府信息公开申请(\d+)件', problems)
        got = int(m.group(1)) if m else 0
        if got != n:
            bad.append('%s: named %d, SQL %d' % (name, got, n))
        if n and ('%s：' % name) not in text:
            bad.append('%s has overdue requests but is not named in the .docx' % name)
    ok(not bad, 'named overdue requests equal direct SQL counts for every agency', '\n'.join(bad))
    overdue_total = sum(int(sql(db, "SELECT count(*) FROM requests WHERE agency_id = %s AND"
                                    " closed_on IS NULL AND due_on < '%s'" % (r[7], r[8]))[0][0])
                        for r in rows)
    print('# overdue requests named in the 通报: %d' % overdue_total)

    # the training summary
    first = '%d-%02d-01' % (year, 3 * qn - 2)
    last = '%d-%02d-%02d' % (year, 3 * qn, 31 if qn in (1, 4) else 30)
    held = int(sql(db, "SELECT count(*) FROM training_sessions WHERE held_on >= '%s' AND"
                       " held_on <= '%s'" % (first, last))[0][0])
    persons = sql(db, "SELECT coalesce(sum(t.persons), 0), coalesce(sum(t.persons * s.hours), 0),"
                      " count(DISTINCT t.agency_id) FROM training_attendance t JOIN"
                      " training_sessions s ON s.id = t.session_id WHERE s.held_on >= '%s'"
                      " AND s.held_on <= '%s'" % (first, last))[0]
    want = '共举办政务公开培训%d期，%s个单位参训%s人次，累计%s人·学时' % (
        held, persons[2], persons[0], points(persons[1]))
    ok(want in text, 'the training summary equals SQL: ' + want, text[-600:])
    tr = sheets.get('培训情况', {})
    sheet_persons = sum(int(float(v)) for (r, c), v in tr.items() if c == 2 and r >= 4)
    ok(sheet_persons == int(persons[0]), 'the training sheet totals %d persons, SQL %s' %
       (sheet_persons, persons[0]))


if __name__ == '__main__':
    main()
