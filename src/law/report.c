/* report.c: the annual-report model: construction, ownership, findings. */
#include "common.h"
#include "buf.h"
#include "law/report.h"

struct report *report_new(void)
{
	return calloc(1, sizeof(struct report));
}

static void finding_free(struct report_finding *f)
{
	free(f->rule);
	free(f->message);
	for (size_t i = 0; i < f->ncells; i++)
		free(f->cells[i]);
	free(f->cells);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	free(r->agency);
	free(r->source.file);
	free(r->source.layout);
	for (size_t i = 0; i < r->nlegacy; i++) {
		free(r->legacy[i].label);
		free(r->legacy[i].unit);
	}
	free(r->legacy);
	report_clear_findings(r);
	free(r->findings);
	for (size_t i = 0; i < r->nmembers; i++)
		free(r->members[i]);
	free(r->members);
	free(r);
}

void report_cell_set(struct report_cell *c, int64_t v, const struct report_pos *pos)
{
	c->v = v;
	c->present = true;
	if (pos)
		c->pos = *pos;
	else
		c->pos = (struct report_pos){0};
}

void report_cell_clear(struct report_cell *c)
{
	*c = (struct report_cell){0};
}

char *report_path_t2(enum report_t2_item item, enum report_t2_field field, char *out, size_t n)
{
	snprintf(out, n, "table2.%s.%s", report_t2_items[item].key, report_t2_fields[field].key);
	return out;
}

char *report_path_t3(enum report_t3_row row, enum report_t3_col col, char *out, size_t n)
{
	snprintf(out, n, "table3.%s.%s", report_t3_row_key(row), report_t3_cols[col].key);
	return out;
}

char *report_path_t4(enum report_t4_group group, enum report_t4_field field, char *out, size_t n)
{
	snprintf(out, n, "table4.%s.%s", report_t4_groups[group].key, report_t4_field_keys[field]);
	return out;
}

struct report_cell *report_cell_by_path(struct report *r, const char *path)
{
	char part[3][64];
	size_t np = 0, len = 0;
	for (const char *p = path;; p++) {
		if (*p == '.' || *p == '\0') {
			if (np >= 3 || len == 0)
				return NULL;
			part[np++][len] = '\0';
			len = 0;
			if (!*p)
				break;
			continue;
		}
		if (np >= 3 || len + 1 >= sizeof(part[0]))
			return NULL;
		part[np][len++] = *p;
	}
	if (np != 3)
		return NULL;
	int a, b;
	if (!strcmp(part[0], "table2")) {
		a = report_t2_item_by_key(part[1]);
		b = report_t2_field_by_key(part[2]);
		return a < 0 || b < 0 ? NULL : &r->table2[a][b];
	}
	if (!strcmp(part[0], "table3")) {
		a = report_t3_row_by_key(part[1]);
		b = report_t3_col_by_key(part[2]);
		return a < 0 || b < 0 ? NULL : &r->table3[a][b];
	}
	if (!strcmp(part[0], "table4")) {
		a = report_t4_group_by_key(part[1]);
		b = report_t4_field_by_key(part[2]);
		return a < 0 || b < 0 ? NULL : &r->table4[a][b];
	}
	return NULL;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *dup_c(const char *s)
{
	return s ? dup_n(s, strlen(s)) : NULL;
}

/* Grows *arr (element size sz) so that it holds at least n + 1 elements. */
static int grow(void **arr, size_t *alloc, size_t n, size_t sz)
{
	if (n < *alloc)
		return 0;
	size_t na = *alloc ? *alloc * 2 : 8;
	void *p = realloc(*arr, na * sz);
	if (!p)
		return ZF_ENOMEM;
	*arr = p;
	*alloc = na;
	return 0;
}

int report_set_agency(struct report *r, const char *s, size_t len)
{
	free(r->agency);
	r->agency = NULL;
	if (!s)
		return 0;
	r->agency = dup_n(s, len);
	return r->agency ? 0 : ZF_ENOMEM;
}

int report_set_source(struct report *r, const char *file, const char *sha256, const char *layout)
{
	free(r->source.file);
	free(r->source.layout);
	r->source.file = dup_c(file);
	r->source.layout = dup_c(layout);
	r->source.sha256[0] = '\0';
	if (sha256)
		snprintf(r->source.sha256, sizeof(r->source.sha256), "%s", sha256);
	r->has_source = true;
	if ((file && !r->source.file) || (layout && !r->source.layout))
		return ZF_ENOMEM;
	return 0;
}

int report_add_legacy(struct report *r, const char *label, const char *unit,
		      const struct report_cell *value)
{
	void *arr = r->legacy;
	if (grow(&arr, &r->legacy_alloc, r->nlegacy, sizeof(*r->legacy)))
		return ZF_ENOMEM;
	r->legacy = arr;
	struct report_legacy_line *l = &r->legacy[r->nlegacy];
	*l = (struct report_legacy_line){0};
	l->label = dup_c(label ? label : "");
	l->unit = dup_c(unit);
	if (value)
		l->value = *value;
	if (!l->label || (unit && !l->unit)) {
		free(l->label);
		free(l->unit);
		return ZF_ENOMEM;
	}
	r->nlegacy++;
	return 0;
}

int report_add_finding(struct report *r, const char *rule, enum report_severity sev,
		       const char *const *cells, size_t ncells, const char *fmt, ...)
{
	void *arr = r->findings;
	if (grow(&arr, &r->findings_alloc, r->nfindings, sizeof(*r->findings)))
		return ZF_ENOMEM;
	r->findings = arr;

	struct report_finding f = {0};
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (msg.failed)
		goto oom;
	f.message = buf_detach(&msg, NULL);
	f.rule = dup_c(rule);
	f.severity = sev;
	if (!f.message || !f.rule)
		goto oom;
	if (ncells) {
		f.cells = calloc(ncells, sizeof(char *));
		if (!f.cells)
			goto oom;
		for (size_t i = 0; i < ncells; i++) {
			f.cells[i] = dup_c(cells[i] ? cells[i] : "");
			if (!f.cells[i])
				goto oom;
			f.ncells++;
		}
	}
	r->findings[r->nfindings++] = f;
	return 0;
oom:
	buf_free(&msg);
	finding_free(&f);
	return ZF_ENOMEM;
}

void report_clear_findings(struct report *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	r->nfindings = 0;
}

void report_drop_findings(struct report *r, bool (*drop)(const char *rule))
{
	size_t keep = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		if (drop(r->findings[i].rule))
			finding_free(&r->findings[i]);
		else
			r->findings[keep++] = r->findings[i];
	}
	r->nfindings = keep;
}

int report_add_member(struct report *r, const char *name)
{
	void *arr = r->members;
	if (grow(&arr, &r->members_alloc, r->nmembers, sizeof(*r->members)))
		return ZF_ENOMEM;
	r->members = arr;
	char *s = dup_c(name ? name : "");
	if (!s)
		return ZF_ENOMEM;
	r->members[r->nmembers++] = s;
	return 0;
}

size_t report_count_findings(const struct report *r, enum report_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		n += r->findings[i].severity == sev;
	return n;
}

const char *report_severity_key(enum report_severity sev)
{
	switch (sev) {
	case REPORT_SEV_INFO: return "info";
	case REPORT_SEV_WARNING: return "warning";
	case REPORT_SEV_ERROR: return "error";
	}
	BUG("severity %d", (int)sev);
}

const char *report_severity_label(enum report_severity sev)
{
	switch (sev) {
	case REPORT_SEV_INFO: return "提示";
	case REPORT_SEV_WARNING: return "警告";
	case REPORT_SEV_ERROR: return "错误";
	}
	BUG("severity %d", (int)sev);
}

int report_severity_parse(const char *s, enum report_severity *out)
{
	static const enum report_severity all[] = {REPORT_SEV_INFO, REPORT_SEV_WARNING,
						   REPORT_SEV_ERROR};
	for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
		if (s && !strcmp(s, report_severity_key(all[i]))) {
			*out = all[i];
			return 0;
		}
	}
	return ZF_EINVAL;
}

bool report_unit_is_amount(const char *unit)
{
	return unit && !strcmp(unit, "万元");
}

char *report_amount_str(int64_t v, char out[32])
{
	bool neg = v < 0;
	/* INT64_MIN cannot be negated; it is far outside any real amount anyway */
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = u / (uint64_t)REPORT_AMOUNT_SCALE;
	uint64_t fp = u % (uint64_t)REPORT_AMOUNT_SCALE;
	if (!fp) {
		snprintf(out, 32, "%s%llu", neg ? "-" : "", (unsigned long long)ip);
		return out;
	}
	char frac[8];
	snprintf(frac, sizeof(frac), "%06llu", (unsigned long long)fp);
	size_t n = strlen(frac);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	snprintf(out, 32, "%s%llu.%s", neg ? "-" : "", (unsigned long long)ip, frac);
	return out;
}
