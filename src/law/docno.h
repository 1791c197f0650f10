/* docno.h: the rules of the catalogue of proactively disclosed information (主动公开目录),
 * disclosure-rules.md §5: 文号 (doc_no) parsing and its canonical form, 索引号 (index_no)
 * templates and organisation codes, the kinds and validity of documents, 体裁 (genre),
 * 主题分类 (topic, two levels, from data/embed/topics.tsv), the publication deadline of
 * 条例 Art. 26 and the periodic validity review (定期审查). Pure: no I/O, no globals
 * beyond the read-only tables. */
#ifndef ZF_LAW_DOCNO_H
#define ZF_LAW_DOCNO_H

#include "buf.h"
#include "date.h"

struct calendar;

/* ---- 文号 ---- */

enum docno_form {
	DOCNO_BRACKET, /* 国办发〔2017〕47号 */
	DOCNO_ORDER,   /* 国务院令第711号 (规章 and 行政法规 are numbered as 令) */
	DOCNO_YEAR,    /* 国家税务总局公告2024年第1号 */
};

#define DOCNO_PREFIX_MAX 96 /* bytes of 机关代字 (about 30 characters) */

struct docno {
	enum docno_form form;
	char prefix[DOCNO_PREFIX_MAX + 1]; /* 机关代字, with 令 / 公告 for those forms */
	int year;			   /* 0 for DOCNO_ORDER */
	long number;
};

/* Parses a 文号, tolerant of the bracket variants found in the wild ([] 【】 () （） ［］
 * 〖〗 ﹝﹞), full-width digits, spaces, leading zeros and 第 before the number. Returns 0,
 * or ZF_EPARSE with a Chinese reason in err (may be NULL). */
int docno_parse(struct str s, struct docno *out, struct buf *err);
/* Writes the canonical form (〔〕, no leading zeros) into out; returns out. */
char *docno_format(const struct docno *d, char *out, size_t n);
/* Parses and rewrites s in canonical form into out (reset first): 0 or ZF_EPARSE. */
int docno_normalize(struct str s, struct buf *out, struct buf *err);

/* ---- 索引号 ---- */

/* The default template: 9- or 18-character code, year, 5-digit serial (20 or 29 chars). */
#define DOCNO_INDEX_TEMPLATE "{org_code}/{year}-{serial:05}"

/* True when code is a valid 9-character organisation code (GB 11714, check character
 * included) or 18-character 统一社会信用代码 (GB 32100, check character included);
 * otherwise false with a Chinese reason in err (may be NULL). */
bool docno_org_code_valid(const char *code, struct buf *err);

/* Replaces the last character of a 9- or 18-character code with its check character (for
 * generated codes: demo data, tests). Returns false for another length or a character
 * outside the code's alphabet. */
bool docno_org_code_complete(char *code);

/* Checks a template: placeholders {org_code}, {year}, {month}, {serial} or {serial:0N}
 * (N = 1..9); {year} and {serial} are required. Returns 0 or ZF_EINVAL with a reason. */
int docno_template_check(const char *tmpl, struct buf *err);
/* Renders an 索引号 from a checked template; appends to out. 0, ZF_EINVAL or ZF_ETOOBIG. */
int docno_index_render(const char *tmpl, const char *org_code, zf_day published_on, long serial,
		       struct buf *out);
/* True when s looks like an 索引号 (code/year-serial, as found in catalogues): used to send
 * such a search to an exact lookup. */
bool docno_index_like(struct str s);

/* ---- kinds, validity, genres, topics ---- */

/* What table 2's 第二十条（一） row counts. */
enum doc_kind {
	DOC_KIND_OTHER,
	DOC_KIND_REGULATION, /* 规章 */
	DOC_KIND_NORMATIVE,  /* 行政规范性文件 */
	DOC_KINDS
};

enum doc_validity {
	DOC_VALID,    /* 有效 */
	DOC_EXPIRED,  /* 失效: its term ran out, or it was declared no longer applicable */
	DOC_REPEALED, /* 废止 */
	DOC_VALIDITIES
};

/* Stable keys ("regulation", "repealed") and Chinese labels ("规章", "废止"). */
const char *doc_kind_key(enum doc_kind k);
const char *doc_kind_label(enum doc_kind k);
const char *doc_validity_key(enum doc_validity v);
const char *doc_validity_label(enum doc_validity v);
/* Parses a key or a label: the value, or -1. */
int doc_kind_parse(const char *s);
int doc_validity_parse(const char *s);

/* 体裁: the 15 公文 types of 《党政机关公文处理工作条例》 Art. 8, then the genres catalogues
 * add. NULL-terminated, static. */
extern const char *const doc_genres[];
/* True when s is one of doc_genres. */
bool doc_genre_known(const char *s);

/* One 主题分类 entry: level 1 codes are "NN", level 2 "NN.NN". */
struct doc_topic {
	const char *code;
	const char *name;   /* 政务公开 */
	const char *parent; /* level 1 name for a level 2 entry, else NULL */
};
/* The taxonomy compiled in (data/embed/topics.tsv), in file order; static. */
const struct doc_topic *doc_topics(size_t *n);
/* The entry with this code, or with this display form ("综合政务\政务公开") or level-2
 * name when unique; NULL when none. */
const struct doc_topic *doc_topic_find(const char *s);
/* Writes the display form "一级\二级" (or "一级") into out; returns out. */
char *doc_topic_display(const struct doc_topic *t, char *out, size_t n);

/* ---- deadlines ---- */

/* 条例 Art. 26: proactively disclosed information is published within 20 working days of
 * its being made or changed. */
#define DOC_PUBLISH_WORKING_DAYS 20
/* The last day to publish a document written (or changed) on `made`. */
zf_day doc_publish_deadline(const struct calendar *cal, zf_day made);

/* 定期审查: 规章 and 规范性文件 are reviewed for continued validity at least every
 * DOC_REVIEW_YEARS years (a local practice, ⚠️ no national period found: configurable
 * here), and any document with a term (valid_until) is reviewed when the term ends within
 * DOC_REVIEW_LEAD_DAYS days. */
#define DOC_REVIEW_YEARS     2
#define DOC_REVIEW_LEAD_DAYS 90
/* The day a valid published document falls due for review, or 0 when it never does (kind
 * OTHER without a term). last_review is the last review (0 = never: the publication day
 * counts). */
zf_day doc_review_due(enum doc_kind kind, zf_day published_on, zf_day last_review,
		      zf_day valid_until);

#endif
