/* integrity_gate.c: the draft gate's overrides (placeholder; #14). */
#include "common.h"

const char schema_integrity_gate[] = "CREATE TABLE doc_check_overrides (\n"
				     "  id {ID}\n"
				     ");\n";
