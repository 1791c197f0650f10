.year == 2023 and .agency == "某某市人民政府" and .format == "2021" and (.table3.rows.results_total == [329, 4, 0, 0, 6, 0, 339]) and ([.findings[].rule] == ["merge.mixed_years"])
