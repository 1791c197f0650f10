/* integrity_checks.h: the checks of the site-integrity area that read the store rather than
 * a text: columns left without an update beyond their cadence and empty columns (column.*),
 * published documents still without their 政策解读 three working days after publication;
 * and the draft gate's record: the last check of each draft and the overrides (a clerk's
 * reason for letting a hit through, audited). Strings passed in are borrowed; strings and
 * arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_INTEGRITY_CHECKS_H
#define ZF_STORE_INTEGRITY_CHECKS_H

#include "buf.h"
#include "date.h"
#include "text/finding.h"

#include <stdbool.h>

struct arena;
struct calendar;
struct column;
struct store;

/* ---- columns and interpretations (integrity_columns.c) ---- */

/* The defaults of the 2019 check indicators (国办秘函〔2019〕19号, 栏目不更新): 动态/要闻
 * columns within two weeks, 通知公告/政策文件 columns within six months; five or more such
 * columns stale, or ten or more columns stale, or five or more empty columns fail the site
 * (单项否决). A 政策解读 is due three working days after its document's publication. */
#define INTEGRITY_NEWS_DAYS	     14
#define INTEGRITY_NOTICE_DAYS	     180
#define INTEGRITY_VETO_KEY_STALE     5
#define INTEGRITY_VETO_STALE	     10
#define INTEGRITY_VETO_EMPTY	     5
#define INTEGRITY_INTERPRET_WORKDAYS 3

/* What the indicators make of a column: a 动态/要闻 column, a 通知公告/政策文件 column, or
 * another one (judged from its code and name). */
enum integrity_column_class {
	ICOL_OTHER,
	ICOL_NEWS,   /* 工作动态, 要闻, …: two weeks */
	ICOL_NOTICE, /* 通知公告, 政策文件, 法规文件: six months */
};
enum integrity_column_class integrity_column_class(const struct column *c);
/* The days a column may go without an update: its own cadence when set, else the
 * indicators' default for its class (0: none, never stale). */
int integrity_column_limit(const struct column *c);

/* Appends the column and interpretation findings of the whole site as of `today` (agency_id
 * set on each), working days by the national calendar built in. Findings: column.stale,
 * column.empty (deduct), column.no-interpretation (deduct), and per agency the veto rules
 * of the indicators as one summary finding each: column.veto.key-stale,
 * column.veto.stale, column.veto.empty. 0 or ZF_EDB/ZF_ENOMEM. */
int store_integrity_columns(struct store *s, zf_day today, struct site_findings *out);
/* The same with the caller's calendar (local days off included). */
int store_integrity_columns_cal(struct store *s, const struct calendar *cal, zf_day today,
				struct site_findings *out);

/* ---- the draft gate (integrity_gate.c) ---- */

#define DOC_CHECK_REASON_MAX 500 /* characters of an override's reason */

/* A clerk's reason for letting one hit through: it holds for the same rule and snippet on
 * that document only. */
struct doc_check_override {
	long long id;
	long long doc_id;
	const char *rule_id;
	const char *snippet;
	const char *reason;
	const char *actor;
	const char *at; /* ISO 8601 UTC */
};

/* Records an override (a second reason for the same rule and snippet replaces the first)
 * with an audit line "doc.check.override". ZF_EINVAL for a blank or too long reason or a
 * blank rule id (the reason in err); ZF_ENOENT for an unknown document. */
int store_doc_check_override(struct store *st, const char *actor, long long doc_id,
			     const char *rule_id, const char *snippet, const char *reason,
			     struct buf *err);
/* A document's overrides, oldest first. */
int store_doc_check_overrides(struct store *st, struct arena *a, long long doc_id,
			      struct doc_check_override **out, size_t *n);

/* One hit of a draft's check, as the clerk sees it. */
struct doc_check_hit {
	const char *rule_id;
	enum scan_sev sev;
	const char *field;		      /* "title" "summary" "body" "attachment:名称" */
	size_t start, end;		      /* byte range in that field's text */
	const char *before, *snippet, *after; /* the hit with up to 20 characters each side */
	const char *message, *fix;
	bool overridden;
	const char *reason; /* the override's reason when overridden, else "" */
};

/* The check of a draft on submission. */
struct doc_check {
	long long doc_id;
	const char *at;	   /* ISO 8601 UTC */
	const char *actor; /* who submitted */
	bool passed;	   /* every hit overridden (or none): it went on to 保密审查 */
	long long micros;  /* the time the check took */
	const char *rules; /* the rule set's version, "" for the embedded default */
	const char *note;  /* what was not checked (attachments without cheap text), or "" */
	struct doc_check_hit *hits;
	size_t n;
	size_t open; /* hits not overridden */
};

/* Keeps c as the document's last check (replacing the one before). 0, ZF_ENOENT for an
 * unknown document, ZF_EDB. */
int store_doc_check_save(struct store *st, const struct doc_check *c);
/* The document's last check: 0, ZF_ENOENT when it was never checked. */
int store_doc_check_last(struct store *st, struct arena *a, long long doc_id,
			 struct doc_check *out);

#endif
