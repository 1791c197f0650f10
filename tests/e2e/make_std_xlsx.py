#!/usr/bin/env python3
"""make_std_xlsx.py: writes a standard catalogue sheet (.xlsx) the way clerks' files come,
with the standard library only (zipfile), so the tests hand our importer a file our own writer
did not make: shared strings, merged cells (mergeCells), a title line, empty rows kept.
Usage: make_std_xlsx.py OUT.xlsx < sheet.tsv
The input is the format of tests/data/stdcat/*.tsv: one line per sheet row (an empty line is
an empty row), cells separated by tabs, "\\n" a line break inside a cell, "#merge B4:B5" a
merged range; "#area ..." lines are ignored."""
import sys
import zipfile
from xml.sax.saxutils import escape


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    out = sys.argv[1]
    rows, merges = [], []
    for line in sys.stdin.read().split('\n'):
        if line.startswith('#merge '):
            merges.append(line[7:].strip())
        elif line.startswith('#area '):
            continue
        else:
            rows.append([c.replace('\\n', '\n') for c in line.split('\t')])
    while rows and rows[-1] == ['']:
        rows.pop()
    strings, index = [], {}

    def sst(v):
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        return index[v]

    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
             '<sheetData>']
    for r, row in enumerate(rows, 1):
        cells = [f'<c r="{col_name(c)}{r}" t="s"><v>{sst(v)}</v></c>'
                 for c, v in enumerate(row) if v != '']
        sheet.append(f'<row r="{r}">' + ''.join(cells) + '</row>')
    sheet.append('</sheetData>')
    if merges:
        sheet.append(f'<mergeCells count="{len(merges)}">' +
                     ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
    sheet.append('</worksheet>')
    sst_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               f'count="{len(strings)}" uniqueCount="{len(strings)}">' +
               ''.join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings) +
               '</sst>')
    ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml'
    rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
                   f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr('_rels/.rels',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr('xl/workbook.xml',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   f'xmlns:r="{rel}">'
                   '<sheets><sheet name="标准目录" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr('xl/_rels/workbook.xml.rels',
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        z.writestr('xl/sharedStrings.xml', sst_xml)
        z.writestr('xl/worksheets/sheet1.xml', '\n'.join(sheet))


if __name__ == '__main__':
    main()
