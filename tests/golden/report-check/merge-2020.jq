.format == "2019" and .year == 2020
and .members == ["003_44d6bdc10f146279.json", "004_7d9c962fed462d95.json"]
and .table3.rows.received_new == [276, 35, 0, 0, 0, 12, 323]
and .table3.rows.received_carried_over == [7, 0, 0, 0, 0, 0, 7]
and .table2.procurement.amount_wan_yuan == 388020.9
and ([.findings[] | select(.rule == "merge.incomplete") | .cells] == [["table3.received_carried_over.other"]])
