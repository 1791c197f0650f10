/* web_schema.c: migration 6, the console's tables (web.h), in portable DDL (driver.h).
 *
 * A reply letter is kept beside its request (one reply per request: REPLIED is final) with
 * the number it was given; (agency, year, number) is unique, so a number can never be printed
 * on two letters. A workspace is one row per agency and year; table2 must be a JSON object
 * and generated JSON (checked in C on both engines, and by the table's CHECKs: SQLite's JSON
 * functions, PostgreSQL's json casts). The SQLite text is the one shipped before the port, so
 * existing databases match a new one. */
#include "common.h"

extern const char schema_web[];

const char schema_web[] =
    "CREATE TABLE reply_letters (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2999),\n"
    "  number INTEGER NOT NULL CHECK (number >= 1),\n"
    "  letter_no TEXT NOT NULL,\n"
    "  decision TEXT NOT NULL,\n"
    "  agency_name TEXT NOT NULL,\n"
    "  applicant TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  replied_on TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  created_by TEXT NOT NULL,\n"
    "  UNIQUE (agency_id, year, number)\n"
    ");\n"
    "CREATE TABLE report_drafts (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2019 AND 2999),\n"
    "  overview TEXT NOT NULL DEFAULT '',\n"
    "  problems TEXT NOT NULL DEFAULT '',\n"
    "  other_matters TEXT NOT NULL DEFAULT '',\n"
    "  table2 TEXT NOT NULL DEFAULT '{}' CHECK (\n"
    "{SQLITE}json_valid(table2)\n"
    "    AND json_type(table2) = 'object'{END}"
    "{PG}json_typeof(CAST(table2 AS json)) = 'object'{END}),\n"
    "  generated TEXT CHECK (generated IS NULL OR "
    "{SQLITE}json_valid(generated){END}"
    "{PG}json_typeof(CAST(generated AS json)) IS NOT NULL{END}),\n"
    "  with_subordinates INTEGER NOT NULL DEFAULT 0 CHECK (with_subordinates IN (0, 1)),\n"
    "  generated_at TEXT,\n"
    "  published_at TEXT,\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_by TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (agency_id, year)\n"
    "){WITHOUT_ROWID};\n";
