/* docs_fts.c: the FTS5 glue of the catalogue search: the tokenizer "zf_cjk" (a thin
 * adapter over text/cjk_tokenize.c) and the auxiliary function zf_title_hits, registered
 * on every SQLite connection of the process. */
#include "common.h"
#include "store/docs.h"
#include "text/cjk_tokenize.h"
#include "log.h"

#include <sqlite3.h>

/* One tokenizer instance serves every table: it holds no state. */
static int tokenizer_instance;

static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	ZF_UNUSED(ctx);
	ZF_UNUSED(argv);
	if (argc > 0)
		return SQLITE_ERROR; /* zf_cjk takes no options */
	*out = (Fts5Tokenizer *)&tokenizer_instance;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	ZF_UNUSED(t);
}

struct tok_ctx {
	void *fts;
	int (*token)(void *, int, const char *, int, int, int);
};

static int tok_emit(void *ctx, const char *tok, size_t len, size_t start, size_t end,
		    bool colocated)
{
	struct tok_ctx *c = ctx;
	return c->token(c->fts, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, (int)len, (int)start,
			(int)end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *fts, int flags, const char *text, int n,
			int (*token)(void *, int, const char *, int, int, int))
{
	ZF_UNUSED(t);
	struct tok_ctx c = {fts, token};
	if (n <= 0)
		return SQLITE_OK;
	enum cjk_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? CJK_QUERY : CJK_DOCUMENT;
	return cjk_tokenize(text, (size_t)n, mode, tok_emit, &c);
}

/* zf_title_hits(docs_fts): how many of the query's phrases occur in column 0 (名称). */
static void title_hits(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		       int nval, sqlite3_value **vals)
{
	ZF_UNUSED(nval);
	ZF_UNUSED(vals);
	int n = 0, rc = api->xInstCount(fts, &n);
	uint64_t seen = 0;
	for (int i = 0; rc == SQLITE_OK && i < n; i++) {
		int phrase, col, off;
		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && col == 0)
			seen |= 1ull << (phrase & 63);
	}
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	sqlite3_result_int(ctx, __builtin_popcountll(seen));
}

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(stmt);
	}
	sqlite3_finalize(stmt);
	return api && api->iVersion >= 2 ? api : NULL;
}

int docs_sqlite_register(struct sqlite3 *db)
{
	fts5_api *api = fts5_of(db);
	if (!api) {
		log_error("sqlite has no fts5: the catalogue search cannot work");
		return ZF_EDB;
	}
	void *ud = NULL;
	fts5_tokenizer found;
	if (api->xFindTokenizer(api, "zf_cjk", &ud, &found) == SQLITE_OK)
		return 0;
	fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	if (api->xCreateTokenizer(api, "zf_cjk", NULL, &tok, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "zf_title_hits", NULL, title_hits, NULL) != SQLITE_OK) {
		log_error("sqlite error=\"%s\"", sqlite3_errmsg(db));
		return ZF_EDB;
	}
	return 0;
}

static int auto_register(sqlite3 *db, char **msg, const struct sqlite3_api_routines *api)
{
	ZF_UNUSED(msg);
	ZF_UNUSED(api);
	docs_sqlite_register(db);
	return SQLITE_OK; /* a connection without the search still serves everything else */
}

/* Every connection opened from now on gets the tokenizer, before the migrations that
 * create the search table run on it. This object is always linked: db_sqlite.c takes its
 * migration text from sqlite_docs.c, which references docs_fts_armed below. */
__attribute__((constructor)) static void arm(void)
{
	sqlite3_auto_extension((void (*)(void))auto_register);
}

const int docs_fts_armed = 1;

/* Migration 30: our index merges its segments 16 at a time instead of FTS5's default 4.
 * Every token of ours is written twice (the bigram and its 1-character prefix entry, which
 * one-character queries and a phrase's lone last character such as the 年 of 2024年 read),
 * so building it did twice the merging of a trigram index; with wider merges each entry is
 * rewritten about half as often (at 50,000 documents the rebuild fell from 7.7–9.0 s to
 * 5.8–6.0 s, level with the trigram index; bench/search.sh measures it at a million). A
 * query reads a few more segments; docs/search.md has the figures. PostgreSQL keeps its own
 * token arrays (docs_index.c): nothing to do there. */
const char schema_docs_merge[] = "{SQLITE}\n"
				 "INSERT INTO docs_fts (docs_fts, rank) VALUES ('automerge', 16);\n"
				 "{END}\n"
				 "{PG}\n"
				 "SELECT 1;\n"
				 "{END}\n";
