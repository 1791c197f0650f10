/* fee.h: the information processing fee (信息处理费) of 《政府信息公开信息处理费管理办法》
 * (国办函〔2020〕109号, spec/disclosure-rules.md §2). Two methods, both marginal-progressive
 * (超额累进); an agency picks one per request and may not charge both (Art. 3). Charging at all is
 * discretionary (条例 Art. 42). Amounts are whole yuan. Pure: no I/O. */
#ifndef ZF_FEE_H
#define ZF_FEE_H

#include "buf.h"

enum fee_method {
	FEE_PER_REQUEST, /* 按件计收 (Art. 4): by the request's rank in the applicant's month */
	FEE_PER_PAGE,	 /* 按量计收 (Art. 5): by the pages of this request */
};

/* Bounds on the input; larger counts are refused as typing errors. */
#define FEE_MAX_MONTHLY_COUNT 100000
#define FEE_MAX_PAGES	      10000000

struct fee_result {
	enum fee_method method;
	long count;		  /* the request's rank in the month, or the number of pages */
	int64_t amount_yuan;	  /* the fee of this request */
	int64_t month_total_yuan; /* per request: the month's requests 1..count together;
				     per page: equal to amount_yuan */
	bool free;		  /* amount_yuan is 0: below the threshold */
	char **lines;		  /* the arithmetic in Chinese, one line each (owned) */
	size_t nlines;
};

/* Computes the fee. `count` is the same applicant's running count of requests in the calendar
 * month including this one (FEE_PER_REQUEST), or this request's pages (FEE_PER_PAGE). On bad input
 * returns ZF_ERANGE/ZF_EINVAL with a Chinese reason in err (may be NULL) and leaves *out empty;
 * on success *out
 * is owned: free with fee_result_free. */
int fee_compute(enum fee_method method, long count, struct fee_result *out, struct buf *err);
void fee_result_free(struct fee_result *r);

/* The fee of the n-th request of an applicant's month (n >= 1), and of one request of p pages. */
int64_t fee_per_request(long n);
int64_t fee_per_page(long p);
/* "按件计收" / "按量计收" and "per_request" / "per_page" (static). */
const char *fee_method_label(enum fee_method method);
const char *fee_method_key(enum fee_method method);

#endif
