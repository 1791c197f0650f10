/* scan.h: the phrase scanner of the site-integrity checks (内容检查). A rule set (text, see
 * docs/site-check.md for the format) is parsed and compiled once into one automaton; a text
 * is then scanned in one pass, after folding what filters are evaded with: full/half width,
 * letter case, traditional characters, and noise (spaces, punctuation, symbols) put between
 * the characters of a phrase. Every hit names its rule and its byte range in the text as
 * given, for highlighting. Allow-list entries drop the hits that lie inside their matches
 * (李克强 keeps the truncation rule 李克 from firing). Pure: no I/O, no globals.
 *
 * How a text is matched (the same fold is applied to the patterns when the set is compiled):
 *  - each code point is folded alone (text/fold.h): NFKC compatibility forms (full/half
 *    width), case, traditional → simplified by character;
 *  - noise (spaces, punctuation, symbols, control and format characters, combining marks)
 *    is skipped between the characters of a phrase, up to SCAN_GAP_MAX noise characters a
 *    gap; a longer run of noise ends every phrase;
 *  - a gap is the noise between two consecutive characters of a match. A match is accepted
 *    when none of its gaps holds clause punctuation (。，；！？、： or a line end), or when it
 *    has at least two gaps and every one of them holds noise (习，近，平 or 习 近 平: the
 *    evasion pattern; "农业。部署" does not give 农业部);
 *  - a pattern beginning (ending) with an ASCII letter or digit matches only where the text
 *    before (after) it is not an ASCII letter or digit ("bet365" is not found in "abet3650");
 *  - a rule applies only to texts dated within its [from, until];
 *  - a hit lying within the match of an applicable allow entry (start ≥ its start, end ≤ its
 *    end) is dropped; allow entries are never reported themselves.
 * A hit's [start, end) runs from the first byte of its first character to the last byte of
 * its last one in the text as given (the noise between them included). */
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
#define SCAN_RULES_BYTES (16u << 20)
#define SCAN_PATTERN_MAX 64  /* characters of a pattern after folding */
#define SCAN_PATTERN_BYTES 256
#define SCAN_FIELD_BYTES 1024 /* fix and note */
#define SCAN_ID_BYTES 64
#define SCAN_GAP_MAX 8	       /* noise characters in one gap of a match */
#define SCAN_HITS_MAX 100000   /* hits one scan_text call appends at most */
int scan_rules_parse(const char *text, size_t n, struct scan_rules **out, struct buf *err);
void scan_rules_free(struct scan_rules *r);
/* Parses the default rule set compiled into the program (data/embed/site-rules.tsv). */
int scan_rules_default(struct scan_rules **out, struct buf *err);
/* Bytes held by the compiled set (rules, automaton, tables). */
size_t scan_rules_memory(const struct scan_rules *r);
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

/* Scans n bytes of UTF-8 (an invalid byte counts as one noise character) dated `date` (0:
 * undated, every rule applies) and appends the hits, ordered by start (then end, then rule
 * line), to out; at most SCAN_HITS_MAX of them. 0 or ZF_ENOMEM. */
int scan_text(const struct scan_rules *r, const char *text, size_t n, zf_day date,
	      struct scan_hits *out);

#endif
