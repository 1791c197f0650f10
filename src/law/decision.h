/* decision.h: the reply decisions (答复) of a disclosure request. There is exactly one decision
 * per result row of the annual report's table 3 (国办公开办函〔2021〕30号), keyed by the row keys
 * of spec/report-json.md, with the legal basis the reply letter cites and the remedy wording.
 * Pure, static data: no I/O, no globals that change. */
#ifndef ZF_DECISION_H
#define ZF_DECISION_H

#include "buf.h"

/* The six headings of table 3's results (三（一）…（六）). */
enum decision_group {
	DECISION_GRANTED,	    /* 予以公开 */
	DECISION_PARTIALLY_GRANTED, /* 部分公开 */
	DECISION_WITHHELD,	    /* 不予公开 */
	DECISION_UNAVAILABLE,	    /* 无法提供 */
	DECISION_NOT_PROCESSED,	    /* 不予处理 */
	DECISION_OTHER,		    /* 其他处理 */
};

enum decision_flags {
	/* Only the clock reaches it (逾期未补正, 逾期未缴费): not a decision a reply may carry. */
	DECISION_BY_LAPSE = 1 << 0,
	/* The reply presupposes a supplemented application (补正后申请内容仍不明确). */
	DECISION_NEEDS_SUPPLEMENT = 1 << 1,
};

struct decision {
	const char *key; /* table-3 row key, e.g. "withheld_state_secret" */
	enum decision_group group;
	const char *row;   /* the row as printed: "三（三）1.属于国家秘密" */
	const char *label; /* short Chinese name: "不予公开（属于国家秘密）" */
	const char *basis; /* what the reply letter cites, e.g. "《…条例》第三十六条第（二）项" */
	const char *basis_note; /* Chinese, when the row covers another situation; NULL if none */
	const char *remedy;	/* the remedy sentence for the reply letter (救济途径) */
	unsigned flags;		/* enum decision_flags */
};

/* The 21 decisions in table-3 order (granted … other_other). */
#define DECISION_COUNT 21
extern const struct decision decision_table[DECISION_COUNT];

/* The decision with this row key, or NULL (borrows key; returns static data). */
const struct decision *decision_by_key(const char *key);
/* Like decision_by_key for a view; on an unknown key returns ZF_ENOENT and writes a Chinese
 * reason listing every valid key into err. */
int decision_lookup(struct str key, const struct decision **out, struct buf *err);
/* Chinese heading of a group: "予以公开" … "其他处理" (static). */
const char *decision_group_label(enum decision_group g);

#endif
