/* newmedia_schema.c: the tables of the 政务新媒体 registry (store/newmedia.h), in portable DDL
 * (driver.h).
 *
 * newmedia_accounts: one row per account with its approval steps (开设 and 关停: who, when,
 * 备案 number) and the last update its clerk reported. newmedia_events: each account's
 * history, one line per change. newmedia_posts: the posts imported from files and feeds, one
 * per account and key (the post's link, or its time and title when it has none). The
 * integrity findings of the posts live in integrity_findings with scope 'newmedia:<id>'. */
#include "common.h"

extern const char schema_newmedia[];

const char schema_newmedia[] =
    "CREATE TABLE newmedia_accounts (\n"
    "  id {ID_NEVER_REUSED},\n"
    "  agency_id INTEGER NOT NULL REFERENCES agencies(id),\n"
    "  platform TEXT NOT NULL CHECK (platform IN ('wechat', 'weibo', 'douyin', 'toutiao',"
    " 'kuaishou', 'channels', 'app', 'other')),\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),\n"
    "  handle TEXT NOT NULL DEFAULT '',\n"
    "  url TEXT NOT NULL DEFAULT '',\n"
    "  sponsor TEXT NOT NULL DEFAULT '',\n"
    "  operated_by TEXT NOT NULL DEFAULT '',\n"
    "  outsourced INTEGER NOT NULL DEFAULT 0 CHECK (outsourced IN (0, 1)),\n"
    "  responsible TEXT NOT NULL DEFAULT '',\n"
    "  gap_days INTEGER NOT NULL DEFAULT 14 CHECK (gap_days BETWEEN 1 AND 366),\n"
    "  status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'open', 'closing',"
    " 'closed', 'refused')),\n"
    "  applied_by TEXT NOT NULL,\n"
    "  applied_on TEXT NOT NULL,\n"
    "  approved_by TEXT NOT NULL DEFAULT '',\n"
    "  approved_on TEXT,\n"
    "  filing_no TEXT NOT NULL DEFAULT '',\n"
    "  close_reason TEXT NOT NULL DEFAULT '',\n"
    "  close_requested_by TEXT NOT NULL DEFAULT '',\n"
    "  close_requested_on TEXT,\n"
    "  closed_by TEXT NOT NULL DEFAULT '',\n"
    "  closed_on TEXT,\n"
    "  close_filing_no TEXT NOT NULL DEFAULT '',\n"
    "  reported_update TEXT,\n"
    "  updated_at TEXT NOT NULL DEFAULT {NOW}\n"
    ");\n"
    "CREATE INDEX newmedia_accounts_agency ON newmedia_accounts (agency_id, status);\n"
    "CREATE TABLE newmedia_events (\n"
    "  id {ID},\n"
    "  account_id INTEGER NOT NULL REFERENCES newmedia_accounts(id),\n"
    "  at TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  action TEXT NOT NULL,\n"
    "  detail TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX newmedia_events_account ON newmedia_events (account_id, id);\n"
    "CREATE TABLE newmedia_posts (\n"
    "  id {ID},\n"
    "  account_id INTEGER NOT NULL REFERENCES newmedia_accounts(id),\n"
    "  pkey TEXT NOT NULL,\n"
    "  title TEXT NOT NULL,\n"
    "  body TEXT NOT NULL DEFAULT '',\n"
    "  url TEXT NOT NULL DEFAULT '',\n"
    "  published_on TEXT NOT NULL,\n"
    "  published_at TEXT NOT NULL DEFAULT '',\n"
    "  imported_by TEXT NOT NULL,\n"
    "  imported_at TEXT NOT NULL,\n"
    "  UNIQUE (account_id, pkey)\n"
    ");\n"
    "CREATE INDEX newmedia_posts_day ON newmedia_posts (account_id, published_on);\n";
