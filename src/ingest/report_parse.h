/* report_parse.h: reads one published annual report (text, HTML, any common encoding) into
 * the report model, repairing what mirror sites and bad conversions did to it on the way:
 * decode → HTML to text → normalise → strip pinyin glosses → traditional to simplified →
 * undo injected spam → cells → tables. Every cell keeps its line and column in the source.
 * What was repaired, converted or could not be read becomes a finding (text.injected,
 * text.encoding, unit.converted, cell.ambiguous, parse.*), then the checker runs. */
#ifndef ZF_REPORT_PARSE_H
#define ZF_REPORT_PARSE_H

#include "buf.h"
#include "law/report.h"

/* Largest input accepted (bytes). */
#define INGEST_MAX_BYTES (64u << 20)

struct ingest_ctx;

/* Loads the embedded tables (readings, spam vocabulary, phrases, legacy labels). 0 and an
 * owned context (free with ingest_ctx_free), ZF_EPARSE (bad embedded data) or ZF_ENOMEM.
 * A context is reused across files; it is not thread-safe. */
int ingest_ctx_new(struct ingest_ctx **out);
void ingest_ctx_free(struct ingest_ctx *c);

/* Parses n bytes (borrowed) named `file` (may be NULL) into a new report (*out, owned, free
 * with report_free). Returns 0 — the report may still carry error findings — or ZF_ETOOBIG /
 * ZF_EPARSE (not a text document, or empty or only white space; err gets one Chinese
 * sentence) / ZF_ENOMEM. */
int ingest_report(struct ingest_ctx *c, const char *bytes, size_t n, const char *file,
		  struct report **out, struct buf *err);

/* The layout of the last parsed report ("pipe", "cell-per-line", "html", …; static). */
const char *ingest_last_layout(const struct ingest_ctx *c);

/* The decoded UTF-8 text of the last parsed file (for a PDF or Office file, the text made
 * from it): the text a report_pos's off counts bytes in. Borrowed from c, valid until the
 * next ingest_report; *len gets its length. */
const char *ingest_last_text(const struct ingest_ctx *c, size_t *len);

#endif
