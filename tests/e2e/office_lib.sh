# office_lib.sh: reading back the Office files we produce with LibreOffice (headless), for
# tests/e2e/office_*.sh (sourced; not a suite itself: it is not executable). Debian packages
# libreoffice-writer-nogui and libreoffice-calc-nogui (scripts/deps.sh).
#
# office_convert OUTDIR FILE...: converts every .docx to plain text (OUTDIR/NAME.txt) and every
# .xlsx to CSV, one file per sheet (OUTDIR/NAME-SHEET.csv, UTF-8, comma-separated), with one
# soffice call per target format (LibreOffice starts once for all the files of a kind). soffice
# runs with its own profile in a temporary directory (-env:UserInstallation), so it neither
# uses nor disturbs a profile of the machine and two tests may run at once. Returns soffice's
# failure, or 1 when a file was not converted.
office_convert() {
	local out=$1
	shift
	local profile docx=() xlsx=() f rc=0
	profile=$(mktemp -d /tmp/zf-office-profile.XXXXXX)
	mkdir -p "$out"
	for f in "$@"; do
		case $f in
		*.docx) docx+=("$f") ;;
		*.xlsx) xlsx+=("$f") ;;
		esac
	done
	if ((${#docx[@]})); then
		soffice -env:UserInstallation="file://$profile" --headless --norestore \
			--convert-to 'txt:Text (encoded):UTF8' --outdir "$out" "${docx[@]}" \
			>"$out/soffice-docx.log" 2>&1 || rc=$?
	fi
	if ((${#xlsx[@]})); then
		# 44 = ',', 34 = '"', 76 = UTF-8; the last token -1 writes every sheet
		soffice -env:UserInstallation="file://$profile" --headless --norestore \
			--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
			--outdir "$out" "${xlsx[@]}" >"$out/soffice-xlsx.log" 2>&1 || rc=$?
	fi
	rm -rf "$profile"
	for f in "${docx[@]}"; do
		f=${f##*/}
		[[ -s $out/${f%.docx}.txt ]] || rc=1
	done
	for f in "${xlsx[@]}"; do
		f=${f##*/}
		compgen -G "$out/${f%.xlsx}-*.csv" >/dev/null || rc=1
	done
	return $rc
}
