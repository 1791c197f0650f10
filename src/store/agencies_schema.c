/* agencies_schema.c: the migration of an installation's own particulars, in portable DDL
 * (driver.h).
 *
 * agency_details: what an agency carries beyond migration 1's row (whose kind CHECK cannot
 * be widened portably): the short name used as a letter prefix (示政信), the 统一社会信用代码
 * (GB 32100-2015, unique when given), the 机构代码 of its 索引号 (kept equal to
 * doc_settings.org_code by the store), 公共企事业单位 with its 主管部门 (kind 'other' refined),
 * contacts, office hours, sort order among siblings, and the closing day and reason: a closed
 * agency stays (its requests and documents keep pointing at it), hidden from new work.
 * site_settings: the site's 国办发〔2017〕47号 footer items and root agency, one row per key. */
#include "common.h"

extern const char schema_agencies[];

const char schema_agencies[] =
    "CREATE TABLE agency_details (\n"
    "  agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,\n"
    "  short_name TEXT NOT NULL DEFAULT '' CHECK (length(short_name) <= 20),\n"
    "  credit_code TEXT NOT NULL DEFAULT '' CHECK (credit_code = '' OR\n"
    "    length(credit_code) = 18),\n"
    "  org_code TEXT NOT NULL DEFAULT '' CHECK (org_code = '' OR\n"
    "    length(org_code) IN (9, 18)),\n"
    "  unit_kind TEXT NOT NULL DEFAULT '' CHECK (unit_kind IN ('', 'public_unit')),\n"
    "  supervisor_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,\n"
    "  phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),\n"
    "  email TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 100),\n"
    "  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),\n"
    "  hours TEXT NOT NULL DEFAULT '' CHECK (length(hours) <= 200),\n"
    "  sort_order INTEGER NOT NULL DEFAULT 0,\n"
    "  closed_on TEXT,\n"
    "  closed_reason TEXT NOT NULL DEFAULT '',\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  CHECK (unit_kind = 'public_unit' OR supervisor_id IS NULL),\n"
    "  CHECK (closed_on IS NOT NULL OR closed_reason = '')\n"
    ");\n"
    "CREATE UNIQUE INDEX agency_details_credit ON agency_details(credit_code)\n"
    "  WHERE credit_code <> '';\n"
    "CREATE UNIQUE INDEX agency_details_org ON agency_details(org_code)\n"
    "  WHERE org_code <> '';\n"
    "CREATE TABLE site_settings (\n"
    "  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),\n"
    "  value TEXT NOT NULL DEFAULT '' CHECK (length(value) <= 200),\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW},\n"
    "  updated_by TEXT NOT NULL DEFAULT ''\n"
    ");\n";
