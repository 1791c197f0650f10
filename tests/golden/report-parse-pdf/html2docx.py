#!/usr/bin/env python3
"""html2docx.py IN.html OUT.docx: writes make.py's report as a Word document the way Word
itself would hold it (paragraphs; tables with w:gridSpan and w:vMerge, cells centred
vertically, 宋体 10.5 pt), so that LibreOffice can print it to PDF as an agency's Word file
would be. Only the HTML make.py writes is understood. Used by make.sh."""
import html.parser
import sys
import zipfile
from xml.sax.saxutils import escape


class Reader(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks = []  # ("p", text) or ("t", rows of [text, rowspan, colspan])
        self.text = None
        self.table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag == "td":
            self.text = []
            self.cell = [self.text, int(a.get("rowspan", 1)), int(a.get("colspan", 1))]
        elif tag == "p":
            self.text = []

    def handle_endtag(self, tag):
        if tag == "td":
            self.cell[0] = "".join(self.text).replace("\n", "").strip()
            self.table[-1].append(self.cell)
            self.text = None
        elif tag == "p" and self.text is not None:
            self.blocks.append(("p", "".join(self.text).strip()))
            self.text = None
        elif tag == "table":
            self.blocks.append(("t", self.table))
            self.table = None

    def handle_data(self, d):
        if self.text is not None:
            self.text.append(d)


def run(text):
    return ('<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="SimSun"/>'
            '<w:sz w:val="21"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % escape(text))


def para(text, center=False):
    jc = '<w:jc w:val="center"/>' if center else ""
    return '<w:p><w:pPr><w:spacing w:after="0"/>%s</w:pPr>%s</w:p>' % (jc, run(text))


def table(rows):
    ncols = sum(c[2] for c in rows[0])
    grid = []  # per row: list of (col, cell, kind) kind: restart/continue/none
    pending = {}  # col -> (rows left, colspan)
    for r in rows:
        out, col, cells = [], 0, list(r)
        while cells or col < ncols:
            if col in pending and pending[col][0] > 0:
                left, span = pending[col]
                out.append((col, ["", 1, span], "continue"))
                pending[col] = (left - 1, span)
                col += span
                continue
            if not cells:
                break
            c = cells.pop(0)
            kind = "restart" if c[1] > 1 else None
            if c[1] > 1:
                pending[col] = (c[1] - 1, c[2])
            out.append((col, c, kind))
            col += c[2]
        grid.append(out)
    # table 3's three label columns take half the width, as in the State Council's template
    widths = [1100, 1100, 2400] + [628] * 7 if ncols == 10 else [9000 // ncols] * ncols
    x = ['<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>']
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        x.append('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % side)
    x.append('</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>')
    x.append("".join('<w:gridCol w:w="%d"/>' % w for w in widths))
    x.append("</w:tblGrid>")
    for out in grid:
        x.append("<w:tr>")
        for col, c, kind in out:
            pr = '<w:tcW w:w="%d" w:type="dxa"/>' % sum(widths[col:col + c[2]])
            if c[2] > 1:
                pr += '<w:gridSpan w:val="%d"/>' % c[2]
            if kind:
                pr += '<w:vMerge w:val="restart"/>' if kind == "restart" else "<w:vMerge/>"
            pr += '<w:vAlign w:val="center"/>'
            x.append("<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (pr, para(c[0], center=True)))
        x.append("</w:tr>")
    x.append("</w:tbl>")
    return "".join(x)


r = Reader()
r.feed(open(sys.argv[1], encoding="utf-8").read())
body = []
for i, (kind, v) in enumerate(r.blocks):
    body.append(para(v, center=i == 0) if kind == "p" else table(v) + para(""))
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body>%s<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" '
       'w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" '
       'w:gutter="0"/></w:sectPr></w:body></w:document>') % "".join(body)
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
               '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicat'
               'ion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Cont'
               'entType="application/xml"/><Override PartName="/word/document.xml" ContentType="'
               'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
               '"/></Types>')
    z.writestr("_rels/.rels",
               '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
               'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://s'
               'chemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Targ'
               'et="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", doc)
