/* scan_bench.c: the helper of bench/scan.sh (built by it against libzf.a).
 *   scan_bench text OUT MB FILE...   writes MB megabytes of real-looking government text:
 *                                    the sentences of the FILEs (seeds, corpus), shuffled
 *                                    and repeated, a line a paragraph
 *   scan_bench rules TEXT N TSV PAT [PERMILLE]
 *                                    writes a rule set of N rules (the default set plus
 *                                    phrases: PERMILLE of them, default 200, taken from
 *                                    TEXT so that they occur, the rest random characters
 *                                    of TEXT) as TSV, and its patterns one a line for
 *                                    grep -F and vectorscan
 *   scan_bench ours TSV TEXT         compiles the set (time, memory) and scans TEXT in
 *                                    documents of 20 KB: MB/s on one core, hits
 *   scan_bench hs PAT TEXT           the same with vectorscan: the patterns as literals,
 *                                    block mode, no start of match: MB/s, matches
 *   scan_bench draft TEXT            the draft gate: the default set compiled once, then
 *                                    one 20 KB document checked 200 times: median, worst
 * Prints plain lines for the script to show. */
#include "common.h"
#include "embedded.h"
#include "text/scan.h"
#include "utf8.h"

#include <hs/hs.h>
#include <time.h>

#define DOC_BYTES 20000

/* CPU time of this process: the figures are per core, whatever else the machine runs */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot read %s", path);
	struct buf b = BUF_INIT;
	char tmp[1 << 16];
	size_t k;
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		if (buf_add(&b, tmp, k) < 0)
			die("out of memory");
	fclose(f);
	return buf_detach(&b, n);
}

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static size_t rnd(size_t n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (size_t)(rng % n);
}

struct sentences {
	struct str *v;
	size_t n, alloc;
};

/* Cuts text after 。！？； and at line ends; keeps pieces of 6 bytes or more. */
static void cut(struct sentences *s, const char *t, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode(t + i, n - i, &cp);
		if (!len)
			len = 1;
		i += len;
		bool end =
		    cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == '\n';
		if (end || i == n) {
			size_t e = cp == '\n' ? i - 1 : i;
			if (e > start + 6) {
				if (s->n == s->alloc) {
					s->alloc = s->alloc ? s->alloc * 2 : 1024;
					s->v = realloc(s->v, s->alloc * sizeof(*s->v));
					if (!s->v)
						die("out of memory");
				}
				s->v[s->n++] = (struct str){t + start, e - start};
			}
			start = i;
		}
	}
}

static int make_text(const char *out, long mb, char **files, int nf)
{
	struct sentences s = {0};
	for (int i = 0; i < nf; i++) {
		size_t n;
		char *t = slurp(files[i], &n);
		cut(&s, t, n); /* t stays allocated: the sentences point into it */
	}
	if (!s.n)
		die("no sentences");
	FILE *f = fopen(out, "wb");
	if (!f)
		die("cannot write %s", out);
	size_t want = (size_t)mb << 20, done = 0;
	while (done < want) {
		size_t k = 2 + rnd(8); /* a paragraph of 2..9 sentences */
		for (size_t j = 0; j < k; j++) {
			struct str x = s.v[rnd(s.n)];
			fwrite(x.p, 1, x.len, f);
			done += x.len;
		}
		fputc('\n', f);
		done++;
	}
	fclose(f);
	printf("text: %zu sentences, %zu bytes\n", s.n, done);
	return 0;
}

/* Common characters for random phrases: the Han characters of the text itself. */
static int make_rules(const char *textpath, long want, const char *tsv, const char *pat,
		      long permille)
{
	size_t n;
	char *t = slurp(textpath, &n);
	if (n > (32u << 20))
		n = 32u << 20;
	FILE *ft = fopen(tsv, "wb"), *fp = fopen(pat, "wb");
	if (!ft || !fp)
		die("cannot write the rule files");
	size_t dn;
	const char *def = (const char *)embedded_find("site-rules.tsv", &dn);
	struct scan_rules *r = NULL;
	struct buf err = BUF_INIT;
	if (!def || scan_rules_parse(def, dn, &r, &err) < 0)
		die("default set: %s", buf_cstr(&err));
	fprintf(ft, "!version\tbench\n!name\t基准测试规则集\n");
	long k = 0;
	for (size_t i = 0; i < scan_rules_count(r) && k < want; i++) {
		const struct scan_rule *x = scan_rules_get(r, i);
		fprintf(ft, "%s\t%s\t%s\t%s\t\t\t\n", x->id, scan_sev_key(x->sev), x->pattern,
			x->fix);
		if (!x->allow)
			fprintf(fp, "%s\n", x->pattern), k++;
	}
	/* the Han characters of the text, for random phrases */
	uint32_t *han = malloc(n * sizeof(*han));
	size_t nh = 0;
	for (size_t i = 0; i < n && nh < 200000;) {
		uint32_t cp;
		size_t len = utf8_decode(t + i, n - i, &cp);
		i += len ? len : 1;
		if (cp >= 0x4E00 && cp <= 0x9FFF)
			han[nh++] = cp;
	}
	for (long j = 0; k < want; j++, k++) {
		char p[64];
		size_t pl = 0;
		if ((long)rnd(1000) < permille) { /* a phrase of the text: it occurs */
			size_t len = 4 + rnd(5), at = rnd(nh - len);
			for (size_t c = 0; c < len; c++)
				pl += utf8_encode(han[at + c], p + pl);
		} else {
			size_t len = 3 + rnd(4);
			for (size_t c = 0; c < len; c++)
				pl += utf8_encode(han[rnd(nh)], p + pl);
		}
		p[pl] = '\0';
		fprintf(ft, "spam.bench-%ld\tveto\t%s\n", j, p);
		fprintf(fp, "%s\n", p);
	}
	fclose(ft);
	fclose(fp);
	printf("rules: %ld patterns\n", k);
	scan_rules_free(r);
	buf_free(&err);
	return 0;
}

/* Document boundaries: about DOC_BYTES, at a line end. */
static size_t doc_end(const char *t, size_t n, size_t at)
{
	size_t e = at + DOC_BYTES < n ? at + DOC_BYTES : n;
	while (e < n && t[e - 1] != '\n')
		e++;
	return e;
}

static int bench_ours(const char *tsv, const char *textpath)
{
	size_t rn, n;
	char *rt = slurp(tsv, &rn);
	char *t = slurp(textpath, &n);
	long rss0 = rss_kb();
	double t0 = now();
	struct scan_rules *r = NULL;
	struct buf err = BUF_INIT;
	if (scan_rules_parse(rt, rn, &r, &err) < 0)
		die("rules: %s", buf_cstr(&err));
	double t1 = now();
	long rss1 = rss_kb();
	printf("ours: %zu rules compiled in %.1f ms; %.1f MB of tables; RSS +%.1f MB\n",
	       scan_rules_count(r), (t1 - t0) * 1e3, scan_rules_memory(r) / 1048576.0,
	       (rss1 - rss0) / 1024.0);
	struct scan_hits h = {0};
	size_t hits = 0;
	double t2 = now();
	for (size_t at = 0; at < n;) {
		size_t e = doc_end(t, n, at);
		h.n = 0;
		if (scan_text(r, t + at, e - at, 0, &h) < 0)
			die("out of memory");
		hits += h.n;
		at = e;
	}
	double t3 = now();
	printf("ours: %.1f MB in %.2f s = %.1f MB/s (one core), %zu hits\n", n / 1048576.0, t3 - t2,
	       n / 1048576.0 / (t3 - t2), hits);
	scan_hits_free(&h);
	scan_rules_free(r);
	buf_free(&err);
	return 0;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
		    void *ctx)
{
	(void)id, (void)from, (void)to, (void)fl;
	++*(size_t *)ctx;
	return 0;
}

static int bench_hs(const char *patpath, const char *textpath)
{
	size_t pn, n;
	char *pt = slurp(patpath, &pn);
	char *t = slurp(textpath, &n);
	size_t np = 0;
	for (size_t i = 0; i < pn; i++)
		np += pt[i] == '\n';
	const char **pats = calloc(np, sizeof(*pats));
	size_t *lens = calloc(np, sizeof(*lens));
	unsigned *ids = calloc(np, sizeof(*ids)), *flags = calloc(np, sizeof(*flags));
	size_t k = 0;
	for (char *p = pt; k < np && *p; k++) {
		char *nl = strchr(p, '\n');
		pats[k] = p, lens[k] = (size_t)(nl - p), ids[k] = (unsigned)k;
		*nl = '\0';
		p = nl + 1;
	}
	long rss0 = rss_kb();
	double t0 = now();
	hs_database_t *db;
	hs_compile_error_t *ce;
	hs_scratch_t *sc = NULL;
	if (hs_compile_lit_multi(pats, flags, ids, lens, (unsigned)k, HS_MODE_BLOCK, NULL, &db,
				 &ce) != HS_SUCCESS)
		die("vectorscan: %s", ce->message);
	if (hs_alloc_scratch(db, &sc) != HS_SUCCESS)
		die("vectorscan scratch");
	double t1 = now();
	size_t dbs = 0;
	hs_database_size(db, &dbs);
	printf("vectorscan: %zu literals compiled in %.1f ms; database %.1f MB; RSS +%.1f MB\n", k,
	       (t1 - t0) * 1e3, dbs / 1048576.0, (rss_kb() - rss0) / 1024.0);
	size_t matches = 0;
	double t2 = now();
	for (size_t at = 0; at < n;) {
		size_t e = doc_end(t, n, at);
		hs_scan(db, t + at, (unsigned)(e - at), 0, sc, on_match, &matches);
		at = e;
	}
	double t3 = now();
	printf("vectorscan: %.1f MB in %.2f s = %.1f MB/s (one core), %zu matches\n", n / 1048576.0,
	       t3 - t2, n / 1048576.0 / (t3 - t2), matches);
	hs_free_scratch(sc);
	hs_free_database(db);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int bench_draft(const char *textpath)
{
	size_t n;
	char *t = slurp(textpath, &n);
	long rss0 = rss_kb();
	double t0 = now();
	struct scan_rules *r = NULL;
	struct buf err = BUF_INIT;
	if (scan_rules_default(&r, &err) < 0)
		die("default set: %s", buf_cstr(&err));
	double t1 = now();
	printf("default set: %zu rules (version %s) compiled in %.1f ms; %.1f MB of tables; RSS "
	       "+%.1f MB\n",
	       scan_rules_count(r), scan_rules_version(r), (t1 - t0) * 1e3,
	       scan_rules_memory(r) / 1048576.0, (rss_kb() - rss0) / 1024.0);
	size_t e = doc_end(t, n, 0);
	double v[200];
	struct scan_hits h = {0};
	for (int i = 0; i < 200; i++) {
		h.n = 0;
		double a = now();
		scan_text(r, t, e, 0, &h);
		v[i] = now() - a;
	}
	qsort(v, 200, sizeof(v[0]), cmp_double);
	printf("draft gate: a %zu-byte document checked in %.3f ms (median of 200), worst %.3f ms, "
	       "%zu hits; compile once + check = %.1f ms (limit 50 ms)\n",
	       e, v[100] * 1e3, v[199] * 1e3, h.n, (t1 - t0 + v[100]) * 1e3);
	scan_hits_free(&h);
	scan_rules_free(r);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "text"))
		return make_text(argv[2], atol(argv[3]), argv + 4, argc - 4);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "rules"))
		return make_rules(argv[2], atol(argv[3]), argv[4], argv[5],
				  argc == 7 ? atol(argv[6]) : 200);
	if (argc == 4 && !strcmp(argv[1], "ours"))
		return bench_ours(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "hs"))
		return bench_hs(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "draft"))
		return bench_draft(argv[2]);
	fprintf(stderr, "usage: see bench/scan_bench.c\n");
	return 2;
}
