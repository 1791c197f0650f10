/* audit_schema.c: the migration that makes the audit log tamper-evident (store/audit.h,
 * "hash chain"; GB/T 22239-2019 level 3, 安全审计). Each line gets hash = SHA-256 of the
 * previous line's hash and its own canonical text. Lines written before this migration have
 * no hash yet: the first audit line written after it (or the first `zfxxgk audit verify`)
 * chains them, in id order, under the writer lock. So the update trigger now lets exactly
 * one change through: setting the hash of a line that has none, nothing else. Lines older
 * than the retention (at least six months) may be removed only by `zfxxgk audit prune`, which
 * exports them first and records in audit_prunes the last removed line and its hash, where
 * the chain goes on; the delete trigger lets through only lines up to the last prune. */
#include "common.h"

extern const char schema_audit_chain[];

const char schema_audit_chain[] =
    "ALTER TABLE audit_log ADD COLUMN hash TEXT;\n"
    "CREATE INDEX audit_log_unchained ON audit_log(id) WHERE hash IS NULL;\n"
    "CREATE TABLE audit_prunes (\n"
    "  id {ID},\n"
    "  upto_id INTEGER NOT NULL,\n"
    "  upto_hash TEXT NOT NULL CHECK (length(upto_hash) = 64),\n"
    "  lines INTEGER NOT NULL,\n"
    "  export_sha TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT {NOW_MS}\n"
    ");\n"
    "{SQLITE}\n"
    "DROP TRIGGER audit_log_no_delete;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "WHEN OLD.id > coalesce((SELECT max(upto_id) FROM audit_prunes), 0)\n"
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
    "CREATE TRIGGER audit_prunes_no_update BEFORE UPDATE ON audit_prunes\n"
    "BEGIN SELECT RAISE(ABORT, 'audit_prunes is append-only'); END;\n"
    "CREATE TRIGGER audit_prunes_no_delete BEFORE DELETE ON audit_prunes\n"
    "BEGIN SELECT RAISE(ABORT, 'audit_prunes is append-only'); END;\n"
    "DROP TRIGGER audit_log_no_update;\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "WHEN OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS NOT OLD.id\n"
    "  OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action\n"
    "  OR NEW.object IS NOT OLD.object OR NEW.detail IS NOT OLD.detail\n"
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
    "{END}{PG}\n"
    "CREATE FUNCTION audit_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF OLD.hash IS NOT NULL OR NEW.hash IS NULL OR NEW.id IS DISTINCT FROM OLD.id\n"
    "     OR NEW.at IS DISTINCT FROM OLD.at OR NEW.actor IS DISTINCT FROM OLD.actor\n"
    "     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.object IS DISTINCT FROM OLD.object\n"
    "     OR NEW.detail IS DISTINCT FROM OLD.detail THEN\n"
    "    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '23000';\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$;\n"
    "CREATE FUNCTION audit_log_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF OLD.id > coalesce((SELECT max(upto_id) FROM audit_prunes), 0) THEN\n"
    "    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = '23000';\n"
    "  END IF;\n"
    "  RETURN OLD;\n"
    "END $$;\n"
    "DROP TRIGGER audit_log_no_delete ON audit_log;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_delete();\n"
    "CREATE TRIGGER audit_prunes_no_update BEFORE UPDATE ON audit_prunes\n"
    "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();\n"
    "CREATE TRIGGER audit_prunes_no_delete BEFORE DELETE ON audit_prunes\n"
    "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();\n"
    "DROP TRIGGER audit_log_no_update ON audit_log;\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_update();\n"
    "{END}\n";
