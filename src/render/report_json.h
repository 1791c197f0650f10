/* report_json.h: the annual report as JSON, schema zfxxgk.report/1 (spec/report-json.md),
 * both ways. The encoder writes straight into a buffer (it is on the hot path of bulk
 * parsing); the decoder is a parser of outside input: it rejects malformed documents with
 * one clear Chinese sentence and never crashes; unknown keys are ignored with a warning. */
#ifndef ZF_REPORT_JSON_H
#define ZF_REPORT_JSON_H

#include "buf.h"
#include "law/report.h"

#define REPORT_JSON_SCHEMA "zfxxgk.report/1"

enum report_json_flags {
	REPORT_JSON_COMPACT = 1 << 0,	  /* one line instead of indented */
	REPORT_JSON_NO_FINDINGS = 1 << 1, /* leave out "findings" */
	REPORT_JSON_POSITIONS = 1 << 2,	  /* add "source": {"cells": {path: [line, col]}} */
};

/* Appends r as a JSON document (with a final newline) to out; 0, ZF_ENOMEM or ZF_ETOOBIG
 * (then out is left as it was). The bytes are those of jansson's json_dumps with
 * JSON_PRESERVE_ORDER, JSON_REAL_PRECISION(15) and JSON_INDENT(2) or JSON_COMPACT; a string
 * that is not valid UTF-8 is written with U+FFFD in place of the bad bytes. */
int report_json_write(const struct report *r, struct buf *out, unsigned flags);

/* Decodes len bytes of JSON into a new report (*out, owned, free with report_free).
 * Returns 0, ZF_EPARSE (err holds a Chinese message naming the place) or ZF_ENOMEM.
 * Each ignored key adds one Chinese line to warn (may be NULL). "expected_findings" (in the
 * seeds' expected files) is accepted silently. Findings in the input are kept. */
int report_json_read(const char *text, size_t len, struct report **out, struct buf *err,
		     struct buf *warn);

#endif
