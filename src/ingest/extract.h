/* extract.h: reads the annual-report tables out of a cell stream (cells.h) into the report
 * model: table 2 by its item labels, table 3 by its row labels in order, table 4 as the run
 * of 15 values after its heading, or the pre-2019 统计表 line by line. Values glued without a
 * separator ("801000081") are split by the table's identities (row sum, column sums, the
 * balance, table 4's block totals); when more than one split fits, a cell.ambiguous finding
 * lists the readings and the one the prose's totals confirm is taken, else the cells stay
 * null. A glued row that no cut balances is read as published when each cell has one digit
 * (the checker reports the sum), else left null with a finding. */
#ifndef ZF_EXTRACT_H
#define ZF_EXTRACT_H

#include "ingest/cells.h"
#include "law/report.h"

struct narrative;

/* The standard wording of the 统计表 lines, for repairing damaged labels. */
struct legacy_vocab;

/* Builds the vocabulary from the format table plus extra lines (text, one label per line,
 * "#" comments; borrowed). 0 and an owned vocab, or ZF_ENOMEM. */
int legacy_vocab_new(const char *extra, size_t n, struct legacy_vocab **out);
void legacy_vocab_free(struct legacy_vocab *v);

struct extract_in {
	const char *text; /* the normalised text the cells point into */
	size_t n;
	const struct cells *cells;
	const struct legacy_vocab *vocab;
	/* source position of a text offset */
	void (*pos)(void *arg, size_t off, struct report_pos *out);
	void *arg;
	/* the prose's figures, to choose among readings of glued rows (may be NULL) */
	const struct narrative *narrative;
};

struct extract_out {
	bool t2, t3, t4;  /* found */
	size_t t3_rows;	  /* table 3 rows read */
	size_t glued;	  /* rows whose values were split from glued digits */
	size_t ambiguous; /* rows left null because several splits fit */
	bool subtotal;	  /* a 法人或其他组织 subtotal column was dropped */
};

/* Detects the format (when r->format is NONE) and fills r's tables, adding findings for
 * conversions, glued and ambiguous cells and repaired labels. 0 or ZF_ENOMEM. */
int extract_tables(const struct extract_in *in, struct report *r, struct extract_out *out);

/* Copies s without spaces into out (cap bytes, NUL-terminated); returns the length. */
size_t extract_compact(const char *s, size_t n, char *out, size_t cap);

#endif
