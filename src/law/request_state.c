/* request_state.c: the one table of request states (see request_state.h). */
#include "common.h"
#include "law/request_state.h"

const struct request_state request_states[] = {
    {"processing", "办理中", false},
    {"awaiting_supplement", "待补正", false},
    {"consulting", "征求意见中", false},
    {"awaiting_fee", "待缴费", false},
    {"replied", "已答复", true},
    {"closed_no_supplement", "逾期未补正，终止办理", true},
    {"closed_fee_unpaid", "逾期未缴费，终止办理", true},
    {"withdrawn", "申请人已撤回", true},
};

const size_t request_nstates = ARRAY_SIZE(request_states);

const struct request_state *request_state_by_key(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_SIZE(request_states); i++)
		if (!strcmp(request_states[i].key, key))
			return &request_states[i];
	return NULL;
}
