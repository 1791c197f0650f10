/* xlsx.h: reads one worksheet of an Excel workbook (.xlsx, Office Open XML) as text: shared
 * strings, inline strings, numbers (as written in the file), booleans (TRUE/FALSE) and
 * formula results; cells addressed by reference (B7) with gaps kept; merged ranges listed. Outside
 * input: the unpacked size is capped (zip bombs), DTDs are refused (entity bombs), every failure
 * gets a Chinese reason. Uses libzip and libxml2. */
#ifndef ZF_INGEST_XLSX_H
#define ZF_INGEST_XLSX_H

#include "buf.h"

struct arena;

/* The caps: bytes of one unpacked part, of all parts read, and cells of a sheet (counting
 * gaps inside a row). */
#define XLSX_PART_MAX	(16u << 20)
#define XLSX_TOTAL_MAX	(48u << 20)
#define XLSX_CELLS_MAX	2000000u
#define XLSX_MERGES_MAX 100000u

/* One row that has at least one cell element. */
struct xlsx_row {
	int num;	    /* 1-based row number of the sheet */
	size_t ncells;	    /* columns A.. up to the last cell present */
	const char **cells; /* [ncells]; "" for a gap or an empty cell, never NULL */
};

/* A merged range (mergeCell): its text is in the first cell, the others are empty. */
struct xlsx_merge {
	int r1, r2;    /* 1-based rows, inclusive */
	size_t c1, c2; /* 0-based columns, inclusive */
};

struct xlsx_sheet {
	const char *name; /* the sheet's name */
	struct xlsx_row *rows;
	size_t nrows; /* rows in file order (ascending numbers as Excel writes them) */
	struct xlsx_merge *merges;
	size_t nmerges; /* merged ranges, as listed */
};

/* Reads the sheet named `sheet` (NULL: the first) of the workbook data[0..len). Everything is
 * allocated from arena. 0, or ZF_EPARSE / ZF_ETOOBIG / ZF_ENOENT (no such sheet) / ZF_ENOMEM
 * with a Chinese reason in err (may be NULL). */
int xlsx_read(const void *data, size_t len, const char *sheet, struct arena *arena,
	      struct xlsx_sheet *out, struct buf *err);

/* The text of cell (row index i, 0-based column col) or "" when absent. */
const char *xlsx_cell(const struct xlsx_sheet *s, size_t i, size_t col);

#endif
