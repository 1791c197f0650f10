/* integrity.h: the site-integrity checks in the store (内容检查): the rule sets (versioned;
 * the newest loaded one is in force, the embedded default until one is loaded), the findings
 * of scans kept as work orders (first and last seen, assigned with a fix deadline, closed
 * when a re-scan no longer finds them), and the score card per agency following the 2019
 * indicators. Owned by the integrity area; see also integrity_checks.h.
 *
 * Every write is one all-or-nothing transaction with one audit line; a refused write changes
 * nothing and explains itself in Chinese in err (may be NULL). Strings passed in are
 * borrowed; strings and arrays handed out come from the arena passed in. */
#ifndef ZF_STORE_INTEGRITY_H
#define ZF_STORE_INTEGRITY_H

#include "buf.h"
#include "date.h"
#include "text/finding.h"

#include <stdbool.h>
#include <stdint.h>

struct arena;
struct store;

/* ---- rule sets ---- */

/* The rule-set text in force: *text from the arena (NULL when none was loaded: use the
 * embedded default), its version row id (0 for the default). 0 or ZF_EDB. */
int store_integrity_rules_active(struct store *s, struct arena *a, const char **text, size_t *n,
				 int64_t *version_id);
/* Only the id of the version in force (0: the embedded default); cheap, for caches. */
int store_integrity_rules_active_id(struct store *s, int64_t *version_id);

/* One stored version of the rule set. */
struct integrity_ruleset {
	long long id;
	const char *name;      /* as declared in the set, "" when none */
	const char *version;   /* as declared in the set, "" when none */
	const char *loaded_by; /* who loaded it */
	const char *loaded_at; /* UTC timestamp */
	long long nrules;      /* rules (allow entries included) */
	const char *counts;    /* "wording=12 spam=3 allow=2": rules per category */
	long long chars;       /* length of its text in characters */
};

/* Parses text with scan_rules_parse and, when it is valid, stores it as the newest version
 * (in force from now on). An invalid set is refused (ZF_EPARSE, the line named in err,
 * "第N行：…") and nothing is stored; ZF_ETOOBIG over the scanner's caps. *id may be NULL. */
int store_integrity_rules_load(struct store *st, const char *actor, const char *text, size_t n,
			       long long *id, struct buf *err);
/* The stored versions, newest first (the first is in force). */
int store_integrity_rules_versions(struct store *st, struct arena *a,
				   struct integrity_ruleset **out, size_t *n);
/* One version with its text: 0 or ZF_ENOENT. */
int store_integrity_rules_get(struct store *st, struct arena *a, long long id,
			      struct integrity_ruleset *out, const char **text, size_t *n);

/* ---- scans ---- */

/* One run of the checks over a scope ("site": the whole-site scan). */
struct integrity_scan {
	long long id;
	const char *scope;
	const char *started_at, *finished_at; /* finished_at NULL while running */
	const char *started_by;		      /* a login, or "scheduled" */
	bool scheduled;
	long long ruleset_id; /* the version in force (0: the embedded default) */
	long long pages;      /* pages, texts and files checked */
	long long nfound;     /* findings seen (distinct keys) */
	long long nnew;	      /* of which new or reopened */
	long long nclosed;    /* open findings of the scope no longer seen, closed */
	const char *notes;    /* what was skipped and why, "" */
};

/* Starts a scan (a row with no finish time); its id in *id. */
int store_integrity_scan_begin(struct store *st, const char *actor, const char *scope,
			       bool scheduled, long long ruleset_id, long long *id);
/* Records what scan `scan_id` saw, in one transaction with one audit line: every finding is
 * upserted by its key (integrity_finding_key): a new one opens, one seen before gets its
 * last_seen (a closed one reopens; a dismissed one stays dismissed); then every open finding
 * of the scan's scope that this scan did not see is closed; the scan is marked finished
 * with its counts (filled into *res when not NULL). ZF_ENOENT: no such scan; ZF_ESTATE: it
 * was already recorded. */
int store_integrity_scan_record(struct store *st, long long scan_id, const struct site_findings *f,
				long long pages, const char *notes, struct integrity_scan *res);
/* The last scans, newest first, at most limit. */
int store_integrity_scans(struct store *st, struct arena *a, size_t limit,
			  struct integrity_scan **out, size_t *n);

/* The stable key of a finding: a hash of its rule id, place (url, document, field) and
 * snippet, so that a re-scan matches it although offsets moved. 32 hex digits. */
void integrity_finding_key(const struct site_finding *f, char out[33]);

/* ---- findings as work orders (工单) ---- */

enum integrity_status {
	INTEGRITY_OPEN,
	INTEGRITY_CLOSED,    /* a re-scan no longer found it */
	INTEGRITY_DISMISSED, /* 误报, with a reason */
};
const char *integrity_status_key(enum integrity_status s);   /* open closed dismissed */
const char *integrity_status_label(enum integrity_status s); /* 待整改 已整改 误报 */
int integrity_status_parse(const char *s);		     /* key → enum, or -1 */

struct integrity_finding {
	long long id;
	const char *key;
	const char *rule_id, *category;
	enum scan_sev sev;
	long long agency_id; /* 0: unknown */
	const char *url;
	long long doc_id;
	const char *field;
	long long start, end;
	const char *snippet, *context, *message, *fix;
	const char *scope;
	const char *first_seen, *last_seen; /* UTC timestamps */
	enum integrity_status status;
	const char *closed_at; /* NULL when open */
	const char *assignee;  /* a login, "" when none */
	long long assignee_agency;
	zf_day due_on; /* 0: none */
	const char *assigned_by, *assigned_at;
	const char *dismiss_reason, *dismissed_by; /* "" unless dismissed */
};

/* What a list asks for; zero means "any". */
struct integrity_filter {
	const char *category;	 /* exact, or a prefix ending in '.' ("link.") */
	int sev;		 /* enum scan_sev, -1 any */
	long long agency_id;	 /* 0 any */
	bool subordinates;	 /* with agency_id: also the agencies below it */
	int status;		 /* enum integrity_status, -1 any */
	zf_day overdue;		 /* non-zero: only open ones due before this day */
	const long long *within; /* non-NULL: only these agencies (the reader's scope) */
	size_t nwithin;
	size_t limit, offset; /* limit 0: 50 */
};
/* Findings matching f, severity first then newest first; *total counts all the matches. */
int store_integrity_findings(struct store *st, struct arena *a, const struct integrity_filter *f,
			     struct integrity_finding **out, size_t *n, long long *total);
/* One finding: 0 or ZF_ENOENT. */
int store_integrity_finding_get(struct store *st, struct arena *a, long long id,
				struct integrity_finding *out);
/* Assigns an open finding (工单) to a user (login, may be NULL or "" for none) and/or an
 * agency (0: the finding's own), to be fixed by due (0: no deadline). ZF_ENOENT: no such
 * finding or user; ZF_ESTATE: not open; ZF_EINVAL: a deadline in the past of `today`. */
int store_integrity_assign(struct store *st, const char *actor, long long id, const char *login,
			   long long agency_id, zf_day due, zf_day today, struct buf *err);
/* The agency of an active user (for the console's check that a clerk assigns within his
 * own agencies): 0 or ZF_ENOENT. */
int store_integrity_user_agency(struct store *st, const char *login, long long *agency);
/* Dismisses a finding as 误报 with a reason (required). ZF_ENOENT, ZF_EINVAL (no reason),
 * ZF_ESTATE (already dismissed). */
int store_integrity_dismiss(struct store *st, const char *actor, long long id, const char *reason,
			    struct buf *err);

/* ---- the score card (2019 indicators) ---- */

/* What a class of open deduct-class findings costs: `points` each, at most `cap` in all. The
 * one place where the deductions are set (docs/site-check.md quotes it). */
struct integrity_deduction {
	const char *category; /* a category, or a prefix ending in '.'; "*" for the rest */
	double points, cap;
	const char *label; /* Chinese, for the 通报 */
};
const struct integrity_deduction *integrity_deductions(size_t *n);
#define INTEGRITY_PASS_SCORE 60.0

/* The categories a score card counts, in the order of the 通报's columns. */
#define INTEGRITY_NCATS 7
extern const char *const integrity_categories[INTEGRITY_NCATS]; /* wording spam pii … */
const char *integrity_category_label(const char *category);	/* 错敏词 … ("其他") */

struct integrity_score {
	long long agency_id; /* 0: findings of no known agency */
	const char *agency_name;
	int depth;
	double score;				/* 100 less the deductions, never below 0 */
	bool pass;				/* no open veto and score >= INTEGRITY_PASS_SCORE */
	long long veto;				/* open veto findings */
	long long open;				/* open findings */
	long long overdue;			/* open, past their deadline */
	long long per_cat[INTEGRITY_NCATS + 1]; /* open findings per category (+ other) */
	const char **problems; /* the veto findings' messages, then the worst others (≤ 5) */
	size_t nproblems;
};
/* The score card of every agency (tree order; only agencies in `within` when it is not
 * NULL), from the open findings as of `today` (for overdue). */
int store_integrity_scorecard(struct store *st, struct arena *a, zf_day today,
			      const long long *within, size_t nwithin, struct integrity_score **out,
			      size_t *n);
/* Open findings of one agency counted by category and severity. */
struct integrity_count {
	const char *category;
	enum scan_sev sev;
	long long n;
};
/* Fills s's score, pass, veto, open and per_cat from the counts (pure; the score card and
 * its tests use it): veto findings fail the agency; deduct findings cost per the table. */
void integrity_score_compute(struct integrity_score *s, const struct integrity_count *c, size_t n);

/* ---- the scheduled scan's lease ---- */

/* Takes or renews the lease `name` for `holder` for `seconds` when it is free, expired or
 * already the holder's: *got tells. With several servers on one database, only the holder
 * runs the scheduled scan. */
int store_integrity_lease(struct store *st, const char *name, const char *holder, int seconds,
			  bool *got);
/* Gives the lease back (when held by holder). */
int store_integrity_lease_release(struct store *st, const char *name, const char *holder);
/* The finish time of the last finished scan of scope (NULL when none). */
int store_integrity_last_scan(struct store *st, struct arena *a, const char *scope,
			      const char **finished_at);

#endif
