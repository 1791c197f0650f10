/* consult.c: 意见征集 consultations and 在线访谈 interviews in the store (placeholder; #15,
 * the consultations helper). */
#include "common.h"

extern const char schema_consult[];

const char schema_consult[] = "CREATE TABLE consultations (\n"
			      "  id {ID}\n"
			      ");\n";
