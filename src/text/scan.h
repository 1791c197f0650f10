/* scan.h: the phrase scanner of the site-integrity checks (内容检查). A rule set (text, see
 * docs/site-check.md for the format) is parsed and compiled once into one automaton; a text
 * is then scanned in one pass, after folding what filters are evaded with: full/half width,
 * letter case, traditional characters, and noise (spaces, punctuation, symbols) put between
 * the characters of a phrase. Every hit names its rule and its byte range in the text as
 * given, for highlighting. Allow-list entries drop the hits that lie inside their matches
 * (李克强 keeps the truncation rule 李克 from firing). Pure: no I/O, no globals. */
#ifndef ZF_SCAN_H
#define ZF_SCAN_H

#include "buf.h"
#include "date.h"

#include <stdbool.h>

/* Severity in the terms of the 2019 check indicators (国办秘函〔2019〕19号). */
enum scan_sev {
	SCAN_VETO,    /* 单项否决: one occurrence fails the whole site */
	SCAN_DEDUCT,  /* 扣分 */
	SCAN_SUSPECT, /* 疑似: to be looked at by a person */
	SCAN_SEV_COUNT
};
const char *scan_sev_key(enum scan_sev s);   /* "veto", "deduct", "suspect" */
const char *scan_sev_label(enum scan_sev s); /* "单项否决", "扣分", "疑似" */
int scan_sev_parse(const char *s);	     /* key or label → enum, or -1 */

struct scan_rule {
	const char *id;	      /* begins with its category: "wording.leader-name-1" */
	const char *category; /* the id's first segment: "wording", "spam", "allow" */
	enum scan_sev sev;
	const char *pattern; /* as written in the rule set */
	const char *fix;     /* suggested fix (Chinese), "" when none */
	const char *note;    /* why it is a problem, or an allow entry's reason, "" */
	zf_day from, until;  /* applies to texts dated within [from, until]; 0 = open end */
	unsigned line;	     /* line in the rule-set text */
	bool allow;	     /* an allow-list entry */
};

struct scan_rules;

/* Parses and compiles a rule set. 0 and an owned set (free with scan_rules_free); ZF_EPARSE
 * with one Chinese line in err naming the line ("第12行：…") and nothing loaded; ZF_ENOMEM;
 * ZF_ETOOBIG over the caps (SCAN_RULES_MAX rules, 16 MB of text). */
#define SCAN_RULES_MAX 200000
int scan_rules_parse(const char *text, size_t n, struct scan_rules **out, struct buf *err);
void scan_rules_free(struct scan_rules *r);
/* The set's version and name as declared in it ("" when not declared). */
const char *scan_rules_version(const struct scan_rules *r);
const char *scan_rules_name(const struct scan_rules *r);
size_t scan_rules_count(const struct scan_rules *r);
const struct scan_rule *scan_rules_get(const struct scan_rules *r, size_t i);
/* The rule with this id, or NULL. */
const struct scan_rule *scan_rules_find(const struct scan_rules *r, const char *id);

struct scan_hit {
	const struct scan_rule *rule; /* borrowed from the set */
	size_t start, end;	      /* byte range in the scanned text */
};

struct scan_hits {
	struct scan_hit *v;
	size_t n, alloc;
};
void scan_hits_free(struct scan_hits *h);

/* Scans n bytes of UTF-8 (invalid bytes are skipped) dated `date` (0: undated, every rule
 * applies) and appends the hits, ordered by start, to out. 0 or ZF_ENOMEM. */
int scan_text(const struct scan_rules *r, const char *text, size_t n, zf_day date,
	      struct scan_hits *out);

#endif
