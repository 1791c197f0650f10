/* integrity_schema.c: the tables of the site-integrity area (placeholder; #14). */
#include "common.h"

const char schema_integrity[] = "CREATE TABLE integrity_rulesets (\n"
				"  id {ID}\n"
				");\n";
