/* schema.c: the migration list, oldest first, in portable DDL (driver.h) for both engines.
 * Version N is store_migrations[N - 1]. Never edit one that has shipped: add a new one. Each
 * runs in its own transaction. The first two are the core's; from version 3 on each area's
 * text lives beside its code. */
#include "common.h"
#include "store_int.h"

extern const char schema_auth[];
extern const char schema_requests[];
extern const char schema_docs[];
extern const char schema_web[];
extern const char schema_public[];
extern const char schema_auth_shared[];
extern const char schema_auth_locks[];
extern const char schema_agencies[];
extern const char schema_columns[];
extern const char schema_guides[];
extern const char schema_lists[];
extern const char schema_letters[];
extern const char schema_corrections[];
extern const char schema_site_texts[];
extern const char schema_applicant[];
extern const char schema_doc_secrecy[];
extern const char schema_integrity[];
extern const char schema_integrity_gate[];
extern const char schema_messages[];
extern const char schema_consult[];
extern const char schema_std_catalogue[];
extern const char schema_newmedia[];
extern const char schema_oversight[];
extern const char schema_assessment[];
extern const char schema_audit_chain[];
extern const char schema_auth_accounts[];
extern const char schema_site_gen[];
extern const char schema_docs_merge[];

const struct store_migration store_migrations[] = {
    {"agencies and audit log",
     "CREATE TABLE agencies (\n"
     "  id {ID},\n"
     "  parent_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,\n"
     "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('government', 'department', 'town', 'other')),\n"
     "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
     "  UNIQUE (parent_id, name)\n"
     ");\n"
     "CREATE INDEX agencies_parent ON agencies(parent_id);\n"
     "CREATE TABLE audit_log (\n"
     "  id {ID_NEVER_REUSED},\n"
     "  at TEXT NOT NULL DEFAULT {NOW_MS},\n"
     "  actor TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  object TEXT NOT NULL DEFAULT '',\n"
     "  detail TEXT NOT NULL DEFAULT ''\n"
     ");\n"
     "{SQLITE}\n"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
     "{END}{PG}\n"
     "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '23000'; END $$;\n"
     "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
     "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();\n"
     "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
     "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();\n"
     "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();\n"
     "{END}\n"},
    {"requests, applicants, review cases, users and roles",
     "CREATE TABLE applicants (\n"
     "  id {ID},\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('natural_person', 'commercial', 'research',\n"
     "    'social_welfare', 'legal_service', 'other')),\n"
     "  name TEXT NOT NULL CHECK (length(name) >= 1),\n"
     "  id_no TEXT NOT NULL DEFAULT '',\n"
     "  phone TEXT NOT NULL DEFAULT '',\n"
     "  address TEXT NOT NULL DEFAULT '',\n"
     "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
     ");\n"
     "CREATE TABLE requests (\n"
     "  id {ID},\n"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
     "  applicant_id INTEGER NOT NULL REFERENCES applicants(id) ON DELETE RESTRICT,\n"
     "  applicant_type TEXT NOT NULL CHECK (applicant_type IN ('natural_person',\n"
     "    'commercial', 'research', 'social_welfare', 'legal_service', 'other')),\n"
     "  channel TEXT NOT NULL CHECK (channel IN ('in_person', 'post', 'letter', 'online',\n"
     "    'fax')),\n"
     "  description TEXT NOT NULL,\n"
     "  received_on TEXT NOT NULL,\n"
     "  -- the clock's outcome of request_events, rewritten with every event\n"
     "  state TEXT NOT NULL DEFAULT 'processing',\n"
     "  closed_on TEXT,\n"
     "  report_row TEXT,\n"
     "  created_at TEXT NOT NULL DEFAULT {NOW},\n"
     "  CHECK ((closed_on IS NULL) = (report_row IS NULL))\n"
     ");\n"
     "CREATE INDEX requests_agency_received ON requests(agency_id, received_on);\n"
     "-- covers the annual report's query: it never reads the table itself\n"
     "CREATE INDEX requests_agency_closed ON requests(agency_id, closed_on, received_on,\n"
     "  applicant_type, report_row);\n"
     "CREATE TABLE request_events (\n"
     "  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE RESTRICT,\n"
     "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
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
     "  PRIMARY KEY (request_id, seq)\n"
     ") {WITHOUT_ROWID};\n"
     "CREATE TABLE review_cases (\n"
     "  id {ID},\n"
     "  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE RESTRICT,\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('review', 'litigation_direct',\n"
     "    'litigation_after_review')),\n"
     "  filed_on TEXT NOT NULL,\n"
     "  body TEXT NOT NULL DEFAULT '',\n"
     "  outcome TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('upheld', 'corrected',\n"
     "    'other', 'pending')),\n"
     "  decided_on TEXT,\n"
     "  CHECK ((outcome = 'pending') = (decided_on IS NULL))\n"
     ");\n"
     "CREATE INDEX review_cases_request ON review_cases(request_id);\n"
     "CREATE TABLE review_events (\n"
     "  review_id INTEGER NOT NULL REFERENCES review_cases(id) ON DELETE RESTRICT,\n"
     "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('filed', 'decided')),\n"
     "  on_date TEXT NOT NULL,\n"
     "  outcome TEXT,\n"
     "  PRIMARY KEY (review_id, seq)\n"
     ") {WITHOUT_ROWID};\n"
     "CREATE TABLE users (\n"
     "  id {ID},\n"
     "  login TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),\n"
     "  display_name TEXT NOT NULL DEFAULT '',\n"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
     "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),\n"
     "  created_at TEXT NOT NULL DEFAULT {NOW}\n"
     ");\n"
     "CREATE TABLE user_roles (\n"
     "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
     "  agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE RESTRICT,\n"
     "  role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'viewer')),\n"
     "  PRIMARY KEY (user_id, agency_id, role)\n"
     ");\n"},
    {"sign-in: passwords, sessions, login throttling", schema_auth},
    {"requests: due dates, handlers, query codes, letter numbers", schema_requests},
    {"publishing: documents, catalogue and search", schema_docs},
    {"console: report workspace and reply letters", schema_web},
    {"public site: agency guides, published reports", schema_public},
    {"sessions, CSRF key, lock-outs and throttles shared by every server", schema_auth_shared},
    {"agencies: details, closing; site settings", schema_agencies},
    {"columns: the column tree of each agency and the documents filed under it", schema_columns},
    {"guides: the sections of each agency's guide and their revisions", schema_guides},
    {"takedowns, major construction projects and versioned lists", schema_lists},
    {"letters: drafts, signing, numbers per kind, delivery; agencies' remedy bodies",
     schema_letters},
    {"queue: corrections of request events, the audit log by time", schema_corrections},
    {"site texts: the disclosure rules page and other long texts", schema_site_texts},
    {"applicants: supplements online, ratings, the e-mail outbox", schema_applicant},
    {"documents: the secrecy review checklist of each decision", schema_doc_secrecy},
    {"site integrity: rule sets, scans, findings as work orders", schema_integrity},
    {"site integrity: the draft gate's overrides", schema_integrity_gate},
    {"interaction: messages, their transfers, replies and ratings", schema_messages},
    {"interaction: consultations with comments, interviews with questions", schema_consult},
    {"standard catalogue: items and the documents that fulfil them", schema_std_catalogue},
    {"new media: accounts, their changes and posts", schema_newmedia},
    {"oversight: supervision of overdue work, reminders", schema_oversight},
    {"oversight: assessment schemes, scores, training, quarterly bulletins", schema_assessment},
    {"audit log: a hash chain over its lines", schema_audit_chain},
    {"sign-in failures counted per account and client address", schema_auth_locks},
    {"accounts: forced password change, idle sessions, password history", schema_auth_accounts},
    {"public pages: the site generation the page cache checks, bumped by triggers",
     schema_site_gen},
    {"catalogue search: the full-text index merges 16 segments at a time", schema_docs_merge},
};

const size_t store_nmigrations = ARRAY_SIZE(store_migrations);
