// xapian_bench.cc: the Xapian reference of bench/search.sh (built by it with g++ against
// libxapian). Same corpus and queries as search_bench.c:
//   xapian_bench DIR TSV QUERIES REPS
// indexes TSV (id TAB text, PostgreSQL COPY text format) into a new database in DIR with
// TermGenerator in CJK n-gram mode (unigrams and bigrams of CJK runs, with positions), then
// runs each query of QUERIES (lines: length-class TAB query) REPS rounds through
// QueryParser in CJK n-gram mode, default operator AND, each time as a results page: the
// number of hits and the first 20 by relevance (BM25). The count is exact
// (checkatleast = every document), as our page's is; a second series asks only for
// Xapian's estimate (checkatleast = 0), which is how Xapian is usually run.
// Prints tab-separated lines for the script:
//   BUILD  engine  seconds  documents
//   ROW    class  engine  samples  p50-ms  p99-ms  mean-hits
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double now()
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
	    .count();
}

// Undoes COPY's text escapes (\\, \t, \n, \r).
static std::string unescape(const std::string &s)
{
	std::string out;
	out.reserve(s.size());
	for (size_t i = 0; i < s.size(); i++) {
		if (s[i] != '\\' || i + 1 == s.size()) {
			out += s[i];
			continue;
		}
		char c = s[++i];
		out += c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
	}
	return out;
}

struct series {
	std::vector<double> ms;
	long long hits = 0;
	double pct(double p)
	{
		std::sort(ms.begin(), ms.end());
		return ms[(size_t)(p * (double)(ms.size() - 1) + 0.5)];
	}
};

static void row(int cls, const char *engine, series &s)
{
	std::printf("ROW\t%d\t%s\t%zu\t%.2f\t%.2f\t%.0f\n", cls, engine, s.ms.size(), s.pct(0.5),
		    s.pct(0.99), (double)s.hits / (double)s.ms.size());
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		std::fprintf(stderr, "usage: xapian_bench DIR TSV QUERIES REPS\n");
		return 2;
	}
	const std::string dir = argv[1];
	int reps = std::atoi(argv[4]);
	try {
		long long n = 0;
		double t0 = now();
		{
			// no fsync, as the SQLite load runs with synchronous = OFF and PostgreSQL
			// with fsync = off
			Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE |
							     Xapian::DB_NO_SYNC);
			Xapian::TermGenerator tg;
			tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
			std::ifstream in(argv[2]);
			std::string line;
			while (std::getline(in, line)) {
				size_t tab = line.find('\t');
				if (tab == std::string::npos)
					continue;
				Xapian::Document doc;
				tg.set_document(doc);
				tg.index_text(unescape(line.substr(tab + 1)));
				db.replace_document((Xapian::docid)std::stoul(line.substr(0, tab)),
						    doc);
				if (++n % 100000 == 0)
					std::fprintf(stderr, "\r  xapian indexed %lld", n);
			}
			db.commit();
		}
		double t1 = now();
		std::fprintf(stderr, "\n");
		std::printf("BUILD\tXapian (CJK n-gram)\t%.3f\t%lld\n", t1 - t0, n);

		std::vector<std::pair<int, std::string>> queries;
		std::ifstream qf(argv[3]);
		std::string line;
		while (std::getline(qf, line)) {
			size_t tab = line.find('\t');
			if (tab != std::string::npos)
				queries.emplace_back(std::stoi(line.substr(0, tab)),
						     line.substr(tab + 1));
		}
		Xapian::Database db(dir);
		Xapian::doccount all = db.get_doccount();
		Xapian::QueryParser qp;
		qp.set_database(db);
		qp.set_default_op(Xapian::Query::OP_AND);
		const unsigned flags =
		    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
		int classes = 0;
		for (auto &q : queries)
			classes = std::max(classes, q.first + 1);
		for (int cls = 0; cls < classes; cls++) {
			series exact, estimate;
			for (int r = -1; r < reps; r++) { // round -1 warms the caches, untimed
				for (auto &q : queries) {
					if (q.first != cls)
						continue;
					for (int mode = 0; mode < 2; mode++) {
						double s0 = now();
						Xapian::Enquire enq(db);
						enq.set_query(qp.parse_query(q.second, flags));
						Xapian::MSet m =
						    enq.get_mset(0, 20, mode ? 0 : all);
						long long hits = m.get_matches_estimated();
						for (auto it = m.begin(); it != m.end(); ++it)
							(void)*it;
						double ms = (now() - s0) * 1e3;
						if (r < 0)
							continue;
						series &s = mode ? estimate : exact;
						s.ms.push_back(ms);
						s.hits += hits;
					}
				}
			}
			if (exact.ms.empty())
				continue;
			row(cls, "Xapian (CJK n-gram)", exact);
			row(cls, "Xapian 估计命中数", estimate);
		}
		if (std::getenv("BENCH_XAPIAN_SHOW"))
			for (auto &q : queries)
				std::fprintf(
				    stderr, "%s -> %s\n", q.second.c_str(),
				    qp.parse_query(q.second, flags).get_description().c_str());
	} catch (const Xapian::Error &e) {
		std::fprintf(stderr, "xapian: %s\n", e.get_description().c_str());
		return 1;
	}
	return 0;
}
