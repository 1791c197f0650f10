/* public_schema.c: migration 7, the public site's tables (public.h), in portable DDL
 * (driver.h).
 *
 * agency_profiles: one 政府信息公开指南 per agency (条例 Art. 12: the guide names the working
 * body, its address, hours, numbers and e-mail). published_reports: the frozen JSON of each
 * published annual report, one per agency and year (a new publication replaces the old; the
 * audit log keeps who did what). application_details: what an online application adds to its
 * request (Art. 29). request_notices: texts for the applicant about single events of a request
 * (e.g. what a supplement must contain).
 * Pattern and JSON checks are each engine's own (GLOB and json_valid on SQLite, a regular
 * expression and a json cast on PostgreSQL); the C code checks the same before writing. The
 * SQLite text is the one shipped before the port. */
#include "common.h"

extern const char schema_public[];

const char schema_public[] =
    "CREATE TABLE agency_profiles (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,\n"
    "  office TEXT NOT NULL DEFAULT '',\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  postcode TEXT NOT NULL DEFAULT '' CHECK (postcode = '' OR\n"
    "    (length(postcode) = 6 AND "
    "{SQLITE}postcode NOT GLOB '*[^0-9]*'{END}"
    "{PG}postcode ~ '^[0-9]+$'{END})),\n"
    "  hours TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL DEFAULT '',\n"
    "  fax TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  website TEXT NOT NULL DEFAULT '',\n"
    "  review_body TEXT NOT NULL DEFAULT '',\n"
    "  guide_extra TEXT NOT NULL DEFAULT '',\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_by TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE TABLE published_reports (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 2008 AND 2199),\n"
    "  report_json TEXT NOT NULL CHECK ("
    "{SQLITE}json_valid(report_json){END}"
    "{PG}json_typeof(CAST(report_json AS json)) = 'object'{END}),\n"
    "  published_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  published_by TEXT NOT NULL,\n"
    "  UNIQUE (agency_id, year)\n"
    ");\n"
    "CREATE INDEX published_reports_year ON published_reports(year, agency_id);\n"
    "CREATE TABLE application_details (\n"
    "  request_id INTEGER PRIMARY KEY REFERENCES requests(id) ON DELETE RESTRICT,\n"
    "  id_type TEXT NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'hk_macao',\n"
    "    'taiwan', 'foreign_pr', 'other_person', 'credit_code', 'other_org')),\n"
    "  contact_person TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  postcode TEXT NOT NULL DEFAULT '',\n"
    "  doc_no TEXT NOT NULL DEFAULT '',\n"
    "  purpose TEXT NOT NULL DEFAULT '',\n"
    "  form TEXT NOT NULL CHECK (form IN ('paper', 'electronic', 'other')),\n"
    "  form_other TEXT NOT NULL DEFAULT '',\n"
    "  delivery TEXT NOT NULL CHECK (delivery IN ('post', 'email', 'pickup'))\n"
    ");\n"
    "CREATE TABLE request_notices (\n"
    "  request_id INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  PRIMARY KEY (request_id, seq),\n"
    "  FOREIGN KEY (request_id, seq) REFERENCES request_events(request_id, seq)\n"
    "    ON DELETE CASCADE\n"
    "){WITHOUT_ROWID};\n";
