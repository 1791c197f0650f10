.schema == "zfxxgk.report/1" and (.findings | length) == 3 and .table3.rows.results_total == [95, 9, 0, 0, 0, 0, 104]
