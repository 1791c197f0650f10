#!/usr/bin/env bash
# tests/golden/report-parse-pdf/make.sh: regenerates the PDF fixtures the way agencies make
# them (not run by the tests; the generated files are committed). Needs LibreOffice
# (soffice), Chromium and poppler-utils (pdftoppm, pdftotext). Truth comes from the seeds'
# expected JSON through make.py. Chromium's PDFs are small only with a TrueType CJK font
# (fonts-wqy-microhei; the OpenType Noto CJK collection is embedded as Type 3 glyphs).
set -euo pipefail
cd "$(dirname "$0")"
seeds=../../data/seeds/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p cases
export HOME=$tmp # LibreOffice's profile

chromium_pdf() { # HTML OUT.pdf
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="$2" "file://$1" >/dev/null 2>&1
}
soffice_pdf() { # FILE OUTDIR [FILTER]
	soffice --headless --convert-to "${3:-pdf}" --outdir "$2" "$1" >/dev/null 2>&1
}

# 1. Chromium print of an HTML report: blank cells, wrapped labels, table 3 across a page
#    break with its header repeated, "— N —" page footers
python3 make.py "$seeds/001_15e719a63086d79c.json" blank "$tmp/chromium-blank.html" \
	cases/chromium-blank.expected
chromium_pdf "$tmp/chromium-blank.html" cases/chromium-blank.pdf

# 1b. Chromium, cells top-aligned as Word makes them (labels wrap below their numbers)
python3 make.py "$seeds/001_15e719a63086d79c.json" top "$tmp/chromium-top.html" \
	cases/chromium-top.expected
chromium_pdf "$tmp/chromium-top.html" cases/chromium-top.pdf

# 2. LibreOffice from HTML (Writer's table layout, a different font metric and row pitch)
python3 make.py "$seeds/000_a573b43c4676ce5a.json" lo "$tmp/lo-html.html" cases/lo-html.expected
soffice_pdf "$tmp/lo-html.html" "$tmp"
cp "$tmp/lo-html.pdf" cases/lo-html.pdf

# 3. a Word document (.docx as Word holds it: merged cells, centred, 宋体; html2docx.py)
#    printed to PDF by LibreOffice; its long labels wrap and a row breaks over a page
python3 make.py "$seeds/000_a573b43c4676ce5a.json" lo-blank "$tmp/word.html" cases/word-docx.expected
python3 html2docx.py "$tmp/word.html" "$tmp/word-docx.docx"
soffice_pdf "$tmp/word-docx.docx" "$tmp"
cp "$tmp/word-docx.pdf" cases/word-docx.pdf

# 4. pdftotext -layout of the LibreOffice PDF, read as text (the "text extracted from PDF"
#    family; the year is left out of its truth: see run)
pdftotext -layout cases/lo-html.pdf cases/pdftotext-lo.txt
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop(\"year\"); json.dump(d,open(sys.argv[2],\"w\"),ensure_ascii=False,indent=1)" cases/lo-html.expected cases/pdftotext-lo.expected

# 4b. the same for the other PDFs: pdftotext's layout turns a blank cell into spaces and
#     leaves wrapped labels on lines of their own, so the text reader cannot read them all;
#     kept as a measured comparison (compare/), not as cases that must pass
mkdir -p compare
for c in chromium-blank chromium-top word-docx; do
	pdftotext -layout cases/$c.pdf compare/pdftotext-$c.txt
	cp cases/$c.expected compare/pdftotext-$c.expected
done

# Refusals (no .expected: the runner checks the exit status and the one Chinese line)
# 5. encrypted with an open password
printf '加密的年度报告\n' >"$tmp/secret.txt"
soffice_pdf "$tmp/secret.txt" "$tmp" 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"zfxxgk"}}'
cp "$tmp/secret.pdf" refuse/encrypted.pdf
# 6. a scan: page 1 of the LibreOffice PDF as a picture, wrapped into a PDF
pdftoppm -r 40 -f 1 -l 1 -png cases/lo-html.pdf "$tmp/scan"
printf '<html><body style="margin:0"><img src="%s" style="width:100%%"></body></html>' \
	"$(ls "$tmp"/scan*.png)" >"$tmp/scan.html"
chromium_pdf "$tmp/scan.html" refuse/scanned.pdf
# 7. a download cut short
head -c 40000 cases/lo-html.pdf >refuse/truncated.pdf
ls -l cases/*.pdf refuse/*.pdf
