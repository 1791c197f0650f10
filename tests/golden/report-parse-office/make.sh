#!/usr/bin/env bash
# tests/golden/report-parse-office/make.sh: regenerates the Office fixtures of this suite (not
# run by the tests; the generated files are committed). Each case is an annual report written
# by gen.py as HTML from a seed's expected tables (tests/data/seeds/expected), then saved the
# way agencies' files are made, by LibreOffice:
#   cases/docx-2023.docx  Word 2007+ (Writer from HTML: gridSpan and vMerge cells)
#   cases/docx-2021.docx  the same from another seed
#   cases/doc-2021.doc    Word 97-2003 (read through LibreOffice at test time)
#   cases/xlsx-2023.xlsx  Excel (Calc's HTML import: merged ranges)
#   cases/xls-2021.xls    Excel 97-2003 (read through LibreOffice at test time)
# with NAME.expected, the truth gen.py wrote; then bad.py writes the refusals. Needs soffice (scripts/deps.sh installs it).
set -euo pipefail
cd "$(dirname "$0")"
seeds=../../data/seeds/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="-env:UserInstallation=file://$work/profile"
conv() { # conv NAME TARGET [INFILTER]
	local in=$work/$1.html
	if [[ -n ${3:-} ]]; then
		soffice --headless "$profile" --infilter="$3" --convert-to "$2" --outdir "$work/out" "$in" >/dev/null 2>&1
	else
		soffice --headless "$profile" --convert-to "$2" --outdir "$work/out" "$in" >/dev/null 2>&1
	fi
}
python3 gen.py "$seeds/001_15e719a63086d79c.json" docx-2023 2023 某县教育局 "$work"
python3 gen.py "$seeds/000_a573b43c4676ce5a.json" docx-2021 2021 某区卫生健康委员会 "$work"
conv docx-2023 'docx:MS Word 2007 XML'
conv docx-2021 'docx:MS Word 2007 XML'
cp "$work/docx-2021.html" "$work/doc-2021.html"
cp "$work/docx-2021.expected" "$work/doc-2021.expected"
conv doc-2021 'doc:MS Word 97'
cp "$work/docx-2023.html" "$work/xlsx-2023.html"
cp "$work/docx-2023.expected" "$work/xlsx-2023.expected"
conv xlsx-2023 'xlsx:Calc MS Excel 2007 XML' 'HTML (StarCalc)'
cp "$work/docx-2021.html" "$work/xls-2021.html"
cp "$work/docx-2021.expected" "$work/xls-2021.expected"
conv xls-2021 'xls:MS Excel 97' 'HTML (StarCalc)'
for f in docx-2023.docx docx-2021.docx doc-2021.doc xlsx-2023.xlsx xls-2021.xls; do
	cp "$work/out/$f" cases/
	cp "$work/${f%.*}.expected" "cases/${f%.*}.expected"
done
python3 bad.py cases # the refusals (bad-*.docx with bad-*.want), from docx-2023.docx
ls -l cases
