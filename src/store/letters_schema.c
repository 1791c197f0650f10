/* letters_schema.c: the migration of the letters' workflow (letters.h), in portable DDL
 * (driver.h).
 *
 * A letter is drafted, then signed (issued) or returned; only an issued letter has a number,
 * and (agency, year, kind, number) is unique, so a number is never printed on two letters.
 * The sequences of the kinds other than 答复书 live in letter_sequences (the 答复书 keeps
 * letter_numbers). The remedy bodies named in an agency's letters are kept beside the agency
 * in their own table, so the agencies' table and its queries stay as they are. */
#include "common.h"

extern const char schema_letters[];

const char schema_letters[] =
    "CREATE TABLE letters (\n"
    "  id {ID},\n"
    "  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('reply', 'supplement', 'extension',"
    " 'consultation', 'fee')),\n"
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'returned', 'issued')),\n"
    "  decision TEXT NOT NULL DEFAULT '',\n"
    "  on_date TEXT NOT NULL,\n"
    "  event_seq INTEGER NOT NULL DEFAULT 0,\n"
    "  addressee TEXT NOT NULL,\n"
    "  agency_name TEXT NOT NULL,\n"
    "  detail TEXT NOT NULL DEFAULT '',\n"
    "  body TEXT NOT NULL,\n"
    "  year INTEGER,\n"
    "  number INTEGER CHECK (number IS NULL OR number >= 1),\n"
    "  letter_no TEXT,\n"
    "  drafted_by TEXT NOT NULL,\n"
    "  drafted_at TEXT NOT NULL,\n"
    "  decided_by TEXT,\n"
    "  decided_at TEXT,\n"
    "  note TEXT NOT NULL DEFAULT '',\n"
    "  delivery_method TEXT CHECK (delivery_method IS NULL OR delivery_method IN ('post',"
    " 'email', 'in_person', 'online')),\n"
    "  delivered_on TEXT,\n"
    "  delivery_by TEXT,\n"
    "  delivery_at TEXT,\n"
    "  CHECK ((status = 'issued') = (number IS NOT NULL)),\n"
    "  UNIQUE (agency_id, year, kind, number)\n"
    ");\n"
    "CREATE INDEX letters_request ON letters(request_id);\n"
    "CREATE TABLE letter_sequences (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2999),\n"
    "  kind TEXT NOT NULL,\n"
    "  last_no INTEGER NOT NULL CHECK (last_no >= 0),\n"
    "  PRIMARY KEY (agency_id, year, kind)\n"
    ") {WITHOUT_ROWID};\n"
    "CREATE TABLE agency_remedies (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  review_body TEXT NOT NULL DEFAULT '',\n"
    "  court TEXT NOT NULL DEFAULT ''\n"
    ");\n";
