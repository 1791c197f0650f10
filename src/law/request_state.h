/* request_state.h: the states of a request, in one table: the clock's state keys (what
 * clock_status.state holds and the store keeps beside each request), their Chinese labels,
 * and whether the request is closed in that state. Pure data. */
#ifndef ZF_LAW_REQUEST_STATE_H
#define ZF_LAW_REQUEST_STATE_H

#include <stdbool.h>
#include <stddef.h>

struct request_state {
	const char *key;   /* stable: stored in the database */
	const char *label; /* Chinese, as shown to clerks and applicants */
	bool closed;	   /* a final state: the request is 办结 */
};

/* Every state, the open ones first, in the order a clerk's filter lists them. */
extern const struct request_state request_states[];
extern const size_t request_nstates;

/* The state with this key, or NULL. */
const struct request_state *request_state_by_key(const char *key);

#endif
