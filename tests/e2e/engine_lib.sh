# engine_lib.sh: sourced by the end-to-end scripts that run on both engines (they carry the
# line "# zf-e2e-both-engines", and tests/run runs them with ZF_E2E_ENGINE=sqlite, then with
# ZF_E2E_ENGINE=pg and ZF_TEST_PG=<a throwaway server's URI>). Not a suite itself.

# e2e_engine: "sqlite" or "pg".
e2e_engine() {
	if [[ ${ZF_E2E_ENGINE:-sqlite} == pg ]]; then echo pg; else echo sqlite; fi
}

# e2e_db DIR NAME: prints a new, empty database target: DIR/NAME.db, or a new database on
# the PostgreSQL server $ZF_TEST_PG (started by tests/run). Without ZF_TEST_PG a server is
# started here with --watch on the calling script, which stops it when the script exits
# (e2e_db runs in a command substitution, so e2e_cleanup_pg cannot know of it then).
e2e_pg_own=
e2e_db() {
	local dir=$1 name=$2
	if [[ $(e2e_engine) != pg ]]; then
		echo "$dir/$name.db"
		return 0
	fi
	if [[ -z ${ZF_TEST_PG:-} ]]; then
		ZF_TEST_PG=$("$(dirname "${BASH_SOURCE[0]}")/../pg/pg_start" --watch $$) || return 1
		e2e_pg_own=$ZF_TEST_PG
		export ZF_TEST_PG
	fi
	local db="zf_e2e_${name}_$$_$RANDOM"
	psql -X -q "$ZF_TEST_PG" -c "CREATE DATABASE $db ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null || return 1
	echo "${ZF_TEST_PG/\/zftest\?//$db?}"
}

e2e_cleanup_pg() {
	[[ -n $e2e_pg_own ]] && "$(dirname "${BASH_SOURCE[0]}")/../pg/pg_stop" "$e2e_pg_own" >/dev/null 2>&1
	e2e_pg_own=
}
