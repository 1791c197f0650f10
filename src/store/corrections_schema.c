/* corrections_schema.c: the migration of the queue area: the corrections of request events
 * (requests.h, "corrections") in portable DDL (driver.h). A row is the event as it stood
 * before a correction, with who corrected it, when and why; the corrected event is the row
 * of request_events with the same (request_id, seq). Rows are only ever added. Also the
 * audit log's indexes for its viewer (store/audit.h): by time and by action. */
#include "common.h"

extern const char schema_corrections[];

const char schema_corrections[] =
    "CREATE TABLE request_event_corrections (\n"
    "  id {ID},\n"
    "  request_id INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  corrected_at TEXT NOT NULL,\n"
    "  corrected_by TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL CHECK (length(reason) >= 1),\n"
    "  kind TEXT NOT NULL,\n"
    "  on_date TEXT NOT NULL,\n"
    "  channel TEXT,\n"
    "  arrived TEXT,\n"
    "  until_date TEXT,\n"
    "  party TEXT,\n"
    "  who TEXT,\n"
    "  delivered TEXT,\n"
    "  days INTEGER,\n"
    "  approver TEXT,\n"
    "  decision TEXT,\n"
    "  letter_no TEXT,\n"
    "  FOREIGN KEY (request_id, seq) REFERENCES request_events(request_id, seq)\n"
    "    ON DELETE RESTRICT\n"
    ");\n"
    "CREATE INDEX request_event_corrections_request\n"
    "  ON request_event_corrections(request_id, seq);\n"
    "CREATE INDEX audit_log_at ON audit_log(at);\n"
    "CREATE INDEX audit_log_action ON audit_log(action);\n";
