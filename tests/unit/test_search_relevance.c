/* test_search_relevance.c: the catalogue search against judged answers. Builds a store of
 * the small fixed corpus of tests/golden/search-relevance/corpus.tsv, runs each query of
 * judged.tsv there and checks what a reader should get: 名称 hits above 正文 hits, an exact
 * 文号 (also written [2025], (2025)) first, the newer of two equal matches first, the
 * fallbacks (all words apart, then any word, more words held ranking higher). Prints
 * "N judged queries, M as judged". Runs on both engines (store_test.h); also run by
 * tests/golden/search-relevance/run. */
#include "common.h"
#include "arena.h"
#include "demo/requests.h"
#include "store/docs.h"
#include "store_test.h"
#include "tap.h"

#define MAX_DOCS 100

static struct {
	char key[16];
	long long id;
} docs[MAX_DOCS];
static size_t ndocs;

static char *dir_file(const char *name)
{
	const char *root = getenv("ZF_ROOT");
	return xasprintf("%s/tests/golden/search-relevance/%s", root && *root ? root : ".", name);
}

/* The lines of a file that are neither empty nor comments, split at tabs (in place). */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	for (char *p = line; n < max;) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static void load_corpus(struct store *st)
{
	char *path = dir_file("corpus.tsv");
	struct buf b = BUF_INIT, err = BUF_INIT;
	if (buf_read_file(&b, path, 1 << 20))
		BUG("read %s", path);
	for (long long agency = 1; agency <= 3; agency++)
		if (store_doc_settings_set(st, "admin", agency, "000014349", NULL, &err))
			BUG("settings: %s", buf_cstr(&err));
	char *save = NULL;
	for (char *line = strtok_r(b.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || !*line)
			continue;
		char *f[7];
		if (fields(line, f, 7) != 7 || ndocs == MAX_DOCS)
			BUG("corpus.tsv: bad line %s", line);
		zf_day published = 0;
		if (date_parse(str_c(f[2]), &published))
			BUG("corpus.tsv: bad date %s", f[2]);
		struct doc_fields d = {0};
		d.agency_id = atoll(f[1]);
		d.doc_no = f[3];
		d.title = f[4];
		d.summary = f[5];
		d.body = f[6];
		d.topic = "04.02";
		d.genre = "通知";
		d.written_on = published - 3;
		snprintf(docs[ndocs].key, sizeof(docs[ndocs].key), "%s", f[0]);
		if (store_doc_insert_published(st, &d, published, NULL, DOC_VALID, 0,
					       &docs[ndocs].id, &err))
			BUG("corpus.tsv: %s: %s", f[0], buf_cstr(&err));
		ndocs++;
	}
	buf_free(&b);
	buf_free(&err);
	free(path);
}

static long long id_of(const char *key)
{
	for (size_t i = 0; i < ndocs; i++)
		if (!strcmp(docs[i].key, key))
			return docs[i].id;
	BUG("judged.tsv: no document %s", key);
}

static const char *key_of(long long id)
{
	for (size_t i = 0; i < ndocs; i++)
		if (docs[i].id == id)
			return docs[i].key;
	return "?";
}

/* Rank of id among the hits (0 first), -1 when absent. */
static long rank_of(const struct doc_hits *h, long long id)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->hits[i].doc.id == id)
			return (long)i;
	return -1;
}

static const char *const hows[] = {"fulltext", "doc_no", "index_no", "all_words", "any_word"};

/* Runs one judged query; true when every check holds (why says what did not). */
static bool judge(struct store *st, const char *query, char *checks, struct buf *why)
{
	struct arena *a = arena_new(0);
	struct doc_search s = {.q = query, .filter = doc_filter_any()};
	s.filter.state = DOC_PUBLISHED;
	s.filter.limit = MAX_DOCS;
	/* the scope first: it changes the search */
	if (strstr(checks, "scope=title"))
		s.title_only = true;
	struct doc_hits h;
	int rc = store_doc_search(st, a, &s, &h);
	bool ok = rc == 0;
	if (rc)
		buf_printf(why, " search failed (%d)", rc);
	char *save = NULL;
	for (char *c = strtok_r(checks, " ", &save); !rc && c; c = strtok_r(NULL, " ", &save)) {
		bool good = true;
		if (!strncmp(c, "how=", 4)) {
			good = !strcmp(hows[h.how], c + 4);
		} else if (!strncmp(c, "first=", 6)) {
			good = h.n && h.hits[0].doc.id == id_of(c + 6);
		} else if (!strncmp(c, "before=", 7)) {
			char *lt = strchr(c + 7, '<');
			if (!lt)
				BUG("judged.tsv: %s", c);
			*lt = '\0';
			long x = rank_of(&h, id_of(c + 7)), y = rank_of(&h, id_of(lt + 1));
			*lt = '<';
			good = x >= 0 && y >= 0 && x < y;
		} else if (!strncmp(c, "has=", 4)) {
			good = rank_of(&h, id_of(c + 4)) >= 0;
		} else if (!strncmp(c, "not=", 4)) {
			good = rank_of(&h, id_of(c + 4)) < 0;
		} else if (!strncmp(c, "total=", 6)) {
			good = h.total == atoll(c + 6);
		} else if (strcmp(c, "scope=title")) {
			BUG("judged.tsv: unknown check %s", c);
		}
		if (!good)
			buf_printf(why, " %s", c);
		ok &= good;
	}
	if (!ok) {
		buf_printf(why, " (got %s, %lld:", rc ? "-" : hows[h.how], rc ? 0 : h.total);
		for (size_t i = 0; !rc && i < h.n; i++)
			buf_printf(why, " %s", key_of(h.hits[i].doc.id));
		buf_addch(why, ')');
	}
	arena_free(a);
	return ok;
}

int main(void)
{
	printf("# engine: %s\n", store_test_engine());
	struct store *st = store_test_fresh("relevance");
	bool seeded;
	if (!st || demo_seed_agencies(st, &seeded))
		BUG("open");
	load_corpus(st);
	char *path = dir_file("judged.tsv");
	struct buf b = BUF_INIT;
	if (buf_read_file(&b, path, 1 << 20))
		BUG("read %s", path);
	size_t n = 0, good = 0;
	char *save = NULL;
	for (char *line = strtok_r(b.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || !*line)
			continue;
		char *f[2];
		if (fields(line, f, 2) != 2)
			BUG("judged.tsv: bad line %s", line);
		char *checks = xstrdup(f[1]);
		struct buf why = BUF_INIT;
		n++;
		bool ok = judge(st, f[0], checks, &why);
		good += ok;
		tap_ok(ok, "%s: %s%s%s", f[0], f[1], ok ? "" : " — failed:", buf_cstr(&why));
		buf_free(&why);
		free(checks);
	}
	printf("# %zu judged queries, %zu as judged (%s)\n", n, good, store_test_engine());
	tap_ok(n >= 30 && good == n, "%zu judged queries, %zu as judged", n, good);
	buf_free(&b);
	free(path);
	store_close(st);
	return tap_done();
}
