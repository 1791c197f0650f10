#!/usr/bin/env bash
# tests/e2e/office_roundtrip.sh: every .docx and .xlsx the platform produces, opened by
# LibreOffice (headless, office_lib.sh) and read back: the values inside must be the real
# ones, not merely "converted". The files, and where they come from:
#   application form        GET /guide/1/form.docx
#   letters                 GET /console/letters/{id}/letter.docx (补正告知书, 答复书)
#   agency import template  zfxxgk agency template; GET /console/agencies/import/template.xlsx
#   agency export           zfxxgk agency export; GET /console/agencies/export.xlsx
#   agency import report    zfxxgk agency import --report
#   annual report           zfxxgk report render --to xlsx; GET /reports/1/{year}.xlsx
#   catalogue export        zfxxgk doc export -o docs.xlsx
#   versioned list          GET /list/{id}/v/1/xlsx
#   request queue           GET /console/requests/export.xlsx
#   audit log               GET /console/audit/export.xlsx
# The documents do not depend on the engine: SQLite only. Prints TAP.
set -u
cd "$(dirname "$0")"
ZF_BIN=${ZF_BIN:-$PWD/../../build/zfxxgk}
. ./office_lib.sh
tmp=$(mktemp -d /tmp/zf-e2e-office.XXXXXX)
pid=
n=0
cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
t() { # t NAME COND...
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $name"; else echo "not ok $n - $name"; fi
}
has() { grep -qF -- "$1" "$2"; }
bail() {
	echo "not ok $((n + 1)) - $1"
	[[ -f ${2:-} ]] && sed 's/^/#   /' "$2" | tail -15
	echo "1..$((n + 1))"
	exit 1
}
db="$tmp/zf.db"
files="$tmp/files"
mkdir -p "$files"
today=$(TZ=Asia/Shanghai date +%F)
year=${today:0:4}

# ---- the database: demo agencies and requests, a catalogue, users
"$ZF_BIN" serve --demo --listen 127.0.0.1:0 --db "$db" 2>"$tmp/log" &
pid=$!
start() {
	port=
	for _ in $(seq 1 900); do
		port=$(sed -n 's/.* listening .* port=\([0-9]*\).*/\1/p' "$tmp/log")
		[[ -n $port ]] && curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
		port=
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $port ]] || bail "server starts" "$tmp/log"
	url="http://127.0.0.1:$port"
}
start
kill -TERM "$pid" && wait "$pid"
pid=
"$ZF_BIN" doc demo --db "$db" >"$tmp/docdemo.log" 2>&1 || bail "doc demo" "$tmp/docdemo.log"
printf '%s\n' 'Office-admin-2026' | "$ZF_BIN" user add --db "$db" --login offadmin \
	--name 欧管理 --agency 1 --role admin --password-stdin >"$tmp/user.log" 2>&1 ||
	bail "user add" "$tmp/user.log"
t "a demo database with a catalogue and an administrator" true

# ---- files from the command line
"$ZF_BIN" agency template "$files/cli-template.xlsx" --db "$db" >/dev/null 2>&1
"$ZF_BIN" agency export "$files/cli-export.xlsx" --db "$db" >/dev/null 2>&1
"$ZF_BIN" agency import "$files/cli-export.xlsx" --report "$files/cli-import-report.xlsx" \
	--db "$db" >"$tmp/import.log" 2>&1
"$ZF_BIN" report generate --db "$db" --agency 1 --year "$year" -o "$tmp/report.json" \
	>/dev/null 2>"$tmp/gen.err"
"$ZF_BIN" report render --to xlsx -o "$files/cli-report.xlsx" "$tmp/report.json" \
	>/dev/null 2>"$tmp/render.err"
"$ZF_BIN" doc export --db "$db" -o "$files/cli-docs.xlsx" >/dev/null 2>"$tmp/export.err"
for f in cli-template cli-export cli-import-report cli-report cli-docs; do
	t "the CLI wrote $f.xlsx" test -s "$files/$f.xlsx"
done

# ---- files from the server, as a signed-in administrator
"$ZF_BIN" request add --db "$db" --agency 1 --received "$today" --name 欧阳办公 \
	--description "请公开示例区2025年背街小巷整治项目的验收报告。" >"$tmp/req.log" 2>&1 ||
	bail "request add" "$tmp/req.log"
req=$(sqlite3 "$db" "SELECT max(id) FROM requests")
"$ZF_BIN" request event "$req" --db "$db" --kind supplement_requested --on "$today" \
	>>"$tmp/req.log" 2>&1 || bail "request event" "$tmp/req.log"
"$ZF_BIN" serve --listen 127.0.0.1:0 --db "$db" 2>"$tmp/log" &
pid=$!
start
cj="$tmp/cookies"
get() { curl -sf -b "$cj" -c "$cj" "$url$1"; }
token() { get "$1" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
post() { # post PATH FIELD=VALUE...: prints the Location of the answer
	local path=$1 args=() f
	shift
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	curl -s -o /dev/null -w '%{redirect_url}' -b "$cj" -c "$cj" "${args[@]}" "$url$path"
}
tok=$(token /login)
post /login "_csrf=$tok" login=offadmin password=Office-admin-2026 >/dev/null
tok=$(token "/console/requests/$req")
t "signed in as the administrator" test -n "$tok"
loc=$(post "/console/requests/$req/letters" "_csrf=$tok" kind=supplement \
	"detail=请写明验收报告所属的项目名称")
sup=$(sed -n 's|.*/console/letters/\([0-9]*\).*|\1|p' <<<"$loc")
t "a 补正告知书 drafted ($loc)" test -n "$sup"
expected=$(get "/console/letters/$sup/sign" | sed -n 's/.*name="expected" value="\([0-9]*\)".*/\1/p')
post "/console/letters/$sup/sign" "_csrf=$tok" "expected=$expected" >/dev/null
get "/console/letters/$sup/letter.docx" >"$files/web-letter-supplement.docx"
"$ZF_BIN" request event "$req" --db "$db" --kind supplement_received --on "$today" \
	>>"$tmp/req.log" 2>&1
loc=$(post "/console/requests/$req/reply" "_csrf=$tok" decision=granted "on=$today" \
	"detail=现随本答复书提供验收报告一份。")
rep=$(sed -n 's|.*/console/letters/\([0-9]*\).*|\1|p' <<<"$loc")
expected=$(get "/console/letters/$rep/sign" | sed -n 's/.*name="expected" value="\([0-9]*\)".*/\1/p')
post "/console/letters/$rep/sign" "_csrf=$tok" "expected=$expected" >/dev/null
get "/console/letters/$rep/letter.docx" >"$files/web-letter-reply.docx"
get /guide/1/form.docx >"$files/web-form.docx"
get /console/agencies/import/template.xlsx >"$files/web-template.xlsx"
get /console/agencies/export.xlsx >"$files/web-export.xlsx"
get "/reports/1/$year.xlsx" >"$files/web-report.xlsx" || rm -f "$files/web-report.xlsx"
tok=$(token /console/lists)
loc=$(post /console/lists "_csrf=$tok" name=行政事业性收费目录清单 kind=fee agency=1)
list=$(sed -n 's|.*/console/lists/\([0-9]*\).*|\1|p' <<<"$loc")
post "/console/lists/$list" "_csrf=$tok" action=add name=不动产登记费 basis=《不动产登记暂行条例》 \
	detail=住宅类每件80元 >/dev/null
post "/console/lists/$list" "_csrf=$tok" action=publish "revised_on=$today" >/dev/null
get "/list/$list/v/1/xlsx" >"$files/web-list.xlsx"
curl -sf -G --data-urlencode q=欧阳办公 --data-urlencode state=all -b "$cj" "$url/console/requests/export.xlsx" \
	>"$files/web-queue.xlsx"
get "/console/audit/export.xlsx" >"$files/web-audit.xlsx"
for f in web-letter-supplement.docx web-letter-reply.docx web-form.docx web-template.xlsx \
	web-export.xlsx web-list.xlsx web-queue.xlsx web-audit.xlsx; do
	t "the server gave $f" test -s "$files/$f"
done
kill -TERM "$pid" && wait "$pid"
pid=

# ---- LibreOffice reads them all back
out="$tmp/out"
office_convert "$out" "$files"/*.docx "$files"/*.xlsx
t "LibreOffice converted every file" test $? -eq 0
sup_no=$(sqlite3 "$db" "SELECT letter_no FROM letters WHERE id = $sup")
rep_no=$(sqlite3 "$db" "SELECT letter_no FROM letters WHERE id = $rep")
t "letters: numbers with the prefix ($sup_no, $rep_no)" \
	test "$sup_no" = "示政信补〔$year〕第1号" -a "${rep_no:0:5}" = "示政信复〔"
txt="$out/web-letter-supplement.txt"
t "补正告知书: its number" has "$sup_no" "$txt"
t "补正告知书: title, addressee and Art. 30" \
	bash -c "grep -qF 政府信息公开申请补正告知书 '$txt' && grep -qF 欧阳办公： '$txt' && grep -qF 第三十条 '$txt'"
t "补正告知书: the items" has "请写明验收报告所属的项目名称" "$txt"
txt="$out/web-letter-reply.txt"
t "答复书: its number and decision" \
	bash -c "grep -qF '$rep_no' '$txt' && grep -qF 本机关决定予以公开 '$txt' && grep -qF 现随本答复书提供验收报告一份 '$txt'"
txt="$out/web-form.txt"
t "application form: title and agency" \
	bash -c "grep -qF 政府信息公开申请表 '$txt' && grep -qF 示例区人民政府 '$txt'"
t "application form: the table's labels" bash -c "grep -qF 所需信息 '$txt'"
for f in cli-template web-template; do
	t "$f: the header row" grep -q '^名称,.*上级机构' "$out/$f-机构.csv"
done
agencies=$(sqlite3 "$db" "SELECT count(*) FROM agencies")
for f in cli-export web-export; do
	csv=$(ls "$out/$f"-*.csv | head -1)
	t "$f: every agency ($agencies) and a real name" \
		bash -c "test \$(grep -c . '$csv') -ge $agencies && grep -qF 示例区住房和城乡建设局 '$csv'"
done
t "import report: the refused rows, named" bash -c "cat '$out'/cli-import-report-*.csv | grep -qF 示例区人民政府办公室"
t "annual report: its title and table 3" bash -c "cat '$out'/cli-report-*.csv | grep -qF 示例区人民政府 && cat '$out'/cli-report-*.csv | grep -q '本年新收'"
first=$(sqlite3 "$db" "SELECT title FROM docs ORDER BY id LIMIT 1")
t "catalogue export: a document's title" bash -c "cat '$out'/cli-docs-*.csv | grep -qF '$first'"
t "list: the item, its basis and detail" \
	bash -c "cat '$out'/web-list-*.csv | grep -F 不动产登记费 | grep -F 不动产登记暂行条例 | grep -qF 住宅类每件80元"
t "queue export: the searched request, its applicant" \
	bash -c "cat '$out'/web-queue-*.csv | grep -F 欧阳办公 | grep -qF '$today'"
t "queue export: only the searched request" \
	test "$(cat "$out"/web-queue-*.csv | grep -c 欧阳办公)" -eq 1
t "audit export: the administrator's signing, by display name" \
	bash -c "cat '$out'/web-audit-*.csv | grep -qF 欧管理"
echo "1..$n"
