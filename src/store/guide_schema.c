/* guide_schema.c: the console-edited 政府信息公开指南 (guide.h), in portable DDL (driver.h).
 *
 * guide_revisions: every saved revision of an agency's guide, all its fields, who and when;
 * append-only (each engine's trigger refuses UPDATE and DELETE), so the history is never
 * overwritten. agency_guides: which revision is current and when it was made (the 最近修订日期
 * of the public page). The particulars are also written to agency_profiles (public_schema.c)
 * for the readers of public.h. */
#include "common.h"

extern const char schema_guides[];

const char schema_guides[] =
    "CREATE TABLE guide_revisions (\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  revision INTEGER NOT NULL CHECK (revision >= 1),\n"
    "  saved_at TEXT NOT NULL,\n"
    "  saved_by TEXT NOT NULL,\n"
    "  office TEXT NOT NULL DEFAULT '',\n"
    "  address TEXT NOT NULL DEFAULT '',\n"
    "  postcode TEXT NOT NULL DEFAULT '',\n"
    "  hours TEXT NOT NULL DEFAULT '',\n"
    "  phone TEXT NOT NULL DEFAULT '',\n"
    "  fax TEXT NOT NULL DEFAULT '',\n"
    "  email TEXT NOT NULL DEFAULT '',\n"
    "  website TEXT NOT NULL DEFAULT '',\n"
    "  review_body TEXT NOT NULL DEFAULT '',\n"
    "  proactive_scope TEXT NOT NULL DEFAULT '',\n"
    "  proactive_channels TEXT NOT NULL DEFAULT '',\n"
    "  proactive_time TEXT NOT NULL DEFAULT '',\n"
    "  apply_body TEXT NOT NULL DEFAULT '',\n"
    "  apply_channels TEXT NOT NULL DEFAULT '',\n"
    "  apply_procedure TEXT NOT NULL DEFAULT '',\n"
    "  apply_time TEXT NOT NULL DEFAULT '',\n"
    "  apply_fee TEXT NOT NULL DEFAULT '',\n"
    "  remedy TEXT NOT NULL DEFAULT '',\n"
    "  extra TEXT NOT NULL DEFAULT '',\n"
    "  PRIMARY KEY (agency_id, revision)\n"
    ");\n"
    "CREATE TABLE agency_guides (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  revision INTEGER NOT NULL CHECK (revision >= 1),\n"
    "  revised_at TEXT NOT NULL,\n"
    "  revised_by TEXT NOT NULL,\n"
    "  FOREIGN KEY (agency_id, revision) REFERENCES guide_revisions(agency_id, revision)\n"
    ");\n"
    "{SQLITE}\n"
    "CREATE TRIGGER guide_revisions_no_update BEFORE UPDATE ON guide_revisions\n"
    "BEGIN SELECT RAISE(ABORT, 'guide_revisions is append-only'); END;\n"
    "CREATE TRIGGER guide_revisions_no_delete BEFORE DELETE ON guide_revisions\n"
    "BEGIN SELECT RAISE(ABORT, 'guide_revisions is append-only'); END;\n"
    "{END}{PG}\n"
    "CREATE FUNCTION guide_revisions_refuse() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN RAISE EXCEPTION 'guide_revisions is append-only' USING ERRCODE = '23000'; END $$;\n"
    "CREATE TRIGGER guide_revisions_no_update BEFORE UPDATE ON guide_revisions\n"
    "  FOR EACH ROW EXECUTE FUNCTION guide_revisions_refuse();\n"
    "CREATE TRIGGER guide_revisions_no_delete BEFORE DELETE ON guide_revisions\n"
    "  FOR EACH ROW EXECUTE FUNCTION guide_revisions_refuse();\n"
    "{END}\n";
