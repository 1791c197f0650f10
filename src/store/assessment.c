/* assessment.c: 考核 schemes and scores, training records, quarterly 通报 (placeholder; #15,
 * the assessment helper). */
#include "common.h"

extern const char schema_assessment[];

const char schema_assessment[] = "CREATE TABLE assessment_schemes (\n"
				 "  id {ID}\n"
				 ");\n";
