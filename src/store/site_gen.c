/* site_gen.c: the site generation (site_gen.h) and the triggers that bump it, in portable
 * DDL (driver.h): SQLite has row triggers only (three a table), PostgreSQL one statement
 * trigger a table, also for TRUNCATE. The bump is an UPDATE of one row, so it commits or
 * rolls back with the write that caused it; a reader that sees the new number sees the new
 * rows. A page made after reading generation G holds data at least as new as G.
 *
 * Which tables bump: every table a public page is made from (documents and their files and
 * columns, guides, agencies, site settings and texts, published reports, lists and projects,
 * takedowns, messages and consultations and interviews, new media, the standard catalogue,
 * the website annual report). Which never do: tables no public page reads and that are
 * written all the time by visitors and staff (sessions, CSRF secrets, throttles, lock-outs,
 * password history, the audit log, the mail outbox, requests and applicants and their
 * letters, review cases, report drafts, integrity scans and findings, oversight and
 * assessment work, users). A new table goes into one of the two lists below, and a
 * migration adds its triggers; test_page_cache checks that no table of the schema is in
 * neither. */
#include "common.h"
#include "driver.h"
#include "store/site_gen.h"

#define SITE_GEN_PUBLIC(X)                                                                         \
	X(agencies)                                                                                \
	X(agency_details)                                                                          \
	X(agency_guides)                                                                           \
	X(agency_profiles)                                                                         \
	X(agency_remedies)                                                                         \
	X(columns)                                                                                 \
	X(consultation_comments)                                                                   \
	X(consultations)                                                                           \
	X(doc_attachments)                                                                         \
	X(doc_columns)                                                                             \
	X(doc_events)                                                                              \
	X(doc_settings)                                                                            \
	X(doc_takedowns)                                                                           \
	X(docs)                                                                                    \
	X(guide_revisions)                                                                         \
	X(interview_guests)                                                                        \
	X(interview_questions)                                                                     \
	X(interviews)                                                                              \
	X(list_items)                                                                              \
	X(list_version_items)                                                                      \
	X(list_versions)                                                                           \
	X(lists)                                                                                   \
	X(message_settings)                                                                        \
	X(message_transfers)                                                                       \
	X(messages)                                                                                \
	X(newmedia_accounts)                                                                       \
	X(newmedia_events)                                                                         \
	X(newmedia_posts)                                                                          \
	X(project_docs)                                                                            \
	X(projects)                                                                                \
	X(published_reports)                                                                       \
	X(site_settings)                                                                           \
	X(site_texts)                                                                              \
	X(std_item_docs)                                                                           \
	X(std_items)                                                                               \
	X(std_uploads)                                                                             \
	X(website_report_fields)                                                                   \
	X(website_report_published)

#define BUMP "UPDATE site_generation SET gen = gen + 1 WHERE id = 1;"
#define SQLITE_TRIGGERS(t)                                                                         \
	"CREATE TRIGGER site_gen_" #t "_i AFTER INSERT ON " #t " BEGIN " BUMP " END;\n"            \
	"CREATE TRIGGER site_gen_" #t "_u AFTER UPDATE ON " #t " BEGIN " BUMP " END;\n"            \
	"CREATE TRIGGER site_gen_" #t "_d AFTER DELETE ON " #t " BEGIN " BUMP " END;\n"
#define PG_TRIGGER(t)                                                                              \
	"CREATE TRIGGER site_gen_" #t " AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON " #t       \
	"\n  FOR EACH STATEMENT EXECUTE FUNCTION site_gen_bump();\n"
#define NAME(t) #t,

extern const char schema_site_gen[];

const char schema_site_gen[] =
    "CREATE TABLE site_generation (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  gen INTEGER NOT NULL\n"
    ");\n"
    "INSERT INTO site_generation (id, gen) VALUES (1, 1);\n"
    "{SQLITE}\n" SITE_GEN_PUBLIC(
	SQLITE_TRIGGERS) "{END}{PG}\n"
			 "CREATE FUNCTION site_gen_bump() RETURNS trigger LANGUAGE plpgsql AS $$\n"
			 "BEGIN " BUMP
			 " RETURN NULL; END $$;\n" SITE_GEN_PUBLIC(PG_TRIGGER) "{END}\n";

const char *const store_site_gen_public[] = {SITE_GEN_PUBLIC(NAME)};
const size_t store_site_gen_public_len = ARRAY_SIZE(store_site_gen_public);

const char *const store_site_gen_private[] = {
    /* sign-in and the server's own state */
    "sessions", "site_secrets", "throttles", "login_locks", "password_history", "users",
    "user_roles",
    /* the audit log */
    "audit_log", "audit_prunes",
    /* mail */
    "mail_outbox", "mail_settings",
    /* requests, applicants and their paperwork (personal data; the query page is never
     * cached) */
    "requests", "request_events", "request_event_corrections", "request_notices", "request_ratings",
    "request_supplements", "applicants", "application_details", "review_cases", "review_events",
    "letters", "letter_numbers", "letter_sequences", "reply_letters", "report_drafts",
    /* console work */
    "doc_secrecy_reviews", "doc_checks", "doc_check_hits", "doc_check_overrides",
    "integrity_findings", "integrity_leases", "integrity_rulesets", "integrity_scans",
    "oversight_reminders", "assess_bulletin_notes", "assess_bulletins", "assess_manual",
    "assess_schemes", "assess_scores", "training_attendance", "training_sessions",
    /* derived from docs, which bumps (PostgreSQL's search terms) */
    "doc_terms",
    /* the generation itself */
    "site_generation"};
const size_t store_site_gen_private_len = ARRAY_SIZE(store_site_gen_private);

int store_site_gen(struct store *st, long long *gen)
{
	*gen = 0;
	return db_query_int(st, "SELECT gen FROM site_generation WHERE id = 1", gen);
}
