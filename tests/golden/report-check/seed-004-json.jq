[.findings[] | select(.severity == "error")] as $e
| ($e | length) == 2
and ($e | all(.rule == "balance.column"))
and ([$e[].cells[]] | index("table3.received_new.natural_person") != null)
and ([$e[].cells[]] | index("table3.results_total.commercial") != null)
and ([$e[].cells[]] | index("table3.received_new.total") == null)
and ([.findings[] | select(.rule == "value.duplicate") | .cells] == [["table2.other_services.decisions", "table2.enforcement.decisions"]])
and .table2.enforcement.decisions == 643954
