/* report_json.c: zfxxgk.report/1 JSON encoder (direct) and decoder (jansson). */
#include "common.h"
#include "render/report_json.h"
#include "text/normalize.h"
#include "utf8.h"

#include <jansson.h>
#include <math.h>

/* ---------------------------------------------------------------- encoding */

/* The encoder writes straight into the output buffer (no JSON tree): a report carries a few
 * hundred cells and positions, and building then dumping a tree cost more than the parse.
 * The bytes are those jansson's json_dumps gives with JSON_PRESERVE_ORDER,
 * JSON_REAL_PRECISION(15) and JSON_INDENT(2) or JSON_COMPACT (tests/unit/test_report_json.c
 * compares the two), so readers and goldens see the same text as before. */

#define JW_DEPTH 8

struct jw {
	struct buf *out;
	bool compact;
	int depth;
	size_t count[JW_DEPTH]; /* members written in each open container */
	bool after_key;		/* the next value follows "key": */
	int rc;			/* the first append that failed */
	size_t cl;		/* bytes in chunk, not yet in out */
	char chunk[4096];
};

static void jw_flush(struct jw *w)
{
	int rc = buf_add(w->out, w->chunk, w->cl);
	if (rc && !w->rc)
		w->rc = rc;
	w->cl = 0;
}

static void jw_raw(struct jw *w, const char *s, size_t n)
{
	if (w->cl + n > sizeof(w->chunk)) {
		jw_flush(w);
		if (n > sizeof(w->chunk)) {
			int rc = buf_add(w->out, s, n);
			if (rc && !w->rc)
				w->rc = rc;
			return;
		}
	}
	memcpy(w->chunk + w->cl, s, n);
	w->cl += n;
}

static void jw_ch(struct jw *w, char c)
{
	if (w->cl == sizeof(w->chunk))
		jw_flush(w);
	w->chunk[w->cl++] = c;
}

static void jw_indent(struct jw *w, int depth)
{
	static const char spaces[] = "                                ";
	if (w->compact)
		return;
	jw_ch(w, '\n');
	jw_raw(w, spaces, (size_t)ZF_MIN(depth * 2, (int)sizeof(spaces) - 1));
}

/* Starts a value or a key: the comma and line break before it. */
static void jw_item(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->count[w->depth - 1]++)
		jw_ch(w, ',');
	jw_indent(w, w->depth);
}

/* Escaped string content (no quotes): '"', '\\' and control characters escaped as jansson
 * does; invalid UTF-8 becomes U+FFFD so the output is always valid JSON. */
static void jw_chars(struct jw *w, const char *s, size_t n)
{
	size_t run = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t l = text_decode(s + i, n - i, &cp);
			if (l) {
				i += l;
				continue;
			}
		}
		jw_raw(w, s + run, i - run);
		char esc[8];
		const char *e = esc;
		size_t el = 2;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (c < 0x20)
				el = (size_t)snprintf(esc, sizeof(esc), "\\u%04X", c);
			else
				e = "\xEF\xBF\xBD", el = 3;
		}
		jw_raw(w, e, el);
		run = ++i;
	}
	jw_raw(w, s + run, n - run);
}

static void jw_str(struct jw *w, const char *s)
{
	jw_item(w);
	jw_ch(w, '"');
	jw_chars(w, s, strlen(s));
	jw_ch(w, '"');
}

static void jw_key(struct jw *w, const char *k)
{
	jw_str(w, k);
	jw_raw(w, w->compact ? ":" : ": ", w->compact ? 1 : 2);
	w->after_key = true;
}

static void jw_null(struct jw *w)
{
	jw_item(w);
	jw_raw(w, "null", 4);
}

static void jw_int(struct jw *w, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	jw_item(w);
	jw_raw(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* A real as jansson prints it: "%.15g", ".0" added when it reads as an integer, the
 * exponent without "+" and leading zeros. */
static void jw_real(struct jw *w, double x)
{
	char s[40];
	int n = snprintf(s, sizeof(s) - 3, "%.15g", x);
	if (n < 0 || n >= (int)sizeof(s) - 3) {
		jw_null(w);
		return;
	}
	size_t len = (size_t)n;
	if (!strchr(s, '.') && !strchr(s, 'e')) {
		s[len++] = '.';
		s[len++] = '0';
		s[len] = 0;
	}
	char *e = strchr(s, 'e');
	if (e) {
		char *start = e + 1, *end = e + 2;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, len - (size_t)(end - s) + 1);
			len -= (size_t)(end - start);
		}
	}
	jw_item(w);
	jw_raw(w, s, len);
}

static void jw_open(struct jw *w, char c)
{
	jw_item(w);
	jw_ch(w, c);
	if (w->depth < JW_DEPTH)
		w->count[w->depth] = 0;
	w->depth++;
}

static void jw_close(struct jw *w, char c)
{
	w->depth--;
	if (w->depth < JW_DEPTH && w->count[w->depth])
		jw_indent(w, w->depth);
	jw_ch(w, c);
}

static void jw_cell(struct jw *w, const struct report_cell *c, enum report_value_kind kind)
{
	if (!c->present)
		jw_null(w);
	else if (kind == REPORT_KIND_AMOUNT && c->v % REPORT_AMOUNT_SCALE != 0)
		jw_real(w, (double)c->v / (double)REPORT_AMOUNT_SCALE);
	else if (kind == REPORT_KIND_AMOUNT)
		jw_int(w, (long long)(c->v / REPORT_AMOUNT_SCALE));
	else
		jw_int(w, (long long)c->v);
}

static void jw_opt_str(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s)
		jw_str(w, s);
	else
		jw_null(w);
}

static void table2_json(struct jw *w, const struct report *r, const struct report_format *f)
{
	jw_open(w, '{');
	for (size_t t = 0; t < f->nt2; t++) {
		const struct report_t2_table *tab = &f->t2[t];
		for (size_t i = 0; i < tab->nitems; i++) {
			jw_key(w, report_t2_items[tab->items[i]].key);
			jw_open(w, '{');
			for (size_t j = 0; j < tab->nfields; j++) {
				enum report_t2_field fld = tab->fields[j];
				jw_key(w, report_t2_fields[fld].key);
				jw_cell(w, &r->table2[tab->items[i]][fld],
					report_t2_fields[fld].kind);
			}
			jw_close(w, '}');
		}
	}
	jw_close(w, '}');
}

static void table3_json(struct jw *w, const struct report *r)
{
	jw_open(w, '{');
	jw_key(w, "columns");
	jw_open(w, '[');
	for (int c = 0; c < REPORT_T3_COLS; c++)
		jw_str(w, report_t3_cols[c].key);
	jw_close(w, ']');
	jw_key(w, "rows");
	jw_open(w, '{');
	for (int i = 0; i < REPORT_T3_ROWS; i++) {
		jw_key(w, report_t3_row_key(i));
		jw_open(w, '[');
		for (int c = 0; c < REPORT_T3_COLS; c++)
			jw_cell(w, &r->table3[i][c], REPORT_KIND_COUNT);
		jw_close(w, ']');
	}
	jw_close(w, '}');
	jw_close(w, '}');
}

static void table4_json(struct jw *w, const struct report *r)
{
	jw_open(w, '{');
	for (int g = 0; g < REPORT_T4_GROUPS; g++) {
		jw_key(w, report_t4_groups[g].key);
		jw_open(w, '{');
		for (int k = 0; k < REPORT_T4_FIELDS; k++) {
			jw_key(w, report_t4_field_keys[k]);
			jw_cell(w, &r->table4[g][k], REPORT_KIND_COUNT);
		}
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

static void legacy_json(struct jw *w, const struct report *r)
{
	jw_open(w, '[');
	for (size_t i = 0; i < r->nlegacy; i++) {
		const struct report_legacy_line *l = &r->legacy[i];
		jw_open(w, '{');
		jw_opt_str(w, "label", l->label);
		jw_opt_str(w, "unit", l->unit);
		jw_key(w, "value");
		jw_cell(w, &l->value,
			report_unit_is_amount(l->unit) ? REPORT_KIND_AMOUNT : REPORT_KIND_COUNT);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void findings_json(struct jw *w, const struct report *r)
{
	jw_open(w, '[');
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct report_finding *f = &r->findings[i];
		jw_open(w, '{');
		jw_opt_str(w, "rule", f->rule);
		jw_opt_str(w, "severity", report_severity_key(f->severity));
		jw_opt_str(w, "message", f->message);
		jw_key(w, "cells");
		jw_open(w, '[');
		for (size_t k = 0; k < f->ncells; k++)
			jw_str(w, f->cells[k]);
		jw_close(w, ']');
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

/* "table3.granted.natural_person": [line, col], without formatting the path first; a cell
 * read from a PDF adds {"page": p, "x": x, "y": y} (points from the top left), one from a
 * Word table {"table": t, "row": r, "cell": c}, one from an Excel sheet {"sheet": s, "row": r,
 * "cell": c} (spec/report-json.md, docs/report-parse.md). */
static void pos_json(struct jw *w, const char *a, const char *b, const char *c,
		     const struct report_cell *cell, bool sheet)
{
	if (!cell->pos.line)
		return;
	/* the parts are the model's own keys (lower case, digits, "_"): nothing to escape */
	jw_item(w);
	jw_ch(w, '"');
	jw_raw(w, a, strlen(a));
	jw_ch(w, '.');
	jw_raw(w, b, strlen(b));
	if (c) {
		jw_ch(w, '.');
		jw_raw(w, c, strlen(c));
	}
	jw_raw(w, w->compact ? "\":" : "\": ", w->compact ? 2 : 3);
	w->after_key = true;
	jw_open(w, '[');
	jw_int(w, cell->pos.line);
	jw_int(w, cell->pos.col);
	const struct report_pos *p = &cell->pos;
	if (p->src == REPORT_SRC_PDF && p->page) {
		jw_open(w, '{');
		jw_key(w, "page");
		jw_int(w, p->page);
		jw_key(w, "x");
		jw_real(w, p->x / 10.0);
		jw_key(w, "y");
		jw_real(w, p->y / 10.0);
		jw_close(w, '}');
	} else if (p->src == REPORT_SRC_TABLE && p->page) {
		jw_open(w, '{');
		jw_key(w, sheet ? "sheet" : "table");
		jw_int(w, p->page);
		jw_key(w, "row");
		jw_int(w, p->x);
		jw_key(w, "cell");
		jw_int(w, p->y);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static void source_json(struct jw *w, const struct report *r, unsigned flags)
{
	jw_open(w, '{');
	jw_opt_str(w, "file", r->source.file);
	jw_opt_str(w, "sha256", r->source.sha256[0] ? r->source.sha256 : NULL);
	jw_opt_str(w, "layout", r->source.layout);
	if (flags & REPORT_JSON_POSITIONS) {
		bool sheet = r->source.layout && !strcmp(r->source.layout, "xlsx");
		jw_key(w, "cells");
		jw_open(w, '{');
		for (int i = 0; i < REPORT_T2_ITEMS; i++)
			for (int k = 0; k < REPORT_T2_FIELDS; k++)
				pos_json(w, "table2", report_t2_items[i].key,
					 report_t2_fields[k].key, &r->table2[i][k], sheet);
		for (int i = 0; i < REPORT_T3_ROWS; i++)
			for (int k = 0; k < REPORT_T3_COLS; k++)
				pos_json(w, "table3", report_t3_row_key(i), report_t3_cols[k].key,
					 &r->table3[i][k], sheet);
		for (int i = 0; i < REPORT_T4_GROUPS; i++)
			for (int k = 0; k < REPORT_T4_FIELDS; k++)
				pos_json(w, "table4", report_t4_groups[i].key,
					 report_t4_field_keys[k], &r->table4[i][k], sheet);
		for (size_t i = 0; i < r->nlegacy; i++) {
			char idx[24];
			snprintf(idx, sizeof(idx), "%zu", i);
			pos_json(w, "legacy", idx, NULL, &r->legacy[i].value, sheet);
		}
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

int report_json_write(const struct report *r, struct buf *out, unsigned flags)
{
	const struct report_format *f = report_format_get(r->format);
	struct jw w;
	memset(&w, 0, offsetof(struct jw, chunk));
	w.out = out;
	w.compact = (flags & REPORT_JSON_COMPACT) != 0;
	size_t start = out->len;
	if (out->failed)
		return ZF_ETOOBIG;
	jw_open(&w, '{');
	jw_opt_str(&w, "schema", REPORT_JSON_SCHEMA);
	jw_opt_str(&w, "format", f ? f->key : NULL);
	jw_key(&w, "year");
	if (r->year)
		jw_int(&w, r->year);
	else
		jw_null(&w);
	jw_opt_str(&w, "agency", r->agency);
	if (r->has_source) {
		jw_key(&w, "source");
		source_json(&w, r, flags);
	}
	if (f && f->id != REPORT_FORMAT_LEGACY) {
		jw_key(&w, "table2");
		table2_json(&w, r, f);
		jw_key(&w, "table3");
		table3_json(&w, r);
		jw_key(&w, "table4");
		table4_json(&w, r);
	}
	if (f && f->id == REPORT_FORMAT_LEGACY) {
		jw_key(&w, "legacy");
		legacy_json(&w, r);
	}
	if (r->nmembers) {
		jw_key(&w, "members");
		jw_open(&w, '[');
		for (size_t i = 0; i < r->nmembers; i++)
			jw_str(&w, r->members[i]);
		jw_close(&w, ']');
	}
	if (!(flags & REPORT_JSON_NO_FINDINGS)) {
		jw_key(&w, "findings");
		findings_json(&w, r);
	}
	jw_close(&w, '}');
	jw_ch(&w, '\n');
	jw_flush(&w);
	if (w.rc) { /* a cap or out of memory: leave no half document behind */
		out->len = start;
		if (out->p)
			out->p[start] = 0;
		out->failed = false;
	}
	return w.rc;
}

/* ---------------------------------------------------------------- decoding */

struct dec {
	struct report *r;
	struct buf *err;
	struct buf *warn;
	int rc; /* first error */
};

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "对象";
	case JSON_ARRAY: return "数组";
	case JSON_STRING: return "字符串";
	case JSON_INTEGER: return "整数";
	case JSON_REAL: return "小数";
	case JSON_TRUE:
	case JSON_FALSE: return "布尔值";
	case JSON_NULL: return "null";
	}
	return "未知类型";
}

static int fail(struct dec *d, const char *fmt, ...) ZF_PRINTF(2, 3);
static int fail(struct dec *d, const char *fmt, ...)
{
	if (d->rc)
		return d->rc;
	if (d->err) {
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(d->err, fmt, ap);
		va_end(ap);
	}
	d->rc = ZF_EPARSE;
	return d->rc;
}

static void warn_unknown(struct dec *d, const char *where, const char *key)
{
	if (d->warn)
		buf_printf(d->warn, "忽略未知的键 %s%s%s\n", where, *where ? "." : "", key);
}

/* Reads a cell value of the given kind; `where` names it for messages. */
static int read_cell(struct dec *d, const json_t *v, enum report_value_kind kind,
		     struct report_cell *c, const char *where)
{
	report_cell_clear(c);
	if (json_is_null(v))
		return 0;
	int64_t scale = kind == REPORT_KIND_AMOUNT ? REPORT_AMOUNT_SCALE : 1;
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (n > REPORT_VALUE_MAX / scale || n < -(REPORT_VALUE_MAX / scale))
			return fail(d, "%s 的数值 %lld 过大", where, (long long)n);
		report_cell_set(c, (int64_t)n * scale, NULL);
		return 0;
	}
	if (json_is_real(v)) {
		double x = json_real_value(v) * (double)scale;
		if (!isfinite(x) || fabs(x) > (double)REPORT_VALUE_MAX)
			return fail(d, "%s 的数值过大", where);
		double rx = round(x);
		if (kind != REPORT_KIND_AMOUNT && rx != x)
			return fail(d, "%s 应为整数，实际为小数 %g", where, json_real_value(v));
		report_cell_set(c, (int64_t)rx, NULL);
		return 0;
	}
	return fail(d, "%s 应为%s或 null，实际为%s", where,
		    kind == REPORT_KIND_AMOUNT ? "数字" : "整数", type_name(v));
}

static int read_table2(struct dec *d, const json_t *t2, const struct report_format *f)
{
	if (!json_is_object(t2))
		return fail(d, "table2 应为对象，实际为%s", type_name(t2));
	const char *ikey;
	const json_t *iv;
	json_object_foreach((json_t *)t2, ikey, iv)
	{
		int item = report_t2_item_by_key(ikey);
		bool in_format = false;
		for (int k = 0; item >= 0 && k < REPORT_T2_FIELDS; k++)
			in_format |= report_format_has_t2_cell(f, item, k, NULL, NULL);
		if (!in_format) {
			warn_unknown(d, "table2", ikey);
			continue;
		}
		if (!json_is_object(iv))
			return fail(d, "table2.%s 应为对象，实际为%s", ikey, type_name(iv));
		const char *fkey;
		const json_t *fv;
		json_object_foreach((json_t *)iv, fkey, fv)
		{
			int fld = report_t2_field_by_key(fkey);
			if (fld < 0 || !report_format_has_t2_cell(f, item, fld, NULL, NULL)) {
				char where[96];
				snprintf(where, sizeof(where), "table2.%s", ikey);
				warn_unknown(d, where, fkey);
				continue;
			}
			char where[96];
			report_path_t2(item, fld, where, sizeof(where));
			if (read_cell(d, fv, report_t2_fields[fld].kind, &d->r->table2[item][fld],
				      where))
				return d->rc;
		}
	}
	return 0;
}

static int read_table3(struct dec *d, const json_t *t3)
{
	if (!json_is_object(t3))
		return fail(d, "table3 应为对象，实际为%s", type_name(t3));
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)t3, key, v)
	{
		if (!strcmp(key, "columns")) {
			bool ok = json_is_array(v) && json_array_size(v) == REPORT_T3_COLS;
			for (size_t c = 0; ok && c < REPORT_T3_COLS; c++) {
				const char *s = json_string_value(json_array_get(v, c));
				ok = s && !strcmp(s, report_t3_cols[c].key);
			}
			if (!ok)
				return fail(
				    d, "table3.columns 必须依次为 natural_person, commercial, "
				       "research, social_welfare, legal_service, other, total");
		} else if (!strcmp(key, "rows")) {
			if (!json_is_object(v))
				return fail(d, "table3.rows 应为对象，实际为%s", type_name(v));
			const char *rkey;
			const json_t *rv;
			json_object_foreach((json_t *)v, rkey, rv)
			{
				int row = report_t3_row_by_key(rkey);
				if (row < 0) {
					warn_unknown(d, "table3.rows", rkey);
					continue;
				}
				if (!json_is_array(rv) || json_array_size(rv) != REPORT_T3_COLS)
					return fail(
					    d,
					    "table3.rows.%s 应为 7 个单元格的数组（自然人、"
					    "商业企业、科研机构、社会公益组织、法律服务机构、"
					    "其他、总计）",
					    rkey);
				for (int c = 0; c < REPORT_T3_COLS; c++) {
					char where[96];
					report_path_t3(row, c, where, sizeof(where));
					if (read_cell(d, json_array_get(rv, c), REPORT_KIND_COUNT,
						      &d->r->table3[row][c], where))
						return d->rc;
				}
			}
		} else {
			warn_unknown(d, "table3", key);
		}
	}
	return 0;
}

static int read_table4(struct dec *d, const json_t *t4)
{
	if (!json_is_object(t4))
		return fail(d, "table4 应为对象，实际为%s", type_name(t4));
	const char *gkey;
	const json_t *gv;
	json_object_foreach((json_t *)t4, gkey, gv)
	{
		int g = report_t4_group_by_key(gkey);
		if (g < 0) {
			warn_unknown(d, "table4", gkey);
			continue;
		}
		if (!json_is_object(gv))
			return fail(d, "table4.%s 应为对象，实际为%s", gkey, type_name(gv));
		const char *fkey;
		const json_t *fv;
		json_object_foreach((json_t *)gv, fkey, fv)
		{
			int k = report_t4_field_by_key(fkey);
			char where[96];
			if (k < 0) {
				snprintf(where, sizeof(where), "table4.%s", gkey);
				warn_unknown(d, where, fkey);
				continue;
			}
			report_path_t4(g, k, where, sizeof(where));
			if (read_cell(d, fv, REPORT_KIND_COUNT, &d->r->table4[g][k], where))
				return d->rc;
		}
	}
	return 0;
}

/* Returns the string value of o[key] if it is a string or null/absent (then NULL); fails on
 * any other type. */
static int opt_string(struct dec *d, const json_t *o, const char *key, const char *where,
		      const char **out)
{
	const json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return fail(d, "%s%s 应为字符串或 null，实际为%s", where, key, type_name(v));
	*out = json_string_value(v);
	return 0;
}

static int read_legacy(struct dec *d, const json_t *a)
{
	if (!json_is_array(a))
		return fail(d, "legacy 应为数组，实际为%s", type_name(a));
	size_t i;
	const json_t *l;
	json_array_foreach(a, i, l)
	{
		char where[64];
		snprintf(where, sizeof(where), "legacy[%zu].", i);
		if (!json_is_object(l))
			return fail(d, "legacy[%zu] 应为对象，实际为%s", i, type_name(l));
		const char *label, *unit;
		if (opt_string(d, l, "label", where, &label) ||
		    opt_string(d, l, "unit", where, &unit))
			return d->rc;
		if (!label)
			return fail(d, "legacy[%zu] 缺少 label（指标名称）", i);
		struct report_cell c;
		snprintf(where, sizeof(where), "legacy[%zu].value", i);
		const json_t *v = json_object_get(l, "value");
		if (v &&
		    read_cell(d, v,
			      report_unit_is_amount(unit) ? REPORT_KIND_AMOUNT : REPORT_KIND_COUNT,
			      &c, where))
			return d->rc;
		if (!v)
			report_cell_clear(&c);
		const char *k;
		const json_t *kv;
		json_object_foreach((json_t *)l, k, kv)
		{
			if (strcmp(k, "label") && strcmp(k, "unit") && strcmp(k, "value")) {
				snprintf(where, sizeof(where), "legacy[%zu]", i);
				warn_unknown(d, where, k);
			}
		}
		if (report_add_legacy(d->r, label, unit, &c))
			return d->rc = ZF_ENOMEM;
	}
	return 0;
}

static int read_findings(struct dec *d, const json_t *a)
{
	if (!json_is_array(a))
		return fail(d, "findings 应为数组，实际为%s", type_name(a));
	size_t i;
	const json_t *f;
	json_array_foreach(a, i, f)
	{
		char where[64];
		snprintf(where, sizeof(where), "findings[%zu].", i);
		if (!json_is_object(f))
			return fail(d, "findings[%zu] 应为对象，实际为%s", i, type_name(f));
		const char *rule, *sev, *msg;
		if (opt_string(d, f, "rule", where, &rule) ||
		    opt_string(d, f, "severity", where, &sev) ||
		    opt_string(d, f, "message", where, &msg))
			return d->rc;
		enum report_severity s;
		if (!rule || !*rule)
			return fail(d, "findings[%zu] 缺少 rule（规则编号）", i);
		if (report_severity_parse(sev, &s))
			return fail(d, "findings[%zu].severity 应为 error、warning 或 info", i);
		const json_t *cells = json_object_get(f, "cells");
		const char *paths[64];
		size_t n = 0;
		if (cells && !json_is_null(cells)) {
			if (!json_is_array(cells) || json_array_size(cells) > ARRAY_SIZE(paths))
				return fail(d, "findings[%zu].cells 应为不超过 64 项的字符串数组",
					    i);
			for (n = 0; n < json_array_size(cells); n++) {
				paths[n] = json_string_value(json_array_get(cells, n));
				if (!paths[n])
					return fail(d, "findings[%zu].cells 只能包含字符串", i);
			}
		}
		if (report_add_finding(d->r, rule, s, paths, n, "%s", msg ? msg : ""))
			return d->rc = ZF_ENOMEM;
	}
	return 0;
}

/* A whole number in [0, UINT32_MAX] from v (an integer, or a real times scale); false when v
 * is not one. */
static bool place_num(const json_t *v, double scale, uint32_t *out)
{
	double x;
	if (json_is_integer(v))
		x = (double)json_integer_value(v) * scale;
	else if (json_is_real(v))
		x = json_real_value(v) * scale;
	else
		return false;
	if (!(x >= 0 && x <= (double)UINT32_MAX))
		return false;
	*out = (uint32_t)(x + 0.5);
	return true;
}

/* The optional third element of a position: {"page", "x", "y"} (PDF, points) or
 * {"table"|"sheet", "row", "cell"} (Word, Excel). Anything else leaves a text position. */
static void place_read(const json_t *o, struct report_pos *p)
{
	uint32_t page, x, y;
	if (!json_is_object(o))
		return;
	if (place_num(json_object_get(o, "page"), 1, &page) &&
	    place_num(json_object_get(o, "x"), 10, &x) &&
	    place_num(json_object_get(o, "y"), 10, &y) && page) {
		*p = (struct report_pos){.line = p->line,
					 .col = p->col,
					 .src = REPORT_SRC_PDF,
					 .page = page,
					 .x = x,
					 .y = y};
		return;
	}
	const json_t *t = json_object_get(o, "table");
	if (!t)
		t = json_object_get(o, "sheet");
	if (place_num(t, 1, &page) && place_num(json_object_get(o, "row"), 1, &x) &&
	    place_num(json_object_get(o, "cell"), 1, &y) && page)
		*p = (struct report_pos){.line = p->line,
					 .col = p->col,
					 .src = REPORT_SRC_TABLE,
					 .page = page,
					 .x = x,
					 .y = y};
}

static int read_source(struct dec *d, const json_t *s)
{
	if (!json_is_object(s))
		return fail(d, "source 应为对象，实际为%s", type_name(s));
	const char *file, *sha, *layout;
	if (opt_string(d, s, "file", "source.", &file) ||
	    opt_string(d, s, "sha256", "source.", &sha) ||
	    opt_string(d, s, "layout", "source.", &layout))
		return d->rc;
	if (report_set_source(d->r, file, sha, layout))
		return d->rc = ZF_ENOMEM;
	const json_t *cells = json_object_get(s, "cells");
	if (!cells || json_is_null(cells))
		return 0;
	if (!json_is_object(cells))
		return fail(d, "source.cells 应为对象，实际为%s", type_name(cells));
	const char *path;
	const json_t *pv;
	json_object_foreach((json_t *)cells, path, pv)
	{
		struct report_cell *c = report_cell_by_path(d->r, path);
		if (!strncmp(path, "legacy.", 7)) {
			char *end;
			unsigned long i = strtoul(path + 7, &end, 10);
			c = (*end || i >= d->r->nlegacy) ? NULL : &d->r->legacy[i].value;
		}
		json_int_t line = json_integer_value(json_array_get(pv, 0));
		json_int_t col = json_integer_value(json_array_get(pv, 1));
		if (!c || !json_is_array(pv) || line <= 0 || line > UINT32_MAX || col < 0 ||
		    col > UINT32_MAX) {
			warn_unknown(d, "source.cells", path);
			continue;
		}
		c->pos = (struct report_pos){.line = (uint32_t)line, .col = (uint32_t)col};
		place_read(json_array_get(pv, 2), &c->pos);
	}
	return 0;
}

static const char *const top_keys[] = {
    "schema", "format", "year",	  "agency",   "source",	 "table2",
    "table3", "table4", "legacy", "findings", "members", "expected_findings",
};

static int decode(struct dec *d, const json_t *root)
{
	if (!json_is_object(root))
		return fail(d, "报告 JSON 的最外层应为对象，实际为%s", type_name(root));
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)root, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
			known |= !strcmp(key, top_keys[i]);
		if (!known)
			warn_unknown(d, "", key);
	}

	const json_t *schema = json_object_get(root, "schema");
	if (!schema && d->warn)
		buf_printf(d->warn, "缺少 schema，按 %s 读取\n", REPORT_JSON_SCHEMA);
	if (schema &&
	    (!json_is_string(schema) || strcmp(json_string_value(schema), REPORT_JSON_SCHEMA) != 0))
		return fail(d, "schema 应为 \"%s\"", REPORT_JSON_SCHEMA);

	const json_t *fv = json_object_get(root, "format");
	const struct report_format *f = report_format_by_key(json_string_value(fv));
	if (!f)
		return fail(d, "format 应为 \"2021\"、\"2019\" 或 \"legacy\"（年度报告格式）");
	d->r->format = f->id;

	const json_t *yv = json_object_get(root, "year");
	if (yv && !json_is_null(yv)) {
		if (!json_is_integer(yv) || json_integer_value(yv) < 1990 ||
		    json_integer_value(yv) > 2199)
			return fail(d, "year 应为 1990 至 2199 之间的整数（报告所属年度）");
		d->r->year = (int)json_integer_value(yv);
	}

	const char *agency;
	if (opt_string(d, root, "agency", "", &agency))
		return d->rc;
	if (agency && report_set_agency(d->r, agency, strlen(agency)))
		return d->rc = ZF_ENOMEM;

	if (f->id == REPORT_FORMAT_LEGACY) {
		v = json_object_get(root, "legacy");
		if (!v)
			return fail(d, "format 为 legacy 的报告缺少 legacy（统计表各行）");
		if (read_legacy(d, v))
			return d->rc;
		for (size_t i = 0; i < 3; i++) {
			static const char *const tabs[] = {"table2", "table3", "table4"};
			if (json_object_get(root, tabs[i]) && d->warn)
				buf_printf(d->warn, "legacy 格式的报告没有 %s，已忽略\n", tabs[i]);
		}
	} else {
		if (!(v = json_object_get(root, "table3")))
			return fail(d, "缺少 table3（收到和处理政府信息公开申请情况）");
		if (read_table3(d, v))
			return d->rc;
		if ((v = json_object_get(root, "table2")) && !json_is_null(v) &&
		    read_table2(d, v, f))
			return d->rc;
		if ((v = json_object_get(root, "table4")) && !json_is_null(v) && read_table4(d, v))
			return d->rc;
		if (json_object_get(root, "legacy") && d->warn)
			buf_printf(d->warn, "%s 格式的报告没有 legacy，已忽略\n", f->key);
	}

	if ((v = json_object_get(root, "source")) && !json_is_null(v) && read_source(d, v))
		return d->rc;
	if ((v = json_object_get(root, "members")) && !json_is_null(v)) {
		if (!json_is_array(v))
			return fail(d, "members 应为字符串数组");
		for (size_t i = 0; i < json_array_size(v); i++) {
			const char *m = json_string_value(json_array_get(v, i));
			if (!m)
				return fail(d, "members 应为字符串数组");
			if (report_add_member(d->r, m))
				return d->rc = ZF_ENOMEM;
		}
	}
	if ((v = json_object_get(root, "findings")) && !json_is_null(v) && read_findings(d, v))
		return d->rc;
	return 0;
}

/* Explains a jansson load error in Chinese, with the place. */
static void load_error(struct buf *err, const json_error_t *je)
{
	switch (json_error_code(je)) {
	case json_error_out_of_memory: buf_adds(err, "内存不足"); return;
	case json_error_stack_overflow: buf_adds(err, "JSON 嵌套层数过多"); return;
	case json_error_premature_end_of_input: buf_adds(err, "JSON 不完整或为空"); return;
	default: break;
	}
	const char *what;
	switch (json_error_code(je)) {
	case json_error_invalid_utf8: what = "文本不是合法的 UTF-8 编码"; break;
	case json_error_duplicate_key: what = "同一对象中有重复的键"; break;
	case json_error_null_character:
	case json_error_null_byte_in_key: what = "字符串中不能有 NUL 字符"; break;
	case json_error_numeric_overflow: what = "数值超出范围"; break;
	case json_error_end_of_input_expected: what = "JSON 结束后还有多余内容"; break;
	default: what = "语法错误，无法解析"; break;
	}
	buf_printf(err, "JSON 第 %d 行第 %d 列附近：%s", je->line, je->column, what);
}

int report_json_read(const char *text, size_t len, struct report **out, struct buf *err,
		     struct buf *warn)
{
	*out = NULL;
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		if (err)
			load_error(err, &je);
		return ZF_EPARSE;
	}
	struct dec d = {report_new(), err, warn, 0};
	if (!d.r) {
		json_decref(root);
		return ZF_ENOMEM;
	}
	decode(&d, root);
	json_decref(root);
	if (d.rc) {
		report_free(d.r);
		return d.rc;
	}
	*out = d.r;
	return 0;
}
