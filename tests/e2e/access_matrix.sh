#!/usr/bin/env bash
# tests/e2e/access_matrix.sh: the whole site's access-control matrix (access_matrix.py): every
# route of `zfxxgk routes --json` × every actor (a visitor; a viewer, clerk, reviewer and
# administrator of agency 3) × every agency relation of the object its path names (own 3,
# child 4, parent 1, sibling 2), on the demo database with a fourth agency below agency 3 and
# an object of each kind in each agency. Prints the counts of cells, allowed, denied and
# unexpected; every unexpected cell is a failure naming route, actor, relation and status.
# zf-e2e-both-engines (tests/run runs it on SQLite, then on PostgreSQL: see engine_lib.sh)
. "$(dirname "$0")/console_lib.sh"

pw='Matrix-pass-2026'
SECONDS=0
prepare_db
echo "# demo database seeded in ${SECONDS}s"
if "$ZF_BIN" agency add --db "$db" --name 示例区住房和城乡建设局下属中心 --parent 3 --kind 其他 \
	>"$tmp/agency.log" 2>&1; then
	report ok "agency 4 created below agency 3"
else
	bail "agency 4 created below agency 3" "$tmp/agency.log"
fi
if ZF_DB="$db" python3 access_matrix.py setup >"$tmp/setup.log" 2>&1; then
	report ok "every agency holds an object of each kind"
else
	bail "every agency holds an object of each kind" "$tmp/setup.log"
fi
# the users: each role of agency 3 and of agency 1 (the actors), a clerk of each agency (the
# targets of the user pages), one after the other (side by side, SQLite's migration check at
# start answers "database is locked" under load)
for role in viewer clerk reviewer admin; do
	add_user "mx_$role" "矩阵$role" 3 "$role" "$pw"
	add_user "mx_${role}_root" "矩阵总$role" 1 "$role" "$pw"
done
for a in 1 2 3 4; do
	add_user "mx_target_$a" "矩阵对象$a" "$a" clerk "$pw"
done
add_user mx_target_up 矩阵上级管理 3 clerk "$pw"
# finding 2: home agency 3, but administrator of agency 1 as well
if "$ZF_BIN" user grant --db "$db" --login mx_target_up --agency 1 --role admin >"$tmp/grant.log" 2>&1; then
	report ok "mx_target_up also holds admin on agency 1"
else
	bail "mx_target_up also holds admin on agency 1" "$tmp/grant.log"
fi
echo "# fixtures and users ready at ${SECONDS}s"
start_server
report ok "server starts on port $port"
ZF_URL=$ZF_URL ZF_DB="$db" ZF_BIN=$ZF_BIN MX_PASSWORD=$pw python3 access_matrix.py run \
	>"$tmp/tap" 2>"$tmp/err"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok - "*) report ok "${line#ok - }" ;;
	"not ok - "*) report notok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$tmp/tap"
if ((rc != 0)); then
	report notok "access_matrix.py exited with status $rc"
	sed 's/^/#   /' "$tmp/err" | tail -20
fi
echo "# matrix done at ${SECONDS}s"
finish
